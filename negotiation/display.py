"""How every result shows itself: in a terminal, in ``print``, and in a Jupyter notebook.

Why one mixin: the command line prints ``text()``, a notebook renders ``_repr_markdown_`` or
``_repr_html_``, and ``print(result)`` should give the same report the command gives, so each
result class writes its report once (``text()``, and ``markdown()`` where a table reads better
rendered) and inherits the rest.
"""

from __future__ import annotations

import html

__all__ = ["Report"]


class Report:
    """A result that reports itself as text (required) and as Markdown (optional)."""

    def text(self) -> str:
        """The report as the command line prints it."""
        raise NotImplementedError

    def markdown(self) -> str:
        """The report as Markdown; by default the text report as a preformatted block."""
        return f"```text\n{self.text()}\n```\n"

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def html(self) -> str:
        """The report as HTML; by default the text report, preformatted."""
        return f"<pre>{html.escape(self.text())}</pre>"

    def _repr_html_(self) -> str | None:
        # Jupyter renders HTML in preference to Markdown: offer HTML only when this class has
        # no Markdown of its own, or its own HTML, so that a Markdown table is not hidden
        # behind the preformatted text.
        cls = type(self)
        if cls.markdown is not Report.markdown and cls.html is Report.html:
            return None
        return self.html()

    def __str__(self) -> str:
        return self.text()
