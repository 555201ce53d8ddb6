"""Definition-link rules of XBRL 2.1 section 5.2.6.2: essence-alias and requires-element."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from lxml import etree

from .calc import inferred_decimals, round_to
from .dts import DTS, Instance
from .equality import context_key
from .report import Report

ESSENCE_ALIAS = "http://www.xbrl.org/2003/arcrole/essence-alias"
REQUIRES_ELEMENT = "http://www.xbrl.org/2003/arcrole/requires-element"


def _local(qname: str) -> str:
    return etree.QName(qname).localname


def check_dts(dts: DTS, report: Report) -> None:
    """5.2.6.2.2: essence and alias must agree on type, period type and balance."""
    for rel in dts.relationships_of(ESSENCE_ALIAS):
        essence, alias = dts.concepts.get(rel.source), dts.concepts.get(rel.target)
        if essence is None or alias is None:
            continue
        if essence.type != alias.type:
            report.error("xbrl.5.2.6.2.2:essenceAliasTypes",
                         f"essence {_local(essence.qname)} and alias {_local(alias.qname)} have different types",
                         rel.line, rel.file)
        if essence.period_type != alias.period_type:
            report.error("xbrl.5.2.6.2.2:essenceAliasPeriodType",
                         f"essence {_local(essence.qname)} and alias {_local(alias.qname)} have different period types",
                         rel.line, rel.file)
        if essence.balance and alias.balance and essence.balance != alias.balance:
            report.error("xbrl.5.2.6.2.2:essenceAliasBalance",
                         f"essence {_local(essence.qname)} and alias {_local(alias.qname)} have different balances",
                         rel.line, rel.file)


def check_instance(dts: DTS, instance: Instance, report: Report) -> None:
    aliases = dts.relationships_of(ESSENCE_ALIAS)
    requires = dts.relationships_of(REQUIRES_ELEMENT)
    if not aliases and not requires:
        return
    present = {f.concept for f in instance.facts}
    for rel in requires:
        if rel.source in present and rel.target and rel.target not in present:
            report.inconsistency("xbrl.5.2.6.2.4:requiresElementInconsistency",
                                 f"{_local(rel.source)} is reported, so {_local(rel.target)} must be reported too",
                                 None)
    if not aliases:
        return
    keys = {cid: context_key(c, dts) for cid, c in instance.contexts.items()}
    by_concept: dict[str, list] = {}
    for fact in instance.facts:
        if not fact.is_tuple and fact.context_ref and fact.context_ref.strip() in keys:
            by_concept.setdefault(fact.concept, []).append(fact)
    for rel in aliases:
        for essence in by_concept.get(rel.source, ()):
            for alias in by_concept.get(rel.target, ()):
                if keys[essence.context_ref.strip()] != keys[alias.context_ref.strip()] or essence.parent != alias.parent:
                    continue
                if essence.unit_ref is not None or alias.unit_ref is not None:
                    u1 = instance.units.get((essence.unit_ref or "").strip())
                    u2 = instance.units.get((alias.unit_ref or "").strip())
                    if u1 is None or u2 is None or (u1.numerator, u1.denominator) != (u2.numerator, u2.denominator):
                        report.inconsistency("xbrl.5.2.6.2.2:essenceAliasUnitsInconsistency",
                                             f"{_local(alias.concept)} (alias of {_local(essence.concept)}) is reported "
                                             "in the same context with a different unit", alias.line)
                        continue
                if essence.is_nil or alias.is_nil:
                    continue
                if not _v_equal(essence, alias):
                    report.inconsistency("xbrl.5.2.6.2.2:essenceAliasInconsistency",
                                         f"{_local(alias.concept)} = {alias.value.strip()!r} but its essence "
                                         f"{_local(essence.concept)} = {essence.value.strip()!r} in the same context",
                                         alias.line)


def _v_equal(a, b) -> bool:
    if a.unit_ref is None:
        return " ".join(a.value.split()) == " ".join(b.value.split())
    try:
        va, vb = Decimal(a.value.strip()), Decimal(b.value.strip())
        da = inferred_decimals(va, a.decimals, a.precision)
        db = inferred_decimals(vb, b.decimals, b.precision)
    except (InvalidOperation, ValueError):
        return a.value.strip() == b.value.strip()
    decs = [d for d in (da, db) if isinstance(d, int)]
    dec = min(decs) if decs else None
    return round_to(va, dec) == round_to(vb, dec)
