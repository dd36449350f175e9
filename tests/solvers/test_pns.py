"""Porter-Nudelman-Shoham search: one exact extreme equilibrium, small balanced supports first.

The oracle is Gambit's ``enummixed`` (exact): the answer must be one of the extreme equilibria
it lists, degenerate games included; and, in a nondegenerate game, one of those with the
smallest supports (PNS tries sizes in increasing order, and there every equilibrium has
supports of equal size that the search meets at their own size).  Dominance pruning is also
checked against its definition, by brute force over mixes on a grid.
"""

from __future__ import annotations

import json
from fractions import Fraction as F
from itertools import product

import numpy as np
import pytest
from click.testing import CliRunner
from games import bimatrix, games, random_game
from hypothesis import given, settings
from hypothesis import strategies as st
from negotiation.cli.main import cli
from oracle import enummixed, profile_key

from negotiation.deviation import is_equilibrium
from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.solvers import solve
from negotiation.solvers.pns import beaten, pns_equilibrium, support_sizes


def support_size(profile) -> int:
    return sum(1 for mixed in profile for p in mixed if p)


@pytest.mark.oracle
@settings(max_examples=150, deadline=None)
@given(game=games(low=-2, high=2))
def test_the_answer_is_one_of_gambits_extreme_equilibria(game: Game) -> None:
    profile = pns_equilibrium(*game.payoffs)
    assert is_equilibrium(game, profile)  # exactly: tol is 0
    assert profile_key(profile) in enummixed(game)


@pytest.mark.oracle
@pytest.mark.parametrize("size", [3, 4, 5, 6])
@pytest.mark.parametrize(
    ("low", "high"), [pytest.param(-99, 99, id="random"), pytest.param(0, 2, id="degenerate")]
)
def test_square_games_against_gambit(size: int, low: int, high: int) -> None:
    for seed in range(3):
        game = random_game(seed, (size, size), low, high)
        result = solve(game, method="pns")
        (equilibrium,) = result.equilibria  # checked exactly inside solve
        extreme = enummixed(game)
        assert profile_key(equilibrium.profile) in extreme
        if high - low > 100:  # nondegenerate (almost surely): the smallest supports come first
            assert support_size(equilibrium.profile) == min(map(support_size, extreme))


@pytest.mark.parametrize("size", [7, 8, 10])
@pytest.mark.parametrize(
    ("low", "high"), [pytest.param(-99, 99, id="random"), pytest.param(0, 2, id="degenerate")]
)
def test_larger_games_against_vertex_enumeration(size: int, low: int, high: int) -> None:
    # Gambit takes a minute on a 10x10 game here; vertex enumeration, checked against Gambit
    # in test_vertex_enumeration.py, lists the same extreme equilibria in about a second.
    game = random_game(size, (size, size), low, high)
    (equilibrium,) = solve(game, method="pns").equilibria
    assert profile_key(equilibrium.profile) in {
        profile_key(eq.profile) for eq in solve(game, method="vertex_enumeration").equilibria
    }


def test_matching_pennies_variant_needs_full_supports() -> None:
    # No pure equilibrium, so the 1x1 pairs fail; the unique equilibrium solves
    # 3y = 1 - y (row indifference) and 1 - x = 2x (column indifference), by hand.
    game = bimatrix([[3, 0], [0, 1]], [[0, 2], [1, 0]])
    result = solve(game, method="pns")
    (equilibrium,) = result.equilibria
    assert equilibrium.profile == ((F(1, 3), F(2, 3)), (F(1, 4), F(3, 4)))
    assert not result.complete
    assert result.method == "pns"


def test_fractional_payoffs_are_exact() -> None:
    game = Game([[[F(1, 3), 0], [0, F(1, 2)]], [[0, 1], [1, 0]]])
    assert pns_equilibrium(*game.payoffs) == ((F(1, 2), F(1, 2)), (F(3, 5), F(2, 5)))


def test_support_sizes_follow_balance_then_total() -> None:
    # Porter, Nudelman and Shoham (2008), Algorithm 1: |x1 - x2| first, then x1 + x2.
    order = support_sizes(3, 2)
    assert order == [(1, 1), (2, 2), (1, 2), (2, 1), (3, 2), (3, 1)]
    assert sorted(order) == sorted(product(range(1, 4), range(1, 3)))


@settings(max_examples=100, deadline=None)
@given(
    payoff=st.lists(st.lists(st.integers(-2, 2), min_size=3, max_size=3), min_size=3, max_size=3),
    against=st.sets(st.integers(0, 2), min_size=1),
    strict=st.booleans(),
)
def test_beaten_is_dominance_on_the_given_columns(
    payoff: list[list[int]], against: set[int], strict: bool
) -> None:
    # The definition, applied cell by cell: another row at least as good on every column
    # of ``against`` and better on one (weak), or better on every one (strict).
    columns = sorted(against)
    expected = []
    for k in range(3):
        expected.append(
            any(
                all(payoff[t][j] > payoff[k][j] for j in columns)
                if strict
                else all(payoff[t][j] >= payoff[k][j] for j in columns)
                and any(payoff[t][j] > payoff[k][j] for j in columns)
                for t in range(3)
                if t != k
            )
        )
    assert list(beaten(np.array(payoff), range(3), columns, strict=strict)) == expected


def test_large_game_gets_an_exact_equilibrium() -> None:
    game = random_game(2026, (30, 30), -99, 99)
    (equilibrium,) = solve(game, method="pns").equilibria  # checked exactly inside solve
    assert all(isinstance(p, F) for mixed in equilibrium.profile for p in mixed)


def test_more_than_two_players_is_refused() -> None:
    with pytest.raises(NegotiationError, match="needs two players, the game has 3"):
        solve(Game([np.zeros((2, 2, 2))] * 3), method="pns")


def test_command_line() -> None:
    runner = CliRunner()
    game = "tests/data/nfg/bach_or_stravinsky.nfg"
    result = runner.invoke(cli, ["solve", game, "--method", "pns", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["method"] == "pns"
    assert data["complete"] is False
    assert len(data["equilibria"]) == 1
    assert data["equilibria"][0]["pure"]
    result = runner.invoke(cli, ["solve", game, "--method", "pns"])
    assert "may be incomplete" in result.output
