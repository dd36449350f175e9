"""Sweeps on a tree: the subgame-perfect outcome at every point of a grid of one or two
parameters, from batch backward induction (near-ties exactly), with the exact thresholds for
one parameter.

The grid is `negotiation.analysis.sweep`'s (which hands trees here); an outcome is the set of
subgame-perfect paths of play (`negotiation.forms.tree_batch.outcome_labels`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from negotiation.analysis.sweep import _edges, _number, _symbol
from negotiation.analysis.tree_thresholds import TreeThresholdResult, tree_thresholds
from negotiation.display import Report
from negotiation.forms.tree_batch import outcome_labels

if TYPE_CHECKING:
    from negotiation.forms.extensive import ExtensiveModel

__all__ = ["TreeSweepPoint", "TreeSweepResult", "sweep_tree"]


@dataclass(frozen=True)
class TreeSweepPoint:
    """The subgame-perfect paths at one grid point; ``values`` holds the swept parameters."""

    values: Mapping[str, Fraction]
    outcome: str


@dataclass(frozen=True)
class TreeSweepResult(Report):
    """The subgame-perfect outcomes across a grid; ``thresholds`` for one parameter."""

    scenario: ExtensiveModel
    parameters: tuple[str, ...]
    axes: tuple[tuple[Fraction, ...], ...]
    steps: tuple[int, ...]
    values: Mapping[str, Fraction]
    points: tuple[TreeSweepPoint, ...]
    thresholds: TreeThresholdResult | None = None

    def outcomes(self) -> list[str]:
        """The outcomes met, in order of first appearance."""
        return list(dict.fromkeys(point.outcome for point in self.points))

    def to_csv(self, exact: bool = False) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([*self.parameters, "subgame_perfect_paths"])
        for point in self.points:
            cells = [_number(point.values[name], exact) for name in self.parameters]
            writer.writerow([*cells, point.outcome])
        return out.getvalue()

    def to_json(self) -> dict:
        from negotiation.provenance import provenance

        return {
            "parameters": list(self.parameters),
            "form": "extensive",
            "points": [
                {
                    "values": {name: str(value) for name, value in point.values.items()},
                    "subgame_perfect_paths": point.outcome.split(" | "),
                }
                for point in self.points
            ],
            **({} if self.thresholds is None else {"thresholds": self.thresholds.to_json()}),
            **provenance(self.scenario, self.values),
        }

    def text(self) -> str:
        symbols = {outcome: _symbol(k) for k, outcome in enumerate(self.outcomes())}
        lines = [f"{self.scenario.title}: subgame-perfect outcomes over a grid"]
        lines += [f"  {symbols[outcome]}: {outcome}" for outcome in symbols]
        lines.append("")
        if len(self.parameters) == 1:
            (name,) = self.parameters
            lines += [
                f"  {name} = {point.values[name]}: {symbols[point.outcome]}"
                for point in self.points
            ]
            if self.thresholds is not None:
                lines += ["", self.thresholds.text()]
            return "\n".join(lines)
        first, second = self.parameters
        rows = {value: [] for value in self.axes[1]}
        for point in self.points:
            rows[point.values[second]].append(symbols[point.outcome])
        lines.append(f"  rows: {second} (high to low); columns: {first} (low to high)")
        for value in reversed(self.axes[1]):
            lines.append(f"  {str(value):>10} " + "".join(rows[value]))
        return "\n".join(lines)

    def plot(self, path: str | Path | None = None) -> Any:
        """The outcome at each grid point as coloured cells (one row for one parameter): the
        matplotlib `Figure`, also written to ``path`` (PNG or SVG) when given."""
        from negotiation.figures import new_figure, plot_format, save_figure

        if path is not None:
            plot_format(path)
        from matplotlib import colormaps
        from matplotlib.colors import ListedColormap

        outcomes = self.outcomes()
        index = {outcome: k for k, outcome in enumerate(outcomes)}
        xs = [float(v) for v in self.axes[0]]
        ys = [float(v) for v in self.axes[1]] if len(self.axes) == 2 else [0.0]
        cells = np.array([index[point.outcome] for point in self.points])
        grid = cells.reshape(len(xs), len(ys)).T
        palette = colormaps["tab10" if len(outcomes) <= 10 else "tab20"].colors
        colors = [palette[k % len(palette)] for k in range(len(outcomes))]
        figure = new_figure(8, 6 if len(ys) > 1 else 2.5)
        ax = figure.subplots()
        ax.pcolormesh(
            _edges(xs),
            _edges(ys),
            grid,
            cmap=ListedColormap(colors),
            vmin=-0.5,
            vmax=len(outcomes) - 0.5,
            shading="flat",
        )
        _legend(ax, colors, outcomes)
        ax.set_xlabel(self.parameters[0])
        if len(ys) > 1:
            ax.set_ylabel(self.parameters[1])
        else:
            ax.set_yticks([])
        ax.set_title(self.scenario.title)
        if path is not None:
            save_figure(figure, path)
        return figure


def _legend(ax: Any, colors: Sequence, outcomes: Sequence[str]) -> None:
    from matplotlib.patches import Patch

    handles = [
        Patch(color=colors[k], label=f"{_symbol(k)}: {outcome}")
        for k, outcome in enumerate(outcomes)
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.25), fontsize="small")


def sweep_tree(
    model: ExtensiveModel,
    names: tuple[str, ...],
    axes: Sequence[tuple[Fraction, ...]],
    steps: tuple[int, ...],
    base: Mapping[str, Fraction],
    grid: Sequence[Mapping[str, Fraction]],
) -> TreeSweepResult:
    """The outcome at every grid point (`negotiation.analysis.sweep.sweep` built the grid)."""
    arrays = {name: np.array([float(point[name]) for point in grid]) for name in names}
    codes, labels, _ = outcome_labels(model, arrays, base, lambda index: grid[index])
    outcomes = [labels[code] for code in codes]
    points = tuple(
        TreeSweepPoint(point, outcome) for point, outcome in zip(grid, outcomes, strict=True)
    )
    found = None
    if len(names) == 1:
        found = tree_thresholds(model, names[0], base, within=(axes[0][0], axes[0][-1]))
    return TreeSweepResult(model, names, tuple(axes), steps, base, points, found)
