"""A game written out for papers, notebooks and other tools: LaTeX, Markdown, JSON, Gambit.

- ``latex``: one ``game`` environment of Martin J. Osborne's ``sgame`` package per table
  (``\\usepackage{sgame}``), the layout Gambit's ``gambit-convert -O sgame`` writes: strategy
  labels in text mode, each cell ``$a,b$``, rationals as ``\\frac{p}{q}``.  The cells of pure
  equilibria are boxed with ``\\fbox``, which needs no other package (``sgame`` clashes with
  ``array.sty``, so the fewer packages the better);
- ``markdown``: a pipe table per table, pure-equilibrium cells in bold, for READMEs and Jupyter;
- ``json``: the game as data, payoffs as exact strings ("3/2"), as in every JSON output of the
  toolkit;
- ``nfg``: Gambit's strategic-form file, by `negotiation.nfg.write_nfg`.

Rows are the first player's strategies and columns the second's; a game of three or more
players gives one table for each pure profile of the others, as Gambit does.  Mixed equilibria
cannot be marked in a cell: LaTeX and Markdown list them under the tables.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from itertools import product
from pathlib import PurePath
from typing import TYPE_CHECKING

from negotiation.errors import NegotiationError
from negotiation.game import Game, Payoff
from negotiation.results import Equilibrium, SolveResult, json_number, text_number

if TYPE_CHECKING:
    from negotiation.display import Report
    from negotiation.model import Model

__all__ = [
    "FORMATS",
    "export",
    "export_document",
    "latex_escape",
    "markdown_escape",
    "provenance_line",
    "report_document",
]

FORMATS = ("latex", "markdown", "json", "nfg")

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def latex_escape(text: str) -> str:
    r"""``text`` for LaTeX text mode: the ten special characters made literal.

    Examples
    --------
    >>> print(latex_escape("R&D_cost 50% {x}"))
    R\&D\_cost 50\% \{x\}
    """
    return "".join(_LATEX_SPECIAL.get(char, char) for char in text)


def latex_number(value: Payoff) -> str:
    r"""A payoff in LaTeX math mode: ``3``, ``-\frac{1}{2}``; floats to 6 digits.

    Examples
    --------
    >>> latex_number(Fraction(-7, 2))
    '-\\frac{7}{2}'
    """
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return str(value.numerator)
        sign = "-" if value < 0 else ""
        return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"
    text = text_number(value)
    if "e" in text:  # 1e+20 as 1 \times 10^{20}
        mantissa, exponent = text.split("e")
        return f"{mantissa} \\times 10^{{{int(exponent)}}}"
    return text


def _comment(text: str) -> str:
    """One line of a LaTeX comment: a newline in a label would end the comment early."""
    return "% " + " ".join(text.split())


def markdown_escape(text: str) -> str:
    """A label safe inside a Markdown table cell: pipes and emphasis marks made literal."""
    for char in ("\\", "|", "*", "_", "`"):
        text = text.replace(char, "\\" + char)
    return text


def _equilibria(game: Game, equilibria: SolveResult | Iterable[Equilibrium] | None):
    if equilibria is None:
        from negotiation.solvers import solve

        return solve(game).equilibria
    if isinstance(equilibria, SolveResult):
        return equilibria.equilibria
    return tuple(equilibria)


def _pure_cells(game: Game, equilibria: Sequence[Equilibrium]) -> set[tuple[int, ...]]:
    return {
        tuple(support[0] for support in equilibrium.support())
        for equilibrium in equilibria
        if equilibrium.pure
    }


def _blocks(game: Game) -> list[tuple[tuple[int, ...], str]]:
    """Each profile of the players after the second, with its heading ("Iran: Hold")."""
    return [
        (
            rest,
            "; ".join(
                f"{game.players[2 + k]}: {game.strategies[2 + k][index]}"
                for k, index in enumerate(rest)
            ),
        )
        for rest in product(*(range(count) for count in game.shape[2:]))
    ]


def _grid(game: Game) -> tuple[tuple[str, ...], tuple[str, ...], Callable]:
    """Row labels, column labels and a cell index maker; a one-player game is one column."""
    if game.n_players == 1:
        return game.strategies[0], ("payoff",), lambda row, column, rest: (row,)
    return game.strategies[0], game.strategies[1], lambda row, column, rest: (row, column, *rest)


def _mixed_lines(game: Game, equilibria: Sequence[Equilibrium]) -> list[str]:
    return [equilibrium.describe(game) for equilibrium in equilibria if not equilibrium.pure]


def _latex(game: Game, equilibria: Sequence[Equilibrium]) -> str:
    marked = _pure_cells(game, equilibria)
    rows, columns, index = _grid(game)
    row_player = latex_escape(game.players[0])
    column_player = latex_escape(game.players[1]) if game.n_players > 1 else ""
    lines = ["% Requires \\usepackage{sgame}. Boxed cells are pure Nash equilibria."]
    if game.title:
        lines.append(_comment(game.title))
    for rest, heading in _blocks(game):
        lines.append("")
        if heading:
            lines.append(f"\\noindent {latex_escape(heading)}\\par")
        lines.append(
            f"\\begin{{game}}{{{len(rows)}}}{{{len(columns)}}}[{{{row_player}}}]"
            f"[{{{column_player}}}]"
        )
        lines.append("& " + " & ".join(latex_escape(label) for label in columns) + r" \\")
        body = []
        for row, row_label in enumerate(rows):
            cells = []
            for column in range(len(columns)):
                cell = index(row, column, rest)
                text = "$" + ", ".join(latex_number(v) for v in game.payoff_profile(cell)) + "$"
                cells.append(f"\\fbox{{{text}}}" if cell in marked else text)
            body.append(latex_escape(row_label) + " & " + " & ".join(cells))
        lines.append(" \\\\\n".join(body))
        lines.append("\\end{game}")
    mixed = _mixed_lines(game, equilibria)
    if mixed:
        lines.append("")
        lines.append("% Mixed equilibria:")
        lines += [_comment(line) for line in mixed]
    return "\n".join(lines) + "\n"


def markdown_tables(game: Game, cell: Callable[[tuple[int, ...]], str]) -> str:
    """The payoff matrix as Markdown pipe tables, ``cell`` formatting each profile's cell.

    Rows are the first player's strategies, columns the second's; with three or more players,
    one table for each profile of the others under an italic heading.  Labels are escaped;
    ``cell`` returns Markdown as it is.
    """
    rows, columns, index = _grid(game)
    corner = markdown_escape(game.players[0])
    if game.n_players > 1:
        corner += " \\\\ " + markdown_escape(game.players[1])
    blocks = []
    for rest, heading in _blocks(game):
        lines = [f"*{markdown_escape(heading)}*", ""] if heading else []
        lines.append("| " + " | ".join([corner, *map(markdown_escape, columns)]) + " |")
        lines.append("|" + "---|" * (len(columns) + 1))
        for row, row_label in enumerate(rows):
            cells = [cell(index(row, column, rest)) for column in range(len(columns))]
            lines.append("| " + " | ".join([markdown_escape(row_label), *cells]) + " |")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _markdown(game: Game, equilibria: Sequence[Equilibrium]) -> str:
    marked = _pure_cells(game, equilibria)

    def cell(profile: tuple[int, ...]) -> str:
        text = ", ".join(text_number(value) for value in game.payoff_profile(profile))
        return f"**{text}**" if profile in marked else text

    lines = [f"**{markdown_escape(game.title)}**", ""] if game.title else []
    lines.append(markdown_tables(game, cell))
    lines.append("")
    lines.append("Bold cells are pure Nash equilibria." if marked else "No pure Nash equilibrium.")
    mixed = _mixed_lines(game, equilibria)
    if mixed:
        lines.append("")
        lines.append("Mixed equilibria:")
        lines.append("")
        lines += [f"- {markdown_escape(line)}" for line in mixed]
    return "\n".join(lines) + "\n"


def game_json(game: Game, equilibria: Sequence[Equilibrium] | None = None) -> dict:
    """The game as data: players, strategies, and every profile's payoffs as exact strings.

    The ``payoffs`` entries have the shape of `negotiation.scenario.Scenario.to_json`'s, so a
    reader handles a scenario and a bare game alike.
    """
    data: dict = {
        "title": game.title,
        "players": list(game.players),
        "strategies": {
            player: list(labels)
            for player, labels in zip(game.players, game.strategies, strict=True)
        },
        "payoffs": [
            {
                "profile": {
                    player: labels[k]
                    for player, labels, k in zip(game.players, game.strategies, cell, strict=True)
                },
                "payoffs": {
                    player: json_number(value)
                    for player, value in zip(game.players, game.payoff_profile(cell), strict=True)
                },
            }
            for cell in product(*(range(count) for count in game.shape))
        ],
    }
    if equilibria is not None:
        data["equilibria"] = [equilibrium.to_json(game) for equilibrium in equilibria]
    return data


def export(
    game: Game,
    fmt: str,
    equilibria: SolveResult | Iterable[Equilibrium] | None = None,
) -> str:
    r"""The game as text in ``fmt``: ``"latex"``, ``"markdown"``, ``"json"`` or ``"nfg"``.

    Parameters
    ----------
    game : Game
    fmt : str
        One of `FORMATS`.
    equilibria : SolveResult or iterable of Equilibrium, optional
        The equilibria to mark (LaTeX, Markdown) or include (JSON).  LaTeX and Markdown solve
        the game when none are given (pass ``()`` to mark nothing); JSON includes equilibria
        only when given; ``nfg`` has no place for them.

    Returns
    -------
    str
        The text, ending in a newline.

    Raises
    ------
    NegotiationError
        For an unknown format.

    Examples
    --------
    >>> prisoners = Game([[[-1, -3], [0, -2]], [[-1, 0], [-3, -2]]], ["Row", "Column"],
    ...                  [["Quiet", "Fink"], ["Quiet", "Fink"]])
    >>> print(export(prisoners, "latex"), end="")
    % Requires \usepackage{sgame}. Boxed cells are pure Nash equilibria.
    <BLANKLINE>
    \begin{game}{2}{2}[{Row}][{Column}]
    & Quiet & Fink \\
    Quiet & $-1, -1$ & $-3, 0$ \\
    Fink & $0, -3$ & \fbox{$-2, -2$}
    \end{game}
    """
    if fmt not in FORMATS:
        msg = f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}"
        raise NegotiationError(msg)
    if fmt == "nfg":
        from negotiation.nfg import write_nfg

        return write_nfg(game)
    if fmt == "json":
        given = None if equilibria is None else _equilibria(game, equilibria)
        return json.dumps(game_json(game, given), indent=2, ensure_ascii=False) + "\n"
    found = _equilibria(game, equilibria)
    return _latex(game, found) if fmt == "latex" else _markdown(game, found)


def export_document(
    game: Game,
    fmt: str,
    provenance: Mapping[str, object],
    scenario: Model | None = None,
    values: Mapping[str, Fraction] | None = None,
) -> str:
    """What ``negotiation export`` writes: `export`'s text, traceable to what produced it.

    LaTeX and Markdown start with a comment line naming the toolkit, the scenario, its file's
    hash and the parameter values; JSON is ``{"game": ..., "equilibria": [...], <provenance>}``
    where ``game`` is the scenario as data (with its sources) or, for a bare game, the game.
    """
    if fmt == "nfg":
        return export(game, "nfg")
    from negotiation.solvers import solve

    result = solve(game, parameters=values)
    if fmt == "json":
        # Nested: a scenario's own "source" (its literature) must not meet provenance's.
        data = {
            "game": game_json(game) if scenario is None else scenario.to_json(values),
            "equilibria": [equilibrium.to_json(game) for equilibrium in result.equilibria],
            **result.list_json(),
            **provenance,
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    line = provenance_line(provenance)
    header = f"% {line}\n" if fmt == "latex" else f"<!-- {line.replace('--', '- -')} -->\n\n"
    return header + export(game, fmt, result)


def report_document(
    result: Report, fmt: str, provenance: Mapping[str, object], decimals: int | None = None
) -> str:
    """A result (``whatif``, ``thresholds``, ``check`` ...) as LaTeX or Markdown tables, headed
    by the provenance comment `export_document` writes, so a table in a paper can be traced.

    ``decimals`` writes the numbers in the tables with that many decimals instead of exact
    rationals (``\\frac{19}{20}`` in LaTeX, ``19/20`` in Markdown).
    """
    from negotiation.display import decimal_number, exact_number, render_latex, render_markdown

    if fmt not in ("latex", "markdown"):
        msg = f"unknown report format {fmt!r}; choose latex or markdown"
        raise NegotiationError(msg)
    number = exact_number if decimals is None else decimal_number(decimals)
    blocks = result.blocks(number)
    line = provenance_line(provenance)
    if fmt == "latex":
        return f"% {line}\n\n" + render_latex(blocks)
    return f"<!-- {line.replace('--', '- -')} -->\n\n" + render_markdown(blocks)


def provenance_line(provenance: Mapping[str, object]) -> str:
    """``negotiation 0.1.0; scenario stag-hunt; stag-hunt.toml (sha256:...); stag=4, hare=3``.

    The file is named without its directory: a shared paper's sources must not carry the
    layout of the author's machine; the hash identifies the file.
    """
    toolkit = provenance["toolkit"]
    parts = [f"{toolkit['name']} {toolkit['version']}"]
    source = provenance.get("file")
    if provenance.get("scenario"):
        parts.append(f"scenario {provenance['scenario']}")
    if source:
        parts.append(f"{PurePath(str(source['path'])).name} ({source['sha256']})")
    if provenance.get("values"):
        parts.append(", ".join(f"{name}={value}" for name, value in provenance["values"].items()))
    return "; ".join(" ".join(part.split()) for part in parts)
