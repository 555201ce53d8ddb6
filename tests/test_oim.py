"""OIM 1.0: `convert --format xbrl-json|xbrl-csv`, `xbrl-export oim`, and `validate` reading
xBRL-JSON back; Arelle (test-only oracle, offline) finds the same facts in every form."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from exporter import oim
from exporter.cli import main
from exporter.model import Context, Entity, Fact, Instance, Member, Period, Unit
from tests.conftest import EXAMPLE, HAVE_ARELLE, SHARED

FIXTURES = SHARED / "conformance" / "arelle-fixtures"
needs_fixtures = pytest.mark.skipif(not FIXTURES.is_dir(), reason="../shared/conformance absent")
ARELLE_FACTS = Path(__file__).with_name("arelle_facts.py")


def _model() -> Instance:
    entity = Entity("0000123456", "http://www.sec.gov/CIK")
    quarter = Context(entity, Period.duration(date(2024, 7, 1), date(2024, 9, 30)))
    segment = Context(entity, quarter.period, (Member("xe:StatementGeographicalAxis", "xe:AmericasMember"),))
    end = Context(entity, Period.instant(date(2024, 9, 30)))
    facts = [
        Fact("xe:Revenues", quarter, "1500000", Unit(("iso4217:USD",)), "-3"),
        Fact("xe:Revenues", segment, "900000", Unit(("iso4217:USD",)), "-3"),
        Fact("xe:EarningsPerShareBasic", quarter, "0.12", Unit(("iso4217:USD",), ("xbrli:shares",)), "2"),
        Fact("xe:Assets", end, "", Unit(("iso4217:USD",)), None),  # nil
        Fact("xe:EffectiveIncomeTaxRate", quarter, "0.21", Unit(("xbrli:pure",)), "INF"),
        Fact("xe:EntityRegistrantName", quarter, "#1 Widgets"),
    ]
    return Instance(entity, facts, ["xe-2026.xsd"], {"xe": "http://xbrl-export.org/taxonomy/2026/xe"})


def test_oim_report_from_our_model():
    report = oim.from_model(_model())
    revenue, americas, eps, assets, rate, name = report.facts
    assert revenue.entity == "cik:0000123456" and report.namespaces["cik"] == "http://www.sec.gov/CIK"
    # XML's last day of a period is OIM's midnight after it
    assert revenue.period == "2024-07-01T00:00:00/2024-10-01T00:00:00"
    assert assets.period == "2024-10-01T00:00:00"
    assert revenue.unit == "iso4217:USD" and revenue.decimals == -3 and revenue.value == "1500000"
    assert americas.dimensions == {"xe:StatementGeographicalAxis": "xe:AmericasMember"}
    assert eps.unit == "iso4217:USD/xbrli:shares" and eps.decimals == 2
    assert assets.value is None and assets.decimals is None
    assert rate.unit is None and rate.decimals is None  # pure is OIM's default unit; INF has no decimals
    assert name.unit is None and name.value == "#1 Widgets"
    assert {"xbrl", "xe", "iso4217", "xbrli", "cik"} <= set(report.namespaces)


def test_unit_strings():
    assert oim.unit_string(["iso4217:USD"]) == "iso4217:USD"
    assert oim.unit_string(["xbrli:pure"]) is None
    assert oim.unit_string(["xbrli:pure"], ["xbrli:shares"]) == "xbrli:pure/xbrli:shares"
    assert oim.unit_string(["u:b", "u:a"], ["u:c"]) == "(u:a*u:b)/u:c"


def test_xbrl_json_document():
    document = json.loads(oim.xbrl_json(oim.from_model(_model())))
    assert document["documentInfo"]["documentType"] == "https://xbrl.org/2021/xbrl-json"
    assert document["documentInfo"]["taxonomy"] == ["xe-2026.xsd"]
    f1 = document["facts"]["f1"]
    assert f1 == {"value": "1500000", "decimals": -3,
                  "dimensions": {"concept": "xe:Revenues", "entity": "cik:0000123456",
                                 "period": "2024-07-01T00:00:00/2024-10-01T00:00:00", "unit": "iso4217:USD"}}
    assert document["facts"]["f4"]["value"] is None
    assert "unit" not in document["facts"]["f5"]["dimensions"]


def test_xbrl_csv_metadata_and_table():
    meta, table = oim.xbrl_csv(oim.from_model(_model()), "r-facts.csv")
    metadata = json.loads(meta)
    assert metadata["documentInfo"]["documentType"] == "https://xbrl.org/2021/xbrl-csv"
    assert metadata["tables"] == {"facts": {"template": "facts", "url": "r-facts.csv"}}
    template = metadata["tableTemplates"]["facts"]
    assert template["dimensions"]["xe:StatementGeographicalAxis"] == "$xe_StatementGeographicalAxis"
    rows = list(csv.DictReader(io.StringIO(table.decode())))
    assert list(rows[0]) == list(template["columns"])
    assert rows[1]["xe_StatementGeographicalAxis"] == "xe:AmericasMember"
    assert rows[0]["xe_StatementGeographicalAxis"] == ""  # no member: the dimension is absent
    assert rows[3]["value"] == "#nil"
    assert rows[5]["value"] == "##1 Widgets"  # a leading '#' is escaped
    assert rows[5]["unit"] == "" and rows[5]["decimals"] == ""


def test_convert_writes_oim_forms_beside_the_extension(tmp_path):
    assert main(["convert", str(EXAMPLE), "-o", str(tmp_path / "a.json"), "--format", "xbrl-json", "-q"]) == 0
    assert main(["convert", str(EXAMPLE), "-o", str(tmp_path / "c.json"), "--format", "xbrl-csv", "-q"]) == 0
    document = json.loads((tmp_path / "a.json").read_text())
    assert document["documentInfo"]["taxonomy"] in (["a-ext.xsd"], ["http://xbrl-export.org/taxonomy/2026/xe-2026.xsd"])
    for ref in document["documentInfo"]["taxonomy"]:
        assert "://" in ref or (tmp_path / ref).is_file()
    assert (tmp_path / "c-facts.csv").is_file()
    assert json.loads((tmp_path / "c.json").read_text())["tables"]["facts"]["url"] == "c-facts.csv"
    # several releases into a folder: NAME.json each
    folder = tmp_path / "many"
    assert main(["convert", str(EXAMPLE), str(EXAMPLE.parent), "-o", str(folder), "--format", "xbrl-json", "-q"]) == 0
    assert (folder / (EXAMPLE.stem + ".json")).is_file()


def _same_facts(report: oim.OimReport) -> list[tuple]:
    return sorted((f.concept, f.entity, f.period, f.unit, tuple(sorted(f.dimensions.items())), f.decimals, f.value)
                  for f in report.facts)


def test_oim_of_our_xml_equals_convert_from_the_model(tmp_path):
    import exporter
    from exporter import facts, render

    instance = exporter.convert(EXAMPLE)
    render.write_instance(instance, tmp_path / "e.xml")
    from_model = oim.from_model(instance)
    rows = facts.facts(tmp_path / "e.xml")
    from_xml = oim.from_rows(rows, ["e.xml"])
    assert _same_facts(from_model) == _same_facts(from_xml)
    assert len(from_xml.facts) == len(instance.facts)


def test_oim_command(tmp_path, capsys):
    assert main(["convert", str(EXAMPLE), "-o", str(tmp_path / "e.xml"), "-q"]) == 0
    capsys.readouterr()
    assert main(["oim", str(tmp_path / "e.xml"), "--format", "xbrl-json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["facts"]
    assert main(["oim", str(tmp_path / "e.xml"), "--format", "xbrl-csv", "-o", str(tmp_path / "out" / "e.json")]) == 2
    assert "does not exist" in capsys.readouterr().err
    (tmp_path / "out").mkdir()
    assert main(["oim", str(tmp_path / "e.xml"), "--format", "xbrl-csv", "-o", str(tmp_path / "out" / "e.json")]) == 0
    metadata = json.loads((tmp_path / "out" / "e.json").read_text())
    # schema references relative to where the report was written
    for ref in metadata["documentInfo"]["taxonomy"]:
        assert "://" in ref or (tmp_path / "out" / ref).resolve().is_file()
    assert (tmp_path / "out" / "e-facts.csv").is_file()


@pytest.mark.parametrize("args, status, text", [
    (["oim", "{xml}", "--format", "xbrl-csv"], 2, "-o NAME.json"),
    (["oim", "missing.xml", "--format", "xbrl-json"], 2, "file not found"),
    (["oim", "{xml}", "--format", "xbrl-json", "-o", "{xml}"], 2, "input"),
    (["convert", str(EXAMPLE), "-o", "-", "--format", "xbrl-csv"], 2, "metadata file"),
])
def test_oim_bad_input_is_one_line(tmp_path, capsys, args, status, text):
    xml = tmp_path / "e.xml"
    assert main(["convert", str(EXAMPLE), "-o", str(xml), "-q"]) == 0
    capsys.readouterr()
    assert main([a.format(xml=xml) for a in args]) == status
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and text in err and "Traceback" not in err


# ---------------------------------------------------------------- validate reads xBRL-JSON

def test_validate_reads_xbrl_json(tmp_path, capsys):
    assert main(["convert", str(EXAMPLE), "-o", str(tmp_path / "e.json"), "--format", "xbrl-json", "-q"]) == 0
    capsys.readouterr()
    assert main(["validate", str(tmp_path / "e.json")]) == 0
    assert "valid (0 errors" in capsys.readouterr().out
    # an unknown concept is found as in XML
    document = json.loads((tmp_path / "e.json").read_text())
    first = next(iter(document["facts"].values()))
    first["dimensions"]["concept"] = "xe:NoSuchConcept"
    (tmp_path / "bad.json").write_text(json.dumps(document))
    assert main(["validate", str(tmp_path / "bad.json")]) == 1
    assert "NoSuchConcept" in capsys.readouterr().out


@needs_fixtures
def test_validate_finds_a_calculation_inconsistency_in_xbrl_json(tmp_path, capsys):
    source = FIXTURES / "inv-11-calc-inconsistent.xml"
    target = tmp_path / "inv.json"
    # (the fixture's taxonomy stays in its folder: reach it with --root, as validate would)
    assert main(["oim", str(source), "--format", "xbrl-json", "-o", str(target)]) == 0
    capsys.readouterr()
    assert main(["validate", str(target), "--root", str(FIXTURES), "--format", "json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert [m["code"] for m in result["inconsistencies"]] == ["xbrl.5.2.5.2:calcInconsistency"]
    assert main(["validate", str(target), "--root", str(FIXTURES), "--calc", "none"]) == 0


@pytest.mark.parametrize("text, code", [
    ("{", "xbrlje:invalidJSON"),
    ('{"facts": {}}', "xbrlje:invalidJSONStructure"),
    ('{"documentInfo": {"documentType": "https://xbrl.org/2021/xbrl-json", "namespaces": {}},'
     ' "facts": {"f1": {"value": "1", "dimensions": {"concept": "xe:Revenues", "entity": "e:1"}}}}',
     "oimce:unboundPrefix"),
    ('{"documentInfo": {"documentType": "https://xbrl.org/2021/xbrl-json", "namespaces": {"e": "http://e"}},'
     ' "facts": {"f1": {"value": "1", "dimensions": {"concept": "e:A", "entity": "e:1", "period": "2024"}}}}',
     "oimce:invalidPeriodRepresentation"),
])
def test_validate_reports_malformed_xbrl_json(tmp_path, capsys, text, code):
    path = tmp_path / "r.json"
    path.write_text(text)
    assert main(["validate", str(path), "--format", "json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert [m["code"] for m in result["errors"]] == [code]


def test_validate_says_it_does_not_read_xbrl_csv(tmp_path, capsys):
    assert main(["convert", str(EXAMPLE), "-o", str(tmp_path / "c.json"), "--format", "xbrl-csv", "-q"]) == 0
    capsys.readouterr()
    assert main(["validate", str(tmp_path / "c.json")]) == 2
    out = capsys.readouterr().out
    assert "validate reads XML and xBRL-JSON only" in out and "could not be read" in out


# ---------------------------------------------------------------- Arelle, the oracle

def _arelle_facts(package: Path, files: list[Path]) -> dict:
    proc = subprocess.run([sys.executable, str(ARELLE_FACTS), str(package)] + [str(f) for f in files],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def arelle_oracle(test):
    """A slow test that asks Arelle (the test-only oracle), skipped where it is not installed."""
    marks = (pytest.mark.slow, pytest.mark.arelle,
             pytest.mark.skipif(not HAVE_ARELLE, reason="arelle-release is not installed"))
    for mark in reversed(marks):
        test = mark(test)
    return test


@pytest.fixture
def package(tmp_path):
    """Our taxonomy package, for Arelle offline."""
    from exporter import taxonomy

    path = tmp_path / "xe.zip"
    taxonomy.write_zip(path)
    return path


def _key(fact: dict) -> str:
    return json.dumps(fact, sort_keys=True)


@arelle_oracle
def test_arelle_finds_the_same_facts_in_every_form(tmp_path, package):
    xml, as_json, as_csv = tmp_path / "e.xml", tmp_path / "j.json", tmp_path / "c.json"
    assert main(["convert", str(EXAMPLE), "-o", str(xml), "-q"]) == 0
    assert main(["convert", str(EXAMPLE), "-o", str(as_json), "--format", "xbrl-json", "-q"]) == 0
    assert main(["convert", str(EXAMPLE), "-o", str(as_csv), "--format", "xbrl-csv", "-q"]) == 0
    oim_json, oim_csv = tmp_path / "o" / "oj.json", tmp_path / "o" / "oc.json"
    oim_json.parent.mkdir()
    assert main(["oim", str(xml), "--format", "xbrl-json", "-o", str(oim_json)]) == 0
    assert main(["oim", str(xml), "--format", "xbrl-csv", "-o", str(oim_csv)]) == 0
    files = [xml, as_json, as_csv, oim_json, oim_csv]
    if FIXTURES.is_dir():  # an instance we did not write, with an explicit dimension
        fixture_json, fixture_csv = tmp_path / "o" / "dim.json", tmp_path / "o" / "dimc.json"
        assert main(["oim", str(FIXTURES / "valid-dim.xml"), "--format", "xbrl-json", "-o", str(fixture_json)]) == 0
        assert main(["oim", str(FIXTURES / "valid-dim.xml"), "--format", "xbrl-csv", "-o", str(fixture_csv)]) == 0
        files += [FIXTURES / "valid-dim.xml", fixture_json, fixture_csv]
    xdt = SHARED / "conformance" / "xdt" / "300-factlist" / "301-factlist" / "apart.xml"
    if xdt.is_file():  # a conformance-suite instance: its facts differ only by dimensions
        xdt_json, xdt_csv = tmp_path / "o" / "xdt.json", tmp_path / "o" / "xdtc.json"
        assert main(["oim", str(xdt), "--format", "xbrl-json", "-o", str(xdt_json)]) == 0
        assert main(["oim", str(xdt), "--format", "xbrl-csv", "-o", str(xdt_csv)]) == 0
        files += [xdt, xdt_json, xdt_csv]
    found = _arelle_facts(package, files)
    for name, result in found.items():
        assert result["problems"] == [], name
    expected = sorted(map(_key, found[str(xml)]["facts"]))
    assert len(expected) > 20
    assert any(f["dims"] for f in found[str(xml)]["facts"])
    for other in (as_json, as_csv, oim_json, oim_csv):
        assert sorted(map(_key, found[str(other)]["facts"])) == expected, other
    if FIXTURES.is_dir():
        dim = sorted(map(_key, found[str(FIXTURES / "valid-dim.xml")]["facts"]))
        assert any(json.loads(k)["dims"] for k in dim)
        assert sorted(map(_key, found[str(fixture_json)]["facts"])) == dim
        assert sorted(map(_key, found[str(fixture_csv)]["facts"])) == dim
    if xdt.is_file():
        expected = sorted(map(_key, found[str(xdt)]["facts"]))
        assert len(expected) == 4
        assert sorted(map(_key, found[str(xdt_json)]["facts"])) == expected
        assert sorted(map(_key, found[str(xdt_csv)]["facts"])) == expected


@arelle_oracle
def test_arelle_oracle_can_fail(tmp_path, package):
    """The comparison above can fail: a tampered xBRL-JSON value differs, a bad concept is reported."""
    as_json = tmp_path / "j.json"
    assert main(["convert", str(EXAMPLE), "-o", str(as_json), "--format", "xbrl-json", "-q"]) == 0
    document = json.loads(as_json.read_text())
    first = next(iter(document["facts"].values()))
    first["dimensions"]["concept"] = "xe:NoSuchConcept"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document))
    found = _arelle_facts(package, [as_json, bad])
    assert found[str(as_json)]["problems"] == []
    assert any("NoSuchConcept" in p for p in found[str(bad)]["problems"])


def test_oim_report_and_output_in_one_folder_is_refused(tmp_path, capsys):
    folder = tmp_path / "out"
    assert main(["convert", str(EXAMPLE), str(EXAMPLE.parent), "-o", str(folder), "--report", str(folder),
                 "--format", "xbrl-json", "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "same folder" in err
    assert not any(folder.glob("*.json"))
