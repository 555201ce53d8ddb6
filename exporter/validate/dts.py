"""The data model the validator works on: a DTS (schemas, concepts, linkbases, relationships)
and an instance (contexts, units, facts).

Plain dataclasses only; ``discovery.load_dts`` fills a :class:`DTS`, ``instance.load_instance``
fills an :class:`Instance`.  Every QName is in Clark notation (``"{namespace}local"``) so that
comparisons never depend on prefixes.  Other check modules (``dimensions``, ``calc``,
``linkbase``) only read these objects and write messages into a ``Report``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from .typed import typed_value

XBRLI = "http://www.xbrl.org/2003/instance"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
XL = "http://www.xbrl.org/2003/XLink"
XBRLDT = "http://xbrl.org/2005/xbrldt"
XBRLDI = "http://xbrl.org/2006/xbrldi"
XSD = "http://www.w3.org/2001/XMLSchema"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"
ISO4217 = "http://www.xbrl.org/2003/iso4217"

# Substitution-group heads, in Clark notation.
ITEM = f"{{{XBRLI}}}item"
TUPLE = f"{{{XBRLI}}}tuple"
HYPERCUBE_ITEM = f"{{{XBRLDT}}}hypercubeItem"
DIMENSION_ITEM = f"{{{XBRLDT}}}dimensionItem"

# Dimensions 1.0 arcroles.
ALL = "http://xbrl.org/int/dim/arcrole/all"
NOT_ALL = "http://xbrl.org/int/dim/arcrole/notAll"
HYPERCUBE_DIMENSION = "http://xbrl.org/int/dim/arcrole/hypercube-dimension"
DIMENSION_DOMAIN = "http://xbrl.org/int/dim/arcrole/dimension-domain"
DOMAIN_MEMBER = "http://xbrl.org/int/dim/arcrole/domain-member"
DIMENSION_DEFAULT = "http://xbrl.org/int/dim/arcrole/dimension-default"

SUMMATION_ITEM = "http://www.xbrl.org/2003/arcrole/summation-item"
SUMMATION_ITEM_11 = "https://xbrl.org/2023/arcrole/summation-item"  # Calculations 1.1
STANDARD_LINK_ROLE = "http://www.xbrl.org/2003/role/link"


def clark(namespace: str | None, local: str) -> str:
    return f"{{{namespace}}}{local}" if namespace else local


def split_clark(name: str) -> tuple[str, str]:
    """``"{ns}local"`` -> ``("ns", "local")``; a name without namespace -> ``("", name)``."""
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return ns, local
    return "", name


def _by_fields(obj):
    """``__reduce__`` for the model's slotted dataclasses: rebuilt by one positional
    constructor call, several times faster to unpickle than slot-by-slot state (dtscache)."""
    return type(obj), tuple(getattr(obj, name) for name in obj.__slots__)


@dataclass(slots=True)
class Concept:
    """A global element declaration of a DTS schema (items, tuples and every other element)."""

    qname: str  # Clark QName
    id: str | None
    type: str | None  # Clark QName of the declared type (None: anyType / anonymous)
    substitution_group: str | None  # Clark QName of the direct head
    # Every head from the direct one up to the root, e.g. (hypercubeItem, item).
    substitution_chain: tuple[str, ...]
    period_type: str | None  # "instant" | "duration" | None
    balance: str | None  # "debit" | "credit" | None
    abstract: bool
    nillable: bool
    typed_domain_ref: str | None  # raw xbrldt:typedDomainRef value (an href)
    # Clark QName of the element typedDomainRef points to, when it resolves to a global element.
    typed_domain: str | None
    attributes: dict[str, str]  # all attributes of the declaration, Clark names
    file: str  # URL of the declaring schema
    line: int | None
    type_chain: tuple[str, ...] = ()  # type, its base, its base's base ... (Clark QNames)

    @property
    def is_item(self) -> bool:
        return ITEM in self.substitution_chain

    @property
    def is_tuple(self) -> bool:
        return TUPLE in self.substitution_chain

    @property
    def is_hypercube(self) -> bool:
        return HYPERCUBE_ITEM in self.substitution_chain

    @property
    def is_dimension(self) -> bool:
        return DIMENSION_ITEM in self.substitution_chain

    def derives_from(self, type_qname: str) -> bool:
        return type_qname in self.type_chain

    __reduce__ = _by_fields


@dataclass(slots=True)
class RoleType:
    """A link:roleType or link:arcroleType declaration."""

    uri: str
    id: str | None
    used_on: tuple[str, ...]  # Clark QNames of the elements it may be used on
    cycles_allowed: str | None  # arcroleType only: "any" | "undirected" | "none"
    definition: str | None
    file: str
    line: int | None

    __reduce__ = _by_fields


@dataclass(slots=True)
class Resource:
    """An XLink resource (label, reference, footnote ...)."""

    element: str  # Clark QName of the resource element
    label: str  # xlink:label
    role: str | None
    lang: str | None
    id: str | None
    text: str
    file: str
    line: int | None

    __reduce__ = _by_fields


@dataclass(slots=True)
class Arc:
    """One XLink arc after locator resolution, as written (before prohibition/override).

    One arc between labels shared by several locators/resources gives one Arc per pair.
    ``source``/``target`` are Clark QNames of concepts when the endpoint is a locator to a
    concept; ``source_resource``/``target_resource`` hold resources.  ``source_href``/
    ``target_href`` keep the absolute locator hrefs (for endpoints that are not concepts).
    """

    arcrole: str
    link_role: str  # the extended link's xlink:role (extended link role, "ELR")
    link_name: str  # Clark QName of the extended link (e.g. {link}definitionLink)
    arc_name: str  # Clark QName of the arc element
    source: str | None
    target: str | None
    order: Decimal
    priority: int
    use: str  # "optional" | "prohibited"
    weight: Decimal | None
    attributes: dict[str, str]  # every arc attribute, Clark names (xbrldt:closed etc.)
    file: str
    line: int | None
    source_href: str | None = None
    target_href: str | None = None
    source_resource: Resource | None = None
    target_resource: Resource | None = None
    arc_title: str | None = None

    __reduce__ = _by_fields

    # Dimensions 1.0 attributes, parsed (None where absent).
    @property
    def closed(self) -> bool | None:
        return _xsd_bool(self.attributes.get(f"{{{XBRLDT}}}closed"))

    @property
    def context_element(self) -> str | None:
        return self.attributes.get(f"{{{XBRLDT}}}contextElement")

    @property
    def target_role(self) -> str | None:
        value = self.attributes.get(f"{{{XBRLDT}}}targetRole")
        return value.strip() if value is not None else None

    @property
    def usable(self) -> bool | None:
        return _xsd_bool(self.attributes.get(f"{{{XBRLDT}}}usable"))

    def equivalence_key(self) -> tuple:
        """Arcs with equal keys are 'equivalent relationships' (XBRL 2.1 section 3.5.3.9.7.4):
        same arc element, same endpoints, same arcrole and ELR, same non-exempt attributes."""
        exempt = {"use", "priority", f"{{{XLINK}}}from", f"{{{XLINK}}}to", f"{{{XLINK}}}type",
                  f"{{{XLINK}}}title", f"{{{XLINK}}}label", "order"}
        attrs = tuple(sorted((k, typed_value(v)) for k, v in self.attributes.items()
                            if k not in exempt and not k.startswith(f"{{{XLINK}}}")))
        src = self.source or self.source_href or (id(self.source_resource) if self.source_resource else None)
        tgt = self.target or self.target_href or (id(self.target_resource) if self.target_resource else None)
        return (self.link_name, self.arc_name, self.arcrole, self.link_role, src, tgt, self.order, attrs)


# An effective relationship is an Arc that survived prohibition and override.
Relationship = Arc


@dataclass(slots=True)
class Document:
    """One document of the DTS."""

    url: str  # absolute URL (file path URL for local files, official URL for core schemas)
    kind: str  # "schema" | "linkbase" | "instance"
    target_namespace: str | None
    # the lxml root element, kept so later checks can look at the tree; a DTS restored from the
    # cache (``dtscache``) has none until ``root`` is first read, then ``load`` parses it
    _root: object
    referenced_by: list[str] = field(default_factory=list)
    _ids: dict | None = field(default=None, repr=False)
    load: Callable[[str], object] | None = field(default=None, repr=False, compare=False)
    # False for schemas read only to schema-validate a document (xsi:schemaLocation of a
    # taxonomy document): not part of the DTS, so XBRL's taxonomy rules do not apply to them
    in_dts: bool = True

    @property
    def root(self):
        if self._root is None and self.load is not None:
            self._root = self.load(self.url)
        return self._root

    def element_by_id(self, ident: str):
        """The element whose id attribute is ``ident`` (or None); the index is built on first
        use, so resolving every locator of a large linkbase costs one pass over the target."""
        if self._ids is None:
            ids: dict = {}
            if self.root is not None:
                for elem in self.root.getroottree().getroot().iter("*"):
                    ident_value = elem.get("id")
                    if ident_value is not None:
                        ids.setdefault(ident_value, elem)
            self._ids = ids
        return self._ids.get(ident)


@dataclass
class DTS:
    """A discovered Discoverable Taxonomy Set."""

    entry: str  # URL of the entry point (the instance, schema or linkbase the user gave)
    documents: dict[str, Document] = field(default_factory=dict)
    concepts: dict[str, Concept] = field(default_factory=dict)  # by Clark QName
    concepts_by_href: dict[str, Concept] = field(default_factory=dict)  # "url#id" -> Concept
    role_types: dict[str, list[RoleType]] = field(default_factory=dict)  # by roleURI
    arcrole_types: dict[str, list[RoleType]] = field(default_factory=dict)  # by arcroleURI
    arcs: list[Arc] = field(default_factory=list)  # every arc as written, prohibiting ones too
    relationships: list[Relationship] = field(default_factory=list)  # effective ones
    # Schema type facts the instance checks need: Clark type QName -> TypeInfo (see schemas.py)
    types: dict[str, object] = field(default_factory=dict)
    _by_arcrole: dict | None = field(default=None, repr=False)
    _element_defaults: dict | None = field(default=None, repr=False)

    def element_defaults(self, tag: str) -> tuple[str | None, dict[str, str] | None]:
        """What schema validation fills into an element of a global declaration: its default
        (or fixed) content, and its type's attribute defaults (unqualified names)."""
        if self._element_defaults is None:
            self._element_defaults = {}
        known = self._element_defaults.get(tag)
        if known is None:
            concept = self.concepts.get(tag)
            content, attributes = None, {}
            if concept is not None:
                content = concept.attributes.get("fixed", concept.attributes.get("default"))
                for qname in reversed(concept.type_chain):
                    decl = self.types.get(qname)
                    if decl is not None and getattr(decl, "attribute_defaults", None):
                        attributes.update(decl.attribute_defaults)
            known = self._element_defaults[tag] = (content, attributes or None)
        return known

    def relationships_of(self, arcrole: str, link_role: str | None = None) -> list[Relationship]:
        """Effective relationships of one arcrole, optionally restricted to one ELR (a base set
        is arcrole + ELR + link element + arc element; use ``link_name``/``arc_name`` to split
        further when needed)."""
        index = self._index()
        by_role = index.get(arcrole, {})
        if link_role is None:
            return [r for rels in by_role.values() for r in rels]
        return by_role.get(link_role, [])

    def link_roles(self, arcrole: str) -> list[str]:
        """The ELRs that hold effective relationships of this arcrole."""
        return list(self._index().get(arcrole, {}))

    def from_concept(self, arcrole: str, link_role: str | None, source: str) -> list[Relationship]:
        return [r for r in self.relationships_of(arcrole, link_role) if r.source == source]

    def to_concept(self, arcrole: str, link_role: str | None, target: str) -> list[Relationship]:
        return [r for r in self.relationships_of(arcrole, link_role) if r.target == target]

    def _index(self) -> dict:
        if self._by_arcrole is None:
            index: dict = {}
            for rel in self.relationships:
                index.setdefault(rel.arcrole, {}).setdefault(rel.link_role, []).append(rel)
            self._by_arcrole = index
        return self._by_arcrole


# --------------------------------------------------------------------------- instance model


@dataclass(slots=True)
class DimensionValue:
    """One xbrldi:explicitMember or xbrldi:typedMember of a context."""

    dimension: str | None  # Clark QName from the dimension attribute (None if unresolvable)
    dimension_text: str  # the attribute as written
    member: str | None  # explicit: Clark QName of the member (None if unresolvable)
    member_text: str  # explicit: the content as written
    typed_element: object | None  # typed: the lxml child element of typedMember (or None)
    is_typed: bool
    container: str  # "segment" | "scenario"
    line: int | None


@dataclass(slots=True)
class Context:
    id: str
    line: int | None
    entity_scheme: str
    entity_identifier: str
    period_kind: str  # "instant" | "duration" | "forever"
    start: object | None  # datetime.datetime (start of the period) or None
    end: object | None  # datetime.datetime, end of the period (instant: the instant)
    start_text: str | None
    end_text: str | None  # for instants: the instant text
    segment: object | None  # lxml element or None
    scenario: object | None  # lxml element or None
    dimensions: list[DimensionValue] = field(default_factory=list)


@dataclass(slots=True)
class Unit:
    id: str
    line: int | None
    numerator: tuple[str, ...]  # Clark QNames of measures, sorted
    denominator: tuple[str, ...] = ()  # empty unless xbrli:divide

    @property
    def is_divide(self) -> bool:
        return bool(self.denominator)


@dataclass(slots=True)
class Fact:
    """An item or tuple of the instance.  ``value`` is the text content (items only)."""

    concept: str  # Clark QName of the element
    line: int | None
    context_ref: str | None
    unit_ref: str | None
    value: str | None
    is_nil: bool
    decimals: str | None
    precision: str | None
    id: str | None
    parent: int | None = None  # index in Instance.facts of the enclosing tuple, None at top level
    is_tuple: bool = False
    children: list[int] | None = None  # tuples: indexes of the child facts


@dataclass
class Instance:
    url: str
    root: object | None  # lxml root (None when the instance was read streaming)
    contexts: dict[str, Context] = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    schema_refs: list[str] = field(default_factory=list)  # absolute URLs
    namespaces: dict[str, str] = field(default_factory=dict)  # root's prefix -> namespace
    undeclared: list[str] = field(default_factory=list)  # elements of facts no DTS schema declares


def _xsd_bool(value: str | None) -> bool | None:
    if value is None:
        return None
    value = value.strip()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    return None
