"""Expected payoffs of mixed profiles and the exact equilibrium test.

Every solver's answer passes through `is_equilibrium`: a profile is a Nash equilibrium when no
player gains by switching to any pure strategy, checked in exact arithmetic when the game is
exact.  This is what makes a float search (or a library we call) safe to use.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negotiation.game import Game, Payoff

Profile = Sequence[Sequence[Payoff]]


def strategy_payoffs(payoff: np.ndarray, profile: Profile, player: int) -> np.ndarray:
    """``player``'s expected payoff of each of its pure strategies against the others' mix."""
    contracted = payoff
    for axis in reversed(range(len(profile))):
        if axis != player:
            mixed = np.asarray(profile[axis], dtype=contracted.dtype)
            contracted = np.tensordot(contracted, mixed, axes=([axis], [0]))
    return contracted


def expected_payoffs(game: Game, profile: Profile) -> tuple[Payoff, ...]:
    """Every player's expected payoff at a mixed profile."""
    values = []
    for player, payoff in enumerate(game.payoffs):
        per_strategy = strategy_payoffs(payoff, profile, player)
        values.append(sum(p * v for p, v in zip(profile[player], per_strategy, strict=True)))
    return tuple(values)


def regrets(game: Game, profile: Profile) -> tuple[Payoff, ...]:
    """For each player, how much it gains by its best pure deviation (0 at an equilibrium)."""
    gains = []
    for player, payoff in enumerate(game.payoffs):
        per_strategy = strategy_payoffs(payoff, profile, player)
        current = sum(p * v for p, v in zip(profile[player], per_strategy, strict=True))
        gains.append(max(per_strategy) - current)
    return tuple(gains)


def is_probability_vector(mixed: Sequence[Payoff], tol: float = 0.0) -> bool:
    return all(p >= -tol for p in mixed) and abs(sum(mixed) - 1) <= tol


def is_equilibrium(game: Game, profile: Profile, tol: float = 0.0) -> bool:
    """Whether ``profile`` is a Nash equilibrium of ``game``.

    With ``tol=0`` and exact payoffs and probabilities the test is exact; pass a tolerance only
    for float profiles.
    """
    if len(profile) != game.n_players:
        return False
    for mixed, count in zip(profile, game.shape, strict=True):
        if len(mixed) != count or not is_probability_vector(mixed, tol):
            return False
    return all(gain <= tol for gain in regrets(game, profile))
