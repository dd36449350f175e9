"""Two-player solvers by game size: the toolkit against pygambit, nashpy and QuantEcon, in one
run on the same games (issue 14, point 7).

Toolkit (``negotiation.solve``): ``vertex_enumeration`` (every extreme equilibrium, exact),
``lemke_howson`` and ``pns`` (one equilibrium each, exact).  Baselines:

- every equilibrium: pygambit ``enummixed_solve(rational=True)`` (exact, C++), nashpy
  ``support_enumeration`` and ``vertex_enumeration`` (floats), QuantEcon
  ``support_enumeration`` (floats, numba; compiled before timing);
- one equilibrium: pygambit ``lcp_solve(rational=True, stop_after=1)`` (exact), nashpy
  ``lemke_howson`` and QuantEcon ``lemke_howson`` (floats).

Each solve runs in a child process, given up after ``--limit`` seconds (a cycling float path
or a minutes-long enumeration cannot stall the run), and repeats until 0.2 s have passed, so
that millisecond solves are timed reliably.  Times are medians over ``--games`` games per size
and kind: random (payoffs in -99..99), degenerate (payoffs in 0..2: many ties, continua) and
zero-sum (random row payoffs, the column player's their negatives: one equilibrium, with large
supports, the worst case for PNS).
Ratios are baseline time / toolkit time (above 1: the toolkit is faster): against
``vertex_enumeration`` for the "every equilibrium" baselines, against the faster of
``lemke_howson`` and ``pns`` for the "one equilibrium" ones.  Answers are checked: the
toolkit's vertex enumeration against Gambit's set exactly (``DIFF`` when they differ), each
one-equilibrium answer for being an equilibrium (``wrong`` when not; floats within 1e-6), the
float enumerations' counts against Gambit's (``n=`` when different: support enumeration
assumes a nondegenerate game).  Nothing is asserted.

Usage: python benchmarks/solvers.py [--quick] [--sizes 4 6 8 10] [--games 2] [--limit 60]
       [--kinds random degenerate zero-sum]
Needs the ``benchmark`` and ``test`` extras (nashpy, QuantEcon, pygambit).
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import statistics
import warnings
from fractions import Fraction
from functools import partial

import numpy as np
import pygambit  # imported before the children fork, so that no timing includes an import
from lemke_howson import timed_with_limit

from negotiation.deviation import is_equilibrium
from negotiation.game import Game
from negotiation.solvers import solve

# Payoff ranges; zero-sum games (the column player's payoffs the negatives of the row
# player's) have one equilibrium, with large supports: PNS's worst kind of game.
KINDS = {"random": (-99, 99), "degenerate": (0, 2), "zero-sum": (-99, 99)}
Answer = list[tuple[tuple[float, ...], ...]]


def ours(payoffs: list[np.ndarray], method: str) -> Answer:
    game = Game([array.astype(object) for array in payoffs])
    return [eq.profile for eq in solve(game, method=method).equilibria]


def _gambit_profiles(table, found) -> Answer:
    return [
        tuple(
            tuple(Fraction(str(profile[strategy])) for strategy in player.strategies)
            for player in table.players
        )
        for profile in found
    ]


def gambit_enummixed(payoffs: list[np.ndarray]) -> Answer:
    table = pygambit.Game.from_arrays(*[array.astype(int) for array in payoffs])
    return _gambit_profiles(table, pygambit.nash.enummixed_solve(table, rational=True).equilibria)


def gambit_lcp(payoffs: list[np.ndarray]) -> Answer:
    table = pygambit.Game.from_arrays(*[array.astype(int) for array in payoffs])
    found = pygambit.nash.lcp_solve(table, rational=True, stop_after=1).equilibria
    return _gambit_profiles(table, found)


def _floats(pairs) -> Answer:
    return [tuple(tuple(float(p) for p in mixed) for mixed in pair) for pair in pairs]


def nashpy_support_enumeration(payoffs: list[np.ndarray]) -> Answer:
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _floats(nashpy.Game(*payoffs).support_enumeration())


def nashpy_vertex_enumeration(payoffs: list[np.ndarray]) -> Answer:
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _floats(nashpy.Game(*payoffs).vertex_enumeration())


def nashpy_lemke_howson(payoffs: list[np.ndarray]) -> Answer:
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _floats([nashpy.Game(*payoffs).lemke_howson(initial_dropped_label=0)])


def _quantecon_game(payoffs: list[np.ndarray]):
    from quantecon.game_theory import NormalFormGame, Player

    row, column = (np.asarray(array, dtype=float) for array in payoffs)
    return NormalFormGame((Player(row), Player(column.T)))


def quantecon_support_enumeration(payoffs: list[np.ndarray]) -> Answer:
    from quantecon.game_theory import support_enumeration

    return _floats(support_enumeration(_quantecon_game(payoffs)))


def quantecon_lemke_howson(payoffs: list[np.ndarray]) -> Answer:
    from quantecon.game_theory import lemke_howson

    return _floats([lemke_howson(_quantecon_game(payoffs))])


EVERY = {
    "gambit enummixed": gambit_enummixed,
    "nashpy support": nashpy_support_enumeration,
    "nashpy vertex": nashpy_vertex_enumeration,
    "quantecon support": quantecon_support_enumeration,
}
ONE = {
    "gambit lcp": gambit_lcp,
    "nashpy LH": nashpy_lemke_howson,
    "quantecon LH": quantecon_lemke_howson,
}
OURS = {
    method: partial(ours, method=method)
    for method in ("vertex_enumeration", "lemke_howson", "pns")
}


def is_one_equilibrium(game: Game, answer: Answer) -> bool:
    """One profile, an equilibrium of ``game`` (floats rounded to rationals, within 1e-6)."""
    if len(answer) != 1 or not all(math.isfinite(p) for mixed in answer[0] for p in mixed):
        return False
    exact = tuple(
        tuple(Fraction(p).limit_denominator(10**9) for p in mixed) for mixed in answer[0]
    )
    return all(abs(sum(mixed) - 1) < 1e-6 for mixed in exact) and is_equilibrium(
        game, exact, tol=1e-6
    )


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next(
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{os.cpu_count()} cores (nproc), {model}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, pygambit {pygambit.__version__}; "
        f"load average {load:.1f} at the start"
    )


def warm_up() -> None:
    """Compile QuantEcon's numba kernels (and import nashpy) before any child forks."""
    payoffs = [np.array([[1, 0], [0, 1]]), np.array([[0, 1], [1, 0]])]
    quantecon_support_enumeration(payoffs)
    quantecon_lemke_howson(payoffs)
    nashpy_lemke_howson(payoffs)


def cell(times: list[float], skipped: int, limit: float, base: float | None, note: str) -> str:
    if not times:
        return f"> {limit:g} s" if skipped else "not run"
    median = statistics.median(times)
    text = f"{median:.4f} s" if median < 1 else f"{median:.2f} s"
    if base:
        ratio = median / base
        text += f" ({ratio:.1f}x)" if ratio >= 1 else f" ({ratio:.2g}x)"
    if skipped:
        text += f" ({skipped} > {limit:g} s)"
    return text + note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4, 6, 8, 10])
    parser.add_argument("--games", type=int, default=2, help="games per size and kind")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=60, help="seconds per solve")
    parser.add_argument("--kinds", nargs="+", choices=list(KINDS), default=list(KINDS))
    parser.add_argument("--quick", action="store_true", help="sizes 3 4 6, one game, 20 s")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.games, args.limit = [3, 4, 6], 1, 20.0
    warm_up()
    rng = np.random.default_rng(args.seed)
    print(f"Machine: {machine()}\n")
    columns = [*OURS, *EVERY, *ONE]
    print("| game | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for kind in args.kinds:
        low, high = KINDS[kind]
        for size in args.sizes:
            times: dict[str, list[float]] = {name: [] for name in columns}
            skipped = dict.fromkeys(columns, 0)
            notes = dict.fromkeys(columns, "")
            for _ in range(args.games):
                payoffs = [rng.integers(low, high + 1, (size, size)) for _ in range(2)]
                if kind == "zero-sum":
                    payoffs[1] = -payoffs[0]
                game = Game([array.astype(object) for array in payoffs])
                answers: dict[str, Answer] = {}
                for name, function in {**OURS, **EVERY, **ONE}.items():
                    measured = timed_with_limit(function, payoffs, args.limit, at_least=0.2)
                    if measured is None:
                        skipped[name] += 1
                        continue
                    times[name].append(measured[0])
                    answers[name] = measured[1]
                _check(game, answers, notes)
            medians = {name: statistics.median(times[name]) for name in OURS if times[name]}
            ours_all = medians.get("vertex_enumeration")
            ours_one = min(
                (medians[name] for name in ("lemke_howson", "pns") if name in medians),
                default=None,
            )
            cells = [
                cell(
                    times[name],
                    skipped[name],
                    args.limit,
                    None if name in OURS else ours_all if name in EVERY else ours_one,
                    notes[name],
                )
                for name in columns
            ]
            print(f"| {kind} {size}x{size} | " + " | ".join(cells) + " |")
    print(
        "\nRatios: baseline time / toolkit time (above 1: the toolkit is faster); every-"
        "equilibrium baselines against vertex_enumeration, one-equilibrium ones against the "
        "faster of lemke_howson and pns.  DIFF: the toolkit's equilibria differ from Gambit's; "
        "wrong: not an equilibrium; n=: a different number of equilibria than Gambit's."
    )


def _check(game: Game, answers: dict[str, Answer], notes: dict[str, str]) -> None:
    """Mark answers that disagree with Gambit's, or are not one equilibrium."""
    exact = answers.get("gambit enummixed")
    ours_all = answers.get("vertex_enumeration")
    if exact is not None and ours_all is not None and set(ours_all) != set(exact):
        notes["vertex_enumeration"] = " DIFF"
    for name in ("lemke_howson", "pns", *ONE):
        if name in answers and not is_one_equilibrium(game, answers[name]):
            notes[name] = " wrong"
    for name in ("nashpy support", "nashpy vertex", "quantecon support"):
        if exact is not None and name in answers and len(answers[name]) != len(exact):
            notes[name] = f" n={len(answers[name])}/{len(exact)}"


if __name__ == "__main__":
    main()
