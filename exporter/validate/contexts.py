"""Contexts and units of an instance (XBRL 2.1 sections 4.7 and 4.8): each read from its element
into the model, with the rules the element can be checked by alone (shape, identifier scheme,
period dates, segment and scenario content, measures).  The rules that need the whole document
(contexts and units referenced exist, period types, units fitting item types) run in
``instance`` once the stream has ended.
"""
from __future__ import annotations

from lxml import etree

from . import values
from .dts import XBRLDI, XBRLI, Context, DimensionValue, Unit
from .typed import parse_datetime

XI = f"{{{XBRLI}}}"
PURE_MEASURE = f"{XI}pure"
SHARES_MEASURE = f"{XI}shares"
ENTITY_TAG, PERIOD_TAG, SCENARIO_TAG = f"{XI}entity", f"{XI}period", f"{XI}scenario"
IDENTIFIER_TAG, SEGMENT_TAG = f"{XI}identifier", f"{XI}segment"
CONTEXT_SHAPE = [ENTITY_TAG, PERIOD_TAG]
CONTEXT_SHAPE_SCENARIO = [ENTITY_TAG, PERIOD_TAG, SCENARIO_TAG]
ENTITY_SHAPE = [IDENTIFIER_TAG]
ENTITY_SHAPE_SEGMENT = [IDENTIFIER_TAG, SEGMENT_TAG]


class ContextReading:
    """The context and unit readers of :class:`~.instance.InstanceReader` (a base class of it).
    They use its ``report``, ``instance`` (the model it fills), ``dts``, ``schemas``, ``_dates``
    (period dates already parsed), ``_shared`` (one string object per distinct value) and
    ``_collect_id`` (ids are unique across the document)."""

    # ------------------------------------------------------------------ contexts

    def _read_context(self, elem) -> None:
        report, line = self.report, elem.sourceline
        ident = self._collect_id(elem, "context") or ""  # (the ids' own string: one per context)
        if not ident:
            report.error("xmlSchema:attributesRequired", "context has no id attribute", line)
        children = [c for c in elem if isinstance(c.tag, str)]
        names = [c.tag for c in children]
        entity = children[0] if names and names[0] == ENTITY_TAG else elem.find(ENTITY_TAG)
        period = children[1] if len(names) > 1 and names[1] == PERIOD_TAG else elem.find(PERIOD_TAG)
        scenario = children[2] if len(names) > 2 and names[2] == SCENARIO_TAG else elem.find(SCENARIO_TAG)
        if names != (CONTEXT_SHAPE_SCENARIO if scenario is not None else CONTEXT_SHAPE):
            report.error("xmlSchema:elementUnexpected",
                         f"context {ident} must contain entity, period and optionally scenario, in that order",
                         line)
        scheme = identifier = ""
        segment = None
        if entity is not None:
            ent_children = [c for c in entity if isinstance(c.tag, str)]
            ent_tags = [c.tag for c in ent_children]
            id_elem = ent_children[0] if ent_tags and ent_tags[0] == IDENTIFIER_TAG else entity.find(IDENTIFIER_TAG)
            segment = ent_children[1] if len(ent_tags) > 1 and ent_tags[1] == SEGMENT_TAG else entity.find(SEGMENT_TAG)
            if ent_tags != ENTITY_SHAPE and ent_tags != ENTITY_SHAPE_SEGMENT:
                report.error("xmlSchema:elementUnexpected",
                             f"entity of context {ident} must contain identifier and optionally segment",
                             entity.sourceline)
            if id_elem is not None:
                scheme = (id_elem.get("scheme") or "").strip()
                scheme = self._shared.setdefault(scheme, scheme)
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
        if segment is not None or scenario is not None:
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
        key = (text, is_end)
        cached = self._dates.get(key)
        if cached is not None and not len(elem):
            return cached
        if not (values.lexical_ok("date", text) or values.lexical_ok("dateTime", text)) or len(elem):
            self.report.error("xmlSchema:valueError",
                              f"{etree.QName(elem).localname} {text!r} is not a date or dateTime (YYYY-MM-DD)",
                              elem.sourceline)
            return None
        value = parse_datetime(text, is_end)
        if value is not None:
            self._dates[key] = value
        return value

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
