"""A tree for people and for programs: an indented outline (``negotiation show GAME.efg``) and
nested JSON; and a normal-form game as a tree of simultaneous moves.

The outline shows each move on its own line, indented by depth, with the mover, the
information set where it is not the node alone, chance probabilities, and payoffs at the ends:
the form a reader checks a transcribed tree against a figure with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from negotiation.extensive.tree import Chance, Decision, Node, Terminal, Tree
from negotiation.game import Game
from negotiation.results import json_number, text_number

__all__ = ["describe_tree", "normal_form_tree", "outline", "tree_json"]


def describe_tree(tree: Tree) -> str:
    """The tree as an indented outline.

    Examples
    --------
    >>> from fractions import Fraction
    >>> tree = Tree(("Ann", "Bob"), Decision(0, "start", ("Out", "In"), (
    ...     Terminal((Fraction(1), Fraction(2))),
    ...     Chance(("Up", "Down"), (Fraction(1, 3), Fraction(2, 3)), (
    ...         Terminal((Fraction(0), Fraction(0))), Terminal((Fraction(3), Fraction(1))))))))
    >>> print(describe_tree(tree))
    game
    Players: Ann, Bob
    Ann [start]
      Out -> payoffs Ann 1, Bob 2
      In -> Chance
        Up (1/3) -> payoffs Ann 0, Bob 0
        Down (2/3) -> payoffs Ann 3, Bob 1
    """
    sizes = Counter(
        (node.player, node.infoset) for _, node in tree.nodes() if isinstance(node, Decision)
    )
    lines = [tree.title or "game", f"Players: {', '.join(tree.players)}"]
    lines.append(_mover(tree, tree.root, sizes))
    for depth, node, k in outline(tree):
        child = node.children[k]
        chance = f" ({text_number(node.probabilities[k])})" if isinstance(node, Chance) else ""
        lines.append(f"{'  ' * depth}{node.actions[k]}{chance} -> {_mover(tree, child, sizes)}")
    return "\n".join(lines)


def outline(tree: Tree) -> Iterator[tuple[int, Decision | Chance, int]]:
    """Every move of ``tree`` in reading order (a node's k-th action, then the moves below
    it), as ``(depth, node, k)`` with depth 1 at the root: an outline's lines.  Iterative, so
    that deep trees do not meet Python's recursion limit."""
    # The stack holds moves to yield (k >= 0) and nodes to open (k = -1), in reverse order.
    stack: list[tuple[int, Node, int]] = [(1, tree.root, -1)]
    while stack:
        depth, node, k = stack.pop()
        if k >= 0:
            yield depth, node, k  # type: ignore[misc]
        elif not isinstance(node, Terminal):
            for move in reversed(range(len(node.actions))):
                stack.append((depth + 1, node.children[move], -1))
                stack.append((depth, node, move))


def _mover(tree: Tree, node: Node, sizes: Counter) -> str:
    if isinstance(node, Terminal):
        payoffs = ", ".join(
            f"{player} {text_number(value)}"
            for player, value in zip(tree.players, node.payoffs, strict=True)
        )
        return f"payoffs {payoffs}"
    if isinstance(node, Chance):
        return "Chance"
    shared = sizes[(node.player, node.infoset)]
    where = f" [{node.infoset}" + (f", {shared} nodes]" if shared > 1 else "]")
    return f"{tree.players[node.player]}{where}"


def tree_json(tree: Tree) -> dict:
    """``{"game", "players", "tree"}``: nested nodes, numbers as exact strings."""

    def node_json(node: Node) -> dict:
        if isinstance(node, Terminal):
            return {
                "payoffs": {
                    player: json_number(value)
                    for player, value in zip(tree.players, node.payoffs, strict=True)
                }
            }
        moves = [
            {"action": action, "node": node_json(child)}
            for action, child in zip(node.actions, node.children, strict=True)
        ]
        if isinstance(node, Chance):
            for move, probability in zip(moves, node.probabilities, strict=True):
                move["probability"] = json_number(probability)
            return {"player": None, "moves": moves}
        return {"player": tree.players[node.player], "infoset": node.infoset, "moves": moves}

    return {"game": tree.title, "players": list(tree.players), "tree": node_json(tree.root)}


def normal_form_tree(game: Game) -> Tree:
    """A normal-form game as a tree: the players move in turn, each in one information set
    that hides the earlier moves, so the moves are in effect simultaneous (Kuhn 1953).  Its
    reduced normal form is ``game`` again.

    Examples
    --------
    >>> game = Game([[[2, 0], [0, 1]], [[1, 0], [0, 2]]], ["Ann", "Bob"])
    >>> tree = normal_form_tree(game)
    >>> len(list(tree.nodes()))
    7
    """
    number = (lambda value: value) if game.exact else float

    def build(prefix: tuple[int, ...]) -> Node:
        player = len(prefix)
        if player == game.n_players:
            return Terminal(tuple(number(array[prefix]) for array in game.payoffs))
        children = tuple(build((*prefix, k)) for k in range(game.shape[player]))
        return Decision(player, game.players[player], game.strategies[player], children)

    return Tree(game.players, build(()), game.title)
