"""End to end: releases convert to instances with the right facts, valid for us and for Arelle."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from conftest import CORPUS, EXAMPLE, GOLD, SCORE, arelle_problems, needs_arelle, needs_corpus

import exporter
from exporter import render


def facts_of(instance) -> dict:
    out = {}
    for f in instance.facts:
        if f.context.dims:
            continue
        out.setdefault(f.concept.split(":")[1], {})[str(f.context.period)] = f.value
    return out


def test_example_converts_with_signs_scales_and_periods():
    inst = exporter.convert(EXAMPLE)
    facts = facts_of(inst)
    assert facts["Revenues"]["2007-07-01..2007-09-30"] == "12480000"
    assert facts["Revenues"]["2006-01-01..2006-09-30"] == "32410000"
    assert facts["OtherNonoperatingIncomeExpense"]["2007-07-01..2007-09-30"] == "-45000"
    assert facts["EarningsPerShareDiluted"]["2006-07-01..2006-09-30"] == "0.07"
    assert facts["WeightedAverageNumberOfSharesOutstandingBasic"]["2007-07-01..2007-09-30"] == "8214000"
    assert facts["Assets"]["2006-12-31"] == "29413000"
    assert facts["EntityRegistrantName"]
    assert inst.entity.identifier == "ACMW"


def test_rendered_instance_is_well_formed_and_escaped(tmp_path):
    inst = exporter.convert(EXAMPLE)
    inst.entity = type(inst.entity)(identifier="AT&T<1>", scheme=inst.entity.scheme, name="AT&T")
    for f in inst.facts:
        f.context = type(f.context)(entity=inst.entity, period=f.context.period, dims=f.context.dims)
        if not f.is_numeric:
            f.value = "AT&T <Corp> \"quoted\""
    data = render.render(inst)
    root = etree.fromstring(data)
    ident = root.find(".//{http://www.xbrl.org/2003/instance}identifier")
    assert ident.text == "AT&T<1>"


def test_contexts_and_units_deduplicated_with_stable_ids():
    inst = exporter.convert(EXAMPLE)
    ids = [c.id for c in inst.contexts]
    assert len(ids) == len(set(ids))
    assert "D2007-07-01_2007-09-30" in ids and "I2007-09-30" in ids
    assert {u.id for u in inst.units} >= {"USD", "shares", "USD_per_shares"}


def test_decimals_follow_the_scale():
    inst = exporter.convert(EXAMPLE)
    by = {(f.concept.split(":")[1], str(f.context.period)): f for f in inst.facts if not f.context.dims}
    assert by[("Revenues", "2007-07-01..2007-09-30")].decimals == "-3"
    assert by[("EarningsPerShareBasic", "2007-07-01..2007-09-30")].decimals == "2"


def test_report_lists_provenance(tmp_path):
    out, rep = tmp_path / "a.xml", tmp_path / "a.json"
    from exporter.cli import main
    assert main(["convert", str(EXAMPLE), "-o", str(out), "--report", str(rep), "-q"]) == 0
    report = json.loads(rep.read_text())
    revenue = next(f for f in report["facts"] if f["concept"].endswith(":Revenues"))
    lines = EXAMPLE.read_text().splitlines()
    src = revenue["source"]
    assert lines[src["line"] - 1][src["column"] - 1:].startswith(src["text"].lstrip("$ ").split()[0].lstrip("$"))
    assert report["summary"]["numeric_facts"] > 40


def test_example_is_valid_for_our_validator(tmp_path):
    out = tmp_path / "acme.xml"
    render.write_instance(exporter.convert(EXAMPLE), out)
    report = exporter.validate(out)
    assert report.valid, [(m.code, m.message) for m in report.messages]


def score(instance: Path, gold: Path, *extra: str) -> dict:
    proc = subprocess.run([sys.executable, str(SCORE), str(instance), str(gold), "--json", *extra],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)["rows"][0]


@needs_corpus()
def test_seed_table_facts_all_found(tmp_path):
    out = tmp_path / "seed.xml"
    render.write_instance(exporter.convert(CORPUS / "seed.txt"), out)
    row = score(out, GOLD / "seed.json", "--source", "table")
    assert row["gold"] == 82
    assert (row["recall"], row["precision"], row["sign_errors"]) == (1.0, 1.0, 0), row
    assert exporter.validate(out).valid


@pytest.mark.slow
@pytest.mark.arelle
@needs_arelle()
@needs_corpus()
def test_arelle_accepts_seed_and_example(tmp_path):
    from exporter import taxonomy
    pkg = tmp_path / "xe.zip"
    taxonomy.write_zip(pkg)
    for name, src in (("seed", CORPUS / "seed.txt"), ("acme", EXAMPLE)):
        out = tmp_path / f"{name}.xml"
        render.write_instance(exporter.convert(src), out)
        assert arelle_problems(out, pkg, tmp_path) == [], name
    # the check can fail: a monetary fact measured in shares is reported
    bad = tmp_path / "bad.xml"
    text = (tmp_path / "acme.xml").read_text()
    tampered = text.replace('unitRef="USD" decimals="-3">12480000', 'unitRef="shares" decimals="-3">12480000', 1)
    assert tampered != text
    bad.write_text(tampered)
    assert [p[1] for p in arelle_problems(bad, pkg, tmp_path)] == ["xbrl.4.8.2:monetaryFactUnit-notMonetaryMeasure"]


EDGAR_HEADER = """<SEC-DOCUMENT>0000000000-07-000001.txt : 20071024
<SEC-HEADER>0000000000-07-000001.hdr.sgml : 20071024
ACCESSION NUMBER:		0000000000-07-000001
CONFORMED SUBMISSION TYPE:	8-K
PUBLIC DOCUMENT COUNT:		2
CONFORMED PERIOD OF REPORT:	20071024
FILED AS OF DATE:		20071024
FILER:
	COMPANY DATA:
		COMPANY CONFORMED NAME:			BIOSPHERE MEDICAL INC
		CENTRAL INDEX KEY:			916529
</SEC-HEADER>
<DOCUMENT>
<TYPE>8-K
<SEQUENCE>1
<TEXT>
<html><body><p>Item 2.02 Results of Operations and Financial Condition</p></body></html>
</TEXT>
</DOCUMENT>
<DOCUMENT>
<TYPE>EX-99.1
<SEQUENCE>2
<DESCRIPTION>PRESS RELEASE
<TEXT>
"""


@needs_corpus()
def test_edgar_submission_wrapping_the_seed(tmp_path):
    src = tmp_path / "0000000000-07-000001.txt"
    src.write_text(EDGAR_HEADER + (CORPUS / "seed.txt").read_text() + "\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n")
    inst = exporter.convert(src)
    assert inst.entity.scheme == "http://www.sec.gov/CIK" and inst.entity.identifier == "0000916529"
    doc_facts = {f.concept.split(":")[1]: f for f in inst.facts if not f.is_numeric}
    # the 8-K's period of report is the release date; the document period is the quarter
    assert doc_facts["DocumentPeriodEndDate"].value == "2007-09-30"
    assert doc_facts["EntityCentralIndexKey"].value == "0000916529"
    offset = EDGAR_HEADER.count("\n")
    revenue = next(f for f in inst.facts if f.concept == "xe:Revenues" and not f.context.dims)
    assert revenue.provenance.line == 298 + offset  # the line in the submission file
    out = tmp_path / "edgar.xml"
    render.write_instance(inst, out)
    assert score(out, GOLD / "seed.json", "--source", "table")["recall"] == 1.0
    assert exporter.validate(out).valid
