"""Turn column headings and captions into XBRL periods.

"Three Months Ended September 30, 2007" -> 2007-07-01..2007-09-30; "13 Weeks Ended July 3, 2004"
-> 2004-04-04..2004-07-03; a bare "December 31, 2006" over a balance-sheet column -> an instant.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .model import Period
from .dates import DATE_RE, MONTH_NAME, MONTHS, QUARTER_WORDS, date_from_match

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "sixteen": 16, "twenty-six": 26,
    "twenty-four": 24, "thirty-nine": 39, "fifty-two": 52, "fifty-three": 53, "twenty-eight": 28,
}
_NUM = r"(\d{1,2}|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")"
MONTHS_RE = re.compile(rf"\b{_NUM}[- ]months?\b", re.I)
WEEKS_RE = re.compile(rf"\b{_NUM}[- ]weeks?\b", re.I)
QUARTER_RE = re.compile(r"\b(?:quarters?|qtr\.?|Q[1-4])\b", re.I)
HALF_RE = re.compile(r"\b(?:half[- ]year|first half|second half|six-month|semi-?annual)\b", re.I)
YEAR_RE = re.compile(r"\b(?:fiscal years?|years?|twelve[- ]month|annual|full[- ]year|FY)\b", re.I)
INSTANT_RE = re.compile(r"\b(?:as of|at|balance)\b", re.I)
YEAR_TOKEN = re.compile(r"(?<![\d,.$])((?:19|20)\d\d)(?![\d,])")
MONTH_DAY_RE = re.compile(rf"\b({MONTH_NAME})\s+(\d{{1,2}})\b(?!\s*,?\s*(?:19|20)\d\d)", re.I)
MONTH_ONLY_RE = re.compile(rf"\b(?:ended|ending|end of|as of|at)\s+({MONTH_NAME})(?!\s*\d{1,2}(?!\d))(?:\s*,?\s*(?:19|20)\d\d)?\b", re.I)
NUMERIC_DATE_RE = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)?\d\d)\b")
QUARTER_END_RE = re.compile(r"\bquarter[- ]end\b", re.I)  # a date, not a quarter's length
YEAR_TO_DATE_RE = re.compile(r"\byear[- ]to[- ]date\b|\bYTD\b", re.I)
# Each length a caption names ("three and nine months ended"): a number followed, perhaps
# through further numbers, by its unit; UNIT_AFTER_RE reads the unit that follows.
LENGTHS_RE = re.compile(rf"\b{_NUM}(?=(?:\s*(?:,|and|&)\s*{_NUM})*[- ](months?|weeks?)\b)", re.I)
UNIT_AFTER_RE = re.compile(r".*?[- ](months?|weeks?)\b", re.I | re.S)


# Case-insensitive patterns are tried at every position of a text.  Every match of one of these
# holds one of its GATE_WORDS (in lower case; tests/test_tables.py checks the words against the
# patterns' parse), so a text holding none is spared the search by ``in`` tests.  Only ASCII text
# is gated: under re.I a few other letters match ASCII ones ("ſ" an "s", "K" a "k").
GATE_WORDS = {
    HALF_RE: ("half", "six-month", "semi"),
    QUARTER_RE: ("q",),
    YEAR_RE: ("year", "twelve", "annual", "fy"),
    QUARTER_END_RE: ("quarter",),
    YEAR_TO_DATE_RE: ("year", "ytd"),
}


def ascii_lowered(text: str) -> str | None:
    """``text`` in lower case for gated_search, or None (not ASCII: no gate)."""
    return text.lower() if text.isascii() else None


def gated_search(rx: re.Pattern, text: str, lowered: str | None, words: tuple[str, ...]) -> re.Match | None:
    """``rx.search(text)``; None at once when ``lowered`` (ascii_lowered(text)) holds none of ``words``,
    one of which every match of rx holds."""
    if lowered is not None:
        for word in words:
            if word in lowered:
                break
        else:
            return None
    return rx.search(text)


def _gated(rx: re.Pattern, text: str, lowered: str | None) -> re.Match | None:
    return gated_search(rx, text, lowered, GATE_WORDS[rx])


@dataclass(frozen=True)
class Length:
    """A duration's length: months or weeks (exactly one is set)."""

    months: int = 0
    weeks: int = 0


def duration_before(end: date, length: Length) -> Period:
    """The duration of the given length ending on ``end`` (inclusive)."""
    if length.weeks:
        return Period.duration(end - timedelta(days=7 * length.weeks - 1), end)
    after = end + timedelta(days=1)
    month = after.month - length.months
    year = after.year
    while month <= 0:
        month += 12
        year -= 1
    day = min(after.day, _days_in_month(year, month))
    return Period.duration(date(year, month, day), end)


def _days_in_month(year: int, month: int) -> int:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - timedelta(days=1)).day


def length_in(text: str) -> Length | None:
    """The duration a heading speaks of, if any."""
    lowered = text.lower()
    # (the number-word patterns are slow to try at every position: only where their unit is written)
    m = WEEKS_RE.search(text) if "week" in lowered else None
    if m:
        return Length(weeks=_number(m.group(1)))
    m = MONTHS_RE.search(text) if "month" in lowered else None
    if m:
        return Length(months=_number(m.group(1)))
    gate = lowered if text.isascii() else None  # (ascii_lowered: the text is lowered already)
    if _gated(HALF_RE, text, gate):
        return Length(months=6)
    if _gated(QUARTER_RE, text, gate) and not _gated(QUARTER_END_RE, text, gate):
        return Length(months=3)
    if _gated(YEAR_RE, text, gate) and not _gated(YEAR_TO_DATE_RE, text, gate):
        return Length(months=12)
    return None


def lengths_in(text: str) -> list[Length]:
    """All durations a caption names, in order ("three and nine months ended" -> [3, 9])."""
    found: list[tuple[int, Length]] = []
    lowered = text.lower()
    # (LENGTHS_RE, slow to try at every position, needs one of its units)
    matches = LENGTHS_RE.finditer(text) if "month" in lowered or "week" in lowered else ()
    for m in matches:
        unit = UNIT_AFTER_RE.match(text, m.start())
        n = _number(m.group(1))
        if unit and unit.group(1).lower().startswith("week"):
            found.append((m.start(), Length(weeks=n)))
        else:
            found.append((m.start(), Length(months=n)))
    if not found:
        one = length_in(text)
        return [one] if one else []
    return [length for _, length in found]


# A length word in a caption heads the columns only in a heading's phrase ("Quarter Ended"), not in a
# title or a sentence the caption took in ("Reports Fourth Quarter 2024 Results", "net income for
# the quarter was ...").
CAPTION_LENGTH_RE = re.compile(
    r"\b(?:fiscal\s+)?(?:quarters?|years?|half[- ]years?|twelve[- ]months?)(?:\s+periods?)?\s+(?:ended|ending)\b", re.I)


def caption_lengths(caption: str) -> list[Length]:
    """The durations a table's caption names for its columns: counted lengths ("three and nine
    months ended"), or one a heading's phrase names ("Quarter Ended", "Year Ended")."""
    lowered = caption.lower()
    if ("month" in lowered or "week" in lowered) and LENGTHS_RE.search(caption):
        return lengths_in(caption)
    m = CAPTION_LENGTH_RE.search(caption) if "quarter" in lowered or "year" in lowered or "twelve" in lowered else None
    one = length_in(m.group(0)) if m else None
    return [one] if one else []


def _number(token: str) -> int:
    token = token.lower()
    return int(token) if token.isdigit() else WORD_NUMBERS[token]


def dates_in(text: str, year: int | None = None) -> list[date]:
    """Full dates in text; "September 30," without a year takes ``year`` when given."""
    out = [d for d in (date_from_match(m) for m in DATE_RE.finditer(text)) if d]
    for m in NUMERIC_DATE_RE.finditer(text) if "/" in text else ():  # (its dates are written with "/")
        y = int(m.group(3))
        y = y + 2000 if y < 50 else y + 1900 if y < 100 else y
        try:
            out.append(date(y, int(m.group(1)), int(m.group(2))))
        except ValueError:
            pass
    if year is not None:
        for m in MONTH_DAY_RE.finditer(text):
            try:
                out.append(date(year, MONTHS[m.group(1).lower().rstrip(".")[:3]], int(m.group(2))))
            except (KeyError, ValueError):
                pass
    return out


def month_day_in(text: str) -> tuple[int, int] | None:
    m = DATE_RE.search(text) or MONTH_DAY_RE.search(text)
    if not m:
        return None
    return MONTHS[m.group(1).lower().rstrip(".")[:3]], int(m.group(2))


def years_in(text: str) -> list[int]:
    return [int(y) for y in YEAR_TOKEN.findall(text)]


def column_period(header: str, *, year: int | None = None, caption: str = "", statement: str = "",
                  group_length: Length | None = None) -> Period | None:
    """The period of one column.

    ``header``: the column's heading lines joined; ``year``: the column's own year token (the
    bottom heading line), used to choose among several dates ("July 3, 2004 and June 28, 2003");
    ``caption``: the table's caption, consulted when the heading lacks a length or a date;
    ``group_length``: the length the caller assigned from a caption naming several lengths.
    """
    if year is None:
        ys = years_in(header)
        year = ys[-1] if ys else None
    candidates = dates_in(header, year)
    if year is not None:
        same_year = [d for d in candidates if d.year == year]
        candidates = same_year or candidates
    end = candidates[0] if candidates else None
    if end is None and FY_HEADING.search(header):
        return None  # a fiscal quarter or year ("Q4 FY2025", "Fiscal 2025"): not the caption's date
    if end is None and year is not None:
        # "12 Months Ended December" / "2004": the month's last day
        mm = MONTH_ONLY_RE.search(header) or (None if month_day_in(caption) else MONTH_ONLY_RE.search(caption))
        if mm and not month_day_in(header):
            month = MONTHS[mm.group(1).lower().rstrip(".")[:3]]
            end = date(year, month, _days_in_month(year, month))
    if end is None and year is not None:
        # The caption's date for this column's year ("... July 3, 2004 and June 28, 2003"),
        # else its month and day with the column's year ("September 30, 2007 and 2006").
        md = month_day_in(header)
        cands = [] if md else [d for d in dates_in(caption, year) if d.year == year]
        md = md or month_day_in(caption)
        if cands:
            end = cands[0]
        elif md:
            try:
                end = date(year, md[0], md[1])
            except ValueError:
                end = None
    if end is None:
        return None
    length = length_in(header) or group_length
    if length is None and statement in ("income", "cashflow"):
        lengths = caption_lengths(caption)
        length = lengths[0] if len(lengths) == 1 else None
    if length is None:
        if statement in ("income", "cashflow"):
            return None
        return Period.instant(end)
    return duration_before(end, length)


# ---------------------------------------------------------------- fiscal-calendar headings

Q_HEADING = re.compile(
    r"\b(?:Q(?P<q>[1-4])|(?P<qw>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)\b"
    r"(?:\s*(?:of\s+)?(?:fiscal\s*|FY\s*)?'?(?P<y>(?:19|20)\d\d|\d\d)\b)?", re.I)
FY_HEADING = re.compile(r"\b(?:fiscal(?:\s+year)?|FY)\s*'?(?P<y>(?:19|20)\d\d|\d\d)\b", re.I)
FULL_YEAR_WORDS = re.compile(r"\b(?:total|full[- ]year|fiscal year|annual|twelve months|year)\b", re.I)


RELEASE_LAG_DAYS = 200  # a release reports a quarter that ended at most this long before its date


@dataclass(frozen=True)
class FiscalAnchor:
    """A known fiscal quarter: quarter ``quarter`` of fiscal year ``year`` ends on ``end``."""

    year: int
    quarter: int
    end: date


def fiscal_anchor(fiscal_period: str | None, fiscal_year: int | None, known: list[Period],
                  headings: list[str] = (), released: date | None = None) -> FiscalAnchor | None:
    """The release's own fiscal calendar: the quarter (or year) its title announces, ending on
    the latest date its dated columns give for a period of that length (a balance sheet's date
    when no duration column has that length).  A title without the quarter takes it from the
    dated columns: the longest period ending on their latest date is the year to date ("Nine
    Months Ended ..." is the third quarter).  A title without the year ("Fourth Quarter and
    Fiscal 2024" read as Q4 only) takes the latest fiscal year that the headings name for that
    quarter ("Q4 FY24", "Q4 FY23"), else the calendar year in which that fiscal year ends.  No
    date after ``released`` (the dateline) anchors anything.  None when the release does not
    say, so that a quarter heading is never placed on a guessed calendar."""
    known = [p for p in known if released is None or p.end <= released]
    if not fiscal_period:
        fiscal_period = period_of_latest_columns(known)
        if not fiscal_period:
            return None
    if not re.fullmatch(r"Q[1-4]|FY", fiscal_period):
        return None
    quarter = 4 if fiscal_period == "FY" else int(fiscal_period[1])
    months = 12 if fiscal_period == "FY" else 3
    ends = [p.end for p in known if not p.is_instant and p.months == months]
    if not ends:
        ends = [p.end for p in known if p.is_instant]
    if not ends:
        return None
    end = max(ends)
    if released is not None and (released - end).days > RELEASE_LAG_DAYS:
        return None  # the release's own quarter is not among the dated columns read
    named = _named_year(_shift_months(end, 3 * (4 - quarter)))
    if not fiscal_year:
        years = [_year(m.group("y")) for h in headings for m in Q_HEADING.finditer(h)
                 if m.group("y") and _quarter_of(m) == quarter]
        fiscal_year = max(years) if years else named
    if fiscal_year not in (named, named - 1):
        # the title's year and the dated columns disagree (a fiscal year is named for the year in
        # which it ends, or by some for the one in which it starts): the columns read are not
        # the title's quarter
        return None
    return FiscalAnchor(fiscal_year, quarter, end)


def period_of_latest_columns(known: list[Period]) -> str | None:
    """The fiscal period the dated duration columns show: the longest one ending on the latest
    end is the year to date (6 months: "Q2"; 12: "FY"); None when only quarters end there."""
    durations = [p for p in known if not p.is_instant]
    if not durations:
        return None
    latest = max(p.end for p in durations)
    longest = max(p.months for p in durations if p.end == latest)
    return {6: "Q2", 9: "Q3", 12: "FY"}.get(longest)


def _named_year(fiscal_year_end: date) -> int:
    """The fiscal year's name: the calendar year in which it ends.  A 52/53-week year ending in
    the first days of January ("the Saturday nearest December 31") is the year before's."""
    if fiscal_year_end.month == 1 and fiscal_year_end.day <= 7:
        return fiscal_year_end.year - 1
    return fiscal_year_end.year


def _quarter_of(m: re.Match) -> int:
    """The quarter a Q_HEADING match names ("Q3", "third quarter")."""
    return int(m.group("q")) if m.group("q") else QUARTER_WORDS[m.group("qw").lower()]


def _shift_months(end: date, months: int) -> date:
    """``end`` moved by whole months, keeping a month-end a month-end (52/53-week dates are
    snapped to printed periods afterwards)."""
    m = end.month - 1 + months
    y, m = end.year + m // 12, m % 12 + 1
    last = _days_in_month(y, m)
    return date(y, m, last if end.day >= 25 else min(end.day, last))


def _year(token: str) -> int:
    y = int(token)
    return y + 2000 if y < 100 else y


def fiscal_heading_period(header: str, anchor: FiscalAnchor, known: list[Period]) -> Period | None:
    """A column headed with a fiscal quarter or year ("Q3 2024", "Fiscal 2021 Q1", "Q1 FY22",
    "Fiscal 2022 TOTAL"), counted from the release's anchor quarter.  A computed end within a
    week of a period the release prints (52/53-week years end on a weekday) takes that period's
    exact dates."""
    q = Q_HEADING.search(header)
    fy = FY_HEADING.search(header)
    years = [_year(y) for y in YEAR_TOKEN.findall(header)]
    year = None
    if q and q.group("y"):
        year = _year(q.group("y"))
    elif fy:
        year = _year(fy.group("y"))
    elif years:
        year = years[-1]
    if year is None:
        return None
    if q:
        quarter = _quarter_of(q)
        length = Length(months=3)
    elif fy or FULL_YEAR_WORDS.search(header):
        quarter, length = 4, Length(months=12)
    else:
        return None
    offset = 3 * ((year - anchor.year) * 4 + (quarter - anchor.quarter))
    end = _shift_months(anchor.end, offset)
    for p in known:  # snap to the release's own dates (52/53-week calendars)
        if not p.is_instant and p.months == length.months and abs((p.end - end).days) <= 7:
            return p
    return duration_before(end, length)
