"""Every equilibrium of a game with three or four players: our exact support enumeration
against pygambit's ``enumpoly_solve``, on the same random games, in one run.

Goal (issue 14, point 4): reach 4x4x4 and 3x3x3x3.  Each side runs in a child process, given
up after ``--limit`` seconds; both run once on a small game in the parent first, so that
neither side's time counts its imports.  Payoffs are random integers in ``[-R, R]``: with
``--range`` large (default 10**6) the games are generic; with a small one (9) they have ties,
degenerate games where continua appear.  Our equilibria are checked exactly by the solver;
Gambit's are matched to ours at 1e-6 and the differences are counted ("ours only": found by
us, verified, missed by enumpoly; "gambit only": the other way).  Times are medians; ratios are
printed, not asserted.

``--census`` says, for the first game of each shape, where our time goes: the support profiles
by their sizes, how many conditional dominance keeps, the solver each class goes to first
(structured linear algebra and resultants, subdivision, or a Groebner basis) and the time of
one support of the class (given up after ``--support-limit`` seconds).  It shows how far a
size that does not finish gets, and why.

Usage: python benchmarks/nplayer.py [--shapes 3x3x3 2x2x2x2 4x4x4 3x3x3x3] [--games 3]
                                    [--seed 1] [--range 1000000] [--limit 300]
                                    [--census] [--support-limit 30]
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


def census(payoffs: list[np.ndarray], limit: float) -> None:
    """Our support profiles by sizes: candidates kept by each pruning step, solver, time."""
    from collections import defaultdict
    from itertools import product

    from negotiation.solvers import support_enumeration as enumeration
    from negotiation.solvers.support_systems import UNSOLVED, solve_structured

    exact = Game(payoffs).exact_payoffs()
    comparisons = enumeration._comparisons(exact)
    classes: dict[tuple[int, ...], list[int]] = defaultdict(lambda: [0, 0])
    first: dict[tuple[int, ...], tuple] = {}
    for supports in product(*(enumeration._subsets(count) for count in exact[0].shape)):
        if all(len(support) == 1 for support in supports):
            continue
        sizes = tuple(len(support) for support in supports)
        counts = classes[sizes]
        counts[0] += 1
        if enumeration._may_be_best_responses(comparisons, supports):
            counts[1] += 1
            first.setdefault(sizes, supports)
    print("  sizes       all  dominance  solver      one support (s)")
    total = 0.0
    for sizes, (every, kept) in sorted(classes.items()):
        if sizes not in first:
            continue
        supports = first[sizes]
        if enumeration._boxes_first(supports):
            solver = "boxes"
        elif solve_structured(exact, supports) is not UNSOLVED:
            solver = "structured"
        else:
            solver = (
                "boxes"
                if enumeration._unknowns(supports) >= enumeration._BOXES_FROM
                else "Groebner"
            )
        timed = timed_with_limit(_one_support, [exact, supports], limit)
        seconds = f"{timed[0]:.3f}" if timed else f"> {limit:.0f}"
        if timed:
            total += timed[0] * kept
        print(f"  {str(sizes):12}{every:5}  {kept:9}  {solver:10}  {seconds}")
    print(f"  classes that finished: about {total:.0f} s in all")


def _one_support(arguments: list) -> object:
    import mpmath

    from negotiation.solvers.support_enumeration import _DIGITS, _solve_support

    with mpmath.mp.workdps(_DIGITS):
        return _solve_support(*arguments)


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
    parser.add_argument("--census", action="store_true")
    parser.add_argument("--support-limit", type=float, default=30.0)
    arguments = parser.parse_args()
    # Both sides run once here, before the children fork, so that no child's time counts
    # imports (pygambit's, sympy's modules loaded on first use).
    warm = [np.random.default_rng(0).integers(-1000, 1001, size=(3, 3, 3)) for _ in range(3)]
    ours(warm)
    gambit(warm)

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
        for game in range(arguments.games):
            payoffs = [
                rng.integers(-arguments.bound, arguments.bound + 1, size=shape) for _ in shape
            ]
            if arguments.census and game == 0:
                print(f"{text}, first game: where the time goes")
                census(payoffs, arguments.support_limit)
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
