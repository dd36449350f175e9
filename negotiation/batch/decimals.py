"""Decimal texts to floats with numpy: every cell of a CSV file at once, correctly rounded.

Why: Python's ``float()`` costs about 0.3 µs for a 17-digit decimal (it corrects its first
guess with big integers, to round correctly), so a file of 10^5 rows of 23 parameters takes
most of a second.  Here the cells are parsed with whole-array operations, and each gives the
float ``float(text)`` gives.

Method, for cells of the form ``[+-]digits[.digits]`` of at most 24 bytes (other cells are
left to the caller, see `parse_decimals`):

1. The 24 bytes ending at each cell are copied into a row (rows of a sliding-window view,
   indexed by the cell ends); the bytes before the cell, its sign and its point become "0".
2. Each row, read as three little-endian 64-bit words, is converted eight digits at a time by
   multiply-and-shift steps (SWAR: D. Lemire, "Number parsing at a gigabyte per second",
   Software: Practice and Experience 51(8), 2021), giving the integer ``M`` of its digits.
3. The value is ``M / 10^f``, ``f`` the number of digits after the point.  When
   ``M < 2^53`` and ``f <= 22`` both are exact doubles and one IEEE division rounds
   correctly (W. Clinger, "How to read floating point numbers accurately", PLDI 1990).
   Otherwise the division is done in extended precision (`numpy.longdouble` with a 64-bit
   significand, as on x86), and rounded to double: correct unless the extended quotient lies
   within a few of its units in the last place of a midpoint between two doubles.  Those
   cells (about 1 in 250) are handed back, as is every such cell where the platform has no
   extended precision.
"""

from __future__ import annotations

import numpy as np

__all__ = ["WIDTH", "parse_decimals"]

# The longest cell parsed here, in bytes: three 64-bit words of digits.
WIDTH = 24
_ZERO, _PLUS, _COMMA, _MINUS, _POINT, _NEWLINE, _RETURN = (ord(c) for c in "0+,-.\n\r")
# How division in extended precision can be checked: "x87" (80-bit, its significand in the
# first 8 of 16 bytes, as on x86-64), "wider" (another long double of 64 bits or more),
# "double" (none: those cells are left to the caller).
_PRECISION = (
    "x87"
    if np.finfo(np.longdouble).nmant == 63
    and np.dtype(np.longdouble).itemsize == 16
    and np.little_endian
    else "wider"
    if np.finfo(np.longdouble).nmant >= 63
    else "double"
)
# Powers of ten exact in each precision: 10^22 is the last exact double, 10^27 the last
# exact 64-bit significand (5^27 < 2^64); built by products, each exact.
_POWERS = 10.0 ** np.arange(23)
_LONG_POWERS = np.cumprod(np.r_[1, np.full(27, 10)].astype(np.longdouble))
_LONG_UNITS = np.longdouble(4) / np.longdouble(2**63)
_INTEGER_POWERS = np.array([10**k for k in range(20)], dtype=np.uint64)
# _DIGITS[z]: the masks of a row's three little-endian words that clear its first z bytes
# and keep the low four bits of the others (ASCII digits to 0-9).
_DIGITS = np.array(
    [
        [
            ((2**64 - 1) << (8 * min(max(z - 8 * word, 0), 8)) & (2**64 - 1)) & 0x0F0F0F0F0F0F0F0F
            for word in range(WIDTH // 8)
        ]
        for z in range(WIDTH + 1)
    ],
    dtype=np.uint64,
)
# What a point reads as, k digits from the end: 14 10^k.
_POINT_DIGITS = np.array([14 * 10**k for k in range(16)], dtype=np.uint64)


def parse_decimals(data: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Find the cells of a text and give the float of every plain decimal one.

    Parameters
    ----------
    data : numpy.ndarray
        The text as bytes (``uint8``): cells, each followed by a separator (``,``, or a line
        end: ``\n`` or ``\r\n``), of the characters ``0-9 . + - e E /`` only (the caller
        checks).

    Returns
    -------
    ends : numpy.ndarray
        Where each cell ends: cell ``i`` is ``data[ends[i - 1] + 1:ends[i]]``, and
        ``data[ends[i]]`` is its separator (``\r`` for a line end ``\r\n``).
    values : numpy.ndarray
        ``float(text)`` for each parsed cell (anything elsewhere).
    parsed : numpy.ndarray
        Which cells were parsed: ``[+-]?digits[.digits]`` or ``[+-]?.digits`` with at most 24
        bytes, at most 19 significant digits and a value not within reach of a rounding
        midpoint.  The others (empty cells, exponents, fractions, texts that are not numbers)
        are for the caller to read and check one by one.
    """
    special = np.flatnonzero(data < _ZERO)
    codes = data.take(special)
    if (codes == _RETURN).any():  # "\r\n" ends a line: its "\n" is no separator of its own
        single = np.r_[True, (codes[:-1] != _RETURN) | (special[1:] != special[:-1] + 1)]
        special, codes = np.compress(single, special), np.compress(single, codes)
    separator = (codes == _COMMA) | (codes == _NEWLINE) | (codes == _RETURN)
    ends = np.compress(separator, special)
    starts = np.empty_like(ends)
    starts[:1] = 0
    starts[1:] = ends[:-1] + 1 + (np.compress(separator, codes)[:-1] == _RETURN)
    lengths = ends - starts
    signed, negative, points, parsed = _marks(data, starts, special, codes, separator)
    pointed = points >= 0
    digits = lengths - signed - pointed
    parsed &= (digits >= 1) & (lengths <= WIDTH)
    if not parsed.any():
        return ends, np.zeros(len(ends)), parsed
    after = np.where(pointed, ends - points - 1, 0)
    mantissa, exact_digits = _mantissas(data, ends, lengths - signed, pointed, after)
    parsed &= exact_digits
    mantissa = _without_point(mantissa, after, pointed)
    values, rounded = _divide(mantissa, after, parsed)
    parsed &= rounded
    return ends, np.where(negative, -values, values), parsed


def _marks(
    data: np.ndarray,
    starts: np.ndarray,
    special: np.ndarray,
    codes: np.ndarray,
    separator: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per cell: whether it has a leading sign, a leading minus, the position of its point
    (-1 if none), and whether its characters other than digits are only these.

    Only the bytes below "0" (``special``, with their ``codes``: separators, signs, points and
    "/") are looked at one by one: there are few of them.  A cell holding an exponent letter
    is not parsed here.
    """
    count = len(starts)
    inner = ~separator
    cell = np.compress(inner, np.cumsum(separator))  # the cell each inner byte belongs to
    position, codes = np.compress(inner, special), np.compress(inner, codes)
    point = codes == _POINT
    parsed = np.ones(count, dtype=bool)
    signed = np.zeros(count, dtype=np.int64)
    negative = np.zeros(count, dtype=bool)
    if not point.all():  # signs, "/", or a second point somewhere
        sign = ((codes == _PLUS) | (codes == _MINUS)) & (position == starts.take(cell))
        parsed[np.compress(~(sign | point), cell)] = False  # "/", or a sign inside the cell
        signed[np.compress(sign, cell)] = 1
        negative[np.compress(sign & (codes == _MINUS), cell)] = True
        position, cell = np.compress(point, position), np.compress(point, cell)
    twice = np.flatnonzero(cell[1:] == cell[:-1])  # cells with two points
    parsed[cell.take(twice)] = False
    points = np.full(count, -1, dtype=position.dtype)
    points[cell] = position
    if data.max(initial=0) > ord("9"):  # exponent letters
        letters = np.flatnonzero(data > ord("9"))
        parsed[np.searchsorted(starts, letters, side="right") - 1] = False
    return signed, negative, points, parsed


def _mantissas(
    data: np.ndarray,
    ends: np.ndarray,
    unsigned: np.ndarray,
    pointed: np.ndarray,
    after: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The integer of each cell's digits, its point read as a "0"; and whether it fits.

    ``unsigned`` is each cell's length without its sign: the bytes before it are cleared.  A
    point, ``after`` digits from the end, reads as the digit 14 (its low four bits), which the
    multiply-and-shift steps carry like any digit (no lane overflows): its ``14 10^after`` is
    taken off at the end.
    """
    padded = np.concatenate([np.zeros(WIDTH, dtype=np.uint8), data])
    windows = np.lib.stride_tricks.sliding_window_view(padded, WIDTH)
    # The WIDTH bytes before each cell's end: the cell, right-aligned, after other bytes.
    words = windows[ends].view("<u8")
    # Clear the bytes before the cell.
    words &= np.take(_DIGITS, WIDTH - np.minimum(unsigned, WIDTH), axis=0)
    words *= np.uint64(2561)  # pairs of digits: 10 a + b
    words >>= np.uint64(8)
    words &= np.uint64(0x00FF00FF00FF00FF)
    words *= np.uint64(6553601)  # pairs of pairs: 100 a + b
    words >>= np.uint64(16)
    words &= np.uint64(0x0000FFFF0000FFFF)
    words *= np.uint64(42949672960001)  # eight digits: 10000 a + b
    words >>= np.uint64(32)
    high, middle, low = words.T
    rest = middle * np.uint64(10**8) + low
    in_high = pointed & (after >= 16)  # the point among the first eight bytes
    high -= np.where(in_high, _POINT_DIGITS.take(np.maximum(after - 16, 0)), np.uint64(0))
    rest -= np.where(pointed & ~in_high, _POINT_DIGITS.take(np.minimum(after, 15)), np.uint64(0))
    fits = high < 1000  # then the whole is below 10^19 < 2^64
    return high * np.uint64(10**16) + rest, fits


def _without_point(mantissa: np.ndarray, after: np.ndarray, pointed: np.ndarray) -> np.ndarray:
    """Remove the "0" standing for the point: ``D = I 10^(f+1) + F`` becomes ``I 10^f + F``."""
    if not pointed.any():
        return mantissa
    scale = _INTEGER_POWERS[np.minimum(after, 19)]
    fraction = mantissa % scale
    return np.where(pointed, (mantissa - fraction) // np.uint64(10) + fraction, mantissa)


def _divide(
    mantissa: np.ndarray, after: np.ndarray, wanted: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``mantissa / 10^after`` rounded to the nearest double, and where that is certain
    (computed where ``wanted``)."""
    simple = (mantissa < np.uint64(2**53)) & (after <= 22)
    values = mantissa.astype(float) / _POWERS[np.minimum(after, 22)]
    rounded = simple.copy()
    hard = np.flatnonzero(wanted & ~simple)
    if len(hard) == 0 or _PRECISION == "double":
        return values, rounded
    quotient = mantissa[hard].astype(np.longdouble) / _LONG_POWERS[after[hard]]
    values[hard] = quotient.astype(float)
    if _PRECISION == "x87":
        # The 11 bits of the 64-bit significand that rounding to double drops: the quotient,
        # within half a unit of the true value, is clear of the midpoint 0x400 by 4 units.
        dropped = quotient.view(np.uint64)[::2] & np.uint64(0x7FF)
        rounded[hard] = (dropped < np.uint64(0x400 - 4)) | (dropped > np.uint64(0x400 + 4))
    else:  # a wider long double: compare with the midpoint in arithmetic
        nearest = values[hard]
        error = np.abs(quotient - nearest.astype(np.longdouble))
        half = np.spacing(nearest).astype(np.longdouble) / 2
        clear = error < half - quotient * _LONG_UNITS
        # At a power of two the gap below is half the gap above: leave those to the caller.
        rounded[hard] = clear & ((nearest.view(np.uint64) & np.uint64(2**52 - 1)) != 0)
    return values, rounded
