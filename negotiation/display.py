"""How every result shows itself: in a terminal, in ``print``, in a notebook, in a paper.

Why one mixin: the command line prints ``text()``, a notebook renders ``_repr_html_``, a paper
wants LaTeX or Markdown, and a data analyst wants a DataFrame.  Each result class describes its
report once, as a list of blocks (`Heading`, `Paragraph`, `Items`, `Table`, `Preformatted`)
from ``blocks()``; Markdown, HTML, LaTeX and ``to_pandas`` are rendered from those same blocks,
so a table is a real table everywhere (not ASCII art inside ``<pre>``) and every format shows
the same numbers.  ``text()`` stays each class's own report for the terminal, whose tables
(`fit_table`) fold long cells to the terminal's width.

``blocks(number)`` takes the function that writes a number (exact ``p/q`` by default, or a
fixed number of decimals: `decimal_number`), so that ``--decimals`` reaches every cell.
"""

from __future__ import annotations

import html
import re
import shutil
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

__all__ = [
    "Heading",
    "Items",
    "Paragraph",
    "Preformatted",
    "Report",
    "Table",
    "decimal_number",
    "exact_number",
    "fit_table",
    "render_html",
    "render_latex",
    "render_markdown",
    "render_text",
    "terminal_width",
]

Number = Callable[[Any], str]
Cell = str | tuple[str, ...]  # a tuple is one cell of several lines


@dataclass(frozen=True)
class Heading:
    """A title; ``level`` 2 for a page's sections, 3 (the default) for a result's title."""

    text: str
    level: int = 3


@dataclass(frozen=True)
class Paragraph:
    """A sentence or a few; ``strong`` for a label before a table ("Baseline")."""

    text: str
    strong: bool = False


@dataclass(frozen=True)
class Items:
    """A bulleted list, one line each."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Preformatted:
    """Text whose layout matters (a character map of outcomes)."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table: a header and rows of cells (a cell of several lines is a tuple of str).

    ``main`` marks the table `Report.to_pandas` returns (else the first table).
    """

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    main: bool = False


Block = Heading | Paragraph | Items | Preformatted | Table


def exact_number(value: Any) -> str:
    """A number as the toolkit writes it by default: rationals exact (``2/3``), floats to 6
    significant digits."""
    if isinstance(value, Fraction | int):
        return str(value)
    return f"{float(value):.6g}"


def decimal_number(decimals: int) -> Number:
    """A writer of numbers with ``decimals`` digits after the point, rounded half to even from
    the exact value (``2/3`` at 3 decimals is ``0.667``), for tables in papers.

    Examples
    --------
    >>> decimal_number(3)(Fraction(2, 3)), decimal_number(0)(Fraction(5, 2))
    ('0.667', '2')
    """

    def write(value: Any) -> str:
        if isinstance(value, Fraction | int):
            rounded = round(Fraction(value), decimals)
            with localcontext() as context:
                context.prec = max(28, len(str(rounded.numerator)) + decimals + 2)
                quotient = Decimal(rounded.numerator) / Decimal(rounded.denominator)
            return f"{quotient:.{decimals}f}"
        return f"{float(value):.{decimals}f}"

    return write


def terminal_width() -> int:
    """The terminal's width in columns; 100 when output goes to a file, a pipe or a notebook."""
    return shutil.get_terminal_size((100, 24)).columns


def _lines(cell: Cell) -> list[str]:
    return [str(cell)] if isinstance(cell, str) else [str(line) for line in cell]


def fit_table(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    indent: str = "  ",
    width: int | None = None,
) -> str:
    """Columns padded to their widest cell, the header underlined; folded to ``width``.

    When the natural table is wider than ``width`` (default: `terminal_width`), the widest
    columns are narrowed, down to 12 characters each, and their cells wrapped at spaces, so
    that a long source or outcome reads as a paragraph in its column instead of a line of 500
    characters.  Wrapped rows are separated by a blank line, so each row stays one unit.
    """
    width = terminal_width() if width is None else width
    table_rows = [[_lines(cell) for cell in row] for row in rows]
    head = [_lines(cell) for cell in header]
    natural = [
        max(len(line) for cell in column for line in cell)
        for column in zip(head, *table_rows, strict=True)
    ]
    widths = list(natural)
    room = width - len(indent) - 2 * (len(widths) - 1)
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda k: widths[k])
        if widths[widest] <= 12:
            break
        widths[widest] -= 1

    def wrap(cell: list[str], column_width: int) -> list[str]:
        folded = []
        for line in cell:
            folded += textwrap.wrap(line, column_width, break_on_hyphens=False) or [""]
        return folded

    def render(cells: list[list[str]]) -> list[str]:
        folded = [wrap(cell, w) for cell, w in zip(cells, widths, strict=True)]
        height = max(len(cell) for cell in folded)
        return [
            (
                indent
                + "  ".join(
                    (cell[k] if k < len(cell) else "").ljust(w)
                    for cell, w in zip(folded, widths, strict=True)
                )
            ).rstrip()
            for k in range(height)
        ]

    rule = indent + "  ".join("-" * w for w in widths)
    body = [render(row) for row in table_rows]
    if widths == natural or all(len(lines) == 1 for lines in body):
        return "\n".join([*render(head), rule, *(line for lines in body for line in lines)])
    spaced: list[str] = []
    for number, lines in enumerate(body):
        spaced += [""] if number and (len(lines) > 1 or len(body[number - 1]) > 1) else []
        spaced += lines
    return "\n".join([*render(head), rule, *spaced])


# -- renderers ------------------------------------------------------------------------------


def render_text(blocks: Sequence[Block], width: int | None = None) -> str:
    """Blocks as plain text: tables by `fit_table`, paragraphs wrapped to ``width``."""
    width = terminal_width() if width is None else width
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(block.text)
        elif isinstance(block, Paragraph):
            parts.append(textwrap.fill(block.text, width, subsequent_indent="  "))
        elif isinstance(block, Items):
            parts.append(
                "\n".join(
                    textwrap.fill(line, width, initial_indent="  - ", subsequent_indent="    ")
                    for line in block.lines
                )
            )
        elif isinstance(block, Preformatted):
            parts.append(block.text)
        else:
            caption = [block.caption] if block.caption else []
            parts.append("\n".join([*caption, fit_table(block.header, block.rows, width=width)]))
    return "\n\n".join(parts)


def _markdown_cell(cell: Cell) -> str:
    return "<br>".join(line.replace("|", "\\|") for line in _lines(cell))


def render_markdown(blocks: Sequence[Block]) -> str:
    """Blocks as Markdown: pipe tables, ``###`` headings, bulleted lists."""
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * block.level} {block.text}")
        elif isinstance(block, Paragraph):
            parts.append(f"**{block.text}**" if block.strong else block.text)
        elif isinstance(block, Items):
            parts.append("\n".join(f"- {line}" for line in block.lines))
        elif isinstance(block, Preformatted):
            parts.append(f"```text\n{block.text}\n```")
        else:
            lines = [f"**{block.caption}**", ""] if block.caption else []
            lines.append("| " + " | ".join(_markdown_cell(cell) for cell in block.header) + " |")
            lines.append("|" + "---|" * len(block.header))
            lines += ["| " + " | ".join(map(_markdown_cell, row)) + " |" for row in block.rows]
            parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _html_cell(cell: Cell) -> str:
    return "<br>".join(html.escape(line) for line in _lines(cell))


_CELL_STYLE = ' style="text-align: left; vertical-align: top"'


def html_table(table: Table) -> str:
    """One table as HTML, header cells ``<th>``, text left-aligned and top-aligned.

    Why the inline style on each cell: JupyterLab's stylesheet right-aligns table cells,
    which suits numbers but leaves strategy names and sources ragged, and a notebook may
    strip a ``<style>`` element from an output; an inline style survives.
    """
    caption = (
        f'<caption style="text-align: left; font-weight: bold">{html.escape(table.caption)}'
        "</caption>"
        if table.caption
        else ""
    )
    head = "".join(f"<th{_CELL_STYLE}>{_html_cell(cell)}</th>" for cell in table.header)
    body = "".join(
        "<tr>" + "".join(f"<td{_CELL_STYLE}>{_html_cell(cell)}</td>" for cell in row) + "</tr>"
        for row in table.rows
    )
    return (
        f'<table class="negotiation">{caption}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def render_html(blocks: Sequence[Block]) -> str:
    """Blocks as an HTML fragment: ``<table>``, ``<h3>``, ``<ul>``; every text escaped."""
    parts = ['<div class="negotiation-report" style="text-align: left">']
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(f"<h{block.level}>{html.escape(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            text = html.escape(block.text)
            parts.append(f"<p><b>{text}</b></p>" if block.strong else f"<p>{text}</p>")
        elif isinstance(block, Items):
            items = "".join(f"<li>{html.escape(line)}</li>" for line in block.lines)
            parts.append(f"<ul>{items}</ul>")
        elif isinstance(block, Preformatted):
            parts.append(f"<pre>{html.escape(block.text)}</pre>")
        else:
            parts.append(html_table(block))
    parts.append("</div>")
    return "\n".join(parts)


_FRACTION = re.compile(r"(?<![\w/.])(-?)(\d+)/(\d+)(?![\w/])")


def _latex_text(text: str) -> str:
    r"""Text for a LaTeX cell: specials escaped, exact rationals as ``$\frac{p}{q}$``."""
    from negotiation.export import latex_escape

    escaped = latex_escape(text)
    return _FRACTION.sub(lambda m: f"${m[1]}\\frac{{{m[2]}}}{{{m[3]}}}$", escaped)


def _latex_cell(cell: Cell) -> str:
    lines = [_latex_text(line) for line in _lines(cell)]
    if len(lines) == 1:
        return lines[0]
    return r"\begin{tabular}[t]{@{}l@{}}" + r" \\ ".join(lines) + r"\end{tabular}"


def render_latex(blocks: Sequence[Block]) -> str:
    r"""Blocks as LaTeX for a paper: each table a ``tabular`` with ``\hline`` rules (no package
    needed), headings as ``\paragraph``, lists as ``itemize``; rationals as ``\frac``."""
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(f"\\paragraph{{{_latex_text(block.text)}}}")
        elif isinstance(block, Paragraph):
            text = _latex_text(block.text)
            parts.append(f"\\textbf{{{text}}}" if block.strong else text)
        elif isinstance(block, Items):
            items = "\n".join(f"  \\item {_latex_text(line)}" for line in block.lines)
            parts.append(f"\\begin{{itemize}}\n{items}\n\\end{{itemize}}")
        elif isinstance(block, Preformatted):
            parts.append(f"\\begin{{verbatim}}\n{block.text}\n\\end{{verbatim}}")
        else:
            columns = "l" * len(block.header)
            lines = [f"\\begin{{tabular}}{{{columns}}}", r"\hline"]
            lines.append(" & ".join(_latex_cell(cell) for cell in block.header) + r" \\")
            lines.append(r"\hline")
            lines += [" & ".join(map(_latex_cell, row)) + r" \\" for row in block.rows]
            lines += [r"\hline", r"\end{tabular}"]
            caption = [f"% {' '.join(block.caption.split())}"] if block.caption else []
            parts.append("\n".join([*caption, *lines]))
    return "\n\n".join(parts) + "\n"


class Report:
    """A result that reports itself as text, Markdown, HTML, LaTeX and a DataFrame.

    Subclasses write ``text()`` and ``blocks(number)``; the rest is rendered from the blocks.
    """

    def text(self) -> str:
        """The report as the command line prints it."""
        raise NotImplementedError

    def blocks(self, number: Number = exact_number) -> list[Block]:
        """The report as blocks, from `negotiation.views` (one place says how every result
        looks); the text report, preformatted, for a result it does not know."""
        from negotiation.views import blocks_of

        return blocks_of(self, number)

    def markdown(self, decimals: int | None = None) -> str:
        """The report as Markdown: pipe tables; numbers exact unless ``decimals`` is given."""
        return render_markdown(self.blocks(_number(decimals)))

    def html(self) -> str:
        """The report as an HTML fragment with real ``<table>`` elements (what Jupyter shows)."""
        return render_html(self.blocks())

    def latex(self, decimals: int | None = None) -> str:
        r"""The report as LaTeX tables (``tabular``); rationals as ``\frac`` unless
        ``decimals`` is given."""
        return render_latex(self.blocks(_number(decimals)))

    def tables(self) -> list[Table]:
        """The report's tables, in order."""
        return [block for block in self.blocks() if isinstance(block, Table)]

    def to_pandas(self) -> Any:
        """The report's main table as a `pandas.DataFrame` (cells as text, exact numbers kept).

        Raises
        ------
        ImportError
            With the install hint, when pandas is not installed.
        """
        try:
            import pandas as pd
        except ImportError:
            msg = "to_pandas needs pandas: pip install pandas"
            raise ImportError(msg) from None
        tables = self.tables()
        if not tables:
            return pd.DataFrame()
        table = next((table for table in tables if table.main), tables[0])
        rows = [["\n".join(_lines(cell)) for cell in row] for row in table.rows]
        return pd.DataFrame(rows, columns=["\n".join(_lines(c)) for c in table.header])

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def _repr_html_(self) -> str | None:
        # Jupyter renders HTML in preference to Markdown: a result without blocks of its own
        # but with its own Markdown tables shows those, not its text inside <pre>.
        from negotiation.views import has_view

        if not has_view(self) and type(self).markdown is not Report.markdown:
            return None
        return self.html()

    def __str__(self) -> str:
        return self.text()


def _number(decimals: int | None) -> Number:
    return exact_number if decimals is None else decimal_number(decimals)
