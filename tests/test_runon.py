"""The reader of statements flattened onto one line ("label value value label value value ...")."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from exporter import convert, sources, tables
from exporter.readers import runon as flat
from exporter.model import Period

BALANCE = """Acme Widgets, Inc. reports results

    Acme Widgets, Inc. Consolidated Balance Sheets     As of  June 30, 2025 (Unaudited)

As of December 31, 2024 (Audited)

 ASSETS Current assets: Cash and cash equivalents$ 1,042,638$ 3,125,944 Accounts receivable – related parties 425,406 666,545 Taxes receivable671,866 734,630 Total current assets 2,139,910 4,527,119 Property, plant & equipment, net 800,000 900,000 Total assets$ 2,939,910$ 5,427,119 LIABILITIES AND SHAREHOLDERS’ EQUITY Current liabilities: Accounts payable 18,999 12,300 Loan – related party -501,591 Total current liabilities 18,999 513,891 Shareholders’ equity: Preferred stock: $0.00001 par value; 20,000,000 shares authorized --Common stock: $0.00001 par value; 300,000,000 shares authorized; 140,660,454 and 129,242,993 shares issued and outstanding, respectively$ 1,406$ 1,292 Subscription receivable (41,399) -Treasury stock, at cost (59,796 shares) (121,430) (121,430) Retained earnings 3,082,335 5,035,366 Total shareholders’ equity 2,920,911 4,913,228 Total liabilities and equity$ 2,939,910 $ 5,427,119
"""

INCOME = """Acme Widgets, Inc. Consolidated Statements of Operations (in thousands, except share and per share data)

Three Months Ended September 30,

Nine Months Ended September 30,

    2025     2024    2025     2024   Revenues$ 47,316$ 40,992 $ 133,284$ 105,258 Cost of goods sold (20,929) (18,589) (58,325) (43,477) Gross profit 26,387 22,403 74,959 61,781 Operating expenses Selling, general and administrative expenses26,774 23,379 77,757 58,937 Income (loss) from operations(387) (976) (2,798) 2,844 Net income (loss) $ 413$ (3,295) $ (3,576)$ 669 Weighted average shares outstanding: Basic 139,769 121,510 136,518 108,570Diluted 142,758 121,510 136,518 115,016 Net income (loss) per share: Basic $ 0.00$ (0.03) $ (0.02)$ 0.01Diluted$ 0.00$ (0.03) $ (0.02)$ 0.01
"""

PROSE = """Acme Widgets Consolidated Statements of Operations highlights

For the three months ended September 30, 2025 and 2024, revenues were $47,316,308 and $40,992,329, respectively, an increase of 15%. Gross profit was $26,386,423 compared with $22,403,167 and operating expenses increased to $26,774,044 from $23,379,550, while net income was $413,802 compared with a net loss of $3,295,629 in 2024 and 139,769,484 shares were outstanding.
"""


def _doc(tmp_path, text: str, name: str = "release.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return sources.load(path)


def _rows(table):
    return {r.label: r for r in table.rows}


def _values(row):
    return [c.value if c is not None else "cell missing" for c in row.cells]


def test_balance_sheet_columns_rows_and_sections(tmp_path):
    found = tables.find(_doc(tmp_path, BALANCE))
    assert len(found) == 1
    t = found[0]
    assert t.statement == "balance" and t.role == "statement" and t.scale == 0 and t.line == 3
    assert t.caption == "Acme Widgets, Inc. Consolidated Balance Sheets"
    assert [c.header for c in t.columns] == ["As of June 30, 2025", "As of December 31, 2024"]
    assert [c.period for c in t.columns] == [Period.instant(date(2025, 6, 30)), Period.instant(date(2024, 12, 31))]
    rows = _rows(t)
    cash = rows["Cash and cash equivalents"]
    assert _values(cash) == [1042638, 3125944]
    assert cash.sections == ("ASSETS", "Current assets")
    # provenance: the real line and column of each number ("$ " not included)
    line = BALANCE.splitlines()[6]
    assert cash.line == 7 and cash.cells[0].line == 7
    assert line[cash.cells[0].column - 1:].startswith("1,042,638")
    assert line[cash.cells[1].column - 1:].startswith("3,125,944")
    assert _values(rows["Taxes receivable"]) == [671866, 734630]  # "receivable671,866"
    assert _values(rows["Accounts receivable – related parties"]) == [425406, 666545]
    assert rows["Total assets"].is_total and rows["Total assets"].sections == ("ASSETS",)
    assert rows["Accounts payable"].sections == ("LIABILITIES AND SHAREHOLDERS’ EQUITY", "Current liabilities")


def test_nil_dashes_glued_to_labels_and_values(tmp_path):
    rows = _rows(tables.find(_doc(tmp_path, BALANCE))[0])
    assert _values(rows["Loan – related party"]) == [None, 501591]  # "-501,591": a nil, then 501,591
    preferred = rows["Preferred stock: $0.00001 par value; 20,000,000 shares authorized"]
    assert _values(preferred) == [None, None]  # "--Common stock": two nils
    assert _values(rows["Subscription receivable"]) == [-41399, None]  # "(41,399) -Treasury stock"


def test_numbers_inside_labels_are_label_text(tmp_path):
    rows = _rows(tables.find(_doc(tmp_path, BALANCE))[0])
    common = rows["Common stock: $0.00001 par value; 300,000,000 shares authorized; 140,660,454 and "
                  "129,242,993 shares issued and outstanding, respectively"]
    assert _values(common) == [1406, 1292]
    assert common.sections[-1] == "Shareholders’ equity"
    assert _values(rows["Treasury stock, at cost (59,796 shares)"]) == [-121430, -121430]
    assert _values(rows["Total liabilities and equity"]) == [2939910, 5427119]


def test_income_statement_with_four_columns(tmp_path):
    found = tables.find(_doc(tmp_path, INCOME))
    assert len(found) == 1
    t = found[0]
    assert t.statement == "income" and t.scale == 3 and t.share_scale == 0
    assert [c.period for c in t.columns] == [
        Period.duration(date(2025, 7, 1), date(2025, 9, 30)), Period.duration(date(2024, 7, 1), date(2024, 9, 30)),
        Period.duration(date(2025, 1, 1), date(2025, 9, 30)), Period.duration(date(2024, 1, 1), date(2024, 9, 30))]
    rows = _rows(t)
    assert _values(rows["Revenues"]) == [47316, 40992, 133284, 105258]
    assert _values(rows["Cost of goods sold"]) == [-20929, -18589, -58325, -43477]
    sga = rows["Selling, general and administrative expenses"]
    assert sga.sections == ("Operating expenses",) and _values(sga) == [26774, 23379, 77757, 58937]
    assert rows["Income (loss) from operations"].sections == ()  # the subtotal closes the section
    eps = [r for r in t.rows if r.sections == ("Net income (loss) per share",)]
    assert [r.label for r in eps] == ["Basic", "Diluted"]
    assert [c.raw for c in eps[0].cells] == ["0.00", "(0.03)", "(0.02)", "0.01"]
    assert [c.decimals for c in eps[0].cells] == [2, 2, 2, 2]
    assert _values(eps[1]) == [Decimal("0.00"), Decimal("-0.03"), Decimal("-0.02"), Decimal("0.01")]
    shares = [r for r in t.rows if r.sections == ("Weighted average shares outstanding",)]
    assert [_values(r)[3] for r in shares] == [108570, 115016]  # "108,570Diluted"


def test_income_statement_converts_to_facts(tmp_path):
    path = tmp_path / "release.txt"
    path.write_text(INCOME, encoding="utf-8")
    instance = convert.convert(path)
    facts = {(f.concept, f.context.period): f for f in instance.facts}
    q3 = Period.duration(date(2025, 7, 1), date(2025, 9, 30))
    assert facts[("xe:Revenues", q3)].value == "47316000"
    assert facts[("xe:NetIncomeLoss", q3)].value == "413000"
    eps = facts[("xe:EarningsPerShareBasic", Period.duration(date(2024, 7, 1), date(2024, 9, 30)))]
    assert eps.value == "-0.03" and eps.decimals == "2"
    assert facts[("xe:Revenues", q3)].provenance.line == 7


def test_prose_with_many_numbers_is_not_read(tmp_path):
    doc = _doc(tmp_path, PROSE)
    assert flat.tables(doc, []) == []
    assert tables.find(doc) == []


def test_a_line_without_a_statement_caption_is_not_read(tmp_path):
    text = INCOME.replace("Consolidated Statements of Operations", "Selected figures")
    assert flat.tables(_doc(tmp_path, text), []) == []


def test_a_line_whose_numbers_do_not_fit_the_columns_is_not_read(tmp_path):
    # three columns of figures under two headings: most numbers would be left over
    text = BALANCE.replace(" 425,406 666,545 ", " 425,406 666,545 1 ").replace(" 18,999 12,300 ", " 18,999 12,300 7 ")
    text = text.replace(" 800,000 900,000 ", " 800,000 900,000 3 ").replace(" 3,082,335 5,035,366 ", " 3,082,335 5,035,366 4 ")
    text = text.replace(" 2,920,911 4,913,228 ", " 2,920,911 4,913,228 5 ")
    assert flat.tables(_doc(tmp_path, text), []) == []


def test_a_number_no_row_takes_is_reported_unplaced(tmp_path):
    text = BALANCE.replace("Retained earnings 3,082,335", "Retained earnings 77 Other 3,082,335")
    found = tables.find(_doc(tmp_path, text))
    assert [t.role for t in found] == ["statement", "other"]
    assert found[0].warnings and "fit no row of 2 values" in found[0].warnings[0]
    path = tmp_path / "leftover.txt"
    path.write_text(text, encoding="utf-8")
    instance = convert.convert(path)
    assert any(u.text == "77" and u.line == 7 for u in instance.unplaced)
    assert not any(f.provenance is not None and f.provenance.line == 7 and f.value == "77" for f in instance.facts)


def test_markdown_release_is_read_too(tmp_path):
    found = tables.find(_doc(tmp_path, "# Acme Widgets\n\n" + BALANCE, name="release.md"))
    assert [t.statement for t in found] == ["balance"]


@pytest.mark.parametrize("text", ["", "Consolidated Balance Sheets\n\nAs of June 30, 2025\n"])
def test_nothing_to_read(tmp_path, text):
    assert flat.tables(_doc(tmp_path, text or "nothing\n"), []) == []


def test_a_statement_over_a_short_run_of_lines(tmp_path):
    text = BALANCE.replace(" LIABILITIES AND SHAREHOLDERS’ EQUITY", "\n\n LIABILITIES AND SHAREHOLDERS’ EQUITY")
    found = tables.find(_doc(tmp_path, text))
    assert len(found) == 1
    rows = _rows(found[0])
    assert rows["Total assets"].line == 7 and rows["Total liabilities and equity"].line == 9
    assert rows["Accounts payable"].sections == ("LIABILITIES AND SHAREHOLDERS’ EQUITY", "Current liabilities")
    payable = rows["Accounts payable"].cells[0]
    assert text.splitlines()[8][payable.column - 1:].startswith("18,999")


# Two statements and a block of ratios on one line, values apart by wide runs of (no-break)
# spaces and "$" apart from its number, under a caption for them all.
GAP = "\u00a0 \u00a0 \u00a0 "
SUMMARY = ("River Bank Holdings reports third quarter results\n\n"
           f"  River Bank Holdings{GAP}Financial Summary{GAP}For Quarter Ending September 30, 2024{GAP}{GAP}"
           f"BALANCE SHEET September 30,{GAP}2024 2023{GAP}ASSETS{GAP}Cash & Due From Banks{GAP}${GAP}  1,778,590{GAP}${GAP}2,443,464"
           f"{GAP}Gross Loans{GAP}{GAP}61,101,594{GAP}{GAP}53,440,706{GAP}Allowance For Credit Losses{GAP}(697,627){GAP}(447,223)"
           f"{GAP}TOTAL ASSETS{GAP}${GAP}62,182,557{GAP}${GAP}55,436,947{GAP}LIABILITIES{GAP}Deposits{GAP}${GAP}56,264,417"
           f"{GAP}${GAP}50,001,925{GAP}TOTAL LIABILITIES{GAP}${GAP}56,264,417{GAP}${GAP}50,001,925{GAP}{GAP}"
           f"STATEMENT OF INCOME AND EXPENSE{GAP}September 30,{GAP}2024 2023{GAP}Total Interest Income{GAP}${GAP}3,231,101"
           f"{GAP}${GAP}2,791,972{GAP}Total Interest Expense{GAP}(786,043){GAP}(586,304){GAP}NET INTEREST INCOME{GAP}${GAP}2,445,058"
           f"{GAP}${GAP}2,205,668{GAP}Income Tax Expense{GAP}(243,810){GAP}(201,201){GAP}NET INCOME{GAP}${GAP}2,201,248"
           f"{GAP}${GAP}2,004,467{GAP}FINANCIAL RATIOS{GAP}Return On Average Assets{GAP}1.36%{GAP}1.31%{GAP}Net Income - Quarter"
           f"{GAP}${GAP}727,388{GAP}${GAP}691,297{GAP}Book Value Per Share{GAP}${GAP}20.94{GAP}${GAP}18.93{GAP}Total Shares"
           f"{GAP}1,746,622{GAP}1,830,647{GAP}Contact: Jane Doe\n")


def test_several_statements_on_one_line_each_with_its_headings(tmp_path):
    found = tables.find(_doc(tmp_path, SUMMARY, name="release.md"))
    assert [(t.statement, t.role) for t in found] == [("balance", "statement"), ("income", "statement"),
                                                     ("other", "other")]
    balance, income, ratios = found
    # the outer caption's "2024" is no third column
    assert [c.period for c in balance.columns] == [Period.instant(date(2024, 9, 30)), Period.instant(date(2023, 9, 30))]
    assert balance.caption.endswith("Financial Summary For Quarter Ending September 30, 2024 BALANCE SHEET")
    rows = _rows(balance)
    # title-case labels stay whole ("Cash & Due From Banks" is no heading "Cash &" over "Due From Banks")
    assert _values(rows["Cash & Due From Banks"]) == [1778590, 2443464]
    assert rows["Cash & Due From Banks"].sections == ("ASSETS",)
    assert _values(rows["Allowance For Credit Losses"]) == [-697627, -447223]
    assert rows["TOTAL ASSETS"].is_total and _values(rows["TOTAL ASSETS"]) == [62182557, 55436947]
    assert rows["Deposits"].sections == ("LIABILITIES",)
    line = SUMMARY.splitlines()[2]
    cash = rows["Cash & Due From Banks"].cells
    assert line[cash[0].column - 1:].startswith("1,778,590") and line[cash[1].column - 1:].startswith("2,443,464")
    # "September 30, 2024 2023" over an income statement of a third-quarter release: the quarter
    # or the year to date; the ratios' "Net Income - Quarter" is another figure, so the year to date
    assert [c.period for c in income.columns] == [Period.duration(date(2024, 1, 1), date(2024, 9, 30)),
                                                  Period.duration(date(2023, 1, 1), date(2023, 9, 30))]
    assert income.caption == "STATEMENT OF INCOME AND EXPENSE" and not income.warnings
    assert _values(_rows(income)["NET INCOME"]) == [2201248, 2004467]
    assert [r.label for r in ratios.rows] == ["Return On Average Assets", "Net Income - Quarter", "Book Value Per Share",
                                              "Total Shares"]
    assert [c.period for c in ratios.columns] == [None, None]


def test_several_statements_convert_with_the_ratio_numbers_unplaced(tmp_path):
    path = tmp_path / "release.md"
    path.write_text(SUMMARY, encoding="utf-8")
    instance = convert.convert(path)
    facts = {(f.concept, f.context.period): f.value for f in instance.facts}
    assert facts[("xe:Assets", Period.instant(date(2024, 9, 30)))] == "62182557"
    assert facts[("xe:Liabilities", Period.instant(date(2023, 9, 30)))] == "50001925"
    assert facts[("xe:NetIncomeLoss", Period.duration(date(2024, 1, 1), date(2024, 9, 30)))] == "2201248"
    assert not any(f.value == "727388" for f in instance.facts)
    unplaced = {u.text: u for u in instance.unplaced}
    assert unplaced["727,388"].line == 3 and "no period" in unplaced["727,388"].reason
    assert "1.36%" in unplaced


def test_a_later_statement_with_its_own_lengths_gets_periods(tmp_path):
    text = SUMMARY.replace(f"STATEMENT OF INCOME AND EXPENSE{GAP}September 30,",
                           f"STATEMENT OF INCOME AND EXPENSE{GAP}Nine Months Ended September 30,")
    income = tables.find(_doc(tmp_path, text, name="release.md"))[1]
    assert [c.period for c in income.columns] == [Period.duration(date(2024, 1, 1), date(2024, 9, 30)),
                                                  Period.duration(date(2023, 1, 1), date(2023, 9, 30))]
    assert _values(_rows(income)["Total Interest Income"]) == [3231101, 2791972]


SPACED_PROSE = ("River Bank Holdings statement of income commentary\n\n"
                f"  For the quarter ended September 30, 2024 and 2023, total interest income was{GAP}$ 3,231,101 and"
                f"{GAP}$ 2,791,972, net interest income increased to $ 2,445,058 from $ 2,205,668 while deposits grew"
                f" to $ 56,264,417 from $ 50,001,925 and total assets reached $ 62,182,557 compared with $ 55,436,947,"
                f" the balance sheet at September 30, 2024 and 2023 showing loans of $ 61,101,594 and $ 53,440,706.\n")


def test_a_spaced_prose_paragraph_is_not_read(tmp_path):
    doc = _doc(tmp_path, SPACED_PROSE)
    assert flat.tables(doc, []) == []
