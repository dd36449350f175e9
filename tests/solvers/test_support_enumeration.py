"""Support enumeration for games with three (or two) players.

Expected values come from the papers cited next to each game; the differential tests compare
with Gambit (``enumpure``, ``enumpoly``) and with our exact two-player vertex enumeration.
"""

from __future__ import annotations

import math
import subprocess
import sys
from fractions import Fraction
from itertools import product

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from negotiation import solve
from negotiation.deviation import expected_payoffs, is_equilibrium
from negotiation.game import Game
from negotiation.nfg import parse_nfg
from negotiation.solvers.support_enumeration import mixed_equilibria
from negotiation.solvers.vertex_enumeration import extreme_equilibria


def _exact(profile) -> bool:
    return all(isinstance(p, Fraction) for mixed in profile for p in mixed)


def _as_text(profile) -> list[list[str]]:
    return [[str(p) for p in mixed] for mixed in profile]


def _mckelvey_mclennan() -> Game:
    """The 2x2x2 game of McKelvey and McLennan (Handbook of Computational Economics vol. 1,
    1996, section 6), with the maximal nine equilibria, two totally mixed; Gambit ships it as
    ``contrib/games/2x2x2.nfg``.  Payoffs not listed are zero."""
    payoffs = np.zeros((3, 2, 2, 2), dtype=int)
    listed = {
        (0, 0, 0): (9, 8, 12),
        (1, 1, 0): (9, 8, 2),
        (1, 0, 1): (3, 4, 6),
        (0, 1, 1): (3, 4, 6),
    }
    for cell, values in listed.items():
        for player, value in enumerate(values):
            payoffs[player][cell] = value
    return Game(list(payoffs), title="McKelvey-McLennan 2x2x2")


def _jordan() -> Game:
    """Jordan's three-player matching pennies (Games and Economic Behavior 5, 1993)."""
    first, second, third = np.indices((2, 2, 2))
    return Game([(first == second) * 1, (second == third) * 1, (third != first) * 1])


def test_mckelvey_mclennan_nine_equilibria() -> None:
    result = mixed_equilibria(_mckelvey_mclennan())
    # The nine equilibria as Gambit's enumpoly lists them (gambit issue 474), exact here.
    expected = [
        [["1", "0"], ["1", "0"], ["1", "0"]],
        [["1", "0"], ["0", "1"], ["0", "1"]],
        [["0", "1"], ["1", "0"], ["0", "1"]],
        [["0", "1"], ["0", "1"], ["1", "0"]],
        [["1/2", "1/2"], ["1/2", "1/2"], ["1", "0"]],
        [["1/3", "2/3"], ["1", "0"], ["1/4", "3/4"]],
        [["0", "1"], ["1/4", "3/4"], ["1/3", "2/3"]],
        [["2/5", "3/5"], ["1/2", "1/2"], ["1/3", "2/3"]],
        [["1/2", "1/2"], ["2/5", "3/5"], ["1/4", "3/4"]],
    ]
    assert sorted(map(_as_text, result.profiles)) == sorted(expected)
    assert all(_exact(profile) for profile in result.profiles)
    assert (result.degenerate, result.complete) == (False, True)


def test_jordan_unique_fully_mixed() -> None:
    result = mixed_equilibria(_jordan())
    half = (Fraction(1, 2), Fraction(1, 2))
    assert result.profiles == ((half, half, half),)
    assert (result.degenerate, result.complete) == (False, True)


@pytest.mark.oracle
def test_nau_irrational_unique_equilibrium() -> None:
    """Nau, Gomez Canovas and Hansen, "On the geometry of Nash equilibria and correlated
    equilibria", IJGT 32 (2004), section 4: a unique equilibrium, irrational.

    Indifference of the three players, with x, y, z the probabilities of Top, Left and 1, reads
    yz + 3y + z = 2, xz - 4x - 2z = -3, -xy + 3x + 3y = 3; the root in the unit cube is
    x = (53 - sqrt 601) / 46, y = (sqrt 601 - 13) / 24, z = (sqrt 601 - 23) / 4.
    """
    pygambit = pytest.importorskip("pygambit")
    game = Game(pygambit.catalog.load("journals/ijgt/nau2004/sec4").to_arrays())
    result = mixed_equilibria(game)
    root = math.sqrt(601)
    x, y, z = (53 - root) / 46, (root - 13) / 24, (root - 23) / 4
    assert len(result.profiles) == 1
    (profile,) = result.profiles
    assert all(type(p) is float for mixed in profile for p in mixed)
    expected = ((x, 1 - x), (y, 1 - y), (z, 1 - z))
    assert np.allclose(profile, expected, rtol=0, atol=1e-14)
    assert (result.degenerate, result.complete) == (False, True)


@pytest.mark.oracle
def test_nau_continuum_is_reported_incomplete() -> None:
    """Nau et al. (2004), section 5: a continuum of completely mixed equilibria, which cannot be
    listed.  The three pure equilibria are found (Gambit's enumpoly lists these three only), and
    also the other end of each segment where Player 3 alone mixes: its probability of "1" falls
    from 1 to 1/4, where another player's deviation starts to pay (checked exactly below).
    The completely mixed continuum makes the list incomplete, and not only vertices."""
    pygambit = pytest.importorskip("pygambit")
    game = Game(pygambit.catalog.load("journals/ijgt/nau2004/sec5").to_arrays())
    result = mixed_equilibria(game)
    found = list(map(_as_text, result.profiles))
    for pure in [
        [["0", "1"], ["0", "1"], ["0", "1"]],
        [["0", "1"], ["1", "0"], ["1", "0"]],
        [["1", "0"], ["0", "1"], ["1", "0"]],
    ]:
        assert pure in found
    assert len(found) == 5
    assert [["0", "1"], ["1", "0"], ["1/4", "3/4"]] in found
    assert all(is_equilibrium(game, profile) for profile in result.profiles)
    assert (result.degenerate, result.complete, result.vertices) == (True, False, False)


def test_continuum_along_one_players_mix_gives_its_endpoints() -> None:
    """Column's payoff is constant, so it never minds; Row is indifferent exactly when Column
    mixes 1/2-1/2, and then any Row mix is an equilibrium: a segment ((p, 1 - p), (1/2, 1/2))
    along which only Row's mix varies.  Its endpoints p = 0 and p = 1 are listed, not a point
    inside it, and nothing is missing."""
    game = Game([[[1, 0], [0, 1]], [[0, 0], [0, 0]]])
    result = mixed_equilibria(game)
    half = (Fraction(1, 2), Fraction(1, 2))
    assert ((Fraction(1), Fraction(0)), half) in result.profiles
    assert ((Fraction(0), Fraction(1)), half) in result.profiles
    assert ((half, half)) not in result.profiles
    assert all(is_equilibrium(game, profile) for profile in result.profiles)
    assert (result.degenerate, result.complete, result.vertices) == (True, True, True)


def test_continuum_where_both_mixes_vary_gives_an_interior_point() -> None:
    """In a game of zeros every profile is an equilibrium: a square along which both mixes
    vary.  The exact linear program gives its centre, the point furthest from the boundary;
    the result says that this is a point, not a vertex, and that the list is incomplete."""
    game = Game([[[0, 0], [0, 0]], [[0, 0], [0, 0]]])
    result = mixed_equilibria(game)
    half = (Fraction(1, 2), Fraction(1, 2))
    assert (half, half) in result.profiles
    assert (result.degenerate, result.complete, result.vertices) == (True, False, False)


def test_tie_at_pure_equilibrium_is_degenerate() -> None:
    # Player 3 is indifferent between its strategies at the pure equilibrium (0, 0, 0).
    payoffs = [np.full((2, 2, 2), 0), np.full((2, 2, 2), 0), np.full((2, 2, 2), 0)]
    payoffs[0][0, :, :] = 1
    payoffs[1][:, 0, :] = 1
    result = mixed_equilibria(Game(payoffs))
    assert ((1, 0), (1, 0), (1, 0)) in result.profiles
    assert result.degenerate


def _small_games(shape: tuple[int, ...], high: int) -> st.SearchStrategy[Game]:
    payoff = arrays(np.int64, shape, elements=st.integers(-high, high))
    return st.lists(payoff, min_size=len(shape), max_size=len(shape)).map(Game)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(game=st.one_of(_small_games((2, 2, 2), 3), _small_games((2, 2, 3), 3)))
def test_every_profile_is_an_equilibrium(game: Game) -> None:
    """Small payoff ranges make ties, continua and the linear-program path common."""
    for profile in mixed_equilibria(game).profiles:
        assert is_equilibrium(game, profile, tol=0 if _exact(profile) else 1e-9)


@settings(max_examples=60, deadline=None)
@given(
    game=st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
        lambda shape: _small_games(shape, 1000)
    )
)
def test_two_players_match_vertex_enumeration(game: Game) -> None:
    """On nondegenerate bimatrix games both methods list every equilibrium, exactly."""
    pairs, degenerate = extreme_equilibria(*game.payoffs)
    result = mixed_equilibria(game)
    if degenerate:
        for profile in result.profiles:
            assert is_equilibrium(game, profile)
        return
    assert sorted(result.profiles) == sorted(tuple(map(tuple, pair)) for pair in pairs)
    assert (result.degenerate, result.complete) == (False, True)


def _random_game(shape: tuple[int, ...], seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.integers(-1000, 1000, shape) for _ in shape]


@pytest.mark.oracle
@pytest.mark.parametrize("shape", [(2, 2, 2), (2, 2, 3), (3, 3, 2), (2, 2, 2, 2)], ids=str)
@pytest.mark.parametrize("seed", range(4))
def test_pure_equilibria_match_enumpure(shape: tuple[int, ...], seed: int) -> None:
    pygambit = pytest.importorskip("pygambit")
    payoffs = _random_game(shape, seed)
    gambit_game = pygambit.Game.from_arrays(*payoffs)
    theirs = {
        tuple(
            tuple(Fraction(profile[s]) for s in player.strategies)
            for player in gambit_game.players
        )
        for profile in pygambit.nash.enumpure_solve(gambit_game).equilibria
    }
    ours = mixed_equilibria(Game(payoffs)).profiles
    pure = {profile for profile in ours if all(p in (0, 1) for mixed in profile for p in mixed)}
    assert pure == theirs


@pytest.mark.oracle
@pytest.mark.parametrize(
    ("shape", "seed"),
    # Seeds whose games have mixed equilibria, irrational ones among them.
    [((2, 2, 2), seed) for seed in (11, 17, 31, 43)]
    + [((2, 2, 3), seed) for seed in (4, 40, 51, 55)]
    + [((3, 3, 2), seed) for seed in (0, 2)]
    + [((2, 2, 2, 2), seed) for seed in (0, 1)]
    + [((3, 3, 3), 0)]
    # Large enough that most supports go to subdivision (`box_roots`).
    + [((4, 4, 4), 1), ((3, 3, 3, 3), 1)],
    ids=str,
)
def test_mixed_equilibria_match_enumpoly(shape: tuple[int, ...], seed: int) -> None:
    """Gambit 16.7's enumpoly finds equilibria numerically and misses some (for instance a
    totally mixed one of the McKelvey-McLennan game on some machines, gambit issues 474 and
    591; it misses some of these too: all three of the 2x2x2x2 game of seed 1, irrational).
    So: each of its equilibria must be one of ours, and each of ours must have zero regret,
    exactly when rational and by Gambit's own measure when not."""
    pygambit = pytest.importorskip("pygambit")
    payoffs = _random_game(shape, seed)
    gambit_game = pygambit.Game.from_arrays(*payoffs)
    result = mixed_equilibria(Game(payoffs))
    assert (result.degenerate, result.complete) == (False, True)
    ours = [
        np.array([float(p) for mixed in profile for p in mixed]) for profile in result.profiles
    ]
    for equilibrium in pygambit.nash.enumpoly_solve(gambit_game, use_strategic=True).equilibria:
        theirs = np.array([float(equilibrium[s]) for s in gambit_game.strategies])
        assert any(np.allclose(theirs, mine, rtol=0, atol=1e-6) for mine in ours)
    for profile in result.profiles:
        if _exact(profile):
            assert is_equilibrium(Game(payoffs), profile, tol=0)
        check = gambit_game.mixed_strategy_profile(rational=False)
        for player, mixed in zip(gambit_game.players, profile, strict=True):
            for strategy, p in zip(player.strategies, mixed, strict=True):
                check[strategy] = float(p)
        assert check.max_regret() <= 1e-9


def test_irrational_equilibria_are_floats_and_rational_ones_fractions() -> None:
    # This random game has six rational equilibria and one irrational.
    result = mixed_equilibria(Game(_random_game((2, 2, 2), 31)))
    kinds = {_exact(profile) for profile in result.profiles}
    assert kinds == {True, False}
    for profile in result.profiles:
        if not _exact(profile):
            assert all(type(p) is float for mixed in profile for p in mixed)


def test_float_payoffs_are_taken_exactly() -> None:
    exact = _mckelvey_mclennan()
    floats = Game([payoff.astype(float) for payoff in exact.payoffs])
    assert mixed_equilibria(floats).profiles == mixed_equilibria(exact).profiles


def test_solve_uses_support_enumeration_for_three_players() -> None:
    result = solve(_jordan())
    assert result.method == "support_enumeration"
    assert [eq.profile for eq in result.equilibria] == [((Fraction(1, 2),) * 2,) * 3]
    assert result.equilibria[0].payoffs == (Fraction(1, 2),) * 3


def test_import_does_not_load_sympy() -> None:
    code = (
        "import sys, negotiation.solvers.support_enumeration, negotiation.dominance; "
        "print('sympy' in sys.modules, 'mpmath' in sys.modules)"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.split() == ["False", "False"]


def test_linear_form_fallback_gives_the_same_equilibria(monkeypatch: pytest.MonkeyPatch) -> None:
    """When two solutions of a support share their last coordinate the lex basis is not in
    shape position and a linear form of the unknowns is solved for instead.  Generic games
    never need it, so it is forced here for every support."""
    from negotiation.solvers import support_enumeration

    shape_points = support_enumeration._shape_points

    def without_last_coordinate(basis, polynomial_ring, in_unit_interval):
        if in_unit_interval:
            return None
        return shape_points(basis, polynomial_ring, in_unit_interval)

    games = [_mckelvey_mclennan(), Game(_random_game((2, 2, 2), 31))]  # rational; irrational
    expected = [sorted(mixed_equilibria(game).profiles, key=_floats) for game in games]
    monkeypatch.setattr(support_enumeration, "_shape_points", without_last_coordinate)
    for game, before in zip(games, expected, strict=True):
        after = sorted(mixed_equilibria(game).profiles, key=_floats)
        assert [_exact(profile) for profile in after] == [_exact(profile) for profile in before]
        assert np.allclose(list(map(_floats, after)), list(map(_floats, before)), atol=1e-12)


def _floats(profile) -> list[float]:
    return [float(p) for mixed in profile for p in mixed]


@pytest.mark.parametrize(("shape", "mixed"), [((3, 3, 3), True), ((4, 4, 5), False)])
def test_solve_keeps_support_enumeration_to_games_it_finishes(shape, mixed) -> None:
    """A 3x3x3 game gets mixed equilibria; a 4x4x5 one (half a minute, 5x5x5 minutes) its
    pure ones, with the list marked incomplete, rather than a command that seems to hang."""
    payoffs = _random_game(shape, 0)
    result = solve(Game(payoffs))
    pure = solve(Game(payoffs), method="pure").equilibria
    assert [eq for eq in result.equilibria if eq.pure] == list(pure)
    if mixed:
        assert result.method == "support_enumeration"
        assert any(not eq.pure for eq in result.equilibria)
    else:
        assert (result.method, result.complete) == ("pure", False)
        assert result.equilibria == pure


def test_named_support_enumeration_runs_beyond_the_automatic_bound() -> None:
    """``method="support_enumeration"`` is the user's choice: it runs on a game that ``auto``
    answers with pure equilibria only (a 2x2x11 game: 12 unknowns, over the bound, and quick,
    as at most 2 + 2 strategies can be mixed against each other)."""
    payoffs = _random_game((2, 2, 11), 3)
    named = solve(Game(payoffs), method="support_enumeration")
    assert named.method == "support_enumeration"
    assert named.complete
    assert solve(Game(payoffs)).method == "pure"


def test_progress_counts_every_support_profile_solved() -> None:
    """``solve(progress=...)`` hears of each support profile conditional dominance leaves,
    once, and the answer is the one given without it."""
    from negotiation.solvers import support_enumeration

    game = Game(_random_game((3, 3, 3), 0))
    exact = game.exact_payoffs()
    comparisons = support_enumeration._comparisons(exact)
    left = sum(
        1
        for supports in product(*(support_enumeration._subsets(3) for _ in range(3)))
        if any(len(support) > 1 for support in supports)
        and support_enumeration._may_be_best_responses(comparisons, supports)
    )
    calls: list[int] = []
    result = solve(game, progress=calls.append)
    assert set(calls) == {1}
    assert len(calls) == left
    assert result.equilibria == solve(game).equilibria


def test_irrational_equilibrium_payoff_zero_is_exactly_zero() -> None:
    """Nau et al. (2004), section 4, with Player 1's payoffs replaced by 5/3 g for Top and
    2/3 g for Bottom, g being Player 1's original gain of Top over Bottom: the difference is g
    again, so the irrational equilibrium stays, and Player 1's payoff there is (2/3 + x) g = 0
    exactly, since g = 0 is Player 1's indifference.  Float arithmetic on the float profile
    gives -1.37e-16; the payoff computed in the algebraic numbers is 0, and the other payoffs
    agree with a 60-digit evaluation."""
    text = (
        'NFG 1 R "t" { "1" "2" "3" } { 2 2 2 }\n'
        "5 0 2  2 1 0  -5/3 2 0  -2/3 0 0  5/3 0 0  2/3 3 0  -10/3 1 0  -4/3 0 3\n"
    )
    game = parse_nfg(text)
    (equilibrium,) = solve(game).equilibria
    assert equilibrium.payoffs[0] == 0.0
    assert expected_payoffs(game, equilibrium.profile)[0] != 0.0  # the noise avoided
    root = math.sqrt(601)
    y, z = (root - 13) / 24, (root - 23) / 4
    # Player 3's payoff: 2 at (Top, Left, 1) and 3 at (Bottom, Right, 2).
    x = (53 - root) / 46
    assert equilibrium.payoffs[2] == pytest.approx(2 * x * y * z + 3 * (1 - x) * (1 - y) * (1 - z))


def _unpruned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every support profile solved: neither dominance nor the belief program discards any."""
    from negotiation.solvers import support_enumeration

    monkeypatch.setattr(support_enumeration, "_may_be_best_responses", lambda *_: True)
    monkeypatch.setattr(support_enumeration, "_belief_exists", lambda *_: True)


def _everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """The belief program run on every support profile, not only on those of six unknowns or
    more (which small games never reach)."""
    from negotiation.solvers import support_enumeration

    monkeypatch.setattr(support_enumeration, "_BELIEFS_FROM", 0)


def _sorted_floats(result) -> list[list[float]]:
    return sorted(_floats(profile) for profile in result.profiles)


@pytest.mark.parametrize(
    ("shape", "seed"),
    [((2, 2, 2), 31), ((2, 2, 3), 40), ((3, 3, 2), 0), ((3, 3, 2), 2)],
    ids=str,
)
def test_pruning_never_discards_an_equilibrium(
    shape: tuple[int, ...], seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The supports discarded by conditional dominance and by the belief program hold no
    equilibrium: pruned and unpruned enumerations list the same equilibria, exactly."""
    game = Game(_random_game(shape, seed))
    with monkeypatch.context() as patch:
        _everywhere(patch)
        pruned = mixed_equilibria(game)
    with monkeypatch.context() as patch:
        _unpruned(patch)
        unpruned = mixed_equilibria(game)
    assert any(not all(p in (0, 1) for mixed in q for p in mixed) for q in pruned.profiles)
    assert _sorted_floats(pruned) == _sorted_floats(unpruned)
    assert (pruned.degenerate, pruned.complete) == (unpruned.degenerate, unpruned.complete)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(game=_small_games((2, 2, 2), 2))
def test_pruning_keeps_every_equilibrium_of_degenerate_games(game: Game) -> None:
    """With payoffs in [-2, 2] ties and continua are common; the pruned enumeration still lists
    what the unpruned one does."""
    with pytest.MonkeyPatch.context() as patch:
        _everywhere(patch)
        pruned = mixed_equilibria(game)
    with pytest.MonkeyPatch.context() as patch:
        _unpruned(patch)
        unpruned = mixed_equilibria(game)
    assert _sorted_floats(pruned) == _sorted_floats(unpruned)


def test_irrational_payoffs_of_four_players_match_the_profiles() -> None:
    """The exact payoffs of irrational equilibria (the payoff table contracted with one
    player's mix at a time, in the number field) agree with float arithmetic on the profile:
    the 2x2x2x2 game of seed 1 has three irrational equilibria."""
    game = Game(_random_game((2, 2, 2, 2), 1))
    result = mixed_equilibria(game)
    checked = 0
    for profile, payoffs in zip(result.profiles, result.payoffs, strict=True):
        if payoffs is None:
            continue
        expected = expected_payoffs(game, profile)
        assert np.allclose([float(v) for v in payoffs], expected, rtol=1e-9, atol=1e-9)
        checked += 1
    assert checked == 3
