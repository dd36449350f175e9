"""Checks for the tables of a TOML file, each failure a `ScenarioError` naming file and key.

Why a module of its own: the common sections of a scenario file and each game form's own
sections are read by different modules (`negotiation.scenario_file`, `negotiation.forms`),
and every one of them must report a slip the same way, with a did-you-mean hint.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from negotiation.errors import FormulaError, ScenarioError
from negotiation.values import closest


def table(value: object, file: Path, key: str) -> dict:
    """``value`` if it is a TOML table, else an error naming ``key``."""
    if not isinstance(value, dict):
        msg = f"expected a table, got {type(value).__name__} {value!r}"
        raise ScenarioError(msg, file=file, key=key)
    return value


def text(value: object, file: Path, key: str) -> str:
    """``value`` if it is a string, else an error naming ``key``."""
    if not isinstance(value, str):
        msg = f"expected a string, got {type(value).__name__} {value!r}"
        raise ScenarioError(msg, file=file, key=key)
    return value


def check_keys(
    found: dict, allowed: Iterable[str], required: Iterable[str], file: Path, key: str
) -> None:
    """Refuse a key not in ``allowed`` (naming the closest one) and a missing required key."""
    allowed = tuple(allowed)
    for name in found:
        if name not in allowed:
            expected = ", ".join(allowed)
            msg = f"unknown key {name!r}{closest(name, allowed)}; expected one of {expected}"
            raise ScenarioError(msg, file=file, key=key)
    for name in required:
        if name not in found:
            msg = f"missing key {name!r}"
            raise ScenarioError(msg, file=file, key=key)


def name_in(name: str, known: Iterable[str], what: str, file: Path, key: str) -> str:
    """``name`` if it is one of ``known``, else an error listing them."""
    known = tuple(known)
    if name not in known:
        msg = f"unknown {what} {name!r}{closest(name, known)}; known: {', '.join(known)}"
        raise ScenarioError(msg, file=file, key=key)
    return name


def formula_text(value: object, file: Path, key: str) -> str:
    """A formula as text: TOML numbers are accepted as formulas too."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        msg = f"expected a formula (a string or a number), got {type(value).__name__} {value!r}"
        raise FormulaError(msg, file=file, key=key)
    return value if isinstance(value, str) else repr(value)
