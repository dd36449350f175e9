"""Exact linear algebra over the rationals, for the small systems the solvers build."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from math import lcm


def scaled_integers(values: Iterable[Fraction | int]) -> tuple[list[int], int]:
    """``values`` times their least common denominator, and that denominator.

    Integer arithmetic is many times faster than arithmetic on Fractions (no gcd per
    operation), so exact code scales to integers once and divides once at the end.
    """
    rationals = [Fraction(value) for value in values]
    # int(): a Fraction of a numpy integer keeps it, and its products would overflow.
    scale = lcm(*(int(value.denominator) for value in rationals))
    return [int(value.numerator) * (scale // int(value.denominator)) for value in rationals], scale


def normalised(values: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """Non-negative weights as probabilities: divided by their sum."""
    total = sum(values)
    return tuple(value / total for value in values)


def integer_row(row: Sequence[Fraction], bound: Fraction) -> list[int]:
    """``row | bound`` times the least common denominator: the same equation, in integers."""
    return scaled_integers((*row, bound))[0]


def solve_integer(augmented: Sequence[Sequence[int]]) -> list[Fraction] | None:
    """The unique solution of an integer system ``[M | b]``, or None when ``M`` is singular.

    Bareiss' fraction-free elimination (Bareiss 1968): every intermediate entry is an integer
    (a minor of ``M``), so no gcd is computed until the back substitution.  Several times
    faster than elimination in Fractions, and just as exact.
    """
    size = len(augmented)
    rows = [list(row) for row in augmented]
    previous = 1
    for col in range(size):
        pivot = next((r for r in range(col, size) if rows[r][col] != 0), None)
        if pivot is None:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        top = rows[col]
        lead = top[col]
        for r in range(col + 1, size):
            row = rows[r]
            factor = row[col]
            rows[r] = [
                (lead * row[j] - factor * top[j]) // previous if j > col else 0
                for j in range(size + 1)
            ]
        previous = lead
    solution = [Fraction(0)] * size
    for r in reversed(range(size)):
        row = rows[r]
        total = Fraction(row[size]) - sum(row[j] * solution[j] for j in range(r + 1, size))
        solution[r] = total / row[r]
    return solution


def solve_exact(
    matrix: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]
) -> list[Fraction] | None:
    """The unique solution of ``matrix @ z = rhs`` in rationals, or None when singular."""
    return solve_integer([integer_row(row, value) for row, value in zip(matrix, rhs, strict=True)])
