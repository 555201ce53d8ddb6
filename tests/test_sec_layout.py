"""Output that readers of SEC filings take as they take a filing (issue 14, parts 3 and 4): dei
concepts under the prefix dei, labels in en-US, the release's own presentation linkbase (its
statements, its order, its headings, its labels), and ``convert --layout sec``'s flat folder with
SEC-style names, read by edgartools (a test-only dependency, skipped where it is absent)."""
from __future__ import annotations

import importlib.util
import socket
from pathlib import Path

import pytest
from lxml import etree

from conftest import CORPUS, EXAMPLE, arelle_problems, needs_arelle, needs_corpus
from exporter import convert, extension, presentation, sources, tables
from exporter import taxonomy as T
from exporter.cli import main

LINK = "{http://www.xbrl.org/2003/linkbase}"
XLINK = "{http://www.w3.org/1999/xlink}"
XS = "{http://www.w3.org/2001/XMLSchema}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HAVE_EDGARTOOLS = importlib.util.find_spec("edgar") is not None

# A hand-made release: an income statement with a section and a label-only heading, a balance
# sheet with nested sections, a line no rule maps (an extension concept) and a segment table.
RELEASE = """\
Quillfeather Instruments, Inc. (NASDAQ: QFIX) Reports Third Quarter 2011 Results

BOSTON, Oct. 20, 2011 -- Quillfeather Instruments, Inc. today reported results.

                  QUILLFEATHER INSTRUMENTS, INC.
             CONSOLIDATED STATEMENTS OF OPERATIONS
           (in thousands, except per share amounts)

                                      Three Months Ended
                                         September 30,
                                       2011        2010
Revenues                             $ 9,120     $ 8,410
Costs and expenses:
  Cost of revenues                     4,010       3,760
  Research and development             1,230       1,150
  Calibration bench upkeep               205         190
  Total costs and expenses             5,445       5,100
Income from operations                 3,675       3,310
Net income                             3,675       3,310
Preferred stock dividends                (40)        (40)
Net income to common stockholders    $ 3,635     $ 3,270
Net income per share:
  Basic                              $  0.37     $  0.34
  Diluted                            $  0.36     $  0.33

                  QUILLFEATHER INSTRUMENTS, INC.
                 CONSOLIDATED BALANCE SHEETS
                        (in thousands)

                                   September 30,  December 31,
                                       2011          2010
ASSETS
Current assets:
  Cash and cash equivalents          $ 12,400      $ 10,100
  Accounts receivable, net              3,050         2,870
  Total current assets                 15,450        12,970
Property and equipment, net             2,210         2,300
Total assets                         $ 17,660      $ 15,270
LIABILITIES AND STOCKHOLDERS' EQUITY
Current liabilities:
  Accounts payable                   $  1,940      $  1,830
  Total current liabilities             1,940         1,830
Stockholders' equity                   15,720        13,440
Total liabilities and equity         $ 17,660      $ 15,270

                  QUILLFEATHER INSTRUMENTS, INC.
            CONSOLIDATED STATEMENTS OF CASH FLOWS
                        (in thousands)

                                                   Nine Months Ended
                                                      September 30,
                                                    2011        2010
Net cash provided by operating activities           2,900       2,500
Net cash used in investing activities               (600)       (450)
Net increase in cash and cash equivalents           2,300       2,050
Cash and cash equivalents at beginning of period   10,100       7,900
Cash and cash equivalents at end of period        $ 12,400    $  9,950
"""
INCOME_ROWS = ["Revenues", "Cost of revenues", "Research and development", "Calibration bench upkeep",
               "Total costs and expenses", "Income from operations", "Net income", "Preferred stock dividends",
               "Net income to common stockholders", "Basic", "Diluted"]
BALANCE_ROWS = ["Cash and cash equivalents", "Accounts receivable, net", "Total current assets",
                "Property and equipment, net", "Total assets", "Accounts payable", "Total current liabilities",
                "Stockholders' equity", "Total liabilities and equity"]
CASH_ROWS = ["Net cash provided by operating activities", "Net cash used in investing activities",
             "Net increase in cash and cash equivalents", "Cash and cash equivalents at beginning of period",
             "Cash and cash equivalents at end of period"]


def _parse(path: Path):
    return etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)).getroot()


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("release") / "quill-2011q3.txt"
    path.write_text(RELEASE)
    return path


@pytest.fixture(scope="module")
def sec_folder(release, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sec") / "quill"
    assert main(["convert", str(release), "-o", str(folder), "--layout", "sec", "-q"]) == 0
    return folder


# ---------------------------------------------------------------- the release's own presentation

def _tree(pre: Path, role_id: str) -> list[tuple[int, str]]:
    """(depth, child concept) in document order of the arcs of one role, walked from the root."""
    root = _parse(pre)
    link = next(l for l in root.iter(LINK + "presentationLink") if l.get(XLINK + "role").endswith("/" + role_id))
    locs = {l.get(XLINK + "label"): l.get(XLINK + "href").split("#")[1] for l in link.iter(LINK + "loc")}
    children: dict[str, list[tuple[int, str]]] = {}
    targets = set()
    for arc in link.iter(LINK + "presentationArc"):
        parent, child = locs[arc.get(XLINK + "from")], locs[arc.get(XLINK + "to")]
        children.setdefault(parent, []).append((int(arc.get("order")), child))
        targets.add(child)
    (top,) = [p for p in children if p not in targets]
    out = []

    def walk(node: str, depth: int) -> None:
        for _, child in sorted(children.get(node, [])):
            out.append((depth, child))
            walk(child, depth + 1)
    walk(top, 1)
    return [(0, top)] + out


def test_layout_follows_the_release(release):
    inst = convert(release)
    lay = inst.presentation
    assert (lay.prefix, lay.namespace) == ("qfix", "http://xbrl-export.org/extension/qfix/20110930")
    kinds = [s.kind for s in lay.statements]
    assert kinds == ["document", "income", "balance", "cashflow"]  # roles in a fixed order, only those reported
    income = next(s for s in lay.statements if s.kind == "income")
    assert [line.label for line in income.lines] == INCOME_ROWS
    assert income.lines[1].headings == ("Costs and expenses",)
    assert income.lines[-1].headings == ("Net income per share",)
    assert income.lines[3].concept.startswith("qfix:")  # the extension line takes its place
    # "Preferred stock dividends (40)" is stored as 40: the line is shown negated, as printed
    assert [line.label for line in income.lines if line.negated] == ["Preferred stock dividends"]
    balance = next(s for s in lay.statements if s.kind == "balance")
    assert [line.label for line in balance.lines] == BALANCE_ROWS
    assert balance.lines[0].headings == ("ASSETS", "Current assets")
    cash = next(s for s in lay.statements if s.kind == "cashflow")
    assert [line.label for line in cash.lines] == CASH_ROWS
    # the opening and closing cash: one concept, two lines, dated at either end of the columns
    assert [line.balance_at for line in cash.lines] == [None, None, None, "start", "end"]
    assert cash.lines[3].concept == cash.lines[4].concept
    document = next(s for s in lay.statements if s.kind == "document")
    assert all(line.concept.startswith("dei:") for line in document.lines)


def test_presentation_linkbase_holds_only_the_release(release, tmp_path):
    out = tmp_path / "quill.xml"
    assert main(["convert", str(release), "-o", str(out), "-q"]) == 0
    pre = tmp_path / "quill-ext-pre.xml"
    schema = _parse(tmp_path / "quill-ext.xsd")
    assert "quill-ext-pre.xml" in {r.get(XLINK + "href") for r in schema.iter(LINK + "linkbaseRef")}
    roles = {r.get("id"): r.findtext(LINK + "definition") for r in schema.iter(LINK + "roleType")}
    assert roles == {"DocumentAndEntityInformation": "0001 - Document - Document and Entity Information",
                     "IncomeStatement": "1001 - Statement - Income Statement",
                     "BalanceSheet": "2001 - Statement - Balance Sheet",
                     "CashFlowStatement": "4001 - Statement - Statement of Cash Flows"}
    income = _tree(pre, "IncomeStatement")
    assert income[0] == (0, "xe_IncomeStatementAbstract")
    items = [c for _, c in income if not c.endswith("Abstract")]
    assert len(items) == len(INCOME_ROWS)  # only the release's lines: no taxonomy tree
    assert (1, "qfix_CostsAndExpensesAbstract") in income and (2, "xe_CostOfRevenue") in income
    assert income.index((1, "qfix_CostsAndExpensesAbstract")) < income.index((2, "xe_CostOfRevenue"))
    balance = _tree(pre, "BalanceSheet")
    assert balance[:3] == [(0, "xe_StatementOfFinancialPositionAbstract"), (1, "qfix_ASSETSAbstract"),
                           (2, "qfix_CurrentAssetsAbstract")]
    assert len([c for _, c in balance if not c.endswith("Abstract")]) == len(BALANCE_ROWS)
    cash = _tree(pre, "CashFlowStatement")
    assert [c for _, c in cash][-2:] == ["xe_CashAndCashEquivalentsAtCarryingValue"] * 2  # two arcs
    preferred = [a.get("preferredLabel") for a in _parse(pre).iter(LINK + "presentationArc")]
    assert T.PERIOD_START_LABEL_ROLE in preferred and T.PERIOD_END_LABEL_ROLE in preferred
    # the labels: as printed, in en-US, in the release label role the arcs prefer
    lab = _parse(tmp_path / "quill-ext-lab.xml")
    printed = {r.text for r in lab.iter(LINK + "label") if r.get(XLINK + "role") == T.RELEASE_LABEL_ROLE}
    negated = {r.text for r in lab.iter(LINK + "label") if r.get(XLINK + "role") == T.RELEASE_NEGATED_LABEL_ROLE}
    assert negated == {"Preferred stock dividends"}
    assert set(INCOME_ROWS + BALANCE_ROWS) - {"Basic", "Diluted"} - negated <= printed
    assert {r.get(XML_LANG) for r in lab.iter(LINK + "label")} == {"en-US"}
    arcs = list(_parse(pre).iter(LINK + "presentationArc"))
    assert any(a.get("preferredLabel") == T.RELEASE_LABEL_ROLE for a in arcs)
    # the dei facts: their own prefix and namespace
    inst = _parse(out)
    assert inst.nsmap["dei"] == T.DEI_NAMESPACE
    assert inst.find(f"{{{T.DEI_NAMESPACE}}}TradingSymbol").text == "QFIX"
    assert main(["validate", str(out)]) == 0


def test_network_headings_are_unique_and_acyclic():
    lay = presentation.Layout("co", "http://example.com/co/20110930", [
        presentation.Statement("balance", [
            presentation.Line("xe:AccountsPayableCurrent", ("Liabilities", "Current"), "Payables"),
            presentation.Line("xe:AssetsCurrent", ("Assets", "Current"), "Total current assets"),
            presentation.Line("xe:AssetsCurrent", ("Assets", "Current"), "Again"),  # twice: one arc
            presentation.Line("xe:TreasuryStockValue", ("Liabilities",), "Treasury stock", negated=True),
        ]),
        presentation.Statement("other", [presentation.Line("xe:Revenues", ("Segments",), None)]),
    ])
    net = presentation.network(lay, ["CurrentAbstract"], extension.concept_name)
    names = [c.name for c in net.abstracts]
    assert len(names) == len(set(names)) and "CurrentAbstract" not in names  # taken names avoided
    pairs = [(a.parent, a.child, a.role) for a in net.arcs]
    assert len(pairs) == len(set(pairs))
    # "Current" under two headings: two concepts, so neither shows the other's lines
    assert sum(1 for n in names if n.startswith("CurrentAbstract")) == 2
    assert net.labels == [("xe:AccountsPayableCurrent", T.RELEASE_LABEL_ROLE, "Payables"),
                          ("xe:AssetsCurrent", T.RELEASE_LABEL_ROLE, "Total current assets"),
                          ("xe:TreasuryStockValue", T.RELEASE_NEGATED_LABEL_ROLE, "Treasury stock")]
    preferred = {a.child: a.preferred_label for a in net.arcs}
    assert preferred["xe:TreasuryStockValue"] == T.RELEASE_NEGATED_LABEL_ROLE
    assert [r.id for r in net.roles] == ["BalanceSheet", "OtherTables"]
    assert not any(a.preferred_label for a in net.arcs if a.child == "xe:Revenues")  # no printed label


# ---------------------------------------------------------------- --layout sec

def test_sec_folder_names_and_contents(sec_folder):
    names = sorted(p.name for p in sec_folder.iterdir())
    assert names == ["dei-2026.xsd", "dei-2026_lab.xml", "qfix-20110930.xml", "qfix-20110930.xsd",
                     "qfix-20110930_cal.xml", "qfix-20110930_def.xml", "qfix-20110930_lab.xml",
                     "qfix-20110930_pre.xml", "xe-2026.xsd", "xe-2026_lab.xml"]
    inst = _parse(sec_folder / "qfix-20110930.xml")
    assert [r.get(XLINK + "href") for r in inst.iter(LINK + "schemaRef")] == ["qfix-20110930.xsd"]
    schema = _parse(sec_folder / "qfix-20110930.xsd")
    refs = sorted(r.get(XLINK + "href") for r in schema.iter(LINK + "linkbaseRef"))
    assert refs == ["qfix-20110930_cal.xml", "qfix-20110930_def.xml", "qfix-20110930_lab.xml",
                    "qfix-20110930_pre.xml"]
    assert (sec_folder / "xe-2026_lab.xml").read_bytes() == (T.schema_dir() / "xe-2026-lab.xml").read_bytes()
    assert main(["validate", str(sec_folder / "qfix-20110930.xml")]) == 0


def _run(capsys, *args) -> tuple[int, str]:
    code = main(list(args))
    err = capsys.readouterr().err
    return code, err


def test_sec_folder_refusals(release, tmp_path, capsys):
    full = tmp_path / "full"
    full.mkdir()
    (full / "keep.txt").write_text("x")
    code, err = _run(capsys, "convert", str(release), "-o", str(full), "--layout", "sec")
    assert code == 2 and err.count("\n") == 1 and "folder is not empty" in err
    assert sorted(p.name for p in full.iterdir()) == ["keep.txt"]
    a_file = tmp_path / "a.xml"
    a_file.write_text("x")
    code, err = _run(capsys, "convert", str(release), "-o", str(a_file), "--layout", "sec")
    assert code == 2 and "is not a folder" in err and a_file.read_text() == "x"
    code, err = _run(capsys, "convert", str(release), "-o", "-", "--layout", "sec")
    assert code == 2 and "-o must name one" in err
    code, err = _run(capsys, "convert", str(release), "-o", str(tmp_path / "n"), "--layout", "sec", "--no-extensions")
    assert code == 2 and "--no-extensions" in err and not (tmp_path / "n").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _ = _run(capsys, "convert", str(release), "-o", str(empty), "--layout", "sec")
    assert code == 0 and (empty / "qfix-20110930.xml").is_file()


def test_sec_folders_for_several_releases(release, tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "quill-2011q3.txt").write_text(RELEASE)
    (inputs / "acme-2007q3.txt").write_bytes(EXAMPLE.read_bytes())
    out = tmp_path / "out"
    code, err = _run(capsys, "convert", str(inputs), "-o", str(out), "--layout", "sec", "--report", str(tmp_path / "r"))
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["acme-2007q3", "quill-2011q3"]  # a folder each
    assert (out / "acme-2007q3" / "acmw-20070930_pre.xml").is_file()
    assert sorted(p.name for p in (tmp_path / "r").iterdir()) == ["acme-2007q3.json", "quill-2011q3.json"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out", "r"]  # nothing elsewhere


# ---------------------------------------------------------------- Arelle

@pytest.mark.slow
@pytest.mark.arelle
@needs_arelle()
def test_arelle_accepts_the_presentation_and_the_sec_folder(release, sec_folder, tmp_path):
    package = tmp_path / "xe.zip"
    T.write_zip(package)
    out = tmp_path / "quill.xml"
    assert main(["convert", str(release), "-o", str(out), "-q"]) == 0
    assert arelle_problems(out, package, tmp_path) == []
    assert arelle_problems(sec_folder / "qfix-20110930.xml", package, tmp_path) == []


# ---------------------------------------------------------------- edgartools

needs_edgartools = pytest.mark.skipif(not HAVE_EDGARTOOLS, reason="edgartools is not installed")


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """edgartools with no way out: an identity (it asks for one before any request), its data
    folder in tmp_path, and every socket connection refused (a request fails the test)."""
    def refuse(*args, **kwargs):
        raise AssertionError("edgartools tried to use the network")

    monkeypatch.setenv("EDGAR_IDENTITY", "xbrl-export tests tests@example.com")
    monkeypatch.setenv("EDGAR_LOCAL_DATA_DIR", str(tmp_path / "edgar"))
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def _statement_rows(statement) -> list[str]:
    df = statement.to_dataframe(view="standard")
    rows = df[~df["abstract"].astype(bool)]
    if "dimension" in rows:
        rows = rows[~rows["dimension"].astype(bool)]
    return list(rows["label"])


def _release_rows(path: Path, kind: str) -> list[str]:
    """The labels of the release's statement lines of ``kind`` that carry numbers, in order, as
    the table reader reads them (independently of the presentation linkbase)."""
    doc = sources.load(path)
    found = [t for t in tables.find(doc) if t.statement == kind and t.role == "statement"]
    return [r.label.strip().rstrip(":") for t in found for r in t.rows
            if any(c is not None for c in r.cells) and not r.dims]


@needs_edgartools
@pytest.mark.edgartools
@pytest.mark.slow
def test_edgartools_reads_the_sec_folder(release, sec_folder, offline):
    from edgar.xbrl import XBRL

    xbrl = XBRL.from_directory(sec_folder)
    assert xbrl.entity_info["entity_name"] == "Quillfeather Instruments, Inc."
    assert xbrl.entity_info["ticker"] == "QFIX"
    income = xbrl.statements.income_statement()
    assert _statement_rows(income) == INCOME_ROWS == _release_rows(release, "income")
    balance = xbrl.statements.balance_sheet()
    assert _statement_rows(balance) == BALANCE_ROWS == _release_rows(release, "balance")
    cash = xbrl.statements.cash_flow_statement()
    assert _statement_rows(cash) == CASH_ROWS == _release_rows(release, "cashflow")
    opening, closing = cash.to_dataframe(view="standard").iloc[-2:]["2011-09-30 (YTD)"]
    assert (opening, closing) == (10100000, 12400000)  # the opening balance from the instant before
    facts = xbrl.facts.to_dataframe()
    assert len(facts) == len(convert(release).facts)
    revenue = facts[facts["concept"].isin(["xe:Revenues", "xe_Revenues"])]
    assert sorted(revenue["numeric_value"]) == [8410000, 9120000]
    assert set(revenue["label"]) == {"Revenues"}
    # a deduction stored as a positive amount is shown as printed, in parentheses
    df = income.to_dataframe(view="standard")
    dividends = df[df["label"] == "Preferred stock dividends"].iloc[0]
    assert dividends["2011-09-30 (Q3)"] == -40000


@needs_edgartools
@needs_corpus()
@pytest.mark.edgartools
@pytest.mark.slow
def test_edgartools_reads_the_seed_like_the_release(tmp_path, offline):
    """The issue's done-when: the seed's folder renders its income statement and balance sheet
    with the release's labels, only its rows, in its order, company name and ticker filled."""
    from edgar.xbrl import XBRL

    seed = CORPUS / "seed.txt"
    folder = tmp_path / "seed"
    assert main(["convert", str(seed), "-o", str(folder), "--layout", "sec", "-q"]) == 0
    xbrl = XBRL.from_directory(folder)
    doc = sources.load(seed)
    assert xbrl.entity_info["entity_name"] == doc.info.company
    assert xbrl.entity_info["ticker"] == doc.info.ticker
    for kind, statement in (("income", xbrl.statements.income_statement()),
                            ("balance", xbrl.statements.balance_sheet())):
        rows = _statement_rows(statement)
        assert rows == _release_rows(seed, kind), kind
    facts = xbrl.facts.to_dataframe()
    assert len(facts) == len(convert(seed).facts)
