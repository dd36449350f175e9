"""The Intuitive Criterion (Cho and Kreps 1987; Fudenberg and Tirole 1991, sec. 11.2; Gibbons
1992, sec. 4.4).

Why: off the path any belief is allowed, so many PBE rest on beliefs no type would justify.
Cho and Kreps ask, for each unsent message ``m``:

1. Which types are *equilibrium-dominated* at ``m``: their equilibrium payoff exceeds the best
   they could get from ``m`` against any receiver best response to any belief,
   ``u*(t) > max_{a in BR(Theta, m)} u(t, m, a)``?  Call the rest ``Theta**``.
2. If ``Theta**`` is not empty, beliefs should put no weight on the dominated types.  The
   equilibrium fails the test if some type ``t`` in ``Theta**`` gains from ``m`` against
   *every* best response to such beliefs: ``min_{a in BR(Theta**, m)} u(t, m, a) > u*(t)``.

``BR(T, m)``: the pure actions that are best responses to some belief supported on ``T``
(a mixed best response's payoff lies between those of pure ones, so pure ones suffice for the
max and the min).  When every type is equilibrium-dominated no belief on the rest exists; we
then impose no restriction (a convention: the test is read as vacuous).
"""

from __future__ import annotations

from fractions import Fraction

from negotiation.signalling.beliefs import belief_set
from negotiation.signalling.game import SignallingGame

__all__ = ["intuitive_criterion"]


def _responses(game: SignallingGame, message: int, support: list[int]) -> list[int]:
    return [
        a
        for a in range(len(game.actions[message]))
        if not belief_set(game, message, [a], support).empty
    ]


def intuitive_criterion(
    game: SignallingGame, on_path: tuple[bool, ...], sender_payoffs: tuple[Fraction, ...]
) -> tuple[bool, tuple[str, ...]]:
    """Whether an equilibrium with these on-path messages and type payoffs passes the test.

    Returns
    -------
    passes : bool
    reasons : tuple of str
        One line per unsent message: which types are equilibrium-dominated there, and which
        type (if any) would break the equilibrium.

    Examples
    --------
    >>> from negotiation.signalling.classic import beer_quiche
    >>> game = beer_quiche()
    >>> intuitive_criterion(game, (False, True), (Fraction(3), Fraction(2)))[0]   # both quiche
    False
    """
    table = game.sender_payoffs
    everyone = list(range(len(game.types)))
    passes = True
    reasons = []
    for m, message in enumerate(game.messages):
        if on_path[m]:
            continue
        best = _responses(game, m, everyone)
        dominated = [t for t in everyone if sender_payoffs[t] > max(table[t][m][a] for a in best)]
        remaining = [t for t in everyone if t not in dominated]
        names = ", ".join(game.types[t] for t in dominated) or "no type"
        if not remaining:
            reasons.append(f"{message}: every type is equilibrium-dominated; no restriction")
            continue
        restricted = _responses(game, m, remaining)
        breakers = [
            t for t in remaining if min(table[t][m][a] for a in restricted) > sender_payoffs[t]
        ]
        if breakers:
            passes = False
            t = breakers[0]
            worst = min(table[t][m][a] for a in restricted)
            reasons.append(
                f"{message}: {names} equilibrium-dominated; beliefs on "
                f"{', '.join(game.types[s] for s in remaining)} leave responses "
                f"{', '.join(game.actions[m][a] for a in restricted)}, which give "
                f"{game.types[t]} at least {worst} > {sender_payoffs[t]}: fails"
            )
        else:
            reasons.append(
                f"{message}: {names} equilibrium-dominated; no remaining type gains against "
                "every response to beliefs on the others: passes"
            )
    return passes, tuple(reasons)
