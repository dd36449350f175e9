"""One rule for every file the toolkit writes: an existing file is never replaced without
``--force`` (`cli.options.write_output`), and the refusal is one ``Error:`` line, exit 2."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

PLOT = pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None, reason="matplotlib not installed"
)

# Each command with the option that names its file; FILE is replaced by a path.
WRITERS = [
    pytest.param(["export", "stag-hunt", "--format", "latex", "-o", "FILE"], "", id="export"),
    pytest.param(["sweep", "stag-hunt", "stag=3:5:2", "--csv", "FILE"], "--csv: ", id="sweep-csv"),
    pytest.param(
        ["sweep", "stag-hunt", "stag=3:5:2", "--plot", "FILE.png"],
        "--plot: ",
        id="sweep-plot",
        marks=PLOT,
    ),
    pytest.param(
        ["robustness", "stag-hunt", "--samples", "20", "--csv", "FILE"],
        "--csv: ",
        id="robustness-csv",
    ),
    pytest.param(
        ["whatif", "stag-hunt", "--set", "stag=5", "--format", "latex", "-o", "FILE"],
        "",
        id="whatif",
    ),
    pytest.param(
        ["thresholds", "stag-hunt", "stag", "--format", "markdown", "-o", "FILE"],
        "",
        id="thresholds",
    ),
    pytest.param(["check", "stag-hunt", "--format", "latex", "-o", "FILE"], "", id="check"),
    pytest.param(["report", "stag-hunt", "-o", "FILE.html"], "", id="report", marks=PLOT),
    pytest.param(
        ["learn", "matching-pennies", "--steps", "20", "--plot", "FILE.png"],
        "--plot: ",
        id="learn-plot",
        marks=PLOT,
    ),
]


def _arguments(command: list[str], path: Path) -> tuple[list[str], Path]:
    written = None
    arguments = []
    for item in command:
        if item.startswith("FILE"):
            written = path.with_name(path.name + item.removeprefix("FILE"))
            item = str(written)
        arguments.append(item)
    assert written is not None
    return arguments, written


@pytest.mark.parametrize(("command", "label"), WRITERS)
def test_never_replaces_a_file_without_force(tmp_path: Path, command, label: str) -> None:
    arguments, path = _arguments(command, tmp_path / "out")
    path.write_text("precious", encoding="utf-8")
    refused = CliRunner().invoke(cli, arguments)
    assert refused.exit_code == 2, refused.output
    assert f"Error: {label}{path} exists; use --force to overwrite it" in refused.output
    assert path.read_text(encoding="utf-8") == "precious"
    replaced = CliRunner().invoke(cli, [*arguments, "--force"])
    assert replaced.exit_code == 0, replaced.output
    assert path.read_bytes() != b"precious"
    assert f"Wrote {path}" in replaced.output


@pytest.mark.parametrize(("command", "label"), WRITERS)
def test_writes_a_new_file(tmp_path: Path, command, label: str) -> None:
    arguments, path = _arguments(command, tmp_path / "new")
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    assert path.stat().st_size > 0


STAG_HUNT = "tests/data/scenarios/stag-hunt.toml"  # stag = 7/2 lies in its range


@pytest.mark.parametrize(
    ("command", "wanted"),
    [
        pytest.param(
            ["thresholds", STAG_HUNT, "hare", "--set", "stag=7/2", "--format", "latex"],
            r"$\frac{7}{2}$ (about 3.5) & ",  # hare = stag
            id="thresholds-exact",
        ),
        pytest.param(
            [
                "thresholds",
                STAG_HUNT,
                "hare",
                "--set",
                "stag=7/2",
                "--format",
                "latex",
                "--decimals",
                "2",
            ],
            "\n3.50 & ",
            id="thresholds-decimals",
        ),
        pytest.param(
            ["whatif", "stag-hunt", "--set", "stag=5", "--format", "markdown", "--decimals", "2"],
            "| after the change | 3 | 0.60 Stag + 0.40 Hare | 0.60 Stag + 0.40 Hare | 3.00 |",
            id="whatif-markdown",
        ),
        pytest.param(
            ["check", "stag-hunt", "--format", "latex"],
            r"\begin{tabular}{llllll}",  # verdict, claim, test, baseline, fails where, source
            id="check-latex",
        ),
    ],
)
def test_reports_for_papers(command: list[str], wanted: str) -> None:
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    assert wanted in result.output
    first = result.output.splitlines()[0]
    assert first.startswith(("% negotiation ", "<!-- negotiation "))
    # provenance names the file and its hash, never a directory of the user's machine
    assert ".toml (sha256:" in first
    assert "/" not in first.split(";")[2]


def test_decimals_need_a_format() -> None:
    result = CliRunner().invoke(cli, ["check", "stag-hunt", "--decimals", "2"])
    assert result.exit_code == 2
    assert "Error: --output and --decimals go with --format" in result.output
