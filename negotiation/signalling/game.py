"""A signalling game: a sender with private types sends a message; a receiver, who sees the
message but not the type, acts.

Nature draws the sender's type ``t`` with prior probability ``prior[t]``; the sender sends a
message ``m``; the receiver chooses an action ``a`` from those open after ``m``.  Payoffs
depend on all three: ``sender_payoffs[t][m][a]`` and ``receiver_payoffs[t][m][a]``.  A costly
signal is a message whose cost, subtracted from the sender's payoff, differs by type
(Spence 1973; Gibbons 1992, sec. 4.2.B).

The actions may differ by message (in one-card poker the receiver moves only after a raise);
a message after which the receiver has one action is a message that ends play.  Numbers are
``Fraction`` at a parameter point, or sympy expressions while a threshold is being derived
(`negotiation.signalling.thresholds`).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from negotiation.errors import GameError

__all__ = ["SignallingGame"]


def _labels(labels: Sequence[str], what: str) -> tuple[str, ...]:
    labels = tuple(labels)
    if not labels:
        msg = f"a signalling game needs at least one {what}"
        raise GameError(msg)
    if len(set(labels)) != len(labels) or not all(isinstance(x, str) and x for x in labels):
        msg = f"{what} labels must be distinct non-empty strings: {list(labels)}"
        raise GameError(msg)
    return labels


def _exact(value: Any) -> Any:
    """A rational (int, Fraction, numpy integer) becomes a Fraction; a sympy expression is kept;
    a float is refused (the solvers decide ties exactly)."""
    if isinstance(value, bool):
        msg = f"payoff {value!r} is a boolean, not a number"
        raise GameError(msg)
    if isinstance(value, numbers.Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, float):
        msg = f"payoff {value!r} is a float; give exact numbers (int, Fraction)"
        raise GameError(msg)
    if hasattr(value, "free_symbols"):
        return value
    msg = f"payoff {value!r} is not a number"
    raise GameError(msg)


@dataclass(frozen=True)
class SignallingGame:
    """A finite signalling game, checked on construction.

    Parameters
    ----------
    types : tuple of str
        The sender's types.
    prior : tuple
        The prior probability of each type (non-negative, summing to one when numeric).  A
        type of prior 0 still chooses a message (it must best respond), but weighs nothing
        in Bayes' rule.
    messages : tuple of str
    actions : tuple of tuple of str
        ``actions[m]``: the receiver's actions after message ``m``.
    sender_payoffs, receiver_payoffs : nested tuples
        ``[t][m][a]``, with ``a`` indexing ``actions[m]``.
    sender, receiver : str
        The players' names.
    title : str

    Examples
    --------
    >>> from negotiation.signalling.classic import beer_quiche
    >>> game = beer_quiche()
    >>> game.types, game.messages, game.actions[0]
    (('weak', 'strong'), ('beer', 'quiche'), ('duel', 'not'))
    """

    types: tuple[str, ...]
    prior: tuple[Any, ...]
    messages: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    sender_payoffs: tuple[tuple[tuple[Any, ...], ...], ...]
    receiver_payoffs: tuple[tuple[tuple[Any, ...], ...], ...]
    sender: str = "Sender"
    receiver: str = "Receiver"
    title: str = ""

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "types", _labels(self.types, "type"))
        set_(self, "messages", _labels(self.messages, "message"))
        if len(self.actions) != len(self.messages):
            msg = f"{len(self.actions)} action lists for {len(self.messages)} messages"
            raise GameError(msg)
        set_(self, "actions", tuple(_labels(a, "action") for a in self.actions))
        if len(self.prior) != len(self.types):
            msg = f"{len(self.prior)} prior probabilities for {len(self.types)} types"
            raise GameError(msg)
        prior = tuple(_exact(p) for p in self.prior)
        if all(isinstance(p, Fraction) for p in prior) and (
            any(p < 0 for p in prior) or sum(prior) != 1
        ):
            msg = f"the prior must be non-negative and sum to 1: {[str(p) for p in prior]}"
            raise GameError(msg)
        set_(self, "prior", prior)
        for name in ("sender_payoffs", "receiver_payoffs"):
            set_(self, name, self._table(getattr(self, name), name))

    def _table(self, table: Sequence, name: str) -> tuple:
        if len(table) != len(self.types):
            msg = f"{name}: {len(table)} rows for {len(self.types)} types"
            raise GameError(msg)
        rows = []
        for t, row in zip(self.types, table, strict=True):
            if len(row) != len(self.messages):
                msg = f"{name}[{t}]: {len(row)} entries for {len(self.messages)} messages"
                raise GameError(msg)
            cells = []
            for m, acts, cell in zip(self.messages, self.actions, row, strict=True):
                if len(cell) != len(acts):
                    msg = f"{name}[{t}][{m}]: {len(cell)} payoffs for {len(acts)} actions"
                    raise GameError(msg)
                cells.append(tuple(_exact(v) for v in cell))
            rows.append(tuple(cells))
        return tuple(rows)

    @classmethod
    def from_function(
        cls,
        types: Sequence[str],
        prior: Sequence[Any],
        messages: Sequence[str],
        actions: Sequence[str] | Sequence[Sequence[str]],
        payoff: Callable[[str, str, str], tuple[Any, Any]],
        **names: str,
    ) -> SignallingGame:
        """Build from ``payoff(type, message, action) -> (sender, receiver)``.

        ``actions`` is one list for every message, or a list per message.
        """
        if actions and isinstance(actions[0], str):
            per_message = tuple(tuple(actions) for _ in messages)  # type: ignore[arg-type]
        else:
            per_message = tuple(tuple(a) for a in actions)  # type: ignore[arg-type]
        tables = [
            [
                [payoff(t, m, a) for a in acts]
                for m, acts in zip(messages, per_message, strict=True)
            ]
            for t in types
        ]
        return cls(
            tuple(types),
            tuple(prior),
            tuple(messages),
            per_message,
            tuple(tuple(tuple(c[0] for c in cell) for cell in row) for row in tables),
            tuple(tuple(tuple(c[1] for c in cell) for cell in row) for row in tables),
            **names,
        )

    @property
    def exact(self) -> bool:
        """Whether every number is a Fraction (a concrete game, not a symbolic one)."""
        numbers = [*self.prior]
        for table in (self.sender_payoffs, self.receiver_payoffs):
            numbers += [v for row in table for cell in row for v in cell]
        return all(isinstance(v, Fraction) for v in numbers)
