"""Explanations: best responses marked, dominance steps, and why each equilibrium is one."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from negotiation.cli.analysis_explain import explain, export, whatif
from negotiation.cli.main import Group

from negotiation.analysis.explain import explain as explain_game
from negotiation.analysis.explain import indifferences
from negotiation.game import Game
from negotiation.results import Equilibrium, SolveResult

STAG_HUNT = str(Path(__file__).parent.parent / "data" / "scenarios" / "stag-hunt.toml")

# Gibbons, A Primer in Game Theory (1992), section 1.3.B: Chris (rows) and Pat (columns).
BATTLE = Game(
    [[[2, 0], [0, 1]], [[1, 0], [0, 2]]],
    ["Chris", "Pat"],
    [["Opera", "Fight"], ["Opera", "Fight"]],
    "Battle of the sexes",
)
# Gibbons (1992), section 1.1.A, years in jail as negative payoffs.
PRISONERS = Game(
    [[[-1, -9], [0, -6]], [[-1, 0], [-9, -6]]],
    ["Prisoner 1", "Prisoner 2"],
    [["Mum", "Fink"], ["Mum", "Fink"]],
    "Prisoners' dilemma",
)


def cli_run(*args: str):
    return CliRunner().invoke(Group(commands=[whatif, explain, export]), list(args))


def test_battle_of_the_sexes_indifference_equations() -> None:
    # By hand (Gibbons 1.3.B): Pat plays Opera with probability q.  Chris's Opera pays
    # 2q + 0(1-q), Fight 0q + 1(1-q); equal when 2q = 1 - q, so q = 1/3.  Chris plays Opera
    # with p: Pat's Opera pays 1p + 0(1-p), Fight 0p + 2(1-p); equal when p = 2 - 2p, p = 2/3.
    explanation = explain_game(BATTLE)
    mixed = explanation.equilibria[2]
    assert mixed.equilibrium.profile == (
        (Fraction(2, 3), Fraction(1, 3)),
        (Fraction(1, 3), Fraction(2, 3)),
    )
    assert mixed.reasons == (
        "Pat mixes so that Chris is indifferent between Opera and Fight: "
        "2q + 0(1-q) = 0q + 1(1-q) => q = 1/3, where q is the probability that Pat plays Opera",
        "Chris mixes so that Pat is indifferent between Opera and Fight: "
        "1p + 0(1-p) = 0p + 2(1-p) => p = 2/3, where p is the probability that Chris plays "
        "Opera",
    )
    assert [item.solved for item in mixed.indifferences] == [True, True]
    # Chris's expected payoff at the equilibrium: 2 * 1/3 = 1 * 2/3 = 2/3.
    assert mixed.indifferences[0].value == Fraction(2, 3)


def test_best_responses_marked_in_the_matrix() -> None:
    assert explain_game(BATTLE).matrix_text() == (
        "  Chris \\ Pat  Opera   Fight\n"
        "  -----------  ------  ------\n"
        "  Opera        2*, 1*  0, 0\n"
        "  Fight        0, 0    1*, 2*"
    )


def test_best_response_masks() -> None:
    masks = explain_game(PRISONERS).best_responses
    # Fink is dominant: each prisoner's best response is Fink whatever the other does.
    np.testing.assert_array_equal(masks[0], [[False, False], [True, True]])
    np.testing.assert_array_equal(masks[1], [[False, True], [False, True]])


def test_pure_equilibrium_reasons_compare_payoffs() -> None:
    (only,) = explain_game(PRISONERS).equilibria
    assert only.reasons == (
        "Against Prisoner 2: Fink, Prisoner 1's best response is Fink (payoff -6 vs Mum -9)",
        "Against Prisoner 1: Fink, Prisoner 2's best response is Fink (payoff -6 vs Mum -9)",
    )
    assert only.indifferences == ()


def test_negative_coefficients_in_equations() -> None:
    # Matching pennies: 1q - 1(1-q) = -1q + 1(1-q) gives 2q - 1 = 1 - 2q, q = 1/2.
    pennies = Game([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], ["Even", "Odd"], [["H", "T"]] * 2)
    (item,) = explain_game(pennies).equilibria
    assert item.indifferences[0].equations == ("1q - 1(1-q) = -1q + 1(1-q)",)
    assert item.indifferences[0].solution == "q = 1/2"


def test_fraction_coefficients_in_equations() -> None:
    # Row: T pays 1/2 against L, 0 against R; B pays 0 and 1.  1/2 q = 1 - q, q = 2/3.
    game = Game(
        [[[Fraction(1, 2), 0], [0, 1]], [[0, 1], [1, 0]]],
        ["Row", "Column"],
        [["T", "B"], ["L", "R"]],
    )
    (item,) = explain_game(game).equilibria
    assert item.indifferences[0].equations == ("(1/2)q + 0(1-q) = 0q + 1(1-q)",)
    assert item.indifferences[0].solution == "q = 2/3"


def test_three_strategy_support_uses_numbered_unknowns() -> None:
    # Rock, paper, scissors: the unique equilibrium mixes uniformly.
    rps = Game(
        [[[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]],
        ["Ann", "Bob"],
        [["R", "P", "S"]] * 2,
    )
    (item,) = explain_game(rps).equilibria
    first = item.indifferences[0]
    assert first.equations == (
        "0q1 - 1q2 + 1(1-q1-q2) = 1q1 + 0q2 - 1(1-q1-q2)",
        "0q1 - 1q2 + 1(1-q1-q2) = -1q1 + 1q2 + 0(1-q1-q2)",
    )
    assert first.solution == "q1 = 1/3, q2 = 1/3"
    assert first.variables == ("q1, q2 are the probabilities that Bob plays R and P",)


def test_player_pure_while_the_other_mixes() -> None:
    # T is dominant for Row; against T, Column is indifferent between L and R (1 each) and X
    # pays 0, so T with any mix of L and R is an equilibrium.
    game = Game(
        [[[2, 2, 2], [1, 1, 1]], [[1, 1, 0], [0, 0, 1]]],
        ["Row", "Column"],
        [["T", "B"], ["L", "R", "X"]],
    )
    half = Fraction(1, 2)
    equilibrium = Equilibrium(((Fraction(1), Fraction(0)), (half, half, Fraction(0))), (2, 1))
    result = SolveResult(game, "given", True, (equilibrium,), degenerate=True)
    (item,) = explain_game(game, result).equilibria
    assert item.reasons == (
        "Against Column: 1/2 L + 1/2 R, Row's best response is T (payoff 2 vs B 1)",
        "Column is indifferent between L and R: each gives 1 against the others' pure "
        "strategies; X would give only 0",
    )


def test_three_players_equations_checked_jointly() -> None:
    # The battle of the sexes with a third player who has one strategy and no stake: the
    # mixed equilibrium is Gibbons', the equations the same, now only checked at q = 1/3.
    dummy = Game(
        [
            np.array([[[2], [0]], [[0], [1]]], dtype=object),
            np.array([[[1], [0]], [[0], [2]]], dtype=object),
            np.zeros((2, 2, 1), dtype=object),
        ],
        ["Chris", "Pat", "Sam"],
        [["Opera", "Fight"], ["Opera", "Fight"], ["Stay"]],
    )
    mixed = next(item for item in explain_game(dummy).equilibria if not item.equilibrium.pure)
    assert mixed.reasons[0] == (
        "Pat mixes so that Chris is indifferent between Opera and Fight: "
        "2q + 0(1-q) = 0q + 1(1-q); these hold at q = 1/3, where q is the probability that "
        "Pat plays Opera"
    )
    assert mixed.reasons[2] == (
        "Against Chris: 2/3 Opera + 1/3 Fight and Pat: 1/3 Opera + 2/3 Fight, Sam's best "
        "response is Stay (payoff 0)"
    )
    assert [item.solved for item in mixed.indifferences] == [False, False]


def test_indifferences_of_a_pure_equilibrium_are_empty() -> None:
    pure = Equilibrium(((Fraction(1), Fraction(0)), (Fraction(1), Fraction(0))), (2, 1))
    assert indifferences(BATTLE, pure) == ()


def test_float_game_is_explained_with_rounded_values() -> None:
    floats = Game([[[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]]])
    mixed = explain_game(floats).equilibria[2]
    assert mixed.indifferences[0].equations == ("2q + 0(1-q) = 0q + 1(1-q)",)
    assert mixed.indifferences[0].solution == "q = 0.333333 (rounded)"


def test_text_and_markdown() -> None:
    explanation = explain_game(BATTLE)
    text = explanation.text()
    assert text.startswith("Battle of the sexes: payoffs (Chris, Pat); * marks a best response")
    assert "\n3 Nash equilibria:\n" in text
    assert "  3. Chris: 2/3 Opera + 1/3 Fight; Pat: 1/3 Opera + 2/3 Fight (mixed; " in text
    markdown = explanation._repr_markdown_()
    assert markdown.startswith("### Battle of the sexes\n")
    assert "| Opera | 2\\*, 1\\* | 0, 0 |" in markdown
    assert "    - Pat mixes so that Chris is indifferent" in markdown
    assert str(explanation) == text
    assert repr(explanation) == "<Explanation 'Battle of the sexes': 3 equilibria>"


def test_json_shape() -> None:
    data = json.loads(json.dumps(explain_game(BATTLE).to_json()))
    assert data["players"] == ["Chris", "Pat"]
    assert len(data["best_responses"]) == 4
    assert data["best_responses"][0] == {
        "player": "Chris",
        "against": {"Pat": "Opera"},
        "best": ["Opera"],
        "payoffs": {"Opera": "2", "Fight": "0"},
    }
    mixed = data["equilibria"][2]
    assert mixed["profile"]["Pat"] == {"Opera": "1/3", "Fight": "2/3"}
    assert mixed["indifferences"][0]["solution"] == "q = 1/3"
    assert mixed["indifferences"][0]["equations"] == ["2q + 0(1-q) = 0q + 1(1-q)"]
    assert mixed["indifferences"][0]["value"] == "2/3"
    assert data["degenerate"] is False


def test_prisoners_dilemma_dominance_steps() -> None:
    # Gibbons (1992), section 1.1.B: Fink strictly dominates Mum for each prisoner (0 > -1,
    # -6 > -9); removing both leaves (Fink, Fink), the unique equilibrium.
    explanation = explain_game(PRISONERS)
    assert explanation.dominance.describe() == [
        "Prisoner 1: 'Mum' is strictly dominated by 'Fink'",
        "Prisoner 2: 'Mum' is strictly dominated by 'Fink'",
    ]
    assert (
        "Iterated elimination of strictly dominated strategies:\n"
        "  1. Prisoner 1: 'Mum' is strictly dominated by 'Fink'\n"
        "  2. Prisoner 2: 'Mum' is strictly dominated by 'Fink'\n"
        "  What survives: Prisoner 1: Fink; Prisoner 2: Fink\n"
    ) in explanation.text()
    data = explanation.to_json()["dominance"]
    assert data["remaining"] == {"Prisoner 1": ["Fink"], "Prisoner 2": ["Fink"]}
    assert data["steps"][0] == {
        "player": "Prisoner 1",
        "removed": "Mum",
        "dominated_by": {"Fink": "1"},
        "pure": True,
        "text": "Prisoner 1: 'Mum' is strictly dominated by 'Fink'",
    }


def test_domination_by_a_mix() -> None:
    # Gibbons (1992), section 1.3.A: B pays 1 against both columns; neither T (3, 0) nor M
    # (0, 3) beats it alone, but half of each pays 3/2 against both.
    game = Game(
        [[[3, 0], [0, 3], [1, 1]], [[0, 3], [3, 0], [1, 1]]],
        ["Row", "Column"],
        [["T", "M", "B"], ["L", "R"]],
    )
    explanation = explain_game(game)
    assert "  1. Row: 'B' is strictly dominated by 1/2 'T' + 1/2 'M'\n" in explanation.text()
    assert explanation.to_json()["dominance"]["steps"][0]["dominated_by"] == {
        "T": "1/2",
        "M": "1/2",
    }


def test_nothing_dominated_is_said() -> None:
    text = explain_game(BATTLE).text()
    assert "  No strategy is strictly dominated, by a pure or a mixed strategy.\n" in text


# -- the command -------------------------------------------------------------------------------


def test_command_text() -> None:
    result = cli_run("explain", STAG_HUNT)
    assert result.exit_code == 0, result.output
    # Alice is indifferent when Bob hunts stag with q: 4q = 3q + 3(1-q), so q = 3/4.
    assert "4q + 0(1-q) = 3q + 3(1-q) => q = 3/4" in result.output


def test_command_json_and_markdown() -> None:
    result = cli_run("explain", STAG_HUNT, "--preset", "rich-stag", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["values"] == {"stag": "8", "hare": "3"}
    assert data["equilibria"][2]["indifferences"][0]["solution"] == "q = 3/8"
    result = cli_run("explain", STAG_HUNT, "--markdown")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("### Stag hunt\n")


def test_command_refuses_json_with_markdown() -> None:
    result = cli_run("explain", STAG_HUNT, "--json", "--markdown")
    assert result.exit_code == 2
    assert result.output == "Error: choose one of --json and --markdown\n"


def test_command_reads_nfg(tmp_path: Path) -> None:
    path = tmp_path / "battle.nfg"
    path.write_text(
        'NFG 1 R "Battle" { "Chris" "Pat" } { { "Opera" "Fight" } { "Opera" "Fight" } }\n'
        '""\n2 1 0 0 0 0 1 2\n'
    )
    result = cli_run("explain", str(path))
    assert result.exit_code == 0, result.output
    assert "2q + 0(1-q) = 0q + 1(1-q) => q = 1/3" in result.output


def test_help_teaches_with_an_example() -> None:
    result = cli_run("explain", "--help")
    assert result.exit_code == 0
    assert "negotiation explain prisoners-dilemma" in result.output


def test_bundled_battle_of_the_sexes() -> None:
    from negotiation.scenario import bundled_scenarios

    if "battle-of-the-sexes" not in bundled_scenarios():
        pytest.skip("payoffs/classic/battle-of-the-sexes.toml is not written yet")
    result = cli_run("explain", "battle-of-the-sexes")
    assert result.exit_code == 0, result.output
    # Ann's favourite (2) against together (1), as Gibbons: Bob goes to the opera with 1/3.
    assert "=> q = 1/3" in result.output
