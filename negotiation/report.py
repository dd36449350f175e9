"""A report to share: one self-contained HTML page about a scenario.

Why: a colleague without Python should be able to read what the model says, and check where
each number comes from, by opening one file: no server, no network, no external stylesheet,
script or font; the figures are embedded as base64 PNG.  The page holds the model (players,
payoffs, every parameter with its source), the equilibria at the baseline and under each
preset, the exact thresholds of each parameter at the baseline, a region map, and the claims
with their verdicts, all rendered from the same blocks as the notebooks
(`negotiation.views`), and ends with its provenance (toolkit version, the scenario file's name
and SHA-256; no path of the author's machine).
"""

from __future__ import annotations

import base64
import html
import warnings
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from negotiation.display import Block, Heading, Paragraph, Table, render_html
from negotiation.errors import NegotiationError

if TYPE_CHECKING:
    from negotiation.analysis.threshold_results import ThresholdResult
    from negotiation.scenario import Scenario

__all__ = ["build_report", "write_report"]

MAP_STEPS = (24, 12)  # grid of the region map: steps of the first and second parameter

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 70rem;
       margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
h3 { font-size: 1.1rem; margin-top: 1.5rem; }
table.negotiation { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.9rem; }
table.negotiation th, table.negotiation td { border: 1px solid #ccc; padding: 0.3rem 0.5rem;
       vertical-align: top; text-align: left; }
table.negotiation th { background: #f2f2f2; }
table.negotiation caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
img { max-width: 100%; height: auto; }
footer { margin-top: 3rem; font-size: 0.8rem; color: #555; }
nav a { margin-right: 1rem; }
"""


def _section(anchor: str, title: str, body: str) -> str:
    return f'<section id="{anchor}"><h2>{html.escape(title)}</h2>\n{body}\n</section>'


def _image(png: bytes, alt: str) -> str:
    data = base64.b64encode(png).decode("ascii")
    return f'<p><img alt="{html.escape(alt)}" src="data:image/png;base64,{data}"></p>'


def _threshold_table(found: Sequence[ThresholdResult]) -> list[Block]:
    """One row per parameter with a threshold in its range: the exact values, and what the
    equilibria use on either side; then the parameters without one, in a sentence."""
    from negotiation.analysis.threshold_results import structure_lines

    rows = []
    for result in found:
        if not result.thresholds:
            continue
        values = tuple(threshold.value_text() for threshold in result.thresholds)
        regions = tuple(
            f"{region.interval_text(result.parameter)}: "
            + " | ".join(structure_lines(region.result))
            for region in result.regions
        )
        rows.append(
            (
                result.parameter,
                f"[{result.low}, {result.high}]",
                str(result.values[result.parameter]),
                values,
                regions,
            )
        )
    blocks: list[Block] = []
    if rows:
        header = ("parameter", "range", "baseline", "thresholds (exact)", "regions")
        blocks.append(Table(header, tuple(rows), main=True))
    quiet = [result.parameter for result in found if not result.thresholds]
    if quiet:
        blocks.append(
            Paragraph(
                "No threshold in its range (the equilibria keep the same supports), the others "
                "at the baseline: " + ", ".join(quiet) + "."
            )
        )
    incomplete = [result.parameter for result in found if not result.complete]
    if incomplete:
        blocks.append(
            Paragraph(
                "Not analysed exactly (a degenerate or large game): a threshold may be missing "
                "for " + ", ".join(incomplete) + "."
            )
        )
    return blocks


def _map_parameters(
    scenario: Scenario, found: Sequence[ThresholdResult], chosen: Sequence[str] | None
) -> tuple[str, ...]:
    """The parameters of the region map: those given, else the two whose nearest threshold
    lies closest to the baseline relative to the parameter's range (where the conclusion at
    the baseline is most fragile), completed by the first parameters of the file."""
    if chosen:
        from negotiation.values import check_parameters

        check_parameters(dict.fromkeys(chosen), scenario)
        return tuple(chosen)

    def distance(result: ThresholdResult) -> float:
        baseline = float(result.values[result.parameter])
        width = float(result.high - result.low) or 1.0
        return min(abs(t.approx - baseline) for t in result.thresholds) / width

    ranked = sorted((result for result in found if result.thresholds), key=distance)
    with_threshold = [result.parameter for result in ranked]
    others = [name for name in scenario.parameters if name not in with_threshold]
    return tuple([*with_threshold, *others][:2])


def build_report(scenario: Scenario, map_parameters: Sequence[str] | None = None) -> str:
    """The report page about ``scenario`` as one HTML document (a string).

    Parameters
    ----------
    scenario : Scenario
    map_parameters : one or two parameter names, optional
        What the region map sweeps over their declared ranges (default: the first two
        parameters with a threshold at the baseline; a line plot when only one has).

    Notes
    -----
    Every parameter's thresholds are computed exactly (`negotiation.analysis.thresholds`),
    so a page for a model of many parameters takes a few seconds.  The region map needs
    matplotlib; without it the page says so and holds everything else.
    """
    if scenario.form != "normal":  # trees, bargains, repeated and signalling games: not yet
        from negotiation.errors import ScenarioError

        msg = (
            f"the HTML report is built for matrix games only, not yet for form "
            f"{scenario.form!r}: use solve --json, check and thresholds"
        )
        raise ScenarioError(msg, file=scenario.path)
    from negotiation.analysis.thresholds import thresholds
    from negotiation.claims import check_claims
    from negotiation.provenance import provenance
    from negotiation.views import scenario_blocks, solve_blocks

    baseline = scenario.baseline()
    sections = [_section("model", "The model", render_html(scenario_blocks(scenario)))]

    outcomes: list[Block] = [
        Heading("At the baseline"),
        *solve_blocks(scenario.solve(), heading=False),
    ]
    for name, preset in scenario.presets.items():
        changes = ", ".join(f"{key}={value}" for key, value in preset.values.items())
        with warnings.catch_warnings(record=True) as caught:  # a value outside its range
            warnings.simplefilter("always")
            solved = scenario.solve(name)
        outcomes += [
            Heading(f"Preset {name}: {preset.description}"),
            Paragraph(f"Sets {changes}. Source: {preset.source}"),
            *(Paragraph(f"Note: {warning.message}") for warning in caught),
            *solve_blocks(solved, heading=False),
        ]
    sections.append(_section("equilibria", "Equilibria", render_html(outcomes)))

    found = [thresholds(scenario, name, baseline) for name in scenario.parameters]
    sections.append(
        _section(
            "thresholds",
            "Thresholds at the baseline",
            render_html(
                [
                    Paragraph(
                        "Each parameter across its plausible range, the others at the "
                        "baseline: the exact values where the equilibria change."
                    ),
                    *_threshold_table(found),
                ]
            ),
        )
    )
    sections.append(_section("map", "Region map", _region_map(scenario, found, map_parameters)))

    claims = check_claims(scenario)
    sections.append(_section("claims", "Claims", render_html(claims.blocks())))

    origin = provenance(scenario, baseline)
    file = origin["file"]
    footer = (
        f"Made by {origin['toolkit']['name']} {origin['toolkit']['version']} from "
        f"{Path(file['path']).name} ({file['sha256']}) on "
        f"{datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}."
    )
    navigation = " ".join(
        f'<a href="#{anchor}">{title}</a>'
        for anchor, title in (
            ("model", "Model"),
            ("equilibria", "Equilibria"),
            ("thresholds", "Thresholds"),
            ("map", "Region map"),
            ("claims", "Claims"),
        )
    )
    held = sum(item.holds for item in claims.checks)
    summary = (
        f"{len(scenario.parameters)} parameters, {len(scenario.presets)} presets; "
        f"{held} of {len(claims.checks)} claims hold."
    )
    title = html.escape(f"{scenario.title}: report")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title><style>{_STYLE}</style></head><body>",
            f"<h1>{html.escape(scenario.title)}</h1>",
            f"<p>{html.escape(summary)}</p><nav>{navigation}</nav>",
            *sections,
            f"<footer>{html.escape(footer)}</footer>",
            "</body></html>",
            "",
        ]
    )


def _region_map(
    scenario: Scenario, found: Sequence[ThresholdResult], chosen: Sequence[str] | None
) -> str:
    import importlib.util

    from negotiation.figures import figure_bytes

    names = _map_parameters(scenario, found, chosen)
    if not names:
        return render_html([Paragraph("The scenario has no parameter: no map.")])
    if importlib.util.find_spec("matplotlib") is None:
        return render_html(
            [Paragraph("The map needs matplotlib: pip install 'negotiation[plot]'.")]
        )
    ranges = {
        name: (scenario.parameters[name].low, scenario.parameters[name].high, steps)
        for name, steps in zip(names, MAP_STEPS, strict=False)
    }
    result = scenario.sweep(**ranges)
    if len(names) == 2:
        note = (
            f"The equilibrium outcome across the ranges of {names[0]} and {names[1]}, the "
            "other parameters at the baseline. The boundaries are the exact thresholds of "
            f"{names[0]} on each grid line of {names[1]} (dots), joined."
        )
    else:
        note = (
            f"The equilibrium probabilities across the range of {names[0]}, the other "
            "parameters at the baseline; exact thresholds dashed."
        )
    png = figure_bytes(result.plot(), "png")
    return render_html([Paragraph(note)]) + "\n" + _image(png, f"region map of {', '.join(names)}")


def write_report(
    scenario: Scenario,
    path: str | Path,
    force: bool = False,
    map_parameters: Sequence[str] | None = None,
) -> Path:
    """Write `build_report`'s page to ``path``; an existing file is replaced only with
    ``force`` (the toolkit's one rule for files).

    Raises
    ------
    NegotiationError
        When the file exists and ``force`` is false, or cannot be written.

    Examples
    --------
    >>> from negotiation import load
    >>> write_report(load("stag-hunt"), "stag-hunt.html")  # doctest: +SKIP
    PosixPath('stag-hunt.html')
    """
    from negotiation.output import write_file

    path = Path(path)
    if path.exists() and not force:  # before the work of the page, not only after it
        msg = f"{path} exists; use --force to overwrite it"
        raise NegotiationError(msg)
    return write_file(path, build_report(scenario, map_parameters), force)
