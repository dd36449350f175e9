"""Thresholds on a tree: the exact values of one parameter where the subgame-perfect
equilibria change.

The method.  With the other parameters fixed, every leaf payoff and chance probability is a
function of the parameter ``t``.  Backward induction changes its answer only where, at some
decision node, two actions' worth to the mover swap order; each action's worth is the payoff
of one of the plays the subtree below allows, weighted by the chance probabilities along it.
So:

1. for every decision node, every pair of its actions, and every pair of pure continuation
   outcomes below them (expected payoffs under pure choices further down), the roots in the
   parameter's range of the difference of the mover's payoffs (its numerator, a polynomial;
   every ``min``/``max`` replaced in turn by each of its arguments, and the arguments'
   pairwise differences added), plus the roots of every chance probability (where a branch
   starts or stops being played) and the poles; at a chance node whose branches one
   information set meets (a chance move of types), the differences of its expected outcomes
   for the player who moves there without seeing it;
2. between two consecutive candidates no comparison changes sign, so the equilibria keep
   their choices: the tree is solved exactly (`negotiation.extensive.subgame_perfect`) at one
   rational point of every gap, and at every rational candidate;
3. a candidate is a threshold where the two sides differ (or the candidate itself differs
   from both: a knife-edge, such as a tie that adds equilibria at one point only); an end
   of the range is reported where it differs from the values just inside it.

Candidates are a superset of the thresholds, so none is missed; each reported one is
verified by solving just either side of it.  Imperfect-information subgames are solved as
the exact solver solves them, but their mixed equilibria may move at values the pure
comparisons of step 1 do not list: the result then says ``complete = False``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise, product
from typing import TYPE_CHECKING, Any

from negotiation.analysis.real_roots import Point, between, roots_between, sorted_unique
from negotiation.batch.backward import perfect_information
from negotiation.display import Report
from negotiation.extensive.subgame_perfect import subgame_perfect
from negotiation.extensive.tree import Decision, Node, Terminal, walk
from negotiation.values import parameter_range

if TYPE_CHECKING:
    from negotiation.forms.extensive import ExtensiveModel

__all__ = ["TreeThreshold", "TreeThresholdResult", "tree_thresholds"]

MAX_OUTCOMES = 512  # continuation outcomes kept per node: beyond, candidates stop (incomplete)
MAX_EXPECTED = 64  # a chance node's expected outcomes compared pairwise: beyond, incomplete


@dataclass(frozen=True)
class TreeThreshold:
    """A value of the parameter where the subgame-perfect equilibria change."""

    value: Fraction | Any  # a Fraction, or a sympy number for an irrational root
    approx: float
    below: tuple[str, ...]
    at: tuple[str, ...] | None  # None at an irrational value (not solved there)
    above: tuple[str, ...]
    formula: str | None = None  # in the other parameters, when asked for and found


@dataclass(frozen=True)
class TreeThresholdResult(Report):
    """Every threshold of ``parameter`` in its range, and the regions between them."""

    scenario: ExtensiveModel
    parameter: str
    values: Mapping[str, Fraction]
    low: Fraction
    high: Fraction
    thresholds: tuple[TreeThreshold, ...]
    regions: tuple[tuple[str, str, tuple[str, ...]], ...]
    complete: bool

    def text(self) -> str:
        title = self.scenario.title
        lines = [
            f"{title}: thresholds of {self.parameter} in [{self.low}, {self.high}] "
            "(subgame-perfect equilibria)"
        ]
        if not self.thresholds:
            lines.append("  none: the subgame-perfect equilibria are the same across the range")
        for item in self.thresholds:
            formula = f"  (= {item.formula})" if item.formula else ""
            lines.append(f"  {self.parameter} = {item.value}" + _approx(item) + formula)
            if item.below:
                lines.append(f"    below: {' | '.join(item.below)}")
            if item.at is not None and item.at not in (item.below, item.above):
                lines.append(f"    at:    {' | '.join(item.at)}")
            if item.above:
                lines.append(f"    above: {' | '.join(item.above)}")
        lines += ["", "Regions:"]
        for low, high, paths in self.regions:
            lines.append(f"  {self.parameter} in {low}..{high}: {' | '.join(paths)}")
        if not self.complete:
            lines.append(
                "Mixed equilibria of imperfect-information subgames may change elsewhere too."
            )
        return "\n".join(lines)

    def to_json(self) -> dict:
        from negotiation.provenance import provenance

        return {
            "parameter": self.parameter,
            "range": [str(self.low), str(self.high)],
            "form": "extensive",
            "thresholds": [
                {
                    "value": str(item.value),
                    "approx": item.approx,
                    "below": list(item.below),
                    "at": None if item.at is None else list(item.at),
                    "above": list(item.above),
                    "formula": item.formula,
                }
                for item in self.thresholds
            ],
            "regions": [
                {"from": low, "to": high, "subgame_perfect_paths": list(paths)}
                for low, high, paths in self.regions
            ],
            "complete": self.complete,
            **provenance(self.scenario, self.values),
        }


def _approx(item: TreeThreshold) -> str:
    return "" if isinstance(item.value, Fraction) else f" (about {item.approx:.6g})"


def tree_thresholds(
    model: ExtensiveModel,
    parameter: str,
    values: Mapping[str, Fraction],
    within: tuple[Fraction, Fraction] | None = None,
    symbolic: bool = False,
) -> TreeThresholdResult:
    """The thresholds of ``parameter`` (see the module docstring), the others at ``values``,
    searched over ``within`` (default: the parameter's declared range); with ``symbolic``,
    each as a formula in the other parameters where sympy solves the comparison behind it.

    Raises
    ------
    ScenarioError
        For an unknown parameter, naming the closest one.
    NegotiationError
        For an empty range.
    """
    start, stop = parameter_range(model, parameter, within)
    low, high = Point(start), Point(stop)
    candidates, complete, origins = _candidates(model, parameter, values, low, high)
    points = sorted_unique([low, *candidates, high])

    def solve(value: Fraction) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The equilibria's paths in words, and their full behaviour (off the path too),
        which is what must not change within a region."""
        result = subgame_perfect(model.tree({**values, parameter: value}))
        words = tuple(item.words() or "(no move)" for item in result.equilibria)
        return words, tuple(sorted(repr(item.behaviour) for item in result.equilibria))

    gaps = [solve(between(left, right)) for left, right in pairwise(points)]
    at = [None if point.rational is None else solve(point.rational) for point in points]
    # A range end counts where it differs from the values just inside it (a knife-edge there).
    outside = ((), ())
    sides = [outside, *gaps, outside]
    found, regions, start = [], [], str(low.rational)
    for k, point in enumerate(points):
        below, above, here = sides[k], sides[k + 1], at[k]
        inner = below if k else above
        changes = below[1] != above[1] if 0 < k < len(points) - 1 else False
        if changes or (here is not None and here[1] != inner[1]):
            shown = None if here is None else here[0]
            formula = origins.formula(point) if symbolic else None
            found.append(
                TreeThreshold(point.exact(), float(point), below[0], shown, above[0], formula)
            )
            if 0 < k < len(points) - 1:
                regions.append((start, str(point.exact()), below[0]))
                start = str(point.exact())
    regions.append((start, str(high.rational), gaps[-1][0]))
    return TreeThresholdResult(
        model,
        parameter,
        values,
        low.rational,
        high.rational,
        tuple(found),
        tuple(regions),
        complete and perfect_information(model.parametric_tree),
    )


def _candidates(
    model: ExtensiveModel,
    parameter: str,
    values: Mapping[str, Fraction],
    low: Point,
    high: Point,
) -> tuple[list[Point], bool, _Origins]:
    """Step 1 of the method: every value where some comparison of backward induction, or
    some chance probability, may change sign; and what each came from, for its formula."""
    import sympy

    scope: dict[str, Any] = {name: sympy.Symbol(name, real=True) for name in model.parameters}
    t = scope[parameter]
    for name, term in model.terms.items():
        scope[name] = term.to_sympy(scope)
    fixed = {
        scope[name]: sympy.Rational(value.numerator, value.denominator)
        for name, value in values.items()
        if name != parameter
    }
    found: list[Point] = []
    origins: dict[object, list] = {}  # a candidate's key: the symbolic differences behind it
    complete = True
    seen: set = set()

    def roots(expr: Any) -> None:
        if expr in seen or not expr.has(t):
            return
        seen.add(expr)
        pairs: list = []
        for variant in _without_min_max(sympy, expr, pairs):
            numerator, denominator = sympy.fraction(sympy.together(variant.xreplace(fixed)))
            for polynomial in (numerator, denominator):
                if polynomial.has(t):
                    new = roots_between(sympy.Poly(polynomial, t), low, high)
                    for point in new:
                        origins.setdefault(point.key, []).append(variant)
                    found.extend(new)
        for first, second in pairs:
            roots(first - second)

    def outcomes(node: Node) -> list[tuple]:
        nonlocal complete
        if isinstance(node, Terminal):
            return [tuple(expr.to_sympy(scope) for expr in node.payoffs)]
        below = [outcomes(child) for child in node.children]
        if isinstance(node, Decision):
            mover = node.player
            for (k, first), (j, second) in product(enumerate(below), repeat=2):
                if k < j:
                    for a, b in product(first, second):
                        roots(a[mover] - b[mover])
            merged = [item for items in below for item in items]
        else:
            odds = [expr.to_sympy(scope) for expr in node.probabilities]
            for odd in odds:
                roots(odd)
            merged = [
                tuple(
                    sum(p * v[i] for p, v in zip(odds, combo, strict=True))
                    for i in range(len(model.player_names))
                )
                for combo in product(*below)
            ]
            # A player who moves in one information set across these branches (a Bayesian
            # game's chance move of types) compares expected outcomes, weighted by the odds.
            blind = _blind_movers(node)
            if blind and len(merged) > MAX_EXPECTED:
                complete, blind = False, set()
            for mover in blind:
                for k, first in enumerate(merged):
                    for second in merged[k + 1 :]:
                        roots(first[mover] - second[mover])
        if len(merged) > MAX_OUTCOMES:
            complete = False
            merged = merged[:MAX_OUTCOMES]
        return merged

    outcomes(model.parametric_tree.root)
    return found, complete, _Origins(origins, t, fixed)


def _blind_movers(node: Node) -> set[int]:
    """The players with an information set that meets more than one branch of the chance
    ``node``: they choose without seeing its outcome, so their comparisons are of expected
    payoffs (step 1 adds them)."""
    branches: dict[tuple[int, str], set[int]] = {}
    for k, child in enumerate(node.children):
        for _, below in walk(child):
            if isinstance(below, Decision):
                branches.setdefault((below.player, below.infoset), set()).add(k)
    return {player for (player, _), seen in branches.items() if len(seen) > 1}


@dataclass(frozen=True)
class _Origins:
    """The comparisons each candidate is a root of, with every parameter a symbol."""

    differences: dict[object, list]
    symbol: Any
    fixed: dict

    def formula(self, point: Point) -> str | None:
        """The threshold solved from the comparison behind it, in the other parameters: the
        solution of a factor of its numerator that equals the threshold at their values."""
        import sympy

        t = self.symbol
        rational = point.rational
        target = point.exact() if rational is None else sympy.Rational(rational)
        for difference in self.differences.get(point.key, []):
            numerator, _ = sympy.fraction(sympy.together(difference))
            for factor, _ in sympy.factor_list(numerator)[1]:
                if not factor.has(t) or sympy.degree(factor, t) > 2:
                    continue
                for solution in sympy.solve(factor, t):
                    if sympy.simplify(solution.xreplace(self.fixed) - target) == 0:
                        return str(solution)
        return None


def _without_min_max(sympy: Any, expr: Any, pairs: list) -> list:
    """``expr`` with each ``min``/``max`` replaced by each of its arguments in turn (every
    combination), the arguments' pairs collected in ``pairs`` (where the choice switches)."""
    calls = [
        node for node in sympy.preorder_traversal(expr) if isinstance(node, sympy.Min | sympy.Max)
    ]
    if not calls:
        return [expr]
    call = calls[0]
    pairs.extend((a, b) for k, a in enumerate(call.args) for b in call.args[k + 1 :])
    variants = []
    for argument in call.args:
        variants.extend(_without_min_max(sympy, expr.xreplace({call: argument}), pairs))
    return variants
