"""The schema and linkbase generators (ours, and a company extension's): each returns the
document as UTF-8 bytes (see the package's docstring for their signatures).
"""
from __future__ import annotations

import re
from typing import Iterable, Mapping, Sequence

from .core import (ARCROLE_CONCEPT_LABEL, ARCROLE_PARENT_CHILD, ARCROLE_SUMMATION, DEI_ENTRY_POINT, DEI_PREFIX, ENTRY_POINT,
                   FISCAL_PERIODS, LABEL_LANG, LABEL_ROLE, LINK, RELEASE_LABEL_ROLE, RELEASE_LABEL_ROLE_ID,
                   RELEASE_NEGATED_LABEL_ROLE, RELEASE_NEGATED_LABEL_ROLE_ID, LINK_XSD, NAMESPACE, NEGATED_LABEL_ROLE,
                   NEGATED_LABEL_ROLE_ID, NUMERIC_TYPES, PREFIX, STANDARD_LINK_ROLE, TERSE_LABEL_ROLE,
                   XBRLDT, XBRLDT_XSD, XBRLI, XBRLI_XSD, XLINK, XS, XSD_TYPES, XSI, CalcArc, Concept,
                   DefinitionArc, DimensionElement, PresentationArc, Role, Taxonomy, member_arcs)
from .source import default_sign, load, negate_label, terse_from_label
from .xmlwrite import _el, _new_root, _q, _xml


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
                  negated_label_role: bool = False, define_dei_types: bool = False) -> bytes:
    """A taxonomy schema declaring ``concepts`` (and dimension elements) in ``namespace``.

    ``imports`` are (namespace, schemaLocation) pairs besides xbrli, link and xbrldt, which are
    always imported.  ``define_types`` adds xe's own item types (only our schema does); an
    extension uses them through the "xe:" prefix, so it must import our schema.
    ``define_dei_types``: dei's item types (only our dei schema declares them).
    ``negated_label_role``: the label roles our schema defines (negated, release label).
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
        rt = _el(appinfo, _q(LINK, "roleType"), {"roleURI": RELEASE_LABEL_ROLE, "id": RELEASE_LABEL_ROLE_ID})
        _el(rt, _q(LINK, "definition"), text="Label of a line as the release prints it")
        _el(rt, _q(LINK, "usedOn"), text="link:label")
        rt = _el(appinfo, _q(LINK, "roleType"), {"roleURI": RELEASE_NEGATED_LABEL_ROLE,
                                                 "id": RELEASE_NEGATED_LABEL_ROLE_ID})
        _el(rt, _q(LINK, "definition"), text="Label of a line the release prints with the opposite sign of its value")
        _el(rt, _q(LINK, "usedOn"), text="link:label")
    core = [(XBRLI, XBRLI_XSD), (LINK, LINK_XSD), (XBRLDT, XBRLDT_XSD)]
    for ns, loc in core + [i for i in imports if i[0] not in {c[0] for c in core}]:
        _el(root, _q(XS, "import"), {"namespace": ns, "schemaLocation": loc})
    if define_types:
        _define_types(root)
    if define_dei_types:
        _define_dei_types(root)
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


def _complex_type(root, name: str, base: str, facets: Sequence[tuple[str, str]] = ()) -> None:
    ct = _el(root, _q(XS, "complexType"), {"name": name})
    sc = _el(ct, _q(XS, "simpleContent"))
    r = _el(sc, _q(XS, "restriction"), {"base": base})
    for facet, value in facets:
        _el(r, _q(XS, facet), {"value": value})


def _define_types(root) -> None:
    # Same shapes as the XBRL Data Type Registry's num:perShareItemType / num:percentItemType
    # and US-GAAP's domain member type.
    _complex_type(root, "perShareItemType", "xbrli:decimalItemType")
    _complex_type(root, "percentItemType", "xbrli:pureItemType")
    _complex_type(root, "domainItemType", "xbrli:stringItemType")


# dei's item types: names and base types as dei declares them.  The fiscal period and the CIK keep
# dei's facets; the lists the SEC maintains (form types, exchange codes, states, filer categories)
# are not repeated: a release names its exchange as it likes ("NASDAQ", "NYSE American").
DEI_TYPES = [
    ("fiscalPeriodItemType", "xbrli:tokenItemType", [("enumeration", p) for p in FISCAL_PERIODS]),
    ("centralIndexKeyItemType", "xbrli:stringItemType", [("pattern", "[0-9]{10}")]),
    ("submissionTypeItemType", "xbrli:normalizedStringItemType", []),
    ("tradingSymbolItemType", "xbrli:normalizedStringItemType", []),
    ("securityExchangeCodeItemType", "xbrli:normalizedStringItemType", []),
    ("securityTitleItemType", "xbrli:normalizedStringItemType", []),
    ("fileNumberItemType", "xbrli:normalizedStringItemType", []),
    ("edgarStateCountryItemType", "xbrli:normalizedStringItemType", []),
    ("employerIdItemType", "xbrli:normalizedStringItemType", []),
    ("filerCategoryItemType", "xbrli:normalizedStringItemType", []),
    ("stateOrProvinceItemType", "xbrli:normalizedStringItemType", []),
]


def _define_dei_types(root) -> None:
    for name, base, facets in DEI_TYPES:
        _complex_type(root, name, base, facets)


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
                          extra: Iterable[tuple[str, str, str]] = (), lang: str = LABEL_LANG,
                          negated_role_href: str | None = None,
                          release_labels: Iterable[tuple[str, str, str]] = ()) -> bytes:
    """Standard, terse and negated labels.  ``negated_role_href``: where the negated label roleType
    is (``ENTRY_POINT + "#negatedLabel"``; our own linkbase uses the relative schema file).
    ``release_labels``: (qname, role, text) labels in the release label roles (RELEASE_LABEL_ROLE,
    RELEASE_NEGATED_LABEL_ROLE), for concepts of any schema ``hrefs`` locates."""
    concepts = list(concepts)
    release_labels = list(release_labels)
    root = _linkbase_root()
    if any(c.negated_label for c in concepts):
        _el(root, _q(LINK, "roleRef"), {"roleURI": NEGATED_LABEL_ROLE, _q(XLINK, "type"): "simple",
                                        _q(XLINK, "href"): negated_role_href or f"{ENTRY_POINT}#{NEGATED_LABEL_ROLE_ID}"})
    for role, role_id in ((RELEASE_LABEL_ROLE, RELEASE_LABEL_ROLE_ID),
                          (RELEASE_NEGATED_LABEL_ROLE, RELEASE_NEGATED_LABEL_ROLE_ID)):
        if any(r == role for _, r, _ in release_labels):
            _el(root, _q(LINK, "roleRef"), {"roleURI": role, _q(XLINK, "type"): "simple",
                                            _q(XLINK, "href"): f"{ENTRY_POINT}#{role_id}"})
    link = _el(root, _q(LINK, "labelLink"), {_q(XLINK, "type"): "extended", _q(XLINK, "role"): STANDARD_LINK_ROLE})
    locate = _Locators(link, hrefs)
    entries: dict[str, list[tuple[str, str | None]]] = {}  # one locator, resource label and arc per concept
    for c in concepts:
        entries.setdefault(c.qname, []).extend([(LABEL_ROLE, c.label), (TERSE_LABEL_ROLE, c.terse_label),
                                                (NEGATED_LABEL_ROLE, c.negated_label)])
    for p, n, text in extra:
        entries.setdefault(f"{p}:{n}", []).append((LABEL_ROLE, text))
    for qname, role, text in release_labels:
        entries.setdefault(qname, []).append((role, text))
    for qname, labels in entries.items():
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


def _extended_links(root, arcs: list, name: str, hrefs: Mapping[str, str]):
    """Per role of the arcs, in order: its extended link (``name``: "presentationLink", ...)
    under ``root``, the link's locator maker, and the role's arcs."""
    for role, group in _by_role(arcs):
        link = _el(root, _q(LINK, name), {_q(XLINK, "type"): "extended", _q(XLINK, "role"): role})
        yield link, _Locators(link, hrefs), group


def render_presentation_linkbase(arcs: Iterable[PresentationArc], hrefs: Mapping[str, str], *,
                                 role_hrefs: Mapping[str, str]) -> bytes:
    arcs = list(arcs)
    root = _linkbase_root()
    _role_refs(root, (a.role for a in arcs), role_hrefs)
    for link, locate, group in _extended_links(root, arcs, "presentationLink", hrefs):
        pairs: set[tuple[str, str]] = set()
        for a in group:
            source = locate(a.parent)
            # a concept shown twice under one parent (a roll-forward's opening and closing
            # balance): XLink forbids two arcs between the same labels, so a second locator
            alias, n = "", 1
            while (source, _loc_label(a.child) + alias) in pairs:
                n += 1
                alias = f"_{n}"
            target = locate(a.child, alias)
            pairs.add((source, target))
            _el(link, _q(LINK, "presentationArc"), {
                _q(XLINK, "type"): "arc", _q(XLINK, "arcrole"): ARCROLE_PARENT_CHILD,
                _q(XLINK, "from"): source, _q(XLINK, "to"): target,
                "order": str(a.order), "preferredLabel": a.preferred_label})
    return _xml(root)


def render_calculation_linkbase(arcs: Iterable[CalcArc], hrefs: Mapping[str, str], *,
                                role_hrefs: Mapping[str, str]) -> bytes:
    arcs = list(arcs)
    root = _linkbase_root()
    _role_refs(root, (a.role for a in arcs), role_hrefs)
    orders = calculation_orders(arcs)
    for link, locate, group in _extended_links(root, arcs, "calculationLink", hrefs):
        for a in group:
            attrib = {_q(XLINK, "type"): "arc", _q(XLINK, "arcrole"): ARCROLE_SUMMATION,
                      _q(XLINK, "from"): locate(a.parent), _q(XLINK, "to"): locate(a.child),
                      "order": str(orders[(a.role, a.parent, a.child)]), "weight": f"{a.weight:.1f}"}
            if a.prohibited:
                attrib.update({"use": "prohibited", "priority": "1"})
            _el(link, _q(LINK, "calculationArc"), attrib)
    return _xml(root)


def calculation_orders(arcs: Iterable[CalcArc]) -> dict[tuple[str, str, str], int]:
    """The order attribute each calculation arc is written with, by (role, parent, child): its
    own ``order`` when it has one (a prohibiting arc repeats the arc it cancels), else its place
    among its parent's arcs of the role.  (A prohibiting arc must name the base arc's order:
    order is one of the attributes that make two arcs equivalent.)"""
    out: dict[tuple[str, str, str], int] = {}
    for _role, group in _by_role(list(arcs)):
        count: dict[str, int] = {}
        for a in group:
            if a.order is None:
                count[a.parent] = count.get(a.parent, 0) + 1
            out[(a.role, a.parent, a.child)] = a.order if a.order is not None else count[a.parent]
    return out


def render_definition_linkbase(arcs: Iterable[DefinitionArc], hrefs: Mapping[str, str], *,
                               role_hrefs: Mapping[str, str]) -> bytes:
    arcs = list(arcs)
    root = _linkbase_root()
    _role_refs(root, (a.role for a in arcs), role_hrefs)
    for arcrole in sorted({a.arcrole for a in arcs}):
        _el(root, _q(LINK, "arcroleRef"), {"arcroleURI": arcrole, _q(XLINK, "type"): "simple",
                                           _q(XLINK, "href"): f"{XBRLDT_XSD}#{arcrole.rsplit('/', 1)[1]}"})
    for link, locate, group in _extended_links(root, arcs, "definitionLink", hrefs):
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
                     taxonomy: Taxonomy | None = None,
                     presentation: Sequence[PresentationArc] = (), roles: Sequence[Role] = (),
                     release_labels: Sequence[tuple[str, str, str]] = (), separator: str = "-") -> dict[str, bytes]:
    """A company extension taxonomy: its schema (importing ours) and label, calculation and
    definition linkbases, as {file name: bytes}, file names derived from ``schema_file``
    ("bsmd-20070930.xsd" -> "bsmd-20070930-lab.xml", ...; ``separator="_"``: the SEC's
    "bsmd-20070930_lab.xml"), all meant to sit beside the instance.

    ``members``: (member element, domain qname it belongs to), e.g.
    ``(DimensionElement("OncologyMember", "member", "Oncology", prefix="bsmd"), "xe:ProductsAndServicesDomain")``.
    ``calculations``: arcs in our statement roles, parent and child qnames of either schema.
    ``presentation``: the instance's own presentation arcs, in ``roles`` the extension schema
    defines; ``release_labels``: (qname, role, text) labels in the release label roles, which
    those arcs may name as their preferredLabel.
    Every non-abstract extension concept joins ``xe:StatementLineItems``, so it may carry members.
    """
    tx = taxonomy or load()
    stem = schema_file[:-4] if schema_file.endswith(".xsd") else schema_file
    hrefs = {PREFIX: ENTRY_POINT, DEI_PREFIX: DEI_ENTRY_POINT, prefix: schema_file}
    role_hrefs = role_hrefs_for(tx, ENTRY_POINT)
    role_hrefs.update({r.uri: f"{schema_file}#{r.id}" for r in roles})
    files: dict[str, str] = {"label": f"{stem}{separator}lab.xml"}
    out: dict[str, bytes] = {}
    out[files["label"]] = render_label_linkbase(
        concepts, hrefs, extra=[(m.prefix, m.name, m.label) for m, _ in members], release_labels=release_labels)
    if presentation:
        files["presentation"] = f"{stem}{separator}pre.xml"
        out[files["presentation"]] = render_presentation_linkbase(presentation, hrefs, role_hrefs=role_hrefs)
    if calculations:
        files["calculation"] = f"{stem}{separator}cal.xml"
        out[files["calculation"]] = render_calculation_linkbase(calculations, hrefs, role_hrefs=role_hrefs)
    definition = [a for m, domain in members for a in member_arcs(domain, [m.qname])]
    definition += member_arcs(f"{PREFIX}:{tx.line_items}", [c.qname for c in concepts if not c.abstract])
    if definition:
        files["definition"] = f"{stem}{separator}def.xml"
        out[files["definition"]] = render_definition_linkbase(definition, hrefs, role_hrefs=role_hrefs)
    out[schema_file] = render_schema(
        namespace, prefix, concepts, linkbase_refs=[(f, kind) for kind, f in files.items()],
        dimension_elements=[m for m, _ in members], roles=roles)
    return out
