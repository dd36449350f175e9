"""Two-player games: every extreme equilibrium, exactly, compared with textbooks and Gambit."""

from __future__ import annotations

from fractions import Fraction as F
from itertools import combinations

import numpy as np
import pytest
from games import bimatrix, games, random_game
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import enummixed, profile_key

from negotiation.deviation import is_equilibrium
from negotiation.game import Game
from negotiation.linear import solve_integer
from negotiation.solvers import solve, vertex_enumeration
from negotiation.solvers.vertex_enumeration import (
    _leaving_rows,
    _lexicographic_bases,
    _lexicographic_ratio_test,
    extreme_equilibria,
    polytope_vertices,
    walk_vertices,
)

TEXTBOOK = [
    # Matching pennies: the unique equilibrium mixes 1/2-1/2 (Osborne 2004, sec. 4.1).
    pytest.param(
        bimatrix([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]),
        {((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))},
        False,
        id="matching_pennies",
    ),
    # Battle of the sexes: two pure equilibria and a mixed one (2/3, 1/3), (1/3, 2/3)
    # (Osborne 2004, example 114.1, by the indifference conditions).
    pytest.param(
        bimatrix([[2, 0], [0, 1]], [[1, 0], [0, 2]]),
        {
            ((F(1), F(0)), (F(1), F(0))),
            ((F(0), F(1)), (F(0), F(1))),
            ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))),
        },
        False,
        id="battle_of_the_sexes",
    ),
    # Prisoner's dilemma: defect-defect only.
    pytest.param(
        bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]),
        {((F(0), F(1)), (F(0), F(1)))},
        False,
        id="prisoners_dilemma",
    ),
    # Rock-paper-scissors: uniform play only.
    pytest.param(
        bimatrix([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]]),
        {((F(1, 3),) * 3, (F(1, 3),) * 3)},
        False,
        id="rock_paper_scissors",
    ),
    # A game where everything ties: every pure profile is an extreme equilibrium, and the
    # components are the whole strategy space (degenerate).
    pytest.param(
        bimatrix([[0, 0], [0, 0]], [[0, 0], [0, 0]]),
        {
            ((F(1), F(0)), (F(1), F(0))),
            ((F(1), F(0)), (F(0), F(1))),
            ((F(0), F(1)), (F(1), F(0))),
            ((F(0), F(1)), (F(0), F(1))),
        },
        True,
        id="all_ties",
    ),
    # Entry deterrence in normal form (Selten's chain store stage game): the column player
    # (incumbent) is indifferent between Fight and Accommodate if the entrant stays out, so
    # (Out, Fight) extends to a continuum: Out with any mix putting >= 1/2 on Fight.
    # Rows: In, Out; columns: Fight, Accommodate.  Payoffs (entrant, incumbent):
    # In/Fight (-1, -1), In/Accommodate (1, 1), Out (0, 2).
    pytest.param(
        bimatrix([[-1, 1], [0, 0]], [[-1, 1], [2, 2]]),
        {
            ((F(1), F(0)), (F(0), F(1))),
            ((F(0), F(1)), (F(1), F(0))),
            ((F(0), F(1)), (F(1, 2), F(1, 2))),
        },
        True,
        id="entry_deterrence",
    ),
]


@pytest.mark.parametrize(("game", "expected", "degenerate"), TEXTBOOK)
def test_textbook_equilibria(game: Game, expected: set, degenerate: bool) -> None:
    result = solve(game)
    assert {profile_key(eq.profile) for eq in result.equilibria} == expected
    assert result.degenerate is degenerate
    assert result.exact


@pytest.mark.parametrize("game", [p.values[0] for p in TEXTBOOK], ids=[p.id for p in TEXTBOOK])
@pytest.mark.oracle
def test_textbook_agrees_with_gambit(game: Game) -> None:
    assert {profile_key(eq.profile) for eq in solve(game).equilibria} == enummixed(game)


@pytest.mark.oracle
@pytest.mark.parametrize(
    "shape", [(1, 3), (3, 1), (2, 2), (2, 3), (3, 2), (3, 3), (3, 4), (4, 4), (2, 5)]
)
@pytest.mark.parametrize("seed", range(12))
def test_random_games_agree_with_gambit(shape: tuple[int, int], seed: int) -> None:
    # Payoffs in -2..2: about half of these games are degenerate.
    game = random_game(seed * 97 + shape[0] * 10 + shape[1], shape, -2, 2)
    assert {profile_key(eq.profile) for eq in solve(game).equilibria} == enummixed(game)


@pytest.mark.oracle
@pytest.mark.parametrize("seed", range(4))
def test_larger_random_games_agree_with_gambit(seed: int) -> None:
    game = random_game(1000 + seed, (5, 5), -9, 9)
    assert {profile_key(eq.profile) for eq in solve(game).equilibria} == enummixed(game)


@pytest.mark.oracle
@pytest.mark.parametrize(("low", "high"), [(-9, 9), (-1, 1)])
def test_the_second_process_walks_to_the_same_equilibria(
    monkeypatch: pytest.MonkeyPatch, low: int, high: int
) -> None:
    """Q walked in a forked process (as for games of 11x11 and more, here forced on a 6x6
    one) gives Gambit's equilibria and the same degeneracy as one process."""
    game = random_game(77 + high, (6, 6), low, high)
    alone = solve(game)
    monkeypatch.setattr(vertex_enumeration, "MIN_PARALLEL", 0)
    monkeypatch.setattr(
        vertex_enumeration.os, "sched_getaffinity", lambda _: {0, 1}, raising=False
    )
    together = solve(game)
    assert together.degenerate == alone.degenerate
    found = {profile_key(eq.profile) for eq in together.equilibria}
    assert found == {profile_key(eq.profile) for eq in alone.equilibria} == enummixed(game)


def test_numpy_integer_payoffs_are_read_exactly() -> None:
    """int64 arrays, as numpy makes them, give the equilibria of their object copies: the
    integer pivots must not inherit numpy's fixed width (they overflowed on a 7x7 game)."""
    rng = np.random.default_rng(3)
    row, column = (rng.integers(-1000, 1000, (7, 7)) for _ in range(2))
    exact = extreme_equilibria(row.astype(object), column.astype(object))
    assert extreme_equilibria(row, column) == exact


def test_progress_counts_every_basis_walked(monkeypatch: pytest.MonkeyPatch) -> None:
    """``solve(progress=...)`` is told of every basis both walks meet (one process here),
    and the answer is the one given without it."""
    game = random_game(5, (5, 5), -9, 9)
    monkeypatch.setattr(vertex_enumeration, "_REPORT_EVERY", 1)
    calls: list[int] = []
    result = solve(game, progress=calls.append)
    p_matrix, q_matrix = vertex_enumeration._polytope_matrices(*game.payoffs)
    bases = sum(len(list(_lexicographic_bases(matrix))) for matrix in (p_matrix, q_matrix))
    assert set(calls) == {1}
    assert sum(calls) == bases
    assert result.equilibria == solve(game).equilibria


@pytest.mark.oracle
@pytest.mark.parametrize(
    "rows",
    [
        pytest.param([[1, 1], [1, 1], [0, 2]], id="repeated_rows"),
        pytest.param([[2, 0, 1], [2, 0, 1], [1, 1, 1]], id="repeated_and_constant_rows"),
        pytest.param([[1, 1, 1], [1, 1, 1], [1, 1, 1]], id="constant"),
    ],
)
def test_degenerate_games_agree_with_gambit(rows: list) -> None:
    game = bimatrix(rows, [list(reversed(row)) for row in rows])
    result = solve(game)
    assert result.degenerate
    assert {profile_key(eq.profile) for eq in result.equilibria} == enummixed(game)


@pytest.mark.oracle
@pytest.mark.parametrize(
    ("shape", "low", "high"),
    [((6, 6), -9, 9), ((7, 7), -9, 9), ((6, 7), -1, 1), ((7, 6), 0, 2)],
)
@pytest.mark.parametrize("seed", range(2))
def test_games_of_six_and_seven_strategies_agree_with_gambit(
    shape: tuple[int, int], low: int, high: int, seed: int
) -> None:
    """Sizes where the old subset enumeration was slower than Gambit; payoffs in -1..1 or
    0..2 make the polytopes degenerate (vertices with more labels than dimensions)."""
    game = random_game(2000 + seed * 31 + shape[0], shape, low, high)
    assert {profile_key(eq.profile) for eq in solve(game).equilibria} == enummixed(game)


@pytest.mark.oracle
@pytest.mark.parametrize(
    ("shape", "low", "high"),
    [
        pytest.param((8, 8), -99, 99, id="8x8-random"),
        pytest.param((8, 8), -1, 1, id="8x8-degenerate"),
    ],
)
def test_games_of_eight_strategies_agree_with_gambit(
    shape: tuple[int, int], low: int, high: int
) -> None:
    """A size where the walk pivots its bases in batches, some with tied ratios (payoffs in
    -1..1: degenerate polytopes), and Gambit still takes seconds, not minutes."""
    game = random_game(3000 + shape[0] + high, shape, low, high)
    assert {profile_key(eq.profile) for eq in solve(game).equilibria} == enummixed(game)


def _near_tied_dictionary(draw: st.DrawFn) -> np.ndarray:
    """An integer dictionary (right-hand sides >= 0) whose ratios tie exactly, or differ in
    about the 20th digit, where floats cannot tell them apart."""
    rows_count = draw(st.integers(1, 5))
    columns = draw(st.integers(1, 4))
    scale = draw(st.sampled_from([1, 10**20, 10**200]))  # 10**200: beyond the float check
    entry = st.integers(-3, 3)
    dictionary = np.zeros((rows_count, 1 + columns), dtype=object)
    for row in range(rows_count):
        dictionary[row, 0] = draw(st.integers(0, 3)) * scale + draw(st.integers(-1, 1))
        dictionary[row, 0] = max(dictionary[row, 0], 0)
        for column in range(1, 1 + columns):
            dictionary[row, column] = draw(entry) * scale + draw(st.integers(-1, 1))
    return dictionary


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_leaving_rows_screened_in_floats_are_the_exact_ones(data: st.DataObject) -> None:
    """The batched ratio test (floats first, exact comparison among near-ties) against the
    definition: every row compared exactly, ties broken by the given starting columns."""
    batch = [_near_tied_dictionary(data.draw) for _ in range(data.draw(st.integers(1, 3)))]
    shape = batch[0].shape
    batch = [d for d in batch if d.shape == shape]
    rows_count = shape[0]
    orders = [
        np.array(
            [
                [data.draw(st.integers(-2, 2)) for _ in range(rows_count)]
                for _ in range(rows_count)
            ],
            dtype=object,
        )
        for _ in batch
    ]
    stacked = np.stack(batch)
    found = _leaving_rows(stacked, lambda at: orders[at])
    for dictionary, ties, leaving in zip(batch, orders, found, strict=True):
        expected = [
            _lexicographic_ratio_test(dictionary, column, range(rows_count), ties)
            for column in range(1, shape[1])
        ]
        assert leaving == expected


@pytest.mark.parametrize("shape", [(1, 1), (1, 4), (3, 2), (3, 3), (4, 5), (5, 5)])
@pytest.mark.parametrize("high", [2, 9])
@pytest.mark.parametrize("seed", range(5))
def test_walking_the_polytope_meets_every_vertex_the_subsets_define(
    shape: tuple[int, int], high: int, seed: int
) -> None:
    """The walk over lexicographically feasible bases against the definition: every subset
    of tight inequalities solved (`polytope_vertices`).  Entries in 1..2 make many vertices
    degenerate, where the walk must pass through several bases of one vertex."""
    rng = np.random.default_rng(seed * 7 + high + 100 * shape[0] + shape[1])
    matrix = rng.integers(1, high + 1, size=shape).tolist()
    rows_count, dimension = shape
    one, zero = F(1), F(0)
    rows = [[-one if k == j else zero for k in range(dimension)] for j in range(dimension)]
    rows += [[F(value) for value in row] for row in matrix]
    bounds = [zero] * dimension + [one] * rows_count
    expected = {(v.point, v.labels) for v in polytope_vertices(rows, bounds, dimension)}
    walked = walk_vertices(matrix)
    assert {(v.point, v.labels) for v in walked} == expected
    assert len(walked) == len(expected)  # each vertex once


def _lexicographically_feasible_bases(matrix: list[list[int]]) -> dict[int, int]:
    """The definition, basis by basis: of ``[matrix | I] (z, s) = 1``, every choice of ``k``
    columns that is nonsingular and whose rows of ``B^-1 [1 | I]`` (right-hand side, then the
    starting basis's columns, the slacks) are each lexicographically positive; as bits of
    the basic variables -> labels (the cobasic ones and the basic ones at zero)."""
    rows_count, dimension = len(matrix), len(matrix[0])
    width = dimension + rows_count
    columns = [[row[v] for row in matrix] for v in range(dimension)]
    columns += [[int(r == i) for r in range(rows_count)] for i in range(rows_count)]
    found = {}
    for basis in combinations(range(width), rows_count):
        # B^-1 [1 | I], column by column: solve B u = e for each right-hand side e.
        rights = [[1] * rows_count] + [
            [int(r == i) for r in range(rows_count)] for i in range(rows_count)
        ]
        solutions = []
        for right in rights:
            system = [[columns[v][r] for v in basis] + [right[r]] for r in range(rows_count)]
            solution = solve_integer(system)
            if solution is None:
                break
            solutions.append(solution)
        if len(solutions) < len(rights):
            continue  # singular
        lexicographic = [[solution[r] for solution in solutions] for r in range(rows_count)]
        if all(next(v for v in row if v != 0) > 0 for row in lexicographic):
            key = sum(1 << v for v in basis)
            zero = sum(1 << basis[r] for r in range(rows_count) if lexicographic[r][0] == 0)
            found[key] = ((1 << width) - 1) ^ key | zero
    return found


@pytest.mark.parametrize("shape", [(1, 3), (2, 2), (3, 2), (3, 3), (4, 3), (4, 4)])
@pytest.mark.parametrize("high", [2, 3, 9])
@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("scale", [1, 10**160])
def test_reverse_search_meets_every_lexicographically_feasible_basis_once(
    shape: tuple[int, int], high: int, seed: int, scale: int
) -> None:
    """The reverse-search tree reaches every basis of the perturbed polytope, each once, with
    the labels of its vertex: entries in 1..2 or 1..3 make many bases degenerate, where the
    parent pivot is the subtle part (Bland's rule and the lexicographic ratio test).  Entries
    scaled beyond the float range take the exact path throughout."""
    rng = np.random.default_rng(seed * 11 + high + 100 * shape[0] + shape[1])
    matrix = (rng.integers(1, high + 1, size=shape).astype(object) * scale).tolist()
    met = list(_lexicographic_bases(matrix))
    assert len(met) == len({key for key, _ in met})
    assert dict(met) == _lexicographically_feasible_bases(matrix)


def test_float_payoffs_give_float_equilibria() -> None:
    game = Game([[[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]]])
    result = solve(game)
    assert not result.exact
    mixed = [eq for eq in result.equilibria if not eq.pure][0]
    assert mixed.profile[0] == pytest.approx((2 / 3, 1 / 3))
    assert all(isinstance(p, float) for p in mixed.profile[0])


@pytest.mark.parametrize("seed", range(6))
def test_payoffs_beyond_the_float_range_are_solved_exactly(seed: int) -> None:
    # Scaling one player's payoffs by a positive number changes no best response, so the
    # equilibria must be those of the small game, though the floats that screen subsets
    # cannot hold 10^400 (nor 10^-400, which rounds to zero).
    small = random_game(seed, (3, 3))
    expected = solve(small)
    for scale in (F(10) ** 400, F(1, 10**400)):
        found = solve(Game([small.payoffs[0] * scale, small.payoffs[1]]))
        assert found.exact
        assert found.degenerate == expected.degenerate
        assert {profile_key(eq.profile) for eq in found.equilibria} == {
            profile_key(eq.profile) for eq in expected.equilibria
        }


def test_fraction_payoffs_stay_exact() -> None:
    game = bimatrix([[F(1, 3), 0], [0, F(1, 2)]], [[F(1, 2), 0], [0, F(1, 3)]])
    mixed = [eq for eq in solve(game).equilibria if not eq.pure][0]
    # Row mixes to make the column indifferent: p/2 = (1-p)/3, p = 2/5.
    assert mixed.profile[0] == (F(2, 5), F(3, 5))
    assert mixed.profile[1] == (F(3, 5), F(2, 5))


@settings(max_examples=60, deadline=None)
@given(game=games(players=2, max_strategies=4, low=-3, high=3))
def test_every_profile_is_an_exact_equilibrium(game: Game) -> None:
    result = solve(game)
    assert result.equilibria, "every finite game has an equilibrium (Nash 1951)"
    for equilibrium in result.equilibria:
        for mixed in equilibrium.profile:
            assert all(p >= 0 for p in mixed)
            assert sum(mixed) == 1
        assert is_equilibrium(game, equilibrium.profile)


@settings(max_examples=40, deadline=None)
@given(game=games(players=2, max_strategies=3, low=-2, high=2), data=st.data())
def test_set_does_not_depend_on_strategy_order(game: Game, data: st.DataObject) -> None:
    order = [data.draw(st.permutations(range(count))) for count in game.shape]
    shuffled = game.relabelled(order)

    def by_label(result, source: Game) -> set:
        return {
            tuple(
                frozenset((labels[k], p) for k, p in enumerate(mixed) if p)
                for labels, mixed in zip(source.strategies, eq.profile, strict=True)
            )
            for eq in result.equilibria
        }

    assert by_label(solve(game), game) == by_label(solve(shuffled), shuffled)
