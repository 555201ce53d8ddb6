"""The interpretation stage: a grid of positioned cells in, Tables out.

Every reader (fixed-width text, HTML, Markdown, cell-per-line) turns its format into rows of
cells that span grid columns [start, end) (characters, for aligned text).  This module reads any
grid the same way: value columns are the bands where the numbers of the rows overlap
(bands.py); heading rows above the first row of numbers are assigned to the bands they sit over,
a group heading spanning several (headings.py); the caption and headings give the periods and the
scale (``_table``); label-only rows are sections; wrapped labels are joined.  A table of cells
(``grid_tables``) is read from its rows alone: which cell is the label, where its headings end and
the next table's begin.  Aligned text (``aligned_table``) comes with what its reader already knows
from the layout (the label cell, the heading lines, the caption), and its rows nest by
indentation in characters (rows.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .. import periods
from ..model import Cell, Column, Row, Table
from .captions import role_of, scale_of
from .columns import columns_and_statement, inherit_lengths
from .bands import assign_to_bands, band_of, value_bands
from .headings import YEAR_CELL, PlacedHeadings, left_aligned_groups, normalize_heading, place_headings, speaks_of_periods
from .labels import CONNECTOR_END, TOTAL_LABEL, clean_label, in_capitals, is_section_heading
from .numbers import is_nil, parse_number
from .rows import RowLine, label_rows

# ---------------------------------------------------------------- grids (HTML and Markdown tables)
#
# HTML and Markdown readers turn a table into rows of positioned cells (a grid: a cell spans the
# grid columns [start, end)); ``grid_tables`` reads it as ``aligned_table`` (below) reads aligned
# text: value columns are the bands where the numbers of the rows overlap, headings above the
# first row of numbers are assigned to the bands they sit over, label-only rows are sections.


@dataclass
class GridCell:
    """One cell of a table laid out as a grid (HTML or Markdown)."""
    text: str
    start: int  # first grid column it covers
    end: int  # one past the last grid column it covers
    line: int  # source line of the cell
    index: int = 0  # 1-based position of the cell in its source row
    bold: bool = False
    indent: float = 0.0  # indentation in points (padding/margin/text-indent, leading spaces)
    label: bool = False  # the reader knows it is the row's label (aligned text: its other cells are numbers)


@dataclass
class GridRow:
    """One row of a grid table."""
    cells: list[GridCell]
    line: int
    index: int  # 1-based position of the row in its source table
    bold: bool = False
    rule_above: bool = False  # a border over the numbers: a total


PREFIX_TOKENS = re.compile(r"^(?:(?:US|C|A|NZ|HK|S|R)?[$€£¥]|\(|\$\s*\(|\(\s*\$|(?:USD|EUR|GBP|CAD|JPY|CHF|AUD|CNY|RMB)\s*\$?)$")
SUFFIX_TOKENS = re.compile(r"^(?:\)|%|\)\s*%|%\s*\)|pts?\.?|bps|x)$", re.I)
FOOTNOTE_CELL = re.compile(r"^(?:\(\s*(?:\d{1,2}|[a-z]|\*+)\s*\)|\*+|†|‡|\[\d+\])$")


@dataclass
class _Item:
    """A value assembled from one or more cells of a row ("$" + "(1,234" + ")")."""

    text: str
    start: int
    end: int
    cell: GridCell
    maybe_note: bool = False  # "(1)" right after the label: a footnote mark unless under a column


@dataclass
class _GridLine:
    """A grid row read as a table line: its label and the items after it."""
    row: GridRow
    kind: str  # "blank" | "data" | "years" | "heading" | "label"
    label: str = ""
    label_cell: GridCell | None = None
    items: list[_Item] = field(default_factory=list)
    texts: list[GridCell] = field(default_factory=list)  # text cells right of the label


def _value_like(text: str) -> bool:
    return parse_number(text) is not None or is_nil(text)


def _split_grid_row(row: GridRow) -> _GridLine:
    cells = [c for c in row.cells if c.text.strip()]
    if not cells:
        return _GridLine(row, "blank")
    items: list[_Item] = []
    label_parts: list[GridCell] = []
    texts: list[GridCell] = []
    prefix: list[GridCell] = []
    for c in cells:
        t = c.text.strip()
        if PREFIX_TOKENS.match(t):
            prefix.append(c)
            continue
        if SUFFIX_TOKENS.match(t) and items and not prefix:
            last = items[-1]
            last.text += t  # (its span stays the number's: a "%" or ")" may sit in the next column's "$" cell)
            continue
        if FOOTNOTE_CELL.match(t) and label_parts and not items and not prefix and not _value_like(t):
            continue  # a footnote mark in a cell of its own
        if _value_like(t) or (prefix and _value_like("".join(p.text.strip() for p in prefix) + t)):
            if prefix:
                text = "".join(p.text.strip() for p in prefix) + t
                start = min([p.start for p in prefix] + [c.start])
                if not _value_like(text):
                    text = t
            else:
                text, start = t, c.start  # (no prefix: the value is the cell's, which is value-like)
            note = bool(FOOTNOTE_CELL.match(t)) and not prefix and bool(label_parts) and not items
            items.append(_Item(text=text, start=start, end=c.end, cell=c, maybe_note=note))
            prefix = []
            continue
        prefix = []
        if not items and not texts and not label_parts:
            label_parts.append(c)
        else:
            texts.append(c)
    if len(items) == 1 and not label_parts and texts and items[0].cell is cells[0] and \
            FOOTNOTE_CELL.match(items[0].text) and texts[0].start >= items[0].end:
        # "(1) | Includes a charge of ...": a footnote laid out as a row of a table; its mark is
        # not a number
        return _GridLine(row, "label", " ".join(c.text.strip() for c in texts), texts[0])
    label = " ".join(c.text.strip() for c in label_parts)
    label_cell = label_parts[0] if label_parts else None
    if items:
        years = [YEAR_CELL.match(i.text.strip()) for i in items]
        if all(years) and not label.strip() and not texts:
            return _GridLine(row, "years", "", None, items)
        if all(years) and len(items) >= 2 and (not label or _header_words(label) or label.endswith(":") or row.bold):
            # ("Reconciliation to Consolidated Statements of Income:" over "2024 2023": a heading)
            return _GridLine(row, "years", label, label_cell, items, texts)
        return _GridLine(row, "data", label, label_cell, items, texts)
    if texts:
        return _GridLine(row, "heading", label, label_cell, [], texts)
    return _GridLine(row, "label", label, label_cell)


HEADER_WORDS = re.compile(r"\b(?:months?|weeks?|quarters?|years?|ended|ending|period|fiscal|as of|at|unaudited|audited|"
                          rf"{periods.MONTH_NAME}|Q[1-4]|FY|change|increase|decrease|in (?:thousands|millions|billions))\b",
                          re.I)


def _header_words(text: str) -> bool:
    return bool(HEADER_WORDS.search(text)) or bool(re.fullmatch(r"\(?[\w\s,$%]*\)?", text.strip())) and len(text) < 20


def grid_tables(rows: list[GridRow], *, caption: str = "", line: int = 0, number: int = 0,
                fill_month_day: bool = True) -> list[Table]:
    """Read a grid into Tables (one per header block: a heading row after data starts a new one)."""
    parsed = [_split_grid_row(r) for r in rows]
    data = [p for p in parsed if p.kind == "data"]
    if len([p for p in data if any(parse_number(i.text) for i in p.items)]) < 1:
        return []
    bands = _grid_bands(data)
    if not bands:
        return []
    # "(1)" beside a label is a footnote mark unless it sits under a column of numbers.
    for p in data:
        p.items = [i for i in p.items if not i.maybe_note or band_of(i.start, i.end, bands) is not None]
    bands = [b for b in bands if any(band_of(i.start, i.end, [b]) is not None for p in data for i in p.items
                                     if not i.maybe_note)]
    if not bands:
        return []
    first_band = bands[0][0]
    # A "label" row whose only cell sits over the value columns is heading text, not a label.
    for p in parsed:
        if p.kind in ("label",) and p.label_cell is not None and p.label_cell.start >= first_band:
            p.kind, p.texts, p.label, p.label_cell = "heading", [p.label_cell], "", None
        elif p.kind in ("heading", "years") and p.label_cell is not None and p.label_cell.start >= first_band:
            # ("December 31, 2024" in the cell after an empty label cell heads the first column)
            p.texts = [p.label_cell] + p.texts
            p.label, p.label_cell = "", None
    # Split into segments: header lines, then body lines up to the next header after data.
    segments: list[tuple[list[_GridLine], list[_GridLine]]] = []
    head: list[_GridLine] = []
    body: list[_GridLine] = []
    for p in parsed:
        if p.kind == "label" and FOOTNOTE_HEADING.match(p.label) and any(q.kind == "data" for q in body):
            # "(1) Includes stock-based compensation expense as follows:" opens a breakdown of
            # the lines above: a table of its own, under the same columns.
            segments.append((head, body))
            head, body = [p], []
            continue
        is_head = p.kind in ("years", "heading") and (not body or _is_period_heading(p))
        if is_head and any(q.kind == "data" for q in body):
            segments.append((head, body))
            head, body = [], []
        if is_head and not any(q.kind == "data" for q in body):
            head.extend(body)  # title rows above the headings
            body = []
            head.append(p)
        else:
            body.append(p)
    segments.append((head, body))
    out: list[Table] = []
    prev_columns: list[Column] | None = None
    dropped: list[tuple[str, _Item, int]] = []  # numbers no column takes: (row label, item, row index)
    for head, body in segments:
        if not any(p.kind == "data" for p in body):
            continue
        table = _grid_segment(head, body, bands, caption, line, prev_columns, fill_month_day, number, dropped)
        if table is not None:
            out.append(table)
            if any(c.period for c in table.columns):
                prev_columns = table.columns
    if dropped and out:
        out.append(_not_placed(out[-1], dropped, number))
    return out


def _not_placed(table: Table, dropped: list[tuple[str, _Item, int]], number: int) -> Table:
    """The numbers of a grid that no column of its tables takes (two in one column's band, or one
    between the columns), as a table without periods: mapping reports each of them unplaced."""
    first = dropped[0][1].cell.line
    name = f"\"{table.caption}\"" if table.caption else f"the table at line {table.line}"
    table.warnings.append(f"line {first}: {len(dropped)} number(s) of {name} fall in no column of their own; "
                          f"reported unplaced")
    rows = [Row(label=label, line=item.cell.line, depth=0, cells=[_grid_cell(item, number, index)])
            for label, item, index in dropped]
    return Table(caption=f"{table.caption} (numbers not read)", statement="other", scale=table.scale,
                 columns=[Column(header="", period=None)], rows=rows, line=table.line,
                 share_scale=table.share_scale, role="other")


FOOTNOTE_HEADING = re.compile(r"^\s*(?:\(\s*(?:\d{1,2}|[a-z])\s*\)|\*+|\d\))\s*\S.*:\s*$", re.I)


def _is_period_heading(p: _GridLine) -> bool:
    text = " ".join(c.text for c in p.texts) + " " + " ".join(i.text for i in p.items)
    return p.kind == "years" or bool(periods.length_in(text) or periods.dates_in(normalize_heading(text))) or \
        bool(periods.Q_HEADING.search(text) or periods.FY_HEADING.search(text))  # "Q4 FY24", "FY24 | FY23"


def _grid_bands(data: list[_GridLine]) -> list[tuple[int, int]]:
    return value_bands([[(i.start, i.end) for i in p.items if not i.maybe_note] for p in data], part_crowded=False)


def _grid_segment(head: list[_GridLine], body: list[_GridLine], bands: list[tuple[int, int]], caption: str,
                  line: int, prev_columns: list[Column] | None, fill_month_day: bool, number: int,
                  dropped: list[tuple[str, _Item, int]]) -> Table | None:
    first_band = bands[0][0]
    caption_parts = [caption] if caption else []
    initial_sections: list[str] = []
    lines: list[list[tuple[int, int, str]]] = []  # per heading row, its pieces over the columns
    labels_of_line: list[list[str]] = []  # per heading row, its label when that is caption text
    for p in head:
        labels_of_line.append([])
        if p.label:
            if p.kind in ("heading", "years") and is_section_heading(p.label) and not _header_words(p.label):
                initial_sections.append(p.label.rstrip(":").strip())
            else:
                labels_of_line[-1].append(p.label)
        spans = [(c.start, c.end, c.text) for c in p.texts] + [(i.start, i.end, i.text) for i in p.items]
        if p.kind == "label" and p.label_cell is not None:
            spans = []
        elif p.kind == "heading" and not (p.label and speaks_of_periods(p.label)):
            # (a period heading left of the value columns: the row's places are not the columns')
            spans = left_aligned_groups(spans, bands)
        lines.append([(s, e, text) for s, e, text in ((s, e, normalize_heading(t)) for s, e, t in spans) if text])
    placed = place_headings(lines, bands, first_band)
    for labels_here, pieces_here in zip(labels_of_line, placed.caption):
        caption_parts += labels_here + pieces_here
    rows = _grid_rows(body, bands, initial_sections, number, dropped)
    if not rows:
        return None
    return _table(" ".join(caption_parts), placed, [p.label for p in body if p.label], rows,
                  line or (head[0].row.line if head else body[0].row.line), fill_month_day, prev_columns)


def _table(caption: str, placed: PlacedHeadings, labels: list[str], rows: list[Row], line: int,
           fill_month_day: bool = True, prev_columns: list[Column] | None = None) -> Table:
    """A table from its caption, its headings placed over its columns, its rows' labels and its
    rows: the columns' periods and the statement kind, the scale the caption and headings give.
    Columns no heading gives a period take ``prev_columns``' (the table before it in the same
    grid, whose headings its rows continue), when as many."""
    headers = [" ".join(cs) for cs in placed.per_column]
    if fill_month_day:
        headers = _fill_month_day(headers)
    headers = inherit_lengths(headers, placed.shared)
    role = role_of(caption)
    columns, statement = columns_and_statement(headers, placed.year_of, caption, [], labels, role)
    if not any(c.period for c in columns) and prev_columns is not None and len(prev_columns) == len(columns):
        columns = [Column(header=c.header, period=c.period, dims=c.dims) for c in prev_columns]
    money_scale, share_scale = scale_of(caption + " " + " ".join(headers))
    return Table(caption=caption, statement=statement, scale=money_scale, columns=columns, rows=rows,
                 line=line, share_scale=share_scale, role=role)


def _fill_month_day(headers: list[str]) -> list[str]:
    """Columns headed by a length and a year only take the month and day their neighbours show
    ("Three Months Ended | 2024" beside "Twelve Months Ended September 30, | 2024")."""
    days = [periods.month_day_in(h) for h in headers]
    known = [d for d in days if d]
    if not known or len(set(known)) != 1:
        return headers
    month, day = known[0]
    name = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December"][month - 1]
    out = []
    for h, d in zip(headers, days):
        if d is None and periods.years_in(h) and periods.length_in(h):
            h = re.sub(r"((?:19|20)\d\d)(?!.*(?:19|20)\d\d)", rf"{name} {day}, \1", h)
        out.append(h)
    return out


def _grid_rows(lines: list[_GridLine], bands: list[tuple[int, int]], initial_sections: list[str],
               number: int, dropped: list[tuple[str, _Item, int]]) -> list[Row]:
    rows: list[Row] = []
    stack: list[tuple[float, str]] = [(-2.0, s) for s in initial_sections]
    # of each heading on the stack: its own indentation (None: above the table's rows), whether
    # it is in capitals, and whether rows have come under it yet
    opened: list[tuple[float | None, bool, list[bool]]] = [(None, False, [False]) for _ in initial_sections]
    pending: list[_GridLine] = []

    def depth_of(p: _GridLine) -> float:
        cell = p.label_cell
        return cell.indent if cell is not None else 0.0

    def pop_heading() -> None:
        stack.pop()
        opened.pop()

    def push_heading(text: str, indent: float, lower: float = 0.0) -> None:
        depth = indent - lower
        capitals = in_capitals(text)
        if capitals:
            depth -= 0.5  # capitals outrank indented headings at the same indentation
        elif text.rstrip().endswith(":"):
            depth -= 0.25  # "Costs and expenses:" heads the rows below it even when not indented
        while stack and stack[-1][0] >= depth:
            top_indent, _, top_rows = opened[-1]
            if top_indent == indent and not top_rows[0] and _shares_a_word(stack[-1][1], text):
                break  # "Assets" / "Current assets:": a title over the first heading of its rows
            pop_heading()
        # a heading at the indentation of one whose rows have come is its sibling ("Financing"
        # after the rows of "Changes in operating assets and liabilities:")
        while stack and opened[-1][0] == indent and opened[-1][2][0] and (capitals or not opened[-1][1]):
            pop_heading()
        stack.append((depth, text.rstrip(":").strip()))
        opened.append((indent, capitals, [False]))

    def flush_pending() -> None:
        if pending:
            # a label-only row over rows at its own indentation still heads them ("North America")
            push_heading(" ".join(p.label for p in pending), depth_of(pending[0]), 0.1)
            pending.clear()

    for k, p in enumerate(lines):
        if p.kind == "blank":
            continue
        if p.kind in ("label", "heading") and p.label:
            if pending and (p.label[:1].islower() or CONNECTOR_END.search(pending[-1].label)):
                pending.append(p)
                continue
            flush_pending()
            if (is_section_heading(p.label) or (p.label_cell is not None and p.label_cell.bold)) and \
                    not CONNECTOR_END.search(p.label.rstrip(":")):
                # (a bold heading flush left at its rows' indentation heads them, as a label-only
                # row does: "Financing Activities" over "Dividends")
                push_heading(p.label, depth_of(p) - (0.1 if p.label_cell is not None and p.label_cell.bold else 0))
            else:
                pending.append(p)
            continue
        if p.kind not in ("data", "years"):
            continue
        depth = depth_of(p)
        label = p.label
        if pending:
            if not label or label[:1].islower() or CONNECTOR_END.search(pending[-1].label):
                depth = depth_of(pending[0])
                label = " ".join([q.label for q in pending] + ([label] if label else []))
                pending.clear()
            else:
                flush_pending()
        while stack and stack[-1][0] >= depth and stack[-1][0] > -2.0:
            pop_heading()
        cells: list[Cell | None] = [None] * len(bands)
        placed = assign_to_bands(p.items, bands)
        for k2, item in enumerate(placed):
            if item is not None:
                cells[k2] = _grid_cell(item, number, p.row.index)
        for item in p.items:
            if not any(item is q for q in placed) and p.kind == "data" and parse_number(item.text) is not None \
                    and not item.maybe_note:
                dropped.append((clean_label(label), item, p.row.index))
        if all(c is None for c in cells):
            continue
        is_total = bool(TOTAL_LABEL.match(label)) or p.row.rule_above
        row = Row(label=clean_label(label), line=p.row.line, depth=int(round(depth)), cells=cells,
                  sections=tuple(h for _, h in stack), is_total=is_total)
        if not row.label:
            _label_unlabelled_sum(row, rows, stack, lines[k + 1:])
        rows.append(row)
        for _, _, has_rows in opened:
            has_rows[0] = True
        if row.is_total and stack and _closes(row.label, stack[-1][1]):
            pop_heading()
    _qualify_repeated_labels(rows)
    return rows


def _qualify_repeated_labels(rows: list[Row]) -> None:
    """A label repeated under the same headings ("Change from prior year" indented under each of
    "Marketplace", "Tickets" and "Total") says what it is only with the line it sits under: the
    nearest line above it at a smaller indentation becomes its parent."""
    seen: dict[tuple, int] = {}
    for r in rows:
        key = (r.label, r.sections)
        seen[key] = seen.get(key, 0) + 1
    for k, r in enumerate(rows):
        if r.parent or seen[(r.label, r.sections)] < 2:
            continue
        for above in reversed(rows[:k]):
            if above.depth < r.depth:
                if above.sections == r.sections:
                    r.parent = above.label
                break


HEADING_WORD = re.compile(r"[a-z]{4,}")


def _shares_a_word(title: str, heading: str) -> bool:
    """"Assets" and "Current assets:", "Liabilities and equity" and "Current liabilities:"."""
    return bool(set(HEADING_WORD.findall(title.lower())) & set(HEADING_WORD.findall(heading.lower())))


def _closes(total_label: str, section: str) -> bool:
    """"Total current assets" closes "Current assets"; "Current assets, net" too."""
    t = re.sub(r"^total\s+", "", total_label.lower()).strip()
    s = section.lower().rstrip(":").strip()
    return bool(t) and (t == s or t.startswith(s) or s.startswith(t))


def _label_unlabelled_sum(row: Row, rows: list[Row], stack: list[tuple[float, str]], after: list[_GridLine]) -> None:
    """A row of numbers without a label, printed under a run of rows it adds up (a subtotal):
    "Total <section>" under a heading; "<first>, net" for an amount less deductions."""
    values = [c.value if c is not None else None for c in row.cells]
    if not any(v is not None for v in values):
        return
    for n in range(2, min(len(rows), 12) + 1):
        run = rows[-n:]
        if any(r.is_total and r is not run[0] for r in run[1:]) and n > 2:
            pass
        ok = True
        for k, v in enumerate(values):
            if v is None:
                continue
            total = Decimal(0)
            for r in run:
                c = r.cells[k] if k < len(r.cells) else None
                if c is not None and c.value is not None:
                    total += abs(c.value) * (-1 if _is_deduction(r.label) or c.value < 0 else 1)
            if total != v:
                ok = False
                break
        if not ok:
            continue
        row.is_total = True
        if len(run) >= 2 and all(_is_deduction(r.label) for r in run[1:]) and not _is_deduction(run[0].label):
            base = re.sub(r",?\s*(?:gross|at cost)$", "", run[0].label, flags=re.I)
            row.label = f"{base}, net"
            # the amount the deductions come off is the gross one ("Property and equipment" above
            # "Less accumulated depreciation")
            if not re.search(r"\b(?:gross|at cost)$", run[0].label, re.I):
                run[0].label = f"{base}, gross"
        elif stack and stack[-1][1] and not stack[-1][1].lower().startswith(("assets", "liabilities")):
            row.label = f"Total {stack[-1][1].lower()}"
            if any(clean_label(q.label).lower() == row.label.lower() for q in after if q.label):
                # the section's own total comes further down (after a deduction): this is a subtotal
                row.label = f"Subtotal {stack[-1][1].lower()}"
        else:
            nxt = next((q.label for q in after if q.label), "")
            if re.search(r"\boperat", nxt, re.I):
                row.label = "Total operating expenses"
            else:
                row.label = "Total"
        return


DEDUCTION_LABEL = re.compile(r"\s*(?:less\b|accumulated (?:depreciation|amortization))", re.I)


def _is_deduction(label: str) -> bool:
    return bool(DEDUCTION_LABEL.match(label))


def _grid_cell(item: _Item, table: int, row: int) -> Cell:
    c = item.cell
    locator = (table, row, c.index) if table else None
    parsed = parse_number(item.text)
    if parsed is None:
        return Cell(value=None, raw=item.text, line=c.line, column=c.start + 1, locator=locator)
    value, pct, decimals = parsed
    return Cell(value=value, raw=item.text, line=c.line, column=c.start + 1, percent=pct, decimals=decimals,
                locator=locator)


# ---------------------------------------------------------------- aligned grids (fixed-width text)
#
# Fixed-width text gives a grid whose places are character columns: a row's label is one cell
# (the reader marks it), its numbers the cells after it; heading lines are pieces of text with the
# extent each covers (a dashed rule under a group title widens it to the rule's).  Value bands are
# where the numbers of the rows overlap, headings are placed over them by extent (see
# headings.place_headings), and the rows nest under their section headings by indentation (see
# rows.label_rows).

CHARACTER_SLACK = 6  # characters a heading may stand beside the outer columns and still be theirs


def _values(row: GridRow) -> list[GridCell]:
    return [c for c in row.cells if not c.label]


def _label_of(row: GridRow) -> GridCell | None:
    return next((c for c in row.cells if c.label), None)


def _label_text(row: GridRow) -> str:
    label = _label_of(row)
    return label.text if label is not None else ""


def _is_year_row(row: GridRow) -> bool:
    """"2007    2006" under a heading: years alone (one beside a label is caption text)."""
    values = _values(row)
    return bool(values) and all(YEAR_CELL.match(c.text) for c in values) and (len(values) >= 2 or not _label_text(row))


def aligned_table(heading: list[GridRow], body: list[GridRow], caption: str, line: int) -> list[Table]:
    """One table of aligned text: ``heading``, its heading lines' pieces; ``body``, its lines from
    the first label-area line over its rows to its last row of numbers (a row without cells is a
    blank line; a row's ``rule_above`` says a rule stands over it); ``caption``, the text above
    the headings.  Heading pieces over the row labels join the caption.  The table, and after it
    a table of the numbers no column took, if any (as ``grid_tables`` gives); none when the
    block holds no rows."""
    data = [r for r in body if _values(r) and not _is_year_row(r)]
    bands = value_bands([[(c.start, c.end) for c in _values(r)] for r in data])
    if not bands:
        return []
    # (the heading lines' pieces over the row labels, up to two characters short of the first
    # column, join the caption: "(millions, except per share amounts)")
    pieces = [[(c.start, c.end, text) for c in r.cells for text in (normalize_heading(c.text),) if text] for r in heading]
    placed = place_headings(pieces, bands, bands[0][0] - 2, reach=CHARACTER_SLACK)
    caption = " ".join(([caption] if caption else []) + [text for line in placed.caption for text in line])
    first = body.index(data[0])
    labels = [_label_text(r) for r in body[first:] if r.cells and not _is_year_row(r) and _label_text(r)]
    dropped: list[tuple[str, _Item, int]] = []
    rows = label_rows([_row_line(r, bands, dropped) for r in body])
    if not rows:
        return []
    table = _table(caption, placed, labels, rows, line)
    return [table, _not_placed(table, dropped, 0)] if dropped else [table]


def _row_line(row: GridRow, bands: list[tuple[int, int]], dropped: list[tuple[str, _Item, int]]) -> RowLine:
    """A row of aligned text as the rows step reads it; numbers no band takes go to ``dropped``."""
    label = _label_of(row)
    values = _values(row)
    kind = "blank" if not row.cells else "text" if not values else "years" if _is_year_row(row) else "data"
    cells = None
    if kind == "data":
        placed = assign_to_bands(values, bands)
        cells = [_grid_cell(_Item(c.text, c.start, c.end, c), 0, 0) if c is not None else None for c in placed]
        dropped.extend((clean_label(_label_text(row)), _Item(c.text, c.start, c.end, c), row.index)
                       for c in values if not any(c is q for q in placed) and parse_number(c.text) is not None)
    return RowLine(kind, _label_text(row), int(label.indent) if label is not None else 0, row.line, cells,
                   row.rule_above)


def stray_row_table(row: GridRow) -> Table:
    """One row of numbers alone, no table: a table of that row whose columns have no period (its
    numbers end unplaced, with that reason)."""
    label = _label_of(row)
    cells = [_grid_cell(_Item(c.text, c.start, c.end, c), 0, 0) for c in _values(row)]
    body = Row(label=clean_label(_label_text(row)), line=row.line, depth=int(label.indent) if label is not None else 0,
               cells=cells)
    return Table(caption="", statement="other", scale=0, columns=[Column(header="", period=None) for _ in cells],
                 rows=[body], line=row.line, role="other")
