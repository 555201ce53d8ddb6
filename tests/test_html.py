"""The HTML reader on small hand-made releases (tests/fixtures/releases): an EDGAR-style exhibit
with spacer cells, "$" and ")" in cells of their own, colspan/rowspan headings and captions in the
paragraphs above the tables; and a newsroom page wrapped in navigation."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from exporter import sources, tables
from exporter.readers import html
from exporter.model import Period

FIXTURES = Path(__file__).parent / "fixtures" / "releases"
EXHIBIT = FIXTURES / "northwind-2019q2-ex99.htm"
NEWSROOM = FIXTURES / "lumen-2023q4-newsroom.html"


@pytest.fixture(scope="module")
def exhibit():
    doc = sources.load(EXHIBIT)
    return doc, tables.find(doc)


def rows_of(table):
    return {(r.sections[-1] if r.sections else "", r.label): r for r in table.rows}


def values(row):
    return [c.value if c is not None else None for c in row.cells]


def test_detected_as_html_and_document_facts(exhibit):
    doc, _ = exhibit
    assert doc.kind == "html" and doc.html is not None
    assert doc.info.ticker == "NWTL" and doc.info.company == "Northwind Tools, Inc."
    assert doc.info.dateline == date(2019, 7, 24) and doc.info.fiscal_period == "Q2"


def test_page_text_keeps_source_lines_and_drops_scripts(exhibit):
    doc, _ = exhibit
    by_text = {line.text: line.number for line in doc.lines}
    assert by_text["Northwind Tools Reports Second Quarter Fiscal 2019 Results"] == 8
    assert not any("tracking" in line.text for line in doc.lines)
    assert not any("font-size" in line.text for line in doc.lines)


def test_grouped_colspan_headings_give_quarter_and_year_to_date(exhibit):
    _, found = exhibit
    income = found[0]
    assert income.statement == "income" and income.scale == 3
    assert [c.period for c in income.columns] == [
        Period.duration(date(2019, 3, 30), date(2019, 6, 29)),
        Period.duration(date(2018, 4, 1), date(2018, 6, 30)),
        Period.duration(date(2018, 12, 30), date(2019, 6, 29)),
        Period.duration(date(2018, 1, 1), date(2018, 6, 30)),
    ]


def test_dollar_and_parenthesis_cells_join_their_numbers(exhibit):
    _, found = exhibit
    rows = rows_of(found[0])
    assert values(rows[("", "Net sales")]) == [12345, 11002, 24010, 21870]
    assert values(rows[("", "Other income (expense), net")]) == [-45, 12, -60, 20]
    assert values(rows[("", "Provision for income taxes")]) == [-300, -114, -560, -280]
    assert values(rows[("Operating expenses", "Restructuring")]) == [None, 250, None, 250]  # dashes


def test_indentation_sections_and_an_unlabelled_subtotal(exhibit):
    _, found = exhibit
    rows = rows_of(found[0])
    rd = rows[("Operating expenses", "Research and development")]
    assert rd.depth > rows[("", "Net sales")].depth
    total = rows[("", "Total operating expenses")]  # printed without a label, under the section
    assert total.is_total and values(total) == [3900, 3960, 7650, 7610]
    assert rows[("", "Operating income")].sections == ()
    assert values(rows[("Net income per share", "Basic")]) == [Decimal("0.20"), Decimal("0.08"),
                                                               Decimal("0.37"), Decimal("0.22")]
    assert rows[("Shares used in computing per share amounts", "Diluted")].cells[0].value == 5200


def test_running_sum_marks_the_tax_line_as_a_contribution(exhibit):
    _, found = exhibit
    rows = rows_of(found[0])
    assert rows[("", "Provision for income taxes")].contribution
    assert not rows[("", "Net sales")].contribution


def test_locator_and_line_of_a_cell(exhibit):
    _, found = exhibit
    cell = rows_of(found[0])[("", "Net sales")].cells[0]
    assert cell.locator == (1, 3, 4)  # first <table>, third row, fourth cell ("12,345")
    assert cell.line == 18 and cell.raw == "$12,345"


def test_rowspan_headings_and_gross_amount_above_its_deduction(exhibit):
    _, found = exhibit
    balance = found[1]
    assert balance.statement == "balance" and balance.scale == 3
    assert [c.period for c in balance.columns] == [Period.instant(date(2019, 6, 29)),
                                                   Period.instant(date(2018, 12, 29))]
    rows = rows_of(balance)
    assert values(rows[("ASSETS", "Property and equipment, gross")]) == [5000, 4800]
    assert values(rows[("ASSETS", "Property and equipment, net")]) == [2900, 2900]
    assert values(rows[("ASSETS", "Less accumulated depreciation")]) == [-2100, -1900]


def test_newsroom_page_navigation_and_menus_are_not_tables():
    doc = sources.load(NEWSROOM)
    found = tables.find(doc)
    assert len(found) == 1
    (t,) = found
    assert t.scale == 6 and "STATEMENTS OF INCOME" in t.caption
    assert [c.period for c in t.columns][0] == Period.duration(date(2023, 10, 1), date(2023, 12, 31))
    assert [c.period for c in t.columns][2] == Period.duration(date(2023, 1, 1), date(2023, 12, 31))
    labels = [r.label for r in t.rows]
    assert labels[0] == "Revenues" and "LUMO" not in labels
    assert not any("Investors" in line.text or "Home /" in line.text for line in doc.lines)
    assert t.rows[0].cells[2].value == Decimal("1602.3") and t.rows[0].cells[2].decimals == 1


def test_parse_refuses_nothing_and_fetches_nothing():
    # An external entity or DTD in a page is never loaded; the text stays as it is.
    text = ('<!DOCTYPE html SYSTEM "http://example.invalid/x.dtd"><html><body>'
            '<p>Revenue &amp; costs &unknown;</p></body></html>')
    root = html.parse(text, "page")
    assert "Revenue & costs" in html._text_content(root)


def test_cell_text_turns_breaks_into_spaces():
    root = html.parse("<table><tr><td>December&nbsp;25,<br>2010</td></tr></table>")
    td = next(root.iter("td"))
    assert " ".join(html.cell_text(td).split()) == "December 25, 2010"  # split() takes nbsp as space


def test_superscript_footnote_marks_leave_labels_and_numbers():
    root = html.parse("<table><tr><td>Adjusted EBITDA<sup>(1)</sup></td><td>1,234<sup>a</sup></td></tr></table>")
    cells = [" ".join(html.cell_text(td).split()) for td in root.iter("td")]
    assert cells == ["Adjusted EBITDA", "1,234"]


def test_indent_styles_spared_the_search_have_no_indent():
    # a style is searched for indentation only when it names an indenting property; a "padding"
    # followed by "-" (padding-right, padding-top) is none
    import random

    from exporter.readers import html

    rng = random.Random(3)
    words = ["padding", "padding-left", "padding-right", "PADDING", "Padding-Left", "margin-left", "text-indent",
             ":", " ", "0", "1pt", ";", "-", "x", "padding :", "padding-top"]
    for _ in range(20000):
        style = "".join(rng.choice(words) for _ in range(rng.randint(0, 6)))
        low = style.lower()
        if "padding-left" not in low and "margin-left" not in low and "text-indent" not in low \
                and low.count("padding") == low.count("padding-"):
            assert not html.INDENT_RE.findall(style), style


def test_indent_remembered_per_style_is_the_indent_searched_afresh():
    # grid_rows remembers each style's indentation terms for the release; a cell's indentation
    # must be the same, to the last bit, with or without the memo, even when cells share styles
    import random

    rng = random.Random(5)
    words = ["padding:", "padding-left:", "margin-left:", "text-indent:", "Padding-Left:", " ", "0.75pt", "1.1",
             "-3px", "2em", "4%", "0.3in", ";", "padding: 1pt 2pt 3pt 4.4pt;", "padding-top:1pt;", "x"]
    styles = ["".join(rng.choice(words) for _ in range(rng.randint(0, 8))) for _ in range(60)]
    memo: dict = {}
    for _ in range(3000):
        depth = rng.randint(1, 4)
        markup = "".join(f'<div style="{rng.choice(styles)}">' for _ in range(depth)) + "x" + "</div>" * depth
        td = html.parse(f'<html><body><table><tr><td style="{rng.choice(styles)}">{markup}</td></tr></table>'
                        "</body></html>").find(".//td")
        assert html._indent_of(td, memo) == html._indent_of(td), markup


def test_styles_spared_the_hidden_search_are_not_hidden():
    # _strip_chrome searches a style for display: none / visibility: hidden only when _may_hide
    # says it may hold them; a style it spares must never match
    import random

    rng = random.Random(7)
    words = ["display", "DISPLAY", "Display", "visibility", "VISIBILITY", "none", "NONE", "hidden", "Hidden",
             ":", " ", "\t", ";", "text-decoration", "diſplay", "vıſıbılıty", "hıdden", "x", "İ"]
    for _ in range(20000):
        style = "".join(rng.choice(words) for _ in range(rng.randint(0, 6)))
        if not html._may_hide(style):
            assert not html.HIDDEN.search(style), style


def _cell_text_reference(td):
    # cell_text as first written (nested walks): the fast one must give the same text
    parts = []

    def content(el):
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    def walk(el):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag == "sup" and html.FOOTNOTE_MARK.fullmatch((html._text_content(el) or "").strip()):
            return
        if tag == "br" or tag in html.BLOCK_TAGS:
            parts.append(" ")
        content(el)
        if tag in html.BLOCK_TAGS:
            parts.append(" ")

    content(td)
    return "".join(parts)


def test_cell_text_is_the_nested_walks_text():
    import random

    rng = random.Random(11)
    pieces = ["<p>", "</p>", "<div>", "</div>", "<br>", "<sup>(1)</sup>", "<sup>x y</sup>", "<b>", "</b>",
              "<font>", "</font>", "12,345", " ", "\u00a0", "Net income", "\n", "(", ")", "<span>", "</span>"]
    for _ in range(2000):
        inner = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        root = html.parse(f"<html><body><table><tr><td>{inner}</td></tr></table><p>{inner}</p></body></html>")
        for el in list(root.iter("td")) + list(root.iter("p")):
            assert html.cell_text(el) == _cell_text_reference(el), inner
