"""The xe taxonomy: its source, the generated package, and Arelle's verdict on both."""
from __future__ import annotations

import gc
import json
import re
import time
import zipfile
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import pytest
from lxml import etree

from conftest import GOLD as GOLD_DIR, arelle_problems
from exporter import taxonomy as T

GOLD = sorted(GOLD_DIR.glob("*.json"))
needs_shared = pytest.mark.skipif(not GOLD, reason="../shared corpus not available")
PARSER = dict(resolve_entities=False, no_network=True, load_dtd=False)


@pytest.fixture(scope="module")
def tx() -> T.Taxonomy:
    return T.load()


def _gold_facts():
    for path in GOLD:
        for fact in json.loads(path.read_text())["facts"]:
            yield path.name, fact


# ------------------------------------------------------------------------------------------ source

def test_concept_count(tx):
    """The face statements of every industry: at least 1,500 line items (not headings)."""
    line_items = [c for c in tx.concepts.values() if not c.abstract]
    assert len(line_items) >= 1500


def _under(tx, root: str) -> set[str]:
    """Names of the concepts in the presentation subtree of an abstract heading."""
    children = defaultdict(list)
    for arc in tx.presentation:
        children[arc.parent.split(":")[1]].append(arc.child.split(":")[1])
    found, stack = set(), [root]
    while stack:
        for child in children[stack.pop()]:
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def test_period_type_and_balance_follow_simple_invariants(tx):
    """Facts US-GAAP states about every element, checked on every row of the source: a wrong
    period type or balance makes a filer's instance invalid or its calculations flip sign."""
    problems = []
    balance_sheet = _under(tx, "StatementOfFinancialPositionAbstract")
    flows = set().union(*(_under(tx, root) for root in (
        "IncomeStatementAbstract", "StatementOfIncomeAndComprehensiveIncomeAbstract",
        "StatementOfStockholdersEquityAbstract", "StatementOfCashFlowsAbstract")))
    for c in tx.concepts.values():
        name = c.name
        if c.abstract:
            if not name.endswith("Abstract"):
                problems.append(f"{name}: an abstract heading is named ...Abstract")
            continue
        if name.endswith("Abstract"):
            problems.append(f"{name}: a ...Abstract name is not a line item")
        if c.balance and c.item_type != "monetary":
            problems.append(f"{name}: only monetary items have a balance ({c.item_type})")
        if name in balance_sheet and name not in flows and c.period_type != "instant":
            problems.append(f"{name}: a balance sheet line is an instant")
        # a flow statement holds durations; its only balances are the cash at the period's ends
        if name in flows and name not in balance_sheet and c.period_type != "duration" \
                and not name.startswith("Cash"):
            problems.append(f"{name}: a line of a flow statement is a duration")
        if re.match(r"(IncreaseDecrease|Payments|Repayments|Proceeds|StockIssuedDuringPeriod|"
                    r"StockRepurchased)", name) and c.period_type != "duration":
            problems.append(f"{name}: changes and cash flows are durations")
        if c.item_type == "monetary" and c.balance:
            if re.match(r"(Payments|Repayments)", name) and c.balance != "credit":
                problems.append(f"{name}: a payment is a credit (cash goes out)")
            if name.startswith("Proceeds") and c.balance != "debit":
                problems.append(f"{name}: a proceeds line is a debit (cash comes in)")
            # (not "...IncomeExpense" nets, "RevenuesNetOfInterestExpense" or a liability for expenses)
            if re.search(r"(?<!Income)(?<!Interest)(Expense|Costs)$", name) and c.balance != "debit" \
                    and not name.startswith(("IncreaseDecrease", "Payments", "Liability")):
                problems.append(f"{name}: an expense is a debit")
            if re.search(r"Revenues?$", name) and "CostOf" not in name and c.balance != "credit" \
                    and not name.startswith(("IncreaseDecrease", "Deferred")):
                problems.append(f"{name}: a revenue is a credit")
        if re.search(r"PerShare|PerBasicShare|PerDilutedShare|PerUnit|PerOutstandingLimitedPartnershipUnit",
                     name) and not name.endswith("Amount") and c.item_type != "perShare":
            problems.append(f"{name}: a per-share amount is a perShare item")
        if re.search(r"Shares(Outstanding|Issued|Authorized|Acquired|Retired)$|UnitsOutstanding$|"
                     r"Stock(Common|Preferred)?Shares$", name) and c.item_type != "shares":
            problems.append(f"{name}: a share count is not money")
    assert not problems, problems


def test_industry_face_lines_are_present(tx):
    """A few lines of each industry's statements (banks, insurers, REITs, utilities, energy,
    biotech, brokers) that a converter needs a standard concept for."""
    expected = {
        "InterestExpenseDeposits": ("monetary", "duration", "debit"),
        "InterestAndDividendIncomeOperating": ("monetary", "duration", "credit"),
        "InterestIncomeExpenseAfterProvisionForLoanLoss": ("monetary", "duration", "credit"),
        "InterestBearingDepositLiabilities": ("monetary", "instant", "credit"),
        "PremiumsEarnedNet": ("monetary", "duration", "credit"),
        "PolicyholderBenefitsAndClaimsIncurredNet": ("monetary", "duration", "debit"),
        "LiabilityForClaimsAndClaimsAdjustmentExpense": ("monetary", "instant", "credit"),
        "OperatingLeaseLeaseIncome": ("monetary", "duration", "credit"),
        "RealEstateInvestmentPropertyAccumulatedDepreciation": ("monetary", "instant", "credit"),
        "RegulatoryAssetsNoncurrent": ("monetary", "instant", "debit"),
        "OilAndGasPropertyFullCostMethodNet": ("monetary", "instant", "debit"),
        "ResearchAndDevelopmentInProcess": ("monetary", "duration", "debit"),
        "RevenueFromCollaborativeArrangementExcludingRevenueFromContractWithCustomer": ("monetary", "duration", "credit"),
        "PayablesToCustomers": ("monetary", "instant", "credit"),
        "IncrementalCommonSharesAttributableToShareBasedPaymentArrangements": ("shares", "duration", None),
        "TemporaryEquityRedemptionPricePerShare": ("perShare", "instant", None),
    }
    for name, facts in expected.items():
        c = tx.concept(name)
        assert c is not None, name
        assert (c.item_type, c.period_type, c.balance) == facts, name


def test_load_is_fast_and_equals_the_source():
    assert T.load() is T.load()  # cached
    best = float("inf")
    # The loader's own cost: processor time of this process (the other processes of a busy
    # machine stretch wall-clock time, not this), with the garbage collector paused, since a
    # collection its allocations set off scans whatever else the process holds (all of pytest's)
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(10):
            start = time.process_time()
            T.source._from_json(json.loads((T.package_dir() / T.COMPILED_FILE).read_bytes()))
            best = min(best, time.process_time() - start)
    finally:
        if gc_was_enabled:
            gc.enable()
    assert best < 0.020, f"load took {best * 1000:.1f} ms"
    assert T.load() == T.load_source()


def test_concept_lookup(tx):
    assert tx.concept("xe:Revenues") is tx.concept("Revenues")
    assert tx.concept("Revenues").qname == "xe:Revenues"
    assert tx.concept("us-gaap:Revenues") is None
    assert tx.concept("NoSuchConcept") is None


def test_document_and_entity_concepts(tx):
    expected = {
        "DocumentType": ("submissionType", "duration"), "DocumentPeriodEndDate": ("date", "duration"),
        "DocumentFiscalYearFocus": ("gYear", "duration"), "DocumentFiscalPeriodFocus": ("fiscalPeriod", "duration"),
        "EntityRegistrantName": ("normalizedString", "duration"), "EntityCentralIndexKey": ("centralIndexKey", "duration"),
        "TradingSymbol": ("tradingSymbol", "duration"), "SecurityExchangeName": ("securityExchangeCode", "duration"),
        "AmendmentFlag": ("boolean", "duration"), "CurrentFiscalYearEndDate": ("gMonthDay", "duration"),
    }
    for name, (item_type, period) in expected.items():
        c = tx.concept(name)
        assert (c.item_type, c.period_type, c.balance) == (item_type, period, None), name
        # in their own namespace, prefix dei, as the SEC's taxonomies have them (issue 14)
        assert c.prefix == "dei" and c.qname == f"dei:{name}" and tx.concept(f"dei:{name}") is c
        assert tx.concept(f"xe:{name}") is None
    assert tx.concept("Revenues").prefix == "xe"


def test_us_gaap_facts_carried_over(tx):
    facts = {
        "Revenues": ("monetary", "duration", "credit"), "CostOfRevenue": ("monetary", "duration", "debit"),
        "NetIncomeLoss": ("monetary", "duration", "credit"), "Assets": ("monetary", "instant", "debit"),
        "LiabilitiesAndStockholdersEquity": ("monetary", "instant", "credit"),
        "TreasuryStockValue": ("monetary", "instant", "debit"),
        "IncreaseDecreaseInAccountsReceivable": ("monetary", "duration", "credit"),
        "IncreaseDecreaseInAccountsPayable": ("monetary", "duration", "debit"),
        "PaymentsToAcquirePropertyPlantAndEquipment": ("monetary", "duration", "credit"),
        "ProceedsFromIssuanceOfCommonStock": ("monetary", "duration", "debit"),
        "NetCashProvidedByUsedInOperatingActivities": ("monetary", "duration", "debit"),
        "EarningsPerShareBasic": ("perShare", "duration", None),
        "WeightedAverageNumberOfSharesOutstandingBasic": ("shares", "duration", None),
        "CommonStockSharesOutstanding": ("shares", "instant", None),
    }
    for name, expected in facts.items():
        c = tx.concept(name)
        assert (c.item_type, c.period_type, c.balance) == expected, name


@pytest.mark.parametrize("name,sign", [
    ("CostOfRevenue", "magnitude"), ("ResearchAndDevelopmentExpense", "magnitude"),
    ("DividendsPreferredStock", "magnitude"), ("PaymentsToAcquirePropertyPlantAndEquipment", "magnitude"),
    ("DepreciationDepletionAndAmortization", "magnitude"), ("Revenues", "magnitude"),
    ("TreasuryStockValue", "magnitude"), ("WeightedAverageNumberOfSharesOutstandingBasic", "magnitude"),
    ("IncreaseDecreaseInAccountsReceivable", "change"), ("IncreaseDecreaseInAccountsPayable", "change"),
    ("NetIncomeLoss", "signed"), ("OperatingIncomeLoss", "signed"), ("GrossProfit", "signed"),
    ("OtherNonoperatingIncomeExpense", "signed"), ("IncomeTaxExpenseBenefit", "signed"),
    ("NetCashProvidedByUsedInOperatingActivities", "signed"), ("EarningsPerShareBasic", "signed"),
    ("CashAndCashEquivalentsPeriodIncreaseDecrease", "signed"), ("RetainedEarningsAccumulatedDeficit", "signed"),
    ("InterestIncomeExpenseNet", "signed"), ("StockholdersEquity", "signed"), ("DocumentType", "signed"),
])
def test_sign_convention(tx, name, sign):
    assert tx.concept(name).sign == sign


def test_labels(tx):
    for c in tx.concepts.values():
        assert c.label.strip(), c.name
        assert c.abstract or c.terse_label, c.name
    assert tx.concept("IncreaseDecreaseInAccountsReceivable").label == "Increase (Decrease) in Accounts Receivable"
    assert tx.concept("IncreaseDecreaseInAccountsReceivable").negated_label.startswith("Decrease (increase)")
    assert tx.concept("NetIncomeLoss").negated_label == "Net loss (income)"
    assert T.label_from_name("ProceedsFromIssuanceOfCommonStock") == "Proceeds from Issuance of Common Stock"


@needs_shared
def test_gold_concepts_present_with_matching_period_and_unit(tx):
    """Every gold fact's line has a standard concept among its names (the gold's concept or an
    alternative), but for the few lines no US-GAAP element fits (company-specific lines, which
    CORPUS.md names descriptively: a careful filer's extension); and every name the taxonomy has
    agrees with the gold on period type and unit."""
    units = {"USD": {"monetary"}, "shares": {"shares"}, "USD/shares": {"perShare"}, "pure": {"pure", "percent"}}
    problems = set()
    facts = list(_gold_facts())
    unnamed = []
    for file, fact in facts:
        period = "instant" if "instant" in fact["period"] else "duration"
        names = [fact["concept"], *fact.get("alt", []), *fact.get("alt_negated", [])]
        if not any(tx.concept(name) is not None for name in names):
            unnamed.append(f"{file}: {fact['concept']}")
        for name in names:
            c = tx.concept(name)
            if c is not None and (c.period_type != period or c.item_type not in units[fact["unit"]]):
                problems.add(f"{file}: {name} is {c.item_type}/{c.period_type}, gold has {fact['unit']}/{period}")
    assert not problems, sorted(problems)
    assert len(unnamed) <= len(facts) // 500, unnamed


def test_source_errors_name_the_line(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "structure.toml").write_bytes((T.source_dir() / "structure.toml").read_bytes())
    lines = (T.source_dir() / "concepts.csv").read_text().splitlines()
    bad_at = next(i for i, line in enumerate(lines, 1) if line.startswith("Revenues,"))
    lines[bad_at - 1] = "Revenues,monetary,x,credit"
    (src / "concepts.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(T.TaxonomySourceError, match=rf"concepts.csv:{bad_at}: period"):
        T.load_from(src)


# ------------------------------------------------------------------------------------- calculations

def test_calc_weights_respect_balance_rules(tx):
    """XBRL 2.1 5.2.5.2: same balance -> positive weight, debit/credit pair -> negative weight."""
    assert tx.calculations
    for arc in tx.calculations:
        parent, child = tx.concept(arc.parent), tx.concept(arc.child)
        assert parent.item_type == child.item_type == "monetary"
        if parent.balance and child.balance:
            assert (arc.weight > 0) == (parent.balance == child.balance), arc
        assert arc.weight in (1, -1)


def test_calc_networks_have_no_repeated_or_cyclic_arcs(tx):
    seen = set()
    edges = defaultdict(set)
    for arc in tx.calculations:
        assert (arc.role, arc.parent, arc.child) not in seen, arc
        seen.add((arc.role, arc.parent, arc.child))
        edges[(arc.role, arc.parent)].add(arc.child)

    def reaches(role, node, target, depth=0):
        return depth < 50 and any(c == target or reaches(role, c, target, depth + 1) for c in edges[(role, node)])

    for role, parent in list(edges):
        assert not reaches(role, parent, parent), parent


def test_required_identities(tx):
    def arcs(parent):
        return {(a.child.split(":")[1], a.weight) for a in tx.calculations_of(parent)}

    assert arcs("ProfitLoss") == {("NetIncomeLoss", 1), ("NetIncomeLossAttributableToNoncontrollingInterest", 1)}
    assert arcs("PropertyPlantAndEquipmentNet") == {
        ("PropertyPlantAndEquipmentGross", 1), ("AccumulatedDepreciationDepletionAndAmortizationPropertyPlantAndEquipment", -1)}
    # totals whose make-up varies by company are the extension's (structure.toml says why)
    assert arcs("GrossProfit") == set() and arcs("NetIncomeLossAvailableToCommonStockholdersBasic") == set()


def _decimals(value: Decimal) -> int:
    """Decimals a gold value was reported with, judged from its trailing zeros (table figures in
    thousands have 3, "$6.64 million" has 4)."""
    if value == 0:
        return 10
    digits = str(abs(value).normalize().quantize(Decimal(1))) if value == value.to_integral() else None
    if digits is None:
        return -value.as_tuple().exponent
    return -(len(digits) - len(digits.rstrip("0")))


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)


@needs_shared
def test_calculations_hold_on_every_gold_release(tx):
    """Replays each release's gold facts (primary concepts) through our arcs the way XBRL 2.1
    calculation checking does: a total is checked when it and any child are reported."""
    by_parent = defaultdict(list)
    for arc in tx.calculations:
        by_parent[(arc.role, arc.parent.split(":")[1])].append(arc)
    problems = []
    for path in GOLD:
        values = defaultdict(dict)
        for fact in json.loads(path.read_text())["facts"]:
            key = (json.dumps(fact["period"], sort_keys=True), json.dumps(fact.get("dims", {}), sort_keys=True))
            values[key][fact["concept"]] = Decimal(str(fact["value"]))
        for key, facts in values.items():
            for (role, parent), arcs in by_parent.items():
                present = [a for a in arcs if a.child.split(":")[1] in facts]
                if parent not in facts or not present:
                    continue
                dec = _decimals(facts[parent])
                # as Arelle's c10 does: each child rounded to its own decimals, the sum to the total's
                children = [facts[a.child.split(":")[1]] * a.weight for a in present]
                total = sum(_round(v, _decimals(v)) for v in children)
                if _round(total, dec) != _round(facts[parent], dec):
                    problems.append(f"{path.name} {key[0]}: {parent}={facts[parent]} but children sum to {total}")
    assert not problems, problems


# ---------------------------------------------------------------------------------- generated files

def test_generated_files_are_up_to_date():
    stale = T.stale_files()
    assert not stale, f"run `python -m exporter.taxonomy build`: {stale}"


def _generated(name: str) -> etree._Element:
    return etree.fromstring((T.schema_dir() / name).read_bytes(), etree.XMLParser(**PARSER))


def test_schema_declares_every_concept_and_dimension_element(tx):
    schema = _generated(T.SCHEMA_FILE)
    dei = _generated(T.DEI_SCHEMA_FILE)
    xs = "{http://www.w3.org/2001/XMLSchema}"
    elements = {e.get("name"): e for e in schema.iter(f"{xs}element")}
    dei_elements = {e.get("name"): e for e in dei.iter(f"{xs}element")}
    assert dei.get("targetNamespace") == T.DEI_NAMESPACE
    assert not set(elements) & set(dei_elements)
    for c in tx.concepts.values():
        el = (elements if c.prefix == "xe" else dei_elements)[c.name]
        assert el.get(f"{{{T.XBRLI}}}periodType") == c.period_type
        assert el.get(f"{{{T.XBRLI}}}balance") == c.balance
        assert el.get("id") == f"{c.prefix}_{c.name}"
    assert dei_elements["DocumentFiscalPeriodFocus"].get("type") == "dei:fiscalPeriodItemType"
    assert dei_elements["TradingSymbol"].get("type") == "dei:tradingSymbolItemType"
    imports = {i.get("namespace"): i.get("schemaLocation") for i in schema.iter(f"{xs}import")}
    assert imports[T.DEI_NAMESPACE] == T.DEI_SCHEMA_FILE
    for axis in tx.axes.values():
        assert elements[axis.name].get("substitutionGroup") == "xbrldt:dimensionItem"
        for m in axis.members + (axis.domain,):
            assert elements[m].get("type") == "xe:domainItemType"
    assert elements[tx.hypercube].get("substitutionGroup") == "xbrldt:hypercubeItem"
    types = {t.get("name") for t in schema.iter(f"{xs}complexType")}
    assert {"perShareItemType", "percentItemType", "domainItemType"} <= types
    refs = {r.get(f"{{{T.XLINK}}}href") for r in schema.iter(f"{{{T.LINK}}}linkbaseRef")}
    assert refs == set(T.LINKBASE_FILES.values())
    roles = {r.get("roleURI") for r in schema.iter(f"{{{T.LINK}}}roleType")}
    assert T.ROLE_BASE + "IncomeStatement" in roles and T.ROLE_BASE + "CashFlow" in roles


def test_label_linkbase_covers_every_concept(tx):
    by_label = defaultdict(set)
    for name in (T.LINKBASE_FILES["label"], T.DEI_LABEL_FILE):
        for res in _generated(name).iter(f"{{{T.LINK}}}label"):
            by_label[res.get(f"{{{T.XLINK}}}label")].add(res.get(f"{{{T.XLINK}}}role"))
            # US English: the language readers of SEC filings (edgartools) take labels in
            assert res.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-US"
    for c in tx.concepts.values():
        roles = by_label[f"lab_{c.prefix}_{c.name}"]
        assert T.LABEL_ROLE in roles, c.name
        assert (T.NEGATED_LABEL_ROLE in roles) == bool(c.negated_label), c.name


def test_presentation_places_every_concept(tx):
    children = {a.child for a in tx.presentation}
    roots = {tx.concept(r.root).qname for r in tx.roles.values() if r.root}
    assert {c.qname for c in tx.concepts.values()} <= children | roots


def test_zip_is_a_taxonomy_package(tmp_path):
    out = tmp_path / "xe.zip"
    T.write_zip(out)
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert {n.split("/")[0] for n in names} == {T.ZIP_ROOT}
        assert f"{T.ZIP_ROOT}/META-INF/taxonomyPackage.xml" in names
        assert f"{T.ZIP_ROOT}/META-INF/catalog.xml" in names
        assert f"{T.ZIP_ROOT}/xbrl-export.org/taxonomy/2026/xe-2026.xsd" in names
        catalog = etree.fromstring(zf.read(f"{T.ZIP_ROOT}/META-INF/catalog.xml"), etree.XMLParser(**PARSER))
        rewrite = catalog[0]
        assert (rewrite.get("uriStartString"), rewrite.get("rewritePrefix")) == (
            "http://xbrl-export.org/taxonomy/", "../xbrl-export.org/taxonomy/")
        meta = zf.read(f"{T.ZIP_ROOT}/META-INF/taxonomyPackage.xml")
        assert T.ENTRY_POINT.encode() in meta
    first = out.read_bytes()
    T.write_zip(out)
    assert out.read_bytes() == first  # deterministic
    assert [p.name for p in tmp_path.iterdir()] == ["xe.zip"]  # no temp file left behind


def test_cli_check_and_usage(tmp_path):
    assert T.main(["check"]) == 0
    assert T.main(["nonsense"]) == 2
    assert T.main(["zip", str(tmp_path / "p.zip")]) == 0 and (tmp_path / "p.zip").is_file()


# ------------------------------------------------------------------------------------- extensions

def _extension(tx):
    """A company extension built with the module's generators: one concept, one product member."""
    ext = T.make_concept("PatentCosts", "monetary", "duration", "debit", "Patent Costs", prefix="bsmd")
    member = T.DimensionElement("OncologyMember", "member", "Oncology", prefix="bsmd")
    return T.render_extension(
        "bsmd", "http://example.com/bsmd/20070930", "bsmd-20070930.xsd", [ext],
        members=[(member, "xe:ProductsAndServicesDomain")],
        calculations=[T.CalcArc("xe:CostsAndExpenses", ext.qname, 1, T.ROLE_BASE + "IncomeStatement")],
        taxonomy=tx)


def test_make_concept_uses_the_source_defaults():
    c = T.make_concept("PatentCosts", "monetary", "duration", "debit", "Patent Costs", prefix="bsmd")
    assert (c.qname, c.sign, c.terse_label) == ("bsmd:PatentCosts", "magnitude", "Patent costs")
    with pytest.raises(ValueError):
        T.make_concept("Shares", "shares", "instant", "debit", "Shares", prefix="bsmd")


def test_extension_schema_imports_ours(tx):
    files = _extension(tx)
    assert sorted(files) == ["bsmd-20070930-cal.xml", "bsmd-20070930-def.xml", "bsmd-20070930-lab.xml",
                             "bsmd-20070930.xsd"]
    schema = etree.fromstring(files["bsmd-20070930.xsd"], etree.XMLParser(**PARSER))
    imports = {i.get("namespace"): i.get("schemaLocation") for i in schema.iter("{http://www.w3.org/2001/XMLSchema}import")}
    assert imports[T.NAMESPACE] == T.ENTRY_POINT
    defs = files["bsmd-20070930-def.xml"].decode()
    assert f'{T.ENTRY_POINT}#xe_ProductsAndServicesDomain' in defs and T.SEGMENTS_ROLE in defs


# ----------------------------------------------------------------------------------------- Arelle

ENTITY = '<xbrli:entity><xbrli:identifier scheme="http://www.sec.gov/CIK">0000822416</xbrli:identifier>{seg}</xbrli:entity>'
DURATION = '<xbrli:period><xbrli:startDate>2007-07-01</xbrli:startDate><xbrli:endDate>2007-09-30</xbrli:endDate></xbrli:period>'
INSTANT = '<xbrli:period><xbrli:instant>2007-09-30</xbrli:instant></xbrli:period>'


def _member(axis: str, member: str) -> str:
    return f'<xbrldi:explicitMember dimension="xe:{axis}">{member}</xbrldi:explicitMember>'


def _instance(schema_refs=(T.ENTRY_POINT,), extra_ns="", extra_facts="", **overrides) -> str:
    """A small instance: seed-like Q3 2007 figures, calc-consistent, with dimensional facts."""
    values = {"ProfitLoss": "-313000", "member": "xe:EuropeMiddleEastAndAfricaMember", "period": "Q3"}
    values.update(overrides)
    geo = _member("StatementGeographicalAxis", values["member"])
    both = _member("StatementGeographicalAxis", "xe:UnitedStatesMember") + _member("ProductOrServiceAxis", "xe:ProductMember")
    contexts = "\n".join([
        f'<xbrli:context id="D">{ENTITY.format(seg="")}{DURATION}</xbrli:context>',
        f'<xbrli:context id="I">{ENTITY.format(seg="")}{INSTANT}</xbrli:context>',
        f'<xbrli:context id="D_geo">{ENTITY.format(seg=f"<xbrli:segment>{geo}</xbrli:segment>")}{DURATION}</xbrli:context>',
        f'<xbrli:context id="D_two">{ENTITY.format(seg=f"<xbrli:segment>{both}</xbrli:segment>")}{DURATION}</xbrli:context>',
    ])
    refs = "".join(f'<link:schemaRef xlink:type="simple" xlink:href="{r}"/>' for r in schema_refs)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:link="http://www.xbrl.org/2003/linkbase"
  xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:iso4217="http://www.xbrl.org/2003/iso4217"
  xmlns:xbrldi="http://xbrl.org/2006/xbrldi" xmlns:xe="{T.NAMESPACE}" xmlns:dei="{T.DEI_NAMESPACE}" {extra_ns}>
{refs}
{contexts}
<xbrli:unit id="USD"><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unit>
<xbrli:unit id="shares"><xbrli:measure>xbrli:shares</xbrli:measure></xbrli:unit>
<xbrli:unit id="USD_per_shares"><xbrli:divide><xbrli:unitNumerator><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unitNumerator><xbrli:unitDenominator><xbrli:measure>xbrli:shares</xbrli:measure></xbrli:unitDenominator></xbrli:divide></xbrli:unit>
<dei:DocumentType contextRef="D">8-K</dei:DocumentType>
<dei:DocumentPeriodEndDate contextRef="D">2007-09-30</dei:DocumentPeriodEndDate>
<dei:DocumentFiscalYearFocus contextRef="D">2007</dei:DocumentFiscalYearFocus>
<dei:DocumentFiscalPeriodFocus contextRef="D">{values["period"]}</dei:DocumentFiscalPeriodFocus>
<dei:CurrentFiscalYearEndDate contextRef="D">--12-31</dei:CurrentFiscalYearEndDate>
<dei:AmendmentFlag contextRef="D">false</dei:AmendmentFlag>
<dei:EntityRegistrantName contextRef="D">BioSphere Medical, Inc. &amp; Co</dei:EntityRegistrantName>
<dei:EntityCentralIndexKey contextRef="D">0000822416</dei:EntityCentralIndexKey>
<dei:TradingSymbol contextRef="D">BSMD</dei:TradingSymbol>
<dei:SecurityExchangeName contextRef="D">NASDAQ</dei:SecurityExchangeName>
<xe:Revenues contextRef="D" unitRef="USD" decimals="-3">6637000</xe:Revenues>
<xe:CostOfRevenue contextRef="D" unitRef="USD" decimals="-3">1897000</xe:CostOfRevenue>
<xe:GrossProfit contextRef="D" unitRef="USD" decimals="-3">4740000</xe:GrossProfit>
<xe:OperatingIncomeLoss contextRef="D" unitRef="USD" decimals="-3">-435000</xe:OperatingIncomeLoss>
<xe:NetIncomeLoss contextRef="D" unitRef="USD" decimals="-3">-313000</xe:NetIncomeLoss>
<xe:NetIncomeLossAttributableToNoncontrollingInterest contextRef="D" unitRef="USD" decimals="-3">0</xe:NetIncomeLossAttributableToNoncontrollingInterest>
<xe:ProfitLoss contextRef="D" unitRef="USD" decimals="-3">{values["ProfitLoss"]}</xe:ProfitLoss>
<xe:DividendsPreferredStock contextRef="D" unitRef="USD" decimals="-3">140000</xe:DividendsPreferredStock>
<xe:NetIncomeLossAvailableToCommonStockholdersBasic contextRef="D" unitRef="USD" decimals="-3">-453000</xe:NetIncomeLossAvailableToCommonStockholdersBasic>
<xe:EarningsPerShareBasicAndDiluted contextRef="D" unitRef="USD_per_shares" decimals="2">-0.03</xe:EarningsPerShareBasicAndDiluted>
<xe:WeightedAverageNumberOfShareOutstandingBasicAndDiluted contextRef="D" unitRef="shares" decimals="-3">17345000</xe:WeightedAverageNumberOfShareOutstandingBasicAndDiluted>
<xe:PropertyPlantAndEquipmentGross contextRef="I" unitRef="USD" decimals="-3">3000000</xe:PropertyPlantAndEquipmentGross>
<xe:AccumulatedDepreciationDepletionAndAmortizationPropertyPlantAndEquipment contextRef="I" unitRef="USD" decimals="-3">2060000</xe:AccumulatedDepreciationDepletionAndAmortizationPropertyPlantAndEquipment>
<xe:PropertyPlantAndEquipmentNet contextRef="I" unitRef="USD" decimals="-3">940000</xe:PropertyPlantAndEquipmentNet>
<xe:Revenues contextRef="D_geo" unitRef="USD" decimals="-4">1370000</xe:Revenues>
<xe:Revenues contextRef="D_two" unitRef="USD" decimals="-4">3970000</xe:Revenues>
{extra_facts}
</xbrli:xbrl>
"""


def _arelle(target: str, package: Path, log: Path) -> list[tuple[str, str, str]]:
    return arelle_problems(target, package, log.parent)


@pytest.fixture(scope="module")
def package_zip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pkg") / "xe-2026.zip"
    T.write_zip(out)
    return out


@pytest.mark.slow
@pytest.mark.arelle
def test_arelle_accepts_the_package_entry_point(package_zip, tmp_path):
    assert _arelle(T.ENTRY_POINT, package_zip, tmp_path / "log.json") == []


@pytest.mark.slow
@pytest.mark.arelle
def test_arelle_accepts_an_instance_with_dimensional_facts(package_zip, tmp_path):
    inst = tmp_path / "good.xml"
    inst.write_text(_instance())
    assert _arelle(str(inst), package_zip, tmp_path / "log.json") == []


@pytest.mark.slow
@pytest.mark.arelle
@pytest.mark.parametrize("overrides,expected", [
    ({"ProfitLoss": "-303000"}, "calcInconsistency"),
    ({"member": "xe:AtlantisMember"}, "xbrldie"),
    ({"member": "xe:SegmentGeographicalDomain"}, "xbrldie:DefaultValueUsedInInstanceError"),
    ({"period": "Q5"}, "xmlSchema"),
])
def test_arelle_flags_a_tampered_instance(package_zip, tmp_path, overrides, expected):
    inst = tmp_path / "bad.xml"
    inst.write_text(_instance(**overrides))
    messages = _arelle(str(inst), package_zip, tmp_path / "log.json")
    assert any(expected in code or expected in text for _, code, text in messages), messages


@pytest.mark.slow
@pytest.mark.arelle
def test_arelle_accepts_an_extension_built_with_the_generators(tx, package_zip, tmp_path):
    for name, data in _extension(tx).items():
        (tmp_path / name).write_bytes(data)
    facts = """<bsmd:PatentCosts contextRef="D" unitRef="USD" decimals="-3">120000</bsmd:PatentCosts>
<xe:Revenues contextRef="D_onc" unitRef="USD" decimals="-4">1160000</xe:Revenues>
<xbrli:context id="D_onc">""" + ENTITY.format(seg="<xbrli:segment>" + _member("ProductOrServiceAxis", "bsmd:OncologyMember")
                                       + "</xbrli:segment>") + DURATION + "</xbrli:context>"
    inst = tmp_path / "ext.xml"
    inst.write_text(_instance(schema_refs=("bsmd-20070930.xsd",), extra_ns='xmlns:bsmd="http://example.com/bsmd/20070930"',
                              extra_facts=facts))
    assert _arelle(str(inst), package_zip, tmp_path / "log.json") == []
