"""Exact equilibria on the supports the batch engine found: one small linear system each.

Why: at a point the float kernel settled (every comparison clear of its margin), the game is
nondegenerate, so each equilibrium is the unique solution of the indifference system of its
supports, and no other pair of supports holds one (von Stengel, "Equilibrium computation for
two-player games", Proposition 3.3, in Nisan et al., *Algorithmic Game Theory*, 2007).  Solving
those systems in rationals gives `solve`'s exact answer without enumerating support pairs or
polytope vertices: what a sweep needs, whose output is exact.

Each profile is checked exactly before it is returned, as `solve` checks its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np

from negotiation.batch.outcomes import Support
from negotiation.game import Game
from negotiation.linear import solve_exact
from negotiation.results import SolveResult
from negotiation.solvers import checked_equilibrium, equilibrium_order

__all__ = ["exact_result"]


def exact_result(
    game: Game,
    supports: Sequence[Support],
    parameters: Mapping[str, object] | None = None,
) -> SolveResult:
    """The equilibria of a two-player exact ``game`` on the given supports, exactly.

    Parameters
    ----------
    game : Game
        With exact payoffs, nondegenerate: a point `solve_batch` solved in floats.
    supports : sequence of Support
        The supports of every equilibrium there (an outcome of the batch).

    Returns
    -------
    SolveResult
        What ``solve(game)`` returns at such a point (method ``support_enumeration``).

    Raises
    ------
    AssertionError
        If a support's system is singular or its solution is not an equilibrium with those
        supports: the game was degenerate after all, a bug of the batch engine.

    Examples
    --------
    >>> battle = Game([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    >>> result = exact_result(battle, [((0,), (0,)), ((1,), (1,)), ((0, 1), (0, 1))])
    >>> [str(p) for p in result.equilibria[2].profile[0]]
    ['2/3', '1/3']
    """
    row_payoff, column_payoff = game.payoffs
    equilibria = []
    for rows, columns in supports:
        column_mix = _indifferent(row_payoff, rows, columns)
        row_mix = _indifferent(column_payoff.T, columns, rows)
        profile = (
            _spread(row_mix, rows, row_payoff.shape[0]),
            _spread(column_mix, columns, row_payoff.shape[1]),
        )
        equilibria.append(checked_equilibrium(game, profile, exact=True))
    return SolveResult(
        game=game,
        method="support_enumeration",
        exact=True,
        equilibria=tuple(sorted(equilibria, key=equilibrium_order)),
        degenerate=False,
        parameters=dict(parameters or {}),
    )


def _indifferent(payoff: np.ndarray, own: Sequence[int], other: Sequence[int]) -> list[Fraction]:
    """The other player's mix on ``other`` that makes every strategy of ``own`` equally good:
    ``sum_j payoff[i, j] y_j = v`` for ``i`` in ``own``, and ``sum_j y_j = 1``."""
    matrix = [[payoff[i, j] for j in other] + [-1] for i in own]
    matrix.append([1] * len(other) + [0])
    solution = solve_exact(matrix, [0] * len(own) + [1])
    if solution is None or any(p <= 0 for p in solution[:-1]):
        msg = f"no positive solution on supports {own}, {other}: the game is degenerate"
        raise AssertionError(msg)
    return solution[:-1]


def _spread(mix: Sequence[Fraction], support: Sequence[int], size: int) -> tuple[Fraction, ...]:
    profile = [Fraction(0)] * size
    for strategy, probability in zip(support, mix, strict=True):
        profile[strategy] = probability
    return tuple(profile)
