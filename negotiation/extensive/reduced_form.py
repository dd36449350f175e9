"""The reduced normal form of a tree, and the translation between its strategies and behaviour.

A pure strategy of a tree names an action at every information set of the player.  Strategies
that differ only at sets the player's own earlier moves exclude are equivalent (same payoffs
whatever the others do); the *reduced* normal form keeps one of each class (Osborne and
Rubinstein 1994, Definition 95.1; Gambit's strategic form of a tree is the same).  A reduced
strategy is here a mapping from the information sets it reaches to actions, and is labelled by
its actions in the tree's order of sets: ``"Out"``, ``"In,Fight"``.

Every Nash equilibrium of the tree is one of its reduced form, so `negotiation.solvers.solve`
finds them all.  With perfect recall a mixed strategy and a behaviour strategy are equivalent
(Kuhn 1953): `behaviour_of` and `mixed_of` translate one into the other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np

from negotiation.errors import GameError
from negotiation.extensive.tree import Chance, Decision, Node, Terminal, Tree
from negotiation.game import Game

__all__ = [
    "ReducedForm",
    "ReducedFormTooLarge",
    "behaviour_of",
    "has_perfect_recall",
    "is_exact",
    "mixed_of",
    "reduced_form",
    "reduced_strategies",
]

Strategy = Mapping[str, str]  # information set -> action, for the sets the strategy reaches
Behaviour = dict[str, dict[str, Fraction]]  # information set -> {action: probability}
MAX_STRATEGIES = 100_000
# Building the payoffs keeps an array over the pure profiles at each node of the path being
# walked: profiles times nodes bounds the memory (each entry a Fraction, ~100 bytes).
MAX_WORK = 2_000_000


class ReducedFormTooLarge(GameError):
    """The reduced normal form has more strategies or profiles than asked for."""


def reduced_strategies(
    tree: Tree, player: int, limit: int = MAX_STRATEGIES
) -> tuple[dict[str, str], ...]:
    """The reduced pure strategies of ``player``, each one mapping reached sets to actions.

    A depth-first walk keeps the nodes still to visit; at a node of ``player`` in a set not
    yet decided it branches once per action, and at every other node it visits every child.
    Each reduced strategy is met once, first actions first.

    Raises
    ------
    ReducedFormTooLarge
        When the player has more than ``limit`` reduced strategies.
    """
    found: list[dict[str, str]] = []

    def extend(frontier: list[Node], assignment: dict[str, str]) -> None:
        while frontier:
            node = frontier.pop()
            if isinstance(node, Terminal):
                continue
            if isinstance(node, Decision) and node.player == player:
                chosen = assignment.get(node.infoset)
                if chosen is None:
                    for action, child in zip(node.actions, node.children, strict=True):
                        extend([*frontier, child], {**assignment, node.infoset: action})
                    return
                frontier.append(node.children[node.actions.index(chosen)])
                continue
            frontier.extend(reversed(node.children))
        if len(found) >= limit:
            msg = f"{tree.players[player]} has more than {limit} reduced strategies"
            raise ReducedFormTooLarge(msg)
        found.append(assignment)

    extend([tree.root], {})
    return tuple(found)


def _labels(tree: Tree, player: int, strategies: Sequence[Strategy]) -> list[str]:
    order = [infoset for owner, infoset in tree.infosets() if owner == player]
    if not order:
        return ["(no move)"]
    labels = [
        ",".join(strategy[infoset] for infoset in order if infoset in strategy)
        for strategy in strategies
    ]
    if len(set(labels)) < len(labels):  # the same actions at different sets: name the sets
        labels = [
            ",".join(f"{infoset}:{strategy[infoset]}" for infoset in order if infoset in strategy)
            for strategy in strategies
        ]
    return labels


class ReducedForm:
    """A tree's reduced normal form: the `Game`, and each player's strategies as mappings.

    ``strategies[i][k]`` is the reduced strategy behind ``game.strategies[i][k]``.
    """

    def __init__(self, game: Game, strategies: tuple[tuple[dict[str, str], ...], ...]) -> None:
        self.game = game
        self.strategies = strategies


def reduced_form(tree: Tree, limit: int = MAX_STRATEGIES) -> ReducedForm:
    """The reduced normal form of ``tree``, payoffs exact (expected over chance).

    Parameters
    ----------
    tree : Tree
        Payoffs and probabilities `Fraction` or float (floats are taken at their exact value).
    limit : int
        The most reduced strategies per player, and the most pure profiles, to build; and
        profiles times nodes may not exceed ``MAX_WORK`` (memory).

    Returns
    -------
    ReducedForm
        ``.game`` is the `Game` (labels such as ``"In,Fight"``), ``.strategies`` the mappings.

    Raises
    ------
    ReducedFormTooLarge
        When the reduced form is larger than ``limit``.

    Examples
    --------
    >>> from negotiation.extensive.efg import parse_efg
    >>> tree = parse_efg('''EFG 2 R "Entry" { "Entrant" "Incumbent" }
    ... p "" 1 1 "" { "Out" "In" } 0
    ... t "" 1 "" { 0, 2 }
    ... p "" 2 1 "" { "Fight" "Accommodate" } 0
    ... t "" 2 "" { -1, -1 }
    ... t "" 3 "" { 1, 1 }''')
    >>> form = reduced_form(tree)
    >>> form.game.strategies
    (('Out', 'In'), ('Fight', 'Accommodate'))
    >>> form.game.payoff_profile((1, 0))
    (Fraction(-1, 1), Fraction(-1, 1))
    """
    count = len(tree.players)
    strategies = tuple(reduced_strategies(tree, player, limit) for player in range(count))
    shape = tuple(len(options) for options in strategies)
    size = int(np.prod(shape, dtype=object))
    if size > limit:
        msg = f"the reduced normal form has {size} pure profiles, more than {limit}"
        raise ReducedFormTooLarge(msg)
    nodes = sum(1 for _ in tree.nodes())
    if size * nodes > MAX_WORK:
        msg = (
            f"the reduced normal form has {size} pure profiles, too many to build from "
            f"{nodes} nodes (profiles x nodes above {MAX_WORK})"
        )
        raise ReducedFormTooLarge(msg)
    # For each set, the index of the action each strategy of its owner takes (-1: not reached).
    choices: dict[tuple[int, str], np.ndarray] = {}
    for (player, infoset), actions in tree.infosets().items():
        index = [actions.index(s[infoset]) if infoset in s else -1 for s in strategies[player]]
        axes = [1] * count
        axes[player] = len(index)
        choices[(player, infoset)] = np.array(index).reshape(axes)
    values = _values(tree.root, choices, count)
    arrays = [np.broadcast_to(value, shape) for value in values]
    if not is_exact(tree):  # computed exactly, reported in the tree's own kind of number
        arrays = [array.astype(float) for array in arrays]
    labels = [_labels(tree, player, strategies[player]) for player in range(count)]
    game = Game(arrays, tree.players, labels, tree.title)
    return ReducedForm(game, strategies)


def is_exact(tree: Tree) -> bool:
    """Whether every payoff and probability is exact (`Fraction` or `int`), not a float."""
    for _, node in tree.nodes():
        values = node.payoffs if isinstance(node, Terminal) else getattr(node, "probabilities", ())
        if any(not isinstance(value, Fraction | int) for value in values):
            return False
    return True


def _values(node: Node, choices: dict, count: int) -> list[np.ndarray]:
    """Each player's payoff at ``node``, broadcastable over the profiles of strategies."""
    if isinstance(node, Terminal):
        return [
            np.array(Fraction(value), dtype=object).reshape((1,) * count) for value in node.payoffs
        ]
    children = [_values(child, choices, count) for child in node.children]
    if isinstance(node, Chance):
        return [
            sum(
                Fraction(p) * child[player]
                for p, child in zip(node.probabilities, children, strict=True)
            )
            for player in range(count)
        ]
    chosen = choices[(node.player, node.infoset)]
    values = []
    for player in range(count):
        value = children[0][player]
        for k, child in enumerate(children[1:], start=1):
            value = np.where(chosen == k, child[player], value)
        values.append(value)
    return values


def behaviour_of(strategies: Sequence[Strategy], mixed: Sequence[Fraction]) -> Behaviour:
    """The behaviour strategy equivalent to a mixed reduced strategy (Kuhn 1953).

    At a set, each action's probability is the weight of the strategies that reach the set and
    take it, over the weight of those that reach it.  A set that no strategy in the support
    reaches gets no entry: the player's own moves exclude it, and any choice there is
    equivalent.  Exact for trees with perfect recall (see `has_perfect_recall`).
    """
    reach: dict[str, Fraction] = {}
    take: dict[str, dict[str, Fraction]] = {}
    for strategy, weight in zip(strategies, mixed, strict=True):
        if not weight:
            continue
        for infoset, action in strategy.items():
            reach[infoset] = reach.get(infoset, 0) + weight
            chosen = take.setdefault(infoset, {})
            chosen[action] = chosen.get(action, 0) + weight
    return {
        infoset: {action: weight / reach[infoset] for action, weight in chosen.items()}
        for infoset, chosen in take.items()
    }


def mixed_of(strategies: Sequence[Strategy], behaviour: Mapping[str, Mapping[str, Fraction]]):
    """The mixed reduced strategy equivalent to a behaviour strategy: each strategy's weight is
    the product of its actions' probabilities (a set absent from ``behaviour`` counts 0)."""
    mixed = []
    for strategy in strategies:
        weight = Fraction(1)
        for infoset, action in strategy.items():
            weight *= behaviour.get(infoset, {}).get(action, 0)
            if not weight:
                break
        mixed.append(weight)
    return tuple(mixed)


def has_perfect_recall(tree: Tree) -> bool:
    """Whether every player, at each set, remembers their own earlier sets and actions: all
    nodes of one set have the same own history (Kuhn 1953; the condition for `behaviour_of`)."""
    histories: dict[tuple[int, str], tuple] = {}
    stack: list[tuple[Node, tuple]] = [(tree.root, ())]
    while stack:
        node, history = stack.pop()
        if isinstance(node, Terminal):
            continue
        if isinstance(node, Decision):
            key = (node.player, node.infoset)
            own = tuple(step for step in history if step[0] == node.player)
            if histories.setdefault(key, own) != own:
                return False
            for action, child in zip(node.actions, node.children, strict=True):
                stack.append((child, (*history, (node.player, node.infoset, action))))
        else:
            stack.extend((child, history) for child in node.children)
    return True
