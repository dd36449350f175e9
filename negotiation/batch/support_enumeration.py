"""Support enumeration for two players, batched: every support pair at every point at once.

The algorithm is support enumeration (Algorithm 3.4 of von Stengel, "Equilibrium computation
for two-player games in strategic and extensive form", ch. 3 of Nisan et al., *Algorithmic
Game Theory*, 2007), run over every pair of supports of equal size ``k``, batched across the
points of a chunk and the pairs:

1. For a pair ``(I, J)`` the column player's mix on ``J`` that makes the row player
   indifferent over ``I`` spans the null space of the ``(k-1) x k`` matrix of payoff
   differences: its entries are the signed maximal minors (explicit determinants up to 3x3),
   normalised to sum to one.
2. Every probability must be positive and every strategy outside the support no better; and
   likewise for the row player's mix.
3. Each comparison has a margin: the tolerance ``tol`` plus a bound on the float error, which
   grows as a system nears singularity.  A comparison within its margin means the game is
   degenerate, or nearly so (a payoff tie, a mixed strategy with more pure best responses than
   its support has strategies, a near-singular system): the point is *flagged*, for the exact
   solver.

Why equal supports are enough: a game is degenerate when some mixed strategy with ``k``
strategies in its support has more than ``k`` pure best responses (von Stengel, Definition
3.2), and in a nondegenerate game every equilibrium has supports of equal size (Proposition
3.3), each mix the unique solution of its indifference system.  A degenerate mixed strategy
solves one of the systems above, and shows up there as a tie.

Arrays here hold the points on their last axis: ``payoff[a, b, n]``.  Every reduction is then
over a leading axis, which numpy does as whole-vector additions, and the small loops over
strategies and supports run in C over contiguous rows of points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from negotiation.batch.outcomes import Support
from negotiation.batch.scaling import rescaled

__all__ = ["bimatrix_chunk", "determinant", "pair_supports"]


def determinant(matrix: np.ndarray) -> np.ndarray:
    """Determinants of ``matrix[i, j, ...]`` (matrix axes first), written out up to 4x4."""
    size = len(matrix)
    if size == 0:
        return np.ones(matrix.shape[2:])
    if size == 1:
        return matrix[0, 0]
    if size == 2:
        return matrix[0, 0] * matrix[1, 1] - matrix[0, 1] * matrix[1, 0]
    if size == 3:
        return (
            matrix[0, 0] * (matrix[1, 1] * matrix[2, 2] - matrix[1, 2] * matrix[2, 1])
            - matrix[0, 1] * (matrix[1, 0] * matrix[2, 2] - matrix[1, 2] * matrix[2, 0])
            + matrix[0, 2] * (matrix[1, 0] * matrix[2, 1] - matrix[1, 1] * matrix[2, 0])
        )
    if size == 4:
        # Laplace expansion along the first two rows: six 2x2 minors above times their
        # complements below.  Several times faster than LAPACK's det on many small matrices
        # (the 4x4 minors of 5x5 supports dominate 6x6 games), and its rounding error (24
        # products of entries at most 1 in size) is far inside `_indifference`'s bound.
        def minor(top: int, first: int, second: int) -> np.ndarray:
            return (
                matrix[top, first] * matrix[top + 1, second]
                - matrix[top, second] * matrix[top + 1, first]
            )

        return (
            minor(0, 0, 1) * minor(2, 2, 3)
            - minor(0, 0, 2) * minor(2, 1, 3)
            + minor(0, 0, 3) * minor(2, 1, 2)
            + minor(0, 1, 2) * minor(2, 0, 3)
            - minor(0, 1, 3) * minor(2, 0, 2)
            + minor(0, 2, 3) * minor(2, 0, 1)
        )
    return np.linalg.det(np.moveaxis(matrix, (0, 1), (-2, -1)))


def _null_vector(differences: np.ndarray) -> np.ndarray:
    """A vector spanning the null space of each ``(k-1) x k`` matrix ``differences[:, :, ...]``.

    Its entries are the signed maximal minors, ``w_j = (-1)^j det(D without column j)``: each
    row ``r`` of ``D`` gives ``r . w = det([r; D]) = 0``, a determinant with a repeated row.
    ``w`` is zero when ``D`` has lower rank.
    """
    size = differences.shape[1]
    columns = np.arange(size)
    return np.stack(
        [(-1) ** column * determinant(differences[:, columns != column]) for column in range(size)]
    )


@dataclass(frozen=True)
class _Side:
    """One player's side of each support pair at each point (arrays of shape (P, N))."""

    mix: np.ndarray  # the other player's mix on its support, (k, P, N)
    value: np.ndarray  # the indifferent player's payoff, rescaled
    holds: np.ndarray  # every condition holds with room to spare
    unclear: np.ndarray  # no condition fails clearly, yet one is within its margin


def _indifference(
    payoff: np.ndarray, noise: np.ndarray, own: np.ndarray, other: np.ndarray, tol: float
) -> _Side:
    """The mix on ``other`` making ``own`` equally good, and whether that suits an equilibrium.

    ``payoff[a, b, n]`` is the indifferent player's rescaled payoff at point ``n`` when it
    plays ``a`` and the other plays ``b``; ``own`` and ``other`` are ``(P, k)`` supports.  The
    mix is the null vector ``w`` of the payoff differences over ``own``, divided by ``sum(w)``.
    Conditions: every probability positive, every strategy outside ``own`` worse.

    Error bound: each entry of ``w`` and ``sum(w)`` errs by at most ``E = noise 2^k k!``, so a
    probability ``w_j / s`` errs by at most ``E (1 + |p_j|) / (|s| - E)``.  When
    ``|s| <= 2E`` the system is (nearly) singular: if ``w`` has entries clearly of both signs
    there is no probability solution (one entry is negative whatever the sign of ``s``), and
    `_dominated` may rule the pair out; otherwise the point is unclear.
    """
    size = own.shape[1]
    pairs = np.arange(len(own))
    block = payoff[own.T[:, None, :], other.T[None, :, :]]  # (k, k, P, N)
    if size == 1:  # a pure strategy: nothing to solve
        mix = np.ones((1, *block.shape[2:]))
        margin = tol + 2 * noise
        gap = block[0, 0] - payoff[:, other[:, 0]]  # > 0: worse than the support
        gap[own[:, 0], pairs] = np.inf
        holds = (gap > margin).all(axis=0)
        fails = (gap < -margin).any(axis=0)
        return _Side(mix, block[0, 0], holds, ~holds & ~fails)
    weights = _null_vector(block[1:] - block[:1])  # (k, P, N)
    total = weights.sum(axis=0)
    error = noise * (2.0**size * math.factorial(size))
    singular = np.abs(total) <= 2 * error
    if singular.any():
        total = np.where(singular, np.inf, total)
    mix = weights / total
    spread = error / (np.abs(total) - error)
    mix_error = spread * (1 + np.abs(mix))
    value = (block[0] * mix).sum(axis=0)
    gap = value - payoff[:, other[:, 0]] * mix[0]  # > 0: worse than the support
    for column in range(1, size):
        gap -= payoff[:, other[:, column]] * mix[column]
    gap[own.T, pairs] = np.inf
    margin = tol + 2 * mix_error.sum(axis=0) + 2 * noise * np.abs(mix).sum(axis=0)
    limit = tol + mix_error
    holds = (mix > limit).all(axis=0) & (gap > margin).all(axis=0) & ~singular
    fails = (mix < -limit).any(axis=0) | (gap < -margin).any(axis=0)
    if singular.any():
        both_signs = (weights.max(axis=0) > 2 * error) & (weights.min(axis=0) < -2 * error)
        unsettled = singular & ~both_signs
        settled = both_signs | _dominated(payoff, noise, own, other, tol, unsettled)
        fails = np.where(singular, settled, fails)
    return _Side(mix, value, holds, ~holds & ~fails)


def _dominated(
    payoff: np.ndarray,
    noise: np.ndarray,
    own: np.ndarray,
    other: np.ndarray,
    tol: float,
    where: np.ndarray,
) -> np.ndarray:
    """Whether some strategy beats one of ``own`` at every strategy of ``other``.

    A rank-deficient system has a continuum of solutions, which the float test cannot judge.
    But when a strategy of ``own`` is beaten everywhere on ``other`` (by one outside ``own``,
    or by one inside, which then cannot be equally good), no mix on ``other`` makes ``own`` a
    set of equally good best responses, and the pair is out.  The structural ties of policy
    models (two strategies equal against some of the other's) are usually settled this way.
    Computed only at the ``(P, N)`` entries in ``where``.
    """
    result = np.zeros(where.shape, dtype=bool)
    pairs, points = np.nonzero(where)
    if len(points) == 0:
        return result
    strategies = np.arange(payoff.shape[0])[None, :, None]
    columns = payoff[strategies, other[pairs][:, None, :], points[:, None, None]]  # (M, a, k)
    inside = np.take_along_axis(columns, own[pairs][:, :, None], axis=1)  # (M, k, k)
    lead = (columns[:, :, None, :] - inside[:, None, :, :]).min(axis=-1)  # (M, a, k)
    margin = (tol + 2 * noise[points])[:, None, None]
    result[pairs, points] = (lead > margin).any(axis=(1, 2))
    return result


def pair_supports(shape: tuple[int, ...]) -> list[Support]:
    """The support pairs of equal size, in the order `bimatrix_chunk` uses."""
    rows, columns = shape
    return [
        (row_support, column_support)
        for size in range(1, min(rows, columns) + 1)
        for row_support in combinations(range(rows), size)
        for column_support in combinations(range(columns), size)
    ]


def bimatrix_chunk(
    row_payoff: np.ndarray, column_payoff: np.ndarray, tol: float, keep: bool = True
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """Support enumeration at every point of a chunk (payoffs ``(m, n, N)``).

    Without ``keep`` only ``found`` and ``flagged`` are computed (the rest is empty).

    Returns
    -------
    found : (P, N) bool
        Support pair ``p`` (in `pair_supports` order) is an equilibrium at point ``n``.
    flagged : (N,) bool
        The point needs the exact solver.
    profiles : tuple of (P, s_i, N) arrays
        Each player's mix for each pair.
    values : tuple of (P, N) arrays
        Each player's payoff for each pair.
    """
    rows, columns, count = row_payoff.shape
    row_scaled, row_low, row_spread, row_noise = rescaled(row_payoff)
    column_scaled, column_low, column_spread, column_noise = rescaled(column_payoff)
    column_scaled = column_scaled.transpose(1, 0, 2)  # the column player's own strategies first
    found, row_mixes, column_mixes, row_values, column_values = [], [], [], [], []
    flagged = np.zeros(count, dtype=bool)
    for size in range(1, min(rows, columns) + 1):
        pairs = [
            (row_support, column_support)
            for row_support in combinations(range(rows), size)
            for column_support in combinations(range(columns), size)
        ]
        own_rows = np.array([pair[0] for pair in pairs], dtype=np.intp)
        own_columns = np.array([pair[1] for pair in pairs], dtype=np.intp)
        # The column player's mix makes the row player indifferent, and the other way round.
        column_side = _indifference(row_scaled, row_noise, own_rows, own_columns, tol)
        row_side = _indifference(column_scaled, column_noise, own_columns, own_rows, tol)
        flagged |= (column_side.unclear | row_side.unclear).any(axis=0)
        found.append(column_side.holds & row_side.holds)
        if not keep:
            continue
        index = np.arange(len(pairs))
        row_mix = np.zeros((len(pairs), rows, count))
        row_mix[index, own_rows.T] = row_side.mix
        column_mix = np.zeros((len(pairs), columns, count))
        column_mix[index, own_columns.T] = column_side.mix
        row_mixes.append(row_mix)
        column_mixes.append(column_mix)
        row_values.append(row_low + row_spread * column_side.value)
        column_values.append(column_low + column_spread * row_side.value)
    if not keep:
        return np.concatenate(found), flagged, (), ()
    return (
        np.concatenate(found),
        flagged,
        (np.concatenate(row_mixes), np.concatenate(column_mixes)),
        (np.concatenate(row_values), np.concatenate(column_values)),
    )
