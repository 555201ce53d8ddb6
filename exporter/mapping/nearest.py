"""Why a line became a company extension: the standard concepts that came closest, and why each
was not taken (issue 12, part 3).  ``mappings explain`` prints these for every extension line.

A candidate is rejected for the first of these reasons that holds:
- a rule names it for the line's wording, but in another kind of statement or only under a
  heading the line does not stand under;
- its period type is not the table's (a balance sheet holds instants; flows are durations);
- its item type is not what the line holds (money, shares, per-share amounts, percentages);
- no rule reads the line's wording as that concept: the words the two labels do not share.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import taxonomy as taxonomy_mod
from ..model import Row, Table
from .reading import Reading, readings
from .rules import RuleSet, candidates, label_words, normalize



@dataclass(frozen=True)
class Rejected:
    """A standard concept close to an extension line, and why it was not the line's concept."""
    concept: str  # prefixed QName
    similarity: float
    source: str  # what it was found by: a rule (file:line) or a taxonomy label
    reason: str


def rejected_candidates(row: Row, table: Table, rules: RuleSet, tax=None, n: int = 3) -> list[Rejected]:
    """The ``n`` closest standard concepts to an extension line, each with why it was rejected."""
    tax = tax or taxonomy_mod.load()
    out = []
    for name, source, similarity in candidates(row.full_label, rules, tax, n):
        concept = tax.concept(name.split(":")[-1])
        qname = concept.qname if concept is not None else name
        out.append(Rejected(qname, similarity, source, _why_not(concept, name, row, table, rules, tax)))
    return out


def _why_not(concept, name: str, row: Row, table: Table, rules: RuleSet, tax) -> str:
    local = name.split(":")[-1]
    printed = normalize(row.full_label)
    texts = [Reading(printed), *readings(printed)]
    for rule in rules.ordered():
        if rule.concept.split(":")[-1] != local:
            continue
        if not any(rules.accepts(rule, t.text, whole=bool(t.how)) for t in texts):
            continue  # the rule is for other wordings
        if rule.statement not in ("any", table.statement):
            return (f"rule {rule.source} takes this wording as it in {rule.statement} statements; "
                    f"this table reads as {table.statement}")
        if rule.section:
            where = ", ".join(f'"{s}"' for s in row.sections) or "no heading"
            return f'rule {rule.source} takes this wording as it only under a heading "{rule.section}"; ' \
                   f"the line stands under {where}"
    if concept is None:
        return "not in the taxonomy"
    wanted = "instant" if table.statement == "balance" else "duration"
    if concept.period_type != wanted and table.statement in ("balance", "income", "cashflow"):
        article = "an" if concept.period_type == "instant" else "a"
        return f"{article} {concept.period_type} concept; the {table.statement} table's figures are {wanted}s"
    from ..extension import row_item_type  # (only for explanations)
    held = row_item_type(row, table)
    kinds = {"monetary": "money", "shares": "shares", "perShare": "per-share amounts", "percent": "percentages"}
    if concept.item_type in kinds and held in kinds and concept.item_type != held:
        return f"holds {kinds[concept.item_type]}; the line holds {kinds[held]}"
    ours, theirs = label_words(row.full_label), label_words(concept.label)
    extra, missing = sorted(ours - theirs), sorted(theirs - ours)
    diff = "; ".join(part for part in (
        f"the line also says {', '.join(extra)}" if extra else "",
        f"the concept also says {', '.join(missing)}" if missing else "") if part)
    return f"no rule reads this wording as it ({diff or 'the words differ only in form'})"
