"""The analyses of a signalling scenario: what each command means when "the equilibria" are
perfect Bayesian equilibria (`negotiation.forms.signalling`).

Each command's module hands a signalling model here in one line, as it hands a tree to
``tree_thresholds`` or ``whatif_tree``; the mathematics is the kernels' (`negotiation.
signalling`), this module only asks them at the model's values and reports:

* `signalling_thresholds_of`: where the pure PBE (with their kinds and Intuitive Criterion
  verdicts) change as one parameter moves: the prior at which the receiver's response to a
  pooled message flips, the signal cost above which the types separate.  The kernel derives
  the candidates as formulas from the model's payoff formulas, then solves the game exactly
  just below, at and just above each one (`negotiation.signalling.thresholds`);
* `signalling_whatif`: which equilibria appear and vanish between two points;
* `signalling_sweep`: the equilibria across a grid of one or two parameters;
* `signalling_explain`: Bayes' rule, the receiver's comparisons and each incentive
  constraint, for every equilibrium (`negotiation.signalling.explain.explain_pbe`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from negotiation.display import Report
from negotiation.errors import NegotiationError
from negotiation.values import parameter_range

if TYPE_CHECKING:
    from negotiation.forms.signalling import SignallingModel
    from negotiation.signalling.results import PBEResult, PerfectBayesianEquilibrium
    from negotiation.signalling.thresholds import SignallingThreshold, SignallingThresholdResult

__all__ = [
    "SignallingExplanation",
    "SignallingSweepResult",
    "SignallingThresholds",
    "SignallingWhatIf",
    "equilibrium_shape",
    "signalling_explain",
    "signalling_sweep",
    "signalling_thresholds_of",
    "signalling_whatif",
]


def equilibrium_shape(result: PBEResult, eq: PerfectBayesianEquilibrium) -> str:
    """An equilibrium as its kind, who sends what, the responses and its Intuitive Criterion
    verdict: what stays the same while the numbers (beliefs, a hybrid's mixing) move, and
    so what a what-if or a sweep compares."""
    game = result.game
    if hasattr(game, "receivers"):  # several receivers: pure, and no Intuitive Criterion
        return eq.describe(game)
    sender = ", ".join(
        f"{t} " + "+".join(m for m, p in zip(game.messages, row, strict=True) if p)
        for t, row in zip(game.types, eq.sender, strict=True)
    )
    receiver = ", ".join(
        f"{m} -> " + "+".join(a for a, p in zip(actions, row, strict=True) if p)
        for m, actions, row in zip(game.messages, game.actions, eq.receiver, strict=True)
    )
    verdict = "passes" if eq.intuitive_criterion else "fails"
    return f"{eq.kind}: {sender}; {receiver} [Intuitive Criterion: {verdict}]"


def _shapes(result: PBEResult) -> list[str]:
    return list(dict.fromkeys(equilibrium_shape(result, eq) for eq in result.equilibria))


def _values_json(values: Mapping[str, Fraction]) -> dict[str, str]:
    return {name: str(value) for name, value in values.items()}


# -- thresholds ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignallingThresholds(Report):
    """The kernel's thresholds of one parameter (`SignallingThresholdResult`), with the kinds
    of equilibrium each one opens or closes, and the provenance of the model."""

    model: SignallingModel
    result: SignallingThresholdResult

    @property
    def thresholds(self) -> tuple[SignallingThreshold, ...]:
        return self.result.thresholds

    def where_kind_changes(self, kind: str) -> tuple[SignallingThreshold, ...]:
        """The thresholds at which a pure PBE of ``kind`` appears or vanishes."""
        return self.result.where_kind_changes(kind)

    def kind_changes(self, threshold: SignallingThreshold) -> list[str]:
        """``separating PBE exist above``, ``pooling PBE vanish above`` ... in words."""
        words = []
        for kind in ("pooling", "separating", "hybrid"):
            below, above = kind in threshold.kinds("below"), kind in threshold.kinds("above")
            if below != above:
                side = "above" if above else "below"
                words.append(f"{kind} PBE exist only {side} it")
        return words

    def text(self) -> str:
        lines = self.result.text().splitlines()
        name = self.result.parameter
        for threshold in self.thresholds:
            changes = self.kind_changes(threshold)
            if changes:
                at = lines.index(f"  {name} = {threshold.value}  (= {threshold.formula})")
                lines.insert(at + 1, "    " + "; ".join(changes))
        lines.append(
            "Each threshold is checked by solving the game exactly below, at and above it."
        )
        return "\n".join(lines)

    def to_json(self) -> dict:
        from negotiation.provenance import provenance

        data = self.result.to_json()
        for entry, threshold in zip(data["thresholds"], self.thresholds, strict=True):
            entry["kind_changes"] = self.kind_changes(threshold)
        return {"form": "signalling", **data, **provenance(self.model, self.result.values)}


def signalling_thresholds_of(
    model: SignallingModel,
    parameter: str,
    values: Mapping[str, Fraction],
    within: tuple[Fraction, Fraction] | None = None,
) -> SignallingThresholds:
    """Every value of ``parameter`` in its range (or ``within``) where the pure PBE change.

    Raises
    ------
    ScenarioError
        For an unknown parameter, naming the closest one.
    NegotiationError
        For an empty range.
    """
    from negotiation.signalling.thresholds import signalling_thresholds

    low, high = parameter_range(model, parameter, within)
    others = {name: value for name, value in values.items() if name != parameter}
    found = signalling_thresholds(model.symbolic_game, parameter, others, low, high)
    return SignallingThresholds(model, found)


# -- what if ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignallingWhatIf(Report):
    """The PBE before and after a change, and which appear or vanish."""

    model: SignallingModel
    baseline_values: Mapping[str, Fraction]
    changed_values: Mapping[str, Fraction]
    presets: tuple[str, ...]
    baseline: PBEResult
    changed: PBEResult

    @property
    def appear(self) -> list[str]:
        before = _shapes(self.baseline)
        return [shape for shape in _shapes(self.changed) if shape not in before]

    @property
    def vanish(self) -> list[str]:
        after = _shapes(self.changed)
        return [shape for shape in _shapes(self.baseline) if shape not in after]

    @property
    def changes(self) -> list[str]:
        lines = [f"A PBE appears: {shape}" for shape in self.appear]
        lines += [f"A PBE vanishes: {shape}" for shape in self.vanish]
        return lines or ["The same kinds of PBE, with the same verdicts, before and after"]

    def change_text(self) -> str:
        moved = [
            f"{name} {self.baseline_values[name]} -> {value}"
            for name, value in self.changed_values.items()
            if self.baseline_values.get(name) != value
        ]
        presets = [f"preset {name}" for name in self.presets]
        return ", ".join(presets + moved) or "no change"

    def text(self) -> str:
        lines = [f"What if: {self.change_text()} ({self.baseline.game.title})", "", "Baseline:"]
        lines += ["  " + line for line in self.baseline.text().splitlines()]
        lines += ["", "After the change:"]
        lines += ["  " + line for line in self.changed.text().splitlines()]
        lines += ["", "What changes:", *(f"  - {line}" for line in self.changes)]
        return "\n".join(lines)

    def to_json(self) -> dict:
        from negotiation.provenance import provenance

        return {
            "form": "signalling",
            "change": self.change_text(),
            "presets": list(self.presets),
            "baseline": {
                "values": _values_json(self.baseline_values),
                **self.baseline.to_json(),
            },
            "changed": {"values": _values_json(self.changed_values), **self.changed.to_json()},
            "appear": self.appear,
            "vanish": self.vanish,
            "changes": self.changes,
            **provenance(self.model, self.changed_values),
        }


def signalling_whatif(
    model: SignallingModel,
    baseline_values: Mapping[str, Fraction],
    changed_values: Mapping[str, Fraction],
    presets: Sequence[str],
) -> SignallingWhatIf:
    """Solve at both points and compare the equilibria by `equilibrium_shape`."""
    return SignallingWhatIf(
        model,
        dict(baseline_values),
        dict(changed_values),
        tuple(presets),
        model.solve_at(baseline_values),
        model.solve_at(changed_values),
    )


# -- sweep -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignallingSweepPoint:
    """The PBE at one grid point (``values``: the swept parameters), by shape."""

    values: Mapping[str, Fraction]
    equilibria: tuple[str, ...]


@dataclass(frozen=True)
class SignallingSweepResult(Report):
    """The PBE across a grid; ``thresholds`` (exact) for one swept parameter."""

    scenario: SignallingModel
    parameters: tuple[str, ...]
    axes: tuple[tuple[Fraction, ...], ...]
    steps: tuple[int, ...]
    values: Mapping[str, Fraction]
    points: tuple[SignallingSweepPoint, ...]
    thresholds: SignallingThresholds | None = None

    def outcomes(self) -> list[str]:
        """The equilibrium sets met, in order of first appearance."""
        return list(dict.fromkeys(" | ".join(point.equilibria) for point in self.points))

    def to_csv(self, exact: bool = False) -> str:
        from negotiation.analysis.sweep import _number

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([*self.parameters, "perfect_bayesian"])
        for point in self.points:
            cells = [_number(point.values[name], exact) for name in self.parameters]
            writer.writerow([*cells, " | ".join(point.equilibria)])
        return out.getvalue()

    def to_json(self) -> dict:
        from negotiation.provenance import provenance

        return {
            "parameters": list(self.parameters),
            "form": "signalling",
            "points": [
                {"values": _values_json(point.values), "perfect_bayesian": list(point.equilibria)}
                for point in self.points
            ],
            **({} if self.thresholds is None else {"thresholds": self.thresholds.to_json()}),
            **provenance(self.scenario, self.values),
        }

    def text(self) -> str:
        names = " x ".join(self.parameters)
        lines = [f"Sweep of {names} ({len(self.points)} points): perfect Bayesian equilibria"]
        previous = None
        for point in self.points:
            current = " | ".join(point.equilibria) or "no PBE found"
            if current != previous:
                at = ", ".join(f"{name}={point.values[name]}" for name in self.parameters)
                lines.append(f"  from {at}: {current}")
                previous = current
        if self.thresholds is not None:
            lines += ["", self.thresholds.text()]
        return "\n".join(lines)

    def plot(self, path: object = None) -> object:
        msg = "a signalling sweep has no plot yet: use --csv or --json"
        raise NegotiationError(msg)


def signalling_sweep(
    model: SignallingModel,
    names: tuple[str, ...],
    axes: list[tuple[Fraction, ...]],
    steps: tuple[int, ...],
    base: Mapping[str, Fraction],
    grid: list[dict[str, Fraction]],
) -> SignallingSweepResult:
    """Solve at every grid point; for one parameter, the exact thresholds within the sweep."""
    points = []
    for swept in grid:
        result = model.solve_at({**base, **swept})
        points.append(SignallingSweepPoint(swept, tuple(_shapes(result))))
    found = None
    if len(names) == 1 and not model.several:  # thresholds are derived for one receiver
        found = signalling_thresholds_of(model, names[0], base, (axes[0][0], axes[0][-1]))
    return SignallingSweepResult(
        model, names, tuple(axes), steps, dict(base), tuple(points), found
    )


# -- explain ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignallingExplanation(Report):
    """Why each PBE is one: Bayes' rule, the receiver's comparisons, each type's incentive
    constraint and the Intuitive Criterion, with the numbers."""

    result: PBEResult

    def steps(self) -> list[tuple[str, ...]]:
        from negotiation.signalling.explain import explain_pbe

        return [explain_pbe(self.result.game, eq) for eq in self.result.equilibria]

    def text(self) -> str:
        count = len(self.result.equilibria)
        lines = [
            f"{self.result.game.title}: {count} perfect Bayesian "
            f"{'equilibrium' if count == 1 else 'equilibria'} (exact)"
        ]
        for number, steps in enumerate(self.steps(), 1):
            lines += ["", f"{number}. {steps[0]}", *(f"   {step}" for step in steps[1:])]
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {
            "form": "signalling",
            **self.result.to_json(),
            "explanations": [list(steps) for steps in self.steps()],
        }


def signalling_explain(
    model: SignallingModel, values: Mapping[str, Fraction]
) -> SignallingExplanation:
    """Explain every PBE at ``values``."""
    return SignallingExplanation(model.solve_at(values))
