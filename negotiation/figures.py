"""Figures: made without pyplot, shown inline in a notebook, written as PNG or SVG bytes.

Why one module: the sweep's plots, the learning dynamics' plots and the HTML report all need
the same three things: a matplotlib `Figure` that does not depend on a GUI backend or global
pyplot state (so a command never opens a window and a test never leaks figures), its bytes in
a format chosen by a file's suffix, and, in Jupyter, the figure shown when a cell returns it.
matplotlib is optional (the ``plot`` extra): it is imported here, inside the functions, with an
install hint.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

from negotiation.errors import NegotiationError

__all__ = ["PLOT_NEEDS", "figure_bytes", "new_figure", "plot_format", "save_figure"]

PLOT_NEEDS = "plotting needs matplotlib: pip install 'negotiation[plot]'"
FORMATS = (".png", ".svg")


def plot_format(path: str | Path) -> str:
    """``"png"`` or ``"svg"`` from a file name's suffix.

    Raises
    ------
    NegotiationError
        For any other suffix, naming the file.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        msg = f"plot file {str(path)!r}: the name must end in .png or .svg"
        raise NegotiationError(msg)
    return suffix[1:]


def new_figure(width: float, height: float) -> Any:
    """A matplotlib `Figure` with an Agg canvas, outside pyplot; in IPython, also shown
    inline when a cell returns it.

    Raises
    ------
    NegotiationError
        When matplotlib is not installed, with the install hint.
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise NegotiationError(PLOT_NEEDS) from None
    figure = Figure(figsize=(width, height))
    FigureCanvasAgg(figure)
    _show_inline_in_ipython(Figure)
    return figure


def figure_bytes(figure: Any, fmt: str) -> bytes:
    """The figure as PNG or SVG bytes; SVG without its date, so that a rerun gives the same
    file."""
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else None
    figure.savefig(buffer, format=fmt, bbox_inches="tight", metadata=metadata)
    return buffer.getvalue()


def save_figure(figure: Any, path: str | Path) -> Path:
    """Write the figure to ``path`` (PNG or SVG by its suffix), replacing it: Python's
    ``savefig`` convention; the command line refuses to replace files (`cli.options`)."""
    path = Path(path)
    path.write_bytes(figure_bytes(figure, plot_format(path)))
    return path


def _show_inline_in_ipython(figure_class: type) -> None:
    """Register a PNG formatter for figures made outside pyplot, as matplotlib-inline does for
    pyplot's, so that a notebook cell returning one shows it (once)."""
    if "IPython" not in sys.modules:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["image/png"]
    formatter.for_type(figure_class, lambda figure: figure_bytes(figure, "png"))
