"""The Harsanyi transformation: a game of incomplete information as a `Tree`.

Harsanyi (1967-68): let nature move first, drawing the types from the common prior; give each
player an information set per own type, so that it knows its type and nothing else.  The
result is an extensive game of imperfect information that the tree engine
(`negotiation.extensive`) solves; its reduced normal form is the ex-ante form of
`negotiation.signalling.normal_form` (Myerson 1991, sec. 2.8; Fudenberg and Tirole 1991,
sec. 6.1).

Information sets are labelled by what the player knows: in a Bayesian game, its type (moves
are simultaneous, so a later mover's set does not depend on earlier moves); in a signalling
game, the sender's sets are its types and the receiver's the messages.
"""

from __future__ import annotations

from fractions import Fraction

from negotiation.errors import GameError
from negotiation.extensive.tree import Chance, Decision, Terminal, Tree
from negotiation.signalling.bayesian import BayesianGame
from negotiation.signalling.game import SignallingGame

__all__ = ["harsanyi_tree", "signalling_tree"]


def harsanyi_tree(game: BayesianGame) -> Tree:
    """The Bayesian game as a tree: a chance move over the type profiles of positive prior
    probability (labelled by the types, joined with ``/``), then each player in turn, at the
    information set of its own type.

    Examples
    --------
    >>> from negotiation.signalling.classic import bayesian_battle
    >>> tree = harsanyi_tree(bayesian_battle())
    >>> tree.root.actions, sorted(tree.infosets())
    (('one/meet', 'one/avoid'), [(0, 'one'), (1, 'avoid'), (1, 'meet')])
    """
    profiles = sorted(game.prior)
    labels = ["/".join(game.types[i][k] for i, k in enumerate(p)) for p in profiles]

    def moves(profile: tuple[int, ...], player: int, chosen: tuple[int, ...]):
        if player == len(game.players):
            return Terminal(game.payoffs[(profile, chosen)])
        return Decision(
            player,
            game.types[player][profile[player]],
            game.actions[player],
            tuple(
                moves(profile, player + 1, (*chosen, a)) for a in range(len(game.actions[player]))
            ),
        )

    root = Chance(
        tuple(labels),
        tuple(game.prior[p] for p in profiles),
        tuple(moves(p, 0, ()) for p in profiles),
        label="types",
    )
    return Tree(game.players, root, game.title)


def signalling_tree(game: SignallingGame) -> Tree:
    """The signalling game as a tree: nature draws the type, the sender (information set: its
    type) sends a message, the receiver (information set: the message) acts.  A message after
    which the receiver has one action ends play there, as in Gambit's poker trees.
    """
    if not game.exact:
        msg = "a tree needs numbers; substitute the parameters first"
        raise GameError(msg)

    def after(t: int, m: int):
        actions = game.actions[m]
        ends = [
            Terminal((game.sender_payoffs[t][m][a], game.receiver_payoffs[t][m][a]))
            for a in range(len(actions))
        ]
        if len(actions) == 1:
            return ends[0]
        return Decision(1, game.messages[m], actions, tuple(ends))

    root = Chance(
        game.types,
        tuple(Fraction(p) for p in game.prior),
        tuple(
            Decision(
                0,
                game.types[t],
                game.messages,
                tuple(after(t, m) for m in range(len(game.messages))),
            )
            for t in range(len(game.types))
        ),
        label="types",
    )
    return Tree((game.sender, game.receiver), root, game.title)
