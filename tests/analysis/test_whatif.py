"""What-if analysis: the changes in words, the best-response flips behind them, the JSON."""

from __future__ import annotations

import json
import warnings
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from negotiation.cli.analysis_explain import explain, export, whatif
from negotiation.cli.main import Group

from negotiation.analysis.whatif import best_response_flips, compare
from negotiation.analysis.whatif import whatif as run_whatif
from negotiation.errors import GameError, ScenarioError
from negotiation.game import Game
from negotiation.scenario import RangeWarning, read_scenario
from negotiation.solvers import solve

DATA = Path(__file__).parent.parent / "data" / "scenarios"
STAG_HUNT = str(DATA / "stag-hunt.toml")

# A hand-made offensive: Russia's payoff from an Offensive falls with the cost of escalation,
# twice as fast when Turkey accommodates.  At cost 0 Offensive is dominant (4 > 1, 3 > 2) and
# Turkey's best response to it is Accommodate (1 > 0); at cost 5/2 it pays 4 - 5 = -1 and
# 3 - 5/2 = 1/2, so Hold is dominant (1 > -1, 2 > 1/2) and Turkey answers Counter-escalate
# (2 > 1).  Turkey's own payoffs do not change: it moves only because Russia does.
OFFENSIVE = """
[scenario]
id = "offensive-test"
title = "Offensive"

[parameters.cost]
value = 0
range = [0, 5]
unit = "utility"
description = "Cost of escalation to Russia."
source = "assumption"

[players.Russia.strategies]
Offensive = "Attack."
Hold = "Hold the line."

[players.Turkey.strategies]
Accommodate = "Let it happen."
Counter-escalate = "Send troops."

[payoffs.Offensive.Accommodate]
Russia = "4 - 2*cost"
Turkey = "1"
[payoffs.Offensive.Counter-escalate]
Russia = "3 - cost"
Turkey = "0"
[payoffs.Hold.Accommodate]
Russia = "1"
Turkey = "1"
[payoffs.Hold.Counter-escalate]
Russia = "2"
Turkey = "2"

[presets.sanctions]
description = "Sanctions raise the cost of escalation."
source = "assumption"
set = { cost = "5/2" }
"""


@pytest.fixture
def offensive(tmp_path: Path):
    path = tmp_path / "offensive.toml"
    path.write_text(OFFENSIVE)
    return read_scenario(path)


@pytest.fixture
def stag_hunt():
    return read_scenario(STAG_HUNT)


def cli_run(*args: str):
    return CliRunner().invoke(Group(commands=[whatif, explain, export]), list(args))


# -- words -------------------------------------------------------------------------------------


def test_unique_equilibria_compared_player_by_player(offensive) -> None:
    result = run_whatif(offensive, presets=["sanctions"])
    assert result.changes == (
        "Russia moves from Offensive to Hold; Turkey from Accommodate to Counter-escalate",
        "Equilibrium payoffs: Russia from 4 to 2; Turkey from 1 to 2",
    )
    assert result.reasons == (
        "Against Turkey: Accommodate, Russia's best response was Offensive (payoff 4 vs Hold 1); "
        "now Hold (1 vs Offensive -1)",
        "Against Turkey: Counter-escalate, Russia's best response was Offensive "
        "(payoff 3 vs Hold 2); now Hold (2 vs Offensive 1/2)",
    )


def test_flips_carry_exact_payoffs(offensive) -> None:
    result = run_whatif(offensive, overrides={"cost": "5/2"})
    flip = result.flips[1]
    assert (flip.player, flip.against, flip.before, flip.after) == (0, (1,), (0,), (1,))
    assert flip.baseline_payoffs == (Fraction(3), Fraction(2))
    assert flip.changed_payoffs == (Fraction(1, 2), Fraction(2))


def test_stag_hunt_equilibria_vanish_when_the_hare_beats_the_stag(stag_hunt) -> None:
    # stag=3, hare=7/2: against Stag, Hare (7/2) now beats Stag (3) for both hunters.
    result = run_whatif(stag_hunt, overrides={"stag": 3, "hare": "7/2"})
    assert result.changes == (
        "The number of equilibria goes from 3 to 1",
        "The equilibrium Alice: Stag; Bob: Stag vanishes",
        "The equilibrium Alice: 3/4 Stag + 1/4 Hare; Bob: 3/4 Stag + 1/4 Hare vanishes",
        "The equilibrium Alice: Hare; Bob: Hare remains "
        "(payoffs: Alice from 3 to 7/2; Bob from 3 to 7/2)",
    )
    assert result.reasons == (
        "Against Bob: Stag, Alice's best response was Stag (payoff 4 vs Hare 3); "
        "now Hare (7/2 vs Stag 3)",
        "Against Alice: Stag, Bob's best response was Stag (payoff 4 vs Hare 3); "
        "now Hare (7/2 vs Stag 3)",
    )


def test_new_equilibria_appear_from_a_changed_baseline(stag_hunt) -> None:
    result = run_whatif(
        stag_hunt, overrides={"stag": 4, "hare": 3}, base_overrides={"stag": 3, "hare": "7/2"}
    )
    assert result.changes[:3] == (
        "The number of equilibria goes from 1 to 3",
        "A new equilibrium appears: Alice: Stag; Bob: Stag",
        "A new equilibrium appears: Alice: 3/4 Stag + 1/4 Hare; Bob: 3/4 Stag + 1/4 Hare",
    )
    assert result.baseline_values == {"stag": Fraction(3), "hare": Fraction(7, 2)}


def test_mixed_equilibrium_shift_explained_by_indifference(stag_hunt) -> None:
    # rich-stag: stag 4 -> 8.  Alice is indifferent when 4q = 3 (q = 3/4), then 8q = 3 (3/8).
    result = run_whatif(stag_hunt, presets=["rich-stag"])
    assert result.changes[0] == (
        "The equilibrium Alice: 3/4 Stag + 1/4 Hare; Bob: 3/4 Stag + 1/4 Hare shifts to "
        "Alice: 3/8 Stag + 5/8 Hare; Bob: 3/8 Stag + 5/8 Hare"
    )
    assert result.flips == ()
    assert result.reasons[0] == (
        "No best response to a pure profile of the others changes, so the pure equilibria "
        "stay where they are"
    )
    assert result.reasons[1] == (
        "Bob mixes so that Alice is indifferent between Stag and Hare: at the baseline "
        "4q + 0(1-q) = 3q + 3(1-q) => q = 3/4; now 8q + 0(1-q) = 3q + 3(1-q) => q = 3/8, "
        "where q is the probability that Bob plays Stag"
    )


def test_nothing_changes(stag_hunt) -> None:
    result = run_whatif(stag_hunt, overrides={"hare": 3})
    assert result.changes == (
        "The equilibria are unchanged: Alice: Stag; Bob: Stag | Alice: Hare; Bob: Hare | "
        "Alice: 3/4 Stag + 1/4 Hare; Bob: 3/4 Stag + 1/4 Hare",
    )
    assert result.reasons == (
        "No best response changes: against every pure profile of the others, each player's "
        "best responses are the same at both values",
    )
    assert result.change_text() == "no parameter changes"


def test_unique_mixed_equilibrium_shifts() -> None:
    # Matching pennies, then Even's payoff at (H, H) rises from 1 to 3.  Odd's mix must keep
    # Even indifferent: 3q - 1(1-q) = -1q + 1(1-q), so 4q - 1 = 1 - 2q and q = 1/3.  Even's
    # mix depends only on Odd's payoffs and stays at 1/2; Even now gets 3/3 - 2/3 = 1/3.
    labels = [["H", "T"], ["H", "T"]]
    pennies = Game([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], ["Even", "Odd"], labels)
    richer = Game([[[3, -1], [-1, 1]], [[-1, 1], [1, -1]]], ["Even", "Odd"], labels)
    result = compare(pennies, richer)
    assert result.change_text() == "two versions of the game"
    assert result.changes == (
        "Odd moves from 1/2 H + 1/2 T to 1/3 H + 2/3 T; Even stays at 1/2 H + 1/2 T",
        "Equilibrium payoffs: Even from 0 to 1/3",
    )
    assert result.reasons == (
        # Matching pennies has no pure equilibrium: none can "stay where it is".
        "No best response to a pure profile of the others changes, so there is still no pure "
        "equilibrium",
        "Odd mixes so that Even is indifferent between H and T: at the baseline "
        "1q - 1(1-q) = -1q + 1(1-q) => q = 1/2; now 3q - 1(1-q) = -1q + 1(1-q) => q = 1/3, "
        "where q is the probability that Odd plays H",
    )


def test_a_tie_appears() -> None:
    labels = [["T", "B"], ["L", "R"]]
    before = Game([[[3, 0], [2, 1]], [[1, 0], [0, 1]]], ["Row", "Column"], labels)
    after = Game([[[2, 0], [2, 1]], [[1, 0], [0, 1]]], ["Row", "Column"], labels)
    (flip,) = best_response_flips(before, after)
    assert flip.describe(after) == (
        "Against Column: L, Row's best response was T (payoff 3 vs B 2); now T or B (tied at 2)"
    )


def test_three_players_name_every_opponent() -> None:
    # Player 3's payoff at (a, c, f) rises from 0 to 2: its best response to (a, c) flips.
    before = Game(
        [[[[0, 0], [0, 0]], [[0, 0], [0, 0]]]] * 2 + [[[[1, 0], [0, 0]], [[0, 0], [0, 0]]]],
        ["X", "Y", "Z"],
        [["a", "b"], ["c", "d"], ["e", "f"]],
    )
    after = Game(
        [[[[0, 0], [0, 0]], [[0, 0], [0, 0]]]] * 2 + [[[[1, 2], [0, 0]], [[0, 0], [0, 0]]]],
        ["X", "Y", "Z"],
        [["a", "b"], ["c", "d"], ["e", "f"]],
    )
    (flip,) = best_response_flips(before, after)
    assert flip.describe(after) == (
        "Against X: a and Y: c, Z's best response was e (payoff 1 vs f 0); now f (2 vs e 1)"
    )


def test_games_must_match() -> None:
    with pytest.raises(GameError, match="same players and strategies"):
        compare(Game([[[1]], [[1]]]), Game([[[1, 2]], [[1, 2]]]))


def test_unknown_preset_is_a_scenario_error(stag_hunt) -> None:
    with pytest.raises(ScenarioError, match="unknown preset 'rich-stg'"):
        run_whatif(stag_hunt, presets=["rich-stg"])


def test_change_wins_over_the_baseline(stag_hunt) -> None:
    result = run_whatif(stag_hunt, presets=["rich-stag"], base_overrides={"stag": 5})
    assert result.baseline_values["stag"] == 5
    assert result.changed_values["stag"] == 8
    assert result.change_text() == "stag from 5 to 8 (preset rich-stag)"


# -- JSON and displays -------------------------------------------------------------------------


def test_json_shape(offensive) -> None:
    result = run_whatif(offensive, presets=["sanctions"])
    data = json.loads(json.dumps(result.to_json()))
    assert set(data) == {
        "baseline",
        "changed",
        "changes",
        "reasons",
        "flips",
        "presets",
        "changed_parameters",
        "toolkit",
        "scenario",
        "file",
        "values",
        "baseline_values",
    }
    assert data["baseline"] == solve(offensive.game()).to_json()
    assert data["changed"]["equilibria"][0]["profile"] == {
        "Russia": {"Hold": "1"},
        "Turkey": {"Counter-escalate": "1"},
    }
    assert data["changes"] == list(result.changes)
    assert data["reasons"] == list(result.reasons)
    assert data["flips"][1]["changed_payoffs"] == {"Offensive": "1/2", "Hold": "2"}
    assert data["changed_parameters"] == {"cost": {"from": "0", "to": "5/2"}}
    assert data["scenario"] == "offensive-test"
    assert data["values"] == {"cost": "5/2"}
    assert data["baseline_values"] == {"cost": "0"}
    assert data["presets"] == ["sanctions"]


def test_text_report(offensive) -> None:
    text = run_whatif(offensive, presets=["sanctions"]).text()
    assert text.startswith("What if: cost from 0 to 5/2 (preset sanctions) (Offensive)\n")
    assert "\nBaseline:\n  Offensive: 1 Nash equilibrium (exact, vertex enumeration)\n" in text
    assert "\nWhat changes:\n  - Russia moves from Offensive to Hold;" in text
    assert "\nWhy:\n  - Against Turkey: Accommodate, Russia's best response was" in text


def test_notebook_displays(offensive) -> None:
    result = run_whatif(offensive, presets=["sanctions"])
    markdown = result._repr_markdown_()
    assert markdown.startswith("### What if: cost from 0 to 5/2 (preset sanctions)\n")
    assert "| 1 | Hold | Counter-escalate | 2, 2 |" in markdown
    html = result._repr_html_()
    assert "<h3>What if: cost from 0 to 5/2 (preset sanctions)</h3>" in html
    assert "Russia&#x27;s best response was Offensive" in html
    assert repr(result) == (
        "<WhatIfResult cost from 0 to 5/2 (preset sanctions): 1 -> 1 equilibria, "
        "2 best-response flips>"
    )


# -- the command -------------------------------------------------------------------------------


def test_command_text(offensive) -> None:
    result = cli_run("whatif", str(offensive.path), "--preset", "sanctions")
    assert result.exit_code == 0, result.output
    assert (
        "  - Against Turkey: Counter-escalate, Russia's best response was Offensive "
        "(payoff 3 vs Hold 2); now Hold (2 vs Offensive 1/2)\n"
    ) in result.output


def test_command_json_with_base_options() -> None:
    result = cli_run(
        "whatif",
        STAG_HUNT,
        "--base-set",
        "stag=3",
        "--base-set",
        "hare=7/2",
        "--set",
        "stag=4",
        "--set",
        "hare=3",
        "--json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["baseline_values"] == {"stag": "3", "hare": "7/2"}
    assert data["values"] == {"stag": "4", "hare": "3"}
    assert data["changes"][0] == "The number of equilibria goes from 1 to 3"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            (),
            "Error: nothing to change: give --preset NAME or --set NAME=VALUE\n",
            id="no_change",
        ),
        pytest.param(
            ("--set", "stg=3"),
            "unknown parameter 'stg' (did you mean 'stag'?)",
            id="unknown_parameter",
        ),
    ],
)
def test_command_errors(args: tuple[str, ...], message: str) -> None:
    result = cli_run("whatif", STAG_HUNT, *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_command_refuses_nfg(tmp_path: Path) -> None:
    result = cli_run("whatif", str(tmp_path / "game.nfg"), "--set", "x=1")
    assert result.exit_code == 2
    assert "a Gambit .nfg game has no parameters" in result.output


def test_help_teaches_with_an_example() -> None:
    result = cli_run("whatif", "--help")
    assert result.exit_code == 0
    assert "negotiation whatif stag-hunt --set stag=3 --set hare=7/2" in result.output


# -- bundled scenarios, when present -----------------------------------------------------------


def test_bundled_idlib_offensive_presets() -> None:
    from negotiation.scenario import bundled_scenarios

    bundled = bundled_scenarios()
    if "idlib-offensive" not in bundled:
        pytest.skip("payoffs/idlib-offensive.toml is not written yet")
    scenario = read_scenario(bundled["idlib-offensive"])
    for preset in scenario.presets:
        with warnings.catch_warnings():
            # Some presets are counterfactuals outside a parameter's plausible range, on purpose.
            warnings.simplefilter("ignore", RangeWarning)
            result = run_whatif(scenario, presets=[preset])
        json.dumps(result.to_json())
        assert result.changes
        assert result.reasons
