"""Indifference systems of support enumeration solved without a Groebner basis.

A support profile's system (`support_enumeration`, step 3) has a structure that a general
Groebner basis ignores: each player's indifference equations do not involve its own
probabilities, and are multilinear in the others'.  So, by the number of players that mix:

- one: its equations are constants; they hold everywhere (a continuum) or nowhere;
- two, ``i`` and ``j``: ``i``'s equations are linear in ``j``'s mix alone and ``j``'s in
  ``i``'s: two exact linear systems;
- three, one of them (``k``) mixing two strategies, its first with probability ``p``, and the
  other two (``i``, ``j``) on supports of equal size: given ``p``, ``i``'s equations are a
  square linear system in ``j``'s mix and ``j``'s in ``i``'s, solved by Cramer's rule as
  polynomials in ``p`` over their determinants; ``k``'s one equation, times both
  determinants, is then one polynomial in ``p`` whose roots in (0, 1) are the solutions
  (`support_enumeration.univariate_points` isolates them exactly), but for the roots of a
  determinant.  There a linear system is singular and, when its rank drops by one, solvable
  only if every Cramer numerator vanishes as well (``adj(A) e = 0``): when no numerator
  shares the determinant's irreducible factor, there is no solution at its roots; otherwise
  (a degenerate game) the system goes to the Groebner basis.

- three, ``i`` and ``j`` mixing two strategies (``p``, ``q``) and ``k`` three: ``k``'s two
  equations involve ``p`` and ``q`` only, each linear in ``q``: ``c_r(p) q + d_r(p) = 0``, so
  ``p`` is a root of ``c_1 d_2 - c_2 d_1`` and ``q = -d_r / c_r``; then ``i``'s and ``j``'s
  equations are a square linear system in ``k``'s mix, solved by Cramer's rule modulo each
  irreducible factor of that polynomial (exact arithmetic in the number field of its roots).
  A factor at whose roots a denominator or determinant vanishes goes to the Groebner basis.

- three, ``k`` mixing three strategies (``s``, ``t``, ``1 - s - t``) and ``i``, ``j`` on
  supports of equal size: as with one parameter, Cramer's rule gives ``i``'s and ``j``'s mixes
  over their determinants, now polynomials in ``(s, t)``; ``k``'s two equations cleared of
  them are two polynomials ``F_1``, ``F_2``.  Their resultant in ``s`` is a polynomial in
  ``t``; at the roots of each irreducible factor the first subresultant ``a(t) s + b(t)``
  gives ``s`` (when ``a`` does not vanish and neither leading coefficient does), checked
  exactly in ``F_1`` and ``F_2`` (Cox, Little and O'Shea, Ideals, Varieties, and
  Algorithms, 3.6).  Where a determinant vanishes, a small Groebner basis in ``(s, t)``
  checks that no solution lies there (with every Cramer numerator, ``adj(A) e = 0``).

Anything else returns `UNSOLVED`, and the caller computes a Groebner basis.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

UNSOLVED = object()  # the structure does not apply: solve the system another way


def strategy_differences(
    payoff: np.ndarray,
    player: int,
    supports: Sequence[tuple[int, ...]],
    mixes: Sequence[Sequence[Any]],
) -> list[Any]:
    """``player``'s payoff of each of its strategies minus that of its support's first, when
    every other player ``j`` plays ``mixes[j]`` on ``supports[j]``.

    The one builder of support enumeration's indifference equations (the differences on the
    support) and boundary conditions (off it), whatever the numbers are: rationals in a sympy
    polynomial ring for `support_enumeration` (probabilities as ring generators), sympy
    expressions in a parameter for `analysis.equilibrium_conditions`.  ``mixes[player]`` is
    not used.
    """
    from negotiation.deviation import strategy_payoffs

    axes = [
        range(payoff.shape[axis]) if axis == player else support
        for axis, support in enumerate(supports)
    ]
    values = strategy_payoffs(payoff[np.ix_(*axes)], mixes, player)
    reference = values[supports[player][0]]
    return [value - reference for value in values]


def solve_structured(
    payoffs: Sequence[np.ndarray], supports: Sequence[tuple[int, ...]]
) -> list[tuple[Any, ...]] | None | object:
    """A support's solutions as `support_enumeration._solve_support` gives them, or `UNSOLVED`.

    A solution lists each player's support probabilities but the last, player by player
    (Fractions, or a `support_enumeration._Algebraic` when irrational); None means a
    continuum, which needs a degenerate game.
    """
    mixers = [player for player, support in enumerate(supports) if len(support) > 1]
    pure = tuple(slice(None) if player in mixers else 0 for player in range(len(supports)))
    tensors = [payoffs[player][np.ix_(*supports)][pure] for player in mixers]
    if len(mixers) == 1:
        return [] if (tensors[0] != tensors[0][0]).any() else None
    if len(mixers) == 2:
        # Mixer 0's mix makes mixer 1 indifferent, and the other way round.
        mixes = [_affine_solution(np.moveaxis(tensors[side], side, 0)) for side in (1, 0)]
        if any(mix == [] for mix in mixes):
            return []
        if any(mix is None for mix in mixes):
            return None
        return [tuple(value for mix in mixes for value in mix[:-1])]
    if len(mixers) == 3:
        sizes = [len(supports[player]) for player in mixers]
        for k in range(3):
            i, j = (side for side in range(3) if side != k)
            if sizes[k] == 2 and sizes[i] == sizes[j]:
                return _one_parameter(tensors, k, i, j)
        for k in range(3):
            i, j = (side for side in range(3) if side != k)
            if sizes[k] == 3 and sizes[i] == sizes[j] == 2:
                return _two_by_two(tensors, k, i, j)
        for k in range(3):
            i, j = (side for side in range(3) if side != k)
            if sizes[k] == 3 and sizes[i] == sizes[j]:
                return _two_parameters(tensors, k, i, j)
    return UNSOLVED


def _affine_solution(tensor: np.ndarray) -> list[Fraction] | None:
    """The other mixer's mix ``y`` that makes this one indifferent: ``tensor[r] @ y`` equal
    for every own strategy ``r``, and ``sum(y) = 1``.

    Returns the unique ``y`` (not yet checked for signs), ``[]`` when there is none, None
    when there are infinitely many.  Gauss-Jordan elimination in Fractions.
    """
    width = tensor.shape[1]
    rows = [[*(tensor[r] - tensor[0]), Fraction(0)] for r in range(1, tensor.shape[0])]
    rows.append([Fraction(1)] * width + [Fraction(1)])
    rank = 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        lead = rows[rank][column]
        rows[rank] = [value / lead for value in rows[rank]]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    if any(row[-1] != 0 for row in rows[rank:]):
        return []
    if rank < width:
        return None
    return [Fraction(row[-1]) for row in rows[:width]]


def _one_parameter(tensors: list[np.ndarray], k: int, i: int, j: int) -> Any:
    """Three mixers, ``k`` mixing two strategies and ``i``, ``j`` supports of one size."""
    import sympy
    from sympy.polys.domains import QQ
    from sympy.polys.matrices import DomainMatrix

    from negotiation.solvers.support_enumeration import univariate_points

    t = sympy.Symbol("t")
    domain = QQ[t]
    p = domain.gens[0]
    mix = (p, domain.one - p)  # k's mix

    def cramer(own: int, other: int) -> tuple[list[Any], Any] | None:
        """``other``'s mix that makes ``own`` indifferent, as numerators over a determinant,
        polynomials in ``p``; None when the determinant vanishes somewhere on [0, 1]."""
        tensor = np.moveaxis(tensors[own], (own, other, k), (0, 1, 2))
        size = tensor.shape[1]
        rows = [
            [
                sum(
                    (domain.convert(QQ(d.numerator, d.denominator)) * weight)
                    for d, weight in zip(tensor[r, a] - tensor[0, a], mix, strict=True)
                )
                for a in range(size)
            ]
            for r in range(1, size)
        ]
        rows.append([domain.one] * size)
        unit = [domain.zero] * (size - 1) + [domain.one]

        def det(column: int | None) -> Any:
            entries = [
                [unit[r] if c == column else rows[r][c] for c in range(size)] for r in range(size)
            ]
            return DomainMatrix(entries, (size, size), domain).det()

        denominator = _poly(det(None), t)
        if denominator.is_zero:
            return None
        numerators = [_poly(det(c), t) for c in range(size)]
        for factor, _ in denominator.factor_list()[1]:
            # Where the determinant vanishes, the system is solvable only if every Cramer
            # numerator vanishes too (when the rank drops by one, adj(A) e = 0 is the test).
            if _roots_in_unit_interval(factor) and all(
                numerator.rem(factor).is_zero for numerator in numerators
            ):
                return None
        return numerators, denominator

    mix_i = cramer(j, i)  # i's mix, from j's indifference
    mix_j = cramer(i, j)
    if mix_i is None or mix_j is None:
        return UNSOLVED
    tensor = np.moveaxis(tensors[k], (k, i, j), (0, 1, 2))
    difference = tensor[1] - tensor[0]
    polynomial = sympy.Poly(0, t, domain=sympy.QQ)
    for a, numerator_i in enumerate(mix_i[0]):
        for b, numerator_j in enumerate(mix_j[0]):
            value = difference[a, b]
            if value:
                weight = sympy.Rational(value.numerator, value.denominator)
                polynomial += numerator_i * numerator_j * weight
    if polynomial.is_zero:
        return None
    # Roots shared with a determinant have no solution there (checked above): drop them.
    kept = [
        factor
        for factor, _ in polynomial.factor_list()[1]
        if not (mix_i[1].rem(factor).is_zero or mix_j[1].rem(factor).is_zero)
    ]
    polynomial = sympy.Poly(1, t, domain=sympy.QQ)
    for factor in kept:
        polynomial *= factor
    coordinates: dict[int, list[tuple[Any, Any]]] = {
        i: [(numerator, mix_i[1]) for numerator in mix_i[0][:-1]],
        j: [(numerator, mix_j[1]) for numerator in mix_j[0][:-1]],
        k: [(sympy.Poly(t, t, domain=sympy.QQ), sympy.Poly(1, t, domain=sympy.QQ))],
    }
    ordered = [pair for side in range(3) for pair in coordinates[side]]
    return univariate_points(polynomial, ordered, in_unit_interval=True, probabilities=True)


def _two_by_two(tensors: list[np.ndarray], k: int, i: int, j: int) -> Any:
    """Three mixers, ``i`` and ``j`` mixing two strategies and ``k`` three."""
    import sympy

    from negotiation.solvers.support_enumeration import univariate_points

    t = sympy.Symbol("t")

    def poly(value: Any) -> Any:
        return sympy.Poly(sympy.Rational(value.numerator, value.denominator), t)

    p = sympy.Poly(t, t, domain=sympy.QQ)
    one = sympy.Poly(1, t, domain=sympy.QQ)
    mix_i = (p, one - p)
    own_k = np.moveaxis(tensors[k], (k, i, j), (0, 1, 2))
    rows = []  # (c_r, d_r): k's equation r is c_r(p) q + d_r(p) = 0
    for r in (1, 2):
        difference = own_k[r] - own_k[0]  # [a, b]: i plays a, j plays b
        with_first = sum((mix_i[a] * poly(difference[a, 0]) for a in range(2)), one * 0)
        with_second = sum((mix_i[a] * poly(difference[a, 1]) for a in range(2)), one * 0)
        rows.append((with_first - with_second, with_second))
    resultant = rows[0][0] * rows[1][1] - rows[1][0] * rows[0][1]
    if resultant.is_zero:
        return UNSOLVED
    own_i = np.moveaxis(tensors[i], (i, j, k), (0, 1, 2))
    own_j = np.moveaxis(tensors[j], (j, i, k), (0, 1, 2))
    points: list[Any] = []
    for factor, _ in resultant.factor_list()[1]:
        if not _roots_in_unit_interval(factor):
            continue
        row = next((row for row in rows if not row[0].rem(factor).is_zero), None)
        if row is None:
            if all(row[1].rem(factor).is_zero for row in rows):
                return UNSOLVED  # q is free where p is a root of this factor
            continue  # c_r vanish there but some d_r does not: no solution
        q = (-row[1] * row[0].invert(factor)).rem(factor)
        mix_j = (q, one - q)
        # k's mix x: i indifferent (against j's q), j indifferent (against i's p), sums to 1.
        matrix = [
            [
                sum(
                    (mix_j[b] * poly(own_i[1, b, c] - own_i[0, b, c]) for b in range(2)),
                    one * 0,
                ).rem(factor)
                for c in range(3)
            ],
            [
                sum(
                    (mix_i[a] * poly(own_j[1, a, c] - own_j[0, a, c]) for a in range(2)),
                    one * 0,
                ).rem(factor)
                for c in range(3)
            ],
            [one, one, one],
        ]
        unit = [one * 0, one * 0, one]
        determinant = _det3(matrix).rem(factor)
        if determinant.is_zero:
            return UNSOLVED
        inverse = determinant.invert(factor)
        mix_k = [
            (
                _det3(
                    [
                        [unit[r] if c == column else matrix[r][c] for c in range(3)]
                        for r in range(3)
                    ]
                )
                * inverse
            ).rem(factor)
            for column in range(3)
        ]
        coordinates = {i: [p], j: [q], k: mix_k[:2]}
        ordered = [(value, one) for side in range(3) for value in coordinates[side]]
        points += univariate_points(factor, ordered, in_unit_interval=True, probabilities=True)
    return points


def _two_parameters(tensors: list[np.ndarray], k: int, i: int, j: int) -> Any:
    """Three mixers, ``k`` mixing three strategies and ``i``, ``j`` supports of one size."""
    import sympy

    from negotiation.solvers.support_enumeration import univariate_points

    s, t = sympy.symbols("s t")
    gens = (s, t)

    def poly(value: Any) -> Any:
        return sympy.Poly(sympy.Rational(value.numerator, value.denominator), *gens)

    one = sympy.Poly(1, *gens, domain=sympy.QQ)
    zero = one * 0
    mix = (sympy.Poly(s, *gens, domain=sympy.QQ), sympy.Poly(t, *gens, domain=sympy.QQ))
    mix = (*mix, one - mix[0] - mix[1])

    def cramer(own: int, other: int) -> tuple[list[Any], Any] | None:
        tensor = np.moveaxis(tensors[own], (own, other, k), (0, 1, 2))
        size = tensor.shape[1]
        rows = [
            [
                sum(
                    (
                        poly(d) * weight
                        for d, weight in zip(tensor[r, a] - tensor[0, a], mix, strict=True)
                    ),
                    zero,
                )
                for a in range(size)
            ]
            for r in range(1, size)
        ]
        rows.append([one] * size)
        unit = [zero] * (size - 1) + [one]
        determinant = _det([row[:] for row in rows])
        numerators = [
            _det(
                [
                    [unit[r] if c == column else rows[r][c] for c in range(size)]
                    for r in range(size)
                ]
            )
            for column in range(size)
        ]
        if determinant.is_zero:
            return None
        # Where the determinant vanishes the system is solvable only if adj(A) e = 0 too:
        # finitely many points as a rule; none may lie inside k's simplex.
        basis = sympy.groebner([determinant, *numerators], *gens, order="lex")
        singular = [] if list(basis.exprs) == [1] else _inside_simplex(list(basis.exprs), s, t)
        if singular is None:
            return None
        return numerators, determinant, rows, singular

    mix_i = cramer(j, i)
    mix_j = cramer(i, j)
    if mix_i is None or mix_j is None:
        return UNSOLVED
    tensor = np.moveaxis(tensors[k], (k, i, j), (0, 1, 2))
    # At a point inside k's simplex where one mix is a line of solutions and the other is
    # unique, k's two equations, linear in the first mix there, must have no solution on it.
    for mine, theirs, transpose in ((mix_i, mix_j, False), (mix_j, mix_i, True)):
        for g, factor in mine[3]:
            other_det = _substitute(theirs[1], g, factor, s, t)
            if other_det.is_zero:
                return UNSOLVED
            inverse = other_det.invert(factor)
            other_mix = [
                (_substitute(n, g, factor, s, t) * inverse).rem(factor) for n in theirs[0]
            ]
            zero_t, one_t = _in_t(0, t), _in_t(1, t)
            system = [
                [_substitute(entry, g, factor, s, t) for entry in row] + [zero_t]
                for row in mine[2][:-1]
            ]
            system.append([one_t] * len(mine[2]) + [one_t])
            for r in (1, 2):
                difference = tensor[r] - tensor[0]  # [a, b]: i plays a, j plays b
                if transpose:
                    difference = difference.T
                system.append(
                    [
                        sum(
                            (
                                other_mix[b] * _in_t(sympy.Rational(d.numerator, d.denominator), t)
                                for b, d in enumerate(difference[a])
                            ),
                            zero_t,
                        ).rem(factor)
                        for a in range(difference.shape[0])
                    ]
                    + [zero_t]
                )
            if _consistent(system, factor):
                return UNSOLVED
    cleared = []
    for r in (1, 2):
        difference = tensor[r] - tensor[0]
        total = zero
        for a, numerator_i in enumerate(mix_i[0]):
            for b, numerator_j in enumerate(mix_j[0]):
                if difference[a, b]:
                    total += numerator_i * numerator_j * poly(difference[a, b])
        cleared.append(total)
    first, second = cleared
    if first.is_zero or second.is_zero or first.degree(s) == 0 or second.degree(s) == 0:
        return UNSOLVED
    resultant = sympy.Poly(first.resultant(second), t, domain=sympy.QQ)
    if resultant.is_zero:
        return UNSOLVED
    remainders = first.subresultants(second)
    linear = next((p for p in remainders if p.degree(s) == 1), None)
    t_poly = sympy.Poly(t, t, domain=sympy.QQ)
    unit_t = sympy.Poly(1, t, domain=sympy.QQ)
    points: list[Any] = []
    for factor, _ in resultant.factor_list()[1]:
        if not _roots_in_unit_interval(factor):
            continue
        leads = [_in_t(_leading(p, s), t) for p in (first, second)]
        if linear is None or any(lead.rem(factor).is_zero for lead in leads):
            return UNSOLVED
        a = _in_t(_coefficient(linear, s, 1), t).rem(factor)
        b = _in_t(_coefficient(linear, s, 0), t).rem(factor)
        if a.is_zero:
            return UNSOLVED  # two values of s, or a continuum, at these roots
        if not _may_be_inside(factor, a, b, (mix_i, mix_j), s, t):
            continue  # every solution at these roots is outside the simplices
        value = (-b * a.invert(factor)).rem(factor)
        if not all(_substitute(p, value, factor, s, t).is_zero for p in cleared):
            return UNSOLVED
        determinants = [_substitute(m[1], value, factor, s, t) for m in (mix_i, mix_j)]
        if any(d.is_zero for d in determinants):
            continue  # a root of a determinant: no solution there (checked above)
        values = {}
        for side, (numerators, *_), determinant in (
            (i, mix_i, determinants[0]),
            (j, mix_j, determinants[1]),
        ):
            inverse = determinant.invert(factor)
            values[side] = [
                (_substitute(n, value, factor, s, t) * inverse).rem(factor)
                for n in numerators[:-1]
            ]
        values[k] = [value, t_poly.rem(factor)]
        ordered = [(v, unit_t) for side in range(3) for v in values[side]]
        points += univariate_points(factor, ordered, in_unit_interval=False, probabilities=True)
    return points


def _roots_in_unit_interval(factor: Any) -> bool:
    """Whether a polynomial with rational coefficients has a root in [0, 1].

    sympy's real root isolation (continued fractions) rather than ``count_roots`` (Sturm
    sequences), which took most of a (3, 4, 4) support's time on a resultant of high degree.
    """
    if factor.degree() == 1:
        linear, constant = factor.all_coeffs()
        return 0 <= -constant / linear <= 1
    return bool(factor.intervals(inf=0, sup=1))


def _may_be_inside(
    factor: Any, a: Any, b: Any, mixes: Sequence[tuple[Any, ...]], s: Any, t: Any
) -> bool:
    """Whether some root ``t`` of ``factor`` in (0, 1), with ``s = -b(t) / a(t)``, may give
    mixes inside the simplices: ``s``, ``1 - s - t`` and each of ``i``'s and ``j``'s
    probabilities (Cramer numerators over determinants) within ``_OUTSIDE`` of [0, 1].

    Evaluated at 60 digits, before the exact arithmetic in the factor's number field (inverting
    polynomials of high degree modulo it), which dominates the time of a (3, 3, 3) support and
    is wasted on the many factors whose solutions are not probabilities.
    """
    from negotiation.solvers.support_enumeration import _OUTSIDE, _evaluate, real_roots

    def inside(value: Any) -> bool:
        return -_OUTSIDE < value < 1 + _OUTSIDE

    for root in real_roots(factor, in_unit_interval=True):
        denominator = _evaluate(a, root)
        if not denominator:
            return True
        value = -_evaluate(b, root) / denominator
        if not (inside(value) and inside(1 - value - root)):
            continue
        probabilities = []
        for numerators, determinant, *_ in mixes:
            scale = _evaluate_two(determinant, value, root)
            if not scale:
                return True
            own = [_evaluate_two(numerator, value, root) / scale for numerator in numerators]
            probabilities += own
        if all(inside(p) for p in probabilities):
            return True
    return False


def _evaluate_two(polynomial: Any, s: Any, t: Any) -> Any:
    """A sympy Poly in ``(s, t)`` at mpmath numbers."""
    import mpmath

    return mpmath.fsum(mpmath.mpf(c.p) / c.q * s**i * t**j for (i, j), c in polynomial.terms())


def _consistent(system: list[list[Any]], factor: Any) -> bool:
    """Whether an augmented linear system over the number field ``Q[t]/factor`` (entries
    polynomials in ``t``) has a solution: Gaussian elimination, zero tested exactly."""
    rows = [list(row) for row in system]
    width = len(rows[0]) - 1
    rank = 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(rows)) if not rows[r][column].is_zero), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        inverse = rows[rank][column].invert(factor)
        rows[rank] = [(value * inverse).rem(factor) for value in rows[rank]]
        for r in range(len(rows)):
            if r != rank and not rows[r][column].is_zero:
                lead = rows[r][column]
                rows[r] = [
                    (a - lead * b).rem(factor) for a, b in zip(rows[r], rows[rank], strict=True)
                ]
        rank += 1
    return all(row[-1].is_zero for row in rows[rank:])


def _inside_simplex(basis: list[Any], s: Any, t: Any) -> list[tuple[Any, Any]] | None:
    """The points ``s = g(t)``, ``factor(t) = 0`` of a lex basis in ``(s, t)`` that may have
    ``s, t, 1 - s - t`` all positive, as ``(g, factor)`` pairs; None when the basis is not in
    shape position ``s - g(t), h(t)``."""
    import sympy

    from negotiation.solvers.support_enumeration import univariate_points

    if len(basis) != 2:
        return None
    linear, last = (sympy.Poly(element, s, t, domain=sympy.QQ) for element in basis)
    lead = _leading(linear, s)
    if last.degree(s) != 0 or linear.degree(s) != 1 or not lead.is_Rational or lead == 0:
        return None
    g = _in_t(-_coefficient(linear, s, 0) / lead, t)
    unit = sympy.Poly(1, t, domain=sympy.QQ)
    tie = 1e-30  # irrational points closer than this to the boundary count as inside
    found = []
    for factor, _ in _in_t(last.as_expr(), t).factor_list()[1]:
        reduced = g.rem(factor)
        points = univariate_points(
            factor, [(reduced, unit), (sympy.Poly(t, t, domain=sympy.QQ), unit)], True
        )
        if any(first > -tie and 1 - first - second > -tie for first, second in points):
            found.append((reduced, factor))
    return found


def _leading(polynomial: Any, variable: Any) -> Any:
    """The coefficient of the highest power of ``variable``, a polynomial in the others."""
    return _coefficient(polynomial, variable, polynomial.degree(variable))


def _coefficient(polynomial: Any, variable: Any, power: int) -> Any:
    """The coefficient of ``variable**power`` in ``polynomial`` (sympy expression)."""
    import sympy

    return sympy.expand(polynomial.as_expr()).coeff(variable, power)


def _in_t(expression: Any, t: Any) -> Any:
    import sympy

    return sympy.Poly(expression, t, domain=sympy.QQ)


def _substitute(polynomial: Any, value: Any, factor: Any, s: Any, t: Any) -> Any:
    """``polynomial(value(t), t)`` modulo ``factor``: a polynomial in ``t``."""
    import sympy

    total = sympy.Poly(0, t, domain=sympy.QQ)
    powers = [sympy.Poly(1, t, domain=sympy.QQ)]
    for (power_s, power_t), coefficient in polynomial.terms():
        while len(powers) <= power_s:
            powers.append((powers[-1] * value).rem(factor))
        term = powers[power_s] * sympy.Poly(t**power_t, t, domain=sympy.QQ) * coefficient
        total = (total + term).rem(factor)
    return total


def _det(matrix: list[list[Any]]) -> Any:
    """The determinant of a small square matrix of polynomials (Laplace expansion)."""
    if len(matrix) == 1:
        return matrix[0][0]
    total = None
    for column, entry in enumerate(matrix[0]):
        if entry.is_zero:
            continue
        minor = [row[:column] + row[column + 1 :] for row in matrix[1:]]
        term = entry * _det(minor)
        term = term if column % 2 == 0 else -term
        total = term if total is None else total + term
    return total if total is not None else matrix[0][0] * 0


def _det3(matrix: list[list[Any]]) -> Any:
    """The determinant of a 3x3 matrix of polynomials."""
    (a, b, c), (d, e, f), (g, h, i) = matrix
    return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)


def _poly(element: Any, t: Any) -> Any:
    """A ``QQ[t]`` ring element as a sympy Poly in ``t``."""
    import sympy

    return sympy.Poly.from_dict(dict(element.terms()) or {(0,): 0}, t, domain=sympy.QQ)
