"""Valid by construction (issue 12, deliverable 5): convert writes only what our validator accepts.

- calculations the facts contradict: the extension's own arcs are not written, the bundled
  taxonomy's are prohibited for the release (fixtures, Arelle agrees);
- facts that contradict each other (one concept, context and unit) are reported with both values;
- the pre-write check validates the rendered instance and extension in memory, refuses an invalid
  one (exit 1, nothing written) and says what ``validate`` of the written files says;
- every corpus release (wild ones too) converts to a valid instance, and so does every mutated
  release that converts (hypothesis; a quick tier, and a long one marked slow).
"""
from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, ROOT, needs_corpus
from exporter import cli, duplicates, extension, render, taxonomy
from exporter.convert import convert
from exporter.model import (USD, ConvertError, Context, Entity, ExtensionArc, ExtensionConcept, Fact, Period,
                            Provenance)
from exporter.validate import validate

RELEASE_HEAD = """# Kestrel Widgets Reports Third Quarter 2024 Results

BOSTON, Oct. 30, 2024 -- Kestrel Widgets, Inc. (NASDAQ: KWDG) today reported results for the third quarter
ended September 30, 2024.

"""

# The statement's net change in cash omits a line its three activity totals do not hold (an
# exchange-rate effect it does not print): the bundled CashAndCashEquivalentsPeriodIncreaseDecrease
# calculation binds (3 of its 6 items reported) and does not add up in the first column.
CASH_FLOW = RELEASE_HEAD + """## Condensed Consolidated Statements of Cash Flows (in thousands)

| | Three Months Ended September 30, 2024 | Three Months Ended September 30, 2023 |
|---|---|---|
| Net income | 1,200 | 900 |
| Depreciation | 300 | 250 |
| Net cash provided by operating activities | 1,500 | 1,150 |
| Purchases of property and equipment | (400) | (350) |
| Net cash used in investing activities | (400) | (350) |
| Repayment of debt | (200) | (100) |
| Net cash used in financing activities | (200) | (100) |
| Net increase in cash and cash equivalents | 960 | 700 |
| Cash and cash equivalents, beginning of period | 2,000 | 1,300 |
| Cash and cash equivalents, end of period | 2,960 | 2,000 |
"""

# Four lines of prose: revenue and gross margin, no cost of revenue.
PROSE = """Kestrel Widgets Reports Third Quarter 2024 Results

BOSTON, Oct. 30, 2024 -- Kestrel Widgets, Inc. (NASDAQ: KWDG) today reported results for the third quarter ended September 30, 2024.

Revenue for the third quarter of 2024 was $12.4 million, compared to $10.1 million in the third quarter of 2023.
Gross margin for the third quarter of 2024 was $5.2 million, compared to $4.0 million in the third quarter of 2023.
"""

ENTITY = Entity("KWDG")
Q3 = Context(ENTITY, Period.duration(date(2024, 7, 1), date(2024, 9, 30)))
Q3_BEFORE = Context(ENTITY, Period.duration(date(2023, 7, 1), date(2023, 9, 30)))


def money(concept: str, value: str, context=Q3, line: int = 1) -> Fact:
    return Fact(concept, context, value, USD, "-3", Provenance("r.md", line, 1, value, label=concept))


def _convert(tmp_path, text: str, name: str, *extra: str) -> tuple[int, Path, str]:
    source = tmp_path / name
    source.write_text(text)
    out = tmp_path / (source.stem + ".xml")
    report = tmp_path / (source.stem + ".json")
    status = cli.main(["convert", str(source), "-o", str(out), "--report", str(report), "-q", *extra])
    return status, out, report.read_text() if report.exists() else ""


def _calc_messages(path: Path) -> list[str]:
    return [m.to_text() for m in validate(path).messages if m.level != "warning"]


# ------------------------------------------------------------------ calculations


def test_a_bundled_total_its_facts_contradict_is_prohibited_for_the_release(tmp_path):
    status, out, report = _convert(tmp_path, CASH_FLOW, "cash.md")
    assert status == 0
    assert _calc_messages(out) == []
    cal = (tmp_path / "cash-ext-cal.xml").read_text()
    assert cal.count('use="prohibited"') == sum(1 for a in taxonomy.load().calculations
                                                if a.parent == "xe:CashAndCashEquivalentsPeriodIncreaseDecrease"
                                                and a.role.endswith("/CashFlow"))
    assert "CashAndCashEquivalentsPeriodIncreaseDecrease in the taxonomy prohibited" in report
    # the facts are all there: nothing was dropped to make the instance valid
    assert ">960000<" in out.read_text()


@pytest.mark.arelle
def test_arelle_agrees_that_the_prohibited_total_no_longer_binds(tmp_path):
    from conftest import arelle_problems

    pytest.importorskip("arelle")
    status, out, _ = _convert(tmp_path, CASH_FLOW, "cash.md")
    assert status == 0
    package = tmp_path / "taxonomy.zip"
    assert cli.main(["taxonomy", "--zip", str(package)]) == 0
    assert arelle_problems(out, package, tmp_path) == []


def test_without_extension_concepts_the_prohibitions_still_get_an_extension(tmp_path):
    status, out, _ = _convert(tmp_path, CASH_FLOW, "cash.md", "--no-extensions")
    assert status == 0
    assert _calc_messages(out) == []
    assert 'use="prohibited"' in (tmp_path / "cash-ext-cal.xml").read_text()


def test_prohibitions_cannot_go_to_standard_output_without_ext_dir(tmp_path, capsys):
    source = tmp_path / "cash.md"
    source.write_text(CASH_FLOW)
    assert cli.main(["convert", str(source), "-o", "-"]) == 2
    err = capsys.readouterr().err
    assert "overriding taxonomy calculations" in err and "--ext-dir" in err and "Traceback" not in err


def test_prose_revenue_and_gross_margin_without_cost_leave_gross_profit_consistent(tmp_path):
    status, out, _ = _convert(tmp_path, PROSE, "prose.txt")
    assert status == 0
    text = out.read_text()
    assert "xe:GrossProfit" in text and "xe:Revenues" in text
    assert _calc_messages(out) == []


def test_a_bundled_gross_profit_calculation_with_cost_absent_is_prohibited():
    """What the taxonomy's GrossProfit = Revenues - CostOfRevenue would do to the prose release:
    bound by revenue alone (cost counts as zero), so it is prohibited, with the base arcs' orders."""
    role = taxonomy.load().roles["IncomeStatement"].uri
    arcs = [taxonomy.CalcArc("xe:GrossProfit", "xe:Revenues", 1, role),
            taxonomy.CalcArc("xe:GrossProfit", "xe:CostOfRevenue", -1, role)]
    tax = type("Tax", (), {"calculations": arcs})()
    facts = [money("xe:Revenues", "12400000"), money("xe:GrossProfit", "5200000")]
    warnings: list[str] = []
    made = extension.bundled_overrides(facts, tax, [], warnings)
    assert [(a.parent, a.child, a.weight, a.order, a.prohibited) for a in made] == [
        ("xe:GrossProfit", "xe:Revenues", 1, 1, True), ("xe:GrossProfit", "xe:CostOfRevenue", -1, 2, True)]
    assert "1 of its 2 items reported" in warnings[0]
    # with the cost reported and the arithmetic right, the taxonomy's calculation stands
    facts.append(money("xe:CostOfRevenue", "7200000"))
    assert extension.bundled_overrides(facts, tax, [], []) == []


def test_an_extension_arc_the_facts_contradict_is_not_written():
    """The table proves Total = A + B, but another fact of the instance for the total (another
    period the arithmetic was not tried on) does not add up: the arcs are not written."""
    role = taxonomy.load().roles["IncomeStatement"].uri
    ext = {f"kwdg:{n}": ExtensionConcept(n, "monetary", "duration", "debit", n) for n in ("Total", "PartA", "PartB")}
    found = [(role, "kwdg:Total", [("kwdg:PartA", 1), ("kwdg:PartB", 1)])]
    facts = [money("kwdg:PartA", "1000"), money("kwdg:PartB", "2000"), money("kwdg:Total", "3000")]
    warnings: list[str] = []
    tax = taxonomy.load()
    assert len(extension.verified_arcs(found, facts, tax, ext, "kwdg", warnings)) == 2
    facts += [money("kwdg:PartA", "1000", Q3_BEFORE), money("kwdg:PartB", "2000", Q3_BEFORE),
              money("kwdg:Total", "3500", Q3_BEFORE)]
    assert extension.verified_arcs(found, facts, tax, ext, "kwdg", warnings) == []
    assert "the instance's facts do not add up" in warnings[-1]


# ------------------------------------------------------------------ duplicates


def test_a_table_figure_is_kept_over_a_conflicting_prose_figure_and_both_are_reported():
    table, prose = money("xe:Revenues", "12400000", line=10), money("xe:Revenues", "12900000", line=3)
    unplaced, warnings = [], []
    kept = duplicates.resolve([table, prose], (1, 2), unplaced, warnings)
    assert kept == [table]
    assert len(unplaced) == 1 and unplaced[0].line == 3
    assert "12400000" in unplaced[0].reason and "12900000" in unplaced[0].reason
    assert "statement table figure is kept" in unplaced[0].reason and warnings


def test_conflicting_figures_of_one_rank_are_both_left_out_and_reported():
    a, b = money("xe:Revenues", "12400000", line=10), money("xe:Revenues", "12900000", line=20)
    unplaced, warnings = [], []
    assert duplicates.resolve([a, b], (2, 2), unplaced, warnings) == []
    assert sorted(u.line for u in unplaced) == [10, 20]
    assert all("neither is kept" in u.reason for u in unplaced)
    assert "12900000" in unplaced[0].reason and "12400000" in unplaced[1].reason


def test_a_repeat_that_rounds_to_the_same_figure_is_reported_as_a_repeat():
    a = money("xe:Revenues", "12400000")
    b = replace(money("xe:Revenues", "12400000"), decimals="-5")
    c = replace(money("xe:Revenues", "12412000"), decimals="-3")
    unplaced: list = []
    assert duplicates.resolve([a, b], (2, 2), unplaced, []) == [a]
    assert "repeats" in unplaced[0].reason
    assert duplicates.same_value(replace(c, decimals="-5"), a) and not duplicates.same_value(c, a)


def test_duplicate_conflicting_lines_of_a_release_end_in_unplaced_with_both_values(tmp_path):
    text = RELEASE_HEAD + """## Condensed Consolidated Statements of Operations (in thousands)

| | Three Months Ended September 30, 2024 | Three Months Ended September 30, 2023 |
|---|---|---|
| Revenue | 12,400 | 10,100 |
| Cost of revenue | 7,200 | 6,100 |
| Gross profit | 5,200 | 4,000 |
| Net income | 1,200 | 900 |

## Supplemental Information (in thousands)

| | Three Months Ended September 30, 2024 | Three Months Ended September 30, 2023 |
|---|---|---|
| Revenue | 12,900 | 10,100 |
| Gross profit | 5,200 | 4,000 |
"""
    status, out, report = _convert(tmp_path, text, "dups.md")
    assert status == 0
    assert _calc_messages(out) == []
    assert out.read_text().count(">12400000<") == 1 and ">12900000<" not in out.read_text()
    # the conflicting figure is reported, not lost, with the value kept
    import json

    conflicts = [u for u in json.loads(report)["unplaced"] if "conflicts" in u["reason"]]
    assert [(u["text"], "12400000" in u["reason"]) for u in conflicts] == [("12,900", True)]


# ------------------------------------------------------------------ the pre-write check


def test_an_instance_our_validator_rejects_is_not_written(tmp_path):
    source = tmp_path / "cash.md"
    source.write_text(CASH_FLOW)
    instance = convert(source)
    instance.facts[0].value = "twelve hundred"  # a monetary fact that is no number
    target = tmp_path / "out" / "cash.xml"
    target.parent.mkdir()
    with pytest.raises(ConvertError, match="would not be valid, so nothing is written: xmlSchema:valueError"):
        render.write_instance(instance, target)
    assert list(target.parent.iterdir()) == []


def test_convert_exits_1_with_one_line_when_the_instance_would_be_invalid(tmp_path, capsys, monkeypatch):
    from exporter import selfcheck

    monkeypatch.setattr(selfcheck, "problems", lambda *args: ["xbrl.4.6.1:itemContextRef example problem"])
    status, out, _ = _convert(tmp_path, CASH_FLOW, "cash.md")
    err = capsys.readouterr().err
    assert status == 1 and not out.exists() and not (tmp_path / "cash.json").exists()
    assert len(err.strip().splitlines()) == 1 and "example problem" in err


def _undo_the_override(instance, files, data):
    instance.extension_arcs = [a for a in instance.extension_arcs if not a.prohibited]
    return None, None


def _flip_a_prohibition_into_a_negative_weight(instance, files, data):
    cal = next(p for p in files if p.name.endswith("-cal.xml"))
    return {cal: files[cal].replace(b'weight="1.0" use="prohibited"', b'weight="-1.0" use="prohibited"', 1)}, None


def _report_an_undeclared_concept(instance, files, data):
    return None, data.replace(b"xe:NetIncomeLoss ", b"xe:NetIncomeLossUndeclared ", 1).replace(
        b"</xe:NetIncomeLoss>", b"</xe:NetIncomeLossUndeclared>", 1)


@pytest.mark.parametrize("spoil", [_undo_the_override, _flip_a_prohibition_into_a_negative_weight,
                                   _report_an_undeclared_concept])
def test_the_check_in_memory_says_what_validate_of_the_written_files_says(tmp_path, spoil):
    from exporter import selfcheck

    source = tmp_path / "cash.md"
    source.write_text(CASH_FLOW)
    instance = convert(source)
    target = tmp_path / "cash.xml"
    if spoil is _undo_the_override:  # (before the extension is attached: it then has nothing to hold)
        spoil(instance, None, None)
    files = extension.attach(instance, target)
    data = render.render(instance)
    if spoil is not _undo_the_override:
        changed_files, changed_data = spoil(instance, files, data)
        files.update(changed_files or {})
        data = changed_data or data
    in_memory = selfcheck.problems(data, target, files)
    assert in_memory
    for path, content in {**files, target: data}.items():
        path.write_bytes(content)
    written = [m for m in validate(target).messages if m.level != "warning"]
    assert sorted(p.split(" ")[0] for p in in_memory) == sorted(m.code for m in written)


# ------------------------------------------------------------------ the corpus, whole and mutated


def _corpus_releases() -> list[Path]:
    suffixes = (".txt", ".htm", ".html", ".md")
    found = [p for p in CORPUS.iterdir() if p.suffix in suffixes]
    if (CORPUS / "wild").is_dir():
        found += [p for p in (CORPUS / "wild").iterdir() if p.suffix in suffixes]
    return sorted(found)


@needs_corpus()
@pytest.mark.slow
def test_every_corpus_release_wild_ones_too_converts_to_an_instance_our_validator_accepts(tmp_path):
    releases = _corpus_releases()
    assert len(releases) >= 70
    done = subprocess.run([sys.executable, "-m", "exporter.cli", "convert", *map(str, releases), "-o",
                           str(tmp_path), "-q"], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert "Traceback" not in done.stderr
    failed = {}
    for line in done.stderr.splitlines():
        assert line.startswith("xbrl-export: error: "), line
        failed[line.split(": ")[2]] = line
    for path, line in failed.items():  # only a release without statement figures may fail
        assert "no financial table or figures found" in line or "no number could be placed" in line, line
    from exporter.validate import Validator

    problems = {}
    with Validator() as validator:
        for release in releases:
            instance = tmp_path / f"{release.stem}.xml"
            if str(release) in failed:
                assert not instance.exists()
                continue
            report = validator.validate(instance)
            if not report.valid:
                problems[release.name] = [m.to_text() for m in report.messages if m.level != "warning"][:3]
    assert not problems, problems


MUTATED = ["seed.txt", "paltalk-2024q3.md", "buckle-2024q3.htm"]
edit = st.tuples(st.sampled_from(["delete", "duplicate", "flip", "truncate"]),
                 st.floats(min_value=0, max_value=1, allow_nan=False), st.integers(min_value=1, max_value=6),
                 st.integers(min_value=0, max_value=255))


def mutate(data: bytes, edits) -> bytes:
    """Line deletions and duplications, byte flips, truncation."""
    for op, where, size, byte in edits:
        lines = data.split(b"\n")
        at = int(where * (len(lines) - 1))
        if op == "delete":
            del lines[at:at + size]
            data = b"\n".join(lines)
        elif op == "duplicate":
            lines[at:at] = lines[at:at + size]
            data = b"\n".join(lines)
        elif op == "flip" and data:
            pos = int(where * (len(data) - 1))
            data = data[:pos] + bytes([byte]) + data[pos + 1:]
        elif op == "truncate":
            data = data[:int(where * len(data))]
    return data


def _mutated_release_validates(tmp_path, release: str, edits) -> None:
    source = CORPUS / release
    folder = Path(tmp_path) / f"case{abs(hash((release, tuple(edits)))) % 10**8}"
    folder.mkdir()
    mutated = folder / release
    mutated.write_bytes(mutate(source.read_bytes(), edits))
    out = folder / "out.xml"
    status = cli.main(["convert", str(mutated), "-o", str(out), "-q"])
    assert status in (0, 1)
    if status == 0:
        report = validate(out)
        assert report.valid, [m.to_text() for m in report.messages if m.level != "warning"][:3]
    else:
        assert not out.exists()


QUICK = settings(max_examples=4, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
LONG = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@needs_corpus()
@QUICK
@given(release=st.sampled_from(MUTATED), edits=st.lists(edit, min_size=1, max_size=4))
def test_a_mutated_release_that_converts_validates(tmp_path, release, edits):
    _mutated_release_validates(tmp_path, release, edits)


@needs_corpus()
@pytest.mark.slow
@LONG
@given(release=st.sampled_from(MUTATED), edits=st.lists(edit, min_size=1, max_size=8))
def test_a_mutated_release_that_converts_validates_long(tmp_path, release, edits):
    _mutated_release_validates(tmp_path, release, edits)
