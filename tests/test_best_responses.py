"""Best responses and their flips, against the definition applied cell by cell.

The oracle is the definition itself, written out with plain loops: strategy ``k`` is a best
response to a pure profile of the others when no strategy of the player pays more against it.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import numpy as np
import pytest
from games import games
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation.best_responses import (
    best_response_flips,
    best_response_mask,
    best_responses,
)
from negotiation.errors import GameError
from negotiation.game import Game


def _by_definition(game: Game, player: int) -> dict[tuple[int, ...], tuple[int, ...]]:
    others = [range(count) for i, count in enumerate(game.shape) if i != player]
    replies = {}
    for against in product(*others):
        values = []
        for k in range(game.shape[player]):
            cell = (*against[:player], k, *against[player:])
            values.append(Fraction(game.payoffs[player][cell]))
        replies[against] = tuple(k for k, v in enumerate(values) if all(v >= w for w in values))
    return replies


@settings(max_examples=60, deadline=None)
@given(game=st.integers(2, 3).flatmap(lambda n: games(players=n, max_strategies=3)))
def test_best_responses_follow_the_definition(game: Game) -> None:
    for player in range(game.n_players):
        assert best_responses(game.payoffs[player], player) == _by_definition(game, player)


@settings(max_examples=60, deadline=None)
@given(
    shape=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    seed=st.integers(0, 10**6),
    margin=st.sampled_from([0.0, 0.25, 1.0]),
)
def test_a_margin_admits_strategies_within_it(
    shape: tuple[int, int], seed: int, margin: float
) -> None:
    payoff = np.random.default_rng(seed).integers(-3, 4, shape) / 2
    for player in (0, 1):
        mask = best_response_mask(payoff, player, margin)
        for cell in np.ndindex(shape):
            line = [payoff[(*cell[:player], k, *cell[player + 1 :])] for k in range(shape[player])]
            assert mask[cell] == (payoff[cell] >= max(line) - margin)


@settings(max_examples=60, deadline=None)
@given(pair=games(players=2, max_strategies=3), seed=st.integers(0, 10**6))
def test_flips_are_exactly_the_changed_best_responses(pair: Game, seed: int) -> None:
    # The second game: the first with some payoffs moved, so that flips occur and not always.
    rng = np.random.default_rng(seed)
    moved = [
        array + rng.integers(-1, 2, array.shape) * rng.integers(0, 2, array.shape)
        for array in pair.payoffs
    ]
    changed = Game([array.astype(object) for array in moved])
    expected = [
        (player, against, before, _by_definition(changed, player)[against])
        for player in range(2)
        for against, before in _by_definition(pair, player).items()
        if before != _by_definition(changed, player)[against]
    ]
    flips = best_response_flips(pair, changed)
    assert [(f.player, f.against, f.before, f.after) for f in flips] == expected
    for flip in flips:
        cells = [
            (*flip.against[: flip.player], k, *flip.against[flip.player :])
            for k in range(pair.shape[flip.player])
        ]
        assert flip.baseline_payoffs == tuple(pair.payoffs[flip.player][c] for c in cells)
        assert flip.changed_payoffs == tuple(changed.payoffs[flip.player][c] for c in cells)


def test_float_payoffs_compare_at_their_exact_value() -> None:
    # 0.1 + 0.2 is not 0.3 in binary: no tie, so the best response is the larger float.
    before = Game([[[0.3], [0.1 + 0.2]], [[0.0], [0.0]]])
    after = Game([[[0.3], [0.3]], [[0.0], [0.0]]])
    (flip,) = best_response_flips(before, after)
    assert (flip.before, flip.after) == ((1,), (0, 1))


def test_games_must_have_the_same_strategies() -> None:
    with pytest.raises(GameError, match="same players and strategies"):
        best_response_flips(Game([[[1]], [[1]]]), Game([[[1, 2]], [[1, 2]]]))
