"""A tree for a paper: LaTeX drawn with the ``istgame`` package (TikZ), a Markdown outline,
and JSON.

Why ``istgame``: it draws a tree as a sequence of parent-child pieces (``\\istroot`` at a
node, one ``\\istb`` per branch, ``\\endist``), which is how the tree is stored here, so the
output stays readable and editable by hand (In-Sung Cho, *istgame.sty: Draw Game Trees with
TikZ*, version 2, CTAN).  Information sets of several nodes are joined by ``\\xtInfoset``;
chance nodes use the package's ``chance node`` style; the actions of the first
subgame-perfect equilibrium are set in bold, the equilibria named in a comment.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

from negotiation.export import markdown_escape, provenance_line
from negotiation.extensive.describe import outline
from negotiation.extensive.tree import Chance, Decision, Node, Terminal, Tree
from negotiation.results import text_number

if TYPE_CHECKING:
    from negotiation.extensive.results import TreeSolveResult
    from negotiation.model import Model

__all__ = ["export_tree_document", "istgame", "markdown_tree"]

LEVEL = 15  # mm between levels
LEAF = 12  # mm per leaf across


def _tex(text: str) -> str:
    for char, escaped in (
        ("\\", r"\textbackslash{}"),
        ("&", r"\&"),
        ("%", r"\%"),
        ("$", r"\$"),
        ("#", r"\#"),
        ("_", r"\_"),
        ("{", r"\{"),
        ("}", r"\}"),
    ):
        text = text.replace(char, escaped)
    return text


def _number(value: object) -> str:
    if isinstance(value, Fraction) and value.denominator != 1:
        sign = "-" if value < 0 else ""
        return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"
    return str(value)


def _leaves(node: Node) -> int:
    return 1 if isinstance(node, Terminal) else sum(_leaves(child) for child in node.children)


def istgame(tree: Tree, chosen: Mapping[tuple[int, str], str] | None = None) -> str:
    """The tree as an ``istgame`` environment.

    ``chosen`` maps (player, information set) to the action to set in bold.
    """
    chosen = chosen or {}
    lines = [r"\begin{istgame}", rf"\xtdistance{{{LEVEL}mm}}{{{LEAF}mm}}"]
    names: dict[tuple[int, str], list[str]] = {}
    count = 0

    def draw(node: Node, name: str, parent: str | None) -> None:
        nonlocal count
        width = LEAF * max(_leaves(child) for child in node.children)  # subtrees never meet
        at = "" if parent is None else f"({parent})"
        style = "[chance node]" if isinstance(node, Chance) else ""
        owner = "N" if isinstance(node, Chance) else _tex(tree.players[node.player])
        lines.append(rf"\istroot({name}){at}{style}+{LEVEL}mm..{width}mm+{{{owner}}}")
        if isinstance(node, Decision):
            names.setdefault((node.player, node.infoset), []).append(name)
        below = []
        for k, (action, child) in enumerate(zip(node.actions, node.children, strict=True)):
            label = _tex(action)
            if isinstance(node, Chance):
                label += f" (${_number(node.probabilities[k])}$)"
            elif chosen.get((node.player, node.infoset)) == action:
                label = rf"\textbf{{{label}}}"
            side = "al" if k < len(node.actions) / 2 else "ar"
            if isinstance(child, Terminal):
                payoffs = ", ".join(_number(value) for value in child.payoffs)
                lines.append(rf"  \istb{{{label}}}[{side}]{{$({payoffs})$}}")
            else:
                lines.append(rf"  \istb{{{label}}}[{side}]")
                below.append((child, f"{name}-{k + 1}"))
        lines.append(r"  \endist")
        for child, position in below:
            count += 1
            draw(child, f"n{count}", position)

    draw(tree.root, "n0", None)
    for group in names.values():
        for first, second in zip(group, group[1:], strict=False):
            lines.append(rf"\xtInfoset({first})({second})")
    lines.append(r"\end{istgame}")
    return "\n".join(lines) + "\n"


def markdown_tree(tree: Tree, chosen: Mapping[tuple[int, str], str] | None = None) -> str:
    """The tree as a nested Markdown list: one move per item, the mover after the arrow,
    payoffs at the ends; ``chosen`` actions in bold, as in `istgame`.

    Examples
    --------
    >>> tree = Tree(("Ann", "Bob"), Decision(0, "start", ("Out", "In"), (
    ...     Terminal((Fraction(1), Fraction(2))), Terminal((Fraction(3), Fraction(1, 2))))))
    >>> print(markdown_tree(tree, {(0, "start"): "In"}), end="")
    Ann moves:
    - Out → Ann 1, Bob 2
    - **In** → Ann 3, Bob 1/2
    """
    chosen = chosen or {}

    def mover(node: Node) -> str:
        if isinstance(node, Terminal):
            return ", ".join(
                f"{markdown_escape(player)} {text_number(value)}"
                for player, value in zip(tree.players, node.payoffs, strict=True)
            )
        if isinstance(node, Chance):
            return "chance"
        return f"{markdown_escape(tree.players[node.player])} moves"

    lines = [f"{mover(tree.root)}:"]
    for depth, node, k in outline(tree):
        label = markdown_escape(node.actions[k])
        if isinstance(node, Chance):
            label += f" ({text_number(node.probabilities[k])})"
        elif chosen.get((node.player, node.infoset)) == node.actions[k]:
            label = f"**{label}**"
        lines.append(f"{'  ' * (depth - 1)}- {label} → {mover(node.children[k])}")
    return "\n".join(lines) + "\n"


def export_tree_document(
    result: TreeSolveResult,
    fmt: str,
    provenance: Mapping[str, object],
    scenario: Model | None = None,
    values: Mapping[str, Fraction] | None = None,
) -> str:
    """What ``negotiation export`` writes for a tree: ``latex`` (istgame, needs
    ``\\usepackage{istgame}``), ``markdown`` (a nested list) or ``json`` (the scenario or
    tree as data, its subgame-perfect and Nash equilibria, provenance)."""
    from negotiation.extensive.describe import tree_json

    tree = result.subgame_perfect.tree
    if fmt == "json":
        game = tree_json(tree) if scenario is None else scenario.to_json(values)
        data = {"game": game, **result.to_json(), **provenance}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    equilibria = result.subgame_perfect.equilibria
    chosen = {}
    if equilibria:
        for player, sets in enumerate(equilibria[0].behaviour):
            for infoset, plan in sets.items():
                if len(plan) == 1:
                    chosen[(player, infoset)] = next(iter(plan))
    if fmt == "markdown":
        line = provenance_line(provenance).replace("--", "- -")
        title = f"**{markdown_escape(tree.title)}**\n\n" if tree.title else ""
        found = [f"- {markdown_escape(item.words() or '(no move)')}" for item in equilibria]
        return (
            f"<!-- {line} -->\n\n{title}{markdown_tree(tree, chosen)}\n"
            f"Subgame-perfect equilibria (the first in bold):\n\n" + "\n".join(found) + "\n"
        )
    comments = [f"% {provenance_line(provenance)}", "% \\usepackage{istgame}"]
    comments += [f"% subgame-perfect: {item.words() or '(no move)'}" for item in equilibria]
    return "\n".join(comments) + "\n" + istgame(tree, chosen)
