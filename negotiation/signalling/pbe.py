"""Every perfect Bayesian equilibrium of a signalling game in a stated class, exactly.

A PBE (Fudenberg and Tirole 1991, sec. 8.2; Gibbons 1992, sec. 4.2.A) is a sender strategy, a
receiver strategy and beliefs such that each type's messages are optimal given the receiver's
responses, each response is optimal given the beliefs after its message, and beliefs follow
Bayes' rule after every message some type sends.

Method.  Enumerate the *supports*: each type's set of messages (one or two), the receiver's
set of actions after each sent message (one or two) and its action after each unsent one.
Given the supports the conditions split in two independent, affine halves:

- the receiver's optimality and indifference after each sent message, with the belief written
  as ``prior[t] sigma_t(m)`` over its sum (the positive denominator cleared), are affine in
  the sender's mixing probabilities;
- each type's optimality and indifference among its messages are affine in the receiver's
  mixing probabilities.

Each half is solved exactly (`negotiation.signalling.affine`): the indifferences fix the
mixing probabilities (the sender's indifference gives the receiver's mix, the receiver's the
sender's), which must lie strictly inside (0, 1) and meet every inequality.  After an unsent
message the response must be optimal for *some* belief; the set of such beliefs
(`negotiation.signalling.beliefs.belief_set`) is reported.

A type of prior 0 (a world the model allows but the receiver rules out) is handled as the
definition says: its own choice must be optimal, but it carries no weight in Bayes' rule, so a
message that only it sends is off the path, and its mixing, which no receiver condition
fixes, is a continuum (one point reported, ``determined=False``).

Class enumerated completely: every PBE in which each sender type mixes over at most two
messages, the receiver mixes over at most two actions after each message sent, and plays a
pure action after each unsent message.  Where the indifference equations leave a continuum of
mixing probabilities (a non-generic game) one point of it is reported, marked
``determined=False``.  With two messages and two actions per message the only restriction is
the pure response off the path.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from itertools import combinations, product

from negotiation.errors import GameError
from negotiation.signalling.affine import Affine, feasible, solve_conditions
from negotiation.signalling.beliefs import BeliefSet, belief_set, posterior
from negotiation.signalling.game import SignallingGame
from negotiation.signalling.intuitive import intuitive_criterion
from negotiation.signalling.results import KINDS, PBEResult, PerfectBayesianEquilibrium

__all__ = ["ENUMERATED", "perfect_bayesian_equilibria"]

ENUMERATED = (
    "every PBE in which each sender type mixes over at most two messages, the receiver mixes "
    "over at most two actions after each message sent and plays a pure action after each "
    "message not sent"
)


def _subsets(count: int, largest: int) -> list[tuple[int, ...]]:
    return [s for size in range(1, largest + 1) for s in combinations(range(count), size)]


def _mixing(
    supports: tuple[tuple[int, ...], ...], options: int, weights: tuple[Fraction, ...]
) -> list[list[Affine]]:
    """``result[i][k]``: the probability of option ``k`` in support ``i``, weighted by
    ``weights[i]``, as an affine function of one unknown per two-element support (the
    probability of its first element)."""
    mixers = [i for i, support in enumerate(supports) if len(support) == 2]
    size = len(mixers)
    zero = Affine(Fraction(0), (Fraction(0),) * size)
    table = []
    for i, support in enumerate(supports):
        row = [zero] * options
        if len(support) == 1:
            row[support[0]] = Affine(weights[i], (Fraction(0),) * size)
        else:
            unit = tuple(Fraction(int(j == mixers.index(i))) for j in range(size))
            row[support[0]] = Affine(Fraction(0), unit).scaled(weights[i])
            row[support[1]] = Affine(Fraction(1), tuple(-u for u in unit)).scaled(weights[i])
        table.append(row)
    return table


@cache
def _unweighted_mixing(
    supports: tuple[tuple[int, ...], ...], options: int, count: int
) -> list[list[Affine]]:
    """`_mixing` with unit weights: it depends on the supports alone, not on the game's
    numbers, so one table serves every game of a robustness run (Affines are immutable)."""
    return _mixing(supports, options, (Fraction(1),) * count)


def _kind(sender: tuple[tuple[Fraction, ...], ...]) -> str:
    if any(sum(1 for p in row if p) > 1 for row in sender):
        return KINDS[2]
    sent = [row.index(1) for row in sender]
    if len(set(sent)) == 1:
        return KINDS[0]
    if len(set(sent)) == len(sent):
        return KINDS[1]
    return KINDS[2]


def perfect_bayesian_equilibria(game: SignallingGame) -> PBEResult:
    """Every PBE of ``game`` in the class `ENUMERATED`, exact, each with its Intuitive
    Criterion verdict.

    Parameters
    ----------
    game : SignallingGame
        With exact (Fraction) numbers.

    Returns
    -------
    PBEResult
        Sorted: pooling, separating, hybrid.

    Raises
    ------
    GameError
        If the game is symbolic (solve it at a parameter point).

    Examples
    --------
    >>> from negotiation.signalling.classic import beer_quiche
    >>> result = perfect_bayesian_equilibria(beer_quiche())
    >>> [(eq.describe(result.game), eq.intuitive_criterion) for eq in result]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('pooling: weak beer, strong beer; beer -> not, quiche -> duel', True),
     ('pooling: weak quiche, strong quiche; beer -> duel, quiche -> not', False)]
    """
    if not game.exact:
        msg = "perfect_bayesian_equilibria needs exact numbers; substitute the parameters first"
        raise GameError(msg)
    n_messages = len(game.messages)
    off_path_sets: dict[tuple[int, int], BeliefSet] = {}
    found = []
    for supports in product(*(_subsets(n_messages, 2) for _ in game.types)):
        # On the path: sent by a type of positive prior.  A type of prior 0 still chooses
        # (and must best respond), but adds nothing to Bayes' rule: a message only it sends
        # is off the path, beliefs there free.
        sent = [
            any(m in s for s, p in zip(supports, game.prior, strict=True) if p > 0)
            for m in range(n_messages)
        ]
        sender_mix = _mixing(supports, n_messages, game.prior)
        own_mix = _unweighted_mixing(supports, n_messages, len(game.types))
        unknowns = sum(1 for s in supports if len(s) == 2)
        # A response that fails the receiver's conditions at its own message fails in every
        # combination: drop it before taking the product (a necessary condition only).  The
        # conditions kept are reused by `_solve` (they depend on the supports only).
        conditions = {
            (m, response): _receiver_conditions(game, m, response, sender_mix)
            for m, actions in enumerate(game.actions)
            if sent[m]
            for response in _subsets(len(actions), 2)
        }
        options = [
            [
                response
                for response in _subsets(len(actions), 2)
                if feasible(unknowns, *conditions[m, response])
            ]
            if sent[m]
            else _subsets(len(actions), 1)
            for m, actions in enumerate(game.actions)
        ]
        for responses in product(*options):
            unsent = [m for m in range(n_messages) if not sent[m]]
            for m in unsent:
                key = (m, responses[m][0])
                if key not in off_path_sets:
                    off_path_sets[key] = belief_set(game, m, responses[m])
            if any(off_path_sets[(m, responses[m][0])].empty for m in unsent):
                continue
            equilibrium = _solve(
                game, supports, responses, sent, (sender_mix, own_mix), off_path_sets, conditions
            )
            if equilibrium is not None:
                found.append(equilibrium)
    found.sort(
        key=lambda eq: (
            KINDS.index(eq.kind),
            tuple(-p for row in (*eq.sender, *eq.receiver) for p in row),
        )
    )
    return PBEResult(game, tuple(found), ENUMERATED)


def _receiver_conditions(
    game: SignallingGame, message: int, response: tuple[int, ...], sender_mix: list[list[Affine]]
) -> tuple[list[Affine], list[Affine]]:
    """The receiver's indifference (equalities) and optimality (inequalities) after a sent
    ``message`` for the actions ``response``, affine in the sender's mixing: the Bayes belief
    times its positive denominator."""
    table = game.receiver_payoffs
    first = response[0]
    equalities, inequalities = [], []
    for b in range(len(game.actions[message])):
        if b != first:
            condition = _combination(
                (sender_mix[t][message], table[t][message][first] - table[t][message][b])
                for t in range(len(game.types))
            )
            (equalities if b in response else inequalities).append(condition)
    return equalities, inequalities


def _solve(
    game: SignallingGame,
    supports: tuple[tuple[int, ...], ...],
    responses: tuple[tuple[int, ...], ...],
    sent: list[bool],
    mixes: tuple[list[list[Affine]], list[list[Affine]]],
    off_path_sets: dict[tuple[int, int], BeliefSet],
    conditions: dict[tuple[int, tuple[int, ...]], tuple[list[Affine], list[Affine]]],
) -> PerfectBayesianEquilibrium | None:
    """The PBE with these supports, or None.  ``mixes``: the sender's mixing weighted by the
    prior (what Bayes' rule sees) and unweighted (each type's own strategy, read even for a
    type of prior 0, whose mixing no receiver condition fixes); ``conditions``: the
    receiver's conditions after each sent message for each response (`_receiver_conditions`),
    computed once per supports."""
    sender_mix, own_mix = mixes
    types = range(len(game.types))
    messages = range(len(game.messages))
    receiver_table, sender_table = game.receiver_payoffs, game.sender_payoffs

    # The receiver's half: affine in the sender's mixing.
    equalities, inequalities = [], []
    for m in messages:
        if sent[m]:
            more_equalities, more_inequalities = conditions[m, responses[m]]
            equalities += more_equalities
            inequalities += more_inequalities
    receiver_half = (sum(1 for s in supports if len(s) == 2), equalities, inequalities)
    if not feasible(*receiver_half):
        return None

    # The sender's half: affine in the receiver's mixing.
    receiver_mix = _unweighted_mixing(
        responses, max(len(a) for a in game.actions), len(game.messages)
    )
    value = [
        [
            _combination(
                (receiver_mix[m][a], sender_table[t][m][a]) for a in range(len(game.actions[m]))
            )
            for m in messages
        ]
        for t in types
    ]
    equalities, inequalities = [], []
    for t in types:
        first = supports[t][0]
        for m in messages:
            if m != first:
                difference = value[t][first] + value[t][m].scaled(Fraction(-1))
                (equalities if m in supports[t] else inequalities).append(difference)
    sender_half = (sum(1 for r in responses if len(r) == 2), equalities, inequalities)
    if not feasible(*sender_half):
        return None
    # Both halves hold somewhere: place the point (a linear program only for a continuum).
    sender_solution = solve_conditions(*receiver_half)
    receiver_solution = solve_conditions(*sender_half)
    if sender_solution is None or receiver_solution is None:
        return None

    x, y = sender_solution.point, receiver_solution.point
    sender = tuple(tuple(own_mix[t][m].at(x) for m in messages) for t in types)
    receiver = tuple(
        tuple(receiver_mix[m][a].at(y) for a in range(len(game.actions[m]))) for m in messages
    )
    beliefs = tuple(
        BeliefSet((posterior(game.prior, [sender[t][m] for t in types]),))
        if sent[m]
        else off_path_sets[(m, responses[m][0])]
        for m in messages
    )
    sender_payoffs = tuple(value[t][supports[t][0]].at(y) for t in types)
    receiver_payoff = sum(
        (
            game.prior[t] * sender[t][m] * receiver[m][a] * receiver_table[t][m][a]
            for t in types
            for m in messages
            for a in range(len(game.actions[m]))
        ),
        Fraction(0),
    )
    passes, reasons = intuitive_criterion(game, tuple(sent), sender_payoffs)
    return PerfectBayesianEquilibrium(
        kind=_kind(sender),
        sender=sender,
        receiver=receiver,
        beliefs=beliefs,
        on_path=tuple(sent),
        sender_payoffs=sender_payoffs,
        receiver_payoff=receiver_payoff,
        intuitive_criterion=passes,
        intuitive_reasons=reasons,
        determined=sender_solution.determined and receiver_solution.determined,
    )


def _combination(terms) -> Affine:
    """``sum(affine.scaled(weight) for affine, weight in terms)`` with the zero products
    skipped: the same exact Affine, without building the intermediate ones (the sums of
    the PBE enumeration are most of its time, and most of their entries are zero)."""
    terms = list(terms)
    size = len(terms[0][0].coefficients)
    constant = 0
    coefficients = [0] * size
    for affine, weight in terms:
        if not weight:
            continue
        if affine.constant:
            constant += affine.constant * weight
        for i, c in enumerate(affine.coefficients):
            if c:
                coefficients[i] += c * weight
    return Affine(Fraction(constant), tuple(Fraction(c) for c in coefficients))
