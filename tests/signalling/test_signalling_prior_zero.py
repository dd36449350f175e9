"""Priors of 0 and 1: a type the receiver is sure is absent still chooses, and must best
respond (a PBE asks it of every type), but it weighs nothing in Bayes' rule, so a message only
it sends is off the path and any belief may follow it (Fudenberg and Tirole 1991, sec. 8.2).

Checked against the independent brute force of `signalling_checks` (which treats a message as
on the path only if ``prior x probability`` is positive, from the definition) on random games,
against the ex-ante normal form, and by hand on beer-quiche at ``prior_strong`` = 1 and 0.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from signalling_checks import brute_force_pbe, signature, verify_pbe
from test_signalling_random import random_game

from negotiation.signalling.classic import beer_quiche
from negotiation.signalling.explain import explain_pbe
from negotiation.signalling.game import SignallingGame
from negotiation.signalling.normal_form import signalling_normal_form
from negotiation.signalling.pbe import perfect_bayesian_equilibria
from negotiation.solvers import solve

EXTREMES = [
    pytest.param(seed, prior, id=f"seed{seed}-{'/'.join(map(str, prior))}")
    for seed in range(16)
    for prior in ((F(0), F(1)), (F(1), F(0)))
]


def with_prior(game: SignallingGame, prior: tuple[F, ...]) -> SignallingGame:
    return SignallingGame(
        game.types,
        prior,
        game.messages,
        game.actions,
        game.sender_payoffs,
        game.receiver_payoffs,
        title=game.title,
    )


@pytest.mark.parametrize(("seed", "prior"), EXTREMES)
def test_matches_brute_force_at_prior_zero_and_one(seed, prior):
    game = with_prior(random_game(seed), prior)
    result = perfect_bayesian_equilibria(game)
    found = {signature(eq.sender, eq.receiver) for eq in result}
    brute = brute_force_pbe(game)
    assert brute <= found  # complete
    for eq in result:
        verify_pbe(game, eq)  # every type best responds, the absent one included
        assert signature(eq.sender, eq.receiver) in brute  # sound
        absent = prior.index(0)
        if sum(1 for p in eq.sender[absent] if p) == 2:
            # Its mixing is fixed by nothing the receiver sees: a continuum, one point shown.
            assert not eq.determined


@pytest.mark.parametrize(("seed", "prior"), EXTREMES[:12])
def test_pure_pbe_are_nash_equilibria_of_the_normal_form(seed, prior):
    game = with_prior(random_game(seed), prior)
    form = signalling_normal_form(game)
    pure_nash = {eq.support() for eq in solve(form, method="pure")}
    for eq in perfect_bayesian_equilibria(game):
        if eq.pure:
            sender = "/".join(game.messages[row.index(1)] for row in eq.sender)
            receiver = "/".join(game.actions[m][row.index(1)] for m, row in enumerate(eq.receiver))
            cell = ((form.strategies[0].index(sender),), (form.strategies[1].index(receiver),))
            assert cell in pure_nash


def test_extremes_are_not_trivial():
    # The comparisons above mean something only if the absent type's choice matters: some
    # equilibrium has it send a message nobody else sends (off the path all the same).
    offpath_senders = 0
    for seed in range(16):
        for prior in ((F(0), F(1)), (F(1), F(0))):
            game = with_prior(random_game(seed), prior)
            for eq in perfect_bayesian_equilibria(game):
                absent = prior.index(0)
                offpath_senders += any(
                    p and not eq.on_path[m] for m, p in enumerate(eq.sender[absent])
                )
    assert offpath_senders > 0


def test_beer_quiche_when_player_1_is_surely_strong():
    # By hand, prior_strong = 1: the strong type's beer is met with "not" (it is surely
    # strong); quiche is off the path unless the strong type eats it.  Three PBE:
    # - both beer, quiche -> duel (weak: beer 2 > quiche 1);
    # - weak quiche, strong beer, quiche -> not (weak: quiche 3 > beer 2); quiche is sent
    #   only by the absent weak type, so it is off the path and "not" needs P(weak) <= 1/2;
    # - both quiche, beer -> duel held up by P(weak | beer) >= 1/2 (strong: quiche 2 > 1).
    game = beer_quiche(F(1))
    result = perfect_bayesian_equilibria(game)
    described = [eq.describe(game) for eq in result]
    assert described == [
        "pooling: weak beer, strong beer; beer -> not, quiche -> duel",
        "pooling: weak quiche, strong quiche; beer -> duel, quiche -> not",
        "separating: weak quiche, strong beer; beer -> not, quiche -> not",
    ]
    separating = result.equilibria[2]
    assert separating.on_path == (True, False)
    assert separating.beliefs[1].interval(0) == (F(0), F(1, 2))
    assert separating.beliefs[0].vertices == ((F(0), F(1)),)
    steps = explain_pbe(game, separating)
    assert "After quiche (sent only by a type of prior 0)" in steps[3]
    assert "Type weak's incentive constraint: quiche 3 >= beer 2 (equilibrium 3)" in steps


def test_beer_quiche_when_player_1_is_surely_weak():
    # By hand, prior_strong = 0: whatever the weak type eats is met with a duel (P(weak) = 1),
    # so it eats quiche (1 > 0) and beer is off the path unless the absent strong type drinks
    # it.  Strong: beer -> duel gives 1, quiche -> duel gives 0: it drinks beer unless beer is
    # answered with "not"... which also leads it to beer (3 > 0).  So the strong type always
    # drinks beer: one separating PBE per off-path response to beer that keeps the weak type on
    # quiche (beer -> duel: weak beer 0 < 1; beer -> not: weak beer 2 > 1, broken).
    game = beer_quiche(F(0))
    result = perfect_bayesian_equilibria(game)
    assert [eq.describe(game) for eq in result] == [
        "separating: weak quiche, strong beer; beer -> duel, quiche -> duel",
    ]
    assert result.equilibria[0].beliefs[0].interval(0) == (F(1, 2), F(1))


def test_negative_prior_is_refused():
    from negotiation.errors import GameError

    with pytest.raises(GameError, match="non-negative"):
        with_prior(random_game(0), (F(-1), F(2)))
