"""Every subgame-perfect equilibrium of a finite tree, exactly.

A node roots a *subgame* when every information set met below it lies entirely below it
(Selten 1965).  A profile is subgame perfect when it is a Nash equilibrium of every subgame.
The algorithm is generalised backward induction (Osborne and Rubinstein 1994, Proposition
99.2; Gambit's removed ``subgame`` solver did the same):

1. find the subgame roots (a node roots one when the earliest and latest node, in prefix
   order, of every set in its subtree lie inside the subtree's range of prefix numbers);
2. solve them innermost first: a subgame is cut at the subgames below it, each replaced by a
   terminal worth one of that subgame's equilibrium payoffs, and every combination of those
   equilibria is carried upward;
3. a cut subgame that is one decision (perfect information) keeps *every* maximising action,
   so that ties give every pure subgame-perfect equilibrium; one chance move takes expected
   payoffs; anything else (imperfect information) is solved on its reduced normal form by
   `negotiation.solvers.solve` (every extreme equilibrium for two players; pure, and mixed for
   small games, for more), each equilibrium turned into behaviour (Kuhn 1953).

Arithmetic is exact: float payoffs are taken at their exact binary value, and the answer is
given back in floats.  With ties inside an imperfect-information subgame the extreme
equilibria stand for their components, as in `negotiation.solvers.solve`; mixtures over tied
actions in perfect-information steps are not listed (only their pure ends).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from itertools import islice, product

from negotiation.errors import GameError
from negotiation.extensive.reduced_form import (
    behaviour_of,
    has_perfect_recall,
    is_exact,
    reduced_form,
)
from negotiation.extensive.tree import Chance, Decision, Node, Path, Terminal, Tree
from negotiation.game import Payoff

__all__ = [
    "MAX_EQUILIBRIA",
    "Move",
    "SubgamePerfect",
    "SubgamePerfectResult",
    "subgame_perfect",
    "subgame_roots",
]

MAX_EQUILIBRIA = 10_000


@dataclass(frozen=True)
class Move:
    """One move on the equilibrium path: who moves where, what, and how likely it is played
    (the chance of reaching the node times the chance of the action)."""

    node: Path
    player: str  # "Chance" for nature
    action: str
    probability: Payoff


@dataclass(frozen=True)
class SubgamePerfect:
    """One subgame-perfect equilibrium.

    Attributes
    ----------
    behaviour : tuple of dict
        Per player: information set -> {action: probability}, actions of probability 0 left
        out; a set the player's own moves exclude and no subgame pins has no entry.
    payoffs : tuple
        Each player's expected payoff.
    path : tuple of Move
        The moves played with positive probability, in prefix order.
    """

    behaviour: tuple[dict[str, dict[str, Payoff]], ...]
    payoffs: tuple[Payoff, ...]
    path: tuple[Move, ...]

    def words(self) -> str:
        """The path as a sentence: ``Turkey: Reinforce; Russia: Limited``, probabilities in
        brackets where chance or mixing makes a move uncertain."""
        from negotiation.results import text_number

        return "; ".join(
            f"{move.player}: {move.action}"
            + ("" if move.probability == 1 else f" ({text_number(move.probability)})")
            for move in self.path
        )


@dataclass(frozen=True)
class SubgamePerfectResult:
    """Every subgame-perfect equilibrium found, and whether the list is complete.

    ``complete`` is false when more than ``limit`` equilibria exist (the first ones are kept)
    or a subgame's normal-form solve was itself incomplete (games of 3+ players).  ``ties`` is
    true when a mover was indifferent between actions or a subgame's normal form was
    degenerate: there are then also subgame-perfect equilibria mixing between those listed.
    Without ties, and complete, the list is every subgame-perfect equilibrium.
    """

    tree: Tree
    equilibria: tuple[SubgamePerfect, ...]
    exact: bool
    complete: bool
    ties: bool = False


@dataclass(frozen=True)
class _Piece:
    """A subgame's equilibrium: its payoffs, the choices made at its own top level, and the
    equilibria chosen in the subgames below (kept as links, flattened only at the end)."""

    payoffs: tuple[Fraction, ...]
    choices: tuple[tuple[tuple[int, str], dict[str, Fraction]], ...]
    parts: tuple[_Piece, ...]


class _Index:
    """The tree in prefix order: node ``k``'s children, subtree size, and whether it roots a
    subgame."""

    def __init__(self, tree: Tree) -> None:
        self.nodes: list[Node] = []
        self.children: list[list[int]] = []
        stack: list[tuple[Node, int]] = [(tree.root, -1)]
        while stack:
            node, parent = stack.pop()
            number = len(self.nodes)
            self.nodes.append(node)
            self.children.append([])
            if parent >= 0:
                self.children[parent].append(number)
            if not isinstance(node, Terminal):
                stack.extend((child, number) for child in reversed(node.children))
        count = len(self.nodes)
        first: dict[tuple[int, str], int] = {}
        last: dict[tuple[int, str], int] = {}
        for number, node in enumerate(self.nodes):
            if isinstance(node, Decision):
                key = (node.player, node.infoset)
                first.setdefault(key, number)
                last[key] = number
        self.size = [1] * count
        low = list(range(count))
        high = list(range(count))
        for number in range(count - 1, -1, -1):
            node = self.nodes[number]
            if isinstance(node, Decision):
                key = (node.player, node.infoset)
                low[number], high[number] = first[key], last[key]
            for child in self.children[number]:
                self.size[number] += self.size[child]
                low[number] = min(low[number], low[child])
                high[number] = max(high[number], high[child])
        self.roots = [
            not isinstance(self.nodes[k], Terminal) and low[k] >= k and high[k] < k + self.size[k]
            for k in range(count)
        ]


def subgame_roots(tree: Tree) -> list[Node]:
    """The nodes that root a subgame, in prefix order (the root first, unless a terminal)."""
    index = _Index(tree)
    return [node for node, root in zip(index.nodes, index.roots, strict=True) if root]


def subgame_perfect(tree: Tree, limit: int = MAX_EQUILIBRIA) -> SubgamePerfectResult:
    """Every subgame-perfect equilibrium of ``tree`` (see the module docstring for how).

    Parameters
    ----------
    tree : Tree
        A concrete tree: payoffs and chance probabilities `Fraction` or float.
    limit : int
        The most equilibria to keep per subgame; beyond it the result is marked incomplete.

    Returns
    -------
    SubgamePerfectResult

    Raises
    ------
    GameError
        When a subgame with imperfect information lacks perfect recall (behaviour and mixed
        strategies then differ, Kuhn 1953), or its reduced normal form is too large.

    Examples
    --------
    >>> from negotiation.extensive.efg import parse_efg
    >>> tree = parse_efg('''EFG 2 R "Entry" { "Entrant" "Incumbent" }
    ... p "" 1 1 "" { "Out" "In" } 0
    ... t "" 1 "" { 0, 2 }
    ... p "" 2 1 "" { "Fight" "Accommodate" } 0
    ... t "" 2 "" { -1, -1 }
    ... t "" 3 "" { 1, 1 }''')
    >>> [equilibrium.words() for equilibrium in subgame_perfect(tree).equilibria]
    ['Entrant: In; Incumbent: Accommodate']
    """
    index = _Index(tree)
    exact = is_exact(tree)
    solutions: dict[int, list[_Piece]] = {}
    complete = True
    ties = False
    for number in range(len(index.nodes) - 1, -1, -1):
        if not index.roots[number]:
            continue
        below = _cut(index, number)
        options = [solutions[k] if k in solutions else [_leaf(index.nodes[k])] for k in below]
        node = index.nodes[number]
        combinations = product(*options)
        if all(k in index.children[number] for k in below):  # one move: perfect information
            found, tied = _one_move(node, combinations, limit)
        else:
            found, solved_all, tied = _normal_form(tree, index, number, below, combinations, limit)
            complete = complete and solved_all
        ties = ties or tied
        if len(found) >= limit:
            complete = False
        solutions[number] = found[:limit]
        for k in below:
            solutions.pop(k, None)  # no longer needed: linked from the pieces
    pieces = solutions[0] if index.roots[0] else [_leaf(index.nodes[0])]
    equilibria = tuple(_equilibrium(tree, piece, exact) for piece in pieces)
    return SubgamePerfectResult(tree, equilibria, exact, complete, ties)


def _leaf(node: Node) -> _Piece:
    assert isinstance(node, Terminal)
    return _Piece(tuple(Fraction(value) for value in node.payoffs), (), ())


def _cut(index: _Index, top: int) -> list[int]:
    """The subgame roots and terminals just below ``top``: where its own part stops."""
    below = []
    stack = list(reversed(index.children[top]))
    while stack:
        number = stack.pop()
        if index.roots[number] or isinstance(index.nodes[number], Terminal):
            below.append(number)
        else:
            stack.extend(reversed(index.children[number]))
    return below


def _one_move(
    node: Node, combinations: Iterator[tuple[_Piece, ...]], limit: int
) -> tuple[list[_Piece], bool]:
    found: list[_Piece] = []
    tied = False
    for parts in combinations:
        if isinstance(node, Chance):
            weights = [Fraction(p) for p in node.probabilities]
            payoffs = tuple(
                sum(
                    (w * part.payoffs[player] for w, part in zip(weights, parts, strict=True)),
                    Fraction(0),
                )
                for player in range(len(parts[0].payoffs))
            )
            found.append(_Piece(payoffs, (), parts))
        else:
            assert isinstance(node, Decision)
            best = max(part.payoffs[node.player] for part in parts)
            key = (node.player, node.infoset)
            before = len(found)
            for action, part in zip(node.actions, parts, strict=True):
                if part.payoffs[node.player] == best:
                    found.append(_Piece(part.payoffs, ((key, {action: Fraction(1)}),), parts))
            tied = tied or len(found) - before > 1
        if len(found) >= limit:
            break
    return found, tied


def _normal_form(
    tree: Tree,
    index: _Index,
    top: int,
    below: list[int],
    combinations: Iterator[tuple[_Piece, ...]],
    limit: int,
) -> tuple[list[_Piece], bool, bool]:
    """Equilibria of the subgame at ``top``, cut at ``below``, for each combination of the
    equilibria there, from its reduced normal form."""
    from negotiation.solvers import solve

    position = {number: k for k, number in enumerate(below)}
    found: list[_Piece] = []
    complete = True
    tied = False
    recall_checked = False
    for parts in islice(combinations, limit):
        cut = Tree(tree.players, _build(index, top, position, parts))
        if not recall_checked:
            if not has_perfect_recall(cut):
                msg = (
                    f"the subgame at {_where(index, top)} lacks perfect recall: its mixed "
                    "equilibria have no behaviour equivalent"
                )
                raise GameError(msg)
            recall_checked = True
        form = reduced_form(cut)
        result = solve(form.game)
        complete = complete and result.complete
        tied = tied or result.degenerate
        for equilibrium in result.equilibria:
            choices = []
            for player, mixed in enumerate(equilibrium.profile):
                exact_mixed = [Fraction(p) for p in mixed]
                behaviour = behaviour_of(form.strategies[player], exact_mixed)
                choices.extend(((player, infoset), dist) for infoset, dist in behaviour.items())
            payoffs = tuple(Fraction(value) for value in equilibrium.payoffs)
            found.append(_Piece(payoffs, tuple(choices), parts))
        if len(found) >= limit:
            break
    return found, complete, tied


def _where(index: _Index, top: int) -> str:
    node = index.nodes[top]
    return f"a node of {node.infoset!r}" if isinstance(node, Decision) else f"node {top}"


def _build(index: _Index, number: int, position: dict[int, int], parts) -> Node:
    """The subtree at ``number`` with each cut point replaced by a terminal of its value."""
    node = index.nodes[number]
    children = []
    for child in index.children[number]:
        if child in position:
            children.append(Terminal(parts[position[child]].payoffs))
        else:
            children.append(_build(index, child, position, parts))
    if isinstance(node, Chance):
        return Chance(node.actions, node.probabilities, tuple(children), node.label)
    return Decision(node.player, node.infoset, node.actions, tuple(children), node.label)


def _equilibrium(tree: Tree, piece: _Piece, exact: bool) -> SubgamePerfect:
    behaviour: dict[tuple[int, str], dict[str, Fraction]] = {}
    stack = [piece]
    while stack:
        current = stack.pop()
        for key, distribution in current.choices:
            behaviour[key] = {action: p for action, p in distribution.items() if p}
        stack.extend(current.parts)
    number = (lambda value: value) if exact else float
    per_player: list[dict[str, dict[str, Payoff]]] = [{} for _ in tree.players]
    for key in tree.infosets():
        if key in behaviour:
            per_player[key[0]][key[1]] = {a: number(p) for a, p in behaviour[key].items()}
    path = []
    # Prefix order: a move, then the moves below it; the stack holds both kinds of entries.
    stack_entries: list[Move | tuple[Node, Path, Fraction]] = [(tree.root, (), Fraction(1))]
    while stack_entries:
        entry = stack_entries.pop()
        if isinstance(entry, Move):
            path.append(entry)
            continue
        node, where, reach = entry
        if isinstance(node, Terminal):
            continue
        if isinstance(node, Chance):
            player = "Chance"
            distribution = dict(zip(node.actions, map(Fraction, node.probabilities), strict=True))
        else:
            player = tree.players[node.player]
            distribution = behaviour.get((node.player, node.infoset), {})
        for action, child in reversed(tuple(zip(node.actions, node.children, strict=True))):
            probability = reach * distribution.get(action, 0)
            if probability:
                stack_entries.append((child, (*where, action), probability))
                stack_entries.append(Move(where, player, action, number(probability)))
    return SubgamePerfect(
        tuple(per_player), tuple(number(value) for value in piece.payoffs), tuple(path)
    )
