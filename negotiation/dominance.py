"""Iterated elimination of strictly dominated strategies, step by step, for teaching.

A strategy is *strictly dominated* when another strategy, pure or mixed, pays its player more
against every profile of the other players' remaining strategies.  No rational player uses one,
so it can be removed; removals can expose new dominated strategies, and the process repeats
until none is left (Gibbons, "Game Theory for Applied Economists", 1992, section 1.1.B; mixed
domination: Fudenberg and Tirole, "Game Theory", 1991, section 2.1).  What survives does not
depend on the order of removal, and the game keeps exactly the same Nash equilibria.

Each step removes one strategy, in a fixed order that reads well: a strategy dominated by a pure
strategy is looked for first (players in order, strategies in order), and only when there is
none, one dominated by a mix.  Mixed domination is decided by an exact linear program,
`negotiation.simplex.maximise`, a two-phase simplex in Fractions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from negotiation.game import Game
from negotiation.simplex import maximise


@dataclass(frozen=True)
class EliminationStep:
    """One removal: ``player`` drops ``removed``, which ``dominated_by`` beats everywhere.

    ``dominated_by`` lists the dominating strategy as ``(label, probability)`` pairs with
    positive probability; ``pure`` says it is a single strategy.
    """

    player: str
    removed: str
    dominated_by: tuple[tuple[str, Fraction], ...]
    pure: bool

    def describe(self) -> str:
        """``Turkey: 'Accommodate' is strictly dominated by 'Reinforce'``."""
        if self.pure:
            by = f"'{self.dominated_by[0][0]}'"
        else:
            by = " + ".join(f"{probability} '{label}'" for label, probability in self.dominated_by)
        return f"{self.player}: '{self.removed}' is strictly dominated by {by}"


@dataclass(frozen=True)
class EliminationResult:
    """The removals in the order made, and the game that survives them (labels kept)."""

    steps: tuple[EliminationStep, ...]
    reduced: Game

    def describe(self) -> list[str]:
        """One line per removal, in order; empty when nothing is dominated."""
        return [step.describe() for step in self.steps]


def iterated_elimination(game: Game, mixed: bool = True) -> EliminationResult:
    """Remove strictly dominated strategies until none is left.

    Parameters
    ----------
    game : Game
        Any number of players.  Float payoffs are compared at their exact binary value.
    mixed : bool
        Whether a strategy dominated only by a mixed strategy is removed too (the default);
        with ``False`` only domination by a pure strategy counts.

    Returns
    -------
    EliminationResult
        A player's last strategy is never removed.

    Examples
    --------
    The prisoner's dilemma: confessing dominates for both.

    >>> from negotiation.game import Game
    >>> dilemma = Game([[[-1, -9], [0, -6]], [[-1, 0], [-9, -6]]], players=["Ann", "Bob"],
    ...                strategies=[["Quiet", "Confess"], ["Quiet", "Confess"]])
    >>> result = iterated_elimination(dilemma)
    >>> for line in result.describe():
    ...     print(line)
    Ann: 'Quiet' is strictly dominated by 'Confess'
    Bob: 'Quiet' is strictly dominated by 'Confess'
    >>> result.reduced.strategies
    (('Confess',), ('Confess',))
    """
    payoffs = game.exact_payoffs()
    remaining = [list(range(count)) for count in game.shape]
    steps = []
    while True:
        found = _pure_domination(payoffs, remaining)
        if found is None and mixed:
            found = _mixed_domination(payoffs, remaining)
        if found is None:
            break
        player, removed, mix = found
        labels = game.strategies[player]
        steps.append(
            EliminationStep(
                player=game.players[player],
                removed=labels[removed],
                dominated_by=tuple((labels[k], probability) for k, probability in mix),
                pure=len(mix) == 1,
            )
        )
        remaining[player].remove(removed)
    labels = [
        [labels[k] for k in kept] for labels, kept in zip(game.strategies, remaining, strict=True)
    ]
    reduced = Game(
        [payoff[np.ix_(*remaining)] for payoff in game.payoffs], game.players, labels, game.title
    )
    return EliminationResult(tuple(steps), reduced)


def _rows(payoff: np.ndarray, player: int, remaining: Sequence[list[int]]) -> dict[int, list]:
    """``player``'s payoff of each remaining strategy against each remaining opponents' profile."""
    restricted = np.moveaxis(payoff[np.ix_(*remaining)], player, 0)
    flat = restricted.reshape(len(remaining[player]), -1)
    return {k: list(row) for k, row in zip(remaining[player], flat, strict=True)}


def _pure_domination(
    payoffs: Sequence[np.ndarray], remaining: Sequence[list[int]]
) -> tuple[int, int, tuple[tuple[int, Fraction], ...]] | None:
    """The first strategy beaten by another single strategy: player, strategy, dominator."""
    for player, payoff in enumerate(payoffs):
        if len(remaining[player]) < 2:
            continue
        rows = _rows(payoff, player, remaining)
        for k, row in rows.items():
            for t, other in rows.items():
                if t != k and all(a > b for a, b in zip(other, row, strict=True)):
                    return player, k, ((t, Fraction(1)),)
    return None


def _mixed_domination(
    payoffs: Sequence[np.ndarray], remaining: Sequence[list[int]]
) -> tuple[int, int, tuple[tuple[int, Fraction], ...]] | None:
    """The first strategy beaten by a mix of the player's other remaining strategies.

    For strategy ``s`` the linear program is: maximise ``eps`` subject to
    ``sum_t sigma_t u(t, c) >= u(s, c) + eps`` for every opponents' profile ``c``, with
    ``sigma`` a probability vector over the other strategies and ``eps >= 0``; ``s`` is strictly
    dominated exactly when the optimum is positive, and the optimal ``sigma`` dominates it.
    With two strategies left a mix is a pure strategy, already tried.
    """
    for player, payoff in enumerate(payoffs):
        if len(remaining[player]) < 3:
            continue
        rows = _rows(payoff, player, remaining)
        for k, row in rows.items():
            others = [t for t in rows if t != k]
            # Variables: sigma over ``others``, then eps.  Each profile gives
            # -sum_t sigma_t u(t, c) + eps <= -u(s, c).
            upper = [
                [-rows[t][column] for t in others] + [Fraction(1)] for column in range(len(row))
            ]
            solution = maximise(
                [Fraction(0)] * len(others) + [Fraction(1)],
                upper,
                [-value for value in row],
                [[Fraction(1)] * len(others) + [Fraction(0)]],
                [Fraction(1)],
            )
            if solution is not None and solution[0] > 0:
                sigma = solution[1][:-1]
                return player, k, tuple((t, p) for t, p in zip(others, sigma, strict=True) if p)
    return None
