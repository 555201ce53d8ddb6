"""Compiled regular expressions kept between processes.

Why: the converter's ~300 patterns (table tokens, periods, prose figures, the mapping rules) cost
~110 ms to compile in every fresh process, more than a whole in-process conversion; Python keeps
compiled patterns only in memory.  What ``re`` compiles is immutable and depends only on the
pattern text, its flags and the interpreter, so the compiled form (the SRE code list, group
names and final flags) is stored in the user's cache folder, in a file named after the
interpreter version and SRE engine, and put back into ``re``'s own pattern cache at start-up:
``re.compile(p)`` and ``re.search(p, ...)`` then find their pattern already built (~2 ms for
all of them).  The SRE engine checks every code list it is given; a pattern that fails to load,
or any interpreter whose ``re`` internals differ, simply compiles as usual.

``prime()`` loads the cache (once per process) and, at exit, stores the patterns compiled since.
``XBRL_EXPORT_CACHE`` names the cache folder ("" disables caching), as for the validator.
"""
from __future__ import annotations

import atexit
import hashlib
import marshal
import re
import sys
from pathlib import Path

from .resources import cache_dir, write_cache_file

try:
    import _sre
    from re import _compiler, _parser
except ImportError:  # not CPython: patterns compile as usual
    _sre = None

MAX_PATTERNS = 480  # re keeps 512 compiled patterns; leave room for the run's new ones
_state: dict = {}  # per process: the cache file and the keys it held ("primed" once)




def _cache_file() -> Path | None:
    folder = cache_dir()
    if folder is None or _sre is None or not isinstance(getattr(re, "_cache", None), dict):
        return None
    engine = hashlib.sha256(f"{sys.version}|{sys.implementation.cache_tag}|{_sre.MAGIC}".encode()).hexdigest()[:16]
    return folder / f"regex-{engine}.marshal"


def prime() -> None:
    """Put the stored patterns into ``re``'s cache; store the new ones at exit.  Once per process."""
    if "file" in _state:
        return
    path = _state["file"] = _cache_file()
    _state["known"] = set()
    if path is None:
        return
    try:
        entries = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        entries = []
    known = _state["known"]
    for entry in entries if isinstance(entries, list) else ():
        try:
            pattern, flags, final_flags, code, groups, groupindex, indexgroup = entry
            key = (type(pattern), pattern, flags)
            if key not in re._cache and len(re._cache) < MAX_PATTERNS:
                re._cache[key] = _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)
            known.add(key)
        except Exception:  # a damaged entry, or an engine that wants other arguments: compile as usual
            continue
    atexit.register(save)


def _compiled_form(pattern, flags: int) -> tuple:
    """What ``re._compiler.compile`` hands the SRE engine for this pattern."""
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are int subclasses
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (pattern, flags, flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def save() -> None:
    """Store the patterns ``re`` holds that the cache file lacks (those compiled since ``prime``)."""
    path = _state.get("file")
    if path is None:
        return
    known = _state["known"]
    new = [key for key in list(re._cache) if key not in known and key[0] in (str, bytes)]
    if not new:
        return
    try:
        stored = marshal.loads(path.read_bytes())
        stored = stored if isinstance(stored, list) else []
    except (OSError, ValueError, EOFError, TypeError):
        stored = []
    have = {(type(e[0]), e[0], e[1]) for e in stored if isinstance(e, tuple) and e}
    for key in new:
        if key in have or len(stored) >= MAX_PATTERNS:
            continue
        try:
            stored.append(_compiled_form(key[1], key[2]))
        except Exception:
            continue
        have.add(key)
    known.update(new)
    write_cache_file(path, marshal.dumps(stored))  # whole or not at all: processes may save at once
