"""Compiled regular expressions kept between processes.

Why: the converter's ~300 patterns (table tokens, periods, prose figures, the mapping rules) cost
~110 ms to compile in every fresh process, more than a whole in-process conversion; Python keeps
compiled patterns only in memory.  What ``re`` compiles is immutable and depends only on the
pattern text, its flags and the interpreter, so the compiled form (the SRE code, group names and
final flags) is stored in the user's cache folder, in a file named after the interpreter version
and SRE engine.  At start-up ``re``'s own pattern cache is replaced by a dict that builds a
stored pattern the first time it is asked for: ``re.compile(p)`` and ``re.search(p, ...)`` then
get their pattern from the stored code (a few microseconds each), and only the patterns a
process uses are built.  The SRE engine checks every code it is given; a pattern that fails to
load, or any interpreter whose ``re`` internals differ, simply compiles as usual.

The file holds the patterns of the latest processes first: one that compiled patterns the file
lacked rewrites it with the patterns it used, then those new ones, then the others, up to
``MAX_PATTERNS``; so the patterns of edited code age out instead of filling it.

``prime()`` sets this up (once per process) and, at exit, stores the patterns compiled since.
``XBRL_EXPORT_CACHE`` names the cache folder ("" disables caching), as for the validator.
"""
from __future__ import annotations

import atexit
import marshal
import re
import sys

from .resources import cache_dir, write_cache_file

try:
    import _sre
    from re import _compiler, _parser
except ImportError:  # not CPython: patterns compile as usual
    _sre = None

FORMAT = 2  # of the file, in its name: versions that store patterns differently do not share a file
MAX_PATTERNS = 1000  # a bound on the file (loading it costs ~1.5 us a pattern); the converter uses ~310
_state: dict = {}  # per process: the cache file, its entries, those used ("file" once)


def _cache_file():
    folder = cache_dir()
    if (folder is None or _sre is None or type(getattr(re, "_cache", None)) is not dict
            or memoryview(bytes(_sre.CODESIZE)).cast("I").itemsize != _sre.CODESIZE):
        return None
    engine = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}"
    return folder / f"patterns{FORMAT}-{engine}.marshal"


def _read(path) -> dict:
    """The stored entries, {(pattern, flags): (final flags, code, groups, groupindex, indexgroup)};
    a damaged or foreign file reads as empty (an entry is checked when it is used)."""
    try:
        entries = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return entries if type(entries) is dict else {}


class _PatternCache(dict):
    """``re``'s pattern cache ({(type, pattern, flags): Pattern}) that, asked for a pattern it
    lacks, builds it from the stored code when the file has it."""

    __slots__ = ()

    def __missing__(self, key):
        # (a key's pattern is of its type: "a" and b"a" are different keys)
        entry = _state["stored"].pop(key[1:], None) if type(key) is tuple and len(key) == 3 else None
        if entry is None:
            raise KeyError(key)
        try:
            final_flags, code, groups, groupindex, indexgroup = entry
            compiled = _sre.compile(key[1], final_flags, memoryview(code).cast("I").tolist(), groups,
                                    groupindex, indexgroup)
        except Exception:  # a damaged entry, or an engine that wants other arguments: compile as usual
            _state["known"].discard(key[1:])  # (and store it again)
            raise KeyError(key) from None
        _state["used"][key[1:]] = entry
        if len(self) >= re._MAXCACHE:  # as re does: drop the oldest
            try:
                del self[next(iter(self))]
            except (StopIteration, RuntimeError, KeyError):
                pass
        self[key] = compiled
        return compiled


def prime() -> None:
    """Serve ``re`` the stored patterns; store the new ones at exit.  Once per process."""
    if "file" in _state:
        return
    path = _state["file"] = _cache_file()
    if path is None:
        return
    _state["stored"] = _read(path)
    _state["known"] = set(_state["stored"])  # what the file held at start
    _state["used"] = {}
    cache = _PatternCache(re._cache)
    re._cache = cache
    atexit.register(save)


def _compiled_form(pattern, flags: int) -> tuple:
    """What ``re._compiler.compile`` hands the SRE engine for this pattern, the code as bytes
    (marshal reads bytes ~5 times faster than a list of ints)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    stored = bytearray(len(code) * _sre.CODESIZE)
    words = memoryview(stored).cast("I")
    for i, op in enumerate(code):
        words[i] = op
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return flags | parsed.state.flags, bytes(stored), parsed.state.groups - 1, groupindex, tuple(indexgroup)


def save() -> None:
    """When this process compiled patterns the file lacks: rewrite it with the patterns used here
    first, then the new ones, then the others it holds."""
    path = _state.get("file")
    if path is None or type(re._cache) is not _PatternCache:
        return
    known = _state["known"]
    new = [key[1:] for key in list(re._cache) if type(key) is tuple and len(key) == 3
           and type(key[1]) in (str, bytes) and key[1:] not in known]
    if not new:
        return
    entries = dict(_state["used"])
    for key in new:
        if key not in entries:
            try:
                entries[key] = _compiled_form(*key)
            except Exception:
                continue
    for key, entry in _read(path).items():  # the file as other processes may have left it
        entries.setdefault(key, entry)
    known.update(entries)
    write_cache_file(path, marshal.dumps(dict(list(entries.items())[:MAX_PATTERNS])))
