"""Fuzzing as a test (hypothesis): mutated releases of every input format through `convert`, and
hostile or mutated XML through `validate`.  Whatever the input: no crash (exit 70, an exception
other than the one-line ConvertError), no hang, no traceback, and validate opens nothing outside
the instance's folder and the bundled package.

A quick tier runs always; the long one carries the `slow` marker (`.ci/run` runs it)."""
from __future__ import annotations

import builtins
import mimetypes
import os
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, ROOT
from exporter import cli

FIXTURES = ROOT / "tests" / "fixtures" / "releases"
SEEDS = {
    "text": EXAMPLE,
    "html": FIXTURES / "lumen-2023q4-newsroom.html",
    "markdown": FIXTURES / "harbor-2024q3.md",
    "sgml": FIXTURES / "quarry-2001q3-submission.txt",
}
SECONDS_PER_CASE = 30  # far above any real case (a hang or a blow-up is what this catches)
QUICK = settings(max_examples=6, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])
LONG = settings(max_examples=80, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture])

# ------------------------------------------------------------------ mutated releases

# bytes that matter to the readers: table and markup punctuation, digits, signs, controls, UTF-8
# lead bytes, NUL
INTERESTING = b"|<>/&;#$%()-,.0123456789\t\n\r \x00\x01\x0b\x0c\x1b\x7f\x80\xc3\xe2\xef\xff"

mutation = st.tuples(
    st.sampled_from(["flip", "insert", "delete", "repeat", "truncate"]),
    st.floats(min_value=0, max_value=1, allow_nan=False),
    st.integers(min_value=1, max_value=400),
    st.one_of(st.sampled_from(list(INTERESTING)), st.integers(0, 255)),
)


def mutate(data: bytes, edits) -> bytes:
    data = bytearray(data)
    for op, where, size, byte in edits:
        at = int(where * len(data)) if data else 0
        if op == "flip" and data:
            data[min(at, len(data) - 1)] = byte
        elif op == "insert":
            data[at:at] = bytes([byte]) * (size % 8 + 1)
        elif op == "delete":
            del data[at:at + size]
        elif op == "repeat":
            data[at:at] = data[at:at + size] * 3
        elif op == "truncate":
            del data[at:]
    return bytes(data)


def convert_survives(release: bytes, suffix: str) -> None:
    """Convert in-process as the command line does: exit 0, 1 or 2 with one line, never 70."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"release{suffix}"
        source.write_bytes(release)
        out = Path(tmp) / "out"
        out.mkdir()
        start = time.perf_counter()
        code = cli.main(["convert", str(source), "-o", str(out / "r.xml"), "--report", str(out / "r.json"), "-q"])
        assert time.perf_counter() - start < SECONDS_PER_CASE
        assert code in (0, 1, 2), code
        written = sorted(p.name for p in out.iterdir())
        assert (code == 0) == ("r.xml" in written)
        if code != 0:
            assert written == []  # all or nothing


def _check_convert(kind: str, edits, capsys) -> None:
    seed = SEEDS[kind]
    convert_survives(mutate(seed.read_bytes(), edits), seed.suffix)
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err


@pytest.mark.parametrize("kind", sorted(SEEDS))
@QUICK
@given(edits=st.lists(mutation, min_size=1, max_size=6))
def test_mutated_releases_convert_or_fail_cleanly(kind, edits, capsys):
    _check_convert(kind, edits, capsys)


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(SEEDS))
@LONG
@given(edits=st.lists(mutation, min_size=1, max_size=20))
def test_mutated_releases_convert_or_fail_cleanly_long(kind, edits, capsys):
    _check_convert(kind, edits, capsys)


@QUICK
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=3000),
       kind=st.sampled_from(["<html><body><table><tr><td>", "| a | b |\n|---|---|\n| ", "<DOCUMENT>\n<TYPE>EX-99\n<TEXT>\n", ""]))
def test_arbitrary_text_converts_or_fails_cleanly(text, kind, capsys):
    convert_survives((kind + text).encode("utf-8", "surrogatepass"), ".txt")
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err


# ------------------------------------------------------------------ hostile XML for validate

NS = ('xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:link="http://www.xbrl.org/2003/linkbase" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
      'xmlns:xe="http://xbrl-export.org/taxonomy/2026/xe" xmlns:iso4217="http://www.xbrl.org/2003/iso4217"')
HOSTILE_HREFS = ["/dev/zero", "/dev/urandom", "/dev/stdin", "file:///etc/passwd", "file:///dev/zero",
                 "../../../../../../../../etc/passwd", "../../../../../../../../dev/zero", "/etc/shadow",
                 "file://localhost/etc/hosts", "%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "..\\..\\etc\\passwd",
                 "http://example.com/x.xsd", "", "#frag", "pipe.xsd", "self.xml",
                 "http://xbrl-export.org/taxonomy/2026/xe-2026.xsd",
                 "http://xbrl-export.org/taxonomy/2026/../../../../../../etc/passwd"]


@st.composite
def hostile_instance(draw) -> bytes:
    href = draw(st.sampled_from(HOSTILE_HREFS))
    parts = ['<?xml version="1.0" encoding="UTF-8"?>']
    prolog = draw(st.sampled_from([
        "",
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
        '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE x SYSTEM "/dev/zero">',
        '<?xml-stylesheet href="/dev/zero"?>',
    ]))
    parts.append(prolog)
    base = draw(st.sampled_from(["", ' xml:base="/etc/"', ' xml:base="file:///"', ' xml:base="../../../../"',
                                 ' xml:base="/dev/"']))
    hint = draw(st.sampled_from(["", f' xsi:schemaLocation="urn:x {href}"']))
    parts.append(f"<xbrli:xbrl {NS}{base}{hint}>")
    parts.append(f'<link:schemaRef xlink:type="simple" xlink:href="{href}"/>')
    if draw(st.booleans()):
        kind = draw(st.sampled_from(["linkbaseRef", "roleRef", "arcroleRef"]))
        extra = ' xlink:arcrole="http://www.w3.org/1999/xlink/properties/linkbase"' if kind == "linkbaseRef" else (
            ' roleURI="urn:r"' if kind == "roleRef" else ' arcroleURI="urn:a"')
        parts.append(f'<link:{kind} xlink:type="simple" xlink:href="{draw(st.sampled_from(HOSTILE_HREFS))}"{extra}/>')
    depth = draw(st.sampled_from([0, 0, 50, 300, 5000]))
    parts.append("<xbrli:context id='c'><xbrli:entity><xbrli:identifier scheme='urn:s'>E</xbrli:identifier>"
                 "<xbrli:segment>" + "<x:a xmlns:x='urn:x'>" * depth + "</x:a>" * depth +
                 "</xbrli:segment></xbrli:entity><xbrli:period><xbrli:instant>2024-01-01</xbrli:instant>"
                 "</xbrli:period></xbrli:context>")
    parts.append("<xbrli:unit id='u'><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unit>")
    for _ in range(draw(st.integers(0, 5))):
        value = draw(st.sampled_from(["1", "-0", "1e999", "NaN", "", "&c;", "&e;", "x" * 1000, "\u0660", "1" * 500]))
        decimals = draw(st.sampled_from(["0", "INF", "-99999999999999999999", "x"]))
        parts.append(f"<xe:Revenues contextRef='c' unitRef='u' decimals='{decimals}'>{value}</xe:Revenues>")
    parts.append("</xbrli:xbrl>")
    return "".join(parts).encode()


def _allowed_opens(folder: str) -> tuple[str, ...]:
    from exporter.resources import cache_dir, data_dir

    allowed = [os.path.realpath(folder), str(data_dir("taxonomy")), os.path.realpath(data_dir("taxonomy"))]
    cache = cache_dir()
    if cache is not None:
        allowed.append(str(cache))
    return tuple(allowed)


def validate_survives(document: bytes, monkeypatch, capsys, **files: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp) / "self.xml"
        instance.write_bytes(document)
        for name, data in files.items():
            (Path(tmp) / name).write_bytes(data)
        os.mkfifo(Path(tmp) / "pipe.xsd")
        opened: list[str] = []
        real_open, real_os_open = builtins.open, os.open
        with monkeypatch.context() as m:
            m.setattr(builtins, "open", lambda f, *a, **k: (opened.append(str(f)), real_open(f, *a, **k))[1])
            m.setattr(os, "open", lambda f, *a, **k: (opened.append(str(f)), real_os_open(f, *a, **k))[1])
            start = time.perf_counter()
            code = cli.main(["validate", str(instance)])
            assert time.perf_counter() - start < SECONDS_PER_CASE
        out, err = capsys.readouterr()
        assert code in (0, 1, 2), (code, err)
        assert "Traceback" not in err and "internal error" not in err, err
        allowed = _allowed_opens(tmp)
        strays = [p for p in opened if not os.path.realpath(p).startswith(allowed)
                  and not p.startswith(("/proc/", "/usr/", "/etc/localtime")) and "site-packages" not in p
                  and p not in mimetypes.knownfiles]  # (the standard library's own start-up reads)
        assert not strays, (strays, out)
        assert not any(p.endswith("pipe.xsd") for p in opened)


@pytest.fixture
def own_cache(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("XBRL_EXPORT_CACHE", str(tmp_path_factory.mktemp("fuzz-cache")))


@QUICK
@given(document=hostile_instance())
def test_hostile_instances_validate_cleanly_and_open_nothing_outside(document, monkeypatch, capsys, own_cache):
    validate_survives(document, monkeypatch, capsys)


@pytest.mark.slow
@LONG
@given(document=hostile_instance())
def test_hostile_instances_validate_cleanly_long(document, monkeypatch, capsys, own_cache):
    validate_survives(document, monkeypatch, capsys)


def _valid_instance() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        assert cli.main(["convert", str(EXAMPLE), "-o", f"{tmp}/acme.xml", "-q"]) == 0
        return Path(tmp, "acme.xml").read_bytes()


@pytest.fixture(scope="module")
def valid_instance() -> bytes:
    return _valid_instance()


@QUICK
@given(edits=st.lists(mutation, min_size=1, max_size=6), data=st.data())
def test_mutated_instances_validate_cleanly(edits, data, valid_instance, monkeypatch, capsys, own_cache):
    validate_survives(mutate(valid_instance, edits), monkeypatch, capsys)


@pytest.mark.slow
@LONG
@given(edits=st.lists(mutation, min_size=1, max_size=20))
def test_mutated_instances_validate_cleanly_long(edits, valid_instance, monkeypatch, capsys, own_cache):
    validate_survives(mutate(valid_instance, edits), monkeypatch, capsys)


@QUICK
@given(data=st.binary(max_size=2000))
def test_random_bytes_validate_cleanly(data, monkeypatch, capsys, own_cache):
    validate_survives(data, monkeypatch, capsys)
