"""The ``[tree]`` section of a scenario file, read into a parametric `Tree` of formulas.

Why nested tables: a node's children are keyed by the actions that lead to them, so a node's
TOML key is its path of play (``[tree.In.Fight]``: the Incumbent fights after entry) and every
error names it.  A node is one of

* a decision: ``player`` (a name from ``[players]``), optional ``infoset`` (nodes of one
  player with the same label form one information set), a child table per action;
* chance: ``chance = true``, ``probabilities = {Left = "p", Right = "1 - p"}`` (formulas,
  in the order of the actions), a child table per action;
* a terminal: ``payoffs = {Entrant = "-1", Incumbent = "-c"}``, a formula per player;

each with an optional ``label``, a readable name shown in reports.  Children keep the file's
order.  The format is documented in ``docs/scenario-format.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from negotiation.errors import GameError, ScenarioError
from negotiation.extensive.tree import Chance, Decision, Node, Terminal, Tree, describe_path
from negotiation.formulas import Expr
from negotiation.reading import check_keys, table, text
from negotiation.values import closest

DECISION = ("player", "infoset", "label")
CHANCE = ("chance", "probabilities", "label")
TERMINAL = ("payoffs", "label")
RESERVED = frozenset((*DECISION, *CHANCE, *TERMINAL))

Parse = Callable[[object, str], Expr]


def node_key(path: tuple[str, ...]) -> str:
    """A node's TOML key, ``tree.In.Fight``; labels that are not bare keys are quoted."""
    parts = [
        label if label.replace("_", "").replace("-", "").isalnum() else f'"{label}"'
        for label in path
    ]
    return ".".join(("tree", *parts))


def read_players(found: object, file: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ``[players]`` of a tree: names in file order, and each one's description."""
    names, descriptions = [], []
    for name, spec in table(found, file, "players").items():
        key = f"players.{name}"
        spec = table(spec, file, key)
        check_keys(spec, ("description",), (), file, key)
        names.append(name)
        descriptions.append(text(spec.get("description", ""), file, f"{key}.description"))
    if not names:
        msg = "a tree needs at least one player"
        raise ScenarioError(msg, file=file, key="players")
    return tuple(names), tuple(descriptions)


def read_tree(
    found: object, players: tuple[str, ...], parse: Parse, file: Path, title: str
) -> Tree[Expr]:
    """The parametric tree: formulas at the terminals and chance nodes.

    ``parse(value, key)`` turns a formula's text into an `Expr` (against the scenario's
    parameters and terms), raising an error that names ``key``.

    Raises
    ------
    ScenarioError
        Naming the file and the node's key: an unknown key, a node that is none or several of
        decision, chance and terminal, an unknown player, payoffs missing for a player,
        probabilities that do not match the actions, or information sets that offer
        different actions.
    """
    root = _node(found, (), players, parse, file)
    try:
        return Tree(players, root, title)
    except GameError as error:
        raise ScenarioError(error.message, file=file, key="tree") from None


def _node(
    found: object, path: tuple[str, ...], players: tuple[str, ...], parse: Parse, file: Path
) -> Node:
    key = node_key(path)
    spec = table(found, file, key)
    children = {name: value for name, value in spec.items() if name not in RESERVED}
    label = text(spec.get("label", ""), file, f"{key}.label")
    for name, value in children.items():  # a slip such as playr = "Turkey", not an action
        if not isinstance(value, dict):
            keys = tuple(sorted(RESERVED))
            msg = (
                f"unknown key {name!r}{closest(name, keys)}: a node's keys are "
                f"{', '.join(keys)}, and a table for the node after each action"
            )
            raise ScenarioError(msg, file=file, key=key)
    kinds = [kind for kind in ("player", "chance", "payoffs") if kind in spec]
    if len(kinds) != 1:
        what = " and ".join(repr(kind) for kind in kinds) if kinds else "none of them"
        msg = (
            "a node is a decision ('player'), a chance move ('chance = true') or a terminal "
            f"('payoffs'); this one has {what}"
        )
        raise ScenarioError(msg, file=file, key=key)
    if "payoffs" in spec:
        check_keys(spec, TERMINAL, (), file, key)
        payoffs = table(spec["payoffs"], file, f"{key}.payoffs")
        check_keys(payoffs, players, players, file, f"{key}.payoffs")
        formulas = tuple(parse(payoffs[name], f"{key}.payoffs.{name}") for name in players)
        return Terminal(formulas, label)
    allowed = DECISION if "player" in spec else CHANCE
    for name in spec:
        if name in RESERVED and name not in allowed:
            kind = "decision" if "player" in spec else "chance"
            msg = f"a {kind} node takes no {name!r}; its keys: {', '.join(allowed)}"
            raise ScenarioError(msg, file=file, key=key)
    if not children:
        msg = f"no actions: {describe_path(path)} needs a child table per action"
        raise ScenarioError(msg, file=file, key=key)
    actions = tuple(children)
    nodes = tuple(_node(children[a], (*path, a), players, parse, file) for a in actions)
    if "chance" in spec:
        if spec["chance"] is not True:
            msg = f"chance must be true, got {spec['chance']!r}"
            raise ScenarioError(msg, file=file, key=f"{key}.chance")
        if "probabilities" not in spec:
            msg = "missing key 'probabilities' of a chance node"
            raise ScenarioError(msg, file=file, key=key)
        found_probabilities = table(spec["probabilities"], file, f"{key}.probabilities")
        check_keys(found_probabilities, actions, actions, file, f"{key}.probabilities")
        probabilities = tuple(
            parse(found_probabilities[a], f"{key}.probabilities.{a}") for a in actions
        )
        return Chance(actions, probabilities, nodes, label)
    player = text(spec["player"], file, f"{key}.player")
    if player not in players:
        msg = f"unknown player {player!r}; players: {', '.join(players)}"
        raise ScenarioError(msg, file=file, key=f"{key}.player")
    infoset = text(spec.get("infoset", describe_path(path)), file, f"{key}.infoset")
    return Decision(players.index(player), infoset, actions, nodes, label)
