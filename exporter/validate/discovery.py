"""DTS discovery (XBRL 2.1 section 3.2): follow schemaRef, linkbaseRef, roleRef, arcroleRef,
imports, includes and locators from the entry point, read every document once, and build the
DTS model: concepts, types, role/arcrole declarations, arcs and effective relationships."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote

from lxml import etree

from .dts import (DTS, LINK, XBRLDT, XBRLI, XLINK, XSD, Arc, Concept, Document, Resource, RoleType,
                  clark)
from .report import Report
from .resolver import DocumentError, Resolver, join_url, parse_bytes

XS = f"{{{XSD}}}"
LK = f"{{{LINK}}}"
XL_TYPE = f"{{{XLINK}}}type"
XL_HREF = f"{{{XLINK}}}href"
XL_ROLE = f"{{{XLINK}}}role"
XL_ARCROLE = f"{{{XLINK}}}arcrole"
XL_LABEL = f"{{{XLINK}}}label"
XL_FROM = f"{{{XLINK}}}from"
XL_TO = f"{{{XLINK}}}to"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(slots=True)
class TypeDecl:
    """A named (or element-local) type definition, as far as the instance checks need it."""

    qname: str  # Clark QName, or "{concept}#type" for an anonymous type of a global element
    base: str | None  # Clark QName of the base type
    derivation: str | None  # "restriction" | "extension" | "list" | "union" | None
    content: str  # "simpleType" | "simpleContent" | "complexContent" | "empty-or-elements"
    facets: list[tuple[str, str]]  # facets of this derivation step (restriction only)
    opaque: bool  # something our fast value check cannot express (inline types, unions, lists)
    mixed: bool
    element: object  # the lxml element of the definition
    file: str
    # attributes this step declares with a default or fixed value: name -> value
    attribute_defaults: dict[str, str] = field(default_factory=dict)


@dataclass
class DiscoveryState:
    dts: DTS
    resolver: Resolver
    report: Report
    parsed: dict[str, object]  # url -> lxml root (shared cache across files of a batch)
    digests: dict[str, str]  # url -> sha1 of the document's bytes
    type_decls: dict[str, TypeDecl] = field(default_factory=dict)
    # lxml element (kept alive here, so its proxy identity is stable) -> Concept
    elements_by_node: dict[object, Concept] = field(default_factory=dict)
    extended_links: list[tuple[str, object]] = field(default_factory=list)
    pending: list[tuple[str, str, str | None, int | None]] = field(default_factory=list)
    current: str | None = None  # URL of the document being read
    # document URL -> [(URL it references, whether that reference is a DTS discovery rule)]
    edges: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)


def qname_value(elem, text: str | None) -> str | None:
    """Resolve a prefixed QName written in ``elem``'s content or attributes to Clark notation."""
    if text is None:
        return None
    text = text.strip()
    if not text:
        return None
    prefix, sep, local = text.rpartition(":")
    if not sep:
        ns = elem.nsmap.get(None)
        return clark(ns, text)
    ns = elem.nsmap.get(prefix)
    if ns is None:
        if prefix == "xml":
            return clark("http://www.w3.org/XML/1998/namespace", local)
        return None
    return clark(ns, local)


XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


def element_base(elem, url: str) -> str:
    """The base URL hrefs on ``elem`` resolve against: the document URL adjusted by any
    xml:base on the element or its ancestors (XML Base)."""
    bases = []
    node = elem
    while node is not None:
        value = node.get(XML_BASE) if isinstance(node.tag, str) else None
        if value is not None:
            bases.append(value.strip())
        node = node.getparent()
    base = url
    for value in reversed(bases):
        if not value:
            continue
        joined = join_url(base, value)
        base = joined + "/" if value.endswith("/") and not joined.endswith("/") else joined
    return base


def load_dts(entry_url: str, entry_root, entry_kind: str, resolver: Resolver, report: Report,
             parsed: dict[str, object], digests: dict[str, str],
             references=None) -> tuple[DTS, "DiscoveryState"]:
    """Discover the DTS from an entry point.  ``parsed``/``digests`` (URL -> lxml root /
    sha1 of the bytes) are shared across the files of a batch so each document is read once."""
    dts = DTS(entry=entry_url)
    state = DiscoveryState(dts, resolver, report, parsed, digests)
    state.current = entry_url
    if entry_kind == "instance":
        _discover_from_instance(state, entry_url, entry_root, references)
    else:
        state.pending.append((entry_url, entry_kind, None, None))
        parsed.setdefault(entry_url, entry_root)
    while state.pending:
        url, kind, referrer, line = state.pending.pop(0)
        state.current = url
        _load(state, url, kind, referrer, line)
    _set_aside_non_dts(state, entry_url)
    _finish_concepts(state)
    _build_relationships(state)
    return dts, state


def load_dts_from(entries: list[str], resolver: Resolver, report: Report, parsed: dict[str, object],
                  digests: dict[str, str]) -> DTS:
    """The DTS discovered from several schemas at once (what an extension imports)."""
    dts = DTS(entry=entries[0])
    state = DiscoveryState(dts, resolver, report, parsed, digests)
    state.pending.extend((url, "schema", None, None) for url in entries)
    state.edges[entries[0]] = [(url, True) for url in entries[1:]]
    while state.pending:
        url, kind, referrer, line = state.pending.pop(0)
        state.current = url
        _load(state, url, kind, referrer, line)
    _set_aside_non_dts(state, entries[0])
    _finish_concepts(state)
    _build_relationships(state)
    return dts


def extend_dts(base: DTS | None, entry_url: str, entry_root, references, documents: dict[str, object],
               resolver: Resolver, report: Report, parsed: dict[str, object],
               digests: dict[str, str]) -> tuple[DTS, list[str]]:
    """The DTS of an instance (``entry_root``, at ``entry_url``) whose own documents are in memory
    (``documents``: URL -> lxml root, e.g. an extension not written yet) and whose other
    documents form ``base``, a DTS discovered before (from the cache).  ``base`` is left as it
    is (it serves the next instance too): what discovery adds to goes into copies.  Documents
    neither in ``base`` nor in memory are read as usual.  Returns the DTS and the URLs of the
    documents it added to ``base``."""
    dts = DTS(entry=entry_url)
    if base is not None:
        dts.documents = {url: Document(d.url, d.kind, d.target_namespace, d._root, list(d.referenced_by),
                                       load=d.load, in_dts=d.in_dts) for url, d in base.documents.items()}
        dts.concepts = dict(base.concepts)
        dts.concepts_by_href = dict(base.concepts_by_href)
        dts.role_types = {uri: list(decls) for uri, decls in base.role_types.items()}
        dts.arcrole_types = {uri: list(decls) for uri, decls in base.arcrole_types.items()}
        dts.arcs = list(base.arcs)
        dts.types = dict(base.types)
    state = DiscoveryState(dts, resolver, report, parsed, digests, type_decls=dts.types)
    old_concepts = set(dts.concepts)
    state.current = entry_url
    # (the base's documents are discovered: reachable from the entry as far as set-aside goes)
    state.edges[entry_url] = [(url, True) for url in dts.documents]
    _discover_from_instance(state, entry_url, entry_root, references)
    added = []
    while state.pending:
        url, kind, referrer, line = state.pending.pop(0)
        state.current = url
        if url in dts.documents:
            continue
        root = documents.get(url)
        if root is None:
            _load(state, url, kind, referrer, line)
        else:
            _add_document(state, url, root, referrer)
        if url in dts.documents:
            added.append(url)
    _set_aside_non_dts(state, entry_url)
    _finish_concepts(state, only=[c for q, c in dts.concepts.items() if q not in old_concepts])
    _build_relationships(state, base)
    return dts, added


def _add_document(state: DiscoveryState, url: str, root, referrer: str | None) -> None:
    """A document given in memory: read as ``_load`` reads one from a file."""
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag not in (f"{XS}schema", f"{LK}linkbase"):
        state.report.error("xbrl:notTaxonomyDocument", f"{url} is neither an XML schema nor a linkbase", None,
                           referrer or url)
        return
    state.parsed[url] = root
    doc = Document(url, "schema" if tag == f"{XS}schema" else "linkbase",
                   root.get("targetNamespace") if tag == f"{XS}schema" else None, root)
    if referrer:
        doc.referenced_by.append(referrer)
    state.dts.documents[url] = doc
    if doc.kind == "schema":
        _read_schema(state, doc)
    else:
        _read_linkbase(state, url, root)


# --------------------------------------------------------------------------- documents


def _queue(state: DiscoveryState, href: str, base: str, kind: str, line: int | None,
           dts_edge: bool = True) -> str | None:
    url = join_url(base, href.split("#", 1)[0]) if href.split("#", 1)[0] else base
    if state.current is not None:
        state.edges.setdefault(state.current, []).append((url, dts_edge))
    if url in state.dts.documents:
        state.dts.documents[url].referenced_by.append(base)
        return url
    if any(p[0] == url for p in state.pending):
        return url
    state.pending.append((url, kind, base, line))
    return url


def _load(state: DiscoveryState, url: str, kind: str, referrer: str | None, line: int | None) -> None:
    if url in state.dts.documents:
        return
    root = state.parsed.get(url)
    try:
        if root is not None:
            state.resolver.permit(url)  # (parsed for another file of the batch: may be out of bounds here)
    except DocumentError as exc:
        state.report.error(exc.code, f"{exc} (referenced from {referrer})" if referrer else str(exc), line,
                           referrer)
        return
    if root is None:
        try:
            data = state.resolver.read(url)
            root = parse_bytes(data, url)
            state.digests[url] = hashlib.sha1(data).hexdigest()
        except DocumentError as exc:
            state.report.error(exc.code if exc.code != "xmlSchema:syntax" else "xmlSchema:syntax",
                               f"{exc} (referenced from {referrer})" if referrer and exc.code != "xmlSchema:syntax"
                               else f"{url}: {exc}", line if exc.code != "xmlSchema:syntax" else exc.line,
                               referrer if exc.code != "xmlSchema:syntax" else url)
            return
        state.parsed[url] = root
    tag = root.tag if isinstance(root.tag, str) else ""
    if tag == f"{XS}schema":
        doc = Document(url, "schema", root.get("targetNamespace"), root)
        if referrer:
            doc.referenced_by.append(referrer)
        state.dts.documents[url] = doc
        _read_schema(state, doc)
    elif tag == f"{LK}linkbase":
        doc = Document(url, "linkbase", None, root)
        if referrer:
            doc.referenced_by.append(referrer)
        state.dts.documents[url] = doc
        _read_linkbase(state, url, root)
    elif tag == f"{{{XBRLI}}}xbrl":
        state.report.error("xbrl:instanceInDTS", f"{url} is an instance, not a schema or linkbase "
                           f"(referenced from {referrer})", line, referrer)
    else:
        state.report.error("xbrl:notTaxonomyDocument",
                           f"{url} is neither an XML schema nor a linkbase (root element {tag or '?'})",
                           line, referrer or url)


def instance_entry_points(url: str, root, references=None) -> list[tuple[str, str, str, int | None]]:
    """Where discovery starts from an instance: (href, base URL, kind, line) of every
    schemaRef, linkbaseRef, roleRef and arcroleRef, and of the xsi:schemaLocation hints.
    ``references``: those elements when the caller already has them (saves walking a large
    instance's children)."""
    points = []
    # xsi:schemaLocation hints are not an XBRL discovery rule, but schema validation of the
    # instance uses them (as XBRL processors do), so their schemas join the set
    hints = (root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") or "").split()
    for location in hints[1::2]:
        points.append((location, url, "schema", root.sourceline))
    for child in (references if references is not None else root):
        tag = child.tag
        if tag in (f"{LK}schemaRef", f"{LK}linkbaseRef", f"{LK}roleRef", f"{LK}arcroleRef"):
            href = child.get(XL_HREF)
            if href:
                kind = "linkbase" if tag == f"{LK}linkbaseRef" else "schema"
                points.append((href, element_base(child, url), kind, child.sourceline))
    return points


def entry_point_urls(points) -> list[tuple[str, str]]:
    """(absolute document URL, kind) of each entry point, in order."""
    out = []
    for href, base, kind, _line in points:
        doc_part = href.split("#", 1)[0]
        out.append((join_url(base, doc_part) if doc_part else base, kind))
    return out


def _discover_from_instance(state: DiscoveryState, url: str, root, references=None) -> None:
    for href, base, kind, line in instance_entry_points(url, root, references):
        _queue(state, href, base, kind, line)


def _read_schema(state: DiscoveryState, doc: Document) -> None:
    root, url, tns = doc.root, doc.url, doc.target_namespace
    _queue_schema_locations(state, url, root)
    for child in root:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag in (f"{XS}import", f"{XS}include", f"{XS}redefine"):
            location = child.get("schemaLocation")
            if location:
                _queue(state, location, url, "schema", child.sourceline)
        elif tag == f"{XS}annotation":
            for appinfo in child.iter(f"{XS}appinfo"):
                for item in appinfo:
                    _read_appinfo(state, url, item)
        elif tag == f"{XS}element":
            _read_element(state, doc, child)
        elif tag in (f"{XS}complexType", f"{XS}simpleType"):
            name = child.get("name")
            if name:
                _read_type(state, clark(tns, name), child, url)


def _read_appinfo(state: DiscoveryState, url: str, item) -> None:
    tag = item.tag
    if tag == f"{LK}linkbaseRef":
        href = item.get(XL_HREF)
        if href:
            _queue(state, href, element_base(item, url), "linkbase", item.sourceline)
    elif tag == f"{LK}linkbase":
        _read_linkbase(state, url, item)
    elif tag in (f"{LK}roleType", f"{LK}arcroleType"):
        is_arcrole = tag == f"{LK}arcroleType"
        uri = (item.get("arcroleURI") if is_arcrole else item.get("roleURI")) or ""
        used_on = tuple(q for q in (qname_value(u, u.text) for u in item.findall(f"{LK}usedOn")) if q)
        definition = item.find(f"{LK}definition")
        decl = RoleType(uri.strip(), item.get("id"), used_on,
                        item.get("cyclesAllowed") if is_arcrole else None,
                        definition.text if definition is not None else None, url, item.sourceline)
        target = state.dts.arcrole_types if is_arcrole else state.dts.role_types
        target.setdefault(decl.uri, []).append(decl)


def _read_element(state: DiscoveryState, doc: Document, elem) -> None:
    name = elem.get("name")
    if not name:
        return
    qname = clark(doc.target_namespace, name)
    attributes = {k: v for k, v in elem.attrib.items()}
    type_qname = qname_value(elem, elem.get("type"))
    inline = None
    for child in elem:
        if child.tag in (f"{XS}complexType", f"{XS}simpleType"):
            inline = child
    if inline is not None:
        type_qname = f"{qname}#type"
        _read_type(state, type_qname, inline, doc.url)
    concept = Concept(
        qname=qname,
        id=elem.get("id"),
        type=type_qname,
        substitution_group=qname_value(elem, elem.get("substitutionGroup")),
        substitution_chain=(),
        period_type=elem.get(f"{{{XBRLI}}}periodType"),
        balance=elem.get(f"{{{XBRLI}}}balance"),
        abstract=(elem.get("abstract") or "").strip() in ("true", "1"),
        nillable=(elem.get("nillable") or "").strip() in ("true", "1"),
        typed_domain_ref=elem.get(f"{{{XBRLDT}}}typedDomainRef"),
        typed_domain=None,
        attributes=attributes,
        file=doc.url,
        line=elem.sourceline,
    )
    if qname in state.dts.concepts:
        # a second global declaration of the same name (same namespace): keep the first
        state.report.error("xmlSchema:duplicateElement",
                           f"element {name} is declared twice in namespace {doc.target_namespace}",
                           elem.sourceline, doc.url)
    else:
        state.dts.concepts[qname] = concept
    if concept.id:
        state.dts.concepts_by_href[f"{doc.url}#{concept.id}"] = concept
    state.elements_by_node[elem] = concept


def _read_type(state: DiscoveryState, qname: str, elem, url: str) -> None:
    base = derivation = None
    facets: list[tuple[str, str]] = []
    defaults: dict[str, str] = {}
    opaque = False
    mixed = (elem.get("mixed") or "") in ("true", "1")
    if elem.tag == f"{XS}simpleType":
        content = "simpleType"
        step = next((c for c in elem if c.tag in (f"{XS}restriction", f"{XS}list", f"{XS}union")), None)
        if step is None:
            opaque = True
        elif step.tag == f"{XS}restriction":
            derivation = "restriction"
            base = qname_value(step, step.get("base"))
            if base is None:
                opaque = True
            facets = _facets(step)
            if any(c.tag == f"{XS}simpleType" for c in step):
                opaque = True
        else:
            derivation = "list" if step.tag == f"{XS}list" else "union"
            opaque = True
    else:
        content = "empty-or-elements"
        for child in elem:
            if child.tag in (f"{XS}simpleContent", f"{XS}complexContent"):
                content = "simpleContent" if child.tag == f"{XS}simpleContent" else "complexContent"
                if (child.get("mixed") or "") in ("true", "1"):
                    mixed = True
                step = next((c for c in child if c.tag in (f"{XS}restriction", f"{XS}extension")), None)
                if step is not None:
                    derivation = etree.QName(step).localname
                    base = qname_value(step, step.get("base"))
                    facets = _facets(step) if derivation == "restriction" else []
                    if any(c.tag == f"{XS}simpleType" for c in step):
                        opaque = True
                    for attr in step.iter(f"{XS}attribute"):
                        value = attr.get("fixed", attr.get("default"))
                        if attr.get("name") and value is not None:
                            defaults[attr.get("name")] = value
                break
    state.type_decls.setdefault(qname, TypeDecl(qname, base, derivation, content, facets, opaque,
                                                mixed, elem, url, defaults))


_FACETS = {"enumeration", "pattern", "minInclusive", "maxInclusive", "minExclusive", "maxExclusive",
           "length", "minLength", "maxLength", "totalDigits", "fractionDigits", "whiteSpace"}


def _facets(step) -> list[tuple[str, str]]:
    out = []
    for child in step:
        if isinstance(child.tag, str) and child.tag.startswith(XS):
            local = child.tag[len(XS):]
            if local in _FACETS:
                out.append((local, child.get("value") or ""))
    return out


# --------------------------------------------------------------------------- linkbases


def _queue_schema_locations(state: DiscoveryState, url: str, root) -> None:
    """A taxonomy document's xsi:schemaLocation names the schemas declaring its custom links,
    arcs and resources (in a linkbase or a schema's appinfo); XBRL processors load them, as for
    instances, so the document can be schema-validated."""
    hints = (root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") or "").split()
    for location in hints[1::2]:
        _queue(state, location, element_base(root, url), "schema", root.sourceline, dts_edge=False)


def _set_aside_non_dts(state: DiscoveryState, entry_url: str) -> None:
    """Schemas reached only through taxonomy documents' xsi:schemaLocation (and what they
    import) serve schema validation but are not in the DTS (160-05): their concepts, role
    types and links are not the taxonomy's."""
    reachable = {entry_url}
    stack = [entry_url]
    while stack:
        for target, dts_edge in state.edges.get(stack.pop(), ()):
            if dts_edge and target not in reachable:
                reachable.add(target)
                stack.append(target)
    outside = {url for url in state.dts.documents if url not in reachable}
    if not outside:
        return
    dts = state.dts
    for url in outside:
        dts.documents[url].in_dts = False
    dts.concepts = {q: c for q, c in dts.concepts.items() if c.file not in outside}
    dts.concepts_by_href = {h: c for h, c in dts.concepts_by_href.items() if c.file not in outside}
    state.elements_by_node = {n: c for n, c in state.elements_by_node.items() if c.file not in outside}
    for table in (dts.role_types, dts.arcrole_types):
        for uri in list(table):
            kept = [d for d in table[uri] if d.file not in outside]
            if kept:
                table[uri] = kept
            else:
                del table[uri]
    state.extended_links = [(url, link) for url, link in state.extended_links if url not in outside]


def _read_linkbase(state: DiscoveryState, url: str, root) -> None:
    _queue_schema_locations(state, url, root)
    for child in root:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag
        if tag in (f"{LK}roleRef", f"{LK}arcroleRef"):
            href = child.get(XL_HREF)
            if href:
                _queue(state, href, element_base(child, url), "schema", child.sourceline)
        elif child.get(XL_TYPE) == "extended":
            for part in child:
                # only link:loc fires discovery (3.2), not other locator elements (230-02)
                if part.tag == f"{LK}loc" and part.get(XL_TYPE) == "locator":
                    href = part.get(XL_HREF)
                    if href and not href.startswith("#"):
                        _queue(state, href, element_base(part, url), "schema", part.sourceline)
            state.extended_links.append((url, child))


def _decimal(text: str | None, default: str) -> Decimal:
    try:
        return Decimal((text or default).strip())
    except InvalidOperation:
        return Decimal(default)


def _int(text: str | None) -> int:
    try:
        return int((text or "0").strip())
    except ValueError:
        return 0


def resolve_href(state: DiscoveryState, base: str, href: str):
    """Absolute ``url#fragment`` and the element it points at (or None)."""
    doc_part, _, fragment = href.strip().partition("#")
    url = join_url(base, doc_part) if doc_part else base
    fragment = unquote(fragment)
    doc = state.dts.documents.get(url)
    target = None
    if doc is not None and fragment:
        target = find_fragment(doc, fragment)
    return f"{url}#{fragment}", url, target


_ELEMENT_SCHEME = re.compile(r"element\(([^)]*)\)")


def find_fragment(doc: Document, fragment: str):
    """The element of ``doc`` a fragment identifier points at: shorthand (id) pointers and the
    XPointer element() scheme (XBRL 2.1 3.5.4); None when it points at nothing."""
    if "(" not in fragment:
        return doc.element_by_id(fragment)
    root = doc.root.getroottree().getroot()
    for pointer in _ELEMENT_SCHEME.findall(fragment):
        steps = pointer.split("/")
        if steps[0]:
            node = doc.element_by_id(steps[0])
            steps = steps[1:]
        else:
            node = root
            steps = steps[1:]
            if not steps or steps[0] != "1":
                node = None
            steps = steps[1:]
        for step in steps:
            if node is None:
                break
            try:
                index = int(step)
            except ValueError:
                node = None
                break
            kids = [c for c in node if isinstance(c.tag, str)]
            node = kids[index - 1] if 0 < index <= len(kids) else None
        if node is not None:
            return node
    return None


def _build_relationships(state: DiscoveryState, base: DTS | None = None) -> None:
    """The arcs of the extended links read, and the DTS's effective relationships (``base``:
    a DTS whose arcs ``dts.arcs`` begins with and whose relationships are known: only the
    equivalence groups the new arcs join are decided again)."""
    dts = state.dts
    for url, link in state.extended_links:
        link_role = (link.get(XL_ROLE) or "").strip()
        labels: dict[str, list] = {}
        arcs = []
        for part in link:
            if not isinstance(part.tag, str):
                continue
            kind = part.get(XL_TYPE)
            if kind == "locator":
                label = part.get(XL_LABEL)
                href = part.get(XL_HREF) or ""
                absolute, concept, _target = _resolve_locator(state, element_base(part, url), href)
                labels.setdefault(label, []).append(("loc", absolute, concept, part))
            elif kind == "resource":
                label = part.get(XL_LABEL)
                resource = Resource(part.tag, label, part.get(XL_ROLE), part.get(XML_LANG), part.get("id"),
                                    "".join(part.itertext()), url, part.sourceline)
                labels.setdefault(label, []).append(("res", None, resource, part))
            elif kind == "arc":
                arcs.append(part)
        for arc in arcs:
            attributes = dict(arc.attrib)
            arcrole = (arc.get(XL_ARCROLE) or "").strip()
            order = _decimal(arc.get("order"), "1")
            priority = _int(arc.get("priority"))
            use = (arc.get("use") or "optional").strip()
            weight = _decimal(arc.get("weight"), "0") if arc.get("weight") is not None else None
            for src in labels.get(arc.get(XL_FROM), ()):
                for tgt in labels.get(arc.get(XL_TO), ()):
                    rel = Arc(arcrole=arcrole, link_role=link_role, link_name=link.tag, arc_name=arc.tag,
                              source=src[2].qname if src[0] == "loc" and src[2] is not None else None,
                              target=tgt[2].qname if tgt[0] == "loc" and tgt[2] is not None else None,
                              order=order, priority=priority, use=use, weight=weight,
                              attributes=attributes, file=url, line=arc.sourceline,
                              source_href=src[1], target_href=tgt[1],
                              source_resource=src[2] if src[0] == "res" else None,
                              target_resource=tgt[2] if tgt[0] == "res" else None)
                    dts.arcs.append(rel)
    if base is None:
        dts.relationships = effective_relationships(dts.arcs)
    else:
        dts.relationships = _joined_relationships(base, dts.arcs[len(base.arcs):])


def _joined_relationships(base: DTS, new: list[Arc]) -> list[Arc]:
    """``effective_relationships(base.arcs + new)``, deciding again only the groups of
    equivalent arcs that ``new`` joins (equivalent arcs share endpoints, arcrole and ELR)."""
    if not new:
        return base.relationships
    def endpoints(a: Arc) -> tuple:
        return (a.arcrole, a.link_role, a.source or a.source_href, a.target or a.target_href)
    touched = {endpoints(a) for a in new}
    old = [a for a in base.arcs if endpoints(a) in touched]
    keys = {a.equivalence_key() for a in new}
    replaced = {id(a) for a in old if a.equivalence_key() in keys}
    kept = [r for r in base.relationships if id(r) not in replaced]
    joined = kept + effective_relationships([a for a in old if id(a) in replaced] + new)
    joined.sort(key=lambda a: a.order)
    return joined


def _resolve_locator(state, base, href):
    """Absolute ``url#fragment`` of a locator, the concept it points at (or None) and the
    element it points at (or None)."""
    doc_part, _, fragment = href.strip().partition("#")
    url = join_url(base, doc_part) if doc_part else base
    fragment = unquote(fragment)
    absolute = f"{url}#{fragment}"
    concept = state.dts.concepts_by_href.get(absolute)
    if concept is not None:
        return absolute, concept, None
    doc = state.dts.documents.get(url)
    if doc is None or not fragment:
        return absolute, None, None
    target = find_fragment(doc, fragment)
    concept = state.elements_by_node.get(target) if target is not None else None
    return absolute, concept, target


def effective_relationships(arcs: list[Arc]) -> list[Arc]:
    """Prohibition and override (XBRL 2.1 3.5.3.9.7.5): among equivalent relationships the
    highest priority wins; a prohibiting one at that priority removes them all."""
    groups: dict[tuple, list[Arc]] = {}
    for arc in arcs:
        groups.setdefault(arc.equivalence_key(), []).append(arc)
    effective = []
    for group in groups.values():
        if len(group) == 1:
            if group[0].use != "prohibited":
                effective.append(group[0])
            continue
        top = max(a.priority for a in group)
        winners = [a for a in group if a.priority == top]
        if any(a.use == "prohibited" for a in winners):
            continue
        effective.append(winners[0])
    effective.sort(key=lambda a: a.order)
    return effective


# --------------------------------------------------------------------------- concepts


def _finish_concepts(state: DiscoveryState, only=None) -> None:
    """Types, substitution chains and typed domains of the concepts (``only``: of these, the
    others being finished already)."""
    dts = state.dts
    concepts = list(dts.concepts.values()) if only is None else only
    for concept in concepts:
        _inherit_type(dts, concept)
    for concept in concepts:
        chain = []
        head = concept.substitution_group
        seen = {concept.qname}
        while head and head not in seen:
            chain.append(head)
            seen.add(head)
            parent = dts.concepts.get(head)
            head = parent.substitution_group if parent else None
        concept.substitution_chain = tuple(chain)
        concept.type_chain = type_chain(state.type_decls, concept.type)
        if concept.typed_domain_ref:
            _absolute, _url, target = resolve_href(state, concept.file, concept.typed_domain_ref)
            domain = state.elements_by_node.get(target) if target is not None else None
            concept.typed_domain = domain.qname if domain is not None else None
    dts.types = state.type_decls


def _inherit_type(dts: DTS, concept: Concept) -> None:
    """An element declared without a type takes its substitution group head's (XML Schema
    3.3.2); without either it is xs:anyType, which we leave as None."""
    seen = {concept.qname}
    head = concept
    while concept.type is None and head.substitution_group and head.substitution_group not in seen:
        seen.add(head.substitution_group)
        head = dts.concepts.get(head.substitution_group)
        if head is None:
            return
        concept.type = head.type


def type_chain(decls: dict[str, TypeDecl], qname: str | None) -> tuple[str, ...]:
    chain = []
    seen = set()
    while qname and qname not in seen:
        chain.append(qname)
        seen.add(qname)
        decl = decls.get(qname)
        qname = decl.base if decl else None
    return tuple(chain)
