"""Vertex enumeration in floats with structural ties: at every point it settles, the exact
solver's extreme equilibria and its verdict on degeneracy; every other point goes to it."""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
from games import games
from hypothesis import given, settings
from test_batch import assert_same_equilibria

from negotiation.batch import solve_batch, solve_games
from negotiation.batch.vertex_enumeration import formula_ties
from negotiation.game import Game
from negotiation.robustness import draw_points
from negotiation.scenario import load_scenario, read_scenario
from negotiation.solvers import solve

STAG_HUNT = Path(__file__).parents[1] / "data" / "scenarios" / "stag-hunt.toml"


def assert_exact_everywhere(result, exact_games) -> None:
    for point in range(len(result)):
        exact = solve(exact_games(point))
        assert_same_equilibria(result, point, exact)
        assert result.degenerate[point] == exact.degenerate


def test_entry_game_is_settled_without_the_exact_solver() -> None:
    # The incumbent's payoff is `monopoly` whether it fights or not when the entrant stays
    # out: every point is degenerate, by the formulas (Selten 1978's chain-store stage game).
    scenario = load_scenario("entry-deterrence")
    draws = draw_points(scenario, 300, seed=4)
    result = solve_batch(scenario, draws)
    assert not result.exact.any()
    assert result.degenerate.all()
    base = scenario.baseline()

    def game(point: int) -> Game:
        return scenario.game({**base, **{k: F(float(v[point])) for k, v in draws.items()}})

    assert_exact_everywhere(result, game)


def test_ties_only_from_values_are_not_trusted() -> None:
    """stag == hare ties two different formulas: the exact solver decides those points."""
    scenario = read_scenario(STAG_HUNT)
    assert not formula_ties(scenario).columns[0, 1].any()
    result = solve_batch(scenario, {"stag": np.array([3.5, 4.0]), "hare": np.array([3.5, 3.0])})
    assert result.exact.tolist() == [True, False]


@settings(max_examples=150, deadline=None)
@given(game=games(players=2, max_strategies=4, low=-2, high=2))
def test_integer_games_equal_the_exact_solver(game: Game) -> None:
    """Small integers tie often; equal values are exactly equal, so their ties are used."""
    payoffs = [np.array(array, dtype=np.int64)[None] for array in game.payoffs]
    result = solve_games(payoffs)
    assert_exact_everywhere(result, lambda point: game)


def test_integer_games_are_mostly_settled() -> None:
    rng = np.random.default_rng(5)
    payoffs = [rng.integers(-2, 3, (500, 2, 3)) for _ in range(2)]
    result = solve_games(payoffs)
    assert result.degenerate.mean() > 0.5  # ties everywhere
    assert result.exact.mean() < 0.5  # yet most need no exact solve
    assert_exact_everywhere(
        result, lambda point: Game([payoff[point].astype(object) for payoff in payoffs])
    )


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_repeated_formulas_equal_the_exact_solver(tmp_path: Path, seed: int) -> None:
    from test_batch import parametric_scenario, random_points

    scenario = read_scenario(parametric_scenario(tmp_path, seed, (3, 3)))
    points = random_points(40, seed)
    result = solve_batch(scenario, points)

    def game(point: int) -> Game:
        return scenario.game({k: F(float(v[point])) for k, v in points.items()})

    assert_exact_everywhere(result, game)
