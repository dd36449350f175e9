"""Critical priors and signal costs: where the pure perfect Bayesian equilibria change.

Why candidates and then checks: every condition of a pure PBE is a sign condition on a
polynomial in the game's numbers: a type's incentive constraint compares two of its payoffs;
the receiver's optimality after a sent message compares two actions under the Bayes belief,
``sum over the types sending it of prior x payoff difference``; an off-path response is
optimal for some belief iff the belief polytope is non-empty, and its vertices move through
determinants of ``n`` of its constraints (``n`` types); the Intuitive Criterion compares
payoffs of one type and uses the same polytopes, restricted.  So the set of pure PBE (with
their kinds and verdicts) can change only where one of these polynomials is zero.  Built
from symbols (sympy), each zero is solved for the parameter, giving a *formula* in the other
parameters; substituted, an exact *value*; and the game is then solved exactly just below, at
and just above it (midpoints to the neighbouring candidates), keeping the values where the
answer changes (as `negotiation.analysis.thresholds` does for normal-form games).

Scope: the thresholds are those of the pure-strategy PBE (hybrids move continuously with the
parameters; their supports are not tracked here).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import Any

from negotiation.display import Report
from negotiation.errors import NegotiationError
from negotiation.signalling.game import SignallingGame
from negotiation.signalling.pbe import perfect_bayesian_equilibria

__all__ = [
    "SignallingThreshold",
    "SignallingThresholdResult",
    "critical_expressions",
    "pure_signature",
    "receiver_cutoff",
    "signalling_thresholds",
]


def receiver_cutoff(game: SignallingGame, message: int, first: int, second: int) -> Any:
    """The belief ``q = P(types[0] | message)`` at which the receiver is indifferent between
    actions ``first`` and ``second`` (two types).

    With ``d_t = u_R(t, m, first) - u_R(t, m, second)``, ``q d_0 + (1 - q) d_1 = 0`` gives
    ``q* = d_1 / (d_1 - d_0)``.  In a pooling equilibrium the belief is the prior, so ``q*``
    is also the prior at which the receiver's response to the pooled message flips.  Symbolic
    games give a formula, exact ones a Fraction; None when the difference does not depend on
    the belief.

    Examples
    --------
    >>> from negotiation.signalling.classic import job_market
    >>> receiver_cutoff(job_market(), 1, 0, 1)     # M vs C after N: P(high) = 4 / 10
    Fraction(2, 5)
    """
    if len(game.types) != 2:
        msg = "receiver_cutoff needs two types; with more, use beliefs.belief_set"
        raise NegotiationError(msg)
    table = game.receiver_payoffs
    d0 = table[0][message][first] - table[0][message][second]
    d1 = table[1][message][first] - table[1][message][second]
    if d1 - d0 == 0:
        return None
    return d1 / (d1 - d0)


def _determinant(rows: list[list[Any]]) -> Any:
    import sympy

    return sympy.Matrix(rows).det()


def critical_expressions(game: SignallingGame) -> list[Any]:
    """Every polynomial whose sign a pure PBE's conditions depend on (see the module
    docstring), for a game built from sympy symbols; constants are dropped."""
    import sympy

    found: dict[Any, None] = {}

    def add(expression: Any) -> None:
        expression = sympy.expand(expression)
        if expression.free_symbols:
            found.setdefault(expression)

    count = len(game.types)
    cells = [(m, a) for m in range(len(game.messages)) for a in range(len(game.actions[m]))]
    for t in range(count):
        for (m, a), (n, b) in combinations(cells, 2):
            add(game.sender_payoffs[t][m][a] - game.sender_payoffs[t][n][b])
    table = game.receiver_payoffs
    for m in range(len(game.messages)):
        pairs = list(combinations(range(len(game.actions[m])), 2))
        for size in range(1, count + 1):
            for senders in combinations(range(count), size):
                for a, b in pairs:
                    add(sum(game.prior[t] * (table[t][m][a] - table[t][m][b]) for t in senders))
        for a in range(len(game.actions[m])):
            rows = [
                [table[t][m][a] - table[t][m][b] for t in range(count)]
                for b in range(len(game.actions[m]))
                if b != a
            ]
            rows += [[int(s == t) for s in range(count)] for t in range(count)]
            for chosen in combinations(rows, count):
                add(_determinant([list(r) for r in chosen]))
            for chosen in combinations(rows, count - 1):
                add(_determinant([*[list(r) for r in chosen], [1] * count]))
    return list(found)


def pure_signature(game: SignallingGame) -> frozenset[str]:
    """The pure PBE of an exact game, each described with its Intuitive Criterion verdict:
    what a threshold changes."""
    return frozenset(
        f"{eq.describe(game)} [{'passes' if eq.intuitive_criterion else 'fails'}]"
        for eq in perfect_bayesian_equilibria(game)
        if eq.pure
    )


@dataclass(frozen=True)
class SignallingThreshold:
    """A parameter value where the pure PBE change.

    Attributes
    ----------
    value : Fraction
    formula : str
        The value as a formula in the other parameters (sympy's printing).
    below, at, above : frozenset of str
        The pure PBE just below, at, and just above (see `pure_signature`).
    """

    value: Fraction
    formula: str
    below: frozenset[str]
    at: frozenset[str]
    above: frozenset[str]

    def kinds(self, side: str) -> frozenset[str]:
        """The kinds (pooling, separating, hybrid) present on ``side``."""
        return frozenset(line.split(":", 1)[0] for line in getattr(self, side))


@dataclass(frozen=True)
class SignallingThresholdResult(Report):
    """The thresholds of one parameter over ``[low, high]``, the others held at ``values``."""

    parameter: str
    low: Fraction
    high: Fraction
    values: Mapping[str, Fraction]
    thresholds: tuple[SignallingThreshold, ...]

    def where_kind_changes(self, kind: str) -> tuple[SignallingThreshold, ...]:
        """The thresholds at which a PBE of ``kind`` appears or disappears, e.g. the signal
        cost above which the types separate."""
        return tuple(
            th
            for th in self.thresholds
            if len({kind in th.kinds(side) for side in ("below", "at", "above")}) > 1
        )

    def to_json(self) -> dict:
        return {
            "parameter": self.parameter,
            "range": [str(self.low), str(self.high)],
            "values": {name: str(value) for name, value in self.values.items()},
            "thresholds": [
                {
                    "value": str(th.value),
                    "formula": th.formula,
                    "below": sorted(th.below),
                    "at": sorted(th.at),
                    "above": sorted(th.above),
                }
                for th in self.thresholds
            ],
        }

    def text(self) -> str:
        lines = [f"Thresholds of {self.parameter} in [{self.low}, {self.high}]:"]
        if not self.thresholds:
            lines.append("  none: the pure PBE are the same across the range")
        for th in self.thresholds:
            lines.append(f"  {self.parameter} = {th.value}  (= {th.formula})")
            for side in ("below", "at", "above"):
                listed = sorted(getattr(th, side)) or ["no pure PBE"]
                lines.append(f"    {side}: " + "; ".join(listed))
        return "\n".join(lines)


def signalling_thresholds(
    build: Callable[..., SignallingGame],
    parameter: str,
    values: Mapping[str, Any],
    low: Any,
    high: Any,
) -> SignallingThresholdResult:
    """Every value of ``parameter`` in ``(low, high)`` where the pure PBE change.

    Parameters
    ----------
    build : callable
        ``build(**numbers)`` returns the game; called once with sympy symbols (so it must only
        do arithmetic with them) and then with Fractions.
    parameter : str
    values : mapping
        The other parameters' values (exact).
    low, high : number
        The range searched.

    Examples
    --------
    >>> from negotiation.signalling.classic import job_market
    >>> result = signalling_thresholds(job_market, "cost_low", {"cost_high": 4}, 0, 12)
    >>> [(str(th.value), th.formula) for th in result.where_kind_changes("separating")]
    [('6', '6')]
    """
    import sympy

    names = [*values, parameter]
    symbols = {name: sympy.Symbol(name) for name in names}
    symbolic = build(**symbols)
    exact_values = {name: Fraction(value) for name, value in values.items()}
    low, high = Fraction(low), Fraction(high)
    substitution = {symbols[name]: sympy.Rational(str(v)) for name, v in exact_values.items()}

    candidates: dict[Fraction, Any] = {}
    for expression in critical_expressions(symbolic):
        if symbols[parameter] not in expression.free_symbols:
            continue
        for root in sympy.solve(expression, symbols[parameter]):
            number = sympy.nsimplify(root.subs(substitution))
            if not number.is_Rational:
                continue
            value = Fraction(int(number.p), int(number.q))
            if low < value < high:
                known = candidates.get(value)
                if known is None or sympy.count_ops(root) < sympy.count_ops(known):
                    candidates[value] = root

    def signature(value: Fraction) -> frozenset[str]:
        return pure_signature(build(**exact_values, **{parameter: value}))

    points = sorted(candidates)
    edges = [low, *points, high]
    found = []
    for k, value in enumerate(points):
        below = signature((edges[k] + value) / 2)
        above = signature((value + edges[k + 2]) / 2)
        at = signature(value)
        if not below == at == above:
            formula = str(sympy.simplify(candidates[value]))
            found.append(SignallingThreshold(value, formula, below, at, above))
    return SignallingThresholdResult(parameter, low, high, exact_values, tuple(found))
