"""Oracle tests against pygambit 16.7: the catalog's signalling games, and our Harsanyi trees
read into Gambit, give the same reduced strategic form and the same pure equilibria."""

from __future__ import annotations

import random
from fractions import Fraction as F
from itertools import product

import numpy as np
import pytest
from oracle import enummixed, gbt, to_fraction

from negotiation.extensive.tree import Chance, Terminal, Tree
from negotiation.signalling.bayesian import BayesianGame, bayesian_nash_pure
from negotiation.signalling.classic import bayesian_battle, job_market, princess_bride
from negotiation.signalling.game import SignallingGame
from negotiation.signalling.harsanyi import harsanyi_tree, signalling_tree
from negotiation.signalling.normal_form import (
    agent_form,
    ex_ante_form,
    signalling_normal_form,
)
from negotiation.signalling.pbe import perfect_bayesian_equilibria
from negotiation.solvers import solve

pytestmark = pytest.mark.oracle

CATALOG = [
    pytest.param("books/watson2013/fig29_1", id="watson_job_market"),
    pytest.param("books/watson2013/exercise29_6", id="watson_princess_bride"),
    pytest.param("books/myerson1991/fig2_1", id="myerson_poker"),
    pytest.param("journals/other/reiley2008/fig1", id="reiley_poker"),
]


def signalling_from_gambit(efg) -> SignallingGame:
    """A catalog tree of the form chance -> sender -> receiver (or an end) as our game."""
    sender, receiver = list(efg.players)
    root = efg.root
    types = [action.label for action in root.infoset.actions]
    prior = [to_fraction(action.prob) for action in root.infoset.actions]
    type_nodes = list(root.children)
    messages = [action.label for action in type_nodes[0].infoset.actions]
    actions, sender_table, receiver_table = [], [], []
    for node in type_nodes:
        sender_row, receiver_row = [], []
        for k, child in enumerate(node.children):
            if child.is_terminal:
                ends, labels = [child], ("end",)
            else:
                ends = list(child.children)
                labels = tuple(action.label for action in child.infoset.actions)
            if len(actions) < len(messages):
                actions.append(labels)
            assert actions[k] == labels
            sender_row.append(tuple(to_fraction(end.outcome[sender]) for end in ends))
            receiver_row.append(tuple(to_fraction(end.outcome[receiver]) for end in ends))
        sender_table.append(tuple(sender_row))
        receiver_table.append(tuple(receiver_row))
    return SignallingGame(
        tuple(types),
        tuple(prior),
        tuple(messages),
        tuple(actions),
        tuple(sender_table),
        tuple(receiver_table),
        sender=sender.label,
        receiver=receiver.label,
        title=efg.title,
    )


def gambit_tree(tree: Tree):
    """Our tree as a pygambit tree, information sets labelled as ours."""
    efg = gbt.Game.new_tree(players=list(tree.players), title=tree.title or "tree")
    players = list(efg.players)
    infosets = {}
    outcomes = [0]

    def build(node, gnode):
        if isinstance(node, Terminal):
            outcomes[0] += 1
            payoffs = [gbt.Rational(v.numerator, v.denominator) for v in node.payoffs]
            efg.set_outcome(gnode, efg.add_outcome(f"o{outcomes[0]}", payoffs))
            return
        if isinstance(node, Chance):
            efg.append_move(gnode, efg.players.chance, list(node.actions))
            efg.set_chance_probs(
                gnode.infoset,
                [gbt.Rational(p.numerator, p.denominator) for p in node.probabilities],
            )
        else:
            key = (node.player, node.infoset)
            if key in infosets:
                efg.append_infoset(gnode, infosets[key])
            else:
                efg.append_move(gnode, players[node.player], list(node.actions))
                gnode.infoset.label = node.infoset
                infosets[key] = gnode.infoset
        for child, gchild in zip(node.children, gnode.children, strict=True):
            build(child, gchild)

    build(tree.root, efg.root)
    return efg


def gambit_arrays(efg) -> list[np.ndarray]:
    return [np.vectorize(to_fraction, otypes=[object])(a) for a in efg.to_arrays()]


def gambit_pure(efg) -> set[tuple[int, ...]]:
    """Gambit's pure equilibria as strategy indices of its reduced strategic form."""
    return {
        tuple(
            next(k for k, s in enumerate(player.strategies) if eq[s] == 1)
            for player in efg.players
        )
        for eq in gbt.nash.enumpure_solve(efg).equilibria
    }


def our_pure(game) -> set[tuple[int, ...]]:
    return {tuple(s[0] for s in eq.support()) for eq in solve(game, method="pure")}


@pytest.mark.parametrize("name", CATALOG)
def test_catalog_normal_form_and_pure_equilibria(name):
    efg = gbt.catalog.load(name)
    game = signalling_from_gambit(efg)
    form = signalling_normal_form(game)
    # Same reduced strategic form, strategy for strategy (both in product order: the first
    # type's or message's choice varies slowest).
    for ours, theirs in zip(form.payoffs, gambit_arrays(efg), strict=True):
        assert np.array_equal(ours, theirs)
    assert our_pure(form) == gambit_pure(efg)
    # Every pure PBE is one of Gambit's pure Nash equilibria of the form.
    for eq in perfect_bayesian_equilibria(game):
        if eq.pure:
            sender = "/".join(game.messages[row.index(1)] for row in eq.sender)
            receiver = "/".join(game.actions[m][row.index(1)] for m, row in enumerate(eq.receiver))
            cell = (form.strategies[0].index(sender), form.strategies[1].index(receiver))
            assert cell in gambit_pure(efg)
    # Our tree of the same game reduces, in Gambit, to the same form.
    for ours, theirs in zip(
        gambit_arrays(gambit_tree(signalling_tree(game))), gambit_arrays(efg), strict=True
    ):
        assert np.array_equal(ours, theirs)


@pytest.mark.parametrize(
    ("name", "ours"),
    [
        pytest.param("books/watson2013/fig29_1", job_market(), id="job_market"),
        pytest.param("books/watson2013/exercise29_6", princess_bride(), id="princess_bride"),
    ],
)
def test_classic_constructors_match_catalog(name, ours):
    theirs = signalling_from_gambit(gbt.catalog.load(name))
    assert ours.prior == theirs.prior
    assert ours.messages == theirs.messages
    assert ours.actions == theirs.actions
    assert ours.sender_payoffs == theirs.sender_payoffs
    assert ours.receiver_payoffs == theirs.receiver_payoffs


def random_bayesian(seed: int) -> BayesianGame:
    rng = random.Random(seed)
    weights = {(a, b): rng.randint(0, 3) for a in ("x", "y") for b in ("u", "v")}
    if not any(weights.values()):
        weights[("x", "u")] = 1
    total = sum(weights.values())
    table = {}

    def payoff(types, actions):
        key = (types, actions)
        if key not in table:
            table[key] = (rng.randint(-3, 3), rng.randint(-3, 3))
        return table[key]

    return BayesianGame.from_function(
        ["Ann", "Bob"],
        [["x", "y"], ["u", "v"]],
        [["T", "B"], ["L", "R"]],
        {key: F(w, total) for key, w in weights.items()},
        payoff,
        title=f"random Bayesian {seed}",
    )


BAYESIAN = [pytest.param(bayesian_battle(), id="osborne_bos")] + [
    pytest.param(random_bayesian(seed), id=f"random{seed}") for seed in range(12)
]


def labels_to_cell(form, equilibrium) -> tuple[int, ...]:
    return tuple(
        form.strategies[i].index("/".join(actions)) for i, actions in enumerate(equilibrium)
    )


def gambit_to_ours(efg, form) -> dict[int, list[int]]:
    """For each player, our strategy index of each of Gambit's strategies (Gambit labels its
    reduced strategies by action numbers, one digit per information set, in its set order)."""
    mapping = {}
    for i, player in enumerate(efg.players):
        infosets = list(player.infosets)
        order = []
        for strategy in player.strategies:
            chosen = {
                infoset.label: list(infoset.actions)[int(digit) - 1].label
                for infoset, digit in zip(infosets, strategy.label, strict=True)
            }
            order.append(chosen)
        mapping[i] = order
    return mapping


@pytest.mark.parametrize("game", BAYESIAN)
def test_harsanyi_tree_reduces_to_the_ex_ante_form(game):
    form = ex_ante_form(game)
    efg = gambit_tree(harsanyi_tree(game))
    choices = gambit_to_ours(efg, form)
    index = []
    for i in range(len(game.players)):
        labels = [
            "/".join(chosen.get(kind, game.actions[i][0]) for kind in game.types[i])
            for chosen in choices[i]
        ]
        index.append([form.strategies[i].index(label) for label in labels])
    theirs = gambit_arrays(efg)
    for ours, their in zip(form.payoffs, theirs, strict=True):
        assert np.array_equal(ours[np.ix_(*index)], their)
    # Gambit's pure equilibria of the tree are the Bayesian Nash equilibria.  A type of
    # probability zero is cut from the tree, so compare on the types Gambit sees.
    seen = [{chosen_key for chosen in choices[i] for chosen_key in chosen} for i in range(2)]
    theirs_pure = {
        tuple(tuple(sorted(choices[i][cell[i]].items())) for i in range(len(game.players)))
        for cell in gambit_pure(efg)
    }
    ours_pure = {
        tuple(
            tuple(
                sorted(
                    (kind, a)
                    for kind, a in zip(game.types[i], eq[i], strict=True)
                    if kind in seen[i]
                )
            )
            for i in range(len(game.players))
        )
        for eq in bayesian_nash_pure(game)
    }
    assert ours_pure == theirs_pure


@pytest.mark.parametrize("game", BAYESIAN)
def test_bayesian_nash_equals_normal_form_equilibria(game):
    form = ex_ante_form(game)
    by_definition = {labels_to_cell(form, eq) for eq in bayesian_nash_pure(game)}
    # Every type has positive probability in these games only when the marginals are
    # positive; the ex-ante form and the definition agree either way (neither constrains a
    # type of probability zero).
    assert our_pure(form) == by_definition
    agents = agent_form(game)
    from_agents = set()
    for cell in our_pure(agents):
        actions, k = [], 0
        for i in range(len(game.players)):
            actions.append(tuple(game.actions[i][cell[k + j]] for j in range(len(game.types[i]))))
            k += len(game.types[i])
        from_agents.add(labels_to_cell(form, actions))
    assert from_agents == by_definition


def test_osborne_bos_unique_pure_bne():
    # Osborne (2004), ch. 9: the unique pure Bayesian Nash equilibrium is (B, (B, S)).
    assert bayesian_nash_pure(bayesian_battle()) == ((("B",), ("B", "S")),)


@pytest.mark.parametrize("game", BAYESIAN[:6])
def test_mixed_bayesian_nash_equilibria_match_gambit(game):
    # Every extreme equilibrium of the ex-ante form, ours (vertex enumeration) and Gambit's
    # (enummixed) on the same form.
    form = ex_ante_form(game)
    ours = {tuple(tuple(p) for p in eq.profile) for eq in solve(form)}
    assert ours == enummixed(form)


def as_form_profile(game: SignallingGame, eq) -> tuple:
    """A PBE's behaviour strategies as mixed strategies of the normal form (Kuhn: the
    probability of a map is the product of its choices' probabilities)."""
    sender = tuple(
        np.prod([eq.sender[t][m] for t, m in enumerate(choice)], dtype=object)
        for choice in product(range(len(game.messages)), repeat=len(game.types))
    )
    receiver = tuple(
        np.prod([eq.receiver[m][a] for m, a in enumerate(choice)], dtype=object)
        for choice in product(*(range(len(actions)) for actions in game.actions))
    )
    return (sender, receiver)


@pytest.mark.parametrize("name", CATALOG[2:])
def test_poker_hybrid_is_gambits_unique_equilibrium(name):
    # One-card poker (Myerson 1991, sec. 2.1; Reiley et al. 2008): the unique
    # equilibrium is a hybrid: the high card always raises, the low card bluffs with
    # probability 1/3, the receiver meets with probability 2/3; the sender's ex-ante value is
    # 1/3.  Gambit's enummixed on the normal form finds the same single profile.
    game = signalling_from_gambit(gbt.catalog.load(name))
    (eq,) = perfect_bayesian_equilibria(game)
    assert eq.kind == "hybrid"
    assert sum(p * v for p, v in zip(game.prior, eq.sender_payoffs, strict=True)) == F(1, 3)
    assert {as_form_profile(game, eq)} == enummixed(signalling_normal_form(game))
