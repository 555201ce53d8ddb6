"""The fixed-width text reader (exporter/readers/text.py) on layouts users' files have: EDGAR text
exhibits with SGML table tags, and text renderings of web pages (what `w3m -dump` or a browser's
"save as text" makes of a release).  Each fixture is small and hand-made; it asserts the periods
and values the reader and the shared interpretation stage must give."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from conftest import read_release, row_values, table_row
from exporter import convert
from exporter.model import Period

Q4_2024 = Period.duration(date(2024, 10, 1), date(2024, 12, 31))
Q4_2023 = Period.duration(date(2023, 10, 1), date(2023, 12, 31))
FY_2024 = Period.duration(date(2024, 1, 1), date(2024, 12, 31))
FY_2023 = Period.duration(date(2023, 1, 1), date(2023, 12, 31))
Q3_2003 = Period.duration(date(2003, 7, 1), date(2003, 9, 30))
NINE_2003 = Period.duration(date(2003, 1, 1), date(2003, 9, 30))
NINE_2002 = Period.duration(date(2002, 1, 1), date(2002, 9, 30))


def read(tmp_path: Path, text: str, name: str = "release.txt"):
    return read_release(tmp_path, text, name)


row, values = table_row, row_values


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


# ---------------------------------------------------------------- blank spacer lines, page breaks

SPACED = """\
Harbor Lights Corp.
Condensed Consolidated Statements of Operations
(In thousands)

                                        Three Months Ended December 31,
                                        2024              2023

Revenue                                 $ 8,410           $ 7,950

Cost of revenue                         3,220             3,105



Gross profit                            5,190             4,845

Operating expenses                      3,015             2,990

Operating income                        2,175             1,855
"""


def test_blank_spacer_lines_do_not_part_a_table_whose_columns_line_up(tmp_path):
    _, found = read(tmp_path, SPACED)
    (income,) = found  # three blank lines, then a row in the very columns of the row above
    assert periods(income) == [Q4_2024, Q4_2023]
    assert values(income, "Operating income") == [Decimal(2175), Decimal(1855)]


OVERLAPPING = """\
Condensed Consolidated Balance Sheets
(In thousands)
                                     December 31,  December 31,
                                        2024          2023
Cash                                  12,345       11,020
Receivables                            4,410        3,975
Goodwill                        1,234,567  2,345,678
Long-term investments                      912      1,004
"""


def test_two_columns_whose_numbers_run_into_each_other_keep_both_values(tmp_path):
    _, found = read(tmp_path, OVERLAPPING)
    (balance,) = found
    assert len(balance.columns) == 2
    assert values(balance, "Cash") == [Decimal(12345), Decimal(11020)]
    assert values(balance, "Goodwill") == [Decimal(1234567), Decimal(2345678)]
    assert values(balance, "Long-term investments") == [Decimal(912), Decimal(1004)]


PAGE_BREAK = """\
                               EXAMPLE HOLDINGS INC.
                        CONSOLIDATED STATEMENT OF CASH FLOWS
                                    (MILLIONS)

<TABLE>
<CAPTION>
                                                         NINE MONTHS ENDED SEPTEMBER 30,
                                                            2003            2002
                                                          --------        --------
<S>                                                       <C>             <C>
OPERATIONS
Net income ..........................................     $    410        $    365
Depreciation and amortization .......................          220             205
                                                          --------        --------
Cash provided by operations .........................          630             570
</TABLE>

                                       11
<PAGE>

<TABLE>
<S>                                                       <C>             <C>
FINANCING ACTIVITIES
Borrowings ..........................................          150             300
Debt repayments .....................................         (275)           (180)
                                                          --------        --------
Cash provided (used) by financing activities ........         (125)            120
</TABLE>
"""


def test_a_statement_split_by_a_page_break_keeps_its_periods_on_the_second_page(tmp_path):
    _, found = read(tmp_path, PAGE_BREAK)
    first, rest = found
    assert periods(first) == [NINE_2003, NINE_2002]
    assert periods(rest) == [NINE_2003, NINE_2002]
    assert rest.statement == "cashflow" and rest.scale == 6
    assert values(rest, "Debt repayments") == [Decimal(-275), Decimal(-180)]


# ---------------------------------------------------------------- headings over their columns

SPLIT_HEADING = """\
Northwind Tools Inc. Reports Fourth Quarter and Full Year 2024 Results

Condensed Consolidated Statements of Income
(in thousands)
                                       Three months         Year
                                          ended             ended
                                       December 31,      December 31,
                                     2024      2023     2024      2023
Net sales                          $ 4,120   $ 3,880  $16,200   $15,100
Cost of sales                        2,410     2,300    9,540     9,010
Gross profit                         1,710     1,580    6,660     6,090
"""


def test_a_heading_split_over_separate_lines_still_gives_each_group_its_length(tmp_path):
    _, found = read(tmp_path, SPLIT_HEADING)
    (income,) = found
    assert periods(income) == [Q4_2024, Q4_2023, FY_2024, FY_2023]


NO_LENGTH = """\
Bayfront Instruments Reports Third Quarter 2024 Results

BOSTON, October 28, 2024 -- Bayfront Instruments Inc. today announced results for its third
quarter ended September 30, 2024.

Condensed Consolidated Balance Sheets
(In thousands)
                                          September 30,    December 31,
                                              2024             2023
Cash and cash equivalents                   $ 5,310          $ 4,870
Total assets                                 21,400           20,950

Condensed Consolidated Statements of Cash Flows
(In thousands)
                                          For the Period Ended September 30,
                                              2024             2023
Cash flows from operating activities:
Net income                                  $ 1,020          $   940
Depreciation                                    410              395
Net cash provided by operating activities     1,430            1,335
Net cash used in investing activities          (990)            (870)
Net increase in cash and cash equivalents       440              465
Cash and cash equivalents at beginning of period 4,870          4,210
Cash and cash equivalents at end of period    $ 5,310          $ 4,675
"""


def test_a_cash_flow_heading_without_a_length_covers_the_release_fiscal_year_to_date(tmp_path):
    _, found = read(tmp_path, NO_LENGTH)
    cash = next(t for t in found if t.statement == "cashflow")
    nine_2024 = Period.duration(date(2024, 1, 1), date(2024, 9, 30))
    nine_2023 = Period.duration(date(2023, 1, 1), date(2023, 9, 30))
    # (the opening cash, 4,870, is the balance sheet's December 31, 2023 figure: nine months)
    assert periods(cash) == [nine_2024, nine_2023]


def test_a_cash_flow_heading_without_a_length_stays_without_one_when_the_opening_cash_contradicts(tmp_path):
    text = NO_LENGTH.replace("at beginning of period 4,870", "at beginning of period 4,999")
    _, found = read(tmp_path, text)
    cash = next(t for t in found if t.statement == "cashflow")
    assert periods(cash) == [None, None]


def test_a_flush_left_colon_heading_ends_at_the_row_that_sums_it_up(tmp_path):
    _, found = read(tmp_path, NO_LENGTH)
    cash = next(t for t in found if t.statement == "cashflow")
    assert row(cash, "Depreciation").sections == ("Cash flows from operating activities",)
    assert row(cash, "Net cash provided by operating activities").sections == ("Cash flows from operating activities",)
    assert row(cash, "Net cash used in investing activities").sections == ()


def test_a_line_of_years_after_rows_starts_the_next_table(tmp_path):
    _, found = read(tmp_path, NO_LENGTH)
    assert [t.statement for t in found] == ["balance", "cashflow"]


# ---------------------------------------------------------------- the shared stage, any format

BOLD_SECTIONS = """\
Condensed Consolidated Statements of Cash Flows

| | Six Months Ended June 30, 2024 | Six Months Ended June 30, 2023 |
|---|---|---|
| **Financing activities** | | |
| Loans received | 7,210 | 9,050 |
| Dividends paid | (950) | (890) |
| | 6,260 | 8,160 |
| **Stockholders' equity** | | |
| Common stock | 1,000 | 1,000 |
| Retained earnings | 2,500 | 2,100 |
| | 3,500 | 3,100 |
| Less: treasury shares | (400) | (300) |
| Total stockholders' equity | 3,100 | 2,800 |
"""


def test_a_bold_heading_flush_left_heads_its_rows_and_names_their_unlabelled_sum(tmp_path):
    _, found = read(tmp_path, BOLD_SECTIONS, name="release.md")
    (table,) = found
    assert row(table, "Dividends paid").sections[-1] == "Financing activities"
    assert values(table, "Total financing activities") == [Decimal(6260), Decimal(8160)]
    # a sum printed above the section's own total is a subtotal, not a second "Total"
    assert values(table, "Subtotal stockholders' equity") == [Decimal(3500), Decimal(3100)]
    assert values(table, "Total stockholders' equity") == [Decimal(3100), Decimal(2800)]


# ---------------------------------------------------------------- nothing lost in silence

STRAY = """\
Orchard Labs Reports Second Quarter 2024 Results

Highlights
Revenue                                   $ 1,250        $ 1,110

Orchard Labs Inc. (NASDAQ: ORLB) today reported results for its second quarter ended June 30,
2024, with revenue rising on demand for its products.

Condensed Consolidated Statements of Operations
(In thousands)
                                          Three Months Ended June 30,
                                             2024           2023
Revenue                                   $ 1,250        $ 1,110
Cost of revenue                               610            575
Gross profit                                  640            535
"""


def test_a_stray_line_of_numbers_ends_unplaced_with_a_reason(tmp_path):
    path = tmp_path / "orchard-2024q2.txt"
    path.write_text(STRAY)
    instance = convert(path)
    stray = [u for u in instance.unplaced if u.line == 4]
    assert sorted(u.text for u in stray) == ["$ 1,110", "$ 1,250"]
    assert all(u.reason for u in stray)
    # and the statement below it is read as before
    q2 = Period.duration(date(2024, 4, 1), date(2024, 6, 30))
    assert any(f.context.period == q2 and f.value == "640000" for f in instance.facts)


SPACED_DATE_AND_PAGE_TITLE = """\
                                       12
<PAGE>
                               EXAMPLE MEDIA INC.
                    SUPPLEMENTAL FINANCIAL INFORMATION
                           (MILLIONS, UNAUDITED)

Example Media evaluates its performance on free cash flow, which it defines as cash provided
by operations less capital expenditures and principal payments on capital leases, a measure
that it believes helps investors understand the business.


<TABLE>
<CAPTION>
                                               THREE MONTHS ENDED          NINE MONTHS ENDED
                                                  SEPTEMBER  30,             SEPTEMBER 30,
                                               ------------------          -----------------
                                                2003        2002            2003        2002
                                               ------      ------          ------      ------
<S>                                            <C>         <C>             <C>         <C>
Cash provided by operations ..............     $  410      $  395          $1,210      $1,105
Capital expenditures .....................       (120)       (110)           (350)       (330)
                                               ------      ------          ------      ------
Free cash flow ...........................     $  290      $  285          $  860      $  775
</TABLE>
"""


def test_a_date_spaced_out_over_its_columns_and_the_page_title_above_a_paragraph(tmp_path):
    _, found = read(tmp_path, SPACED_DATE_AND_PAGE_TITLE)
    (table,) = found
    assert periods(table) == [Q3_2003, Period.duration(date(2002, 7, 1), date(2002, 9, 30)), NINE_2003, NINE_2002]
    assert table.columns[1].header.startswith("THREE MONTHS ENDED SEPTEMBER 30, 2002")
    # the scale is the page title's, above the paragraph that introduces the table
    assert table.scale == 6


PAGE_INSIDE = """\
                         CONSOLIDATED STATEMENT OF OPERATIONS
                                   (MILLIONS)

                                              YEAR ENDED DECEMBER 31,
                                                2003          2002
Revenues ...............................      $  9,100      $  8,750
Costs of revenues ......................        (5,200)       (5,010)

                                       7
<PAGE>
Selling, general and administrative ....        (2,100)       (2,040)
Operating income .......................         1,800         1,700
"""


def test_a_page_number_inside_a_table_is_no_row(tmp_path):
    _, found = read(tmp_path, PAGE_INSIDE)
    (income,) = found
    assert [r.label for r in income.rows] == ["Revenues", "Costs of revenues", "Selling, general and administrative",
                                              "Operating income"]
    assert periods(income)[0] == Period.duration(date(2003, 1, 1), date(2003, 12, 31))


SUBSIDIARIES = """\
                        Riverbend Energy Group
                     Earnings by Subsidiary (In Millions)

                                        Three Months Ended December 31,
                                           2024           2023
Northern Light & Power
Operating revenues                        $  410         $  395
Net income                                    52             48
Coastal Gas Company
Operating revenues                           220            231
Net income                                    19             22
"""


def test_a_subsidiary_name_heads_its_block_of_rows(tmp_path):
    _, found = read(tmp_path, SUBSIDIARIES)
    (table,) = found
    sections = [(r.sections, r.label) for r in table.rows]
    assert sections == [(("Northern Light & Power",), "Operating revenues"), (("Northern Light & Power",), "Net income"),
                        (("Coastal Gas Company",), "Operating revenues"), (("Coastal Gas Company",), "Net income")]


SPACED_LONG_LABELS = """\
Condensed Consolidated Statements of Cash Flows
(In millions)
                                                            Year Ended December 31,
                                                            2024            2023

Net income                                                  $ 1,210         $ 1,050

Adjustments to reconcile net income to net cash provided by operating activities

Depreciation and amortization                               430             410

Changes in operating assets and liabilities, and other, net of acquisition

effects                                                     (120)           85

Net cash provided by operating activities                   1,520           1,545
"""


def test_long_labels_between_spacer_lines_are_rows_and_headings_not_paragraphs(tmp_path):
    _, found = read(tmp_path, SPACED_LONG_LABELS)
    (cash,) = found
    assert periods(cash) == [FY_2024, FY_2023]
    label = "Changes in operating assets and liabilities, and other, net of acquisition effects"
    assert values(cash, label) == [Decimal(-120), Decimal(85)]
    assert values(cash, "Net cash provided by operating activities") == [Decimal(1520), Decimal(1545)]
    # the heading set apart by spacer lines heads the adjustments, up to the total that sums it up
    heading = "Adjustments to reconcile net income to net cash provided by operating activities"
    assert row(cash, "Depreciation and amortization").sections == (heading,)
    assert row(cash, "Net income").sections == ()


RULED_GROUPS = """\
Condensed Consolidated Statements of Income
(In thousands)
                                Three Months           Twelve Months
                                  -----------------    -----------------
                                  December 31,         December 31,
                                   2024      2023       2024      2023
Revenue                           $ 3,310   $ 3,050    $12,880   $11,940
Operating income                      612       555      2,390     2,170
"""


def test_a_dashed_rule_under_a_group_title_marks_the_columns_it_spans(tmp_path):
    _, found = read(tmp_path, RULED_GROUPS)
    (income,) = found
    assert periods(income) == [Q4_2024, Q4_2023, FY_2024, FY_2023]
    assert [c.header.split(" December")[0] for c in income.columns] == ["Three Months"] * 2 + ["Twelve Months"] * 2


CHANGE_COLUMN = """\
                         Example Utility Company
                    Analysis of Consolidated Earnings
                        (In Millions of Dollars)

                                  3 Months Ended December
                                 ------------------------
                                  2004      2003    Change
                                  ----      ----    ------
Retail Revenue                   $2,100    $1,950    $150
Total Revenues                    2,600     2,410     190
"""


def test_a_heading_centred_over_two_years_and_a_change_spans_all_three(tmp_path):
    _, found = read(tmp_path, CHANGE_COLUMN)
    (table,) = found
    q4 = [Period.duration(date(2004, 10, 1), date(2004, 12, 31)), Period.duration(date(2003, 10, 1), date(2003, 12, 31))]
    assert periods(table) == q4 + [None]  # the change column is no period's amounts
    assert "3 Months Ended December" in table.columns[2].header


QUARTERS_THEN_YEARS = """\
Recast Results
(In millions)
                                     Three Months Ended                                Year Ended
                                     December     September    June 30,    March 31,
                                     31,          30,          2024        2024        2024         2023
                                     2024         2024
Net revenues                         $ 2,706      $ 2,498      $ 2,419     $ 2,303     $ 9,926      $ 9,298
Cost of net revenues                 590          556          560         514         2,220        2,005
"""


def test_a_date_over_the_last_quarter_does_not_spread_into_the_year_columns(tmp_path):
    _, found = read(tmp_path, QUARTERS_THEN_YEARS)
    (table,) = found
    got = periods(table)
    assert got[:4] == [Q4_2024, Period.duration(date(2024, 7, 1), date(2024, 9, 30)),
                       Period.duration(date(2024, 4, 1), date(2024, 6, 30)), Period.duration(date(2024, 1, 1), date(2024, 3, 31))]
    # "March 31," is the first quarter's date, not the years' (which the heading does not date)
    assert all(p is None or p.end.month == 12 for p in got[4:])
