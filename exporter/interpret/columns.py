"""Column headings to periods: the heading text each column gathered (group headings spanning
several columns included) becomes a Period; a caption naming several lengths spreads them over
year groups; columns headed by fiscal quarters take the release's fiscal calendar."""
from __future__ import annotations

import re
from datetime import timedelta

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


ANOTHER_BASIS = re.compile(r"\brecast(?:ed)?\b|\bpro[- ]forma\b", re.I)


def another_basis_beside_statements(found: list[Table]) -> None:
    """A table of figures recast on another basis (a new accounting standard) or pro forma prints,
    for a period the statements report, other numbers than theirs: in the statements' context
    they would be a second, different fact for the same period.  Such a column is left without
    a period (its numbers reported unplaced); its columns for other periods keep theirs."""
    reported = {c.period for t in found if t.role == "statement" for c in t.columns if c.period is not None}
    for t in found:
        if t.role == "statement" or not ANOTHER_BASIS.search(t.caption):
            continue
        for c in t.columns:
            if c.period in reported:
                c.period = None


YEAR_TO_DATE_MONTHS = {"Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "FY": 12}
BEGINNING_CASH = re.compile(r"\b(?:beginning|start) of (?:the )?(?:period|year|quarter)\b", re.I)
_NOT_LETTERS = re.compile(r"[^a-z]+")


def lengthless_durations(found: list[Table], doc: Document) -> None:
    """An income or cash-flow column dated but without a length ("December 31, 2024 | 2023" over a
    cash-flow statement) covers the period whose figures it repeats: the lengths that the release's
    other columns give for that end date, and the year to date of the release's fiscal period
    (the fourth quarter's release: the full year), are tried, and the one whose numbers agree
    with the other statements (net income; the cash at the beginning of the period on the balance
    sheet) wins.  Without such agreement a cash-flow column is the year to date; an income
    column stays unread."""
    durations = {c.period for t in found for c in t.columns if c.period is not None and not c.period.is_instant}
    ytd = YEAR_TO_DATE_MONTHS.get(doc.info.fiscal_period or "")
    for t in found:
        if t.statement not in ("income", "cashflow") or t.role == "other":
            continue
        for k, c in enumerate(t.columns):
            if c.period is not None or not c.header:
                continue
            heading = re.sub(r"\([^)]*\)?", " ", c.header)
            if NOT_A_PERIOD.search(heading) or periods.length_in(heading) or periods.Q_HEADING.search(heading) or \
                    periods.FY_HEADING.search(heading):
                continue
            dated = periods.column_period(heading)
            if dated is None or not dated.is_instant:
                continue
            months = {p.months for p in durations if p.end == dated.end} | ({ytd} if ytd else set())
            candidates = [periods.duration_before(dated.end, periods.Length(months=m)) for m in sorted(months) if m]
            scored = [(_agreements(t, k, p, found), p) for p in candidates]
            best = max((n for n, _ in scored), default=0)
            winners = [p for n, p in scored if n == best]
            if best > 0 and len(winners) == 1:
                c.period = winners[0]
            elif best == 0 and t.statement == "cashflow" and ytd:
                c.period = periods.duration_before(dated.end, periods.Length(months=ytd))


def _agreements(table: Table, k: int, period, found: list[Table]) -> int:
    """How many of column k's numbers the release's other tables print for ``period`` on a row of
    the same label, plus one where the cash at the beginning of the period is the balance sheet's
    cash the day before the period starts."""
    def amount(t: Table, cell) -> object:
        return cell.value * (10 ** t.scale) if cell is not None and cell.value is not None and not cell.percent else None

    def words(label: str) -> str:
        return _NOT_LETTERS.sub(" ", label.lower()).strip()

    mine = {}
    for r in table.rows:
        if k < len(r.cells):
            v = amount(table, r.cells[k])
            if v is not None and v != 0:
                mine[words(r.label)] = v
    if not mine:
        return 0
    count = 0
    day_before = period.start - timedelta(days=1) if period.start else None
    opening = [v for label, v in mine.items() if BEGINNING_CASH.search(label)]
    for t in found:
        if t is table:
            continue
        for j, col in enumerate(t.columns):
            if col.period == period:
                for r in t.rows:
                    if j < len(r.cells) and mine.get(words(r.label)) is not None and \
                            amount(t, r.cells[j]) == mine[words(r.label)]:
                        count += 1
            elif opening and col.period is not None and col.period.is_instant and col.period.end == day_before:
                for r in t.rows:
                    if j < len(r.cells) and "cash" in r.label.lower() and amount(t, r.cells[j]) in opening:
                        count += 1
                        break
    return count


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
