"""Why a game's equilibria are what they are, in the steps a textbook takes.

For teaching and for the appendix of a paper, `explain` lays out:

1. the payoff matrix with every best response marked (``3*``): the underlining method of
   Gibbons, *A Primer in Game Theory* (1992), section 1.1.C, where a cell whose payoffs are all
   marked is a pure equilibrium;
2. iterated elimination of strictly dominated strategies, step by step
   (`negotiation.dominance`);
3. each equilibrium with the reason it is one.  In a pure equilibrium each player's strategy is
   a best response: the payoffs are compared.  In a mixed one each player is indifferent among
   the strategies it uses, and those indifference equations fix the *other* players' mixes
   (Gibbons, section 1.3.A): the equations are written from the payoffs, as in
   ``3q + 0(1-q) = 1q + 2(1-q)``, and solved exactly with sympy.  With two players each
   player's equations are linear in its opponent's probabilities and solved on their own;
   with three or more they are polynomial and hold only jointly, so they are listed and
   checked at the equilibrium instead.

Probabilities are named as in Gibbons: the first player's ``p``, the second's ``q``, then
``r``, ``s``, ...; a player mixing over two strategies plays the first with probability ``q``
and the second with ``1-q``; over more, ``q1``, ``q2``, ... and ``(1-q1-q2)`` for the last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import product
from typing import Any

import numpy as np

from negotiation.best_responses import best_response_mask
from negotiation.deviation import strategy_payoffs
from negotiation.display import Report
from negotiation.dominance import EliminationResult, iterated_elimination
from negotiation.game import Game, Payoff
from negotiation.results import Equilibrium, SolveResult, json_number, text_number
from negotiation.text import join_words

__all__ = ["EquilibriumReasons", "Explanation", "Indifference", "explain", "indifferences"]

_LETTERS = "pqrstuvw"


def _letter(player: int, n_players: int) -> str:
    if n_players == 2:
        return "pq"[player]
    return _LETTERS[player] if player < len(_LETTERS) else f"x{player + 1}"


@dataclass(frozen=True)
class Indifference:
    """One player's indifference among the strategies it mixes, as equations.

    Attributes
    ----------
    player : int
        The player who is indifferent.
    strategies : tuple of int
        Its support: the strategies between which it is indifferent.
    mixers : tuple of int
        The other players who mix; their probabilities are the unknowns.
    variables : tuple of str
        What each unknown means: ``"q is the probability that Bob plays Opera"``.
    equations : tuple of str
        ``"2q + 0(1-q) = 0q + 1(1-q)"``: the expected payoffs of two support strategies.
    solution : str
        ``"q = 1/3"``: from solving the equations (two players) or the equilibrium's values
        at which they hold (three or more).
    value : Payoff
        The expected payoff each support strategy gives at the equilibrium.
    solved : bool
        Whether ``solution`` was derived from these equations alone.
    """

    player: int
    strategies: tuple[int, ...]
    mixers: tuple[int, ...]
    variables: tuple[str, ...]
    equations: tuple[str, ...]
    solution: str
    value: Payoff
    solved: bool

    def heading(self, game: Game) -> str:
        """``Bob mixes so that Ann is indifferent between Opera and Football``."""
        player = game.players[self.player]
        labels = [game.strategies[self.player][k] for k in self.strategies]
        between = (
            f"between {labels[0]} and {labels[1]}"
            if len(labels) == 2
            else f"among {join_words(labels)}"
        )
        if not self.mixers:
            return f"{player} is indifferent {between}"
        mixers = [game.players[j] for j in self.mixers]
        verb = "mixes" if len(mixers) == 1 else "mix"
        return f"{join_words(mixers)} {verb} so that {player} is indifferent {between}"

    def derivation(self) -> str:
        """``2q + 0(1-q) = 0q + 1(1-q) => q = 1/3``, or ``...; these hold at q = 1/3``."""
        arrow = " => " if self.solved else "; these hold at "
        return "; ".join(self.equations) + arrow + self.solution

    def describe(self, game: Game) -> str:
        """``Bob mixes so that Ann is indifferent between Opera and Football: 2q + 0(1-q) =
        0q + 1(1-q) => q = 1/3, where q is the probability that Bob plays Opera``."""
        if not self.mixers:
            return (
                f"{self.heading(game)}: each gives {text_number(self.value)} against the "
                "others' pure strategies"
            )
        return f"{self.heading(game)}: {self.derivation()}, where {'; '.join(self.variables)}"

    def to_json(self, game: Game) -> dict:
        return {
            "player": game.players[self.player],
            "strategies": [game.strategies[self.player][k] for k in self.strategies],
            "mixers": [game.players[j] for j in self.mixers],
            "variables": list(self.variables),
            "equations": list(self.equations),
            "solution": self.solution,
            "solved": self.solved,
            "value": json_number(self.value),
        }


@dataclass
class _Unknowns:
    """The probability unknowns of one mixing player: names, text and sympy terms."""

    texts: list[str] = field(default_factory=list)  # one per support strategy
    symbols: list[Any] = field(default_factory=list)  # sympy Symbols, one fewer than texts
    terms: list[Any] = field(default_factory=list)  # sympy expression per support strategy
    meaning: str = ""


def _unknowns(game: Game, player: int, support: Sequence[int], sympy: Any) -> _Unknowns:
    letter = _letter(player, game.n_players)
    labels = [game.strategies[player][k] for k in support]
    if len(support) == 1:
        return _Unknowns([""], [], [sympy.Integer(1)])
    if len(support) == 2:
        symbol = sympy.Symbol(letter)
        return _Unknowns(
            [letter, f"(1-{letter})"],
            [symbol],
            [symbol, 1 - symbol],
            f"{letter} is the probability that {game.players[player]} plays {labels[0]}",
        )
    names = [f"{letter}{m}" for m in range(1, len(support))]
    symbols = [sympy.Symbol(name) for name in names]
    return _Unknowns(
        [*names, "(1-" + "-".join(names) + ")"],
        symbols,
        [*symbols, 1 - sum(symbols)],
        f"{', '.join(names)} are the probabilities that {game.players[player]} plays "
        f"{join_words(labels[:-1])}",
    )


def _signed_terms(terms: Sequence[tuple[Payoff, str]]) -> str:
    """``3q + 0(1-q)``, ``-2q - (1/2)(1-q)``: coefficients written out, zeros too."""
    parts = []
    for index, (coefficient, factor) in enumerate(terms):
        negative = coefficient < 0
        magnitude = text_number(-coefficient if negative else coefficient)
        if factor and "/" in magnitude:
            magnitude = f"({magnitude})"
        text = magnitude + factor
        if index == 0:
            parts.append(f"-{text}" if negative else text)
        else:
            parts.append(f" - {text}" if negative else f" + {text}")
    return "".join(parts)


def _rational(value: Payoff, sympy: Any) -> Any:
    exact = Fraction(value)
    return sympy.Rational(exact.numerator, exact.denominator)


def indifferences(game: Game, equilibrium: Equilibrium) -> tuple[Indifference, ...]:
    """The indifference equations of every player who mixes in ``equilibrium``.

    For two players each player's equations are solved with sympy for its opponent's
    probabilities (exact rationals); the solution must be the equilibrium's, and a system that
    leaves the mix free (a degenerate game) is reported with the equilibrium's values instead.
    For three or more the equations are multilinear and hold only jointly: they are checked at
    the equilibrium's values.

    Examples
    --------
    >>> battle = Game([[[2, 0], [0, 1]], [[1, 0], [0, 2]]], ["Ann", "Bob"],
    ...               [["Opera", "Football"], ["Opera", "Football"]])
    >>> mixed = Equilibrium(((Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3))),
    ...                     (Fraction(2, 3), Fraction(2, 3)))
    >>> [item.equations[0] + " => " + item.solution for item in indifferences(battle, mixed)]
    ['2q + 0(1-q) = 0q + 1(1-q) => q = 1/3', '1p + 0(1-p) = 0p + 2(1-p) => p = 2/3']
    """
    import sympy

    payoffs = game.exact_payoffs()
    supports = equilibrium.support()
    unknowns = [_unknowns(game, j, support, sympy) for j, support in enumerate(supports)]
    found = []
    for player, support in enumerate(supports):
        if len(support) < 2:
            continue
        others = [j for j in range(game.n_players) if j != player]
        mixers = tuple(j for j in others if len(supports[j]) > 1)
        expressions, texts = [], []
        for strategy in support:
            expression = sympy.Integer(0)
            terms = []
            for chosen in product(*(range(len(supports[j])) for j in others)):
                cell = [0] * game.n_players
                cell[player] = strategy
                factor_text, factor = "", sympy.Integer(1)
                for j, position in zip(others, chosen, strict=True):
                    cell[j] = supports[j][position]
                    factor_text += unknowns[j].texts[position]
                    factor *= unknowns[j].terms[position]
                coefficient = payoffs[player][tuple(cell)]
                terms.append((coefficient if game.exact else float(coefficient), factor_text))
                expression += _rational(coefficient, sympy) * factor
            expressions.append(sympy.expand(expression))
            texts.append(_signed_terms(terms))
        equations = tuple(f"{texts[0]} = {text}" for text in texts[1:])
        symbols = [symbol for j in mixers for symbol in unknowns[j].symbols]
        values = {
            symbol: equilibrium.profile[j][supports[j][position]]
            for j in mixers
            for position, symbol in enumerate(unknowns[j].symbols)
        }
        exact = all(isinstance(value, Fraction) for value in values.values())
        if exact:
            at = {symbol: _rational(value, sympy) for symbol, value in values.items()}
            if any((expressions[0] - other).subs(at) != 0 for other in expressions[1:]):
                msg = f"{equilibrium.profile} breaks {game.players[player]}'s indifference"
                raise AssertionError(msg)
        solved = False
        if game.n_players == 2 and symbols:
            solutions = sympy.solve(
                [expressions[0] - other for other in expressions[1:]], symbols, dict=True
            )
            if len(solutions) == 1 and all(
                symbol in solutions[0] and not solutions[0][symbol].free_symbols
                for symbol in symbols
            ):
                solved = True
                derived = {symbol: solutions[0][symbol] for symbol in symbols}
                if exact and any(derived[symbol] != at[symbol] for symbol in symbols):
                    msg = f"indifference gives {derived}, the equilibrium has {values}"
                    raise AssertionError(msg)
        shown = []
        for symbol in symbols:
            value = values[symbol]
            text = text_number(value) if isinstance(value, Fraction) else f"{value:.6g} (rounded)"
            shown.append(f"{symbol} = {text}")
        value = strategy_payoffs(payoffs[player], equilibrium.profile, player)[support[0]]
        found.append(
            Indifference(
                player=player,
                strategies=tuple(support),
                mixers=mixers,
                variables=tuple(unknowns[j].meaning for j in mixers),
                equations=equations,
                solution=", ".join(shown),
                value=value if game.exact else float(value),
                solved=solved,
            )
        )
    return tuple(found)


def against_text(game: Game, profile: Sequence[Sequence[Payoff]], player: int) -> str:
    """``Turkey: Counter-escalate and Iran: 1/2 Hold + 1/2 Strike``: what the others play."""
    from negotiation.text import mixed_text

    return join_words(
        [
            f"{game.players[j]}: {mixed_text(game.strategies[j], profile[j])}"
            for j in range(game.n_players)
            if j != player
        ]
    )


def best_response_text(
    game: Game, player: int, values: Sequence[Payoff], chosen: int, against: str
) -> str:
    """``Against Bob: Opera, Ann's best response is Opera (payoff 2 vs Football 0)``."""
    labels = game.strategies[player]
    rest = ", ".join(
        f"{labels[k]} {text_number(values[k])}" for k in range(len(labels)) if k != chosen
    )
    comparison = f"payoff {text_number(values[chosen])}" + (f" vs {rest}" if rest else "")
    prefix = f"Against {against}, " if against else ""
    tied = sum(1 for value in values if value == values[chosen]) > 1
    name = game.players[player]
    if tied:
        return f"{prefix}{labels[chosen]} is one of {name}'s best responses ({comparison})"
    return f"{prefix}{name}'s best response is {labels[chosen]} ({comparison})"


def _reasons(game: Game, equilibrium: Equilibrium) -> tuple[list[str], tuple[Indifference, ...]]:
    payoffs = game.exact_payoffs()
    found = indifferences(game, equilibrium) if not equilibrium.pure else ()
    by_player = {item.player: item for item in found}
    reasons = []
    for player, support in enumerate(equilibrium.support()):
        labels = game.strategies[player]
        values = strategy_payoffs(payoffs[player], equilibrium.profile, player)
        if not game.exact:
            values = [float(value) for value in values]
        if len(support) == 1:
            against = against_text(game, equilibrium.profile, player)
            reasons.append(best_response_text(game, player, values, support[0], against))
            continue
        text = by_player[player].describe(game)
        unused = [k for k in range(len(labels)) if k not in support]
        for k in unused:  # what keeps the player from its other strategies
            if values[k] < values[support[0]]:
                text += f"; {labels[k]} would give only {text_number(values[k])}"
            else:
                text += f"; {labels[k]} would give {text_number(values[k])} too, but is unused"
        reasons.append(text)
    return reasons, found


@dataclass(frozen=True)
class EquilibriumReasons:
    """One equilibrium and why it is one: a sentence per player."""

    equilibrium: Equilibrium
    reasons: tuple[str, ...]
    indifferences: tuple[Indifference, ...]

    def to_json(self, game: Game) -> dict:
        return {
            **self.equilibrium.to_json(game),
            "reasons": list(self.reasons),
            "indifferences": [item.to_json(game) for item in self.indifferences],
        }


@dataclass(frozen=True, eq=False)
class Explanation(Report):
    """A game explained: best responses, dominance steps, and why each equilibrium is one.

    Attributes
    ----------
    game : Game
    result : SolveResult
        The equilibria, from `negotiation.solvers.solve`.
    best_responses : tuple of numpy.ndarray
        ``best_responses[i][cell]`` is True when player ``i``'s strategy in ``cell`` is a best
        response to the others' strategies in ``cell``.
    dominance : EliminationResult
        Iterated elimination of dominated strategies (`negotiation.dominance`).
    equilibria : tuple of EquilibriumReasons
    """

    game: Game
    result: SolveResult
    best_responses: tuple[np.ndarray, ...]
    dominance: EliminationResult
    equilibria: tuple[EquilibriumReasons, ...]

    def _cell(self, profile: tuple[int, ...], mark: str) -> str:
        return ", ".join(
            text_number(value) + (mark if self.best_responses[player][profile] else "")
            for player, value in enumerate(self.game.payoff_profile(profile))
        )

    def matrix_text(self) -> str:
        """The payoff tables with ``*`` after each payoff that is a best response."""
        from negotiation.text import payoff_tables

        return payoff_tables(self.game, lambda profile: self._cell(profile, "*"))

    def _dominance_lines(self) -> list[str]:
        """Each removal in order, then what survives (the equilibria live there)."""
        steps = [f"{index}. {line}" for index, line in enumerate(self.dominance.describe(), 1)]
        if not steps:
            return ["No strategy is strictly dominated, by a pure or a mixed strategy."]
        survivors = "; ".join(
            f"{player}: {', '.join(labels)}"
            for player, labels in zip(
                self.dominance.reduced.players, self.dominance.reduced.strategies, strict=True
            )
        )
        return [*steps, f"What survives: {survivors}"]

    def _equilibrium_heading(self, index: int, item: EquilibriumReasons) -> str:
        payoffs = ", ".join(text_number(value) for value in item.equilibrium.payoffs)
        kind = "pure" if item.equilibrium.pure else "mixed"
        return f"{index}. {item.equilibrium.describe(self.game)} ({kind}; payoffs {payoffs})"

    def _notes(self) -> list[str]:
        from negotiation.text import notes

        return notes(self.result)

    def text(self) -> str:
        """The explanation as plain text for the terminal."""
        title = self.game.title or "Game"
        lines = [
            f"{title}: payoffs ({', '.join(self.game.players)}); * marks a best response "
            "to the other players' strategies in that cell",
            self.matrix_text(),
            "A cell with every payoff marked is a pure Nash equilibrium.",
        ]
        lines += ["", "Iterated elimination of strictly dominated strategies:"]
        lines += [f"  {line}" for line in self._dominance_lines()]
        count = len(self.equilibria)
        lines += ["", f"{count} Nash {'equilibrium' if count == 1 else 'equilibria'}:"]
        lines += [f"  {note}" for note in self._notes()]
        for index, item in enumerate(self.equilibria, start=1):
            lines.append(f"  {self._equilibrium_heading(index, item)}")
            lines += [f"     - {reason}" for reason in item.reasons]
        return "\n".join(lines)

    def markdown(self) -> str:
        """The explanation as Markdown: tables, lists, best responses marked ``3\\*``."""
        from negotiation.export import markdown_tables

        title = self.game.title or "Game"
        lines = [
            f"### {title}",
            "",
            f"Payoffs ({', '.join(self.game.players)}); \\* marks a best response to the other "
            "players' strategies in that cell. A cell with every payoff marked is a pure Nash "
            "equilibrium.",
            "",
            markdown_tables(self.game, lambda profile: self._cell(profile, "\\*")),
        ]
        lines += ["", "**Iterated elimination of strictly dominated strategies**", ""]
        dominance = self._dominance_lines()
        lines += [*dominance[:-1], "", dominance[-1]] if len(dominance) > 1 else dominance
        lines += ["", f"**Nash equilibria ({len(self.equilibria)})**", ""]
        lines += [f"*{note}*\n" for note in self._notes()]
        for index, item in enumerate(self.equilibria, start=1):
            lines.append(self._equilibrium_heading(index, item))
            lines += [f"    - {reason}" for reason in item.reasons]
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict:
        """Best responses, dominance steps and equilibria with their reasons, numbers exact."""
        game = self.game
        best = []
        for player, mask in enumerate(self.best_responses):
            payoff = np.moveaxis(game.payoffs[player], player, -1)
            moved = np.moveaxis(mask, player, -1)
            others = [j for j in range(game.n_players) if j != player]
            for against in np.ndindex(payoff.shape[:-1]):
                best.append(
                    {
                        "player": game.players[player],
                        "against": {
                            game.players[j]: game.strategies[j][k]
                            for j, k in zip(others, against, strict=True)
                        },
                        "best": [
                            game.strategies[player][k]
                            for k in range(game.shape[player])
                            if moved[against][k]
                        ],
                        "payoffs": {
                            label: json_number(payoff[against][k])
                            for k, label in enumerate(game.strategies[player])
                        },
                    }
                )
        return {
            "game": game.title,
            "players": list(game.players),
            "strategies": {
                player: list(labels)
                for player, labels in zip(game.players, game.strategies, strict=True)
            },
            "best_responses": best,
            "dominance": _dominance_json(self.dominance),
            "equilibria": [item.to_json(game) for item in self.equilibria],
            **self.result.list_json(),
        }

    def __repr__(self) -> str:
        name = f" {self.game.title!r}" if self.game.title else ""
        from negotiation.text import count_equilibria

        return f"<Explanation{name}: {count_equilibria(len(self.equilibria))}>"


def _dominance_json(elimination: EliminationResult) -> dict:
    reduced = elimination.reduced
    return {
        "steps": [
            {
                "player": step.player,
                "removed": step.removed,
                "dominated_by": {
                    label: json_number(weight) for label, weight in step.dominated_by
                },
                "pure": step.pure,
                "text": step.describe(),
            }
            for step in elimination.steps
        ],
        "remaining": {
            player: list(labels)
            for player, labels in zip(reduced.players, reduced.strategies, strict=True)
        },
    }


def explain(game: Game, result: SolveResult | None = None) -> Explanation:
    """Explain ``game``: best responses, dominance, and why each equilibrium is one.

    Parameters
    ----------
    game : Game
    result : SolveResult, optional
        Its equilibria, if already computed; by default `negotiation.solvers.solve`.

    Returns
    -------
    Explanation
        With ``text()``, ``markdown()`` and ``to_json()``.

    Examples
    --------
    >>> battle = Game([[[2, 0], [0, 1]], [[1, 0], [0, 2]]], ["Ann", "Bob"],
    ...               [["Opera", "Football"], ["Opera", "Football"]])
    >>> print(explain(battle).equilibria[2].reasons[0])  # doctest: +NORMALIZE_WHITESPACE
    Bob mixes so that Ann is indifferent between Opera and Football:
    2q + 0(1-q) = 0q + 1(1-q) => q = 1/3, where q is the probability that Bob plays Opera
    """
    if result is None:
        from negotiation.solvers import solve

        result = solve(game)
    exact = game if game.exact else Game(game.exact_payoffs(), game.players, game.strategies)
    masks = tuple(
        best_response_mask(payoff, player) for player, payoff in enumerate(exact.payoffs)
    )
    explained = []
    for equilibrium in result.equilibria:
        reasons, found = _reasons(game, equilibrium)
        explained.append(EquilibriumReasons(equilibrium, tuple(reasons), found))
    elimination = iterated_elimination(game, mixed=True)
    return Explanation(game, result, masks, elimination, tuple(explained))
