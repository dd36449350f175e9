"""Degenerate two-player games, batched: vertex enumeration in floats where every tie is exact.

Why: in some models a tie holds at every point because two payoffs are the same formula (in the
entry game, the incumbent's payoff when the entrant stays out is ``monopoly`` whether it would
fight or accommodate).  Every point is then degenerate, and support enumeration sends each to
the exact solver, at milliseconds a point.  But a tie known from the formulas needs no float
comparison: with it, the exact solver's own method runs in floats, batched, and gives its
answer.

The method is that of `negotiation.solvers.vertex_enumeration` (von Stengel, "Computing
equilibria for two-person games", Handbook of Game Theory vol. 3, 2002, Algorithm 3.5): the
vertices of the best-response polytopes ``P = {x >= 0 : B'^T x <= 1}`` and
``Q = {y >= 0 : A' y <= 1}`` (``A'``, ``B'``: the payoffs rescaled to [1, 2] at each point),
each with its labels (its tight inequalities), and the pairs whose labels cover every strategy.
Every choice of ``m`` inequalities of ``P`` (``n`` of ``Q``) is solved at every point at once
(Cramer's rule), and every other inequality is

- slack, or violated, when its float slack is clear of its error bound (plus ``tol``);
- tight *by structure* when a chosen payoff inequality has the same coefficients on every
  coordinate the choice leaves free (the same formula in a scenario, the same exact number in
  stacked arrays): the two are then equal wherever the solution lies;
- otherwise unclear, and the point goes to the exact solver.

A choice whose system is singular by structure (two chosen inequalities the same on the free
coordinates) defines no vertex that another choice does not; any other near-singular system
sends the point to the exact solver.  So the label sets are exact, which tells vertices apart,
and supports too: a probability is zero exactly when its inequality is a label.  At every
point kept here the equilibria are the exact solver's (its extreme equilibria when the game is
degenerate), their numbers within about ``tol`` of its.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np

from negotiation.batch.scaling import rescaled
from negotiation.batch.support_enumeration import determinant

if TYPE_CHECKING:
    from negotiation.model import Model

__all__ = ["Ties", "formula_ties", "value_ties", "vertex_chunk"]

_EPS = np.finfo(float).eps


@dataclass(frozen=True)
class Ties:
    """Which payoffs are equal by structure (at every point, or per point: a last axis ``N``).

    ``rows[i, k, j]``: the row player's payoffs at ``(i, j)`` and ``(k, j)`` are equal;
    ``columns[j, l, i]``: the column player's payoffs at ``(i, j)`` and ``(i, l)`` are equal.
    """

    rows: np.ndarray  # (m, m, n[, N]) bool
    columns: np.ndarray  # (n, n, m[, N]) bool


def formula_ties(scenario: Model) -> Ties:
    """Payoffs of a two-player scenario that are the same formula: equal at every point."""
    strategies = scenario.strategies
    shape = tuple(len(labels) for labels in strategies)

    def formula(player: int, cell: tuple[int, int]) -> object:
        profile = tuple(labels[k] for labels, k in zip(strategies, cell, strict=True))
        return scenario.payoff_formulas[profile][player]

    m, n = shape
    rows = np.array(
        [
            [[formula(0, (i, j)) == formula(0, (k, j)) for j in range(n)] for k in range(m)]
            for i in range(m)
        ]
    )
    columns = np.array(
        [
            [[formula(1, (i, j)) == formula(1, (i, k)) for i in range(m)] for k in range(n)]
            for j in range(n)
        ]
    )
    return Ties(rows[..., None], columns[..., None])


def value_ties(row_payoff: np.ndarray, column_payoff: np.ndarray) -> Ties:
    """Payoffs equal at each point, for stacked arrays ``(m, n, N)`` of exact values (ints,
    or floats standing for their binary values): equality of values is exact equality."""
    rows = row_payoff[:, None, :, :] == row_payoff[None, :, :, :]  # (m, m, n, N)
    columns = np.moveaxis(column_payoff, 0, -2)  # (n, m, N)
    return Ties(rows, columns[:, None] == columns[None, :])


@dataclass(frozen=True)
class _Polytope:
    """``{z in R^d : z >= 0, M z <= 1}`` at every point, ``M`` of shape ``(r, d, N)``;
    ``same[k, l, c]``: rows ``k`` and ``l`` of ``M`` are equal at coordinate ``c``."""

    matrix: np.ndarray
    same: np.ndarray
    noise: np.ndarray  # (N,) error bound of the entries of M


@dataclass(frozen=True)
class _Vertices:
    """The vertices found for each choice of tight inequalities, ``(K, N)`` arrays.

    Labels are bits: bit ``c`` for ``z_c = 0``, bit ``d + k`` for row ``k`` tight.
    """

    valid: np.ndarray  # a vertex, distinct from those of earlier choices, not the origin
    labels: np.ndarray  # int64 bit sets
    points: np.ndarray  # (d, K, N)
    unclear: np.ndarray  # (N,) some comparison could not be decided
    degenerate: np.ndarray  # (N,) some vertex has more than d labels


def _vertices(polytope: _Polytope, tol: float) -> _Vertices:
    """Every vertex of the polytope at every point (see the module docstring)."""
    rows, dimension, count = polytope.matrix.shape
    delta = polytope.noise + 4 * _EPS  # the error of each entry of M (entries in [1, 2])
    choices = [
        (zeros, chosen)
        for size in range(1, min(rows, dimension) + 1)
        for chosen in combinations(range(rows), size)
        for zeros in combinations(range(dimension), dimension - size)
    ]
    valid = np.zeros((len(choices), count), dtype=bool)
    labels = np.zeros((len(choices), count), dtype=np.int64)
    points = np.zeros((dimension, len(choices), count))
    unclear = np.zeros(count, dtype=bool)
    for index, (zeros, chosen) in enumerate(choices):
        free = [c for c in range(dimension) if c not in zeros]
        solution, error, singular = _solve(polytope.matrix[np.ix_(chosen, free)], delta)
        unclear |= singular & ~_pair_alike(polytope.same, chosen, free)
        points[free, index] = solution
        error_full = np.zeros((dimension, count))
        error_full[free] = error
        infeasible = singular.copy()
        doubt = np.zeros(count, dtype=bool)
        bits = np.full(
            count, sum(1 << c for c in zeros) + sum(1 << (dimension + r) for r in chosen)
        )
        forced = _forced_zeros(polytope, chosen, free, delta)
        for position, coordinate in enumerate(free):
            margin = tol + error[position]
            zero = forced[position] & ~singular
            infeasible |= ~zero & (solution[position] < -margin)
            doubt |= ~zero & (np.abs(solution[position]) <= margin)  # a zero nothing proves
            bits |= np.where(zero, 1 << coordinate, 0)
            points[coordinate, index] = np.where(zero, 0.0, solution[position])
        alike = _rows_alike(polytope.same, chosen, free)
        for row in range(rows):
            if row in chosen:
                continue
            coefficients = polytope.matrix[row]
            slack = 1 - (coefficients * points[:, index]).sum(axis=0)
            margin = tol + (coefficients * error_full).sum(axis=0)
            margin += 4 * delta * np.abs(points[:, index]).sum(axis=0)
            near = np.abs(slack) <= margin
            infeasible |= slack < -margin
            doubt |= near & ~alike[row]
            bits |= np.where(near & alike[row], 1 << (dimension + row), 0)
        unclear |= ~infeasible & doubt
        valid[index] = ~infeasible & ~doubt
        labels[index] = bits
    # One vertex per label set: several choices of tight inequalities give a degenerate vertex.
    first = valid.copy()
    for index in range(1, len(choices)):
        first[index] &= ~(valid[:index] & (labels[:index] == labels[index])).any(axis=0)
    degenerate = (first & (_popcount(labels, rows + dimension) > dimension)).any(axis=0)
    return _Vertices(first, labels, points, unclear, degenerate)


def _solve(block: np.ndarray, delta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``block z = 1`` for each ``(t, t)`` block at each point, by Cramer's rule; the error
    bound of each ``z``; and where the system is too near singular to solve.

    Each determinant of entries in [1, 2] known within ``delta`` errs by at most
    ``E = 2 (delta + eps) t t! 2^t``; then ``z_c = D_c / D`` errs by at most
    ``E (1 + |z_c|) / (|D| - E)``, and ``|D| <= 2E`` counts as singular.
    """
    size = len(block)
    det = determinant(block)
    bound = 2 * (delta + _EPS) * size * math.factorial(size) * 2.0**size
    singular = np.abs(det) <= 2 * bound
    safe = np.where(singular, 1.0, det)
    solution = np.empty((size, *det.shape))
    for position in range(size):
        replaced = block.copy()
        replaced[:, position] = 1.0
        solution[position] = determinant(replaced) / safe
    error = bound * (1 + np.abs(solution)) / np.maximum(np.abs(safe) - bound, bound)
    return solution, error, singular


def _rows_alike(same: np.ndarray, chosen: tuple[int, ...], free: list[int]) -> np.ndarray:
    """``(rows, N)``: whether each row equals some chosen row, by structure, on ``free``: then
    it is tight wherever the chosen one is."""
    alike = same[:, list(chosen)][:, :, free].all(axis=2)  # (rows, chosen, N)
    return alike.any(axis=1)


def _forced_zeros(
    polytope: _Polytope, chosen: tuple[int, ...], free: list[int], delta: np.ndarray
) -> np.ndarray:
    """``(len(free), N)``: free coordinates that the system makes exactly zero by structure.

    Two chosen rows equal, by structure, on every free coordinate but ``c``, where their
    entries clearly differ: subtracting their equations leaves ``(M[k, c] - M[l, c]) z_c = 0``.
    """
    forced = np.zeros((len(free), polytope.matrix.shape[2]), dtype=bool)
    for first, second in combinations(chosen, 2):
        differ = ~polytope.same[first, second][free]  # (free, N)
        alone = differ.sum(axis=0) == 1
        gap = np.abs(polytope.matrix[first, free] - polytope.matrix[second, free])
        forced |= alone & differ & (gap > 4 * delta)
    return forced


def _pair_alike(same: np.ndarray, chosen: tuple[int, ...], free: list[int]) -> np.ndarray:
    """``(N,)``: whether two chosen rows are equal, by structure, on ``free``: a singular
    system, which defines no vertex of its own."""
    found = np.zeros(same.shape[3:], dtype=bool)
    for first, second in combinations(chosen, 2):
        found = found | same[first, second][free].all(axis=0)
    return found


def _popcount(bits: np.ndarray, width: int) -> np.ndarray:
    count = np.zeros(bits.shape, dtype=np.int64)
    for shift in range(width):
        count += (bits >> shift) & 1
    return count


def vertex_chunk(
    row_payoff: np.ndarray, column_payoff: np.ndarray, ties: Ties, tol: float
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
    """Vertex enumeration at every point of a chunk (payoffs ``(m, n, N)``).

    Returns
    -------
    settled : (N,) bool
        The points solved here; the others need the exact solver.
    equilibria : (point, x, y)
        Every extreme equilibrium at the settled points: ``(E,)`` point indices, ``(E, m)``
        and ``(E, n)`` probabilities (exactly zero off the supports), ordered by point.
    degenerate : (N,) bool
        Whether the game is degenerate there (some vertex with extra labels).
    """
    rows, columns, count = row_payoff.shape
    row_scaled, _, _, row_noise = rescaled(row_payoff)
    column_scaled, _, _, column_noise = rescaled(column_payoff)
    p_polytope = _Polytope(
        np.moveaxis(column_scaled + 1, 0, 1),  # (n, m, N): column j's payoffs over rows
        np.broadcast_to(ties.columns, (columns, columns, rows, count)),
        column_noise,
    )
    q_polytope = _Polytope(
        row_scaled + 1,  # (m, n, N)
        np.broadcast_to(ties.rows, (rows, rows, columns, count)),
        row_noise,
    )
    p_vertices = _vertices(p_polytope, tol)
    q_vertices = _vertices(q_polytope, tol)
    # Q's labels in P's numbering: rows first (best responses in Q), then columns (y_j = 0).
    q_labels = ((q_vertices.labels >> columns) & ((1 << rows) - 1)) | (
        (q_vertices.labels & ((1 << columns) - 1)) << rows
    )
    everything = (1 << (rows + columns)) - 1
    paired = (
        p_vertices.valid[:, None]
        & q_vertices.valid[None, :]
        & ((p_vertices.labels[:, None] | q_labels[None, :]) == everything)
    )  # (K_P, K_Q, N)
    settled = ~(p_vertices.unclear | q_vertices.unclear) & paired.any(axis=(0, 1))
    paired &= settled
    p_index, q_index, point = np.nonzero(paired)
    order = np.argsort(point, kind="stable")
    p_index, q_index, point = p_index[order], q_index[order], point[order]
    x = p_vertices.points[:, p_index, point].T
    y = q_vertices.points[:, q_index, point].T
    # Off the support a coordinate is exactly zero: its inequality is a label.
    x = np.where(x > 0, x, 0.0) / np.where(x > 0, x, 0.0).sum(axis=1, keepdims=True)
    y = np.where(y > 0, y, 0.0) / np.where(y > 0, y, 0.0).sum(axis=1, keepdims=True)
    degenerate = (p_vertices.degenerate | q_vertices.degenerate) & settled
    return settled, (point, x, y), degenerate
