"""Placing candidates: a figure the tables already hold (rounded as printed) adds nothing, one
that disagrees is a warning naming both lines; the others become facts.
"""
from __future__ import annotations

import bisect
import functools
import math
from dataclasses import dataclass, field
from decimal import Decimal, ROUND_HALF_UP

from ..model import (USD, USD_PER_SHARE, Context, Entity, ExtensionConcept, Fact, Period, Provenance, Unplaced,
                     decimal_lexical)
from .amounts import Figure
from .reading import Candidate


RULE_SOURCE = "narrative"  # Provenance.rule prefix of prose facts


@dataclass
class Prose:
    """What the prose adds: facts, numbers that became none (with the reason), warnings, and the
    company members the facts use (to be declared in the extension schema)."""

    facts: list[Fact] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extension: list[ExtensionConcept] = field(default_factory=list)


def place(candidates: list[Candidate], table_facts: list[Fact], entity: Entity, source: str, tax, out: Prose) -> None:
    index: dict[tuple, Fact] = {}
    by_value: dict[tuple, list[Fact]] = {}
    by_concept: dict[str, list[Fact]] = {}
    approx: dict[int, tuple[float, int | None]] = {}  # id(table fact) -> its value as a float, its decimals
    for f in table_facts:
        if not f.is_numeric or not f.value:
            continue
        try:
            approx[id(f)] = (float(f.value), None if f.decimals in (None, "INF") else int(f.decimals))
        except ValueError:
            approx[id(f)] = (None, None)  # (_agrees says no to it)
        index.setdefault((f.concept, f.context.id, f.unit.id), f)
        by_value.setdefault((f.context.period, tuple(f.context.dims), f.unit.id), []).append(f)
        by_concept.setdefault(f.concept, []).append(f)
    emitted: dict[tuple, Fact] = {}
    contexts: dict[tuple, Context] = {}  # (period, members) -> the one Context for them
    by_period: dict[Period, list[Fact]] = {}  # (see _repeat_any)
    values = _TableValues(approx)
    for c in candidates:
        f = c.figure
        line, column = c.sentence.locate(f.start)

        def unplaced(reason: str) -> None:
            out.unplaced.append(Unplaced(text=f.text, line=line, column=column, reason=reason,
                                         label=_snippet(c.sentence.text, f), source=source))

        if c.reason:
            unplaced(c.reason)
            continue
        if c.concept is None:
            # a figure no line item is named for may still repeat a table figure
            rep = _repeat_any(f, c, by_concept, by_value, values, by_period)
            unplaced(f"repeats the table's {_local(rep.concept)} at line {rep.provenance.line}" if rep else
                     "a per-share amount that does not say basic or diluted" if f.kind == "per_share" else
                     "no line item named for this amount")
            continue
        if c.period is None:
            rep = _repeat_any(f, c, by_concept, by_value, values, by_period)
            unplaced(f"repeats the table's {_local(rep.concept)} at line {rep.provenance.line}" if rep else
                     f"no period stated for this {c.concept.name} amount")
            continue
        concept = c.concept
        period = c.period
        if concept.period_type == "instant" and not period.is_instant:
            period = Period.instant(period.end)
        elif concept.period_type == "duration" and period.is_instant:
            unplaced(f"{concept.name} is for a period, but the text gives a date ({period})")
            continue
        unit = USD if f.kind == "money" else USD_PER_SHARE
        if (concept.item_type == "monetary") != (f.kind == "money"):
            unplaced(f"{concept.name} is a {concept.item_type} concept; the text gives a {f.kind.replace('_', '-')} amount")
            continue
        value = f.value
        if concept.sign == "signed" and c.negative:
            value = -value
        elif concept.sign != "signed":
            value = abs(value)
        dims = c.dims.members()
        context = contexts.get((period, dims))
        if context is None:
            context = contexts[(period, dims)] = Context(entity=entity, period=period, dims=dims)
        key = (concept.qname, context.id, unit.id)
        table = index.get(key)
        if table is not None and _agrees(table, value, f.decimals):
            unplaced(f"repeats the table's {concept.name} at line {table.provenance.line}")
            continue
        value_key = (period, context.dims, unit.id)
        same_value = values.first(value_key, by_value.get(value_key, ()), value, f.decimals)  # the first it repeats
        if table is not None and same_value is not None:
            # "net loss narrowed to $0.45 million" where the table's $0.45 million is the net loss
            # applicable to common stockholders: the prose names the line loosely; a repeat
            table = None
        if table is not None:  # the table disagrees
            msg = (f"{source}:{line}: prose gives {concept.name} {decimal_lexical(value)} for {period} but the table at line "
                   f"{table.provenance.line} gives {table.value}; the table's is kept")
            out.warnings.append(msg)
            unplaced(f"contradicts the table's {concept.name} {table.value} at line {table.provenance.line}")
            continue
        if same_value is not None:
            unplaced(f"repeats the table's {_local(same_value.concept)} at line {same_value.provenance.line}")
            continue
        earlier = emitted.get(key)
        if earlier is not None:
            if _agrees(earlier, value, f.decimals) or Decimal(earlier.value) == value:
                unplaced(f"repeats the prose figure at line {earlier.provenance.line}")
            else:
                out.warnings.append(f"{source}:{line}: prose gives {concept.name} {decimal_lexical(value)} for {period}; line "
                                    f"{earlier.provenance.line} gave {earlier.value}; the first is kept")
                unplaced(f"contradicts the prose figure at line {earlier.provenance.line}")
            continue
        fact = Fact(concept=concept.qname, context=context, value=decimal_lexical(value), unit=unit, decimals=str(f.decimals),
                    provenance=Provenance(source=source, line=line, column=column, text=f.text,
                                          label=_snippet(c.sentence.text, f), rule=f"{RULE_SOURCE}; {c.rule}"))
        emitted[key] = fact
        out.facts.append(fact)


def _repeat_any(f: Figure, c: Candidate, by_concept, by_value, values: _TableValues, by_period: dict) -> Fact | None:
    """A table fact this figure repeats (with either sign), when the sentence names no line item
    or period: the first of the concept's facts, or of the period's facts without members.
    ``by_period``: each period's facts without members, in by_value's order (filled from
    by_value when first needed)."""
    if c.period is not None and c.concept is None:
        if not by_period:
            for (p, d, u), ts in by_value.items():
                if not d:
                    by_period.setdefault(p, []).extend(ts)
        key, pool = ("period", c.period), by_period.get(c.period, [])
    else:
        key = ("concept", c.concept.qname if c.concept is not None else None)
        pool = by_concept.get(c.concept.qname, []) if c.concept is not None else []
    return values.first(key, pool, f.value, f.decimals, either_sign=True)


class _TableValues:
    """The table facts a prose figure repeats: ``first(key, pool, ...)`` is the first fact of
    the pool (a list named by ``key``) that _close and _agrees accept, as a loop over it finds
    it.  A large pool asked again is searched through a _NearValues index of it instead (a
    release with hundreds of table facts asks for the same few pools many times)."""

    SMALL = 24  # (a pool this long is scanned: an index costs more than it spares)

    def __init__(self, approx: dict[int, tuple[float | None, int | None]]):
        self.approx = approx
        self.asked: dict[object, int] = {}  # pool key -> times asked
        self.indexes: dict[object, _NearValues] = {}

    def first(self, key, pool, value: Decimal, decimals: int, *, either_sign: bool = False) -> Fact | None:
        if len(pool) > self.SMALL:
            index = self.indexes.get(key)
            if index is None and self.asked.get(key):
                index = self.indexes[key] = _NearValues(pool, self.approx)
            self.asked[key] = self.asked.get(key, 0) + 1
            if index is not None:
                return index.first(value, decimals, either_sign=either_sign)
        approx, near = self.approx, float(value)
        for t in pool:
            if (_close(approx[id(t)], near, decimals) and _agrees(t, value, decimals)) or \
                    (either_sign and _close(approx[id(t)], -near, decimals) and _agrees(t, -value, decimals)):
                return t
        return None


class _NearValues:
    """Table facts (in their order) searchable by value: what a loop over them asking _close and
    _agrees finds first, without asking every fact: the facts are sorted by their float value
    once, and only those within the widest tolerance _close can allow are asked, in order."""

    __slots__ = ("facts", "approx", "numbers", "order", "always", "min_decimals", "widest")

    def __init__(self, facts, approx: dict[int, tuple[float | None, int | None]]):
        self.facts = list(facts)
        self.approx = approx
        numbers = [approx[id(t)][0] for t in self.facts]
        pairs = sorted((n, k) for k, n in enumerate(numbers) if n is not None and math.isfinite(n))
        self.numbers = [n for n, _ in pairs]
        self.order = [k for _, k in pairs]
        # (no number: _close says yes; not finite: it cannot be sorted, so it is always asked)
        self.always = [k for k, n in enumerate(numbers) if n is None or not math.isfinite(n)]
        decimals = [approx[id(t)][1] for t in self.facts if approx[id(t)][1] is not None]
        self.min_decimals = min(decimals) if decimals else None
        self.widest = max((abs(n) for n in self.numbers), default=0.0)

    def first(self, value: Decimal, decimals: int, *, either_sign: bool = False) -> Fact | None:
        near = float(value)
        # _close's tolerance for one fact is 2 * 10**-d + 1e-9 * |its number|, d its decimals or the
        # figure's, the smaller: at most this (with a margin for the floats' own rounding)
        d = decimals if self.min_decimals is None or self.min_decimals >= decimals else self.min_decimals
        reach = (2.0 * 10.0 ** -d + 1e-9 * self.widest) * 1.001 + 1e-300
        found = None
        for number, exact in ((near, value), (-near, -value)) if either_sign else ((near, value),):
            ks = self.always + self.order[bisect.bisect_left(self.numbers, number - reach):
                                          bisect.bisect_right(self.numbers, number + reach)]
            for k in sorted(ks):
                if found is not None and k >= found:
                    break
                t = self.facts[k]
                if _close(self.approx[id(t)], number, decimals) and _agrees(t, exact, decimals):
                    found = k
                    break
        return None if found is None else self.facts[found]


def _close(table: tuple[float | None, int | None], value: float, decimals: int) -> bool:
    """Whether a table value (as a float, with its decimals) is near enough to a prose figure for
    _agrees to be asked: that needs them within 1.5 units of the coarser one's last digit;
    twice that, and a float's error to spare, lets through every pair it could accept."""
    number, table_decimals = table
    if number is None:
        return True
    d = decimals if table_decimals is None or table_decimals >= decimals else table_decimals
    return abs(number - value) <= 2.0 * 10.0 ** -d + 1e-9 * abs(number)


def _agrees(table_fact: Fact, value: Decimal, decimals: int) -> bool:
    """The table's value, rounded to the prose figure's decimals, is the prose figure (half-up, or
    cut short as some releases do)."""
    try:
        t = _decimal(table_fact.value)
    except Exception:
        return False
    if table_fact.decimals not in (None, "INF") and int(table_fact.decimals) < decimals:
        # the prose is the more exact one ("$5,815,468" against a table in thousands)
        decimals = int(table_fact.decimals)
        q = _quantum(decimals)
        return abs((value / q).quantize(_ONE, rounding=ROUND_HALF_UP) * q - t) <= q
    q = _quantum(decimals)
    # (either test below needs the two within 1.5 q: most table facts are far off, and spare
    # the division and rounding)
    if abs(t - value) > q + q:
        return False
    rounded = (t / q).quantize(_ONE, rounding=ROUND_HALF_UP) * q
    return rounded == value or abs(t - value) < q


_ONE = Decimal(1)
# 10**-d for the decimals figures and facts have (others are made when asked for)
_QUANTA = {d: Decimal(1).scaleb(-d) for d in range(-15, 16)}


def _quantum(decimals: int) -> Decimal:
    q = _QUANTA.get(decimals)
    return q if q is not None else Decimal(1).scaleb(-decimals)


# a table value is compared with many prose figures: parse each value string once (Decimals are
# immutable, and the answer depends on the string alone)
_decimal = functools.lru_cache(maxsize=4096)(Decimal)


def _snippet(text: str, f: Figure) -> str:
    a = max(0, f.start - 60)
    return ("…" if a else "") + text[a:f.end].strip()


def _local(qname: str) -> str:
    return qname.split(":")[-1]
