"""Turn column headings and captions into XBRL periods.

"Three Months Ended September 30, 2007" -> 2007-07-01..2007-09-30; "13 Weeks Ended July 3, 2004"
-> 2004-04-04..2004-07-03; a bare "December 31, 2006" over a balance-sheet column -> an instant.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .model import Period
from .sources import DATE_RE, MONTH_NAME, MONTHS, date_from_match

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
    m = WEEKS_RE.search(text)
    if m:
        return Length(weeks=_number(m.group(1)))
    m = MONTHS_RE.search(text)
    if m:
        return Length(months=_number(m.group(1)))
    if HALF_RE.search(text):
        return Length(months=6)
    if QUARTER_RE.search(text) and not re.search(r"\bquarter[- ]end\b", text, re.I):
        return Length(months=3)
    if YEAR_RE.search(text) and not re.search(r"\byear[- ]to[- ]date\b|\bYTD\b", text, re.I):
        return Length(months=12)
    return None


def lengths_in(text: str) -> list[Length]:
    """All durations a caption names, in order ("three and nine months ended" -> [3, 9])."""
    found: list[tuple[int, Length]] = []
    for m in re.finditer(rf"\b{_NUM}(?=(?:\s*(?:,|and|&)\s*{_NUM})*[- ](months?|weeks?)\b)", text, re.I):
        unit = re.match(rf".*?[- ](months?|weeks?)\b", text[m.start():], re.I | re.S)
        n = _number(m.group(1))
        if unit and unit.group(1).lower().startswith("week"):
            found.append((m.start(), Length(weeks=n)))
        else:
            found.append((m.start(), Length(months=n)))
    if not found:
        one = length_in(text)
        return [one] if one else []
    return [length for _, length in found]


def _number(token: str) -> int:
    token = token.lower()
    return int(token) if token.isdigit() else WORD_NUMBERS[token]


def dates_in(text: str, year: int | None = None) -> list[date]:
    """Full dates in text; "September 30," without a year takes ``year`` when given."""
    out = [d for d in (date_from_match(m) for m in DATE_RE.finditer(text)) if d]
    for m in NUMERIC_DATE_RE.finditer(text):
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
                  group_length: Length | None = None, fiscal_year_end: tuple[int, int] | None = None) -> Period | None:
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
        elif fiscal_year_end and statement == "balance":
            end = date(year, *fiscal_year_end)
    if end is None:
        return None
    length = length_in(header) or group_length
    if length is None and statement in ("income", "cashflow"):
        lengths = lengths_in(caption)
        length = lengths[0] if len(lengths) == 1 else None
    if length is None:
        if statement in ("income", "cashflow"):
            return None
        return Period.instant(end)
    return duration_before(end, length)
