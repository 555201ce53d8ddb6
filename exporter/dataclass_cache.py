"""Compiled dataclass methods kept between processes.

Why: ``@dataclass`` writes the source of each class's ``__init__``, ``__repr__``, ``__eq__``,
``__hash__`` and (frozen) ``__setattr__``/``__delattr__`` and compiles it with ``exec`` when the
class is created; for the converter's ~45 classes that compilation is ~35 ms of every fresh
process, a third of its imports.  Python's bytecode cache keeps the modules' own code, not code
made at run time.  The compiled form depends only on the source text and the interpreter, so it
is stored in the user's cache folder (a file named after the interpreter version) as a marshalled
``{source text: marshalled code object}`` table (each code read only when its text comes up), and
``dataclasses`` is handed the stored code object for a text it has compiled before: ``exec`` of that code object makes the very same functions, only
without compiling them.  A text not in the table (a new or changed class, another interpreter)
compiles as usual and is stored at exit.  As for the patterns (regex_cache), a process that
compiled texts the file lacks rewrites it with the texts it used first, so the methods of edited
classes age out instead of filling it.

``prime()`` loads the table (once per process) and, at exit, stores the texts compiled since.
``XBRL_EXPORT_CACHE`` names the cache folder ("" disables caching), as for the other caches.
"""
from __future__ import annotations

import atexit
import builtins
import dataclasses
import marshal
import sys
import types

from .resources import cache_dir, write_cache_file

FORMAT = 2  # of the file, in its name: versions that store entries differently do not share a file
MAX_ENTRIES = 600  # a bound on the file; the converter needs ~230
_state: dict = {}  # per process: the cache file, its table, the texts used and compiled ("file" once)


def _cache_file():
    folder = cache_dir()
    # dataclasses compiles its texts without __future__ features; a version that used some would
    # need the same flags here: there, nothing is cached
    if folder is None or not hasattr(dataclasses, "_create_fn") or hasattr(dataclasses, "annotations"):
        return None
    return folder / f"dataclass{FORMAT}-{sys.implementation.cache_tag}-{sys.hexversion:x}.marshal"


def prime() -> None:
    """Hand ``dataclasses`` the stored compiled methods; store the new ones at exit.  Once per process."""
    if "file" in _state:
        return
    path = _state["file"] = _cache_file()
    if path is None:
        return
    try:
        table = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        table = None
    if not isinstance(table, dict):
        table = {}
    _state["table"] = table
    _state["used"] = {}
    _state["new"] = {}
    # dataclasses calls ``exec`` by its global name: one in the module's namespace comes first
    dataclasses.exec = _exec
    atexit.register(save)


def _exec(source, globals=None, locals=None, /):
    """``exec`` for dataclasses: a source text compiled before runs as its stored code object."""
    if type(source) is str:
        stored = _state["table"].get(source)
        try:
            code = marshal.loads(stored) if type(stored) is bytes else None
        except (ValueError, EOFError, TypeError):
            code = None
        if type(code) is types.CodeType:
            _state["used"][source] = stored
        else:
            # what exec(source) compiles: file "<string>", and no __future__ features (dont_inherit:
            # not this module's)
            code = compile(source, "<string>", "exec", dont_inherit=True)
            _state["new"][source] = marshal.dumps(code)
        source = code
    return builtins.exec(source, globals, locals)


def save() -> None:
    """When this process compiled texts the file lacks: rewrite it with the texts used here first,
    then the new ones, then the others it holds, up to MAX_ENTRIES."""
    new = _state.get("new")
    if not new or _state.get("file") is None:
        return
    path = _state["file"]
    table = {**_state["used"], **new}
    new.clear()
    try:
        stored = marshal.loads(path.read_bytes())  # the file as other processes may have left it
    except (OSError, ValueError, EOFError, TypeError):
        stored = None
    for source, code in stored.items() if isinstance(stored, dict) else ():
        if len(table) >= MAX_ENTRIES:
            break
        if type(source) is str and type(code) is bytes:
            table.setdefault(source, code)
    _state["used"].update(table)
    write_cache_file(path, marshal.dumps(dict(list(table.items())[:MAX_ENTRIES])))
