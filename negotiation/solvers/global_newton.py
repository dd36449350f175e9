"""Equilibria of large games by a path-following method: numerical, and not every one.

Govindan and Wilson's global Newton method ("A global Newton method to compute Nash
equilibria", Journal of Economic Theory 110, 2003) follows, from a perturbed game with one
equilibrium, the path of equilibria of the games between it and the given game; every point
where the path crosses the given game is an equilibrium, so it may find several, but never
promises all.  The path is followed in floating point.

Why Gambit's implementation (``pygambit.nash.gnm_solve``, an optional dependency) rather than
our own: the path turns back and needs a careful predictor-corrector with local Newton steps;
Gambit's is well kept and tested, and an equilibrium it returns is re-checked here anyway.
Each profile's regret (the most any player gains by a pure deviation) is computed exactly from
the game's rational payoffs, at the profile's float values renormalised to sum to one; a
profile whose regret exceeds ``tolerance`` times the largest payoff is dropped.
"""

from __future__ import annotations

import numpy as np

from negotiation.deviation import regrets, renormalised
from negotiation.errors import NegotiationError
from negotiation.game import Game

TOLERANCE = 1e-6  # largest regret kept, relative to the largest absolute payoff


def global_newton_equilibria(
    game: Game, tolerance: float = TOLERANCE
) -> tuple[list[tuple[tuple[float, ...], ...]], float]:
    """Equilibria found by the global Newton method, and the largest regret among them.

    Parameters
    ----------
    game : Game
        Any number of players; payoffs are taken exactly.
    tolerance : float
        The largest regret accepted, relative to the largest absolute payoff.

    Returns
    -------
    profiles, regret
        The profiles as floats (distinct to 1e-9), and the largest regret of those kept
        (0.0 when none).

    Raises
    ------
    NegotiationError
        When pygambit is not installed.
    """
    try:
        import pygambit as gbt
    except ImportError:
        msg = "method 'gnm' needs pygambit: pip install 'negotiation[gambit]'"
        raise NegotiationError(msg) from None
    payoffs = game.exact_payoffs()
    gambit_game = gbt.Game.from_arrays(*(np.asarray(payoff, dtype=object) for payoff in payoffs))
    found = gbt.nash.gnm_solve(gambit_game).equilibria
    scale = max(1, *(abs(value) for payoff in payoffs for value in payoff.flat))
    exact_game = Game(payoffs, game.players, game.strategies)
    profiles: dict[tuple, tuple[tuple[float, ...], ...]] = {}
    largest = 0.0
    for equilibrium in found:
        found_profile = [
            [float(equilibrium[player][s]) for s in player.strategies]
            for player in gambit_game.players
        ]
        mixes = renormalised(found_profile)
        regret = float(max(regrets(exact_game, mixes)))
        if regret > tolerance * float(scale):
            continue
        profile = tuple(tuple(float(p) for p in mixed) for mixed in mixes)
        key = tuple(round(p, 9) for mixed in profile for p in mixed)
        if key not in profiles:
            profiles[key] = profile
            largest = max(largest, regret)
    return list(profiles.values()), largest
