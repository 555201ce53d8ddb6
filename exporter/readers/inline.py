"""Markdown's inline marks (bold, emphasis, links, entities) and the test that tells a paragraph
of prose from a table's text, shared by the pipe-table and cell-per-line readers."""
from __future__ import annotations

import re

SPACE_IN_VALUE = re.compile(r"(?<=[$(])\s+|\s+(?=[)%])")  # "$ 1,234", "( 12 )", "5 %"
BOLD_CELL = re.compile(r"\s*(\*\*|__).+(\*\*|__)\s*")
STRONG = re.compile(r"(\*\*|__)(.+?)\1")
EMPHASIS = re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def inline(raw: str) -> tuple[str, bool]:
    """Cell text without Markdown emphasis and entities; whether it was bold."""
    t = raw.replace("&nbsp;", " ").replace("&amp;", "&").replace("&#160;", " ").replace("\u00a0", " ")
    # (each pattern needs its marks: most cells hold none and spare the substitutions)
    strong = "**" in t or "__" in t
    bold = strong and BOLD_CELL.fullmatch(t) is not None
    if strong:
        t = STRONG.sub(r"\2", t)
    if "*" in t:
        t = EMPHASIS.sub(r"\1", t)
    if "](" in t:
        t = LINK.sub(r"\1", t)  # links: keep the text
    return " ".join(t.split()), bold  # (white space runs as one space, none at the ends)


def is_prose(text: str) -> bool:
    t = text.strip()
    words = len(t.split())
    return len(t) > 220 or (len(t) > 90 and words >= 14 and t.rstrip(")").endswith((".", ";")) and not t.startswith("#")) \
        or bool(re.match(r"^(?:[*\-+●•]\s|\d+\.\s)", t)) and words >= 8
