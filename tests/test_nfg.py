"""Tests for reading and writing Gambit ``.nfg`` files (`negotiation.nfg`).

Expected payoffs come from the cited games or are written so that a payoff spells out its own
profile (``1021`` is player 1 at profile ``(0, 2, 1)``), which pins down the file's ordering:
the first player's strategy changes fastest.  Oracle tests read the same text with pygambit.
"""

from __future__ import annotations

import io
import math
from fractions import Fraction
from importlib.resources import files
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negotiation.files
import negotiation.nfg
from negotiation.errors import GameError, GameFileError
from negotiation.game import Game
from negotiation.nfg import parse_nfg, read_nfg, write_nfg

DATA = Path(__file__).parent / "data" / "nfg"
F = Fraction


def arrays_of(game: Game) -> list[list]:
    return [array.tolist() for array in game.payoffs]


# --- reading --------------------------------------------------------------------------------

# Matching pennies (von Neumann and Morgenstern): profiles (0,0) (1,0) (0,1) (1,1) in file order.
MATCHING_PENNIES = 'NFG 1 R "Matching pennies" { "Even" "Odd" } { 2 2 } 1 -1 -1 1 -1 1 1 -1'

# 2x2x2 payoff list; player i's payoff at profile (a, b, c) is 1000 i + 100 a + 10 b + c.
THREE_PLAYER_PAYOFFS = """NFG 1 R "ordering" { "P1" "P2" "P3" } { 2 2 2 }
1000 2000 3000  1100 2100 3100  1010 2010 3010  1110 2110 3110
1001 2001 3001  1101 2101 3101  1011 2011 3011  1111 2111 3111
"""

# The same game in the outcome dialect, the outcomes listed in reverse profile order.
THREE_PLAYER_OUTCOMES = """NFG 1 R "ordering" { "P1" "P2" "P3" }
{ { "a0" "a1" } { "b0" "b1" } { "c0" "c1" } }
{
{ "111" 1111, 2111, 3111 } { "011" 1011 2011 3011 } { "101" 1101, 2101 3101 }
{ "001" 1001 2001 3001 } { "110" 1110 2110 3110 } { "010" 1010 2010 3010 }
{ "100" 1100 2100 3100 } { "000" 1000 2000 3000 }
}
8 7 6 5 4 3 2 1
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            MATCHING_PENNIES,
            [[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]],
            id="payoff_list_2x2",
        ),
        pytest.param(
            'NFG 1 R "" { "A" "B" } { 2 3 }\n1 2\n3 4\n5 6\n7 8\n9 10\n11 12\n',
            # profiles (0,0) (1,0) (0,1) (1,1) (0,2) (1,2) take the pairs in turn
            [[[1, 5, 9], [3, 7, 11]], [[2, 6, 10], [4, 8, 12]]],
            id="payoff_list_2x3",
        ),
        pytest.param(
            'NFG 1 R "" { "A" "B" } { 2 1 } { { "x" 1 2 } { "y" 3, 4, } } 2 1',
            [[[3], [1]], [[4], [2]]],
            id="outcomes_with_trailing_comma",
        ),
        pytest.param(
            'NFG 1 R "" { "A" "B" } { 2 2 } { { "" 5 6 } } 0 1 1 0',
            [[[0, 5], [5, 0]], [[0, 6], [6, 0]]],
            id="outcome_index_zero_is_null",
        ),
        pytest.param(
            'NFG 1 R "" { "A" "B" } { 1 1 } { } 0',
            [[[0]], [[0]]],
            id="empty_outcome_list",
        ),
        pytest.param('NFG 1 D "" { "Solo" } { 3 } 7 -1 0', [[7, -1, 0]], id="one_player"),
    ],
)
def test_parse_payoffs(text: str, expected: list) -> None:
    game = parse_nfg(text)
    assert game.exact
    assert arrays_of(game) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(THREE_PLAYER_PAYOFFS, id="payoff_list"),
        pytest.param(THREE_PLAYER_OUTCOMES, id="outcomes"),
    ],
)
def test_three_player_profile_order(text: str) -> None:
    game = parse_nfg(text)
    assert game.shape == (2, 2, 2)
    for a, b, c in np.ndindex(2, 2, 2):
        cell = 100 * a + 10 * b + c
        assert game.payoff_profile((a, b, c)) == (1000 + cell, 2000 + cell, 3000 + cell)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        pytest.param("3", F(3), id="integer"),
        pytest.param("-12", F(-12), id="negative_integer"),
        pytest.param("+2", F(2), id="plus_sign"),
        pytest.param("007", F(7), id="leading_zeros"),
        pytest.param("1.5", F(3, 2), id="decimal"),
        pytest.param("0.1", F(1, 10), id="decimal_not_binary"),
        pytest.param("-.5", F(-1, 2), id="decimal_without_integer_part"),
        pytest.param("1.", F(1), id="decimal_without_fraction_part"),
        pytest.param("1e3", F(1000), id="exponent"),
        pytest.param("2.5E-3", F(1, 400), id="negative_exponent"),
        pytest.param("3/4", F(3, 4), id="rational"),
        pytest.param("-6/8", F(-3, 4), id="rational_reduced"),
    ],
)
def test_numbers_are_exact(number: str, expected: Fraction) -> None:
    game = parse_nfg(f'NFG 1 R "" {{ "P" }} {{ 1 }} {number}')
    assert game.payoffs[0][0] == expected
    assert isinstance(game.payoffs[0][0], Fraction)


@pytest.mark.parametrize(
    ("quoted", "expected"),
    [
        pytest.param('"Tit for tat"', "Tit for tat", id="spaces"),
        pytest.param(r'"say \"no\""', 'say "no"', id="escaped_quotes"),
        pytest.param(r'"C:\dir"', "C:\\dir", id="lone_backslash_kept"),
        pytest.param(r'"a\\b"', "a\\b", id="escaped_backslash"),
        pytest.param(r'"ends with \\"', "ends with \\", id="escaped_backslash_at_end"),
        pytest.param('"two\nlines"', "two\nlines", id="newline"),
        pytest.param('"{ , }"', "{ , }", id="braces_and_comma"),
        pytest.param('"Ünïcode"', "Ünïcode", id="unicode"),
    ],
)
def test_labels(quoted: str, expected: str) -> None:
    game = parse_nfg(f'NFG 1 R {quoted} {{ {quoted} }} {{ {{ {quoted} "other" }} }} 1 2')
    assert game.title == expected
    assert game.players == (expected,)
    assert game.strategies == ((expected, "other"),)


def test_title_and_comment() -> None:
    # The comment may span lines and hold quotes; it is dropped, the title kept.
    text = (
        'NFG 1 R "Chicken" { "Driver 1" "Driver 2" } { { "Swerve" "Straight" }\n'
        '{ "Swerve" "Straight" } }\n"A comment \\"quoted\\"\nover two lines"\n'
        "0 0  1 -1  -1 1  -10 -10\n"
    )
    game = parse_nfg(text)
    assert game.title == "Chicken"
    assert game.players == ("Driver 1", "Driver 2")
    assert game.strategies == (("Swerve", "Straight"), ("Swerve", "Straight"))
    assert arrays_of(game) == [[[0, -1], [1, -10]], [[0, 1], [-1, -10]]]


def test_layout_is_free() -> None:
    # Whitespace and line breaks (CRLF included) between tokens do not matter.
    spread = MATCHING_PENNIES.replace(" ", "\r\n\t ")
    assert parse_nfg(spread) == parse_nfg(MATCHING_PENNIES)


def test_read_outcome_dialect_file() -> None:
    # Osborne and Rubinstein (1994), Figure 16.1: (Bach, Bach) = (2, 1),
    # (Stravinsky, Stravinsky) = (1, 2), otherwise (0, 0).
    game = read_nfg(DATA / "bach_or_stravinsky.nfg")
    assert game.title == 'Bach or "Stravinsky"? (BoS)'
    assert game.players == ("Player 1", "Player 2")
    assert game.strategies == (("Bach", "Stravinsky"), ("Bach", "Stravinsky"))
    assert arrays_of(game) == [[[2, 0], [0, 1]], [[1, 0], [0, 2]]]


def test_read_decimal_file() -> None:
    # Rows of the file are profiles (0,0) (1,0) (0,1) (1,1) (0,2) (1,2).
    game = read_nfg(str(DATA / "decimals.nfg"))
    assert game.exact
    assert game.strategies == (("1", "2"), ("1", "2", "3"))
    assert arrays_of(game) == [
        [[F(3, 2), F(-1, 4), 10], [F(3, 4), 0, F(1, 8)]],
        [[F(-1, 2), F(1, 100), -10], [200, F(7, 3), F(-25, 2)]],
    ]


def test_read_utf8_with_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.nfg"
    path.write_bytes(b"\xef\xbb\xbf" + MATCHING_PENNIES.encode())
    assert read_nfg(path) == parse_nfg(MATCHING_PENNIES)


# --- writing --------------------------------------------------------------------------------

PRISONERS_DILEMMA = Game(
    [[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    players=["Row", "Column"],
    strategies=[["Cooperate", "Defect"], ["Cooperate", "Defect"]],
    title="Prisoner's dilemma",
)

RATIONAL_THREE_PLAYER = Game(
    [
        np.array([F(1, 3), F(-2, 7), 0, 4, F(5, 2), 6, 7, F(-8, 9)], dtype=object).reshape(
            2, 2, 2
        ),
        np.array([1, 2, 3, 4, 5, 6, 7, 8], dtype=object).reshape(2, 2, 2),
        np.array([F(1, 2)] * 8, dtype=object).reshape(2, 2, 2),
    ],
    players=["Firm 1", 'The "Regulator"', "Firm 3"],
    title="Three players",
)

FLOAT_GAME = Game([[[0.1, -2.5]], [[1e16, 5e-324]]], strategies=[["C:\\dir"], ["x", "y"]])


def test_write_text() -> None:
    # Profiles in file order (C,C) (D,C) (C,D) (D,D): (3,3) (5,0) (0,5) (1,1).
    assert write_nfg(PRISONERS_DILEMMA) == (
        'NFG 1 R "Prisoner\'s dilemma" { "Row" "Column" } '
        '{ { "Cooperate" "Defect" } { "Cooperate" "Defect" } }\n'
        '""\n\n3 3\n5 0\n0 5\n1 1\n'
    )


def test_write_escapes_and_rationals() -> None:
    game = Game([[F(-3, 4)]], players=['say "hi"'], strategies=[["a\\"]], title="b\\c")
    assert write_nfg(game) == 'NFG 1 R "b\\c" { "say \\"hi\\"" } { { "a\\\\" } }\n""\n\n-3/4\n'


def test_write_float_exactly() -> None:
    # 0.1 as a double is 3602879701896397 / 2**55; 5e-324 is 2**-1074.
    text = write_nfg(FLOAT_GAME)
    assert text.splitlines()[3:] == [
        "3602879701896397/36028797018963968 10000000000000000",
        f"-5/2 1/{2**1074}",
    ]


@pytest.mark.parametrize(
    "game",
    [
        pytest.param(PRISONERS_DILEMMA, id="prisoners_dilemma"),
        pytest.param(RATIONAL_THREE_PLAYER, id="rational_three_player"),
        pytest.param(FLOAT_GAME, id="floats"),
        pytest.param(Game([[1, 2, 3]]), id="one_player"),
    ],
)
def test_round_trip(game: Game) -> None:
    again = parse_nfg(write_nfg(game))
    assert again == game
    assert again.title == game.title


_LABEL = st.text(min_size=1, max_size=6)
_TITLE = st.text(max_size=10)
_PAYOFF = st.one_of(
    st.fractions(max_denominator=10**6),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=False, allow_infinity=False),
)


@st.composite
def games(
    draw: st.DrawFn,
    labels: st.SearchStrategy[str] = _LABEL,
    titles: st.SearchStrategy[str] = _TITLE,
) -> Game:
    shape = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
    players = draw(st.lists(labels, min_size=len(shape), max_size=len(shape), unique=True))
    strategies = [draw(st.lists(labels, min_size=k, max_size=k, unique=True)) for k in shape]
    cells = math.prod(shape)
    arrays = [
        np.array(draw(st.lists(_PAYOFF, min_size=cells, max_size=cells)), dtype=object).reshape(
            shape
        )
        for _ in shape
    ]
    return Game(arrays, players, strategies, title=draw(titles))


@given(game=games())
def test_round_trip_any_game(game: Game) -> None:
    again = parse_nfg(write_nfg(game))
    assert again == game
    assert again.title == game.title


# --- malformed files ------------------------------------------------------------------------

HEAD = 'NFG 1 R "t" { "A" "B" } { 2 2 }\n'


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        pytest.param("", 1, "empty file", id="empty"),
        pytest.param(" \n\t\n", 1, "empty file", id="only_whitespace"),
        pytest.param('EFG 2 R "t" { "A" }', 1, "expected the header 'NFG 1 R'", id="efg_header"),
        pytest.param(
            'NFG 2 R "t"', 1, "expected version '1' after 'NFG', found '2'", id="version"
        ),
        pytest.param('NFG 1 X "t"', 1, "expected 'R' or 'D' after 'NFG 1', found 'X'", id="type"),
        pytest.param('NFG 1 R { "A" }', 1, "expected the game's title", id="no_title"),
        pytest.param(
            'NFG 1 R "t" { "A" "B" }\n', 1, "unexpected end of file: expected '{'", id="truncated"
        ),
        pytest.param(HEAD, 1, "unexpected end of file: expected the payoffs", id="no_payoffs"),
        pytest.param(HEAD + "1 2 3 4\n5 6 7", 3, "ends after 7 of the 8 payoffs", id="too_few"),
        pytest.param(
            HEAD + "1 2 3 4 5 6 7 8\n9", 3, "unexpected '9' after the last of the 8", id="too_many"
        ),
        pytest.param(
            HEAD + "1 2\nthree 4",
            3,
            "expected payoff 3 of 8 (a number), found 'three'",
            id="not_a_number",
        ),
        pytest.param(HEAD + "1, 2 3 4 5 6 7 8", 2, "found ','", id="comma_in_payoff_list"),
        pytest.param(
            HEAD + "1 2 5/0 4 5 6 7 8", 2, "'5/0' divides by zero", id="zero_denominator"
        ),
        pytest.param(HEAD + "1 2 1e99999 4 5 6 7 8", 2, "exponent 99999,", id="huge_exponent"),
        pytest.param(
            HEAD + "1 " + "9" * 5000 + " 3 4 5 6 7 8", 2, "has 5000 digits", id="huge_integer"
        ),
        pytest.param(
            'NFG 1 R "t"\n{ "A" "B"\n', 2, "'{' opened here is never closed", id="unclosed_brace"
        ),
        pytest.param(
            HEAD + '{ { "" 1 2 }\n{ "" 3 4 }',
            2,
            "'{' opened here is never closed",
            id="unclosed_outcome_list",
        ),
        pytest.param(
            'NFG 1 R "t" { "A" "B } { 2 2 }\n1 2 3 4 5 6 7 8',
            1,
            "unclosed string",
            id="unclosed_string",
        ),
        pytest.param(
            HEAD + '{ { "" 1 2 } }\n1 0 2 1',
            3,
            "expected outcome index 3 of 4 (0 to 1), found '2'",
            id="outcome_index_too_big",
        ),
        pytest.param(
            HEAD + '{ { "" 1 2 } }\n1 0 -1 1', 3, "found '-1'", id="outcome_index_negative"
        ),
        pytest.param(
            HEAD + '{ { "" 1 2 } }\n1 0 1',
            3,
            "ends after 3 of the 4 outcome indices",
            id="too_few_outcome_indices",
        ),
        pytest.param(
            HEAD + '{ { "" 1 } }\n1 1 1 1',
            2,
            "expected the payoff of 'B' in outcome 1",
            id="outcome_too_few_payoffs",
        ),
        pytest.param(
            HEAD + '{ { "" 1 2 3 } }\n1 1 1 1',
            2,
            "expected '}' closing outcome 1",
            id="outcome_too_many_payoffs",
        ),
        pytest.param(
            HEAD + "{ { 1 2 } }\n1 1 1 1",
            2,
            "expected the name of outcome 1 in quotes",
            id="outcome_without_name",
        ),
        pytest.param(
            'NFG 1 R "t" { "A"\n"A" } { 2 2 }',
            2,
            "duplicate player name 'A'",
            id="duplicate_player",
        ),
        pytest.param(
            'NFG 1 R "t" { "A" "B" }\n{ { "x" "x" } { "y" } }',
            2,
            "duplicate strategy label 'x' of 'A'",
            id="duplicate_strategy",
        ),
        pytest.param('NFG 1 R "t" { "A" "" } { 2 2 }', 1, "empty player name", id="empty_name"),
        pytest.param('NFG 1 R "t" { } { } 1', 1, "the game has no players", id="no_players"),
        pytest.param(
            'NFG 1 R "t" { "A" "B" } { 2 0 }',
            1,
            "expected the number of strategies of 'B' (a positive integer), found '0'",
            id="zero_strategies",
        ),
        pytest.param('NFG 1 R "t" { "A" "B" } { 2.5 1 }', 1, "found '2.5'", id="fractional_count"),
        pytest.param(
            'NFG 1 R "t" { "A" "B" } { 2 } 1 2', 1, "strategies of 'B'", id="too_few_counts"
        ),
        pytest.param(
            'NFG 1 R "t" { "A" "B" } { { "x" } { "y" } { "z" } } 1 2',
            1,
            "expected '}' closing the strategies of the 2 players",
            id="too_many_label_lists",
        ),
        pytest.param(
            'NFG 1 R "t" { "A" "B" } { { "x" } { } } 1 2',
            1,
            "player 'B' has no strategies",
            id="no_strategy_labels",
        ),
        pytest.param(
            HEAD + '"comment" "second comment" 1 2 3 4 5 6 7 8',
            2,
            "found string 'second comment'",
            id="two_comments",
        ),
    ],
)
def test_malformed(text: str, line: int, message: str) -> None:
    with pytest.raises(GameFileError) as caught:
        parse_nfg(text, source="bad.nfg")
    assert str(caught.value).startswith(f"bad.nfg:{line}: ")
    assert message in str(caught.value)


def test_game_error_becomes_game_file_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # The parser checks labels itself, so Game should never refuse; if it does, the error
    # still names the file.
    def refuse(*args: object, **kwargs: object) -> Game:
        msg = "refused"
        raise GameError(msg)

    monkeypatch.setattr(negotiation.nfg, "Game", refuse)
    with pytest.raises(GameFileError, match=r"^bad\.nfg:1: refused$"):
        parse_nfg(MATCHING_PENNIES, source="bad.nfg")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", ":1: empty file", id="empty"),
        pytest.param(b"NFG 1 R\n\x00\x00\x00", ":2: binary data", id="nul_bytes"),
        pytest.param(b'NFG 1 R\n"\xff\xfe"', ":2: not UTF-8 text: byte 0xff", id="not_utf8"),
        pytest.param(MATCHING_PENNIES.encode("utf-16"), ":1: not UTF-8 text", id="utf16_encoded"),
    ],
)
def test_read_bad_content(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "junk.nfg"
    path.write_bytes(content)
    with pytest.raises(GameFileError) as caught:
        read_nfg(path)
    assert str(caught.value).startswith(str(path) + message)


def test_read_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.nfg"
    with pytest.raises(GameFileError) as caught:
        read_nfg(path)
    assert str(caught.value) == f"{path}: no such file"


def test_read_directory(tmp_path: Path) -> None:
    with pytest.raises(GameFileError) as caught:
        read_nfg(tmp_path)
    assert str(caught.value) == f"{tmp_path}: is a directory, not an .nfg text file"


def test_read_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod cannot make a file unreadable to root, so the refusal is simulated.
    path = tmp_path / "locked.nfg"
    path.write_text(MATCHING_PENNIES)

    def refuse(name: str, flags: int) -> int:
        raise PermissionError(13, "Permission denied", name)

    monkeypatch.setattr(negotiation.files.os, "open", refuse)
    with pytest.raises(GameFileError) as caught:
        read_nfg(path)
    assert str(caught.value) == f"{path}: cannot read: Permission denied"


# --- robustness: any input gives a Game or one GameFileError --------------------------------


def _game_or_file_error(text: str) -> None:
    """Parse; a refusal must be a GameFileError naming the file and a line of the text."""
    error = None
    try:
        game = parse_nfg(text, source="fuzz.nfg")
    except GameFileError as refusal:
        error = refusal
    if error is None:
        assert isinstance(game, Game)
    else:
        assert error.file == "fuzz.nfg"
        assert error.line is not None
        assert 1 <= error.line <= text.count("\n") + 1


@given(text=st.text())
def test_any_text(text: str) -> None:
    _game_or_file_error(text)


@given(
    base=st.sampled_from([MATCHING_PENNIES, THREE_PLAYER_PAYOFFS, THREE_PLAYER_OUTCOMES]),
    position=st.floats(0, 1),
    cut=st.integers(0, 4),
    insert=st.text(alphabet='{}",\\ \n\x000123456789./-+eERD', max_size=4),
)
def test_mutated_files(base: str, position: float, cut: int, insert: str) -> None:
    start = int(position * len(base))
    _game_or_file_error(base[:start] + insert + base[start + cut :])


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary())
def test_any_bytes(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "fuzz.nfg"
    path.write_bytes(content)
    error = None
    try:
        game = read_nfg(path)
    except GameFileError as refusal:
        error = refusal
    if error is None:
        assert isinstance(game, Game)
    else:
        assert error.file == str(path)
        assert error.line is not None


# --- oracle: pygambit reads the same files ----------------------------------------------------


@pytest.fixture
def gambit() -> ModuleType:
    # pygambit is imported here, not at collection: it pulls in pandas
    import pygambit

    return pygambit


def gambit_payoffs(game: object) -> list[list]:
    """pygambit's payoffs as nested lists of Fractions; a null outcome pays 0."""
    players = list(game.players)
    shape = tuple(len(player.strategies) for player in players)
    arrays = [np.zeros(shape, dtype=object) for _ in players]
    for cell in np.ndindex(shape):
        outcome = game[cell]
        for array, player in zip(arrays, players, strict=True):
            array[cell] = F(0) if outcome is None else F(str(outcome[player]))
    return [array.tolist() for array in arrays]


def gambit_labels(game: object) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    players = tuple(player.label for player in game.players)
    strategies = tuple(
        tuple(strategy.label for strategy in player.strategies) for player in game.players
    )
    return players, strategies


def assert_same_game(ours: Game, theirs: object) -> None:
    assert [array.tolist() for array in ours.exact_payoffs()] == gambit_payoffs(theirs)
    assert (ours.players, ours.strategies) == gambit_labels(theirs)


# A sample of pygambit's catalog (files shipped in pygambit/catalog_data), strategic and
# extensive; the extensive ones are turned into .nfg text by pygambit's own writer.
CATALOG = [
    "journals/ijgt/nau2004/sec3.nfg",
    "journals/ijgt/nau2004/sec4.nfg",
    "journals/ijgt/nau2004/sec5.nfg",
    "journals/ijgt/nau2004/sec6.nfg",
    "journals/other/shapley1974/fig2.nfg",
    "journals/other/shapley1974/fig3.nfg",
    "journals/ijgt/selten1975/fig1.efg",
    "journals/ijgt/selten1975/fig3.efg",
    "conf/itcs/jakobsen2016/fig3.efg",
    "journals/geb/gilboa1997/fig2.efg",
    "books/shohamleytonbrown2008/fig6_2.efg",
    "books/myerson1991/fig4_2.efg",
]


@pytest.mark.oracle
@pytest.mark.parametrize("name", [pytest.param(name, id=name) for name in CATALOG])
def test_catalog_matches_pygambit(gambit: ModuleType, name: str) -> None:
    path = files("pygambit") / "catalog_data" / name
    if name.endswith(".efg"):
        text = gambit.read_efg(str(path)).to_nfg()
    else:
        text = path.read_text(encoding="utf-8")
    theirs = gambit.read_nfg(io.StringIO(text))
    ours = parse_nfg(text, source=name)
    assert ours.title == theirs.title
    assert_same_game(ours, theirs)
    assert parse_nfg(write_nfg(ours)) == ours


@pytest.mark.oracle
@pytest.mark.parametrize("name", ["bach_or_stravinsky.nfg", "decimals.nfg"])
def test_data_files_match_pygambit(gambit: ModuleType, name: str) -> None:
    assert_same_game(read_nfg(DATA / name), gambit.read_nfg(str(DATA / name)))


@pytest.mark.oracle
@pytest.mark.parametrize(
    "game",
    [
        pytest.param(PRISONERS_DILEMMA, id="prisoners_dilemma"),
        pytest.param(RATIONAL_THREE_PLAYER, id="rational_three_player"),
        pytest.param(FLOAT_GAME, id="floats"),
    ],
)
def test_pygambit_reads_written_file(gambit: ModuleType, tmp_path: Path, game: Game) -> None:
    path = tmp_path / "written.nfg"
    path.write_text(write_nfg(game), encoding="utf-8")
    theirs = gambit.read_nfg(str(path))
    assert theirs.title == game.title
    assert_same_game(game, theirs)


# pygambit 16.7 accepts only labels of printable ASCII, single inner spaces, no outer spaces.
# Backslashes are left out, from titles too: Gambit's reader cannot read one before a quote
# or at the end (it refuses the title "\\").
# They start with a letter: pygambit sets the labels one by one on a table whose strategies are
# already labelled "1", "2", ..., so it refuses a file that labels two strategies "2" "1".
_GAMBIT_LABEL = st.from_regex(r"[A-Za-z][!-\[\]-~]{0,3}( [!-\[\]-~]{1,4})?", fullmatch=True)


@pytest.mark.oracle
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(game=games(labels=_GAMBIT_LABEL, titles=st.just("") | _GAMBIT_LABEL))
def test_pygambit_reads_any_written_game(gambit: ModuleType, game: Game) -> None:
    assert_same_game(game, gambit.read_nfg(io.StringIO(write_nfg(game))))
