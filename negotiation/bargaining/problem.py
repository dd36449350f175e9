"""One bargain over terms at one parameter point: who bargains, over what, and what failure
means.

This is the concrete game that a bargaining scenario produces at given parameter values (the
"values in, a game out" step): two players, the feasible agreements (named outcomes and their
lotteries, or by default the division of a pie of 1), the disagreement point (war: built by
`Bargain.from_war` from a win probability and costs), and the terms of alternating offers
(patience, who proposes first, the risk of breakdown, outside options).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from negotiation.bargaining.war import war_payoffs
from negotiation.errors import NegotiationError

__all__ = ["PIE", "Bargain"]

# Dividing a pie of 1: every split is a lottery over "one side takes all".
PIE: Mapping[str, tuple[Fraction, Fraction]] = {
    "first takes all": (Fraction(1), Fraction(0)),
    "second takes all": (Fraction(0), Fraction(1)),
}


def _exact(value: object, what: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Fraction | str):
        msg = f"{what} must be an exact number (int, Fraction or '3/4'), got {value!r}"
        raise NegotiationError(msg)
    return Fraction(value)


@dataclass(frozen=True)
class Bargain:
    """A two-player bargaining problem with the terms of alternating offers.

    Attributes
    ----------
    players : pair of str
    disagreement : pair of Fraction
        Each side's payoff if no agreement is reached (war).
    outcomes : mapping of str to pair of Fraction
        Named agreements and each side's payoff; their lotteries are feasible too.  By
        default the division of a pie of 1, in which the Fearon range and Rubinstein's split
        live; the axiomatic solutions use these outcomes.
    discounts : pair of Fraction
        Each side's patience per round of offers.
    first : int
        Who proposes first.
    breakdown : Fraction
        The chance that talks break down (into war) after a rejection.
    outside : pair of Fraction or None
        Outside options a responder may take instead of rejecting.
    war : mapping
        ``p``, ``cost_a``, ``cost_b`` when the disagreement point came from war, for the
        explanation of the Fearon range.
    title : str
    """

    players: tuple[str, str]
    disagreement: tuple[Fraction, Fraction]
    outcomes: Mapping[str, tuple[Fraction, Fraction]] = field(default_factory=lambda: dict(PIE))
    discounts: tuple[Fraction, Fraction] = (Fraction(9, 10), Fraction(9, 10))
    first: int = 0
    breakdown: Fraction = Fraction(0)
    outside: tuple[Fraction | None, Fraction | None] = (None, None)
    war: Mapping[str, Fraction] = field(default_factory=dict)
    title: str = ""

    def __post_init__(self) -> None:
        if len(self.players) != 2 or len(set(self.players)) != 2:
            msg = f"a bargain needs two distinct players, got {self.players!r}"
            raise NegotiationError(msg)
        if self.first not in (0, 1):
            msg = f"first must be 0 or 1 (the proposer's index), got {self.first!r}"
            raise NegotiationError(msg)
        for discount in self.discounts:
            if not 0 <= discount <= 1:
                msg = f"discount factors must lie in [0, 1], got {discount}"
                raise NegotiationError(msg)
        if not 0 <= self.breakdown <= 1:
            msg = f"the breakdown probability must lie in [0, 1], got {self.breakdown}"
            raise NegotiationError(msg)
        if not self.outcomes:
            msg = "a bargain needs at least one outcome"
            raise NegotiationError(msg)

    @classmethod
    def from_war(
        cls,
        players: tuple[str, str],
        p: Fraction | int | str,
        cost_a: Fraction | int | str,
        cost_b: Fraction | int | str,
        **terms: object,
    ) -> Bargain:
        """A bargain whose disagreement point is war: the first side wins with probability
        ``p``; fighting costs ``cost_a`` and ``cost_b`` (shares of the pie).

        Examples
        --------
        >>> Bargain.from_war(("Russia", "Turkey"), "3/5", "1/10", "3/20").disagreement
        (Fraction(1, 2), Fraction(1, 4))
        """
        war = {
            "p": _exact(p, "p"),
            "cost_a": _exact(cost_a, "cost_a"),
            "cost_b": _exact(cost_b, "cost_b"),
        }
        if not 0 <= war["p"] <= 1:
            msg = f"the win probability must lie in [0, 1], got {war['p']}"
            raise NegotiationError(msg)
        disagreement = war_payoffs(war["p"], war["cost_a"], war["cost_b"])
        return cls(players=players, disagreement=disagreement, war=war, **terms)
