"""Figures stated in prose become facts: value, concept, period and segment from the sentence.

    "Revenue in Europe, Mid-East and Africa (EMEA) was $1.37 million for the third quarter of
     2007, compared to $1.32 million for the same period in 2006, an increase of 4%."

gives Revenues = 1370000 (decimals -4) for 2007-07-01..2007-09-30 and 1320000 for the same
quarter of 2006, both on StatementGeographicalAxis = EuropeMiddleEastAndAfricaMember; "4%" is a
percentage and becomes no monetary fact.

How a figure is read (one sentence at a time, paragraphs carry their period forward):

* **value**: "$6.64 million" -> 6640000 with decimals -4 (the digits printed, then the scale
  word); "($0.03) per share" and "27 cents a share" are per-share amounts.
* **concept**: the line-item phrase nearest before the figure ("total revenue ... increased 18% to
  $6.64 million"), or just after it ("$0.72 million of positive cash flow from operations"), put
  through the same mapping rules as table labels (``mapping.RuleSet.match``), after a few prose
  synonyms ("gross margin" of dollars is gross profit).  A phrase must be whole: "subscription
  revenue" is not "revenue".  A figure with no phrase of its own after "compared to", "from" or
  "and" repeats the previous figure's concept and segment.
* **period**: a period phrase attached after the figure ("$4.09 million in the third quarter of
  2006"), else before it in the same clause, else the previous figure's (a comparison: the same
  period a year earlier), else the paragraph's or the heading's.  Phrases that follow "compared
  to" without a figure are the comparison of a percentage and are skipped.
* **segment**: geography ("in the U.S.", "outside of the U.S.", "EMEA", "Rest of World"),
  product lines ("sales of embolics used in interventional oncology"), reportable segments
  ("North America segment"); a figure in a list after "with" keeps the head figure's product
  line and adds its own geography (two dimensions).

Then each candidate is checked against the table facts: a figure that rounds to the table's
value for the same concept, period and segment only repeats it and adds nothing; one that
disagrees is reported as a warning naming both lines.  Every figure that becomes no fact is
reported as :class:`Unplaced` with the reason.

The parts, in the order a sentence meets them: ``textscan`` (case-insensitive scans that look
only where a match can start), ``paragraphs`` (prose cut into sentences), ``amounts`` (the
figures of a sentence), ``phrases`` (its period phrases), ``release_calendar`` (phrases
resolved to dated periods), ``concepts`` (line-item phrases and their concepts), ``dims``
(segments named in prose), ``reading`` (a sentence's candidate facts) and ``placing``
(candidates against the table facts).
"""
from __future__ import annotations

from .. import mapping, segments as segments_mod, taxonomy as taxonomy_mod
from ..document import Document
from ..model import Entity, Fact, Period
from .amounts import figures
from .concepts import ConceptFinder
from .paragraphs import holds_figure, sentences
from .phrases import period_phrases
from .placing import Prose, place
from .reading import Candidate, read_sentence
from .release_calendar import Calendar

__all__ = ["Prose", "facts", "figures", "period_phrases", "sentences"]


def facts(doc: Document, table_facts: list[Fact], entity: Entity, *, tables=None, rules: mapping.RuleSet | None = None,
          taxonomy=None, members: segments_mod.Members | None = None, company_members: bool = True) -> Prose:
    """Facts from the prose of ``doc`` that the tables (``table_facts``) do not already hold.

    ``members`` names dimension members (share one with ``segments.annotate`` so a prose figure
    and a segment column agree); with ``company_members`` False (no extension schema to declare
    them in) a figure that needs a company member is reported instead of becoming a fact."""
    tax = taxonomy or taxonomy_mod.load()
    rules = rules or mapping.load_rules()
    members = members or segments_mod.Members(prefix=segments_mod.company_prefix(doc.info.ticker, doc.info.company or entity.identifier),
                                              taxonomy=tax)
    out = Prose()
    skip = _table_lines(doc, table_facts, tables)
    calendar = Calendar(doc, [f.context.period for f in table_facts])
    finder = ConceptFinder(rules, tax)
    candidates: list[Candidate] = []
    para_period: dict[int, Period] = {}
    section_period: Period | None = None
    last_para = -1
    found_sentences = sentences(doc, skip, figures_or_headings=True)
    # paragraphs with a figure in them (the rest only matter as headings)
    with_figures = {s.paragraph for s in found_sentences if holds_figure(s.text)}
    for sentence in found_sentences:
        if sentence.paragraph != last_para:
            last_para = sentence.paragraph
        if sentence.paragraph not in with_figures and not sentence.heading:
            continue
        figs = figures(sentence.text)
        phrases = period_phrases(sentence.text)
        if sentence.heading:
            # a heading's period ("Third Quarter 2007 Highlights") frames what follows it
            own = [p for p in phrases if not p.comparison and p.kind != "relative"]
            if own:
                section_period = calendar.resolve(own[0], calendar.current) or section_period
        context = para_period.get(sentence.paragraph) or section_period
        found = read_sentence(sentence, figs, phrases, context, calendar, finder, members)
        candidates.extend(found)
        heads = [c.period for c in found if c.period is not None and c.figure.kind == "money"]
        if heads:
            para_period[sentence.paragraph] = heads[0]
        else:
            own = [p for p in phrases if not p.comparison and p.kind not in ("relative", "bare_year")]
            if own and not sentence.heading:
                resolved = calendar.resolve(own[0], context or calendar.current)
                if resolved is not None:
                    para_period[sentence.paragraph] = resolved
    if not company_members:
        for c in candidates:
            if not c.reason and any(not m.member.startswith(taxonomy_mod.PREFIX + ":") for m in c.dims.members()):
                c.reason = "needs a company dimension member, and extension concepts are off"
    place(candidates, table_facts, entity, doc.path, tax, out)
    used = {m.member for f in out.facts for m in f.context.dims}
    out.extension = [e for q, e in members.made.items() if q in used]
    return out


def _table_lines(doc: Document, table_facts: list[Fact], tables) -> set[int]:
    """Line numbers that belong to tables (not prose)."""
    skip: set[int] = set()
    if tables:
        for t in tables:
            if t.rows:
                skip.update(range(t.line, max(r.line for r in t.rows) + 1))
        return skip
    spans: dict[int, list[int]] = {}
    for f in table_facts:
        p = f.provenance
        if p is not None and p.table is not None:
            spans.setdefault(p.table, []).append(p.line)
    for lines in spans.values():
        if doc.kind == "html" and min(lines) == max(lines):
            continue  # HTML written on one source line: line numbers cannot tell tables from prose
        skip.update(range(min(lines), max(lines) + 1))
    return skip
