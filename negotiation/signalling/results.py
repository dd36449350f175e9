"""Frozen results of the signalling solvers, with their JSON (issue 13) and text reports.

Exact numbers travel as strings (``"1/2"``), as in `negotiation.results`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from negotiation.display import Report
from negotiation.signalling.beliefs import BeliefSet
from negotiation.signalling.game import SignallingGame

__all__ = ["KINDS", "PBEResult", "PerfectBayesianEquilibrium"]

KINDS = ("pooling", "separating", "hybrid")


def _mixture(labels: tuple[str, ...], probabilities: tuple[Fraction, ...]) -> str:
    used = [(label, p) for label, p in zip(labels, probabilities, strict=True) if p]
    if len(used) == 1:
        return used[0][0]
    return " + ".join(f"{p} {label}" for label, p in used)


@dataclass(frozen=True)
class PerfectBayesianEquilibrium:
    """One perfect Bayesian equilibrium of a signalling game (a family, when off-path beliefs
    range over a set).

    Attributes
    ----------
    kind : {"pooling", "separating", "hybrid"}
        Pooling: every type sends one and the same message.  Separating: every type sends one
        message, no two the same.  Hybrid: anything else (a type mixes, or, with three or more
        types, some but not all types pool).
    sender : tuple of tuple of Fraction
        ``sender[t][m]``: the probability that type ``t`` sends message ``m``.
    receiver : tuple of tuple of Fraction
        ``receiver[m][a]``: the probability of action ``a`` after message ``m``.
    beliefs : tuple of BeliefSet
        After each message: one point on the path (Bayes' rule); off the path, every belief
        that sustains the receiver's response.
    on_path : tuple of bool
        Whether each message is sent with positive probability.
    sender_payoffs : tuple of Fraction
        Each type's expected payoff.
    receiver_payoff : Fraction
        The receiver's ex-ante expected payoff.
    intuitive_criterion : bool
        Whether it survives the Intuitive Criterion (`negotiation.signalling.intuitive`).
    intuitive_reasons : tuple of str
        The test, message by message.
    determined : bool
        False when the indifference equations leave the mixing probabilities a continuum, of
        which this is one point.
    """

    kind: str
    sender: tuple[tuple[Fraction, ...], ...]
    receiver: tuple[tuple[Fraction, ...], ...]
    beliefs: tuple[BeliefSet, ...]
    on_path: tuple[bool, ...]
    sender_payoffs: tuple[Fraction, ...]
    receiver_payoff: Fraction
    intuitive_criterion: bool
    intuitive_reasons: tuple[str, ...] = ()
    determined: bool = True

    @property
    def pure(self) -> bool:
        """Whether both players use pure strategies."""
        return all(sum(1 for p in row if p) == 1 for row in (*self.sender, *self.receiver))

    def belief_json(self, game: SignallingGame, message: int) -> dict:
        """``{type: "p"}`` on the path; ``{type: ["low", "high"]}`` off it."""
        beliefs = self.beliefs[message]
        if self.on_path[message]:
            return {t: str(p) for t, p in zip(game.types, beliefs.vertices[0], strict=True)}
        return {t: [str(bound) for bound in beliefs.interval(k)] for k, t in enumerate(game.types)}

    def to_json(self, game: SignallingGame) -> dict:
        """The object of issue 13's ``"perfect_bayesian"`` list, with a few added keys."""
        out = {
            "kind": self.kind,
            "sender": {
                t: {m: str(p) for m, p in zip(game.messages, row, strict=True) if p}
                for t, row in zip(game.types, self.sender, strict=True)
            },
            "receiver": {
                m: {a: str(p) for a, p in zip(actions, row, strict=True) if p}
                for m, actions, row in zip(game.messages, game.actions, self.receiver, strict=True)
            },
            "beliefs": {m: self.belief_json(game, k) for k, m in enumerate(game.messages)},
            "intuitive_criterion": self.intuitive_criterion,
            "on_path": [m for m, used in zip(game.messages, self.on_path, strict=True) if used],
            "payoffs": {
                "sender": {
                    t: str(v) for t, v in zip(game.types, self.sender_payoffs, strict=True)
                },
                "receiver": str(self.receiver_payoff),
            },
            "determined": self.determined,
        }
        if len(game.types) > 2:
            out["off_path_belief_vertices"] = {
                m: [
                    {t: str(p) for t, p in zip(game.types, vertex, strict=True)}
                    for vertex in self.beliefs[k].vertices
                ]
                for k, m in enumerate(game.messages)
                if not self.on_path[k]
            }
        return out

    def describe(self, game: SignallingGame) -> str:
        """One line: ``pooling: weak beer, strong beer; beer -> not, quiche -> duel``."""
        sender = ", ".join(
            f"{t} {_mixture(game.messages, row)}"
            for t, row in zip(game.types, self.sender, strict=True)
        )
        receiver = ", ".join(
            f"{m} -> {_mixture(actions, row)}"
            for m, actions, row in zip(game.messages, game.actions, self.receiver, strict=True)
        )
        return f"{self.kind}: {sender}; {receiver}"

    def belief_text(self, game: SignallingGame, message: int) -> str:
        """``P(weak) = 1/10`` on the path, ``P(weak) in [1/2, 1]`` off it (two types), or the
        vertices (more types)."""
        beliefs = self.beliefs[message]
        if self.on_path[message]:
            point = beliefs.vertices[0]
            return ", ".join(f"P({t}) = {p}" for t, p in zip(game.types, point, strict=True))
        if len(game.types) == 2:
            low, high = beliefs.interval(0)
            return f"P({game.types[0]}) in [{low}, {high}] (off the path)"
        vertices = "; ".join(
            "(" + ", ".join(str(p) for p in vertex) + ")" for vertex in beliefs.vertices
        )
        return f"beliefs in the hull of {vertices} (off the path)"


@dataclass(frozen=True)
class PBEResult(Report):
    """Every perfect Bayesian equilibrium of a signalling game within ``enumerated``."""

    game: SignallingGame
    equilibria: tuple[PerfectBayesianEquilibrium, ...]
    enumerated: str

    def to_json(self) -> dict:
        game = self.game
        return {
            "game": game.title,
            "sender": game.sender,
            "receiver": game.receiver,
            "types": {t: str(p) for t, p in zip(game.types, game.prior, strict=True)},
            "messages": {
                m: list(actions) for m, actions in zip(game.messages, game.actions, strict=True)
            },
            "perfect_bayesian": [eq.to_json(game) for eq in self.equilibria],
            "enumerated": self.enumerated,
        }

    def text(self) -> str:
        game = self.game
        count = len(self.equilibria)
        lines = [
            f"{game.title or 'signalling game'}: {count} perfect Bayesian "
            f"{'equilibrium' if count == 1 else 'equilibria'} (exact)",
            f"  Enumerated: {self.enumerated}.",
        ]
        for number, eq in enumerate(self.equilibria, 1):
            verdict = "passes" if eq.intuitive_criterion else "fails"
            lines.append(f"{number}. {eq.describe(game)}  [Intuitive Criterion: {verdict}]")
            for k, m in enumerate(game.messages):
                lines.append(f"     beliefs after {m}: {eq.belief_text(game, k)}")
            payoffs = ", ".join(
                f"{t} {v}" for t, v in zip(game.types, eq.sender_payoffs, strict=True)
            )
            lines.append(f"     payoffs: {payoffs}; {game.receiver} {eq.receiver_payoff}")
            if not eq.determined:
                lines.append("     (one point of a continuum of mixing probabilities)")
        return "\n".join(lines)

    def explain(self, index: int = 0) -> str:
        """Why equilibrium ``index`` is one, in steps (`negotiation.signalling.explain`)."""
        from negotiation.signalling.explain import explain_pbe

        return "\n".join(explain_pbe(self.game, self.equilibria[index]))

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):
        return iter(self.equilibria)
