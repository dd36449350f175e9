"""The T-fold repeated game: unravelling, and rewards by switching stage equilibria."""

from __future__ import annotations

from fractions import Fraction

import pytest

from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.repeated.finite import finite_horizon

F = Fraction
PD = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], strategies=[["C", "D"], ["C", "D"]])
# The prisoner's dilemma with a third action that adds a good equilibrium (3, 3), as in
# Benoit and Krishna (1985): (C, C) can be played early, rewarded by (R, R) = (3, 3) and
# deviations punished by (D, D) = (1, 1): 4 + 3 >= 5 + 1.
EXTENDED = Game(
    [[[4, 0, 0], [5, 1, 0], [0, 0, 3]], [[4, 5, 0], [0, 1, 0], [0, 0, 3]]],
    strategies=[["C", "D", "R"], ["C", "D", "R"]],
)


@pytest.mark.parametrize("rounds", [pytest.param(1, id="one"), pytest.param(5, id="five")])
def test_unique_stage_equilibrium_unravels(rounds) -> None:
    found = finite_horizon(PD, rounds)
    assert found.unique
    ((payoffs, path),) = found.equilibria
    assert payoffs == (F(rounds), F(rounds))
    assert path == ("stage equilibrium 1",) * rounds
    assert found.to_json(PD)["complete"] is True


def test_several_stage_equilibria_reward_cooperation() -> None:
    found = finite_horizon(EXTENDED, 2)
    assert not found.unique
    values = dict(found.equilibria)
    assert (F(7), F(7)) in values  # cooperate, then the good equilibrium
    assert values[(F(7), F(7))][0] == (0, 0)
    # every payoff is at least the worst stage equilibrium twice over ...
    assert all(min(p) >= 0 for p in values)
    # ... and nothing beats (C, C) twice, which cannot be an equilibrium (last round)
    assert (F(8), F(8)) not in values


def test_cooperation_in_the_last_round_is_never_an_equilibrium() -> None:
    for _payoffs, path in finite_horizon(EXTENDED, 3).equilibria:
        assert isinstance(path[-1], str)  # a stage equilibrium
        assert path.count((0, 0)) <= 2


def test_discounting_is_applied() -> None:
    ((payoffs, _),) = finite_horizon(PD, 3, F(1, 2)).equilibria
    assert payoffs == (F(7, 4), F(7, 4))  # 1 + 1/2 + 1/4


def test_rounds_must_be_positive() -> None:
    with pytest.raises(NegotiationError, match="rounds must be positive"):
        finite_horizon(PD, 0)
