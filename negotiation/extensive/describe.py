"""A tree for people and for programs: an indented outline (``negotiation show GAME.efg``) and
nested JSON; and a normal-form game as a tree of simultaneous moves.

The outline shows each move on its own line, indented by depth, with the mover, the
information set where it is not the node alone, chance probabilities, and payoffs at the ends:
the form a reader checks a transcribed tree against a figure with.
"""

from __future__ import annotations

from collections import Counter

from negotiation.extensive.tree import Chance, Decision, Node, Terminal, Tree
from negotiation.game import Game
from negotiation.results import json_number, text_number

__all__ = ["describe_tree", "normal_form_tree", "tree_json"]


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
    # Prefix order without recursion: the stack holds lines to print and nodes to open.
    stack: list[str | tuple[Node, int]] = [(tree.root, 1)]
    while stack:
        entry = stack.pop()
        if isinstance(entry, str):
            lines.append(entry)
            continue
        node, depth = entry
        if isinstance(node, Terminal):
            continue
        for k in reversed(range(len(node.actions))):
            child = node.children[k]
            chance = f" ({text_number(node.probabilities[k])})" if isinstance(node, Chance) else ""
            stack.append((child, depth + 1))
            stack.append(
                f"{'  ' * depth}{node.actions[k]}{chance} -> {_mover(tree, child, sizes)}"
            )
    return "\n".join(lines)


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
