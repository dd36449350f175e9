"""Batch backward induction against a loop of exact subgame-perfect solves, in one run.

Goal (issue 11): a small tree at 10^5 parameter points in about a second, formula evaluation
included.  The exact loop (`negotiation.extensive.subgame_perfect` on the tree built at each
point) is timed on a subsample and scaled.  At every subsampled point the batch answer (one
equilibrium's path, or "tied" for points sent to the exact solver) must agree with the loop.
Timings are printed, never asserted.

Usage: python benchmarks/backward.py [--points N] [--subsample M] [--seed S]
"""

from __future__ import annotations

import argparse
import time
from fractions import Fraction

import numpy as np

from negotiation.batch.backward import backward_induction_batch
from negotiation.extensive.subgame_perfect import subgame_perfect
from negotiation.robustness import draw_points
from negotiation.scenario import load_scenario

TREES = ("entry-deterrence-tree", "centipede", "ultimatum")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--subsample", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    print(
        f"{'tree':<24}{'points':>8}{'batch s':>10}{'exact s (scaled)':>18}{'ratio':>8}"
        f"{'tied':>8}{'agree':>7}"
    )
    for name in TREES:
        model = load_scenario(name).model
        draws = draw_points(model, options.points, seed=options.seed)
        values = {**{k: float(v) for k, v in model.baseline().items()}, **draws}
        start = time.perf_counter()
        batch = backward_induction_batch(
            model.parametric_tree, model.terms, values, options.points
        )
        codes, moves = batch.outcomes()
        batch_time = time.perf_counter() - start
        sample = np.random.default_rng(options.seed).choice(
            options.points, options.subsample, replace=False
        )
        start = time.perf_counter()
        agree = True
        for index in sample:
            point = {
                **model.baseline(),
                **{k: Fraction(float(a[index])) for k, a in draws.items()},
            }
            exact = subgame_perfect(model.tree(point)).equilibria
            if batch.tied[index]:
                continue
            path = tuple((m.node, m.action) for m in exact[0].path if m.player != "Chance")
            agree &= len(exact) == 1 and path == moves[codes[index]]
        exact_time = (time.perf_counter() - start) * options.points / options.subsample
        print(
            f"{name:<24}{options.points:>8}{batch_time:>10.3f}{exact_time:>18.1f}"
            f"{exact_time / batch_time:>8.0f}{int(batch.tied.sum()):>8}{str(agree):>7}"
        )


if __name__ == "__main__":
    main()
