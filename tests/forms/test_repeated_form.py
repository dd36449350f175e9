"""The repeated form: a normal-form stage game and [repeated]; solving, claims and commands.

Expected values: grim trigger sustains mutual cooperation in the prisoners' dilemma exactly
when delta >= (T - R)/(T - P) (Friedman 1971; Gibbons 1992, section 2.3.B): 1/2 at
Axelrod's T, R, P, S = 5, 3, 1, 0.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

from negotiation.errors import ScenarioError
from negotiation.scenario import load_scenario, read_scenario

PD = str(Path(__file__).parents[2] / "payoffs" / "classic" / "repeated-prisoners-dilemma.toml")

STAGE = """
[scenario]
id = "ceasefire"
title = "Ceasefire"
form = "repeated"

[parameters.delta]
value = 0.9
range = [0.1, 0.99]
unit = "discount factor"
description = "patience"
source = "s"

[players.Row.strategies]
Hold = "h"
Break = "b"
[players.Column.strategies]
Hold = "h"
Break = "b"
[payoffs.Hold.Hold]
Row = 3
Column = 3
[payoffs.Hold.Break]
Row = 0
Column = 5
[payoffs.Break.Hold]
Row = 5
Column = 0
[payoffs.Break.Break]
Row = 1
Column = 1
"""

GOOD = """
[repeated]
delta = "delta"
target = { Row = "Hold", Column = "Hold" }
"""


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "ceasefire.toml"
    path.write_text(STAGE + body)
    return path


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_reads_the_stage_game_as_a_normal_form(tmp_path: Path) -> None:
    model = read_scenario(write(tmp_path, GOOD)).model
    game = model.game()
    assert game.delta == Fraction(9, 10)
    assert game.target == (0, 0)
    assert game.stage.strategies == (("Hold", "Break"), ("Hold", "Break"))


@pytest.mark.parametrize(
    ("body", "key"),
    [
        pytest.param("", "file", id="no_repeated"),
        pytest.param("[repeated]\ndelta = 'delta'\n", "repeated", id="no_target"),
        pytest.param(
            GOOD.replace('Column = "Hold" }', 'Column = "Fold" }'),
            "repeated.target.Column",
            id="unknown_strategy",
        ),
        pytest.param(GOOD.replace('"delta"', '"dleta"'), "repeated.delta", id="unknown_name"),
        pytest.param(GOOD + "rounds = 0\n", "repeated.rounds", id="rounds"),
        pytest.param(GOOD + "monitoring = { unsen = 0.1 }\n", "repeated.monitoring", id="noise"),
        pytest.param(GOOD + "horizon = 3\n", "repeated", id="unknown_key"),
        pytest.param(
            GOOD + "[[claims]]\ntext='t'\nsource='s'\nsustained='yes'\n",
            "claims[0].sustained",
            id="claim_sustained",
        ),
        pytest.param(
            GOOD + "[[claims]]\ntext='t'\nsource='s'\ncritical='grim'\nbelow=1\n",
            "claims[0].critical",
            id="claim_strategy",
        ),
        pytest.param(
            GOOD + "[[claims]]\ntext='t'\nsource='s'\ncritical='grim_trigger_noisy'\nbelow=1\n",
            "claims[0].critical",
            id="claim_noisy_without_monitoring",
        ),
    ],
)
def test_malformed_files_name_the_key(tmp_path: Path, body: str, key: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(ScenarioError) as error:
        read_scenario(path)
    assert error.value.key == key
    assert str(path) in str(error.value)


@pytest.mark.parametrize(
    ("T", "R", "P"), [("5", "3", "1"), ("8", "3", "1/2"), ("4", "39/10", "19/10")]
)
def test_grim_trigger_critical_delta(T: str, R: str, P: str) -> None:
    result = run("solve", PD, "--set", f"T={T}", "--set", f"R={R}", "--set", f"P={P}", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    expected = (Fraction(T) - Fraction(R)) / (Fraction(T) - Fraction(P))
    assert data["critical_delta"]["grim_trigger"] == str(expected)
    assert {"toolkit", "scenario", "file", "values"} <= set(data)


def test_noisy_monitoring_adds_its_critical_delta(tmp_path: Path) -> None:
    body = GOOD + "monitoring = { unseen = 0.1, false_alarm = 0.05 }\n"
    data = read_scenario(write(tmp_path, body)).solve().to_json()
    assert "grim_trigger_noisy" in data["critical_delta"]


def test_text_solve() -> None:
    result = run("solve", PD)
    assert result.exit_code == 0
    assert "grim trigger  1/2" in result.output


def test_check_passes() -> None:
    assert run("check", PD, "--samples", "300").exit_code == 0


def test_check_fails_on_a_false_claim(tmp_path: Path) -> None:
    body = GOOD + "[[claims]]\ntext='t'\nsource='s'\ncritical='grim_trigger'\nbelow=0.4\n"
    assert run("check", str(write(tmp_path, body)), "--samples", "50").exit_code == 1


def test_thresholds_agree_with_solving_either_side() -> None:
    scenario = load_scenario(PD)
    found = scenario.thresholds("delta")
    assert [t.value for t in found.thresholds] == [Fraction(1, 2)]
    below = scenario.solve(delta=Fraction(49, 100))
    above = scenario.solve(delta=Fraction(51, 100))
    assert below.to_json()["sustained_now"]["grim_trigger"] is False
    assert above.to_json()["sustained_now"]["grim_trigger"] is True
    # T at which (T - 3)/(T - 1) = 9/10: T = 21, outside [4, 8], so none
    assert scenario.thresholds("T").thresholds == ()


def test_whatif_and_sweep_and_explain_and_export(tmp_path: Path) -> None:
    change = load_scenario(PD).whatif(delta="3/10")
    assert ("sustained_now.grim_trigger", "yes", "no") in change.changes
    result = run("whatif", PD, "--set", "delta=0.3")
    assert result.exit_code == 0
    assert "sustained_now.grim_trigger: yes -> no" in result.output
    out = tmp_path / "sweep.csv"
    assert run("sweep", PD, "T=4:8:2", "--csv", str(out)).exit_code == 0
    rows = out.read_text().splitlines()
    assert rows[0].startswith("T,critical_delta.grim_trigger")
    assert rows[2].startswith("6,3/5")  # (6 - 3)/(6 - 1)
    explained = run("explain", PD)
    assert explained.exit_code == 0
    assert "delta >= (5 - 3) / (5 - 1) = 1/2" in explained.output
    exported = json.loads(run("export", PD, "--format", "json").output)
    assert exported["critical_delta"]["grim_trigger"] == "1/2"
    assert exported["repeated"]["target"] == {"Row": "Cooperate", "Column": "Cooperate"}
    assert "NFG 1 R" in run("export", PD, "--format", "nfg").output


def test_show() -> None:
    result = run("show", PD)
    assert result.exit_code == 0
    assert "target: (Cooperate, Cooperate)" in result.output


def test_fast_verdicts_agree_with_full_solves() -> None:
    """The grim-trigger shortcut of `RepeatedModel.claim_verdicts` judges each draw as
    `claim_holds` does on the full solve."""
    from negotiation.robustness import draw_points

    model = load_scenario(PD).model
    draws = draw_points(model, 40, seed=3)
    points = [
        {**model.baseline(), **{name: Fraction(float(array[k])) for name, array in draws.items()}}
        for k in range(40)
    ]
    for claim in model.claims:
        fast = model.claim_verdicts(claim, points)
        assert fast == [model.claim_holds(claim, model.solve_at(point)) for point in points]


def test_report_refuses_cleanly(tmp_path: Path) -> None:
    """The HTML report stays matrix-only (robustness works: test_robustness_forms.py)."""
    result = run("report", PD, "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 2
    assert "not yet for form" in result.output
    learned = run("learn", PD)
    assert learned.exit_code == 2
    assert "not a repeated scenario" in learned.output
