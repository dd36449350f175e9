"""One equilibrium of a game of any size by following the logit path, then made exact.

The logit quantal response equilibria (McKelvey and Palfrey, "Quantal response equilibria for
normal form games", Games and Economic Behavior 10, 1995) of a game form, as the precision
``lambda`` grows from 0, a path from the centroid (everyone mixes uniformly) whose end, as
``lambda`` goes to infinity, is a Nash equilibrium: the limiting logit equilibrium, the same
for every run on the same game.  Along it, each player's log-probabilities differ by
``lambda`` times its payoff differences: ``log s_ij - log s_i0 = lambda (u_ij(s) - u_i0(s))``,
and each player's probabilities sum to one.  This module follows that curve in
``(log s, lambda)`` with a predictor-corrector (the tangent from the Jacobian's null space,
Newton's correction back onto the curve: Allgower and Georg, Introduction to Numerical
Continuation Methods, SIAM 2003, chapter 2; Turocy, "A dynamic homotopy interpretation of the
logistic quantal response equilibrium correspondence", Games and Economic Behavior 51, 2005),
payoffs scaled to [0, 1], until the profile's regret is below ``_CLOSE``.  Gambit's ``logit``
does the same.

Floating point gives an approximate equilibrium.  Its support (the strategies played with
probability above ``_PLAYED`` of the player's most played one) is then handed to the exact
solver of support enumeration (`support_enumeration.support_equilibria`), and the
equilibrium with that support within ``_NEAR`` of the path's end is returned, exact
(Fractions) or checked at 60 digits.  When there is none, or the support is too large to
solve (more than ``_EXACT_UNKNOWNS`` unknowns with three players or more), the path's end is
returned as floats, and the caller reports its regret.  Either way one equilibrium, not all.

A path can turn back (``lambda`` falling for a while); a predictor step too long there lands
near another branch, and the corrector would follow that one to another equilibrium.  So a
step is taken only when the corrector converges at once and the tangent turns by less than
``_TURN``: on 56 random games from 6x6 to 4x4x4x4 and 2^6 the end equals Gambit's ``logit``
to 1e-4 (`tests/solvers/test_logit.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from negotiation.game import Game

_CLOSE = 1e-9  # regret (payoffs scaled to [0, 1]) at which the path ends
_PLAYED = (1e-4, 1e-2)  # least probability (relative to a player's most played) in the support
_NEAR = 1e-6  # how close to the path's end its support's exact equilibrium must be
_LARGEST_LAMBDA = 1e9  # the path is given up beyond this precision
_MOST_STEPS = 5_000
_FIRST_STEP = 0.03
_NEWTON = 8  # corrector steps at most before the step is shortened
_TURN = 0.9999  # least cosine between successive tangents: a sharper turn shortens the step
_EXACT_UNKNOWNS = 9  # largest support system of 3+ players (unknowns) solved exactly


def logit_equilibrium(game: Game) -> tuple[tuple[tuple[Any, ...], ...], bool]:
    """The end of the logit path, and whether it was made exact.

    Parameters
    ----------
    game : Game
        Any number of players, two included.

    Returns
    -------
    profile, exact
        With ``exact``, an equilibrium checked exactly (Fractions) or at 60 digits (floats,
        when irrational), from the exact solver of its support; otherwise the path's end as
        floats, whose regret the caller reports.

    Examples
    --------
    Matching pennies: the path stays at the centroid, its only equilibrium.

    >>> from negotiation.game import Game
    >>> pennies = Game([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> logit_equilibrium(pennies)
    (((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2))), True)
    """
    payoffs = game.exact_payoffs()
    mixes = _trace(_scaled(payoffs))
    exact = _exact_equilibrium(payoffs, mixes)
    if exact is not None:
        return exact, True
    return tuple(tuple(float(p) for p in mixed) for mixed in mixes), False


def _scaled(payoffs: Sequence[np.ndarray]) -> list[np.ndarray]:
    """The payoffs as floats in [0, 1] (one affine map for all players): ``lambda`` then
    means the same whatever the game's units."""
    values = np.array([float(v) for payoff in payoffs for v in payoff.flat])
    low, high = values.min(), values.max()
    spread = high - low if high > low else 1.0
    return [(payoff.astype(float) - low) / spread for payoff in payoffs]


def _cross_payoffs(payoffs: Sequence[np.ndarray], mixes: Sequence[np.ndarray]) -> tuple:
    """Each player's payoff of each strategy, and ``U[i][k][j, l]``: player ``i``'s payoff of
    its strategy ``j`` when player ``k`` plays ``l`` and the rest mix (``k != i``)."""
    players = len(payoffs)
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[:players]
    values = []
    cross: list[list[np.ndarray | None]] = [[None] * players for _ in range(players)]
    for i, payoff in enumerate(payoffs):
        for k in range(players):
            if k == i:
                continue
            others = [m for m in range(players) if m not in (i, k)]
            subscripts = ",".join([letters, *(letters[m] for m in others)])
            cross[i][k] = np.einsum(
                f"{subscripts}->{letters[i]}{letters[k]}", payoff, *(mixes[m] for m in others)
            )
        others = [m for m in range(players) if m != i]
        subscripts = ",".join([letters, *(letters[m] for m in others)])
        values.append(
            np.einsum(f"{subscripts}->{letters[i]}", payoff, *(mixes[m] for m in others))
        )
    return values, cross


def _residual_and_jacobian(
    payoffs: Sequence[np.ndarray], point: np.ndarray, sizes: Sequence[int]
) -> tuple[np.ndarray, np.ndarray]:
    """The path's equations at ``(log s, lambda)`` and their Jacobian (``N x (N + 1)``)."""
    offsets = np.cumsum([0, *sizes])
    logs, precision = point[:-1], point[-1]
    mixes = [np.exp(logs[offsets[i] : offsets[i + 1]]) for i in range(len(sizes))]
    values, cross = _cross_payoffs(payoffs, mixes)
    total = offsets[-1]
    residual = np.zeros(total)
    jacobian = np.zeros((total, total + 1))
    for i, size in enumerate(sizes):
        rows = slice(offsets[i], offsets[i + 1])
        own = logs[rows]
        residual[offsets[i]] = mixes[i].sum() - 1
        jacobian[offsets[i], rows] = mixes[i]
        gains = values[i][1:] - values[i][0]
        residual[offsets[i] + 1 : offsets[i + 1]] = own[1:] - own[0] - precision * gains
        for j in range(1, size):
            row = offsets[i] + j
            jacobian[row, offsets[i] + j] = 1.0
            jacobian[row, offsets[i]] = -1.0
            jacobian[row, -1] = -gains[j - 1]
        for k in range(len(sizes)):
            if k == i:
                continue
            slopes = (cross[i][k][1:] - cross[i][k][0]) * mixes[k]  # d gains / d log s_k
            jacobian[offsets[i] + 1 : offsets[i + 1], offsets[k] : offsets[k + 1]] = (
                -precision * slopes
            )
    return residual, jacobian


def _tangent(jacobian: np.ndarray, previous: np.ndarray) -> np.ndarray | None:
    """The unit vector spanning the Jacobian's null space, oriented along ``previous``: the
    solution of ``J v = 0``, ``previous . v = 1``, normalised (None where that system is
    singular: the path turns at a right angle to ``previous``)."""
    bordered = np.vstack([jacobian, previous])
    right = np.zeros(len(bordered))
    right[-1] = 1.0
    try:
        tangent = np.linalg.solve(bordered, right)
    except np.linalg.LinAlgError:
        return None
    return tangent / np.linalg.norm(tangent)


def _trace(payoffs: Sequence[np.ndarray]) -> list[np.ndarray]:
    """The path's mixes where it ends: where its regret falls below ``_CLOSE``, ``lambda``
    passes ``_LARGEST_LAMBDA``, or the step cannot be made (``_MOST_STEPS``)."""
    sizes = [payoff.shape[i] for i, payoff in enumerate(payoffs)]
    offsets = np.cumsum([0, *sizes])

    def mixes_at(point: np.ndarray) -> list[np.ndarray]:
        return [np.exp(point[offsets[i] : offsets[i + 1]]) for i in range(len(sizes))]

    point = np.concatenate([np.full(size, -np.log(size)) for size in sizes] + [np.zeros(1)])
    _, jacobian = _residual_and_jacobian(payoffs, point, sizes)
    growing = np.zeros(len(point))
    growing[-1] = 1.0  # at the start the path goes towards growing lambda
    tangent = _tangent(jacobian, growing)
    if tangent is None:  # cannot happen at lambda = 0, where J's own block is regular
        return mixes_at(point)
    step = _FIRST_STEP
    for _ in range(_MOST_STEPS):
        if _regret(payoffs, mixes_at(point)) < _CLOSE or point[-1] > _LARGEST_LAMBDA:
            break
        corrected = _corrected(payoffs, point + step * tangent, sizes, step, tangent)
        turned = None if corrected is None else _tangent(corrected[1], tangent)
        if (
            corrected is None or turned is None or turned @ tangent < _TURN
        ):  # too long a step to trust
            step /= 2
            if step < 1e-12:
                break
            continue
        point, tangent = corrected[0], turned
        step *= 1.3
    return mixes_at(point)


def _corrected(
    payoffs: Sequence[np.ndarray],
    guess: np.ndarray,
    sizes: Sequence[int],
    step: float,
    tangent: np.ndarray,
) -> tuple[np.ndarray, np.ndarray] | None:
    """Newton's method back onto the path, across it (each correction orthogonal to the
    tangent): the point and the Jacobian there, or None when it does not converge at once:
    its first correction longer than half the step, or a correction not half the one before.
    Either means the predictor went far enough from the path that the correction might land
    on another branch."""
    point = guess.copy()
    previous = 0.5 * step
    for _ in range(_NEWTON):
        residual, jacobian = _residual_and_jacobian(payoffs, point, sizes)
        if not np.all(np.isfinite(residual)):
            return None
        if np.max(np.abs(residual)) < 1e-11 * (1 + abs(point[-1])):  # rounding grows too
            return point, jacobian
        try:
            change = np.linalg.solve(np.vstack([jacobian, tangent]), np.append(-residual, 0.0))
        except np.linalg.LinAlgError:
            return None
        size = float(np.linalg.norm(change))
        if size > previous:
            return None
        previous = size / 2
        point += change
    return None


def _regret(payoffs: Sequence[np.ndarray], mixes: Sequence[np.ndarray]) -> float:
    values, _ = _cross_payoffs(payoffs, mixes)
    return max(
        float(value.max() - value @ mixed) for value, mixed in zip(values, mixes, strict=True)
    )


def _exact_equilibrium(
    payoffs: Sequence[np.ndarray], mixes: Sequence[np.ndarray]
) -> tuple[tuple[Any, ...], ...] | None:
    """The equilibrium within ``_NEAR`` of the path's end, from the exact solver of its
    support, or None.

    The support is read at each threshold of ``_PLAYED`` in turn: a strategy whose payoff
    falls short of the best by very little dies slowly along the path and may still be above
    the first; the exact solution of a support holding it lies away from the path's end.
    """
    from negotiation.solvers.support_enumeration import support_equilibria

    target = np.concatenate(mixes)
    tried = []
    for threshold in _PLAYED:
        supports = [
            tuple(int(k) for k in np.flatnonzero(mixed >= threshold * mixed.max()))
            for mixed in mixes
        ]
        unknowns = sum(len(support) - 1 for support in supports)
        if supports in tried or (len(supports) > 2 and unknowns > _EXACT_UNKNOWNS):
            continue  # two players' systems are linear, whatever their size
        tried.append(supports)
        for profile in support_equilibria(payoffs, supports):
            flat = np.array([float(p) for mixed in profile for p in mixed])
            if np.abs(flat - target).max() <= _NEAR:
                return profile
    return None
