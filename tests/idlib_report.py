"""The Crisis Group report the Idlib models encode, cut into the sections and footnotes their
sources cite, so that a test can check that each quotation is where its source says it is.

Section codes follow the domain brief: SB (summary box), ES (executive summary), I, II,
II.A-B, III, III.A-B, IV, IV.A-C, V, VI; ``fnN`` is the Nth footnote, in the order the
``[fn]`` markers appear (the report's own "See fn 33" confirms the numbering).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

# The report travels in shared/, which lies beside the repository on developers' machines and
# in CI (the repository's parent folder holds both).
REPORT = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_5b8844df6737e40a.txt"

# A heading line, and the section it opens (in the order they appear).
HEADINGS = (
    ("Executive Summary", "ES"),
    ("I. Introduction", "I"),
    ("II. Predicaments and Priorities", "II"),
    ("A. The Syrian Regime, Russia and Iran", "II.A"),
    ("B. Turkey and the West", "II.B"),
    ("III. Unworkable Ceasefires", "III"),
    ("A. The Astana and Sochi Agreements", "III.A"),
    ("B. Why Idlib Ceasefires Have Broken Down", "III.B"),
    ("IV. The HTS Conundrum", "IV"),
    ("A. Breaking from al-Qaeda", "IV.A"),
    ("B. Controlling Idlib", "IV.B"),
    ("C. How Genuine the Transformation?", "IV.C"),
    ("V. A Way Forward", "V"),
    ("VI. Conclusion", "VI"),
)

# A reference in a source: a section or a footnote (a range fn77-79 too).
REFERENCE = re.compile(
    r"\b(SB|ES|VI|V|IV(?:\.[A-C])?|III(?:\.[AB])?|II(?:\.[AB])?|I)\b|\bfn(\d+)(?:-(\d+))?"
)


def normalise(text: str) -> str:
    """Straight quotes and dashes, single spaces, lower case: how quotations are compared."""
    for curly, straight in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(curly, straight)
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).lower()


@cache
def parts() -> dict[str, str]:
    """Every section's text (its footnotes included) and every footnote's, normalised."""
    text = REPORT.read_text(encoding="utf-8")
    lines = text.splitlines()
    starts = []
    for heading, code in HEADINGS:
        index = next(k for k, line in enumerate(lines) if line.strip() == heading)
        starts.append((index, code))
    sections = {"SB": "\n".join(lines[: starts[0][0]])}
    for (start, code), (end, _) in zip(starts, [*starts[1:], (len(lines), "")], strict=True):
        sections[code] = "\n".join(lines[start:end])
    found = {code: normalise(body) for code, body in sections.items()}
    for number, body in enumerate(text.split("[fn]")[1:], start=1):
        found[f"fn{number}"] = normalise(body.split("Hide Footnote")[0])
    # A section with subsections (II, III, IV) also covers them.
    for top in ("II", "III", "IV"):
        found[top] = " ".join(body for code, body in found.items() if code.split(".")[0] == top)
    return found


def references(text: str) -> list[str]:
    """The section and footnote codes named in a piece of a source."""
    codes = []
    for match in REFERENCE.finditer(text):
        if match.group(1):
            codes.append(match.group(1))
        else:
            first = int(match.group(2))
            last = int(match.group(3) or first)
            codes += [f"fn{k}" for k in range(first, last + 1)]
    return codes


def clauses(source: str) -> list[str]:
    """A source cut at top-level semicolons: each clause names its references and quotes."""
    pieces, depth, current = [], 0, []
    for char in source:
        depth += char == "("
        depth -= char == ")"
        if char == ";" and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return pieces


QUOTE = re.compile(r"(?<![A-Za-z])'(.+?)'(?![A-Za-z])")


def quotations(text: str) -> list[str]:
    """The quoted passages of a text, split at ellipses, long enough to mean something."""
    found = []
    for quote in QUOTE.findall(text):
        for piece in re.split(r"\s*\.\.\.\s*", quote):
            piece = piece.strip(" .,")
            if len(piece) >= 4:
                found.append(piece)
    return found


def misplaced_quotations(source: str) -> list[tuple[str, tuple[str, ...]]]:
    """The quotations of a source that are not in a section or footnote its clause cites
    (or, when the clause cites none, not in the report at all)."""
    found = parts()
    whole = " ".join(found.values())
    wrong = []
    for clause in clauses(source):
        outside = QUOTE.sub("", clause)
        cited = tuple(references(outside))
        for quote in quotations(clause):
            where = [found[code] for code in cited if code in found] or [whole]
            if not any(normalise(quote) in body for body in where):
                wrong.append((quote, cited))
    return wrong
