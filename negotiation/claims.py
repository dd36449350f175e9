"""Checking a scenario's claims: the report's stylised facts against the model's equilibria.

A claim holds when its statement is true at every point checked: the values the claim sets,
and, for each parameter it lists under ``vary``, five points of that parameter's plausible range
(low, value, high and the midpoints between).  Two-player equilibria are the extreme ones; a
statement "plays s with probability one" or "never uses s" is true of a whole component of
equilibria exactly when it is true of its vertices, so checking the vertices is enough.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import product

from negotiation.results import SolveResult
from negotiation.scenario import Claim, RangeWarning, Scenario
from negotiation.solvers import solve


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
            "equilibria": self.result.to_json()["equilibria"],
        }


def statement(claim: Claim) -> str:
    """The claim's test in words: ``Russia plays Hold in every equilibrium``."""
    if claim.quantifier == "none":
        return f"{claim.player} uses {claim.strategy} in no equilibrium"
    if claim.quantifier == "no":
        return f"{claim.player} plays {claim.strategy} for sure in no equilibrium"
    return f"{claim.player} plays {claim.strategy} in {claim.quantifier} equilibrium"


def claim_holds(claim: Claim, result: SolveResult) -> bool:
    """Whether the claim's statement is true of these equilibria."""
    player = result.game.players.index(claim.player)
    strategy = result.game.strategies[player].index(claim.strategy)
    probabilities = [equilibrium.profile[player][strategy] for equilibrium in result.equilibria]
    if claim.quantifier == "every":
        return bool(probabilities) and all(p == 1 for p in probabilities)
    if claim.quantifier == "some":
        return any(p == 1 for p in probabilities)
    if claim.quantifier == "no":
        return all(p != 1 for p in probabilities)
    return all(p == 0 for p in probabilities)


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


def check_claim(scenario: Scenario, claim: Claim) -> ClaimCheck:
    """Evaluate one claim over its points; stop at the first point where it fails."""
    with warnings.catch_warnings():
        # A claim may set a counterfactual outside the plausible range on purpose (SF4: "zero
        # the ties cost"); that is the claim's point, not the analyst's slip.
        warnings.simplefilter("ignore", RangeWarning)
        values = scenario.values(claim.presets, claim.values)
    first = None
    points = [{}, *grid(scenario, claim.vary, values)]  # the claim's own values first
    for count, change in enumerate(points, start=1):
        point = {**values, **change}
        result = solve(scenario.game(point), parameters=point)
        if first is None:
            first = result
        if not claim_holds(claim, result):
            return ClaimCheck(claim, False, count, point, result)
    return ClaimCheck(claim, True, len(points), values, first)


def check_claims(scenario: Scenario) -> tuple[ClaimCheck, ...]:
    """Every claim of the scenario, in file order."""
    return tuple(check_claim(scenario, claim) for claim in scenario.claims)
