"""The documentation's examples, run, so that the README and the pages under docs/ stay true.

For the README and every Markdown file under ``docs/``, in document order and inside a fresh
temporary directory (a fresh Python namespace per file):

- each line of a ```console block that starts with ``$ negotiation `` is run through
  ``negotiation.cli.main.cli`` (click's ``CliRunner``; the line is split with ``shlex``, so a
  trailing ``# comment`` is ignored).  The exit status must be 0, or the N of a trailing comment
  ``# exit status N``.  The lines after the command, up to the next ``$`` line, are an excerpt
  of its output: each must appear, in order, in the real output (stdout and stderr), compared
  with runs of spaces collapsed; a line ``...`` stands for lines left out, and ``...``
  inside a line for text left out.  ``> FILE`` at the end writes standard output to FILE,
  as a shell would.  Other ``$`` lines (``pip install``, ``Rscript``) are not run;
- each ```python block is executed, the blocks of one file in order in one namespace.  A
  ```text block right after the HTML comment ``<!-- output -->`` is an excerpt of what the
  Python block before it prints, checked the same way;
- a fenced block right after the HTML comment ``<!-- file: NAME -->`` is written to ``NAME``
  before anything after it runs (a scenario file, a CSV of points).  With
  ``<!-- file: NAME, part PART -->`` the file is built from parts, in the order they first
  appear, and a later block of the same part replaces the earlier one (a corrected section).

Examples that draw plots (``--plot``, ``.plot(``, ``matplotlib``) run only when matplotlib is
installed, and those that use pandas only when pandas is; the optional extras are not part of
the test install.  Keep the examples fast: this whole file should run in seconds.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import shlex
import warnings
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

from negotiation.scenario import RangeWarning

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
EXAMPLES = [ROOT / "README.md", *PAGES]

_FENCE = re.compile(r"^```(\S*)\s*$")
_MARKER = re.compile(
    r"^<!--\s*(file:\s*(?P<file>[^\s,]+)(,\s*part\s+(?P<part>\S+))?|(?P<output>output))\s*-->$"
)
_STATUS = re.compile(r"#\s*exit status (\d+)")
_OPTIONAL = {
    "matplotlib": re.compile(r"--plot\b|\.plot\(|\bmatplotlib\b"),
    "pandas": re.compile(r"\bpandas\b|\bpd\."),
}


@dataclass(frozen=True)
class Block:
    """A fenced code block: its language, text, first line, and the marker before it."""

    lang: str
    text: str
    line: int
    file: str | None = None
    part: str = ""
    output: bool = False


def read_blocks(path: Path) -> list[Block]:
    """The fenced blocks of a Markdown file, in order, with the marker just before each."""
    blocks: list[Block] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    marker = None
    index = 0
    while index < len(lines):
        line = lines[index]
        opening = _FENCE.match(line)
        if opening:
            start = index + 1
            end = start
            while end < len(lines) and lines[end].strip() != "```":
                end += 1
            assert end < len(lines), f"{path}:{index + 1}: unclosed ``` block"
            found = _MARKER.match(marker or "")
            blocks.append(
                Block(
                    opening.group(1),
                    "\n".join(lines[start:end]) + "\n",
                    start + 1,
                    found.group("file") if found else None,
                    (found.group("part") or "") if found else "",
                    bool(found and found.group("output")),
                )
            )
            index = end + 1
            marker = None
            continue
        if line.strip():
            marker = line.strip()
        index += 1
    return blocks


def missing_module(text: str) -> str | None:
    """The optional module an example needs and this installation lacks, if any."""
    for module, pattern in _OPTIONAL.items():
        if pattern.search(text) and importlib.util.find_spec(module) is None:
            return module
    return None


def _normal(text: str) -> str:
    return " ".join(text.split())


def _contains(line: str, wanted: str) -> bool:
    """Whether ``line`` holds ``wanted``, where ``...`` inside it stands for any text."""
    start = 0
    for piece in wanted.split("..."):
        piece = piece.strip()
        found = line.find(piece, start)
        if found < 0:
            return False
        start = found + len(piece)
    return True


def assert_excerpt(excerpt: list[str], output: str, where: str) -> None:
    """Each excerpt line appears in ``output``, in order, spaces collapsed; ``...`` skips."""
    real = [_normal(line) for line in output.splitlines()]
    position = 0
    for wanted in excerpt:
        wanted = _normal(wanted)
        if not wanted or wanted == "...":
            continue
        for index in range(position, len(real)):
            if _contains(real[index], wanted):
                position = index + 1
                break
        else:
            pytest.fail(
                f"{where}: the docs show {wanted!r}, which is not in the real output "
                f"(after line {position}):\n{output}"
            )


def console_examples(block: Block) -> list[tuple[int, str, list[str]]]:
    """``(line, command, excerpt)`` for each ``$ `` line of a console block."""
    examples: list[tuple[int, str, list[str]]] = []
    for offset, line in enumerate(block.text.splitlines()):
        if line.startswith("$ "):
            examples.append((block.line + offset, line[2:], []))
        elif examples:
            examples[-1][2].append(line)
    return examples


def run_command(command: str, excerpt: list[str], where: str) -> None:
    status = _STATUS.search(command)
    expected = int(status.group(1)) if status else 0
    args = shlex.split(command, comments=True)[1:]
    target = None
    if ">" in args:  # `negotiation ... --json > out.json`: standard output to a file
        position = args.index(">")
        args, target = args[:position], args[position + 1]
    result = CliRunner().invoke(cli, args, prog_name="negotiation")
    if target is not None:
        Path(target).write_text(result.stdout, encoding="utf-8")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        msg = f"{where}: `{command}` raised"
        raise AssertionError(msg) from result.exception
    assert result.exit_code == expected, (
        f"{where}: `{command}` exited with {result.exit_code}, the docs imply {expected}:\n"
        f"{result.output}"
    )
    assert_excerpt(excerpt, result.output, where)


def run_python(block: Block, namespace: dict, page: Path) -> str:
    where = f"{page.relative_to(ROOT)}:{block.line}"
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout), warnings.catch_warnings():
        # The docs show values outside a parameter's plausible range on purpose, and say so.
        warnings.simplefilter("ignore", RangeWarning)
        exec(compile(block.text, where, "exec"), namespace)
    return stdout.getvalue()


@pytest.mark.parametrize("page", EXAMPLES, ids=[str(p.relative_to(ROOT)) for p in EXAMPLES])
def test_examples(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "__docs__"}
    printed: str | None = None
    files: dict[str, dict[str, str]] = {}
    for block in read_blocks(page):
        where = f"{page.relative_to(ROOT)}:{block.line}"
        if block.file is not None:
            parts = files.setdefault(block.file, {})
            parts[block.part] = block.text
            (tmp_path / block.file).write_text("\n".join(parts.values()), encoding="utf-8")
        if block.lang == "console":
            for line, command, excerpt in console_examples(block):
                if not command.startswith("negotiation ") or missing_module(command):
                    continue
                run_command(command, excerpt, f"{page.relative_to(ROOT)}:{line}")
        if block.lang == "python":
            printed = None if missing_module(block.text) else run_python(block, namespace, page)
            continue
        if block.output and printed is not None:
            assert_excerpt(block.text.splitlines(), printed, where)
        printed = None


def test_pages_have_examples() -> None:
    """The pages exist, and the how-to guides and tutorial show commands that are run."""
    names = {str(page.relative_to(DOCS)) for page in PAGES}
    for name in (
        "index.md",
        "tutorial.md",
        "how-to/find-a-threshold.md",
        "how-to/plot-for-a-paper.md",
        "how-to/write-your-own-scenario.md",
        "how-to/robustness.md",
        "how-to/teach-with-classic-games.md",
        "reference/cli.md",
        "reference/python-api.md",
        "reference/json.md",
    ):
        assert name in names, f"docs/{name} is missing"
    for page in PAGES:
        if page.name in ("index.md", "models.md", "scenario-format.md", "json.md"):
            continue
        commands = [
            command
            for block in read_blocks(page)
            if block.lang == "console"
            for _, command, _ in console_examples(block)
            if command.startswith("negotiation ")
        ]
        pythons = [block for block in read_blocks(page) if block.lang == "python"]
        assert commands or pythons, f"{page} has no example that the tests run"


def test_index_links_every_page() -> None:
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in PAGES:
        if page.name != "index.md":
            assert f"({page.relative_to(DOCS)})" in index, f"docs/index.md does not link {page}"


def test_cli_reference_covers_every_option() -> None:
    """docs/reference/cli.md has a section for every command and names each of its options
    (its help texts do): a new option fails here until the reference shows it."""
    reference = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"## negotiation {name}" in reference, f"cli.md has no section for {name}"
        for parameter in command.params:
            if not isinstance(parameter, click.Option):
                continue
            for option in parameter.opts:
                named = re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", reference)
                assert named, f"docs/reference/cli.md does not document `{name} {option}`"


def _anchors(text: str) -> set[str]:
    """The anchors GitHub gives a page's headings: lower case, punctuation dropped."""
    found = set()
    for line in re.sub(r"```.*?```", "", text, flags=re.S).splitlines():
        if line.startswith("#"):
            heading = re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower())
            found.add(heading.replace(" ", "-"))
    return found


def test_links_resolve() -> None:
    """Every relative link between the pages names a file that exists, and a heading in it."""
    for page in PAGES:
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
        for link in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", link):
                continue
            name, _, anchor = link.partition("#")
            target = (page.parent / name).resolve() if name else page
            assert target.exists(), f"{page}: broken link {link}"
            if anchor:
                headings = _anchors(target.read_text(encoding="utf-8"))
                assert anchor in headings, f"{page}: no heading for {link}"
