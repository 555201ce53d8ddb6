"""The conformance suites through tests/conformance/run.py: the pass counts must not fall
below the figures recorded in tests/conformance/baseline.json."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conformance import run

SUITES = Path(__file__).resolve().parents[1] / ".." / "shared" / "conformance"
BASELINE = json.loads((Path(__file__).parent / "conformance" / "baseline.json").read_text())


@pytest.mark.slow
@pytest.mark.parametrize("suite", sorted(set(BASELINE) - {"xdt"}))  # xdt: tests/test_dimensions_files.py
def test_suite_pass_count_does_not_regress(suite):
    # (the schema-verdict disk cache is content-addressed, so sharing the user's is safe and
    # keeps repeated runs fast)
    index = SUITES / BASELINE[suite]["index"]
    if not index.is_file():
        pytest.skip(f"{index} absent")
    outcomes = run.run_variations(run.load_variations(index))
    summary = run.summarize(outcomes)
    expected = BASELINE[suite]
    assert summary["total"] == expected["total"]
    failing = [f"{o.variation.testcase.name} {o.variation.id}" for o in outcomes if not o.passed]
    assert summary["passed"] >= expected["passed"], failing
    assert summary["instance_passed"] >= expected["instance_passed"], failing


def test_runner_reads_both_index_shapes(tmp_path):
    (tmp_path / "tc").mkdir()
    (tmp_path / "tc" / "a.xml").write_text("<x/>")
    (tmp_path / "tc" / "case.xml").write_text(
        '<testcase><variation id="V-1"><data><instance readMeFirst="true">a.xml</instance></data>'
        '<result expected="invalid"/></variation>'
        '<variation id="V-2"><data><xsd readMeFirst="true">a.xml</xsd></data>'
        '<result><error>xbrldie:SomeError</error></result></variation></testcase>')
    (tmp_path / "xbrl.xml").write_text('<testcases><testcase uri="tc/case.xml"/></testcases>')
    first, second = run.load_variations(run.find_index(tmp_path))
    assert (first.entry_kind, first.expected_valid, first.expected_codes) == ("instance", False, frozenset())
    assert (second.entry_kind, second.expected_valid) == ("xsd", False)
    assert second.expected_codes == {"xbrldie:SomeError"}
    assert run.code_matches("xbrldie:SomeError", ["xbrldie:SomeError"])
    assert run.code_matches("SomeError", ["xbrldie:SomeError"])
    assert not run.code_matches("xbrldie:Other", ["xbrldie:SomeError"])
    assert run.code_matches("sche:XmlSchemaError", ["xmlSchema:valueError"])
    assert not run.code_matches("sche:XmlSchemaError", ["xbrldte:SomeError"])
