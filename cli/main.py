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
from negotiation.cli.options import (
    counter,
    document_options,
    echo_report,
    emit_json,
    json_option,
    matrix_options,
    matrix_source,
    parse_assignments,
    preset_option,
    samples_option,
    seed_option,
    set_option,
)

from negotiation.errors import GameTooLargeError, NegotiationError


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
    normal form, built when first asked for), a scenario at chosen parameter values, or a
    bimatrix typed with ``--matrix`` (``source`` None, ``matrix`` the `negotiation.matrix`
    text)."""

    def __init__(
        self,
        source: str | None,
        presets: Sequence[str],
        assignments: Sequence[str],
        matrix: tuple[str, str | None, str | None] | None = None,
    ) -> None:
        from negotiation.provenance import provenance

        self.scenario = None
        self.tree = None
        self.values: dict = {}
        if (source is None) == (matrix is None):
            msg = "give a GAME or --matrix, not both" if source else "give a GAME or --matrix"
            raise InputError(msg)
        if matrix is not None:
            from negotiation.matrix import parse_labels, parse_matrix

            if presets or assignments:
                msg = "--set and --preset apply to scenarios, not to --matrix"
                raise InputError(msg)
            text, players, strategies = matrix
            names = parse_labels(players, 1, "--players")
            self._game = parse_matrix(
                text, names[0] if names else None, parse_labels(strategies, 2, "--strategies")
            )
            self.path = "--matrix"
            self.provenance = provenance()
            return
        if source.endswith((".nfg", ".efg")) and (presets or assignments):
            msg = f"--set and --preset apply to scenarios, not to {source[-4:]} files"
            raise InputError(msg)
        if source.endswith(".nfg"):
            from negotiation.nfg import read_nfg

            self._game = read_nfg(source)
            self.path = source
            self.provenance = provenance(path=Path(source))
        elif source.endswith(".efg"):
            from negotiation.extensive.efg import read_efg

            self.tree = read_efg(source)
            self._game = None
            self.path = source
            self.provenance = provenance(path=Path(source))
        else:
            from negotiation.scenario import load_scenario

            self.scenario = load_scenario(source)
            self.values = self.scenario.values(presets, parse_assignments(assignments))
            if self.scenario.form == "extensive":  # the tree; its reduced form when asked
                self.tree, self._game = self.scenario.tree(self.values), None
            elif self.scenario.form == "signalling":  # its normal form (the agent form)
                self._game = self.scenario.model.strategic_form(self.values)
            elif self.scenario.form != "normal":
                self._game = None  # a bargain, a repeated game: the model solves it
            else:
                self._game = self.scenario.game(self.values)
            self.path = str(self.scenario.path)
            self.provenance = provenance(self.scenario, self.values)

    @property
    def game(self):
        if self._game is None and self.tree is None:  # a bargain, a repeated game
            msg = (
                f"{self.path}: this command takes a matrix game or a tree, not a "
                f"{self.scenario.form} scenario"
            )
            raise InputError(msg)
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
@click.argument("game", required=False)
@matrix_options
@set_option
@preset_option
@click.option(
    "--method",
    type=click.Choice(
        [
            "auto",
            "vertex_enumeration",
            "support_enumeration",
            "pure",
            "lemke_howson",
            "pns",
            "gnm",
            "logit",
        ]
    ),
    default="auto",
    show_default=True,
    help="auto: every extreme equilibrium for two players; pure and small-game mixed ones "
    "for more. lemke_howson: one equilibrium of a large two-player game, fast (see --label). "
    "pns: the first equilibrium of a two-player game found by support search, small "
    "balanced supports first. "
    "gnm: some equilibria of a large game of any size (global Newton, needs pygambit), "
    "numerical and not complete. "
    "logit: one equilibrium of a game of any size, the end of the logit path, solved "
    "exactly on its support.",
)
@click.option(
    "--label",
    "labels",
    default="1",
    show_default=True,
    metavar="K|all",
    help="With --method lemke_howson: the strategy whose label is dropped first (1 is the "
    "first player's first strategy, then on through the second player's), or all: one "
    "path per label, the distinct ends.",
)
@click.option(
    "--points",
    type=click.Path(dir_okay=False),
    help="Solve at every row of a CSV of parameter values (header: parameter names).",
)
@click.option("--csv", "as_csv", is_flag=True, help="With --points: a CSV row per equilibrium.")
@json_option
def solve(
    game: str | None,
    matrix: str | None,
    players: str | None,
    strategies: str | None,
    assignments: tuple,
    presets: tuple,
    method: str,
    labels: str,
    points: str | None,
    as_csv: bool,
    as_json: bool,
) -> None:
    """Find every Nash equilibrium of GAME, exactly.

    GAME is a Gambit .nfg file, a scenario .toml file, or the name of a bundled scenario
    (see `negotiation list`); or, instead of GAME, a bimatrix typed with --matrix.  For a
    tree (a Gambit .efg file, or a scenario with form = "extensive"): every subgame-perfect
    equilibrium, then the Nash equilibria of its reduced normal form, marking those that
    rest on threats that are not credible.

    \b
    Examples:
      negotiation solve prisoners-dilemma
      negotiation solve --matrix "3,3 0,5; 5,0 1,1" --strategies "Cooperate,Defect"
      negotiation solve chicken --set crash=20
      negotiation solve idlib-offensive --preset drones --json
      negotiation solve idlib-offensive --points draws.csv --json
      negotiation solve battle-of-the-sexes --method lemke_howson --label all
      negotiation solve battle-of-the-sexes --method pns
      negotiation solve idlib-hts --method logit
      negotiation solve centipede --preset altruists
    """
    source = matrix_source(matrix, players, strategies)
    if points is not None:
        from negotiation.cli.batch_commands import solve_points

        if source is not None or game is None:
            msg = "--points needs a scenario GAME, not --matrix"
            raise InputError(msg)

        solve_points(game, points, as_json, as_csv, presets, assignments)
        return
    if as_csv:
        msg = "--csv goes with --points"
        raise InputError(msg)
    from negotiation.solvers import solve as solve_game
    from negotiation.text import equilibria_text

    loaded = Loaded(game, presets, assignments, source)
    if loaded.scenario is not None and loaded.scenario.form not in ("normal", "extensive"):
        form_result = loaded.scenario.model.solve_at(loaded.values, method)  # its own solution
        if as_json:
            emit_json({**form_result.to_json(), **loaded.provenance})
        else:
            click.echo(form_result.text())
        return
    if loaded.tree is not None:
        from negotiation.extensive.solve import solve_tree

        tree_result = solve_tree(loaded.tree, method=method, parameters=loaded.values)
        if as_json:
            emit_json({**tree_result.to_json(), **loaded.provenance})
        else:
            click.echo(tree_result.text())
        return
    chosen = _labels(labels)
    if chosen != "all" and not 0 <= chosen[0] < sum(loaded.game.shape):
        msg = f"--label: {labels} is not a strategy; choose 1 to {sum(loaded.game.shape)} or all"
        raise InputError(msg)
    try:
        label = (
            "Walking the best-response polytopes, bases met"
            if loaded.game.n_players == 2
            else "Support profiles solved"
        )
        with counter(label, quiet=as_json) as update:
            result = solve_game(
                loaded.game,
                method=method,
                parameters=loaded.values,
                labels=chosen,
                progress=update,
            )
    except GameTooLargeError as error:
        msg = f"{loaded.path}: {error}"
        raise InputError(msg) from None
    if as_json:
        emit_json({**result.to_json(), **loaded.provenance})
    else:
        echo_report(equilibria_text(result))


def _labels(text: str) -> tuple[int, ...] | str:
    """``--label``: ``all``, or a strategy's number from 1 (the solver counts from 0)."""
    if text.strip().lower() == "all":
        return "all"
    try:
        return (int(text) - 1,)
    except ValueError:
        msg = f"--label: expected a strategy number (1, 2, ...) or all, got {text!r}"
        raise InputError(msg) from None


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
            echo_report(describe_game(loaded.game))
    elif as_json:
        emit_json({**loaded.scenario.to_json(loaded.values), **loaded.provenance})
    else:
        echo_report(loaded.scenario.model.describe(loaded.values, symbolic=symbolic))


@cli.command()
@click.argument("scenario")
@samples_option(2000, "Random draws of the parameters each claim does not fix.")
@seed_option
@json_option
@document_options
def check(
    scenario: str,
    samples: int,
    seed: int,
    as_json: bool,
    fmt: str | None,
    output: str | None,
    force: bool,
    decimals: int | None,
) -> None:
    """Check a scenario's claims (the report's stylised facts) over its plausible worlds.

    Each claim is tested on random draws of every parameter it does not fix, over their
    declared ranges, and at the corners of that box: the share of draws where it holds (95%
    interval) against the share it declares, its exact verdict at its own values, and the
    parameters and values past which it fails.  Exits with status 1 if a claim holds in
    less than its declared share of draws.

    \b
    Examples:
      negotiation check idlib-offensive
      negotiation check idlib-offensive --samples 10000 --seed 1 --json
      negotiation check idlib-offensive --format markdown -o claims.md
    """
    from negotiation.cli.options import check_document, progress, write_document

    from negotiation.claims import check_claims
    from negotiation.scenario import load_scenario

    check_document(fmt, output, force, decimals, as_json)
    model = load_scenario(scenario)
    with progress(len(model.claims), "Checking claims", quiet=as_json) as update:
        report = check_claims(model, samples, seed=seed, progress=update)
    if as_json:
        emit_json(report.to_json())
    elif fmt is not None:
        from negotiation.provenance import provenance

        where = provenance(model, model.baseline())
        write_document(report, fmt, output, force, decimals, where)
    else:
        echo_report(report.text())
    if not report.all_hold:
        sys.exit(1)


def _register_commands() -> None:
    """Commands defined beside this module; imported here, run only when invoked."""
    from negotiation.cli import (
        analysis_commands,
        analysis_explain,
        batch_commands,
        report_command,
        teaching,
    )

    for command in (analysis_explain.whatif, analysis_explain.explain, analysis_explain.export):
        cli.add_command(command)
    for command in (
        *analysis_commands.COMMANDS,
        batch_commands.robustness,
        teaching.learn,
        report_command.report,
    ):
        cli.add_command(command)


_register_commands()

if __name__ == "__main__":
    cli()
