"""One number, one rational: ``0.95`` means 19/20 in every entry point (issue 14, point 1).

The game below is degenerate exactly at ``t = 19/20``: Row is indifferent there, so the
equilibria form continua (four extreme ones); at the binary float nearest 0.95 Row strictly
prefers one strategy and there is one equilibrium.  So every entry point that read 0.95 as its
binary value, not as the decimal the user wrote, would answer differently.
"""

from __future__ import annotations

import json
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli
from scenario_files import write_scenario

from negotiation.scenario import Scenario, read_scenario


@pytest.fixture
def scenario(tmp_path: Path) -> Scenario:
    written = write_scenario(
        tmp_path / "threshold.toml",
        {"t": ("1/2", "0", "2")},
        {"Row": ["Up", "Down"], "Column": ["Left", "Right"]},
        {
            ("Up", "Left"): ("t", "1"),
            ("Up", "Right"): ("t", "0"),
            ("Down", "Left"): ("19/20", "0"),
            ("Down", "Right"): ("19/20", "1"),
        },
    )
    path = written.path
    path.write_text(path.read_text() + "\n[presets.at]\nset = { t = 0.95 }\n")
    return read_scenario(path)


def supports(result) -> set:
    return {equilibrium.support() for equilibrium in result.equilibria}


def test_the_game_tells_the_decimal_from_the_float(scenario: Scenario) -> None:
    assert len(scenario.solve(t=F(19, 20)).equilibria) == 4
    assert len(scenario.solve(t=F(0.95)).equilibria) == 1  # the binary value: a different game


def test_every_entry_point_reads_the_decimal(scenario: Scenario, tmp_path: Path) -> None:
    expected = supports(scenario.solve(t=F(19, 20)))
    assert supports(scenario.solve(t=0.95)) == expected  # a float given to the API
    assert supports(scenario.solve(t="0.95")) == expected  # a text given to the API
    assert supports(scenario.solve("at")) == expected  # a TOML value (in a preset)

    outcome = {tuple(map(tuple, support)) for support in expected}
    batch = scenario.solve_points({"t": np.array([0.95])})  # a float array
    assert set(batch.outcomes[batch.outcome[0]]) == outcome
    csv = tmp_path / "points.csv"
    csv.write_text("t\n0.95\n")
    batch = scenario.solve_points(csv)  # a CSV cell
    assert set(batch.outcomes[batch.outcome[0]]) == outcome

    runner = CliRunner()
    result = runner.invoke(cli, ["solve", str(scenario.path), "--set", "t=0.95", "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["equilibria"]) == 4  # --set
    result = runner.invoke(cli, ["solve", str(scenario.path), "--points", str(csv), "--json"])
    assert result.exit_code == 0, result.output
    (point,) = json.loads(result.output)["points"]
    assert point["exact"]
    assert len(point["equilibria"]) == 4  # --points
