"""The caches a fresh process starts from: the compiled instance template (render.py) and the
parsed default rules (mapping.py), both plain data keyed by content.  What they load is exactly
what would be made without them, and a damaged or unwritable cache only costs time."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "acme-2007q3.txt"

CONVERT = "import sys, exporter.convert, exporter.render; sys.stdout.buffer.write(" \
          "exporter.render.render(exporter.convert.convert(sys.argv[1])))"


def _convert(cache: Path | str) -> bytes:
    env = {**os.environ, "XBRL_EXPORT_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", CONVERT, str(EXAMPLE)], env=env, check=True,
                          capture_output=True).stdout


def test_unwritable_cache_only_costs_time(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    assert _convert(blocker / "cache") == _convert("")


def test_template_cache_damaged_or_stale(tmp_path):
    expected = _convert("")
    assert _convert(tmp_path) == expected
    compiled = list((tmp_path / "jinja").glob("*.cache"))
    assert len(compiled) == 1
    compiled[0].write_bytes(compiled[0].read_bytes()[:40])  # cut short
    assert _convert(tmp_path) == expected
    compiled[0].write_bytes(b"garbage")
    assert _convert(tmp_path) == expected


def test_parsed_rules_kept_by_content(tmp_path, monkeypatch):
    from exporter import mapping
    from exporter.mapping import rulefiles

    monkeypatch.setenv("XBRL_EXPORT_CACHE", str(tmp_path / "cache"))
    rules = tmp_path / "rules.toml"
    rules.write_text('[[rule]]\npattern = "^net (sales|revenues?)$"\nconcept = "Revenues"\n')
    fresh = mapping.parse_rule_file(rules, 0, check_patterns=False)
    assert rulefiles._parse_stored(rules, 0) == fresh  # parsed, stored
    assert len(list((tmp_path / "cache").glob("rules-*.pickle"))) == 1
    assert rulefiles._parse_stored(rules, 0) == fresh  # read back
    rules.write_text('[[rule]]\nlabel = "Sales"\nconcept = "Revenues"\n')  # changed: parsed again
    assert rulefiles._parse_stored(rules, 0) == mapping.parse_rule_file(rules, 0, check_patterns=False) != fresh
    for stored in (tmp_path / "cache").glob("rules-*.pickle"):
        stored.write_bytes(b"damaged")
    assert rulefiles._parse_stored(rules, 0).rules[0].label == "Sales"


def test_default_rules_cached_between_processes(tmp_path):
    expected = _convert("")
    assert _convert(tmp_path) == expected
    assert len(list(tmp_path.glob("rules-*.pickle"))) == 1
    assert _convert(tmp_path) == expected
