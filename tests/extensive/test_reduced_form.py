"""The reduced normal form of a tree, and Kuhn's translation between mixed and behaviour
strategies."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
from trees import DATA, gambit_catalog_files, gambit_pure_equilibria, random_tree, to_gambit

from negotiation.extensive.describe import normal_form_tree
from negotiation.extensive.efg import read_efg
from negotiation.extensive.reduced_form import (
    ReducedFormTooLarge,
    behaviour_of,
    has_perfect_recall,
    mixed_of,
    reduced_form,
)
from negotiation.extensive.tree import Chance, Decision, Terminal, Tree
from negotiation.game import Game

F = Fraction


def test_entry_deterrence() -> None:
    # Selten (1978): Out ends the game, so the incumbent's plan matters only after In.
    game = reduced_form(read_efg(DATA / "entry-deterrence.efg")).game
    assert game.strategies == (("Out", "In"), ("Fight", "Accommodate"))
    assert [[game.payoff_profile((r, c)) for c in range(2)] for r in range(2)] == [
        [(0, 2), (0, 2)],
        [(-1, -1), (1, 1)],
    ]


def test_centipede_merges_the_plans_after_stopping() -> None:
    # Osborne (2004), section 5.7: with two moves each, the reduced strategies are Stop,
    # Continue-then-Stop and Continue-Continue (Stop-then-anything merged into Stop).
    game = reduced_form(read_efg(DATA / "centipede.efg")).game
    assert game.strategies == (("Stop", "Continue,Stop", "Continue,Continue"),) * 2
    # Ann: Continue,Continue; Bob: Continue,Stop: play reaches Bob's second move, (2, 4).
    assert game.payoff_profile((2, 1)) == (2, 4)


def test_three_players_without_proper_subgames() -> None:
    # Selten's horse: (R, R, *) ends at once with (1, 1, 1); (L, *, L) is outcome 5, (0, 0, 0).
    game = reduced_form(read_efg(DATA / "selten-horse.efg")).game
    assert game.shape == (2, 2, 2)
    assert game.payoff_profile((0, 0, 1)) == (1, 1, 1)
    assert game.payoff_profile((1, 0, 1)) == (0, 0, 0)


def test_chance_gives_exact_expected_payoffs() -> None:
    # Nature: Good 1/3, Bad 2/3; Ann then Safe (1) or Risky (3 if Good, 0 if Bad).
    # Risky after Good, Safe after Bad: 1/3 * 3 + 2/3 * 1 = 5/3.
    def choice(name, risky):
        return Decision(0, name, ("Safe", "Risky"), (Terminal((F(1),)), Terminal((F(risky),))))

    tree = Tree(
        ("Ann",), Chance(("Good", "Bad"), (F(1, 3), F(2, 3)), (choice("G", 3), choice("B", 0)))
    )
    game = reduced_form(tree).game
    assert game.strategies == (("Safe,Safe", "Safe,Risky", "Risky,Safe", "Risky,Risky"),)
    assert game.payoff_profile((2,)) == (F(5, 3),)


@pytest.mark.parametrize("seed", [pytest.param(seed, id=f"seed{seed}") for seed in range(20)])
def test_a_normal_form_game_survives_the_trip_through_a_tree(seed: int) -> None:
    rng = random.Random(seed)
    shape = tuple(rng.randint(1, 3) for _ in range(rng.randint(2, 3)))
    arrays = [
        [
            [
                [rng.randint(-3, 3) for _ in range(shape[2])]
                if len(shape) == 3
                else rng.randint(-3, 3)
                for _ in range(shape[1])
            ]
            for _ in range(shape[0])
        ]
        for _ in shape
    ]
    game = Game(arrays, strategies=[[f"s{k}" for k in range(n)] for n in shape])
    assert reduced_form(normal_form_tree(game)).game == game


@pytest.mark.parametrize("seed", [pytest.param(seed, id=f"seed{seed}") for seed in range(20)])
def test_behaviour_and_mixed_strategies_translate_both_ways(seed: int) -> None:
    # Kuhn (1953): with perfect recall, the behaviour strategy of a mixed strategy induces
    # that mixed strategy again when the mixed strategy is itself a product (it is here:
    # built from a random behaviour strategy).
    tree = random_tree(seed, depth=4)
    form = reduced_form(tree)
    rng = random.Random(seed)
    for player, strategies in enumerate(form.strategies):
        behaviour = {}
        for (owner, infoset), actions in tree.infosets().items():
            if owner == player:
                weights = [rng.randint(1, 3) for _ in actions]
                behaviour[infoset] = {
                    a: F(w, sum(weights)) for a, w in zip(actions, weights, strict=True)
                }
        mixed = mixed_of(strategies, behaviour)
        assert sum(mixed) == 1
        back = behaviour_of(strategies, mixed)
        assert all(back[infoset] == behaviour[infoset] for infoset in back)


def test_perfect_recall() -> None:
    end = Terminal((F(0), F(0)))
    forget = Decision(0, "forgot", ("x", "y"), (end, end))
    forgetful = Tree(
        ("Ann", "Bob"),
        Decision(
            0,
            "first",
            ("A", "B"),
            (Decision(1, "b1", ("u",), (forget,)), Decision(1, "b2", ("u",), (forget,))),
        ),
    )
    assert not has_perfect_recall(forgetful)
    assert has_perfect_recall(read_efg(DATA / "entry-pennies.efg"))


def test_too_large_a_form_is_refused() -> None:
    with pytest.raises(ReducedFormTooLarge, match="more than 4 reduced strategies"):
        reduced_form(read_efg(DATA / "ultimatum.efg"), limit=4)


def our_pure_equilibria(tree: Tree) -> set[tuple]:
    from negotiation.solvers.pure_nash import pure_nash

    form = reduced_form(tree)
    actions = tree.infosets()
    found = set()
    for cell in pure_nash(form.game):
        profile = []
        for player, k in enumerate(cell):
            strategy = form.strategies[player][k]
            profile.append(
                frozenset((s, actions[(player, s)].index(a)) for s, a in strategy.items())
            )
        found.add(tuple(profile))
    return found


def oracle_trees() -> list:
    """Our teaching trees and Gambit's catalog, those with perfect recall (Gambit computes no
    equilibria of the others)."""
    paths = [*sorted(DATA.glob("*.efg")), *gambit_catalog_files()]
    return [
        pytest.param(path, id=f"{path.parent.name}-{path.stem}")
        for path in paths
        if has_perfect_recall(read_efg(path))
    ]


@pytest.mark.oracle
@pytest.mark.parametrize(
    "path",
    [pytest.param(path, id=f"{path.parent.name}-{path.stem}") for path in gambit_catalog_files()],
)
def test_perfect_recall_agrees_with_gambit(path) -> None:
    import pygambit

    assert has_perfect_recall(read_efg(path)) == pygambit.read_efg(str(path)).is_perfect_recall


@pytest.mark.oracle
@pytest.mark.parametrize("path", oracle_trees())
def test_pure_equilibria_equal_gambit_enumpure(path) -> None:
    import pygambit

    tree = read_efg(path)
    assert our_pure_equilibria(tree) == gambit_pure_equilibria(tree, pygambit.read_efg(str(path)))


def perfect_recall_trees(count: int) -> list:
    """Random trees, perfect and imperfect information, chance included, with perfect recall
    (the reduced form of a tree without it is not defined the same way everywhere)."""
    trees, seed = [], 0
    while len(trees) < count:
        tree = random_tree(seed, players=2 + seed % 2, depth=4, imperfect=seed % 2 == 1)
        if has_perfect_recall(tree):
            trees.append(pytest.param(tree, id=f"seed{seed}"))
        seed += 1
    return trees


@pytest.mark.oracle
@pytest.mark.parametrize("tree", perfect_recall_trees(40))
def test_pure_equilibria_of_random_trees_equal_gambit_enumpure(tree: Tree, tmp_path) -> None:
    assert our_pure_equilibria(tree) == gambit_pure_equilibria(tree, to_gambit(tree, tmp_path))
