"""Plain-text tables for the terminal: equilibria, payoff matrices, parameters.

Presentation only; every number comes from the library.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from itertools import product
from typing import TYPE_CHECKING

from negotiation.game import Game
from negotiation.results import SolveResult, text_number

if TYPE_CHECKING:
    from negotiation.model import Model


def join_words(words: Sequence[str], last: str = "and") -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def table(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> str:
    """Columns padded to their widest cell, the header underlined; long cells folded to the
    terminal's width (`negotiation.display.fit_table`)."""
    from negotiation.display import fit_table

    return fit_table(header, [[str(cell) for cell in row] for row in rows], indent)


def mixed_text(labels: Sequence[str], mixed: Sequence[object]) -> str:
    used = [(label, p) for label, p in zip(labels, mixed, strict=True) if p]
    if len(used) == 1:
        return used[0][0]
    return " + ".join(f"{text_number(p)} {label}" for label, p in used)


def count_equilibria(count: int) -> str:
    """``"1 equilibrium"``, ``"3 equilibria"``."""
    return f"{count} {'equilibrium' if count == 1 else 'equilibria'}"


def notes(result: SolveResult) -> list[str]:
    """What the list of equilibria is, in words: no more than the result knows.

    "Form continua" is said only when two listed equilibria prove it (`SolveResult.continua`),
    "isolated" only when the list holds every vertex of every component, exactly, and none do,
    and "vertices" only when every listed equilibrium is one.
    """
    if result.method == "pure":
        lines = [
            "Pure equilibria only: mixed equilibria were not searched for, so the list may be "
            "incomplete."
        ]
        if result.degenerate:
            lines.append("The game is degenerate (ties): its equilibria may form continua.")
        return lines
    lines = []
    if result.degenerate:
        if result.continua:
            start = "The game is degenerate (ties): equilibria form continua"
        elif result.complete and result.components == "vertices" and result.exact:
            start = "The game is degenerate (ties), yet every equilibrium is isolated"
        else:
            start = "The game is degenerate (ties): equilibria may form continua"
        if result.components == "vertices":
            lines.append(
                f"{start}; listed are the extreme equilibria, the vertices of each component."
            )
        else:
            lines.append(
                f"{start}; some continuum is given by one point inside it, not by its "
                "vertices, or left out."
            )
    if not result.complete:
        lines.append("The list may be incomplete: only the equilibria this method can find.")
    return lines


def equilibria_text(result: SolveResult) -> str:
    """The equilibria as a table: one row each, a column per player's strategy and payoff."""
    game = result.game
    count = len(result.equilibria)
    how = "exact" if result.exact else "floating point"
    title = game.title or "game"
    found = count_equilibria(count).replace(" ", " Nash ")
    lines = [f"{title}: {found} ({how}, {result.method.replace('_', ' ')})", *notes(result)]
    if count:
        header = ["#", *game.players, *(f"payoff {player}" for player in game.players)]
        rows = [
            [
                str(index),
                *(
                    mixed_text(labels, mixed)
                    for labels, mixed in zip(game.strategies, equilibrium.profile, strict=True)
                ),
                *(text_number(value) for value in equilibrium.payoffs),
            ]
            for index, equilibrium in enumerate(result.equilibria, start=1)
        ]
        lines.append(table(header, rows))
    return "\n".join(lines)


def equilibria_markdown(result: SolveResult) -> str:
    """The equilibria as a Markdown table, for notebooks and papers' notes."""
    game = result.game
    if not result.equilibria:
        return "No equilibrium found.\n"
    rows = ["| # | " + " | ".join(game.players) + " | payoffs |"]
    rows.append("|" + "---|" * (game.n_players + 2))
    for index, equilibrium in enumerate(result.equilibria, start=1):
        cells = [
            mixed_text(labels, mixed)
            for labels, mixed in zip(game.strategies, equilibrium.profile, strict=True)
        ]
        payoffs = ", ".join(text_number(value) for value in equilibrium.payoffs)
        rows.append(f"| {index} | " + " | ".join(cells) + f" | {payoffs} |")
    return "\n".join(rows) + "\n" + "".join(f"\n{note}\n" for note in notes(result))


def payoff_tables(game: Game, cell: Callable[[tuple[int, ...]], str] | None = None) -> str:
    """The payoff matrix: rows are the first player, columns the second, one table for each
    profile of the other players.  ``cell`` formats a profile (default: the payoffs)."""
    if cell is None:

        def cell(profile: tuple[int, ...]) -> str:
            return ", ".join(text_number(value) for value in game.payoff_profile(profile))

    if game.n_players == 1:
        rows = [[label, cell((k,))] for k, label in enumerate(game.strategies[0])]
        return table([game.players[0], "payoff"], rows)
    blocks = []
    for rest in product(*(range(count) for count in game.shape[2:])):
        heading = "; ".join(
            f"{game.players[2 + k]}: {game.strategies[2 + k][index]}"
            for k, index in enumerate(rest)
        )
        header = [f"{game.players[0]} \\ {game.players[1]}", *game.strategies[1]]
        rows = [
            [row_label, *(cell((row, column, *rest)) for column in range(game.shape[1]))]
            for row, row_label in enumerate(game.strategies[0])
        ]
        blocks.append((f"  when {heading}\n" if heading else "") + table(header, rows))
    return "\n\n".join(blocks)


def describe_scenario(scenario: Model, values: Mapping[str, Fraction], symbolic: bool) -> str:
    """Players, strategies, the payoff matrix (numbers or formulas) and the parameters."""
    lines = scenario_heading(scenario)
    lines.append("Players and strategies:")
    for player in scenario.players:
        lines.append(
            f"  {player.name}" + (f": {player.description}" if player.description else "")
        )
        for label, meaning in zip(player.strategies, player.strategy_descriptions, strict=True):
            lines.append(f"    {label}: {meaning}")
    game = scenario.game(values)
    lines.append("")
    if symbolic:
        lines.append("Payoff formulas (" + ", ".join(scenario.player_names) + "):")

        def cell(profile: tuple[int, ...]) -> str:
            labels = tuple(game.strategies[p][k] for p, k in enumerate(profile))
            return " ; ".join(str(expr) for expr in scenario.payoff_formulas[labels])

        lines.append(payoff_tables(game, cell))
        if scenario.terms:
            lines.append("")
            lines.append("Terms:")
            lines += [f"  {name} = {expr}" for name, expr in scenario.terms.items()]
    else:
        lines.append("Payoffs (" + ", ".join(scenario.player_names) + "):")
        lines.append(payoff_tables(game))
    return "\n".join(lines + scenario_footer(scenario, values))


def scenario_heading(scenario: Model) -> list[str]:
    """Title, description and source, then a blank line: how every form's ``show`` starts."""
    lines = [f"{scenario.title} ({scenario.id})"]
    if scenario.description:
        lines.append(scenario.description)
    if scenario.source:
        lines.append(f"Source: {scenario.source}")
    return [*lines, ""]


def scenario_footer(scenario: Model, values: Mapping[str, Fraction]) -> list[str]:
    """Parameters (values, ranges, sources), presets and claims: how every form's ``show``
    ends."""
    from negotiation.views import PARAMETER_HEADER, parameter_rows

    lines = ["", "Parameters:"]
    lines.append(table(PARAMETER_HEADER, parameter_rows(scenario, values)))
    if any(values[name] != parameter.value for name, parameter in scenario.parameters.items()):
        lines.append("  * changed from the scenario's baseline")
    if scenario.presets:
        lines.append("")
        lines.append("Presets:")
        for name, preset in scenario.presets.items():
            changes = ", ".join(f"{key}={value}" for key, value in preset.values.items())
            lines.append(f"  {name}: {preset.description} ({changes}; source: {preset.source})")
    if scenario.claims:
        lines += ["", "Claims (negotiation check tests them):"]
        for claim in scenario.claims:
            lines.append(f"  - {claim.text} [{claim.source}]")
            lines.append(f"    test: {claim.words()}")
    return lines


def describe_game(game: Game) -> str:
    """A game without a scenario (an .nfg file): players, strategies and payoffs."""
    lines = [game.title or "game", "", "Players and strategies:"]
    for player, labels in zip(game.players, game.strategies, strict=True):
        lines.append(f"  {player}: {', '.join(labels)}")
    lines += ["", "Payoffs (" + ", ".join(game.players) + "):", payoff_tables(game)]
    return "\n".join(lines)
