"""pygambit as an independent oracle: the same game, solved by Gambit, in our terms."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from negotiation.game import Game

gbt = pytest.importorskip("pygambit")


def to_fraction(value: object) -> Fraction:
    return Fraction(str(value))


def gambit_game(game: Game):
    """Our game as a pygambit table game (payoffs exact)."""
    arrays = [
        np.vectorize(lambda v: gbt.Rational(v.numerator, v.denominator), otypes=[object])(a)
        for a in game.exact_payoffs()
    ]
    return gbt.Game.from_arrays(*arrays, title=game.title or "game")


def from_gambit(gambit) -> Game:
    """A pygambit game (a table, or a tree in reduced strategic form) as our `Game`."""
    arrays = [np.vectorize(to_fraction, otypes=[object])(a) for a in gambit.to_arrays()]
    return Game(
        arrays,
        players=[player.label or f"Player {k + 1}" for k, player in enumerate(gambit.players)],
        strategies=[
            [strategy.label or str(j + 1) for j, strategy in enumerate(player.strategies)]
            for player in gambit.players
        ],
        title=gambit.title,
    )


def profile_key(profile) -> tuple:
    return tuple(tuple(Fraction(p) for p in mixed) for mixed in profile)


def gambit_profiles(gambit, equilibria) -> set[tuple]:
    return {
        tuple(
            tuple(to_fraction(equilibrium[strategy]) for strategy in player.strategies)
            for player in gambit.players
        )
        for equilibrium in equilibria
    }


def enummixed(game: Game) -> set[tuple]:
    """Gambit's extreme equilibria of a two-player game, exactly."""
    gambit = gambit_game(game)
    return gambit_profiles(gambit, gbt.nash.enummixed_solve(gambit, rational=True).equilibria)


def enumpure(game: Game) -> set[tuple]:
    """Gambit's pure equilibria of a game with any number of players."""
    gambit = gambit_game(game)
    return gambit_profiles(gambit, gbt.nash.enumpure_solve(gambit).equilibria)
