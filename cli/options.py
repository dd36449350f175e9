"""Options and helpers shared by every command: --set, --preset, --json, writing output files.

Kept apart from `cli.main` so that command modules can import them at the top without an
import cycle.
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import click

from negotiation.errors import NegotiationError


class OptionError(NegotiationError):
    """A command-line value that cannot be read; the message names the option."""


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    """``["a=1", "b=3/2"]`` as ``{"a": "1", "b": "3/2"}``; the scenario checks the values."""
    values = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            msg = f"--set expects NAME=VALUE, e.g. --set drone_cost=6, got {item!r}"
            raise OptionError(msg)
        values[name.strip()] = value.strip()
    return values


def emit_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def fold(text: str, width: int | None = None) -> str:
    """``text`` with each long line of words folded to ``width`` (the terminal's, or 100
    columns when output is not a terminal), continuation lines indented under their line.

    Tables are folded cell by cell where they are built (`negotiation.display.fit_table`);
    this catches the sentences around them (a list of 23 drawn ranges, a claim's test).
    Lines of fewer than four words (a row of the sweep's character map) are left whole.
    """
    from negotiation.display import terminal_width

    width = terminal_width() if width is None else width
    lines = []
    for line in text.split("\n"):
        if len(line) <= width or len(line.split()) < 4:
            lines.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        lines += textwrap.wrap(
            line.strip(),
            width,
            initial_indent=indent,
            subsequent_indent=indent + "    ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    return "\n".join(lines)


def echo_report(text: str) -> None:
    """Print a report, folded to the terminal's width (`fold`)."""
    click.echo(fold(text))


@contextmanager
def progress(
    total: int, label: str, quiet: bool = False
) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on standard error for a long run, only when standard error is a
    terminal (and not ``quiet``): scripts, pipes and ``--json`` stay clean.

    Yields the function to call with each amount of work done, or None when no bar is shown.
    """
    if quiet or total <= 1 or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update


@contextmanager
def counter(label: str, quiet: bool = False) -> Iterator[Callable[[int], None] | None]:
    """A running count on standard error for a long run whose total is not known in
    advance (the vertices a large game's walk meets), only when standard error is a
    terminal (and not ``quiet``).  It appears after the first call, rewrites one line, and
    is cleared at the end, so that the report that follows starts on a clean line.

    Yields the function to call with each amount of work done, or None when nothing is shown.
    """
    if quiet or not sys.stderr.isatty():
        yield None
        return
    done = 0

    def update(amount: int) -> None:
        nonlocal done
        done += amount
        click.echo(f"\r{label}: {done:,}", file=sys.stderr, nl=False)

    try:
        yield update
    finally:
        if done:
            click.echo("\r\033[K", file=sys.stderr, nl=False)


set_option = click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set a parameter (repeatable), e.g. --set drone_cost=6 or --set share=3/4.",
)
preset_option = click.option(
    "--preset",
    "presets",
    multiple=True,
    metavar="NAME",
    help="Apply a named what-if from the scenario (repeatable; later ones win).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
seed_option = click.option(
    "--seed", type=int, default=0, show_default=True, help="Same seed, same report."
)


def samples_option(default: int, help_text: str):
    """``--samples N``: how many random draws a command makes (at least one)."""
    return click.option(
        "--samples",
        type=click.IntRange(min=1),
        default=default,
        show_default=True,
        help=help_text,
    )


def check_output(path: str | None, force: bool, option: str | None = None) -> None:
    """Refuse, before any long work, a file that exists when ``--force`` is not given.

    ``None`` and ``"-"`` (standard output) are always fine.  `write_output` checks again
    when it writes, without a race: this only saves the user the wait.

    Raises
    ------
    OptionError
        Naming the option and the file.
    """
    if path not in (None, "-") and Path(path).exists() and not force:
        label = f"{option}: " if option else ""
        msg = f"{label}{path} exists; use --force to overwrite it"
        raise OptionError(msg)


def write_output(
    content: str | bytes, output: str | None, force: bool, option: str | None = None
) -> None:
    """Print ``content``, or write it to ``output``, never replacing a file without ``--force``.

    The one way every command writes a file (``export -o``, ``sweep --csv/--plot``,
    ``robustness --csv``, ``whatif/thresholds/check -o``, ``report -o``, ``learn --plot``):
    the file is opened in exclusive-create mode unless ``force``, so an existing file is never
    replaced by accident.  ``option`` (``"--csv"``) names the option in the messages when the
    command has several outputs.  Text is written as UTF-8 with the newlines given; bytes
    (a PNG) as they are.

    Raises
    ------
    OptionError
        When the file exists and ``force`` is false, or cannot be written.
    """
    if output is None or output == "-":
        if isinstance(content, bytes):
            msg = f"{option or 'the output'}: binary output needs a file name"
            raise OptionError(msg)
        click.echo(content, nl=not content.endswith("\n"))
        return
    from negotiation.output import write_file

    try:
        write_file(output, content, force)
    except NegotiationError as error:
        label = f"{option}: " if option else ""
        msg = f"{label}{error}"
        raise OptionError(msg) from None
    click.echo(f"Wrote {output}", err=True)


force_option = click.option(
    "--force", is_flag=True, help="Replace output files that exist (never replaced otherwise)."
)


def apply_options(command: Callable, options: Sequence[Callable]) -> Callable:
    """``command`` decorated with ``options`` as if written above it in this order."""
    for option in reversed(options):
        command = option(command)
    return command


def document_options(command: Callable) -> Callable:
    """``--format latex|markdown``, ``-o/--output FILE``, ``--force`` and ``--decimals N``:
    a result written for a paper or notes, as ``export`` writes a game."""
    options = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(["latex", "markdown"]),
            help="Write the report as LaTeX tables (tabular) or Markdown tables instead of text.",
        ),
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False),
            help="With --format: write to FILE, not standard output.",
        ),
        force_option,
        click.option(
            "--decimals",
            type=click.IntRange(0, 15),
            metavar="N",
            help="With --format: numbers in the tables with N decimals (default: exact, "
            "e.g. \\frac{19}{20}).",
        ),
    ]
    return apply_options(command, options)


def check_document(
    fmt: str | None, output: str | None, force: bool, decimals: int | None, as_json: bool
) -> None:
    """Refuse options of `document_options` that make no sense together, and an existing
    output file, before any work."""
    if fmt is None and (output is not None or decimals is not None):
        msg = "--output and --decimals go with --format latex or --format markdown"
        raise OptionError(msg)
    if fmt is not None and as_json:
        msg = "choose one of --json and --format"
        raise OptionError(msg)
    check_output(output, force)


def write_document(
    result: object,
    fmt: str,
    output: str | None,
    force: bool,
    decimals: int | None,
    provenance: dict,
) -> None:
    """Write ``result`` (a `negotiation.display.Report`) as LaTeX or Markdown, with its
    provenance in a comment (`negotiation.export.report_document`)."""
    from negotiation.export import report_document

    write_output(report_document(result, fmt, provenance, decimals), output, force)


def matrix_options(command: Callable) -> Callable:
    """``--matrix``, ``--players``, ``--strategies``: a small bimatrix typed on the line."""
    options = [
        click.option(
            "--matrix",
            metavar='"a,b c,d; ..."',
            help='A two-player game typed in: rows separated by ";", cells by spaces, '
            '"row,column" payoffs in each cell, e.g. --matrix "3,3 0,5; 5,0 1,1".',
        ),
        click.option(
            "--players", metavar="ROW,COLUMN", help="With --matrix: the two players' names."
        ),
        click.option(
            "--strategies",
            metavar="A,B;C,D",
            help="With --matrix: the row player's labels, ';', the column player's "
            "(one list: both players).",
        ),
    ]
    return apply_options(command, options)


def matrix_source(
    matrix: str | None, players: str | None, strategies: str | None
) -> tuple[str, str | None, str | None] | None:
    """The ``matrix`` argument of `Loaded`, refusing labels without a matrix."""
    if matrix is None:
        if players is not None or strategies is not None:
            msg = "--players and --strategies go with --matrix"
            raise OptionError(msg)
        return None
    return matrix, players, strategies
