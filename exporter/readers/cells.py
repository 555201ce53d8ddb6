"""Tables flattened to one cell per line, the way an HTML table comes out of a text converter
(in Markdown archives and in plain text alike): the column headings ("Three Months Ended",
"June 30,", "2024", "2023", ...), then each row's label followed by its values, with ``$`` and a
closing ``)`` often on lines of their own and blank cells as lines of spaces.  The number of
columns is what the period headings give.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import periods
from ..document import Line
from ..interpret.grid import PREFIX_TOKENS, SUFFIX_TOKENS, YEAR_CELL, GridCell, GridRow, grid_tables, normalize_heading
from ..interpret.numbers import is_nil, parse_number
from ..model import Table
from .inline import SPACE_IN_VALUE, inline, is_prose

# A line that continues the label above it: its first word in small letters ("and $650",
# "recoveries from customers"; not "iPhone").
CONTINUATION = re.compile(r"[a-z][a-z'\-]*(?:\s|$)")


@dataclass
class _Unit:
    """One line of a flattened Markdown table: a value, a label prefix or suffix, text or nothing."""
    text: str
    line: Line
    kind: str  # "value" | "prefix" | "suffix" | "text" | "empty"


def _unit(line: Line) -> _Unit:
    raw = line.text.replace("\u00a0", " ")
    t, _ = inline(raw)
    if not t:
        return _Unit("", line, "empty")
    compact = SPACE_IN_VALUE.sub("", t) if " " in t else t  # (t's white space is single spaces)
    if PREFIX_TOKENS.match(t):
        return _Unit(t, line, "prefix")
    if SUFFIX_TOKENS.match(t):
        return _Unit(t, line, "suffix")
    if parse_number(compact) is not None or is_nil(compact):
        return _Unit(compact, line, "value")
    return _Unit(t, line, "text")


def tables(lines: list[Line]) -> list[Table]:
    """Tables written one cell per paragraph in a stretch of non-pipe lines."""
    units = [_unit(line) for line in lines if line.text.strip() or (line.text and not line.text.strip())]
    units = [u for u in units if u.line.text != ""]
    out: list[Table] = []
    k = 0
    while k < len(units):
        # A table starts at a run of column headings: period words, dates or years.
        if not _is_heading_unit(units[k]):
            k += 1
            continue
        table, k2 = _read_flat(units, k)
        if table is None:
            k += 1
            continue
        out.extend(table)
        k = max(k2, k + 1)
    return out


def _is_heading_unit(u: _Unit) -> bool:
    if u.kind == "value":
        return bool(YEAR_CELL.match(u.text))
    if u.kind != "text" or len(u.text) > 80:
        return False
    t = normalize_heading(re.sub(r"\(\s*(?:un)?audited\s*\)", " ", u.text, flags=re.I))
    return bool(periods.length_in(t) and re.search(r"\bended|\bending", t, re.I)) or _is_date_heading(t)


def _is_date_heading(t: str) -> bool:
    return bool(re.fullmatch(rf"(?:as of\s+|at\s+)?{periods.MONTH_NAME}\s+\d{{1,2}},?(?:\s+(?:19|20)\d\d)?", t.strip(), re.I))


# Headings of columns that compare periods rather than report one ("Increase/(Decrease)", "% Change").
CHANGE_HEADING = re.compile(r"\(?(?:increase|decrease|change|variance|%|\$)\)?(?:\s*[/&]?\s*\(?(?:increase|decrease|"
                            r"change|variance|%|\$)\)?)*(?:\s*%)?", re.I)


def _read_flat(units: list[_Unit], k: int) -> tuple[list[Table] | None, int]:
    # Caption: short text units just above the headings (title, scale, "(unaudited)").
    caption_units: list[_Unit] = []
    j = k - 1
    while j >= 0 and len(caption_units) < 5:
        u = units[j]
        if u.kind == "empty":
            j -= 1
            continue
        if u.kind != "text" or is_prose(u.text):
            break
        caption_units.insert(0, u)
        j -= 1
    headings: list[_Unit] = []
    i = k
    while i < len(units):
        u = units[i]
        if u.kind == "empty":
            i += 1
            continue
        if _is_heading_unit(u) or (u.kind == "text" and headings and (
                re.fullmatch(r"\(?(?:un)?audited\)?", u.text, re.I) or CHANGE_HEADING.fullmatch(u.text))):
            headings.append(u)
            i += 1
            continue
        break
    headed = _column_count(headings)
    if headed == 0:
        return None, k + 1
    # Columns the headings do not name ("Increase/(Decrease)" over "$" and "%") show in the
    # rows: most rows then carry more values than there are headed columns.
    columns = max(headed, _usual_row_width(units, i))
    rows, i = _flat_rows(units, i, columns)
    if sum(1 for r in rows if len(r.cells) > 1) < 2:
        return None, k + 1
    grid = _heading_rows(headings, headed) + rows
    caption = " ".join(u.text for u in caption_units)
    found = grid_tables(grid, caption=caption, line=(caption_units[0] if caption_units else headings[0]).line.number)
    return found, i


def _usual_row_width(units: list[_Unit], i: int, sample: int = 12) -> int:
    """The most common number of values after a label, over the first rows from ``i``."""
    counts: list[int] = []
    n = None
    for u in units[i:]:
        if u.kind == "text":
            if is_prose(u.text) or (_is_heading_unit(u) and counts):
                break
            if n:
                counts.append(n)
                if len(counts) >= sample:
                    break
            n = 0
        elif u.kind == "value" and n is not None:
            n += 1
    if n:
        counts.append(n)
    if not counts:
        return 0
    return max(set(counts), key=lambda c: (counts.count(c), c))


def _classes(headings: list[_Unit]) -> dict[str, list[_Unit]]:
    out: dict[str, list[_Unit]] = {"year": [], "date": [], "length": [], "other": []}
    for u in headings:
        t = normalize_heading(re.sub(r"\(\s*(?:un)?audited\s*\)", " ", u.text, flags=re.I))
        if YEAR_CELL.match(t):
            out["year"].append(u)
        elif _is_date_heading(t):
            out["date"].append(u)
        elif periods.length_in(t):
            out["length"].append(u)
        else:
            out["other"].append(u)
    return out


def _column_count(headings: list[_Unit]) -> int:
    c = _classes(headings)
    for key in ("year", "date", "length"):
        if c[key]:
            return len(c[key])
    return 0


def _heading_rows(headings: list[_Unit], columns: int) -> list[GridRow]:
    """One grid row per kind of heading, each heading spread over the columns it groups."""
    rows = []
    for key, units in _classes(headings).items():
        if not units or key == "other":
            continue
        width = columns // len(units) if columns % len(units) == 0 else columns
        cells = []
        for n, u in enumerate(units):
            start = 1 + (n * width if width != columns else 0)
            cells.append(GridCell(text=normalize_heading(u.text), start=start, end=start + width, line=u.line.number,
                                  index=n + 2))
        rows.append(GridRow(cells=cells, line=units[0].line.number, index=len(rows) + 1))
    return rows


def _flat_rows(units: list[_Unit], i: int, columns: int) -> tuple[list[GridRow], int]:
    """Rows from label and value paragraphs until the next table's headings or prose."""
    rows: list[GridRow] = []
    label: _Unit | None = None
    values: list[tuple[str, _Unit]] = []
    prefix = ""
    # Rows whose label is followed by no value yet (sections, titles): kept in order.

    def close() -> None:
        nonlocal label, values
        if label is None and not values:
            return
        cells = []
        if label is not None:
            cells.append(GridCell(text=label.text, start=0, end=1, line=label.line.number, index=1,
                                  indent=0.0))
        for n, (text, u) in enumerate(values):
            cells.append(GridCell(text=text, start=n + 1, end=n + 2, line=u.line.number, index=n + 2))
        line = (label or values[0][1]).line.number
        rows.append(GridRow(cells=cells, line=line, index=len(rows) + 1))
        label, values = None, []

    while i < len(units):
        u = units[i]
        if u.kind == "empty":
            i += 1
            continue
        if u.kind == "text":
            if is_prose(u.text) or len(u.text) > 250:
                break
            if _is_heading_unit(u) and rows and any(len(r.cells) > 1 for r in rows):
                break  # the next table's headings
            if label is not None and 0 < len(values) < columns and CONTINUATION.match(u.text):
                # "... net of allowance of" / "$830" / "and $650": amounts the label names, then
                # its continuation; the row's own values come after it
                label = _Unit(" ".join([label.text] + [t for t, _ in values] + [u.text]), label.line, "text")
                values = []
                i += 1
                continue
            close()
            label = u
            i += 1
            continue
        if u.kind == "prefix":
            prefix += u.text
            i += 1
            continue
        if u.kind == "suffix":
            if values:
                text, vu = values[-1]
                values[-1] = (text + u.text, vu)
            i += 1
            continue
        # a value
        if YEAR_CELL.match(u.text) and not prefix and len(values) == 0 and label is None and rows:
            # a run of years after data: the next table's headings
            if any(len(r.cells) > 1 for r in rows):
                break
        if label is not None and not values and not prefix and label.text.endswith("$"):
            label = _Unit(label.text + u.text, label.line, "text")  # "... and $" / "650": still the label
            i += 1
            continue
        if len(values) >= columns:
            close()  # the row is full: numbers that follow are a row without a label (a subtotal)
        values.append((prefix + u.text, u))
        prefix = ""
        i += 1
    close()
    # Label-only rows at the end belong to what follows (the next table's title).
    while rows and len(rows[-1].cells) == 1:
        rows.pop()
        # step back so the next table's caption search sees them
    return rows, i
