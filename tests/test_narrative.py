"""Prose figures -> facts (exporter.narrative): one test per phrase kind, from corpus sentences and
hand-made variants; then the seed end to end against its gold, and the other corpus releases'
prose facts against theirs."""
from __future__ import annotations

import importlib
import importlib.util
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from exporter import narrative
from exporter.narrative import amounts, concepts, dims, phrases, placing, reading, textscan
from exporter.model import USD, Context, Entity, Fact, Period, Provenance
from exporter.document import Document, DocumentInfo, Line

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
CORPUS = SHARED / "corpus"
ENTITY = Entity("TST")
Q3_2007 = Period.duration(__import__("datetime").date(2007, 7, 1), __import__("datetime").date(2007, 9, 30))


def d(text: str):
    from datetime import date

    y, m, dd = (int(x) for x in text.split("-"))
    return date(y, m, dd)


def doc_of(text: str, **info) -> Document:
    info.setdefault("fiscal_period", "Q3")
    info.setdefault("fiscal_year", 2007)
    info.setdefault("ticker", "BSMD")
    lines = [Line(i + 1, t) for i, t in enumerate(text.strip("\n").split("\n"))]
    return Document(path="release.txt", kind="text", lines=lines, info=DocumentInfo(**info))


def table_fact(concept: str, period: Period, value: str, decimals: str = "-3", line: int = 300) -> Fact:
    return Fact(concept=f"xe:{concept}", context=Context(ENTITY, period), value=value, unit=USD, decimals=decimals,
                provenance=Provenance(source="release.txt", line=line, column=40, text=value, table=1))


def run(text: str, table=(), **info) -> narrative.Prose:
    return narrative.facts(doc_of(text, **info), list(table), ENTITY)


def by(prose: narrative.Prose) -> dict:
    """(concept local name, period, member locals) -> fact"""
    out = {}
    for f in prose.facts:
        dims = tuple(sorted(m.member.split(":")[1] for m in f.context.dims))
        out[(f.concept.split(":")[1], str(f.context.period), dims)] = f
    return out


# ---------------------------------------------------------------- values and scale words

def test_scale_words_and_decimals():
    p = run("Operating expenses for the third quarter of 2007 were $5.17 million.")
    f = by(p)[("OperatingExpenses", "2007-07-01..2007-09-30", ())]
    assert (f.value, f.decimals) == ("5170000", "-4")
    p = run("Revenue for the third quarter of 2007 was $1.2 billion.")
    assert by(p)[("Revenues", "2007-07-01..2007-09-30", ())].decimals == "-8"
    p = run("Revenue for the third quarter of 2007 was $350 thousand.")
    f = by(p)[("Revenues", "2007-07-01..2007-09-30", ())]
    assert (f.value, f.decimals) == ("350000", "-3")
    p = run("Net income for the quarter was $1,127,388.")
    f = by(p)[("NetIncomeLoss", "2007-07-01..2007-09-30", ())]
    assert (f.value, f.decimals) == ("1127388", "0")


def test_figures_reads_per_share_cents_percent_and_share_counts():
    figs = narrative.figures("net income of $53 million, or $0.24 per share on an average base of 216.5 million "
                             "common equivalent shares, up 18% and 27 cents a share")
    kinds = [(f.kind, f.text) for f in figs]
    assert ("money", "$53 million") in kinds
    assert ("per_share", "$0.24 per share") in kinds
    assert ("shares", "216.5 million") in kinds
    assert ("percent", "18%") in kinds
    assert any(k == "per_share" and t.startswith("27 cents") for k, t in kinds)
    per_share = next(f for f in figs if f.text == "$0.24 per share")
    assert per_share.attached_to is not None and figs[per_share.attached_to].text == "$53 million"


# ---------------------------------------------------------------- periods

def test_period_phrases_nine_months_at_date_fiscal_year_and_same_period():
    p = run("For the nine months ended September 30, 2007, total revenue rose to $20.20 million from $16.55 million\n"
            "for the same period last year, an increase of 22%.")
    facts = by(p)
    assert facts[("Revenues", "2007-01-01..2007-09-30", ())].value == "20200000"
    assert facts[("Revenues", "2006-01-01..2006-09-30", ())].value == "16550000"
    p = run("At September 30, 2007, the Company had cash and cash equivalents of $21.36 million.")
    assert ("CashAndCashEquivalentsAtCarryingValue", "2007-09-30", ()) in by(p)
    p = run("For fiscal 2006, revenue was $80.1 million.", fiscal_period="FY", fiscal_year=2007)
    assert ("Revenues", "2006-01-01..2006-12-31", ()) in by(p)


def test_quarter_phrases_snap_to_the_tables_52_53_week_periods():
    q2 = Period.duration(d("2004-04-04"), d("2004-07-03"))
    q2_prior = Period.duration(d("2003-03-30"), d("2003-06-28"))
    table = [table_fact("Revenues", q2, "8781000000", "-6"), table_fact("Revenues", q2_prior, "10196000000", "-6")]
    p = run("Net income was $53 million for the second quarter ended July 3, 2004, compared with net income of\n"
            "$309 million in the second quarter of 2003.", table, fiscal_period="Q2", fiscal_year=2004)
    facts = by(p)
    assert facts[("NetIncomeLoss", str(q2), ())].value == "53000000"
    assert facts[("NetIncomeLoss", str(q2_prior), ())].value == "309000000"


def test_a_paragraph_carries_its_period_to_the_next_sentence():
    p = run("For the nine months ended September 30, 2007, total revenue rose to $20.20 million. Revenue in the\n"
            "U.S. was $14.59 million, an increase of 23%.")
    assert ("Revenues", "2007-01-01..2007-09-30", ("UnitedStatesMember",)) in by(p)


def test_paired_periods_three_and_nine_months():
    p = run("Research and development expenses were $7,402,884 and $16,105,480 for the three-month and nine-month\n"
            "periods ended September 30, 2007, compared with $6,947,979 and $14,486,896 for the comparable periods\n"
            "in 2006.")
    facts = by(p)
    assert facts[("ResearchAndDevelopmentExpense", "2007-07-01..2007-09-30", ())].value == "7402884"
    assert facts[("ResearchAndDevelopmentExpense", "2007-01-01..2007-09-30", ())].value == "16105480"
    assert facts[("ResearchAndDevelopmentExpense", "2006-07-01..2006-09-30", ())].value == "6947979"
    assert facts[("ResearchAndDevelopmentExpense", "2006-01-01..2006-09-30", ())].value == "14486896"


# ---------------------------------------------------------------- comparisons

def test_compared_to_gives_the_prior_period_and_keeps_concept_and_segment():
    p = run("Revenue in Europe, Mid-East and Africa (EMEA) was $1.37 million for the third quarter of 2007,\n"
            "compared to $1.32 million for the same period in 2006, an increase of 4%.")
    facts = by(p)
    assert facts[("Revenues", "2007-07-01..2007-09-30", ("EuropeMiddleEastAndAfricaMember",))].value == "1370000"
    assert facts[("Revenues", "2006-07-01..2006-09-30", ("EuropeMiddleEastAndAfricaMember",))].value == "1320000"


def test_from_to_without_periods_orders_the_two_figures():
    p = run("Total revenue increased from $5.64 million to $6.64 million in the quarter.")
    facts = by(p)
    assert facts[("Revenues", "2007-07-01..2007-09-30", ())].value == "6640000"
    assert facts[("Revenues", "2006-07-01..2006-09-30", ())].value == "5640000"


def test_rose_to_x_from_y_hand_made_variant():
    p = run("Gross margin rose to $4.74 million, or 71.4% of revenue, for the third quarter of 2007, from gross\n"
            "margin of $3.94 million, or 69.7% of revenue, for the third quarter of 2006.")
    facts = by(p)
    assert facts[("GrossProfit", "2007-07-01..2007-09-30", ())].value == "4740000"
    assert facts[("GrossProfit", "2006-07-01..2006-09-30", ())].value == "3940000"
    assert sum(1 for u in p.unplaced if "percentage" in u.reason) == 2


# ---------------------------------------------------------------- lists and two dimensions

def test_list_with_two_dimensions():
    p = run("Third quarter 2007 worldwide sales of embolics used in interventional gynecology (UFE) rose to $4.53\n"
            "million, an increase of 12% compared to the third quarter of 2006, with U.S. sales of $3.97 million, an\n"
            "increase of 15%, and sales outside of the U.S. of $0.56 million, a decrease of 7%, compared to the\n"
            "third quarter of 2006.")
    facts = by(p)
    q = "2007-07-01..2007-09-30"
    assert facts[("Revenues", q, ("InterventionalGynecologyMember",))].value == "4530000"
    assert facts[("Revenues", q, ("InterventionalGynecologyMember", "UnitedStatesMember"))].value == "3970000"
    assert facts[("Revenues", q, ("InterventionalGynecologyMember", "NonUsMember"))].value == "560000"
    member = next(e for e in p.extension if e.name == "InterventionalGynecologyMember")
    assert member.kind == "member" and member.axis == "xe:ProductOrServiceAxis"
    qnames = {m.member for f in p.facts for m in f.context.dims}
    assert "bsmd:InterventionalGynecologyMember" in qnames


def test_named_segment_becomes_a_company_member():
    p = run("North America segment operating income was $5.7 billion for the third quarter of 2007, compared with\n"
            "operating income of $4.3 billion in third quarter 2006.")
    facts = by(p)
    assert facts[("OperatingIncomeLoss", "2007-07-01..2007-09-30", ("NorthAmericaSegmentMember",))].value == "5700000000"
    assert facts[("OperatingIncomeLoss", "2006-07-01..2006-09-30", ("NorthAmericaSegmentMember",))].value == "4300000000"
    assert [e.axis for e in p.extension] == ["xe:StatementBusinessSegmentsAxis"]


# ---------------------------------------------------------------- per share, signs

def test_per_share_appositive_and_loss_sign():
    p = run("The net loss applicable to common stockholders for the third quarter of 2007 narrowed to $0.45\n"
            "million, or $0.03 per basic and diluted share.")
    facts = by(p)
    q = "2007-07-01..2007-09-30"
    assert facts[("NetIncomeLossAvailableToCommonStockholdersBasic", q, ())].value == "-450000"
    eps = facts[("EarningsPerShareBasicAndDiluted", q, ())]
    assert (eps.value, eps.decimals, eps.unit.id) == ("-0.03", "2", "USD_per_shares")


def test_per_share_without_basic_or_diluted_is_unplaced_with_reason():
    p = run("Net income for the third quarter of 2007 was $44.2 million, or $0.89 per share.")
    assert ("NetIncomeLoss", "2007-07-01..2007-09-30", ()) in by(p)
    reasons = [u.reason for u in p.unplaced if u.text == "$0.89 per share"]
    assert reasons and "basic or diluted" in reasons[0]


# ---------------------------------------------------------------- what becomes no fact

def test_percentages_never_become_monetary_facts():
    p = run("--  Total revenue up 18% to $6.64 million for the third quarter of 2007")
    assert all(f.value != "18" and f.value != "0.18" for f in p.facts)
    pct = [u for u in p.unplaced if u.text == "18%"]
    assert pct and "percentage" in pct[0].reason and pct[0].line == 1


def test_repeat_of_a_table_figure_adds_no_fact():
    table = [table_fact("Revenues", Q3_2007, "6637000")]
    p = run("Total revenue for the third quarter of 2007 increased 18% to $6.64 million.", table)
    assert p.facts == []
    assert any(u.text == "$6.64 million" and "repeats the table's Revenues at line 300" in u.reason for u in p.unplaced)
    assert p.warnings == []


def test_contradiction_with_a_table_is_a_warning_with_both_lines():
    table = [table_fact("Revenues", Q3_2007, "6637000", line=298)]
    p = run("Total revenue for the third quarter of 2007 was $7.10 million.", table)
    assert p.facts == []
    assert len(p.warnings) == 1 and "release.txt:1" in p.warnings[0] and "line 298" in p.warnings[0]
    assert any("contradicts" in u.reason for u in p.unplaced)


def test_changes_ranges_outlook_and_adjusted_amounts_are_unplaced():
    p = run("Loss from operations for the three months ended September 30, 2007 increased by 333.3%, or $1.3 million,\n"
            "to a loss of $1.7 million. Net sales are expected to be between $181.5 billion and $188.5 billion.\n"
            "Excluding the impact of the settlement, full-year earnings for 2006 were $1.43 billion.")
    facts = by(p)
    assert facts[("OperatingIncomeLoss", "2007-07-01..2007-09-30", ())].value == "-1700000"
    reasons = {u.text: u.reason for u in p.unplaced}
    assert "change" in reasons["$1.3 million"]
    assert "forward-looking" in reasons["$181.5 billion"]
    assert "adjusted" in reasons["$1.43 billion"]
    assert len(p.facts) == 1


def test_a_line_item_phrase_must_be_whole():
    p = run("Online sales for the third quarter of 2007 decreased 23.9% to $2.0 million. The Company\n"
            "reported $2,789,484 of government contract revenues for the third quarter of 2007.")
    assert p.facts == []
    reasons = [u.reason for u in p.unplaced if u.text.startswith("$")]
    assert len(reasons) == 2 and all(r for r in reasons)


def test_every_prose_number_that_is_no_fact_has_a_reason():
    p = run("The Company generated approximately $1.1 million in annual sales per territory, and expects 24\n"
            "territories. Gross margin was 38.5 percent.")
    assert p.facts == []
    assert {u.text for u in p.unplaced} >= {"$1.1 million", "38.5 percent"}
    assert all(u.reason and u.line >= 1 and u.column >= 1 for u in p.unplaced)


def test_provenance_points_at_the_figure():
    p = run("Operating expenses for the third quarter of 2007 were $5.17\nmillion compared to $4.56 million for the\n"
            "third quarter of 2006.")
    f = by(p)[("OperatingExpenses", "2006-07-01..2006-09-30", ())]
    assert (f.provenance.line, f.provenance.column) == (2, 21)
    assert f.provenance.rule.startswith("narrative; ")


# ---------------------------------------------------------------- the corpus

def _score_module():
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    import sys

    sys.modules.setdefault("score", mod)  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


needs_corpus = pytest.mark.skipif(not (CORPUS / "seed.txt").exists(), reason="../shared/corpus is absent")


@needs_corpus
def test_seed_prose_facts_against_gold(tmp_path):
    convert = importlib.import_module("exporter.convert")
    from exporter import render

    inst = convert.convert(CORPUS / "seed.txt")
    out = tmp_path / "seed.xml"
    out.write_bytes(render.render(inst))
    score = _score_module()
    text = score.score(out, CORPUS / "gold" / "seed.json", source="text")
    whole = score.score(out, CORPUS / "gold" / "seed.json")
    assert text["recall"] >= 0.95
    assert whole["precision"] >= 0.97


def _gold_values() -> list[tuple[str, dict]]:
    out = []
    for g in sorted((CORPUS / "gold").glob("*.json")) if (CORPUS / "gold").exists() else []:
        data = json.loads(g.read_text())
        out.append((data.get("file") or g.stem, data))
    return out


@needs_corpus
@pytest.mark.parametrize("name,gold", _gold_values(), ids=[n for n, _ in _gold_values()])
def test_prose_facts_agree_with_the_gold_of_every_release(name, gold):
    """A prose fact the gold speaks to (same concept and period, no dimensions) has the gold's value."""
    from exporter import mapping, sources, tables

    convert = importlib.import_module("exporter.convert")
    doc = sources.load(CORPUS / name)
    found = tables.find(doc)
    entity = convert.entity_for(doc.info, str(CORPUS / name))
    mapped = mapping.apply(found, mapping.load_rules(), entity, str(CORPUS / name))
    prose = narrative.facts(doc, mapped.facts, entity)
    index = {}
    for g in gold["facts"]:
        if g.get("dims"):
            continue
        p = g["period"]
        key = p.get("instant") or f"{p['start']}..{p['end']}"
        for n in [g["concept"]] + g.get("alt", []):
            index.setdefault((n, key), set()).add(Decimal(str(g["value"])))
    wrong = []
    for f in prose.facts:
        if f.context.dims:
            continue
        values = index.get((f.concept.split(":")[1], str(f.context.period)))
        if values is None:
            continue
        q = Decimal(1).scaleb(-int(f.decimals))
        if not any((v / q).quantize(Decimal(1), rounding="ROUND_HALF_UP") * q == Decimal(f.value) for v in values):
            wrong.append((f.concept, str(f.context.period), f.value, f.provenance.line))
    assert wrong == []


def test_corpus_traps_per_share_after_eps_words_parentheses_and_movements():
    p = run("GAAP earnings per diluted share for the third quarter of 2007 was $11.93. Total liquidity (securities\n"
            "available for sale, interest-earning deposits and cash) totaled $1.1 billion at September 30, 2007. The\n"
            "quarter saw a positive movement in accumulated other comprehensive income of $5.1 million.")
    assert p.facts == []
    assert {u.text for u in p.unplaced} >= {"$11.93", "$1.1 billion", "$5.1 million"}


def test_loss_in_a_line_item_name_is_not_a_sign():
    p = run("For the three months ended September 30, 2007, the provision for credit losses was $4.8 million.")
    f = next(iter(by(p).values()))
    assert f.value == "4800000"


def test_fiscal_year_named_by_the_title_for_january_year_ends():
    fy = Period.duration(d("2023-01-30"), d("2024-01-28"))
    table = [table_fact("NetIncomeLoss", fy, "29760000000", "-6")]
    p = run("For fiscal 2024, revenue was up 126% to $60.9 billion.", table, fiscal_period="Q4", fiscal_year=2024)
    assert by(p)[("Revenues", str(fy), ())].value == "60900000000"


# ---------------------------------------------------------------- fast scans give the same answers

TRICKY_SENTENCES = [
    "Revenue for the Third Quarter of 2007 was $6.64 million, compared to the same period of 2006.",
    "THE THREE AND NINE MONTHS ENDED SEPTEMBER 30, 2007 AND THE FISCAL 2007 FOURTH FISCAL QUARTER ENDED JUNE 30, 2007",
    "In  the   2007    fiscal     fourth      fiscal-quarter, sales rose; the trailing\ttwelve months grew.",
    "Net income for the thirty-nine-months periods and fifty-three weeks periods ended January 31, 2024 rose.",
    "As of Sept. 30, 2007 and at December 31, 2006, cash was $5 million; a year ago it was $4 million.",
    "For fiscal 2024 and the full-year 2023, and during 2022, Q3 FY24 and fiscal Q4'23 were strong.",
    "The current quarter, this fiscal quarter and the most recent quarter of 2007 compare with last year's third quarter.",
    "Brandand endended quarterquarter yearyear 20072008 the prior-year period in 2006.",
    "Umsatz im dritten Quartal: the third quarter of 2007 — €5 million (Kelvin sign: \u212a, long s: \u017fame period).",
    "during\u00a0\u00a0\u00a02007 the comparable year periods a year earlier the prior year",
    "The provision was $4.8 million compared to $6.6 million for the June 2025 quarter and $1.2 million for the "
    "Sept.  2024   fiscal quarter.",
    "Sales of (US$1.5 million), (u.s. $2,345.6 thousand), USD 7bn, $-3 and $.5 rose 1,5% or 12.5 percent, "
    "1.2.3% and 45 basis points, to 1,234 million shares and .5 billion yen; (USD4 m) and $1 2.",
    "A 3.5% rise: 12%, 1,000,000 thousand units, 7 per cent and 8 percentage points, 9bps, 1,23 million.",
    "Sales in Europe, the Middle East & Africa (EMEA), the REST OF WORLD, outside of the U.S., non-U.S. and "
    "International revenues, in the United States and Domestic sales, Asia Pacific, in Latin America; Revenues "
    "from embolics sold for Interventional Oncology (IO) and sales of products used in uterine fibroids rose.",
]


@pytest.mark.parametrize("text", TRICKY_SENTENCES)
def test_anchored_period_scans_match_plain_scans(text, monkeypatch):
    fast = [(p.start, p.end, p.kind, p.text, p.comparison) for p in narrative.period_phrases(text)]
    # the plain way: every pattern tried at every position of the text as written (re.I)
    monkeypatch.setattr(textscan.Caseless, "near", lambda self, text, lowered, anchors, reach: self.rx.finditer(text))
    plain = [(p.start, p.end, p.kind, p.text, p.comparison) for p in narrative.period_phrases(text)]
    assert fast == plain


@pytest.mark.parametrize("text", TRICKY_SENTENCES)
def test_caseless_scans_match_case_insensitive_patterns(text):
    lowered = textscan.ascii_lower(text)
    scans = [textscan.Caseless(rx) for _, rx in phrases.PERIOD_PATTERNS] + [
        amounts.MONEY_SCAN, amounts.PERCENT_SCAN, amounts.COUNT_SCAN, amounts.CENTS_SCAN,
        reading.COMPARISON_SCAN, reading.CHANGE_SCAN, dims.PRODUCT_SCAN] + dims.GEO_SCANS
    for scan in scans:
        rx = scan.rx
        assert [m.span() for m in scan.finditer(text, lowered)] == [m.span() for m in rx.finditer(text)]
        assert [m.group(0) for m in scan.finditer(text, lowered)] == [m.group(0) for m in rx.finditer(text)]
        m1, m2 = scan.search(text, lowered, 5, len(text) - 3), rx.search(text, 5, len(text) - 3)
        assert (m1 and m1.span()) == (m2 and m2.span())


def test_lower_pattern_keeps_escapes_and_group_names():
    assert textscan._lower_pattern(r"(?P<Year>AB\S\D)(?P=Year)[A-Z]") == r"(?P<Year>ab\S\D)(?P=Year)[a-z]"


def test_head_words_are_what_heads_matches():
    words = {w.strip(".,") for t in TRICKY_SENTENCES for w in t.split()} | {
        "Revenues", "SALES", "ſales", "Inventories", "inventory,", "123R", "bac\u212alog", "revenueS.", "cost-", "Sale"}
    words |= set(concepts.HEAD_WORDS)
    for w in words:
        assert concepts._is_head(w) == bool(concepts.HEADS.match(w.rstrip(".,"))), w


def test_words_are_the_word_pattern_matches_of_a_window():
    import random
    rng = random.Random(7)
    alphabet = "aZ9_'’&/.- $(),é\t"
    texts = TRICKY_SENTENCES + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    for text in texts:
        for _ in range(5):
            a = rng.randint(0, len(text))
            b = rng.randint(a, len(text))
            expected = [(m.start(), m.end(), m.group(0)) for m in concepts.WORD_RE.finditer(text, a, b)]
            assert concepts._words(text, a, b) == expected, (text, a, b)


def test_change_prefilter_never_hides_a_change_and_located_comparisons_are_the_plain_ones():
    import random
    rng = random.Random(3)
    words = "increase increases of by or rose approximately about nearly up down the a revenue was to from in IN " \
            "change growth movements decline THE " \
            "lower higher growth swing versus vs. compared than x , . \t ; Up OR By ſ \u212a".split(" ")
    texts = TRICKY_SENTENCES + [" ".join(rng.choice(words) for _ in range(rng.randint(0, 8))) +
                                rng.choice(["", " ", "  ", "\n", " \t"]) for _ in range(5000)]
    for text in texts:
        lowered = textscan.ascii_lower(text)
        for start in range(0, len(text) + 1, max(1, len(text) // 6)):
            if not reading._may_end_in(lowered, start, len(text), reading.CHANGE_ENDINGS):
                assert reading.CHANGE_BEFORE.search(text[start:]) is None, (text, start)
            if not reading._may_end_in(lowered, start, len(text), ("in", "the")):
                assert reading.CHANGE_IN_BEFORE.search(text[start:]) is None, (text, start)
            located = reading.COMPARISON_SCAN.search(text, lowered, start, len(text))
            plain = phrases.COMPARISON.search(text, start, len(text))
            assert (located and located.span()) == (plain and plain.span()), (text, start)


def test_unit_scans_find_what_their_patterns_find():
    import random
    rng = random.Random(5)
    pieces = list("0123456789,.$% \t_(x") + ["percent", "per cent", "basis points", "bps", "cents", "cent", "million",
                                          "billion", "thousand", "PERCENT", "Million", "\x1c", "ſ"]
    texts = TRICKY_SENTENCES + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 25))) for _ in range(20000)]
    texts += ["21% and 1,5 percent, " * 40, "$5 million, 7 million and .5 billion " * 30, "3 cents, 4  cents " * 40]  # (many units)
    for text in texts:
        lowered = textscan.ascii_lower(text)
        for scan in (amounts.PERCENT_SCAN, amounts.COUNT_SCAN, amounts.CENTS_SCAN):
            found = [(m.span(), m.group(0)) for m in scan.finditer(text, lowered)]
            assert found == [(m.span(), m.group(0)) for m in scan.rx.finditer(text)], (text, scan.rx.pattern)


def test_first_characters_of_a_pattern():
    first = textscan._first_chars
    assert first(r"\b(?:the\s+)?(?:19|20)\d\d|q[1-4]", 0) == frozenset("t12q")
    assert first(r"(?:a|b)?c+", 0) == frozenset("abc")
    assert first(r"\d{1,2}x", 0) == frozenset("0123456789")
    assert first(r"a?", 0) is None  # (may match empty)
    assert first(r"[^a]b", 0) is None and first(r".b", 0) is None and first(r"ab", re.I) is None
    for kind, scan in phrases.PERIOD_SCANS:  # each match of the tricky sentences starts with one
        chars = first(scan.twin.pattern, scan.twin.flags)
        for text in TRICKY_SENTENCES:
            subject = text.lower() if scan.twin is not scan.rx else text
            if text.isascii():
                assert all(subject[m.start()] in chars for m in scan.twin.finditer(subject)), kind


def test_table_values_answer_as_asking_every_table_fact():
    import random
    from types import SimpleNamespace
    rng = random.Random(11)
    for _ in range(300):
        facts = []
        for _ in range(rng.choice([0, 3, 12, 40, 90])):
            decimals = rng.choice([-6, -3, 0, 2, None, "INF"])
            value = rng.choice([Decimal(rng.randint(-5000, 5000)).scaleb(rng.choice([0, 3, 6])),
                                Decimal(rng.randint(-500, 500)) / 100, Decimal("4530000"), Decimal("4500000")])
            facts.append(SimpleNamespace(value="x" if rng.random() < 0.05 else str(value), decimals=decimals))
        approx = {}
        for t in facts:
            try:
                approx[id(t)] = (float(t.value), None if t.decimals in (None, "INF") else int(t.decimals))
            except ValueError:
                approx[id(t)] = (None, None)
        values = placing._TableValues(approx)
        for _ in range(12):  # (a large pool asked again is answered from its index)
            decimals = rng.choice([-6, -4, -3, 0, 1, 2])
            value = rng.choice([Decimal(rng.randint(-5000, 5000)).scaleb(-decimals),
                                Decimal("4.53").scaleb(6), Decimal("-4.5").scaleb(6)])
            for either in (False, True):
                signs = [value, -value] if either else [value]
                expected = next((t for t in facts if any(placing._close(approx[id(t)], float(v), decimals)
                                                         and placing._agrees(t, v, decimals) for v in signs)), None)
                assert values.first("pool", facts, value, decimals, either_sign=either) is expected


def test_a_quarter_named_by_its_last_month():
    q2 = Period.duration(d("2025-04-01"), d("2025-06-30"))
    p = run("Net income was $7.9 million for the June 2025 quarter.")
    assert by(p)[("NetIncomeLoss", str(q2), ())].value == "7900000"


@needs_corpus
@pytest.mark.slow
def test_anchored_period_scans_match_plain_scans_on_every_corpus_line(monkeypatch):
    from exporter import sources
    texts = []
    for path in sorted(CORPUS.glob("*.*")):
        doc = sources.load(path)
        texts += [s.text for s in narrative.sentences(doc)] + [line.text for line in doc.lines]
    fast = [[(p.start, p.end, p.kind, p.text, p.comparison) for p in narrative.period_phrases(t)] for t in texts]
    monkeypatch.setattr(textscan.Caseless, "near", lambda self, text, lowered, anchors, reach: self.rx.finditer(text))
    plain = [[(p.start, p.end, p.kind, p.text, p.comparison) for p in narrative.period_phrases(t)] for t in texts]
    assert sum(map(len, plain)) > 1000
    assert [t for t, a, b in zip(texts, fast, plain) if a != b] == []


def test_an_amount_qualified_after_it_by_excluding_is_adjusted():
    p = run("Interest expense was $46.6 million during the year ended December 31, 2024, excluding accretion\n"
            "on preferred units of our subsidiary, compared to interest expense of $39.5 million in 2023.")
    assert [f for f in p.facts if "InterestExpense" in f.concept] == []
    assert any(u.text == "$46.6 million" and "adjusted" in u.reason for u in p.unplaced)


def test_a_price_paid_in_cash_is_no_cash_balance():
    p = run("In July 2007, the Company agreed to sell its packaging business for $1.05 billion in cash to\n"
            "an industry buyer.")
    assert [f for f in p.facts if "Cash" in f.concept] == []
    (u,) = [u for u in p.unplaced if u.text == "$1.05 billion"]
    assert "Cash" not in u.reason, u.reason  # no cash line item taken for it, with or without a period
