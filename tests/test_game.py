"""The Game type: what it accepts, what it refuses, and how it keeps payoffs exact."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest

from negotiation.errors import GameError
from negotiation.game import Game


def test_integer_and_fraction_payoffs_are_exact() -> None:
    game = Game([[[1, F(1, 2)], [0, 2]], [[0, 1], [F(3, 4), 0]]])
    assert game.exact
    assert game.payoff_profile((0, 1)) == (F(1, 2), F(1))
    assert all(isinstance(v, F) for array in game.payoffs for v in array.flat)


def test_float_payoffs_make_a_float_game_with_exact_binary_values() -> None:
    game = Game([[[0.1, 0], [0, 1]], [[0, 1], [1, 0]]])
    assert not game.exact
    assert game.payoffs[0].dtype == float
    assert game.exact_payoffs()[0][0, 0] == F(0.1)


def test_defaults_name_players_and_strategies() -> None:
    game = Game([np.zeros((2, 3)), np.zeros((2, 3))])
    assert game.players == ("Player 1", "Player 2")
    assert game.strategies == (("1", "2"), ("1", "2", "3"))


def test_three_players() -> None:
    shape = (2, 3, 2)
    game = Game([np.arange(12).reshape(shape)] * 3, players=["A", "B", "C"])
    assert game.shape == shape
    assert game.payoff_profile((1, 2, 0)) == (F(10),) * 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        pytest.param({"payoffs": [np.zeros((2, 2)), np.zeros((2, 3))]}, "shape", id="shapes"),
        pytest.param({"payoffs": [np.zeros((2, 2))]}, "axes", id="axes"),
        pytest.param({"payoffs": []}, "at least one player", id="no_players"),
        pytest.param(
            {"payoffs": [np.zeros((2, 2))] * 2, "players": ["A", "A"]},
            "duplicate label 'A'",
            id="duplicate_players",
        ),
        pytest.param(
            {"payoffs": [np.zeros((2, 2))] * 2, "strategies": [["x", "x"], ["y", "z"]]},
            "duplicate label 'x'",
            id="duplicate_strategies",
        ),
        pytest.param(
            {"payoffs": [np.zeros((2, 2))] * 2, "strategies": [["x"], ["y", "z"]]},
            "1 labels given for 2",
            id="label_count",
        ),
        pytest.param(
            {"payoffs": [[[float("nan"), 0], [0, 0]], np.zeros((2, 2))]},
            "must be finite",
            id="nan",
        ),
        pytest.param(
            {"payoffs": [[[float("inf"), 0], [0, 0]], np.zeros((2, 2))]},
            "must be finite",
            id="inf",
        ),
        pytest.param(
            {"payoffs": [[["a", 0], [0, 0]], np.zeros((2, 2))]}, "not a number", id="str"
        ),
        pytest.param({"payoffs": [[[True, 0], [0, 0]], np.zeros((2, 2))]}, "boolean", id="bool"),
        pytest.param(
            {"payoffs": [np.zeros((2, 0)), np.zeros((2, 0))]}, "at least one", id="empty"
        ),
    ],
)
def test_bad_games_are_refused_clearly(kwargs: dict, message: str) -> None:
    with pytest.raises(GameError, match=message):
        Game(**kwargs)


def test_relabelled_permutes_payoffs_and_labels() -> None:
    game = Game([[[1, 2], [3, 4]], [[5, 6], [7, 8]]], strategies=[["a", "b"], ["c", "d"]])
    swapped = game.relabelled([[1, 0], [0, 1]])
    assert swapped.strategies == (("b", "a"), ("c", "d"))
    assert swapped.payoff_profile((0, 0)) == (F(3), F(7))
