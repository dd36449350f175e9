"""How a threshold result shows itself: text, Markdown for notebooks, repr, and JSON."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from scenario_files import dominant_flip

from negotiation.analysis.thresholds import ThresholdResult, thresholds
from negotiation.display import Report
from negotiation.scenario import Scenario

# The dominant flip (tests/scenario_files.py): (B, R) below x = 3/2, (A, L) above.  The
# sample points are the simplest rationals in the quarter next to 3/2: (9/8, 3/2) holds 4/3,
# (3/2, 15/8) holds 5/3.
FLIP_TABLE = [
    "| x | formula | just below | just above | at the threshold |",
    "|---|---|---|---|---|",
    "| 3/2 (about 1.5) | `x = 3/2` | at 4/3:<br>Row: B; Col: R | at 5/3:<br>Row: A; Col: L "
    "| at 3/2 the game is degenerate (a tie): equilibria may form a continuum there. |",
]


@pytest.fixture(name="dominant_flip")
def dominant_flip_fixture(tmp_path: Path) -> Scenario:
    return dominant_flip(tmp_path / "flip.toml")


def test_result_is_a_report(dominant_flip: Scenario) -> None:
    result = thresholds(dominant_flip, "x")
    assert isinstance(result, Report)
    assert str(result) == result.text()
    assert result._repr_markdown_() == result.markdown()
    # Jupyter prefers HTML: real tables, not the text report inside <pre>.
    assert "<table" in result._repr_html_()
    assert "<pre>" not in result._repr_html_()


def test_markdown_is_a_table_of_thresholds_then_the_regions(dominant_flip: Scenario) -> None:
    markdown = thresholds(dominant_flip, "x", symbolic=True).markdown()
    assert markdown == "\n".join(
        [
            "### Test game: thresholds of x in [0, 3]",
            "",
            *FLIP_TABLE,
            "",
            "Regions:",
            "",
            "- x in [0, 3/2): Row: B; Col: R  <- x = 1",
            "- x in (3/2, 3]: Row: A; Col: L",
            "",
        ]
    )


def test_markdown_without_symbolic_has_no_formula_column(dominant_flip: Scenario) -> None:
    lines = thresholds(dominant_flip, "x").markdown().splitlines()
    assert lines[2] == "| x | just below | just above | at the threshold |"


def test_markdown_without_thresholds(dominant_flip: Scenario) -> None:
    markdown = thresholds(dominant_flip, "x", within=(2, 3)).markdown()
    assert "No threshold: the equilibria keep the same supports across the range." in markdown
    assert "|" not in markdown


def test_repr_is_one_line(dominant_flip: Scenario) -> None:
    result = thresholds(dominant_flip, "x")
    assert repr(result) == "ThresholdResult(test: x in [0, 3], thresholds: 3/2; 2 regions)"
    assert repr(thresholds(dominant_flip, "x", within=(2, 3))) == (
        "ThresholdResult(test: x in [2, 3], thresholds: none; 1 region)"
    )


def without_formula(result: ThresholdResult) -> ThresholdResult:
    """The result as if no condition had given a formula."""
    note = "the conditions that meet here could not be solved"
    changed = tuple(
        dataclasses.replace(t, formula=None, formula_expr=None, formula_note=note)
        for t in result.thresholds
    )
    return dataclasses.replace(result, thresholds=changed)


def test_missing_formula_is_said(dominant_flip: Scenario) -> None:
    result = without_formula(thresholds(dominant_flip, "x", symbolic=True))
    assert "  formula: none: the conditions that meet here could not be solved" in result.text()
    assert "| 3/2 (about 1.5) | none |" in result.markdown()
    (threshold,) = json.loads(json.dumps(result.to_json()))["thresholds"]
    assert threshold["formula"] is None
    assert threshold["formula_note"].startswith("the conditions that meet here")


def test_implicit_formula_is_not_written_as_an_equality(dominant_flip: Scenario) -> None:
    result = thresholds(dominant_flip, "x", symbolic=True)
    implicit = "root of 2*x - 3 = 0 in x"
    changed = dataclasses.replace(result.thresholds[0], formula=implicit, formula_expr=None)
    report = dataclasses.replace(result, thresholds=(changed,))
    assert f"  formula: {implicit}\n" in report.text()
    assert f"`{implicit}`" in report.markdown()
