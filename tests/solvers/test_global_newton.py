"""Method ``gnm``: Gambit's global Newton method, re-checked, marked numerical and incomplete."""

from __future__ import annotations

import json
import sys
from fractions import Fraction

import numpy as np
import pytest
from click.testing import CliRunner

from negotiation.deviation import regrets
from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.solvers import solve
from negotiation.solvers.support_enumeration import mixed_equilibria

pytest.importorskip("pygambit")


def _jordan() -> Game:
    """Jordan's three-player matching pennies: one equilibrium, everyone mixing 1/2."""
    first, second, third = np.indices((2, 2, 2))
    return Game([(first == second) * 1, (second == third) * 1, (third != first) * 1])


def test_unique_equilibrium_is_found_and_marked_numerical() -> None:
    result = solve(_jordan(), method="gnm")
    (equilibrium,) = result.equilibria
    assert np.allclose(np.array(equilibrium.profile, dtype=float), 0.5, atol=1e-9)
    assert (result.exact, result.complete, result.method) == (False, False, "gnm")
    listed = result.list_json()
    assert listed["numerical"] is True
    assert listed["complete"] is False
    assert 0 <= listed["regret"] < 1e-9


@pytest.mark.parametrize(("shape", "seed"), [((3, 3, 3), 0), ((2, 2, 2, 2), 1), ((4, 4, 4), 2)])
def test_every_profile_has_small_regret_and_is_an_exact_equilibrium_nearby(shape, seed) -> None:
    """Each profile's regret, recomputed here in rationals from its floats, is at most the
    reported one; on games small enough, each is near one of support enumeration's."""
    rng = np.random.default_rng(seed)
    game = Game([rng.integers(-(10**4), 10**4, size=shape) for _ in shape])
    result = solve(game, method="gnm")
    assert result.equilibria
    for equilibrium in result.equilibria:
        exact = [[Fraction(p) for p in mixed] for mixed in equilibrium.profile]
        exact = [[p / sum(mixed) for p in mixed] for mixed in exact]
        assert float(max(regrets(game, exact))) <= result.regret + 1e-12
    if shape != (4, 4, 4):
        complete = [
            np.array([float(p) for mixed in profile for p in mixed])
            for profile in mixed_equilibria(game).profiles
        ]
        for equilibrium in result.equilibria:
            found = np.array([p for mixed in equilibrium.profile for p in mixed])
            assert any(np.allclose(found, mine, atol=1e-6) for mine in complete)


def test_missing_pygambit_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pygambit", None)
    with pytest.raises(NegotiationError, match="needs pygambit"):
        solve(_jordan(), method="gnm")


def test_command_line_json() -> None:
    from cli.main import cli

    result = CliRunner().invoke(cli, ["solve", "idlib-hts", "--method", "gnm", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["method"], data["complete"], data["numerical"]) == ("gnm", False, True)
    assert data["regret"] <= 1e-6
