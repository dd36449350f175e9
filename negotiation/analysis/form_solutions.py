"""``whatif``, ``thresholds`` and ``sweep`` for forms whose answer is a set of named
solutions rather than equilibria: a bargain (the Fearon range, Rubinstein's split, the
axiomatic solutions) and a repeated game (critical discount factors).

Written once against two hooks of such a form's model (`BargainingModel`, `RepeatedModel`):

* ``solutions(result)``: the answer as flat named exact strings (``"nash.Turkey": "3/8"``),
  which what-ifs compare and sweeps tabulate;
* ``threshold_candidates(values, parameter, symbol)``: ``(what, formula, level, state)``
  tuples (`Candidate`), formulas in the parameter
  whose crossing of a level may change the answer (a share crossing a level, the range
  emptying, the Nash solution reaching a vertex of the frontier, a critical delta crossing the
  scenario's delta), built by the kernels' own arithmetic on sympy symbols.  Their roots
  (`negotiation.crossings.crossings`) are exact; each is kept only if solving the model on
  either side of it (at the midpoints to the neighbouring candidates) shows the change.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from negotiation.display import Report
from negotiation.errors import NegotiationError
from negotiation.model import Model
from negotiation.values import parameter_range


@dataclass(frozen=True)
class Candidate:
    """A formula in one parameter whose crossing of ``level`` may change the answer;
    ``state`` reads, from a solved result, which side of the crossing the model is on."""

    what: str
    formula: Any
    level: Any
    state: Callable[[Any], Hashable]


@dataclass(frozen=True)
class FormWhatIf(Report):
    """The solutions before and after a change, and which of them changed."""

    scenario_id: str
    baseline_values: dict[str, Fraction]
    changed_values: dict[str, Fraction]
    before: Any
    after: Any
    changes: tuple[tuple[str, str | None, str | None], ...]
    provenance: dict = field(default_factory=dict)

    def change_text(self) -> str:
        moved = [
            f"{name} from {self.baseline_values[name]} to {value}"
            for name, value in self.changed_values.items()
            if self.baseline_values[name] != value
        ]
        return ", ".join(moved) or "no parameter changes"

    def text(self) -> str:
        lines = [f"What if {self.change_text()}?", "", "Before:", self.before.text(), ""]
        lines += ["After:", self.after.text(), ""]
        if not self.changes:
            lines.append("Nothing changes in the solutions.")
        else:
            lines.append("What changed:")
            lines += [f"  {name}: {old} -> {new}" for name, old, new in self.changes]
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {
            "change": self.change_text(),
            "before": self.before.to_json(),
            "after": self.after.to_json(),
            "changes": [
                {"solution": name, "before": old, "after": new} for name, old, new in self.changes
            ],
            "baseline_values": {k: str(v) for k, v in self.baseline_values.items()},
            **self.provenance,
        }


@dataclass(frozen=True)
class FormThreshold:
    """An exact value of the parameter where the answer changes, and the answer either side."""

    value: Any
    what: str
    below: Mapping[str, str | None]
    above: Mapping[str, str | None]

    def changes(self) -> list[tuple[str, str | None, str | None]]:
        return [
            (name, self.below.get(name), self.above.get(name))
            for name in dict.fromkeys([*self.below, *self.above])
            if self.below.get(name) != self.above.get(name)
        ]


@dataclass(frozen=True)
class FormThresholds(Report):
    """The thresholds of one parameter over its range, each checked by solving either side."""

    scenario_id: str
    parameter: str
    low: Fraction
    high: Fraction
    thresholds: tuple[FormThreshold, ...]
    provenance: dict = field(default_factory=dict)

    def text(self) -> str:
        lines = [f"Thresholds of {self.parameter} in [{self.low}, {self.high}] (exact)"]
        if not self.thresholds:
            lines.append("  none: the answer keeps its shape over the whole range")
        for threshold in self.thresholds:
            lines.append(f"  {self.parameter} = {threshold.value}: {threshold.what}")
            lines += [
                f"    {name}: {old} below, {new} above" for name, old, new in threshold.changes()
            ]
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {
            "parameter": self.parameter,
            "range": [str(self.low), str(self.high)],
            "thresholds": [
                {
                    "value": str(threshold.value),
                    "decimal": float(threshold.value),
                    "what": threshold.what,
                    "below": dict(threshold.below),
                    "above": dict(threshold.above),
                }
                for threshold in self.thresholds
            ],
            **self.provenance,
        }


@dataclass(frozen=True)
class FormSweep(Report):
    """The solutions at each point of a grid of one or two parameters."""

    scenario_id: str
    names: tuple[str, ...]
    rows: tuple[tuple[dict[str, Fraction], dict[str, str | None]], ...]
    provenance: dict = field(default_factory=dict)

    def columns(self) -> list[str]:
        return list(dict.fromkeys(key for _, solutions in self.rows for key in solutions))

    def text(self) -> str:
        from negotiation.text import table

        columns = self.columns()
        body = [
            [*(str(point[name]) for name in self.names), *(str(found.get(c)) for c in columns)]
            for point, found in self.rows
        ]
        return table([*self.names, *columns], body)

    def to_csv(self) -> str:
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        columns = self.columns()
        writer.writerow([*self.names, *columns])
        for point, found in self.rows:
            writer.writerow(
                [*(str(point[name]) for name in self.names)]
                + ["" if found.get(c) is None else found.get(c) for c in columns]
            )
        return out.getvalue()

    def to_json(self) -> dict:
        return {
            "parameters": list(self.names),
            "points": [
                {"values": {name: str(point[name]) for name in self.names}, "solutions": found}
                for point, found in self.rows
            ],
            **self.provenance,
        }

    def plot(self, path: str | None = None):
        msg = "plots of a bargain's or a repeated game's sweep are not built yet: use --csv"
        raise NegotiationError(msg)


def _provenance(model: Model, values: Mapping[str, Fraction]) -> dict:
    from negotiation.provenance import provenance

    return provenance(model, values)


def whatif_form(
    model: Model,
    baseline_values: Mapping[str, Fraction],
    changed_values: Mapping[str, Fraction],
) -> FormWhatIf:
    """Solve before and after; list every named solution that moved."""
    before, after = model.solve_at(baseline_values), model.solve_at(changed_values)
    old, new = model.solutions(before), model.solutions(after)
    changes = tuple(
        (name, old.get(name), new.get(name))
        for name in dict.fromkeys([*old, *new])
        if old.get(name) != new.get(name)
    )
    return FormWhatIf(
        model.id,
        dict(baseline_values),
        dict(changed_values),
        before,
        after,
        changes,
        _provenance(model, changed_values),
    )


def thresholds_form(
    model: Model,
    parameter: str,
    values: Mapping[str, Fraction],
    within: tuple[Fraction, Fraction] | None = None,
) -> FormThresholds:
    """Every exact value of ``parameter`` in its range at which the answer changes."""
    import sympy

    low, high = parameter_range(model, parameter, within)
    symbol = sympy.Symbol(parameter)
    found: dict[Any, list[Candidate]] = {}
    for what, formula, level, state in model.threshold_candidates(values, parameter, symbol):
        candidate = Candidate(what, formula, level, state)
        try:
            roots = crossings_in(candidate, symbol, low, high)
        except (ValueError, TypeError, NotImplementedError):
            continue  # the formula equals the level on an interval, or sympy cannot say
        for root in roots:
            found.setdefault(root, []).append(candidate)
    ordered = sorted(found, key=float)
    thresholds = []
    for index, root in enumerate(ordered):
        if root in (low, high):
            continue
        left = ordered[index - 1] if index else low
        right = ordered[index + 1] if index + 1 < len(ordered) else high
        below_at, above_at = _midpoint(left, root), _midpoint(root, right)
        below = model.solve_at({**values, parameter: below_at})
        above = model.solve_at({**values, parameter: above_at})
        moved = [c.what for c in found[root] if c.state(below) != c.state(above)]
        if moved:
            thresholds.append(
                FormThreshold(
                    _exact(root),
                    "; ".join(dict.fromkeys(moved)),
                    model.solutions(below),
                    model.solutions(above),
                )
            )
    return FormThresholds(
        model.id, parameter, low, high, tuple(thresholds), _provenance(model, values)
    )


def crossings_in(candidate: Candidate, symbol: Any, low: Fraction, high: Fraction) -> tuple:
    from negotiation.crossings import crossings

    return crossings(candidate.formula, symbol, candidate.level, low, high)


def _exact(value: Any) -> Any:
    """A rational root as a Fraction; an algebraic one stays a sympy number."""
    if getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    return value


def _midpoint(left: Any, right: Any) -> Fraction:
    """A rational point strictly between two (possibly algebraic) numbers."""
    left, right = _rational_near(left, "up"), _rational_near(right, "down")
    return (left + right) / 2


def _rational_near(value: Any, side: str) -> Fraction:
    if isinstance(value, Fraction):
        return value
    exact = _exact(value)
    if isinstance(exact, Fraction):
        return exact
    import sympy

    approx = Fraction(str(sympy.N(value, 30)))
    return approx + (Fraction(1, 10**25) if side == "up" else -Fraction(1, 10**25))


def sweep_form(
    model: Model,
    names: Sequence[str],
    grid: Sequence[Mapping[str, Fraction]],
    base: Mapping[str, Fraction],
) -> FormSweep:
    """Solve at each grid point; tabulate the named solutions."""
    rows = tuple(
        (dict(point), model.solutions(model.solve_at({**base, **point}))) for point in grid
    )
    return FormSweep(model.id, tuple(names), rows, _provenance(model, base))


@dataclass(frozen=True)
class FormExplanation(Report):
    """The kernels' step-by-step derivation of a bargain's or a repeated game's answer."""

    result: Any
    provenance: dict = field(default_factory=dict)

    def text(self) -> str:
        return self.result.explain()

    def to_json(self) -> dict:
        return {"steps": self.result.explain().split("\n"), **self.result.to_json()}


def explain_form(model: Model, values: Mapping[str, Fraction]) -> FormExplanation:
    return FormExplanation(model.solve_at(values), _provenance(model, values))


def export_form(model: Model, fmt: str, values: Mapping[str, Fraction]) -> str:
    """``negotiation export`` of a bargain or a repeated game: ``json`` (the scenario at the
    values with its solved answer), ``markdown`` or ``latex`` (the answer's tables); for a
    repeated game ``nfg`` and ``efg`` write its stage game."""
    import json

    where = _provenance(model, values)
    result = model.solve_at(values)
    if fmt == "json":
        return json.dumps({**model.to_json(values), **result.to_json(), **where}, indent=2) + "\n"
    if fmt in ("markdown", "latex"):
        from negotiation.export import report_document

        return report_document(result, fmt, where)
    if fmt in ("nfg", "efg") and hasattr(model, "stage"):
        from negotiation.export import export_document

        if fmt == "nfg":
            return export_document(model.stage(values), "nfg", where, None, values)
        from negotiation.extensive.describe import normal_form_tree
        from negotiation.extensive.efg import write_efg

        return write_efg(normal_form_tree(model.stage(values)))
    msg = f"a {model.form} scenario exports as json, markdown or latex, not {fmt}"
    raise NegotiationError(msg, file=model.path)
