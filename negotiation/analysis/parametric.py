"""A scenario's payoffs as exact functions of one parameter, the others held fixed.

Why sympy and not the scenario's own evaluator: thresholds are the roots of polynomials in the
parameter, so the payoffs must be kept as expressions in it.  Each ``min``/``max`` of a
formula is kept apart (`ParametricModel.calls`, innermost first): on an interval where it is
known which argument wins, the formula becomes a rational function, and the interval is cut
where two arguments are equal.  Formulas come from `negotiation.formulas` as a parsed tree and
are converted node by node: nothing is ever passed to ``sympify``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from itertools import product
from typing import TYPE_CHECKING, Any

from negotiation.errors import FormulaError
from negotiation.formulas import BinaryOp, Call, Expr, Name, Negate, Number, Power
from negotiation.results import SolveResult

if TYPE_CHECKING:
    from negotiation.model import Model

__all__ = ["ParametricModel", "cleared_payoff", "convert", "numerator_denominator"]


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


def convert(node: Expr, scope: Mapping[str, Any], choice: Mapping[Call, int]) -> Any:
    """The formula as sympy, each ``min``/``max`` in ``choice`` replaced by its chosen argument."""
    import sympy

    if isinstance(node, Number):
        return sympy.Rational(node.value.numerator, node.value.denominator)
    if isinstance(node, Name):
        return scope[node.name]
    if isinstance(node, BinaryOp):
        left, right = convert(node.left, scope, choice), convert(node.right, scope, choice)
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        return left / right
    if isinstance(node, Negate):
        return -convert(node.operand, scope, choice)
    if isinstance(node, Power):
        return convert(node.base, scope, choice) ** sympy.Integer(node.exponent)
    if isinstance(node, Call):
        if node in choice:
            return convert(node.args[choice[node]], scope, choice)
        function = sympy.Min if node.function == "min" else sympy.Max
        return function(*(convert(arg, scope, choice) for arg in node.args))
    msg = f"unknown formula node {node!r}"
    raise TypeError(msg)


class ParametricModel:
    """The scenario's payoffs as sympy expressions in ``parameter``, the others at ``values``.

    ``symbols`` holds a real sympy symbol for every parameter; ``symbol`` is the varied one's.
    ``cells`` lists the pure profiles as index tuples, ``calls`` the ``min``/``max`` nodes of
    every payoff and term formula, innermost first.
    """

    def __init__(self, scenario: Model, parameter: str, values: Mapping[str, Fraction]):
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

    @property
    def others(self) -> dict[Any, Any]:
        """The other parameters' symbols with their fixed values: what a formula substitutes."""
        return {
            self.symbols[name]: value
            for name, value in self.fixed.items()
            if name != self.parameter
        }

    def scope(self, choice: Mapping[Call, int], symbolic: bool = False) -> dict[str, Any]:
        """Every parameter and term as sympy; all parameters symbols if ``symbolic``."""
        scope = dict(self.symbols if symbolic else self.fixed)
        for name, term in self.scenario.terms.items():
            scope[name] = convert(term, scope, choice)
        return scope

    def payoffs(self, choice: Mapping[Call, int], symbolic: bool = False) -> list[dict]:
        """Each player's payoff at each cell, as sympy expressions."""
        scope = self.scope(choice, symbolic)
        return [
            {cell: convert(self.formulas[cell][player], scope, choice) for cell in self.cells}
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


def numerator_denominator(expr: Any, gens: Sequence[Any]) -> tuple[Any, Any]:
    """A rational function as its numerator and denominator polynomials over ``QQ``."""
    import sympy

    numerator, denominator = sympy.fraction(sympy.cancel(sympy.together(expr)))
    return sympy.Poly(numerator, *gens, domain="QQ"), sympy.Poly(denominator, *gens, domain="QQ")


def cleared_payoff(payoff: Mapping[tuple, Any], ring: Any) -> tuple[dict[tuple, Any], Any]:
    """A player's payoffs times their common denominator: polynomials in ``ring``.

    Scaling one player's payoffs by a function of the parameters changes none of the zero sets
    the thresholds are made of (where it vanishes the payoffs have a pole, itself a candidate).
    Returns the polynomials by cell, and the common denominator.
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
