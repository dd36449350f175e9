"""Sweeps: the equilibria of a scenario over a grid of one or two parameters.

A sweep answers "what happens across the plausible range?" with a table an analyst can load
into pandas or R, a figure, and, for one parameter, the regions where the equilibria keep the
same supports, with their exact boundaries from `negotiation.analysis.thresholds`: a grid
shows where things change only to within a step, the thresholds say exactly where.

The grid is exact: ``low + k (high - low) / steps`` for ``k = 0 .. steps``, as Fractions, and
so is every equilibrium.  Two players: the whole grid goes through the batch engine
(`negotiation.batch.solve_batch`), which names the supports of every equilibrium at the
nondegenerate points; there each equilibrium is the unique solution of its supports'
indifference system, solved in rationals (`negotiation.batch.exact.exact_result`).  The
degenerate points (ties) are solved by ``solve``.  The answer is ``solve``'s at every point,
for a fraction of the cost.  More players: ``solve`` at every point (the batch engine seeks
pure equilibria only there).

Examples
--------
>>> from negotiation.scenario import load_scenario
>>> result = sweep(load_scenario("stag-hunt"), {"hare": (3, 4, 4)}, {"stag": Fraction(7, 2)})
>>> [str(value) for value in result.axes[0]]
['3', '13/4', '7/2', '15/4', '4']
>>> print("\\n".join(result.thresholds.region_lines()))
  hare in [3, 7/2): 3 equilibria  <- hare = 3
    Alice: Stag; Bob: Stag
    Alice: Hare; Bob: Hare
    Alice: Stag + Hare; Bob: Stag + Hare
  hare in (7/2, 4]: Alice: Hare; Bob: Hare
>>> print(result.to_csv().splitlines()[0])
hare,equilibrium,Alice:Stag,Alice:Hare,Bob:Stag,Bob:Hare,payoff:Alice,payoff:Bob,pure,degenerate
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, localcontext
from fractions import Fraction
from itertools import product
from pathlib import Path
from typing import TYPE_CHECKING, Any

from negotiation.analysis.thresholds import (
    Region,
    ThresholdResult,
    others_lines,
    structure,
    structure_lines,
    thresholds,
)
from negotiation.display import Report
from negotiation.errors import NegotiationError, ScenarioError
from negotiation.results import SolveResult
from negotiation.values import check_parameters, exact_number

if TYPE_CHECKING:
    from negotiation.model import Model

__all__ = ["MAX_POINTS", "SweepPoint", "SweepResult", "sweep"]

# Every point builds its exact game; beyond this many a sweep takes minutes.
MAX_POINTS = 20_000
EXACT_ROWS = 60  # grid lines of a region map analysed exactly; more: the grid's cells
_SYMBOLS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


@dataclass(frozen=True)
class SweepPoint:
    """The equilibria at one grid point; ``values`` holds the swept parameters only."""

    values: Mapping[str, Fraction]
    result: SolveResult


def _number(value: Any, exact: bool) -> str:
    """A CSV cell: exact rationals as ``p/q`` if asked, else a decimal a parser reads.

    Rationals with a terminating decimal are written exactly (``0.25``); others as the nearest
    float (``0.3333333333333333``).
    """
    if not isinstance(value, Fraction):
        return repr(float(value))
    if exact:
        return str(value)
    with localcontext() as context:
        context.prec = 40
        decimal = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(decimal) == value:
        return format(decimal.normalize(), "f")
    return repr(float(value))


def _outcome_key(result: SolveResult) -> tuple:
    return tuple(sorted(structure(result)))


@dataclass(frozen=True)
class SweepResult(Report):
    """The equilibria across a grid of one or two parameters.

    Attributes
    ----------
    scenario : Model
    parameters : tuple of str
        The swept parameters, one or two.
    axes : tuple of tuple of Fraction
        The grid values of each swept parameter.
    steps : tuple of int
    values : mapping
        Every parameter's value: the fixed ones, and the baseline of the swept ones (marked
        in reports and plots).
    points : tuple of SweepPoint
        One per grid point, the first parameter varying slowest.
    thresholds : ThresholdResult or None
        For one parameter: the exact thresholds over the swept range, and the regions.
    """

    scenario: Model
    parameters: tuple[str, ...]
    axes: tuple[tuple[Fraction, ...], ...]
    steps: tuple[int, ...]
    values: Mapping[str, Fraction]
    points: tuple[SweepPoint, ...]
    thresholds: ThresholdResult | None = None

    @property
    def regions(self) -> tuple[Region, ...]:
        """The intervals of constant equilibrium supports (one parameter only)."""
        return () if self.thresholds is None else self.thresholds.regions

    def _strategy_columns(self) -> list[str]:
        return [
            f"{player}:{label}"
            for player, labels in zip(
                self.scenario.player_names, self.scenario.strategies, strict=True
            )
            for label in labels
        ]

    def to_csv(self, exact: bool = False) -> str:
        """One row per grid point and equilibrium, ready for ``pandas.read_csv`` or R.

        Columns: the swept parameters, ``equilibrium`` (1, 2, ... at each point; empty when
        none was found), ``Player:Strategy`` probabilities, ``payoff:Player``, ``pure`` and
        ``degenerate`` (of the game at that point).  Numbers are decimals (exact when they
        terminate, else the nearest float); ``exact=True`` writes rationals as ``p/q``.
        """
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        players = self.scenario.player_names
        writer.writerow(
            [
                *self.parameters,
                "equilibrium",
                *self._strategy_columns(),
                *(f"payoff:{player}" for player in players),
                "pure",
                "degenerate",
            ]
        )
        width = len(self._strategy_columns()) + len(players) + 1
        for point in self.points:
            coordinates = [_number(point.values[name], exact) for name in self.parameters]
            degenerate = str(point.result.degenerate).lower()
            if not point.result.equilibria:
                writer.writerow([*coordinates, "", *([""] * width), degenerate])
            for index, equilibrium in enumerate(point.result.equilibria, start=1):
                writer.writerow(
                    [
                        *coordinates,
                        index,
                        *(_number(p, exact) for mixed in equilibrium.profile for p in mixed),
                        *(_number(value, exact) for value in equilibrium.payoffs),
                        str(equilibrium.pure).lower(),
                        degenerate,
                    ]
                )
        return buffer.getvalue()

    def to_json(self) -> dict:
        """The grid with each point's equilibria (the ``solve --json`` object), the regions and
        thresholds for one parameter, and provenance."""
        from negotiation.provenance import provenance

        body: dict[str, Any] = {
            "parameters": {
                name: {"low": str(axis[0]), "high": str(axis[-1]), "steps": steps}
                for name, axis, steps in zip(self.parameters, self.axes, self.steps, strict=True)
            },
            "grid": [
                {"values": {k: str(v) for k, v in point.values.items()}, **point.result.to_json()}
                for point in self.points
            ],
        }
        if self.thresholds is not None:
            threshold_json = self.thresholds.to_json()
            body["thresholds"] = threshold_json["thresholds"]
            body["regions"] = threshold_json["regions"]
            body["knife_edges"] = threshold_json["knife_edges"]
        return {**body, **provenance(self.scenario, self.values)}

    def outcomes(self) -> dict[tuple, list[SweepPoint]]:
        """Grid points grouped by outcome (the supports of their equilibria), first seen first."""
        groups: dict[tuple, list[SweepPoint]] = {}
        for point in self.points:
            groups.setdefault(_outcome_key(point.result), []).append(point)
        return groups

    def text(self) -> str:
        """The readable report: regions (one parameter) or an outcome map (two)."""
        ranges = "; ".join(
            f"{name} over [{axis[0]}, {axis[-1]}] in {steps} steps"
            for name, axis, steps in zip(self.parameters, self.axes, self.steps, strict=True)
        )
        lines = [
            f"{self.scenario.title}: sweep of {ranges} ({len(self.points)} points)",
            *others_lines(self.values, self.parameters),
        ]
        if self.thresholds is not None:
            lines += ["", "Regions (exact boundaries):", *self.thresholds.region_lines()]
            name = self.parameters[0]
            lines += ["", "Grid:"]
            for point in self.points:
                described = [eq.describe(point.result.game) for eq in point.result.equilibria]
                lines.append(
                    f"  {name} = {point.values[name]}: "
                    + (" | ".join(described) or "no equilibrium found")
                )
            return "\n".join(lines)
        groups = self.outcomes()
        symbols = {key: _symbol(k) for k, key in enumerate(groups)}
        lines += ["", "Outcomes (the strategies each equilibrium uses):"]
        for key, members in groups.items():
            described = structure_lines(members[0].result)
            count = f"{len(members)} point{'s' if len(members) > 1 else ''}"
            lines.append(f"  {symbols[key]}  {described[0]}  ({count})")
            lines += [f"     {line}" for line in described[1:]]
        first, second = self.parameters
        if len(self.axes[0]) <= 100:
            lines += ["", f"Map: {first} across (left to right), {second} down (high to low):"]
            by_point = {
                (point.values[first], point.values[second]): symbols[_outcome_key(point.result)]
                for point in self.points
            }
            labels = [str(value) for value in self.axes[1]]
            width = max(len(label) for label in labels)
            for value, label in zip(reversed(self.axes[1]), reversed(labels), strict=True):
                row = "".join(by_point[(x, value)] for x in self.axes[0])
                lines.append(f"  {label.rjust(width)}  {row}")
            lines.append(f"  {' ' * width}  {self.axes[0][0]} .. {self.axes[0][-1]}")
        return "\n".join(lines)

    def markdown(self) -> str:
        """The report as Markdown: tables of the regions and the grid (one parameter), of the
        outcomes and the map (two)."""
        ranges = "; ".join(
            f"{name} over [{axis[0]}, {axis[-1]}] in {steps} steps"
            for name, axis, steps in zip(self.parameters, self.axes, self.steps, strict=True)
        )
        lines = [f"**{self.scenario.title}**: sweep of {ranges} ({len(self.points)} points)", ""]
        others = others_lines(self.values, self.parameters)
        lines += [*others, ""] if others else []
        if self.thresholds is not None:
            (name,) = self.parameters
            lines += ["| region (exact boundaries) | equilibria |", "|---|---|"]
            lines += [
                f"| {_cell(region.interval_text(name))} | "
                f"{'<br>'.join(map(_cell, structure_lines(region.result)))} |"
                for region in self.regions
            ]
            lines += ["", f"| {_cell(name)} | equilibria |", "|---:|---|"]
            for point in self.points:
                described = [eq.describe(point.result.game) for eq in point.result.equilibria]
                shown = "<br>".join(map(_cell, described)) or "no equilibrium found"
                lines.append(f"| {point.values[name]} | {shown} |")
            return "\n".join(lines) + "\n"
        groups = self.outcomes()
        lines += ["| | outcome | points |", "|---|---|---:|"]
        for number, (_, members) in enumerate(groups.items()):
            described = "<br>".join(map(_cell, structure_lines(members[0].result)))
            lines.append(f"| {_symbol(number)} | {described} | {len(members)} |")
        text = self.text()
        if "Map:" in text:
            lines += ["", "```text", text[text.index("Map:") :], "```"]
        return "\n".join(lines) + "\n"

    def plot(self, path: str | Path | None = None) -> Any:
        """Draw the sweep and return the matplotlib `Figure` (shown inline in a notebook);
        with ``path``, also write it as PNG or SVG (by its suffix), replacing the file.

        One parameter: each player's equilibrium probabilities along the parameter, one line
        per strategy and equilibrium, thresholds dashed, the baseline dotted.  Two parameters:
        a map of the outcome at each grid point with a legend, the baseline starred; the
        boundaries between outcomes are the exact thresholds along the first parameter, found
        on each grid line of the second (`exact_boundaries`), not the grid's cell edges.

        Raises
        ------
        NegotiationError
            If the suffix is neither ``.png`` nor ``.svg``, or matplotlib is not installed.
        """
        from negotiation.figures import new_figure, plot_format, save_figure

        if path is not None:
            plot_format(path)
        players = len(self.scenario.player_names)
        if len(self.parameters) == 1:
            figure = new_figure(8, 2.6 * players + 0.8)
            self._plot_line(figure)
        else:
            figure = new_figure(8, 7)
            self._plot_map(figure)
        if path is not None:
            save_figure(figure, path)
        return figure

    def _plot_line(self, figure: Any) -> None:
        (name,) = self.parameters
        game_players = self.scenario.player_names
        axes = figure.subplots(len(game_players), 1, sharex=True, squeeze=False)[:, 0]
        tracks = list(self.outcome_tracks())
        styles = ["-", "--", ":", "-."]
        for player, (ax, labels) in enumerate(zip(axes, self.scenario.strategies, strict=True)):
            for number, track in enumerate(tracks):
                for k, label in enumerate(labels):
                    xs, ys = [], []
                    for point in self.points:
                        for equilibrium in point.result.equilibria:
                            if equilibrium.support() == track and k in track[player]:
                                xs.append(float(point.values[name]))
                                ys.append(float(equilibrium.profile[player][k]))
                    if not xs:
                        continue
                    suffix = f" (eq. {number + 1})" if len(tracks) > 1 else ""
                    ax.plot(
                        xs,
                        ys,
                        linestyle=styles[number % len(styles)],
                        marker=".",
                        color=f"C{k % 10}",
                        label=f"{label}{suffix}",
                    )
            self._mark_line(ax, name)
            ax.set_ylim(-0.05, 1.05)
            ax.set_ylabel(f"P({game_players[player]})")
            ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize="small")
        axes[-1].set_xlabel(name)
        axes[0].set_title(self.scenario.title)
        if len(tracks) > 1:
            legend = "; ".join(
                f"eq. {n + 1}: "
                + " / ".join(
                    "+".join(labels[k] for k in support)
                    for labels, support in zip(self.scenario.strategies, track, strict=True)
                )
                for n, track in enumerate(tracks)
            )
            figure.text(0.01, -0.02, legend, fontsize="small", wrap=True)

    def outcome_tracks(self) -> dict[tuple, None]:
        """The support profiles of the equilibria found anywhere on the grid, first seen first."""
        tracks: dict[tuple, None] = {}
        for point in self.points:
            for equilibrium in point.result.equilibria:
                tracks.setdefault(equilibrium.support(), None)
        return tracks

    def _mark_line(self, ax: Any, name: str) -> None:
        if self.thresholds is not None:
            for number, threshold in enumerate(self.thresholds.thresholds):
                ax.axvline(
                    threshold.approx,
                    color="grey",
                    linestyle="--",
                    linewidth=0.8,
                    label="threshold" if number == 0 else None,
                )
        baseline = self.values.get(name)
        if baseline is not None and self.axes[0][0] <= baseline <= self.axes[0][-1]:
            ax.axvline(float(baseline), color="black", linestyle=":", label="baseline")

    def exact_boundaries(self) -> tuple[ThresholdResult, ...] | None:
        """For each grid value of the second parameter, the exact thresholds and regions of the
        first across its swept range (two parameters only): where the region map's colours
        change, exactly, on each grid line.

        None when they cannot be had: for one parameter, for more than `EXACT_ROWS` grid
        lines (each is an exact analysis of the formulas), or when the analysis is incomplete
        (three players or more, some conditions not eliminated); the map then shows the grid.
        """
        if len(self.parameters) != 2 or len(self.axes[1]) > EXACT_ROWS:
            return None
        first, second = self.parameters
        within = (self.axes[0][0], self.axes[0][-1])
        rows = []
        for value in self.axes[1]:
            try:
                found = thresholds(
                    self.scenario, first, {**self.values, second: value}, within=within
                )
            except NegotiationError:
                return None
            if not found.complete:
                return None
            rows.append(found)
        return tuple(rows)

    def _plot_map(self, figure: Any) -> None:
        from matplotlib import colormaps
        from matplotlib.patches import Patch, Rectangle

        first, second = self.parameters
        groups = self.outcomes()
        keys = dict.fromkeys(groups)  # in order, once each
        boundaries = self.exact_boundaries()
        for row in boundaries or ():
            for region in row.regions:
                if region.result is not None:  # some are narrower than a grid cell
                    keys.setdefault(_outcome_key(region.result))
        index = {key: k for k, key in enumerate(keys)}
        palette = colormaps["tab10" if len(keys) <= 10 else "tab20"].colors
        colors = [palette[k % len(palette)] for k in range(len(keys))]
        x_edges = _edges([float(v) for v in self.axes[0]])
        y_edges = _edges([float(v) for v in self.axes[1]])
        ax = figure.subplots()
        drawn: set[tuple] = set()  # outcomes filling some area, not only a boundary
        if boundaries is None:  # the grid: each point's outcome fills its cell
            by_point = {
                (point.values[first], point.values[second]): _outcome_key(point.result)
                for point in self.points
            }
            for column, x in enumerate(self.axes[0]):
                for row, y in enumerate(self.axes[1]):
                    span = (x_edges[column], x_edges[column + 1])
                    self._band(
                        ax,
                        span,
                        (y_edges[row], y_edges[row + 1]),
                        colors[index[by_point[(x, y)]]],
                        Rectangle,
                    )
        else:  # each grid line of the second parameter: bands between exact thresholds
            for row, found in enumerate(boundaries):
                band = (y_edges[row], y_edges[row + 1])
                for number, region in enumerate(found.regions):
                    if region.result is None:
                        continue
                    low = x_edges[0] if number == 0 else float(region.low)
                    last = number == len(found.regions) - 1
                    high = x_edges[-1] if last else float(region.high)
                    drawn.add(_outcome_key(region.result))
                    color = colors[index[_outcome_key(region.result)]]
                    self._band(ax, (low, high), band, color, Rectangle)
            self._boundary_lines(ax, boundaries)
        ax.set_xlim(x_edges[0], x_edges[-1])
        ax.set_ylim(y_edges[0], y_edges[-1])
        described = {key: structure_lines(members[0].result) for key, members in groups.items()}
        for row in boundaries or ():
            for region in row.regions:
                if region.result is not None:
                    described.setdefault(
                        _outcome_key(region.result), structure_lines(region.result)
                    )
        handles = [
            Patch(
                color=colors[index[key]],
                label=f"{_symbol(index[key])}: "
                + " | ".join(lines)
                + ("" if boundaries is None or key in drawn else " (only on a boundary)"),
            )
            for key, lines in described.items()
        ]
        if boundaries is not None:
            (line,) = ax.plot(
                [],
                [],
                color="black",
                linewidth=0.8,
                label=f"exact thresholds of {first} on each {second} grid line",
            )
            handles.append(line)
        baseline = (self.values.get(first), self.values.get(second))
        if all(value is not None for value in baseline):
            (marker,) = ax.plot(
                float(baseline[0]),
                float(baseline[1]),
                marker="*",
                markersize=14,
                color="black",
                linestyle="none",
                label="baseline",
            )
            handles.append(marker)
        ax.set_xlabel(first)
        ax.set_ylabel(second)
        ax.set_title(self.scenario.title)
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.1),
            fontsize="small",
            ncols=1,
        )

    @staticmethod
    def _band(ax: Any, xs: tuple, ys: tuple, color: Any, rectangle: type) -> None:
        ax.add_patch(
            rectangle((xs[0], ys[0]), xs[1] - xs[0], ys[1] - ys[0], color=color, linewidth=0)
        )

    def _boundary_lines(self, ax: Any, boundaries: Sequence[ThresholdResult]) -> None:
        """The exact thresholds, a dot on each grid line, each joined to the threshold on the
        next grid line that separates the same two outcomes (the same boundary, moved)."""
        ys = [float(value) for value in self.axes[1]]
        rows = [_separations(found) for found in boundaries]
        for row, separations in enumerate(rows):
            xs = [x for x, _ in separations]
            ax.plot(xs, [ys[row]] * len(xs), "o", color="black", markersize=2.5)
            if row + 1 == len(rows):
                continue
            for x, pair in separations:
                above = [other for other, other_pair in rows[row + 1] if other_pair == pair]
                if len(above) == 1:
                    ax.plot([x, above[0]], [ys[row], ys[row + 1]], color="black", linewidth=0.8)


def _separations(found: ThresholdResult) -> list[tuple[float, tuple]]:
    """Each boundary between two neighbouring regions: where it is, and the two outcomes it
    separates (the outcome on the left, the one on the right)."""
    return [
        (float(left.high), (_outcome_key(left.result), _outcome_key(right.result)))
        for left, right in zip(found.regions, found.regions[1:], strict=False)
        if left.result is not None and right.result is not None
    ]


def _cell(text: str) -> str:
    """Text for a Markdown table cell."""
    return text.replace("|", "\\|")


def _symbol(index: int) -> str:
    """The letter of an outcome in the text map and the plot legend."""
    return _SYMBOLS[index] if index < len(_SYMBOLS) else "?"


def _edges(centres: Sequence[float]) -> list[float]:
    """Cell edges around grid values: midway between neighbours, half a step beyond the ends."""
    if len(centres) == 1:
        return [centres[0] - 0.5, centres[0] + 0.5]
    middles = [(a + b) / 2 for a, b in zip(centres, centres[1:], strict=False)]
    return [2 * centres[0] - middles[0], *middles, 2 * centres[-1] - middles[-1]]


def _axis_spec(name: str, spec: Sequence[object]) -> tuple[Fraction, Fraction, int]:
    """``(low, high, steps)`` checked and read exactly; the axis is built once the grid's
    size is known to be within `MAX_POINTS`."""
    if len(spec) != 3:
        msg = f"sweep of {name}: give (low, high, steps), got {tuple(spec)!r}"
        raise NegotiationError(msg)
    low, high, steps = spec
    try:  # floats as the decimal written (0.1 is 1/10), as in scenario files
        low, high = exact_number(low), exact_number(high)
    except ScenarioError:
        msg = f"sweep of {name}: low and high must be numbers, got {low!r} and {high!r}"
        raise NegotiationError(msg) from None
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        msg = f"sweep of {name}: steps must be a whole number of at least 1, got {steps!r}"
        raise NegotiationError(msg)
    if not low < high:
        msg = f"sweep of {name}: low ({low}) must be below high ({high})"
        raise NegotiationError(msg)
    return low, high, steps


def sweep(
    scenario: Model,
    ranges: Mapping[str, tuple[object, object, int]],
    values: Mapping[str, Fraction] | None = None,
    progress: Callable[[int], None] | None = None,
) -> SweepResult:
    """Solve the scenario exactly at every point of a grid of one or two parameters.

    Parameters
    ----------
    scenario : Model
    ranges : mapping of str to (low, high, steps)
        One or two parameters, each swept from ``low`` to ``high`` in ``steps`` equal steps,
        ``steps + 1`` values.  Numbers are read exactly: ``"3/2"`` is 3/2 and the float
        ``0.1`` is the decimal 1/10, not its binary approximation.
    values : mapping of str to Fraction, optional
        The other parameters (missing ones at the baseline).
    progress : callable, optional
        Called with 1 after each grid point is solved exactly (the command's progress bar).

    Returns
    -------
    SweepResult
        With the exact regions and thresholds too when one parameter is swept.

    Raises
    ------
    ScenarioError
        For an unknown parameter, naming the closest one.
    NegotiationError
        For a bad range, more than two parameters, or more than `MAX_POINTS` points.
    """
    if not 1 <= len(ranges) <= 2:
        msg = f"a sweep varies one or two parameters, not {len(ranges)}"
        raise NegotiationError(msg)
    check_parameters(ranges, scenario)
    specs = [_axis_spec(name, spec) for name, spec in ranges.items()]
    count = math.prod(steps + 1 for _, _, steps in specs)
    if count > MAX_POINTS:  # before building the grid: 10^8 steps would take minutes
        msg = f"a sweep of {count} points is more than {MAX_POINTS}: use fewer steps"
        raise NegotiationError(msg)
    axes = [
        tuple(low + (high - low) * k / steps for k in range(steps + 1))
        for low, high, steps in specs
    ]
    steps = tuple(spec[2] for spec in specs)
    base = {**scenario.baseline(), **{k: Fraction(v) for k, v in (values or {}).items()}}
    names = tuple(ranges)
    grid = [dict(zip(names, coordinates, strict=True)) for coordinates in product(*axes)]
    if scenario.form == "signalling":  # the PBE at each point, exact thresholds for one axis
        from negotiation.analysis.signalling_analyses import signalling_sweep

        return signalling_sweep(scenario, names, axes, steps, base, grid)
    if scenario.form == "extensive":  # a tree: subgame-perfect outcomes, batch backward induction
        from negotiation.analysis.sweep_tree import sweep_tree

        return sweep_tree(scenario, names, axes, steps, base, grid)
    if hasattr(scenario, "solutions"):  # a bargain, a repeated game: its named solutions
        from negotiation.analysis.form_solutions import sweep_form

        return sweep_form(scenario, names, grid, base)
    points = [
        SweepPoint(swept, result)
        for swept, result in zip(grid, _solve_grid(scenario, grid, base, progress), strict=True)
    ]
    found = None
    if len(names) == 1:
        found = thresholds(scenario, names[0], base, within=(axes[0][0], axes[0][-1]))
    return SweepResult(scenario, names, tuple(axes), steps, base, tuple(points), found)


def _solve_grid(
    scenario: Model,
    grid: Sequence[Mapping[str, Fraction]],
    base: Mapping[str, Fraction],
    progress: Callable[[int], None] | None = None,
) -> list[SolveResult]:
    """``solve(scenario.game(values), parameters=values)`` at every grid point, exactly.

    Two players: one batch over the grid (see the module docstring); each result is the one
    ``solve`` gives, checked exactly.  More players: ``solve`` point by point.
    """
    from negotiation.solvers import solve

    every = [{**base, **swept} for swept in grid]
    step = progress or (lambda done: None)
    if len(scenario.players) != 2:
        results = []
        for values in every:
            results.append(solve(scenario.game(values), parameters=values))
            step(1)
        return results
    import numpy as np

    from negotiation.batch import solve_batch
    from negotiation.batch.exact import exact_result

    points = {name: np.array([swept[name] for swept in grid], dtype=object) for name in grid[0]}
    batch = solve_batch(scenario, points, base=base)
    results = []
    for index, values in enumerate(every):
        if batch.exact[index]:  # degenerate, or nearly so: the batch called solve there
            results.append(replace(batch.exact_results[index], parameters=values))
        elif batch.degenerate[index]:  # settled by the formulas' ties: solve for exact numbers
            results.append(solve(scenario.game(values), parameters=values))
        else:
            supports = batch.outcomes[batch.outcome[index]]
            results.append(exact_result(scenario.game(values), supports, parameters=values))
        step(1)
    return results
