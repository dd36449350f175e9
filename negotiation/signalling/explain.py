"""Why an equilibrium is one, in steps a student can check by hand.

Each step states one condition of a perfect Bayesian equilibrium (Gibbons 1992, sec. 4.2.A,
Signaling Requirements 1, 2R, 2S and 3) with the numbers: Bayes' rule after each message sent, the
receiver's comparison of its actions under the belief (and, off the path, the beliefs that
keep the response optimal), each type's incentive constraint, and the Intuitive Criterion.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from negotiation.signalling.beliefs import receiver_values
from negotiation.signalling.game import SignallingGame
from negotiation.signalling.results import PerfectBayesianEquilibrium

__all__ = ["explain_pbe"]


def _sender_value(game: SignallingGame, eq: PerfectBayesianEquilibrium, t: int, m: int):
    return sum(
        (p * game.sender_payoffs[t][m][a] for a, p in enumerate(eq.receiver[m])), Fraction(0)
    )


def _bayes(game: SignallingGame, eq: PerfectBayesianEquilibrium, m: int) -> str:
    message = game.messages[m]
    terms = [
        f"{game.prior[t]} x {eq.sender[t][m]}" for t in range(len(game.types)) if eq.sender[t][m]
    ]
    parts = [
        f"P({kind} | {message}) = {game.prior[t]} x {eq.sender[t][m]} / ({' + '.join(terms)})"
        f" = {eq.beliefs[m].vertices[0][t]}"
        for t, kind in enumerate(game.types)
    ]
    return f"Bayes' rule after {message} (sent on the path): " + "; ".join(parts)


def _off_path(game: SignallingGame, eq: PerfectBayesianEquilibrium, m: int) -> str:
    message = game.messages[m]
    action = eq.receiver[m].index(1)
    name = game.actions[m][action]
    table = game.receiver_payoffs
    # Sent only by types of prior 0, the message is off the path all the same.
    where = "sent only by a type of prior 0" if any(row[m] for row in eq.sender) else "not sent"
    if len(game.types) == 2:
        first = game.types[0]
        comparisons = []
        for b, other in enumerate(game.actions[m]):
            if b == action:
                continue
            d0 = table[0][m][action] - table[0][m][b]
            d1 = table[1][m][action] - table[1][m][b]
            comparisons.append(f"{name} vs {other}: q x {d0} + (1 - q) x {d1} >= 0")
        low, high = eq.beliefs[m].interval(0)
        return (
            f"After {message} ({where}) Bayes' rule is silent; with q = P({first} | {message}): "
            + "; ".join(comparisons)
            + f"; so {name} is optimal for every q in [{low}, {high}]"
        )
    return (
        f"After {message} ({where}) any belief is allowed; {name} is optimal on the beliefs "
        f"spanned by {len(eq.beliefs[m].vertices)} vertices: {eq.belief_text(game, m)}"
    )


def incentive_step(
    messages: Sequence[str], kind: str, values: Sequence[Fraction], row: Sequence[Fraction]
) -> str:
    """``Type weak's incentive constraint: beer 2 >= quiche 1 (equilibrium 2)``: the value
    of each message the type sends (``row``) against the others'."""
    sent = [m for m, p in enumerate(row) if p]
    others = ", ".join(f"{messages[m]} {values[m]}" for m in range(len(messages)) if m not in sent)
    chosen = " = ".join(f"{messages[m]} {values[m]}" for m in sent)
    tail = f" >= {others}" if others else ""
    return f"Type {kind}'s incentive constraint: {chosen}{tail} (equilibrium {values[sent[0]]})"


def explain_pbe(game: SignallingGame, eq: PerfectBayesianEquilibrium) -> tuple[str, ...]:
    """The steps that make ``eq`` a PBE of ``game``, one per line.

    Examples
    --------
    >>> from negotiation.signalling.classic import beer_quiche
    >>> from negotiation.signalling.pbe import perfect_bayesian_equilibria
    >>> result = perfect_bayesian_equilibria(beer_quiche())
    >>> steps = explain_pbe(result.game, result.equilibria[0])
    >>> print(steps[2])
    Player 2 after beer expects: duel 1/10, not 9/10; not is best
    >>> print(steps[4])
    Type weak's incentive constraint: beer 2 >= quiche 1 (equilibrium 2)
    """
    if hasattr(game, "receivers"):  # several receivers
        from negotiation.signalling.receivers import explain_receivers

        return explain_receivers(game, eq)  # type: ignore[arg-type]
    steps = [
        f"{eq.kind.capitalize()} equilibrium: {eq.describe(game)}. Prior: "
        + ", ".join(f"P({t}) = {p}" for t, p in zip(game.types, game.prior, strict=True))
    ]
    for m, message in enumerate(game.messages):
        if eq.on_path[m]:
            steps.append(_bayes(game, eq, m))
            values = receiver_values(game, m, eq.beliefs[m].vertices[0])
            used = [a for a, p in enumerate(eq.receiver[m]) if p]
            listed = ", ".join(
                f"{action} {value}" for action, value in zip(game.actions[m], values, strict=True)
            )
            verdict = (
                f"{game.actions[m][used[0]]} is best"
                if len(used) == 1
                else "it is indifferent among "
                + ", ".join(game.actions[m][a] for a in used)
                + ", so it may mix"
            )
            steps.append(f"{game.receiver} after {message} expects: {listed}; {verdict}")
        else:
            steps.append(_off_path(game, eq, m))
    for t, kind in enumerate(game.types):
        values = [_sender_value(game, eq, t, m) for m in range(len(game.messages))]
        steps.append(incentive_step(game.messages, kind, values, eq.sender[t]))
    verdict = "survives" if eq.intuitive_criterion else "fails"
    steps.append(f"Intuitive Criterion: {verdict}")
    steps += [f"  {reason}" for reason in eq.intuitive_reasons]
    return tuple(steps)
