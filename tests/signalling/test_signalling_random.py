"""Completeness on random small signalling games against an independent brute force.

Random 2-type, 2-message, 2-action games with payoffs in -2..2 and priors in {1/4, 1/3, 1/2,
2/3, 3/4}: every mixing probability an isolated equilibrium needs then has a denominator
dividing 24 (the receiver's indifference gives the sender's mix as a ratio of payoff
differences times a prior ratio; the sender's indifference gives the receiver's mix as a ratio
of differences of at most 4), and every continuum of mixing meets the grid of 24ths, so the
brute force on that grid sees every support profile of the class.  Three-type games check
every PBE exactly, beliefs included.
"""

from __future__ import annotations

import random
from fractions import Fraction as F

import pytest
from signalling_checks import brute_force_pbe, signature, verify_pbe

from negotiation.signalling.game import SignallingGame
from negotiation.signalling.normal_form import signalling_normal_form
from negotiation.signalling.pbe import perfect_bayesian_equilibria
from negotiation.solvers import solve

PRIORS = [F(1, 4), F(1, 3), F(1, 2), F(2, 3), F(3, 4)]


def random_game(seed: int, types: int = 2, messages: int = 2, actions: int = 2):
    rng = random.Random(seed)
    if types == 2:
        first = rng.choice(PRIORS)
        prior = (first, 1 - first)
    else:
        weights = [rng.randint(1, 4) for _ in range(types)]
        prior = tuple(F(w, sum(weights)) for w in weights)

    def table():
        return tuple(
            tuple(tuple(rng.randint(-2, 2) for _ in range(actions)) for _ in range(messages))
            for _ in range(types)
        )

    return SignallingGame(
        tuple(f"t{k}" for k in range(types)),
        prior,
        tuple(f"m{k}" for k in range(messages)),
        tuple(tuple(f"a{k}" for k in range(actions)) for _ in range(messages)),
        table(),
        table(),
        title=f"random {seed}",
    )


SEEDS = [pytest.param(seed, id=f"seed{seed}") for seed in range(30)]


@pytest.mark.parametrize("seed", SEEDS)
def test_matches_brute_force(seed):
    game = random_game(seed)
    result = perfect_bayesian_equilibria(game)
    found = {signature(eq.sender, eq.receiver) for eq in result}
    brute = brute_force_pbe(game)
    # Complete: nothing the brute force finds is missing.
    assert brute <= found
    for eq in result:
        verify_pbe(game, eq)
        on_grid = all(24 % p.denominator == 0 for row in (*eq.sender, *eq.receiver) for p in row)
        if on_grid:
            assert signature(eq.sender, eq.receiver) in brute
    # Pure PBE: exactly the same, both ways.
    pure_found = {signature(eq.sender, eq.receiver) for eq in result if eq.pure}
    pure_brute = {s for s in brute if all(len(x) == 1 for part in s for x in part)}
    assert pure_found == pure_brute


def test_random_games_are_not_trivial():
    # The comparison above means something only if the games have PBE of every kind.
    kinds = {
        eq.kind for seed in range(30) for eq in perfect_bayesian_equilibria(random_game(seed))
    }
    assert kinds == {"pooling", "separating", "hybrid"}


@pytest.mark.parametrize("seed", SEEDS[:10])
def test_pbe_are_nash_equilibria_of_the_normal_form(seed):
    # A PBE is a Nash equilibrium of the ex-ante normal form (Fudenberg and Tirole 1991,
    # sec. 8.2): its pure strategies, as a profile of the form, are among `solve`'s pure
    # equilibria.  Form strategies are maps in itertools.product order.
    game = random_game(seed)
    form = signalling_normal_form(game)
    pure_nash = {eq.support() for eq in solve(form, method="pure")}
    for eq in perfect_bayesian_equilibria(game):
        if not eq.pure:
            continue
        sender = "/".join(game.messages[row.index(1)] for row in eq.sender)
        receiver = "/".join(game.actions[m][row.index(1)] for m, row in enumerate(eq.receiver))
        profile = ((form.strategies[0].index(sender),), (form.strategies[1].index(receiver),))
        assert profile in pure_nash


@pytest.mark.parametrize("seed", [pytest.param(s, id=f"seed{s}") for s in range(8)])
def test_three_types_three_actions_verified(seed):
    game = random_game(100 + seed, types=3, messages=2, actions=3)
    result = perfect_bayesian_equilibria(game)
    for eq in result:
        verify_pbe(game, eq)
        unsent = [m for m, used in zip(game.messages, eq.on_path, strict=True) if not used]
        assert sorted(eq.to_json(game).get("off_path_belief_vertices", {})) == unsent
