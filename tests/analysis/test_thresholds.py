"""Exact thresholds: hand-derived games, none missed on random games, formulas, CLI."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from pathlib import Path

import click
import pytest
import sympy
from click.testing import CliRunner
from negotiation.cli.analysis_commands import OptionError, thresholds_command
from negotiation.cli.main import Group
from scenario_files import dominant_flip, two_by_two, write_scenario

from negotiation.analysis.thresholds import structure, thresholds
from negotiation.errors import NegotiationError, ScenarioError
from negotiation.provenance import provenance
from negotiation.scenario import Scenario, load_scenario, read_scenario
from negotiation.solvers import solve

ROOT = Path(__file__).parents[2]
STAG_HUNT = ROOT / "tests" / "data" / "scenarios" / "stag-hunt.toml"


def pure(*labels: int) -> tuple[tuple[int, ...], ...]:
    return tuple((k,) for k in labels)


@pytest.fixture(name="dominant_flip")
def dominant_flip_fixture(tmp_path: Path) -> Scenario:
    return dominant_flip(tmp_path / "flip.toml")


@pytest.fixture
def chicken(tmp_path: Path) -> Scenario:
    # Chicken with a crash cost: Straight against Straight pays -crash, swerving against
    # Straight -prize.  Straight dominates while crash < prize; beyond, two pure equilibria
    # and a mixed one where each swerves with probability (crash - prize) / crash.
    return write_scenario(
        tmp_path / "chicken.toml",
        {"crash": (10, 0, 20), "prize": (1, "1/2", 5)},
        {"Row": ["Swerve", "Straight"], "Col": ["Swerve", "Straight"]},
        {
            ("Swerve", "Swerve"): ("0", "0"),
            ("Swerve", "Straight"): ("-prize", "prize"),
            ("Straight", "Swerve"): ("prize", "-prize"),
            ("Straight", "Straight"): ("-crash", "-crash"),
        },
    )


def test_dominant_strategy_flips_at_three_halves(dominant_flip: Scenario) -> None:
    result = thresholds(dominant_flip, "x")
    (threshold,) = result.thresholds
    assert threshold.value == Fraction(3, 2)
    assert isinstance(threshold.value, Fraction)
    assert structure(threshold.below) == {pure(1, 1)}
    assert structure(threshold.above) == {pure(0, 0)}
    assert threshold.below_value < Fraction(3, 2) < threshold.above_value
    assert threshold.degenerate_at
    assert threshold.at is not None
    # At 3/2 Row is indifferent: (p A, L) for p >= 1/2 and (p A, R) for p <= 1/2 are all
    # equilibria; the extreme ones are p = 1, 1/2 against L and p = 1/2, 0 against R.
    assert structure(threshold.at) == {pure(0, 0), ((0, 1), (0,)), ((0, 1), (1,)), pure(1, 1)}


def test_text_report_lists_regions(dominant_flip: Scenario) -> None:
    lines = thresholds(dominant_flip, "x").text().splitlines()
    assert lines[0] == "Test game: thresholds of x in [0, 3]"
    assert "x = 3/2 (about 1.5)" in lines
    assert lines[-2:] == [
        "  x in [0, 3/2): Row: B; Col: R  <- x = 1",
        "  x in (3/2, 3]: Row: A; Col: L",
    ]


def test_chicken_crash_cost(chicken: Scenario) -> None:
    result = thresholds(chicken, "crash", symbolic=True)
    (threshold,) = result.thresholds
    assert threshold.value == 1  # crash = prize = 1
    assert threshold.formula == "prize"
    assert structure(threshold.below) == {pure(1, 1)}
    assert structure(threshold.above) == {pure(0, 1), pure(1, 0), ((0, 1), (0, 1))}
    crash = threshold.above_value
    mixed = next(eq for eq in threshold.above.equilibria if not eq.pure)
    assert mixed.profile[0] == ((crash - 1) / crash, 1 / crash)


def test_chicken_prize_has_only_a_knife_edge_at_the_end(chicken: Scenario) -> None:
    # crash = 10 > prize everywhere in [1/2, 5]: chicken throughout; no threshold.
    result = thresholds(chicken, "prize", within=(0, 5))
    assert result.thresholds == ()
    # At prize = 0 nobody cares about swerving first: (Swerve, Swerve) is an equilibrium too.
    assert [edge.value for edge in result.knife_edges] == [0]
    (region,) = result.regions
    assert (region.low_closed, region.high_closed) == (False, True)


def test_irrational_threshold(tmp_path: Path) -> None:
    # A pays x^2, B pays 2: the flip is at x = sqrt(2).
    scenario = two_by_two(
        tmp_path / "root.toml",
        {"x": (1, 0, 3)},
        {"AL": ("x^2", "1"), "AR": ("x^2", "0"), "BL": ("2", "0"), "BR": ("2", "1")},
    )
    result = thresholds(scenario, "x", symbolic=True)
    (threshold,) = result.thresholds
    assert threshold.value == sympy.sqrt(2)
    assert threshold.approx == pytest.approx(2**0.5, abs=1e-15)
    assert threshold.at is None
    assert threshold.degenerate_at
    assert threshold.formula == "sqrt(2)"
    data = threshold.to_json()
    assert (data["value"], data["float"]) == ("sqrt(2)", threshold.approx)
    assert threshold.below_value**2 < 2 < threshold.above_value**2


def test_cubic_root_is_exact(tmp_path: Path) -> None:
    # x^3 - x - 1 = 0 has one real root (the plastic number, 1.3247...): no radicals here.
    scenario = two_by_two(
        tmp_path / "cubic.toml",
        {"x": (1, 0, 3)},
        {"AL": ("x^3 - x", "1"), "AR": ("x^3 - x", "0"), "BL": ("1", "0"), "BR": ("1", "1")},
    )
    (threshold,) = thresholds(scenario, "x", symbolic=True).thresholds
    assert threshold.value == sympy.CRootOf(sympy.Symbol("x") ** 3 - sympy.Symbol("x") - 1, 0)
    assert threshold.approx == pytest.approx(1.324717957244746)
    assert threshold.formula == "root of x**3 - x - 1 = 0 in x"
    assert threshold.formula_expr is None


def test_min_max_switch_is_a_candidate_not_a_threshold(tmp_path: Path) -> None:
    # A pays max(1, 2x - 1) against B's 2: the max switches at x = 1 (no effect, 1 < 2), and
    # A overtakes B where 2x - 1 = 2, at x = 3/2.
    scenario = two_by_two(
        tmp_path / "max.toml",
        {"x": (1, 0, 3)},
        {
            "AL": ("max(1, 2*x - 1)", "1"),
            "AR": ("max(1, 2*x - 1)", "0"),
            "BL": ("2", "0"),
            "BR": ("2", "1"),
        },
    )
    result = thresholds(scenario, "x", symbolic=True)
    assert [threshold.value for threshold in result.thresholds] == [Fraction(3, 2)]
    assert result.thresholds[0].formula == "3/2"
    assert result.candidates >= 2


def test_knife_edge_inside_the_range(tmp_path: Path) -> None:
    # A pays (x - 1)^2 >= 0 = B: A is dominant except at x = 1, where Row is indifferent.
    scenario = two_by_two(
        tmp_path / "edge.toml",
        {"x": (0, 0, 3)},
        {"AL": ("(x - 1)^2", "1"), "AR": ("(x - 1)^2", "0"), "BL": ("0", "0"), "BR": ("0", "1")},
    )
    result = thresholds(scenario, "x")
    assert result.thresholds == ()
    assert [edge.value for edge in result.knife_edges] == [1]
    assert structure(result.knife_edges[0].result) != {pure(0, 0)}


def test_pole_is_a_threshold_where_the_game_is_undefined(tmp_path: Path) -> None:
    # A pays 1 / (x - 2): negative below 2, positive above; B pays 0.
    scenario = two_by_two(
        tmp_path / "pole.toml",
        {"x": (1, 0, 4)},
        {"AL": ("1/(x - 2)", "1"), "AR": ("1/(x - 2)", "0"), "BL": ("0", "0"), "BR": ("0", "1")},
    )
    result = thresholds(scenario, "x")
    (threshold,) = result.thresholds
    assert (threshold.value, threshold.at, threshold.degenerate_at) == (2, None, False)
    assert "at 2 a payoff is undefined (a division by zero)." in result.text()
    assert [(r.low_closed, r.high_closed) for r in result.regions] == [
        (True, False),
        (False, True),
    ]


def test_one_player(tmp_path: Path) -> None:
    # A single decision maker picks the best of x, 2 and 1/(x - 2): B until 2, then C until
    # 1/(x - 2) = x, i.e. x^2 - 2x - 1 = 0, x = 1 + sqrt(2), then A.
    scenario = write_scenario(
        tmp_path / "solo.toml",
        {"x": (1, 0, 3)},
        {"Solo": ["A", "B", "C"]},
        {("A",): ("x",), ("B",): ("2",), ("C",): ("1/(x - 2)",)},
    )
    result = thresholds(scenario, "x")
    assert [t.value for t in result.thresholds] == [2, 1 + sympy.sqrt(2)]


def test_best_response_flip_that_leaves_the_equilibria(tmp_path: Path) -> None:
    # Col always plays L (it pays 1 against 0); Row's reply to R flips at x = 2 unseen.
    scenario = two_by_two(
        tmp_path / "unseen.toml",
        {"x": (1, 0, 3)},
        {"AL": ("1", "1"), "AR": ("x", "0"), "BL": ("0", "1"), "BR": ("2", "0")},
    )
    result = thresholds(scenario, "x", best_responses=True)
    assert result.thresholds == ()
    (flip,) = result.best_response_flips
    assert (flip.value, flip.player, dict(flip.against)) == (2, "Row", {"Col": "R"})
    assert (flip.below, flip.above, flip.changes_equilibria) == (("B",), ("A",), False)
    assert "equilibria unchanged" in result.text()
    assert thresholds(scenario, "x").best_response_flips == ()


@pytest.mark.parametrize(
    ("parameter", "values", "expected"),
    [
        pytest.param("x", {"a": 2, "b": 1, "c": 6}, "(-b + c)/a", id="ratio"),
        pytest.param("x", {"a": 3, "b": 0, "c": 5}, "(-b + c)/a", id="ratio-other-values"),
        pytest.param("c", {"a": 2, "b": 1, "x": 1}, "a*x + b", id="linear"),
    ],
)
def test_symbolic_formula_evaluates_to_the_value(
    tmp_path: Path, parameter: str, values: dict, expected: str
) -> None:
    # A pays a x + b, B pays c: the flip is at a x + b = c.
    scenario = two_by_two(
        tmp_path / "formula.toml",
        {"x": (1, 0, 10), "a": (2, 1, 5), "b": (1, 0, 3), "c": (5, 0, 9)},
        {"AL": ("a*x + b", "1"), "AR": ("a*x + b", "0"), "BL": ("c", "0"), "BR": ("c", "1")},
    )
    fixed = {name: Fraction(value) for name, value in values.items()}
    (threshold,) = thresholds(scenario, parameter, fixed, symbolic=True).thresholds
    assert threshold.formula == expected
    symbols = {sympy.Symbol(name, real=True): value for name, value in fixed.items()}
    assert threshold.formula_expr.subs(symbols) == threshold.value


def test_coinciding_conditions_are_all_given(tmp_path: Path) -> None:
    # Row flips where 2x + 1 = 5 and Col where x = 2: both at x = 2 for these values.
    scenario = two_by_two(
        tmp_path / "both.toml",
        {"x": (1, 0, 10), "a": (2, 1, 5), "b": (1, 0, 3), "c": (5, 0, 9)},
        {"AL": ("a*x + b", "1"), "AR": ("0", "3"), "BL": ("c", "2"), "BR": ("1", "x")},
    )
    (threshold,) = thresholds(scenario, "x", symbolic=True).thresholds
    assert threshold.value == 2
    assert {threshold.formula, *threshold.other_formulas} == {"2", "(-b + c)/a"}


def test_unknown_parameter_suggests_the_closest(chicken: Scenario) -> None:
    with pytest.raises(ScenarioError, match=r"unknown parameter 'crsh' \(did you mean 'crash'"):
        thresholds(chicken, "crsh")


def test_empty_range(chicken: Scenario) -> None:
    with pytest.raises(NegotiationError, match="range of crash is empty"):
        thresholds(chicken, "crash", within=(5, 1))


def test_single_point_range(chicken: Scenario) -> None:
    result = thresholds(chicken, "crash", within=(3, 3))
    assert result.thresholds == ()
    assert len(result.regions) == 1
    assert result.regions[0].contains(Fraction(3))


def test_json_is_serialisable_with_provenance(chicken: Scenario) -> None:
    data = thresholds(chicken, "crash", symbolic=True).to_json()
    text = json.dumps(data)
    assert json.loads(text)["parameter"] == "crash"
    (threshold,) = data["thresholds"]
    assert (threshold["value"], threshold["formula"]) == ("1", "prize")
    assert threshold["below"]["value"] == "4/5"
    assert threshold["below"]["equilibria"][0]["profile"] == {
        "Row": {"Straight": "1"},
        "Col": {"Straight": "1"},
    }
    expected = provenance(chicken, chicken.baseline())
    assert {key: data[key] for key in expected} == json.loads(json.dumps(expected))
    assert data["values"] == {"crash": "10", "prize": "1"}


def test_stag_hunt_fixture() -> None:
    # Hunting stag together stops being an equilibrium where the stag is worth the hare.
    scenario = read_scenario(STAG_HUNT)
    result = thresholds(scenario, "stag", {"hare": Fraction(7, 2)}, symbolic=True)
    assert [(t.value, t.formula) for t in result.thresholds] == [(Fraction(7, 2), "hare")]
    assert thresholds(scenario, "hare").thresholds == ()  # stag = 4 > hare in [1, 3.9]


# -- none missed: random parametric games against a fine grid --------------------------------


def random_formula(rng: random.Random) -> str:
    a, b = rng.randint(-3, 3), rng.randint(-3, 3)
    kind = rng.random()
    if kind < 0.6:
        return f"{a} + {b}*x"
    if kind < 0.75:
        return f"{a} + {b}*x - x^2/{rng.randint(1, 3)}"
    if kind < 0.9:
        return f"max({a}, {b}*x - {rng.randint(0, 3)})"
    return f"min({a} + x, {b}) / {rng.randint(1, 2)}"


@dataclass(frozen=True)
class RandomCase:
    seed: int
    shape: tuple[int, ...]


RANDOM_CASES = [
    *(pytest.param(RandomCase(seed, (2, 2)), id=f"2x2-{seed}") for seed in range(6)),
    *(pytest.param(RandomCase(seed, (2, 3)), id=f"2x3-{seed}") for seed in range(3)),
    *(pytest.param(RandomCase(seed, (3, 3)), id=f"3x3-{seed}") for seed in range(3)),
    pytest.param(RandomCase(0, (2, 2, 2)), id="2x2x2-0"),
]


@pytest.mark.parametrize("case", RANDOM_CASES)
def test_no_threshold_is_missed(tmp_path: Path, case: RandomCase) -> None:
    """Between consecutive thresholds, solving on a grid of step 1/20 never shows a change."""
    rng = random.Random(case.seed)
    players = {f"P{i}": [f"s{k}" for k in range(n)] for i, n in enumerate(case.shape)}
    payoffs = {
        labels: tuple(random_formula(rng) for _ in case.shape)
        for labels in product(*players.values())
    }
    scenario = write_scenario(tmp_path / "random.toml", {"x": (1, 0, 4)}, players, payoffs)
    result = thresholds(scenario, "x")
    values = [threshold.approx for threshold in result.thresholds]
    assert values == sorted(values)
    assert all(0 < value < 4 for value in values)
    edges = {edge.value for edge in result.knife_edges}
    at_thresholds = {t.value for t in result.thresholds if isinstance(t.value, Fraction)}
    for step in range(81):
        value = Fraction(step, 20)
        region = result.region_of(value)
        if region is None:
            assert value in at_thresholds | edges
            continue
        found = structure(solve(scenario.game({"x": value})))
        assert found == region.structure or value in edges, value
    for threshold in result.thresholds:
        assert structure(threshold.below) != structure(threshold.above)


# -- imports and the command line ------------------------------------------------------------


def test_light_imports() -> None:
    code = (
        "import sys, negotiation.analysis.thresholds, negotiation.analysis.sweep, "
        "cli.analysis_commands; "
        "print(sorted(m for m in ('sympy', 'matplotlib') if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


def run(*args: str, group: click.Group | None = None):
    group = group or Group(commands=[thresholds_command])
    return CliRunner().invoke(group, list(args))


def test_cli_thresholds_text(chicken: Scenario) -> None:
    result = run("thresholds", str(chicken.path), "crash", "--symbolic")
    assert result.exit_code == 0, result.output
    assert "crash = 1\n  formula: crash = prize\n" in result.output


def test_cli_thresholds_set_and_json(chicken: Scenario) -> None:
    result = run("thresholds", str(chicken.path), "crash", "--set", "prize=3/2", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [t["value"] for t in data["thresholds"]] == ["3/2"]
    assert data["values"]["prize"] == "3/2"


def test_cli_thresholds_best_responses(tmp_path: Path) -> None:
    scenario = two_by_two(
        tmp_path / "unseen.toml",
        {"x": (1, 0, 3)},
        {"AL": ("1", "1"), "AR": ("x", "0"), "BL": ("0", "1"), "BR": ("2", "0")},
    )
    result = run("thresholds", str(scenario.path), "x", "--best-responses")
    assert result.exit_code == 0, result.output
    assert "x = 2: Row's best reply to Col: R goes from B to A (equilibria unchanged)" in (
        result.output
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["crsh"], "unknown parameter 'crsh' (did you mean 'crash'?)", id="param"),
        pytest.param(["crash", "--set", "prize"], "--set expects NAME=VALUE", id="set"),
        pytest.param(["crash", "--preset", "none"], "unknown preset 'none'", id="preset"),
    ],
)
def test_cli_thresholds_errors_exit_2(chicken: Scenario, args: list[str], message: str) -> None:
    result = run("thresholds", str(chicken.path), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_error_is_a_negotiation_error_in_a_plain_group(chicken: Scenario) -> None:
    plain = click.Group(commands=[thresholds_command])
    result = run("thresholds", str(chicken.path), "crash", "--set", "x", group=plain)
    assert isinstance(result.exception, OptionError)
    assert isinstance(result.exception, NegotiationError)


def test_cli_thresholds_help_teaches_with_an_example() -> None:
    result = run("thresholds", "--help")
    assert result.exit_code == 0
    assert "negotiation thresholds idlib-offensive drone_cost --symbolic" in result.output


FORMS = [
    pytest.param("stag-hunt", "hare", id="matrix"),
    pytest.param("centipede", "lead", id="tree"),
    pytest.param("fearon", "p", id="bargain"),
    pytest.param("repeated-prisoners-dilemma", "T", id="repeated"),
    pytest.param("beer-quiche", "prior_strong", id="signalling"),
]


@pytest.mark.parametrize(("name", "parameter"), FORMS)
def test_every_form_names_the_closest_parameter(name: str, parameter: str) -> None:
    scenario = load_scenario(name)
    typo = parameter + "x"
    with pytest.raises(ScenarioError, match=rf"unknown parameter '{typo}' \(did you mean"):
        thresholds(scenario, typo)


@pytest.mark.parametrize(("name", "parameter"), FORMS)
def test_every_form_refuses_an_empty_range(name: str, parameter: str) -> None:
    scenario = load_scenario(name)
    spec = scenario.parameters[parameter]
    with pytest.raises(NegotiationError, match=f"range of {parameter} is empty"):
        thresholds(scenario, parameter, within=(spec.high, spec.low))
