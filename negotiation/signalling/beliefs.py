"""Beliefs: Bayes' rule on the path, and the set of beliefs that make an action a best response.

After message ``m`` the receiver holds a belief ``mu`` over the sender's types.  On the path
(some type sends ``m`` with positive probability) Bayes' rule fixes it:
``mu(t | m) = prior[t] sigma_t(m) / sum_s prior[s] sigma_s(m)``.  Off the path any belief is
allowed (Fudenberg and Tirole 1991, sec. 8.2; Gibbons 1992, sec. 4.2.A, Signaling
Requirements 2R and 3), so what an equilibrium needs is the *set* of beliefs under
which the receiver's response is optimal.

That set, ``{mu in simplex : u(mu, a) >= u(mu, b) for every action b}``, is a polytope: the
simplex cut by one half-space per other action (payoffs are linear in the belief).  With two
types it is an interval of the probability of either type; with more it is described exactly by
its vertices (every belief in it is a mixture of them, and since payoffs are linear in beliefs,
an action optimal at every vertex is optimal on the whole set).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from itertools import combinations

from negotiation.linear import solve_exact
from negotiation.signalling.game import SignallingGame

__all__ = [
    "BeliefSet",
    "belief_polytope",
    "belief_set",
    "best_responses",
    "posterior",
    "receiver_values",
]


def posterior(prior: Sequence[Fraction], likelihoods: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """Bayes' rule: ``prior[t] * likelihoods[t]``, normalised.

    ``likelihoods[t]`` is the probability that type ``t`` sends the message.  The message must
    be on the path (some product positive).

    Examples
    --------
    >>> posterior([Fraction(1, 10), Fraction(9, 10)], [Fraction(1), Fraction(1, 3)])
    (Fraction(1, 4), Fraction(3, 4))
    """
    weights = [p * q for p, q in zip(prior, likelihoods, strict=True)]
    total = sum(weights)
    if total <= 0:
        msg = "Bayes' rule needs a message sent with positive probability"
        raise ValueError(msg)
    return tuple(Fraction(w) / total for w in weights)


def receiver_values(
    game: SignallingGame, message: int, belief: Sequence[Fraction]
) -> tuple[Fraction, ...]:
    """The receiver's expected payoff of each action after ``message`` under ``belief``."""
    table = game.receiver_payoffs
    return tuple(
        sum((mu * table[t][message][a] for t, mu in enumerate(belief)), Fraction(0))
        for a in range(len(game.actions[message]))
    )


def best_responses(
    game: SignallingGame, message: int, belief: Sequence[Fraction]
) -> tuple[int, ...]:
    """The receiver's optimal actions after ``message`` under ``belief``, exactly.

    Examples
    --------
    >>> from negotiation.signalling.classic import beer_quiche
    >>> best_responses(beer_quiche(), 0, [Fraction(1, 2), Fraction(1, 2)])   # tie: both
    (0, 1)
    """
    values = receiver_values(game, message, belief)
    top = max(values)
    return tuple(a for a, value in enumerate(values) if value == top)


@dataclass(frozen=True)
class BeliefSet:
    """A convex set of beliefs over the types, given by its vertices (empty if none).

    Attributes
    ----------
    vertices : tuple of tuple of Fraction
        Each vertex is a probability vector over the types, in the game's type order.
    """

    vertices: tuple[tuple[Fraction, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.vertices

    def interval(self, type_index: int) -> tuple[Fraction, Fraction]:
        """The lowest and highest probability of type ``type_index`` in the set.

        With two types this interval *is* the set; with more it is the set's shadow on one
        coordinate (exact, since the extremes of a linear function are at vertices).
        """
        values = [vertex[type_index] for vertex in self.vertices]
        return min(values), max(values)

    def contains(self, belief: Sequence[Fraction]) -> bool:
        """Whether ``belief`` is in the set (two types: inside the interval; more types: a
        convex combination of the vertices, decided by exact linear programming).

        Examples
        --------
        >>> square = BeliefSet(((Fraction(0), Fraction(1, 2), Fraction(1, 2)),
        ...                     (Fraction(1, 2), Fraction(0), Fraction(1, 2))))
        >>> square.contains((Fraction(1, 4), Fraction(1, 4), Fraction(1, 2)))
        True
        >>> square.contains((Fraction(1, 2), Fraction(1, 2), Fraction(0)))
        False
        """
        if self.empty:
            return False
        if len(belief) == 2:
            low, high = self.interval(0)
            return low <= belief[0] <= high
        from negotiation.simplex import maximise

        count = len(self.vertices)
        rows = [[vertex[t] for vertex in self.vertices] for t in range(len(belief))]
        solution = maximise(
            [Fraction(0)] * count,
            equal_rows=[*rows, [Fraction(1)] * count],
            equal_values=[*belief, Fraction(1)],
        )
        return solution is not None


def belief_set(
    game: SignallingGame,
    message: int,
    actions: Sequence[int],
    support: Sequence[int] | None = None,
) -> BeliefSet:
    """Every belief after ``message`` under which each of ``actions`` is a best response.

    Parameters
    ----------
    game : SignallingGame
    message : int
    actions : sequence of int
        One action (a pure response) or several (the receiver mixes over them, so it must be
        indifferent between them).
    support : sequence of int, optional
        Only beliefs that put all their weight on these types (the Intuitive Criterion's
        restricted beliefs); by default every type.

    Returns
    -------
    BeliefSet
        Its vertices, found by enumerating the basic solutions of the linear system: for ``n``
        types, ``n - 1`` tight constraints among the payoff comparisons and ``mu_t >= 0``, plus
        ``sum mu = 1``; a basic solution that meets every constraint is a vertex.

    Examples
    --------
    >>> from negotiation.signalling.classic import beer_quiche
    >>> game = beer_quiche()
    >>> belief_set(game, 1, [0]).interval(0)   # duel after quiche iff P(weak) >= 1/2
    (Fraction(1, 2), Fraction(1, 1))
    """
    count = len(game.types)
    allowed = range(count) if support is None else sorted(set(support))
    table = game.receiver_payoffs
    first, *others = actions

    def difference(other: int) -> list[Fraction]:
        return [table[t][message][first] - table[t][message][other] for t in range(count)]

    equalities = [difference(b) for b in others]
    inequalities = [difference(b) for b in range(len(game.actions[message])) if b not in actions]
    return belief_polytope(count, equalities, inequalities, allowed)


def belief_polytope(
    count: int,
    equalities: Sequence[Sequence[Fraction]],
    inequalities: Sequence[Sequence[Fraction]],
    allowed: Sequence[int] | range | None = None,
) -> BeliefSet:
    """The beliefs ``mu`` over ``count`` types with ``row . mu == 0`` for each of
    ``equalities`` and ``row . mu >= 0`` for each of ``inequalities``, putting weight only
    on the ``allowed`` types (default: all): the one vertex enumeration behind `belief_set`
    (one receiver) and the common beliefs of several receivers
    (`negotiation.signalling.receivers`), whose comparisons are stacked rows.

    Examples
    --------
    >>> half = [Fraction(1), Fraction(-1)]       # P(first) >= P(second)
    >>> belief_polytope(2, [], [half]).interval(0)
    (Fraction(1, 2), Fraction(1, 1))
    """
    key = (
        count,
        tuple(tuple(row) for row in equalities),
        tuple(tuple(row) for row in inequalities),
        tuple(range(count) if allowed is None else allowed),
    )
    # Cached only for Fractions: 1, Fraction(1) and sympy's 1 hash alike but divide unlike.
    exact = all(isinstance(v, Fraction) for rows in key[1:3] for row in rows for v in row)
    return _polytope(*key) if exact else _polytope.__wrapped__(*key)


@lru_cache(maxsize=4096)
def _polytope(
    count: int,
    equalities: tuple[tuple[Fraction, ...], ...],
    inequalities: tuple[tuple[Fraction, ...], ...],
    allowed: tuple[int, ...],
) -> BeliefSet:
    """`belief_polytope`'s vertex enumeration, cached: across the draws of a robustness run
    the receiver's payoffs often do not move (in beer-quiche only the prior does), so the
    same off-path sets come back draw after draw (a BeliefSet is immutable)."""

    def unit(t: int) -> list[Fraction]:
        return [Fraction(int(s == t)) for s in range(count)]

    equal_rows = [list(row) for row in equalities]
    equal_rows += [unit(t) for t in range(count) if t not in allowed]
    rows = [list(row) for row in inequalities]
    rows += [unit(t) for t in allowed]
    ones = [Fraction(1)] * count

    def value(row: list[Fraction], point: list[Fraction]) -> Fraction:
        return sum((r * x for r, x in zip(row, point, strict=True)), Fraction(0))

    vertices: list[tuple[Fraction, ...]] = []
    for tight in combinations([*equal_rows, *rows], count - 1):
        if count == 2:  # the same basic solution, without a general solver: row . (q, 1 - q) = 0
            (row,) = tight
            if row[0] == row[1]:
                continue  # singular
            q = row[1] / (row[1] - row[0])
            solution = [q, 1 - q]
        else:
            solution = solve_exact([*tight, ones], [*([Fraction(0)] * (count - 1)), Fraction(1)])
        if solution is None:
            continue
        if all(value(row, solution) == 0 for row in equal_rows) and all(
            value(row, solution) >= 0 for row in rows
        ):
            vertex = tuple(solution)
            if vertex not in vertices:
                vertices.append(vertex)
    return BeliefSet(tuple(sorted(vertices)))
