"""Thresholds on trees: each one is verified by solving just either side of it, and a scan
finds no change of the subgame-perfect equilibria that a threshold does not account for."""

from __future__ import annotations

from fractions import Fraction

import pytest

from negotiation.extensive.subgame_perfect import subgame_perfect
from negotiation.scenario import bundled_scenarios, load_scenario

TREES = [
    pytest.param(name, parameter, id=f"{name}-{parameter}")
    for name in sorted(bundled_scenarios())
    if load_scenario(name).form == "extensive"
    for parameter in load_scenario(name).parameters
]
SCAN = 48


def behaviour(scenario, values: dict, parameter: str, value: Fraction) -> tuple:
    tree = scenario.tree({**values, parameter: value})
    return tuple(sorted(repr(item.behaviour) for item in subgame_perfect(tree).equilibria))


@pytest.mark.parametrize(("name", "parameter"), TREES)
def test_each_threshold_changes_the_equilibria_and_a_scan_finds_no_other(
    name: str, parameter: str
) -> None:
    scenario = load_scenario(name)
    values = scenario.baseline()
    result = scenario.thresholds(parameter)
    spec = scenario.parameters[parameter]
    epsilon = (spec.high - spec.low) / 10**6
    # exact where rational: a threshold on a scan point (1/240) must not round past it
    points = [
        item.value if isinstance(item.value, Fraction) else Fraction(str(item.approx))
        for item in result.thresholds
    ]
    for item, point in zip(result.thresholds, points, strict=True):
        at = behaviour(scenario, values, parameter, point)
        sides = [
            behaviour(scenario, values, parameter, side)
            for side in (point - epsilon, point + epsilon)
            if spec.low <= side <= spec.high
        ]
        assert len(set(sides)) > 1 or at not in sides, (parameter, item.value)
    step = (spec.high - spec.low) / SCAN
    grid = [spec.low + k * step for k in range(SCAN + 1)]
    for left, right in zip(grid, grid[1:], strict=False):
        if behaviour(scenario, values, parameter, left) != behaviour(
            scenario, values, parameter, right
        ):
            assert any(left <= point <= right for point in points), (left, right)


@pytest.mark.parametrize(
    ("name", "parameter", "overrides", "expected"),
    [
        # Centipede: stopping beats being stopped on exactly while lead > 0 (Rosenthal 1981).
        pytest.param("centipede", "lead", {}, ["0"], id="centipede"),
        # Entry: the threat to fight is credible once a war pays more than sharing, 2.
        pytest.param("entry-deterrence-tree", "incumbent_war", {}, ["2"], id="entry"),
        # Ultimatum, pie 4: offer 1 is accepted while 1 - alpha (4 - 2) >= 0, alpha <= 1/2.
        # At alpha = 0 (the range's end) the responder is indifferent after offer 0: two
        # subgame-perfect equilibria there, one just above (Osborne 2004, section 6.1).
        pytest.param("ultimatum", "alpha", {}, ["0", "1/2"], id="ultimatum-alpha"),
        # alpha = 1/2: offer 2 is accepted while 2 - (pie - 4)/2 >= 0, pie <= 8; at pie = 4
        # (the range's end) offer 1 leaves the responder indifferent, 1 - (4 - 2)/2 = 0.
        pytest.param("ultimatum", "pie", {"alpha": "1/2"}, ["4", "8"], id="ultimatum-pie"),
    ],
)
def test_textbook_thresholds(name: str, parameter: str, overrides: dict, expected: list) -> None:
    result = load_scenario(name).thresholds(parameter, **overrides)
    assert [str(item.value) for item in result.thresholds] == expected


@pytest.mark.parametrize(
    ("name", "parameter", "overrides", "expected"),
    [
        # Offer 1 is accepted while 1 - alpha (pie - 2) >= 0: alpha = 1/(pie - 2).
        pytest.param("ultimatum", "alpha", {}, [None, "1/(pie - 2)"], id="ultimatum-alpha"),
        # Offer 2 is accepted while 2 - alpha (pie - 4) >= 0: pie = 4 + 2/alpha.
        pytest.param("ultimatum", "pie", {"alpha": "1/2"}, [None, "4 + 2/alpha"], id="pie"),
        # The threat is credible once a war pays the incumbent what sharing does.
        pytest.param(
            "entry-deterrence-tree", "incumbent_war", {}, ["incumbent_share"], id="entry"
        ),
    ],
)
def test_threshold_formulas(name: str, parameter: str, overrides: dict, expected: list) -> None:
    result = load_scenario(name).thresholds(parameter, symbolic=True, **overrides)
    assert [item.formula for item in result.thresholds] == expected
