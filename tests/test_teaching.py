"""Teaching aids: a bimatrix typed on the command line (`negotiation.matrix`), and learning
dynamics on the classic games (`negotiation.dynamics`, ``negotiation learn``)."""

from __future__ import annotations

import importlib.util
import json
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

from negotiation import load
from negotiation.dynamics import learn
from negotiation.errors import GameError, NegotiationError
from negotiation.game import Game
from negotiation.matrix import parse_matrix

PRISONERS = "3,3 0,5; 5,0 1,1"  # Axelrod's payoffs: T=5 > R=3 > P=1 > S=0


def run(*arguments: str):
    return CliRunner().invoke(cli, list(arguments))


def test_matrix_is_the_bimatrix_as_written() -> None:
    game = parse_matrix("1/2,0.1 -3,2", players=["Ann", "Bob"])
    assert game.shape == (1, 2)
    assert game.payoff_profile((0, 0)) == (Fraction(1, 2), Fraction(1, 10))
    assert game.payoff_profile((0, 1)) == (Fraction(-3), Fraction(2))
    assert game.players == ("Ann", "Bob")
    assert game.strategies == (("R1",), ("C1", "C2"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("3,3 0,5; 5,0", "row 2 has 1 cell, row 1 has 2", id="ragged"),
        pytest.param("3,3 0,x; 5,0 1,1", "row 1, cell 2: 'x' is not a number", id="number"),
        pytest.param("3,3 0; 5,0 1,1", "row 1, cell 2: '0' must be two payoffs", id="one_payoff"),
        pytest.param("3,3,1 0,5", "row 1, cell 1: '3,3,1' must be two payoffs", id="three"),
        pytest.param(" ", "empty matrix", id="empty"),
        pytest.param("1,1;;2,2", "empty row", id="empty_row"),
    ],
)
def test_bad_matrices_are_one_error(text: str, message: str) -> None:
    with pytest.raises(GameError, match=message):
        parse_matrix(text)
    result = run("solve", "--matrix", text)
    assert result.exit_code == 2
    assert result.output.startswith("Error: --matrix: ")
    assert message in result.output
    assert "Traceback" not in result.output


def test_solve_matrix_with_labels() -> None:
    result = run(
        "solve", "--matrix", PRISONERS, "--players", "Ann,Bob", "--strategies", "Quiet,Fink"
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].split() == ["1", "Fink", "Fink", "1", "1"]


def test_solve_matrix_with_other_options() -> None:
    # Battle of the sexes (Osborne 2004, 4.1): two pure equilibria and (2/3, 1/3), (1/3, 2/3).
    result = run(
        "solve", "--matrix", "2,1 0,0; 0,0 1,2", "--method", "support_enumeration", "--json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["equilibria"][2]["profile"] == {
        "Row": {"R1": "2/3", "R2": "1/3"},
        "Column": {"C1": "1/3", "C2": "2/3"},
    }
    assert data["scenario"] is None


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        pytest.param([], "give a GAME or --matrix", id="nothing"),
        pytest.param(["prisoners-dilemma", "--matrix", PRISONERS], "not both", id="both"),
        pytest.param(
            ["--players", "A,B"], "--players and --strategies go with --matrix", id="labels"
        ),
        pytest.param(["--matrix", PRISONERS, "--set", "x=1"], "--set and --preset", id="set"),
        pytest.param(["--matrix", PRISONERS, "--strategies", "A,B,C"], "3 labels", id="count"),
    ],
)
def test_solve_matrix_refusals(arguments: list[str], message: str) -> None:
    result = run("solve", *arguments)
    assert result.exit_code == 2
    assert message in result.output


def test_fictitious_play_approaches_matching_pennies_mixed_equilibrium() -> None:
    # Robinson (1951): fictitious play converges in zero-sum games, here to (1/2, 1/2).
    pennies = load("matching-pennies")
    result = learn(pennies.game(pennies.baseline()), "fictitious-play", 3000)
    assert result.nearest()[1] < 0.03
    assert len(result.times) == 3000
    assert all(abs(sum(mixed) - 1) < 1e-12 for mixed in result.final)


def test_replicator_reaches_defection_in_the_prisoners_dilemma() -> None:
    game = parse_matrix(PRISONERS)
    result = learn(game, "replicator", 300)
    index, distance = result.nearest()
    assert result.equilibria.equilibria[index].support() == ((1,), (1,))
    assert distance < 1e-6
    assert result.path[0][0].tolist() == pytest.approx([1 / 3, 2 / 3])


def test_learning_is_reproducible_and_leaves_numpy_alone() -> None:
    import numpy as np

    game = parse_matrix("1,1 0,0; 0,0 1,1")  # coordination: fictitious play breaks ties
    np.random.seed(5)  # noqa: NPY002
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    first = learn(game, "fictitious-play", 50, seed=3)
    assert (np.random.get_state()[1] == before).all()  # noqa: NPY002
    second = learn(game, "fictitious-play", 50, seed=3)
    assert first.to_json()["path"] == second.to_json()["path"]


def test_learning_refuses_three_players() -> None:
    game = Game([[[[0, 0], [0, 0]], [[0, 0], [0, 0]]]] * 3)
    with pytest.raises(NegotiationError, match="two-player game; this one has 3"):
        learn(game)


def test_learn_command(tmp_path: Path) -> None:
    result = run("learn", "stag-hunt", "--dynamics", "replicator", "--steps", "100", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["dynamics"] == "replicator"
    assert len(data["times"]) == 101
    assert min(data["distances"]) < 1e-6
    assert data["scenario"] == "stag-hunt"
    text = run("learn", "--matrix", PRISONERS, "--steps", "100")
    assert "The path ends at the equilibrium Row: R2; Column: C2" in text.output


@pytest.mark.skipif(importlib.util.find_spec("matplotlib") is None, reason="no matplotlib")
def test_learn_plot(tmp_path: Path) -> None:
    path = tmp_path / "pennies.svg"
    result = run("learn", "matching-pennies", "--steps", "50", "--plot", str(path))
    assert result.exit_code == 0, result.output
    assert b"Heads" in path.read_bytes()


def test_replicator_stops_where_the_integration_fails() -> None:
    # idlib-offensive is stiff for odeint: it gives up and returns zeros after time ~10.
    offensive = load("idlib-offensive")
    result = learn(offensive.game(offensive.baseline()), "replicator", 200)
    assert result.note.startswith("The numerical integration failed after time ")
    assert len(result.times) < 201
    for shares in result.path:
        assert abs(shares.sum(axis=1) - 1).max() < 1e-6
    index, distance = result.nearest()
    assert result.equilibria.equilibria[index].support() == ((1,), (1,))  # Limited, Reinforce
    assert distance < 0.05


def test_explain_matrix() -> None:
    result = run("explain", "--matrix", "2,1 0,0; 0,0 1,2", "--players", "Chris,Pat")
    assert result.exit_code == 0, result.output
    assert "3. Chris: 2/3 R1 + 1/3 R2; Pat: 1/3 C1 + 2/3 C2 (mixed; payoffs 2/3, 2/3)" in (
        result.output
    )
