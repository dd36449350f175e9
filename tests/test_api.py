"""The Python API mirrors the command line: each Scenario method gives what its command prints.

A notebook does ``load("idlib-offensive").whatif(drone_cost=6)``; these tests hold the method's
``to_json()`` and ``text()`` to the command's ``--json`` and plain output, and check that every
result renders in Jupyter (``_repr_markdown_`` or ``_repr_html_``).
"""

from __future__ import annotations

import json
import warnings

import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

from negotiation import NegotiationError, load
from negotiation.scenario import RangeWarning


def command(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.output


def command_json(*args: str) -> dict:
    return json.loads(command(*args, "--json"))


@pytest.fixture(scope="module")
def offensive():
    return load("idlib-offensive")


def test_whatif_mirrors_the_command(offensive) -> None:
    result = offensive.whatif(drone_cost=2)
    assert result.to_json() == command_json("whatif", "idlib-offensive", "--set", "drone_cost=2")
    assert result.text() + "\n" == command("whatif", "idlib-offensive", "--set", "drone_cost=2")


def test_whatif_takes_a_preset_by_name_and_a_moved_baseline(offensive) -> None:
    by_name = offensive.whatif("drones").to_json()
    assert by_name == offensive.whatif(["drones"]).to_json()
    assert by_name == command_json("whatif", "idlib-offensive", "--preset", "drones")
    moved = offensive.whatif(base_presets="drones", base={"c_ties": 5}, drone_cost=2)
    args = ("--base-preset", "drones", "--base-set", "c_ties=5", "--set", "drone_cost=2")
    assert moved.to_json() == command_json("whatif", "idlib-offensive", *args)


def test_thresholds_mirror_the_command(offensive) -> None:
    result = offensive.thresholds("drone_cost", "drones", symbolic=True)
    args = ("thresholds", "idlib-offensive", "drone_cost", "--preset", "drones", "--symbolic")
    assert result.to_json() == command_json(*args)
    assert result.text() + "\n" == command(*args)


def test_sweep_reads_tuples_as_ranges_and_other_keywords_as_values(offensive) -> None:
    result = offensive.sweep(drone_cost=(0.25, 3, 11), c_ties=6)
    args = ("sweep", "idlib-offensive", "drone_cost=0.25:3:11", "--set", "c_ties=6")
    assert result.to_json() == command_json(*args)
    assert result.values["c_ties"] == 6
    assert len(result.points) == 12
    assert len(offensive.sweep(drone_cost=(1, 2)).points) == 21  # the command's default


def test_sweep_rejects_a_malformed_range(offensive) -> None:
    with pytest.raises(NegotiationError, match=r"drone_cost: expected \(low, high\)"):
        offensive.sweep(drone_cost=(1,))


def test_explain_and_solve_mirror_the_commands(offensive) -> None:
    explanation = offensive.explain("drones")
    data = command_json("explain", "idlib-offensive", "--preset", "drones")
    assert explanation.to_json()["equilibria"] == data["equilibria"]
    assert explanation.text() + "\n" == command("explain", "idlib-offensive", "--preset", "drones")
    solved = offensive.solve("drones", c_ties=5)
    data = command_json("solve", "idlib-offensive", "--preset", "drones", "--set", "c_ties=5")
    assert solved.to_json()["equilibria"] == data["equilibria"]


@pytest.mark.parametrize("fmt", ["latex", "markdown", "json", "nfg"])
def test_export_gives_the_commands_text(offensive, fmt: str) -> None:
    text = offensive.export(fmt, "drones")
    assert text == command("export", "idlib-offensive", "--format", fmt, "--preset", "drones")


def test_robustness_mirrors_the_command(offensive) -> None:
    result = offensive.robustness(300, seed=4, vary=["drone_cost", "c_ties"])
    args = ("robustness", "idlib-offensive", "--samples", "300", "--seed", "4")
    data = command_json(*args, "--vary", "drone_cost,c_ties")
    assert result.to_json() == data


def test_solve_points_takes_arrays_or_a_csv_file(offensive, tmp_path) -> None:
    path = tmp_path / "points.csv"
    path.write_text("drone_cost,c_ties\n0.5,7\n2,7\n2,1/2\n")
    from_file = offensive.solve_points(path)
    arrays = {"drone_cost": ["0.5", "2", "2"], "c_ties": [7, 7, "1/2"]}
    from_arrays = offensive.solve_points(arrays)
    assert from_file.to_json() == from_arrays.to_json()
    data = command_json("solve", "idlib-offensive", "--points", str(path))
    assert from_file.to_json()["points"] == data["points"]
    for point, values in enumerate(({"drone_cost": "0.5"}, {"drone_cost": 2}, {"c_ties": "1/2"})):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RangeWarning)
            exact = offensive.solve(**{"drone_cost": 2, **values} if point else values)
        assert from_file.label(point) == from_arrays.label(point)
        assert len(from_file.equilibria_at(point)) == len(exact.equilibria)


def test_check_mirrors_the_command() -> None:
    report = load("stag-hunt").check()
    assert report.to_json() == command_json("check", "stag-hunt")
    assert report.text() + "\n" == command("check", "stag-hunt")
    assert report.all_hold
    assert len(report) == len(report.scenario.claims)


def test_results_render_in_jupyter(offensive) -> None:
    results = [
        offensive,
        offensive.solve(),
        offensive.whatif(drone_cost=2),
        offensive.thresholds("drone_cost"),
        offensive.sweep(drone_cost=(0.25, 3, 4)),
        offensive.explain(),
        offensive.robustness(50),
        offensive.check(),
    ]
    for result in results:
        markdown, html = result._repr_markdown_(), result._repr_html_()
        # Jupyter prefers HTML: a result with its own Markdown must not hide it behind <pre>.
        shown = html if html is not None else markdown
        assert "Russia" in (shown or ""), type(result).__name__
        assert str(result) == result.text()
        assert type(result).__name__ in repr(result) or "Scenario" in repr(result)


def test_html_escapes_labels() -> None:
    report = load("stag-hunt")
    assert "<table" in report._repr_html_()
    assert "<pre>" not in report._repr_html_()
    whatif = load("idlib-offensive").whatif(drone_cost=2)
    assert "Russia&#x27;s" in whatif._repr_html_()


def test_range_warning_points_at_the_callers_line(offensive) -> None:
    with pytest.warns(RangeWarning, match=r"drone_cost=6 lies outside") as record:
        offensive.whatif(drone_cost=6)
    assert {warning.filename for warning in record} == {__file__}


def test_one_preset_name_is_a_name_not_letters(offensive) -> None:
    assert offensive.values("drones") == offensive.values(["drones"]) != offensive.baseline()


def test_a_bad_value_is_blamed_on_the_value_not_the_file(offensive) -> None:
    with pytest.raises(NegotiationError) as caught:
        offensive.values(overrides={"drone_cost": "abc"})
    assert str(caught.value) == "[drone_cost]: expected a number such as 3, 2.5 or 3/2, got 'abc'"


def test_show_lists_claims_and_shows_nfg_games(tmp_path) -> None:
    assert "SF1: facing Turkey's February 2020" in command("show", "idlib-offensive")
    path = tmp_path / "game.nfg"
    path.write_text(load("prisoners-dilemma").export("nfg"))
    shown = command("show", str(path))
    assert "Cooperate, Defect" in shown
    assert json.loads(command("show", str(path), "--json"))["strategies"]


@pytest.mark.parametrize("name", ["check", "thresholds", "sweep", "robustness"])
def test_scenario_commands_refuse_nfg_games_clearly(tmp_path, name: str) -> None:
    path = tmp_path / "game.nfg"
    path.write_text(load("prisoners-dilemma").export("nfg"))
    extra = {"thresholds": ["x"], "sweep": ["x=0:1"]}.get(name, [])
    result = CliRunner().invoke(cli, [name, str(path), *extra])
    assert result.exit_code == 2
    assert f"{path}: a Gambit .nfg game has no parameters" in result.output
