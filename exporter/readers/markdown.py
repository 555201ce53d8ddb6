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
from ..interpret.grid import HEADER_WORDS, PREFIX_TOKENS, SUFFIX_TOKENS, YEAR_CELL, GridCell, GridRow, grid_tables
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
    _restore_label_cells(rows)
    widths: dict[int, list[GridRow]] = {}
    for r in rows:
        widths.setdefault(len(r.cells), []).append(r)
    if len(widths) < 2:
        return
    value_columns = {w: sorted({c.start for r in rs for c in r.cells[1:] if _is_value(c.text)})
                     for w, rs in widths.items()}
    valued = {w: cols for w, cols in value_columns.items() if cols}
    if not valued:
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
    # Heading rows of another width ("| | **Three Months Ended December 31,** | | **Year Ended
    # December 31,** |" over four columns of values): k headings over n columns stand one over
    # each column when k = n; k period headings (lengths, dates, years), n a multiple of k, head
    # n/k columns each, in order.
    for w, rs in widths.items():
        if w == ref or (w in valued and len(valued[w]) == len(target)):
            continue  # (rows of the reference's width, or aligned by their values above)
        for r in rs:
            heads = [c for c in r.cells[1:] if c.text]  # (the first cell is the labels' column)
            if not heads or any(_is_value(c.text) and not YEAR_CELL.match(c.text) for c in heads):
                continue
            if len(heads) == len(target):
                for c, col in zip(heads, target):
                    c.start, c.end = col, col + 1
                continue
            if len(target) % len(heads) or not all(HEADER_WORDS.search(c.text) or YEAR_CELL.match(c.text)
                                                   for c in heads):
                continue
            span = len(target) // len(heads)
            for j, c in enumerate(heads):
                c.start, c.end = target[j * span], target[(j + 1) * span - 1] + 1


def _restore_label_cells(rows: list[GridRow]) -> None:
    """Heading rows one cell short of the rows of figures, whose first cell holds a heading ("|
    December 31 | | | December 31 | | |", "| 2024 | 2023 | | 2024 | 2023 | |"), lost the empty
    cell over the labels: it is put back, so that their headings stand over the figures."""
    data_widths = [len(r.cells) for r in rows if r.cells and r.cells[0].text and not HEADER_WORDS.search(r.cells[0].text)
                   and any(_is_value(c.text) for c in r.cells[1:])]
    if not data_widths:
        return
    width = max(set(data_widths), key=data_widths.count)
    for r in rows:
        first = r.cells[0].text if r.cells else ""
        if len(r.cells) != width - 1 or not first or not (YEAR_CELL.match(first) or HEADER_WORDS.search(first)):
            continue
        if any(c.text and not (YEAR_CELL.match(c.text) or HEADER_WORDS.search(c.text)) for c in r.cells):
            continue  # a label with figures, or text that is no heading
        for c in r.cells:
            c.start += 1
            c.end += 1
        r.cells.insert(0, GridCell(text="", start=0, end=1, line=r.line, index=0))


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
            if k == 0 or not c.text or YEAR_IN.search(c.text) or c.end != c.start + 1:
                continue  # (a cell spanning columns already was placed over its columns)
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
