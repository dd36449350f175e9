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
            if factor.count_roots(0, 1) and all(
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
    return univariate_points(polynomial, ordered, in_unit_interval=True)


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
        if not factor.count_roots(0, 1):
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
        points += univariate_points(factor, ordered, in_unit_interval=True)
    return points


def _det3(matrix: list[list[Any]]) -> Any:
    """The determinant of a 3x3 matrix of polynomials."""
    (a, b, c), (d, e, f), (g, h, i) = matrix
    return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)


def _poly(element: Any, t: Any) -> Any:
    """A ``QQ[t]`` ring element as a sympy Poly in ``t``."""
    import sympy

    return sympy.Poly.from_dict(dict(element.terms()) or {(0,): 0}, t, domain=sympy.QQ)
