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

The polytopes' vertices are found by reverse search (Avis and Fukuda 1992, as in Avis's lrs):
a depth-first walk down a tree of their lexicographically feasible bases, each basis's parent
the one the simplex method pivots to from it, with integer pivoting.  Not every subset of
tight inequalities is tried, and no basis met is remembered: the work grows with the number of
vertices, not with the C(m + n, m) subsets (a random 15x15 game has about 50,000 vertices per
polytope, against 1.6e8 subsets), and the memory with the vertices alone.  Lexicographic
pivoting treats a degenerate polytope as a slightly perturbed simple one, so every basis has
one parent and the walk meets every vertex; each vertex of the degenerate polytope is the
limit of at least one perturbed vertex.

All arithmetic is in integers and Fractions, so nothing is lost to rounding.  In a
*degenerate* game some vertex has more tight inequalities than the polytope's dimension; the
equilibria then form continua (components), and the pairs found are exactly the vertices of
those components, as Gambit reports them.  The game is flagged degenerate.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from math import comb

import numpy as np

from negotiation.linear import integer_row, normalised, solve_integer
from negotiation.solvers.bimatrix import positive_integers


@dataclass(frozen=True)
class Vertex:
    """A vertex of a polytope ``{z : G z <= h}`` with the labels of its tight rows."""

    point: tuple[Fraction, ...]
    labels: frozenset[int]


# Games whose best-response polytopes may have more vertices than an hour can walk are
# refused before any work: when even C(m + n, m), the number of ways to choose a vertex's
# tight inequalities, is beyond MAX_SUBSETS (so a 21x21 game is tried, a 22x22 one is not).
# The walk's memory grows with the vertices found, never with its work, so nothing else is
# refused.  A random 20x20 game has about 2e6 vertices a polytope and takes minutes; each
# added strategy multiplies them by two or three (benchmarks/vertex_enumeration.py).
MAX_SUBSETS = 10**12

Report = Callable[[int], None]
# Bases between two calls of a walk's progress report (a few seconds of a 20x20 walk).
_REPORT_EVERY = 10_000


def vertex_enumeration_effort(rows_count: int, columns_count: int) -> int:
    """An upper bound on the vertices of either best-response polytope of an m x n game:
    C(m + n, m), the ways to pick a vertex's m (or n) tight inequalities.

    Examples
    --------
    >>> vertex_enumeration_effort(3, 3)
    20
    """
    return comb(rows_count + columns_count, rows_count)


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


def _lexicographic_ratio_test(
    dictionary: np.ndarray, column: int, rows: Iterable[int], order: np.ndarray
) -> int:
    """The row, of ``rows``, that leaves when ``column`` enters: the least ratio of
    right-hand side to pivot entry, ties broken by comparing the rows' entries in the
    ``order`` columns (those of the starting basis, so the comparison is the lexicographic
    rule), -1 if no row has a positive entry.  Ratios are compared by cross-multiplying
    integers."""
    best = -1
    for row in rows:
        pivot = dictionary[row, column]
        if pivot <= 0:
            continue
        if best < 0:
            best = row
            continue
        least = dictionary[best, column]
        ours, theirs = dictionary[row, 0] * least, dictionary[best, 0] * pivot
        if ours == theirs:  # a tie (a degenerate vertex): the starting basis's columns decide
            for values in order:
                ours, theirs = values[row] * least, values[best] * pivot
                if ours != theirs:
                    break
        if ours < theirs:
            best = row
    return best


# Ratios computed in floats from exact integers below this size err by a few units in the
# last place, far less than _RATIO_TIE: a row whose float ratio is beyond the float minimum by
# more than that cannot have the least exact ratio.
_FLOAT_SAFE = 1e150
_RATIO_TIE = 1e-9
# Bases pivoted together: numpy's loops then run over many dictionaries at once, so the
# per-call cost of numpy is paid once per batch, not once per basis.
_BATCH = 128


def _leaving_rows(dictionaries: np.ndarray, order: Callable[[int], np.ndarray]) -> list[list[int]]:
    """For each dictionary of a batch ``(K, rows, 1 + cobasic)`` and each cobasic column, the
    row that leaves when that column enters (-1: none), by the lexicographic ratio test.

    The least ratio is found for every column at once in floats (`_as_floats`); only the
    rows whose float ratio is within a relative ``_RATIO_TIE`` of the column's least (one,
    unless the ratios tie or nearly do) are compared exactly.  A float conversion of an
    integer, and a division, are each correctly rounded, so the exactly least row is always
    among them.
    ``order(k)`` gives dictionary ``k``'s starting-basis columns, needed only for a tie.
    """
    count, rows_count, width = dictionaries.shape
    approximate = _as_floats(dictionaries)
    entries = approximate[:, :, 1:]
    positive = entries > 0
    ratios = np.full(entries.shape, np.inf)
    with np.errstate(all="ignore"):  # inf / inf where a dictionary is beyond the float range
        np.divide(approximate[:, :, :1], entries, out=ratios, where=positive)
    candidates = positive & (ratios <= ratios.min(axis=1, keepdims=True) * (1 + _RATIO_TIE))
    counts = candidates.sum(axis=1)  # (K, cobasic)
    leaving = np.argmax(candidates, axis=1)
    leaving[counts == 0] = -1
    unsafe = ~(np.abs(approximate).max(axis=(1, 2)) <= _FLOAT_SAFE)
    found = leaving.tolist()
    for at in np.flatnonzero(unsafe).tolist():
        ties = order(at)
        found[at] = [
            _lexicographic_ratio_test(dictionaries[at], column, range(rows_count), ties)
            for column in range(1, width)
        ]
    for at, column in np.argwhere((counts > 1) & ~unsafe[:, None]).tolist():
        rows = np.flatnonzero(candidates[at, :, column]).tolist()
        found[at][column] = _lexicographic_ratio_test(
            dictionaries[at], 1 + column, rows, order(at)
        )
    return found


def _as_floats(dictionaries: np.ndarray) -> np.ndarray:
    """The integer dictionaries in floats, each entry correctly rounded (so its sign is
    exact); inf where an entry is beyond the float range."""
    try:
        return dictionaries.astype(float)
    except OverflowError:  # some entry beyond the float range: mark its dictionary
        approximate = np.full(dictionaries.shape, np.inf)
        for at, dictionary in enumerate(dictionaries):
            with suppress(OverflowError):
                approximate[at] = dictionary.astype(float)
        return approximate


def _tree_children(
    dictionary: list[list[int]], leaving: list[int], basis: list[int], cobasis: list[int]
) -> list[int]:
    """The cobasic columns whose pivot leads from this basis to one whose parent it is in
    the reverse-search tree (Avis and Fukuda 1992; lrs).

    A basis's parent is the basis that the simplex method, minimising ``sum(z)``, pivots to
    from it: the entering variable is the least-numbered one whose reduced cost is
    negative (Bland's rule), the leaving one chosen by the lexicographic ratio test.  Every
    lexicographically feasible basis but the start (``z = 0``, the only one where no cost is
    negative) has a parent, and following parents never cycles, so the parents form a tree
    rooted at the start: a depth-first walk down it meets every basis once, with nothing to
    remember of the bases already met.  The last row of the ``dictionary`` is the objective
    ``w``, as ``(W[0] - sum W[1 + k] x_k) / determinant``: column ``k`` lowers ``w`` when
    ``W[1 + k] > 0``; ``leaving`` gives each column's leaving row (-1: none).

    Pivoting on ``(r, j)`` leads to a child when, in the new basis, the variable that left
    (``basis[r]``, now in column ``j``) lowers ``w`` -- ``W[1 + j] < 0`` -- and no
    lower-numbered cobasic variable does: for ``k != j``, the new cost of column ``k`` is
    negative when ``W[1 + k] D[r, 1 + j] - W[1 + j] D[r, 1 + k] > 0``.  The leaving variable
    of that parent pivot is then ``cobasis[j]`` again, as the lexicographic rule walks the
    edges of a perturbed simple polytope.  Few columns pass the first test, so this is done
    in Python's exact integers, without numpy's cost per call.
    """
    objective = dictionary[-1]
    children = []
    for j, r in enumerate(leaving):
        if r < 0 or objective[1 + j] >= 0:
            continue
        row, variable, cost = dictionary[r], basis[r], objective[1 + j]
        pivot = row[1 + j]
        if not any(
            objective[1 + k] * pivot - cost * row[1 + k] > 0
            for k, other in enumerate(cobasis)
            if other < variable and k != j
        ):
            children.append(j)
    return children


def _pivot(
    dictionaries: np.ndarray, rows: np.ndarray, columns: np.ndarray, determinants: np.ndarray
) -> np.ndarray:
    """Integer pivoting (Edmonds 1967; Avis's lrs) on a batch of dictionaries, the rows of
    the basic variables over the columns of the right-hand side and the cobasic ones, each
    on its own ``(row, column)``: every entry stays an integer, the dictionary times
    1/determinant; the new determinant is the pivot entry, the divisions exact.  The leaving
    variable takes the entering one's column: there the pivot row holds the old
    determinant, the other rows their negated entry."""
    batch = np.arange(len(dictionaries))
    pivot_rows = dictionaries[batch, rows]  # (K, width)
    factors = dictionaries[batch, :, columns]  # (K, rows)
    pivots = pivot_rows[batch, columns]
    pivoted = (
        dictionaries * pivots[:, None, None] - factors[:, :, None] * pivot_rows[:, None, :]
    ) // determinants[:, None, None]
    pivoted[batch, rows] = pivot_rows
    pivoted[batch, :, columns] = -factors
    pivoted[batch, rows, columns] = determinants
    return pivoted


def _order_columns(
    dictionary: np.ndarray, basis: list[int], cobasis: list[int], determinant: int, first: int
) -> np.ndarray:
    """The columns of the starting basis's variables (``first`` on) in the current
    dictionary, one per row of the result: a cobasic one's column, or ``determinant`` times a
    unit vector for a basic one."""
    rows_count = len(dictionary)
    columns = np.zeros((rows_count, rows_count), dtype=object)
    for at, variable in enumerate(cobasis):
        if variable >= first:
            columns[variable - first] = dictionary[:, 1 + at]
    for at, variable in enumerate(basis):
        if variable >= first:
            columns[variable - first, at] = determinant
    return columns


def walk_vertices(matrix: list[list[int]]) -> list[Vertex]:
    """Every vertex of ``{z >= 0 : matrix @ z <= 1}`` with its labels (see `_walk`).

    Examples
    --------
    A kite, ``z1 + 2 z2 <= 1`` and ``2 z1 + z2 <= 1``: its vertices and their labels.

    >>> for vertex in sorted(walk_vertices([[1, 2], [2, 1]]), key=lambda v: v.point):
    ...     print(*map(str, vertex.point), sorted(vertex.labels))
    0 0 [0, 1]
    0 1/2 [0, 2]
    1/3 1/3 [2, 3]
    1/2 0 [1, 3]
    """
    width = len(matrix) + len(matrix[0])
    return [
        Vertex(
            tuple(_vertex_point(matrix, key)),
            frozenset(v for v in range(width) if labels >> v & 1),
        )
        for labels, key in _walk(matrix).items()
    ]


def _walk(matrix: list[list[int]], report: Report | None = None) -> dict[int, int]:
    """Every vertex of ``{z >= 0 : matrix @ z <= 1}``, a polytope when every entry of the
    (k x d) integer ``matrix`` is positive: its labels, as bits, and a basis that defines it
    (the first of `_lexicographic_bases` met there).

    Variables ``0..d-1`` are ``z``, ``d..d+k-1`` the slacks of the k inequalities; a vertex's
    labels are the variables that are zero there, which tell it from every other vertex (it
    is the only point where they all are zero).  The memory is two integers a vertex; its
    coordinates are computed again (`_vertex_point`) only for the few that make an
    equilibrium.  ``report``, if given, is called with the number of bases met since its
    last call, every `_REPORT_EVERY` bases: a long walk's progress.
    """
    found: dict[int, int] = {}
    for met, (key, labels) in enumerate(_lexicographic_bases(matrix), 1):
        found.setdefault(labels, key)
        if report is not None and met % _REPORT_EVERY == 0:
            report(_REPORT_EVERY)
    return found


def _lexicographic_bases(matrix: list[list[int]]) -> Iterator[tuple[int, int]]:
    """Every lexicographically feasible basis of ``{z >= 0 : matrix @ z <= 1}`` once, as
    bits of its basic variables (numbered as in `_walk`), with the labels of its vertex.

    This is Avis and Fukuda's reverse search, as in lrs: it starts at ``z = 0`` (the slacks
    basic) and goes down the tree that `_tree_children` defines, one pivot per basis, and
    remembers no basis it has left.  It keeps the dictionary (the basic variables' rows over
    the cobasic columns, half the tableau, with the objective's row last) as a numpy array of
    Python integers: numpy runs the loops over a batch of bases, Python's integers stay
    exact.
    """
    rows_count, dimension = len(matrix), len(matrix[0])
    start = np.array(
        [[1, *map(int, entries)] for entries in matrix] + [[0] + [-1] * dimension],
        dtype=object,
    )
    basis = list(range(dimension, dimension + rows_count))
    key = sum(1 << variable for variable in basis)
    every = (1 << (dimension + rows_count)) - 1
    # Depth first down the tree; a basis waits on the stack as its parent's dictionary and
    # the pivot that leads to it.  The last _BATCH waiting are pivoted together.
    stack: list[tuple[np.ndarray, list[int], list[int], int, int, int, int]] = []
    batch = [(start[None], [basis], [list(range(dimension))], [key], [1])]
    while batch:
        dictionaries, bases, cobases, keys, determinants = batch.pop()

        def order(
            at: int,
            dictionaries: np.ndarray = dictionaries,
            bases: list[list[int]] = bases,
            cobases: list[list[int]] = cobases,
            determinants: list[int] = determinants,
        ) -> np.ndarray:
            return _order_columns(
                dictionaries[at, :-1], bases[at], cobases[at], determinants[at], dimension
            )

        leaving = _leaving_rows(dictionaries[:, :-1], order)
        for at, dictionary in enumerate(dictionaries):
            basis, cobasis, key, determinant = bases[at], cobases[at], keys[at], determinants[at]
            entries = dictionary.tolist()
            labels = every ^ key  # the cobasic variables, and basic ones that are zero:
            labels |= sum(1 << basis[row] for row in range(rows_count) if entries[row][0] == 0)
            yield key, labels
            for column in _tree_children(entries, leaving[at], basis, cobasis):
                row = leaving[at][column]
                neighbour = key ^ (1 << basis[row]) ^ (1 << cobasis[column])
                stack.append((dictionary, basis, cobasis, row, column, neighbour, determinant))
        if stack:
            waiting, stack[-_BATCH:] = stack[-_BATCH:], []
            parents, bases, cobases, rows, columns, keys, parent_determinants = map(
                list, zip(*waiting, strict=True)
            )
            new_determinants = [
                parent[row, 1 + column]
                for parent, row, column in zip(parents, rows, columns, strict=True)
            ]
            pivoted = _pivot(
                np.stack(parents),
                np.array(rows),
                1 + np.array(columns),
                np.array(parent_determinants, dtype=object),
            )
            new_bases, new_cobases = [], []
            for basis, cobasis, row, column in zip(bases, cobases, rows, columns, strict=True):
                basis, cobasis = basis.copy(), cobasis.copy()
                basis[row], cobasis[column] = cobasis[column], basis[row]
                new_bases.append(basis)
                new_cobases.append(cobasis)
            batch.append((pivoted, new_bases, new_cobases, keys, new_determinants))


def _vertex_point(matrix: list[list[int]], key: int) -> list[Fraction]:
    """The vertex of ``{z >= 0 : matrix @ z <= 1}`` where the variables out of basis ``key``
    (bits, numbered as in `_walk`) are zero: ``z_i = 0`` or inequality ``j`` tight."""
    rows_count, dimension = len(matrix), len(matrix[0])
    equations = []
    for variable in range(dimension + rows_count):
        if key >> variable & 1:
            continue
        if variable < dimension:
            equations.append([int(c == variable) for c in range(dimension)] + [0])
        else:
            equations.append([*matrix[variable - dimension], 1])
    point = solve_integer(equations)
    if point is None:  # pragma: no cover - a basis is nonsingular
        msg = "singular basis"
        raise ArithmeticError(msg)
    return point


def _polytope_matrices(
    row_payoff: np.ndarray, column_payoff: np.ndarray
) -> tuple[list[list[int]], list[list[int]]]:
    """``B^T`` and ``A``, positive integers: the matrices of ``P`` and ``Q``."""
    rows_count, columns_count = row_payoff.shape
    b = positive_integers(column_payoff)
    p_matrix = [[b[i][j] for i in range(rows_count)] for j in range(columns_count)]
    return p_matrix, positive_integers(row_payoff)


def _labelled_vertices(
    p_matrix: list[list[int]], q_matrix: list[list[int]], report: Report | None = None
) -> tuple[dict[int, int], dict[int, int]]:
    """The vertices of ``P`` and ``Q`` as label bits -> a basis of the walk (bits of its own
    variables).  Labels ``0..m-1`` are the row strategies, ``m..m+n-1`` the columns: in ``P``
    label ``i`` is ``x_i = 0`` and ``m + j`` column ``j`` a best response; in ``Q`` label
    ``i`` is row ``i`` a best response and ``m + j`` is ``y_j = 0``."""
    columns_count, rows_count = len(p_matrix), len(q_matrix)
    # P's variables are x_i (label i), then column j's slack (label m + j): the labels.
    # Q's are y_j (label m + j), then row i's slack (label i).
    p_vertices, q_walked = _both_walks(p_matrix, q_matrix, report)
    low = (1 << columns_count) - 1
    q_vertices = {
        (labels >> columns_count) | (labels & low) << rows_count: key
        for labels, key in q_walked.items()
    }
    return p_vertices, q_vertices


# Subsets C(m + n, m) from which the two walks are worth a second process (about 0.1 s of
# walking; starting a process costs some 10 ms): 11x11 games and larger.
MIN_PARALLEL = 500_000


def _both_walks(
    p_matrix: list[list[int]], q_matrix: list[list[int]], report: Report | None = None
) -> tuple[dict[int, int], dict[int, int]]:
    """`_walk` of both polytopes: on a machine with two cores or more, and for a game large
    enough, Q's walk in a forked process while this one walks P (the walks are independent
    and hold the GIL, so threads would not help), halving the time of a large game.  Only
    this process's walks call ``report``."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    large = vertex_enumeration_effort(len(q_matrix), len(p_matrix)) >= MIN_PARALLEL
    if cores < 2 or not large or "fork" not in multiprocessing.get_all_start_methods():
        return _walk(p_matrix, report), _walk(q_matrix, report)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        q_walk = pool.submit(_walk, q_matrix)
        p_vertices = _walk(p_matrix, report)
        return p_vertices, q_walk.result()


def _overlabelled(
    p_vertices: dict[int, int], q_vertices: dict[int, int], rows_count: int, columns_count: int
) -> bool:
    """Whether some vertex of ``P`` has more than ``m`` labels or of ``Q`` more than ``n``:
    a mix with more pure best responses than strategies played (a degenerate game)."""
    return any(_overlabelled_vertex(labels, rows_count) for labels in p_vertices) or any(
        _overlabelled_vertex(labels, columns_count) for labels in q_vertices
    )


def _overlabelled_vertex(labels: int, dimension: int) -> bool:
    """Whether a vertex has more labels (tight inequalities) than its polytope dimensions."""
    return labels.bit_count() > dimension


def is_degenerate(row_payoff: np.ndarray, column_payoff: np.ndarray) -> bool:
    """Whether the bimatrix game is degenerate, exactly: the test of `extreme_equilibria`
    without the pairing, for the solvers that find one equilibrium and do not walk the
    polytopes themselves; it stops at the first vertex with too many labels.  For a game
    that is not degenerate it is as costly as the walk (deciding degeneracy is NP-complete
    in general), so callers bound the game's size first (`vertex_enumeration_effort`).

    Examples
    --------
    >>> import numpy as np
    >>> is_degenerate(np.array([[1, 0], [0, 1]]), np.array([[1, 0], [0, 1]]))
    False
    >>> is_degenerate(np.array([[1, 1], [0, 1]]), np.array([[1, 0], [0, 1]]))
    True
    """
    return any(
        _overlabelled_vertex(labels, len(matrix[0]))
        for matrix in _polytope_matrices(row_payoff, column_payoff)
        for _, labels in _lexicographic_bases(matrix)
    )


def extreme_equilibria(
    row_payoff: np.ndarray, column_payoff: np.ndarray, report: Report | None = None
) -> tuple[list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]], bool]:
    """Every extreme equilibrium of the bimatrix game, and whether the game is degenerate.

    Parameters
    ----------
    row_payoff, column_payoff : ndarray of Fraction, shape (m, n)
    report : callable, optional
        Called now and then with the number of bases walked since its last call (a large
        game's walk takes minutes: a progress display counts them).

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
    p_matrix, q_matrix = _polytope_matrices(row_payoff, column_payoff)
    p_vertices, q_vertices = _labelled_vertices(p_matrix, q_matrix, report)
    degenerate = _overlabelled(p_vertices, q_vertices, rows_count, columns_count)
    # A pair is an equilibrium when the Q vertex has every label the P vertex misses.  At a
    # simple P vertex (m labels) the n it misses are all a simple Q vertex's labels: one
    # lookup; degenerate vertices, on either side, are few and checked against the others.
    # The origin (every x_i = 0, or every y_j = 0) pairs with nothing.
    rows = (1 << rows_count) - 1
    columns = ((1 << columns_count) - 1) << rows_count
    every = rows | columns
    nonzero_q = [labels for labels in q_vertices if labels & columns != columns]
    degenerate_q = [labels for labels in nonzero_q if _overlabelled_vertex(labels, columns_count)]
    equilibria = []
    for p_labels, p_key in p_vertices.items():
        if p_labels & rows == rows:
            continue
        missing = every & ~p_labels
        if p_labels.bit_count() == rows_count:
            partners = [missing] if missing in q_vertices and missing & columns != columns else []
            partners += [q for q in degenerate_q if not missing & ~q]
        else:
            partners = [q for q in nonzero_q if not missing & ~q]
        if partners:
            x = normalised(_vertex_point(p_matrix, p_key))
        for q_labels in partners:
            y = normalised(_vertex_point(q_matrix, q_vertices[q_labels]))
            equilibria.append((x, y))
    return equilibria, degenerate
