"""Exact linear algebra over the rationals, for the small systems the solvers build."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction


def solve_exact(
    matrix: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]
) -> list[Fraction] | None:
    """The unique solution of ``matrix @ z = rhs``, or None when the matrix is singular.

    Gauss-Jordan elimination in Fractions: exact, and quick for the handful of unknowns that a
    support or a polytope vertex of a small game has.
    """
    size = len(rhs)
    rows = [[*map(Fraction, row), Fraction(value)] for row, value in zip(matrix, rhs, strict=True)]
    for col in range(size):
        pivot = next((r for r in range(col, size) if rows[r][col] != 0), None)
        if pivot is None:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        pivot_row = rows[col]
        inverse = 1 / pivot_row[col]
        pivot_row[:] = [value * inverse for value in pivot_row]
        for r in range(size):
            factor = rows[r][col]
            if r != col and factor != 0:
                rows[r] = [a - factor * b for a, b in zip(rows[r], pivot_row, strict=True)]
    return [row[size] for row in rows]
