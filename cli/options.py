"""Options and helpers shared by every command: --set, --preset, --json, writing output files.

Kept apart from `cli.main` so that command modules can import them at the top without an
import cycle.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
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


def write_output(text: str, output: str | None, force: bool, option: str | None = None) -> None:
    """Print ``text``, or write it to ``output``, never replacing a file without ``--force``.

    ``option`` (``"--csv"``) names the option in the messages when the command has several
    outputs.

    Raises
    ------
    OptionError
        When the file exists and ``force`` is false, or cannot be written.
    """
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    label = f"{option}: " if option else ""
    try:
        with Path(output).open("w" if force else "x", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except FileExistsError:
        msg = f"{label}{output} exists; use --force to overwrite it"
        raise OptionError(msg) from None
    except OSError as error:
        msg = f"{label}{output}: cannot write: {error.strerror}"
        raise OptionError(msg) from None
    click.echo(f"Wrote {output}", err=True)
