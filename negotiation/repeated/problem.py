"""One repeated game at one parameter point: the stage game, patience, the profile to sustain.

This is the concrete game a ``form = "repeated"`` scenario produces at given parameter values.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from negotiation.errors import NegotiationError
from negotiation.game import Game

__all__ = ["Repeated"]


@dataclass(frozen=True)
class Repeated:
    """A stage game repeated with discount factor ``delta``, for ever or ``rounds`` times.

    Attributes
    ----------
    stage : Game
    delta : Fraction
        The common discount factor, in (0, 1).
    target : tuple of int
        The pure profile to sustain (e.g. both hold the ceasefire), as strategy indices.
    punishment : tuple of int or None
        The stage equilibrium that trigger strategies revert to; None: the pure stage
        equilibrium that sustains the target at the lowest discount factor.
    rounds : int or None
        None for the infinitely repeated game; else also solve the T-fold game.
    periods : tuple of int
        The lengths of the k-period punishments to report.
    unseen, false_alarm : Fraction
        Imperfect monitoring: the chance that a violation goes unseen, and that a hold is
        mistaken for a violation (`negotiation.repeated.monitoring`).
    """

    stage: Game
    delta: Fraction
    target: tuple[int, ...]
    punishment: tuple[int, ...] | None = None
    rounds: int | None = None
    periods: tuple[int, ...] = (1, 2, 3)
    unseen: Fraction = Fraction(0)
    false_alarm: Fraction = Fraction(0)

    def __post_init__(self) -> None:
        if not 0 < self.delta < 1:
            msg = f"the discount factor must lie in (0, 1), got {self.delta}"
            raise NegotiationError(msg)
        for name, profile in (("target", self.target), ("punishment", self.punishment)):
            if profile is None:
                continue
            if len(profile) != self.stage.n_players or any(
                not 0 <= k < count for k, count in zip(profile, self.stage.shape, strict=True)
            ):
                msg = f"the {name} {profile} is not a pure profile of the stage game"
                raise NegotiationError(msg)
        if self.rounds is not None and self.rounds < 1:
            msg = f"rounds must be positive, got {self.rounds}"
            raise NegotiationError(msg)
