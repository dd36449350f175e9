"""What the exact two-player solvers share: the bimatrix in positive integers, the arithmetic
of mixed strategies, and the evidence of degeneracy an equilibrium carries.

Lemke-Howson (`negotiation.solvers.lemke_howson`) and Porter-Nudelman-Shoham search
(`negotiation.solvers.pns`) both work on the payoffs scaled and shifted to positive integers
(no best response changes) and hand back normalised Fractions; kept here, public, so that
neither solver reaches into the other's private names.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from negotiation.deviation import more_best_responses_than_played
from negotiation.linear import scaled_integers

__all__ = ["Profile", "integer_weights", "more_best_responses", "normalised", "positive_integers"]

Profile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


def positive_integers(matrix: np.ndarray) -> list[list[int]]:
    """``matrix`` scaled to integers, then shifted so that its least entry is 1.

    Examples
    --------
    >>> positive_integers(np.array([[Fraction(1, 2), -1], [0, 2]], dtype=object))
    [[4, 1], [3, 7]]
    """
    scaled, _ = scaled_integers(matrix.flat)
    shift = 1 - min(scaled)
    cols = matrix.shape[1]
    return [
        [value + shift for value in scaled[start : start + cols]]
        for start in range(0, len(scaled), cols)
    ]


def integer_weights(mixed: Sequence[Fraction]) -> list[int]:
    """A mixed strategy times its common denominator (payoffs become integer dot products)."""
    return scaled_integers(mixed)[0]


def normalised(values: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """Non-negative weights as probabilities: divided by their sum."""
    total = sum(values)
    return tuple(value / total for value in values)


def more_best_responses(
    row_payoffs: np.ndarray, column_payoffs: np.ndarray, profile: Profile
) -> bool:
    """Whether a mix of ``profile`` has more pure best responses than strategies it plays.

    That is the definition of a degenerate two-player game (von Stengel 2002, Definition 3.2)
    checked at one pair of mixes: True proves the game degenerate; False proves nothing about
    other mixes.  Exact on exact payoffs.

    Examples
    --------
    Against ``(1/2, 1/2)`` both columns pay the column player alike: two best responses to a
    mix of two strategies, not more.  Against the pure first row, both columns tie: degenerate.

    >>> a = np.array([[1, 0], [0, 1]], dtype=object)
    >>> b = np.array([[1, 1], [0, 1]], dtype=object)
    >>> half = (Fraction(1, 2), Fraction(1, 2))
    >>> more_best_responses(a, a, (half, half))
    False
    >>> more_best_responses(a, b, ((Fraction(1), Fraction(0)), half))
    True
    """
    payoffs = [np.asarray(row_payoffs, dtype=object), np.asarray(column_payoffs, dtype=object)]
    return more_best_responses_than_played(payoffs, profile)
