"""Every equilibrium of a game with three or four players: our exact support enumeration
against pygambit's ``enumpoly_solve``, on the same random games, in one run.

Goal (issue 14, point 4): reach 4x4x4 and 3x3x3x3.  Each side runs in a child process, given
up after ``--limit`` seconds.  Payoffs are random integers in ``[-R, R]``: with ``--range``
large (default 10**6) the games are generic; with a small one (9) they have ties, degenerate
games where continua appear.  Our equilibria are checked exactly by the solver; Gambit's are
matched to ours at 1e-6 and the differences are counted ("ours only": found by us, verified,
missed by enumpoly; "gambit only": the other way).  Times are medians; ratios are printed, not
asserted.

Usage: python benchmarks/nplayer.py [--shapes 3x3x3 2x2x2x2 4x4x4 3x3x3x3] [--games 3]
                                    [--seed 1] [--range 1000000] [--limit 300]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from lemke_howson import timed_with_limit  # noqa: E402

from negotiation.game import Game  # noqa: E402


def ours(payoffs: list[np.ndarray]) -> list[list[float]]:
    from negotiation.solvers.support_enumeration import mixed_equilibria

    found = mixed_equilibria(Game(payoffs))
    return [[float(p) for mixed in profile for p in mixed] for profile in found.profiles]


def gambit(payoffs: list[np.ndarray]) -> list[list[float]]:
    import pygambit as gbt

    game = gbt.Game.from_arrays(*(np.asarray(payoff, dtype=object) for payoff in payoffs))
    return [
        [float(equilibrium[player][s]) for player in game.players for s in player.strategies]
        for equilibrium in gbt.nash.enumpoly_solve(game).equilibria
    ]


def unmatched(first: list[list[float]], second: list[list[float]]) -> int:
    """How many profiles of ``first`` are not within 1e-6 of one in ``second``."""
    return sum(not any(np.allclose(a, b, atol=1e-6) for b in second) for a in first)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", nargs="+", default=["3x3x3", "2x2x2x2", "4x4x4", "3x3x3x3"])
    parser.add_argument("--games", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--range", type=int, default=10**6, dest="bound")
    parser.add_argument("--limit", type=float, default=300.0)
    arguments = parser.parse_args()
    rng = np.random.default_rng(arguments.seed)
    print(f"payoffs in [-{arguments.bound}, {arguments.bound}], limit {arguments.limit:.0f} s")
    print(
        "shape     games  ours (s)  enumpoly (s)  ratio   equilibria ours/gambit"
        "  ours only  gambit only"
    )
    for text in arguments.shapes:
        shape = tuple(int(count) for count in text.split("x"))
        times: dict[str, list[float]] = {"ours": [], "gambit": []}
        counts = [0, 0]
        only = [0, 0]
        timeouts = {"ours": 0, "gambit": 0}
        for _ in range(arguments.games):
            payoffs = [
                rng.integers(-arguments.bound, arguments.bound + 1, size=shape) for _ in shape
            ]
            answers = {}
            for name, solver in (("ours", ours), ("gambit", gambit)):
                timed = timed_with_limit(solver, payoffs, arguments.limit)
                if timed is None:
                    timeouts[name] += 1
                    continue
                times[name].append(timed[0])
                answers[name] = timed[1]
            if len(answers) == 2:
                counts[0] += len(answers["ours"])
                counts[1] += len(answers["gambit"])
                only[0] += unmatched(answers["ours"], answers["gambit"])
                only[1] += unmatched(answers["gambit"], answers["ours"])
        medians = {
            name: statistics.median(values) if values else float("nan")
            for name, values in times.items()
        }
        ratio = medians["ours"] / medians["gambit"]
        late = "".join(
            f"  ({count} over the limit: {name})" for name, count in timeouts.items() if count
        )
        print(
            f"{text:9} {arguments.games:5}  {medians['ours']:8.3f}  {medians['gambit']:12.3f}"
            f"  {ratio:5.1f}x  {counts[0]:10}/{counts[1]:<12} {only[0]:9}  {only[1]:11}{late}"
        )


if __name__ == "__main__":
    main()
