"""The discount factors at which an automaton is a subgame-perfect equilibrium, exactly.

Values are normalised (``(1 - delta)`` times the discounted sum).  In state ``s`` the automaton
plays ``a(s)`` and moves to ``tau(s, a(s))``, so the values solve the linear system
``V(s) = (1 - delta) u(a(s)) + delta V(tau(s, a(s)))``.  By the one-shot deviation principle
(Mailath and Samuelson 2006, Proposition 2.4.1) the automaton is subgame perfect at ``delta``
exactly when for every reachable state ``s``, player ``i`` and action ``b``

    ``V_i(s) >= (1 - delta) u_i(b, a_-i(s)) + delta V_i(tau(s, (b, a_-i(s))))``.

Each side is a rational function of ``delta``; the set where all hold is found exactly from the
real roots of their numerators and denominators in ``[0, 1]`` (sympy), testing the sign at
each root and at a rational point between consecutive roots.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from negotiation.game import Game
from negotiation.repeated.automaton import Automaton

__all__ = ["DeltaSet", "incentive_gains", "sustained_at", "sustaining_deltas"]


@dataclass(frozen=True)
class DeltaSet:
    """A union of disjoint intervals of ``[0, 1)``, in order, with exact ends.

    ``pieces`` holds ``(low, high, low_closed, high_closed)``; ends are Fractions where
    rational, sympy algebraic numbers otherwise.
    """

    pieces: tuple[tuple[Any, Any, bool, bool], ...]

    @property
    def empty(self) -> bool:
        return not self.pieces

    def critical(self) -> Any:
        """The least ``delta`` from which the set holds every larger discount factor up to 1,
        or None ("never") when the set does not reach 1."""
        if not self.pieces or self.pieces[-1][1] != 1:
            return None
        return self.pieces[-1][0]

    def __contains__(self, value: object) -> bool:
        for low, high, low_closed, high_closed in self.pieces:
            above = value > low or (low_closed and value == low)
            below = value < high or (high_closed and value == high)
            if above and below:
                return True
        return False

    def text(self) -> str:
        """``[2/3, 1)``, ``{2/3}``, ``empty``."""
        if not self.pieces:
            return "empty"
        parts = []
        for low, high, low_closed, high_closed in self.pieces:
            if low == high:
                parts.append(f"{{{low}}}")
            else:
                parts.append(
                    f"{'[' if low_closed else '('}{low}, {high}{']' if high_closed else ')'}"
                )
        return " u ".join(parts)


def _exact(value: Any) -> Any:
    """A sympy number as a Fraction when rational."""
    import sympy

    value = sympy.nsimplify(value) if not isinstance(value, sympy.Basic) else value
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return value


def incentive_gains(game: Game, automaton: Automaton, delta: Any) -> list:
    """For each reachable state, player and alternative action: the value of conforming minus
    the value of the one-shot deviation, as a function of ``delta`` (a sympy symbol or a
    number).  Conforming is optimal exactly when every gain is non-negative."""
    import sympy

    states = automaton.states
    index = {state: k for k, state in enumerate(states)}
    payoffs = game.exact_payoffs()
    transition = sympy.zeros(len(states), len(states))
    for state in states:
        transition[index[state], index[automaton.next_state(state, automaton.play[state])]] = 1
    identity = sympy.eye(len(states))
    values = []
    for player in range(game.n_players):
        stage = sympy.Matrix(
            [sympy.Rational(payoffs[player][automaton.play[state]]) for state in states]
        )
        solved = (identity - delta * transition).LUsolve((1 - delta) * stage)
        values.append([sympy.cancel(entry) for entry in solved])
    gains = []
    for at, player, deviation, after in one_shot_deviations(game, automaton, index):
        outside = (1 - delta) * sympy.Rational(payoffs[player][deviation]) + delta * values[
            player
        ][after]
        gains.append(sympy.cancel(values[player][at] - outside))
    return gains


def one_shot_deviations(
    game: Game, automaton: Automaton, index: dict
) -> Iterator[tuple[int, int, tuple[int, ...], int]]:
    """Each one-shot deviation the one-shot deviation principle checks: from every reachable
    state, every player's every other action, as ``(state's index, player, the deviation
    profile, the index of the state it leads to)``."""
    for state in automaton.reachable():
        profile = automaton.play[state]
        for player in range(game.n_players):
            for action in range(game.shape[player]):
                if action == profile[player]:
                    continue
                deviation = (*profile[:player], action, *profile[player + 1 :])
                after = index[automaton.next_state(state, deviation)]
                yield index[state], player, deviation, after


def sustaining_deltas(game: Game, automaton: Automaton) -> DeltaSet:
    """The discount factors in ``[0, 1)`` at which ``automaton`` is subgame perfect.

    Examples
    --------
    Grim trigger in the prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0): ``[1/2, 1)``, i.e.
    ``(T - R) / (T - P)``.

    >>> from negotiation.repeated.automaton import grim_trigger
    >>> pd = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> sustaining_deltas(pd, grim_trigger(pd, (0, 0), (1, 1))).text()
    '[1/2, 1)'
    """
    import sympy

    delta = sympy.Symbol("delta")
    gains = incentive_gains(game, automaton, delta)
    fractions = [sympy.fraction(sympy.together(gain)) for gain in gains]
    points = {sympy.Integer(0), sympy.Integer(1)}
    for numerator, denominator in fractions:
        for part in (numerator, denominator):
            polynomial = sympy.Poly(part, delta)
            if polynomial.degree() > 0:
                points.update(root for root in polynomial.real_roots() if 0 <= root <= 1)
    ordered = sorted(points, key=lambda root: sympy.N(root, 30))

    def holds(value: Any) -> bool:
        for numerator, denominator in fractions:
            below = _sign_at(denominator, delta, value)
            if below == 0 or _sign_at(numerator, delta, value) * below < 0:
                return False
        return True

    # The atoms in order: each critical point, then the open gap to the next; 1 is excluded.
    atoms = []
    for left, right in zip(ordered, ordered[1:], strict=False):
        low, high = _exact(left), _exact(right)
        atoms.append((low, low, True, True, holds(left)))
        atoms.append((low, high, False, False, holds(_between(left, right))))
    pieces: list[list] = []
    previous_held = False
    for low, high, low_closed, high_closed, held in atoms:
        if held and previous_held:
            pieces[-1][1], pieces[-1][3] = high, high_closed
        elif held:
            pieces.append([low, high, low_closed, high_closed])
        previous_held = held
    return DeltaSet(tuple(tuple(piece) for piece in pieces))


def sustained_at(game: Game, automaton: Automaton, delta: Fraction) -> bool:
    """Whether ``automaton`` is subgame perfect at one discount factor ``delta`` in [0, 1).

    The one-shot deviation conditions of `incentive_gains`, evaluated at this ``delta``
    rather than solved for every ``delta`` with sympy: the same verdict as
    ``delta in sustaining_deltas(game, automaton)`` (for ``delta < 1`` the values are the
    unique solution of ``V = (1 - delta) u + delta V(next)``, so no gain has a pole there),
    at a small fraction of the cost, for the many draws of ``negotiation robustness``.
    The gains are first computed in floating point; only when one lies within `GAIN_TOL`
    (times the payoffs' scale) of zero, where rounding could decide the sign, are they
    computed again in exact rationals.  Rounding in these few operations on a
    diagonally dominant system is some 1e-15 of the scale, far inside the tolerance.

    Examples
    --------
    >>> from negotiation.repeated.automaton import grim_trigger
    >>> pd = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> [sustained_at(pd, grim_trigger(pd, (0, 0), (1, 1)), Fraction(d, 4)) for d in (1, 2)]
    [False, True]
    """
    payoffs = game.exact_payoffs()
    floats = [array.astype(float) for array in payoffs]
    scale = 1 + max(float(abs(array).max()) for array in floats)
    gains = _gains(game, automaton, floats, float(delta), float)
    if min(gains) > GAIN_TOL * scale:
        return True
    if min(gains) < -GAIN_TOL * scale:
        return False
    return min(_gains(game, automaton, payoffs, Fraction(delta), Fraction)) >= 0


GAIN_TOL = 1e-9
"""Float gains of `sustained_at` closer to zero than this (times the payoffs' scale) are
recomputed exactly."""


def _gains(game: Game, automaton: Automaton, payoffs, delta: Any, number: type) -> list:
    """Conforming's value minus each one-shot deviation's, as in `incentive_gains`, at one
    number ``delta`` (a float or a Fraction: ``number`` converts the payoffs)."""
    states = automaton.states
    index = {state: k for k, state in enumerate(states)}
    after = [index[automaton.next_state(state, automaton.play[state])] for state in states]
    values = [
        _state_values(
            [number(payoffs[player][automaton.play[s]]) for s in states], after, delta, number
        )
        for player in range(game.n_players)
    ]
    gains = []
    for at, player, deviation, then in one_shot_deviations(game, automaton, index):
        outside = (1 - delta) * number(payoffs[player][deviation]) + delta * values[player][then]
        gains.append(values[player][at] - outside)
    return gains or [number(1)]


def _state_values(stage: list, after: list[int], delta: Any, number: type) -> list:
    """``V = (1 - delta) u + delta V(after)``, solved by Gaussian elimination (exactly for
    Fractions; the matrix ``I - delta P`` is diagonally dominant, so floats are stable)."""
    size = len(stage)
    rows = [
        [number(int(j == i)) - (delta if j == after[i] else 0) for j in range(size)]
        + [(1 - delta) * stage[i]]
        for i in range(size)
    ]
    for column in range(size):
        pivot = max(range(column, size), key=lambda r: abs(rows[r][column]))
        rows[column], rows[pivot] = rows[pivot], rows[column]
        lead = rows[column][column]
        rows[column] = [entry / lead for entry in rows[column]]
        for r in range(size):
            if r != column and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[column], strict=True)]
    return [row[size] for row in rows]


def _sign_at(expression: Any, symbol: Any, value: Any) -> int:
    """The sign of a polynomial in ``symbol`` at a real algebraic ``value``, exactly: zero is
    decided by division by the value's minimal polynomial, a non-zero sign numerically."""
    import sympy

    if value.is_Rational:
        return int(sympy.sign(expression.subs(symbol, value)))
    minimal = sympy.minimal_polynomial(value, symbol)
    if sympy.rem(expression, minimal, symbol) == 0:
        return 0
    return 1 if sympy.N(expression.subs(symbol, value), 60) > 0 else -1


def _between(left: Any, right: Any) -> Any:
    """A rational strictly between two real algebraic numbers."""
    import sympy

    low, high = sympy.N(left, 50), sympy.N(right, 50)
    middle = sympy.Rational(str((low + high) / 2))
    if not (left < middle < right):  # roots closer than the 50 digits can tell apart
        msg = f"roots {left} and {right} too close to separate"
        raise ArithmeticError(msg)
    return middle
