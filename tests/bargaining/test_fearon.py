"""The Fearon bargaining range and war as the disagreement point."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from negotiation.bargaining.war import (
    acceptable_splits,
    fearon_bounds,
    fearon_range,
    fearon_steps,
    war_payoffs,
)

F = Fraction


@pytest.mark.parametrize(
    ("p", "cost_a", "cost_b", "expected"),
    [
        # Issue 12's example: (0.6 - 0.1, 0.6 + 0.15).
        pytest.param(F(3, 5), F(1, 10), F(3, 20), (F(1, 2), F(3, 4)), id="issue_12_example"),
        # Costless war: the range shrinks to the point p (Fearon 1995: still non-empty).
        pytest.param(F(3, 5), F(0), F(0), (F(3, 5), F(3, 5)), id="costless_war"),
        # Fighting pays (negative total cost): no split beats war for both.
        pytest.param(F(3, 5), F(-1, 10), F(1, 20), None, id="war_pays"),
        # Costly war for a sure winner: the range is cut at the whole pie.
        pytest.param(F(1), F(1, 10), F(1, 5), (F(9, 10), F(1)), id="clipped_at_pie"),
    ],
)
def test_fearon_range(p, cost_a, cost_b, expected) -> None:
    assert fearon_range(p, cost_a, cost_b) == expected


def test_range_is_the_splits_both_prefer_to_war() -> None:
    p, cost_a, cost_b = F(3, 5), F(1, 10), F(3, 20)
    war_a, war_b = war_payoffs(p, cost_a, cost_b)
    low, high = fearon_range(p, cost_a, cost_b)
    for k in range(101):
        x = F(k, 100)
        both_prefer = x >= war_a and 1 - x >= war_b
        assert both_prefer == (low <= x <= high)


def test_emptiness_threshold_is_zero_total_cost() -> None:
    """The width of the range, as a formula, is c_A + c_B: empty just below zero."""
    p, cost_a, cost_b = sympy.symbols("p c_A c_B")
    low, high = fearon_bounds(p, cost_a, cost_b)
    assert sympy.simplify(high - low - (cost_a + cost_b)) == 0
    assert fearon_range(F(1, 2), F(1, 10), F(-1, 10)) == (F(2, 5), F(2, 5))
    assert fearon_range(F(1, 2), F(1, 10), F(-1, 10) - F(1, 10**6)) is None


def test_steps_name_the_range() -> None:
    steps = fearon_steps(F(3, 5), F(1, 10), F(3, 20), ("Russia", "Turkey"))
    assert "Russia p - c = 1/2, Turkey 1 - p - c = 1/4" in steps
    assert steps.endswith("the range is [1/2, 3/4]: any split in it beats war for both.")
    assert "empty" in fearon_steps(F(3, 5), F(-1, 10), F(1, 20))


def test_acceptable_splits_from_any_disagreement_point() -> None:
    assert acceptable_splits((F(1, 5), F(3, 10))) == (F(1, 5), F(7, 10))
