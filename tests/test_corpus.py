"""The shared corpus: every gold release scores at or above the recorded floors, and every one
of the corpus releases converts to an instance our validator accepts (or, without financial
figures, exits 1 with a one-line reason).

Floors live in tests/corpus_floors.json; raise them when the readers improve.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, GOLD, ROOT, SCORE, needs_corpus

FLOORS = json.loads((Path(__file__).parent / "corpus_floors.json").read_text())
RELEASE_SUFFIXES = (".txt", ".htm", ".html", ".md")

pytestmark = [needs_corpus(), pytest.mark.slow]


def _source_of(release_id: str) -> Path:
    for suffix in RELEASE_SUFFIXES:
        p = CORPUS / f"{release_id}{suffix}"
        if p.exists():
            return p
    raise AssertionError(f"no source file for gold release {release_id} in {CORPUS}")


def _convert(sources: list[Path], out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporter.cli", "convert", *map(str, sources), "-o", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def gold_scores(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("gold-out")
    ids = sorted(p.stem for p in GOLD.glob("*.json"))
    done = _convert([_source_of(i) for i in ids], out)
    assert done.returncode == 0, done.stderr
    scored = subprocess.run([sys.executable, str(SCORE), "--dir", str(out), "--gold-dir", str(GOLD), "--json",
                             "--source", "table"], capture_output=True, text=True, timeout=300)
    assert scored.returncode == 0, scored.stderr
    return json.loads(scored.stdout)


def test_micro_recall_floor(gold_scores):
    assert gold_scores["summary"]["micro_recall"] >= FLOORS["micro_recall"], gold_scores["summary"]
    assert gold_scores["summary"]["value_recall"] >= FLOORS["value_recall_overall"], gold_scores["summary"]


def test_every_gold_release_is_scored(gold_scores):
    scored = {row["id"] for row in gold_scores["rows"]}
    for table in ("precision", "recall", "value_recall", "sign_errors"):
        assert scored == set(FLOORS[table]), f"gold releases and {table} floors disagree: update corpus_floors.json"
    assert not [row["id"] for row in gold_scores["rows"] if row.get("missing") or row.get("error")]


@pytest.mark.parametrize("release", sorted(FLOORS["precision"]))
def test_release_precision_and_recall_floors(gold_scores, release):
    row = next(r for r in gold_scores["rows"] if r["id"] == release)
    assert row["precision"] >= FLOORS["precision"][release], row
    assert row["recall"] >= FLOORS["recall"][release], row
    assert row["value_recall"] >= FLOORS["value_recall"][release], row
    assert row["sign_errors"] <= FLOORS["sign_errors"][release], row


def test_every_corpus_release_converts_to_a_valid_instance(tmp_path):
    releases = sorted(p for p in CORPUS.iterdir() if p.suffix in RELEASE_SUFFIXES)
    assert len(releases) >= 20
    done = _convert(releases, tmp_path)
    # One summary line per converted file; a release with no financial figures gets one error line.
    failed = [line for line in done.stderr.splitlines() if line.startswith("xbrl-export: error:")]
    for line in failed:
        assert "Traceback" not in done.stderr
        assert "no financial" in line or "no number could be placed" in line, line
    assert done.returncode == (1 if failed else 0), done.stderr
    try:
        from exporter.validate import validate
    except ImportError:  # pragma: no cover - the validator ships with the package
        pytest.skip("exporter.validate is not available")
    problems = {}
    for release in releases:
        instance = tmp_path / f"{release.stem}.xml"
        if any(release.name in line for line in failed):
            assert not instance.exists(), f"{release.name}: failed but left {instance.name}"
            continue
        assert instance.exists(), f"{release.name}: no instance written"
        report = validate(instance)
        if not report.valid:
            problems[release.name] = [f"{m.code}: {m.message}" for m in report.messages if m.level != "warning"][:3]
    assert not problems, problems


@pytest.mark.arelle
@pytest.mark.parametrize("release", ["sears-2004q2.txt", "buckle-2024q3.htm", "paltalk-2024q3.md", "nvidia-2025q2.htm"])
def test_arelle_accepts_releases_of_each_format(tmp_path, release):
    from conftest import arelle_problems

    pytest.importorskip("arelle")
    package = tmp_path / "taxonomy.zip"
    made = subprocess.run([sys.executable, "-m", "exporter.cli", "taxonomy", "--zip", str(package)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    done = _convert([CORPUS / release], tmp_path / "out.xml")
    assert done.returncode == 0, done.stderr
    assert arelle_problems(tmp_path / "out.xml", package, tmp_path) == []
