"""XML Schema validity of the DTS with xmlschema, and a fallback validator for instance
elements our fast checks cannot handle (tuples, fractions, unusual types).

xmlschema costs ~0.3 s to import and ~0.5 s to compile the core schemas, which would dominate
validating a small instance; so the outcome of compiling a DTS (its list of messages) is kept
in a cache keyed by the digest of every DTS document, and xmlschema is only imported when the
cache misses or an instance element really needs it.  On a miss, what each document contributes
(its own validity, and whether it compiled without errors) comes from a per-document cache
(``DocumentVerdicts``), so a new extension of a large shared taxonomy costs the compile of
the set but no re-check of the shared documents.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from functools import lru_cache
from pathlib import Path

from .dts import DTS
from .report import Message, Report
from .resolver import DocumentError, Resolver, is_absolute_url, read_regular
from ..resources import cache_dir, data_dir

CACHE_VERSION = "3"
CORE_SCHEMAS = ("http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd",
                "http://www.xbrl.org/2003/xbrl-linkbase-2003-12-31.xsd")
_CORE_DIR = data_dir("taxonomy") / "core"


def _confined_opener(resolver: Resolver):
    """What xmlschema opens documents with: only local files the resolver permits (see
    ``Resolver.permit``: the same confinement as discovery), read with the same bound."""
    import email.message
    import io
    import urllib.error
    import urllib.request
    import urllib.response

    class ConfinedFiles(urllib.request.BaseHandler):
        def file_open(self, request):
            path = urllib.request.url2pathname(request.selector)
            try:
                data = read_regular(resolver.permit(path), path, resolver.max_document_bytes)
            except DocumentError as exc:
                raise urllib.error.URLError(str(exc)) from None
            return urllib.response.addinfourl(io.BytesIO(data), email.message.Message(), request.full_url)

    opener = urllib.request.OpenerDirector()
    opener.add_handler(ConfinedFiles())
    return opener


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """Changes whenever our core schemas or this module change, invalidating cached results."""
    h = hashlib.sha256(CACHE_VERSION.encode())
    for path in sorted(_CORE_DIR.glob("*.xsd")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:16]


class SchemaSet:
    """The DTS's schemas compiled by xmlschema (lazily, on first use)."""

    def __init__(self, dts: DTS, resolver: Resolver, digests: dict[str, str] | None = None,
                 memo: dict | None = None):
        """``digests``: the SHA-1 of each DTS document (by URL), which lets the per-document
        verdicts be cached (``memo`` in this process, and on disk): see ``DocumentVerdicts``."""
        self.dts = dts
        self.resolver = resolver
        self.verdicts = DocumentVerdicts(dts, digests, memo)
        self._schema = None
        self._compile_errors: list = []

    def _mapper(self, url: str) -> str:
        if is_absolute_url(url) and not url.startswith("file:"):
            local = self.resolver.local_path(url)
            if local is not None:
                return local
        return url

    def schema(self):
        if self._schema is None:
            schema_docs = [doc for doc in self.dts.documents.values() if doc.kind == "schema"]
            sources = [self._mapper(doc.url) for doc in schema_docs]
            # a schema document that compiled without any error before, with the same bytes
            # and the same schemas of the namespaces it refers to, is trusted as the core
            # schemas are (see ``_schema_class``): its components build as they did then
            built_clean = {doc.url: self.verdicts.key(doc, BUILT_CLEAN) for doc in schema_docs}
            trusted = set()
            for doc in schema_docs:
                if self.verdicts.load(built_clean[doc.url]) is not None:
                    trusted.update((doc.url, self._mapper(doc.url)))
            # the XBRL core schemas always take part (as in every XBRL processor): appinfo
            # content (roleType, linkbaseRef ...) and linkbases are checked against them even
            # when no DTS schema imports them
            for url in CORE_SCHEMAS:
                local = self._mapper(url)
                if local not in sources:
                    sources.append(local)
            try:
                with warnings.catch_warnings():
                    # (an import or include that fails is a warning of xmlschema's, printed on
                    # stderr; discovery has already reported that document as an error)
                    warnings.simplefilter("ignore")
                    schema_class = _schema_class()
                    if trusted:
                        schema_class = type(schema_class.__name__, (schema_class,), {"trusted": frozenset(trusted)})
                    self._schema = schema_class(sources, uri_mapper=self._mapper, allow="local",
                                                validation="lax", opener=_confined_opener(self.resolver))
                self._compile_errors = list(self._schema.all_errors)
            except Exception as exc:  # a DTS xmlschema cannot build at all
                self._compile_errors = [exc]
                self._schema = False
            # (the messages name the errors of the first schema's components only, as they
            # always have; a document is recorded as clean only when no schema of the set had any)
            if self._schema is not False and not self._schema.maps.all_errors:
                for doc in schema_docs:
                    if doc.url not in trusted:
                        self.verdicts.store(built_clean[doc.url], [])
                self.verdicts.prune()
        return self._schema if self._schema is not False else None  # (an XMLSchema with no elements is falsy)

    def compile_messages(self) -> list[Message]:
        """Schema errors of the DTS schemas and the linkbases' validity against them; each
        document's own verdict from the per-document cache when it has it."""
        schema = self.schema()
        out = []
        for err in self._compile_errors:
            out.append(_message_from_error(err, self.dts.entry, "xmlSchema:syntax"))
        if schema is None:
            return out
        verdicts = self.verdicts
        for doc in self.dts.documents.values():
            if doc.kind not in ("linkbase", "schema"):
                continue
            key = verdicts.key(doc, VALIDITY)
            messages = verdicts.load(key)
            if messages is None:
                messages = self._document_messages(schema, doc)
                verdicts.store(key, messages)
            out.extend(messages)
        verdicts.prune()
        return out

    def _document_messages(self, schema, doc) -> list[Message]:
        """One linkbase's or schema's validity against the compiled schema set: what it owes
        to the set is looked up only in the namespaces it binds (see ``DocumentVerdicts``)."""
        out = []
        roots = []
        if doc.kind == "linkbase":
            roots.append(doc.root)
        elif doc.kind == "schema":
            # xs:appinfo is processContents="lax": undeclared elements are not checked
            for appinfo in doc.root.iter("{http://www.w3.org/2001/XMLSchema}appinfo"):
                for child in appinfo:
                    if isinstance(child.tag, str) and child.tag in schema.maps.elements:
                        roots.append(child)
        for root in roots:
            try:
                errors = list(schema.iter_errors(root, namespaces=_namespaces(root)))
            except Exception as exc:  # noqa: BLE001 - xmlschema internal failure on odd input
                errors = [exc]
            for err in errors:
                out.append(_message_from_error(err, doc.url, "xmlSchema:valueError"))
        if doc.kind == "schema":
            out.extend(_foreign_attribute_errors(schema, doc))
            out.extend(_pattern_errors(doc))
        return out

    def element_errors(self, elem, content_only: bool = False) -> list[str]:
        """xmlschema's complaints about one instance element (and its subtree)."""
        schema = self.schema()
        if schema is None:
            return []
        decl = schema.maps.elements.get(elem.tag)
        if decl is None:
            return []
        try:
            errors = list(decl.iter_errors(elem, namespaces=_namespaces(elem)))
        except Exception as exc:  # noqa: BLE001
            return [f"cannot be schema-validated: {exc}"]
        out = []
        for err in errors:
            reason = getattr(err, "reason", None) or str(err).splitlines()[0]
            if content_only and ("contextRef" in reason or "unitRef" in reason):
                continue
            out.append(reason)
        return out


XSD_NS = "{http://www.w3.org/2001/XMLSchema}"


def _foreign_attribute_errors(schema, doc) -> list[Message]:
    """Attributes of other namespaces on XML Schema elements (xbrli:periodType on an element
    declaration, ...) are validated laxly: against their global declaration, when the schema
    set has one (the meta-schema check does not know them)."""
    out = []
    declared = schema.maps.attributes
    for elem in doc.root.iter(f"{XSD_NS}*"):
        for name, value in elem.attrib.items():
            if name[0] != "{" or name.startswith(XSD_NS) or name.startswith("{http://www.w3.org/XML/1998/namespace}"):
                continue
            decl = declared.get(name)
            if decl is None or decl.type is None or decl.type.is_qname():
                continue
            try:
                valid = decl.type.is_valid(value)
            except Exception:  # noqa: BLE001 - types xmlschema cannot evaluate out of context
                continue
            if not valid:
                local = name.rpartition("}")[2]
                out.append(Message("error", "xmlSchema:valueError",
                                   f"schema error: attribute {local}={value!r} is not a valid value of its "
                                   f"declared type", elem.sourceline, doc.url))
    return out


# After a backslash, XML Schema regular expressions allow only these (Part 2, appendix F):
# single-character escapes, multi-character escapes and \p{..}/\P{..} categories.
_XSD_ESCAPES = set("nrt\\|.?*+(){}-[]^") | set("sSiIcCdDwW") | {"p", "P"}


def _pattern_errors(doc) -> list[Message]:
    """xs:pattern values must be XML Schema regular expressions (xmlschema accepts some Perl
    escapes, such as a backslash before "@", that XML Schema does not)."""
    out = []
    for facet in doc.root.iter(f"{XSD_NS}pattern"):
        value = facet.get("value") or ""
        i = 0
        while i < len(value):
            if value[i] == "\\":
                escaped = value[i + 1:i + 2]
                if escaped not in _XSD_ESCAPES:
                    out.append(Message("error", "xmlSchema:valueError",
                                       f"schema error: pattern {value!r} uses the escape \\{escaped}, which XML "
                                       "Schema regular expressions do not have", facet.sourceline, doc.url))
                    break
                i += 2
            else:
                i += 1
    return out


@lru_cache(maxsize=1)
def core_locations() -> frozenset[str]:
    """The official URLs and local paths of our core schemas (from the core catalog)."""
    from .resolver import CORE_CATALOG, Resolver

    resolver = Resolver()
    resolver.add_catalog(CORE_CATALOG)
    return frozenset(resolver.exact) | frozenset(resolver.exact.values())


@lru_cache(maxsize=1)
def _schema_class():
    """xmlschema's XSD 1.0 schema class, except that our own core schemas skip the check of
    the schema documents against the XSD meta-schema: they are valid by construction (a test
    checks them strictly), and that check is two thirds of compiling a small DTS.  (So do the
    ``trusted`` locations of a subclass: documents known to compile without errors.)"""
    import xmlschema

    class CoreTrustingSchema(xmlschema.XMLSchema10):
        trusted: frozenset[str] = frozenset()  # more locations to trust (a subclass's, per compile)

        def __init__(self, source, *args, **kwargs):
            if isinstance(source, str) and (source in core_locations() or source in self.trusted):
                kwargs["validation"] = "skip"
            super().__init__(source, *args, **kwargs)

    return CoreTrustingSchema


def _namespaces(elem) -> dict[str, str]:
    # xmlschema wants the default namespace under the "" prefix, not None
    return {prefix or "": uri for prefix, uri in elem.nsmap.items()}


def _message_from_error(err, default_file: str, default_code: str) -> Message:
    reason = getattr(err, "reason", None) or str(err).splitlines()[0]
    elem = getattr(err, "elem", None)
    line = getattr(elem, "sourceline", None) if elem is not None else None
    url = getattr(err, "url", None) or getattr(getattr(err, "source", None), "url", None) or default_file
    if isinstance(url, str) and url.startswith("file://"):
        url = url[len("file://"):]
    code = default_code
    text = reason.lower()
    if "not an element of the schema" in text or "unexpected child" in text or "is not allowed here" in text:
        code = "xmlSchema:elementUnexpected"
    elif "missing required attribute" in text:
        code = "xmlSchema:attributesRequired"
    elif "attribute" in text and "not allowed" in text:
        code = "xmlSchema:attributeNotAllowed"
    return Message("error", code, f"schema error: {reason}", line, str(url))


def dts_digest(dts: DTS, digests: dict[str, str]) -> str:
    h = hashlib.sha256(_code_digest().encode())
    for url in sorted(dts.documents):
        h.update(url.encode())
        h.update(digests.get(url, "?").encode())
    return h.hexdigest()


def cached_compile_messages(dts: DTS, schema_set: SchemaSet, digests: dict[str, str],
                            memo: dict) -> list[Message]:
    """Compile messages for this DTS from the in-process memo, the disk cache, or xmlschema."""
    key = dts_digest(dts, digests)
    if key in memo:
        return memo[key]
    directory = cache_dir()
    path = directory / f"dts-{key}.json" if directory else None
    messages = _read_messages(path)
    if messages is not None:
        memo[key] = messages
        return messages
    messages = schema_set.compile_messages()
    memo[key] = messages
    if _write_messages(path, messages):
        from .dtscache import prune

        prune(directory, "dts-*.json", 2048)
    return messages


# What a per-document verdict answers: the document's own messages from ``compile_messages``,
# or (an empty list, present or not) whether a compile that included it had no error at all.
VALIDITY, BUILT_CLEAN = "validity", "built without errors"


class DocumentVerdicts:
    """Per-document cache of what ``SchemaSet.compile_messages`` says about one linkbase or
    schema, so that a large taxonomy shared by many DTSs (every company extension imports the
    bundled one) is checked once, not once per extension.

    A document's verdict depends on its own bytes and on the schema components its validation
    looks up.  Those lie in the namespaces the document binds (element and attribute names,
    and QName values such as xsi:type, need a binding), and, transitively, in the namespaces
    the schemas of those namespaces bind or import: a schema can only refer to components of
    namespaces it binds or imports, and only a schema of the same namespace can redefine them.
    So the key is the question, the document's URL and digest with the URL and digest of every DTS schema of
    those namespaces (and every no-namespace schema, which an include can make any namespace's),
    plus the validator's code and xmlschema's version.  A schema of an unrelated namespace --
    the company's extension, for the bundled taxonomy -- is not part of it.  Its own errors come
    with the compile errors, which are always the whole set's (``SchemaSet.schema``); a
    schema whose compile was clean before skips the meta-schema check, the bulk of compiling a
    large schema, the next time (``BUILT_CLEAN``)."""

    PATTERN, KEEP = "doc-*.json", 8192

    def __init__(self, dts: DTS, digests: dict[str, str] | None, memo: dict | None):
        self.dts = dts
        self.digests = digests
        self.memo = memo if memo is not None else {}
        self.directory = cache_dir() if digests is not None else None
        self._namespaces: dict[str, frozenset[str] | None] = {}
        self._stored = False

    def key(self, doc, question: str) -> str | None:
        """The cache key of the verdict on ``question`` (``VALIDITY``, ``BUILT_CLEAN``) about
        ``doc``, or None when it cannot be keyed by content."""
        if self.digests is None or doc.url not in self.digests:
            return None
        wanted = self._bound_namespaces(doc)
        if wanted is None:
            return None
        wanted = set(wanted)
        chosen: set[str] = set()
        grew = True
        while grew:
            grew = False
            for schema_doc in self.dts.documents.values():
                if schema_doc.kind != "schema" or schema_doc.url in chosen:
                    continue
                if schema_doc.target_namespace and schema_doc.target_namespace not in wanted:
                    continue
                bound = self._bound_namespaces(schema_doc)
                if bound is None or schema_doc.url not in self.digests:
                    return None
                chosen.add(schema_doc.url)
                wanted |= bound
                grew = True
        import xmlschema

        h = hashlib.sha256(f"{_code_digest()}\x00{xmlschema.__version__}\x00{question}\x00{doc.kind}\x00"
                           f"{doc.url}\x00{self.digests[doc.url]}".encode())
        for url in self.dts.documents:  # (in DTS order: the order xmlschema is given them)
            if url in chosen:
                h.update(f"\x00{url}\x00{self.digests[url]}".encode())
        return h.hexdigest()

    def _bound_namespaces(self, doc) -> frozenset[str] | None:
        if doc.url not in self._namespaces:
            root = doc.root
            if root is None:
                self._namespaces[doc.url] = None
            else:
                found = {"http://www.w3.org/XML/1998/namespace"}
                for elem in root.iter():
                    if isinstance(elem.tag, str):
                        found.update(elem.nsmap.values())
                if doc.kind == "schema":  # (an import's namespace need not be bound)
                    for imported in root.iter(f"{XSD_NS}import"):
                        found.add(imported.get("namespace") or "")
                self._namespaces[doc.url] = frozenset(found)
        return self._namespaces[doc.url]

    def _path(self, key: str) -> Path | None:
        return self.directory / f"doc-{key}.json" if self.directory is not None else None

    def load(self, key: str | None) -> list[Message] | None:
        if key is None:
            return None
        messages = self.memo.get(f"doc:{key}")
        if messages is None:
            messages = _read_messages(self._path(key))
            if messages is not None:
                self.memo[f"doc:{key}"] = messages
        return messages

    def store(self, key: str | None, messages: list[Message]) -> None:
        if key is None:
            return
        self.memo[f"doc:{key}"] = messages
        self._stored |= _write_messages(self._path(key), messages)

    def prune(self) -> None:
        """Keep at most ``KEEP`` entries (after this DTS's stores, so once per DTS)."""
        if self._stored:
            from .dtscache import prune

            prune(self.directory, self.PATTERN, self.KEEP)


def _read_messages(path: Path | None) -> list[Message] | None:
    """A stored list of messages (None: absent or unreadable, i.e. a miss)."""
    if path is None or not path.is_file():
        return None
    try:
        return [Message(**m) for m in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return None


def _write_messages(path: Path | None, messages: list[Message]) -> bool:
    """Store atomically, as plain JSON; False when the cache cannot be written."""
    if path is None:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump([{"level": m.level, "code": m.code, "message": m.message, "line": m.line,
                        "file": m.file} for m in messages], handle)
        os.replace(tmp, path)
        return True
    except OSError:
        return False  # an unwritable cache only costs time


def report_compile_messages(report: Report, messages: list[Message]) -> None:
    report.messages.extend(Message(m.level, m.code, m.message, m.line, m.file) for m in messages)
