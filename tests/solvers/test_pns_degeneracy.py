"""``degenerate`` from the one-equilibrium solvers (``pns``, ``lemke_howson``).

The schema promises that ``degenerate`` says whether the game has ties (docs/reference/json.md).
The oracle is the definition itself (von Stengel 2002, Definition 3.2), by brute force: the
game is degenerate when some mix ``x`` with support inside ``S`` makes ``|S| + 1`` of the
other player's strategies best responses (a smaller support with as many is degenerate too),
one exact linear program per ``(S, T)``; likewise for the column player's mixes.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest
from games import bimatrix, games
from hypothesis import given, settings

import negotiation.solvers as solvers
from negotiation.game import Game
from negotiation.simplex import maximise
from negotiation.solvers import solve


def mix_with_more_best_responses(own: np.ndarray) -> bool:
    """Some mix of the rows of ``own`` (the other player's payoffs, the mixing player's
    strategies as rows) with more best responses among the columns than rows it uses."""
    shift = 1 - min(own.flat)  # positive payoffs: the common value v is a non-negative unknown
    rows, cols = own.shape
    for size in range(1, rows + 1):
        for support in combinations(range(rows), size):
            for tied in combinations(range(cols), size + 1):
                column = [[own[i][j] + shift for i in support] for j in range(cols)]
                found = maximise(
                    [0] * (size + 1),
                    [[*column[j], -1] for j in range(cols) if j not in tied],
                    [0] * (cols - size - 1),
                    [[1] * size + [0], *([*column[j], -1] for j in tied)],
                    [1] + [0] * (size + 1),
                )
                if found is not None:
                    return True
    return False


def degenerate_by_definition(game: Game) -> bool:
    a, b = game.exact_payoffs()
    return mix_with_more_best_responses(b) or mix_with_more_best_responses(a.T)


@settings(max_examples=120, deadline=None)
@given(game=games(low=-2, high=2, max_strategies=3))
@pytest.mark.parametrize("method", ["pns", "lemke_howson"])
def test_degenerate_is_the_definition(method: str, game: Game) -> None:
    assert solve(game, method=method).degenerate == degenerate_by_definition(game)


# A strict pure equilibrium (top, left), no tie against any pure strategy, yet the row mix
# (1/2, 1/2) gives the column player 1 from each of its three columns: degenerate, and only
# the polytopes' labels show it, not the equilibrium found.
HIDDEN = bimatrix([[5, 0, 0], [0, 1, 1]], [[2, 0, 1], [0, 2, 1]])


def test_a_tie_away_from_the_equilibrium_found() -> None:
    assert degenerate_by_definition(HIDDEN)
    result = solve(HIDDEN, method="pns")
    assert [eq.pure for eq in result.equilibria] == [True]
    assert result.degenerate
    assert solve(HIDDEN, method="vertex_enumeration").degenerate


def test_beyond_the_exact_check_only_the_evidence_counts(monkeypatch) -> None:
    monkeypatch.setattr(solvers, "DEGENERACY_CHECK_EFFORT", 0)
    assert not solve(HIDDEN, method="pns").degenerate  # the tie is not seen
    # A tie at the equilibrium found still proves it: against Left both rows pay 1.
    tied = bimatrix([[1, 0], [1, 0]], [[1, 0], [1, 0]])
    assert solve(tied, method="pns").degenerate
