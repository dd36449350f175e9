"""Where does Russia switch to holding the ceasefire as the drone cost rises, across worlds?

For each plausible world (every idlib-offensive parameter but drone_cost drawn uniformly on
its declared range) find the smallest drone_cost on a fine grid of its range at which holding
the ceasefire is an equilibrium for Russia, and report: the switch at the baseline values,
the interval holding the middle 90% of the switches among the worlds where one happens inside
the range, the share of worlds where none happens (Russia never holds), and the share where
Russia already holds at the bottom of the range.

Usage: PYTHONPATH=. python benchmarks/idlib_drones.py [--worlds N] [--steps K] [--seed S]
"""

from __future__ import annotations

import argparse

import numpy as np

from negotiation.batch import solve_batch
from negotiation.claims import holds_on_supports
from negotiation.scenario import Claim, load_scenario


def switches(worlds: int, steps: int, seed: int, presets: tuple[str, ...] = ()) -> dict:
    scenario = load_scenario("idlib-offensive")
    spec = scenario.parameters["drone_cost"]
    grid = np.linspace(float(spec.low), float(spec.high), steps)
    base = scenario.values(presets)
    fixed = {name for preset in presets for name in scenario.presets[preset].values}
    rng = np.random.default_rng(seed)
    drawn = {
        name: rng.uniform(float(p.low), float(p.high), worlds)
        for name, p in scenario.parameters.items()
        if name != "drone_cost" and name not in fixed and p.low < p.high
    }
    points = {name: np.repeat(values, steps) for name, values in drawn.items()}
    points["drone_cost"] = np.tile(grid, worlds)
    batch = solve_batch(scenario, points, base=base, keep_equilibria=False)
    hold = Claim("", "", "Russia", "Hold", "some")
    players, strategies = scenario.player_names, scenario.strategies
    verdict = np.array(
        [holds_on_supports(hold, outcome, players, strategies) for outcome in batch.outcomes]
    )
    holds = verdict[batch.outcome].reshape(worlds, steps)
    first = np.where(holds.any(axis=1), holds.argmax(axis=1), -1)
    inside = first > 0
    values = grid[first[inside]]
    return {
        "worlds": worlds,
        "never": float((first < 0).mean()),
        "at_bottom": float((first == 0).mean()),
        "middle_90": (float(np.quantile(values, 0.05)), float(np.quantile(values, 0.95))),
        "median": float(np.median(values)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worlds", type=int, default=4000)
    parser.add_argument("--steps", type=int, default=191)
    parser.add_argument("--seed", type=int, default=20260)
    args = parser.parse_args()
    from negotiation.analysis.thresholds import thresholds

    scenario = load_scenario("idlib-offensive")
    at_baseline = [t.value for t in thresholds(scenario, "drone_cost").thresholds]
    print(f"thresholds of drone_cost at the baseline: {at_baseline}")
    for presets in ((), ("pre-2020",)):
        result = switches(args.worlds, args.steps, args.seed, presets)
        print(f"presets {presets or 'none'}: {result}")


if __name__ == "__main__":
    main()
