"""What solving a bargain returns: every solution at once, exact, with its explanation.

`solve_bargain` is the function a future ``negotiation solve`` of a bargaining scenario calls
on the `Bargain` the scenario gives at its parameter values; `BargainingResult.to_json` is the
JSON of issue 12 item 5 (exact numbers as strings).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from negotiation.bargaining.axiomatic import egalitarian, kalai_smorodinsky, nash_solution
from negotiation.bargaining.problem import Bargain
from negotiation.bargaining.rubinstein import rubinstein_shares, rubinstein_steps
from negotiation.bargaining.war import acceptable_splits, fearon_steps
from negotiation.display import Report
from negotiation.errors import NegotiationError

__all__ = ["BargainingResult", "rubinstein_split", "solve_bargain"]

Pair = tuple[Fraction, Fraction]


@dataclass(frozen=True)
class BargainingResult(Report):
    """The solutions of one bargain.

    Attributes
    ----------
    bargain : Bargain
    fearon_range : pair or None
        The first side's shares both prefer to disagreement (None: empty).
    rubinstein : pair or None
        The alternating-offers split agreed at once (None: the outside options or breakdown
        payoffs leave nothing to share).
    nash, kalai_smorodinsky, egalitarian : pair
        The axiomatic solutions on the bargain's outcomes, as payoff pairs.
    """

    bargain: Bargain
    fearon_range: Pair | None
    rubinstein: Pair | None
    nash: Pair
    kalai_smorodinsky: Pair
    egalitarian: Pair

    def _by_player(self, pair: Pair) -> dict[str, str]:
        return {
            player: str(value) for player, value in zip(self.bargain.players, pair, strict=True)
        }

    def to_json(self) -> dict:
        """``{"form": "bargaining", ..., "solutions": {"fearon_range": [low, high] | null,
        "rubinstein": {player: share}, "nash": {player: payoff}, ...}}``."""
        bargain = self.bargain
        return {
            "game": bargain.title,
            "form": "bargaining",
            "players": list(bargain.players),
            "disagreement": self._by_player(bargain.disagreement),
            "terms": {
                "discounts": self._by_player(bargain.discounts),
                "first": bargain.players[bargain.first],
                "breakdown": str(bargain.breakdown),
                "outside": {
                    player: None if option is None else str(option)
                    for player, option in zip(bargain.players, bargain.outside, strict=True)
                },
            },
            "solutions": {
                "fearon_range": None
                if self.fearon_range is None
                else [str(value) for value in self.fearon_range],
                "rubinstein": None
                if self.rubinstein is None
                else self._by_player(self.rubinstein),
                "nash": self._by_player(self.nash),
                "kalai_smorodinsky": self._by_player(self.kalai_smorodinsky),
                "egalitarian": self._by_player(self.egalitarian),
            },
        }

    def text(self) -> str:
        """A table: each solution and what each side gets."""
        from negotiation.text import table

        first, second = self.bargain.players
        rows = [["disagreement (war)", *map(str, self.bargain.disagreement)]]
        if self.fearon_range is None:
            rows.append(["Fearon range", "empty", ""])
        else:
            low, high = self.fearon_range
            rows.append(["Fearon range", f"{low} to {high}", f"{1 - high} to {1 - low}"])
        if self.rubinstein is not None:
            rows.append(["Rubinstein", *map(str, self.rubinstein)])
        rows += [
            ["Nash", *map(str, self.nash)],
            ["Kalai-Smorodinsky", *map(str, self.kalai_smorodinsky)],
            ["egalitarian", *map(str, self.egalitarian)],
        ]
        title = self.bargain.title or f"Bargaining: {first} and {second}"
        return f"{title} (exact)\n" + table(["solution", first, second], rows)

    def explain(self) -> str:
        """How the answers follow, for teaching: the Fearon range, then Rubinstein."""
        bargain = self.bargain
        parts = []
        if bargain.war:
            parts.append(
                "The bargaining range (Fearon 1995):\n"
                + fearon_steps(
                    bargain.war["p"], bargain.war["cost_a"], bargain.war["cost_b"], bargain.players
                )
            )
        if (
            self.rubinstein is not None
            and bargain.breakdown == 0
            and bargain.outside
            == (
                None,
                None,
            )
        ):
            parts.append(
                "Alternating offers (Rubinstein 1982):\n"
                + rubinstein_steps(bargain.discounts, 4, bargain.first, bargain.players)
            )
        gains = [value - base for value, base in zip(self.nash, bargain.disagreement, strict=True)]
        parts.append(
            f"Nash bargaining maximises the product of gains over disagreement: at "
            f"{self.nash[0]}, {self.nash[1]} the gains are {gains[0]} and {gains[1]}, "
            f"their product {gains[0] * gains[1]}."
        )
        if (
            self.rubinstein is not None
            and self.fearon_range is not None
            and bargain.breakdown == 0
        ):
            inside = self.fearon_range[0] <= self.rubinstein[0] <= self.fearon_range[1]
            parts.append(
                "Without a risk of breakdown war never happens on the path of alternating offers, "
                "so its payoffs do not enter Rubinstein's split; the split is "
                + ("inside" if inside else "outside")
                + " the Fearon range"
                + (
                    "."
                    if inside
                    else ": a side would rather fight (give war as an outside option)."
                )
            )
        return "\n\n".join(parts)


def rubinstein_split(bargain: Bargain) -> Pair | None:
    """Rubinstein's immediate-agreement split, or None when the outside options or the
    breakdown payoffs leave nothing to share."""
    try:
        return rubinstein_shares(
            bargain.discounts,
            bargain.first,
            bargain.breakdown,
            bargain.disagreement,
            bargain.outside,
        )
    except NegotiationError:
        return None


def solve_bargain(bargain: Bargain) -> BargainingResult:
    """Every solution of ``bargain``, exactly.

    Examples
    --------
    >>> bargain = Bargain.from_war(("Russia", "Turkey"), "3/5", "1/10", "3/20")
    >>> result = solve_bargain(bargain)
    >>> result.to_json()["solutions"]["fearon_range"]
    ['1/2', '3/4']
    >>> result.to_json()["solutions"]["nash"]
    {'Russia': '5/8', 'Turkey': '3/8'}
    """
    outcomes = list(bargain.outcomes.values())
    return BargainingResult(
        bargain=bargain,
        fearon_range=acceptable_splits(bargain.disagreement),
        rubinstein=rubinstein_split(bargain),
        nash=nash_solution(outcomes, bargain.disagreement),
        kalai_smorodinsky=kalai_smorodinsky(outcomes, bargain.disagreement),
        egalitarian=egalitarian(outcomes, bargain.disagreement),
    )
