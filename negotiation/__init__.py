"""negotiation: game-theoretic models of real negotiations, solved exactly."""

from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.solvers import solve

__all__ = ["Game", "NegotiationError", "solve"]
__version__ = "0.1.0"
