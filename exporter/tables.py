"""Find and read the financial tables of a release.

A reader per format (``exporter.readers``) turns the release into grids; the interpretation
stage (``exporter.interpret``) reads every grid the same way into :class:`Table` objects: a
caption, a scale, columns with their periods, and rows with a label, an indentation depth, the
section headings above them, and one cell per column.  Later stages never look at the source
format again.
"""
from __future__ import annotations

from .document import Document
from .interpret.captions import names_statement
from .interpret.columns import another_basis_beside_statements, fiscal_headings, lengthless_periods, release_year_ends
from .interpret.sums import mark_contributions, mark_per_share_runs
from .model import Table


def find(doc: Document) -> list[Table]:
    """All financial tables of a document, in order."""
    # (each reader imported where used: a text release never loads lxml's HTML reader)
    if doc.kind == "html":
        from .readers import html

        found = html.tables(doc)
    elif doc.kind == "markdown":
        from .readers import markdown

        found = markdown.tables(doc)
    else:
        from .readers import cells, text

        found = text.text_tables(doc.lines)
        # A text without markup may hold tables flattened to one cell per line (a page's text
        # pasted as it came).  Where such a table and an aligned one claim the same lines, the
        # reading with more columns wins: lines of one cell each make a one-column "aligned" table.
        flat = cells.tables(doc.lines)
        if flat:
            found = _wider_of_overlapping(found, flat)
    from .readers import runon

    found = runon.merged(doc, found)  # statements written on one line, which the readers above leave or misread
    for i, t in enumerate(found, 1):
        t.index = i  # (the readers gave each table its role, from the caption)
        mark_contributions(t)
        mark_per_share_runs(t)
    fiscal_period = lengthless_periods(found, doc)
    fiscal_headings(found, doc, fiscal_period)
    release_year_ends(found)
    another_basis_beside_statements(found)
    # The statements first: a figure they share with a segment table or a reconciliation is the
    # statements' (facts are de-duplicated in this order, the first one kept).
    # Among statements, those captioned as one ("Consolidated Statements of Operations", "Balance
    # Sheets") outrank summaries ("Results Summary", "Highlights") printed above them.
    rank = {"statement": 0, "segment": 1, "other": 2}
    return sorted(found, key=lambda t: (rank.get(t.role, 2),
                                        t.role == "statement" and not names_statement(t.caption),
                                        t.index))


def _wider_of_overlapping(aligned: list[Table], flat: list[Table]) -> list[Table]:
    def span(t: Table) -> tuple[int, int]:
        return min(r.line for r in t.rows), max(max((c.line for c in r.cells if c), default=r.line) for r in t.rows)

    kept_flat = []
    for f in flat:
        first, last = span(f)
        rivals = [a for a in aligned if span(a)[0] <= last and first <= span(a)[1]]
        if all(len(a.columns) < len(f.columns) for a in rivals):
            aligned = [a for a in aligned if a not in rivals]
            kept_flat.append(f)
    return sorted(aligned + kept_flat, key=lambda t: t.line)
