"""Issue 5's done-when, on every bundled scenario and every parameter.

"Every threshold reported agrees with solving the game just either side of it, and none is
missed inside a parameter's range."  Checked against the exact solver alone
(`negotiation.solvers.solve`), not against anything `thresholds` computes:

- each threshold lies inside the declared range, and the supports of the equilibria differ
  between a fresh solve just below it and one just above it (and are those reported);
- each formula (``symbolic=True``) gives the value back once the other parameters' values are
  put in;
- on a grid of exact rationals across the range, every pair of neighbouring points whose
  equilibria have different supports has a reported threshold (or knife edge) between them,
  and every grid point has the supports of the region the report puts it in.

The grid has ``GRID`` steps; idlib-hts, whose three-player games take about ten times longer
to solve, gets ``GRID_THREE_PLAYERS``.  A change that starts and ends between two neighbouring
grid points is not seen by the grid: the region check at every point covers the rest.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import pairwise

import pytest
import sympy

from negotiation.analysis.thresholds import structure, thresholds
from negotiation.scenario import bundled_scenarios, load_scenario
from negotiation.solvers import solve

GRID = 120
GRID_THREE_PLAYERS = 80


def cases() -> list:
    found = []
    for name in bundled_scenarios():
        scenario = load_scenario(name)
        if scenario.form != "normal":  # trees: tests/analysis/test_tree_thresholds.py
            continue
        found += [
            pytest.param(name, parameter, id=f"{name}-{parameter}")
            for parameter in scenario.parameters
        ]
    return found


def exact(value: Fraction) -> sympy.Rational:
    return sympy.Rational(value.numerator, value.denominator)


@pytest.mark.parametrize(("name", "parameter"), cases())
def test_thresholds_agree_with_solving_and_none_is_missed(name: str, parameter: str) -> None:
    scenario = load_scenario(name)
    values = scenario.baseline()
    spec = scenario.parameters[parameter]
    result = thresholds(scenario, parameter, symbolic=True)
    assert result.complete

    def supports(value: Fraction) -> frozenset:
        return structure(solve(scenario.game({**values, parameter: value})))

    others = {sympy.Symbol(k, real=True): v for k, v in values.items() if k != parameter}
    for threshold in result.thresholds:
        assert exact(spec.low) < threshold.value < exact(spec.high)
        assert exact(threshold.below_value) < threshold.value < exact(threshold.above_value)
        below, above = supports(threshold.below_value), supports(threshold.above_value)
        assert below != above
        assert (below, above) == (structure(threshold.below), structure(threshold.above))
        if threshold.formula_expr is not None:
            difference = threshold.formula_expr.xreplace(others) - threshold.value
            assert sympy.simplify(difference) == 0, threshold.formula

    steps = GRID_THREE_PLAYERS if len(scenario.strategies) > 2 else GRID
    grid = [spec.low + (spec.high - spec.low) * Fraction(k, steps) for k in range(steps + 1)]
    found = [supports(value) for value in grid]
    edges = {edge.value for edge in result.knife_edges}
    for (left, left_supports), (right, right_supports) in pairwise(zip(grid, found, strict=True)):
        if left_supports != right_supports:
            assert (
                left in edges
                or right in edges
                or any(
                    exact(left) <= threshold.value <= exact(right)
                    for threshold in result.thresholds
                )
            ), f"{parameter}: the equilibria change between {left} and {right}, unreported"
    for value, value_supports in zip(grid, found, strict=True):
        region = result.region_of(value)
        if region is not None and value not in edges:
            assert value_supports == region.structure, value
