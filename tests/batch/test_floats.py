"""Exact numbers to floats in the batch engine: one rounding (`values.nearest_float`) for CSV
cells, parameter arrays and fixed values, and one refusal of what no float holds."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiation.batch import read_points, solve_batch
from negotiation.errors import FormulaError, ScenarioError
from negotiation.scenario import read_scenario
from negotiation.values import nearest_float

STAG_HUNT = Path(__file__).parents[1] / "data" / "scenarios" / "stag-hunt.toml"
HUGE = Fraction(10**400, 3)  # beyond the largest float, about 1.8e308


@given(st.fractions())
def test_nearest_float_is_floats_rounding_where_it_has_one(value: Fraction) -> None:
    assert nearest_float(value) == float(value)


@pytest.mark.parametrize(("value", "expected"), [(HUGE, np.inf), (-HUGE, -np.inf)])
def test_beyond_the_float_range_is_an_infinity_of_its_sign(value: Fraction, expected) -> None:
    with pytest.raises(OverflowError):
        float(value)
    assert nearest_float(value) == expected


def test_a_csv_cell_beyond_floats_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_text(f"stag,hare\n4,3\n4,{HUGE}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"points.csv:3: column 'hare': .* too large for floa"):
        read_points(read_scenario(STAG_HUNT), path)


def test_an_exact_array_value_beyond_floats_names_its_point() -> None:
    scenario = read_scenario(STAG_HUNT)
    hare = np.array([Fraction(3), -HUGE], dtype=object)
    with pytest.raises(ScenarioError, match=r"of 'hare' at point 2 is not a finite number"):
        solve_batch(scenario, {"hare": hare})


def test_a_fixed_value_beyond_floats_names_its_parameter() -> None:
    scenario = read_scenario(STAG_HUNT)
    base = {**scenario.baseline(), "stag": HUGE}
    with pytest.raises(FormulaError, match=r"\[stag\]: the value is too large for floating"):
        solve_batch(scenario, {"hare": np.array([3.0])}, base=base)
