"""Segment columns and member naming (exporter.segments)."""
from __future__ import annotations

from pathlib import Path

import pytest

from exporter import segments, sources, tables
from exporter.document import Document, DocumentInfo, Line

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"


def text_doc(text: str, ticker: str = "ACME") -> Document:
    lines = [Line(i + 1, t) for i, t in enumerate(text.strip("\n").split("\n"))]
    return Document(path="t.txt", kind="text", lines=lines, info=DocumentInfo(ticker=ticker, company="Acme Corp."))


def members(prefix: str = "acme") -> segments.Members:
    return segments.Members(prefix=prefix)


def test_regions_map_to_base_taxonomy_members():
    m = members()
    assert m.region("U.S.").member == "xe:UnitedStatesMember"
    assert m.region("the United States").member == "xe:UnitedStatesMember"
    assert m.region("Europe, Mid-East and Africa (EMEA)").member == "xe:EuropeMiddleEastAndAfricaMember"
    assert m.region("EMEA").member == "xe:EuropeMiddleEastAndAfricaMember"
    assert m.region("Rest of World").member == "xe:RestOfWorldMember"
    assert m.region("outside of the U.S.").member == "xe:NonUsMember"
    assert m.region("Asia Pacific").axis == "xe:StatementGeographicalAxis"
    assert m.region("Interventional oncology") is None
    assert m.made == {}  # base members are not extension concepts


def test_company_members_are_named_from_the_text_once():
    m = members("bsmd")
    a = m.product("interventional oncology")
    b = m.product("Interventional  Oncology")
    assert a == b and a.member == "bsmd:InterventionalOncologyMember" and a.axis == "xe:ProductOrServiceAxis"
    seg = m.segment("The Domestic segment")
    assert seg.member == "bsmd:DomesticSegmentMember" and seg.axis == "xe:StatementBusinessSegmentsAxis"
    assert m.segment("Domestic") == seg
    decl = m.made["bsmd:InterventionalOncologyMember"]
    assert (decl.kind, decl.item_type, decl.axis, decl.label) == ("member", "domain", "xe:ProductOrServiceAxis",
                                                                  "interventional oncology")
    assert segments.camel("Credit & Financial Products") == "CreditAndFinancialProducts"
    assert segments.camel("3D printing").startswith("Segment")


SEGMENT_TABLE = """
    ACME CORP.
    Segment Income Statements
    (millions)

    For the 13 Weeks Ended July 3, 2004 and June 28, 2003

                            Domestic        Canada            Consolidated

                         2004     2003     2004     2003     2004     2003

    Total revenues       7,673    9,137    1,108    1,059    8,781   10,196
    Operating income    $   42   $  466   $   11   $   23   $   53  $   489
"""


def test_segment_column_groups_get_members_and_consolidated_none():
    doc = text_doc(SEGMENT_TABLE)
    found = tables.find(doc)
    m = members()
    made = segments.annotate(found, doc, m)
    t = found[0]
    dims = [[x.member for x in c.dims] for c in t.columns]
    assert dims == [["acme:DomesticSegmentMember"]] * 2 + [["acme:CanadaSegmentMember"]] * 2 + [[], []]
    assert {e.name for e in made} == {"DomesticSegmentMember", "CanadaSegmentMember"}
    assert all(c.period is not None for c in t.columns)


REGION_TABLE = """
    Revenue by geography (in thousands)
                       United States    International    Total
                       -------------    -------------    -----
    Revenues                 4,980            1,660      6,640
    Gross profit             3,550            1,190      4,740
"""


def test_region_columns_use_the_geographical_axis():
    doc = text_doc(REGION_TABLE)
    found = tables.find(doc)
    segments.annotate(found, doc, members())
    dims = [[x.member for x in c.dims] for c in found[0].columns]
    assert dims == [["xe:UnitedStatesMember"], ["xe:InternationalMember"], []]


MEASURE_TABLE = """
    Summary of Certain Significant Items:
                          For the 13 Weeks Ended July 3, 2004
                              Pretax     Earnings Per Share
    Special charges              $41              $0.12
    Accelerated depreciation      39               0.12
"""


def test_measure_columns_are_not_segments():
    doc = text_doc(MEASURE_TABLE)
    found = tables.find(doc)
    assert segments.annotate(found, doc, members()) == []
    assert all(not c.dims for t in found for c in t.columns)


def test_period_columns_are_not_segments():
    doc = text_doc("""
    CONSOLIDATED STATEMENTS OF OPERATIONS (in thousands)
                                      Three Months Ended September 30,
                                           2007         2006
    Revenues                            $ 6,637      $ 5,644
    Net loss                               (313)        (368)
""")
    found = tables.find(doc)
    segments.annotate(found, doc, members())
    assert all(not c.dims for t in found for c in t.columns)


@pytest.mark.skipif(not (CORPUS / "sears-2004q2.txt").exists(), reason="../shared/corpus is absent")
def test_sears_segment_tables():
    doc = sources.load(CORPUS / "sears-2004q2.txt")
    found = tables.find(doc)
    m = members("s")
    segments.annotate(found, doc, m)
    with_dims = [t for t in found if any(c.dims for c in t.columns)]
    assert len(with_dims) == 4  # two segment income statements and two domestic details
    first = with_dims[0]
    assert [c.dims[0].member if c.dims else None for c in first.columns] == [
        "s:DomesticSegmentMember", "s:DomesticSegmentMember", "s:SearsCanadaSegmentMember",
        "s:SearsCanadaSegmentMember", None, None]
    detail = with_dims[1]  # "* Domestic segment detail for the 13 weeks ended June 28, 2003": period from the caption
    assert detail.columns[-1].dims[0].member == "s:DomesticSegmentMember"
    assert all(str(c.period) == "2003-03-30..2003-06-28" for c in detail.columns)
    # the consolidated statements keep no dimensions
    assert not any(c.dims for c in found[0].columns)


# ---------------------------------------------------------------- segment rows

BY_CATEGORY = """
                 WIDGETCO INC.
      CONDENSED STATEMENTS OF OPERATIONS
     (In millions, except per share amounts)
                                            Three Months Ended
                                          March 31,    March 31,
                                            2024         2023
 Net sales                                $  1,500     $  1,300
 Net income                               $    150     $    120

 Net sales by category:
   Widgets                                $    900     $    800
   Gadgets                                     600          500
     Total net sales                      $  1,500     $  1,300
"""

BY_SEGMENT_HEADINGS = """
              WIDGETCO INC.
          Segment Information
              (in millions)
                                            Three Months Ended
                                              March 31,
                                           2024       2023
 North America
   Net sales                              $  1,000   $    900
   Operating income                            100         90
 Overseas
   Net sales                                   500        400
   Operating income                             50         40
 Consolidated
   Net sales                              $  1,500   $  1,300
   Operating income                            150        130
"""


def test_rows_of_a_by_category_table_are_product_members():
    doc = text_doc(BY_CATEGORY, ticker="WDGT")
    found = tables.find(doc)
    m = members("wdgt")
    segments.annotate(found, doc, m)
    # "Net sales by category:" heads a block of rows here (in HTML it is often its own table)
    rows = {r.label: r for t in found for r in t.rows}
    assert rows["Widgets"].measure == "Net sales"
    assert rows["Widgets"].dims[0].axis == "xe:ProductOrServiceAxis"
    assert rows["Widgets"].dims[0].member == "wdgt:WidgetsMember"
    assert rows["Total net sales"].dims == ()  # the whole company


def test_section_headings_of_a_segment_table_are_segment_members():
    doc = text_doc(BY_SEGMENT_HEADINGS, ticker="WDGT")
    found = tables.find(doc)
    m = members("wdgt")
    segments.annotate(found, doc, m)
    (table,) = found
    na = [r for r in table.rows if r.section == "North America"]
    assert na and all(r.dims and r.dims[0].member == "wdgt:NorthAmericaSegmentMember" for r in na)
    assert all(r.dims[0].axis == "xe:StatementBusinessSegmentsAxis" for r in na)
    consolidated = [r for r in table.rows if r.section == "Consolidated"]
    assert consolidated and all(r.dims == () for r in consolidated)


def test_segment_rows_become_dimensional_facts_of_the_measure(tmp_path):
    import exporter
    from exporter import render

    src = tmp_path / "widgetco.txt"
    src.write_text("WidgetCo Inc. (NASDAQ: WDGT) reports first quarter 2024 results.\n\n" + BY_CATEGORY)
    inst = exporter.convert(src)
    widgets = [f for f in inst.facts if f.context.dims and f.context.dims[0].member == "wdgt:WidgetsMember"]
    assert {f.concept for f in widgets} == {"xe:Revenues"}
    assert sorted(f.value for f in widgets) == ["800000000", "900000000"]
    out = tmp_path / "w.xml"
    render.write_instance(inst, out)
    assert exporter.validate(out).valid


def test_a_table_titled_by_a_segment_under_a_segment_heading():
    text = """# WidgetCo Reports First Quarter 2024 Results

## Reportable Segment Information

| Industrial Products | Q1 FY2024 | Q1 FY2023 |
|---|---|---|
| Net revenue | $ 4,901 | $ 4,977 |
| Operating income | $ 1,701 | $ 1,715 |

## Outlook

| Widgets | Q1 FY2024 | Q1 FY2023 |
|---|---|---|
| Net revenue | $ 1,000 | $ 900 |
| Operating income | $ 100 | $ 90 |
"""
    lines = [Line(i + 1, t) for i, t in enumerate(text.split("\n"))]
    doc = Document(path="t.md", kind="markdown", lines=lines, info=DocumentInfo(ticker="WDGT"), raw=text)
    found = tables.find(doc)
    segments.annotate(found, doc, members("wdgt"))
    titled = [t for t in found if t.caption.strip().endswith("Industrial Products")]
    assert titled and all(r.dims and r.dims[0].member == "wdgt:IndustrialProductsSegmentMember" for r in titled[0].rows)
    other = [t for t in found if t.caption.strip().endswith("Widgets")]
    assert other and all(r.dims == () for r in other[0].rows)  # no segment heading above it


BY_TYPE_NESTED = """
                 WIDGETCO INC.
      SUMMARY OF CONSOLIDATED NET REVENUES
     (In millions)
                                            Three Months Ended
                                          March 31,    March 31,
                                            2024         2023
Net revenues by type:
Transaction revenues:
Widgets                                  $    900     $    800
Gadgets                                       600          500
Total transaction revenues                  1,500        1,300
Service revenues:
Repairs                                       120          100
Total service revenues                        120          100
Total net revenues                        $ 1,620     $  1,400
"""


def test_a_heading_without_rows_heads_the_next_and_by_type_rows_are_members():
    doc = text_doc(BY_TYPE_NESTED, ticker="WDGT")
    found = tables.find(doc)
    rows = {r.label: r for t in found for r in t.rows}
    # "Net revenues by type:" has no row of its own: it heads "Transaction revenues:" and, past
    # that block, "Service revenues:" too
    assert rows["Widgets"].sections == ("Net revenues by type", "Transaction revenues")
    assert rows["Repairs"].sections == ("Net revenues by type", "Service revenues")
    m = members("wdgt")
    segments.annotate(found, doc, m)
    rows = {r.label: r for t in found for r in t.rows}
    assert rows["Widgets"].dims and rows["Widgets"].dims[0].axis == "xe:ProductOrServiceAxis"
