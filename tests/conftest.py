"""Shared test helpers: where the shared corpus lives, and Arelle availability."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
CORPUS = SHARED / "corpus"
GOLD = CORPUS / "gold"
SCORE = SHARED / "tools" / "score.py"
EXAMPLE = ROOT / "examples" / "acme-2007q3.txt"

HAVE_ARELLE = importlib.util.find_spec("arelle") is not None


def needs_corpus():
    return pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


def needs_arelle():
    return pytest.mark.skipif(not HAVE_ARELLE, reason="arelle-release is not installed")


def arelle_problems(target, package, log_dir) -> list[tuple[str, str, str]]:
    """Run Arelle (the test-only oracle) offline with our taxonomy package on ``target`` (a file
    or an entry-point URL) with calculation checks c10; return (level, code, text) of every
    message above info: errors, warnings and inconsistencies."""
    import json
    import subprocess
    import sys

    pytest.importorskip("arelle")
    log = Path(log_dir) / "arelle-log.json"
    cmd = [sys.executable, "-m", "arelle.CntlrCmdLine", "--packages", str(package), "--file", str(target),
           "--validate", "--calc=c10", "--workOffline", "--disablePersistentConfig",
           f"--logFile={log}", "--logFileMode=w"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert log.is_file(), proc.stderr[-2000:]
    entries = json.loads(log.read_text())["log"]
    return [(e["level"], e["code"], e["message"]["text"]) for e in entries if e["level"] not in ("info", "debug")]


def read_release(tmp_path, text: str, name: str = "release.txt"):
    """A hand-made release written to ``tmp_path / name``: its Document and the tables found in it."""
    from exporter import sources, tables

    path = Path(tmp_path) / name
    path.write_text(text)
    doc = sources.load(path)
    return doc, tables.find(doc)


def table_row(table, label: str):
    return next(r for r in table.rows if r.label == label)


def row_values(table, label: str) -> list:
    return [c.value if c is not None else None for c in table_row(table, label).cells]
