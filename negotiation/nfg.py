"""Read and write Gambit strategic-form ``.nfg`` files.

The format is the one of the Gambit manual ("The strategic game (.nfg) file format") and of
Gambit's own reader (``src/games/file.cc``): the header ``NFG 1 R`` (or ``NFG 1 D``), a quoted
title, the quoted player names in braces, then per player either a number of strategies
(labelled ``"1"``, ``"2"``, ...) or a braced list of quoted strategy labels, an optional quoted
comment, and the payoffs in one of two dialects:

* payoff list: for each pure profile, the first player's strategy changing fastest, every
  player's payoff in player order;
* outcomes: ``{ { "name" 1, 2 } ... }`` (commas optional), then one outcome index per profile
  in the same order, 1-based, ``0`` meaning the null outcome (every payoff zero).

Numbers are integers, decimals (``1.5``, ``-.5``, ``1e3``) or rationals (``3/4``), all read
exactly as `Fraction`: a game read from a file is exact.  Inside quotes ``\\"`` is a quote and
``\\\\`` a backslash; any other backslash is kept as it is.  The comment has no place in `Game`
and is dropped.  Unlike Gambit, which renames them, empty or repeated labels are refused.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from typing import NoReturn

import numpy as np

from negotiation.errors import GameError, GameFileError
from negotiation.files import read_text
from negotiation.game import Game
from negotiation.values import number_size_problem

__all__ = ["parse_nfg", "read_nfg", "write_nfg"]

# Every character starts one of these, so matching never fails; `quote` is an unclosed string.
_TOKEN = re.compile(
    r'(?P<space>\s+)|(?P<string>"[^"\\]*(?:\\.[^"\\]*)*")|(?P<quote>")|(?P<brace>[{}])'
    r'|(?P<comma>,)|(?P<word>[^\s{}",]+)',
    re.ASCII | re.DOTALL,
)
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE](?P<exponent>[+-]?\d+))?", re.ASCII)
_RATIONAL = re.compile(r"[+-]?\d+/\d+", re.ASCII)
_INTEGER = re.compile(r"\d+", re.ASCII)


@dataclass(frozen=True)
class _Token:
    kind: str  # "string", "brace", "comma", "word" or "end"
    text: str
    line: int

    def __str__(self) -> str:
        if self.kind == "end":
            return "end of file"
        text = self.text if len(self.text) <= 30 else self.text[:27] + "..."
        return f"string {text!r}" if self.kind == "string" else repr(text)


def _tokenize(text: str, source: str) -> list[_Token]:
    tokens = []
    line = 1
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        assert match is not None  # every character starts a token
        kind = match.lastgroup
        if kind == "quote":
            msg = "unclosed string: the '\"' opened here has no closing quote"
            raise GameFileError(msg, file=source, line=line)
        if kind == "string":
            label = re.sub(r'\\([\\"])', r"\1", match.group()[1:-1])
            tokens.append(_Token(kind, label, line))
        elif kind != "space":
            tokens.append(_Token(str(kind), match.group(), line))
        line += match.group().count("\n")
        position = match.end()
    # An early end is reported on the line of the last token, where something is missing.
    tokens.append(_Token("end", "", tokens[-1].line if tokens else 1))
    return tokens


class _Parser:
    """A cursor over the tokens that knows which braces are open, for the error messages."""

    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.tokens = _tokenize(text, source)
        self.index = 0
        self.open_braces: list[int] = []  # line of each '{' not yet closed

    def fail(self, message: str, token: _Token) -> NoReturn:
        raise GameFileError(message, file=self.source, line=token.line)

    def unexpected(self, token: _Token, expected: str) -> NoReturn:
        if token.kind == "end" and self.open_braces:
            line = self.open_braces[-1]
            msg = f"the '{{' opened here is never closed (the file ends where {expected} belongs)"
            raise GameFileError(msg, file=self.source, line=line)
        if token.kind == "end":
            self.fail(f"unexpected end of file: expected {expected}", token)
        self.fail(f"expected {expected}, found {token}", token)

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += token.kind != "end"
        return token

    def expect(self, kind: str, expected: str, text: str | None = None) -> _Token:
        token = self.take()
        if token.kind != kind or (text is not None and token.text != text):
            self.unexpected(token, expected)
        return token

    def open(self, what: str) -> None:
        self.open_braces.append(self.expect("brace", f"'{{' opening {what}", "{").line)

    def closing(self) -> bool:
        """Consume a '}' if one comes next."""
        if self.peek().kind == "brace" and self.peek().text == "}":
            self.take()
            self.open_braces.pop()
            return True
        return False

    def close(self, what: str) -> None:
        if not self.closing():
            expected = f"'}}' closing {what} (opened on line {self.open_braces[-1]})"
            self.unexpected(self.take(), expected)

    def labels(self, noun: str, group: str, owner: str = "") -> list[str]:
        """Quoted labels up to the closing brace, each one non-empty and new."""
        self.open(group)
        labels: dict[str, None] = {}  # ordered, with fast look-up
        while not self.closing():
            token = self.expect("string", f"a {noun}{owner} in quotes or '}}'")
            if not token.text:
                self.fail(f"empty {noun}{owner}: labels must be non-empty", token)
            if token.text in labels:
                self.fail(f"duplicate {noun} {token.text!r}{owner}", token)
            labels[token.text] = None
        return list(labels)

    def number(self, what: str) -> Fraction:
        token = self.take()
        decimal = _DECIMAL.fullmatch(token.text) if token.kind == "word" else None
        if decimal is None and (token.kind != "word" or not _RATIONAL.fullmatch(token.text)):
            self.unexpected(token, f"{what} (a number)")
        problem = number_size_problem(token.text)
        if problem is not None:
            self.fail(f"{what} {token} {problem}", token)
        try:
            return Fraction(token.text)
        except ZeroDivisionError:
            msg = f"{what} {token} divides by zero"
        raise GameFileError(msg, file=self.source, line=token.line)

    def count(self, expected: str, low: int, high: int | None = None) -> int:
        token = self.take()
        if token.kind != "word" or not _INTEGER.fullmatch(token.text) or len(token.text) > 18:
            self.unexpected(token, expected)
        value = int(token.text)
        if value < low or (high is not None and value > high):
            self.fail(f"expected {expected}, found {token}", token)
        return value

    def end(self, what: str) -> None:
        token = self.take()
        if token.kind != "end":
            self.fail(f"unexpected {token} after the last {what}", token)


def _payoff_list(parser: _Parser, players: list[str], shape: tuple[int, ...]) -> np.ndarray:
    """Rows of payoffs, one per profile in file order."""
    needed = math.prod(shape) * len(players)
    values = []
    while len(values) < needed:
        if parser.peek().kind == "end":
            msg = f"the file ends after {len(values)} of the {needed} payoffs"
            parser.fail(msg, parser.peek())
        values.append(parser.number(f"payoff {len(values) + 1} of {needed}"))
    parser.end(f"of the {needed} payoffs")
    return np.array(values, dtype=object).reshape(-1, len(players))


def _outcomes(parser: _Parser, players: list[str], shape: tuple[int, ...]) -> np.ndarray:
    """Rows of payoffs, one per profile in file order, looked up from the outcome list."""
    parser.open("the outcome list")
    outcomes = [(Fraction(0),) * len(players)]  # index 0: the null outcome
    while not parser.closing():
        what = f"outcome {len(outcomes)}"
        parser.open(what)
        parser.expect("string", f"the name of {what} in quotes")
        payoffs = []
        for player in players:
            payoffs.append(parser.number(f"the payoff of {player!r} in {what}"))
            if parser.peek().kind == "comma":
                parser.take()
        parser.close(f"{what} after one payoff per player")
        outcomes.append(tuple(payoffs))
    needed = math.prod(shape)
    rows = []
    while len(rows) < needed:
        if parser.peek().kind == "end":
            msg = f"the file ends after {len(rows)} of the {needed} outcome indices"
            parser.fail(msg, parser.peek())
        expected = f"outcome index {len(rows) + 1} of {needed} (0 to {len(outcomes) - 1})"
        rows.append(outcomes[parser.count(expected, 0, len(outcomes) - 1)])
    parser.end(f"of the {needed} outcome indices")
    return np.array(rows, dtype=object).reshape(-1, len(players))


def parse_nfg(text: str, source: str = "<string>") -> Game:
    """Build a `Game` from the text of a Gambit ``.nfg`` file, either dialect.

    Parameters
    ----------
    text : str
        The file's contents.
    source : str
        What to call the text in error messages, usually its path.

    Returns
    -------
    Game
        An exact game (`Fraction` payoffs) with the file's title, players and strategy labels.

    Raises
    ------
    GameFileError
        On any malformed text, naming ``source``, the line, and the offending token.

    Examples
    --------
    >>> game = parse_nfg('NFG 1 R "Matching pennies" { "Even" "Odd" } { 2 2 }'
    ...                  ' 1 -1  -1 1  -1 1  1 -1')
    >>> game.strategies
    (('1', '2'), ('1', '2'))
    >>> game.payoff_profile((1, 0))
    (Fraction(-1, 1), Fraction(1, 1))
    """
    parser = _Parser(text, source)
    if parser.peek().kind == "end":
        parser.fail("empty file: expected the header 'NFG 1 R'", parser.peek())
    parser.expect("word", "the header 'NFG 1 R' of an .nfg file", "NFG")
    parser.expect("word", "version '1' after 'NFG'", "1")
    number_type = parser.take()
    if number_type.kind != "word" or number_type.text not in ("R", "D"):
        parser.unexpected(number_type, "'R' or 'D' after 'NFG 1'")
    first = parser.expect("string", "the game's title in quotes")
    title = first.text
    players = parser.labels("player name", "the player names")
    if not players:
        parser.fail("the game has no players", parser.tokens[parser.index - 1])
    parser.open("the strategies")
    strategies: list[list[str]] | None = None
    if parser.peek().text == "{" and parser.peek().kind == "brace":
        strategies = [
            parser.labels("strategy label", f"the strategies of {player!r}", f" of {player!r}")
            for player in players
        ]
        for player, labels in zip(players, strategies, strict=True):
            if not labels:
                parser.fail(f"player {player!r} has no strategies", parser.peek())
        shape = tuple(len(labels) for labels in strategies)
    else:
        shape = tuple(
            parser.count(f"the number of strategies of {player!r} (a positive integer)", 1)
            for player in players
        )
    parser.close(f"the strategies of the {len(players)} players")
    if parser.peek().kind == "string":
        parser.take()  # the comment
    body = parser.peek()
    if body.kind == "brace" and body.text == "{":
        rows = _outcomes(parser, players, shape)
    elif body.kind == "word":
        rows = _payoff_list(parser, players, shape)
    else:
        parser.unexpected(body, "the payoffs or an outcome list '{'")
    # Rows run through the profiles with the first player's strategy fastest: Fortran order.
    arrays = [rows[:, index].reshape(shape, order="F") for index in range(len(players))]
    try:
        return Game(arrays, players, strategies, title)
    except GameError as error:
        raise GameFileError(error.message, file=source, line=first.line) from None


def read_nfg(path: str | os.PathLike[str]) -> Game:
    """Read a Gambit ``.nfg`` file (UTF-8, either dialect) into an exact `Game`.

    Parameters
    ----------
    path : str or os.PathLike
        The file to read.

    Returns
    -------
    Game
        As `parse_nfg` builds it.

    Raises
    ------
    GameFileError
        If the file is missing, a directory, unreadable, not UTF-8 text, or malformed; the
        message names the file.
    """
    name = os.fspath(path)
    text, _ = read_text(name, GameFileError, "an .nfg text file")
    return parse_nfg(text, source=name)


def _quote(label: str) -> str:
    # Double only the backslashes a reader could take for an escape: Gambit's own reader keeps
    # a lone backslash as it is, so labels like 'C:\x' read back the same there too.
    escaped = re.sub(r'\\(?=[\\"]|$)', r"\\\\", label).replace('"', '\\"')
    return f'"{escaped}"'


def write_nfg(game: Game) -> str:
    """The game as a Gambit ``.nfg`` file in the payoff-list dialect, with strategy labels.

    Every payoff is written exactly, as an integer or a ``p/q`` rational: a float payoff is
    written as its exact binary value (``0.1`` becomes ``3602879701896397/36028797018963968``),
    because ``repr`` forms such as ``1e+16`` are refused by Gambit's reader.  So
    ``parse_nfg(write_nfg(game)) == game`` for every game, and pygambit reads the same payoffs.
    pygambit 16.7 refuses some labels, though: non-ASCII ones, spaces at either end or doubled,
    a backslash before a quote or at the end, and strategy labels such as ``"2" "1"`` that
    clash with its default numbering while it relabels.

    Parameters
    ----------
    game : Game
        The game to write.

    Returns
    -------
    str
        The file's text, ending in a newline.

    Examples
    --------
    >>> from fractions import Fraction
    >>> game = Game([[[3, 0], [5, 1]], [[3, 5], [0, Fraction(1, 2)]]],
    ...             players=["Row", "Column"], strategies=[["C", "D"], ["C", "D"]], title="PD")
    >>> print(write_nfg(game), end="")
    NFG 1 R "PD" { "Row" "Column" } { { "C" "D" } { "C" "D" } }
    ""
    <BLANKLINE>
    3 3
    5 0
    0 5
    1 1/2
    >>> parse_nfg(write_nfg(game)) == game
    True
    """
    players = " ".join(_quote(name) for name in game.players)
    strategies = " ".join(
        "{ " + " ".join(_quote(label) for label in labels) + " }" for labels in game.strategies
    )
    lines = [f"NFG 1 R {_quote(game.title)} {{ {players} }} {{ {strategies} }}", '""', ""]
    payoffs = game.exact_payoffs()
    # The first player's strategy changes fastest: run through the reversed profile.
    for reversed_profile in product(*(range(count) for count in reversed(game.shape))):
        cell = reversed_profile[::-1]
        lines.append(" ".join(str(array[cell]) for array in payoffs))
    return "\n".join(lines) + "\n"
