"""A tree model at many points: batch backward induction fed from exact parameter values,
and what a claim says at each point.

Why apart from `negotiation.batch.backward`: that engine knows trees and arrays; this module
knows the model (its terms, its claims' keys) and turns exact points into the engine's floats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from negotiation.batch.backward import TreeBatch, backward_induction_batch
from negotiation.model import Claim, varying

if TYPE_CHECKING:
    from negotiation.forms.extensive import ExtensiveModel

__all__ = ["batch_at", "claim_at_points"]


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
