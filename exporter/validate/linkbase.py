"""XBRL 2.1 rules on links (section 3.5 and 5.2): roleRef/arcroleRef, roles and arcroles
declared and used where allowed, locators, arcs, cycles, and the standard links' endpoints."""
from __future__ import annotations

import re

from lxml import etree

from .dts import DTS, ITEM, LINK, TUPLE, XLINK
from .report import Report

LK = f"{{{LINK}}}"


def check_role_refs(dts: DTS, url: str, refs, report: Report) -> None:
    """roleRef/arcroleRef (3.5.2.4, 3.5.2.5): the href must point at the roleType/arcroleType
    declaring the URI given, and one document must not reference a URI twice."""
    from .discovery import find_fragment
    from .resolver import join_url

    seen: dict[tuple[str, str], int | None] = {}
    for elem in refs:
        if elem.tag not in (f"{LK}roleRef", f"{LK}arcroleRef"):
            continue
        is_arcrole = elem.tag == f"{LK}arcroleRef"
        attr = "arcroleURI" if is_arcrole else "roleURI"
        uri = (elem.get(attr) or "").strip()
        section = "3.5.2.5.5" if is_arcrole else "3.5.2.4.5"
        kind = "arcroleRef" if is_arcrole else "roleRef"
        if (kind, uri) in seen:
            report.error(f"xbrl.{section}:{kind}Duplicate",
                         f"{kind} for {uri} appears twice in this document; keep one", elem.sourceline, url)
            continue
        seen[(kind, uri)] = elem.sourceline
        href = (elem.get(f"{{{XLINK}}}href") or "").strip()
        doc_part, _, fragment = href.partition("#")
        target_url = join_url(url, doc_part) if doc_part else url
        doc = dts.documents.get(target_url)
        target = find_fragment(doc, fragment) if doc is not None and fragment else None
        wanted = f"{LK}arcroleType" if is_arcrole else f"{LK}roleType"
        if target is None or target.tag != wanted:
            report.error(f"xbrl.{section}:{kind}NotDefined",
                         f"{kind} href {href!r} does not point at a {etree.QName(wanted).localname}",
                         elem.sourceline, url)
        elif (target.get(attr) or "").strip() != uri:
            report.error(f"xbrl.{section}:{kind}Mismatch",
                         f"{kind} {attr} {uri} differs from the {etree.QName(wanted).localname} it points at "
                         f"({target.get(attr)})", elem.sourceline, url)


LINKBASE_REF_ROLES = {f"http://www.xbrl.org/2003/role/{kind}LinkbaseRef": f"{LK}{kind}Link"
                      for kind in ("calculation", "definition", "presentation", "label", "reference")}


def check_reference_targets(dts: DTS, url: str, refs, report: Report) -> None:
    """schemaRef must locate a schema (4.2.2), linkbaseRef a linkbase (4.3.2) whose extended
    links all are of the kind its standard xlink:role names (4.3.4)."""
    from .discovery import element_base
    from .resolver import join_url

    for elem in refs:
        if elem.tag not in (f"{LK}schemaRef", f"{LK}linkbaseRef"):
            continue
        href = (elem.get(f"{{{XLINK}}}href") or "").strip()
        doc_part = href.partition("#")[0]
        if not doc_part:
            continue
        doc = dts.documents.get(join_url(element_base(elem, url), doc_part))
        if doc is None:
            continue  # discovery reported the unreadable document
        if elem.tag == f"{LK}schemaRef":
            if doc.kind != "schema":
                report.error("xbrl.4.2.2:schemaRefHref", f"schemaRef {href!r} locates a {doc.kind}, not an XML schema",
                             elem.sourceline, url)
            continue
        if doc.kind != "linkbase":
            report.error("xbrl.4.3.2:linkbaseRefHref", f"linkbaseRef {href!r} locates a {doc.kind}, not a linkbase",
                         elem.sourceline, url)
            continue
        wanted = LINKBASE_REF_ROLES.get((elem.get(XL_ROLE) or "").strip())
        if wanted is None:
            continue
        for link in doc.root:
            if isinstance(link.tag, str) and link.get(XL_TYPE) == "extended" and link.tag != wanted:
                report.error("xbrl.4.3.4:linkbaseRefLinks",
                             f"linkbaseRef role {elem.get(XL_ROLE).strip()} promises only "
                             f"{etree.QName(wanted).localname}s, but {href!r} holds a {etree.QName(link).localname}",
                             elem.sourceline, url)
                break


STANDARD_LINK_ROLE = "http://www.xbrl.org/2003/role/link"
FOOTNOTE_ROLE = "http://www.xbrl.org/2003/role/footnote"
FACT_FOOTNOTE = "http://www.xbrl.org/2003/arcrole/fact-footnote"
XL_TYPE = f"{{{XLINK}}}type"
XL_ROLE = f"{{{XLINK}}}role"
XL_LABEL = f"{{{XLINK}}}label"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def check_footnote_links(dts: DTS, url: str, links, fact_ids: dict, ids: dict, references,
                         report: Report, schema_set=None) -> None:
    """Footnote links of an instance (XBRL 2.1 4.11)."""
    from .resolver import join_url

    role_refs = {(e.get("roleURI") or "").strip() for e in references if e.tag == f"{LK}roleRef"}
    arcrole_refs = {(e.get("arcroleURI") or "").strip() for e in references if e.tag == f"{LK}arcroleRef"}

    def custom_role_ok(role: str, element: str) -> bool:
        if role not in role_refs:
            return False
        decls = dts.role_types.get(role, [])
        return any(element in d.used_on for d in decls)

    for link in links:
        if schema_set is not None:
            for problem in schema_set.element_errors(link):
                report.error("xmlSchema:valueError", f"footnoteLink: {problem}", link.sourceline)
        role = (link.get(XL_ROLE) or "").strip()
        if role != STANDARD_LINK_ROLE and not custom_role_ok(role, f"{LK}footnoteLink"):
            report.error("xbrl.4.11.1:footnoteLinkRole" if role.startswith("http://www.xbrl.org/2003/role/")
                         else "xbrl.3.5.2.4:missingRoleRef",
                         f"footnoteLink role {role!r} is neither the standard link role nor a custom role "
                         "declared with a roleRef for footnoteLink", link.sourceline)
        labels: dict[str, list[str]] = {}
        for part in link:
            if not isinstance(part.tag, str):
                continue
            kind = part.get(XL_TYPE)
            label = part.get(XL_LABEL)
            if kind == "locator":
                labels.setdefault(label, []).append("loc")
                if part.tag != f"{LK}loc":
                    report.error("xbrl.4.11.1.1:customLocator",
                                 f"footnoteLink locators must be link:loc, not {etree.QName(part).localname}",
                                 part.sourceline)
                href = (part.get(f"{{{XLINK}}}href") or "").strip()
                doc_part, _, fragment = href.partition("#")
                same_doc = not doc_part or join_url(url, doc_part) == url
                if not same_doc:
                    report.error("xbrl.4.11.1.1:instanceLoc",
                                 f"footnote locator href {href!r} must point at a fact in this instance",
                                 part.sourceline)
                elif fragment not in fact_ids:
                    what = ids.get(fragment, ("nothing",))[0]
                    report.error("xbrl.4.11.1.1:footnoteLinkLocTarget",
                                 f"footnote locator href {href!r} points at {what}, not at a fact", part.sourceline)
            elif kind == "resource":
                labels.setdefault(label, []).append("footnote" if part.tag == f"{LK}footnote" else "resource")
                if part.tag == f"{LK}footnote":
                    if part.get(XML_LANG) is None and link.get(XML_LANG) is None:
                        report.error("xbrl.4.11.1.2.1:footnoteLang",
                                     "footnote needs an xml:lang attribute (on itself or its footnoteLink)",
                                     part.sourceline)
                    res_role = part.get(XL_ROLE)
                    if res_role is not None and res_role.strip() != FOOTNOTE_ROLE and \
                            not custom_role_ok(res_role.strip(), f"{LK}footnote"):
                        report.error("xbrl.4.11.1.2:footnoteRole",
                                     f"footnote role {res_role!r} is neither the standard footnote role nor a custom "
                                     "role declared with a roleRef for footnote", part.sourceline)
        for arc in link:
            if not isinstance(arc.tag, str) or arc.get(XL_TYPE) != "arc":
                continue
            arcrole = (arc.get(f"{{{XLINK}}}arcrole") or "").strip()
            start, end = arc.get(f"{{{XLINK}}}from"), arc.get(f"{{{XLINK}}}to")
            if start not in labels:
                report.error("xbrl.3.5.3.9.2:arcFrom", f"footnoteArc from={start!r} names no locator or resource "
                             "in this footnoteLink", arc.sourceline)
            if end not in labels:
                report.error("xbrl.3.5.3.9.2:arcTo", f"footnoteArc to={end!r} names no locator or resource "
                             "in this footnoteLink", arc.sourceline)
            if arcrole == FACT_FOOTNOTE:
                if start in labels and any(k != "loc" for k in labels[start]):
                    report.error("xbrl.4.11.1.3.1:factFootnoteArcFrom",
                                 "a fact-footnote arc must start at a locator to a fact", arc.sourceline)
                if end in labels and any(k == "loc" for k in labels[end]):
                    report.error("xbrl.4.11.1.3.1:factFootnoteArcTo",
                                 "a fact-footnote arc must end at a footnote resource", arc.sourceline)
            elif arcrole not in arcrole_refs:
                report.error("xbrl.3.5.2.5:missingArcroleRef",
                             f"footnoteArc arcrole {arcrole!r} needs an arcroleRef in the instance",
                             arc.sourceline)


# --------------------------------------------------------------------------- DTS link rules

ROLE = "http://www.xbrl.org/2003/role/"
ARCROLE = "http://www.xbrl.org/2003/arcrole/"
LABEL_ROLES = {ROLE + r for r in (
    "label", "terseLabel", "verboseLabel", "positiveLabel", "positiveTerseLabel", "positiveVerboseLabel",
    "negativeLabel", "negativeTerseLabel", "negativeVerboseLabel", "zeroLabel", "zeroTerseLabel",
    "zeroVerboseLabel", "totalLabel", "periodStartLabel", "periodEndLabel", "documentation",
    "definitionGuidance", "disclosureGuidance", "presentationGuidance", "measurementGuidance",
    "commentaryGuidance", "exampleGuidance")}
REFERENCE_ROLES = {ROLE + r for r in (
    "reference", "definitionRef", "disclosureRef", "mandatoryDisclosureRef", "recommendedDisclosureRef",
    "unspecifiedDisclosureRef", "presentationRef", "measurementRef", "commentaryRef", "exampleRef")}
STANDARD_ARCROLES = {
    f"{LK}calculationArc": {ARCROLE + "summation-item"},
    f"{LK}presentationArc": {ARCROLE + "parent-child"},
    f"{LK}definitionArc": {ARCROLE + a for a in ("general-special", "essence-alias", "similar-tuples",
                                                   "requires-element")},
    f"{LK}labelArc": {ARCROLE + "concept-label"},
    f"{LK}referenceArc": {ARCROLE + "concept-reference"},
    f"{LK}footnoteArc": {ARCROLE + "fact-footnote"},
}
CYCLES_ALLOWED = {ARCROLE + "summation-item": "any", ARCROLE + "parent-child": "undirected",
                  ARCROLE + "general-special": "undirected", ARCROLE + "essence-alias": "undirected",
                  ARCROLE + "similar-tuples": "any", ARCROLE + "requires-element": "any",
                  ARCROLE + "concept-label": "any", ARCROLE + "concept-reference": "any",
                  ARCROLE + "fact-footnote": "any"}
STANDARD_LINKS = {f"{LK}{n}" for n in ("presentationLink", "definitionLink", "calculationLink",
                                        "labelLink", "referenceLink", "footnoteLink")}
LOC_TARGET_CODES = {f"{LK}labelLink": "xbrl.5.2.2.1:labelLinkLocTarget",
                    f"{LK}referenceLink": "xbrl.5.2.3.1:referenceLinkLocTarget",
                    f"{LK}presentationLink": "xbrl.5.2.4.1:presentationLinkLocTarget",
                    f"{LK}calculationLink": "xbrl.5.2.5.1:calculationLinkLocTarget",
                    f"{LK}definitionLink": "xbrl.5.2.6.1:definitionLinkLocTarget"}
XSD_NS = "http://www.w3.org/2001/XMLSchema"
LOCATABLE_RESOURCES = {f"{LK}labelLink": f"{LK}label", f"{LK}referenceLink": f"{LK}reference"}


def check_dts(dts: DTS, report: Report, reader=None, documents=None) -> None:
    """The link rules a schema cannot express, over every linkbase of the DTS (standalone and
    embedded in schemas' appinfo); ``documents``: only the linkbases and schemas of these URLs
    (the others checked before), with the rules over the whole DTS."""
    from .discovery import find_fragment
    from .resolver import join_url

    for doc in list(dts.documents.values()):
        if not doc.in_dts or (documents is not None and doc.url not in documents):
            continue  # read for schema validation only, or checked before
        if doc.kind == "linkbase":
            _check_linkbase(dts, doc.url, doc.root, report, find_fragment, join_url)
            _check_uri_attributes(doc.root, doc.url, report)
        elif doc.kind == "schema":
            _check_schema_appinfo(dts, doc, report)
            for appinfo in doc.root.iter(f"{{{XSD_NS}}}appinfo"):
                _check_uri_attributes(appinfo, doc.url, report)
            for linkbase in doc.root.iter(f"{LK}linkbase"):
                _check_linkbase(dts, doc.url, linkbase, report, find_fragment, join_url)
    _check_role_type_duplicates(dts, report)
    _check_preferred_labels(dts, report)
    _check_concepts(dts, report, documents)
    _check_cycles(dts, report, documents)
    _check_calculations(dts, report)


# Attributes the XBRL, XLink and Dimensions schemas type xs:anyURI.  xmlschema takes any
# string as an anyURI; XBRL processors reject what is no URI reference (e.g. "##").
URI_ATTRIBUTES = (f"{{{XLINK}}}href", f"{{{XLINK}}}role", f"{{{XLINK}}}arcrole", "roleURI", "arcroleURI",
                  "{http://xbrl.org/2005/xbrldt}targetRole")


def _check_uri_attributes(root, url: str, report: Report) -> None:
    from .values import is_uri_reference

    for elem in root.iter("*"):
        for name in URI_ATTRIBUTES:
            value = elem.get(name)
            if value is not None and not is_uri_reference(value.strip()):
                report.error("xmlSchema:valueError",
                             f"{etree.QName(name).localname}={value!r} on {etree.QName(elem).localname} is not a "
                             "valid URI (xs:anyURI)", elem.sourceline, url)


def _check_schema_appinfo(dts: DTS, doc, report: Report) -> None:
    root = doc.root
    for node in root.iterchildren(f"{{{XSD_NS}}}redefine"):
        report.error("xbrl.5.6.1:Redefine", "xs:redefine must not be used in XBRL taxonomy schemas",
                     node.sourceline, doc.url)
    for node in root.iter(f"{LK}roleType", f"{LK}arcroleType", f"{LK}linkbaseRef"):
        parent = node.getparent()
        grand = parent.getparent() if parent is not None else None
        top = grand.getparent() if grand is not None else None
        if parent is None or parent.tag != f"{{{XSD_NS}}}appinfo" or grand is None or \
                grand.tag != f"{{{XSD_NS}}}annotation" or top is not root:
            code = {"roleType": "xbrl.5.1.3:roleTypeAppinfo", "arcroleType": "xbrl.5.1.4:arcroleTypeAppinfo",
                    "linkbaseRef": "xbrl.4.3:linkbaseRefAppinfo"}[etree.QName(node).localname]
            report.error(code, f"{etree.QName(node).localname} must sit in xs:appinfo of the schema's "
                               "top-level xs:annotation", node.sourceline, doc.url)
    check_reference_targets(dts, doc.url, root.iter(f"{LK}linkbaseRef"), report)
    for node in root.iter(f"{LK}linkbaseRef"):
        arcrole = node.get(f"{{{XLINK}}}arcrole")
        if arcrole != "http://www.w3.org/1999/xlink/properties/linkbase":
            report.error("xbrl.4.3.3:linkbaseRefArcrole",
                         "linkbaseRef needs xlink:arcrole=\"http://www.w3.org/1999/xlink/properties/linkbase\"",
                         node.sourceline, doc.url)


def _check_role_type_duplicates(dts: DTS, report: Report) -> None:
    for table, code, what in ((dts.role_types, "xbrl.5.1.3:roleTypeDuplicate", "roleType"),
                              (dts.arcrole_types, "xbrl.5.1.4:arcroleTypeDuplicate", "arcroleType")):
        for uri, decls in table.items():
            by_file: dict[str, int] = {}
            for decl in decls:
                by_file[decl.file] = by_file.get(decl.file, 0) + 1
            if any(n > 1 for n in by_file.values()):
                report.error(code, f"{what} {uri} is declared twice in one schema", decls[-1].line, decls[-1].file)
            if len(decls) > 1:
                first = decls[0]
                for other in decls[1:]:
                    if set(other.used_on) != set(first.used_on) or \
                            (other.cycles_allowed != first.cycles_allowed) or \
                            ((other.definition or "").strip() != (first.definition or "").strip()):
                        report.error(code, f"{what} {uri} has differing declarations in the DTS",
                                     other.line, other.file)
            for decl in decls:
                if decl.used_on and len(set(decl.used_on)) != len(decl.used_on):
                    report.error(code.replace("Duplicate", "UsedOnDuplicate"),
                                 f"{what} {uri} lists the same usedOn element twice", decl.line, decl.file)


def _check_linkbase(dts, url, root, report, find_fragment, join_url) -> None:
    role_refs = {}
    arcrole_refs = {}
    for child in root:
        if child.tag == f"{LK}roleRef":
            role_refs[(child.get("roleURI") or "").strip()] = child
        elif child.tag == f"{LK}arcroleRef":
            arcrole_refs[(child.get("arcroleURI") or "").strip()] = child
    check_role_refs(dts, url, [c for c in root if c.tag in (f"{LK}roleRef", f"{LK}arcroleRef")], report)

    def role_ok(role: str, element: str, standard: set[str]) -> str | None:
        """None when fine, else the code to report."""
        if role in standard:
            return None
        if role.startswith(ROLE) and role not in dts.role_types:
            return "xbrl.5.1.3:roleTypeMissing"  # a standard-looking role the spec does not define
        if role not in role_refs:
            return "xbrl.3.5.2.4:missingRoleRef"
        decls = dts.role_types.get(role)
        if not decls:
            return "xbrl.5.1.3:roleTypeMissing"
        if not any(element in d.used_on for d in decls):
            return "xbrl.5.1.3.4:custRoleUsedOn"
        return None

    for link in root:
        if not isinstance(link.tag, str) or link.get(XL_TYPE) != "extended":
            continue
        link_role = (link.get(XL_ROLE) or "").strip()
        if link.tag not in STANDARD_LINKS:
            pass  # roles of links XBRL does not define are checked only through usedOn below
        elif not link_role:
            report.error("xbrl.3.5.3.3:emptyStdExtLinkRole", "extended link without xlink:role",
                         link.sourceline, url)
        else:
            code = role_ok(link_role, link.tag, {STANDARD_LINK_ROLE})
            if code:
                report.error(code, f"extended link role {link_role} is not declared for "
                                   f"{etree.QName(link).localname} (roleRef/roleType usedOn)", link.sourceline, url)
        labels: dict[str, list] = {}
        arcs = []
        # locators that prohibiting label/reference arcs end at: they stand for a resource
        remote = {a.get(f"{{{XLINK}}}to") for a in link
                  if a.tag in (f"{LK}labelArc", f"{LK}referenceArc") and (a.get("use") or "").strip() == "prohibited"}
        for part in link:
            if not isinstance(part.tag, str):
                continue
            kind = part.get(XL_TYPE)
            if kind == "locator":
                labels.setdefault(part.get(XL_LABEL), []).append(("loc", part))
                _check_locator(dts, url, link, part, report, find_fragment, join_url,
                               part.get(XL_LABEL) in remote)
            elif kind == "resource":
                labels.setdefault(part.get(XL_LABEL), []).append(("res", part))
                if part.tag == f"{LK}label" and _in_scope_lang(part) is None:
                    report.error("xbrl.5.2.2.2.1:labelLang",
                                 "label needs an xml:lang attribute (on itself or an enclosing element)",
                                 part.sourceline, url)
                role = part.get(XL_ROLE)
                if role is not None and link.tag in STANDARD_LINKS:
                    standard = LABEL_ROLES if part.tag == f"{LK}label" else \
                        REFERENCE_ROLES if part.tag == f"{LK}reference" else \
                        {FOOTNOTE_ROLE} if part.tag == f"{LK}footnote" else set()
                    code = role_ok(role.strip(), part.tag, standard)
                    if code:
                        report.error(code, f"resource role {role.strip()} is not allowed on "
                                           f"{etree.QName(part).localname}", part.sourceline, url)
            elif kind == "arc":
                arcs.append(part)
        seen_pairs = set()
        for arc in arcs:
            start, end = arc.get(f"{{{XLINK}}}from"), arc.get(f"{{{XLINK}}}to")
            arcrole = (arc.get(f"{{{XLINK}}}arcrole") or "").strip()
            if start not in labels:
                report.error("xbrl.3.5.3.9.2:arcFrom", f"arc from={start!r} matches no locator or resource "
                             "of its extended link", arc.sourceline, url)
            if end not in labels:
                report.error("xbrl.3.5.3.9.2:arcTo", f"arc to={end!r} matches no locator or resource "
                             "of its extended link", arc.sourceline, url)
            pair = (start, end, arcrole)
            if pair in seen_pairs:
                report.error("xlink:arcDuplicate",
                             f"two arcs in one extended link go from {start!r} to {end!r} with the same arcrole",
                             arc.sourceline, url)
            seen_pairs.add(pair)
            standard = STANDARD_ARCROLES.get(arc.tag)
            if standard is None:
                pass  # arcs XBRL does not define: their arcroles are the defining spec's business
            elif arcrole in standard:
                pass
            elif arcrole.startswith(ARCROLE) and arcrole in CYCLES_ALLOWED:
                report.error("xbrl.5.1.4.5:custArcroleUsedOn",
                             f"arcrole {arcrole} is not allowed on {etree.QName(arc).localname}",
                             arc.sourceline, url)
            elif arcrole not in arcrole_refs:
                report.error("xbrl.3.5.2.5:missingArcroleRef",
                             f"arcrole {arcrole} needs an arcroleRef in this linkbase", arc.sourceline, url)
            else:
                decls = dts.arcrole_types.get(arcrole)
                if not decls:
                    report.error("xbrl.5.1.4:arcroleTypeMissing", f"arcrole {arcrole} has no arcroleType",
                                 arc.sourceline, url)
                elif not any(arc.tag in d.used_on for d in decls):
                    report.error("xbrl.5.1.4.5:custArcroleUsedOn",
                                 f"arcroleType {arcrole} is not declared usedOn {etree.QName(arc).localname}",
                                 arc.sourceline, url)
            if arc.tag in (f"{LK}labelArc", f"{LK}referenceArc") and (arc.get("use") or "").strip() != "prohibited":
                # a label/reference arc may reach a resource of another linkbase only to
                # prohibit it (5.2.2.3, 5.2.3.3)
                for kind, node in labels.get(end, ()):
                    if kind == "loc":
                        report.error("xbrl.5.2.2.3:labelArcRemoteResource",
                                     f"a {etree.QName(arc).localname} that is not prohibiting must end at a resource "
                                     "of the same link", arc.sourceline, url)
            if arc.tag == f"{LK}calculationArc":
                weight = arc.get("weight")
                try:
                    if weight is not None and float(weight) == 0:
                        report.error("xbrl.5.2.5.2.1:zeroWeight", "calculationArc weight must not be 0",
                                     arc.sourceline, url)
                except ValueError:
                    pass


def _in_scope_lang(elem) -> str | None:
    node = elem
    while node is not None:
        value = node.get(XML_LANG)
        if value is not None:
            return value
        node = node.getparent()
    return None


def _check_locator(dts, url, link, loc, report, find_fragment, join_url, to_resource=False) -> None:
    from .discovery import element_base

    href = (loc.get(f"{{{XLINK}}}href") or "").strip()
    doc_part, _, fragment = href.partition("#")
    target_url = join_url(element_base(loc, url), doc_part) if doc_part else url
    doc = dts.documents.get(target_url)
    if link.tag in STANDARD_LINKS and loc.tag != f"{LK}loc":
        report.error(f"xbrl.5.2.{ {'labelLink': '2', 'referenceLink': '3', 'presentationLink': '4', 'calculationLink': '5', 'definitionLink': '6'}.get(etree.QName(link).localname, '2')}.1:customLocator",
                     "standard extended links may only use link:loc locators", loc.sourceline, url)
    if doc is None:
        if not doc_part and link.getroottree().getroot().tag == "{http://www.xbrl.org/2003/instance}xbrl":
            return
        if loc.tag != f"{LK}loc":
            return  # other locators do not take part in discovery (230-02)
        report.error("xbrl.3.5.3.7.2:linkLocHref", f"locator href {href!r} points outside the DTS",
                     loc.sourceline, url)
        return
    if not fragment:
        # the whole document: never a concept, so no target for the standard links (202-02a)
        code = LOC_TARGET_CODES.get(link.tag)
        if code:
            report.error(code, f"locator href {href!r} in a {etree.QName(link).localname} locates a whole document, "
                               "not a concept", loc.sourceline, url)
        return
    from urllib.parse import unquote

    schemes = re.findall(r"([A-Za-z_][\w.-]*)\(", fragment)
    if any(scheme != "element" for scheme in schemes):
        report.error("xbrl.3.5.4:hrefScheme",
                     f"locator href {href!r}: XBRL 2.1 pointers use only the element() scheme "
                     f"(not {', '.join(sorted(set(schemes) - {'element'}))})", loc.sourceline, url)
        return
    target = find_fragment(doc, unquote(fragment))
    if target is None:
        report.error("xbrl.3.5.4:hrefIdNotFound", f"locator href {href!r}: no element with that id/pointer",
                     loc.sourceline, url)
        return
    code = LOC_TARGET_CODES.get(link.tag)
    if code:
        is_concept = target.tag == f"{{{XSD_NS}}}element" and target.getparent() is doc.root
        # label and reference links may also locate their own kind of resource (to prohibit
        # or override a relationship to it)
        resource = LOCATABLE_RESOURCES.get(link.tag)
        if (to_resource and target.tag != resource) or \
                (not to_resource and not is_concept and target.tag != resource):
            report.error(code, f"locator href {href!r} in a {etree.QName(link).localname} must point at a "
                               "concept (a global element declaration)", loc.sourceline, url)


def _check_preferred_labels(dts: DTS, report: Report) -> None:
    """5.2.4.2.1: a presentation arc's preferredLabel names the role of a label its target
    concept has (in some language)."""
    wanted = [r for r in dts.relationships_of(ARCROLE + "parent-child") if r.attributes.get("preferredLabel")]
    if not wanted:
        return
    has_label = set()
    for rel in dts.relationships_of(ARCROLE + "concept-label"):
        if rel.source is not None and rel.target_resource is not None:
            has_label.add((rel.source, (rel.target_resource.role or ROLE + "label").strip()))
    for rel in wanted:
        role = rel.attributes["preferredLabel"].strip()
        if rel.source is not None and rel.target is not None and (rel.target, role) not in has_label:
            report.error("xbrl.5.2.4.2.1:preferredLabelMissing",
                         f"presentation arc to {etree.QName(rel.target).localname} prefers the label role {role}, "
                         "but the concept has no label with that role", rel.line, rel.file)


def _check_cycles(dts: DTS, report: Report, documents=None) -> None:
    """Cycles the arcroles forbid, per base set (``documents``: only the base sets that hold a
    relationship of these documents, the others checked before)."""
    base_sets: dict[tuple, list] = {}
    touched = set()
    for rel in dts.relationships:
        if rel.source is None or rel.target is None or rel.link_name not in STANDARD_LINKS:
            continue
        key = (rel.arcrole, rel.link_role, rel.link_name, rel.arc_name)
        base_sets.setdefault(key, []).append(rel)
        if documents is not None and rel.file in documents:
            touched.add(key)
    for (arcrole, role, link_name, arc_name), rels in base_sets.items():
        if documents is not None and (arcrole, role, link_name, arc_name) not in touched:
            continue
        allowed = CYCLES_ALLOWED.get(arcrole)
        if allowed is None:
            decls = dts.arcrole_types.get(arcrole)
            allowed = decls[0].cycles_allowed if decls else "any"
        if allowed == "any":
            continue
        graph: dict[str, list[str]] = {}
        for rel in rels:
            graph.setdefault(rel.source, []).append(rel.target)
        directed = _has_directed_cycle(graph)
        undirected = allowed == "none" and (directed or _has_undirected_cycle(rels))
        if directed or undirected:
            rel = rels[0]
            report.error("xbrl.5.1.4.3:cycles",
                         f"relationships of arcrole {arcrole} in {role} form a "
                         f"{'directed' if directed else 'undirected'} cycle, which arcrole cyclesAllowed="
                         f"{allowed} forbids", rel.line, rel.file)


def _has_directed_cycle(graph: dict[str, list[str]]) -> bool:
    state: dict[str, int] = {}
    for start in graph:
        if state.get(start):
            continue
        stack = [(start, iter(graph.get(start, ())))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                return True
            elif not state.get(child):
                state[child] = 1
                stack.append((child, iter(graph.get(child, ()))))
    return False


def _has_undirected_cycle(rels) -> bool:
    parent: dict[str, str] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    seen = set()
    for rel in rels:
        edge = (rel.source, rel.target)
        if edge in seen:
            return True
        seen.add(edge)
        a, b = find(rel.source), find(rel.target)
        if a == b:
            return True
        parent[a] = b
    return False


def _check_calculations(dts: DTS, report: Report) -> None:
    from .values import is_numeric_type

    from .dts import SUMMATION_ITEM_11

    for rel in dts.relationships:
        if rel.arcrole != ARCROLE + "summation-item" and rel.arcrole != SUMMATION_ITEM_11:
            continue
        source, target = dts.concepts.get(rel.source or ""), dts.concepts.get(rel.target or "")
        for concept in (source, target):
            if concept is not None and not (concept.is_item and is_numeric_type(concept.type_chain)):
                report.error("xbrl.5.2.5.2:nonNumericCalc",
                             f"summation-item relationships must link numeric items; "
                             f"{etree.QName(concept.qname).localname} is not one", rel.line, rel.file)
        if source is not None and target is not None and source.balance and target.balance and rel.weight:
            same = source.balance == target.balance
            if same and rel.weight < 0:
                report.error("xbrl.5.1.1.2:balanceCalcWeightIllegalNegative",
                             f"{etree.QName(source.qname).localname} and {etree.QName(target.qname).localname} "
                             "have the same balance, so the weight must be positive", rel.line, rel.file)
            elif not same and rel.weight > 0:
                report.error("xbrl.5.1.1.2:balanceCalcWeightIllegalPositive",
                             f"{etree.QName(source.qname).localname} and {etree.QName(target.qname).localname} "
                             "have opposite balances, so the weight must be negative", rel.line, rel.file)


XBRLI_TYPES = "{http://www.xbrl.org/2003/instance}"
XBRL_ATTRIBUTE_NAMESPACES = {"http://www.xbrl.org/2003/instance", LINK, XLINK, "http://www.xbrl.org/2003/XLink"}


def _check_tuple_type(dts: DTS, concept, name: str, report: Report) -> None:
    """A tuple's type (4.9): no attributes of the XBRL namespaces, no mixed or simple content,
    and child elements only by reference to global declarations (items and tuples)."""
    from .discovery import qname_value

    for qname in concept.type_chain:
        decl = dts.types.get(qname)
        element = getattr(decl, "element", None)
        if element is None or qname.startswith(XBRLI_TYPES):
            continue
        if decl.mixed:
            report.error("xbrl.4.9:tupleMixedContent", f"tuple {name} must not have mixed content",
                         concept.line, concept.file)
        if decl.content == "simpleContent":
            report.error("xbrl.4.9:tupleSimpleContent", f"tuple {name} must not have simple content",
                         concept.line, concept.file)
        for attribute in element.iter(f"{{{XSD_NS}}}attribute"):
            ref = qname_value(attribute, attribute.get("ref")) if attribute.get("ref") else None
            if ref and ref.startswith("{") and ref[1:].partition("}")[0] in XBRL_ATTRIBUTE_NAMESPACES:
                report.error("xbrl.4.9:tupleAttribute",
                             f"tuple {name} must not declare the attribute {etree.QName(ref).localname} of an "
                             "XBRL namespace", attribute.sourceline, decl.file)
        for child in element.iter(f"{{{XSD_NS}}}element"):
            ref = child.get("ref")
            if ref is None:
                report.error("xbrl.4.9:tupleElementUndefined",
                             f"tuple {name} declares its child {child.get('name')!r} locally; tuple content must "
                             "refer to global item or tuple declarations", child.sourceline, decl.file)
                continue
            target = dts.concepts.get(qname_value(child, ref) or "")
            if target is not None and not (target.is_item or target.is_tuple or target.qname in (ITEM, TUPLE)):
                report.error("xbrl.4.9:tupleElementItemOrTuple",
                             f"tuple {name} may only contain items and tuples, not {ref}", child.sourceline, decl.file)


def _check_concepts(dts: DTS, report: Report, documents=None) -> None:
    """Concept declarations (XBRL 2.1 5.1.1): items need a periodType; tuples take neither
    periodType nor balance; balance only on monetary items.  (``documents``: only theirs.)"""
    monetary = "{http://www.xbrl.org/2003/instance}monetaryItemType"
    for concept in dts.concepts.values():
        if concept.file.startswith("http://www.xbrl.org/") or concept.file.startswith("http://xbrl.org/"):
            continue
        if documents is not None and concept.file not in documents:
            continue
        name = etree.QName(concept.qname).localname
        if concept.is_item and concept.period_type is None:
            report.error("xbrl.5.1.1.1:itemPeriodType", f"item {name} needs an xbrli:periodType attribute",
                         concept.line, concept.file)
        if concept.is_item and not any(q.startswith(XBRLI_TYPES) and q.endswith("ItemType")
                                       for q in concept.type_chain):
            report.error("xbrl.5.1.1.3:itemType",
                         f"item {name} must have a type derived from an XBRL item type (xbrli:...ItemType)",
                         concept.line, concept.file)
        if concept.is_tuple:
            _check_tuple_type(dts, concept, name, report)
            if concept.period_type is not None:
                report.error("xbrl.4.9:tuplePeriodType", f"tuple {name} must not have xbrli:periodType",
                             concept.line, concept.file)
            if concept.balance is not None:
                report.error("xbrl.4.9:tupleBalance", f"tuple {name} must not have xbrli:balance",
                             concept.line, concept.file)
        elif concept.balance is not None and concept.is_item and monetary not in concept.type_chain:
            report.error("xbrl.5.1.1.2:itemBalance",
                         f"{name} has xbrli:balance but is not a monetary item", concept.line, concept.file)
