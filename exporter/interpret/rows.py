"""Rows of aligned text (fixed-width text, read as a grid by grid.aligned_table) line by line:
label-only lines become section headings or the first part of a wrapped label, data lines rows
with the sections above them.

Section headings nest by indentation: a heading in capitals ("ASSETS") outranks an indented one
at the same indentation; a heading ending in a colon over rows flush left at its own indentation
heads them ("Current liabilities:" over "Accounts payable") until the next heading, the total that
closes it ("Total current liabilities") or the row that sums it up ("Net cash provided by
operating activities" under "Cash flows from operating activities:").  A rule above a row makes
it a total.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Cell, Row
from .labels import CONNECTOR_END, TOTAL_LABEL, TOTAL_OF, clean_label, in_capitals, is_section_heading, same_heading


@dataclass(slots=True)
class RowLine:
    """One line of a table as the reader saw it."""
    kind: str  # "blank" | "data" | "years" | "text"
    label: str  # the label (a text line: its text)
    indent: int  # where the label starts (characters)
    line: int  # line number in the file
    cells: list[Cell | None] | None = None  # a data line's cells, one per column
    rule_above: bool = False  # a rule over a data line's numbers: a total


def label_rows(lines: list[RowLine]) -> list[Row]:
    """Rows from a table's lines, top to bottom, with their labels joined and their sections."""
    rows: list[Row] = []
    stack: list[tuple[float, str]] = []  # (effective indent, heading)
    pending: list[RowLine] = []  # label-only lines waiting for the line that holds their numbers
    rows_since = 1  # rows made since the last heading (a heading without rows heads the next)

    def flush_pending_as_heading(k: int, over_row: bool = False) -> None:
        nonlocal rows_since
        if not pending:
            return
        text = " ".join(p.label for p in pending)
        # Headings in capitals ("ASSETS") outrank indented headings at the same indentation; a
        # heading ending in a colon whose first row is flush left at its own indentation heads
        # the rows at that indentation ("Income (loss) per share - basic:" over "Continuing
        # operations"), up to the next heading (line k: the one that made the heading); so do a
        # heading set apart by a blank line, and a name right over a row of its own indentation
        # (``over_row``: a subsidiary's name over its block, "Alabama Power" / "Operating
        # revenues  1,234").
        indent: float = pending[0].indent
        if in_capitals(text):
            indent -= 1
        elif over_row and lines[k].indent <= indent:
            indent -= 0.5
        elif text.endswith(":") or lines[k].kind == "blank":
            nxt = next((q for q in lines[k:] if q.kind in ("data", "text") and q not in pending), None)
            if nxt is not None and nxt.indent <= indent:
                indent -= 0.5
        if stack and stack[-1][0] == indent and not rows_since:
            # a heading with no row of its own yet heads the next one ("Net revenues by type:" /
            # "Net transaction revenues:" / Marketplace ...): the two are nested, not siblings,
            # and the outer one also heads the next heading of the inner one's rank
            stack[-1] = (indent - 0.25, stack[-1][1])
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, text.rstrip(":").strip()))
        rows_since = 0
        pending.clear()

    for k, p in enumerate(lines):
        if p.kind in ("blank", "years"):
            if pending and p.kind == "blank":
                # a label-only line followed by a blank line is a heading
                nxt = next((q for q in lines[k + 1:] if q.kind != "blank"), None)
                if not (nxt is not None and nxt.kind == "data" and nxt.label[:1].islower()):
                    flush_pending_as_heading(k)
            continue
        if p.kind == "text":
            if p.label[:1].islower() and not pending and rows and rows[-1].line == p.line - 1:
                rows[-1].label += " " + p.label  # the label goes on below its numbers
                continue
            if pending and (p.label[:1].islower() or CONNECTOR_END.search(pending[-1].label)):
                pending.append(p)
                continue
            if pending:
                flush_pending_as_heading(k)
            pending.append(p)
            if is_section_heading(p.label):
                flush_pending_as_heading(k)
            continue
        # a data line
        parent = None
        if pending:
            if p.label[:1].islower() or CONNECTOR_END.search(pending[-1].label) or not p.label:
                label = " ".join([q.label for q in pending] + ([p.label] if p.label else []))
                indent = pending[0].indent
                pending.clear()
            else:
                parent = " ".join(q.label for q in pending)
                flush_pending_as_heading(k, over_row=pending[-1].line == p.line - 1)
                label, indent = p.label, p.indent
        else:
            label, indent = p.label, p.indent
        while stack and stack[-1][0] >= indent:
            stack.pop()
        sections = tuple([h for _, h in stack])
        cells = p.cells or []
        totals = TOTAL_LABEL.match(label)
        rows.append(Row(label=clean_label(label), line=p.line, depth=indent, cells=cells,
                        sections=sections, parent=parent, is_total=p.rule_above or bool(totals)))
        rows_since += 1
        # "Total current liabilities" closes the "Current liabilities" section it totals.
        # (TOTAL_OF's "total" and the spaces after it are a TOTAL_LABEL match)
        closing = TOTAL_OF.match(label) if totals else None
        if closing and stack and same_heading(stack[-1][1], closing.group(1)):
            stack.pop()
        elif stack and stack[-1][0] % 1 and _ends_section(label, stack[-1][1]):
            # a heading over rows at its own indentation ends at the row that sums it up: "Net
            # cash provided by operating activities" under "Cash flows from operating activities:"
            stack.pop()
    return rows


def _ends_section(label: str, heading: str) -> bool:
    """The row's label sums the heading up: a net or total amount ending in the heading's last
    two words ("Net cash provided by operating activities", "Net income per share - basic")."""
    words = NOT_WORD.sub(" ", heading.lower()).split()
    said = NOT_WORD.sub(" ", label.lower()).split()
    return len(words) >= 2 and len(said) > 2 and said[0] in ("net", "total") and said[-2:] == words[-2:] \
        and said != words


NOT_WORD = re.compile(r"[^a-z0-9]+")
