"""Minmax values, feasible and individually rational sets, and the subgame-perfect payoff set
(Abreu-Sannikov) against QuantEcon's on the same stage games."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.polygon import contains
from negotiation.repeated.abreu_sannikov import spe_payoffs
from negotiation.repeated.minmax import mixed_minmax, pure_minmax
from negotiation.repeated.payoff_set import payoff_set, plot_payoff_set

F = Fraction
PD = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], title="Prisoner's dilemma")
PENNIES = Game([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
BATTLE = Game([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
# Abreu and Sannikov's (2014) Cournot-like 3x3 example payoffs (as in QuantEcon's tests).
COURNOT = Game([[[6, 0, 2], [10, 4, 3], [7, 1, 2]], [[6, 10, 7], [0, 4, 1], [2, 3, 2]]])


@pytest.mark.parametrize(
    ("game", "pure", "mixed"),
    [
        pytest.param(PD, F(1), F(1), id="prisoners_dilemma"),
        # The opponent's pure choice can be guessed (1); mixing 1/2-1/2 holds you to 0.
        pytest.param(PENNIES, F(1), F(0), id="matching_pennies"),
        # Battle: against q on Opera, max(2q, 1 - q) is least at q = 1/3: 2/3.
        pytest.param(BATTLE, F(1), F(2, 3), id="battle_of_the_sexes"),
    ],
)
def test_minmax(game, pure, mixed) -> None:
    assert pure_minmax(game, 0)[0] == pure
    assert mixed_minmax(game, 0)[0] == mixed


payoff = st.integers(min_value=-4, max_value=6)


@settings(max_examples=30, deadline=None)
@given(
    rows=st.integers(2, 3),
    columns=st.integers(2, 3),
    data=st.data(),
)
def test_mixed_minmax_beats_a_grid_and_pure(rows, columns, data) -> None:
    matrix = [[data.draw(payoff) for _ in range(columns)] for _ in range(rows)]
    game = Game([matrix, [[0] * columns for _ in range(rows)]])
    value, strategy = mixed_minmax(game, 0)
    assert sum(strategy) == 1
    assert min(strategy) >= 0
    assert max(sum(m * q for m, q in zip(row, strategy, strict=True)) for row in matrix) == value
    assert value <= pure_minmax(game, 0)[0]
    steps = 24  # no mixed strategy on a grid holds the player lower
    grid = [q for q in np.ndindex(*(steps + 1,) * columns) if sum(q) == steps]
    best_on_grid = min(
        max(sum(m * F(k, steps) for m, k in zip(row, q, strict=True)) for row in matrix)
        for q in grid
    )
    assert value <= best_on_grid


def test_mixed_minmax_needs_two_players() -> None:
    game = Game([np.zeros((2, 2, 2), dtype=int)] * 3)
    with pytest.raises(NegotiationError, match="two players"):
        mixed_minmax(game, 0)


def test_prisoners_dilemma_payoff_set() -> None:
    found = payoff_set(PD)
    assert set(found.feasible) == {(0, 5), (1, 1), (5, 0), (3, 3)}
    # the minmax lines cut the edges to (5, 0) and (0, 5) at 13/3 (hand: y = 3t on the edge
    # from (5, 0) to (3, 3) reaches 1 at t = 1/3, x = 5 - 2/3)
    assert set(found.individually_rational) == {(1, 1), (F(13, 3), 1), (3, 3), (1, F(13, 3))}
    assert found.to_json()["minmax"] == ["1", "1"]


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_individually_rational_set_inside_feasible(data) -> None:
    game = Game([[[data.draw(payoff) for _ in range(2)] for _ in range(3)] for _ in range(2)])
    found = payoff_set(game)
    for vertex in found.individually_rational:
        assert contains(found.feasible, vertex)
        assert vertex[0] >= found.minmax[0]
        assert vertex[1] >= found.minmax[1]


def _support(vertices, directions=72):
    """The support function of a convex polygon: equal functions, equal polygons."""
    return np.array(
        [
            max(
                math.cos(2 * math.pi * k / directions) * float(x)
                + math.sin(2 * math.pi * k / directions) * float(y)
                for x, y in vertices
            )
            for k in range(directions)
        ]
    )


def _quantecon(game: Game, delta: float):
    game_theory = pytest.importorskip("quantecon.game_theory")
    first, second = game.float_payoffs()
    stage = game_theory.NormalFormGame((game_theory.Player(first), game_theory.Player(second.T)))
    hull = game_theory.RepeatedGame(stage, delta).equilibrium_payoffs(method="AS")
    return hull.points[hull.vertices]


RANDOM = np.random.default_rng(0)
RANDOM_GAMES = [
    Game([RANDOM.integers(-3, 6, (3, 3)).tolist(), RANDOM.integers(-3, 6, (3, 3)).tolist()])
    for _ in range(6)
]


@pytest.mark.parametrize(
    ("game", "delta"),
    [
        pytest.param(PD, 0.3, id="pd_impatient"),
        pytest.param(PD, 0.75, id="pd_patient"),
        pytest.param(BATTLE, 0.75, id="battle"),
        pytest.param(COURNOT, 0.75, id="cournot_075"),
        pytest.param(COURNOT, 0.9, id="cournot_09"),
        pytest.param(RANDOM_GAMES[1], 0.5, id="random_1_05"),
        pytest.param(RANDOM_GAMES[1], 0.9, id="random_1_09"),
        pytest.param(RANDOM_GAMES[3], 0.75, id="random_3"),
        pytest.param(RANDOM_GAMES[4], 0.9, id="random_4"),
    ],
)
def test_abreu_sannikov_agrees_with_quantecon(game, delta) -> None:
    theirs = _quantecon(game, delta)
    floats = spe_payoffs(game, delta, exact=False)
    exact = spe_payoffs(game, F(delta), max_iter=60)
    assert floats.converged
    assert np.abs(_support(theirs) - _support(floats.vertices)).max() < 1e-9
    # the exact iterates contain the set (an outer approximation) and reach it closely
    assert np.all(_support(exact.vertices) >= _support(floats.vertices) - 1e-9)
    assert np.abs(_support(exact.vertices) - _support(floats.vertices)).max() < 1e-9


def test_abreu_sannikov_exact_fixed_point_on_the_prisoners_dilemma() -> None:
    """At delta = 3/4 >= 1/2 the set is the individually rational set, reached exactly."""
    found = spe_payoffs(PD, F(3, 4))
    assert found.converged
    assert set(found.vertices) == set(payoff_set(PD).individually_rational)
    assert found.to_json()["approximation"] == "exact"


def test_abreu_sannikov_refuses_games_without_pure_equilibria() -> None:
    with pytest.raises(NegotiationError, match="no pure-strategy subgame-perfect"):
        spe_payoffs(PENNIES, F(9, 10))
    with pytest.raises(NegotiationError, match="must lie in"):
        spe_payoffs(PD, F(1))


def test_plot_returns_a_figure() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib as mpl

    mpl.use("Agg")
    import matplotlib.pyplot as plt

    figure = plot_payoff_set(PD, equilibrium_set=spe_payoffs(PD, F(3, 4)).vertices)
    axes = figure.axes[0]
    assert len(axes.patches) == 3  # feasible, individually rational, subgame perfect
    assert axes.get_xlabel() == "Player 1"
    plt.close(figure)
