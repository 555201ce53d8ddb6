"""Calculation consistency: XBRL 2.1 section 5.2.5.2 ("c10") and Calculation 1.1
round-to-nearest ("c11")."""
from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

from lxml import etree

from .dts import DTS, SUMMATION_ITEM, Instance
from .report import Report

INF = None  # decimals "INF" is represented as None (no rounding)


def inferred_decimals(value: Decimal, decimals: str | None, precision: str | None):
    """Decimals of a fact (XBRL 2.1 4.6.6): decimals as given, or inferred from precision.
    Returns None for INF (exact); "zero" for precision=0 (no information at all)."""
    if decimals is not None:
        text = decimals.strip()
        return None if text == "INF" else int(text)
    if precision is None:
        return None
    text = precision.strip()
    if text == "INF":
        return None
    p = int(text)
    if p == 0:
        return "zero"
    if value == 0:
        return None
    return p - int(math.floor(math.log10(abs(value)))) - 1


def round_to(value: Decimal, decimals, rounding=ROUND_HALF_UP) -> Decimal:
    if decimals is None:
        return value
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=rounding) if decimals < 30 else value


def check(dts: DTS, instance: Instance, report: Report, mode: str = "c10") -> None:
    if mode == "none":
        return
    rels = dts.relationships_of(SUMMATION_ITEM)
    if not rels:
        return
    # group the numeric, non-nil facts by (concept, context, unit, parent tuple)
    concepts = dts.concepts
    buckets: dict[tuple, list] = {}
    for fact in instance.facts:
        if fact.is_tuple or fact.is_nil or fact.context_ref is None or fact.unit_ref is None:
            continue
        concept = concepts.get(fact.concept)
        if concept is None:
            continue
        try:
            value = Decimal(fact.value.strip())
        except (InvalidOperation, AttributeError):
            continue
        if fact.decimals is not None and fact.precision is not None:
            continue
        try:
            dec = inferred_decimals(value, fact.decimals, fact.precision)
        except ValueError:
            continue
        ctx = instance.contexts.get(fact.context_ref.strip())
        unit = instance.units.get(fact.unit_ref.strip())
        if ctx is None or unit is None:
            continue
        key = (fact.concept, ctx.id, (unit.numerator, unit.denominator), fact.parent)
        buckets.setdefault(key, []).append((value, dec, fact))
    by_role: dict[str, dict[str, list]] = {}
    for rel in rels:
        if rel.source and rel.target and rel.weight is not None:
            by_role.setdefault(rel.link_role, {}).setdefault(rel.source, []).append(rel)
    bindings: dict[tuple, list[tuple]] = {}
    for key in buckets:
        bindings.setdefault(key[1:], []).append(key)
    for role, totals in by_role.items():
        for total, children in totals.items():
            for binding, keys in bindings.items():
                total_facts = buckets.get((total,) + binding)
                if not total_facts:
                    continue
                _check_binding(report, mode, total, total_facts, children, binding, buckets)


def _check_binding(report, mode, total, total_facts, children, binding, buckets) -> None:
    contributions = []
    for rel in children:
        facts = buckets.get((rel.target,) + binding)
        if facts:
            contributions.append((rel.weight, facts))
    if not contributions:
        return
    if mode == "c10":
        if len(total_facts) > 1 or any(len(facts) > 1 for _, facts in contributions):
            return  # duplicates: the calculation does not bind (XBRL 2.1 5.2.5.2)
        value, dec, fact = total_facts[0]
        if dec == "zero" or any(f[0][1] == "zero" for _, f in contributions):
            return
        computed = Decimal(0)
        for weight, facts in contributions:
            v, d, _ = facts[0]
            computed += round_to(v, d) * weight
        if round_to(computed, dec) != round_to(value, dec):
            name = etree.QName(total).localname
            report.inconsistency(
                "xbrl.5.2.5.2:calcInconsistency",
                f"{name} in context {binding[0]} is {value} but its contributing items add up to "
                f"{round_to(computed, dec):f} (after rounding to decimals {dec if dec is not None else 'INF'}); "
                "correct the values or the calculation weights", fact.line)
        return
    # c11: round-to-nearest with the least precise decimals of all the facts involved
    total_value = _c11_value(report, total_facts)
    if total_value is None:
        return
    values = []
    for weight, facts in contributions:
        v = _c11_value(report, facts)
        if v is None:
            return
        values.append((weight, v))
    decs = [total_value[1]] + [v[1] for _, v in values]
    finite = [d for d in decs if d is not None and d != "zero"]
    if "zero" in decs:
        return
    dec = min(finite) if finite else None
    computed = sum((round_to(v[0], dec, ROUND_HALF_EVEN) * w for w, v in values), Decimal(0))
    if round_to(computed, dec, ROUND_HALF_EVEN) != round_to(total_value[0], dec, ROUND_HALF_EVEN):
        name = etree.QName(total).localname
        report.inconsistency(
            "calc11e:inconsistentCalculationUsingRounding",
            f"{name} in context {binding[0]} is {total_value[0]} but its contributing items add up to "
            f"{round_to(computed, dec, ROUND_HALF_EVEN):f} (rounded to decimals {dec if dec is not None else 'INF'})",
            total_facts[0][2].line)


def _c11_value(report, facts):
    """Calculation 1.1 duplicate handling: consistent duplicates collapse to the most precise;
    inconsistent ones make the calculation unusable."""
    if len(facts) == 1:
        return facts[0][0], facts[0][1]
    ordered = sorted(facts, key=lambda f: (f[1] is None, f[1] if isinstance(f[1], int) else 0), reverse=True)
    best = ordered[0]
    for v, d, _ in ordered[1:]:
        if d == "zero":
            continue
        if round_to(best[0], d, ROUND_HALF_EVEN) != round_to(v, d, ROUND_HALF_EVEN):
            return None
    return best[0], best[1]
