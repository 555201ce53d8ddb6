"""Map table line items onto taxonomy concepts through rules kept as data.

A rule file is TOML (the defaults are ``taxonomy/mappings.toml``)::

    [[rule]]
    label = "General, administrative and patent costs"   # exact, case- and space-insensitive
    # pattern = '^general,? administrative'              # or a regular expression (re.search)
    statement = "income"                                 # optional: income | balance | cashflow | any
    section = "Costs and expenses"                       # optional: a heading above the line
    concept = "GeneralAndAdministrativeExpense"
    negate = false                                       # optional: printed with the opposite sign

Rules are ordered by specificity: an exact label with a section beats an exact label, which
beats a pattern with a section, which beats a pattern; among equals, user files (given later)
win over the defaults, and within a file the earlier rule wins.  Every fact records the rule
(file:line) that chose its concept, so ``mappings explain`` can say why.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from . import taxonomy as taxonomy_mod
from .model import (PURE, SHARES, Context, Entity, Fact, Period, Provenance, Unit, Unplaced,
                    currency_unit)
from .signs import signed_value
from .tables import Cell, Row, Table

STATEMENTS = ("income", "balance", "cashflow", "any")
DEFAULT_RULES = Path(__file__).resolve().parent.parent / "taxonomy" / "mappings.toml"


class MappingError(Exception):
    """A rule file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class MappingRule:
    concept: str
    label: str | None = None
    pattern: str | None = None
    statement: str = "any"
    section: str | None = None
    negate: bool = False
    source: str = ""  # file:line of the rule
    layer: int = 0  # 0 for the defaults, 1.. for user files in the order given

    @property
    def specificity(self) -> int:
        return (2 if self.label is not None else 0) + (1 if self.section else 0)

    @property
    def where(self) -> str:
        return self.source


@dataclass
class RuleSet:
    rules: list[MappingRule]
    _compiled: dict = field(default_factory=dict, repr=False)

    def ordered(self) -> list[MappingRule]:
        """Rules in the order they are tried (most specific first, user layers before defaults)."""
        return sorted(self.rules, key=lambda r: (-r.specificity, -r.layer))

    def match(self, row: Row, statement: str) -> MappingRule | None:
        candidates = [normalize(row.full_label)]
        if row.parent:
            candidates.append(normalize(row.label))
        sections = [normalize(s) for s in row.sections]
        if row.parent:
            sections.append(normalize(row.parent))
        for text in candidates:
            rule = self._first(text, sections, statement)
            if rule is not None:
                return rule
        return None

    def _first(self, text: str, sections: list[str], statement: str) -> MappingRule | None:
        for rule in self._order():
            if rule.statement not in ("any", statement):
                continue
            if rule.section and not any(_section_matches(rule.section, s) for s in sections):
                continue
            if rule.label is not None:
                if normalize(rule.label) == text:
                    return rule
            elif self._regex(rule).search(text):
                return rule
        return None

    def _order(self) -> list[MappingRule]:
        if "order" not in self._compiled:
            self._compiled["order"] = self.ordered()
        return self._compiled["order"]

    def _regex(self, rule: MappingRule) -> re.Pattern:
        rx = self._compiled.get(rule.pattern)
        if rx is None:
            rx = self._compiled[rule.pattern] = re.compile(rule.pattern, re.I)
        return rx


def _section_matches(wanted: str, section: str) -> bool:
    """A rule's section matches a heading that contains it as whole words ("per" in
    "net loss per common share", "costs and expenses" in "costs and expenses")."""
    w = normalize(wanted)
    return section == w or re.search(rf"(?<![\w']){re.escape(w)}(?![\w'])", section) is not None


def normalize(label: str) -> str:
    """Labels compare case- and space-insensitively, ignoring footnote marks and punctuation noise."""
    t = label.replace("’", "'").replace("‘", "'").replace("&", " and ").replace("\u00a0", " ")
    t = re.sub(r"\(\s*(?:\d{1,2}|[a-z]|\*+)\s*\)|\*+|†|‡", " ", t)
    t = re.sub(r"\s*/\s*", "/", t)
    t = re.sub(r"\s+", " ", t).strip().lower()
    return t.rstrip(":;,. ").strip()


# ---------------------------------------------------------------- loading rules

def load_rules(user_files: list[str | Path] = (), *, defaults: Path | None = DEFAULT_RULES) -> RuleSet:
    rules: list[MappingRule] = []
    files = ([defaults] if defaults else []) + [Path(f) for f in user_files]
    for layer, path in enumerate(files, 0 if defaults else 1):
        rules.extend(read_rule_file(path, layer))
    return RuleSet(rules)


def read_rule_file(path: Path, layer: int = 1) -> list[MappingRule]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise MappingError(f"{path}: cannot read mapping file ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise MappingError(f"{path}: mapping file is not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise MappingError(f"{path}: malformed TOML: {e}") from None
    lines = rule_lines(text)
    out = []
    for i, entry in enumerate(data.get("rule", [])):
        line = lines[i] if i < len(lines) else 0
        where = f"{path}:{line}"
        if not isinstance(entry, dict) or "concept" not in entry:
            raise MappingError(f"{where}: rule has no concept")
        if ("label" in entry) == ("pattern" in entry):
            raise MappingError(f"{where}: a rule needs exactly one of label or pattern")
        statement = entry.get("statement", "any")
        if statement not in STATEMENTS:
            raise MappingError(f"{where}: statement must be one of {', '.join(STATEMENTS)}, not {statement!r}")
        pattern = entry.get("pattern")
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as e:
                raise MappingError(f"{where}: invalid regular expression {pattern!r}: {e}") from None
        out.append(MappingRule(concept=str(entry["concept"]), label=entry.get("label"), pattern=pattern,
                               statement=statement, section=entry.get("section"),
                               negate=bool(entry.get("negate", False)), source=where, layer=layer))
    return out


def rule_lines(text: str) -> list[int]:
    """1-based line numbers of each ``[[rule]]`` header, in order."""
    return [i for i, line in enumerate(text.splitlines(), 1) if re.match(r"\s*\[\[\s*rule\s*\]\]", line)]


# ---------------------------------------------------------------- applying rules

@dataclass
class Mapped:
    facts: list[Fact]
    unplaced: list[Unplaced]
    warnings: list[str]
    # For ``mappings explain``: (table, row, rule or None)
    decisions: list[tuple[Table, Row, MappingRule | None]]


def apply(tables: list[Table], rules: RuleSet, entity: Entity, source: str, taxonomy=None) -> Mapped:
    tax = taxonomy or taxonomy_mod.load()
    out = Mapped([], [], [], [])
    seen: dict[tuple, Fact] = {}
    for table in tables:
        for row in table.rows:
            rule = rules.match(row, table.statement)
            out.decisions.append((table, row, rule))
            if rule is None:
                for k, cell in enumerate(row.cells):
                    if cell is not None:
                        out.unplaced.append(_unplaced(cell, row, source, "no mapping rule for this line item"))
                continue
            concept = tax.concept(rule.concept)
            if concept is None:
                out.warnings.append(f"{rule.source}: concept {rule.concept} is not in the taxonomy")
                for cell in row.cells:
                    if cell is not None:
                        out.unplaced.append(_unplaced(cell, row, source, f"rule names unknown concept {rule.concept}"))
                continue
            for k, cell in enumerate(row.cells):
                if cell is None:
                    continue
                column = table.columns[k] if k < len(table.columns) else None
                fact, reason = _fact(cell, row, table, column, concept, rule, entity, source)
                if fact is None:
                    out.unplaced.append(_unplaced(cell, row, source, reason))
                    continue
                key = (fact.concept, fact.context.id, fact.unit.id if fact.unit else "")
                earlier = seen.get(key)
                if earlier is not None:
                    same = earlier.value == fact.value or _rounds_equal(earlier, fact)
                    p = earlier.provenance
                    reason = (f"repeats the fact from line {p.line}" if same else
                              f"conflicts with {earlier.value} for {fact.concept} at line {p.line}; first kept")
                    if not same:
                        out.warnings.append(f"{source}:{cell.line}: {row.label}: {reason}")
                    out.unplaced.append(_unplaced(cell, row, source, reason))
                    continue
                seen[key] = fact
                out.facts.append(fact)
    return out


def _rounds_equal(a: Fact, b: Fact) -> bool:
    if a.decimals in (None, "INF") or b.decimals in (None, "INF") or not a.value or not b.value:
        return False
    d = min(int(a.decimals), int(b.decimals))
    q = Decimal(1).scaleb(-d)
    return Decimal(a.value).quantize(q) == Decimal(b.value).quantize(q)


def _unplaced(cell: Cell, row: Row, source: str, reason: str) -> Unplaced:
    loc = cell.locator or (None, None, None)
    return Unplaced(text=cell.raw, line=cell.line, column=cell.column, reason=reason, label=row.full_label,
                    source=source, table=loc[0], row=loc[1], cell=loc[2])


def _fact(cell: Cell, row: Row, table: Table, column, concept, rule: MappingRule, entity: Entity,
          source: str) -> tuple[Fact | None, str]:
    if column is None or column.period is None:
        return None, "the column's heading gives no period"
    period = column.period
    if concept.period_type == "instant" and not period.is_instant:
        # "Cash at beginning of period" in a cash-flow column: the instant before the duration.
        if re.search(r"\bbeginning\b|\bstart\b", row.full_label, re.I):
            period = Period.instant(period.start - timedelta(days=1))
        else:
            period = Period.instant(period.end)
    elif concept.period_type == "duration" and period.is_instant:
        return None, f"{concept.name} is a duration concept but the column is an instant ({period})"
    provenance = Provenance(source=source, line=cell.line, column=cell.column, text=cell.raw, label=row.full_label,
                            table=cell.locator[0] if cell.locator else table.index,
                            row=cell.locator[1] if cell.locator else None,
                            cell=cell.locator[2] if cell.locator else None, rule=rule.source)
    context = Context(entity=entity, period=period, dims=tuple(column.dims) + tuple(row.dims))
    item = concept.item_type
    if cell.value is None:
        # a dash: printed, but no amount
        unit, decimals = _unit_for(item, table), None
        if unit is None:
            return None, f"a dash under non-numeric concept {concept.name}"
        return Fact(concept=concept.qname, context=context, value="", unit=unit, decimals=None,
                    provenance=provenance), ""
    if cell.percent and item not in ("percent", "pure"):
        return None, f"a percentage; {concept.name} is not a percent concept"
    value = signed_value(cell.value, concept, row, table.statement, rule.negate)
    if item in ("monetary",):
        scale = table.scale
    elif item == "shares":
        scale = table.share_scale if table.share_scale is not None else table.scale
    elif item in ("percent", "pure"):
        scale = -2 if cell.percent else 0
    elif item == "perShare":
        scale = 0
    else:
        return None, f"{concept.name} is not a numeric concept"
    unit = _unit_for(item, table)
    amount = value.scaleb(scale)
    decimals = cell.decimals - scale
    return Fact(concept=concept.qname, context=context, value=_lexical(amount), unit=unit,
                decimals=str(decimals), provenance=provenance), ""


def _unit_for(item: str, table: Table) -> Unit | None:
    if item == "monetary":
        return currency_unit(table.currency)
    if item == "shares":
        return SHARES
    if item == "perShare":
        return Unit((f"iso4217:{table.currency}",), ("xbrli:shares",))
    if item in ("percent", "pure"):
        return PURE
    return None


def _lexical(value: Decimal) -> str:
    """A canonical decimal lexical form: no exponent, no trailing fraction zeros beyond need."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
