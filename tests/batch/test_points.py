"""Reading points files: the fast path (numpy, plain decimals) and the csv-module path read the
same files to the same table, and every file the fast path cannot take goes the other way."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from negotiation.batch import read_points
from negotiation.batch.points import PointsTable
from negotiation.errors import ScenarioError
from negotiation.scenario import read_scenario

STAG_HUNT = Path(__file__).parents[1] / "data" / "scenarios" / "stag-hunt.toml"


def table(folder: Path, text: str, name: str = "points.csv") -> PointsTable:
    path = folder / name
    path.write_bytes(text.encode())
    return read_points(read_scenario(STAG_HUNT), path)


def both_ways(folder: Path, body: str) -> tuple[PointsTable, PointsTable]:
    """The same rows read by the fast path, and by the csv module (a quoted header name is
    for the csv module only)."""
    return table(folder, "stag,hare\n" + body, "fast.csv"), table(
        folder, '"stag",hare\n' + body, "csv.csv"
    )


def assert_same(first: PointsTable, second: PointsTable) -> None:
    assert list(first) == list(second)
    assert first.count == second.count
    assert np.array_equal(first.values, second.values)  # the floats, to the bit
    for name in first:
        assert first[name].tolist() == second[name].tolist()  # the texts
    assert first.rows(0, first.count) == second.rows(0, second.count)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("4,3\n9.5,0.1\n", id="plain"),
        pytest.param("4,3\r\n9.5,0.1\r\n", id="windows_line_ends"),
        pytest.param("4,3\n9.5,0.1", id="no_final_line_end"),
        pytest.param("+4,-3\n.5,5.\n-0,+.25\n", id="signs_and_points"),
        pytest.param("1e1,2.5E-3\n4,3\n", id="exponents"),
        pytest.param("9.714687764414396,1.000000000000000111\n", id="seventeen_digits"),
        pytest.param("1234567890.1234567890123,0.0000000000000000000001\n", id="long_cells"),
    ],
)
def test_fast_path_reads_as_the_csv_module(tmp_path: Path, body: str) -> None:
    assert_same(*both_ways(tmp_path, body))


def test_many_rows_read_alike(tmp_path: Path) -> None:
    """Enough rows for several slices of the fast reader (a megabyte each)."""
    rng = np.random.default_rng(3)
    rows = [f"{a!r},{b!r}" for a, b in rng.uniform(0, 10, (60_000, 2)).tolist()]
    assert_same(*both_ways(tmp_path, "\n".join(rows) + "\n"))


@pytest.mark.parametrize(
    ("body", "hare"),
    [
        pytest.param("4,3\n\n5,1\n", ["3", "1"], id="blank_line"),
        pytest.param("4, 3\n5,1\n", ["3", "1"], id="space"),
        pytest.param("4,6/4\n5,1\n", ["3/2", "1"], id="fraction"),
    ],
)
def test_other_files_are_read_by_the_csv_module(
    tmp_path: Path, body: str, hare: list[str]
) -> None:
    """Blank lines are skipped, cells stripped, fractions put in lowest terms."""
    points = table(tmp_path, "stag,hare\n" + body)
    assert points["stag"].tolist() == ["4", "5"]
    assert points["hare"].tolist() == hare
    assert points.floats("hare").tolist() == [float(Fraction(text)) for text in hare]


def test_a_bad_cell_far_down_names_its_line(tmp_path: Path) -> None:
    rows = ["4,3"] * 70_000
    rows[65_432] = "4,x3"
    with pytest.raises(ScenarioError, match=r"points.csv:65434: column 'hare': expected a number"):
        table(tmp_path, "stag,hare\n" + "\n".join(rows) + "\n")


def test_the_first_bad_column_is_reported(tmp_path: Path) -> None:
    """As the csv-module path reports: column by column, then line by line."""
    with pytest.raises(ScenarioError, match=r"points.csv:3: column 'stag'"):
        table(tmp_path, "stag,hare\n4,1e999\n4x,3\n")


def test_cell_texts_are_kept_as_written(tmp_path: Path) -> None:
    points = table(tmp_path, "stag,hare\n4.50,0.1\n")
    assert points.row(0) == ["4.50", "0.1"]
    assert points.text(0, "hare") == "0.1"
    assert points.lines(0, 1) == "4.50,0.1"


@pytest.mark.parametrize(
    "body", [pytest.param("4,3\n9.5,0.1\n", id="fast"), pytest.param("4,3/2\n", id="csv_module")]
)
def test_a_byte_order_mark_is_dropped(tmp_path: Path, body: str) -> None:
    """As in scenario and .nfg files (`negotiation.files`): the first column keeps its name."""
    with_mark = table(tmp_path, "\ufeffstag,hare\n" + body, "mark.csv")
    assert_same(with_mark, table(tmp_path, "stag,hare\n" + body))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # The messages of every file the toolkit reads (tests/test_scenario.py, test_nfg.py).
        pytest.param(b"stag,hare\n4,3\n\xe9,1\n", r"points.csv:3: not UTF-8 text: byte 0xe9"),
        pytest.param(
            b"stag,hare\n4,3\x00\n",
            r"points.csv:2: binary data \(a NUL byte\), not a CSV file of points",
        ),
    ],
    ids=["latin1", "nul_byte"],
)
def test_bytes_that_are_not_text_are_one_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "points.csv"
    path.write_bytes(content)
    with pytest.raises(ScenarioError, match=message):
        read_points(read_scenario(STAG_HUNT), path)
