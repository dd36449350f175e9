"""What ``negotiation export`` writes for a signalling scenario in its own terms.

``json``: the scenario as data (types, messages, payoffs with their formulas, parameters)
beside its perfect Bayesian equilibria and the provenance; ``efg``: the game as a Gambit tree
(`negotiation.signalling.harsanyi.signalling_tree`: chance draws the type, the sender's
information set is its type, the receiver's the message) through the existing ``.efg``
writer.  The other formats (``nfg``, ``latex``, ``markdown``) are those of its normal form
(`negotiation.signalling.normal_form.signalling_normal_form`), written by
`negotiation.export.export_document`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from negotiation.forms.signalling import SignallingModel


def export_signalling(model: SignallingModel, fmt: str, values: Mapping[str, Fraction]) -> str:
    """The ``json`` or ``efg`` text of the signalling game at ``values``."""
    from negotiation.provenance import provenance

    if fmt == "efg":
        from negotiation.extensive.efg import write_efg
        from negotiation.signalling.harsanyi import signalling_tree
        from negotiation.signalling.receivers import receivers_tree

        game = model.game(values)
        return write_efg(receivers_tree(game) if model.several else signalling_tree(game))
    result = model.solve_at(values)
    # The scenario as data replaces the solution's "game" (its title, which it holds too).
    data = {**result.to_json(), "game": model.to_json(values), **provenance(model, values)}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
