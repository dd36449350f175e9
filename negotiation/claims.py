"""Checking a scenario's claims: how solid each of the report's stylised facts is in the model.

A claim ("Russia plays Hold in every equilibrium") is tested over the plausible worlds the
scenario declares, not at hand-picked points: every parameter the claim does not fix itself
(by its presets and ``set`` values) is drawn uniformly over its declared range, with seeded
random draws (`negotiation.robustness.draw_points`, the draws of ``negotiation robustness``),
and the claim is judged at every draw by `negotiation.claim_verdicts`.  The report gives, per
claim:

- the share of draws in which it holds, with its 95% Wilson interval
  (`negotiation.robustness.Proportion`), against the share the claim declares (``share``,
  9/10 by default: "holds in at least 90% of plausible worlds").  The claim *holds* when the
  measured share is at least the declared one; a claim declaring ``share = 1`` must also hold
  at every corner checked.  A conditional claim (``when``) is judged only on the draws that
  meet its condition, and the report says how many did;
- the exact verdict at the claim's own values (the exact solver, as the model's baseline);
- the corners of the box of drawn ranges, where extreme combinations live that random draws
  rarely reach: all of them when at most `ALL_CORNERS_UP_TO` parameters are drawn, otherwise
  `CORNER_SAMPLE` corners drawn at random from the seed.  They are reported beside the share,
  not mixed into it: corners are not a random sample of plausible worlds;
- where it fails: for each drawn parameter, the failure rate among the judged draws in the
  upper half of its range minus that in the lower half.  A parameter whose value does not
  matter has a difference near 0; one past whose threshold the claim fails has a large one,
  its sign saying on which side.  The measure needs no monotonicity or linearity, and is
  kept only when it exceeds three standard errors (a guard against chance when twenty
  parameters are compared).  For the most influential parameters, the exact thresholds
  (`negotiation.analysis.thresholds`) at the claim's values say past which values the claim
  fails there.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import product

import numpy as np

from negotiation.claim_verdicts import (
    EXACT_CAP,
    ClaimSolver,
    ClaimVerdicts,
    claim_holds,
    claim_test,
    holds_on_supports,
    statement,
)
from negotiation.display import Report
from negotiation.model import Claim
from negotiation.model import Model as Scenario
from negotiation.results import SolveResult
from negotiation.robustness import Proportion, draw_points, percent

__all__ = [
    "ALL_CORNERS_UP_TO",
    "CORNER_SAMPLE",
    "DEFAULT_SAMPLES",
    "ClaimCheck",
    "ClaimsReport",
    "Corners",
    "FailureFactor",
    "check_claim",
    "check_claims",
    "claim_holds",
    "holds_on_supports",
    "statement",
]

DEFAULT_SAMPLES = 2000  # a 95% interval of about +-1.3% at a share of 0.9
ALL_CORNERS_UP_TO = 6  # 64 corners
CORNER_SAMPLE = 64
SHOWN_FACTORS = 3  # parameters named under "fails where"
THRESHOLD_FACTORS = 2  # of which this many get their exact thresholds
_NOISE = 3.0  # standard errors a failure-rate difference must exceed to be reported
SCAN_POINTS = 129  # the scan that locates a failing interval before its exact bounds
SCAN_POINTS_MANY = 33  # the same with three players or more, where scan points may be solved
# exactly (`negotiation.claim_verdicts`)
_CORNER_STREAM = 0xC0  # the corners' random stream, apart from the draws'


@dataclass(frozen=True)
class Corners:
    """The corners of the box of drawn ranges where the claim was tested.

    ``checked`` counts the corners judged (those meeting the claim's condition), ``failed``
    those where it fails, ``total`` the box's corners (2 to the number of drawn parameters;
    0 when the claim fixes every parameter),
    ``sampled`` whether ``checked`` is a random sample of them; ``first_failure`` gives the
    values at the first failing corner.
    """

    checked: int
    failed: int
    total: int
    sampled: bool
    first_failure: Mapping[str, Fraction] | None

    def to_json(self) -> dict:
        return {
            "checked": self.checked,
            "failed": self.failed,
            "of": self.total,
            "sampled": self.sampled,
            "first_failure": None
            if self.first_failure is None
            else {name: str(value) for name, value in self.first_failure.items()},
        }

    def text(self) -> str:
        """``fails at 3 of 64 corners (a seeded sample of 2,097,152)``."""
        scope = f" (a seeded sample of {self.total:,})" if self.sampled else ""
        if not self.total:
            return "none: the claim fixes every parameter"
        if not self.checked:
            return "no corner meets the condition"
        if not self.failed:
            every = "its one corner" if self.checked == 1 else f"all {self.checked} corners"
            return f"holds at {every}{scope}"
        return f"fails at {self.failed} of {self.checked} corners{scope}"


@dataclass(frozen=True)
class FailureFactor:
    """How much one drawn parameter matters for the claim's failures.

    Attributes
    ----------
    parameter : str
    lower, upper : Proportion
        Failures among the judged draws with the parameter in the lower (upper) half of its
        range.
    difference : float
        ``upper.share - lower.share``: positive when the claim fails more at high values.
    failing : tuple of (low, high)
        Where the claim fails at the claim's own values as this parameter alone moves over
        its range: open intervals with exact ends (Fractions, or algebraic numbers), from the
        exact thresholds; None when not computed.
    """

    parameter: str
    lower: Proportion
    upper: Proportion
    difference: float
    failing: tuple[tuple, ...] | None = None

    def text(self, low: Fraction, high: Fraction) -> str:
        """``c_ties < 26/5 (5.2) (fails in 41% of draws in the lower half, 3% in the upper)``."""
        side = "upper" if self.difference > 0 else "lower"
        other = "lower" if side == "upper" else "upper"
        rates = (self.upper, self.lower) if side == "upper" else (self.lower, self.upper)
        shares = (
            f"fails in {percent(rates[0].share)} of draws in the {side} half of "
            f"[{low}, {high}], {percent(rates[1].share)} in the {other}"
        )
        name = self.parameter
        if self.failing is None:
            return f"{name} {'high' if side == 'upper' else 'low'} ({shares})"
        if not self.failing:
            where = "high" if side == "upper" else "low"
            return f"{name} {where} ({shares}; no threshold at the claim's values)"
        parts = [_interval_text(name, piece, low, high) for piece in self.failing]
        return f"{' or '.join(parts)} ({shares})"

    def to_json(self) -> dict:
        return {
            "parameter": self.parameter,
            "lower_half": self.lower.to_json(),
            "upper_half": self.upper.to_json(),
            "difference": self.difference,
            "fails_at_claim_values": None
            if self.failing is None
            else [
                {
                    "low": _exact(low),
                    "high": _exact(high),
                    "low_float": float(low),
                    "high_float": float(high),
                }
                for low, high in self.failing
            ],
        }


def _declared(share: Fraction) -> str:
    """A declared share in percent as written: ``90%``, ``97.5%``."""
    return f"{float(share) * 100:g}%"


def _exact(value: object) -> str:
    from negotiation.analysis.threshold_results import exact_text

    return exact_text(value)


def _interval_text(name: str, piece: tuple, low: Fraction, high: Fraction) -> str:
    """A failing interval as an inequality: ``c_ties < 26/5 (5.2)``, ``2 < x < 3``.  What
    happens at the threshold itself (often a tie) is left out: a single value."""

    def shown(value: object) -> str:
        text = _exact(value)
        approx = f"{float(value):.3g}"
        return text if text == approx else f"{text} ({approx})"

    start, stop = piece
    at_low, at_high = start == low, stop == high
    if at_low and at_high:
        return f"{name} anywhere in its range"
    if at_low:
        return f"{name} < {shown(stop)}"
    if at_high:
        return f"{name} > {shown(start)}"
    return f"{shown(start)} < {name} < {shown(stop)}"


@dataclass(frozen=True)
class ClaimCheck:
    """The verdict on one claim over the plausible worlds, with its baseline and failures.

    Attributes
    ----------
    claim : Claim
    proportion : Proportion
        Draws where the claim holds, out of the draws judged.
    samples : int
        Draws made.
    verdicts : ClaimVerdicts
        Per draw; ``verdicts.met`` counts the draws meeting the condition.
    drawn : tuple of str
        The parameters drawn (those the claim does not fix).
    values : mapping of str to Fraction
        The claim's own values: baseline, then its presets and ``set``.
    result : SolveResult
        The exact solve at ``values``.
    baseline_holds : bool
        The claim's statement there.
    baseline_met : bool or None
        Whether ``values`` meet the claim's condition (None without one).
    corners : Corners
    factors : tuple of FailureFactor
        The parameters that matter most for failure, most influential first.
    """

    claim: Claim
    proportion: Proportion
    samples: int
    verdicts: ClaimVerdicts
    drawn: tuple[str, ...]
    values: Mapping[str, Fraction]
    result: SolveResult
    baseline_holds: bool
    baseline_met: bool | None
    corners: Corners
    factors: tuple[FailureFactor, ...]

    @property
    def holds(self) -> bool:
        """The measured share reaches the declared one (and, for a share of 1, every corner
        holds)."""
        reached = self.proportion.trials > 0 and self.proportion.share >= self.claim.share
        return reached and (self.claim.share < 1 or self.corners.failed == 0)

    def verdict_line(self) -> str:
        """``[holds 97.3% (96.5-98.0%) >= 90%] SF1: ...``."""
        low, high = self.proportion.interval
        word, sign = ("holds", ">=") if self.holds else ("FAILS", "<")
        if not self.holds and self.proportion.share >= self.claim.share:
            sign = ">= (but a corner fails)"  # a share of 1 needs every corner too
        measured = (
            f"{percent(self.proportion.share)} ({percent(low)[:-1]}-{percent(high)})"
            if self.proportion.trials
            else "no draw judged"
        )
        return f"[{word} {measured} {sign} {_declared(self.claim.share)}] {self.claim.text}"

    def to_json(self) -> dict:
        claim = self.claim
        return {
            "text": claim.text,
            "source": claim.source,
            "holds": self.holds,
            "statement": statement(claim),
            "preset": list(claim.presets),
            "set": {name: str(value) for name, value in claim.values.items()},
            "when": None if claim.when is None else str(claim.when),
            "share": str(claim.share),
            "measured": self.proportion.to_json(),
            "samples": self.samples,
            "met_condition": int(self.verdicts.met.sum()),
            "judged_prefix": self.verdicts.prefix,
            "method": self.verdicts.method,
            "exact_solves": self.verdicts.exact_solves,
            "drawn": list(self.drawn),
            "baseline": {"holds": self.baseline_holds, "condition_met": self.baseline_met},
            "corners": self.corners.to_json(),
            "fails_where": [factor.to_json() for factor in self.factors],
            "values": {name: str(value) for name, value in self.values.items()},
            # the form's solution: equilibria, and a tree's subgame-perfect ones beside them
            **{
                key: value
                for key, value in self.result.to_json().items()
                if key
                in (
                    "equilibria",
                    "subgame_perfect",
                    "degenerate",
                    "method",
                    "complete",
                    "components",
                )
            },
        }

    def text_lines(self, scenario: Scenario) -> list[str]:
        """The claim's block: verdict line first, then baseline, failures, corners."""
        from negotiation.text import equilibria_text

        claim, verdicts = self.claim, self.verdicts
        lines = [self.verdict_line(), f"  source: {claim.source}", f"  test: {claim_test(claim)}"]
        if verdicts.prefix < self.samples:
            tested = (
                f"  tested on the first {verdicts.prefix:,} of {self.samples:,} draws (exact "
                f"solves capped at {EXACT_CAP:,} per claim)"
            )
        else:
            tested = f"  tested on {self.samples:,} draws"
        if claim.when is not None:
            tested += f", the {self.proportion.trials:,} of them that meet {claim.when}"
        lines.append(tested)
        if verdicts.method == "batch+exact":
            lines.append(
                "  three players or more: pure equilibria from the batch engine, the "
                f"{verdicts.exact_solves:,} draws they did not decide solved exactly "
                "(mixed equilibria included)"
            )
        elif verdicts.method == "batch" and len(scenario.player_names) > 2:
            lines.append(
                "  three players or more, a game too large for mixed equilibria: judged on "
                "pure equilibria, all the exact solver reports too"
            )
        base = "holds" if self.baseline_holds else "FAILS"
        if self.baseline_met is False:
            base += f" (but the claim's values do not meet {claim.when})"
        lines.append(f"  baseline: {base} (exact, at the claim's values)")
        lines.append(f"  corners: {self.corners.text()}")
        if self.factors:
            ranges = scenario.parameters
            shown = [
                factor.text(ranges[factor.parameter].low, ranges[factor.parameter].high)
                for factor in self.factors
            ]
            lines.append("  fails where: " + shown[0])
            lines += [f"               {item}" for item in shown[1:]]
        elif self.proportion.successes < self.proportion.trials:
            lines.append("  fails where: no parameter stands out (failures spread evenly)")
        shown = (
            equilibria_text(self.result)
            if isinstance(self.result, SolveResult)
            else self.result.text()
        )
        lines += ["  " + line for line in shown.splitlines()]
        return lines


def _corners(
    scenario: Scenario, names: tuple[str, ...], seed: int
) -> tuple[dict[str, np.ndarray], int, bool]:
    """The corners of the drawn box as exact values: all, or a seeded sample."""
    total = 2 ** len(names)
    if len(names) <= ALL_CORNERS_UP_TO:
        choices = np.array(list(product((0, 1), repeat=len(names))), dtype=np.intp)
        sampled = False
    else:
        rng = np.random.default_rng([seed, _CORNER_STREAM])
        choices = np.unique(rng.integers(0, 2, (CORNER_SAMPLE, len(names))), axis=0)
        sampled = True
    corners = {}
    for column, name in enumerate(names):
        parameter = scenario.parameters[name]
        ends = np.array([parameter.low, parameter.high], dtype=object)
        corners[name] = ends[choices[:, column]] if len(choices) else ends[:0]
    return corners, total, sampled


def _check_corners(scenario: Scenario, claim: Claim, names: tuple[str, ...], seed: int) -> Corners:
    if not names:
        return Corners(0, 0, 0, False, None)
    corners, total, sampled = _corners(scenario, names, seed)
    verdicts = ClaimSolver(scenario, corners, scenario.baseline()).verdicts(claim)
    failed = np.flatnonzero(verdicts.judged & ~verdicts.holds)
    first = None
    if len(failed):
        first = {name: corners[name][failed[0]] for name in names}
    return Corners(verdicts.trials, len(failed), total, sampled, first)


def _factors(
    scenario: Scenario,
    claim: Claim,
    verdicts: ClaimVerdicts,
    free: Mapping[str, np.ndarray],
    values: Mapping[str, Fraction],
    cache: dict,
) -> tuple[FailureFactor, ...]:
    """The drawn parameters whose halves differ most in failure rate (see the module notes),
    the most influential with their exact failing intervals at the claim's values."""
    judged = verdicts.judged
    fails = judged & ~verdicts.holds
    total, failures = int(judged.sum()), int(fails.sum())
    if not failures:
        return ()
    pooled = failures / total
    found = []
    for name, array in free.items():
        parameter = scenario.parameters[name]
        if parameter.low == parameter.high:
            continue
        upper = np.asarray(array, dtype=float) >= float(parameter.low + parameter.high) / 2
        lower_p = Proportion(int((fails & ~upper).sum()), int((judged & ~upper).sum()))
        upper_p = Proportion(int((fails & upper).sum()), int((judged & upper).sum()))
        if not lower_p.trials or not upper_p.trials:
            continue
        difference = upper_p.share - lower_p.share
        noise = math.sqrt(pooled * (1 - pooled) * (1 / lower_p.trials + 1 / upper_p.trials))
        if abs(difference) > _NOISE * noise:
            found.append(FailureFactor(name, lower_p, upper_p, difference))
    found.sort(key=lambda factor: (-abs(factor.difference), factor.parameter))
    shown = []
    for rank, factor in enumerate(found[:SHOWN_FACTORS]):
        if rank < THRESHOLD_FACTORS and scenario.form == "normal":
            failing = _failing_intervals(scenario, claim, factor.parameter, values, cache)
            factor = FailureFactor(
                factor.parameter, factor.lower, factor.upper, factor.difference, failing
            )
        shown.append(factor)
    return tuple(shown)


def _failing_intervals(
    scenario: Scenario,
    claim: Claim,
    name: str,
    values: Mapping[str, Fraction],
    cache: dict,
) -> tuple[tuple, ...] | None:
    """Where the claim fails as ``name`` alone moves over its range, the others at ``values``,
    as merged intervals with exact ends.

    The claim is judged on a scan of `SCAN_POINTS` values (`SCAN_POINTS_MANY` with three
    players or more) by `ClaimSolver`, which is cheap, and the
    exact threshold analysis (`negotiation.analysis.thresholds`) runs only between two
    neighbouring values whose verdicts differ, which costs a fraction of an analysis of the
    whole range.  A failing window narrower than the scan's step can be missed.
    """
    from negotiation.analysis.thresholds import thresholds
    from negotiation.errors import NegotiationError

    parameter = scenario.parameters[name]
    count = SCAN_POINTS if len(scenario.player_names) == 2 else SCAN_POINTS_MANY
    scan = [
        parameter.low + (parameter.high - parameter.low) * k / (count - 1) for k in range(count)
    ]
    grid = {name: np.array(scan, dtype=object)}
    verdicts = ClaimSolver(scenario, grid, values, samples=count).verdicts(claim)
    if verdicts.prefix < count:  # the exact-solve cap was reached: no complete scan
        return None
    holds = verdicts.holds.tolist()
    regions: list[tuple] = []  # (low, high, holds)
    start = 0
    for index in range(count - 1):
        if holds[index] == holds[index + 1]:
            continue
        regions.append((scan[start], scan[index], holds[index]))
        key = (name, scan[index], tuple(sorted(values.items())))
        if key not in cache:
            try:
                cache[key] = thresholds(scenario, name, values, within=scan[index : index + 2])
            except NegotiationError:
                cache[key] = None
        if cache[key] is None:
            return None
        regions += [
            (region.low, region.high, claim_holds(claim, region.result))
            for region in cache[key].regions
        ]
        start = index + 1
    regions.append((scan[start], scan[-1], holds[-1]))
    pieces: list[list] = []
    for low, high, held in regions:
        if held or low >= high:  # a single value (a knife edge) is not a region
            continue
        if pieces and pieces[-1][1] == low:
            pieces[-1][1] = high
        else:
            pieces.append([low, high])
    return tuple(tuple(piece) for piece in pieces)


def check_claim(
    scenario: Scenario,
    claim: Claim,
    samples: int = DEFAULT_SAMPLES,
    *,
    seed: int = 0,
    solver: ClaimSolver | None = None,
    cache: dict | None = None,
) -> ClaimCheck:
    """Test one claim over the plausible worlds (see the module notes).

    Parameters
    ----------
    scenario : Scenario
    claim : Claim
    samples : int
        Random draws of the parameters the claim does not fix.
    seed : int
        The same seed gives the same draws (those of ``negotiation robustness``) and corners.
    solver : ClaimSolver, optional
        Shared between the claims of one scenario, so that claims with the same presets and
        values share their solves; made from ``samples`` and ``seed`` when not given.
    cache : dict, optional
        Exact threshold analyses already made, shared between claims.

    Returns
    -------
    ClaimCheck
    """
    if solver is None:
        draws = draw_points(scenario, samples, seed=seed)
        solver = ClaimSolver(scenario, draws, scenario.baseline(), samples=samples)
    # The claim's own values may lie outside the plausible ranges on purpose (SF4: "zero the
    # ties cost"): they are the claim's point, so no RangeWarning.
    values, free = solver.values(claim)
    verdicts = solver.verdicts(claim)
    result = scenario.solve_at(values)
    met = None
    if claim.when is not None:
        from negotiation.formulas import evaluate_terms

        met = bool(claim.when.holds(evaluate_terms(scenario.terms, values)))
    drawn = tuple(
        name for name in free if scenario.parameters[name].low < scenario.parameters[name].high
    )
    return ClaimCheck(
        claim=claim,
        proportion=Proportion(verdicts.successes, verdicts.trials),
        samples=solver.samples,
        verdicts=verdicts,
        drawn=drawn,
        values=values,
        result=result,
        baseline_holds=scenario.claim_holds(claim, result),
        baseline_met=met,
        corners=_check_corners(scenario, claim, drawn, seed),
        factors=_factors(scenario, claim, verdicts, free, values, {} if cache is None else cache),
    )


@dataclass(frozen=True)
class ClaimsReport(Report):
    """The verdicts on all of a scenario's claims, in file order; iterates over them."""

    scenario: Scenario
    checks: tuple[ClaimCheck, ...]
    samples: int = DEFAULT_SAMPLES
    seed: int = 0

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
            "samples": self.samples,
            "seed": self.seed,
            "claims": [item.to_json() for item in self.checks],
            "all_hold": self.all_hold,
            **provenance(self.scenario, self.scenario.baseline()),
        }

    def text(self) -> str:
        """One block per claim, the verdict line first."""
        lines = [
            f"{self.scenario.title} ({self.scenario.id}): {len(self.checks)} claims, each "
            f"tested on {self.samples:,} random draws (seed {self.seed}) of the parameters it "
            "does not fix, over their declared ranges, and at the corners of that box"
        ]
        for item in self.checks:
            lines += ["", *item.text_lines(self.scenario)]
        held = sum(item.holds for item in self.checks)
        lines += [
            "",
            f"{held} of {len(self.checks)} claims hold in at least their declared share of draws.",
        ]
        return "\n".join(lines)

    def markdown(self) -> str:
        """A table: verdict with the measured share, claim, its test and source."""
        rows = ["| | claim | test | source |", "|---|---|---|---|"]
        for item in self.checks:
            low, high = item.proportion.interval
            verdict = "holds" if item.holds else "**FAILS**"
            cells = (
                f"{verdict} {percent(item.proportion.share)} "
                f"({percent(low)[:-1]}-{percent(high)}) vs {_declared(item.claim.share)}",
                item.claim.text,
                claim_test(item.claim),
                item.claim.source,
            )
            rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
        head = f"### {self.scenario.title}: {sum(c.holds for c in self.checks)} of "
        return head + f"{len(self.checks)} claims hold\n\n" + "\n".join(rows) + "\n"

    def __repr__(self) -> str:
        held = sum(item.holds for item in self.checks)
        return f"<ClaimsReport {self.scenario.id!r}: {held} of {len(self.checks)} claims hold>"


def check_claims(
    scenario: Scenario,
    samples: int = DEFAULT_SAMPLES,
    *,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> ClaimsReport:
    """Every claim of the scenario, in file order, over the same draws.

    ``progress(1)`` is called after each claim (a progress bar on the command line).

    Examples
    --------
    >>> from negotiation.scenario import load_scenario
    >>> report = check_claims(load_scenario("prisoners-dilemma"), 500, seed=1)
    >>> [(item.holds, item.proportion.share) for item in report][:1]
    [(True, 1.0)]
    """
    draws = draw_points(scenario, samples, seed=seed)
    solver = ClaimSolver(scenario, draws, scenario.baseline(), samples=samples)
    cache: dict = {}
    checks = []
    for claim in scenario.claims:
        checks.append(check_claim(scenario, claim, samples, seed=seed, solver=solver, cache=cache))
        if progress is not None:
            progress(1)
    return ClaimsReport(scenario, tuple(checks), samples, seed)
