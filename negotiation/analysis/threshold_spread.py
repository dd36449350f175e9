"""How far a threshold moves when the other parameters range over their plausible values.

An exact threshold (``drone_cost = 19/20``) is exact only at the values of the other
parameters it was computed at; those values are uncertain, so the threshold is too.  We draw
the other parameters uniformly over their declared ranges (`negotiation.robustness.draw_points`:
the same seed gives the same draws) and find, in each draw, *the same threshold*.

"The same threshold" is defined by what changes at it.  At the exact threshold a statement
about the equilibria flips, e.g. "Russia plays Hold in every equilibrium" is false just below
and true just above.  We take the first statement that flips (players and strategies in file
order; quantifiers "every", "none", "some", "no"; one that becomes true above first), and in
each draw look for the value of the parameter where that statement flips the same way.  When
no such statement flips, the statement is "the equilibria have the supports they have just
below".

Per draw, the method is:

1. Judge the statement on a grid of `GRID_POINTS` values spanning the parameter's range, all
   draws and grid points solved at once by the batch engine (`negotiation.batch.solve_batch`).
2. Among the grid steps where the statement flips the right way, keep the one nearest the
   exact threshold.  A draw with no such step has no such threshold in the range: the
   statement then holds throughout, or nowhere, or flips only the other way.
3. Bisect the step (`BISECTIONS` times, every draw at once) to a resolution of the range's
   width / ((`GRID_POINTS` - 1) * 2^`BISECTIONS`), far below the spread across draws.

Two flips closer than one grid step can be missed.  With three players or more the batch
engine finds pure equilibria only, so the statement is judged on pure equilibria, at the
exact threshold too, and the report says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from negotiation.batch import Outcome, solve_batch
from negotiation.claim_verdicts import holds_on_supports, statement
from negotiation.results import SolveResult
from negotiation.robustness import Proportion, draw_points, percent
from negotiation.scenario import QUANTIFIERS, Claim

if TYPE_CHECKING:
    from negotiation.analysis.threshold_results import Threshold, ThresholdResult
    from negotiation.scenario import Scenario

__all__ = [
    "BISECTIONS",
    "DEFAULT_SAMPLES",
    "GRID_POINTS",
    "ThresholdSpread",
    "threshold_spread",
    "with_spreads",
]

DEFAULT_SAMPLES = 500
GRID_POINTS = 65
BISECTIONS = 14  # a 65-point grid refined 2^14 times: 1e-6 of the range


@dataclass(frozen=True)
class ThresholdSpread:
    """Where one threshold lies across the plausible values of the other parameters.

    Attributes
    ----------
    statement : str
        What changes at the threshold: ``"Russia plays Hold in every equilibrium"``.
    becomes_true : bool
        Whether the statement becomes true (rather than false) as the parameter rises past it.
    values : numpy.ndarray
        The threshold in each draw, NaN where there is none in the range.
    median, low, high : float or None
        The median and the 5% and 95% quantiles over the draws that have the threshold.
    none : Proportion
        Draws without the threshold in the range.
    holds_throughout, fails_throughout : int
        Of those, the draws where the statement holds (fails) over the whole range.
    resolution : float
        How precisely each draw's threshold is located.
    pure_only : bool
        Three players or more: judged on pure equilibria.
    drawn : tuple of str
        The parameters drawn.
    seed : int
    """

    statement: str
    becomes_true: bool
    values: np.ndarray
    median: float | None
    low: float | None
    high: float | None
    none: Proportion
    holds_throughout: int
    fails_throughout: int
    resolution: float
    pure_only: bool
    drawn: tuple[str, ...]
    seed: int

    @property
    def none_share(self) -> float:
        return self.none.share

    @property
    def samples(self) -> int:
        return self.none.trials

    def text(self, parameter: str, value_text: str) -> str:
        """``Russia plays Hold in every equilibrium once drone_cost exceeds 19/20 here
        (between 0.4 and 2.1 in 90% of the plausible worlds that have it, ...)``."""
        if self.becomes_true:
            head = f"{self.statement} once {parameter} exceeds {value_text} at these values"
        else:
            head = f"{self.statement} only while {parameter} is below {value_text} at these values"
        count = self.samples
        if self.median is None:
            spread = "in none of them"
        else:
            spread = (
                f"between {self.low:.3g} and {self.high:.3g} in 90% of those that have it "
                f"(median {self.median:.3g})"
            )
        other = self.none.successes - self.holds_throughout - self.fails_throughout
        none = (
            f"none in the range in {percent(self.none.share)} (the statement true throughout "
            f"in {percent(self.holds_throughout / count)}, false throughout in "
            f"{percent(self.fails_throughout / count)}"
            + (f", flipping only the other way in {percent(other / count)}" if other else "")
            + ")"
        )
        note = "; pure equilibria only (three players)" if self.pure_only else ""
        return f"{head}; over {count:,} plausible worlds: {spread}; {none}{note}"

    def to_json(self) -> dict:
        return {
            "statement": self.statement,
            "becomes_true": self.becomes_true,
            "samples": self.samples,
            "seed": self.seed,
            "drawn": list(self.drawn),
            "median": self.median,
            "low": self.low,
            "high": self.high,
            "quantiles": [0.05, 0.5, 0.95],
            "none_share": self.none.share,
            "none": self.none.to_json(),
            "holds_throughout": self.holds_throughout,
            "fails_throughout": self.fails_throughout,
            "resolution": self.resolution,
            "pure_only": self.pure_only,
        }


def _statement(
    threshold: Threshold, pure_only: bool
) -> tuple[str, Callable[[Outcome], bool], bool] | None:
    """What flips at the threshold: its words, a test of an outcome, and whether it becomes
    true above; None when the two sides look the same (pure equilibria of 3+ players)."""
    game = threshold.below.game

    def supports(result: SolveResult) -> list:
        return [eq.support() for eq in result.equilibria if eq.pure or not pure_only]

    below, above = supports(threshold.below), supports(threshold.above)
    candidates = [
        Claim("", "", player, strategy, quantifier)
        for quantifier in QUANTIFIERS
        for player, labels in zip(game.players, game.strategies, strict=True)
        for strategy in labels
    ]
    flips = []
    for claim in candidates:
        before = holds_on_supports(claim, below, game.players, game.strategies)
        after = holds_on_supports(claim, above, game.players, game.strategies)
        if before != after:
            flips.append((not after, claim))
    if flips:
        _, claim = min(flips, key=lambda item: item[0])  # becoming true first, then file order
        after = holds_on_supports(claim, above, game.players, game.strategies)
        return (
            statement(claim),
            lambda outcome: holds_on_supports(claim, outcome, game.players, game.strategies),
            after,
        )
    target = sorted(below)
    if target == sorted(above):
        return None
    return (
        "the equilibria keep the supports they have just below",
        lambda outcome: sorted(outcome) == target,
        False,
    )


def threshold_spread(
    scenario: Scenario,
    parameter: str,
    threshold: Threshold,
    values: Mapping[str, Fraction],
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    fixed: Iterable[str] = (),
    within: tuple[Fraction, Fraction] | None = None,
) -> ThresholdSpread | None:
    """The threshold found again in each of ``samples`` draws of the other parameters.

    Parameters
    ----------
    scenario : Scenario
    parameter : str
    threshold : Threshold
        An exact threshold of ``parameter`` at ``values`` (from `thresholds`).
    values : mapping of str to Fraction
        The values it was computed at: those of the parameters not drawn.
    samples, seed :
        As for `negotiation.robustness.draw_points`.
    fixed : iterable of str
        Parameters kept at ``values`` (those the user set or a preset set), not drawn.
    within : (Fraction, Fraction), optional
        The range of ``parameter`` searched (default: its declared range).

    Returns
    -------
    ThresholdSpread or None
        None when no other parameter can be drawn, or when no statement about pure
        equilibria tells the two sides apart (three players or more).
    """
    spec = scenario.parameters[parameter]
    low, high = (spec.low, spec.high) if within is None else within
    fixed = set(fixed) | {parameter}
    others = [
        name
        for name, item in scenario.parameters.items()
        if name not in fixed and item.low < item.high
    ]
    pure_only = len(scenario.players) > 2
    found = _statement(threshold, pure_only)
    if not others or found is None or low >= high:
        return None
    words, test, becomes_true = found
    draws = draw_points(scenario, samples, seed=seed, vary=others, base=values)
    grid = np.linspace(float(low), float(high), GRID_POINTS)

    def judge(points: Mapping[str, np.ndarray]) -> np.ndarray:
        batch = solve_batch(scenario, points, base=values, keep_equilibria=False)
        verdict = np.array([test(outcome) for outcome in batch.outcomes], dtype=bool)
        return verdict[batch.outcome]

    points = {name: np.repeat(array, GRID_POINTS) for name, array in draws.items()}
    points[parameter] = np.tile(grid, samples)
    verdicts = judge(points).reshape(samples, GRID_POINTS)
    before, after = verdicts[:, :-1], verdicts[:, 1:]
    flips = (before != becomes_true) & (after == becomes_true)
    centres = (grid[:-1] + grid[1:]) / 2
    distance = np.where(flips, np.abs(centres - float(threshold.approx)), np.inf)
    step = np.argmin(distance, axis=1)
    has = np.isfinite(distance[np.arange(samples), step])
    rows = np.flatnonzero(has)
    lower, upper = grid[step[rows]], grid[step[rows] + 1]
    for _ in range(BISECTIONS):
        if not len(rows):
            break
        middle = (lower + upper) / 2
        at = {name: array[rows] for name, array in draws.items()}
        at[parameter] = middle
        reached = judge(at) == becomes_true
        upper = np.where(reached, middle, upper)
        lower = np.where(reached, lower, middle)
    located = np.full(samples, np.nan)
    located[rows] = (lower + upper) / 2
    median = low_q = high_q = None
    if len(rows):
        low_q, median, high_q = (float(q) for q in np.quantile(located[rows], [0.05, 0.5, 0.95]))
    missing = ~has
    return ThresholdSpread(
        statement=words,
        becomes_true=becomes_true,
        values=located,
        median=median,
        low=low_q,
        high=high_q,
        none=Proportion(int(missing.sum()), samples),
        holds_throughout=int((missing & verdicts.all(axis=1)).sum()),
        fails_throughout=int((missing & ~verdicts.any(axis=1)).sum()),
        resolution=float(high - low) / (GRID_POINTS - 1) / 2**BISECTIONS,
        pure_only=pure_only,
        drawn=tuple(others),
        seed=seed,
    )


def with_spreads(
    result: ThresholdResult,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    fixed: Sequence[str] = (),
) -> ThresholdResult:
    """``result`` with each threshold's `ThresholdSpread` (see the module notes)."""
    spreads = tuple(
        replace(
            threshold,
            spread=threshold_spread(
                result.scenario,
                result.parameter,
                threshold,
                result.values,
                samples=samples,
                seed=seed,
                fixed=fixed,
                within=(result.low, result.high),
            ),
        )
        for threshold in result.thresholds
    )
    return replace(result, thresholds=spreads)
