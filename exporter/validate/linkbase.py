"""XBRL 2.1 rules on links (section 3.5 and 5.2): roleRef/arcroleRef, roles and arcroles
declared and used where allowed, locators, arcs, cycles, and the standard links' endpoints."""
from __future__ import annotations

from lxml import etree

from .dts import DTS, LINK, XLINK
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
        target = find_fragment(doc.root, fragment) if doc is not None and fragment else None
        wanted = f"{LK}arcroleType" if is_arcrole else f"{LK}roleType"
        if target is None or target.tag != wanted:
            report.error(f"xbrl.{section}:{kind}NotDefined",
                         f"{kind} href {href!r} does not point at a {etree.QName(wanted).localname}",
                         elem.sourceline, url)
        elif (target.get(attr) or "").strip() != uri:
            report.error(f"xbrl.{section}:{kind}Mismatch",
                         f"{kind} {attr} {uri} differs from the {etree.QName(wanted).localname} it points at "
                         f"({target.get(attr)})", elem.sourceline, url)


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
