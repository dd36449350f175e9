"""How results show themselves: tables folded to the terminal, Markdown, HTML, LaTeX and
DataFrames rendered from the same blocks (`negotiation.display`, `negotiation.views`)."""

from __future__ import annotations

import importlib.util
import io
import sys
from fractions import Fraction
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli
from negotiation.cli.options import counter, fold

from negotiation import load
from negotiation.display import (
    Items,
    Paragraph,
    Table,
    decimal_number,
    fit_table,
    render_html,
    render_latex,
    render_markdown,
)
from negotiation.scenario import load_scenario


class Cells(HTMLParser):
    """The text of every <td>/<th>, and the tags seen."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.cells: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> Cells:
    parser = Cells()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def offensive():
    return load("idlib-offensive")


def test_fit_table_folds_long_cells_to_the_width() -> None:
    source = "a long source " * 20
    text = fit_table(
        ["name", "source"], [["v_terr", source.strip()], ["w_mil", "short"]], width=40
    )
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 40
    assert lines[0].split() == ["name", "source"]
    # every word of the long cell is kept, in its column
    folded = " ".join(line[10:].strip() for line in lines[2:] if line.strip())
    assert folded.split()[:40] == source.split()[:40]
    assert "w_mil" in lines[-1]


def test_fit_table_leaves_a_narrow_table_as_it_was() -> None:
    assert fit_table(["a", "bb"], [["1", "2"]], width=100) == "  a  bb\n  -  --\n  1  2"


@pytest.mark.parametrize("command", [["show", "idlib-offensive"], ["check", "idlib-offensive"]])
def test_terminal_reports_fit_100_columns_when_not_a_terminal(monkeypatch, command) -> None:
    monkeypatch.delenv("COLUMNS")  # CliRunner's output is not a terminal: 100 columns
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 0, result.output
    # before: lines of 540-580 characters; a payoff table may keep a few unbreakable cells
    assert max(len(line) for line in result.output.splitlines()) <= 100


def test_fold_keeps_short_lines_and_map_rows() -> None:
    row = "  4  " + "AB" * 60
    assert fold(row, 40) == row
    folded = fold("  - " + "word " * 30, 40).splitlines()
    assert all(len(line) <= 40 for line in folded)
    assert folded[1].startswith("      word")


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    result = CliRunner().invoke(cli, ["check", "stag-hunt"])
    assert "Checking claims" not in result.output


def test_a_count_on_a_terminal_is_cleared_before_the_report(monkeypatch) -> None:
    """`counter` rewrites one line of standard error while a walk runs and clears it at the
    end; off a terminal, or quiet, it shows nothing and yields None."""
    terminal = io.StringIO()
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stderr", terminal)
    with counter("Walking") as update:
        assert update is not None
        update(10_000)
        update(10_000)
    assert terminal.getvalue() == "\rWalking: 10,000\rWalking: 20,000\r\033[K"
    with counter("Walking", quiet=True) as update:
        assert update is None
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with counter("Walking") as update:
        assert update is None


@pytest.mark.parametrize(
    ("decimals", "value", "expected"),
    [
        pytest.param(3, Fraction(2, 3), "0.667", id="two_thirds"),
        pytest.param(2, Fraction(-19, 20), "-0.95", id="negative"),
        pytest.param(0, Fraction(7, 2), "4", id="half_to_even"),
        pytest.param(1, 3, "3.0", id="integer"),
    ],
)
def test_decimal_number(decimals: int, value, expected: str) -> None:
    assert decimal_number(decimals)(value) == expected


def test_one_table_three_formats() -> None:
    blocks = [
        Paragraph("Baseline", strong=True),
        Table(("#", "Russia"), (("1", ("2/3 Hold", "1/3 <Limited>")),), caption="x|y"),
        Items(("R&D_cost up",)),
    ]
    markdown = render_markdown(blocks)
    assert "| # | Russia |\n|---|---|\n| 1 | 2/3 Hold<br>1/3 <Limited> |" in markdown
    html = render_html(blocks)
    assert parse(html).cells == ["#", "Russia", "1", "2/3 Hold1/3 <Limited>"]
    assert "&lt;Limited&gt;" in html
    latex = render_latex(blocks)
    assert r"$\frac{2}{3}$ Hold" in latex
    assert r"R\&D\_cost up" in latex


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda s: s, id="scenario"),
        pytest.param(lambda s: s.solve(), id="solve"),
        pytest.param(lambda s: s.whatif(drone_cost=2), id="whatif"),
        pytest.param(lambda s: s.thresholds("drone_cost"), id="thresholds"),
        pytest.param(lambda s: s.sweep(drone_cost=(0.25, 3, 4)), id="sweep"),
        pytest.param(lambda s: s.robustness(50, seed=1), id="robustness"),
        pytest.param(lambda s: s.check(), id="claims"),
        pytest.param(lambda s: s.explain(), id="explanation"),
    ],
)
def test_every_result_is_html_tables(offensive, make) -> None:
    result = make(offensive)
    parsed = parse(result._repr_html_())
    assert "table" in parsed.tags
    assert "pre" not in parsed.tags or type(result).__name__ == "SweepResult"
    assert any("Russia" in cell for cell in parsed.cells)


def test_latex_decimals_reach_the_cells() -> None:
    result = load_scenario("stag-hunt").whatif(stag=5)  # the mixed equilibrium: 5q = 3
    assert "0.60 Stag + 0.40 Hare" in result.latex(decimals=2)
    assert r"$\frac{3}{5}$ Stag" in result.latex()


@pytest.mark.skipif(importlib.util.find_spec("pandas") is None, reason="pandas not installed")
def test_to_pandas_is_the_main_table(offensive) -> None:
    frame = offensive.solve("drones").to_pandas()
    assert list(frame.columns) == ["#", "Russia", "Turkey", "payoff Russia", "payoff Turkey"]
    parameters = offensive.to_pandas()
    value = str(offensive.parameters["drone_cost"].value)
    assert parameters.loc[parameters["name"] == "drone_cost", "value"].item() == value


def test_to_pandas_without_pandas_says_how_to_install(offensive, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"to_pandas needs pandas: pip install pandas"):
        offensive.solve().to_pandas()
