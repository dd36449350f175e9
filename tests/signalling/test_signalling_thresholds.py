"""Thresholds on priors and signal costs: formulas from symbolic inputs, exact values, and the
game solved just either side agrees."""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from negotiation.errors import NegotiationError
from negotiation.signalling.classic import beer_quiche, job_market
from negotiation.signalling.game import SignallingGame
from negotiation.signalling.pbe import perfect_bayesian_equilibria
from negotiation.signalling.thresholds import receiver_cutoff, signalling_thresholds

sympy = pytest.importorskip("sympy")

WATSON = {
    "prior_high": F(1, 3),
    "cost_high": 4,
    "wage_manager": 10,
    "wage_clerk": 4,
    "value_high": 10,
    "value_low": 0,
}


def kinds(game) -> set[str]:
    return {eq.kind for eq in perfect_bayesian_equilibria(game) if eq.pure}


def test_separating_cost_formula_and_value():
    # By hand (Watson 2013, ch. 29): the low type does not mimic iff
    # wage_manager - cost_low <= wage_clerk, i.e. cost_low >= wage_manager - wage_clerk = 6.
    result = signalling_thresholds(job_market, "cost_low", WATSON, 0, 12)
    (separation,) = result.where_kind_changes("separating")
    assert separation.value == 6
    symbols = sympy.symbols("wage_manager wage_clerk")
    assert sympy.simplify(sympy.sympify(separation.formula) - (symbols[0] - symbols[1])) == 0
    assert "separating" not in separation.kinds("below")
    assert "separating" in separation.kinds("at")
    assert "separating" in separation.kinds("above")


@pytest.mark.parametrize(
    ("cost_low", "separates"),
    [
        pytest.param(F(599, 100), False, id="just_below"),
        pytest.param(F(6), True, id="at"),
        pytest.param(F(601, 100), True, id="just_above"),
    ],
)
def test_separating_cost_either_side(cost_low, separates):
    game = job_market(**{**WATSON, "cost_low": cost_low})
    assert ("separating" in kinds(game)) is separates


def test_prior_threshold_formula_and_value():
    # The firm hires a pooled worker as manager iff P(high) value_high + (1 - P(high))
    # value_low >= wage_clerk: P(high) >= (wage_clerk - value_low) / (value_high - value_low)
    # = 2/5 at Watson's numbers.
    values = {k: v for k, v in WATSON.items() if k != "prior_high"} | {"cost_low": 7}
    result = signalling_thresholds(job_market, "prior_high", values, 0, 1)
    (flip,) = result.thresholds
    assert flip.value == F(2, 5)
    wage_clerk, value_low, value_high = sympy.symbols("wage_clerk value_low value_high")
    expected = (wage_clerk - value_low) / (value_high - value_low)
    assert sympy.simplify(sympy.sympify(flip.formula) - expected) == 0
    pooled_manager = "pooling: high N, low N; E -> C, N -> M [passes]"
    assert pooled_manager not in flip.below
    assert pooled_manager in flip.at
    assert pooled_manager in flip.above


def test_receiver_cutoff_symbolic_and_exact():
    clerk, low, high = sympy.symbols("wage_clerk value_low value_high")
    game = job_market(wage_clerk=clerk, value_low=low, value_high=high)
    cutoff = receiver_cutoff(game, 1, 0, 1)  # M vs C after N
    assert sympy.simplify(cutoff - (clerk - low) / (high - low)) == 0
    assert receiver_cutoff(job_market(), 1, 0, 1) == F(2, 5)


@pytest.mark.parametrize(
    ("prior_strong", "expected"),
    [
        # Beer-quiche: pooling needs no duel after the pooled breakfast, P(weak) <= 1/2.
        pytest.param(F(49, 100), set(), id="below_half"),
        pytest.param(F(1, 2), {"pooling"}, id="half"),
        pytest.param(F(51, 100), {"pooling"}, id="above_half"),
    ],
)
def test_beer_quiche_prior_either_side(prior_strong, expected):
    assert kinds(beer_quiche(prior_strong)) == expected


def test_beer_quiche_prior_threshold():
    result = signalling_thresholds(beer_quiche, "prior_strong", {}, 0, 1)
    assert [(th.value, th.formula) for th in result.thresholds] == [(F(1, 2), "1/2")]
    assert result.to_json()["thresholds"][0]["value"] == "1/2"
    assert "prior_strong = 1/2" in result.text()


def test_no_threshold_in_a_quiet_range():
    result = signalling_thresholds(job_market, "cost_low", WATSON, 7, 12)
    assert result.thresholds == ()
    assert "none" in result.text()


def test_receiver_cutoff_needs_two_types():
    three = SignallingGame.from_function(
        ("a", "b", "c"), (F(1, 3),) * 3, ("m",), ("x", "y"), lambda t, m, a: (0, 0)
    )
    with pytest.raises(NegotiationError, match="two types"):
        receiver_cutoff(three, 0, 0, 1)
