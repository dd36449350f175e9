"""`BatchResult`: the equilibria of one game at many points, and how each point was solved.

It reports itself as the other results do (`negotiation.display.Report`): ``text()`` is what
``negotiation solve --points`` prints, a summary that stays readable at 10^5 points (the share
of points in each outcome, then the first points); ``to_json``, ``write_json`` and
``write_csv`` give every point (`negotiation.batch.output`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import IO

import numpy as np

from negotiation.batch.equilibria import EquilibriumTable
from negotiation.batch.outcomes import Outcome, outcome_label
from negotiation.batch.values import PointValues, given_rows, given_values
from negotiation.display import Report
from negotiation.results import Equilibrium, SolveResult

__all__ = ["BatchResult"]

# The text report lists this many points; --json and --csv give all of them.
SHOWN_POINTS = 20
# Parameter columns in the text report's table of points, at most (wider tables wrap).
SHOWN_PARAMETERS = 6


@dataclass(frozen=True)
class BatchResult(Report):
    """The equilibria of one game at many points, and how each point was solved.

    Attributes
    ----------
    players, strategies : tuple
        The labels of the game.
    outcomes : tuple of Outcome
        The distinct outcomes met; ``outcome`` indexes into it.  An outcome is the sorted
        tuple of the equilibria's supports: what a policy conclusion is about.
    outcome : numpy.ndarray
        ``(N,)`` the outcome code of each point.
    exact : numpy.ndarray
        ``(N,)`` whether the point went to the exact solver (degenerate or nearly so); the
        others were solved in floats, every comparison clear of its margin or settled by a
        tie of the payoff formulas themselves (`negotiation.batch.vertex_enumeration`).
    degenerate : numpy.ndarray
        ``(N,)`` whether the game is degenerate there: found by the exact solver, or by
        vertex enumeration with the formulas' ties; False at the other points.
    complete : bool
        Whether every equilibrium was sought: True for two players; for more, pure ones only.
    tol : float
        The tolerance used (on payoffs rescaled to [0, 1], and on probabilities).
    equilibria : EquilibriumTable or None
        Every equilibrium as floats; None when not kept (``keep_equilibria=False``).
    exact_results : mapping of int to SolveResult
        The exact solver's answer at the points it solved, when equilibria are kept.
    parameters : mapping of str to numpy.ndarray
        The parameter values given for the points, as given (a `PointsTable` when read from a
        file).
    base : mapping of str to Fraction
        Every parameter's value apart from the points, in the scenario's order; ``parameters``
        override it.
    title : str
        The scenario's title, for reports.
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    outcomes: tuple[Outcome, ...]
    outcome: np.ndarray
    exact: np.ndarray
    degenerate: np.ndarray
    complete: bool
    tol: float
    equilibria: EquilibriumTable | None = None
    exact_results: Mapping[int, SolveResult] = field(default_factory=dict)
    parameters: Mapping[str, PointValues] = field(default_factory=dict)
    base: Mapping[str, Fraction] = field(default_factory=dict)
    title: str = ""

    def __len__(self) -> int:
        return len(self.outcome)

    @property
    def labels(self) -> tuple[str, ...]:
        """The text of each outcome in ``outcomes``."""
        return tuple(
            outcome_label(outcome, self.players, self.strategies, pure_only=not self.complete)
            for outcome in self.outcomes
        )

    def label(self, point: int) -> str:
        """``Alice: Stag; Bob: Stag | Alice: Hare; Bob: Hare``: the outcome at a point."""
        return outcome_label(
            self.outcomes[self.outcome[point]],
            self.players,
            self.strategies,
            pure_only=not self.complete,
        )

    def values(self, point: int) -> dict[str, Fraction | float]:
        """Every parameter's value at a point: exact where it was given exactly."""
        return {**self.base, **given_values(self.parameters, point)}

    def equilibria_at(self, point: int) -> tuple[Equilibrium, ...]:
        """The equilibria at a point: exact where the exact solver ran, floats elsewhere."""
        if point in self.exact_results:
            return self.exact_results[point].equilibria
        table = self.kept_equilibria()
        rows = table.rows(point)
        return tuple(
            Equilibrium(
                tuple(tuple(float(p) for p in profile[row]) for profile in table.profiles),
                tuple(float(value) for value in table.payoffs[row]),
            )
            for row in range(rows.start, rows.stop)
        )

    def kept_equilibria(self) -> EquilibriumTable:
        """The table of equilibria.

        Raises
        ------
        ValueError
            When they were not kept.
        """
        if self.equilibria is None:
            msg = "equilibria were not kept: solve with keep_equilibria=True"
            raise ValueError(msg)
        return self.equilibria

    def outcome_counts(self) -> list[tuple[str, int]]:
        """Each outcome met and its number of points, the most common first."""
        counts = np.bincount(self.outcome, minlength=len(self.outcomes))
        labels = self.labels
        order = sorted(range(len(labels)), key=lambda code: (-counts[code], labels[code]))
        return [(labels[code], int(counts[code])) for code in order if counts[code]]

    # -- reports ------------------------------------------------------------------------------

    def _summary(self) -> str:
        count = len(self)
        source = getattr(self.parameters, "path", None)
        where = f" from {source}" if source is not None else ""
        noun = "point" if count == 1 else "points"
        return (
            f"{self.title or 'Batch'}: {count:,} {noun}{where}; "
            f"{int(self.exact.sum()):,} degenerate or nearly so, solved exactly"
        )

    def _point_table(self) -> tuple[list[str], list[list[str]]]:
        """The header and rows of the first points: number, parameters (when few), outcome."""
        shown = min(len(self), SHOWN_POINTS)
        names = list(self.parameters) if len(self.parameters) <= SHOWN_PARAMETERS else []
        given = given_rows(self.parameters, 0, shown) if names else [[]] * shown
        rows = [
            [f"{point + 1:,}", *(_text(value) for value in values), self.label(point)]
            for point, values in enumerate(given)
        ]
        return ["#", *names, "equilibria (supports)"], rows

    def _points_note(self) -> str:
        shown = min(len(self), SHOWN_POINTS)
        parts = []
        if shown < len(self):
            parts.append(f"the first {shown} of {len(self):,}")
        if len(self.parameters) > SHOWN_PARAMETERS:
            parts.append(f"their {len(self.parameters)} parameters left out")
        note = f" ({'; '.join(parts)}; --json or --csv give every value)" if parts else ""
        return f"Points{note}:"

    def text(self) -> str:
        """The report ``negotiation solve --points`` prints: how many points, the share of
        points in each outcome, and the first points with their outcome."""
        from negotiation.text import table

        lines = [self._summary()]
        if not self.complete:
            lines.append("Three players or more: pure equilibria only.")
        lines += ["", "Outcomes (the supports of every equilibrium):"]
        lines.append(
            table(
                ["points", "share", "outcome"],
                [
                    [f"{count:,}", f"{count / len(self):.1%}", label]
                    for label, count in self.outcome_counts()
                ],
            )
        )
        header, rows = self._point_table()
        lines += ["", self._points_note(), table(header, rows)]
        return "\n".join(lines)

    def markdown(self) -> str:
        """The same report as Markdown tables."""
        lines = [f"**{self._summary()}**", ""]
        if not self.complete:
            lines += ["Three players or more: pure equilibria only.", ""]
        lines += ["| points | share | outcome |", "|---:|---:|---|"]
        lines += [
            f"| {count:,} | {count / len(self):.1%} | {_cell(label)} |"
            for label, count in self.outcome_counts()
        ]
        header, rows = self._point_table()
        lines += ["", self._points_note(), "", "| " + " | ".join(map(_cell, header)) + " |"]
        lines.append("|" + "---|" * len(header))
        lines += ["| " + " | ".join(map(_cell, row)) + " |" for row in rows]
        return "\n".join(lines) + "\n"

    # -- every point ----------------------------------------------------------------------------

    def to_json(self) -> dict:
        """``{"points": [{"parameters": ..., "equilibria": [...]}, ...]}``.

        Each point's ``parameters`` are those given per point; ``fixed`` holds the others.
        Each equilibrium is as in ``negotiation solve --json``.  Exact numbers are strings:
        the equilibria at exactly solved points as ``"p/q"``, parameters given exactly as
        given (``"0.1"``, ``"3/2"``); floats are JSON numbers.

        The object `write_json` writes, read back: one schema for both.
        """
        import io
        import json

        buffer = io.StringIO()
        self.write_json(buffer)
        return json.loads(buffer.getvalue())

    def write_json(self, handle: IO[str], extra: Mapping[str, object] | None = None) -> None:
        """Write `to_json`'s object as compact JSON (``json.dumps`` with ``ensure_ascii=False``)
        point by point, with the keys of ``extra`` (e.g. provenance) added at the end.

        Streams: 10^5 points never exist as Python objects at once.
        """
        from negotiation.batch.output import write_json

        write_json(self, handle, extra)

    def write_csv(self, handle: IO[str]) -> None:
        """One row per point and equilibrium: the point's parameters, whether it was solved
        exactly, the equilibrium's number, probabilities (``Player:Strategy`` columns) and
        payoffs (``payoff:Player``).

        A point without equilibria (possible when only pure ones are sought) gets one row with
        those cells empty, so that every point appears.
        """
        from negotiation.batch.output import write_csv

        write_csv(self, handle)


def _text(value: object) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
