"""Where a bargaining answer changes: a share crosses a level, the range empties, the Nash
solution moves to another edge of the frontier.

The answers of `war`, `rubinstein` and `axiomatic.nash_on_edge` are arithmetic in their inputs,
so building them from sympy symbols gives their formulas; a threshold is then a root of
``formula = level``.  Roots are exact (rationals or surds) and only those inside the
parameter's range are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from negotiation.bargaining.axiomatic import nash_on_edge
from negotiation.polygon import convex_hull, pareto_chain

__all__ = ["crossings", "nash_edge_changes"]


def crossings(formula: Any, symbol: Any, level: Any = 0, low: Any = None, high: Any = None):
    """The values of ``symbol`` in ``[low, high]`` where ``formula`` equals ``level``, sorted.

    Examples
    --------
    At what patience ``d1`` does the first proposer get half the pie, the other side's
    patience being 9/10?  ``(1 - 9/10) / (1 - 9/10 d1) = 1/2`` at ``d1 = 8/9``: proposing
    first makes up for being a little less patient.  A fifth needs ``d1 = 5/9``.

    >>> import sympy
    >>> from negotiation.bargaining.rubinstein import rubinstein_shares
    >>> d1 = sympy.Symbol("d1")
    >>> share = rubinstein_shares((d1, sympy.Rational(9, 10)))[0]
    >>> crossings(share, d1, sympy.Rational(1, 2), 0, 1)
    (8/9,)
    >>> crossings(share, d1, sympy.Rational(1, 5), 0, 1)
    (5/9,)
    """
    import sympy

    interval = sympy.Interval(
        -sympy.oo if low is None else sympy.nsimplify(low),
        sympy.oo if high is None else sympy.nsimplify(high),
    )
    numerator, denominator = sympy.fraction(sympy.together(formula - level))
    roots = sympy.solveset(numerator, symbol, domain=interval)
    if roots is sympy.S.EmptySet:
        return ()
    if not isinstance(roots, sympy.FiniteSet):
        msg = f"the formula equals the level on a whole interval: {roots}"
        raise ValueError(msg)
    return tuple(
        sorted(
            (root for root in roots if sympy.simplify(denominator.subs(symbol, root)) != 0),
            key=lambda root: float(root),
        )
    )


def nash_edge_changes(
    outcomes: Sequence[Sequence[Any]],
    disagreement: Sequence[Any],
    symbol: Any,
    low: Any = None,
    high: Any = None,
) -> tuple:
    """The values of ``symbol`` at which the Nash solution reaches a vertex of the frontier,
    i.e. leaves one Pareto edge for the next, as the disagreement point moves.

    ``outcomes`` are numbers; ``disagreement`` is a pair of formulas in ``symbol``.  On each
    Pareto edge of the outcomes' hull the unclamped maximiser ``t*`` of the Nash product
    (`nash_on_edge`) is linear in ``d``; the solution sits at an end of the edge where
    ``t*`` is 0 or 1.
    """
    chain = pareto_chain(convex_hull(outcomes))
    values = set()
    for start, end in zip(chain, chain[1:], strict=False):
        position = nash_on_edge(start, end, disagreement)
        for level in (0, 1):
            values.update(crossings(position, symbol, level, low, high))
    return tuple(sorted(values, key=float))
