"""Grim trigger when violations may go unseen: imperfect public monitoring.

The report stresses that ceasefire violations cannot be verified and each side claims to be
retaliating (domain brief, game (b)).  Model it with a public signal each round, "violation
seen" or not: when everyone holds, a violation is wrongly seen with probability ``beta`` (a
hold mistaken for a violation); when a player deviates, its violation goes unseen with
probability ``alpha``.  Grim trigger on the signal: play the target until a violation is seen,
then the punishment (a stage Nash equilibrium) for ever.

Derivation (the public-monitoring prisoner's dilemma of Mailath and Samuelson 2006, section
7.2; the trigger of Green and Porter, "Noncooperative collusion under imperfect price
information", Econometrica 52, 1984).  The value of the cooperative phase solves
``V = (1 - delta) R + delta ((1 - beta) V + beta P)``, so
``V - P = (1 - delta)(R - P) / (1 - delta (1 - beta))``.  A one-shot deviation gives
``(1 - delta) T + delta (alpha V + (1 - alpha) P)``.  Conforming is optimal iff
``(V - P)(1 - delta alpha) >= (1 - delta)(T - P)``, which rearranges to

    ``delta >= (T - R) / ((1 - beta)(T - P) - alpha (R - P))``,

never when the denominator is not positive or the bound is at least 1.  With
``alpha = beta = 0`` it is Friedman's ``(T - R) / (T - P)``; with Mailath and Samuelson's
payoffs (T, R, P) = (3, 2, 0), ``beta = 1 - p`` and ``alpha = q`` it is their condition
``delta (3p - 2q) >= 1``.  Mistakes also cost on the path: ``V < R`` whenever ``beta > 0``.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.repeated.critical import deviation_terms

__all__ = ["cooperation_value", "noisy_grim_delta", "noisy_grim_formula"]


def noisy_grim_formula(
    temptation: Any, reward: Any, punishment: Any, unseen: Any, false_alarm: Any
) -> Any:
    """``(T - R) / ((1 - beta)(T - P) - alpha (R - P))`` with ``alpha`` = ``unseen`` and
    ``beta`` = ``false_alarm``; arithmetic only, so sympy symbols give the formula.

    Examples
    --------
    >>> noisy_grim_formula(Fraction(5), 3, 1, Fraction(1, 4), 0)
    Fraction(4, 7)
    """
    return (temptation - reward) / (
        (1 - false_alarm) * (temptation - punishment) - unseen * (reward - punishment)
    )


def noisy_grim_delta(
    game: Game,
    target: Sequence[int],
    punishment: Sequence[int],
    unseen: Fraction,
    false_alarm: Fraction,
) -> Fraction | None:
    """The least discount factor at which grim trigger on a noisy public signal sustains
    ``target``; None: never.

    A punishment that does not hurt a player (``P_i >= R_i``) gives never, as in
    `grim_trigger_delta`: the player loses nothing by the trigger, so it takes a temptation
    ``T_i > R_i`` at once, and one with ``P_i > R_i`` deviates to trigger the punishment once
    it is patient enough.  (The Idlib ceasefire needs this: where Turkey's best answer to a
    thrust is to tolerate it, the only punishment is the thrusts themselves.)

    Examples
    --------
    >>> pd = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> noisy_grim_delta(pd, (0, 0), (1, 1), Fraction(1, 4), Fraction(1, 10))
    Fraction(20, 31)
    """
    for name, value in (("unseen", unseen), ("false_alarm", false_alarm)):
        if not 0 <= value <= 1:
            msg = f"the probability {name} must lie in [0, 1], got {value}"
            raise NegotiationError(msg)
    critical = Fraction(0)
    for temptation, reward, penalty in deviation_terms(game, target, punishment):
        if temptation <= reward and penalty <= reward:
            continue
        if penalty >= reward:
            return None
        denominator = (1 - false_alarm) * (temptation - penalty) - unseen * (reward - penalty)
        if denominator <= 0:
            return None
        bound = Fraction(temptation - reward) / denominator
        if bound >= 1:
            return None
        critical = max(critical, bound)
    return critical


def cooperation_value(reward: Any, punishment: Any, delta: Any, false_alarm: Any) -> Any:
    """The normalised value of the cooperative phase, ``V = P + (1 - delta)(R - P) /
    (1 - delta (1 - beta))``: below ``R`` when false alarms trigger punishment on the path."""
    return punishment + (1 - delta) * (reward - punishment) / (1 - delta * (1 - false_alarm))
