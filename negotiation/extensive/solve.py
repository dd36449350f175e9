"""Solve a tree: its subgame-perfect equilibria, and the Nash equilibria of its reduced normal
form, compared.

Why both: every subgame-perfect equilibrium is a Nash equilibrium, but a Nash equilibrium may
rest on a threat that the threatening player would not carry out once called on (Selten 1965);
listing both, and marking the Nash equilibria no subgame-perfect one induces, shows which
outcomes need such threats.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from negotiation.extensive.reduced_form import MAX_STRATEGIES, ReducedFormTooLarge, reduced_form
from negotiation.extensive.results import TreeSolveResult
from negotiation.extensive.subgame_perfect import MAX_EQUILIBRIA, subgame_perfect
from negotiation.extensive.tree import Tree

__all__ = ["MAX_MIXED_PROFILES", "solve_tree"]

# Vertex enumeration of a two-player game enumerates subsets of the best-response polytopes'
# facets, which explodes with the number of strategies (an 81 x 27 reduced form of a small
# tree exhausts memory); above this many pure profiles, ``method="auto"`` asks for pure
# equilibria only, and the result says so.
MAX_MIXED_PROFILES = 400


def solve_tree(
    tree: Tree,
    method: str = "auto",
    parameters: Mapping[str, object] | None = None,
    limit: int = MAX_EQUILIBRIA,
    form_limit: int = MAX_STRATEGIES,
) -> TreeSolveResult:
    """Every subgame-perfect equilibrium of ``tree``, and every Nash equilibrium of its reduced
    normal form by `negotiation.solvers.solve` with ``method``.

    Parameters
    ----------
    tree : Tree
        A concrete tree (payoffs and probabilities `Fraction` or float).
    method : str
        The normal-form method, as for `negotiation.solvers.solve`.
    parameters : mapping, optional
        Parameter values the tree was built from, carried into the result.
    limit : int
        The most subgame-perfect equilibria to list.
    form_limit : int
        The largest reduced normal form (strategies per player, pure profiles) to solve; a
        larger one is skipped, and the result says so in ``note``.  With ``method="auto"``,
        a form of more than ``MAX_MIXED_PROFILES`` profiles is solved for pure equilibria.

    Examples
    --------
    >>> from negotiation.extensive.efg import parse_efg
    >>> tree = parse_efg('''EFG 2 R "Entry" { "Entrant" "Incumbent" }
    ... p "" 1 1 "" { "Out" "In" } 0
    ... t "" 1 "" { 0, 2 }
    ... p "" 2 1 "" { "Fight" "Accommodate" } 0
    ... t "" 2 "" { -1, -1 }
    ... t "" 3 "" { 1, 1 }''')
    >>> result = solve_tree(tree)
    >>> for equilibrium in result.equilibria:
    ...     print(equilibrium.describe(result.nash.game))
    Entrant: Out; Incumbent: Fight
    Entrant: In; Incumbent: Accommodate
    Entrant: Out; Incumbent: 1/2 Fight + 1/2 Accommodate
    >>> result.credible
    (False, True, False)
    """
    from negotiation.solvers import solve

    spe = subgame_perfect(tree, limit)
    try:
        form = reduced_form(tree, form_limit)
    except ReducedFormTooLarge as error:
        return TreeSolveResult.build(None, None, spe, note=error.message)
    note = ""
    profiles = math.prod(form.game.shape)
    if method == "auto" and profiles > MAX_MIXED_PROFILES:
        method = "pure"
        note = (
            f"the reduced normal form has {profiles} pure profiles, more than "
            f"{MAX_MIXED_PROFILES}: pure Nash equilibria only"
        )
    nash = solve(form.game, method=method, parameters=parameters)
    return TreeSolveResult.build(nash, form, spe, note=note)
