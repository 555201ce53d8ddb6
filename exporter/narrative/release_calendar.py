"""The release's calendar: period phrases resolved to dated periods with the release's own periods
(the table columns' periods, 52/53-week years, the fiscal year's end).
"""
from __future__ import annotations

from datetime import date, timedelta

from .. import periods as periods_mod
from ..dates import QUARTER_WORDS
from ..document import Document
from ..model import Period
from ..periods import Length, duration_before
from .phrases import MONTH_PREFIXES, PeriodPhrase


class Calendar:
    """Resolves period phrases with the release's own periods: the table columns' periods (52/53-
    week years keep their exact dates), the title's fiscal period and the dateline."""

    def __init__(self, doc: Document, known: list[Period]):
        self.known = sorted(set(known), key=lambda p: (p.end, p.start or p.end))
        # what snap compares of each (the length is computed, and snap is asked often)
        self._known_keys = [(p.is_instant, p.end, p.months, p) for p in self.known]
        durations = [p for p in self.known if not p.is_instant]
        info = doc.info
        self.current: Period | None = None
        quarters = [p for p in durations if p.months == 3]
        if info.period_end:
            quarters = [p for p in quarters if abs((p.end - info.period_end).days) <= 7] or quarters
        if quarters:
            self.current = max(quarters, key=lambda p: p.end)
        elif durations:
            self.current = max(durations, key=lambda p: (p.end, -p.months))
        self.fiscal_period = info.fiscal_period
        self.fiscal_year = info.fiscal_year
        if self.current is None and info.fiscal_year and info.fiscal_period and info.fiscal_period.startswith("Q"):
            q = int(info.fiscal_period[1])
            end = _month_end(info.fiscal_year, 3 * q)
            self.current = duration_before(end, Length(months=3))
        if self.fiscal_year is None and self.current is not None:
            self.fiscal_year = self.current.end.year
        self.year_end = self._year_end()
        # answers of snap/shift/quarter: pure functions of the arguments once the calendar is
        # built, asked for again and again (every figure of a paragraph resolves its phrases)
        self._snapped: dict[Period, Period] = {}
        self._shifted: dict[tuple[Period, int], Period] = {}
        self._quarters: dict[tuple[int, int | None], Period | None] = {}
        self._resolved: dict[tuple, Period | None] = {}

    def _year_end(self) -> Period | None:
        """The fiscal year the release reports in (the title's fiscal year)."""
        years = [p for p in self.known if not p.is_instant and p.months == 12]
        if years and (self.fiscal_period in (None, "FY", "Q4") or self.current is None):
            # a 12-month column is the fiscal year only in a year-end release (else it may be a
            # trailing-twelve-months column)
            return max(years, key=lambda p: p.end)
        if self.current is not None and self.fiscal_period and self.fiscal_period.startswith("Q"):
            q = int(self.fiscal_period[1])
            end = _shift_months(self.current.end, 3 * (4 - q))
            return duration_before(end, Length(months=12))
        if self.current is not None and self.fiscal_period == "FY":
            return self.current
        return None

    def snap(self, period: Period) -> Period:
        """The release's own period for a computed one (same length, end within a week)."""
        found = self._snapped.get(period)
        if found is None:
            instant, end, months = period.is_instant, period.end, period.months
            found = self._snapped[period] = next(
                (p for i, e, m, p in self._known_keys if i == instant and abs((e - end).days) <= 7 and m == months),
                period)
        return found

    def quarter(self, q: int, year: int | None) -> Period | None:
        key = (q, year)
        if key not in self._quarters:
            self._quarters[key] = self._quarter(q, year)
        return self._quarters[key]

    def _quarter(self, q: int, year: int | None) -> Period | None:
        if self.current is None:
            if year is None:
                return None
            return self.snap(duration_before(_month_end(year, 3 * q), Length(months=3)))
        if year is None:
            year = self.fiscal_year
        cq = int(self.fiscal_period[1]) if self.fiscal_period and self.fiscal_period[0] == "Q" else None
        if cq is None or self.fiscal_year is None:
            # calendar quarters when the title gives no fiscal quarter
            return self.snap(duration_before(_month_end(year, 3 * q), Length(months=3)))
        back = (self.fiscal_year - year) * 4 + (cq - q)
        return self.snap(self.shift(self.current, months=-3 * back))

    def shift(self, period: Period, *, months: int) -> Period:
        key = (period, months)
        found = self._shifted.get(key)
        if found is None:
            found = self._shifted[key] = self._shift(period, months)
        return found

    def _shift(self, period: Period, months: int) -> Period:
        end = _shift_months(period.end, months)
        if period.is_instant:
            return self.snap(Period.instant(end))
        weeks = (period.end - period.start).days + 1
        calendar_months = period.start.day == 1 and period.end == _month_end(period.end.year, period.end.month)
        if not calendar_months and weeks % 7 == 0 and period.months in (3, 6, 9, 12) and abs(weeks / 7 - period.months * 13 / 3) < 1.5:
            # 13/26/39/52-week periods: a year earlier is 52 weeks earlier (snap finds the exact one)
            days = round(months / 12 * 364)
            cand = Period.duration(period.start + timedelta(days=days), period.end + timedelta(days=days))
            return self.snap(cand)
        return self.snap(duration_before(end, Length(months=period.months)))

    def full_year(self, year: int | None) -> Period | None:
        if self.year_end is None:
            if year is None:
                return None
            return duration_before(date(year, 12, 31), Length(months=12))
        if year is None:
            return self.year_end
        return self.shift(self.year_end, months=12 * (year - self._fiscal_year_of(self.year_end)))

    def _fiscal_year_of(self, period: Period) -> int:
        if period == self.year_end and self.fiscal_year:
            return self.fiscal_year  # the title names it ("fiscal 2024" ends in January 2024 for some)
        # else: a fiscal year ending in January is usually named for the year it began
        return period.end.year - (1 if period.end.month == 1 else 0)

    def resolve(self, phrase: PeriodPhrase, reference: Period | None) -> Period | None:
        # the answer depends on the kind, the phrase's groups and the reference alone
        key = (phrase.kind, phrase.match.groups(), reference)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(phrase, reference)
        return self._resolved[key]

    def _resolve(self, phrase: PeriodPhrase, reference: Period | None) -> Period | None:
        m, kind = phrase.match, phrase.kind
        g = m.groupdict()
        if kind == "pair":
            return self.resolve_all(phrase, reference)[0]
        if kind == "length_ended":
            end = _date(g["date"])
            n = _word_number(g["n"])
            length = Length(weeks=n) if g["unit"].lower().startswith("week") else Length(months=n)
            return self.snap(duration_before(end, length)) if end else None
        if kind == "quarter_ended":
            end = _date(g["date"])
            if end is None:
                return None
            months = 12 if "year" in g["kind"].lower() else 3
            return self.snap(duration_before(end, Length(months=months)))
        if kind == "quarter":
            year = g.get("y1") or g.get("y2")
            return self.quarter(QUARTER_WORDS[g["q"].lower()], int(year) if year else None)
        if kind == "q_token":
            y = g["y2"]
            year = int(y) if len(y) == 4 else 2000 + int(y)
            return self.quarter(int(g["q"]), year)
        if kind == "ttm":
            if self.current is None:
                return None
            return self.snap(duration_before(self.current.end, Length(months=12)))
        if kind == "instant":
            day = _date(g["date"])
            return self.snap(Period.instant(day)) if day else None
        if kind == "full_year":
            year = g.get("y1") or g.get("y2")
            return self.full_year(int(year) if year else None)
        if kind == "month_quarter":
            month = MONTH_PREFIXES.index(g["month"][:3].lower()) + 1
            return self.snap(duration_before(_month_end(int(g["y"]), month), Length(months=3)))
        if kind == "current":
            return self.current
        if kind == "relative":
            if reference is None:
                return None
            ref = reference
            if g.get("y"):
                return self.shift(ref, months=12 * (int(g["y"]) - ref.end.year))
            return self.shift(ref, months=-12)
        if kind == "bare_year":
            year = int(g["y2"])
            if reference is not None:
                return self.shift(reference, months=12 * (year - reference.end.year))
            return None
        return None


    def resolve_all(self, phrase: PeriodPhrase, reference: Period | None) -> list[Period]:
        """Every period a phrase names, in order (two for "the three and nine months ended ...")."""
        if phrase.kind != "pair":
            one = self.resolve(phrase, reference)
            return [one] if one else []
        g = phrase.match.groupdict()
        end = _date(g["date"])
        if end is None:
            return []
        weeks = g["unit"].lower().startswith("week")
        out = []
        for token in (g["n1"], g["n2"]):
            n = _word_number(token)
            out.append(self.snap(duration_before(end, Length(weeks=n) if weeks else Length(months=n))))
        return out


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _shift_months(day: date, months: int) -> date:
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    last = _month_end(year, month).day
    if day == _month_end(day.year, day.month):
        return _month_end(year, month)
    return date(year, month, min(day.day, last))


def _date(text: str) -> date | None:
    ds = periods_mod.dates_in(text)
    return ds[0] if ds else None


def _word_number(token: str) -> int:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return periods_mod.WORD_NUMBERS.get(token, 0)
