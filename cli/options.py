"""Options and helpers shared by every command: --set, --preset, --json.

Kept apart from `cli.main` so that command modules can import them at the top without an
import cycle.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

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
