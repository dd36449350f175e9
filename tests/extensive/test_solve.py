"""solve_tree: the two lists side by side, and which Nash equilibria are subgame perfect."""

from __future__ import annotations

import json
from fractions import Fraction

from trees import DATA, complete_tree

from negotiation.extensive.efg import read_efg
from negotiation.extensive.solve import solve_tree
from negotiation.extensive.tree import Decision, Terminal, Tree


def flags(name: str) -> dict[str, bool | None]:
    result = solve_tree(read_efg(DATA / name))
    return {
        equilibrium.describe(result.nash.game): credible
        for equilibrium, credible in zip(result.equilibria, result.credible, strict=True)
    }


def test_ultimatum_threats() -> None:
    found = flags("ultimatum.efg")
    # The two pure subgame-perfect equilibria (hand derivation in test_subgame_perfect).
    assert found["Proposer: Offer 0; Responder: Accept,Accept,Accept"] is True
    assert found["Proposer: Offer 1; Responder: Reject,Accept,Accept"] is True
    # Offering everything because the responder threatens to reject 1: rejecting 1 (payoff
    # 0 < 1) would not be carried out.
    assert found["Proposer: Offer 2; Responder: Reject,Reject,Accept"] is False
    # Rejecting 0 half the time (indifferent) makes the proposer indifferent between 0 and 1:
    # subgame perfect, though not one of the pure ends the solver lists.
    mixed = "Proposer: Offer 0; Responder: 1/2 Accept,Accept,Accept + 1/2 Reject,Accept,Accept"
    assert found[mixed] is True


def test_selten_horse_has_no_proper_subgame_so_every_nash_equilibrium_is_perfect() -> None:
    assert set(flags("selten-horse.efg").values()) == {True}


def test_a_large_tree_gets_its_subgame_perfect_equilibria_and_a_note() -> None:
    result = solve_tree(complete_tree(10, 4, seed=1))
    assert result.nash is None
    assert result.equilibria == ()
    assert "more than 100000" in result.note
    assert len(result.subgame_perfect.equilibria) == 1
    data = result.to_json()
    assert data["equilibria"] == []
    assert data["note"] == result.note
    assert "not computed" in result.text()


def test_json_is_serialisable_and_floats_stay_floats() -> None:
    tree = Tree(("Ann",), Decision(0, "s", ("L", "R"), (Terminal((0.5,)), Terminal((0.25,)))))
    data = json.loads(json.dumps(solve_tree(tree).to_json()))
    assert data["subgame_perfect"][0]["payoffs"] == {"Ann": 0.5}
    assert data["subgame_perfect"][0]["behaviour"] == {"Ann": {"s": {"L": 1.0}}}
    assert data["equilibria"][0]["subgame_perfect"] is True
    assert data["equilibria"][0]["payoffs"] == {"Ann": 0.5}  # the reduced form keeps floats


def test_exact_json_numbers_are_strings() -> None:
    data = solve_tree(read_efg(DATA / "entry-pennies.efg")).to_json()
    assert data["subgame_perfect"][0]["payoffs"] == {"Ann": "1/2", "Bob": "1/2"}
    assert Fraction(data["equilibria"][0]["profile"]["Bob"]["Heads"]) in (
        Fraction(1, 4),
        Fraction(3, 4),
    )
