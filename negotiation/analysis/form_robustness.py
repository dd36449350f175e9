"""Robustness of a tree, a bargain, a repeated game or a signalling game: the share of
random draws in each outcome, the share in which each claim holds, and each parameter's
sensitivity.

The same draws, intervals and report as `negotiation.robustness` (which hands these forms
here).  Written once against the model interface (`negotiation.model.Model`); what a draw's
*outcome* is comes from the form (`Model.robustness_outcome`, `Model.robustness_outcomes`):

- a tree: its subgame-perfect paths of play, by batch backward induction
  (`negotiation.forms.tree_batch.outcome_labels`, floats with exact re-solves near ties);

- a bargain: whether the Fearon range is empty, whom Rubinstein's split favours, where the
  Nash solution lies (at or between which named agreements; for a pie, whom it favours);
- a repeated game: which strategies sustain the target at the drawn discount factor;
- a signalling game: the kinds of perfect Bayesian equilibrium there are, what the sender
  does in each, and which pass the Intuitive Criterion.

Every draw of the other forms is solved exactly: they have no floating-point engine, and each
outcome is what solving the draw by itself gives.  A claim's share comes from
`negotiation.claim_verdicts.ClaimSolver`, the judge ``negotiation check`` uses, so with the
default options the two commands give the same claim shares for the same seed and samples.
Claims and outcomes share their solves where the form caches them (bargains, signalling
games); a repeated game's outcome needs each strategy's incentive constraints at the drawn
delta only (`negotiation.repeated.deltas.sustained_at`), not the sympy roots of a full solve.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

import numpy as np

from negotiation.claim_verdicts import ClaimSolver, fixed_key
from negotiation.model import Model
from negotiation.provenance import provenance
from negotiation.robustness import (
    ClaimShare,
    OutcomeShare,
    Proportion,
    RobustnessResult,
    _streams,
    _varied,
    draw_points,
    sensitivities,
)

__all__ = ["OUTCOME_MEANINGS", "form_outcomes", "form_robustness"]

OUTCOME_MEANINGS = {
    "bargaining": "whether the Fearon range is empty, whom Rubinstein's split favours, "
    "where the Nash solution lies",
    "repeated": "the strategies that sustain the target at the drawn delta",
    "signalling": "the perfect Bayesian equilibria by kind and what the sender does, "
    "those passing the Intuitive Criterion marked",
}


def form_outcomes(
    model: Model, draws: Mapping[str, np.ndarray], base: Mapping[str, Fraction], samples: int
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Each draw's outcome code and the labels the codes index (in order of first
    appearance).  A drawn float is its exact binary value, as ``check`` reads it, so a draw
    here is the same point a claim of ``check`` is judged at."""
    points = [
        {**base, **{name: Fraction(float(array[k])) for name, array in draws.items()}}
        for k in range(samples)
    ]
    found = model.robustness_outcomes(points)
    labels = tuple(dict.fromkeys(found))
    index = {label: code for code, label in enumerate(labels)}
    return np.array([index[label] for label in found], dtype=np.intp), labels


def form_robustness(
    model: Model,
    samples: int,
    *,
    seed: int,
    dist: str,
    vary: Sequence[str] | None,
    base: Mapping[str, Fraction],
    presets: Sequence[str],
    progress: Callable[[int], None] | None = None,
) -> RobustnessResult:
    """`negotiation.robustness.robustness` for a tree, a bargain, a repeated or a signalling
    game (see the module docstring)."""

    def outcomes_of(draws: Mapping[str, np.ndarray]) -> tuple[np.ndarray, Sequence[str], int]:
        """Each draw's outcome code, the labels the codes index, and how many draws were
        re-solved exactly (a tree's near-ties; every draw of the other forms is exact)."""
        if model.form == "extensive":
            from negotiation.forms.tree_batch import outcome_labels

            return outcome_labels(model, draws, base)
        return (*form_outcomes(model, draws, base, samples), 0)

    names = _varied(model, vary)
    draws = draw_points(model, samples, seed=seed, dist=dist, vary=names, base=base)
    # Claims first: the forms that cache their solves (bargains, signalling games) then
    # read the main draws' outcomes from the solves the claims made.
    solver = ClaimSolver(model, draws, base, samples=samples, progress=progress)
    claims = []
    solved = {((), ())}  # claims fixing nothing: the main draws, counted below
    for claim in model.claims:
        verdicts = solver.verdicts(claim)
        claims.append(ClaimShare(claim, Proportion(verdicts.successes, verdicts.trials)))
        if progress is not None and fixed_key(claim) not in solved:  # as `solves_needed`
            solved.add(fixed_key(claim))
            progress(samples)
    outcome, labels, exact_points = outcomes_of(draws)
    labels = tuple(labels)
    if progress is not None:
        progress(samples)
    counts = np.bincount(outcome, minlength=len(labels))
    order = sorted(range(len(labels)), key=lambda code: (-counts[code], labels[code]))
    outcomes = tuple(
        OutcomeShare(labels[code], labels[code], Proportion(int(counts[code]), samples))
        for code in order
        if counts[code]
    )

    def changed(redrawn: Mapping[str, np.ndarray]) -> np.ndarray:
        nonlocal exact_points
        again, again_labels, exact = outcomes_of(redrawn)
        exact_points += exact
        if progress is not None:
            progress(samples)
        return (
            np.array(again_labels, dtype=object)[again] != np.array(labels, dtype=object)[outcome]
        )

    sensitivity = sensitivities(
        model, names, draws, base, dist, _streams(seed, model), outcome == order[0], changed
    )
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
        sensitivity=sensitivity,
        exact_points=exact_points,
        # Several receivers: the draws are solved for their pure PBE only (three players)
        complete=not getattr(model, "several", False),
        draws=draws,
        outcome=outcome,
        labels=labels,
        provenance=provenance(model, base),
        form=model.form,
    )
