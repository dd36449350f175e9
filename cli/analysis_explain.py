"""The ``whatif``, ``explain`` and ``export`` commands; `cli.main` registers them on its group.

The options are declared here rather than imported from `cli.main`, and `cli.main` is imported
inside the commands, so that `cli.main` may import this module at any point of its own.
"""

from __future__ import annotations

import click
from negotiation.cli.options import (
    check_document,
    document_options,
    echo_report,
    emit_json,
    json_option,
    matrix_options,
    matrix_source,
    parse_assignments,
    preset_option,
    set_option,
    write_document,
    write_output,
)

from negotiation.errors import NegotiationError


@click.command()
@click.argument("scenario")
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="NAME=VALUE",
    help="The change: set a parameter (repeatable), e.g. --set drone_cost=6.",
)
@click.option(
    "--preset",
    "presets",
    multiple=True,
    metavar="NAME",
    help="The change: apply a named what-if from the scenario (repeatable).",
)
@click.option(
    "--base-set",
    "base_assignments",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set a parameter of the baseline instead (default: the scenario's values).",
)
@click.option(
    "--base-preset",
    "base_presets",
    multiple=True,
    metavar="NAME",
    help="Apply a preset to the baseline first.",
)
@json_option
@document_options
def whatif(
    scenario: str,
    assignments: tuple[str, ...],
    presets: tuple[str, ...],
    base_assignments: tuple[str, ...],
    base_presets: tuple[str, ...],
    as_json: bool,
    fmt: str | None,
    output: str | None,
    force: bool,
    decimals: int | None,
) -> None:
    """Compare the equilibria before and after a change, and say why they differ.

    The baseline is SCENARIO's own values (or --base-preset and --base-set); the change
    applies --preset and --set on top of it.  The report lists both sets of equilibria, what
    changed ("Alice moves from Stag to Hare", "a new equilibrium appears") and why: each best
    response that flips, with the exact payoffs behind it.

    \b
    Examples:
      negotiation whatif stag-hunt --set stag=3 --set hare=7/2
      negotiation whatif idlib-offensive --preset drones
      negotiation whatif idlib-offensive --base-preset drones --set drone_cost=6 --json
      negotiation whatif idlib-offensive --preset drones --format latex --decimals 2 -o t.tex
    """
    from negotiation.analysis.whatif import whatif as compare_values
    from negotiation.scenario import load_scenario

    if not presets and not assignments:
        msg = "nothing to change: give --preset NAME or --set NAME=VALUE"
        raise NegotiationError(msg)
    check_document(fmt, output, force, decimals, as_json)
    model = load_scenario(scenario)
    result = compare_values(
        model,
        presets=presets,
        overrides=parse_assignments(assignments),
        base_presets=base_presets,
        base_overrides=parse_assignments(base_assignments),
    )
    if as_json:
        emit_json(result.to_json())
    elif fmt is not None:
        from negotiation.provenance import provenance

        where = provenance(model, result.changed_values)
        write_document(result, fmt, output, force, decimals, where)
    else:
        echo_report(result.text())


@click.command()
@click.argument("scenario", required=False)
@matrix_options
@set_option
@preset_option
@json_option
@click.option("--markdown", "as_markdown", is_flag=True, help="Print Markdown, for notes.")
def explain(
    scenario: str | None,
    matrix: str | None,
    players: str | None,
    strategies: str | None,
    assignments: tuple[str, ...],
    presets: tuple[str, ...],
    as_json: bool,
    as_markdown: bool,
) -> None:
    """Explain a game step by step: best responses, dominance, and each equilibrium.

    SCENARIO is a scenario .toml file, the name of a bundled scenario, or a Gambit .nfg or
    .efg file (an .efg tree is explained through its reduced normal form); or, instead of
    SCENARIO, a bimatrix typed with --matrix.  The payoff matrix marks each best response
    with *; iterated elimination of dominated
    strategies is shown step by step; each equilibrium comes with its reason: the payoffs
    compared for a pure one, the indifference equations and their exact solution for a mixed
    one ("2q + 0(1-q) = 0q + 1(1-q) => q = 1/3").

    \b
    Examples:
      negotiation explain prisoners-dilemma
      negotiation explain battle-of-the-sexes --markdown
      negotiation explain --matrix "2,1 0,0; 0,0 1,2" --players "Chris,Pat"
      negotiation explain idlib-offensive --preset drones --json
    """
    from negotiation.cli.main import Loaded

    from negotiation.analysis.explain import explain as explain_game
    from negotiation.solvers import solve

    if as_json and as_markdown:
        msg = "choose one of --json and --markdown"
        raise NegotiationError(msg)
    loaded = Loaded(scenario, presets, assignments, matrix_source(matrix, players, strategies))
    if loaded.scenario is not None and hasattr(loaded.scenario.model, "solutions"):
        from negotiation.analysis.form_solutions import explain_form  # a bargain, a repeated game

        explanation = explain_form(loaded.scenario.model, loaded.values)
    elif loaded.scenario is not None and loaded.scenario.form == "signalling":
        explanation = loaded.scenario.explain(presets, **parse_assignments(assignments))
    elif loaded.tree is not None:  # a tree: backward induction step by step, then its normal form
        from negotiation.analysis.explain_tree import explain_tree
        from negotiation.extensive.solve import solve_tree

        explanation = explain_tree(solve_tree(loaded.tree, parameters=loaded.values))
    else:
        explanation = explain_game(loaded.game, solve(loaded.game, parameters=loaded.values))
    if as_json:
        emit_json({**explanation.to_json(), **loaded.provenance})
    elif as_markdown:
        click.echo(explanation.markdown(), nl=False)
    else:
        echo_report(explanation.text())


@click.command()
@click.argument("scenario")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["latex", "markdown", "json", "nfg", "efg"]),
    required=True,
    help="latex: sgame tables (a tree: an istgame drawing); markdown: pipe tables (a tree: a "
    "nested list); json: the "
    "game as data; nfg: Gambit's strategic form (of a tree: its reduced normal form); efg: "
    "Gambit's tree (of a strategic game: simultaneous moves).",
)
@set_option
@preset_option
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE, not stdout.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def export(
    scenario: str,
    fmt: str,
    assignments: tuple[str, ...],
    presets: tuple[str, ...],
    output: str | None,
    force: bool,
) -> None:
    """Export the game at the chosen values for a paper, a notebook or Gambit.

    SCENARIO is a scenario .toml file, the name of a bundled scenario, or a Gambit .nfg or
    .efg file (a tree is drawn as a tree, except with --format nfg: its reduced normal form).
    LaTeX needs \\usepackage{sgame}; pure equilibria are boxed (LaTeX) or bold (Markdown).
    JSON holds the payoffs as exact strings ("3/2") with the equilibria.  An existing file is
    never replaced without --force.

    \b
    Examples:
      negotiation export prisoners-dilemma --format latex
      negotiation export idlib-offensive --format markdown --preset drones
      negotiation export idlib-offensive --format nfg -o offensive.nfg
      negotiation export prisoners-dilemma --format efg
      negotiation export idlib-offensive --format json -o offensive.json --force
    """
    from negotiation.cli.main import Loaded

    from negotiation.export import export_document

    loaded = Loaded(scenario, presets, assignments)
    if loaded.scenario is not None and hasattr(loaded.scenario.model, "solutions"):
        from negotiation.analysis.form_solutions import export_form  # a bargain, a repeated game

        text = export_form(loaded.scenario.model, fmt, loaded.values)
    elif loaded.scenario is not None and loaded.scenario.form == "signalling":  # its own terms
        text = loaded.scenario.export(fmt, presets, **parse_assignments(assignments))
    elif fmt == "efg":
        from negotiation.extensive.describe import normal_form_tree
        from negotiation.extensive.efg import write_efg

        text = write_efg(loaded.tree or normal_form_tree(loaded.game))
    elif loaded.tree is not None and fmt != "nfg":  # the tree itself
        from negotiation.export_tree import export_tree_document
        from negotiation.extensive.solve import solve_tree

        result = solve_tree(loaded.tree, parameters=loaded.values)
        text = export_tree_document(
            result, fmt, loaded.provenance, scenario=loaded.scenario, values=loaded.values
        )
    else:
        text = export_document(
            loaded.game, fmt, loaded.provenance, scenario=loaded.scenario, values=loaded.values
        )
    write_output(text, output, force)
