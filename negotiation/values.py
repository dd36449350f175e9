"""Reading numbers exactly: from TOML values, from ``--set NAME=VALUE`` text."""

from __future__ import annotations

from fractions import Fraction

from negotiation.errors import ScenarioError


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
