"""Inputs that used to hang, exhaust memory or end in a traceback (issue 16).

Each case runs the command line in a fresh process with a timeout, so that a hang fails the
test instead of stalling the suite: every one must exit with status 2 and one ``Error:`` line
naming where the problem is, within the time bound, and write nothing.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STAG_HUNT = ROOT / "payoffs" / "classic" / "stag-hunt.toml"
# Start-up takes a few tenths of a second; the rest is slack for a machine shared by many.
TIME_BOUND = 5.0
DIGITS_5000 = "9" * 5000


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    message: str
    make: Callable[[Path], None] = lambda folder: None


def _scenario(old: str, new: str) -> Callable[[Path], None]:
    """Write ``bad.toml``: the stag hunt with one line replaced."""

    def make(folder: Path) -> None:
        text = STAG_HUNT.read_text(encoding="utf-8")
        assert old in text
        (folder / "bad.toml").write_text(text.replace(old, new, 1), encoding="utf-8")

    return make


def _file(name: str, text: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).write_text(text, encoding="utf-8")

    return make


def _bytes(name: str, content: bytes) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).write_bytes(content)

    return make


def _fifo(name: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        os.mkfifo(folder / name)

    return make


def _link(name: str, target: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).symlink_to(target)

    return make


def _sparse(name: str, size: int) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        with (folder / name).open("wb") as handle:
            handle.truncate(size)

    return make


def _game(name: str, rows: int, columns: int) -> Callable[[Path], None]:
    """A random two-player integer game in .nfg form."""

    def make(folder: Path) -> None:
        draw = random.Random(rows * 10_000 + columns)
        payoffs = " ".join(str(draw.randint(-9, 9)) for _ in range(2 * rows * columns))
        text = f'NFG 1 R "big" {{ "A" "B" }} {{ {rows} {columns} }}\n{payoffs}\n'
        (folder / name).write_text(text, encoding="utf-8")

    return make


NFG_HEAD = 'NFG 1 R "t" { "A" "B" } { 2 2 }\n'
HUGE_EXPONENT = "has the exponent 999999999, beyond the limit of 1000"
TOO_LARGE = "too large for exact vertex enumeration"

CASES = [
    # Numbers: a scenario's values and ranges, its formulas, --set, CSV points, .nfg payoffs.
    pytest.param(
        Case(
            ("solve", "bad.toml"),
            f"bad.toml [parameters.stag.value]: the number '1e999999999' {HUGE_EXPONENT}",
            _scenario("value = 4", 'value = "1e999999999"'),
        ),
        id="toml_value_huge_exponent",
    ),
    pytest.param(
        Case(
            ("solve", "bad.toml"),
            "bad.toml [parameters.stag.range]: the number '1e5000' has the exponent 5000",
            _scenario("range = [4, 10]", 'range = [4, "1e5000"]'),
        ),
        id="toml_range_1e5000",
    ),
    pytest.param(
        Case(
            ("solve", "bad.toml"),
            "bad.toml: an integer has more than 4300 digits (numbers have at most 2000)",
            _scenario("value = 4", f"value = {DIGITS_5000}"),
        ),
        id="toml_integer_5000_digits",
    ),
    pytest.param(
        Case(
            ("solve", "bad.toml"),
            "bad.toml [parameters.stag.value]: the number "
            "'99999999999999999999...999999999999' has 1500 digits, more than the limit of 1000",
            _scenario("value = 4", f'value = "{"9" * 1500}"'),
        ),
        id="toml_string_1500_digits",
    ),
    pytest.param(
        Case(
            ("solve", "bad.toml"),
            f"bad.toml [terms.alone]: number that {HUGE_EXPONENT}",
            _scenario('alone = "0"', 'alone = "1e999999999"'),
        ),
        id="formula_literal_huge_exponent",
    ),
    pytest.param(
        Case(
            ("solve", "bad.toml"),
            "[terms.alone]: number that has the exponent 5000, beyond the limit of 1000",
            _scenario('alone = "0"', 'alone = "0.5e-5000"'),
        ),
        id="formula_literal_tiny",
    ),
    pytest.param(
        Case(
            ("solve", str(STAG_HUNT), "--set", "stag=1e999999999"),
            f"[stag]: the number '1e999999999' {HUGE_EXPONENT}",
        ),
        id="set_huge_exponent",
    ),
    pytest.param(
        Case(
            ("solve", str(STAG_HUNT), "--set", "stag=1e5000"),
            "[stag]: the number '1e5000' has the exponent 5000",
        ),
        id="set_1e5000",
    ),
    pytest.param(
        Case(
            ("solve", str(STAG_HUNT), "--set", f"stag={DIGITS_5000}"),
            "[stag]: the number '99999999999999999999...999999999999' has 5000 digits",
        ),
        id="set_5000_digits",
    ),
    pytest.param(
        Case(("whatif", str(STAG_HUNT), "--set", "hare=-1e999999999"), HUGE_EXPONENT),
        id="whatif_set_huge_exponent",
    ),
    pytest.param(
        Case(
            ("sweep", str(STAG_HUNT), "stag=3:1e999999999", "--csv", "out.csv"),
            f"LOW and HIGH must be numbers such as 0, 2.5 or 3/2 (the number '1e999999999' "
            f"{HUGE_EXPONENT})",
        ),
        id="sweep_range_huge_exponent",
    ),
    pytest.param(
        Case(
            ("solve", str(STAG_HUNT), "--points", "points.csv"),
            f"points.csv:2: column 'hare': the number '1e999999999' {HUGE_EXPONENT}",
            _file("points.csv", "stag,hare\n4,1e999999999\n"),
        ),
        id="points_huge_exponent",
    ),
    pytest.param(
        Case(
            ("solve", str(STAG_HUNT), "--points", "points.csv", "--csv"),
            "points.csv:3: column 'stag': the number '1/999999999999999999...999999999999' "
            "has 5000 digits",
            _file("points.csv", f"stag,hare\n4,3\n1/{DIGITS_5000},3\n"),
        ),
        id="points_5000_digit_fraction",
    ),
    pytest.param(
        Case(
            ("solve", "game.nfg"),
            "game.nfg:2: payoff 1 of 8 '999999999999999999999999999...'"
            " has 4400 digits, more than the limit of 1000",
            _file("game.nfg", NFG_HEAD + "9" * 4400 + " 1 1 1 1 1 1 1\n"),
        ),
        id="nfg_4400_digits",
    ),
    pytest.param(
        Case(
            ("solve", "game.nfg"),
            f"game.nfg:2: payoff 3 of 8 '1e999999999' {HUGE_EXPONENT}",
            _file("game.nfg", NFG_HEAD + "1 1 1e999999999 1 1 1 1 1\n"),
        ),
        id="nfg_huge_exponent",
    ),
    # Files: only regular files are read, and not too large ones.
    pytest.param(
        Case(
            ("solve", "game.nfg"),
            "game.nfg: is a FIFO (named pipe), not an .nfg text file",
            _fifo("game.nfg"),
        ),
        id="fifo_game",
    ),
    pytest.param(
        Case(
            ("show", "pipe.toml"),
            "pipe.toml: is a FIFO (named pipe), not a scenario file",
            _fifo("pipe.toml"),
        ),
        id="fifo_scenario",
    ),
    pytest.param(
        Case(
            ("solve", str(STAG_HUNT), "--points", "points.csv"),
            "points.csv: is a FIFO (named pipe), not a CSV file of points",
            _fifo("points.csv"),
        ),
        id="fifo_points",
    ),
    pytest.param(
        Case(
            ("solve", "random.nfg"),
            "random.nfg: is a character device, not an .nfg text file",
            _link("random.nfg", "/dev/urandom"),
        ),
        id="symlink_to_urandom",
    ),
    pytest.param(
        Case(
            ("check", "zero.toml"),
            "zero.toml: is a character device, not a scenario file",
            _link("zero.toml", "/dev/zero"),
        ),
        id="symlink_to_zero",
    ),
    pytest.param(
        Case(
            ("solve", str(STAG_HUNT), "--points", "latin1.csv"),
            "latin1.csv:3: not UTF-8 text: byte 0xe9",  # as for scenario and .nfg files
            _bytes("latin1.csv", b"stag,hare\n4,3\n4,\xe9\n"),
        ),
        id="points_not_utf8",
    ),
    pytest.param(
        Case(
            ("solve", str(STAG_HUNT), "--points", "zero.csv"),
            "zero.csv: is a character device, not a CSV file of points",
            _link("zero.csv", "/dev/zero"),
        ),
        id="points_symlink_to_zero",
    ),
    pytest.param(
        Case(
            ("solve", "folder.nfg"),
            "folder.nfg: is a directory, not an .nfg text file",
            lambda folder: (folder / "folder.nfg").mkdir(),
        ),
        id="directory",
    ),
    pytest.param(
        Case(
            ("solve", "large.nfg"),
            "large.nfg: is 11 MB, larger than the 10 MB limit for an .nfg text file",
            _sparse("large.nfg", 11 * 10**6),
        ),
        id="file_too_large",
    ),
    # Games too large for the exact method: refused before the work starts.
    pytest.param(
        Case(("solve", "g.nfg"), f"g.nfg: a 60x60 game is {TOO_LARGE}", _game("g.nfg", 60, 60)),
        id="game_60x60",
    ),
    pytest.param(
        Case(
            ("solve", "g.nfg", "--json"),
            f"g.nfg: a 40x30 game is {TOO_LARGE}",
            _game("g.nfg", 40, 30),
        ),
        id="game_40x30",
    ),
    pytest.param(
        Case(
            ("solve", "g.nfg"),
            "(--method lemke_howson) gives one equilibrium fast",
            _game("g.nfg", 25, 25),
        ),
        id="game_25x25",
    ),
    pytest.param(
        Case(
            ("export", "g.nfg", "--format", "json", "-o", "out.json"),
            TOO_LARGE,
            _game("g.nfg", 25, 25),
        ),
        id="export_25x25",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_one_error_at_once(case: Case, tmp_path: Path) -> None:
    case.make(tmp_path)
    before = sorted(path.name for path in tmp_path.iterdir())
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.monotonic()
    try:
        finished = subprocess.run(
            [sys.executable, "-m", "negotiation.cli.main", *case.args],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            timeout=TIME_BOUND,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"no answer within {TIME_BOUND} s")
    elapsed = time.monotonic() - start
    assert finished.returncode == 2, finished.stderr
    assert finished.stdout == ""
    lines = finished.stderr.splitlines()
    assert len(lines) == 1, finished.stderr
    assert lines[0].startswith("Error: ")
    assert case.message in lines[0]
    assert sorted(path.name for path in tmp_path.iterdir()) == before  # nothing written
    assert elapsed < TIME_BOUND
