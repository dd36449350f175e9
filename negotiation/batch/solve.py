"""The batch driver: chunks of points through a float kernel, flagged points to the exact solver.

For each chunk of points:

1. Evaluate the payoffs on arrays (`negotiation.batch.evaluate`).
2. Two players: batched support enumeration (`negotiation.batch.support_enumeration`); more:
   pure equilibria only (`negotiation.batch.pure`).  Both flag the points where some
   comparison falls within its error margin: degenerate games, or nearly so.
3. Two players: flagged points whose ties are ties of the payoffs themselves (the same
   formula, or the same exact number) are solved by vertex enumeration in floats
   (`negotiation.batch.vertex_enumeration`), which decides those ties by structure.
4. Solve every other flagged point with the exact solver (`negotiation.solvers.solve` on the
   exact game: parameters given as texts are read exactly, floats as the decimal they print
   as, the same rational that a scenario file, ``--set`` or a CSV cell gives), so
   that the answer is the exact answer at every point.

Chunks keep every working array near 3.5 MB, so memory does not grow with the number of points
beyond the answers kept.

Examples
--------
>>> payoffs = (np.array([[[3, 0], [5, 1]]]), np.array([[[3, 5], [0, 1]]]))  # one game
>>> result = solve_games(payoffs, players=("Row", "Column"), strategies=(("C", "D"),) * 2)
>>> result.label(0)
'Row: D; Column: D'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from negotiation.batch.equilibria import Rows, result_rows, table
from negotiation.batch.evaluate import base_values, evaluate
from negotiation.batch.outcomes import (
    Outcome,
    outcome_codes,
    result_outcome,
    row_outcome_codes,
)
from negotiation.batch.points import PointsTable
from negotiation.batch.pure import cell_supports, pure_chunk
from negotiation.batch.result import BatchResult
from negotiation.batch.scaling import DEFAULT_TOL
from negotiation.batch.support_enumeration import bimatrix_chunk, pair_supports
from negotiation.batch.values import (
    PointValues,
    check_points,
    exact_number,
    exact_values,
    float_columns,
    require_matrix,
)
from negotiation.batch.vertex_enumeration import Ties, formula_ties, value_ties, vertex_chunk
from negotiation.game import Game
from negotiation.results import SolveResult

if TYPE_CHECKING:
    from negotiation.model import Model

__all__ = ["solve_batch", "solve_games"]

# A chunk's largest working arrays hold about this many numbers (about 3.5 MB each): small
# enough to stay in cache, and to be reused rather than mapped afresh chunk after chunk.
_CHUNK_BUDGET = 2**13 * 54


def solve_batch(
    scenario: Model,
    points: Mapping[str, PointValues],
    *,
    base: Mapping[str, Fraction] | None = None,
    tol: float = DEFAULT_TOL,
    chunk_size: int | None = None,
    keep_equilibria: bool = True,
    progress: Callable[[int], None] | None = None,
) -> BatchResult:
    """Every equilibrium of a scenario's game at every point.

    Parameters
    ----------
    scenario : Model
    points : mapping of str to numpy.ndarray
        Values of some parameters, one array of length ``N`` each: floats (``0.95`` is the
        point 19/20, as everywhere in the toolkit), or exact values (Fraction, int or text
        such as ``"3/2"``); or a `PointsTable` from `read_points`.
    base : mapping of str to Fraction, optional
        Values of the parameters not in ``points`` (default: the scenario's baseline); pass
        ``scenario.values(presets, overrides)`` to apply presets.
    tol : float
        Comparisons closer than this (payoffs rescaled to [0, 1]; probabilities) send the
        point to the exact solver.
    chunk_size : int, optional
        Points solved together; the default keeps each working array near 3.5 MB.
    keep_equilibria : bool
        Keep every equilibrium (for output); without them only outcomes are kept, which is
        what a robustness run of 10^7 points needs.
    progress : callable, optional
        Called with the number of points done after each chunk.

    Returns
    -------
    BatchResult
        At every point, the same equilibria as ``solve(scenario.game(values))``: exact ones
        where the exact solver ran, floats within about ``tol`` of them elsewhere.

    Raises
    ------
    ScenarioError
        For an unknown parameter, arrays of different lengths, or a value that is not a number.
    FormulaError
        Where a payoff is not finite.
    """
    require_matrix(scenario)
    count = check_points(scenario, points)
    base = base_values(scenario, base)
    floats = float_columns(points)

    def exact_game(point: int) -> Game:
        return scenario.game({**base, **exact_values(points, point)})

    shape = tuple(len(labels) for labels in scenario.strategies)
    return _solve(
        shape,
        count,
        lambda start, stop: evaluate(scenario, floats, base, points, start, stop),
        exact_game,
        labels=(scenario.player_names, scenario.strategies),
        tol=tol,
        chunk_size=chunk_size,
        keep_equilibria=keep_equilibria,
        progress=progress,
        parameters=points if isinstance(points, PointsTable) else dict(points),
        base=base,
        title=scenario.title,
        ties=_constant(formula_ties(scenario)) if len(shape) == 2 else None,
    )


def solve_games(
    payoffs: Sequence[np.ndarray],
    *,
    players: Sequence[str] | None = None,
    strategies: Sequence[Sequence[str]] | None = None,
    tol: float = DEFAULT_TOL,
    chunk_size: int | None = None,
    keep_equilibria: bool = True,
) -> BatchResult:
    """Every equilibrium of many games of one shape, given by stacked payoff arrays.

    Parameters
    ----------
    payoffs : sequence of numpy.ndarray
        One array per player, of shape ``(N, s_1, ..., s_n)``.  Integer arrays are exact;
        float arrays stand for their exact binary values at the points solved exactly.
    players, strategies : sequence, optional
        Labels, as for `Game`.
    tol, chunk_size, keep_equilibria :
        As for `solve_batch`.

    Returns
    -------
    BatchResult
    """
    arrays = tuple(np.asarray(array) for array in payoffs)
    count, *shape = arrays[0].shape
    labels = Game([np.zeros(shape, dtype=int)] * len(arrays), players, strategies)

    def exact_game(point: int) -> Game:
        return Game(
            [np.vectorize(exact_number, otypes=[object])(array[point]) for array in arrays],
            labels.players,
            labels.strategies,
        )

    return _solve(
        tuple(shape),
        count,
        lambda start, stop: tuple(
            np.ascontiguousarray(np.moveaxis(array[start:stop], 0, -1), dtype=float)
            for array in arrays
        ),
        exact_game,
        labels=(labels.players, labels.strategies),
        tol=tol,
        chunk_size=chunk_size,
        keep_equilibria=keep_equilibria,
        ties=(
            (lambda start, stop: value_ties(*(np.moveaxis(a[start:stop], 0, -1) for a in arrays)))
            if len(shape) == 2
            else None
        ),
    )


@dataclass
class _Collected:
    """What the chunks found so far: outcome codes, and the equilibrium rows if kept."""

    outcomes: dict[Outcome, int] = field(default_factory=dict)
    rows: list[Rows] = field(default_factory=list)
    exact_results: dict[int, SolveResult] = field(default_factory=dict)

    def code(self, outcome: Outcome) -> int:
        return self.outcomes.setdefault(outcome, len(self.outcomes))


def _solve(
    shape: tuple[int, ...],
    count: int,
    chunk_payoffs: Callable[[int, int], tuple[np.ndarray, ...]],
    exact_game: Callable[[int], Game],
    *,
    labels: tuple[tuple[str, ...], tuple[tuple[str, ...], ...]],
    tol: float,
    chunk_size: int | None,
    keep_equilibria: bool,
    progress: Callable[[int], None] | None = None,
    parameters: Mapping[str, PointValues] | None = None,
    base: Mapping[str, Fraction] | None = None,
    title: str = "",
    ties: Callable[[int, int], Ties] | None = None,
) -> BatchResult:
    """Solve chunk by chunk: batched floats first; where flagged, vertex enumeration in floats
    with the payoffs' structural ties (``ties``, two players); then the exact solver."""
    from negotiation.solvers import solve

    two_players = len(shape) == 2
    supports = pair_supports(shape) if two_players else cell_supports(shape)
    size = chunk_size or _default_chunk(shape, two_players)
    outcome = np.empty(count, dtype=np.intp)
    exact = np.zeros(count, dtype=bool)
    degenerate = np.zeros(count, dtype=bool)
    collected = _Collected()
    for start in range(0, count, size):
        stop = min(start + size, count)
        payoffs = chunk_payoffs(start, stop)
        if two_players:
            found, flagged, profiles, values = bimatrix_chunk(*payoffs, tol, keep_equilibria)
        else:
            found, flagged, profiles, values = pure_chunk(payoffs, tol)
        found[:, flagged] = False
        outcome[start:stop] = outcome_codes(found, supports, collected.code)
        if keep_equilibria:
            pairs, points = np.nonzero(found)
            collected.rows.append(
                (
                    start + points,
                    tuple(profile[pairs, :, points] for profile in profiles),
                    np.stack([value[pairs, points] for value in values], axis=-1),
                )
            )
        if ties is not None and flagged.any():
            settled, codes, ties_degenerate = _vertex_settle(
                payoffs, flagged, ties(start, stop), tol, start, collected
            )
            outcome[start + settled] = codes
            degenerate[start + settled] = ties_degenerate
            flagged[settled] = False
        exact[start:stop] = flagged
        for local in np.flatnonzero(flagged):
            point = start + int(local)
            result = solve(exact_game(point), method="auto" if two_players else "pure")
            outcome[point] = collected.code(result_outcome(result))
            degenerate[point] = result.degenerate
            if keep_equilibria:
                collected.exact_results[point] = result
                collected.rows.append(result_rows(point, result))
        if progress is not None:
            progress(stop - start)
    return BatchResult(
        players=labels[0],
        strategies=labels[1],
        outcomes=tuple(collected.outcomes),
        outcome=outcome,
        exact=exact,
        degenerate=degenerate,
        complete=two_players,
        tol=tol,
        equilibria=table(collected.rows, shape) if keep_equilibria else None,
        exact_results=collected.exact_results,
        parameters=parameters if parameters is not None else {},
        base=dict(base or {}),
        title=title,
    )


def _constant(ties: Ties) -> Callable[[int, int], Ties]:
    """The same ties for every chunk (a scenario's, from its formulas)."""
    return lambda _start, _stop: ties


def _vertex_settle(
    payoffs: tuple[np.ndarray, np.ndarray],
    flagged: np.ndarray,
    ties: Ties,
    tol: float,
    start: int,
    collected: _Collected,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The flagged points that vertex enumeration with structural ties settles (indices in
    the chunk), their outcome codes and whether each game is degenerate; their equilibria go
    to ``collected``."""
    where = np.flatnonzero(flagged)
    row_payoff, column_payoff = (payoff[..., where] for payoff in payoffs)
    ties = Ties(
        *(
            array[..., where] if array.shape[-1] > 1 else array
            for array in (ties.rows, ties.columns)
        )
    )
    settled, (point, x, y), degenerate = vertex_chunk(row_payoff, column_payoff, ties, tol)
    row_value = np.einsum("em,mne,en->e", x, row_payoff[..., point], y)
    column_value = np.einsum("em,mne,en->e", x, column_payoff[..., point], y)
    collected.rows.append(
        (start + where[point], (x, y), np.stack([row_value, column_value], axis=-1))
    )
    codes = row_outcome_codes(point, (x > 0, y > 0), len(where), collected.code)
    return where[settled], codes[settled], degenerate[settled]


def _default_chunk(shape: tuple[int, ...], two_players: bool) -> int:
    if two_players:
        rows, columns = shape
        widest = max(math.comb(rows, k) * math.comb(columns, k) for k in range(1, min(shape) + 1))
        per_point = widest * (rows + columns)
    else:
        per_point = math.prod(shape) * len(shape)
    return int(min(2**18, max(256, _CHUNK_BUDGET // per_point)))
