"""Reading an instance (streaming) and the XBRL 2.1 instance rules (section 4).

The instance is read with ``lxml.etree.iterparse``: references (schemaRef ...) come first,
so the DTS is discovered before the first fact; each top-level fact is checked and reduced to
a small :class:`~.dts.Fact` record, then its element is dropped, which keeps memory near the
size of the facts' data rather than of the tree.  Contexts and units are kept (dimensions and
s-equality need their segments and scenarios).  Rules that need the whole document (contexts
referenced exist, period types, units fit item types) run once the stream has ended.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from lxml import etree

from . import values
from .dts import (DTS, ISO4217, LINK, XBRLDI, XBRLI, XLINK, XSI, Context, DimensionValue, Fact,
                  Instance, Unit)
from .report import Report

XI = f"{{{XBRLI}}}"
LK = f"{{{LINK}}}"
XSI_NIL = f"{{{XSI}}}nil"
MONETARY = f"{XI}monetaryItemType"
SHARES = f"{XI}sharesItemType"
FRACTION = f"{XI}fractionItemType"
PURE_MEASURE = f"{XI}pure"
SHARES_MEASURE = f"{XI}shares"
REFERENCE_TAGS = (f"{LK}schemaRef", f"{LK}linkbaseRef", f"{LK}roleRef", f"{LK}arcroleRef")
ITEM_ATTRS = {"id", "contextRef"}
NUMERIC_ATTRS = {"id", "contextRef", "unitRef", "decimals", "precision"}
FRACTION_ATTRS = {"id", "contextRef", "unitRef"}


class FactKind:
    """Per-concept facts the per-fact checks need, computed once per element name."""

    __slots__ = ("concept", "is_item", "is_tuple", "numeric", "fraction", "monetary", "shares",
                 "check", "allowed", "needs_schema", "defaults")

    def __init__(self, concept, dts: DTS, check_cache: dict):
        self.concept = concept
        self.is_item = concept.is_item
        self.is_tuple = concept.is_tuple
        chain = concept.type_chain
        self.fraction = FRACTION in chain
        self.numeric = self.is_item and values.is_numeric_type(chain)
        self.monetary = MONETARY in chain
        self.shares = SHARES in chain
        if concept.type not in check_cache:
            check_cache[concept.type] = values.build_check(dts.types, concept.type)
        self.check = check_cache[concept.type] if self.is_item and not self.fraction else None
        self.allowed = (FRACTION_ATTRS if self.fraction else NUMERIC_ATTRS if self.numeric else ITEM_ATTRS)
        # decimals/precision given a default or fixed value by the item type (XBRL 2.1 allows it)
        self.defaults = {}
        for qname in reversed(chain):
            decl = dts.types.get(qname)
            if decl is not None:
                self.defaults.update(decl.attribute_defaults)
        # xmlschema must look at the element when our fast path cannot express its type
        self.needs_schema = self.is_tuple or self.fraction or (self.is_item and self.check is None)


def parse_datetime(text: str, is_end: bool) -> datetime | None:
    """dateUnion value as a naive point in time: a date alone means its start (startDate,
    instant is the end of the day) — XBRL 2.1 4.7.2."""
    text = text.strip()
    try:
        if "T" in text:
            core = text
            tz = None
            if core.endswith("Z"):
                core = core[:-1]
            elif len(core) > 6 and core[-6] in "+-" and core[-3] == ":":
                core, tz = core[:-6], core[-6:]
            day, _, time = core.partition("T")
            plus_day = time.startswith("24:")
            if plus_day:
                time = "00" + time[2:]
            value = datetime.fromisoformat(f"{day}T{time}")
            if plus_day:
                value += timedelta(days=1)
            if tz:
                sign = 1 if tz[0] == "+" else -1
                value -= sign * timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6]))
            return value
        core = text[:-1] if text.endswith("Z") else (text[:-6] if len(text) > 10 and text[-6] in "+-" else text)
        value = datetime.fromisoformat(core)
        return value + timedelta(days=1) if is_end else value
    except ValueError:
        return None


class InstanceReader:
    """Streams one instance, building the model and checking what can be checked per element."""

    def __init__(self, url: str, report: Report, load_dts, schemas):
        self.url = url
        self.report = report
        self.load_dts = load_dts  # callable(list of (href, kind, line), root) -> DTS
        self.schemas = schemas  # callable() -> SchemaSet (lazy xmlschema) or None
        self.instance = Instance(url=url, root=None)
        self.dts: DTS | None = None
        self.kinds: dict[str, FactKind | None] = {}
        self.check_cache: dict = {}
        self.ids: dict[str, tuple[str, int | None]] = {}  # id -> (what, line)
        self.fact_ids: dict[str, int] = {}
        self.footnote_links: list = []
        self.undefined: list[str] = []
        self.seen_body = False

    # ------------------------------------------------------------------ streaming

    def read(self, source) -> Instance | None:
        events = etree.iterparse(source, events=("start", "end"), resolve_entities=False,
                                 no_network=True, load_dtd=False, huge_tree=False,
                                 remove_comments=True, remove_pis=True)
        depth = 0
        root = None
        references = []
        for event, elem in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    root = elem
                    if elem.tag != f"{XI}xbrl":
                        return None
                    self.instance.namespaces = dict(elem.nsmap)
                    self._root_attributes(elem)
                continue
            depth -= 1
            if depth != 1:
                continue
            tag = elem.tag
            if not isinstance(tag, str):
                elem.clear()
                continue
            if tag in REFERENCE_TAGS:
                if self.seen_body:
                    self.report.error("xmlSchema:elementUnexpected",
                                      f"{etree.QName(elem).localname} must come before contexts, units and facts",
                                      elem.sourceline)
                references.append(elem)
                self._collect_id(elem, "reference")
                if tag == f"{LK}schemaRef":
                    self._check_simple_link(elem, "schemaRef")
                continue
            if self.dts is None:
                self.dts = self.load_dts(references, root)
                self.seen_body = True
                self._check_references(references)
            if tag == f"{XI}context":
                self._read_context(elem)
            elif tag == f"{XI}unit":
                self._read_unit(elem)
            elif tag == f"{LK}footnoteLink":
                # xml:lang is inherited (4.11.1.2.1): record the root's on the link, which is
                # detached from the root as the stream goes on
                lang = "{http://www.w3.org/XML/1998/namespace}lang"
                if elem.get(lang) is None and root.get(lang) is not None:
                    elem.set(lang, root.get(lang))
                self.footnote_links.append(elem)
                self._collect_ids_deep(elem, "footnote")
            else:
                self._read_fact(elem, None)
                elem.clear()
                parent = elem.getparent()
                if parent is not None:
                    while elem.getprevious() is not None:
                        prev = elem.getprevious()
                        parent.remove(prev)
        if root is None:
            return None
        if self.dts is None:
            self.dts = self.load_dts(references, root)
            self._check_references(references)
        if not references:
            self.report.error("xbrl:schemaImportMissing",
                              "the instance has no link:schemaRef; add one pointing at the taxonomy schema",
                              root.sourceline)
        if self.undefined:
            names = ", ".join(sorted(set(self.undefined)))
            self.report.error("xbrl:schemaImportMissing",
                              f"no schema of the DTS declares these fact elements: {names}; "
                              "fix the element names or reference the schema that declares them",
                              root.sourceline)
        self._after_stream()
        if self.footnote_links:
            from .linkbase import check_footnote_links

            check_footnote_links(self.dts, self.url, self.footnote_links, self.fact_ids, self.ids,
                                 references, self.report, self.schemas() if self.schemas else None)
        return self.instance

    def _root_attributes(self, root) -> None:
        for name in root.attrib:
            if not name.startswith("{") and name != "id":
                self.report.error("xmlSchema:attributeNotAllowed",
                                  f"attribute {name} is not allowed on xbrli:xbrl", root.sourceline)
        if root.get("id") is not None:
            self._collect_id(root, "xbrl")

    # ------------------------------------------------------------------ ids

    def _collect_id(self, elem, what: str) -> None:
        ident = elem.get("id")
        if ident is None:
            return
        ident = ident.strip()
        if not values.lexical_ok("NCName", ident):
            self.report.error("xmlSchema:valueError", f"id {ident!r} is not a valid XML name (NCName)",
                              elem.sourceline)
        if ident in self.ids:
            self.report.error("xml.3.3.1:idMustBeUnique",
                              f"id {ident!r} is used twice (first on line {self.ids[ident][1]}); "
                              "give each element its own id", elem.sourceline)
        else:
            self.ids[ident] = (what, elem.sourceline)

    def _collect_ids_deep(self, elem, what: str) -> None:
        for node in elem.iter():
            if isinstance(node.tag, str) and node.get("id") is not None:
                self._collect_id(node, what)

    # ------------------------------------------------------------------ references

    def _check_simple_link(self, elem, name: str) -> None:
        if elem.get(f"{{{XLINK}}}type") != "simple":
            self.report.error("xmlSchema:attributeValueError" if elem.get(f"{{{XLINK}}}type") else "xmlSchema:attributesRequired",
                              f"{name} must have xlink:type=\"simple\"", elem.sourceline)
        if not (elem.get(f"{{{XLINK}}}href") or "").strip():
            self.report.error("xbrl.4.2.2:schemaRefHref" if name == "schemaRef" else "xbrl.4.3.2:linkbaseRefHref",
                              f"{name} has no xlink:href", elem.sourceline)

    def _check_references(self, references) -> None:
        from .linkbase import check_role_refs  # lazy: only instances with references need it

        check_role_refs(self.dts, self.url, references, self.report)
        for elem in references:
            if elem.tag == f"{LK}linkbaseRef":
                arcrole = elem.get(f"{{{XLINK}}}arcrole")
                if arcrole != "http://www.w3.org/1999/xlink/properties/linkbase":
                    self.report.error("xbrl.4.3.3:linkbaseRefArcrole",
                                      "linkbaseRef must have xlink:arcrole=\"http://www.w3.org/1999/xlink/properties/linkbase\"",
                                      elem.sourceline)

    # ------------------------------------------------------------------ contexts

    def _read_context(self, elem) -> None:
        report, line = self.report, elem.sourceline
        self._collect_id(elem, "context")
        ident = (elem.get("id") or "").strip()
        if not ident:
            report.error("xmlSchema:attributesRequired", "context has no id attribute", line)
        children = [c for c in elem if isinstance(c.tag, str)]
        names = [c.tag for c in children]
        entity = elem.find(f"{XI}entity")
        period = elem.find(f"{XI}period")
        scenario = elem.find(f"{XI}scenario")
        expected = [f"{XI}entity", f"{XI}period"] + ([f"{XI}scenario"] if scenario is not None else [])
        if names != expected:
            report.error("xmlSchema:elementUnexpected",
                         f"context {ident} must contain entity, period and optionally scenario, in that order",
                         line)
        scheme = identifier = ""
        segment = None
        if entity is not None:
            ent_children = [c for c in entity if isinstance(c.tag, str)]
            id_elem = entity.find(f"{XI}identifier")
            segment = entity.find(f"{XI}segment")
            ok = [c.tag for c in ent_children] in ([f"{XI}identifier"], [f"{XI}identifier", f"{XI}segment"])
            if not ok:
                report.error("xmlSchema:elementUnexpected",
                             f"entity of context {ident} must contain identifier and optionally segment",
                             entity.sourceline)
            if id_elem is not None:
                scheme = (id_elem.get("scheme") or "").strip()
                identifier = " ".join((id_elem.text or "").split())
                if not scheme:
                    report.error("xmlSchema:attributesRequired" if id_elem.get("scheme") is None else "xmlSchema:valueError",
                                 f"identifier of context {ident} needs a non-empty scheme attribute",
                                 id_elem.sourceline)
                if len(id_elem):
                    report.error("xmlSchema:elementUnexpected",
                                 f"identifier of context {ident} must contain text only", id_elem.sourceline)
        kind, start, end, start_text, end_text = self._read_period(ident, period)
        if segment is not None:
            self._check_container(segment, "segment", ident)
        if scenario is not None:
            self._check_container(scenario, "scenario", ident)
        context = Context(ident, line, scheme, identifier, kind, start, end, start_text, end_text,
                          segment, scenario)
        context.dimensions = self._dimension_values(context)
        if ident and ident not in self.instance.contexts:
            self.instance.contexts[ident] = context

    def _read_period(self, ident, period):
        report = self.report
        if period is None:
            return "missing", None, None, None, None
        kids = [c for c in period if isinstance(c.tag, str)]
        tags = [c.tag for c in kids]
        if tags == [f"{XI}instant"]:
            text = kids[0].text or ""
            value = self._date(kids[0], text, True)
            return "instant", None, value, None, text.strip()
        if tags == [f"{XI}forever"]:
            return "forever", None, None, None, None
        if tags == [f"{XI}startDate", f"{XI}endDate"]:
            start_text, end_text = kids[0].text or "", kids[1].text or ""
            start = self._date(kids[0], start_text, False)
            end = self._date(kids[1], end_text, True)
            if start is not None and end is not None and end <= start:
                report.error("xbrl.4.7.2:periodStartBeforeEnd",
                             f"context {ident} ends ({end_text.strip()}) before it starts ({start_text.strip()}); "
                             "swap or correct the dates", period.sourceline)
            return "duration", start, end, start_text.strip(), end_text.strip()
        report.error("xmlSchema:elementUnexpected",
                     f"period of context {ident} must be an instant, a startDate and endDate, or forever",
                     period.sourceline)
        return "invalid", None, None, None, None

    def _date(self, elem, text, is_end):
        text = text.strip()
        if not (values.lexical_ok("date", text) or values.lexical_ok("dateTime", text)) or len(elem):
            self.report.error("xmlSchema:valueError",
                              f"{etree.QName(elem).localname} {text!r} is not a date or dateTime (YYYY-MM-DD)",
                              elem.sourceline)
            return None
        return parse_datetime(text, is_end)

    def _check_container(self, container, where: str, ident: str) -> None:
        report = self.report
        kids = [c for c in container if isinstance(c.tag, str)]
        code = "segment" if where == "segment" else "scenario"
        if not kids:
            report.error(f"xbrl.4.7.{'3.2' if where == 'segment' else '4'}:{code}Empty",
                         f"{where} of context {ident} is empty; remove it or put content in it",
                         container.sourceline)
        if (container.text or "").strip() or any((k.tail or "").strip() for k in kids):
            report.error("xmlSchema:elementUnexpected", f"{where} of context {ident} must not contain text",
                         container.sourceline)
        section = "3.2" if where == "segment" else "4"
        concepts = self.dts.concepts if self.dts else {}
        for node in container.iterdescendants():
            if not isinstance(node.tag, str):
                continue
            if node.tag.startswith(XI):
                if node.getparent() is container:
                    report.error("xmlSchema:elementOccurrencesError",
                                 f"{where} of context {ident} contains {etree.QName(node).localname} from the xbrli namespace",
                                 node.sourceline)
                report.error(f"xbrl.4.7.{section}:{code}XbrliElement",
                             f"{where} of context {ident} must not contain xbrli elements "
                             f"({etree.QName(node).localname})", node.sourceline)
                continue
            concept = concepts.get(node.tag)
            if concept is not None and (concept.is_item or concept.is_tuple):
                report.error(f"xbrl.4.7.{section}:{code}ItemOrTuple",
                             f"{where} of context {ident} must not contain items or tuples "
                             f"({etree.QName(node).localname})", node.sourceline)
        # lax validation of declared content (xbrldi members are the dimensions module's job)
        for node in kids:
            if node.tag.startswith(XI) or node.tag.startswith(f"{{{XBRLDI}}}"):
                continue
            if node.tag in concepts and self.schemas is not None:
                schema_set = self.schemas()
                if schema_set is not None:
                    for problem in schema_set.element_errors(node):
                        report.error("xmlSchema:valueError", f"{where} of context {ident}: {problem}",
                                     node.sourceline)

    def _dimension_values(self, context: Context) -> list[DimensionValue]:
        from .discovery import qname_value

        out = []
        for where, container in (("segment", context.segment), ("scenario", context.scenario)):
            if container is None:
                continue
            for node in container:
                if node.tag == f"{{{XBRLDI}}}explicitMember":
                    dim_text = node.get("dimension") or ""
                    mem_text = (node.text or "").strip()
                    out.append(DimensionValue(qname_value(node, dim_text), dim_text,
                                              qname_value(node, mem_text), mem_text, None, False,
                                              where, node.sourceline))
                elif node.tag == f"{{{XBRLDI}}}typedMember":
                    dim_text = node.get("dimension") or ""
                    kids = [c for c in node if isinstance(c.tag, str)]
                    out.append(DimensionValue(qname_value(node, dim_text), dim_text, None, "",
                                              kids[0] if kids else None, True, where, node.sourceline))
        return out

    # ------------------------------------------------------------------ units

    def _read_unit(self, elem) -> None:
        from .discovery import qname_value

        report, line = self.report, elem.sourceline
        self._collect_id(elem, "unit")
        ident = (elem.get("id") or "").strip()
        if not ident:
            report.error("xmlSchema:attributesRequired", "unit has no id attribute", line)
        kids = [c for c in elem if isinstance(c.tag, str)]

        def measures(nodes, where) -> list[str]:
            out = []
            for node in nodes:
                if node.tag != f"{XI}measure":
                    report.error("xmlSchema:elementUnexpected",
                                 f"unit {ident}: {where} may only contain xbrli:measure elements", node.sourceline)
                    continue
                qname = qname_value(node, node.text)
                if qname is None or not values.lexical_ok("QName", (node.text or "").strip()):
                    report.error("xmlSchema:valueError",
                                 f"unit {ident}: measure {(node.text or '').strip()!r} is not a QName with a declared prefix",
                                 node.sourceline)
                    continue
                if qname.startswith(XI) and qname not in (PURE_MEASURE, SHARES_MEASURE):
                    report.error("xbrl.4.8.2:measureElement",
                                 f"unit {ident}: measure {(node.text or '').strip()} is in the xbrli namespace "
                                 "but is neither xbrli:pure nor xbrli:shares", node.sourceline)
                out.append(qname)
            if not out and not nodes:
                report.error("xmlSchema:elementOccurrencesError", f"unit {ident}: {where} has no measure", elem.sourceline)
            return out

        if len(kids) == 1 and kids[0].tag == f"{XI}divide":
            parts = [c for c in kids[0] if isinstance(c.tag, str)]
            if [p.tag for p in parts] != [f"{XI}unitNumerator", f"{XI}unitDenominator"]:
                report.error("xmlSchema:elementUnexpected",
                             f"unit {ident}: divide must contain unitNumerator then unitDenominator", kids[0].sourceline)
                numerator, denominator = [], []
            else:
                numerator = measures([c for c in parts[0] if isinstance(c.tag, str)], "unitNumerator")
                denominator = measures([c for c in parts[1] if isinstance(c.tag, str)], "unitDenominator")
                shared = sorted(set(numerator) & set(denominator))
                if shared:
                    report.error("xbrl.4.8.4:measureBothNumDenom",
                                 f"unit {ident}: measure {shared[0]} appears in both numerator and denominator; "
                                 "simplify the unit", kids[0].sourceline)
        else:
            if any(k.tag == f"{XI}divide" for k in kids):
                report.error("xmlSchema:elementUnexpected",
                             f"unit {ident}: divide cannot be combined with other measures", line)
            numerator = measures(kids, "unit")
            denominator = []
        unit = Unit(ident, line, tuple(sorted(numerator)), tuple(sorted(denominator)))
        if ident and ident not in self.instance.units:
            self.instance.units[ident] = unit

    # ------------------------------------------------------------------ facts

    def _kind(self, tag: str) -> FactKind | None:
        try:
            return self.kinds[tag]
        except KeyError:
            concept = self.dts.concepts.get(tag) if self.dts else None
            kind = FactKind(concept, self.dts, self.check_cache) if concept is not None else None
            self.kinds[tag] = kind
            return kind

    def _read_fact(self, elem, parent: int | None) -> None:
        tag = elem.tag
        kind = self._kind(tag)
        report = self.report
        line = elem.sourceline
        if kind is None:
            name = etree.QName(tag).localname if tag.startswith("{") else tag
            if tag.startswith(XI) or tag.startswith(LK):
                report.error("xmlSchema:elementUnexpected",
                             f"{name} is not allowed here (not a fact, context, unit or footnoteLink)", line)
            else:
                namespace = tag[1:].partition("}")[0] if tag.startswith("{") else ""
                if self.dts is not None and any(d.target_namespace == namespace for d in self.dts.documents.values()):
                    report.error("xmlSchema:elementUnexpected",
                                 f"element {name} is not declared in the DTS; use a concept of the taxonomy", line)
                self.undefined.append(f"{{{namespace}}}{name}" if namespace else name)
            return
        concept = kind.concept
        attrib = elem.attrib
        name = None
        if not (kind.is_item or kind.is_tuple):
            name = etree.QName(tag).localname
            report.error("xmlSchema:elementUnexpected",
                         f"{name} is declared but is neither an item nor a tuple, so it cannot be a fact", line)
            return
        if concept.abstract:
            name = etree.QName(tag).localname
            report.error("xmlSchema:abstractElement",
                         f"{name} is abstract and cannot be reported as a fact", line)
        ident = attrib.get("id")
        nil_text = attrib.get(XSI_NIL)
        is_nil = nil_text is not None and nil_text.strip() in ("true", "1")
        if nil_text is not None and nil_text.strip() not in ("true", "1", "false", "0"):
            report.error("xmlSchema:valueError", f"xsi:nil={nil_text!r} is not a boolean", line)
        if is_nil and not concept.nillable:
            report.error("xmlSchema:nilNotAllowed",
                         f"{etree.QName(tag).localname} is not nillable; give it a value instead of xsi:nil",
                         line)
        index = len(self.instance.facts)
        if ident is not None:
            self._collect_id(elem, "fact")
            self.fact_ids[ident.strip()] = index
        for attr in attrib:
            if attr[0] != "{" and attr not in kind.allowed and not kind.is_tuple:
                report.error("xmlSchema:attributeNotAllowed",
                             f"attribute {attr} is not allowed on {etree.QName(tag).localname}", line)
        if kind.is_tuple:
            fact = Fact(tag, line, None, None, None, is_nil, None, None, ident, parent, True, [])
            self.instance.facts.append(fact)
            for attr in attrib:
                if attr[0] != "{" and attr != "id":
                    report.error("xbrl.4.9:tupleAttribute" if attr in NUMERIC_ATTRS else "xmlSchema:attributeNotAllowed",
                                 f"tuple {etree.QName(tag).localname} must not have the {attr} attribute", line)
            if kind.needs_schema and self.schemas is not None:
                schema_set = self.schemas()
                if schema_set is not None:
                    for problem in schema_set.element_errors(elem, content_only=True):
                        report.error("xmlSchema:elementUnexpected" if "element" in problem.lower() or "tag" in problem.lower()
                                     else "xmlSchema:valueError", problem, line)
            if (elem.text or "").strip():
                report.error("xbrl.4.9:tupleMixedContent",
                             f"tuple {etree.QName(tag).localname} must not contain text", line)
            for child in elem:
                if isinstance(child.tag, str):
                    fact.children.append(len(self.instance.facts))
                    self._read_fact(child, index)
            return
        text = elem.text
        if len(elem) and not kind.fraction:
            report.error("xmlSchema:elementUnexpected",
                         f"item {etree.QName(tag).localname} must have simple content, not child elements", line)
            text = "".join(elem.itertext())
        if not text:
            # an empty element takes its declaration's default or fixed value (XML Schema 3.3.1)
            text = concept.attributes.get("fixed", concept.attributes.get("default", "")) if not is_nil else ""
        defaults = kind.defaults
        fact = Fact(tag, line, attrib.get("contextRef"), attrib.get("unitRef"), text, is_nil,
                    attrib.get("decimals", defaults.get("decimals") if defaults else None),
                    attrib.get("precision", defaults.get("precision") if defaults else None), ident, parent)
        self.instance.facts.append(fact)
        if fact.context_ref is None:
            report.error("xmlSchema:attributesRequired",
                         f"item {etree.QName(tag).localname} has no contextRef attribute", line)
        if is_nil:
            if text.strip() or len(elem):
                report.error("xmlSchema:nilContent", f"nil fact {etree.QName(tag).localname} must be empty", line)
        elif kind.check is not None:
            problem = kind.check.error(text, elem.nsmap if kind.check.primitive == "QName" else None)
            if problem is not None:
                report.error("xmlSchema:valueError", f"{etree.QName(tag).localname}: {problem}", line)
        elif kind.needs_schema and self.schemas is not None:
            schema_set = self.schemas()
            if schema_set is not None:
                for problem in schema_set.element_errors(elem, content_only=kind.fraction):
                    report.error("xmlSchema:valueError", f"{etree.QName(tag).localname}: {problem}", line)
        if kind.numeric:
            self._numeric_attributes(fact, kind, elem)
        elif fact.unit_ref is not None or fact.decimals is not None or fact.precision is not None:
            pass  # already reported as attributes not allowed on a non-numeric item
        # attributes from other namespaces (lax wildcard): validate them when the DTS has a
        # schema for their namespace (only xmlschema knows the attribute declarations)
        if len(attrib) > 3 or any(a[0] == "{" for a in attrib):
            for attr in attrib:
                if attr[0] == "{" and self._declared_namespace(attr) and self.schemas is not None:
                    schema_set = self.schemas()
                    if schema_set is not None and kind.check is not None:
                        for problem in schema_set.element_errors(elem):
                            report.error("xmlSchema:valueError", f"{etree.QName(tag).localname}: {problem}", line)
                    break

    def _declared_namespace(self, attr: str) -> bool:
        namespace = attr[1:].partition("}")[0]
        if namespace in (XSI, XBRLI, LINK, XLINK, "http://www.w3.org/XML/1998/namespace"):
            return False
        return any(d.target_namespace == namespace for d in self.dts.documents.values())

    def _numeric_attributes(self, fact: Fact, kind: FactKind, elem) -> None:
        report, line = self.report, fact.line
        name = etree.QName(fact.concept).localname
        if fact.unit_ref is None:
            report.error("xmlSchema:attributesRequired", f"numeric item {name} has no unitRef attribute", line)
        decimals, precision = fact.decimals, fact.precision
        if decimals is not None and not (decimals.strip() == "INF" or values.lexical_ok("integer", decimals.strip())):
            report.error("xmlSchema:valueError", f"{name}: decimals={decimals!r} is not an integer or INF", line)
        if precision is not None and not (precision.strip() == "INF" or values.lexical_ok("nonNegativeInteger", precision.strip())):
            report.error("xmlSchema:valueError", f"{name}: precision={precision!r} is not a non-negative integer or INF", line)
        if kind.fraction:
            return
        if fact.is_nil:
            if decimals is not None or precision is not None:
                report.error("xbrl.4.6.3:nilPrecisionDecimals",
                             f"nil fact {name} must not have decimals or precision; remove the attribute", line)
        elif decimals is not None and precision is not None:
            report.error("xbrl.4.6.3:bothPrecisionAndDecimals",
                         f"{name} has both decimals and precision; keep only decimals", line)
        elif decimals is None and precision is None:
            report.error("xbrl.4.6.3:missingPrecisionDecimals",
                         f"numeric fact {name} needs a decimals attribute (e.g. decimals=\"-3\" for thousands)", line)

    # ------------------------------------------------------------------ whole-document rules

    def _after_stream(self) -> None:
        report = self.report
        contexts, units = self.instance.contexts, self.instance.units
        ids = self.ids
        period_cache: dict = {}
        unit_cache: dict = {}
        for fact in self.instance.facts:
            if fact.is_tuple:
                continue
            kind = self.kinds.get(fact.concept)
            if kind is None:
                continue
            name = None
            ref = fact.context_ref
            if ref is not None:
                ref = ref.strip()
                context = contexts.get(ref)
                if context is None:
                    name = etree.QName(fact.concept).localname
                    what = ids.get(ref, ("nothing",))[0]
                    hint = f" (it names a {what})" if what != "nothing" else ""
                    report.error("xbrl.4.6.1:itemContextRef",
                                 f"{name}: contextRef {ref!r} names no context{hint}; add the context or fix the reference",
                                 fact.line)
                else:
                    key = (fact.concept, ref)
                    bad = period_cache.get(key)
                    if bad is None:
                        period_type = kind.concept.period_type
                        bad = (period_type == "instant" and context.period_kind != "instant") or \
                              (period_type == "duration" and context.period_kind not in ("duration", "forever"))
                        period_cache[key] = bad
                    if bad:
                        name = etree.QName(fact.concept).localname
                        report.error("xbrl.4.7.2:contextPeriodType",
                                     f"{name} has periodType {kind.concept.period_type} but context {ref} is "
                                     f"{'an' if context.period_kind == 'instant' else 'a'} {context.period_kind} period; "
                                     "use a context of the right period type", fact.line)
            if not kind.numeric:
                continue
            uref = fact.unit_ref
            if uref is None:
                report.error("xbrl.4.6.2:numericUnit",
                             f"numeric fact {etree.QName(fact.concept).localname} must have a unitRef", fact.line)
                continue
            uref = uref.strip()
            unit = units.get(uref)
            if unit is None:
                what = ids.get(uref, ("nothing",))[0]
                hint = f" (it names a {what})" if what != "nothing" else ""
                report.error("xbrl.4.6.2:numericUnit",
                             f"{etree.QName(fact.concept).localname}: unitRef {uref!r} names no unit{hint}; "
                             "add the unit or fix the reference", fact.line)
                continue
            if kind.monetary or kind.shares:
                key = (kind.monetary, uref)
                code = unit_cache.get(key)
                if code is None:
                    code = _unit_problem(unit, kind.monetary)
                    unit_cache[key] = code
                if code:
                    name = etree.QName(fact.concept).localname
                    wanted = "a single ISO 4217 currency (e.g. iso4217:USD)" if kind.monetary else "xbrli:shares"
                    report.error(code, f"{name} is {'monetary' if kind.monetary else 'a shares item'}; "
                                       f"its unit {uref} must be {wanted}", fact.line)


def _unit_problem(unit: Unit, monetary: bool) -> str:
    if monetary:
        if len(unit.numerator) != 1 or unit.denominator:
            return "xbrl.4.8.2:monetaryFactUnit-notSingleMeasure"
        measure = unit.numerator[0]
        ns, _, local = measure[1:].partition("}")
        if ns != ISO4217 or not (len(local) == 3 and local.isalpha() and local.isupper()):
            return "xbrl.4.8.2:monetaryFactUnit-notMonetaryMeasure"
        return ""
    if len(unit.numerator) != 1 or unit.denominator:
        return "xbrl.4.8.2:sharesFactUnit-notSingleMeasure"
    if unit.numerator[0] != SHARES_MEASURE:
        return "xbrl.4.8.2:sharesFactUnit-notSharesMeasure"
    return ""
