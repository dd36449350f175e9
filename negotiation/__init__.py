"""negotiation: game-theoretic models of real negotiations, solved exactly."""

from negotiation.errors import NegotiationError
from negotiation.game import Game
from negotiation.scenario import Scenario, load_scenario
from negotiation.solvers import solve

load = load_scenario

__all__ = ["Game", "NegotiationError", "Scenario", "load", "load_scenario", "solve"]
__version__ = "0.1.0"
