"""Run the XBRL Dimensions 1.0 conformance suite (xdt.xml) through our validator.

    python -m tests.conformance.xdt_run SUITE_DIR [--only TEXT] [--verbose]

SUITE_DIR is the folder holding xdt.xml (…/conformance/xdt).  Every <variation> of every
listed testcase is validated from its readMeFirst file; a variation passes when the verdict
matches: an expected error code must be among the codes we report, a valid variation must get
no error at all.  The suite's generic `sche:XmlSchemaError` is met by any `xmlSchema:*` code (our
schema-validity codes are named as Arelle names them, and its runner matches them the same way).  Prints one line per failing variation and a table per testcase folder.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from lxml import etree

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
SCHEMA_ERROR = "sche:XmlSchemaError"


@dataclass(frozen=True)
class Variation:
    testcase: str          # testcase file path relative to the suite folder
    id: str
    name: str
    entry: Path            # the readMeFirst file
    expected: frozenset[str]   # expected error codes; empty for a valid variation

    @property
    def folder(self) -> str:
        """The testcase's folder, e.g. "200-xbrldie/203-PrimaryItemDimensionallyInvalidError"."""
        return str(Path(self.testcase).parent)


@dataclass(frozen=True)
class Outcome:
    variation: Variation
    codes: frozenset[str]

    @property
    def passed(self) -> bool:
        if self.variation.expected:
            codes = set(self.codes)
            if any(code.startswith("xmlSchema:") for code in codes):
                codes.add(SCHEMA_ERROR)
            return bool(self.variation.expected & codes)
        return not self.codes


def variations(suite: Path, only: str | None = None) -> list[Variation]:
    index = etree.parse(str(suite / "xdt.xml"), PARSER).getroot()
    found: list[Variation] = []
    for testcase in index.iter("testcase"):
        uri = testcase.get("uri")
        if not uri or (only and only not in uri):
            continue
        path = suite / uri
        root = etree.parse(str(path), PARSER).getroot()
        for variation in root.iter("{*}variation"):
            data = variation.find("{*}data")
            entries = [e for e in (data if data is not None else [])
                       if isinstance(e.tag, str) and e.get("readMeFirst") == "true"]
            if not entries:
                continue
            result = variation.find("{*}result")
            expected = frozenset((e.text or "").strip()
                                 for e in (result.iter("{*}error") if result is not None else []))
            found.append(Variation(uri, variation.get("id", ""), variation.get("name", ""),
                                   path.parent / (entries[0].text or "").strip(), expected))
    return found


def run(suite: Path, validate: Callable[[Path], list[str]], only: str | None = None) -> list[Outcome]:
    """`validate` takes a file and returns the codes of the errors (and inconsistencies) found."""
    return [Outcome(v, frozenset(validate(v.entry))) for v in variations(suite, only)]


def table(outcomes: list[Outcome]) -> str:
    total: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    for outcome in outcomes:
        total[outcome.variation.folder] += 1
        passed[outcome.variation.folder] += outcome.passed
    width = max((len(f) for f in total), default=10)
    lines = [f"{folder:<{width}}  {passed[folder]:>4} / {total[folder]:<4}" for folder in sorted(total)]
    lines.append(f"{'total':<{width}}  {sum(passed.values()):>4} / {sum(total.values()):<4}")
    return "\n".join(lines)


def project_validator() -> Callable[[Path], list[str]]:
    """Our validator, in-process (one Validator for the batch, so schemas compile once): the
    codes of a file's errors and inconsistencies."""
    from exporter.validate import Validator

    validator = Validator()

    def validate(path: Path) -> list[str]:
        return validator.validate(path).codes
    return validate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suite", type=Path, help="folder holding xdt.xml")
    parser.add_argument("--only", help="run only testcases whose path contains this text")
    parser.add_argument("--verbose", action="store_true", help="print every variation")
    args = parser.parse_args(argv)
    if not (args.suite / "xdt.xml").is_file():
        print(f"xdt_run: {args.suite} holds no xdt.xml", file=sys.stderr)
        return 2
    started = time.perf_counter()
    outcomes = run(args.suite, project_validator(), args.only)
    for outcome in outcomes:
        if args.verbose or not outcome.passed:
            v = outcome.variation
            print(f"{'PASS' if outcome.passed else 'FAIL'} {v.testcase} {v.id} {v.name}: expected "
                  f"{sorted(v.expected) or 'valid'}, got {sorted(outcome.codes) or 'valid'}")
    print(table(outcomes))
    print(f"{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
