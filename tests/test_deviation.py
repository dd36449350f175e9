"""The exact payoff of each pure strategy against the others' mix, against its definition."""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.deviation import strategy_payoffs

fractions = st.fractions(min_value=-50, max_value=50, max_denominator=12)


@st.composite
def games_and_profiles(draw: st.DrawFn) -> tuple[np.ndarray, list[list[F]]]:
    shape = tuple(draw(st.lists(st.integers(1, 3), min_size=2, max_size=3)))
    cells = draw(st.lists(fractions, min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))
    payoff = np.array(cells, dtype=object).reshape(shape)
    profile = []
    for count in shape:
        weights = draw(st.lists(st.integers(0, 9), min_size=count, max_size=count))
        weights[draw(st.integers(0, count - 1))] += 1  # not all zero
        profile.append([F(w, sum(weights)) for w in weights])
    return payoff, profile


@settings(max_examples=150, deadline=None)
@given(games_and_profiles(), st.data())
def test_rational_payoffs_equal_the_sum_over_pure_profiles(game_profile, data) -> None:
    payoff, profile = game_profile
    player = data.draw(st.integers(0, payoff.ndim - 1))
    values = strategy_payoffs(payoff, profile, player)
    for own in range(payoff.shape[player]):
        expected = F(0)
        for cell in itertools.product(*(range(count) for count in payoff.shape)):
            if cell[player] != own:
                continue
            weight = F(1)
            for axis, chosen in enumerate(cell):
                if axis != player:
                    weight *= profile[axis][chosen]
            expected += weight * payoff[cell]
        assert values[own] == expected
        assert isinstance(values[own], F)
