"""The share of plausible worlds in which each claim of a scenario holds, `when` honoured.

A claim asserts its statement in at least ``claim.share`` of the worlds drawn uniformly over
the declared ranges of every parameter it does not fix (its presets and ``set`` fix some);
a conditional claim (``when``) asserts it only of the worlds that meet its condition, so its
share is measured among those.  This is what ``negotiation check`` will measure once claims
are checked over random draws; until then, the Idlib tests and
``benchmarks/idlib_claims.py`` use this.

With three players the batch engine finds pure equilibria only, so a three-player claim is
judged on pure equilibria (as ``negotiation robustness`` does).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from negotiation.batch import solve_batch
from negotiation.claims import holds_on_supports
from negotiation.scenario import Claim, RangeWarning, Scenario


@dataclass(frozen=True)
class Share:
    claim: Claim
    holds: int  # draws, among those meeting the condition, where the statement holds
    worlds: int  # draws meeting the condition (all draws for an unconditional claim)

    @property
    def share(self) -> float:
        return self.holds / self.worlds if self.worlds else float("nan")


def claim_share(scenario: Scenario, claim: Claim, samples: int, seed: int) -> Share:
    """Draw every parameter the claim does not fix, uniformly on its range, and count."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RangeWarning)  # counterfactual presets (no-ties)
        fixed_values = scenario.values(claim.presets, claim.values)
    fixed = set(claim.values)
    for name in claim.presets:
        fixed |= set(scenario.presets[name].values)
    rng = np.random.default_rng(seed)
    draws = {
        name: rng.uniform(float(p.low), float(p.high), samples)
        for name, p in scenario.parameters.items()
        if name not in fixed and p.low < p.high
    }
    every = {
        name: draws.get(name, np.full(samples, float(fixed_values[name])))
        for name in scenario.parameters
    }
    mask = np.ones(samples, dtype=bool)
    if claim.when is not None:
        scope = dict(every)
        for name, expr in scenario.terms.items():  # a condition may name a term
            scope[name] = expr.evaluate(scope)
        mask = np.asarray(claim.when.holds(scope), dtype=bool) & mask
    if not mask.any():
        return Share(claim, 0, 0)
    points = {name: array[mask] for name, array in draws.items()}
    batch = solve_batch(scenario, points, base=fixed_values, keep_equilibria=False)
    verdict = np.array(
        [
            holds_on_supports(claim, outcome, scenario.player_names, scenario.strategies)
            for outcome in batch.outcomes
        ]
    )
    return Share(claim, int(verdict[batch.outcome].sum()), int(mask.sum()))


def claim_shares(scenario: Scenario, samples: int = 20_000, seed: int = 0) -> list[Share]:
    """Every claim's share, in file order; each claim draws from its own stream."""
    return [
        claim_share(scenario, claim, samples, seed + index)
        for index, claim in enumerate(scenario.claims)
    ]


def declared(claim: Claim) -> Fraction:
    return claim.share
