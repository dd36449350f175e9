"""The ``learn`` command, for `cli.main` to register: learning dynamics on a classic game.

It parses options, calls `negotiation.dynamics.learn`, and writes the report, the JSON or the
plot; no game theory here.  `cli.main` is imported inside the command (it imports this module).
"""

from __future__ import annotations

import click
from negotiation.cli.options import (
    check_output,
    echo_report,
    emit_json,
    force_option,
    json_option,
    matrix_options,
    matrix_source,
    preset_option,
    set_option,
    write_output,
)

__all__ = ["learn"]


@click.command()
@click.argument("game", required=False)
@click.option(
    "--dynamics",
    type=click.Choice(["fictitious-play", "replicator"]),
    default="fictitious-play",
    show_default=True,
    help="fictitious-play: best replies to the other's past frequencies; replicator: "
    "strategy shares grow with their payoff advantage.",
)
@click.option(
    "--steps",
    type=click.IntRange(min=1, max=1_000_000),
    default=200,
    show_default=True,
    help="Rounds of fictitious play, or points of the replicator path (0.1 time apart).",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Fictitious play's tie-breaking."
)
@click.option(
    "--plot",
    "plot_path",
    metavar="FILE.png|FILE.svg",
    help="Draw the path (needs matplotlib: pip install 'negotiation[plot]').",
)
@matrix_options
@force_option
@set_option
@preset_option
@json_option
def learn(
    game: str | None,
    dynamics: str,
    steps: int,
    seed: int,
    plot_path: str | None,
    force: bool,
    assignments: tuple[str, ...],
    presets: tuple[str, ...],
    as_json: bool,
    matrix: str | None,
    players: str | None,
    strategies: str | None,
) -> None:
    """Watch players learn in a two-player GAME: do they reach a Nash equilibrium?

    Fictitious play (each player best-responds to the other's past play) and the replicator
    dynamics (two populations; better strategies spread) are nashpy's; the report compares
    where the path ends with the exact equilibria.  In the prisoner's dilemma both reach
    Defect; in matching pennies fictitious play creeps to 1/2-1/2 while the replicator
    circles it.  GAME is a scenario, an .nfg file, or --matrix.

    \b
    Examples:
      negotiation learn matching-pennies --steps 2000
      negotiation learn stag-hunt --dynamics replicator --plot stag.png
      negotiation learn --matrix "3,3 0,5; 5,0 1,1" --dynamics replicator
    """
    from negotiation.cli.main import Loaded

    from negotiation.dynamics import learn as run
    from negotiation.figures import figure_bytes, plot_format

    if plot_path is not None:
        plot_format(plot_path)
        check_output(plot_path, force, "--plot")
    source = matrix_source(matrix, players, strategies)
    loaded = Loaded(game, presets, assignments, source)
    result = run(loaded.game, dynamics, steps, seed=seed)
    if plot_path is not None:
        content = figure_bytes(result.plot(), plot_format(plot_path))
        write_output(content, plot_path, force, "--plot")
    if as_json:
        emit_json({**result.to_json(), **loaded.provenance})
    else:
        echo_report(result.text())
