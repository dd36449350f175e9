"""Minmax values: the least payoff the others can hold a player to, in pure or mixed actions.

A player's minmax value bounds its payoff in every equilibrium of the repeated game from below
(Mailath and Samuelson 2006, section 2.7.1), and the folk theorem says every feasible payoff
above it can be sustained by patient players (Fudenberg and Maskin, Econometrica 54, 1986).

- Pure: ``min over the others' pure profiles of max over own actions``.
- Mixed (two players): ``min over the opponent's mixed strategies q of max over own actions
  of u(a, q)``, an exact linear program (`negotiation.simplex`): minimise ``v`` subject to
  ``sum_b u(a, b) q_b <= v`` for every own action ``a``.  With three or more players the
  punishers would mix independently, which is not a linear program; not provided.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

from negotiation.best_responses import reply_payoffs
from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.simplex import maximise

__all__ = ["mixed_minmax", "pure_minmax"]


def pure_minmax(game: Game, player: int) -> tuple[Fraction, tuple[int, ...]]:
    """The pure minmax value of ``player`` and the others' punishing profile (the player's
    entry is its best response to it).

    Examples
    --------
    >>> pd = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> pure_minmax(pd, 0)
    (Fraction(1, 1), (1, 1))
    """
    payoff = game.exact_payoffs()[player]
    best = None
    others = [range(count) if k != player else [0] for k, count in enumerate(game.shape)]
    for rest in product(*others):
        replies = reply_payoffs(payoff, player, rest)
        value = max(replies)
        if best is None or value < best[0]:
            reply = replies.index(value)  # the first best reply, as before
            best = (value, (*rest[:player], reply, *rest[player + 1 :]))
    return best


def mixed_minmax(game: Game, player: int) -> tuple[Fraction, tuple[Fraction, ...]]:
    """The mixed minmax value of ``player`` in a two-player game and the opponent's minmaxing
    mixed strategy, exactly.

    Examples
    --------
    Matching pennies: the opponent's 1/2-1/2 holds each player to 0 (pure minmax: 1).

    >>> pennies = Game([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> mixed_minmax(pennies, 0)
    (Fraction(0, 1), (Fraction(1, 2), Fraction(1, 2)))
    """
    if game.n_players != 2:
        msg = (
            f"the mixed minmax is computed for two players (the game has {game.n_players}): "
            "independent mixing by several punishers is not a linear program"
        )
        raise NegotiationError(msg)
    payoff = game.exact_payoffs()[player]
    rows = payoff if player == 0 else payoff.T  # rows: own actions, columns: the opponent's
    shift = 1 - min(rows.flat)  # payoffs made positive, so that v >= 0 costs nothing
    columns = rows.shape[1]
    # Variables (q_1..q_m, v); maximise -v.
    upper = [[value + shift for value in row] + [Fraction(-1)] for row in rows]
    found = maximise(
        [Fraction(0)] * columns + [Fraction(-1)],
        upper,
        [Fraction(0)] * len(upper),
        [[Fraction(1)] * columns + [Fraction(0)]],
        [Fraction(1)],
    )
    value, point = found
    return (-value - shift, tuple(point[:columns]))
