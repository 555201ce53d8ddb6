"""Company extension concepts: naming, types, balances, verified calculation arcs, files, validity."""
from __future__ import annotations

import json
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

import exporter
from conftest import needs_arelle
from exporter import extension, sources, tables
from exporter import taxonomy as taxonomy_mod
from exporter.cli import main
from exporter.model import ConvertError, Fact

FIXTURES = Path(__file__).parent / "fixtures" / "mappings"
LUMEN = FIXTURES / "lumen-2008q2.txt"
XS = "{http://www.w3.org/2001/XMLSchema}"
LINK = "{http://www.xbrl.org/2003/linkbase}"
XLINK = "{http://www.w3.org/1999/xlink}"


def _parse(path: Path):
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)).getroot()


# ---------------------------------------------------------------- naming and kinds

@pytest.mark.parametrize("label, name", [
    ("General, administrative and patent costs", "GeneralAdministrativeAndPatentCosts"),
    ("U.S. revenue", "USRevenue"),
    ("Sales & marketing (1)", "SalesAndMarketing"),
    ("Royalties*", "Royalties"),
    ("401(k) match", "Line401Match"),
    ("Customer's deposits", "CustomersDeposits"),
    ("TOTAL EQUITY/CAPITAL", "TotalEquityCapital"),  # upper-case labels read as words
    ("NET SALES - US", "NetSalesUS"),  # ... their short acronyms kept
    ("ACL", "ACL"),
])
def test_concept_name_is_upper_camel_case(label, name):
    assert extension.concept_name(label) == name


@pytest.mark.parametrize("ticker, company, prefix", [
    ("BSMD", "BioSphere Medical, Inc.", "bsmd"),
    (None, "Lumenary Optics, Inc.", "lumenaryoptics"),
    (None, "The 3M Company", "the3m"),
    ("XE", None, "xeco"),
    (None, None, "co"),
])
def test_prefix_from_ticker_or_company(ticker, company, prefix):
    assert extension.company_prefix(ticker, company) == prefix


def _lumen_tables():
    doc = sources.load(LUMEN)
    return {t.statement: t for t in tables.find(doc)}


def test_row_kinds_and_balances():
    t = _lumen_tables()
    rows = {r.full_label: r for tb in t.values() for r in tb.rows}
    income, balance = t["income"], t["balance"]
    assert extension.row_item_type(rows["Net income per common share Basic and diluted"], income) == "perShare"
    assert extension.row_item_type(rows["Weighted average common shares outstanding Basic and diluted"],
                                   income) == "shares"
    assert extension.row_item_type(rows["Lens recoating program"], income) == "monetary"
    assert extension.guess_balance(rows["Lens recoating program"], income) == "debit"
    assert extension.guess_balance(rows["Coating feedstock held on consignment"], balance) == "debit"
    assert extension.guess_balance(rows["Customer prepayments for coating runs"], balance) == "credit"


# ---------------------------------------------------------------- conversion

@pytest.fixture(scope="module")
def lumen():
    return exporter.convert(LUMEN)


def test_unmapped_lines_become_extension_concepts(lumen):
    ext = {c.name: c for c in lumen.extension}
    assert lumen.extension_prefix == "lumo"
    assert set(ext) == {"CoatingFeedstockHeldOnConsignment", "CustomerPrepaymentsForCoatingRuns",
                        "LensRecoatingProgram"}
    lens = ext["LensRecoatingProgram"]
    assert (lens.item_type, lens.period_type, lens.balance, lens.label) == \
        ("monetary", "duration", "debit", "Lens recoating program")
    assert ext["CoatingFeedstockHeldOnConsignment"].period_type == "instant"
    assert ext["CustomerPrepaymentsForCoatingRuns"].balance == "credit"
    assert lens.parent == "xe:CostsAndExpenses" and lens.weight == 1
    facts = [f for f in lumen.facts if f.concept == "lumo:LensRecoatingProgram"]
    assert sorted(f.value for f in facts) == ["311000", "402000", "602000", "790000"]
    assert {f.provenance.rule for f in facts} == {"extension (no mapping rule)"}
    assert lumen.namespaces["lumo"].startswith("http://xbrl-export.org/extension/lumo/2008")


def test_calculation_arcs_are_the_tables_verified_arithmetic(lumen):
    arcs = {(a.parent, a.child): a.weight for a in lumen.extension_arcs}
    assert arcs[("xe:CostsAndExpenses", "lumo:LensRecoatingProgram")] == 1
    assert arcs[("xe:CostsAndExpenses", "xe:CostOfRevenue")] == 1
    assert arcs[("xe:OperatingIncomeLoss", "xe:Revenues")] == 1
    assert arcs[("xe:OperatingIncomeLoss", "xe:CostsAndExpenses")] == -1
    assert arcs[("xe:Assets", "lumo:CoatingFeedstockHeldOnConsignment")] == 1
    assert arcs[("xe:LiabilitiesAndStockholdersEquity", "lumo:CustomerPrepaymentsForCoatingRuns")] == 1
    roles = {a.role.rsplit("/", 1)[1] for a in lumen.extension_arcs}
    assert roles == {"IncomeStatement", "BalanceSheet"}
    # every arc's total really is the weighted sum of its items, in every context
    by = {(f.concept, f.context.id): Decimal(f.value) for f in lumen.facts if f.is_numeric and f.value}
    parents = {a.parent for a in lumen.extension_arcs}
    for parent in parents:
        children = [(a.child, a.weight) for a in lumen.extension_arcs if a.parent == parent]
        for (concept, ctx), value in by.items():
            if concept == parent:
                assert value == sum(by.get((c, ctx), 0) * w for c, w in children), (parent, ctx)


def test_a_total_that_does_not_add_up_gets_no_arcs(tmp_path):
    text = LUMEN.read_text().replace("  Lens recoating program                 402 ",
                                     "  Lens recoating program                 403 ")
    bad = tmp_path / "bad.txt"
    bad.write_text(text)
    inst = exporter.convert(bad)
    parents = {a.parent for a in inst.extension_arcs}
    assert "xe:CostsAndExpenses" not in parents  # 3,410 + 915 + 403 + 1,210 is not 5,937
    assert "xe:OperatingIncomeLoss" in parents and "xe:Assets" in parents
    lens = next(c for c in inst.extension if c.name == "LensRecoatingProgram")
    assert lens.parent is None


def test_balances_come_from_the_arithmetic_when_the_section_says_nothing():
    tax = taxonomy_mod.load()
    ec = extension.ExtensionConcept(name="Widgets", item_type="monetary", period_type="instant", balance=None,
                                    label="Widgets")
    chosen = {("role", "xe:LiabilitiesAndStockholdersEquity"): [("xe:AccountsPayableCurrent", 1),
                                                                ("lumo:Widgets", 1)]}
    extension._settle_balances(chosen, tax, {"lumo:Widgets": ec})
    assert ec.balance == "credit"
    chosen = {("role", "xe:OperatingIncomeLoss"): [("xe:Revenues", 1), ("lumo:Widgets", -1)]}
    extension._settle_balances(chosen, tax, {"lumo:Widgets": ec})
    assert ec.balance == "debit"


def test_adds_up_uses_xbrl_rounding():
    def fact(value, decimals):
        from exporter.model import Context, Entity, Period, USD
        from datetime import date
        ctx = Context(Entity("X"), Period.instant(date(2008, 6, 30)))
        return Fact("xe:A", ctx, value, USD, decimals)

    # 1,234.6 + 100.3 = 1,334.9: 1,335 at decimals 0 (c10), and 1,235 + 100 (Calculation 1.1)
    assert extension._adds_up(fact("1335", "0"), [fact("1234.6", "1"), fact("100.3", "1")], [1, 1])
    assert not extension._adds_up(fact("1336", "0"), [fact("1234.6", "1"), fact("100.3", "1")], [1, 1])
    # 1,234.4 + 100.3 = 1,334.7 -> 1,335 passes c10, but 1,234 + 100 = 1,334 fails Calculation 1.1
    assert not extension._adds_up(fact("1335", "0"), [fact("1234.4", "1"), fact("100.3", "1")], [1, 1])
    assert extension._adds_up(fact("-435000", "-3"), [fact("6637000", "-3"), fact("7072000", "-3")], [1, -1])


def test_declared_extension_concept_from_a_rule_file():
    inst = exporter.convert(LUMEN, mapping_files=[FIXTURES / "extension-concept.toml"])
    ext = {c.name: c for c in inst.extension}
    assert "LensRecoatingCosts" in ext and "LensRecoatingProgram" not in ext
    assert ext["LensRecoatingCosts"].label == "Lens recoating program costs"
    rules = {f.provenance.rule for f in inst.facts if f.concept == "lumo:LensRecoatingCosts"}
    assert rules == {f"{FIXTURES / 'extension-concept.toml'}:9"}


def test_no_extensions_leaves_lines_out_and_the_report_counts_them(tmp_path, capsys):
    out, rep = tmp_path / "l.xml", tmp_path / "l.json"
    assert main(["convert", str(LUMEN), "-o", str(out), "--report", str(rep), "--no-extensions", "-q"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["l.json", "l.xml"]
    report = json.loads(rep.read_text())
    s = report["summary"]
    assert s["extension_concepts"] == 0 and s["extended_numbers"] == 0 and s["left_out_numbers"] == 8
    left = {u["label"] for u in report["unplaced"] if u["reason"].startswith("no mapping rule")}
    assert left == {"Coating feedstock held on consignment", "Customer prepayments for coating runs",
                    "Lens recoating program"}
    out2, rep2 = tmp_path / "e.xml", tmp_path / "e.json"
    assert main(["convert", str(LUMEN), "-o", str(out2), "--report", str(rep2), "-q"]) == 0
    s2 = json.loads(rep2.read_text())["summary"]
    assert (s2["extension_concepts"], s2["extended_numbers"], s2["left_out_numbers"]) == (3, 8, 0)
    assert s2["mapped_numbers"] == s["mapped_numbers"]


# ---------------------------------------------------------------- files

def test_extension_files_beside_the_instance(tmp_path):
    out = tmp_path / "lumo.xml"
    assert main(["convert", str(LUMEN), "-o", str(out), "-q"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["lumo-ext-cal.xml", "lumo-ext-def.xml", "lumo-ext-lab.xml", "lumo-ext-pre.xml", "lumo-ext.xsd",
                     "lumo.xml"]
    inst = _parse(out)
    refs = [r.get(XLINK + "href") for r in inst.iter(LINK + "schemaRef")]
    assert refs == ["lumo-ext.xsd"]
    schema = _parse(tmp_path / "lumo-ext.xsd")
    imports = {i.get("namespace"): i.get("schemaLocation") for i in schema.iter(XS + "import")}
    assert imports[taxonomy_mod.NAMESPACE] == taxonomy_mod.ENTRY_POINT
    elements = {e.get("name"): e for e in schema.iter(XS + "element")}
    assert elements["CoatingFeedstockHeldOnConsignment"].get("{http://www.xbrl.org/2003/instance}periodType") == "instant"
    labels = [lab.text for lab in _parse(tmp_path / "lumo-ext-lab.xml").iter(LINK + "label")]
    assert "Lens recoating program" in labels
    assert _errors(out) == []


def _errors(path: Path) -> list:
    report = exporter.validate(path)
    return [m for m in report.messages if m.level in ("error", "inconsistency")]


def test_our_validator_accepts_the_extension_and_sees_its_arithmetic(tmp_path):
    out = tmp_path / "lumo.xml"
    assert main(["convert", str(LUMEN), "-o", str(out), "-q"]) == 0
    assert _errors(out) == []
    tampered = tmp_path / "lumo.xml"
    tampered.write_text(out.read_text().replace(">402000<", ">412000<"))
    problems = _errors(tampered)
    assert problems and all("Calc" in m.code or "calc" in m.code for m in problems), problems


def test_extension_files_are_deterministic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    for folder in (a, b):
        assert main(["convert", str(LUMEN), "-o", str(folder / "x.xml"), "-q"]) == 0
    for p in a.iterdir():
        assert p.read_bytes() == (b / p.name).read_bytes(), p.name


def test_write_all_is_all_or_nothing(tmp_path):
    good = tmp_path / "a.xml"
    with pytest.raises(ConvertError):
        extension.write_all({good: b"<a/>", tmp_path / "missing" / "b.xml": b"<b/>"})
    assert list(tmp_path.iterdir()) == []


def test_members_join_their_axis_domain(tmp_path):
    tax = taxonomy_mod.load()
    axis = next(iter(tax.axes.values()))
    builder = extension.ExtensionBuilder("lumo", tax)
    qname = builder.add_member("Coating services", axis.qname)
    assert qname == "lumo:CoatingServicesMember"
    assert builder.add_member("Coating services", axis.qname) == qname
    with pytest.raises(ValueError):
        builder.add_member("X", "xe:NoSuchAxis")
    inst = exporter.convert(LUMEN)
    from exporter.model import Context, Member
    base = next(f for f in inst.facts if f.concept == "xe:Revenues")
    fact = Fact(base.concept, Context(base.context.entity, base.context.period, (Member(axis.qname, qname),)),
                "100000", base.unit, "-3")
    inst.facts.append(fact)
    inst.extension.extend(c for c in builder.concepts() if c.kind == "member")
    out = tmp_path / "m.xml"
    files = extension.attach(inst, out)
    from exporter import render
    extension.write_all({**files, out: render.render(inst)})
    definition = _parse(tmp_path / "m-ext-def.xml")
    hrefs = [loc.get(XLINK + "href") for loc in definition.iter(LINK + "loc")]
    assert f"m-ext.xsd#lumo_CoatingServicesMember" in hrefs
    assert any(h.endswith("#xe_" + axis.domain) for h in hrefs)
    assert _errors(out) == []


# ---------------------------------------------------------------- Arelle

@pytest.mark.slow
@pytest.mark.arelle
@needs_arelle()
def test_arelle_accepts_the_extension_and_checks_its_calculations(tmp_path):
    package = tmp_path / "T.zip"
    assert main(["taxonomy", "--zip", str(package)]) == 0
    out = tmp_path / "lumo.xml"
    assert main(["convert", str(LUMEN), "-o", str(out), "-q"]) == 0

    def arelle(path: Path) -> str:
        run = subprocess.run(["arelleCmdLine", "--packages", str(package), "-f", str(path), "--validate",
                              "--calc=c10", "--workOffline"], capture_output=True, text=True, timeout=300)
        return run.stdout + run.stderr

    log = arelle(out)
    bad = [line for line in log.splitlines() if re.match(r"\[(?!info)", line) or "rror" in line]
    assert bad == [], log
    out.write_text(out.read_text().replace(">402000<", ">412000<"))
    assert "calcInconsistency" in arelle(out)  # the arcs are really there and really checked
