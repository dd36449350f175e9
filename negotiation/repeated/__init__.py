"""Repeated games: a stage game (any `negotiation.game.Game`) played again and again.

Issue 12 (game (b) of the domain brief, the repeated ceasefire).  Modules: `automaton`
(strategies as finite automata: grim trigger, tit-for-tat, k-period punishment), `deltas` (the
set of discount factors at which an automaton is subgame perfect, by the one-shot deviation
principle, exactly), `critical` (closed forms for the critical discount factor), `monitoring`
(grim trigger when violations may go unseen), `minmax` and `payoff_set` (the feasible and
individually rational payoffs), `abreu_sannikov` (the subgame-perfect payoff set of a
two-player game), `finite` (the T-fold repeated game), `problem` and `result` (one repeated
game at one parameter point, and what solving it returns).
"""
