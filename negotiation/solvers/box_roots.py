"""The real solutions of a multilinear system in a box, isolated by subdivision and certified.

Support enumeration's indifference systems (`support_enumeration`, step 3) are multilinear:
no unknown appears squared.  Where their structure gives no shortcut (`support_systems`), the
complex solutions can be many (56 for a 4x4x4 game's full support, 297 for 3x3x3x3), and an
exact elimination has to compute them all, while an equilibrium needs only the real ones
inside the box of probabilities.  This module finds those, as Gambit's ``enumpoly`` does, by
branch and prune (Moore, Kearfott and Cloud, Introduction to Interval Analysis, SIAM 2009,
chapter 8), on batches of boxes at once:

- each box is cut down to where each player's probabilities can sum to at most one, and to
  where every equation can vanish (`MultilinearSystem.contract`).  A multilinear polynomial
  is affine in each unknown, so its range over a box is spanned by its values at the box's
  corners: the cut is exact, not an interval overestimate, and a box where some equation
  keeps one sign is dropped;
- then Krawczyk's operator ``K = m - Y F(m) + (I - Y J(B)) (B - m)`` (Krawczyk, Computing 4,
  1969; ``m`` the box's centre, ``Y`` an approximate inverse of the Jacobian, ``J(B)`` an
  enclosure of the Jacobian over the box) either lies outside the box (no solution in it),
  inside its interior (exactly one solution, and the Jacobian is regular on the box), or
  neither: then the box is cut down to ``K`` and in two across its widest side, a little off
  the middle so that no solution stays on a cut.

Each certified box is refined to 60 digits by Newton's method, which converges from it.  A
solution whose coordinates, read as fractions with small denominators, satisfy every equation
exactly is returned as Fractions.  The floating-point enclosures are widened by a margin many
times the rounding error (a relative 1e-12 of each sum's absolute terms), so a solution is
never lost to rounding.

A Jacobian singular at random points (dependent equations), a box that shrinks below
``_SMALLEST`` without a verdict (a singular solution, a continuum, a solution on the boundary
of two boxes), too many boxes (``_MOST_BOXES``), or Newton's method leaving a certified box,
means the method cannot answer: `real_solutions` returns None, and
the caller solves the system exactly.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np

_MARGIN = 1e-12  # relative widening of every floating-point enclosure, far above rounding
_OUTSIDE = 1e-6  # the box reaches this far beyond [0, 1], so that no solution is on its edge
_INFLATION = 1e-9  # contraction keeps this much room around what it keeps, for Krawczyk's test
_SMALLEST = 1e-11  # a box narrower than this without a verdict: the method cannot answer
# Boxes examined before giving up: 1,000 for four unknowns, four times as many for each more,
# at most 200,000.  On random 4x4x4, 3x3x3x3 and 2^5 games the most a system took was 33
# boxes with four unknowns, 123 with five, 899, 1,829, 4,887 and 23,789 with nine: the limit
# is many times that, and a degenerate system (a continuum) gives up soon.
_MOST_BOXES = 200_000
_CUT = 0.5 - 1 / 137  # where a box is cut across its widest side, relative to its width
_BATCH = 2**21  # numbers in the largest array of one batch of boxes (16 MB)
_CONTRACTIONS = 4  # rounds of contraction at most before Krawczyk's test
_RANK = 1e-9  # a singular value this small relative to the largest counts as zero
_DENOMINATOR = 10**12  # largest denominator tried when reading a solution as fractions
_DIGITS = 60
_NEWTON_STEPS = 8


class MultilinearSystem:
    """Square system ``F(x) = 0`` of multilinear polynomials with rational coefficients.

    ``terms[i]`` maps each monomial of equation ``i`` (a tuple of distinct unknowns' indices)
    to its coefficient; ``blocks`` lists, for each player, the indices of its unknowns (their
    sum is at most 1).  The methods work on a batch of boxes at once: ``low`` and ``high`` are
    arrays ``(boxes, unknowns)``.
    """

    def __init__(
        self, terms: list[dict[tuple[int, ...], Fraction]], unknowns: int, blocks: list[list[int]]
    ) -> None:
        self.terms = terms
        self.unknowns = unknowns
        self.blocks = [block for block in blocks if block]
        monomials = sorted({monomial for equation in terms for monomial in equation})
        degree = max((len(monomial) for monomial in monomials), default=0)
        # Each monomial as the indices of its unknowns, padded with ``unknowns``: the index of
        # a constant 1 appended to every point.
        self.indices = np.full((len(monomials), max(degree, 1)), unknowns, dtype=np.intp)
        for t, monomial in enumerate(monomials):
            self.indices[t, : len(monomial)] = monomial
        position = {monomial: t for t, monomial in enumerate(monomials)}
        self.coefficients = np.zeros((len(terms), len(monomials)))
        for i, equation in enumerate(terms):
            for monomial, value in equation.items():
                self.coefficients[i, position[monomial]] = float(value)
        self.slack = _MARGIN * np.abs(self.coefficients).sum(axis=1) * (1 + _OUTSIDE) ** degree

    @cached_property
    def parts(self) -> list[tuple[np.ndarray, MultilinearSystem]]:
        """The equations grouped by the unknowns they involve: for each group, those unknowns
        and the group as a system in those unknowns alone.  A player's indifference equations
        do not involve its own probabilities, so its group has far fewer corners than the
        whole box."""
        groups: dict[tuple[int, ...], list[int]] = {}
        for row, equation in enumerate(self.terms):
            involved = tuple(sorted({k for monomial in equation for k in monomial}))
            groups.setdefault(involved, []).append(row)
        parts = []
        for involved, rows in groups.items():
            local = {k: position for position, k in enumerate(involved)}
            renamed = [
                {tuple(local[k] for k in monomial): value for monomial, value in eq.items()}
                for eq in (self.terms[row] for row in rows)
            ]
            part = MultilinearSystem(renamed, len(involved), [])
            parts.append((np.array(involved, dtype=np.intp), part))
        return parts

    @cached_property
    def _corners(self) -> tuple[np.ndarray, ...]:
        """The corners of a box (corner ``c`` has unknown ``k`` at its high end when bit ``k``
        of ``c`` is set); for each unknown, the corners with it at its low end, and the same
        corners with it at its high end."""
        size = self.unknowns
        numbers = np.arange(2**size)
        corners = ((numbers[:, None] >> np.arange(size)) & 1).astype(bool)
        below = np.array([numbers[(numbers >> k) & 1 == 0] for k in range(size)])
        return corners, below, below + (1 << np.arange(size))[:, None]

    @cached_property
    def batch(self) -> int:
        """Boxes examined at once: as many as keep the contraction's arrays under _BATCH."""
        largest = max(
            2 ** max(part.unknowns - 1, 0) * part.unknowns * len(part.terms)
            for _, part in self.parts
        )
        return max(1, _BATCH // (4 * largest))

    def values(self, points: np.ndarray) -> np.ndarray:
        """``F`` at points ``(..., unknowns)``: ``(..., equations)``."""
        extended = np.concatenate([points, np.ones((*points.shape[:-1], 1))], axis=-1)
        monomials = extended[..., self.indices[:, 0]]
        for slot in range(1, self.indices.shape[1]):
            monomials = monomials * extended[..., self.indices[:, slot]]
        return monomials @ self.coefficients.T

    def within_simplices(self, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, ...]:
        """Boxes cut down to where each player's probabilities sum to at most one (up to the
        boxes' reach beyond [0, 1]), and which boxes can hold such points."""
        high = high.copy()
        possible = np.ones(len(low), dtype=bool)
        for block in self.blocks:
            room = 1 + _OUTSIDE * len(block) - low[:, block].sum(axis=1)
            possible &= room >= 0
            high[:, block] = np.minimum(high[:, block], low[:, block] + room[:, None])
        return low, high, possible

    def contract(self, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, ...]:
        """Boxes cut down to where every equation may vanish, and which boxes may hold a
        solution at all (`_line_bounds`, group by group)."""
        start = np.zeros(low.shape)
        end = np.ones(low.shape)
        for involved, part in self.parts:
            part_start, part_end = part._line_bounds(low[:, involved], high[:, involved])
            start[:, involved] = np.maximum(start[:, involved], part_start)
            end[:, involved] = np.minimum(end[:, involved], part_end)
        possible = np.all(start <= end + _MARGIN, axis=1)
        width = high - low
        starts = np.maximum(low, low + (start - _MARGIN) * width - _INFLATION)
        ends = np.minimum(high, low + (end + _MARGIN) * width + _INFLATION)
        return starts, np.maximum(ends, starts), possible

    def _line_bounds(self, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, ...]:
        """Along each unknown, the first and last point (as a fraction of the box's side)
        where every equation may vanish.

        Along unknown ``k``, each equation is affine: for every corner ``y`` of the other
        unknowns' box, the line from ``F(low_k, y)`` to ``F(high_k, y)``; over the box it
        spans, at each ``x_k``, exactly what these lines span.  So ``x_k`` can be a solution
        only where some line is at least 0 and some line at most 0: between the first and
        the last point where one is.  This tests every unknown and equation at once, from the
        values at the corners alone; it is exact where an interval evaluation overestimates.
        """
        ends = self._line_ends(low, high)
        # lines at least 0 (sign 1), then lines at most 0 (sign -1), widened by the slack
        signed = np.stack([ends, -ends]) + self.slack
        first, last = signed[:, :, 0], signed[:, :, 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            root = np.clip(first / (first - last), 0.0, 1.0)
        lowest = np.where(first >= 0, 0.0, np.where(last >= 0, root, np.inf))
        highest = np.where(last >= 0, 1.0, np.where(first >= 0, root, -np.inf))
        start = np.maximum(lowest.min(axis=3).max(axis=(0, 3)), 0.0)
        end = np.minimum(highest.max(axis=3).min(axis=(0, 3)), 1.0)
        return start, end

    def _line_ends(self, low: np.ndarray, high: np.ndarray) -> np.ndarray:
        """The equations at the corners of each box, as lines along each unknown: an array
        ``(box, end, unknown, line, equation)``, ``end`` 0 at the unknown's low end."""
        corners, below, above = self._corners
        values = self.values(np.where(corners, high[:, None, :], low[:, None, :]))
        return values[:, np.stack([below, above])]

    def jacobian_enclosure(self, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, ...]:
        """Lower and upper bounds of each Jacobian entry over each box ``(box, eq, unknown)``,
        by interval arithmetic on each monomial's derivative (exact per monomial: each unknown
        appears once in it)."""
        size = self.unknowns
        boxes = len(low)
        ones = np.ones((boxes, 1))
        lows = np.concatenate([low, ones], axis=1)[:, self.indices]  # (box, monomial, slot)
        highs = np.concatenate([high, ones], axis=1)[:, self.indices]
        jacobian_low = np.zeros((boxes, len(self.terms), size + 1))
        jacobian_high = np.zeros((boxes, len(self.terms), size + 1))
        slots = self.indices.shape[1]
        for slot in range(slots):
            cofactor_low = np.ones(lows.shape[:2])
            cofactor_high = np.ones(lows.shape[:2])
            for other in range(slots):
                if other != slot:
                    products = np.stack(
                        [
                            cofactor_low * lows[:, :, other],
                            cofactor_low * highs[:, :, other],
                            cofactor_high * lows[:, :, other],
                            cofactor_high * highs[:, :, other],
                        ]
                    )
                    cofactor_low, cofactor_high = products.min(axis=0), products.max(axis=0)
            scaled_low = self.coefficients * cofactor_low[:, None, :]  # (box, eq, monomial)
            scaled_high = self.coefficients * cofactor_high[:, None, :]
            scatter = np.zeros((len(self.indices), size + 1))
            scatter[np.arange(len(self.indices)), self.indices[:, slot]] = 1
            jacobian_low += np.minimum(scaled_low, scaled_high) @ scatter
            jacobian_high += np.maximum(scaled_low, scaled_high) @ scatter
        widen = self.slack[:, None]
        return jacobian_low[..., :size] - widen, jacobian_high[..., :size] + widen

    def krawczyk(self, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, ...]:
        """Krawczyk's operator on each box: its bounds ``K_low``, ``K_high`` and whether the
        test could be made (the Jacobian's midpoint is invertible).

        ``K`` holds every solution in the box; when it lies in the box's interior, the box
        holds exactly one (Krawczyk's test).
        """
        centre = (low + high) / 2
        radius = (high - low) / 2
        jacobian_low, jacobian_high = self.jacobian_enclosure(low, high)
        middle = (jacobian_low + jacobian_high) / 2
        spread = (jacobian_high - jacobian_low) / 2
        size = self.unknowns
        with np.errstate(all="ignore"):
            determinant = np.linalg.det(middle)
        usable = np.isfinite(determinant) & (determinant != 0)
        middle[~usable] = np.eye(size)
        inverse = np.linalg.inv(middle)
        usable &= np.all(np.isfinite(inverse), axis=(1, 2))
        value = self.values(centre)
        step = np.einsum("bij,bj->bi", inverse, value)
        magnitude = np.abs(inverse)
        residual = np.abs(np.eye(size) - inverse @ middle) + magnitude @ spread
        reach = (
            np.einsum("bij,bj->bi", magnitude, self.slack + _MARGIN * np.abs(value))
            + np.einsum("bij,bj->bi", residual, radius) * (1 + _MARGIN)
            + _MARGIN * (np.abs(step) + np.abs(centre) + radius)
        )
        return centre - step - reach, centre - step + reach, usable


def real_solutions(system: MultilinearSystem) -> list[tuple[Any, ...]] | None:
    """The system's real solutions with every unknown in [0, 1], or None when subdivision
    cannot certify them (see the module's docstring).

    Each solution is a tuple of Fractions when exactly rational, else of 60-digit mpmath
    numbers.  Solutions just outside [0, 1] (by up to 1e-6) may be included: the caller checks
    the probabilities.  Boxes are examined in batches, breadth first, so that the work is
    numpy's.
    """
    size = system.unknowns
    if _singular_everywhere(system):
        return None
    lows = [np.full((1, size), -_OUTSIDE)]
    highs = [np.full((1, size), 1 + _OUTSIDE)]
    certified: list[tuple[np.ndarray, np.ndarray]] = []
    examined = 0
    while lows:
        low, high = np.concatenate(lows), np.concatenate(highs)
        lows = [low[system.batch :]] if len(low) > system.batch else []
        highs = [high[system.batch :]] if len(high) > system.batch else []
        low, high = low[: system.batch], high[: system.batch]
        examined += len(low)
        if examined > min(_MOST_BOXES, 1000 * 4 ** max(0, size - 4)):
            return None
        low, high = _contracted(system, low, high)
        if not len(low):
            continue
        k_low, k_high, usable = system.krawczyk(low, high)
        outside = usable & np.any((k_high < low) | (k_low > high), axis=1)
        inside = usable & ~outside & np.all((k_low > low) & (k_high < high), axis=1)
        certified += list(zip(k_low[inside], k_high[inside], strict=True))
        undecided = ~(outside | inside)
        low, high = low[undecided], high[undecided]
        k_low, k_high, usable = k_low[undecided], k_high[undecided], usable[undecided]
        low = np.where(usable[:, None], np.maximum(low, k_low), low)
        high = np.where(usable[:, None], np.minimum(high, k_high), high)
        widths = high - low
        axis = np.argmax(widths, axis=1)
        rows = np.arange(len(low))
        if np.any(widths[rows, axis] < _SMALLEST):
            return None
        cut = low[rows, axis] + _CUT * widths[rows, axis]
        upper_low, lower_high = low.copy(), high.copy()
        upper_low[rows, axis] = cut
        lower_high[rows, axis] = cut
        lows += [low, upper_low]
        highs += [lower_high, high]
    solutions = [_refined(system, low, high) for low, high in certified]
    return None if None in solutions else solutions  # type: ignore[return-value]


def _singular_everywhere(system: MultilinearSystem) -> bool:
    """Whether the Jacobian is singular at three random points of the box: then it is
    singular everywhere but on a set of measure zero, so no solution is regular and
    Krawczyk's test can certify none (in degenerate games, where the equations of two
    players are dependent).  Subdivision would only meet its box limit."""
    rng = np.random.default_rng(0)  # the same points every time: the same answer
    points = rng.uniform(0.0, 1.0 / (1 + system.unknowns), (3, system.unknowns))
    jacobian_low, jacobian_high = system.jacobian_enclosure(points, points)
    singular = np.linalg.svd((jacobian_low + jacobian_high) / 2, compute_uv=False)
    return bool(np.all(singular[:, -1] <= _RANK * singular[:, 0]))


def _contracted(system: MultilinearSystem, low: np.ndarray, high: np.ndarray) -> tuple:
    """The boxes that may hold a solution, each contracted until no side shrinks by a tenth
    (or ``_CONTRACTIONS`` times)."""
    settled_low, settled_high = [], []
    for _ in range(_CONTRACTIONS):
        width = high - low
        low, high, possible = system.within_simplices(low, high)
        low, high, width = low[possible], high[possible], width[possible]
        low, high, possible = system.contract(low, high)
        low, high, width = low[possible], high[possible], width[possible]
        again = np.any(high - low < 0.9 * width, axis=1)
        settled_low.append(low[~again])
        settled_high.append(high[~again])
        low, high = low[again], high[again]
    return np.concatenate([*settled_low, low]), np.concatenate([*settled_high, high])


def _refined(
    system: MultilinearSystem, low: np.ndarray, high: np.ndarray
) -> tuple[Any, ...] | None:
    """The certified box's solution: exact Fractions when it is rational with a small
    denominator, else Newton's method at 60 digits from the box's centre (None if Newton's
    steps leave the box: they should not, from a box Krawczyk's test certified)."""
    import mpmath

    with mpmath.mp.workdps(_DIGITS):
        point = mpmath.matrix([mpmath.mpf(float(value)) for value in (low + high) / 2])
        for _ in range(_NEWTON_STEPS):
            value, jacobian = _evaluate(system, list(point))
            point -= mpmath.lu_solve(jacobian, mpmath.matrix(value))
        guess = tuple(
            Fraction(mpmath.nstr(value, _DIGITS)).limit_denominator(_DENOMINATOR)
            for value in point
        )
        if all(
            sum(
                (
                    coefficient * _product(guess, monomial)
                    for monomial, coefficient in equation.items()
                ),
                Fraction(0),
            )
            == 0
            for equation in system.terms
        ) and all(low[k] <= guess[k] <= high[k] for k in range(system.unknowns)):
            return guess
        if not all(low[k] <= float(point[k]) <= high[k] for k in range(system.unknowns)):
            return None
        return tuple(point)


def _evaluate(system: MultilinearSystem, point: list[Any]) -> tuple[list[Any], Any]:
    """``F`` and its Jacobian at a point, in the point's arithmetic (mpmath)."""
    import mpmath

    size = system.unknowns
    values = []
    jacobian = mpmath.zeros(len(system.terms), size)
    for i, equation in enumerate(system.terms):
        total = 0
        for monomial, coefficient in equation.items():
            c = mpmath.mpf(coefficient.numerator) / coefficient.denominator
            total += c * _product(point, monomial)
            for k in monomial:
                jacobian[i, k] += c * _product(point, tuple(j for j in monomial if j != k))
        values.append(total)
    return values, jacobian


def _product(point: Any, monomial: tuple[int, ...]) -> Any:
    result = 1
    for k in monomial:
        result = result * point[k]
    return result
