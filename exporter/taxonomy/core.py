"""The taxonomy's names (namespace, prefix, entry point, roles and arcroles) and its data: concepts,
arcs, axes, members and roles, as immutable data classes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable


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
# Document and entity information (registrant name, ticker, period end, fiscal focus, CIK, ...): its
# own schema and namespace with the conventional prefix "dei", as the SEC's taxonomies split them
# (structure.toml names the heading whose subtree goes there).  Same folder as the xe files.
DEI_NAMESPACE = "http://xbrl-export.org/taxonomy/2026/dei"
DEI_PREFIX = "dei"
DEI_SCHEMA_FILE = "dei-2026.xsd"
DEI_LABEL_FILE = "dei-2026-lab.xml"
DEI_ENTRY_POINT = "http://xbrl-export.org/taxonomy/2026/dei-2026.xsd"
# The language of every label we write: US English, the one edgartools (and EDGAR) read.
LABEL_LANG = "en-US"
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
# a balance shown at the start or the end of a period (a cash-flow statement's opening and closing cash)
PERIOD_START_LABEL_ROLE = "http://www.xbrl.org/2003/role/periodStartLabel"
PERIOD_END_LABEL_ROLE = "http://www.xbrl.org/2003/role/periodEndLabel"
# The negated label role is registered in the XBRL International Link Role Registry, not in XBRL 2.1
# itself, so a DTS using it must define its roleType; ours does (in the entry schema).
NEGATED_LABEL_ROLE = "http://www.xbrl.org/2009/role/negatedLabel"
NEGATED_LABEL_ROLE_ID = "negatedLabel"
# The label a line has in the release itself ("Loss from operations", "Total current assets"): a
# company extension gives each concept its release reports this label, and its presentation
# linkbase points at it (preferredLabel), so statements read as the release printed them.  One
# role of ours (defined in xe-2026.xsd), beside the standard label the taxonomy keeps.
RELEASE_LABEL_ROLE = ROLE_BASE + "releaseLabel"
RELEASE_LABEL_ROLE_ID = "releaseLabel"
# ... and for a line printed with the opposite sign of its value ("Preferred stock dividends (140)",
# stored as 140): a reader shows the value negated, as printed (the role's local name starts with
# "negated", as the negated label roles of the Link Role Registry do, which readers go by).
RELEASE_NEGATED_LABEL_ROLE = ROLE_BASE + "negatedReleaseLabel"
RELEASE_NEGATED_LABEL_ROLE_ID = "negatedReleaseLabel"

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
    # dei's own item types (declared in the dei schema, as dei declares them)
    "fiscalPeriod": "dei:fiscalPeriodItemType",
    "centralIndexKey": "dei:centralIndexKeyItemType",
    "submissionType": "dei:submissionTypeItemType",
    "tradingSymbol": "dei:tradingSymbolItemType",
    "securityExchangeCode": "dei:securityExchangeCodeItemType",
    "securityTitle": "dei:securityTitleItemType",
    "fileNumber": "dei:fileNumberItemType",
    "edgarStateCountry": "dei:edgarStateCountryItemType",
    "employerId": "dei:employerIdItemType",
    "filerCategory": "dei:filerCategoryItemType",
    "stateOrProvince": "dei:stateOrProvinceItemType",
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
    # an extension's override of a base arc: use="prohibited", with the base arc's order
    prohibited: bool = False
    order: int | None = None


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
        """By local name, or by QName of either of our namespaces ("xe:Revenues", "dei:DocumentType")."""
        prefix, _, local = name.rpartition(":")
        found = self.concepts.get(local)
        if prefix and found is not None and found.prefix != prefix:
            return None
        return found

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


def member_arcs(domain: str, members: Iterable[str], role: str = SEGMENTS_ROLE) -> list[DefinitionArc]:
    """domain-member arcs from a domain (or line-items abstract) to each member, in order."""
    return [DefinitionArc(ARCROLE_DOMAIN_MEMBER, domain, m, role=role, order=i) for i, m in enumerate(members, 1)]
