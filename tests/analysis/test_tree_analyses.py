"""The analyses on the bundled classic trees, through the API and the command line.

Expected answers are the textbooks' (cited in each scenario file) or derived by hand in the
comments.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

from negotiation import load
from negotiation.model import Claim
from negotiation.scenario import read_scenario

PROVENANCE = {"toolkit", "scenario", "file", "values"}


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def spe_paths(result) -> list[str]:
    return [item.words() for item in result.subgame_perfect.equilibria]


# -- the API -------------------------------------------------------------------------------------


def test_centipede_unravels_to_a_stop_at_once() -> None:
    scenario = load("centipede")
    assert spe_paths(scenario.solve()) == ["Ann: Stop"]
    # Players who would rather let the pot grow (lead < 0) pass to the end.
    assert spe_paths(scenario.solve("altruists")) == [
        "Ann: Continue; Bob: Continue; Ann: Continue; Bob: Continue"
    ]
    assert [str(item.value) for item in scenario.thresholds("lead").thresholds] == ["0"]
    assert scenario.check().all_hold


def test_ultimatum_has_two_equilibria_with_a_selfish_responder() -> None:
    # Osborne (2004), section 6.1: the responder is indifferent after an offer of 0.
    assert spe_paths(load("ultimatum").solve()) == [
        "Proposer: Offer 0; Responder: Accept",
        "Proposer: Offer 1; Responder: Accept",
    ]


def test_entry_deterrence_tree_marks_the_incredible_threat() -> None:
    result = load("entry-deterrence-tree").solve()
    assert spe_paths(result) == ["Entrant: Enter; Incumbent: Accommodate"]
    described = [item.describe(result.nash.game) for item in result.equilibria]
    assert described[1] == "Entrant: Stay out; Incumbent: Fight"
    assert result.credible == (True, False, False)


def test_whatif_names_the_node_where_the_choice_flips() -> None:
    change = load("entry-deterrence-tree").whatif(incumbent_war=3)
    assert change.reasons[0] == (
        "at Incumbent's node after Enter, Fight now pays Incumbent 3 against Accommodate's 2 "
        "(before: Accommodate pays Incumbent 2 against Fight's 0)"
    )
    assert change.changes[0] == (
        "The subgame-perfect path moves from Entrant: Enter; Incumbent: Accommodate to "
        "Entrant: Stay out"
    )


def test_explain_steps_backward_from_the_last_move() -> None:
    explanation = load("centipede").explain()
    texts = explanation.texts()
    assert texts[0] == (
        "Bob's node after Continue > Continue > Continue: Stop pays 5, Continue pays 4 to Bob, "
        "so Bob plays Stop."
    )
    assert texts[-1].startswith("Ann's node at the root: Stop pays 2, Continue pays 1")


def test_export_latex_draws_the_tree_and_efg_round_trips() -> None:
    from negotiation.extensive.efg import parse_efg

    scenario = load("entry-deterrence-tree")
    latex = scenario.export("latex")
    assert r"\istroot(n1)(n0-1)+15mm..12mm+{Incumbent}" in latex
    assert r"\istb{\textbf{Accommodate}}[ar]{$(2, 2)$}" in latex
    assert parse_efg(scenario.export("efg")) == scenario.tree()


def test_sweep_gives_each_point_its_outcome() -> None:
    result = load("entry-deterrence-tree").sweep(incumbent_war=(-2, 3, 5))
    assert [point.outcome for point in result.points] == [
        "Entrant: Enter; Incumbent: Accommodate"
    ] * 4 + [
        # incumbent_war = 2 ties with sharing the market: both equilibria
        "Entrant: Stay out | Entrant: Enter; Incumbent: Accommodate",
        "Entrant: Stay out",
    ]


def test_robustness_applies_a_claims_preset_over_every_draw() -> None:
    result = load("entry-deterrence-tree").robustness(2000, seed=3)
    (tough,) = [item for item in result.claims if item.claim.presets == ("tough-incumbent",)]
    assert tough.proportion.share == 1.0  # incumbent_war = 3 in every draw
    assert sum(item.proportion.share for item in result.outcomes) == pytest.approx(1.0)


# -- what a claim on a tree means ----------------------------------------------------------------

CHANCE_TREE = """
[scenario]
id = "chance"
title = "Chance first"
form = "extensive"

[parameters.p]
value = "1/2"
range = [0, 1]
unit = "probability"
description = "d"
source = "s"

[players.Ann]

[tree]
chance = true
probabilities = { Left = "p", Right = "1 - p" }

[tree.Left]
player = "Ann"
Go = { payoffs = { Ann = "1" } }
Stay = { payoffs = { Ann = "0" } }

[tree.Right]
player = "Ann"
Go = { payoffs = { Ann = "0" } }
Stay = { payoffs = { Ann = "1" } }
"""


@pytest.mark.parametrize(
    ("on", "at", "quantifier", "p", "expected"),
    [
        # Ann goes after Left only: play includes Go with probability p.
        pytest.param("path", (), "every", "1/2", False, id="path_half"),
        pytest.param("path", (), "none", "1/2", False, id="path_none_half"),
        pytest.param("path", (), "every", "1", True, id="path_for_sure"),
        pytest.param("path", (), "none", "0", True, id="path_never"),
        pytest.param("node", ("Right",), "no", "1", True, id="node_off_path"),
        pytest.param("node", ("Left",), "every", "0", True, id="node_off_path_still_chosen"),
    ],
)
def test_claims_about_paths_and_nodes(tmp_path: Path, on, at, quantifier, p, expected) -> None:
    path = tmp_path / "chance.toml"
    path.write_text(CHANCE_TREE)
    scenario = read_scenario(path)
    claim = Claim("", "", "Ann", "Go", quantifier, on=on, at=at)
    result = scenario.model.solve_at(scenario.values((), {"p": p}))
    assert scenario.model.claim_holds(claim, result) is expected


def test_batch_verdicts_equal_exact_ones_on_a_grid(tmp_path: Path) -> None:
    path = tmp_path / "chance.toml"
    path.write_text(CHANCE_TREE)
    model = read_scenario(path).model
    points = [{"p": Fraction(k, 20)} for k in range(21)]
    for on, at in (("path", ()), ("node", ("Left",))):
        for quantifier in ("every", "some", "no", "none"):
            claim = Claim("", "", "Ann", "Go", quantifier, on=on, at=at)
            exact = [model.claim_holds(claim, model.solve_at(point)) for point in points]
            assert model.claim_verdicts(claim, points) == exact, (on, quantifier)


# -- the command line ----------------------------------------------------------------------------


def test_solve_json_has_both_kinds_of_equilibria_and_provenance() -> None:
    result = run("solve", "entry-deterrence-tree", "--set", "incumbent_war=1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"equilibria", "subgame_perfect", "form"} | PROVENANCE <= set(data)
    assert data["values"]["incumbent_war"] == "1"
    assert data["subgame_perfect"][0]["path"][1] == {
        "node": ["Enter"],
        "player": "Incumbent",
        "action": "Accommodate",
        "probability": "1",
    }


def test_check_exit_codes(tmp_path: Path) -> None:
    assert run("check", "centipede").exit_code == 0
    text = (Path(load("centipede").path)).read_text()
    failing = tmp_path / "centipede.toml"
    failing.write_text(text.replace('action = "Stop"\nin = "every"', 'action = "Stop"\nin = "no"'))
    result = run("check", str(failing))
    assert result.exit_code == 1
    assert re.search(
        r"^\[FAILS 0\.0% .*< 90%\] Backward induction: the first mover stops at once\.$",
        result.output,
        flags=re.M,
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        pytest.param(["thresholds", "ultimatum", "alpha"], "alpha = 1/2", id="thresholds"),
        pytest.param(
            ["whatif", "ultimatum", "--preset", "inequity-averse"],
            "at Proposer's node at the root, Offer 2 now pays Proposer 2",
            id="whatif",
        ),
        pytest.param(["explain", "ultimatum"], "Backward induction on Ultimatum", id="explain"),
        pytest.param(
            ["show", "ultimatum", "--symbolic"],
            "Accept -> payoffs Proposer pie - 1, Responder 1 - alpha * (pie - 2)",
            id="show",
        ),
        pytest.param(["export", "ultimatum", "--format", "latex"], r"\begin{istgame}", id="tex"),
        pytest.param(["sweep", "ultimatum", "alpha=0:1:4"], "alpha = 1/4: B", id="sweep"),
        pytest.param(
            ["robustness", "ultimatum", "--samples", "300"], "Equilibrium outcomes", id="robust"
        ),
    ],
)
def test_every_command_runs_on_a_tree(args: list[str], expected: str) -> None:
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert expected in result.output


def test_a_bad_chance_probability_is_one_error_line(tmp_path: Path) -> None:
    path = tmp_path / "chance.toml"
    path.write_text(CHANCE_TREE.replace('Right = "1 - p"', 'Right = "1 - p / 2"'))
    result = run("solve", str(path))
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"Error: {path} [tree]: the probabilities add up to 5/4, not 1 at p=1/2"
    )
