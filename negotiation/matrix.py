"""A small two-player game typed on one line: ``"3,3 0,5; 5,0 1,1"``.

Why a notation of its own: in a class, the quickest question is "what are the equilibria of
this 2x2?", and writing a scenario file or an .nfg for it is a detour.  The notation is the
bimatrix as it is written on a blackboard: rows separated by ``;``, cells by spaces, and in
each cell the row player's payoff, a comma, the column player's.  Numbers are exact: ``1/2``
and ``0.1`` are the rationals 1/2 and 1/10.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from negotiation.errors import GameError
from negotiation.game import Game

__all__ = ["MATRIX_FORM", "parse_labels", "parse_matrix"]

MATRIX_FORM = 'rows separated by ";", cells by spaces, "row,column" payoffs in each cell'
_EXAMPLE = '"3,3 0,5; 5,0 1,1"'


def _number(text: str, row: int, column: int) -> Fraction:
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        msg = (
            f"--matrix: row {row}, cell {column}: {text!r} is not a number "
            "(write 3, -1, 2.5 or 3/2)"
        )
        raise GameError(msg) from None


def parse_matrix(
    text: str,
    players: Sequence[str] | None = None,
    strategies: Sequence[Sequence[str]] | None = None,
    title: str = "",
) -> Game:
    """The two-player game written in ``text``, with exact payoffs.

    Parameters
    ----------
    text : str
        The bimatrix, e.g. ``"3,3 0,5; 5,0 1,1"`` (the prisoner's dilemma): row ``i`` holds
        the cells of the row player's ``i``-th strategy; a cell ``a,b`` gives the row player
        ``a`` and the column player ``b``.
    players : sequence of str, optional
        The two players' names (default ``Row``, ``Column``).
    strategies : sequence of two sequences of str, optional
        The row player's and the column player's strategy labels (default ``R1, R2, ...`` and
        ``C1, C2, ...``).
    title : str
        The game's name in reports (default: the matrix as typed).

    Raises
    ------
    GameError
        One line naming the row and cell at fault: rows of different lengths, a cell without
        two payoffs, a payoff that is not a number, labels that do not match the size.

    Examples
    --------
    >>> game = parse_matrix("3,3 0,5; 5,0 1,1", strategies=[["C", "D"], ["C", "D"]])
    >>> game.shape, game.payoff_profile((1, 0))
    ((2, 2), (Fraction(5, 1), Fraction(0, 1)))
    """
    rows = [row.split() for row in text.strip().strip(";").split(";")]
    if not text.strip() or not all(rows):
        msg = f"--matrix: empty {'matrix' if not text.strip() else 'row'}; e.g. {_EXAMPLE}"
        raise GameError(msg)
    width = len(rows[0])
    row_payoffs: list[list[Fraction]] = []
    column_payoffs: list[list[Fraction]] = []
    for number, row in enumerate(rows, start=1):
        if len(row) != width:
            msg = (
                f"--matrix: row {number} has {len(row)} cell{'s' * (len(row) != 1)}, row 1 has "
                f"{width} "
                f"({MATRIX_FORM}, e.g. {_EXAMPLE})"
            )
            raise GameError(msg)
        row_payoffs.append([])
        column_payoffs.append([])
        for column, cell in enumerate(row, start=1):
            parts = cell.split(",")
            if len(parts) != 2 or not all(parts):
                msg = (
                    f"--matrix: row {number}, cell {column}: {cell!r} must be two payoffs "
                    f"'row,column' such as 3,0 ({MATRIX_FORM})"
                )
                raise GameError(msg)
            row_payoffs[-1].append(_number(parts[0], number, column))
            column_payoffs[-1].append(_number(parts[1], number, column))
    if len(rows) < 1 or width < 1:  # pragma: no cover - caught above
        msg = f"--matrix: empty matrix; e.g. {_EXAMPLE}"
        raise GameError(msg)
    labels = strategies or (
        [f"R{k + 1}" for k in range(len(rows))],
        [f"C{k + 1}" for k in range(width)],
    )
    if len(labels) != 2:
        msg = f"--strategies: give two lists (row player's; column player's), got {len(labels)}"
        raise GameError(msg)
    for which, given, count in (("row", labels[0], len(rows)), ("column", labels[1], width)):
        if len(given) != count:
            msg = f"--strategies: {len(given)} labels for the {which} player's {count} strategies"
            raise GameError(msg)
    names = players or ("Row", "Column")
    if len(names) != 2:
        msg = f"--players: a matrix game has two players, got {len(names)} names"
        raise GameError(msg)
    return Game(
        [row_payoffs, column_payoffs],
        players=list(names),
        strategies=[list(labels[0]), list(labels[1])],
        title=title or " ".join(text.split()),
    )


def parse_labels(text: str | None, parts: int, option: str) -> list[list[str]] | None:
    """``"Cooperate,Defect;Cooperate,Defect"`` as lists of labels: ``;`` between players,
    ``,`` between one player's labels (``parts`` lists expected).  None when not given."""
    if text is None:
        return None
    groups = [[label.strip() for label in group.split(",")] for group in text.split(";")]
    if parts == 1 and len(groups) == 1:
        return groups
    if len(groups) == 1 and parts == 2:  # one list for both players: a symmetric game
        groups = groups * 2
    if len(groups) != parts or any(not label for group in groups for label in group):
        msg = f"{option}: expected {parts} lists separated by ';', got {text!r}"
        raise GameError(msg)
    return groups
