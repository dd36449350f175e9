"""One equilibrium of a game of any size by the logit path: ours (`negotiation.solvers.logit`,
the path in floats, its end's support solved exactly) against pygambit's ``logit_solve``
(the same path, C++, floats), on the same random games, in one run.

Goal (issue 14, point 4): beyond the sizes support enumeration finishes, find equilibria by a
path-following method, marked numerical and incomplete, each re-checked for regret.  For each
shape: median seconds of each side, their ratio, how many of ours were made exact (the rest
are numerical, with their regret), and how many ends agree with Gambit's to 1e-4.  Payoffs
are random integers in [-1000, 1000].  Both sides run once first on a small game, so that
neither counts its imports.

Usage: python benchmarks/logit.py [--shapes 30x30 100x100 6x6x6 10x10x10 4x4x4x4 2x2x2x2x2x2x2]
                                  [--games 3] [--seed 1]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from negotiation.game import Game
from negotiation.solvers.logit import logit_equilibrium


def ours(payoffs: list[np.ndarray]) -> tuple[np.ndarray, bool]:
    profile, exact = logit_equilibrium(Game(payoffs))
    return np.array([float(p) for mixed in profile for p in mixed]), exact


def gambit(payoffs: list[np.ndarray]) -> np.ndarray:
    import pygambit as gbt

    game = gbt.Game.from_arrays(*(np.asarray(payoff, dtype=object) for payoff in payoffs))
    (equilibrium,) = gbt.nash.logit_solve(game).equilibria
    return np.array([float(equilibrium[s]) for s in game.strategies])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shapes",
        nargs="+",
        default=["30x30", "100x100", "6x6x6", "10x10x10", "4x4x4x4", "2x2x2x2x2x2x2"],
    )
    parser.add_argument("--games", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    warm = [np.array([[[1, 0], [0, 1]], [[0, 1], [1, 0]]])[k] for k in range(2)]
    ours(warm)
    gambit(warm)
    print("shape            games  ours (s)  gambit (s)  ratio  exact  agree")
    for text in arguments.shapes:
        shape = tuple(int(count) for count in text.split("x"))
        ours_times, gambit_times, exact, agree = [], [], 0, 0
        for game in range(arguments.games):
            rng = np.random.default_rng(arguments.seed + game)
            payoffs = [rng.integers(-1000, 1001, shape) for _ in shape]
            start = time.perf_counter()
            mine, made_exact = ours(payoffs)
            ours_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            theirs = gambit(payoffs)
            gambit_times.append(time.perf_counter() - start)
            exact += made_exact
            agree += bool(np.allclose(mine, theirs, rtol=0, atol=1e-4))
        mine_s, theirs_s = statistics.median(ours_times), statistics.median(gambit_times)
        print(
            f"{text:16} {arguments.games:5}  {mine_s:8.3f}  {theirs_s:10.3f}  "
            f"{mine_s / theirs_s:4.1f}x  {exact:5}  {agree:5}"
        )


if __name__ == "__main__":
    main()
