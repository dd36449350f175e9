"""idlib-ceasefire, the repeated game of broken ceasefires (issue 12, part 4; brief, game b).

- the stage game is idlib-offensive's: a thrust is its Limited row against Reinforce (here
  Tolerate) and Counter-escalate, exactly, at random points;
- SF3's mechanism: removing each driver the report names (SB; III.A-B) never raises the
  critical delta of grim trigger on the noisy signal, and lowers it wherever it is finite,
  checked exactly at random points (the closed form, itself checked against a full solve);
- SF15: under the drones preset the threat would deter with every violation seen, but on the
  noisy signal a ceasefire, even where it is sustained, ends with probability false_alarm each
  round, which is positive in every plausible world;
- thresholds agree with solving either side; the command line, with its exit codes.
"""

from __future__ import annotations

import json
import random
import warnings
from fractions import Fraction

import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

from negotiation.analysis.thresholds import thresholds
from negotiation.repeated.critical import grim_trigger_delta
from negotiation.repeated.monitoring import cooperation_value, noisy_grim_delta
from negotiation.repeated.result import _pure_equilibria
from negotiation.scenario import RangeWarning, load_scenario

DRIVERS = ("hts-included", "common-reading", "compatible-goals", "verifiable")
POINTS = 300  # random points per preset context; each is solved five times in closed form


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("idlib-ceasefire")


def _values(scenario, presets: list[str]) -> dict[str, Fraction]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RangeWarning)
        return scenario.values(presets)


def _draws(scenario, presets: list[str], count: int, seed: int) -> list[dict[str, Fraction]]:
    """Random points: every parameter the presets do not fix, uniform on its range, exact."""
    rng = random.Random(seed)
    fixed = {name for preset in presets for name in scenario.presets[preset].values}
    base = _values(scenario, presets)
    points = []
    for _ in range(count):
        point = dict(base)
        for name, parameter in scenario.parameters.items():
            if name not in fixed:
                share = Fraction(rng.randrange(10**6), 10**6)
                point[name] = parameter.low + (parameter.high - parameter.low) * share
        points.append(point)
    return points


def _noisy_critical(scenario, values) -> Fraction | None:
    """The critical delta of grim trigger on the noisy signal, by its closed form, with the
    punishment solve_repeated picks (the pure stage equilibrium that sustains soonest)."""
    game = scenario.game(values)

    def rank(profile):
        found = grim_trigger_delta(game.stage, game.target, profile)
        return (found is None, found or 0)

    punishment = min(_pure_equilibria(game.stage), key=rank)
    return noisy_grim_delta(game.stage, game.target, punishment, game.unseen, game.false_alarm)


def _without(scenario, values, driver: str) -> dict[str, Fraction]:
    return {**values, **scenario.presets[driver].values}


# -- the numbers agree with idlib-offensive -------------------------------------------------


def test_a_thrust_is_idlib_offensives_limited_row(scenario) -> None:
    """Thrust against Tolerate is idlib-offensive's Limited against Reinforce, and against
    Counter-escalate its Limited against Counter-escalate, for both players, exactly."""
    offensive = load_scenario("idlib-offensive")
    for point in _draws(scenario, [], 40, seed=1):
        ours = scenario.stage(point)
        theirs = offensive.game({**offensive.baseline(), **point})
        mine = ours.exact_payoffs()
        other = theirs.exact_payoffs()
        thrust = ours.strategies[0].index("Thrust")
        limited = theirs.strategies[0].index("Limited")
        for column, their_column in (("Tolerate", "Reinforce"), ("Counter-escalate",) * 2):
            a = (thrust, ours.strategies[1].index(column))
            b = (limited, theirs.strategies[1].index(their_column))
            assert (mine[0][a], mine[1][a]) == (other[0][b], other[1][b])


# -- SF3 at the baseline --------------------------------------------------------------------


@pytest.mark.parametrize("presets", [[], ["drones"]], ids=["baseline", "drones"])
def test_at_the_baseline_no_ceasefire_lasts(scenario, presets) -> None:
    """SF3: at the baseline values, before and after February 2020, grim trigger on the noisy
    signal sustains the ceasefire at no discount factor ("never")."""
    result = scenario.solve_at(_values(scenario, presets))
    assert result.critical_delta["grim_trigger_noisy"] is None
    assert result.to_json()["critical_delta"]["grim_trigger_noisy"] == "never"


def test_before_2020_tolerating_a_thrust_is_turkeys_answer(scenario) -> None:
    """III.B: with its pre-2020 capacity Ankara's best answer to a thrust is to tolerate it,
    so the only punishment is the thrusts themselves: never, even with every violation seen."""
    result = scenario.solve_at(scenario.baseline())
    stage = result.game.stage
    assert [stage.strategies[k][a] for k, a in enumerate(result.punishment)] == [
        "Thrust",
        "Tolerate",
    ]
    assert result.critical_delta["grim_trigger"] is None


# -- the drivers ----------------------------------------------------------------------------


def test_the_closed_form_is_the_solvers_answer(scenario) -> None:
    """The closed form the mechanism test uses gives what a full solve gives."""
    for point in _draws(scenario, ["drones"], 4, seed=2):
        for values in (point, *(_without(scenario, point, d) for d in DRIVERS)):
            solved = scenario.solve_at(values).critical_delta.get("grim_trigger_noisy")
            assert solved == _noisy_critical(scenario, values)


@pytest.mark.parametrize("driver", DRIVERS)
@pytest.mark.parametrize("presets", [[], ["drones"]], ids=["baseline", "drones"])
def test_removing_each_driver_lowers_the_critical_delta(scenario, driver, presets) -> None:
    """SF3 (SB; III.A-B): removing HTS's exclusion, the divergent readings, the incompatible
    goals or the unverifiability never raises the critical delta (None, never, is above
    every number), lowers it strictly wherever it is finite, and turns some nevers into
    numbers: exactly, at random points over the plausible ranges."""
    strictly, restored = 0, 0
    for point in _draws(scenario, presets, POINTS, seed=3):
        before = _noisy_critical(scenario, point)
        after = _noisy_critical(scenario, _without(scenario, point, driver))
        if before is None:
            restored += after is not None
            continue
        if before == 0:  # the ceasefire is a stage equilibrium: nothing to lower
            assert after == 0
            continue
        assert after is not None
        assert after < before, point
        strictly += 1
    assert strictly > POINTS // 20
    assert restored > 0


# -- SF15 -----------------------------------------------------------------------------------


def test_under_drones_the_threat_deters_only_if_every_violation_is_seen(scenario) -> None:
    """SF15 at the drones values: with every violation seen, grim trigger would sustain the
    ceasefire at the sides' discount factor (195/292 <= 4/5: 'may dissuade Russia', SB);
    on the noisy signal it never does ('the standoff appears untenable')."""
    result = scenario.solve_at(_values(scenario, ["drones"]))
    assert result.critical_delta["grim_trigger"] == Fraction(195, 292)
    assert result.game.delta in result.sustained["grim_trigger"]
    assert result.critical_delta["grim_trigger_noisy"] is None


def test_even_a_sustained_ceasefire_breaks_down(scenario) -> None:
    """SF15 over the plausible worlds: a false alarm triggers the punishment with a chance
    of at least reading_gap each round, so on the equilibrium path a ceasefire lasts
    1 / false_alarm rounds on average, never for ever, and is worth less than a calm
    (Mailath and Samuelson 2006, sec. 7.2)."""
    low = scenario.parameters["reading_gap"].low
    for point in _draws(scenario, ["drones"], 200, seed=4):
        game = scenario.game(point)
        assert game.false_alarm >= low > 0
        stage = game.stage.exact_payoffs()
        reward, penalty = stage[0][game.target], stage[0][(1, 1)]  # Russia; (Thrust, CE)
        if penalty < reward:
            value = cooperation_value(reward, penalty, game.delta, game.false_alarm)
            assert penalty < value < reward


# -- thresholds -----------------------------------------------------------------------------


@pytest.mark.parametrize("parameter", ["drone_cost", "c_ties", "escalation_risk"])
def test_thresholds_agree_with_solving_either_side(scenario, parameter) -> None:
    """Each threshold under the drones preset (where grim trigger's critical delta crosses 1
    or the sides' discount factor) separates two answers, and solving just below and just
    above it gives them: whether grim trigger's critical delta is a number or never, and
    whether it sustains the ceasefire now (the numbers themselves move with the parameter)."""

    def state(answer: dict) -> tuple:
        return (
            answer["critical_delta.grim_trigger"] == "never",
            answer["sustained_now.grim_trigger"],
        )

    values = _values(scenario, ["drones"])
    found = thresholds(scenario, parameter, values).thresholds
    assert found
    step = Fraction(1, 10**6)
    for threshold in found:
        assert state(threshold.below) != state(threshold.above)
        below = scenario.solutions(
            scenario.solve_at({**values, parameter: threshold.value - step})
        )
        above = scenario.solutions(
            scenario.solve_at({**values, parameter: threshold.value + step})
        )
        assert state(below) == state(threshold.below)
        assert state(above) == state(threshold.above)


def test_the_drone_cost_threshold_is_idlib_offensives(scenario) -> None:
    """Under drones Turkey's counter-escalation starts to hurt Moscow's thrusts at the same
    drone cost, 123/220, at which idlib-offensive's Russia stops thrusting against it."""
    values = _values(scenario, ["drones"])
    ours = [t.value for t in thresholds(scenario, "drone_cost", values).thresholds]
    offensive = load_scenario("idlib-offensive")
    theirs = [
        t.value
        for t in thresholds(offensive, "drone_cost", _values(offensive, ["drones"])).thresholds
    ]
    assert Fraction(123, 220) in ours
    assert Fraction(123, 220) in theirs


# -- the command line -----------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_solve_json_has_the_critical_deltas() -> None:
    result = run("solve", "idlib-ceasefire", "--json")
    assert result.exit_code == 0
    found = json.loads(result.output)["critical_delta"]
    assert found["grim_trigger"] == "never"
    assert found["grim_trigger_noisy"] == "never"
    result = run("solve", "idlib-ceasefire", "--preset", "drones", "--json")
    assert json.loads(result.output)["critical_delta"]["grim_trigger"] == "195/292"


def test_check_exits_zero_when_the_claims_hold() -> None:
    result = run("check", "idlib-ceasefire", "--samples", "1500", "--seed", "7")
    assert result.exit_code == 0, result.output
    assert "7 of 7 claims hold" in result.output


def test_thresholds_and_whatif_from_the_command_line() -> None:
    result = run("thresholds", "idlib-ceasefire", "drone_cost", "--preset", "drones")
    assert result.exit_code == 0
    assert "drone_cost = 123/220" in result.output
    assert "drone_cost = 687/880: grim trigger's critical delta crosses the scenario's delta" in (
        result.output
    )
    result = run("whatif", "idlib-ceasefire", "--base-preset", "drones", "--preset", "verifiable")
    assert result.exit_code == 0
    assert "975/1241" in result.output  # the noisy critical delta once violations are seen


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["thresholds", "idlib-ceasefire", "no_such_parameter"], id="parameter"),
        pytest.param(["whatif", "idlib-ceasefire", "--set", "reading_gap=abc"], id="value"),
        pytest.param(["solve", "idlib-ceasefire", "--set", "delta_ceasefire=1"], id="delta"),
        pytest.param(["solve", "idlib-ceasefire", "--preset", "no-such-preset"], id="preset"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.output.startswith("Error") or "Error:" in result.output
    assert "Traceback" not in result.output


def test_the_payoff_set_falls_back_to_floats(scenario) -> None:
    """With compatible goals the exact Abreu-Sannikov iterates never settle and their numbers
    grow without bound; the solve finishes in floats, converged, and says so."""
    result = scenario.solve_at(_values(scenario, ["compatible-goals"]))
    found = result.equilibrium_payoffs
    assert found.converged
    assert not found.exact
    assert "subgame-perfect payoffs (in floats)" in result.text()
