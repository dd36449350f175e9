"""What `thresholds` returns: each threshold with the equilibria either side, and the regions.

Presentation lives here, and only here: the text report the command prints, the Markdown a
notebook renders (`negotiation.display.Report`), and the JSON of ``--json``.  Exact values
travel as strings (``"209/256"``, ``"sqrt(2)"``) with a float beside them for plotting.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from negotiation.analysis.real_roots import Point, compare
from negotiation.best_responses import BestResponseFlip
from negotiation.display import Report
from negotiation.game import Game
from negotiation.results import SolveResult

if TYPE_CHECKING:
    from negotiation.analysis.threshold_spread import ThresholdSpread
    from negotiation.scenario import Scenario

__all__ = [
    "BestResponseFlipAt",
    "KnifeEdge",
    "Region",
    "Threshold",
    "ThresholdResult",
    "exact_text",
    "others_lines",
    "structure",
    "structure_lines",
    "support_text",
]

_NO_THRESHOLD = "No threshold: the equilibria keep the same supports across the range."


def structure(result: SolveResult) -> frozenset:
    """The set of supports of the equilibria: what a threshold changes."""
    return frozenset(equilibrium.support() for equilibrium in result.equilibria)


def support_text(result: SolveResult, supports: tuple[tuple[int, ...], ...]) -> str:
    """``Russia: Offensive; Turkey: Reinforce + Accommodate``: which strategies are used."""
    game = result.game
    return "; ".join(
        f"{player}: {' + '.join(labels[k] for k in support)}"
        for player, labels, support in zip(game.players, game.strategies, supports, strict=True)
    )


def structure_lines(result: SolveResult | None) -> list[str]:
    """One line per equilibrium saying which strategies it uses (constant across a region)."""
    if result is None:
        return ["a payoff is undefined here"]
    if not result.equilibria:
        return ["no equilibrium found"]
    return [support_text(result, eq.support()) for eq in result.equilibria]


def others_lines(values: Mapping[str, Fraction], varied: Sequence[str]) -> list[str]:
    """``Other parameters: a = 1, b = 3/2, ...`` wrapped at 99 columns between parameters."""
    entries = [f"{k} = {v}" for k, v in values.items() if k not in varied]
    if not entries:
        return []
    lines, line = [], "Other parameters:"
    for number, entry in enumerate(entries):
        entry += "," if number < len(entries) - 1 else ""
        if len(line) + 1 + len(entry) > 99:
            lines.append(line)
            line = " "
        line += " " + entry
    return [*lines, line]


def exact_text(value: Fraction | Any) -> str:
    """``"3/2"``, ``"sqrt(2)"``, ``"CRootOf(x**3 - x - 1, 0)"``: lossless, for text and JSON."""
    if isinstance(value, Fraction):
        return str(value)
    import sympy

    return sympy.sstr(value)


def _equation(parameter: str, formula: str) -> str:
    """A formula as an equation for the parameter: ``x = a/b``; ``root of ...`` as it is."""
    return formula if formula.startswith("root of ") else f"{parameter} = {formula}"


def _number_json(value: Fraction | Any, approx: float) -> dict:
    return {"value": exact_text(value), "float": approx}


@dataclass(frozen=True)
class Threshold:
    """One value where the equilibria change.

    Attributes
    ----------
    value : Fraction or sympy.Expr
        Exact: a Fraction, or an algebraic number (``sqrt(2)``, ``CRootOf(...)``).
    approx : float
        The value as a float, for plots and sorting by eye.
    formula : str or None
        With ``symbolic=True``: the value as a formula in the other parameters, valid near
        their given values; ``"root of <polynomial> = 0 in <parameter>"`` when it has no
        closed form of reasonable size.  None without ``symbolic`` or when none was found.
    formula_expr : sympy.Expr or None
        The formula as a sympy expression in the parameters' symbols, when it is explicit.
    other_formulas : tuple of str
        Other conditions that meet at this value for the given values of the other
        parameters, and would give separate thresholds if these moved.
    below, above : SolveResult
        The equilibria at ``below_value`` and ``above_value``, simple rationals just either
        side (nearer the threshold than any other candidate value).
    at : SolveResult or None
        The equilibria at the threshold itself when it is rational (None when irrational or
        where a payoff is undefined).
    degenerate_at : bool
        Whether the game is degenerate at the threshold.  It always is where a payoff is
        defined: equilibria of a non-degenerate game persist under small changes of the
        payoffs, so they can only change at a degenerate game.
    formula_note : str or None
        With ``symbolic=True`` and no formula: why there is none.
    undefined_at : bool
        Whether a payoff is undefined (a pole) at the threshold.
    spread : ThresholdSpread or None
        Where the same threshold lies when the other parameters range over their declared
        ranges (`negotiation.analysis.threshold_spread`); None when not asked for, or when
        nothing can be drawn.
    """

    value: Fraction | Any
    approx: float
    formula: str | None
    formula_expr: Any
    other_formulas: tuple[str, ...]
    below_value: Fraction
    below: SolveResult
    above_value: Fraction
    above: SolveResult
    at: SolveResult | None
    degenerate_at: bool
    formula_note: str | None = None
    undefined_at: bool = False
    spread: ThresholdSpread | None = None

    def value_text(self) -> str:
        """``209/256 (about 0.816406)``; an integer alone."""
        shown = exact_text(self.value)
        if isinstance(self.value, Fraction) and self.value.denominator == 1:
            return shown
        return f"{shown} (about {self.approx:.6g})"

    def formula_text(self, parameter: str) -> str:
        """``w_mil = (c_ties + ...)/v_terr``, or ``root of ... = 0 in w_mil`` as it stands."""
        return _equation(parameter, str(self.formula))

    def at_note(self) -> str | None:
        """What happens at the value itself: a payoff undefined, or a degenerate game."""
        shown = exact_text(self.value)
        if self.undefined_at:
            return f"at {shown} a payoff is undefined (a division by zero)."
        if self.degenerate_at:
            return (
                f"at {shown} the game is degenerate (a tie): equilibria may form a continuum "
                "there."
            )
        return None

    def to_json(self) -> dict:
        return {
            **_number_json(self.value, self.approx),
            "formula": self.formula,
            "formula_note": self.formula_note,
            "other_formulas": list(self.other_formulas),
            "degenerate_at": self.degenerate_at,
            "undefined_at": self.undefined_at,
            "below": {"value": str(self.below_value), **self.below.to_json()},
            "above": {"value": str(self.above_value), **self.above.to_json()},
            "at": None if self.at is None else self.at.to_json(),
            "spread": None if self.spread is None else self.spread.to_json(),
        }


@dataclass(frozen=True)
class Region:
    """An interval of the parameter over which the equilibria keep the same supports.

    ``low_closed``/``high_closed`` say whether the ends belong to it (an end belongs where the
    equilibria there have the region's supports).  ``result`` is solved at ``value`` inside.
    """

    low: Fraction | Any
    high: Fraction | Any
    low_closed: bool
    high_closed: bool
    value: Fraction
    result: SolveResult
    _low: Point = field(repr=False, compare=False)
    _high: Point = field(repr=False, compare=False)

    @property
    def structure(self) -> frozenset:
        return structure(self.result)

    def contains(self, value: Fraction) -> bool:
        """Whether ``value`` lies in the region (its ends by ``low_closed``/``high_closed``)."""
        point = Point(Fraction(value))
        left, right = compare(self._low, point), compare(point, self._high)
        return (left < 0 or (left == 0 and self.low_closed)) and (
            right < 0 or (right == 0 and self.high_closed)
        )

    def interval_text(self, parameter: str) -> str:
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{parameter} in {left}{exact_text(self.low)}, {exact_text(self.high)}{right}"

    def to_json(self) -> dict:
        return {
            "low": exact_text(self.low),
            "high": exact_text(self.high),
            "low_float": float(self._low),
            "high_float": float(self._high),
            "low_closed": self.low_closed,
            "high_closed": self.high_closed,
            "value": str(self.value),
            "supports": [
                {
                    player: [labels[k] for k in support]
                    for player, labels, support in zip(
                        self.result.game.players,
                        self.result.game.strategies,
                        eq.support(),
                        strict=True,
                    )
                }
                for eq in self.result.equilibria
            ],
        }


@dataclass(frozen=True)
class KnifeEdge:
    """A rational value where the equilibria differ from those on both sides, which agree.

    An end of the range is one too when its equilibria differ from those just inside.
    """

    value: Fraction
    result: SolveResult

    def to_json(self) -> dict:
        return {"value": str(self.value), **self.result.to_json()}


@dataclass(frozen=True)
class BestResponseFlipAt:
    """A value where a player's best reply to a pure profile of the others changes.

    ``flip`` is the change between the games just below and just above (in ``game``'s
    strategies, `negotiation.best_responses.BestResponseFlip`); ``changes_equilibria`` says
    whether the value is also a threshold.  ``player``, ``against``, ``below`` and ``above``
    give it in names and labels.
    """

    value: Fraction | Any
    approx: float
    flip: BestResponseFlip
    game: Game
    changes_equilibria: bool

    @property
    def player(self) -> str:
        return self.game.players[self.flip.player]

    @property
    def against(self) -> Mapping[str, str]:
        return self.flip.against_labels(self.game)

    @property
    def below(self) -> tuple[str, ...]:
        return self.flip.labels(self.game, self.flip.before)

    @property
    def above(self) -> tuple[str, ...]:
        return self.flip.labels(self.game, self.flip.after)

    def to_json(self) -> dict:
        return {
            **_number_json(self.value, self.approx),
            "player": self.player,
            "against": dict(self.against),
            "below": list(self.below),
            "above": list(self.above),
            "changes_equilibria": self.changes_equilibria,
        }


@dataclass(frozen=True)
class ThresholdResult(Report):
    """The thresholds of one parameter over a range, the others held at ``values``.

    Attributes
    ----------
    scenario : Scenario
    parameter : str
    values : mapping
        Every parameter's value; the varied one's marks the baseline in reports.
    low, high : Fraction
        The range searched: the parameter's declared range unless given.
    thresholds : tuple of Threshold
        In increasing order; strictly inside ``(low, high)``.
    regions : tuple of Region
        The intervals between thresholds, from ``low`` to ``high``.
    knife_edges : tuple of KnifeEdge
        Rational values where the equilibria differ only at that value.
    best_response_flips : tuple of BestResponseFlipAt
        Filled when asked for with ``best_responses=True``.
    complete : bool
        False when, for three players or more, some condition could not be eliminated (a
        continuum of solutions, a degenerate case) or the game is too large: a threshold may
        then be missing.
    candidates : int
        How many candidate values were checked.
    symbolic : bool
        Whether formulas were asked for: a threshold without one then says why.
    """

    scenario: Scenario
    parameter: str
    values: Mapping[str, Fraction]
    low: Fraction
    high: Fraction
    thresholds: tuple[Threshold, ...]
    regions: tuple[Region, ...]
    knife_edges: tuple[KnifeEdge, ...] = ()
    best_response_flips: tuple[BestResponseFlipAt, ...] = ()
    complete: bool = True
    candidates: int = 0
    symbolic: bool = False

    def region_of(self, value: Fraction) -> Region | None:
        """The region holding ``value``; None at a threshold that belongs to neither side."""
        return next((region for region in self.regions if region.contains(value)), None)

    def region_lines(self, indent: str = "  ") -> list[str]:
        """``drone_cost in [0, 17/4): Russia: Offensive; Turkey: Accommodate``, one per region,
        the baseline marked, then the knife edges."""
        name = self.parameter
        baseline = self.values.get(name)
        lines = []
        for region in self.regions:
            marker = (
                f"  <- {name} = {baseline}"
                if baseline is not None and region.contains(baseline)
                else ""
            )
            described = structure_lines(region.result)
            if len(described) == 1:
                lines.append(f"{indent}{region.interval_text(name)}: {described[0]}{marker}")
            else:
                lines.append(
                    f"{indent}{region.interval_text(name)}: {len(described)} equilibria{marker}"
                )
                lines += [f"{indent}  {line}" for line in described]
        for edge in self.knife_edges:
            lines.append(
                f"{indent}at {name} = {edge.value} only: "
                + " | ".join(structure_lines(edge.result))
            )
        return lines

    def to_json(self) -> dict:
        from negotiation.provenance import provenance

        return {
            "parameter": self.parameter,
            "range": [str(self.low), str(self.high)],
            "thresholds": [threshold.to_json() for threshold in self.thresholds],
            "regions": [region.to_json() for region in self.regions],
            "knife_edges": [edge.to_json() for edge in self.knife_edges],
            "best_response_flips": [flip.to_json() for flip in self.best_response_flips],
            "complete": self.complete,
            **provenance(self.scenario, self.values),
        }

    def text(self) -> str:
        """The readable report: each threshold with the equilibria either side, then regions."""
        name = self.parameter
        lines = [self._title()]
        lines += others_lines(self.values, (name,))
        lines += self._warnings()
        if not self.thresholds:
            lines.append(_NO_THRESHOLD)
        for threshold in self.thresholds:
            lines.append("")
            lines.append(f"{name} = {threshold.value_text()}")
            if threshold.formula is not None:
                lines.append(f"  formula: {threshold.formula_text(name)}")
                lines += [
                    f"  which here coincides with: {_equation(name, other)}"
                    for other in threshold.other_formulas
                ]
            elif threshold.formula_note is not None:
                lines.append(f"  formula: none: {threshold.formula_note}")
            for side, value, result in (
                ("below", threshold.below_value, threshold.below),
                ("above", threshold.above_value, threshold.above),
            ):
                lines.append(f"  just {side} ({name} = {value}):")
                lines += [f"    {eq.describe(result.game)}" for eq in result.equilibria] or [
                    "    no equilibrium found"
                ]
            if (note := threshold.at_note()) is not None:
                lines.append(f"  {note}")
            if threshold.spread is not None:
                lines.append(
                    "  uncertainty: " + threshold.spread.text(name, exact_text(threshold.value))
                )
        lines.append("")
        lines.append("Regions:")
        lines += self.region_lines()
        if self.best_response_flips:
            lines.append("")
            lines.append("Best-response flips:")
            for flip in self.best_response_flips:
                against = ", ".join(f"{k}: {v}" for k, v in flip.against.items())
                note = "" if flip.changes_equilibria else " (equilibria unchanged)"
                lines.append(
                    f"  {name} = {exact_text(flip.value)}: {flip.player}'s best reply to "
                    f"{against} goes from {' / '.join(flip.below)} to {' / '.join(flip.above)}"
                    f"{note}"
                )
        return "\n".join(lines)

    def markdown(self) -> str:
        """A table of the thresholds (value, formula, equilibria just below and above), then
        the regions: what a notebook shows."""
        name = self.parameter
        blocks = [f"### {self._title()}"]
        others = others_lines(self.values, (name,))
        if others:
            blocks.append(" ".join(line.strip() for line in others))
        blocks += [f"**{warning}**" for warning in self._warnings()]
        blocks.append(self._markdown_table() if self.thresholds else _NO_THRESHOLD)
        spreads = [
            f"- {threshold.spread.text(name, exact_text(threshold.value))}"
            for threshold in self.thresholds
            if threshold.spread is not None
        ]
        if spreads:
            blocks.append("\n".join(["Uncertainty:", "", *spreads]))
        regions = [
            f"  - {line.strip()}" if line.startswith("  ") else f"- {line}"
            for line in self.region_lines(indent="")
        ]
        blocks.append("\n".join(["Regions:", "", *regions]))
        return "\n\n".join(blocks) + "\n"

    def _markdown_table(self) -> str:
        name = self.parameter
        with_formula = self.symbolic or any(t.formula for t in self.thresholds)
        header = [name, *(["formula"] if with_formula else []), "just below", "just above"]
        header.append("at the threshold")
        rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for threshold in self.thresholds:
            cells = [threshold.value_text()]
            if with_formula:
                formula = threshold.formula_text(name) if threshold.formula else None
                cells.append(f"`{formula}`" if formula else "none")
            for value, result in (
                (threshold.below_value, threshold.below),
                (threshold.above_value, threshold.above),
            ):
                described = [eq.describe(result.game) for eq in result.equilibria]
                cells.append("<br>".join([f"at {value}:", *(described or ["none found"])]))
            cells.append(threshold.at_note() or "")
            rows.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
        return "\n".join(rows)

    def _title(self) -> str:
        name, low, high = self.parameter, self.low, self.high
        return f"{self.scenario.title}: thresholds of {name} in [{low}, {high}]"

    def _warnings(self) -> list[str]:
        if self.complete:
            return []
        return [
            "Warning: some conditions could not be analysed exactly (a degenerate or large "
            "game): a threshold may be missing."
        ]

    def __repr__(self) -> str:
        values = ", ".join(exact_text(threshold.value) for threshold in self.thresholds)
        incomplete = "" if self.complete else ", incomplete"
        count = len(self.regions)
        return (
            f"ThresholdResult({self.scenario.id}: {self.parameter} in [{self.low}, {self.high}], "
            f"thresholds: {values or 'none'}; {count} region{'' if count == 1 else 's'}"
            f"{incomplete})"
        )


def _cell(text: str) -> str:
    """A Markdown table cell: pipes escaped, line breaks as ``<br>``."""
    return text.replace("|", "\\|").replace("\n", "<br>")
