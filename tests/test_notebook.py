"""Results in a real Jupyter notebook: executed with nbclient, its HTML output parsed.

Skipped, with the reason, where nbclient, nbformat or ipykernel is not installed (the ``test``
extra installs them, so CI runs it).
"""

from __future__ import annotations

import base64
import importlib.util
from html.parser import HTMLParser
from pathlib import Path

import pytest

MISSING = [
    name
    for name in ("nbclient", "nbformat", "ipykernel")
    if importlib.util.find_spec(name) is None
]
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"notebook test needs {', '.join(MISSING)} (pip install -e '.[test]')"
)

ROOT = Path(__file__).resolve().parent.parent

CELLS = [
    f"import sys; sys.path.insert(0, {str(ROOT)!r})\nfrom negotiation import load\n"
    "offensive = load('idlib-offensive')",
    "offensive",
    "offensive.solve('drones')",
    "offensive.whatif(drone_cost=2)",
    "offensive.thresholds('drone_cost')",
    "offensive.robustness(200, seed=1)",
    "offensive.check()",
    "offensive.sweep(drone_cost=(0.25, 3, 8)).plot()",
]


class Tables(HTMLParser):
    """Counts tables and <pre> blocks, and collects header cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables = 0
        self.pre = 0
        self.headers: list[str] = []
        self._in_header = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tables += tag == "table"
        self.pre += tag == "pre"
        self._in_header = tag == "th"

    def handle_endtag(self, tag: str) -> None:
        if tag == "th":
            self._in_header = False

    def handle_data(self, data: str) -> None:
        if self._in_header:
            self.headers.append(data)


@pytest.fixture(scope="module")
def executed():
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    return notebook.cells


def _outputs(cell) -> list[dict]:
    return [output["data"] for output in cell.outputs if output["output_type"] == "execute_result"]


HEADERS = [
    "source",
    "payoff Russia",
    "changed",
    "just below",
    "share (95% interval)",
    "verdict",
]  # a header of each result's main table, cells 1 to 6


@pytest.mark.parametrize(("index", "header"), list(enumerate(HEADERS, start=1)), ids=CELLS[1:-1])
def test_results_are_html_tables(executed, index: int, header: str) -> None:
    (data,) = _outputs(executed[index])
    parsed = Tables()
    parsed.feed(data["text/html"])
    assert parsed.tables >= 1
    assert parsed.pre == 0  # no ASCII table inside <pre>
    assert header in parsed.headers


def test_errors_are_none(executed) -> None:
    assert not [o for cell in executed for o in cell.outputs if o["output_type"] == "error"]


def test_plot_shows_inline_once(executed) -> None:
    outputs = _outputs(executed[-1])
    displayed = [data for data in outputs if "image/png" in data]
    assert len(displayed) == 1
    assert base64.b64decode(displayed[0]["image/png"]).startswith(b"\x89PNG")
    others = [o for o in executed[-1].outputs if o["output_type"] == "display_data"]
    assert others == []  # not shown a second time by pyplot
