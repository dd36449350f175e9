"""Read and write Gambit extensive-form ``.efg`` files ("EFG 2 R").

The format is the one of the Gambit manual ("The extensive game (.efg) file format") and of
Gambit's reader (``src/games/file.cc``, ``ReadEfgFile``): the header ``EFG 2 R`` (or ``D``), a
quoted title, the quoted player names in braces, an optional quoted comment, then the nodes in
prefix order (a node, then the subtree of each of its children in order):

* ``p "node" player infoset ["set name" { "action" ... }] outcome [...]``: a decision;
* ``c "node" infoset ["set name" { "action" probability ... }] outcome [...]``: chance;
* ``t "node" outcome [...]``: a terminal;

where an outcome is a number, ``0`` for none, followed at its first use by its quoted name and
``{ payoff, payoff ... }`` (commas optional).  An information set's actions are given where the
set first appears and may be repeated, identically, later.  Outcomes at inner nodes add their
payoffs to every play through them; the reader moves them onto the terminals, as `Tree` holds
payoffs there only.

The tokens, numbers (integers, decimals, rationals, all exact) and quoted strings (``\\"`` a
quote, ``\\\\`` a backslash) are those of `negotiation.nfg`, whose tokenizer is reused.  Naming:
an information set is named by its label where the label is non-empty and no other set of the
same player carries it, by its number otherwise; empty or repeated action labels and player
names are renamed as Gambit 17 renames them (`normalize_labels`).  Chance probabilities must be
non-negative and add up to exactly 1.  A player who meets one information set twice on a play
(absent-mindedness) is refused: `Tree` does not hold such games.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from fractions import Fraction

from negotiation.errors import GameError, GameFileError
from negotiation.extensive.tree import Chance, Decision, Node, Terminal, Tree, describe_path
from negotiation.files import read_text
from negotiation.nfg import _Parser, _quote, _Token

__all__ = ["normalize_labels", "parse_efg", "read_efg", "write_efg"]


@dataclass
class _Record:
    """One node line as read, before the tree is built from the prefix order."""

    kind: str  # "p", "c" or "t"
    name: str
    token: _Token
    player: int = -1  # 0-based; -1 for chance and terminals
    infoset: int = 0
    payoffs: tuple[Fraction, ...] | None = None  # the outcome's, None for the null outcome
    total: tuple[Fraction, ...] = ()  # the payoffs of every outcome from the root to here


@dataclass
class _InfosetFile:
    """An information set as the file declares it: its label, actions and probabilities."""

    label: str
    actions: tuple[str, ...]
    probabilities: tuple[Fraction, ...] | None
    line: int


class _EfgReader:
    def __init__(self, text: str, source: str) -> None:
        self.parser = _Parser(text, source)
        self.source = source
        self.players: list[str] = []
        self.infosets: dict[tuple[int, int], _InfosetFile] = {}  # (player or -1, number)
        self.outcomes: dict[int, tuple[str, tuple[Fraction, ...]]] = {}

    def header(self) -> str:
        parser = self.parser
        if parser.peek().kind == "end":
            parser.fail("empty file: expected the header 'EFG 2 R'", parser.peek())
        parser.expect("word", "the header 'EFG 2 R' of an .efg file", "EFG")
        parser.expect("word", "version '2' after 'EFG'", "2")
        number_type = parser.take()
        if number_type.kind != "word" or number_type.text not in ("R", "D"):
            parser.unexpected(number_type, "'R' or 'D' after 'EFG 2'")
        title = parser.expect("string", "the game's title in quotes").text
        parser.open("the player names")
        while not parser.closing():
            self.players.append(parser.expect("string", "a player name in quotes or '}'").text)
        self.players = normalize_labels(self.players)
        if not self.players:
            parser.fail("the game has no players", parser.tokens[parser.index - 1])
        if parser.peek().kind == "string":
            parser.take()  # the comment
        return title

    def node(self) -> _Record:
        parser = self.parser
        token = parser.take()
        if token.kind != "word" or token.text not in ("p", "c", "t"):
            parser.unexpected(token, "a node: 'p' (player), 'c' (chance) or 't' (terminal)")
        name = parser.expect("string", f"the name of the '{token.text}' node in quotes").text
        record = _Record(token.text, name, token)
        if token.text == "p":
            count = len(self.players)
            record.player = parser.count(f"a player number (1 to {count})", 1, count) - 1
        if token.text != "t":
            record.infoset = parser.count("an information set number (1 or more)", 1)
            self.infoset(record)
        record.payoffs = self.outcome()
        return record

    def infoset(self, record: _Record) -> None:
        parser = self.parser
        key = (record.player, record.infoset)
        owner = "chance" if record.player < 0 else repr(self.players[record.player])
        what = f"information set {record.infoset} of {owner}"
        if parser.peek().kind != "string":
            if key not in self.infosets:
                msg = f"{what} is used before its actions are given"
                parser.fail(msg, parser.peek())
            return
        label = parser.take().text
        parser.open(f"the actions of {what}")
        actions: list[str] = []
        probabilities: list[Fraction] = []
        while not parser.closing():
            token = parser.expect("string", f"an action of {what} in quotes or '}}'")
            action = token.text
            actions.append(action)
            if record.player < 0:
                probability = parser.number(f"the probability of {action!r}")
                if probability < 0:
                    parser.fail(f"negative probability {probability} of {action!r}", token)
                probabilities.append(probability)
        if not actions:
            parser.fail(f"{what} has no actions", parser.tokens[parser.index - 1])
        if record.player < 0 and sum(probabilities) != 1:
            msg = f"the probabilities of {what} add up to {sum(probabilities)}, not 1"
            parser.fail(msg, record.token)
        declared = _InfosetFile(
            label,
            tuple(normalize_labels(actions)),
            tuple(probabilities) if record.player < 0 else None,
            record.token.line,
        )
        known = self.infosets.setdefault(key, declared)
        if (known.label, known.actions, known.probabilities) != (
            declared.label,
            declared.actions,
            declared.probabilities,
        ):
            msg = f"{what} is declared differently on line {known.line}"
            parser.fail(msg, record.token)

    def outcome(self) -> tuple[Fraction, ...] | None:
        parser = self.parser
        number_token = parser.peek()
        number = parser.count("an outcome number (0 for none)", 0)
        if parser.peek().kind != "string":
            if number == 0:
                return None
            if number not in self.outcomes:
                parser.fail(f"outcome {number} is used before its payoffs are given", number_token)
            return self.outcomes[number][1]
        if number == 0:
            parser.fail("outcome 0 (no outcome) cannot have a name or payoffs", parser.peek())
        name = parser.take().text
        what = f"outcome {number}"
        parser.open(f"the payoffs of {what}")
        payoffs = []
        for player in self.players:
            payoffs.append(parser.number(f"the payoff of {player!r} in {what}"))
            if parser.peek().kind == "comma":
                parser.take()
        parser.close(f"{what} after one payoff per player")
        known = self.outcomes.setdefault(number, (name, tuple(payoffs)))
        if known != (name, tuple(payoffs)):
            parser.fail(f"{what} is declared differently earlier", number_token)
        return known[1]

    def set_names(self) -> dict[tuple[int, int], str]:
        """Each decision information set's name: its label where that names it alone."""
        labels: dict[tuple[int, str], int] = {}
        for (player, _), declared in self.infosets.items():
            if player >= 0:
                key = (player, declared.label)
                labels[key] = labels.get(key, 0) + 1
        names: dict[tuple[int, int], str] = {}
        taken: set[tuple[int, str]] = set()
        for (player, number), declared in self.infosets.items():
            if player < 0:
                continue
            unique = declared.label and labels[(player, declared.label)] == 1
            name = declared.label if unique else str(number)
            if (player, name) in taken or (not unique and labels.get((player, name))):
                name = f"{declared.label or 'set'} #{number}"
            taken.add((player, name))
            names[(player, number)] = name
        return names

    def tree(self, title: str) -> Tree:
        """Read the nodes in prefix order, then build the tree, both without recursion so that
        a deep tree (a long centipede) is no problem.  Names of information sets are chosen
        once every set is known."""
        zero = (Fraction(0),) * len(self.players)
        records: list[_Record] = []
        open_nodes: list[list] = []  # [record, children still to read]
        while True:
            if self.parser.peek().kind == "end" and open_nodes:
                record, missing = open_nodes[-1]
                what = (
                    "the root" if record is records[0] else f"the node on line {record.token.line}"
                )
                self.parser.fail(
                    f"the file ends while {what} still needs {missing} more child node(s)",
                    self.parser.peek(),
                )
            record = self.node()
            inherited = open_nodes[-1][0].total if open_nodes else zero
            record.total = inherited if record.payoffs is None else _add(inherited, record.payoffs)
            records.append(record)
            if open_nodes:
                open_nodes[-1][1] -= 1
            if record.kind == "p" and any(
                (other.player, other.infoset) == (record.player, record.infoset)
                for other, _ in open_nodes
            ):
                msg = (
                    f"{self.players[record.player]!r} meets information set {record.infoset} "
                    "twice on one play (absent-mindedness is not supported)"
                )
                self.parser.fail(msg, record.token)
            if record.kind != "t":
                open_nodes.append([record, len(self._actions(record))])
            while open_nodes and open_nodes[-1][1] == 0:
                open_nodes.pop()
            if not open_nodes:
                break
        self.parser.end("node of the tree")
        names = self.set_names()
        built: list[Node] = []  # reversed prefix order: a node's first child is on top
        for record in reversed(records):
            if record.kind == "t":
                built.append(Terminal(record.total, record.name))
                continue
            count = len(self._actions(record))
            children = tuple(built.pop() for _ in range(count))
            built.append(self._build(record, children, names))
        try:
            return Tree(tuple(self.players), built[0], title)
        except GameError as error:
            raise GameFileError(error.message, file=self.source) from None

    def _actions(self, record: _Record) -> tuple[str, ...]:
        return self.infosets[(record.player, record.infoset)].actions

    def _build(
        self, record: _Record, children: tuple[Node, ...], names: dict[tuple[int, int], str]
    ) -> Node:
        declared = self.infosets[(record.player, record.infoset)]
        if record.kind == "c":
            assert declared.probabilities is not None
            return Chance(declared.actions, declared.probabilities, children, record.name)
        name = names[(record.player, record.infoset)]
        return Decision(record.player, name, declared.actions, children, record.name)


def normalize_labels(labels: list[str]) -> list[str]:
    """Labels made distinct and non-empty as Gambit 17 makes them (``NormalizeLabels`` in
    ``src/games/file.cc``): an empty or repeated label ``x`` becomes ``x_1``, ``x_2``, ...,
    skipping any already in use.

    >>> normalize_labels(["a", "", "a", "a_1"])
    ['a_2', '_1', 'a_3', 'a_1']
    """
    counts = {label: labels.count(label) for label in labels}
    used = set(labels)
    visited: dict[str, int] = {}
    result = []
    for label in labels:
        if counts[label] == 1 and label:
            result.append(label)
            continue
        while True:
            visited[label] = visited.get(label, 0) + 1
            candidate = f"{label}_{visited[label]}"
            if candidate not in used:
                break
        used.add(candidate)
        result.append(candidate)
    return result


def _add(first: tuple[Fraction, ...], second: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
    return tuple(a + b for a, b in zip(first, second, strict=True))


def parse_efg(text: str, source: str = "<string>") -> Tree:
    """Build a `Tree` from the text of a Gambit ``.efg`` file.

    Parameters
    ----------
    text : str
        The file's contents.
    source : str
        What to call the text in error messages, usually its path.

    Returns
    -------
    Tree
        An exact tree (`Fraction` payoffs and probabilities), payoffs at the terminals.

    Raises
    ------
    GameFileError
        On any malformed text, naming ``source``, the line and the offending token.

    Examples
    --------
    >>> tree = parse_efg('''EFG 2 R "Entry" { "Entrant" "Incumbent" }
    ... p "" 1 1 "" { "Out" "In" } 0
    ... t "" 1 "" { 0, 2 }
    ... p "" 2 1 "" { "Fight" "Accommodate" } 0
    ... t "" 2 "" { -1, -1 }
    ... t "" 3 "" { 1, 1 }''')
    >>> tree.infosets()
    {(0, '1'): ('Out', 'In'), (1, '1'): ('Fight', 'Accommodate')}
    """
    reader = _EfgReader(text, source)
    title = reader.header()
    return reader.tree(title)


def read_efg(path: str | os.PathLike[str]) -> Tree:
    """Read a Gambit ``.efg`` file (UTF-8) into an exact `Tree`, as `parse_efg` builds it.

    Raises
    ------
    GameFileError
        If the file is missing, unreadable, not UTF-8 text, or malformed; the message names
        the file and, for malformed text, the line.
    """
    name = os.fspath(path)
    text, _ = read_text(name, GameFileError, "an .efg text file")
    return parse_efg(text, source=name)


def _number(value: object) -> str:
    # Floats as their exact binary value, as write_nfg does: Gambit refuses "1e+16".
    return str(value if isinstance(value, Fraction) else Fraction(value))


def write_efg(tree: Tree) -> str:
    """The tree as a Gambit ``.efg`` file that Gambit reads back as the same game.

    Information sets are numbered per player in the order first met (prefix order) and carry
    their names as labels; a node label used by an earlier node gets its path appended, since
    Gambit requires node labels to be unique; each chance node is its own chance information
    set; each terminal has its own outcome.  Numbers are written exactly (integers or ``p/q``).

    Examples
    --------
    >>> tree = parse_efg('EFG 2 R "" { "A" } p "" 1 1 "Go?" { "Stop" "Go" } 0 '
    ...                  't "" 1 "" { 1 } t "" 2 "" { 1/2 }')
    >>> print(write_efg(tree), end="")
    EFG 2 R "" { "A" }
    ""
    <BLANKLINE>
    p "" 1 1 "Go?" { "Stop" "Go" } 0
    t "" 1 "" { 1 }
    t "" 2 "" { 1/2 }
    >>> parse_efg(write_efg(tree)) == tree
    True
    """
    players = " ".join(_quote(name) for name in tree.players)
    lines = [f"EFG 2 R {_quote(tree.title)} {{ {players} }}", '""', ""]
    numbers: dict[tuple[int, str], int] = {}
    counts = [0] * len(tree.players)
    chance_sets = outcomes = 0
    used: set[str] = set()
    for path, node in tree.nodes():
        # Gambit refuses a file where two nodes share a label: a repeated one names its path.
        label = node.label
        if label and label in used:
            label = f"{label} ({describe_path(path)})"
        used.add(label)
        name = _quote(label)
        if isinstance(node, Terminal):
            outcomes += 1
            payoffs = ", ".join(_number(value) for value in node.payoffs)
            lines.append(f't {name} {outcomes} "" {{ {payoffs} }}')
        elif isinstance(node, Chance):
            chance_sets += 1
            moves = " ".join(
                f"{_quote(action)} {_number(probability)}"
                for action, probability in zip(node.actions, node.probabilities, strict=True)
            )
            lines.append(f'c {name} {chance_sets} "" {{ {moves} }} 0')
        else:
            key = (node.player, node.infoset)
            if key not in numbers:
                counts[node.player] += 1
                numbers[key] = counts[node.player]
            actions = " ".join(_quote(action) for action in node.actions)
            lines.append(
                f"p {name} {node.player + 1} {numbers[key]} {_quote(node.infoset)} "
                f"{{ {actions} }} 0"
            )
    return "\n".join(lines) + "\n"
