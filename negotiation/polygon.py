"""Convex polygons in the plane, exact: hulls, half-plane clipping, rays to the boundary.

Why here: the feasible agreements of a bargain and the feasible payoffs of a repeated game are
both the convex hull of finitely many payoff pairs, and both are then cut by lower bounds (the
disagreement point, the minmax values).  One exact kernel serves both.  Points are pairs of
``Fraction`` (or floats, for the float path of Abreu-Sannikov); no tolerance is used, so with
Fractions every answer is exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

__all__ = ["Point", "clip", "contains", "convex_hull", "edges", "pareto_chain", "ray_exit"]

Point = tuple[Fraction, Fraction]


def _cross(origin: Point, first: Point, second: Point) -> Fraction:
    return (first[0] - origin[0]) * (second[1] - origin[1]) - (first[1] - origin[1]) * (
        second[0] - origin[0]
    )


def convex_hull(points: Iterable[Sequence[Fraction]]) -> tuple[Point, ...]:
    """The vertices of the convex hull, counterclockwise from the leftmost (then lowest) point.

    Andrew's monotone chain (Andrew, "Another efficient algorithm for convex hulls in two
    dimensions", Information Processing Letters 9, 1979); collinear points are dropped, so
    every returned point is a vertex.  One point gives itself, two distinct points a segment.

    Examples
    --------
    >>> convex_hull([(0, 0), (1, 0), (1, 1), (0, 1), (1, 1)])
    ((0, 0), (1, 0), (1, 1), (0, 1))
    """
    unique = sorted({(point[0], point[1]) for point in points})
    if len(unique) <= 2:
        return tuple(unique)

    def chain(ordered: list[Point]) -> list[Point]:
        kept: list[Point] = []
        for point in ordered:
            while len(kept) >= 2 and _cross(kept[-2], kept[-1], point) <= 0:
                kept.pop()
            kept.append(point)
        return kept

    lower, upper = chain(unique), chain(unique[::-1])
    return tuple(lower[:-1] + upper[:-1])


def edges(polygon: Sequence[Point]) -> list[tuple[Point, Point]]:
    """The polygon's edges in order, each as (start, end); none for a single point."""
    if len(polygon) < 2:
        return []
    if len(polygon) == 2:
        return [(polygon[0], polygon[1])]
    return [(polygon[k], polygon[(k + 1) % len(polygon)]) for k in range(len(polygon))]


def clip(polygon: Sequence[Point], normal: Sequence[Fraction], offset: Fraction) -> tuple:
    """The part of a convex polygon where ``normal @ point >= offset``.

    Sutherland-Hodgman clipping against one half-plane (Sutherland and Hodgman, "Reentrant
    polygon clipping", CACM 17, 1974); the crossing points are computed exactly.  The answer is
    again a convex hull (possibly a segment, a point, or empty).
    """

    def side(point: Point) -> Fraction:
        return normal[0] * point[0] + normal[1] * point[1] - offset

    if len(polygon) == 1:
        return tuple(polygon) if side(polygon[0]) >= 0 else ()
    kept: list[Point] = []
    for start, end in edges(polygon):
        start_side, end_side = side(start), side(end)
        if start_side >= 0:
            kept.append(start)
        if (start_side < 0 < end_side) or (end_side < 0 < start_side):
            weight = start_side / (start_side - end_side)
            kept.append(
                (start[0] + weight * (end[0] - start[0]), start[1] + weight * (end[1] - start[1]))
            )
        if len(polygon) == 2 and end_side >= 0:
            kept.append(end)
    return convex_hull(kept)


def contains(polygon: Sequence[Point], point: Sequence[Fraction]) -> bool:
    """Whether a point lies in the convex polygon (boundary included)."""
    target = (point[0], point[1])
    if len(polygon) <= 2:
        if not polygon:
            return False
        if len(polygon) == 1:
            return polygon[0] == target
        start, end = polygon
        if _cross(start, end, target) != 0:
            return False
        return min(start, end) <= target <= max(start, end)
    return all(_cross(start, end, target) >= 0 for start, end in edges(polygon))


def ray_exit(
    polygon: Sequence[Point], origin: Sequence[Fraction], direction: Sequence[Fraction]
) -> Point | None:
    """The farthest point of the ray ``origin + s * direction`` (s >= 0) in the polygon.

    This one step gives the Kalai-Smorodinsky solution (direction: towards the ideal point)
    and the egalitarian one (direction (1, 1)).  None when the origin is outside the polygon.
    """
    if not contains(polygon, origin):
        return None
    best = Fraction(0)
    for start, end in edges(polygon):
        # origin + s d = start + t (end - start): two linear equations in s and t.
        along = (end[0] - start[0], end[1] - start[1])
        determinant = direction[0] * (-along[1]) + along[0] * direction[1]
        if determinant == 0:
            for vertex in (start, end):
                gap = (vertex[0] - origin[0], vertex[1] - origin[1])
                if gap[0] * direction[1] == gap[1] * direction[0]:
                    reach = _projection(gap, direction)
                    best = max(best, reach)
            continue
        gap = (start[0] - origin[0], start[1] - origin[1])
        reach = (gap[0] * (-along[1]) + along[0] * gap[1]) / determinant
        fraction = (direction[0] * gap[1] - direction[1] * gap[0]) / determinant
        if 0 <= fraction <= 1 and reach > best:
            best = reach
    return (origin[0] + best * direction[0], origin[1] + best * direction[1])


def _projection(gap: Sequence[Fraction], direction: Sequence[Fraction]) -> Fraction:
    """How many ``direction`` steps the collinear vector ``gap`` is (negative if behind)."""
    if direction[0] != 0:
        return gap[0] / direction[0]
    return gap[1] / direction[1]


def pareto_chain(polygon: Sequence[Point]) -> tuple[Point, ...]:
    """The strongly Pareto-optimal vertices, from the best for the second coordinate to the best
    for the first: the boundary where no point is weakly better for both and strictly for one.
    """
    if not polygon:
        return ()
    top = max(polygon, key=lambda point: (point[1], point[0]))
    right = max(polygon, key=lambda point: (point[0], point[1]))
    chain = [top]
    index = polygon.index(top)
    # Clockwise from the top vertex (the hull is counterclockwise, so step backwards).
    while chain[-1] != right:
        index = (index - 1) % len(polygon)
        chain.append(polygon[index])
    return tuple(chain)
