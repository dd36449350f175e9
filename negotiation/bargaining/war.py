"""War as the disagreement point, and Fearon's bargaining range.

Fearon ("Rationalist explanations for war", International Organization 49, 1995, section
"The existence of a bargaining range"): two states divide a good worth 1; fighting gives A the
whole good with probability ``p`` (B otherwise) at costs ``c_A`` and ``c_B``.  Each side's
expected payoff from war is its disagreement payoff, and every split ``x`` (A's share) with
``x >= p - c_A`` and ``1 - x >= 1 - p - c_B`` is preferred by both to war: the range
``[p - c_A, p + c_B]``, non-empty whenever ``c_A + c_B >= 0``.

The arithmetic functions accept sympy symbols as well as Fractions (no comparisons), so that
their formulas can be solved for thresholds; `fearon_range` compares, so it needs numbers.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

__all__ = ["acceptable_splits", "fearon_bounds", "fearon_range", "fearon_steps", "war_payoffs"]

Number = Any  # a Fraction, or a sympy expression where the formula allows


def war_payoffs(p: Number, cost_a: Number, cost_b: Number, pie: Number = 1) -> tuple:
    """Each side's expected payoff from war: ``(p * pie - c_A, (1 - p) * pie - c_B)``.

    Examples
    --------
    >>> war_payoffs(Fraction(3, 5), Fraction(1, 10), Fraction(3, 20))
    (Fraction(1, 2), Fraction(1, 4))
    """
    return (p * pie - cost_a, (1 - p) * pie - cost_b)


def fearon_bounds(p: Number, cost_a: Number, cost_b: Number, pie: Number = 1) -> tuple:
    """The ends of Fearon's range as A's share: ``(p * pie - c_A, p * pie + c_B)``.

    The low end is the least A accepts rather than fight, the high end the most B concedes.
    """
    return (p * pie - cost_a, p * pie + cost_b)


def fearon_range(
    p: Fraction, cost_a: Fraction, cost_b: Fraction, pie: Fraction = Fraction(1)
) -> tuple[Fraction, Fraction] | None:
    """The splits (A's share) both sides weakly prefer to war, within ``[0, pie]``.

    Returns
    -------
    tuple or None
        ``(low, high)``, or None when no split beats war for both: when ``c_A + c_B < 0``
        (fighting is worth more than the good, a net benefit of war), or when the range lies
        outside ``[0, pie]``.

    Examples
    --------
    The example of issue 12: p = 0.6, costs 0.1 and 0.15.

    >>> fearon_range(Fraction(3, 5), Fraction(1, 10), Fraction(3, 20))
    (Fraction(1, 2), Fraction(3, 4))
    """
    return acceptable_splits(war_payoffs(p, cost_a, cost_b, pie), pie)


def acceptable_splits(
    disagreement: tuple[Fraction, Fraction], pie: Fraction = Fraction(1)
) -> tuple[Fraction, Fraction] | None:
    """The first side's shares ``x`` with ``x >= D_1`` and ``pie - x >= D_2``, in ``[0, pie]``.

    Fearon's range for any disagreement point (war payoffs give `fearon_range`); None when
    empty.

    Examples
    --------
    >>> acceptable_splits((Fraction(1, 2), Fraction(1, 4)))
    (Fraction(1, 2), Fraction(3, 4))
    >>> acceptable_splits((Fraction(3, 5), Fraction(1, 2))) is None
    True
    """
    low, high = max(disagreement[0], Fraction(0)), min(pie - disagreement[1], pie)
    if low > high:
        return None
    return (low, high)


def fearon_steps(p: Fraction, cost_a: Fraction, cost_b: Fraction, players=("A", "B")) -> str:
    """The derivation of the range, step by step, for teaching."""
    first, second = players
    war_a, war_b = war_payoffs(p, cost_a, cost_b)
    found = fearon_range(p, cost_a, cost_b)
    verdict = (
        f"the range is [{found[0]}, {found[1]}]: any split in it beats war for both"
        if found
        else "no split beats war for both: the range is empty"
    )
    return "\n".join(
        [
            f"1. War: {first} wins with probability p = {p} and pays {cost_a}; "
            f"{second} pays {cost_b}.",
            f"2. Expected war payoffs: {first} p - c = {war_a}, {second} 1 - p - c = {war_b}.",
            f"3. {first} accepts a share x when x >= {war_a}; {second} accepts when "
            f"1 - x >= {war_b}, i.e. x <= {p + cost_b}.",
            f"4. So x in [p - c_{first}, p + c_{second}] = [{p - cost_a}, {p + cost_b}]; "
            f"its width is the total cost of war, {cost_a + cost_b}.",
            f"5. Within [0, 1], {verdict}.",
        ]
    )
