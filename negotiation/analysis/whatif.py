"""What-if analysis: the equilibria before and after a change of parameters, and why.

`whatif` solves a scenario at a baseline and under a change (presets, ``--set`` values) and
reports, side by side:

- the equilibria at both values (exact);
- what changed, in words: with one equilibrium on each side the two are compared player by
  player ("Russia moves from Offensive to Hold"); otherwise equilibria are matched by profile,
  then by support, and the rest are reported as appearing or vanishing;
- why: every best response that flips.  For each player and each pure profile of the others,
  the best responses at both values are compared and each flip is reported with the exact
  payoffs behind it (`negotiation.best_responses`, which ``thresholds --best-responses``
  uses too).  Pure equilibria are the cells where every player's strategy is a best
  response, so a pure equilibrium can only appear or vanish through such a flip; a mixed
  equilibrium that merely shifts is explained by its indifference equations at both values
  (`negotiation.analysis.explain.indifferences`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from negotiation.analysis.explain import indifferences
from negotiation.best_responses import BestResponseFlip, best_response_flips, check_same_strategies
from negotiation.display import Report
from negotiation.game import Game
from negotiation.results import Equilibrium, SolveResult, text_number

if TYPE_CHECKING:
    from negotiation.model import Model

__all__ = ["BestResponseFlip", "WhatIfResult", "best_response_flips", "compare", "whatif"]


# -- matching equilibria ----------------------------------------------------------------------


def _payoff_change(game: Game, before: Equilibrium, after: Equilibrium) -> str:
    moved = [
        f"{player} from {text_number(old)} to {text_number(new)}"
        for player, old, new in zip(game.players, before.payoffs, after.payoffs, strict=True)
        if old != new
    ]
    return "; ".join(moved)


def _moves(game: Game, before: Equilibrium, after: Equilibrium) -> str:
    """``Russia moves from Offensive to Hold; Turkey from Accommodate to Counter-escalate``."""
    from negotiation.text import mixed_text

    parts, stays = [], []
    for player, labels, old, new in zip(
        game.players, game.strategies, before.profile, after.profile, strict=True
    ):
        old_text, new_text = mixed_text(labels, old), mixed_text(labels, new)
        if old != new:
            verb = "moves from" if not parts else "from"
            parts.append(f"{player} {verb} {old_text} to {new_text}")
        else:
            stays.append(f"{player} stays at {old_text}")
    return "; ".join(parts + stays)


def describe_changes(
    baseline: SolveResult, changed: SolveResult
) -> tuple[list[str], list[tuple[Equilibrium, Equilibrium]]]:
    """The changes in words, and the (before, after) pairs of equilibria that shifted.

    With one equilibrium on each side the two are compared directly.  Otherwise an equilibrium
    found on both sides "remains"; of the rest, a baseline and a changed equilibrium with the
    same support, alone with it on their sides, are one equilibrium that "shifts"; the others
    vanish or appear.
    """
    game = changed.game
    old, new = list(baseline.equilibria), list(changed.equilibria)
    changes: list[str] = []
    shifted: list[tuple[Equilibrium, Equilibrium]] = []
    if len(old) == 1 and len(new) == 1:
        before, after = old[0], new[0]
        if before.profile == after.profile:
            changes.append(f"The equilibrium is unchanged: {after.describe(game)}")
        else:
            changes.append(_moves(game, before, after))
            if before.support() == after.support():
                shifted.append((before, after))
        payoffs = _payoff_change(game, before, after)
        if payoffs:
            changes.append(f"Equilibrium payoffs: {payoffs}")
    elif not old and not new:
        changes.append("No equilibrium was found at either value")
    else:
        if len(old) != len(new):
            changes.append(f"The number of equilibria goes from {len(old)} to {len(new)}")
        remaining = [eq for eq in old if any(eq.profile == other.profile for other in new)]
        old = [eq for eq in old if eq not in remaining]
        new = [eq for eq in new if not any(eq.profile == other.profile for other in remaining)]
        for before in list(old):
            same = [eq for eq in new if eq.support() == before.support()]
            if len(same) == 1 and [eq.support() for eq in old].count(before.support()) == 1:
                after = same[0]
                shifted.append((before, after))
                old.remove(before)
                new.remove(after)
                changes.append(
                    f"The equilibrium {before.describe(game)} shifts to {after.describe(game)}"
                )
        changes += [f"The equilibrium {eq.describe(game)} vanishes" for eq in old]
        changes += [f"A new equilibrium appears: {eq.describe(game)}" for eq in new]
        for eq in remaining:
            after = next(other for other in changed.equilibria if other.profile == eq.profile)
            payoffs = _payoff_change(game, eq, after)
            changes.append(
                f"The equilibrium {eq.describe(game)} remains"
                + (f" (payoffs: {payoffs})" if payoffs else "")
            )
        if not old and not new and not shifted and len(remaining) == len(changed.equilibria):
            changes = [
                "The equilibria are unchanged: "
                + " | ".join(eq.describe(game) for eq in changed.equilibria)
            ] + [line for line in changes if "(payoffs:" in line]
    if changed.degenerate and not baseline.degenerate:
        changes.append(
            "The changed game is degenerate (ties): equilibria may form continua; the extreme "
            "ones are listed"
        )
    elif baseline.degenerate and not changed.degenerate:
        changes.append("The baseline game's ties are broken: it was degenerate, the change is not")
    return changes, shifted


def _shift_reasons(
    baseline: Game, changed: Game, shifted: Sequence[tuple[Equilibrium, Equilibrium]]
) -> list[str]:
    """Why a mixed equilibrium moved: its indifference equations at both values."""
    reasons = []
    for before, after in shifted:
        if before.pure:
            continue
        for old, new in zip(
            indifferences(baseline, before), indifferences(changed, after), strict=True
        ):
            if not new.mixers or (old.equations, old.solution) == (new.equations, new.solution):
                continue
            reasons.append(
                f"{new.heading(changed)}: at the baseline {old.derivation()}; "
                f"now {new.derivation()}, where {'; '.join(new.variables)}"
            )
    return reasons


# -- the result -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WhatIfResult(Report):
    """The equilibria at a baseline and under a change, what changed, and why.

    Attributes
    ----------
    baseline, changed : SolveResult
        The equilibria at both values (exact).
    changes : tuple of str
        What changed in the equilibria, in words.
    reasons : tuple of str
        Why: each best response that flips with its payoffs, and the indifference equations
        of mixed equilibria that shift.
    flips : tuple of BestResponseFlip
    baseline_values, changed_values : mapping of str to Fraction
        The parameter values of both sides (empty when games were compared directly).
    presets : tuple of str
        The presets that make the change.
    scenario : Model or None
    """

    baseline: SolveResult
    changed: SolveResult
    changes: tuple[str, ...]
    reasons: tuple[str, ...]
    flips: tuple[BestResponseFlip, ...]
    baseline_values: Mapping[str, Fraction] = field(default_factory=dict)
    changed_values: Mapping[str, Fraction] = field(default_factory=dict)
    presets: tuple[str, ...] = ()
    scenario: Model | None = None

    @property
    def game(self) -> Game:
        return self.changed.game

    def changed_parameters(self) -> dict[str, tuple[Fraction, Fraction]]:
        """``{name: (baseline value, changed value)}`` for each parameter that differs."""
        return {
            name: (self.baseline_values.get(name), value)
            for name, value in self.changed_values.items()
            if self.baseline_values.get(name) != value
        }

    def change_text(self) -> str:
        """``stag from 4 to 8 (preset rich-stag)``."""
        moved = [
            f"{name} from {old} to {new}" for name, (old, new) in self.changed_parameters().items()
        ]
        if not moved and not self.baseline_values and not self.changed_values:
            text = "two versions of the game"
        else:
            text = ", ".join(moved) if moved else "no parameter changes"
        if self.presets:
            noun = "preset" if len(self.presets) == 1 else "presets"
            text += f" ({noun} {', '.join(self.presets)})"
        return text

    def to_json(self) -> dict:
        """``{"baseline", "changed", "changes", "reasons", "flips", ...}`` plus provenance."""
        from negotiation.provenance import provenance

        data = {
            "baseline": self.baseline.to_json(),
            "changed": self.changed.to_json(),
            "changes": list(self.changes),
            "reasons": list(self.reasons),
            "flips": [flip.to_json(self.game) for flip in self.flips],
            "presets": list(self.presets),
            "changed_parameters": {
                name: {"from": str(old), "to": str(new)}
                for name, (old, new) in self.changed_parameters().items()
            },
        }
        data.update(provenance(self.scenario, self.changed_values))
        data["baseline_values"] = {name: str(v) for name, v in self.baseline_values.items()}
        return data

    def text(self) -> str:
        """The report for the terminal: the change, both sets of equilibria, what and why."""
        from negotiation.text import equilibria_text

        title = self.game.title or "game"
        lines = [f"What if: {self.change_text()} ({title})", "", "Baseline:"]
        lines += ["  " + line for line in equilibria_text(self.baseline).splitlines()]
        lines += ["", "After the change:"]
        lines += ["  " + line for line in equilibria_text(self.changed).splitlines()]
        lines += ["", "What changes:"]
        lines += [f"  - {line}" for line in self.changes]
        lines += ["", "Why:"]
        lines += [f"  - {line}" for line in self.reasons]
        return "\n".join(lines)

    def markdown(self) -> str:
        """The report as Markdown, for notebooks and issues."""
        from negotiation.text import equilibria_markdown

        lines = [f"### What if: {self.change_text()}", "", "**Baseline**", ""]
        lines += [equilibria_markdown(self.baseline), "**After the change**", ""]
        lines += [equilibria_markdown(self.changed), "**What changes**", ""]
        lines += [f"- {line}" for line in self.changes]
        lines += ["", "**Why**", ""]
        lines += [f"- {line}" for line in self.reasons]
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        return (
            f"<WhatIfResult {self.change_text()}: {len(self.baseline)} -> "
            f"{len(self.changed)} equilibria, {len(self.flips)} best-response flips>"
        )


def compare(
    baseline: SolveResult | Game,
    changed: SolveResult | Game,
    *,
    baseline_values: Mapping[str, Fraction] | None = None,
    changed_values: Mapping[str, Fraction] | None = None,
    presets: Sequence[str] = (),
    scenario: Model | None = None,
) -> WhatIfResult:
    """Compare two versions of one game: their equilibria, what changed, and why.

    Parameters
    ----------
    baseline, changed : SolveResult or Game
        Games are solved with `negotiation.solvers.solve`.  Both need the same players and
        strategies.
    baseline_values, changed_values, presets, scenario :
        Carried into the result for its report and provenance.

    Raises
    ------
    GameError
        If the players or strategies differ.

    Examples
    --------
    A prisoners' dilemma where a fine for defecting makes cooperation pay:

    >>> labels = [["Cooperate", "Defect"], ["Cooperate", "Defect"]]
    >>> dilemma = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], ["Ann", "Bob"], labels)
    >>> fined = Game([[[3, 0], [2, -2]], [[3, 2], [0, -2]]], ["Ann", "Bob"], labels)
    >>> result = compare(dilemma, fined)
    >>> result.changes[0]
    'Ann moves from Defect to Cooperate; Bob from Defect to Cooperate'
    >>> print(result.reasons[0])  # doctest: +NORMALIZE_WHITESPACE
    Against Bob: Cooperate, Ann's best response was Defect (payoff 5 vs Cooperate 3);
    now Cooperate (3 vs Defect 2)
    """
    from negotiation.solvers import solve

    if isinstance(baseline, Game):
        baseline = solve(baseline, parameters=baseline_values)
    if isinstance(changed, Game):
        changed = solve(changed, parameters=changed_values)
    check_same_strategies(baseline.game, changed.game)
    flips = best_response_flips(baseline.game, changed.game)
    changes, shifted = describe_changes(baseline, changed)
    reasons = [flip.describe(changed.game) for flip in flips]
    reasons += _shift_reasons(baseline.game, changed.game, shifted)
    equilibria_differ = [eq.profile for eq in baseline.equilibria] != [
        eq.profile for eq in changed.equilibria
    ]
    if not flips:
        if equilibria_differ:
            still = (
                "the pure equilibria stay where they are"
                if any(eq.pure for eq in baseline.equilibria)
                else "there is still no pure equilibrium"
            )
            reasons.insert(
                0, f"No best response to a pure profile of the others changes, so {still}"
            )
            if len(reasons) == 1:
                reasons.append(
                    "The change is in the mixed equilibria, which depend on the size of payoff "
                    "differences, not only on their order"
                )
        else:
            reasons.append(
                "No best response changes: against every pure profile of the others, each "
                "player's best responses are the same at both values"
            )
    return WhatIfResult(
        baseline=baseline,
        changed=changed,
        changes=tuple(changes),
        reasons=tuple(reasons),
        flips=flips,
        baseline_values=dict(baseline_values or {}),
        changed_values=dict(changed_values or {}),
        presets=tuple(presets),
        scenario=scenario,
    )


def whatif(
    scenario: Model,
    presets: Sequence[str] = (),
    overrides: Mapping[str, object] | None = None,
    base_presets: Sequence[str] = (),
    base_overrides: Mapping[str, object] | None = None,
) -> WhatIfResult:
    """The equilibria of ``scenario`` at a baseline and under a change, and why they differ.

    The baseline is the file's values with ``base_presets`` then ``base_overrides`` applied;
    the change applies ``presets`` then ``overrides`` on top of it, so a change always wins
    over the baseline on the parameters it sets.

    Parameters
    ----------
    scenario : Model
    presets : sequence of str
        Presets making the change, applied in order.
    overrides : mapping, optional
        Parameter values making the change (numbers or text such as ``"3/2"``).
    base_presets, base_overrides :
        The baseline, if not the file's values.

    Returns
    -------
    WhatIfResult

    Raises
    ------
    ScenarioError
        For an unknown preset or parameter, or a value that is not a number.

    Examples
    --------
    The bundled stag hunt, with a stag worth 8 instead of 4: no best response changes, but the
    mixed equilibrium moves, since each hunter needs less confidence in the other to go for
    the stag:

    >>> from negotiation.scenario import load_scenario
    >>> result = whatif(load_scenario("stag-hunt"), presets=["rich-stag"])
    >>> result.change_text()
    'stag from 4 to 8 (preset rich-stag)'
    >>> print(result.changes[0])  # doctest: +NORMALIZE_WHITESPACE
    The equilibrium Alice: 3/4 Stag + 1/4 Hare; Bob: 3/4 Stag + 1/4 Hare shifts to
    Alice: 3/8 Stag + 5/8 Hare; Bob: 3/8 Stag + 5/8 Hare
    """
    base_overrides = dict(base_overrides or {})
    overrides = dict(overrides or {})
    baseline_values = scenario.values(base_presets, base_overrides)
    # The change's presets must win over the baseline's overrides: drop those they set.
    preset_names = {
        name
        for preset in presets
        if preset in scenario.presets
        for name in scenario.presets[preset].values
    }
    kept = {name: value for name, value in base_overrides.items() if name not in preset_names}
    changed_values = scenario.values((*base_presets, *presets), {**kept, **overrides})
    if scenario.form == "signalling":  # the PBE that appear and vanish
        from negotiation.analysis.signalling_analyses import signalling_whatif

        return signalling_whatif(scenario, baseline_values, changed_values, presets)
    if scenario.form == "extensive":  # a tree: subgame-perfect paths, reasons at the nodes
        from negotiation.analysis.whatif_tree import whatif_tree

        return whatif_tree(scenario, baseline_values, changed_values, presets)
    if hasattr(scenario, "solutions"):  # a bargain, a repeated game: its named solutions
        from negotiation.analysis.form_solutions import whatif_form

        return whatif_form(scenario, baseline_values, changed_values)
    return compare(
        scenario.game(baseline_values),
        scenario.game(changed_values),
        baseline_values=baseline_values,
        changed_values=changed_values,
        presets=tuple(presets),
        scenario=scenario,
    )
