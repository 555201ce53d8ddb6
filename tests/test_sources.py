"""Reading release files: EDGAR submissions, format detection by content, encodings, line numbers."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from exporter import sources, tables
from exporter.model import SEC_CIK_SCHEME, ConvertError

FIXTURES = Path(__file__).parent / "fixtures" / "releases"
SUBMISSION = FIXTURES / "quarry-2001q3-submission.txt"


def test_submission_takes_the_ex99_exhibit_and_the_sec_header():
    doc = sources.load(SUBMISSION)
    assert doc.kind == "text"
    assert doc.info.cik == "0000912345" and doc.info.company == "QUARRY STONE WORKS INC"
    assert doc.info.period_end == date(2001, 9, 29) and doc.info.ticker == "QSW"
    assert not any("FORM 8-K" in line.text for line in doc.lines)  # the 8-K cover is not the release
    # line numbers are the submission file's own
    file_lines = SUBMISSION.read_text().split("\n")
    for line in doc.lines:
        if line.text.strip():
            assert file_lines[line.number - 1].expandtabs(8).rstrip() == line.text


def test_submission_table_with_sgml_column_tags_and_weeks():
    doc = sources.load(SUBMISSION)
    (t,) = tables.find(doc)
    assert t.scale == 3 and t.statement == "income"
    assert str(t.columns[1].period) == "2000-07-02..2000-09-30"  # 13 weeks
    assert str(t.columns[2].period) == "2000-12-31..2001-09-29"  # 39 weeks
    eps = t.rows[-1]
    assert eps.label == "Earnings per share - diluted" and str(eps.cells[0].value) == "0.42"


def test_submission_converts_with_the_cik_as_entity(tmp_path):
    from exporter import convert

    instance = convert(SUBMISSION)
    assert instance.entity.scheme == SEC_CIK_SCHEME and instance.entity.identifier == "0000912345"
    taxes = [f for f in instance.facts if f.concept.endswith(":IncomeTaxExpenseBenefit")]
    assert taxes and all(f.value.startswith("2") or f.value.startswith("5") for f in taxes)  # stored positive


def test_submission_without_a_press_release_is_refused(tmp_path):
    p = tmp_path / "s.txt"
    p.write_text("<SEC-DOCUMENT>\n<DOCUMENT>\n<TYPE>10-Q\n<TEXT>\nquarterly report\n</TEXT>\n</DOCUMENT>\n"
                 "<DOCUMENT>\n<TYPE>EX-31.1\n<TEXT>\ncertification\n</TEXT>\n</DOCUMENT>\n</SEC-DOCUMENT>\n")
    with pytest.raises(ConvertError, match="no EX-99 press release"):
        sources.load(p)


def test_html_exhibit_inside_a_document_keeps_file_line_numbers(tmp_path):
    body = "<html><body>\n<p>ACME CORP. (NYSE: ACM) today reported</p>\n<table><tr><td>Revenue</td></tr></table>\n</body></html>\n"
    p = tmp_path / "x.txt"
    p.write_text("<DOCUMENT>\n<TYPE>EX-99.1\n<SEQUENCE>2\n<TEXT>\n" + body + "</TEXT>\n</DOCUMENT>\n")
    doc = sources.load(p)
    assert doc.kind == "html" and doc.first_line == 5
    line = next(l for l in doc.lines if "today reported" in l.text)
    assert line.number == 6
    assert doc.info.ticker == "ACM"


@pytest.mark.parametrize("text,kind", [
    ("<html><body><p>x</p></body></html>", "html"),
    ("<p>a</p><p>b</p><div>c</div><table><tr><td>1</td></tr></table>", "html"),
    ("| a | b |\n|---|---|\n| 1 | 2 |\n", "markdown"),
    ("# Title\n\nSome text\n", "markdown"),
    ("ACME CORP\n   Revenues     1,234    1,100\n", "text"),
])
def test_format_is_detected_by_content(text, kind):
    assert sources.detect_kind(text) == kind


def test_cp1252_is_decoded_with_a_warning(tmp_path):
    p = tmp_path / "r.txt"
    p.write_bytes("Caf\u00e9 \u201cquoted\u201d revenue \u2014 up".encode("cp1252"))
    doc = sources.load(p)
    assert doc.encoding == "cp1252" and "\u201cquoted\u201d" in doc.text
    assert any("cp1252" in w for w in doc.warnings)


def test_binary_and_empty_files_are_refused(tmp_path):
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    with pytest.raises(ConvertError, match="binary"):
        sources.load(binary)
    empty = tmp_path / "e.txt"
    empty.write_text("  \n")
    with pytest.raises(ConvertError, match="empty"):
        sources.load(empty)


COMPANY_TEXTS = [
    "ROCKLAND, Mass.--(BUSINESS WIRE)--Oct. 24, 2007--BioSphere Medical, Inc. ",
    "today announced that Acme Widgets Corp.", "(the \"Company\") Acme & Sons Holdings", "Acme Inc.\t ",
    "NEW YORK, May 1, 2024 /PRNewswire/ -- Foo Bar Group", "x: Alpha Beta L.P.", "Omega (Delta) Co. ",
    "ABC AG", "no name here", "", "  ", "Inc.", "Q: Inc. Inc.", "Bank of O’Neill Bancorp  ", "a;B Ltd",
]


@pytest.mark.parametrize("text", COMPANY_TEXTS)
def test_company_sought_after_the_last_character_no_name_holds(text):
    # searching from BEFORE_COMPANY's end finds what a search of the whole text finds
    cut = sources.BEFORE_COMPANY.match(text)
    whole = sources.COMPANY_RE.search(text)
    part = sources.COMPANY_RE.search(text, cut.end() if cut else 0)
    assert (whole and (whole.span(), whole.group(1))) == (part and (part.span(), part.group(1)))


def test_lines_are_frozen_dataclasses():
    import dataclasses

    line = sources.Line(3, "Revenue")
    assert (line.number, line.text) == (3, "Revenue") and line == sources.Line(number=3, text="Revenue")
    assert hash(line) == hash(sources.Line(3, "Revenue")) and repr(line) == "Line(number=3, text='Revenue')"
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.text = "Sales"


def test_ticker_reach_bounds_every_try_of_the_ticker_pattern():
    # In text with single spaces a "\s*" takes one space at most: with it so bounded, no match is
    # longer than TICKER_REACH - 1 (the search may look one character further)
    from re import _parser

    single_spaced = sources.TICKER_RE.pattern.replace(r"\s*", r"\s?").replace(r"\s+", r"\s")
    assert "*" not in single_spaced.replace(r"\*", "") and "+" not in single_spaced.replace(r"\+", "")
    assert _parser.parse(single_spaced, sources.TICKER_RE.flags).getwidth()[1] < sources.TICKER_REACH


@pytest.mark.parametrize("lines", [
    ["NEW YORK--(BUSINESS WIRE)--Acme Widgets, Inc. (NASDAQ: ACME) today"] + ["prose"] * 30,
    ["x"] * 19 + ["Acme Widgets, Inc. (NYSE American:", "ACM) reported"] + ["y"] * 10,
    ["x"] * 25 + ["Acme Corp. (NASDAQ: AC)"],
    ["no ticker here"] * 40, ["Acme Inc. (OTC: A)"], [], ["", "  "] * 15,
])
def test_the_ticker_is_sought_in_the_first_lines_as_in_all(lines):
    flat, m = sources._flat_head_and_ticker(lines)
    whole = " ".join("\n".join(lines).split())
    expected = sources.TICKER_RE.search(whole)
    assert whole.startswith(flat) and (m and m.span(), m and m.groups()) == (expected and expected.span(), expected and expected.groups())
