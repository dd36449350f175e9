"""A first equilibrium of a two-player game, fast and exact: Porter-Nudelman-Shoham search.

Support enumeration tries every pair of supports; Porter, Nudelman and Shoham ("Simple search
methods for finding a Nash equilibrium", Games and Economic Behavior 63, 2008, Algorithm 1)
observed that in most games some equilibrium has small, balanced supports, so trying those
first, and skipping the supports that hold a strategy no mix of the other's support could make
a best response, finds one equilibrium after few tries.  The answer is *an* equilibrium, not
the list: `solve` marks it incomplete.

The search, for bimatrix ``A, B`` of shape ``(m, n)``:

1. Support sizes ``(k, l)`` ordered by imbalance ``|k - l|``, then by total ``k + l`` (in a
   nondegenerate game every equilibrium has ``k == l``).
2. For each row support ``S`` of size ``k``: the columns that are not conditionally dominated
   given ``S`` (`beaten`) are the only candidates for the column support; if some row of
   ``S`` is strictly dominated given all those candidates, no column support can rescue it.
3. For each column support ``T`` of size ``l`` among the candidates, with no row of ``S``
   dominated given ``T``: the feasibility program.  Each player's side is separate: the
   column player's mix ``y`` on ``T`` must make every row of ``S`` a best response,
   ``A[S, T] y = 1`` and ``A[i, T] y <= 1`` elsewhere, ``y >= 0`` (payoffs made positive,
   so the common value scales to 1: the face of the best-response polytope of von Stengel
   2002), and likewise ``x`` with ``B``.  A square, nonsingular system has one solution, solved
   exactly (`negotiation.linear`); any other system (unbalanced supports, ties) is an exact
   linear program (`negotiation.simplex`), whose basic solution is a vertex.

Either way the answer is a vertex of both best-response polytopes, hence one of the extreme
equilibria that vertex enumeration and Gambit's ``enummixed`` list, degenerate games included.

Pruning by dominance is sound: in an equilibrium whose supports are exactly ``S, T`` each
strategy of ``T`` is a best response to a mix giving every row of ``S`` positive weight, so no
strategy weakly dominates it on ``S`` (step 2, and the check given ``T``); the check given all
candidates uses strict dominance, since a tie outside ``T`` proves nothing.  The feasibility
program accepts zero weights inside a support, so a pair may yield an equilibrium with smaller
supports: still an equilibrium.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction
from itertools import combinations

import numpy as np

from negotiation.linear import normalised, solve_integer
from negotiation.simplex import maximise
from negotiation.solvers.bimatrix import Profile, integer_weights, positive_integers

__all__ = ["beaten", "pns_equilibrium", "support_sizes"]


def support_sizes(rows: int, cols: int) -> list[tuple[int, int]]:
    """Every pair of support sizes, balanced first, then smallest total (PNS's order)."""
    pairs = [(k, size) for k in range(1, rows + 1) for size in range(1, cols + 1)]
    return sorted(pairs, key=lambda pair: (abs(pair[0] - pair[1]), sum(pair), pair))


def beaten(
    payoff: np.ndarray, candidates: Sequence[int], against: Sequence[int], strict: bool = False
) -> np.ndarray:
    """Which ``candidates`` (rows of ``payoff``) another row beats on the columns ``against``.

    Beaten means conditionally dominated (Porter et al. 2008, Definition 1): some row does at
    least as well on every column of ``against`` and better on one (weakly), or better on
    every one (``strict``).  ``payoff`` is the player's own payoffs with their strategies as
    rows; for the column player pass ``B.T``.
    """
    restricted = payoff[:, list(against)]
    own = restricted[list(candidates)][:, None, :]
    better = restricted[None, :, :] > own
    if strict:
        return better.all(axis=2).any(axis=1)
    return ((restricted[None, :, :] >= own).all(axis=2) & better.any(axis=2)).any(axis=1)


def pns_equilibrium(row_payoffs: np.ndarray, column_payoffs: np.ndarray) -> Profile:
    """The first equilibrium of Porter-Nudelman-Shoham's search, exact.

    Parameters
    ----------
    row_payoffs, column_payoffs : numpy.ndarray
        The bimatrix ``A, B`` of shape ``(m, n)``, exact (int or Fraction entries).

    Returns
    -------
    tuple
        The row player's and the column player's mixed strategies, exact: an extreme
        equilibrium (a vertex of both best-response polytopes).

    Examples
    --------
    Matching pennies has no pure equilibrium; the first balanced pair of size 2 gives the mix:

    >>> pennies = np.array([[1, -1], [-1, 1]]), np.array([[-1, 1], [1, -1]])
    >>> pns_equilibrium(*pennies)
    ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
    """
    for profile in _search(
        positive_integers(np.asarray(row_payoffs, dtype=object)),
        positive_integers(np.asarray(column_payoffs, dtype=object)),
    ):
        return profile
    msg = "no equilibrium found: Nash's theorem says there is one"
    raise AssertionError(msg)


def _search(a: list[list[int]], b: list[list[int]]) -> Iterator[Profile]:
    """Equilibria in PNS's order of support pairs (one per feasible pair)."""
    # numpy picks int64 when the integers fit and Python ints otherwise: exact either way,
    # and only compared, never multiplied.
    row_matrix, column_matrix = np.array(a), np.array(b).T
    b_transposed = _transposed(b)  # the column player's payoffs, own strategies as rows
    rows, cols = len(a), len(a[0])
    for size_x, size_y in support_sizes(rows, cols):
        for support_x in combinations(range(rows), size_x):
            candidates = [
                j for j, out in enumerate(beaten(column_matrix, range(cols), support_x)) if not out
            ]
            if (
                len(candidates) < size_y
                or beaten(row_matrix, support_x, candidates, strict=True).any()
            ):
                continue
            for support_y in combinations(candidates, size_y):
                if beaten(row_matrix, support_x, support_y).any():
                    continue
                y = _best_response_face(a, support_x, support_y)
                if y is None:
                    continue
                x = _best_response_face(b_transposed, support_y, support_x)
                if x is not None:
                    yield normalised(x), normalised(y)


def _dot(row: Sequence[int], weights: Sequence[int]) -> int:
    return sum(entry * weight for entry, weight in zip(row, weights, strict=True))


def _transposed(matrix: list[list[int]]) -> list[list[int]]:
    return [list(column) for column in zip(*matrix, strict=True)]


def _best_response_face(
    payoff: list[list[int]], rows: Sequence[int], support: Sequence[int]
) -> list[Fraction] | None:
    """A vertex ``z >= 0`` on ``support``, zero elsewhere, with ``payoff[i] @ z`` equal to 1 for
    ``i`` in ``rows`` and at most 1 for the other rows; None when there is none.

    The opponent mixing ``z / sum(z)`` makes exactly ``rows`` (at least) best responses.
    """
    others = [i for i in range(len(payoff)) if i not in rows]
    tight = [[payoff[i][j] for j in support] for i in rows]
    values: list[Fraction] | None = None
    if len(rows) == len(support):
        values = solve_integer([[*row, 1] for row in tight])
        if values is not None and min(values) < 0:
            return None
    if values is None:  # unbalanced, or singular: a linear program finds a vertex, if any
        found = maximise(
            [0] * len(support),
            [[payoff[i][j] for j in support] for i in others],
            [1] * len(others),
            tight,
            [1] * len(rows),
        )
        if found is None:
            return None
        values = found[1]
    else:  # no other row pays more than the tight ones: in integers, values scaled up
        weights = integer_weights(values)
        tight_value = _dot(tight[0], weights)
        if any(_dot([payoff[i][j] for j in support], weights) > tight_value for i in others):
            return None
    full = [Fraction(0)] * len(payoff[0])
    for j, z in zip(support, values, strict=True):
        full[j] = z
    return full
