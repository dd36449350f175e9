"""The result of solving a tree: its Nash equilibria (of the reduced normal form) and its
subgame-perfect equilibria, and which Nash equilibria rest on incredible threats.

``to_json`` extends the documented JSON of ``negotiation solve`` (docs/reference/json.md): the
keys of `negotiation.results.SolveResult` for the reduced normal form, each equilibrium with a
``subgame_perfect`` flag, and a ``subgame_perfect`` list of behaviour profiles.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from negotiation.display import Report
from negotiation.extensive.reduced_form import ReducedForm, mixed_of
from negotiation.extensive.subgame_perfect import SubgamePerfect, SubgamePerfectResult
from negotiation.results import SolveResult, json_number, text_number

__all__ = ["TreeSolveResult", "subgame_perfect_json"]


def subgame_perfect_json(result: SubgamePerfectResult) -> list[dict]:
    """``[{"behaviour", "path", "payoffs", "words"}]``: numbers as exact strings."""
    players = result.tree.players
    return [
        {
            "behaviour": {
                player: {
                    infoset: {action: json_number(p) for action, p in distribution.items()}
                    for infoset, distribution in sets.items()
                }
                for player, sets in zip(players, equilibrium.behaviour, strict=True)
            },
            "path": [
                {
                    "node": list(move.node),
                    "player": move.player,
                    "action": move.action,
                    "probability": json_number(move.probability),
                }
                for move in equilibrium.path
            ],
            "payoffs": {
                player: json_number(value)
                for player, value in zip(players, equilibrium.payoffs, strict=True)
            },
            "words": equilibrium.words(),
        }
        for equilibrium in result.equilibria
    ]


def _induced(form: ReducedForm, equilibrium: SubgamePerfect) -> tuple:
    """The reduced-form mixed profile a behaviour profile induces (Kuhn 1953)."""
    return tuple(
        mixed_of(strategies, {s: {a: Fraction(p) for a, p in d.items()} for s, d in sets.items()})
        for strategies, sets in zip(form.strategies, equilibrium.behaviour, strict=True)
    )


@dataclass(frozen=True)
class TreeSolveResult(Report):
    """A solved tree.

    Attributes
    ----------
    nash : SolveResult or None
        The Nash equilibria of the reduced normal form; None when that form is too large to
        build (``note`` says why).
    form : ReducedForm or None
    subgame_perfect : SubgamePerfectResult
    credible : tuple of bool or None
        Per Nash equilibrium: whether it is subgame perfect (induced by a listed
        subgame-perfect equilibrium, or checked by `is_subgame_perfect`).  False marks an
        equilibrium that rests on an incredible threat (or promise) off its path; None, one
        that leaves open a choice inside an unreached subgame, undecided.
    note : str
    """

    nash: SolveResult | None
    form: ReducedForm | None
    subgame_perfect: SubgamePerfectResult
    credible: tuple[bool | None, ...]
    note: str = ""

    @classmethod
    def build(
        cls,
        nash: SolveResult | None,
        form: ReducedForm | None,
        spe: SubgamePerfectResult,
        note: str = "",
    ) -> TreeSolveResult:
        """Compare the two lists: a Nash profile is subgame perfect when a listed
        subgame-perfect equilibrium induces it; where ties leave other subgame-perfect
        equilibria unlisted, `is_subgame_perfect` decides."""
        credible: tuple[bool | None, ...] = ()
        if nash is not None and form is not None:
            from negotiation.extensive.perfection import is_subgame_perfect
            from negotiation.extensive.reduced_form import behaviour_of

            induced = {_induced(form, equilibrium) for equilibrium in spe.equilibria}
            flags = []
            for equilibrium in nash.equilibria:
                profile = tuple(tuple(Fraction(p) for p in mixed) for mixed in equilibrium.profile)
                behaviour = [
                    behaviour_of(strategies, mixed)
                    for strategies, mixed in zip(form.strategies, profile, strict=True)
                ]
                if profile in induced or not (spe.ties or not spe.complete):
                    # Without ties the list is every subgame-perfect equilibrium.
                    flags.append(profile in induced)
                else:
                    flags.append(is_subgame_perfect(spe.tree, behaviour))
            credible = tuple(flags)
        return cls(nash, form, spe, credible, note)

    @property
    def equilibria(self):
        """The Nash equilibria of the reduced normal form, as `SolveResult.equilibria`."""
        return () if self.nash is None else self.nash.equilibria

    def to_json(self) -> dict:
        tree = self.subgame_perfect.tree
        if self.nash is not None:
            data = self.nash.to_json()
            for entry, credible in zip(data["equilibria"], self.credible, strict=True):
                entry["subgame_perfect"] = credible
        else:
            data = {"game": tree.title, "players": list(tree.players), "equilibria": []}
        data["form"] = "extensive"
        data["subgame_perfect"] = subgame_perfect_json(self.subgame_perfect)
        data["subgame_perfect_complete"] = self.subgame_perfect.complete
        if self.note:
            data["note"] = self.note
        return data

    def text(self) -> str:
        """What ``negotiation solve GAME.efg`` prints."""
        from negotiation.text import count_equilibria, equilibria_text

        spe = self.subgame_perfect
        tree = spe.tree
        found = count_equilibria(len(spe.equilibria)).replace(" ", " subgame-perfect ")
        lines = [f"{tree.title or 'game'}: {found} (backward induction over subgames)"]
        if not spe.complete:
            lines.append("The list may be incomplete (too many, or a subgame of 3+ players).")
        for number, equilibrium in enumerate(spe.equilibria, start=1):
            payoffs = ", ".join(
                f"{player} {text_number(value)}"
                for player, value in zip(tree.players, equilibrium.payoffs, strict=True)
            )
            lines.append(f"  {number}. {equilibrium.words() or '(no move)'}  [payoffs: {payoffs}]")
            for player, sets in zip(tree.players, equilibrium.behaviour, strict=True):
                plan = "; ".join(
                    f"at {infoset}: "
                    + " + ".join(
                        action if p == 1 else f"{text_number(p)} {action}"
                        for action, p in distribution.items()
                    )
                    for infoset, distribution in sets.items()
                )
                if plan:
                    lines.append(f"     {player}: {plan}")
        lines.append("")
        if self.nash is None:
            lines.append(f"Nash equilibria of the reduced normal form: not computed ({self.note})")
            return "\n".join(lines)
        lines.append("Reduced normal form. " + equilibria_text(self.nash))
        if self.note:
            lines.append(f"Note: {self.note}.")
        threats = [
            str(k) for k, credible in enumerate(self.credible, start=1) if credible is False
        ]
        if threats:
            lines.append(
                f"Not subgame perfect (an incredible threat off the path): #{', #'.join(threats)}"
            )
        open_ = [str(k) for k, credible in enumerate(self.credible, start=1) if credible is None]
        if open_:
            lines.append(
                f"Subgame perfection undecided (a choice left open): #{', #'.join(open_)}"
            )
        return "\n".join(lines)
