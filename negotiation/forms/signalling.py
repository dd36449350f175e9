"""The signalling form: a sender of private type sends a message, a receiver who sees only the
message acts (Spence 1973; Gibbons 1992, sec. 4.2), written in the file.

The file's sections (``docs/scenario-format.md``): ``[players]`` names the ``sender`` and the
``receiver``; ``[types]`` gives each type's prior as a formula; ``[messages]`` lists, for each
message, the receiver's actions after it; ``[payoffs.<type>.<message>.<action>]`` gives the
sender's and the receiver's payoff, keyed by their names, as formulas.  A signal's cost is
written into the sender's payoffs (through ``[terms]`` when it is shared), so the format
needs no syntax beyond formulas.  At parameter values the model builds the exact
`negotiation.signalling.game.SignallingGame` (`SignallingModel.game`) and solves it with
`negotiation.signalling.pbe.perfect_bayesian_equilibria` (`SignallingModel.solve_at`).

Why the priors are checked at values and not when read: they are formulas of parameters, so
only a parameter point says whether they lie in [0, 1] and sum to 1.  A prior of 0 is allowed
(a receiver certain of the type): that type still best responds, but weighs nothing in Bayes'
rule, so a message only it sends is off the path (`negotiation.signalling.pbe`).

A claim is a statement about the set of perfect Bayesian equilibria (`SignallingModel.
read_claim`): the equilibria it selects (``kind``, ``intuitive``) and what it says of them
(``type`` and ``message``: those types send it for sure; ``message`` and ``action``: the
receiver answers it so for sure; ``belief``: the receiver's belief after ``message``, every
belief that sustains the equilibrium, lies within bounds), under ``in``: ``"some"``
equilibrium meets it, ``"none"`` does, or ``"every"`` one does (and there is one).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from itertools import product
from typing import TYPE_CHECKING, Any

from negotiation.errors import ScenarioError
from negotiation.formulas import Expr
from negotiation.model import Claim, Model, header_json, parameters_json
from negotiation.reading import check_keys, name_in, table, text
from negotiation.values import exact_number

if TYPE_CHECKING:
    from negotiation.game import Game
    from negotiation.signalling.game import SignallingGame
    from negotiation.signalling.results import PBEResult, PerfectBayesianEquilibrium

KINDS = ("pooling", "separating", "hybrid")
SIGNALLING_QUANTIFIERS = ("every", "some", "none")
_CACHE_SIZE = 20_000  # solutions kept per model: the draws of one check, a few KB each


class SignallingModel(Model):
    """A parametric signalling game: priors and payoffs as formulas, `game` in numbers.

    Examples
    --------
    >>> from negotiation.scenario import load_scenario
    >>> model = load_scenario("beer-quiche").model
    >>> model.game().prior
    (Fraction(1, 10), Fraction(9, 10))
    >>> [(eq.kind, eq.intuitive_criterion) for eq in model.solve_at(model.baseline())]
    [('pooling', True), ('pooling', False)]
    """

    form = "signalling"
    sections = ("players", "types", "messages", "payoffs")
    claim_keys = (("in", "kind", "intuitive", "type", "message", "action", "belief"), ("in",))

    sender: str
    receiver: str
    types: tuple[str, ...]
    priors: tuple[Expr, ...]
    messages: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    payoff_formulas: dict[tuple, tuple[Expr, ...]]

    # -- reading ---------------------------------------------------------------------------

    def read_form(self, data: Mapping[str, Any]) -> None:
        path = self.path
        players = table(data["players"], path, "players")
        if "receivers" in players:
            self._read_receivers(players)
        else:
            check_keys(players, ("sender", "receiver"), ("sender", "receiver"), path, "players")
            self.sender = text(players["sender"], path, "players.sender")
            self.receiver = text(players["receiver"], path, "players.receiver")
            self.receivers = (self.receiver,)
        if not self.sender or self.sender in self.receivers:
            msg = f"the sender and the receiver need two different names, got {self.sender!r}"
            raise ScenarioError(msg, file=path, key="players")
        self.player_names = (self.sender, *self.receivers)
        types = table(data["types"], path, "types")
        if not types:
            msg = 'a signalling game needs at least one type, each with its prior: weak = "p"'
            raise ScenarioError(msg, file=path, key="types")
        self.types = tuple(types)
        self.priors = tuple(self.formula(types[t], f"types.{t}") for t in self.types)
        messages = table(data["messages"], path, "messages")
        if not messages:
            msg = 'a signalling game needs at least one message: beer = ["duel", "not"]'
            raise ScenarioError(msg, file=path, key="messages")
        self.messages = tuple(messages)
        if self.several:
            from negotiation.forms.signalling_receivers import read_actions

            self.actions = tuple(
                read_actions(self, messages[m], f"messages.{m}") for m in self.messages
            )
        else:
            self.actions = tuple(
                self._actions(messages[m], f"messages.{m}") for m in self.messages
            )
        self.payoff_formulas = self._payoffs(data["payoffs"])

    def _read_receivers(self, players: Mapping[str, Any]) -> None:
        """``receivers = ["Russia", "Turkey"]``: several players read the message (one name
        is the same game as ``receiver = "Russia"``)."""
        path = self.path
        check_keys(players, ("sender", "receivers"), ("sender", "receivers"), path, "players")
        self.sender = text(players["sender"], path, "players.sender")
        self.receivers = self._names(players["receivers"], "players.receivers", "receiver")
        self.receiver = self.receivers[0]
        if self.several:  # a claim about an action names whose action
            allowed, required = self.claim_keys
            self.claim_keys = ((*allowed, "receiver"), required)

    @property
    def several(self) -> bool:
        """Whether more than one receiver reads the message
        (`negotiation.forms.signalling_receivers`)."""
        return len(self.receivers) > 1

    def _actions(self, found: object, key: str) -> tuple[str, ...]:
        return self._names(found, key, "action")

    def _names(self, found: object, key: str, what: str) -> tuple[str, ...]:
        """A non-empty list of distinct, non-empty names (actions, receivers), or one error
        naming ``key``."""
        if (
            not isinstance(found, list)
            or not found
            or not all(isinstance(name, str) and name for name in found)
            or len(set(found)) != len(found)
        ):
            msg = f"expected a list of distinct {what} names, got {found!r}"
            raise ScenarioError(msg, file=self.path, key=key)
        return tuple(found)

    def _payoffs(self, found: object) -> dict[tuple, tuple[Expr, ...]]:
        """``payoffs.<type>.<message>.<action>...``, one level per receiver, each cell every
        player's formula.  One walk serves one receiver and several: one receiver is the case
        of a single action list, keyed ``(type, message, action)``; several are keyed
        ``(type, message, action labels)``."""
        path = self.path
        payoffs = table(found, path, "payoffs")
        check_keys(payoffs, self.types, self.types, path, "payoffs")
        per_message = self.actions if self.several else tuple((a,) for a in self.actions)
        formulas = {}
        for t in self.types:
            by_message = table(payoffs[t], path, f"payoffs.{t}")
            check_keys(by_message, self.messages, self.messages, path, f"payoffs.{t}")
            for m, per_receiver in zip(self.messages, per_message, strict=True):
                for labels in product(*per_receiver):
                    node, key = by_message[m], f"payoffs.{t}.{m}"
                    for actions, a in zip(per_receiver, labels, strict=True):
                        node = table(node, path, key)
                        check_keys(node, actions, actions, path, key)
                        node, key = node[a], f"{key}.{a}"
                    cell = table(node, path, key)
                    check_keys(cell, self.player_names, self.player_names, path, key)
                    formulas[t, m, labels if self.several else labels[0]] = tuple(
                        self.formula(cell[name], f"{key}.{name}") for name in self.player_names
                    )
        return formulas

    def read_claim(self, spec: Mapping[str, Any], key: str) -> dict[str, Any]:
        path = self.path
        quantifier = name_in(
            text(spec["in"], path, f"{key}.in"),
            SIGNALLING_QUANTIFIERS,
            "quantifier",
            path,
            f"{key}.in",
        )
        statement: dict[str, Any] = {}
        if "kind" in spec:
            statement["kind"] = name_in(
                text(spec["kind"], path, f"{key}.kind"), KINDS, "kind", path, f"{key}.kind"
            )
        if "intuitive" in spec:
            if not isinstance(spec["intuitive"], bool):
                msg = f"expected true or false, got {spec['intuitive']!r}"
                raise ScenarioError(msg, file=path, key=f"{key}.intuitive")
            if self.several:
                msg = "the Intuitive Criterion is judged for one receiver; this game has several"
                raise ScenarioError(msg, file=path, key=f"{key}.intuitive")
            statement["intuitive"] = spec["intuitive"]
        message = None
        if "message" in spec:
            message = name_in(
                text(spec["message"], path, f"{key}.message"),
                self.messages,
                "message",
                path,
                f"{key}.message",
            )
            statement["message"] = message
        for needs in ("type", "action", "belief"):
            if needs in spec and message is None:
                msg = f"a claim with {needs!r} needs 'message': the message it is about"
                raise ScenarioError(msg, file=path, key=key)
        if message is not None and not {"type", "action", "belief"} & set(spec):
            msg = "a claim with 'message' needs 'type' (who sends it), 'action' or 'belief'"
            raise ScenarioError(msg, file=path, key=key)
        if "type" in spec:
            found = spec["type"]
            names = [found] if isinstance(found, str) else found
            if not isinstance(names, list) or not names:
                msg = f"expected a type or a list of types, got {found!r}"
                raise ScenarioError(msg, file=path, key=f"{key}.type")
            statement["types"] = tuple(
                name_in(text(t, path, f"{key}.type"), self.types, "type", path, f"{key}.type")
                for t in names
            )
        player = self.receiver
        if "action" in spec:
            actions = self.actions[self.messages.index(message)]
            if self.several:
                if "receiver" not in spec:
                    msg = "a claim with 'action' needs 'receiver': whose action it is"
                    raise ScenarioError(msg, file=path, key=key)
                player = name_in(
                    text(spec["receiver"], path, f"{key}.receiver"),
                    self.receivers,
                    "receiver",
                    path,
                    f"{key}.receiver",
                )
                statement["receiver"] = self.receivers.index(player)
                statement["by"] = player
                actions = actions[statement["receiver"]]
            statement["action"] = name_in(
                text(spec["action"], path, f"{key}.action"),
                actions,
                f"action after {message}",
                path,
                f"{key}.action",
            )
        elif "receiver" in spec:
            msg = "a claim with 'receiver' needs 'action': what that receiver does"
            raise ScenarioError(msg, file=path, key=key)
        if "belief" in spec:
            statement["belief"] = self._belief(spec["belief"], f"{key}.belief")
        if not statement:
            statement["exists"] = True
        return {
            "player": player if "action" in statement else self.sender,
            "strategy": _words(statement, quantifier),
            "quantifier": quantifier,
            "on": "perfect_bayesian",
            "statement": statement,
        }

    def _belief(self, found: object, key: str) -> tuple[str, Fraction, Fraction]:
        spec = table(found, self.path, key)
        check_keys(spec, ("type", "low", "high"), ("type",), self.path, key)
        kind = name_in(
            text(spec["type"], self.path, f"{key}.type"),
            self.types,
            "type",
            self.path,
            f"{key}.type",
        )
        low = exact_number(spec.get("low", 0), file=self.path, key=f"{key}.low")
        high = exact_number(spec.get("high", 1), file=self.path, key=f"{key}.high")
        if not 0 <= low <= high <= 1:
            msg = f"belief bounds must satisfy 0 <= low <= high <= 1, got [{low}, {high}]"
            raise ScenarioError(msg, file=self.path, key=key)
        return kind, low, high

    # -- using -----------------------------------------------------------------------------

    def formulas(self) -> Iterable[Expr]:
        yield from self.priors
        for pair in self.payoff_formulas.values():
            yield from pair

    def build(self, scope: Mapping[str, Any]) -> SignallingGame:
        """The game from parameter and term values ``scope``, the priors unchecked: Fractions
        give a concrete game, sympy expressions the symbolic one the threshold kernel derives
        its formulas from (`symbolic_game`)."""
        from negotiation.signalling.game import SignallingGame

        symbolic = any(hasattr(v, "free_symbols") for v in scope.values())

        def value(expr: Expr, key: str) -> Any:
            return expr.to_sympy(scope) if symbolic else self.evaluate(expr, scope, key)

        prior = tuple(
            value(expr, f"types.{t}") for expr, t in zip(self.priors, self.types, strict=True)
        )
        if self.several:
            from negotiation.forms.signalling_receivers import build_receivers, refuse

            if symbolic:
                refuse(self, "a threshold's formula")
            return build_receivers(self, prior, value)
        tables = [
            [
                [
                    tuple(
                        value(expr, f"payoffs.{t}.{m}.{a}.{name}")
                        for expr, name in zip(
                            self.payoff_formulas[t, m, a], self.player_names, strict=True
                        )
                    )
                    for a in actions
                ]
                for m, actions in zip(self.messages, self.actions, strict=True)
            ]
            for t in self.types
        ]
        return SignallingGame(
            self.types,
            prior,
            self.messages,
            self.actions,
            tuple(tuple(tuple(c[0] for c in cell) for cell in row) for row in tables),
            tuple(tuple(tuple(c[1] for c in cell) for cell in row) for row in tables),
            sender=self.sender,
            receiver=self.receiver,
            title=self.title,
        )

    def symbolic_game(self, **numbers: Any) -> SignallingGame:
        """The game at ``numbers`` (every parameter, as Fractions or sympy symbols), terms
        computed from them: the ``build`` that `negotiation.signalling.thresholds` calls once
        with symbols, then with Fractions at each candidate."""
        if not any(hasattr(v, "free_symbols") for v in numbers.values()):
            return self.game(numbers)
        return self.build(self.sympy_terms(numbers))

    def game(self, values: Mapping[str, Fraction] | None = None) -> SignallingGame:
        """The exact signalling game at ``values`` (default: the baseline).

        Raises
        ------
        ScenarioError
            For a prior outside [0, 1], or priors that do not add up to 1, naming the values.
        """
        values = self.baseline() if values is None else values
        scope = self.term_values(values)
        prior = [
            self.evaluate(expr, scope, f"types.{t}")
            for expr, t in zip(self.priors, self.types, strict=True)
        ]
        problem = ""
        for t, p in zip(self.types, prior, strict=True):
            if not 0 <= p <= 1:
                problem = f"the prior of {t} is {p}, outside [0, 1]"
                break
        else:
            if sum(prior) != 1:
                problem = f"the priors add up to {sum(prior)}, not 1"
        if problem:
            names = sorted(set().union(*(expr.names() for expr in self.priors)))
            shown = ", ".join(f"{name}={scope[name]}" for name in names)
            msg = problem + (f" at {shown}" if shown else "")
            raise ScenarioError(msg, file=self.path, key="types")
        return self.build(scope)

    def strategic_form(self, values: Mapping[str, Fraction] | None = None) -> Game:
        """The normal form (`negotiation.signalling.normal_form.signalling_normal_form`); with
        several receivers the reduced normal form of the Harsanyi tree."""
        if self.several:
            from negotiation.extensive.reduced_form import reduced_form
            from negotiation.signalling.receivers import receivers_tree

            return reduced_form(receivers_tree(self.game(values))).game
        from negotiation.signalling.normal_form import signalling_normal_form

        return signalling_normal_form(self.game(values))

    def solve_at(self, values: Mapping[str, Fraction], method: str = "auto") -> PBEResult:
        """Every perfect Bayesian equilibrium at ``values``, with its Intuitive Criterion
        verdict (``method`` is a matrix solver's option: the PBE have one method); with
        several receivers every pure PBE (`negotiation.signalling.receivers`)."""
        if self.several:
            from negotiation.signalling.receivers import pure_perfect_bayesian

            return pure_perfect_bayesian(self.game(values))
        from negotiation.signalling.pbe import perfect_bayesian_equilibria

        return perfect_bayesian_equilibria(self.game(values))

    def claim_verdicts(
        self, claim: Claim, points: Sequence[Mapping[str, Fraction]]
    ) -> list[bool] | None:
        """The claim at each point, exactly as `claim_holds` decides it, each point solved
        once for all the claims of a check that draw it (`negotiation check` draws the same
        points for every claim that fixes the same parameters): a PBE solve takes about
        20 ms, so six claims on 2000 draws take 40 s, not four minutes."""
        return [self.claim_holds(claim, self._solved(point)) for point in points]

    def robustness_outcome(self, result: PBEResult) -> str:
        """A draw's outcome, from a `solve_at` answer: the kinds of perfect Bayesian
        equilibrium there are and what the sender does in each (``pooling on beer``,
        ``separating (high: E, low: N)``, ``hybrid``), those passing the Intuitive
        Criterion marked; equilibria that differ only off the path or in the receiver's
        mixing count once.  Kinds and the Intuitive Criterion are what the claims of a
        signalling model are about (SF12: do costly signals separate?)."""
        game = result.game
        found = sorted({_equilibrium_words(game, eq) for eq in result.equilibria})
        return "; ".join(found) if found else "no perfect Bayesian equilibrium"

    def robustness_outcomes(self, points: Sequence[Mapping[str, Fraction]]) -> list[str]:
        """`robustness_outcome` at each point, each point solved once with the claims that
        draw it (the cache `claim_verdicts` uses)."""
        return [self.robustness_outcome(self._solved(point)) for point in points]

    def _solved(self, values: Mapping[str, Fraction]) -> PBEResult:
        key = tuple(sorted(values.items()))
        cache = self.__dict__.setdefault("_solutions", {})
        if key not in cache:
            if len(cache) >= _CACHE_SIZE:
                cache.clear()
            cache[key] = self.solve_at(values)
        return cache[key]

    def claim_holds(self, claim: Claim, result: PBEResult) -> bool:
        statement = claim.statement
        chosen = [
            eq
            for eq in result.equilibria
            if statement.get("intuitive") in (None, eq.intuitive_criterion)
        ]
        meets = [_meets(statement, result.game, eq) for eq in chosen]
        if claim.quantifier == "every":
            return bool(meets) and all(meets)
        if claim.quantifier == "some":
            return any(meets)
        return not any(meets)

    # -- showing ---------------------------------------------------------------------------

    def to_json(self, values: Mapping[str, Fraction] | None = None) -> dict:
        """The scenario as data: players, types with priors, messages, payoffs (numbers
        beside their formulas), parameters."""
        values = self.baseline() if values is None else values
        game = self.game(values)
        if self.several:
            from negotiation.forms.signalling_receivers import receivers_json

            players, *rest = receivers_json(self, game).items()
        else:
            players = ("players", {"sender": self.sender, "receiver": self.receiver})
            rest = self._tables_json(game).items()
        return {
            **header_json(self),
            "form": self.form,
            players[0]: players[1],
            "types": {
                t: {"prior": str(p), "formula": str(expr)}
                for t, p, expr in zip(self.types, game.prior, self.priors, strict=True)
            },
            **dict(rest),
            **parameters_json(self, values),
        }

    def _tables_json(self, game: SignallingGame) -> dict:
        return {
            "messages": dict(zip(self.messages, map(list, self.actions), strict=True)),
            "payoffs": {
                t: {
                    m: {
                        a: {
                            name: {
                                "value": str(table[i][j][k]),
                                "formula": str(self.payoff_formulas[t, m, a][n]),
                            }
                            for n, (name, table) in enumerate(
                                zip(
                                    self.player_names,
                                    (game.sender_payoffs, game.receiver_payoffs),
                                    strict=True,
                                )
                            )
                        }
                        for k, a in enumerate(actions)
                    }
                    for j, (m, actions) in enumerate(zip(self.messages, self.actions, strict=True))
                }
                for i, t in enumerate(self.types)
            },
        }

    def describe(self, values: Mapping[str, Fraction], symbolic: bool = False) -> str:
        from negotiation.forms.signalling_text import describe_signalling

        return describe_signalling(self, values, symbolic)

    def size(self) -> str:
        found = f"a signalling game of {len(self.types)} types and {len(self.messages)} messages"
        return found + (f" read by {len(self.receivers)} receivers" if self.several else "")


def _equilibrium_words(game: SignallingGame, eq: PerfectBayesianEquilibrium) -> str:
    """``pooling on beer (intuitive)``: the kind and, where pure, what each type sends."""
    mark = " (intuitive)" if eq.intuitive_criterion else ""
    if eq.kind == "pooling":
        sent = {game.messages[row.index(1)] for row in eq.sender if 1 in row}
        return f"pooling on {', '.join(sorted(sent))}{mark}"
    if eq.kind == "separating" and all(1 in row for row in eq.sender):
        sent = ", ".join(
            f"{t}: {game.messages[row.index(1)]}"
            for t, row in zip(game.types, eq.sender, strict=True)
        )
        return f"separating ({sent}){mark}"
    return f"{eq.kind}{mark}"


def _meets(
    statement: Mapping[str, Any], game: SignallingGame, eq: PerfectBayesianEquilibrium
) -> bool:
    """Whether one equilibrium has the claim's kind, messages, response and beliefs."""
    if "kind" in statement and eq.kind != statement["kind"]:
        return False
    if "message" not in statement:
        return True
    m = game.messages.index(statement["message"])
    for t in statement.get("types", ()):
        if eq.sender[game.types.index(t)][m] != 1:
            return False
    if "receiver" in statement:  # several receivers: that receiver's action
        r = statement["receiver"]
        if eq.receivers[r][m][game.actions[m][r].index(statement["action"])] != 1:
            return False
    elif "action" in statement and eq.receiver[m][game.actions[m].index(statement["action"])] != 1:
        return False
    if "belief" in statement:
        kind, low, high = statement["belief"]
        found_low, found_high = eq.beliefs[m].interval(game.types.index(kind))
        if not low <= found_low <= found_high <= high:
            return False
    return True


def _words(statement: Mapping[str, Any], quantifier: str) -> str:
    """The claim in words: ``in some pooling PBE passing the Intuitive Criterion, ...``."""
    kind = statement.get("kind", "")
    test = {True: " passing the Intuitive Criterion", False: " failing the Intuitive Criterion"}
    what = f"{kind + ' ' if kind else ''}perfect Bayesian equilibrium"
    what += test.get(statement.get("intuitive"), "")
    parts = []
    message = statement.get("message")
    if "types" in statement:
        parts.append(f"{', '.join(statement['types'])} send {message}")
    if "action" in statement:
        by = f" by {statement['by']}" if "by" in statement else ""
        parts.append(f"{message} is answered{by} with {statement['action']}")
    if "belief" in statement:
        kind_name, low, high = statement["belief"]
        parts.append(f"P({kind_name} | {message}) lies in [{low}, {high}]")
    said = f" in which {' and '.join(parts)}" if parts else ""
    lead = {"every": "every", "some": "some", "none": "no"}[quantifier]
    suffix = " (and there is one)" if quantifier == "every" else ""
    return f"{lead} {what}{said}{suffix}"
