"""The ``--report`` document: every fact with where its number came from, every number that
became no fact with the reason, and the warnings."""
from __future__ import annotations

from .model import Fact, Instance, Unplaced


def _fact_entry(f: Fact) -> dict:
    p = f.context.period
    entry = {
        "concept": f.concept,
        "value": f.value if f.value != "" else None,
        "nil": f.value == "" and f.is_numeric,
        "unit": f.unit.id if f.unit else None,
        "decimals": f.decimals,
        "period": {"instant": p.end.isoformat()} if p.is_instant else
                  {"start": p.start.isoformat(), "end": p.end.isoformat()},
        "dims": {m.axis: m.member for m in f.context.dims},
        "context": f.context.id,
    }
    if f.provenance:
        pv = f.provenance
        entry["source"] = {"file": pv.source, "line": pv.line, "column": pv.column, "text": pv.text,
                           "label": pv.label, "rule": pv.rule}
        if pv.row is not None:  # HTML: the table, row and cell, 1-based
            entry["source"].update(table=pv.table, row=pv.row, cell=pv.cell)
        elif pv.table is not None:
            entry["source"]["table"] = pv.table
    return entry


def _unplaced_entry(u: Unplaced) -> dict:
    entry = {"text": u.text, "line": u.line, "column": u.column, "label": u.label, "reason": u.reason}
    if u.row is not None:
        entry.update(table=u.table, row=u.row, cell=u.cell)
    return entry


def _number(d) -> int | float | str:
    """A check's number for JSON: an integer or a decimal written as printed (no float error)."""
    return int(d) if d == d.to_integral_value() else str(d.normalize())


def _check_entry(c) -> dict:
    return {"kind": c.kind, "statement": c.statement, "table": c.table, "column": c.column + 1,
            "header": c.header, "period": c.period, "label": c.label, "line": c.line,
            "expected": _number(c.expected), "found": _number(c.found),
            "terms": [{"label": t.label, "line": t.line, "value": _number(t.value), "op": t.op} for t in c.terms],
            "difference": _number(c.difference), "tolerance": _number(c.tolerance), "held": c.held}


def _is_extension(f: Fact, instance: Instance) -> bool:
    return bool(instance.extension_prefix) and f.concept.startswith(instance.extension_prefix + ":")


def provenance_report(instance: Instance) -> dict:
    numeric = [f for f in instance.facts if f.is_numeric]
    return {
        "source": instance.source,
        "entity": {"identifier": instance.entity.identifier, "scheme": instance.entity.scheme,
                   "name": instance.entity.name},
        "summary": {
            "facts": len(instance.facts),
            "numeric_facts": len(numeric),
            "extension_concepts": len(instance.extension),
            # issue 5: how many numbers got a taxonomy concept, an extension concept, or were left out
            # for want of a mapping rule (with --no-extensions; they are listed under "unplaced")
            "mapped_numbers": sum(1 for f in numeric if not _is_extension(f, instance)),
            "extended_numbers": sum(1 for f in numeric if _is_extension(f, instance)),
            "left_out_numbers": sum(1 for u in instance.unplaced if u.reason.startswith("no mapping rule")),
            "unplaced_numbers": len(instance.unplaced),
            "warnings": len(instance.warnings),
            # issue 11: the statements' own arithmetic (exporter/checks.py)
            "checks_held": sum(1 for c in instance.checks if c.held),
            "checks_tried": len(instance.checks),
        },
        # issue 5: the company extension concepts the instance declares (beside it: OUT-ext.xsd)
        "extension": [{"concept": f"{instance.extension_prefix}:{c.name}", "kind": c.kind, "label": c.label,
                       "type": c.item_type, "period_type": c.period_type, "balance": c.balance,
                       "axis": c.axis, "total": c.parent, "weight": c.weight if c.parent else None}
                      for c in instance.extension],
        "facts": [_fact_entry(f) for f in instance.facts],
        "unplaced": [_unplaced_entry(u) for u in instance.unplaced],
        "checks": [_check_entry(c) for c in instance.checks],
        "warnings": list(instance.warnings),
    }
