"""The subgame-perfect payoffs of a two-player repeated game: Abreu and Sannikov's algorithm.

Abreu and Sannikov ("An algorithm for two-player repeated games with perfect monitoring",
Theoretical Economics 9, 2014) compute the set of payoffs of pure-strategy subgame-perfect
equilibria with public randomisation.  Starting from a polygon ``W`` that contains the set
(the hull of all stage payoffs) and threat points ``u`` below it, each step keeps, for every
action profile ``a``, the payoffs ``(1 - delta) g(a) + delta w`` with ``w`` in ``W`` and
incentive compatible: ``w_i >= u_i + (1 - delta) / delta * (best deviation gain of i at a)``.
Their key result is that a few points per profile suffice: ``g(a)`` itself when it is
incentive compatible and in ``W``, otherwise the points where the boundary of ``W`` crosses
the two incentive constraints, and their corner if it lies in ``W``.  The threat points rise
to the least payoffs of the new set.  The iterates shrink to the equilibrium set (their
Theorem 3 and section 4), so every iterate contains it: stopped early, the answer is an outer
approximation.

This is a port of QuantEcon's ``_equilibrium_payoffs_abreu_sannikov``
(quantecon/game_theory/repeated_game.py, BSD-3-Clause) to exact arithmetic: in Fractions no
tolerance is needed and the answer says whether an exact fixed point was reached; in floats it
stops, as QuantEcon does, when the vertices move less than ``tol``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import Any

from negotiation.best_responses import best_reply_value
from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.polygon import clip, contains, convex_hull
from negotiation.repeated.minmax import pure_minmax

__all__ = ["EquilibriumPayoffs", "spe_payoffs"]


@dataclass(frozen=True)
class EquilibriumPayoffs:
    """The polygon of subgame-perfect payoffs (pure strategies, public randomisation).

    Attributes
    ----------
    vertices : tuple of pairs
        Counterclockwise; Fractions when exact.
    threat_points : pair
        The least equilibrium payoff of each player (the worst punishment).
    iterations : int
    converged : bool
        Whether a fixed point was reached (exactly in Fractions, within ``tol`` in floats);
        when False the polygon is an outer approximation of the set.
    exact : bool
    movement : float
        How far the vertices moved in the last step (0 at an exact fixed point).
    """

    vertices: tuple
    threat_points: tuple
    iterations: int
    converged: bool
    exact: bool
    movement: float = 0.0

    def to_json(self) -> dict:
        def number(value: Any) -> Any:
            return str(value) if self.exact else float(value)

        return {
            "vertices": [[number(x), number(y)] for x, y in self.vertices],
            "threat_points": [number(value) for value in self.threat_points],
            "iterations": self.iterations,
            "converged": self.converged,
            "movement": self.movement,
            "approximation": "exact" if self.converged and self.exact else "outer",
        }


def spe_payoffs(
    game: Game, delta: Fraction | float, exact: bool = True, max_iter: int = 200, tol=1e-12
) -> EquilibriumPayoffs:
    """The subgame-perfect payoff set at discount factor ``delta`` (Abreu-Sannikov).

    Parameters
    ----------
    game : Game
        A two-player stage game.
    delta : number in (0, 1)
    exact : bool
        Fractions (True) or floats.
    max_iter : int
        Iterations at most; the answer says whether it converged.
    tol : float
        The largest vertex movement counted as converged for floats.  In Fractions the
        iterates may approach the set without reaching it; they stop when they move less
        than ``tol``, and the answer is then marked not converged: an outer approximation.

    Raises
    ------
    NegotiationError
        For a game that is not two-player, a ``delta`` outside (0, 1), or when no payoff is
        incentive compatible (the game has no pure-strategy subgame-perfect equilibrium).

    Examples
    --------
    Prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0) at delta = 3/4: mutual defection, mutual
    cooperation, and the points where the individually rational set meets the feasible hull.

    >>> pd = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> [tuple(map(str, v)) for v in spe_payoffs(pd, Fraction(3, 4)).vertices]
    [('1', '1'), ('13/3', '1'), ('3', '3'), ('1', '13/3')]
    """
    if game.n_players != 2:
        msg = f"Abreu-Sannikov needs a two-player game; this one has {game.n_players}"
        raise NegotiationError(msg)
    if not 0 < delta < 1:
        msg = f"the discount factor must lie in (0, 1), got {delta}"
        raise NegotiationError(msg)
    number = Fraction if exact else float
    delta = number(delta)
    arrays = game.exact_payoffs() if exact else game.float_payoffs()
    profiles = list(product(range(game.shape[0]), range(game.shape[1])))
    stage = {a: (number(arrays[0][a]), number(arrays[1][a])) for a in profiles}
    weight = (1 - delta) / delta
    gains = {
        a: tuple(
            weight * (number(best_reply_value(arrays[i], i, a)) - stage[a][i]) for i in (0, 1)
        )
        for a in profiles
    }
    # Every pure-strategy equilibrium pays each player at least its pure minmax value (it can
    # best-respond to the others' known actions in every round), so the search may start from
    # the stage payoffs cut at the pure minmax values, with those as threat points; QuantEcon
    # starts lower (the least payoffs) and converges to the same set, more slowly.
    threat = tuple(number(pure_minmax(game, player)[0]) for player in (0, 1))
    hull = clip(clip(convex_hull(stage.values()), (1, 0), threat[0]), (0, 1), threat[1])
    converged = False
    iterations = 0
    movement = float("inf")
    while iterations < max_iter:
        points = []
        for a in profiles:
            constraint = (threat[0] + gains[a][0], threat[1] + gains[a][1])
            if (
                stage[a][0] >= constraint[0]
                and stage[a][1] >= constraint[1]
                and contains(hull, stage[a])
            ):
                points.append(stage[a])
                continue
            for w in _crossings(hull, constraint):
                points.append(tuple(delta * w[i] + (1 - delta) * stage[a][i] for i in (0, 1)))
        if not points:
            msg = (
                f"no incentive-compatible payoff at delta = {delta}: the game has no "
                "pure-strategy subgame-perfect equilibrium"
            )
            raise NegotiationError(msg)
        iterations += 1
        new_hull = convex_hull(points)
        new_threat = tuple(max(threat[i], min(point[i] for point in points)) for i in (0, 1))
        movement = _movement(new_hull, hull) if new_threat == threat else float("inf")
        hull, threat = new_hull, new_threat
        if movement == 0 or (movement < tol and not exact):
            converged = True
            break
        if movement < tol:
            break
    return EquilibriumPayoffs(hull, threat, iterations, converged, exact, float(movement))


def _movement(first: tuple, second: tuple) -> float:
    """The largest coordinate change between two polygons with the same number of vertices
    (infinite otherwise); exactly 0 when they are equal."""
    if first == second:
        return 0.0
    if len(first) != len(second):
        return float("inf")
    return max(
        abs(float(a) - float(b))
        for p, q in zip(first, second, strict=True)
        for a, b in zip(p, q, strict=True)
    )


def _crossings(hull: tuple, constraint: tuple) -> list:
    """Where the boundary of ``hull`` meets the lines ``w_i = constraint_i`` inside the
    quadrant ``w >= constraint``, and the corner if the hull holds it (QuantEcon's
    ``_find_C`` and ``_intersect``, without tolerances)."""
    found = []
    count = len(hull)
    pairs = [(hull[k], hull[(k + 1) % count]) for k in range(count)] if count > 1 else []
    for start, end in pairs:  # each edge as (start, end]: the end point counted once
        for i in (0, 1):
            if start[i] == end[i]:
                if end[i] != constraint[i]:
                    continue
                other = end[1 - i]
            else:
                weight = (start[i] - constraint[i]) / (start[i] - end[i])
                if not 0 < weight <= 1:
                    continue
                other = (1 - weight) * start[1 - i] + weight * end[1 - i]
            if other > constraint[1 - i]:
                point = [None, None]
                point[i], point[1 - i] = constraint[i], other
                found.append(tuple(point))
            elif other == constraint[1 - i]:
                break  # the corner itself: added below
    if contains(hull, constraint):
        found.append(tuple(constraint))
    return found
