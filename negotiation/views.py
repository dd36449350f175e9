"""What each result looks like as tables: the blocks `negotiation.display.Report` renders.

Why one module: the results live in many modules (solvers, analyses, claims, robustness, the
scenario), but how they look in a notebook, a paper or a report page is one design: the same
equilibria table in ``solve``, ``whatif`` and ``check``, the same payoff matrix in ``show`` and
``explain``.  Each ``*_blocks`` function takes a result and the number writer (exact by
default, or decimals for ``--decimals``) and returns the blocks; `blocks_of` picks the function
for a result by its class.  Nothing here computes game theory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from itertools import product
from typing import TYPE_CHECKING, Any

from negotiation.display import (
    Block,
    Heading,
    Items,
    Number,
    Paragraph,
    Preformatted,
    Table,
    exact_number,
)

if TYPE_CHECKING:
    from negotiation.analysis.explain import Explanation
    from negotiation.analysis.sweep import SweepResult
    from negotiation.analysis.threshold_results import ThresholdResult
    from negotiation.analysis.whatif import WhatIfResult
    from negotiation.claims import ClaimsReport
    from negotiation.game import Game
    from negotiation.results import Equilibrium, SolveResult
    from negotiation.robustness import RobustnessResult
    from negotiation.scenario import Scenario

__all__ = [
    "blocks_of",
    "describe",
    "has_view",
    "equilibria_table",
    "payoff_blocks",
    "solve_blocks",
]


def describe(game: Game, equilibrium: Equilibrium, number: Number = exact_number) -> str:
    """``Russia: Hold; Turkey: 1/3 Reinforce + 2/3 Accommodate``, numbers by ``number``."""
    parts = []
    for player, labels, mixed in zip(
        game.players, game.strategies, equilibrium.profile, strict=True
    ):
        parts.append(f"{player}: {mixed_cell(labels, mixed, number)}")
    return "; ".join(parts)


def mixed_cell(labels: Sequence[str], mixed: Sequence[Any], number: Number) -> str:
    """One player's strategy: its label when pure, else ``1/3 A + 2/3 B``."""
    used = [(label, p) for label, p in zip(labels, mixed, strict=True) if p]
    if len(used) == 1:
        return used[0][0]
    return " + ".join(f"{number(p)} {label}" for label, p in used)


def equilibria_table(
    result: SolveResult, number: Number = exact_number, first: Sequence[str] = ()
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The header and rows of an equilibria table: ``#``, one column per player's strategy,
    one per payoff; ``first`` names leading columns the caller fills."""
    game = result.game
    header = (*first, "#", *game.players, *(f"payoff {player}" for player in game.players))
    rows = [
        (
            str(index),
            *(
                mixed_cell(labels, mixed, number)
                for labels, mixed in zip(game.strategies, equilibrium.profile, strict=True)
            ),
            *(number(value) for value in equilibrium.payoffs),
        )
        for index, equilibrium in enumerate(result.equilibria, start=1)
    ]
    return header, rows


def _summary(result: SolveResult) -> str:
    from negotiation.text import count_equilibria

    how = "exact" if result.exact else "floating point"
    found = count_equilibria(len(result.equilibria)).replace(" ", " Nash ")
    return f"{found} ({how}, {result.method.replace('_', ' ')})"


def _notes(result: SolveResult) -> list[Block]:
    notes = []
    if result.degenerate:
        notes.append(
            "The game is degenerate (ties): equilibria form continua; listed are the extreme "
            "equilibria, the vertices of each component."
        )
    if not result.complete:
        notes.append("The list may be incomplete: only the equilibria this method can find.")
    return [Paragraph(note) for note in notes]


def solve_blocks(
    result: SolveResult, number: Number = exact_number, heading: bool = True
) -> list[Block]:
    """The equilibria of one game: a summary line, notes, and the table (the main one)."""
    title = result.game.title or "game"
    head: list[Block] = [Heading(f"{title}: {_summary(result)}")] if heading else []
    if not heading:
        head.append(Paragraph(_summary(result)))
    if not result.equilibria:
        return [*head, *_notes(result), Paragraph("No equilibrium found.")]
    header, rows = equilibria_table(result, number)
    return [*head, *_notes(result), Table(header, tuple(rows), main=True)]


def whatif_blocks(result: WhatIfResult, number: Number = exact_number) -> list[Block]:
    """The change, the parameters it moves, the equilibria before and after in one table
    (the main one), what changes and why."""
    blocks: list[Block] = [Heading(f"What if: {result.change_text()}")]
    moved = result.changed_parameters()
    if moved:
        blocks.append(
            Table(
                ("parameter", "baseline", "changed"),
                tuple((name, number(old), number(new)) for name, (old, new) in moved.items()),
            )
        )
    header, _ = equilibria_table(result.baseline, number, first=("",))
    rows = []
    for side, solved in (("baseline", result.baseline), ("after the change", result.changed)):
        _, side_rows = equilibria_table(solved, number)
        rows += [(side, *row) for row in side_rows]
        if not side_rows:
            rows.append((side, "", "no equilibrium found", *[""] * (len(header) - 3)))
    blocks.append(Table(header, tuple(rows), main=True))
    for solved in (result.baseline, result.changed):
        blocks += _notes(solved)[:1]
    blocks += [Paragraph("What changes", strong=True), Items(tuple(result.changes))]
    blocks += [Paragraph("Why", strong=True), Items(tuple(result.reasons))]
    return blocks


def _threshold_value(threshold: Any, number: Number) -> str:
    if isinstance(threshold.value, Fraction) and number is not exact_number:
        return number(threshold.value)
    return threshold.value_text()


def regions_table(result: ThresholdResult) -> Table:
    """The intervals between thresholds with what their equilibria use, the baseline's
    marked, then the knife edges: for ``thresholds`` and a one-parameter sweep alike."""
    from negotiation.analysis.threshold_results import structure_lines

    name = result.parameter
    baseline = result.values.get(name)
    region_rows = [
        (
            region.interval_text(name),
            tuple(structure_lines(region.result)),
            "baseline" if baseline is not None and region.contains(baseline) else "",
        )
        for region in result.regions
    ]
    region_rows += [
        (f"{name} = {edge.value} only", tuple(structure_lines(edge.result)), "")
        for edge in result.knife_edges
    ]
    return Table(("region", "equilibria use", ""), tuple(region_rows), caption="Regions")


def threshold_blocks(result: ThresholdResult, number: Number = exact_number) -> list[Block]:
    """Each threshold with the equilibria just below and above (the main table), then the
    regions with the baseline's marked."""
    from negotiation.analysis.threshold_results import others_lines

    name = result.parameter
    blocks: list[Block] = [
        Heading(f"{result.scenario.title}: thresholds of {name} in [{result.low}, {result.high}]")
    ]
    others = others_lines(result.values, (name,))
    if others:
        blocks.append(Paragraph(" ".join(line.strip() for line in others)))
    if not result.complete:
        blocks.append(
            Paragraph(
                "Warning: some conditions could not be analysed exactly (a degenerate or "
                "large game): a threshold may be missing."
            )
        )
    if result.thresholds:
        with_formula = result.symbolic or any(t.formula for t in result.thresholds)
        header = (name, *(["formula"] if with_formula else []), "just below", "just above")
        rows = []
        for threshold in result.thresholds:
            cells: list[Any] = [_threshold_value(threshold, number)]
            if with_formula:
                cells.append(threshold.formula_text(name) if threshold.formula else "none")
            for value, solved in (
                (threshold.below_value, threshold.below),
                (threshold.above_value, threshold.above),
            ):
                described = [describe(solved.game, eq, number) for eq in solved.equilibria]
                cells.append((f"at {number(value)}:", *(described or ["none found"])))
            cells.append(threshold.at_note() or "")
            rows.append(tuple(cells))
        blocks.append(Table((*header, "at the threshold"), tuple(rows), main=True))
    else:
        blocks.append(
            Paragraph("No threshold: the equilibria keep the same supports across the range.")
        )
    blocks.append(regions_table(result))
    return blocks


def sweep_blocks(result: SweepResult, number: Number = exact_number) -> list[Block]:
    """Regions (one parameter) or outcomes and their map (two), then the grid: one row per
    point, its equilibria (the main table)."""
    from negotiation.analysis.sweep import _outcome_key, _symbol
    from negotiation.analysis.threshold_results import others_lines, structure_lines

    ranges = "; ".join(
        f"{name} over [{axis[0]}, {axis[-1]}] in {steps} steps"
        for name, axis, steps in zip(result.parameters, result.axes, result.steps, strict=True)
    )
    blocks: list[Block] = [
        Heading(f"{result.scenario.title}: sweep of {ranges} ({len(result.points)} points)")
    ]
    others = others_lines(result.values, result.parameters)
    if others:
        blocks.append(Paragraph(" ".join(line.strip() for line in others)))
    symbols: dict[tuple, str] = {}
    if result.thresholds is not None:
        blocks.append(regions_table(result.thresholds))
    else:
        groups = result.outcomes()
        symbols = {key: _symbol(k) for k, key in enumerate(groups)}
        blocks.append(
            Table(
                ("", "outcome (strategies each equilibrium uses)", "points"),
                tuple(
                    (symbols[key], tuple(structure_lines(members[0].result)), str(len(members)))
                    for key, members in groups.items()
                ),
                caption="Outcomes",
            )
        )
        text = result.text()
        if "Map:" in text:
            blocks.append(Preformatted(text[text.index("Map:") :]))
    header = (*result.parameters, *(["outcome"] if symbols else []), "equilibria")
    rows = []
    for point in result.points:
        described = [describe(point.result.game, eq, number) for eq in point.result.equilibria]
        outcome = [symbols[_outcome_key(point.result)]] if symbols else []
        rows.append(
            (
                *(number(point.values[name]) for name in result.parameters),
                *outcome,
                tuple(described) or "no equilibrium found",
            )
        )
    blocks.append(Table(header, tuple(rows), caption="Grid", main=True))
    return blocks


def robustness_blocks(result: RobustnessResult, number: Number = exact_number) -> list[Block]:
    """Outcome shares (the main table), claim shares and sensitivities, as ``text()``."""
    from negotiation.claim_verdicts import claim_test
    from negotiation.robustness import SHOWN_OUTCOMES

    ranges = ", ".join(
        f"{name} [{result.ranges[name][0]}, {result.ranges[name][1]}]" for name in result.vary
    )
    shape = "uniform" if result.distribution == "uniform" else "triangular, peaked at the value"
    blocks: list[Block] = [
        Heading(
            f"Robustness of {result.title} ({result.scenario}): {result.samples:,} draws, "
            f"seed {result.seed}"
        ),
        Paragraph(f"Drawn ({shape}) on each range: {ranges}"),
    ]
    if result.presets:
        blocks.append(Paragraph(f"Presets applied first: {', '.join(result.presets)}"))
    if not result.complete:
        blocks.append(
            Paragraph("Three players or more: outcomes and claims concern pure equilibria.")
        )
    blocks.append(
        Table(
            ("share (95% interval)", "outcome"),
            tuple(
                (item.proportion.text(), tuple(item.label.split(" | ")))
                for item in result.outcomes[:SHOWN_OUTCOMES]
            ),
            caption="Equilibrium outcomes"
            if result.form in ("normal", "extensive")
            else f"Outcomes: {result.outcome_meaning}",
            main=True,
        )
    )
    if (rarer := len(result.outcomes) - SHOWN_OUTCOMES) > 0:
        blocks.append(Paragraph(f"and {rarer:,} rarer outcomes (every outcome: --json, --csv)"))
    if result.claims:
        blocks.append(
            Table(
                ("holds in", "claim", "test"),
                tuple(
                    (item.proportion.text(), item.claim.text, claim_test(item.claim))
                    for item in result.claims
                ),
                caption="Claims (share of draws where the claim holds)",
            )
        )
    if result.sensitivity:
        blocks.append(
            Table(
                ("parameter", "rank correlation", "outcome changes when redrawn"),
                tuple(
                    (
                        item.parameter,
                        "-" if item.rank_correlation is None else f"{item.rank_correlation:+.3f}",
                        item.changed.text(),
                    )
                    for item in result.sensitivity
                ),
                caption="Sensitivity (rank correlation with the most common outcome)",
            )
        )
    return blocks


def claims_blocks(report: ClaimsReport, number: Number = exact_number) -> list[Block]:
    """One row per claim (the main table): verdict with the measured share and its interval
    against the declared share, the claim, its test, the baseline verdict, where it fails,
    and its source."""
    from negotiation.claim_verdicts import claim_test

    held = sum(item.holds for item in report.checks)
    rows = []
    for item in report.checks:
        ranges = report.scenario.parameters
        fails = tuple(
            factor.text(ranges[factor.parameter].low, ranges[factor.parameter].high)
            for factor in item.factors
        )
        rows.append(
            (
                item.verdict_line().split("] ", 1)[0].lstrip("["),
                item.claim.text,
                claim_test(item.claim),
                "holds" if item.baseline_holds else "FAILS",
                fails or "-",
                item.claim.source,
            )
        )
    title = (
        f"{report.scenario.title}: {held} of {len(report.checks)} claims hold "
        f"({report.samples:,} draws, seed {report.seed})"
    )
    return [
        Heading(title),
        Table(
            ("verdict", "claim", "test", "baseline", "fails where", "source"),
            tuple(rows),
            main=True,
        ),
    ]


def payoff_blocks(game: Game, cell: Callable[[tuple[int, ...]], str]) -> list[Block]:
    """The payoff matrix as tables: rows the first player, columns the second, one table for
    each profile of the others."""
    if game.n_players == 1:
        rows = tuple((label, cell((k,))) for k, label in enumerate(game.strategies[0]))
        return [Table((game.players[0], "payoff"), rows)]
    tables: list[Block] = []
    for rest in product(*(range(count) for count in game.shape[2:])):
        heading = "; ".join(
            f"{game.players[2 + k]}: {game.strategies[2 + k][index]}"
            for k, index in enumerate(rest)
        )
        rows = tuple(
            (label, *(cell((row, column, *rest)) for column in range(game.shape[1])))
            for row, label in enumerate(game.strategies[0])
        )
        header = (f"{game.players[0]} \\ {game.players[1]}", *game.strategies[1])
        tables.append(Table(header, rows, caption=f"when {heading}" if heading else ""))
    return tables


def explanation_blocks(explanation: Explanation, number: Number = exact_number) -> list[Block]:
    """The payoffs with best responses marked, the dominance steps, each equilibrium with its
    reasons (the main table)."""
    game = explanation.game

    def cell(profile: tuple[int, ...]) -> str:
        return ", ".join(
            number(value) + ("*" if explanation.best_responses[player][profile] else "")
            for player, value in enumerate(game.payoff_profile(profile))
        )

    blocks: list[Block] = [
        Heading(game.title or "Game"),
        Paragraph(
            f"Payoffs ({', '.join(game.players)}); * marks a best response to the other "
            "players' strategies in that cell. A cell with every payoff marked is a pure Nash "
            "equilibrium."
        ),
        *payoff_blocks(game, cell),
        Paragraph("Iterated elimination of strictly dominated strategies", strong=True),
        Items(tuple(explanation._dominance_lines())),
    ]
    blocks += _notes(explanation.result)
    rows = tuple(
        (
            str(index),
            describe(game, item.equilibrium, number),
            "pure" if item.equilibrium.pure else "mixed",
            ", ".join(number(value) for value in item.equilibrium.payoffs),
            tuple(item.reasons),
        )
        for index, item in enumerate(explanation.equilibria, start=1)
    )
    blocks.append(
        Table(
            ("#", "equilibrium", "kind", "payoffs", "why"),
            rows,
            caption="Nash equilibria",
            main=True,
        )
    )
    return blocks


PARAMETER_HEADER = ("name", "value", "range", "unit", "meaning", "source")


def parameter_rows(
    scenario: Scenario, values: Mapping[str, Fraction], number: Number = exact_number
) -> list[tuple[str, ...]]:
    """One row per parameter: name, value (``*`` when not the baseline), range, unit,
    meaning, source: what ``show`` and every rendering of a scenario list."""
    return [
        (
            name,
            number(values[name]) + ("" if values[name] == parameter.value else " *"),
            f"[{number(parameter.low)}, {number(parameter.high)}]",
            parameter.unit,
            parameter.description,
            parameter.source,
        )
        for name, parameter in scenario.parameters.items()
    ]


def scenario_blocks(
    scenario: Scenario,
    number: Number = exact_number,
    values: Mapping[str, Fraction] | None = None,
) -> list[Block]:
    """What ``show`` prints: the players, the payoffs, every parameter with its source (the
    main table), the presets and the claims."""
    from negotiation.claims import statement

    values = scenario.baseline() if values is None else values
    blocks: list[Block] = [Heading(f"{scenario.title} ({scenario.id})")]
    blocks += [Paragraph(text) for text in (scenario.description,) if text]
    if scenario.source:
        blocks.append(Paragraph(f"Source: {scenario.source}"))
    blocks.append(
        Table(
            ("player", "strategy", "meaning"),
            tuple(
                (player.name if k == 0 else "", label, meaning)
                for player in scenario.players
                for k, (label, meaning) in enumerate(
                    zip(player.strategies, player.strategy_descriptions, strict=True)
                )
            ),
            caption="Players and strategies",
        )
    )
    game = scenario.game(values)
    blocks.append(Paragraph(f"Payoffs ({', '.join(scenario.player_names)})", strong=True))
    blocks += payoff_blocks(
        game, lambda profile: ", ".join(number(v) for v in game.payoff_profile(profile))
    )
    blocks.append(
        Table(
            PARAMETER_HEADER,
            tuple(parameter_rows(scenario, values, number)),
            caption="Parameters",
            main=True,
        )
    )
    if any(values[name] != parameter.value for name, parameter in scenario.parameters.items()):
        blocks.append(Paragraph("* changed from the scenario's baseline"))
    if scenario.presets:
        blocks.append(
            Table(
                ("preset", "meaning", "sets", "source"),
                tuple(
                    (
                        name,
                        preset.description,
                        ", ".join(f"{k}={number(v)}" for k, v in preset.values.items()),
                        preset.source,
                    )
                    for name, preset in scenario.presets.items()
                ),
                caption="Presets",
            )
        )
    if scenario.claims:
        blocks.append(
            Table(
                ("claim", "source", "test"),
                tuple((claim.text, claim.source, statement(claim)) for claim in scenario.claims),
                caption="Claims (negotiation check tests them)",
            )
        )
    return blocks


_BUILDERS: dict[str, Callable[..., list[Block]]] = {
    "SolveResult": solve_blocks,
    "WhatIfResult": whatif_blocks,
    "ThresholdResult": threshold_blocks,
    "SweepResult": sweep_blocks,
    "RobustnessResult": robustness_blocks,
    "ClaimsReport": claims_blocks,
    "Explanation": explanation_blocks,
    "Scenario": scenario_blocks,
}


def has_view(result: Any) -> bool:
    """Whether this module knows how ``result`` looks as tables."""
    return type(result).__name__ in _BUILDERS


def blocks_of(result: Any, number: Number = exact_number) -> list[Block]:
    """The blocks of any result; its text report, preformatted, for a class not listed here."""
    builder = _BUILDERS.get(type(result).__name__)
    if builder is None:
        return [Preformatted(result.text())]
    return builder(result, number)
