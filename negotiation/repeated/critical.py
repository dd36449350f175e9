"""Closed forms for the critical discount factor of trigger strategies.

For a target profile ``a`` and a punishment profile ``p`` that is a Nash equilibrium of the
stage game, let player ``i``'s best deviation payoff against ``a`` be ``T_i``, its target
payoff ``R_i`` and its punishment payoff ``P_i`` (the prisoner's dilemma letters).

- Grim trigger (Friedman, "A non-cooperative equilibrium for supergames", Review of Economic
  Studies 38, 1971): conforming gives ``R_i``; deviating gives ``(1 - delta) T_i + delta P_i``;
  so ``delta >= (T_i - R_i) / (T_i - P_i)``, and the critical value is the largest over the
  players (0 where no one gains by deviating, never where ``R_i <= P_i < T_i``).
- ``k``-period punishment: deviating gains ``T_i - R_i`` now and loses ``R_i - P_i`` in each of
  the next ``k`` rounds: ``T_i - R_i <= (R_i - P_i)(delta + ... + delta^k)``.  The right side
  increases in ``delta``, so the critical value is its one root in ``(0, 1)``, an algebraic
  number (a square root for ``k = 2``), or never when ``k (R_i - P_i) <= T_i - R_i``.

Both are checked against the one-shot deviation test of the automata in
`negotiation.repeated.deltas` in the tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from negotiation.best_responses import reply_payoffs
from negotiation.deviation import is_equilibrium
from negotiation.errors import NegotiationError
from negotiation.game import Game

__all__ = ["deviation_terms", "grim_trigger_delta", "grim_trigger_formula", "k_period_delta"]


def deviation_terms(
    game: Game, target: Sequence[int], punishment: Sequence[int], hurting: bool = False
) -> list[tuple[Fraction, Fraction, Fraction]]:
    """Each player's ``(T_i, R_i, P_i)``: best deviation, target and punishment payoffs.

    ``T_i`` is the best payoff of an action other than the target's (a trigger fires on any
    deviation, even an unprofitable one, so a deviation can pay through the punishment when
    ``P_i > R_i``); players with a single action cannot deviate and are left out.

    Raises
    ------
    NegotiationError
        When the punishment is not a Nash equilibrium of the stage game: a trigger strategy
        that punishes with it is then not subgame perfect (use an automaton instead).  With
        ``hurting``, also when the punishment pays a player more than the target.
    """
    payoffs = game.exact_payoffs()
    target, punishment = tuple(target), tuple(punishment)
    pure = [
        [Fraction(int(k == action)) for k in range(count)]
        for action, count in zip(punishment, game.shape, strict=True)
    ]
    if not is_equilibrium(game if game.exact else Game(payoffs), pure):
        msg = f"the punishment {punishment} is not a Nash equilibrium of the stage game"
        raise NegotiationError(msg)
    terms = []
    for player in range(game.n_players):
        alternatives = [
            value
            for action, value in enumerate(reply_payoffs(payoffs[player], player, target))
            if action != target[player]
        ]
        if alternatives:
            terms.append((max(alternatives), payoffs[player][target], payoffs[player][punishment]))
    for _, reward, penalty in terms if hurting else ():
        if penalty > reward:
            msg = (
                f"the punishment pays {penalty}, more than the target's {reward}: the closed "
                "form assumes a punishment that hurts; check the automaton with "
                "sustaining_deltas"
            )
            raise NegotiationError(msg)
    return terms


def grim_trigger_formula(temptation: Any, reward: Any, punishment: Any) -> Any:
    """``(T - R) / (T - P)``: one player's critical discount factor under grim trigger.

    Arithmetic only, so sympy symbols give the formula.

    Examples
    --------
    >>> grim_trigger_formula(5, 3, 1)
    Fraction(1, 2)
    """
    return (
        Fraction(temptation - reward, temptation - punishment)
        if all(isinstance(value, int | Fraction) for value in (temptation, reward, punishment))
        else (temptation - reward) / (temptation - punishment)
    )


def grim_trigger_delta(
    game: Game, target: Sequence[int], punishment: Sequence[int]
) -> Fraction | None:
    """The least discount factor at which grim trigger sustains ``target``; None: never.

    None also when the condition holds only for small discount factors: when the punishment
    pays a player more than the target (``P_i > R_i``) it deviates to trigger it once it is
    patient enough.

    Examples
    --------
    >>> pd = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> grim_trigger_delta(pd, (0, 0), (1, 1))
    Fraction(1, 2)
    """
    critical = Fraction(0)
    for temptation, reward, penalty in deviation_terms(game, target, punishment):
        # Conform iff (1 - delta) T + delta P <= R, linear in delta.
        if temptation <= reward and penalty <= reward:
            continue
        if penalty >= reward:  # fails as delta nears 1 (at once, if T > R)
            return None
        critical = max(critical, grim_trigger_formula(temptation, reward, penalty))
    return critical


def k_period_delta(
    game: Game, target: Sequence[int], punishment: Sequence[int], periods: int
) -> Any:
    """The least discount factor at which a ``periods``-round punishment sustains ``target``.

    Returns a Fraction when rational, else an exact sympy algebraic number; None: never.
    Needs a punishment that hurts (``P_i <= R_i``): otherwise a player may deviate in the
    punishment phase to prolong it, which the closed form leaves out.

    Examples
    --------
    >>> pd = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> k_period_delta(pd, (0, 0), (1, 1), 2)
    -1/2 + sqrt(5)/2
    """
    import sympy

    if periods < 1:
        msg = f"a punishment lasts at least one period, got {periods}"
        raise NegotiationError(msg)
    delta = sympy.Symbol("delta")
    critical: Any = Fraction(0)
    for temptation, reward, penalty in deviation_terms(game, target, punishment, hurting=True):
        if temptation <= reward:
            continue
        if periods * (reward - penalty) <= temptation - reward:
            return None
        polynomial = sympy.Poly(
            sum(sympy.Rational(reward - penalty) * delta**k for k in range(1, periods + 1))
            - sympy.Rational(temptation - reward),
            delta,
        )
        (root,) = [root for root in polynomial.real_roots() if 0 < root < 1]
        if root.is_Rational:
            root = Fraction(int(root.p), int(root.q))
        critical = root if sympy.N(root - critical, 50) > 0 else critical
    return critical
