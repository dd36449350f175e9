"""Teaching signalling games, as constructors with their textbook parameters as defaults.

Each docstring cites the source of the payoffs and states the textbook's equilibria; the tests
(tests/signalling/test_classic.py) check the solver finds exactly those.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from negotiation.signalling.bayesian import BayesianGame
from negotiation.signalling.game import SignallingGame

__all__ = ["bayesian_battle", "beer_quiche", "job_market", "princess_bride"]


def beer_quiche(prior_strong: Any = Fraction(9, 10)) -> SignallingGame:
    """Beer-quiche (Cho and Kreps 1987; Fudenberg and Tirole 1991, sec. 11.2; Gibbons 1992,
    sec. 4.4).

    Player 1 is weak (prior ``1 - prior_strong``) or strong.  It chooses breakfast, beer or
    quiche; the strong type prefers beer and the weak type quiche, each worth 1.  Player 2 sees
    the breakfast and duels or not; not being dueled is worth 2 to player 1.  Player 2 gets 1
    for dueling the weak type or for not dueling the strong type, 0 otherwise.

    Textbook equilibria at ``prior_strong = 9/10``: two pooling families, both beer (duel after
    quiche, sustained by P(weak | quiche) >= 1/2) and both quiche (duel after beer, by
    P(weak | beer) >= 1/2); the Intuitive Criterion eliminates the quiche pooling.
    """
    prior_strong = Fraction(prior_strong) if isinstance(prior_strong, int) else prior_strong

    def payoff(kind: str, breakfast: str, response: str) -> tuple[int, int]:
        liked = int((kind == "strong") == (breakfast == "beer"))
        spared = 2 * int(response == "not")
        right = int((response == "duel") == (kind == "weak"))
        return liked + spared, right

    return SignallingGame.from_function(
        ("weak", "strong"),
        (1 - prior_strong, prior_strong),
        ("beer", "quiche"),
        ("duel", "not"),
        payoff,
        sender="Player 1",
        receiver="Player 2",
        title="Beer-quiche",
    )


def job_market(
    prior_high: Any = Fraction(1, 3),
    cost_high: Any = 4,
    cost_low: Any = 7,
    wage_manager: Any = 10,
    wage_clerk: Any = 4,
    value_high: Any = 10,
    value_low: Any = 0,
) -> SignallingGame:
    """Spence's job market (Spence 1973), in the version of Watson (2013), fig. 29.1.

    A worker of high (prior ``prior_high``) or low ability chooses education ``E`` or none
    ``N``; education costs ``cost_high`` or ``cost_low``.  A firm sees the choice and hires
    the worker as a manager ``M`` (wage ``wage_manager``; the firm gets ``value_high`` from a
    high-ability manager, ``value_low`` from a low one) or as a clerk ``C`` (wage
    ``wage_clerk``; the firm gets ``wage_clerk`` whatever the type, as in Watson).  The
    defaults are Watson's numbers, the game in Gambit's catalog
    (``books/watson2013/fig29_1``).

    By hand at the defaults: the firm prefers ``M`` iff P(high) * 10 >= 4, P(high) >= 2/5.
    Separating (high E, low N) is a PBE: E -> M, N -> C; high gets 10 - 4 = 6 >= 4, low gets
    4 >= 10 - 7 = 3.  Pooling on N is a PBE with N -> C (prior 1/3 < 2/5) and E -> C,
    sustained by P(high | E) <= 2/5; the Intuitive Criterion rejects it: the low type, at 4,
    cannot gain from E (at most 3), the high type would (6 > 4).  Nothing else (no pooling on
    E: low would get -3 < 4; no hybrid).  Watson (2013), ch. 29.
    """

    def payoff(kind: str, education: str, job: str) -> tuple[Any, Any]:
        cost = (cost_high if kind == "high" else cost_low) if education == "E" else 0
        if job == "M":
            return wage_manager - cost, value_high if kind == "high" else value_low
        return wage_clerk - cost, wage_clerk

    prior_high = Fraction(prior_high) if isinstance(prior_high, int) else prior_high
    return SignallingGame.from_function(
        ("high", "low"),
        (prior_high, 1 - prior_high),
        ("E", "N"),
        ("M", "C"),
        payoff,
        sender="Worker",
        receiver="Firm",
        title="Job market (Spence; Watson 2013)",
    )


def princess_bride(cost_weak: Any = 2) -> SignallingGame:
    """The Princess Bride game (Watson 2013, exercise 29.6; Gambit catalog
    ``books/watson2013/exercise29_6``).

    Wesley is strong or weak (1/2 each); he gets up or stays in bed, the weak Wesley paying
    ``cost_weak`` to get up.  The prince sees it and surrenders or fights; he gets 0 from
    surrendering, 1 from fighting the weak Wesley and -2 from fighting the strong one.  Wesley
    gets 1 if the prince surrenders, 0 if he fights the strong Wesley and -1 if he fights the
    weak one, less the cost.

    By hand at cost 2: the prince fights iff P(weak) * 1 + P(strong) * (-2) >= 0, i.e.
    P(weak) >= 2/3; the prior 1/2 gives surrender.  Pooling on Stay (Stay -> surrender) is a
    PBE with Up -> surrender for P(strong | Up) >= 1/3 and with Up -> fight for <= 1/3 (the
    weak Wesley gets at most 1 - 2 from Up).  Pooling on Up (Up -> surrender) needs Stay ->
    fight, P(strong | Stay) <= 1/3: the weak Wesley gets 1 - 2 = -1 either way.  Separating
    (strong Up, weak Stay; Up -> surrender, Stay -> fight) for the same reason.  That
    indifference of the weak Wesley makes the game non-generic: its hybrids form continua.
    """

    def payoff(kind: str, move: str, response: str) -> tuple[Any, Any]:
        cost = cost_weak if kind == "Weak" and move == "Up" else 0
        if response == "Surrender":
            return 1 - cost, 0
        return (0 if kind == "Strong" else -1) - cost, -2 if kind == "Strong" else 1

    return SignallingGame.from_function(
        ("Strong", "Weak"),
        (Fraction(1, 2), Fraction(1, 2)),
        ("Up", "Stay"),
        ("Surrender", "Fight"),
        payoff,
        sender="Wesley",
        receiver="Prince",
        title="Princess Bride (Watson 2013, ex. 29.6)",
    )


def bayesian_battle(prior_meet: Any = Fraction(1, 2)) -> BayesianGame:
    """Battle of the sexes with uncertainty (Osborne 2004, *An Introduction to Game Theory*,
    ch. 9: the variant of BoS in which player 1 does not know whether player 2 wishes to
    meet her).

    Player 1 is of one type; player 2 wishes to meet player 1 (probability ``prior_meet``) or
    to avoid it.  Actions B and S.  Player 1 gets 2 at (B, B), 1 at (S, S), 0 otherwise.  Player
    2 of type meet gets 1 at (B, B), 2 at (S, S); of type avoid, 2 at (B, S), 1 at (S, B);
    0 otherwise.

    Osborne's answer at 1/2, by hand: the unique pure Bayesian Nash equilibrium is
    (B, (B, S)): against B the meet type plays B (1 > 0) and the avoid type S (2 > 0); against
    (B, S) player 1 gets 1/2 * 2 = 1 from B and 1/2 * 1 = 1/2 from S.  (S, (S, B)) fails:
    against (S, B) player 1 gets 1/2 * 2 = 1 from B > 1/2 from S.
    """
    meet = Fraction(prior_meet)

    def payoff(types: tuple[str, ...], actions: tuple[str, ...]) -> tuple[int, int]:
        first, second = actions
        row = {("B", "B"): 2, ("S", "S"): 1}.get(actions, 0)
        if types[1] == "meet":
            return row, {("B", "B"): 1, ("S", "S"): 2}.get(actions, 0)
        return row, {("B", "S"): 2, ("S", "B"): 1}.get((first, second), 0)

    return BayesianGame.from_function(
        ["Player 1", "Player 2"],
        [["one"], ["meet", "avoid"]],
        [["B", "S"], ["B", "S"]],
        {("one", "meet"): meet, ("one", "avoid"): 1 - meet},
        payoff,
        title="BoS with uncertainty (Osborne 2004, ch. 9)",
    )
