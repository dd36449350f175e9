"""What ``negotiation show`` prints for a signalling scenario: players, types with their
priors, messages with the receiver's actions, and each payoff (numbers at the values, or the
formulas), framed by the scenario's sources and parameters as every form's ``show`` is."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

from negotiation.text import scenario_footer, scenario_heading, table

if TYPE_CHECKING:
    from negotiation.forms.signalling import SignallingModel


def describe_signalling(
    model: SignallingModel, values: Mapping[str, Fraction], symbolic: bool
) -> str:
    """Title and sources, players, types, messages, a payoff table, then the parameters,
    presets and claims."""
    game = model.game(values)
    lines = scenario_heading(model)
    if model.several:
        from negotiation.forms.signalling_receivers import receivers_text

        lines += ["Types (prior):"]
        for t, p, expr in zip(model.types, game.prior, model.priors, strict=True):
            lines.append(f"  {t}: {expr if symbolic else p}")
        lines += ["", *receivers_text(model, game, symbolic)]
        if symbolic and model.terms:
            lines += ["", "Terms:", *(f"  {name} = {expr}" for name, expr in model.terms.items())]
        return "\n".join(lines + scenario_footer(model, values))
    lines += [
        "Players:",
        f"  {model.sender}: the sender, who knows its type",
        f"  {model.receiver}: the receiver, who sees the message, not the type",
        "",
        "Types (prior):",
    ]
    for t, p, expr in zip(model.types, game.prior, model.priors, strict=True):
        lines.append(f"  {t}: {expr if symbolic else p}")
    lines += ["", f"Messages ({model.receiver}'s actions after each):"]
    for m, actions in zip(model.messages, model.actions, strict=True):
        lines.append(f"  {m}: {', '.join(actions)}")
    rows = []
    for i, t in enumerate(model.types):
        for j, (m, actions) in enumerate(zip(model.messages, model.actions, strict=True)):
            for k, a in enumerate(actions):
                if symbolic:
                    cells = [str(expr) for expr in model.payoff_formulas[t, m, a]]
                else:
                    cells = [
                        str(game.sender_payoffs[i][j][k]),
                        str(game.receiver_payoffs[i][j][k]),
                    ]
                rows.append([t, m, a, *cells])
    header = ["type", "message", "action", model.sender, model.receiver]
    lines += ["", "Payoffs" + (" (formulas):" if symbolic else ":"), table(header, rows)]
    if symbolic and model.terms:
        lines += ["", "Terms:", *(f"  {name} = {expr}" for name, expr in model.terms.items())]
    return "\n".join(lines + scenario_footer(model, values))
