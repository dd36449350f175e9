"""Formulas of thresholds for three players: mixed supports eliminated with symbolic parameters."""

from __future__ import annotations

from fractions import Fraction
from itertools import product
from pathlib import Path

import pytest
import sympy
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from negotiation.cli.analysis_commands import thresholds_command
from negotiation.cli.main import Group
from scenario_files import write_scenario

from negotiation.analysis.parametric import ParametricModel
from negotiation.analysis.real_roots import Point
from negotiation.analysis.threshold_candidates import all_candidates
from negotiation.analysis.threshold_formulas import _grouped, formulas
from negotiation.analysis.thresholds import Threshold, structure, thresholds
from negotiation.scenario import Scenario, load_scenario

PLAYERS = {"Row": ["H", "T"], "Col": ["H", "T"], "Z": ["L", "R"]}


def substituted(threshold: Threshold, values: dict[str, Fraction], parameter: str) -> sympy.Expr:
    """The formula with the other parameters' values put in."""
    symbols = {sympy.Symbol(k, real=True): v for k, v in values.items() if k != parameter}
    return threshold.formula_expr.xreplace(symbols)


@pytest.fixture
def pennies_and_bystander(tmp_path: Path) -> Scenario:
    """Matching pennies between Row and Col, and Z who bets on Col's mix.

    Row's match on H pays x (on T 1), Col wins on a mismatch: Row indifferent needs Col on H
    with q = 1 / (1 + x); Col indifferent needs Row on H with 1/2.  Neither cares about Z.  Z's
    L pays 0, R pays x - 1 against Col's H and x - a against T, so R is better iff
    q (x - 1) + (1 - q)(x - a) > 0, i.e. x^2 + (1 - a) x - 1 > 0: the threshold is
    x = (a - 1 + sqrt(a^2 - 2a + 5)) / 2, the golden ratio (1 + sqrt(5)) / 2 at a = 2.  Z's
    pure ties (x = 1 against H, x = a against T) change nothing: Col always mixes.
    """

    def payoffs(row: str, col: str, z: str) -> tuple[str, str, str]:
        match = ("x" if col == "H" else "0") if row == "H" else ("0" if col == "H" else "1")
        bet = "0" if z == "L" else ("x - 1" if col == "H" else "x - a")
        return (match, "0" if row == col else "1", bet)

    cells = {(r, c, z): payoffs(r, c, z) for r in "HT" for c in "HT" for z in "LR"}
    return write_scenario(
        tmp_path / "pennies.toml", {"x": (1, "1/2", 3), "a": (2, 1, 3)}, PLAYERS, cells
    )


def test_mixed_threshold_of_three_players_has_a_closed_form(
    pennies_and_bystander: Scenario,
) -> None:
    result = thresholds(pennies_and_bystander, "x", symbolic=True)
    (threshold,) = result.thresholds
    golden = (1 + sympy.sqrt(5)) / 2
    assert sympy.simplify(threshold.value - golden) == 0
    a = sympy.Symbol("a", real=True)
    assert sympy.simplify(threshold.formula_expr - (a - 1 + sympy.sqrt(a**2 - 2 * a + 5)) / 2) == 0
    assert sympy.simplify(substituted(threshold, {"a": Fraction(2)}, "x") - golden) == 0
    mixed = ((0, 1), (0, 1))
    assert structure(threshold.below) == {(*mixed, (0,))}
    assert structure(threshold.above) == {(*mixed, (1,))}
    assert threshold.degenerate_at


@pytest.mark.parametrize("a", [Fraction(3, 2), Fraction(5, 2), Fraction(3)])
def test_mixed_formula_follows_the_other_parameter(
    pennies_and_bystander: Scenario, a: Fraction
) -> None:
    # The same formula, derived again at other values of a, gives each value exactly.
    (threshold,) = thresholds(pennies_and_bystander, "x", {"a": a}, symbolic=True).thresholds
    assert sympy.simplify(substituted(threshold, {"a": a}, "x") - threshold.value) == 0
    expected = (a - 1 + sympy.sqrt(a**2 - 2 * a + 5)) / 2
    assert sympy.simplify(threshold.value - expected) == 0


def test_condition_that_holds_at_these_values_only_gives_no_formula(tmp_path: Path) -> None:
    # Row's A pays b and B pays 1 whatever the others do: at b = 1 Row is indifferent, so the
    # supports where Row mixes are possible only at b = 1.  Their conditions meet x = 1 (Z's
    # tie), but, eliminated with b symbolic, they have no solution: no formula in b exists.
    def payoffs(row: str, col: str, z: str) -> tuple[str, str, str]:
        col_pays = ("1" if row == "H" else "0") if col == "H" else "x/2"
        bet = "0" if z == "L" else ("x - 1" if row == "H" else "1 - x")
        return ("b" if row == "H" else "1", col_pays, bet)

    cells = {(r, c, z): payoffs(r, c, z) for r in "HT" for c in "HT" for z in "LR"}
    scenario = write_scenario(
        tmp_path / "b.toml", {"x": (1, 0, 3), "b": (1, 0, 2)}, PLAYERS, cells
    )
    model = ParametricModel(scenario, "x", scenario.baseline())
    found, _ = all_candidates(model, Point(Fraction(0)), Point(Fraction(3)))
    origins = found.origins[Fraction(1)]
    row_mixes = [o for o in origins if o.kind == "support" and o.detail[0][0] == (0, 1)]
    assert row_mixes
    assert formulas(model, found.points[Fraction(1)], row_mixes) == []
    # Z's pure tie, x = 1, is a formula (a constant here).
    assert formulas(model, found.points[Fraction(1)], origins)[0][0] == "1"


# -- idlib-hts: Turkey weighs confronting HTS against the mixed equilibrium --------------------

# Confronting HTS made cheap (c_confront_hts, the displacement and the easing at the bottom of
# their ranges, domestic sceptics loud): Turkey's choice now depends on how Russia and HTS mix.
CHEAP_CONFRONTATION = {
    "c_ties": Fraction(8),  # below the offensive's gain, so spoiling and war can go together
    "c_confront_hts": Fraction(2),
    "confront_displacement": Fraction(1, 10),
    "reconquest_easing": Fraction(1, 10),
    "c_nationalist": Fraction(1),
}


def expected_payoff(game, player: int, strategy: int, profile) -> Fraction:
    """A player's exact expected payoff from a pure strategy against the others' mix."""
    total = Fraction(0)
    for cell in product(*(range(count) for count in game.shape)):
        if cell[player] != strategy:
            continue
        weight = Fraction(1)
        for other, k in enumerate(cell):
            if other != player:
                weight *= profile[other][k]
        total += weight * game.payoffs[player][cell]
    return total


def test_idlib_hts_mixed_threshold_has_a_formula() -> None:
    scenario = load_scenario("idlib-hts")
    values = {**scenario.baseline(), **CHEAP_CONFRONTATION}
    result = thresholds(scenario, "v_moscow_credit", values, symbolic=True)
    # The threshold where Turkey, in the mixed equilibrium, goes from containing to
    # confronting HTS (at least with some probability): a condition on the mix, not a tie
    # against a pure profile.
    contain, confront = (0,), (1,)
    (threshold,) = [
        t
        for t in result.thresholds
        if any(s[1] == contain and len(s[0]) == 2 for s in structure(t.below))
        and any(confront[0] in s[1] and len(s[0]) == 2 for s in structure(t.above))
        and not any(s[1] == contain and len(s[0]) == 2 for s in structure(t.above))
    ]
    # Independent check: Turkey is indifferent at the threshold against the mix just below
    # (which v_moscow_credit does not move: it enters Turkey's payoffs only).
    (mixed,) = [
        eq
        for eq in threshold.below.equilibria
        if not eq.pure and tuple(eq.support()[1]) == contain
    ]
    assert isinstance(threshold.value, Fraction)
    game = scenario.game({**values, "v_moscow_credit": threshold.value})
    payoffs = [expected_payoff(game, 1, k, mixed.profile) for k in (0, 1)]
    assert payoffs[0] == payoffs[1]
    # The formula gives the value back, and depends on HTS's payoffs through the mix.
    assert substituted(threshold, values, "v_moscow_credit") == threshold.value
    assert "c_strikes" in threshold.formula
    assert "v_moscow_credit" not in threshold.formula


def test_cli_symbolic_three_players(pennies_and_bystander: Scenario) -> None:
    group = Group(commands=[thresholds_command])
    output = CliRunner().invoke(
        group, ["thresholds", str(pennies_and_bystander.path), "x", "--symbolic"]
    )
    assert output.exit_code == 0, output.output
    assert "  formula: x = (a + sqrt(a**2 - 2*a + 5) - 1)/2\n" in output.output


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-3, 3), st.lists(st.sampled_from("abcde"), max_size=3)),
        min_size=1,
        max_size=8,
    )
)
def test_grouped_form_is_the_same_polynomial(terms) -> None:
    polynomial = sympy.Add(
        *(coefficient * sympy.Mul(*map(sympy.Symbol, names)) for coefficient, names in terms)
    )
    assert sympy.expand(_grouped(polynomial) - polynomial) == 0


def test_symbolic_threshold_reads_as_grouped_costs() -> None:
    """idlib-offensive's drone-cost threshold: expanded, the products repeat the shared
    factors; grouped, each cost appears once, as an analyst would write it."""
    result = thresholds(load_scenario("idlib-offensive"), "drone_cost", symbolic=True)
    (threshold,) = result.thresholds
    text = threshold.formula
    assert "(c_ties*escalation_risk + 1)" in text  # the escalation risk scales the drone cost
    assert text.count("ce_blunt") == 1
    assert len(text) < len(sympy.sstr(sympy.expand(threshold.formula_expr)))
