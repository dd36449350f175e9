"""The textbook equilibria of the teaching games, all of them, with belief intervals and the
Intuitive Criterion's verdicts.  Expected values are cited; the derivations by hand are in the
constructors' docstrings (negotiation/signalling/classic.py) and in the comments here."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction as F

import pytest
from signalling_checks import verify_pbe

from negotiation.errors import GameError
from negotiation.signalling.classic import beer_quiche, job_market, princess_bride
from negotiation.signalling.game import SignallingGame
from negotiation.signalling.pbe import perfect_bayesian_equilibria


@dataclass(frozen=True)
class Expected:
    game: SignallingGame
    # One JSON object per PBE, in the solver's order (pooling, separating, hybrid); only the
    # keys of issue 13 are compared.
    equilibria: list[dict]


KEYS = ("kind", "sender", "receiver", "beliefs", "intuitive_criterion")

CASES = [
    pytest.param(
        # Cho and Kreps (1987), sec. II; Fudenberg and Tirole (1991), sec. 11.2: at
        # P(strong) = 9/10 two pooling families.  Player 2 duels iff P(weak) >= 1/2.
        # Both beer: weak gets 2 (no duel), quiche must bring a duel (weak would get 3), so
        # P(weak | quiche) in [1/2, 1].  Both quiche: symmetric, P(weak | beer) in [1/2, 1].
        # The Intuitive Criterion: at the quiche pooling the weak type (3 > at most 2 from
        # beer) is equilibrium-dominated at beer; then beer brings no duel and the strong type
        # gets 3 > 2: fails.  The beer pooling passes.
        Expected(
            beer_quiche(),
            [
                {
                    "kind": "pooling",
                    "sender": {"weak": {"beer": "1"}, "strong": {"beer": "1"}},
                    "receiver": {"beer": {"not": "1"}, "quiche": {"duel": "1"}},
                    "beliefs": {
                        "beer": {"weak": "1/10", "strong": "9/10"},
                        "quiche": {"weak": ["1/2", "1"], "strong": ["0", "1/2"]},
                    },
                    "intuitive_criterion": True,
                },
                {
                    "kind": "pooling",
                    "sender": {"weak": {"quiche": "1"}, "strong": {"quiche": "1"}},
                    "receiver": {"beer": {"duel": "1"}, "quiche": {"not": "1"}},
                    "beliefs": {
                        "beer": {"weak": ["1/2", "1"], "strong": ["0", "1/2"]},
                        "quiche": {"weak": "1/10", "strong": "9/10"},
                    },
                    "intuitive_criterion": False,
                },
            ],
        ),
        id="beer_quiche",
    ),
    pytest.param(
        # Below P(strong) = 1/2 no pure PBE (beer pooling would be dueled).  By hand at 1/3:
        # the strong type drinks beer; the weak type mixes so that P(weak | beer) = 1/2, i.e.
        # (2/3) x / ((2/3) x + 1/3) = 1/2, x = 1/2; player 2 duels after beer with
        # probability d making the weak type indifferent: 2 (1 - d) = 1 (quiche, dueled), d =
        # 1/2.  No other: the other hybrids need a probability above 1 or contradictory
        # indifferences (both types mixing: d_Q - d_B = 1/2 and d_B - d_Q = 1/2).
        Expected(
            beer_quiche(F(1, 3)),
            [
                {
                    "kind": "hybrid",
                    "sender": {
                        "weak": {"beer": "1/2", "quiche": "1/2"},
                        "strong": {"beer": "1"},
                    },
                    "receiver": {"beer": {"duel": "1/2", "not": "1/2"}, "quiche": {"duel": "1"}},
                    "beliefs": {
                        "beer": {"weak": "1/2", "strong": "1/2"},
                        "quiche": {"weak": "1", "strong": "0"},
                    },
                    "intuitive_criterion": True,
                },
            ],
        ),
        id="beer_quiche_hybrid",
    ),
    pytest.param(
        # Watson (2013), ch. 29, fig. 29.1 (derivation in job_market's docstring): the firm
        # hires as manager iff P(high) >= 2/5.  Pooling on N with E -> C, P(high | E) in
        # [0, 2/5], fails the Intuitive Criterion; the separating equilibrium passes.
        Expected(
            job_market(),
            [
                {
                    "kind": "pooling",
                    "sender": {"high": {"N": "1"}, "low": {"N": "1"}},
                    "receiver": {"E": {"C": "1"}, "N": {"C": "1"}},
                    "beliefs": {
                        "E": {"high": ["0", "2/5"], "low": ["3/5", "1"]},
                        "N": {"high": "1/3", "low": "2/3"},
                    },
                    "intuitive_criterion": False,
                },
                {
                    "kind": "separating",
                    "sender": {"high": {"E": "1"}, "low": {"N": "1"}},
                    "receiver": {"E": {"M": "1"}, "N": {"C": "1"}},
                    "beliefs": {"E": {"high": "1", "low": "0"}, "N": {"high": "0", "low": "1"}},
                    "intuitive_criterion": True,
                },
            ],
        ),
        id="job_market",
    ),
    pytest.param(
        # Education too cheap for the low type to be deterred (cost_low = 5 < 10 - 4): no
        # separation; pooling on N passes the Intuitive Criterion, since the low type, at 4,
        # could gain from E (10 - 5 = 5 > 4) and is not equilibrium-dominated.  Hybrid: the
        # low type mixes so that P(high | E) = 2/5: (1/3) / (1/3 + (2/3) x) = 2/5, x = 3/4;
        # the firm mixes after E so that the low type is indifferent: 10 m + 4 (1 - m) - 5 =
        # 4, m = 5/6; the high type then gets 10 (5/6) + 4 (1/6) - 4 = 5 > 4 from E.
        Expected(
            job_market(cost_low=5),
            [
                {
                    "kind": "pooling",
                    "sender": {"high": {"N": "1"}, "low": {"N": "1"}},
                    "receiver": {"E": {"C": "1"}, "N": {"C": "1"}},
                    "beliefs": {
                        "E": {"high": ["0", "2/5"], "low": ["3/5", "1"]},
                        "N": {"high": "1/3", "low": "2/3"},
                    },
                    "intuitive_criterion": True,
                },
                {
                    "kind": "hybrid",
                    "sender": {"high": {"E": "1"}, "low": {"E": "3/4", "N": "1/4"}},
                    "receiver": {"E": {"M": "5/6", "C": "1/6"}, "N": {"C": "1"}},
                    "beliefs": {
                        "E": {"high": "2/5", "low": "3/5"},
                        "N": {"high": "0", "low": "1"},
                    },
                    "intuitive_criterion": True,
                },
            ],
        ),
        id="job_market_cheap_education",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_textbook_equilibria(case: Expected):
    result = perfect_bayesian_equilibria(case.game)
    found = [{key: eq.to_json(case.game)[key] for key in KEYS} for eq in result]
    assert found == case.equilibria


@pytest.mark.parametrize("case", CASES)
def test_every_equilibrium_verified(case: Expected):
    result = perfect_bayesian_equilibria(case.game)
    assert len(result) > 0
    for eq in result:
        verify_pbe(case.game, eq)
        assert eq.determined


def test_princess_bride_families():
    # Watson (2013), exercise 29.6, cost 2 (derivation in princess_bride's docstring): the
    # prince fights iff P(weak) >= 2/3.  The weak Wesley is indifferent between getting up
    # against surrender (1 - 2 = -1) and staying to be fought (-1): the game is non-generic,
    # so its hybrids form continua, reported once each and marked not determined.
    game = princess_bride()
    result = perfect_bayesian_equilibria(game)
    pure = sorted(eq.describe(game) for eq in result if eq.pure)
    assert pure == [
        "pooling: Strong Stay, Weak Stay; Up -> Fight, Stay -> Surrender",
        "pooling: Strong Stay, Weak Stay; Up -> Surrender, Stay -> Surrender",
        "pooling: Strong Up, Weak Up; Up -> Surrender, Stay -> Fight",
        "separating: Strong Up, Weak Stay; Up -> Surrender, Stay -> Fight",
    ]
    by_name = {eq.describe(game): eq for eq in result}
    stay = by_name["pooling: Strong Stay, Weak Stay; Up -> Surrender, Stay -> Surrender"]
    assert stay.beliefs[0].interval(0) == (F(1, 3), F(1))  # P(Strong | Up) >= 1/3
    assert all(eq.determined == eq.pure for eq in result)
    for eq in result:
        verify_pbe(game, eq)


def test_symbolic_game_refused():
    sympy = pytest.importorskip("sympy")
    game = job_market(cost_low=sympy.Symbol("c"))
    with pytest.raises(GameError, match="exact numbers"):
        perfect_bayesian_equilibria(game)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param({"prior": (F(1, 2), F(1, 3))}, "sum to 1", id="prior_sum"),
        pytest.param({"prior": (F(3, 2), F(-1, 2))}, "non-negative", id="prior_negative"),
        pytest.param({"messages": ("a", "a")}, "distinct", id="duplicate_message"),
        pytest.param({"sender_payoffs": (((1, 2),),) * 2}, "1 entries for 2", id="short_row"),
        pytest.param({"sender_payoffs": (((1.5, 0), (0, 0)),) * 2}, "float", id="float_payoff"),
    ],
)
def test_bad_game(kwargs, match):
    base = {
        "types": ("x", "y"),
        "prior": (F(1, 2), F(1, 2)),
        "messages": ("a", "b"),
        "actions": (("L", "R"), ("L", "R")),
        "sender_payoffs": (((0, 0), (0, 0)),) * 2,
        "receiver_payoffs": (((0, 0), (0, 0)),) * 2,
    }
    with pytest.raises(GameError, match=match):
        SignallingGame(**{**base, **kwargs})
