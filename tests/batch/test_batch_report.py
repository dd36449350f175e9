"""The text report of a batch: counts of each outcome, then the first points."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from negotiation.batch import result as result_module
from negotiation.batch import solve_batch
from negotiation.robustness import draw_points
from negotiation.scenario import load_scenario, read_scenario

STAG_HUNT = Path(__file__).parents[1] / "data" / "scenarios" / "stag-hunt.toml"


def stag_result():
    # Stag hunt: 3 equilibria when stag > hare (two pure, one mixed); at stag == hare the
    # mixed one merges into the pure ones: 2 equilibria (a tie, solved exactly).
    points = {"stag": np.array([4.0, 3.5, 5.0]), "hare": np.array([3.0, 3.5, 1.0])}
    return solve_batch(read_scenario(STAG_HUNT), points)


def test_report_counts_outcomes_and_lists_points() -> None:
    lines = stag_result().text().splitlines()
    assert lines[0] == "Stag hunt: 3 points; 1 degenerate or nearly so, solved exactly"
    three = (
        "Alice: Stag; Bob: Stag | Alice: Hare; Bob: Hare | Alice: Stag + Hare; Bob: Stag + Hare"
    )
    assert f"  2       66.7%  {three}" in lines
    assert lines[-3].split() == ["1", "4.0", "3.0", *three.split()]
    assert lines[-2].split()[:3] == ["2", "3.5", "3.5"]


def test_large_batches_list_the_first_points_only() -> None:
    scenario = load_scenario("idlib-offensive")
    result = solve_batch(scenario, draw_points(scenario, 500, seed=3))
    text = result.text()
    shown = result_module.SHOWN_POINTS
    assert f"(the first {shown} of 500; their 23 parameters left out;" in text
    counts = {label: count for label, count in result.outcome_counts()}
    assert sum(counts.values()) == 500
    for label, count in counts.items():
        assert f"{count:,}" in next(line for line in text.splitlines() if line.endswith(label))
    assert text.splitlines()[-1].split()[0] == str(shown)


def test_print_and_notebook_show_the_report() -> None:
    result = stag_result()
    assert str(result) == result.text()
    markdown = result._repr_markdown_()
    assert "| points | share | outcome |" in markdown
    assert "| # | stag | hare | equilibria (supports) |" in markdown
    assert result._repr_html_() is None  # the Markdown tables render instead
