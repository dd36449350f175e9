"""One equilibrium of a two-player game, fast and exact: the Lemke-Howson algorithm.

Vertex enumeration finds every extreme equilibrium, at a cost that grows with the number of
subsets of strategies; Lemke and Howson (1964) follow one path of the best-response polytopes
from the artificial equilibrium to a real one, in a number of pivots that is small in practice
(Savani and von Stengel (2006) build games where it is exponential; random games are not
among them).  So a 100x100 game gets one equilibrium in about a second where enumeration would
never finish.  The answer is *an* equilibrium, not the list: `solve` marks it incomplete.

The method (von Stengel, "Computing equilibria for two-person games", Handbook of Game Theory
vol. 3, 2002, section 3; Algorithm 3.4 of Nisan et al., *Algorithmic Game Theory*, 2007):

1. Shift both payoff matrices to positive integers ``A``, ``B`` (equilibria do not change).
2. Two tableaux: ``B^T x + s = 1`` for the row player's polytope and ``A y + r = 1`` for the
   column player's, both starting at the origin (every label present: the artificial
   equilibrium).  Label ``i < m`` belongs to ``x_i`` and ``r_i``, label ``m + j`` to ``y_j``
   and ``s_j``.
3. Drop the missing label ``k``: its variable enters its tableau; the minimum-ratio test picks
   the variable that leaves; the leaving variable's complement enters the other tableau; and
   so on until a variable with label ``k`` leaves.  Then every label is present once: an
   equilibrium, the basic ``x`` and ``y`` normalised.
4. Ties in the ratio test (degenerate games) are broken lexicographically on the rows of the
   basis inverse, so the path never cycles.  Pivoting is in integers (each entry a
   subdeterminant; Edmonds 1967, as lrs does), so the answer is exact with no fractions along
   the way.

Different missing labels may lead to different equilibria: ``labels="all"`` follows the path of
every label and returns the distinct ends, still not necessarily every equilibrium.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import numpy as np

from negotiation.linear import normalised, solve_exact
from negotiation.solvers.bimatrix import Profile, integer_weights, positive_integers

__all__ = ["lemke_howson", "lemke_howson_equilibria"]


class _Tableau:
    """``M v + w = 1`` over basic variables, in integer pivoting form.

    Columns ``0 .. width-1`` are the variables ``v``, then one per slack ``w``, then the
    right-hand side.  ``basis[row]`` is the column basic in that row; ``determinant`` is the
    last pivot, the common denominator of the basic solution.
    """

    def __init__(self, matrix: list[list[int]]) -> None:
        count = len(matrix)
        self.width = len(matrix[0])
        self.rows = [
            [*matrix[row], *(int(row == k) for k in range(count)), 1] for row in range(count)
        ]
        self.basis = [self.width + row for row in range(count)]
        self.determinant = 1

    def pivot_in(self, column: int) -> int:
        """Enter ``column``; return the column that leaves the basis.

        Minimum ratio ``rhs / entry`` over rows with a positive entry, ties broken by the
        lexicographic order of the rows of the basis inverse (the slack columns), each divided
        by its entry: a strict order, since those rows are independent.  Ratios are compared
        by cross-multiplying, in integers.
        """
        candidates = [index for index, row in enumerate(self.rows) if row[column] > 0]
        if not candidates:
            msg = "unbounded pivot column: the payoffs were not made positive"
            raise ArithmeticError(msg)
        for key in (-1, *range(self.width, self.width + len(self.rows))):
            best = min(
                candidates,
                key=lambda index: Fraction(self.rows[index][key], self.rows[index][column]),
            )
            ratio = Fraction(self.rows[best][key], self.rows[best][column])
            candidates = [
                index
                for index in candidates
                if self.rows[index][key] * ratio.denominator
                == ratio.numerator * self.rows[index][column]
            ]
            if len(candidates) == 1:
                break
        (row,) = candidates
        self._pivot(row, column)
        leaving, self.basis[row] = self.basis[row], column
        return leaving

    def _pivot(self, pivot_row: int, column: int) -> None:
        """Integer pivoting: every other row becomes ``(row * p - row[c] * pivot) / d``."""
        pivot = self.rows[pivot_row]
        value = pivot[column]
        previous = self.determinant
        for index, row in enumerate(self.rows):
            if index == pivot_row:
                continue
            factor = row[column]
            if factor == 0:
                self.rows[index] = [entry * value // previous for entry in row]
            else:
                self.rows[index] = [
                    (entry * value - factor * other) // previous
                    for entry, other in zip(row, pivot, strict=True)
                ]
        self.determinant = value

    def basic_values(self, count: int) -> list[Fraction]:
        """The values of variables ``0 .. count-1`` of this tableau (zero when not basic)."""
        values = [Fraction(0)] * count
        for row, variable in zip(self.rows, self.basis, strict=True):
            if variable < count:
                values[variable] = Fraction(row[-1], self.determinant)
        return values


class _FloatTableau:
    """The same tableau in floating point, for following the path fast (numpy).

    The payoffs are perturbed by less than 1e-7 of their range, so that ties do not occur;
    remaining near-ties are broken by the lexicographic rule.  Rounding or the perturbation
    may still lead the path to the supports of no equilibrium of the real game, so
    `lemke_howson` caps the pivots and checks the end exactly, falling back to the exact
    tableau.
    """

    def __init__(self, matrix: list[list[int]]) -> None:
        count = len(matrix)
        self.width = len(matrix[0])
        scaled = np.array(matrix, dtype=float) / max(max(row) for row in matrix)
        # A tiny fixed perturbation makes the game generic, so that the float path has no
        # ties to break (rounding makes a lexicographic rule unreliable); the exact check of
        # the end on the real payoffs decides whether its supports are right.
        noise = np.random.default_rng(0).uniform(0, 1e-7, scaled.shape)
        self.table = np.hstack([scaled + noise, np.eye(count), np.ones((count, 1))])
        self.basis = [self.width + row for row in range(count)]

    def pivot_in(self, column: int) -> int:
        """Enter ``column``; return the column that leaves the basis."""
        entries = self.table[:, column]
        positive = entries > 1e-12
        if not positive.any():
            msg = "unbounded pivot column"
            raise ArithmeticError(msg)
        candidates = np.flatnonzero(positive)
        for key in (-1, *range(self.width, self.table.shape[1] - 1)):
            ratios = self.table[candidates, key] / entries[candidates]
            candidates = candidates[ratios <= ratios.min() + 1e-9 * max(1.0, abs(ratios.min()))]
            if len(candidates) == 1:
                break
        row = int(candidates[0])
        self.table[row] /= self.table[row, column]
        factors = self.table[:, column].copy()
        factors[row] = 0.0
        self.table -= np.outer(factors, self.table[row])
        leaving, self.basis[row] = self.basis[row], column
        return leaving


def lemke_howson(row_payoffs: np.ndarray, column_payoffs: np.ndarray, label: int = 0) -> Profile:
    """The equilibrium at the end of the Lemke-Howson path that drops ``label``.

    The path is first followed in floating point (numpy, fast); its end gives the supports,
    on which the equilibrium is solved exactly and checked exactly.  Where that check fails
    (rounding led the path astray, or a degenerate game needed the lexicographic rule), the
    path is followed again in exact integer pivoting, whose answer needs no check.

    Parameters
    ----------
    row_payoffs, column_payoffs : numpy.ndarray
        The bimatrix ``A, B`` of shape ``(m, n)``, exact (int or Fraction entries).
    label : int
        The missing label: ``0 .. m-1`` a row strategy, ``m .. m+n-1`` a column strategy.

    Returns
    -------
    tuple
        The row player's and the column player's mixed strategies, exact.

    Examples
    --------
    >>> battle = np.array([[2, 0], [0, 1]]), np.array([[1, 0], [0, 2]])
    >>> lemke_howson(*battle, label=0)
    ((Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1)))
    """
    rows, cols = np.shape(row_payoffs)
    if not 0 <= label < rows + cols:
        msg = f"label {label} is not a strategy: choose 0 to {rows + cols - 1}"
        raise ValueError(msg)
    a = positive_integers(np.asarray(row_payoffs, dtype=object))
    b = positive_integers(np.asarray(column_payoffs, dtype=object))
    supports = _path_end(a, b, label, _FloatTableau, max_pivots=50 * (rows + cols))
    if supports is not None:
        profile = _on_supports(a, b, *supports)
        if profile is not None and _is_equilibrium(a, b, profile):
            return profile
    supports = _path_end(a, b, label, _Tableau, max_pivots=None)
    assert supports is not None  # the exact lexicographic path always ends
    profile = _on_supports(a, b, *supports)
    assert profile is not None  # a complementary basis is nonsingular
    return profile


def _path_end(
    a: list[list[int]],
    b: list[list[int]],
    label: int,
    tableau_type: type[_Tableau] | type[_FloatTableau],
    max_pivots: int | None,
) -> tuple[list[int], list[int]] | None:
    """The supports (basic x, basic y) at the end of the path, or None past ``max_pivots``."""
    rows, cols = len(a), len(a[0])
    # Variables: x_i = i, y_j = m+j; slacks r_i = m+n+i, s_j = 2m+n+j.  The row player's
    # tableau is B^T x + s = 1 (columns x then s), the column player's A y + r = 1 (y then r).
    row_tableau = tableau_type([[b[i][j] for i in range(rows)] for j in range(cols)])
    column_tableau = tableau_type(a)

    def place(variable: int) -> tuple[_Tableau | _FloatTableau, int]:
        """The tableau a variable lives in, and its column there."""
        if variable < rows:  # x_i
            return row_tableau, variable
        if variable < rows + cols:  # y_j
            return column_tableau, variable - rows
        if variable < 2 * rows + cols:  # r_i
            return column_tableau, cols + variable - rows - cols
        return row_tableau, rows + variable - 2 * rows - cols  # s_j

    def variable_at(tableau: _Tableau | _FloatTableau, column: int) -> int:
        if tableau is row_tableau:
            return column if column < rows else 2 * rows + cols + column - rows
        return rows + column if column < cols else rows + cols + column - cols

    def label_of(variable: int) -> int:
        return variable if variable < rows + cols else variable - rows - cols

    entering, pivots = label, 0  # x_label or y_{label - m}
    while True:
        tableau, column = place(entering)
        leaving = variable_at(tableau, tableau.pivot_in(column))
        pivots += 1
        if label_of(leaving) == label:
            break
        if max_pivots is not None and pivots > max_pivots:
            return None
        entering = leaving + rows + cols if leaving < rows + cols else leaving - rows - cols
    support_x = sorted(column for column in row_tableau.basis if column < rows)
    support_y = sorted(column for column in column_tableau.basis if column < cols)
    return support_x, support_y


def _on_supports(
    a: list[list[int]], b: list[list[int]], support_x: list[int], support_y: list[int]
) -> Profile | None:
    """The profile whose supports are these and whose other player's strategies in them are
    all best responses at value 1 (the polytope's tight facets), solved exactly; None if
    the system is singular or the supports differ in size."""
    if len(support_x) != len(support_y) or not support_x:
        return None
    x = solve_exact([[b[i][j] for i in support_x] for j in support_y], [1] * len(support_y))
    y = solve_exact([[a[i][j] for j in support_y] for i in support_x], [1] * len(support_x))
    if x is None or y is None:
        return None
    full_x = [Fraction(0)] * len(a)
    full_y = [Fraction(0)] * len(a[0])
    for index, value in zip(support_x, x, strict=True):
        full_x[index] = value
    for index, value in zip(support_y, y, strict=True):
        full_y[index] = value
    if min(full_x) < 0 or min(full_y) < 0 or not sum(full_x) or not sum(full_y):
        return None
    return normalised(full_x), normalised(full_y)


def _is_equilibrium(a: list[list[int]], b: list[list[int]], profile: Profile) -> bool:
    """Exactly: every strategy played is a best response to the other's mix.

    The mixes are scaled to integers first, so the payoffs are integer dot products.
    """
    x, y = (integer_weights(mixed) for mixed in profile)
    row_values = np.array(a, dtype=object) @ np.array(y, dtype=object)
    column_values = np.array(x, dtype=object) @ np.array(b, dtype=object)
    return all(
        value == max(values)
        for values, mixed in ((row_values, x), (column_values, y))
        for value, weight in zip(values, mixed, strict=True)
        if weight
    )


def lemke_howson_equilibria(
    row_payoffs: np.ndarray, column_payoffs: np.ndarray, labels: Iterable[int] | str = (0,)
) -> list[Profile]:
    """The distinct equilibria at the ends of the paths of ``labels`` (``"all"``: every
    label), in the order first found."""
    rows, cols = np.shape(row_payoffs)
    chosen = range(rows + cols) if labels == "all" else labels
    found: list[Profile] = []
    for label in chosen:
        profile = lemke_howson(row_payoffs, column_payoffs, int(label))
        if profile not in found:
            found.append(profile)
    return found
