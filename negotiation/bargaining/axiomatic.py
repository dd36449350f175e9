"""The axiomatic bargaining solutions on a polygon of agreements, exactly.

The feasible set is the convex hull of the outcomes (their lotteries) with the disagreement
point ``d``, cut to the points that give both sides at least ``d``.  On a polygon every
solution is rational:

- Nash (Nash, "The bargaining problem", Econometrica 18, 1950): the maximiser of
  ``(x - d_1)(y - d_2)``.  On a Pareto edge from ``s`` to ``e`` the product is a concave
  quadratic in the position ``t`` along the edge, maximised at
  ``t* = -(a dy + b dx) / (2 dx dy)`` with ``a = s_1 - d_1``, ``b = s_2 - d_2`` and
  ``(dx, dy) = e - s``; the solution is the best clamped ``t*`` over the edges
  (`nash_on_edge` gives the unclamped one, also for sympy symbols).
- Kalai-Smorodinsky (Kalai and Smorodinsky, "Other solutions to Nash's bargaining problem",
  Econometrica 43, 1975): the farthest feasible point on the segment from ``d`` to the ideal
  point (each side's best feasible payoff).
- Egalitarian (Kalai, "Proportional solutions to bargaining situations", Econometrica 45,
  1977): the farthest feasible point with equal gains over ``d``.

Square roots arise only on curved frontiers: see `negotiation.bargaining.curve`.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from negotiation.polygon import Point, clip, convex_hull, pareto_chain, ray_exit

__all__ = [
    "egalitarian",
    "feasible_set",
    "frontier_edges",
    "ideal_point",
    "kalai_smorodinsky",
    "nash_on_edge",
    "nash_solution",
]


def feasible_set(outcomes: Sequence[Sequence[Fraction]], disagreement: Point) -> tuple:
    """The individually rational agreements: hull of outcomes and ``d``, cut at ``d``.

    Examples
    --------
    >>> [tuple(map(str, point)) for point in feasible_set([(1, 0), (0, 1)], (0, 0))]
    [('0', '0'), ('1', '0'), ('0', '1')]
    """
    points = [(Fraction(point[0]), Fraction(point[1])) for point in [*outcomes, disagreement]]
    hull = convex_hull(points)
    hull = clip(hull, (1, 0), disagreement[0])
    return clip(hull, (0, 1), disagreement[1])


def ideal_point(feasible: Sequence[Point]) -> Point:
    """Each side's best payoff in the feasible set (Kalai-Smorodinsky's utopia point)."""
    return (max(point[0] for point in feasible), max(point[1] for point in feasible))


def nash_on_edge(start: Sequence[Any], end: Sequence[Any], disagreement: Sequence[Any]) -> Any:
    """Where on the line through ``start`` and ``end`` the Nash product peaks, as ``t``.

    The point is ``start + t (end - start)``; ``t`` in ``[0, 1]`` means inside the edge.
    Pure arithmetic, so sympy symbols in ``disagreement`` give the formula: the edge changes
    where ``t`` crosses 0 or 1.  Needs ``dx * dy != 0`` (an edge of negative slope).

    Examples
    --------
    Splitting a unit pie with ``d = (1/4, 0)``: the Nash split gives A 5/8.

    >>> nash_on_edge((0, 1), (1, 0), (Fraction(1, 4), 0))
    Fraction(5, 8)
    """
    step_x, step_y = end[0] - start[0], end[1] - start[1]
    gain_x, gain_y = start[0] - disagreement[0], start[1] - disagreement[1]
    return -(gain_x * step_y + gain_y * step_x) / (2 * step_x * step_y)


def nash_solution(outcomes: Sequence[Sequence[Fraction]], disagreement: Point) -> Point:
    """The Nash bargaining solution, exactly (see the module docstring).

    When no agreement gives both sides strictly more than ``d`` the Nash product is zero
    everywhere; the solution is then the best point of the frontier for the product of
    gains, which this returns as the first Pareto point found (``d`` itself when nothing
    beats it).

    Examples
    --------
    >>> nash_solution([(1, 0), (0, 1)], (Fraction(1, 2), Fraction(1, 4)))
    (Fraction(5, 8), Fraction(3, 8))
    """
    chain = pareto_chain(feasible_set(outcomes, disagreement))
    if not chain:
        return disagreement
    candidates = list(chain)
    for start, end in zip(chain, chain[1:], strict=False):
        position = min(max(Fraction(nash_on_edge(start, end, disagreement)), Fraction(0)), 1)
        candidates.append(
            (start[0] + position * (end[0] - start[0]), start[1] + position * (end[1] - start[1]))
        )

    def product(point: Point) -> Fraction:
        return (point[0] - disagreement[0]) * (point[1] - disagreement[1])

    return max(candidates, key=product)


def kalai_smorodinsky(outcomes: Sequence[Sequence[Fraction]], disagreement: Point) -> Point:
    """The Kalai-Smorodinsky solution: the farthest point towards the ideal point.

    Examples
    --------
    >>> kalai_smorodinsky([(1, 0), (0, 1)], (Fraction(1, 2), Fraction(1, 4)))
    (Fraction(5, 8), Fraction(3, 8))
    """
    feasible = feasible_set(outcomes, disagreement)
    ideal = ideal_point(feasible)
    direction = (ideal[0] - disagreement[0], ideal[1] - disagreement[1])
    if direction == (0, 0):
        return feasible[0]
    return ray_exit(feasible, disagreement, direction)


def egalitarian(outcomes: Sequence[Sequence[Fraction]], disagreement: Point) -> Point:
    """The egalitarian solution: the farthest point with equal gains over ``d``.

    Examples
    --------
    >>> egalitarian([(1, 0), (0, 1)], (Fraction(1, 2), Fraction(1, 4)))
    (Fraction(5, 8), Fraction(3, 8))
    """
    feasible = feasible_set(outcomes, disagreement)
    return ray_exit(feasible, disagreement, (Fraction(1), Fraction(1)))


def frontier_edges(outcomes: Sequence[Sequence[Fraction]], disagreement: Point) -> list:
    """The Pareto edges of the feasible set, from the second side's best to the first's."""
    chain = pareto_chain(feasible_set(outcomes, disagreement))
    return list(zip(chain, chain[1:], strict=False))
