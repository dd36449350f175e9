"""Bargaining solutions on a frontier given by a formula, with square roots kept exact.

When the agreements are not finitely many outcomes but a curve ``y = f(x)`` for ``x`` in
``[low, high]`` (``f`` concave and decreasing: risk aversion bends the frontier of a divided
pie), the solutions solve one equation each, exactly, with sympy:

- Nash: ``d/dx [(x - d_1)(f(x) - d_2)] = 0`` (Nash 1950);
- Kalai-Smorodinsky: ``(x - d_1)(I_2 - d_2) = (f(x) - d_2)(I_1 - d_1)``, with the ideal point
  ``I = (f^{-1}(d_2), f(d_1))`` clipped to the curve's ends (Kalai and Smorodinsky 1975);
- egalitarian: ``x - d_1 = f(x) - d_2`` (Kalai 1977).

The root is chosen among those in the admissible interval, so square roots appear as sympy
surds (``sqrt(3)/3``) rather than floats.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["curve_solutions"]


def curve_solutions(
    frontier: Any, variable: Any, low: Any, high: Any, disagreement: Sequence[Any]
) -> dict[str, tuple[Any, Any]]:
    """Nash, Kalai-Smorodinsky and egalitarian points on the frontier ``y = frontier(x)``.

    Parameters
    ----------
    frontier : sympy expression
        The second side's best payoff given the first side's ``variable``; concave and
        decreasing on ``[low, high]``.
    variable : sympy Symbol
    low, high : numbers
        The range of the first side's payoff along the frontier.
    disagreement : pair of numbers
        ``d``, below the frontier.

    Returns
    -------
    dict
        ``{"nash": (x, y), "kalai_smorodinsky": (x, y), "egalitarian": (x, y)}``, exact sympy
        numbers.

    Examples
    --------
    A pie divided between a risk-neutral side and a side with square-root utility:

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> curve_solutions(sympy.sqrt(1 - x), x, 0, 1, (0, 0))["nash"]
    (2/3, sqrt(3)/3)
    """
    import sympy

    d_x, d_y = (sympy.nsimplify(value) for value in disagreement)
    low, high = sympy.nsimplify(low), sympy.nsimplify(high)
    # The curve where it gives both at least d: x from d_1 up to where f(x) falls to d_2.
    left = sympy.Max(low, d_x)
    crossing = _root_in(sympy.Eq(frontier, d_y), variable, left, high)
    right = high if crossing is None else crossing
    ideal = (right, frontier.subs(variable, left))

    def point(x_value: Any) -> tuple[Any, Any]:
        return (sympy.simplify(x_value), sympy.simplify(frontier.subs(variable, x_value)))

    product = (variable - d_x) * (frontier - d_y)
    candidates = [left, right]
    stationary = sympy.solve(sympy.diff(product, variable), variable)
    candidates += [root for root in stationary if _within(root, left, right)]
    nash_x = max(candidates, key=lambda value: product.subs(variable, value))
    ratio = sympy.Eq((variable - d_x) * (ideal[1] - d_y), (frontier - d_y) * (ideal[0] - d_x))
    ks_x = _root_in(ratio, variable, left, right)
    equal_x = _root_in(sympy.Eq(variable - d_x, frontier - d_y), variable, left, right)
    return {
        "nash": point(nash_x),
        "kalai_smorodinsky": point(left if ks_x is None else ks_x),
        "egalitarian": point(left if equal_x is None else equal_x),
    }


def _within(value: Any, low: Any, high: Any) -> bool:
    return bool(value.is_real) and bool(low <= value) and bool(value <= high)


def _root_in(equation: Any, variable: Any, low: Any, high: Any) -> Any:
    """The largest real root in ``[low, high]`` (None if none); the larger root is the one on
    the frontier when the equation also crosses the curve's non-Pareto branch."""
    import sympy

    roots = [root for root in sympy.solve(equation, variable) if _within(root, low, high)]
    return max(roots) if roots else None
