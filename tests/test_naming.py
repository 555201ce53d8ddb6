"""Naming and signs of lines no standard concept takes: each line keeps its own concept, its
value in the concept's terms (payments positive), its item type from the table's context.
Fixtures are small invented releases."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from exporter import convert, mapping
from exporter.model import Row


def _statement(title: str, heading: str, rows: str) -> str:
    """A hand-made Markdown release: the company's title, one statement's caption and its table."""
    return ("# Quillfeather Tools, Inc. Reports Third Quarter 2031 Results\n\nQUILLFEATHER TOOLS, INC.\n"
            f"{title}\n(In thousands)\n\n{heading}{rows}")


NINE_MONTHS = "| | Nine Months Ended September 30, 2031 | Nine Months Ended September 30, 2030 |\n|---|---|---|\n"
BALANCE_DATES = "| | September 30, 2031 | December 31, 2030 |\n|---|---|---|\n"


CASH_FLOW = _statement("CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS", NINE_MONTHS, """| Operating activities: | | |
| Net income | 1,200 | 900 |
| Adjustments to reconcile net income to net cash provided by operating activities: | | |
| Gain on disposal of widget line | (300) | (40) |
| Net cash provided by operating activities | 900 | 860 |
| Investing activities: | | |
| Outlays for tooling molds | (250) | (110) |
| Other, net | 20 | (15) |
| Net cash used in investing activities | (230) | (125) |
| Financing activities: | | |
| Settlement of vendor notes | (70) | (30) |
| Repurchases of member units, net | (40) | (10) |
| Net cash used in financing activities | (110) | (40) |
| Net increase in cash and cash equivalents | 560 | 695 |
""")

INCOME = _statement("CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS", NINE_MONTHS, """| Revenues | 5,000 | 4,000 |
| Operating expenses | 4,000 | 3,500 |
| Operating income | 1,000 | 500 |
| Other expense (income): | | |
| Interest expense | 300 | 200 |
| Other income | (120) | (60) |
| Income before income taxes | 820 | 360 |
| Income tax expense | 200 | 90 |
| Net income | 620 | 270 |
""")


def _facts(tmp_path: Path, text: str) -> dict[tuple[str, str], Decimal]:
    path = tmp_path / "release.md"
    path.write_text(text)
    inst = convert.convert(path)
    return {(f.concept.split(":")[-1], f.context.period.end.isoformat()): Decimal(f.value)
            for f in inst.facts if f.value and f.unit is not None}


def test_investing_and_financing_outflows_are_stored_as_positive_payments(tmp_path):
    facts = _facts(tmp_path, CASH_FLOW)
    assert facts[("OutlaysForToolingMolds", "2031-09-30")] == 250000
    assert facts[("SettlementOfVendorNotes", "2030-09-30")] == 30000
    # a payment named as such keeps its payment reading though the label ends in "net"
    assert facts[("RepurchasesOfMemberUnitsNet", "2031-09-30")] == 40000


def test_a_gain_among_the_adjustments_is_the_gain_not_its_cash_effect(tmp_path):
    facts = _facts(tmp_path, CASH_FLOW)
    assert facts[("GainOnDisposalOfWidgetLine", "2031-09-30")] == 300000


def test_payment_extensions_are_declared_with_a_credit_balance(tmp_path):
    path = tmp_path / "release.md"
    path.write_text(CASH_FLOW)
    out = tmp_path / "out.xml"
    from exporter.cli import main
    assert main(["convert", str(path), "-o", str(out)]) == 0
    schema = (tmp_path / "out-ext.xsd").read_text()
    declared = next(line for line in schema.splitlines() if 'name="OutlaysForToolingMolds"' in line)
    assert 'xbrli:balance="credit"' in declared


def test_income_under_an_expense_first_heading_is_income(tmp_path):
    facts = _facts(tmp_path, INCOME)
    assert facts[("OtherNonoperatingIncomeExpense", "2031-09-30")] == 120000
    assert facts[("InterestExpense", "2031-09-30")] == 300000
    assert facts[("IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest",
                  "2031-09-30")] == 820000


@pytest.mark.parametrize("label, section, concept", [
    ("Debt repayments", "Financing activities", "RepaymentsOfLongTermDebt"),
    ("Dividends paid and distributions to partners, net", "Financing", "PaymentsOfDividends"),
    ("Common stock cash dividends paid", "Financing", "PaymentsOfDividendsCommonStock"),
    ("Principal payments on capital leases", "Financing activities", "RepaymentsOfLongTermCapitalLeaseObligations"),
    ("Acquisition of companies, net of cash acquired", "Investing", "PaymentsToAcquireBusinessesNetOfCashAcquired"),
    ("Capital expenditures and software development costs", "Investing activities",
     "PaymentsToAcquirePropertyPlantAndEquipment"),
    ("Other, net", "Investing", "PaymentsForProceedsFromOtherInvestingActivities"),
    ("Other, net", "Financing", "ProceedsFromPaymentsForOtherFinancingActivities"),
    ("Tax withholdings related to net share settlements of restricted stock", "Financing activities",
     "PaymentsRelatedToTaxWithholdingForShareBasedCompensation"),
    ("Changes in assets and liabilities, net of acquisition effects", "Operating activities",
     "IncreaseDecreaseInOperatingCapital"),
    # the continuing operations' part beside a total that adds the discontinued operations' cash
    ("Net cash provided by continuing operating activities", "Operating activities",
     "NetCashProvidedByUsedInOperatingActivitiesContinuingOperations"),
    ("Net cash provided by (used in) continuing investing activities", "Investing activities",
     "NetCashProvidedByUsedInInvestingActivitiesContinuingOperations"),
    ("Net cash used in continuing financing activities", "Financing activities",
     "NetCashProvidedByUsedInFinancingActivitiesContinuingOperations"),
    ("Net cash provided by operating activities", "Operating activities", "NetCashProvidedByUsedInOperatingActivities"),
])
def test_cash_flow_payments_in_other_wordings_map_to_standard_concepts(label, section, concept):
    rules = mapping.load_rules([])
    rule = rules.match(Row(label=label, line=1, depth=0, cells=[], sections=(section,)), "cashflow")
    assert rule is not None and rule.concept == concept


TWO_LINES_ONE_RULE = _statement("CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS", NINE_MONTHS, """| Operating activities: | | |
| Net income | 1,200 | 900 |
| Investing activities: | | |
| Purchases of investments | (500) | (400) |
| Purchases of investments | (500) | (400) |
| Net cash used in investing activities | (1,000) | (800) |
| Financing activities: | | |
| Proceeds from borrowings | 300 | 100 |
| Proceeds from borrowings | 50 | 20 |
| Net cash provided by financing activities | 350 | 120 |
""")


def test_a_second_line_with_the_same_concept_and_other_numbers_gets_its_own_concept(tmp_path):
    path = tmp_path / "release.md"
    path.write_text(TWO_LINES_ONE_RULE)
    inst = convert.convert(path)
    values = {}
    for f in inst.facts:
        if f.unit is not None and f.context.period.end.isoformat() == "2031-09-30":
            values.setdefault(f.concept.split(":")[-1], []).append(Decimal(f.value))
    assert values["ProceedsFromIssuanceOfLongTermDebt"] == [300000]
    assert values["ProceedsFromBorrowings"] == [50000]  # its own (extension) concept: not dropped
    # the same figures twice are a restatement: kept once
    assert values["PaymentsToAcquireInvestments"] == [500000]


def test_other_current_and_noncurrent_changes_map_to_their_own_concepts():
    rules = mapping.load_rules([])
    section = ("Changes in operating assets and liabilities",)
    row = lambda label: Row(label=label, line=1, depth=0, cells=[], sections=section)  # noqa: E731
    assert rules.match(row("Other current assets"), "cashflow").concept == "IncreaseDecreaseInOtherCurrentAssets"
    assert rules.match(row("Other long-term assets"), "cashflow").concept == "IncreaseDecreaseInOtherNoncurrentAssets"
    assert rules.match(row("Other noncurrent liabilities"), "cashflow").concept == \
        "IncreaseDecreaseInOtherNoncurrentLiabilities"
    assert rules.match(row("Other current liabilities"), "cashflow").concept == "IncreaseDecreaseInOtherCurrentLiabilities"
    assert rules.match(row("Other assets"), "cashflow").concept == "IncreaseDecreaseInOtherOperatingAssets"


@pytest.mark.parametrize("label, sections, item_type", [
    ("Common stock, $0.01 par value, 2.1 billion shares outstanding", ("Shareholders' equity",), "monetary"),
    ("Common stock and paid-in capital - shares authorized 9,000; outstanding 3,100", ("Stockholders' equity",),
     "monetary"),
    ("Preferred stock; 5,000 shares authorized, none issued", ("Stockholders' equity",), "monetary"),
    ("Shares outstanding, end of period", (), "shares"),
    ("Basic", ("Weighted-average shares outstanding",), "shares"),
    ("Treasury shares held", (), "shares"),
])
def test_a_money_line_that_mentions_its_shares_is_money(label, sections, item_type):
    from exporter import extension
    row = Row(label=label, line=1, depth=0, cells=[], sections=sections)
    assert extension.row_item_type(row, None) == item_type


BALANCE = _statement("CONDENSED CONSOLIDATED BALANCE SHEETS", BALANCE_DATES, """| Cash and cash equivalents | 900 | 800 |
| Total current assets | 900 | 800 |
| Total assets | 900 | 800 |
| Current liabilities: | | |
| Accounts payable | 100 | 90 |
| Deferred revenue | 60 | 50 |
| Total current liabilities | 160 | 140 |
| Deferred revenue | 40 | 30 |
| Total liabilities | 200 | 170 |
| Total stockholders' equity | 700 | 630 |
| Total liabilities and stockholders' equity | 900 | 800 |
""")


def test_a_line_after_its_sides_current_total_is_the_noncurrent_twin(tmp_path):
    facts = _facts(tmp_path, BALANCE)
    assert facts[("DeferredRevenueCurrent", "2031-09-30")] == 60000
    assert facts[("DeferredRevenueNoncurrent", "2031-09-30")] == 40000
    # totals keep what they add up, wherever they stand
    assert facts[("Liabilities", "2031-09-30")] == 200000 and facts[("Assets", "2031-09-30")] == 900000
