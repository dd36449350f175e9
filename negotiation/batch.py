"""One parametric game solved at many parameter points at once, with numpy.

Why: every payoff of a policy model is uncertain, so a conclusion is worth what its robustness
across the parameters' plausible ranges is worth, and showing that takes 10^5 to 10^7 solves.
A loop over a single-game solver costs milliseconds per game; here each step of support
enumeration is one numpy operation across all the points of a chunk.

The steps, for each chunk of points:

1. Evaluate the payoff formulas on arrays of parameter values: the formula tree evaluates
   elementwise, playing the part of sympy's ``lambdify`` without importing sympy.
2. Rescale each player's payoffs to [0, 1] at each point (a positive affine change alters no
   best response), so that one tolerance suits every model.
3. Two players: support enumeration (Algorithm 3.4 of von Stengel, "Equilibrium computation for
   two-player games in strategic and extensive form", ch. 3 of Nisan et al., *Algorithmic Game
   Theory*, 2007) over every pair of supports of equal size ``k``, batched across points and
   pairs.  For a pair ``(I, J)`` the column player's mix on ``J`` that makes the row player
   indifferent over ``I`` spans the null space of the ``(k-1) x k`` matrix of payoff
   differences: its entries are the signed maximal minors (explicit determinants up to 3x3),
   normalised to sum to one.  Then every probability must be positive and every strategy
   outside the support no better, and likewise for the row player's mix.  More players: pure
   equilibria only, from best-response masks along each player's axis.
4. Each comparison has a margin: the tolerance ``tol`` plus a bound on the float error, which
   grows as a system nears singularity.  A comparison that falls within its margin means the
   game is degenerate, or nearly so: a payoff tie, a mixed strategy with more pure best
   responses than its support has strategies, a near-singular system.  Such a point is solved
   again by the exact solver (`negotiation.solvers.solve` on the exact game), so that the
   answer is the exact answer at every point.

Why equal supports are enough elsewhere: a game is degenerate when some mixed strategy with
``k`` strategies in its support has more than ``k`` pure best responses (von Stengel,
Definition 3.2), and in a nondegenerate game every equilibrium has supports of equal size
(Proposition 3.3), each mix the unique solution of its indifference system.  A degenerate mixed
strategy solves one of the systems above, and shows up there as a tie.

Assumption: the float evaluation of the formulas is accurate to about ``1e-13`` of each
player's largest payoff (formulas that cancel large numbers can break this; raise ``tol``).

Examples
--------
>>> payoffs = (np.array([[[3, 0], [5, 1]]]), np.array([[[3, 5], [0, 1]]]))  # one game
>>> result = solve_games(payoffs, players=("Row", "Column"), strategies=(("C", "D"),) * 2)
>>> result.label(0)
'Row: D; Column: D'
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations, product
from pathlib import Path
from typing import IO, TYPE_CHECKING

import numpy as np

from negotiation.errors import FormulaError, ScenarioError
from negotiation.formulas import evaluate_terms
from negotiation.game import Game
from negotiation.results import Equilibrium, SolveResult, json_number
from negotiation.values import closest

if TYPE_CHECKING:
    from negotiation.scenario import Scenario

__all__ = [
    "BatchResult",
    "EquilibriumTable",
    "evaluate_payoffs",
    "outcome_label",
    "read_points",
    "result_outcome",
    "solve_batch",
    "solve_games",
]

# Within this distance of a tie (on payoffs rescaled to [0, 1], and on probabilities) a
# comparison is too close to call in floats: the point goes to the exact solver.
DEFAULT_TOL = 1e-9
# The assumed relative accuracy of the float payoffs (formula evaluation), see the docstring.
_PAYOFF_ACCURACY = 1e-13
# A chunk's largest working arrays hold about this many numbers (about 30 MB each).
_CHUNK_BUDGET = 2**16 * 54

# Each equilibrium, player by player, as the strategies it uses: the ``support`` of
# `Equilibrium`.  An outcome is the tuple of the supports of every equilibrium at a point.
Support = tuple[tuple[int, ...], ...]
Outcome = tuple[Support, ...]
# A parameter's values at the points: floats (taken as their exact binary value), or exact
# numbers as Fractions, ints or strings such as "0.1" or "3/2" (read exactly: 1/10, 3/2).
PointValues = np.ndarray


@dataclass(frozen=True)
class EquilibriumTable:
    """Every equilibrium found, one row each, ordered by point then as `solve` orders them.

    Attributes
    ----------
    point : numpy.ndarray
        ``(E,)`` index of the point each equilibrium belongs to.
    profiles : tuple of numpy.ndarray
        One ``(E, s_i)`` array per player: the probability of each of its strategies.
    payoffs : numpy.ndarray
        ``(E, n)`` expected payoff of each player.
    """

    point: np.ndarray
    profiles: tuple[np.ndarray, ...]
    payoffs: np.ndarray

    def __len__(self) -> int:
        return len(self.point)

    def rows(self, point: int) -> slice:
        """The rows of one point's equilibria."""
        start, stop = np.searchsorted(self.point, [point, point + 1])
        return slice(int(start), int(stop))


@dataclass(frozen=True)
class BatchResult:
    """The equilibria of one game at many points, and how each point was solved.

    Attributes
    ----------
    players, strategies : tuple
        The labels of the game.
    outcomes : tuple of Outcome
        The distinct outcomes met; ``outcome`` indexes into it.  An outcome is the sorted
        tuple of the equilibria's supports: what a policy conclusion is about.
    outcome : numpy.ndarray
        ``(N,)`` the outcome code of each point.
    exact : numpy.ndarray
        ``(N,)`` whether the point went to the exact solver (degenerate or nearly so); the
        others were solved in floats with every comparison clear of its margin.
    degenerate : numpy.ndarray
        ``(N,)`` whether the exact solver found the game degenerate (False where not called).
    complete : bool
        Whether every equilibrium was sought: True for two players; for more, pure ones only.
    tol : float
        The tolerance used (on payoffs rescaled to [0, 1], and on probabilities).
    equilibria : EquilibriumTable or None
        Every equilibrium as floats; None when not kept (``keep_equilibria=False``).
    exact_results : mapping of int to SolveResult
        The exact solver's answer at the points it solved, when equilibria are kept.
    parameters : mapping of str to numpy.ndarray
        The parameter values given for the points, as given.
    base : mapping of str to Fraction
        Every parameter's value apart from the points, in the scenario's order; ``parameters``
        override it.
    """

    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    outcomes: tuple[Outcome, ...]
    outcome: np.ndarray
    exact: np.ndarray
    degenerate: np.ndarray
    complete: bool
    tol: float
    equilibria: EquilibriumTable | None = None
    exact_results: Mapping[int, SolveResult] = field(default_factory=dict)
    parameters: Mapping[str, PointValues] = field(default_factory=dict)
    base: Mapping[str, Fraction] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.outcome)

    @property
    def labels(self) -> tuple[str, ...]:
        """The text of each outcome in ``outcomes``."""
        return tuple(
            outcome_label(outcome, self.players, self.strategies, pure_only=not self.complete)
            for outcome in self.outcomes
        )

    def label(self, point: int) -> str:
        """``Alice: Stag; Bob: Stag | Alice: Hare; Bob: Hare``: the outcome at a point."""
        return outcome_label(
            self.outcomes[self.outcome[point]],
            self.players,
            self.strategies,
            pure_only=not self.complete,
        )

    def values(self, point: int) -> dict[str, Fraction | float]:
        """Every parameter's value at a point: exact where it was given exactly."""
        values: dict[str, Fraction | float] = dict(self.base)
        for name, array in self.parameters.items():
            values[name] = _given_value(array, point)
        return values

    def equilibria_at(self, point: int) -> tuple[Equilibrium, ...]:
        """The equilibria at a point: exact where the exact solver ran, floats elsewhere."""
        if point in self.exact_results:
            return self.exact_results[point].equilibria
        if self.equilibria is None:
            msg = "equilibria were not kept: solve with keep_equilibria=True"
            raise ValueError(msg)
        rows = self.equilibria.rows(point)
        return tuple(
            Equilibrium(
                tuple(
                    tuple(float(p) for p in profile[row]) for profile in self.equilibria.profiles
                ),
                tuple(float(value) for value in self.equilibria.payoffs[row]),
            )
            for row in range(rows.start, rows.stop)
        )

    def _by_point(self) -> Iterator[list[tuple[list[list], list]]]:
        """Each point's equilibria as plain lists (probabilities per player, payoffs): exact
        numbers where the exact solver ran, floats elsewhere.  Fast enough for 10^6 rows."""
        if self.equilibria is None:
            msg = "equilibria were not kept: solve with keep_equilibria=True"
            raise ValueError(msg)
        table = self.equilibria
        bounds = np.searchsorted(table.point, np.arange(len(self) + 1)).tolist()
        profiles = [profile.tolist() for profile in table.profiles]
        payoffs = table.payoffs.tolist()
        for point in range(len(self)):
            if point in self.exact_results:
                yield [
                    ([list(mixed) for mixed in eq.profile], list(eq.payoffs))
                    for eq in self.exact_results[point].equilibria
                ]
            else:
                yield [
                    ([profile[row] for profile in profiles], payoffs[row])
                    for row in range(bounds[point], bounds[point + 1])
                ]

    def to_json(self) -> dict:
        """``{"points": [{"parameters": ..., "equilibria": [...]}, ...]}``.

        Each point's ``parameters`` are those given per point; ``fixed`` holds the others.
        Each equilibrium is as in ``negotiation solve --json``.  Exact numbers are strings:
        the equilibria at exactly solved points as ``"p/q"``, parameters given exactly as
        given (``"0.1"``, ``"3/2"``); floats are JSON numbers.
        """
        columns = {name: _json_column(array) for name, array in self.parameters.items()}
        labels = self.labels
        exact = self.exact_results
        points = []
        for point, equilibria in enumerate(self._by_point()):
            points.append(
                {
                    "parameters": {name: column[point] for name, column in columns.items()},
                    "outcome": labels[self.outcome[point]],
                    "exact": bool(self.exact[point]),
                    "degenerate": bool(self.degenerate[point]),
                    "equilibria": [
                        _equilibrium_json(
                            self.players, self.strategies, profile, payoffs, exact=point in exact
                        )
                        for profile, payoffs in equilibria
                    ],
                }
            )
        return {
            "players": list(self.players),
            "strategies": {
                player: list(labels)
                for player, labels in zip(self.players, self.strategies, strict=True)
            },
            "complete": self.complete,
            "tolerance": self.tol,
            "fixed": {
                name: json_number(value)
                for name, value in self.base.items()
                if name not in self.parameters
            },
            "points": points,
        }

    def write_csv(self, handle: IO[str]) -> None:
        """One row per point and equilibrium: the point's parameters, whether it was solved
        exactly, the equilibrium's number, probabilities (``Player:Strategy`` columns) and
        payoffs (``payoff:Player``).

        A point without equilibria (possible when only pure ones are sought) gets one row with
        those cells empty, so that every point appears.
        """
        writer = csv.writer(handle, lineterminator="\n")
        strategy_columns = [
            f"{player}:{label}"
            for player, labels in zip(self.players, self.strategies, strict=True)
            for label in labels
        ]
        writer.writerow(
            [
                "point",
                *self.parameters,
                "exact",
                "equilibrium",
                *strategy_columns,
                *(f"payoff:{player}" for player in self.players),
            ]
        )
        columns = [_csv_column(array) for array in self.parameters.values()]
        empty = [""] * (1 + len(strategy_columns) + len(self.players))
        for point, equilibria in enumerate(self._by_point()):
            head = [
                str(point + 1),
                *(column[point] for column in columns),
                "true" if self.exact[point] else "false",
            ]
            if not equilibria:
                writer.writerow(head + empty)
            for number, (profile, payoffs) in enumerate(equilibria, start=1):
                writer.writerow(
                    [
                        *head,
                        str(number),
                        *(_csv_number(p) for mixed in profile for p in mixed),
                        *(_csv_number(value) for value in payoffs),
                    ]
                )


def _equilibrium_json(
    players: Sequence[str],
    strategies: Sequence[Sequence[str]],
    profile: Sequence[Sequence[Fraction | float]],
    payoffs: Sequence[Fraction | float],
    exact: bool,
) -> dict:
    """`Equilibrium.to_json` from plain lists: the same object, without building one."""
    number = json_number if exact else float
    return {
        "profile": {
            player: {label: number(p) for label, p in zip(labels, mixed, strict=True) if p}
            for player, labels, mixed in zip(players, strategies, profile, strict=True)
        },
        "payoffs": {player: number(value) for player, value in zip(players, payoffs, strict=True)},
        "pure": all(sum(1 for p in mixed if p) == 1 for mixed in profile),
    }


def outcome_label(
    outcome: Outcome,
    players: Sequence[str],
    strategies: Sequence[Sequence[str]],
    pure_only: bool = False,
) -> str:
    """An outcome in words: each equilibrium's supports, equilibria joined by `` | ``.

    Examples
    --------
    >>> outcome_label((((0,), (0,)), ((0, 1), (0, 1))), ["Ann", "Bob"], [["a", "b"]] * 2)
    'Ann: a; Bob: a | Ann: a + b; Bob: a + b'
    """
    if not outcome:
        return "no pure equilibrium" if pure_only else "no equilibrium"
    return " | ".join(
        "; ".join(
            f"{player}: {' + '.join(labels[k] for k in used)}"
            for player, labels, used in zip(players, strategies, support, strict=True)
        )
        for support in outcome
    )


# -- evaluating payoffs ---------------------------------------------------------------------


def evaluate_payoffs(
    scenario: Scenario,
    points: Mapping[str, PointValues],
    base: Mapping[str, Fraction] | None = None,
) -> tuple[np.ndarray, ...]:
    """The scenario's payoffs at every point, in floats.

    Parameters
    ----------
    scenario : Scenario
    points : mapping of str to numpy.ndarray
        Values of some parameters, one array of length ``N`` each.
    base : mapping of str to Fraction, optional
        Values of the other parameters (default: the scenario's baseline).

    Returns
    -------
    tuple of numpy.ndarray
        One array per player, of shape ``(N, s_1, ..., s_n)``.

    Raises
    ------
    ScenarioError
        For an unknown parameter name or a value that is not a finite number.
    FormulaError
        Where a payoff is not finite (a division by zero), naming the first such point.
    """
    count = _check_points(scenario, points)
    floats = {name: _float_values(name, array) for name, array in points.items()}
    arrays = _evaluate(scenario, floats, _base_values(scenario, base), count, points, 0)
    return tuple(np.moveaxis(array, -1, 0) for array in arrays)


def _evaluate(
    scenario: Scenario,
    floats: Mapping[str, np.ndarray],
    base: Mapping[str, Fraction],
    count: int,
    points: Mapping[str, PointValues],
    offset: int,
) -> tuple[np.ndarray, ...]:
    values: dict = {name: float(value) for name, value in base.items()}
    values.update(floats)
    scope = evaluate_terms(scenario.terms, values)
    shape = tuple(len(labels) for labels in scenario.strategies)
    arrays = tuple(np.empty((*shape, count)) for _ in scenario.players)  # points last
    for cell, profile in zip(
        product(*(range(size) for size in shape)), product(*scenario.strategies), strict=True
    ):
        for array, formula in zip(arrays, scenario.payoff_formulas[profile], strict=True):
            array[cell] = formula.evaluate(scope)
    for array in arrays:
        finite = np.isfinite(array.reshape(-1, count)).all(axis=0)
        if not finite.all():
            point = int(np.argmin(finite))
            exact = {**base, **{name: _exact_value(v, point) for name, v in points.items()}}
            try:
                scenario.game(exact)
            except FormulaError as error:
                msg = f"at point {offset + point + 1}: {error.message}"
                raise FormulaError(msg, file=error.file, key=error.key) from None
            msg = f"at point {offset + point + 1}: a payoff overflows floating point"
            raise FormulaError(msg, file=scenario.path)
    return arrays


# -- solving ---------------------------------------------------------------------------------


def solve_batch(
    scenario: Scenario,
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
    scenario : Scenario
    points : mapping of str to numpy.ndarray
        Values of some parameters, one array of length ``N`` each: floats (whose exact binary
        value is the point), or exact values (Fraction, int or text such as ``"3/2"``).
    base : mapping of str to Fraction, optional
        Values of the parameters not in ``points`` (default: the scenario's baseline); pass
        ``scenario.values(presets, overrides)`` to apply presets.
    tol : float
        Comparisons closer than this (payoffs rescaled to [0, 1]; probabilities) send the
        point to the exact solver.
    chunk_size : int, optional
        Points solved together; the default keeps each working array near 30 MB.
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
    count = _check_points(scenario, points)
    base_values = _base_values(scenario, base)
    floats = {name: _float_values(name, array) for name, array in points.items()}

    def chunk_payoffs(start: int, stop: int) -> tuple[np.ndarray, ...]:
        part = {name: array[start:stop] for name, array in floats.items()}
        return _evaluate(scenario, part, base_values, stop - start, points, start)

    def exact_game(point: int) -> Game:
        exact = {name: _exact_value(array, point) for name, array in points.items()}
        return scenario.game({**base_values, **exact})

    shape = tuple(len(labels) for labels in scenario.strategies)
    return _solve(
        shape,
        count,
        chunk_payoffs,
        exact_game,
        labels=(scenario.player_names, scenario.strategies),
        tol=tol,
        chunk_size=chunk_size,
        keep_equilibria=keep_equilibria,
        progress=progress,
        parameters=dict(points),
        base=base_values,
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
            [np.vectorize(_exact_number, otypes=[object])(array[point]) for array in arrays],
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
    )


@dataclass
class _Collected:
    """What the chunks found so far: outcome codes, and the equilibrium rows if kept."""

    outcomes: dict[Outcome, int] = field(default_factory=dict)
    rows: list[tuple[np.ndarray, tuple[np.ndarray, ...], np.ndarray]] = field(default_factory=list)
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
) -> BatchResult:
    """Solve chunk by chunk: batched floats first, then the exact solver where flagged."""
    from negotiation.solvers import solve

    two_players = len(shape) == 2
    supports = _pair_supports(shape) if two_players else _cell_supports(shape)
    size = chunk_size or _default_chunk(shape, two_players)
    outcome = np.empty(count, dtype=np.intp)
    exact = np.zeros(count, dtype=bool)
    degenerate = np.zeros(count, dtype=bool)
    collected = _Collected()
    for start in range(0, count, size):
        stop = min(start + size, count)
        payoffs = chunk_payoffs(start, stop)
        if two_players:
            found, flagged, profiles, values = _bimatrix_chunk(*payoffs, tol, keep_equilibria)
        else:
            found, flagged, profiles, values = _pure_chunk(payoffs, tol)
        found[:, flagged] = False
        outcome[start:stop] = _outcome_codes(found, supports, collected)
        exact[start:stop] = flagged
        if keep_equilibria:
            pairs, points = np.nonzero(found)
            collected.rows.append(
                (
                    start + points,
                    tuple(profile[pairs, :, points] for profile in profiles),
                    np.stack([value[pairs, points] for value in values], axis=-1),
                )
            )
        for local in np.flatnonzero(flagged):
            point = start + int(local)
            result = solve(exact_game(point), method="auto" if two_players else "pure")
            outcome[point] = collected.code(result_outcome(result))
            degenerate[point] = result.degenerate
            if keep_equilibria:
                collected.exact_results[point] = result
                collected.rows.append(_result_rows(point, result))
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
        equilibria=_table(collected.rows, len(shape)) if keep_equilibria else None,
        exact_results=collected.exact_results,
        parameters=dict(parameters or {}),
        base=dict(base or {}),
    )


def _default_chunk(shape: tuple[int, ...], two_players: bool) -> int:
    if two_players:
        rows, columns = shape
        widest = max(math.comb(rows, k) * math.comb(columns, k) for k in range(1, min(shape) + 1))
        per_point = widest * (rows + columns)
    else:
        per_point = math.prod(shape) * len(shape)
    return int(min(2**18, max(256, _CHUNK_BUDGET // per_point)))


# -- two players: batched support enumeration -------------------------------------------------
#
# Arrays here hold the points on their last axis: ``payoff[a, b, n]``.  Every reduction is then
# over a leading axis, which numpy does as whole-vector additions, and the small loops over
# strategies and supports run in C over contiguous rows of points.


def _rescaled(payoff: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Payoffs mapped to [0, 1] at each point, with the map and the entries' error bound."""
    flat = payoff.reshape(-1, payoff.shape[-1])
    low = flat.min(axis=0)
    spread = flat.max(axis=0) - low
    largest = np.maximum(np.abs(low), np.abs(low + spread))
    spread = np.where(spread > 0, spread, 1.0)
    rescaled = (payoff - low) / spread
    noise = _PAYOFF_ACCURACY * largest / spread + 4 * np.finfo(float).eps
    return rescaled, low, spread, noise


def _determinant(matrix: np.ndarray) -> np.ndarray:
    """Determinants of ``matrix[i, j, ...]`` (matrix axes first), written out up to 3x3."""
    size = len(matrix)
    if size == 0:
        return np.ones(matrix.shape[2:])
    if size == 1:
        return matrix[0, 0]
    if size == 2:
        return matrix[0, 0] * matrix[1, 1] - matrix[0, 1] * matrix[1, 0]
    if size == 3:
        return (
            matrix[0, 0] * (matrix[1, 1] * matrix[2, 2] - matrix[1, 2] * matrix[2, 1])
            - matrix[0, 1] * (matrix[1, 0] * matrix[2, 2] - matrix[1, 2] * matrix[2, 0])
            + matrix[0, 2] * (matrix[1, 0] * matrix[2, 1] - matrix[1, 1] * matrix[2, 0])
        )
    return np.linalg.det(np.moveaxis(matrix, (0, 1), (-2, -1)))


def _null_vector(differences: np.ndarray) -> np.ndarray:
    """A vector spanning the null space of each ``(k-1) x k`` matrix ``differences[:, :, ...]``.

    Its entries are the signed maximal minors, ``w_j = (-1)^j det(D without column j)``: each
    row ``r`` of ``D`` gives ``r . w = det([r; D]) = 0``, a determinant with a repeated row.
    ``w`` is zero when ``D`` has lower rank.
    """
    size = differences.shape[1]
    columns = np.arange(size)
    return np.stack(
        [
            (-1) ** column * _determinant(differences[:, columns != column])
            for column in range(size)
        ]
    )


@dataclass(frozen=True)
class _Side:
    """One player's side of each support pair at each point (arrays of shape (P, N))."""

    mix: np.ndarray  # the other player's mix on its support, (k, P, N)
    value: np.ndarray  # the indifferent player's payoff, rescaled
    holds: np.ndarray  # every condition holds with room to spare
    unclear: np.ndarray  # no condition fails clearly, yet one is within its margin


def _indifference(
    payoff: np.ndarray, noise: np.ndarray, own: np.ndarray, other: np.ndarray, tol: float
) -> _Side:
    """The mix on ``other`` making ``own`` equally good, and whether that suits an equilibrium.

    ``payoff[a, b, n]`` is the indifferent player's rescaled payoff at point ``n`` when it
    plays ``a`` and the other plays ``b``; ``own`` and ``other`` are ``(P, k)`` supports.  The
    mix is the null vector ``w`` of the payoff differences over ``own``, divided by ``sum(w)``.
    Conditions: every probability positive, every strategy outside ``own`` worse.

    Error bound: each entry of ``w`` and ``sum(w)`` errs by at most ``E = noise 2^k k!``, so a
    probability ``w_j / s`` errs by at most ``E (1 + |p_j|) / (|s| - E)``.  When
    ``|s| <= 2E`` the system is (nearly) singular: if ``w`` has entries clearly of both signs
    there is no probability solution (one entry is negative whatever the sign of ``s``), and
    `_dominated` may rule the pair out; otherwise the point is unclear.
    """
    size = own.shape[1]
    pairs = np.arange(len(own))
    block = payoff[own.T[:, None, :], other.T[None, :, :]]  # (k, k, P, N)
    if size == 1:  # a pure strategy: nothing to solve
        mix = np.ones((1, *block.shape[2:]))
        margin = tol + 2 * noise
        gap = block[0, 0] - payoff[:, other[:, 0]]  # > 0: worse than the support
        gap[own[:, 0], pairs] = np.inf
        holds = (gap > margin).all(axis=0)
        fails = (gap < -margin).any(axis=0)
        return _Side(mix, block[0, 0], holds, ~holds & ~fails)
    weights = _null_vector(block[1:] - block[:1])  # (k, P, N)
    total = weights.sum(axis=0)
    error = noise * (2.0**size * math.factorial(size))
    singular = np.abs(total) <= 2 * error
    if singular.any():
        total = np.where(singular, np.inf, total)
    mix = weights / total
    spread = error / (np.abs(total) - error)
    mix_error = spread * (1 + np.abs(mix))
    value = (block[0] * mix).sum(axis=0)
    gap = value - payoff[:, other[:, 0]] * mix[0]  # > 0: worse than the support
    for column in range(1, size):
        gap -= payoff[:, other[:, column]] * mix[column]
    gap[own.T, pairs] = np.inf
    margin = tol + 2 * mix_error.sum(axis=0) + 2 * noise * np.abs(mix).sum(axis=0)
    limit = tol + mix_error
    holds = (mix > limit).all(axis=0) & (gap > margin).all(axis=0) & ~singular
    fails = (mix < -limit).any(axis=0) | (gap < -margin).any(axis=0)
    if singular.any():
        both_signs = (weights.max(axis=0) > 2 * error) & (weights.min(axis=0) < -2 * error)
        unsettled = singular & ~both_signs
        settled = both_signs | _dominated(payoff, noise, own, other, tol, unsettled)
        fails = np.where(singular, settled, fails)
    return _Side(mix, value, holds, ~holds & ~fails)


def _dominated(
    payoff: np.ndarray,
    noise: np.ndarray,
    own: np.ndarray,
    other: np.ndarray,
    tol: float,
    where: np.ndarray,
) -> np.ndarray:
    """Whether some strategy beats one of ``own`` at every strategy of ``other``.

    A rank-deficient system has a continuum of solutions, which the float test cannot judge.
    But when a strategy of ``own`` is beaten everywhere on ``other`` (by one outside ``own``,
    or by one inside, which then cannot be equally good), no mix on ``other`` makes ``own`` a
    set of equally good best responses, and the pair is out.  The structural ties of policy
    models (two strategies equal against some of the other's) are usually settled this way.
    Computed only at the ``(P, N)`` entries in ``where``.
    """
    result = np.zeros(where.shape, dtype=bool)
    pairs, points = np.nonzero(where)
    if len(points) == 0:
        return result
    strategies = np.arange(payoff.shape[0])[None, :, None]
    columns = payoff[strategies, other[pairs][:, None, :], points[:, None, None]]  # (M, a, k)
    inside = np.take_along_axis(columns, own[pairs][:, :, None], axis=1)  # (M, k, k)
    lead = (columns[:, :, None, :] - inside[:, None, :, :]).min(axis=-1)  # (M, a, k)
    margin = (tol + 2 * noise[points])[:, None, None]
    result[pairs, points] = (lead > margin).any(axis=(1, 2))
    return result


def _pair_supports(shape: tuple[int, ...]) -> list[Support]:
    """The support pairs of equal size, in the order `_bimatrix_chunk` uses."""
    rows, columns = shape
    return [
        (row_support, column_support)
        for size in range(1, min(rows, columns) + 1)
        for row_support in combinations(range(rows), size)
        for column_support in combinations(range(columns), size)
    ]


def _bimatrix_chunk(
    row_payoff: np.ndarray, column_payoff: np.ndarray, tol: float, keep: bool = True
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """Support enumeration at every point of a chunk (payoffs ``(m, n, N)``).

    Without ``keep`` only ``found`` and ``flagged`` are computed (the rest is empty).

    Returns
    -------
    found : (P, N) bool
        Support pair ``p`` (in `_pair_supports` order) is an equilibrium at point ``n``.
    flagged : (N,) bool
        The point needs the exact solver.
    profiles : tuple of (P, s_i, N) arrays
        Each player's mix for each pair.
    values : tuple of (P, N) arrays
        Each player's payoff for each pair.
    """
    rows, columns, count = row_payoff.shape
    row_scaled, row_low, row_spread, row_noise = _rescaled(row_payoff)
    column_scaled, column_low, column_spread, column_noise = _rescaled(column_payoff)
    column_scaled = column_scaled.transpose(1, 0, 2)  # the column player's own strategies first
    found, row_mixes, column_mixes, row_values, column_values = [], [], [], [], []
    flagged = np.zeros(count, dtype=bool)
    for size in range(1, min(rows, columns) + 1):
        pairs = [
            (row_support, column_support)
            for row_support in combinations(range(rows), size)
            for column_support in combinations(range(columns), size)
        ]
        own_rows = np.array([pair[0] for pair in pairs], dtype=np.intp)
        own_columns = np.array([pair[1] for pair in pairs], dtype=np.intp)
        # The column player's mix makes the row player indifferent, and the other way round.
        column_side = _indifference(row_scaled, row_noise, own_rows, own_columns, tol)
        row_side = _indifference(column_scaled, column_noise, own_columns, own_rows, tol)
        flagged |= (column_side.unclear | row_side.unclear).any(axis=0)
        found.append(column_side.holds & row_side.holds)
        if not keep:
            continue
        index = np.arange(len(pairs))
        row_mix = np.zeros((len(pairs), rows, count))
        row_mix[index, own_rows.T] = row_side.mix
        column_mix = np.zeros((len(pairs), columns, count))
        column_mix[index, own_columns.T] = column_side.mix
        row_mixes.append(row_mix)
        column_mixes.append(column_mix)
        row_values.append(row_low + row_spread * column_side.value)
        column_values.append(column_low + column_spread * row_side.value)
    if not keep:
        return np.concatenate(found), flagged, (), ()
    return (
        np.concatenate(found),
        flagged,
        (np.concatenate(row_mixes), np.concatenate(column_mixes)),
        (np.concatenate(row_values), np.concatenate(column_values)),
    )


# -- any number of players: pure equilibria ---------------------------------------------------


def _cell_supports(shape: tuple[int, ...]) -> list[Support]:
    return [tuple((k,) for k in cell) for cell in product(*(range(size) for size in shape))]


def _pure_chunk(
    payoffs: tuple[np.ndarray, ...], tol: float
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """Pure equilibria at every point (payoffs ``(s_1, ..., s_n, N)``): each player's
    strategy is its unique best response.

    A point where some player has two best responses within the margin (a tie) is flagged for
    the exact solver, as `solve(method="pure")` would call the game degenerate.
    """
    *shape, count = payoffs[0].shape
    cells = math.prod(shape)
    equilibrium = np.ones(payoffs[0].shape, dtype=bool)
    flagged = np.zeros(count, dtype=bool)
    for player, payoff in enumerate(payoffs):
        scaled, _, _, noise = _rescaled(payoff)
        best = scaled.max(axis=player, keepdims=True)
        near = scaled >= best - (tol + 2 * noise)
        flagged |= (near.sum(axis=player) > 1).reshape(-1, count).any(axis=0)
        equilibrium &= near
    found = equilibrium.reshape(cells, count)
    profiles = []
    for player, size in enumerate(shape):
        chosen = np.array([cell[player] for cell in product(*(range(s) for s in shape))])
        profile = np.zeros((cells, size, 1))
        profile[np.arange(cells), chosen] = 1.0
        profiles.append(np.broadcast_to(profile, (cells, size, count)))
    values = tuple(payoff.reshape(cells, count) for payoff in payoffs)
    return found, flagged, tuple(profiles), values


# -- collecting answers -----------------------------------------------------------------------


def _outcome_codes(
    found: np.ndarray, supports: list[Support], collected: _Collected
) -> np.ndarray:
    """The outcome code of each point from its found pairs ``(P, N)``: one sort per chunk."""
    if found.shape[1] == 0:
        return np.empty(0, dtype=np.intp)
    packed = np.packbits(found, axis=0)  # (bytes, N)
    if len(packed) <= 8:
        keys = np.zeros(found.shape[1], dtype=np.uint64)
        for byte in packed:
            keys = (keys << np.uint64(8)) | byte
        unique, inverse = np.unique(keys, return_inverse=True)
        unique_rows = (
            (unique[:, None] >> np.arange(8 * (len(packed) - 1), -1, -8, dtype=np.uint64))
            & np.uint64(255)
        ).astype(np.uint8)
    else:
        unique_rows, inverse = np.unique(packed.T, axis=0, return_inverse=True)
    columns = np.unpackbits(unique_rows, axis=1, count=len(found)).astype(bool)
    codes = np.array(
        [collected.code(tuple(supports[p] for p in np.flatnonzero(row))) for row in columns],
        dtype=np.intp,
    )
    return codes[inverse.reshape(-1)]


def _support_key(support: Support) -> tuple:
    return (sum(len(used) for used in support), support)


def result_outcome(result: SolveResult) -> Outcome:
    """The outcome of a single solve: its equilibria's supports, sorted as the batch sorts."""
    return tuple(sorted((eq.support() for eq in result.equilibria), key=_support_key))


def _result_rows(
    point: int, result: SolveResult
) -> tuple[np.ndarray, tuple[np.ndarray, ...], np.ndarray]:
    equilibria = result.equilibria
    shape = result.game.shape
    profiles = tuple(
        np.array([[float(p) for p in eq.profile[player]] for eq in equilibria]).reshape(
            len(equilibria), size
        )
        for player, size in enumerate(shape)
    )
    payoffs = np.array([[float(v) for v in eq.payoffs] for eq in equilibria]).reshape(
        len(equilibria), len(shape)
    )
    return np.full(len(equilibria), point, dtype=np.intp), profiles, payoffs


def _table(
    rows: list[tuple[np.ndarray, tuple[np.ndarray, ...], np.ndarray]], players: int
) -> EquilibriumTable:
    """All rows, sorted by point, then as `solve` sorts: pure first, then by probabilities."""
    if not rows:
        return EquilibriumTable(np.empty(0, dtype=np.intp), (), np.empty((0, players)))
    point = np.concatenate([row[0] for row in rows])
    profiles = tuple(np.concatenate([row[1][k] for row in rows]) for k in range(players))
    payoffs = np.concatenate([row[2] for row in rows])
    flat = np.concatenate(profiles, axis=1)
    pure = ((flat > 0).reshape(len(flat), -1).sum(axis=1)) == players
    # Rounded, so that probabilities equal in exact arithmetic sort as the exact solver's do.
    keys = -np.round(flat, 9)
    order = np.lexsort((*(keys[:, k] for k in reversed(range(flat.shape[1]))), ~pure, point))
    return EquilibriumTable(
        point[order], tuple(profile[order] for profile in profiles), payoffs[order]
    )


# -- points: checking, reading, exact values ---------------------------------------------------


def _check_points(scenario: Scenario, points: Mapping[str, PointValues]) -> int:
    lengths = set()
    for name, array in points.items():
        if name not in scenario.parameters:
            msg = (
                f"unknown parameter {name!r}{closest(name, tuple(scenario.parameters))}; "
                f"parameters: {', '.join(scenario.parameters) or 'none'}"
            )
            raise ScenarioError(msg, file=scenario.path)
        if np.ndim(array) != 1:
            msg = f"the values of {name!r} must be a one-dimensional array"
            raise ScenarioError(msg, file=scenario.path)
        lengths.add(len(array))
    if len(lengths) > 1:
        msg = f"parameter arrays of different lengths: {sorted(lengths)}"
        raise ScenarioError(msg, file=scenario.path)
    if not lengths:
        msg = "no parameter values given: name at least one parameter"
        raise ScenarioError(msg, file=scenario.path)
    return lengths.pop()


def _base_values(scenario: Scenario, base: Mapping[str, Fraction] | None) -> dict:
    values = scenario.baseline()
    values.update(base or {})
    return values


def _float_values(name: str, array: PointValues) -> np.ndarray:
    """A parameter's values as floats; exact values are rounded to nearest."""
    array = np.asarray(array)
    try:
        if array.dtype.kind == "O":  # Python's float() is faster than numpy's cast here
            floats = np.fromiter(map(float, array), dtype=float, count=len(array))
        else:
            floats = array.astype(float)
    except (TypeError, ValueError):
        floats = _floats([_exact_number(value, name) for value in array.tolist()])
    if not np.isfinite(floats).all():
        index = int(np.argmin(np.isfinite(floats)))
        msg = f"value {array[index]!r} of {name!r} at point {index + 1} is not a finite number"
        raise ScenarioError(msg)
    return floats


def _floats(values: Sequence[object]) -> np.ndarray:
    """Exact numbers (or their text) rounded to floats; too large ones become infinite."""
    try:
        return np.asarray(values).astype(float)
    except (TypeError, ValueError):
        pass
    floats = []
    for value in values:
        try:
            floats.append(float(_exact_number(value)))
        except OverflowError:
            floats.append(math.inf)
    return np.array(floats, dtype=float)


def _exact_number(value: object, name: str = "payoff") -> Fraction:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        msg = f"{name}: expected a number, got {value!r}"
        raise ScenarioError(msg)
    if isinstance(value, int | float | Fraction):
        return Fraction(value)
    try:
        return Fraction(str(value).strip())
    except (ValueError, ZeroDivisionError):
        msg = f"{name}: expected a number such as 3, 2.5 or 3/2, got {value!r}"
        raise ScenarioError(msg) from None


def _exact_value(array: PointValues, point: int) -> Fraction:
    """The exact value at a point: a float's binary value, or the exact number given."""
    return _exact_number(np.asarray(array)[point])


def _given_value(array: PointValues, point: int) -> Fraction | float:
    array = np.asarray(array)
    if array.dtype.kind == "f":
        return float(array[point])
    return _exact_number(array[point])


def _json_column(array: PointValues) -> list:
    """Floats as numbers; exact values as strings: text as given, Fractions as ``p/q``."""
    return _column(array, lambda value: value)


def _csv_column(array: PointValues) -> list[str]:
    return _column(array, repr)


def _column(array: PointValues, float_format: Callable[[float], object]) -> list:
    values = np.asarray(array)
    if values.dtype.kind == "f":
        return [float_format(value) for value in values.tolist()]
    values = values.tolist()
    if all(type(value) is str for value in values):  # text read from a file: as given
        return values
    return _cached(values, lambda value: str(_exact_number(value)))


def _cached(values: list, convert: Callable[[object], str]) -> list[str]:
    """``convert`` each value, once per distinct value (grids repeat values)."""
    seen: dict = {}
    return [
        seen[value] if value in seen else seen.setdefault(value, convert(value))
        for value in values
    ]


def _csv_number(value: Fraction | float) -> str:
    return str(value) if isinstance(value, Fraction) else repr(float(value))


_NUMBER = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_DECIMAL = re.compile(_NUMBER)
_DECIMALS = re.compile(f"{_NUMBER}(?:\n{_NUMBER})*")


def read_points(scenario: Scenario, path: str | Path) -> dict[str, np.ndarray]:
    """Parameter points from a CSV file: a header of parameter names, one point per row.

    Values are read exactly (``0.1`` is 1/10, ``3/2`` is allowed); they are returned as text,
    which `solve_batch` takes exactly.  Parameters without a column keep the values the
    solve is given as ``base`` (by default the scenario's).

    Raises
    ------
    ScenarioError
        Naming the file and line: an unknown column (with the closest parameter name), a
        repeated column, a row of the wrong length, a value that is not a finite number, or a
        file without points.
    """
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            lines = list(_rows(handle))
    except FileNotFoundError:
        msg = "no such file"
        raise ScenarioError(msg, file=path) from None
    except UnicodeDecodeError:
        msg = "not a text file (invalid UTF-8)"
        raise ScenarioError(msg, file=path) from None
    except OSError as error:
        msg = f"cannot read: {error.strerror}"
        raise ScenarioError(msg, file=path) from None
    except csv.Error as error:
        msg = f"not a valid CSV file: {error}"
        raise ScenarioError(msg, file=path) from None
    if not lines:
        msg = "empty file: expected a header of parameter names, then one point per row"
        raise ScenarioError(msg, file=path)
    header_line, header = lines[0]
    names = [name.strip() for name in header]
    known = tuple(scenario.parameters)
    for name in names:
        if name not in scenario.parameters:
            msg = (
                f"unknown parameter {name!r} in the header{closest(name, known)}; "
                f"parameters: {', '.join(known) or 'none'}"
            )
            raise ScenarioError(msg, file=path, line=header_line)
        if names.count(name) > 1:
            msg = f"column {name!r} appears twice"
            raise ScenarioError(msg, file=path, line=header_line)
    rows = lines[1:]
    if not rows:
        msg = "no points: the file has a header but no rows"
        raise ScenarioError(msg, file=path)
    for line, row in rows:
        if len(row) != len(names):
            msg = f"{len(row)} values for {len(names)} columns"
            raise ScenarioError(msg, file=path, line=line)
    columns = zip(*(row for _, row in rows), strict=True)
    return {
        name: _read_column(name, column, rows, path)
        for name, column in zip(names, columns, strict=True)
    }


def _read_column(
    name: str, cells: Sequence[str], rows: Sequence[tuple[int, list[str]]], path: Path
) -> np.ndarray:
    """One column's texts, each checked to be a finite number; ``p/q`` in lowest terms."""
    joined = "\n".join(cells)
    if _DECIMALS.fullmatch(joined):  # the common case, in one regex pass
        array = np.array(cells, dtype=object)
        if "e" not in joined and "E" not in joined:  # no exponent: cannot overflow
            return array
    else:
        texts = []
        for (line, _), cell in zip(rows, cells, strict=True):
            text = cell.strip()
            if not _DECIMAL.fullmatch(text):
                try:
                    text = str(Fraction(text))
                except (ValueError, ZeroDivisionError):
                    msg = f"column {name!r}: expected a number such as 3, 2.5 or 3/2, got {cell!r}"
                    raise ScenarioError(msg, file=path, line=line) from None
            texts.append(text)
        array = np.array(texts, dtype=object)
    finite = np.isfinite(_floats(array))
    if not finite.all():
        index = int(np.argmin(finite))
        msg = f"column {name!r}: {array[index]} is too large for floating point"
        raise ScenarioError(msg, file=path, line=rows[index][0])
    return array


def _rows(handle: IO[str]) -> Iterator[tuple[int, list[str]]]:
    """Non-blank CSV rows with their line numbers."""
    reader = csv.reader(handle)
    for row in reader:
        if len(row) > 1 or (row and row[0].strip()):
            yield reader.line_num, row
