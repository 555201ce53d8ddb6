"""Problems across the rules of a set: concepts that do not exist or do not fit, period
conflicts, duplicate and shadowed rules (a pattern's finite language tells when one covers another).
"""
from __future__ import annotations

import re

from .rules import EXT_PREFIX, DeclaredConcept, MappingRule, Problem, normalize, section_matches


def _line_of(rule: MappingRule) -> tuple[str, int]:
    path, _, line = rule.source.rpartition(":")
    return path, int(line) if line.isdigit() else 0


def concept_problems(rules: list[MappingRule], declared: dict[str, DeclaredConcept], tax, shown: str) -> list[Problem]:
    out = []
    for rule in rules:
        path, line = _line_of(rule)
        prefix, _, local = rule.concept.rpartition(":")
        if prefix == EXT_PREFIX:
            if local not in declared:
                out.append(Problem(path, line, "error", "undeclared-extension",
                                   f"extension concept {rule.concept} is not declared: add a [[concept]] with "
                                   f'name = "{local}", type, period_type and label'))
            continue
        concept = tax.concept(rule.concept)
        if concept is None:
            import difflib  # only for hints

            names = difflib.get_close_matches(local, list(tax.concepts), n=2, cutoff=0.75)
            hint = f" (did you mean {' or '.join(names)}?)" if names else ""
            out.append(Problem(path, line, "error", "unknown-concept",
                               f"concept {rule.concept} is not in the taxonomy{hint}"))
        elif concept.abstract:
            out.append(Problem(path, line, "error", "unknown-concept",
                               f"concept {rule.concept} is an abstract heading and cannot hold a value"))
    return out


_PERIOD_EDGE = re.compile(r"\b(beginning|end|start|opening|closing)\b", re.I)


def period_conflicts(rules: list[MappingRule], declared: dict[str, DeclaredConcept], tax) -> list[Problem]:
    """A balance-sheet line is an instant; an income-statement line a duration.  A cash-flow
    statement holds durations, except the cash balances "at beginning/end of period"."""
    out = []
    for rule in rules:
        prefix, _, local = rule.concept.rpartition(":")
        if prefix == EXT_PREFIX:
            decl = declared.get(local)
            period = decl.period_type if decl else None
        else:
            concept = tax.concept(rule.concept)
            period = concept.period_type if concept and not concept.abstract else None
        if period is None or rule.statement == "any":
            continue
        what = rule.label or rule.pattern or ""
        conflict = ((rule.statement == "balance" and period == "duration")
                    or (rule.statement == "income" and period == "instant")
                    or (rule.statement == "cashflow" and period == "instant" and not _PERIOD_EDGE.search(what)))
        if conflict:
            path, line = _line_of(rule)
            shown = "a balance sheet holds instants" if rule.statement == "balance" else \
                f"a {rule.statement} statement reports durations"
            out.append(Problem(path, line, "error", "period-conflict",
                               f"statement = \"{rule.statement}\" but {rule.concept} is a {period} concept ({shown})"))
    return out


def overlaps(rules: list[MappingRule]) -> list[Problem]:
    """Rules of one file that can never win: an identical earlier rule (duplicate), or one tried
    before it that matches every line it matches (shadowed)."""
    ordered = sorted(rules, key=lambda r: -r.specificity)
    out = []
    for j, b in enumerate(ordered):
        texts = _texts_of(b)
        for a in ordered[:j]:
            if not _scope_covers(a, b) or not _match_covers(a, b, texts):
                continue
            path, line = _line_of(b)
            same = (a.kind == b.kind and _match_key(a) == _match_key(b) and a.statement == b.statement
                    and normalize(a.section or "") == normalize(b.section or ""))
            if same:
                what = "the same concept" if a.concept == b.concept else f"{a.concept}, not {b.concept}"
                out.append(Problem(path, line, "error", "duplicate",
                                   f"duplicate rule: the rule at line {_line_of(a)[1]} matches the same lines and "
                                   f"wins ({what})"))
            else:
                out.append(Problem(path, line, "error", "shadowed",
                                   f"rule never applies: the rule at line {_line_of(a)[1]} ({a.text} -> {a.concept}) "
                                   f"is tried first and matches every line this one matches"))
            break
    return out


def _match_key(rule: MappingRule) -> str:
    return normalize(rule.label) if rule.label is not None else rule.pattern or ""


def _scope_covers(a: MappingRule, b: MappingRule) -> bool:
    if a.statement not in ("any", b.statement):
        return False
    if not a.section:
        return True
    return bool(b.section) and section_matches(a.section, normalize(b.section))


def _texts_of(rule: MappingRule) -> list[str] | None:
    """The normalised labels a rule matches, when that is a small finite set."""
    if rule.label is not None:
        return [normalize(rule.label)]
    if rule.pattern is not None:
        return finite_language(rule.pattern)
    return None


def _match_covers(a: MappingRule, b: MappingRule, texts: list[str] | None) -> bool:
    """Does rule a match every label rule b matches?  (texts: b's finite language, if known)"""
    if a.kind == "fallback":
        return True
    if b.kind == "fallback":
        return False
    if b.pattern is not None and a.pattern == b.pattern:
        return True
    if not texts:
        return False
    if a.label is not None:
        return all(t == normalize(a.label) for t in texts)
    rx = re.compile(a.pattern, re.I)
    return all(rx.search(t) for t in texts)


def finite_language(pattern: str, limit: int = 400) -> list[str] | None:
    """Every string a fully anchored pattern (``^...$``) matches, when they are few (literals,
    alternatives, optional parts, small character classes); None otherwise."""
    try:
        from re import _parser as sre_parse  # the parser behind re.compile
        parsed = sre_parse.parse(pattern, re.I)
    except Exception:  # noqa: BLE001 - any parser change or error: not analysable
        return None
    c = sre_parse
    begin, end = "\x02", "\x03"

    def seq(items) -> list[str] | None:
        results = [""]
        for op, av in items:
            opts = one(op, av)
            if opts is None:
                return None
            results = [r + o for r in results for o in opts]
            if len(results) > limit:
                return None
        return results

    def one(op, av) -> list[str] | None:
        if op is c.LITERAL:
            return [chr(av).lower()]
        if op is c.AT:
            if av is c.AT_BEGINNING or av is c.AT_BEGINNING_STRING:
                return [begin]
            if av is c.AT_END or av is c.AT_END_STRING:
                return [end]
            return None
        if op is c.SUBPATTERN:
            return seq(av[-1])
        if op is c.BRANCH:
            out: list[str] = []
            for branch in av[1]:
                got = seq(branch)
                if got is None:
                    return None
                out.extend(got)
            return out
        if op is c.IN:
            chars = []
            for kind, value in av:
                if kind is c.LITERAL:
                    chars.append(chr(value).lower())
                elif kind is c.RANGE and value[1] - value[0] < 10:
                    chars.extend(chr(x).lower() for x in range(value[0], value[1] + 1))
                else:
                    return None
            return sorted(set(chars))
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            lo, hi, body = av
            if hi > 3:
                return None
            inner = seq(body)
            if inner is None:
                return None
            out = []
            for n in range(lo, hi + 1):
                acc = [""]
                for _ in range(n):
                    acc = [x + y for x in acc for y in inner]
                out.extend(acc)
            return out
        return None

    strings = seq(list(parsed))
    if strings is None:
        return None
    result = []
    for s in strings:
        if not (s.startswith(begin) and s.endswith(end)) or begin in s[1:] or end in s[:-1]:
            return None
        result.append(s[1:-1])
    return sorted(set(result))
