"""Pure equilibria of games with any number of players, against Gambit's enumpure."""

from __future__ import annotations

from fractions import Fraction

import pytest
from games import games, random_game
from hypothesis import given, settings
from oracle import enumpure, profile_key

from negotiation.deviation import is_equilibrium
from negotiation.game import Game
from negotiation.solvers import solve


@pytest.mark.oracle
@pytest.mark.parametrize("shape", [(2, 2, 2), (3, 2, 2), (2, 3, 3), (2, 2, 2, 2), (3, 3, 3)])
@pytest.mark.parametrize("seed", range(8))
def test_pure_equilibria_equal_enumpure(shape: tuple[int, ...], seed: int) -> None:
    game = random_game(seed * 31 + len(shape), shape, -2, 2)
    result = solve(game, method="pure")
    assert {profile_key(eq.profile) for eq in result.equilibria} == enumpure(game)


@settings(max_examples=25, deadline=None)
@given(game=games(players=3, max_strategies=2, low=-3, high=3))
def test_three_player_equilibria_are_equilibria_and_include_every_pure_one(game: Game) -> None:
    result = solve(game)
    pure = {profile_key(eq.profile) for eq in solve(game, method="pure").equilibria}
    assert pure <= {profile_key(eq.profile) for eq in result.equilibria}
    for equilibrium in result.equilibria:
        # Rational equilibria are checked exactly; irrational ones come as floats.
        rational = all(isinstance(p, Fraction) for mixed in equilibrium.profile for p in mixed)
        assert is_equilibrium(game, equilibrium.profile, tol=0 if rational else 1e-9)
