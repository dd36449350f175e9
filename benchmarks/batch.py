"""The batch engine against loops of single-game solvers over the same points, in one run.

Goals (issue 6): 10^5 points of a 3x3 model, formula evaluation included, in at most 0.5 s on
one core; at least 500x faster than a loop over nashpy's ``support_enumeration`` and at least
5x faster than a loop over QuantEcon's (numba-compiled) ``support_enumeration``; and the whole
command ``negotiation solve MODEL --points FILE.csv --json`` on 10^5 rows at least 300x
faster than the nashpy loop (it may use every core: `negotiation.batch.parallel`).  The nashpy
loop is timed on a subsample and scaled (it takes milliseconds a game); QuantEcon's is warmed
up first, so that numba's compilation is not counted.  At every subsampled point the batch
engine solved in floats, the equilibria must agree with both loops within 1e-6 (at points it
sent to the exact solver the game is degenerate, where support enumeration is not reliable).
Timings are printed, never asserted.

Cases: random 2x2, 3x3, 4x4 and 6x6 games (uniform payoffs; 6x6 at a tenth of the points and
against the QuantEcon loop only, issue 14 point 5), each bundled Idlib model at uniform
draws of its parameters (the loops get the payoff matrices for free; the batch time includes
the formulas), the entry game (degenerate at every point by its formulas: there the loops'
support enumeration disagrees with the exact extreme equilibria, which "bad" checks we give),
and the whole command ``negotiation solve MODEL --points FILE.csv --json`` (and ``--csv``) on
10^5 rows against the nashpy loop.

Usage: python benchmarks/batch.py [--points N] [--subsample M] [--seed S]
Needs the ``benchmark`` extra: pip install -e '.[benchmark]'.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from negotiation.batch import BatchResult, evaluate_payoffs, solve_batch, solve_games
from negotiation.robustness import draw_points
from negotiation.scenario import load_scenario

MODELS = ("idlib-offensive", "idlib-refugees", "idlib-hts", "entry-deterrence")
Profile = tuple[np.ndarray, ...]


def timed(function: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    value = function()
    return value, time.perf_counter() - start


def nashpy_loop(row: np.ndarray, column: np.ndarray) -> list[list[Profile]]:
    import nashpy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nashpy warns on degenerate games
        return [
            [tuple(map(np.asarray, pair)) for pair in nashpy.Game(a, b).support_enumeration()]
            for a, b in zip(row, column, strict=True)
        ]


def quantecon_loop(payoffs: Sequence[np.ndarray]) -> list[list[Profile]]:
    """Two players: support enumeration; more: pure equilibria by brute force."""
    from quantecon.game_theory import NormalFormGame, Player, pure_nash_brute
    from quantecon.game_theory import support_enumeration as qe_support_enumeration

    players = len(payoffs)
    found = []
    for point in range(len(payoffs[0])):
        # QuantEcon wants each player's payoffs with its own strategies on the first axis.
        own_first = [np.moveaxis(payoff[point], k, 0) for k, payoff in enumerate(payoffs)]
        game = NormalFormGame([Player(array) for array in own_first])
        if players == 2:
            found.append([tuple(pair) for pair in qe_support_enumeration(game)])
        else:
            shape = payoffs[0].shape[1:]
            found.append(
                [
                    tuple(np.eye(size)[k] for size, k in zip(shape, cell, strict=True))
                    for cell in pure_nash_brute(game)
                ]
            )
    return found


def warm_up_quantecon() -> None:
    game = [np.array([[[3.0, 0.0], [5.0, 1.0]]]), np.array([[[3.0, 5.0], [0.0, 1.0]]])]
    quantecon_loop(game)
    quantecon_loop([np.ones((1, 2, 2, 2))] * 3)


def ours(result: BatchResult, point: int) -> list[Profile]:
    table = result.equilibria
    rows = table.rows(point)
    return [
        tuple(profile[row] for profile in table.profiles) for row in range(rows.start, rows.stop)
    ]


def same(first: list[Profile], second: list[Profile], tol: float = 1e-6) -> bool:
    """The same equilibria, in any order, within ``tol``."""
    if len(first) != len(second):
        return False
    flat = [np.concatenate(profile) for profile in second]
    return all(
        any(np.abs(np.concatenate(profile) - other).max() <= tol for other in flat)
        for profile in first
    )


def disagreements(
    result: BatchResult, sample: np.ndarray, loops: list[list[Profile]], payoffs: Sequence
) -> tuple[int, int]:
    """Points solved in floats where the loop's answer differs from ours, and among them the
    points where the exact solver disagrees with us (a bug of ours: should be 0)."""
    from negotiation.batch import result_outcome
    from negotiation.game import Game
    from negotiation.solvers import solve

    differ = wrong = 0
    for index, (point, found) in enumerate(zip(sample, loops, strict=True)):
        if result.exact[point] or same(ours(result, int(point)), found):
            continue
        differ += 1
        exact = solve(Game([payoff[index] for payoff in payoffs]))
        wrong += result_outcome(exact) != result.outcomes[result.outcome[point]]
    return differ, wrong


def compare(
    name: str,
    count: int,
    batch: Callable[[], BatchResult],
    payoffs: Sequence[np.ndarray],
    args,
    with_nashpy: bool = True,
) -> None:
    result, seconds = min((timed(batch) for _ in range(args.repeat)), key=lambda item: item[1])
    rng = np.random.default_rng(args.seed + 1)
    sample = np.sort(rng.choice(count, size=min(args.subsample, count), replace=False))
    subsampled = [payoff[sample] for payoff in payoffs]
    line = f"{name:<22}{count:>9,}{seconds:>9.3f}{int(result.exact.sum()):>7,}"
    if len(payoffs) == 2 and with_nashpy:
        found, nashpy_seconds = timed(lambda: nashpy_loop(*subsampled))
        nashpy_total = nashpy_seconds * count / len(sample)
        differ, wrong = disagreements(result, sample, found, subsampled)
        line += f"{nashpy_total:>10.1f}{nashpy_total / seconds:>7.0f}x{differ:>5}{wrong:>4}"
    else:
        line += f"{'-':>10}{'-':>8}{'-':>5}{'-':>4}"
    found, quantecon_seconds = timed(lambda: quantecon_loop(subsampled))
    quantecon_total = quantecon_seconds * count / len(sample)
    differ, wrong = disagreements(result, sample, found, subsampled)
    line += f"{quantecon_total:>9.2f}{quantecon_total / seconds:>7.1f}x{differ:>5}{wrong:>4}"
    print(line, flush=True)


def whole_command(model: str, count: int, args) -> list[str]:
    """``negotiation solve MODEL --points FILE --json`` (and ``--csv``) in a fresh process,
    output discarded; the lines to print.

    Run before this process does any linear algebra: OpenBLAS's idle threads spin on the cores
    for a while after a call, and would slow the command down (by 15% or more on 2 cores).
    """
    scenario = load_scenario(model)
    draws = draw_points(scenario, count, seed=args.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "points.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(list(draws))
            writer.writerows(zip(*(values.tolist() for values in draws.values()), strict=True))
        timings = {}
        for form in ("json", "csv"):
            command = [sys.executable, "-m", "negotiation.cli.main", "solve", model]
            command += ["--points", str(path)]
            command.append(f"--{form}")
            _, timings[form] = timed(
                lambda command=command: subprocess.run(
                    command, check=True, stdout=subprocess.DEVNULL
                )
            )
    payoffs = evaluate_payoffs(scenario, draws)
    size = min(args.subsample, count)
    _, nashpy_seconds = timed(lambda: nashpy_loop(payoffs[0][:size], payoffs[1][:size]))
    nashpy_total = nashpy_seconds * count / size
    lines = [
        f"nashpy loop over the same {count:,} points (estimated from {size:,}): "
        f"{nashpy_total:.1f} s"
    ]
    lines += [
        f"negotiation solve {model} --points ({count:,} rows) --{form}: {seconds:.2f} s, "
        f"ratio {nashpy_total / seconds:.0f}x"
        for form, seconds in timings.items()
    ]
    return [*lines, "goal: the --json command >= 300x the nashpy loop"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--subsample", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="batch runs; the fastest counts")
    args = parser.parse_args()
    command_lines = whole_command("idlib-offensive", args.points, args)  # first: see its doc
    warm_up_quantecon()
    solve_games([np.zeros((1, 2, 2))] * 2)  # import what the first solve imports
    print(f"{'':<47}{'nashpy loop':^26}{'QuantEcon loop':^25}")
    print(
        f"{'case':<22}{'points':>9}{'batch s':>9}{'exact':>7}"
        f"{'s (est)':>10}{'ratio':>8}{'diff':>5}{'bad':>4}"
        f"{'s (est)':>9}{'ratio':>8}{'diff':>5}{'bad':>4}"
    )
    rng = np.random.default_rng(args.seed)
    for size in (2, 3, 4, 6):
        # 6x6 games have 923 support pairs of equal size (4x4: 69), and nashpy takes seconds
        # a game: a tenth of the points, and the QuantEcon loop alone.
        count = args.points if size <= 4 else max(args.points // 10, args.subsample)
        payoffs = [rng.random((count, size, size)) for _ in range(2)]
        compare(
            f"random {size}x{size}",
            count,
            lambda payoffs=payoffs: solve_games(payoffs),
            payoffs,
            args,
            with_nashpy=size <= 4,
        )
    for model in MODELS:
        scenario = load_scenario(model)
        draws = draw_points(scenario, args.points, seed=args.seed)
        size = "x".join(str(len(labels)) for labels in scenario.strategies)
        compare(
            f"{model} {size}",
            args.points,
            lambda scenario=scenario, draws=draws: solve_batch(scenario, draws),
            evaluate_payoffs(scenario, draws),
            args,
        )
    print(
        "batch s: fastest of --repeat runs, formulas (models) and equilibria included; exact: "
        "points sent to the exact solver;\ndiff: subsampled points where the loop's answer "
        "differs; bad: those where the exact solver sides with the loop (should be 0).\n"
        "nashpy misses equilibria where rounding breaks its exact float comparisons."
    )
    print("goals: 3x3 model <= 0.5 s per 10^5 points, >= 500x nashpy, >= 5x QuantEcon\n")
    print("\n".join(command_lines))


if __name__ == "__main__":
    main()
