"""What solving a repeated game returns: the critical-delta JSON of issue 12 item 5."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.repeated.critical import grim_trigger_delta, k_period_delta
from negotiation.repeated.problem import Repeated
from negotiation.repeated.result import grim_trigger_steps, solve_repeated

F = Fraction
CEASEFIRE = Game(
    [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    ["Russia", "Turkey"],
    [["hold", "thrust"], ["hold", "escalate"]],
    title="Ceasefire",
)


def test_json_critical_deltas() -> None:
    result = solve_repeated(
        Repeated(CEASEFIRE, F(3, 4), (0, 0), unseen=F(1, 4), false_alarm=F(1, 10), rounds=2)
    )
    data = result.to_json()
    assert data["form"] == "repeated"
    assert data["punishment"] == {"Russia": "thrust", "Turkey": "escalate"}
    assert data["critical_delta"] == {
        "grim_trigger": "1/2",
        "tit_for_tat": "never",  # (T-R)/(R-S) = 2/3 > (P-S)/(T-P) = 1/4: no delta works
        "punishment_1": "never",
        "punishment_2": "-1/2 + sqrt(5)/2",
        "punishment_3": "CRootOf(x**3 + x**2 + x - 1, 0)",
        "grim_trigger_noisy": "20/31",
    }
    assert data["sustained_now"]["grim_trigger"] is True
    assert data["sustained_at"]["punishment_2"] == "[-1/2 + sqrt(5)/2, 1)"
    assert data["minmax"] == {
        "pure": {"Russia": "1", "Turkey": "1"},
        "mixed": {"Russia": "1", "Turkey": "1"},
    }
    assert data["equilibrium_payoffs"]["approximation"] == "exact"
    assert data["finite_horizon"]["equilibria"][0]["payoffs"] == {
        "Russia": "7/4",
        "Turkey": "7/4",  # 1 + 3/4
    }
    assert json.loads(json.dumps(data)) == data


def test_text_and_explanation() -> None:
    result = solve_repeated(Repeated(CEASEFIRE, F(1, 3), (0, 0)))
    text = result.text()
    assert text.splitlines()[0] == "Ceasefire: sustaining (hold, hold) at delta = 1/3"
    assert "grim trigger" in text
    assert "[1/2, 1)" in text
    assert "no" in text.split("grim trigger")[1].splitlines()[0]  # 1/3 < 1/2
    steps = result.explain()
    assert "delta >= (5 - 3) / (5 - 1) = 1/2" in steps
    assert steps.endswith("Critical delta: 1/2 (the largest over the players).")


def test_default_punishment_is_the_cheapest_pure_equilibrium() -> None:
    """Two pure stage equilibria, (D, D) paying 1 and (R, R) paying 3: grim trigger to
    sustain (C, C) = (4, 4) against T = 5 needs (5 - 4)/(5 - 1) = 1/4 with (D, D) and
    (5 - 4)/(5 - 3) = 1/2 with (R, R); the default picks (D, D)."""
    game = Game([[[4, 0, 0], [5, 1, 0], [0, 0, 3]], [[4, 5, 0], [0, 1, 0], [0, 0, 3]]])
    result = solve_repeated(Repeated(game, F(1, 2), (0, 0), periods=()))
    assert result.punishment == (1, 1)
    assert result.critical_delta["grim_trigger"] == F(1, 4)
    assert grim_trigger_delta(game, (0, 0), (2, 2)) == F(1, 2)


def test_punishment_that_rewards() -> None:
    """Punishing with (R, R) = (3, 3) a target that pays (1, 1): the players want to
    trigger it, so grim trigger fails for patient players, and the k-period closed form
    refuses (a player could prolong the punishment)."""
    game = Game([[[1, 0, 0], [0, 1, 0], [0, 0, 3]], [[1, 0, 0], [0, 1, 0], [0, 0, 3]]])
    assert grim_trigger_delta(game, (0, 0), (2, 2)) is None
    assert "P >= R: the punishment does not hurt" in grim_trigger_steps(game, (0, 0), (2, 2))
    with pytest.raises(NegotiationError, match="punishment that hurts"):
        k_period_delta(game, (0, 0), (2, 2), 2)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param({"delta": F(1)}, "discount factor", id="delta_one"),
        pytest.param({"target": (0, 2)}, "not a pure profile", id="bad_target"),
        pytest.param({"rounds": 0}, "rounds must be positive", id="no_rounds"),
    ],
)
def test_bad_repeated_games_are_refused(kwargs, match) -> None:
    arguments = {"stage": CEASEFIRE, "delta": F(1, 2), "target": (0, 0)} | kwargs
    with pytest.raises(NegotiationError, match=match):
        Repeated(**arguments)


def test_no_pure_equilibrium_needs_a_punishment() -> None:
    pennies = Game([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    with pytest.raises(NegotiationError, match="give the punishment profile"):
        solve_repeated(Repeated(pennies, F(1, 2), (0, 0)))
