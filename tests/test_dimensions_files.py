"""Dimensions 1.0 end to end: our validator on real files.

- tests/fixtures/dimensions/: a tiny dimensional taxonomy and one-defect instances; the expected
  codes are the ones Arelle 2.47.3 reports (offline, --validate) for each file.
- ../shared/conformance/arelle-fixtures: the dimensional fixtures inv-21..24 and valid-dim.xml.
- ../shared/conformance/xdt (slow): the Dimensions conformance suite, against recorded baselines.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from exporter.validate import validate
from tests.conformance import run as conformance

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "dimensions"
SHARED = (HERE.parent / ".." / "shared").resolve()
ARELLE_FIXTURES = SHARED / "conformance" / "arelle-fixtures"
XDT = SHARED / "conformance" / "xdt"
BASELINE = HERE / "conformance" / "xdt_baseline.json"


def all_codes(path: Path) -> list[str]:
    """The codes of the errors our validator reports for a file, sorted, unique."""
    return sorted(set(validate(path).codes))


def dimensional_codes(path: Path) -> list[str]:
    return [c for c in all_codes(path) if c.startswith(("xbrldte:", "xbrldie:"))]


# file -> Arelle 2.47.3's error codes for it (every code, not only dimensional ones)
FIXTURE_VERDICTS = {
    "valid.xml": [],
    "invalid-default-in-context.xml": ["xbrldie:DefaultValueUsedInInstanceError"],
    "invalid-missing-typed-dimension.xml": ["xbrldie:PrimaryItemDimensionallyInvalidError"],
    "invalid-not-a-dimension.xml": ["xbrldie:ExplicitMemberNotExplicitDimensionError"],
    "invalid-repeated-dimension.xml": ["xbrldie:RepeatedDimensionInInstanceError"],
    "invalid-typed-content.xml": ["xbrldie:IllegalTypedDimensionContentError"],
    "invalid-undeclared-member.xml": ["xbrldie:ExplicitMemberUndefinedQNameError",
                                      "xbrldie:PrimaryItemDimensionallyInvalidError"],
    "invalid-unusable-member.xml": ["xbrldie:PrimaryItemDimensionallyInvalidError"],
}


@pytest.mark.parametrize("name", sorted(FIXTURE_VERDICTS))
def test_fixture_instances_get_arelles_verdict(name):
    assert all_codes(FIXTURES / name) == FIXTURE_VERDICTS[name]


def test_fixture_taxonomy_with_a_domain_cycle():
    # Arelle also reports the XBRL 2.1 arc cycle rule (xbrl.5.1.4.3:cycles) here
    assert dimensional_codes(FIXTURES / "cycle.xsd") == ["xbrldte:DRSDirectedCycleError"]


ARELLE_DIMENSIONAL = {
    "valid-dim.xml": [],
    "inv-21-undeclared-dimension.xml": ["xbrldie:ExplicitMemberNotExplicitDimensionError"],
    "inv-22-default-member-in-context.xml": ["xbrldie:DefaultValueUsedInInstanceError"],
    "inv-23-member-not-in-domain.xml": ["xbrldie:PrimaryItemDimensionallyInvalidError"],
    "inv-24-undeclared-member.xml": ["xbrldie:ExplicitMemberUndefinedQNameError",
                                     "xbrldie:PrimaryItemDimensionallyInvalidError"],
}


@pytest.mark.skipif(not ARELLE_FIXTURES.is_dir(), reason="../shared/conformance is not present")
@pytest.mark.parametrize("name", sorted(ARELLE_DIMENSIONAL))
def test_shared_dimensional_fixtures_match_arelle(name):
    assert all_codes(ARELLE_FIXTURES / name) == ARELLE_DIMENSIONAL[name]


def _baseline() -> dict[str, int]:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def xdt_outcomes():
    """The whole Dimensions suite, run once for every part's check."""
    if not XDT.is_dir():
        pytest.skip("../shared/conformance/xdt is not present")
    return conformance.run_variations(conformance.load_variations(conformance.find_index(XDT)))


@pytest.mark.slow
@pytest.mark.parametrize("part", ["200-xbrldie", "100-xbrldte", "000-Schema-invalid", "300-factlist"])
def test_xdt_suite_does_not_fall_below_its_baseline(part, xdt_outcomes):
    outcomes = [o for o in xdt_outcomes if f"/{part}/" in o.variation.testcase.as_posix()]
    failed = [f"{o.variation.testcase.name} {o.variation.id}: expected "
              f"{sorted(o.variation.expected_codes) or 'valid'}, got {sorted(o.codes) or 'valid'}"
              for o in outcomes if not o.passed]
    passed = len(outcomes) - len(failed)
    assert outcomes and passed >= _baseline()[part], "\n".join(failed)


@pytest.mark.slow
def test_xdt_suite_total_does_not_fall_below_the_conformance_baseline(xdt_outcomes):
    expected = json.loads((HERE / "conformance" / "baseline.json").read_text(encoding="utf-8"))["xdt"]
    summary = conformance.summarize(xdt_outcomes)
    assert summary["total"] == expected["total"]
    assert summary["passed"] >= expected["passed"], [o.variation.id for o in xdt_outcomes if not o.passed]
    assert summary["instance_passed"] >= expected["instance_passed"]
