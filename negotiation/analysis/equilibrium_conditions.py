"""The polynomial conditions whose signs decide a game's equilibria, with payoffs as polynomials.

Thresholds are where one of these conditions vanishes; `threshold_candidates` finds their
roots in the parameter, `threshold_formulas` redoes them with every parameter symbolic.  The
payoffs are polynomials in a sympy ring (``QQ[t]``, or ``QQ[all parameters]``), each player's
already multiplied by its common denominator (`parametric.cleared_payoff`).

Two players: the vertices of the best-response polytopes, with their labels (Algorithm 3.5 of
von Stengel, "Computing equilibria for two-person games", *Handbook of Game Theory* vol. 3,
2002).  A vertex is fixed by a basis: ``I`` of the mover's strategies, ``J`` of the other
player's, of equal size.  Its labels change only where a probability is zero, where a
strategy outside ``J`` ties, or where the basis is singular: `basis_conditions`.

Three players or more: for each support profile the indifference system (polynomial, not
linear, in the others' probabilities) and its boundary conditions, `support_system`; each
condition is added to the system and the probabilities are eliminated with a lex Groebner
basis (Cox, Little and O'Shea, *Ideals, Varieties, and Algorithms*, ch. 3, the Elimination
Theorem), which leaves a polynomial in the parameter: `eliminate`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Any

__all__ = [
    "basis_conditions",
    "eliminate",
    "mover_matrix",
    "subsets",
    "support_tests",
]


def mover_matrix(cleared: Sequence[Mapping[tuple, Any]], mover: int) -> list[list[Any]]:
    """``matrix[k][j]``: the other player's payoff when the mover plays k and it plays j."""
    other = 1 - mover
    rows, columns = max(c[0] for c in cleared[0]) + 1, max(c[1] for c in cleared[0]) + 1
    if mover == 0:
        return [[cleared[other][(k, j)] for j in range(columns)] for k in range(rows)]
    return [[cleared[other][(j, k)] for j in range(rows)] for k in range(columns)]


def basis_conditions(
    matrix: Sequence[Sequence[Any]], own: Sequence[int], other: Sequence[int], ring: Any
) -> list[tuple[str, int, Any]] | None:
    """The polynomials whose signs decide the vertex of the basis ``(own, other)``.

    The unknowns are the mover's probabilities ``x`` on ``own`` and the other player's payoff
    ``w``: ``sum_k matrix[k][j] x_k = w`` for ``j`` in ``other`` and ``sum_k x_k = 1``.  With
    Cramer's rule ``x_k = D_k / D`` and ``w = D_w / D``.  Returns ``("singular", -1, D)``,
    ``("probability", k, D_k)`` and, for each ``j`` outside ``other``, ``("tie", j,
    sum_k matrix[k][j] D_k - D_w)``; None when ``D`` is identically zero (no vertex).
    """
    from sympy.polys.matrices import DomainMatrix

    size = len(own) + 1
    rows = [[matrix[k][j] for k in own] + [-ring.one] for j in other]
    rows.append([ring.one] * len(own) + [ring.zero])

    def det(replace: int | None) -> Any:
        entries = [
            [
                (ring.one if r == size - 1 else ring.zero) if c == replace else rows[r][c]
                for c in range(size)
            ]
            for r in range(size)
        ]
        return DomainMatrix(entries, (size, size), ring).det()

    singular = det(None)
    if not singular:
        return None
    numerators = [det(c) for c in range(size)]
    conditions = [("singular", -1, singular)]
    conditions += [("probability", k, numerators[r]) for r, k in enumerate(own)]
    conditions += [
        (
            "tie",
            j,
            sum((matrix[k][j] * numerators[r] for r, k in enumerate(own)), ring.zero)
            - numerators[-1],
        )
        for j in range(len(matrix[0]))
        if j not in other
    ]
    return conditions


def subsets(count: int) -> list[tuple[int, ...]]:
    """The non-empty subsets of ``range(count)``, smallest first: the possible supports."""
    return [s for size in range(1, count + 1) for s in combinations(range(count), size)]


def _support_system(
    payoffs: Sequence[Mapping[tuple, Any]], shape: tuple[int, ...], supports: Sequence[tuple]
) -> tuple[list[Any], list[Any], list[Any]]:
    """Unknowns, indifference equations and boundary conditions of a support profile.

    Each mixing player's last support probability is one minus the others.  Conditions: every
    support probability is zero, or a strategy off the support pays as much as the support.
    """
    import numpy as np
    import sympy

    from negotiation.solvers.support_systems import strategy_differences

    unknowns: list[Any] = []
    mixes: list[list[Any]] = []
    for player, support in enumerate(supports):
        names = [sympy.Symbol(f"p{player}_{k}") for k in support[:-1]]
        unknowns += names
        mixes.append([*names, 1 - sum(names)])

    equations, conditions = [], []
    for player, support in enumerate(supports):
        array = np.empty(shape, dtype=object)
        for cell in np.ndindex(*shape):
            array[cell] = payoffs[player][cell]
        differences = [
            sympy.expand(value) for value in strategy_differences(array, player, supports, mixes)
        ]
        equations += [differences[k] for k in support[1:]]
        conditions += [differences[k] for k in range(shape[player]) if k not in support]
        if len(support) > 1:
            conditions += mixes[player]
    return unknowns, equations, conditions


def support_tests(
    payoffs: Sequence[Mapping[tuple, Any]], shape: tuple[int, ...], supports: Sequence[tuple]
) -> tuple[list[Any], list[Any], list[Any]]:
    """Unknowns, equations and the conditions to test of a support profile, as sympy.

    The conditions are the boundary conditions of `_support_system`, then the Jacobian
    determinant of the equations, which vanishes where the solution set is singular (two
    solutions meet, or one appears).  ``payoffs[player][cell]`` are sympy polynomials.  The
    order is fixed, so that an index names the same condition when the payoffs are redone
    with other symbols (as `threshold_formulas` does).
    """
    import sympy

    unknowns, equations, conditions = _support_system(payoffs, shape, supports)
    if unknowns:
        conditions.append(sympy.Matrix(equations).jacobian(unknowns).det())
    return unknowns, equations, conditions


def eliminate(polynomials: list[Any], unknowns: list[Any], t: Any, domain: Any = "QQ") -> Any:
    """The generator of the ideal's intersection with ``domain[t]``: 1 when empty, None when zero.

    By the Elimination Theorem the polynomials of a lex Groebner basis (unknowns before ``t``)
    free of the unknowns generate that intersection; over a field it is principal, so one is
    enough.  With ``domain`` a field of fractions in other parameters the generator's
    coefficients are rational functions of them.
    """
    import sympy

    basis = sympy.groebner(polynomials, *unknowns, t, order="lex", domain=domain)
    if list(basis.exprs) == [1]:
        return sympy.Integer(1)
    univariate = [g for g in basis.exprs if not (g.free_symbols & set(unknowns))]
    return univariate[0] if univariate else None
