"""Backward induction as steps a reader can follow: at each decision node, what every action
is worth to the mover given the play below it, and what the mover chooses.

Why: a subgame-perfect equilibrium is justified node by node ("after entry, fighting pays
the incumbent 0 against accommodating's 2"), and that one justification serves the
step-by-step explanation (``explain``), the reason a what-if gives where a choice flips
(``whatif``), and the teaching text.  The values are those of the equilibrium's own
behaviour below each node (Osborne and Rubinstein 1994, Proposition 99.2), exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from negotiation.extensive.subgame_perfect import SubgamePerfect
from negotiation.extensive.tree import Chance, Node, Path, Terminal, Tree, describe_path
from negotiation.results import text_number

__all__ = ["Step", "node_name", "steps"]


@dataclass(frozen=True)
class Step:
    """One decision node: the mover, each action's worth to the mover, and the choice.

    ``worth[k]`` is the mover's expected payoff from ``actions[k]`` when play below follows
    the equilibrium; ``chosen`` maps the actions played to their probabilities.
    """

    path: Path
    player: str
    infoset: str
    actions: tuple[str, ...]
    worth: tuple[Fraction, ...]
    chosen: dict[str, Fraction]

    def where(self) -> str:
        """``Incumbent's node after Enter``."""
        return node_name(self.player, self.path)

    def reason(self) -> str:
        """``Accommodate pays Incumbent 2 against Fight's 0``."""
        best = max(self.chosen, key=lambda action: self.chosen[action])
        value = self.worth[self.actions.index(best)]
        others = [
            f"{action}'s {text_number(worth)}"
            for action, worth in zip(self.actions, self.worth, strict=True)
            if action != best
        ]
        return f"{best} pays {self.player} {text_number(value)} against " + ", ".join(others)


def node_name(player: str, path: Path) -> str:
    """``Entrant's node at the root`` or ``Incumbent's node after Enter > Fight``."""
    return f"{player}'s node " + ("at the root" if not path else f"after {describe_path(path)}")


def steps(tree: Tree, equilibrium: SubgamePerfect) -> list[Step]:
    """Every decision node whose choice the equilibrium fixes, innermost first (the order
    backward induction takes them in), each with its actions' worth to the mover."""
    found: list[Step] = []

    def value(node: Node, path: Path) -> tuple[Fraction, ...] | None:
        if isinstance(node, Terminal):
            return tuple(Fraction(v) for v in node.payoffs)
        below = [
            value(child, (*path, action))
            for action, child in zip(node.actions, node.children, strict=True)
        ]
        if isinstance(node, Chance):
            odds = node.probabilities
        else:
            plan = equilibrium.behaviour[node.player].get(node.infoset)
            if plan is None:
                return None
            odds = tuple(plan.get(action, 0) for action in node.actions)
            worth = tuple(Fraction(0) if v is None else v[node.player] for v in below)
            chosen = {a: Fraction(p) for a, p in zip(node.actions, odds, strict=True) if p}
            found.append(
                Step(path, tree.players[node.player], node.infoset, node.actions, worth, chosen)
            )
        total = [Fraction(0)] * len(tree.players)
        for odd, payoffs in zip(odds, below, strict=True):
            if odd and payoffs is not None:
                total = [t + Fraction(odd) * v for t, v in zip(total, payoffs, strict=True)]
        return tuple(total)

    value(tree.root, ())
    return found
