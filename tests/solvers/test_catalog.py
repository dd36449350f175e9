"""The literature games of pygambit's catalog, in reduced strategic form, solved both ways."""

from __future__ import annotations

import pytest
from oracle import enummixed, enumpure, from_gambit, gbt, profile_key

from negotiation.solvers import solve


def catalog_names(players: int) -> list[str]:
    table = gbt.catalog.games()
    return [
        name
        for name in table["Game"]
        if (len(gbt.catalog.load(name).players) == 2) == (players == 2)
    ]


@pytest.mark.oracle
@pytest.mark.parametrize("name", catalog_names(2))
def test_two_player_catalog_games_equal_enummixed(name: str) -> None:
    game = from_gambit(gbt.catalog.load(name))
    assert {profile_key(eq.profile) for eq in solve(game).equilibria} == enummixed(game)


@pytest.mark.oracle
@pytest.mark.parametrize("name", catalog_names(3))
def test_other_catalog_games_pure_equilibria_equal_enumpure(name: str) -> None:
    game = from_gambit(gbt.catalog.load(name))
    result = solve(game, method="pure")
    assert {profile_key(eq.profile) for eq in result.equilibria} == enumpure(game)
