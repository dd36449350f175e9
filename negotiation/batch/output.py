"""Every point of a `BatchResult` as JSON or CSV, streamed, with no Python work per cell.

Why: building a dict per point and handing 10^5 of them to ``json.dumps`` takes seconds, and
so does a Python string per parameter cell.  The output is made a chunk of points at a time,
by C-level string operations:

1. The points solved in floats fall into few *layouts*: the same outcome and degeneracy,
   with the same supports in the same order.  Each layout's document is built once from the
   schema (`point_json`, `csv_rows`), with markers in place of the parameters and of the nonzero
   probabilities and payoffs, and cut into the text before the parameters (the *prefix*) and
   the text after them (the *suffix*, a ``%`` format whose ``%r`` slots take the floats:
   ``%r`` of a float is the ``repr`` that ``json.dumps`` writes).  Points solved exactly get a
   suffix of their own, dumped from the same schema with their exact values.
2. Each record's suffix is formatted with its floats (in JSON, a layout's points at once, by
   ``map`` over a ``%`` format); then a chunk's parameter cells, its rows as read (a
   `PointsTable`) with commas and line ends turned into ``%s``, take in one ``%`` the text
   between cells (``", "name": "``) and between records (a suffix, a separator, the next
   prefix).

A *record* is what one row of cells becomes: a point in JSON, a point's equilibrium in CSV
(the row of cells repeated).  Probabilities a layout fixes are written as constants: 0 off a
support (left out of the JSON), 1.0 on a support of one strategy.

`_plain` writes the same text point by point from the schema functions: the way for results
whose cells the fast way cannot take (none, or given texts holding a comma), and the reference
the tests hold the fast way to.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

import numpy as np

from negotiation.batch.points import PointsTable
from negotiation.batch.values import given_rows
from negotiation.results import json_number

if TYPE_CHECKING:
    from negotiation.batch.result import BatchResult

__all__ = [
    "FORMATS",
    "csv_header",
    "csv_rows",
    "equilibrium_json",
    "json_frame",
    "point_json",
    "point_texts",
    "write_csv",
    "write_json",
]

# Points formatted and written at a time.
_CHUNK = 4096
# An equilibrium as plain lists: probabilities per player, payoffs.
Pair = tuple[Sequence[Sequence[object]], Sequence[object]]
# Markers: the cells (or one cell, numbered), the point's number, a float slot.
_CELLS, _NUMBER = "\x00cells\x00", "\x00number\x00"
_FLOAT = re.compile("\x00r\x00")
_JSON_FLOAT = re.compile(r'"\\u0000r\\u0000"')
_JSON_CELL = re.compile(r'"\\u0000n(\d+)\\u0000"|\\u0000s(\d+)\\u0000')


def equilibrium_json(
    players: Sequence[str],
    strategies: Sequence[Sequence[str]],
    profile: Sequence[Sequence[object]],
    payoffs: Sequence[object],
    number: Callable[[object], object],
) -> dict:
    """`Equilibrium.to_json` from plain lists: the same object, without building one."""
    return {
        "profile": {
            player: {label: number(p) for label, p in zip(labels, mixed, strict=True) if p}
            for player, labels, mixed in zip(players, strategies, profile, strict=True)
        },
        "payoffs": {player: number(value) for player, value in zip(players, payoffs, strict=True)},
        "pure": all(sum(1 for p in mixed if p) == 1 for mixed in profile),
    }


def point_json(
    parameters: object, outcome: str, exact: bool, degenerate: bool, equilibria: list[dict]
) -> dict:
    """One point of ``BatchResult.to_json()["points"]`` (``parameters``: name to value)."""
    return {
        "parameters": parameters,
        "outcome": outcome,
        "exact": exact,
        "degenerate": degenerate,
        "equilibria": equilibria,
    }


def csv_rows(
    point: object, parameters: Sequence[object], exact: str, equilibria: Sequence[Pair], width: int
) -> list[list[object]]:
    """The rows of one point in `write_csv`: one per equilibrium, or one with empty cells."""
    head = [point, *parameters, exact]
    if not equilibria:
        return [[*head, *([""] * width)]]
    return [
        [*head, number, *(p for mixed in profile for p in mixed), *payoffs]
        for number, (profile, payoffs) in enumerate(equilibria, start=1)
    ]


def _csv_cell(value: object) -> str:
    """A cell as `csv.writer` writes it: floats by repr, exact numbers as ``p/q``, texts
    quoted where needed."""
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    if any(char in text for char in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_lines(rows: list[list[object]]) -> list[str]:
    return [",".join(map(_csv_cell, row)) + "\n" for row in rows]


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False)


def _same(value: object) -> object:
    return value


def _pairs(result: BatchResult, point: int) -> tuple[list[Pair], Callable[[object], object]]:
    """A point's equilibria as plain lists, and how the JSON writes their numbers."""
    if point in result.exact_results:
        found = result.exact_results[point].equilibria
        return [(eq.profile, eq.payoffs) for eq in found], json_number
    return [(eq.profile, eq.payoffs) for eq in result.equilibria_at(point)], float


# -- the two formats ----------------------------------------------------------------------------


class _Format:
    """What JSON and CSV differ in: how a point renders, and the text around the cells."""

    join = ""  # between records

    def __init__(self, result: BatchResult, first: int = 0) -> None:
        self.result = result
        self.first = first  # the number of points before these, in the whole output
        self.names = list(result.parameters)
        self.shape = [len(labels) for labels in result.strategies]

    def records(self, point: int, equilibria: list[Pair], number: Callable) -> list[str]:
        """The point's records, a marker in place of its cells (and of its number)."""
        raise NotImplementedError

    def float_text(self, text: str) -> tuple[str, int]:
        """A record's text with its float markers as ``%r``, and how many there were."""
        raise NotImplementedError

    def cells(self, given: list) -> list[str]:
        """One point's cells as they appear in the text, for parameters given as arrays."""
        raise NotImplementedError

    def block(self, given: list) -> str:
        """One point's cells with the text between them, as the schema writes them."""
        raise NotImplementedError

    def separators(self) -> list[str] | None:
        """The text between one cell and the next, before the first and after the last."""
        raise NotImplementedError

    def prefix(self, text: str, point: int) -> str:
        """A record's text before its cells, for point ``point``."""
        return text


class _Json(_Format):
    join = ", "

    def __init__(self, result: BatchResult, first: int = 0) -> None:
        super().__init__(result, first)
        self.labels = result.labels

    def records(self, point: int, equilibria: list[Pair], number: Callable) -> list[str]:
        result = self.result
        players, strategies = result.players, result.strategies
        document = point_json(
            _CELLS,
            self.labels[result.outcome[point]],
            bool(result.exact[point]),
            bool(result.degenerate[point]),
            [equilibrium_json(players, strategies, *pair, number) for pair in equilibria],
        )
        return [_dumps(document).replace(_dumps(_CELLS), "{" + _CELLS + "}", 1)]

    def cells(self, given: list) -> list[str]:
        return [
            repr(value) if isinstance(value, float) else _dumps(value)[1:-1] for value in given
        ]

    def block(self, given: list) -> str:
        return _dumps(dict(zip(self.names, given, strict=True)))[1:-1]

    def separators(self) -> list[str] | None:
        kinds = zip(self.names, self.kinds(), strict=True)
        marked = {name: f"\x00{kind}{index}\x00" for index, (name, kind) in enumerate(kinds)}
        pieces = _JSON_CELL.split(_dumps(marked)[1:-1])[::3]
        return pieces if len(pieces) == len(self.names) + 1 else None

    def kinds(self) -> list[str]:
        """``n`` for a column of floats (JSON numbers), ``s`` for texts (JSON strings)."""
        points = self.result.parameters
        if isinstance(points, PointsTable):
            return ["s"] * len(points)
        return ["n" if np.asarray(array).dtype.kind == "f" else "s" for array in points.values()]

    def float_text(self, text: str) -> tuple[str, int]:
        return _JSON_FLOAT.subn("%r", text)


class _Csv(_Format):
    def records(self, point: int, equilibria: list[Pair], number: Callable) -> list[str]:
        exact = "true" if self.result.exact[point] else "false"
        width = sum(self.shape) + len(self.shape) + 1
        rows = csv_rows(_NUMBER, [_CELLS] if self.names else [], exact, equilibria, width)
        return _csv_lines(rows)

    def cells(self, given: list) -> list[str]:
        return [_csv_cell(value) for value in given]

    def block(self, given: list) -> str:
        return ",".join(self.cells(given))

    def separators(self) -> list[str] | None:
        return ["", *([","] * (len(self.names) - 1)), ""]

    def prefix(self, text: str, point: int) -> str:
        return text.replace(_NUMBER, str(self.first + point + 1))

    def float_text(self, text: str) -> tuple[str, int]:
        return _FLOAT.subn("%r", text)


# -- layouts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """The points of one outcome whose equilibria have the same supports in the same order.

    ``first`` is a point of the layout; ``supports[j][i]`` the strategies player ``i`` uses in
    its equilibrium ``j``.
    """

    first: int
    supports: tuple[tuple[tuple[int, ...], ...], ...]

    def equilibria(self, shape: Sequence[int], mark: str) -> list[Pair]:
        """Each equilibrium's ``(profile, payoffs)``: constants where the layout fixes them
        (0.0 off the support, 1.0 on a support of one), else ``mark``, in the order of
        `float_sources`."""
        equilibria = []
        for supports in self.supports:
            profile = []
            for support, size in zip(supports, shape, strict=True):
                mixed: list[object] = [0.0] * size
                for k in support:
                    mixed[k] = 1.0 if len(support) == 1 else mark
                profile.append(mixed)
            equilibria.append((profile, [mark] * len(shape)))
        return equilibria

    def float_sources(self) -> list[tuple[int, int, int]]:
        """Where each float slot comes from: ``(row, player, strategy)`` for a probability,
        ``(row, -1, player)`` for a payoff."""
        sources = []
        for row, supports in enumerate(self.supports):
            for player, support in enumerate(supports):
                if len(support) > 1:
                    sources += [(row, player, k) for k in support]
            sources += [(row, -1, player) for player in range(len(supports))]
        return sources


def _layouts(result: BatchResult, bounds: np.ndarray) -> tuple[np.ndarray, list[_Layout]]:
    """The layout code of every point solved in floats (-1 at points solved exactly)."""
    table = result.kept_equilibria()
    count = len(result)
    codes = np.full(count, -1, dtype=np.intp)
    floated = np.flatnonzero(~result.exact)
    if len(floated) == 0:
        return codes, []
    # Each point as (outcome and degeneracy, support pattern of each row), patterns from 1.
    keys = np.zeros((count, int(np.diff(bounds).max(initial=0)) + 1), dtype=np.int64)
    keys[:, 0] = 2 * result.outcome + result.degenerate
    if len(table):
        used = np.concatenate([profile != 0 for profile in table.profiles], axis=1)
        if used.shape[1] <= 62:  # each row's pattern as the bits of one integer
            used = used @ (1 << np.arange(used.shape[1], dtype=np.int64))
            patterns = np.unique(used, return_inverse=True)[1] + 1
        else:
            patterns = np.unique(used, axis=0, return_inverse=True)[1].reshape(-1) + 1
        keys[table.point, np.arange(len(table)) - bounds[table.point] + 1] = patterns
    keys = keys[floated]
    radix = int(keys.max()) + 1
    if radix ** keys.shape[1] < 2**62:  # one integer per point: a fast one-dimensional unique
        keys = keys @ (radix ** np.arange(keys.shape[1], dtype=np.int64))
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    else:
        _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    codes[floated] = inverse.reshape(-1)
    layouts = [
        _Layout(
            point,
            tuple(
                tuple(tuple(np.flatnonzero(profile[row]).tolist()) for profile in table.profiles)
                for row in range(bounds[point], bounds[point + 1])
            ),
        )
        for point in floated[first].tolist()
    ]
    return codes, layouts


@dataclass(frozen=True)
class _Records:
    """How a group of points (a layout, or one exactly solved point) is written: each
    record's prefix (text) and suffix (a ``%`` format for its floats), and its floats."""

    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    counts: tuple[int, ...]


def _records(form: _Format, point: int, equilibria: list[Pair], number: Callable) -> _Records:
    """A point's records, cut at the cells marker."""
    prefixes, suffixes, counts = [], [], []
    for text in form.records(point, equilibria, number):
        before, cells, after = text.partition(_CELLS)
        if not cells or _CELLS in after:
            msg = "the cells marker must appear once in each record"
            raise ValueError(msg)
        suffix, count = form.float_text(after.replace("%", "%%"))
        prefixes.append(before)
        suffixes.append(suffix)
        counts.append(count)
    return _Records(tuple(prefixes), tuple(suffixes), tuple(counts))


def _floats(
    result: BatchResult, layout: _Layout, bounds: np.ndarray, points: np.ndarray
) -> np.ndarray:
    """The values of a layout's float slots at some points, ``(points, slots)``."""
    table = result.kept_equilibria()
    sources = layout.float_sources()
    first = bounds[points]
    columns = np.empty((len(points), len(sources)))
    for slot, (row, player, index) in enumerate(sources):
        source = table.payoffs if player < 0 else table.profiles[player]
        columns[:, slot] = source[first + row, index]
    return columns


# -- the stream ---------------------------------------------------------------------------------


def _chunks(result: BatchResult, form: _Format) -> Iterator[str]:
    """The records of every point, a chunk of points at a time (see the module docstring)."""
    separators = form.separators()
    labels = [*result.players, *(label for labels in result.strategies for label in labels)]
    if (
        separators is None
        or not form.names
        or any("\x00" in text for text in [*labels, *form.names])
    ):
        yield from _plain(result, form)
        return
    count = len(result)
    bounds = result.kept_equilibria().bounds(count)
    codes, layouts = _layouts(result, bounds)
    templates = [
        _records(form, layout.first, layout.equilibria(form.shape, "\x00r\x00"), _same)
        for layout in layouts
    ]
    glue = _Glue(form, separators)
    if any(prefix != glue.prefix for record in templates for prefix in record.prefixes):
        yield from _plain(result, form)
        return
    # JSON: one record per point and no numbers, so each layout's points are formatted
    # together by one ``map``; CSV: record by record.
    grouped = not glue.numbered and all(len(record.suffixes) == 1 for record in templates)
    for start in range(0, count, _CHUNK):
        stop = min(start + _CHUNK, count)
        text = _cell_text(result.parameters, form, start, stop)
        chunk_codes = codes[start:stop]
        exact = {
            local: _records(form, start + local, *_pairs(result, start + local))
            for local in np.flatnonzero(chunk_codes < 0).tolist()
        }
        if (
            text is None
            or "%" in text
            or any(
                (grouped and len(record.prefixes) != 1)
                or any(prefix != glue.prefix for prefix in record.prefixes)
                for record in exact.values()
            )
        ):
            yield from _plain(result, form, start, stop)
            continue
        groups = {
            code: np.flatnonzero(chunk_codes == code) for code in set(chunk_codes.tolist()) - {-1}
        }
        values = {
            code: _floats(result, layouts[code], bounds, start + where)
            for code, where in groups.items()
        }
        if grouped:
            yield glue.grouped(text, chunk_codes, templates, exact, groups, values)
            continue
        records = [
            templates[code] if code >= 0 else exact[local]
            for local, code in enumerate(chunk_codes.tolist())
        ]
        totals = np.array([sum(record.counts) for record in records])
        floats = np.empty(int(totals.sum()))
        offsets = np.cumsum(totals) - totals
        for code, where in groups.items():
            floats[offsets[where][:, None] + np.arange(values[code].shape[1])] = values[code]
        yield glue.chunk(text, records, start, floats.tolist())


class _Glue:
    """Turns a chunk's cell text into its records' text, with one ``%`` over the chunk.

    The cell text, a line per record, becomes a format: each comma and line end a ``%s``.
    Its arguments are the text between cells, and between records: the end of a record (its
    suffix with its floats) and the start of the next.  Every record starts alike (``prefix``:
    in CSV with the point's number, marked).
    """

    def __init__(self, form: _Format, separators: list[str]) -> None:
        self.form = form
        self.inner = separators[1:-1]  # between the cells of a record
        self.prefix = form.records(0, [], _same)[0].partition(_CELLS)[0]
        self.numbered = _NUMBER in self.prefix
        start = self.prefix.replace("%", "%%").replace(_NUMBER, "%d") + separators[0]
        self.start = start  # a record's text up to its first cell, a format
        self.end = separators[-1].replace("%", "%%")  # after its last cell
        self.glued: dict[str, str] = {}

    def between(self, suffix: str) -> str:
        """The format from a record's last cell to the next record's first cell."""
        if suffix not in self.glued:
            self.glued[suffix] = self.end + suffix + self.form.join + self.start
        return self.glued[suffix]

    def grouped(
        self,
        text: str,
        codes: np.ndarray,
        templates: list[_Records],
        exact: dict[int, _Records],
        groups: dict[int, np.ndarray],
        values: dict[int, np.ndarray],
    ) -> str:
        """A chunk of points of one record each, without numbers: the end of every point
        of a layout formatted by one ``map`` over its floats."""
        between = np.empty(len(codes), dtype=object)
        for code, where in groups.items():
            glued = self.between(templates[code].suffixes[0])
            between[where] = list(map(glued.__mod__, map(tuple, values[code].tolist())))
        for local, record in exact.items():
            between[local] = self.between(record.suffixes[0]) % ()
        last = int(codes[-1])
        if last < 0:
            between[-1] = (self.end + exact[len(codes) - 1].suffixes[0]) % ()
        else:
            floats = values[last][np.searchsorted(groups[last], len(codes) - 1)]
            between[-1] = (self.end + templates[last].suffixes[0]) % tuple(floats.tolist())
        return self._assemble(text, self.start % (), between.tolist())

    def _assemble(self, text: str, first: str, between: list[str]) -> str:
        """The records' text: the cell text's commas and line ends as ``%s``, ``first``
        before the first cell, the separators, and ``between`` after each record's cells."""
        width = len(self.inner) + 1  # cells per record
        arguments: list[str | None] = [first]
        arguments += [*self.inner, None] * len(between)
        arguments[width::width] = between
        layout = text.replace(",", "%s").replace("\n", "%s")
        return ("%s" + layout + "%s") % tuple(arguments)

    def chunk(self, text: str, records: list[_Records], start: int, floats: list[float]) -> str:
        """The text of a chunk of points, ``floats`` their float slots in order."""
        suffixes, counts, numbers = [], [], []
        for point, record in enumerate(records, start=self.form.first + start + 1):
            suffixes += record.suffixes
            counts += record.counts
            numbers += [point] * len(record.suffixes)
        if any(len(record.suffixes) > 1 for record in records):  # a line per record
            lines = text.split("\n")
            text = "\n".join(
                line for line, record in zip(lines, records, strict=True) for _ in record.suffixes
            )
        between = []
        position = 0
        if self.numbered:
            for suffix, count, number in zip(suffixes, counts, numbers[1:], strict=False):
                values = floats[position : position + count]
                between.append(self.between(suffix) % (*values, number))
                position += count
        else:
            for suffix, count in zip(suffixes[:-1], counts, strict=False):
                between.append(self.between(suffix) % tuple(floats[position : position + count]))
                position += count
        between.append((self.end + suffixes[-1]) % tuple(floats[position:]))
        first = self.start % ((numbers[0],) if self.numbered else ())
        return self._assemble(text, first, between)


def _cell_text(points: Mapping[str, object], form: _Format, start: int, stop: int) -> str | None:
    """The cells of points ``start`` to ``stop - 1``: commas between, a line per point; None
    when a cell would hold a comma or a newline."""
    if isinstance(points, PointsTable):  # numbers as read: nothing to escape or quote
        return points.lines(start, stop)
    rows = [form.cells(given) for given in given_rows(points, start, stop)]
    if any("," in cell or "\n" in cell for row in rows for cell in row):
        return None
    return "\n".join(",".join(row) for row in rows)


def _plain(
    result: BatchResult, form: _Format, start: int = 0, stop: int | None = None
) -> Iterator[str]:
    """Points ``start`` to ``stop - 1`` written one by one from the schema functions."""
    stop = len(result) if stop is None else stop
    for first in range(start, stop, _CHUNK):
        records = []
        for point, given in enumerate(
            given_rows(result.parameters, first, min(first + _CHUNK, stop)), start=first
        ):
            block = form.block(given)
            records += [
                form.prefix(text, point).replace(_CELLS, block)
                for text in form.records(point, *_pairs(result, point))
            ]
        yield form.join.join(records)


# -- writers ------------------------------------------------------------------------------------

# The formats, by name.
FORMATS = {"json": _Json, "csv": _Csv}


def point_texts(result: BatchResult, form: str, first: int = 0) -> Iterator[str]:
    """The points of ``result`` in format ``form`` (``"json"`` or ``"csv"``), a chunk of points
    at a time: JSON documents joined by ``", "`` (join chunks the same way), or CSV rows.

    ``first`` is the number of points before these in the whole output (CSV numbers rows).
    """
    result.kept_equilibria()
    return _chunks(result, FORMATS[form](result, first))


def json_frame(result: BatchResult, extra: Mapping[str, object] | None = None) -> tuple[str, str]:
    """The JSON text before the points and after them.

    Raises
    ------
    ValueError
        If a key of ``extra`` is one of the batch's own.
    """
    head = {
        "players": list(result.players),
        "strategies": {
            player: list(labels)
            for player, labels in zip(result.players, result.strategies, strict=True)
        },
        "complete": result.complete,
        "method": "vertex_enumeration" if len(result.players) == 2 else "pure",
        "components": "vertices",
        "tolerance": result.tol,
        "fixed": {
            name: json_number(value)
            for name, value in result.base.items()
            if name not in result.parameters
        },
    }
    extra = dict(extra or {})
    clash = set(extra) & {*head, "points"}
    if clash:
        msg = f"extra keys clash with the batch keys: {sorted(clash)}"
        raise ValueError(msg)
    return _dumps(head)[:-1] + ', "points": [', "]" + (", " + _dumps(extra)[1:] if extra else "}")


def csv_header(result: BatchResult) -> str:
    """The CSV header line: ``point``, the parameters, ``exact``, ``equilibrium``, a column
    per ``Player:Strategy`` and per ``payoff:Player``."""
    strategy_columns = [
        f"{player}:{label}"
        for player, labels in zip(result.players, result.strategies, strict=True)
        for label in labels
    ]
    header = io.StringIO()
    csv.writer(header, lineterminator="\n").writerow(
        [
            "point",
            *result.parameters,
            "exact",
            "equilibrium",
            *strategy_columns,
            *(f"payoff:{player}" for player in result.players),
        ]
    )
    return header.getvalue()


def write_json(
    result: BatchResult, handle: IO[str], extra: Mapping[str, object] | None = None
) -> None:
    """``json.dumps({**result.to_json(), **extra}, ensure_ascii=False)``, written a chunk of
    points at a time (see the module docstring).

    Raises
    ------
    ValueError
        If a key of ``extra`` is one of the batch's own.
    """
    opening, closing = json_frame(result, extra)
    handle.write(opening)
    separator = ""
    for text in point_texts(result, "json"):
        handle.write(separator + text)
        separator = ", "
    handle.write(closing)


def write_csv(result: BatchResult, handle: IO[str]) -> None:
    """One row per point and equilibrium (see `BatchResult.write_csv`), a chunk of points at
    a time.  Numbers as `csv.writer` writes them: floats by repr, exact ones as ``p/q``."""
    handle.write(csv_header(result))
    for text in point_texts(result, "csv"):
        handle.write(text)
