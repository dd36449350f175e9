"""Rubinstein's alternating offers: the immediate-agreement split, and its finite-horizon root.

Two players divide a pie of size 1.  The proposer offers a split; the responder accepts, or
rejects and proposes next round.  Each player ``i`` discounts a round's delay by ``d_i``;
after a rejection the talks break down with probability ``q`` (each side then gets its
disagreement payoff ``D_i``: war), as in Binmore, Rubinstein and Wolinsky ("The Nash bargaining
solution in economic modelling", RAND Journal of Economics 17, 1986).  A responder may also
hold an outside option ``o_i`` it can take instead of rejecting (Osborne and Rubinstein,
"Bargaining and Markets", 1990, section 3.12: the outside option principle).

The unique subgame-perfect equilibrium (Rubinstein, "Perfect equilibrium in a bargaining
model", Econometrica 50, 1982) agrees at once.  Let ``a_j = (1 - q) d_j`` and
``b_j = q D_j``: the responder ``j`` accepts exactly its value of rejecting,
``b_j + a_j y_j``, where ``y_j`` is its share when it proposes; solving the two equations gives
the proposer's share ``x_i = (1 - b_j - a_j (1 - b_i)) / (1 - a_i a_j)``, which without
breakdown is ``(1 - d_j) / (1 - d_i d_j)``.  With outside options the acceptance level is
``max(o_j, b_j + a_j y_j)``; that system is solved case by case.

The finite-horizon game (`alternating_offers`) is solved by backward induction (Stahl,
"Bargaining theory", 1972): as the number of rounds grows its first-round split converges to
Rubinstein's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import Any

from negotiation.errors import NegotiationError

__all__ = ["Round", "alternating_offers", "rubinstein_shares", "rubinstein_steps"]


def _terms(discounts, breakdown, disagreement) -> tuple[tuple, tuple]:
    """The per-player ``a`` (weight of the next round) and ``b`` (breakdown value)."""
    weights = tuple((1 - breakdown) * discount for discount in discounts)
    values = tuple(breakdown * payoff for payoff in disagreement)
    return weights, values


def rubinstein_shares(
    discounts: Sequence[Any],
    first: int = 0,
    breakdown: Any = 0,
    disagreement: Sequence[Any] = (0, 0),
    outside: Sequence[Any | None] = (None, None),
) -> tuple[Any, Any]:
    """The shares ``(player 0, player 1)`` agreed at once in the subgame-perfect equilibrium.

    Parameters
    ----------
    discounts : pair
        Each player's discount factor per round, in ``[0, 1)`` (or 1 with ``breakdown > 0``).
    first : int
        Who proposes first (0 or 1).
    breakdown : number
        The probability ``q`` that talks break down after a rejection.
    disagreement : pair
        The payoffs on breakdown (war).
    outside : pair
        Outside options a responder may take instead of rejecting (None: none).

    Without outside options this is arithmetic only, so sympy symbols give the formula.

    Raises
    ------
    NegotiationError
        When ``a_0 a_1 = 1`` (no one is impatient and talks never break down: no unique
        split), or when the outside options or breakdown payoffs sum to more than the pie.

    Examples
    --------
    >>> rubinstein_shares((Fraction(9, 10), Fraction(9, 10)))
    (Fraction(10, 19), Fraction(9, 19))
    """
    weights, values = _terms(discounts, breakdown, disagreement)
    if weights[0] * weights[1] == 1:
        msg = "with no discounting and no risk of breakdown the split is not unique"
        raise NegotiationError(msg)
    second = 1 - first
    if all(option is None for option in outside):
        share = (1 - values[second] - weights[second] * (1 - values[first])) / (
            1 - weights[first] * weights[second]
        )
        return (share, 1 - share) if first == 0 else (1 - share, share)
    if sum(_at_least(option, value) for option, value in zip(outside, values, strict=True)) > 1:
        msg = "the outside options (or breakdown payoffs) exceed the pie: no agreement"
        raise NegotiationError(msg)
    levels = _acceptance_levels(weights, values, tuple(outside))
    share = 1 - levels[second]
    return (share, 1 - share) if first == 0 else (1 - share, share)


def _at_least(option: Any, value: Any) -> Any:
    """``max(option, value)``, where a missing option (None) never binds."""
    return value if option is None else max(option, value)


def _acceptance_levels(weights, values, floors) -> tuple:
    """Solve ``r_j = max(o_j, b_j + a_j (1 - r_i))`` for both players, case by case.

    The map is a contraction (factor ``a_0 a_1 < 1``), so exactly one case is consistent.
    """
    for binds in product((False, True), repeat=2):
        if any(bind and floor is None for bind, floor in zip(binds, floors, strict=True)):
            continue
        # r_j = o_j where the option binds, else b_j + a_j (1 - r_i).
        if binds[0] and binds[1]:
            levels = (floors[0], floors[1])
        elif binds[0]:
            levels = (floors[0], values[1] + weights[1] * (1 - floors[0]))
        elif binds[1]:
            levels = (values[0] + weights[0] * (1 - floors[1]), floors[1])
        else:
            denominator = 1 - weights[0] * weights[1]
            level0 = (values[0] + weights[0] * (1 - values[1] - weights[1])) / denominator
            levels = (level0, values[1] + weights[1] * (1 - level0))
        expected = tuple(
            _at_least(floors[j], values[j] + weights[j] * (1 - levels[1 - j])) for j in (0, 1)
        )
        if expected == levels:
            return levels
    msg = "no consistent acceptance levels"  # unreachable for a contraction
    raise AssertionError(msg)


@dataclass(frozen=True)
class Round:
    """One round of the finite game, solved: who proposes and the split it offers."""

    number: int
    proposer: int
    shares: tuple[Fraction, Fraction]


def alternating_offers(
    discounts: Sequence[Fraction],
    rounds: int,
    first: int = 0,
    breakdown: Fraction = Fraction(0),
    disagreement: Sequence[Fraction] = (Fraction(0), Fraction(0)),
    outside: Sequence[Fraction | None] = (None, None),
) -> tuple[Round, ...]:
    """Backward induction in the alternating-offers game cut after ``rounds`` rounds.

    In the last round the responder's alternative is disagreement, so it gets ``D_j`` and the
    proposer the rest; in each earlier round the responder gets its value of rejecting,
    ``q D_j + (1 - q) d_j`` times its share in the next round, or its outside option if
    that is more.  Returns the rounds in
    order of play, each with its split in that round's units; round 1's split is the
    equilibrium agreement.

    Examples
    --------
    >>> [r.shares for r in alternating_offers((Fraction(1, 2), Fraction(1, 2)), 2)]
    [(Fraction(1, 2), Fraction(1, 2)), (Fraction(0, 1), Fraction(1, 1))]
    """
    if rounds < 1:
        msg = f"rounds must be positive, got {rounds}"
        raise NegotiationError(msg)
    weights, values = _terms(discounts, breakdown, disagreement)
    solved: list[Round] = []
    later: tuple | None = None
    for number in range(rounds, 0, -1):
        proposer = first if number % 2 == 1 else 1 - first
        responder = 1 - proposer
        if later is None:
            offer = disagreement[responder]
        else:
            offer = values[responder] + weights[responder] * later[responder]
        offer = _at_least(outside[responder], offer)
        shares = [Fraction(0), Fraction(0)]
        shares[responder], shares[proposer] = offer, 1 - offer
        later = tuple(shares)
        solved.append(Round(number, proposer, later))
    return tuple(reversed(solved))


def rubinstein_steps(
    discounts: Sequence[Fraction],
    rounds: int = 4,
    first: int = 0,
    players: Sequence[str] = ("A", "B"),
) -> str:
    """Rubinstein explained: backward induction over a few rounds, then the infinite limit."""
    shares = rubinstein_shares(discounts, first)
    lines = [
        f"Alternating offers over a pie of 1; {players[first]} proposes first; "
        f"discount factors {players[0]} {discounts[0]}, {players[1]} {discounts[1]}.",
        "Cut the game after a few rounds and solve it backwards: in the last round the "
        "responder gets nothing (its alternative is disagreement), and in each earlier round "
        "the responder is offered exactly its discounted share of the next round.",
    ]
    for horizon in range(1, rounds + 1):
        played = alternating_offers(discounts, horizon, first)
        split = played[0].shares
        lines.append(
            f"  {horizon} round{'s' if horizon > 1 else ''}: {players[0]} {split[0]}, "
            f"{players[1]} {split[1]}"
        )
    proposer, responder = first, 1 - first
    lines.append(
        f"As the rounds grow the first split converges (Stahl 1972) to Rubinstein's: "
        f"{players[proposer]} gets (1 - d_{players[responder]}) / (1 - d_{players[0]} "
        f"d_{players[1]}) = {shares[proposer]}, {players[responder]} {shares[responder]}."
    )
    return "\n".join(lines)
