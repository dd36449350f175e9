"""The normal (strategic) form: players with strategies, a payoff formula per outcome.

The file's ``[players]`` and ``[payoffs]`` sections, nested by each player's strategy in
player order (``[payoffs.Cooperate.Defect] Row = "0"``); a claim names a player, a strategy
and a quantifier over the Nash equilibria (``docs/scenario-format.md``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import Any

from negotiation.errors import ScenarioError
from negotiation.formulas import Expr
from negotiation.game import Game
from negotiation.model import (
    QUANTIFIERS,
    Claim,
    Model,
    header_json,
    parameters_json,
    quantified,
)
from negotiation.reading import check_keys, name_in, table, text
from negotiation.results import SolveResult


@dataclass(frozen=True)
class Player:
    """A player of a matrix game, with its strategies and what each one means."""

    name: str
    description: str
    strategies: tuple[str, ...]
    strategy_descriptions: tuple[str, ...]


class NormalModel(Model):
    """A parametric matrix game: ``players`` and ``payoff_formulas`` keyed by outcome."""

    form = "normal"
    claim_keys = (("player", "strategy", "in"), ("player", "strategy", "in"))
    sections = ("players", "payoffs")

    players: tuple[Player, ...]
    payoff_formulas: dict[tuple[str, ...], tuple[Expr, ...]]

    def read_form(self, data: Mapping[str, Any]) -> None:
        self.players = self._read_players(data["players"])
        self.player_names = tuple(player.name for player in self.players)
        self.payoff_formulas = self._read_payoffs(data["payoffs"])

    def _read_players(self, found: object) -> tuple[Player, ...]:
        players = []
        for name, spec in table(found, self.path, "players").items():
            key = f"players.{name}"
            spec = table(spec, self.path, key)
            check_keys(spec, ("description", "strategies"), ("strategies",), self.path, key)
            strategies = table(spec["strategies"], self.path, f"{key}.strategies")
            if not strategies:
                msg = "a player needs at least one strategy"
                raise ScenarioError(msg, file=self.path, key=f"{key}.strategies")
            descriptions = tuple(
                text(words, self.path, f"{key}.strategies.{label}")
                for label, words in strategies.items()
            )
            players.append(
                Player(
                    name,
                    text(spec.get("description", ""), self.path, f"{key}.description"),
                    tuple(strategies),
                    descriptions,
                )
            )
        if not players:
            msg = "a scenario needs at least one player"
            raise ScenarioError(msg, file=self.path, key="players")
        return tuple(players)

    def _read_payoffs(self, found: object) -> dict[tuple[str, ...], tuple[Expr, ...]]:
        names = self.player_names
        formulas: dict[tuple[str, ...], tuple[Expr, ...]] = {}

        def walk(node: object, depth: int, labels: tuple[str, ...]) -> None:
            key = ".".join(("payoffs", *labels))
            node = table(node, self.path, key)
            if depth == len(self.players):
                check_keys(node, names, names, self.path, key)
                formulas[labels] = tuple(
                    self.formula(node[player], f"{key}.{player}") for player in names
                )
                return
            player = self.players[depth]
            for label, child in node.items():
                name_in(label, player.strategies, f"strategy of {player.name}", self.path, key)
                walk(child, depth + 1, (*labels, label))

        walk(found, 0, ())
        for profile in product(*self.strategies):
            if profile not in formulas:
                msg = f"no payoffs for the outcome {', '.join(profile)}"
                raise ScenarioError(msg, file=self.path, key=".".join(("payoffs", *profile)))
        return formulas

    def read_claim(self, spec: Mapping[str, Any], key: str) -> dict[str, Any]:
        player = name_in(
            text(spec["player"], self.path, f"{key}.player"),
            self.player_names,
            "player",
            self.path,
            f"{key}.player",
        )
        strategy = name_in(
            text(spec["strategy"], self.path, f"{key}.strategy"),
            self.players[self.player_names.index(player)].strategies,
            f"strategy of {player}",
            self.path,
            f"{key}.strategy",
        )
        quantifier = name_in(
            text(spec["in"], self.path, f"{key}.in"),
            QUANTIFIERS,
            "quantifier",
            self.path,
            f"{key}.in",
        )
        return {"player": player, "strategy": strategy, "quantifier": quantifier}

    # -- using -----------------------------------------------------------------------------

    @property
    def strategies(self) -> tuple[tuple[str, ...], ...]:
        return tuple(player.strategies for player in self.players)

    def formulas(self) -> Iterable[Expr]:
        return (expr for row in self.payoff_formulas.values() for expr in row)

    def game(self, values: Mapping[str, Fraction] | None = None) -> Game:
        """The exact game at ``values`` (default: the baseline)."""
        import numpy as np

        scope = self.term_values(self.baseline() if values is None else values)
        shape = tuple(len(player.strategies) for player in self.players)
        arrays: list[list[Any]] = [[] for _ in self.players]
        for profile in product(*self.strategies):
            for player, expr in enumerate(self.payoff_formulas[profile]):
                key = ".".join(("payoffs", *profile, self.player_names[player]))
                arrays[player].append(self.evaluate(expr, scope, key))
        payoffs = [np.array(flat, dtype=object).reshape(shape) for flat in arrays]
        return Game(payoffs, self.player_names, self.strategies, self.title)

    def solve_at(self, values: Mapping[str, Fraction], method: str = "auto") -> SolveResult:
        """Every Nash equilibrium at ``values`` (`negotiation.solvers.solve`)."""
        from negotiation.solvers import solve

        return solve(self.game(values), method=method, parameters=values)

    def claim_holds(self, claim: Claim, result: SolveResult) -> bool:
        return claim_holds(claim, result)

    def to_json(self, values: Mapping[str, Fraction] | None = None) -> dict:
        """The scenario as data: metadata, players, payoffs at ``values``, parameters, presets.

        Exact numbers are rational strings, as in every JSON output of the toolkit.
        """
        values = self.baseline() if values is None else values
        game = self.game(values)
        names = self.player_names
        return {
            **header_json(self),
            "players": {
                player.name: {
                    "description": player.description,
                    "strategies": dict(
                        zip(player.strategies, player.strategy_descriptions, strict=True)
                    ),
                }
                for player in self.players
            },
            "payoffs": [
                {
                    "profile": dict(zip(names, profile, strict=True)),
                    "payoffs": {
                        name: str(value)
                        for name, value in zip(names, game.payoff_profile(cell), strict=True)
                    },
                    "formulas": {
                        name: str(expr)
                        for name, expr in zip(names, self.payoff_formulas[profile], strict=True)
                    },
                }
                for cell, profile in zip(
                    product(*(range(len(s)) for s in self.strategies)),
                    product(*self.strategies),
                    strict=True,
                )
            ],
            **parameters_json(self, values),
        }

    def describe(self, values: Mapping[str, Fraction], symbolic: bool = False) -> str:
        from negotiation.text import describe_scenario

        return describe_scenario(self, values, symbolic=symbolic)

    def size(self) -> str:
        return "x".join(str(len(player.strategies)) for player in self.players)


# -- what a claim means in a matrix game -----------------------------------------------------


def claim_holds(claim: Claim, result: SolveResult) -> bool:
    """Whether the claim's statement is true of these equilibria."""
    supports = [equilibrium.support() for equilibrium in result.equilibria]
    return holds_on_supports(claim, supports, result.game.players, result.game.strategies)


def holds_on_supports(
    claim: Claim,
    supports: Sequence[Sequence[tuple[int, ...]]],
    players: Sequence[str],
    strategies: Sequence[Sequence[str]],
) -> bool:
    """Whether the claim's statement is true of equilibria with these supports.

    The supports are enough: a strategy is played with probability one exactly when it is
    its player's whole support, and with probability zero exactly when it is outside it.  So
    the batch engine, which reports supports, decides claims as the exact solver would.
    """
    player = list(players).index(claim.player)
    strategy = list(strategies[player]).index(claim.strategy)
    used = [tuple(support[player]) for support in supports]
    for_sure = [support == (strategy,) for support in used]
    return quantified(claim.quantifier, for_sure, [strategy in support for support in used])
