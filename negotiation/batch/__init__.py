"""One parametric game solved at many parameter points at once, with numpy.

Why: every payoff of a policy model is uncertain, so a conclusion is worth what its robustness
across the parameters' plausible ranges is worth, and showing that takes 10^5 to 10^7 solves.
A loop over a single-game solver costs milliseconds per game; here each step of support
enumeration is one numpy operation across all the points of a chunk, and the few points
where floats cannot decide (degenerate games, or nearly so) go to the exact solver, so that
every answer is the exact solver's.

Modules, one idea each:

- `solve`: the driver, `solve_batch` (a scenario at many points) and `solve_games` (stacked
  payoff arrays): chunking, and the exact solver where the kernels flag a point.
- `evaluate`: the payoff formulas evaluated on arrays.
- `scaling`: payoffs rescaled to [0, 1], so that one tolerance suits every model.
- `support_enumeration`: the two-player kernel; `vertex_enumeration`: degenerate two-player
  games whose ties are the formulas' own; `pure`: pure equilibria of any number of players.
- `exact`: exact equilibria on the supports the kernels found (for sweeps).
- `outcomes`: a point's outcome, the supports of its equilibria; `equilibria`: the table of
  every equilibrium found.
- `result`: `BatchResult` and its text report; `output`: every point as JSON or CSV, streamed;
  `parallel`: a large points file solved and written by several processes.
- `points`: points read from a CSV file (`read_points`); `decimals`: their texts parsed to
  floats with numpy; `values`: point values as floats, exactly, and as given.
"""

from negotiation.batch.equilibria import EquilibriumTable
from negotiation.batch.evaluate import evaluate_payoffs
from negotiation.batch.outcomes import Outcome, Support, outcome_label, result_outcome
from negotiation.batch.points import PointsTable, read_points
from negotiation.batch.result import BatchResult
from negotiation.batch.scaling import DEFAULT_TOL
from negotiation.batch.solve import solve_batch, solve_games
from negotiation.batch.values import PointValues

__all__ = [
    "DEFAULT_TOL",
    "BatchResult",
    "EquilibriumTable",
    "Outcome",
    "PointValues",
    "PointsTable",
    "Support",
    "evaluate_payoffs",
    "outcome_label",
    "read_points",
    "result_outcome",
    "solve_batch",
    "solve_games",
]
