"""Learning dynamics for two-player games, as a teaching aid: do players who learn end up
at a Nash equilibrium, and at which one?

- **Fictitious play** (Brown 1951): at each step each player best-responds to the empirical
  frequencies of the other's past play; the frequencies converge to an equilibrium in 2x2
  games and zero-sum games (Robinson 1951), and may cycle elsewhere (Shapley's 3x3 game).
- **Replicator dynamics** (Taylor and Jonker 1978), two populations: the share of a strategy
  grows in proportion to how much better it does than the population's average.  Strict
  equilibria attract; an interior mixed equilibrium of matching pennies is circled, not
  reached.

Both are nashpy's implementations (``Game.fictitious_play``,
``Game.asymmetric_replicator_dynamics``), run on the game's payoffs as floats: learning is a
numerical story, the exact equilibria (`negotiation.solvers.solve`) are shown beside it for
comparison.  nashpy and numpy are imported inside the functions.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from negotiation.display import Block, Heading, Number, Paragraph, Report, Table, exact_number
from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.results import SolveResult

__all__ = ["DYNAMICS", "LearningResult", "learn"]

DYNAMICS = ("fictitious-play", "replicator")
REPLICATOR_STEP = 0.1  # time between two points of the replicator's path


@dataclass(frozen=True, eq=False)
class LearningResult(Report):
    """The path of a learning dynamic: each player's mixed strategy at each step.

    Attributes
    ----------
    game : Game
    dynamics : str
        ``"fictitious-play"`` or ``"replicator"``.
    times : tuple of float
        The step number (fictitious play) or the time (replicator), one per point of the path.
    path : tuple of numpy.ndarray
        ``path[i][t]`` is player ``i``'s mixed strategy at ``times[t]``: the empirical
        frequencies of its play (fictitious play) or the population's shares (replicator).
    equilibria : SolveResult
        The exact equilibria, for comparison.
    start : tuple of tuple of float
        The replicator's initial shares (empty for fictitious play, which starts from no play).
    seed : int
        Fictitious play breaks ties at random, with this seed.
    note : str
        Why the path is shorter than asked, if it is (a failed numerical integration).
    """

    game: Game
    dynamics: str
    times: tuple[float, ...]
    path: tuple[Any, ...]
    equilibria: SolveResult
    start: tuple[tuple[float, ...], ...] = ()
    seed: int = 0
    note: str = ""

    @property
    def final(self) -> tuple[tuple[float, ...], ...]:
        """Each player's mixed strategy at the end of the path."""
        return tuple(tuple(float(p) for p in player[-1]) for player in self.path)

    def distances(self) -> list[float]:
        """The largest difference of a probability between the end of the path and each
        equilibrium (0: the path ends on it)."""
        return [
            max(
                abs(float(p) - q)
                for exact, final in zip(equilibrium.profile, self.final, strict=True)
                for p, q in zip(exact, final, strict=True)
            )
            for equilibrium in self.equilibria.equilibria
        ]

    def nearest(self) -> tuple[int, float] | None:
        """The index of the equilibrium nearest to the end of the path, and its distance."""
        distances = self.distances()
        if not distances:
            return None
        index = min(range(len(distances)), key=distances.__getitem__)
        return index, distances[index]

    def _verdict(self) -> str:
        nearest = self.nearest()
        if nearest is None:
            return "The game has no equilibrium to compare with."
        index, distance = nearest
        described = self.equilibria.equilibria[index].describe(self.game)
        # Fictitious play's frequencies keep the first, arbitrary plays for ever: at step t a
        # path that settled at once is still about 1/t away; allow twice that.
        tolerance = 0.01 if self.dynamics == "replicator" else 0.005 + 2 / len(self.times)
        if distance <= tolerance:
            return f"The path ends at the equilibrium {described} (within {distance:.3g})."
        return (
            f"The path ends {distance:.3g} away from the nearest equilibrium, {described}: "
            "it has not settled (it may cycle, or need more steps)."
        )

    def _heading(self) -> str:
        what = "Fictitious play" if self.dynamics == "fictitious-play" else "Replicator dynamics"
        span = (
            f"{len(self.times)} steps"
            if self.dynamics == "fictitious-play"
            else f"time 0 to {self.times[-1]:g}"
        )
        return f"{what} in {self.game.title or 'the game'}: {span}"

    def blocks(self, number: Number = exact_number) -> list[Block]:
        """The end of the path beside each exact equilibrium (the main table)."""
        from negotiation.views import mixed_cell

        rows = [
            (
                "end of the path",
                *(
                    " + ".join(
                        f"{min(max(p, 0.0), 1.0):.3f} {label}"
                        for label, p in zip(labels, mixed, strict=True)
                    )
                    for labels, mixed in zip(self.game.strategies, self.final, strict=True)
                ),
                "",
            )
        ]
        for index, (equilibrium, distance) in enumerate(
            zip(self.equilibria.equilibria, self.distances(), strict=True), start=1
        ):
            rows.append(
                (
                    f"equilibrium {index}",
                    *(
                        mixed_cell(labels, mixed, number)
                        for labels, mixed in zip(
                            self.game.strategies, equilibrium.profile, strict=True
                        )
                    ),
                    f"{distance:.3g}",
                )
            )
        header = ("", *self.game.players, "distance from the end")
        notes = [Paragraph(self.note)] if self.note else []
        return [
            Heading(self._heading()),
            *notes,
            Table(header, tuple(rows), main=True),
            Paragraph(self._verdict()),
        ]

    def text(self) -> str:
        """The report for the terminal."""
        from negotiation.display import render_text

        return render_text(self.blocks())

    def to_json(self) -> dict:
        """``negotiation learn --json``: the path (floats) and the exact equilibria."""
        return {
            "dynamics": self.dynamics,
            "game": self.game.title,
            "players": list(self.game.players),
            "strategies": {
                player: list(labels)
                for player, labels in zip(self.game.players, self.game.strategies, strict=True)
            },
            "seed": self.seed if self.dynamics == "fictitious-play" else None,
            "start": [list(shares) for shares in self.start] or None,
            "times": list(self.times),
            "path": {
                player: [[float(p) for p in mixed] for mixed in shares]
                for player, shares in zip(self.game.players, self.path, strict=True)
            },
            "final": {
                player: list(mixed)
                for player, mixed in zip(self.game.players, self.final, strict=True)
            },
            "equilibria": self.equilibria.to_json()["equilibria"],
            "distances": self.distances(),
            "note": self.note or None,
        }

    def plot(self, path: str | Path | None = None) -> Any:
        """Each player's strategy shares along the path, one panel per player, the exact
        equilibria's probabilities as dotted lines; returns the `Figure` (shown inline in a
        notebook) and with ``path`` also writes it (PNG or SVG by the suffix).

        Raises
        ------
        NegotiationError
            For a suffix other than .png or .svg, or without matplotlib.
        """
        from negotiation.figures import new_figure, plot_format, save_figure

        if path is not None:
            plot_format(path)
        figure = new_figure(8, 2.4 * len(self.game.players) + 0.8)
        axes = figure.subplots(len(self.game.players), 1, sharex=True, squeeze=False)[:, 0]
        for player, (ax, labels) in enumerate(zip(axes, self.game.strategies, strict=True)):
            for k, label in enumerate(labels):
                ax.plot(self.times, self.path[player][:, k], color=f"C{k % 10}", label=label)
            levels = sorted(
                {
                    (float(equilibrium.profile[player][k]), k)
                    for equilibrium in self.equilibria.equilibria
                    for k in range(len(labels))
                    if 0 < equilibrium.profile[player][k] < 1
                }
            )
            for level, k in levels:
                ax.axhline(level, color=f"C{k % 10}", linestyle=":", linewidth=0.8)
            ax.set_ylim(-0.05, 1.05)
            ax.set_ylabel(f"P({self.game.players[player]})")
            ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize="small")
        axes[-1].set_xlabel("step" if self.dynamics == "fictitious-play" else "time")
        axes[0].set_title(self._heading() + "\n(dotted: mixed equilibria's probabilities)")
        if path is not None:
            save_figure(figure, path)
        return figure


def _start(game: Game, start: Sequence[Sequence[object]] | None) -> tuple[Any, ...]:
    """Initial shares: given (each a probability vector), or a fixed interior point (shares
    proportional to 1, 2, ...), off any symmetric mixed equilibrium so that something moves."""
    import numpy as np

    if start is None:
        return tuple(
            np.arange(1, count + 1, dtype=float) / (count * (count + 1) / 2)
            for count in game.shape
        )
    if len(start) != 2:
        msg = f"start: give two players' shares, got {len(start)}"
        raise NegotiationError(msg)
    shares = []
    for player, (given, count) in enumerate(zip(start, game.shape, strict=True)):
        vector = np.array([float(Fraction(str(p))) for p in given])
        if len(vector) != count or (vector < 0).any() or abs(vector.sum() - 1) > 1e-9:
            msg = (
                f"start: player {player + 1}'s shares must be {count} non-negative numbers "
                f"adding to 1, got {list(given)}"
            )
            raise NegotiationError(msg)
        shares.append(vector)
    return tuple(shares)


def learn(
    game: Game,
    dynamics: str = "fictitious-play",
    steps: int = 200,
    *,
    seed: int = 0,
    start: Sequence[Sequence[object]] | None = None,
) -> LearningResult:
    """Run a learning dynamic on a two-player game and compare where it ends with the exact
    equilibria.

    Parameters
    ----------
    game : Game
        Two players.
    dynamics : {"fictitious-play", "replicator"}
    steps : int
        Rounds of fictitious play, or points of the replicator's path, `REPLICATOR_STEP`
        apart in time.
    seed : int
        Fictitious play breaks ties between best responses at random (nashpy draws from
        numpy's global generator; its state is restored afterwards).
    start : two sequences of numbers, optional
        The replicator's initial shares (default: proportional to 1, 2, ...).

    Raises
    ------
    NegotiationError
        For a game of other than two players, an unknown dynamic, fewer than 1 step, or a
        bad start.

    Examples
    --------
    >>> pennies = Game([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], ["Even", "Odd"])
    >>> result = learn(pennies, "fictitious-play", 2000)
    >>> [round(p, 1) for p in result.final[0]]
    [0.5, 0.5]
    """
    import nashpy
    import numpy as np

    from negotiation.solvers import solve

    if game.n_players != 2:
        msg = f"learning dynamics need a two-player game; this one has {game.n_players}"
        raise NegotiationError(msg)
    if dynamics not in DYNAMICS:
        msg = f"unknown dynamics {dynamics!r}; choose one of {', '.join(DYNAMICS)}"
        raise NegotiationError(msg)
    if steps < 1:
        msg = f"steps must be at least 1, got {steps}"
        raise NegotiationError(msg)
    row, column = (np.array(payoffs, dtype=float) for payoffs in game.payoffs)
    numeric = nashpy.Game(row, column)
    if dynamics == "fictitious-play":
        # nashpy breaks ties with numpy's global generator: seed it, then put it back.
        saved = np.random.get_state()  # noqa: NPY002
        np.random.seed(seed)  # noqa: NPY002
        try:
            counts = list(numeric.fictitious_play(iterations=steps))
        finally:
            np.random.set_state(saved)  # noqa: NPY002
        counts = counts[1:]  # the first is before any play: no frequencies yet
        path = tuple(
            np.array([count[player] / count[player].sum() for count in counts])
            for player in range(2)
        )
        times = tuple(float(k) for k in range(1, len(counts) + 1))
        initial: tuple[tuple[float, ...], ...] = ()
        note = ""
    else:
        shares = _start(game, start)
        timepoints = np.arange(steps + 1) * REPLICATOR_STEP
        with warnings.catch_warnings(record=True) as caught:  # odeint's, reported as `note`
            warnings.simplefilter("always")
            xs, ys = numeric.asymmetric_replicator_dynamics(
                x0=shares[0], y0=shares[1], timepoints=timepoints
            )
        path, note = _valid_part((np.asarray(xs), np.asarray(ys)), timepoints, bool(caught))
        times = tuple(float(t) for t in timepoints[: len(path[0])])
        initial = tuple(tuple(float(p) for p in vector) for vector in shares)
    return LearningResult(game, dynamics, times, path, solve(game), initial, seed, note)


def _valid_part(path: tuple[Any, ...], timepoints: Any, warned: bool) -> tuple[tuple, str]:
    """The replicator's path up to the first point that is not a probability vector.

    Why: nashpy integrates with scipy's ``odeint``, which on stiff games (large payoff
    differences, shares near 0) can give up and return zeros; those points are dropped, and
    the note says where the integration stopped.
    """
    import numpy as np

    good = np.ones(len(timepoints), dtype=bool)
    for shares in path:
        good &= (np.abs(shares.sum(axis=1) - 1) < 1e-6) & (shares.min(axis=1) > -1e-6)
    bad = np.flatnonzero(~good)
    if not len(bad):
        return path, ""
    stop = max(int(bad[0]), 1)
    note = (
        f"The numerical integration failed after time {timepoints[stop - 1]:g}"
        + (" (scipy's odeint gave up)" if warned else "")
        + ": the path stops there."
    )
    return tuple(shares[:stop] for shares in path), note
