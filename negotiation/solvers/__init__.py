"""Solvers, and `solve`, which picks one for the game and checks every answer exactly.

- two players: `vertex_enumeration` (every extreme equilibrium, exact, degenerate games too);
- more players: `pure_nash` for every pure equilibrium, plus `support_enumeration` for mixed
  equilibria of small games (sympy, exact where the solution is rational);
- ``method="pure"`` asks for pure equilibria only, for any number of players;
- ``method="lemke_howson"`` gives one equilibrium of a two-player game fast, exactly (or one
  per missing label: ``labels``), for games too large to enumerate; the list is incomplete;
- ``method="pns"`` gives the first equilibrium of a two-player game found by support
  enumeration in Porter, Nudelman and Shoham's order (small balanced supports first), exactly;
  the list is incomplete.
- ``method="gnm"``: some equilibria of a game of any size by the global Newton method
  (`global_newton`, needs pygambit), in floats, each re-checked for regret; numerical and
  incomplete.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

from negotiation.deviation import (
    expected_payoffs,
    is_equilibrium,
    more_best_responses_than_played,
    regrets,
    renormalised,
)
from negotiation.errors import GameTooLargeError, NegotiationError
from negotiation.game import Game, Payoff
from negotiation.results import Equilibrium, SolveResult
from negotiation.solvers.pure_nash import pure_nash

METHODS = (
    "auto",
    "vertex_enumeration",
    "pure",
    "support_enumeration",
    "lemke_howson",
    "pns",
    "gnm",
    "logit",
)
# Support enumeration of games with 3+ players solves one polynomial system per support
# profile; its cost grows with the number of unknown probabilities, sum(s_i - 1), the number of
# unknowns of the largest systems (`benchmarks/nplayer.py`).  Measured on random games with
# payoffs up to 1e6 (2 cores, one game each): 2x2x2x2x2 (5 unknowns) 0.5 s, 3x3x4 (7) 0.7 s,
# 3x3x3x3 (8) and 4x4x4 (9) about 6 s, 3x3x3x4 (9) 24 s, while 4x4x5 (10) takes 30 s and 5x5x5
# (12) more than 5 minutes.  Above the bound, `solve` with method "auto" gives the pure
# equilibria and says the list may be incomplete.
SUPPORT_ENUMERATION_MAX_EFFORT = 9
# The largest two-player game (C(m + n, m), `vertex_enumeration_effort`) whose degeneracy a
# one-equilibrium method checks exactly by walking the polytopes: 8x8 (12,870), some 30 ms;
# beyond, the walk would cost far more than the one equilibrium these methods are for.
DEGENERACY_CHECK_EFFORT = 13_000


def support_enumeration_effort(shape: Sequence[int]) -> int:
    """The unknown probabilities of the full support profile, sum(s_i - 1)."""
    return sum(count - 1 for count in shape)


def _pure_profile(game: Game, cell: Sequence[int]) -> tuple[tuple[Fraction, ...], ...]:
    return tuple(
        tuple(Fraction(int(k == chosen)) for k in range(count))
        for chosen, count in zip(cell, game.shape, strict=True)
    )


def checked_equilibrium(
    exact_game: Game,
    profile: Sequence[Sequence[Payoff]],
    exact: bool,
    payoffs: Sequence[Payoff] | None = None,
) -> Equilibrium:
    """An `Equilibrium` after checking it, exactly when the profile is exact.

    ``payoffs``, when given, are the expected payoffs the solver computed more accurately than
    float arithmetic on the profile can (`support_enumeration._algebraic_payoffs`: exact 0
    rather than 1e-16).
    """
    rational = _rational(profile)
    tolerance = 0.0 if rational else 1e-9
    if not is_equilibrium(exact_game, profile, tol=tolerance):
        msg = f"solver returned a profile that is not an equilibrium: {profile}"
        raise AssertionError(msg)
    if payoffs is None:
        payoffs = expected_payoffs(exact_game, profile)
    if not (exact and rational):
        profile = tuple(tuple(float(p) for p in mixed) for mixed in profile)
        payoffs = tuple(float(value) for value in payoffs)
    return Equilibrium(tuple(tuple(mixed) for mixed in profile), tuple(payoffs))


def equilibrium_order(equilibrium: Equilibrium) -> tuple:
    """How `solve` sorts equilibria: pure ones first, then by their probabilities."""
    return (not equilibrium.pure, tuple(-float(p) for mixed in equilibrium.profile for p in mixed))


def solve(
    game: Game,
    method: str = "auto",
    parameters: Mapping[str, object] | None = None,
    labels: Sequence[int] | str = (0,),
    progress: Callable[[int], None] | None = None,
) -> SolveResult:
    """Find the Nash equilibria of ``game``.

    Parameters
    ----------
    game : Game
    method : {"auto", "vertex_enumeration", "pure", "support_enumeration", "lemke_howson", \
"pns", "gnm", "logit"}
        ``logit`` follows the logit path to one equilibrium of a game of any size and
        solves its support exactly (`logit`); when that fails, the path's end is numerical
        and ``regret`` says how close.  ``auto`` uses vertex enumeration for two players and
        pure plus support enumeration for more, up to ``SUPPORT_ENUMERATION_MAX_EFFORT``
        (beyond it, the pure equilibria, marked incomplete); ``support_enumeration`` named
        explicitly runs at any size.  ``gnm`` is numerical and incomplete: the result's
        ``regret`` is the largest regret of the equilibria it lists.
    parameters : mapping, optional
        Parameter values the game was built from, carried into the result.
    labels : sequence of int or "all"
        For ``lemke_howson``: the missing labels whose paths are followed (``0 .. m-1`` the
        row player's strategies, then the column player's), or every label.
    progress : callable, optional
        For ``vertex_enumeration``: called now and then with the number of bases walked
        since its last call; a large game's walk takes minutes, and the total is not known
        in advance, so a display can only count.  For ``support_enumeration``: called with 1
        as each support profile is solved.

    Returns
    -------
    SolveResult
        Every equilibrium is checked exactly before it is returned.

    Examples
    --------
    >>> from negotiation.game import Game
    >>> battle = Game([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
    >>> result = solve(battle)
    >>> [eq.profile for eq in result.equilibria if not eq.pure]
    [((Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3)))]
    """
    if method not in METHODS:
        msg = f"unknown method {method!r}; choose one of {', '.join(METHODS)}"
        raise NegotiationError(msg)
    exact_game = game if game.exact else Game(game.exact_payoffs(), game.players, game.strategies)
    automatic = method == "auto"
    if automatic:
        method = "vertex_enumeration" if game.n_players == 2 else "support_enumeration"

    complete = True
    degenerate = False
    components = "vertices"
    known: list[Sequence[Payoff] | None] = []  # payoffs a solver computed exactly
    numerical = method == "gnm"
    if method == "logit":
        from negotiation.solvers.logit import logit_equilibrium

        profile, made_exact = logit_equilibrium(exact_game)
        if not made_exact:  # the path's end, as floats
            numerical = True
            found_profiles = [profile]
            regret = float(max(regrets(exact_game, renormalised(profile))))
    if method == "gnm":
        from negotiation.solvers.global_newton import global_newton_equilibria

        found_profiles, regret = global_newton_equilibria(exact_game)
    if numerical:
        equilibria = sorted(
            (
                Equilibrium(
                    profile, tuple(float(v) for v in expected_payoffs(exact_game, profile))
                )
                for profile in found_profiles
            ),
            key=equilibrium_order,
        )
        return SolveResult(
            game=game,
            method=method,
            exact=False,
            equilibria=tuple(equilibria),
            degenerate=_has_pure_ties(exact_game),  # what can be seen without the exact set
            complete=False,
            parameters=dict(parameters or {}),
            components="points",
            regret=regret,
        )
    if method == "logit":
        profiles = [profile]
        complete = False
        degenerate = (
            _degenerate_two_player(exact_game, profiles)
            if game.n_players == 2
            else _ties_seen(exact_game, profiles)
        )
    elif method == "vertex_enumeration":
        if game.n_players != 2:
            msg = f"vertex enumeration needs two players, the game has {game.n_players}"
            raise NegotiationError(msg)
        from negotiation.solvers.vertex_enumeration import extreme_equilibria

        _check_effort(game)
        pairs, degenerate = extreme_equilibria(*exact_game.payoffs, progress)
        profiles: list[Sequence[Sequence[Payoff]]] = [list(pair) for pair in pairs]
    elif method == "lemke_howson":
        if game.n_players != 2:
            msg = f"Lemke-Howson needs two players, the game has {game.n_players}"
            raise NegotiationError(msg)
        from negotiation.solvers.lemke_howson import lemke_howson_equilibria

        labels_count = sum(game.shape)
        chosen = range(labels_count) if labels == "all" else labels
        for label in chosen:
            if not 0 <= label < labels_count:
                msg = f"label {label} is not a strategy: choose 0 to {labels_count - 1} or all"
                raise NegotiationError(msg)
        profiles = list(lemke_howson_equilibria(*exact_game.payoffs, chosen))
        complete = False
        degenerate = _degenerate_two_player(exact_game, profiles)
    elif method == "pns":
        if game.n_players != 2:
            msg = f"PNS support search needs two players, the game has {game.n_players}"
            raise NegotiationError(msg)
        from negotiation.solvers.pns import pns_equilibrium

        profiles = [pns_equilibrium(*exact_game.payoffs)]
        complete = False
        degenerate = _degenerate_two_player(exact_game, profiles)
    elif method == "pure":
        profiles = [_pure_profile(game, cell) for cell in pure_nash(exact_game)]
        complete = False
        degenerate = _has_pure_ties(exact_game)
    else:
        from negotiation.solvers.support_enumeration import mixed_equilibria

        if automatic and support_enumeration_effort(game.shape) > SUPPORT_ENUMERATION_MAX_EFFORT:
            method = "pure"
            profiles = [_pure_profile(game, cell) for cell in pure_nash(exact_game)]
            complete = False
            degenerate = _has_pure_ties(exact_game)
        else:
            found = mixed_equilibria(exact_game, progress)
            profiles = list(found.profiles)
            known = list(found.payoffs)
            degenerate = found.degenerate
            complete = found.complete
            components = "vertices" if found.vertices else "points"

    known = known or [None] * len(profiles)
    equilibria = sorted(
        (
            checked_equilibrium(exact_game, profile, game.exact, payoffs)
            for profile, payoffs in zip(profiles, known, strict=True)
        ),
        key=equilibrium_order,
    )
    return SolveResult(
        game=game,
        method=method,
        exact=game.exact,
        equilibria=tuple(equilibria),
        degenerate=degenerate,
        complete=complete,
        parameters=dict(parameters or {}),
        components=components,
    )


def _check_effort(game: Game) -> None:
    """Refuse, before any work, a two-player game too large for exact vertex enumeration."""
    from negotiation.solvers.vertex_enumeration import MAX_SUBSETS, vertex_enumeration_effort

    bound = vertex_enumeration_effort(*game.shape)
    if bound > MAX_SUBSETS:
        size = "x".join(str(count) for count in game.shape)
        msg = (
            f"a {size} game is too large for exact vertex enumeration (its best-response "
            f"polytopes may have up to {bound:.1e} vertices, the limit is {MAX_SUBSETS:.0e}); "
            "method 'lemke_howson' (--method lemke_howson) gives one equilibrium fast, method "
            "'pure' (--method pure) its pure equilibria"
        )
        raise GameTooLargeError(msg)


def _degenerate_two_player(game: Game, profiles: Sequence[Sequence[Sequence[Payoff]]]) -> bool:
    """Whether a two-player game solved for one equilibrium (``lemke_howson``, ``pns``) is
    degenerate, exactly: a pure profile with tied best responses, or a found equilibrium with
    more best responses than strategies played, proves it at no cost; otherwise the polytopes'
    labels decide (`is_degenerate`), for games up to `DEGENERACY_CHECK_EFFORT`.  Beyond that
    size the exact test (NP-complete in general) would cost far more than the solve, and only
    the evidence at hand counts: False there means no tie was seen."""
    from negotiation.solvers.vertex_enumeration import is_degenerate, vertex_enumeration_effort

    if _ties_seen(game, profiles):
        return True
    if vertex_enumeration_effort(*game.shape) > DEGENERACY_CHECK_EFFORT:
        return False
    return is_degenerate(*game.payoffs)


def _ties_seen(game: Game, profiles: Sequence[Sequence[Sequence[Payoff]]]) -> bool:
    """Whether a one-equilibrium method's answer shows the game degenerate: a pure profile
    with tied best responses, or an exact equilibrium with more best responses than
    strategies played.  False proves nothing."""
    return _has_pure_ties(game) or any(
        _rational(profile) and more_best_responses_than_played(game.payoffs, profile)
        for profile in profiles
    )


def _rational(profile: Sequence[Sequence[Payoff]]) -> bool:
    return all(isinstance(p, Fraction) for mixed in profile for p in mixed)


def _has_pure_ties(game: Game) -> bool:
    """Whether some player has two best responses to a pure profile of the others."""
    from negotiation.solvers.pure_nash import best_response_mask

    return any(
        (best_response_mask(payoff, player).sum(axis=player) > 1).any()
        for player, payoff in enumerate(game.payoffs)
    )
