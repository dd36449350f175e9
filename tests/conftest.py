import sys
from pathlib import Path

import pytest

# Test helpers (tests/oracle.py, tests/games.py) are imported by name.
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports as a wide terminal prints them: long lines whole, not folded to the 100
    columns of a pipe, so that tests and the docs' excerpts compare whole lines.  Folding
    to the width has its own tests (tests/test_display.py), which set the width they want."""
    monkeypatch.setenv("COLUMNS", "1000")
