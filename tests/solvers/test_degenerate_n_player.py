"""Degenerate games with three players: continua listed by their vertices, exactly (issue 16).

Expected values are hand derivations, given next to each game; pure equilibria are compared
with Gambit's ``enumpure``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from negotiation import solve
from negotiation.deviation import is_equilibrium
from negotiation.game import Game
from negotiation.nfg import parse_nfg
from negotiation.text import equilibria_text

SEGMENT = """NFG 1 R "segment" { "P1" "P2" "P3" } { { "s1" "s2" } { "s1" "s2" } { "s1" "s2" } }
""
2 -1 0 0 -1 0 2 0 0 0 0 0 -1 2 0 0 2 0 -1 0 0 0 0 0
"""


def _q(q: Fraction) -> tuple[Fraction, Fraction]:
    return (q, 1 - q)


S1, S2 = _q(Fraction(1)), _q(Fraction(0))


def test_segment_game_lists_the_vertices_of_its_continuum() -> None:
    """P3's payoff is always 0, so P3 never minds; let q be its probability of s1.  Against
    q, P1's s1 pays 3q - 1 more than s2 (whatever P2 does), and when P1 plays s1, P2's s1
    pays 2 - 3q more than s2 (when P1 plays s2, P2's s1 pays 2 - 3q more too).  So:

    - (s1, s1, q) is an equilibrium for 1/3 <= q <= 2/3;
    - (s1, s2, q) for q >= 2/3, up to the pure (s1, s2, s1);
    - (s2, s1, q) for q <= 1/3, down to the pure (s2, s1, s2);
    - (s2, s2, q) never (q <= 1/3 and q >= 2/3);
    - at q = 1/3 P1 may mix (P2's s1 still pays 1 more), at q = 2/3 P2 may mix.

    One component, a path of five segments, each with one player's mix varying; its
    vertices are the six profiles below.  The midpoint (s1, s1, 1/2) is not one of them.
    """
    result = solve(parse_nfg(SEGMENT))
    third, two_thirds = Fraction(1, 3), Fraction(2, 3)
    expected = {
        (S1, S2, S1),
        (S2, S1, S2),
        (S1, S1, _q(third)),
        (S1, S1, _q(two_thirds)),
        (S1, S2, _q(two_thirds)),
        (S2, S1, _q(third)),
    }
    assert {equilibrium.profile for equilibrium in result.equilibria} == expected
    assert (S1, S1, _q(Fraction(1, 2))) not in {eq.profile for eq in result.equilibria}
    assert all(is_equilibrium(result.game, eq.profile) for eq in result.equilibria)
    assert (result.degenerate, result.complete, result.components) == (True, True, "vertices")
    assert result.continua
    data = result.to_json()
    assert (data["complete"], data["components"], data["method"]) == (
        True,
        "vertices",
        "support_enumeration",
    )
    assert "equilibria form continua; listed are the extreme equilibria, the vertices" in (
        equilibria_text(result)
    )


@pytest.mark.oracle
def test_segment_game_pure_equilibria_match_enumpure() -> None:
    from oracle import enumpure, profile_key

    result = solve(parse_nfg(SEGMENT))
    ours = {profile_key(eq.profile) for eq in result.equilibria if eq.pure}
    assert ours == enumpure(result.game) == {(S1, S2, S1), (S2, S1, S2)}


def test_pure_method_is_honest() -> None:
    """``method="pure"`` finds pure equilibria only: incomplete, and its text says so."""
    result = solve(parse_nfg(SEGMENT), method="pure")
    assert (result.complete, result.components) == (False, "vertices")
    text = equilibria_text(result)
    assert "Pure equilibria only" in text
    assert "vertices of each component" not in text


def _endpoint(game: Game, profile, player: int) -> bool:
    """Whether ``player``'s mix is an end of the interval of its mixes that, the others fixed,
    keep the profile an equilibrium: moving it by 1e-9 either way leaves the set on one side.

    With the others fixed the set is an interval (convex: see `SolveResult.continua`), and
    with payoffs in {-1, 0, 1} its ends are rationals with small denominators, far more than
    1e-9 apart; so an inner point would stay an equilibrium on both sides."""
    step = Fraction(1, 10**9)
    inside = []
    for sign in (1, -1):
        q = profile[player][0] + sign * step
        if not 0 <= q <= 1:
            inside.append(False)
            continue
        moved = list(profile)
        moved[player] = (q, 1 - q)
        inside.append(is_equilibrium(game, moved))
    return not all(inside)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    payoffs=st.lists(
        arrays(np.int64, (2, 2, 2), elements=st.integers(-1, 1)), min_size=3, max_size=3
    )
)
def test_listed_vertices_are_vertices(payoffs: list[np.ndarray]) -> None:
    """Small payoff ranges make ties and continua common.  Every listed profile is an exact
    equilibrium; when the result says it lists vertices, no listed mix can be moved either way
    along its continuum; and a continuum is claimed only where the segment between two listed
    equilibria is made of equilibria (checked at its midpoint)."""
    game = Game(payoffs)
    result = solve(game)
    exact = [eq.profile for eq in result.equilibria if not isinstance(eq.payoffs[0], float)]
    assert all(is_equilibrium(game, profile) for profile in exact)
    if result.components == "vertices":
        for profile in exact:
            for player in range(3):
                if 0 < profile[player][0] < 1:
                    assert _endpoint(game, profile, player), profile
    for first in exact:
        for second in exact:
            differ = [k for k in range(3) if first[k] != second[k]]
            if len(differ) == 1:
                middle = list(first)
                k = differ[0]
                middle[k] = tuple((a + b) / 2 for a, b in zip(first[k], second[k], strict=True))
                assert is_equilibrium(game, middle)


@pytest.mark.oracle
def test_degenerate_game_without_continua_says_so() -> None:
    """Row ties between its strategies against column 2, which Column plays in no equilibrium:
    degenerate, yet the three extreme equilibria (as Gambit's enummixed lists them) share no
    player's strategy, so no segment joins two of them and each is isolated.  The text must
    not say that the equilibria form continua."""
    from oracle import enummixed, profile_key

    game = Game([[[1, -1, -1], [-1, -1, 1]], [[1, 0, -1], [-1, -1, 0]]])
    result = solve(game)
    assert {profile_key(eq.profile) for eq in result.equilibria} == enummixed(game)
    assert result.degenerate
    assert not result.continua
    text = equilibria_text(result)
    assert "yet every equilibrium is isolated" in text
    assert "equilibria form continua" not in text


@pytest.mark.parametrize(("shape", "seed"), [((4, 4, 4), 1), ((3, 3, 3, 3), 2)], ids=str)
def test_ties_in_large_games_give_checked_equilibria(shape, seed) -> None:
    """Payoffs in [-2, 2]: ties everywhere, continua among the support systems.  Subdivision
    declines those (dependent equations, or too many boxes) and the exact path takes them;
    every listed profile is an equilibrium (exactly when rational), every pure equilibrium
    is listed, and the result says it is degenerate and may be incomplete."""
    rng = np.random.default_rng(seed)
    game = Game([rng.integers(-2, 3, shape) for _ in shape])
    result = solve(game)
    assert result.degenerate
    assert not result.complete
    for equilibrium in result.equilibria:
        rational = all(isinstance(p, Fraction) for mixed in equilibrium.profile for p in mixed)
        assert is_equilibrium(game, equilibrium.profile, tol=0 if rational else 1e-9)
    listed = {eq.profile for eq in result.equilibria if eq.pure}
    assert listed == {eq.profile for eq in solve(game, method="pure").equilibria}
