"""The command line on .efg trees: solve (text and JSON), show, export, explain, and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli
from trees import DATA

from negotiation.extensive.efg import read_efg

ENTRY = str(DATA / "entry-deterrence.efg")
PENNIES = str(DATA / "entry-pennies.efg")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_solve_text_lists_subgame_perfect_then_nash_with_threats_marked() -> None:
    result = run("solve", ENTRY)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:4] == [
        "Entry deterrence: 1 subgame-perfect equilibrium (backward induction over subgames)",
        "  1. Entrant: In; Incumbent: Accommodate  [payoffs: Entrant 1, Incumbent 1]",
        "     Entrant: at Enter?: In",
        "     Incumbent: at Respond: Accommodate",
    ]
    assert "Reduced normal form. Entry deterrence: 3 Nash equilibria" in result.output
    assert lines[-1] == "Not subgame perfect (an incredible threat off the path): #1, #3"


def test_solve_json_has_the_subgame_perfect_key() -> None:
    result = run("solve", PENNIES, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["form"] == "extensive"
    assert data["subgame_perfect"] == [
        {
            "behaviour": {
                "Ann": {"Enter?": {"Out": "1"}, "Ann's coin": {"Heads": "1/2", "Tails": "1/2"}},
                "Bob": {"Bob's coin": {"Heads": "1/2", "Tails": "1/2"}},
            },
            "path": [{"node": [], "player": "Ann", "action": "Out", "probability": "1"}],
            "payoffs": {"Ann": "1/2", "Bob": "1/2"},
            "words": "Ann: Out",
        }
    ]
    assert data["subgame_perfect_complete"] is True
    # Bob's 3/4 Heads keeps Ann out, but is no equilibrium of the pennies subgame.
    assert [eq["subgame_perfect"] for eq in data["equilibria"]] == [False, False]
    assert data["strategies"] == {
        "Ann": ["Out", "In,Heads", "In,Tails"],
        "Bob": ["Heads", "Tails"],
    }
    assert data["file"]["path"] == PENNIES
    assert data["file"]["sha256"].startswith("sha256:")


def test_show_prints_the_tree() -> None:
    result = run("show", ENTRY)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Entry deterrence",
        "Players: Entrant, Incumbent",
        "Entrant [Enter?]",
        "  Out -> payoffs Entrant 0, Incumbent 2",
        "  In -> Incumbent [Respond]",
        "    Fight -> payoffs Entrant -1, Incumbent -1",
        "    Accommodate -> payoffs Entrant 1, Incumbent 1",
    ]


def test_show_json() -> None:
    data = json.loads(run("show", ENTRY, "--json").output)
    assert data["tree"]["player"] == "Entrant"
    assert data["tree"]["moves"][0] == {
        "action": "Out",
        "node": {"payoffs": {"Entrant": "0", "Incumbent": "2"}},
    }


def test_export_efg_writes_the_same_tree_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "copy.efg"
    assert run("export", ENTRY, "--format", "efg", "-o", str(target)).exit_code == 0
    assert read_efg(target) == read_efg(ENTRY)
    refused = run("export", ENTRY, "--format", "efg", "-o", str(target))
    assert refused.exit_code == 2
    assert "exists; use --force to overwrite it" in refused.output
    assert run("export", ENTRY, "--format", "efg", "-o", str(target), "--force").exit_code == 0


def test_export_nfg_of_a_tree_is_its_reduced_form() -> None:
    result = run("export", ENTRY, "--format", "nfg")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (
        'NFG 1 R "Entry deterrence" { "Entrant" "Incumbent" } '
        '{ { "Out" "In" } { "Fight" "Accommodate" } }'
    )


def test_export_efg_of_a_strategic_game_is_a_tree_of_simultaneous_moves(tmp_path: Path) -> None:
    game = tmp_path / "battle.nfg"
    game.write_text('NFG 1 R "BoS" { "Ann" "Bob" } { 2 2 } 2 1 0 0 0 0 1 2\n')
    result = run("export", str(game), "--format", "efg")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[3] == 'p "" 1 1 "Ann" { "1" "2" } 0'


def test_explain_uses_the_reduced_form() -> None:
    result = run("explain", ENTRY)
    assert result.exit_code == 0, result.output
    assert "1. Entrant: Out; Incumbent: Fight (pure; payoffs 0, 2)" in result.output


@pytest.mark.parametrize(
    ("command", "message"),
    [
        pytest.param(
            ["solve"], "bad.efg:2: expected a player number (1 to 1), found '9'", id="solve"
        ),
        pytest.param(
            ["show"], "bad.efg:2: expected a player number (1 to 1), found '9'", id="show"
        ),
        pytest.param(
            ["export", "--format", "efg"],
            "bad.efg:2: expected a player number (1 to 1), found '9'",
            id="export",
        ),
    ],
)
def test_a_malformed_file_is_one_error_line_with_exit_2(command, message, tmp_path) -> None:
    bad = tmp_path / "bad.efg"
    bad.write_text('EFG 2 R "g" { "A" }\np "" 9 1 "" { "L" } 0\n')
    result = run(*command[:1], str(bad), *command[1:])
    assert result.exit_code == 2
    assert result.output == f"Error: {bad.parent}/{message}\n"


def test_set_on_an_efg_file_is_refused() -> None:
    result = run("solve", ENTRY, "--set", "x=1")
    assert result.exit_code == 2
    assert "--set and --preset apply to scenarios, not to .efg files" in result.output
