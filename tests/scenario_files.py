"""Scenario files written from Python, for tests that need a parametric game of their own."""

from __future__ import annotations

from itertools import product
from pathlib import Path

from negotiation.scenario import Scenario, read_scenario


def write_scenario(
    path: Path,
    parameters: dict[str, tuple[object, object, object]],
    players: dict[str, list[str]],
    payoffs: dict[tuple[str, ...], tuple[str, ...]],
    terms: dict[str, str] | None = None,
) -> Scenario:
    """A scenario file from parameters ``{name: (value, low, high)}`` and payoff formulas."""
    lines = ["[scenario]", 'id = "test"', 'title = "Test game"', ""]
    for name, (value, low, high) in parameters.items():
        lines += [
            f"[parameters.{name}]",
            f'value = "{value}"',
            f'range = ["{low}", "{high}"]',
            'unit = "u"',
            'description = "d"',
            'source = "s"',
            "",
        ]
    if terms:
        lines += ["[terms]", *(f'{name} = "{text}"' for name, text in terms.items()), ""]
    for player, strategies in players.items():
        lines += [f'[players."{player}".strategies]', *(f'"{s}" = "s"' for s in strategies), ""]
    for labels in product(*players.values()):
        lines.append("[payoffs." + ".".join(f'"{label}"' for label in labels) + "]")
        lines += [f'"{p}" = "{f}"' for p, f in zip(players, payoffs[labels], strict=True)]
    path.write_text("\n".join(lines))
    return read_scenario(path)


def two_by_two(path: Path, parameters: dict, cells: dict[str, tuple[str, str]]) -> Scenario:
    """Row {A, B} x Col {L, R}; ``cells`` keyed "AL", "AR", "BL", "BR"."""
    return write_scenario(
        path,
        parameters,
        {"Row": ["A", "B"], "Col": ["L", "R"]},
        {(key[0], key[1]): formulas for key, formulas in cells.items()},
    )


def dominant_flip(path: Path) -> Scenario:
    """Row's A pays 2x, B pays 3 against either column: A is dominant iff x > 3/2.  Col matches
    Row (L against A, R against B), so the unique equilibrium is (B, R) below, (A, L) above."""
    return two_by_two(
        path,
        {"x": (1, 0, 3)},
        {"AL": ("2*x", "1"), "AR": ("2*x", "0"), "BL": ("3", "0"), "BR": ("3", "1")},
    )
