"""Claims decided from the batch engine's supports agree with a loop of exact solves."""

from __future__ import annotations

import dataclasses

import pytest

from negotiation import claims
from negotiation.claims import check_claim, claim_holds
from negotiation.scenario import QUANTIFIERS, Claim, bundled_scenarios, load_scenario
from negotiation.solvers import solve

TWO_PLAYERS = [  # matrix games: claims on trees are tested in tests/forms
    name
    for name in sorted(bundled_scenarios())
    if load_scenario(name).form == "normal" and len(load_scenario(name).players) == 2
]


# Each claim beside a variant that says otherwise: it fails, often partway through the grid.
_OTHER = {"every": "no", "some": "none", "no": "some", "none": "some"}


@pytest.mark.parametrize("name", TWO_PLAYERS)
def test_batch_and_exact_verdicts_agree(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = load_scenario(name)
    for claim in scenario.claims:
        for variant in (claim, dataclasses.replace(claim, quantifier=_OTHER[claim.quantifier])):
            with monkeypatch.context() as patch:
                patch.setattr(claims, "BATCH_FROM", 10**9)
                exact = check_claim(scenario, variant)
            batched = check_claim(scenario, variant)
            assert (batched.holds, batched.points_checked, batched.values) == (
                exact.holds,
                exact.points_checked,
                exact.values,
            ), variant
            assert batched.result.equilibria == exact.result.equilibria


def test_the_idlib_claims_use_the_batch_engine() -> None:
    """The test above compares the two paths only if some grids are large enough."""
    scenario = load_scenario("idlib-offensive")
    sizes = [check_claim(scenario, claim).points_checked for claim in scenario.claims]
    assert max(sizes) >= claims.BATCH_FROM


def test_quantifiers_on_a_mixed_equilibrium() -> None:
    """Matching pennies' only equilibrium mixes H and T: nobody plays H for sure ("no" holds),
    but everybody uses it ("none" fails)."""
    scenario = load_scenario("matching-pennies")
    result = solve(scenario.game())
    player, strategy = scenario.player_names[0], scenario.strategies[0][0]
    verdicts = {
        quantifier: claim_holds(Claim("", "", player, strategy, quantifier), result)
        for quantifier in QUANTIFIERS
    }
    assert verdicts == {"every": False, "some": False, "no": True, "none": False}
