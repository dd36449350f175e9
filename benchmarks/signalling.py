"""CPU time of signalling robustness: the exact PBE solve at each drawn point, and the whole
``robustness`` run, per 10^4 draws.

Issue 13 (speed): ``negotiation robustness beer-quiche --samples 10000`` took about 690 s of
CPU and idlib-signal at 5000 draws 78 s.  This script times the same work on fewer draws
(``--samples``) and scales it; CPU time (``time.process_time``), so that other processes on a
shared machine do not count.  Timings are printed, never asserted.

Usage: python benchmarks/signalling.py [--samples N] [--seed S] [--scenario NAME ...]
"""

from __future__ import annotations

import argparse
import time

from negotiation.robustness import robustness
from negotiation.scenario import load_scenario

SCENARIOS = ("beer-quiche", "job-market", "idlib-signal", "idlib-signal-two")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scenario", nargs="*", default=list(SCENARIOS))
    options = parser.parse_args()
    print(f"{'scenario':<20}{'draws':>7}{'solve ms/draw':>15}{'robustness s per 10^4':>23}")
    for name in options.scenario:
        scenario = load_scenario(name)
        model = scenario.model
        start = time.process_time()
        robustness(scenario, options.samples, seed=options.seed)
        whole = time.process_time() - start
        points = [
            scenario.values((), {k: v for k, v in point.items() if k in scenario.parameters})
            for point in _points(scenario, options.samples, options.seed)
        ]
        start = time.process_time()
        for point in points:
            model.solve_at(point)
        solve = time.process_time() - start
        print(
            f"{name:<20}{len(points):>7}{1000 * solve / len(points):>15.2f}"
            f"{whole * 10_000 / options.samples:>23.0f}"
        )


def _points(scenario, samples: int, seed: int) -> list[dict]:
    """The drawn points as exact values (what robustness solves at each draw)."""
    from fractions import Fraction

    from negotiation.robustness import draw_points

    drawn = draw_points(scenario, samples, seed=seed)
    return [
        {name: Fraction(float(values[k])) for name, values in drawn.items()}
        for k in range(samples)
    ]


if __name__ == "__main__":
    main()
