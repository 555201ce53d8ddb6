"""Validating an instance that is not written yet (``Validator.validate_in_memory``).

The converter checks what it is about to write: the instance's bytes and those of its company
extension (schema and linkbases), none of them on disk yet.  Every extension is new, so its
DTS is never in the DTS cache; but all of it except the extension's few documents is the
taxonomy the extension imports, which is.  So the DTS is built in two parts:

* the **base**: the DTS of the documents the instance and its in-memory documents reference
  outside memory (our bundled taxonomy), discovered and checked once -- XML Schema validity,
  link rules, Dimensions taxonomy rules -- and then taken from the DTS cache (``dtscache``),
  in this process from the validator's memo;
* the **extension**: the in-memory documents, discovered into a copy of the base
  (``discovery.extend_dts``), then checked with the rules that look at them: XBRL 2.1 link
  rules (locators, arcs, roles, calculation weights against balances), concept declarations,
  cycles, essence-alias and Dimensions taxonomy rules over the joined DTS.  Not the XML Schema
  check of their own markup, which costs the compile of the whole schema set (``validate`` of
  the written files does it; the extension is generated from templates the tests validate).

Then the instance: the XBRL 2.1 instance rules while it is read from its bytes, Dimensions 1.0,
essence-alias and calculation consistency -- as ``Validator.validate`` does for a file.
"""
from __future__ import annotations

import hashlib
import os

from lxml import etree

from .dts import DTS, XSD
from .report import Message, Report
from .resolver import DocumentError, join_url, parse_bytes

SCHEMA_TAG = f"{{{XSD}}}schema"
IMPORT_TAGS = (f"{{{XSD}}}import", f"{{{XSD}}}include")


def validate_in_memory(validator, url: str, data: bytes, documents: dict[str, bytes]) -> Report:
    """The report on the instance ``data`` as if it were the file ``url``, with ``documents``
    (absolute path -> bytes) the files that would be written beside it."""
    url = os.path.abspath(url)
    report = Report(file=url)
    try:
        _validate(validator, url, data, documents, report)
    except DocumentError as exc:
        report.error(exc.code, str(exc), exc.line)
    except RecursionError:
        report.error("xmlSchema:syntax", "the document is nested too deeply to be processed")
    return report


def _validate(validator, url: str, data: bytes, documents: dict[str, bytes], report: Report) -> None:
    from . import calc, definition
    from .instance import InstanceReader

    validator.resolver.begin(url)
    roots = {}
    for path, content in documents.items():
        path = os.path.abspath(path)
        roots[path] = parse_bytes(content, path)
        validator._digests[path] = hashlib.sha1(content).hexdigest()
    verdicts: list[Message] = []

    def load_dts(references, root):
        dts, found = _memory_dts(validator, url, root, references, roots, report)
        verdicts.extend(found)
        return dts

    reader = InstanceReader(url, report, load_dts, lambda: validator._schema_set_for(reader.dts))
    try:
        instance = reader.read(data)
    except etree.XMLSyntaxError as exc:
        report.error("xmlSchema:syntax", f"not well-formed XML: {exc}", getattr(exc, "lineno", None))
        return
    if instance is None:
        report.error("xbrl:notXbrlDocument", "the root element is not xbrli:xbrl")
        return
    from .dtscache import ENTRY_FILE

    report.messages.extend(Message(m.level, m.code, m.message, m.line, url if m.file == ENTRY_FILE else m.file)
                           for m in verdicts)
    dts = reader.dts
    validator._dimensions(dts, instance, report)
    definition.check_instance(dts, instance, report)
    calc.check(dts, instance, report, validator.calc)


def _memory_dts(validator, url: str, root, references, roots: dict[str, object],
                report: Report) -> tuple[DTS, list[Message]]:
    """The instance's DTS and the DTS checks' messages: the base's from the cache, the
    in-memory documents' checked now."""
    from .discovery import entry_point_urls, extend_dts, instance_entry_points

    entries = [u for u, _kind in entry_point_urls(instance_entry_points(url, root, references))]
    outside = list(dict.fromkeys(u for u in entries + _imports(roots) if u not in roots))
    base, base_verdicts = _base(validator, outside, report) if outside else (None, [])
    before = len(report.messages)
    dts, added = extend_dts(base, url, root, references, roots, validator.resolver, report, validator._parsed,
                            validator._digests)
    if base is None or len(report.messages) != before:
        return dts, validator._dts_checks(dts)  # no usable base: every check, as for a file
    found = Report(file=url)
    _extension_checks(dts, set(added), found)
    known = {(m.code, m.message, m.line, m.file) for m in base_verdicts}
    return dts, base_verdicts + [m for m in found.messages if (m.code, m.message, m.line, m.file) not in known]


def _imports(roots: dict[str, object]) -> list[str]:
    """The documents the in-memory schemas import or include (absolute URLs)."""
    out = []
    for url, root in roots.items():
        if root.tag == SCHEMA_TAG:
            for node in root.iter(*IMPORT_TAGS):
                location = node.get("schemaLocation")
                if location:
                    out.append(join_url(url, location.strip()))
    return out


def _base(validator, entries: list[str], report: Report) -> tuple[DTS | None, list[Message]]:
    """The DTS discovered from the schemas ``entries`` and its checks' messages: from the
    validator's memo, the DTS cache, or discovered and checked now (and stored)."""
    from .discovery import load_dts_from
    from .dtscache import entry_key, restore

    key = entry_key([(entry, "schema") for entry in entries], validator.resolver)
    known = validator._bases.get(key)
    if known is not None:
        return known
    cached = validator._dts_cache.load(key, validator.resolver, validator._digests)
    if cached is not None and validator._permitted(url for url, _ in cached.documents):
        found = (restore(cached.dts, validator._parsed_root), cached.verdicts)
        validator._bases[key] = found
        return found
    discovery = Report(file=entries[0])
    dts = load_dts_from(entries, validator.resolver, discovery, validator._parsed, validator._digests)
    if discovery.messages:
        report.messages.extend(discovery.messages)
        return None, []  # (a base that did not discover cleanly is not kept)
    verdicts = validator._dts_checks(dts)
    validator._dts_cache.store(key, dts, validator._digests, verdicts)
    validator._bases[key] = (dts, verdicts)
    return dts, verdicts


def _extension_checks(dts: DTS, added: set[str], report: Report) -> None:
    """The DTS rules for the documents added to a checked base (see the module's text)."""
    from . import definition, dimensions, linkbase

    linkbase.check_dts(dts, report, documents=added)
    definition.check_dts(dts, report)
    dimensions.check_taxonomy(dts, report, documents=added)

