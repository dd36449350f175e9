"""Critical discount factors: closed forms against the one-shot deviation check of automata."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.repeated.automaton import (
    Automaton,
    grim_trigger,
    k_period_punishment,
    tit_for_tat,
)
from negotiation.repeated.critical import (
    grim_trigger_delta,
    grim_trigger_formula,
    k_period_delta,
)
from negotiation.repeated.deltas import sustaining_deltas

F = Fraction


def prisoners_dilemma(temptation, reward, punishment, sucker) -> Game:
    return Game(
        [
            [[reward, sucker], [temptation, punishment]],
            [[reward, temptation], [sucker, punishment]],
        ],
        strategies=[["C", "D"], ["C", "D"]],
    )


@pytest.mark.parametrize(
    ("payoffs", "expected"),
    [
        # (T - R) / (T - P): (5 - 3) / (5 - 1) = 1/2 (Axelrod's payoffs).
        pytest.param((5, 3, 1, 0), F(1, 2), id="axelrod"),
        # (3 - 2) / (3 - 0) = 1/3 (Mailath and Samuelson 2006, figure 2.5.1's payoffs).
        pytest.param((3, 2, 0, -1), F(1, 3), id="mailath_samuelson"),
        # (4 - 3) / (4 - 1) = 1/3.
        pytest.param((4, 3, 1, 0), F(1, 3), id="symmetric_tft"),
    ],
)
def test_grim_trigger_on_the_prisoners_dilemma(payoffs, expected) -> None:
    game = prisoners_dilemma(*payoffs)
    assert grim_trigger_delta(game, (0, 0), (1, 1)) == expected
    found = sustaining_deltas(game, grim_trigger(game, (0, 0), (1, 1)))
    assert found.pieces == ((expected, F(1), True, False),)


def test_grim_formula_from_symbols() -> None:
    temptation, reward, punishment = sympy.symbols("T R P")
    formula = grim_trigger_formula(temptation, reward, punishment)
    assert sympy.simplify(formula - (temptation - reward) / (temptation - punishment)) == 0


@st.composite
def two_by_two(draw):
    values = st.integers(min_value=-3, max_value=6)
    return Game(
        [[[draw(values) for _ in range(2)] for _ in range(2)] for _ in range(2)],
        strategies=[["C", "D"], ["C", "D"]],
    )


def _pure_equilibrium(game: Game):
    payoffs = game.exact_payoffs()
    for row in range(2):
        for column in range(2):
            if payoffs[0][row, column] >= payoffs[0][1 - row, column] and (
                payoffs[1][row, column] >= payoffs[1][row, 1 - column]
            ):
                return (row, column)
    return None


@settings(max_examples=25, deadline=None)
@given(game=two_by_two(), target=st.tuples(st.integers(0, 1), st.integers(0, 1)))
def test_grim_closed_form_equals_the_automaton_check(game, target) -> None:
    punishment = _pure_equilibrium(game)
    if punishment is None:
        with pytest.raises(NegotiationError, match="not a Nash equilibrium"):
            grim_trigger_delta(game, target, (0, 0) if target != (0, 0) else (1, 1))
        return
    closed = grim_trigger_delta(game, target, punishment)
    found = sustaining_deltas(game, grim_trigger(game, target, punishment))
    assert closed == found.critical()
    assert closed is None or 0 <= closed < 1
    if closed is not None:  # the closed form is a threshold: the set is [closed, 1)
        assert found.pieces[-1][:3] == (closed, 1, True)


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        # (T - R) <= (R - P) delta: 2 <= 2 delta, never below 1.
        pytest.param(1, None, id="one_period_too_short"),
        # 2 <= 2 (delta + delta^2): delta = (sqrt(5) - 1) / 2, the golden ratio's inverse.
        pytest.param(2, (sympy.sqrt(5) - 1) / 2, id="two_periods_golden"),
        # 1 = delta + delta^2 + delta^3: the real root of x^3 + x^2 + x - 1, about 0.5437.
        pytest.param(
            3,
            sympy.CRootOf(
                sympy.Symbol("x") ** 3 + sympy.Symbol("x") ** 2 + sympy.Symbol("x") - 1, 0
            ),
            id="three_periods",
        ),
    ],
)
def test_k_period_punishment(periods, expected) -> None:
    game = prisoners_dilemma(5, 3, 1, 0)
    closed = k_period_delta(game, (0, 0), (1, 1), periods)
    found = sustaining_deltas(game, k_period_punishment(game, (0, 0), (1, 1), periods))
    if expected is None:
        assert closed is None
        assert found.critical() is None
    else:
        assert sympy.simplify(closed - expected) == 0
        assert sympy.simplify(found.critical() - expected) == 0


def test_k_period_tends_to_grim() -> None:
    """Longer punishments need less patience, down to grim trigger's 1/2."""
    game = prisoners_dilemma(5, 3, 1, 0)
    values = [float(k_period_delta(game, (0, 0), (1, 1), k)) for k in (2, 3, 6, 12)]
    assert values == sorted(values, reverse=True)
    assert 0.5 < values[-1] < 0.5 + 1e-3


@pytest.mark.parametrize(
    ("payoffs", "expected"),
    [
        # Tit-for-tat is subgame perfect iff (T - R)/(R - S) <= delta <= (T - R)/(R - S) and
        # (P - S)/(T - P) <= delta <= (P - S)/(T - P) (one-shot deviations in the states CC,
        # DC, CD and DD; Mailath and Samuelson 2006, section 2.4.3).  With (5, 3, 1, 0):
        # delta >= 2/3 from CC but delta <= 1/4 from DD: empty.
        pytest.param((5, 3, 1, 0), (), id="axelrod_never"),
        # With T + S = R + P, (4, 3, 1, 0): both bounds are 1/3: exactly delta = 1/3.
        pytest.param((4, 3, 1, 0), ((F(1, 3), F(1, 3), True, True),), id="knife_edge"),
    ],
)
def test_tit_for_tat(payoffs, expected) -> None:
    game = prisoners_dilemma(*payoffs)
    found = sustaining_deltas(game, tit_for_tat(game, (0, 0), (1, 1)))
    assert found.pieces == expected
    assert found.critical() is None


def test_hand_written_automaton() -> None:
    """A hand-written automaton: cooperate; after any other profile one round of mutual
    defection, then back (a deviation from the punishment restarts it).  It is the one-period
    punishment, so both must agree; with (T, R, P, S) = (4, 3, 0, -1) deviating gains 1 and
    costs 3 delta: delta >= 1/3."""
    game = prisoners_dilemma(4, 3, 0, -1)
    automaton = Automaton.build(
        "forgive",
        game,
        {"cooperate": (0, 0), "punish": (1, 1)},
        lambda state, profile: (
            "cooperate"
            if (state == "cooperate" and profile == (0, 0))
            or (state == "punish" and profile == (1, 1))
            else "punish"
        ),
    )
    found = sustaining_deltas(game, automaton)
    assert found.critical() == F(1, 3)
    assert found == sustaining_deltas(game, k_period_punishment(game, (0, 0), (1, 1), 1))


def test_automaton_refuses_unknown_states_and_profiles() -> None:
    game = prisoners_dilemma(5, 3, 1, 0)
    with pytest.raises(NegotiationError, match="unknown 'elsewhere'"):
        Automaton.build("bad", game, {"a": (0, 0)}, lambda state, profile: "elsewhere")
    with pytest.raises(NegotiationError, match="not a profile"):
        Automaton.build("bad", game, {"a": (0, 2)}, lambda state, profile: "a")
    with pytest.raises(NegotiationError, match="at least one period"):
        k_period_punishment(game, (0, 0), (1, 1), 0)


def test_three_player_grim_trigger() -> None:
    """Three players each contribute (C) at cost 2; every contribution gives each player 1.
    All contribute: R = 3 - 2 = 1; a lone defector gets T = 2; no one contributes: P = 0.
    (T - R) / (T - P) = 1/2."""
    import numpy as np

    payoffs = np.empty((2, 2, 2), dtype=object)
    for profile in np.ndindex(2, 2, 2):
        contributions = sum(1 for action in profile if action == 0)
        payoffs[profile] = contributions
    arrays = []
    for player in range(3):
        array = np.empty((2, 2, 2), dtype=object)
        for profile in np.ndindex(2, 2, 2):
            array[profile] = payoffs[profile] - (2 if profile[player] == 0 else 0)
        arrays.append(array)
    game = Game(arrays)
    assert grim_trigger_delta(game, (0, 0, 0), (1, 1, 1)) == F(1, 2)
    found = sustaining_deltas(game, grim_trigger(game, (0, 0, 0), (1, 1, 1)))
    assert found.critical() == F(1, 2)


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        # (T - 3) / (T - 1) = 3/4 at T = 9: a thrust worth more than 9 breaks the ceasefire.
        pytest.param(F(3, 4), F(9), id="three_quarters"),
        # (T - 3) / (T - 1) = 9/10 at T = 21.
        pytest.param(F(9, 10), F(21), id="nine_tenths"),
    ],
)
def test_temptation_threshold_agrees_with_solving_either_side(delta, expected) -> None:
    """The grim-trigger formula in a symbolic temptation, solved for the baseline delta, and
    the numeric critical delta just either side of the root."""
    from negotiation.crossings import crossings

    temptation = sympy.Symbol("T")
    formula = grim_trigger_formula(temptation, 3, 1)
    (root,) = crossings(formula, temptation, sympy.Rational(delta), 3, 100)
    assert root == expected
    for value, sustained in ((expected - F(1, 10**6), True), (expected + F(1, 10**6), False)):
        game = prisoners_dilemma(value, 3, 1, 0)
        assert (grim_trigger_delta(game, (0, 0), (1, 1)) <= delta) == sustained
