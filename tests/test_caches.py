"""The caches a fresh process starts from: compiled regular expressions (exporter/regex_cache.py)
and the compiled instance template (render.py).  What they load is exactly what would be
compiled, and a damaged or unwritable cache only costs time."""
from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "acme-2007q3.txt"

_sre = pytest.importorskip("_sre")
from re import _compiler  # noqa: E402

CONVERT = "import sys, exporter.convert, exporter.render; sys.stdout.buffer.write(" \
          "exporter.render.render(exporter.convert.convert(sys.argv[1])))"


def _convert(cache: Path | str) -> bytes:
    env = {**os.environ, "XBRL_EXPORT_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", CONVERT, str(EXAMPLE)], env=env, check=True,
                          capture_output=True).stdout


def _cache_file(folder: Path) -> Path:
    files = list(folder.glob("patterns*-*.marshal"))
    assert len(files) == 1, files
    return files[0]


def test_cached_patterns_are_what_re_compiles(tmp_path):
    plain = _convert("")  # caching off
    first = _convert(tmp_path)  # fills the cache
    entries = marshal.loads(_cache_file(tmp_path).read_bytes())
    assert len(entries) > 100  # the converter's patterns, not a handful
    for (pattern, flags), (final_flags, code, groups, groupindex, indexgroup) in entries.items():
        loaded = _sre.compile(pattern, final_flags, memoryview(code).cast("I").tolist(), groups, groupindex,
                              indexgroup)
        # Pattern equality compares the pattern text, the flags and the compiled code
        assert loaded == _compiler.compile(pattern, flags), pattern
    second = _convert(tmp_path)  # served from the cache
    assert plain == first == second


def test_damaged_cache_is_rebuilt(tmp_path):
    expected = _convert("")
    _convert(tmp_path)
    path = _cache_file(tmp_path)
    path.write_bytes(b"\x00 not marshal data")
    assert _convert(tmp_path) == expected
    entries = marshal.loads(path.read_bytes())
    assert isinstance(entries, dict)
    # entries of the wrong shape are skipped, not trusted, and stored again
    path.write_bytes(marshal.dumps({**{key: (0, b"\1\0\0\0\2\0\0\0", 0, {}, ()) for key in entries},
                                    ("x", 0): (0, b"123", 0, {}, ()), ("y", 0): [1, 2], "junk": (1, 2)}))
    assert _convert(tmp_path) == expected
    after = marshal.loads(path.read_bytes())
    assert sum(after[key] == entry for key, entry in entries.items()) > 100  # those used, repaired
    path.write_bytes(marshal.dumps([1, 2, 3]))
    assert _convert(tmp_path) == expected


def test_patterns_of_edited_code_age_out(tmp_path):
    # a file full of patterns no process uses any more: the next run keeps its own first
    expected = _convert("")
    _convert(tmp_path)  # fills the caches (a first run also compiles the template and reads the rules)
    path = _cache_file(tmp_path)
    path.write_bytes(b"")
    _convert(tmp_path)  # what a run with those caches uses
    used = marshal.loads(path.read_bytes())
    path.write_bytes(marshal.dumps({(f"stale{i}", 0): (0, b"", 0, {}, ()) for i in range(2000)}))
    assert _convert(tmp_path) == expected
    entries = marshal.loads(path.read_bytes())
    assert len(entries) <= 1000
    assert set(used) <= set(entries)
    assert _convert(tmp_path) == expected


def test_unwritable_cache_only_costs_time(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    assert _convert(blocker / "cache") == _convert("")


def test_template_cache_damaged_or_stale(tmp_path):
    expected = _convert("")
    assert _convert(tmp_path) == expected
    compiled = list((tmp_path / "jinja").glob("*.cache"))
    assert len(compiled) == 1
    compiled[0].write_bytes(compiled[0].read_bytes()[:40])  # cut short
    assert _convert(tmp_path) == expected
    compiled[0].write_bytes(b"garbage")
    assert _convert(tmp_path) == expected


def test_parsed_rules_kept_by_content(tmp_path, monkeypatch):
    from exporter import mapping

    monkeypatch.setenv("XBRL_EXPORT_CACHE", str(tmp_path / "cache"))
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\npattern = "^net (sales|revenues?)$"\nconcept = "Revenues"\n')
    fresh = mapping.parse_rule_file(rules, 0, check_patterns=False)
    assert mapping._parse_stored(rules, 0) == fresh  # parsed, stored
    assert len(list((tmp_path / "cache").glob("rules-*.pickle"))) == 1
    assert mapping._parse_stored(rules, 0) == fresh  # read back
    rules.write_text('[[rule]]\nlabel = "Sales"\nconcept = "Revenues"\n')  # changed: parsed again
    assert mapping._parse_stored(rules, 0) == mapping.parse_rule_file(rules, 0, check_patterns=False) != fresh
    for stored in (tmp_path / "cache").glob("rules-*.pickle"):
        stored.write_bytes(b"damaged")
    assert mapping._parse_stored(rules, 0).rules[0].label == "Sales"


def test_default_rules_cached_between_processes(tmp_path):
    expected = _convert("")
    assert _convert(tmp_path) == expected
    assert len(list(tmp_path.glob("rules-*.pickle"))) == 1
    assert _convert(tmp_path) == expected


# The dataclass methods (exporter/dataclass_cache.py): the code objects a class gets from the
# cache are those @dataclass would compile.
METHODS = """
import dataclasses, sys, types, exporter.convert, exporter.narrative
def described(code):  # what code objects compare (marshal's bytes also depend on reference counts)
    fields = [getattr(code, a) for a in sorted(dir(code)) if a.startswith("co_") and a not in ("co_lines", "co_positions", "co_lnotab", "co_consts")]
    consts = [described(c) if isinstance(c, types.CodeType) else repr(c) for c in code.co_consts]
    return repr((fields, consts))
out = []
for name, module in sorted(sys.modules.items()):
    if not name.startswith("exporter"):
        continue
    for cls in sorted((c for c in vars(module).values() if dataclasses.is_dataclass(c) and isinstance(c, type)
                       and c.__module__ == name), key=lambda c: c.__qualname__):
        for attr in sorted(vars(cls)):
            code = getattr(vars(cls)[attr], "__code__", None)
            if code is not None:
                out.append(f"{name}.{cls.__qualname__}.{attr} {described(code)}")
from exporter import dataclass_cache
print(len(dataclass_cache._state.get("new") or {}))
print("\\n".join(out))
"""


def _methods(cache: Path | str) -> tuple[int, list[str]]:
    env = {**os.environ, "XBRL_EXPORT_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    lines = subprocess.run([sys.executable, "-c", METHODS], env=env, check=True, capture_output=True,
                           text=True).stdout.splitlines()
    return int(lines[0]), lines[1:]


def _dataclass_file(folder: Path) -> Path:
    files = list(folder.glob("dataclass*-*.marshal"))
    assert len(files) == 1, files
    return files[0]


def test_cached_dataclass_methods_are_what_dataclass_compiles(tmp_path):
    compiled_here, plain = _methods("")  # caching off
    assert compiled_here == 0 and len(plain) > 100
    compiled_first, first = _methods(tmp_path)  # fills the cache
    assert compiled_first > 100
    table = marshal.loads(_dataclass_file(tmp_path).read_bytes())
    for source, code in table.items():
        assert marshal.loads(code) == compile(source, "<string>", "exec", dont_inherit=True)
    compiled_second, second = _methods(tmp_path)  # served from the cache: nothing compiled
    assert compiled_second == 0
    assert plain == first == second
    assert _convert(tmp_path) == _convert("")


def test_damaged_dataclass_cache_is_rebuilt(tmp_path):
    _, expected = _methods("")
    _methods(tmp_path)
    path = _dataclass_file(tmp_path)
    path.write_bytes(path.read_bytes()[:1000])  # cut short
    assert _methods(tmp_path)[1] == expected
    assert isinstance(marshal.loads(path.read_bytes()), dict)
    # entries that are not code objects are compiled again, not trusted
    table = marshal.loads(path.read_bytes())
    junk = [b"junk", marshal.dumps("not code"), "not bytes", marshal.dumps(compile("1", "<string>", "exec"))[:-3]]
    path.write_bytes(marshal.dumps({source: junk[i % len(junk)] for i, source in enumerate(table)}))
    compiled, methods = _methods(tmp_path)
    assert methods == expected and compiled == len(table)
    path.write_bytes(marshal.dumps(["not", "a", "table"]))
    assert _methods(tmp_path)[1] == expected


def test_methods_of_edited_classes_age_out(tmp_path):
    _, expected = _methods("")
    _methods(tmp_path)
    path = _dataclass_file(tmp_path)
    used = marshal.loads(path.read_bytes())
    stale = marshal.dumps(compile("def f(): pass", "<string>", "exec"))
    path.write_bytes(marshal.dumps({f"# stale {i}": stale for i in range(2000)}))
    compiled, methods = _methods(tmp_path)
    assert methods == expected and compiled == len(used)
    table = marshal.loads(path.read_bytes())
    assert len(table) <= 600 and set(used) <= set(table)
    assert _methods(tmp_path) == (0, expected)
