"""Reading numbers exactly: from TOML values, from ``--set NAME=VALUE`` text.

Every entry point that turns a number into a rational (scenario values and ranges, formulas'
number literals, ``--set``, CSV points, ``.nfg`` payoffs, `Game` payoffs) first asks
`number_size_problem` whether the number is small enough: turning ``"1e999999999"`` into a
Fraction computes a billion-digit integer (it hangs), and an integer of more than 4300 digits
cannot be converted from or to text at all (Python's limit on ``int``/``str`` conversion).
The bounds, documented in docs/scenario-format.md:

- at most `MAX_DIGITS` (1000) digits in a written number (a decimal's digits, leading zeros
  included, or each of a ratio's numerator and denominator), and an exponent (``e``/``E``)
  between -`MAX_EXPONENT` and `MAX_EXPONENT` (1000);
- for numbers given as ints or Fractions (a TOML integer, `Game`, `Scenario.values`), a
  numerator and a denominator of at most `MAX_INT_DIGITS` (2000) digits: what such a text
  can write.

So every accepted number is exact, prints in full, and costs microseconds.  Floats are
narrower still (about 1.8e308): the batch engine refuses values that do not fit one, naming
the parameter.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING

from negotiation.errors import NegotiationError, ScenarioError

if TYPE_CHECKING:
    from negotiation.scenario import Scenario


MAX_DIGITS = 1000
MAX_EXPONENT = 1000
MAX_INT_DIGITS = MAX_DIGITS + MAX_EXPONENT
_MAX_BITS = math.ceil(MAX_INT_DIGITS * math.log2(10))
_WRITTEN = re.compile(
    r"\s*[+-]?(?:(?P<ratio>\d[\d_]*\s*/\s*\d[\d_]*)"
    r"|(?P<whole>\d[\d_]*)?(?:\.(?P<part>[\d_]*))?(?:[eE](?P<exponent>[+-]?\d[\d_]*))?)\s*",
    re.ASCII,
)


def number_size_problem(value: object) -> str | None:
    """Why ``value`` is too large to turn into a rational, or None when it is fine.

    Checked before any conversion, in time linear in the text: a text's digits are counted and
    its exponent read digit by digit (``"1e999999999"`` is refused without computing
    ``10**999999999``); an int or a Fraction is measured by its bit length.  Texts that are not
    numbers at all pass, for the caller's own parser to refuse.

    Examples
    --------
    >>> number_size_problem("2.5e3") is None
    True
    >>> number_size_problem("1e999999999")
    'has the exponent 999999999, beyond the limit of 1000'
    >>> number_size_problem("9" * 5000)
    'has 5000 digits, more than the limit of 1000'
    """
    if isinstance(value, bool | float):
        return None
    if isinstance(value, int | Fraction):
        size = max(value.numerator.bit_length(), value.denominator.bit_length())
        if size > _MAX_BITS:
            digits = int(size * math.log10(2))
            return f"has about {digits} digits, more than the limit of {MAX_INT_DIGITS}"
        return None
    if not isinstance(value, str):
        return None
    match = _WRITTEN.fullmatch(value)
    if match is None:
        return None
    if match.group("ratio") is not None:
        parts = match.group("ratio").replace("_", "").split("/")
        digits = max(len(part.strip()) for part in parts)
    else:
        whole = (match.group("whole") or "").replace("_", "")
        digits = len(whole + (match.group("part") or "").replace("_", ""))
        exponent = (match.group("exponent") or "0").replace("_", "").lstrip("+-").lstrip("0")
        if len(exponent) > len(str(MAX_EXPONENT)) or int(exponent or 0) > MAX_EXPONENT:
            shown = exponent if len(exponent) <= 12 else exponent[:9] + "..."
            return f"has the exponent {shown}, beyond the limit of {MAX_EXPONENT}"
    if digits > MAX_DIGITS:
        return f"has {digits} digits, more than the limit of {MAX_DIGITS}"
    return None


def exact_number(value: object, *, file: object = None, key: str | None = None) -> Fraction:
    """A TOML or command-line number as an exact Fraction.

    Integers and rational strings (``"3/2"``) are exact; a decimal such as ``0.1`` means the
    decimal the analyst wrote (1/10), not its binary approximation.
    """
    if isinstance(value, bool):
        msg = f"expected a number, got {value!r}"
        raise ScenarioError(msg, file=file, key=key)
    problem = number_size_problem(value)
    if problem is not None:
        msg = f"the number {shorten(value)} {problem}"
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


def nearest_float(value: Fraction | int | float) -> float:
    """``value`` rounded to the nearest float; beyond the float range (about 1.8e308), an
    infinity of its sign, where ``float()`` raises `OverflowError`.

    The batch engine's one conversion of exact numbers (CSV cells, parameter values, fixed
    values) to floats: each caller refuses an infinity in its own terms, naming the value.

    Examples
    --------
    >>> nearest_float(Fraction(1, 10))
    0.1
    >>> nearest_float(-(10**400))
    -inf
    """
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def shorten(value: object) -> str:
    """A number's text for a message, its middle cut out when it is long."""
    if isinstance(value, int | Fraction) and number_size_problem(value) is not None:
        return "given"  # str() of a huge int fails, and would be unreadable anyway
    text = value.strip() if isinstance(value, str) else str(value)
    return repr(text) if len(text) <= 40 else repr(text[:20] + "..." + text[-12:])


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


def parameter_range(
    scenario: Scenario, parameter: str, within: tuple[object, object] | None = None
) -> tuple[Fraction, Fraction]:
    """The range to search for ``parameter``'s thresholds: ``within``, or its declared range.

    One check for every form's thresholds (matrices, trees, bargains, signalling games).

    Raises
    ------
    ScenarioError
        For an unknown parameter, naming the closest one.
    NegotiationError
        For an empty range.
    """
    check_parameters([parameter], scenario)
    spec = scenario.parameters[parameter]
    low, high = (spec.low, spec.high) if within is None else (Fraction(b) for b in within)
    if low > high:
        msg = f"the range of {parameter} is empty: low {low} is above high {high}"
        raise NegotiationError(msg)
    return low, high
