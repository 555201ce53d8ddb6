"""Read the tables of Markdown releases, as news archives keep them.

Pipe tables (``| Net sales | $ 63,171 | $ 67,601 |``), with the heading rows above and below
the ``|---|`` rule; a label too long for its row continues on the next one.  Tables flattened
to one cell per line are ``exporter.readers.cells``'s.

Each becomes a grid (rows of positioned cells) read by ``exporter.interpret.grid.grid_tables``,
so the Table model, periods, scale and sections work as for HTML.
"""
from __future__ import annotations

import re

from ..document import Document, Line
from ..interpret.grid import GridCell, GridRow, grid_tables
from ..model import Table
from . import cells
from .inline import inline, is_prose

PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")


def tables(doc: Document) -> list[Table]:
    lines = doc.lines
    out: list[Table] = []
    pipe_lines = {i for i, line in enumerate(lines) if PIPE_ROW.match(line.text)}
    number = 0
    i = 0
    while i < len(lines):
        if i in pipe_lines:
            j = i
            while j < len(lines) and (j in pipe_lines or (not lines[j].text.strip() and j + 1 in pipe_lines)):
                j += 1
            number += 1
            caption = _caption_above(lines, i)
            out.extend(grid_tables(pipe_grid(lines[i:j]), caption=caption, line=lines[i].number, number=number))
            i = j
            continue
        i += 1
    # Flattened tables live in the stretches between pipe tables (most files have none of those).
    stretch: list[Line] = []
    for k, line in enumerate(lines):
        if k in pipe_lines:
            out.extend(cells.tables(stretch))
            stretch = []
        else:
            stretch.append(line)
    out.extend(cells.tables(stretch))
    out.sort(key=lambda t: t.line)
    return out


# ---------------------------------------------------------------- pipe tables

ESCAPED_PIPE_SPLIT = re.compile(r"(?<!\\)\|")


def split_pipes(text: str) -> list[str]:
    body = text.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    if "\\|" not in body:  # (no escaped pipe: every pipe splits)
        return body.split("|")
    return [c.replace("\\|", "|") for c in ESCAPED_PIPE_SPLIT.split(body)]


def pipe_grid(lines: list[Line]) -> list[GridRow]:
    rows: list[GridRow] = []
    for n, line in enumerate(lines, 1):
        if not line.text.strip() or PIPE_RULE.match(line.text):
            continue
        cells = []
        for k, raw in enumerate(split_pipes(line.text)):
            text, bold = inline(raw)
            lead = len(raw) - len(raw.lstrip(" \u00a0")) - 1
            cells.append(GridCell(text=text, start=k, end=k + 1, line=line.number, index=k + 1, bold=bold,
                                  indent=2.5 * max(lead, 0) if k == 0 else 0.0))
        rows.append(GridRow(cells=cells, line=line.number, index=n, bold=bool(cells) and all(
            c.bold for c in cells if c.text)))
    return rows


def _caption_above(lines: list[Line], i: int, limit: int = 4) -> str:
    """Short lines just above a table: the statement's title and scale."""
    parts: list[str] = []
    k = i - 1
    blanks = 0
    while k >= 0 and len(parts) < limit and i - k <= 10:
        text = lines[k].text.strip()
        if PIPE_ROW.match(lines[k].text):
            break
        if not text:
            blanks += 1
            k -= 1
            continue
        if is_prose(text):
            break
        parts.insert(0, inline(text.lstrip("#").strip())[0])
        k -= 1
    return " ".join(parts)
