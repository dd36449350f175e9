"""Claims tested over the plausible worlds: draws judged as exact solves would, Wilson
intervals, failure regions, conditions, exit codes, and robustness's agreement with check."""

from __future__ import annotations

import dataclasses
import json
from fractions import Fraction as F
from itertools import product
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

from negotiation.claim_verdicts import ClaimSolver, claim_holds
from negotiation.claims import check_claims
from negotiation.robustness import draw_points, robustness
from negotiation.scenario import QUANTIFIERS, Claim, bundled_scenarios, load_scenario
from negotiation.solvers import solve

CLASSIC = [  # games with equilibria; bargains and repeated games: tests/forms/
    name
    for name in sorted(bundled_scenarios())
    if not name.startswith("idlib-") and load_scenario(name).form in ("normal", "extensive")
]

# Row's Go pays 3 - cost, Stay pays 0; Col prefers Left by 1 whatever Row does, and `noise`
# moves only Col's payoffs.  So Row goes in every equilibrium exactly when cost < 3: with cost
# uniform on [0, 10], in 30% of plausible worlds, although the baseline (cost = 1) says yes.
FLIP = """
[scenario]
id = "flip"
title = "Flip"

[parameters.cost]
value = 1
range = [0, 10]
unit = "u"
description = "d"
source = "s"

[parameters.noise]
value = 0
range = [0, 1]
unit = "u"
description = "d"
source = "s"

[players.Row.strategies]
Go = "g"
Stay = "s"
[players.Col.strategies]
Left = "l"
Right = "r"

[payoffs.Go.Left]
Row = "3 - cost"
Col = "1 + noise"
[payoffs.Go.Right]
Row = "3 - cost"
Col = "noise"
[payoffs.Stay.Left]
Row = "0"
Col = "1 + noise"
[payoffs.Stay.Right]
Row = "0"
Col = "noise"
"""

GO = (
    '[[claims]]\ntext = "Row goes."\nsource = "s"\nplayer = "Row"\nstrategy = "Go"\nin = "every"\n'
)


def _scenario(tmp_path: Path, text: str, name: str = "flip.toml"):
    path = tmp_path / name
    path.write_text(text)
    return load_scenario(path)


def _exact_at(scenario, claim: Claim, draws: dict, point: int, method: str = "auto") -> bool:
    """The claim by its definition: the draw, then its presets and values, solved exactly."""
    at = scenario.baseline()
    at.update({name: F(float(array[point])) for name, array in draws.items()})
    for preset in claim.presets:
        at.update(scenario.presets[preset].values)
    at.update(claim.values)
    if scenario.form != "normal":  # a tree: its own solver and meaning of a claim
        return scenario.model.claim_holds(claim, scenario.model.solve_at(at))
    return claim_holds(claim, solve(scenario.game(at), method=method))


def _three_players() -> str:
    """P1 and P2 play matching pennies for ``clash`` (P1 matches, P2 mismatches), P1 gets
    ``bonus`` for A, and P3 gets ``bonus`` for A whatever the others do.  While |bonus| < clash
    P1 and P2 must mix: there is no pure equilibrium, yet P3 plays A (or B) for sure."""
    lines = [THREE_HEAD]
    for x, y, z in product("AB", repeat=3):
        lines += [
            f"[payoffs.{x}.{y}.{z}]",
            f'P1 = "{"bonus" if x == "A" else "0"} + {int(x == y)} * clash"',
            f'P2 = "{int(x != y)} * clash"',
            f'P3 = "{"bonus" if z == "A" else "0"}"',
        ]
    for player in ("P1", "P3"):
        for quantifier in QUANTIFIERS:
            lines.append(
                f'[[claims]]\ntext = "t"\nsource = "s"\nplayer = "{player}"\n'
                f'strategy = "A"\nin = "{quantifier}"'
            )
    return "\n".join(lines) + "\n"


# 2x2x2, small enough for exact solves: at some draws a mixed equilibrium decides a claim.
THREE_HEAD = """
[scenario]
id = "three"
title = "Three"

[parameters.bonus]
value = 0.5
range = [-2, 2]
unit = "u"
description = "d"
source = "s"

[parameters.clash]
value = 1
range = [0.5, 2]
unit = "u"
description = "d"
source = "s"

[players.P1.strategies]
A = "a"
B = "b"
[players.P2.strategies]
A = "a"
B = "b"
[players.P3.strategies]
A = "a"
B = "b"
"""
THREE = _three_players()


@pytest.mark.parametrize("name", [*CLASSIC, "three"])
def test_draw_verdicts_equal_exact_solves(name: str, tmp_path: Path) -> None:
    """At a subsample of the draws, each claim (and its opposite) is judged as the exact solver
    judges it; for the 3-player game, with a small exact-solve cap so that the cap path runs."""
    scenario = _scenario(tmp_path, THREE, "three.toml") if name == "three" else load_scenario(name)
    draws = draw_points(scenario, 200, seed=5)
    cap = 15 if name == "three" else 250
    solver = ClaimSolver(scenario, draws, scenario.baseline(), exact_cap=cap)
    opposite = {"every": "no", "some": "none", "no": "some", "none": "some"}
    claims = [
        variant
        for claim in scenario.claims
        for variant in (claim, dataclasses.replace(claim, quantifier=opposite[claim.quantifier]))
    ]
    prefixes, pure_differs = [], False
    for claim in claims:
        verdicts = solver.verdicts(claim)
        prefixes.append(verdicts.prefix)
        judged = np.flatnonzero(verdicts.judged)
        assert len(judged), claim
        for point in judged[:: max(1, len(judged) // 12)]:
            exact = _exact_at(scenario, claim, draws, point)
            assert verdicts.holds[point] == exact, (claim, point)
            if name == "three":
                pure = _exact_at(scenario, claim, draws, point, method="pure")
                pure_differs = pure_differs or pure != exact
    if name == "three":  # the cap shortened some prefix, and mixed equilibria mattered
        assert min(prefixes) < 200
        assert pure_differs


def test_a_hand_picked_claim_fails_and_names_its_parameter(tmp_path: Path) -> None:
    scenario = _scenario(tmp_path, FLIP + GO)
    (check,) = check_claims(scenario, 2000, seed=0)
    assert check.baseline_holds  # cost = 1 < 3
    assert not check.holds
    low, high = check.proportion.interval
    assert low <= 0.3 <= high  # P(cost < 3) for cost uniform on [0, 10]
    assert [factor.parameter for factor in check.factors] == ["cost"]  # not noise
    (factor,) = check.factors
    assert factor.upper.share == 1.0  # cost >= 5: always fails
    assert factor.failing == ((F(3), F(10)),)  # exact: fails for cost > 3
    assert check.corners.failed == 2
    assert check.corners.checked == 4
    lines = check.text_lines(scenario)
    assert lines[0] == check.verdict_line()
    assert lines[0].startswith("[FAILS ")
    assert "< 90%] Row goes." in lines[0]
    assert "  baseline: holds (exact, at the claim's values)" in lines
    assert any(line.startswith("  fails where: cost > 3 (fails in 100.0% of") for line in lines)


def test_the_interval_is_wilsons(tmp_path: Path) -> None:
    """Wilson (1927): p solving |p_hat - p| = z sqrt(p (1 - p) / n), from its closed form."""
    (check,) = check_claims(_scenario(tmp_path, FLIP + GO), 400, seed=2)
    k, n = check.proportion.successes, check.proportion.trials
    z = NormalDist().inv_cdf(0.975)
    centre = (k + z * z / 2) / (n + z * z)
    half = z * (n**0.5) / (n + z * z) * ((k / n) * (1 - k / n) + z * z / (4 * n)) ** 0.5
    assert check.proportion.interval == pytest.approx((centre - half, centre + half), abs=1e-12)
    assert 0 < k < n


@pytest.mark.parametrize(
    ("condition", "strategy", "expected"),
    [
        pytest.param("cost < 3", "Go", 1.0, id="go-below"),
        pytest.param("cost > 3", "Stay", 1.0, id="stay-above"),
        pytest.param("cost > 3", "Go", 0.0, id="go-above"),
    ],
)
def test_a_conditional_claim_counts_only_the_draws_meeting_it(
    tmp_path: Path, condition: str, strategy: str, expected: float
) -> None:
    claim = GO.replace('"Go"', f'"{strategy}"') + f'when = "{condition}"\n'
    scenario = _scenario(tmp_path, FLIP + claim)
    (check,) = check_claims(scenario, 1000, seed=3)
    cost = draw_points(scenario, 1000, seed=3)["cost"]
    meeting = int((cost < 3).sum() if "<" in condition else (cost > 3).sum())
    assert check.proportion.trials == meeting
    assert check.proportion.share == expected
    assert check.to_json()["when"] == condition
    assert check.to_json()["met_condition"] == meeting


@pytest.mark.parametrize(
    ("share", "code"),
    [pytest.param("0.2", 0, id="above-share"), pytest.param("0.4", 1, id="below-share")],
)
def test_check_exits_1_below_the_declared_share(tmp_path: Path, share: str, code: int) -> None:
    scenario = _scenario(tmp_path, FLIP + GO + f"share = {share}\n")
    result = CliRunner().invoke(cli, ["check", str(scenario.path), "--samples", "1000"])
    assert result.exit_code == code, result.output
    report = scenario.check(1000)
    assert report[0].verdict_line() in result.output.splitlines()
    assert f"{int(code == 0)} of 1 claims hold" in result.output


def test_a_share_of_one_needs_every_corner(tmp_path: Path) -> None:
    """Cost < 3 in every draw of [0, 2.999]; the draws miss the corner at cost = 3."""
    text = FLIP.replace("range = [0, 10]", "range = [0, 3]") + GO + "share = 1\n"
    (check,) = check_claims(_scenario(tmp_path, text), 300, seed=0)
    assert check.proportion.share == 1.0
    assert check.corners.failed == 2
    assert not check.holds


def test_the_same_seed_gives_the_same_report(tmp_path: Path) -> None:
    scenario = _scenario(tmp_path, FLIP + GO)
    first, again = scenario.check(500, seed=7), scenario.check(500, seed=7)
    assert first.to_json() == again.to_json()
    assert first.text() == again.text()
    other = scenario.check(500, seed=8)
    assert other.to_json()["claims"][0]["measured"] != first.to_json()["claims"][0]["measured"]


@pytest.mark.parametrize("name", ["matching-pennies", "entry-deterrence", "three"])
def test_robustness_claim_shares_equal_checks(name: str, tmp_path: Path) -> None:
    """One implementation of "does claim X hold at draw k": conditions and 3 players too."""
    scenario = _scenario(tmp_path, THREE, "three.toml") if name == "three" else load_scenario(name)
    samples = 80 if name == "three" else 300  # three players: exact solves
    report = scenario.check(samples, seed=4)
    shares = robustness(scenario, samples, seed=4).claims
    assert [item.proportion for item in report] == [item.proportion for item in shares]


def test_cli_json_and_api_give_the_same_numbers(tmp_path: Path) -> None:
    scenario = _scenario(tmp_path, FLIP + GO + "\n" + GO.replace('"Go"', '"Stay"'))
    result = CliRunner().invoke(
        cli, ["check", str(scenario.path), "--samples", "300", "--seed", "2", "--json"]
    )
    assert result.exit_code == 1
    data = json.loads(result.output)
    api = scenario.check(300, seed=2)
    assert data == json.loads(json.dumps(api.to_json()))
    assert (data["samples"], data["seed"], data["all_hold"]) == (300, 2, False)
    claim = data["claims"][0]
    assert {
        "when",
        "share",
        "measured",
        "baseline",
        "corners",
        "fails_where",
        "method",
        "drawn",
    } <= set(claim)
    assert "vary" not in claim
    assert "points_checked" not in claim
    assert claim["share"] == "9/10"
    assert claim["measured"]["count"] == api[0].proportion.successes
    assert claim["fails_where"][0]["fails_at_claim_values"] == [
        {"low": "3", "high": "10", "low_float": 3.0, "high_float": 10.0}
    ]


def test_quantifiers_on_a_mixed_equilibrium() -> None:
    """Matching pennies' only equilibrium mixes H and T: nobody plays H for sure ("no" holds),
    but everybody uses it ("none" fails)."""
    scenario = load_scenario("matching-pennies")
    result = solve(scenario.game())
    player, strategy = scenario.player_names[0], scenario.strategies[0][0]
    verdicts = {
        quantifier: claim_holds(Claim("", "", player, strategy, quantifier), result)
        for quantifier in QUANTIFIERS
    }
    assert verdicts == {"every": False, "some": False, "no": True, "none": False}
