"""Properties: relabelling types or messages permutes the equilibria; bad Bayesian games are
refused with a message naming the problem."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from negotiation.errors import GameError
from negotiation.signalling.bayesian import BayesianGame
from negotiation.signalling.game import SignallingGame
from negotiation.signalling.pbe import perfect_bayesian_equilibria

payoff = st.integers(-3, 3)
table = st.lists(
    st.lists(st.lists(payoff, min_size=2, max_size=2), min_size=2, max_size=2),
    min_size=2,
    max_size=2,
)
# Each example solves three games; shrinking a failure would take minutes, so it is off.
NO_SHRINK = [Phase.explicit, Phase.generate]
prior = st.sampled_from([F(1, 5), F(1, 3), F(1, 2), F(3, 5), F(7, 8)])


def build(first, sender, receiver, types=("a", "b"), messages=("m", "n")):
    return SignallingGame(
        types,
        (first, 1 - first),
        messages,
        (("x", "y"), ("x", "y")),
        tuple(tuple(tuple(cell) for cell in row) for row in sender),
        tuple(tuple(tuple(cell) for cell in row) for row in receiver),
    )


def answer(game) -> set[str]:
    """Each equilibrium's JSON, keyed by labels, with the list of messages sent sorted."""
    found = set()
    for eq in perfect_bayesian_equilibria(game):
        data = eq.to_json(game)
        data["on_path"] = sorted(data["on_path"])
        found.add(json.dumps(data, sort_keys=True))
    return found


@settings(max_examples=20, deadline=None, database=None, phases=NO_SHRINK)
@given(first=prior, sender=table, receiver=table)
def test_relabelling_types_and_messages_permutes_equilibria(first, sender, receiver):
    game = build(first, sender, receiver)
    swapped_types = build(1 - first, sender[::-1], receiver[::-1], types=("b", "a"))
    swapped_messages = build(
        first,
        [row[::-1] for row in sender],
        [row[::-1] for row in receiver],
        messages=("n", "m"),
    )
    # Only continua (determined = false) may be represented by different points.
    determined = {s for s in answer(game) if '"determined": true' in s}
    assert determined == {s for s in answer(swapped_types) if '"determined": true' in s}
    assert determined == {s for s in answer(swapped_messages) if '"determined": true' in s}


@pytest.mark.parametrize(
    ("prior_table", "match"),
    [
        pytest.param({("x", "u"): F(1, 2)}, "sums to 1/2", id="short_prior"),
        pytest.param({("x", "w"): F(1)}, "unknown type", id="unknown_type"),
        pytest.param({("x", "u"): F(3, 2), ("x", "v"): F(-1, 2)}, "negative", id="negative"),
    ],
)
def test_bad_bayesian_game(prior_table, match):
    with pytest.raises(GameError, match=match):
        BayesianGame.from_function(
            ["Ann", "Bob"], [["x"], ["u", "v"]], [["T"], ["L"]], prior_table, lambda t, a: (0, 0)
        )


def test_bayesian_payoffs_must_be_exact():
    with pytest.raises(GameError, match="not an exact number"):
        BayesianGame.from_function(["Ann"], [["x"]], [["T"]], {("x",): 1}, lambda t, a: (0.5,))
