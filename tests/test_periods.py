"""Column headings and captions to XBRL periods."""
from __future__ import annotations

from datetime import date

import pytest

from exporter import periods
from exporter.model import Period


def d(s: str) -> date:
    return date.fromisoformat(s)


@pytest.mark.parametrize("header,year,statement,expected", [
    ("Three Months Ended September 30, 2007", None, "income", ("2007-07-01", "2007-09-30")),
    ("Nine Months Ended September 30, 2006", None, "income", ("2006-01-01", "2006-09-30")),
    ("13 Weeks Ended July 3, 2004 and June 28, 2003", 2003, "income", ("2003-03-30", "2003-06-28")),
    ("Thirteen Weeks Ended November 2, 2024", None, "income", ("2024-08-04", "2024-11-02")),
    ("Thirty-Nine Weeks Ended October 28, 2023", None, "income", ("2023-01-29", "2023-10-28")),
    ("Fifty-Three Weeks Ended February 3, 2024", None, "income", ("2023-01-29", "2024-02-03")),
    ("Quarter Ended December 31, 2023", None, "income", ("2023-10-01", "2023-12-31")),
    ("Twelve Months Ended September 30, 2024", None, "cashflow", ("2023-10-01", "2024-09-30")),
    ("Fiscal Year Ended May 31, 2022", None, "income", ("2021-06-01", "2022-05-31")),
    ("12 Months Ended December 2004", None, "income", ("2004-01-01", "2004-12-31")),
    ("Six Months Ended June 29, 2019", None, "income", ("2018-12-30", "2019-06-29")),
])
def test_durations(header, year, statement, expected):
    p = periods.column_period(header, year=year, statement=statement)
    assert p == Period.duration(d(expected[0]), d(expected[1]))


def test_bare_date_over_a_balance_sheet_column_is_an_instant():
    assert periods.column_period("December 31, 2006", statement="balance") == Period.instant(d("2006-12-31"))
    assert periods.column_period("Sep. 30, 2024") == Period.instant(d("2024-09-30"))


def test_caption_supplies_length_and_date():
    caption = "For the three and nine months ended September 30, 2007 and 2006"
    assert periods.lengths_in(caption) == [periods.Length(months=3), periods.Length(months=9)]
    p = periods.column_period("2006", year=2006, caption="For the three months ended September 30, 2007 and 2006",
                              statement="income")
    assert p == Period.duration(d("2006-07-01"), d("2006-09-30"))


def test_income_column_without_a_length_has_no_period():
    assert periods.column_period("September 30, 2007", statement="income") is None
    assert periods.column_period("Change", statement="income") is None


def test_duration_before_weeks_and_month_ends():
    assert periods.duration_before(d("2024-02-29"), periods.Length(months=3)) == Period.duration(d("2023-12-01"), d("2024-02-29"))
    assert periods.duration_before(d("2004-07-03"), periods.Length(weeks=26)) == Period.duration(d("2004-01-04"), d("2004-07-03"))
    assert Period.duration(d("2023-01-29"), d("2024-02-03")).months == 12  # a 53-week year
