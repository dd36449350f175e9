"""Reading the user's files (scenarios, .nfg games, CSV points) with one set of errors.

Why one place: a missing file, a directory, a FIFO or a device, a file too large, a permission
problem, bytes that are not UTF-8 or a binary file must each give the same clear one-line error
whichever command read it, naming the file (and the line, for bad bytes), at once and never as
a traceback.  Only regular files are read: the kind of file is checked (after following
symlinks) before it is opened, and it is opened non-blocking, so a FIFO or ``/dev/urandom``
never makes a command wait or read forever.  Size limits (documented in
docs/reference/cli.md): `MAX_FILE_BYTES` (10 MB) for scenarios and games: an .nfg file of
11 MB holds a 1500x1500 game, which takes 4.6 s and 1.3 GB to read and is far beyond what any
exact method answers; `MAX_POINTS_BYTES` (2 GB) for CSV points, about 10^7 rows of 23
parameters.
"""

from __future__ import annotations

import os
import stat

from negotiation.errors import NegotiationError

__all__ = ["MAX_FILE_BYTES", "MAX_POINTS_BYTES", "decode_text", "read_bytes", "read_text"]

MAX_FILE_BYTES = 10 * 10**6
MAX_POINTS_BYTES = 2 * 10**9

_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _size_text(count: int) -> str:
    return f"{count / 10**9:.3g} GB" if count >= 10**9 else f"{count / 10**6:.3g} MB"


def _check_regular(
    info: os.stat_result, name: str, error: type[NegotiationError], what: str, limit: int
) -> None:
    if stat.S_ISDIR(info.st_mode):
        msg = f"is a directory, not {what}"
        raise error(msg, file=name)
    if not stat.S_ISREG(info.st_mode):
        kind = next((kind for test, kind in _KINDS if test(info.st_mode)), "not a regular file")
        msg = f"is {kind}, not {what}: only regular files are read"
        raise error(msg, file=name)
    if info.st_size > limit:
        size = _size_text(info.st_size)
        msg = f"is {size}, larger than the {_size_text(limit)} limit for {what}"
        raise error(msg, file=name)


def read_bytes(
    path: str | os.PathLike[str],
    error: type[NegotiationError],
    what: str,
    limit: int = MAX_FILE_BYTES,
) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes.

    Parameters
    ----------
    path : str or os.PathLike
    error : type of NegotiationError
        The error to raise: `ScenarioError` for a scenario, `GameFileError` for a game ...
    what : str
        What the file should be, for the messages: ``"a scenario file"``.
    limit : int
        The largest size accepted, in bytes.

    Raises
    ------
    NegotiationError
        Of type ``error``, naming the file: missing, a directory, a FIFO, a device or a
        socket, larger than ``limit``, or unreadable.
    """
    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = None
    try:
        info = os.stat(name)  # follows symlinks
        if stat.S_ISREG(info.st_mode) and info.st_size <= limit:
            descriptor = os.open(name, flags)
    except (FileNotFoundError, NotADirectoryError):
        msg = "no such file"
        raise error(msg, file=name) from None
    except (OSError, ValueError) as problem:  # ValueError: a NUL in the path
        reason = getattr(problem, "strerror", None) or str(problem)
        msg = f"cannot read: {reason}"
        raise error(msg, file=name) from None
    _check_regular(info, name, error, what, limit)
    assert descriptor is not None  # a regular file within the limit was opened
    with os.fdopen(descriptor, "rb") as handle:
        # The file may have been swapped for another kind since the first look.
        _check_regular(os.fstat(descriptor), name, error, what, limit)
        try:
            data = handle.read(limit + 1)
        except OSError as problem:
            msg = f"cannot read: {problem.strerror}"
            raise error(msg, file=name) from None
    if len(data) > limit:
        msg = f"is larger than the {_size_text(limit)} limit for {what}"
        raise error(msg, file=name)
    return data


def read_text(
    path: str | os.PathLike[str], error: type[NegotiationError], what: str
) -> tuple[str, bytes]:
    """The text of a UTF-8 file (a byte order mark is dropped) and its bytes (for hashing).

    Parameters
    ----------
    path : str or os.PathLike
    error : type of NegotiationError
        The error to raise: `ScenarioError` for a scenario, `GameFileError` for a game ...
    what : str
        What the file should be, for the messages: ``"a scenario file"``.

    Raises
    ------
    NegotiationError
        Of type ``error``, naming the file: as `read_bytes` does, or not UTF-8 (with the line
        of the first bad byte) or binary (a NUL byte, with its line).
    """
    name = os.fspath(path)
    data = read_bytes(name, error, what)
    return decode_text(data, name, error, what), data


def decode_text(
    data: bytes, path: str | os.PathLike[str], error: type[NegotiationError], what: str
) -> str:
    """The text of a file's bytes, read as UTF-8 (a byte order mark is dropped).

    Separate from `read_text` for the CSV reader, which looks at the bytes first and decodes
    only the files its fast path does not take.

    Raises
    ------
    NegotiationError
        Of type ``error``, naming the file and the line: not UTF-8 (the first bad byte) or
        binary (a NUL byte).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = data.count(b"\n", 0, problem.start) + 1
        msg = f"not UTF-8 text: byte {data[problem.start]:#04x} at offset {problem.start}"
        raise error(msg, file=os.fspath(path), line=line) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        msg = f"binary data (a NUL byte), not {what}"
        raise error(msg, file=os.fspath(path), line=line)
    return text
