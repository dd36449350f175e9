"""Commands that solve a scenario at many points: ``robustness``, and ``solve --points``.

``robustness`` is a click command for the main group; `solve_points` does the work of
``negotiation solve SCENARIO --points FILE.csv``.  Both raise `NegotiationError` on bad input,
which the main group turns into one ``Error:`` line and exit status 2.  The library is imported
inside the functions, so that registering these commands costs ``--help`` nothing.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence

import click
from negotiation.cli.options import (
    check_output,
    echo_report,
    emit_json,
    force_option,
    parse_assignments,
    progress,
    samples_option,
    seed_option,
    write_output,
)

from negotiation.errors import NegotiationError

__all__ = ["robustness", "solve_points"]


@click.command()
@click.argument("scenario")
@samples_option(10_000, "Number of random draws of the parameters.")
@seed_option
@click.option(
    "--dist",
    type=click.Choice(["uniform", "triangular"]),
    default="uniform",
    show_default=True,
    help="uniform on each range, or triangular peaked at the parameter's value.",
)
@click.option(
    "--vary",
    metavar="NAME,...",
    help="Draw only these parameters (comma-separated); the others keep their values.",
)
@click.option(
    "--preset",
    "presets",
    multiple=True,
    metavar="NAME",
    help="Apply a named what-if first (repeatable; later ones win).",
)
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set a parameter first (repeatable), e.g. --set drone_cost=6.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Also write every draw (values and outcome) to FILE.",
)
@force_option
def robustness(
    scenario: str,
    samples: int,
    seed: int,
    dist: str,
    vary: str | None,
    presets: tuple[str, ...],
    assignments: tuple[str, ...],
    as_json: bool,
    csv_path: str | None,
    force: bool,
) -> None:
    """How robust SCENARIO's conclusions are to its uncertain parameters.

    Draws the parameters at random within their plausible ranges, solves every draw, and
    reports the share of draws in each equilibrium outcome and in which each claim holds
    (with 95% intervals), and which parameters the outcome is most sensitive to.

    \b
    Examples:
      negotiation robustness idlib-offensive
      negotiation robustness idlib-offensive --samples 100000 --dist triangular
      negotiation robustness idlib-offensive --vary drone_cost,escalation_risk --json
    """
    from negotiation.provenance import provenance
    from negotiation.robustness import robustness as run
    from negotiation.robustness import solves_needed
    from negotiation.scenario import load_scenario

    check_output(csv_path, force, "--csv")
    model = load_scenario(scenario)
    overrides = parse_assignments(assignments)
    _keep_freed_memory()
    names = None if vary is None else [name.strip() for name in vary.split(",") if name.strip()]
    options = {
        "seed": seed,
        "dist": dist,
        "vary": names,
        "presets": presets,
        "overrides": overrides,
    }
    with progress(solves_needed(model, samples, names), "Solving", quiet=as_json) as update:
        result = run(model, samples, progress=update, **options)
    if csv_path is not None:
        buffer = io.StringIO()
        result.write_csv(buffer)
        write_output(buffer.getvalue(), csv_path, force, "--csv")
    if as_json:
        emit_json({**result.to_json(), **provenance(model, model.values(presets, overrides))})
    else:
        echo_report(result.text())


def solve_points(
    scenario_name: str,
    points_csv: str,
    as_json: bool,
    as_csv: bool,
    presets: Sequence[str],
    assignments: Sequence[str],
) -> None:
    """``negotiation solve SCENARIO --points FILE.csv``: every equilibrium at every point.

    The CSV's header names parameters; each row is a point.  Parameters without a column take
    their values from the scenario, after ``presets`` and ``assignments`` (``NAME=VALUE``).
    Prints the share of points in each outcome and the first points (`BatchResult.text`), or
    with ``as_json`` the object ``{"points": [{"parameters": ..., "equilibria": [...]}]}``
    with provenance, or with ``as_csv`` one row per point and equilibrium; both streamed.

    Raises
    ------
    NegotiationError
        For a bad scenario, preset, assignment or points file (naming the file and line).
    """
    from negotiation.batch import read_points, solve_batch
    from negotiation.batch.parallel import write_points
    from negotiation.provenance import provenance
    from negotiation.scenario import load_scenario

    if as_json and as_csv:
        msg = "choose one of --json and --csv"
        raise NegotiationError(msg)
    model = load_scenario(scenario_name)
    base = model.values(presets, parse_assignments(assignments))
    _keep_freed_memory()
    if as_json:  # compact: 10^5 points make hundreds of MB once indented
        write_points(
            model, points_csv, sys.stdout, "json", base=base, extra=provenance(model, base)
        )
        sys.stdout.write("\n")
    elif as_csv:
        write_points(model, points_csv, sys.stdout, "csv", base=base)
    else:
        points = read_points(model, points_csv)
        with progress(points.count, "Solving") as update:
            echo_report(solve_batch(model, points, base=base, progress=update).text())


def _keep_freed_memory() -> None:
    """Have glibc's malloc keep freed memory for reuse, rather than give it back at once.

    Why: the batch work allocates and frees arrays of megabytes chunk after chunk, and by
    default glibc unmaps or trims them, so that the next chunk maps them again at a page fault
    per 4 KB: a tenth of ``solve --points`` on 10^5 rows.  A command is short-lived, so holding
    its peak memory costs nothing.  Nothing happens where the C library has no ``mallopt``.
    """
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    trim_threshold, mmap_threshold = -1, -3  # M_TRIM_THRESHOLD, M_MMAP_THRESHOLD (malloc.h)
    mallopt(mmap_threshold, 32 << 20)  # glibc's largest
    mallopt(trim_threshold, 1 << 30)
