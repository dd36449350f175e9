"""Thresholds: the exact values of one parameter where a scenario's equilibria change.

A *threshold* of a parameter is a value where the structure of the equilibria changes: an
equilibrium appears or vanishes, or starts or stops using a strategy.  Formally, the set of
supports of the equilibria that `negotiation.solvers.solve` returns differs just below and just
above it.  This answers the analyst's question "at what drone cost exactly does Russia switch
from the offensive to a ceasefire?" with a number, not with a picture of a scan.

The method.  With the other parameters fixed, every payoff is a function of the one parameter
``t``: a rational function, piecewise where a formula uses ``min`` or ``max``.

1. Split the range at the switch points of every ``min``/``max`` (where two of its arguments are
   equal), innermost first, so that on each piece every payoff is a rational function of ``t``.
2. On each piece, collect the candidate values: the real roots of the polynomials whose signs
   decide the equilibria.  For two players these are, for each player and each pair of sets of
   equal size (``I`` of its strategies, ``J`` of the other's), the mixed strategy on ``I`` that
   makes the other player indifferent on ``J``, solved by Cramer's rule over ``Q[t]``: where a
   probability is zero, where a strategy outside ``J`` pays as much as those in ``J``, and where
   the system is singular.  With ``|I| = 1`` these are the pure best-response flips.  They are
   the vertices of the best-response polytopes, with their labels (Algorithm 3.5 of von
   Stengel, "Computing equilibria for two-person games", Handbook of Game Theory vol. 3, 2002),
   so degenerate games are covered too.  For three players or more the same conditions are
   taken for every support profile, the polynomial indifference system being eliminated by a
   lex Groebner basis (Cox, Little and O'Shea, *Ideals, Varieties, and Algorithms*, ch. 3),
   the Jacobian determinant standing for the singular system.  Poles of the payoffs are
   candidates too.
3. Between two consecutive candidates each polynomial keeps its sign, so every vertex keeps its
   labels and the completely labelled pairs, the equilibria, keep their supports.  The game is
   solved exactly at one rational point of every gap, and at every rational candidate; the
   candidates where the two sides differ are the thresholds.

Irrational thresholds (``t^2 = 2``) are kept exactly, as roots of an irreducible integer
polynomial in a rational isolating interval, and shown as radicals (degree 2) or ``CRootOf``.

Examples
--------
The stag hunt: hunting stag together stays an equilibrium while the hare is worth less than
the stag (here 7/2), and stops being one where it is worth as much: ``hare = stag``.

>>> from negotiation.scenario import load_scenario
>>> result = thresholds(load_scenario("stag-hunt"), "hare", {"stag": Fraction(7, 2)},
...                     symbolic=True)
>>> [(str(t.value), t.formula) for t in result.thresholds]
[('7/2', 'stag')]
>>> print("\\n".join(result.region_lines()))
  hare in [1, 7/2): 3 equilibria  <- hare = 3
    Alice: Stag; Bob: Stag
    Alice: Hare; Bob: Hare
    Alice: Stag + Hare; Bob: Stag + Hare
  hare in (7/2, 39/10]: Alice: Hare; Bob: Hare
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations, pairwise, product
from typing import TYPE_CHECKING, Any

from negotiation.errors import FormulaError, NegotiationError, ScenarioError
from negotiation.formulas import BinaryOp, Call, Expr, Name, Negate, Number, Power
from negotiation.results import SolveResult
from negotiation.values import closest

if TYPE_CHECKING:
    import sympy

    from negotiation.scenario import Scenario

__all__ = [
    "BestResponseFlip",
    "KnifeEdge",
    "Region",
    "Threshold",
    "ThresholdResult",
    "structure",
    "others_lines",
    "structure_lines",
    "support_text",
    "thresholds",
]

# Groebner bases of the indifference systems of games with more profiles than this are not
# attempted (the solver itself only looks for pure equilibria there).
MAX_PROFILES = 64
# Two players: beyond this many bases (pairs of equal-size strategy sets; 12,869 for 8x8
# games) only pure best-response flips are analysed and the result says it is incomplete.
MAX_BASES = 20_000
Structure = frozenset


# -- exact real numbers ---------------------------------------------------------------------


class _Point:
    """An exact real number: a Fraction, or a root of an irreducible integer polynomial.

    An irrational root is the ``index``-th real root (from the smallest) of ``coefficients``
    (degree 2 or more, so it has no rational root and its sign never vanishes at a rational),
    kept in an open rational interval ``(lo, hi)`` that bisection narrows on demand.
    """

    __slots__ = ("coefficients", "hi", "index", "lo", "rational", "sign_low")

    def __init__(
        self,
        rational: Fraction | None = None,
        coefficients: tuple[int, ...] = (),
        index: int = 0,
        interval: tuple[Fraction, Fraction] | None = None,
    ) -> None:
        self.rational = rational
        self.coefficients = coefficients
        self.index = index
        if rational is not None:
            self.lo = self.hi = rational
            self.sign_low = 0
        else:
            assert interval is not None
            self.lo, self.hi = interval
            self.sign_low = _sign(coefficients, self.lo)

    @property
    def key(self) -> object:
        return self.rational if self.rational is not None else (self.coefficients, self.index)

    def refine(self, width: Fraction) -> None:
        while self.rational is None and self.hi - self.lo > width:
            middle = (self.lo + self.hi) / 2
            if _sign(self.coefficients, middle) == self.sign_low:
                self.lo = middle
            else:
                self.hi = middle

    def exact(self) -> Fraction | sympy.Expr:
        """A Fraction, or the sympy number: radicals for degree 2, else ``CRootOf``."""
        if self.rational is not None:
            return self.rational
        import sympy

        x = sympy.Symbol("x")
        polynomial = sum(c * x**k for k, c in enumerate(reversed(self.coefficients)))
        if len(self.coefficients) == 3:
            a, b, c = (sympy.Integer(v) for v in self.coefficients)
            root = sympy.sqrt(b**2 - 4 * a * c)
            candidates = [(-b - root) / (2 * a), (-b + root) / (2 * a)]
            return sympy.simplify(candidates[self.index])
        return sympy.CRootOf(polynomial, self.index)

    def __float__(self) -> float:
        if self.rational is not None:
            return float(self.rational)
        self.refine(Fraction(1, 10**25) * max(1, abs(self.lo)))
        return float((self.lo + self.hi) / 2)


def _sign(coefficients: Sequence[int], x: Fraction) -> int:
    value = Fraction(0)
    for coefficient in coefficients:
        value = value * x + coefficient
    return (value > 0) - (value < 0)


def _compare(a: _Point, b: _Point) -> int:
    """-1, 0 or 1, exactly: distinct numbers are told apart by narrowing their intervals."""
    if a.key == b.key:
        return 0
    if a.rational is not None and b.rational is not None:
        return -1 if a.rational < b.rational else 1
    while True:
        if a.hi <= b.lo:
            return -1
        if b.hi <= a.lo:
            return 1
        wider = a if a.hi - a.lo >= b.hi - b.lo else b
        wider.refine((wider.hi - wider.lo) / 2)


_point_order = functools.cmp_to_key(_compare)


def _sorted_unique(points: Iterable[_Point]) -> list[_Point]:
    unique = {point.key: point for point in points}
    return sorted(unique.values(), key=_point_order)


def _simplest_between(lo: Fraction, hi: Fraction) -> Fraction:
    """The rational with the smallest denominator in the open interval ``(lo, hi)``.

    An integer when there is one (the one nearest zero), else by continued fractions, so that
    sample points read as ``4`` or ``9/2`` rather than ``1153/256``.
    """
    first, last = math.floor(lo) + 1, math.ceil(hi) - 1
    if first <= last:
        return Fraction(0 if first <= 0 <= last else (first if first > 0 else last))
    whole = math.floor(lo)
    lower = 1 / (hi - whole)
    if lo == whole:
        return whole + 1 / Fraction(math.floor(lower) + 1)
    return whole + 1 / _simplest_between(lower, 1 / (lo - whole))


def _separate(left: _Point, right: _Point) -> None:
    """Narrow the intervals of two points, ``left < right``, until ``left.hi < right.lo``."""
    while not left.hi < right.lo:
        wider = left if left.hi - left.lo >= right.hi - right.lo else right
        wider.refine((wider.hi - wider.lo) / 2)


def _between(left: _Point, right: _Point) -> Fraction:
    """A simple rational strictly between two points, ``left < right``."""
    _separate(left, right)
    return _simplest_between(left.hi, right.lo)


def _near(point: _Point, neighbour: _Point) -> Fraction:
    """A simple rational between ``point`` and ``neighbour``, in the quarter next to ``point``."""
    left, right = (point, neighbour) if _compare(point, neighbour) < 0 else (neighbour, point)
    _separate(left, right)
    point.refine((right.lo - left.hi) / 16)
    _separate(left, right)
    if point is left:
        return _simplest_between(point.hi, point.hi + (right.lo - point.hi) / 4)
    return _simplest_between(point.lo - (point.lo - left.hi) / 4, point.lo)


@functools.lru_cache(maxsize=4096)
def _factor_roots(coefficients: tuple[int, ...]) -> tuple[_Point, ...]:
    """The real roots of an irreducible primitive integer polynomial, in increasing order."""
    if len(coefficients) == 2:
        return (_Point(Fraction(-coefficients[1], coefficients[0])),)
    import sympy

    x = sympy.Symbol("x")
    polynomial = sympy.Poly(list(coefficients), x)
    return tuple(
        _Point(None, coefficients, index, (Fraction(str(a)), Fraction(str(b))))
        for index, ((a, b), _) in enumerate(polynomial.intervals())
    )


def _roots_between(polynomial: sympy.Poly, lo: _Point, hi: _Point) -> list[_Point]:
    """The distinct real roots of a univariate polynomial strictly between ``lo`` and ``hi``."""
    if polynomial.is_zero or polynomial.degree() <= 0:
        return []
    found = []
    for factor, _ in polynomial.factor_list()[1]:
        if factor.degree() <= 0:
            continue
        _, integral = factor.clear_denoms()
        coefficients = tuple(int(c) for c in integral.primitive()[1].all_coeffs())
        if coefficients[0] < 0:
            coefficients = tuple(-c for c in coefficients)
        found.extend(
            point
            for point in _factor_roots(coefficients)
            if _compare(lo, point) < 0 < _compare(hi, point)
        )
    return found


# -- the scenario as functions of the parameter ----------------------------------------------


def _children(node: Expr) -> tuple[Expr, ...]:
    if isinstance(node, BinaryOp):
        return (node.left, node.right)
    if isinstance(node, Negate):
        return (node.operand,)
    if isinstance(node, Power):
        return (node.base,)
    if isinstance(node, Call):
        return node.args
    return ()


def _calls_bottom_up(formulas: Iterable[Expr]) -> list[Call]:
    """Every ``min``/``max`` node, each after the ones inside its arguments."""
    found: dict[Call, None] = {}

    def visit(node: Expr) -> None:
        for child in _children(node):
            visit(child)
        if isinstance(node, Call):
            found.setdefault(node, None)

    for formula in formulas:
        visit(formula)
    return list(found)


def _convert(node: Expr, scope: Mapping[str, Any], choice: Mapping[Call, int]) -> Any:
    """The formula as sympy, each ``min``/``max`` in ``choice`` replaced by its chosen argument."""
    import sympy

    if isinstance(node, Number):
        return sympy.Rational(node.value.numerator, node.value.denominator)
    if isinstance(node, Name):
        return scope[node.name]
    if isinstance(node, BinaryOp):
        left, right = _convert(node.left, scope, choice), _convert(node.right, scope, choice)
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        return left / right
    if isinstance(node, Negate):
        return -_convert(node.operand, scope, choice)
    if isinstance(node, Power):
        return _convert(node.base, scope, choice) ** sympy.Integer(node.exponent)
    if isinstance(node, Call):
        if node in choice:
            return _convert(node.args[choice[node]], scope, choice)
        function = sympy.Min if node.function == "min" else sympy.Max
        return function(*(_convert(arg, scope, choice) for arg in node.args))
    msg = f"unknown formula node {node!r}"
    raise TypeError(msg)


class _Model:
    """The scenario's payoffs as sympy expressions in the parameter, the others fixed."""

    def __init__(self, scenario: Scenario, parameter: str, values: Mapping[str, Fraction]):
        import sympy

        self.scenario = scenario
        self.parameter = parameter
        self.values = dict(values)
        self.symbols = {name: sympy.Symbol(name, real=True) for name in scenario.parameters}
        self.symbol = self.symbols[parameter]
        self.fixed: dict[str, Any] = {
            name: sympy.Rational(value.numerator, value.denominator)
            for name, value in values.items()
            if name != parameter
        }
        self.fixed[parameter] = self.symbol
        self.shape = tuple(len(labels) for labels in scenario.strategies)
        self.cells = list(product(*(range(count) for count in self.shape)))
        self.formulas = {
            cell: scenario.payoff_formulas[
                tuple(labels[k] for labels, k in zip(scenario.strategies, cell, strict=True))
            ]
            for cell in self.cells
        }
        self.calls = _calls_bottom_up(
            [*scenario.terms.values(), *(f for row in self.formulas.values() for f in row)]
        )

    def scope(self, choice: Mapping[Call, int], symbolic: bool = False) -> dict[str, Any]:
        scope = dict(self.symbols if symbolic else self.fixed)
        for name, term in self.scenario.terms.items():
            scope[name] = _convert(term, scope, choice)
        return scope

    def payoffs(self, choice: Mapping[Call, int], symbolic: bool = False) -> list[dict]:
        """Each player's payoff at each cell, as sympy expressions."""
        scope = self.scope(choice, symbolic)
        return [
            {cell: _convert(self.formulas[cell][player], scope, choice) for cell in self.cells}
            for player in range(len(self.shape))
        ]

    def at(self, value: Fraction, undefined_ok: bool = True) -> SolveResult | None:
        """The exact equilibria at ``parameter = value``.

        None where a payoff is undefined (a pole) if ``undefined_ok``; else the scenario's
        `FormulaError` propagates (a payoff undefined between candidates is undefined for a
        whole interval, which the user must fix).
        """
        from negotiation.solvers import solve

        values = {**self.values, self.parameter: value}
        try:
            game = self.scenario.game(values)
        except FormulaError:
            if undefined_ok:
                return None
            raise
        return solve(game, parameters=values)


def _numerator_denominator(expr: Any, gens: Sequence[Any]) -> tuple[Any, Any]:
    import sympy

    numerator, denominator = sympy.fraction(sympy.cancel(sympy.together(expr)))
    return sympy.Poly(numerator, *gens, domain="QQ"), sympy.Poly(denominator, *gens, domain="QQ")


# -- candidates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Origin:
    """Why a value is a candidate, so that the condition can be redone symbolically.

    ``kind``: "switch" (arguments ``detail`` of ``node`` are equal), "pole" (of the payoffs, or
    of ``node``'s argument ``detail[0]`` or difference), "basis" (``detail`` is ``(mover, I, J,
    condition, index)``), "tie" (a pure best-response flip, three players or more), "support"
    (a support profile's condition, three players or more: no formula is derived for these).
    """

    kind: str
    choice: tuple[tuple[Call, int], ...]
    detail: tuple = ()
    node: Call | None = None
    order: int = 0  # lower: a simpler condition, tried first for the formula


class _Candidates:
    def __init__(self) -> None:
        self.points: dict[object, _Point] = {}
        self.origins: dict[object, list[_Origin]] = {}

    def add(self, points: Iterable[_Point], origin: _Origin) -> None:
        for point in points:
            self.points.setdefault(point.key, point)
            self.origins.setdefault(point.key, []).append(origin)


def _pieces(
    model: _Model, low: _Point, high: _Point, candidates: _Candidates
) -> list[tuple[_Point, _Point, dict[Call, int]]]:
    """Split ``[low, high]`` where a ``min``/``max`` switches; each piece with its choices."""
    import sympy

    pieces: list[tuple[_Point, _Point, dict[Call, int]]] = [(low, high, {})]
    t = model.symbol
    for node in model.calls:
        refined = []
        for lo, hi, choice in pieces:
            scope = model.scope(choice)
            args = [_convert(arg, scope, choice) for arg in node.args]
            frozen = tuple(choice.items())
            cuts = []
            for number, arg in enumerate(args):  # where an argument itself is undefined
                poles = _roots_between(_numerator_denominator(arg, [t])[1], lo, hi)
                candidates.add(poles, _Origin("pole", frozen, (number, number), node, 2))
                cuts += poles
            for first, second in combinations(range(len(args)), 2):
                numerator, denominator = _numerator_denominator(args[first] - args[second], [t])
                roots = _roots_between(numerator, lo, hi)
                poles = _roots_between(denominator, lo, hi)
                candidates.add(roots, _Origin("switch", frozen, (first, second), node, 1))
                candidates.add(poles, _Origin("pole", frozen, (first, second), node, 2))
                cuts += roots + poles
            bounds = _sorted_unique([lo, hi, *cuts])
            for left, right in pairwise(bounds):
                sample = _between(left, right)
                point = {t: sympy.Rational(sample.numerator, sample.denominator)}
                evaluated = [arg.xreplace(point) for arg in args]
                pick = min if node.function == "min" else max
                index = evaluated.index(pick(evaluated))
                refined.append((left, right, {**choice, node: index}))
        pieces = refined
    return pieces


def _cleared(payoff: Mapping[tuple, Any], ring: Any) -> tuple[dict[tuple, Any], Any]:
    """A player's payoffs times their common denominator: polynomials in ``ring``.

    Scaling one player's payoffs by a function of the parameters changes none of the zero sets
    used below (where it vanishes the payoffs have a pole, itself a candidate).
    """
    import sympy

    parts = {}
    common = ring.one
    for cell, expr in payoff.items():
        numerator, denominator = sympy.fraction(sympy.cancel(sympy.together(expr)))
        parts[cell] = (ring.from_sympy(numerator), ring.from_sympy(denominator))
        common = ring.lcm(common, parts[cell][1])
    cleared = {
        cell: numerator * ring.exquo(common, denominator)
        for cell, (numerator, denominator) in parts.items()
    }
    return cleared, common


def _mover_matrix(cleared: Sequence[Mapping[tuple, Any]], mover: int) -> list[list[Any]]:
    """``matrix[k][j]``: the other player's payoff when the mover plays k and it plays j."""
    other = 1 - mover
    rows, columns = max(c[0] for c in cleared[0]) + 1, max(c[1] for c in cleared[0]) + 1
    if mover == 0:
        return [[cleared[other][(k, j)] for j in range(columns)] for k in range(rows)]
    return [[cleared[other][(j, k)] for j in range(rows)] for k in range(columns)]


def _basis_conditions(
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


def _two_player_candidates(
    model: _Model,
    payoffs: list[dict],
    lo: _Point,
    hi: _Point,
    origin: tuple,
    candidates: _Candidates,
) -> bool:
    """Candidates for two players; False when the game was too large for mixed supports."""
    import sympy

    t = model.symbol
    ring = sympy.QQ[t]
    cleared = []
    for payoff in payoffs:
        polynomials, common = _cleared(payoff, ring)
        cleared.append(polynomials)
        poles = _roots_between(sympy.Poly(ring.to_sympy(common), t), lo, hi)
        candidates.add(poles, _Origin("pole", origin, order=2))
    rows, columns = model.shape
    bases = sum(
        math.comb(rows, k) * math.comb(columns, k) for k in range(1, min(rows, columns) + 1)
    )
    largest = min(model.shape) if bases <= MAX_BASES else 1
    for mover in (0, 1):
        matrix = _mover_matrix(cleared, mover)
        for size in range(1, largest + 1):
            for own in combinations(range(model.shape[mover]), size):
                for other in combinations(range(model.shape[1 - mover]), size):
                    conditions = _basis_conditions(matrix, own, other, ring)
                    for condition, index, polynomial in conditions or ():
                        roots = _roots_between(sympy.Poly(ring.to_sympy(polynomial), t), lo, hi)
                        detail = (mover, own, other, condition, index)
                        candidates.add(roots, _Origin("basis", origin, detail, order=2 + size))
    return largest == min(model.shape)


def _subsets(count: int) -> list[tuple[int, ...]]:
    return [s for size in range(1, count + 1) for s in combinations(range(count), size)]


def _support_system(
    payoffs: Sequence[Mapping[tuple, Any]], shape: tuple[int, ...], supports: Sequence[tuple]
) -> tuple[list[Any], list[Any], list[Any]]:
    """Unknowns, indifference equations and boundary conditions of a support profile.

    Each mixing player's last support probability is one minus the others.  Conditions: every
    support probability is zero, or a strategy off the support pays as much as the support.
    """
    import sympy

    unknowns: list[Any] = []
    probability: list[dict[int, Any]] = []
    for player, support in enumerate(supports):
        names = [sympy.Symbol(f"p{player}_{k}") for k in support[:-1]]
        unknowns += names
        mixed = dict(zip(support[:-1], names, strict=True))
        mixed[support[-1]] = 1 - sum(names)
        probability.append(mixed)

    def expected(player: int, strategy: int) -> Any:
        total = 0
        ranges = [[strategy] if i == player else s for i, s in enumerate(supports)]
        for cell in product(*ranges):
            weight = 1
            for i, k in enumerate(cell):
                if i != player:
                    weight *= probability[i][k]
            total += weight * payoffs[player][cell]
        return sympy.expand(total)

    equations, conditions = [], []
    for player, support in enumerate(supports):
        reference = expected(player, support[0])
        equations += [expected(player, k) - reference for k in support[1:]]
        conditions += [
            expected(player, k) - reference for k in range(shape[player]) if k not in support
        ]
        if len(support) > 1:
            conditions += list(probability[player].values())
    return unknowns, equations, conditions


def _eliminate(polynomials: list[Any], unknowns: list[Any], t: Any) -> Any | None:
    """The generator of the ideal's intersection with ``Q[t]``: 1 when empty, None when zero."""
    import sympy

    basis = sympy.groebner(polynomials, *unknowns, t, order="lex", domain="QQ")
    if list(basis.exprs) == [1]:
        return sympy.Integer(1)
    univariate = [g for g in basis.exprs if not (g.free_symbols & set(unknowns))]
    return univariate[0] if univariate else None


def _many_player_candidates(
    model: _Model,
    payoffs: list[dict],
    lo: _Point,
    hi: _Point,
    origin: tuple,
    candidates: _Candidates,
) -> bool:
    """Candidates for three players or more; False when some could not be certified."""
    import sympy

    t = model.symbol
    ring = sympy.QQ[t]
    cleared = []
    for payoff in payoffs:
        polynomials, common = _cleared(payoff, ring)
        cleared.append({cell: ring.to_sympy(p) for cell, p in polynomials.items()})
        poles = _roots_between(sympy.Poly(ring.to_sympy(common), t), lo, hi)
        candidates.add(poles, _Origin("pole", origin, order=2))
    complete = True
    for supports in product(*(_subsets(count) for count in model.shape)):
        if all(len(support) == 1 for support in supports):
            # Pure profiles: a tie of two payoffs against the same pure profile of the others.
            cell = tuple(support[0] for support in supports)
            for player in range(len(model.shape)):
                for other in range(cell[player] + 1, model.shape[player]):
                    changed = (*cell[:player], other, *cell[player + 1 :])
                    difference = cleared[player][cell] - cleared[player][changed]
                    roots = _roots_between(sympy.Poly(difference, t), lo, hi)
                    detail = (player, cell, other)
                    candidates.add(roots, _Origin("tie", origin, detail, order=3))
            continue
        if math.prod(model.shape) > MAX_PROFILES:
            complete = False
            continue
        unknowns, equations, conditions = _support_system(cleared, model.shape, supports)
        jacobian = sympy.Matrix(equations).jacobian(unknowns).det() if unknowns else None
        tests = conditions + ([jacobian] if jacobian is not None else [])
        for condition in tests:
            generator = _eliminate([*equations, condition], unknowns, t)
            if generator is None:
                complete = False
                continue
            roots = _roots_between(sympy.Poly(generator, t), lo, hi)
            candidates.add(roots, _Origin("support", origin, (supports,), order=9))
    return complete


def _all_candidates(model: _Model, low: _Point, high: _Point) -> tuple[_Candidates, bool]:
    candidates = _Candidates()
    complete = True
    for lo, hi, choice in _pieces(model, low, high, candidates):
        payoffs = model.payoffs(choice)
        origin = tuple(choice.items())
        if len(model.shape) == 2:
            complete &= _two_player_candidates(model, payoffs, lo, hi, origin, candidates)
        else:
            complete &= _many_player_candidates(model, payoffs, lo, hi, origin, candidates)
    return candidates, complete


# -- the symbolic formula of a threshold -----------------------------------------------------


def _condition_symbolic(model: _Model, origin: _Origin) -> Any | None:
    """The candidate's condition with every parameter a symbol: an expression equal to zero."""
    import sympy

    choice = dict(origin.choice)
    gens = list(model.symbols.values())
    if origin.kind in ("switch", "pole") and origin.node is not None:
        scope = model.scope(choice, symbolic=True)
        first, second = (_convert(origin.node.args[k], scope, choice) for k in origin.detail)
        difference = first if origin.detail[0] == origin.detail[1] else first - second
        numerator, denominator = sympy.fraction(sympy.cancel(sympy.together(difference)))
        return numerator if origin.kind == "switch" else denominator
    payoffs = model.payoffs(choice, symbolic=True)
    ring = sympy.QQ[tuple(gens)]
    if origin.kind == "pole":
        return sympy.Mul(*(ring.to_sympy(_cleared(payoff, ring)[1]) for payoff in payoffs))
    if origin.kind == "basis":
        mover, own, other, condition, index = origin.detail
        cleared = [_cleared(payoff, ring)[0] for payoff in payoffs]
        conditions = _basis_conditions(_mover_matrix(cleared, mover), own, other, ring) or []
        for kind, k, polynomial in conditions:
            if (kind, k) == (condition, index):
                return ring.to_sympy(polynomial)
        return None
    if origin.kind == "tie":
        player, cell, other = origin.detail
        changed = list(cell)
        changed[player] = other
        return payoffs[player][cell] - payoffs[player][tuple(changed)]
    return None


def _formulas(model: _Model, point: _Point, origins: Sequence[_Origin]) -> list[tuple[str, Any]]:
    """The threshold as formulas in the other parameters, simplest condition first.

    Each condition that vanishes there is redone with every parameter symbolic and factored;
    the factor that vanishes at the threshold is solved for the parameter (degree 1 or 2;
    beyond that it is given as an equation ``... = 0``, with no expression).  Valid near the
    given values of the other parameters.  Several conditions can meet at the given values
    and part when the others move: all are returned, as (text, sympy expression or None).
    """
    import sympy

    t = model.symbol
    others = {
        model.symbols[name]: value
        for name, value in model.fixed.items()
        if name != model.parameter
    }
    seen, found = set(), {}
    for origin in sorted(origins, key=lambda o: o.order):
        if (origin.kind, origin.detail, origin.choice) in seen:
            continue
        seen.add((origin.kind, origin.detail, origin.choice))
        condition = _condition_symbolic(model, origin)
        if condition is None:
            continue
        condition = sympy.fraction(sympy.cancel(sympy.together(condition)))[0]
        if condition == 0:
            continue
        for factor, _ in sympy.factor_list(condition)[1]:
            if t not in factor.free_symbols or factor in found:
                continue
            local = sympy.Poly(factor.xreplace(others), t, domain="QQ")
            nearby = _roots_between(local, _Point(point.lo - 1), _Point(point.hi + 1))
            if not any(root.key == point.key for root in nearby):
                continue
            if sympy.degree(factor, t) > 2:
                found[factor] = (f"{sympy.sstr(factor)} = 0", None)
                continue
            target = float(point)
            best = min(
                sympy.solve(factor, t),
                key=lambda s: abs(complex(sympy.N(s.xreplace(others), 30)) - target),
            )
            forms = [sympy.simplify(best), sympy.factor(best), sympy.cancel(best)]
            expression = min(forms, key=lambda form: len(sympy.sstr(form)))
            found[factor] = (sympy.sstr(expression), expression)
    unique = {}
    for text, expression in found.values():
        unique.setdefault(text, expression)
    return list(unique.items())


# -- results ---------------------------------------------------------------------------------


def structure(result: SolveResult) -> frozenset:
    """The set of supports of the equilibria: what a threshold changes."""
    return frozenset(equilibrium.support() for equilibrium in result.equilibria)


def support_text(result: SolveResult, supports: tuple[tuple[int, ...], ...]) -> str:
    """``Russia: Offensive; Turkey: Reinforce + Accommodate``: which strategies are used."""
    game = result.game
    return "; ".join(
        f"{player}: {' + '.join(labels[k] for k in support)}"
        for player, labels, support in zip(game.players, game.strategies, supports, strict=True)
    )


def structure_lines(result: SolveResult | None) -> list[str]:
    """One line per equilibrium saying which strategies it uses (constant across a region)."""
    if result is None:
        return ["a payoff is undefined here"]
    if not result.equilibria:
        return ["no equilibrium found"]
    return [support_text(result, eq.support()) for eq in result.equilibria]


def others_lines(values: Mapping[str, Fraction], varied: Sequence[str]) -> list[str]:
    """``Other parameters: a = 1, b = 3/2, ...`` wrapped at 99 columns between parameters."""
    entries = [f"{k} = {v}" for k, v in values.items() if k not in varied]
    if not entries:
        return []
    lines, line = [], "Other parameters:"
    for number, entry in enumerate(entries):
        entry += "," if number < len(entries) - 1 else ""
        if len(line) + 1 + len(entry) > 99:
            lines.append(line)
            line = " "
        line += " " + entry
    return [*lines, line]


def _exact_text(value: Fraction | Any) -> str:
    if isinstance(value, Fraction):
        return str(value)
    import sympy

    return sympy.sstr(value)


def _number_json(value: Fraction | Any, approx: float) -> dict:
    return {"value": _exact_text(value), "float": approx}


@dataclass(frozen=True)
class Threshold:
    """One value where the equilibria change.

    Attributes
    ----------
    value : Fraction or sympy.Expr
        Exact: a Fraction, or an algebraic number (``sqrt(2)``, ``CRootOf(...)``).
    approx : float
        The value as a float, for plots and sorting by eye.
    formula : str or None
        With ``symbolic=True``: the value as a formula in the other parameters, valid near
        their given values (an equation ``... = 0`` when the value is a root of degree 3 or
        more).
    formula_expr : sympy.Expr or None
        The formula as a sympy expression in the parameters' symbols, when it is explicit.
    other_formulas : tuple of str
        Other conditions that meet at this value for the given values of the other
        parameters, and would give separate thresholds if these moved.
    below, above : SolveResult
        The equilibria at ``below_value`` and ``above_value``, simple rationals just either
        side (nearer the threshold than any other candidate value).
    at : SolveResult or None
        The equilibria at the threshold itself when it is rational (None when irrational or
        where a payoff is undefined).
    degenerate_at : bool
        Whether the game is degenerate at the threshold.  It always is where a payoff is
        defined: equilibria of a non-degenerate game persist under small changes of the
        payoffs, so they can only change at a degenerate game.
    """

    value: Fraction | Any
    approx: float
    formula: str | None
    formula_expr: Any
    other_formulas: tuple[str, ...]
    below_value: Fraction
    below: SolveResult
    above_value: Fraction
    above: SolveResult
    at: SolveResult | None
    degenerate_at: bool

    def to_json(self) -> dict:
        return {
            **_number_json(self.value, self.approx),
            "formula": self.formula,
            "other_formulas": list(self.other_formulas),
            "degenerate_at": self.degenerate_at,
            "below": {"value": str(self.below_value), **self.below.to_json()},
            "above": {"value": str(self.above_value), **self.above.to_json()},
            "at": None if self.at is None else self.at.to_json(),
        }


@dataclass(frozen=True)
class Region:
    """An interval of the parameter over which the equilibria keep the same supports.

    ``low_closed``/``high_closed`` say whether the ends belong to it (an end belongs where the
    equilibria there have the region's supports).  ``result`` is solved at ``value`` inside.
    """

    low: Fraction | Any
    high: Fraction | Any
    low_closed: bool
    high_closed: bool
    value: Fraction
    result: SolveResult
    _low: _Point = field(repr=False, compare=False)
    _high: _Point = field(repr=False, compare=False)

    @property
    def structure(self) -> frozenset:
        return structure(self.result)

    def contains(self, value: Fraction) -> bool:
        """Whether ``value`` lies in the region (its ends by ``low_closed``/``high_closed``)."""
        point = _Point(Fraction(value))
        left, right = _compare(self._low, point), _compare(point, self._high)
        return (left < 0 or (left == 0 and self.low_closed)) and (
            right < 0 or (right == 0 and self.high_closed)
        )

    def interval_text(self, parameter: str) -> str:
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{parameter} in {left}{_exact_text(self.low)}, {_exact_text(self.high)}{right}"

    def to_json(self) -> dict:
        return {
            "low": _exact_text(self.low),
            "high": _exact_text(self.high),
            "low_float": float(self._low),
            "high_float": float(self._high),
            "low_closed": self.low_closed,
            "high_closed": self.high_closed,
            "value": str(self.value),
            "supports": [
                {
                    player: [labels[k] for k in support]
                    for player, labels, support in zip(
                        self.result.game.players,
                        self.result.game.strategies,
                        eq.support(),
                        strict=True,
                    )
                }
                for eq in self.result.equilibria
            ],
        }


@dataclass(frozen=True)
class KnifeEdge:
    """A rational value where the equilibria differ from those on both sides, which agree.

    An end of the range is one too when its equilibria differ from those just inside.
    """

    value: Fraction
    result: SolveResult

    def to_json(self) -> dict:
        return {"value": str(self.value), **self.result.to_json()}


@dataclass(frozen=True)
class BestResponseFlip:
    """A value where a player's best reply to a pure profile of the others changes.

    ``against`` names the others' strategies; ``below``/``above`` are the best replies either
    side; ``changes_equilibria`` says whether the value is also a threshold.
    """

    value: Fraction | Any
    approx: float
    player: str
    against: Mapping[str, str]
    below: tuple[str, ...]
    above: tuple[str, ...]
    changes_equilibria: bool

    def to_json(self) -> dict:
        return {
            **_number_json(self.value, self.approx),
            "player": self.player,
            "against": dict(self.against),
            "below": list(self.below),
            "above": list(self.above),
            "changes_equilibria": self.changes_equilibria,
        }


@dataclass(frozen=True)
class ThresholdResult:
    """The thresholds of one parameter over a range, the others held at ``values``.

    Attributes
    ----------
    scenario : Scenario
    parameter : str
    values : mapping
        Every parameter's value; the varied one's marks the baseline in reports.
    low, high : Fraction
        The range searched: the parameter's declared range unless given.
    thresholds : tuple of Threshold
        In increasing order; strictly inside ``(low, high)``.
    regions : tuple of Region
        The intervals between thresholds, from ``low`` to ``high``.
    knife_edges : tuple of KnifeEdge
        Rational values where the equilibria differ only at that value.
    best_response_flips : tuple of BestResponseFlip
        Filled when asked for with ``best_responses=True``.
    complete : bool
        False when, for three players or more, some condition could not be eliminated (a
        continuum of solutions, a degenerate case) or the game is too large: a threshold may
        then be missing.
    candidates : int
        How many candidate values were checked.
    """

    scenario: Scenario
    parameter: str
    values: Mapping[str, Fraction]
    low: Fraction
    high: Fraction
    thresholds: tuple[Threshold, ...]
    regions: tuple[Region, ...]
    knife_edges: tuple[KnifeEdge, ...] = ()
    best_response_flips: tuple[BestResponseFlip, ...] = ()
    complete: bool = True
    candidates: int = 0

    def region_of(self, value: Fraction) -> Region | None:
        """The region holding ``value``; None at a threshold that belongs to neither side."""
        return next((region for region in self.regions if region.contains(value)), None)

    def region_lines(self, indent: str = "  ") -> list[str]:
        """``drone_cost in [0, 17/4): Russia: Offensive; Turkey: Accommodate``, one per region,
        the baseline marked, then the knife edges."""
        name = self.parameter
        baseline = self.values.get(name)
        lines = []
        for region in self.regions:
            marker = (
                f"  <- {name} = {baseline}"
                if baseline is not None and region.contains(baseline)
                else ""
            )
            described = structure_lines(region.result)
            if len(described) == 1:
                lines.append(f"{indent}{region.interval_text(name)}: {described[0]}{marker}")
            else:
                lines.append(
                    f"{indent}{region.interval_text(name)}: {len(described)} equilibria{marker}"
                )
                lines += [f"{indent}  {line}" for line in described]
        for edge in self.knife_edges:
            lines.append(
                f"{indent}at {name} = {edge.value} only: "
                + " | ".join(structure_lines(edge.result))
            )
        return lines

    def to_json(self) -> dict:
        from negotiation.provenance import provenance

        return {
            "parameter": self.parameter,
            "range": [str(self.low), str(self.high)],
            "thresholds": [threshold.to_json() for threshold in self.thresholds],
            "regions": [region.to_json() for region in self.regions],
            "knife_edges": [edge.to_json() for edge in self.knife_edges],
            "best_response_flips": [flip.to_json() for flip in self.best_response_flips],
            "complete": self.complete,
            **provenance(self.scenario, self.values),
        }

    def text(self) -> str:
        """The readable report: each threshold with the equilibria either side, then regions."""
        name = self.parameter
        lines = [f"{self.scenario.title}: thresholds of {name} in [{self.low}, {self.high}]"]
        lines += others_lines(self.values, (name,))
        if not self.complete:
            lines.append(
                "Warning: some conditions could not be analysed exactly (a degenerate or large "
                "game): a threshold may be missing."
            )
        if not self.thresholds:
            lines.append("No threshold: the equilibria keep the same supports across the range.")
        for threshold in self.thresholds:
            shown = _exact_text(threshold.value)
            whole = isinstance(threshold.value, Fraction) and threshold.value.denominator == 1
            approx = "" if whole else f" (about {threshold.approx:.6g})"
            lines.append("")
            lines.append(f"{name} = {shown}{approx}")
            if threshold.formula is not None:
                lines.append(f"  formula: {name} = {threshold.formula}")
                lines += [
                    f"  which here coincides with: {name} = {other}"
                    for other in threshold.other_formulas
                ]
            for side, value, result in (
                ("below", threshold.below_value, threshold.below),
                ("above", threshold.above_value, threshold.above),
            ):
                lines.append(f"  just {side} ({name} = {value}):")
                lines += [f"    {eq.describe(result.game)}" for eq in result.equilibria] or [
                    "    no equilibrium found"
                ]
            if threshold.at is None and isinstance(threshold.value, Fraction):
                lines.append(f"  at {shown} a payoff is undefined (a division by zero).")
            elif threshold.degenerate_at:
                lines.append(
                    f"  at {shown} the game is degenerate (a tie): equilibria may form "
                    "a continuum there."
                )
        lines.append("")
        lines.append("Regions:")
        lines += self.region_lines()
        if self.best_response_flips:
            lines.append("")
            lines.append("Best-response flips:")
            for flip in self.best_response_flips:
                against = ", ".join(f"{k}: {v}" for k, v in flip.against.items())
                note = "" if flip.changes_equilibria else " (equilibria unchanged)"
                lines.append(
                    f"  {name} = {_exact_text(flip.value)}: {flip.player}'s best reply to "
                    f"{against} goes from {' / '.join(flip.below)} to {' / '.join(flip.above)}"
                    f"{note}"
                )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()


# -- the analysis ----------------------------------------------------------------------------


def _best_replies(game: Any, player: int, against: tuple[int, ...]) -> tuple[int, ...]:
    payoff = game.payoffs[player]
    values = []
    for k in range(game.shape[player]):
        cell = list(against)
        cell.insert(player, k)
        values.append(payoff[tuple(cell)])
    best = max(values)
    return tuple(k for k, value in enumerate(values) if value == best)


def _flips(
    model: _Model, point: _Point, below: SolveResult, above: SolveResult, threshold: bool
) -> list[BestResponseFlip]:
    game_below, game_above = below.game, above.game
    flips = []
    for player, name in enumerate(game_below.players):
        others = [count for i, count in enumerate(game_below.shape) if i != player]
        for against in product(*(range(count) for count in others)):
            before = _best_replies(game_below, player, against)
            after = _best_replies(game_above, player, against)
            if before != after:
                other_names = [p for i, p in enumerate(game_below.players) if i != player]
                other_labels = [s for i, s in enumerate(game_below.strategies) if i != player]
                labels = game_below.strategies[player]
                flips.append(
                    BestResponseFlip(
                        point.exact(),
                        float(point),
                        name,
                        {
                            p: s[k]
                            for p, s, k in zip(other_names, other_labels, against, strict=True)
                        },
                        tuple(labels[k] for k in before),
                        tuple(labels[k] for k in after),
                        threshold,
                    )
                )
    return flips


def thresholds(
    scenario: Scenario,
    parameter: str,
    values: Mapping[str, Fraction] | None = None,
    best_responses: bool = False,
    *,
    symbolic: bool = False,
    within: tuple[Fraction, Fraction] | None = None,
) -> ThresholdResult:
    """The exact values of ``parameter`` where the equilibria change (see the module notes).

    Parameters
    ----------
    scenario : Scenario
    parameter : str
        The parameter to vary.
    values : mapping of str to Fraction, optional
        The other parameters' values (missing ones at the baseline); the varied parameter's
        own value is only marked in the report.
    best_responses : bool
        Also list the values where a best reply to a pure profile flips, even when the
        equilibria do not change.
    symbolic : bool
        Give each threshold as a formula in the other parameters too.
    within : (Fraction, Fraction), optional
        The range to search; default the parameter's declared range.

    Returns
    -------
    ThresholdResult

    Raises
    ------
    ScenarioError
        For an unknown parameter, naming the closest one.
    NegotiationError
        For an empty range.
    """
    if parameter not in scenario.parameters:
        msg = (
            f"unknown parameter {parameter!r}{closest(parameter, tuple(scenario.parameters))}; "
            f"parameters: {', '.join(scenario.parameters) or 'none'}"
        )
        raise ScenarioError(msg, file=scenario.path)
    values = {**scenario.baseline(), **{k: Fraction(v) for k, v in (values or {}).items()}}
    spec = scenario.parameters[parameter]
    low, high = (spec.low, spec.high) if within is None else (Fraction(b) for b in within)
    if low > high:
        msg = f"the range of {parameter} is empty: low {low} is above high {high}"
        raise NegotiationError(msg)
    model = _Model(scenario, parameter, values)
    low_point, high_point = _Point(low), _Point(high)
    if low == high:
        result = model.at(low)
        assert result is not None
        region = Region(low, high, True, True, low, result, low_point, high_point)
        return ThresholdResult(scenario, parameter, values, low, high, (), (region,))

    found, complete = _all_candidates(model, low_point, high_point)
    points = _sorted_unique(found.points.values())
    bounds = [low_point, *points, high_point]
    gaps = [(left, right, _between(left, right)) for left, right in pairwise(bounds)]
    samples: list[SolveResult] = [model.at(sample, undefined_ok=False) for _, _, sample in gaps]
    at = [model.at(point.rational) if point.rational is not None else None for point in bounds]

    kept, knife_edges, flips = [], [], []
    if at[0] is not None and structure(at[0]) != structure(samples[0]):
        knife_edges.append(KnifeEdge(low, at[0]))
    for index, point in enumerate(points):
        left, right = samples[index], samples[index + 1]
        changes = structure(left) != structure(right)
        here = at[index + 1]
        if changes:
            kept.append(index)
        elif here is not None and structure(here) != structure(left):
            knife_edges.append(KnifeEdge(point.rational, here))
        if best_responses:
            flips += _flips(model, point, left, right, changes)

    if at[-1] is not None and structure(at[-1]) != structure(samples[-1]):
        knife_edges.append(KnifeEdge(high, at[-1]))

    threshold_list = []
    for index in kept:
        point = points[index]
        below_value = _near(point, bounds[index])
        above_value = _near(point, bounds[index + 2])
        below = model.at(below_value, undefined_ok=False)
        above = model.at(above_value, undefined_ok=False)
        self_check = (structure(below), structure(above))
        if complete and self_check != (structure(samples[index]), structure(samples[index + 1])):
            msg = f"equilibria change between candidate values near {float(point)}: a bug"
            raise AssertionError(msg)
        here = at[index + 1]
        formulas = _formulas(model, point, found.origins[point.key]) if symbolic else []
        formula, formula_expr = formulas[0] if formulas else (None, None)
        threshold_list.append(
            Threshold(
                value=point.exact(),
                approx=float(point),
                formula=formula,
                formula_expr=formula_expr,
                other_formulas=tuple(text for text, _ in formulas[1:]),
                below_value=below_value,
                below=below,
                above_value=above_value,
                above=above,
                at=here,
                degenerate_at=here.degenerate if here is not None else point.rational is None,
            )
        )

    regions = []
    starts = [0, *(index + 1 for index in kept)]
    ends = [*(index + 1 for index in kept), len(bounds) - 1]
    for start, end in zip(starts, ends, strict=True):
        sample = samples[start]
        inside = structure(sample)
        low_closed = at[start] is not None and structure(at[start]) == inside
        high_closed = at[end] is not None and structure(at[end]) == inside
        regions.append(
            Region(
                bounds[start].exact(),
                bounds[end].exact(),
                low_closed,
                high_closed,
                gaps[start][2],
                sample,
                bounds[start],
                bounds[end],
            )
        )
    return ThresholdResult(
        scenario,
        parameter,
        values,
        low,
        high,
        tuple(threshold_list),
        tuple(regions),
        tuple(knife_edges),
        tuple(flips),
        complete,
        len(points),
    )
