"""Segment columns and member naming (exporter.segments)."""
from __future__ import annotations

from pathlib import Path

import pytest

from exporter import segments, sources, tables
from exporter.sources import Document, DocumentInfo, Line

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
