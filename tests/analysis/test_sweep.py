"""Sweeps: exact grids, CSV for pandas/R, regions from the thresholds, plots, the CLI."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from fractions import Fraction
from itertools import product
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from negotiation.cli.analysis_commands import OptionError, parse_range, sweep_command
from negotiation.cli.main import Group

from negotiation.analysis.sweep import MAX_POINTS, sweep
from negotiation.analysis.thresholds import structure, thresholds
from negotiation.errors import NegotiationError, ScenarioError
from negotiation.scenario import Scenario, load_scenario, read_scenario

ROOT = Path(__file__).parents[2]
STAG_HUNT = ROOT / "tests" / "data" / "scenarios" / "stag-hunt.toml"
HEADER = [
    "stag",
    "equilibrium",
    "Alice:Stag",
    "Alice:Hare",
    "Bob:Stag",
    "Bob:Hare",
    "payoff:Alice",
    "payoff:Bob",
    "pure",
    "degenerate",
]


@pytest.fixture
def stag_hunt() -> Scenario:
    return read_scenario(STAG_HUNT)


@pytest.fixture
def stag_sweep(stag_hunt: Scenario):
    # hare = 7/2: below stag = 7/2 only (Hare, Hare); above, also (Stag, Stag) and a mixed
    # equilibrium where each hunts stag with probability hare / stag.
    return sweep(stag_hunt, {"stag": (3, 5, 4)}, {"hare": Fraction(7, 2)})


@pytest.fixture
def ladder(tmp_path: Path) -> Scenario:
    # Row's payoff for A is x against L and 2x - 3 against R; B pays 1 throughout, and Col
    # matches Row.  A beats B against L from x = 1 and against R from x = 2: two thresholds.
    text = """
[scenario]
id = "ladder"
title = "Ladder"
[parameters.x]
value = 3
range = [0, 4]
unit = "u"
description = "d"
source = "s"
[players.Row.strategies]
A = "a"
B = "b"
[players.Col.strategies]
L = "l"
R = "r"
[payoffs.A.L]
Row = "x"
Col = "1"
[payoffs.A.R]
Row = "2*x - 3"
Col = "0"
[payoffs.B.L]
Row = "1"
Col = "0"
[payoffs.B.R]
Row = "1"
Col = "1"
"""
    path = tmp_path / "ladder.toml"
    path.write_text(text)
    return read_scenario(path)


def test_grid_is_exact(stag_sweep) -> None:
    assert stag_sweep.axes == ((3, Fraction(7, 2), 4, Fraction(9, 2), 5),)
    assert [point.values for point in stag_sweep.points] == [
        {"stag": v} for v in stag_sweep.axes[0]
    ]


def test_csv_columns_and_rows(stag_sweep) -> None:
    rows = list(csv.reader(io.StringIO(stag_sweep.to_csv())))
    assert rows[0] == HEADER
    # 1 equilibrium at stag = 3, 2 at the tie 7/2 (extreme ones), 3 at 4, 9/2 and 5.
    assert [row[0] for row in rows[1:]] == ["3"] + ["3.5"] * 2 + ["4"] * 3 + ["4.5"] * 3 + [
        "5"
    ] * 3
    assert rows[6] == [
        "4",
        "3",
        "0.875",
        "0.125",
        "0.875",
        "0.125",
        "3.5",
        "3.5",
        "false",
        "false",
    ]
    assert rows[9][2] == "0.7777777777777778"  # 7/9 has no finite decimal: the nearest float


def test_csv_exact(stag_sweep) -> None:
    rows = list(csv.reader(io.StringIO(stag_sweep.to_csv(exact=True))))
    assert rows[6][:4] == ["4", "3", "7/8", "1/8"]
    assert rows[2][0] == "7/2"


def test_csv_reads_into_pandas(stag_sweep) -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(io.StringIO(stag_sweep.to_csv()))
    assert list(frame.columns) == HEADER
    assert frame["Alice:Stag"].dtype == float
    assert len(frame) == 12


def test_two_parameter_csv(stag_hunt: Scenario) -> None:
    result = sweep(stag_hunt, {"stag": (4, 6, 2), "hare": (1, 3, 2)})
    rows = list(csv.reader(io.StringIO(result.to_csv())))
    assert rows[0][:3] == ["stag", "hare", "equilibrium"]
    # stag > hare at every point: three equilibria at each of the 9 points.
    assert len(rows) == 1 + 9 * 3
    assert {tuple(row[:2]) for row in rows[1:]} == set(product(["4", "5", "6"], ["1", "2", "3"]))
    assert result.thresholds is None
    assert result.regions == ()


def test_regions_boundaries_are_the_thresholds(ladder: Scenario) -> None:
    result = sweep(ladder, {"x": (0, 4, 16)})
    assert [t.value for t in result.thresholds.thresholds] == [1, 2]
    bounds = [(region.low, region.high) for region in result.regions]
    assert bounds == [(0, 1), (1, 2), (2, 4)]
    for point in result.points:
        region = result.thresholds.region_of(point.values["x"])
        if region is not None:
            assert structure(point.result) == region.structure


def test_text_report_lists_regions(stag_sweep) -> None:
    lines = stag_sweep.text().splitlines()
    assert lines[0] == "Stag hunt: sweep of stag over [3, 5] in 4 steps (5 points)"
    assert lines[1] == "Other parameters: hare = 7/2"
    assert "  stag in [3, 7/2): Alice: Hare; Bob: Hare" in lines
    assert "  stag in (7/2, 5]: 3 equilibria  <- stag = 4" in lines
    assert "  stag = 3: Alice: Hare; Bob: Hare" in lines


def test_two_parameter_text_map(stag_hunt: Scenario) -> None:
    result = sweep(stag_hunt, {"stag": (3, 4, 2), "hare": (3, 4, 2)})
    lines = result.text().splitlines()
    # Letters in order of first appearance, from (stag, hare) = (3, 3): A where stag = hare
    # (both hunt stag or both hare, no mixed equilibrium), B (Hare, Hare) where stag < hare,
    # C (three equilibria) where stag > hare.
    assert "  A  Alice: Stag; Bob: Stag  (3 points)" in lines
    assert "  B  Alice: Hare; Bob: Hare  (3 points)" in lines
    start = lines.index("Map: stag across (left to right), hare down (high to low):") + 1
    assert lines[start:] == ["    4  BBA", "  7/2  BAC", "    3  ACC", "       3 .. 4"]


def test_json(stag_sweep) -> None:
    data = json.loads(json.dumps(stag_sweep.to_json()))
    assert data["parameters"] == {"stag": {"low": "3", "high": "5", "steps": 4}}
    assert len(data["grid"]) == 5
    assert data["grid"][2]["values"] == {"stag": "4"}
    assert [t["value"] for t in data["thresholds"]] == ["7/2"]
    assert data["regions"][0]["high"] == "7/2"
    assert data["scenario"] == "stag-hunt-test"  # provenance


@pytest.mark.parametrize(
    ("ranges", "error", "message"),
    [
        pytest.param({"stag": (3, 5, 0)}, NegotiationError, "steps must be", id="steps"),
        pytest.param({"stag": ("a", 5, 2)}, NegotiationError, "must be numbers", id="words"),
        pytest.param({"stag": (5, 3, 2)}, NegotiationError, r"low \(5\) must be below", id="low"),
        pytest.param({}, NegotiationError, "one or two parameters", id="none"),
        pytest.param({"stg": (3, 5, 2)}, ScenarioError, "did you mean 'stag'", id="unknown"),
        pytest.param(
            {"stag": (3, 5, MAX_POINTS), "hare": (1, 2, 1)},
            NegotiationError,
            "fewer steps",
            id="too-many",
        ),
        pytest.param(  # refused at once, not after building a grid of 10^12 values
            {"stag": (3, 5, 10**12)},
            NegotiationError,
            "a sweep of 1000000000001 points is more than",
            id="far-too-many",
        ),
    ],
)
def test_bad_ranges(stag_hunt: Scenario, ranges: dict, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        sweep(stag_hunt, ranges)


# -- plots -----------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_one_parameter(tmp_path: Path, stag_sweep, suffix: str) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / f"sweep{suffix}"
    figure = stag_sweep.plot(path)
    assert figure.axes[0].get_title() == "Stag hunt"  # the Figure, for a notebook to show
    content = path.read_bytes()
    assert content.startswith(b"\x89PNG" if suffix == ".png" else b"<?xml")


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plot_region_map(tmp_path: Path, stag_hunt: Scenario, suffix: str) -> None:
    pytest.importorskip("matplotlib")
    result = sweep(stag_hunt, {"stag": (3, 5, 4), "hare": (1, 3.9, 4)})
    assert result.axes[1][-1] == Fraction(39, 10)
    path = tmp_path / f"map{suffix}"
    result.plot(path)
    content = path.read_bytes()
    assert content.startswith(b"\x89PNG" if suffix == ".png" else b"<?xml")
    if suffix == ".svg":
        assert b"baseline" in content
        assert b"A: Alice: Stag; Bob: Stag | Alice: Hare; Bob: Hare" in content


def test_region_map_boundaries_are_the_exact_thresholds() -> None:
    """On each grid line of c_ties, the boundaries along drone_cost are drawn at the exact
    thresholds (here 39/44 on the baseline's line c_ties = 12), not at a grid cell's edge."""
    pytest.importorskip("matplotlib")
    offensive = load_scenario("idlib-offensive")
    result = sweep(offensive, {"drone_cost": (0.1, 2, 19), "c_ties": (2, 20, 9)})
    rows = result.exact_boundaries()
    assert rows is not None
    assert len(rows) == 10
    line = rows[result.axes[1].index(12)]
    exact = thresholds(offensive, "drone_cost", offensive.values(overrides={"c_ties": 12}))
    assert [t.value for t in line.thresholds] == [t.value for t in exact.thresholds]
    assert [t.value for t in line.thresholds] == [Fraction(39, 44)]  # as docs/models.md says
    figure = result.plot()
    (ax,) = figure.axes
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    drawn = {(x, y) for dot in dots for x, y in zip(dot.get_xdata(), dot.get_ydata(), strict=True)}
    assert (float(Fraction(39, 44)), 12.0) in drawn
    # the colour changes at 39/44 on the c_ties = 12 band: a band ends there
    edges = {round(patch.get_x() + patch.get_width(), 9) for patch in ax.patches}
    assert round(39 / 44, 9) in edges


def test_region_map_joins_only_the_same_boundary() -> None:
    """idlib-hts over v_terr and w_mil has boundaries that do not share grid lines of w_mil;
    each is joined along itself (neighbouring points), never one to another far away."""
    pytest.importorskip("matplotlib")
    hts = load_scenario("idlib-hts")
    result = sweep(hts, {"v_terr": (5, 10, 24), "w_mil": (0.5, 2, 12)})
    (ax,) = result.plot().axes
    joins = [line for line in ax.lines if line.get_marker() != "o" and len(line.get_xdata()) == 2]
    assert joins
    for line in joins:
        low, high = line.get_xdata()
        assert abs(high - low) < 2  # neighbouring points of one boundary, not 5.2 to 9.3


def test_region_map_letters_outcomes_in_order() -> None:
    """Outcomes found only between grid points (the exact analysis) get the next letters, once
    each: the legend's letters run A, B, C, ... without a gap or a repeat."""
    pytest.importorskip("matplotlib")
    offensive = load_scenario("idlib-offensive")
    result = sweep(offensive, {"w_mil": (0.5, 2, 24), "drone_cost": (0.25, 3, 12)})
    (ax,) = result.plot().axes
    letters = [text.get_text()[0] for text in ax.get_legend().get_texts()][:-2]
    assert len(letters) >= 3
    assert letters == list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"[: len(letters)])


def test_plot_refuses_other_formats(tmp_path: Path, stag_sweep) -> None:
    with pytest.raises(NegotiationError, match=r"must end in \.png or \.svg"):
        stag_sweep.plot(tmp_path / "sweep.pdf")


def test_plot_without_matplotlib(
    tmp_path: Path, stag_sweep, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(NegotiationError) as caught:
        stag_sweep.plot(tmp_path / "sweep.png")
    assert str(caught.value) == "plotting needs matplotlib: pip install 'negotiation[plot]'"
    assert not (tmp_path / "sweep.png").exists()


# -- the command line ------------------------------------------------------------------------


def run(*args: str, group: click.Group | None = None):
    group = group or Group(commands=[sweep_command])
    return CliRunner().invoke(group, list(args))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("x=0:10", ("x", (0, 10, 20)), id="default-steps"),
        pytest.param("x=-1/2:3.5:7", ("x", (Fraction(-1, 2), Fraction(7, 2), 7)), id="exact"),
    ],
)
def test_parse_range(text: str, expected: tuple) -> None:
    assert parse_range(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param("x=1:", "HIGH is missing", id="no-high"),
        pytest.param("x=:1", "LOW is missing", id="no-low"),
        pytest.param("x=1", "expected LOW:HIGH", id="one-number"),
        pytest.param("=0:1", "expected a parameter name", id="no-name"),
        pytest.param("x=a:b", "LOW and HIGH must be numbers", id="words"),
        pytest.param("x=2:1", "LOW (2) must be below HIGH (1)", id="reversed"),
        pytest.param("x=0:1:0", "STEPS must be at least 1", id="zero-steps"),
        pytest.param("x=0:1:2.5", "STEPS must be a whole number", id="fractional-steps"),
    ],
)
def test_parse_range_errors(text: str, problem: str) -> None:
    with pytest.raises(OptionError) as caught:
        parse_range(text)
    assert str(caught.value).startswith(f"PARAM=LOW:HIGH[:STEPS] argument {text!r}: {problem}")


def test_cli_sweep_report(stag_hunt: Scenario) -> None:
    result = run("sweep", str(STAG_HUNT), "stag=3:5:4", "--set", "hare=7/2")
    assert result.exit_code == 0, result.output
    assert "  stag in [3, 7/2): Alice: Hare; Bob: Hare" in result.output


def test_cli_sweep_bad_spec_exits_2() -> None:
    result = run("sweep", str(STAG_HUNT), "stag=1:")
    assert result.exit_code == 2
    assert "Error: PARAM=LOW:HIGH[:STEPS] argument 'stag=1:': HIGH is missing" in result.output
    assert "Traceback" not in result.output


def test_cli_bad_spec_is_a_negotiation_error_in_a_plain_group() -> None:
    result = run("sweep", str(STAG_HUNT), "stag=1:", group=click.Group(commands=[sweep_command]))
    assert isinstance(result.exception, OptionError)


def test_cli_csv_to_stdout() -> None:
    result = run("sweep", str(STAG_HUNT), "stag=3:5:4", "--set", "hare=7/2", "--csv", "-")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == ",".join(HEADER)
    assert len(result.output.splitlines()) == 13


def test_cli_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("keep me")
    result = run("sweep", str(STAG_HUNT), "stag=3:5:4", "--csv", str(target))
    assert result.exit_code == 2
    assert f"--csv: {target} exists; use --force to overwrite it" in result.output
    assert target.read_text() == "keep me"
    result = run("sweep", str(STAG_HUNT), "stag=3:5:4", "--csv", str(target), "--force")
    assert result.exit_code == 0, result.output
    assert target.read_text().splitlines()[0] == ",".join(HEADER)


def test_cli_plot_and_json(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "map.svg"
    result = run(
        "sweep", str(STAG_HUNT), "stag=3:5:2", "hare=1:3:2", "--plot", str(target), "--json"
    )
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"<?xml")
    data = json.loads(result.stdout)
    assert len(data["grid"]) == 9


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--plot", "out.pdf"], "--plot: out.pdf must end in .png or .svg", id="pdf"),
        pytest.param(["--csv", "-", "--json"], "choose one", id="stdout-twice"),
        pytest.param(["stag=3:4"], "stag is given twice", id="twice"),
        pytest.param(["hare=1:2", "stag=3:4"], "give one or two ranges, got 3", id="three"),
    ],
)
def test_cli_option_errors(args: list[str], message: str) -> None:
    result = run("sweep", str(STAG_HUNT), "stag=3:5", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_cli_sweep_help_teaches_with_an_example() -> None:
    result = run("sweep", "--help")
    assert result.exit_code == 0
    assert (
        "negotiation sweep idlib-offensive drone_cost=0.25:3:40 --csv sweep.csv" in result.output
    )


# -- the batch engine behind the grid ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ranges"),
    [
        pytest.param("stag-hunt", {"stag": (3, 5, 8), "hare": (1, 4, 6)}, id="stag_hunt_ties"),
        pytest.param("idlib-offensive", {"drone_cost": (0.1, 2, 19)}, id="idlib_offensive"),
        pytest.param(
            "entry-deterrence", {"incumbent_war": (-2, 3, 10)}, id="entry_degenerate_everywhere"
        ),
        pytest.param(
            "idlib-refugees", {"crossing": (0.1, 0.8, 14), "v_relief": (2, 8, 10)}, id="refugees"
        ),
    ],
)
def test_sweep_equilibria_are_the_exact_solvers(name: str, ranges: dict) -> None:
    """At every grid point, the same exact equilibria (and degeneracy) as ``solve``, whether
    the batch engine settled the point or sent it to the exact solver."""
    from negotiation.scenario import bundled_scenarios, load_scenario
    from negotiation.solvers import solve

    path = STAG_HUNT if name == "stag-hunt" else bundled_scenarios().get(name)
    if path is None:
        pytest.skip(f"{name} is not bundled")
    scenario = load_scenario(path)
    result = sweep(scenario, ranges)
    for point in result.points:
        values = {**result.values, **point.values}
        expected = solve(scenario.game(values))
        assert point.result.equilibria == expected.equilibria
        assert point.result.degenerate == expected.degenerate
        assert point.result.exact
    methods = {point.result.method for point in result.points}
    if name != "entry-deterrence":  # degenerate at every point: solve everywhere
        assert "support_enumeration" in methods  # points the batch engine settled


def test_notebooks_render_tables(stag_sweep, stag_hunt: Scenario) -> None:
    assert str(stag_sweep) == stag_sweep.text()
    markdown = stag_sweep._repr_markdown_()
    assert "| stag in [3, 7/2) | Alice: Hare; Bob: Hare |" in markdown
    assert "| 4 | Alice: Stag; Bob: Stag<br>Alice: Hare; Bob: Hare<br>" in markdown
    html = stag_sweep._repr_html_()  # real tables, not the text report inside <pre>
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html)
    first = cells.index("stag in [3, 7/2)")
    assert cells[first + 1] == "Alice: Hare; Bob: Hare"
    assert "<pre>" not in html
    two = sweep(stag_hunt, {"stag": (3, 4, 2), "hare": (3, 4, 2)})
    assert "| A | Alice: Stag; Bob: Stag<br>Alice: Hare; Bob: Hare | 3 |" in two.markdown()
    assert "    4  BBA" in two.markdown()
