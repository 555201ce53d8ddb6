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


# ---------------------------------------------------------------- fiscal-calendar headings

def test_quarter_headings_follow_the_releases_own_fiscal_calendar():
    from datetime import date

    from exporter.model import Period
    from exporter.periods import fiscal_anchor, fiscal_heading_period

    # "Second Quarter Fiscal 2024" with a column "Three Months Ended April 28, 2024"
    known = [Period.duration(date(2024, 1, 29), date(2024, 4, 28))]
    anchor = fiscal_anchor("Q2", 2024, known)
    assert fiscal_heading_period("Q2 FY2024", anchor, known) == known[0]
    assert fiscal_heading_period("Q2 FY2023", anchor, known) == Period.duration(date(2023, 2, 1), date(2023, 4, 30))
    # a May year-end: fiscal 2021's first quarter ends in August 2020
    may = [Period.duration(date(2022, 3, 1), date(2022, 5, 31))]
    a = fiscal_anchor("Q4", 2022, may)
    assert fiscal_heading_period("Fiscal 2021 Q1", a, may) == Period.duration(date(2020, 6, 1), date(2020, 8, 31))
    assert fiscal_heading_period("Fiscal 2022 TOTAL", a, may) == Period.duration(date(2021, 6, 1), date(2022, 5, 31))


def test_title_without_year_takes_the_headings_latest_year_and_52_week_dates_snap():
    from datetime import date

    from exporter.model import Period
    from exporter.periods import fiscal_anchor, fiscal_heading_period

    known = [Period.duration(date(2023, 10, 30), date(2024, 1, 28)), Period.duration(date(2023, 7, 31), date(2023, 10, 29))]
    anchor = fiscal_anchor("Q4", None, known, ["Q4 FY24", "Q3 FY24", "Q4 FY23"])
    assert anchor is not None and anchor.year == 2024
    assert fiscal_heading_period("Q3 FY24", anchor, known) == known[1]  # snapped to the printed dates
    assert fiscal_heading_period("Q4 FY23", anchor, known) == Period.duration(date(2022, 11, 1), date(2023, 1, 31))


def test_no_anchor_no_guess():
    from exporter.periods import fiscal_anchor

    assert fiscal_anchor(None, None, []) is None
    assert fiscal_anchor("Q3", 2024, []) is None  # no dated column to anchor the quarter on


def test_quarter_heading_columns_in_a_release(tmp_path):
    import exporter

    text = """WidgetCo Inc. Reports Third Quarter 2024 Results

    SPRINGFIELD--(BUSINESS WIRE)--Oct. 30, 2024--WidgetCo Inc. (NASDAQ: WDGT) today reported
results for its third quarter of 2024, with net sales up 15% over the same quarter of last year.



                 WIDGETCO INC.
      CONDENSED STATEMENTS OF OPERATIONS
               (In millions)
                                   Three Months Ended
                                      September 30,
                                    2024       2023
 Net sales                        $  1,500   $  1,300
 Net income                       $    150   $    120



            QUARTERLY SUMMARY
               (In millions)
                          Q3 2024    Q2 2024    Q3 2023    Y/Y % Change
 Net sales                 1,500      1,400      1,300          15
 Net income                  150        140        120          25
"""
    src = tmp_path / "w.txt"
    src.write_text(text)
    inst = exporter.convert(src)
    sales = {str(f.context.period): f.value for f in inst.facts if f.concept == "xe:Revenues" and not f.context.dims}
    assert sales["2024-04-01..2024-06-30"] == "1400000000"  # only the summary has Q2 2024
    assert "2024-07-01..2024-09-30" in sales
    # the change column is no period: its number is reported, not placed
    assert any(u.text == "15" and "no period" in u.reason for u in inst.unplaced)


@pytest.mark.parametrize("text", ["Sept 30,2025", "Sept 30, 2025", "Sept 30 2025", "Sept. 30 ,2025"])
def test_dates_with_the_year_squeezed_against_the_comma(text):
    assert periods.dates_in(text) == [date(2025, 9, 30)]
