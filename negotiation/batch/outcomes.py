"""Outcomes: what a policy conclusion is about, the supports of every equilibrium at a point.

A point's *outcome* is the sorted tuple of its equilibria's supports (who plays what with
positive probability), without the probabilities: two points with the same outcome tell the
same story.  The batch engine codes each point's outcome as an index into the outcomes met, so
that 10^7 points cost one integer each.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from negotiation.results import SolveResult

__all__ = [
    "Outcome",
    "Support",
    "outcome_codes",
    "outcome_label",
    "result_outcome",
    "row_outcome_codes",
    "support_key",
]

# Each equilibrium, player by player, as the strategies it uses: the ``support`` of
# `Equilibrium`.  An outcome is the tuple of the supports of every equilibrium at a point.
Support = tuple[tuple[int, ...], ...]
Outcome = tuple[Support, ...]


def outcome_label(
    outcome: Outcome,
    players: Sequence[str],
    strategies: Sequence[Sequence[str]],
    pure_only: bool = False,
) -> str:
    """An outcome in words: each equilibrium's supports, equilibria joined by `` | ``.

    Examples
    --------
    >>> outcome_label((((0,), (0,)), ((0, 1), (0, 1))), ["Ann", "Bob"], [["a", "b"]] * 2)
    'Ann: a; Bob: a | Ann: a + b; Bob: a + b'
    """
    if not outcome:
        return "no pure equilibrium" if pure_only else "no equilibrium"
    return " | ".join(
        "; ".join(
            f"{player}: {' + '.join(labels[k] for k in used)}"
            for player, labels, used in zip(players, strategies, support, strict=True)
        )
        for support in outcome
    )


def support_key(support: Support) -> tuple:
    """How outcomes sort their supports: by total size, then lexicographically."""
    return (sum(len(used) for used in support), support)


def result_outcome(result: SolveResult) -> Outcome:
    """The outcome of a single solve: its equilibria's supports, sorted as the batch sorts
    them (by total support size, then lexicographically: the order of `pair_supports`)."""
    return tuple(sorted((eq.support() for eq in result.equilibria), key=support_key))


def outcome_codes(
    found: np.ndarray, supports: Sequence[Support], code: Callable[[Outcome], int]
) -> np.ndarray:
    """The outcome code of each point from the support pairs found there, ``(P, N)``.

    One sort per chunk: the found pairs are packed into bytes, the distinct rows found with
    `numpy.unique`, and only those are named (``code`` gives each outcome its number).
    """
    if found.shape[1] == 0:
        return np.empty(0, dtype=np.intp)
    packed = np.packbits(found, axis=0)  # (bytes, N)
    if len(packed) <= 8:
        keys = np.zeros(found.shape[1], dtype=np.uint64)
        for byte in packed:
            keys = (keys << np.uint64(8)) | byte
        unique, inverse = np.unique(keys, return_inverse=True)
        unique_rows = (
            (unique[:, None] >> np.arange(8 * (len(packed) - 1), -1, -8, dtype=np.uint64))
            & np.uint64(255)
        ).astype(np.uint8)
    else:
        unique_rows, inverse = np.unique(packed.T, axis=0, return_inverse=True)
    columns = np.unpackbits(unique_rows, axis=1, count=len(found)).astype(bool)
    codes = np.array(
        [code(tuple(supports[p] for p in np.flatnonzero(row))) for row in columns],
        dtype=np.intp,
    )
    return codes[inverse.reshape(-1)]


def row_outcome_codes(
    points: np.ndarray, used: Sequence[np.ndarray], count: int, code: Callable[[Outcome], int]
) -> np.ndarray:
    """The outcome code of points ``0 .. count-1`` from their equilibria, given as rows:
    ``points`` ``(E,)`` and, per player, which strategies each row uses ``(E, s_i)``.

    Each distinct support is named once; each point's supports are sorted as `result_outcome`
    sorts them, and each distinct list of them is named once.
    """
    offsets = np.cumsum([0, *(mask.shape[1] for mask in used)])
    bits = sum(
        (mask.astype(np.int64) << np.arange(mask.shape[1])).sum(axis=1) << offset
        for mask, offset in zip(used, offsets[:-1], strict=False)
    )
    distinct, index = np.unique(np.asarray(bits, dtype=np.int64), return_inverse=True)
    supports = [
        tuple(
            tuple(k for k in range(size) if value >> (offset + k) & 1)
            for size, offset in zip(np.diff(offsets), offsets[:-1], strict=True)
        )
        for value in distinct.tolist()
    ]
    by_rank = sorted(supports, key=support_key)
    rank = np.array([by_rank.index(support) for support in supports], dtype=np.intp)
    ranks = rank[index.reshape(-1)] if len(index) else np.empty(0, dtype=np.intp)
    order = np.lexsort((ranks, points))
    points, ranks = points[order], ranks[order]
    bounds = np.searchsorted(points, np.arange(count + 1))
    depth = int(np.diff(bounds).max(initial=0))
    table = np.full((count, depth), -1, dtype=np.int64)
    table[points, np.arange(len(points)) - bounds[points]] = ranks
    unique, inverse = np.unique(table, axis=0, return_inverse=True)
    codes = np.array(
        [code(tuple(by_rank[k] for k in row if k >= 0)) for row in unique.tolist()],
        dtype=np.intp,
    )
    return codes[inverse.reshape(-1)]
