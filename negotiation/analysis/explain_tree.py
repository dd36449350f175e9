"""Explaining a tree for teaching: backward induction step by step, then the reduced normal
form's explanation (best responses, dominance, each Nash equilibrium), and which Nash
equilibria rest on threats that would not be carried out.

Why both: the steps show where credibility comes from (each mover, innermost first, picks
what is best given what follows); the normal form shows what Nash equilibrium alone would
allow.  The gap between them is Selten's (1965) point.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from negotiation.analysis.explain import Explanation, explain
from negotiation.analysis.tree_steps import Step, steps
from negotiation.display import Report
from negotiation.extensive.results import TreeSolveResult, subgame_perfect_json
from negotiation.extensive.tree import Decision
from negotiation.results import text_number

__all__ = ["TreeExplanation", "explain_tree", "step_text"]


def step_text(step: Step, shared: int = 1) -> str:
    """One step in words: the worth of each action to the mover, and the choice; at an
    information set of ``shared`` nodes, the choice the subgame's equilibrium makes there."""
    if shared > 1:
        plan = " + ".join(
            action if p == 1 else f"{text_number(p)} {action}" for action, p in step.chosen.items()
        )
        return (
            f"{step.player}'s information set {step.infoset!r} ({shared} nodes the player "
            f"cannot tell apart): {plan}, an equilibrium of the subgame's normal form."
        )
    worth = ", ".join(
        f"{action} pays {text_number(value)}"
        for action, value in zip(step.actions, step.worth, strict=True)
    )
    best = max(step.worth)
    tied = [a for a, value in zip(step.actions, step.worth, strict=True) if value == best]
    if len(step.chosen) > 1:
        mix = " + ".join(f"{text_number(p)} {action}" for action, p in step.chosen.items())
        choice = f"plays {mix} (a mixed equilibrium of this subgame)"
    elif len(tied) > 1:
        choice = (
            f"is indifferent between {', '.join(tied)}; here plays {next(iter(step.chosen))} "
            "(each tied choice gives a subgame-perfect equilibrium)"
        )
    else:
        choice = f"plays {next(iter(step.chosen))}"
    return f"{step.where()}: {worth} to {step.player}, so {step.player} {choice}."


@dataclass(frozen=True)
class TreeExplanation(Report):
    """Backward induction on ``result``'s first subgame-perfect equilibrium, and the
    reduced normal form's `Explanation` (None when that form was too large to build)."""

    result: TreeSolveResult
    steps: tuple[Step, ...]
    normal: Explanation | None

    @property
    def equilibria(self) -> tuple:
        """The reasons for each Nash equilibrium of the reduced normal form."""
        return () if self.normal is None else self.normal.equilibria

    def texts(self) -> list[str]:
        """Each step in words; an information set of several nodes once, where first met."""
        sizes = Counter(
            (node.player, node.infoset)
            for _, node in self.result.subgame_perfect.tree.nodes()
            if isinstance(node, Decision)
        )
        players = self.result.subgame_perfect.tree.players
        texts, seen = [], set()
        for step in self.steps:
            key = (players.index(step.player), step.infoset)
            if key in seen:
                continue
            if sizes[key] > 1:
                seen.add(key)
            texts.append(step_text(step, sizes[key]))
        return texts

    def lines(self) -> list[str]:
        spe = self.result.subgame_perfect
        title = spe.tree.title or "game"
        lines = [f"Backward induction on {title}, innermost decisions first:"]
        lines += [f"  {k}. {text}" for k, text in enumerate(self.texts(), start=1)]
        lines.append("")
        for number, equilibrium in enumerate(spe.equilibria, start=1):
            payoffs = ", ".join(
                f"{player} {text_number(value)}"
                for player, value in zip(spe.tree.players, equilibrium.payoffs, strict=True)
            )
            lines.append(
                f"Subgame-perfect equilibrium {number}: {equilibrium.words() or '(no move)'}"
                f"  [payoffs: {payoffs}]"
            )
        threats = [k for k, credible in enumerate(self.result.credible, start=1) if not credible]
        if threats and self.result.nash is not None:
            game = self.result.nash.game
            lines += [
                "",
                "Nash equilibria of the reduced normal form that are not subgame "
                "perfect (they rest on a move that would not be made off the path):",
            ]
            for number in threats:
                equilibrium = self.result.nash.equilibria[number - 1]
                lines.append(f"  #{number} {equilibrium.describe(game)}")
        return lines

    def text(self) -> str:
        body = "\n".join(self.lines())
        if self.normal is None:
            return body
        return body + "\n\nThe reduced normal form:\n" + self.normal.text()

    def markdown(self) -> str:
        lines = self.lines()
        body = "\n".join(f"    {line}" if line else "" for line in lines[1:])
        normal = "" if self.normal is None else "\n\n" + self.normal.markdown()
        return f"### {lines[0]}\n\n{body}{normal}\n"

    def to_json(self) -> dict:
        data = {
            "form": "extensive",
            "steps": [
                {
                    "node": list(step.path),
                    "player": step.player,
                    "infoset": step.infoset,
                    "worth": {
                        action: str(value)
                        for action, value in zip(step.actions, step.worth, strict=True)
                    },
                    "chosen": {action: str(p) for action, p in step.chosen.items()},
                }
                for step in self.steps
            ],
            "text": self.texts(),
            "subgame_perfect": subgame_perfect_json(self.result.subgame_perfect),
        }
        if self.normal is not None:
            data["normal_form"] = self.normal.to_json()
        return data


def explain_tree(result: TreeSolveResult) -> TreeExplanation:
    """Explain a solved tree (`negotiation.extensive.solve.solve_tree`)."""
    spe = result.subgame_perfect
    found = steps(spe.tree, spe.equilibria[0]) if spe.equilibria else []
    normal = None if result.nash is None else explain(result.nash.game, result.nash)
    return TreeExplanation(result, tuple(found), normal)
