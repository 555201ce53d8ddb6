"""Column headings to periods: the heading text each column gathered (group headings spanning
several columns included) becomes a Period; a caption naming several lengths spreads them over
year groups; columns headed by fiscal quarters take the release's fiscal calendar."""
from __future__ import annotations

import re

from .. import periods
from ..document import Document
from ..model import Column, Table
from .captions import INCOME_LABELS, STATEMENT_WORDS, ascii_lowered, gated_search

# Headings of columns that are not a period's amounts: changes, ratios, outlooks.
NOT_A_PERIOD = re.compile(r"\bvs\.?\b|\bversus\b|change|growth|variance|increase|decrease|%|\bpercent|"
                          r"outlook|guidance|forecast|estimate|expect|project|target|plan\b", re.I)


def fiscal_headings(found: list[Table], doc: Document) -> None:
    """Columns headed by a fiscal quarter or year ("Q3 2024", "Fiscal 2021 Q1") get periods on the
    release's own fiscal calendar: the quarter its title announces, ending where its dated
    columns say ("Second Quarter Fiscal 2024" / "Three Months Ended April 28, 2024")."""
    known = [c.period for t in found for c in t.columns if c.period is not None]
    headings = [c.header for t in found for c in t.columns if c.period is None and c.header]
    anchor = periods.fiscal_anchor(doc.info.fiscal_period, doc.info.fiscal_year, known, headings)
    if anchor is None:
        return
    for t in found:
        if t.role == "other":
            continue  # metrics and non-GAAP tables: their quarter columns restate, or are ratios
        for c in t.columns:
            if c.period is not None:
                continue
            # a heading's parenthesis is caption text ("Q2 FY2024 (In millions, except percentages)")
            heading = re.sub(r"\([^)]*\)?", " ", c.header or "")
            if heading.strip() and not NOT_A_PERIOD.search(heading):
                c.period = periods.fiscal_heading_period(heading, anchor, known)



def release_year_ends(found: list[Table]) -> None:
    """A column headed by a length and a year but no month and day ("Year Ended" over "2024")
    ends where the release's dated columns of that length and year end ("Year Ended December 31,
    2024" in the statement above): one end date among them, or the heading stays unread."""
    ends: dict[tuple[int, int], set] = {}
    for t in found:
        for c in t.columns:
            p = c.period
            if p is not None and not p.is_instant:
                ends.setdefault((p.months, p.end.year), set()).add(p.end)
    if not ends:
        return
    for t in found:
        if t.role == "other":
            continue  # metrics, non-GAAP and recast tables: as in fiscal_headings
        for c in t.columns:
            if c.period is not None or not c.header:
                continue
            heading = re.sub(r"\([^)]*\)?", " ", c.header)  # "(In millions)": caption text
            if NOT_A_PERIOD.search(heading) or periods.month_day_in(heading) or \
                    periods.Q_HEADING.search(heading) or periods.FY_HEADING.search(heading):
                continue  # (a named quarter or fiscal year is fiscal_headings' to place)
            length = periods.length_in(heading)
            years = periods.years_in(heading)
            if length is None or length.weeks or len(set(years)) != 1:
                continue
            known = ends.get((length.months, years[0]), set())
            if len(known) == 1:
                c.period = periods.duration_before(next(iter(known)), length)


def inherit_lengths(headers: list[str], shared: list[set[int]]) -> list[str]:
    """A column under a group heading without its own length takes its group-mate's.

    "For the 13 / Weeks Ended / July 3, 2004 and" centred over two columns gives the length to
    the one under "For the 13" only; both are 13-week columns.
    """
    out = list(headers)
    for k, header in enumerate(headers):
        mates = [other for j, other in enumerate(headers) if j != k and shared[k] & shared[j]]
        if not mates:
            continue  # a heading of its own: nothing to take
        if periods.length_in(header) is None:
            for other in mates:
                m = periods.MONTHS_RE.search(other) or periods.WEEKS_RE.search(other)
                if m:
                    out[k] = m.group(0) + " " + out[k]
                    break
        # "Three Months Ended / March 31, / 2024  2023": the month and day sit over one column
        if periods.month_day_in(header) is None:
            for other in mates:
                m = periods.MONTH_DAY_RE.search(other) or periods.DATE_RE.search(other)
                if m:
                    out[k] = out[k] + " " + f"{m.group(1)} {m.group(2)},"
                    break
    return out


def column_periods(headers: list[str], year_of: list[int | None], caption: str, data: list,
             statement: str = "") -> list[Column]:
    """Periods for the columns; a caption naming several lengths spreads them over year groups."""
    lengths = periods.lengths_in(caption)
    groups: list[periods.Length | None] = [None] * len(headers)
    if len(lengths) > 1:
        # "For the three and nine months ended ...": columns run 2007 2006 | 2007 2006.
        g, prev = 0, None
        for k, y in enumerate(year_of):
            if prev is not None and y is not None and y > prev:
                g += 1
            groups[k] = lengths[min(g, len(lengths) - 1)]
            prev = y if y is not None else prev
    cols = []
    for k, header in enumerate(headers):
        period = periods.column_period(header, year=year_of[k], caption=caption, statement=statement,
                                       group_length=groups[k])
        cols.append(Column(header=header, period=period))
    return cols


def columns_and_statement(headers: list[str], year_of: list[int | None], caption: str, data: list,
                           labels: list[str], role: str) -> tuple[list[Column], str]:
    """The columns with their periods, and the statement kind ("income", "balance", ...).

    Income and cash-flow columns are read knowing the kind (a bare date heads no instant there).
    The columns read without a kind are needed only when neither the caption nor the labels name
    the statement: an instant column then makes a balance sheet.
    """
    statement = _statement_named(caption, labels, role)
    columns = None
    if statement is None:
        columns = column_periods(headers, year_of, caption, data)
        statement = _statement_by_content(columns, labels)
    if statement in ("income", "cashflow"):
        columns = column_periods(headers, year_of, caption, data, statement)
    elif columns is None:
        columns = column_periods(headers, year_of, caption, data)
    return columns, statement


def _statement_named(caption: str, labels: list[str], role: str) -> str | None:
    """The statement kind the caption (or the table's role) or the row labels name, if they do."""
    if role == "other":
        return "other"
    lowered = ascii_lowered(caption)
    for kind, rx in STATEMENT_WORDS:
        if gated_search(rx, caption, lowered):
            return kind
    text = " ".join(labels).lower()
    if "total assets" in text or "total liabilities" in text:
        return "balance"
    if "operating activities" in text or "investing activities" in text:
        return "cashflow"
    return None


def _statement_by_content(columns: list[Column], labels: list[str]) -> str:
    """The statement kind of a table whose caption and labels do not name it."""
    if any(c.period is not None and c.period.is_instant for c in columns):
        return "balance"
    if INCOME_LABELS.search(" ".join(labels).lower()):
        return "income"
    return "other"
