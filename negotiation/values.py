"""Reading numbers exactly: from TOML values, from ``--set NAME=VALUE`` text."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING

from negotiation.errors import ScenarioError

if TYPE_CHECKING:
    from negotiation.scenario import Scenario


def exact_number(value: object, *, file: object = None, key: str | None = None) -> Fraction:
    """A TOML or command-line number as an exact Fraction.

    Integers and rational strings (``"3/2"``) are exact; a decimal such as ``0.1`` means the
    decimal the analyst wrote (1/10), not its binary approximation.
    """
    if isinstance(value, bool):
        msg = f"expected a number, got {value!r}"
        raise ScenarioError(msg, file=file, key=key)
    if isinstance(value, int | Fraction):
        return Fraction(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            msg = f"expected a finite number, got {value!r}"
            raise ScenarioError(msg, file=file, key=key)
        return Fraction(repr(value))
    if isinstance(value, str):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            msg = f"expected a number such as 3, 2.5 or 3/2, got {value!r}"
            raise ScenarioError(msg, file=file, key=key) from None
    msg = f"expected a number, got {type(value).__name__} {value!r}"
    raise ScenarioError(msg, file=file, key=key)


def closest(name: str, candidates: list[str] | tuple[str, ...]) -> str:
    """`` (did you mean 'x'?)`` or nothing: the hint that goes after an unknown name."""
    import difflib

    match = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {match[0]!r}?)" if match else ""


def check_parameters(
    names: Iterable[str],
    scenario: Scenario,
    *,
    where: str = "",
    file: object = None,
    line: int | None = None,
) -> None:
    """Raise for the first name that is not a parameter of ``scenario``.

    ``where`` is said after the name (`` in the header``); ``file`` and ``line`` locate the
    name (by default, the scenario file).

    Raises
    ------
    ScenarioError
        Naming the closest parameter and listing the parameters.
    """
    known = tuple(scenario.parameters)
    for name in names:
        if name not in scenario.parameters:
            msg = (
                f"unknown parameter {name!r}{where}{closest(name, known)}; "
                f"parameters: {', '.join(known) or 'none'}"
            )
            raise ScenarioError(msg, file=scenario.path if file is None else file, line=line)
