"""The command line: output, JSON schema, exit codes, and errors without tracebacks."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

DATA = Path(__file__).parent / "data"
STAG_HUNT = str(DATA / "scenarios" / "stag-hunt.toml")
BATTLE_NFG = """NFG 1 R "Battle of the sexes" { "Ann" "Bob" }
{ { "Opera" "Football" } { "Opera" "Football" } }
""
2 1 0 0 0 0 1 2
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def battle(tmp_path: Path) -> str:
    path = tmp_path / "battle.nfg"
    path.write_text(BATTLE_NFG)
    return str(path)


def test_solve_nfg_table(battle: str) -> None:
    result = run("solve", battle)
    assert result.exit_code == 0, result.output
    assert "Battle of the sexes: 3 Nash equilibria (exact, vertex enumeration)" in result.output
    assert "2/3 Opera + 1/3 Football" in result.output
    assert "1/3 Opera + 2/3 Football" in result.output


def test_solve_json_schema(battle: str) -> None:
    result = run("solve", battle, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["game"] == "Battle of the sexes"
    assert data["players"] == ["Ann", "Bob"]
    assert data["strategies"] == {"Ann": ["Opera", "Football"], "Bob": ["Opera", "Football"]}
    assert data["degenerate"] is False
    mixed = [eq for eq in data["equilibria"] if not eq["pure"]]
    assert mixed == [
        {
            "profile": {
                "Ann": {"Opera": "2/3", "Football": "1/3"},
                "Bob": {"Opera": "1/3", "Football": "2/3"},
            },
            # Ann: 2 * 2/3 * 1/3 + 1 * 1/3 * 2/3 = 2/3; Bob likewise.
            "payoffs": {"Ann": "2/3", "Bob": "2/3"},
            "pure": False,
        }
    ]
    pure = [eq["profile"] for eq in data["equilibria"] if eq["pure"]]
    assert {"Ann": {"Opera": "1"}, "Bob": {"Opera": "1"}} in pure
    assert data["toolkit"]["name"] == "negotiation"
    assert data["file"]["sha256"].startswith("sha256:")


def test_solve_scenario_with_set_and_preset() -> None:
    base = json.loads(run("solve", STAG_HUNT, "--json").output)
    assert base["scenario"] == "stag-hunt-test"
    assert base["values"] == {"stag": "4", "hare": "3"}
    changed = json.loads(
        run("solve", STAG_HUNT, "--preset", "rich-stag", "--set", "hare=7/2", "--json").output
    )
    assert changed["values"] == {"stag": "8", "hare": "7/2"}
    payoffs = {eq["payoffs"]["Alice"] for eq in changed["equilibria"] if eq["pure"]}
    assert payoffs == {"8", "7/2"}


def test_out_of_range_set_warns_and_runs() -> None:
    result = CliRunner().invoke(cli, ["solve", STAG_HUNT, "--set", "stag=50"])
    assert result.exit_code == 0
    assert "Warning: stag=50 lies outside its plausible range [3, 10]" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["solve", "missing.nfg"], "missing.nfg", id="missing_nfg"),
        pytest.param(["solve", "no-such-scenario"], "no scenario file or bundled", id="unknown"),
        pytest.param(["solve", STAG_HUNT, "--set", "stga=1"], "did you mean 'stag'?", id="typo"),
        pytest.param(["solve", STAG_HUNT, "--set", "stag=many"], "expected a number", id="nan"),
        pytest.param(["solve", STAG_HUNT, "--set", "stag"], "--set expects NAME=VALUE", id="form"),
        pytest.param(["solve", STAG_HUNT, "--preset", "poor"], "unknown preset", id="preset"),
        pytest.param(
            ["sweep", STAG_HUNT, "stag=3:10", "--set", "hare=1e400"],
            "[hare]: the value is too large for floating point",
            id="beyond_floats",
        ),
        pytest.param(["show", "missing.toml"], "no such file", id="show_missing"),
        pytest.param(["check", "missing.toml"], "no such file", id="check_missing"),
    ],
)
def test_bad_input_exits_2_with_one_error_line(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.output.count("Error:") == 1


def test_set_on_nfg_is_refused(battle: str) -> None:
    result = run("solve", battle, "--set", "x=1")
    assert result.exit_code == 2
    assert "--set and --preset apply to scenarios" in result.output


def test_check_passes_and_fails_with_exit_codes(tmp_path: Path) -> None:
    result = run("check", STAG_HUNT, "--samples", "200")
    assert result.exit_code == 0, result.output
    assert "2 of 2 claims hold in at least their declared share of draws." in result.output
    assert "[holds 100.0% (98.1-100.0%) >= 90%] Both hunting hare is always an equilibrium." in (
        result.output.splitlines()
    )
    failing = tmp_path / "failing.toml"
    # Alice plays Hare in every equilibrium: false wherever both hunting stag is one too.
    failing.write_text(Path(STAG_HUNT).read_text().replace('in = "some"\n', 'in = "every"\n', 1))
    result = run("check", str(failing), "--json", "--samples", "200")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [claim["holds"] for claim in data["claims"]] == [False, True]
    assert data["all_hold"] is False


def test_show_json_has_parameters_and_presets() -> None:
    data = json.loads(run("show", STAG_HUNT, "--json").output)
    assert data["parameters"]["hare"] == {
        "value": "3",
        "baseline": "3",
        "range": ["1", "39/10"],
        "unit": "utility",
        "description": "What a hunter gets alone from a hare.",
        "source": "assumption: textbook value",
    }
    assert data["presets"]["rich-stag"]["set"] == {"stag": "8"}


def test_show_symbolic_prints_formulas() -> None:
    result = run("show", STAG_HUNT, "--symbolic")
    assert result.exit_code == 0, result.output
    assert "stag ; stag" in result.output
    assert "alone = 0" in result.output


def test_export_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "game.nfg"
    target.write_text("precious")
    result = run("export", STAG_HUNT, "--format", "nfg", "-o", str(target))
    assert result.exit_code == 2
    assert "exists; use --force" in result.output
    assert target.read_text() == "precious"
    result = run("export", STAG_HUNT, "--format", "nfg", "-o", str(target), "--force")
    assert result.exit_code == 0
    assert target.read_text().startswith("NFG 1 R")
    assert run("solve", str(target), "--json").output.count('"pure": true') == 2


def test_list_names_bundled_scenarios() -> None:
    data = json.loads(run("list", "--json").output)
    names = {item["name"] for item in data["scenarios"]}
    assert {"idlib-offensive", "idlib-hts", "idlib-refugees", "prisoners-dilemma"} <= names
    assert data["toolkit"]["name"] == "negotiation"
    for item in data["scenarios"]:
        digest = hashlib.sha256(Path(item["file"]["path"]).read_bytes()).hexdigest()
        assert item["file"]["sha256"] == f"sha256:{digest}"


@pytest.mark.parametrize(
    "code",
    [
        pytest.param("import negotiation, negotiation.cli.main", id="import"),
        pytest.param(
            "import sys; from negotiation.cli.main import cli\n"
            "sys.argv = ['negotiation', '--help']\n"
            "try:\n    cli()\nexcept SystemExit:\n    pass",
            id="help",
        ),
    ],
)
def test_light_imports(code: str) -> None:
    script = (
        code + "\nimport sys\nprint(sorted(m for m in ('sympy', 'matplotlib', 'nashpy', "
        "'scipy') if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip().splitlines()[-1] == "[]"


def test_small_nfg_solve_does_not_import_sympy(battle: str) -> None:
    script = (
        "import sys\nfrom cli.main import cli\n"
        f"sys.argv = ['negotiation', 'solve', {battle!r}]\n"
        "try:\n    cli()\nexcept SystemExit:\n    pass\n"
        "print('sympy' in sys.modules, 'scipy' in sys.modules)"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip().splitlines()[-1] == "False False"


def test_solve_points_equals_solving_each_row(tmp_path: Path) -> None:
    points = tmp_path / "points.csv"
    points.write_text("stag,hare\n4,3\n9/2,1\n")
    data = json.loads(run("solve", STAG_HUNT, "--points", str(points), "--json").output)
    assert [point["parameters"] for point in data["points"]] == [
        {"stag": "4", "hare": "3"},
        {"stag": "9/2", "hare": "1"},
    ]
    for point in data["points"]:
        values = [f"{name}={value}" for name, value in point["parameters"].items()]
        single = json.loads(
            run("solve", STAG_HUNT, "--json", *sum((["--set", v] for v in values), [])).output
        )
        assert len(point["equilibria"]) == len(single["equilibria"])


def test_csv_without_points_is_bad_input() -> None:
    result = run("solve", STAG_HUNT, "--csv")
    assert result.exit_code == 2
    assert "--csv goes with --points" in result.output


def test_robustness_is_registered_and_reproducible() -> None:
    first = run("robustness", STAG_HUNT, "--samples", "300", "--seed", "3", "--json")
    assert first.exit_code == 0, first.output
    second = run("robustness", STAG_HUNT, "--samples", "300", "--seed", "3", "--json")
    assert first.output == second.output


def _help_examples() -> list[tuple[str, str]]:
    """Every ``negotiation ...`` example line of every command's --help."""
    examples = []
    for name in cli.commands:
        help_text = run(name, "--help").output
        examples += [
            (name, line.strip())
            for line in help_text.splitlines()
            if line.strip().startswith("negotiation ")
        ]
    return examples


@pytest.mark.parametrize(("name", "example"), _help_examples())
def test_help_examples_run(
    name: str, example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--help teaches with examples; each must work as printed (inputs it names are made)."""
    import shlex

    monkeypatch.chdir(tmp_path)
    args = shlex.split(example)[1:]
    if "--points" in args:
        (tmp_path / args[args.index("--points") + 1]).write_text("drone_cost\n0.5\n2\n")
    for index, arg in enumerate(args):  # a Gambit tree it reads, not writes: the entry game
        if arg.endswith(".efg") and args[index - 1] not in ("-o", "--output"):
            source = Path(__file__).parent / "data" / "efg" / "entry-deterrence.efg"
            (tmp_path / arg).write_text(source.read_text())
    if "--plot" in args:
        pytest.importorskip("matplotlib")
    if "--samples" in args:  # the example's 10^5 draws; a few thousand show the same
        args[args.index("--samples") + 1] = "2000"
    result = run(*args)
    # check exits 1 when a claim holds in less than its declared share: a verdict, not a fault.
    assert result.exit_code in ((0, 1) if name == "check" else (0,)), f"{example}: {result.output}"
    assert "Traceback" not in result.output


def test_modules_named_like_ours_in_the_users_folder_break_nothing(tmp_path: Path) -> None:
    """The repository's cli/ and payoffs/ install inside `negotiation` (issue 15): a user's own
    cli.py and payoffs.py in the working folder must not shadow them."""
    for name in ("cli.py", "payoffs.py"):
        (tmp_path / name).write_text("raise SystemExit('the user module was imported')\n")
    script = (
        "from negotiation import load\n"
        "from negotiation.cli.main import cli\n"
        "print(load('stag-hunt').id)\n"
        "cli(['list'], standalone_mode=False)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=True
    ).stdout
    assert output.splitlines()[0] == "stag-hunt"
    assert "idlib-offensive" in output
