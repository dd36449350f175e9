"""Several processes write, to the byte, what one process writes; and when a share fails, the
error is the one a single process gives."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from negotiation.batch import parallel, read_points, solve_batch
from negotiation.errors import FormulaError, ScenarioError
from negotiation.robustness import draw_points
from negotiation.scenario import load_scenario, read_scenario

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

STAG_HUNT = Path(__file__).parents[1] / "data" / "scenarios" / "stag-hunt.toml"


@pytest.fixture(autouse=True)
def small_shares(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_SHARE", 20)


def points_file(folder: Path, rows: int = 150) -> Path:
    scenario = load_scenario("idlib-offensive")
    draws = draw_points(scenario, rows, seed=9)
    path = folder / "points.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(draws))
        writer.writerows(zip(*(values.tolist() for values in draws.values()), strict=True))
    return path


def one_process(scenario, path: Path, form: str) -> str:
    result = solve_batch(scenario, read_points(scenario, path))
    buffer = io.StringIO()
    if form == "json":
        result.write_json(buffer, {"extra": 1})
    else:
        result.write_csv(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("form", ["json", "csv"])
@pytest.mark.parametrize("processes", [2, 3])
def test_shares_written_through_a_pipe_equal_one_process(
    tmp_path: Path, form: str, processes: int
) -> None:
    scenario = load_scenario("idlib-offensive")
    path = points_file(tmp_path)
    buffer = io.StringIO()  # no file descriptor: children send their text through pipes
    extra = {"extra": 1} if form == "json" else None
    parallel.write_points(scenario, path, buffer, form, extra=extra, processes=processes)
    assert buffer.getvalue() == one_process(scenario, path, form)


@pytest.mark.parametrize("form", ["json", "csv"])
def test_shares_written_to_a_file_equal_one_process(tmp_path: Path, form: str) -> None:
    scenario = load_scenario("idlib-offensive")
    path = points_file(tmp_path)
    target = tmp_path / f"out.{form}"
    extra = {"extra": 1} if form == "json" else None
    with target.open("w", encoding="utf-8") as handle:  # children write to its descriptor
        parallel.write_points(scenario, path, handle, form, extra=extra, processes=2)
    assert target.read_text(encoding="utf-8") == one_process(scenario, path, form)


def test_a_bad_cell_in_a_later_share_is_reported_as_one_process_does(tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    rows = ["4,3"] * 100
    rows[80] = "4,lots"
    path.write_text("stag,hare\n" + "\n".join(rows) + "\n")
    buffer = io.StringIO()
    with pytest.raises(ScenarioError, match=r"points.csv:82: column 'hare': expected a number"):
        parallel.write_points(read_scenario(STAG_HUNT), path, buffer, processes=2)
    assert buffer.getvalue() == ""  # nothing written before the error


def test_a_payoff_error_in_a_later_share_names_its_point(tmp_path: Path) -> None:
    text = STAG_HUNT.read_text().replace('Alice = "stag"', 'Alice = "1 / (stag - 4)"')
    scenario_path = tmp_path / "divide.toml"
    scenario_path.write_text(text)
    path = tmp_path / "points.csv"
    rows = ["5,3"] * 100
    rows[70] = "4,3"
    path.write_text("stag,hare\n" + "\n".join(rows) + "\n")
    with pytest.raises(FormulaError, match="at point 71: division by zero"):
        parallel.write_points(read_scenario(scenario_path), path, io.StringIO(), processes=2)


def test_small_files_take_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_SHARE", 10_000)
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked for a small file"))
    scenario = load_scenario("idlib-offensive")
    path = points_file(tmp_path, rows=50)
    buffer = io.StringIO()
    parallel.write_points(scenario, path, buffer, "csv", processes=2)
    assert buffer.getvalue() == one_process(scenario, path, "csv")
