"""Independent checks for the signalling tests: written from the definitions, sharing no code
with negotiation.signalling beyond the game type.

- `verify_pbe`: sequential rationality given the beliefs, Bayes' rule on the path, and that
  every reported off-path belief sustains the response (checked at the reported vertices,
  then at the edge of the claimed interval from outside: just beyond it the response fails).
- `brute_force_pbe`: with two types, the PBE of the class on a rational grid of mixing
  probabilities: sender mixes on the grid, beliefs by Bayes, receiver best-response sets
  exactly, receiver mixes on the grid over them, then each type's optimality.  Off-path
  responses: a pure action optimal for some belief on a grid of beliefs.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

from negotiation.signalling.game import SignallingGame


def _receiver_value(game, m, belief, mixed):
    return sum(
        b * p * game.receiver_payoffs[t][m][a]
        for t, b in enumerate(belief)
        for a, p in enumerate(mixed)
    )


def _pure(count, a):
    return tuple(Fraction(int(k == a)) for k in range(count))


def sender_value(game, t, m, mixed):
    return sum(p * game.sender_payoffs[t][m][a] for a, p in enumerate(mixed))


def receiver_optimal(game, m, belief, mixed) -> bool:
    value = _receiver_value(game, m, belief, mixed)
    count = len(game.actions[m])
    return all(value >= _receiver_value(game, m, belief, _pure(count, a)) for a in range(count))


def verify_pbe(game: SignallingGame, eq) -> None:
    """Raise AssertionError unless ``eq`` is a PBE of ``game`` with the beliefs it reports."""
    types = range(len(game.types))
    for t in types:
        assert sum(eq.sender[t]) == 1
        assert min(eq.sender[t]) >= 0
        values = [sender_value(game, t, m, eq.receiver[m]) for m in range(len(game.messages))]
        for m, p in enumerate(eq.sender[t]):
            if p:
                assert values[m] == max(values), (t, m)
                assert eq.sender_payoffs[t] == values[m]
    for m in range(len(game.messages)):
        assert sum(eq.receiver[m]) == 1
        assert min(eq.receiver[m]) >= 0
        weights = [game.prior[t] * eq.sender[t][m] for t in types]
        if sum(weights):
            assert eq.on_path[m]
            belief = [w / sum(weights) for w in weights]
            assert list(eq.beliefs[m].vertices) == [tuple(belief)]
            assert receiver_optimal(game, m, belief, eq.receiver[m])
        else:
            assert not eq.on_path[m]
            assert eq.beliefs[m].vertices, "an unsent message needs a sustaining belief"
            for vertex in eq.beliefs[m].vertices:
                assert sum(vertex) == 1
                assert min(vertex) >= 0
                assert receiver_optimal(game, m, vertex, eq.receiver[m])
            if len(game.types) == 2:
                low, high = eq.beliefs[m].interval(0)
                step = Fraction(1, 1000)
                for outside in (low - step, high + step):
                    if 0 <= outside <= 1:
                        belief = (outside, 1 - outside)
                        assert not receiver_optimal(game, m, belief, eq.receiver[m]), outside


def _mixes(count, support, grid):
    """Every mixed strategy on ``support`` (one or two elements) with grid probabilities
    strictly inside (0, 1) for two elements."""
    if len(support) == 1:
        return [_pure(count, support[0])]
    first, second = support
    out = []
    for k in range(1, grid):
        p = Fraction(k, grid)
        mixed = [Fraction(0)] * count
        mixed[first], mixed[second] = p, 1 - p
        out.append(tuple(mixed))
    return out


def _supports(count):
    return [(k,) for k in range(count)] + [
        (a, b) for a in range(count) for b in range(a + 1, count)
    ]


def brute_force_pbe(game: SignallingGame, grid: int = 24) -> set[tuple]:
    """The PBE of the class found on the grid, as (sender supports, receiver supports)."""
    assert len(game.types) == 2
    n_messages = len(game.messages)
    beliefs_grid = [
        (Fraction(k, grid * 10), 1 - Fraction(k, grid * 10)) for k in range(grid * 10 + 1)
    ]
    off_path_ok = {
        (m, a): any(
            receiver_optimal(game, m, b, _pure(len(game.actions[m]), a)) for b in beliefs_grid
        )
        for m in range(n_messages)
        for a in range(len(game.actions[m]))
    }
    found = set()
    sender_options = [
        mixed for support in _supports(n_messages) for mixed in _mixes(n_messages, support, grid)
    ]
    for sender in product(sender_options, repeat=2):
        receiver_options = []
        for m in range(n_messages):
            count = len(game.actions[m])
            weights = [game.prior[t] * sender[t][m] for t in range(2)]
            if sum(weights):
                belief = [w / sum(weights) for w in weights]
                best = [
                    a for a in range(count) if receiver_optimal(game, m, belief, _pure(count, a))
                ]
                # A mixture is optimal iff every action it uses is.
                options = [
                    mixed
                    for support in _supports(count)
                    if set(support) <= set(best)
                    for mixed in _mixes(count, support, grid)
                ]
            else:
                options = [_pure(count, a) for a in range(count) if off_path_ok[(m, a)]]
            receiver_options.append(options)
        for receiver in product(*receiver_options):
            ok = True
            for t in range(2):
                values = [sender_value(game, t, m, receiver[m]) for m in range(n_messages)]
                if any(p and values[m] < max(values) for m, p in enumerate(sender[t])):
                    ok = False
                    break
            if ok:
                found.add(signature(sender, receiver))
    return found


def signature(sender, receiver) -> tuple:
    return (
        tuple(tuple(k for k, p in enumerate(row) if p) for row in sender),
        tuple(tuple(k for k, p in enumerate(row) if p) for row in receiver),
    )
