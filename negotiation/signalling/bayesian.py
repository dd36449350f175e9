"""A Bayesian game: players with private types drawn from a common prior, moving at once.

Harsanyi (1967-68) turned incomplete information into imperfect information: nature draws a
type profile ``t`` with probability ``prior[t]``; each player learns its own type and chooses an
action; payoffs depend on the actions and the types.  A *Bayesian Nash equilibrium* is a
strategy per player, a map from its types to actions, such that every type with positive
probability maximises its expected payoff given its type (Harsanyi 1967-68; Fudenberg and
Tirole 1991, ch. 6; Gibbons 1992, sec. 3.1; Myerson 1991, sec. 2.8).

`bayesian_nash_pure` applies that definition directly; it is the independent check on the
normal forms of `negotiation.signalling.normal_form`, whose Nash equilibria are the same.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product

from negotiation.errors import GameError

__all__ = ["BayesianGame", "bayesian_nash_pure"]

TypeProfile = tuple[int, ...]
ActionProfile = tuple[int, ...]


@dataclass(frozen=True)
class BayesianGame:
    """A finite Bayesian game, built with `BayesianGame.from_function`.

    Attributes
    ----------
    players : tuple of str
    types : tuple of tuple of str
        Each player's types.
    actions : tuple of tuple of str
        Each player's actions (the same for all its types).
    prior : dict
        ``{type-index profile: probability}``; profiles left out have probability zero.
    payoffs : dict
        ``{(type-index profile, action-index profile): one payoff per player}``.
    title : str
    """

    players: tuple[str, ...]
    types: tuple[tuple[str, ...], ...]
    actions: tuple[tuple[str, ...], ...]
    prior: Mapping[TypeProfile, Fraction]
    payoffs: Mapping[tuple[TypeProfile, ActionProfile], tuple[Fraction, ...]]
    title: str = ""

    @classmethod
    def from_function(
        cls,
        players: Sequence[str],
        types: Sequence[Sequence[str]],
        actions: Sequence[Sequence[str]],
        prior: Mapping[tuple[str, ...], object],
        payoff: Callable[[tuple[str, ...], tuple[str, ...]], Sequence[object]],
        title: str = "",
    ) -> BayesianGame:
        """Build from ``prior[type labels]`` and ``payoff(type labels, action labels)``.

        Raises
        ------
        GameError
            If the prior names an unknown type, is negative or does not sum to one, or a
            payoff is not exact.

        Examples
        --------
        >>> game = BayesianGame.from_function(
        ...     ["Row", "Column"], [["x", "y"], ["z"]], [["U", "D"], ["L", "R"]],
        ...     {("x", "z"): Fraction(1, 2), ("y", "z"): Fraction(1, 2)},
        ...     lambda t, a: (int(a[0] == "U") if t[0] == "x" else int(a[0] == "D"),
        ...                   int(a[1] == "L")))
        >>> bayesian_nash_pure(game)
        ((('U', 'D'), ('L',)),)
        """
        players = tuple(players)
        types = tuple(tuple(labels) for labels in types)
        actions = tuple(tuple(labels) for labels in actions)
        if not (len(players) == len(types) == len(actions)) or not players:
            msg = "players, types and actions need one entry per player"
            raise GameError(msg)
        table: dict[TypeProfile, Fraction] = {}
        for labels, probability in prior.items():
            try:
                key = tuple(types[i].index(label) for i, label in enumerate(labels))
            except ValueError:
                msg = f"prior names an unknown type profile {labels!r}"
                raise GameError(msg) from None
            if len(key) != len(players):
                msg = f"prior key {labels!r} needs one type per player"
                raise GameError(msg)
            value = _exact(probability)
            if value < 0:
                msg = f"prior of {labels!r} is negative"
                raise GameError(msg)
            if value:
                table[key] = value
        if sum(table.values()) != 1:
            msg = f"the prior sums to {sum(table.values())}, not 1"
            raise GameError(msg)
        payoffs = {}
        for type_profile in product(*(range(len(labels)) for labels in types)):
            type_labels = tuple(types[i][k] for i, k in enumerate(type_profile))
            for action_profile in product(*(range(len(labels)) for labels in actions)):
                action_labels = tuple(actions[i][k] for i, k in enumerate(action_profile))
                values = tuple(_exact(v) for v in payoff(type_labels, action_labels))
                if len(values) != len(players):
                    msg = f"payoff at {type_labels}, {action_labels}: one value per player"
                    raise GameError(msg)
                payoffs[(type_profile, action_profile)] = values
        return cls(players, types, actions, table, payoffs, title)

    def marginal(self, player: int, kind: int) -> Fraction:
        """The prior probability that ``player`` has type ``kind``."""
        return sum(
            (p for profile, p in self.prior.items() if profile[player] == kind), Fraction(0)
        )


def _exact(value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Fraction):
        msg = f"{value!r} is not an exact number (int or Fraction)"
        raise GameError(msg)
    return Fraction(value)


def expected_payoff(
    game: BayesianGame,
    player: int,
    kind: int,
    action: int,
    strategies: Sequence[Sequence[int]],
) -> Fraction:
    """Type ``kind`` of ``player`` playing ``action`` against the others' ``strategies``
    (``strategies[j][type]``), weighted by the prior (not yet divided by the type's
    probability, which does not change what is optimal)."""
    total = Fraction(0)
    for profile, probability in game.prior.items():
        if profile[player] != kind:
            continue
        actions = tuple(
            action if j == player else strategies[j][profile[j]] for j in range(len(profile))
        )
        total += probability * game.payoffs[(profile, actions)][player]
    return total


def bayesian_nash_pure(game: BayesianGame) -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Every pure Bayesian Nash equilibrium, by the definition: for each profile of type-to-
    action maps, every type of positive probability plays a best response.

    Returns
    -------
    tuple
        Each equilibrium as ``strategy[player][type] = action label``, in the order of
        ``itertools.product`` over players' maps (the ex-ante normal form's order).
    """
    maps = [
        list(product(range(len(game.actions[i])), repeat=len(game.types[i])))
        for i in range(len(game.players))
    ]
    found = []
    for strategies in product(*maps):
        if all(
            expected_payoff(game, i, kind, strategies[i][kind], strategies)
            >= max(
                expected_payoff(game, i, kind, action, strategies)
                for action in range(len(game.actions[i]))
            )
            for i in range(len(game.players))
            for kind in range(len(game.types[i]))
            if game.marginal(i, kind) > 0
        ):
            found.append(
                tuple(
                    tuple(game.actions[i][a] for a in strategy)
                    for i, strategy in enumerate(strategies)
                )
            )
    return tuple(found)
