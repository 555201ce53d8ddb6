"""Calculation consistency: XBRL 2.1 section 5.2.5.2 ("c10") and Calculation 1.1
round-to-nearest ("c11")."""
from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from lxml import etree

from .dts import DTS, SUMMATION_ITEM, Instance
from .equality import context_key
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


def round_to(value: Decimal, decimals, rounding=ROUND_HALF_EVEN) -> Decimal:
    if decimals is None:
        return value
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=rounding) if decimals < 30 else value


def check(dts: DTS, instance: Instance, report: Report, mode: str = "c10") -> None:
    if mode == "none":
        return
    rels = dts.relationships_of(SUMMATION_ITEM)
    if not rels:
        return
    by_role: dict[str, dict[str, list]] = {}
    for rel in rels:
        if rel.source and rel.target and rel.weight is not None:
            by_role.setdefault(rel.link_role, {}).setdefault(rel.source, []).append(rel)
    if not by_role:
        return
    facts = instance.facts
    in_calc = {r.source for rels_ in by_role.values() for r_list in rels_.values() for r in r_list}
    in_calc |= {r.target for rels_ in by_role.values() for r_list in rels_.values() for r in r_list}
    context_keys = {cid: context_key(c, dts) for cid, c in instance.contexts.items()}
    unit_keys = {uid: (u.numerator, u.denominator) for uid, u in instance.units.items()}
    # (concept, context key, unit key) -> [(value or None for nil, decimals, fact, ancestors)]
    groups: dict[tuple, list] = {}
    # duplicates (XBRL 2.1 4.10): same concept, c-equal, u-equal, p-equal (same parent), nil or not
    duplicates: dict[tuple, int] = {}
    ancestors_of: dict[int | None, frozenset] = {None: frozenset()}
    decimals_of: dict[str, object] = {}  # decimals text -> inferred decimals (no value needed)
    for fact in facts:
        if fact.concept not in in_calc or fact.is_tuple or fact.context_ref is None or fact.unit_ref is None:
            continue
        ckey = context_keys.get(fact.context_ref) or context_keys.get(fact.context_ref.strip())
        ukey = unit_keys.get(fact.unit_ref) or unit_keys.get(fact.unit_ref.strip())
        if ckey is None or ukey is None:
            continue
        value = dec = None
        if not fact.is_nil:
            try:
                value = Decimal(fact.value)
            except (InvalidOperation, TypeError):
                try:
                    value = Decimal(fact.value.strip())
                except (InvalidOperation, AttributeError):
                    continue
            if not value.is_finite():
                continue
            if fact.decimals is not None and fact.precision is None:
                dec = decimals_of.get(fact.decimals)
                if dec is None and fact.decimals not in decimals_of:
                    try:
                        dec = inferred_decimals(value, fact.decimals, None)
                    except ValueError:
                        continue
                    decimals_of[fact.decimals] = dec
            else:
                try:
                    dec = inferred_decimals(value, fact.decimals, fact.precision)
                except ValueError:
                    continue
        key = (fact.concept, ckey, ukey)
        dup_key = (key, fact.parent)
        duplicates[dup_key] = duplicates.get(dup_key, 0) + 1
        ancestors = ancestors_of.get(fact.parent)
        if ancestors is None:
            ancestors = _ancestors(facts, fact.parent, ancestors_of)
        group = groups.get(key)
        if group is None:
            groups[key] = [(value, dec, fact, ancestors)]
        else:
            group.append((value, dec, fact, ancestors))
    keys_by_concept: dict[str, list[tuple]] = {}
    for key in groups:
        keys_by_concept.setdefault(key[0], []).append(key)
    for totals in by_role.values():
        for total, children in totals.items():
            for key in keys_by_concept.get(total, ()):
                total_facts = groups[key]
                for entry in total_facts:
                    if entry[0] is not None:
                        _check_sum(report, mode, entry, key, children, groups, duplicates, len(total_facts))


def _ancestors(facts, parent, cache):
    chain = []
    node = parent
    while node is not None and node not in cache:
        chain.append(node)
        node = facts[node].parent
    result = cache[node]
    for index in reversed(chain):
        result = result | {index}
        cache[index] = result
    return cache[parent]


def _check_sum(report, mode, entry, key, children, groups, duplicates, total_count) -> None:
    value, dec, fact, _ = entry
    scope = fact.parent
    contributions = []
    for rel in children:
        members = [e for e in groups.get((rel.target,) + key[1:], ())
                   if e[0] is not None and (scope is None or scope in e[3])]
        if members:
            contributions.append((rel.weight, rel.target, members))
    if not contributions:
        return  # nothing contributes in this context and unit: the calculation does not bind
    name = etree.QName(fact.concept).localname
    if mode == "c10":
        # a summation item or contributing item with duplicates makes the calculation not bind
        if duplicates.get((key, scope), 0) > 1:
            return
        for _, target, members in contributions:
            if any(duplicates.get(((target,) + key[1:], e[2].parent), 0) > 1 for e in members):
                return
        if dec == "zero" or any(e[1] == "zero" for _, _, members in contributions for e in members):
            report.inconsistency(
                "xbrl.5.2.5.2:calcInconsistency",
                f"{name} cannot be checked against its contributing items: a fact with precision=\"0\" "
                "takes part (its value is unknown); give it a real precision or decimals", fact.line)
            return
        computed = Decimal(0)
        for weight, _, members in contributions:
            for v, d, _, _ in members:
                computed += round_to(v, d) * weight
        if round_to(computed, dec) != round_to(value, dec):
            report.inconsistency(
                "xbrl.5.2.5.2:calcInconsistency",
                f"{name} in context {fact.context_ref} is {value} but its contributing items add up to "
                f"{round_to(computed, dec):f} (after rounding to decimals {dec if dec is not None else 'INF'}); "
                "correct the values or the calculation weights", fact.line)
        return
    # c11: round-to-nearest with the least precise decimals of all the facts involved;
    # consistent duplicates collapse to the most precise one, inconsistent ones stop the check
    total_value = _c11_value([(v, d, f) for v, d, f, _ in groups.get(key, ()) if v is not None
                              and f.parent == scope])
    if total_value is None:
        return
    values = []
    for weight, _, members in contributions:
        v = _c11_value([(m[0], m[1], m[2]) for m in members])
        if v is None:
            return
        values.append((weight, v))
    decs = [total_value[1]] + [v[1] for _, v in values]
    if "zero" in decs:
        return
    finite = [d for d in decs if d is not None]
    dec = min(finite) if finite else None
    computed = sum((round_to(v[0], dec) * w for w, v in values), Decimal(0))
    if round_to(computed, dec) != round_to(total_value[0], dec):
        report.inconsistency(
            "calc11e:inconsistentCalculationUsingRounding",
            f"{name} in context {fact.context_ref} is {total_value[0]} but its contributing items add up to "
            f"{round_to(computed, dec):f} (rounded to decimals {dec if dec is not None else 'INF'}); "
            "correct the values or the calculation weights", fact.line)


def _c11_value(facts):
    """Calculation 1.1 duplicate handling: consistent duplicates collapse to the most precise;
    inconsistent ones make the calculation unusable."""
    if len(facts) == 1:
        return facts[0][0], facts[0][1]
    ordered = sorted(facts, key=lambda f: (f[1] is None, f[1] if isinstance(f[1], int) else 0), reverse=True)
    best = ordered[0]
    for v, d, _ in ordered[1:]:
        if d == "zero":
            continue
        if round_to(best[0], d) != round_to(v, d):
            return None
    return best[0], best[1]
