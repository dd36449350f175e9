"""Every extreme equilibrium of a two-player game: our exact vertex enumeration against
pygambit's ``enummixed_solve(rational=True)``, on the same games, in one run.

Goal (issue 14, point 2): faster than ``enummixed`` on random and degenerate games from 6x6 to
15x15, no size at which it is slower, and 20x20 random games finish (Gambit is not given
those: ``--gambit-up-to``); the peak column shows that the memory stays small.  Random games
have payoffs in -99..99; degenerate ones in -1..1 (many ties, so vertices with more labels than
dimensions and continua of equilibria).  Where both finish, the two sets of equilibria are
compared exactly and a difference is printed.  Gambit runs in a child process, given up
after ``--limit`` seconds.  Times are medians; ratios are printed, not asserted.

Usage: python benchmarks/vertex_enumeration.py [--sizes 6 8 10 12 15 20] [--games 2]
       [--limit 300] [--kinds random degenerate] [--gambit-up-to 15]
"""

from __future__ import annotations

import argparse
import resource
import statistics
from fractions import Fraction

import numpy as np
import pygambit  # imported here, so that the forked child's timing leaves the import out
from lemke_howson import timed, timed_with_limit

from negotiation.game import Game
from negotiation.solvers import solve

KINDS = {"random": (-99, 99), "degenerate": (-1, 1)}


def ours(game: Game) -> set[tuple]:
    return {equilibrium.profile for equilibrium in solve(game).equilibria}


def gambit_answer(payoffs: list[np.ndarray]) -> set[tuple]:
    table = pygambit.Game.from_arrays(*[array.astype(int) for array in payoffs])
    found = pygambit.nash.enummixed_solve(table, rational=True).equilibria
    return {
        tuple(
            tuple(Fraction(str(profile[strategy])) for strategy in player.strategies)
            for player in table.players
        )
        for profile in found
    }


def peak_megabytes() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[6, 8, 10, 12, 15, 20])
    parser.add_argument("--games", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=300, help="seconds per Gambit solve")
    parser.add_argument(
        "--gambit-up-to", type=int, default=15, help="largest size given to Gambit"
    )
    parser.add_argument("--kinds", nargs="+", choices=list(KINDS), default=list(KINDS))
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    print(f"{'game':>16}  {'ours':>10}  {'gambit enummixed':>26}  {'peak':>7}  equilibria")
    for size in args.sizes:
        for kind in args.kinds:
            low, high = KINDS[kind]
            own: list[float] = []
            theirs: list[float] = []
            timeouts = differences = 0
            counts = []
            for _ in range(args.games):
                payoffs = [rng.integers(low, high + 1, (size, size)) for _ in range(2)]
                game = Game([array.astype(object) for array in payoffs])
                seconds, found = timed(lambda game=game: ours(game))
                own.append(seconds)
                counts.append(len(found))
                if size > args.gambit_up_to:
                    continue
                answer = timed_with_limit(gambit_answer, payoffs, args.limit)
                if answer is None:
                    timeouts += 1
                    continue
                theirs.append(answer[0])
                differences += answer[1] != found
            mine = statistics.median(own)
            if theirs:
                other = statistics.median(theirs)
                cell = f"{other:8.2f} s {other / mine:7.1f}x"
                cell += f" ({timeouts} > {args.limit:g} s)" if timeouts else ""
            else:
                cell = f"> {args.limit:g} s" if timeouts else "not run"
            flag = f"  {differences} DIFFERENT" if differences else ""
            print(
                f"{size:>4}x{size:<3} {kind:>10}  {mine:8.2f} s  {cell:>26}  "
                f"{peak_megabytes():5.0f} MB  {'/'.join(map(str, counts))}{flag}"
            )
    print("ratio = Gambit's time / ours (above 1: we are faster); peak = this process's")
    print("largest resident memory so far (Gambit runs in a child process)")


if __name__ == "__main__":
    main()
