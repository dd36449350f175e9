"""Nash, Kalai-Smorodinsky and egalitarian solutions on polygons, exact.

Expected values are hand derivations (in the comments) and a brute-force search over a fine
grid of every Pareto edge; hypothesis checks the axioms' consequences.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.bargaining.axiomatic import (
    egalitarian,
    feasible_set,
    frontier_edges,
    ideal_point,
    kalai_smorodinsky,
    nash_solution,
)
from negotiation.polygon import contains

F = Fraction

CASES = [
    # Unit pie, d = (1/2, 1/4): gains (x - 1/2)(3/4 - x), peak at x = 5/8; KS and E coincide
    # because the ideal point (3/4, 1/2) sits symmetrically: all three give (5/8, 3/8).
    pytest.param(
        [(1, 0), (0, 1)],
        (F(1, 2), F(1, 4)),
        (F(5, 8), F(3, 8)),
        (F(5, 8), F(3, 8)),
        (F(5, 8), F(3, 8)),
        id="pie_war_point",
    ),
    # Unit pie, d = 0: the symmetric split for all three.
    pytest.param(
        [(1, 0), (0, 1)],
        (F(0), F(0)),
        (F(1, 2), F(1, 2)),
        (F(1, 2), F(1, 2)),
        (F(1, 2), F(1, 2)),
        id="pie_symmetric",
    ),
    # Triangle (0,0), (2,0), (0,1): frontier x/2 + y = 1.  Nash: x(1 - x/2) peaks at x = 1,
    # (1, 1/2).  KS: ideal (2, 1), the ray (2s, s) meets the frontier at s = 1/2: (1, 1/2).
    # Egalitarian: x = y = 1 - x/2, x = 2/3: (2/3, 2/3).
    pytest.param(
        [(2, 0), (0, 1)],
        (F(0), F(0)),
        (F(1), F(1, 2)),
        (F(1), F(1, 2)),
        (F(2, 3), F(2, 3)),
        id="asymmetric_triangle",
    ),
    # Kinked frontier (0,3), (2,2), (3,0), d = 0.  Nash: on the edge y = 3 - x/2 the product
    # x(3 - x/2) peaks at x = 3, past the kink; on y = 6 - 2x it peaks at x = 3/2, before the
    # kink: the solution is the kink (2, 2), product 4.  KS: ideal (3, 3), the diagonal meets
    # the kink (2, 2); egalitarian the same.
    pytest.param(
        [(0, 3), (2, 2), (3, 0)], (F(0), F(0)), (F(2), F(2)), (F(2), F(2)), (F(2), F(2)), id="kink"
    ),
    # Same frontier, d = (0, 0) but outcome (2, 2) replaced by (1, 5/2): the Pareto edges are
    # y = 3 - x/2 on [0, 1] and y = 15/4 - (5/4)... hand: from (1, 5/2) to (3, 0), slope -5/4,
    # y = 15/4 - 5x/4; product x(15/4 - 5x/4) peaks at x = 3/2, inside: (3/2, 15/8).
    # KS: ideal (3, 3): ray (s, s) meets y = 15/4 - 5x/4 at x = 5/3: (5/3, 5/3) = egalitarian.
    pytest.param(
        [(0, 3), (1, F(5, 2)), (3, 0)],
        (F(0), F(0)),
        (F(3, 2), F(15, 8)),
        (F(5, 3), F(5, 3)),
        (F(5, 3), F(5, 3)),
        id="second_edge",
    ),
    # Disagreement beats every agreement for side 2: the feasible set is the point d.
    pytest.param(
        [(1, 0), (0, 1)],
        (F(1, 2), F(1)),
        (F(1, 2), F(1)),
        (F(1, 2), F(1)),
        (F(1, 2), F(1)),
        id="nothing_to_gain",
    ),
]


@pytest.mark.parametrize(("outcomes", "disagreement", "nash", "ks", "equal"), CASES)
def test_solutions_match_hand_derivations(outcomes, disagreement, nash, ks, equal) -> None:
    assert nash_solution(outcomes, disagreement) == nash
    assert kalai_smorodinsky(outcomes, disagreement) == ks
    assert egalitarian(outcomes, disagreement) == equal


def _grid_best(outcomes, disagreement, key, steps=400):
    """The best point of the Pareto edges on a grid of ``steps`` points per edge."""
    best = None
    for start, end in frontier_edges(outcomes, disagreement):
        for k in range(steps + 1):
            t = F(k, steps)
            point = (start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1]))
            if best is None or key(point) > key(best):
                best = point
    return best


payoff = st.integers(min_value=-5, max_value=10).map(F)
outcome_lists = st.lists(st.tuples(payoff, payoff), min_size=2, max_size=6)
points = st.tuples(st.integers(-5, 3).map(F), st.integers(-5, 3).map(F))


@settings(max_examples=60, deadline=None)
@given(outcomes=outcome_lists, disagreement=points)
def test_nash_beats_a_fine_grid_of_every_edge(outcomes, disagreement) -> None:
    solution = nash_solution(outcomes, disagreement)

    def product(point):
        return (point[0] - disagreement[0]) * (point[1] - disagreement[1])

    grid = _grid_best(outcomes, disagreement, product)
    if grid is not None:
        assert product(solution) >= product(grid)
        # and the grid comes close: the product is smooth along each edge
        assert float(product(solution) - product(grid)) <= 1e-3 * (1 + float(product(solution)))


@settings(max_examples=60, deadline=None)
@given(outcomes=outcome_lists, disagreement=points)
def test_nash_is_individually_rational_and_pareto_optimal(outcomes, disagreement) -> None:
    solution = nash_solution(outcomes, disagreement)
    feasible = feasible_set(outcomes, disagreement)
    assert contains(feasible, solution)
    assert solution[0] >= disagreement[0]
    assert solution[1] >= disagreement[1]
    gains = (solution[0] - disagreement[0]) * (solution[1] - disagreement[1])
    if gains > 0:  # strictly better points exist: no feasible point dominates the solution
        assert not any(
            vertex[0] >= solution[0] and vertex[1] >= solution[1] and vertex != solution
            for vertex in feasible
        )


@settings(max_examples=60, deadline=None)
@given(outcomes=outcome_lists, disagreement=points)
def test_kalai_smorodinsky_lies_on_the_line_to_the_ideal_point(outcomes, disagreement) -> None:
    solution = kalai_smorodinsky(outcomes, disagreement)
    feasible = feasible_set(outcomes, disagreement)
    ideal = ideal_point(feasible)
    assert contains(feasible, solution)
    # (solution - d) is parallel to (ideal - d)
    assert (solution[0] - disagreement[0]) * (ideal[1] - disagreement[1]) == (
        solution[1] - disagreement[1]
    ) * (ideal[0] - disagreement[0])
    # and nothing farther along that line is feasible
    step = (ideal[0] - disagreement[0], ideal[1] - disagreement[1])
    beyond = (solution[0] + step[0] / 1000, solution[1] + step[1] / 1000)
    assert step == (0, 0) or not contains(feasible, beyond)


@settings(max_examples=60, deadline=None)
@given(outcomes=outcome_lists, disagreement=points)
def test_egalitarian_gives_equal_gains(outcomes, disagreement) -> None:
    solution = egalitarian(outcomes, disagreement)
    assert solution[0] - disagreement[0] == solution[1] - disagreement[1]
    assert not contains(
        feasible_set(outcomes, disagreement), (solution[0] + F(1, 1000), solution[1] + F(1, 1000))
    )
