"""idlib-signal (issue 13, part 5): is HTS's change genuine?  The mechanism at many random
points of the plausible ranges, the separating cost against solving either side of it, and
the commands end to end.

Expected values are derived by hand from the payoffs (docs/models.md, section 10): a
tactical HTS pays ``c_dissent + c_reform_tactical`` to reform, a genuine one ``c_dissent``;
with Russia answering conduct (Include after Reform, Exclude after Rename, whatever it
believes), the tactical type renames iff ``c_dissent + c_reform_tactical >= reach +
v_outside``, what inclusion and outside support are worth to it.
"""

from __future__ import annotations

import json
import random
import warnings
from fractions import Fraction

import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

from negotiation.scenario import RangeWarning, load_scenario

NAME = "idlib-signal"
GENUINE, TACTICAL = 0, 1
RENAME, REFORM = 0, 1
INCLUDE, EXCLUDE = 0, 1


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def random_points(count: int, seed: int) -> list[dict[str, Fraction]]:
    """Points drawn on a grid of 1/1000ths of every parameter's range, p_genuine inside (0, 1)."""
    scenario = load_scenario(NAME)
    rng = random.Random(seed)
    points = []
    for _ in range(count):
        overrides = {
            name: p.low + (p.high - p.low) * Fraction(rng.randint(1, 999), 1000)
            for name, p in scenario.parameters.items()
        }
        points.append(scenario.values((), overrides))
    return points


MODEL = load_scenario(NAME).model


def terms(values) -> dict[str, Fraction]:
    return MODEL.term_values(values)


def equilibria(values):
    result = MODEL.solve_at(values)
    return result.game, result.equilibria


def conduct_driven(scope) -> bool:
    """Russia includes a reformer even if it believes it tactical, and strikes a renamer even
    if it believes it genuine."""
    return (
        scope["include_reformer"] >= scope["strike_reformer"]
        and scope["strike_renamer"] > scope["include_renamer_if_genuine"]
    )


POINTS = random_points(40, seed=13_005)
# Points where Russia answers conduct (about one in seven of the plausible worlds).
CONDUCT = [v for v in random_points(400, seed=13_006) if conduct_driven(terms(v))][:40]


@pytest.mark.parametrize("index", range(len(POINTS)))
def test_renaming_never_raises_the_belief_in_a_genuine_hts(index: int) -> None:
    """SF12 at every point: a name costs both types nothing, the reforms cost the tactical
    type more, so whenever the genuine type renames the tactical one renames for sure: the
    belief after a rename is at most the prior, after a reform at least the prior."""
    values = POINTS[index]
    game, found = equilibria(values)
    prior = game.prior[GENUINE]
    assert found  # a finite signalling game has a PBE
    for eq in found:
        if eq.sender[GENUINE][RENAME] > 0:
            assert eq.sender[TACTICAL][RENAME] == 1
        for message, compare in ((RENAME, prior.__ge__), (REFORM, prior.__le__)):
            if eq.on_path[message]:
                (belief,) = eq.beliefs[message].vertices
                assert compare(belief[GENUINE]), (message, belief)
        assert not (eq.kind == "separating" and eq.sender[GENUINE][RENAME] == 1)


@pytest.mark.parametrize("index", range(len(CONDUCT)))
def test_when_russia_answers_conduct_the_reform_separates_exactly_above_its_cost(
    index: int,
) -> None:
    values = CONDUCT[index]
    scope = terms(values)
    game, found = equilibria(values)
    separating = [eq for eq in found if eq.kind == "separating"]
    cost = scope["c_dissent"] + scope["c_reform_tactical"]
    worth = scope["reach"] + scope["v_outside"]
    expected = [
        "separating: genuine Reform, tactical Rename; Rename -> Exclude, Reform -> Include"
    ]
    assert [eq.describe(game) for eq in separating] == (expected if cost > worth else [])
    # Russia's answers do not depend on its belief: the same in every equilibrium.
    for eq in found:
        assert eq.receiver[REFORM][INCLUDE] == 1
        assert eq.receiver[RENAME][EXCLUDE] == 1


def test_conduct_driven_points_occur_on_both_sides_of_the_cost() -> None:
    # The test above means something only if the random points reach both cases.
    assert len(CONDUCT) >= 30
    sides = set()
    for values in CONDUCT:
        scope = terms(values)
        cost = scope["c_dissent"] + scope["c_reform_tactical"]
        sides.add(cost > scope["reach"] + scope["v_outside"])
    assert sides == {True, False}


@pytest.mark.parametrize("index", range(len(POINTS)))
def test_the_belief_moves_russia_only_within_w_type(index: int) -> None:
    """SF11 at every point: after either message, Russia's payoff gap between including and
    striking moves with its belief by w_type at most, so its answer at belief 0 and belief 1
    differs only where the gap at belief 0 lies within w_type of zero."""
    game = MODEL.game(POINTS[index])
    scope = terms(POINTS[index])
    for message in (RENAME, REFORM):
        gap = [
            game.receiver_payoffs[t][message][INCLUDE] - game.receiver_payoffs[t][message][EXCLUDE]
            for t in (GENUINE, TACTICAL)
        ]
        assert gap[GENUINE] - gap[TACTICAL] == scope["w_type"]
        if (gap[GENUINE] >= 0) != (gap[TACTICAL] >= 0):
            assert -scope["w_type"] <= gap[TACTICAL] < 0


# -- the separating cost: thresholds agree with solving either side ---------------------------


@pytest.mark.parametrize(
    ("overrides", "formula_terms"),
    [
        pytest.param({}, ("v_outside", "c_strikes", "-c_dissent"), id="baseline"),
        pytest.param(
            {"c_ties": 8}, ("reach", "v_outside", "-c_dissent"), id="russia_answers_conduct"
        ),
    ],
)
def test_separating_cost_agrees_with_solving_either_side(overrides, formula_terms) -> None:
    """At the baseline Moscow's ties (12 Februaries) make it include HTS whatever it does, so
    the reforms need only outweigh the outside support and the strikes a renamer suffers; with
    the ties at 8 Russia answers conduct, and the reforms must outweigh inclusion itself."""
    scenario = load_scenario(NAME)
    result = scenario.thresholds("c_reform_tactical", samples=None, **overrides)
    (threshold,) = result.where_kind_changes("separating")
    values = scenario.values((), overrides)
    scope = terms(values)
    by_hand = sum(
        -scope[name[1:]] if name.startswith("-") else scope[name] for name in formula_terms
    )
    assert threshold.value == by_hand
    step = Fraction(1, 1000)
    for shift, separates in ((-step, False), (Fraction(0), True), (step, True)):
        moved = scenario.values((), {**overrides, "c_reform_tactical": threshold.value + shift})
        kinds = {eq.kind for eq in MODEL.solve_at(moved).equilibria}
        assert ("separating" in kinds) is separates, shift


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({}, id="baseline"),
        pytest.param({"c_ties": 8, "c_reform_tactical": Fraction(1, 2)}, id="pooling_on_reform"),
    ],
)
def test_the_prior_has_no_threshold(overrides) -> None:
    """SF11: across the whole range of Moscow's belief the equilibria do not change; the
    ties, the attacks and the reforms' cost do move them (above)."""
    result = load_scenario(NAME).thresholds("p_genuine", samples=None, **overrides)
    assert result.thresholds == ()


def test_priors_zero_and_one_solve() -> None:
    """The presets put p_genuine at 0 and 1: a type the receiver rules out still chooses."""
    scenario = load_scenario(NAME)
    for preset, absent in (("tactical-hts", GENUINE), ("genuine-hts", TACTICAL)):
        result = scenario.solve(preset)
        assert result.game.prior[absent] == 0
        assert result.equilibria
        for eq in result.equilibria:
            assert sum(eq.sender[absent]) == 1  # it has a strategy, and a best one


# -- the commands ----------------------------------------------------------------------------


def test_cli_solve_json_has_the_perfect_bayesian_equilibria() -> None:
    result = run("solve", NAME, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (eq,) = data["perfect_bayesian"]
    assert eq["kind"] == "separating"
    assert eq["sender"] == {"genuine": {"Reform": "1"}, "tactical": {"Rename": "1"}}
    assert eq["receiver"] == {"Rename": {"Include": "1"}, "Reform": {"Include": "1"}}
    assert eq["beliefs"]["Rename"] == {"genuine": "0", "tactical": "1"}
    assert eq["intuitive_criterion"] is True


def test_cli_thresholds_gives_the_separating_cost() -> None:
    result = run("thresholds", NAME, "c_reform_tactical", "--set", "c_ties=8", "--no-uncertainty")
    assert result.exit_code == 0, result.output
    assert "c_reform_tactical = 17/20" in result.output
    assert "separating PBE exist only above it" in result.output


def test_cli_whatif_preset() -> None:
    result = run("whatif", NAME, "--preset", "tactical-hts", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["changed"]["values"]["p_genuine"] == "0"


def test_check_small_run_holds_and_exits_zero() -> None:
    result = run("check", NAME, "--samples", "60", "--seed", "5")
    assert result.exit_code == 0, result.output
    assert "5 of 5 claims hold" in result.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        pytest.param(("--set", "p_genuine=3/2"), "p_genuine", id="prior_above_one"),
        pytest.param(("--set", "c_reform_tactical=cheap"), "c_reform_tactical", id="not_a_number"),
        pytest.param(("--set", "c_reform=1"), "c_reform", id="unknown_parameter"),
        pytest.param(("--preset", "no-such-preset"), "no-such-preset", id="unknown_preset"),
    ],
)
def test_bad_input_is_one_error_line_exit_2(args, words) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RangeWarning)
        result = run("solve", NAME, *args)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert words in errors[0]
    assert "Traceback" not in result.output
