"""Where documents come from: URL resolution through catalogs, and safe XML parsing.

A document is named by its URL: an absolute filesystem path for local files, or the URL as
written (``http://www.xbrl.org/...``) for documents a catalog maps to a local copy.  Nothing is
ever fetched from the network: a URL that no catalog maps is an error naming it.

An instance is untrusted input, so what it may make us open is confined: the entry file itself,
regular files under its folder or a ``--root`` folder reached by a relative reference, and the
files of the bundled or a ``--package`` taxonomy package.  Absolute paths, ``file:`` URLs,
``..`` escapes, symlinks leading out, devices and FIFOs are refused before anything is opened,
with the same message whether or not the target exists; every read is bounded per document and
per DTS.
"""
from __future__ import annotations

import os
import posixpath
import re
import stat
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

# Bounds on what one validation reads: taxonomy documents are a few MiB at most; a large
# instance (1M facts) is a few hundred MiB.  Configurable (``--max-document-mb``, ``--max-dts-mb``).
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024
MAX_DTS_BYTES = 1024 * 1024 * 1024
REFUSED_CODE = "xbrl:unknownURL"
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
        if href.lower().startswith("file:"):
            return href  # kept as a URL: no catalog maps it, so it is refused (never opened)
        return _normalize_http(href)
    if is_absolute_url(base):
        return _normalize_http(urljoin(base, href))
    local = unquote(href)
    if os.path.isabs(local):
        # an absolute path written in a document is a file: URL in disguise: refused alike
        return "file://" + local
    return os.path.normpath(os.path.join(os.path.dirname(base), local))


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
    roots: list[str] = field(default_factory=list)  # --root folders (real paths)
    package_dirs: list[str] = field(default_factory=list)  # folders of the catalogs' packages (real paths)
    max_document_bytes: int = MAX_DOCUMENT_BYTES
    max_dts_bytes: int = MAX_DTS_BYTES
    entry: str | None = None  # the file being validated (absolute path)
    _allowed: list[str] = field(default_factory=list, repr=False)  # folders local documents may come from
    _dts_bytes: int = 0  # bytes read for the current entry's DTS

    @classmethod
    def create(cls, packages=(), roots=(), max_document_bytes: int = MAX_DOCUMENT_BYTES,
               max_dts_bytes: int = MAX_DTS_BYTES) -> "Resolver":
        resolver = cls(max_document_bytes=max_document_bytes, max_dts_bytes=max_dts_bytes)
        for root in roots:
            if not os.path.isdir(root):
                raise DocumentError("xbrl:rootNotFound", f"--root {root} is not a folder")
            resolver.roots.append(os.path.realpath(root))
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
        package = os.path.realpath(package_root if package_root is not None else base_dir)
        if package not in self.package_dirs:
            self.package_dirs.append(package)
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

    def begin(self, entry: str) -> None:
        """Confine the reads of one validation to ``entry``'s folder, the --root folders and
        the packages, and start its DTS byte count."""
        self.entry = os.path.abspath(entry)
        folder = os.path.realpath(os.path.dirname(self.entry))
        self._allowed = [folder] + [r for r in self.roots + self.package_dirs if r != folder]
        self._dts_bytes = 0

    def permit(self, url: str) -> str:
        """The local file ``url`` may be read from, or DocumentError: decided from the name
        alone (and, inside the allowed folders, the file's type), before any open."""
        if url == self.entry:
            return url
        if is_absolute_url(url):
            if url.lower().startswith("file:"):
                raise DocumentError(REFUSED_CODE, f"refused {url}: absolute paths and file: URLs are not "
                                    "followed; reference documents by a relative path under the instance's "
                                    "folder or a --root folder, or through a --package catalog")
            path = self.local_path(url)
            if path is None:
                raise DocumentError(REFUSED_CODE,
                                    f"cannot resolve {url}: it is not a local file and no catalog maps it "
                                    "(add the taxonomy package with --package; nothing is downloaded)")
        else:
            path = url
        real = os.path.realpath(path)  # (follows symlinks by their names: opens nothing)
        if not any(_inside(real, folder) for folder in (self._allowed or self.roots + self.package_dirs)):
            raise DocumentError(REFUSED_CODE, f"refused {url}: it is outside the folders documents may be "
                                "read from (the instance's folder, --root folders and taxonomy packages)")
        try:
            mode = os.stat(real).st_mode
        except FileNotFoundError:
            raise DocumentError("xbrl:fileNotFound", f"{url} does not exist") from None
        except OSError as exc:
            raise DocumentError("xbrl:unreadable", f"cannot read {url}: {exc.strerror}") from None
        if stat.S_ISDIR(mode):
            raise DocumentError("xbrl:unreadable", f"{url} is a directory, not a document")
        if not stat.S_ISREG(mode):
            raise DocumentError(REFUSED_CODE, f"refused {url}: not a regular file (a device, FIFO or socket)")
        return real

    def read(self, url: str) -> bytes:
        path = self.permit(url)
        data = read_regular(path, url, self.max_document_bytes)
        self._dts_bytes += len(data)
        if self._dts_bytes > self.max_dts_bytes:
            raise DocumentError("xbrl:tooLarge", f"{url}: the DTS's documents exceed "
                                f"{self.max_dts_bytes // (1024 * 1024)} MiB together (--max-dts-mb)")
        return data

    def close(self) -> None:
        for tmp in self._tempdirs:
            tmp.cleanup()
        self._tempdirs.clear()


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def read_regular(path: str, name: str, limit: int) -> bytes:
    """At most ``limit`` bytes of the regular file at ``path``, else DocumentError.  Opened
    non-blocking and checked once open (a FIFO swapped in after the check neither blocks nor
    streams), read to limit + 1 bytes whatever size the file claims."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise DocumentError("xbrl:fileNotFound", f"{name} does not exist") from None
    except IsADirectoryError:
        raise DocumentError("xbrl:unreadable", f"{name} is a directory, not a document") from None
    except OSError as exc:
        raise DocumentError("xbrl:unreadable", f"cannot read {name}: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(REFUSED_CODE, f"refused {name}: not a regular file (a device, FIFO or socket)")
        try:
            data = _read_bounded(handle, limit, info.st_size)
        except OSError as exc:
            raise DocumentError("xbrl:unreadable", f"cannot read {name}: {exc.strerror}") from None
    if len(data) > limit:
        raise DocumentError("xbrl:tooLarge", f"{name} is larger than {limit // (1024 * 1024)} MiB "
                            "(--max-document-mb)")
    return data


def _read_bounded(handle, limit: int, expected: int) -> bytes:
    """At most ``limit`` + 1 bytes: the file's size at once, the rest (a file that grew) in
    chunks; no buffer of the limit's size is allocated."""
    first = handle.read(min(expected, limit) + 1)
    chunks, total = [first], len(first)
    while expected < total <= limit:
        chunk = handle.read(min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return first if len(chunks) == 1 else b"".join(chunks)


def _variants(url: str):
    yield url
    if url.startswith("https://"):
        yield "http://" + url[len("https://"):]
    elif url.startswith("http://"):
        yield "https://" + url[len("http://"):]
