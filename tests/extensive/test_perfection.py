"""The direct check of subgame perfection, against hand derivations and the solver."""

from __future__ import annotations

from fractions import Fraction

import pytest
from trees import DATA, random_tree

from negotiation.extensive.efg import read_efg
from negotiation.extensive.perfection import is_subgame_perfect
from negotiation.extensive.subgame_perfect import subgame_perfect

F = Fraction
ONE = {"Accept": F(1)}


@pytest.mark.parametrize(
    ("behaviour", "expected"),
    [
        # Selten (1978): fighting after entry is an incredible threat.
        pytest.param(
            ({"Enter?": {"Out": F(1)}}, {"Respond": {"Fight": F(1)}}), False, id="threat"
        ),
        pytest.param(
            ({"Enter?": {"In": F(1)}}, {"Respond": {"Accommodate": F(1)}}), True, id="spe"
        ),
        # Out with the incumbent's plan left open: nothing pins the subgame after In.
        pytest.param(({"Enter?": {"Out": F(1)}}, {}), None, id="open"),
    ],
)
def test_entry_deterrence(behaviour, expected) -> None:
    assert is_subgame_perfect(read_efg(DATA / "entry-deterrence.efg"), behaviour) is expected


def test_a_mixture_over_a_tie_is_subgame_perfect() -> None:
    # Ultimatum: the responder rejecting an offer of 0 half the time (indifferent: 0 = 0)
    # makes the proposer indifferent between offering 0 (1/2 * 2) and 1 (1): offering 0 is
    # then subgame perfect, though neither pure end the solver lists plays it this way.
    responder = {"After 0": {"Accept": F(1, 2), "Reject": F(1, 2)}, "After 1": ONE, "After 2": ONE}
    tree = read_efg(DATA / "ultimatum.efg")
    assert is_subgame_perfect(tree, ({"Offer": {"Offer 0": F(1)}}, responder))
    assert not is_subgame_perfect(tree, ({"Offer": {"Offer 2": F(1)}}, responder))


@pytest.mark.parametrize("seed", [pytest.param(seed, id=f"seed{seed}") for seed in range(30)])
def test_every_equilibrium_the_solver_lists_passes(seed: int) -> None:
    tree = random_tree(seed, players=2 + seed % 2, depth=4)
    for equilibrium in subgame_perfect(tree).equilibria:
        assert is_subgame_perfect(tree, equilibrium.behaviour)
