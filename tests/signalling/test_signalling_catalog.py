"""Issue 13's done-when: the Bayesian games of Gambit's catalog give Gambit's answers.

The files (tests/data/efg/gambit-catalog/, sources in its README) are read by our ``.efg``
reader; Gambit reads the same files.  Compared: the reduced normal form, strategy for
strategy; its pure equilibria (Gambit's enumpure on the tree); its extreme equilibria (our
vertex enumeration against Gambit's enummixed on its own reduced form); and the tree's
equilibria both ways (each of Gambit's lcp equilibria on the tree is subgame perfect by our
check, each of our subgame-perfect equilibria has zero regret by Gambit's).  Then our Harsanyi
trees of beer-quiche and job-market, at priors 0, 1 and interior ones, against Gambit.
"""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest
from oracle import gambit_profiles, gbt, to_fraction
from test_signalling_gambit import gambit_pure, gambit_tree

from negotiation.extensive.efg import read_efg
from negotiation.extensive.perfection import is_subgame_perfect
from negotiation.extensive.reduced_form import reduced_form
from negotiation.extensive.subgame_perfect import subgame_perfect
from negotiation.signalling.classic import beer_quiche, job_market
from negotiation.signalling.harsanyi import signalling_tree
from negotiation.solvers import solve

pytestmark = pytest.mark.oracle

CATALOG = sorted((Path(__file__).parent.parent / "data" / "efg" / "gambit-catalog").glob("*.efg"))


def arrays(efg) -> list[np.ndarray]:
    return [np.vectorize(to_fraction, otypes=[object])(a) for a in efg.to_arrays()]


def infoset_names(tree, efg) -> list[list[tuple[str, object]]]:
    """Per player, our information set's name beside Gambit's set: both in the order of the
    player's sets (the order of the reduced form's strategies, which agree)."""
    return [
        list(
            zip(
                [name for owner, name in tree.infosets() if owner == i],
                player.infosets,
                strict=True,
            )
        )
        for i, player in enumerate(efg.players)
    ]


def gambit_behaviour(tree, efg, profile) -> list[dict[str, dict[str, F]]]:
    """A Gambit behaviour profile in our terms: per player, set -> action -> probability."""
    return [
        {
            name: {action.label: to_fraction(profile[action]) for action in infoset.actions}
            for name, infoset in sets
        }
        for sets in infoset_names(tree, efg)
    ]


def compare(tree, efg) -> None:
    form = reduced_form(tree)
    # The same reduced normal form, strategy for strategy.
    for ours, theirs in zip(form.game.payoffs, arrays(efg), strict=True):
        assert np.array_equal(ours, theirs)
    # Pure equilibria: ours on the form, Gambit's enumpure on the tree.
    ours_pure = {tuple(s[0] for s in eq.support()) for eq in solve(form.game, method="pure")}
    assert ours_pure == gambit_pure(efg)
    # Extreme equilibria of the reduced form: vertex enumeration against enummixed.
    theirs = gambit_profiles(efg, gbt.nash.enummixed_solve(efg, rational=True).equilibria)
    assert {tuple(tuple(p) for p in eq.profile) for eq in solve(form.game)} == theirs
    # The tree: Gambit's sequence-form LCP equilibria are subgame perfect by our check (no
    # proper subgame below a chance root over the types: subgame perfect = Nash) ...
    for eq in gbt.nash.lcp_solve(efg, rational=True).equilibria:
        assert is_subgame_perfect(tree, gambit_behaviour(tree, efg, eq)) is True
    # ... and each of our subgame-perfect equilibria has zero regret in Gambit.
    for eq in subgame_perfect(tree).equilibria:
        profile = efg.mixed_behavior_profile(rational=True)
        for names, ours in zip(infoset_names(tree, efg), eq.behaviour, strict=True):
            for name, infoset in names:
                chosen = ours[name]
                for action in infoset.actions:
                    p = chosen.get(action.label, F(0))
                    profile[action] = gbt.Rational(p.numerator, p.denominator)
        assert profile.max_regret() == 0


@pytest.mark.parametrize("path", CATALOG, ids=[p.stem for p in CATALOG])
def test_catalog_bayesian_games_give_gambits_answers(path):
    compare(read_efg(path), gbt.read_efg(str(path)))


@pytest.mark.parametrize("prior", [F(0), F(1, 10), F(1, 2), F(9, 10), F(1)])
@pytest.mark.parametrize("build", [beer_quiche, job_market], ids=["beer_quiche", "job_market"])
def test_harsanyi_trees_of_the_classics_give_gambits_answers(build, prior):
    tree = signalling_tree(build(prior))
    compare(tree, gambit_tree(tree))
