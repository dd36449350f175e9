"""Every equilibrium found at every point, as one table of float rows.

Why a table and not a list of `SolveResult`: 10^5 points have 10^5 or more equilibria, and
one numpy array per column costs little, sorts at once, and is what output formats read.  The
rows of a point are in the order `negotiation.solvers.solve` gives, so that a batch answer and
an exact one can be compared row by row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from negotiation.results import SolveResult

__all__ = ["EquilibriumTable", "Rows", "result_rows", "table"]

# Some rows of the table: point index, one probability array per player, payoffs.
Rows = tuple[np.ndarray, tuple[np.ndarray, ...], np.ndarray]


@dataclass(frozen=True)
class EquilibriumTable:
    """Every equilibrium found, one row each, ordered by point then as `solve` orders them.

    Attributes
    ----------
    point : numpy.ndarray
        ``(E,)`` index of the point each equilibrium belongs to.
    profiles : tuple of numpy.ndarray
        One ``(E, s_i)`` array per player: the probability of each of its strategies.
    payoffs : numpy.ndarray
        ``(E, n)`` expected payoff of each player.
    """

    point: np.ndarray
    profiles: tuple[np.ndarray, ...]
    payoffs: np.ndarray

    def __len__(self) -> int:
        return len(self.point)

    def rows(self, point: int) -> slice:
        """The rows of one point's equilibria."""
        start, stop = np.searchsorted(self.point, [point, point + 1])
        return slice(int(start), int(stop))

    def bounds(self, count: int) -> np.ndarray:
        """``(count + 1,)``: the rows of point ``k`` are ``bounds[k]:bounds[k + 1]``."""
        return np.searchsorted(self.point, np.arange(count + 1))


def result_rows(point: int, result: SolveResult) -> Rows:
    """An exact result's equilibria as float rows of the table."""
    equilibria = result.equilibria
    shape = result.game.shape
    profiles = tuple(
        np.array([[float(p) for p in eq.profile[player]] for eq in equilibria]).reshape(
            len(equilibria), size
        )
        for player, size in enumerate(shape)
    )
    payoffs = np.array([[float(v) for v in eq.payoffs] for eq in equilibria]).reshape(
        len(equilibria), len(shape)
    )
    return np.full(len(equilibria), point, dtype=np.intp), profiles, payoffs


def table(rows: Sequence[Rows], shape: tuple[int, ...]) -> EquilibriumTable:
    """All rows, sorted by point, then as `solve` sorts: pure first, then by probabilities."""
    if not rows:
        return EquilibriumTable(
            np.empty(0, dtype=np.intp),
            tuple(np.empty((0, size)) for size in shape),
            np.empty((0, len(shape))),
        )
    point = np.concatenate([row[0] for row in rows])
    profiles = tuple(np.concatenate([row[1][k] for row in rows]) for k in range(len(shape)))
    payoffs = np.concatenate([row[2] for row in rows])
    flat = np.concatenate(profiles, axis=1)
    pure = ((flat > 0).reshape(len(flat), -1).sum(axis=1)) == len(shape)
    # Rounded, so that probabilities equal in exact arithmetic sort as the exact solver's do.
    keys = -np.round(flat, 9)
    order = np.lexsort((*(keys[:, k] for k in reversed(range(flat.shape[1]))), ~pure, point))
    return EquilibriumTable(
        point[order], tuple(profile[order] for profile in profiles), payoffs[order]
    )
