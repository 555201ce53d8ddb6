"""Reading an instance (streaming) and the XBRL 2.1 instance rules (section 4).

The instance is read with ``lxml.etree.iterparse``: references (schemaRef ...) come first,
so the DTS is discovered before the first fact; each top-level fact is checked and reduced to
a small :class:`~.dts.Fact` record, then its element is dropped, which keeps memory near the
size of the facts' data rather than of the tree.  Contexts and units are kept (dimensions and
s-equality need their segments and scenarios).  Rules that need the whole document (contexts
referenced exist, period types, units fit item types) run once the stream has ended.
Contexts and units are read by ``contexts.ContextReading``, a base class of the reader.
"""
from __future__ import annotations

import io
import os

from lxml import etree

from . import values
from .contexts import SHARES_MEASURE, XI, ContextReading
from .dts import DTS, ISO4217, LINK, XBRLI, XLINK, XSI, Fact, Instance, Unit
from .report import Report

LK = f"{{{LINK}}}"
XSI_NIL = f"{{{XSI}}}nil"
MONETARY = f"{XI}monetaryItemType"
SHARES = f"{XI}sharesItemType"
FRACTION = f"{XI}fractionItemType"
CONTEXT_TAG = f"{XI}context"
UNIT_TAG = f"{XI}unit"
FOOTNOTE_LINK_TAG = f"{LK}footnoteLink"
# Instances up to this size are parsed whole (fast); larger ones are streamed (small memory).
FULL_PARSE_LIMIT = 4 * 1024 * 1024
REFERENCE_TAGS = (f"{LK}schemaRef", f"{LK}linkbaseRef", f"{LK}roleRef", f"{LK}arcroleRef")
ITEM_ATTRS = {"id", "contextRef"}
NUMERIC_ATTRS = {"id", "contextRef", "unitRef", "decimals", "precision"}
FRACTION_ATTRS = {"id", "contextRef", "unitRef"}
TUPLE_FORBIDDEN_NAMESPACES = {XBRLI, LINK, XLINK, "http://www.xbrl.org/2003/XLink"}


class FactKind:
    """Per-concept facts the per-fact checks need, computed once per element name."""

    __slots__ = ("concept", "is_item", "is_tuple", "numeric", "fraction", "monetary", "shares",
                 "check", "allowed", "needs_schema", "defaults", "fast", "fast_match")

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
        # plain items go through InstanceReader._read_plain_item
        self.fast = (self.is_item and not self.fraction and not concept.abstract and self.check is not None
                     and not self.check.facets and self.check.primitive != "QName")
        self.fast_match = values.fast_matcher(self.check) if self.fast else None


class InstanceReader(ContextReading):
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
        self.root = None
        self._dates: dict = {}  # (text, is_end) -> datetime: period dates repeat a lot
        self._good_decimals: set = set()  # decimals/precision texts already checked
        self._shared: dict = {}  # unit ids, decimals, schemes: one string object per distinct value

    # ------------------------------------------------------------------ streaming

    def read(self, source) -> Instance | None:
        """Read the instance at path ``source`` (or its ``bytes``); None when its root is not xbrli:xbrl."""
        references: list = []
        kinds = self.kinds
        plain = self._read_plain_item
        for root, elem in self._top_level(source):
            if root is None:
                return None
            if self.dts is not None:
                kind = kinds.get(elem.tag)
                if kind is not None and kind.fast and plain(elem, kind):
                    continue
            self._top_level_element(root, elem, references)
        root = self.root
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

    def _top_level(self, source):
        """Yield (root, child) for every child of the root, then stop.  Files up to
        ``FULL_PARSE_LIMIT`` are parsed whole (fastest); bigger ones are streamed and each
        fact's element is dropped once checked, so memory follows the facts' data."""
        if isinstance(source, (bytes, bytearray)):  # an instance in memory, not written yet
            size, source = len(source), io.BytesIO(source)
        else:
            try:
                size = os.path.getsize(source)
            except OSError:
                size = 0
        if size <= FULL_PARSE_LIMIT:
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                     huge_tree=False, remove_comments=True, remove_pis=True)
            root = etree.parse(source, parser).getroot()
            if root.tag != f"{XI}xbrl":
                yield None, None
                return
            self._start(root)
            for child in root:
                yield root, child
            return
        events = etree.iterparse(source, events=("start", "end"), resolve_entities=False,
                                 no_network=True, load_dtd=False, huge_tree=False,
                                 remove_comments=True, remove_pis=True)
        depth = 0
        root = None
        for event, elem in events:
            if event == "start":
                depth += 1
                if depth == 1:
                    root = elem
                    if elem.tag != f"{XI}xbrl":
                        yield None, None
                        return
                    self._start(root)
                continue
            depth -= 1
            if depth != 1:
                continue
            yield root, elem
            if self._is_fact_tag(elem.tag):
                elem.clear()
                while elem.getprevious() is not None:
                    root.remove(elem.getprevious())
        if root is None:
            yield None, None

    def _is_fact_tag(self, tag) -> bool:
        return isinstance(tag, str) and not tag.startswith(XI) and not tag.startswith(LK)

    def _start(self, root) -> None:
        self.root = root
        self.instance.namespaces = dict(root.nsmap)
        self._root_attributes(root)

    def _top_level_element(self, root, elem, references) -> None:
        tag = elem.tag
        if not isinstance(tag, str):
            return
        if tag in REFERENCE_TAGS:
            if self.seen_body:
                self.report.error("xmlSchema:elementUnexpected",
                                  f"{etree.QName(elem).localname} must come before contexts, units and facts",
                                  elem.sourceline)
            references.append(elem)
            self._collect_id(elem, "reference")
            if tag == f"{LK}schemaRef":
                self._check_simple_link(elem, "schemaRef")
            return
        if self.dts is None:
            self.dts = self.load_dts(references, root)
            self.seen_body = True
            self._check_references(references)
        if tag == CONTEXT_TAG:
            self._read_context(elem)
        elif tag == UNIT_TAG:
            self._read_unit(elem)
        elif tag == FOOTNOTE_LINK_TAG:
            # xml:lang is inherited (4.11.1.2.1): record the root's on the link, which may be
            # detached from the root as the stream goes on
            lang = "{http://www.w3.org/XML/1998/namespace}lang"
            if elem.get(lang) is None and root.get(lang) is not None:
                elem.set(lang, root.get(lang))
            self.footnote_links.append(elem)
            self._collect_ids_deep(elem, "footnote")
        else:
            self._read_fact(elem, None)

    def _root_attributes(self, root) -> None:
        for name in root.attrib:
            if not name.startswith("{") and name != "id":
                self.report.error("xmlSchema:attributeNotAllowed",
                                  f"attribute {name} is not allowed on xbrli:xbrl", root.sourceline)
        if root.get("id") is not None:
            self._collect_id(root, "xbrl")

    # ------------------------------------------------------------------ ids

    def _collect_id(self, elem, what: str) -> str | None:
        """Record the element's id (checked: a name, unique); returns it stripped, or None."""
        ident = elem.get("id")
        if ident is None:
            return None
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
        return ident

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
        from .linkbase import check_reference_targets, check_role_refs  # lazy: only instances with references

        check_role_refs(self.dts, self.url, references, self.report)
        check_reference_targets(self.dts, self.url, references, self.report)
        for elem in references:
            if elem.tag == f"{LK}linkbaseRef":
                arcrole = elem.get(f"{{{XLINK}}}arcrole")
                if arcrole != "http://www.w3.org/1999/xlink/properties/linkbase":
                    self.report.error("xbrl.4.3.3:linkbaseRefArcrole",
                                      "linkbaseRef must have xlink:arcrole=\"http://www.w3.org/1999/xlink/properties/linkbase\"",
                                      elem.sourceline)

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
        kind = self.kinds.get(tag)
        if kind is not None and kind.fast and parent is None and self._read_plain_item(elem, kind):
            return
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
                # 4.9: no item attributes, nothing of the XBRL namespaces (other attributes
                # are the tuple's schema's business)
                if (attr[0] != "{" and attr != "id" and attr in NUMERIC_ATTRS) or \
                        (attr[0] == "{" and attr[1:].partition("}")[0] in TUPLE_FORBIDDEN_NAMESPACES):
                    report.error("xbrl.4.9:tupleAttribute",
                                 f"tuple {etree.QName(tag).localname} must not have the "
                                 f"{etree.QName(attr).localname} attribute", line)
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

    def _read_plain_item(self, elem, kind: FactKind) -> bool:
        """The common case, checked with a handful of dict lookups: a top-level, non-nil item
        with only the usual attributes and simple content.  Returns False (nothing recorded)
        whenever anything is unusual, and the general path then checks the fact."""
        attrib = elem.attrib
        context_ref = attrib.get("contextRef")
        if context_ref is None or len(elem) or XSI_NIL in attrib:
            return False
        ident = attrib.get("id")
        if kind.numeric:
            unit_ref = attrib.get("unitRef")
            decimals = attrib.get("decimals")
            precision = attrib.get("precision")
            if unit_ref is None or (decimals is None) == (precision is None) or kind.defaults:
                return False
            given = decimals if decimals is not None else precision
            if given not in self._good_decimals:
                return False
            expected = 4 if ident is not None else 3
        else:
            unit_ref = decimals = precision = None
            expected = 2 if ident is not None else 1
        if len(attrib) != expected:
            return False
        text = elem.text or ""
        if not text:
            return False  # may take a schema default
        if not kind.fast_match(text):
            problem = kind.check.error(text, None)
            if problem is not None:
                self.report.error("xmlSchema:valueError", f"{etree.QName(elem.tag).localname}: {problem}",
                                  elem.sourceline)
        if ident is not None:
            self._collect_id(elem, "fact")
            self.fact_ids[ident.strip()] = len(self.instance.facts)
        # compact records: a million facts share a few concept names, units and decimals, and
        # their contexts' ids; one string object each, not one per fact (lxml makes new ones)
        shared = self._shared
        context = self.instance.contexts.get(context_ref)
        tag = elem.tag
        self.instance.facts.append(Fact(shared.setdefault(tag, tag), elem.sourceline, context.id if context else context_ref,
                                        shared.setdefault(unit_ref, unit_ref), text, False,
                                        shared.setdefault(decimals, decimals),
                                        shared.setdefault(precision, precision), ident, None))
        return True

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
        if not fact.is_nil and (decimals is None) != (precision is None):
            given = (decimals if decimals is not None else precision).strip()
            ok = given == "INF" or (values.lexical_ok("integer", given) if decimals is not None
                                    else values.lexical_ok("nonNegativeInteger", given))
            if ok and given == (decimals if decimals is not None else precision):
                self._good_decimals.add(given)
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
        kinds = self.kinds
        period_ok: dict = {}  # (period type, context ref) -> True | context (wrong kind) | None
        unit_problem: dict = {}  # (monetary, unit ref) -> code ("" when fine)
        for fact in self.instance.facts:
            if fact.is_tuple:
                continue
            kind = kinds.get(fact.concept)
            if kind is None:
                continue
            ref = fact.context_ref
            if ref is not None:
                period_type = kind.concept.period_type
                verdict = period_ok.get((period_type, ref))
                if verdict is None:
                    context = contexts.get(ref.strip())
                    if context is None:
                        verdict = False
                    else:
                        bad = (period_type == "instant" and context.period_kind != "instant") or \
                              (period_type == "duration" and context.period_kind not in ("duration", "forever"))
                        verdict = context if bad else True
                    period_ok[(period_type, ref)] = verdict
                if verdict is False:
                    name = etree.QName(fact.concept).localname
                    what = ids.get(ref.strip(), ("nothing",))[0]
                    hint = f" (it names a {what})" if what != "nothing" else ""
                    report.error("xbrl.4.6.1:itemContextRef",
                                 f"{name}: contextRef {ref.strip()!r} names no context{hint}; add the context or fix the reference",
                                 fact.line)
                elif verdict is not True:
                    name = etree.QName(fact.concept).localname
                    report.error("xbrl.4.7.2:contextPeriodType",
                                 f"{name} has periodType {period_type} but context {ref.strip()} is "
                                 f"{'an' if verdict.period_kind == 'instant' else 'a'} {verdict.period_kind} period; "
                                 "use a context of the right period type", fact.line)
            if not kind.numeric:
                continue
            uref = fact.unit_ref
            if uref is None:
                report.error("xbrl.4.6.2:numericUnit",
                             f"numeric fact {etree.QName(fact.concept).localname} must have a unitRef", fact.line)
                continue
            if not (kind.monetary or kind.shares) and uref in units:
                continue
            key = (kind.monetary, kind.shares, uref)
            code = unit_problem.get(key)
            if code is None:
                unit = units.get(uref.strip())
                if unit is None:
                    code = "missing"
                elif kind.monetary or kind.shares:
                    code = _unit_problem(unit, kind.monetary)
                else:
                    code = ""
                unit_problem[key] = code
            if code == "missing":
                what = ids.get(uref.strip(), ("nothing",))[0]
                hint = f" (it names a {what})" if what != "nothing" else ""
                report.error("xbrl.4.6.2:numericUnit",
                             f"{etree.QName(fact.concept).localname}: unitRef {uref.strip()!r} names no unit{hint}; "
                             "add the unit or fix the reference", fact.line)
            elif code:
                name = etree.QName(fact.concept).localname
                wanted = "a single ISO 4217 currency (e.g. iso4217:USD)" if kind.monetary else "xbrli:shares"
                report.error(code, f"{name} is {'monetary' if kind.monetary else 'a shares item'}; "
                                   f"its unit {uref.strip()} must be {wanted}", fact.line)


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
