"""``xbrl-export mappings list | explain | check``: see, explain and check the mapping rules.

    mappings list [--concept NAME] [--mapping FILE]... [--format text|json]
    mappings explain RELEASE [--mapping FILE]... [--no-extensions] [--format text|json]
    mappings check FILE... [--format text|json]

``list`` prints the effective rules in the order they are tried; ``explain`` every line item of
every table with its section, the concept it got and the rule (file:line) that gave it, or
UNMAPPED with the closest candidates; ``check`` every problem of rule files with its line
number, exit 1 when there is an error.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from . import mapping
from .mapping.nearest import rejected_candidates


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("mappings", help="see, explain and check the label-to-concept mapping rules",
                              description="See, explain and check the label-to-concept mapping rules.")
    sub = p.add_subparsers(dest="mappings_command", metavar="SUBCOMMAND")
    p.set_defaults(func=lambda args: _usage(p))

    q = sub.add_parser("list", help="the effective rules, in the order they are tried",
                       description="The effective rules (defaults plus --mapping files), in the order they are tried.")
    q.add_argument("--concept", metavar="NAME", help="only rules giving this concept (e.g. Revenues or xe:Revenues)")
    _mapping_option(q)
    _format_option(q)
    q.set_defaults(func=run_list)

    q = sub.add_parser("explain", help="why each line item of a release got its concept",
                       description="Every line item of every table of RELEASE: its section, the concept it got "
                                   "and the rule (file:line) that gave it, or UNMAPPED with the closest candidates.")
    q.add_argument("release", metavar="RELEASE", help="a release file (text, HTML, Markdown, EDGAR .txt)")
    _mapping_option(q)
    q.add_argument("--no-extensions", action="store_true",
                   help="show unmapped lines as left out rather than as extension concepts")
    _format_option(q)
    q.set_defaults(func=run_explain)

    q = sub.add_parser("check", help="check rule files (exit 1 on any error)",
                       description="Check rule files: malformed TOML, unknown keys and concepts, invalid regular "
                                   "expressions, duplicate or shadowed rules, statements that conflict with "
                                   "their concept's period type.  Exit 1 on any error.")
    q.add_argument("files", nargs="+", metavar="FILE", help="TOML rule files (checked together)")
    _format_option(q)
    q.set_defaults(func=run_check)


def _mapping_option(p) -> None:
    p.add_argument("--mapping", action="append", default=[], metavar="FILE",
                   help="a TOML rule file layered over the defaults (repeatable; later files win ties)")


def _format_option(p) -> None:
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


def _usage(p) -> int:
    p.print_help(sys.stderr)
    return 2


def shown(path: str | Path) -> str:
    """A path as the user would type it: relative to the current folder when inside it."""
    text = str(path)
    try:
        rel = os.path.relpath(text)
    except ValueError:
        return text
    return rel if not rel.startswith("..") else text


def _where(rule: mapping.MappingRule) -> str:
    path, _, line = rule.source.rpartition(":")
    return f"{shown(path)}:{line}"


def _layer(rule: mapping.MappingRule) -> str:
    return "default" if rule.layer == 0 else f"user file {rule.layer}"


def _rule_json(rule: mapping.MappingRule) -> dict:
    path, _, line = rule.source.rpartition(":")
    entry = {"concept": rule.concept, "kind": rule.kind, "statement": rule.statement, "section": rule.section,
             "negate": rule.negate, "file": shown(path), "line": int(line) if line.isdigit() else None,
             "layer": rule.layer, "specificity": rule.specificity}
    if rule.label is not None:
        entry["label"] = rule.label
    if rule.pattern is not None:
        entry["pattern"] = rule.pattern
    return entry


def _emit(args, data, text_lines) -> None:
    if args.format == "json":
        sys.stdout.write(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write("".join(line + "\n" for line in text_lines))


# ---------------------------------------------------------------- list

def run_list(args) -> int:
    rules = mapping.load_rules(args.mapping)
    ordered = rules.ordered()
    if args.concept:
        wanted = args.concept.split(":")[-1].lower()
        exact = [r for r in ordered if r.concept.split(":")[-1].lower() == wanted]
        ordered = exact or [r for r in ordered if wanted in r.concept.lower()]
    lines = []
    for n, r in enumerate(ordered, 1):
        scope = [f"statement={r.statement}"] if r.statement != "any" else []
        if r.section:
            scope.append(f'section="{r.section}"')
        if r.negate:
            scope.append("negate")
        lines.append(f"{n:4d}  {r.concept:<50} {r.text}" + (f"  [{', '.join(scope)}]" if scope else "")
                     + f"  ({_where(r)}, {_layer(r)})")
    if not ordered:
        lines.append(f"no rule gives {args.concept}" if args.concept else "no rules")
    _emit(args, {"rules": [_rule_json(r) for r in ordered],
                 "concepts": [vars(d) for d in rules.concepts.values()]}, lines)
    return 0


# ---------------------------------------------------------------- explain

def explain(release: str | Path, mapping_files=(), *, extensions: bool = True) -> dict:
    """The explanation of one release as data (what ``--format json`` prints)."""
    from . import extension, sources, tables
    from .convert import entity_for  # (the package binds the name "convert" to the function)
    from . import taxonomy as taxonomy_mod

    tax = taxonomy_mod.load()
    doc = sources.load(release)
    found = tables.find(doc)
    rules = mapping.load_rules(mapping_files)
    entity = entity_for(doc.info, str(release))
    builder = (extension.ExtensionBuilder.for_company(doc.info.ticker, doc.info.company or entity.identifier)
               if extensions else None)
    mapped = mapping.apply(found, rules, entity, str(release), extensions=builder)
    out_tables: dict[int, dict] = {}
    counts = {"mapped": 0, "extension": 0, "unmapped": 0}
    for d in mapped.decisions:
        t = out_tables.get(id(d.table))
        if t is None:
            t = out_tables[id(d.table)] = {"index": d.table.index, "line": d.table.line, "caption": d.table.caption,
                                           "statement": d.table.statement, "rows": []}
        numbers = sum(1 for c in d.row.cells if c is not None)
        row = {"line": d.row.line, "label": d.row.full_label, "section": d.row.section,
               "sections": list(d.row.sections), "numbers": numbers, "concept": d.concept}
        if d.rule is not None:
            row["status"] = "mapped" if d.concept else "left out"
            row["rule"] = _rule_json(d.rule)
            if d.reading:
                row["reading"] = d.reading  # how the label was read for the rule
            others = [r for r in rules.matches(d.row, d.table.statement) if r is not d.rule]
            if others:
                row["overrides"] = [_rule_json(r) for r in others]
        else:
            row["status"] = "extension" if d.extension else "unmapped"
            row["candidates"] = [{"concept": c.concept, "from": c.source, "similarity": c.similarity,
                                  "rejected": c.reason}
                                 for c in rejected_candidates(d.row, d.table, rules, tax)]
        if d.note:
            row["note"] = d.note
        counts["mapped" if d.rule is not None and d.concept else "extension" if d.extension else "unmapped"] += 1
        t["rows"].append(row)
    return {"release": shown(release), "rule_files": [shown(mapping.DEFAULT_RULES)] + [shown(f) for f in mapping_files],
            "extension_prefix": builder.prefix if builder else None,
            "tables": list(out_tables.values()), "summary": counts}


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def run_explain(args) -> int:
    data = explain(args.release, args.mapping, extensions=not args.no_extensions)
    lines = [f"{data['release']}: rules from {', '.join(data['rule_files'])}"]
    for t in data["tables"]:
        caption = " ".join(t["caption"].split())
        lines.append("")
        lines.append(f"Table {t['index']} (line {t['line']}, {t['statement']}): {caption[:100]}")
        for row in t["rows"]:
            section = f"  [{row['section']}]" if row["section"] else ""
            lines.append(f"  line {row['line']:<5} {row['label']}{section}")
            if row["status"] in ("mapped", "left out"):
                r = row["rule"]
                layer = "default" if r["layer"] == 0 else f"user file {r['layer']}"
                what = f'label "{r["label"]}"' if "label" in r else f"pattern '{_short(r['pattern'])}'" \
                    if "pattern" in r else "fallback"
                head = f"-> {row['concept']}" if row["concept"] else f"-> left out ({row.get('note', '')})"
                lines.append(f"             {head}  by rule {r['file']}:{r['line']} ({layer}, {what})")
                if "reading" in row:
                    lines.append(f"             (label read {row['reading']})")
                for o in row.get("overrides", []):
                    olayer = "default" if o["layer"] == 0 else f"user file {o['layer']}"
                    lines.append(f"             (beats {o['file']}:{o['line']} -> {o['concept']}, {olayer})")
            else:
                fate = f"-> extension concept {row['concept']}" if row["status"] == "extension" else \
                    f"-> left out ({row.get('note', 'no rule')})"
                lines.append(f"             UNMAPPED {fate}")
                if not row["candidates"]:
                    lines.append("             closest: none")
                for c in row["candidates"]:
                    lines.append(f"             closest: {c['concept']} ({c['similarity']:.2f}, {c['from']}): "
                                 f"not taken: {c['rejected']}")
    s = data["summary"]
    lines.append("")
    lines.append(f"{s['mapped']} line items mapped by rules, {s['extension']} given extension concepts, "
                 f"{s['unmapped']} unmapped")
    _emit(args, data, lines)
    return 0


# ---------------------------------------------------------------- check

def run_check(args) -> int:
    files = mapping.check_files(args.files)
    problems = [p for rf in files for p in rf.problems]
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    lines = [str(p).replace(p.path, shown(p.path), 1) for p in problems]
    rules = sum(len(rf.rules) for rf in files)
    lines.append(f"{len(files)} file(s), {rules} rule(s): {errors} error(s), {warnings} warning(s)")
    data = {"files": [{"file": shown(rf.path), "rules": len(rf.rules), "concepts": sorted(rf.concepts),
                       "problems": [{"line": p.line, "severity": p.severity, "code": p.code, "message": p.message}
                                    for p in rf.problems]} for rf in files],
            "errors": errors, "warnings": warnings}
    _emit(args, data, lines)
    return 1 if errors else 0
