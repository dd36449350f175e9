"""Whether a claim holds: at one solve, and at each of many parameter points at once.

This is the one implementation of "does claim X hold at draw k" that `negotiation check`
(`negotiation.claims`) and `negotiation robustness` share, so that the two commands give the
same share for the same claim, seed and number of draws.

A claim is judged at a point after applying its presets, then its ``set`` values, on top of
the point: the parameters they name are *fixed* by the claim and are not drawn.  A claim with
a ``when`` condition is judged only at the points that meet it (the condition is evaluated
after the claim's presets and values, terms included).

The points are solved by the batch engine (`negotiation.batch.solve_batch`), which gives the
equilibrium supports, all a claim needs (`holds_on_supports`), exactly as the exact solver
would for two players.  With three players or more the batch engine finds pure equilibria
only, while the exact solver also finds the mixed ones of small games
(`negotiation.solvers.SUPPORT_ENUMERATION_MAX_EFFORT`).  Pure equilibria alone often settle a
claim: a pure equilibrium that breaks "every", "none" or "no", or one that makes "some" true,
is an equilibrium of the exact list too.  The other points ("undecided") are solved exactly, in
draw order, up to `EXACT_CAP` new exact solves per claim (claims with the same presets and
values share them); past the cap the claim is judged on the longest prefix of the draws whose
undecided points were all solved exactly.  A prefix of
independent draws is itself a random sample, so the share stays unbiased; only the number of
draws judged shrinks, and the report says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from negotiation.forms.normal import claim_holds, holds_on_supports
from negotiation.model import Claim
from negotiation.model import Model as Scenario
from negotiation.results import SolveResult

__all__ = [
    "EXACT_CAP",
    "ClaimSolver",
    "ClaimVerdicts",
    "claim_holds",
    "claim_test",
    "claim_values",
    "fixed_key",
    "holds_on_supports",
    "statement",
]

# Three players or more: at most this many exact solves (about 6 ms each for a 2x2x2 game)
# per claim, so that `check` on a small three-player model stays within seconds; past it the
# claim is judged on a prefix of the draws (see the module notes).
EXACT_CAP = 250


def statement(claim: Claim) -> str:
    """The claim's test in words: ``Russia plays Hold in every equilibrium``."""
    return claim.words()


def claim_test(claim: Claim) -> str:
    """The statement with where it is tested: ``... (preset drones; c_ties=5; when x > 1)``."""
    conditions = []
    if claim.presets:
        conditions.append("preset " + ", ".join(claim.presets))
    if claim.values:
        conditions.append(", ".join(f"{name}={value}" for name, value in claim.values.items()))
    if claim.when is not None:
        conditions.append(f"when {claim.when}")
    return statement(claim) + (f" ({'; '.join(conditions)})" if conditions else "")


def claim_values(
    scenario: Scenario, claim: Claim, base: Mapping[str, Fraction]
) -> tuple[dict[str, Fraction], frozenset[str]]:
    """``base`` with the claim's presets then values applied, and the names they fix."""
    values = dict(base)
    fixed = set(claim.values)
    for name in claim.presets:
        values.update(scenario.presets[name].values)
        fixed.update(scenario.presets[name].values)
    values.update(claim.values)
    return values, frozenset(fixed)


@dataclass(frozen=True)
class ClaimVerdicts:
    """A claim's verdict at every draw.

    Attributes
    ----------
    holds : numpy.ndarray of bool
        Whether the statement is true at each draw (meaningful where ``judged``).
    met : numpy.ndarray of bool
        Whether each draw meets the claim's ``when`` condition (all true without one).
    judged : numpy.ndarray of bool
        The draws the claim is judged on: those meeting the condition, within the prefix of
        ``prefix`` draws (all of them unless the exact-solve cap was reached).
    prefix : int
        How many draws, from the first, the verdicts cover.
    method : str
        ``"batch"`` (two players, or a game whose exact solver finds pure equilibria only),
        ``"batch+exact"`` (three players or more: pure equilibria from the batch engine, the
        undecided draws solved exactly), or ``"exact"`` (the claim fixes every drawn parameter:
        one exact solve).
    exact_solves : int
        Draws solved by the exact solver because pure equilibria did not decide the claim.
    exact_points : int
        Draws the batch engine itself sent to the exact solver (degenerate or nearly so).
    """

    holds: np.ndarray
    met: np.ndarray
    judged: np.ndarray
    prefix: int
    method: str
    exact_solves: int
    exact_points: int

    @property
    def successes(self) -> int:
        return int((self.holds & self.judged).sum())

    @property
    def trials(self) -> int:
        return int(self.judged.sum())


@dataclass
class _Solved:
    """One claim condition's batch solve, and the exact solves made so far (by draw)."""

    codes: np.ndarray
    outcomes: tuple
    exact_points: int
    exact: dict[int, SolveResult]


class ClaimSolver:
    """Judges claims at the same draws, solving each set of fixed values once.

    Claims with the same presets and values share one batch solve (and, for three players,
    the exact solves already made).

    Parameters
    ----------
    scenario : Scenario
    draws : mapping of str to numpy.ndarray
        Equal-length arrays of parameter values (floats or exact values); the claims' presets
        and values override them.
    base : mapping of str to Fraction
        Values of the parameters not drawn.
    samples : int, optional
        The number of draws (needed only when ``draws`` is empty).
    tol : float
        As for `negotiation.batch.solve_batch`.
    exact_cap : int
        Three players or more: exact solves per claim at most (see the module notes).
    progress : callable, optional
        Called with the number of points solved, as `solve_batch` calls it.
    """

    def __init__(
        self,
        scenario: Scenario,
        draws: Mapping[str, np.ndarray],
        base: Mapping[str, Fraction],
        *,
        samples: int | None = None,
        tol: float | None = None,
        exact_cap: int = EXACT_CAP,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        from negotiation.batch import DEFAULT_TOL

        self.scenario = scenario
        self.draws = dict(draws)
        self.base = dict(base)
        if samples is None:
            samples = len(next(iter(draws.values()))) if draws else 1
        self.samples = samples
        self.tol = DEFAULT_TOL if tol is None else tol
        self.exact_cap = exact_cap
        self.progress = progress
        self._solved: dict[tuple, _Solved] = {}

    def remember(self, codes: np.ndarray, outcomes: tuple, exact: int) -> None:
        """Reuse a batch solve of the draws already made at ``base`` (robustness's main run):
        the claims without presets or values are judged on it."""
        self._solved[((), ())] = _Solved(codes, outcomes, exact, {})

    def exact_points(self) -> int:
        """Points the batch engine sent to the exact solver (degenerate or nearly so), over
        every batch solve so far; the exact solves of undecided three-player draws are
        counted per claim, in `ClaimVerdicts.exact_solves`."""
        return sum(solved.exact_points for solved in self._solved.values())

    def values(self, claim: Claim) -> tuple[dict[str, Fraction], dict[str, np.ndarray]]:
        """The claim's fixed values, and the draws of the parameters it leaves free."""
        values, fixed = claim_values(self.scenario, claim, self.base)
        return values, {name: array for name, array in self.draws.items() if name not in fixed}

    def verdicts(self, claim: Claim) -> ClaimVerdicts:
        """Whether ``claim`` holds at each draw (see the module notes)."""
        if self.scenario.form != "normal":
            return self._form_verdicts(claim)
        from negotiation.solvers import (
            SUPPORT_ENUMERATION_MAX_EFFORT,
            solve,
            support_enumeration_effort,
        )

        values, free = self.values(claim)
        solved = self._solve(claim, values, free)
        scenario = self.scenario
        pure_verdict = np.array(
            [
                holds_on_supports(claim, outcome, scenario.player_names, scenario.strategies)
                for outcome in solved.outcomes
            ],
            dtype=bool,
        )
        holds = pure_verdict[solved.codes]
        met = self._met(claim, values, free)
        shape = tuple(len(labels) for labels in scenario.strategies)
        mixed_possible = (
            len(shape) > 2
            and bool(free)
            and support_enumeration_effort(shape) <= SUPPORT_ENUMERATION_MAX_EFFORT
        )
        if not mixed_possible:
            method = "batch" if free else "exact"
            return ClaimVerdicts(
                holds, met, met.copy(), self.samples, method, 0, solved.exact_points
            )
        # Pure equilibria settle "every"/"none"/"no" when the statement already fails on
        # them (for "every": because some pure equilibrium does not play the strategy, not
        # because there is none), and "some" when it already holds; the rest may turn on a
        # mixed equilibrium.
        if claim.quantifier == "some":
            undecided = met & ~holds
        elif claim.quantifier == "every":
            none_pure = np.array([not outcome for outcome in solved.outcomes], dtype=bool)
            undecided = met & (holds | none_pure[solved.codes])
        else:
            undecided = met & holds
        pending = np.flatnonzero(undecided)
        new = [int(k) for k in pending if int(k) not in solved.exact]
        for point in new[: self.exact_cap]:
            at = {**values, **{name: _exact(array[point]) for name, array in free.items()}}
            solved.exact[point] = solve(scenario.game(at))
        prefix = self.samples
        unsolved = [int(k) for k in pending if int(k) not in solved.exact]
        if unsolved:
            prefix = unsolved[0]
        for point in pending[pending < prefix]:
            holds[point] = claim_holds(claim, solved.exact[int(point)])
        judged = met & (np.arange(self.samples) < prefix)
        solves = int((pending < prefix).sum())
        return ClaimVerdicts(
            holds, met, judged, prefix, "batch+exact", solves, solved.exact_points
        )

    def _form_verdicts(self, claim: Claim) -> ClaimVerdicts:
        """A game of another form (a tree): the form's batch engine judges the draws
        (`Model.claim_verdicts`, e.g. batch backward induction), or, where it has none for
        this claim, the form's exact solver at each draw that meets the condition."""
        values, free = self.values(claim)
        met = self._met(claim, values, free)
        model = self.scenario
        if not free:  # the claim fixes every drawn parameter: one game
            held = model.claim_holds(claim, model.solve_at(values))
            holds = np.full(self.samples, held, dtype=bool)
            return ClaimVerdicts(holds, met, met.copy(), self.samples, "exact", 1, 0)
        points = [
            {**values, **{name: _exact(array[k]) for name, array in free.items()}}
            for k in range(self.samples)
        ]
        found = model.claim_verdicts(claim, points)
        if found is not None:
            holds = np.array(found, dtype=bool)
            return ClaimVerdicts(holds, met, met.copy(), self.samples, "batch", 0, 0)
        holds = np.zeros(self.samples, dtype=bool)
        for k in np.flatnonzero(met):
            holds[k] = model.claim_holds(claim, model.solve_at(points[int(k)]))
        return ClaimVerdicts(holds, met, met.copy(), self.samples, "exact", int(met.sum()), 0)

    def _solve(
        self, claim: Claim, values: Mapping[str, Fraction], free: Mapping[str, np.ndarray]
    ) -> _Solved:
        key = fixed_key(claim)
        if key in self._solved:
            return self._solved[key]
        if not free:  # the claim fixes every drawn parameter: one game
            from negotiation.batch import result_outcome
            from negotiation.solvers import solve

            result = solve(self.scenario.game(values))
            solved = _Solved(
                np.zeros(self.samples, dtype=np.intp), (result_outcome(result),), 0, {}
            )
            if self.progress is not None:
                self.progress(self.samples)
        else:
            from negotiation.batch import solve_batch

            batch = solve_batch(
                self.scenario,
                free,
                base=values,
                tol=self.tol,
                keep_equilibria=False,
                progress=self.progress,
            )
            solved = _Solved(batch.outcome, batch.outcomes, int(batch.exact.sum()), {})
        self._solved[key] = solved
        return solved

    def _met(
        self, claim: Claim, values: Mapping[str, Fraction], free: Mapping[str, np.ndarray]
    ) -> np.ndarray:
        """Whether each draw meets the claim's condition, terms evaluated first."""
        if claim.when is None:
            return np.ones(self.samples, dtype=bool)
        from negotiation.formulas import evaluate_terms

        scope: dict = {name: float(value) for name, value in values.items()}
        scope.update({name: np.asarray(array, dtype=float) for name, array in free.items()})
        verdict = claim.when.holds(evaluate_terms(self.scenario.terms, scope))
        return np.broadcast_to(np.asarray(verdict, dtype=bool), (self.samples,)).copy()


def fixed_key(claim: Claim) -> tuple:
    """What the claim fixes: claims with the same key share their solves."""
    return (claim.presets, tuple(sorted(claim.values.items())))


def _exact(value: object) -> Fraction:
    """A drawn value exactly: a float is its binary value, as the batch engine reads it."""
    return value if isinstance(value, Fraction) else Fraction(float(value))
