"""Every extreme equilibrium of a two-player game: our exact vertex enumeration against
pygambit's ``enummixed_solve(rational=True)``, on the same games, in one run.

Goal (issue 14, point 2): faster than ``enummixed`` on random and degenerate games from 6x6 to
15x15, no size at which it is slower, and 20x20 random games finish.  On a random 20x20 game
the walk meets more than MAX_BASES (10^6) bases in its first polytope, so ``solve``
refuses it; ``--max-bases`` raises the limit for this run to see how long the walk takes, but
mind the memory: the walk's stack keeps the dictionaries of the bases it has met and not yet
left (``--sizes 20 --kinds random --games 1`` under ``/usr/bin/time -v``: 3.1 GB at the
refusal).  Random games have
payoffs in -99..99; degenerate ones in -1..1 (many ties, so vertices with more labels than
dimensions and continua of equilibria).  Where both finish, the two sets of equilibria are
compared exactly and a difference is printed.  Gambit runs in a child process, given up
after ``--limit`` seconds.  Times are medians; ratios are printed, not asserted.

Usage: python benchmarks/vertex_enumeration.py [--sizes 6 8 10 12 15 20] [--games 2]
       [--limit 300] [--kinds random degenerate] [--max-bases 2e6]
"""

from __future__ import annotations

import argparse
import statistics
from fractions import Fraction

import numpy as np
import pygambit  # imported here, so that the forked child's timing leaves the import out
from lemke_howson import timed, timed_with_limit

from negotiation.errors import GameTooLargeError
from negotiation.game import Game
from negotiation.solvers import solve, vertex_enumeration

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
    parser.add_argument(
        "--max-bases", type=float, help="the walk's limit for this run (default: MAX_BASES)"
    )
    args = parser.parse_args()
    if args.max_bases:
        vertex_enumeration.MAX_BASES = int(args.max_bases)
        print(f"walk limit raised to {vertex_enumeration.MAX_BASES:.0e} bases for this run")
    rng = np.random.default_rng(args.seed)
    print(f"{'game':>16}  {'ours':>10}  {'gambit enummixed':>26}  equilibria")
    for size in args.sizes:
        for kind in args.kinds:
            low, high = KINDS[kind]
            own: list[float] = []
            theirs: list[float] = []
            timeouts = differences = refused = 0
            counts = []
            for _ in range(args.games):
                payoffs = [rng.integers(low, high + 1, (size, size)) for _ in range(2)]
                game = Game([array.astype(object) for array in payoffs])
                try:
                    seconds, found = timed(lambda game=game: ours(game))
                except GameTooLargeError:  # the walk passed MAX_BASES
                    refused += 1
                    continue
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
            if not own:
                limit = vertex_enumeration.MAX_BASES
                print(f"{size:>4}x{size:<3} {kind:>10}  refused: more than {limit:.0e} bases")
                continue
            mine = statistics.median(own)
            if theirs:
                other = statistics.median(theirs)
                cell = f"{other:8.2f} s {other / mine:7.1f}x"
                cell += f" ({timeouts} > {args.limit:g} s)" if timeouts else ""
            else:
                cell = f"> {args.limit:g} s" if timeouts else "not run"
            flag = f"  {differences} DIFFERENT" if differences else ""
            flag += f"  ({refused} refused)" if refused else ""
            print(
                f"{size:>4}x{size:<3} {kind:>10}  {mine:8.2f} s  {cell:>26}  "
                f"{'/'.join(map(str, counts))}{flag}"
            )
    print("ratio = Gambit's time / ours (above 1: we are faster)")


if __name__ == "__main__":
    main()
