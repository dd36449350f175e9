"""The extensive form: a tree of decisions, chance moves and payoffs, written in the file.

The file's ``[players]`` (names in order, with descriptions) and ``[tree]`` sections
(`negotiation.forms.tree_reader`).  At parameter values the model builds a concrete `Tree`,
exact, and solves it with the extensive-form engine (`negotiation.extensive.solve`): the
subgame-perfect equilibria by backward induction, and the Nash equilibria of the reduced normal
form, which is also the model's `game`, so every normal-form analysis runs on it.

A claim says ``on`` what it is (``docs/scenario-format.md``):

* ``on = "path"`` (the default): ``player`` takes ``action`` on the path of play of the
  subgame-perfect equilibria, "for sure" meaning that play includes that move with probability
  one ("on every subgame-perfect path Russia negotiates");
* ``on = "node"``, ``at = "In"``: the choice at that node, on the path or off it, in the
  subgame-perfect equilibria (a threat is credible when it is carried out there);
* ``on = "equilibria"``: ``strategy``, a reduced strategy such as ``"In,Fight"``, in the Nash
  equilibria of the reduced normal form, as a claim of a matrix game.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from negotiation.errors import ScenarioError
from negotiation.extensive.tree import Chance, Decision, Node, Terminal, Tree
from negotiation.forms.tree_reader import node_key, read_players, read_tree
from negotiation.formulas import Expr
from negotiation.game import Game
from negotiation.model import (
    QUANTIFIERS,
    Claim,
    Model,
    header_json,
    parameters_json,
    quantified,
)
from negotiation.reading import name_in, text

if TYPE_CHECKING:  # the engine is imported when a tree is solved, not when a file is read
    from negotiation.extensive.results import TreeSolveResult
    from negotiation.extensive.subgame_perfect import SubgamePerfect, SubgamePerfectResult

ON = ("path", "node", "equilibria")


class ExtensiveModel(Model):
    """A parametric game tree: ``parametric_tree`` holds formulas, `tree` numbers."""

    form = "extensive"
    sections = ("players", "tree")
    claim_keys = (("player", "action", "strategy", "in", "on", "at"), ("player", "in"))

    parametric_tree: Tree[Expr]
    player_descriptions: tuple[str, ...]

    def read_form(self, data: Mapping[str, Any]) -> None:
        self.player_names, self.player_descriptions = read_players(data["players"], self.path)
        self.parametric_tree = read_tree(
            data["tree"], self.player_names, self.formula, self.path, self.title
        )

    def read_claim(self, spec: Mapping[str, Any], key: str) -> dict[str, Any]:
        on = name_in(
            text(spec.get("on", "path"), self.path, f"{key}.on"),
            ON,
            "claim kind",
            self.path,
            f"{key}.on",
        )
        player = name_in(
            text(spec["player"], self.path, f"{key}.player"),
            self.player_names,
            "player",
            self.path,
            f"{key}.player",
        )
        quantifier = name_in(
            text(spec["in"], self.path, f"{key}.in"),
            QUANTIFIERS,
            "quantifier",
            self.path,
            f"{key}.in",
        )
        wanted, unwanted = ("strategy", "action") if on == "equilibria" else ("action", "strategy")
        for name, present in ((wanted, True), (unwanted, False), ("at", on == "node")):
            if (name in spec) != present:
                verb = "needs" if present else "takes no"
                msg = f"a claim on = {on!r} {verb} key {name!r}"
                raise ScenarioError(msg, file=self.path, key=key)
        choice = text(spec[wanted], self.path, f"{key}.{wanted}")
        at = _node_path(spec.get("at", ()), self.path, f"{key}.at")
        number = self.player_names.index(player)
        if on == "equilibria":
            labels = self.reduced_labels(number)
        elif on == "node":
            node = dict(self.parametric_tree.nodes()).get(at)
            if not isinstance(node, Decision) or node.player != number:
                msg = f"no decision of {player} at {node_key(at)}"
                raise ScenarioError(msg, file=self.path, key=f"{key}.at")
            labels = node.actions
        else:
            labels = tuple(
                dict.fromkeys(
                    action
                    for _, node in self.parametric_tree.nodes()
                    if isinstance(node, Decision) and node.player == number
                    for action in node.actions
                )
            )
        name_in(choice, labels, f"{wanted} of {player}", self.path, f"{key}.{wanted}")
        return {"player": player, "strategy": choice, "quantifier": quantifier, "on": on, "at": at}

    def reduced_labels(self, player: int) -> tuple[str, ...]:
        """The labels of ``player``'s reduced strategies (they do not depend on values)."""
        from negotiation.extensive.reduced_form import reduced_form

        return reduced_form(_skeleton(self.parametric_tree)).game.strategies[player]

    # -- using -----------------------------------------------------------------------------

    def formulas(self) -> Iterable[Expr]:
        for _, node in self.parametric_tree.nodes():
            if isinstance(node, Terminal):
                yield from node.payoffs
            elif isinstance(node, Chance):
                yield from node.probabilities

    def tree(self, values: Mapping[str, Fraction] | None = None) -> Tree[Fraction]:
        """The exact tree at ``values`` (default: the baseline).

        Raises
        ------
        ScenarioError
            For a chance probability outside [0, 1], or probabilities at a node that do not
            add up to 1, naming the node and the parameter values.
        """
        scope = self.term_values(self.baseline() if values is None else values)

        def payoffs(node: Terminal, path: tuple[str, ...]) -> tuple[Fraction, ...]:
            return tuple(
                self.evaluate(expr, scope, f"{node_key(path)}.payoffs.{player}")
                for expr, player in zip(node.payoffs, self.player_names, strict=True)
            )

        def probabilities(node: Chance, path: tuple[str, ...]) -> tuple[Fraction, ...]:
            key = node_key(path)
            found = tuple(
                self.evaluate(expr, scope, f"{key}.probabilities.{action}")
                for expr, action in zip(node.probabilities, node.actions, strict=True)
            )
            self._check_probabilities(node, found, scope, key)
            return found

        return map_numbers(self.parametric_tree, payoffs, probabilities)

    def _check_probabilities(
        self, node: Chance, probabilities: tuple[Fraction, ...], scope: Mapping, key: str
    ) -> None:
        problem = ""
        for action, probability in zip(node.actions, probabilities, strict=True):
            if not 0 <= probability <= 1:
                problem = f"the probability of {action} is {probability}, outside [0, 1]"
                break
        else:
            if sum(probabilities) != 1:
                problem = f"the probabilities add up to {sum(probabilities)}, not 1"
        if problem:
            names = sorted(set().union(*(expr.names() for expr in node.probabilities)))
            shown = ", ".join(f"{name}={scope[name]}" for name in names)
            msg = problem + (f" at {shown}" if shown else "")
            raise ScenarioError(msg, file=self.path, key=key)

    def game(self, values: Mapping[str, Fraction] | None = None) -> Game:
        """The reduced normal form at ``values``: the tree's Nash equilibria are its own."""
        from negotiation.extensive.reduced_form import reduced_form

        return reduced_form(self.tree(values)).game

    def solve_at(self, values: Mapping[str, Fraction], method: str = "auto") -> TreeSolveResult:
        """Subgame-perfect equilibria and reduced-form Nash equilibria at ``values``."""
        from negotiation.extensive.solve import solve_tree

        return solve_tree(self.tree(values), method=method, parameters=values)

    def claim_holds(self, claim: Claim, result: TreeSolveResult) -> bool:
        if claim.on == "equilibria":
            from negotiation.forms.normal import claim_holds

            if result.nash is None:
                msg = f"the claim {claim.text!r} needs the reduced normal form: {result.note}"
                raise ScenarioError(msg, file=self.path)
            return claim_holds(claim, result.nash)
        return self.holds_on_subgame_perfect(claim, result.subgame_perfect)

    def holds_on_subgame_perfect(self, claim: Claim, result: SubgamePerfectResult) -> bool:
        """A claim on the path or at a node, against the subgame-perfect equilibria alone."""
        player = self.player_names.index(claim.player)
        chances = [_chance_of(claim, player, item, result.tree) for item in result.equilibria]
        return quantified(claim.quantifier, [p == 1 for p in chances], [p > 0 for p in chances])

    def claim_verdicts(
        self, claim: Claim, points: Sequence[Mapping[str, Fraction]]
    ) -> list[bool] | None:
        """The claim at each point by batch backward induction (`negotiation.batch.backward`),
        points with near-ties decided by the exact solver; None for a claim on the reduced
        form's equilibria or a tree with imperfect information."""
        from negotiation.batch.backward import perfect_information
        from negotiation.extensive.subgame_perfect import subgame_perfect
        from negotiation.forms.tree_batch import batch_at, claim_at_points

        if claim.on == "equilibria" or not perfect_information(self.parametric_tree):
            return None
        batch = batch_at(self, points)
        verdicts = claim_at_points(self, claim, batch)
        for index in map(int, batch.tied.nonzero()[0]):
            exact = subgame_perfect(self.tree(points[index]))
            verdicts[index] = self.holds_on_subgame_perfect(claim, exact)
        return verdicts

    # -- showing ---------------------------------------------------------------------------

    def to_json(self, values: Mapping[str, Fraction] | None = None) -> dict:
        """The scenario as data: players, the tree (numbers with their formulas), parameters."""
        from negotiation.forms.tree_text import tree_scenario_json

        values = self.baseline() if values is None else values
        return {
            **header_json(self),
            "form": self.form,
            "players": dict(zip(self.player_names, self.player_descriptions, strict=True)),
            "tree": tree_scenario_json(self, values)["tree"],
            **parameters_json(self, values),
        }

    def describe(self, values: Mapping[str, Fraction], symbolic: bool = False) -> str:
        from negotiation.forms.tree_text import describe_tree_scenario

        return describe_tree_scenario(self, values, symbolic)

    def size(self) -> str:
        count = sum(1 for _ in self.parametric_tree.nodes())
        return f"a tree of {count} nodes"


def _node_path(value: object, file: Any, key: str) -> tuple[str, ...]:
    """``at``: a list of action labels, or one string of labels joined by ``.``."""
    if isinstance(value, str):
        return tuple(value.split(".")) if value else ()
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    msg = f'expected a node path such as "In.Fight" or ["In", "Fight"], got {value!r}'
    raise ScenarioError(msg, file=file, key=key)


def map_numbers(
    tree: Tree,
    payoffs: Callable[[Terminal, tuple[str, ...]], tuple],
    probabilities: Callable[[Chance, tuple[str, ...]], tuple],
) -> Tree:
    """The same tree with new numbers: ``payoffs(node, path)`` at each terminal and
    ``probabilities(node, path)`` at each chance node (formulas to values, to text ...)."""

    def build(node: Node, path: tuple[str, ...]) -> Node:
        if isinstance(node, Terminal):
            return Terminal(payoffs(node, path), node.label)
        children = tuple(
            build(child, (*path, action))
            for action, child in zip(node.actions, node.children, strict=True)
        )
        if isinstance(node, Decision):
            return Decision(node.player, node.infoset, node.actions, children, node.label)
        return Chance(node.actions, probabilities(node, path), children, node.label)

    return Tree(tree.players, build(tree.root, ()), tree.title)


def _skeleton(tree: Tree) -> Tree[Fraction]:
    """The tree's shape with zero payoffs and even chance: enough to name strategies."""
    return map_numbers(
        tree,
        lambda node, _: (Fraction(0),) * len(node.payoffs),
        lambda node, _: (Fraction(1, len(node.actions)),) * len(node.actions),
    )


def _chance_of(claim: Claim, player: int, equilibrium: SubgamePerfect, tree: Tree) -> Fraction:
    """How likely the claim's move is in this equilibrium.

    ``on = "node"``: the probability of the action at the node ``at`` (zero where the
    player's own earlier moves exclude the node and no subgame pins the choice).  ``on =
    "path"``: the probability that play includes the move, computed down the tree.
    """
    behaviour = equilibrium.behaviour
    if claim.on == "node":
        node = dict(tree.nodes())[claim.at]
        return Fraction(behaviour[player].get(node.infoset, {}).get(claim.strategy, 0))

    def reach(node: Node) -> Fraction:
        if isinstance(node, Terminal):
            return Fraction(0)
        if isinstance(node, Chance):
            odds = node.probabilities
        else:
            plan = behaviour[node.player].get(node.infoset, {})
            odds = tuple(plan.get(action, 0) for action in node.actions)
        total = Fraction(0)
        for action, odd, child in zip(node.actions, odds, node.children, strict=True):
            if odd == 0:
                continue
            hit = isinstance(node, Decision) and node.player == player
            total += Fraction(odd) * (1 if hit and action == claim.strategy else reach(child))
        return total

    return reach(tree.root)
