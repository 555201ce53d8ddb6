"""The local XBRL taxonomy (namespace ``xe``): its concepts as data, and the writers of its files.

The one source of truth is ``taxonomy/src/concepts.csv`` (the concepts) and
``taxonomy/src/structure.toml`` (roles, calculation arcs, dimensions).  ``load()`` reads those two
files (no XML involved, a few milliseconds); ``python -m exporter.taxonomy build`` writes the
schema and the four linkbases of the Taxonomy Package under ``taxonomy/`` from them, and
``python -m exporter.taxonomy check`` exits 1 when the committed files differ from a fresh build.

Data API::

    NAMESPACE, PREFIX, ENTRY_POINT, ROLE_BASE
    load() -> Taxonomy                      # cached; the data is immutable
    Taxonomy.concept("xe:Revenues" | "Revenues") -> Concept | None
    Taxonomy.concepts: dict[name, Concept]  # line items and abstract headings, in source order
    Taxonomy.calculations: list[CalcArc]    # CalcArc(parent, child, weight, role): qnames, role URI
    Taxonomy.presentation: list[PresentationArc]
    Taxonomy.axes: dict[name, Axis]         # Axis(name, label, domain, domain_label, members)
    Taxonomy.members: dict[name, DomainMember]  # DomainMember(name, label, axis)
    Taxonomy.axis_of(member) -> Axis | None; Taxonomy.roles: dict[id, Role]
    package_dir() -> Path                   # the taxonomy/ folder
    write_zip(out: Path) -> None            # the package as a zip, written atomically

Generators, reusable for a company extension schema (prefix from the ticker, importing ours).
Every one returns the document as UTF-8 bytes; concept arguments are ``Concept`` objects whose
``prefix`` names their schema, and ``hrefs`` maps each prefix to the schema location used in
locators (for an extension: ``{"xe": ENTRY_POINT, "bsmd": "bsmd-20070930.xsd"}``)::

    render_schema(namespace, prefix, concepts, *, imports=((NAMESPACE, ENTRY_POINT),),
                  linkbase_refs=(), roles=(), dimension_elements=(), define_types=False) -> bytes
        # linkbase_refs: [(href, "label"|"presentation"|"calculation"|"definition")]
        # dimension_elements: [DimensionElement(name, kind, label)] kind: axis|domain|member|hypercube|line_items
    render_label_linkbase(concepts, hrefs, *, extra=(), lang="en") -> bytes
        # extra: [(prefix, name, label)] standard labels of dimension elements
    render_presentation_linkbase(arcs: [PresentationArc], hrefs, *, role_hrefs) -> bytes
    render_calculation_linkbase(arcs: [CalcArc], hrefs, *, role_hrefs) -> bytes
    render_definition_linkbase(arcs: [DefinitionArc], hrefs, *, role_hrefs) -> bytes
    member_arcs(domain_qname, member_qnames, role=SEGMENTS_ROLE) -> list[DefinitionArc]
    make_concept(name, item_type, period_type, balance, label, *, prefix, ...) -> Concept
    render_extension(prefix, namespace, schema_file, concepts, *, members=(), calculations=())
        -> {file name: bytes}   # all of the above in one call: schema + lab/cal/def linkbases

``role_hrefs`` maps each role URI used to the ``schema#id`` of its roleType (our roles live in
``xe-2026.xsd``: ``role_hrefs_for(taxonomy, ENTRY_POINT)``).

How an extension attaches a company member (say ``bsmd:OncologyMember`` on
``xe:ProductOrServiceAxis``): declare the member in the extension schema with
``DimensionElement("OncologyMember", "member", "Oncology", prefix="bsmd")`` and write an
extension definition linkbase with ``member_arcs("xe:ProductsAndServicesDomain",
["bsmd:OncologyMember"])`` (``render_extension`` does both).  The arcs
are in our role ``SEGMENTS_ROLE``, so they join the domain-member network of our hypercube and a
fact with that member is dimensionally valid.  Extension concepts reported with members should be
added under ``xe:StatementLineItems`` the same way (``DefinitionArc`` with arcrole
``domain-member`` from ``xe:StatementLineItems``).

Sign convention (``Concept.sign``), for the converter: "magnitude" values are normally >= 0 and are
printed in parentheses when a statement shows them as deductions (expenses, costs, payments,
dividends, contra assets); "change" is an IncreaseDecrease* working-capital change; "signed" can be
either (income or loss, net amounts, effects, per-share results).
"""
from __future__ import annotations

import functools
import io
import json
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

NAMESPACE = "http://xbrl-export.org/taxonomy/2026/xe"
PREFIX = "xe"
ENTRY_POINT = "http://xbrl-export.org/taxonomy/2026/xe-2026.xsd"
BASE_URL = "http://xbrl-export.org/taxonomy/"
ROLE_BASE = "http://xbrl-export.org/taxonomy/2026/role/"
SEGMENTS_ROLE = ROLE_BASE + "Segments"
SCHEMA_FILE = "xe-2026.xsd"
LINKBASE_FILES = {
    "label": "xe-2026-lab.xml",
    "presentation": "xe-2026-pre.xml",
    "calculation": "xe-2026-cal.xml",
    "definition": "xe-2026-def.xml",
}
# Folder of the package's own files, relative to the package root (what the catalog rewrites to).
SCHEMA_DIR = Path("xbrl-export.org") / "taxonomy" / "2026"
ZIP_ROOT = "xe-2026"  # the one top-level folder inside the zip (Taxonomy Packages 1.0, 3.1)

XBRLI = "http://www.xbrl.org/2003/instance"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
XBRLDT = "http://xbrl.org/2005/xbrldt"
XS = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XBRLI_XSD = "http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"
LINK_XSD = "http://www.xbrl.org/2003/xbrl-linkbase-2003-12-31.xsd"
XBRLDT_XSD = "http://www.xbrl.org/2005/xbrldt-2005.xsd"
TP_NS = "http://xbrl.org/2016/taxonomy-package"
CATALOG_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"

LABEL_ROLE = "http://www.xbrl.org/2003/role/label"
TERSE_LABEL_ROLE = "http://www.xbrl.org/2003/role/terseLabel"
# The negated label role is registered in the XBRL International Link Role Registry, not in XBRL 2.1
# itself, so a DTS using it must define its roleType; ours does (in the entry schema).
NEGATED_LABEL_ROLE = "http://www.xbrl.org/2009/role/negatedLabel"
NEGATED_LABEL_ROLE_ID = "negatedLabel"

ARCROLE_PARENT_CHILD = "http://www.xbrl.org/2003/arcrole/parent-child"
ARCROLE_SUMMATION = "http://www.xbrl.org/2003/arcrole/summation-item"
ARCROLE_CONCEPT_LABEL = "http://www.xbrl.org/2003/arcrole/concept-label"
DIM_ARCROLE = "http://xbrl.org/int/dim/arcrole/"
ARCROLE_ALL = DIM_ARCROLE + "all"
ARCROLE_HYPERCUBE_DIMENSION = DIM_ARCROLE + "hypercube-dimension"
ARCROLE_DIMENSION_DOMAIN = DIM_ARCROLE + "dimension-domain"
ARCROLE_DOMAIN_MEMBER = DIM_ARCROLE + "domain-member"
ARCROLE_DIMENSION_DEFAULT = DIM_ARCROLE + "dimension-default"
STANDARD_LINK_ROLE = "http://www.xbrl.org/2003/role/link"

# item_type -> the schema type of its element ("xe:" types are defined by render_schema).
XSD_TYPES = {
    "monetary": "xbrli:monetaryItemType",
    "shares": "xbrli:sharesItemType",
    "perShare": "xe:perShareItemType",
    "percent": "xe:percentItemType",
    "pure": "xbrli:pureItemType",
    "decimal": "xbrli:decimalItemType",
    "integer": "xbrli:integerItemType",
    "string": "xbrli:stringItemType",
    "normalizedString": "xbrli:normalizedStringItemType",
    "date": "xbrli:dateItemType",
    "boolean": "xbrli:booleanItemType",
    "gYear": "xbrli:gYearItemType",
    "gMonthDay": "xbrli:gMonthDayItemType",
    "fiscalPeriod": "xe:fiscalPeriodItemType",
    "centralIndexKey": "xe:centralIndexKeyItemType",
    "domain": "xe:domainItemType",
}
NUMERIC_TYPES = frozenset({"monetary", "shares", "perShare", "percent", "pure", "decimal", "integer"})
# The values dei allows for DocumentFiscalPeriodFocus.
FISCAL_PERIODS = ("FY", "Q1", "Q2", "Q3", "Q4", "H1", "H2", "M9", "T1", "T2", "T3", "M8", "CY")
SIGNS = ("magnitude", "change", "signed")


@dataclass(frozen=True)
class Concept:
    """A concept of the taxonomy (or of an extension): type, period type, balance and labels."""
    name: str
    item_type: str  # a key of XSD_TYPES ("monetary", "shares", "perShare", "string", ...)
    period_type: str  # "duration" | "instant"
    balance: str | None  # "debit" | "credit" | None
    abstract: bool
    label: str
    terse_label: str | None
    negated_label: str | None
    sign: str  # "magnitude" | "change" | "signed"
    prefix: str = PREFIX
    nillable: bool = True

    @property
    def qname(self) -> str:
        return f"{self.prefix}:{self.name}"

    @property
    def is_numeric(self) -> bool:
        return self.item_type in NUMERIC_TYPES and not self.abstract

    @property
    def xsd_type(self) -> str:
        return "xbrli:stringItemType" if self.abstract else XSD_TYPES[self.item_type]


@dataclass(frozen=True)
class CalcArc:
    """A calculation (summation-item) arc between two concepts."""
    parent: str  # qname, "xe:GrossProfit"
    child: str
    weight: int  # +1 or -1
    role: str  # extended link role URI


@dataclass(frozen=True)
class PresentationArc:
    """A presentation (parent-child) arc between two concepts."""
    parent: str  # qname
    child: str
    order: int
    role: str
    preferred_label: str | None = None


@dataclass(frozen=True)
class DefinitionArc:
    """A definition arc (dimensional or domain-member) between two elements."""
    arcrole: str
    source: str  # qname
    target: str
    role: str = SEGMENTS_ROLE
    order: int = 1
    attributes: tuple[tuple[str, str], ...] = ()  # e.g. (("xbrldt:closed", "false"),)


@dataclass(frozen=True)
class DimensionElement:
    """A schema element of the dimensional model (not a line item)."""

    name: str
    kind: str  # "axis" | "domain" | "member" | "hypercube" | "line_items"
    label: str
    prefix: str = PREFIX

    @property
    def qname(self) -> str:
        return f"{self.prefix}:{self.name}"


@dataclass(frozen=True)
class Axis:
    """A dimension (axis) with its domain and members."""
    name: str
    label: str
    domain: str  # local name; also the dimension-default
    domain_label: str
    members: tuple[str, ...]

    @property
    def qname(self) -> str:
        return f"{PREFIX}:{self.name}"


@dataclass(frozen=True)
class DomainMember:
    """A member of an axis's domain."""
    name: str
    label: str
    axis: str  # local name of its axis

    @property
    def qname(self) -> str:
        return f"{PREFIX}:{self.name}"


@dataclass(frozen=True)
class Role:
    """An extended link role: its id, URI, definition and the links it is used on."""
    id: str
    uri: str
    definition: str
    used_on: tuple[str, ...]  # "presentation" | "calculation" | "definition"
    root: str | None = None


@dataclass
class Taxonomy:
    """The bundled taxonomy: concepts, arcs, roles and dimensions."""
    concepts: dict[str, Concept]
    calculations: list[CalcArc]
    presentation: list[PresentationArc] = field(default_factory=list)
    roles: dict[str, Role] = field(default_factory=dict)
    axes: dict[str, Axis] = field(default_factory=dict)
    members: dict[str, DomainMember] = field(default_factory=dict)
    hypercube: str = "StatementTable"
    line_items: str = "StatementLineItems"
    hypercube_label: str = "Statement [Table]"
    line_items_label: str = "Statement [Line Items]"
    dimensional_items: tuple[str, ...] = ()  # concepts under line_items (may carry members)

    def concept(self, name: str) -> Concept | None:
        prefix, _, local = name.rpartition(":")
        if prefix and prefix != PREFIX:
            return None
        return self.concepts.get(local)

    def axis(self, name: str) -> Axis | None:
        prefix, _, local = name.rpartition(":")
        return None if prefix and prefix != PREFIX else self.axes.get(local)

    def member(self, name: str) -> DomainMember | None:
        prefix, _, local = name.rpartition(":")
        return None if prefix and prefix != PREFIX else self.members.get(local)

    def axis_of(self, member: str) -> Axis | None:
        m = self.member(member)
        return self.axes[m.axis] if m else None

    def calculations_of(self, parent: str) -> list[CalcArc]:
        qname = parent if ":" in parent else f"{PREFIX}:{parent}"
        return [a for a in self.calculations if a.parent == qname]

    def dimension_elements(self) -> list[DimensionElement]:
        out = [DimensionElement(self.hypercube, "hypercube", self.hypercube_label),
               DimensionElement(self.line_items, "line_items", self.line_items_label)]
        for axis in self.axes.values():
            out.append(DimensionElement(axis.name, "axis", axis.label))
            out.append(DimensionElement(axis.domain, "domain", axis.domain_label))
            out.extend(DimensionElement(m, "member", self.members[m].label) for m in axis.members)
        return out

    def definition_arcs(self) -> list[DefinitionArc]:
        """The Dimensions 1.0 relationships of the Segments role."""
        q = lambda n: f"{PREFIX}:{n}"  # noqa: E731
        arcs = [DefinitionArc(ARCROLE_ALL, q(self.line_items), q(self.hypercube), attributes=(
            ("xbrldt:closed", "false"), ("xbrldt:contextElement", "segment")))]
        for i, axis in enumerate(self.axes.values(), 1):
            arcs.append(DefinitionArc(ARCROLE_HYPERCUBE_DIMENSION, q(self.hypercube), axis.qname, order=i))
            arcs.append(DefinitionArc(ARCROLE_DIMENSION_DOMAIN, axis.qname, q(axis.domain)))
            arcs.append(DefinitionArc(ARCROLE_DIMENSION_DEFAULT, axis.qname, q(axis.domain)))
            arcs.extend(member_arcs(q(axis.domain), [q(m) for m in axis.members]))
        arcs.extend(member_arcs(q(self.line_items), [q(n) for n in self.dimensional_items]))
        return arcs


# ------------------------------------------------------------------------------------------------
# Loading the source

def package_dir() -> Path:
    """The taxonomy/ folder (of the source checkout, or the copy inside an installed wheel)."""
    from .resources import data_dir

    return data_dir("taxonomy")


def source_dir() -> Path:
    return package_dir() / "src"


def schema_dir() -> Path:
    return package_dir() / SCHEMA_DIR


class TaxonomySourceError(ValueError):
    """concepts.csv or structure.toml is inconsistent; the message names the row or entry."""


_WORD_LABELS = [  # name fragments whose US-GAAP label is not the plain words
    ("IncreaseDecrease", "Increase (Decrease)"), ("IncomeLoss", "Income (Loss)"),
    ("ProfitLoss", "Profit (Loss)"), ("GainLoss", "Gain (Loss)"), ("GainsLosses", "Gain (Loss)"),
    ("IncomeExpense", "Income (Expense)"), ("ExpenseBenefit", "Expense (Benefit)"),
    ("ProvidedByUsedIn", "Provided by (Used in)"), ("AccumulatedDeficit", "(Accumulated Deficit)"),
    ("PaymentsForProceedsFrom", "Payments for (Proceeds from)"),
    ("ProceedsFromPaymentsFor", "Proceeds from (Payments for)"),
    ("ProceedsFromRepaymentsOf", "Proceeds from (Repayments of)"),
]
_SMALL_WORDS = {"And", "Of", "In", "To", "For", "From", "By", "On", "Or", "The", "At", "As", "With"}
_NEGATIONS = [  # how a label reads with the opposite sign
    ("Increase (Decrease)", "Decrease (Increase)"), ("Income (Loss)", "Loss (Income)"),
    ("Profit (Loss)", "Loss (Profit)"), ("Gain (Loss)", "Loss (Gain)"),
    ("Income (Expense)", "Expense (Income)"), ("Expense (Benefit)", "Benefit (Expense)"),
    ("Provided by (Used in)", "Used in (Provided by)"), ("Expense (Reversal)", "Reversal (Expense)"),
]
_SIGNED_NAME = re.compile(
    r"IncomeLoss|ProfitLoss|GainLoss|GainsLosses|LossGain|IncomeExpense|ExpenseIncome|ExpenseBenefit"
    r"|BenefitExpense|ProvidedByUsedIn|PeriodIncreaseDecrease|EffectOfExchangeRate|AccumulatedDeficit"
    r"|ComprehensiveIncome|GrossProfit|EarningsPerShare|PerBasicShare|PerDilutedShare"
    r"|PaymentsForProceeds|ProceedsFromPayments|ProceedsFromRepayments|AssetsLiabilities|^ProfitLoss$")


def label_from_name(name: str) -> str:
    """A readable standard label for a concept name when the source gives none."""
    text = name
    for fragment, words in _WORD_LABELS:
        text = text.replace(fragment, f" {words} ")
    parts = []
    for chunk in text.split(" "):
        if chunk.startswith("(") or chunk.endswith(")") or not chunk:
            parts.append(chunk)
            continue
        parts.extend(re.findall(r"[A-Z]+(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|\d+|[A-Z]+", chunk))
    words = [w for w in parts if w]
    return " ".join(w.lower() if i and w in _SMALL_WORDS else w for i, w in enumerate(words))


def terse_from_label(label: str) -> str:
    """Sentence case of the standard label: "Accounts Payable, Current" -> "Accounts payable, current"."""
    words = label.split(" ")
    out = [words[0]] + [w if (w.isupper() and len(w) > 1) or w[:1] == "(" and w[1:2].isupper() and w[2:3].isupper()
                        else w.lower() for w in words[1:]]
    return " ".join(out)


def negate_label(label: str) -> str | None:
    if "(" not in label:
        return None
    lowered = label.lower()
    for plain, negated in _NEGATIONS:
        at = lowered.find(plain.lower())
        if at < 0:
            continue
        span = label[at:at + len(plain)]
        # keep the case style of the label: "Increase (decrease)" -> "Decrease (increase)"
        words = [n.capitalize() if o[:1].isupper() or o[1:2].isupper() and o[0] == "(" else n.lower()
                 for o, n in zip(span.split(" "), negated.split(" "))]
        words = [w if not w.startswith("(") else "(" + (w[1:].capitalize() if o[1:2].isupper() else w[1:].lower())
                 for o, w in zip(span.split(" "), words)]
        return label[:at] + " ".join(words) + label[at + len(plain):]
    return None


def default_sign(name: str, item_type: str, balance: str | None) -> str:
    """The sign convention when the source does not give one (see the module docstring)."""
    if name.startswith("IncreaseDecrease"):
        return "change"
    if item_type not in NUMERIC_TYPES or _SIGNED_NAME.search(name):
        return "signed"
    if item_type == "shares":
        return "magnitude"  # share counts are never negative
    if balance is None:
        return "signed"
    if re.search(r"Net$|NetOfTax$|Other.*Net", name) and "Receivable" not in name and "Revenue" not in name \
            and not re.search(r"(Assets|Equipment|Investments|Liabilities|Inventory|Securities)", name):
        return "signed"  # "..., Net" income statement amounts are income less expense
    if name in {"StockholdersEquity", "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest"}:
        return "signed"
    return "magnitude"


def _read_rows(path: Path) -> list[tuple[int, list[str]]]:
    import csv  # only building from the source files needs it (load() reads the compiled JSON)

    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [(i, line) for i, line in enumerate(fh, 1)]
    data = [(i, line) for i, line in lines if line.strip() and not line.startswith("#")]
    reader = csv.reader(line for _, line in data)
    for (lineno, _), row in zip(data, reader):
        rows.append((lineno, row))
    return rows


def _parse_concepts(path: Path) -> tuple[dict[str, Concept], dict[str, list[str]]]:
    rows = _read_rows(path)
    header, body = rows[0][1], rows[1:]
    if header[:4] != ["name", "type", "period", "balance"]:
        raise TaxonomySourceError(f"{path.name}:{rows[0][0]}: unexpected header {header!r}")
    concepts: dict[str, Concept] = {}
    parents: dict[str, list[str]] = {}
    current_abstract: str | None = None
    for lineno, row in body:
        row = row + [""] * (9 - len(row))
        if len(row) > 9:
            raise TaxonomySourceError(f"{path.name}:{lineno}: {len(row)} columns (quote labels with commas)")
        name, kind, period, balance, parent, sign, label, terse, negated = (f.strip() for f in row)
        where = f"{path.name}:{lineno}"
        if name in concepts:
            raise TaxonomySourceError(f"{where}: duplicate concept {name}")
        if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", name):
            raise TaxonomySourceError(f"{where}: bad concept name {name!r}")
        abstract = kind == "abstract"
        item_type = "string" if abstract else kind
        if item_type not in XSD_TYPES:
            raise TaxonomySourceError(f"{where}: unknown type {kind!r}")
        if period not in ("d", "i"):
            raise TaxonomySourceError(f"{where}: period must be d or i, not {period!r}")
        if balance not in ("", "debit", "credit") or (balance and item_type != "monetary"):
            raise TaxonomySourceError(f"{where}: balance {balance!r} not allowed for type {kind}")
        if sign and sign not in SIGNS:
            raise TaxonomySourceError(f"{where}: sign must be one of {SIGNS}")
        label = label or label_from_name(name)
        terse_label = terse or (None if abstract else terse_from_label(label))
        negated_label = negated or (None if abstract or item_type not in NUMERIC_TYPES else
                                    negate_label(terse_label or label))
        concepts[name] = Concept(
            name=name, item_type=item_type, period_type="instant" if period == "i" else "duration",
            balance=balance or None, abstract=abstract, label=label, terse_label=terse_label,
            negated_label=negated_label, sign=sign or default_sign(name, item_type, balance or None))
        if parent:
            parents[name] = parent.split("|")
        elif not abstract:
            if current_abstract is None:
                raise TaxonomySourceError(f"{where}: {name} has no parent and no abstract row above it")
            parents[name] = [current_abstract]
        if abstract:
            current_abstract = name
    for name, ps in parents.items():
        for p in ps:
            if p not in concepts or not concepts[p].abstract:
                raise TaxonomySourceError(f"{path.name}: parent {p!r} of {name} is not an abstract concept")
    return concepts, parents


def _weighted(child: str, where: str) -> tuple[str, int]:
    if child[:1] not in "+-" or len(child) < 2:
        raise TaxonomySourceError(f"{where}: calculation child {child!r} must start with + or -")
    return child[1:], 1 if child[0] == "+" else -1


COMPILED_FILE = "xe-2026.json"  # taxonomy/xe-2026.json: the source, parsed and checked, for load()


@functools.lru_cache(maxsize=1)
def load() -> Taxonomy:
    """The xe taxonomy (cached: the result is treated as immutable).

    Reads ``taxonomy/xe-2026.json``, the parsed form of the source written by ``build`` (parsing
    and checking the CSV each time would cost more than the 20 ms budget); the no-drift test keeps
    it equal to the source.
    """
    path = package_dir() / COMPILED_FILE
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise TaxonomySourceError(f"cannot read {path} ({exc}); run: python -m exporter.taxonomy build") from None
    return _from_json(data)


def _to_json(tx: Taxonomy) -> bytes:
    data = {
        "concepts": [[c.name, c.item_type, c.period_type, c.balance, c.abstract, c.label, c.terse_label,
                      c.negated_label, c.sign] for c in tx.concepts.values()],
        "calculations": [[a.parent, a.child, a.weight, a.role] for a in tx.calculations],
        "presentation": [[a.parent, a.child, a.order, a.role] for a in tx.presentation],
        "roles": [[r.id, r.uri, r.definition, list(r.used_on), r.root] for r in tx.roles.values()],
        "axes": [[a.name, a.label, a.domain, a.domain_label, [[m, tx.members[m].label] for m in a.members]]
                 for a in tx.axes.values()],
        "hypercube": [tx.hypercube, tx.hypercube_label, tx.line_items, tx.line_items_label],
        "dimensional_items": list(tx.dimensional_items),
    }
    # one entry per line, so that a change to the source shows as a readable diff
    parts = []
    for key, value in data.items():
        if value and isinstance(value[0], list):
            items = ",\n".join(json.dumps(v, ensure_ascii=False) for v in value)
            parts.append(f"{json.dumps(key)}: [\n{items}\n]")
        else:
            parts.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


def _from_json(data: dict) -> Taxonomy:
    concepts = {row[0]: Concept(*row) for row in data["concepts"]}
    members = {}
    axes = {}
    for name, label, domain, domain_label, mems in data["axes"]:
        for m, mlabel in mems:
            members[m] = DomainMember(m, mlabel, name)
        axes[name] = Axis(name, label, domain, domain_label, tuple(m for m, _ in mems))
    hypercube, hypercube_label, line_items, line_items_label = data["hypercube"]
    return Taxonomy(
        concepts=concepts,
        calculations=[CalcArc(*row) for row in data["calculations"]],
        presentation=[PresentationArc(*row) for row in data["presentation"]],
        roles={r[0]: Role(r[0], r[1], r[2], tuple(r[3]), r[4]) for r in data["roles"]},
        axes=axes, members=members, hypercube=hypercube, hypercube_label=hypercube_label,
        line_items=line_items, line_items_label=line_items_label,
        dimensional_items=tuple(data["dimensional_items"]))


def load_source() -> Taxonomy:
    """Parse and check concepts.csv and structure.toml (what ``build`` compiles)."""
    return load_from(source_dir())


def load_from(src: Path) -> Taxonomy:
    import tomllib  # as csv: not imported by conversions, which load the compiled taxonomy

    concepts, parents = _parse_concepts(src / "concepts.csv")
    with (src / "structure.toml").open("rb") as fh:
        structure = tomllib.load(fh)
    roles: dict[str, Role] = {}
    for r in structure.get("role", []):
        roles[r["id"]] = Role(id=r["id"], uri=ROLE_BASE + r["id"], definition=r["definition"],
                              used_on=tuple(r["used_on"]), root=r.get("root"))
    # presentation: each root's subtree, children in source order
    children: dict[str, list[str]] = {}
    for name in concepts:
        for p in parents.get(name, []):
            children.setdefault(p, []).append(name)
    presentation: list[PresentationArc] = []
    placed: set[str] = set()
    for role in roles.values():
        if not role.root:
            continue
        if role.root not in concepts or parents.get(role.root):
            raise TaxonomySourceError(f"structure.toml: role {role.id} root {role.root!r} is not a root abstract")
        stack = [role.root]
        placed.add(role.root)
        while stack:
            node = stack.pop()
            for order, child in enumerate(children.get(node, []), 1):
                presentation.append(PresentationArc(f"{PREFIX}:{node}", f"{PREFIX}:{child}", order, role.uri))
                placed.add(child)
                stack.append(child)
    unplaced = [n for n in concepts if n not in placed]
    if unplaced:
        raise TaxonomySourceError(f"concepts.csv: not under any role's root: {', '.join(unplaced[:5])}")
    presentation.sort(key=lambda a: (a.role, a.parent, a.order))
    calculations: list[CalcArc] = []
    for i, calc in enumerate(structure.get("calculation", []), 1):
        where = f"structure.toml calculation #{i} ({calc.get('parent')})"
        role = roles.get(calc["role"])
        if role is None or "calculation" not in role.used_on:
            raise TaxonomySourceError(f"{where}: role {calc['role']!r} is not a calculation role")
        for name in [calc["parent"]] + [c[1:] for c in calc["children"]]:
            c = concepts.get(name)
            if c is None or c.item_type != "monetary" or c.abstract:
                raise TaxonomySourceError(f"{where}: {name} is not a monetary line item")
        for child in calc["children"]:
            name, weight = _weighted(child, where)
            calculations.append(CalcArc(f"{PREFIX}:{calc['parent']}", f"{PREFIX}:{name}", weight, role.uri))
    dims = structure.get("dimensions", {})
    axes: dict[str, Axis] = {}
    members: dict[str, DomainMember] = {}
    for a in structure.get("axis", []):
        names = []
        for member, label in a["members"]:
            if member in members or member in concepts:
                raise TaxonomySourceError(f"structure.toml: member {member} declared twice")
            members[member] = DomainMember(member, label, a["name"])
            names.append(member)
        axes[a["name"]] = Axis(a["name"], a["label"], a["domain"], a["domain_label"], tuple(names))
    excluded = set()
    if dims.get("exclude_under"):
        stack = [dims["exclude_under"]]
        while stack:
            node = stack.pop()
            excluded.add(node)
            stack.extend(children.get(node, []))
    dimensional = tuple(n for n, c in concepts.items() if not c.abstract and n not in excluded)
    return Taxonomy(concepts=concepts, calculations=calculations, presentation=presentation, roles=roles,
                    axes=axes, members=members, hypercube=dims.get("hypercube", "StatementTable"),
                    line_items=dims.get("line_items", "StatementLineItems"),
                    hypercube_label=dims.get("hypercube_label", "Statement [Table]"),
                    line_items_label=dims.get("line_items_label", "Statement [Line Items]"),
                    dimensional_items=dimensional)


# ------------------------------------------------------------------------------------------------
# XML writers.  The files are small trees of elements with attributes and text only, written as
# text (what lxml's indent + tostring would write, byte for byte): importing lxml would cost a
# conversion that writes extension files more than the writing itself.  A tree the text writer
# cannot take exactly (a namespace not declared on the root, a prefix shared by two namespaces, a
# value that is not a str or not XML) goes through lxml, which raises or writes as before.

class _Element:
    """One element of a tree written by ``_xml``: tag and attribute names in ``{ns}local`` form."""

    __slots__ = ("tag", "attrib", "text", "children", "nsmap")

    def __init__(self, tag: str, attrib: Mapping[str, str] | None = None, nsmap: Mapping | None = None):
        self.tag, self.attrib, self.text, self.children = tag, dict(attrib or {}), None, []
        self.nsmap = dict(nsmap or {})

    def set(self, key: str, value: str) -> None:
        self.attrib[key] = value


def _new_root(tag: str, nsmap: Mapping, attrib: Mapping[str, str] | None = None) -> _Element:
    return _Element(tag, attrib, nsmap)


def _xml(root: _Element) -> bytes:
    try:
        text = _XmlText(root.nsmap).document(root)
    except _NotPlain:
        return _xml_lxml(root)
    return text.encode("utf-8") + b"\n"


class _NotPlain(Exception):
    pass


_XML_NS = "http://www.w3.org/XML/1998/namespace"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


class _XmlText:
    """Writes a tree of ``_Element`` whose namespaces are all declared on its root."""

    def __init__(self, nsmap: Mapping) -> None:
        if len(set(nsmap.values())) != len(nsmap):
            raise _NotPlain
        self.prefixes = {ns: prefix for prefix, ns in nsmap.items()}
        self.prefixes[_XML_NS] = "xml"
        self.names: dict[str, str] = {}

    def name(self, qname: str, attribute: bool) -> str:
        key = ("@" if attribute else "") + qname
        done = self.names.get(key)
        if done is not None:
            return done
        if qname[:1] == "{":
            ns, _, local = qname[1:].partition("}")
            prefix = self.prefixes.get(ns, "")
            if prefix == "" or (prefix is None and attribute):
                raise _NotPlain  # undeclared (lxml would invent a prefix), or unprefixed attribute
            name = local if prefix is None else f"{prefix}:{local}"
        else:
            if not attribute and None in self.prefixes.values():
                raise _NotPlain  # an unqualified element under a default namespace
            name = qname
        self.names[key] = name
        return name

    @staticmethod
    def value(value, escapes) -> str:
        if type(value) is not str or _NOT_XML.search(value):
            raise _NotPlain
        return value.translate(escapes)

    def document(self, root: _Element) -> str:
        out = ["<?xml version='1.0' encoding='UTF-8'?>\n"]
        decls = "".join(f' xmlns="{self.value(ns, _ATTR_ESCAPES)}"' if prefix is None else
                        f' xmlns:{prefix}="{self.value(ns, _ATTR_ESCAPES)}"' for prefix, ns in root.nsmap.items())
        self.element(root, out, "\n", decls)
        return "".join(out)

    def element(self, el: _Element, out: list[str], indent: str, decls: str = "") -> None:
        tag = self.name(el.tag, False)
        out.append(f"<{tag}{decls}")
        for key, value in el.attrib.items():
            out.append(f' {self.name(key, True)}="{self.value(value, _ATTR_ESCAPES)}"')
        if el.children:
            if el.text is not None and el.text.strip():
                raise _NotPlain  # mixed content: indent would keep the text
            inner = indent + "  "
            out.append(">")
            for child in el.children:
                out.append(inner)
                self.element(child, out, inner)
            out.append(f"{indent}</{tag}>")
        elif el.text is None:
            out.append("/>")
        else:
            out.append(f">{self.value(el.text, _TEXT_ESCAPES)}</{tag}>")


def _xml_lxml(root: _Element) -> bytes:
    from lxml import etree

    def build(el: _Element, parent):
        node = etree.Element(el.tag, el.attrib, nsmap=el.nsmap or None) if parent is None else \
            etree.SubElement(parent, el.tag, el.attrib, nsmap=el.nsmap or None)
        if el.text is not None:
            node.text = el.text
        for child in el.children:
            build(child, node)
        return node

    tree = build(root, None)
    etree.indent(tree, space="  ")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"


def _el(parent: _Element, tag: str, attrib: Mapping[str, str] | None = None, text: str | None = None) -> _Element:
    el = _Element(tag, {k: v for k, v in (attrib or {}).items() if v is not None})
    if text is not None:
        el.text = text
    parent.children.append(el)
    return el


def _q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


def element_id(prefix: str, name: str) -> str:
    return f"{prefix}_{name}"


def _href(qname: str, hrefs: Mapping[str, str]) -> str:
    prefix, _, name = qname.partition(":")
    if prefix not in hrefs:
        raise ValueError(f"no schema location for prefix {prefix!r} (of {qname})")
    return f"{hrefs[prefix]}#{element_id(prefix, name)}"


_SUBSTITUTION = {"axis": "xbrldt:dimensionItem", "hypercube": "xbrldt:hypercubeItem",
                 "domain": "xbrli:item", "member": "xbrli:item", "line_items": "xbrli:item"}


def render_schema(namespace: str, prefix: str, concepts: Iterable[Concept], *,
                  imports: Sequence[tuple[str, str]] = ((NAMESPACE, ENTRY_POINT),),
                  linkbase_refs: Sequence[tuple[str, str]] = (), roles: Sequence[Role] = (),
                  dimension_elements: Sequence[DimensionElement] = (), define_types: bool = False,
                  negated_label_role: bool = False) -> bytes:
    """A taxonomy schema declaring ``concepts`` (and dimension elements) in ``namespace``.

    ``imports`` are (namespace, schemaLocation) pairs besides xbrli, link and xbrldt, which are
    always imported.  ``define_types`` adds xe's own item types (only our schema does); an
    extension uses them through the "xe:" prefix, so it must import our schema.
    """
    nsmap = {"xs": XS, "xbrli": XBRLI, "link": LINK, "xlink": XLINK, "xbrldt": XBRLDT, prefix: namespace}
    for ns, _loc in imports:
        if ns == NAMESPACE:
            nsmap[PREFIX] = NAMESPACE
    root = _new_root(_q(XS, "schema"), nsmap, attrib={
        "targetNamespace": namespace, "elementFormDefault": "qualified", "attributeFormDefault": "unqualified"})
    annotation = _el(root, _q(XS, "annotation"))
    appinfo = _el(annotation, _q(XS, "appinfo"))
    linkbase_roles = {"label": "labelLinkbaseRef", "presentation": "presentationLinkbaseRef",
                      "calculation": "calculationLinkbaseRef", "definition": "definitionLinkbaseRef"}
    for href, kind in linkbase_refs:
        _el(appinfo, _q(LINK, "linkbaseRef"), {
            _q(XLINK, "type"): "simple", _q(XLINK, "href"): href,
            _q(XLINK, "role"): f"http://www.xbrl.org/2003/role/{linkbase_roles[kind]}",
            _q(XLINK, "arcrole"): "http://www.w3.org/1999/xlink/properties/linkbase"})
    for role in roles:
        rt = _el(appinfo, _q(LINK, "roleType"), {"roleURI": role.uri, "id": role.id})
        _el(rt, _q(LINK, "definition"), text=role.definition)
        for used in role.used_on:
            _el(rt, _q(LINK, "usedOn"), text=f"link:{used}Link")
    if negated_label_role:
        rt = _el(appinfo, _q(LINK, "roleType"), {"roleURI": NEGATED_LABEL_ROLE, "id": NEGATED_LABEL_ROLE_ID})
        _el(rt, _q(LINK, "definition"), text="Label for a concept shown with the opposite sign")
        _el(rt, _q(LINK, "usedOn"), text="link:label")
    core = [(XBRLI, XBRLI_XSD), (LINK, LINK_XSD), (XBRLDT, XBRLDT_XSD)]
    for ns, loc in core + [i for i in imports if i[0] not in {c[0] for c in core}]:
        _el(root, _q(XS, "import"), {"namespace": ns, "schemaLocation": loc})
    if define_types:
        _define_types(root)
    for c in concepts:
        _el(root, _q(XS, "element"), {
            "id": element_id(prefix, c.name), "name": c.name, "type": c.xsd_type,
            "substitutionGroup": "xbrli:item", _q(XBRLI, "periodType"): c.period_type,
            _q(XBRLI, "balance"): c.balance, "abstract": "true" if c.abstract else None,
            "nillable": "true" if c.nillable else "false"})
    for d in dimension_elements:
        _el(root, _q(XS, "element"), {
            "id": element_id(prefix, d.name), "name": d.name,
            "type": f"{PREFIX}:domainItemType" if d.kind in ("domain", "member") else "xbrli:stringItemType",
            "substitutionGroup": _SUBSTITUTION[d.kind], _q(XBRLI, "periodType"): "duration",
            "abstract": "true", "nillable": "true"})
    return _xml(root)


def _define_types(root) -> None:
    def complex_type(name: str, base: str, facets: Sequence[tuple[str, str]] = ()) -> None:
        ct = _el(root, _q(XS, "complexType"), {"name": name})
        sc = _el(ct, _q(XS, "simpleContent"))
        r = _el(sc, _q(XS, "restriction"), {"base": base})
        for facet, value in facets:
            _el(r, _q(XS, facet), {"value": value})

    # Same shapes as the XBRL Data Type Registry's num:perShareItemType / num:percentItemType,
    # dei's fiscal period and CIK types, and US-GAAP's domain member type.
    complex_type("perShareItemType", "xbrli:decimalItemType")
    complex_type("percentItemType", "xbrli:pureItemType")
    complex_type("domainItemType", "xbrli:stringItemType")
    complex_type("fiscalPeriodItemType", "xbrli:tokenItemType", [("enumeration", p) for p in FISCAL_PERIODS])
    complex_type("centralIndexKeyItemType", "xbrli:stringItemType", [("pattern", "[0-9]{10}")])


def _linkbase_root():
    root = _new_root(_q(LINK, "linkbase"), {"link": LINK, "xlink": XLINK, "xsi": XSI, "xbrldt": XBRLDT})
    root.set(_q(XSI, "schemaLocation"), f"{LINK} {LINK_XSD}")
    return root


def _role_refs(root, role_uris: Iterable[str], role_hrefs: Mapping[str, str]) -> None:
    for uri in sorted(set(role_uris)):
        if uri == STANDARD_LINK_ROLE:
            continue
        if uri not in role_hrefs:
            raise ValueError(f"no roleType location for role {uri}")
        _el(root, _q(LINK, "roleRef"), {"roleURI": uri, _q(XLINK, "type"): "simple",
                                        _q(XLINK, "href"): role_hrefs[uri]})


def _loc_label(qname: str) -> str:
    return "loc_" + qname.replace(":", "_")


class _Locators:
    """Locators of one extended link, one per concept (XLink labels must be unique per target)."""

    def __init__(self, link, hrefs: Mapping[str, str]) -> None:
        self.link, self.hrefs, self.done = link, hrefs, set()

    def __call__(self, qname: str, alias: str = "") -> str:
        label = _loc_label(qname) + alias
        if label not in self.done:
            self.done.add(label)
            _el(self.link, _q(LINK, "loc"), {_q(XLINK, "type"): "locator",
                                             _q(XLINK, "href"): _href(qname, self.hrefs),
                                             _q(XLINK, "label"): label})
        return label


def render_label_linkbase(concepts: Iterable[Concept], hrefs: Mapping[str, str], *,
                          extra: Iterable[tuple[str, str, str]] = (), lang: str = "en",
                          negated_role_href: str | None = None) -> bytes:
    """Standard, terse and negated labels.  ``negated_role_href``: where the negated label roleType
    is (``ENTRY_POINT + "#negatedLabel"``; our own linkbase uses the relative schema file)."""
    concepts = list(concepts)
    root = _linkbase_root()
    if any(c.negated_label for c in concepts):
        _el(root, _q(LINK, "roleRef"), {"roleURI": NEGATED_LABEL_ROLE, _q(XLINK, "type"): "simple",
                                        _q(XLINK, "href"): negated_role_href or f"{ENTRY_POINT}#{NEGATED_LABEL_ROLE_ID}"})
    link = _el(root, _q(LINK, "labelLink"), {_q(XLINK, "type"): "extended", _q(XLINK, "role"): STANDARD_LINK_ROLE})
    locate = _Locators(link, hrefs)
    entries = [(c.qname, [(LABEL_ROLE, c.label), (TERSE_LABEL_ROLE, c.terse_label),
                          (NEGATED_LABEL_ROLE, c.negated_label)]) for c in concepts]
    entries += [(f"{p}:{n}", [(LABEL_ROLE, text)]) for p, n, text in extra]
    for qname, labels in entries:
        loc = locate(qname)
        res = "lab_" + qname.replace(":", "_")
        for role, text in labels:
            if text:
                _el(link, _q(LINK, "label"), {_q(XLINK, "type"): "resource", _q(XLINK, "label"): res,
                                              _q(XLINK, "role"): role, "{http://www.w3.org/XML/1998/namespace}lang": lang},
                    text)
        _el(link, _q(LINK, "labelArc"), {_q(XLINK, "type"): "arc", _q(XLINK, "arcrole"): ARCROLE_CONCEPT_LABEL,
                                         _q(XLINK, "from"): loc, _q(XLINK, "to"): res})
    return _xml(root)


def _by_role(arcs):
    roles: dict[str, list] = {}
    for a in arcs:
        roles.setdefault(a.role, []).append(a)
    return sorted(roles.items())


def render_presentation_linkbase(arcs: Iterable[PresentationArc], hrefs: Mapping[str, str], *,
                                 role_hrefs: Mapping[str, str]) -> bytes:
    arcs = list(arcs)
    root = _linkbase_root()
    _role_refs(root, (a.role for a in arcs), role_hrefs)
    for role, group in _by_role(arcs):
        link = _el(root, _q(LINK, "presentationLink"), {_q(XLINK, "type"): "extended", _q(XLINK, "role"): role})
        locate = _Locators(link, hrefs)
        for a in group:
            _el(link, _q(LINK, "presentationArc"), {
                _q(XLINK, "type"): "arc", _q(XLINK, "arcrole"): ARCROLE_PARENT_CHILD,
                _q(XLINK, "from"): locate(a.parent), _q(XLINK, "to"): locate(a.child),
                "order": str(a.order), "preferredLabel": a.preferred_label})
    return _xml(root)


def render_calculation_linkbase(arcs: Iterable[CalcArc], hrefs: Mapping[str, str], *,
                                role_hrefs: Mapping[str, str]) -> bytes:
    arcs = list(arcs)
    root = _linkbase_root()
    _role_refs(root, (a.role for a in arcs), role_hrefs)
    for role, group in _by_role(arcs):
        link = _el(root, _q(LINK, "calculationLink"), {_q(XLINK, "type"): "extended", _q(XLINK, "role"): role})
        locate = _Locators(link, hrefs)
        order: dict[str, int] = {}
        for a in group:
            order[a.parent] = order.get(a.parent, 0) + 1
            _el(link, _q(LINK, "calculationArc"), {
                _q(XLINK, "type"): "arc", _q(XLINK, "arcrole"): ARCROLE_SUMMATION,
                _q(XLINK, "from"): locate(a.parent), _q(XLINK, "to"): locate(a.child),
                "order": str(order[a.parent]), "weight": f"{a.weight:.1f}"})
    return _xml(root)


def member_arcs(domain: str, members: Iterable[str], role: str = SEGMENTS_ROLE) -> list[DefinitionArc]:
    """domain-member arcs from a domain (or line-items abstract) to each member, in order."""
    return [DefinitionArc(ARCROLE_DOMAIN_MEMBER, domain, m, role=role, order=i) for i, m in enumerate(members, 1)]


def render_definition_linkbase(arcs: Iterable[DefinitionArc], hrefs: Mapping[str, str], *,
                               role_hrefs: Mapping[str, str]) -> bytes:
    arcs = list(arcs)
    root = _linkbase_root()
    _role_refs(root, (a.role for a in arcs), role_hrefs)
    for arcrole in sorted({a.arcrole for a in arcs}):
        _el(root, _q(LINK, "arcroleRef"), {"arcroleURI": arcrole, _q(XLINK, "type"): "simple",
                                           _q(XLINK, "href"): f"{XBRLDT_XSD}#{arcrole.rsplit('/', 1)[1]}"})
    for role, group in _by_role(arcs):
        link = _el(root, _q(LINK, "definitionLink"), {_q(XLINK, "type"): "extended", _q(XLINK, "role"): role})
        locate = _Locators(link, hrefs)
        pairs: set[tuple[str, str]] = set()
        for a in group:
            source = locate(a.source)
            # XLink forbids two arcs between the same pair of labels in one extended link
            # (dimension-domain and dimension-default both go axis -> domain): use a second locator.
            alias = ""
            while (source, _loc_label(a.target) + alias) in pairs:
                alias += "_" + a.arcrole.rsplit("/", 1)[1].replace("-", "_")
            target = locate(a.target, alias)
            pairs.add((source, target))
            attrib = {_q(XLINK, "type"): "arc", _q(XLINK, "arcrole"): a.arcrole,
                      _q(XLINK, "from"): source, _q(XLINK, "to"): target, "order": str(a.order)}
            for key, value in a.attributes:
                attrib[_q(XBRLDT, key.split(":", 1)[1])] = value
            _el(link, _q(LINK, "definitionArc"), attrib)
    return _xml(root)


def role_hrefs_for(taxonomy: Taxonomy, schema_href: str) -> dict[str, str]:
    return {r.uri: f"{schema_href}#{r.id}" for r in taxonomy.roles.values()}


def make_concept(name: str, item_type: str, period_type: str, balance: str | None, label: str, *,
                 prefix: str, abstract: bool = False, terse_label: str | None = None,
                 negated_label: str | None = None, sign: str | None = None) -> Concept:
    """A concept for an extension schema, with the same defaults as the base taxonomy's source."""
    if item_type not in XSD_TYPES or period_type not in ("duration", "instant"):
        raise ValueError(f"bad item type {item_type!r} or period type {period_type!r} for {name}")
    if balance not in (None, "debit", "credit") or (balance and item_type != "monetary"):
        raise ValueError(f"balance {balance!r} not allowed for {item_type} concept {name}")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", name):
        raise ValueError(f"{name!r} is not an XML name")
    terse_label = terse_label or (None if abstract else terse_from_label(label))
    if negated_label is None and not abstract and item_type in NUMERIC_TYPES:
        negated_label = negate_label(terse_label or label)
    return Concept(name=name, item_type=item_type, period_type=period_type, balance=balance, abstract=abstract,
                   label=label, terse_label=terse_label, negated_label=negated_label,
                   sign=sign or default_sign(name, item_type, balance), prefix=prefix)


def render_extension(prefix: str, namespace: str, schema_file: str, concepts: Sequence[Concept], *,
                     members: Sequence[tuple[DimensionElement, str]] = (),
                     calculations: Sequence[CalcArc] = (),
                     taxonomy: Taxonomy | None = None) -> dict[str, bytes]:
    """A company extension taxonomy: its schema (importing ours) and label, calculation and
    definition linkbases, as {file name: bytes}, file names derived from ``schema_file``
    ("bsmd-20070930.xsd" -> "bsmd-20070930-lab.xml", ...), all meant to sit beside the instance.

    ``members``: (member element, domain qname it belongs to), e.g.
    ``(DimensionElement("OncologyMember", "member", "Oncology", prefix="bsmd"), "xe:ProductsAndServicesDomain")``.
    ``calculations``: arcs in our statement roles, parent and child qnames of either schema.
    Every non-abstract extension concept joins ``xe:StatementLineItems``, so it may carry members.
    """
    tx = taxonomy or load()
    stem = schema_file[:-4] if schema_file.endswith(".xsd") else schema_file
    hrefs = {PREFIX: ENTRY_POINT, prefix: schema_file}
    role_hrefs = role_hrefs_for(tx, ENTRY_POINT)
    files: dict[str, str] = {"label": f"{stem}-lab.xml"}
    out: dict[str, bytes] = {}
    out[files["label"]] = render_label_linkbase(
        concepts, hrefs, extra=[(m.prefix, m.name, m.label) for m, _ in members])
    if calculations:
        files["calculation"] = f"{stem}-cal.xml"
        out[files["calculation"]] = render_calculation_linkbase(calculations, hrefs, role_hrefs=role_hrefs)
    definition = [a for m, domain in members for a in member_arcs(domain, [m.qname])]
    definition += member_arcs(f"{PREFIX}:{tx.line_items}", [c.qname for c in concepts if not c.abstract])
    if definition:
        files["definition"] = f"{stem}-def.xml"
        out[files["definition"]] = render_definition_linkbase(definition, hrefs, role_hrefs=role_hrefs)
    out[schema_file] = render_schema(
        namespace, prefix, concepts, linkbase_refs=[(f, kind) for kind, f in files.items()],
        dimension_elements=[m for m, _ in members])
    return out


# ------------------------------------------------------------------------------------------------
# The package

def _package_metadata() -> bytes:
    root = _new_root(_q(TP_NS, "taxonomyPackage"), {"tp": TP_NS})
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    _el(root, _q(TP_NS, "identifier"), text="http://xbrl-export.org/taxonomy/2026/xe-2026.zip")
    _el(root, _q(TP_NS, "name"), text="xbrl-export taxonomy 2026")
    _el(root, _q(TP_NS, "description"), text=(
        "Concepts named after US-GAAP and dei elements, with labels, statement presentation, "
        "calculation identities and segment dimensions, for instances written by xbrl-export."))
    _el(root, _q(TP_NS, "version"), text="2026.1")
    _el(root, _q(TP_NS, "publisher"), text="xbrl-export")
    _el(root, _q(TP_NS, "publisherURL"), text="http://xbrl-export.org/")
    _el(root, _q(TP_NS, "publicationDate"), text="2026-01-01")
    eps = _el(root, _q(TP_NS, "entryPoints"))
    ep = _el(eps, _q(TP_NS, "entryPoint"))
    _el(ep, _q(TP_NS, "name"), text="xe 2026 (all statements)")
    _el(ep, _q(TP_NS, "entryPointDocument"), {"href": ENTRY_POINT})
    return _xml(root)


def _catalog() -> bytes:
    root = _new_root(_q(CATALOG_NS, "catalog"), {None: CATALOG_NS})
    _el(root, _q(CATALOG_NS, "rewriteURI"), {"uriStartString": BASE_URL,
                                             "rewritePrefix": "../xbrl-export.org/taxonomy/"})
    return _xml(root)


def generate(taxonomy: Taxonomy | None = None) -> dict[str, bytes]:
    """Every generated file of the package: path relative to taxonomy/ -> content."""
    tx = taxonomy or load_source()
    concepts = list(tx.concepts.values())
    hrefs = {PREFIX: SCHEMA_FILE}
    role_hrefs = role_hrefs_for(tx, SCHEMA_FILE)
    dim_elements = tx.dimension_elements()
    out = {
        SCHEMA_FILE: render_schema(
            NAMESPACE, PREFIX, concepts, imports=(), define_types=True, negated_label_role=True,
            linkbase_refs=[(f, kind) for kind, f in LINKBASE_FILES.items()],
            roles=list(tx.roles.values()), dimension_elements=dim_elements),
        LINKBASE_FILES["label"]: render_label_linkbase(
            concepts, hrefs, extra=[(PREFIX, d.name, d.label) for d in dim_elements],
            negated_role_href=f"{SCHEMA_FILE}#{NEGATED_LABEL_ROLE_ID}"),
        LINKBASE_FILES["presentation"]: render_presentation_linkbase(tx.presentation, hrefs, role_hrefs=role_hrefs),
        LINKBASE_FILES["calculation"]: render_calculation_linkbase(tx.calculations, hrefs, role_hrefs=role_hrefs),
        LINKBASE_FILES["definition"]: render_definition_linkbase(tx.definition_arcs(), hrefs, role_hrefs=role_hrefs),
    }
    files = {str(SCHEMA_DIR / name): data for name, data in out.items()}
    files[COMPILED_FILE] = _to_json(tx)
    files["META-INF/taxonomyPackage.xml"] = _package_metadata()
    files["META-INF/catalog.xml"] = _catalog()
    return files


def _write_atomic(path: Path, data: bytes) -> None:
    from .files import write_atomic

    write_atomic(path, data, make_dirs=True)


def build(root: Path | None = None) -> list[Path]:
    """Write the generated files under ``root`` (default: the taxonomy/ folder)."""
    root = root or package_dir()
    written = []
    for rel, data in generate().items():
        _write_atomic(root / rel, data)
        written.append(root / rel)
    return written


def stale_files(root: Path | None = None) -> list[str]:
    """Generated files that are missing under ``root`` or differ from a fresh generation."""
    root = root or package_dir()
    return [rel for rel, data in generate().items()
            if not (root / rel).is_file() or (root / rel).read_bytes() != data]


def package_files(root: Path | None = None) -> list[str]:
    """The files that belong in the package zip (relative to taxonomy/): metadata and schemas."""
    root = root or package_dir()
    out = []
    for top in ("META-INF", "xbrl-export.org"):
        for p in sorted((root / top).rglob("*")):
            if p.is_file() and not p.name.startswith("."):
                out.append(p.relative_to(root).as_posix())
    return out


def write_zip(out: Path) -> None:
    """The Taxonomy Package as a zip: one top-level folder holding META-INF/ and the schemas.

    Deterministic (fixed timestamps, sorted entries) and atomic (temp file, then rename).
    """
    out = Path(out)
    root = package_dir()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in package_files(root):
            info = zipfile.ZipInfo(f"{ZIP_ROOT}/{rel}", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, (root / rel).read_bytes())
    _write_atomic(out, buffer.getvalue())


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    usage = "usage: python -m exporter.taxonomy build | check | zip OUT.zip"
    try:
        if args == ["build"]:
            for p in build():
                print(p.relative_to(package_dir().parent))
            return 0
        if args == ["check"]:
            stale = stale_files()
            for rel in stale:
                print(f"out of date: taxonomy/{rel} (run: python -m exporter.taxonomy build)", file=sys.stderr)
            return 1 if stale else 0
        if len(args) == 2 and args[0] == "zip":
            write_zip(Path(args[1]))
            return 0
    except (TaxonomySourceError, OSError) as exc:
        print(f"xbrl-export taxonomy: {exc}", file=sys.stderr)
        return 2
    print(usage, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
