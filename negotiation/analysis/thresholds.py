"""Thresholds: the exact values of one parameter where a scenario's equilibria change.

A *threshold* of a parameter is a value where the structure of the equilibria changes: an
equilibrium appears or vanishes, or starts or stops using a strategy.  Formally, the set of
supports of the equilibria that `negotiation.solvers.solve` returns differs just below and just
above it.  This answers the analyst's question "at what drone cost exactly does Russia switch
from the offensive to a ceasefire?" with a number, not with a picture of a scan.

The method.  With the other parameters fixed, every payoff is a function of the one parameter
``t``: a rational function, piecewise where a formula uses ``min`` or ``max``.

1. Split the range at the switch points of every ``min``/``max`` (where two of its arguments are
   equal), innermost first, so that on each piece every payoff is a rational function of ``t``.
2. On each piece, collect the candidate values: the real roots of the polynomials whose signs
   decide the equilibria.  For two players these are, for each player and each pair of sets of
   equal size (``I`` of its strategies, ``J`` of the other's), the mixed strategy on ``I`` that
   makes the other player indifferent on ``J``, solved by Cramer's rule over ``Q[t]``: where a
   probability is zero, where a strategy outside ``J`` pays as much as those in ``J``, and where
   the system is singular.  With ``|I| = 1`` these are the pure best-response flips.  They are
   the vertices of the best-response polytopes, with their labels (Algorithm 3.5 of von
   Stengel, "Computing equilibria for two-person games", Handbook of Game Theory vol. 3, 2002),
   so degenerate games are covered too.  For three players or more the same conditions are
   taken for every support profile, the polynomial indifference system being eliminated by a
   lex Groebner basis (Cox, Little and O'Shea, *Ideals, Varieties, and Algorithms*, ch. 3),
   the Jacobian determinant standing for the singular system.  Poles of the payoffs are
   candidates too.
3. Between two consecutive candidates each polynomial keeps its sign, so every vertex keeps its
   labels and the completely labelled pairs, the equilibria, keep their supports.  The game is
   solved exactly at one rational point of every gap, and at every rational candidate; the
   candidates where the two sides differ are the thresholds.

The modules: `parametric` (the payoffs as functions of ``t``), `equilibrium_conditions` (the
polynomials of step 2), `threshold_candidates` (their roots, step 1 and 2), `real_roots`
(exact real numbers), `threshold_formulas` (``symbolic=True``), `threshold_results` (what is
returned).  This module is step 3, and re-exports the names callers use.

No scan: the game is solved once per gap between candidates, once at each rational candidate
and twice per threshold (just below and above), all exactly.

Irrational thresholds (``t^2 = 2``) are kept exactly, as roots of an irreducible integer
polynomial in a rational isolating interval, and shown as radicals (degree 2) or ``CRootOf``.

Examples
--------
The stag hunt: hunting stag together stays an equilibrium while the hare is worth less than
the stag (here 7/2), and stops being one where it is worth as much: ``hare = stag``.

>>> from negotiation.scenario import load_scenario
>>> result = thresholds(load_scenario("stag-hunt"), "hare", {"stag": Fraction(7, 2)},
...                     symbolic=True)
>>> [(str(t.value), t.formula) for t in result.thresholds]
[('7/2', 'stag')]
>>> print("\\n".join(result.region_lines()))
  hare in [1, 7/2): 3 equilibria  <- hare = 3
    Alice: Stag; Bob: Stag
    Alice: Hare; Bob: Hare
    Alice: Stag + Hare; Bob: Stag + Hare
  hare in (7/2, 39/10]: Alice: Hare; Bob: Hare
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from itertools import pairwise
from typing import TYPE_CHECKING

from negotiation.analysis.parametric import ParametricModel
from negotiation.analysis.real_roots import Point, between, near, sorted_unique
from negotiation.analysis.threshold_candidates import Candidates, all_candidates
from negotiation.analysis.threshold_formulas import formulas
from negotiation.analysis.threshold_results import (
    BestResponseFlipAt,
    KnifeEdge,
    Region,
    Threshold,
    ThresholdResult,
    others_lines,
    structure,
    structure_lines,
    support_text,
)
from negotiation.best_responses import best_response_flips
from negotiation.errors import NegotiationError
from negotiation.results import SolveResult
from negotiation.values import parameter_range

if TYPE_CHECKING:
    from negotiation.scenario import Scenario

__all__ = [
    "BestResponseFlipAt",
    "KnifeEdge",
    "Region",
    "Threshold",
    "ThresholdResult",
    "others_lines",
    "structure",
    "structure_lines",
    "support_text",
    "thresholds",
]


def thresholds(
    scenario: Scenario,
    parameter: str,
    values: Mapping[str, Fraction] | None = None,
    best_responses: bool = False,
    *,
    symbolic: bool = False,
    within: tuple[Fraction, Fraction] | None = None,
) -> ThresholdResult:
    """The exact values of ``parameter`` where the equilibria change (see the module notes).

    Parameters
    ----------
    scenario : Scenario
    parameter : str
        The parameter to vary.
    values : mapping of str to Fraction, optional
        The other parameters' values (missing ones at the baseline); the varied parameter's
        own value is only marked in the report.
    best_responses : bool
        Also list the values where a best reply to a pure profile flips, even when the
        equilibria do not change.
    symbolic : bool
        Give each threshold as a formula in the other parameters too (`threshold_formulas`):
        a closed form, or the polynomial it is a root of; a threshold with neither says why
        in ``formula_note``.
    within : (Fraction, Fraction), optional
        The range to search; default the parameter's declared range.

    Returns
    -------
    ThresholdResult

    Raises
    ------
    ScenarioError
        For an unknown parameter, naming the closest one.
    NegotiationError
        For an empty range.
    """
    if scenario.form == "signalling":  # where the pure PBE, their kinds and verdicts change
        from negotiation.analysis.signalling_analyses import signalling_thresholds_of

        return signalling_thresholds_of(scenario, parameter, scenario.values((), values), within)
    if scenario.form == "extensive":  # a tree: where the subgame-perfect equilibria change
        from negotiation.analysis.tree_thresholds import tree_thresholds

        if best_responses:
            msg = "best-response flips are a matrix game's; a tree's thresholds list each flip"
            raise NegotiationError(msg, file=scenario.path)
        base = scenario.values((), values)
        return tree_thresholds(scenario, parameter, base, within, symbolic=symbolic)
    if hasattr(scenario, "threshold_candidates"):  # a bargain, a repeated game: its solutions
        from negotiation.analysis.form_solutions import thresholds_form

        return thresholds_form(scenario, parameter, scenario.values((), values), within)
    low, high = parameter_range(scenario, parameter, within)
    values = {**scenario.baseline(), **{k: Fraction(v) for k, v in (values or {}).items()}}
    model = ParametricModel(scenario, parameter, values)
    low_point, high_point = Point(low), Point(high)
    if low == high:
        result = model.at(low)
        assert result is not None
        region = Region(low, high, True, True, low, result, low_point, high_point)
        return ThresholdResult(
            scenario, parameter, values, low, high, (), (region,), symbolic=symbolic
        )

    found, complete = all_candidates(model, low_point, high_point)
    points = sorted_unique(found.points.values())
    bounds = [low_point, *points, high_point]
    gaps = [(left, right, between(left, right)) for left, right in pairwise(bounds)]
    samples: list[SolveResult] = [model.at(sample, undefined_ok=False) for _, _, sample in gaps]
    at = [model.at(point.rational) if point.rational is not None else None for point in bounds]

    kept, knife_edges, flips = [], [], []
    if at[0] is not None and structure(at[0]) != structure(samples[0]):
        knife_edges.append(KnifeEdge(low, at[0]))
    for index, point in enumerate(points):
        left, right = samples[index], samples[index + 1]
        changes = structure(left) != structure(right)
        here = at[index + 1]
        if changes:
            kept.append(index)
        elif here is not None and structure(here) != structure(left):
            knife_edges.append(KnifeEdge(point.rational, here))
        if best_responses:
            flips += [
                BestResponseFlipAt(point.exact(), float(point), flip, left.game, changes)
                for flip in best_response_flips(left.game, right.game)
            ]
    if at[-1] is not None and structure(at[-1]) != structure(samples[-1]):
        knife_edges.append(KnifeEdge(high, at[-1]))

    found_thresholds = []
    for index in kept:
        threshold = _threshold(model, bounds[index : index + 3], at[index + 1], found, symbolic)
        expected = (structure(samples[index]), structure(samples[index + 1]))
        if complete and (structure(threshold.below), structure(threshold.above)) != expected:
            msg = f"equilibria change between candidate values near {threshold.approx}: a bug"
            raise AssertionError(msg)
        found_thresholds.append(threshold)

    return ThresholdResult(
        scenario,
        parameter,
        values,
        low,
        high,
        tuple(found_thresholds),
        _regions(bounds, kept, gaps, samples, at),
        tuple(knife_edges),
        tuple(flips),
        complete,
        len(points),
        symbolic,
    )


def _threshold(
    model: ParametricModel,
    neighbours: Sequence[Point],
    here: SolveResult | None,
    found: Candidates,
    symbolic: bool,
) -> Threshold:
    """The threshold at ``neighbours[1]``, solved just inside its two gaps."""
    previous, point, following = neighbours
    below_value, above_value = near(point, previous), near(point, following)
    origins = found.origins[point.key]
    if point.rational is not None:
        undefined = here is None
    else:  # not solved there: a pole is known from the conditions that meet there
        undefined = any(origin.kind == "pole" for origin in origins)
    found_formulas = formulas(model, point, origins) if symbolic else []
    formula, formula_expr = found_formulas[0] if found_formulas else (None, None)
    note = None
    if symbolic and not found_formulas:
        note = (
            f"the conditions that meet here could not be solved for {model.parameter} with the "
            "other parameters symbolic (they may hold at these values only)"
        )
    return Threshold(
        value=point.exact(),
        approx=float(point),
        formula=formula,
        formula_expr=formula_expr,
        other_formulas=tuple(text for text, _ in found_formulas[1:]),
        below_value=below_value,
        below=model.at(below_value, undefined_ok=False),
        above_value=above_value,
        above=model.at(above_value, undefined_ok=False),
        at=here,
        degenerate_at=here.degenerate if here is not None else not undefined,
        formula_note=note,
        undefined_at=undefined,
    )


def _regions(
    bounds: Sequence[Point],
    kept: Sequence[int],
    gaps: Sequence[tuple[Point, Point, Fraction]],
    samples: Sequence[SolveResult],
    at: Sequence[SolveResult | None],
) -> tuple[Region, ...]:
    """The intervals between consecutive thresholds (``kept`` indexes ``bounds[1:-1]``)."""
    regions = []
    starts = [0, *(index + 1 for index in kept)]
    ends = [*(index + 1 for index in kept), len(bounds) - 1]
    for start, end in zip(starts, ends, strict=True):
        sample = samples[start]
        inside = structure(sample)
        low_closed = at[start] is not None and structure(at[start]) == inside
        high_closed = at[end] is not None and structure(at[end]) == inside
        regions.append(
            Region(
                bounds[start].exact(),
                bounds[end].exact(),
                low_closed,
                high_closed,
                gaps[start][2],
                sample,
                bounds[start],
                bounds[end],
            )
        )
    return tuple(regions)
