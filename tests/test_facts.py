"""`xbrl-export facts` / exporter.facts: any instance flattened to one labelled row per fact."""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

import exporter
from exporter import facts as facts_mod
from exporter.cli import main
from tests.conftest import EXAMPLE, SHARED

FIXTURES = SHARED / "conformance" / "arelle-fixtures"
needs_fixtures = pytest.mark.skipif(not FIXTURES.is_dir(), reason="../shared/conformance absent")

# A small taxonomy of someone else's: labels in two languages, a typed and an explicit axis.
SCHEMA = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xbrli="http://www.xbrl.org/2003/instance"
    xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:xbrldt="http://xbrl.org/2005/xbrldt" xmlns:t="http://example.com/t"
    targetNamespace="http://example.com/t" elementFormDefault="qualified">
  <xs:annotation><xs:appinfo>
    <link:linkbaseRef xlink:type="simple" xlink:href="t-lab.xml" xlink:role="http://www.xbrl.org/2003/role/labelLinkbaseRef"
        xlink:arcrole="http://www.w3.org/1999/xlink/properties/linkbase"/>
  </xs:appinfo></xs:annotation>
  <xs:import namespace="http://www.xbrl.org/2003/instance" schemaLocation="http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd"/>
  <xs:import namespace="http://xbrl.org/2005/xbrldt" schemaLocation="http://www.xbrl.org/2005/xbrldt-2005.xsd"/>
  <xs:element id="t_Sales" name="Sales" type="xbrli:monetaryItemType" substitutionGroup="xbrli:item"
      xbrli:periodType="duration" nillable="true"/>
  <xs:element id="t_Ratio" name="Ratio" type="xbrli:pureItemType" substitutionGroup="xbrli:item" xbrli:periodType="instant"/>
  <xs:element id="t_Note" name="Note" type="xbrli:stringItemType" substitutionGroup="xbrli:item" xbrli:periodType="duration"/>
  <xs:element id="t_StoreAxis" name="StoreAxis" type="xbrli:stringItemType" substitutionGroup="xbrldt:dimensionItem"
      abstract="true" xbrli:periodType="duration" xbrldt:typedDomainRef="#t_Store"/>
  <xs:element id="t_Store" name="Store" type="xs:integer"/>
  <xs:element id="t_RegionAxis" name="RegionAxis" type="xbrli:stringItemType" substitutionGroup="xbrldt:dimensionItem"
      abstract="true" xbrli:periodType="duration"/>
  <xs:element id="t_North" name="North" type="xbrli:stringItemType" substitutionGroup="xbrli:item"
      abstract="true" xbrli:periodType="duration"/>
</xs:schema>
"""

LABELS = """<?xml version="1.0" encoding="UTF-8"?>
<link:linkbase xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink">
  <link:labelLink xlink:type="extended" xlink:role="http://www.xbrl.org/2003/role/link">
    <link:loc xlink:type="locator" xlink:href="t.xsd#t_Sales" xlink:label="sales"/>
    <link:label xlink:type="resource" xlink:label="sales_de" xlink:role="http://www.xbrl.org/2003/role/label" xml:lang="de">Umsatz</link:label>
    <link:label xlink:type="resource" xlink:label="sales_en" xlink:role="http://www.xbrl.org/2003/role/label" xml:lang="en-US">Net   sales</link:label>
    <link:label xlink:type="resource" xlink:label="sales_terse" xlink:role="http://www.xbrl.org/2003/role/terseLabel" xml:lang="en">Sales</link:label>
    <link:labelArc xlink:type="arc" xlink:arcrole="http://www.xbrl.org/2003/arcrole/concept-label" xlink:from="sales" xlink:to="sales_de"/>
    <link:labelArc xlink:type="arc" xlink:arcrole="http://www.xbrl.org/2003/arcrole/concept-label" xlink:from="sales" xlink:to="sales_en"/>
    <link:labelArc xlink:type="arc" xlink:arcrole="http://www.xbrl.org/2003/arcrole/concept-label" xlink:from="sales" xlink:to="sales_terse"/>
    <link:loc xlink:type="locator" xlink:href="t.xsd#t_Ratio" xlink:label="ratio"/>
    <link:label xlink:type="resource" xlink:label="ratio_de" xlink:role="http://www.xbrl.org/2003/role/label" xml:lang="de">Quote</link:label>
    <link:labelArc xlink:type="arc" xlink:arcrole="http://www.xbrl.org/2003/arcrole/concept-label" xlink:from="ratio" xlink:to="ratio_de"/>
  </link:labelLink>
</link:linkbase>
"""

INSTANCE = """<?xml version="1.0" encoding="UTF-8"?>
<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance" xmlns:link="http://www.xbrl.org/2003/linkbase"
    xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:iso4217="http://www.xbrl.org/2003/iso4217"
    xmlns:xbrldi="http://xbrl.org/2006/xbrldi" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xmlns:q="http://example.com/t">
  <link:schemaRef xlink:type="simple" xlink:href="t.xsd"/>
  <xbrli:context id="y">
    <xbrli:entity><xbrli:identifier scheme="http://example.com/id">ACME</xbrli:identifier></xbrli:entity>
    <xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period>
  </xbrli:context>
  <xbrli:context id="y_store">
    <xbrli:entity><xbrli:identifier scheme="http://example.com/id">ACME</xbrli:identifier>
      <xbrli:segment>
        <xbrldi:typedMember dimension="q:StoreAxis"><q:Store> 42 </q:Store></xbrldi:typedMember>
        <xbrldi:explicitMember dimension="q:RegionAxis">q:North</xbrldi:explicitMember>
      </xbrli:segment></xbrli:entity>
    <xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate><xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period>
  </xbrli:context>
  <xbrli:context id="end">
    <xbrli:entity><xbrli:identifier scheme="http://example.com/id">ACME</xbrli:identifier></xbrli:entity>
    <xbrli:period><xbrli:instant>2024-12-31</xbrli:instant></xbrli:period>
  </xbrli:context>
  <xbrli:unit id="eur"><xbrli:measure>iso4217:EUR</xbrli:measure></xbrli:unit>
  <xbrli:unit id="pure"><xbrli:measure>xbrli:pure</xbrli:measure></xbrli:unit>
  <q:Sales contextRef="y" unitRef="eur" decimals="-3">1250000</q:Sales>
  <q:Sales contextRef="y_store" unitRef="eur" decimals="INF"> -12.50 </q:Sales>
  <q:Sales contextRef="end_missing" unitRef="eur" decimals="0">1</q:Sales>
  <q:Ratio contextRef="end" unitRef="pure" precision="3">0.25</q:Ratio>
  <q:Note contextRef="y">Restated, see note 4</q:Note>
</xbrli:xbrl>
"""


def _taxonomy_folder(tmp_path: Path, instance: str = INSTANCE) -> Path:
    (tmp_path / "t.xsd").write_text(SCHEMA)
    (tmp_path / "t-lab.xml").write_text(LABELS)
    path = tmp_path / "i.xml"
    path.write_text(instance)
    return path


def test_rows_of_an_instance_we_did_not_write(tmp_path):
    rows = exporter.facts(_taxonomy_folder(tmp_path))
    # the fact whose context does not exist is left out (validate reports it), and counted
    assert [r.concept for r in rows] == ["q:Sales", "q:Sales", "q:Ratio", "q:Note"]
    assert rows.left_out == 1
    sales, store, ratio, note = rows
    # standard label, English (en-US) preferred over German, whitespace collapsed; not the terse one
    assert sales.label == "Net sales"
    assert ratio.label == "Quote"  # the only standard label it has
    assert note.label == ""
    assert (sales.start, sales.end, sales.instant) == ("2024-01-01", "2024-12-31", None)
    assert (ratio.start, ratio.end, ratio.instant) == (None, None, "2024-12-31")
    assert sales.value == Decimal("1250000") and sales.unit == "EUR" and sales.decimals == "-3"
    assert store.value == Decimal("-12.50") and store.decimals == "INF"
    assert store.dimensions == {"q:StoreAxis": "42", "q:RegionAxis": "q:North"}
    assert ratio.unit == "pure" and ratio.precision == "3" and ratio.decimals is None
    assert note.value == "Restated, see note 4" and note.unit is None and not note.numeric
    assert (sales.entity, sales.entity_scheme) == ("ACME", "http://example.com/id")
    assert rows.namespaces["q"] == "http://example.com/t"


def test_undeclared_facts_are_counted_and_named_on_stderr(tmp_path, capsys):
    path = _taxonomy_folder(tmp_path, INSTANCE.replace('<q:Note contextRef="y">', '<q:Nope contextRef="y">')
                            .replace("</q:Note>", "</q:Nope>"))
    assert exporter.facts(path).left_out == 2
    assert main(["facts", str(path), "-o", str(tmp_path / "f.csv")]) == 0
    err = capsys.readouterr().err
    assert "2 fact(s) left out" in err


def test_instance_language_wins(tmp_path):
    rows = exporter.facts(_taxonomy_folder(tmp_path, INSTANCE.replace(
        'xmlns:q="http://example.com/t">', 'xmlns:q="http://example.com/t" xml:lang="de">')))
    assert rows[0].label == "Umsatz"


def test_nil_fact_is_flagged_with_an_empty_value(tmp_path):
    path = _taxonomy_folder(tmp_path, INSTANCE.replace(
        '<q:Sales contextRef="y" unitRef="eur" decimals="-3">1250000</q:Sales>',
        '<q:Sales contextRef="y" unitRef="eur" xsi:nil="true"/>'))
    rows = exporter.facts(path)
    assert rows[0].nil and rows[0].value is None
    table = list(csv.DictReader(io.StringIO(facts_mod.render(rows, "csv").decode())))
    assert (table[0]["value"], table[0]["nil"]) == ("", "true")
    assert table[1]["nil"] == ""


def test_csv_jsonl_and_json_forms(tmp_path):
    rows = exporter.facts(_taxonomy_folder(tmp_path))
    table = list(csv.DictReader(io.StringIO(facts_mod.render(rows, "csv").decode())))
    assert list(table[0]) == list(facts_mod.COLUMNS)
    assert table[1]["dimensions"] == "q:StoreAxis=42; q:RegionAxis=q:North"
    assert table[1]["value"] == "-12.50"
    lines = facts_mod.render(rows, "jsonl").decode().splitlines()
    assert len(lines) == 4 and json.loads(lines[1])["dimensions"] == {"q:StoreAxis": "42", "q:RegionAxis": "q:North"}
    document = json.loads(facts_mod.render(rows, "json"))
    assert document["namespaces"]["q"] == "http://example.com/t" and len(document["facts"]) == 4
    assert document["facts"][0]["value"] == "1250000"


def test_to_dataframe_or_a_clear_error(tmp_path):
    rows = exporter.facts(_taxonomy_folder(tmp_path))
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(exporter.model.ConvertError, match="needs pandas"):
            rows.to_dataframe()
        return
    frame = rows.to_dataframe()
    assert list(frame.columns) == list(facts_mod.COLUMNS) and len(frame) == 4
    assert frame["value"][0] == Decimal("1250000")


def test_our_own_instance_with_report_and_convert_facts(tmp_path, capsys):
    out, report, table = tmp_path / "acme.xml", tmp_path / "acme.json", tmp_path / "acme.csv"
    assert main(["convert", str(EXAMPLE), "-o", str(out), "--report", str(report), "--facts", str(table), "-q"]) == 0
    provenance = json.loads(report.read_text())
    written = list(csv.DictReader(io.StringIO(table.read_text())))
    # every fact of the instance, numeric ones from the release and the document facts
    assert len(written) == provenance["summary"]["facts"]
    assert all(row["label"] for row in written)
    assert all(row["line"] and row["column"] for row in written)
    # the printed label and line are the report's
    first = provenance["facts"][0]
    match = next(r for r in written if r["concept"] == first["concept"] and r["line"] == str(first["source"]["line"])
                 and r["column"] == str(first["source"]["column"]))
    assert match["printed_label"] == first["source"]["label"]
    # `facts --report` lists the same table convert wrote
    capsys.readouterr()
    assert main(["facts", str(out), "--report", str(report)]) == 0
    assert capsys.readouterr().out == table.read_text()
    # without the report: no provenance columns filled
    assert main(["facts", str(out), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == len(written) and all(r["line"] is None for r in rows)


def test_facts_of_several_files_in_one_table(tmp_path, capsys):
    path = _taxonomy_folder(tmp_path)
    out = tmp_path / "all.jsonl"
    assert main(["facts", str(path), str(path), "-o", str(out)]) == 0
    assert len(out.read_text().splitlines()) == 8  # format from the suffix


@needs_fixtures
def test_a_conformance_instance(capsys):
    assert main(["facts", str(FIXTURES / "valid-edge.xml"), "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert table and all(row["label"] for row in table)
    nil = [r for r in table if r["nil"] == "true"]
    assert nil and all(r["value"] == "" for r in nil)
    assert any(r["precision"] == "4" for r in table) and any(r["decimals"] == "INF" for r in table)


XDT = SHARED / "conformance" / "xdt" / "300-factlist" / "301-factlist" / "apart.xml"


@pytest.mark.skipif(not XDT.is_file(), reason="../shared/conformance absent")
def test_a_dimensions_conformance_suite_instance():
    rows = exporter.facts(XDT)
    assert len(rows) == 4 and all(r.label == "Primary 01" for r in rows)
    assert {tuple(sorted(r.dimensions)) for r in rows} == {
        (), ("apart:Dimension01",), ("apart:Dimension02",), ("apart:Dimension01", "apart:Dimension02")}
    assert all(r.instant == "2009-12-31" and r.unit == "USD" for r in rows)


@pytest.mark.parametrize("args, status, text", [
    (["facts", "missing.xml"], 2, "file not found"),
    (["facts", "{folder}"], 2, "directory"),
    (["facts", "{schema}"], 1, "not an XBRL instance"),
    (["facts", "{html}"], 1, "not an XBRL instance"),
    (["facts", "{broken}"], 1, "not well-formed"),
    (["facts", "{instance}", "--report", "{schema}"], 1, "not a convert --report JSON"),
    (["facts", "{instance}", "--report", "a.json", "--report", "b.json"], 2, "one per FILE"),
    (["facts", "{instance}", "--format", "xml"], 2, "invalid choice"),
])
def test_bad_input_is_one_line(tmp_path, capsys, args, status, text):
    instance = _taxonomy_folder(tmp_path)
    (tmp_path / "page.html").write_text("<html><body>hi</body></html>")
    (tmp_path / "broken.xml").write_text("<xbrli:xbrl")
    names = {"folder": tmp_path, "schema": tmp_path / "t.xsd", "html": tmp_path / "page.html",
             "broken": tmp_path / "broken.xml", "instance": instance}
    argv = [a.format(**names) for a in args]
    if status == 2 and text == "invalid choice":
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
        return
    assert main(argv) == status
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and text in err and "Traceback" not in err


def test_facts_refuses_to_write_over_its_input(tmp_path, capsys):
    path = _taxonomy_folder(tmp_path)
    assert main(["facts", str(path), "-o", str(path)]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_convert_facts_needs_xml(tmp_path, capsys):
    assert main(["convert", str(EXAMPLE), "-o", str(tmp_path / "a.json"), "--format", "xbrl-json",
                 "--facts", str(tmp_path / "a.csv")]) == 2
    assert "--format xml" in capsys.readouterr().err
    assert not (tmp_path / "a.json").exists()


def test_convert_facts_for_several_releases_into_a_folder(tmp_path):
    releases = tmp_path / "in"
    releases.mkdir()
    for name in ("a.txt", "b.txt"):
        (releases / name).write_bytes(EXAMPLE.read_bytes())
    out, tables = tmp_path / "out", tmp_path / "facts"
    assert main(["convert", str(releases), "-o", str(out), "--facts", str(tables), "-q"]) == 0
    assert sorted(p.name for p in tables.iterdir()) == ["a.csv", "b.csv"]
    assert (tables / "a.csv").read_text() == (tables / "b.csv").read_text()  # (the same release twice)
    assert len((tables / "a.csv").read_text().splitlines()) > 10


def test_one_unreadable_file_in_a_batch(tmp_path, capsys):
    path = _taxonomy_folder(tmp_path)
    out = tmp_path / "t.csv"
    assert main(["facts", str(path), str(tmp_path / "missing.xml"), str(path), "-o", str(out)]) == 2
    assert "missing.xml" in capsys.readouterr().err
    assert len(out.read_text().splitlines()) == 1 + 8
