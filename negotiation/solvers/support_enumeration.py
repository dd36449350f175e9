"""Nash equilibria of small games with any number of players, by support enumeration.

The method (McKelvey and McLennan, "Computation of equilibria in finite games", Handbook of
Computational Economics vol. 1, 1996, section 6; Gambit's ``enumpoly`` does the same):

1. Pure equilibria come from `pure_nash`.
2. For every other support profile (a non-empty set of strategies per player), skip it at once
   if a support strategy cannot be a best response: another strategy of the same player does at
   least as well against every opponents' profile inside the supports and better against one
   (conditional dominance, Porter, Nudelman and Shoham, "Simple search methods for finding a
   Nash equilibrium", Games and Economic Behavior 63, 2008).  Iterating the dominance test
   adds nothing once a profile is fixed: a strategy beaten by a beaten one is beaten by
   whatever beats that one; the supports are enumerated whole, smallest first, as every
   equilibrium is wanted (the order of Porter et al. serves the search for one).
3. Otherwise the unknowns are the support probabilities, each player's last one replaced by one
   minus the others.  Each player is indifferent between its support strategies: a square
   system of polynomial equations, multilinear in the other players' probabilities (linear for
   two players).
4. With one or two players mixing, or three with four unknowns or fewer, `support_systems`
   solves the system by exact linear algebra and resultants where its structure allows.
   Systems of four unknowns or more that it leaves, and those of five or more where three
   players mix or more (`_boxes_first`: there subdivision is the faster), go to `box_roots`:
   subdivision of the box of probabilities, each solution in it isolated and certified by
   Krawczyk's test, refined to 60 digits by Newton's method and read as Fractions when they
   satisfy the equations exactly.  It finds only the real solutions in the box, where an
   elimination computes every complex one (56 for a 4x4x4 game's full support, 297 for
   3x3x3x3).  Where it cannot certify (a degenerate case: a singular solution or a
   continuum), a linear program first checks, from six unknowns, that every player's support
   can be optimal at all (`_belief_exists`: some distribution on the others' support
   profiles makes its support strategies jointly best responses; this covers dominance by
   mixed strategies), then a reduced lex Groebner basis over the rationals (sympy) says
   whether the system has no solution, finitely many, or a continuum.  Finitely many
   solutions are read off a basis in *shape position*, ``x_k = g_k(t)`` and ``p(t) = 0``,
   where ``t`` is the last unknown or, when two solutions share that coordinate, a linear
   form in the unknowns.  Rational roots of ``p`` give exact solutions; the other real roots
   are isolated exactly (sympy's real root isolation) and refined by Newton's method to 60
   digits.  A root whose probabilities, at 60 digits, lie outside [0, 1] by more than
   ``1e-20`` is dropped before the exact arithmetic in its number field, which is where most
   of the time would go.
5. A solution is an equilibrium when every support probability is positive and no strategy off
   the support pays more.  The test is exact for rational solutions; irrational ones are checked
   at 60 significant digits, a gap under ``1e-40`` (relative to the payoffs) counting as a tie,
   and are reported as floats.

A continuum of solutions needs a degenerate game and cannot be listed.  When the payoffs are
linear in the unknowns (two players, or one player mixing), an exact linear program decides
whether the continuum holds equilibria with that support and, if so, returns the one furthest
from the support's boundary; the result is then marked incomplete.  Otherwise the support is
skipped and the result marked incomplete, as it is for a finite system whose solutions have
multiplicities that no linear form separates (also a degenerate case).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations, product
from typing import Any

import numpy as np

from negotiation.deviation import strategy_payoffs
from negotiation.game import Game
from negotiation.simplex import maximise
from negotiation.solvers.box_roots import MultilinearSystem, real_solutions
from negotiation.solvers.pure_nash import pure_equilibrium_mask

Probability = Fraction | float
Profile = tuple[tuple[Probability, ...], ...]

_DIGITS = 60  # working precision (significant digits) for irrational solutions
_TIE = 1e-40  # gap, relative to the largest payoff, below which irrational payoffs are equal
_LINEAR_FORMS = 3  # linear forms tried to bring a basis into shape position
_NEWTON_STEPS = 4  # from an isolating interval 1e-15 wide to full working precision
_BELIEFS_FROM = 6  # unknowns from which a Groebner basis costs more than `_belief_exists`
_BOXES_FROM = 4  # unknowns from which subdivision (`box_roots`) is tried before Groebner
_BOXES_FIRST = 5  # and, with three players mixing or more, before `support_systems` too
_OUTSIDE = 1e-20  # how far outside [0, 1] a 60-digit probability must be to be dropped unchecked


@dataclass(frozen=True)
class SupportEnumerationResult:
    """The equilibria found by `mixed_equilibria`.

    Attributes
    ----------
    profiles : tuple
        Each equilibrium as one probability tuple per player: Fractions when every probability
        is rational, floats otherwise.
    degenerate : bool
        Whether some equilibrium has a best response off its support, or some support has
        solutions that could not be listed.
    complete : bool
        False when a support's solutions could not be listed (a continuum): equilibria may be
        missing.
    vertices : bool
        Whether every continuum found is given by its vertices (one player mixing): False
        when one is given by one point inside it, or left out.
    payoffs : tuple
        For each irrational profile, the players' expected payoffs computed exactly
        (`_algebraic_payoffs`): Fractions where rational, floats otherwise; None for the
        others.
    """

    profiles: tuple[Profile, ...]
    degenerate: bool
    complete: bool
    vertices: bool = True
    payoffs: tuple[tuple[Fraction | float, ...] | None, ...] = ()


def mixed_equilibria(
    game: Game, progress: Callable[[int], None] | None = None
) -> SupportEnumerationResult:
    """Every Nash equilibrium of a small game, pure and mixed, by support enumeration.

    A random 3x3x3 game takes a fraction of a second, 4x4x4 and 3x3x3x3 some seconds, 4x4x5
    half a minute, 5x5x5 more than five minutes (`benchmarks/nplayer.py`; ``--census`` says
    where the time goes).  Float payoffs are taken at their exact binary value.

    Parameters
    ----------
    game : Game
        Any number of players, two included.
    progress : callable, optional
        Called with 1 after each support profile that conditional dominance leaves is solved
        (a display can count them: a 4x4x5 game has hundreds, half a minute).

    Returns
    -------
    SupportEnumerationResult
        The equilibria in order of support size, with the degeneracy and completeness flags.

    Examples
    --------
    Jordan's three-player matching pennies (Games and Economic Behavior 5, 1993): the first
    player wants to match the second, the second the third, the third to differ from the first.
    Its only equilibrium is fully mixed.

    >>> import numpy as np
    >>> from negotiation.game import Game
    >>> first, second, third = np.indices((2, 2, 2))
    >>> jordan = Game([(first == second) * 1, (second == third) * 1, (third != first) * 1])
    >>> result = mixed_equilibria(jordan)
    >>> [[[str(p) for p in mixed] for mixed in profile] for profile in result.profiles]
    [[['1/2', '1/2'], ['1/2', '1/2'], ['1/2', '1/2']]]
    >>> result.degenerate, result.complete
    (False, True)

    In this game the third player is always indifferent; with the others playing their first
    strategies, its probability ``q`` of the first one keeps them content for ``1/3 <= q <=
    2/3``: a segment of equilibria, listed by its endpoints (more in
    tests/solvers/test_support_enumeration.py).

    >>> from negotiation.nfg import parse_nfg
    >>> segment = parse_nfg('NFG 1 R "segment" { "1" "2" "3" } { 2 2 2 } '
    ...                     '2 -1 0 0 -1 0 2 0 0 0 0 0 -1 2 0 0 2 0 -1 0 0 0 0 0')
    >>> result = mixed_equilibria(segment)
    >>> sorted(str(profile[2][0]) for profile in result.profiles
    ...        if profile[0][0] == profile[1][0] == 1)
    ['1/3', '2/3']
    >>> result.degenerate, result.complete, result.vertices
    (True, True, True)
    """
    payoffs = game.exact_payoffs()
    scale = _largest(payoffs)
    found: dict[tuple, Profile] = {}
    degenerate = False
    complete = True
    vertices = True
    irrational: dict[tuple, tuple[Fraction | float, ...]] = {}  # payoffs, exact where rational

    for cell in np.argwhere(pure_equilibrium_mask(payoffs)):
        profile = tuple(
            tuple(Fraction(int(k == chosen)) for k in range(count))
            for chosen, count in zip(cell, game.shape, strict=True)
        )
        _, tie = _check(payoffs, profile, tolerance=0)
        degenerate |= tie
        found[_key(profile)] = profile

    comparisons = _comparisons(payoffs)
    candidates = [
        supports
        for supports in product(*(_subsets(count) for count in game.shape))
        if any(len(support) > 1 for support in supports)
        and _may_be_best_responses(comparisons, supports)
    ]
    if not candidates:
        return SupportEnumerationResult(tuple(found.values()), degenerate, complete, vertices)

    import mpmath

    with mpmath.mp.workdps(_DIGITS):
        beliefs: dict[tuple, bool] = {}
        for supports in candidates:
            if progress is not None:
                progress(1)
            points = _solve_support(payoffs, supports, beliefs)
            if points is None:
                # Solutions that cannot be listed, a continuum as a rule: the game is
                # degenerate.  When one player's mix varies along it, the others' fixed, the
                # continuum is a polytope: its vertices are listed.  Otherwise, with linear
                # payoffs a linear program says whether it holds an equilibrium; if none,
                # nothing is missing.
                degenerate = True
                listed = _continuum_vertices(payoffs, supports)
                if listed is not None:
                    for profile in listed:
                        if _check(payoffs, profile, 0)[0]:
                            found.setdefault(_key(profile), profile)
                    continue
                vertices = False
                if not _linear(supports):
                    complete = False
                    continue
                inside = _interior_equilibrium(payoffs, supports)
                if inside is None:
                    continue
                complete = False
                points = [inside]
            for point, profile, tie in _equilibrium_points(payoffs, supports, points, scale):
                degenerate |= tie
                if not _rational(point):
                    values = (
                        _algebraic_payoffs(payoffs, supports, point)
                        if isinstance(point, _Algebraic)
                        else _precise_payoffs(payoffs, profile)
                    )
                    profile = _floats(profile)
                    irrational[_key(profile)] = values
                found.setdefault(_key(profile), profile)
    return SupportEnumerationResult(
        tuple(found.values()),
        degenerate,
        complete,
        vertices,
        tuple(irrational.get(key) for key in found),
    )


def support_equilibria(
    payoffs: Sequence[np.ndarray], supports: Sequence[tuple[int, ...]]
) -> list[Profile]:
    """The equilibria whose supports are exactly ``supports``, of a game with exact payoffs,
    when their system has finitely many solutions (a continuum gives none): Fractions when
    rational, floats (checked at 60 digits) otherwise.  For a method that has guessed the
    supports, such as the end of the logit path (`logit`)."""
    import mpmath

    shape = payoffs[0].shape
    if all(len(support) == 1 for support in supports):
        pure = _profile((), supports, shape)
        return [pure] if _check(payoffs, pure, 0)[0] else []
    with mpmath.mp.workdps(_DIGITS):
        points = _solve_support(payoffs, supports)
        return [
            profile if _rational(point) else _floats(profile)
            for point, profile, _ in _equilibrium_points(
                payoffs, supports, points or [], _largest(payoffs)
            )
        ]


def _equilibrium_points(
    payoffs: Sequence[np.ndarray],
    supports: Sequence[tuple[int, ...]],
    points: Sequence[Any],
    scale: Any,
) -> Iterator[tuple[Any, Profile, bool]]:
    """The solutions of a support's system that are equilibria with that support: each with
    its profile (at working precision) and whether another strategy ties (step 5 of the
    module's docstring)."""
    shape = payoffs[0].shape
    for point in points:
        profile = _profile(point, supports, shape)
        tolerance = 0 if _rational(point) else _TIE * scale
        if not all(
            profile[i][k] > tolerance for i, support in enumerate(supports) for k in support
        ):
            continue
        equilibrium, tie = _check(payoffs, profile, tolerance)
        if equilibrium:
            yield point, profile, tie


def _rational(point: Sequence[Any]) -> bool:
    return all(isinstance(value, Fraction) for value in point)


def _floats(profile: Profile) -> Profile:
    return tuple(tuple(float(p) for p in mixed) for mixed in profile)


def _largest(payoffs: Sequence[np.ndarray]) -> Any:
    """The largest absolute payoff, at least 1: the scale of the tie tolerance."""
    return max(1, *(abs(value) for payoff in payoffs for value in payoff.flat))


def _subsets(count: int) -> list[tuple[int, ...]]:
    """Non-empty subsets of ``range(count)``, smallest first."""
    return [subset for size in range(1, count + 1) for subset in combinations(range(count), size)]


def _comparisons(payoffs: Sequence[np.ndarray]) -> list[np.ndarray]:
    """For each player, ``signs[t, k, *others]``: the sign of its payoff of ``t`` minus that
    of ``k`` against each pure profile of the others, as small integers.

    Computed once per game, so that the dominance test of every support profile compares
    integers in numpy rather than Fractions.
    """
    signs = []
    for player, payoff in enumerate(payoffs):
        own = np.moveaxis(payoff, player, 0)
        higher = own[:, None] > own[None, :]
        lower = own[:, None] < own[None, :]
        signs.append(higher.astype(np.int8) - lower.astype(np.int8))
    return signs


def _may_be_best_responses(
    comparisons: Sequence[np.ndarray], supports: Sequence[tuple[int, ...]]
) -> bool:
    """False when some support strategy is beaten whenever the others play in their supports.

    Strategy ``k`` of player ``i`` is beaten when some ``t`` does at least as well against every
    opponents' profile in the supports and better against one; each of those profiles has
    positive probability, so ``t`` pays more than ``k`` in expectation.  ``comparisons`` is
    `_comparisons` of the payoffs.
    """
    for player, signs in enumerate(comparisons):
        count = signs.shape[0]
        others = [support for axis, support in enumerate(supports) if axis != player]
        restricted = signs[np.ix_(range(count), supports[player], *others)]
        flat = restricted.reshape(count, len(supports[player]), -1)
        beaten = (flat >= 0).all(axis=-1) & (flat > 0).any(axis=-1)
        if beaten.any():
            return False
    return True


def _unknowns(supports: Sequence[tuple[int, ...]]) -> int:
    """The unknowns of a support's indifference system: each support's size less one."""
    return sum(len(support) - 1 for support in supports)


def _belief_exists(
    payoffs: Sequence[np.ndarray],
    supports: Sequence[tuple[int, ...]],
    player: int,
    cache: dict[tuple, bool],
) -> bool:
    """Whether some belief of ``player``, a distribution on the others' support profiles that
    gives each of them positive probability, makes every support strategy a best response.

    A necessary condition for an equilibrium with these supports: the others' product mix is
    one such belief.  It is weaker than the equilibrium conditions (the belief need not be a
    product) but an exact linear program decides it (`negotiation.simplex.maximise`: maximise
    the smallest probability subject to indifference on the support and no gain off it; the
    support passes when the optimum is positive).  It discards every support holding a
    strategy dominated, given the others' supports, by a mix of the player's strategies, and
    more: supports that no belief makes jointly optimal.  The answer depends on the player's
    support and the others' only, so ``cache`` keeps it across support profiles.
    """
    others = tuple(support for axis, support in enumerate(supports) if axis != player)
    key = (player, supports[player], others)
    if key in cache:
        return cache[key]
    count = payoffs[player].shape[player]
    axes = [range(count) if axis == player else support for axis, support in enumerate(supports)]
    table = np.moveaxis(payoffs[player][np.ix_(*axes)], player, 0).reshape(count, -1)
    cells = table.shape[1]
    zero, one = Fraction(0), Fraction(1)
    first = supports[player][0]
    equal_rows = [[one] * cells + [zero]]
    equal_values = [one]
    upper_rows = []
    for strategy in range(count):
        if strategy == first:
            continue
        row = [*(table[strategy] - table[first]), zero]
        (equal_rows if strategy in supports[player] else upper_rows).append(row)
    equal_values += [zero] * (len(equal_rows) - 1)
    for cell in range(cells):  # the smallest probability, last, is at most each one
        upper_rows.append([-one if k == cell else zero for k in range(cells)] + [one])
    solution = maximise(
        [zero] * cells + [one], upper_rows, [zero] * len(upper_rows), equal_rows, equal_values
    )
    cache[key] = solution is not None and solution[0] > 0
    return cache[key]


def _solve_support(
    payoffs: Sequence[np.ndarray],
    supports: Sequence[tuple[int, ...]],
    beliefs: dict[tuple, bool] | None = None,
) -> list[tuple[Any, ...]] | None:
    """The real solutions of a support's indifference system, or None when they cannot be
    listed (a continuum, or multiple roots); [] also when, before a Groebner basis, a linear
    program finds that no solution can be an equilibrium (`_belief_exists`).

    A solution gives the probabilities of each player's support strategies but the last, player
    by player: Fractions when rational, mpmath numbers otherwise (step 4 of the module's
    docstring says which solver takes which system).  ``beliefs`` caches `_belief_exists`.
    """
    from negotiation.solvers.support_systems import UNSOLVED, solve_structured

    boxes_first = _boxes_first(supports)
    if not boxes_first:
        structured = solve_structured(payoffs, supports)
        if structured is not UNSOLVED:
            return structured  # type: ignore[return-value]
    polynomial_ring, equations = _equations(payoffs, supports)
    if polynomial_ring.ngens >= _BOXES_FROM and len(equations) == polynomial_ring.ngens:
        points = real_solutions(_multilinear(polynomial_ring, equations, supports))
        if points is not None:
            return points
    if boxes_first:
        structured = solve_structured(payoffs, supports)
        if structured is not UNSOLVED:
            return structured  # type: ignore[return-value]
    if _unknowns(supports) >= _BELIEFS_FROM and not all(
        _belief_exists(payoffs, supports, player, {} if beliefs is None else beliefs)
        for player in range(len(supports))
    ):
        return []  # whatever the solutions, none is an equilibrium
    basis = _lex_basis(equations, polynomial_ring)
    if basis is None:
        return None
    if basis == [polynomial_ring.one]:
        return []
    points = _shape_points(basis, polynomial_ring, in_unit_interval=True)
    if points is not None:
        return points
    for attempt in range(1, _LINEAR_FORMS + 1):
        points = _separated_points(basis, polynomial_ring, attempt)
        if points is not None:
            return points
    return None


def _boxes_first(supports: Sequence[tuple[int, ...]]) -> bool:
    """Whether subdivision is tried before `support_systems`: with three players mixing or
    more and ``_BOXES_FIRST`` unknowns, it is the faster."""
    mixing = sum(1 for support in supports if len(support) > 1)
    return mixing >= 3 and _unknowns(supports) >= _BOXES_FIRST


def _equations(payoffs: Sequence[np.ndarray], supports: Sequence[tuple[int, ...]]) -> tuple:
    """The polynomial ring of a support's unknowns (each player's support probabilities but
    the last, player by player) and its indifference equations."""
    from sympy.polys.domains import QQ
    from sympy.polys.orderings import lex
    from sympy.polys.rings import ring

    unknowns = sum(len(support) - 1 for support in supports)
    polynomial_ring, *variables = ring([f"x{k}" for k in range(unknowns)], QQ, lex)
    probabilities = []
    start = 0
    for support in supports:
        own = variables[start : start + len(support) - 1]
        start += len(own)
        probabilities.append(np.array([*own, 1 - sum(own, polynomial_ring.zero)], dtype=object))

    from negotiation.solvers.support_systems import strategy_differences

    equations = []
    for player, payoff in enumerate(payoffs):
        if len(supports[player]) == 1:
            continue
        rational = np.vectorize(
            lambda value: QQ(value.numerator, value.denominator), otypes=[object]
        )(payoff)
        differences = strategy_differences(rational, player, supports, probabilities)
        equations += [differences[k] for k in supports[player][1:]]
    return polynomial_ring, [equation for equation in equations if equation]


def _multilinear(
    polynomial_ring: Any, equations: list, supports: Sequence[tuple[int, ...]]
) -> MultilinearSystem:
    """A support's indifference equations for `box_roots`: each monomial as the indices of
    its unknowns (none is squared), the unknowns grouped by player."""
    terms = [
        {
            tuple(k for k, exponent in enumerate(monomial) if exponent): _fraction(value)
            for monomial, value in equation.terms()
        }
        for equation in equations
    ]
    offsets = np.cumsum([0, *(len(support) - 1 for support in supports)])
    blocks = [list(range(offsets[i], offsets[i + 1])) for i in range(len(supports))]
    return MultilinearSystem(terms, polynomial_ring.ngens, blocks)


def _continuum_vertices(
    payoffs: Sequence[np.ndarray], supports: Sequence[tuple[int, ...]]
) -> list[Profile] | None:
    """The vertices of a continuum of solutions along which one player's mix varies, or None
    when no player's does (then the others' mixes are not fixed, or not rational).

    For each mixing player ``i`` in turn: a lex Groebner basis with ``i``'s unknowns first
    eliminates them (Cox, Little and O'Shea, Ideals, Varieties, and Algorithms, 3.1); when the
    elimination ideal has finitely many solutions, all rational, the other players' mixes are
    fixed along the continuum, and `_varying_vertices` lists the vertices of ``i``'s polytope
    at each of them.
    """
    from sympy.polys.domains import QQ
    from sympy.polys.groebnertools import groebner
    from sympy.polys.orderings import lex
    from sympy.polys.rings import ring

    mixing = [i for i, support in enumerate(supports) if len(support) > 1]
    if len(mixing) == 1:  # the others pure (the mixer's own entry is not used)
        fixed = [tuple(Fraction(1) for _ in support) for support in supports]
        return _varying_vertices(payoffs, supports, mixing[0], fixed)
    polynomial_ring, equations = _equations(payoffs, supports)
    offsets = np.cumsum([0, *(len(support) - 1 for support in supports)])
    for player in mixing:
        own = list(range(offsets[player], offsets[player + 1]))
        rest = [k for k in range(polynomial_ring.ngens) if k not in own]
        names = [f"x{k}" for k in own + rest]
        ordered, *_ = ring(names, QQ, lex)
        order = own + rest
        lifted = [
            ordered.from_dict(
                {tuple(monomial[k] for k in order): value for monomial, value in element.terms()}
            )
            for element in equations
        ]
        eliminated_ring, *_ = ring([f"x{k}" for k in rest], QQ, lex)
        elimination = [
            eliminated_ring.from_dict(
                {monomial[len(own) :]: value for monomial, value in element.terms()}
            )
            for element in groebner(lifted, ordered)
            if not any(any(monomial[: len(own)]) for monomial in element.monoms())
        ]
        if elimination == [eliminated_ring.one]:
            return []
        if not elimination or not _zero_dimensional(elimination, len(rest)):
            continue
        points = _shape_points(
            [element.monic() for element in elimination], eliminated_ring, in_unit_interval=False
        )
        if points is None or not all(isinstance(v, Fraction) for p in points for v in p):
            continue
        profiles: list[Profile] = []
        for point in points:
            values = dict(zip(rest, point, strict=True))
            fixed = []
            for other in range(len(supports)):
                own_values = [
                    values.get(k, Fraction(0)) for k in range(offsets[other], offsets[other + 1])
                ]
                fixed.append((*own_values, 1 - sum(own_values, Fraction(0))))
            if all(
                p > 0 for other in range(len(supports)) if other != player for p in fixed[other]
            ):
                profiles += _varying_vertices(payoffs, supports, player, fixed)
        return profiles
    return None


def _varying_vertices(
    payoffs: Sequence[np.ndarray],
    supports: Sequence[tuple[int, ...]],
    player: int,
    fixed: Sequence[Sequence[Fraction]],
) -> list[Profile]:
    """The vertices of the equilibria with these supports where ``player``'s mix varies and
    every other player's is fixed: ``fixed[j]`` are ``j``'s support probabilities.

    With the others fixed, ``player``'s payoffs do not depend on its own mix, and every other
    player's payoffs are linear in it: the mixes that keep each other player indifferent on its
    support and no better off it form a polytope in ``player``'s simplex (on its support),
    ``{x >= 0, sum x = 1, u_j(t; x) = u_j(s_j; x) for t in j's support, <= off it}``, ``s_j``
    the first strategy of ``j``'s support.  Its vertices are enumerated exactly
    (`polytope_vertices`, with ``x``'s last coordinate eliminated and each equation written as
    two inequalities); a vertex may lie on the simplex's boundary, with a smaller support.  The
    caller checks each profile, which also checks ``player``'s own best responses.
    """
    from negotiation.solvers.vertex_enumeration import polytope_vertices

    shape = payoffs[0].shape
    support = supports[player]
    dimension = len(support) - 1
    zero, one = Fraction(0), Fraction(1)
    profile = [[zero] * count for count in shape]
    for other, probabilities in enumerate(fixed):
        for k, probability in zip(supports[other], probabilities, strict=True):
            profile[other][k] = probability
    rows = [[-one if k == j else zero for k in range(dimension)] for j in range(dimension)]
    bounds = [zero] * dimension
    rows.append([one] * dimension)  # the last probability, 1 - sum(x), is not negative
    bounds.append(one)
    for other, payoff in enumerate(payoffs):
        if other == player:
            continue
        by_strategy = []  # by_strategy[k][t]: other's payoff of t when player plays k
        for k in support:
            profile[player] = [one if j == k else zero for j in range(shape[player])]
            by_strategy.append(strategy_payoffs(payoff, profile, other))
        first = supports[other][0]
        for strategy in range(shape[other]):
            gain = [values[strategy] - values[first] for values in by_strategy]
            row = [value - gain[-1] for value in gain[:-1]]  # gain . x, x_last eliminated
            signs = (1, -1) if strategy in supports[other] else (1,)
            for sign in signs:
                if any(row):
                    rows.append([sign * value for value in row])
                    bounds.append(-sign * gain[-1])
                elif sign * gain[-1] > 0:
                    return []  # the deviation pays more, or less, whatever the player does
    profiles = []
    for vertex in polytope_vertices(rows, bounds, dimension):
        mixed = [zero] * shape[player]
        for k, probability in zip(support, [*vertex.point, 1 - sum(vertex.point)], strict=True):
            mixed[k] = probability
        profile[player] = mixed
        profiles.append(tuple(tuple(mix) for mix in profile))
    return profiles


def _linear(supports: Sequence[tuple[int, ...]]) -> bool:
    """Whether every expected payoff is linear in the support probabilities.

    True with two players, or when a single player mixes: a payoff is then a product of at most
    one unknown probability.
    """
    return len(supports) == 2 or sum(len(support) > 1 for support in supports) <= 1


def _interior_equilibrium(
    payoffs: Sequence[np.ndarray], supports: Sequence[tuple[int, ...]]
) -> tuple[Fraction, ...] | None:
    """An equilibrium with exactly these supports, if any, when the payoffs are linear.

    The exact linear program (`negotiation.simplex.maximise`) maximises the smallest support
    probability subject to indifference on the supports and no gain off them; a positive optimum
    is an equilibrium in the relative interior of the supports.  The point is returned as a
    `_solve_support` solution, each player's last support probability left out.
    """
    offsets = np.cumsum([0, *(len(support) for support in supports)])
    size = int(offsets[-1]) + 1  # every support probability, then the smallest one
    equalities: list[list[Fraction]] = []
    inequalities: list[list[Fraction]] = []
    for player, payoff in enumerate(payoffs):
        row = [Fraction(0)] * size
        for k in range(len(supports[player])):
            row[offsets[player] + k] = Fraction(1)
        equalities.append([*row, Fraction(-1)])  # the probabilities sum to one
        values = [
            _linear_payoff(payoff, supports, offsets, player, k, size)
            for k in range(payoff.shape[player])
        ]
        first = values[supports[player][0]]
        for k, value in enumerate(values):
            difference = [a - b for a, b in zip(value, first, strict=True)]
            if k in supports[player][1:]:
                equalities.append(difference)
            elif k not in supports[player]:
                inequalities.append(difference)
    for position in range(size - 1):
        row = [Fraction(0)] * (size + 1)
        row[position], row[-2] = Fraction(-1), Fraction(1)
        inequalities.append(row)
    solution = maximise(
        [Fraction(0)] * (size - 1) + [Fraction(1)],
        [row[:-1] for row in inequalities],
        [-row[-1] for row in inequalities],
        [row[:-1] for row in equalities],
        [-row[-1] for row in equalities],
    )
    if solution is None or solution[0] <= 0:
        return None
    values = solution[1]
    return tuple(
        value
        for player, support in enumerate(supports)
        for value in values[offsets[player] : offsets[player] + len(support) - 1]
    )


def _linear_payoff(
    payoff: np.ndarray,
    supports: Sequence[tuple[int, ...]],
    offsets: np.ndarray,
    player: int,
    strategy: int,
    size: int,
) -> list[Fraction]:
    """``player``'s payoff of ``strategy`` as coefficients of the unknowns, then a constant.

    Needs at most one other player to mix (`_linear`), or two players in all.
    """
    row = [Fraction(0)] * (size + 1)
    axes = [[strategy] if axis == player else support for axis, support in enumerate(supports)]
    mixing = [axis for axis in range(len(supports)) if axis != player and len(supports[axis]) > 1]
    for cell in product(*axes):
        if mixing:
            axis = mixing[0]
            row[offsets[axis] + supports[axis].index(cell[axis])] += payoff[cell]
        else:
            row[-1] += payoff[cell]
    return row


def _lex_basis(polynomials: list, polynomial_ring: Any) -> list | None:
    """The reduced lex Groebner basis, or None when there are infinitely many solutions.

    A grevlex basis is much quicker to compute than a lex one; it tells whether the solutions
    are finitely many, and then FGLM (Faugere, Gianni, Lazard and Mora, 1993) turns it into the
    lex basis by linear algebra.  ``[1]`` means no solution.
    """
    from sympy.polys.fglmtools import matrix_fglm
    from sympy.polys.groebnertools import groebner
    from sympy.polys.orderings import grevlex

    if not polynomials:
        return None
    graded_ring = polynomial_ring.clone(order=grevlex)
    basis = groebner([element.set_ring(graded_ring) for element in polynomials], graded_ring)
    if basis == [graded_ring.one]:
        return [polynomial_ring.one]
    if not _zero_dimensional(basis, polynomial_ring.ngens):
        return None
    lex_basis = matrix_fglm(basis, graded_ring, polynomial_ring.order)
    return [element.set_ring(polynomial_ring).monic() for element in lex_basis]


def _zero_dimensional(basis: list, unknowns: int) -> bool:
    """Whether the ideal has finitely many complex solutions (Cox, Little and O'Shea, 5.3).

    True when every unknown has a pure power among the leading monomials of the basis.
    """
    pure_powers = {
        next(k for k, exponent in enumerate(element.LM) if exponent)
        for element in basis
        if sum(1 for exponent in element.LM if exponent) == 1
    }
    return len(pure_powers) == unknowns


def _separated_points(basis: list, polynomial_ring: Any, attempt: int) -> list | None:
    """Solutions through a new last unknown ``t = sum (k + 1)**attempt x_k``.

    A linear form that takes different values at the (finitely many) solutions puts the lex
    basis with ``t`` last in shape position when the ideal is radical (the shape lemma, Becker,
    Mora, Marinari and Traverso, 1994).
    """
    from sympy.polys.rings import ring

    names = [str(symbol) for symbol in polynomial_ring.symbols]
    extended, *variables = ring([*names, "t"], polynomial_ring.domain, polynomial_ring.order)
    form = variables[-1] - sum(
        ((k + 1) ** attempt * variable for k, variable in enumerate(variables[:-1])),
        extended.zero,
    )
    lifted = _lex_basis([element.set_ring(extended) for element in basis] + [form], extended)
    if lifted is None:
        return None
    points = _shape_points(lifted, extended, in_unit_interval=False)
    return None if points is None else [point[:-1] for point in points]  # t dropped


def _shape_points(basis: list, polynomial_ring: Any, in_unit_interval: bool) -> list | None:
    """The real solutions of a lex basis ``x_k - g_k(t)``, ``p(t)``; None if not of that shape.

    ``t`` is the last unknown; with ``in_unit_interval`` only its roots in (0, 1) are kept, as
    every unknown is a probability.
    """
    import sympy

    count = polynomial_ring.ngens
    last = count - 1
    if len(basis) != count:
        return None
    solved: dict[int, Any] = {}
    univariate = None
    for element in basis:
        monomials = element.monoms()
        lead = element.LM
        if all(not any(monomial[:last]) for monomial in monomials):
            univariate = element
            continue
        position = next(k for k, exponent in enumerate(lead) if exponent)
        if lead[position] != 1 or any(any(monomial[:last]) for monomial in monomials[1:]):
            return None
        solved[position] = polynomial_ring.gens[position] - element
    if univariate is None or len(solved) != last:
        return None

    t = sympy.Symbol("t")
    polynomial = sympy.Poly.from_dict(
        {(monomial[last],): coefficient for monomial, coefficient in univariate.terms()},
        t,
        domain=sympy.QQ,
    )
    one = sympy.Poly(1, t, domain=sympy.QQ)
    coordinates = []
    for position in range(count):
        element = solved.get(position)
        numerator = (
            sympy.Poly(t, t, domain=sympy.QQ)
            if element is None
            else sympy.Poly.from_dict(
                {(monomial[last],): value for monomial, value in element.terms()} or {(0,): 0},
                t,
                domain=sympy.QQ,
            )
        )
        coordinates.append((numerator, one))
    return univariate_points(
        polynomial, coordinates, in_unit_interval, probabilities=in_unit_interval
    )


def univariate_points(
    polynomial: Any,
    coordinates: Sequence[tuple[Any, Any]],
    in_unit_interval: bool,
    probabilities: bool = False,
) -> list[Any]:
    """The solutions ``x_k = numerator_k(t) / denominator_k(t)`` at the real roots ``t`` of
    ``polynomial`` (sympy Polys in one variable over the rationals).

    Each denominator must be non-zero at every root.  With ``in_unit_interval`` only roots in
    (0, 1) are kept.  A rational root gives a Fraction point; an irrational one an
    `_Algebraic` point, its coordinates reduced to polynomials modulo the root's irreducible
    factor (the denominator inverted modulo it, which is possible as the two are coprime).

    With ``probabilities`` (every coordinate is a probability) an irrational root whose
    coordinates, at 60 digits, leave [0, 1] by more than ``_OUTSIDE`` is dropped before that
    exact work, the costly part (inverting a polynomial modulo a factor of high degree): such
    a point is no equilibrium, and the caller would discard it anyway.
    """
    import sympy

    points: list[Any] = []
    for factor, _ in polynomial.factor_list()[1]:
        if factor.degree() == 1:
            constant, linear = (_fraction(c) for c in reversed(factor.all_coeffs()))
            root = -constant / linear
            if in_unit_interval and not 0 < root < 1:
                continue
            value = sympy.Rational(root.numerator, root.denominator)
            points.append(
                tuple(
                    _fraction(numerator.eval(value)) / _fraction(denominator.eval(value))
                    for numerator, denominator in coordinates
                )
            )
            continue
        roots = real_roots(factor, in_unit_interval)
        if probabilities:
            roots = [
                root
                for root in roots
                if all(
                    -_OUTSIDE
                    < _evaluate(numerator, root) / _evaluate(denominator, root)
                    < 1 + _OUTSIDE
                    for numerator, denominator in coordinates
                )
            ]
        if not roots:
            continue
        reduced = tuple(
            (numerator * denominator.invert(factor)).rem(factor)
            for numerator, denominator in coordinates
        )
        points += [_Algebraic.of(root, factor, reduced) for root in roots]
    return points


def real_roots(factor: Any, in_unit_interval: bool) -> list[Any]:
    """The real roots of an irreducible sympy Poly of degree two or more, at 60 digits.

    Each root is isolated exactly (sympy) to 1e-15, then refined by Newton's method; with
    ``in_unit_interval`` only the roots in (0, 1) are kept.  Callers use them to locate a
    factor's solutions before any exact arithmetic in its number field.
    """
    import mpmath
    import sympy

    bounds = {"inf": 0, "sup": 1} if in_unit_interval else {}
    coefficients = [mpmath.mpf(c.p) / c.q for c in factor.all_coeffs()]
    slope = [
        c * power
        for c, power in zip(coefficients[:-1], range(factor.degree(), 0, -1), strict=True)
    ]
    roots = []
    for (low, high), _ in factor.intervals(eps=sympy.Rational(1, 10**15), **bounds):
        # A simple root known to 1e-15: Newton's steps reach 1e-60 in three steps.
        root = (mpmath.mpf(low.p) / low.q + mpmath.mpf(high.p) / high.q) / 2
        for _ in range(_NEWTON_STEPS):
            root -= mpmath.polyval(coefficients, root) / mpmath.polyval(slope, root)
        roots.append(root)
    return roots


class _Algebraic(tuple):
    """An irrational solution: its coordinates at 60 digits, and exactly as polynomials
    ``coordinates[k](t)`` (rational coefficients) at a root ``t`` of ``modulus``, irreducible
    over the rationals."""

    root: Any
    modulus: Any
    coordinates: tuple

    @classmethod
    def of(cls, root: Any, modulus: Any, coordinates: tuple) -> _Algebraic:
        point = cls(_evaluate(polynomial, root) for polynomial in coordinates)
        point.root, point.modulus, point.coordinates = root, modulus, coordinates
        return point

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return _Algebraic.of(self.root, self.modulus, self.coordinates[index])
        return super().__getitem__(index)


def _evaluate(polynomial: Any, root: Any) -> Any:
    """A polynomial with rational coefficients at an mpmath number, in mpmath."""
    import mpmath

    return mpmath.polyval([mpmath.mpf(c.p) / c.q for c in polynomial.all_coeffs()], root)


def _algebraic_payoffs(
    payoffs: Sequence[np.ndarray], supports: Sequence[tuple[int, ...]], point: _Algebraic
) -> tuple[Fraction | float, ...]:
    """Each player's expected payoff at an irrational solution, exact where it is rational.

    Why this is sound: every probability is a polynomial in the algebraic number ``t``, so a
    payoff is one too; reduced modulo ``t``'s minimal polynomial (``modulus``, irreducible) it
    has a smaller degree, and a non-zero polynomial of smaller degree cannot vanish at ``t``.
    So the payoff is the rational ``c`` exactly when the remainder is the constant ``c`` (0
    included), and irrational otherwise: then it is evaluated at 60 digits and rounded to a
    float once.  Float arithmetic on the float probabilities would leave noise such as 1e-16
    where the payoff is exactly 0.
    """
    import sympy

    modulus = point.modulus
    one = sympy.Poly(1, *modulus.gens, domain=sympy.QQ)
    probabilities = []
    start = 0
    for support in supports:
        own = list(point.coordinates[start : start + len(support) - 1])
        start += len(own)
        probabilities.append([*own, one - sum(own, one * 0)])
    sizes = [len(support) for support in supports]
    values: list[Fraction | float] = []
    for payoff in payoffs:
        # The payoff table contracted with one player's mix at a time, the last player's
        # first (rational entries times polynomials): far fewer products of polynomials than
        # one per cell and player.
        table = payoff[np.ix_(*supports)]
        current = {
            prefix: sum(
                (
                    probability * sympy.Rational(value.numerator, value.denominator)
                    for probability, value in zip(probabilities[-1], table[prefix], strict=True)
                    if value
                ),
                one * 0,
            )
            for prefix in product(*(range(size) for size in sizes[:-1]))
        }
        for player in reversed(range(len(supports) - 1)):
            current = {
                prefix: sum(
                    (
                        current[(*prefix, k)] * probability
                        for k, probability in enumerate(probabilities[player])
                    ),
                    one * 0,
                ).rem(modulus)
                for prefix in product(*(range(size) for size in sizes[:player]))
            }
        remainder = current[()].rem(modulus)
        if remainder.degree() <= 0:
            values.append(_fraction(remainder.LC()) if remainder.degree() == 0 else Fraction(0))
        else:
            values.append(float(_evaluate(remainder, point.root)))
    return tuple(values)


def _precise_payoffs(
    payoffs: Sequence[np.ndarray], profile: Sequence[Sequence[Any]]
) -> tuple[float, ...]:
    """Each player's expected payoff at a 60-digit profile, rounded to a float once (the
    float profile would leave noise where a payoff is 0)."""
    return tuple(
        float(
            sum(
                p * value
                for p, value in zip(
                    profile[player], strategy_payoffs(payoff, profile, player), strict=True
                )
            )
        )
        for player, payoff in enumerate(payoffs)
    )


def _fraction(value: Any) -> Fraction:
    return Fraction(int(value.numerator), int(value.denominator))


def _profile(
    point: Sequence[Any], supports: Sequence[tuple[int, ...]], shape: Sequence[int]
) -> tuple[tuple[Any, ...], ...]:
    """The mixed profile whose support probabilities, but each player's last, are ``point``."""
    profile = []
    start = 0
    for support, count in zip(supports, shape, strict=True):
        own = list(point[start : start + len(support) - 1])
        start += len(own)
        zero = Fraction(0) if all(isinstance(p, Fraction) for p in point) else 0 * point[0]
        mixed = [zero] * count
        for k, p in zip(support, [*own, 1 - sum(own, zero)], strict=True):
            mixed[k] = p
        profile.append(tuple(mixed))
    return tuple(profile)


def _check(
    payoffs: Sequence[np.ndarray], profile: Sequence[Sequence[Any]], tolerance: Any
) -> tuple[bool, bool]:
    """Whether every support strategy is a best response, and whether another one is too.

    ``tolerance`` is 0 for exact profiles.
    """
    tie = False
    for player, payoff in enumerate(payoffs):
        values = strategy_payoffs(payoff, profile, player)
        best = max(values)
        for k, value in enumerate(values):
            if profile[player][k] > tolerance:
                if value < best - tolerance:
                    return False, tie
            else:
                tie |= value >= best - tolerance
    return True, tie


def _key(profile: Profile) -> tuple:
    return tuple(round(float(p), 12) for mixed in profile for p in mixed)
