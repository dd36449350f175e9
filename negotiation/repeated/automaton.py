"""Strategies of the repeated game as finite automata, and the common ones built for a game.

An automaton (Mailath and Samuelson, "Repeated Games and Reputations", 2006, section 2.3)
has states, an initial state, an output (the action profile all players play in each state)
and a transition (the next state, given the state and the profile observed).  With perfect
monitoring a profile of automaton strategies is a subgame-perfect equilibrium exactly when no
player gains from a one-shot deviation in any reachable state (the one-shot deviation
principle, their Proposition 2.4.1); `negotiation.repeated.deltas` checks that.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import product

from negotiation.errors import NegotiationError
from negotiation.game import Game

__all__ = ["Automaton", "grim_trigger", "k_period_punishment", "tit_for_tat"]

Profile = tuple[int, ...]


@dataclass(frozen=True)
class Automaton:
    """A strategy profile as a finite automaton.

    Attributes
    ----------
    name : str
    states : tuple of str
    initial : str
    play : mapping of state to profile
        The pure action profile (strategy indices) played in each state.
    transitions : mapping of (state, profile) to state
        The next state after each profile observed in each state; every pair is listed.
    """

    name: str
    states: tuple[str, ...]
    initial: str
    play: Mapping[str, Profile]
    transitions: Mapping[tuple[str, Profile], str]

    @classmethod
    def build(
        cls,
        name: str,
        game: Game,
        play: Mapping[str, Sequence[int]],
        rule: Callable[[str, Profile], str],
        initial: str | None = None,
    ) -> Automaton:
        """An automaton whose transitions ``rule(state, profile)`` are tabulated for every
        profile of ``game``; the first state of ``play`` is initial by default."""
        states = tuple(play)
        for state, profile in play.items():
            if len(profile) != game.n_players or any(
                not 0 <= action < count for action, count in zip(profile, game.shape, strict=True)
            ):
                msg = f"state {state!r} plays {tuple(profile)}, not a profile of the stage game"
                raise NegotiationError(msg)
        table = {}
        for state in states:
            for profile in product(*(range(count) for count in game.shape)):
                target = rule(state, profile)
                if target not in play:
                    msg = (
                        f"from {state!r} after {profile} the automaton goes to unknown {target!r}"
                    )
                    raise NegotiationError(msg)
                table[(state, profile)] = target
        start = states[0] if initial is None else initial
        if start not in play:
            msg = f"initial state {start!r} is not a state"
            raise NegotiationError(msg)
        return cls(name, states, start, {s: tuple(p) for s, p in play.items()}, table)

    def next_state(self, state: str, profile: Sequence[int]) -> str:
        return self.transitions[(state, tuple(profile))]

    def reachable(self) -> tuple[str, ...]:
        """The states some sequence of profiles leads to from the initial state."""
        seen, frontier = [self.initial], [self.initial]
        while frontier:
            state = frontier.pop()
            for (source, _), target in self.transitions.items():
                if source == state and target not in seen:
                    seen.append(target)
                    frontier.append(target)
        return tuple(s for s in self.states if s in seen)


def grim_trigger(game: Game, target: Sequence[int], punishment: Sequence[int]) -> Automaton:
    """Play ``target`` until any other profile is seen, then ``punishment`` for ever.

    Examples
    --------
    >>> from negotiation.game import Game
    >>> pd = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> grim_trigger(pd, (0, 0), (1, 1)).next_state("cooperate", (0, 1))
    'punish'
    """
    target = tuple(target)

    def rule(state: str, profile: Profile) -> str:
        return "cooperate" if state == "cooperate" and profile == target else "punish"

    return Automaton.build(
        "grim_trigger", game, {"cooperate": target, "punish": tuple(punishment)}, rule
    )


def k_period_punishment(
    game: Game, target: Sequence[int], punishment: Sequence[int], periods: int
) -> Automaton:
    """Play ``target``; after any other profile, ``punishment`` for ``periods`` rounds, then
    ``target`` again.  A deviation from the punishment restarts it."""
    if periods < 1:
        msg = f"a punishment lasts at least one period, got {periods}"
        raise NegotiationError(msg)
    target, punishment = tuple(target), tuple(punishment)
    play = {"cooperate": target} | {f"punish {k}": punishment for k in range(1, periods + 1)}

    def rule(state: str, profile: Profile) -> str:
        if state == "cooperate":
            return "cooperate" if profile == target else "punish 1"
        if profile != punishment:
            return "punish 1"
        step = int(state.split()[1])
        return "cooperate" if step == periods else f"punish {step + 1}"

    return Automaton.build(f"punishment_{periods}", game, play, rule)


def tit_for_tat(game: Game, cooperate: Sequence[int], defect: Sequence[int]) -> Automaton:
    """Two players: each plays its ``cooperate`` action if the other played its own
    ``cooperate`` action last round (and in the first round), else its ``defect`` action.

    The state is the pair of actions due this round, so there are four states.
    """
    if game.n_players != 2:
        msg = f"tit-for-tat is defined for two players, the game has {game.n_players}"
        raise NegotiationError(msg)
    names = {}
    for mine, theirs in product((True, False), repeat=2):
        label = f"{'C' if mine else 'D'}{'C' if theirs else 'D'}"
        names[(mine, theirs)] = label
    play = {
        label: (
            cooperate[0] if first else defect[0],
            cooperate[1] if second else defect[1],
        )
        for (first, second), label in names.items()
    }

    def rule(state: str, profile: Profile) -> str:
        # player 1 next plays C iff player 2 just cooperated, and vice versa
        return names[(profile[1] == cooperate[1], profile[0] == cooperate[0])]

    return Automaton.build("tit_for_tat", game, play, rule)
