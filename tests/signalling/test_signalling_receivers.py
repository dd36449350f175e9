"""Signalling games with several receivers (`negotiation.signalling.receivers`).

Oracles: with one receiver, the pure PBE must be exactly the pure ones of the one-receiver
solver (`perfect_bayesian_equilibria`, itself tested against the textbooks and Gambit); with
two receivers, a brute-force check of the definition over every pure profile, off-path beliefs
tried at every point where some receiver is indifferent (the set of sustaining beliefs is an
interval whose ends are such points); and Gambit's reduced strategic form and pure Nash
equilibria of the same tree.
"""

from __future__ import annotations

import json
import random
from fractions import Fraction as F
from itertools import product

import numpy as np
import pytest
from click.testing import CliRunner
from negotiation.cli.main import cli

from negotiation.extensive.reduced_form import reduced_form
from negotiation.scenario import load_scenario, read_scenario
from negotiation.signalling.game import SignallingGame
from negotiation.signalling.pbe import perfect_bayesian_equilibria
from negotiation.signalling.receivers import (
    ReceiversGame,
    pure_perfect_bayesian,
    receivers_tree,
)


def random_game(seed: int, receivers: int, types: int = 2) -> ReceiversGame:
    """Small integer payoffs (ties are common: degenerate games included), a prior that is
    sometimes 0 for a type."""
    rng = random.Random(seed)
    weights = [rng.choice([0, 1, 1, 2, 3]) for _ in range(types)]
    if not any(weights):
        weights[0] = 1
    prior = [F(w, sum(weights)) for w in weights]
    messages = ["m", "n"]
    names = ["R", "S", "T"][:receivers]
    actions = tuple(
        tuple(tuple(f"a{k}" for k in range(rng.choice([2, 2, 3]))) for _ in names)
        for _ in messages
    )
    table = tuple(
        tuple(
            tuple(
                tuple(rng.randint(-2, 2) for _ in range(receivers + 1))
                for _ in product(*(range(len(a)) for a in per_receiver))
            )
            for per_receiver in actions
        )
        for _ in range(types)
    )
    return ReceiversGame(
        tuple(f"t{i}" for i in range(types)),
        tuple(prior),
        tuple(messages),
        tuple(names),
        actions,
        table,
        title=f"random {seed}",
    )


def as_one_receiver(game: ReceiversGame) -> SignallingGame:
    return SignallingGame(
        game.types,
        game.prior,
        game.messages,
        tuple(row[0] for row in game.actions),
        tuple(tuple(tuple(v[0] for v in cell) for cell in row) for row in game.payoffs),
        tuple(tuple(tuple(v[1] for v in cell) for cell in row) for row in game.payoffs),
    )


def signature(eq, receivers) -> tuple:
    return (eq.sender, receivers, tuple(b.vertices for b in eq.beliefs))


@pytest.mark.parametrize("types", [2, 3])
@pytest.mark.parametrize("seed", range(40))
def test_one_receiver_gives_the_pure_pbe_of_the_one_receiver_solver(seed, types):
    game = random_game(seed, receivers=1, types=types)
    ours = {signature(eq, eq.receivers[0]) for eq in pure_perfect_bayesian(game)}
    theirs = {
        signature(eq, eq.receiver)
        for eq in perfect_bayesian_equilibria(as_one_receiver(game))
        if eq.pure
    }
    assert ours == theirs


def brute_force(game: ReceiversGame) -> dict[tuple, tuple[F, F]]:
    """Every pure PBE by the definition (two types): profile -> the interval of
    P(first type) after each unsent message (a point after a sent one)."""
    count = len(game.types)
    assert count == 2
    n = len(game.messages)
    found = {}

    def best(m, profile, q) -> bool:
        belief = (q, 1 - q)
        for r in range(len(game.receivers)):
            for b in range(len(game.actions[m][r])):
                other = (*profile[:r], b, *profile[r + 1 :])
                gain = sum(
                    mu * (game.payoff(t, m, other, r + 1) - game.payoff(t, m, profile, r + 1))
                    for t, mu in enumerate(belief)
                )
                if gain > 0:
                    return False
        return True

    def candidates(m) -> set[F]:
        points = {F(0), F(1)}
        for profile in game.profiles(m):
            for r in range(len(game.receivers)):
                for b in range(len(game.actions[m][r])):
                    other = (*profile[:r], b, *profile[r + 1 :])
                    d = [
                        game.payoff(t, m, profile, r + 1) - game.payoff(t, m, other, r + 1)
                        for t in range(2)
                    ]
                    if d[0] != d[1]:
                        q = F(-d[1], d[0] - d[1])
                        if 0 <= q <= 1:
                            points.add(q)
        return points

    for sent in product(range(n), repeat=count):
        for answers in product(*(game.profiles(m) for m in range(n))):
            values = [[game.payoff(t, m, answers[m], 0) for m in range(n)] for t in range(2)]
            if any(values[t][sent[t]] < max(values[t]) for t in range(2)):
                continue
            beliefs = []
            for m in range(n):
                weights = [game.prior[t] * (sent[t] == m) for t in range(2)]
                if sum(weights):
                    q = weights[0] / sum(weights)
                    sustaining = [q] if best(m, answers[m], q) else []
                else:
                    sustaining = [q for q in candidates(m) if best(m, answers[m], q)]
                if not sustaining:
                    break
                beliefs.append((min(sustaining), max(sustaining)))
            else:
                found[sent, answers] = tuple(beliefs)
    return found


@pytest.mark.parametrize("seed", range(60))
def test_two_receivers_pure_pbe_by_definition(seed):
    game = random_game(seed, receivers=2)
    ours = {}
    for eq in pure_perfect_bayesian(game):
        sent = tuple(row.index(1) for row in eq.sender)
        answers = tuple(
            tuple(table[m].index(1) for table in eq.receivers) for m in range(len(game.messages))
        )
        ours[sent, answers] = tuple(b.interval(0) for b in eq.beliefs)
    assert ours == brute_force(game)


def test_three_receivers_pure_pbe_by_definition():
    for seed in range(10):
        game = random_game(seed, receivers=3)
        found = {
            (
                tuple(row.index(1) for row in eq.sender),
                tuple(tuple(t[m].index(1) for t in eq.receivers) for m in range(2)),
            )
            for eq in pure_perfect_bayesian(game)
        }
        assert found == {key for key in brute_force(game)}


@pytest.mark.oracle
@pytest.mark.parametrize("seed", range(12))
def test_tree_reduces_in_gambit_to_our_reduced_form_and_pure_pbe_are_gambit_nash(seed):
    from oracle import to_fraction
    from test_signalling_gambit import gambit_pure, gambit_tree

    from negotiation.solvers import solve

    game = random_game(seed, receivers=2)
    tree = receivers_tree(game)
    efg = gambit_tree(tree)
    ours = reduced_form(tree)
    theirs = [np.vectorize(to_fraction, otypes=[object])(a) for a in efg.to_arrays()]
    # Same reduced form, strategy for strategy: both list a player's strategies with its
    # first information set's choice varying slowest, and no strategy is reduced away (every
    # information set of this tree is reached by every other choice of its player).
    for mine, their in zip(ours.game.payoffs, theirs, strict=True):
        assert np.array_equal(mine, their)
    pure_nash = gambit_pure(efg)
    assert pure_nash == {tuple(s[0] for s in eq.support()) for eq in solve(ours.game, "pure")}
    # Each pure PBE is a pure Nash equilibrium of the tree.
    for eq in pure_perfect_bayesian(game):
        cell = (
            int("".join(str(row.index(1)) for row in eq.sender), 2),
            *(
                sum(
                    table[m].index(1) * np.prod([len(game.actions[k][r]) for k in range(m + 1, 2)])
                    for m in range(2)
                )
                for r, table in enumerate(eq.receivers)
            ),
        )
        assert cell in pure_nash


# -- the scenario form -----------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


TWO = "idlib-signal-two"


def test_idlib_signal_two_is_idlib_hts_with_the_type_private():
    """Every cell against the bundled idlib-hts (Reform = Comply, Rename = Spoil, Include =
    Restraint, Exclude = Offensive) at random points: Turkey's payoff is idlib-hts's for
    either type; Russia's, averaged over the prior, is idlib-hts's (which weighs w_type by
    p_genuine); HTS's is idlib-hts's for a genuine HTS, less c_reform_tactical for a tactical
    one that reforms.  And with Turkey containing, the cells are idlib-signal's."""
    two, hts = load_scenario(TWO), load_scenario("idlib-hts")
    one = load_scenario("idlib-signal").model
    rng = random.Random(7)
    for _ in range(20):
        overrides = {
            name: p.low + (p.high - p.low) * F(rng.randint(0, 100), 100)
            for name, p in two.parameters.items()
        }
        values = two.values((), overrides)
        game = two.model.game(values)
        nf = hts.model.game(
            hts.values((), {k: v for k, v in overrides.items() if k in hts.parameters})
        )
        single = one.game(values)
        p = values["p_genuine"]
        for m, c in ((1, 0), (0, 1)):  # Reform = Comply, Rename = Spoil
            for a, b in product(range(2), range(2)):
                cell = (a, b, c)
                for t in range(2):
                    assert game.payoff(t, m, (a, b), 2) == nf.payoffs[1][cell]
                assert (
                    p * game.payoff(0, m, (a, b), 1) + (1 - p) * game.payoff(1, m, (a, b), 1)
                    == nf.payoffs[0][cell]
                )
                assert game.payoff(0, m, (a, b), 0) == nf.payoffs[2][cell]
                extra = values["c_reform_tactical"] if m == 1 else 0
                assert game.payoff(1, m, (a, b), 0) == nf.payoffs[2][cell] - extra
                if b == 0:
                    for t in range(2):
                        assert (game.payoff(t, m, (a, 0), 0), game.payoff(t, m, (a, 0), 1)) == (
                            single.sender_payoffs[t][m][a],
                            single.receiver_payoffs[t][m][a],
                        )


def test_idlib_signal_two_separates_at_the_baseline_and_lists_what_it_enumerates():
    result = run("solve", TWO, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["receivers"] == ["Russia", "Turkey"]
    assert data["complete"] is False
    assert "mixes are not enumerated" in data["enumerated"]
    kinds = [eq["kind"] for eq in data["perfect_bayesian"]]
    assert "separating" in kinds
    assert all(eq["intuitive_criterion"] is None for eq in data["perfect_bayesian"])


def test_idlib_signal_two_check_small_run():
    result = run("check", TWO, "--samples", "60", "--seed", "5")
    assert result.exit_code == 0, result.output
    assert "8 of 8 claims hold" in result.output


def test_thresholds_refuse_several_receivers_with_one_error_line():
    result = run("thresholds", TWO, "p_genuine")
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert "receivers" in errors[0]


def test_sweep_of_several_receivers_lists_what_solve_finds_at_each_point():
    result = run("sweep", TWO, "c_reform_tactical=0:2:4", "--json")
    assert result.exit_code == 0, result.output
    points = json.loads(result.output)["points"]
    assert len(points) == 5
    for point in points:
        value = point["values"]["c_reform_tactical"]
        solved = run("solve", TWO, "--set", f"c_reform_tactical={value}", "--json")
        kinds = sorted(eq["kind"] for eq in json.loads(solved.output)["perfect_bayesian"])
        assert sorted(text.split(":")[0] for text in point["perfect_bayesian"]) == kinds


def test_commands_work_on_two_receivers():
    for args in (
        ("show", TWO),
        ("explain", TWO),
        ("whatif", TWO, "--preset", "tactical-hts"),
        ("export", TWO, "--format", "efg"),
        ("export", TWO, "--format", "json"),
        ("robustness", TWO, "--samples", "20", "--seed", "3"),
    ):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
    # Draws are solved for their pure PBE only: robustness says the outcomes are incomplete.
    result = run("robustness", TWO, "--samples", "20", "--seed", "3", "--json")
    assert json.loads(result.output)["complete"] is False


SINGLE = """
[scenario]
id = "t"
title = "t"
form = "signalling"
[players]
sender = "S"
{receivers}
[types]
a = "1/3"
b = "2/3"
[messages]
x = ["u", "v"]
y = ["u", "v"]
[payoffs.a.x.u]
S = "1"
R = "1"
[payoffs.a.x.v]
S = "0"
R = "0"
[payoffs.a.y.u]
S = "2"
R = "0"
[payoffs.a.y.v]
S = "-1"
R = "1"
[payoffs.b.x.u]
S = "0"
R = "0"
[payoffs.b.x.v]
S = "1"
R = "2"
[payoffs.b.y.u]
S = "1"
R = "1"
[payoffs.b.y.v]
S = "0"
R = "0"
"""


def test_a_list_of_one_receiver_is_the_one_receiver_game(tmp_path):
    found = []
    for line in ('receiver = "R"', 'receivers = ["R"]'):
        path = tmp_path / "t.toml"
        path.write_text(SINGLE.format(receivers=line))
        model = read_scenario(path).model
        result = model.solve_at(model.baseline())
        found.append(result.to_json())
    assert found[0] == found[1]


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        pytest.param(
            'receivers = ["Russia", "Turkey"]', 'receivers = "Russia"', "receivers", id="not_list"
        ),
        pytest.param(
            'receivers = ["Russia", "Turkey"]',
            'receivers = ["Russia", "Russia"]',
            "receivers",
            id="twice",
        ),
        pytest.param('receiver = "Russia"\naction', "action", "receiver", id="whose_action"),
        pytest.param(
            'Turkey = ["Contain", "Confront"] }', 'Turkey = ["Contain"] }', "Confront", id="cell"
        ),
        pytest.param('in = "none"\nmessage', 'in = "none"\nintuitive = true\nmessage',
                     "Intuitive", id="intuitive"),
    ],
)  # fmt: skip
def test_bad_several_receiver_files_are_one_error_line(tmp_path, old, new, words):
    bundled = load_scenario(TWO).path
    text = bundled.read_text()
    assert old in text
    (tmp_path / "shared").symlink_to(bundled.parent / "shared")
    path = tmp_path / "two.toml"
    path.write_text(text.replace(old, new, 1))
    result = run("solve", str(path))
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    assert words in errors[0]
