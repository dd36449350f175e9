"""Every pure-strategy Nash equilibrium of a game with any number of players.

A pure profile is an equilibrium when each player's strategy is a best response to the others'
(von Neumann and Morgenstern's definition applied cell by cell).  The check is one comparison per
player over the whole payoff array: player ``i``'s payoff equals its maximum along axis ``i``
(`negotiation.best_responses.best_response_mask`, the one best-response kernel, which the batch
engine's `negotiation.batch.pure` uses too, within a float margin).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from negotiation.best_responses import best_response_mask
from negotiation.game import Game

__all__ = ["best_response_mask", "pure_equilibrium_mask", "pure_nash", "pure_nash_gen"]


def pure_equilibrium_mask(payoffs: tuple[np.ndarray, ...]) -> np.ndarray:
    """True at the pure profiles that are equilibria."""
    mask = np.ones(payoffs[0].shape, dtype=bool)
    for player, payoff in enumerate(payoffs):
        mask &= best_response_mask(payoff, player)
    return mask


def pure_nash_gen(game: Game) -> Iterator[tuple[int, ...]]:
    """Yield each pure equilibrium as a tuple of strategy indices, in lexicographic order."""
    for cell in np.argwhere(pure_equilibrium_mask(game.payoffs)):
        yield tuple(int(k) for k in cell)


def pure_nash(game: Game) -> list[tuple[int, ...]]:
    """Every pure equilibrium as a tuple of strategy indices.

    Examples
    --------
    >>> from negotiation.game import Game
    >>> stag_hunt = Game([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])
    >>> pure_nash(stag_hunt)
    [(0, 0), (1, 1)]
    """
    return list(pure_nash_gen(game))
