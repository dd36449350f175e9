"""``negotiation robustness`` on bargains, repeated and signalling games: claim shares equal to
``check``'s, each draw's outcome what solving the draw alone gives, outcome shares that follow
the textbook conditions, reproducible runs, and the command's exit codes and JSON keys.

Expected conditions (hand derivations, cited):

- Fearon (1995) with Nash (1950) on the pie: A's Nash share is p + (c_b - c_a)/2, so the Nash
  split favours A exactly when p + (c_b - c_a)/2 > 1/2;
- Rubinstein (1982): the proposer's share is (1 - d2)/(1 - d1 d2), above 1/2 exactly when
  the split favours the proposer;
- Friedman (1971): grim trigger sustains cooperation in the prisoners' dilemma exactly when
  delta >= (T - R)/(T - P);
- Cho and Kreps (1987), sec. II: beer-quiche has pooling equilibria exactly when the strong
  type is likelier (the receiver spares a pooled breakfast iff P(strong) >= 1/2).
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

from negotiation.game import Game
from negotiation.repeated.automaton import grim_trigger, k_period_punishment, tit_for_tat
from negotiation.repeated.deltas import sustained_at, sustaining_deltas
from negotiation.robustness import robustness
from negotiation.scenario import load_scenario, read_scenario

FORMS = [
    pytest.param("fearon", 300, id="fearon"),
    pytest.param("rubinstein", 300, id="rubinstein"),
    pytest.param("repeated-prisoners-dilemma", 300, id="repeated-prisoners-dilemma"),
    pytest.param("beer-quiche", 40, id="beer-quiche"),  # a PBE solve takes ~25 ms
    pytest.param("job-market", 40, id="job-market"),
]
ROBUSTNESS_KEYS = {
    "scenario",
    "form",
    "outcome_meaning",
    "samples",
    "seed",
    "distribution",
    "vary",
    "presets",
    "complete",
    "exact_points",
    "outcomes",
    "claims",
    "sensitivity",
}


def _point(model, draws, k: int) -> dict[str, Fraction]:
    """Draw ``k`` exactly, as check and robustness read it."""
    return {**model.baseline(), **{name: Fraction(float(a[k])) for name, a in draws.items()}}


@pytest.mark.parametrize(("name", "samples"), FORMS)
def test_claim_shares_equal_checks(name: str, samples: int) -> None:
    """One judge for check and robustness: the same counts out of the same trials."""
    scenario = load_scenario(name)
    report = scenario.check(samples, seed=4)
    result = robustness(scenario.model, samples, seed=4)
    assert [item.proportion for item in report] == [item.proportion for item in result.claims]
    assert len(result.claims) == len(scenario.model.claims) > 0


@pytest.mark.parametrize(("name", "samples"), FORMS)
def test_each_outcome_is_what_solving_the_draw_gives(name: str, samples: int) -> None:
    model = load_scenario(name).model
    result = robustness(model, samples, seed=9)
    assert sum(item.proportion.successes for item in result.outcomes) == samples
    for k in np.random.default_rng(1).choice(samples, 5, replace=False):
        direct = model.robustness_outcome(model.solve_at(_point(model, result.draws, int(k))))
        assert result.labels[result.outcome[k]] == direct


def test_fearon_nash_favours_a_exactly_when_its_share_exceeds_half() -> None:
    result = robustness(load_scenario("fearon").model, 2000, seed=2)
    draws = result.draws
    share = draws["p"] + (draws["c_b"] - draws["c_a"]) / 2
    favours_a = np.array(["Nash favours A" in result.labels[code] for code in result.outcome])
    clear = np.abs(share - 0.5) > 1e-9
    assert 0 < favours_a.sum() < 2000
    assert np.array_equal(favours_a[clear], (share > 0.5)[clear])
    assert all("Fearon range nonempty" in label for label in result.labels)  # costs >= 0


def test_rubinstein_favours_the_proposer_exactly_when_its_share_exceeds_half() -> None:
    result = robustness(load_scenario("rubinstein").model, 2000, seed=3)
    d1, d2 = result.draws["delta_1"], result.draws["delta_2"]
    share = (1 - d2) / (1 - d1 * d2)
    first = np.array(["Rubinstein favours Player 1" in result.labels[c] for c in result.outcome])
    assert 0 < first.sum() < 2000
    assert np.array_equal(first, share > 0.5)


def test_grim_trigger_in_the_outcome_exactly_from_its_critical_delta() -> None:
    result = robustness(load_scenario("repeated-prisoners-dilemma").model, 2000, seed=5)
    draws = result.draws
    critical = (draws["T"] - draws["R"]) / (draws["T"] - draws["P"])
    grim = np.array(["grim trigger" in result.labels[code] for code in result.outcome])
    clear = np.abs(draws["delta"] - critical) > 1e-9
    assert 0 < grim.sum() < 2000
    assert np.array_equal(grim[clear], (draws["delta"] >= critical)[clear])
    # Every strategy's punishment hurts no more than grim trigger's: none sustains without it.
    none = [label for label in result.labels if "grim trigger" not in label]
    assert none == ["sustained by no strategy"]


def test_beer_quiche_pools_exactly_when_the_strong_type_is_likelier() -> None:
    result = robustness(load_scenario("beer-quiche").model, 60, seed=6, vary=["prior_strong"])
    pooling = np.array(["pooling" in result.labels[code] for code in result.outcome])
    likelier = result.draws["prior_strong"] > 0.5
    assert 0 < likelier.sum() < 60
    assert np.array_equal(pooling, likelier)
    # Only the beer pooling passes the Intuitive Criterion (Cho and Kreps 1987).
    for label in result.labels:
        assert "pooling on quiche (intuitive)" not in label


@pytest.mark.parametrize("periods", [1, 2, 3])
def test_sustained_at_agrees_with_the_sustaining_set(periods: int) -> None:
    """The one-delta check against sympy's exact set of sustaining deltas, on random stage
    games with integer payoffs (ties at rational roots included)."""
    rng = np.random.default_rng(periods)
    for _ in range(6):
        payoffs = rng.integers(-3, 6, size=(2, 2, 2)).tolist()
        game = Game(payoffs)
        automata = [
            grim_trigger(game, (0, 0), (1, 1)),
            tit_for_tat(game, (0, 0), (1, 1)),
            k_period_punishment(game, (0, 0), (1, 1), periods),
        ]
        for automaton in automata:
            found = sustaining_deltas(game, automaton)
            ends = [
                end for piece in found.pieces for end in piece[:2] if isinstance(end, Fraction)
            ]
            deltas = [Fraction(k, 20) for k in range(20)] + [e for e in ends if 0 <= e < 1]
            for delta in deltas:
                assert sustained_at(game, automaton, delta) == (delta in found), (
                    payoffs,
                    automaton.name,
                    delta,
                )


def test_sustained_claims_on_other_strategies_judged_fast_as_exactly(tmp_path: Path) -> None:
    path = tmp_path / "pd.toml"
    claims = "".join(
        f"""
[[claims]]
text = "{strategy} {wanted}"
source = "test"
strategy = "{strategy}"
sustained = {wanted}
"""
        for strategy in ("tit_for_tat", "punishment_1", "punishment_3")
        for wanted in ("true", "false")
    )
    base = load_scenario("repeated-prisoners-dilemma").model.path.read_text()
    path.write_text(base + claims)
    model = read_scenario(path).model
    result = robustness(model, 30, seed=8, vary=["T", "R", "delta"])
    points = [_point(model, result.draws, k) for k in range(8)]  # full solves: ~1 s each
    solved = [model.solve_at(point) for point in points]
    for claim in model.claims[3:]:
        fast = model.claim_verdicts(claim, points)
        assert fast == [model.claim_holds(claim, answer) for answer in solved]
    held = {item.claim.text: item.proportion.successes for item in result.claims}
    for strategy in ("tit_for_tat", "punishment_1", "punishment_3"):
        assert held[f"{strategy} true"] + held[f"{strategy} false"] == 30


def test_same_seed_same_report_and_sensitivity() -> None:
    model = load_scenario("fearon").model
    first, again = robustness(model, 400, seed=11), robustness(model, 400, seed=11)
    assert first.to_json() == again.to_json()
    assert first.text() == again.text()
    other = robustness(model, 400, seed=12)
    assert not np.array_equal(first.draws["p"], other.draws["p"])
    by_name = {item.parameter: item for item in first.sensitivity}
    # p moves the Nash split most (its coefficient is 1 against 1/2 for each cost).
    assert first.sensitivity[0].parameter == "p"
    assert by_name["p"].changed.share > by_name["c_a"].changed.share


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("fearon", "bargaining"),
        ("repeated-prisoners-dilemma", "repeated"),
        ("beer-quiche", "signalling"),
    ],
)
def test_cli_json_keys_and_exit_code(name: str, form: str) -> None:
    result = run("robustness", name, "--samples", "20", "--seed", "1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= ROBUSTNESS_KEYS
    assert (data["form"], data["samples"], data["exact_points"]) == (form, 20, 0)
    assert sum(item["count"] for item in data["outcomes"]) == 20
    for item in data["outcomes"]:
        assert set(item) == {"outcome", "count", "share", "ci95", "trials"}
    assert [claim["text"] for claim in data["claims"]] == [
        claim.text for claim in load_scenario(name).model.claims
    ]
    text = run("robustness", name, "--samples", "20", "--seed", "1")
    assert text.exit_code == 0
    assert "Every draw was solved exactly." in text.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--vary", "q"], "unknown parameter 'q'"),
        (["--preset", "none-such"], "unknown preset"),
        (["--set", "p=abc"], "p"),
    ],
)
def test_cli_bad_input_is_one_error_line(args: list[str], message: str) -> None:
    result = run("robustness", "fearon", "--samples", "10", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.output.count("Error:") == 1


def test_cli_csv_has_a_row_per_draw(tmp_path: Path) -> None:
    out = tmp_path / "draws.csv"
    result = run("robustness", "rubinstein", "--samples", "25", "--csv", str(out))
    assert result.exit_code == 0, result.output
    rows = out.read_text().splitlines()
    assert rows[0] == "draw,delta_1,delta_2,outcome"
    assert len(rows) == 26
    assert all("Rubinstein favours" in row for row in rows[1:])


def test_triangular_draws_and_presets_run_on_a_form() -> None:
    model = load_scenario("fearon").model
    result = robustness(model, 200, seed=1, dist="triangular", vary=["p"])
    assert result.vary == ("p",)
    assert result.to_json()["distribution"] == "triangular"


@pytest.mark.parametrize("name", ["fearon", "rubinstein"])
def test_light_bargaining_verdicts_agree_with_full_solves(name: str) -> None:
    """Claims on the Fearon range, Rubinstein's or the Nash solution are judged without the
    other two solutions: the same verdicts as `claim_holds` on a full solve."""
    model = load_scenario(name).model
    draws = robustness(model, 30, seed=13).draws
    points = [_point(model, draws, k) for k in range(30)]
    fresh = load_scenario(name).model  # no cached solves
    for claim in model.claims:
        expected = [fresh.claim_holds(claim, fresh.solve_at(point)) for point in points]
        assert model.claim_verdicts(claim, points) == expected
