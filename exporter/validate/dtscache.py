"""Content-addressed cache of discovered DTSs and of their taxonomy-only verdicts.

Discovering a taxonomy like our bundled one (600 concepts, 4 linkbases, ~1700 locators,
~2300 relationships) and checking it (schema validity, link rules, Dimensions taxonomy rules)
costs several times what a small instance does, and gives the same answer whenever the
documents are unchanged.  So the outcome -- the DTS model without its lxml trees, and the
messages of every check that looks at the DTS alone -- is stored under the entry points an
instance names, with the URL and SHA-1 of every document discovery read.  A later run re-reads
and re-hashes those documents (milliseconds) and uses the stored outcome only when every digest
still matches: same entry points + same bytes at the same URLs = same DTS, because discovery is
a function of them.  The key also covers the validator's own code and core schemas.

Only discoveries without any message are stored (a missing or broken document is re-examined
every time).  The store is the same directory as the schema verdicts (``schemas.cache_dir``);
entries are pickles written atomically, read only from that per-user directory.
"""
from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from .dts import DTS, Document
from .report import Message
from .resolver import DocumentError, Resolver
from ..resources import data_dir

CACHE_VERSION = "1"
_HERE = Path(__file__).resolve().parent
_CORE_DIR = data_dir("taxonomy") / "core"
# Messages of the DTS checks whose file is "the file being validated" carry this placeholder,
# replaced by the instance's path when they are reported.
ENTRY_FILE = "\x00entry"


@dataclass
class CachedDTS:
    documents: list[tuple[str, str]]  # (URL, SHA-1 of its bytes) of every DTS document
    dts: DTS  # documents without lxml trees; type declarations without their elements
    verdicts: list[Message]  # messages of the DTS-only checks (file ENTRY_FILE = the entry)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Changes whenever the validator's code or core schemas change."""
    h = hashlib.sha256(CACHE_VERSION.encode())
    for path in sorted(_HERE.glob("*.py")) + sorted(_CORE_DIR.glob("*")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def entry_key(entry_urls: list[tuple[str, str]], resolver: Resolver) -> str:
    """The cache key of a DTS discovered from these (URL, kind) entry points.  The resolver's
    mappings are part of it: a --package can change which file a URL means."""
    h = hashlib.sha256(code_digest().encode())
    for url, kind in entry_urls:
        h.update(f"{kind}\x00{url}\x00".encode())
    h.update(repr(sorted(resolver.exact.items())).encode())
    h.update(repr(resolver.prefixes).encode())
    return h.hexdigest()


class DTSCache:
    """Lookup and store; ``directory`` None keeps entries in this process only."""

    def __init__(self, directory: Path | None):
        self.directory = directory
        self._memo: dict[str, bytes] = {}  # key -> pickled CachedDTS, for batches

    def _path(self, key: str) -> Path | None:
        return self.directory / f"model-{key}.pickle" if self.directory is not None else None

    def load(self, key: str, resolver: Resolver, digests: dict[str, str]) -> CachedDTS | None:
        """The stored outcome when every document it read is unchanged; fills ``digests``."""
        data = self._memo.get(key)
        verified = data is not None  # this process stored it: its documents were just read
        if data is None:
            path = self._path(key)
            if path is None or not path.is_file():
                return None
            try:
                data = path.read_bytes()
            except OSError:
                return None
        try:
            cached = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a truncated or foreign entry is a miss
            return None
        if not isinstance(cached, CachedDTS):
            return None
        if not verified:
            for url, digest in cached.documents:
                if digests.get(url) == digest:
                    continue
                try:
                    content = resolver.read(url)
                except DocumentError:
                    return None
                if hashlib.sha1(content).hexdigest() != digest:
                    return None
            self._memo[key] = data
        for url, digest in cached.documents:
            digests[url] = digest
        return cached

    def store(self, key: str, dts: DTS, digests: dict[str, str], verdicts: list[Message]) -> None:
        documents = []
        for url in dts.documents:
            if url not in digests:
                return  # a document read some other way: cannot be verified later
            documents.append((url, digests[url]))
        entry = _shared(CachedDTS(documents, portable(dts), verdicts), {}, set())
        data = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        self._memo[key] = data
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
            prune(path.parent, "model-*.pickle", MAX_ENTRIES)
        except OSError:
            pass  # an unwritable cache only costs time


MAX_ENTRIES = 512  # DTSs kept on disk (an entry is 5-600 KB); the least recently stored go


def prune(directory: Path, pattern: str, keep: int) -> None:
    """Delete the oldest entries beyond ``keep`` (run after a store, i.e. only on misses)."""
    entries = list(directory.glob(pattern))
    if len(entries) <= keep:
        return
    def age(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0
    entries.sort(key=age)
    for path in entries[:len(entries) - keep // 2]:
        try:
            path.unlink()
        except OSError:
            pass


def portable(dts: DTS) -> DTS:
    """A copy of ``dts`` without lxml objects (they do not pickle, and are re-read on demand)."""
    documents = {url: Document(doc.url, doc.kind, doc.target_namespace, None, list(doc.referenced_by),
                               in_dts=doc.in_dts)
                 for url, doc in dts.documents.items()}
    types = {q: dataclasses.replace(t, element=None) if hasattr(t, "element") else t
             for q, t in dts.types.items()}
    # concepts_by_href is rebuilt on load (``restore``): its keys are long and unshared
    return dataclasses.replace(dts, documents=documents, types=types, concepts_by_href={}, _by_arcrole=None,
                               _element_defaults=None)


def restore(dts: DTS, load) -> DTS:
    """Complete a DTS read from the cache: ``load(url)`` parses a document when a check needs
    its tree.  (Only DTSs without duplicate declarations are cached, so every concept with an
    id is the one its href names.)"""
    for doc in dts.documents.values():
        doc.load = load
    dts.concepts_by_href = {f"{c.file}#{c.id}": c for c in dts.concepts.values() if c.id}
    return dts


def _shared(obj, canon: dict, seen: set):
    """``obj`` with equal strings and decimals made one object each, in place where possible:
    pickle writes a shared object once, so the entry is ~4x smaller and loads ~4x faster
    (a DTS repeats the same URLs, QNames and attribute names thousands of times)."""
    kind = type(obj)
    if kind is str or kind is Decimal:
        return canon.setdefault(obj, obj)
    if obj is None or kind in (int, bool, float):
        return obj
    if kind is tuple:
        return tuple(_shared(x, canon, seen) for x in obj)
    if id(obj) in seen:
        return obj
    seen.add(id(obj))
    if kind is list:
        obj[:] = [_shared(x, canon, seen) for x in obj]
    elif kind is dict:
        items = [(_shared(k, canon, seen), _shared(v, canon, seen)) for k, v in obj.items()]
        obj.clear()
        obj.update(items)
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            setattr(obj, f.name, _shared(getattr(obj, f.name), canon, seen))
    return obj
