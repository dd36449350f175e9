"""Whether a behaviour profile is subgame perfect: a Nash equilibrium of every subgame.

Why a separate check: the solver lists the pure ends of ties in perfect-information moves, and
the extreme equilibria of imperfect-information subgames, not every mixture between them; a
Nash equilibrium of the reduced form may be such a mixture.  This decides it directly.

In each subgame, for each player, the profile's payoff is compared with the best-response
payoff against the others' behaviour.  With perfect recall the best response is found by
backward induction over the player's own information sets (the sequence form of Koller,
Megiddo and von Stengel 1996): an action's value at a set sums, over the set's nodes, the
others' and chance's probability of reaching the node times what follows, where the player's
later sets are worth their best action.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from negotiation.extensive.subgame_perfect import subgame_roots
from negotiation.extensive.tree import Chance, Decision, Node, Terminal, Tree

__all__ = ["is_subgame_perfect"]

Behaviour = Sequence[Mapping[str, Mapping[str, Fraction]]]


class _Unpinned(Exception):
    """The profile leaves a choice open where the check needs it."""


def is_subgame_perfect(tree: Tree, behaviour: Behaviour) -> bool | None:
    """Whether ``behaviour`` (per player: set -> {action: probability}) is subgame perfect.

    Parameters
    ----------
    tree : Tree
        With perfect recall.
    behaviour : sequence of mapping
        As `SubgamePerfect.behaviour` or `negotiation.extensive.reduced_form.behaviour_of`
        give it; a set may be missing where the player's own moves exclude it.

    Returns
    -------
    bool or None
        None when a missing set is reached inside some subgame, so that whether the profile
        can be completed to a subgame-perfect one is not decided here.
    """
    try:
        return all(
            _nash_at(tree, root, behaviour, player)
            for root in subgame_roots(tree)
            for player in range(len(tree.players))
        )
    except _Unpinned:
        return None


def _probability(node: Decision | Chance, k: int, behaviour: Behaviour) -> Fraction:
    if isinstance(node, Chance):
        return Fraction(node.probabilities[k])
    chosen = behaviour[node.player].get(node.infoset)
    if chosen is None:
        raise _Unpinned
    return Fraction(chosen.get(node.actions[k], 0))


def _nash_at(tree: Tree, root: Node, behaviour: Behaviour, player: int) -> bool:
    """Whether ``player`` cannot gain by deviating in the subgame at ``root``."""
    # value under the profile, and Q[(set, action)] for the best response, in one walk.
    value = Fraction(0)
    top = Fraction(0)  # best-response payoff earned before any own move
    q: dict[tuple[str, str], Fraction] = {}
    parent: dict[str, tuple[str, str] | None] = {}  # own set -> the own move leading to it
    stack: list[tuple[Node, Fraction, Fraction, tuple[str, str] | None]] = [
        (root, Fraction(1), Fraction(1), None)
    ]
    while stack:
        node, reach, others, last = stack.pop()  # reach: all players; others: all but player
        if isinstance(node, Terminal):
            payoff = Fraction(node.payoffs[player])
            value += reach * payoff
            if last is None:
                top += others * payoff
            else:
                q[last] = q.get(last, Fraction(0)) + others * payoff
            continue
        own = isinstance(node, Decision) and node.player == player
        if own:
            parent.setdefault(node.infoset, last)
            chosen = behaviour[player].get(node.infoset)
            if chosen is None and reach:
                raise _Unpinned
        for k, child in enumerate(node.children):
            if own:
                step = Fraction((chosen or {}).get(node.actions[k], 0))
                stack.append((child, reach * step, others, (node.infoset, node.actions[k])))
            else:
                if not others:
                    continue
                step = _probability(node, k, behaviour)
                stack.append((child, reach * step, others * step, last))
    # Own sets, deepest first: a set's best action value flows into the move leading to it.
    infosets = tree.infosets()
    best_response = top
    for infoset in _depth_order(parent):
        actions = infosets[(player, infoset)]
        worth = max(q.get((infoset, action), Fraction(0)) for action in actions)
        above = parent[infoset]
        if above is None:
            best_response += worth
        else:
            q[above] = q.get(above, Fraction(0)) + worth
    return value >= best_response


def _depth_order(parent: Mapping[str, tuple[str, str] | None]) -> list[str]:
    def depth(infoset: str) -> int:
        count = 0
        above = parent[infoset]
        while above is not None:
            count += 1
            above = parent[above[0]]
        return count

    return sorted(parent, key=depth, reverse=True)
