"""Games for tests, built from their textbook matrices, and random game generators."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from negotiation.game import Game


def bimatrix(row, column, title: str = "") -> Game:
    return Game([np.array(row, dtype=object), np.array(column, dtype=object)], title=title)


def random_game(seed: int, shape: tuple[int, ...], low: int = -3, high: int = 3) -> Game:
    """Small integer payoffs: ties, hence degenerate games, are common, on purpose."""
    rng = np.random.default_rng(seed)
    return Game([rng.integers(low, high + 1, shape).astype(object) for _ in shape])


@st.composite
def games(draw, players: int = 2, max_strategies: int = 4, low: int = -4, high: int = 4) -> Game:
    """Hypothesis strategy for integer games with a random shape."""
    shape = tuple(draw(st.integers(1, max_strategies)) for _ in range(players))
    payoff = arrays(np.int64, shape, elements=st.integers(low, high))
    return Game([draw(payoff).astype(object) for _ in range(players)])
