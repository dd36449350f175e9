"""A finite game in normal (strategic) form: players, strategy labels and payoffs.

Payoffs are kept exact when they are given exact (``int`` or ``Fraction``): the solvers then
answer in rationals.  Float payoffs are accepted too; the solvers still work on their exact
binary values and report floats.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from fractions import Fraction
from itertools import product

import numpy as np

from negotiation.errors import GameError
from negotiation.values import number_size_problem

Payoff = Fraction | float


def _to_payoff(value: object, where: str) -> Payoff:
    """One payoff as a Fraction (exact input) or a float; anything else is refused."""
    if isinstance(value, bool | np.bool_):
        msg = f"payoff {where} is a boolean ({value!r}), not a number"
        raise GameError(msg)
    if isinstance(value, numbers.Rational):
        exact = Fraction(int(value.numerator), int(value.denominator))
        problem = number_size_problem(exact)
        if problem is not None:
            msg = f"payoff {where} {problem}"
            raise GameError(msg)
        return exact
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            msg = f"payoff {where} is {number}, payoffs must be finite"
            raise GameError(msg)
        return number
    msg = f"payoff {where} is {value!r}, not a number"
    raise GameError(msg)


def _labels(given: Sequence[str] | None, count: int, default: str, what: str) -> tuple[str, ...]:
    if given is None:
        return tuple(default.format(k + 1) for k in range(count))
    labels = tuple(given)
    if len(labels) != count:
        msg = f"{what}: {len(labels)} labels given for {count}"
        raise GameError(msg)
    for label in labels:
        if not isinstance(label, str) or not label:
            msg = f"{what}: label {label!r} must be a non-empty string"
            raise GameError(msg)
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        msg = f"{what}: duplicate label {duplicates[0]!r}"
        raise GameError(msg)
    return labels


class Game:
    """A finite game in normal form with any number of players.

    Parameters
    ----------
    payoffs : sequence of array_like
        One array per player; array ``i`` has one axis per player, of length that player's
        number of strategies, and holds player ``i``'s payoff in each pure profile.  For two
        players this is the bimatrix ``[A, B]``: rows are the first player's strategies.
    players : sequence of str, optional
        Player names (default ``"Player 1"``, ``"Player 2"``, ...).
    strategies : sequence of sequence of str, optional
        Each player's strategy labels (default ``"1"``, ``"2"``, ...).
    title : str
        A name for the game, carried into reports.

    Raises
    ------
    GameError
        On a shape mismatch, a duplicate or empty label, or a payoff that is not a finite
        number.

    Examples
    --------
    >>> game = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], players=["Row", "Column"],
    ...             strategies=[["C", "D"], ["C", "D"]], title="Prisoner's dilemma")
    >>> game.shape
    (2, 2)
    >>> game.payoff_profile((1, 1))
    (Fraction(1, 1), Fraction(1, 1))
    """

    def __init__(
        self,
        payoffs: Sequence[object],
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> None:
        arrays = [np.asarray(array, dtype=object) for array in payoffs]
        if not arrays:
            msg = "a game needs at least one player"
            raise GameError(msg)
        shape = arrays[0].shape
        if len(shape) != len(arrays):
            msg = (
                f"{len(arrays)} payoff arrays need {len(arrays)} axes each (one per player); "
                f"the first has shape {shape}"
            )
            raise GameError(msg)
        for index, array in enumerate(arrays):
            if array.shape != shape:
                msg = f"payoff array {index + 1} has shape {array.shape}, the first {shape}"
                raise GameError(msg)
        if 0 in shape:
            msg = f"every player needs at least one strategy; shape {shape}"
            raise GameError(msg)
        self.players = _labels(players, len(arrays), "Player {}", "players")
        if strategies is not None and len(strategies) != len(arrays):
            msg = f"strategies given for {len(strategies)} players, the game has {len(arrays)}"
            raise GameError(msg)
        self.strategies = tuple(
            _labels(
                None if strategies is None else strategies[index],
                count,
                "{}",
                f"strategies of {self.players[index]!r}",
            )
            for index, count in enumerate(shape)
        )
        self.title = title
        converted = []
        for index, array in enumerate(arrays):
            out = np.empty(shape, dtype=object)
            for cell in product(*(range(count) for count in shape)):
                out[cell] = _to_payoff(array[cell], f"of {self.players[index]!r} at {cell}")
            converted.append(out)
        self.exact = all(
            isinstance(value, Fraction) for array in converted for value in array.flat
        )
        if not self.exact:
            converted = [array.astype(float) for array in converted]
        self.payoffs: tuple[np.ndarray, ...] = tuple(converted)

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of strategies of each player."""
        return self.payoffs[0].shape

    @property
    def n_players(self) -> int:
        return len(self.players)

    def payoff_profile(self, profile: Sequence[int]) -> tuple[Payoff, ...]:
        """Every player's payoff at a pure profile given by strategy indices."""
        cell = tuple(profile)
        return tuple(array[cell] for array in self.payoffs)

    def exact_payoffs(self) -> tuple[np.ndarray, ...]:
        """The payoffs as Fraction arrays; floats become their exact binary value."""
        if self.exact:
            return self.payoffs
        return tuple(np.vectorize(Fraction, otypes=[object])(array) for array in self.payoffs)

    def float_payoffs(self) -> tuple[np.ndarray, ...]:
        """The payoffs as float arrays, for plotting and fast screening."""
        return tuple(np.asarray(array, dtype=float) for array in self.payoffs)

    def relabelled(self, order: Sequence[Sequence[int]]) -> Game:
        """The same game with each player's strategies taken in a new order."""
        arrays = []
        for array in self.payoffs:
            permuted = array
            for axis, indices in enumerate(order):
                permuted = np.take(permuted, list(indices), axis=axis)
            arrays.append(permuted)
        strategies = [
            [labels[k] for k in indices]
            for labels, indices in zip(self.strategies, order, strict=True)
        ]
        return Game(arrays, self.players, strategies, self.title)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Game):
            return NotImplemented
        return (
            self.players == other.players
            and self.strategies == other.strategies
            and all(
                np.array_equal(mine, theirs)
                for mine, theirs in zip(self.payoffs, other.payoffs, strict=True)
            )
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        size = "x".join(str(count) for count in self.shape)
        name = f" {self.title!r}" if self.title else ""
        return f"<Game{name}: {size}, players {', '.join(self.players)}>"
