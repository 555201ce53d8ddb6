"""Where documents come from: URL resolution through catalogs, and safe XML parsing.

A document is named by its URL: an absolute filesystem path for local files, or the URL as
written (``http://www.xbrl.org/...``) for documents a catalog maps to a local copy.  Nothing is
ever fetched from the network: a URL that no catalog maps is an error naming it.
"""
from __future__ import annotations

import os
import posixpath
import re
import tempfile
import zipfile
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree
from ..resources import data_dir

BUNDLED_PACKAGE = data_dir("taxonomy")
CORE_CATALOG = BUNDLED_PACKAGE / "core" / "catalog.xml"
CATALOG_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DANGEROUS = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


class DocumentError(Exception):
    """A document could not be read or parsed; ``code`` is the message code to report."""

    def __init__(self, code: str, message: str, line: int | None = None):
        super().__init__(message)
        self.code = code
        self.line = line


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False, remove_blank_text=False)


def check_no_dtd(head: bytes) -> None:
    """Refuse documents declaring a DTD: entity expansion (bombs, external entities reading
    local files) is the attack; XBRL documents never need a DTD."""
    match = _DANGEROUS.search(head)
    if match:
        line = head.count(b"\n", 0, match.start()) + 1
        raise DocumentError("xmlSchema:syntax",
                            "the document declares a DTD or entities (<!DOCTYPE/<!ENTITY); "
                            "XBRL documents must not use them, remove the declaration", line)


def parse_bytes(data: bytes, url: str) -> etree._Element:
    """Parse a whole (taxonomy) document safely and return its root element."""
    if not data.strip():
        raise DocumentError("xmlSchema:syntax", "the file is empty")
    check_no_dtd(data[:65536] if len(data) > 65536 else data)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        check_no_dtd(data)
    try:
        root = etree.fromstring(data, safe_parser(), base_url=url)
    except etree.XMLSyntaxError as exc:
        raise DocumentError("xmlSchema:syntax", f"not well-formed XML: {_syntax_message(exc)}",
                            getattr(exc, "lineno", None)) from None
    return root


def _syntax_message(exc: etree.XMLSyntaxError) -> str:
    msg = str(exc.msg if hasattr(exc, "msg") and exc.msg else exc)
    return re.sub(r", line \d+, column \d+$", "", msg.strip())


def is_absolute_url(href: str) -> bool:
    return bool(_SCHEME.match(href)) and not re.match(r"^[A-Za-z]:[\\/]", href)


def join_url(base: str | None, href: str) -> str:
    """Resolve ``href`` (without fragment) against the URL of the document containing it."""
    href = href.strip()
    if base is None and not is_absolute_url(href):
        return os.path.normpath(os.path.abspath(unquote(href)))  # depends on the cwd: not memoized
    return _join(base, href)


@lru_cache(maxsize=65536)
def _join(base: str | None, href: str) -> str:
    """Memoized: a linkbase's thousands of locators share a handful of (base, href) pairs."""
    if is_absolute_url(href):
        if href.startswith("file:"):
            return os.path.normpath(unquote(urlsplit(href).path))
        return _normalize_http(href)
    if is_absolute_url(base):
        return _normalize_http(urljoin(base, href))
    return os.path.normpath(os.path.join(os.path.dirname(base), unquote(href)))


def _normalize_http(url: str) -> str:
    parts = urlsplit(url)
    path = posixpath.normpath(parts.path) if parts.path else parts.path
    if parts.path.endswith("/") and not path.endswith("/"):
        path += "/"
    path = path.replace("//", "/")
    return f"{parts.scheme}://{parts.netloc}{path}" + (f"?{parts.query}" if parts.query else "")


@dataclass
class Resolver:
    """Maps URLs to local files through the core catalog, the bundled taxonomy package and
    any ``--package`` given.  Holds extracted zip packages for its lifetime."""

    exact: dict[str, str] = field(default_factory=dict)  # URL -> local path
    prefixes: list[tuple[str, str]] = field(default_factory=list)  # (URL prefix, local dir)
    _tempdirs: list = field(default_factory=list, repr=False)

    @classmethod
    def create(cls, packages=()) -> "Resolver":
        resolver = cls()
        resolver.add_catalog(CORE_CATALOG)
        bundled = BUNDLED_PACKAGE / "META-INF" / "catalog.xml"
        if bundled.is_file():
            resolver.add_catalog(bundled, package_root=BUNDLED_PACKAGE)
        for package in packages:
            resolver.add_package(package)
        return resolver

    def add_package(self, package) -> None:
        path = Path(package)
        if path.is_dir():
            catalogs = list(path.glob("META-INF/catalog.xml")) or list(path.glob("*/META-INF/catalog.xml"))
            if not catalogs:
                raise DocumentError("tpe:catalogFileMissing", f"package {package} has no META-INF/catalog.xml")
            for catalog in catalogs:
                self.add_catalog(catalog, package_root=catalog.parent.parent)
            return
        if not path.is_file():
            raise DocumentError("tpe:packageNotFound", f"package {package} does not exist")
        try:
            with zipfile.ZipFile(path) as archive:
                tmp = tempfile.TemporaryDirectory(prefix="xbrl-export-pkg-")
                self._tempdirs.append(tmp)
                for member in archive.infolist():
                    target = os.path.normpath(os.path.join(tmp.name, member.filename))
                    if not target.startswith(tmp.name + os.sep):
                        raise DocumentError("tpe:invalidArchiveFormat",
                                            f"package {package} has an entry outside the archive: {member.filename}")
                archive.extractall(tmp.name)
        except zipfile.BadZipFile:
            raise DocumentError("tpe:invalidArchiveFormat", f"package {package} is not a zip file") from None
        self.add_package(tmp.name)

    def add_catalog(self, catalog: Path, package_root: Path | None = None) -> None:
        catalog = Path(catalog)
        root = parse_bytes(catalog.read_bytes(), str(catalog))
        base_dir = catalog.parent
        for entry in root.iter(f"{{{CATALOG_NS}}}uri", f"{{{CATALOG_NS}}}rewriteURI"):
            base = entry.get("{http://www.w3.org/XML/1998/namespace}base")
            local_base = base_dir / base if base else base_dir
            if entry.tag.endswith("}uri"):
                name, target = entry.get("name"), entry.get("uri")
                if name and target:
                    self.exact[name] = os.path.normpath(str(local_base / unquote(target)))
            else:
                start, prefix = entry.get("uriStartString"), entry.get("rewritePrefix")
                if start and prefix is not None:
                    local = os.path.normpath(str(local_base / unquote(prefix)))
                    if prefix.endswith("/"):
                        local += os.sep
                    self.prefixes.append((start, local))
        # longest prefix first, so more specific rewrites win
        self.prefixes.sort(key=lambda p: -len(p[0]))

    def local_path(self, url: str) -> str | None:
        """The local file for a URL, or None when nothing maps it (never a download)."""
        if not is_absolute_url(url):
            return url
        for variant in _variants(url):
            if variant in self.exact:
                return self.exact[variant]
            for start, local in self.prefixes:
                if variant.startswith(start):
                    return os.path.normpath(local + variant[len(start):])
        return None

    def read(self, url: str) -> bytes:
        path = self.local_path(url)
        if path is None:
            raise DocumentError("xbrl:unknownURL",
                                f"cannot resolve {url}: it is not a local file and no catalog maps it "
                                "(add the taxonomy package with --package; nothing is downloaded)")
        try:
            with open(path, "rb") as handle:
                return handle.read()
        except IsADirectoryError:
            raise DocumentError("xbrl:unreadable", f"{url} is a directory, not a document") from None
        except FileNotFoundError:
            raise DocumentError("xbrl:fileNotFound", f"{url} does not exist") from None
        except OSError as exc:
            raise DocumentError("xbrl:unreadable", f"cannot read {url}: {exc.strerror}") from None

    def close(self) -> None:
        for tmp in self._tempdirs:
            tmp.cleanup()
        self._tempdirs.clear()


def _variants(url: str):
    yield url
    if url.startswith("https://"):
        yield "http://" + url[len("https://"):]
    elif url.startswith("http://"):
        yield "https://" + url[len("http://"):]
