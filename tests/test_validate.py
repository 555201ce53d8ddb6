"""The validator against the hand-written fixtures (Arelle's verdicts) and bad input."""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

from exporter.validate import Report, Validator, validate
from exporter.validate import cli as validate_cli

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
FIXTURES = SHARED / "conformance" / "arelle-fixtures"
needs_fixtures = pytest.mark.skipif(not FIXTURES.is_dir(), reason="../shared/conformance absent")


def _verdicts() -> list[tuple[str, bool, set[str]]]:
    rows = []
    for line in (FIXTURES / "VERDICTS.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| (\S+\.xml) \| .* \| (valid|INVALID) \| (.*) \|$", line)
        if m:
            codes = set(re.findall(r"`([^`]+)`", m.group(3)))
            rows.append((m.group(1), m.group(2) == "valid", codes))
    return rows


@pytest.fixture(scope="module")
def validator():
    with Validator() as v:
        yield v


@needs_fixtures
def test_verdicts_table_is_complete():
    assert len(_verdicts()) == 27


@needs_fixtures
@pytest.mark.parametrize("name,valid,codes", _verdicts() if FIXTURES.is_dir() else [])
def test_fixture_matches_arelle(validator, name, valid, codes):
    report = validator.validate(FIXTURES / name)
    assert report.valid == valid, [m.to_text() for m in report.messages]
    assert set(report.codes) == codes
    for message in report.messages:
        assert message.line is None or message.line > 0
        assert message.message and "\n" not in message.message


@needs_fixtures
def test_messages_carry_lines_and_actionable_text(validator):
    report = validator.validate(FIXTURES / "inv-03-duration-in-instant.xml")
    (message,) = report.errors
    assert message.line == 45
    assert "NetIncomeLoss" in message.message and "duration" in message.message


@needs_fixtures
def test_calc_modes(validator):
    inconsistent = FIXTURES / "inv-11-calc-inconsistent.xml"
    assert validate(inconsistent, calc="none").valid
    c11 = validate(inconsistent, calc="c11")
    assert [m.code for m in c11.inconsistencies] == ["calc11e:inconsistentCalculationUsingRounding"]
    assert validate(FIXTURES / "valid-edge.xml", calc="c11").valid


@needs_fixtures
def test_report_json_shape(validator):
    data = validator.validate(FIXTURES / "inv-11-calc-inconsistent.xml").to_json()
    assert set(data) == {"file", "valid", "errors", "warnings", "inconsistencies"}
    assert data["valid"] is False
    (entry,) = data["inconsistencies"]
    assert set(entry) == {"code", "message", "line"}


# ----------------------------------------------------------------------------- bad input


def _bad(tmp_path, name: str, data: bytes) -> Report:
    path = tmp_path / name
    path.write_bytes(data)
    return validate(path)


def test_empty_file(tmp_path):
    report = _bad(tmp_path, "empty.xml", b"")
    assert not report.valid and "empty" in report.errors[0].message


def test_binary_file(tmp_path):
    report = _bad(tmp_path, "blob.xml", bytes(range(256)) * 4)
    assert not report.valid and "binary" in report.errors[0].message


def test_not_xml(tmp_path):
    report = _bad(tmp_path, "notes.xml", b"Revenue was up 5% this quarter.\n")
    assert not report.valid and report.errors[0].code == "xmlSchema:syntax"


def test_html(tmp_path):
    report = _bad(tmp_path, "page.xml", b"<html><body><p>hello</p></body></html>")
    assert not report.valid and "HTML" in report.errors[0].message


def test_missing_and_directory(tmp_path):
    missing = validate(tmp_path / "nope.xml")
    assert missing.unreadable and not missing.valid
    folder = validate(tmp_path)
    assert folder.unreadable and "directory" in folder.errors[0].message


def test_schema_ref_to_unknown_url_is_named_not_downloaded(tmp_path):
    data = (b'<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" '
            b'xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink">'
            b'<link:schemaRef xlink:type="simple" xlink:href="http://example.invalid/tax/t.xsd"/></xbrli:xbrl>')
    report = _bad(tmp_path, "remote.xml", data)
    assert not report.valid
    assert any("http://example.invalid/tax/t.xsd" in m.message for m in report.errors)


ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance">&lol3;</xbrli:xbrl>"""


def test_entity_bomb_is_an_error(tmp_path):
    report = _bad(tmp_path, "bomb.xml", ENTITY_BOMB)
    assert not report.valid and "DTD" in report.errors[0].message


def test_external_entity_is_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    data = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'
            '<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance">&s;</xbrli:xbrl>').encode()
    report = _bad(tmp_path, "xxe.xml", data)
    assert not report.valid
    assert not any("TOP-SECRET" in m.message for m in report.messages)


# ----------------------------------------------------------------------------- CLI


def _args(*argv):
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    validate_cli.add_parser(sub)
    return parser.parse_args(["validate", *argv])


@needs_fixtures
def test_cli_exit_codes_and_text(capsys, tmp_path):
    assert validate_cli.run(_args(str(FIXTURES / "valid.xml"))) == 0
    assert validate_cli.run(_args(str(FIXTURES / "valid.xml"), str(FIXTURES / "inv-01-missing-context.xml"))) == 1
    out = capsys.readouterr().out
    assert re.search(r"inv-01-missing-context\.xml:45: error xbrl\.4\.6\.1:itemContextRef ", out)
    assert re.search(r"inv-01-missing-context\.xml: INVALID \(1 error", out)
    assert validate_cli.run(_args(str(FIXTURES / "valid.xml"), str(tmp_path / "missing.xml"))) == 2


@needs_fixtures
def test_cli_json_lines(capsys):
    assert validate_cli.run(_args("--format", "json", str(FIXTURES / "valid.xml"),
                                  str(FIXTURES / "inv-05-monetary-shares-unit.xml"))) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["valid"] is True and second["valid"] is False
    assert second["errors"][0]["code"] == "xbrl.4.8.2:monetaryFactUnit-notMonetaryMeasure"


def test_cli_bad_package_is_exit_2(capsys, tmp_path):
    assert validate_cli.run(_args("--package", str(tmp_path / "none.zip"), str(tmp_path / "x.xml"))) == 2
    assert "none.zip" in capsys.readouterr().err


@needs_fixtures
@pytest.mark.slow
def test_large_instance_streams_in_bounded_memory(tmp_path):
    """An instance above the whole-parse limit is streamed: peak memory stays a small
    multiple of the file, not of its tree (lxml trees take ~10x the file size)."""
    import shutil
    import subprocess
    import sys

    for name in ("relx.xsd", "relx-cal.xml", "relx-lab.xml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    big = tmp_path / "big.xml"
    subprocess.run([sys.executable, str(FIXTURES / "gen-synthetic.py"), "60000", str(big)], check=True,
                   stdout=subprocess.DEVNULL)
    size_mib = big.stat().st_size / 2**20
    from exporter.validate.instance import FULL_PARSE_LIMIT

    assert big.stat().st_size > FULL_PARSE_LIMIT
    # the child reports its own peak (VmHWM): ru_maxrss of a child forked from a large
    # pytest process would count the parent's pages it had before exec
    child = ("import sys, re; from exporter.validate import validate; ok = validate(sys.argv[1]).valid; "
             "status = open('/proc/self/status').read(); "
             "print(int(re.search(r'VmHWM:\\s+(\\d+)', status).group(1))); sys.exit(0 if ok else 1)")
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to measure the child's own peak memory")
    proc = subprocess.run([sys.executable, "-c", child, str(big)], cwd=Path(__file__).resolve().parents[1],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    peak_mib = int(proc.stdout.split()[-1]) / 1024
    assert peak_mib < 60 + 6 * size_mib, (peak_mib, size_mib)


def test_fragment_pointers_resolve_ids_and_element_scheme():
    from lxml import etree

    from exporter.validate.discovery import find_fragment
    from exporter.validate.dts import Document

    root = etree.fromstring('<r id="top"><a id="x"><b/><c id="y"/></a><d/></r>')
    doc = Document("mem.xml", "schema", None, root)
    assert find_fragment(doc, "y").tag == "c"
    assert find_fragment(doc, "element(x/2)").tag == "c"
    assert find_fragment(doc, "element(/1/2)").tag == "d"
    assert find_fragment(doc, "element(/1/1/1)").tag == "b"
    assert find_fragment(doc, "element(nothere)element(x)").tag == "a"
    assert find_fragment(doc, "element(/2)") is None
    assert find_fragment(doc, "missing") is None


@needs_fixtures
def test_dts_outcome_is_cached_by_content(tmp_path, monkeypatch):
    """The DTS model and its verdicts come from the disk cache while every document is
    unchanged (same messages, same files and lines), and are recomputed once one changes."""
    import shutil

    from exporter.validate import discovery

    monkeypatch.setenv("XBRL_EXPORT_CACHE", str(tmp_path / "cache"))
    for name in ("relx.xsd", "relx-cal.xml", "relx-lab.xml", "valid.xml"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    calc = tmp_path / "relx-cal.xml"
    good = calc.read_text(encoding="utf-8")
    calc.write_text(good.replace('xlink:to="SE" order="2" weight="1"', 'xlink:to="SE" order="2" weight="0"'),
                    encoding="utf-8")
    instance = tmp_path / "valid.xml"
    first = validate(instance)
    assert "xbrl.5.2.5.2.1:zeroWeight" in first.codes
    assert list((tmp_path / "cache").glob("model-*.pickle"))

    discoveries = []
    real = discovery.load_dts
    monkeypatch.setattr(discovery, "load_dts", lambda *a, **k: discoveries.append(1) or real(*a, **k))
    second = validate(instance)
    assert discoveries == []  # served from the cache
    assert [(m.code, m.file, m.line) for m in second.messages] == \
        [(m.code, m.file, m.line) for m in first.messages]

    calc.write_text(good, encoding="utf-8")  # fixed: the digest no longer matches
    third = validate(instance)
    assert discoveries == [1]
    assert third.valid, third.codes
    fourth = validate(instance)
    assert discoveries == [1] and fourth.valid


def test_core_schemas_are_valid_xml_schemas():
    """The validator skips the meta-schema check of our core schemas (for speed), so here
    every one of them must pass it strictly."""
    import xmlschema

    from exporter.validate.resolver import CORE_CATALOG, Resolver
    from exporter.validate.schemas import core_locations

    resolver = Resolver.create()
    mapper = lambda url: resolver.local_path(url) or url  # noqa: E731
    locations = sorted(p for p in core_locations() if p.endswith(".xsd") and not p.startswith("http"))
    assert len(locations) >= 10 and all(Path(p).parent == CORE_CATALOG.parent for p in locations)
    schema = xmlschema.XMLSchema(locations, uri_mapper=mapper, allow="local", validation="strict")
    assert not schema.all_errors


def test_bytes_the_declared_encoding_cannot_hold_are_a_syntax_error_not_a_crash(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b'<?xml version="1.0" encoding="UTF-8"?>\n'
                    b'<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance">\xff\xfe x</xbrli:xbrl>\n')
    from exporter.validate import validate as validate_file

    report = validate_file(bad)
    assert not report.valid
    assert [m.code for m in report.errors] == ["xmlSchema:syntax"]
    assert "encoding" in report.errors[0].message


_SHARED_SCHEMA = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xbrli="http://www.xbrl.org/2003/instance"
    xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink"
    targetNamespace="http://example.com/base" elementFormDefault="qualified">
  <xs:annotation><xs:appinfo>
    <link:linkbaseRef xlink:type="simple" xlink:href="base-lab.xml" xlink:arcrole="http://www.w3.org/1999/xlink/properties/linkbase"/>
  </xs:appinfo></xs:annotation>
  <xs:import namespace="http://www.xbrl.org/2003/instance" schemaLocation="http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"/>
  <xs:element id="b_Sales" name="Sales" type="xbrli:monetaryItemType" substitutionGroup="xbrli:item" xbrli:periodType="duration"/>
</xs:schema>"""
# a label linkbase whose locator lacks its (required) xlink:href: an XML Schema error
_SHARED_LABELS = """<link:linkbase xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink">
  <link:labelLink xlink:type="extended" xlink:role="http://www.xbrl.org/2003/role/link">
    <link:loc xlink:type="locator" xlink:label="sales"/>
  </link:labelLink>
</link:linkbase>"""
_EXTENSION = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xbrli="http://www.xbrl.org/2003/instance"
    targetNamespace="http://example.com/{name}" elementFormDefault="qualified">
  <xs:import namespace="http://www.xbrl.org/2003/instance" schemaLocation="http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"/>
  <xs:import namespace="http://example.com/base" schemaLocation="base.xsd"/>
  <xs:element id="e_{name}" name="{name}" type="xbrli:stringItemType" substitutionGroup="xbrli:item" xbrli:periodType="duration"/>
</xs:schema>"""
_INSTANCE = """<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:link="http://www.xbrl.org/2003/linkbase"
    xmlns:xlink="http://www.w3.org/1999/xlink">
  <link:schemaRef xlink:type="simple" xlink:href="{name}.xsd"/>
</xbrli:xbrl>"""


def test_shared_documents_verdicts_are_reused_across_extensions(tmp_path, monkeypatch):
    """Two extensions of one shared taxonomy: the second DTS takes the shared documents' schema
    verdicts from the per-document cache (not re-checked), and reports exactly what a run
    without any cache reports."""
    from exporter.validate import schemas

    (tmp_path / "base.xsd").write_text(_SHARED_SCHEMA, encoding="utf-8")
    (tmp_path / "base-lab.xml").write_text(_SHARED_LABELS, encoding="utf-8")
    for name in ("first", "second"):
        (tmp_path / f"{name}.xsd").write_text(_EXTENSION.format(name=name), encoding="utf-8")
        (tmp_path / f"{name}.xml").write_text(_INSTANCE.format(name=name), encoding="utf-8")
    monkeypatch.setenv("XBRL_EXPORT_CACHE", "")
    uncached = [(m.code, m.file, m.line) for m in validate(tmp_path / "second.xml").messages]
    assert any(m[0] == "xmlSchema:attributesRequired" and m[1].endswith("base-lab.xml") for m in uncached)

    monkeypatch.setenv("XBRL_EXPORT_CACHE", str(tmp_path / "cache"))
    validate(tmp_path / "first.xml")
    assert list((tmp_path / "cache").glob("doc-*.json"))
    checked = []
    real = schemas.SchemaSet._document_messages
    monkeypatch.setattr(schemas.SchemaSet, "_document_messages",
                        lambda self, schema, doc: checked.append(doc.url) or real(self, schema, doc))
    second = [(m.code, m.file, m.line) for m in validate(tmp_path / "second.xml").messages]
    assert second == uncached
    assert [url.rpartition("/")[2] for url in checked] == ["second.xsd"]  # the shared ones came from the cache

    # an extension with a schema error of its own, compiled with the shared schema trusted (it
    # compiled cleanly before): the same messages as without any cache
    broken = _EXTENSION.format(name="third").replace('type="xbrli:stringItemType"', 'type="xbrli:noSuchItemType"')
    (tmp_path / "third.xsd").write_text(broken, encoding="utf-8")
    (tmp_path / "third.xml").write_text(_INSTANCE.format(name="third"), encoding="utf-8")
    third = [(m.code, m.file, m.line) for m in validate(tmp_path / "third.xml").messages]
    monkeypatch.setenv("XBRL_EXPORT_CACHE", "")
    assert third == [(m.code, m.file, m.line) for m in validate(tmp_path / "third.xml").messages]
    assert any(m[0].startswith("xmlSchema:") and m[1].endswith("third.xsd") for m in third), third
