"""Analyses of a scenario as its parameters move: exact thresholds (`thresholds`) and grid
sweeps (`sweep`).  Each lives in its own module; nothing heavy is imported here."""
