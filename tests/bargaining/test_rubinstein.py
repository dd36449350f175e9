"""Rubinstein's alternating offers: closed form against backward induction, outside options,
breakdown risk."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.bargaining.rubinstein import (
    alternating_offers,
    rubinstein_shares,
    rubinstein_steps,
)
from negotiation.errors import NegotiationError

F = Fraction


@pytest.mark.parametrize(
    ("discounts", "first", "expected"),
    [
        # (1 - d2) / (1 - d1 d2) = (1/10) / (19/100) = 10/19 (Rubinstein 1982).
        pytest.param((F(9, 10), F(9, 10)), 0, (F(10, 19), F(9, 19)), id="symmetric"),
        # Second proposes: (1 - 9/10) / (1 - 9/10 * 4/5) = (1/10)/(7/25) = 5/14 for player 1.
        pytest.param((F(9, 10), F(4, 5)), 1, (F(9, 14), F(5, 14)), id="second_proposes"),
        # (1 - 4/5) / (1 - 18/25) = 5/7 for the patient first proposer.
        pytest.param((F(9, 10), F(4, 5)), 0, (F(5, 7), F(2, 7)), id="patient_first"),
        # A myopic responder (d = 0) gets nothing.
        pytest.param((F(1, 2), F(0)), 0, (F(1), F(0)), id="myopic_responder"),
    ],
)
def test_closed_form(discounts, first, expected) -> None:
    assert rubinstein_shares(discounts, first) == expected


patience = st.fractions(min_value=0, max_value=F(19, 20), max_denominator=50)


@settings(max_examples=50, deadline=None)
@given(d1=patience, d2=patience, first=st.sampled_from([0, 1]))
def test_finite_horizon_converges_to_the_closed_form(d1, d2, first) -> None:
    """Stahl (1972): the T-round split tends to Rubinstein's; the error shrinks by d1 d2 every
    two rounds, so after 2n rounds it is at most (d1 d2)^n."""
    limit = rubinstein_shares((d1, d2), first)
    for rounds in (40, 41):
        split = alternating_offers((d1, d2), rounds, first)[0].shares
        assert abs(split[0] - limit[0]) <= (d1 * d2) ** 20
        assert sum(split) == 1


def test_formula_from_symbols() -> None:
    d1, d2 = sympy.symbols("d1 d2")
    share = rubinstein_shares((d1, d2))[0]
    assert sympy.simplify(share - (1 - d2) / (1 - d1 * d2)) == 0


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        # Osborne and Rubinstein (1990, section 3.12): an outside option below the responder's
        # equilibrium share 9/19 changes nothing ...
        pytest.param(F(2, 5), (F(10, 19), F(9, 19)), id="option_irrelevant"),
        # ... one above it is what the responder gets.
        pytest.param(F(3, 5), (F(2, 5), F(3, 5)), id="option_binds"),
    ],
)
def test_outside_option_principle(option, expected) -> None:
    assert rubinstein_shares((F(9, 10), F(9, 10)), outside=(None, option)) == expected


def test_outside_options_for_both() -> None:
    # Acceptance levels r1 = max(1/2, 9/10 (1 - r2)), r2 = max(1/5, 9/10 (1 - r1)).  Try
    # r1 = 1/2: r2 = max(1/5, 9/20) = 9/20, and 9/10 (1 - 9/20) = 99/200 < 1/2 confirms r1.
    # Player 1 proposing keeps 1 - r2 = 11/20.
    shares = rubinstein_shares((F(9, 10), F(9, 10)), outside=(F(1, 2), F(1, 5)))
    assert shares == (F(11, 20), F(9, 20))


def test_breakdown_without_impatience_tends_to_the_split_of_the_surplus() -> None:
    """Binmore, Rubinstein and Wolinsky (1986): with pure breakdown risk q the first proposer
    gets (1 - (1 - q)(1 - q D1) - q D2) / (1 - (1 - q)^2); as q -> 0 it tends to the Nash split
    D1 + (1 - D1 - D2) / 2."""
    q = sympy.Symbol("q", positive=True)
    disagreement = (F(1, 2), F(1, 4))
    share = rubinstein_shares((1, 1), 0, q, disagreement)[0]
    assert sympy.limit(share, q, 0) == sympy.Rational(5, 8)
    exact = rubinstein_shares((F(1), F(1)), 0, F(1, 10), disagreement)[0]
    assert exact == share.subs(q, sympy.Rational(1, 10))


def test_breakdown_rounds_match_the_stationary_split() -> None:
    discounts, q, disagreement = (F(9, 10), F(4, 5)), F(1, 5), (F(1, 2), F(1, 4))
    limit = rubinstein_shares(discounts, 0, q, disagreement)
    split = alternating_offers(discounts, 60, 0, q, disagreement)[0].shares
    assert abs(split[0] - limit[0]) < F(1, 10**9)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param({"discounts": (1, 1)}, "not unique", id="no_impatience"),
        pytest.param(
            {"discounts": (F(1, 2), F(1, 2)), "outside": (F(3, 5), F(1, 2))},
            "exceed the pie",
            id="options_exceed_pie",
        ),
    ],
)
def test_refused(kwargs, match) -> None:
    with pytest.raises(NegotiationError, match=match):
        rubinstein_shares(**kwargs)


def test_alternating_offers_needs_a_round() -> None:
    with pytest.raises(NegotiationError, match="rounds must be positive"):
        alternating_offers((F(1, 2), F(1, 2)), 0)


def test_steps_show_the_rounds_and_the_limit() -> None:
    steps = rubinstein_steps((F(9, 10), F(4, 5)), 3, 0, ("Russia", "Turkey"))
    assert "  2 rounds: Russia 1/5, Turkey 4/5" in steps
    assert "  3 rounds: Russia 23/25, Turkey 2/25" in steps
    assert steps.endswith("= 5/7, Turkey 2/7.")


options = st.one_of(st.none(), st.fractions(min_value=0, max_value=F(1, 2), max_denominator=20))


@settings(max_examples=60, deadline=None)
@given(
    d1=patience,
    d2=patience,
    first=st.sampled_from([0, 1]),
    breakdown=st.fractions(min_value=0, max_value=F(1, 2), max_denominator=10),
    outside=st.tuples(options, options),
)
def test_outside_option_cases_agree_with_backward_induction(
    d1, d2, first, breakdown, outside
) -> None:
    """The case-by-case solution with outside options and breakdown is the limit of the
    finite games (the backward-induction map is a contraction with factor a_1 a_2)."""
    disagreement = (F(1, 5), F(1, 10))
    limit = rubinstein_shares((d1, d2), first, breakdown, disagreement, outside)
    split = alternating_offers((d1, d2), 60, first, breakdown, disagreement, outside)[0].shares
    assert abs(split[0] - limit[0]) <= 2 * (d1 * d2) ** 29 + F(1, 10**12)
