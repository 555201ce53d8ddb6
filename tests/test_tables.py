"""The fixed-width table reader, feature by feature, on small hand-made releases."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from exporter.interpret import captions, labels, numbers, sums
from exporter.interpret.bands import band_of, merged_spans
from exporter.readers import text as text_reader
from exporter import model
from exporter import tables
from exporter.model import Period
from exporter.document import Document, DocumentInfo, Line


def read(text: str) -> list[model.Table]:
    lines = [Line(i, t.rstrip()) for i, t in enumerate(text.strip("\n").split("\n"), 1)]
    return text_reader.text_tables(lines)


INCOME = """
           STATEMENTS OF OPERATIONS
   (in thousands, except per share amounts)

                                      Three Months
                                          Ended      Nine Months Ended
                                      September 30,    September 30,
                                     --------------- -----------------
                                      2007    2006     2007     2006
                                     ------- ------- -------- --------
 Revenues                            $ 6,637 $ 5,644 $ 20,196 $ 16,550
 Costs and expenses:
  Sales                                1,775   1,998    5,701    5,730
  General, administrative and patent
   costs                               1,332   1,242    4,756    4,236
  Restructuring                           --       -        -      120
 Loss from operations                  (435)   (624)  (2,202)  (2,758)
 Net loss per common share
  Basic and diluted                  $(0.03) $(0.03) $ (0.12) $ (0.15)
 Weighted average common shares
  outstanding
  Basic and diluted                   17,620  17,381   17,577   16,890
"""


def test_grouped_multiline_headers_give_four_durations():
    (t,) = read(INCOME)
    assert [c.period for c in t.columns] == [
        Period.duration(date(2007, 7, 1), date(2007, 9, 30)),
        Period.duration(date(2006, 7, 1), date(2006, 9, 30)),
        Period.duration(date(2007, 1, 1), date(2007, 9, 30)),
        Period.duration(date(2006, 1, 1), date(2006, 9, 30)),
    ]
    assert t.statement == "income"
    assert t.scale == 3


def test_numbers_dollars_parentheses_and_dashes():
    (t,) = read(INCOME)
    rows = {r.label: r for r in t.rows}
    assert [c.value for c in rows["Revenues"].cells] == [Decimal(6637), Decimal(5644), Decimal(20196), Decimal(16550)]
    assert [c.value for c in rows["Loss from operations"].cells] == [Decimal(-435), Decimal(-624), Decimal(-2202), Decimal(-2758)]
    restructuring = rows["Restructuring"].cells
    assert [c.value for c in restructuring[:3]] == [None, None, None]  # dashes: printed, no amount
    assert restructuring[3].value == Decimal(120)


def test_sections_wrapped_labels_and_parent_lines():
    (t,) = read(INCOME)
    by_label = {r.label: r for r in t.rows}
    assert by_label["Sales"].section == "Costs and expenses"
    assert "General, administrative and patent costs" in by_label
    assert by_label["Loss from operations"].section is None  # the section ended
    eps = [r for r in t.rows if r.parent == "Net loss per common share"]
    assert eps and eps[0].label == "Basic and diluted"
    shares = [r for r in t.rows if r.parent == "Weighted average common shares outstanding"]
    assert shares and shares[0].cells[0].value == Decimal(17620)


def test_provenance_line_and_column():
    (t,) = read(INCOME)
    row = next(r for r in t.rows if r.label == "Revenues")
    assert row.line == 10
    cell = row.cells[0]
    assert cell.line == 10 and INCOME.strip("\n").split("\n")[9][cell.column - 1:].startswith("6,637")


BALANCE = """
                CONDENSED BALANCE SHEETS
                      (in millions)

                                            September 30, December 31,
                                                2007          2006
                                            ------------- ------------
 ASSETS
  Cash                                      $      21.4   $     22.1
  Total assets                              $      31.9   $     32.1
 LIABILITIES AND STOCKHOLDERS' EQUITY
  Stockholders' equity                             27.4         27.0
  Total liabilities and
   stockholders' equity                     $      31.9   $     32.1
"""


def test_balance_sheet_dates_are_instants_and_millions_scale():
    (t,) = read(BALANCE)
    assert [c.period for c in t.columns] == [Period.instant(date(2007, 9, 30)), Period.instant(date(2006, 12, 31))]
    assert t.statement == "balance" and t.scale == 6
    labels = [r.label for r in t.rows]
    assert "Total liabilities and stockholders' equity" in labels
    assert t.rows[0].sections == ("ASSETS",)
    assert t.rows[-1].sections == ("LIABILITIES AND STOCKHOLDERS' EQUITY",)
    assert t.rows[0].cells[0].decimals == 1


WEEKS = """
    RETAILER INC.
    CONSOLIDATED INCOME

                                          For the 13         For the 26
                                          Weeks Ended        Weeks Ended
                                        July 3, 2004 and   July 3, 2004 and
                                         June 28, 2003      June 28, 2003
    (millions, except earnings per
     common share)                       2004     2003      2004      2003

    REVENUES
     Merchandise sales and services     $8,700  $ 8,851   $16,403   $16,325
              Total revenues             8,781   10,196    16,575    19,076
"""


def test_weeks_with_two_year_end_dates_and_caption_beside_years():
    (t,) = read(WEEKS)
    assert [c.period for c in t.columns] == [
        Period.duration(date(2004, 4, 4), date(2004, 7, 3)),
        Period.duration(date(2003, 3, 30), date(2003, 6, 28)),
        Period.duration(date(2004, 1, 4), date(2004, 7, 3)),
        Period.duration(date(2002, 12, 29), date(2003, 6, 28)),
    ]
    assert t.scale == 6
    assert t.rows[0].sections == ("REVENUES",)


def test_prose_with_numbers_is_not_a_table():
    text = """
    In the third quarter of 2007, revenue in the U.S. was $4.98 million, an increase of
21% from revenue of $4.09 million in the third quarter of 2006. Revenue in Europe was
$1.37 million for the third quarter of 2007, compared to $1.32 million in 2006.
"""
    assert read(text) == []


def test_parse_number_forms():
    assert numbers.parse_number("$(2,031)")[0] == Decimal(-2031)
    assert numbers.parse_number("(0.03)")[0] == Decimal("-0.03")
    assert numbers.parse_number("71.4%")[1] is True
    assert numbers.parse_number("1,234.5")[2] == 1
    assert numbers.parse_number("abc") is None
    assert numbers.is_nil("--") and numbers.is_nil("—") and not numbers.is_nil("0")


ANALYSIS = """
                                Utility Holding Co
                        Analysis of Consolidated Earnings
                            (In Millions of Dollars)

<TABLE>
<CAPTION>
                                       3 Months Ended December
                                     ----------------------------
                                       2004       2003    Change
                                       ----       ----    ------
Income Account-

<S>                                  <C>        <C>         <C>
Retail Revenue                       $2,194     $1,968      $226
Fuel and Purchased Power                948        824       124
Income Taxes                             (2)        26       (28)
NET INCOME AS REPORTED (See Note)     $ 204      $ 125      $ 79
</TABLE>
"""


def test_sgml_column_tags_month_only_heading_and_change_column():
    (t,) = read(ANALYSIS)
    assert t.scale == 6 and t.statement == "income"
    assert [c.period for c in t.columns] == [
        Period.duration(date(2004, 10, 1), date(2004, 12, 31)),
        Period.duration(date(2003, 10, 1), date(2003, 12, 31)),
        None,  # "Change" is no period
    ]
    rows = {r.label: r for r in t.rows}
    assert "NET INCOME AS REPORTED" in rows  # the note reference is not part of the label
    assert rows["Income Taxes"].cells[0].value == Decimal(-2)


def _concept(sign: str, balance: str | None, name: str = "X"):
    from types import SimpleNamespace

    return SimpleNamespace(sign=sign, balance=balance, name=name)


def test_signs_magnitude_change_and_signed():
    from exporter.signs import signed_value

    row = model.Row(label="Interest expense", line=1, depth=0, cells=[])
    assert signed_value(Decimal(-806), _concept("magnitude", "debit"), row, "income", False) == 806
    flip = model.Row(label="Other operating expense (income), net", line=1, depth=0, cells=[])
    assert signed_value(Decimal(-5), _concept("magnitude", "debit"), flip, "income", False) == -5
    # an asset's change printed as its cash effect: an increase uses cash
    ar = model.Row(label="Accounts receivable", line=1, depth=0, cells=[], sections=("Operating activities",))
    assert signed_value(Decimal(-517), _concept("change", "credit"), ar, "cashflow", False) == 517
    assert signed_value(Decimal(-477), _concept("change", "debit"), ar, "cashflow", False) == -477
    # a tax line printed as a term of the running sum is stored as the expense
    tax = model.Row(label="Provision for income taxes", line=1, depth=0, cells=[], contribution=True)
    assert signed_value(Decimal(-2306), _concept("signed", "debit", "IncomeTaxExpenseBenefit"), tax, "income",
                        False) == 2306
    minority = model.Row(label="Minority interest", line=1, depth=0, cells=[], contribution=True)
    assert signed_value(Decimal(-4), _concept("signed", "credit", "NetIncomeLossAttributableToNoncontrollingInterest"),
                        minority, "income", False) == 4
    # non-cash income subtracted among the operating adjustments
    adj = model.Row(label="Non-operating expense (income), net", line=1, depth=0, cells=[],
                     sections=("OPERATING ACTIVITIES", "Adjustments to reconcile net income"))
    assert signed_value(Decimal(-990), _concept("signed", "credit", "OtherNoncashIncomeExpense"), adj, "cashflow",
                        False) == 990
    net = model.Row(label="Net income", line=1, depth=0, cells=[], sections=("Operating activities",))
    assert signed_value(Decimal(6004), _concept("signed", "credit", "NetIncomeLoss"), net, "cashflow", False) == 6004


def test_running_sum_contributions_are_marked():
    text = """
                      STATEMENTS OF INCOME
                         (in millions)
                              Three Months Ended
                              September 30,
                              2024       2023
 Income before income taxes   12,189     10,001
 Provision for income taxes   (2,306)    (2,000)
 Equity-method activity           (4)        (1)
 Net income                    9,879      8,000
"""
    (t,) = read(text)
    sums.mark_contributions(t)  # tables.find does this for every reader
    rows = {r.label: r for r in t.rows}
    assert rows["Provision for income taxes"].contribution and rows["Equity-method activity"].contribution
    assert not rows["Net income"].contribution and not rows["Income before income taxes"].contribution


def _line(text: str):
    return text_reader._parse_line(Line(1, text))


def test_line_token_runs_labels_and_glued_numbers():
    text = "  Cash and equivalents ........ 1,234    (56)"
    p = _line(text)
    assert p.kind == "data" and p.label == "Cash and equivalents"
    assert [(t.text, t.start) for t in p.tokens] == [("1,234", text.index("1,")), ("(56)", text.index("("))]
    # a leader of underscores, a dangling "$" and a ":" may sit right before the number
    assert _line("  Other assets__ 97").label == "Other assets__"
    assert _line("  Revenue$ 12").label == "Revenue" and _line("  Revenue$ 12").tokens[0].text == "12"
    assert [(t.text, t.start) for t in _line("  Total assets   $ 31,856").tokens] == [("$ 31,856", 19)]
    assert _line("  Total assets $ 31,856").kind == "text"
    assert _line("  Goodwill: 1,443").kind == "data"
    # a number glued to a word by one space is prose; a number inside a word is no token
    assert _line("the third quarter of 2007").kind == "text"
    assert _line("  Product A1    12").tokens[0].text == "12" and len(_line("  Product A1    12").tokens) == 1
    assert _line("  Deferred revenue       n/a       --").kind == "data"
    assert _line("              2007          2006").kind == "years"
    assert _line("  ------- ------- --------").kind == "rule"
    assert _line("  -- Total revenue up 18% to $6.64 million").kind == "text"
    assert _line("   ").kind == "blank"


def test_statement_kind_from_caption_labels_or_columns():
    unnamed_balance = """
                                            September 30, December 31,
                                                2007          2006
  Receivables                                      4,150        4,082
  Inventories                                      3,176        2,830
"""
    (t,) = read(unnamed_balance)
    assert t.statement == "balance" and t.columns[0].period == Period.instant(date(2007, 9, 30))
    unnamed_income = """
                                      Three Months Ended September 30,
                                          2007        2006
  Revenues                               6,637       5,644
  Net loss                                (313)       (368)
"""
    (t,) = read(unnamed_income)
    assert t.statement == "income" and t.columns[0].period == Period.duration(date(2007, 7, 1), date(2007, 9, 30))
    text = "      Reconciliation of non-GAAP measures\n\n" + unnamed_income
    lines = [Line(i, t.rstrip()) for i, t in enumerate(text.strip("\n").split("\n"), 1)]
    (t,) = tables.find(Document(path="x.txt", kind="text", lines=lines, info=DocumentInfo()))
    assert t.role == "other" and t.statement == "other"


def test_band_of_takes_the_widest_overlap_left_to_right():
    bands = [(10, 15), (20, 26), (30, 36)]
    assert band_of(21, 25, bands) == 1
    assert band_of(14, 22, bands) == 1  # overlaps two: the wider wins
    assert band_of(14, 18, bands) == 0
    assert band_of(0, 5, bands) is None and band_of(40, 44, bands) is None


@pytest.mark.parametrize("caption, role", [
    ("PEAPACK-GLADSTONE FINANCIAL CORPORATIONAVERAGE BALANCE SHEET (Tax-Equivalent Basis, Dollars in Thousands)", "other"),
    ("Average Balances, Interest and Yields", "other"),
    ("Consolidated Balance Sheets (in thousands)", "statement"),
    ("Revenue by segment", "segment"),
])
def test_average_balance_tables_are_not_statements(caption, role):
    # averages over a quarter are neither balances at its end nor its flows
    assert captions.role_of(caption) == role


PLAIN_SHAPE_TOKENS = [
    "0", "7", "123", "1234", "1,234", "12,345,678", "1,234.50", "0.03", ".5", "5.", "1.2.3", "1,2345",
    "12,34", ",123", "1,,234", "1234,567", "$5", "$ 1,234", "$\u20091,234", "$(5)", "$ (1,234.5)", "($5)",
    "(5)", "( 5 )", "(5", "5)", "()", "(", "$", "$$5", "(%)", "5%", "5 %", "(2.5%)", "(2.5)%", "(2.5 %)",
    "$2.5%", "%", "5 a", "5(a)", "(5) (a)", "１２３", "1,２３４", "²", "٣.٥", "1, 234", "(1,234 )", "-5", "–5",
    "(-5)", "$-5", "5 %)", "((5))", "$5 )", "(\n5\n)", "1 234", "0.0", "(0)", "007", "1,234.", "1,234.5.6",
]


@pytest.mark.parametrize("token", PLAIN_SHAPE_TOKENS)
def test_plain_shape_reads_as_the_pattern(token):
    # the str-method reading of common cells answers as NUMBER_RE does, or leaves the token to it
    quick = numbers._plain_shape(token)
    if quick is not None:
        assert quick == numbers._number_by_pattern(token)
        assert str(quick[0]) == str(numbers._number_by_pattern(token)[0])  # (same exponent, sign of zero)


def test_plain_shape_takes_the_common_cells():
    for token in ("1,234", "$ 6,640", "(0.03)", "$(2,031)", "71.4%", "(2.5%)", ".5"):
        assert numbers._plain_shape(token) is not None


TOKEN_LINES = [
    "    Product sales                              $  6,640    $  5,642",
    "Net loss per share  $(0.03) $ (0.12)  n/a  NM  --  —",
    "Total 2007 2006", "2007    2006", "", "   ", "abc", "(1)  1,234", "a(5) 6", "x$ 5 )  %  7",
    "Nasdaq: NASDAQ  12  N/A", "an 12  na  n/a", "–5 — 6 – 7", "ratio:5 6", "１２３ ４５６", "5\u20096",
    "label\t$\t(5\t)\t%", "M 1", "AM 2 NM", "Revenue.....   12", "(in millions, except per share)  2",
    "x\u00a012  3", "x１ 5", "y\x0c 7", "Total\u2003 9",
]


@pytest.mark.parametrize("text", TOKEN_LINES)
def test_token_search_from_the_label_end(text):
    # the tokens found after _tokens_start are those a search of the whole line finds there
    cut = text_reader._tokens_start(text)
    last_label_character = re.match(r"(?s).*[^\s$()\-\d,.%—–n/aNAM]", text)  # (what TOKEN_RE cannot hold)
    assert cut in (0, last_label_character and last_label_character.end())
    whole = list(text_reader.TOKEN_RE.finditer(text))
    assert [m.span() for m in whole if m.start() >= cut] == [m.span() for m in text_reader.TOKEN_RE.finditer(text, cut)]
    assert not any(m.start() < cut < m.end() for m in whole)


def _band_by_overlap(start, end, bands):
    best, overlap = None, 0
    for k, (s, e) in enumerate(bands):
        ov = min(e, end) - max(s, start)
        if ov > overlap:
            best, overlap = k, ov
    return best


def test_band_of_finds_the_band_of_most_overlap():
    # bisection answers as the overlap search does, on bands apart or touching, for any span
    import random

    rng = random.Random(7)
    for _ in range(3000):
        bands, pos = [], rng.randint(0, 3)
        for _ in range(rng.randint(1, 5)):
            start = pos + rng.choice((0, 0, 1, 3))  # (0: touching the band before)
            pos = start + rng.randint(1, 8)
            bands.append((start, pos))
        start = rng.randint(-2, pos + 2)
        end = start + rng.randint(0, 8)
        assert band_of(start, end, bands) == _band_by_overlap(start, end, bands), (start, end, bands)


@pytest.mark.parametrize("text", ["Revenue rose to $4.98", "in the third quarter of 2007", "ratio: 12", "total__ 5",
                                  "of  2007", "of 2007 2006", "of 2007   ", "of\t2007", "a 5", "x (5)", "y n/a", "(z) 5"])
def test_a_word_glued_to_the_label_is_no_cell(text):
    # _parse_line's shortcut answers as the token search does: no tokens
    cut = text_reader._tokens_start(text)
    if text_reader._glued_last_word(text, cut):
        assert text_reader._split_tokens(text, cut)[1] == []


# What every match of a pattern holds, read from the pattern's parse: the sets of strings (in
# lower case) one of which each match holds, for checking captions.GATE_WORDS.
def _finite(item):
    """The strings an item of a parsed pattern matches, when they are few and literal; else None."""
    from re import _constants as c

    op, av = item
    if op is c.LITERAL:
        return {chr(av).lower()}
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return {""}  # (zero-width: the letters around it stay side by side)
    if op is c.SUBPATTERN:
        return _finite_seq(av[3])
    if op is c.BRANCH:
        alts = [_finite_seq(alt) for alt in av[1]]
        return None if any(a is None for a in alts) else set().union(*alts)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[1] <= 1:
        inner = _finite([*av[2]][0]) if len(av[2]) == 1 else _finite_seq(av[2])
        return None if inner is None else inner | ({""} if av[0] == 0 else set())
    return None


def _finite_seq(items):
    out = {""}
    for item in items:
        strings = _finite(item)
        if strings is None or len(out) * len(strings) > 256:
            return None
        out = {a + b for a in out for b in strings}
    return out


def _holds_a_word(items, words) -> bool:
    """Every match of the parsed sequence ``items`` holds one of ``words`` (as far as the parse shows)."""
    from re import _constants as c

    run = []
    for item in [*items, None]:
        strings = _finite(item) if item is not None else None
        if strings is not None:
            run.append(strings)
            continue
        if run:  # a run of literal items: each match holds one of its strings, side by side
            joined = {""}
            for strings_ in run:
                joined = {a + b for a in joined for b in strings_}
            if all(any(word in string for word in words) for string in joined):
                return True
            run = []
        if item is None:
            continue
        op, av = item
        if op is c.SUBPATTERN and _holds_a_word(av[3], words):
            return True
        if op is c.BRANCH and all(_holds_a_word(alt, words) for alt in av[1]):
            return True
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1 and _holds_a_word(av[2], words):
            return True
    return False


def test_gate_words_are_held_by_every_match():
    from re import _parser

    from exporter import periods

    for rx, words in [*captions.GATE_WORDS.items(), *periods.GATE_WORDS.items()]:
        assert all(word == word.lower() for word in words)
        assert _holds_a_word(_parser.parse(rx.pattern, rx.flags), words), rx.pattern
    # (and the check can fail: a word no match needs)
    assert not _holds_a_word(_parser.parse(captions.SEGMENT_CAPTION.pattern, re.I), ("segment",))


def test_gated_search_answers_as_the_pattern():
    texts = ["CONSOLIDATED STATEMENTS OF OPERATIONS (in thousands, except per share amounts)", "Selected data",
                "Reconciliation of GAAP to Non-GAAP", "Revenue by Region", "Balance Sheets ($ in millions)",
                "Shares outstanding in millions", "Key Performance Indicators", "Average daily balances",
                "Cash flows", "Financial position", "Highlights", "(000's omitted)", "ſegment", "INCOME STATEMENT"]
    for caption in texts:
        lowered = captions.ascii_lowered(caption)
        for rx in captions.GATE_WORDS:
            assert bool(captions.gated_search(rx, caption, lowered)) == bool(rx.search(caption)), (rx.pattern, caption)


def test_merged_spans():
    import random

    rng = random.Random(11)
    for _ in range(2000):
        spans = sorted((s, s + rng.randint(0, 6)) for s in (rng.randint(0, 40) for _ in range(rng.randint(0, 8))))
        bands: list[list[int]] = []  # (the merge as the readers wrote it)
        for s, e in spans:
            if bands and s < bands[-1][1]:
                bands[-1][1] = max(bands[-1][1], e)
            else:
                bands.append([s, e])
        assert merged_spans(spans) == [(s, e) for s, e in bands]


def test_token_pattern_reads_as_with_optional_groups():
    # "(?:X|)" in TOKEN_RE is "(?:X)?": the same matches
    import random

    optional = re.compile(text_reader.TOKEN_RE.pattern.replace("|)", ")?"))
    assert optional.pattern != text_reader.TOKEN_RE.pattern
    rng = random.Random(13)
    alphabet = list("0123456789,.$()% -—–n/aNAMx:\t") + ["１", "\u2009", "  ", "$ ", "( ", " )", " %"]
    texts = TOKEN_LINES + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(5000)]
    for text in texts:
        assert [m.span() for m in text_reader.TOKEN_RE.finditer(text)] == [m.span() for m in optional.finditer(text)], text


@pytest.mark.parametrize("text", ["ASSETS", "U.S. GAAP", "Assets", "AB", "ABC:", "ÉTATS FINANCIERS", "CASH é", "ßAB C",
                                  "", "123", "NET SALES (a)", "Net Sales", "NÉT", "Σ ABC"])
def test_in_capitals_reads_the_letters(text):
    letters = re.sub(r"[^A-Za-z]", "", text)
    assert labels.in_capitals(text) == (len(letters) >= 3 and letters.isupper())


def test_parse_number_answers_as_number_re():
    # the shortcuts (digits alone, thousands groups, _plain_shape) answer as NUMBER_RE does
    import random

    rng = random.Random(21)
    alphabet = list("0123456789,.$()% -") + ["１", "\u2009", "a", "\u00a0", "٣", "$ ", "$  "]
    tokens = PLAIN_SHAPE_TOKENS + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9))) for _ in range(20000)]
    for token in tokens:
        t = token.strip().replace("\u00a0", " ")
        expected = numbers._number_by_pattern(t) if t[:1] and (t[:1] in numbers.NUMBER_FIRST or t[:1].isdecimal()) else None
        got = numbers.parse_number(token)
        assert got == expected and str(got and got[0]) == str(expected and expected[0]), token


@pytest.mark.parametrize("caption", [
    "Three and nine months ended September 30 by line of business (in millions)",
    "Operating income by division",
    "Results of the lines of business",
])
def test_figures_by_line_of_business_or_division_are_a_segment_table(caption):
    assert captions.role_of(caption) == "segment"
