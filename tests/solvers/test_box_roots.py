"""Subdivision with Krawczyk's test (`box_roots`) against exact elimination, on systems whose
solutions are known exactly, and on the cases where it must decline to answer."""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from itertools import product

import mpmath
import numpy as np
import pytest

from negotiation.game import Game
from negotiation.solvers import support_enumeration
from negotiation.solvers.box_roots import MultilinearSystem, real_solutions


def _random_payoffs(shape: tuple[int, ...], seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.integers(-1000, 1000, shape) for _ in shape]


def _system(payoffs: list[np.ndarray], supports: list[tuple[int, ...]]) -> tuple:
    exact = Game(payoffs).exact_payoffs()
    ring, equations = support_enumeration._equations(exact, supports)
    return exact, ring, equations


@pytest.mark.parametrize(("shape", "seed"), [((2, 2, 2, 2), seed) for seed in range(8)])
def test_solutions_match_a_groebner_basis(
    shape: tuple[int, ...], seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The support where all four players mix two strategies: the solutions in the
    probability box are those of the exact lex Groebner basis (shape lemma), to 1e-12, and
    every equation vanishes at them to 1e-40 of its coefficients."""
    payoffs = _random_payoffs(shape, seed)
    supports = [(0, 1)] * 4
    exact, ring, equations = _system(payoffs, supports)
    boxes = real_solutions(support_enumeration._multilinear(ring, equations, supports))
    assert boxes is not None
    monkeypatch.setattr(support_enumeration, "_BOXES_FROM", 99)
    with mpmath.workdps(60):  # as `mixed_equilibria` solves
        exact_points = support_enumeration._solve_support(exact, supports)
    assert exact_points is not None

    def inside(point) -> bool:
        return all(-1e-9 < float(value) < 1 + 1e-9 for value in point)

    ours = sorted(tuple(float(v) for v in point) for point in boxes if inside(point))
    theirs = sorted(tuple(float(v) for v in point) for point in exact_points if inside(point))
    assert len(ours) == len(theirs)
    for mine, other in zip(ours, theirs, strict=True):
        assert np.allclose(mine, other, rtol=0, atol=1e-12)
    for point in boxes:  # at 60 digits, every equation vanishes
        for equation in equations:
            with mpmath.workdps(60):
                value = sum(
                    float(coefficient) * np.prod([point[k] for k, e in enumerate(monomial) if e])
                    for monomial, coefficient in equation.terms()
                )
            assert abs(value) < 1e-40 * sum(abs(float(c)) for c in equation.coeffs())


def _with_root(root: list[Fraction], seed: int) -> MultilinearSystem:
    """A square multilinear system through ``root``: a random linear part plus products of
    two shifted unknowns, each vanishing there."""
    rng = np.random.default_rng(seed)
    size = len(root)
    terms = []
    for _ in range(size):
        equation: defaultdict[tuple[int, ...], Fraction] = defaultdict(Fraction)
        for k in range(size):
            a = Fraction(int(rng.integers(-9, 10)))
            equation[(k,)] += a
            equation[()] -= a * root[k]
        j, k = sorted(rng.choice(size, 2, replace=False).tolist())
        b = Fraction(int(rng.integers(1, 10)))  # b (x_j - r_j)(x_k - r_k)
        equation[(j, k)] += b
        equation[(j,)] -= b * root[k]
        equation[(k,)] -= b * root[j]
        equation[()] += b * root[j] * root[k]
        terms.append({m: v for m, v in equation.items() if v})
    return MultilinearSystem(terms, size, [[k] for k in range(size)])


@pytest.mark.parametrize("seed", range(5))
def test_rational_root_is_found_exactly(seed: int) -> None:
    root = [Fraction(1, 3), Fraction(2, 7), Fraction(5, 11), Fraction(3, 4), Fraction(1, 10)]
    found = real_solutions(_with_root(root, seed))
    assert found is not None
    assert tuple(root) in found
    assert all(isinstance(value, Fraction) for value in next(p for p in found if p == tuple(root)))


def test_no_solution_in_the_box_gives_an_empty_list() -> None:
    # x0 + x1 = 3 has no solution with both in [0, 1]; x0 - x1 = 0 alone would have many.
    terms = [
        {(0,): Fraction(1), (1,): Fraction(1), (): Fraction(-3)},
        {(0,): Fraction(1), (1,): Fraction(-1)},
    ]
    assert real_solutions(MultilinearSystem(terms, 2, [[0], [1]])) == []


def test_a_continuum_is_declined() -> None:
    """The same equation twice: a segment of solutions, which no box isolates."""
    equation = {(0,): Fraction(1), (1,): Fraction(-1)}
    assert real_solutions(MultilinearSystem([equation, dict(equation)], 2, [[0], [1]])) is None


def test_a_double_root_is_declined() -> None:
    """x0 x1 - x0 - x1 + 1 = (x0 - 1)(x1 - 1) twice over, with x0 - x1: a singular solution
    at (1, 1), where Krawczyk's test cannot succeed."""
    product_terms = {(0, 1): Fraction(1), (0,): Fraction(-1), (1,): Fraction(-1), (): Fraction(1)}
    difference = {(0,): Fraction(1), (1,): Fraction(-1)}
    assert real_solutions(MultilinearSystem([product_terms, difference], 2, [[0], [1]])) is None


def test_probabilities_beyond_one_are_cut_away() -> None:
    """The root (0.6, 0.6) of x0 = 0.6, x1 = 0.6 is no pair of probabilities of one player
    (they sum to 1.2); as two players' it is."""
    terms = [{(0,): Fraction(1), (): Fraction(-3, 5)}, {(1,): Fraction(1), (): Fraction(-3, 5)}]
    assert real_solutions(MultilinearSystem(terms, 2, [[0, 1]])) == []
    assert real_solutions(MultilinearSystem(terms, 2, [[0], [1]])) == [
        (Fraction(3, 5), Fraction(3, 5))
    ]


def test_contraction_keeps_every_solution_of_its_box() -> None:
    """Contraction cuts a box to where each equation may vanish: on a grid of boxes over
    random systems, every box holding a solution (found by the whole method) keeps it."""
    for seed in range(4):
        payoffs = _random_payoffs((2, 2, 2, 2), 100 + seed)
        supports = [(0, 1)] * 4
        _, ring, equations = _system(payoffs, supports)
        system = support_enumeration._multilinear(ring, equations, supports)
        solutions = real_solutions(system)
        assert solutions is not None
        edges = np.linspace(-1e-6, 1 + 1e-6, 4)
        lows = np.array(list(product(edges[:-1], repeat=4)))
        highs = lows + (edges[1] - edges[0])
        starts, ends, possible = system.contract(lows, highs)
        for point in solutions:
            x = np.array([float(v) for v in point])
            holding = np.all((lows <= x) & (x <= highs), axis=1)
            assert np.all(possible[holding])
            assert np.all((starts[holding] <= x) & (x <= ends[holding]))
