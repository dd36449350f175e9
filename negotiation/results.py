"""Frozen results of the solvers: what was found, and how it was computed.

``to_json`` gives the stable schema documented in the README: exact numbers travel as strings
("2/3") so that nothing is lost; floats travel as JSON numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from negotiation.display import Report
from negotiation.game import Game, Payoff


def json_number(value: Payoff) -> str | float:
    """An exact number as its rational string, a float as itself."""
    if isinstance(value, Fraction):
        return str(value)
    return float(value)


def text_number(value: Payoff) -> str:
    """A number as people read it in a table: rationals exact, floats to 6 digits."""
    if isinstance(value, Fraction):
        return str(value)
    return f"{value:.6g}"


@dataclass(frozen=True)
class Equilibrium:
    """One Nash equilibrium: each player's mixed strategy and expected payoff.

    ``profile[i][k]`` is the probability that player ``i`` plays its ``k``-th strategy.
    """

    profile: tuple[tuple[Payoff, ...], ...]
    payoffs: tuple[Payoff, ...]

    @property
    def pure(self) -> bool:
        """Whether every player plays one strategy with probability one."""
        return all(sum(1 for p in mixed if p) == 1 for mixed in self.profile)

    def support(self) -> tuple[tuple[int, ...], ...]:
        """The strategies each player uses with positive probability."""
        return tuple(tuple(k for k, p in enumerate(mixed) if p) for mixed in self.profile)

    def to_json(self, game: Game) -> dict:
        return {
            "profile": {
                player: {
                    label: json_number(p) for label, p in zip(labels, mixed, strict=True) if p
                }
                for player, labels, mixed in zip(
                    game.players, game.strategies, self.profile, strict=True
                )
            },
            "payoffs": {
                player: json_number(value)
                for player, value in zip(game.players, self.payoffs, strict=True)
            },
            "pure": self.pure,
        }

    def describe(self, game: Game) -> str:
        """``Russia: Hold; Turkey: 1/3 Reinforce + 2/3 Accommodate``."""
        parts = []
        for player, labels, mixed in zip(game.players, game.strategies, self.profile, strict=True):
            used = [(label, p) for label, p in zip(labels, mixed, strict=True) if p]
            if len(used) == 1:
                parts.append(f"{player}: {used[0][0]}")
            else:
                parts.append(
                    f"{player}: " + " + ".join(f"{text_number(p)} {label}" for label, p in used)
                )
        return "; ".join(parts)


@dataclass(frozen=True)
class SolveResult(Report):
    """The equilibria of a game, with how they were computed.

    Attributes
    ----------
    game : Game
    method : str
        The algorithm, e.g. ``"vertex_enumeration"``.
    exact : bool
        Whether the numbers are exact rationals.
    equilibria : tuple of Equilibrium
        Possibly empty; sorted so that output is stable.
    degenerate : bool
        Whether the game has ties that make continua of equilibria possible.
    complete : bool
        Whether ``equilibria`` is every equilibrium: every isolated one and every vertex of
        every continuum.  False for ``method="pure"``, and when a continuum could not be
        listed by its vertices.
    parameters : mapping
        Parameter values the game was built from, if any.
    components : {"vertices", "points"}
        ``"vertices"``: every equilibrium listed is an extreme point of the set of equilibria
        (an isolated equilibrium, or a vertex of a continuum: pure equilibria always are).
        ``"points"``: some continuum is given by one point inside it (or left out), not by
        its vertices.
    regret : float or None
        For a numerical method (``"gnm"``): the largest regret (what a player gains by its
        best pure deviation) among the equilibria listed, computed exactly from the payoffs;
        None for the exact methods.
    """

    game: Game
    method: str
    exact: bool
    equilibria: tuple[Equilibrium, ...]
    degenerate: bool
    complete: bool = True
    parameters: Mapping[str, object] = field(default_factory=dict)
    components: str = "vertices"
    regret: float | None = None  # a numerical method's largest regret; None when exact

    @property
    def continua(self) -> bool:
        """Whether two listed equilibria differ in one player's mix only: then every mix
        between them is an equilibrium too, so the equilibria form a continuum.

        Why that holds for any number of players: with the others' mixes fixed, each other
        player's payoffs are linear in the one mix that varies, so its best responses hold on
        the whole segment; the varying player's payoffs do not depend on its own mix, and both
        ends make every strategy of either support a best response.  Conversely, when the
        list holds the vertices of every component (``complete``, ``components ==
        "vertices"``), a continuum has two vertices differing in one player's mix, so False
        then means every equilibrium is isolated.  Float (irrational) equilibria are not
        compared: they are isolated solutions of their supports' equations.
        """
        exact = [
            equilibrium.profile
            for equilibrium in self.equilibria
            if all(isinstance(p, Fraction) for mixed in equilibrium.profile for p in mixed)
        ]
        return any(
            sum(mine != yours for mine, yours in zip(first, second, strict=True)) == 1
            for index, first in enumerate(exact)
            for second in exact[index + 1 :]
        )

    def to_json(self) -> dict:
        """The documented JSON object of ``negotiation solve --json``."""
        return {
            "game": self.game.title,
            "players": list(self.game.players),
            "strategies": {
                player: list(labels)
                for player, labels in zip(self.game.players, self.game.strategies, strict=True)
            },
            "equilibria": [equilibrium.to_json(self.game) for equilibrium in self.equilibria],
            **self.list_json(),
        }

    def list_json(self) -> dict:
        """What the list of equilibria is, for every JSON object that carries one:
        ``degenerate``, ``method``, ``complete`` and ``components``."""
        return {
            "degenerate": self.degenerate,
            "method": self.method,
            "complete": self.complete,
            "components": self.components,
            **({} if self.regret is None else {"numerical": True, "regret": self.regret}),
        }

    def text(self) -> str:
        """The table ``negotiation solve`` prints."""
        from negotiation.text import equilibria_text

        return equilibria_text(self)

    def markdown(self) -> str:
        from negotiation.text import count_equilibria, equilibria_markdown

        title = f"### {self.game.title or 'game'}: {count_equilibria(len(self.equilibria))}"
        return f"{title}\n\n{equilibria_markdown(self)}"

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):
        return iter(self.equilibria)

    def __repr__(self) -> str:
        lines = [
            f"SolveResult({self.game.title or 'game'}: {len(self.equilibria)} equilibria, "
            f"method={self.method}, exact={self.exact}, degenerate={self.degenerate})"
        ]
        lines += [f"  {eq.describe(self.game)}" for eq in self.equilibria]
        return "\n".join(lines)
