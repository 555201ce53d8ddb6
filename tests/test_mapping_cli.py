"""``xbrl-export mappings list | explain | check``."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CORPUS, needs_corpus
from exporter.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "mappings"
LUMEN = FIXTURES / "lumen-2008q2.txt"
SEED = CORPUS / "seed.txt"


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_effective_rules_in_order_with_their_source(capsys):
    code, out, _ = _run(capsys, "mappings", "list", "--format", "json")
    assert code == 0
    rules = json.loads(out)["rules"]
    assert len(rules) > 100
    spec = [r["specificity"] for r in rules]
    assert spec == sorted(spec, reverse=True)
    assert all(r["file"].endswith("mappings.toml") and r["line"] for r in rules)


def test_list_filters_by_concept_and_shows_user_layers(capsys):
    code, out, _ = _run(capsys, "mappings", "list", "--concept", "xe:AdvertisingExpense",
                        "--mapping", str(FIXTURES / "advertising.toml"))
    assert code == 0
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 1 and "advertising.toml:2" in lines[0] and "user file 1" in lines[0]
    code, out, _ = _run(capsys, "mappings", "list", "--concept", "NoSuchConcept")
    assert code == 0 and "no rule gives NoSuchConcept" in out


def test_check_exit_codes_and_line_numbers(capsys):
    code, out, _ = _run(capsys, "mappings", "check", str(FIXTURES / "advertising.toml"))
    assert code == 0 and "0 error(s)" in out
    code, out, _ = _run(capsys, "mappings", "check", str(FIXTURES / "shadowed.toml"))
    assert code == 1 and "shadowed.toml:7: error: rule never applies" in out
    code, out, _ = _run(capsys, "mappings", "check", "--format", "json", str(FIXTURES / "bad-regex.toml"))
    data = json.loads(out)
    assert code == 1 and data["errors"] == 1 and data["files"][0]["problems"][0]["line"] == 6


def test_check_of_a_missing_file_is_one_line_not_a_traceback(capsys, tmp_path):
    code, out, err = _run(capsys, "mappings", "check", str(tmp_path / "missing.toml"))
    assert code != 0 and "cannot read mapping file" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_check_shares_declarations_between_files_checked_together(capsys, tmp_path):
    decl = tmp_path / "decl.toml"
    decl.write_text('[[concept]]\nname = "LensRecoatingCosts"\ntype = "monetary"\nperiod_type = "duration"\n'
                    'label = "Lens recoating"\n')
    code, _, _ = _run(capsys, "mappings", "check", str(FIXTURES / "undeclared-extension.toml"))
    assert code == 1
    code, out, _ = _run(capsys, "mappings", "check", str(decl), str(FIXTURES / "undeclared-extension.toml"))
    assert code == 0, out


def test_explain_shows_unmapped_lines_with_candidates_and_their_extension(capsys):
    code, out, _ = _run(capsys, "mappings", "explain", str(LUMEN), "--format", "json")
    assert code == 0
    data = json.loads(out)
    rows = {r["label"]: r for t in data["tables"] for r in t["rows"]}
    assert rows["Revenues"]["status"] == "mapped" and rows["Revenues"]["rule"]["file"].endswith("mappings.toml")
    odd = rows["Lens recoating program"]
    assert odd["status"] == "extension" and odd["concept"] == "lumo:LensRecoatingProgram"
    assert odd["section"] == "Costs and expenses" and odd["candidates"]
    assert data["summary"] == {"mapped": 17, "extension": 3, "unmapped": 0}
    code, out, _ = _run(capsys, "mappings", "explain", str(LUMEN), "--no-extensions")
    assert "UNMAPPED -> left out" in out and "closest:" in out


@needs_corpus()
def test_explain_on_the_seed_shows_the_user_rule_won_and_where_it_lives(capsys):
    rule_file = FIXTURES / "advertising.toml"
    code, out, _ = _run(capsys, "mappings", "explain", str(SEED), "--mapping", str(rule_file), "--format", "json")
    assert code == 0
    rows = [r for t in json.loads(out)["tables"] for r in t["rows"] if r["label"] == "Marketing"]
    (row,) = rows
    assert row["concept"] == "xe:AdvertisingExpense"
    assert row["rule"]["line"] == 2 and row["rule"]["layer"] == 1
    assert Path(row["rule"]["file"]).resolve() == rule_file.resolve()
    assert row["overrides"][0]["concept"] == "MarketingExpense" and row["overrides"][0]["layer"] == 0
    code, out, _ = _run(capsys, "mappings", "explain", str(SEED), "--mapping", str(rule_file))
    text = out.splitlines()
    at = next(i for i, line in enumerate(text) if line.strip().startswith("line") and line.rstrip().endswith(
        "Marketing  [Costs and expenses]"))
    assert "-> xe:AdvertisingExpense" in text[at + 1] and "advertising.toml:2 (user file 1" in text[at + 1]
    assert "beats" in text[at + 2] and "MarketingExpense" in text[at + 2]


def test_explain_of_a_bad_release_is_one_line(capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, _, err = _run(capsys, "mappings", "explain", str(empty))
    assert code == 1 and len(err.strip().splitlines()) == 1


def test_usage_errors_exit_2(capsys):
    assert main(["mappings"]) == 2
    with pytest.raises(SystemExit) as e:
        main(["mappings", "explain"])
    assert e.value.code == 2
