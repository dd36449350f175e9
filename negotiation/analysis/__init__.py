"""Analyses of a scenario as its parameters move, one module each: for example `thresholds`
(the exact values where the equilibria change) and `sweep` (the equilibria across a grid).
Nothing heavy is imported here: each module imports sympy or matplotlib inside the functions
that need them."""
