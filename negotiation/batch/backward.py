"""Backward induction on a perfect-information tree at many parameter points at once.

Why: a claim about a tree is checked over a grid of parameter values, and its robustness
over 10^5 random draws; a loop of exact solves costs a millisecond or more per point.  Here
every leaf payoff and chance probability is evaluated as an array over the points (the
formula tree evaluates elementwise, `negotiation.batch.evaluate`), then the tree is folded
bottom-up once: at each decision node an argmax over its actions, for the mover, of the
children's value arrays (Kuhn 1953; Osborne and Rubinstein 1994, Proposition 99.2).

A point where some node's best actions are within ``tol`` (on payoffs scaled by the point's
largest payoff) of a tie is flagged in ``tied``: floats cannot decide it, and ties give several
subgame-perfect equilibria, so callers hand those points to the exact solver.  Every other
point has exactly one subgame-perfect equilibrium, pure, which ``choice`` holds.

Only perfect information: an information set of several nodes needs a normal-form solve of
its subgame (`negotiation.extensive.subgame_perfect`), which the exact solver does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from negotiation.batch.scaling import DEFAULT_TOL
from negotiation.extensive.tree import Chance, Decision, Node, Path, Terminal, Tree
from negotiation.formulas import Expr, evaluate_terms

__all__ = ["TreeBatch", "backward_induction_batch", "perfect_information"]


def perfect_information(tree: Tree) -> bool:
    """Whether every information set is a single node."""
    seen: set[tuple[int, str]] = set()
    for _, node in tree.nodes():
        if isinstance(node, Decision):
            if (node.player, node.infoset) in seen:
                return False
            seen.add((node.player, node.infoset))
    return True


@dataclass(frozen=True)
class TreeBatch:
    """The backward-induction choice at every decision node, at every point.

    Attributes
    ----------
    paths : tuple of Path
        The decision nodes, in prefix order; row ``k`` of the arrays is node ``paths[k]``.
    choice : numpy.ndarray
        ``(nodes, N)`` ints: the index of the action chosen (the first of near-tied ones).
    reached : numpy.ndarray
        ``(nodes, N)`` bools: the node is reached with positive probability.
    payoffs : numpy.ndarray
        ``(players, N)``: each player's expected payoff.
    tied : numpy.ndarray
        ``(N,)`` bools: a near-tie somewhere, a chance probability within ``tol`` of 0 or 1
        without being it, or probabilities that are not a distribution; the point's answer
        must come from the exact solver.
    chances : dict
        Each chance node's path: its probabilities, ``(actions, N)``.
    """

    tree: Tree
    paths: tuple[Path, ...]
    choice: np.ndarray
    reached: np.ndarray
    payoffs: np.ndarray
    tied: np.ndarray
    chances: dict[Path, np.ndarray]

    def choice_at(self, path: Path) -> np.ndarray:
        """The index of the action chosen at the node ``path``, at every point."""
        return self.choice[self.paths.index(path)]

    def outcomes(self) -> tuple[np.ndarray, list[tuple[tuple[Path, str], ...]]]:
        """Each point's outcome code, and per code the moves made on its path of play."""
        keys = np.where(self.reached, self.choice, -1)
        unique, codes = np.unique(keys, axis=1, return_inverse=True)
        nodes = dict(self.tree.nodes())
        moves = [
            tuple(
                (path, nodes[path].actions[int(column[k])])
                for k, path in enumerate(self.paths)
                if column[k] >= 0
            )
            for column in unique.T
        ]
        return codes.reshape(-1), moves

    def move_probability(self, player: int, action: str) -> np.ndarray:
        """The probability that play includes ``player`` taking ``action``, at every point."""
        rows = {path: k for k, path in enumerate(self.paths)}

        def reach(node: Node, path: Path) -> np.ndarray | float:
            if isinstance(node, Terminal):
                return 0.0
            total: np.ndarray | float = 0.0
            for k, (label, child) in enumerate(zip(node.actions, node.children, strict=True)):
                if isinstance(node, Chance):
                    total = total + self.chances[path][k] * reach(child, (*path, label))
                    continue
                taken = self.choice[rows[path]] == k
                hit = node.player == player and label == action
                below = 1.0 if hit else reach(child, (*path, label))
                total = total + np.where(taken, below, 0.0)
            return total

        count = self.choice.shape[1]
        return np.broadcast_to(np.asarray(reach(self.tree.root, ()), dtype=float), (count,))


def backward_induction_batch(
    tree: Tree[Expr],
    terms: Mapping[str, Expr],
    values: Mapping[str, float | np.ndarray],
    count: int,
    tol: float = DEFAULT_TOL,
) -> TreeBatch:
    """Fold ``tree`` bottom-up at ``count`` points.

    Parameters
    ----------
    tree : Tree of Expr
        A parametric perfect-information tree (`perfect_information`).
    terms : mapping
        The scenario's terms, evaluated before the formulas.
    values : mapping
        Every parameter: a float, or an array of ``count`` floats.
    count : int
    tol : float
        Relative distance under which two action values count as tied.

    Returns
    -------
    TreeBatch
    """
    scope = evaluate_terms(terms, dict(values))

    def array(expr: Expr) -> np.ndarray:
        return np.broadcast_to(np.asarray(expr.evaluate(scope), dtype=float), (count,))

    leaves = [
        np.stack([array(expr) for expr in node.payoffs])
        for _, node in tree.nodes()
        if isinstance(node, Terminal)
    ]
    scale = np.maximum(np.abs(np.stack(leaves)).max(axis=(0, 1)), np.finfo(float).tiny)
    decisions = [(path, node) for path, node in tree.nodes() if isinstance(node, Decision)]
    rows = {path: k for k, (path, _) in enumerate(decisions)}
    choice = np.zeros((len(decisions), count), dtype=np.int64)
    tied = np.zeros(count, dtype=bool)
    chances: dict[Path, np.ndarray] = {}

    def fold(node: Node, path: Path) -> np.ndarray:
        nonlocal tied
        if isinstance(node, Terminal):
            return np.stack([array(expr) for expr in node.payoffs])
        values = np.stack(
            [
                fold(child, (*path, action))
                for action, child in zip(node.actions, node.children, strict=True)
            ]
        )  # (actions, players, N)
        if isinstance(node, Chance):
            odds = np.stack([array(expr) for expr in node.probabilities])
            chances[path] = odds
            tied |= (odds < -tol).any(axis=0) | (np.abs(odds.sum(axis=0) - 1) > tol)
            # A probability a hair from 0 or 1: whether a branch is played is for exact work.
            tied |= (((odds > 0) & (odds < tol)) | ((odds < 1) & (odds > 1 - tol))).any(axis=0)
            return np.einsum("an,apn->pn", odds, values)
        mover = values[:, node.player, :]
        best = mover.argmax(axis=0)
        top = np.take_along_axis(mover, best[None, :], axis=0)[0]
        tied |= (mover >= top - tol * scale).sum(axis=0) > 1
        choice[rows[path]] = best
        return np.take_along_axis(values, best[None, None, :], axis=0)[0]

    payoffs = fold(tree.root, ())
    reached = np.zeros_like(choice, dtype=bool)

    def mark(node: Node, path: Path, live: np.ndarray) -> None:
        if isinstance(node, Terminal):
            return
        if isinstance(node, Decision):
            reached[rows[path]] = live
        for k, (action, child) in enumerate(zip(node.actions, node.children, strict=True)):
            if isinstance(node, Chance):
                below = live & (chances[path][k] > 0)
            else:
                below = live & (choice[rows[path]] == k)
            mark(child, (*path, action), below)

    mark(tree.root, (), np.ones(count, dtype=bool))
    paths = tuple(path for path, _ in decisions)
    return TreeBatch(tree, paths, choice, reached, payoffs, tied, chances)
