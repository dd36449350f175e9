"""A scenario's payoff formulas evaluated on arrays: every point of a chunk at once.

The formula tree evaluates elementwise on numpy arrays, playing the part of sympy's
``lambdify`` without importing sympy.  Payoffs come out with the points on the last axis,
``payoff[a, b, ..., n]``, the layout the kernels want.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from itertools import product
from typing import TYPE_CHECKING

import numpy as np

from negotiation.batch.values import PointValues, check_points, exact_values, float_columns
from negotiation.errors import FormulaError
from negotiation.formulas import evaluate_terms
from negotiation.values import nearest_float

if TYPE_CHECKING:
    from negotiation.model import Model

__all__ = ["base_values", "evaluate", "evaluate_payoffs"]


def base_values(scenario: Model, base: Mapping[str, Fraction] | None) -> dict:
    """Every parameter's value apart from the points: the baseline, updated by ``base``."""
    values = scenario.baseline()
    values.update(base or {})
    return values


def evaluate_payoffs(
    scenario: Model,
    points: Mapping[str, PointValues],
    base: Mapping[str, Fraction] | None = None,
) -> tuple[np.ndarray, ...]:
    """The scenario's payoffs at every point, in floats.

    Parameters
    ----------
    scenario : Model
    points : mapping of str to numpy.ndarray
        Values of some parameters, one array of length ``N`` each.
    base : mapping of str to Fraction, optional
        Values of the other parameters (default: the scenario's baseline).

    Returns
    -------
    tuple of numpy.ndarray
        One array per player, of shape ``(N, s_1, ..., s_n)``.

    Raises
    ------
    ScenarioError
        For an unknown parameter name or a value that is not a finite number.
    FormulaError
        Where a payoff is not finite (a division by zero), naming the first such point.
    """
    count = check_points(scenario, points)
    floats = float_columns(points)
    arrays = evaluate(scenario, floats, base_values(scenario, base), points, 0, count)
    return tuple(np.moveaxis(array, -1, 0) for array in arrays)


def evaluate(
    scenario: Model,
    floats: Mapping[str, np.ndarray],
    base: Mapping[str, Fraction],
    points: Mapping[str, PointValues],
    start: int,
    stop: int,
) -> tuple[np.ndarray, ...]:
    """The payoffs of points ``start`` to ``stop - 1``, one array per player, points last.

    Raises
    ------
    FormulaError
        Where a payoff is not finite, naming the first such point (with the exact solver's
        own message when the exact game cannot be built either).
    """
    count = stop - start
    values: dict = {}
    for name, value in base.items():
        values[name] = nearest_float(value)
        if not math.isfinite(values[name]):
            msg = "the value is too large for floating point, which batch solving uses"
            raise FormulaError(msg, file=scenario.path, key=name)
    values.update({name: array[start:stop] for name, array in floats.items()})
    scope = evaluate_terms(scenario.terms, values)
    shape = tuple(len(labels) for labels in scenario.strategies)
    arrays = tuple(np.empty((*shape, count)) for _ in scenario.players)
    for cell, profile in zip(
        product(*(range(size) for size in shape)), product(*scenario.strategies), strict=True
    ):
        for array, formula in zip(arrays, scenario.payoff_formulas[profile], strict=True):
            array[cell] = formula.evaluate(scope)
    for array in arrays:
        finite = np.isfinite(array.reshape(-1, count)).all(axis=0)
        if not finite.all():
            point = start + int(np.argmin(finite))
            try:
                scenario.game({**base, **exact_values(points, point)})
            except FormulaError as error:
                msg = f"at point {point + 1}: {error.message}"
                raise FormulaError(msg, file=error.file, key=error.key) from None
            msg = f"at point {point + 1}: a payoff overflows floating point"
            raise FormulaError(msg, file=scenario.path)
    return arrays
