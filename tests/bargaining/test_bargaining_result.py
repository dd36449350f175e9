"""What solving a bargain returns: the JSON of issue 12 item 5, the table, the explanation;
and the solutions on a curved frontier."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
import sympy

from negotiation.bargaining.curve import curve_solutions
from negotiation.bargaining.problem import Bargain
from negotiation.bargaining.result import solve_bargain
from negotiation.errors import NegotiationError

F = Fraction


def _idlib() -> Bargain:
    return Bargain.from_war(("Russia", "Turkey"), "3/5", "1/10", "3/20", title="Terms")


def test_json_shape_and_exact_strings() -> None:
    data = solve_bargain(_idlib()).to_json()
    assert data["form"] == "bargaining"
    assert data["disagreement"] == {"Russia": "1/2", "Turkey": "1/4"}
    assert data["solutions"] == {
        "fearon_range": ["1/2", "3/4"],
        "rubinstein": {"Russia": "10/19", "Turkey": "9/19"},  # (1 - 9/10)/(1 - 81/100)
        "nash": {"Russia": "5/8", "Turkey": "3/8"},
        "kalai_smorodinsky": {"Russia": "5/8", "Turkey": "3/8"},
        "egalitarian": {"Russia": "5/8", "Turkey": "3/8"},
    }
    assert data["terms"]["first"] == "Russia"
    assert json.loads(json.dumps(data)) == data


def test_empty_range_and_no_rubinstein_split_are_null() -> None:
    bargain = Bargain(
        ("A", "B"),
        (F(3, 5), F(1, 2)),
        discounts=(F(1, 2), F(1, 2)),
        outside=(F(3, 5), F(1, 2)),
    )
    solutions = solve_bargain(bargain).to_json()["solutions"]
    assert solutions["fearon_range"] is None
    assert solutions["rubinstein"] is None
    # nothing beats disagreement for both: every axiomatic solution is d
    assert solutions["nash"] == {"A": "3/5", "B": "1/2"}


def test_text_and_explanation() -> None:
    result = solve_bargain(_idlib())
    text = result.text()
    assert text.splitlines()[0] == "Terms (exact)"
    assert "Fearon range        1/2 to 3/4  1/4 to 1/2" in text
    explanation = result.explain()
    assert "4. So x in [p - c_Russia, p + c_Turkey] = [1/2, 3/4]" in explanation
    assert "(1 - d_Turkey) / (1 - d_Russia d_Turkey) = 10/19" in explanation
    assert "the split is inside the Fearon range." in explanation
    assert str(result) == text


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        pytest.param({"players": ("A", "A")}, "two distinct players", id="same_player"),
        pytest.param({"first": 2}, "first must be 0 or 1", id="bad_proposer"),
        pytest.param({"discounts": (F(3, 2), F(1, 2))}, "discount", id="bad_discount"),
        pytest.param({"breakdown": F(-1)}, "breakdown", id="bad_breakdown"),
    ],
)
def test_bad_bargains_are_refused(kwargs, match) -> None:
    arguments = {"players": ("A", "B"), "disagreement": (F(0), F(0))} | kwargs
    with pytest.raises(NegotiationError, match=match):
        Bargain(**arguments)


def test_war_needs_exact_probability() -> None:
    with pytest.raises(NegotiationError, match="exact number"):
        Bargain.from_war(("A", "B"), 0.6, "1/10", "1/10")
    with pytest.raises(NegotiationError, match="win probability"):
        Bargain.from_war(("A", "B"), "3/2", "1/10", "1/10")


x = sympy.Symbol("x")


@pytest.mark.parametrize(
    ("frontier", "disagreement", "expected"),
    [
        # y = 1 - x^2, d = 0: Nash maximises x - x^3 at x = 1/sqrt(3), y = 2/3; KS and E solve
        # x = 1 - x^2: x = (sqrt(5) - 1)/2, the golden ratio's inverse.
        pytest.param(
            1 - x**2,
            (0, 0),
            {
                "nash": (sympy.sqrt(3) / 3, sympy.Rational(2, 3)),
                "kalai_smorodinsky": ((sympy.sqrt(5) - 1) / 2,) * 2,
                "egalitarian": ((sympy.sqrt(5) - 1) / 2,) * 2,
            },
            id="quarter_disc_like",
        ),
        # y = sqrt(1 - x), d = (1/4, 0): Nash maximises (x - 1/4) sqrt(1 - x): derivative
        # zero at x = 3/4, y = 1/2; E: x - 1/4 = sqrt(1 - x) at x = 3/4 too.
        pytest.param(
            sympy.sqrt(1 - x),
            (sympy.Rational(1, 4), 0),
            {
                "nash": (sympy.Rational(3, 4), sympy.Rational(1, 2)),
                "egalitarian": (sympy.Rational(3, 4), sympy.Rational(1, 2)),
            },
            id="square_root_utility",
        ),
    ],
)
def test_curve_solutions_are_exact_surds(frontier, disagreement, expected) -> None:
    solutions = curve_solutions(frontier, x, 0, 1, disagreement)
    for name, point in expected.items():
        assert all(sympy.simplify(a - b) == 0 for a, b in zip(solutions[name], point, strict=True))


def test_curve_nash_beats_a_grid() -> None:
    frontier = 1 - x**2
    nash = curve_solutions(frontier, x, 0, 1, (sympy.Rational(1, 5), 0))["nash"]
    best = max((k / 1000 - 0.2) * (1 - (k / 1000) ** 2) for k in range(200, 1001))
    value = float((nash[0] - sympy.Rational(1, 5)) * nash[1])
    assert best <= value + 1e-12
    assert value - best < 1e-5


def test_light_imports() -> None:
    """The result modules load without sympy or matplotlib (they import them when needed)."""
    import subprocess
    import sys

    code = (
        "import sys, negotiation.bargaining.result, negotiation.repeated.result\n"
        "print(sorted(m for m in ('sympy', 'matplotlib') if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
