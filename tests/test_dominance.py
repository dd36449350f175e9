"""Iterated elimination of strictly dominated strategies."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from negotiation import solve
from negotiation.dominance import EliminationStep, iterated_elimination
from negotiation.game import Game
from negotiation.simplex import maximise


def _labels(game: Game) -> tuple[tuple[str, ...], ...]:
    return game.strategies


def test_prisoners_dilemma_one_step_each() -> None:
    dilemma = Game(
        [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
        players=["Row", "Column"],
        strategies=[["Cooperate", "Defect"], ["Cooperate", "Defect"]],
    )
    result = iterated_elimination(dilemma)
    assert result.steps == (
        EliminationStep("Row", "Cooperate", (("Defect", Fraction(1)),), pure=True),
        EliminationStep("Column", "Cooperate", (("Defect", Fraction(1)),), pure=True),
    )
    assert result.describe() == [
        "Row: 'Cooperate' is strictly dominated by 'Defect'",
        "Column: 'Cooperate' is strictly dominated by 'Defect'",
    ]
    assert _labels(result.reduced) == (("Defect",), ("Defect",))
    assert result.reduced.payoff_profile((0, 0)) == (1, 1)


def test_strategy_dominated_only_by_a_mix() -> None:
    """Rows (3, 0), (0, 3), (1, 1): no pure strategy beats the third, the 1/2-1/2 mix pays
    3/2 against each column (Fudenberg and Tirole 1991, section 2.1, has the same shape)."""
    game = Game(
        [[[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]]],
        players=["Row", "Column"],
        strategies=[["A", "B", "C"], ["L", "R"]],
    )
    result = iterated_elimination(game)
    assert result.steps == (
        EliminationStep("Row", "C", (("A", Fraction(1, 2)), ("B", Fraction(1, 2))), pure=False),
    )
    assert result.describe() == ["Row: 'C' is strictly dominated by 1/2 'A' + 1/2 'B'"]
    assert _labels(result.reduced) == (("A", "B"), ("L", "R"))
    assert iterated_elimination(game, mixed=False).steps == ()


def test_gibbons_two_by_three() -> None:
    """Gibbons, "Game Theory for Applied Economists" (1992), section 1.1.B: Right, then Down,
    then Left go, leaving (Up, Middle)."""
    game = Game(
        [[[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]]],
        strategies=[["Up", "Down"], ["Left", "Middle", "Right"]],
    )
    result = iterated_elimination(game)
    assert [(step.player, step.removed, step.dominated_by[0][0]) for step in result.steps] == [
        ("Player 2", "Right", "Middle"),
        ("Player 1", "Down", "Up"),
        ("Player 2", "Left", "Middle"),
    ]
    assert _labels(result.reduced) == (("Up",), ("Middle",))


def test_three_by_three_solved_in_four_steps_with_a_mix() -> None:
    """Hand-built so that the second step needs a mix:

    ====  =====  =====  =====
          L      C      R
    ====  =====  =====  =====
    T     3, 1   0, 2   0, 0
    M     0, 1   3, 2   0, 0
    B     1, 3   1, 2   5, 1
    ====  =====  =====  =====

    R is beaten by L (1 > 0, 1 > 0, 3 > 1); then B, paying 1 and 1 against L and C, by
    1/2 T + 1/2 M, paying 3/2 and 3/2 (neither T nor M alone beats it); then L by C (2 > 1);
    then T by M (3 > 0).  (M, C) is the game's only equilibrium.
    """
    game = Game(
        [[[3, 0, 0], [0, 3, 0], [1, 1, 5]], [[1, 2, 0], [1, 2, 0], [3, 2, 1]]],
        players=["Row", "Column"],
        strategies=[["T", "M", "B"], ["L", "C", "R"]],
    )
    result = iterated_elimination(game)
    assert result.describe() == [
        "Column: 'R' is strictly dominated by 'L'",
        "Row: 'B' is strictly dominated by 1/2 'T' + 1/2 'M'",
        "Column: 'L' is strictly dominated by 'C'",
        "Row: 'T' is strictly dominated by 'M'",
    ]
    assert _labels(result.reduced) == (("M",), ("C",))
    assert [eq.profile for eq in solve(game).equilibria] == [((0, 1, 0), (0, 1, 0))]
    # Without mixes only the first step is possible.
    assert _labels(iterated_elimination(game, mixed=False).reduced) == (
        ("T", "M", "B"),
        ("L", "C"),
    )


def test_three_players() -> None:
    """A prisoner's dilemma between players 1 and 2 when player 3 plays Left, mutual
    cooperation paying best when it plays Right; Right pays player 3 nothing, Left pays 1.

    Neither dilemma player has a dominated strategy at first (Cooperate is better against
    Right); once Right goes, Defect dominates for both.
    """
    shape = (2, 2, 2)
    dilemma = np.array([[[3, 3], [0, 5]], [[5, 0], [1, 1]]])  # [row, column, (payoff 1, 2)]
    payoffs = [np.zeros(shape, dtype=int) for _ in range(3)]
    for row in range(2):
        for column in range(2):
            payoffs[0][row, column, 0], payoffs[1][row, column, 0] = dilemma[row, column]
            cooperate = 6 if (row, column) == (0, 0) else 0
            payoffs[0][row, column, 1] = payoffs[1][row, column, 1] = cooperate
            payoffs[2][row, column, 0] = 1
    game = Game(
        payoffs,
        players=["Ann", "Bob", "Cat"],
        strategies=[["Cooperate", "Defect"], ["Cooperate", "Defect"], ["Left", "Right"]],
    )
    result = iterated_elimination(game)
    assert result.describe() == [
        "Cat: 'Right' is strictly dominated by 'Left'",
        "Ann: 'Cooperate' is strictly dominated by 'Defect'",
        "Bob: 'Cooperate' is strictly dominated by 'Defect'",
    ]
    assert _labels(result.reduced) == (("Defect",), ("Defect",), ("Left",))


def test_three_players_mixed_domination() -> None:
    # Player 3's third strategy pays 1 everywhere; the first two pay 3 or 0 depending on
    # player 1, so their 1/2-1/2 mix pays 3/2 everywhere.
    first = np.indices((2, 1, 3))[0]
    third_player = np.where(first == 0, [3, 0, 1], [0, 3, 1])
    game = Game([np.zeros((2, 1, 3), dtype=int), np.zeros((2, 1, 3), dtype=int), third_player])
    result = iterated_elimination(game)
    assert result.steps == (
        EliminationStep(
            "Player 3", "3", (("1", Fraction(1, 2)), ("2", Fraction(1, 2))), pure=False
        ),
    )


@pytest.mark.parametrize(
    "payoffs",
    [
        pytest.param([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], id="matching_pennies"),
        pytest.param([[[2, 0], [0, 1]], [[1, 0], [0, 2]]], id="battle_of_the_sexes"),
        pytest.param([[[1, 1], [1, 1]], [[1, 1], [1, 1]]], id="all_ties"),
        pytest.param([[[1, 2]], [[0, 0]]], id="one_strategy"),
    ],
)
def test_nothing_dominated_nothing_removed(payoffs: list) -> None:
    game = Game(payoffs)
    result = iterated_elimination(game)
    assert result.steps == ()
    assert result.describe() == []
    assert result.reduced == game


def test_float_payoffs_keep_their_values() -> None:
    game = Game([[[0.5, 0.25], [0.1, 0.2]], [[1.0, 0.0], [0.0, 1.0]]])
    result = iterated_elimination(game)
    assert [step.removed for step in result.steps] == ["2", "2"]
    assert result.reduced.payoff_profile((0, 0)) == (0.5, 1.0)


def test_maximise_respects_equality_constraints() -> None:
    """A support program from a degenerate 4x4 game on which sympy 1.14's ``lpmax`` returned
    y0 = y1 = 1/6 although y0 + y1 = 1.  Variables x0, x1, x2, y0, y1, eps; the optimum
    (found by hand: y0 = y1 = 1/2 is forced, then 3 x0 + x1 = x2 with x0 + x1 + x2 = 1 and
    x0 = x1 = eps gives eps = 1/6) is 1/6."""
    upper = [
        [0, 0, 0, 0, -1, 0],
        [2, 0, -1, 0, 0, 0],
        [2, 3, -2, 0, 0, 0],
        [-1, 0, 0, 0, 0, 1],
        [0, -1, 0, 0, 0, 1],
        [0, 0, -1, 0, 0, 1],
        [0, 0, 0, -1, 0, 1],
        [0, 0, 0, 0, -1, 1],
    ]
    equal = [[1, 1, 1, 0, 0, 0], [0, 0, 0, -1, 1, 0], [0, 0, 0, 1, 1, 0], [3, 1, -1, 0, 0, 0]]
    optimum, point = maximise([0, 0, 0, 0, 0, 1], upper, [0] * 8, equal, [1, 0, 1, 0])
    assert optimum == Fraction(1, 6)
    assert all(sum(a * x for a, x in zip(row, point, strict=True)) <= 0 for row in upper)
    assert [sum(a * x for a, x in zip(row, point, strict=True)) for row in equal] == [1, 0, 1, 0]


def test_maximise_infeasible_and_unbounded() -> None:
    assert maximise([1], [[1]], [-1]) is None  # x <= -1 with x >= 0
    with pytest.raises(ValueError, match="unbounded"):
        maximise([1, 0], [[-1, 1]], [0])


def test_maximise_redundant_equalities() -> None:
    optimum, point = maximise([1, 2], [], [], [[1, 1], [2, 2]], [1, 2])
    assert (optimum, point) == (2, [0, 1])


def _games(draw, players: int) -> Game:
    shape = tuple(draw(st.integers(1, 4 if players == 2 else 3)) for _ in range(players))
    payoff = arrays(np.int64, shape, elements=st.integers(-3, 3))
    return Game([draw(payoff) for _ in range(players)])


@st.composite
def _games_and_orders(draw) -> tuple[Game, list[list[int]]]:
    game = _games(draw, draw(st.sampled_from([2, 3])))
    order = [draw(st.permutations(range(count))) for count in game.shape]
    return game, order


@settings(max_examples=60, deadline=None)
@given(case=_games_and_orders())
def test_survivors_do_not_depend_on_strategy_order(case: tuple[Game, list[list[int]]]) -> None:
    game, order = case
    survivors = iterated_elimination(game).reduced.strategies
    shuffled = iterated_elimination(game.relabelled(order)).reduced.strategies
    assert [set(labels) for labels in shuffled] == [set(labels) for labels in survivors]


def _by_label(game: Game, profile) -> frozenset:
    return frozenset(
        (player, label, p)
        for player, labels, mixed in zip(game.players, game.strategies, profile, strict=True)
        for label, p in zip(labels, mixed, strict=True)
        if p
    )


@st.composite
def _bimatrix_games(draw) -> Game:
    return _games(draw, 2)


@settings(max_examples=60, deadline=None)
@given(game=_bimatrix_games())
def test_equilibria_survive_elimination(game: Game) -> None:
    """Strict dominance removes no equilibrium and creates none: the reduced game has the same
    equilibria (so the same extreme ones), each on surviving strategies only."""
    reduced = iterated_elimination(game).reduced
    original = {_by_label(game, eq.profile) for eq in solve(game).equilibria}
    after = {_by_label(reduced, eq.profile) for eq in solve(reduced).equilibria}
    assert original == after
