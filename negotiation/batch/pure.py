"""Pure equilibria of games of any number of players, batched across points.

A cell of the payoff arrays is a pure equilibrium when each player's strategy there is a best
response to the others': the cell is a maximum of that player's payoff along its own axis, here
within a float margin (`negotiation.best_responses.best_response_mask`, the kernel the exact
`negotiation.solvers.pure_nash` uses with no margin).  With three players or more the batch
engine seeks only these (mixed equilibria of such games solve polynomial systems, beyond a
batched linear kernel), and its results say so (``complete=False``); flagged points go to
``solve(method="pure")``.
"""

from __future__ import annotations

import math
from itertools import product

import numpy as np

from negotiation.batch.outcomes import Support
from negotiation.batch.scaling import rescaled
from negotiation.best_responses import best_response_mask

__all__ = ["cell_supports", "pure_chunk"]


def cell_supports(shape: tuple[int, ...]) -> list[Support]:
    return [tuple((k,) for k in cell) for cell in product(*(range(size) for size in shape))]


def pure_chunk(
    payoffs: tuple[np.ndarray, ...], tol: float
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """Pure equilibria at every point (payoffs ``(s_1, ..., s_n, N)``): each player's
    strategy is its unique best response.

    A point where some player has two best responses within the margin (a tie) is flagged for
    the exact solver, as `solve(method="pure")` would call the game degenerate.
    """
    *shape, count = payoffs[0].shape
    cells = math.prod(shape)
    equilibrium = np.ones(payoffs[0].shape, dtype=bool)
    flagged = np.zeros(count, dtype=bool)
    for player, payoff in enumerate(payoffs):
        scaled, _, _, noise = rescaled(payoff)
        near = best_response_mask(scaled, player, tol + 2 * noise)
        flagged |= (near.sum(axis=player) > 1).reshape(-1, count).any(axis=0)
        equilibrium &= near
    found = equilibrium.reshape(cells, count)
    profiles = []
    for player, size in enumerate(shape):
        chosen = np.array([cell[player] for cell in product(*(range(s) for s in shape))])
        profile = np.zeros((cells, size, 1))
        profile[np.arange(cells), chosen] = 1.0
        profiles.append(np.broadcast_to(profile, (cells, size, count)))
    values = tuple(payoff.reshape(cells, count) for payoff in payoffs)
    return found, flagged, tuple(profiles), values
