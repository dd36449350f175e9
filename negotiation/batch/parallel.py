"""A large points file read, solved and written by several processes, each a share of its rows.

Why: for 10^5 rows, turning decimal texts into floats and equilibria into JSON takes longer
than solving, and all three are work per row.  So ``P`` processes on ``P`` cores, each with a
contiguous share of the rows, take about ``1/P`` of the time.  Processes (`os.fork`), not
threads: the text work holds the GIL.

How: the parent reads the file, checks its header, cuts its rows into shares at line ends and
forks one child per share but the first.  Each process reads its share (`plain_rows`), solves
it (`solve_batch`) and formats its points (`point_texts`, the one writer); a child sends its
text back through a pipe.  The parent writes its text, then each child's, in order: the same
bytes one process writes, since points are independent and every share's documents come from
the same schema (CSV rows are numbered from the share's first point).

Errors: when any share fails (a bad cell, a payoff that is not finite), the whole file is read
and solved again in one process, which raises the error one process raises (the first in the
file, with its line or point number).  Files the fast reader does not take (quotes, fractions,
blank lines), small files, and platforms without `os.fork` are done in one process.
"""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import IO, TYPE_CHECKING

from negotiation.batch.output import csv_header, json_frame, point_texts
from negotiation.batch.points import plain_file, plain_rows, points_bytes, read_points
from negotiation.batch.result import BatchResult
from negotiation.batch.solve import solve_batch
from negotiation.batch.values import require_matrix
from negotiation.errors import NegotiationError

if TYPE_CHECKING:
    from negotiation.model import Model

__all__ = ["MIN_SHARE", "write_points"]

# Rows a process is worth starting for: below, one process does the whole file.
MIN_SHARE = 10_000


def write_points(
    scenario: Model,
    path: str | Path,
    handle: IO[str],
    form: str = "json",
    *,
    base: Mapping[str, Fraction] | None = None,
    extra: Mapping[str, object] | None = None,
    processes: int | None = None,
) -> None:
    """Solve every point of a CSV file and write them as ``form`` (``"json"``, with the keys
    of ``extra`` added at the end, or ``"csv"``): the text of `BatchResult.write_json` or
    `BatchResult.write_csv` for ``solve_batch(scenario, read_points(scenario, path))``.

    Parameters
    ----------
    processes : int, optional
        At most this many processes; by default one per available core.  Each gets at least
        `MIN_SHARE` rows.

    Raises
    ------
    NegotiationError
        As `read_points` and `solve_batch` raise it.
    """
    require_matrix(scenario)
    path = Path(path)
    content = points_bytes(path)  # read once, whichever way it is solved
    shares = _shares(scenario, path, content, processes)
    if shares is None:
        table = read_points(scenario, path, content)
        _write(solve_batch(scenario, table, base=base), handle, form, extra)
        return
    names, content, cuts, before = shares
    target = _descriptor(handle)
    children = [
        _Child(scenario, (names, content, path), (cuts[part], cuts[part + 1], before[part]))
        for part in range(1, len(cuts) - 1)
    ]
    result = None
    try:
        for child in children:
            child.start(base, form, target)
        table = plain_rows(names, content, path, cuts[0], cuts[1], 0)
        if table is not None:
            result = solve_batch(scenario, table, base=base)
    except NegotiationError:
        result = None
    finally:
        solved = [child.solved() for child in children]  # before anything is written
        if result is None or not all(solved):
            for child in children:
                child.stop()
    if result is None or not all(solved):
        table = read_points(scenario, path, content)
        _write(solve_batch(scenario, table, base=base), handle, form, extra)
        return
    opening, closing = json_frame(result, extra) if form == "json" else (csv_header(result), "")
    separator = ", " if form == "json" else ""
    handle.write(opening)
    for number, text in enumerate(point_texts(result, form)):
        handle.write(separator + text if number else text)
    for child in children:
        if target is None:
            handle.write(child.text())
        else:
            handle.flush()
            child.write()
    handle.write(closing)


def _descriptor(handle: IO[str]) -> tuple[int, str, str] | None:
    """The file descriptor under ``handle``, its encoding and error handler, for children to
    write to directly; None if there is none (an in-memory stream)."""
    try:
        descriptor = handle.fileno()
        encoding, errors = handle.encoding, handle.errors
    except (AttributeError, OSError, ValueError):
        return None
    return descriptor, encoding, errors or "strict"


def _write(
    result: BatchResult, handle: IO[str], form: str, extra: Mapping[str, object] | None
) -> None:
    if form == "json":
        result.write_json(handle, extra)
    else:
        result.write_csv(handle)


def _shares(
    scenario: Model, path: Path, content: bytes, processes: int | None
) -> tuple[list[str], bytes, list[int], list[int]] | None:
    """The file's names and bytes, where each share of rows starts (and the end), and the
    rows before each share; None when one process should do it all."""
    if not hasattr(os, "fork"):
        return None
    if processes is None:
        processes = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    plain = plain_file(scenario, content, path)
    if plain is None:
        return None
    names, content, start = plain
    rows = content.count(b"\n", start)
    processes = min(processes, rows // MIN_SHARE)
    if processes < 2:
        return None
    cuts = [start]
    for part in range(1, processes):
        target = start + (len(content) - start) * part // processes
        cuts.append(content.find(b"\n", target) + 1)
    cuts.append(len(content))
    before = [content.count(b"\n", start, cut) for cut in cuts[:-1]]
    return names, content, cuts, before


class _Child:
    """The process of one share: it reads and solves its rows and says whether it could,
    formats them, then writes its text to the output descriptor, or sends it, when told to."""

    def __init__(
        self,
        scenario: Model,
        file: tuple[list[str], bytes, Path],
        share: tuple[int, int, int],
    ) -> None:
        self.scenario = scenario
        self.file = file  # names, content, path
        self.share = share  # start, stop, rows before
        self.pid = 0
        self.replies = self.orders = -1

    def start(
        self,
        base: Mapping[str, Fraction] | None,
        form: str,
        target: tuple[int, str, str] | None,
    ) -> None:
        self.replies, child_replies = os.pipe()
        child_orders, self.orders = os.pipe()
        with warnings.catch_warnings():
            # Python 3.12 warns of fork in a process with threads (numpy's BLAS pool): the
            # children use no BLAS, and OpenBLAS resets its pool in a forked child.
            warnings.simplefilter("ignore", DeprecationWarning)
            self.pid = os.fork()
        if self.pid:
            os.close(child_replies)
            os.close(child_orders)
            return
        os.close(self.replies)
        os.close(self.orders)
        status = 1
        try:
            start, stop, before = self.share
            table = plain_rows(*self.file[:2], self.file[2], start, stop, before)
            result = None if table is None else solve_batch(self.scenario, table, base=base)
            os.write(child_replies, b"+" if result is not None else b"-")
            if result is not None:
                separator = ", " if form == "json" else ""
                encoding = target[1:] if target is not None else ("utf-8", "strict")
                data = [
                    (separator + text).encode(*encoding)
                    for text in point_texts(result, form, first=before)
                ]
                order = os.read(child_orders, 1)
                if order in (b"w", b"s"):
                    descriptor = target[0] if order == b"w" else child_replies
                    for part in data:
                        _write_all(descriptor, part)
            status = 0
        except BaseException:  # whatever it is: the parent does the share again, or stops
            with contextlib.suppress(OSError):
                os.write(child_replies, b"-")
        finally:
            os._exit(status)

    def solved(self) -> bool:
        """Whether the share was read and solved (waits for it)."""
        return os.read(self.replies, 1) == b"+"

    def write(self) -> None:
        """Have the share written to the output descriptor, and wait until it is."""
        os.write(self.orders, b"w")
        self._end()

    def text(self) -> str:
        """The share's text, sent through the pipe."""
        os.write(self.orders, b"s")
        with os.fdopen(self.replies, "rb") as pipe:
            data = pipe.read()
        self.replies = -1
        self._end()
        return data.decode()

    def stop(self) -> None:
        """Tell the process to end without writing."""
        with contextlib.suppress(OSError):
            os.write(self.orders, b"q")
        self._end(check=False)

    def _end(self, check: bool = True) -> None:
        _, status = os.waitpid(self.pid, 0)
        for descriptor in (self.replies, self.orders):
            if descriptor >= 0:
                os.close(descriptor)
        self.replies = self.orders = -1
        if status and check:
            msg = f"the process of rows from line {self.share[2] + 2} failed"
            raise RuntimeError(msg)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]
