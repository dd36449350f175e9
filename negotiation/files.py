"""Reading the user's text files (scenarios, .nfg games, CSV points) with one set of errors.

Why one place: a missing file, a directory, a permission problem, bytes that are not UTF-8 or
a binary file must each give the same clear one-line error whichever command read it, naming
the file (and the line, for bad bytes), and never a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

from negotiation.errors import NegotiationError

__all__ = ["read_text"]


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
        Of type ``error``, naming the file: missing, a directory, unreadable, not UTF-8 (with
        the line of the first bad byte) or binary (a NUL byte, with its line).
    """
    name = os.fspath(path)
    try:
        data = Path(name).read_bytes()
    except FileNotFoundError:
        msg = "no such file"
        raise error(msg, file=name) from None
    except IsADirectoryError:
        msg = f"is a directory, not {what}"
        raise error(msg, file=name) from None
    except (OSError, ValueError) as problem:  # ValueError: a NUL in the path
        reason = getattr(problem, "strerror", None) or str(problem)
        msg = f"cannot read: {reason}"
        raise error(msg, file=name) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        line = data.count(b"\n", 0, problem.start) + 1
        msg = f"not UTF-8 text: byte {data[problem.start]:#04x} at offset {problem.start}"
        raise error(msg, file=name, line=line) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        msg = f"binary data (a NUL byte), not {what}"
        raise error(msg, file=name, line=line)
    return text, data
