"""The conversion pipeline: a release file in, an :class:`Instance` out.

    doc     = sources.load(path)                      # decoded text, format, company, dateline
    found   = tables.find(doc)                        # Table(caption, scale, columns->Period, rows)
    rules   = mapping.load_rules(user_files)          # defaults + user layers
    mapped  = mapping.apply(found, rules, entity)     # Facts + Unplaced numbers, with provenance
    facts  += narrative.facts(doc, mapped.facts)      # prose figures the tables don't hold
    facts  += document_facts(doc, entity, facts)      # registrant name, ticker, period end...
    facts   = duplicates.resolve(facts, ...)          # conflicting facts of one concept+context+unit reported
    ext     = builder.finish(decisions, facts)        # extension concepts, verified calc arcs, prohibitions
    return Instance(entity, facts, unplaced, ...)     # -> render.write_instance: validated in memory, then written
"""
from __future__ import annotations

import re
from pathlib import Path

from . import checks, duplicates, extension, mapping, narrative, presentation, segments, sources, tables
from ._callable import make_callable
from . import taxonomy as taxonomy_mod
from .model import (LOCAL_ENTITY_SCHEME, SEC_CIK_SCHEME, Context, ConvertError, Entity, Fact, Instance,
                    Period, Provenance)
from .periods import Length, duration_before


def convert(path: str | Path, *, mapping_files: list[str | Path] = (), extensions: bool = True) -> Instance:
    """Convert one release.  Raises ConvertError (one-line message) on bad input."""
    source = str(path)
    doc = sources.load(path)
    found = tables.find(doc)
    rules = mapping.load_rules(mapping_files)
    entity = entity_for(doc.info, source)
    # issue 5: lines no rule maps become company extension concepts (none with extensions=False)
    builder = (extension.ExtensionBuilder.for_company(doc.info.ticker, doc.info.company or entity.identifier)
               if extensions else None)
    # issue 6: segment columns ("Domestic / Sears Canada / Consolidated") get dimension members; company
    # members are declared in the extension, so only with one
    members = segments.Members(prefix=builder.prefix) if builder else None
    if members is not None:
        segments.annotate(found, doc, members)
    mapped = mapping.apply(found, rules, entity, source, extensions=builder)
    checked = checks.run(found, mapped.decisions)  # issue 11: the statements' own arithmetic
    # issue 12: a fact whose sign by its concept the arithmetic contradicts is reported, not written
    mapping.withdraw(mapped, checks.sign_disagreements(checked, mapped.decisions, taxonomy_mod.load()), source)
    facts = list(mapped.facts)
    unplaced = list(mapped.unplaced)
    warnings = list(doc.warnings) + mapped.warnings
    for t in found:
        warnings.extend(t.warnings)
    warnings.extend(checks.warnings(checked, source))
    # issue 5/6: company members share the extension's prefix (they are declared in its schema)
    prose = narrative.facts(doc, facts, entity, members=members, company_members=members is not None,
                            rules=rules)  # issue 5: the user's --mapping rules apply to prose too
    facts.extend(prose.facts)
    unplaced.extend(prose.unplaced)
    warnings.extend(prose.warnings)
    numeric = [f for f in facts if f.unit is not None]  # (is_numeric, without a call per fact)
    if not numeric:
        if not found:
            raise ConvertError(f"{source}: no financial table or figures found")
        raise ConvertError(f"{source}: {len(found)} table(s) found but no number could be placed "
                           f"({len(unplaced)} unplaced; see --report)")
    facts.extend(document_facts(doc, entity, numeric))
    # issue 12: a fact that contradicts another of its concept, context and unit is reported
    facts = duplicates.resolve(facts, (len(mapped.facts), len(mapped.facts) + len(prose.facts)), unplaced,
                              warnings)
    namespaces = {taxonomy_mod.PREFIX: taxonomy_mod.NAMESPACE}
    if any(f.concept.startswith(taxonomy_mod.DEI_PREFIX + ":") for f in facts):
        namespaces[taxonomy_mod.DEI_PREFIX] = taxonomy_mod.DEI_NAMESPACE  # the document facts' own
    # issue 5: the extension's concepts and the calculation arcs the tables' arithmetic proves;
    # issue 12: and the prohibitions of the taxonomy's calculations the facts contradict
    ext = (builder.finish(mapped.decisions, facts, members=list(members.made.values())) if builder else
           extension.overrides_only(extension.company_prefix(doc.info.ticker, doc.info.company or entity.identifier),
                                    facts))
    if ext.concepts or ext.arcs:
        namespaces[ext.prefix] = ext.namespace
        warnings.extend(ext.warnings)
    # issue 14: the release's own statements, for the extension's presentation linkbase
    layout = presentation.layout(mapped.decisions, facts, ext.prefix, ext.namespace) if builder else None
    return Instance(entity=entity, facts=facts, schema_refs=[taxonomy_mod.ENTRY_POINT],
                    namespaces=namespaces, source=source, unplaced=unplaced, warnings=warnings,
                    extension=ext.concepts, extension_arcs=ext.arcs,
                    extension_prefix=ext.prefix if ext.concepts or ext.arcs else "", checks=checked,
                    presentation=layout)


def entity_for(info: sources.DocumentInfo, source: str) -> Entity:
    """The CIK when the SEC header gives one; else the ticker; else a slug of the name or file."""
    if info.cik:
        return Entity(identifier=info.cik, scheme=SEC_CIK_SCHEME, name=info.company)
    if info.ticker:
        return Entity(identifier=info.ticker, scheme=LOCAL_ENTITY_SCHEME, name=info.company)
    base = info.company or Path(source).stem
    slug = re.sub(r"[^A-Za-z0-9]+", "-", base).strip("-").upper() or "UNKNOWN"
    return Entity(identifier=slug, scheme=LOCAL_ENTITY_SCHEME, name=info.company)


def document_period(doc: sources.Document, facts: list[Fact]) -> Period | None:
    """The period the release reports on: the latest-ending duration of its facts, with the
    length the title announces (a quarter, a year) when it has one."""
    # facts share a few contexts: their periods, in the order the facts first use them, say it all
    periods = [c.period for c in {id(f.context): f.context for f in facts}.values()]
    durations = [p for p in periods if not p.is_instant]
    ends = {p.end for p in (durations or periods)}
    if not ends:
        return None
    # An 8-K's "period of report" is the date of the event (the release), not the fiscal period:
    # it counts only where the release's own figures end on it.
    end = doc.info.period_end if doc.info.period_end in ends else max(ends)
    fp = doc.info.fiscal_period
    if fp:
        months = 12 if fp == "FY" else 3
    else:
        lengths = [p.months for p in durations if p.end == end]
        months = min(lengths) if lengths else 3
    # keep the exact start of a matching table period (52/53-week years differ from months)
    for p in durations:
        if p.end == end and p.months == months:
            return p
    return duration_before(end, Length(months=months))


def document_facts(doc: sources.Document, entity: Entity, facts: list[Fact]) -> list[Fact]:
    period = document_period(doc, facts)
    if period is None:
        return []
    tax = taxonomy_mod.load()
    ctx = Context(entity=entity, period=period)
    info = doc.info
    where = Provenance(source=doc.path, line=doc.lines[0].number if doc.lines else 1, column=1, text="",
                       label="document information")
    values = [
        ("DocumentType", "Other"),
        ("AmendmentFlag", "false"),
        ("DocumentPeriodEndDate", period.end.isoformat()),
        ("EntityRegistrantName", info.company),
        ("TradingSymbol", info.ticker),
        ("SecurityExchangeName", info.exchange),
        ("EntityCentralIndexKey", info.cik),
        ("DocumentFiscalPeriodFocus", info.fiscal_period),
        ("DocumentFiscalYearFocus", str(info.fiscal_year) if info.fiscal_year else None),
    ]
    out = []
    for name, value in values:
        if value is None:
            continue
        concept = tax.concept(name)
        if concept is None:
            continue
        out.append(Fact(concept=concept.qname, context=ctx, value=value, provenance=where))
    return out


make_callable(__name__, "convert")  # `exporter.convert(path)` works on the module too
