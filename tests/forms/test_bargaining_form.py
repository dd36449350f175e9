"""The bargaining form: reading, solving, claims and every command on the classic bargains.

Expected values are exact and derived by hand: Fearon (1995), with p = 3/5, c_A = 1/10,
c_B = 3/20, the range of A's share is [p - c_A, p + c_B] = [1/2, 3/4]; the Nash solution on a
pie with war payoffs (1/2, 1/4) splits the surplus 1/4 equally, A 5/8; Rubinstein (1982)
gives the first proposer (1 - d2)/(1 - d1 d2).
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

CLASSIC = Path(__file__).parents[2] / "payoffs" / "classic"
FEARON = str(CLASSIC / "fearon.toml")
RUBINSTEIN = str(CLASSIC / "rubinstein.toml")

HEAD = """
[scenario]
id = "bargain"
title = "Bargain"
form = "bargaining"

[parameters.p]
value = 0.6
range = [0, 1]
unit = "probability"
description = "win chance"
source = "s"
"""

GOOD = """
[bargaining]
players = ["A", "B"]
[bargaining.war]
p = "p"
cost = { A = "1/10", B = "3/20" }
"""


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "bargain.toml"
    path.write_text(HEAD + body)
    return path


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_reads_a_war_bargain(tmp_path: Path) -> None:
    model = read_scenario(write(tmp_path, GOOD))
    assert model.form == "bargaining"
    bargain = model.model.game()
    assert bargain.disagreement == (Fraction(1, 2), Fraction(1, 4))


@pytest.mark.parametrize(
    ("body", "key"),
    [
        pytest.param("[bargaining]\nplayers = ['A']\n", "bargaining.players", id="one_player"),
        pytest.param("[bargaining]\nplayers = ['A', 'A']\n", "bargaining.players", id="same"),
        pytest.param("[bargaining]\nplayers = ['A', 'B']\n", "bargaining", id="no_war"),
        pytest.param(
            GOOD + "[bargaining.disagreement]\nA = 0\nB = 0\n", "bargaining", id="both_points"
        ),
        pytest.param(
            GOOD.replace('B = "3/20"', 'C = "3/20"'), "bargaining.war.cost", id="cost_player"
        ),
        pytest.param(GOOD.replace('p = "p"', 'p = "q"'), "bargaining.war.p", id="unknown_name"),
        pytest.param(GOOD + "[bargaining.outcomes]\n", "bargaining.outcomes", id="no_outcomes"),
        pytest.param(
            GOOD + "[bargaining.alternating_offers]\nfirst = 'C'\n",
            "bargaining.alternating_offers.first",
            id="first",
        ),
        pytest.param(
            GOOD + "[bargaining.alternating_offers]\npatience = 1\n",
            "bargaining.alternating_offers",
            id="offers_key",
        ),
        pytest.param(
            GOOD + "[[claims]]\ntext='t'\nsource='s'\nsolution='nahs'\nrange='empty'\n",
            "claims[0].solution",
            id="claim_solution",
        ),
        pytest.param(
            GOOD + "[[claims]]\ntext='t'\nsource='s'\nsolution='nash'\nabove=0.5\n",
            "claims[0]",
            id="claim_no_player",
        ),
        pytest.param(
            GOOD + "[[claims]]\ntext='t'\nsource='s'\nsolution='fearon_range'\nrange='full'\n",
            "claims[0].range",
            id="claim_range",
        ),
    ],
)
def test_malformed_files_name_the_key(tmp_path: Path, body: str, key: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(ScenarioError) as error:
        read_scenario(path)
    assert error.value.key == key
    assert str(path) in str(error.value)


def test_bad_value_at_solve_names_the_section(tmp_path: Path) -> None:
    body = GOOD + "[bargaining.alternating_offers]\ndiscount = { A = 2 }\n"
    model = read_scenario(write(tmp_path, body))
    with pytest.raises(ScenarioError, match="discount factors"):
        model.solve()


def test_fearon_solve_json_exact() -> None:
    result = run("solve", FEARON, "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["solutions"]["fearon_range"] == ["1/2", "3/4"]
    assert data["solutions"]["nash"] == {"A": "5/8", "B": "3/8"}
    assert data["solutions"]["kalai_smorodinsky"] == {"A": "5/8", "B": "3/8"}
    assert data["scenario"] == "fearon"
    assert {"toolkit", "file", "values"} <= set(data)


def test_fearon_range_empty_is_null(tmp_path: Path) -> None:
    # Negative costs: war pays more than the good, so no split beats it (Fearon 1995).
    body = GOOD.replace('cost = { A = "1/10", B = "3/20" }', 'cost = { A = "-1/10", B = "-1/10" }')
    result = run("solve", str(write(tmp_path, body)), "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["solutions"]["fearon_range"] is None


@pytest.mark.parametrize(("d1", "d2"), [("9/10", "9/10"), ("1/2", "3/4"), ("99/100", "1/2")])
def test_rubinstein_share(d1: str, d2: str) -> None:
    result = run("solve", RUBINSTEIN, "--set", f"delta_1={d1}", "--set", f"delta_2={d2}", "--json")
    assert result.exit_code == 0
    shares = json.loads(result.output)["solutions"]["rubinstein"]
    first = (1 - Fraction(d2)) / (1 - Fraction(d1) * Fraction(d2))  # Rubinstein (1982)
    assert shares == {"Player 1": str(first), "Player 2": str(1 - first)}


def test_text_solve() -> None:
    result = run("solve", FEARON)
    assert result.exit_code == 0
    assert "Fearon range        1/2 to 3/4" in result.output


@pytest.mark.parametrize("scenario", [FEARON, RUBINSTEIN])
def test_check_passes(scenario: str) -> None:
    result = run("check", scenario, "--samples", "300")
    assert result.exit_code == 0, result.output


def test_check_fails_on_a_false_claim(tmp_path: Path) -> None:
    body = GOOD + ("[[claims]]\ntext='t'\nsource='s'\nsolution='fearon_range'\nrange='empty'\n")
    result = run("check", str(write(tmp_path, body)), "--samples", "50")
    assert result.exit_code == 1


def test_thresholds_agree_with_solving_either_side() -> None:
    scenario = load_scenario(FEARON)
    found = scenario.thresholds("c_a")
    assert [t.value for t in found.thresholds] == [Fraction(3, 20)]  # Nash share p + (c_b-c_a)/2
    for threshold in found.thresholds:
        below = scenario.solve(c_a=threshold.value - Fraction(1, 1000)).nash[0]
        above = scenario.solve(c_a=threshold.value + Fraction(1, 1000)).nash[0]
        assert below > Fraction(3, 5) > above


def test_rubinstein_threshold_is_exact() -> None:
    # (1 - 9/10)/(1 - 9/10 d1) = 1/2 at d1 = 8/9 (negotiation.crossings' example)
    found = load_scenario(RUBINSTEIN).thresholds("delta_1")
    assert [t.value for t in found.thresholds] == [Fraction(8, 9)]
    result = run("thresholds", RUBINSTEIN, "delta_1", "--json")
    assert result.exit_code == 0
    assert json.loads(result.output)["thresholds"][0]["value"] == "8/9"


def test_whatif_lists_what_changed() -> None:
    change = load_scenario(FEARON).whatif(c_a="1/5")
    assert ("fearon_range", "[1/2, 3/4]", "[2/5, 3/4]") in change.changes
    result = run("whatif", FEARON, "--set", "c_a=1/5", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["after"]["solutions"]["nash"] == {"A": "23/40", "B": "17/40"}


def test_sweep_csv(tmp_path: Path) -> None:
    out = tmp_path / "sweep.csv"
    result = run("sweep", FEARON, "c_a=0:1/5:2", "--csv", str(out))
    assert result.exit_code == 0
    lines = out.read_text().splitlines()
    assert lines[0].startswith("c_a,fearon_range,rubinstein.A")
    assert lines[2].startswith('1/10,"[1/2, 3/4]"')


def test_explain_shows_the_derivation() -> None:
    result = run("explain", FEARON)
    assert result.exit_code == 0
    assert "4. So x in [p - c_A, p + c_B] = [1/2, 3/4]" in result.output
    assert "5/8" in load_scenario(FEARON).explain().text()


def test_export_json() -> None:
    result = run("export", FEARON, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["solutions"]["fearon_range"] == ["1/2", "3/4"]
    assert data["disagreement"] == {"A": "1/2", "B": "1/4"}
    assert run("export", FEARON, "--format", "nfg").exit_code == 2


def test_show() -> None:
    result = run("show", FEARON)
    assert result.exit_code == 0
    assert "disagreement payoffs: A 1/2, B 1/4" in result.output
    data = json.loads(run("show", FEARON, "--json").output)
    assert data["war"] == {"p": "p", "cost": {"A": "c_a", "B": "c_b"}}


OUTCOMES = """
[parameters.c]
value = 0.2
range = [0, 1]
unit = "u"
description = "Turkey's war payoff, plus 1/2"
source = "s"

[bargaining]
players = ["Russia", "Turkey"]
[bargaining.disagreement]
Russia = "0.2"
Turkey = "c - 1/2"
[bargaining.outcomes]
"Sochi lines" = { Russia = "0.3", Turkey = "1" }
"frozen front" = { Russia = "0.8", Turkey = "0.6" }
"reconquest" = { Russia = 1, Turkey = 0 }
"""


def test_nash_leaves_a_vertex_at_an_exact_threshold(tmp_path: Path) -> None:
    """Named agreements: the Nash solution sits on the frozen front until Turkey's war payoff
    pulls it along the edge toward the Sochi lines.  On that edge Turkey = 1 - 4/5 (x - 3/10);
    the product (x - 1/5)(Turkey - c + 1/2) is maximal at the vertex x = 4/5 while its
    derivative there is >= 0: 3/5 - c + 1/2 - 4/5 (3/5) >= 0, i.e. c <= 31/50."""
    scenario = read_scenario(write(tmp_path, OUTCOMES))
    found = scenario.thresholds("c")
    assert [t.value for t in found.thresholds] == [Fraction(31, 50)]
    assert "vertex" in found.thresholds[0].what
    assert scenario.solve(c=Fraction(3, 5)).nash == (Fraction(4, 5), Fraction(3, 5))
    assert scenario.solve(c=Fraction(16, 25)).nash[0] < Fraction(4, 5)
