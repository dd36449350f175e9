"""Games in extensive form: trees, their files, and their subgame-perfect equilibria."""
