"""Signalling games with several receivers: one sender of private type sends a public message;
every receiver sees the message, not the type, and the receivers then act simultaneously.

Issue 13 asks for "larger signalling structures (several receivers, as Russia and Turkey both
read HTS) through the sequential-game solver where the equilibrium notion allows".  Two
things are computed here:

- the Harsanyi tree (`receivers_tree`): nature draws the type, the sender moves at the
  information set of its type, then each receiver in turn at the information set of the
  message (it does not see the other receivers' actions, so the moves are simultaneous).  The
  tree engine (`negotiation.extensive.solve.solve_tree`) gives the Nash equilibria of its
  reduced normal form, which Gambit computes too;
- every *pure* perfect Bayesian equilibrium (`pure_perfect_bayesian`): a message per type, an
  action per receiver and message, and one belief per message shared by the receivers, with
  each type's message optimal, each receiver's action optimal given the belief and the other
  receivers' actions, and the belief given by Bayes' rule on the path.  Off the path the
  receivers hold a *common* belief (they see the same message; consistency in the sense of
  Kreps and Wilson (1982) gives them the same one), and the result reports the set of common
  beliefs that sustains the responses (`negotiation.signalling.beliefs.belief_polytope`, the
  receivers' comparisons stacked).

What is not enumerated: equilibria in which the sender or a receiver mixes.  With one
receiver `negotiation.signalling.pbe` enumerates them; with several the receivers' game after
a message is itself a game whose mixed equilibria move with the belief, and no general exact
enumeration is implemented.  The result says so (`ENUMERATED`), and the Intuitive Criterion,
defined for one receiver, is not judged (``intuitive_criterion`` is None).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from itertools import product
from typing import Any

from negotiation.display import Report
from negotiation.errors import GameError
from negotiation.extensive.tree import Chance, Decision, Terminal, Tree
from negotiation.signalling.beliefs import BeliefSet, belief_polytope, posterior
from negotiation.signalling.game import _exact, _labels
from negotiation.signalling.results import KINDS, PerfectBayesianEquilibrium, _mixture

__all__ = [
    "ENUMERATED",
    "ReceiversGame",
    "ReceiversPBE",
    "ReceiversResult",
    "pure_perfect_bayesian",
    "receivers_tree",
]

ENUMERATED = (
    "every pure perfect Bayesian equilibrium (each type sends one message, each receiver "
    "answers each message with one action, the receivers share one belief per message); "
    "equilibria in which the sender or a receiver mixes are not enumerated for several "
    "receivers: the Nash equilibria of the reduced normal form (tree) include them"
)

Profile = tuple[int, ...]


@dataclass(frozen=True)
class ReceiversGame:
    """A finite signalling game with one sender and several receivers, checked on
    construction.

    Parameters
    ----------
    types, prior, messages : as in `negotiation.signalling.game.SignallingGame`
    receivers : tuple of str
        The receivers' names, in the order they appear in the tree.
    actions : tuple
        ``actions[m][r]``: receiver ``r``'s actions after message ``m``.
    payoffs : tuple
        ``payoffs[t][m][profile]``: the payoffs (sender first, then each receiver) when type
        ``t`` sends ``m`` and the receivers answer with ``profile`` (one action index per
        receiver); profiles in ``itertools.product`` order of the receivers' actions.
    sender, title : str

    Examples
    --------
    >>> game = ReceiversGame.from_function(
    ...     ["good", "bad"], [Fraction(1, 2)] * 2, ["talk"], ["A", "B"],
    ...     [["yes", "no"], ["yes", "no"]], lambda t, m, acts: (0, 1, 1))
    >>> game.profiles(0)
    ((0, 0), (0, 1), (1, 0), (1, 1))
    """

    types: tuple[str, ...]
    prior: tuple[Fraction, ...]
    messages: tuple[str, ...]
    receivers: tuple[str, ...]
    actions: tuple[tuple[tuple[str, ...], ...], ...]
    payoffs: tuple[tuple[tuple[tuple[Fraction, ...], ...], ...], ...]
    sender: str = "Sender"
    title: str = ""

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "types", _labels(self.types, "type"))
        set_(self, "messages", _labels(self.messages, "message"))
        set_(self, "receivers", _labels(self.receivers, "receiver"))
        if len(self.actions) != len(self.messages) or any(
            len(row) != len(self.receivers) for row in self.actions
        ):
            msg = "actions[m][r]: one action list per message and receiver"
            raise GameError(msg)
        set_(
            self,
            "actions",
            tuple(tuple(_labels(a, "action") for a in row) for row in self.actions),
        )
        set_(
            self,
            "_profiles",
            tuple(tuple(product(*(range(len(a)) for a in row))) for row in self.actions),
        )
        set_(self, "_position", tuple({p: k for k, p in enumerate(row)} for row in self._profiles))
        prior = tuple(_exact(p) for p in self.prior)
        if len(prior) != len(self.types) or any(p < 0 for p in prior) or sum(prior) != 1:
            msg = f"the prior must be non-negative and sum to 1: {[str(p) for p in prior]}"
            raise GameError(msg)
        set_(self, "prior", prior)
        players = 1 + len(self.receivers)
        table = []
        for t, row in zip(self.types, self.payoffs, strict=True):
            cells = []
            for m, cell in enumerate(row):
                if len(cell) != len(self.profiles(m)) or any(len(v) != players for v in cell):
                    msg = f"payoffs[{t}][{self.messages[m]}]: one payoff per player and profile"
                    raise GameError(msg)
                cells.append(tuple(tuple(_exact(x) for x in v) for v in cell))
            table.append(tuple(cells))
        set_(self, "payoffs", tuple(table))

    @classmethod
    def from_function(
        cls,
        types: Sequence[str],
        prior: Sequence[Any],
        messages: Sequence[str],
        receivers: Sequence[str],
        actions: Sequence[Sequence[str]],
        payoff: Any,
        **names: str,
    ) -> ReceiversGame:
        """Build from ``payoff(type, message, action_labels) -> (sender, r1, r2, ...)``,
        ``actions[r]`` the same after every message."""
        per_message = tuple(tuple(tuple(a) for a in actions) for _ in messages)
        table = tuple(
            tuple(
                tuple(payoff(t, m, labels) for labels in product(*per_message[k]))
                for k, m in enumerate(messages)
            )
            for t in types
        )
        return cls(
            tuple(types), tuple(prior), tuple(messages), tuple(receivers), per_message, table,
            **names,
        )  # fmt: skip

    def profiles(self, message: int) -> tuple[Profile, ...]:
        """The receivers' pure action profiles after ``message``, in payoff-table order."""
        return self._profiles[message]

    def payoff(self, t: int, m: int, profile: Profile, player: int) -> Fraction:
        """Player ``player``'s payoff (0: the sender; ``r + 1``: receiver ``r``)."""
        return self.payoffs[t][m][self._position[m][profile]][player]


@dataclass(frozen=True)
class ReceiversPBE:
    """A pure perfect Bayesian equilibrium with several receivers.

    ``sender[t][m]`` and ``receiver[r][m][a]`` are 0/1 probabilities (the shapes of
    `negotiation.signalling.results.PerfectBayesianEquilibrium`, one receiver table per
    receiver); ``beliefs[m]`` the common belief (a point on the path, the sustaining set off
    it).
    """

    kind: str
    sender: tuple[tuple[Fraction, ...], ...]
    receivers: tuple[tuple[tuple[Fraction, ...], ...], ...]
    beliefs: tuple[BeliefSet, ...]
    on_path: tuple[bool, ...]
    sender_payoffs: tuple[Fraction, ...]
    receiver_payoffs: tuple[Fraction, ...]
    intuitive_criterion: None = None
    pure: bool = True

    # ``P(weak) = 1/10`` on the path, the interval or vertices off it: one receiver's words
    belief_text = PerfectBayesianEquilibrium.belief_text

    def to_json(self, game: ReceiversGame) -> dict:
        beliefs = {}
        for k, m in enumerate(game.messages):
            found = self.beliefs[k]
            if self.on_path[k]:
                beliefs[m] = {
                    t: str(p) for t, p in zip(game.types, found.vertices[0], strict=True)
                }
            else:
                beliefs[m] = {
                    t: [str(b) for b in found.interval(i)] for i, t in enumerate(game.types)
                }
        return {
            "kind": self.kind,
            "sender": {
                t: {m: str(p) for m, p in zip(game.messages, row, strict=True) if p}
                for t, row in zip(game.types, self.sender, strict=True)
            },
            "receivers": {
                name: {
                    m: {a: str(p) for a, p in zip(game.actions[k][r], row, strict=True) if p}
                    for k, (m, row) in enumerate(zip(game.messages, table, strict=True))
                }
                for r, (name, table) in enumerate(zip(game.receivers, self.receivers, strict=True))
            },
            "beliefs": beliefs,
            "intuitive_criterion": None,
            "on_path": [m for m, used in zip(game.messages, self.on_path, strict=True) if used],
            "payoffs": {
                "sender": {
                    t: str(v) for t, v in zip(game.types, self.sender_payoffs, strict=True)
                },
                "receivers": {
                    name: str(v)
                    for name, v in zip(game.receivers, self.receiver_payoffs, strict=True)
                },
            },
        }

    def describe(self, game: ReceiversGame) -> str:
        """``separating: genuine Reform, tactical Rename; Russia: Reform -> Include, ...``."""
        sender = ", ".join(
            f"{t} {_mixture(game.messages, row)}"
            for t, row in zip(game.types, self.sender, strict=True)
        )
        answers = "; ".join(
            f"{name}: "
            + ", ".join(
                f"{m} -> {_mixture(game.actions[k][r], row)}"
                for k, (m, row) in enumerate(zip(game.messages, table, strict=True))
            )
            for r, (name, table) in enumerate(zip(game.receivers, self.receivers, strict=True))
        )
        return f"{self.kind}: {sender}; {answers}"


@dataclass(frozen=True)
class ReceiversResult(Report):
    """The pure PBE of a game with several receivers, and (computed when shown) the Nash
    equilibria of its Harsanyi tree's reduced normal form."""

    game: ReceiversGame
    equilibria: tuple[ReceiversPBE, ...]
    enumerated: str = ENUMERATED

    @cached_property
    def tree(self):
        """`negotiation.extensive.solve.solve_tree` on `receivers_tree`: the reduced form's
        Nash equilibria (pure and mixed where its size allows) and the subgame-perfect ones."""
        from negotiation.extensive.solve import solve_tree

        return solve_tree(receivers_tree(self.game))

    def to_json(self) -> dict:
        game = self.game
        return {
            "game": game.title,
            "sender": game.sender,
            "receivers": list(game.receivers),
            "types": {t: str(p) for t, p in zip(game.types, game.prior, strict=True)},
            "messages": {
                m: dict(zip(game.receivers, map(list, row), strict=True))
                for m, row in zip(game.messages, game.actions, strict=True)
            },
            "perfect_bayesian": [eq.to_json(game) for eq in self.equilibria],
            "enumerated": self.enumerated,
            "complete": False,
            "tree": self.tree.to_json(),
        }

    def text(self) -> str:
        game = self.game
        count = len(self.equilibria)
        lines = [
            f"{game.title or 'signalling game'}: {count} pure perfect Bayesian "
            f"{'equilibrium' if count == 1 else 'equilibria'} (exact), receivers "
            f"{', '.join(game.receivers)}",
            f"  Enumerated: {self.enumerated}.",
            "  Intuitive Criterion: not judged (it is defined for one receiver).",
        ]
        for number, eq in enumerate(self.equilibria, 1):
            lines.append(f"{number}. {eq.describe(game)}")
            for k, m in enumerate(game.messages):
                lines.append(f"     beliefs after {m}: {eq.belief_text(game, k)}")
            payoffs = ", ".join(
                f"{t} {v}" for t, v in zip(game.types, eq.sender_payoffs, strict=True)
            )
            theirs = ", ".join(
                f"{n} {v}" for n, v in zip(game.receivers, eq.receiver_payoffs, strict=True)
            )
            lines.append(f"     payoffs: {payoffs}; {theirs}")
        lines.append("")
        lines.append("The Harsanyi tree (chance, sender, then each receiver at the message):")
        lines.append(self.tree.text())
        return "\n".join(lines)

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):
        return iter(self.equilibria)


def receivers_tree(game: ReceiversGame) -> Tree:
    """The game as a tree: nature draws the type, the sender (information set: its type)
    sends a message, then each receiver in turn (information set: the message, so it sees
    neither the type nor the other receivers' actions).  A receiver with one action after a
    message gets no move there.  Players: the sender, then the receivers.

    Examples
    --------
    >>> game = ReceiversGame.from_function(
    ...     ["good", "bad"], [Fraction(1, 2)] * 2, ["talk"], ["A", "B"],
    ...     [["yes", "no"], ["yes", "no"]], lambda t, m, acts: (0, 1, 1))
    >>> sorted(receivers_tree(game).infosets())
    [(0, 'bad'), (0, 'good'), (1, 'talk'), (2, 'talk')]
    """

    def after(t: int, m: int, r: int, chosen: Profile):
        if r == len(game.receivers):
            return Terminal(game.payoffs[t][m][game._position[m][chosen]])
        actions = game.actions[m][r]
        if len(actions) == 1:
            return after(t, m, r + 1, (*chosen, 0))
        return Decision(
            r + 1,
            game.messages[m],
            actions,
            tuple(after(t, m, r + 1, (*chosen, a)) for a in range(len(actions))),
        )

    root = Chance(
        game.types,
        game.prior,
        tuple(
            Decision(
                0,
                game.types[t],
                game.messages,
                tuple(after(t, m, 0, ()) for m in range(len(game.messages))),
            )
            for t in range(len(game.types))
        ),
        label="types",
    )
    return Tree((game.sender, *game.receivers), root, game.title)


def _kind(sent: Sequence[int]) -> str:
    if len(set(sent)) == 1:
        return KINDS[0]
    return KINDS[1] if len(set(sent)) == len(sent) else KINDS[2]


def _best_reply_rows(game: ReceiversGame, m: int, profile: Profile) -> list[list[Fraction]]:
    """For each receiver and each other action of its, the row ``d`` with ``d . mu >= 0``
    exactly when its action in ``profile`` is at least as good under belief ``mu`` (the
    other receivers' actions held): the common-belief conditions of the profile."""
    rows = []
    for r, actions in enumerate(game.actions[m]):
        for b in range(len(actions)):
            if b == profile[r]:
                continue
            other = (*profile[:r], b, *profile[r + 1 :])
            rows.append(
                [
                    game.payoff(t, m, profile, r + 1) - game.payoff(t, m, other, r + 1)
                    for t in range(len(game.types))
                ]
            )
    return rows


def pure_perfect_bayesian(game: ReceiversGame) -> ReceiversResult:
    """Every pure perfect Bayesian equilibrium of ``game`` (see the module docstring).

    Examples
    --------
    Two receivers who each want to trust a good type and doubt a bad one; the sender gains
    one per trust, and reforming costs the good type 1, the bad type 3.  The types separate
    (trusted reform); or both rename, a reform being met with doubt by at least one receiver
    at an off-path belief P(good) <= 1/2.

    >>> cost = {"good": 1, "bad": 3}
    >>> game = ReceiversGame.from_function(
    ...     ["good", "bad"], [Fraction(1, 3), Fraction(2, 3)], ["reform", "rename"],
    ...     ["A", "B"], [["trust", "doubt"]] * 2,
    ...     lambda t, m, acts: (acts.count("trust") - (cost[t] if m == "reform" else 0),
    ...                         *(int((a == "trust") == (t == "good")) for a in acts)))
    >>> result = pure_perfect_bayesian(game)
    >>> [eq.kind for eq in result]
    ['pooling', 'pooling', 'pooling', 'separating']
    >>> result.equilibria[2].beliefs[0].interval(0)
    (Fraction(0, 1), Fraction(1, 2))
    """
    if not all(isinstance(p, Fraction) for p in game.prior):
        msg = "the equilibria need exact numbers; substitute the parameters first"
        raise GameError(msg)
    count, n_messages = len(game.types), len(game.messages)
    # What does not depend on the sender's strategy: each profile's belief set off the path.
    off_path = {
        (m, profile): belief_polytope(count, [], _best_reply_rows(game, m, profile))
        for m in range(n_messages)
        for profile in game.profiles(m)
    }
    found = []
    for sent in product(range(n_messages), repeat=count):
        on_path = tuple(
            any(sent[t] == m and game.prior[t] > 0 for t in range(count))
            for m in range(n_messages)
        )
        options: list[list[tuple[Profile, BeliefSet]]] = []
        for m in range(n_messages):
            if on_path[m]:
                belief = posterior(game.prior, [Fraction(int(s == m)) for s in sent])
                point = BeliefSet((belief,))
                options.append(
                    [
                        (profile, point)
                        for profile in game.profiles(m)
                        if all(
                            sum((d * x for d, x in zip(row, belief, strict=True)), Fraction(0))
                            >= 0
                            for row in _best_reply_rows(game, m, profile)
                        )
                    ]
                )
            else:
                options.append(
                    [
                        (profile, off_path[m, profile])
                        for profile in game.profiles(m)
                        if not off_path[m, profile].empty
                    ]
                )
        for chosen in product(*options):
            answers = [profile for profile, _ in chosen]
            values = [
                [game.payoff(t, m, answers[m], 0) for m in range(n_messages)] for t in range(count)
            ]
            if any(values[t][sent[t]] < max(values[t]) for t in range(count)):
                continue
            found.append(_equilibrium(game, sent, answers, [s for _, s in chosen], on_path))
    found.sort(key=lambda eq: KINDS.index(eq.kind))
    return ReceiversResult(game, tuple(found))


def _equilibrium(
    game: ReceiversGame,
    sent: Sequence[int],
    answers: Sequence[Profile],
    beliefs: Sequence[BeliefSet],
    on_path: tuple[bool, ...],
) -> ReceiversPBE:
    one, zero = Fraction(1), Fraction(0)
    n_messages = len(game.messages)
    sender = tuple(
        tuple(one if sent[t] == m else zero for m in range(n_messages)) for t in range(len(sent))
    )
    receivers = tuple(
        tuple(
            tuple(one if answers[m][r] == a else zero for a in range(len(game.actions[m][r])))
            for m in range(n_messages)
        )
        for r in range(len(game.receivers))
    )
    sender_payoffs = tuple(game.payoff(t, sent[t], answers[sent[t]], 0) for t in range(len(sent)))
    receiver_payoffs = tuple(
        sum(
            (
                p * game.payoff(t, sent[t], answers[sent[t]], r + 1)
                for t, p in enumerate(game.prior)
            ),
            Fraction(0),
        )
        for r in range(len(game.receivers))
    )
    return ReceiversPBE(
        _kind(sent),
        sender,
        receivers,
        tuple(beliefs),
        on_path,
        sender_payoffs,
        receiver_payoffs,
    )


def explain_receivers(game: ReceiversGame, eq: ReceiversPBE) -> tuple[str, ...]:
    """The steps that make ``eq`` a pure PBE with several receivers, one per line: Bayes'
    rule or the common off-path beliefs after each message, each receiver's comparison at
    that belief with the other receivers' actions held, each type's incentive constraint
    (`negotiation.signalling.explain.explain_pbe` hands such a game here)."""
    from negotiation.signalling.explain import _bayes, incentive_step

    answers = [
        tuple(table[m].index(1) for table in eq.receivers) for m in range(len(game.messages))
    ]
    steps = [
        f"{eq.kind.capitalize()} equilibrium: {eq.describe(game)}. Prior: "
        + ", ".join(f"P({t}) = {p}" for t, p in zip(game.types, game.prior, strict=True))
    ]
    for m, message in enumerate(game.messages):
        profile = answers[m]
        if eq.on_path[m]:
            steps.append(_bayes(game, eq, m))  # type: ignore[arg-type]
            belief = eq.beliefs[m].vertices[0]
        else:
            low, high = eq.beliefs[m].interval(0)
            steps.append(
                f"After {message} (not sent) Bayes' rule is silent; the receivers' answers are "
                f"optimal together for every common belief with P({game.types[0]}) in "
                f"[{low}, {high}]; at its first vertex:"
            )
            belief = eq.beliefs[m].vertices[0]
        for r, name in enumerate(game.receivers):
            actions = game.actions[m][r]
            values = [
                sum(
                    (
                        mu * game.payoff(t, m, (*profile[:r], b, *profile[r + 1 :]), r + 1)
                        for t, mu in enumerate(belief)
                    ),
                    Fraction(0),
                )
                for b in range(len(actions))
            ]
            held = ", ".join(
                f"{other} playing {game.actions[m][s][profile[s]]}"
                for s, other in enumerate(game.receivers)
                if s != r
            )
            listed = ", ".join(f"{a} {v}" for a, v in zip(actions, values, strict=True))
            steps.append(
                f"{name} after {message} ({held}) expects: {listed}; {actions[profile[r]]} is best"
            )
    for t, kind in enumerate(game.types):
        values = [game.payoff(t, m, answers[m], 0) for m in range(len(game.messages))]
        steps.append(incentive_step(game.messages, kind, values, eq.sender[t]))
    steps.append("Intuitive Criterion: not judged (it is defined for one receiver)")
    return tuple(steps)
