"""The structured solver of support systems (`support_systems`) against the Groebner basis.

The oracle is the general path of `support_enumeration._solve_support` (a lex Groebner basis
over the rationals), run on the same support with the structured solver switched off.  Both
must agree on every support profile: the same solutions inside the simplex (exactly, when
rational), or both a continuum.  Games with small integer payoffs have ties, so degenerate
supports (singular determinants, continua) are among those compared.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

import numpy as np
import pytest

import negotiation.solvers.support_enumeration as support_enumeration
import negotiation.solvers.support_systems as support_systems
from negotiation.game import Game
from negotiation.solvers.support_enumeration import _profile, _solve_support, _subsets


def _inside(points, supports, shape) -> list[tuple]:
    """The solutions whose support probabilities are all positive, rounded for comparison
    (rational ones compared exactly)."""
    kept = []
    for point in points:
        profile = _profile(point, supports, shape)
        if all(profile[i][k] > 0 for i, support in enumerate(supports) for k in support):
            exact = all(isinstance(v, Fraction) for v in point)
            kept.append(tuple(v if exact else round(float(v), 9) for v in point))
    return sorted(kept, key=lambda point: [float(v) for v in point])


def _groebner(payoffs, supports, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as patch:
        patch.setattr(support_systems, "solve_structured", lambda *_: support_systems.UNSOLVED)
        patch.setattr(support_enumeration, "_BOXES_FROM", 99)  # no subdivision either
        return _solve_support(payoffs, supports)


@pytest.mark.parametrize(
    ("shape", "bound", "seed"),
    [((2, 2, 2), 3, seed) for seed in range(6)]
    + [((2, 2, 2), 10**4, seed) for seed in range(3)]
    + [((3, 3, 2), 2, seed) for seed in range(2)]
    + [((3, 3, 2), 10**4, 0), ((2, 3, 3), 9, 1), ((2, 2, 2, 2), 2, 0)]
    + [((3, 3, 3), 10**3, 1)],
    ids=str,
)
def test_structured_solutions_match_groebner(shape, bound, seed, monkeypatch) -> None:
    rng = np.random.default_rng(seed)
    game = Game([rng.integers(-bound, bound + 1, size=shape) for _ in shape])
    payoffs = game.exact_payoffs()
    solved = 0
    for supports in product(*(_subsets(count) for count in shape)):
        if all(len(support) == 1 for support in supports):
            continue
        structured = support_systems.solve_structured(payoffs, supports)
        if structured is support_systems.UNSOLVED:
            continue
        solved += 1
        oracle = _groebner(payoffs, supports, monkeypatch)
        if structured is None or oracle is None:
            # A continuum for one means a continuum for the other, unless none of it lies
            # inside the simplex and the other found no solution there either.
            assert structured is oracle or _inside(structured or oracle, supports, shape) == []
            continue
        assert _inside(structured, supports, shape) == _inside(oracle, supports, shape)
    assert solved  # the structured solver was exercised


def test_irrational_solutions_match_groebner(monkeypatch) -> None:
    """Fully mixed 2x2x2 supports of games with irrational equilibria (the seeds of
    test_support_enumeration's enumpoly comparison): the univariate path gives the same points
    as the Groebner basis, to 1e-9, and some are irrational."""
    irrational = 0
    for seed in (11, 17, 31, 43):
        rng = np.random.default_rng(seed)
        payoffs = Game([rng.integers(-1000, 1000, (2, 2, 2)) for _ in range(3)]).exact_payoffs()
        supports = ((0, 1), (0, 1), (0, 1))
        structured = support_systems.solve_structured(payoffs, supports)
        assert structured is not support_systems.UNSOLVED
        mine = _inside(structured, supports, (2, 2, 2))
        theirs = _inside(_groebner(payoffs, supports, monkeypatch), supports, (2, 2, 2))
        assert np.allclose(np.array(mine, dtype=float), np.array(theirs, dtype=float), atol=1e-9)
        assert len(mine) == len(theirs)
        irrational += sum(not isinstance(point[0], Fraction) for point in mine)
    assert irrational


def test_screen_drops_no_solution_inside_the_simplices(monkeypatch) -> None:
    """Roots whose probabilities lie outside [0, 1] at 60 digits are dropped before exact
    arithmetic in their number field; with the screen off (every root kept, every factor
    worked out) the solutions inside the simplices are the same, and the screen did drop
    some."""
    from negotiation.solvers import support_enumeration

    rng = np.random.default_rng(1)
    payoffs = Game([rng.integers(-1000, 1001, (3, 3, 3)) for _ in range(3)]).exact_payoffs()
    dropped = 0
    for supports in product(*(_subsets(3) for _ in range(3))):
        if sum(len(support) > 1 for support in supports) < 3:
            continue
        screened = support_systems.solve_structured(payoffs, supports)
        with monkeypatch.context() as patch:
            patch.setattr(support_enumeration, "_OUTSIDE", float("inf"))
            patch.setattr(support_systems, "_may_be_inside", lambda *_: True)
            unscreened = support_systems.solve_structured(payoffs, supports)
        if screened is None or screened is support_systems.UNSOLVED:
            assert unscreened is screened
            continue
        assert _inside(screened, supports, (3, 3, 3)) == _inside(unscreened, supports, (3, 3, 3))
        dropped += len(unscreened) - len(screened)
    assert dropped
