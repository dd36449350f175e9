"""Solving trees: our subgame-perfect and reduced-form Nash solves against pygambit, same run.

Gambit has no subgame-perfect solver (removed in 16.5), so the baselines are its equilibrium
solvers on the same trees: ``enumpure_solve`` (pure equilibria of the reduced strategic form),
``enummixed_solve`` and ``lcp_solve`` on the strategic form (two players), and, for the large
tree, ``lcp_solve`` on the sequence form (one equilibrium, the fastest Gambit way to solve a
two-player tree, which still stops being practical at a few hundred leaves).  Times are the
best of a few runs; ratios (Gambit time / ours, above 1: ours faster) are printed, not
asserted.
Answers are checked where both sides compute the same thing (the pure equilibria).

Usage: python benchmarks/extensive.py [--runs N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

from negotiation.extensive.efg import read_efg, write_efg
from negotiation.extensive.reduced_form import reduced_form
from negotiation.extensive.subgame_perfect import subgame_perfect
from negotiation.extensive.tree import Decision, Node, Terminal, Tree
from negotiation.solvers import solve

DATA = Path(__file__).parent.parent / "tests" / "data" / "efg"


def complete_tree(branching: int, depth: int, seed: int) -> Tree:
    """Two players moving in turn, ``branching ** depth`` leaves, payoffs rarely tied."""
    rng = random.Random(seed)

    def build(level: int, name: str) -> Node:
        if level == depth:
            return Terminal((Fraction(rng.randrange(10**6)), Fraction(rng.randrange(10**6))))
        children = tuple(build(level + 1, f"{name}.{k}") for k in range(branching))
        return Decision(level % 2, name, tuple(f"m{k}" for k in range(branching)), children)

    return Tree(("P1", "P2"), build(0, "r"), f"complete {branching}^{depth}")


def best_time(function: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def row(name: str, ours: float, theirs: float | None, what: str) -> None:
    ratio = f"{theirs / ours:8.1f}x" if theirs is not None else "       -"
    baseline = f"{theirs * 1000:10.1f} ms" if theirs is not None else "           -"
    print(f"{name:42} {ours * 1000:10.1f} ms {baseline} {ratio}  ({what})", flush=True)


def main() -> None:
    import pygambit

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    trees = [read_efg(path) for path in sorted(DATA.glob("*.efg"))]
    trees += [complete_tree(2, 4, seed=1), complete_tree(3, 3, seed=2)]
    print(f"{'tree / ours vs Gambit':42} {'ours':>13} {'Gambit':>13} {'Gambit/ours':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for tree in trees:
            path = Path(folder) / "tree.efg"
            path.write_text(write_efg(tree), encoding="utf-8")
            game = pygambit.read_efg(str(path))
            name = tree.title[:22]
            spe = best_time(lambda tree=tree: subgame_perfect(tree), args.runs)
            row(f"{name}: SPE", spe, None, "Gambit has no SPE solver")

            def ours_pure(tree=tree):
                return solve(reduced_form(tree).game, method="pure")

            theirs = best_time(lambda game=game: pygambit.nash.enumpure_solve(game), args.runs)
            row(f"{name}: pure Nash", best_time(ours_pure, args.runs), theirs, "enumpure_solve")
            found = len(ours_pure().equilibria)
            shape = reduced_form(tree).game.shape
            expected = len(pygambit.nash.enumpure_solve(game).equilibria)
            assert found == expected, (tree.title, found, expected)
            if len(tree.players) == 2 and max(shape) <= 30:  # vertex enumeration explodes
                ours = best_time(lambda tree=tree: solve(reduced_form(tree).game), args.runs)
                enummixed = best_time(
                    lambda game=game: pygambit.nash.enummixed_solve(game, rational=True),
                    args.runs,
                )
                row(f"{name}: all extreme Nash", ours, enummixed, "enummixed_solve")
                lcp = best_time(
                    lambda game=game: pygambit.nash.lcp_solve(
                        game, rational=True, use_strategic=True
                    ),
                    args.runs,
                )
                row(f"{name}: all extreme Nash", ours, lcp, "lcp_solve, strategic")
        # Gambit's sequence-form LCP (one equilibrium) takes 1.4 s at 81 leaves, 9 s at 256,
        # and at 625 stopped with "Bad exit index in LTableau" after 170 s: compare there.
        for branching in (3, 4):
            tree = complete_tree(branching, 4, seed=3)
            path = Path(folder) / "large.efg"
            path.write_text(write_efg(tree), encoding="utf-8")
            game = pygambit.read_efg(str(path))
            spe = best_time(lambda tree=tree: subgame_perfect(tree), args.runs)
            lcp = best_time(
                lambda game=game: pygambit.nash.lcp_solve(
                    game, rational=False, use_strategic=False
                ),
                1,
            )
            what = "lcp_solve, sequence form: one equilibrium"
            row(f"{branching**4} leaves: SPE vs one Nash", spe, lcp, what)
        large = complete_tree(10, 4, seed=3)
        spe = best_time(lambda: subgame_perfect(large), args.runs)
        row("10^4 leaves: SPE", spe, None, "Gambit: too slow to compare")
    print("goal: a tree of 10^4 leaves solves (SPE) in under 1 s")


if __name__ == "__main__":
    main()
