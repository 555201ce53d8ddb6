"""Column headings to periods: the heading text each column gathered (group headings spanning
several columns included) becomes a Period; a caption naming several lengths spreads them over
year groups.  Once every table is read, the release's own fiscal calendar and fiscal period give
periods to the columns their headings alone do not: fiscal quarters and years ("Q1 FY26"), dates
without a length ("For the Period Ended September 30, 2024"), years alone beside dated columns."""
from __future__ import annotations

import re
from datetime import date, timedelta

from .. import periods
from ..document import Document
from ..model import Column, Period, Table
from .captions import INCOME_LABELS, STATEMENT_WORDS, ascii_lowered, gated_search

# Headings of columns that are not a period's amounts: changes, ratios, outlooks.
NOT_A_PERIOD = re.compile(r"\bvs\.?\b|\bversus\b|change|growth|variance|increase|decrease|%|\bpercent|"
                          r"outlook|guidance|forecast|estimate|expect|project|target|plan\b", re.I)


# The months from the fiscal year's start to the end of the release's fiscal period.
YEAR_TO_DATE_MONTHS = {"Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "FY": 12}
# A cash-flow line of the cash at the beginning of the period (both lengthless-heading steps ask it).
BEGINNING_CASH = re.compile(r"\b(?:beginning|start) of (?:the )?(?:period|year|quarter)\b", re.I)


def _heading_text(header: str | None) -> str:
    """A column heading without its parentheses, which are caption text ("Q2 FY2024 (In millions)")."""
    return re.sub(r"\([^)]*\)?", " ", header or "")


def lengthless_periods(found: list[Table], doc: Document) -> str | None:
    """Lengths for the income and cash-flow columns dated without one ("December 31, 2024 | 2023"
    over a cash-flow statement, "For the Period Ended September 30, 2024" / "2024  2023").
    Returns the release's fiscal period ("Q3"; the title's, else the one its latest statement
    columns cover), on whose calendar ``fiscal_headings`` then places fiscal headings.

    The contract: a column dated without a length takes the length the strongest evidence gives,
    each kind of evidence asked only of the columns the stronger ones left undecided; a column
    no evidence decides keeps no period (its numbers are reported unplaced), and a length is
    given only where the period it makes is not another column's of the same table already.
    The evidence, strongest first:
    1. the figures (``_lengths_by_figures``): of the lengths the release's other columns give for
       that end date and the fiscal year to date, the one for which the other statements print
       the column's figures on rows of the same label (and the balance sheet its opening cash);
    2. the opening cash (``_lengths_by_opening_cash``): a cash-flow statement without any length
       in its headings covers the year to date or the quarter, whichever starts the day after the
       balance sheet prints its beginning cash; a statement that both contradict keeps its
       columns without a period;
    3. the layout (``_lengths_by_layout``): a year alone after a dated column is that column's
       length; a column takes the length its group-mate shows; otherwise two groups are the
       quarter and the year to date, and a lone group is the year to date or the quarter as the
       statement's kind and the release's text say."""
    _lengths_by_figures(found, doc)
    fiscal_period = doc.info.fiscal_period
    if fiscal_period is None:
        fiscal_period = periods.period_of_latest_columns(
            [c.period for t in found if t.role == "statement" for c in t.columns if c.period is not None])
    statements = [t for t in found if t.role != "other"]
    for t in statements:
        _bare_years_take_mates(t)
    contradicted = _lengths_by_opening_cash(found, doc)
    _lengths_by_layout([t for t in statements if t not in contradicted], doc, fiscal_period, found)
    return fiscal_period


def fiscal_headings(found: list[Table], doc: Document, fiscal_period: str | None) -> None:
    """Periods the release's own fiscal calendar gives (``fiscal_period``: the release's, as
    ``lengthless_periods`` returns it).  Columns headed by a fiscal quarter or year ("Q3 2024",
    "Fiscal 2021 Q1", "Q1 FY26") get periods on the release's calendar: the quarter its title
    announces, ending where its dated columns say ("Second Quarter Fiscal 2024" / "Three Months
    Ended April 28, 2024"); a fiscal year the release does not name is named for the calendar year
    in which it ends.  No period ending after the release's date is given (an outlook's quarter).
    Then a year alone beside a column so dated takes its length and day ("Q4 FY24" / "2023")."""
    released = doc.info.dateline
    statements = [t for t in found if t.role != "other"]
    known = [c.period for t in found for c in t.columns if c.period is not None]
    headings = [c.header for t in found for c in t.columns if c.period is None and c.header]
    anchor = periods.fiscal_anchor(fiscal_period, doc.info.fiscal_year, known, headings, released)
    if anchor is None:
        return
    for t in statements:  # (metrics and non-GAAP tables: their quarter columns restate, or are ratios)
        for c in t.columns:
            if c.period is not None:
                continue
            heading = _heading_text(c.header)
            if heading.strip() and not NOT_A_PERIOD.search(heading):
                period = periods.fiscal_heading_period(heading, anchor, known)
                if period is not None and (released is None or period.end <= released):
                    c.period = period
        _bare_years_take_mates(t)  # "Q4 FY24" / "2023"


# Words that say which length a figure in a sentence or a row is for.
QUARTER_LENGTH_WORDS = re.compile(r"\b(?:quarter(?:ly)?|three[- ]months?|3[- ]months?|13[- ]weeks?|thirteen[- ]weeks?)\b", re.I)
TO_DATE_WORDS = re.compile(r"\b(?:year[- ]to[- ]date|ytd|six[- ]months?|nine[- ]months?|twelve[- ]months?|"
                           r"first (?:half|three quarters|six months|nine months)|(?:full|fiscal)[- ]year|"
                           r"years? ended|for the year)\b", re.I)
PRINTED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{4,}(?:\.\d+)?")


def _lengths_by_layout(found: list[Table], doc: Document, fiscal_period: str | None,
                       every_table: list[Table] = ()) -> None:
    """Statement columns with a date but no length ("For the Period Ended September 30, 2024" /
    "2024  2023") take it from their group and the release's fiscal period.  Columns run in
    groups, a later date starting the next ("2024 2023 | 2024 2023"): a column takes the length a
    group-mate shows ("Three Months Ended September 30, 2024" beside a bare "2023").  A group
    without one: of two such groups the first is the quarter and the second the year to date;
    a lone group of a cash-flow statement is the year to date (nine months in a third-quarter
    release, the full year in a fourth-quarter one), and so is an income statement's in a
    first-quarter or full-year release; an income statement of a later quarter is the quarter's
    or the year to date's, as the release's other lines speak of its figures (see
    ``_to_date_by_text``; ``every_table`` holds the release's tables, its ratio blocks among them),
    else the quarter's.  (A balance-sheet column is an instant already.)"""
    to_date = YEAR_TO_DATE_MONTHS.get(fiscal_period or "")
    if to_date is None:
        return
    for t in found:
        if t.role == "other" or t.statement not in ("income", "cashflow"):
            continue
        ends: list[date | None] = []
        known: list[int | None] = []  # the length a dated column shows
        undated: list[bool] = []
        for c in t.columns:
            end, months, bare = None, None, False
            if c.period is not None and not c.period.is_instant:
                end, months = c.period.end, c.period.months
            elif c.period is None and c.header and not NOT_A_PERIOD.search(c.header) \
                    and periods.length_in(c.header) is None:
                instant = periods.column_period(c.header, caption=t.caption)
                if instant is not None and instant.is_instant:
                    end, bare = instant.end, True
            ends.append(end)
            known.append(months)
            undated.append(bare)
        if not any(undated):
            continue
        bare_ends = [e for e, b in zip(ends, undated) if b]
        if any(_days_apart_in_year(e, bare_ends[0]) > 7 for e in bare_ends):
            continue  # dates of different days of the year ("July 3 / June 28 / January 3"): instants
        lengths = _group_lengths(t, ends, known, to_date, doc, every_table)
        for c, end, bare, months in zip(t.columns, ends, undated, lengths):
            if bare and months:
                period = periods.duration_before(end, periods.Length(months=months))
                if all(other.period != period for other in t.columns):
                    c.period = period
        if all(c.period is not None for c in t.columns):
            # (a reader's warning that columns lack a period no longer holds)
            t.warnings[:] = [w for w in t.warnings if not w.endswith("without a period")]


BARE_YEAR_HEADING = re.compile(r"^\W*((?:19|20)\d\d)\W*$")


def _bare_years_take_mates(t: Table) -> None:
    """A column headed by a year alone after a dated one ("Quarters Ended December 31, 2023" /
    "2024") is the same length to the same day of its own year."""
    mate = None
    for c in t.columns:
        m = BARE_YEAR_HEADING.match(c.header or "")
        if c.period is not None and not c.period.is_instant:
            mate = c.period
        elif c.period is None and m and mate is not None and int(m.group(1)) != mate.end.year:
            end = _same_day_in(mate.end, int(m.group(1)))
            period = periods.duration_before(end, periods.Length(months=mate.months))
            # (never a period the table has already: its headings were read out of place)
            if all(other.period != period for other in t.columns):
                c.period = period
        elif c.period is not None or not m:
            mate = None


def _same_day_in(d: date, year: int) -> date:
    """``d``'s month and day in ``year`` (the last day of February where it has no 29th)."""
    try:
        return d.replace(year=year)
    except ValueError:
        return d.replace(year=year, day=28)


def _days_apart_in_year(a: date, b: date) -> int:
    """Days between two dates' days of the year, whatever their years (52/53-week years end a
    few days apart; December 30 and January 1 are two days apart)."""
    def day(d: date) -> int:
        return date(2001, d.month, min(d.day, 28) if d.month == 2 else d.day).toordinal()
    apart = abs(day(a) - day(b))
    return min(apart, 365 - apart)


def _group_lengths(t: Table, ends: list, known: list, to_date: int, doc: Document,
                   every_table: list[Table]) -> list[int | None]:
    """The length of each column of a statement (see ``_lengths_by_layout``); None where unknown."""
    group, prev, groups = 0, None, []
    for end in ends:
        if end is not None and prev is not None and end > prev:
            group += 1
        groups.append(group)
        prev = end if end is not None else prev
    count = group + 1
    sizes = {sum(1 for e, gg in zip(ends, groups) if gg == g and e is not None) for g in range(count)}
    if count > 1 and (len(sizes) > 1 or min(sizes) < 2):
        return [None] * len(ends)  # groups of different shapes: headings read out of place
    shown: dict[int, int | None] = {}
    for g in range(count):
        lengths = {m for m, gg in zip(known, groups) if gg == g and m}
        shown[g] = lengths.pop() if len(lengths) == 1 else None
    if any(known):
        if count == 2 and to_date != 3:
            # one group shows its length: the other has the other one
            other = {3: to_date, to_date: 3}
            for g in (0, 1):
                if shown[g] is None and shown[1 - g] in other and \
                        not any(m for m, gg in zip(known, groups) if gg == g):
                    shown[g] = other[shown[1 - g]]
    elif count == 2:
        shown = {0: 3, 1: to_date}
    elif count == 1:
        if t.statement == "cashflow" or to_date == 3:
            shown[0] = to_date
        else:
            shown[0] = _to_date_by_text(t, doc, to_date, every_table) or 3
    return [shown[g] for g in groups]


def _to_date_by_text(t: Table, doc: Document, to_date: int, every_table: list[Table] = ()) -> int | None:
    """``to_date`` when the release's other lines, or other tables' rows, speak of the statement's
    figures as the year to date's, or give another figure for the quarter under the same label
    ("Net income for the quarter was $1,127,388", a ratio block's "Net Income - Quarter 1,127,388"
    beside a statement whose net income is 3,093,167); 3 when they speak of them as the quarter's;
    None when they say nothing.  Only the first column's figures of labels two words long or more
    are asked about."""
    first, last = min((r.line for r in t.rows), default=t.line), max((r.line for r in t.rows), default=t.line)
    texts = [ln.text for ln in doc.lines if not first <= ln.number <= last]
    texts += [" ".join([r.label, *(c.raw for c in r.cells if c is not None)]) for u in every_table if u is not t
              for r in u.rows]
    lines = [(text, text.lower()) for text in texts]
    votes = {3: 0, to_date: 0}
    for row in t.rows:
        cell = row.cells[0] if row.cells else None
        words = re.findall(r"[a-z]+", row.label.lower())
        if cell is None or cell.value is None or len(words) < 2 or not PRINTED_NUMBER.fullmatch(cell.raw.strip("$() ")):
            continue
        printed = cell.raw.strip("$() ")
        label = re.compile(r"\b" + r"\W+".join(words) + r"\b", re.I)
        for text, lowered in lines:
            if words[0] not in lowered:
                continue
            m = label.search(text)
            if m is None:
                continue
            rest = text[m.end():m.end() + 160]
            around = text[max(0, m.start() - 80):m.end() + 160]
            quarter, so_far = QUARTER_LENGTH_WORDS.search(around), TO_DATE_WORDS.search(around)
            if bool(quarter) == bool(so_far):
                continue  # neither length, or both: the sentence does not tell
            length = 3 if quarter else to_date
            numbers = PRINTED_NUMBER.findall(rest)
            if printed in numbers:
                votes[length] += 1  # the figure, said to be this length's
            elif numbers:
                votes[length] -= 1  # another figure for this length: the statement's is the other's
                votes[to_date if length == 3 else 3] += 1
    if votes[to_date] > votes[3]:
        return to_date
    if votes[3] > votes[to_date]:
        return 3
    return None


ACTIVITIES = re.compile(r"\b(?:operating|investing|financing) activities\b|\boperations\b", re.I)


def _lengths_by_opening_cash(found: list[Table], doc: Document) -> list[Table]:
    """A cash-flow statement whose headings give a date but no length ("For the Period Ended
    September 30, 2024 | 2023") covers the release's fiscal year to date: nine months in a
    third-quarter release.  Where the statement's beginning cash is a balance-sheet figure, the
    date of that figure says where the period starts, and the arithmetic decides between the
    year to date and the quarter.  Returns the statements whose opening cash contradicts both
    readings."""
    contradicted: list[Table] = []
    to_date = YEAR_TO_DATE_MONTHS.get(doc.info.fiscal_period or "")
    if to_date is None:
        return contradicted
    balances: dict = {}  # instant -> figures the balance sheets print for it
    for t in found:
        if t.statement == "balance":
            for k, c in enumerate(t.columns):
                if c.period is not None and c.period.is_instant:
                    balances.setdefault(c.period.end, set()).update(
                        r.cells[k].value for r in t.rows if k < len(r.cells) and r.cells[k] is not None)
    for t in found:
        if t.statement != "cashflow" or t.role == "other":
            continue
        if any(periods.length_in(c.header) for c in t.columns) or periods.lengths_in(t.caption):
            continue  # the headings give lengths: a column without one lacks its group's heading
        if not any(ACTIVITIES.search(" ".join((r.label,) + r.sections)) for r in t.rows):
            continue  # a table named a cash-flow statement whose rows are not one
        beginning = next((r for r in t.rows if BEGINNING_CASH.search(r.label)), None)
        choices_of = {k: [periods.column_period(c.header, caption=t.caption, statement=t.statement,
                                                group_length=periods.Length(months=m)) for m in (to_date, 3)]
                      for k, c in enumerate(t.columns) if c.period is None and c.header}
        ends = [ch[0].end for ch in choices_of.values() if ch[0] is not None]
        chosen: dict[int, Period] = {}
        for k, choices in choices_of.items():
            # (only the columns ending where the release's latest one does: "Audited December 31,
            # 2020" beside two September 30 columns is the full year before)
            if choices[0] is None or (choices[0].end.month, choices[0].end.day) != (max(ends).month, max(ends).day):
                continue
            cell = beginning.cells[k] if beginning is not None and k < len(beginning.cells) else None
            if cell is None or cell.value is None:
                chosen[k] = choices[0]
                continue
            # the one whose opening balance the balance sheet prints; where the balance sheet prints
            # those dates without that figure, the reading does not add up: the table keeps none
            dated = [p for p in choices if p is not None and p.start - timedelta(days=1) in balances]
            held = [p for p in dated if cell.value in balances[p.start - timedelta(days=1)]]
            if dated and not held:
                chosen = {}
                contradicted.append(t)
                break
            chosen[k] = held[0] if held else choices[0]
        for k, period in chosen.items():
            if all(other.period != period for other in t.columns):
                t.columns[k].period = period
    return contradicted
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
            heading = _heading_text(c.header)
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


_NOT_LETTERS = re.compile(r"[^a-z]+")


def _lengths_by_figures(found: list[Table], doc: Document) -> None:
    """An income or cash-flow column dated but without a length ("December 31, 2024 | 2023" over a
    cash-flow statement) covers the period whose figures it repeats: the lengths that the release's
    other columns give for that end date, and the year to date of the release's fiscal period
    (the fourth quarter's release: the full year), are tried, and the one whose numbers agree
    with the other statements (net income; the cash at the beginning of the period on the balance
    sheet) wins.  Without such agreement the column is left to ``_lengths_by_layout`` (the group
    and the fiscal period decide), which runs after this."""
    durations = {c.period for t in found for c in t.columns if c.period is not None and not c.period.is_instant}
    ytd = YEAR_TO_DATE_MONTHS.get(doc.info.fiscal_period or "")
    for t in found:
        if t.statement not in ("income", "cashflow") or t.role == "other":
            continue
        for k, c in enumerate(t.columns):
            if c.period is not None or not c.header:
                continue
            heading = _heading_text(c.header)
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
            if best > 0 and len(winners) == 1 and all(other.period != winners[0] for other in t.columns):
                c.period = winners[0]


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
    instants = sum(1 for c in columns if c.period is not None and c.period.is_instant)
    if instants and instants >= sum(1 for c in columns if c.period is not None and not c.period.is_instant):
        return "balance"  # (one dated column among quarters and years is a heading read without its length)
    if INCOME_LABELS.search(" ".join(labels).lower()):
        return "income"
    return "other"
