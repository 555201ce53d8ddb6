"""Run an XBRL conformance suite (XBRL 2.1 ``xbrl.xml`` or Dimensions ``xdt.xml``) through our
validator and print a table per testcase folder.

    python -m tests.conformance.run SUITE_DIR [--only TEXT] [--verbose] [--json OUT.json]

SUITE_DIR holds the index (xbrl.xml or xdt.xml), or is the index file itself.  Each
<variation> is validated from its readMeFirst file and passes when our verdict (valid /
invalid) matches the expected one and, where the suite names an error code, that code is
among the codes we report.  Exit status 0 when every variation passes, 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
INDEX_NAMES = ("xbrl.xml", "xdt.xml", "index.xml")


@dataclass(frozen=True)
class Variation:
    testcase: Path  # the testcase file
    id: str
    name: str
    entry: Path  # the readMeFirst file
    entry_kind: str  # instance | xsd | linkbase | ...
    expected_valid: bool
    expected_codes: frozenset[str]
    description: str = ""
    root: Path | None = None  # the suite's folder: its testcases reach shared schemas by ../

    @property
    def folder(self) -> str:
        return self.testcase.parent.name


@dataclass
class Outcome:
    variation: Variation
    passed: bool
    valid: bool
    codes: list[str]
    seconds: float
    messages: list[str] = field(default_factory=list)


def find_index(suite: Path) -> Path:
    if suite.is_file():
        return suite
    for name in INDEX_NAMES:
        if (suite / name).is_file():
            return suite / name
    raise SystemExit(f"{suite}: no index file ({', '.join(INDEX_NAMES)}) found")


def load_variations(index: Path) -> list[Variation]:
    out = []
    root = etree.parse(str(index), PARSER).getroot()
    for ref in root.iter("{*}testcase", "testcase"):
        uri = ref.get("uri")
        if not uri:
            continue
        path = (index.parent / uri).resolve()
        tc = etree.parse(str(path), PARSER).getroot()
        for var in tc.iter("{*}variation", "variation"):
            first = [e for e in var.iter() if isinstance(e.tag, str) and e.get("readMeFirst") == "true"]
            if not first:
                continue
            entry = first[0]
            result = var.find("{*}result")
            if result is None:
                result = var.find("result")
            codes = set()
            expected = "valid"
            if result is not None:
                expected = (result.get("expected") or "").strip() or expected
                for err in result.iter("{*}error", "error"):
                    if err.text and err.text.strip():
                        codes.add(err.text.strip())
                if codes and not result.get("expected"):
                    expected = "invalid"
            description = var.findtext("{*}description") or var.findtext("description") or ""
            out.append(Variation(path, var.get("id") or "", var.get("name") or "",
                                 (path.parent / entry.text.strip()).resolve(), etree.QName(entry).localname,
                                 expected == "valid", frozenset(codes), " ".join(description.split()),
                                 index.parent.resolve()))
    return out


def code_matches(expected: str, ours: list[str]) -> bool:
    """Suites name codes with or without a prefix (``xbrldie:Foo`` / ``Foo``).  The Dimensions
    suite names any XML Schema violation ``sche:XmlSchemaError``; like Arelle's own runner, any
    ``xmlSchema:*`` code we report matches it."""
    if expected.split(":")[-1] == "XmlSchemaError" and any(c.startswith("xmlSchema:") for c in ours):
        return True
    for code in ours:
        if code == expected or code.split(":")[-1] == expected.split(":")[-1]:
            return True
    return False


def run_variations(variations: list[Variation], calc: str = "c10") -> list[Outcome]:
    from exporter.validate import Validator

    outcomes = []
    # each suite's folder is named as a root: the validator opens nothing outside it
    roots = sorted({str(v.root) for v in variations if v.root is not None})
    with Validator(calc=calc, roots=roots) as validator:
        for var in variations:
            start = time.perf_counter()
            report = validator.validate(var.entry)
            seconds = time.perf_counter() - start
            codes = report.codes
            passed = report.valid == var.expected_valid
            if passed and var.expected_codes:
                passed = all(code_matches(code, codes) for code in var.expected_codes)
            outcomes.append(Outcome(var, passed, report.valid, codes, seconds,
                                    [m.to_text() for m in report.messages]))
    return outcomes


def summarize(outcomes: list[Outcome]) -> dict:
    folders: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    instance = [0, 0]
    for o in outcomes:
        folders[o.variation.folder][0] += o.passed
        folders[o.variation.folder][1] += 1
        if o.variation.entry_kind == "instance":
            instance[0] += o.passed
            instance[1] += 1
    return {
        "passed": sum(o.passed for o in outcomes),
        "total": len(outcomes),
        "instance_passed": instance[0],
        "instance_total": instance[1],
        "folders": {k: {"passed": v[0], "total": v[1]} for k, v in sorted(folders.items())},
    }


def print_table(outcomes: list[Outcome], out=sys.stdout, verbose: bool = False) -> None:
    by_testcase: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_testcase[str(o.variation.testcase)].append(o)
    width = 60
    out.write(f"{'testcase':<{width}} {'pass':>5} {'total':>5} {'secs':>6}\n")
    for testcase, group in by_testcase.items():
        label = "/".join(Path(testcase).parts[-2:])
        passed = sum(o.passed for o in group)
        out.write(f"{label[:width]:<{width}} {passed:>5} {len(group):>5} {sum(o.seconds for o in group):>6.2f}\n")
        for o in group:
            if not o.passed:
                v = o.variation
                want = "valid" if v.expected_valid else "invalid"
                got = "valid" if o.valid else "invalid"
                codes = f" want {sorted(v.expected_codes)}" if v.expected_codes else ""
                out.write(f"    FAIL {v.id} {v.entry.name}: expected {want}{codes}, got {got} {sorted(set(o.codes))}\n")
                if verbose:
                    out.write(f"         {v.description[:150]}\n")
                    for line in o.messages[:6]:
                        out.write(f"         {line[:220]}\n")
    s = summarize(outcomes)
    out.write(f"TOTAL {s['passed']}/{s['total']} passed; instance entries {s['instance_passed']}/"
              f"{s['instance_total']}; {sum(o.seconds for o in outcomes):.1f} s\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suite", type=Path, help="suite folder (holding xbrl.xml or xdt.xml) or the index file")
    parser.add_argument("--only", help="run only testcases whose path contains this text")
    parser.add_argument("--verbose", "-v", action="store_true", help="show messages of failing variations")
    parser.add_argument("--json", type=Path, help="write the summary as JSON")
    parser.add_argument("--calc", default="c10", choices=("none", "c10", "c11"))
    args = parser.parse_args(argv)
    variations = load_variations(find_index(args.suite))
    if args.only:
        variations = [v for v in variations if args.only in str(v.testcase) or args.only == v.id]
    outcomes = run_variations(variations, args.calc)
    print_table(outcomes, verbose=args.verbose)
    if args.json:
        args.json.write_text(json.dumps(summarize(outcomes), indent=2) + "\n", encoding="utf-8")
    return 0 if all(o.passed for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
