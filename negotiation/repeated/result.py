"""What solving a repeated game returns: critical discount factors and payoff sets, exact.

`solve_repeated` is the function a future ``negotiation solve`` of a repeated scenario calls
on the `Repeated` game the scenario gives at its parameter values; `RepeatedResult.to_json`
gives ``"critical_delta": {"grim_trigger": value, "tit_for_tat": value, ...}`` (issue 12
item 5), exact numbers as strings and ``"never"`` where no discount factor below 1 works.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from negotiation.display import Report
from negotiation.errors import NegotiationError
from negotiation.repeated.abreu_sannikov import EquilibriumPayoffs, spe_payoffs
from negotiation.repeated.automaton import grim_trigger, k_period_punishment, tit_for_tat
from negotiation.repeated.critical import grim_trigger_delta
from negotiation.repeated.deltas import DeltaSet, sustaining_deltas
from negotiation.repeated.finite import FiniteHorizon, finite_horizon
from negotiation.repeated.minmax import mixed_minmax, pure_minmax
from negotiation.repeated.monitoring import noisy_grim_delta
from negotiation.repeated.payoff_set import PayoffSet, payoff_set
from negotiation.repeated.problem import Repeated

__all__ = [
    "RepeatedResult",
    "chosen_punishment",
    "grim_trigger_steps",
    "solve_repeated",
    "strategy_automata",
]

# Exact Abreu-Sannikov steps before the payoff set is computed in floats instead: enough for
# the textbook games, which reach their fixed point in a few steps.
EXACT_STEPS = 12


def _number(value: Any) -> str:
    return "never" if value is None else str(value)


@dataclass(frozen=True)
class RepeatedResult(Report):
    """The answers for one repeated game.

    Attributes
    ----------
    game : Repeated
    punishment : tuple of int
        The stage equilibrium the trigger strategies use.
    critical_delta : dict
        Strategy name to the least discount factor from which it sustains the target
        (Fraction or sympy algebraic number), None for never.
    sustained : dict
        Strategy name to every discount factor at which its automaton is subgame perfect.
    minmax_pure, minmax_mixed : tuple
        Each player's minmax value (mixed: two players only, else None).
    payoffs : PayoffSet or None
        Two players only.
    equilibrium_payoffs : EquilibriumPayoffs or None
        Abreu-Sannikov at ``delta``; two players with a pure subgame-perfect equilibrium.
    finite : FiniteHorizon or None
    """

    game: Repeated
    punishment: tuple[int, ...]
    critical_delta: dict[str, Any]
    sustained: dict[str, DeltaSet]
    minmax_pure: tuple
    minmax_mixed: tuple | None
    payoffs: PayoffSet | None
    equilibrium_payoffs: EquilibriumPayoffs | None
    finite: FiniteHorizon | None

    def to_json(self) -> dict:
        stage = self.game.stage
        players = stage.players

        def profile(indices):
            return {
                p: stage.strategies[k][a]
                for k, (p, a) in enumerate(zip(players, indices, strict=True))
            }

        def by_player(values):
            return (
                None
                if values is None
                else {p: str(v) for p, v in zip(players, values, strict=True)}
            )

        return {
            "game": stage.title,
            "form": "repeated",
            "players": list(players),
            "delta": str(self.game.delta),
            "target": profile(self.game.target),
            "punishment": profile(self.punishment),
            "critical_delta": {
                name: _number(value) for name, value in self.critical_delta.items()
            },
            "sustained_at": {name: found.text() for name, found in self.sustained.items()},
            "sustained_now": {
                name: self.game.delta in found for name, found in self.sustained.items()
            },
            "minmax": {"pure": by_player(self.minmax_pure), "mixed": by_player(self.minmax_mixed)},
            "payoff_set": None if self.payoffs is None else self.payoffs.to_json(),
            "equilibrium_payoffs": None
            if self.equilibrium_payoffs is None
            else self.equilibrium_payoffs.to_json(),
            "finite_horizon": None if self.finite is None else self.finite.to_json(stage),
        }

    def text(self) -> str:
        from negotiation.text import table

        stage = self.game.stage
        target = ", ".join(stage.strategies[k][a] for k, a in enumerate(self.game.target))
        lines = [
            f"{stage.title or 'Repeated game'}: sustaining ({target}) at delta = {self.game.delta}"
        ]
        rows = [
            [
                name.replace("_", " "),
                _number(self.critical_delta.get(name)),
                self.sustained[name].text() if name in self.sustained else "",
                ""
                if name not in self.sustained
                else ("yes" if self.game.delta in self.sustained[name] else "no"),
            ]
            for name in self.critical_delta
        ]
        lines.append(table(["strategy", "critical delta", "subgame perfect for", "now"], rows))
        lines.append(
            "minmax (pure): "
            + ", ".join(f"{p} {v}" for p, v in zip(stage.players, self.minmax_pure, strict=True))
        )
        if self.minmax_mixed is not None:
            lines.append(
                "minmax (mixed): "
                + ", ".join(
                    f"{p} {v}" for p, v in zip(stage.players, self.minmax_mixed, strict=True)
                )
            )
        if self.equilibrium_payoffs is not None:
            found = self.equilibrium_payoffs
            kind = (
                "outer approximation"
                if not found.converged
                else ("exact" if found.exact else "in floats")
            )
            vertices = ", ".join(f"({x}, {y})" for x, y in self.equilibrium_payoffs.vertices)
            lines.append(f"subgame-perfect payoffs ({kind}): {vertices}")
        if self.finite is not None:
            lines.append(
                f"{self.finite.rounds} rounds: {len(self.finite.equilibria)} equilibrium payoff "
                + (
                    "vector (the stage equilibrium every round)"
                    if self.finite.unique
                    else "vectors"
                )
            )
        return "\n".join(lines)

    def explain(self) -> str:
        """The grim-trigger inequality solved for delta, for each player."""
        return grim_trigger_steps(self.game.stage, self.game.target, self.punishment)


def grim_trigger_steps(stage, target, punishment) -> str:
    """The grim-trigger inequality, solved for delta step by step (Friedman 1971)."""
    from negotiation.repeated.critical import deviation_terms

    lines = [
        "Grim trigger: hold the target until anyone deviates, then play the punishment "
        "(a stage equilibrium) for ever.  Values are normalised: (1 - delta) times the sum."
    ]
    movers = [
        player for player, count in zip(stage.players, stage.shape, strict=True) if count > 1
    ]
    for player, (temptation, reward, penalty) in zip(
        movers, deviation_terms(stage, target, punishment), strict=True
    ):
        lines.append(
            f"{player}: holding gives R = {reward} every round; deviating gives "
            f"T = {temptation} once, then P = {penalty}."
        )
        lines.append(
            f"  hold iff R >= (1 - delta) T + delta P, i.e. {reward} >= "
            f"(1 - delta) {temptation} + delta {penalty}"
        )
        if temptation <= reward and penalty <= reward:
            lines.append("  T <= R and P <= R: no gain from deviating at any delta.")
        elif penalty >= reward:
            lines.append(
                "  P >= R: the punishment does not hurt, so a patient player deviates "
                "(to trigger it, if need be); not sustained as delta nears 1."
            )
        else:
            bound = Fraction(temptation - reward) / (temptation - penalty)
            lines.append(
                f"  delta (T - P) >= T - R: delta >= ({temptation} - {reward}) / "
                f"({temptation} - {penalty}) = {bound}"
            )
    critical = grim_trigger_delta(stage, target, punishment)
    lines.append(f"Critical delta: {_number(critical)} (the largest over the players).")
    return "\n".join(lines)


def _pure_equilibria(stage) -> list[tuple[int, ...]]:
    from negotiation.solvers import solve

    found = []
    for equilibrium in solve(stage, method="pure").equilibria:
        found.append(tuple(mixed.index(1) for mixed in equilibrium.profile))
    return found


def chosen_punishment(game: Repeated) -> tuple[int, ...]:
    """The punishment the trigger strategies use: the game's, or else the pure stage
    equilibrium from which grim trigger sustains the target soonest.

    Raises
    ------
    NegotiationError
        When no punishment is given and the stage game has no pure equilibrium.
    """
    if game.punishment is not None:
        return tuple(game.punishment)
    candidates = _pure_equilibria(game.stage)
    if not candidates:
        msg = "the stage game has no pure equilibrium: give the punishment profile"
        raise NegotiationError(msg)

    def rank(profile):
        found = grim_trigger_delta(game.stage, game.target, profile)
        return (found is None, found or 0)

    return tuple(min(candidates, key=rank))


def strategy_automata(game: Repeated, punishment: Sequence[int]) -> list:
    """The strategies whose sustaining discount factors `solve_repeated` reports, as
    automata: grim trigger, tit-for-tat (two players), each k-period punishment."""
    stage = game.stage
    automata = [grim_trigger(stage, game.target, punishment)]
    if stage.n_players == 2:
        automata.append(tit_for_tat(stage, game.target, punishment))
    automata += [k_period_punishment(stage, game.target, punishment, k) for k in game.periods]
    return automata


def solve_repeated(game: Repeated) -> RepeatedResult:
    """Critical discount factors for the target, minmax values, payoff sets, and the T-fold
    game if asked.

    Raises
    ------
    NegotiationError
        When no punishment is given and the stage game has no pure equilibrium.

    Examples
    --------
    >>> from negotiation.game import Game
    >>> pd = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], ["Russia", "Turkey"],
    ...           [["hold", "thrust"], ["hold", "escalate"]])
    >>> result = solve_repeated(Repeated(pd, Fraction(3, 4), (0, 0)))
    >>> result.to_json()["critical_delta"]["grim_trigger"]
    '1/2'
    """
    stage = game.stage
    punishment = chosen_punishment(game)
    critical: dict[str, Any] = {"grim_trigger": grim_trigger_delta(stage, game.target, punishment)}
    sustained = {
        automaton.name: sustaining_deltas(stage, automaton)
        for automaton in strategy_automata(game, punishment)
    }
    for name, found in sustained.items():
        critical.setdefault(name, found.critical())
    if game.unseen or game.false_alarm:
        critical["grim_trigger_noisy"] = noisy_grim_delta(
            stage, game.target, punishment, game.unseen, game.false_alarm
        )
    pure = tuple(pure_minmax(stage, player)[0] for player in range(stage.n_players))
    two = stage.n_players == 2
    mixed = tuple(mixed_minmax(stage, player)[0] for player in range(2)) if two else None
    try:
        equilibrium = spe_payoffs(stage, game.delta, max_iter=EXACT_STEPS) if two else None
        if equilibrium is not None and not equilibrium.converged:
            # The exact iterates' numbers can grow without bound (the threat points creep up
            # and every step multiplies the denominators): finish in floats, as QuantEcon does.
            equilibrium = spe_payoffs(stage, game.delta, exact=False)
    except NegotiationError:
        equilibrium = None
    return RepeatedResult(
        game=game,
        punishment=tuple(punishment),
        critical_delta=critical,
        sustained=sustained,
        minmax_pure=pure,
        minmax_mixed=mixed,
        payoffs=payoff_set(stage) if two else None,
        equilibrium_payoffs=equilibrium,
        finite=None if game.rounds is None else finite_horizon(stage, game.rounds, game.delta),
    )
