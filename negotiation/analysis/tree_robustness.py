"""Robustness on a tree: the share of random draws in each subgame-perfect outcome, the share
in which each claim holds, and each parameter's sensitivity.

The same draws, intervals and report as `negotiation.robustness` (which hands trees here);
what differs is the outcome of a draw, its subgame-perfect paths of play, found by batch
backward induction (`negotiation.forms.tree_batch`), and a claim's verdict, from the tree's
own `Model.claim_verdicts`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from negotiation.forms.tree_batch import outcome_labels
from negotiation.provenance import provenance
from negotiation.robustness import (
    ClaimShare,
    OutcomeShare,
    Proportion,
    RobustnessResult,
    Sensitivity,
    _draw,
    _rank_correlation,
    _streams,
    _varied,
    draw_points,
)

if TYPE_CHECKING:
    from negotiation.forms.extensive import ExtensiveModel

__all__ = ["tree_robustness"]


def tree_robustness(
    model: ExtensiveModel,
    samples: int,
    *,
    seed: int,
    dist: str,
    vary: Sequence[str] | None,
    base: Mapping[str, Fraction],
    presets: Sequence[str],
) -> RobustnessResult:
    """`negotiation.robustness.robustness` for a tree (see the module docstring)."""
    names = _varied(model, vary)
    draws = draw_points(model, samples, seed=seed, dist=dist, vary=names, base=base)
    outcome, labels, exact_points = outcome_labels(model, draws, base)
    counts = np.bincount(outcome, minlength=len(labels))
    order = sorted(range(len(labels)), key=lambda code: (-counts[code], labels[code]))
    outcomes = tuple(
        OutcomeShare(labels[code], labels[code], Proportion(int(counts[code]), samples))
        for code in order
        if counts[code]
    )
    claims = []
    for claim in model.claims:
        fixed = dict(base)  # the claim's presets and values override the draws
        for name in claim.presets:
            fixed.update(model.presets[name].values)
        fixed.update(claim.values)
        set_by_claim = set(claim.values).union(
            *(model.presets[name].values for name in claim.presets)
        )
        drawn = [name for name in names if name not in set_by_claim]
        points = [
            {**fixed, **{name: Fraction(float(draws[name][k])) for name in drawn}}
            for k in range(samples)
        ]
        verdicts = model.claim_verdicts(claim, points)
        if verdicts is None:  # a claim on the reduced form's Nash equilibria: exactly
            verdicts = [model.claim_holds(claim, model.solve_at(point)) for point in points]
        claims.append(ClaimShare(claim, Proportion(sum(verdicts), samples)))
    streams = _streams(seed, model)
    sensitivity = []
    modal = outcome == order[0]
    for name in names:
        index = list(model.parameters).index(name)
        redrawn = dict(draws)
        redrawn[name] = _draw(model, name, samples, dist, base[name], streams[1 + index])
        again, again_labels, exact = outcome_labels(model, redrawn, base)
        exact_points += exact
        same = (
            np.array(again_labels, dtype=object)[again] == np.array(labels, dtype=object)[outcome]
        )
        sensitivity.append(
            Sensitivity(
                name,
                _rank_correlation(draws[name], modal),
                Proportion(int((~same).sum()), samples),
            )
        )
    sensitivity.sort(key=lambda item: (-item.changed.share, item.parameter))
    return RobustnessResult(
        scenario=model.id,
        title=model.title,
        samples=samples,
        seed=seed,
        distribution=dist,
        vary=names,
        ranges={name: (p.low, p.high) for name, p in model.parameters.items()},
        presets=tuple(presets),
        outcomes=outcomes,
        claims=tuple(claims),
        sensitivity=tuple(sensitivity),
        exact_points=exact_points,
        complete=True,
        draws=draws,
        outcome=outcome,
        labels=tuple(labels),
        provenance=provenance(model, base),
        form="extensive",
    )
