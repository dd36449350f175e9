"""What the exact two-player solvers share: the bimatrix in positive integers and the
arithmetic of mixed strategies.

Lemke-Howson (`negotiation.solvers.lemke_howson`) and Porter-Nudelman-Shoham search
(`negotiation.solvers.pns`) both work on the payoffs scaled and shifted to positive integers
(no best response changes) and hand back Fractions (`negotiation.linear.normalised`); kept
here, public, so that neither solver reaches into the other's private names.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from negotiation.linear import scaled_integers

__all__ = ["Profile", "integer_weights", "positive_integers"]

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
