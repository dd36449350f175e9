"""Expected payoffs of mixed profiles and the exact equilibrium test.

Every solver's answer passes through `is_equilibrium`: a profile is a Nash equilibrium when no
player gains by switching to any pure strategy, checked in exact arithmetic when the game is
exact.  This is what makes a float search (or a library we call) safe to use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

import numpy as np

from negotiation.game import Game, Payoff
from negotiation.linear import normalised, scaled_integers

Profile = Sequence[Sequence[Payoff]]


def strategy_payoffs(payoff: np.ndarray, profile: Profile, player: int) -> np.ndarray:
    """``player``'s expected payoff of each of its pure strategies against the others' mix."""
    if (
        payoff.dtype == object
        and _rational(payoff.flat)
        and all(_rational(mixed) for axis, mixed in enumerate(profile) if axis != player)
    ):
        return _rational_strategy_payoffs(payoff, profile, player)
    contracted = payoff
    for axis in reversed(range(len(profile))):
        if axis != player:
            mixed = np.asarray(profile[axis], dtype=contracted.dtype)
            contracted = np.tensordot(contracted, mixed, axes=([axis], [0]))
    return contracted


def _rational(values: Iterable[object]) -> bool:
    return all(
        isinstance(value, Fraction | int) and not isinstance(value, bool) for value in values
    )


def _rational_strategy_payoffs(payoff: np.ndarray, profile: Profile, player: int) -> np.ndarray:
    """`strategy_payoffs` on exact payoffs and probabilities, in integers.

    Why: every solver's answer is checked here, and products of Fractions (a gcd each) made
    that check cost as much as the solve on games of a few hundred cells and more.  Scaled to
    integers, the contraction is exact with one division per strategy at the end.
    """
    numerators, denominator = scaled_integers(payoff.flat)
    contracted = np.array(numerators, dtype=object).reshape(payoff.shape)
    for axis in reversed(range(len(profile))):
        if axis != player:
            weights, scale = scaled_integers(profile[axis])
            contracted = np.tensordot(
                contracted, np.array(weights, dtype=object), axes=([axis], [0])
            )
            denominator *= scale
    return np.array([Fraction(int(value), denominator) for value in contracted.flat], dtype=object)


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


def more_best_responses_than_played(payoffs: Sequence[np.ndarray], profile: Profile) -> bool:
    """Whether some player has more pure best responses to ``profile`` than strategies it
    plays: a tie that proves the game degenerate (von Stengel 2002, Definition 3.2, for two
    players); False proves nothing about other profiles.  Exact on exact payoffs and
    probabilities.

    Examples
    --------
    Against ``(1/2, 1/2)`` both columns pay the column player alike: two best responses to a
    mix of two strategies, not more.  Against the pure first row, both columns tie: degenerate.

    >>> a = np.array([[1, 0], [0, 1]], dtype=object)
    >>> b = np.array([[1, 1], [0, 1]], dtype=object)
    >>> half = (Fraction(1, 2), Fraction(1, 2))
    >>> more_best_responses_than_played([a, a], (half, half))
    False
    >>> more_best_responses_than_played([a, b], ((Fraction(1), Fraction(0)), half))
    True
    """
    for player, payoff in enumerate(payoffs):
        values = strategy_payoffs(payoff, profile, player)
        best = max(values)
        played = sum(1 for p in profile[player] if p != 0)
        if sum(1 for value in values if value == best) > played:
            return True
    return False


def renormalised(profile: Sequence[Sequence[float]]) -> tuple[tuple[Fraction, ...], ...]:
    """A numerical method's float profile as exact fractions, each mix renormalised to sum to
    one: the profile whose regret (`regrets`, exact) that method reports."""
    return tuple(normalised([Fraction(float(p)) for p in mixed]) for mixed in profile)


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
