"""Best responses to pure profiles of the others, and where they change between two games.

A strategy is a best response to a pure profile of the other players when no other strategy of
the player pays more against it (von Neumann and Morgenstern's definition, cell by cell).  Over
a whole payoff array this is one comparison along the player's own axis, so one kernel,
`best_response_mask`, serves everything that asks the question: the exact pure equilibria
(`negotiation.solvers.pure_nash`), the batch engine's pure equilibria within a margin
(`negotiation.batch.pure`), the marks of `explain`, and the flips that `whatif` and
``thresholds --best-responses`` report (`best_response_flips`): a pure equilibrium appears or
vanishes only where such a flip happens.

The value side of the same question, `reply_payoffs` and `best_reply_value` (what the player
gets from each of its strategies, and at most, against one profile), serves the repeated-game
code: the finite-horizon incentive constraints, the trigger strategies' temptation, the pure
minmax and the Abreu-Sannikov gains.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from negotiation.errors import GameError
from negotiation.game import Game, Payoff
from negotiation.results import json_number, text_number
from negotiation.text import join_words

__all__ = [
    "BestResponseFlip",
    "best_response_flips",
    "best_reply_value",
    "best_response_mask",
    "best_responses",
    "check_same_strategies",
    "reply_payoffs",
]


def best_response_mask(payoff: np.ndarray, player: int, margin: object = 0) -> np.ndarray:
    """True where ``player``'s strategy is a best response to the others' pure strategies.

    ``payoff`` is the player's payoff array, one axis per player (and possibly more axes after
    them, such as the batch engine's points).  With ``margin`` 0 the comparison is exact (a tie
    is a tie, on Fractions); the batch engine gives a float margin, per point, within which a
    strategy counts as a best response.
    """
    best = payoff.max(axis=player, keepdims=True)
    return np.asarray(payoff >= best - margin, dtype=bool)


def best_responses(payoff: np.ndarray, player: int) -> dict[tuple[int, ...], tuple[int, ...]]:
    """The best responses (several when tied) to each pure profile of the others.

    Keys are the others' strategies in player order, ``player`` left out, in lexicographic
    order; comparisons are exact on exact payoffs.
    """
    moved = np.moveaxis(best_response_mask(payoff, player), player, -1)
    return {
        tuple(int(k) for k in against): tuple(int(k) for k in np.flatnonzero(moved[against]))
        for against in np.ndindex(moved.shape[:-1])
    }


def reply_payoffs(payoff: np.ndarray, player: int, profile: Sequence[int]) -> tuple[Payoff, ...]:
    """``player``'s payoff from each of its strategies, the others playing as in ``profile``.

    ``payoff`` is the player's payoff array (one axis per player); ``profile[player]`` is not
    read.  Exact where the array is (Fractions stay Fractions).

    Examples
    --------
    >>> pd = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> reply_payoffs(pd.payoffs[0], 0, (0, 0))
    (Fraction(3, 1), Fraction(5, 1))
    """
    return tuple(payoff[(*profile[:player], slice(None), *profile[player + 1 :])])


def best_reply_value(payoff: np.ndarray, player: int, profile: Sequence[int]) -> Payoff:
    """The most ``player`` can get against the others' strategies in ``profile``: the value
    of its best reply, which a one-shot deviation from ``profile`` compares with.

    Examples
    --------
    >>> pd = Game([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> best_reply_value(pd.payoffs[1], 1, (0, 0))
    Fraction(5, 1)
    """
    return max(reply_payoffs(payoff, player, profile))


@dataclass(frozen=True)
class BestResponseFlip:
    """A pure profile of the other players against which a player's best responses change.

    Attributes
    ----------
    player : int
    against : tuple of int
        The other players' strategies, in player order, ``player`` left out.
    before, after : tuple of int
        The best responses in the first and the second game (several when tied).
    baseline_payoffs, changed_payoffs : tuple
        The player's payoff from each of its strategies against ``against``, in both games.
    """

    player: int
    against: tuple[int, ...]
    before: tuple[int, ...]
    after: tuple[int, ...]
    baseline_payoffs: tuple[Payoff, ...]
    changed_payoffs: tuple[Payoff, ...]

    def against_labels(self, game: Game) -> dict[str, str]:
        """``{"Turkey": "Counter-escalate"}``: each other player's strategy, by name."""
        others = [j for j in range(game.n_players) if j != self.player]
        return {
            game.players[j]: game.strategies[j][k]
            for j, k in zip(others, self.against, strict=True)
        }

    def labels(self, game: Game, strategies: Sequence[int]) -> tuple[str, ...]:
        """The player's strategies' labels."""
        return tuple(game.strategies[self.player][k] for k in strategies)

    def against_text(self, game: Game) -> str:
        """``Turkey: Counter-escalate`` (and ``Iran: Hold`` with more players)."""
        return join_words([f"{p}: {s}" for p, s in self.against_labels(game).items()])

    def describe(self, game: Game) -> str:
        """``Against Turkey: Counter-escalate, Russia's best response was Offensive (payoff 3
        vs Hold 2); now Hold (2 vs Offensive 1/2)``: each side compares the strategies that
        swap places."""
        labels = game.strategies[self.player]
        gained = [k for k in self.after if k not in self.before]
        lost = [k for k in self.before if k not in self.after]

        def side(best: Sequence[int], values: Sequence[Payoff], rivals: Sequence[int], word: str):
            value = text_number(values[best[0]])
            versus = ", ".join(f"{labels[k]} {text_number(values[k])}" for k in rivals)
            names = join_words([labels[k] for k in best], "or")
            tail = f" vs {versus}" if versus else ""
            if len(best) == 1:
                return f"{names} ({word}{value}{tail})"
            return f"{names} (tied at {word}{value}{tail})"

        against = self.against_text(game)
        prefix = f"Against {against}, " if against else ""
        return (
            f"{prefix}{game.players[self.player]}'s best response was "
            f"{side(self.before, self.baseline_payoffs, gained, 'payoff ')}; "
            f"now {side(self.after, self.changed_payoffs, lost, '')}"
        )

    def to_json(self, game: Game) -> dict:
        labels = game.strategies[self.player]
        return {
            "player": game.players[self.player],
            "against": self.against_labels(game),
            "before": list(self.labels(game, self.before)),
            "after": list(self.labels(game, self.after)),
            "baseline_payoffs": {
                label: json_number(value)
                for label, value in zip(labels, self.baseline_payoffs, strict=True)
            },
            "changed_payoffs": {
                label: json_number(value)
                for label, value in zip(labels, self.changed_payoffs, strict=True)
            },
            "text": self.describe(game),
        }


def check_same_strategies(baseline: Game, changed: Game) -> None:
    """Raise `GameError` unless the two games have the same players and strategies."""
    if baseline.players != changed.players or baseline.strategies != changed.strategies:
        msg = "the two games must have the same players and strategies to be compared"
        raise GameError(msg)


def best_response_flips(baseline: Game, changed: Game) -> tuple[BestResponseFlip, ...]:
    """Every (player, pure profile of the others) whose best responses differ between games.

    Compared exactly (float payoffs at their exact binary values), so a tie is a tie; in
    player order, then the others' profiles in lexicographic order.

    Raises
    ------
    GameError
        If the players or strategies differ.

    Examples
    --------
    >>> before = Game([[[3, 0], [2, 1]], [[1, 0], [0, 1]]], ["Row", "Column"],
    ...               [["T", "B"], ["L", "R"]])
    >>> after = Game([[[1, 0], [2, 1]], [[1, 0], [0, 1]]], ["Row", "Column"],
    ...              [["T", "B"], ["L", "R"]])
    >>> [flip.describe(after) for flip in best_response_flips(before, after)]
    ["Against Column: L, Row's best response was T (payoff 3 vs B 2); now B (2 vs T 1)"]
    """
    check_same_strategies(baseline, changed)
    flips = []
    exact = zip(baseline.exact_payoffs(), changed.exact_payoffs(), strict=True)
    for player, (old, new) in enumerate(exact):
        after_all = best_responses(new, player)
        for against, before in best_responses(old, player).items():
            after = after_all[against]
            if before != after:
                shown_old = np.moveaxis(baseline.payoffs[player], player, -1)[against]
                shown_new = np.moveaxis(changed.payoffs[player], player, -1)[against]
                flips.append(
                    BestResponseFlip(
                        player, against, before, after, tuple(shown_old), tuple(shown_new)
                    )
                )
    return tuple(flips)
