"""Robustness runs: reproducible, shares that add up, claims judged as `check` judges them, and
the ``robustness`` and ``solve --points`` commands."""

from __future__ import annotations

import json
from pathlib import Path

import click
import numpy as np
import pytest
from click.testing import CliRunner
from negotiation.cli.batch_commands import robustness as robustness_command
from negotiation.cli.batch_commands import solve_points
from negotiation.cli.main import Group

from negotiation.errors import NegotiationError, ScenarioError
from negotiation.robustness import (
    SHOWN_OUTCOMES,
    Proportion,
    draw_points,
    robustness,
    solves_needed,
)
from negotiation.scenario import RangeWarning, bundled_scenarios, load_scenario, read_scenario

STAG_HUNT = Path(__file__).parent / "data" / "scenarios" / "stag-hunt.toml"
STAG_CLAIM = """
[[claims]]
text = "Both hunting stag is an equilibrium."
source = "test"
player = "Alice"
strategy = "Stag"
in = "some"

[[claims]]
text = "Hare only."
source = "test"
player = "Bob"
strategy = "Stag"
in = "none"
"""


@pytest.fixture
def stag_hunt() -> object:
    return read_scenario(STAG_HUNT)


@pytest.fixture
def stag_claims(tmp_path: Path) -> object:
    path = tmp_path / "stag.toml"
    path.write_text(STAG_HUNT.read_text() + STAG_CLAIM)
    return read_scenario(path)


def test_same_seed_same_report(stag_hunt) -> None:
    first = robustness(stag_hunt, 3000, seed=11)
    second = robustness(stag_hunt, 3000, seed=11)
    assert first.to_json() == second.to_json()
    assert first.text() == second.text()
    other = robustness(stag_hunt, 3000, seed=12)
    assert not np.array_equal(first.draws["stag"], other.draws["stag"])


@pytest.mark.parametrize("dist", ["uniform", "triangular"])
def test_outcome_shares_sum_to_one(stag_hunt, dist: str) -> None:
    result = robustness(stag_hunt, 2000, seed=3, dist=dist)
    assert sum(item.proportion.successes for item in result.outcomes) == 2000
    assert sum(item.proportion.share for item in result.outcomes) == pytest.approx(1)
    shares = [item.proportion.share for item in result.outcomes]
    assert shares == sorted(shares, reverse=True)
    for item in (*result.outcomes, *result.claims):
        low, high = item.proportion.interval
        assert 0 <= low <= item.proportion.share <= high <= 1


def test_claim_share_is_the_share_of_draws_where_it_holds(stag_claims) -> None:
    # Stag hunt: (Stag, Stag) is an equilibrium exactly when stag > hare (a hare hunter earns
    # hare whatever the other does), so the claim's share is the share of draws with stag >
    # hare; Bob never hunts stag exactly when he hunts hare only: the complement.
    result = robustness(stag_claims, 4000, seed=5, vary=["stag", "hare"])
    stag_wins = int((result.draws["stag"] > result.draws["hare"]).sum())
    shares = {item.claim.text: item.proportion.successes for item in result.claims}
    assert 0 < stag_wins < 4000
    assert shares["Both hunting stag is an equilibrium."] == stag_wins
    assert shares["Hare only."] == 4000 - stag_wins
    assert shares["Both hunting hare is always an equilibrium."] == 4000


def test_claim_presets_apply_on_top_of_each_draw(stag_hunt) -> None:
    # The preset sets stag = 8 > every hare in [1, 3.9]: the claim then holds at every draw.
    result = robustness(stag_hunt, 500, seed=1, vary=["stag", "hare"])
    rich = [item for item in result.claims if item.claim.presets == ("rich-stag",)]
    assert rich[0].proportion.share == 1


def test_sensitivity_sign_and_redraw_share(stag_hunt) -> None:
    # Three equilibria (the modal outcome) need stag > hare: more stag helps, more hare hurts.
    result = robustness(stag_hunt, 4000, seed=2)
    by_name = {item.parameter: item for item in result.sensitivity}
    assert by_name["stag"].rank_correlation > 0
    assert by_name["hare"].rank_correlation < 0
    for item in result.sensitivity:
        assert 0 < item.changed.share < 1


def test_constant_outcome_has_no_rank_correlation(stag_hunt) -> None:
    result = robustness(stag_hunt, 300, seed=2, vary=["hare"], presets=["rich-stag"])
    assert [item.rank_correlation for item in result.sensitivity] == [None]
    assert result.sensitivity[0].changed.successes == 0


def test_draws_stay_in_their_ranges(stag_hunt) -> None:
    for dist in ("uniform", "triangular"):
        draws = draw_points(stag_hunt, 1000, seed=4, dist=dist)
        assert draws["stag"].min() >= 3
        assert draws["stag"].max() <= 10
        assert draws["hare"].min() >= 1
        assert draws["hare"].max() <= 3.9
    peaked = draw_points(stag_hunt, 20000, seed=4, dist="triangular", vary=["stag"])
    # A triangular draw on [3, 10] peaked at 4 has mean (3 + 4 + 10) / 3 = 17/3.
    assert peaked["stag"].mean() == pytest.approx(17 / 3, abs=0.05)


def test_wilson_interval_reference_values() -> None:
    # Wilson (1927): 0 of 100 gives [0, z^2 / (n + z^2)] = [0, 0.0370]; 50 of 100 gives
    # [0.4038, 0.5962] (Brown, Cai and DasGupta 2001, table values).
    assert Proportion(0, 100).interval[1] == pytest.approx(0.0370, abs=1e-4)
    low, high = Proportion(50, 100).interval
    assert (low, high) == (pytest.approx(0.4038, abs=1e-4), pytest.approx(0.5962, abs=1e-4))
    assert Proportion(100, 100).interval[1] == 1.0


def test_unknown_vary_names_the_closest(stag_hunt) -> None:
    with pytest.raises(ScenarioError, match=r"unknown parameter 'hair' \(did you mean 'hare'\?\)"):
        robustness(stag_hunt, 10, vary=["hair"])


def test_triangular_peak_outside_the_range_is_refused(stag_hunt) -> None:
    with (
        pytest.warns(RangeWarning),
        pytest.raises(NegotiationError, match=r"stag=20 lies outside its range \[3, 10\]"),
    ):
        robustness(stag_hunt, 10, dist="triangular", overrides={"stag": 20})


def test_solves_needed_counts_every_batch(stag_hunt) -> None:
    seen = []
    robustness(stag_hunt, 100, progress=seen.append)
    # main draws, the claim with a preset, and one re-draw per parameter
    assert sum(seen) == solves_needed(stag_hunt, 100) == 100 * (1 + 1 + 2)


def test_three_players_concern_pure_equilibria() -> None:
    if "idlib-hts" not in bundled_scenarios():
        pytest.skip("idlib-hts is not bundled yet")
    result = robustness(load_scenario("idlib-hts"), 500, seed=1)
    assert not result.complete
    assert "pure equilibria" in result.text()
    for item in result.claims:
        assert 0 <= item.proportion.share <= 1


# -- commands -------------------------------------------------------------------------------


@click.command("points")
@click.argument("scenario")
@click.argument("points")
@click.option("--json", "as_json", is_flag=True)
@click.option("--csv", "as_csv", is_flag=True)
@click.option("--preset", "presets", multiple=True)
@click.option("--set", "assignments", multiple=True)
def points_command(scenario, points, as_json, as_csv, presets, assignments) -> None:
    solve_points(scenario, points, as_json, as_csv, presets, assignments)


GROUP = Group(commands=[robustness_command, points_command])


def run(*args: str):
    return CliRunner().invoke(GROUP, list(args))


def test_robustness_command_text() -> None:
    result = run("robustness", str(STAG_HUNT), "--samples", "500", "--seed", "1")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Robustness of Stag hunt (stag-hunt-test): 500 draws, seed 1")
    assert "Both hunting hare is always an equilibrium." in result.output


def test_robustness_command_json_is_reproducible() -> None:
    args = ("robustness", str(STAG_HUNT), "--samples", "400", "--json", "--vary", "stag,hare")
    first, second = run(*args), run(*args)
    assert first.exit_code == 0, first.output
    assert first.output == second.output
    data = json.loads(first.output)
    assert data["samples"] == 400
    assert data["vary"] == {"stag": ["3", "10"], "hare": ["1", "39/10"]}
    assert sum(item["count"] for item in data["outcomes"]) == 400
    assert data["toolkit"]["name"] == "negotiation"  # with the provenance of every --json


def test_robustness_command_writes_draws(tmp_path: Path) -> None:
    path = tmp_path / "draws.csv"
    result = run("robustness", str(STAG_HUNT), "--samples", "50", "--csv", str(path))
    assert result.exit_code == 0, result.output
    lines = path.read_text().splitlines()
    assert lines[0] == "draw,stag,hare,outcome"
    assert len(lines) == 51


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("--vary", "stg"), "unknown parameter 'stg' (did you mean 'stag'?)", id="vary"
        ),
        pytest.param(("--preset", "poor"), "unknown preset 'poor'", id="preset"),
        pytest.param(("--set", "stag"), "--set expects NAME=VALUE", id="assignment"),
    ],
)
def test_robustness_command_bad_input_exits_2(args: tuple[str, ...], message: str) -> None:
    result = run("robustness", str(STAG_HUNT), "--samples", "10", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_solve_points_json(tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_text("stag,hare\n4,3\n7/2,3.5\n")
    result = run("points", str(STAG_HUNT), str(path), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [point["parameters"] for point in data["points"]] == [
        {"stag": "4", "hare": "3"},
        {"stag": "7/2", "hare": "3.5"},
    ]
    assert [len(point["equilibria"]) for point in data["points"]] == [3, 2]
    assert data["points"][1]["exact"] is True


def test_solve_points_text_and_csv(tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_text("hare\n3\n")
    text = run("points", str(STAG_HUNT), str(path), "--preset", "rich-stag")
    assert text.exit_code == 0, text.output
    assert "Stag hunt: 1 point from" in text.output
    table = run("points", str(STAG_HUNT), str(path), "--csv")
    assert table.output.splitlines()[1] == "1,3,false,1,1.0,0.0,1.0,0.0,4.0,4.0"


def test_solve_points_bad_file_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_text("stag,hare\n4,three\n")
    result = run("points", str(STAG_HUNT), str(path))
    assert result.exit_code == 2
    assert f"Error: {path}:2: column 'hare': expected a number" in result.output


def test_claim_quantifiers_on_a_mixed_equilibrium() -> None:
    """In matching pennies the mixed equilibrium uses H without playing it for sure, so "no
    equilibrium plays H for sure" is the negation of "some does", and holds where "H is used
    in none" fails."""
    import dataclasses

    from negotiation.scenario import QUANTIFIERS, load_scenario

    scenario = load_scenario("matching-pennies")
    template = scenario.claims[0]
    player = scenario.player_names[0]
    scenario.claims = tuple(
        dataclasses.replace(
            template, player=player, strategy=scenario.strategies[0][0], quantifier=quantifier
        )
        for quantifier in QUANTIFIERS
    )
    result = scenario.robustness(200)
    shares = {item.claim.quantifier: item.proportion.share for item in result.claims}
    assert shares["no"] == pytest.approx(1 - shares["some"])
    assert shares["none"] == 0.0 < shares["no"]


def test_text_lists_the_common_outcomes_and_sums_up_the_rarer_ones() -> None:
    result = robustness(load_scenario("idlib-offensive"), 10_000, seed=2)
    assert len(result.outcomes) > SHOWN_OUTCOMES  # the full model has many outcomes
    text = result.text()
    for item in result.outcomes[:SHOWN_OUTCOMES]:
        assert f"{item.proportion.text()}  " in text
    rarer = result.outcomes[SHOWN_OUTCOMES:]
    lines = {line.strip() for line in text.splitlines()}
    assert not any(line.endswith(f"  {rarer[0].label}") for line in lines)
    rest = Proportion(sum(item.proportion.successes for item in rarer), 10_000)
    assert f"and {len(rarer)} rarer outcomes, {rest.text()} of the draws together" in text
    assert len(result.to_json()["outcomes"]) == len(result.outcomes)


def test_a_job_too_large_for_memory_is_one_error_line(monkeypatch) -> None:
    def too_large(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr("negotiation.robustness.robustness", too_large)
    result = run("robustness", str(STAG_HUNT), "--samples", "10")
    assert result.exit_code == 2
    assert "Error: not enough memory for a job this large: ask for fewer samples" in result.output
    assert "Traceback" not in result.output
