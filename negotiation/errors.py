"""The exception hierarchy: errors the user can fix, each one line naming where it is.

Bugs are not `NegotiationError`s; they keep their traceback.  The command line turns
every `NegotiationError` into ``Error: <message>`` and exit status 2.  Problems the library
can work around (a value outside its plausible range) are warnings, raised by `warn`.
"""

from __future__ import annotations

import os
import sys
import warnings


class NegotiationError(ValueError):
    """Input the user can fix.  ``str()`` is one line: where, then what is wrong.

    Parameters
    ----------
    message : str
        What is wrong.
    file, key, line :
        Where it is: a path, a key inside the file (``payoffs.Russia``), a line number.
    """

    def __init__(
        self,
        message: str,
        *,
        file: object | None = None,
        key: str | None = None,
        line: int | None = None,
    ) -> None:
        self.message = message
        self.file = None if file is None else str(file)
        self.key = key
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.key is not None:
            where = f"{where} [{self.key}]" if where else f"[{self.key}]"
        return f"{where}: {self.message}" if where else self.message


class GameError(NegotiationError):
    """A game that cannot be built: shapes, labels or payoffs are wrong."""


class GameTooLargeError(GameError):
    """A game too large for the exact method asked for: refused before the work starts."""


class GameFileError(NegotiationError):
    """A game file (Gambit ``.nfg``) that cannot be read."""


class ScenarioError(NegotiationError):
    """A scenario file with a bad structure, an unknown key or an unusable value."""


class FormulaError(ScenarioError):
    """A payoff formula that is refused: not in the whitelist, or not computable."""


def warn(message: str, category: type[Warning]) -> None:
    """Warn, pointing at the user's line: the first caller outside this package.

    A fixed ``stacklevel`` would point into the library wherever the warning is raised a few
    calls deep (``Scenario.whatif`` -> ``whatif`` -> ``Scenario.values``).
    """
    package = os.path.dirname(os.path.abspath(__file__)) + os.sep
    frame, level = sys._getframe(1), 2
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)
