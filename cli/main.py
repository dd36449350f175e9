"""The ``negotiation`` command line: parse options, call the library, format the answer.

Exit status: 0 ok, 1 a check failed, 2 bad input (one ``Error:`` line, never a traceback).
Heavy modules are imported inside the commands that need them, so ``--help`` and small solves
start fast.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

import click

from cli.options import emit_json, json_option, parse_assignments, preset_option, set_option
from negotiation.errors import NegotiationError


class InputError(click.ClickException):
    """Bad input: one line on stderr, exit status 2."""

    exit_code = 2


class Group(click.Group):
    """Turns the library's `NegotiationError` (and a job too large for memory) into
    `InputError`, and prints warnings."""

    def invoke(self, ctx: click.Context) -> object:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                return super().invoke(ctx)
            except NegotiationError as error:
                raise InputError(str(error)) from None
            except MemoryError:
                msg = (
                    "not enough memory for a job this large: ask for fewer samples, points "
                    "or steps"
                )
                raise InputError(msg) from None
            finally:
                for warning in caught:
                    click.echo(f"Warning: {warning.message}", err=True)


class Loaded:
    """A game from a ``.nfg`` file, a tree from an ``.efg`` file (``game`` is then its reduced
    normal form, built when first asked for), or a scenario at chosen parameter values."""

    def __init__(self, source: str, presets: Sequence[str], assignments: Sequence[str]) -> None:
        from negotiation.provenance import provenance

        self.scenario = None
        self.tree = None
        self.values: dict = {}
        if source.endswith((".nfg", ".efg")) and (presets or assignments):
            msg = f"--set and --preset apply to scenarios, not to {source[-4:]} files"
            raise InputError(msg)
        if source.endswith(".nfg"):
            from negotiation.nfg import read_nfg

            self._game = read_nfg(source)
            self.provenance = provenance(path=Path(source))
        elif source.endswith(".efg"):
            from negotiation.extensive.efg import read_efg

            self.tree = read_efg(source)
            self._game = None
            self.provenance = provenance(path=Path(source))
        else:
            from negotiation.scenario import load_scenario

            self.scenario = load_scenario(source)
            self.values = self.scenario.values(presets, parse_assignments(assignments))
            if self.scenario.form == "extensive":  # the tree; its reduced form when asked
                self.tree, self._game = self.scenario.tree(self.values), None
            else:
                self._game = self.scenario.game(self.values)
            self.provenance = provenance(self.scenario, self.values)

    @property
    def game(self):
        if self._game is None:
            from negotiation.extensive.reduced_form import reduced_form

            self._game = reduced_form(self.tree).game
        return self._game


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="negotiation")
def cli() -> None:
    """Game-theoretic models of negotiations: exact equilibria and what-ifs.

    \b
    Examples:
      negotiation list
      negotiation solve idlib-offensive
      negotiation solve idlib-offensive --preset drones --json
      negotiation solve mygame.nfg
      negotiation solve mytree.efg
      negotiation check idlib-offensive
    """


@cli.command()
@click.argument("game")
@set_option
@preset_option
@click.option(
    "--method",
    type=click.Choice(["auto", "vertex_enumeration", "support_enumeration", "pure"]),
    default="auto",
    show_default=True,
    help="auto: every extreme equilibrium for two players; pure and small-game mixed ones "
    "for more.",
)
@click.option(
    "--points",
    type=click.Path(dir_okay=False),
    help="Solve at every row of a CSV of parameter values (header: parameter names).",
)
@click.option("--csv", "as_csv", is_flag=True, help="With --points: a CSV row per equilibrium.")
@json_option
def solve(
    game: str,
    assignments: tuple,
    presets: tuple,
    method: str,
    points: str | None,
    as_csv: bool,
    as_json: bool,
) -> None:
    """Find every Nash equilibrium of GAME, exactly.

    GAME is a Gambit .nfg file, a scenario .toml file, or the name of a bundled scenario
    (see `negotiation list`).  For a tree (a Gambit .efg file, or a scenario with form =
    "extensive"): every subgame-perfect equilibrium, then the Nash equilibria of its reduced
    normal form, marking those that rest on threats that are not credible.

    \b
    Examples:
      negotiation solve prisoners-dilemma
      negotiation solve chicken --set crash=20
      negotiation solve idlib-offensive --preset drones --json
      negotiation solve idlib-offensive --points draws.csv --json
      negotiation solve centipede --preset altruists
    """
    if points is not None:
        from cli.batch_commands import solve_points

        solve_points(game, points, as_json, as_csv, presets, assignments)
        return
    if as_csv:
        msg = "--csv goes with --points"
        raise InputError(msg)
    from negotiation.solvers import solve as solve_game
    from negotiation.text import equilibria_text

    loaded = Loaded(game, presets, assignments)
    if loaded.tree is not None:
        from negotiation.extensive.solve import solve_tree

        tree_result = solve_tree(loaded.tree, method=method, parameters=loaded.values)
        if as_json:
            emit_json({**tree_result.to_json(), **loaded.provenance})
        else:
            click.echo(tree_result.text())
        return
    result = solve_game(loaded.game, method=method, parameters=loaded.values)
    if as_json:
        emit_json({**result.to_json(), **loaded.provenance})
    else:
        click.echo(equilibria_text(result))


@cli.command("list")
@json_option
def list_scenarios(as_json: bool) -> None:
    """List the bundled scenarios.

    \b
    Example:
      negotiation list --json
    """
    from negotiation.scenario import bundled_scenarios, read_scenario
    from negotiation.text import table

    scenarios = [read_scenario(path) for path in bundled_scenarios().values()]
    if as_json:
        from negotiation.provenance import provenance

        emit_json(
            {
                "scenarios": [
                    {
                        "name": scenario.path.stem,
                        "id": scenario.id,
                        "title": scenario.title,
                        "players": list(scenario.player_names),
                        "file": provenance(scenario)["file"],
                    }
                    for scenario in scenarios
                ],
                "toolkit": provenance()["toolkit"],
            }
        )
        return
    rows = [
        [scenario.path.stem, " x ".join(scenario.player_names), scenario.title]
        for scenario in scenarios
    ]
    click.echo(table(["name", "players", "title"], rows, indent=""))


@cli.command()
@click.argument("scenario")
@set_option
@preset_option
@click.option("--symbolic", is_flag=True, help="Show the payoff formulas instead of numbers.")
@json_option
def show(scenario: str, assignments: tuple, presets: tuple, symbolic: bool, as_json: bool) -> None:
    """Show a scenario: players, strategies, payoffs, every parameter with its source, and
    the claims; or the players and payoffs of an .nfg game, or the tree of an .efg game.

    \b
    Examples:
      negotiation show idlib-offensive
      negotiation show idlib-offensive --symbolic
      negotiation show idlib-offensive --preset drones --json
    """
    from negotiation.export import game_json
    from negotiation.text import describe_game

    loaded = Loaded(scenario, presets, assignments)
    if loaded.scenario is None and symbolic:  # a game file: no formulas, parameters or sources
        msg = f"--symbolic: an {scenario[-4:]} game has numbers, not formulas"
        raise InputError(msg)
    if loaded.tree is not None and loaded.scenario is None:
        from negotiation.extensive.describe import describe_tree, tree_json

        if as_json:
            emit_json({**tree_json(loaded.tree), **loaded.provenance})
        else:
            click.echo(describe_tree(loaded.tree))
    elif loaded.scenario is None:
        if as_json:
            emit_json({**game_json(loaded.game), **loaded.provenance})
        else:
            click.echo(describe_game(loaded.game))
    elif as_json:
        emit_json({**loaded.scenario.to_json(loaded.values), **loaded.provenance})
    else:
        click.echo(loaded.scenario.model.describe(loaded.values, symbolic=symbolic))


@cli.command()
@click.argument("scenario")
@json_option
def check(scenario: str, as_json: bool) -> None:
    """Check a scenario's claims (the report's stylised facts) against its equilibria.

    Exits with status 1 if any claim fails.

    \b
    Example:
      negotiation check idlib-offensive
    """
    from negotiation.scenario import load_scenario

    report = load_scenario(scenario).check()
    if as_json:
        emit_json(report.to_json())
    else:
        click.echo(report.text())
    if not report.all_hold:
        sys.exit(1)


def _register_commands() -> None:
    """Commands defined beside this module; imported here, run only when invoked."""
    from cli import analysis_commands, analysis_explain, batch_commands

    for command in (analysis_explain.whatif, analysis_explain.explain, analysis_explain.export):
        cli.add_command(command)
    for command in (*analysis_commands.COMMANDS, batch_commands.robustness):
        cli.add_command(command)


_register_commands()

if __name__ == "__main__":
    cli()
