"""The normal forms of games with incomplete information, as `Game`s the solvers solve.

- *Ex-ante* form (Harsanyi 1967-68; Myerson 1991, sec. 2.8, "the induced strategic form"):
  a player's strategies are its maps from types to actions; payoffs are expected over the
  prior.  Its Nash equilibria are the Bayesian Nash equilibria (every type having positive
  probability).  For a signalling game: the sender's maps from types to messages, the
  receiver's from messages to actions; this is Gambit's reduced strategic form of the tree.
- *Agent* (type-agent) form (Selten 1975; Myerson 1991, sec. 2.8, "the type-agent
  representation"): each type of each player is a player of its own, paid its ex-ante
  expected payoff; its Nash equilibria, read back as maps, are again the Bayesian Nash
  equilibria.  Smaller strategy sets, more players.

Strategy labels of a map list the chosen actions in type order, joined by ``/``
(``"E/N"``: the first type educates, the second does not).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import numpy as np

from negotiation.game import Game
from negotiation.signalling.bayesian import BayesianGame
from negotiation.signalling.game import SignallingGame

__all__ = ["agent_form", "ex_ante_form", "signalling_normal_form"]


def ex_ante_form(game: BayesianGame) -> Game:
    """The ex-ante normal form: strategies are maps from types to actions.

    Examples
    --------
    >>> from negotiation.signalling.classic import bayesian_battle
    >>> ex_ante_form(bayesian_battle()).shape
    (2, 4)
    """
    maps = [
        list(product(range(len(game.actions[i])), repeat=len(game.types[i])))
        for i in range(len(game.players))
    ]
    shape = tuple(len(m) for m in maps)
    arrays = [np.empty(shape, dtype=object) for _ in game.players]
    for cell in product(*(range(count) for count in shape)):
        chosen = [maps[i][k] for i, k in enumerate(cell)]
        totals = [Fraction(0)] * len(game.players)
        for profile, probability in game.prior.items():
            actions = tuple(chosen[i][profile[i]] for i in range(len(profile)))
            for i, value in enumerate(game.payoffs[(profile, actions)]):
                totals[i] += probability * value
        for i in range(len(game.players)):
            arrays[i][cell] = totals[i]
    strategies = [
        ["/".join(game.actions[i][a] for a in m) for m in maps[i]]
        for i in range(len(game.players))
    ]
    return Game(arrays, game.players, strategies, game.title)


def agent_form(game: BayesianGame) -> Game:
    """The agent normal form: one player per (player, type), named ``"player.type"``.

    Each agent is paid its player's payoff times the prior probability of the type profile,
    summed over the profiles where it has that type; an agent of probability zero is paid
    zero (indifferent), as Bayesian Nash equilibrium puts no condition on it.
    """
    agents = [(i, kind) for i in range(len(game.players)) for kind in range(len(game.types[i]))]
    shape = tuple(len(game.actions[i]) for i, _ in agents)
    index = {agent: k for k, agent in enumerate(agents)}
    arrays = [np.full(shape, Fraction(0), dtype=object) for _ in agents]
    for cell in product(*(range(count) for count in shape)):
        for profile, probability in game.prior.items():
            actions = tuple(cell[index[(i, kind)]] for i, kind in enumerate(profile))
            values = game.payoffs[(profile, actions)]
            for i, kind in enumerate(profile):
                arrays[index[(i, kind)]][cell] += probability * values[i]
    names = [f"{game.players[i]}.{game.types[i][kind]}" for i, kind in agents]
    strategies = [list(game.actions[i]) for i, _ in agents]
    return Game(arrays, names, strategies, game.title)


def signalling_normal_form(game: SignallingGame) -> Game:
    """The ex-ante normal form of a signalling game (Gambit's reduced strategic form).

    The sender's strategies are maps from types to messages; the receiver's from messages to
    actions.  Its Nash equilibria include every PBE's strategies (a PBE is a Nash equilibrium
    with more conditions off the path).

    Examples
    --------
    >>> from negotiation.signalling.classic import job_market
    >>> form = signalling_normal_form(job_market())
    >>> form.strategies[1]
    ('M/M', 'M/C', 'C/M', 'C/C')
    >>> form.payoff_profile((1, 1))   # high E, low N; the firm hires E as M, N as C
    (Fraction(14, 3), Fraction(6, 1))
    """
    sender_maps = list(product(range(len(game.messages)), repeat=len(game.types)))
    receiver_maps = list(product(*(range(len(actions)) for actions in game.actions)))
    shape = (len(sender_maps), len(receiver_maps))
    arrays = [np.empty(shape, dtype=object) for _ in range(2)]
    for row, messages in enumerate(sender_maps):
        for column, responses in enumerate(receiver_maps):
            for player, table in enumerate((game.sender_payoffs, game.receiver_payoffs)):
                arrays[player][row, column] = sum(
                    (
                        probability * table[t][m][responses[m]]
                        for t, (probability, m) in enumerate(
                            zip(game.prior, messages, strict=True)
                        )
                    ),
                    Fraction(0),
                )
    strategies = [
        ["/".join(game.messages[m] for m in messages) for messages in sender_maps],
        ["/".join(game.actions[m][a] for m, a in enumerate(r)) for r in receiver_maps],
    ]
    return Game(arrays, [game.sender, game.receiver], strategies, game.title)
