"""The ``report`` command, for `cli.main` to register: one HTML page to share."""

from __future__ import annotations

import click
from negotiation.cli.options import OptionError, check_output, force_option


@click.command("report")
@click.argument("scenario")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    metavar="FILE.html",
    help="The page to write (never replaced without --force).",
)
@force_option
@click.option(
    "--map",
    "map_parameters",
    metavar="X[,Y]",
    help="The region map's parameters (default: the two with a threshold nearest the "
    "baseline, relative to their ranges).",
)
def report(scenario: str, output: str, force: bool, map_parameters: str | None) -> None:
    """Write one self-contained HTML page about SCENARIO, to share.

    The page holds the model with every parameter's source, the equilibria at the baseline
    and under each preset, the exact thresholds of every parameter at the baseline, a region
    map and the claims with their verdicts.  It needs no server and no network: open it in
    any browser, attach it to an e-mail.  Computing every threshold takes a few seconds.

    \b
    Examples:
      negotiation report idlib-offensive -o offensive.html
      negotiation report idlib-offensive -o offensive.html --map drone_cost,c_ties --force
    """
    from negotiation.report import write_report
    from negotiation.scenario import load_scenario

    check_output(output, force)
    names = None
    if map_parameters is not None:
        names = [name.strip() for name in map_parameters.split(",") if name.strip()]
        if not 1 <= len(names) <= 2:
            msg = f"--map: give one or two parameters, got {map_parameters!r}"
            raise OptionError(msg)
    write_report(load_scenario(scenario), output, force, names)
    click.echo(f"Wrote {output}", err=True)
