"""Games of incomplete information: Bayesian games and signalling games, solved exactly.

- `negotiation.signalling.game`: a signalling game (sender types with a prior, messages,
  receiver actions, type-dependent payoffs);
- `negotiation.signalling.bayesian`: a Bayesian game (types, a prior, simultaneous moves) and its
  pure Bayesian Nash equilibria from the definition;
- `negotiation.signalling.normal_form`: the ex-ante and agent normal forms, as `Game`s, which
  the existing solvers solve;
- `negotiation.signalling.harsanyi`: the Harsanyi transformation into a `Tree`;
- `negotiation.signalling.beliefs`: Bayes' rule, best responses to beliefs, belief sets;
- `negotiation.signalling.pbe`: every perfect Bayesian equilibrium of a class, exactly;
- `negotiation.signalling.intuitive`: the Intuitive Criterion (Cho and Kreps 1987);
- `negotiation.signalling.thresholds`: critical priors and signal costs, as formulas;
- `negotiation.signalling.explain`: Bayes' rule and each incentive constraint, in steps;
- `negotiation.signalling.classic`: beer-quiche, Spence's job market, and other teaching games.
"""
