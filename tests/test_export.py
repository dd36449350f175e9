"""Export to LaTeX (sgame), Markdown, JSON and .nfg, and the ``export`` command."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from negotiation.cli.analysis_explain import explain, export, whatif
from negotiation.cli.main import Group

from negotiation.errors import NegotiationError
from negotiation.export import export as export_game
from negotiation.export import latex_escape, latex_number
from negotiation.game import Game
from negotiation.nfg import parse_nfg

STAG_HUNT = str(Path(__file__).parent / "data" / "scenarios" / "stag-hunt.toml")

# Gibbons (1992), section 1.1.A: the prisoners' dilemma, years in jail as negative payoffs.
PRISONERS = Game(
    [[[-1, -9], [0, -6]], [[-1, 0], [-9, -6]]],
    ["Prisoner 1", "Prisoner 2"],
    [["Mum", "Fink"], ["Mum", "Fink"]],
    "Prisoners' dilemma",
)
# Gibbons (1992), section 1.3.B: battle of the sexes; two pure and one mixed equilibrium.
BATTLE = Game(
    [[[2, 0], [0, 1]], [[1, 0], [0, 2]]],
    ["Chris", "Pat"],
    [["Opera", "Fight"], ["Opera", "Fight"]],
    "Battle of the sexes",
)


def cli_group() -> Group:
    return Group(commands=[whatif, explain, export])


def run(*args: str):
    return CliRunner().invoke(cli_group(), list(args))


def balanced(text: str) -> bool:
    """Whether the unescaped braces of LaTeX source nest properly."""
    depth = 0
    for match in re.finditer(r"\\.|[{}]", text):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def latex_body(text: str) -> str:
    """The source without comment lines, which LaTeX ignores."""
    return "\n".join(line for line in text.splitlines() if not line.startswith("%"))


# -- LaTeX -------------------------------------------------------------------------------------


def test_latex_prisoners_dilemma_exact_text() -> None:
    assert export_game(PRISONERS, "latex") == (
        "% Requires \\usepackage{sgame}. Boxed cells are pure Nash equilibria.\n"
        "% Prisoners' dilemma\n"
        "\n"
        "\\begin{game}{2}{2}[{Prisoner 1}][{Prisoner 2}]\n"
        "& Mum & Fink \\\\\n"
        "Mum & $-1, -1$ & $-9, 0$ \\\\\n"
        "Fink & $0, -9$ & \\fbox{$-6, -6$}\n"
        "\\end{game}\n"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(Fraction(3), "3", id="integer"),
        pytest.param(Fraction(-3), "-3", id="negative_integer"),
        pytest.param(Fraction(1, 2), "\\frac{1}{2}", id="fraction"),
        pytest.param(Fraction(-7, 3), "-\\frac{7}{3}", id="negative_fraction"),
        pytest.param(0.25, "0.25", id="float"),
        pytest.param(1e20, "1 \\times 10^{20}", id="float_exponent"),
    ],
)
def test_latex_number(value, expected: str) -> None:
    assert latex_number(value) == expected


def test_latex_escapes_every_special_character() -> None:
    assert latex_escape(r"a\b&c%d$e#f_g{h}i~j^k") == (
        r"a\textbackslash{}b\&c\%d\$e\#f\_g\{h\}i\textasciitilde{}j\textasciicircum{}k"
    )


def test_latex_labels_escaped_and_braces_balanced() -> None:
    game = Game(
        [[[1, 0], [0, 1]], [[0, 1], [1, 0]]],
        ["R&D [lab]", "50% owner_1"],
        [["$high", "#low"], ["{x}", "~y^"]],
    )
    text = export_game(game, "latex")
    assert balanced(latex_body(text))
    assert "[{R\\&D [lab]}][{50\\% owner\\_1}]" in text
    assert "\\$high & " in text
    assert "\\#low & " in text
    assert "& \\{x\\} & \\textasciitilde{}y\\textasciicircum{} \\\\" in text
    # Outside comments (the mixed equilibrium is listed in one), no label is left unescaped.
    assert "R&D" not in latex_body(text)
    assert "owner_1" not in latex_body(text)


def test_latex_fractions_and_mixed_equilibria() -> None:
    game = Game([[[Fraction(1, 2), 0], [0, 1]], [[1, 0], [0, Fraction(-3, 2)]]])
    text = export_game(game, "latex")
    assert "$\\frac{1}{2}, 1$" in text
    assert "$1, -\\frac{3}{2}$" in text
    assert balanced(latex_body(text))


def test_latex_battle_boxes_the_pure_equilibria_and_lists_the_mixed_one() -> None:
    text = export_game(BATTLE, "latex")
    assert text.count("\\fbox{") == 2
    assert "Opera & \\fbox{$2, 1$} & $0, 0$ \\\\" in text
    assert "Fight & $0, 0$ & \\fbox{$1, 2$}" in text
    assert "% Chris: 2/3 Opera + 1/3 Fight; Pat: 1/3 Opera + 2/3 Fight" in text


def test_latex_no_marks_when_no_equilibria_given() -> None:
    assert "\\fbox" not in export_game(BATTLE, "latex", equilibria=())


def test_latex_three_players_one_table_per_profile_of_the_others() -> None:
    game = Game(
        [[[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]]] * 3,
        strategies=[["a", "b"], ["c", "d"], ["e", "f", "g"]],
    )
    text = export_game(game, "latex")
    body = latex_body(text)
    assert body.count("\\begin{game}{2}{2}") == 3
    assert body.count("\\end{game}") == 3
    assert [line for line in body.splitlines() if line.startswith("\\noindent")] == [
        "\\noindent Player 3: e\\par",
        "\\noindent Player 3: f\\par",
        "\\noindent Player 3: g\\par",
    ]
    assert balanced(body)
    # The third player's payoff is the third number of each cell: 12 at (b, d, g).
    assert "\\fbox{$12, 12, 12$}" in text


def test_latex_rows_have_one_cell_per_column() -> None:
    game = Game([[[1, 2, 3], [4, 5, 6]], [[6, 5, 4], [3, 2, 1]]])
    body = latex_body(export_game(game, "latex"))
    rows = body.split("\\begin{game}{2}{3}")[1].split("\\end{game}")[0].strip().split("\\\\")
    assert [row.count("&") for row in rows] == [3, 3, 3]


# -- Markdown ----------------------------------------------------------------------------------


def test_markdown_battle_bold_equilibria() -> None:
    assert export_game(BATTLE, "markdown") == (
        "**Battle of the sexes**\n"
        "\n"
        "| Chris \\\\ Pat | Opera | Fight |\n"
        "|---|---|---|\n"
        "| Opera | **2, 1** | 0, 0 |\n"
        "| Fight | 0, 0 | **1, 2** |\n"
        "\n"
        "Bold cells are pure Nash equilibria.\n"
        "\n"
        "Mixed equilibria:\n"
        "\n"
        "- Chris: 2/3 Opera + 1/3 Fight; Pat: 1/3 Opera + 2/3 Fight\n"
    )


def testmarkdown_escapes_pipes_and_marks() -> None:
    game = Game([[[1]], [[1]]], ["A|B", "C*D"], [["x_y"], ["`z`"]])
    text = export_game(game, "markdown")
    assert "| A\\|B \\\\ C\\*D | \\`z\\` |" in text
    assert "| x\\_y | **1, 1** |" in text


def test_markdown_without_pure_equilibrium_says_so() -> None:
    pennies = Game([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    text = export_game(pennies, "markdown")
    assert "**" not in text
    assert "No pure Nash equilibrium." in text
    assert "- Player 1: 1/2 1 + 1/2 2; Player 2: 1/2 1 + 1/2 2" in text


# -- JSON and nfg ------------------------------------------------------------------------------


def test_json_payoffs_are_exact_strings_and_rebuild_the_game() -> None:
    game = Game(
        [[[Fraction(1, 3), 0], [-2, 1]], [[1, Fraction(-5, 2)], [0, 2]]],
        ["Row", "Column"],
        [["T", "B"], ["L", "R"]],
        "exact",
    )
    data = json.loads(export_game(game, "json"))
    assert data["players"] == ["Row", "Column"]
    assert data["strategies"] == {"Row": ["T", "B"], "Column": ["L", "R"]}
    assert data["payoffs"][0] == {
        "profile": {"Row": "T", "Column": "L"},
        "payoffs": {"Row": "1/3", "Column": "1"},
    }
    assert "equilibria" not in data
    arrays = [[[None, None], [None, None]] for _ in data["players"]]
    for entry in data["payoffs"]:
        cell = tuple(
            data["strategies"][player].index(label) for player, label in entry["profile"].items()
        )
        for index, player in enumerate(data["players"]):
            arrays[index][cell[0]][cell[1]] = Fraction(entry["payoffs"][player])
    rebuilt = Game(arrays, data["players"], list(data["strategies"].values()))
    assert rebuilt == game


def test_json_includes_equilibria_when_given() -> None:
    from negotiation.solvers import solve

    data = json.loads(export_game(BATTLE, "json", solve(BATTLE)))
    assert len(data["equilibria"]) == 3
    assert data["equilibria"][2]["profile"]["Chris"] == {"Opera": "2/3", "Fight": "1/3"}


def test_nfg_round_trip() -> None:
    game = Game(
        [[[Fraction(1, 2), -3], [0, 7]], [[2, 0], [Fraction(-9, 4), 1]]],
        ["Row", "Column"],
        [["Up", "Down"], ["Left", "Right"]],
        "round trip",
    )
    assert parse_nfg(export_game(game, "nfg")) == game


def test_unknown_format_is_refused() -> None:
    with pytest.raises(NegotiationError, match="unknown export format 'pdf'"):
        export_game(BATTLE, "pdf")


# -- the command -------------------------------------------------------------------------------


def test_export_command_latex_to_stdout() -> None:
    result = run("export", STAG_HUNT, "--format", "latex")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("% negotiation ")
    assert "stag=4, hare=3" in result.output.splitlines()[0]
    assert "Stag & \\fbox{$4, 4$} & $0, 3$ \\\\" in result.output


def test_export_command_markdown_with_set() -> None:
    result = run(
        "export", STAG_HUNT, "--format", "markdown", "--set", "stag=3", "--set", "hare=7/2"
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith("<!-- negotiation ")
    assert "| Hare | 7/2, 0 | **7/2, 7/2** |" in result.output


def test_export_command_json_nests_the_scenario() -> None:
    result = run("export", STAG_HUNT, "--format", "json", "--preset", "rich-stag")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["game"]["source"] == "Rousseau (1755); Skyrms, The Stag Hunt (2004)"
    assert data["file"]["path"] == STAG_HUNT
    assert data["values"] == {"stag": "8", "hare": "3"}
    assert data["game"]["payoffs"][0]["payoffs"] == {"Alice": "8", "Bob": "8"}
    assert len(data["equilibria"]) == 3


def test_export_command_nfg_round_trip(tmp_path: Path) -> None:
    target = tmp_path / "hunt.nfg"
    result = run("export", STAG_HUNT, "--format", "nfg", "-o", str(target))
    assert result.exit_code == 0, result.output
    from negotiation.scenario import read_scenario

    assert parse_nfg(target.read_text()) == read_scenario(STAG_HUNT).game()


def test_export_command_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "table.tex"
    target.write_text("my notes\n")
    result = run("export", STAG_HUNT, "--format", "latex", "-o", str(target))
    assert result.exit_code == 2
    assert f"{target} exists; use --force to overwrite it" in result.output
    assert target.read_text() == "my notes\n"
    result = run("export", STAG_HUNT, "--format", "latex", "-o", str(target), "--force")
    assert result.exit_code == 0, result.output
    assert "\\begin{game}{2}{2}[{Alice}][{Bob}]" in target.read_text()


def test_export_command_needs_a_format() -> None:
    result = run("export", STAG_HUNT)
    assert result.exit_code == 2
    assert "Missing option '--format'" in result.output


def test_export_command_missing_file_is_one_error_line(tmp_path: Path) -> None:
    result = run("export", str(tmp_path / "nothing.toml"), "--format", "latex")
    assert result.exit_code == 2
    assert result.output == f"Error: {tmp_path / 'nothing.toml'}: no such file\n"


def test_export_help_teaches_with_an_example() -> None:
    result = run("export", "--help")
    assert result.exit_code == 0
    assert "negotiation export idlib-offensive --format nfg -o offensive.nfg" in result.output


def test_modules_do_not_import_sympy() -> None:
    code = (
        "import sys, cli.analysis_explain, negotiation.export, "
        "negotiation.analysis.whatif, negotiation.analysis.explain; "
        "print('sympy' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    assert done.stdout.strip() == "False"
