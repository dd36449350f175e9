"""The values of parameters at many points: as floats for the engine, exactly for the solver.

A parameter's values at the points come as an array: floats, or exact numbers as Fractions,
ints or texts such as ``"0.1"`` or ``"3/2"`` (read exactly: 1/10, 3/2), or as a column of a
`PointsTable` read from a file (texts, with their floats already parsed).  A float means the
decimal it prints as (``0.95`` is 19/20, as in a scenario file, ``--set`` or a CSV cell), so
that one number is one rational in every entry point: `exact_values` reads it so.  The float
engine needs floats; the exact solver, at the few points it solves, the exact values; output
formats, the values as given.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from negotiation.batch.points import PointsTable
from negotiation.errors import ScenarioError
from negotiation.values import check_parameters, nearest_float, number_size_problem, shorten

if TYPE_CHECKING:
    from negotiation.model import Model

__all__ = [
    "PointValues",
    "check_points",
    "require_matrix",
    "exact_number",
    "exact_values",
    "float_columns",
    "given_rows",
    "given_values",
]

# A parameter's values at the points, see the module docstring.
PointValues = np.ndarray


def require_matrix(scenario: Model) -> None:
    """Refuse a tree: this engine solves matrix games (trees: `negotiation.batch.backward`,
    through ``sweep`` and ``robustness``)."""
    if scenario.form != "normal":
        msg = (
            "solving at many points (--points) takes a matrix game; for a tree, use sweep or "
            "robustness"
        )
        raise ScenarioError(msg, file=scenario.path)


def check_points(scenario: Model, points: Mapping[str, PointValues]) -> int:
    """The number of points, after checking names and shapes.

    Raises
    ------
    ScenarioError
        For an unknown parameter (naming the closest), an array that is not one-dimensional,
        arrays of different lengths, or no parameter at all.
    """
    lengths = set()
    check_parameters(points, scenario)
    if isinstance(points, PointsTable):
        return points.count
    for name, array in points.items():
        if np.ndim(array) != 1:
            msg = f"the values of {name!r} must be a one-dimensional array"
            raise ScenarioError(msg, file=scenario.path)
        lengths.add(len(array))
    if len(lengths) > 1:
        msg = f"parameter arrays of different lengths: {sorted(lengths)}"
        raise ScenarioError(msg, file=scenario.path)
    if not lengths:
        msg = "no parameter values given: name at least one parameter"
        raise ScenarioError(msg, file=scenario.path)
    return lengths.pop()


def float_columns(points: Mapping[str, PointValues]) -> dict[str, np.ndarray]:
    """Every parameter's values as floats; exact values are rounded to nearest.

    Raises
    ------
    ScenarioError
        For a value that is not a number, or not a finite one.
    """
    if isinstance(points, PointsTable):
        return {name: points.floats(name) for name in points}
    return {name: _float_values(name, array) for name, array in points.items()}


def exact_values(points: Mapping[str, PointValues], point: int) -> dict[str, Fraction]:
    """Every parameter's exact value at a point: a float as the decimal it prints as (0.95 is
    19/20, as everywhere else), other numbers as given."""
    if isinstance(points, PointsTable):
        return {name: Fraction(text) for name, text in zip(points, points.row(point), strict=True)}
    return {name: _decimal(np.asarray(array)[point]) for name, array in points.items()}


def _decimal(value: object) -> Fraction:
    """A parameter value exactly; a float as its shortest decimal (``repr``), the number the
    user typed: ``Fraction(0.95)`` would be the binary neighbour of 19/20."""
    if isinstance(value, np.floating):
        value = value.item()
    if isinstance(value, float):
        return Fraction(repr(value))
    return exact_number(value)


def given_values(points: Mapping[str, PointValues], point: int) -> dict[str, Fraction | float]:
    """Every parameter's value at a point as given: floats as floats, the others exactly."""
    if isinstance(points, PointsTable):
        return exact_values(points, point)
    values: dict[str, Fraction | float] = {}
    for name, array in points.items():
        array = np.asarray(array)
        values[name] = (
            float(array[point]) if array.dtype.kind == "f" else exact_number(array[point])
        )
    return values


def given_rows(points: Mapping[str, PointValues], start: int, stop: int) -> list[list]:
    """The values of points ``start`` to ``stop - 1`` for output, one list per point.

    Floats stay floats (output as numbers); exact values become text: texts as given,
    Fractions and ints as ``p/q``.
    """
    if isinstance(points, PointsTable):
        return points.rows(start, stop)
    if not points:
        return [[] for _ in range(start, stop)]
    columns = [_given_column(np.asarray(array)[start:stop]) for array in points.values()]
    return [list(row) for row in zip(*columns, strict=True)]


def _given_column(values: np.ndarray) -> list:
    if values.dtype.kind == "f":
        return values.tolist()
    items = values.tolist()
    if all(type(value) is str for value in items):  # texts: as given
        return items
    return _cached(items, lambda value: str(exact_number(value)))


def _cached(values: list, convert: Callable[[object], str]) -> list[str]:
    """``convert`` each value, once per distinct value (grids repeat values)."""
    seen: dict = {}
    return [
        seen[value] if value in seen else seen.setdefault(value, convert(value))
        for value in values
    ]


def _float_values(name: str, array: PointValues) -> np.ndarray:
    """A parameter's values as floats; exact values are rounded to nearest."""
    array = np.asarray(array)
    try:
        if array.dtype.kind == "O":  # Python's float() is faster than numpy's cast here
            floats = np.fromiter(map(float, array), dtype=float, count=len(array))
        else:
            floats = array.astype(float)
    except (TypeError, ValueError, OverflowError):  # texts, or beyond the float range
        exact = [nearest_float(exact_number(value, name)) for value in array.tolist()]
        floats = np.array(exact, dtype=float)
    if not np.isfinite(floats).all():
        index = int(np.argmin(np.isfinite(floats)))
        msg = f"value {array[index]!r} of {name!r} at point {index + 1} is not a finite number"
        raise ScenarioError(msg)
    return floats


def exact_number(value: object, name: str = "payoff") -> Fraction:
    """A number given for the batch engine, exactly: floats as their binary value, texts as
    the number they write (``"0.1"`` is 1/10).

    Raises
    ------
    ScenarioError
        For a boolean or a text that is not a number.
    """
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        msg = f"{name}: expected a number, got {value!r}"
        raise ScenarioError(msg)
    problem = number_size_problem(value)
    if problem is not None:
        msg = f"{name}: the number {shorten(value)} {problem}"
        raise ScenarioError(msg)
    if isinstance(value, int | float | Fraction):
        return Fraction(value)
    try:
        return Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError):
        msg = f"{name}: expected a number such as 3, 2.5 or 3/2, got {value!r}"
        raise ScenarioError(msg) from None
