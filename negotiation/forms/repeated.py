"""The repeated form: a stage game in normal form, played again and again.

The stage game is written as in a normal-form file (``[players]`` and ``[payoffs]``, read by
a `NormalModel` this model holds, not by a copy); ``[repeated]`` says how it is repeated
(``docs/scenario-format.md``)::

    [repeated]
    delta = "delta"                                    # the common discount factor
    target = { Russia = "hold", Turkey = "tolerate" }  # the profile to sustain
    punishment = { Russia = "thrust", Turkey = "counter-escalate" }   # optional
    rounds = 5                                         # optional: the T-fold game too
    monitoring = { unseen = "alpha", false_alarm = "beta" }          # optional

At parameter values the model builds a concrete `Repeated` game and solves it with the exact
kernels (`negotiation.repeated`): the critical discount factor of grim trigger, tit-for-tat,
k-period punishments (and grim trigger under imperfect monitoring), minmax values and payoff
sets.  A claim is about one strategy (``strategy``, default ``"grim_trigger"``):
``sustained = true | false``, whether it sustains the target at the scenario's delta; or
``critical = "grim_trigger"`` with ``above`` and/or ``below`` (exact numbers, strict; "never",
no delta below 1, is above every level).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from negotiation.errors import NegotiationError, ScenarioError
from negotiation.forms.normal import NormalModel
from negotiation.formulas import Expr
from negotiation.model import Claim, Model, header_json, parameters_json
from negotiation.reading import check_keys, name_in, table, text
from negotiation.values import exact_number

REPEATED_KEYS = ("delta", "target", "punishment", "rounds", "monitoring")
STRATEGIES = (
    "grim_trigger",
    "tit_for_tat",
    "punishment_1",
    "punishment_2",
    "punishment_3",
    "grim_trigger_noisy",
)


class RepeatedModel(Model):
    """A parametric repeated game: a `NormalModel` stage game and the terms of repetition."""

    form = "repeated"
    sections = ("players", "payoffs", "repeated")
    claim_keys = (("strategy", "sustained", "critical", "above", "below"), ())

    stage_model: NormalModel
    delta: Expr
    target: tuple[int, ...]
    punishment: tuple[int, ...] | None
    rounds: int | None
    monitoring: dict[str, Expr]

    def read_form(self, data: Mapping[str, Any]) -> None:
        from negotiation.model import Header

        header = Header(**{name: getattr(self, name) for name in Header.__dataclass_fields__})
        self.stage_model = NormalModel(header)
        self.stage_model.read_form(data)
        self.player_names = self.stage_model.player_names
        path = self.path
        found = table(data["repeated"], path, "repeated")
        check_keys(found, REPEATED_KEYS, ("delta", "target"), path, "repeated")
        self.delta = self.formula(found["delta"], "repeated.delta")
        self.target = self._profile(found["target"], "repeated.target")
        self.punishment = (
            self._profile(found["punishment"], "repeated.punishment")
            if "punishment" in found
            else None
        )
        self.rounds = None
        if "rounds" in found:
            rounds = found["rounds"]
            if isinstance(rounds, bool) or not isinstance(rounds, int) or not 1 <= rounds <= 50:
                msg = f"rounds must be a whole number from 1 to 50, got {rounds!r}"
                raise ScenarioError(msg, file=path, key="repeated.rounds")
            self.rounds = rounds
        monitoring = table(found.get("monitoring", {}), path, "repeated.monitoring")
        check_keys(monitoring, ("unseen", "false_alarm"), (), path, "repeated.monitoring")
        self.monitoring = {
            name: self.formula(value, f"repeated.monitoring.{name}")
            for name, value in monitoring.items()
        }

    def _profile(self, found: object, key: str) -> tuple[int, ...]:
        """A pure profile of the stage game: a strategy per player."""
        spec = table(found, self.path, key)
        names = self.player_names
        check_keys(spec, names, names, self.path, key)
        return tuple(
            player.strategies.index(
                name_in(
                    text(spec[player.name], self.path, f"{key}.{player.name}"),
                    player.strategies,
                    f"strategy of {player.name}",
                    self.path,
                    f"{key}.{player.name}",
                )
            )
            for player in self.stage_model.players
        )

    def read_claim(self, spec: Mapping[str, Any], key: str) -> dict[str, Any]:
        path = self.path
        if ("sustained" in spec) == ("critical" in spec):
            msg = "a repeated-game claim needs either sustained = true/false or critical = ..."
            raise ScenarioError(msg, file=path, key=key)
        statement: dict[str, Any] = {}
        if "sustained" in spec:
            if not isinstance(spec["sustained"], bool):
                msg = f"sustained must be true or false, got {spec['sustained']!r}"
                raise ScenarioError(msg, file=path, key=f"{key}.sustained")
            if "above" in spec or "below" in spec:
                msg = "above/below go with critical = ..., not sustained"
                raise ScenarioError(msg, file=path, key=key)
            strategy = self._strategy(spec.get("strategy", "grim_trigger"), f"{key}.strategy")
            statement["sustained"] = spec["sustained"]
            verb = "sustains" if spec["sustained"] else "does not sustain"
            words = f"{strategy.replace('_', ' ')} {verb} the target at the scenario's delta"
        else:
            if "strategy" in spec:
                msg = "critical names the strategy; drop 'strategy'"
                raise ScenarioError(msg, file=path, key=f"{key}.strategy")
            strategy = self._strategy(spec["critical"], f"{key}.critical")
            levels = [name for name in ("above", "below") if name in spec]
            if not levels:
                msg = "critical = ... needs above and/or below"
                raise ScenarioError(msg, file=path, key=key)
            bounds = []
            for name in levels:
                statement[name] = exact_number(spec[name], file=path, key=f"{key}.{name}")
                bounds.append(f"{name} {statement[name]}")
            words = f"the critical delta of {strategy.replace('_', ' ')} is {' and '.join(bounds)}"
        statement["words"] = words
        return {"player": "", "strategy": strategy, "quantifier": "every", "statement": statement}

    def _strategy(self, found: object, key: str) -> str:
        strategy = name_in(text(found, self.path, key), STRATEGIES, "strategy", self.path, key)
        if strategy == "grim_trigger_noisy" and not self.monitoring:
            msg = "grim_trigger_noisy needs [repeated] monitoring = { unseen, false_alarm }"
            raise ScenarioError(msg, file=self.path, key=key)
        if strategy == "tit_for_tat" and len(self.player_names) != 2:
            msg = "tit_for_tat is defined for two players"
            raise ScenarioError(msg, file=self.path, key=key)
        return strategy

    # -- using -----------------------------------------------------------------------------

    def formulas(self) -> Iterable[Expr]:
        yield from self.stage_model.formulas()
        yield self.delta
        yield from self.monitoring.values()

    def stage(self, values: Mapping[str, Fraction] | None = None):
        """The stage game at ``values``, exact (the normal form's `game`)."""
        values = self.baseline() if values is None else values
        self.stage_model.parameters = self.parameters
        return self.stage_model.game(values)

    def game(self, values: Mapping[str, Fraction] | None = None):
        """The concrete `Repeated` game at ``values`` (default: the baseline)."""
        from negotiation.repeated.problem import Repeated

        values = self.baseline() if values is None else values
        scope = self.term_values(values)
        monitoring = {
            name: self.evaluate(expr, scope, f"repeated.monitoring.{name}")
            for name, expr in self.monitoring.items()
        }
        try:
            return Repeated(
                self.stage(values),
                self.evaluate(self.delta, scope, "repeated.delta"),
                self.target,
                self.punishment,
                self.rounds,
                **monitoring,
            )
        except NegotiationError as error:
            if isinstance(error, ScenarioError):
                raise
            raise ScenarioError(str(error), file=self.path, key="repeated") from None

    def solve_at(self, values: Mapping[str, Fraction], method: str = "auto"):
        """Critical deltas, payoff sets and more at ``values`` (`negotiation.repeated`)."""
        from negotiation.repeated.result import solve_repeated

        try:
            return solve_repeated(self.game(values))
        except NegotiationError as error:
            if isinstance(error, ScenarioError):
                raise
            raise ScenarioError(str(error), file=self.path, key="repeated") from None

    def claim_holds(self, claim: Claim, result: Any) -> bool:
        statement = claim.statement
        if "sustained" in statement:
            return self._sustained(result, claim.strategy) == statement["sustained"]
        return _bounded(result.critical_delta.get(claim.strategy), statement)

    def claim_verdicts(
        self, claim: Claim, points: Sequence[Mapping[str, Fraction]]
    ) -> list[bool] | None:
        """Grim-trigger claims, with perfect or noisy monitoring, by their closed forms alone
        (`grim_trigger_delta`, `noisy_grim_delta`, with the punishment `solve_repeated`
        picks), and ``sustained`` claims on the other strategies at the drawn delta alone
        (`sustained_now`), skipping the payoff sets a full solve computes: the same verdicts
        as `claim_holds`, at a fraction of the cost."""
        if claim.strategy not in ("grim_trigger", "grim_trigger_noisy"):
            if "sustained" not in claim.statement:
                return None  # a critical delta of an automaton: the exact path's roots
            wanted = claim.statement["sustained"]
            return [
                self.sustained_now(point).get(claim.strategy, False) == wanted for point in points
            ]
        from negotiation.repeated.critical import grim_trigger_delta
        from negotiation.repeated.monitoring import noisy_grim_delta
        from negotiation.repeated.result import _pure_equilibria

        verdicts = []
        for point in points:
            game = self.game(point)
            if game.punishment is not None:
                punishment = game.punishment
            else:
                candidates = _pure_equilibria(game.stage)
                if not candidates:
                    return None  # solve_repeated refuses: let the exact path say so

                def rank(profile, game=game):
                    found = grim_trigger_delta(game.stage, game.target, profile)
                    return (found is None, found or 0)

                punishment = min(candidates, key=rank)  # as solve_repeated picks it
            critical = grim_trigger_delta(game.stage, game.target, punishment)
            if claim.strategy == "grim_trigger_noisy":
                if not (game.unseen or game.false_alarm):
                    return None  # solve_repeated gives no noisy value: the exact path
                critical = noisy_grim_delta(
                    game.stage, game.target, punishment, game.unseen, game.false_alarm
                )
            if "sustained" in claim.statement:
                now = critical is not None and critical <= game.delta
                verdicts.append(now == claim.statement["sustained"])
            else:
                verdicts.append(_bounded(critical, claim.statement))
        return verdicts

    # -- robustness: a draw's outcome (`negotiation.analysis.form_robustness`) ------------

    def robustness_outcome(self, result: Any) -> str:
        """Which strategies sustain the target at the game's delta, read from a
        `solve_repeated` answer exactly as a ``sustained`` claim reads it (`claim_holds`)."""
        return _sustained_words(
            {name: self._sustained(result, name) for name in result.critical_delta}
        )

    def robustness_outcomes(self, points: Sequence[Mapping[str, Fraction]]) -> list[str]:
        """`robustness_outcome` at each point without the payoff sets and sympy roots of a
        full solve: each strategy's one-shot deviation conditions at the drawn delta alone
        (`negotiation.repeated.deltas.sustained_at`), grim trigger under noise by its
        closed form; the same answer as ``robustness_outcome(solve_at(point))``, hundreds
        of times faster."""
        return [_sustained_words(self.sustained_now(point)) for point in points]

    def sustained_now(self, values: Mapping[str, Fraction]) -> dict[str, bool]:
        """Whether each strategy of `solve_at`'s answer sustains the target at ``values``'s
        delta, in its order, computed at that delta only."""
        from negotiation.repeated.deltas import sustained_at
        from negotiation.repeated.monitoring import noisy_grim_delta
        from negotiation.repeated.result import chosen_punishment, strategy_automata

        game = self.game(values)
        try:
            punishment = chosen_punishment(game)
        except NegotiationError as error:
            raise ScenarioError(str(error), file=self.path, key="repeated") from None
        key = (game.stage.shape, game.target, punishment, game.periods)
        cache = self.__dict__.setdefault("_automata", {})  # they depend on no payoff
        if key not in cache:
            cache[key] = strategy_automata(game, punishment)
        found = {
            automaton.name: sustained_at(game.stage, automaton, game.delta)
            for automaton in cache[key]
        }
        if game.unseen or game.false_alarm:
            critical = noisy_grim_delta(
                game.stage, game.target, punishment, game.unseen, game.false_alarm
            )
            found["grim_trigger_noisy"] = critical is not None and _at_most(critical, game.delta)
        return found

    @staticmethod
    def _sustained(result: Any, strategy: str) -> bool:
        found = result.sustained.get(strategy)
        if found is not None:
            return result.game.delta in found
        critical = result.critical_delta.get(strategy)  # grim trigger under noise
        return critical is not None and _at_most(critical, result.game.delta)

    # -- hooks of the solution analyses (`negotiation.analysis.form_solutions`) ----------

    def solutions(self, result: Any) -> dict[str, str | None]:
        """The answer as named exact strings: each critical delta, and whether each strategy
        sustains the target now."""
        found = result.to_json()
        flat: dict[str, str | None] = {
            f"critical_delta.{name}": value for name, value in found["critical_delta"].items()
        }
        for name, now in found["sustained_now"].items():
            flat[f"sustained_now.{name}"] = "yes" if now else "no"
        return flat

    def threshold_candidates(
        self, values: Mapping[str, Fraction], parameter: str, symbol: Any
    ) -> list[tuple]:
        """Where grim trigger's critical delta, ``(T - R)/(T - P)`` for some player and
        deviation (Friedman 1971), crosses the scenario's delta or a claim's level."""

        from negotiation.repeated.critical import grim_trigger_formula
        from negotiation.repeated.result import solve_repeated

        scope = self.sympy_terms({**values, parameter: symbol})
        players = self.stage_model.players
        punishment = self.punishment or solve_repeated(self.game(values)).punishment

        def payoff(profile: Sequence[int], player: int) -> Any:
            labels = tuple(players[k].strategies[a] for k, a in enumerate(profile))
            return self.stage_model.payoff_formulas[labels][player].to_sympy(scope)

        levels: list[tuple[str, Any, Callable]] = [
            (
                "grim trigger's critical delta crosses the scenario's delta",
                self.delta.to_sympy(scope),
                lambda result: result.game.delta in result.sustained["grim_trigger"],
            )
        ]
        for claim in self.claims:
            for bound in ("above", "below"):
                if claim.strategy == "grim_trigger" and bound in claim.statement:
                    level = claim.statement[bound]
                    levels.append(
                        (
                            f"grim trigger's critical delta crosses {level}",
                            level,
                            lambda result, level=level: _state(
                                result.critical_delta["grim_trigger"], level
                            ),
                        )
                    )
        found = []
        for index in range(len(players)):
            reward = payoff(self.target, index)
            penalty = payoff(punishment, index)
            for action in range(len(players[index].strategies)):
                if action == self.target[index]:
                    continue
                deviation = list(self.target)
                deviation[index] = action
                formula = grim_trigger_formula(payoff(deviation, index), reward, penalty)
                found += [(what, formula, level, state) for what, level, state in levels]
        return found

    def to_json(self, values: Mapping[str, Fraction] | None = None) -> dict:
        values = self.baseline() if values is None else values
        self.stage_model.parameters = self.parameters
        stage = self.stage_model.to_json(values)
        game = self.game(values)

        def profile(indices: tuple[int, ...] | None) -> dict | None:
            if indices is None:
                return None
            return {
                player.name: player.strategies[k]
                for player, k in zip(self.stage_model.players, indices, strict=True)
            }

        return {
            **header_json(self),
            "form": self.form,
            "players": stage["players"],
            "payoffs": stage["payoffs"],
            "repeated": {
                "delta": str(game.delta),
                "delta_formula": str(self.delta),
                "target": profile(self.target),
                "punishment": profile(self.punishment),
                "rounds": self.rounds,
                "monitoring": {
                    "unseen": str(game.unseen),
                    "false_alarm": str(game.false_alarm),
                },
            },
            **parameters_json(self, values),
        }

    def describe(self, values: Mapping[str, Fraction], symbolic: bool = False) -> str:
        from negotiation.text import payoff_tables, scenario_footer, scenario_heading

        game = self.game(values)
        stage = game.stage
        lines = ["Stage game: players and strategies:"]
        for player in self.stage_model.players:
            lines.append(
                f"  {player.name}" + (f": {player.description}" if player.description else "")
            )
            for label, meaning in zip(
                player.strategies, player.strategy_descriptions, strict=True
            ):
                lines.append(f"    {label}: {meaning}")
        lines.append("")
        if symbolic:
            lines.append("Payoff formulas (" + ", ".join(self.player_names) + "):")

            def cell(profile: tuple[int, ...]) -> str:
                labels = tuple(stage.strategies[p][k] for p, k in enumerate(profile))
                return " ; ".join(str(e) for e in self.stage_model.payoff_formulas[labels])

            lines.append(payoff_tables(stage, cell))
        else:
            lines.append("Stage payoffs (" + ", ".join(self.player_names) + "):")
            lines.append(payoff_tables(stage))

        def named(indices: tuple[int, ...]) -> str:
            return ", ".join(stage.strategies[k][a] for k, a in enumerate(indices))

        lines += [
            "",
            f"Repeated with delta = {self.delta if symbolic else game.delta}"
            + ("" if self.rounds is None else f"; also {self.rounds} rounds"),
            f"  target: ({named(self.target)})",
            "  punishment: "
            + (
                "the pure stage equilibrium that sustains the target soonest"
                if self.punishment is None
                else f"({named(self.punishment)})"
            ),
        ]
        if self.monitoring:
            lines.append(
                f"  monitoring: a violation goes unseen with probability {game.unseen}; "
                f"a false alarm with {game.false_alarm}"
            )
        return "\n".join(scenario_heading(self) + lines + scenario_footer(self, values))

    def size(self) -> str:
        return f"repeated {self.stage_model.size()}"


def _sustained_words(found: Mapping[str, bool]) -> str:
    """``sustained by grim trigger, punishment 3`` or ``sustained by no strategy``."""
    names = [name.replace("_", " ") for name, now in found.items() if now]
    return "sustained by " + (", ".join(names) if names else "no strategy")


def _sign(value: Any, level: Fraction) -> int:
    """The sign of ``value - level`` for a Fraction or a sympy algebraic number, exactly."""
    if isinstance(value, Fraction):
        difference = value - level
    else:
        import sympy

        difference = sympy.nsimplify(value) - sympy.Rational(level.numerator, level.denominator)
    return (difference > 0) - (difference < 0)


def _state(value: Any, level: Fraction) -> Any:
    """Which side of ``level`` a critical delta lies on ("never" on its own side)."""
    return "never" if value is None else _sign(value, level)


def _at_most(value: Any, level: Fraction) -> bool:
    return _sign(value, level) <= 0


def _bounded(critical: Any, statement: Mapping[str, Any]) -> bool:
    """Whether a critical delta (None: never, above every level) is strictly above/below the
    claim's levels."""
    if "above" in statement and critical is not None and _sign(critical, statement["above"]) <= 0:
        return False
    return "below" not in statement or (
        critical is not None and _sign(critical, statement["below"]) < 0
    )
