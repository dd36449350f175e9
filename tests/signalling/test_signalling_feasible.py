"""`feasible` (Fourier-Motzkin, exact) against the linear program it spares (`_margin_point`,
exact simplex): on random small systems of affine conditions over the open unit box, both
must say the same thing, since the program finds a point with a positive margin exactly when
the open box meets the conditions."""

from __future__ import annotations

import random
from fractions import Fraction as F

import pytest

from negotiation.signalling.affine import Affine, _margin_point, feasible, solve_conditions


def random_affine(rng: random.Random, unknowns: int) -> Affine:
    return Affine(
        F(rng.randint(-4, 4), rng.randint(1, 3)),
        tuple(F(rng.randint(-3, 3), rng.randint(1, 2)) for _ in range(unknowns)),
    )


CASES = [pytest.param(seed, id=f"seed{seed}") for seed in range(300)]


@pytest.mark.parametrize("seed", CASES)
def test_feasible_agrees_with_the_linear_program(seed: int) -> None:
    rng = random.Random(seed)
    unknowns = rng.randint(1, 3)
    equalities = [random_affine(rng, unknowns) for _ in range(rng.randint(0, unknowns - 1))]
    inequalities = [random_affine(rng, unknowns) for _ in range(rng.randint(0, 3))]
    program = _margin_point(unknowns, equalities, inequalities)
    assert feasible(unknowns, equalities, inequalities) == (program is not None)
    found = solve_conditions(unknowns, equalities, inequalities)
    assert (found is None) == (program is None) or found.determined


def test_random_systems_are_not_trivial() -> None:
    verdicts = set()
    for seed in range(300):
        rng = random.Random(seed)
        unknowns = rng.randint(1, 3)
        equalities = [random_affine(rng, unknowns) for _ in range(rng.randint(0, unknowns - 1))]
        inequalities = [random_affine(rng, unknowns) for _ in range(rng.randint(0, 3))]
        verdicts.add(feasible(unknowns, equalities, inequalities))
    assert verdicts == {True, False}


def test_strict_box_edges() -> None:
    # z >= 1 meets the closed box only at its edge: not the open box.
    at_edge = [Affine(F(-1), (F(1),))]
    assert not feasible(1, [], at_edge)
    assert feasible(1, [], [Affine(F(-1, 2), (F(1),))])  # z >= 1/2
    assert not feasible(1, [Affine(F(-1), (F(1),))], [])  # z = 1
    assert feasible(2, [Affine(F(-1), (F(1), F(1)))], [])  # z0 + z1 = 1
    assert not feasible(0, [Affine(F(1), ())], [])
