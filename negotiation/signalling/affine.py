"""Exact feasibility of a few affine conditions on mixing probabilities in the open unit box.

The equilibrium conditions of a signalling game separate (see `negotiation.signalling.pbe`):
the receiver's conditions are affine in the sender's mixing probabilities, the sender's in the
receiver's.  Each half is a question this module answers: is there ``z`` in ``(0, 1)^k`` with
``E z = e`` and ``G z >= g``, and is it pinned down by the equations?
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product

__all__ = ["Affine", "Solution", "feasible", "solve_conditions"]


@dataclass(frozen=True)
class Affine:
    """``constant + sum coefficients[i] * z[i]``."""

    constant: Fraction
    coefficients: tuple[Fraction, ...]

    def at(self, point: Sequence[Fraction]) -> Fraction:
        return self.constant + sum(
            (c * z for c, z in zip(self.coefficients, point, strict=True)), Fraction(0)
        )

    def __add__(self, other: Affine) -> Affine:
        return Affine(
            self.constant + other.constant,
            tuple(a + b for a, b in zip(self.coefficients, other.coefficients, strict=True)),
        )

    def scaled(self, factor: Fraction) -> Affine:
        return Affine(self.constant * factor, tuple(c * factor for c in self.coefficients))


@dataclass(frozen=True)
class Solution:
    """A point meeting the conditions; ``determined`` if the equations admit no other."""

    point: tuple[Fraction, ...]
    determined: bool


def _rank_solve(
    rows: list[list[Fraction]], rhs: list[Fraction], unknowns: int
) -> tuple[int, list[Fraction] | None]:
    """Gauss-Jordan in Fractions: the rank, and the solution when unique (None when the
    system is inconsistent or leaves freedom)."""
    matrix = [[*row, value] for row, value in zip(rows, rhs, strict=True)]
    rank = 0
    pivots = []
    for col in range(unknowns):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        lead = matrix[rank][col]
        matrix[rank] = [v / lead for v in matrix[rank]]
        for r in range(len(matrix)):
            if r != rank and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        pivots.append(col)
        rank += 1
    if any(all(v == 0 for v in row[:-1]) and row[-1] != 0 for row in matrix):
        return rank, None
    if rank < unknowns:
        return rank, None
    solution = [Fraction(0)] * unknowns
    for r, col in enumerate(pivots):
        solution[col] = matrix[r][-1]
    return rank, solution


def solve_conditions(
    unknowns: int, equalities: Sequence[Affine], inequalities: Sequence[Affine]
) -> Solution | None:
    """A point ``z`` in the open box ``(0, 1)^unknowns`` with every equality zero and every
    inequality non-negative, or None.

    When the equalities fix ``z`` (rank ``unknowns``) the point is computed exactly and
    checked.  Otherwise the conditions are a polytope of dimension at least one; an exact
    linear program (`negotiation.simplex.maximise`) maximises the margin ``eps`` in
    ``eps <= z_i <= 1 - eps`` and returns its optimal point, a point of that continuum, with
    ``determined=False``.
    """
    if unknowns == 0:
        if all(e.constant == 0 for e in equalities) and all(g.constant >= 0 for g in inequalities):
            return Solution((), True)
        return None
    rows = [list(e.coefficients) for e in equalities]
    rhs = [-e.constant for e in equalities]
    rank, point = _rank_solve(rows, rhs, unknowns)
    if point is not None:
        inside = all(0 < z < 1 for z in point)
        if inside and all(g.at(point) >= 0 for g in inequalities):
            return Solution(tuple(point), True)
        return None
    if rank == unknowns:
        return None  # inconsistent equations
    if not feasible(unknowns, equalities, inequalities):
        return None  # decided without the linear program, which only places the point
    return _margin_point(unknowns, equalities, inequalities)


def feasible(unknowns: int, equalities: Sequence[Affine], inequalities: Sequence[Affine]) -> bool:
    """Whether some ``z`` in the open box ``(0, 1)^unknowns`` meets the conditions, exactly.

    Why: most calls only ask *whether* (the enumeration prunes supports with it), and an exact
    linear program per question is slow in Fractions.  The equations are solved for their
    pivots (Gauss-Jordan), the pivots substituted into the box and the inequalities, and the
    free unknowns eliminated one by one (Fourier-Motzkin, keeping track of strict
    inequalities: a combination with a strict one is strict).  With a handful of unknowns, as
    here, the elimination stays small; what is left are numbers to compare with 0.
    """
    if unknowns == 0:
        return all(e.constant == 0 for e in equalities) and all(
            g.constant >= 0 for g in inequalities
        )
    one, zero = Fraction(1), Fraction(0)
    if not equalities:  # every unknown is free: the rows as they stand
        rows = [
            ([one if j == i else zero for j in range(unknowns)] + [zero], True)
            for i in range(unknowns)
        ]
        rows += [
            ([-one if j == i else zero for j in range(unknowns)] + [one], True)
            for i in range(unknowns)
        ]
        rows += [([*g.coefficients, g.constant], False) for g in inequalities]
        return _eliminate(rows, unknowns)
    matrix = [[*e.coefficients, e.constant] for e in equalities]
    pivots: list[int] = []
    row_at = 0
    for col in range(unknowns):
        pivot = next((r for r in range(row_at, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[row_at], matrix[pivot] = matrix[pivot], matrix[row_at]
        lead = matrix[row_at][col]
        matrix[row_at] = [v / lead for v in matrix[row_at]]
        for r in range(len(matrix)):
            if r != row_at and matrix[r][col] != 0:
                factor = matrix[r][col]
                lead_row = matrix[row_at]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], lead_row, strict=True)]
        pivots.append(col)
        row_at += 1
    if any(all(v == 0 for v in row[:-1]) and row[-1] != 0 for row in matrix):
        return False
    # Each unknown as an affine function of the free ones: constant + coefficients (over all
    # unknowns, zero on the pivots).
    pivot_columns = set(pivots)
    free = [col for col in range(unknowns) if col not in pivot_columns]
    expressed: dict[int, tuple[Fraction, list[Fraction]]] = {}
    for col in free:
        expressed[col] = (zero, [one if j == col else zero for j in range(unknowns)])
    for col, row in zip(pivots, matrix, strict=False):  # z_col + row . z_free + row[-1] = 0
        expressed[col] = (-row[-1], [-row[j] if j in free else zero for j in range(unknowns)])

    def substituted(constant: Fraction, coefficients: Sequence[Fraction]) -> list[Fraction]:
        total_constant = constant
        total = [zero] * len(free)
        for j, c in enumerate(coefficients):
            if c == 0:
                continue
            base, row = expressed[j]
            total_constant += c * base
            for k, col in enumerate(free):
                total[k] += c * row[col]
        return [*total, total_constant]

    # Rows: coefficients over the free unknowns, then the constant; with a strictness flag.
    rows: list[tuple[list[Fraction], bool]] = []
    for i in range(unknowns):
        unit = [one if j == i else zero for j in range(unknowns)]
        rows.append((substituted(zero, unit), True))  # z_i > 0
        rows.append((substituted(one, [-u for u in unit]), True))  # 1 - z_i > 0
    rows += [(substituted(g.constant, g.coefficients), False) for g in inequalities]
    return _eliminate(rows, len(free))


def _eliminate(rows: list[tuple[list[Fraction], bool]], count: int) -> bool:
    """Fourier-Motzkin on ``row[:-1] . z + row[-1] > 0`` (strict) or ``>= 0``, over ``count``
    unknowns: whether some ``z`` meets every row.

    Why integers: each row is scaled by the positive common denominator of its entries (a
    positive factor changes no sign), and the combinations of integer rows stay integer, so
    the elimination runs in Python ints, many times faster than Fractions; a row left with no
    unknown is decided at once (and the answer is False as soon as one fails)."""
    work: list[tuple[list[int], bool]] = []
    for row, strict in rows:
        scale = math.lcm(*(v.denominator for v in row))
        work.append(([v.numerator * (scale // v.denominator) for v in row], strict))
    for k in range(count):
        positive, negative, kept = [], [], []
        for r, strict in work:
            if r[k] > 0:
                positive.append((r, strict))
            elif r[k] < 0:
                negative.append((r, strict))
            else:
                kept.append((r, strict))
        for (p, sp), (n, sn) in product(positive, negative):
            combined = [a * -n[k] + b * p[k] for a, b in zip(p, n, strict=True)]
            divisor = math.gcd(*combined)
            if divisor > 1:
                combined = [v // divisor for v in combined]
            kept.append((combined, sp or sn))
        work = []
        for r, strict in kept:
            if any(r[k + 1 : -1]):
                work.append((r, strict))
            elif (r[-1] <= 0) if strict else (r[-1] < 0):
                return False
    return all(r[-1] > 0 if strict else r[-1] >= 0 for r, strict in work)


def _margin_point(
    unknowns: int, equalities: Sequence[Affine], inequalities: Sequence[Affine]
) -> Solution | None:
    from negotiation.simplex import maximise

    one, zero = Fraction(1), Fraction(0)
    # Variables: z_0 .. z_{k-1}, eps (all >= 0).
    upper_rows: list[list[Fraction]] = []
    upper_values: list[Fraction] = []
    for i in range(unknowns):
        unit = [one if j == i else zero for j in range(unknowns)]
        upper_rows.append([-u for u in unit] + [one])  # eps - z_i <= 0
        upper_values.append(zero)
        upper_rows.append([*unit, one])  # z_i + eps <= 1
        upper_values.append(one)
    for g in inequalities:  # -g.z <= g.constant
        upper_rows.append([-c for c in g.coefficients] + [zero])
        upper_values.append(g.constant)
    equal_rows = [[*e.coefficients, zero] for e in equalities]
    equal_values = [-e.constant for e in equalities]
    found = maximise([zero] * unknowns + [one], upper_rows, upper_values, equal_rows, equal_values)
    if found is None or found[0] <= 0:
        return None
    return Solution(tuple(found[1][:unknowns]), False)
