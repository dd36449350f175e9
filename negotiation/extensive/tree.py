"""A finite game in extensive form: a tree of decision, chance and terminal nodes.

The same types hold a concrete tree (payoffs and chance probabilities are ``Fraction`` or
``float``) and a parametric one (they are `negotiation.formulas.Expr`, turned into numbers by
`negotiation.extensive.parametric` at chosen parameter values).  Nodes are immutable; a node
is identified by its *path*, the action labels from the root to it.

An *information set* is named by its player and its label: decision nodes of one player that
share a label cannot be told apart by that player, so they must offer the same actions.  Where
a file gives no label, the reader names the set by its number in the file.

This is the one description of a tree that the readers (``.efg`` files, scenario files), the
solvers and the analyses share, as pygambit's one ``Game`` serves its strategic and tree games
alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from negotiation.errors import GameError

# A number (Fraction or float) in a concrete tree, an Expr in a parametric one.
Value = TypeVar("Value")

Path = tuple[str, ...]


@dataclass(frozen=True)
class Terminal(Generic[Value]):
    """An end of play: one payoff per player, in the tree's player order."""

    payoffs: tuple[Value, ...]
    label: str = ""


@dataclass(frozen=True)
class Chance(Generic[Value]):
    """Nature moves: ``actions[k]`` happens with probability ``probabilities[k]``."""

    actions: tuple[str, ...]
    probabilities: tuple[Value, ...]
    children: tuple[Node, ...]
    label: str = ""


@dataclass(frozen=True)
class Decision:
    """Player ``player`` (an index into `Tree.players`) chooses one of ``actions``.

    ``infoset`` names the player's information set; ``children[k]`` follows ``actions[k]``.
    """

    player: int
    infoset: str
    actions: tuple[str, ...]
    children: tuple[Node, ...]
    label: str = ""


Node = Terminal | Chance | Decision


@dataclass(frozen=True)
class Tree(Generic[Value]):
    """A game tree with its players, checked on construction (see `check_tree`)."""

    players: tuple[str, ...]
    root: Node
    title: str = ""

    def __post_init__(self) -> None:
        check_tree(self)

    def nodes(self) -> Iterator[tuple[Path, Node]]:
        """Every node with its path, depth first, children in action order."""
        return walk(self.root)

    def infosets(self) -> dict[tuple[int, str], tuple[str, ...]]:
        """Each information set, keyed by (player, label), with its actions, in the order
        first met depth first."""
        found: dict[tuple[int, str], tuple[str, ...]] = {}
        for _, node in self.nodes():
            if isinstance(node, Decision):
                found.setdefault((node.player, node.infoset), node.actions)
        return found


def walk(node: Node, path: Path = ()) -> Iterator[tuple[Path, Node]]:
    """Depth-first walk from ``node``, yielding (path, node)."""
    yield path, node
    if not isinstance(node, Terminal):
        for action, child in zip(node.actions, node.children, strict=True):
            yield from walk(child, (*path, action))


def describe_path(path: Path) -> str:
    """A node's place for error messages: ``root`` or ``Enter > Fight``."""
    return " > ".join(path) if path else "root"


def check_tree(tree: Tree) -> None:
    """Refuse a tree that is not a game: raise `GameError` naming the node's path.

    Checks: at least one player and unique names; every decision node's player exists; actions
    are non-empty and unique at each node, one child per action; every terminal has one payoff
    per player; the nodes of one information set offer the same actions; no information set
    is visited twice on one play (perfect recall is not required, but a player cannot meet the
    same set twice on one path).
    """
    players = tree.players
    if not players:
        msg = "a tree needs at least one player"
        raise GameError(msg)
    if len(set(players)) != len(players):
        msg = f"duplicate player name in {list(players)}"
        raise GameError(msg)
    actions_of: dict[tuple[int, str], tuple[str, ...]] = {}
    _check_node(tree.root, (), players, actions_of, frozenset())


def _check_node(
    node: Node,
    path: Path,
    players: tuple[str, ...],
    actions_of: dict[tuple[int, str], tuple[str, ...]],
    on_path: frozenset[tuple[int, str]],
) -> None:
    where = f"node {describe_path(path)}"
    if isinstance(node, Terminal):
        if len(node.payoffs) != len(players):
            msg = f"{where}: {len(node.payoffs)} payoffs for {len(players)} players"
            raise GameError(msg)
        return
    if not node.actions:
        msg = f"{where}: no actions"
        raise GameError(msg)
    if len(set(node.actions)) != len(node.actions):
        msg = f"{where}: duplicate action label in {list(node.actions)}"
        raise GameError(msg)
    if len(node.children) != len(node.actions):
        msg = f"{where}: {len(node.children)} children for {len(node.actions)} actions"
        raise GameError(msg)
    if isinstance(node, Chance):
        if len(node.probabilities) != len(node.actions):
            count = len(node.probabilities)
            msg = f"{where}: {count} probabilities for {len(node.actions)} actions"
            raise GameError(msg)
    else:
        if not 0 <= node.player < len(players):
            msg = f"{where}: no player number {node.player + 1}"
            raise GameError(msg)
        key = (node.player, node.infoset)
        known = actions_of.setdefault(key, node.actions)
        if known != node.actions:
            msg = (
                f"{where}: information set {node.infoset!r} of {players[node.player]} offers "
                f"{list(known)} elsewhere, {list(node.actions)} here"
            )
            raise GameError(msg)
        if key in on_path:
            msg = (
                f"{where}: {players[node.player]} meets information set {node.infoset!r} "
                "twice on one play"
            )
            raise GameError(msg)
        on_path = on_path | {key}
    for action, child in zip(node.actions, node.children, strict=True):
        _check_node(child, (*path, action), players, actions_of, on_path)
