"""Exact real numbers for thresholds: ordering, sample points and root isolation."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

from negotiation.analysis.real_roots import (
    Point,
    between,
    compare,
    near,
    roots_between,
    simplest_between,
    sorted_unique,
)

x = sympy.Symbol("x")
fractions = st.fractions(min_value=-50, max_value=50, max_denominator=60)


def root(polynomial: sympy.Expr, low: int, high: int) -> Point:
    (found,) = roots_between(
        sympy.Poly(polynomial, x), Point(Fraction(low)), Point(Fraction(high))
    )
    return found


@given(lo=fractions, width=st.fractions(min_value=Fraction(1, 500), max_value=5))
def test_simplest_between_is_inside_with_the_smallest_denominator(
    lo: Fraction, width: Fraction
) -> None:
    hi = lo + width
    simplest = simplest_between(lo, hi)
    assert lo < simplest < hi
    # No rational with a smaller denominator lies in (lo, hi): for each q, the integers p with
    # lo < p/q < hi are floor(lo q) + 1 .. ceil(hi q) - 1, which must be empty.
    for denominator in range(1, simplest.denominator):
        first = lo * denominator // 1 + 1
        assert Fraction(first, denominator) >= hi


def test_simplest_between_prefers_the_integer_nearest_zero() -> None:
    assert simplest_between(Fraction(-3, 2), Fraction(5, 2)) == 0
    assert simplest_between(Fraction(5, 2), Fraction(11, 2)) == 3
    assert simplest_between(Fraction(-11, 2), Fraction(-5, 2)) == -3


def test_sqrt_two_is_told_apart_from_close_rationals() -> None:
    sqrt2 = root(x**2 - 2, 0, 2)
    # 1.41421356237 < sqrt(2) = 1.41421356237309... < 1.41421356238
    assert compare(sqrt2, Point(Fraction(141421356237, 10**11))) == 1
    assert compare(sqrt2, Point(Fraction(141421356238, 10**11))) == -1
    assert compare(sqrt2, root(x**2 - 2, 0, 2)) == 0
    assert sqrt2.exact() == sympy.sqrt(2)
    assert float(sqrt2) == pytest.approx(2**0.5, abs=1e-15)


def test_two_close_irrational_roots_are_ordered() -> None:
    # sqrt(2) and sqrt(2.000001), the root of 10^6 x^2 - 2000001: about 3.5e-7 apart.
    sqrt2 = root(x**2 - 2, 1, 2)
    slightly_above = root(10**6 * x**2 - 2000001, 1, 2)
    assert compare(sqrt2, slightly_above) == -1
    ordered = sorted_unique([slightly_above, sqrt2, root(x**2 - 2, 1, 2)])
    assert [point.key for point in ordered] == [sqrt2.key, slightly_above.key]
    sample = between(sqrt2, slightly_above)
    assert 2 < sample**2 < Fraction(2000001, 10**6)


def test_near_is_in_the_quarter_next_to_the_point() -> None:
    sqrt2 = root(x**2 - 2, 0, 2)
    low, high = Point(Fraction(1)), Point(Fraction(2))
    below, above = near(sqrt2, low), near(sqrt2, high)
    # sqrt(2) - 1 is about 0.414 and 2 - sqrt(2) about 0.586: each quarter is below 0.15 wide.
    assert 1 < below < sympy.sqrt(2) < above < 2
    assert float(sympy.sqrt(2)) - float(below) < 0.414 / 4 + 1e-9
    assert float(above) - float(sympy.sqrt(2)) < 0.586 / 4 + 1e-9


def test_roots_between_factors_and_keeps_only_the_open_interval() -> None:
    # (x - 1)(x - 3)(x^2 - 2)(x^2 + 1): real roots -sqrt(2), 1, sqrt(2), 3.
    polynomial = sympy.Poly((x - 1) * (x - 3) * (x**2 - 2) * (x**2 + 1), x)
    found = sorted_unique(roots_between(polynomial, Point(Fraction(-2)), Point(Fraction(3))))
    assert [point.exact() for point in found] == [-sympy.sqrt(2), 1, sympy.sqrt(2)]
    assert found[1].rational == 1


def test_cubic_root_is_a_crootof() -> None:
    plastic = root(x**3 - x - 1, 0, 2)
    assert plastic.rational is None
    assert plastic.exact() == sympy.CRootOf(x**3 - x - 1, 0)
