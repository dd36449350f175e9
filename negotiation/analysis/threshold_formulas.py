"""A threshold as a formula in the other parameters (``--symbolic``).

A threshold is a root, in the varied parameter, of one of the conditions of
`equilibrium_conditions` (or a ``min``/``max`` switch, or a pole).  Redoing that condition
with every parameter a symbol gives a polynomial in the parameter whose coefficients are
polynomials in the others; the factor that vanishes at the threshold defines it near the given
values of the others.  The formula is that factor solved for the parameter when sympy can
(degree 1 or 2, and short enough to read), else the equation itself: ``root of <polynomial> =
0 in <parameter>``.

For three players or more a mixed support's condition is a system of polynomial equations in
the probabilities.  The probabilities are eliminated over the field of rational functions in
the other parameters, ``QQ(others)``, which leaves one polynomial in the parameter (the
generator of the elimination ideal: Cox, Little and O'Shea, *Ideals, Varieties, and
Algorithms*, ch. 3).  That generic polynomial need not specialise to the one found with the
others' values (a leading coefficient can vanish there, or the condition hold only at those
values); every formula is therefore checked, exactly, to vanish at the threshold once the
others' values are put back, and a condition that fails the check gives no formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from negotiation.analysis.equilibrium_conditions import (
    basis_conditions,
    eliminate,
    mover_matrix,
    support_tests,
)
from negotiation.analysis.parametric import ParametricModel, cleared_payoff, convert
from negotiation.analysis.real_roots import Point, roots_between
from negotiation.analysis.threshold_candidates import Origin

__all__ = ["MAX_FORMULA_LENGTH", "formulas"]

# A closed form longer than this (in characters) and than its polynomial is not shown; the
# polynomial is shown instead.
MAX_FORMULA_LENGTH = 400


def _support_condition(model: ParametricModel, payoffs: list[dict], origin: Origin) -> Any:
    """A support profile's condition, the probabilities eliminated over ``QQ(others)``."""
    import sympy

    supports, index = origin.detail
    ring = sympy.QQ[tuple(model.symbols.values())]
    cleared = [
        {cell: ring.to_sympy(p) for cell, p in cleared_payoff(payoff, ring)[0].items()}
        for payoff in payoffs
    ]
    unknowns, equations, tests = support_tests(cleared, model.shape, supports)
    system = [*equations, tests[index]]
    t = model.symbol
    others = sorted(
        set().union(*(getattr(p, "free_symbols", set()) for p in system)) - {t, *unknowns},
        key=str,
    )
    domain = sympy.QQ.frac_field(*others) if others else sympy.QQ
    generator = eliminate(system, unknowns, t, domain)
    if generator is None or generator == 1:
        return None
    return generator


def _condition_symbolic(model: ParametricModel, origin: Origin) -> Any | None:
    """The candidate's condition with every parameter a symbol: an expression equal to zero."""
    import sympy

    choice = dict(origin.choice)
    gens = list(model.symbols.values())
    if origin.kind in ("switch", "pole") and origin.node is not None:
        scope = model.scope(choice, symbolic=True)
        first, second = (convert(origin.node.args[k], scope, choice) for k in origin.detail)
        difference = first if origin.detail[0] == origin.detail[1] else first - second
        numerator, denominator = sympy.fraction(sympy.cancel(sympy.together(difference)))
        return numerator if origin.kind == "switch" else denominator
    payoffs = model.payoffs(choice, symbolic=True)
    ring = sympy.QQ[tuple(gens)]
    if origin.kind == "pole":
        return sympy.Mul(*(ring.to_sympy(cleared_payoff(payoff, ring)[1]) for payoff in payoffs))
    if origin.kind == "basis":
        mover, own, other, condition, index = origin.detail
        cleared = [cleared_payoff(payoff, ring)[0] for payoff in payoffs]
        conditions = basis_conditions(mover_matrix(cleared, mover), own, other, ring) or []
        for kind, k, polynomial in conditions:
            if (kind, k) == (condition, index):
                return ring.to_sympy(polynomial)
        return None
    if origin.kind == "tie":
        player, cell, other = origin.detail
        changed = list(cell)
        changed[player] = other
        return payoffs[player][cell] - payoffs[player][tuple(changed)]
    if origin.kind == "support":
        return _support_condition(model, payoffs, origin)
    return None


def _factors(condition: Any, t: Any) -> list[Any]:
    """The irreducible factors of a polynomial condition that involve ``t``.

    A condition ``a t + b`` of degree 1 needs no multivariate factoring, the slow step with
    many parameters: its factor in ``t`` is ``a t + b`` divided by ``gcd(a, b)``.
    """
    import sympy

    if sympy.degree(condition, t) == 1:
        slope, intercept = sympy.Poly(condition, t).all_coeffs()
        numerator, denominator = sympy.fraction(sympy.cancel(-intercept / slope))
        return [sympy.expand(denominator * t - numerator)]
    return [factor for factor, _ in sympy.factor_list(condition)[1] if t in factor.free_symbols]


def _vanishes_at(factor: Any, model: ParametricModel, point: Point) -> bool:
    """Whether the factor, the others' values put back, has the threshold as a root (exact)."""
    import sympy

    local = sympy.Poly(factor.xreplace(model.others), model.symbol, domain="QQ")
    nearby = roots_between(local, Point(point.lo - 1), Point(point.hi + 1))
    return any(root.key == point.key for root in nearby)


def _shortest(expression: Any) -> Any:
    """The shortest of a few standard forms; only ``cancel`` for long ones (``factor`` and
    ``simplify`` take seconds on polynomials in twenty parameters)."""
    import sympy

    forms = [sympy.cancel(expression)]
    numerator, denominator = sympy.fraction(forms[0])
    forms.append(_grouped(numerator) / _grouped(denominator))
    if len(sympy.sstr(forms[0])) <= MAX_FORMULA_LENGTH:
        forms += [sympy.simplify(expression), sympy.factor(expression)]
    return min(forms, key=lambda form: len(sympy.sstr(form)))


def _grouped(polynomial: Any) -> Any:
    """The terms gathered under the parameter most of them share, recursively, and small sums
    factored: ``d*(w*(1 - b)*(s + v) - r) - c*(e + t)`` rather than nine expanded products,
    the form an analyst writes by hand.  Equal to ``polynomial`` by construction."""
    import sympy

    terms = sympy.Add.make_args(sympy.expand(polynomial))
    forms = [_factored(sympy.Add(*terms))]
    counts: dict[Any, int] = {}
    for term in terms:
        for symbol in term.free_symbols:
            counts[symbol] = counts.get(symbol, 0) + 1
    shared = [symbol for symbol in sorted(counts, key=str) if counts[symbol] > 1]
    if len(terms) > 1 and shared:
        symbol = max(shared, key=lambda name: counts[name])
        inside = _grouped(sympy.Add(*(t / symbol for t in terms if symbol in t.free_symbols)))
        rest = _grouped(sympy.Add(*(t for t in terms if symbol not in t.free_symbols)))
        if inside.could_extract_minus_sign():  # -c*(e + t), not c*(-e - t)
            forms.append(sympy.Mul(-1, symbol, -inside) + rest)
        else:
            forms.append(symbol * inside + rest)
    return min(forms, key=lambda form: len(sympy.sstr(form)))


def _factored(polynomial: Any) -> Any:
    """``polynomial`` factored when it is small (factoring is slow on large ones) and shorter."""
    import sympy

    if len(sympy.Add.make_args(polynomial)) > 6:
        return polynomial
    factored = sympy.factor(polynomial)
    return factored if len(sympy.sstr(factored)) < len(sympy.sstr(polynomial)) else polynomial


def _closed_form(factor: Any, model: ParametricModel, point: Point) -> Any | None:
    """The solution of ``factor = 0`` for the parameter that is the threshold, or None.

    Only degrees 1 and 2 are solved (beyond, sympy's radicals are unreadable or do not exist),
    and a solution is kept only if no longer than `MAX_FORMULA_LENGTH` or than the polynomial.
    The right root of a quadratic is the one nearest the threshold once the others' values are
    put back, told apart at 40 digits (two roots that close are one double root).
    """
    import sympy

    t = model.symbol
    degree = sympy.degree(factor, t)
    if degree == 1:
        slope, intercept = sympy.Poly(factor, t).all_coeffs()
        best = -intercept / slope
    elif degree == 2:
        point.refine(Fraction(1, 10**45) * max(1, abs(point.lo)))
        target = sympy.Rational(point.lo.numerator, point.lo.denominator)
        distances = []
        for solution in sympy.solve(factor, t):
            value = solution.xreplace(model.others)
            if not value.is_finite:
                continue  # a leading coefficient vanishes at these values
            distances.append((abs(complex(sympy.N(value - target, 50))), solution))
        if not distances:
            return None
        best = min(distances, key=lambda pair: pair[0])[1]
    else:
        return None
    expression = _shortest(best)
    longest = max(MAX_FORMULA_LENGTH, len(sympy.sstr(factor)))
    return expression if len(sympy.sstr(expression)) <= longest else None


def formulas(
    model: ParametricModel, point: Point, origins: Sequence[Origin]
) -> list[tuple[str, Any]]:
    """The threshold as formulas in the other parameters, simplest condition first.

    Each condition that vanishes there is redone with every parameter symbolic and factored;
    the factor that vanishes at the threshold (checked exactly, with the others' values put
    back) is solved for the parameter when `_closed_form` can, else given as ``root of ... = 0
    in <parameter>`` with no expression.  Valid near the given values of the other
    parameters.  Several conditions can meet at the given values and part when the others
    move: all are returned, as (text, sympy expression or None), except that the support
    conditions of three players or more (sorted last) are eliminated only when no simpler
    condition gave a formula.  Empty when no condition gives a formula.
    """
    import sympy

    t = model.symbol
    seen_origins, seen_conditions, found = set(), set(), {}
    for origin in sorted(origins, key=lambda o: o.order):
        if (origin.kind, origin.detail, origin.choice) in seen_origins:
            continue
        seen_origins.add((origin.kind, origin.detail, origin.choice))
        if origin.kind == "support" and found:
            break  # elimination is the slow step: only when nothing simpler gives a formula
        condition = _condition_symbolic(model, origin)
        if condition is None:
            continue
        condition = sympy.fraction(sympy.cancel(sympy.together(condition)))[0]
        if condition == 0 or condition in seen_conditions:
            continue
        seen_conditions.add(condition)
        for factor in _factors(condition, t):
            if factor in found or not _vanishes_at(factor, model, point):
                continue
            expression = _closed_form(factor, model, point)
            if expression is None:
                found[factor] = (f"root of {sympy.sstr(factor)} = 0 in {model.parameter}", None)
            else:
                found[factor] = (sympy.sstr(expression), expression)
    unique = {}
    for text, expression in found.values():
        unique.setdefault(text, expression)
    return list(unique.items())
