"""Fiscal calendars, headings without a length, and statements run together on one line.

Each layout is a small hand-made release (invented companies and numbers), written in every format
where it occurs -- fixed-width text, Markdown pipe tables, HTML -- and read with ``tables.find`` or
converted, asserting the periods and values."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from exporter import convert, periods, sources, tables
from exporter.document import Line
from exporter.interpret import captions, columns
from exporter.model import Column, Period, Table

FORMATS = ("txt", "md", "htm")


def quarter(end: date, months: int = 3) -> Period:
    return periods.duration_before(end, periods.Length(months=months))


# ---------------------------------------------------------------- writing one release in each format

def release(fmt: str, title: str, prose: list[str], statements: list[tuple[str, list[list[str]], list[tuple]]]) -> str:
    """A release: a title, prose paragraphs and statements, each (caption, heading rows, rows); a
    heading row holds one text per value column, a row is (label, values)."""
    if fmt == "txt":
        out = [title, ""]
        for p in prose:
            out += [p, ""]
        for caption, heads, rows in statements:
            out += [caption, ""]
            for h in heads:
                out.append(" " * 44 + "".join(f"{x:>22}" for x in h))
            for label, values in rows:
                out.append(f"{label:<44}" + "".join(f"{v:>22}" for v in values))
            out += ["", "", "", ""]  # (the text reader joins tables whose columns line up across fewer)
        return "\n".join(out) + "\n"
    if fmt == "md":
        out = [f"# {title}", ""]
        for p in prose:
            out += [p, ""]
        for caption, heads, rows in statements:
            out += [f"**{caption}**", ""]
            out.append("| | " + " | ".join(heads[0]) + " |")
            out.append("| --- |" + " --- |" * len(heads[0]))
            for h in heads[1:]:
                out.append("| | " + " | ".join(h) + " |")
            for label, values in rows:
                out.append(f"| {label} | " + " | ".join(values) + " |")
            out.append("")
        return "\n".join(out) + "\n"
    out = ["<html><body>", f"<h1>{title}</h1>"]
    for p in prose:
        out.append(f"<p>{p}</p>")
    for caption, heads, rows in statements:
        out.append(f"<p><b>{caption}</b></p>")
        out.append("<table>")
        for h in heads:
            out.append("<tr><td></td>" + "".join(f"<td>{x}</td>" for x in h) + "</tr>")
        for label, values in rows:
            out.append(f"<tr><td>{label}</td>" + "".join(f"<td>{v}</td>" for v in values) + "</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def read(tmp_path, fmt: str, text: str):
    path = tmp_path / f"release.{fmt}"
    path.write_text(text, encoding="utf-8")
    doc = sources.load(path)
    return doc, tables.find(doc)


def table_with(found, label: str) -> Table:
    return next(t for t in found if any(r.label == label for r in t.rows))


def row_values(table: Table, label: str) -> list:
    row = next(r for r in table.rows if r.label == label)
    return [c.value if c is not None else None for c in row.cells]


def by_heading(table: Table) -> dict:
    return {" ".join(c.header.split()): c.period for c in table.columns}


# ---------------------------------------------------------------- the title's fiscal period

@pytest.mark.parametrize("title, period, year", [
    ("Nimbus Analytics Reports Q1 FY26 Results", "Q1", 2026),
    ("Nimbus Analytics Announces First Quarter Fiscal 2026 Results", "Q1", 2026),
    ("Nimbus Analytics Reports Fiscal 2025 fourth quarter results", "Q4", 2025),
    ("Nimbus Analytics Q4 FY2024 Financial Results", "Q4", 2024),
    ("Nimbus Analytics FY25 Q3 Earnings", "Q3", 2025),
    ("Nimbus Analytics reports fiscal year 2025 results", "FY", 2025),
    ("Nimbus Analytics Announces Results for Fourth Quarter and Fiscal 2024", "Q4", 2024),
    ("Nimbus Analytics Reports Fourth Quarter and Twelve Months 2024 Results", "Q4", 2024),
    ("Nimbus Bancorp Announces 2024 3rd Quarter Financial Results", "Q3", 2024),
    # an outlook for the next year is not the quarter's year
    ("Nimbus Analytics Reports Fourth Quarter Results; Provides Fiscal 2025 Outlook", "Q4", None),
])
def test_the_title_sets_the_documents_fiscal_period(title, period, year):
    info = sources.describe([Line(1, title)])
    assert (info.fiscal_period, info.fiscal_year) == (period, year)


# ---------------------------------------------------------------- fiscal-quarter headings

JUNE_YEAR_END = [
    "Condensed Consolidated Statements of Operations (in thousands)",
    [["Three Months Ended", "Three Months Ended"], ["September 30,", "September 30,"], ["2025", "2024"]],
    [("Revenue", ["4,310", "3,905"]), ("Cost of revenue", ["1,720", "1,610"]), ("Gross profit", ["2,590", "2,295"]),
     ("Operating expenses", ["1,990", "1,870"]), ("Net income", ["600", "425"])],
]
JUNE_SUMMARY = [
    "Quarterly Results Summary (in thousands)",
    [["Q1 FY26", "Q4 FY25", "Q1 FY25", "Fiscal 2025"]],
    [("Revenue", ["4,310", "4,120", "3,905", "16,240"]), ("Gross profit", ["2,590", "2,480", "2,295", "9,710"]),
     ("Net income", ["600", "575", "425", "2,230"])],
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_fiscal_quarter_headings_follow_a_june_year_end(tmp_path, fmt):
    text = release(fmt, "Nimbus Analytics Announces First Quarter Fiscal 2026 Results",
                   ["SEATTLE, Oct. 28, 2025 -- Nimbus Analytics today reported results for its first quarter."],
                   [JUNE_SUMMARY, JUNE_YEAR_END])
    doc, found = read(tmp_path, fmt, text)
    assert (doc.info.fiscal_period, doc.info.fiscal_year) == ("Q1", 2026)
    summary = next(t for t in found if "Quarterly Results Summary" in t.caption)
    assert [c.period for c in summary.columns] == [
        quarter(date(2025, 9, 30)),  # Q1 FY26: July to September 2025
        quarter(date(2025, 6, 30)),  # Q4 FY25
        quarter(date(2024, 9, 30)),  # Q1 FY25
        Period.duration(date(2024, 7, 1), date(2025, 6, 30)),  # fiscal 2025: July 2024 to June 2025
    ]
    assert row_values(summary, "Net income") == [600, 575, 425, 2230]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_52_53_week_calendar_takes_the_printed_end_dates(tmp_path, fmt):
    statement = [
        "Consolidated Statements of Income (in thousands)",
        [["13 Weeks Ended", "13 Weeks Ended", "52 Weeks Ended", "53 Weeks Ended"],
         ["February 1,", "February 3,", "February 1,", "February 3,"], ["2025", "2024", "2025", "2024"]],
        [("Net sales", ["52,400", "50,100", "180,900", "176,300"]), ("Cost of sales", ["30,100", "29,200", "104,800", "103,700"]),
         ("Net income", ["6,200", "5,800", "19,100", "18,400"])],
    ]
    summary = [
        "Quarterly Summary (in thousands)",
        [["Q4 FY2025", "Q3 FY2025", "Q4 FY2024", "FY2025"]],
        [("Net sales", ["52,400", "44,300", "50,100", "180,900"]), ("Net income", ["6,200", "4,100", "5,800", "19,100"])],
    ]
    text = release(fmt, "Tallow & Pine Stores Reports Fourth Quarter Fiscal 2025 Results",
                   ["OMAHA, March 12, 2025 -- Tallow & Pine Stores, Inc. reported its results."], [summary, statement])
    _, found = read(tmp_path, fmt, text)
    t = next(t for t in found if "Quarterly Summary" in t.caption)
    p = [c.period for c in t.columns]
    assert p[0] == Period.duration(date(2024, 11, 3), date(2025, 2, 1))  # the printed 13 weeks
    assert p[2] == Period.duration(date(2023, 11, 5), date(2024, 2, 3))
    assert p[3] == Period.duration(date(2024, 2, 4), date(2025, 2, 1))  # the printed 52 weeks
    assert abs((p[1].end - date(2024, 11, 2)).days) <= 7 and p[1].months == 3  # no printed dates: about


@pytest.mark.parametrize("fmt", FORMATS)
def test_without_a_title_the_dated_columns_give_the_fiscal_period(tmp_path, fmt):
    statement = [
        "Condensed Consolidated Statements of Operations (in thousands)",
        [["Three Months Ended", "Three Months Ended", "Nine Months Ended", "Nine Months Ended"],
         ["September 30,"] * 4, ["2024", "2023", "2024", "2023"]],
        [("Revenue", ["8,100", "7,700", "23,900", "22,500"]), ("Net income", ["910", "840", "2,610", "2,380"])],
    ]
    summary = ["Key Quarterly Figures (in thousands)", [["Q3 2024", "Q2 2024", "Q3 2023"]],
               [("Revenue", ["8,100", "7,950", "7,700"]), ("Net income", ["910", "880", "840"])]]
    text = release(fmt, "Harbor Lantern Corp. results", ["Harbor Lantern Corp. published its results."],
                   [summary, statement])
    doc, found = read(tmp_path, fmt, text)
    t = next(t for t in found if "Key Quarterly" in t.caption)
    assert [c.period for c in t.columns] == [quarter(date(2024, 9, 30)), quarter(date(2024, 6, 30)), quarter(date(2023, 9, 30))]


def test_a_title_without_the_year_names_the_fiscal_year_for_the_year_it_ends_in():
    known = [quarter(date(2024, 6, 30)), quarter(date(2023, 6, 30))]
    anchor = periods.fiscal_anchor("Q4", None, known)
    assert anchor == periods.FiscalAnchor(2024, 4, date(2024, 6, 30))
    assert periods.fiscal_heading_period("Q2 FY24", anchor, known) == quarter(date(2023, 12, 31))
    # a 52/53-week year ending in the first days of January is named for the year before
    jan = [Period.duration(date(2023, 10, 2), date(2024, 1, 1))]
    assert periods.fiscal_anchor("Q4", None, jan).year == 2023


def test_no_anchor_from_columns_that_are_not_the_titles_quarter():
    # the title's fourth quarter of 2024, but the latest quarter read ends in 2022
    known = [quarter(date(2022, 12, 31))]
    assert periods.fiscal_anchor("Q4", 2024, known) is None
    # nor from a quarter long before the release
    assert periods.fiscal_anchor("Q4", None, known, released=date(2024, 2, 1)) is None
    # only quarters end on the latest date: which quarter is not told
    assert periods.fiscal_anchor(None, None, [quarter(date(2024, 9, 30))]) is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_period_ends_after_the_release_date(tmp_path, fmt):
    summary = ["Quarterly Results (in thousands)", [["Q1 FY26", "Q2 FY26", "Q1 FY25"]],
               [("Revenue", ["4,310", "4,500", "3,905"]), ("Net income", ["600", "640", "425"])]]
    text = release(fmt, "Nimbus Analytics Announces First Quarter Fiscal 2026 Results",
                   ["SEATTLE, Oct. 28, 2025 -- Nimbus Analytics today reported results."], [summary, JUNE_YEAR_END])
    _, found = read(tmp_path, fmt, text)
    t = next(t for t in found if "Quarterly Results" in t.caption)
    assert [c.period for c in t.columns] == [quarter(date(2025, 9, 30)), None, quarter(date(2024, 9, 30))]


# ---------------------------------------------------------------- headings without a length

def _undated(caption: str, rows: list[tuple]) -> list:
    return [caption, [["For the Period Ended", "For the Period Ended"], ["September 30,", "September 30,"], ["2024", "2023"]],
            rows]


UNDATED_INCOME = _undated("Statements of Income (in thousands)", [
    ("Total interest income", ["13,420", "11,870"]), ("Total interest expense", ["(3,310)", "(2,640)"]),
    ("Net interest income", ["10,110", "9,230"]), ("Noninterest expense", ["(5,730)", "(5,510)"]),
    ("Net income", ["4,380", "3,720"])])
UNDATED_CASH = _undated("Statements of Cash Flows (in thousands)", [
    ("Net income", ["4,380", "3,720"]), ("Net cash provided by operating activities", ["5,120", "4,480"]),
    ("Net cash used in investing activities", ["(2,310)", "(1,940)"]),
    ("Net increase in cash and cash equivalents", ["2,810", "2,540"])])
UNDATED_BALANCE = ["Balance Sheets (in thousands)", [["September 30,", "December 31,"], ["2024", "2023"]], [
    ("Cash and cash equivalents", ["31,200", "28,390"]), ("Loans, net", ["210,500", "198,200"]),
    ("Total assets", ["241,700", "226,590"]), ("Deposits", ["205,300", "193,110"]),
    ("Total liabilities", ["212,900", "199,800"]), ("Total equity", ["28,800", "26,790"])]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_third_quarter_release_reads_undated_columns_by_statement(tmp_path, fmt):
    text = release(fmt, "Cedar Ridge Bancorp Reports Third Quarter 2024 Results",
                   ["CEDAR RIDGE, Oct. 21, 2024 -- Cedar Ridge Bancorp reported its results."],
                   [UNDATED_BALANCE, UNDATED_INCOME, UNDATED_CASH])
    _, found = read(tmp_path, fmt, text)
    income = table_with(found, "Net interest income")
    cash = table_with(found, "Net cash provided by operating activities")
    balance = table_with(found, "Total assets")
    # an income statement: the quarter, without a word saying otherwise
    assert [c.period for c in income.columns] == [quarter(date(2024, 9, 30)), quarter(date(2023, 9, 30))]
    # a cash-flow statement: nine months, the year to date
    assert [c.period for c in cash.columns] == [quarter(date(2024, 9, 30), 9), quarter(date(2023, 9, 30), 9)]
    assert [c.period for c in balance.columns] == [Period.instant(date(2024, 9, 30)), Period.instant(date(2023, 12, 31))]
    assert row_values(cash, "Net cash provided by operating activities") == [5120, 4480]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_fourth_quarter_cash_flow_is_the_full_year(tmp_path, fmt):
    cash = ["Statements of Cash Flows (in thousands)", [["Period Ended December 31,", "Period Ended December 31,"], ["2024", "2023"]],
            UNDATED_CASH[2]]
    text = release(fmt, "Cedar Ridge Bancorp Reports Fourth Quarter 2024 Results",
                   ["CEDAR RIDGE, Jan. 24, 2025 -- Cedar Ridge Bancorp reported its results."], [cash])
    _, found = read(tmp_path, fmt, text)
    t = table_with(found, "Net cash provided by operating activities")
    assert [c.period for c in t.columns] == [Period.duration(date(2024, 1, 1), date(2024, 12, 31)),
                                             Period.duration(date(2023, 1, 1), date(2023, 12, 31))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_releases_words_about_a_figure_decide_an_income_statements_length(tmp_path, fmt):
    # the prose gives another net income for the quarter: the statement's is the year to date's
    text = release(fmt, "Cedar Ridge Bancorp Reports Third Quarter 2024 Results",
                   ["CEDAR RIDGE, Oct. 21, 2024 -- Net income for the quarter was $1,515, or $0.61 per share."],
                   [UNDATED_INCOME])
    _, found = read(tmp_path, fmt, text)
    t = table_with(found, "Net interest income")
    assert [c.period for c in t.columns] == [quarter(date(2024, 9, 30), 9), quarter(date(2023, 9, 30), 9)]
    # the prose calls the statement's own figure the quarter's
    text = release(fmt, "Cedar Ridge Bancorp Reports Third Quarter 2024 Results",
                   ["CEDAR RIDGE, Oct. 21, 2024 -- Net income for the third quarter was $4,380 thousand."],
                   [UNDATED_INCOME])
    _, found = read(tmp_path, fmt, text)
    t = table_with(found, "Net interest income")
    assert [c.period for c in t.columns] == [quarter(date(2024, 9, 30)), quarter(date(2023, 9, 30))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_groups_under_the_same_dates_are_the_quarter_then_the_year_to_date(tmp_path, fmt):
    income = ["Statements of Income (in thousands)",
              [["September 30,"] * 4, ["2024", "2023", "2024", "2023"]],
              [("Total revenue", ["5,200", "4,900", "15,100", "14,300"]), ("Net income", ["1,100", "980", "3,150", "2,870"])]]
    text = release(fmt, "Cedar Ridge Bancorp Reports Third Quarter 2024 Results",
                   ["CEDAR RIDGE, Oct. 21, 2024 -- Cedar Ridge Bancorp reported its results."], [income])
    _, found = read(tmp_path, fmt, text)
    t = table_with(found, "Total revenue")
    assert [c.period for c in t.columns] == [quarter(date(2024, 9, 30)), quarter(date(2023, 9, 30)),
                                             quarter(date(2024, 9, 30), 9), quarter(date(2023, 9, 30), 9)]


def _table(statement: str, headers: list[str], known: list) -> Table:
    return Table(caption="", statement=statement, scale=0, rows=[], line=1,
                 columns=[Column(header=h, period=p) for h, p in zip(headers, known)])


def test_a_bare_year_column_takes_its_dated_neighbours_length_and_day():
    q4, fy = quarter(date(2024, 12, 31)), quarter(date(2024, 12, 31), 12)
    t = _table("income", ["Three Months Ended December 31, 2024", "2023", "Year Ended December 31, 2024", "2023"],
               [q4, None, fy, None])
    columns._bare_years_take_mates(t)
    assert [c.period for c in t.columns] == [q4, quarter(date(2023, 12, 31)), fy, quarter(date(2023, 12, 31), 12)]
    # never a period the table has already (a heading read out of place)
    t = _table("income", ["Three Months Ended December 31, 2024", "2023", "2024"], [q4, None, None])
    columns._bare_years_take_mates(t)
    assert [c.period for c in t.columns] == [q4, quarter(date(2023, 12, 31)), None]


@pytest.mark.parametrize("fmt", FORMATS)
def test_dates_of_different_days_stay_instants(tmp_path, fmt):
    # an income-looking supplement dated at three different days: balances, not a period's flows
    table = ["Supplemental Information (in millions)", [["July 3,", "June 28,", "January 3,"], ["2004", "2003", "2004"]],
             [("Net income per store", ["4.9", "4.8", "4.7"]), ("Revenues per store", ["9.2", "9.0", "9.1"]),
              ("Stores", ["871", "869", "871"])]]
    text = release(fmt, "Gable Outfitters Reports Second Quarter 2004 Results",
                   ["GABLE, July 22, 2004 -- Gable Outfitters reported its results."], [table])
    _, found = read(tmp_path, fmt, text)
    t = table_with(found, "Stores")
    assert all(c.period is None or c.period.is_instant for c in t.columns)


def test_one_dated_column_among_quarters_and_years_makes_no_balance_sheet():
    q4, fy = quarter(date(2024, 12, 31)), quarter(date(2024, 12, 31), 12)
    cols = [Column("a", q4), Column("b", quarter(date(2023, 12, 31))), Column("c", Period.instant(date(2024, 9, 30))),
            Column("d", fy)]
    assert columns._statement_by_content(cols, ["Office", "Retail"]) != "balance"
    cols = [Column("a", Period.instant(date(2024, 12, 31))), Column("b", Period.instant(date(2023, 12, 31)))]
    assert columns._statement_by_content(cols, ["Cash"]) == "balance"


def test_a_recast_table_is_supplementary():
    assert captions.role_of("2024 and 2023 Recast Results (Unaudited)") == "other"
    assert captions.role_of("Restated Consolidated Statements of Income") == "other"
    # a footnote mentioning a restatement is no such title
    assert captions.role_of("(1) Comparative figures were restated due to a change in policy") == "statement"


# ---------------------------------------------------------------- statements run together on one line

RUNON = ("Pinecrest Tools Corp. Consolidated Balance Sheets {heading} ASSETS Current assets: Cash and cash "
         "equivalents$ 1,250,000$ 980,000 Accounts receivable 410,500 390,250 Total current assets 1,660,500 "
         "1,370,250 Equipment, net 300,000 320,000 Total assets$ 1,960,500$ 1,690,250 LIABILITIES AND "
         "STOCKHOLDERS' EQUITY Current liabilities: Accounts payable 160,500 150,250 Total liabilities 160,500 "
         "150,250 Stockholders' equity: Common stock, $0.001 par value; 5,000,000 shares authorized; 1,234,567 "
         "shares issued 1,235 1,235 Additional paid-in capital 1,500,000 1,400,000 Retained earnings 298,765 "
         "138,765 Total stockholders' equity 1,800,000 1,540,000 Total liabilities and stockholders' equity$ "
         "1,960,500$ 1,690,250")


def runon_release(fmt: str, heading: str) -> str:
    head = "# Pinecrest Tools Corp. reports results" if fmt == "md" else "Pinecrest Tools Corp. reports results"
    return f"{head}\n\n{RUNON.format(heading=heading)}\n"


@pytest.mark.parametrize("fmt", ("txt", "md"))
def test_runon_year_written_against_the_comma(tmp_path, fmt):
    _, found = read(tmp_path, fmt, runon_release(fmt, "December 31,2024 2023"))
    (t,) = found
    assert t.statement == "balance"
    assert [c.period for c in t.columns] == [Period.instant(date(2024, 12, 31)), Period.instant(date(2023, 12, 31))]
    assert row_values(t, "Total assets") == [1960500, 1690250]


@pytest.mark.parametrize("fmt", ("txt", "md"))
def test_runon_month_words_before_their_years_pair_in_order(tmp_path, fmt):
    _, found = read(tmp_path, fmt, runon_release(fmt, "September 30, December 31, 2024 2023"))
    (t,) = found
    assert [c.period for c in t.columns] == [Period.instant(date(2024, 9, 30)), Period.instant(date(2023, 12, 31))]


@pytest.mark.parametrize("fmt", ("txt", "md"))
def test_runon_par_values_and_share_counts_are_label_text(tmp_path, fmt):
    _, found = read(tmp_path, fmt, runon_release(fmt, "December 31, 2024 2023"))
    (t,) = found
    label = "Common stock, $0.001 par value; 5,000,000 shares authorized; 1,234,567 shares issued"
    assert row_values(t, label) == [1235, 1235]
    values = {c.value for r in t.rows for c in r.cells if c is not None}
    assert not values & {Decimal("0.001"), 5000000, 1234567}
    # the statement adds up: assets = liabilities + equity
    assert row_values(t, "Total liabilities and stockholders' equity") == [
        a + b for a, b in zip(row_values(t, "Total liabilities"), row_values(t, "Total stockholders' equity"))]


@pytest.mark.parametrize("fmt", ("md", "htm"))
def test_grid_headings_with_the_year_against_the_comma(tmp_path, fmt):
    text = release(fmt, "Pinecrest Tools Corp. Reports Fourth Quarter 2024 Results",
                   ["PINECREST, Feb. 3, 2025 -- Pinecrest Tools Corp. reported results."],
                   [["Consolidated Balance Sheets", [["December 31,2024", "December 31,2023"]], UNDATED_BALANCE[2]]])
    _, found = read(tmp_path, fmt, text)
    t = table_with(found, "Total assets")
    assert [c.period for c in t.columns] == [Period.instant(date(2024, 12, 31)), Period.instant(date(2023, 12, 31))]


@pytest.mark.parametrize("fmt", FORMATS)
def test_grid_month_words_over_years_pair_column_by_column(tmp_path, fmt):
    text = release(fmt, "Pinecrest Tools Corp. Reports Third Quarter 2024 Results",
                   ["PINECREST, Oct. 30, 2024 -- Pinecrest Tools Corp. reported results."],
                   [["Consolidated Balance Sheets", [["September 30,", "December 31,"], ["2024", "2023"]], UNDATED_BALANCE[2]]])
    _, found = read(tmp_path, fmt, text)
    t = table_with(found, "Total assets")
    assert [c.period for c in t.columns] == [Period.instant(date(2024, 9, 30)), Period.instant(date(2023, 12, 31))]


def test_fiscal_headings_convert_to_facts(tmp_path):
    path = tmp_path / "release.md"
    path.write_text(release("md", "Nimbus Analytics Announces First Quarter Fiscal 2026 Results",
                            ["SEATTLE, Oct. 28, 2025 -- Nimbus Analytics today reported results."],
                            [JUNE_YEAR_END, JUNE_SUMMARY]), encoding="utf-8")
    instance = convert.convert(path)
    facts = {(f.concept, f.context.period): f.value for f in instance.facts if not f.context.dims}
    assert facts[("xe:Revenues", quarter(date(2025, 9, 30)))] == "4310000"
    assert facts[("xe:Revenues", quarter(date(2025, 6, 30)))] == "4120000"
    assert facts[("xe:Revenues", Period.duration(date(2024, 7, 1), date(2025, 6, 30)))] == "16240000"


@pytest.mark.parametrize("fmt", ("md", "htm"))  # (grid formats: a heading row is a row of cells)
def test_fiscal_year_headings_under_a_title_row(tmp_path, fmt):
    statement = [
        "Condensed Consolidated Statements of Income (in millions)",
        [["Three Months Ended", "Three Months Ended", "Twelve Months Ended", "Twelve Months Ended"],
         ["January 28,", "January 29,", "January 28,", "January 29,"], ["2024", "2023", "2024", "2023"]],
        [("Revenue", ["2,212", "601", "6,092", "2,697"]), ("Net income", ["1,228", "141", "2,976", "438"])],
    ]
    # a row naming the basis ("GAAP") above the row of fiscal years
    summary = ["Fiscal 2024 Summary (in millions)", [["GAAP", "", ""], ["FY24", "FY23", "Y/Y"]],
               [("Revenue", ["$6,092", "$2,697", "Up 126%"]), ("Operating expenses", ["$1,132", "$1,113", "Up 2%"]),
                ("Net income", ["$2,976", "$438", "Up 581%"])]]
    text = release(fmt, "Lumen Circuits Announces Results for Fourth Quarter and Fiscal 2024",
                   ["SANTA CLARA, Feb. 21, 2024 -- Lumen Circuits reported results."], [summary, statement])
    _, found = read(tmp_path, fmt, text)
    t = table_with(found, "Operating expenses")
    assert [c.period for c in t.columns][:2] == [Period.duration(date(2023, 1, 29), date(2024, 1, 28)),
                                                 Period.duration(date(2022, 1, 30), date(2023, 1, 29))]
    assert row_values(t, "Net income")[:2] == [2976, 438]
