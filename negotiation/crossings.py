"""Where a formula crosses a level: the thresholds of closed-form answers, exactly.

The bargaining solutions (`negotiation.bargaining`) and the critical discount factors of
repeated games (`negotiation.repeated.critical`, `negotiation.repeated.monitoring`) are
arithmetic in their inputs, so sympy symbols give their formulas; a threshold of a parameter
is then a root of ``formula = level``.  Roots are exact (rationals or surds); only those in
the parameter's range are kept.
"""

from __future__ import annotations

from typing import Any

__all__ = ["crossings"]


def crossings(formula: Any, symbol: Any, level: Any = 0, low: Any = None, high: Any = None):
    """The values of ``symbol`` in ``[low, high]`` where ``formula`` equals ``level``, sorted.

    Examples
    --------
    At what patience ``d1`` does the first proposer get half the pie, the other side's
    patience being 9/10?  ``(1 - 9/10) / (1 - 9/10 d1) = 1/2`` at ``d1 = 8/9``: proposing
    first makes up for being a little less patient.  A fifth needs ``d1 = 5/9``.

    >>> import sympy
    >>> from negotiation.bargaining.rubinstein import rubinstein_shares
    >>> d1 = sympy.Symbol("d1")
    >>> share = rubinstein_shares((d1, sympy.Rational(9, 10)))[0]
    >>> crossings(share, d1, sympy.Rational(1, 2), 0, 1)
    (8/9,)
    >>> crossings(share, d1, sympy.Rational(1, 5), 0, 1)
    (5/9,)
    """
    import sympy

    interval = sympy.Interval(
        -sympy.oo if low is None else sympy.nsimplify(low),
        sympy.oo if high is None else sympy.nsimplify(high),
    )
    numerator, denominator = sympy.fraction(sympy.together(formula - level))
    roots = sympy.solveset(numerator, symbol, domain=interval)
    if roots is sympy.S.EmptySet:
        return ()
    if not isinstance(roots, sympy.FiniteSet):
        msg = f"the formula equals the level on a whole interval: {roots}"
        raise ValueError(msg)
    return tuple(
        sorted(
            (root for root in roots if sympy.simplify(denominator.subs(symbol, root)) != 0),
            key=lambda root: float(root),
        )
    )
