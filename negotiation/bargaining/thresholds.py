"""Where a bargaining answer changes: a share crosses a level, the range empties, the Nash
solution moves to another edge of the frontier.

The answers of `war`, `rubinstein` and `axiomatic.nash_on_edge` are arithmetic in their inputs,
so building them from sympy symbols gives their formulas; a threshold is then a root of
``formula = level`` (`negotiation.crossings.crossings`, re-exported here).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from negotiation.bargaining.axiomatic import nash_on_edge
from negotiation.crossings import crossings
from negotiation.polygon import convex_hull, pareto_chain

__all__ = ["crossings", "nash_edge_changes"]


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
