"""Labels understood, not only matched (issue 12, part 1): the printing habits that name the same
line — amounts and stock terms inside a label, words naming the opposite sign, the usual wording's
variants, short-/long-term qualifiers, "net" — are read away before the rules are asked, the
reading is recorded for ``mappings explain``, and the rules' patterns must then account for the
whole reading.  Fixtures are invented lines and a small invented release."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from exporter import convert, mapping
from exporter.mapping.reading import readings
from exporter.mapping.rules import normalize
from exporter.model import Row


def _converted(tmp_path: Path, text: str):
    path = tmp_path / "release.md"
    path.write_text(text)
    return convert.convert(path)


def _facts(tmp_path: Path, text: str) -> dict[tuple[str, str], Decimal]:
    """(concept name, period end) -> value of the numeric facts of a hand-made release."""
    return {(f.concept.split(":")[-1], f.context.period.end.isoformat()): Decimal(f.value)
            for f in _converted(tmp_path, text).facts if f.value and f.unit is not None}


def _texts(label: str) -> list[str]:
    return [r.text for r in readings(normalize(label))]


@pytest.mark.parametrize("label, reading", [
    ("Plant and machinery, net of accumulated depreciation of $1,234 and $1,100", "plant and machinery, net"),
    ("Trade receivables, less allowances of $4.5 and $3.9 million", "trade receivables, net"),
    ("Class B common stock, $0.001 par value, 12.5 and 12.1 million shares outstanding", "class b common stock"),
    ("Preferred stock, no par value; 1,000,000 shares authorized; none issued", "preferred stock"),
    ("Total members' deficit", "total members' equity"),
    ("Deferred tax expense/(benefit)", "deferred tax expense"),
    ("(Loss) income before taxes", "income before taxes"),
    ("Net cash from operations", "net cash provided by operating activities"),
    ("Net cash used in financing", "net cash provided by financing activities"),
    ("Cash and equivalents at end of year", "cash and cash equivalents at end of year"),
    ("Cost of net sales", "cost of sales"),
    ("Royalties and other, net", "royalties and other"),
])
def test_a_label_is_read_without_its_printing_habits(label, reading):
    assert reading in _texts(label)


def test_short_and_long_term_classify_rather_than_name():
    long_term = [r for r in readings(normalize("Long-term customer deposits")) if r.text == "customer deposits"]
    short_term = [r for r in readings(normalize("Short term customer deposits")) if r.text == "customer deposits"]
    assert long_term and long_term[0].classification == "noncurrent"
    assert short_term and short_term[0].classification == "current"
    # "current portion of ..." names a line; it is not a qualifier to drop
    assert "portion of long-term debt" not in _texts("Current portion of long-term debt")


def test_an_ifrs_cash_generated_from_operations_is_not_the_operating_total():
    # IFRS statements print "Cash generated from operations" before interest and tax paid
    assert "net cash provided by operating activities" not in _texts("Net cash generated from operations")


@pytest.mark.parametrize("label, statement, sections, concept", [
    ("Total shareholders' deficit", "balance", (), "StockholdersEquity"),
    ("Net cash used in investing", "cashflow", ("Investing activities",), "NetCashProvidedByUsedInInvestingActivities"),
    ("Cash and equivalents at beginning of period", "cashflow", (), "CashAndCashEquivalentsAtCarryingValue"),
    ("Cost of net revenues", "income", (), "CostOfRevenue"),
])
def test_readings_reach_the_standard_rules(label, statement, sections, concept):
    rules = mapping.load_rules([])
    found = rules.match_reading(Row(label=label, line=1, depth=0, cells=[], sections=sections), statement)
    assert found is not None and found[0].concept == concept
    assert found[1].how  # the reading that matched is said


def test_a_reading_counts_only_for_a_pattern_that_accounts_for_all_of_it():
    # an unanchored pattern that matches the start of "income tax benefit on adjustments" must not
    # take a non-GAAP adjustment line once its "(expense)" is read away
    rules = mapping.load_rules([])
    found = rules.match_reading(Row(label="Income tax (expense) benefit on the items above", line=1, depth=0,
                                    cells=[]), "income")
    assert found is None or not found[1].how


RELEASE = ("# Quillfeather Tools, Inc. Reports Third Quarter 2031 Results\n\nQUILLFEATHER TOOLS, INC.\n"
           "CONDENSED CONSOLIDATED BALANCE SHEETS\n(In thousands)\n\n"
           "| | September 30, 2031 | December 31, 2030 |\n|---|---|---|\n"
           "| Cash and cash equivalents | 300 | 250 |\n"
           "| Property and equipment, net of accumulated depreciation of $120 and $100 | 500 | 450 |\n"
           "| Total assets | 800 | 700 |\n"
           "| Short-term unearned revenue | 60 | 50 |\n"
           "| Total current liabilities | 60 | 50 |\n"
           "| Long-term unearned revenue | 40 | 30 |\n"
           "| Total liabilities | 100 | 80 |\n"
           "| Total stockholders' deficit | 700 | 620 |\n"
           "| Total liabilities and stockholders' deficit | 800 | 700 |\n")


def test_a_release_read_through_its_labels(tmp_path: Path):
    facts = _facts(tmp_path, RELEASE)
    assert facts[("PropertyPlantAndEquipmentNet", "2031-09-30")] == 500000
    assert facts[("DeferredRevenueCurrent", "2031-09-30")] == 60000
    assert facts[("DeferredRevenueNoncurrent", "2031-09-30")] == 40000
    assert facts[("StockholdersEquity", "2031-09-30")] == 700000
    assert facts[("LiabilitiesAndStockholdersEquity", "2031-09-30")] == 800000


@pytest.mark.parametrize("label, reading", [
    ("Income (loss) before discontinued operations and cumulative effect of accounting change",
     "income from continuing operations"),
    ("Loss before income taxes, discontinued operations and cumulative effect of accounting change",
     "loss from continuing operations before income taxes"),
    ("Cumulative effect of accounting change", "cumulative effect of change in accounting principle"),
    ("Discontinued operations", "income from discontinued operations"),
])
def test_older_and_elided_names_of_income_lines(label, reading):
    assert reading in _texts(label)


def test_per_share_words_are_read_as_a_qualifier():
    last = readings(normalize("Diluted income (loss) per common share before discontinued operations"))[-1]
    assert (last.text, last.per_share) == ("income from continuing operations", "diluted")
    last = readings(normalize("Net loss per diluted share"))[-1]
    assert (last.text, last.per_share) == ("net loss", "diluted")
    # a bare "Basic" is left to its section's rules (it may be a share count)
    assert readings("basic") == ()


PER_SHARE = ("# Quillfeather Tools, Inc. Reports Third Quarter 2031 Results\n\nQUILLFEATHER TOOLS, INC.\n"
             "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS\n(In thousands, except per share amounts)\n\n"
             "| | Nine Months Ended September 30, 2031 | Nine Months Ended September 30, 2030 |\n|---|---|---|\n"
             "| Revenues | 5,000 | 4,000 |\n"
             "| Income from continuing operations | 800 | 600 |\n"
             "| Loss from discontinued operations, net of tax | (100) | (50) |\n"
             "| Net income | 700 | 550 |\n"
             "| Income (loss) per share - basic: | | |\n"
             "| Continuing operations | 0.80 | 0.60 |\n"
             "| Discontinued operations | (0.10) | (0.05) |\n"
             "| Net income per share - basic | 0.70 | 0.55 |\n"
             "| Income (loss) per share - diluted: | | |\n"
             "| Continuing operations | 0.78 | 0.59 |\n"
             "| Discontinued operations | (0.10) | (0.05) |\n"
             "| Net income per share - diluted | 0.68 | 0.54 |\n"
             "| Weighted average shares: | | |\n"
             "| Basic | 1,000 | 1,000 |\n"
             "| Diluted | 1,030 | 1,020 |\n")


def test_a_per_share_block_names_each_component_per_share(tmp_path: Path):
    facts = _facts(tmp_path, PER_SHARE)
    assert facts[("IncomeLossFromContinuingOperationsPerBasicShare", "2031-09-30")] == Decimal("0.80")
    assert facts[("IncomeLossFromDiscontinuedOperationsNetOfTaxPerBasicShare", "2031-09-30")] == Decimal("-0.10")
    assert facts[("IncomeLossFromContinuingOperationsPerDilutedShare", "2031-09-30")] == Decimal("0.78")
    assert facts[("IncomeLossFromDiscontinuedOperationsNetOfTaxPerDilutedShare", "2031-09-30")] == Decimal("-0.10")
    assert facts[("EarningsPerShareDiluted", "2031-09-30")] == Decimal("0.68")
    assert facts[("WeightedAverageNumberOfSharesOutstandingBasic", "2031-09-30")] == 1000000


SIDES = ("# Quillfeather Tools, Inc. Reports Third Quarter 2031 Results\n\nQUILLFEATHER TOOLS, INC.\n"
         "CONDENSED CONSOLIDATED BALANCE SHEETS\n(In thousands)\n\n"
         "| | September 30, 2031 | December 31, 2030 |\n|---|---|---|\n"
         "| Cash and cash equivalents | 300 | 250 |\n"
         "| Deferred income taxes | 25 | 20 |\n"
         "| Total assets | 325 | 270 |\n"
         "| Accounts payable | 100 | 80 |\n"
         "| Deferred income taxes | 45 | 40 |\n"
         "| Total liabilities | 145 | 120 |\n"
         "| Total stockholders' equity | 180 | 150 |\n"
         "| Total liabilities and stockholders' equity | 325 | 270 |\n")


def test_a_line_printed_on_both_sides_takes_each_sides_concept(tmp_path: Path):
    facts = _facts(tmp_path, SIDES)
    assert facts[("DeferredIncomeTaxAssetsNet", "2031-09-30")] == 25000
    assert facts[("DeferredIncomeTaxLiabilitiesNet", "2031-09-30")] == 45000


def test_a_per_share_line_whose_income_line_has_no_per_share_concept_is_not_money(tmp_path: Path):
    # "gross profit" is a rule's line, but the taxonomy has no gross profit per share: the line
    # read per share must not become GrossProfit (money) with 0.70 dollars in it
    release = ("# Quillfeather Tools, Inc. Reports Third Quarter 2031 Results\n\nQUILLFEATHER TOOLS, INC.\n"
               "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS\n(In thousands, except per share amounts)\n\n"
               "| | Nine Months Ended September 30, 2031 | Nine Months Ended September 30, 2030 |\n|---|---|---|\n"
               "| Revenues | 5,000 | 4,000 |\n"
               "| Gross profit per share - basic | 0.70 | 0.55 |\n")
    facts = [f for f in _converted(tmp_path, release).facts if f.value in ("0.7", "0.70")]
    assert facts and all(not f.concept.endswith(":GrossProfit") and "shares" in f.unit.id.lower() for f in facts)


def test_a_cost_of_revenue_heading_is_not_a_revenue_heading():
    rules = mapping.load_rules([])
    under_revenue = rules.match(Row(label="Product", line=1, depth=0, cells=[], sections=("Revenue",)), "income")
    under_cost = rules.match(Row(label="Product", line=1, depth=0, cells=[], sections=("Cost of revenue",)), "income")
    assert under_revenue is not None and under_revenue.concept == "RevenueFromContractWithCustomerExcludingAssessedTax"
    assert under_cost is None or not under_cost.concept.startswith("Revenue")


def test_a_serial_comma_is_read_away():
    assert "cash, cash equivalents and marketable securities" in _texts("Cash, cash equivalents, and marketable securities")


def test_an_extension_line_says_why_the_closest_standard_concepts_were_not_taken():
    from exporter.mapping.nearest import rejected_candidates
    from exporter.model import Table
    rules = mapping.load_rules([])
    balance = Table(caption="Balance sheets", statement="balance", scale=3, columns=[], rows=[], line=1)
    # a cash-flow wording on a balance sheet: the close flow concepts are durations
    row = Row(label="Proceeds from sales of widgets", line=5, depth=0, cells=[])
    found = rejected_candidates(row, balance, rules)
    assert found and all(c.reason for c in found)
    assert any("duration concept" in c.reason for c in found)
    # a wording a rule takes only under its heading says so
    income = Table(caption="Statements of operations", statement="income", scale=3, columns=[], rows=[], line=1)
    row = Row(label="Continuing operations", line=9, depth=0, cells=[], sections=("Other items",))
    reasons = [c.reason for c in rejected_candidates(row, income, rules, n=6)]
    assert reasons and all(reasons)


@pytest.mark.parametrize("label, reading", [
    ("Profit for the period", "profit"),
    ("Net income for the year", "net income"),
    ("Acquisitions of property, plant and equipment", "purchases of property, plant and equipment"),
    ("Proceeds from disposal of property, plant and equipment", "proceeds from sale of property, plant and equipment"),
    ("Share-based compensation expenses", "share-based compensation expense"),
    ("Income taxes", "income tax"),
    ("Profit before income taxes", "income before income taxes"),
    ("Proceeds from short-term unsecured borrowings", "proceeds from short-term borrowings"),
    ("Acquisitions of equity method investment", "purchases of equity method investment"),
])
def test_ifrs_wordings_and_plurals(label, reading):
    assert reading in _texts(label)


def test_a_supplementary_tables_lines_are_taken_at_their_word():
    # re-read, "Stock based compensation expenses" added back in a non-GAAP reconciliation would
    # become a statement concept and be left out there; as printed it stays the table's own line
    from exporter.model import Table
    rules = mapping.load_rules([])
    row = Row(label="Finance costs for the period", line=3, depth=0, cells=[])
    assert rules.match_reading(row, "income") is not None
    assert rules.match_reading(row, "income", reread=False) is None


SUMMARY = ("# Quillfeather Tools, Inc. Reports Third Quarter 2031 Results\n\nQUILLFEATHER TOOLS, INC.\n"
           "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS\n(In thousands)\n\n"
           "| | Nine Months Ended September 30, 2031 | Nine Months Ended September 30, 2030 |\n|---|---|---|\n"
           "| Revenues | 5,000 | 4,000 |\n| Operating expenses | 4,000 | 3,500 |\n"
           "| Operating income | 1,000 | 500 |\n| Net income | 700 | 450 |\n\n"
           "Summary of Results\n(In thousands)\n\n"
           "| | Nine Months Ended September 30, 2031 | Nine Months Ended September 30, 2030 |\n|---|---|---|\n"
           "| GAAP operating income | 1,000 | 500 |\n"
           "| Widget units shipped | 1,000 | 500 |\n")


def test_a_summary_line_that_repeats_and_names_a_statement_line_adds_no_second_name(tmp_path: Path):
    inst = _converted(tmp_path, SUMMARY)
    names = {f.concept.split(":")[-1] for f in inst.facts if f.value == "1000000"}
    assert "OperatingIncomeLoss" in names
    assert not any("GAAPOperatingIncome" in n for n in names)  # the repeat is left out, reported
    assert any(u.reason.startswith("repeats the statements'") for u in inst.unplaced)
    # the same numbers under another name are the summary's own line
    assert any("WidgetUnitsShipped" in n for n in names)


def test_an_extension_balance_line_is_named_as_us_gaap_names_them(tmp_path: Path):
    release = ("# Quillfeather Tools, Inc. Reports Third Quarter 2031 Results\n\nQUILLFEATHER TOOLS, INC.\n"
               "CONDENSED CONSOLIDATED BALANCE SHEETS\n(In thousands)\n\n"
               "| | September 30, 2031 | December 31, 2030 |\n|---|---|---|\n"
               "| Current assets: | | |\n| Cash and cash equivalents | 300 | 250 |\n"
               "| Widget rebates receivable | 25 | 20 |\n| Total current assets | 325 | 270 |\n"
               "| Total assets | 325 | 270 |\n"
               "| Total liabilities | 100 | 80 |\n"
               "| Series Q common stock, $0.01 par value, 2.0 million shares outstanding | 5 | 5 |\n"
               "| Other equity | 220 | 185 |\n"
               "| Total liabilities and stockholders' equity | 325 | 270 |\n")
    names = {f.concept.split(":")[-1] for f in _converted(tmp_path, release).facts}
    assert "WidgetRebatesReceivableCurrent" in names
    assert "SeriesQCommonStockValue" in names


def test_a_cash_flow_add_back_of_an_income_line_is_that_line(tmp_path: Path):
    rules = mapping.load_rules([])
    row = Row(label="Cumulative effect of accounting change", line=1, depth=0, cells=[],
              sections=("Adjustments to reconcile net income to net cash provided by operating activities",))
    found = rules.match_reading(row, "cashflow")
    assert found is not None and found[0].concept == "CumulativeEffectOfChangeInAccountingPrincipleNetOfTax"


def test_cash_provided_by_continuing_operations_is_the_continuing_part():
    rules = mapping.load_rules([])
    found = rules.match(Row(label="Cash provided by continuing operations", line=1, depth=0, cells=[]), "cashflow")
    assert found is not None and found.concept == "NetCashProvidedByUsedInOperatingActivitiesContinuingOperations"


OTHER_EXPENSE = ("# Quillfeather Tools, Inc. Reports Third Quarter 2031 Results\n\nQUILLFEATHER TOOLS, INC.\n"
                 "CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS\n(In thousands)\n\n"
                 "| | Nine Months Ended September 30, 2031 | Nine Months Ended September 30, 2030 |\n"
                 "|---|---|---|\n"
                 "| Revenues | 5,000 | 4,000 |\n| Operating expenses | 4,110 | 3,212 |\n"
                 "| Operating income | 890 | 788 |\n"
                 "| Total other expense | 5 | 14 |\n"
                 "| Income before income taxes | 885 | 774 |\n")


def test_a_sign_the_arithmetic_contradicts_is_reported_never_written(tmp_path: Path):
    # "Total other expense 14" is net other expense: as NonoperatingIncomeExpense (income positive)
    # it is -14,000; the subtotal below it says so.  Whatever the naming does, a positive value
    # must not be written: the fact is either signed as the arithmetic says or left out, reported.
    inst = _converted(tmp_path, OTHER_EXPENSE)
    other = [f for f in inst.facts if f.concept.endswith(":NonoperatingIncomeExpense")]
    assert all(Decimal(f.value) < 0 for f in other)
    if len(other) < 2:
        assert any("contradicts the statement's arithmetic" in u.reason for u in inst.unplaced)
        assert any("contradicts the statement's arithmetic" in w for w in inst.warnings)
