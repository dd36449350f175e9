"""Checking a scenario's claims: the report's stylised facts against the model's equilibria.

A claim holds when its statement is true at every point checked: the values the claim sets,
and, for each parameter it lists under ``vary``, five points of that parameter's plausible range
(low, value, high and the midpoints between).  Two-player equilibria are the extreme ones; a
statement "plays s with probability one" or "never uses s" is true of a whole component of
equilibria exactly when it is true of its vertices, so checking the vertices is enough.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import product

from negotiation.display import Report
from negotiation.forms.normal import claim_holds, holds_on_supports
from negotiation.model import Claim, RangeWarning
from negotiation.model import Model as Scenario  # the facade's name, kept for merges
from negotiation.results import SolveResult

# What a claim means in a matrix game lives with that form; these names stay importable here.
__all__ = [
    "ClaimCheck",
    "ClaimsReport",
    "check_claim",
    "check_claims",
    "claim_holds",
    "holds_on_supports",
    "statement",
]


@dataclass(frozen=True)
class ClaimCheck:
    """The verdict on one claim, with the equilibria behind it.

    ``result`` is the solve at the first point where the claim fails, or at the claim's own
    values when it holds everywhere.
    """

    claim: Claim
    holds: bool
    points_checked: int
    values: Mapping[str, Fraction]
    result: SolveResult

    def to_json(self) -> dict:
        return {
            "text": self.claim.text,
            "source": self.claim.source,
            "holds": self.holds,
            "statement": statement(self.claim),
            "preset": list(self.claim.presets),
            "set": {name: str(value) for name, value in self.claim.values.items()},
            "vary": list(self.claim.vary),
            "points_checked": self.points_checked,
            "values": {name: str(value) for name, value in self.values.items()},
            # the form's solution: equilibria, and a tree's subgame-perfect ones beside them
            **{
                key: value
                for key, value in self.result.to_json().items()
                if key in ("equilibria", "subgame_perfect")
            },
        }


def statement(claim: Claim) -> str:
    """The claim's test in words: ``Russia plays Hold in every equilibrium``."""
    return claim.words()


def grid(scenario: Scenario, names: tuple[str, ...], values: Mapping[str, Fraction]) -> list:
    """Five points per varied parameter: its range's ends, the value, and the midpoints."""
    axes = []
    for name in names:
        parameter = scenario.parameters[name]
        centre = values[name]
        points = {
            parameter.low,
            (parameter.low + centre) / 2,
            centre,
            (centre + parameter.high) / 2,
            parameter.high,
        }
        axes.append(sorted(points))
    return [dict(zip(names, point, strict=True)) for point in product(*axes)]


# From this many points on, a claim's grid goes to the form's batch engine (`Model.claim_verdicts`:
# a matrix game's equilibrium supports, a tree's backward induction), which decides as the exact
# solver would (points floats cannot decide go to it) in a fraction of the time.
BATCH_FROM = 16


def check_claim(scenario: Scenario, claim: Claim) -> ClaimCheck:
    """Evaluate one claim over its points: the claim's own values first, then its grid.

    ``points_checked`` counts the points up to the first where the claim fails, or all of
    them; ``result`` is the exact solve there, or at the claim's own values.
    """
    with warnings.catch_warnings():
        # A claim may set a counterfactual outside the plausible range on purpose (SF4: "zero
        # the ties cost"); that is the claim's point, not the analyst's slip.
        warnings.simplefilter("ignore", RangeWarning)
        values = scenario.values(claim.presets, claim.values)
    points = [values, *({**values, **change} for change in grid(scenario, claim.vary, values))]
    verdicts = scenario.claim_verdicts(claim, points) if len(points) >= BATCH_FROM else None
    if verdicts is not None:
        failed = next((k for k, holds in enumerate(verdicts) if not holds), None)
        at = values if failed is None else points[failed]
        result = scenario.solve_at(at)
        if failed is None:
            return ClaimCheck(claim, True, len(points), values, result)
        return ClaimCheck(claim, False, failed + 1, at, result)
    first = None
    for count, point in enumerate(points, start=1):
        result = scenario.solve_at(point)
        first = first or result
        if not scenario.claim_holds(claim, result):
            return ClaimCheck(claim, False, count, point, result)
    return ClaimCheck(claim, True, len(points), values, first)


@dataclass(frozen=True)
class ClaimsReport(Report):
    """The verdicts on all of a scenario's claims, in file order; iterates over them."""

    scenario: Scenario
    checks: tuple[ClaimCheck, ...]

    @property
    def all_hold(self) -> bool:
        return all(item.holds for item in self.checks)

    def __iter__(self) -> Iterator[ClaimCheck]:
        return iter(self.checks)

    def __len__(self) -> int:
        return len(self.checks)

    def __getitem__(self, index: int) -> ClaimCheck:
        return self.checks[index]

    def to_json(self) -> dict:
        """``negotiation check --json``: the verdicts, and provenance at the baseline."""
        from negotiation.provenance import provenance

        return {
            "scenario": self.scenario.id,
            "claims": [item.to_json() for item in self.checks],
            "all_hold": self.all_hold,
            **provenance(self.scenario, self.scenario.baseline()),
        }

    def text(self) -> str:
        """Each claim with its source, its test in words, the verdict and the equilibria."""
        lines = [f"{self.scenario.title} ({self.scenario.id}): {len(self.checks)} claims"]
        for item in self.checks:
            lines += ["", f"[{'holds' if item.holds else 'FAILS'}] {item.claim.text}"]
            lines.append(f"  source: {item.claim.source}")
            conditions = _conditions(item)
            lines.append(
                f"  test: {statement(item.claim)}"
                + (f" ({'; '.join(conditions)})" if conditions else "")
            )
            if not item.holds:
                shown = ", ".join(f"{name}={value}" for name, value in item.values.items())
                lines.append(f"  fails at: {shown}")
            lines += ["  " + line for line in item.result.text().splitlines()]
        failed = sum(not item.holds for item in self.checks)
        lines += ["", f"{len(self.checks) - failed} of {len(self.checks)} claims hold."]
        return "\n".join(lines)

    def markdown(self) -> str:
        """A table: verdict, claim, its test and source."""
        rows = ["| | claim | test | source |", "|---|---|---|---|"]
        for item in self.checks:
            conditions = _conditions(item)
            test = statement(item.claim) + (f" ({'; '.join(conditions)})" if conditions else "")
            cells = (
                "holds" if item.holds else "**FAILS**",
                item.claim.text,
                test,
                item.claim.source,
            )
            rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
        head = f"### {self.scenario.title}: {sum(c.holds for c in self.checks)} of "
        return head + f"{len(self.checks)} claims hold\n\n" + "\n".join(rows) + "\n"

    def __repr__(self) -> str:
        held = sum(item.holds for item in self.checks)
        return f"<ClaimsReport {self.scenario.id!r}: {held} of {len(self.checks)} claims hold>"


def _conditions(item: ClaimCheck) -> list[str]:
    """Where a claim is tested: its presets, its values, the parameters it varies."""
    conditions = []
    if item.claim.presets:
        conditions.append("preset " + ", ".join(item.claim.presets))
    if item.claim.values:
        conditions.append(
            ", ".join(f"{name}={value}" for name, value in item.claim.values.items())
        )
    if item.claim.vary:
        conditions.append(
            f"across the ranges of {', '.join(item.claim.vary)} "
            f"({item.points_checked} points checked)"
        )
    return conditions


def check_claims(scenario: Scenario) -> ClaimsReport:
    """Every claim of the scenario, in file order."""
    return ClaimsReport(scenario, tuple(check_claim(scenario, claim) for claim in scenario.claims))
