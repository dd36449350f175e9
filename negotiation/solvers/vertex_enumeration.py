"""Every extreme Nash equilibrium of a two-player game, exactly, by vertex enumeration.

The method (Algorithm 3.5 of von Stengel, "Computing equilibria for two-person games", in
Handbook of Game Theory vol. 3, 2002; also Gambit's ``enummixed``):

1. Make both payoff matrices positive (adding a constant changes no best response).
2. Enumerate the vertices of the best-response polytopes
   ``P = {x >= 0 : B^T x <= 1}`` (row player) and ``Q = {y >= 0 : A y <= 1}`` (column player).
   Each tight inequality is a *label*: ``x_i = 0`` or ``y_j = 0`` says a strategy is unused,
   ``(B^T x)_j = 1`` or ``(A y)_i = 1`` says it is a best response.
3. A pair of non-zero vertices ``(x, y)`` whose labels cover every strategy of both players is
   an extreme equilibrium after normalising ``x`` and ``y`` to probabilities.

All arithmetic is in Fractions, so nothing is lost to rounding.  In a *degenerate* game some
vertex has more tight inequalities than the polytope's dimension; the equilibria then form
continua (components), and the pairs found are exactly the vertices of those components, as
Gambit reports them.  The game is flagged degenerate.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from math import comb

import numpy as np

from negotiation.linear import integer_row, solve_integer


@dataclass(frozen=True)
class Vertex:
    """A vertex of a polytope ``{z : G z <= h}`` with the labels of its tight rows."""

    point: tuple[Fraction, ...]
    labels: frozenset[int]


# The work grows with the subsets of tight rows tried, C(m + n, m) per polytope, times the
# cost of solving one (about d^3 for dimension d): vertex_enumeration_effort.  Measured on
# random integer games (2 shared cores): 8x8 (2.6e7) 2.3 s, 9x9 (7.1e7) 9 s, 10x10 (3.7e8)
# 33 s and 390 MB, 2x40 (5.5e7) 13 s, 1x100 (1e8) 9 s, 3x30 (1.5e8) 42 s, 1x200 (1.6e9)
# 120 s; 12x12 (9.3e9) exhausts 6 GB.  Between 0.9 and 2.8e-7 s per unit: the bound below
# answers within about two minutes and a few hundred MB, and refuses the rest at once.
MAX_EFFORT = 5 * 10**8


def vertex_enumeration_effort(rows_count: int, columns_count: int) -> int:
    """The work of `extreme_equilibria` on an m x n game, in the units of `MAX_EFFORT`.

    Examples
    --------
    >>> vertex_enumeration_effort(3, 3)
    1080
    """
    return comb(rows_count + columns_count, rows_count) * (rows_count**3 + columns_count**3)


# A float solve of a system this well conditioned is accurate to far better than the
# screening margin below; worse-conditioned (or singular) systems go straight to exact solving.
_WELL_CONDITIONED = 1e8
_SCREEN_MARGIN = 1e-6


def _candidate_subsets(
    rows: list[list[Fraction]], bounds: list[Fraction], dimension: int
) -> list[tuple[tuple[int, ...], np.ndarray | None]]:
    """The row subsets that may define a vertex, with their float solution when reliable.

    Solving every subset exactly is what the method asks; doing it in Fractions costs seconds
    from 6x6 games on.  So all subsets are first solved together in floats, and only those
    that are ill-conditioned, or that float arithmetic cannot rule out as infeasible by a wide
    margin, are kept for the exact step.  No vertex is lost: a well-conditioned system's float
    solution errs by far less than the margin.
    """
    subsets = np.array(list(combinations(range(len(rows)), dimension)), dtype=np.intp)
    try:
        matrix = np.array(rows, dtype=float)
        vector = np.array(bounds, dtype=float)
    except OverflowError:  # payoffs beyond the float range: every subset gets the exact step
        return [(tuple(int(r) for r in subset), None) for subset in subsets]
    # Near the float range's ends the products below may overflow: an inf or nan condition
    # number or slack never rules a subset out.
    with np.errstate(all="ignore"):
        systems = matrix[subsets]
        conditioned = np.linalg.cond(systems) < _WELL_CONDITIONED
        points = np.zeros((len(subsets), dimension))
        if conditioned.any():
            points[conditioned] = np.linalg.solve(
                systems[conditioned], vector[subsets[conditioned]][..., None]
            )[..., 0]
        scale = 1 + np.abs(matrix) @ np.abs(points).T  # (rows, subsets)
        slack = (vector[:, None] - matrix @ points.T) / scale
        plausible = ~conditioned | ~(slack.min(axis=0) < -_SCREEN_MARGIN)
    return [
        (tuple(int(r) for r in subsets[k]), points[k] if conditioned[k] else None)
        for k in np.flatnonzero(plausible)
    ]


def polytope_vertices(
    rows: list[list[Fraction]], bounds: list[Fraction], dimension: int
) -> list[Vertex]:
    """Every vertex of the bounded polytope ``{z : rows @ z <= bounds}``.

    A vertex is the unique solution of ``dimension`` linearly independent tight rows that
    satisfies all the others; each is listed once, with every row tight at it.  Found
    vertices are exact; floats only decide which subsets need an exact look.
    """
    vertices: list[Vertex] = []
    approximate: list[np.ndarray] = []
    integer_rows = [integer_row(row, bound) for row, bound in zip(rows, bounds, strict=True)]
    for chosen, estimate in _candidate_subsets(rows, bounds, dimension):
        if estimate is not None and any(
            np.allclose(estimate, known, atol=1e-6) and all(r in vertex.labels for r in chosen)
            for vertex, known in zip(vertices, approximate, strict=True)
        ):
            continue  # a vertex already found satisfies this (non-singular) system exactly
        point = solve_integer([integer_rows[r] for r in chosen])
        if point is None or any(vertex.point == tuple(point) for vertex in vertices):
            continue
        slacks = [
            bound - sum(a * z for a, z in zip(row, point, strict=True))
            for row, bound in zip(rows, bounds, strict=True)
        ]
        if all(slack >= 0 for slack in slacks):
            labels = frozenset(r for r, slack in enumerate(slacks) if slack == 0)
            vertices.append(Vertex(tuple(point), labels))
            approximate.append(np.array(point, dtype=float))
    return vertices


def _positive(matrix: np.ndarray) -> list[list[Fraction]]:
    """The matrix shifted so that every entry is at least 1."""
    shift = 1 - min(matrix.flat)
    return [[Fraction(value) + shift for value in row] for row in matrix]


def best_response_polytopes(
    row_payoff: np.ndarray, column_payoff: np.ndarray
) -> tuple[list[Vertex], list[Vertex]]:
    """The vertices of ``P`` and ``Q``, labelled ``0..m-1`` (row strategies), ``m..m+n-1``.

    In ``P`` label ``i`` is ``x_i = 0`` and label ``m + j`` is column ``j`` being a best
    response; in ``Q`` label ``i`` is row ``i`` being a best response and ``m + j`` is
    ``y_j = 0``.  Rows of the constraint system are ordered so that row index = label.
    """
    rows_count, columns_count = row_payoff.shape
    a = _positive(row_payoff)
    b = _positive(column_payoff)
    zero, one = Fraction(0), Fraction(1)

    p_rows = [[-one if k == i else zero for k in range(rows_count)] for i in range(rows_count)]
    p_rows += [[b[i][j] for i in range(rows_count)] for j in range(columns_count)]
    p_bounds = [zero] * rows_count + [one] * columns_count

    q_rows = [list(a[i]) for i in range(rows_count)]
    q_rows += [
        [-one if k == j else zero for k in range(columns_count)] for j in range(columns_count)
    ]
    q_bounds = [one] * rows_count + [zero] * columns_count
    return (
        polytope_vertices(p_rows, p_bounds, rows_count),
        polytope_vertices(q_rows, q_bounds, columns_count),
    )


def extreme_equilibria(
    row_payoff: np.ndarray, column_payoff: np.ndarray
) -> tuple[list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]], bool]:
    """Every extreme equilibrium of the bimatrix game, and whether the game is degenerate.

    Parameters
    ----------
    row_payoff, column_payoff : ndarray of Fraction, shape (m, n)

    Returns
    -------
    equilibria : list of (x, y)
        Probability vectors of the row and column player, exact.
    degenerate : bool
        Whether some vertex of ``P`` has more than ``m`` labels or of ``Q`` more than ``n``.

    Examples
    --------
    >>> import numpy as np
    >>> from fractions import Fraction
    >>> pennies = np.array([[1, -1], [-1, 1]], dtype=object)
    >>> extreme_equilibria(pennies, -pennies)
    ([((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))], False)
    """
    rows_count, columns_count = row_payoff.shape
    p_vertices, q_vertices = best_response_polytopes(row_payoff, column_payoff)
    degenerate = any(len(v.labels) > rows_count for v in p_vertices) or any(
        len(v.labels) > columns_count for v in q_vertices
    )
    all_labels = frozenset(range(rows_count + columns_count))
    equilibria = []
    for p_vertex in p_vertices:
        x_total = sum(p_vertex.point)
        if x_total == 0:
            continue
        missing = all_labels - p_vertex.labels
        for q_vertex in q_vertices:
            y_total = sum(q_vertex.point)
            if y_total == 0 or not missing <= q_vertex.labels:
                continue
            equilibria.append(
                (
                    tuple(value / x_total for value in p_vertex.point),
                    tuple(value / y_total for value in q_vertex.point),
                )
            )
    return equilibria, degenerate
