"""The Markdown readers' layouts, each a small hand-made fixture in the shape users' files have:
tables flattened to one cell per line (no markup at all), pipe tables, statements run together
on one line; what the readers must find, with the periods, values and signs they must give."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import read_release, row_values, table_row
from exporter.model import Period

Q2_2025 = Period.duration(date(2025, 4, 1), date(2025, 6, 30))
Q2_2024 = Period.duration(date(2024, 4, 1), date(2024, 6, 30))
FY_2025 = Period.duration(date(2024, 7, 1), date(2025, 6, 30))
FY_2024 = Period.duration(date(2023, 7, 1), date(2024, 6, 30))
JUNE_2025 = Period.instant(date(2025, 6, 30))
JUNE_2024 = Period.instant(date(2024, 6, 30))


def read(tmp_path: Path, text: str, name: str = "release.md"):
    return read_release(tmp_path, text, name)


row, values = table_row, row_values


def lines(*cells: str) -> str:
    return "\n".join(cells) + "\n"


# ---------------------------------------------------------------- one cell per line, no markup

INTRO = "Pelican Freight Inc. today reported results for its fourth quarter of fiscal year 2025, ended June 30, 2025.\n\n"

INCOME_CELLS = lines(
    "PELICAN FREIGHT INC.", "INCOME STATEMENTS", "(In thousands, except per share amounts) (Unaudited)",
    "Three Months Ended", "June 30,", "Twelve Months Ended", "June 30,", "2025", "2024", "2025", "2024",
    "Revenue:",
    "Freight", "$", "4,210", "$", "3,980", "$", "16,020", "$", "15,110",
    "Storage", "1,105", "990", "4,300", "3,870",
    "Total revenue", "5,315", "4,970", "20,320", "18,980",
    "Operating expenses:",
    "Fuel, maintenance and other costs of operating the fleet, net of", "recoveries from customers",
    "2,900", "2,850", "11,640", "11,200",
    "General and administrative", "1,020", "1,050", "4,110", "4,080",
    "Operating income", "1,395", "1,070", "4,570", "3,700",
    "Other income (expense), net", "(45", ")", "12", "(130", ")", "38",
    "Net income", "$", "1,350", "$", "1,082", "$", "4,440", "$", "3,738",
    "Earnings per share:",
    "Basic", "$", "0.45", "$", "0.36", "$", "1.48", "$", "1.25",
    "",
    "The accompanying notes are an integral part of these statements, which should be read together with the annual report.",
)


def test_cells_group_headings_pair_lengths_dates_and_years_in_order(tmp_path):
    _, found = read(tmp_path, INTRO + INCOME_CELLS)
    (t,) = found
    assert t.statement == "income" and t.scale == 3
    assert [c.period for c in t.columns] == [Q2_2025, Q2_2024, FY_2025, FY_2024]
    assert values(t, "Freight") == [4210, 3980, 16020, 15110]  # "$" on a line of its own
    assert values(t, "Other income (expense), net") == [-45, 12, -130, 38]  # ")" on a line of its own
    assert row(t, "Storage").sections == ("Revenue",)  # a label-only row is a section
    assert row(t, "Basic").sections == ("Earnings per share",)
    wrapped = "Fuel, maintenance and other costs of operating the fleet, net of recoveries from customers"
    assert values(t, wrapped) == [2900, 2850, 11640, 11200]  # a label that wraps
    assert row(t, wrapped).sections == ("Operating expenses",)


BALANCE_CELLS = lines(
    "BALANCE SHEETS", "(In thousands) (Unaudited)",
    "June 30,", "2025", "June 30,", "2024",
    "Assets",
    "Current assets:",
    "Cash and cash equivalents", "$", "2,140", "$", "1,870",
    "Accounts receivable, net of allowance for doubtful accounts of", "$", "41", "and $", "37",
    "1,660", "1,540",
    "Total current assets", "3,800", "3,410",
    "Vessels and equipment, net of accumulated depreciation of", "$7,120", "and $6,480", "9,950", "9,400",
    "Total assets", "$", "13,750", "$", "12,810",
    "Stockholders' equity:",
    "Common stock and paid-in capital - shares authorized 900; outstanding", "310", "and 305",
    "5,000", "4,800",
    "Accumulated deficit", "(", "1,250", ")", "(", "1,990", ")",
    "Total stockholders' equity", "3,750", "2,810",
)


@pytest.mark.parametrize("headings", [("June 30,", "2025", "June 30,", "2024"), ("June 30,", "2025", "2024")])
def test_cells_balance_sheet_columns_are_instants(tmp_path, headings):
    # a date over each year, or one date over both
    text = BALANCE_CELLS.replace("June 30,\n2025\nJune 30,\n2024\n", "\n".join(headings) + "\n")
    _, found = read(tmp_path, INTRO + text)
    (t,) = found
    assert t.statement == "balance"
    assert [c.period for c in t.columns] == [JUNE_2025, JUNE_2024]
    assert values(t, "Cash and cash equivalents") == [2140, 1870]
    assert values(t, "Accumulated deficit") == [-1250, -1990]  # "(" and ")" on lines of their own


def test_cells_amounts_inside_a_wrapped_label_are_label_text(tmp_path):
    # "... of" / "$41" / "and $37" / "1,660" / "1,540": the two amounts the label names are words
    # of the label, the row's values are the two that follow it.
    _, found = read(tmp_path, INTRO + BALANCE_CELLS)
    (t,) = found
    assert values(t, "Accounts receivable, net of allowance for doubtful accounts of $41 and $37") == [1660, 1540]
    assert values(t, "Vessels and equipment, net of accumulated depreciation of $7,120 and $6,480") == [9950, 9400]
    assert values(t, "Common stock and paid-in capital - shares authorized 900; outstanding 310 and 305") == [5000, 4800]
    assert not any(r.label.startswith("and ") for r in t.rows)
    assert row(t, "Total current assets").sections == ("Assets", "Current assets")


CASH_CELLS = lines(
    "CASH FLOWS STATEMENTS", "(In thousands) (Unaudited)",
    "Three Months Ended", "June 30,", "Twelve Months Ended", "June 30,", "2025", "2024", "2025", "2024",
    "Operations",
    "Net income", "$", "1,350", "$", "1,082", "$", "4,440", "$", "3,738",
    "Changes in operating assets and liabilities:",
    "Accounts receivable", "(120", ")", "(40", ")", "(210", ")", "(95", ")",
    "Accounts payable", "60", "25", "140", "70",
    "Net cash from operations", "1,290", "1,067", "4,370", "3,713",
    "Financing",
    "Dividends paid", "(300", ")", "(280", ")", "(1,190", ")", "(1,100", ")",
    "Net cash used in financing", "(300", ")", "(280", ")", "(1,190", ")", "(1,100", ")",
    "Investing",
    "Additions to vessels", "(700", ")", "(650", ")", "(2,900", ")", "(2,400", ")",
    "Net cash used in investing", "(700", ")", "(650", ")", "(2,900", ")", "(2,400", ")",
)


def test_cells_a_heading_after_the_rows_of_a_colon_heading_is_its_sibling(tmp_path):
    _, found = read(tmp_path, INTRO + CASH_CELLS)
    (t,) = found
    assert t.statement == "cashflow"
    assert row(t, "Accounts payable").sections == ("Changes in operating assets and liabilities",)
    assert row(t, "Dividends paid").sections == ("Financing",)
    assert row(t, "Additions to vessels").sections == ("Investing",)
    assert values(t, "Dividends paid") == [-300, -280, -1190, -1100]


def test_cells_statements_one_after_another_are_separate_tables(tmp_path):
    _, found = read(tmp_path, INTRO + INCOME_CELLS + BALANCE_CELLS + CASH_CELLS)
    statements = sorted(t.statement for t in found if t.role == "statement")
    assert statements == ["balance", "cashflow", "income"]
    balance = next(t for t in found if t.statement == "balance")
    assert [c.period for c in balance.columns] == [JUNE_2025, JUNE_2024]


def test_cells_numbers_left_out_of_rows_are_reported_unplaced(tmp_path):
    # a row with more values than the headings give columns: the extra one is no fact, and says so
    text = INTRO + lines(
        "BALANCE SHEETS", "(In thousands)", "June 30,", "2025", "June 30,", "2024",
        "Cash and cash equivalents", "2,140", "1,870",
        "Inventories", "510", "480",
        "Prepaid expenses", "77", "66", "55",
        "Total current assets", "2,727", "2,416",
    )
    path = tmp_path / "release.md"
    path.write_text(text)
    out = tmp_path / "out.xml"
    report = tmp_path / "report.json"
    from exporter import cli
    assert cli.main(["convert", str(path), "-o", str(out), "--report", str(report), "-q"]) == 0
    unplaced = json.loads(report.read_text())["unplaced"]
    assert any(u["text"] == "55" and u["reason"] for u in unplaced)


# ---------------------------------------------------------------- pipe tables

PIPE_FOUR = """\
Kestrel Tools Inc. reported its results for the quarter ended April 27, 2025.

**KESTREL TOOLS INC.**
**CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS** (in thousands)

| | **Three Months Ended** | |
|---|---|---|
| | **April 27,** | **April 28,** |
| | **2025** | **2024** |
| Revenue | $ | 44,062 | | | $ | 26,044 |
| Cost of revenue | 9,100 | 6,020 |
| Gross profit | 34,962 | 20,024 |
| Operating expenses | 8,810 | 7,400 |
| Income tax expense | (1,200) | (800) |
| Net income | $ 24,952 | $ 11,824 |
| Net income per share - diluted | $ | 0.98 | | | $ | 0.47 |

**CONDENSED CONSOLIDATED BALANCE SHEETS** (in thousands)

| | **April 27, 2025** | **January 26, 2025** |
|---|---|---|
| Cash and cash equivalents | $ | 15,200 | | | $ | 8,600 |
| Accounts receivable | 6,300 | 5,900 |
| Total assets | $ 21,500 | $ 14,500 |

**CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS** (in thousands)

| | **Three Months Ended** | |
|---|---|---|
| | **April 27, 2025** | **April 28, 2024** |
| Net income | $ 24,952 | $ 11,824 |
| Net cash provided by operating activities | 27,000 | 12,500 |

**SEGMENT REVENUE** (in thousands)

| | **Three Months Ended** | |
|---|---|---|
| | **April 27, 2025** | **April 28, 2024** |
| Hand tools | 30,000 | 18,000 |
| Power tools | 14,062 | 8,044 |
"""

Q1_2026 = Period.duration(date(2025, 1, 27), date(2025, 4, 27))
Q1_2025 = Period.duration(date(2024, 1, 29), date(2024, 4, 28))


def test_pipe_tables_end_at_a_blank_line(tmp_path):
    _, found = read(tmp_path, PIPE_FOUR)
    captions = [t.caption for t in sorted(found, key=lambda t: t.line)]
    assert len(found) == 4, captions
    kinds = [t.statement for t in sorted(found, key=lambda t: t.line)]
    assert kinds[:3] == ["income", "balance", "cashflow"]


BACK_TO_BACK = """\
Heron Mills Ltd. reported results for the year ended December 31, 2024.

| **HERON MILLS LTD.** |
| --- |
| **STATEMENTS OF INCOME** |
| **(In thousands)** | | **2024** | | **2023** |
| Net sales | | 9,400 | | 8,700 |
| Cost of sales | | 6,100 | | 5,800 |
| Net income | | 1,900 | | 1,600 |

| **BALANCE SHEETS** |
| --- |
| **(In thousands)** | | **December 31, 2024** | | **December 31, 2023** |
| Cash | | 2,300 | | 1,800 |
| Total assets | | 12,500 | | 11,900 |

| **CASH FLOWS** |
| --- |
| **(In thousands)** | | **2024** | | **2023** |
| Net cash provided by operating activities | | 2,600 | | 2,100 |
| Net cash used in investing activities | | (900) | | (700) |

| **SELECTED DATA** |
| --- |
| **(In thousands)** | | **2024** | | **2023** |
| Employees | | 410 | | 395 |
"""


def test_pipe_tables_one_blank_line_apart_are_separate_tables(tmp_path):
    # each table opens with a header row over its |---| rule: the blank line before it ends the one above
    _, found = read(tmp_path, BACK_TO_BACK)
    by_line = sorted(found, key=lambda t: t.line)
    assert len(by_line) == 4, [t.caption for t in by_line]
    assert [t.statement for t in by_line[:3]] == ["income", "balance", "cashflow"]
    assert [c.period for c in by_line[1].columns] == [Period.instant(date(2024, 12, 31)),
                                                      Period.instant(date(2023, 12, 31))]
    assert values(by_line[2], "Net cash used in investing activities") == [-900, -700]


def test_pipe_rows_ragged_by_lost_colspans_are_aligned_by_their_values(tmp_path):
    _, found = read(tmp_path, PIPE_FOUR)
    income = next(t for t in found if t.statement == "income")
    assert len(income.columns) == 2
    assert values(income, "Revenue") == [44062, 26044]
    assert values(income, "Cost of revenue") == [9100, 6020]
    assert values(income, "Net income per share - diluted") == [Decimal("0.98"), Decimal("0.47")]
    assert values(income, "Income tax expense") == [-1200, -800]
    balance = next(t for t in found if t.statement == "balance")
    assert values(balance, "Cash and cash equivalents") == [15200, 8600]
    assert values(balance, "Accounts receivable") == [6300, 5900]


def test_pipe_heading_split_over_two_bold_rows(tmp_path):
    _, found = read(tmp_path, PIPE_FOUR)
    income = next(t for t in found if t.statement == "income")
    ends = [c.period.end for c in income.columns]
    assert ends == [date(2025, 4, 27), date(2024, 4, 28)]
    assert all(c.period.start is not None for c in income.columns)  # the length spans both


# ---------------------------------------------------------------- statements run together on one line

RUNON = (
    "Osprey Bio Inc. reported results for the fourth quarter and year ended December 31, 2024.\n\n"
    " OSPREY BIO INC.CONDENSED STATEMENTS OF OPERATIONS(In thousands)\n\n"
    "For the three months ended December 31, For the years ended December 31, 2024 2023 2024 2023 "
    "Revenues \u00a0$\u00a0 \u00a05,100 \u00a0$\u00a0 \u00a04,300 \u00a0$\u00a0 20,400 \u00a0$\u00a0 17,900"
    "Cost of revenues \u00a0 \u00a0 4,000 \u00a0 \u00a0 3,500 \u00a0 \u00a0 16,100 \u00a0 \u00a0 14,600"
    "Operating income \u00a0 \u00a0 1,100 \u00a0 \u00a0 800 \u00a0 \u00a0 4,300 \u00a0 \u00a0 3,300 "
    "Other expense (income):Interest expense Interest on notes \u00a0 \u00a0 300 \u00a0 \u00a0 280 \u00a0 1,150 \u00a0 1,100"
    " Amortization of debt costs \u00a0 \u00a0 40 \u00a0 \u00a0 35 \u00a0 \u00a0 150 \u00a0 \u00a0 140"
    " Other income \u00a0 \u00a0 (20) \u00a0 \u00a0 (15) \u00a0 \u00a0 (80) \u00a0 \u00a0 (60)"
    "Income before income taxes \u00a0 \u00a0 780 \u00a0 \u00a0 500 \u00a0 \u00a0 3,080 \u00a0 \u00a0 2,120"
    " Net income \u00a0$\u00a0 780 \u00a0$\u00a0 500 \u00a0$\u00a0 3,080 \u00a0$\u00a0 2,120\n\n"
    " OSPREY BIO INC.CONDENSED BALANCE SHEETS(In thousands)\n\n"
    " December 31,2024 2023 Assets Current assets: Cash and cash equivalents\u00a0$\u00a0 \u00a0 1,900 "
    "\u00a0$\u00a0 \u00a0 1,200Accounts receivable \u00a0 \u00a0 700 \u00a0 \u00a0 650 Total current assets "
    "\u00a0 2,600 \u00a0 1,850 Total assets $ \u00a0 9,600 \u00a0$ \u00a0 8,850Liabilities and stockholders' "
    "equity Current liabilities: Accounts payable $ \u00a0 500 \u00a0$ \u00a0 450 Total liabilities \u00a0 "
    "3,000 \u00a0 2,900 Stockholders' equity: Accumulated deficit \u00a0 (4,400) \u00a0 (5,050) Total "
    "stockholders' equity \u00a0 6,600 \u00a0 5,950 Total liabilities and stockholders' equity $ \u00a0 "
    "9,600 \u00a0$ \u00a0 8,850\n"
)


def test_runon_balance_sheet_with_a_year_glued_to_its_date(tmp_path):
    # "December 31,2024 2023": no space after the comma
    _, found = read(tmp_path, RUNON)
    balance = next(t for t in found if t.statement == "balance")
    assert [c.period for c in balance.columns] == [Period.instant(date(2024, 12, 31)),
                                                   Period.instant(date(2023, 12, 31))]
    assert values(balance, "Cash and cash equivalents") == [1900, 1200]
    assert values(balance, "Accumulated deficit") == [-4400, -5050]
    assert values(balance, "Total liabilities and stockholders' equity") == [9600, 8850]


def test_runon_heading_glued_to_the_label_after_its_colon(tmp_path):
    # "Other expense (income):Interest expense Interest on notes": two headings, then the label
    _, found = read(tmp_path, RUNON)
    income = next(t for t in found if t.statement == "income")
    notes = row(income, "Interest on notes")
    assert notes.sections == ("Other expense (income)", "Interest expense")
    assert values(income, "Interest on notes") == [300, 280, 1150, 1100]
    assert row(income, "Other income").sections[:1] == ("Other expense (income)",)
    assert values(income, "Other income") == [-20, -15, -80, -60]


LOST_SPANS = """\
Wren Plastics Corp. reported results for the fourth quarter and year ended December 31, 2024.

| **Wren Plastics Corp.** |
| --- |
| **Statements of Income (Unaudited)** |
| (In millions) |
|  | **Three Months Ended**  **December 31,** |  | **Year Ended**  **December 31,** |
| **Reconciliation of Sales:** | **2024** |  | **2023** |  | **2024** |  | **2023** |
| Sales | $      746.5 |  | $      719.0 |  | $   3,240.4 |  | $   3,142.8 |
| Cost of sales | 487.0 |  | 510.1 |  | 2,183.7 |  | 2,250.3 |
| Gross margin | 259.5 |  | 208.9 |  | 1,056.7 |  | 892.5 |
"""


def test_pipe_group_headings_of_another_width_head_their_share_of_the_columns(tmp_path):
    # two period headings in a row of five cells over four columns of values: two columns each;
    # "Reconciliation of Sales:" over the years is a heading row, not a row of figures
    _, found = read(tmp_path, LOST_SPANS)
    (t,) = found
    assert [c.period for c in t.columns] == [
        Period.duration(date(2024, 10, 1), date(2024, 12, 31)), Period.duration(date(2023, 10, 1), date(2023, 12, 31)),
        Period.duration(date(2024, 1, 1), date(2024, 12, 31)), Period.duration(date(2023, 1, 1), date(2023, 12, 31))]
    assert values(t, "Gross margin") == [Decimal("259.5"), Decimal("208.9"), Decimal("1056.7"), Decimal("892.5")]
    assert not any(r.label.startswith("Reconciliation") for r in t.rows)


SPLIT_MARKS = """\
Finch Staffing Inc. reported results for the quarter ended December 29, 2024.

| FINCH STAFFING INC. | | | | | | | | | | | | | |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
| STATEMENTS OF EARNINGS (In millions of dollars) | | | | | | | | | | | | | |
|  |  | **13 Weeks Ended December 29, 2024** |  |  | **13 Weeks Ended December 31, 2023** |  |  | Change | |  | % Change | |  |
| Revenue from services | $ | 1,191.1 |  | $ | 1,232.2 |  | $ | (41.1 | ) |  | (3.3 | ) | % |
| Cost of services |  | 949.6 |  |  | 994.0 |  |  | (44.4 | ) |  | (4.5 | ) | % |
| Gross profit rate |  | 20.3 |  | % | 19.3 |  | % | 1.0 |  | pts. |  |  |  |
| Net earnings (loss) | $ | (31.8 | ) | $ | 12.4 |  | $ | (44.2 | ) |  | NM |  |  |
"""


def test_pipe_split_parentheses_and_marks_in_the_next_columns_cell_keep_the_columns(tmp_path):
    # "(41.1" | ")" and "20.3" | "" | "%": the ")" and "%" close their number; the "%" written in
    # the next column's "$" cell does not fuse the two columns
    _, found = read(tmp_path, SPLIT_MARKS)
    (t,) = found
    assert len(t.columns) == 4
    assert [c.period.end for c in t.columns[:2]] == [date(2024, 12, 29), date(2023, 12, 31)]
    assert values(t, "Revenue from services")[:3] == [Decimal("1191.1"), Decimal("1232.2"), Decimal("-41.1")]
    assert values(t, "Net earnings (loss)")[:3] == [Decimal("-31.8"), Decimal("12.4"), Decimal("-44.2")]
    assert values(t, "Gross profit rate")[:2] == [Decimal("20.3"), Decimal("19.3")]


SHORT_HEADINGS = """\
Lark Capital Corp. reported results for its third quarter ended December 31, 2024.

| Summary of Financial Results – Unaudited | | | | | | |
| --- | --- | --- | --- | --- | --- | --- |
| Financial Results | Quarter ended | | | Nine months ended | | |
| December 31 | | | December 31 | | |
| 2024 | 2023 |  | 2024 | 2023 |  |
| Net investment gain (loss) | 12,304 | (9,116 | ) | 2,810 | (31,409 | ) |
| Total expenses | 5,154 | 1,168 |  | 18,194 | 28,232 |  |

| Financial Position | December 31 | March 31, |
| --- | --- | --- |
| 2024 | 2024 |
| Total assets | 1,208,658 | 1,142,139 |
| Total liabilities | 164,309 | 155,842 |
"""


def test_pipe_heading_rows_short_of_the_label_cell_stand_over_their_columns(tmp_path):
    # "| 2024 | 2023 | | 2024 | 2023 | |" beside rows of seven cells: the label column's empty cell was lost
    _, found = read(tmp_path, SHORT_HEADINGS)
    results, position = sorted(found, key=lambda t: t.line)
    assert [c.period for c in results.columns] == [
        Period.duration(date(2024, 10, 1), date(2024, 12, 31)), Period.duration(date(2023, 10, 1), date(2023, 12, 31)),
        Period.duration(date(2024, 4, 1), date(2024, 12, 31)), Period.duration(date(2023, 4, 1), date(2023, 12, 31))]
    assert values(results, "Net investment gain (loss)") == [12304, -9116, 2810, -31409]
    assert [c.period for c in position.columns] == [Period.instant(date(2024, 12, 31)), Period.instant(date(2024, 3, 31))]


def test_grid_numbers_that_no_column_takes_are_kept_for_unplaced():
    # two numbers in the band of one column: the second is no cell of the table, and is not lost
    from exporter.interpret.grid import GridCell, GridRow, grid_tables

    def row(n, *cells):
        return GridRow(cells=[GridCell(text=t, start=s, end=e, line=n, index=k + 1) for k, (t, s, e) in enumerate(cells)],
                       line=n, index=n)

    grid = [row(1, ("2024", 10, 20), ("2023", 30, 40)),
            row(2, ("Revenue", 0, 8), ("100", 10, 20), ("90", 30, 40)),
            row(3, ("Other income", 0, 8), ("5", 10, 14), ("6", 15, 19), ("7", 30, 40)),
            row(4, ("Net income", 0, 8), ("105", 10, 20), ("97", 30, 40))]
    tables = grid_tables(grid, caption="Statements of Income (in thousands)")
    main = tables[0]
    assert [[c.value if c else None for c in r.cells] for r in main.rows] == [[100, 90], [5, 7], [105, 97]]
    (spare,) = [t for t in tables if t is not main]
    assert [c.period for c in spare.columns] == [None] and spare.role == "other"
    assert [(r.label, r.cells[0].value) for r in spare.rows] == [("Other income", 6)]
    assert any("no column" in w for w in main.warnings)
