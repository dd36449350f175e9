"""The signalling form with several receivers (``receivers = ["Russia", "Turkey"]`` in
``[players]``): what `negotiation.forms.signalling.SignallingModel` reads, builds and shows
when more than one player reads the message.

The file's sections differ from one receiver's only where the receivers do:

- ``[messages.<message>]`` gives each receiver's actions after the message:
  ``Rename = { Russia = ["Include", "Exclude"], Turkey = ["Contain", "Abandon"] }``;
- ``[payoffs.<type>.<message>.<action of the first receiver>.<action of the second>...]``
  gives every player's payoff (sender and receivers, keyed by their names) at each profile of
  the receivers' actions, nested in the order of ``receivers``.

The payoffs are read by `SignallingModel._payoffs`, one walk for any number of receivers (one
receiver is the case of a single action list); what differs is kept here, apart, so that a
one-receiver scenario builds and shows exactly what it did before.  The game is
`negotiation.signalling.receivers.ReceiversGame`, solved for its pure perfect Bayesian
equilibria (the result says that mixed ones are not enumerated).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product
from typing import TYPE_CHECKING, Any

from negotiation.errors import ScenarioError
from negotiation.reading import check_keys, table
from negotiation.text import table as text_table

if TYPE_CHECKING:
    from negotiation.forms.signalling import SignallingModel
    from negotiation.formulas import Expr
    from negotiation.signalling.receivers import ReceiversGame


def read_actions(model: SignallingModel, found: object, key: str) -> tuple[tuple[str, ...], ...]:
    """Each receiver's actions after one message: ``{Russia = [...], Turkey = [...]}``."""
    by_receiver = table(found, model.path, key)
    check_keys(by_receiver, model.receivers, model.receivers, model.path, key)
    return tuple(model._actions(by_receiver[r], f"{key}.{r}") for r in model.receivers)


def build_receivers(
    model: SignallingModel, prior: tuple[Any, ...], value: Callable[[Expr, str], Any]
) -> ReceiversGame:
    """The exact game, each payoff ``value(formula, key)``."""
    from negotiation.signalling.receivers import ReceiversGame

    return ReceiversGame(
        model.types,
        prior,
        model.messages,
        model.receivers,
        model.actions,
        tuple(
            tuple(
                tuple(
                    tuple(
                        value(expr, f"payoffs.{t}.{m}.{'.'.join(labels)}.{name}")
                        for expr, name in zip(
                            model.payoff_formulas[t, m, labels], model.player_names, strict=True
                        )
                    )
                    for labels in product(*per_receiver)
                )
                for m, per_receiver in zip(model.messages, model.actions, strict=True)
            )
            for t in model.types
        ),
        sender=model.sender,
        title=model.title,
    )


def receivers_json(model: SignallingModel, game: ReceiversGame) -> dict:
    """The players, messages and payoffs of `SignallingModel.to_json` with several receivers:
    payoffs keyed by type, message and the receivers' actions joined with ``/``."""
    return {
        "players": {"sender": model.sender, "receivers": list(model.receivers)},
        "messages": {
            m: dict(zip(model.receivers, map(list, per_receiver), strict=True))
            for m, per_receiver in zip(model.messages, model.actions, strict=True)
        },
        "payoffs": {
            t: {
                m: {
                    "/".join(labels): {
                        name: {
                            "value": str(value),
                            "formula": str(model.payoff_formulas[t, m, labels][n]),
                        }
                        for n, (name, value) in enumerate(
                            zip(model.player_names, game.payoffs[i][j][k], strict=True)
                        )
                    }
                    for k, labels in enumerate(product(*per_receiver))
                }
                for j, (m, per_receiver) in enumerate(
                    zip(model.messages, model.actions, strict=True)
                )
            }
            for i, t in enumerate(model.types)
        },
    }


def receivers_text(model: SignallingModel, game: ReceiversGame, symbolic: bool) -> list[str]:
    """The players, messages and payoff table of ``show`` with several receivers."""
    lines = [
        "Players:",
        f"  {model.sender}: the sender, who knows its type",
        *(
            f"  {r}: a receiver, who sees the message, not the type nor the other receivers' acts"
            for r in model.receivers
        ),
        "",
        "Messages (each receiver's actions after each):",
    ]
    for m, per_receiver in zip(model.messages, model.actions, strict=True):
        shown = "; ".join(
            f"{r}: {', '.join(a)}" for r, a in zip(model.receivers, per_receiver, strict=True)
        )
        lines.append(f"  {m}: {shown}")
    rows = []
    for i, t in enumerate(model.types):
        for j, (m, per_receiver) in enumerate(zip(model.messages, model.actions, strict=True)):
            for k, labels in enumerate(product(*per_receiver)):
                if symbolic:
                    cells = [str(expr) for expr in model.payoff_formulas[t, m, labels]]
                else:
                    cells = [str(v) for v in game.payoffs[i][j][k]]
                rows.append([t, m, "/".join(labels), *cells])
    header = ["type", "message", "/".join(model.receivers), *model.player_names]
    return [
        *lines,
        "",
        "Payoffs" + (" (formulas):" if symbolic else ":"),
        text_table(header, rows),
    ]


def refuse(model: SignallingModel, what: str) -> None:
    """A one-receiver analysis asked of a game with several: say so (exit 2)."""
    msg = (
        f"{what} is defined for one receiver; this game has {len(model.receivers)} "
        f"({', '.join(model.receivers)}): use solve, check, sweep, robustness, whatif, "
        "explain, show or export"
    )
    raise ScenarioError(msg, file=model.path, key="players.receivers")
