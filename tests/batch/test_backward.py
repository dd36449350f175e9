"""Batch backward induction against the exact subgame-perfect solver, at random points of
random parametric trees with chance moves."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from negotiation.batch.backward import perfect_information
from negotiation.extensive.subgame_perfect import subgame_perfect
from negotiation.forms.tree_batch import batch_at
from negotiation.scenario import Scenario, read_scenario

PARAMETERS = ("x", "y", "p")


def _node(rng: random.Random, depth: int, path: tuple[str, ...], lines: list[str]) -> None:
    key = ".".join(("tree", *path))
    if depth == 0 or rng.random() < 0.2:
        payoffs = ", ".join(
            f'{player} = "{rng.randint(-3, 3)} * {rng.choice(PARAMETERS[:2])} + '
            f'{rng.randint(-4, 4)}"'
            for player in ("A", "B")
        )
        lines += [f"[{key}]", f"payoffs = {{ {payoffs} }}", ""]
        return
    actions = [f"m{k}" for k in range(rng.randint(2, 3))]
    if rng.random() < 0.2:
        first, *rest = actions
        odds = {first: "p", **{a: f"(1 - p) / {len(rest)}" for a in rest}}
        shown = ", ".join(f'{a} = "{odd}"' for a, odd in odds.items())
        lines += [f"[{key}]", "chance = true", f"probabilities = {{ {shown} }}", ""]
    else:
        lines += [f"[{key}]", f'player = "{rng.choice("AB")}"', ""]
    for action in actions:
        _node(rng, depth - 1, (*path, action), lines)


def random_tree_scenario(seed: int, directory: Path) -> Scenario:
    """A random perfect-information tree of depth 3 or less: payoffs linear in x and y, with
    small integer coefficients so that exact ties occur, chance moves weighted by p."""
    rng = random.Random(seed)
    lines = ["[scenario]", 'id = "random"', 'title = "random"', 'form = "extensive"', ""]
    for name in PARAMETERS:
        high = 1 if name == "p" else 2
        lines += [
            f"[parameters.{name}]",
            f"value = {Fraction(high, 2)!s:>}".replace("value = 1/2", 'value = "1/2"'),
            f"range = [0, {high}]",
            'unit = "u"\ndescription = "d"\nsource = "s"',
            "",
        ]
    lines += ["[players.A]", "[players.B]", ""]
    _node(rng, 3, (), lines)
    path = directory / f"random{seed}.toml"
    path.write_text("\n".join(lines))
    return read_scenario(path)


@pytest.mark.parametrize("seed", range(12))
def test_batch_equals_exact_subgame_perfect_equilibrium(seed: int, tmp_path: Path) -> None:
    scenario = random_tree_scenario(seed, tmp_path)
    assert perfect_information(scenario.parametric_tree)
    rng = random.Random(seed)
    # Points on a grid of quarters, so exact ties are common, and random ones.
    points = [
        {
            "x": Fraction(rng.randint(0, 8), 4),
            "y": Fraction(rng.randint(0, 8), 4) if k % 2 else Fraction(rng.random()),
            "p": Fraction(rng.randint(0, 4), 4),
        }
        for k in range(60)
    ]
    batch = batch_at(scenario.model, points)
    codes, moves = batch.outcomes()
    for index, point in enumerate(points):
        exact = subgame_perfect(scenario.tree(point)).equilibria
        ties = len(exact) > 1
        assert ties <= bool(batch.tied[index]), point  # every real tie is flagged
        if batch.tied[index]:
            continue
        (equilibrium,) = exact
        path = tuple(
            (move.node, move.action) for move in equilibrium.path if move.player != "Chance"
        )
        assert path == moves[codes[index]], point
        assert np.allclose(
            batch.payoffs[:, index], [float(value) for value in equilibrium.payoffs]
        )


def test_flags_only_near_ties(tmp_path: Path) -> None:
    scenario = random_tree_scenario(3, tmp_path)
    points = [{"x": Fraction(k, 7), "y": Fraction(k, 11), "p": Fraction(1, 3)} for k in range(14)]
    batch = batch_at(scenario.model, points)
    exact = [len(subgame_perfect(scenario.tree(point)).equilibria) for point in points]
    assert list(batch.tied) == [count > 1 for count in exact]
