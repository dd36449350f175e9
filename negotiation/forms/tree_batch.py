"""A tree model at many points: batch backward induction fed from exact parameter values,
and what a claim says at each point.

Why apart from `negotiation.batch.backward`: that engine knows trees and arrays; this module
knows the model (its terms, its claims' keys) and turns exact points into the engine's floats.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from negotiation.batch.backward import TreeBatch, backward_induction_batch
from negotiation.model import Claim, varying

if TYPE_CHECKING:
    from negotiation.forms.extensive import ExtensiveModel

__all__ = ["batch_at", "claim_at_points", "exact_label", "outcome_labels", "path_label"]


def batch_at(model: ExtensiveModel, points: Sequence[Mapping[str, Fraction]]) -> TreeBatch:
    """Backward induction at every point (each a full set of parameter values)."""
    values: dict[str, float | np.ndarray] = {
        name: float(value) for name, value in points[0].items()
    }
    for name in varying(points):
        values[name] = np.array([float(point[name]) for point in points])
    return backward_induction_batch(model.parametric_tree, model.terms, values, len(points))


def claim_at_points(model: ExtensiveModel, claim: Claim, batch: TreeBatch) -> list[bool]:
    """The claim at each point, from its one subgame-perfect equilibrium (points without ties:
    the caller decides ``batch.tied`` ones exactly).

    With one equilibrium, "every" and "some" say the move is made for sure, "no" that it is
    not, "none" that it is not made at all.
    """
    player = model.player_names.index(claim.player)
    if claim.on == "node":
        node = dict(model.parametric_tree.nodes())[claim.at]
        made = batch.choice_at(claim.at) == node.actions.index(claim.strategy)
        for_sure = at_all = made
    else:
        chance = batch.move_probability(player, claim.strategy)
        for_sure, at_all = chance >= 1 - 1e-9, chance > 1e-9
    verdict = {
        "every": for_sure,
        "some": for_sure,
        "no": ~for_sure,
        "none": ~at_all,
    }[claim.quantifier]
    return [bool(value) for value in verdict]


def path_label(moves: Sequence[tuple[str, str]]) -> str:
    """``Entrant: Enter; Incumbent: Accommodate``: the decisions on a path of play."""
    return "; ".join(f"{player}: {action}" for player, action in moves) or "(no move)"


def exact_label(model: ExtensiveModel, values: Mapping[str, Fraction]) -> str:
    """Every subgame-perfect path at ``values``, exactly, joined by `` | ``."""
    from negotiation.extensive.subgame_perfect import subgame_perfect

    result = subgame_perfect(model.tree(values))
    paths = (
        path_label([(move.player, move.action) for move in item.path if move.player != "Chance"])
        for item in result.equilibria
    )
    return " | ".join(dict.fromkeys(paths))  # equilibria that differ off the path: one path


def outcome_labels(
    model: ExtensiveModel,
    arrays: Mapping[str, np.ndarray],
    base: Mapping[str, Fraction],
    exact_values: Callable[[int], Mapping[str, Fraction]] | None = None,
) -> tuple[np.ndarray, list[str], int]:
    """Each point's subgame-perfect paths (its *outcome*), as codes into a list of labels,
    and how many points the exact solver decided.

    ``arrays`` holds floats for some parameters, ``base`` the others.  The exact solver takes
    ``exact_values(index)`` for the point's values (default: each float's exact binary value;
    a grid of thirds passes the thirds, so that a tie at 1/3 is found).  Perfect-information
    trees go through batch backward induction, their near-tied points (and every point of
    other trees) through the exact solver.
    """
    from negotiation.batch.backward import perfect_information

    count = len(next(iter(arrays.values())))

    def exact_at(index: int) -> str:
        if exact_values is not None:
            return exact_label(model, {**base, **exact_values(index)})
        point = {**base, **{name: Fraction(float(a[index])) for name, a in arrays.items()}}
        return exact_label(model, point)

    if not perfect_information(model.parametric_tree):
        labels = [exact_at(index) for index in range(count)]
        exact = count
    else:
        values: dict[str, float | np.ndarray] = {k: float(v) for k, v in base.items()}
        values.update({name: np.asarray(array, dtype=float) for name, array in arrays.items()})
        batch = backward_induction_batch(model.parametric_tree, model.terms, values, count)
        codes, moves = batch.outcomes()
        nodes = dict(model.parametric_tree.nodes())
        names = [
            path_label([(model.player_names[nodes[path].player], a) for path, a in found])
            for found in moves
        ]
        labels = [names[code] for code in codes]
        for index in map(int, batch.tied.nonzero()[0]):
            labels[index] = exact_at(index)
        exact = int(batch.tied.sum())
    unique = sorted(set(labels))
    lookup = {label: code for code, label in enumerate(unique)}
    return np.array([lookup[label] for label in labels], dtype=np.intp), unique, exact
