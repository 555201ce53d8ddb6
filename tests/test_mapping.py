"""Mapping rules: format, specificity, layering, problems with line numbers, the seed's override."""
from __future__ import annotations

from pathlib import Path

import pytest

from exporter import mapping
from exporter.mapping import MappingError, finite_language, load_rules, normalize
from exporter.model import Row

from conftest import CORPUS, needs_corpus

FIXTURES = Path(__file__).parent / "fixtures" / "mappings"
SEED = CORPUS / "seed.txt"


def _row(label: str, sections=(), parent=None) -> Row:
    return Row(label=label, line=1, depth=2, cells=[], sections=tuple(sections), parent=parent)


def _rules(tmp_path, text: str, name="r.toml", defaults=None) -> mapping.RuleSet:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_rules([path], defaults=defaults)


SPECIFICITY = '''
[[rule]]
fallback = true
concept = "OtherCostAndExpenseOperating"

[[rule]]
fallback = true
section = "Costs and expenses"
concept = "CostsAndExpenses"

[[rule]]
pattern = '^market'
concept = "SellingAndMarketingExpense"

[[rule]]
pattern = '^market'
section = "Costs and expenses"
concept = "MarketingAndAdvertisingExpense"

[[rule]]
label = "Marketing"
concept = "MarketingExpense"

[[rule]]
label = "Marketing"
section = "Costs and expenses"
concept = "AdvertisingExpense"
'''


def test_specificity_exact_section_beats_exact_beats_pattern_section_beats_pattern_beats_fallback(tmp_path):
    rules = _rules(tmp_path, SPECIFICITY)
    costs = ["Costs and expenses"]
    assert rules.match(_row("Marketing", costs), "income").concept == "AdvertisingExpense"
    assert rules.match(_row("Marketing", ["Operating expenses"]), "income").concept == "MarketingExpense"
    assert rules.match(_row("Marketing programs", costs), "income").concept == "MarketingAndAdvertisingExpense"
    assert rules.match(_row("Marketing programs"), "income").concept == "SellingAndMarketingExpense"
    assert rules.match(_row("Freight", costs), "income").concept == "CostsAndExpenses"
    assert rules.match(_row("Freight"), "income").concept == "OtherCostAndExpenseOperating"
    order = [r.concept for r in rules.ordered()]
    assert order == ["AdvertisingExpense", "MarketingExpense", "MarketingAndAdvertisingExpense",
                     "SellingAndMarketingExpense", "CostsAndExpenses", "OtherCostAndExpenseOperating"]


def test_label_compares_case_and_space_insensitively_and_ignores_footnote_marks(tmp_path):
    rules = _rules(tmp_path, '[[rule]]\nlabel = "General, administrative and patent costs"\n'
                             'concept = "GeneralAndAdministrativeExpense"\n')
    assert rules.match(_row("GENERAL,  administrative and\npatent costs (1):"), "income") is not None
    assert normalize("Sales & marketing*") == "sales and marketing"


def test_statement_restricts_a_rule(tmp_path):
    rules = _rules(tmp_path, '[[rule]]\nlabel = "Deferred revenue"\nstatement = "balance"\n'
                             'concept = "DeferredRevenue"\n')
    assert rules.match(_row("Deferred revenue"), "balance") is not None
    assert rules.match(_row("Deferred revenue"), "cashflow") is None


def test_user_file_wins_ties_over_defaults_and_later_files_over_earlier(tmp_path):
    a = tmp_path / "a.toml"
    b = tmp_path / "b.toml"
    a.write_text('[[rule]]\nlabel = "Marketing"\nconcept = "AdvertisingExpense"\n')
    b.write_text('[[rule]]\nlabel = "Marketing"\nconcept = "MarketingAndAdvertisingExpense"\n')
    row = _row("Marketing", ["Costs and expenses"])
    assert load_rules([]).match(row, "income").concept == "MarketingExpense"  # the default pattern
    assert load_rules([a]).match(row, "income").concept == "AdvertisingExpense"
    assert load_rules([a, b]).match(row, "income").concept == "MarketingAndAdvertisingExpense"
    winner, *others = load_rules([a, b]).matches(row, "income")
    assert winner.source.endswith("b.toml:1") and winner.layer == 2
    assert [r.concept for r in others][:1] == ["AdvertisingExpense"]


def test_within_a_file_the_earlier_of_equal_rules_wins(tmp_path):
    rules = _rules(tmp_path, '[[rule]]\npattern = "^sales"\nconcept = "SellingExpense"\n\n'
                             '[[rule]]\npattern = "sales$"\nconcept = "Revenues"\n')
    assert rules.match(_row("Sales"), "income").concept == "SellingExpense"


def test_rule_source_is_file_and_line_of_its_header(tmp_path):
    rules = _rules(tmp_path, '# comment\n\n[[rule]]\nlabel = "A"\nconcept = "Revenues"\n\n'
                             '[[rule]]\nlabel = "B"\nconcept = "Revenues"\n')
    assert [r.source.rsplit(":", 1)[1] for r in rules.rules] == ["3", "7"]


def test_a_declared_extension_concept_is_loaded(tmp_path):
    rules = load_rules([FIXTURES / "extension-concept.toml"], defaults=None)
    decl = rules.concepts["LensRecoatingCosts"]
    assert (decl.item_type, decl.period_type, decl.balance, decl.label) == \
        ("monetary", "duration", "debit", "Lens recoating program costs")
    assert rules.rules[0].is_extension


@pytest.mark.parametrize("name, line, words", [
    ("bad-toml.toml", 6, "malformed TOML"),
    ("bad-regex.toml", 6, "invalid regular expression"),
    ("unknown-concept.toml", 1, "did you mean AdvertisingExpense"),
    ("undeclared-extension.toml", 1, "not declared"),
    ("unknown-key.toml", 2, "did you mean 'label'"),
])
def test_load_rules_refuses_an_unusable_user_file_naming_the_line(name, line, words):
    with pytest.raises(MappingError) as e:
        load_rules([FIXTURES / name])
    assert f"{name}:{line}:" in str(e.value) and words in str(e.value)


def test_missing_or_binary_rule_file_is_one_clear_error(tmp_path):
    with pytest.raises(MappingError, match="cannot read"):
        load_rules([tmp_path / "nope.toml"])
    (tmp_path / "bin.toml").write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(MappingError, match="not UTF-8"):
        load_rules([tmp_path / "bin.toml"])


# ---------------------------------------------------------------- check: one bad file per kind

@pytest.mark.parametrize("name, code, line", [
    ("bad-toml.toml", "toml", 6),
    ("bad-regex.toml", "regex", 6),
    ("unknown-concept.toml", "unknown-concept", 1),
    ("duplicate.toml", "duplicate", 6),
    ("shadowed.toml", "shadowed", 7),
    ("period-conflict.toml", "period-conflict", 1),
    ("undeclared-extension.toml", "undeclared-extension", 1),
    ("unknown-key.toml", "unknown-key", 2),
])
def test_check_finds_each_error_kind_with_its_line(name, code, line):
    (rf,) = mapping.check_files([FIXTURES / name])
    found = [(p.code, p.line) for p in rf.errors]
    assert found == [(code, line)], found


@pytest.mark.parametrize("name", ["advertising.toml", "extension-concept.toml"])
def test_check_accepts_good_files(name):
    (rf,) = mapping.check_files([FIXTURES / name])
    assert rf.problems == []


def test_the_default_rules_pass_check():
    (rf,) = mapping.check_files([mapping.DEFAULT_RULES])
    assert rf.errors == [], "\n".join(map(str, rf.errors))


def test_check_more_kinds(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('\n'.join([
        '[[rule]]', 'label = "A"', 'pattern = "^a$"', 'concept = "Revenues"', '',        # 1: both
        '[[rule]]', 'label = "B"', '', '',                                                 # 6: no concept
        '[[rule]]', 'label = "C"', 'statement = "income statement"', 'concept = "Revenues"', '',  # 10
        '[[rule]]', 'label = "D"', 'concept = "IncomeStatementAbstract"', '',             # 15: abstract
        '[[rule]]', 'label = "Cash"', 'statement = "cashflow"', 'concept = "CashAndCashEquivalentsAtCarryingValue"',
        '', '[[concept]]', 'name = "ext:Bad Name"', 'type = "money"', 'period_type = "duration"', 'label = "x"',
    ]) + '\n')
    (rf,) = mapping.check_files([path])
    got = {(p.code, p.line) for p in rf.errors}
    assert ("rule-shape", 1) in got and ("rule-shape", 6) in got and ("bad-value", 12) in got
    assert ("unknown-concept", 15) in got and ("period-conflict", 19) in got
    assert ("bad-declaration", 25) in got and ("bad-declaration", 26) in got


def test_shadowing_needs_a_broader_scope_and_a_covering_match(tmp_path):
    path = tmp_path / "ok.toml"
    path.write_text('[[rule]]\npattern = "^marketing$"\nstatement = "income"\nconcept = "MarketingExpense"\n\n'
                    '[[rule]]\npattern = "^marketing( expenses?)?$"\nconcept = "MarketingExpense"\n\n'
                    '[[rule]]\npattern = "^market"\nstatement = "income"\nconcept = "MarketingExpense"\n')
    (rf,) = mapping.check_files([path])
    assert rf.problems == []  # each later rule matches lines (or statements) the earlier ones don't


def test_finite_language_of_anchored_patterns():
    assert finite_language("^marketing( expenses?)?$") == ["marketing", "marketing expense", "marketing expenses"]
    assert finite_language("^(sales|selling)$") == ["sales", "selling"]
    assert finite_language("^general,? administrative") is None  # unanchored end: infinite
    assert finite_language("^a.*$") is None


# ---------------------------------------------------------------- the seed

@needs_corpus()
def test_seed_user_rule_changes_that_fact_and_nothing_else():
    import exporter

    plain = exporter.convert(SEED)
    house = exporter.convert(SEED, mapping_files=[FIXTURES / "advertising.toml"])

    def key(f):
        return (f.concept, f.context.id, f.value, f.unit.id if f.unit else None, f.decimals)

    before, after = {key(f) for f in plain.facts}, {key(f) for f in house.facts}
    gone, new = before - after, after - before
    assert gone and len(gone) == len(new) == 4
    assert {k[0] for k in gone} == {"xe:MarketingExpense"} and {k[0] for k in new} == {"xe:AdvertisingExpense"}
    assert {k[1:] for k in gone} == {k[1:] for k in new}  # same contexts, values, units, decimals
    rules = {f.provenance.rule for f in house.facts if f.concept == "xe:AdvertisingExpense"}
    assert rules == {f"{FIXTURES / 'advertising.toml'}:2"}


def test_a_consolidated_block_restating_the_statements_adds_no_second_concept(tmp_path):
    """A segment table's "Consolidated / Operating expenses" that equals the income statement's
    CostsAndExpenses in every column repeats it; it must not become OperatingExpenses."""
    import exporter

    text = """WidgetCo Inc. (NASDAQ: WDGT) reports first quarter 2024 results.

                 WIDGETCO INC.
      CONDENSED STATEMENTS OF OPERATIONS
               (In millions)
                                            Three Months Ended
                                              March 31,
                                           2024       2023
 Net sales                                $  1,500   $  1,300
 Operating expenses:
   Cost of sales                                900        800
   Selling, general and administrative          450        370
     Total operating expenses                 1,350      1,170
 Operating income                               150        130


              WIDGETCO INC.
          Segment Information
              (in millions)
                                            Three Months Ended
                                              March 31,
                                           2024       2023
 North America
   Net sales                              $  1,000   $    900
   Operating expenses                           900        810
 Overseas
   Net sales                                    500        400
   Operating expenses                           450        360
 Consolidated
   Net sales                              $  1,500   $  1,300
   Operating expenses                         1,350      1,170
"""
    src = tmp_path / "w.txt"
    src.write_text(text)
    inst = exporter.convert(src)
    plain = {(f.concept, f.value) for f in inst.facts if not f.context.dims and f.is_numeric}
    assert ("xe:CostsAndExpenses", "1350000000") in plain  # the statement's total, by its arithmetic
    assert not any(c == "xe:OperatingExpenses" for c, _ in plain)
    restated = [u for u in inst.unplaced if "repeats the statements' xe:CostsAndExpenses" in u.reason]
    assert len(restated) == 2
    segment = [f for f in inst.facts if f.context.dims and f.concept == "xe:OperatingExpenses"]
    assert len(segment) == 4  # the segments' own operating expenses keep their dimensional facts


def test_provenance_init_is_the_one_dataclass_would_write():
    # model.Provenance writes its own __init__ (faster for a frozen class): the same parameters,
    # in field order, with the fields' defaults, setting every field
    import dataclasses
    import inspect

    from exporter.model import Provenance

    fields = dataclasses.fields(Provenance)
    params = list(inspect.signature(Provenance).parameters.values())
    assert [p.name for p in params] == [f.name for f in fields]
    assert [p.default for p in params] == [inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
                                          for f in fields]
    values = {f.name: f"value of {f.name}" for f in fields}
    made = Provenance(**values)
    assert dataclasses.asdict(made) == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.line = 3
    assert made == Provenance(**values) and hash(made) == hash(Provenance(**values))


# Standard statement lines in wordings other than the corpus's own: each names its US-GAAP element.
STANDARD_WORDINGS = [
    ("Research, development and engineering", ["Operating expenses"], "income", "ResearchAndDevelopmentExpense"),
    ("Sales, general and administrative", ["Operating expenses"], "income", "SellingGeneralAndAdministrativeExpense"),
    ("Other income/(expense), net", [], "income", "OtherNonoperatingIncomeExpense"),
    ("Non-operating (expenses) income, net", [], "income", "NonoperatingIncomeExpense"),
    ("Interest earned", ["Other income (expense)"], "income", "InvestmentIncomeInterest"),
    ("Foreign exchange gain/loss", ["Other income (expense)"], "income", "ForeignCurrencyTransactionGainLossBeforeTax"),
    ("Net loss before taxes", [], "income",
     "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest"),
    ("Currency translation adjustment, net of tax", [], "income",
     "OtherComprehensiveIncomeForeignCurrencyTransactionAndTranslationAdjustmentNetOfTax"),
    ("Total noninterest expense", [], "income", "NoninterestExpense"),
    ("Term debt", ["Non-current liabilities"], "balance", "LongTermDebtNoncurrent"),
    ("Term debt", ["Current liabilities"], "balance", "LongTermDebtCurrent"),
    ("Total long-term liabilities", [], "balance", "LiabilitiesNoncurrent"),
    ("Notes payable and other borrowings, non-current", [], "balance", "LongTermDebtNoncurrent"),
    ("Goodwill and intangibles, net", [], "balance", "IntangibleAssetsNetIncludingGoodwill"),
    ("Deferred tax assets and other assets", ["Assets"], "balance", "DeferredIncomeTaxesAndOtherAssetsNoncurrent"),
    ("Contract liabilities", ["Current liabilities"], "balance", "ContractWithCustomerLiabilityCurrent"),
    ("Due from related parties", ["Current assets"], "balance", "AccountsReceivableRelatedPartiesCurrent"),
    ("Shareholders' (deficit) equity", [], "balance", "StockholdersEquity"),
    ("Cash, cash equivalents and restricted cash, ending balances", [], "cashflow",
     "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents"),
    ("Cash, cash equivalents and restricted cash equivalents - beginning of period", [], "cashflow",
     "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents"),
    ("Payments for dividends and dividend equivalents", ["Financing activities"], "cashflow", "PaymentsOfDividends"),
    ("Repayments of senior notes", ["Financing activities"], "cashflow", "RepaymentsOfLongTermDebt"),
    ("Proceeds from commercial paper, net", ["Financing activities"], "cashflow",
     "ProceedsFromRepaymentsOfCommercialPaper"),
    ("Shares withheld for taxes on vesting of restricted stock units", ["Financing activities"], "cashflow",
     "PaymentsRelatedToTaxWithholdingForShareBasedCompensation"),
    ("Changes in operating assets and liabilities, net of acquisitions", [], "cashflow",
     "IncreaseDecreaseInOperatingCapital"),
    ("Income tax refunds received", ["Supplemental cash flow information"], "cashflow", "ProceedsFromIncomeTaxRefunds"),
    # a "current ..." section is not the end of a hyphened "non-current ..." heading
    ("Deferred tax assets", ["Non-current assets"], "balance", "DeferredTaxAssetsNetNoncurrent"),
    ("Deferred tax assets", ["Current assets"], "balance", "DeferredTaxAssetsNetCurrent"),
]


@pytest.mark.parametrize("label, sections, statement, concept", STANDARD_WORDINGS)
def test_standard_lines_in_other_wordings_map_to_their_us_gaap_elements(label, sections, statement, concept):
    rule = load_rules([]).match(_row(label, sections), statement)
    assert rule is not None and rule.concept == concept


@pytest.mark.parametrize("label, statement", [
    ("Adjusted EBITDA", "income"), ("Wealth management fee income", "income"),
    ("Principal payments on property and equipment and intangible assets", "cashflow"),
    ("Non-GAAP operating income", "income"), ("Stock payable", "balance"),
    ("Foreign exchange loss", "income"),  # one-sided: printed as a cost or as a loss, the sign is unknown
])
def test_company_specific_lines_still_get_no_rule(label, statement):
    assert load_rules([]).match(_row(label), statement) is None


def test_printed_benefits_and_reclassified_losses_are_negated():
    rules = load_rules([])
    tax = rules.match(_row("(Provision for) benefit from income taxes"), "income")
    assert (tax.concept, tax.negate) == ("IncomeTaxExpenseBenefit", True)
    reclass = rules.match(_row("Less: reclassification adjustment for losses (gains) included in other income"),
                          "income")
    assert reclass.concept == "OtherComprehensiveIncomeLossReclassificationAdjustmentFromAOCIForSaleOfSecuritiesNetOfTax"
    assert reclass.negate
