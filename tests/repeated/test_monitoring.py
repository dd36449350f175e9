"""Grim trigger with unseen violations and false alarms (imperfect public monitoring)."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.repeated.critical import grim_trigger_delta
from negotiation.repeated.monitoring import (
    cooperation_value,
    noisy_grim_delta,
    noisy_grim_formula,
)

F = Fraction
PD = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
EPSILON = F(1, 10**6)


def test_perfect_monitoring_is_friedman() -> None:
    assert noisy_grim_delta(PD, (0, 0), (1, 1), F(0), F(0)) == grim_trigger_delta(
        PD, (0, 0), (1, 1)
    )


def test_mailath_samuelson_condition() -> None:
    """Mailath and Samuelson (2006, section 7.2): payoffs (T, R, P) = (3, 2, 0), good signal
    with probability p after mutual effort and q after one shirks: delta (3p - 2q) >= 1."""
    p, q = sympy.symbols("p q")
    formula = noisy_grim_formula(3, 2, 0, q, 1 - p)
    assert sympy.simplify(formula - 1 / (3 * p - 2 * q)) == 0


@pytest.mark.parametrize(
    ("unseen", "false_alarm", "expected"),
    [
        # 2 / ((1 - 1/10) 4 - (1/4) 2) = 2 / (31/10) = 20/31.
        pytest.param(F(1, 4), F(1, 10), F(20, 31), id="both_errors"),
        # Unseen violations only: 2 / (4 - 2 alpha); alpha = 1/2: 2/3.
        pytest.param(F(1, 2), F(0), F(2, 3), id="unseen_only"),
        # False alarms only: 2 / (4 (1 - beta)); beta = 1/4: 2/3.
        pytest.param(F(0), F(1, 4), F(2, 3), id="false_alarms_only"),
        # Denominator 4 (1 - beta) - 2 alpha = 4 * 3/4 - 2 = 1 <= 2: bound >= 1, never.
        pytest.param(F(1), F(1, 4), None, id="too_noisy"),
    ],
)
def test_noisy_grim_delta(unseen, false_alarm, expected) -> None:
    assert noisy_grim_delta(PD, (0, 0), (1, 1), unseen, false_alarm) == expected


@pytest.mark.parametrize(
    ("unseen", "false_alarm"),
    [pytest.param(F(1, 4), F(1, 10), id="both"), pytest.param(F(1, 3), F(1, 5), id="more")],
)
def test_threshold_agrees_with_the_incentive_on_either_side(unseen, false_alarm) -> None:
    """Solve just either side: conforming beats a one-shot deviation, valued directly from
    the recursion V = (1 - delta) R + delta ((1 - beta) V + beta P), just above the critical
    delta and not just below it."""
    critical = noisy_grim_delta(PD, (0, 0), (1, 1), unseen, false_alarm)
    temptation, reward, penalty = 5, 3, 1
    for delta, holds in ((critical + EPSILON, True), (critical - EPSILON, False)):
        value = cooperation_value(reward, penalty, delta, false_alarm)
        deviation = (1 - delta) * temptation + delta * (unseen * value + (1 - unseen) * penalty)
        assert (value >= deviation) == holds


def test_false_alarms_cost_on_the_path() -> None:
    assert cooperation_value(3, 1, F(9, 10), F(1, 10)) < 3
    assert cooperation_value(3, 1, F(9, 10), F(0)) == 3


def test_probabilities_checked() -> None:
    with pytest.raises(NegotiationError, match="unseen must lie in"):
        noisy_grim_delta(PD, (0, 0), (1, 1), F(3, 2), F(0))


def test_unverifiable_violations_break_the_ceasefire() -> None:
    """SF3 (domain brief: "violations cannot be verified, and each side claims it is only
    retaliating"), with assumed numbers: at delta = 3/4 grim trigger holds the ceasefire
    under perfect monitoring (1/2 <= 3/4), but with half the thrusts unseen and one hold in
    five read as a violation it needs 2 / ((4/5) 4 - (1/2) 2) = 10/11 > 3/4."""
    delta = F(3, 4)
    assert noisy_grim_delta(PD, (0, 0), (1, 1), F(0), F(0)) <= delta
    noisy = noisy_grim_delta(PD, (0, 0), (1, 1), F(1, 2), F(1, 5))
    assert noisy == F(10, 11)
    assert noisy > delta


@settings(max_examples=100, deadline=None)
@given(
    temptation=st.integers(-5, 10),
    reward=st.integers(-5, 10),
    penalty=st.integers(-5, 10),
    unseen=st.fractions(0, 1, max_denominator=20),
    false_alarm=st.fractions(0, 1, max_denominator=20),
)
def test_critical_delta_is_in_the_unit_interval_or_never(
    temptation, reward, penalty, unseen, false_alarm
) -> None:
    if penalty > reward:
        return  # refused: the closed form needs a punishment that hurts
    game = Game([[[reward, -10], [temptation, penalty]], [[reward, temptation], [-10, penalty]]])
    try:
        found = noisy_grim_delta(game, (0, 0), (1, 1), unseen, false_alarm)
    except NegotiationError:  # (D, D) is not a stage equilibrium of this game
        return
    assert found is None or 0 <= found < 1


def test_a_punishment_that_does_not_hurt_gives_never() -> None:
    """As grim_trigger_delta: when the punishment pays a player at least the target and it
    gains by deviating (the Idlib ceasefire where Turkey tolerates thrusts: the punishment is
    the thrusts themselves), no discount factor sustains the target, with or without noise."""
    game = Game([[[0, 0], [2, 2]], [[1, 0], [1, 0]]])  # row: hold 0, thrust 2 either way
    assert grim_trigger_delta(game, (0, 0), (1, 0)) is None
    assert noisy_grim_delta(game, (0, 0), (1, 0), F(1, 5), F(1, 5)) is None
    assert noisy_grim_delta(game, (0, 0), (1, 0), F(0), F(0)) is None
