"""Candidate values of a parameter: every value where an equilibrium could appear or change.

Between two consecutive candidates every condition of `equilibrium_conditions` keeps its sign,
so the equilibria keep their supports; `thresholds` then solves once in each gap and keeps the
candidates where the two sides differ.  A missing candidate is a missed threshold, so the list
errs on the side of too many: the switch points of every ``min``/``max``, the poles of the
payoffs, and the real roots of every condition, on each piece where the payoffs are rational
functions.  Each candidate keeps its origins (`Origin`) so that `threshold_formulas` can redo
its condition with every parameter symbolic.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations, pairwise, product
from typing import Any

from negotiation.analysis.equilibrium_conditions import (
    basis_conditions,
    eliminate,
    mover_matrix,
    subsets,
    support_tests,
)
from negotiation.analysis.parametric import (
    ParametricModel,
    cleared_payoff,
    convert,
    numerator_denominator,
)
from negotiation.analysis.real_roots import Point, between, roots_between, sorted_unique
from negotiation.formulas import Call
from negotiation.solvers import SUPPORT_ENUMERATION_MAX_EFFORT, support_enumeration_effort

__all__ = ["MAX_BASES", "Candidates", "Origin", "all_candidates"]

# Two players: beyond this many bases (pairs of equal-size strategy sets; 12,869 for 8x8
# games) only pure best-response flips are analysed and the result says it is incomplete.
MAX_BASES = 20_000


@dataclass(frozen=True)
class Origin:
    """Why a value is a candidate, so that the condition can be redone symbolically.

    ``kind``: "switch" (arguments ``detail`` of ``node`` are equal), "pole" (of the payoffs, or
    of ``node``'s argument ``detail[0]`` or difference), "basis" (``detail`` is ``(mover, I, J,
    condition, index)``), "tie" (a pure best-response flip, three players or more: ``detail``
    is ``(player, cell, other strategy)``), "support" (a support profile's condition, three
    players or more: ``detail`` is ``(supports, index)``, the index into
    `equilibrium_conditions.support_tests`).  ``choice`` fixes the arguments of every
    ``min``/``max`` on the piece the candidate was found on.
    """

    kind: str
    choice: tuple[tuple[Call, int], ...]
    detail: tuple = ()
    node: Call | None = None
    order: int = 0  # lower: a simpler condition, tried first for the formula


class Candidates:
    """Candidate points by key, and for each the origins that produced it."""

    def __init__(self) -> None:
        self.points: dict[object, Point] = {}
        self.origins: dict[object, list[Origin]] = {}

    def add(self, points: Iterable[Point], origin: Origin) -> None:
        for point in points:
            self.points.setdefault(point.key, point)
            self.origins.setdefault(point.key, []).append(origin)


def _pieces(
    model: ParametricModel, low: Point, high: Point, candidates: Candidates
) -> list[tuple[Point, Point, dict[Call, int]]]:
    """Split ``[low, high]`` where a ``min``/``max`` switches; each piece with its choices."""
    import sympy

    pieces: list[tuple[Point, Point, dict[Call, int]]] = [(low, high, {})]
    t = model.symbol
    for node in model.calls:
        refined = []
        for lo, hi, choice in pieces:
            scope = model.scope(choice)
            args = [convert(arg, scope, choice) for arg in node.args]
            frozen = tuple(choice.items())
            cuts = []
            for number, arg in enumerate(args):  # where an argument itself is undefined
                poles = roots_between(numerator_denominator(arg, [t])[1], lo, hi)
                candidates.add(poles, Origin("pole", frozen, (number, number), node, 2))
                cuts += poles
            for first, second in combinations(range(len(args)), 2):
                numerator, denominator = numerator_denominator(args[first] - args[second], [t])
                roots = roots_between(numerator, lo, hi)
                poles = roots_between(denominator, lo, hi)
                candidates.add(roots, Origin("switch", frozen, (first, second), node, 1))
                candidates.add(poles, Origin("pole", frozen, (first, second), node, 2))
                cuts += roots + poles
            bounds = sorted_unique([lo, hi, *cuts])
            for left, right in pairwise(bounds):
                sample = between(left, right)
                point = {t: sympy.Rational(sample.numerator, sample.denominator)}
                evaluated = [arg.xreplace(point) for arg in args]
                pick = min if node.function == "min" else max
                index = evaluated.index(pick(evaluated))
                refined.append((left, right, {**choice, node: index}))
        pieces = refined
    return pieces


@dataclass(frozen=True)
class _Piece:
    """An interval ``(lo, hi)`` of the range on which every ``min``/``max`` is resolved."""

    model: ParametricModel
    lo: Point
    hi: Point
    choice: tuple[tuple[Call, int], ...]
    candidates: Candidates

    @property
    def ring(self) -> Any:
        """``QQ[t]``: the payoffs of a piece are polynomials in it once cleared."""
        import sympy

        return sympy.QQ[self.model.symbol]

    def add(self, polynomial: Any, kind: str, detail: tuple = (), order: int = 0) -> None:
        """Add the real roots in ``(lo, hi)`` of a polynomial expression in the parameter."""
        import sympy

        roots = roots_between(sympy.Poly(polynomial, self.model.symbol), self.lo, self.hi)
        self.candidates.add(roots, Origin(kind, self.choice, detail, order=order))


def _cleared_with_poles(piece: _Piece, payoffs: list[dict]) -> list[dict[tuple, Any]]:
    """Each player's payoffs as polynomials in ``QQ[t]``; the poles become candidates."""
    cleared = []
    for payoff in payoffs:
        polynomials, common = cleared_payoff(payoff, piece.ring)
        cleared.append(polynomials)
        piece.add(piece.ring.to_sympy(common), "pole", order=2)
    return cleared


def _two_player_candidates(piece: _Piece, cleared: list[dict[tuple, Any]]) -> bool:
    """Candidates for two players; False when the game was too large for mixed supports."""
    shape = piece.model.shape
    bases = sum(math.comb(shape[0], k) * math.comb(shape[1], k) for k in range(1, min(shape) + 1))
    largest = min(shape) if bases <= MAX_BASES else 1
    for mover in (0, 1):
        matrix = mover_matrix(cleared, mover)
        for size in range(1, largest + 1):
            for own in combinations(range(shape[mover]), size):
                for other in combinations(range(shape[1 - mover]), size):
                    conditions = basis_conditions(matrix, own, other, piece.ring)
                    for condition, index, polynomial in conditions or ():
                        detail = (mover, own, other, condition, index)
                        piece.add(piece.ring.to_sympy(polynomial), "basis", detail, 2 + size)
    return largest == min(shape)


def _many_player_candidates(piece: _Piece, cleared: list[dict[tuple, Any]]) -> bool:
    """Candidates for three players or more; False when some could not be certified."""
    shape = piece.model.shape
    payoffs = [{cell: piece.ring.to_sympy(p) for cell, p in player.items()} for player in cleared]
    complete = True
    for supports in product(*(subsets(count) for count in shape)):
        if all(len(support) == 1 for support in supports):
            # Pure profiles: a tie of two payoffs against the same pure profile of the others.
            cell = tuple(support[0] for support in supports)
            for player in range(len(shape)):
                for other in range(cell[player] + 1, shape[player]):
                    changed = (*cell[:player], other, *cell[player + 1 :])
                    difference = payoffs[player][cell] - payoffs[player][changed]
                    piece.add(difference, "tie", (player, cell, other), order=3)
            continue
        # Beyond the solver's own bound it looks for pure equilibria only: so does this.
        if support_enumeration_effort(shape) > SUPPORT_ENUMERATION_MAX_EFFORT:
            complete = False
            continue
        unknowns, equations, tests = support_tests(payoffs, shape, supports)
        for index, condition in enumerate(tests):
            generator = eliminate([*equations, condition], unknowns, piece.model.symbol)
            if generator is None:
                complete = False
                continue
            piece.add(generator, "support", (supports, index), order=9)
    return complete


def all_candidates(model: ParametricModel, low: Point, high: Point) -> tuple[Candidates, bool]:
    """Every candidate in ``(low, high)``, and whether every condition could be analysed."""
    candidates = Candidates()
    complete = True
    for lo, hi, choice in _pieces(model, low, high, candidates):
        piece = _Piece(model, lo, hi, tuple(choice.items()), candidates)
        cleared = _cleared_with_poles(piece, model.payoffs(choice))
        collect = _two_player_candidates if len(model.shape) == 2 else _many_player_candidates
        complete &= collect(piece, cleared)
    return candidates, complete
