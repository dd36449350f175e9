"""Writing a file the toolkit's one way: never replacing an existing file unless asked.

Why here and not in the command line: ``Scenario.report(path)`` writes from Python too, and
the rule must be the same there as for every command (`cli.options.write_output` uses this).
The file is opened in exclusive-create mode, so there is no window between a check that it
does not exist and the write.
"""

from __future__ import annotations

from pathlib import Path

from negotiation.errors import NegotiationError

__all__ = ["write_file"]


def write_file(path: str | Path, content: str | bytes, force: bool = False) -> Path:
    """Write ``content`` (text as UTF-8, newlines as given; or bytes) to ``path``.

    Raises
    ------
    NegotiationError
        ``"<path> exists; use --force to overwrite it"`` when the file exists and ``force``
        is false; ``"<path>: cannot write: <reason>"`` when it cannot be written.
    """
    path = Path(path)
    binary = isinstance(content, bytes)
    mode = ("w" if force else "x") + ("b" if binary else "")
    try:
        with path.open(
            mode, encoding=None if binary else "utf-8", newline=None if binary else ""
        ) as handle:
            handle.write(content)
    except FileExistsError:
        msg = f"{path} exists; use --force to overwrite it"
        raise NegotiationError(msg) from None
    except OSError as error:
        msg = f"{path}: cannot write: {error.strerror}"
        raise NegotiationError(msg) from None
    return path
