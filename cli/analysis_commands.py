"""The ``thresholds`` and ``sweep`` commands, for ``cli.main`` to register on its group.

They parse options, call `negotiation.analysis`, and format the answer; no game theory here.
Bad input raises a `NegotiationError` (`OptionError` for the command line's own syntax), which
the main group prints as one ``Error:`` line with exit status 2.  This module does not import
``cli.main``, so that ``cli.main`` can import it at the top without a cycle.
"""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import click
from negotiation.cli.options import (
    OptionError,
    check_document,
    check_output,
    document_options,
    echo_report,
    emit_json,
    json_option,
    parse_assignments,
    preset_option,
    progress,
    samples_option,
    seed_option,
    set_option,
    write_document,
    write_output,
)

__all__ = ["COMMANDS", "OptionError", "parse_range", "sweep_command", "thresholds_command"]

RANGE_FORM = "PARAM=LOW:HIGH[:STEPS]"
DEFAULT_STEPS = 20


def parse_range(text: str) -> tuple[str, tuple[Fraction, Fraction, int]]:
    """``"drone_cost=0:10:20"`` as ``("drone_cost", (0, 10, 20))``; STEPS defaults to 20.

    Raises
    ------
    OptionError
        Naming the argument and what is wrong, for ``x=1:``, ``x=a:b``, ``x=0:1:0`` ...
    """
    from negotiation.errors import ScenarioError
    from negotiation.values import exact_number

    def bad(problem: str) -> OptionError:
        return OptionError(
            f"{RANGE_FORM} argument {text!r}: {problem} (e.g. drone_cost=0:10 or "
            f"drone_cost=0:10:{DEFAULT_STEPS})"
        )

    name, sep, spec = text.partition("=")
    name = name.strip()
    if not sep or not name:
        msg = "expected a parameter name, '=', then LOW:HIGH"
        raise bad(msg)
    parts = [part.strip() for part in spec.split(":")]
    if len(parts) not in (2, 3):
        msg = "expected LOW:HIGH or LOW:HIGH:STEPS"
        raise bad(msg)
    for part, what in zip(parts, ("LOW", "HIGH", "STEPS"), strict=False):
        if not part:
            msg = f"{what} is missing"
            raise bad(msg)
    try:
        low, high = (exact_number(part) for part in parts[:2])
    except ScenarioError as error:
        msg = f"LOW and HIGH must be numbers such as 0, 2.5 or 3/2 ({error.message})"
        raise bad(msg) from None
    if not low < high:
        msg = f"LOW ({low}) must be below HIGH ({high})"
        raise bad(msg)
    steps = DEFAULT_STEPS
    if len(parts) == 3:
        try:
            steps = int(parts[2])
        except ValueError:
            msg = f"STEPS must be a whole number, got {parts[2]!r}"
            raise bad(msg) from None
        if steps < 1:
            msg = f"STEPS must be at least 1, got {steps}"
            raise bad(msg)
    return name, (low, high, steps)


def _load(source: str, presets: Sequence[str], assignments: Sequence[str]) -> tuple:
    from negotiation.scenario import load_scenario

    scenario = load_scenario(source)
    return scenario, scenario.values(presets, parse_assignments(assignments))


@click.command("thresholds")
@click.argument("scenario")
@click.argument("parameter")
@set_option
@preset_option
@click.option(
    "--symbolic",
    is_flag=True,
    help="Also give each threshold as a formula in the other parameters.",
)
@click.option(
    "--best-responses",
    is_flag=True,
    help="Also list values where a best reply flips, even if the equilibria do not change.",
)
@samples_option(500, "Draws of the other parameters for each threshold's uncertainty.")
@seed_option
@click.option(
    "--no-uncertainty",
    is_flag=True,
    help="The exact thresholds alone, without their spread over the other parameters.",
)
@json_option
@document_options
def thresholds_command(
    scenario: str,
    parameter: str,
    assignments: tuple[str, ...],
    presets: tuple[str, ...],
    symbolic: bool,
    best_responses: bool,
    samples: int,
    seed: int,
    no_uncertainty: bool,
    as_json: bool,
    fmt: str | None,
    output: str | None,
    force: bool,
    decimals: int | None,
) -> None:
    """Find the exact values of PARAMETER where the equilibria of SCENARIO change.

    Searches PARAMETER's declared range, the other parameters held at their baseline or at
    the --set/--preset values.  Each threshold is exact (a fraction, or a root such as
    sqrt(2)), with the equilibria just below and just above it; then the regions between
    thresholds.  No scan: the values come from the payoff formulas.  Then its uncertainty:
    where the same change happens when the parameters not set or preset are drawn over their
    declared ranges (median, 5-95% interval, share of draws with no such threshold).

    \b
    Examples:
      negotiation thresholds idlib-offensive drone_cost
      negotiation thresholds idlib-offensive drone_cost --symbolic --no-uncertainty
      negotiation thresholds idlib-offensive drone_cost --preset drones --json
      negotiation thresholds idlib-offensive drone_cost --format latex -o thresholds.tex
    """
    check_document(fmt, output, force, decimals, as_json)
    model, values = _load(scenario, presets, assignments)
    result = model.thresholds(
        parameter,
        presets,
        best_responses=best_responses,
        symbolic=symbolic,
        samples=None if no_uncertainty else samples,
        seed=seed,
        **parse_assignments(assignments),
    )
    if as_json:
        emit_json(result.to_json())
    elif fmt is not None:
        from negotiation.provenance import provenance

        write_document(result, fmt, output, force, decimals, provenance(model, values))
    else:
        echo_report(result.text())


@click.command("sweep")
@click.argument("scenario")
@click.argument("ranges", nargs=-1, required=True, metavar=f"{RANGE_FORM} [{RANGE_FORM}]")
@set_option
@preset_option
@click.option(
    "--csv",
    "csv_path",
    metavar="FILE",
    help="Write one row per grid point and equilibrium to FILE ('-': standard output).",
)
@click.option(
    "--plot",
    "plot_path",
    metavar="FILE.png|FILE.svg",
    help="Draw the sweep (needs matplotlib: pip install 'negotiation[plot]').",
)
@json_option
@click.option("--force", is_flag=True, help="Overwrite --csv and --plot files that exist.")
def sweep_command(
    scenario: str,
    ranges: tuple[str, ...],
    assignments: tuple[str, ...],
    presets: tuple[str, ...],
    csv_path: str | None,
    plot_path: str | None,
    as_json: bool,
    force: bool,
) -> None:
    """Solve SCENARIO exactly across a grid of one or two parameters.

    Each range is PARAM=LOW:HIGH, optionally :STEPS (default 20 steps, so 21 values).  For one
    parameter the report lists the regions where the equilibria keep the same strategies,
    with exact boundaries; for two, a map of the outcomes.

    \b
    Examples:
      negotiation sweep idlib-offensive drone_cost=0.25:3
      negotiation sweep idlib-offensive drone_cost=0.25:3:40 --csv sweep.csv --plot sweep.png
      negotiation sweep idlib-offensive drone_cost=0.25:3 c_ties=4:10:12 --plot map.svg
    """
    from negotiation.analysis.sweep import sweep

    if len(ranges) > 2:
        msg = f"{RANGE_FORM}: give one or two ranges, got {len(ranges)}"
        raise OptionError(msg)
    parsed: dict[str, tuple[Fraction, Fraction, int]] = {}
    for text in ranges:
        name, spec = parse_range(text)
        if name in parsed:
            msg = f"{RANGE_FORM}: {name} is given twice"
            raise OptionError(msg)
        parsed[name] = spec
    if csv_path == "-" and as_json:
        msg = "--csv - and --json both write to standard output: choose one"
        raise OptionError(msg)
    if plot_path is not None:
        if Path(plot_path).suffix.lower() not in (".png", ".svg"):
            msg = f"--plot: {plot_path} must end in .png or .svg"
            raise OptionError(msg)
        if importlib.util.find_spec("matplotlib") is None:
            msg = "--plot: plotting needs matplotlib: pip install 'negotiation[plot]'"
            raise OptionError(msg)
    check_output(csv_path, force, "--csv")
    check_output(plot_path, force, "--plot")

    model, values = _load(scenario, presets, assignments)
    total = math.prod(steps + 1 for _, _, steps in parsed.values())
    with progress(total, "Solving", quiet=as_json or csv_path == "-") as update:
        result = sweep(model, parsed, values, progress=update)
    if csv_path is not None:
        write_output(result.to_csv(), None if csv_path == "-" else csv_path, force, "--csv")
    if plot_path is not None:
        from negotiation.figures import figure_bytes, plot_format

        figure = result.plot()
        write_output(figure_bytes(figure, plot_format(plot_path)), plot_path, force, "--plot")
    if as_json:
        emit_json(result.to_json())
    elif csv_path != "-":
        echo_report(result.text())


COMMANDS = (thresholds_command, sweep_command)
