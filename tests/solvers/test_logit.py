"""The logit path (`logit`): its end against Gambit's ``logit_solve``, its exact polish
against support and vertex enumeration, and its numerical answer where the support is too
large to solve."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
from click.testing import CliRunner

from cli.main import cli
from negotiation import solve
from negotiation.deviation import is_equilibrium, regrets, renormalised
from negotiation.game import Game
from negotiation.solvers.logit import logit_equilibrium
from negotiation.solvers.support_enumeration import mixed_equilibria
from negotiation.solvers.vertex_enumeration import extreme_equilibria


def _random_payoffs(shape: tuple[int, ...], seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.integers(-1000, 1000, shape) for _ in shape]


def _flat(profile) -> np.ndarray:
    return np.array([float(p) for mixed in profile for p in mixed])


def _exact(profile) -> bool:
    return all(isinstance(p, Fraction) for mixed in profile for p in mixed)


def test_jordan_game_ends_at_its_only_equilibrium_exactly() -> None:
    first, second, third = np.indices((2, 2, 2))
    jordan = Game([(first == second) * 1, (second == third) * 1, (third != first) * 1])
    profile, exact = logit_equilibrium(jordan)
    assert exact
    assert profile == ((Fraction(1, 2),) * 2,) * 3


@pytest.mark.parametrize(
    ("shape", "seed"),
    [((3, 3, 3), seed) for seed in range(4)] + [((2, 2, 2, 2), seed) for seed in range(4)],
    ids=str,
)
def test_end_is_one_of_support_enumerations_equilibria(shape, seed) -> None:
    """The exact polish gives one of the equilibria the complete enumeration lists: equal
    when rational, within 1e-12 when irrational."""
    game = Game(_random_payoffs(shape, seed))
    profile, exact = logit_equilibrium(game)
    assert exact
    every = mixed_equilibria(game).profiles
    if _exact(profile):
        assert profile in every
        assert is_equilibrium(game, profile, tol=0)
    else:
        assert any(np.allclose(_flat(profile), _flat(other), atol=1e-12) for other in every)


@pytest.mark.parametrize("seed", range(6))
def test_two_players_end_at_an_extreme_equilibrium(seed: int) -> None:
    payoffs = _random_payoffs((7, 7), seed)
    profile, exact = logit_equilibrium(Game(payoffs))
    assert exact
    assert _exact(profile)
    pairs, _ = extreme_equilibria(*payoffs)
    assert profile in [tuple(tuple(mixed) for mixed in pair) for pair in pairs]


@pytest.mark.oracle
@pytest.mark.parametrize(
    ("shape", "seed"),
    # Paths that turn back (lambda falls for a while) among them: (6, 6) 107, (15, 15) 103.
    [((6, 6), 100 + seed) for seed in range(8)]
    + [((15, 15), 103), ((4, 4, 4, 4), 107), ((2,) * 6, 102), ((5, 5, 5), 101)],
    ids=str,
)
def test_end_matches_gambits_logit(shape, seed) -> None:
    pygambit = pytest.importorskip("pygambit")
    payoffs = _random_payoffs(shape, seed)
    gambit_game = pygambit.Game.from_arrays(*(np.asarray(p, dtype=object) for p in payoffs))
    (theirs,) = pygambit.nash.logit_solve(gambit_game).equilibria
    profile, exact = logit_equilibrium(Game(payoffs))
    assert exact
    expected = np.array([float(theirs[s]) for s in gambit_game.strategies])
    assert np.allclose(_flat(profile), expected, rtol=0, atol=1e-4)


def test_too_large_a_support_gives_the_paths_end_with_its_regret() -> None:
    """A 12x12x12 game whose path ends on supports of 5, 6 and 5 strategies (13 unknowns,
    beyond the exact solver): floats, marked numerical, with a regret under 1e-8 of the
    payoff range, computed exactly."""
    payoffs = _random_payoffs((12, 12, 12), 1)
    result = solve(Game(payoffs), method="logit")
    (equilibrium,) = result.equilibria
    assert result.complete is False
    assert result.regret is not None
    assert result.regret == float(max(regrets(Game(payoffs), renormalised(equilibrium.profile))))
    assert 0 < result.regret < 1e-8 * 2000
    assert [sum(p > 1e-6 for p in mixed) for mixed in equilibrium.profile] == [5, 6, 5]


def test_same_game_same_equilibrium() -> None:
    game = Game(_random_payoffs((5, 5, 5), 2))
    assert logit_equilibrium(game) == logit_equilibrium(game)


def test_command_line_gives_one_exact_equilibrium_marked_incomplete() -> None:
    result = CliRunner().invoke(cli, ["solve", "idlib-hts", "--method", "logit", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["method"], data["complete"], len(data["equilibria"])) == ("logit", False, 1)
    assert "numerical" not in data


def test_ties_seen_make_the_result_degenerate() -> None:
    """One equilibrium cannot tell whether a game is degenerate, but a tie proves it: here
    the third player is indifferent everywhere (pure ties; its support system is a
    continuum, so the answer is the path's end, numerical), while a random 3x3x3 game shows
    none."""
    first, second, third = np.indices((2, 2, 2))
    indifferent = Game([(first == second) * 1, (second != first) * 1, third * 0])
    assert solve(indifferent, method="logit").degenerate
    generic = Game(_random_payoffs((3, 3, 3), 0))
    assert not solve(generic, method="logit").degenerate


def test_one_player_ends_on_its_best_strategy() -> None:
    profile, exact = logit_equilibrium(Game([[1, 2]]))
    assert exact
    assert profile == ((Fraction(0), Fraction(1)),)
