"""The feasible and individually rational payoffs of a two-player repeated game, exactly.

Feasible: the convex hull of the stage game's pure payoff pairs (with public randomisation,
or as limits of long-run averages; Mailath and Samuelson 2006, section 2.7.1).  Individually
rational: the feasible payoffs at least each player's minmax value.  By the folk theorem
(Fudenberg and Maskin 1986) every strictly individually rational feasible payoff is a
subgame-perfect payoff when the players are patient enough.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import Any

from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.polygon import Point, clip, convex_hull
from negotiation.repeated.minmax import mixed_minmax, pure_minmax

__all__ = ["PayoffSet", "payoff_set", "plot_payoff_set"]


@dataclass(frozen=True)
class PayoffSet:
    """The feasible polygon, the minmax values and the individually rational polygon.

    Vertices are counterclockwise, exact.  ``mixed`` says which minmax cut the polygon.
    """

    feasible: tuple[Point, ...]
    minmax: tuple[Fraction, Fraction]
    individually_rational: tuple[Point, ...]
    mixed: bool

    def to_json(self) -> dict:
        def points(vertices):
            return [[str(x), str(y)] for x, y in vertices]

        return {
            "feasible": points(self.feasible),
            "minmax": [str(value) for value in self.minmax],
            "minmax_kind": "mixed" if self.mixed else "pure",
            "individually_rational": points(self.individually_rational),
        }


def payoff_set(game: Game, mixed: bool = True) -> PayoffSet:
    """The feasible and individually rational payoffs of a two-player game.

    Examples
    --------
    >>> pd = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> [tuple(map(str, v)) for v in payoff_set(pd).individually_rational]
    [('1', '1'), ('13/3', '1'), ('3', '3'), ('1', '13/3')]
    """
    if game.n_players != 2:
        msg = f"payoff sets are drawn for two players; the game has {game.n_players}"
        raise NegotiationError(msg)
    payoffs = game.exact_payoffs()
    points = [
        (payoffs[0][profile], payoffs[1][profile])
        for profile in product(*(range(count) for count in game.shape))
    ]
    feasible = convex_hull(points)
    minmax = tuple((mixed_minmax if mixed else pure_minmax)(game, player)[0] for player in (0, 1))
    rational = clip(clip(feasible, (1, 0), minmax[0]), (0, 1), minmax[1])
    return PayoffSet(feasible, minmax, rational, mixed)


def plot_payoff_set(
    game: Game, mixed: bool = True, equilibrium_set: Any = None, ax: Any = None
) -> Any:
    """Draw the feasible set, the minmax lines and the individually rational set; with
    ``equilibrium_set`` (vertices, e.g. from `abreu_sannikov.spe_payoffs`) also that.

    Returns the matplotlib Figure.  Needs the ``plot`` extra (matplotlib).
    """
    try:
        import matplotlib.pyplot as plt
        from matplotlib.patches import Polygon
    except ImportError:  # pragma: no cover - depends on the environment
        msg = "plotting needs matplotlib: pip install 'negotiation[plot]'"
        raise NegotiationError(msg) from None
    found = payoff_set(game, mixed)
    if ax is None:
        figure, ax = plt.subplots(figsize=(5, 5))
    else:
        figure = ax.figure

    def patch(vertices, **style):
        ax.add_patch(Polygon([(float(x), float(y)) for x, y in vertices], closed=True, **style))

    patch(found.feasible, facecolor="0.9", edgecolor="0.4", label="feasible")
    if len(found.individually_rational) >= 3:
        patch(
            found.individually_rational,
            facecolor="tab:blue",
            alpha=0.35,
            label="individually rational",
        )
    if equilibrium_set is not None and len(equilibrium_set) >= 3:
        patch(
            equilibrium_set,
            facecolor="none",
            edgecolor="tab:red",
            linewidth=2,
            label="subgame-perfect",
        )
    ax.axvline(float(found.minmax[0]), color="tab:blue", linestyle=":")
    ax.axhline(float(found.minmax[1]), color="tab:blue", linestyle=":")
    xs = [float(x) for x, _ in found.feasible]
    ys = [float(y) for _, y in found.feasible]
    ax.scatter(xs, ys, color="black", s=12, zorder=3)
    pad = 0.05 * max(max(xs) - min(xs), max(ys) - min(ys), 1)
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)
    ax.set_xlabel(game.players[0])
    ax.set_ylabel(game.players[1])
    ax.set_title(game.title or "payoffs of the repeated game")
    ax.legend(loc="best", fontsize="small")
    return figure
