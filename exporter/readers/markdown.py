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
from ..interpret.grid import PREFIX_TOKENS, SUFFIX_TOKENS, GridCell, GridRow, grid_tables
from ..interpret.numbers import is_nil, parse_number
from ..model import Table
from . import cells
from .inline import SPACE_IN_VALUE, inline, is_prose

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
            while j < len(lines) and (j in pipe_lines or (not lines[j].text.strip() and j + 1 in pipe_lines
                                                          and not _starts_table(lines, j + 1))):
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


def _starts_table(lines: list[Line], k: int) -> bool:
    """A header row over a ``|---|`` rule: a new table (after a blank line, the one above has ended;
    rows merely spaced by blank lines continue theirs)."""
    return k + 1 < len(lines) and bool(PIPE_RULE.match(lines[k + 1].text)) and not PIPE_RULE.match(lines[k].text)

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
    _align_ragged_rows(rows)
    _spread_group_headings(rows)
    return rows


def _is_value(text: str) -> bool:
    t = SPACE_IN_VALUE.sub("", text)
    return not PREFIX_TOKENS.match(t) and not SUFFIX_TOKENS.match(t) and (parse_number(t) is not None or is_nil(t))


def _align_ragged_rows(rows: list[GridRow]) -> None:
    """Rows with another number of cells than most (HTML colspans lost on the way to Markdown:
    "| Revenue | $ | 44,062 | | | $ | 26,044 |" beside "| Cost of revenue | 9,100 | 6,020 |") are
    aligned by their values: the k-th column holding values in rows of one width goes where the
    k-th such column of the most common width is, whatever the pipes' positions."""
    widths: dict[int, list[GridRow]] = {}
    for r in rows:
        widths.setdefault(len(r.cells), []).append(r)
    if len(widths) < 2:
        return
    value_columns = {w: sorted({c.start for r in rs for c in r.cells[1:] if _is_value(c.text)})
                     for w, rs in widths.items()}
    valued = {w: cols for w, cols in value_columns.items() if cols}
    if len(valued) < 2:
        return
    # the reference: the width of most rows with values (the narrower one on a tie)
    ref = max(valued, key=lambda w: (sum(1 for r in widths[w] if any(_is_value(c.text) for c in r.cells[1:])), -w))
    target = valued[ref]
    for w, cols in valued.items():
        if w == ref or len(cols) != len(target):
            continue
        for r in widths[w]:
            for c in r.cells:
                c.start = c.end = _moved(c.start, cols, target)
                c.end += 1


def _moved(k: int, cols: list[int], target: list[int]) -> int:
    """A cell's column in the reference layout: a value column's own; a cell before a value column
    (a "$") goes with that value, a cell after the last one (a ")") with the last value."""
    if k < cols[0]:
        return min(k, target[0] - 1) if k == 0 else target[0]
    for j, col in enumerate(cols):
        if k <= col:
            return target[j]
    return target[-1]


def _spread_group_headings(rows: list[GridRow]) -> None:
    """A heading cell followed by empty cells in a row without values spans them ("| | **Three
    Months Ended** | |": the colspan the conversion lost).  Years and dated headings keep their cell."""
    for r in rows:
        texts = [c for c in r.cells[1:] if c.text]
        if not texts or any(_is_value(c.text) for c in texts):
            continue
        for k, c in enumerate(r.cells):
            if k == 0 or not c.text or YEAR_IN.search(c.text):
                continue
            end = k + 1
            while end < len(r.cells) and not r.cells[end].text:
                end += 1
            if end > k + 1:
                c.end = r.cells[end - 1].end


YEAR_IN = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


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
