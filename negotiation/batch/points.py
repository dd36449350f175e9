"""Parameter points read from a CSV file: the texts as given, and their floats.

Why not a list of texts per column: 10^5 rows of 23 parameters are 2.3 million cells, and a
Python string each costs more than solving them.  A `PointsTable` keeps the file's bytes, where
each row starts, and one float per cell (parsed with numpy, `negotiation.batch.decimals`): the
float engine needs only the floats, output formats copy the texts row by row, and the exact
value of a cell (``"0.1"`` is 1/10) is read from its text at the few points that go to the
exact solver.

Files of plain decimals (``0-9 . + - e E``, commas, newlines) take the fast path: the whole
file is checked and parsed with array operations, and only the cells that are not plain
decimals (an exponent, a bad cell) are read one by one.  Any other file (quotes, spaces,
fractions such as ``3/2``, blank lines) is read with the `csv` module, each cell checked as
before, and then held the same way.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from negotiation.batch.decimals import parse_decimals
from negotiation.errors import ScenarioError
from negotiation.files import MAX_POINTS_BYTES, decode_text, read_bytes
from negotiation.values import check_parameters, nearest_float, number_size_problem, shorten

if TYPE_CHECKING:
    from negotiation.model import Model

__all__ = ["PointsTable", "plain_file", "plain_rows", "points_bytes", "read_points"]

_NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_DECIMAL = re.compile(_NUMBER)
# The bytes of a file of plain decimals; any other byte sends the file to the csv module.
_PLAIN = b"0123456789.+-eE,\r\n"
_COMMA, _NEWLINE, _RETURN = b",\n\r"
_WHAT = "a CSV file of points"  # for the file errors of `negotiation.files`


class PointsTable(Mapping[str, np.ndarray]):
    """Points read from a file: a mapping of parameter name to the texts of its column.

    Indexing a name builds that column's texts (as `read_points` always gave them); the
    batch engine uses `floats` and `text` instead, which build nothing.

    Attributes
    ----------
    names : tuple of str
        The columns, in the file's order.
    data : bytes
        Holds one line per point, cells separated by commas, lines ending in ``\n`` or
        ``\r\n``: the file as read (or, for files the csv module read, its cells normalised).
    starts : numpy.ndarray
        ``(N + 1,)``: point ``k`` is ``data[starts[k]:starts[k + 1]]``, with its line end.
    values : numpy.ndarray
        ``(columns, N)``: each cell's float, correctly rounded.
    path : Path or None
        The file read.
    """

    def __init__(
        self,
        names: Sequence[str],
        data: bytes,
        starts: np.ndarray,
        values: np.ndarray,
        path: Path | None = None,
    ) -> None:
        self.names = tuple(names)
        self.data = data
        self.starts = starts
        self.values = values
        self.path = path
        self._columns: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.names)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self._columns:
            if name not in self.names:
                raise KeyError(name)
            column = self.names.index(name)
            texts = [row[column] for row in self.rows(0, self.count)]
            self._columns[name] = np.array(texts, dtype=object)
        return self._columns[name]

    def __contains__(self, name: object) -> bool:
        return name in self.names

    @property
    def count(self) -> int:
        """The number of points."""
        return len(self.starts) - 1

    def floats(self, name: str) -> np.ndarray:
        """A column's values as floats (each the float nearest its text)."""
        return self.values[self.names.index(name)]

    def row(self, point: int) -> list[str]:
        """The texts of one point, in column order."""
        return self.lines(point, point + 1).split(",")

    def rows(self, start: int, stop: int) -> list[list[str]]:
        """The texts of points ``start`` to ``stop - 1``, each a list in column order."""
        if stop <= start:
            return []
        return [line.split(",") for line in self.lines(start, stop).split("\n")]

    def lines(self, start: int, stop: int) -> str:
        """The rows of points ``start`` to ``stop - 1`` as they are held: cells joined by
        commas, rows by newlines (no newline at the end)."""
        text = self.data[self.starts[start] : self.starts[stop]].decode()
        if "\r" in text:
            text = text.replace("\r", "")
        return text[:-1]

    def text(self, point: int, name: str) -> str:
        """One cell as given."""
        return self.row(point)[self.names.index(name)]


def read_points(scenario: Model, path: str | Path, content: bytes | None = None) -> PointsTable:
    """Parameter points from a CSV file: a header of parameter names, one point per row.

    Values are read exactly (``0.1`` is 1/10, ``3/2`` is allowed): the table keeps each text,
    which `solve_batch` takes exactly, with its float.  Parameters without a column keep the
    values the solve is given as ``base`` (by default the scenario's).  ``content``: the
    file's bytes when already read (`points_bytes`), so that a large file is read once.

    Raises
    ------
    ScenarioError
        Naming the file and line: an unknown column (with the closest parameter name), a
        repeated column, a row of the wrong length, a value that is not a finite number, or a
        file without points.
    """
    path = Path(path)
    if content is None:
        content = points_bytes(path)
    table = _plain_table(scenario, content, path)
    return table if table is not None else _csv_table(scenario, content, path)


def points_bytes(path: Path) -> bytes:
    """The bytes of a CSV file of points, a UTF-8 byte order mark dropped (as every other
    file the toolkit reads: `negotiation.files`), so that the header's first name is read as
    written.

    Raises
    ------
    ScenarioError
        As `negotiation.files.read_bytes` does: missing, not a regular file, too large.
    """
    content = read_bytes(path, ScenarioError, _WHAT, MAX_POINTS_BYTES)
    return content[3:] if content.startswith(b"\xef\xbb\xbf") else content


def _check_header(scenario: Model, names: list[str], path: Path, line: int) -> None:
    check_parameters(names, scenario, where=" in the header", file=path, line=line)
    for name in names:
        if names.count(name) > 1:
            msg = f"column {name!r} appears twice"
            raise ScenarioError(msg, file=path, line=line)


def _plain_table(scenario: Model, content: bytes, path: Path) -> PointsTable | None:
    """The fast path: a header line, then rows of plain decimals; None for any other file.

    Every cell is checked: the row structure from the separators, and each cell that numpy
    did not parse is read on its own, which gives the error a bad cell deserves.
    """
    plain = plain_file(scenario, content, path)
    if plain is None:
        return None
    names, content, start = plain
    return plain_rows(names, content, path, start, len(content), 0)


def plain_file(scenario: Model, content: bytes, path: Path) -> tuple[list[str], bytes, int] | None:
    """A file for the fast path: its column names, its bytes (ending in a line end), and
    where its rows start; None for a file the csv module must read.

    Raises
    ------
    ScenarioError
        For a bad header, or a file without rows.
    """
    newline = content.find(b"\n")
    if newline <= 0:
        return None
    header = content[:newline]
    if b'"' in header or not header.strip():
        return None
    if content.translate(None, _PLAIN) != header.translate(None, _PLAIN):
        return None  # quotes, spaces, fractions, other bytes: the csv module reads it
    try:
        names = [name.strip() for name in header.decode().split(",")]
    except UnicodeDecodeError:
        return None
    _check_header(scenario, names, path, 1)
    if newline + 1 == len(content):
        msg = "no points: the file has a header but no rows"
        raise ScenarioError(msg, file=path)
    if not content.endswith(b"\n"):
        content += b"\n"  # one copy, for files without a line end at the end
    return names, content, newline + 1


def plain_rows(
    names: list[str], content: bytes, path: Path, start: int, stop: int, before: int
) -> PointsTable | None:
    """The rows in ``content[start:stop]`` (whole lines of a `plain_file`, ``before`` rows
    after the header), or None if they are not all plain decimals in the right number.

    Parsed by `parse_decimals` a slice of about a megabyte (whole lines) at a time: the
    working arrays stay small and are reused, rather than mapped afresh (in a new process,
    fresh memory costs more than the parsing).

    Raises
    ------
    ScenarioError
        For a cell that is not a finite number, naming its line.
    """
    width = len(names)
    data = np.frombuffer(content, dtype=np.uint8)
    count = content.count(b"\n", start, stop)
    values = np.empty((width, count))
    starts = np.empty(count + 1, dtype=np.int64)
    starts[0] = start
    unparsed: list[tuple[int, int, int, int]] = []  # column, row, first byte, end
    row = 0
    end = stop
    while start < end:
        stop = content.find(b"\n", min(start + (1 << 20), end - 1)) + 1
        ends, cells, parsed = parse_decimals(data[start:stop])
        separators = data[start:stop].take(ends)
        rows = len(ends) // width
        if len(ends) != rows * width or (separators.reshape(rows, width)[:, :-1] != _COMMA).any():
            return None  # a row of the wrong length, or a blank line: the csv module says which
        line_ends = separators[width - 1 :: width]
        returns = line_ends == _RETURN
        if ((line_ends != _NEWLINE) & ~returns).any():
            return None
        line_ends = ends[width - 1 :: width] + start
        if returns.any() and (data.take(line_ends[returns] + 1) != _NEWLINE).any():
            return None  # a lone "\r"
        values[:, row : row + rows] = cells.reshape(rows, width).T
        starts[row + 1 : row + rows + 1] = line_ends + 1 + returns
        for cell in np.flatnonzero(~parsed).tolist():
            first = (
                start
                if cell == 0
                else start + ends[cell - 1] + 1 + (separators[cell - 1] == _RETURN)
            )
            unparsed.append(
                (cell % width, row + cell // width, int(first), int(start + ends[cell]))
            )
        row += rows
        start = stop
    for column, index, first, end in sorted(unparsed):  # the first bad column's first line
        if first == end:
            return None  # an empty cell, or a blank line: the csv module says which
        text = content[first:end].decode()
        values[column, index] = _cell_value(text, names[column], path, before + index + 2)[1]
    return PointsTable(names, content, starts, values, path)


def _cell_value(cell: str, name: str, path: Path, line: int) -> tuple[str, float]:
    """A cell's text (decimals as given, stripped; fractions in lowest terms) and its float.

    Raises
    ------
    ScenarioError
        For a cell that is not a number, or too large for floating point.
    """
    text = cell.strip()
    problem = number_size_problem(text)
    if problem is not None:
        msg = f"column {name!r}: the number {shorten(text)} {problem}"
        raise ScenarioError(msg, file=path, line=line)
    if _DECIMAL.fullmatch(text):
        value = float(text)
    else:
        try:
            exact = Fraction(text)
        except (ValueError, ZeroDivisionError):
            msg = f"column {name!r}: expected a number such as 3, 2.5 or 3/2, got {cell!r}"
            raise ScenarioError(msg, file=path, line=line) from None
        text = str(exact)
        value = nearest_float(exact)
    if not math.isfinite(value):
        msg = f"column {name!r}: {text} is too large for floating point"
        raise ScenarioError(msg, file=path, line=line)
    return text, value


def _csv_table(scenario: Model, content: bytes, path: Path) -> PointsTable:
    """Any CSV file: rows read by the `csv` module, blank ones skipped, each cell checked."""
    text = decode_text(content, path, ScenarioError, _WHAT)
    try:
        lines = list(_rows(io.StringIO(text, newline="")))
    except csv.Error as error:
        msg = f"not a valid CSV file: {error}"
        raise ScenarioError(msg, file=path) from None
    if not lines:
        msg = "empty file: expected a header of parameter names, then one point per row"
        raise ScenarioError(msg, file=path)
    header_line, header = lines[0]
    names = [name.strip() for name in header]
    _check_header(scenario, names, path, header_line)
    rows = lines[1:]
    if not rows:
        msg = "no points: the file has a header but no rows"
        raise ScenarioError(msg, file=path)
    for line, row in rows:
        if len(row) != len(names):
            msg = f"{len(row)} values for {len(names)} columns"
            raise ScenarioError(msg, file=path, line=line)
    values = np.empty((len(names), len(rows)))
    texts = [[""] * len(names) for _ in rows]
    for column, name in enumerate(names):  # column by column, as errors are reported
        for index, (line, row) in enumerate(rows):
            texts[index][column], values[column, index] = _cell_value(
                row[column], name, path, line
            )
    data = "".join(",".join(row) + "\n" for row in texts).encode()
    lengths = np.array([len(",".join(row).encode()) + 1 for row in texts])
    starts = np.r_[0, np.cumsum(lengths)]
    return PointsTable(names, data, starts, values, path)


def _rows(handle: io.StringIO) -> Iterator[tuple[int, list[str]]]:
    """Non-blank CSV rows with their line numbers."""
    reader = csv.reader(handle)
    for row in reader:
        if len(row) > 1 or (row and row[0].strip()):
            yield reader.line_num, row
