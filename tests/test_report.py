"""``negotiation report``: one self-contained HTML page (`negotiation.report`)."""

from __future__ import annotations

import base64
import importlib.util
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

from negotiation import load
from negotiation.analysis.thresholds import thresholds
from negotiation.errors import NegotiationError
from negotiation.report import build_report, write_report

PLOT = importlib.util.find_spec("matplotlib") is not None


class Page(HTMLParser):
    """Tags, attributes and text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def stag_page() -> tuple[str, Page]:
    page = build_report(load("stag-hunt"))
    parsed = Page()
    parsed.feed(page)
    return page, parsed


def test_page_is_self_contained(stag_page) -> None:
    _, parsed = stag_page
    names = [tag for tag, _ in parsed.tags]
    assert "script" not in names
    assert "link" not in names
    for _, attributes in parsed.tags:
        for name in ("src", "href"):
            value = attributes.get(name) or ""
            assert not value.startswith(("http:", "https:", "//")), value
            assert value == "" or value.startswith(("#", "data:image/png;base64,"))


def test_page_holds_the_model_outcomes_thresholds_and_claims(stag_page) -> None:
    page, parsed = stag_page
    text = " ".join(" ".join(parsed.text).split())
    stag = load("stag-hunt")
    for parameter in stag.parameters.values():
        assert " ".join(parameter.source.split()) in text
    for claim in stag.claims:
        assert " ".join(claim.text.split()) in text
    assert [tag for tag, _ in parsed.tags].count("table") >= 5
    assert "At the baseline" in text
    for name in stag.presets:
        assert f"Preset {name}" in text
    assert "Thresholds at the baseline" in text
    assert "stag-hunt.toml (sha256:" in text
    assert str(stag.path.parent) not in page  # the file's name and hash, not its directory


@pytest.mark.skipif(not PLOT, reason="matplotlib not installed")
def test_page_embeds_the_region_map(stag_page) -> None:
    _, parsed = stag_page
    images = [attributes["src"] for tag, attributes in parsed.tags if tag == "img"]
    assert len(images) == 1
    png = base64.b64decode(images[0].removeprefix("data:image/png;base64,"))
    assert png.startswith(b"\x89PNG")


def test_offensive_thresholds_are_exact() -> None:
    offensive = load("idlib-offensive")
    page = build_report(offensive)
    if PLOT:  # the map's default: the parameters whose thresholds are nearest the baseline
        assert 'alt="region map of ' in page
    cells = re.findall(r"<td[^>]*>(.*?)</td>", page)
    # the thresholds table's row: parameter, range, baseline, thresholds, regions
    parameter = offensive.parameters["drone_cost"]
    rows = [
        cells[k : k + 4]
        for k in range(len(cells))
        if cells[k : k + 2] == ["drone_cost", f"[{parameter.low}, {parameter.high}]"]
    ]
    assert len(rows) == 1
    assert rows[0][2] == str(parameter.value)
    exact = thresholds(offensive.model, "drone_cost", offensive.baseline()).thresholds[0].value
    assert rows[0][3].startswith(f"{exact} (about {float(exact):.6g})")


def test_write_report_never_replaces_without_force(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_text("precious", encoding="utf-8")
    with pytest.raises(NegotiationError, match="exists; use --force"):
        load("stag-hunt").report(path)
    assert path.read_text(encoding="utf-8") == "precious"
    write_report(load("stag-hunt"), path, force=True)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_command_map_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["report", "stag-hunt", "-o", str(tmp_path / "r.html"), "--map", "a,b,c"]
    )
    assert result.exit_code == 2
    assert "--map: give one or two parameters" in result.output
    result = CliRunner().invoke(
        cli, ["report", "stag-hunt", "-o", str(tmp_path / "r.html"), "--map", "stagg"]
    )
    assert result.exit_code == 2
    assert "stagg" in result.output


BROWSER = next(
    (
        shutil.which(name)
        for name in ("chromium", "chromium-browser", "google-chrome")
        if shutil.which(name)
    ),
    None,
)


@pytest.mark.skipif(BROWSER is None, reason="no headless browser (chromium) installed")
def test_page_renders_in_a_headless_browser(tmp_path: Path) -> None:
    path = write_report(load("stag-hunt"), tmp_path / "report.html")
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--screenshot={shot}",
            "--window-size=1200,2000",
            path.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.read_bytes().startswith(b"\x89PNG")
    assert shot.stat().st_size > 20_000  # a blank page is a few kB


@pytest.mark.parametrize("name", ["centipede", "fearon", "beer-quiche"])
def test_other_forms_are_refused_in_one_line(name: str, tmp_path: Path) -> None:
    """Trees, bargains and signalling games have no report page yet: one error, exit 2, and
    nothing written."""
    from click.testing import CliRunner
    from negotiation.cli.main import cli

    path = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", name, "-o", str(path)])
    assert result.exit_code == 2
    assert "the HTML report is built for matrix games only" in result.output
    assert not path.exists()
