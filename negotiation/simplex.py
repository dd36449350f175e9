"""Exact linear programming: a two-phase simplex in Fractions, for small programs.

Why our own: dominance by a mixed strategy and the support tests of n-player support
enumeration need exact answers to programs of a few dozen variables, and sympy 1.14's rational
simplex (``linprog``, ``lpmax``) returned, on one such program, a point that breaks an equality
constraint (kept as a regression test in tests/test_dominance.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

__all__ = ["maximise"]


def maximise(
    objective: Sequence[Fraction],
    upper_rows: Sequence[Sequence[Fraction]] = (),
    upper_values: Sequence[Fraction] = (),
    equal_rows: Sequence[Sequence[Fraction]] = (),
    equal_values: Sequence[Fraction] = (),
) -> tuple[Fraction, list[Fraction]] | None:
    """Maximise ``objective @ x`` subject to ``upper_rows @ x <= upper_values``,
    ``equal_rows @ x = equal_values`` and ``x >= 0``, exactly.

    The two-phase simplex method with Bland's rule, which cannot cycle (Chvatal, "Linear
    Programming", 1983, chapters 2 and 3), in Fractions.  Meant for the few dozen variables of a
    domination or support test.  sympy 1.14's rational simplex is not used: on one of the
    support programs its ``linprog`` and ``lpmax`` returned a point that breaks an equality
    constraint, and it may loop on infeasible programs (sympy issue 28089).

    Returns
    -------
    tuple or None
        The optimum and an optimal ``x``, or None when no ``x`` meets the constraints.

    Raises
    ------
    ValueError
        When the objective is unbounded.

    Examples
    --------
    >>> maximise([1, 1], [[1, 2], [3, 1]], [4, 6])
    (Fraction(14, 5), [Fraction(8, 5), Fraction(6, 5)])
    """
    size = len(objective)
    slacks = len(upper_rows)
    constraints = []
    for index, (row, value) in enumerate(zip(upper_rows, upper_values, strict=True)):
        slack = [Fraction(int(k == index)) for k in range(slacks)]
        constraints.append(([Fraction(a) for a in row] + slack, Fraction(value)))
    for row, value in zip(equal_rows, equal_values, strict=True):
        constraints.append(([Fraction(a) for a in row] + [Fraction(0)] * slacks, Fraction(value)))

    # Right-hand sides made non-negative; a row whose slack cannot start in the basis gets an
    # artificial variable, and phase 1 drives those to zero.
    tableau: list[list[Fraction]] = []
    basis: list[int] = []
    artificial = []
    for index, (row, value) in enumerate(constraints):
        if value < 0:
            row, value = [-a for a in row], -value
        tableau.append([*row, value])
        if index < slacks and row[size + index] == 1:
            basis.append(size + index)
        else:
            basis.append(-1)
            artificial.append(index)
    width = size + slacks
    for number, index in enumerate(artificial):
        for position, row in enumerate(tableau):
            row.insert(-1, Fraction(int(position == index)))
        basis[index] = width + number

    if artificial:
        costs = [Fraction(0)] * width + [Fraction(-1)] * len(artificial)
        if _simplex(tableau, basis, costs) < 0:
            return None
        for position in range(len(tableau) - 1, -1, -1):
            if basis[position] < width:
                continue
            column = next((j for j in range(width) if tableau[position][j] != 0), None)
            if column is None:  # a redundant equality
                del tableau[position], basis[position]
            else:
                _pivot(tableau, basis, position, column)
        for row in tableau:
            del row[width:-1]

    costs = [Fraction(c) for c in objective] + [Fraction(0)] * slacks
    optimum = _simplex(tableau, basis, costs)
    point = [Fraction(0)] * size
    for position, column in enumerate(basis):
        if column < size:
            point[column] = tableau[position][-1]
    return optimum, point


def _simplex(tableau: list[list[Fraction]], basis: list[int], costs: list[Fraction]) -> Fraction:
    """Pivot a feasible tableau to an optimum of ``costs @ x``; return the optimum."""
    columns = len(tableau[0]) - 1 if tableau else len(costs)
    while True:
        reduced = [
            costs[j] - sum(costs[basis[i]] * row[j] for i, row in enumerate(tableau))
            for j in range(columns)
        ]
        entering = next((j for j in range(columns) if reduced[j] > 0), None)
        if entering is None:
            return sum((costs[basis[i]] * row[-1] for i, row in enumerate(tableau)), Fraction(0))
        candidates = [
            (row[-1] / row[entering], basis[i], i)
            for i, row in enumerate(tableau)
            if row[entering] > 0
        ]
        if not candidates:
            msg = "the linear program is unbounded"
            raise ValueError(msg)
        _pivot(tableau, basis, min(candidates)[2], entering)


def _pivot(tableau: list[list[Fraction]], basis: list[int], position: int, column: int) -> None:
    pivot_row = tableau[position]
    inverse = 1 / pivot_row[column]
    pivot_row[:] = [value * inverse for value in pivot_row]
    for index, row in enumerate(tableau):
        factor = row[column]
        if index != position and factor != 0:
            tableau[index] = [a - factor * b for a, b in zip(row, pivot_row, strict=True)]
    basis[position] = column
