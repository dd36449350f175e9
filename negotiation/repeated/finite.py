"""The T-fold repeated game: its subgame-perfect equilibria by backward induction.

When the stage game has a unique Nash equilibrium, the only subgame-perfect equilibrium of the
finitely repeated game plays it in every round whatever happened (unravelling: the last round
must be a stage equilibrium, so nothing later can reward or punish, and so on backwards; e.g.
Mailath and Samuelson 2006, section 4.4).  With several stage equilibria, switching between
them can reward and punish, and other profiles can be played early (Benoit and Krishna,
"Finitely repeated games", Econometrica 53, 1985).

What this returns then: the payoffs (discounted sums) of the subgame-perfect equilibria in
which every round plays either a pure action profile, or a stage equilibrium (mixed allowed)
whose continuation does not depend on its realisation; each with one path that attains it.
With pure profiles a deviator is identified, and after a deviation by ``i`` the continuation
can be any equilibrium of the remaining rounds, so the harshest is used:
``W_t = {u(a) + delta w : w in W_{t-1}, u_i(a) + delta w_i >= max_b u_i(b, a_-i) + delta
min_{W_{t-1}} w_i for all i}``, with ``W_0 = {0}``.  Equilibria whose mixed rounds are followed by
realisation-dependent continuations are not covered.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product

from negotiation.best_responses import best_reply_value
from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.results import Equilibrium

__all__ = ["FiniteHorizon", "finite_horizon"]

LIMIT = 20_000  # payoff vectors kept per round at most


@dataclass(frozen=True)
class FiniteHorizon:
    """The subgame-perfect equilibria of the T-fold game (see the module docstring).

    Attributes
    ----------
    rounds : int
    delta : Fraction
    stage_equilibria : tuple of Equilibrium
    unique : bool
        Whether the stage game has a unique equilibrium, so the list is complete: one
        equilibrium, the stage equilibrium every round.
    equilibria : tuple of (payoffs, path)
        Each distinct payoff vector (discounted sums) with one path: per round a pure profile
        (strategy indices) or ``"stage equilibrium k"`` (1-based).
    """

    rounds: int
    delta: Fraction
    stage_equilibria: tuple[Equilibrium, ...]
    unique: bool
    equilibria: tuple[tuple[tuple[Fraction, ...], tuple], ...]

    def to_json(self, game: Game) -> dict:
        def step(item):
            if isinstance(item, str):
                return item
            return {
                player: game.strategies[k][action]
                for k, (player, action) in enumerate(zip(game.players, item, strict=True))
            }

        return {
            "rounds": self.rounds,
            "delta": str(self.delta),
            "unique_stage_equilibrium": self.unique,
            "complete": self.unique,
            "equilibria": [
                {
                    "payoffs": {p: str(v) for p, v in zip(game.players, payoffs, strict=True)},
                    "path": [step(item) for item in path],
                }
                for payoffs, path in self.equilibria
            ],
        }


def finite_horizon(game: Game, rounds: int, delta: Fraction = Fraction(1)) -> FiniteHorizon:
    """The subgame-perfect equilibria of ``game`` repeated ``rounds`` times.

    Examples
    --------
    The prisoner's dilemma unravels: defect in each of the 3 rounds.

    >>> pd = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> result = finite_horizon(pd, 3)
    >>> result.unique, result.equilibria
    (True, (((Fraction(3, 1), Fraction(3, 1)), ('stage equilibrium 1', 'stage equilibrium 1', 'stage equilibrium 1')),))
    """  # noqa: E501
    from negotiation.solvers import solve

    if rounds < 1:
        msg = f"rounds must be positive, got {rounds}"
        raise NegotiationError(msg)
    delta = Fraction(delta)
    stage = solve(game).equilibria
    payoffs = game.exact_payoffs()
    profiles = list(product(*(range(count) for count in game.shape)))
    best_reply = {
        profile: tuple(best_reply_value(payoffs[i], i, profile) for i in range(game.n_players))
        for profile in profiles
    }
    later: dict[tuple, tuple] = {tuple(Fraction(0) for _ in game.players): ()}
    for _ in range(rounds):
        worst = [min(w[i] for w in later) for i in range(game.n_players)]
        found: dict[tuple, tuple] = {}
        for number, equilibrium in enumerate(stage, start=1):
            for w, path in later.items():
                value = tuple(
                    Fraction(u) + delta * x for u, x in zip(equilibrium.payoffs, w, strict=True)
                )
                found.setdefault(value, (f"stage equilibrium {number}", *path))
        if len(stage) > 1:  # with one stage equilibrium no continuation can reward: skip
            for profile in profiles:
                here = tuple(payoffs[i][profile] for i in range(game.n_players))
                for w, path in later.items():
                    if all(
                        here[i] + delta * w[i] >= best_reply[profile][i] + delta * worst[i]
                        for i in range(game.n_players)
                    ):
                        value = tuple(u + delta * x for u, x in zip(here, w, strict=True))
                        found.setdefault(value, (profile, *path))
        if len(found) > LIMIT:
            msg = f"more than {LIMIT} equilibrium payoffs after some rounds: use fewer rounds"
            raise NegotiationError(msg)
        later = found
    ordered = tuple(sorted(later.items(), key=lambda item: tuple(-v for v in item[0])))
    return FiniteHorizon(rounds, delta, tuple(stage), len(stage) == 1, ordered)
