"""Lemke-Howson: one exact equilibrium per missing label, fast, for games too large to enumerate.

The oracle is vertex enumeration (itself checked against Gambit's ``enummixed``): the end of a
Lemke-Howson path is a vertex of both best-response polytopes, so every answer must be one of
the game's extreme equilibria, degenerate games included (the lexicographic rule keeps the
exact path on vertices).
"""

from __future__ import annotations

import json
from fractions import Fraction as F

import numpy as np
import pytest
from click.testing import CliRunner
from games import bimatrix, games
from hypothesis import given, settings
from hypothesis import strategies as st
from negotiation.cli.main import cli
from oracle import profile_key

from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.solvers import lemke_howson as module
from negotiation.solvers import solve
from negotiation.solvers.bimatrix import positive_integers
from negotiation.solvers.lemke_howson import lemke_howson, lemke_howson_equilibria

BATTLE = bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]])


def extreme(game: Game) -> set:
    return {profile_key(eq.profile) for eq in solve(game).equilibria}


@settings(max_examples=150, deadline=None)
@given(game=games(low=-2, high=2), data=st.data())
def test_every_path_ends_at_an_extreme_equilibrium(game: Game, data: st.DataObject) -> None:
    label = data.draw(st.integers(0, sum(game.shape) - 1))
    profile = lemke_howson(*game.payoffs, label=label)
    assert profile_key(profile) in extreme(game)


@settings(max_examples=60, deadline=None)
@given(game=games(low=-2, high=2), data=st.data())
def test_the_exact_path_alone_ends_at_an_extreme_equilibrium(
    game: Game, data: st.DataObject
) -> None:
    """The exact fallback on its own, as `lemke_howson` runs it when the float path fails."""
    label = data.draw(st.integers(0, sum(game.shape) - 1))
    a, b = (positive_integers(payoff) for payoff in game.payoffs)
    supports = module._path_end(a, b, label, module._Tableau, max_pivots=None)
    profile = module._on_supports(a, b, *supports)
    assert profile_key(profile) in extreme(game)


def test_battle_of_the_sexes_by_label() -> None:
    # Dropping the row player's first strategy leads to (Bach, Bach); its second to
    # (Stravinsky, Stravinsky): von Stengel (2002), section 3.3, on the same game.
    assert lemke_howson(*BATTLE.payoffs, label=0) == ((F(1), F(0)), (F(1), F(0)))
    assert lemke_howson(*BATTLE.payoffs, label=1) == ((F(0), F(1)), (F(0), F(1)))
    assert len(lemke_howson_equilibria(*BATTLE.payoffs, "all")) == 2


def test_fractional_payoffs_are_exact() -> None:
    game = Game([[[F(1, 3), 0], [0, F(1, 2)]], [[0, 1], [1, 0]]])
    (profile,) = lemke_howson_equilibria(*game.payoffs, "all")
    assert profile == ((F(1, 2), F(1, 2)), (F(3, 5), F(2, 5)))  # indifference: y/3 = (1-y)/2


def test_large_random_game_gets_an_exact_equilibrium() -> None:
    rng = np.random.default_rng(2026)
    payoffs = [rng.integers(-99, 100, (60, 60)).astype(object) for _ in range(2)]
    result = solve(Game(payoffs), method="lemke_howson")
    assert not result.complete
    (equilibrium,) = result.equilibria  # checked exactly inside solve
    assert all(isinstance(p, F) for mixed in equilibrium.profile for p in mixed)


@pytest.mark.parametrize(
    ("game", "labels", "message"),
    [
        pytest.param(BATTLE, (4,), "label 4 is not a strategy: choose 0 to 3", id="label"),
        pytest.param(
            Game([np.zeros((2, 2, 2))] * 3), (0,), "needs two players, the game has 3", id="n"
        ),
    ],
)
def test_refusals(game: Game, labels: tuple, message: str) -> None:
    with pytest.raises(NegotiationError, match=message):
        solve(game, method="lemke_howson", labels=labels)


def test_command_line() -> None:
    runner = CliRunner()
    game = "tests/data/nfg/bach_or_stravinsky.nfg"
    result = runner.invoke(cli, ["solve", game, "--method", "lemke_howson", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["equilibria"]) == 1
    assert data["equilibria"][0]["pure"]
    result = runner.invoke(cli, ["solve", game, "--method", "lemke_howson", "--label", "all"])
    assert "2 Nash equilibria" in result.output
    assert "may be incomplete" in result.output
    for label, fragment in (("5", "choose 1 to 4 or all"), ("x", "expected a strategy number")):
        result = runner.invoke(cli, ["solve", game, "--method", "lemke_howson", "--label", label])
        assert result.exit_code == 2
        assert fragment in result.output
