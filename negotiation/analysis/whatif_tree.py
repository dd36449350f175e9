"""What-if on a tree: the subgame-perfect equilibria before and after a change, and the node
where a choice flips, with the payoffs behind it.

Why a tree needs its own reasons: in a matrix a change works through best responses to the
other players' strategies; in a tree it works through one mover's comparison at one node
("at Incumbent's node after Enter, Fight now pays 3 against Accommodate's 2"), and that
flip then changes every choice above it.  The Nash equilibria of the reduced normal form are
compared too, as `negotiation.analysis.whatif.compare` compares any two games.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from negotiation.analysis.tree_steps import Step, steps
from negotiation.analysis.whatif import WhatIfResult, compare
from negotiation.display import Report
from negotiation.extensive.results import TreeSolveResult, subgame_perfect_json
from negotiation.results import text_number

if TYPE_CHECKING:
    from negotiation.model import Model

__all__ = ["TreeWhatIfResult", "node_reasons", "whatif_tree"]


@dataclass(frozen=True)
class TreeWhatIfResult(WhatIfResult):
    """`WhatIfResult` of the reduced normal forms, with the solved trees on both sides.

    ``changes`` and ``reasons`` speak of the subgame-perfect equilibria first, then of the
    reduced form's Nash equilibria.
    """

    tree_baseline: TreeSolveResult | None = None
    tree_changed: TreeSolveResult | None = None

    # Rendered as the text report: the matrix tables of the parent class would hide the tree.
    markdown = Report.markdown
    html = Report.html

    def to_json(self) -> dict:
        data = super().to_json()
        for key, result in (("baseline", self.tree_baseline), ("changed", self.tree_changed)):
            data[key]["subgame_perfect"] = subgame_perfect_json(result.subgame_perfect)
        data["form"] = "extensive"
        return data

    def text(self) -> str:
        title = self.tree_changed.subgame_perfect.tree.title or "game"
        lines = [f"What if: {self.change_text()} ({title})", "", "Baseline:"]
        lines += ["  " + line for line in self.tree_baseline.text().splitlines()]
        lines += ["", "After the change:"]
        lines += ["  " + line for line in self.tree_changed.text().splitlines()]
        lines += ["", "What changes:", *(f"  - {line}" for line in self.changes)]
        lines += ["", "Why:", *(f"  - {line}" for line in self.reasons)]
        return "\n".join(lines)


def _paths(result: TreeSolveResult) -> list[str]:
    return [item.words() or "(no move)" for item in result.subgame_perfect.equilibria]


def path_changes(before: TreeSolveResult, after: TreeSolveResult) -> list[str]:
    """What happens to the subgame-perfect paths of play, in words."""
    old, new = _paths(before), _paths(after)
    if old == new:
        return ["The subgame-perfect path of play stays " + " | ".join(old)]
    if len(old) == len(new) == 1:
        return [f"The subgame-perfect path moves from {old[0]} to {new[0]}"]
    return [f"A subgame-perfect path appears: {path}" for path in new if path not in old] + [
        f"A subgame-perfect path vanishes: {path}" for path in old if path not in new
    ]


def _now(step: Step) -> str:
    best = max(step.chosen, key=lambda action: step.chosen[action])
    others = ", ".join(
        f"{action}'s {text_number(worth)}"
        for action, worth in zip(step.actions, step.worth, strict=True)
        if action != best
    )
    value = text_number(step.worth[step.actions.index(best)])
    return f"{best} now pays {step.player} {value} against {others}"


def node_reasons(before: TreeSolveResult, after: TreeSolveResult) -> list[str]:
    """Each node where the first subgame-perfect equilibrium's choice differs, innermost
    first, with each action's worth to the mover on both sides."""
    if not (before.subgame_perfect.equilibria and after.subgame_perfect.equilibria):
        return []
    old = {
        step.path: step
        for step in steps(before.subgame_perfect.tree, before.subgame_perfect.equilibria[0])
    }
    reasons = []
    for step in steps(after.subgame_perfect.tree, after.subgame_perfect.equilibria[0]):
        previous = old.get(step.path)
        if previous is None or previous.chosen == step.chosen:
            continue
        reasons.append(f"at {step.where()}, {_now(step)} (before: {previous.reason()})")
    return reasons


def whatif_tree(
    model: Model,
    baseline_values: Mapping[str, Fraction],
    changed_values: Mapping[str, Fraction],
    presets: Sequence[str],
) -> TreeWhatIfResult:
    """Solve the tree at both values and compare (see the module docstring)."""
    before = model.solve_at(baseline_values)
    after = model.solve_at(changed_values)
    nash = compare(
        before.nash,
        after.nash,
        baseline_values=baseline_values,
        changed_values=changed_values,
        presets=tuple(presets),
        scenario=model,
    )
    reasons = node_reasons(before, after) or [
        "no choice flips at any node of the first subgame-perfect equilibrium"
    ]
    changes = path_changes(before, after) + [
        f"Reduced normal form: {line}" for line in nash.changes
    ]
    return TreeWhatIfResult(
        nash.baseline,
        nash.changed,
        tuple(changes),
        tuple(reasons),
        nash.flips,
        baseline_values,
        changed_values,
        tuple(presets),
        model,
        before,
        after,
    )
