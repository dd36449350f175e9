"""`idlib-terms`, the 5 March bargain over terms (brief, game c; SF2), held to its mechanism.

- its payoffs are idlib-sequence's leaves (the thrust met by counter-escalation, then
  "Negotiate" or "Push on"), so the numbers agree across the models, and its thresholds are
  that tree's (c_ties = 47/12, escalation_risk = 23/1200 and drone_cost = 123/220 under the
  drones preset, docs/models.md section 5);
- Turkey's share under every solution the claims read never falls, and under
  Kalai-Smorodinsky strictly rises, as the regime's losses (drone_cost) or Moscow's ties
  cost (c_ties) rise: checked exactly at random worlds and random pairs of levels;
- the Nash share is the hand-derived closed form: half the gap between the two sides'
  relative costs of war, clamped at the frozen front (Nash 1950, on a segment);
- Turkey does better under the drones deal than on the path before its counter-escalation;
- the command line works on it, with the exit codes of every command.
"""

from __future__ import annotations

import json
import random
import tomllib
import warnings
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

from negotiation.analysis.thresholds import thresholds
from negotiation.scenario import RangeWarning, load_scenario

SHARED = Path(__file__).resolve().parent.parent / "payoffs" / "shared" / "idlib.toml"
THRUST = ("Reinforce", "Limited", "Advance", "Counter-escalate")
BEFORE = ("Reinforce", "Limited", "Advance", "Arm proxies", "Push on")  # the 2019 pattern


@pytest.fixture(scope="module")
def terms():
    return load_scenario("idlib-terms")


@pytest.fixture(scope="module")
def sequence():
    return load_scenario("idlib-sequence")


@pytest.fixture(scope="module")
def shared() -> dict:
    with SHARED.open("rb") as handle:
        return tomllib.load(handle)


def _worlds(shared: dict, names, count: int, seed: int, presets=()) -> list[dict]:
    """``count`` exact draws of ``names`` on their shared ranges, then the presets."""
    rng = random.Random(seed)
    worlds = []
    for _ in range(count):
        world = {}
        for name in names:
            low, high = (Fraction(str(v)) for v in shared["parameters"][name]["range"])
            world[name] = low + (high - low) * Fraction(rng.randint(0, 1000), 1000)
        worlds.append(_under(shared, world, presets))
    return worlds


def _under(shared: dict, world: dict, presets) -> dict:
    """``world`` with each preset's values set, in turn."""
    found = dict(world)
    for preset in presets:
        found.update({k: Fraction(str(v)) for k, v in shared["presets"][preset]["set"].items()})
    return found


def _leaf(tree, path: tuple[str, ...]):
    return next(node for found, node in tree.nodes() if tuple(found) == path)


def _only(model, world: dict) -> dict:
    return {name: world[name] for name in model.parameters}


# -- the same numbers as idlib-sequence --------------------------------------------------------


def test_the_payoffs_are_the_sequences_leaves(terms, sequence, shared) -> None:
    """War is the tree's "Push on" after the thrust met by counter-escalation, the frozen
    front its "Negotiate", in both sides' units, at random worlds and under the presets."""
    names = sorted(set(terms.parameters) | set(sequence.parameters))
    worlds = _worlds(shared, names, 40, seed=12)
    worlds += _worlds(shared, names, 20, seed=13, presets=("drones",))
    worlds += _worlds(shared, names, 20, seed=14, presets=("pre-2020",))
    russia, turkey = (sequence.player_names.index(p) for p in ("Russia", "Turkey"))
    for world in worlds:
        found = terms.term_values(_only(terms, world))
        tree = sequence.tree(_only(sequence, world))
        negotiate = _leaf(tree, (*THRUST, "Negotiate")).payoffs
        push_on = _leaf(tree, (*THRUST, "Push on")).payoffs
        assert (found["frozen_ru"], found["frozen_tr"]) == (negotiate[russia], negotiate[turkey])
        assert (found["war_ru"], found["war_tr"]) == (push_on[russia], push_on[turkey])
        # Rescaled: the frozen front is (1, 0), the Sochi lines (0, 1), war the same point.
        bargain = terms.game(_only(terms, world))
        gap_ru = found["frozen_ru"] - found["sochi_ru"]
        gap_tr = found["sochi_tr"] - found["frozen_tr"]
        assert gap_ru > 0
        assert gap_tr > 0
        assert bargain.disagreement == (
            (found["war_ru"] - found["sochi_ru"]) / gap_ru,
            (found["war_tr"] - found["frozen_tr"]) / gap_tr,
        )


@pytest.mark.parametrize(
    ("parameter", "switch"),
    [
        ("c_ties", Fraction(47, 12)),
        ("escalation_risk", Fraction(23, 1200)),
        ("drone_cost", Fraction(123, 220)),
    ],
)
def test_under_drones_the_thresholds_are_the_sequences_and_hold_on_either_side(
    terms, parameter: str, switch: Fraction
) -> None:
    """The deal appears where Moscow's push-on and negotiate payoffs in idlib-sequence
    cross (docs/models.md, section 5); solving either side shows the Fearon range empty
    below and not above."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RangeWarning)
        values = terms.values(("drones",))
    found = [t.value for t in thresholds(terms, parameter, values).thresholds]
    assert found == [switch]
    spec = terms.parameters[parameter]
    for side, value in ((True, (spec.low + switch) / 2), (False, (switch + spec.high) / 2)):
        result = terms.solve_at({**values, parameter: value})
        assert (result.fearon_range is None) is side
        assert (result.nash[1] < 0) is side  # no deal: Turkey gets the war
        assert (result.kalai_smorodinsky[1] > 0) is not side


# -- the mechanism: Turkey's share rises with drone_cost and c_ties ---------------------------


def _shares(terms, values: dict) -> tuple[Fraction, Fraction, Fraction, bool]:
    result = terms.solve_at(values)
    return (
        result.nash[1],
        result.kalai_smorodinsky[1],
        result.rubinstein[1],
        result.fearon_range is not None,
    )


@pytest.mark.parametrize("parameter", ["drone_cost", "c_ties"])
@pytest.mark.parametrize("presets", [("drones",), ()], ids=["drones", "baseline"])
def test_turkeys_share_rises_with_the_cost_of_war_to_moscow(
    terms, shared, parameter: str, presets: tuple[str, ...]
) -> None:
    """At random worlds and at random pairs of levels inside the range: Nash and Rubinstein
    never fall; Kalai-Smorodinsky rises strictly wherever a deal exists at the lower level
    (then it exists at the higher too), and is the war (no rise) where none does."""
    spec = terms.parameters[parameter]
    worlds = _worlds(shared, terms.parameters, 60, seed=21, presets=presets)
    rng = random.Random(22)
    strict = 0
    for world in worlds:
        levels = sorted(
            spec.low + (spec.high - spec.low) * Fraction(rng.randint(0, 997), 997)
            for _ in range(4)
        )
        found = [_shares(terms, {**world, parameter: level}) for level in levels]
        for (low, high), (lower, higher) in zip(
            zip(levels, levels[1:], strict=False), zip(found, found[1:], strict=False), strict=True
        ):
            if low == high:
                continue
            assert higher[0] >= lower[0]  # Nash
            assert higher[2] > lower[2]  # Rubinstein: the breakdown payoff enters linearly
            if lower[3]:
                assert higher[3]
                assert higher[1] > lower[1]  # Kalai-Smorodinsky
                strict += 1
            elif not higher[3]:
                assert higher[1] == lower[1] < 0  # no deal at either level: the war
    assert strict > 0  # the strict case was exercised


def test_the_nash_share_is_half_the_gap_of_the_relative_costs_of_war(terms, shared) -> None:
    """Hand derivation (Nash 1950 on the segment from the frozen front (1, 0) to the Sochi
    lines (0, 1), disagreement (d_R, d_T) with d_T < 0): maximise (1 - t - d_R)(t - d_T)
    over Turkey's share t; t* = (r - l)/2 with r = 1 - d_R (Moscow's cost of pushing on, per
    unit of its gap) and l = -d_T (Ankara's); clamped to [0, min(r, 1)] (at 1 the Sochi
    lines: Moscow would rather give the ground back than push on). No deal (r < 0): war."""
    for world in _worlds(shared, terms.parameters, 150, seed=31, presets=("drones",)):
        bargain = terms.game(world)
        russia_war, turkey_war = bargain.disagreement
        assert turkey_war < 0  # another thrust always costs Ankara
        moscow, ankara = 1 - russia_war, -turkey_war
        nash = terms.solve_at(world).nash
        if moscow < 0:
            assert nash == bargain.disagreement
        else:
            share = min(max((moscow - ankara) / 2, Fraction(0)), moscow, Fraction(1))
            assert nash == (1 - share, share)


def test_turkey_does_better_than_on_the_path_before_its_counter_escalation(
    terms, sequence, shared
) -> None:
    """SF2 (I: Ankara 'achieved more than the situation on the ground had suggested it would
    a couple of weeks earlier'): in Turkey's own unit, the Nash deal under the drones beats
    the 2019 pattern at the pre-2020 values of the same world (idlib-sequence's leaf: a
    thrust toward Ariha and the M4, Turkey arming its proxies, Moscow pushing on), in at least
    90% of the worlds where Moscow values the ties at least as much as the offensive's
    military gain; and in every world where a deal exists it is no worse than the frozen
    front."""
    names = sorted(set(terms.parameters) | set(sequence.parameters))
    turkey = sequence.player_names.index("Turkey")
    better = met = 0
    for world in _worlds(shared, names, 600, seed=41):
        drones, before = _under(shared, world, ("drones",)), _under(shared, world, ("pre-2020",))
        found = terms.term_values(_only(terms, drones))
        if found["c_ties"] < found["military_gain"]:
            continue
        result = terms.solve_at(_only(terms, drones))
        deal = found["frozen_tr"] + result.nash[1] * (found["sochi_tr"] - found["frozen_tr"])
        if result.fearon_range is not None:
            assert deal >= found["frozen_tr"]
        path = _leaf(sequence.tree(_only(sequence, before)), BEFORE).payoffs[turkey]
        met += 1
        better += deal > path
    assert met >= 150
    assert better / met >= Fraction(9, 10)


# -- the command line -----------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_solve_json_gives_every_solution_exactly() -> None:
    result = run("solve", "idlib-terms", "--json", "--preset", "drones")
    assert result.exit_code == 0, result.output
    solutions = json.loads(result.output)["solutions"]
    # At the drones values the Nash solution is the frozen front (Moscow 1, Ankara 0):
    # r = 97/302 < l = 23/18, so the clamp binds.
    assert solutions["nash"] == {"Russia": "1", "Turkey": "0"}
    assert solutions["fearon_range"] == ["205/302", "1"]
    assert Fraction(solutions["kalai_smorodinsky"]["Turkey"]) == Fraction(84681, 1576138)


def test_solve_json_at_the_baseline_has_no_deal() -> None:
    """The baseline values are the 2019 capacity: Moscow pushes on, the range is empty."""
    result = run("solve", "idlib-terms", "--json")
    assert result.exit_code == 0, result.output
    solutions = json.loads(result.output)["solutions"]
    assert solutions["fearon_range"] is None
    assert solutions["nash"] == {"Russia": "525/374", "Turkey": "-19/18"}


def test_thresholds_whatif_and_check_run() -> None:
    found = run("thresholds", "idlib-terms", "drone_cost")
    assert found.exit_code == 0, found.output
    assert "drone_cost = 39/44: the Fearon range empties" in found.output
    changed = run("whatif", "idlib-terms", "--preset", "drones")
    assert changed.exit_code == 0, changed.output
    assert "nash.Turkey: -19/18 -> 0" in changed.output
    checked = run("check", "idlib-terms", "--samples", "300", "--seed", "5")
    assert checked.exit_code == 0, checked.output
    assert "claims hold in at least their declared share" in checked.output


@pytest.mark.parametrize(
    "args",
    [
        ("thresholds", "idlib-terms", "no_such_parameter"),
        ("whatif", "idlib-terms", "--preset", "no-such-preset"),
        ("solve", "idlib-terms", "--set", "drone_cost=abc"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
