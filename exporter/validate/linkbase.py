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
