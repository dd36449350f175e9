"""How robust a model's conclusions are to its uncertain parameters: Monte Carlo over ranges.

Every parameter of a scenario comes with a plausible range.  A conclusion ("Russia holds in
every equilibrium") is only as good as the share of that range where it stays true, so we draw
parameters at random within their ranges, solve every draw with the batch engine
(`negotiation.batch`), and report:

- the share of draws in each equilibrium *outcome* (the set of equilibrium supports), with a
  95% Wilson score interval (Wilson 1927; Brown, Cai and DasGupta 2001 recommend it over the
  normal interval for shares near 0 or 1);
- the share of draws in which each claim of the scenario holds, judged by
  `negotiation.claim_verdicts`, the implementation `negotiation check` uses: the claim's
  presets and values applied on top of each draw (they override drawn values), and a claim
  with a ``when`` condition judged only on the draws that meet it.  With the defaults (every
  parameter drawn uniformly, no presets) the draws are those of ``negotiation check`` with the
  same seed and samples, so the two commands give the same claim shares;
- sensitivity: for each varied parameter, Spearman's rank correlation between the parameter
  and the indicator of the most common outcome, and the share of draws whose outcome changes
  when that parameter alone is drawn again (a first-order, one-at-a-time measure).

Draws are ``uniform`` on each range, or ``triangular`` from low to high peaked at the
parameter's value (after presets).  The same seed gives the same draws and the same report:
each parameter's re-draw has its own stream, spawned from the seed (`numpy.random.SeedSequence`).

Trees, bargains, repeated and signalling games hand over to one module
(`negotiation.analysis.form_robustness`): the same
draws, shares and report, with what the form calls an outcome (`RobustnessResult.form`).

With three players or more, the batch engine finds pure equilibria only: outcomes then concern
pure equilibria, and the report says so.  Claims are judged on every equilibrium the exact
solver reports, mixed ones included, as `negotiation.claim_verdicts` explains.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import IO

import numpy as np

from negotiation.batch import DEFAULT_TOL, Outcome, solve_batch
from negotiation.claim_verdicts import ClaimSolver, claim_test, fixed_key, statement
from negotiation.display import Report
from negotiation.errors import NegotiationError, ScenarioError
from negotiation.model import Claim
from negotiation.model import Model as Scenario  # the facade's name, kept for merges
from negotiation.provenance import provenance
from negotiation.values import closest

__all__ = [
    "DISTRIBUTIONS",
    "ClaimShare",
    "OutcomeShare",
    "Proportion",
    "RobustnessResult",
    "Sensitivity",
    "draw_points",
    "percent",
    "robustness",
    "solves_needed",
]

DISTRIBUTIONS = ("uniform", "triangular")
_Z95 = 1.959963984540054  # the 97.5% quantile of the standard normal


# The text report lists this many of the most common outcomes; the JSON and CSV list every one.
SHOWN_OUTCOMES = 12


@dataclass(frozen=True)
class Proportion:
    """``successes`` out of ``trials``, with its 95% Wilson score interval."""

    successes: int
    trials: int

    @property
    def share(self) -> float:
        return self.successes / self.trials if self.trials else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        """Wilson's interval: the shares ``p`` whose normal test does not reject the count.

        Examples
        --------
        >>> low, high = Proportion(0, 100).interval
        >>> (low, round(high, 4))
        (0.0, 0.037)
        """
        if not self.trials:
            return (0.0, 1.0)
        n, p, z2 = self.trials, self.share, _Z95**2
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = _Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
        low = 0.0 if self.successes == 0 else max(0.0, centre - half)
        high = 1.0 if self.successes == self.trials else min(1.0, centre + half)
        return (low, high)

    def to_json(self) -> dict:
        low, high = self.interval
        return {
            "count": self.successes,
            "share": self.share,
            "ci95": [low, high],
            "trials": self.trials,
        }

    def text(self) -> str:
        """``62.3% [61.4%, 63.3%]``."""
        low, high = self.interval
        return f"{percent(self.share)} [{percent(low)}, {percent(high)}]"


@dataclass(frozen=True)
class OutcomeShare:
    """One equilibrium outcome and the share of draws where it is the outcome."""

    label: str
    outcome: Outcome
    proportion: Proportion


@dataclass(frozen=True)
class ClaimShare:
    """One claim of the scenario and the share of draws where it holds."""

    claim: Claim
    proportion: Proportion


@dataclass(frozen=True)
class Sensitivity:
    """How much the outcome depends on one parameter.

    Attributes
    ----------
    parameter : str
    rank_correlation : float or None
        Spearman's correlation between the parameter and "the outcome is the most common
        one"; None where it is undefined (the parameter or the indicator is constant).
    changed : Proportion
        Draws whose outcome changes when this parameter alone is drawn again.
    """

    parameter: str
    rank_correlation: float | None
    changed: Proportion


@dataclass(frozen=True)
class RobustnessResult(Report):
    """The outcome shares, claim shares and sensitivities of one robustness run.

    ``draws`` and ``outcome`` keep every draw (for `write_csv`); ``labels[outcome[i]]`` is the
    outcome of draw ``i``.  ``provenance`` (toolkit, scenario file hash, the values not drawn)
    goes into `to_json`, as in every JSON output.
    """

    scenario: str
    title: str
    samples: int
    seed: int
    distribution: str
    vary: tuple[str, ...]
    ranges: Mapping[str, tuple[Fraction, Fraction]]
    presets: tuple[str, ...]
    outcomes: tuple[OutcomeShare, ...]
    claims: tuple[ClaimShare, ...]
    sensitivity: tuple[Sensitivity, ...]
    exact_points: int
    complete: bool
    draws: Mapping[str, np.ndarray]
    outcome: np.ndarray
    labels: tuple[str, ...]
    provenance: Mapping[str, object] = field(default_factory=dict)
    form: str = "normal"
    """The scenario's form: what an outcome is (`outcome_meaning`)."""

    @property
    def outcome_meaning(self) -> str:
        """What an outcome of this form is, in words."""
        from negotiation.analysis.form_robustness import OUTCOME_MEANINGS

        return {
            "normal": "the supports of the Nash equilibria",
            "extensive": "the subgame-perfect paths of play",
            **OUTCOME_MEANINGS,
        }[self.form]

    def to_json(self) -> dict:
        """``negotiation robustness --json``."""
        return {
            "scenario": self.scenario,
            "form": self.form,
            "outcome_meaning": self.outcome_meaning,
            "samples": self.samples,
            "seed": self.seed,
            "distribution": self.distribution,
            "vary": {
                name: [str(low), str(high)]
                for name, (low, high) in self.ranges.items()
                if name in self.vary
            },
            "presets": list(self.presets),
            "complete": self.complete,
            "exact_points": self.exact_points,
            "outcomes": [
                {"outcome": item.label, **item.proportion.to_json()} for item in self.outcomes
            ],
            "claims": [
                {
                    "text": item.claim.text,
                    "source": item.claim.source,
                    "statement": statement(item.claim),
                    "preset": list(item.claim.presets),
                    "set": {name: str(value) for name, value in item.claim.values.items()},
                    "when": None if item.claim.when is None else str(item.claim.when),
                    **item.proportion.to_json(),
                }
                for item in self.claims
            ],
            "sensitivity": [
                {
                    "parameter": item.parameter,
                    "rank_correlation": item.rank_correlation,
                    "changed_when_redrawn": item.changed.to_json(),
                }
                for item in self.sensitivity
            ],
            **self.provenance,
        }

    def text(self) -> str:
        """The report as text for the terminal."""
        from negotiation.text import table

        ranges = ", ".join(
            f"{name} [{self.ranges[name][0]}, {self.ranges[name][1]}]" for name in self.vary
        )
        shape = (
            "uniform on"
            if self.distribution == "uniform"
            else "triangular, peaked at the value, on"
        )
        lines = [
            f"Robustness of {self.title} ({self.scenario}): "
            f"{self.samples:,} draws, seed {self.seed}",
            f"Drawn ({shape} each range): {ranges}",
        ]
        if self.presets:
            lines.append(f"Presets applied first: {', '.join(self.presets)}")
        if not self.complete:
            lines.append(
                "Three players or more: outcomes concern pure equilibria; claims are judged on "
                "every equilibrium, as check judges them."
            )
        if self.form in ("normal", "extensive"):
            lines += ["", "Equilibrium outcomes (share of draws, 95% interval):"]
        else:
            lines += ["", f"Outcomes: {self.outcome_meaning} (share of draws, 95% interval):"]
        shown = self.outcomes[:SHOWN_OUTCOMES]
        lines.append(
            table(
                ["share", "outcome"],
                [[item.proportion.text(), item.label] for item in shown],
            )
        )
        if rarer := self.outcomes[SHOWN_OUTCOMES:]:
            rest = Proportion(sum(item.proportion.successes for item in rarer), self.samples)
            lines.append(
                f"  and {len(rarer):,} rarer outcomes, {rest.text()} of the draws together "
                "(every outcome: --json, --csv)"
            )
        if self.claims:
            lines += ["", "Claims (share of draws where the claim holds):"]
            lines.append(
                table(
                    ["holds in", "claim", "test"],
                    [
                        [item.proportion.text(), item.claim.text, claim_test(item.claim)]
                        for item in self.claims
                    ],
                )
            )
        if self.sensitivity:
            modal = self.outcomes[0].label if self.outcomes else ""
            lines += [
                "",
                "Sensitivity: rank correlation with the most common outcome",
                f"  ({modal}),",
                "and the share of draws whose outcome changes when the parameter alone is "
                "drawn again:",
            ]
            lines.append(
                table(
                    ["parameter", "rank correlation", "outcome changes"],
                    [
                        [
                            item.parameter,
                            "-"
                            if item.rank_correlation is None
                            else f"{item.rank_correlation:+.3f}",
                            item.changed.text(),
                        ]
                        for item in self.sensitivity
                    ],
                )
            )
        if self.form in ("normal", "extensive"):
            lines += [
                "",
                f"{self.exact_points:,} of the points solved were degenerate or nearly so and "
                "were solved exactly.",
            ]
        else:
            lines += ["", "Every draw was solved exactly."]
        return "\n".join(lines)

    def write_csv(self, handle: IO[str]) -> None:
        """One row per draw: the drawn values and the outcome."""
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["draw", *self.vary, "outcome"])
        columns = [self.draws[name].tolist() for name in self.vary]
        for index, code in enumerate(self.outcome.tolist()):
            writer.writerow(
                [index + 1, *(repr(column[index]) for column in columns), self.labels[code]]
            )


def percent(share: float) -> str:
    """A share in percent, as every report of shares shows it: within 1% of 0% or 100%, two
    significant digits of the distance (0.057%, 99.98%), so that a rare outcome is not shown
    as 0.1% or 100.0%."""
    value = 100 * share
    distance = min(value, 100 - value)
    places = 1 if distance == 0 or distance >= 1 else 1 - math.floor(math.log10(distance))
    return f"{value:.{min(places, 6)}f}%"


# -- drawing --------------------------------------------------------------------------------


def _varied(scenario: Scenario, vary: Iterable[str] | None) -> tuple[str, ...]:
    """The names to draw, in the scenario's order; all parameters with a range by default."""
    if vary is None:
        return tuple(
            name
            for name, parameter in scenario.parameters.items()
            if parameter.low < parameter.high
        )
    names = tuple(vary)
    known = tuple(scenario.parameters)
    for name in names:
        if name not in scenario.parameters:
            msg = (
                f"unknown parameter {name!r}{closest(name, known)}; parameters: {', '.join(known)}"
            )
            raise ScenarioError(msg, file=scenario.path, key="vary")
    if not names:
        msg = "nothing to vary: name at least one parameter"
        raise ScenarioError(msg, file=scenario.path, key="vary")
    return tuple(name for name in known if name in names)


def _streams(seed: int, scenario: Scenario) -> list[np.random.Generator]:
    """One generator for the draws, then one per parameter for its re-draw."""
    children = np.random.SeedSequence(seed).spawn(1 + len(scenario.parameters))
    return [np.random.default_rng(child) for child in children]


def _draw(
    scenario: Scenario,
    name: str,
    samples: int,
    dist: str,
    centre: Fraction,
    rng: np.random.Generator,
) -> np.ndarray:
    parameter = scenario.parameters[name]
    low, high = float(parameter.low), float(parameter.high)
    if low == high:
        return np.full(samples, low)
    if dist == "uniform":
        return rng.uniform(low, high, samples)
    if not parameter.low <= centre <= parameter.high:
        msg = (
            f"triangular draws peak at the value, but {name}={centre} lies outside its range "
            f"[{parameter.low}, {parameter.high}]"
        )
        raise NegotiationError(msg, file=scenario.path, key=f"parameters.{name}")
    return rng.triangular(low, float(centre), high, samples)


def draw_points(
    scenario: Scenario,
    samples: int,
    *,
    seed: int = 0,
    dist: str = "uniform",
    vary: Iterable[str] | None = None,
    base: Mapping[str, Fraction] | None = None,
) -> dict[str, np.ndarray]:
    """Random parameter values within their declared ranges.

    Parameters
    ----------
    scenario : Scenario
    samples : int
        Draws per parameter.
    seed : int
        Seed of `numpy.random.default_rng` streams: the same seed gives the same draws.
    dist : {"uniform", "triangular"}
        Uniform on ``[low, high]``, or triangular on it peaked at the value in ``base``.
    vary : iterable of str, optional
        Parameters to draw (default: every parameter whose range is not a single point).
    base : mapping of str to Fraction, optional
        Values of the others and the triangular peaks (default: the baseline).

    Returns
    -------
    dict of str to numpy.ndarray
        One float array of length ``samples`` per drawn parameter, in the scenario's order.

    Examples
    --------
    >>> from negotiation.scenario import load_scenario
    >>> draws = draw_points(load_scenario("tests/data/scenarios/stag-hunt.toml"), 3, seed=1)
    >>> sorted(draws), all(3 <= value <= 10 for value in draws["stag"])
    (['hare', 'stag'], True)
    """
    if dist not in DISTRIBUTIONS:
        msg = f"unknown distribution {dist!r}; choose one of {', '.join(DISTRIBUTIONS)}"
        raise NegotiationError(msg)
    if samples < 1:
        msg = f"the number of samples must be positive, got {samples}"
        raise NegotiationError(msg)
    values = scenario.baseline() if base is None else dict(base)
    rng = _streams(seed, scenario)[0]
    return {
        name: _draw(scenario, name, samples, dist, values[name], rng)
        for name in _varied(scenario, vary)
    }


# -- the analysis ---------------------------------------------------------------------------


def solves_needed(scenario: Scenario, samples: int, vary: Iterable[str] | None = None) -> int:
    """How many points `robustness` solves: for a progress bar's length."""
    names = _varied(scenario, vary)
    conditions = {fixed_key(claim) for claim in scenario.claims} - {((), ())}
    return samples * (1 + len(names) + len(conditions))


def sensitivities(
    model: Scenario,
    names: Sequence[str],
    draws: Mapping[str, np.ndarray],
    base: Mapping[str, Fraction],
    dist: str,
    streams: Sequence[np.random.Generator],
    modal: np.ndarray,
    changed: Callable[[Mapping[str, np.ndarray]], np.ndarray],
) -> tuple[Sensitivity, ...]:
    """Each varied parameter's influence, most influential first: its rank correlation with
    the modal outcome, and the share of draws whose outcome ``changed`` when it alone is
    drawn again (from its own stream, so the same seed gives the same answer).  Every form
    says what a changed outcome is."""
    found = []
    for name in names:
        index = list(model.parameters).index(name)
        redrawn = dict(draws)
        redrawn[name] = _draw(model, name, len(modal), dist, base[name], streams[1 + index])
        found.append(
            Sensitivity(
                name,
                _rank_correlation(draws[name], modal),
                Proportion(int(changed(redrawn).sum()), len(modal)),
            )
        )
    found.sort(key=lambda item: (-item.changed.share, item.parameter))
    return tuple(found)


def robustness(
    scenario: Scenario,
    samples: int = 10_000,
    *,
    seed: int = 0,
    dist: str = "uniform",
    vary: Iterable[str] | None = None,
    presets: Sequence[str] = (),
    overrides: Mapping[str, object] | None = None,
    tol: float = DEFAULT_TOL,
    progress: Callable[[int], None] | None = None,
) -> RobustnessResult:
    """Draw parameters, solve every draw, and report outcome and claim shares and sensitivity.

    Parameters
    ----------
    scenario : Scenario
    samples : int
        Number of draws.
    seed, dist, vary :
        As for `draw_points`.
    presets, overrides :
        Applied first, as by `Scenario.values`: the values of the parameters not drawn, and
        the peaks of triangular draws.
    tol : float
        As for `negotiation.batch.solve_batch`.
    progress : callable, optional
        Called with the number of points solved as the work goes on; `solves_needed` gives the
        total.

    Returns
    -------
    RobustnessResult

    Raises
    ------
    NegotiationError
        For an unknown parameter, preset or distribution, or a triangular peak outside its
        range.

    Examples
    --------
    >>> from negotiation.scenario import load_scenario
    >>> result = robustness(load_scenario("tests/data/scenarios/stag-hunt.toml"), 1000, seed=1)
    >>> [round(item.proportion.share, 3) for item in result.claims]
    [1.0, 1.0]
    """
    base = scenario.values(presets, overrides)
    if scenario.form != "normal":  # a tree, a bargain, a repeated or a signalling game
        from negotiation.analysis.form_robustness import form_robustness

        return form_robustness(
            scenario,
            samples,
            seed=seed,
            dist=dist,
            vary=vary,
            base=base,
            presets=presets,
            progress=progress,
        )
    names = _varied(scenario, vary)
    draws = draw_points(scenario, samples, seed=seed, dist=dist, vary=names, base=base)
    streams = _streams(seed, scenario)
    main = solve_batch(
        scenario, draws, base=base, tol=tol, keep_equilibria=False, progress=progress
    )
    outcome = main.outcome
    exact_points = int(main.exact.sum())
    counts = np.bincount(outcome, minlength=len(main.outcomes))
    order = sorted(range(len(main.outcomes)), key=lambda code: (-counts[code], main.labels[code]))
    outcomes = tuple(
        OutcomeShare(
            main.labels[code], main.outcomes[code], Proportion(int(counts[code]), samples)
        )
        for code in order
        if counts[code]
    )

    claims = []
    solver = ClaimSolver(scenario, draws, base, samples=samples, tol=tol, progress=progress)
    solver.remember(outcome, main.outcomes, exact_points)
    for claim in scenario.claims:
        verdicts = solver.verdicts(claim)
        claims.append(ClaimShare(claim, Proportion(verdicts.successes, verdicts.trials)))
    exact_points = solver.exact_points()

    def changed(redrawn: Mapping[str, np.ndarray]) -> np.ndarray:
        nonlocal exact_points
        again = solve_batch(
            scenario, redrawn, base=base, tol=tol, keep_equilibria=False, progress=progress
        )
        exact_points += int(again.exact.sum())
        return ~_same_outcome(main.outcomes, outcome, again.outcomes, again.outcome)

    sensitivity = sensitivities(
        scenario, names, draws, base, dist, streams, outcome == order[0], changed
    )
    return RobustnessResult(
        scenario=scenario.id,
        title=scenario.title,
        samples=samples,
        seed=seed,
        distribution=dist,
        vary=names,
        ranges={
            name: (parameter.low, parameter.high)
            for name, parameter in scenario.parameters.items()
        },
        presets=tuple(presets),
        outcomes=outcomes,
        claims=tuple(claims),
        sensitivity=sensitivity,
        exact_points=exact_points,
        complete=main.complete,
        draws=draws,
        outcome=outcome,
        labels=main.labels,
        provenance=provenance(scenario, base),
    )


def _same_outcome(
    outcomes: Sequence[Outcome],
    codes: np.ndarray,
    others: Sequence[Outcome],
    other_codes: np.ndarray,
) -> np.ndarray:
    """Whether each draw has the same outcome in two runs (their codes differ)."""
    index = {outcome: code for code, outcome in enumerate(outcomes)}
    translated = np.array([index.get(outcome, -1) for outcome in others], dtype=np.intp)
    return translated[other_codes] == codes


def _average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks from 1, ties sharing the average of their ranks (as Spearman's rho needs)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(values)]
    group = np.repeat(np.arange(len(starts)), ends - starts)
    ranks = np.empty(len(values))
    ranks[order] = ((starts + ends - 1) / 2 + 1)[group]
    return ranks


def _rank_correlation(values: np.ndarray, indicator: np.ndarray) -> float | None:
    """Spearman's rho: Pearson's correlation of the ranks (an indicator's ranks are an affine
    function of it, so the indicator itself serves)."""
    ranks = _average_ranks(values)
    flags = indicator.astype(float)
    if ranks.std() == 0 or flags.std() == 0:
        return None
    return float(np.corrcoef(ranks, flags)[0, 1])
