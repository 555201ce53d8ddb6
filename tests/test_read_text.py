"""The fixed-width text reader (exporter/readers/text.py) on layouts users' files have: EDGAR text
exhibits with SGML table tags, and text renderings of web pages (what `w3m -dump` or a browser's
"save as text" makes of a release).  Each fixture is small and hand-made; it asserts the periods
and values the reader and the shared interpretation stage must give."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from exporter import convert, sources, tables
from exporter.model import Period

Q4_2024 = Period.duration(date(2024, 10, 1), date(2024, 12, 31))
Q4_2023 = Period.duration(date(2023, 10, 1), date(2023, 12, 31))
FY_2024 = Period.duration(date(2024, 1, 1), date(2024, 12, 31))
FY_2023 = Period.duration(date(2023, 1, 1), date(2023, 12, 31))
Q3_2003 = Period.duration(date(2003, 7, 1), date(2003, 9, 30))
NINE_2003 = Period.duration(date(2003, 1, 1), date(2003, 9, 30))
NINE_2002 = Period.duration(date(2002, 1, 1), date(2002, 9, 30))


def read(tmp_path: Path, text: str, name: str = "release.txt"):
    path = tmp_path / name
    path.write_text(text)
    doc = sources.load(path)
    return doc, tables.find(doc)


def row(table, label: str):
    return next(r for r in table.rows if r.label == label)


def values(table, label: str) -> list[Decimal | None]:
    return [c.value if c is not None else None for c in row(table, label).cells]


def periods(table) -> list[Period | None]:
    return [c.period for c in table.columns]


def by_caption(found, word: str):
    return next(t for t in found if word.lower() in t.caption.lower())


# ---------------------------------------------------------------- a web page rendered as text

PAGE = """\
Lakeside Widgets Inc. Reports Fourth Quarter 2024 Results

SPRINGFIELD, February 3, 2025 -- Lakeside Widgets Inc. today reported results for the fourth quarter
and the year ended December 31, 2024.

Lakeside Widgets Inc.
Unaudited Condensed Consolidated Balance Sheet

                                               December 31,   December 31,
                                               2024           2023
                                               (In millions)

ASSETS
Current assets:
Cash and cash equivalents                      $  1,210       $  1,105
Accounts receivable, net                       415            388
Total current assets                           1,625          1,493
Property and equipment, net                    902            871
Total assets                                   $  2,527       $  2,364
LIABILITIES AND STOCKHOLDERS' EQUITY
Current liabilities:
Accounts payable                               $  240         $  231
Accrued compensation and other current liabilities 318        297
Total current liabilities                      558            528
Total stockholders' equity                     1,969          1,836
Total liabilities and stockholders' equity     $  2,527       $  2,364


4
━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━


Lakeside Widgets Inc.
Unaudited Condensed Consolidated Statement of Income
                                                       Three Months Ended       Year Ended
                                                       December 31,             December 31,
                                                       2024         2023        2024         2023
                                                       (In millions, except per share amounts)

Net revenues                                           $ 1,402      $ 1,310     $ 5,388      $ 5,016
Cost of net revenues ^(1)                              520          497         2,011        1,902
Gross profit                                           882          813         3,377        3,114
Operating expenses ^(1)                                611          590         2,402        2,290
Income from operations                                 271          223         975          824
Net income                                             $ 204        $ 168       $ 731        $ 612

Net income per share:
Basic                                                  $ 0.84       $ 0.69      $ 3.01       $ 2.52
Diluted                                                $ 0.83       $ 0.68      $ 2.98       $ 2.49


5
━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━
"""


def test_a_page_number_between_two_statements_is_no_row_and_no_column(tmp_path):
    _, found = read(tmp_path, PAGE)
    balance = by_caption(found, "balance sheet")
    income = by_caption(found, "statement of income")
    assert balance is not income
    assert len(balance.columns) == 2 and len(income.columns) == 4
    # the page number "4" under the last row is no row of the balance sheet
    assert all(r.label for r in balance.rows)
    assert row(balance, "Total liabilities and stockholders' equity").line < income.line


def test_headings_over_flush_left_section_rows_give_the_balance_sheet_dates(tmp_path):
    _, found = read(tmp_path, PAGE)
    balance = by_caption(found, "balance sheet")
    # "ASSETS" / "Current assets:" between the dates and the first row are sections, not the end
    # of the heading
    assert periods(balance) == [Period.instant(date(2024, 12, 31)), Period.instant(date(2023, 12, 31))]
    assert balance.scale == 6
    assert row(balance, "Cash and cash equivalents").sections[-1] == "Current assets"


def test_a_label_one_space_from_its_first_value_is_still_a_row(tmp_path):
    _, found = read(tmp_path, PAGE)
    balance = by_caption(found, "balance sheet")
    assert values(balance, "Accrued compensation and other current liabilities") == [Decimal(318), Decimal(297)]


def test_a_heading_left_aligned_over_two_year_columns_spans_both(tmp_path):
    _, found = read(tmp_path, PAGE)
    income = by_caption(found, "statement of income")
    assert periods(income) == [Q4_2024, Q4_2023, FY_2024, FY_2023]
    assert values(income, "Net revenues") == [Decimal(1402), Decimal(1310), Decimal(5388), Decimal(5016)]


def test_a_superscript_note_mark_rendered_as_text_leaves_the_label(tmp_path):
    _, found = read(tmp_path, PAGE)
    income = by_caption(found, "statement of income")
    assert values(income, "Cost of net revenues")[0] == Decimal(520)


def test_a_colon_heading_flush_left_heads_the_rows_at_its_indentation(tmp_path):
    _, found = read(tmp_path, PAGE)
    income = by_caption(found, "statement of income")
    assert row(income, "Basic").sections == ("Net income per share",)
    assert row(income, "Diluted").sections == ("Net income per share",)


def test_the_page_converts_with_its_per_share_figures(tmp_path):
    path = tmp_path / "lakeside-2024q4.txt"
    path.write_text(PAGE)
    instance = convert(path)
    per_share = {(f.context.period, f.value) for f in instance.facts if f.unit is not None and "shares" in f.unit.id}
    assert (Q4_2024, "0.84") in per_share and (FY_2023, "2.49") in per_share


# ---------------------------------------------------------------- EDGAR text with SGML table tags

EDGAR_BALANCE = """\
                                EXAMPLE MEDIA INC.
                           CONSOLIDATED BALANCE SHEET
                                   (UNAUDITED)

<TABLE>
<CAPTION>
                                                       SEPTEMBER 30,  DECEMBER 31,
                                                       -------------  ------------
                                                        2003            2002
                                                        ----            ----
                                                          (MILLIONS, EXCEPT
                                                          PER SHARE AMOUNTS)
<S>                                                    <C>            <C>
ASSETS
CURRENT ASSETS
Cash and equivalents ................................   $     812     $     640
Receivables, less allowances of $1.25 and $1.31 .....       2,105         2,290
                                                        ---------     ---------
Total current assets ................................       2,917         2,930

Film costs ..........................................       1,004           951
                                                        ---------     ---------
Total assets ........................................   $   3,921     $   3,881
                                                        =========     =========

SHAREHOLDERS' EQUITY
Series B common stock, $0.01 par value, 52.7 million shares
      outstanding in each period ....................           1             1
Paid-in capital .....................................       3,920         3,880
                                                        ---------     ---------
Total shareholders' equity ..........................   $   3,921     $   3,881
                                                        =========     =========
</TABLE>
"""


def test_month_day_over_rules_and_years_below_give_each_column_its_date(tmp_path):
    _, found = read(tmp_path, EDGAR_BALANCE)
    (balance,) = found
    assert periods(balance) == [Period.instant(date(2003, 9, 30)), Period.instant(date(2002, 12, 31))]
    assert balance.scale == 6
    assert values(balance, "Total assets") == [Decimal(3921), Decimal(3881)]


def test_a_long_wrapped_label_with_numbers_in_it_is_one_row_of_the_same_table(tmp_path):
    _, found = read(tmp_path, EDGAR_BALANCE)
    (balance,) = found  # the 60-character label line does not part the table as prose would
    label = "Series B common stock, $0.01 par value, 52.7 million shares outstanding in each period"
    assert values(balance, label) == [Decimal(1), Decimal(1)]
    assert values(balance, "Receivables, less allowances of $1.25 and $1.31") == [Decimal(2105), Decimal(2290)]


EDGAR_INCOME = """\
<TABLE>
<CAPTION>
                                                THREE MONTHS ENDED          NINE MONTHS ENDED
                                                   SEPTEMBER 30,              SEPTEMBER 30,
                                              ----------------------      ----------------------
                                                2003          2002         2003           2002
                                              --------      --------      --------      --------
                                                        (MILLIONS, EXCEPT PER SHARE AMOUNTS)
<S>                                           <C>           <C>           <C>           <C>
Revenues ...............................      $  2,400      $  2,210      $  7,020      $  6,480
Costs of revenues ......................        (1,300)       (1,250)       (3,900)       (3,700)
Selling, general and administrative ....          (520)         (500)       (1,560)       (1,490)
Restructuring costs ....................           (12)          (30)          (41)          (66)
Amortization of intangible assets ......           (50)          (45)         (148)         (131)
Gain on disposal of assets .............            --            --            19            --
                                              --------      --------      --------      --------

Operating income .......................           518           385         1,390         1,093
                                              ========      ========      ========      ========

Basic income per common share before
      discontinued operations ..........      $   0.30      $   0.20      $   0.81      $   0.55
Discontinued operations ................            --          0.03            --          0.04
                                              --------      --------      --------      --------
Basic net income per common share ......      $   0.30      $   0.23      $   0.81      $   0.59
                                              ========      ========      ========      ========
</TABLE>
"""


def test_a_long_run_of_deductions_adds_into_the_total_below_it(tmp_path):
    _, found = read(tmp_path, EDGAR_INCOME)
    (income,) = found
    assert periods(income)[0] == Q3_2003 and periods(income)[3] == NINE_2002
    # revenues plus the six lines printed as deductions make operating income in every column
    for label in ("Costs of revenues", "Selling, general and administrative", "Restructuring costs",
                  "Amortization of intangible assets"):
        assert row(income, label).contribution, label


def test_rows_adding_into_a_per_share_total_are_per_share_amounts(tmp_path):
    _, found = read(tmp_path, EDGAR_INCOME)
    (income,) = found
    disc = row(income, "Discontinued operations")
    assert disc.sections[-1] == "Basic net income per common share"
    assert values(income, "Discontinued operations") == [None, Decimal("0.03"), None, Decimal("0.04")]
