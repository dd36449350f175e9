"""The bargaining form: two sides divide terms, with war (or any point) as disagreement.

The file's ``[bargaining]`` section (``docs/scenario-format.md``)::

    [bargaining]
    players = ["Russia", "Turkey"]
    [bargaining.war]                 # or [bargaining.disagreement] Russia = "...", Turkey = "..."
    p = "p_win"                      # the first player wins with probability p
    cost = { Russia = "c_russia", Turkey = "c_turkey" }
    [bargaining.outcomes]            # optional; default: divide a pie of 1
    "Sochi lines" = { Russia = "...", Turkey = "..." }
    [bargaining.alternating_offers]  # optional
    first = "Russia"
    discount = { Russia = "d_russia", Turkey = "d_turkey" }
    breakdown = "q_breakdown"
    outside = { Turkey = "o_turkey" }

At parameter values the model builds a concrete `Bargain` and solves it with the exact kernels
(`negotiation.bargaining`): the Fearon range, Rubinstein's split, the Nash,
Kalai-Smorodinsky and egalitarian solutions.  A claim is about one solution:
``solution = "fearon_range"`` with ``range = "empty" | "nonempty"``; or a solution, a
``player`` and ``above`` and/or ``below`` (exact numbers, strict): that player's payoff
(share) under the solution; or ``within = "fearon_range"``: the first player's share under
the solution lies in the range.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from negotiation.errors import NegotiationError, ScenarioError
from negotiation.formulas import Expr
from negotiation.model import Claim, Model, header_json, parameters_json
from negotiation.reading import check_keys, name_in, table, text
from negotiation.values import exact_number

SOLUTIONS = ("fearon_range", "rubinstein", "nash", "kalai_smorodinsky", "egalitarian")
SECTION_KEYS = ("players", "war", "disagreement", "outcomes", "alternating_offers")
OFFER_KEYS = ("first", "discount", "breakdown", "outside")
DEFAULT_DISCOUNT = Fraction(9, 10)
LIGHT_SOLUTIONS = ("fearon_range", "rubinstein", "nash")
"""What robustness's outcomes read, and claims on them: solved without the other two."""


class BargainingModel(Model):
    """A parametric bargain: formulas for disagreement, outcomes and the terms of offers."""

    form = "bargaining"
    sections = ("bargaining",)
    claim_keys = (("solution", "player", "above", "below", "range", "within"), ("solution",))

    war: dict[str, Expr] | None
    disagreement: tuple[Expr, Expr] | None
    outcomes: dict[str, tuple[Expr, Expr]] | None
    discounts: tuple[Expr | None, Expr | None]
    first: int
    breakdown: Expr | None
    outside: tuple[Expr | None, Expr | None]

    # -- reading ---------------------------------------------------------------------------

    def read_form(self, data: Mapping[str, Any]) -> None:
        path = self.path
        found = table(data["bargaining"], path, "bargaining")
        check_keys(found, SECTION_KEYS, ("players",), path, "bargaining")
        players = found["players"]
        if (
            not isinstance(players, list)
            or len(players) != 2
            or not all(isinstance(name, str) for name in players)
            or players[0] == players[1]
        ):
            msg = f"expected two distinct player names, got {players!r}"
            raise ScenarioError(msg, file=path, key="bargaining.players")
        self.player_names = tuple(players)
        if ("war" in found) == ("disagreement" in found):
            msg = "give either [bargaining.war] or [bargaining.disagreement], not both or neither"
            raise ScenarioError(msg, file=path, key="bargaining")
        self.war, self.disagreement = None, None
        if "war" in found:
            war = table(found["war"], path, "bargaining.war")
            check_keys(war, ("p", "cost"), ("p", "cost"), path, "bargaining.war")
            cost = self._pair(war["cost"], "bargaining.war.cost")
            self.war = {
                "p": self.formula(war["p"], "bargaining.war.p"),
                "cost_a": cost[0],
                "cost_b": cost[1],
            }
        else:
            self.disagreement = self._pair(found["disagreement"], "bargaining.disagreement")
        self.outcomes = None
        if "outcomes" in found:
            outcomes = table(found["outcomes"], path, "bargaining.outcomes")
            if not outcomes:
                msg = "outcomes, when given, need at least one agreement"
                raise ScenarioError(msg, file=path, key="bargaining.outcomes")
            self.outcomes = {
                name: self._pair(spec, f"bargaining.outcomes.{name}")
                for name, spec in outcomes.items()
            }
        offers = table(found.get("alternating_offers", {}), path, "bargaining.alternating_offers")
        key = "bargaining.alternating_offers"
        check_keys(offers, OFFER_KEYS, (), path, key)
        first = text(offers.get("first", self.player_names[0]), path, f"{key}.first")
        self.first = self.player_names.index(
            name_in(first, self.player_names, "player", path, f"{key}.first")
        )
        self.discounts = self._pair(offers.get("discount", {}), f"{key}.discount", partial=True)
        self.breakdown = (
            self.formula(offers["breakdown"], f"{key}.breakdown")
            if "breakdown" in offers
            else None
        )
        self.outside = self._pair(offers.get("outside", {}), f"{key}.outside", partial=True)

    def _pair(self, found: object, key: str, partial: bool = False) -> tuple:
        """A formula per player: ``{ Russia = "...", Turkey = "..." }``."""
        spec = table(found, self.path, key)
        names = self.player_names
        check_keys(spec, names, () if partial else names, self.path, key)
        return tuple(
            self.formula(spec[name], f"{key}.{name}") if name in spec else None for name in names
        )

    def read_claim(self, spec: Mapping[str, Any], key: str) -> dict[str, Any]:
        path = self.path
        solution = name_in(
            text(spec["solution"], path, f"{key}.solution"),
            SOLUTIONS,
            "solution",
            path,
            f"{key}.solution",
        )
        statement: dict[str, Any] = {"solution": solution}
        kinds = [name for name in ("range", "within") if name in spec]
        levels = [name for name in ("above", "below") if name in spec]
        if len(kinds) + bool(levels) != 1:
            msg = "a bargaining claim needs one of: range, within, or above/below (with player)"
            raise ScenarioError(msg, file=path, key=key)
        player = ""
        if "range" in spec:
            if solution != "fearon_range" or "player" in spec:
                msg = "range = ... goes with solution = 'fearon_range' and no player"
                raise ScenarioError(msg, file=path, key=f"{key}.range")
            statement["range"] = name_in(
                text(spec["range"], path, f"{key}.range"),
                ("empty", "nonempty"),
                "range",
                path,
                f"{key}.range",
            )
            words = f"the Fearon range is {statement['range']}"
        elif "within" in spec:
            name_in(
                text(spec["within"], path, f"{key}.within"),
                ("fearon_range",),
                "range",
                path,
                f"{key}.within",
            )
            if solution == "fearon_range" or "player" in spec:
                msg = "within = 'fearon_range' goes with another solution and no player"
                raise ScenarioError(msg, file=path, key=f"{key}.within")
            statement["within"] = "fearon_range"
            words = f"{_name(solution)} gives {self.player_names[0]} a share in the Fearon range"
        else:
            if "player" not in spec:
                msg = "above/below need the player whose share they bound"
                raise ScenarioError(msg, file=path, key=key)
            player = name_in(
                text(spec["player"], path, f"{key}.player"),
                self.player_names,
                "player",
                path,
                f"{key}.player",
            )
            if solution == "fearon_range":
                msg = "the Fearon range takes range = ... or is used with within = ..."
                raise ScenarioError(msg, file=path, key=f"{key}.solution")
            bounds = []
            for name in levels:
                level = exact_number(spec[name], file=path, key=f"{key}.{name}")
                statement[name] = level
                bounds.append(f"{name} {level}")
            words = f"{player}'s share under {_name(solution)} is {' and '.join(bounds)}"
        statement["words"] = words
        return {
            "player": player,
            "strategy": solution,
            "quantifier": "every",
            "statement": statement,
        }

    # -- using -----------------------------------------------------------------------------

    def formulas(self) -> Iterable[Expr]:
        found: list[Expr | None] = [*(self.war or {}).values(), *(self.disagreement or ())]
        for pair in (self.outcomes or {}).values():
            found += pair
        found += [*self.discounts, self.breakdown, *self.outside]
        return (expr for expr in found if expr is not None)

    def game(self, values: Mapping[str, Fraction] | None = None):
        """The concrete `Bargain` at ``values`` (default: the baseline)."""
        from negotiation.bargaining.problem import PIE, Bargain

        scope = self.term_values(self.baseline() if values is None else values)

        def at(expr: Expr | None, key: str, default: Fraction | None = None):
            return default if expr is None else self.evaluate(expr, scope, key)

        names = self.player_names
        offers = "bargaining.alternating_offers"
        terms: dict[str, Any] = {
            "outcomes": dict(PIE)
            if self.outcomes is None
            else {
                name: tuple(
                    at(expr, f"bargaining.outcomes.{name}.{player}")
                    for expr, player in zip(pair, names, strict=True)
                )
                for name, pair in self.outcomes.items()
            },
            "discounts": tuple(
                at(expr, f"{offers}.discount.{player}", DEFAULT_DISCOUNT)
                for expr, player in zip(self.discounts, names, strict=True)
            ),
            "first": self.first,
            "breakdown": at(self.breakdown, f"{offers}.breakdown", Fraction(0)),
            "outside": tuple(
                at(expr, f"{offers}.outside.{player}")
                for expr, player in zip(self.outside, names, strict=True)
            ),
            "title": self.title,
        }
        try:
            if self.war is not None:
                return Bargain.from_war(
                    names,
                    at(self.war["p"], "bargaining.war.p"),
                    at(self.war["cost_a"], f"bargaining.war.cost.{names[0]}"),
                    at(self.war["cost_b"], f"bargaining.war.cost.{names[1]}"),
                    **terms,
                )
            disagreement = tuple(
                at(expr, f"bargaining.disagreement.{player}")
                for expr, player in zip(self.disagreement, names, strict=True)
            )
            return Bargain(players=names, disagreement=disagreement, **terms)
        except ScenarioError:
            raise
        except NegotiationError as error:
            raise ScenarioError(str(error), file=self.path, key="bargaining") from None

    def solve_at(self, values: Mapping[str, Fraction], method: str = "auto"):
        """Every solution of the bargain at ``values`` (`negotiation.bargaining.result`)."""
        from negotiation.bargaining.result import solve_bargain

        return solve_bargain(self.game(values))

    def claim_holds(self, claim: Claim, result: Any) -> bool:
        return bargaining_claim_holds(claim, result)

    def claim_verdicts(
        self, claim: Claim, points: Sequence[Mapping[str, Fraction]]
    ) -> list[bool] | None:
        """The claims of one scenario share their solves: each point is solved once (claims
        fixing the same values draw the same points), as `claim_holds` would judge it; a
        claim on the Fearon range, Rubinstein's or the Nash solution without the other two
        solutions (`_solutions`)."""
        light = claim.statement["solution"] in LIGHT_SOLUTIONS
        return [bargaining_claim_holds(claim, found) for found in self._solutions(points, light)]

    # -- robustness: a draw's outcome (`negotiation.analysis.form_robustness`) ------------

    def robustness_outcome(self, result: Any) -> str:
        """A draw's outcome, from a `solve_bargain` answer: whether the Fearon range is
        empty (a peaceful split both prefer to war exists or not), whom Rubinstein's split
        favours, and where the Nash solution lies: on the named agreements' frontier, at
        which agreement or between which two; for a pie, whom it favours.  These are the
        changes `threshold_candidates` looks for; the shares themselves vary continuously
        and are the claims' business."""
        names = self.player_names
        words = ["Fearon range " + ("empty" if result.fearon_range is None else "nonempty")]
        words.append(f"Rubinstein {_favours(result.rubinstein, names)}")
        if self.outcomes is None:
            words.append(f"Nash {_favours(result.nash, names)}")
        else:
            words.append(_nash_place(result.nash, result.bargain))
        return "; ".join(words)

    def robustness_outcomes(self, points: Sequence[Mapping[str, Fraction]]) -> list[str]:
        """`robustness_outcome` at each point, each solved once with the claims that draw
        it (`_solutions`)."""
        return [self.robustness_outcome(solved) for solved in self._solutions(points, True)]

    def _solutions(self, points: Sequence[Mapping[str, Fraction]], light: bool) -> list[Any]:
        """The solve at each point, kept for the other claims and the outcomes that draw it.
        ``light``: only the Fearon range, Rubinstein's split and the Nash solution, by the
        kernels `solve_bargain` uses; the Kalai-Smorodinsky and egalitarian solutions take
        two thirds of a full solve's time, and robustness's outcomes and most claims do not
        read them."""
        from types import SimpleNamespace

        from negotiation.bargaining.axiomatic import nash_solution
        from negotiation.bargaining.result import rubinstein_split
        from negotiation.bargaining.war import acceptable_splits

        cache = self.__dict__.setdefault("_solved", {})
        found = []
        for point in points:
            key = tuple(sorted(point.items()))
            solved = cache.get(key)
            if solved is None or (not light and isinstance(solved, SimpleNamespace)):
                if len(cache) > 20_000:
                    cache.clear()
                if light:
                    bargain = self.game(point)
                    solved = SimpleNamespace(
                        bargain=bargain,
                        fearon_range=acceptable_splits(bargain.disagreement),
                        rubinstein=rubinstein_split(bargain),
                        nash=nash_solution(list(bargain.outcomes.values()), bargain.disagreement),
                    )
                else:
                    solved = self.solve_at(point)
                cache[key] = solved
            found.append(solved)
        return found

    # -- hooks of the solution analyses (`negotiation.analysis.form_solutions`) ----------

    def solutions(self, result: Any) -> dict[str, str | None]:
        """The answer as named exact strings: ``fearon_range``, ``nash.Turkey`` ..."""
        found = result.to_json()["solutions"]
        flat: dict[str, str | None] = {}
        span = found["fearon_range"]
        flat["fearon_range"] = None if span is None else f"[{span[0]}, {span[1]}]"
        for name in SOLUTIONS[1:]:
            for player in self.player_names:
                flat[f"{name}.{player}"] = None if found[name] is None else found[name][player]
        return flat

    def threshold_candidates(
        self, values: Mapping[str, Fraction], parameter: str, symbol: Any
    ) -> list[tuple]:
        """Formulas in ``parameter`` whose crossings may change the answer (see
        `negotiation.analysis.form_solutions`): the range empties, a share of Rubinstein's
        split or of the Nash solution crosses 1/2 or a claim's level, the Nash solution
        reaches a vertex of the frontier."""

        from negotiation.bargaining.axiomatic import nash_on_edge
        from negotiation.bargaining.problem import PIE
        from negotiation.bargaining.rubinstein import rubinstein_shares
        from negotiation.bargaining.war import war_payoffs
        from negotiation.polygon import convex_hull, pareto_chain

        scope = self.sympy_terms({**values, parameter: symbol})

        def sym(expr: Expr | None, default: Any = None) -> Any:
            return default if expr is None else expr.to_sympy(scope)

        if self.war is not None:
            disagreement = war_payoffs(
                sym(self.war["p"]), sym(self.war["cost_a"]), sym(self.war["cost_b"])
            )
        else:
            disagreement = tuple(sym(expr) for expr in self.disagreement)
        names = self.player_names
        # The range [max(D_1, 0), min(1 - D_2, 1)] empties where its ends meet: D_1 + D_2 = 1
        # when both ends are inside [0, 1]; D_1 = 1 when the second side's war payoff is
        # below 0 (its end is clamped at 1, as in idlib-terms); D_2 = 1 symmetrically.
        found: list[tuple] = [
            (
                "the Fearon range empties",
                formula,
                1,
                lambda result: result.fearon_range is None,
            )
            for formula in (disagreement[0] + disagreement[1], *disagreement)
        ]
        levels = {
            (solution, player): {Fraction(1, 2)} for solution in SOLUTIONS for player in names
        }
        for claim in self.claims:
            for bound in ("above", "below"):
                if bound in claim.statement:
                    levels[(claim.strategy, claim.player)].add(claim.statement[bound])

        def crossing(solution: str, player: str, formula: Any) -> None:
            index = names.index(player)
            for level in sorted(levels[(solution, player)]):

                def state(result: Any, level: Fraction = level) -> Any:
                    pair = getattr(result, solution)
                    return None if pair is None else (pair[index] > level) - (pair[index] < level)

                found.append(
                    (
                        f"{player}'s share under {_name(solution)} crosses {level}",
                        formula,
                        level,
                        state,
                    )
                )

        try:
            shares = rubinstein_shares(
                tuple(sym(expr, DEFAULT_DISCOUNT) for expr in self.discounts),
                self.first,
                sym(self.breakdown, 0),
                disagreement,
                tuple(sym(expr) for expr in self.outside),
            )
        except (TypeError, NegotiationError):  # comparisons of symbols: no closed form here
            shares = None
        if shares is not None:
            for player, share in zip(names, shares, strict=True):
                crossing("rubinstein", player, share)
        base = self.game(values)
        outcomes = (
            list(base.outcomes.values()) if self.outcomes is not None else list(PIE.values())
        )
        chain = pareto_chain(convex_hull(outcomes))
        for start, end in zip(chain, chain[1:], strict=False):
            position = nash_on_edge(start, end, disagreement)
            for level in (0, 1):
                found.append(
                    (
                        "the Nash solution reaches a vertex of the frontier",
                        position,
                        level,
                        lambda result, chain=chain: _edge(result.nash, chain),
                    )
                )
            for index, player in enumerate(names):
                share = start[index] + position * (end[index] - start[index])
                crossing("nash", player, share)
        return found

    def to_json(self, values: Mapping[str, Fraction] | None = None) -> dict:
        values = self.baseline() if values is None else values
        bargain = self.game(values)
        names = self.player_names

        def pair(exprs: Sequence[Expr | None]) -> dict:
            return {
                name: None if expr is None else str(expr)
                for name, expr in zip(names, exprs, strict=True)
            }

        return {
            **header_json(self),
            "form": self.form,
            "players": list(names),
            "war": None
            if self.war is None
            else {
                "p": str(self.war["p"]),
                "cost": pair((self.war["cost_a"], self.war["cost_b"])),
            },
            "disagreement": {
                name: str(value) for name, value in zip(names, bargain.disagreement, strict=True)
            },
            "disagreement_formulas": None
            if self.disagreement is None
            else pair(self.disagreement),
            "outcomes": {
                name: {player: str(v) for player, v in zip(names, payoffs, strict=True)}
                for name, payoffs in bargain.outcomes.items()
            },
            "alternating_offers": {
                "first": names[self.first],
                "discount": {
                    name: str(v) for name, v in zip(names, bargain.discounts, strict=True)
                },
                "breakdown": str(bargain.breakdown),
                "outside": {
                    name: None if v is None else str(v)
                    for name, v in zip(names, bargain.outside, strict=True)
                },
            },
            **parameters_json(self, values),
        }

    def describe(self, values: Mapping[str, Fraction], symbolic: bool = False) -> str:
        from negotiation.text import scenario_footer, scenario_heading

        bargain = self.game(values)
        names = self.player_names
        lines = [f"Bargaining between {names[0]} and {names[1]}"]
        if self.war is not None:
            war = self.war
            lines.append(
                f"  disagreement: war; {names[0]} wins with p = "
                + (str(war["p"]) if symbolic else str(bargain.war["p"]))
                + f"; costs {names[0]} "
                + (str(war["cost_a"]) if symbolic else str(bargain.war["cost_a"]))
                + f", {names[1]} "
                + (str(war["cost_b"]) if symbolic else str(bargain.war["cost_b"]))
            )
        lines.append(
            "  disagreement payoffs: "
            + ", ".join(f"{n} {v}" for n, v in zip(names, bargain.disagreement, strict=True))
        )
        if self.outcomes is None:
            lines.append("  agreements: any division of a pie of 1")
        else:
            lines.append("  agreements (and their lotteries):")
            for name, payoffs in bargain.outcomes.items():
                shown = self.outcomes[name] if symbolic else payoffs
                lines.append(
                    f"    {name}: "
                    + ", ".join(f"{n} {v}" for n, v in zip(names, shown, strict=True))
                )
        lines.append(
            f"  alternating offers: {names[self.first]} proposes first; discounts "
            + ", ".join(f"{n} {v}" for n, v in zip(names, bargain.discounts, strict=True))
            + f"; breakdown {bargain.breakdown}"
        )
        return "\n".join(scenario_heading(self) + lines + scenario_footer(self, values))

    def size(self) -> str:
        count = "pie" if self.outcomes is None else f"{len(self.outcomes)} outcomes"
        return f"bargain, {count}"


def _name(solution: str) -> str:
    return {
        "fearon_range": "the Fearon range",
        "rubinstein": "Rubinstein's split",
        "nash": "the Nash solution",
        "kalai_smorodinsky": "the Kalai-Smorodinsky solution",
        "egalitarian": "the egalitarian solution",
    }[solution]


def _favours(pair: Sequence[Fraction] | None, names: Sequence[str]) -> str:
    """``favours Russia``, ``splits evenly`` or, with nothing to share, ``gives no split``."""
    if pair is None:
        return "gives no split"
    if pair[0] == pair[1]:
        return "splits evenly"
    return f"favours {names[0] if pair[0] > pair[1] else names[1]}"


def _nash_place(nash: Sequence[Fraction], bargain: Any) -> str:
    """Where the Nash solution lies on the frontier of the named agreements."""
    from negotiation.polygon import convex_hull, pareto_chain

    chain = pareto_chain(convex_hull(bargain.outcomes.values()))

    def named(vertex: Sequence[Fraction]) -> str:
        found = [name for name, point in bargain.outcomes.items() if tuple(point) == vertex]
        return " / ".join(found)

    place = _edge(nash, chain)
    if place is None:
        return "Nash off the agreements' frontier"
    if isinstance(place, int):
        return f"Nash at {named(chain[place])}"
    return f"Nash between {named(chain[place[0]])} and {named(chain[place[1]])}"


def _edge(point: Sequence[Fraction], chain: Sequence[Sequence[Fraction]]) -> Any:
    """Where ``point`` lies on the Pareto frontier ``chain``: a vertex's index, or the edge's
    (as ``(k, k + 1)``)."""
    point = tuple(point)
    for index, vertex in enumerate(chain):
        if tuple(vertex) == point:
            return index
    for index, (start, end) in enumerate(zip(chain, chain[1:], strict=False)):
        cross = (end[0] - start[0]) * (point[1] - start[1]) - (end[1] - start[1]) * (
            point[0] - start[0]
        )
        if cross == 0:
            return (index, index + 1)
    return None


def bargaining_claim_holds(claim: Claim, result: Any) -> bool:
    """Whether the claim's statement is true of a `BargainingResult`."""
    statement = claim.statement
    solution = statement["solution"]
    if "range" in statement:
        return (result.fearon_range is None) == (statement["range"] == "empty")
    found = getattr(result, solution)
    if found is None:  # Rubinstein with nothing to share: no share to speak of
        return False
    if "within" in statement:
        span = result.fearon_range
        return span is not None and span[0] <= found[0] <= span[1]
    share = found[result.bargain.players.index(claim.player)]
    if "above" in statement and not share > statement["above"]:
        return False
    return not ("below" in statement and not share < statement["below"])
