"""JSON and CSV output: the chunked templates write, to the byte, what the schema functions
write point by point (`_plain`, the reference), whatever the points and how they were solved."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from dataclasses import replace
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

from negotiation.batch import BatchResult, output, read_points, solve_batch, solve_games
from negotiation.robustness import draw_points
from negotiation.scenario import load_scenario, read_scenario

STAG_HUNT = Path(__file__).parents[1] / "data" / "scenarios" / "stag-hunt.toml"


def stag_points(kind: str) -> dict[str, np.ndarray]:
    """Points of the stag hunt given as floats, Fractions or texts; ties (stag == hare) and
    integers among them, so that some points go to the exact solver."""
    stag = [4.0, 3.5, 7.25, 5.0, 6.5, 4.0, 9.0]
    hare = [3.0, 3.5, 1.5, 5.0, 0.25, 2.0, 3.0]
    if kind == "float":
        return {"stag": np.array(stag), "hare": np.array(hare)}
    if kind == "fraction":
        return {"stag": np.array([F(x) for x in stag], dtype=object), "hare": np.array(hare)}
    return {  # texts as given, with a space: written as given
        "stag": np.array([repr(x) for x in stag], dtype=object),
        "hare": np.array([" 3", "7/2", "1.5", "5", "1/4", "2", "3"], dtype=object),
    }


def results() -> list[pytest.param]:
    stag_hunt = read_scenario(STAG_HUNT)
    offensive = load_scenario("idlib-offensive")
    cases = [
        pytest.param(solve_batch(stag_hunt, stag_points(kind)), id=f"stag_hunt_{kind}")
        for kind in ("float", "fraction", "text")
    ]
    draws = draw_points(offensive, 400, seed=2)
    cases.append(pytest.param(solve_batch(offensive, draws), id="idlib_offensive_mixed"))
    rng = np.random.default_rng(4)
    games = [rng.integers(-2, 3, (300, 3, 3)) for _ in range(2)]
    cases.append(pytest.param(solve_games(games), id="integer_games_no_parameters"))
    entry = load_scenario("entry-deterrence")  # degenerate everywhere, by its formulas
    cases.append(pytest.param(solve_batch(entry, draw_points(entry, 200, seed=3)), id="entry"))
    from test_batch import parametric_scenario, random_points  # ties, some by structure

    with tempfile.TemporaryDirectory() as folder:
        random = read_scenario(parametric_scenario(Path(folder), 2, (3, 3)))
    cases.append(pytest.param(solve_batch(random, random_points(60, 2)), id="random_ties"))
    hts = load_scenario("idlib-hts")
    cases.append(pytest.param(solve_batch(hts, draw_points(hts, 200, seed=1)), id="three_players"))
    return cases


def fast_and_plain(result: BatchResult, form: str) -> tuple[str, str]:
    formats = output.FORMATS[form]
    fast = "".join(_joined(output._chunks(result, formats(result)), form))
    plain = "".join(_joined(output._plain(result, formats(result)), form))
    return fast, plain


def _joined(chunks, form: str):
    separator = ", " if form == "json" else ""
    for number, text in enumerate(chunks):
        yield separator + text if number else text


@pytest.mark.parametrize("result", results())
@pytest.mark.parametrize("form", ["json", "csv"])
def test_templates_write_what_the_schema_writes(
    result: BatchResult, form: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "_CHUNK", 37)  # many chunks, layouts split across them
    fast, plain = fast_and_plain(result, form)
    assert fast == plain


@pytest.mark.parametrize("result", results())
def test_json_is_json_dumps_of_to_json(result: BatchResult) -> None:
    buffer = io.StringIO()
    result.write_json(buffer, {"note": "100% sure"})
    data = json.loads(buffer.getvalue())
    assert buffer.getvalue() == json.dumps(data, ensure_ascii=False)
    assert data.pop("note") == "100% sure"
    assert data == result.to_json()
    assert len(data["points"]) == len(result)


def test_json_points_hold_the_equilibria_found() -> None:
    """Checked against the result's own accessors, not the writer's code."""
    result = results()[3].values[0]  # idlib-offensive
    points = result.to_json()["points"]
    for point in range(0, len(result), 7):
        found = result.equilibria_at(point)
        written = points[point]["equilibria"]
        assert points[point]["outcome"] == result.label(point)
        assert len(written) == len(found)
        for eq, data in zip(found, written, strict=True):
            payoffs = dict(zip(result.players, eq.payoffs, strict=True))
            assert data["payoffs"] == payoffs
            assert data["pure"] is eq.pure


def test_csv_is_what_the_csv_module_writes() -> None:
    """A reference built with csv.writer from the result's accessors (texts with a space are
    written as given; floats by repr; exact numbers as p/q)."""
    result = results()[2].values[0]  # stag hunt, texts
    buffer = io.StringIO()
    result.write_csv(buffer)
    expected = io.StringIO()
    writer = csv.writer(expected, lineterminator="\n")
    writer.writerow(buffer.getvalue().splitlines()[0].split(","))
    for point in range(len(result)):
        texts = [result.parameters[name][point] for name in result.parameters]
        exact = "true" if result.exact[point] else "false"
        for number, eq in enumerate(result.equilibria_at(point), start=1):
            numbers = [*(p for mixed in eq.profile for p in mixed), *eq.payoffs]
            cells = [str(x) if isinstance(x, F) else repr(float(x)) for x in numbers]
            writer.writerow([point + 1, *texts, exact, number, *cells])
    assert buffer.getvalue() == expected.getvalue()


def test_csv_numbers_rows_from_the_first_point_given() -> None:
    result = results()[0].values[0]
    text = "".join(output.point_texts(result, "csv", first=1000))
    assert [line.split(",")[0] for line in text.splitlines()][:2] == ["1001", "1001"]


def test_labels_holding_a_marker_are_written_point_by_point() -> None:
    """A label could pass for a template marker: such results skip the templates."""
    odd = "Al\x00r\x00ice"
    result = replace(results()[0].values[0], players=(odd, "Bob"))
    fast, plain = fast_and_plain(result, "json")
    assert fast == plain
    assert json.loads("[" + fast + "]")[0]["equilibria"][0]["payoffs"][odd] == 4.0


def test_points_from_a_file_are_written_as_read(tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_text("stag,hare\r\n4.50,3\r\n7/2,3.5\r\n")
    scenario = read_scenario(STAG_HUNT)
    result = solve_batch(scenario, read_points(scenario, path))
    fast, plain = fast_and_plain(result, "json")
    assert fast == plain
    assert [point["parameters"] for point in json.loads("[" + fast + "]")] == [
        {"stag": "4.50", "hare": "3"},
        {"stag": "7/2", "hare": "3.5"},
    ]


def test_degeneracy_is_part_of_the_layout() -> None:
    """Points solved in floats may be degenerate (vertex enumeration with structural ties):
    two points with the same supports, one degenerate, need two templates."""
    result = results()[0].values[0]
    floated = np.flatnonzero(~result.exact)
    degenerate = result.degenerate.copy()
    degenerate[floated[::2]] = True
    odd = replace(result, degenerate=degenerate)
    for form in ("json", "csv"):
        fast, plain = fast_and_plain(odd, form)
        assert fast == plain
    assert '"exact": false, "degenerate": true' in fast_and_plain(odd, "json")[0]
