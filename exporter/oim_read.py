"""Reading xBRL-JSON (OIM 1.0) back as XBRL 2.1 XML, so that ``validate`` checks an xBRL-JSON
report with the same rules as an XML instance.

    document = parse(data)                       # OimError on a malformed report
    xml = to_xml(document, dts)                  # bytes of the equivalent xBRL-XML instance

``dts`` (the validator's model of the report's taxonomy, discovered from
``document.taxonomy``) says which concepts are numeric and which axes are typed (and the
element their values take).  The mapping is the inverse of ``exporter.oim``'s: a period
end (or instant) at midnight is the XML date of the day before; a numeric fact without a unit
is in xbrli:pure; one without decimals has decimals INF.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from lxml import etree

JSON_DOCUMENT_TYPES = ("https://xbrl.org/2021/xbrl-json",)
XBRLI = "http://www.xbrl.org/2003/instance"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
XBRLDI = "http://xbrl.org/2006/xbrldi"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CORE_DIMENSIONS = ("concept", "entity", "period", "unit", "language", "noteId")
_PREFIX = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")
_DATETIME = re.compile(r"(\d{4,}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:\d{2})?\Z")


class OimError(Exception):
    """A malformed xBRL-JSON report: an OIM error code and one line for the user."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass
class OimDocument:
    namespaces: dict[str, str]
    taxonomy: list[str]
    facts: list[tuple[str, dict]] = field(default_factory=list)  # (id, fact object)


def looks_like_json(head: bytes) -> bool:
    """Whether a file's first bytes start a JSON object (not XML)."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def parse(data: bytes) -> OimDocument:
    """The report's document information and facts, checked for the shape xBRL-JSON has."""
    try:
        root = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise OimError("xbrlje:invalidJSON", "the file is not UTF-8 text") from None
    except ValueError as exc:
        raise OimError("xbrlje:invalidJSON", f"not well-formed JSON: {exc}") from None
    if not isinstance(root, dict) or not isinstance(root.get("documentInfo"), dict):
        raise OimError("xbrlje:invalidJSONStructure", "no documentInfo object: not an xBRL-JSON report")
    info = root["documentInfo"]
    kind = info.get("documentType")
    if kind not in JSON_DOCUMENT_TYPES:
        hint = " (xBRL-CSV metadata: validate reads XML and xBRL-JSON only)" if str(kind).endswith("xbrl-csv") else ""
        raise OimError("oimce:unsupportedDocumentType", f"documentType {kind!r} is not xBRL-JSON 1.0{hint}")
    namespaces = info.get("namespaces", {})
    taxonomy = info.get("taxonomy", [])
    facts = root.get("facts", {})
    if not isinstance(namespaces, dict) or not all(isinstance(v, str) for v in namespaces.values()):
        raise OimError("xbrlje:invalidJSONStructure", "documentInfo.namespaces must map prefixes to URIs")
    for prefix in namespaces:
        if not _PREFIX.match(prefix):
            raise OimError("oimce:invalidSQName", f"namespace prefix {prefix!r} is not an NCName")
    if not isinstance(taxonomy, list) or not all(isinstance(t, str) for t in taxonomy):
        raise OimError("xbrlje:invalidJSONStructure", "documentInfo.taxonomy must be a list of URLs")
    if not isinstance(facts, dict):
        raise OimError("xbrlje:invalidJSONStructure", "facts must be an object of fact ids to facts")
    document = OimDocument(dict(namespaces), list(taxonomy))
    for ident, fact in facts.items():
        if not isinstance(fact, dict) or not isinstance(fact.get("dimensions"), dict):
            raise OimError("xbrlje:invalidJSONStructure", f"fact {ident}: no dimensions object")
        if "value" not in fact or not (fact["value"] is None or isinstance(fact["value"], str)):
            raise OimError("xbrlje:invalidJSONStructure", f"fact {ident}: value must be a string or null")
        if "decimals" in fact and not isinstance(fact["decimals"], int):
            raise OimError("xbrlje:invalidJSONStructure", f"fact {ident}: decimals must be an integer")
        if not isinstance(fact["dimensions"].get("concept"), str):
            raise OimError("oime:missingConceptDimension", f"fact {ident} has no concept")
        if not isinstance(fact["dimensions"].get("entity"), str):
            raise OimError("oime:missingEntityDimension", f"fact {ident} has no entity (xBRL-XML needs one)")
        document.facts.append((str(ident), fact))
    return document


class _Names:
    """Prefixed names of the report resolved through its namespaces."""

    def __init__(self, namespaces: dict[str, str]):
        self.namespaces = namespaces

    def clark(self, qname: str, what: str) -> str:
        prefix, sep, local = qname.partition(":")
        if not sep or not local or prefix not in self.namespaces:
            raise OimError("oimce:unboundPrefix" if sep else "oimce:invalidSQName",
                           f"{what} {qname!r} is not a prefixed name whose prefix documentInfo.namespaces binds")
        return f"{{{self.namespaces[prefix]}}}{local}"


def _period(text: str, ident: str) -> tuple[str | None, str]:
    """(start, end) as XML writes them; start None for an instant."""
    parts = text.split("/")
    if len(parts) not in (1, 2):
        raise OimError("oimce:invalidPeriodRepresentation", f"fact {ident}: period {text!r}")
    found = []
    for n, part in enumerate(parts):
        m = _DATETIME.match(part)
        if not m:
            raise OimError("oimce:invalidPeriodRepresentation", f"fact {ident}: period {text!r} is not "
                           "date-times (YYYY-MM-DDThh:mm:ss)")
        day, time, zone = m.groups()
        is_end = n == len(parts) - 1
        if time == "00:00:00":
            try:
                parsed = date.fromisoformat(day)
            except ValueError:
                raise OimError("oimce:invalidPeriodRepresentation", f"fact {ident}: no such date {day}") from None
            found.append((parsed - timedelta(days=1) if is_end else parsed).isoformat() + (zone or ""))
        else:
            found.append(part)
    return (found[0], found[1]) if len(found) == 2 else (None, found[0])


def _unit(text: str, names: _Names, ident: str) -> tuple[list[str], list[str]]:
    num, sep, den = text.partition("/")

    def measures(part: str) -> list[str]:
        part = part.strip()
        if part.startswith("(") and part.endswith(")"):
            part = part[1:-1]
        out = [m.strip() for m in part.split("*")]
        if not all(out):
            raise OimError("oimce:invalidUnitString", f"fact {ident}: unit {text!r}")
        return out

    numerator = measures(num)
    denominator = measures(den) if sep else []
    for m in numerator + denominator:
        names.clark(m, f"fact {ident}: measure")
    return numerator, denominator


def to_xml(document: OimDocument, dts) -> bytes:
    """The xBRL-XML instance of the report (``dts``: its taxonomy, for numeric concepts and
    typed axes)."""
    from .validate.values import is_numeric_type

    names = _Names(document.namespaces)
    # the report's own prefixes (QNames in text and attributes keep theirs), then XBRL's
    nsmap = dict(document.namespaces)
    for prefix, uri in (("xbrli", XBRLI), ("link", LINK), ("xlink", XLINK), ("xbrldi", XBRLDI), ("xsi", XSI)):
        if uri not in nsmap.values():
            while prefix in nsmap:
                prefix += "_"
            nsmap[prefix] = uri
    pure = next(p for p, uri in nsmap.items() if uri == XBRLI) + ":pure"
    root = etree.Element(f"{{{XBRLI}}}xbrl", nsmap=nsmap)
    for url in document.taxonomy:
        etree.SubElement(root, f"{{{LINK}}}schemaRef", {f"{{{XLINK}}}type": "simple", f"{{{XLINK}}}href": url})
    contexts: dict[tuple, str] = {}
    units: dict[tuple, str] = {}
    body = []
    for ident, fact in document.facts:
        dims = fact["dimensions"]
        concept_name = names.clark(dims["concept"], f"fact {ident}: concept")
        concept = dts.concepts.get(concept_name) if dts is not None else None
        numeric = concept is not None and is_numeric_type(concept.type_chain)
        scheme_prefix, _, identifier = dims["entity"].partition(":")
        if scheme_prefix not in document.namespaces or not identifier:
            raise OimError("oimce:unboundPrefix", f"fact {ident}: entity {dims['entity']!r} is not scheme:identifier")
        period = _period(dims["period"], ident) if "period" in dims else None
        axes = []
        for key, value in sorted(dims.items()):
            if key in CORE_DIMENSIONS:
                continue
            axis = names.clark(key, f"fact {ident}: dimension")
            axis_concept = dts.concepts.get(axis) if dts is not None else None
            typed = axis_concept.typed_domain if axis_concept is not None else None
            axes.append((key, axis, typed, value))
        context_key = (dims["entity"], period, tuple((k, v) for k, _, _, v in axes))
        context_id = contexts.get(context_key)
        if context_id is None:
            context_id = contexts[context_key] = f"c{len(contexts) + 1}"
            _context(root, context_id, document.namespaces[scheme_prefix], identifier, period, axes, names, ident)
        unit_id = None
        if numeric:
            measures = _unit(dims["unit"], names, ident) if "unit" in dims else ([pure], [])
            unit_id = units.get((tuple(measures[0]), tuple(measures[1])))
            if unit_id is None:
                unit_id = units[(tuple(measures[0]), tuple(measures[1]))] = f"u{len(units) + 1}"
                _unit_element(root, unit_id, measures)
        body.append((concept_name, fact, context_id, unit_id, numeric))
    for concept_name, fact, context_id, unit_id, numeric in body:
        elem = etree.SubElement(root, concept_name, {"contextRef": context_id})
        if unit_id:
            elem.set("unitRef", unit_id)
        if fact["value"] is None:
            elem.set(f"{{{XSI}}}nil", "true")
        else:
            if numeric:
                elem.set("decimals", str(fact["decimals"]) if "decimals" in fact else "INF")
            elem.text = fact["value"]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _context(root, context_id, scheme, identifier, period, axes, names: _Names, ident: str) -> None:
    ctx = etree.SubElement(root, f"{{{XBRLI}}}context", {"id": context_id})
    entity = etree.SubElement(ctx, f"{{{XBRLI}}}entity")
    etree.SubElement(entity, f"{{{XBRLI}}}identifier", {"scheme": scheme}).text = identifier
    if axes:
        segment = etree.SubElement(entity, f"{{{XBRLI}}}segment")
        for key, axis, typed, value in axes:
            if typed:
                member = etree.SubElement(segment, f"{{{XBRLDI}}}typedMember", {"dimension": key})
                etree.SubElement(member, typed).text = value
            else:
                names.clark(value if isinstance(value, str) else "", f"fact {ident}: member of {key}")
                etree.SubElement(segment, f"{{{XBRLDI}}}explicitMember", {"dimension": key}).text = value
    per = etree.SubElement(ctx, f"{{{XBRLI}}}period")
    if period is None:
        etree.SubElement(per, f"{{{XBRLI}}}forever")
    elif period[0] is None:
        etree.SubElement(per, f"{{{XBRLI}}}instant").text = period[1]
    else:
        etree.SubElement(per, f"{{{XBRLI}}}startDate").text = period[0]
        etree.SubElement(per, f"{{{XBRLI}}}endDate").text = period[1]


def _unit_element(root, unit_id, measures) -> None:
    unit = etree.SubElement(root, f"{{{XBRLI}}}unit", {"id": unit_id})
    numerator, denominator = measures

    def add(parent, measure_list):
        for m in measure_list:
            etree.SubElement(parent, f"{{{XBRLI}}}measure").text = m

    if denominator:
        divide = etree.SubElement(unit, f"{{{XBRLI}}}divide")
        add(etree.SubElement(divide, f"{{{XBRLI}}}unitNumerator"), numerator)
        add(etree.SubElement(divide, f"{{{XBRLI}}}unitDenominator"), denominator)
    else:
        add(unit, numerator)
