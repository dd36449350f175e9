"""Payoffs rescaled to [0, 1] at each point, with a bound on their float error.

Why: a positive affine change of one player's payoffs alters none of its best responses, so
each point's payoffs can be mapped to [0, 1] player by player; then one tolerance, on payoffs
and on probabilities alike, suits every model, whatever its units.

Assumption: the float evaluation of the formulas is accurate to about ``1e-13`` of each
player's largest payoff (formulas that cancel large numbers can break this; raise ``tol``).
"""

from __future__ import annotations

import numpy as np

__all__ = ["DEFAULT_TOL", "PAYOFF_ACCURACY", "rescaled"]

# Within this distance of a tie (on payoffs rescaled to [0, 1], and on probabilities) a
# comparison is too close to call in floats: the point goes to the exact solver.
DEFAULT_TOL = 1e-9
# The assumed relative accuracy of the float payoffs (formula evaluation), see above.
PAYOFF_ACCURACY = 1e-13


def rescaled(payoff: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Payoffs mapped to [0, 1] at each point, with the map and the entries' error bound."""
    flat = payoff.reshape(-1, payoff.shape[-1])
    low = flat.min(axis=0)
    spread = flat.max(axis=0) - low
    largest = np.maximum(np.abs(low), np.abs(low + spread))
    spread = np.where(spread > 0, spread, 1.0)
    rescaled = (payoff - low) / spread
    noise = PAYOFF_ACCURACY * largest / spread + 4 * np.finfo(float).eps
    return rescaled, low, spread, noise
