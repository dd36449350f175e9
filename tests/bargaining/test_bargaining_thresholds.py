"""Thresholds of bargaining answers, checked by solving just either side of each."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from negotiation.bargaining.axiomatic import frontier_edges, nash_solution
from negotiation.bargaining.rubinstein import rubinstein_shares
from negotiation.bargaining.thresholds import crossings, nash_edge_changes
from negotiation.bargaining.war import fearon_bounds, fearon_range

F = Fraction
EPSILON = F(1, 10**6)


def _fraction(value) -> Fraction:
    return F(str(sympy.nsimplify(value)))


@pytest.mark.parametrize(
    ("other", "level"),
    [
        pytest.param(F(9, 10), F(1, 2), id="half_against_patient"),
        pytest.param(F(4, 5), F(2, 3), id="two_thirds"),
        pytest.param(F(1, 2), F(3, 4), id="three_quarters"),
    ],
)
def test_rubinstein_share_crosses_level_where_solved(other, level) -> None:
    d1 = sympy.Symbol("d1")
    share = rubinstein_shares((d1, sympy.Rational(other)))[0]
    (root,) = crossings(share, d1, sympy.Rational(level), 0, 1)
    root = _fraction(root)
    below = rubinstein_shares((root - EPSILON, other))[0]
    above = rubinstein_shares((root + EPSILON, other))[0]
    assert rubinstein_shares((root, other))[0] == level
    assert below < level < above


def test_fearon_range_empties_where_total_cost_crosses_zero() -> None:
    cost_b = sympy.Symbol("c_B")
    low, high = fearon_bounds(sympy.Rational(3, 5), sympy.Rational(1, 10), cost_b)
    (root,) = crossings(high - low, cost_b, 0, -1, 1)
    assert root == sympy.Rational(-1, 10)
    assert fearon_range(F(3, 5), F(1, 10), F(-1, 10) + EPSILON) is not None
    assert fearon_range(F(3, 5), F(1, 10), F(-1, 10) - EPSILON) is None


def test_turkey_share_rises_with_drone_cost() -> None:
    """SF2 in miniature: Turkey's counter-escalation raises Russia's cost of war c_A; the Nash
    split of the pie gives Turkey (1 - p + c_A - c_B) / 2, which rises with c_A and reaches
    one half at c_A = c_B + 2p - 1 = 3/20 + 1/5 = 7/20 (p = 3/5, c_B = 3/20)."""
    cost_a = sympy.Symbol("c_A")
    disagreement = (sympy.Rational(3, 5) - cost_a, sympy.Rational(2, 5) - sympy.Rational(3, 20))
    (root,) = crossings(
        1 - (disagreement[0] + (1 - disagreement[0] - disagreement[1]) / 2),
        cost_a,
        sympy.Rational(1, 2),
        0,
        1,
    )
    assert root == sympy.Rational(7, 20)
    for cost, turkey_more in ((F(7, 20) - EPSILON, False), (F(7, 20) + EPSILON, True)):
        solution = nash_solution([(1, 0), (0, 1)], (F(3, 5) - cost, F(1, 4)))
        assert (solution[1] > F(1, 2)) == turkey_more


def _edge_of(point, edges) -> int | None:
    """Which edge holds the point in its interior (None: at a vertex)."""
    for index, (start, end) in enumerate(edges):
        if point in (start, end):
            return None
        cross = (end[0] - start[0]) * (point[1] - start[1]) - (end[1] - start[1]) * (
            point[0] - start[0]
        )
        if cross == 0 and min(start, end) < point < max(start, end):
            return index
    msg = f"{point} is on no edge"
    raise AssertionError(msg)


def test_nash_changes_edge_where_solved() -> None:
    """Outcomes (0,3), (2,2), (3,0); d = (s, 0).  By hand: on the edge from (0, 3) to (2, 2)
    the Nash product peaks at t* = (s + 6) / 4, at the kink (t* = 1) when s = -2; on the edge
    from (2, 2) to (3, 0) at t* = (s - 1) / 2, at the kink (t* = 0) when s = 1.  So the kink
    holds the solution for s in [-2, 1]."""
    outcomes = [(0, 3), (2, 2), (3, 0)]
    s = sympy.Symbol("s")
    changes = nash_edge_changes(outcomes, (s, 0), s, -5, F(5, 2))
    assert changes == (-2, 1)
    edges = frontier_edges(outcomes, (F(-5), F(0)))
    kinds = []
    for change in changes:
        value = _fraction(change)
        sides = [
            _edge_of(nash_solution(outcomes, (value + step, F(0))), edges)
            for step in (-EPSILON, EPSILON)
        ]
        kinds.append(sides)
        assert sides[0] != sides[1]
    # between consecutive changes the solution stays put on one edge or vertex
    assert kinds[0][1] == kinds[1][0]
