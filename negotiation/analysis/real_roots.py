"""Exact real numbers for thresholds: rationals and isolated real roots of integer polynomials.

Why not floats: a threshold is where a polynomial in the parameter changes sign, and two
candidate values can agree to many digits yet be distinct (or be the same root reached by two
conditions).  Telling them apart, ordering them and picking a rational strictly between two of
them must be exact, or a threshold is missed or doubled.  So a point is a ``Fraction``, or the
``index``-th real root of an irreducible integer polynomial kept in a rational isolating
interval that bisection narrows on demand (the representation of real algebraic numbers in
Collins and Loos, "Real zeros of polynomials", *Computer Algebra*, Springer 1983).  sympy
isolates the roots (``Poly.intervals``); everything after is exact rational arithmetic.

Examples
--------
>>> import sympy
>>> x = sympy.Symbol("x")
>>> (root,) = roots_between(sympy.Poly(x**2 - 2, x), Point(Fraction(0)), Point(Fraction(3)))
>>> root.exact(), compare(root, Point(Fraction(141, 100))), between(Point(Fraction(1)), root)
(sqrt(2), 1, Fraction(4, 3))
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sympy

__all__ = [
    "Point",
    "between",
    "compare",
    "near",
    "point_order",
    "roots_between",
    "simplest_between",
    "sorted_unique",
]


class Point:
    """An exact real number: a Fraction, or a root of an irreducible integer polynomial.

    An irrational root is the ``index``-th real root (from the smallest) of ``coefficients``
    (degree 2 or more, so it has no rational root and its sign never vanishes at a rational),
    kept in an open rational interval ``(lo, hi)`` that bisection narrows on demand.
    """

    __slots__ = ("coefficients", "hi", "index", "lo", "rational", "sign_low")

    def __init__(
        self,
        rational: Fraction | None = None,
        coefficients: tuple[int, ...] = (),
        index: int = 0,
        interval: tuple[Fraction, Fraction] | None = None,
    ) -> None:
        self.rational = rational
        self.coefficients = coefficients
        self.index = index
        if rational is not None:
            self.lo = self.hi = rational
            self.sign_low = 0
        else:
            assert interval is not None
            self.lo, self.hi = interval
            self.sign_low = _sign(coefficients, self.lo)

    @property
    def key(self) -> object:
        """Equal for equal numbers: an irreducible polynomial and a root index name one root."""
        return self.rational if self.rational is not None else (self.coefficients, self.index)

    def refine(self, width: Fraction) -> None:
        """Bisect the isolating interval until it is at most ``width`` wide."""
        while self.rational is None and self.hi - self.lo > width:
            middle = (self.lo + self.hi) / 2
            if _sign(self.coefficients, middle) == self.sign_low:
                self.lo = middle
            else:
                self.hi = middle

    def exact(self) -> Fraction | sympy.Expr:
        """A Fraction, or the sympy number: radicals for degree 2, else ``CRootOf``."""
        if self.rational is not None:
            return self.rational
        import sympy

        x = sympy.Symbol("x")
        polynomial = sum(c * x**k for k, c in enumerate(reversed(self.coefficients)))
        if len(self.coefficients) == 3:
            a, b, c = (sympy.Integer(v) for v in self.coefficients)
            root = sympy.sqrt(b**2 - 4 * a * c)
            candidates = [(-b - root) / (2 * a), (-b + root) / (2 * a)]
            return sympy.simplify(candidates[self.index])
        return sympy.CRootOf(polynomial, self.index)

    def __float__(self) -> float:
        if self.rational is not None:
            return float(self.rational)
        self.refine(Fraction(1, 10**25) * max(1, abs(self.lo)))
        return float((self.lo + self.hi) / 2)


def _sign(coefficients: Sequence[int], x: Fraction) -> int:
    value = Fraction(0)
    for coefficient in coefficients:
        value = value * x + coefficient
    return (value > 0) - (value < 0)


def compare(a: Point, b: Point) -> int:
    """-1, 0 or 1, exactly: distinct numbers are told apart by narrowing their intervals."""
    if a.key == b.key:
        return 0
    if a.rational is not None and b.rational is not None:
        return -1 if a.rational < b.rational else 1
    while True:
        if a.hi <= b.lo:
            return -1
        if b.hi <= a.lo:
            return 1
        wider = a if a.hi - a.lo >= b.hi - b.lo else b
        wider.refine((wider.hi - wider.lo) / 2)


point_order = functools.cmp_to_key(compare)


def sorted_unique(points: Iterable[Point]) -> list[Point]:
    """The distinct points in increasing order."""
    unique = {point.key: point for point in points}
    return sorted(unique.values(), key=point_order)


def simplest_between(lo: Fraction, hi: Fraction) -> Fraction:
    """The rational with the smallest denominator in the open interval ``(lo, hi)``.

    An integer when there is one (the one nearest zero), else by continued fractions, so that
    sample points read as ``4`` or ``9/2`` rather than ``1153/256``.
    """
    first, last = math.floor(lo) + 1, math.ceil(hi) - 1
    if first <= last:
        return Fraction(0 if first <= 0 <= last else (first if first > 0 else last))
    whole = math.floor(lo)
    lower = 1 / (hi - whole)
    if lo == whole:
        return whole + 1 / Fraction(math.floor(lower) + 1)
    return whole + 1 / simplest_between(lower, 1 / (lo - whole))


def _separate(left: Point, right: Point) -> None:
    """Narrow the intervals of two points, ``left < right``, until ``left.hi < right.lo``."""
    while not left.hi < right.lo:
        wider = left if left.hi - left.lo >= right.hi - right.lo else right
        wider.refine((wider.hi - wider.lo) / 2)


def between(left: Point, right: Point) -> Fraction:
    """A simple rational strictly between two points, ``left < right``."""
    _separate(left, right)
    return simplest_between(left.hi, right.lo)


def near(point: Point, neighbour: Point) -> Fraction:
    """A simple rational between ``point`` and ``neighbour``, in the quarter next to ``point``."""
    left, right = (point, neighbour) if compare(point, neighbour) < 0 else (neighbour, point)
    _separate(left, right)
    point.refine((right.lo - left.hi) / 16)
    _separate(left, right)
    if point is left:
        return simplest_between(point.hi, point.hi + (right.lo - point.hi) / 4)
    return simplest_between(point.lo - (point.lo - left.hi) / 4, point.lo)


@functools.lru_cache(maxsize=4096)
def _factor_roots(coefficients: tuple[int, ...]) -> tuple[Point, ...]:
    """The real roots of an irreducible primitive integer polynomial, in increasing order."""
    if len(coefficients) == 2:
        return (Point(Fraction(-coefficients[1], coefficients[0])),)
    import sympy

    x = sympy.Symbol("x")
    polynomial = sympy.Poly(list(coefficients), x)
    return tuple(
        Point(None, coefficients, index, (Fraction(str(a)), Fraction(str(b))))
        for index, ((a, b), _) in enumerate(polynomial.intervals())
    )


def roots_between(polynomial: sympy.Poly, lo: Point, hi: Point) -> list[Point]:
    """The distinct real roots of a univariate polynomial strictly between ``lo`` and ``hi``."""
    if polynomial.is_zero or polynomial.degree() <= 0:
        return []
    found = []
    for factor, _ in polynomial.factor_list()[1]:
        if factor.degree() <= 0:
            continue
        _, integral = factor.clear_denoms()
        coefficients = tuple(int(c) for c in integral.primitive()[1].all_coeffs())
        if coefficients[0] < 0:
            coefficients = tuple(-c for c in coefficients)
        found.extend(
            point
            for point in _factor_roots(coefficients)
            if compare(lo, point) < 0 < compare(hi, point)
        )
    return found
