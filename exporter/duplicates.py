"""One fact per concept, context and unit: duplicates found before an instance is written.

XBRL 2.1 (4.10) lets an instance repeat a fact; repeats that disagree ("inconsistent
duplicates") say two things about one figure, and a calculation does not bind where a total
or an item is duplicated.  The mapping stage already reports a table line that repeats or
contradicts an earlier one; this is the last word over every fact of the release, tables,
prose and document facts together:

* a repeat with the same value (or one that rounds to it at the less precise decimals) is left
  out and reported as repeating the fact kept;
* a conflict is reported in ``unplaced`` with both values.  One of them is kept only when the
  choice is principled: the facts come ranked by where they were read (statement tables, then
  prose, then the document's own facts), and a conflict is settled in favour of the single fact
  of the best rank (a table figure over a sentence's).  Two facts of the same rank that
  disagree are both left out: nothing says which is right.
"""
from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from .model import Fact, Unplaced

RANKS = ("statement table", "prose", "document information")


def resolve(facts: list[Fact], ends: tuple[int, ...], unplaced: list[Unplaced], warnings: list[str]) -> list[Fact]:
    """``facts`` without duplicates.  ``ends``: where each rank's facts end in ``facts`` (the
    list holds the table facts, then the prose facts, then the document facts); what is left
    out is appended to ``unplaced`` (with a warning for each conflict)."""
    groups: dict[tuple, list[int]] = {}
    for i, f in enumerate(facts):
        groups.setdefault((f.concept, f.context.id, f.unit.id if f.unit is not None else None), []).append(i)
    dropped: set[int] = set()
    for members in groups.values():
        if len(members) > 1:
            dropped.update(_settle([(i, _rank(i, ends), facts[i]) for i in members], unplaced, warnings))
    if not dropped:
        return facts
    return [f for i, f in enumerate(facts) if i not in dropped]


def _rank(index: int, ends: tuple[int, ...]) -> int:
    for rank, end in enumerate(ends):
        if index < end:
            return rank
    return len(ends)


def _settle(members: list[tuple[int, int, Fact]], unplaced: list[Unplaced], warnings: list[str]) -> set[int]:
    """The indexes of the group's facts to leave out (each reported)."""
    first = members[0][2]
    if all(same_value(first, f) for _, _, f in members[1:]):
        for _, _, f in members[1:]:
            unplaced.append(_unplaced(f, f"repeats {first.concept} = {first.value}{_where(first)}"))
        return {i for i, _, _ in members[1:]}
    best = min(rank for _, rank, _ in members)
    top = [(i, f) for i, rank, f in members if rank == best]
    kept = None
    if len(top) == 1 or all(same_value(top[0][1], f) for _, f in top[1:]):
        kept = top[0][1]
    dropped = set()
    for i, _, f in members:
        if f is kept:
            continue
        if kept is not None and same_value(kept, f):
            unplaced.append(_unplaced(f, f"repeats {kept.concept} = {kept.value}{_where(kept)}"))
            dropped.add(i)
            continue
        others = ", ".join(sorted({o.value for _, _, o in members if o is not f and not same_value(o, f)}))
        if kept is not None:
            reason = (f"conflicts with {kept.concept} = {kept.value}{_where(kept)} in the same context and unit "
                      f"(this value {f.value}); the {RANKS[min(best, len(RANKS) - 1)]} figure is kept")
        else:
            reason = (f"conflicts with {f.concept} = {others} in the same context and unit (this value {f.value}); "
                      "neither is kept: nothing says which is right")
        unplaced.append(_unplaced(f, reason))
        warnings.append(f"{_source(f)}: {f.concept} in {f.context.id}: {reason}")
        dropped.add(i)
    return dropped


def same_value(a: Fact, b: Fact) -> bool:
    """The same value, or (numbers) values equal at the less precise of their decimals."""
    if a.value == b.value:
        return True
    if a.unit is None or b.unit is None:
        return False
    try:
        x, y = Decimal(a.value), Decimal(b.value)
    except InvalidOperation:
        return False
    decimals = [int(d) for d in (a.decimals, b.decimals) if d not in (None, "INF")]
    if not decimals:
        return x == y
    quantum = Decimal(1).scaleb(-min(decimals))
    return x.quantize(quantum, rounding=ROUND_HALF_EVEN) == y.quantize(quantum, rounding=ROUND_HALF_EVEN)


def _where(f: Fact) -> str:
    p = f.provenance
    return f" (line {p.line})" if p is not None and p.line else ""


def _source(f: Fact) -> str:
    p = f.provenance
    return f"{p.source}:{p.line}" if p is not None else f.concept


def _unplaced(f: Fact, reason: str) -> Unplaced:
    p = f.provenance
    if p is None:
        return Unplaced(text=f.value, line=0, column=0, reason=reason)
    return Unplaced(text=p.text or f.value, line=p.line, column=p.column, reason=reason, label=p.label,
                    source=p.source, table=p.table, row=p.row, cell=p.cell)
