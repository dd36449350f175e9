"""One equilibrium of a large two-player game: our exact Lemke-Howson against nashpy's and
pygambit's, on the same random games, in one run.

Goal (issue 14, point 3): a 100x100 game gets one exact equilibrium in about a second.  The
baselines: nashpy's ``lemke_howson`` (floats, integer pivoting on numpy arrays) and pygambit's
``lcp_solve(rational=True)`` (Lemke's algorithm, exact, C++), where installed.  Each answer is
checked: ours exactly, the others' rounded to rationals and checked exactly too, and reported
when it is not an equilibrium.  Times are medians; ratios are printed, not asserted.

Usage: python benchmarks/lemke_howson.py [--sizes 25 50 100 150] [--games 3] [--seed 1]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from fractions import Fraction

import numpy as np

from negotiation.deviation import is_equilibrium
from negotiation.game import Game
from negotiation.solvers import solve


def timed(function: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    answer = function()
    return time.perf_counter() - start, answer


def _timed_call(
    baseline: Callable, payoffs: list[np.ndarray], at_least: float = 0.0
) -> tuple[float, object]:
    """Seconds per call, and the answer; calls repeat until ``at_least`` seconds have
    passed, so that a solve of a few milliseconds is not lost in the clock's noise."""
    calls, start = 0, time.perf_counter()
    while True:
        answer = baseline(payoffs)
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= at_least:
            return elapsed / calls, answer


def timed_with_limit(
    baseline: Callable, payoffs: list[np.ndarray], limit: float, at_least: float = 0.0
) -> tuple[float, object] | None:
    """A baseline in a child process, given up after ``limit`` seconds (nashpy's path can
    cycle on a degenerate game; Gambit's LCP takes minutes on large ones): None then."""
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(1) as pool:
        pending = pool.apply_async(_timed_call, (baseline, payoffs, at_least))
        try:
            return pending.get(timeout=limit)
        except multiprocessing.TimeoutError:
            return None


def ours(game: Game) -> tuple:
    (equilibrium,) = solve(game, method="lemke_howson").equilibria
    return equilibrium.profile


def nashpy_answer(payoffs: list[np.ndarray]) -> tuple | None:
    import warnings

    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return nashpy.Game(*payoffs).lemke_howson(initial_dropped_label=0)


def gambit_answer(payoffs: list[np.ndarray]) -> tuple | None:
    import pygambit

    table = pygambit.Game.from_arrays(*[array.astype(int) for array in payoffs])
    (found,) = pygambit.nash.lcp_solve(table, rational=True, stop_after=1).equilibria
    return tuple(
        tuple(Fraction(str(found[strategy])) for strategy in player.strategies)
        for player in table.players
    )


def checked(game: Game, profile: tuple | None) -> bool:
    if (
        profile is None
        or not np.isfinite(np.concatenate([np.asarray(m, float) for m in profile])).all()
    ):
        return False
    exact = tuple(tuple(Fraction(p).limit_denominator(10**12) for p in mixed) for mixed in profile)
    return all(abs(sum(mixed) - 1) < 1e-9 for mixed in exact) and is_equilibrium(
        game, exact, tol=1e-9
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25, 50, 100, 150])
    parser.add_argument("--games", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=60, help="seconds per baseline solve")
    parser.add_argument(
        "--gambit-up-to",
        type=int,
        default=50,
        help="largest size given to pygambit's lcp_solve (it takes minutes beyond)",
    )
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    baselines = {"nashpy": nashpy_answer, "gambit lcp": gambit_answer}
    print(f"{'size':>8}  {'ours':>9}  " + "  ".join(f"{name:>22}" for name in baselines))
    for size in args.sizes:
        times: dict[str, list[float]] = {"ours": [], **{name: [] for name in baselines}}
        wrong: dict[str, int] = {name: 0 for name in times}
        timeouts: dict[str, int] = {name: 0 for name in times}
        for _ in range(args.games):
            payoffs = [rng.integers(-99, 100, (size, size)) for _ in range(2)]
            game = Game([array.astype(object) for array in payoffs])
            seconds, profile = timed(lambda game=game: ours(game))
            times["ours"].append(seconds)
            wrong["ours"] += not checked(game, profile)
            for name, baseline in baselines.items():
                if name == "gambit lcp" and size > args.gambit_up_to:
                    continue
                try:
                    answer = timed_with_limit(baseline, payoffs, args.limit)
                except ImportError:
                    continue
                if answer is None:
                    timeouts[name] += 1
                    continue
                seconds, profile = answer
                times[name].append(seconds)
                wrong[name] += not checked(game, profile)
        own = statistics.median(times["ours"])
        cells = []
        for name in baselines:
            if not times[name]:
                what = f"> {args.limit:g} s" if timeouts[name] else "not run"
                cells.append(f"{what:>22}")
                continue
            other = statistics.median(times[name])
            note = f" ({wrong[name]} wrong)" if wrong[name] else ""
            note += f" ({timeouts[name]} > {args.limit:g} s)" if timeouts[name] else ""
            cells.append(f"{other:7.3f} s {other / own:6.1f}x{note:>7}")
        flag = f" ({wrong['ours']} wrong)" if wrong["ours"] else ""
        print(f"{size:>4}x{size:<3}  {own:7.3f} s{flag}  " + "  ".join(cells))
    print("ratio = baseline time / our time (above 1: we are faster)")


if __name__ == "__main__":
    main()
