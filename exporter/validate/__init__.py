"""Offline XBRL 2.1 (+ Dimensions 1.0) validator.

    from exporter.validate import validate, Validator
    report = validate("instance.xml")            # one file
    validator = Validator(packages=["pkg.zip"])   # a batch: schemas compiled once
    for path in paths:
        report = validator.validate(path)

Stages for one file: safe reading -> DTS discovery (``discovery``) -> XML Schema validity of the
DTS (``schemas``, cached) -> instance rules while streaming the instance (``instance``) ->
link rules (``linkbase``) -> dimensions (``dimensions``) -> calculations (``calc``).
"""
from __future__ import annotations

import hashlib
import os
import re
import stat

from lxml import etree

from .report import ERROR, INCONSISTENCY, WARNING, Message, Report
from .resolver import (MAX_DOCUMENT_BYTES, MAX_DTS_BYTES, DocumentError, Resolver, check_no_dtd, parse_bytes,
                       read_regular)

__all__ = ["validate", "Validator", "Report", "Message", "ERROR", "WARNING", "INCONSISTENCY"]

CALC_MODES = ("none", "c10", "c11")
XBRLI_XBRL = "{http://www.xbrl.org/2003/instance}xbrl"
SCHEMA = "{http://www.w3.org/2001/XMLSchema}schema"
LINKBASE = "{http://www.xbrl.org/2003/linkbase}linkbase"
SCHEMA_REF = "{http://www.xbrl.org/2003/linkbase}schemaRef"
XLINK = "http://www.w3.org/1999/xlink"


def validate(path, *, calc: str = "c10", packages=(), roots=()) -> Report:
    """Validate one instance (or a schema/linkbase as DTS entry point)."""
    validator = Validator(packages=packages, calc=calc, roots=roots)
    try:
        return validator.validate(path)
    finally:
        validator.close()


class Validator:
    """Validates files one after another, sharing parsed taxonomy documents and compiled
    schemas between them (compilation is paid once per distinct DTS)."""

    def __init__(self, packages=(), calc: str = "c10", roots=(), max_document_bytes: int = MAX_DOCUMENT_BYTES,
                 max_dts_bytes: int = MAX_DTS_BYTES):
        """``roots``: folders besides each file's own that its DTS documents may be read from
        (reached by relative references); ``max_*_bytes``: the bounds on what one validation reads."""
        if calc not in CALC_MODES:
            raise ValueError(f"calc must be one of {', '.join(CALC_MODES)}, not {calc!r}")
        self.calc = calc
        self.resolver = Resolver.create(packages, roots, max_document_bytes, max_dts_bytes)
        self._parsed: dict[str, object] = {}  # taxonomy document URL -> lxml root
        self._digests: dict[str, str] = {}
        self._compiled: dict[str, list[Message]] = {}  # DTS digest -> schema messages
        self._schema_sets: dict[str, object] = {}  # DTS digest -> SchemaSet
        from .dtscache import DTSCache
        from .schemas import cache_dir

        self._dts_cache = DTSCache(cache_dir())
        self._bases: dict[str, tuple] = {}  # a DTS shared by in-memory instances: (DTS, its verdicts)
        # this file's DTS: its cache key, its cached verdicts (None: not cached), and whether
        # discovery went cleanly (only then is the outcome stored)
        self._dts_key: str | None = None
        self._dts_verdicts: list[Message] | None = None
        self._dts_clean = False

    def close(self) -> None:
        self.resolver.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ------------------------------------------------------------------ one file

    def validate(self, path) -> Report:
        path = str(path)
        report = Report(file=path)
        self._dts_key, self._dts_verdicts, self._dts_clean = None, None, False
        try:
            self._validate(path, report)
        except DocumentError as exc:
            report.error(exc.code, str(exc), exc.line)
        except RecursionError:
            report.error("xmlSchema:syntax", "the document is nested too deeply to be processed")
        except MemoryError:
            report.error("xbrl:tooLarge", "the document is too large to be validated in the memory available")
        return report

    def validate_in_memory(self, path, data: bytes, documents: dict) -> Report:
        """The report on instance bytes not written yet, as if they were the file ``path``;
        ``documents``: {path: bytes} of the files to be written beside it (its extension).
        What the DTS shares with other instances is checked once (see ``memory``)."""
        from .memory import validate_in_memory

        self._dts_key, self._dts_verdicts, self._dts_clean = None, None, False
        return validate_in_memory(self, str(path), data, {str(p): b for p, b in documents.items()})

    def load(self, path):
        """Read an instance and discover its DTS without checking either (``exporter.facts``
        reads facts this way): ``(instance, dts, report)``; instance and dts are None when the
        file could not be read or is no instance (the report says why)."""
        path = str(path)
        report = Report(file=path)
        self._dts_key, self._dts_verdicts, self._dts_clean = None, None, False
        try:
            url = self._open(path, report)
            if url is None:
                return None, None, report
            from .discovery import element_base
            from .instance import InstanceReader
            from .resolver import join_url

            schema_refs = []

            def load_dts(refs, root):
                schema_refs.extend(join_url(element_base(r, url), r.get(f"{{{XLINK}}}href").strip())
                                   for r in refs if r.tag == SCHEMA_REF and r.get(f"{{{XLINK}}}href"))
                return self._load_dts(url, root, "instance", report, refs)

            reader = InstanceReader(url, report, load_dts, lambda: None)  # (no schema set: values unchecked)
            instance = reader.read(url)
            if instance is not None:
                instance.schema_refs = schema_refs
                instance.undeclared = list(reader.undefined)
                # the root element (its attributes: xml:lang; a streamed one holds no facts any more)
                instance.root = reader.root
            return instance, reader.dts, report
        except DocumentError as exc:
            report.error(exc.code, str(exc), exc.line)
        except etree.XMLSyntaxError as exc:
            report.error("xmlSchema:syntax", f"not well-formed XML: {_syntax_text(exc)}",
                         getattr(exc, "lineno", None))
        except OSError as exc:  # (lxml's reader reports some syntax errors so: see _validate)
            reason = re.sub(r"^Error reading file '[^']*':\s*", "", str(exc)).strip() or "unreadable"
            report.error("xmlSchema:syntax", f"not well-formed XML: {reason}")
        except RecursionError:
            report.error("xmlSchema:syntax", "the document is nested too deeply to be processed")
        except MemoryError:
            report.error("xbrl:tooLarge", "the document is too large to be read in the memory available")
        return None, None, report

    def _open(self, path: str, report: Report) -> str | None:
        """The absolute URL of a file fit to be read as an instance, its reads confined
        (``Resolver.begin``); None, with the reason in the report, when it is not."""
        # the file itself: a regular file of bounded size, checked before it is opened (a device
        # or FIFO named on the command line is refused, never read)
        try:
            info = os.stat(path)
        except FileNotFoundError:
            report.unreadable = True
            report.error("xbrl:fileNotFound", "file not found")
            return
        except OSError as exc:
            report.unreadable = True
            report.error("xbrl:unreadable", f"cannot read the file: {exc.strerror}")
            return
        if stat.S_ISDIR(info.st_mode):
            report.unreadable = True
            report.error("xbrl:unreadable", "is a directory, not an XBRL document")
            return
        if not stat.S_ISREG(info.st_mode):
            report.unreadable = True
            report.error("xbrl:unreadable", "is not a regular file (a device, FIFO or socket); refused")
            return
        limit = self.resolver.max_document_bytes
        if info.st_size > limit:
            report.unreadable = True
            report.error("xbrl:tooLarge", f"the file is larger than {limit // (1024 * 1024)} MiB "
                         "(--max-document-mb)")
            return
        self.resolver.begin(path)
        try:
            with open(path, "rb") as handle:
                head = handle.read(65536)
        except OSError as exc:
            report.unreadable = True
            report.error("xbrl:unreadable", f"cannot read the file: {exc.strerror}")
            return
        if not head.strip():
            report.error("xmlSchema:syntax", "the file is empty; expected an XBRL instance")
            return
        if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            report.error("xmlSchema:syntax", "the file is binary, not an XML document")
            return
        check_no_dtd(head)
        return os.path.abspath(path)

    def _validate(self, path: str, report: Report) -> None:
        url = self._open(path, report)
        if url is None:
            return
        from ..oim_read import looks_like_json

        with open(url, "rb") as handle:
            is_json = looks_like_json(handle.read(4096))
        if not is_json:
            self._validate_xml(url, url, report)
            return
        # xBRL-JSON: checked as the xBRL-XML instance it stands for, written to a temporary
        # file (its schema references stay relative to the JSON file's own folder)
        import tempfile

        xml = self._oim_as_xml(url, report)
        if xml is None:
            return
        handle, temporary = tempfile.mkstemp(prefix="xbrl-export-oim-", suffix=".xml")
        before = len(report.messages)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(xml)
            self._validate_xml(url, temporary, report)
        finally:
            os.unlink(temporary)
        for m in report.messages[before:]:
            if m.file == report.file:
                m.line = None  # (lines of the temporary XML would point nowhere in the JSON)

    def _oim_as_xml(self, url: str, report: Report) -> bytes | None:
        """The xBRL-XML instance an xBRL-JSON report stands for (None: the report says why)."""
        from ..oim_read import OimDocument, OimError, parse, to_xml

        try:
            document = parse(read_regular(url, url, self.resolver.max_document_bytes))
            # the taxonomy first (which concepts are numeric, which axes typed), from the references alone
            skeleton = etree.fromstring(to_xml(OimDocument(document.namespaces, document.taxonomy), None))
            dts = self._load_dts(url, skeleton, "instance", Report(file=url), list(skeleton))
            return to_xml(document, dts)
        except OimError as exc:
            # (xBRL-CSV is not read: like a file that could not be read, exit status 2)
            report.unreadable = exc.code == "oimce:unsupportedDocumentType"
            report.error(exc.code, str(exc))
        except ValueError as exc:  # (lxml: a namespace URI or name XML cannot hold)
            report.error("oimce:invalidSQName", f"a name or namespace XML cannot hold: {exc}")
        return None

    def _validate_xml(self, url: str, source: str, report: Report) -> None:
        """Validate the instance read from ``source`` as the document at ``url``."""
        from .instance import InstanceReader

        reader = InstanceReader(url, report, lambda refs, root: self._load_dts(url, root, "instance", report, refs),
                                lambda: self._schema_set_for(reader.dts))
        try:
            instance = reader.read(source)
        except etree.XMLSyntaxError as exc:
            report.error("xmlSchema:syntax", f"not well-formed XML: {_syntax_text(exc)}",
                         getattr(exc, "lineno", None))
            return
        except OSError as exc:
            # lxml's incremental reader reports some syntax errors (bytes the declared encoding
            # cannot hold) as a read error of the file: still a document error, never a crash
            reason = re.sub(r"^Error reading file '[^']*':\s*", "", str(exc)).strip() or "unreadable"
            report.error("xmlSchema:syntax", f"not well-formed XML: {reason}")
            return
        if instance is None:
            self._validate_taxonomy_entry(url, report)
            return
        dts = reader.dts
        self._check_dts(dts, report, reader)
        self._dimensions(dts, instance, report)
        from . import calc, definition

        definition.check_instance(dts, instance, report)
        calc.check(dts, instance, report, self.calc)

    def _validate_taxonomy_entry(self, url: str, report: Report) -> None:
        data = read_regular(url, url, self.resolver.max_document_bytes)
        root = parse_bytes(data, url)
        if root.tag == XBRLI_XBRL:
            return
        if root.tag not in (SCHEMA, LINKBASE):
            name = etree.QName(root).localname if isinstance(root.tag, str) else "?"
            hint = " (an HTML page?)" if name.lower() == "html" else ""
            report.error("xbrl:notXbrlDocument",
                         f"root element {name}{hint} is not xbrli:xbrl, xs:schema or link:linkbase; "
                         "expected an XBRL instance or a taxonomy document")
            return
        self._parsed[url] = root
        self._digests[url] = hashlib.sha1(data).hexdigest()
        kind = "schema" if root.tag == SCHEMA else "linkbase"
        dts = self._load_dts(url, root, kind, report)
        self._check_dts(dts, report, None)
        self._dimensions(dts, None, report)

    # ------------------------------------------------------------------ shared stages

    def _load_dts(self, url: str, root, kind: str, report: Report, references=None):
        from .discovery import entry_point_urls, instance_entry_points, load_dts

        if kind == "instance":
            from .dtscache import entry_key

            self._dts_key = entry_key(entry_point_urls(instance_entry_points(url, root, references)),
                                      self.resolver)
            cached = self._dts_cache.load(self._dts_key, self.resolver, self._digests)
            if cached is not None and not self._permitted(url for url, _ in cached.documents):
                cached = None  # (stored for another file: discovery names what is out of bounds)
            if cached is not None:
                from .dtscache import restore

                dts = restore(cached.dts, self._parsed_root)
                dts.entry = url
                self._dts_verdicts = cached.verdicts
                return dts
        before = len(report.messages)
        dts, state = load_dts(url, root, kind, self.resolver, report, self._parsed, self._digests,
                              references)
        self._dts_clean = len(report.messages) == before
        return dts

    def _permitted(self, urls) -> bool:
        try:
            for url in urls:
                self.resolver.permit(url)
        except DocumentError:
            return False
        return True

    def _parsed_root(self, url: str):
        """The lxml root of a taxonomy document, parsed on first need (cached DTSs)."""
        root = self._parsed.get(url)
        if root is None:
            root = parse_bytes(self.resolver.read(url), url)
            self._parsed[url] = root
        return root

    def _schema_set_for(self, dts):
        if dts is None:
            return None
        from .schemas import SchemaSet, dts_digest

        key = dts_digest(dts, self._digests)
        schema_set = self._schema_sets.get(key)
        if schema_set is None:
            schema_set = SchemaSet(dts, self.resolver, self._digests, self._compiled)
            self._schema_sets[key] = schema_set
        return schema_set

    def _check_dts(self, dts, report: Report, reader) -> None:
        """The checks that look at the DTS alone (schema validity, link rules, definition
        and Dimensions taxonomy rules): from the DTS cache when it had them."""
        from .dtscache import ENTRY_FILE

        verdicts = self._dts_verdicts
        if verdicts is None:
            verdicts = self._dts_checks(dts)
            if self._dts_key is not None and self._dts_clean:
                self._dts_cache.store(self._dts_key, dts, self._digests, verdicts)
        report.messages.extend(Message(m.level, m.code, m.message, m.line,
                                       report.file if m.file == ENTRY_FILE else m.file) for m in verdicts)

    def _dts_checks(self, dts) -> list[Message]:
        from . import definition, dimensions, linkbase
        from .dtscache import ENTRY_FILE
        from .schemas import cached_compile_messages

        found = Report(file=ENTRY_FILE)
        for m in cached_compile_messages(dts, self._schema_set_for(dts), self._digests, self._compiled):
            found.messages.append(Message(m.level, m.code, m.message, m.line,
                                          ENTRY_FILE if m.file == dts.entry else m.file))
        definition.check_dts(dts, found)
        linkbase.check_dts(dts, found)
        dimensions.check_taxonomy(dts, found)
        return found.messages

    def _dimensions(self, dts, instance, report: Report) -> None:
        """Dimensions 1.0 instance rules (the taxonomy rules run with the DTS checks); typed
        dimension values are schema-validated through the DTS's schema set."""
        if instance is None:
            return
        from . import dimensions

        schema_set = self._schema_set_for(dts)
        dimensions.check_instance(dts, instance, report,
                                  element_errors=schema_set.element_errors if schema_set is not None else None)


def _syntax_text(exc) -> str:
    import re

    return re.sub(r",? line \d+, column \d+$", "", str(exc).strip())


from .._callable import make_callable  # noqa: E402

make_callable(__name__, "validate")  # `exporter.validate(path)` works on the package too
