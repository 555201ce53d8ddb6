"""Segments as XBRL Dimensions: name members from the text, and mark segment columns and rows.

A release reports parts of the company in two ways: tables whose column groups or rows are
segments ("Domestic / Sears Canada / Consolidated", "Revenue by region: United States, EMEA"),
and prose ("Revenue in EMEA was $1.37 million").  Both go through :func:`member_for`, so the
same words give the same member wherever they appear, and a prose figure that repeats a segment
table's cell is recognised as a repeat.

Axes (all in the base taxonomy): ``StatementGeographicalAxis`` for places,
``ProductOrServiceAxis`` for product lines, ``StatementBusinessSegmentsAxis`` for reportable
segments.  Common regions map onto the taxonomy's own members (``UnitedStatesMember``,
``EuropeMiddleEastAndAfricaMember``...); anything else becomes a company member, an
:class:`ExtensionConcept` of kind "member" declared in the company's extension schema (prefix:
the ticker, lower-cased, as ``exporter.taxonomy`` describes for extensions).

A "Consolidated" or "Total" column is the whole company: no member (the axis' domain is its
dimension-default, so leaving the dimension out is what Dimensions 1.0 expects).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from operator import attrgetter

from . import periods
from . import taxonomy as taxonomy_mod
from .model import ExtensionConcept, Member
from .document import Document
from .model import Table

GEOGRAPHY = "StatementGeographicalAxis"
PRODUCT = "ProductOrServiceAxis"
BUSINESS = "StatementBusinessSegmentsAxis"

# Words for places, most specific first: (pattern, base-taxonomy member).  Patterns are matched
# against a name case-insensitively and must cover the whole name (see member_for) or, in
# prose, a whole phrase (see GEOGRAPHY_PHRASES in narrative).
REGIONS: list[tuple[str, str]] = [
    (r"europe,? (?:the )?mid(?:dle)?[- ]?east,? (?:and|&) africa(?: \(emea\))?|emea", "EuropeMiddleEastAndAfricaMember"),
    (r"(?:the )?rest of (?:the )?world(?: markets?)?|row|other (?:international|countries|regions)", "RestOfWorldMember"),
    (r"(?:outside (?:of )?)(?:the )?(?:u\.?s\.?a?\.?|united states)|non-?u\.?s\.?|ex-?u\.?s\.?", "NonUsMember"),
    (r"international|foreign", "InternationalMember"),
    (r"(?:the )?u\.?s\.?a?\.?|(?:the )?united states(?: of america)?|domestic", "UnitedStatesMember"),
    (r"north america", "NorthAmericaMember"),
    (r"latin america", "LatinAmericaMember"),
    (r"south america", "SouthAmericaMember"),
    (r"(?:the )?americas", "AmericasMember"),
    (r"canada", "CanadaMember"),
    (r"mexico", "MexicoMember"),
    (r"brazil", "BrazilMember"),
    (r"europe", "EuropeMember"),
    (r"(?:the )?united kingdom|u\.?k\.?", "UnitedKingdomMember"),
    (r"germany", "GermanyMember"),
    (r"france", "FranceMember"),
    (r"(?:the )?middle east", "MiddleEastMember"),
    (r"africa", "AfricaMember"),
    (r"asia[- ]pacific|apac", "AsiaPacificMember"),
    (r"asia", "AsiaMember"),
    (r"greater china", "GreaterChinaMember"),
    (r"china", "ChinaMember"),
    (r"japan", "JapanMember"),
    (r"india", "IndiaMember"),
    (r"australia", "AustraliaMember"),
]
_REGION_RES = [(re.compile(rf"^(?:{p})$", re.I), m) for p, m in REGIONS]

# A column or row standing for the whole company.
TOTAL_NAME = re.compile(r"^(?:consolidated|total(?: company| consolidated)?|combined|company[- ]wide|worldwide|"
                        r"total reportable segments)$", re.I)
# Words that make a column heading a measure rather than a part of the company.
MEASURE_WORDS = re.compile(r"\b(?:pre-?tax|per share|earnings|eps|amounts?|income|loss|revenues?|sales|margin|gaap|"
                           r"adjusted|reported|pro forma|change|increase|decrease|variance|actual|budget|basic|diluted|"
                           r"shares|unaudited|audited|restated|previously|balance|for the|notes?|ratio|dollars|"
                           r"low|high|guidance|outlook|estimate)\b|[$%]", re.I)
# Words that make a heading a period, not a segment name.
PERIOD_WORDS = re.compile(rf"\b(?:months?|weeks?|quarters?|years?|ended|ending|fiscal|{periods.MONTH_NAME}|"
                          r"(?:19|20)\d\d|q[1-4]|ytd|as of|three|six|nine|twelve|change|variance|percent|%)\b", re.I)


def camel(name: str) -> str:
    """"interventional oncology" -> "InterventionalOncology"; "Credit & Financial Products" ->
    "CreditAndFinancialProducts"; always a valid XML NCName start."""
    text = name.replace("&", " and ").replace("'", "").replace("’", "")
    words = re.findall(r"[A-Za-z0-9]+", text)
    out = "".join(w[:1].upper() + w[1:] for w in words)
    if not out or not out[0].isalpha():
        out = "Segment" + out
    return out


def company_prefix(ticker: str | None, company: str | None = None) -> str:
    """The extension schema's prefix (company members are declared there): the extension's own rule."""
    from .extension import company_prefix as extension_prefix

    return extension_prefix(ticker, company)


@dataclass
class Members:
    """Names members consistently for one release and collects the company members it made."""

    prefix: str  # the extension's prefix for company members
    taxonomy: object = None
    made: dict[str, ExtensionConcept] = field(default_factory=dict)  # qname -> declaration
    # place name -> region(name): a release names its few places again and again
    _regions: dict[str, Member | None] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.taxonomy is None:
            self.taxonomy = taxonomy_mod.load()

    def axis(self, local: str) -> str:
        return f"{taxonomy_mod.PREFIX}:{local}"

    def region(self, name: str) -> Member | None:
        """A base-taxonomy geography member for a place name, or None."""
        if name in self._regions:
            return self._regions[name]
        found = self._regions[name] = self._region(name)
        return found

    def _region(self, name: str) -> Member | None:
        clean = re.sub(r"\s+", " ", name.strip(" .,;:*")).strip()
        for rx, member in _REGION_RES:
            if rx.match(clean) and self.taxonomy.member(member) is not None:
                return Member(self.axis(GEOGRAPHY), f"{taxonomy_mod.PREFIX}:{member}")
        return None

    def company(self, name: str, axis_local: str, *, suffix: str = "") -> Member:
        """A company member named from the text (declared once per release)."""
        local = camel(name)
        if suffix and not local.endswith(suffix):
            local += suffix
        local += "Member"
        qname = f"{self.prefix}:{local}"
        if qname not in self.made:
            self.made[qname] = ExtensionConcept(name=local, item_type="domain", period_type="duration", balance=None,
                                                label=re.sub(r"\s+", " ", name).strip(), kind="member",
                                                axis=self.axis(axis_local))
        return Member(self.axis(axis_local), qname)

    def segment(self, name: str) -> Member:
        """A reportable segment ("Domestic", "Sears Canada", "AWS")."""
        name = re.sub(r"(?i)^(?:the|total)\s+|\s+segments?$", "", name.strip()).strip()
        return self.company(name, BUSINESS, suffix="Segment")

    def product(self, name: str) -> Member:
        return self.company(name, PRODUCT)

    def for_heading(self, name: str, *, business: bool) -> Member | None:
        """The member a table heading names: a region unless the table is about segments."""
        if TOTAL_NAME.match(name.strip()):
            return None
        if not business:
            region = self.region(name)
            if region is not None:
                return region
        return self.segment(name)


# ---------------------------------------------------------------- segment tables

SEGMENT_CAPTION = re.compile(r"\bsegments?\b|\bby (?:geographic(?:al)? )?(?:region|area|geography|market|division)s?\b|"
                             r"\bgeographic(?:al)? (?:information|data|areas?|regions?)\b", re.I)


GEOGRAPHY_CAPTION = re.compile(r"\bgeograph|\bregion", re.I)


def annotate(found: list[Table], doc: Document, members: Members | None = None) -> list[ExtensionConcept]:
    """Set ``Column.dims`` on the segment columns of each table; return the company members made.

    A table's columns are segments when its heading names at least two groups that are not
    periods ("Domestic", "Sears Canada", "Consolidated"); each column takes the group it sits
    under.  A segment column with no period of its own takes the caption's ("Domestic segment
    detail for the 13 weeks ended June 28, 2003").
    """
    if members is None:
        members = Members(prefix=company_prefix(doc.info.ticker, doc.info.company))
    line_texts: dict[int, str] = {}  # the document's lines by number, read once if needed
    for table in found:
        names = column_groups(table, doc, line_texts)
        if names is None:
            continue
        business = bool(SEGMENT_CAPTION.search(table.caption)) and not GEOGRAPHY_CAPTION.search(table.caption)
        for column, name in zip(table.columns, names):
            if not name:
                continue
            member = members.for_heading(name, business=business)
            if member is not None:
                column.dims = (member,)
            if column.period is None:
                column.period = periods.column_period(table.caption, caption=table.caption, statement=table.statement)
    for table in found:
        if not any(c.dims for c in table.columns):
            annotate_rows(table, members, doc)
    return list(members.made.values())


# "Net sales by category:", "Revenue by geographic region", "Operating income by segment"
BY_CAPTION = re.compile(
    r"^(?P<measure>[A-Za-z][\w ,&'’/-]*?)\s+by\s+(?P<by>(?:reportable |operating |business )?segments?|"
    r"(?:products?|services?)(?: (?:lines?|categor(?:y|ies)|and services?))?|categor(?:y|ies)|brands?|"
    r"(?:revenue |product |service )?types?(?: of (?:revenues?|products?|services?))?|"
    r"(?:geographic(?:al)? )?(?:regions?|areas?|markets?|locations?)|geograph(?:y|ies)|countr(?:y|ies)|divisions?)"
    r"\s*:?\s*$", re.I)


def annotate_rows(table: Table, members: Members, doc: Document | None = None) -> None:
    """Segment rows: set ``Row.dims`` (and ``Row.measure``) where the rows are parts of the company.

    Two layouts: a "<measure> by <kind>" table whose rows name the members ("Net sales by
    category:" iPhone, Mac, ...; "Revenue by region:" Americas, Europe), and a segment table
    whose section headings name the segments, each over the same measures ("North America" /
    Net sales, Operating income; "AWS" / ...).  Totals and "Consolidated" stay without a member.
    """
    last = re.split(r"\(\d+\)|[.;]\s|:\s", table.caption.strip())[-1].strip()
    caption_by = _by(last)
    by_rows = False
    by_sections: dict[tuple, tuple | None] = {}  # a table's rows share a few runs of sections
    for row in table.rows:
        # the nearest "<measure> by <kind>" heading above the row, else the caption's
        sections = tuple(row.sections)
        if sections in by_sections:
            by = by_sections[sections]
        else:
            by = by_sections[sections] = next((b for b in (_by(s) for s in reversed(sections)) if b), None)
        by = by or caption_by
        if by is None:
            continue
        by_rows = True
        measure, kind = by
        name = row.label.strip()
        if (row.is_total or TOTAL_NAME.match(name) or re.match(r"(?i)total\b", name)
                or MEASURE_WORDS.search(name) or PERIOD_WORDS.search(name)
                or all(c is None or c.percent for c in row.cells)):
            continue
        member = _member_by_kind(members, name, kind)
        if member is not None:
            row.dims, row.measure = (member,), measure
    if by_rows:
        return
    if SEGMENT_CAPTION.search(table.caption):
        business = not GEOGRAPHY_CAPTION.search(table.caption)
        for row in table.rows:
            heading = row.section
            if not heading or TOTAL_NAME.match(heading.strip()) or MEASURE_WORDS.search(heading) \
                    or PERIOD_WORDS.search(heading) or len(heading) > 40:
                continue
            member = members.for_heading(heading, business=business)
            if member is not None:
                row.dims = (member,)
        if any(row.dims for row in table.rows):
            return
    # A table titled by one segment's name under a "Segment Information" heading
    # ("Reportable Segment Information" / "Semiconductor Systems": Net revenue, ...).
    name = _segment_title(table, doc)
    if name:
        member = members.segment(name)
        for row in table.rows:
            if not TOTAL_NAME.match(row.label.strip()):
                row.dims = (member,)


def _segment_title(table: Table, doc: Document | None) -> str | None:
    """The segment a table is titled by: a short caption that names no measure, period or
    statement, printed within a few lines below a heading about segments."""
    caption = re.sub(r"\s+", " ", table.caption).strip(" :")
    # the heading may be part of the caption: "... Reportable Segment Information Industrial Products"
    heads = list(SEGMENT_HEADING.finditer(caption))
    if heads:
        caption = caption[heads[-1].end():].strip(" :-–")
    if (doc is None or not caption or len(caption) > 40 or len(caption.split()) > 5
            or TOTAL_NAME.match(caption) or MEASURE_WORDS.search(caption) or PERIOD_WORDS.search(caption)
            or re.search(r"\b(?:statements?|balance|cash|results|summary|highlights|information|data|"
                         r"reconciliation|supplemental|selected|financial|inc|corp|company)\b", caption, re.I)):
        return None
    if heads:
        return caption
    above = [line.text for line in doc.lines if table.line - 12 <= line.number < table.line]
    if not any(SEGMENT_CAPTION.search(text) for text in above):
        return None
    return caption


SEGMENT_HEADING = re.compile(r"\bsegments?(?:\s+(?:information|data|results|details?|reporting|performance))?\b", re.I)


def _by(text: str) -> tuple[str, str] | None:
    """(measure, kind) of a "<measure> by <kind>" heading whose measure is an amount."""
    m = BY_CAPTION.match(text.strip().rstrip(":").strip())
    if m and MEASURE_WORDS.search(m.group("measure")):
        return m.group("measure").strip(), m.group("by").lower()
    return None


def _member_by_kind(members: Members, name: str, kind: str) -> Member | None:
    if "segment" in kind or "division" in kind:
        return members.segment(name)
    if re.search(r"region|area|market|geograph|countr|location", kind):
        return members.region(name) or members.company(name, GEOGRAPHY)
    return members.product(name)


def _is_region(name: str) -> bool:
    clean = re.sub(r"\s+", " ", name.strip(" .,;:*")).strip()
    return any(rx.match(clean) for rx, _ in _REGION_RES)


# _group_name's steps: footnote marks, "three months ended ... 2003", "June 28, 2003", years and a
# trailing "and", runs of spaces
_HEADER_MARKS = re.compile(r"[*†‡]+")
_HEADER_SPAN = re.compile(r"\b(?:for the|three|six|nine|twelve|\d+)\s+(?:months?|weeks?)\s+ended\b.*?(?:(?:19|20)\d\d|$)",
                          re.I)
_HEADER_DATE = re.compile(rf"{periods.MONTH_NAME}\s+\d{{1,2}},?(?:\s+(?:19|20)\d\d)?", re.I)
_HEADER_YEAR = re.compile(r"\b(?:19|20)\d\d\b|\band\b\s*$")
_SPACES = re.compile(r"\s+")


def _group_name(header: str) -> str:
    """What is left of a column heading once period words are gone ("Domestic 2003*" -> "Domestic")."""
    text = _HEADER_MARKS.sub(" ", header)
    text = _HEADER_SPAN.sub(" ", text)
    text = _HEADER_DATE.sub(" ", text)
    text = _HEADER_YEAR.sub(" ", text)
    text = _SPACES.sub(" ", text).strip(" ,-")
    return "" if PERIOD_WORDS.search(text) else text


def column_groups(table: Table, doc: Document, line_texts: dict[int, str] | None = None) -> list[str] | None:
    """The segment group name over each column, or None when the columns are not segments.
    ``line_texts``: the document's lines by number, when the caller keeps them (else read here;
    an empty dict is filled)."""
    names = [_group_name(c.header) for c in table.columns]
    if doc.kind == "text" and not all(names):
        # a group heading centred over two columns reaches only one of them through the
        # table reader's heading assignment; read the heading line by position instead
        positional = _groups_from_heading_lines(table, doc, {} if line_texts is None else line_texts)
        if positional is not None:
            names = positional
    if not all(names) or len({n.lower() for n in names}) < 2:
        return None  # every column must sit under a group, and there must be two groups
    if any(MEASURE_WORDS.search(n) for n in names):
        return None  # "Pretax / Earnings Per Share", "GAAP / Adjusted": measures, not segments
    parts = [n for n in names if not TOTAL_NAME.match(n)]
    # Say-so needed: a caption about segments or regions, a consolidated column beside the
    # parts, or parts that are all places.
    if SEGMENT_CAPTION.search(table.caption) or len(parts) < len(names) or all(_is_region(n) for n in parts):
        return names
    return None


_NUMBER = attrgetter("number")
_TEXT = attrgetter("text")
# a heading line's chunks: runs of words separated by single spaces
_CHUNK = re.compile(r"\S+(?: \S+)*")
_DIGIT = re.compile(r"\d")


def _groups_from_heading_lines(table: Table, doc: Document, by_number: dict[int, str]) -> list[str] | None:
    """Read the group heading line of a fixed-width table by position: a line between the caption
    and the first row whose chunks (separated by two or more spaces) are names, not periods."""
    if not table.rows:
        return None
    first_row = min(r.line for r in table.rows)
    centres = _column_centres(table)
    if centres is None:
        return None
    leftmost = min(centres) - 12
    if not by_number:
        lines = doc.lines
        by_number.update(zip(map(_NUMBER, lines), map(_TEXT, lines)))
    # a digit at or right of leftmost is in a chunk reaching over it: the line is no group heading
    # (most lines here are period headings: they are passed over without cutting them into chunks)
    digits_from = max(0, math.ceil(leftmost))
    best = None
    for number in range(table.line, first_row):
        text = by_number.get(number, "")
        if len(text) <= leftmost or _DIGIT.search(text, digits_from) is not None:
            continue  # (no chunk ends right of leftmost in a line that does not reach it)
        over = [(m.start(), m.end(), m.group(0)) for m in _CHUNK.finditer(text) if m.end() > leftmost]
        if len(over) < 2 or any(PERIOD_WORDS.search(c[2]) or _DIGIT.search(c[2]) for c in over):
            continue
        best = over
    if best is None:
        return None
    # each column goes to the chunk whose centre is nearest to its own centre
    chunk_centres = [((s + e) / 2, name) for s, e, name in best]
    names = []
    for c in centres:
        names.append(min(chunk_centres, key=lambda cc: abs(cc[0] - c))[1])
    if len(set(names)) < 2:
        return None
    return names


def _column_centres(table: Table) -> list[float] | None:
    n = len(table.columns)
    sums = [0.0] * n
    counts = [0] * n
    for row in table.rows:
        for k, cell in enumerate(row.cells):
            if cell is not None and k < n:
                sums[k] += cell.column - 1 + len(cell.raw) / 2
                counts[k] += 1
    if not all(counts):
        return None
    return [s / n for s, n in zip(sums, counts)]
