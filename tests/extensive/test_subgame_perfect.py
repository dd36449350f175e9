"""Subgame-perfect equilibria: hand-derived answers on the teaching trees, and every pure one
of random perfect-information trees against a brute-force oracle."""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import pytest
from trees import DATA, complete_tree, random_tree

from negotiation.errors import GameError
from negotiation.extensive.efg import read_efg
from negotiation.extensive.subgame_perfect import subgame_perfect, subgame_roots
from negotiation.extensive.tree import Chance, Decision, Terminal, Tree

F = Fraction


def pure_profiles(result) -> set[frozenset]:
    """Each equilibrium as the set of (player, information set, action) it plays for sure."""
    found = set()
    for equilibrium in result.equilibria:
        moves = set()
        for player, sets in enumerate(equilibrium.behaviour):
            for infoset, distribution in sets.items():
                assert list(distribution.values()) == [1], distribution
                moves.add((player, infoset, next(iter(distribution))))
        found.add(frozenset(moves))
    return found


def brute_force(tree: Tree) -> set[frozenset]:
    """Every pure behaviour profile that is a Nash equilibrium of every subgame, by
    enumeration: in a perfect-information tree every non-terminal node roots a subgame, and a
    profile is Nash there when no player's payoff under it falls short of the best payoff that
    player can reach against the others' choices (maximum at own nodes, expectation at
    chance)."""
    decisions = [node for _, node in tree.nodes() if isinstance(node, Decision)]
    subgames = [node for _, node in tree.nodes() if not isinstance(node, Terminal)]

    def value(node, profile, player, best):
        if isinstance(node, Terminal):
            return F(node.payoffs[player])
        values = [value(child, profile, player, best) for child in node.children]
        if isinstance(node, Chance):
            return sum(F(p) * v for p, v in zip(node.probabilities, values, strict=True))
        if best and node.player == player:
            return max(values)
        return values[node.actions.index(profile[(node.player, node.infoset)])]

    found = set()
    for actions in product(*(node.actions for node in decisions)):
        profile = {
            (node.player, node.infoset): a for node, a in zip(decisions, actions, strict=True)
        }
        if all(
            value(node, profile, player, False) == value(node, profile, player, True)
            for node in subgames
            for player in range(len(tree.players))
        ):
            found.add(frozenset((p, s, a) for (p, s), a in profile.items()))
    return found


def small_perfect_information_trees(count: int) -> list[Tree]:
    trees = []
    seed = 0
    while len(trees) < count:
        tree = random_tree(seed, players=2 + seed % 2, depth=4, payoff_range=2)
        decisions = [node for _, node in tree.nodes() if isinstance(node, Decision)]
        profiles = 1
        for node in decisions:
            profiles *= len(node.actions)
        if profiles <= 3000:
            trees.append(tree)
        seed += 1
    return trees


@pytest.mark.parametrize(
    "tree", [pytest.param(t, id=t.title) for t in small_perfect_information_trees(60)]
)
def test_pure_equilibria_of_perfect_information_trees_equal_brute_force(tree: Tree) -> None:
    result = subgame_perfect(tree)
    assert result.complete
    assert pure_profiles(result) == brute_force(tree)
    assert len(result.equilibria) == len(pure_profiles(result))  # each listed once


def test_random_trees_have_ties_so_the_oracle_sees_several_equilibria() -> None:
    # The comparison above must cover trees with several equilibria, not only unique ones.
    counts = [len(brute_force(tree)) for tree in small_perfect_information_trees(60)]
    assert max(counts) >= 4
    assert sum(count > 1 for count in counts) >= 10


def words(name: str) -> list[str]:
    return [
        equilibrium.words() for equilibrium in subgame_perfect(read_efg(DATA / name)).equilibria
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Selten (1978): the incumbent accommodates once entry happened, so the entrant enters.
        pytest.param(
            "entry-deterrence.efg", ["Entrant: In; Incumbent: Accommodate"], id="entry_deterrence"
        ),
        # Rosenthal (1981): backward induction stops at once (5>4? Bob 2: Stop 4 > 3;
        # Ann 2: Stop 3 > 2; Bob 1: Stop 2 > 1; Ann 1: Stop 1 > 0).
        pytest.param("centipede.efg", ["Ann: Stop"], id="centipede"),
        # Responder accepts 1 and 2 strictly, is indifferent at 0: accepting gives the proposer
        # 2 from offering 0; rejecting 0 makes offering 1 (payoff 1) best (1 > 0).
        pytest.param(
            "ultimatum.efg",
            ["Proposer: Offer 0; Responder: Accept", "Proposer: Offer 1; Responder: Accept"],
            id="ultimatum",
        ),
        # Matching pennies after In is worth 0 to Ann, less than Out's 1/2.
        pytest.param("entry-pennies.efg", ["Ann: Out"], id="entry_then_pennies"),
    ],
)
def test_teaching_trees(name: str, expected: list[str]) -> None:
    assert words(name) == expected


def test_mixed_equilibrium_of_a_simultaneous_subgame_is_carried_up() -> None:
    # Hand derivation: in matching pennies each player mixes 1/2-1/2 (the only equilibrium);
    # the subgame is worth (0, 0), so Ann takes Out (1/2 > 0).  Ann's coin is still pinned,
    # because the subgame after In must be in equilibrium too.
    result = subgame_perfect(read_efg(DATA / "entry-pennies.efg"))
    (equilibrium,) = result.equilibria
    half = F(1, 2)
    assert equilibrium.behaviour == (
        {"Enter?": {"Out": F(1)}, "Ann's coin": {"Heads": half, "Tails": half}},
        {"Bob's coin": {"Heads": half, "Tails": half}},
    )
    assert equilibrium.payoffs == (half, half)
    assert result.complete
    assert not result.ties


def test_entering_the_mixed_subgame_when_it_pays() -> None:
    # The same tree with Out worth -1 to Ann: she enters (0 > -1); the path then mixes,
    # each of the four outcomes with probability 1/4, Ann's expected payoff 0.
    text = (DATA / "entry-pennies.efg").read_text().replace("{ 1/2, 1/2 }", "{ -1, 1 }")
    from negotiation.extensive.efg import parse_efg

    (equilibrium,) = subgame_perfect(parse_efg(text)).equilibria
    assert equilibrium.payoffs == (0, 0)
    assert [(m.player, m.action, m.probability) for m in equilibrium.path] == [
        ("Ann", "In", 1),
        ("Ann", "Heads", F(1, 2)),
        ("Bob", "Heads", F(1, 4)),
        ("Bob", "Tails", F(1, 4)),
        ("Ann", "Tails", F(1, 2)),
        ("Bob", "Heads", F(1, 4)),
        ("Bob", "Tails", F(1, 4)),
    ]
    assert equilibrium.words().startswith("Ann: In; Ann: Heads (1/2); Bob: Heads (1/4)")


def test_chance_takes_exact_expected_payoffs() -> None:
    # Nature picks Good (1/3) or Bad (2/3); then Ann takes Safe (1) or Risky (3 if Good,
    # 0 if Bad): after Good Risky (3 > 1), after Bad Safe (1 > 0); expected 1/3*3 + 2/3*1.
    def ann():
        return ("Safe", "Risky")

    tree = Tree(
        ("Ann",),
        Chance(
            ("Good", "Bad"),
            (F(1, 3), F(2, 3)),
            (
                Decision(0, "after Good", ann(), (Terminal((F(1),)), Terminal((F(3),)))),
                Decision(0, "after Bad", ann(), (Terminal((F(1),)), Terminal((F(0),)))),
            ),
        ),
    )
    (equilibrium,) = subgame_perfect(tree).equilibria
    assert equilibrium.payoffs == (F(5, 3),)
    assert (
        equilibrium.words()
        == "Chance: Good (1/3); Ann: Risky (1/3); Chance: Bad (2/3); Ann: Safe (2/3)"
    )


def test_float_payoffs_give_float_answers() -> None:
    tree = Tree(("Ann",), Decision(0, "s", ("L", "R"), (Terminal((0.5,)), Terminal((0.25,)))))
    (equilibrium,) = subgame_perfect(tree).equilibria
    assert equilibrium.payoffs == (0.5,)
    assert isinstance(equilibrium.payoffs[0], float)
    assert not subgame_perfect(tree).exact


def test_too_many_equilibria_are_cut_at_the_limit_and_marked_incomplete() -> None:
    # Ten indifferent one-player moves in a row of chance: 2**10 pure equilibria.
    zero = Terminal((F(0),))
    moves = tuple(Decision(0, f"s{k}", ("L", "R"), (zero, zero)) for k in range(10))
    tree = Tree(("Ann",), Chance(tuple(f"c{k}" for k in range(10)), (F(1, 10),) * 10, moves))
    assert len(subgame_perfect(tree).equilibria) == 1024
    limited = subgame_perfect(tree, limit=100)
    assert len(limited.equilibria) == 100
    assert not limited.complete


def test_imperfect_recall_in_a_subgame_is_refused() -> None:
    # Ann forgets her first move (Selten's "absent-minded driver" without the loop): two
    # nodes of one set after different own actions, and Bob moves in between so the set
    # is not met twice on a play.
    end = Terminal((F(0), F(0)))
    forget = Decision(0, "forgot", ("x", "y"), (end, end))
    tree = Tree(
        ("Ann", "Bob"),
        Decision(
            0,
            "first",
            ("A", "B"),
            (
                Decision(1, "b1", ("u",), (forget,)),
                Decision(1, "b2", ("u",), (forget,)),
            ),
        ),
    )
    with pytest.raises(GameError, match="lacks perfect recall"):
        subgame_perfect(tree)


def test_subgame_roots_stop_at_information_sets_that_cross() -> None:
    tree = read_efg(DATA / "entry-pennies.efg")
    roots = subgame_roots(tree)
    # The root and Ann's coin toss; Bob's two nodes share a set, so neither roots one.
    assert [getattr(node, "infoset", None) for node in roots] == ["Enter?", "Ann's coin"]


def test_a_tree_of_ten_thousand_leaves_is_solved() -> None:
    # Size only (timing is measured in benchmarks/extensive.py): 10**4 leaves, ties kept.
    tree = complete_tree(10, 4, seed=1)
    result = subgame_perfect(tree)
    assert result.complete
    assert len(result.equilibria) >= 1
