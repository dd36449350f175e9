"""``negotiation show`` for a tree scenario, and its JSON: the outline of
`negotiation.extensive.describe`, framed by the scenario's sources and parameters.

Why reuse the engine's outline and JSON: a tree read from a scenario file and one read from an
``.efg`` file should look the same; the scenario only adds its formulas (``--symbolic``, and
a ``formula`` beside each number in JSON), its players' descriptions and its parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from negotiation.extensive.describe import describe_tree, tree_json
from negotiation.extensive.tree import Chance, Node, Terminal, Tree
from negotiation.text import scenario_footer, scenario_heading

if TYPE_CHECKING:
    from negotiation.forms.extensive import ExtensiveModel


class _Formula(str):
    """A formula's text that formats as itself, so the numeric outline prints formulas."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return str(self)


def formula_tree(tree: Tree) -> Tree:
    """The parametric tree with each formula as printable text."""
    from negotiation.forms.extensive import map_numbers

    return map_numbers(
        tree,
        lambda node, _: tuple(_Formula(expr) for expr in node.payoffs),
        lambda node, _: tuple(_Formula(expr) for expr in node.probabilities),
    )


def describe_tree_scenario(
    model: ExtensiveModel, values: Mapping[str, Fraction], symbolic: bool
) -> str:
    """Title and sources, players, the tree (numbers at ``values``, or formulas), then the
    parameters, presets and claims."""
    lines = scenario_heading(model)
    lines.append("Players:")
    for name, description in zip(model.player_names, model.player_descriptions, strict=True):
        lines.append(f"  {name}" + (f": {description}" if description else ""))
    tree = formula_tree(model.parametric_tree) if symbolic else model.tree(values)
    outline = describe_tree(tree).splitlines()[2:]  # the title and players are above
    lines += ["", "Tree" + (" (payoff formulas):" if symbolic else ":")]
    lines += ["  " + line for line in outline]
    if symbolic and model.terms:
        lines += ["", "Terms:", *(f"  {name} = {expr}" for name, expr in model.terms.items())]
    return "\n".join(lines + scenario_footer(model, values))


def tree_scenario_json(model: ExtensiveModel, values: Mapping[str, Fraction]) -> dict:
    """The engine's nested JSON of the tree at ``values``, a ``formulas`` or
    ``probability_formula`` key beside each number."""
    data = tree_json(model.tree(values))

    def add(node: Node, entry: dict[str, Any]) -> None:
        if node.label:
            entry["label"] = node.label
        if isinstance(node, Terminal):
            entry["formulas"] = {
                player: str(expr)
                for player, expr in zip(model.player_names, node.payoffs, strict=True)
            }
            return
        for k, move in enumerate(entry["moves"]):
            if isinstance(node, Chance):
                move["probability_formula"] = str(node.probabilities[k])
            add(node.children[k], move["node"])

    add(model.parametric_tree.root, data["tree"])
    return data
