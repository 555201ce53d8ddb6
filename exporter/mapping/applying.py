"""Rules applied to the tables' lines: each line's concept, its facts per column (sign, scale,
period and unit), the numbers that become no fact with the reason, and the decisions made.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from .. import taxonomy as taxonomy_mod
from ..model import (PURE, SHARES, Cell, Context, Entity, Fact, Period, Provenance, Row, Table, Unit,
                     Unplaced, currency_unit, decimal_lexical)
from ..extension import PER_SHARE_WORDS
from ..interpret.captions import names_statement
from ..signs import signed_value
from .reading import BASIC_OR_DILUTED
from .rules import MappingRule, RuleSet, label_words


@dataclass
class Decision:
    """What became of one line item (for ``mappings explain`` and the extension's arithmetic)."""

    table: Table
    row: Row
    rule: MappingRule | None  # None: no rule matched
    concept: str | None = None  # prefixed QName of the concept given to the line (None: left out)
    extension: bool = False  # the concept is a company extension concept
    facts: list[Fact | None] = field(default_factory=list)  # per column: the fact holding its value
    note: str = ""  # why the line was left out, when it was
    reading: str = ""  # how the label was read for its rule ("" as printed; see reading.readings)


@dataclass
class Mapped:
    """What mapping the tables gave: facts, unplaced numbers, warnings and the decisions made."""
    facts: list[Fact]
    unplaced: list[Unplaced]
    warnings: list[str]
    decisions: list[Decision]
    # company extension concepts given to lines (model.ExtensionConcept), in order of first use
    extension: list = field(default_factory=list)


NO_RULE = "no mapping rule for this line item"
PRIMARY = ("income", "balance", "cashflow")


SUPPLEMENTARY_ONLY = ("a figure of a supplementary (non-GAAP or metrics) table that the statements "
                      "do not show; left out rather than given a statement concept")


def apply(tables: list[Table], rules: RuleSet, entity: Entity, source: str, taxonomy=None,
          extensions=None) -> Mapped:
    """Facts for every line item a rule maps.  ``extensions`` (an ``extension.ExtensionBuilder``)
    turns lines no rule maps, and rules naming "ext:" concepts, into company extension concepts;
    without it such lines are left out (unplaced, with the reason)."""
    tax = taxonomy or taxonomy_mod.load()
    out = Mapped([], [], [], [])
    seen: dict[tuple, Fact] = {}
    seen_in: dict[tuple, tuple] = {}  # the table (its id) and section each seen fact came from
    statement_values: dict[tuple, set[str]] = {}  # (context, unit, value) -> concepts, from the statements
    contexts: dict[tuple, Context] = {}  # this call's contexts, by column (see _Line.fact)
    units: dict[tuple, Unit | None] = {}  # this call's units, by item type and currency
    for table in tables:
        supplementary = table.statement not in PRIMARY
        is_statement = table.role == "statement"
        for row in table.rows:
            # A supplementary table's lines are taken at their word: its figures under a statement
            # concept are kept only where they repeat the statements, and a re-read label would
            # turn its own measures ("Stock based compensation expenses" added back) into
            # statement concepts left out.
            found = rules.match_reading(row, table.statement, reread=table.role == "statement")
            if found is None and table.statement not in PRIMARY:
                # A line of a supplementary table ("Net loss" atop an EBITDA reconciliation) that
                # a statement's rule names is that concept, not a new extension concept.
                found = next((f for st in PRIMARY if (f := rules.match_reading(row, st, reread=False)) is not None),
                             None)
            rule, reading = found if found else (None, None)
            decision = Decision(table, row, rule, facts=[None] * len(row.cells),
                                reading=reading.how if reading else "")
            out.decisions.append(decision)
            concept, why = _concept_for(rule, row, table, rules, tax, extensions)
            if concept is not None and reading is not None:
                per_share = _per_share(concept, row, table, tax, reading.per_share)
                if per_share is None:  # (the reading that found the rule does not hold: no rule)
                    decision.rule = rule = None
                    concept, why = _concept_for(None, row, table, rules, tax, extensions)
                else:
                    concept = per_share
            if concept is not None:
                concept = _refine_total(concept, row, table, out.decisions, tax)
                concept = _refine_side(concept, row, table, out.decisions, tax)
                concept = _refine_classification(concept, row, table, out.decisions, tax,
                                                 reading.classification if reading else "")
            if concept is None:
                if why.startswith("rule names unknown concept"):
                    out.warnings.append(f"{rule.source}: concept {rule.concept} is not in the taxonomy")
                decision.note = why
                for cell in row.cells:
                    if cell is not None:
                        out.unplaced.append(_unplaced(cell, row, source, why))
                continue
            decision.concept = concept.qname
            decision.extension = extensions is not None and concept.prefix == extensions.prefix
            negate = rule.negate if rule else False
            origin = rule.source if rule else "extension (no mapping rule)"
            line = _Line(row, table, concept, negate, origin, entity, source, contexts, units)
            made = []
            columns = table.columns
            for k, cell in enumerate(row.cells):
                if cell is None:
                    continue
                fact, reason = line.fact(cell, columns[k] if k < len(columns) else None)
                made.append((k, cell, fact, reason))
            if extensions is not None and is_statement and not supplementary and not decision.extension \
                    and _conflicts(made, line, seen, seen_in, (id(table), row.sections, table.statement)):
                # Another line of the same statement already holds this concept with other numbers
                # ("Other current assets" and "Other long-term assets" both read as one rule's
                # concept): this line gets its own concept, named from its label, not dropped.
                concept = extensions.concept_for_row(table, row)
                decision.concept, decision.extension = concept.qname, True
                origin = "extension (its rule's concept holds another line's numbers)"
                line = _Line(row, table, concept, False, origin, entity, source, contexts, units)
                made = [(k, cell, *line.fact(cell, columns[k] if k < len(columns) else None)) for k, cell, _, _ in made]
            restated = _restates(made, table, row, statement_values, tax)
            unit_id = line.unit.id if line.unit else ""  # every fact of the line has its unit
            for k, cell, fact, reason in made:
                if fact is None:
                    out.unplaced.append(_unplaced(cell, row, source, reason))
                    continue
                if restated:
                    out.unplaced.append(_unplaced(cell, row, source, f"repeats the statements' {restated}"))
                    continue
                key = (fact.concept, fact.context.id, unit_id)
                earlier = seen.get(key)
                if earlier is None and (supplementary or (table.role == "segment" and not fact.context.dims)) \
                        and not decision.extension:
                    # A supplementary table (non-GAAP reconciliation, metrics) restates statement
                    # lines, often for other periods or on another basis ("adjusted"): its figure
                    # under a statement concept is kept only where it repeats the statements.
                    out.unplaced.append(_unplaced(cell, row, source, SUPPLEMENTARY_ONLY))
                    continue
                if earlier is not None:
                    same = earlier.value == fact.value or _rounds_equal(earlier, fact)
                    p = earlier.provenance
                    reason = (f"repeats the fact from line {p.line}" if same else
                              f"conflicts with {earlier.value} for {fact.concept} at line {p.line}; first kept")
                    if not same:
                        out.warnings.append(f"{source}:{cell.line}: {row.label}: {reason}")
                    else:
                        decision.facts[k] = earlier
                    out.unplaced.append(_unplaced(cell, row, source, reason))
                    continue
                seen[key] = fact
                seen_in[key] = (id(table), row.sections, table.statement)
                decision.facts[k] = fact
                out.facts.append(fact)
                if is_statement and fact.value:
                    statement_values.setdefault((key[1], unit_id, fact.value), set()).add(fact.concept)
    if extensions is not None:
        out.extension = extensions.concepts()
    return out


def withdraw(mapped: Mapped, found, source: str) -> None:
    """Take facts back out of what mapping gave, each reported with its reason (a warning, and
    its number in ``unplaced``): each of ``found`` names its ``decision``, ``column``, ``fact``
    and ``reason``, as the facts whose sign the statements' arithmetic contradicts do
    (``checks.SignDisagreement``)."""
    gone = set()
    for item in found:
        row, cell = item.decision.row, item.decision.row.cells[item.column]
        item.decision.facts[item.column] = None
        gone.add(id(item.fact))
        mapped.unplaced.append(_unplaced(cell, row, source, item.reason))
        mapped.warnings.append(f"{source}:{cell.line}: {row.label}: {item.reason}")
    mapped.facts[:] = [f for f in mapped.facts if id(f) not in gone]


def _conflicts(made: list, line, seen: dict, seen_in: dict, place: tuple) -> bool:
    """True when an earlier line of the same table and section, or of another kind of statement,
    holds this line's concept, in one of its contexts, with another value ("(Gain)/loss on
    investments" among a cash flow's adjustments, where the income statement's line of that name
    shows other figures).  A restatement of the same figures is no conflict; the figures of
    another table of the same kind (a summary) or section (a footnote's breakdown "Includes
    stock-based compensation: Cost of revenues 13") keep the usual first-kept handling."""
    unit_id = line.unit.id if line.unit else ""
    for _, _, fact, _ in made:
        if fact is None or not fact.value:
            continue
        key = (fact.concept, fact.context.id, unit_id)
        earlier = seen.get(key)
        if earlier is None or earlier.value == fact.value or _rounds_equal(earlier, fact):
            continue
        where = seen_in.get(key)
        if where == place or (where is not None and where[2] != place[2]):
            return True
    return False


def _restates(made: list, table: Table, row: Row, statement_values: dict, tax=None) -> str | None:
    """The statement concept a segment or supplementary table's line restates, if every one of
    its numbers is that concept's in the same period: a "Consolidated" block repeating the
    income statement under its own words ("Operating expenses" for what the statement's
    arithmetic calls CostsAndExpenses) adds nothing, and must not add a second name for it."""
    if (table.role == "statement" and names_statement(table.caption)) or row.dims:
        return None
    # A table taken for a statement whose caption names none (a summary, an uncaptioned
    # reconciliation) may hold its own lines whose figures happen to equal a statement's ("Total
    # equity and liabilities" and total assets): there a line restates a statement concept only
    # if its label also says what the concept's label says ("GAAP operating income").
    named_only = table.role == "statement"
    facts = [f for _, _, f, _ in made if f is not None and f.value and not f.context.dims]
    if len(facts) < 2:
        return None
    common: set[str] | None = None
    for f in facts:
        found = statement_values.get((f.context.id, f.unit.id if f.unit else "", f.value), set())
        common = found if common is None else common & found
        if not common:
            return None
    if facts[0].concept in common:
        return None  # the same concept: the usual duplicate handling applies
    if named_only:
        said = label_words(row.full_label)
        common = {c for c in common if (k := tax.concept(c.split(":")[-1])) is not None
                  and label_words(re.sub(r"\([^)]*\)", " ", k.label)) <= said}
    return sorted(common)[0] if common else None



COST_OF_REVENUE = {"CostOfRevenue", "CostOfGoodsAndServicesSold", "CostOfGoodsSold", "CostOfServices",
                   "CostOfGoodsAndServiceExcludingDepreciationDepletionAndAmortization"}


# where US-GAAP names the per-share twin otherwise: earnings per share are net income's
PER_SHARE_NAMES = {name: "EarningsPerShare{}" for name in (
    "NetIncomeLoss", "ProfitLoss", "NetIncomeLossAvailableToCommonStockholdersBasic",
    "NetIncomeLossAvailableToCommonStockholdersDiluted")}


def _per_share(concept, row: Row, table: Table, tax, said: str):
    """An income line read per share is its per-share concept: "Continuing operations" under
    "Income (loss) per share - diluted:" is IncomeLossFromContinuingOperationsPerDilutedShare.
    ``said`` is what the label's own words gave ("basic", "diluted", "per share"); the label and
    then the sections, nearest first, say basic or diluted.  A line without a per-share twin in
    the taxonomy keeps its concept."""
    if concept.item_type != "monetary" or table.statement not in ("income", "other"):
        return concept
    texts = [row.full_label, *reversed(row.sections)]
    if not said and not any(PER_SHARE_WORDS.search(t.lower()) for t in texts):
        return concept
    which = said if said in ("basic", "diluted", "basic and diluted") else next(
        (m.group(1).lower() for t in texts if (m := BASIC_OR_DILUTED.search(t))), "")
    if not which:
        return concept
    suffix = {"basic": "Basic", "diluted": "Diluted", "basic and diluted": "BasicAndDiluted"}[which]
    twin = tax.concept(PER_SHARE_NAMES.get(concept.name, concept.name + "Per{}Share").format(suffix))
    if twin is not None and twin.prefix == concept.prefix:
        return twin
    # a line read per share whose income line has no per-share concept is not that income line
    return None if said else concept


def _refine_total(concept, row: Row, table: Table, decisions: list, tax):
    """A total's concept by what it adds up, where a label cannot tell: "Total operating
    expenses" over a section that lists cost of sales is, in US-GAAP terms, CostsAndExpenses
    (OperatingExpenses excludes the cost of revenue)."""
    if concept.name != "OperatingExpenses" or not row.is_total:
        return concept
    for d in reversed(decisions[:-1]):
        if d.table is not table or d.row.sections != row.sections:
            break
        if d.concept and d.concept.split(":")[-1] in COST_OF_REVENUE:
            return tax.concept("CostsAndExpenses") or concept
    return concept


ASSETS_TOTAL = re.compile(r"^\s*total\s+assets\b", re.I)
_SIDE_WORDS = (("Liabilities", "Assets"), ("Liability", "Asset"))
SIDE_LABEL = re.compile(r"\b(assets?|liabilit(y|ies)|receivables?|payables?)\b", re.I)


def _refine_side(concept, row: Row, table: Table, decisions: list, tax):
    """A balance-sheet line whose rule names one side's concept but which stands on the other side
    ("Deferred income taxes" below "Total assets" is a liability, above it an asset) takes the
    other side's twin, where the taxonomy has it: DeferredIncomeTaxAssetsNet for
    DeferredIncomeTaxLiabilitiesNet."""
    if table.statement != "balance" or row.is_total or SIDE_LABEL.search(row.label):
        return concept  # (a label that names its side is taken at its word)
    if not any(ASSETS_TOTAL.match(r.label) for r in table.rows):
        return concept  # (no "Total assets" in the table: the side is not known)
    after_assets = False
    for d in reversed(decisions):  # (the rows above it in this table, nearest first)
        if d.table is not table:
            break
        if d.row is not row and ASSETS_TOTAL.match(d.row.label):
            after_assets = True
            break
    name = concept.name
    for liability, asset in _SIDE_WORDS:
        if after_assets and asset in name and concept.balance == "debit":
            twin = tax.concept(name.replace(asset, liability))
        elif not after_assets and liability in name and concept.balance == "credit":
            twin = tax.concept(name.replace(liability, asset))
        else:
            continue
        if twin is not None and twin.prefix == concept.prefix:
            return twin
    return concept


NONCURRENT_SECTION = re.compile(r"\bnon-?\s?current\b|\blong-term\b", re.I)
TOTAL_CURRENT = re.compile(r"^\s*total\s+current\s+(assets|liabilities)\b", re.I)
SIDE_TOTAL = re.compile(r"^\s*total\s+(assets|liabilities)\b", re.I)
SAYS_CURRENT = re.compile(r"\bcurrent\b", re.I)


def _refine_classification(concept, row: Row, table: Table, decisions: list, tax, said: str = ""):
    """A balance-sheet line whose label does not say "current" ("Deferred revenue", "Operating
    lease liabilities") is classified by where it stands: under a non-current or long-term
    heading, or after its side's "Total current ..." line and before the side's total, it is the
    non-current twin of the current (or unclassified) concept its rule names, where the taxonomy
    has both twins.  ``said`` is the class the label's own words gave ("long-term", "short-term":
    see ``reading.readings``); it wins over the position."""
    name = concept.name
    if table.statement != "balance" or name.endswith("Noncurrent") or SAYS_CURRENT.search(row.full_label) \
            or row.is_total:
        return concept  # (a total's concept is what it adds up: "Total assets" is Assets wherever it stands)
    if said == "current":
        current = None if name.endswith("Current") else tax.concept(name + "Current")
        return current if current is not None and current.prefix == concept.prefix else concept
    if name.endswith("Current"):
        twin = tax.concept(name[: -len("Current")] + "Noncurrent")
    else:  # an unclassified concept ("DeferredRevenue") whose classified pair the taxonomy has
        twin = tax.concept(name + "Noncurrent") if tax.concept(name + "Current") is not None else None
    if twin is None or twin.prefix != concept.prefix:
        return concept
    if said == "noncurrent":
        return twin
    if any(NONCURRENT_SECTION.search(s) for s in row.sections):
        return twin
    side = "liabilities" if concept.balance == "credit" else "assets"
    for d in reversed(decisions[:-1]):  # (the rows above it in this table, nearest first)
        if d.table is not table:
            break
        closing = SIDE_TOTAL.match(d.row.label)
        if closing and closing.group(1).lower() == side:
            return concept  # past the side's total: another side's line, as its rule says
        current = TOTAL_CURRENT.match(d.row.label)
        if current:
            return twin if current.group(1).lower() == side else concept
    return concept


def _concept_for(rule: MappingRule | None, row: Row, table: Table, rules: RuleSet, tax, extensions):
    """(taxonomy Concept or None, why not)."""
    if rule is None:
        if extensions is None:
            return None, NO_RULE + " (extension concepts are off)"
        if not any(c is not None and c.value is not None for c in row.cells):
            return None, NO_RULE + " (only dashes: no extension concept made)"
        if not re.search(r"[A-Za-z]", row.full_label):
            return None, NO_RULE + " (the line has no label to name an extension concept)"
        return extensions.concept_for_row(table, row), ""
    if rule.is_extension:
        local = rule.concept.split(":", 1)[1]
        decl = rules.concepts.get(local)
        if decl is None:
            return None, f"rule {rule.source} names undeclared extension concept {rule.concept}"
        if extensions is None:
            return None, f"rule {rule.source} maps to extension concept {rule.concept} (extension concepts are off)"
        return extensions.declared(decl), ""
    concept = tax.concept(rule.concept)
    if concept is None or concept.abstract:
        return None, f"rule names unknown concept {rule.concept}"
    return concept, ""


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


# An instant concept on a line saying so, in a duration column, is the instant before the period.
_AT_START = re.compile(r"\bbeginning\b|\bstart\b", re.I)
# The period of a fact, from its column's: as printed, the duration's end, the day before its start.
AS_PRINTED, END, DAY_BEFORE_START = 0, 1, 2


class _Line:
    """Facts for the cells of one mapped line: what its cells share (concept, unit, scale, the
    rule, the label) is worked out once per line, not per cell."""

    __slots__ = ("row", "label", "statement", "table_index", "concept", "qname", "period_type", "negate",
                 "origin", "entity", "source", "contexts", "item", "unit", "scale", "at_start", "dims")

    def __init__(self, row: Row, table: Table, concept, negate: bool, origin: str, entity: Entity, source: str,
                 contexts: dict[tuple, Context], units: dict[tuple, Unit | None]):
        self.row, self.label, self.statement, self.table_index = row, row.full_label, table.statement, table.index
        self.concept, self.qname, self.period_type = concept, concept.qname, concept.period_type
        self.negate, self.origin, self.entity, self.source, self.contexts = negate, origin, entity, source, contexts
        item = self.item = concept.item_type
        unit_key = (item, table.currency)
        if unit_key not in units:  # one object per unit, so its id is worked out once
            units[unit_key] = _unit_for(item, table)
        self.unit = units[unit_key]
        if item == "monetary":
            self.scale = table.scale
        elif item == "shares":
            self.scale = table.share_scale if table.share_scale is not None else table.scale
        elif item in ("percent", "pure", "perShare"):
            self.scale = 0  # a percent cell's own scale is -2 (see fact)
        else:
            self.scale = None  # not a numeric concept
        self.at_start = self.period_type == "instant" and _AT_START.search(self.label) is not None
        self.dims = tuple(row.dims)

    def fact(self, cell: Cell, column) -> tuple[Fact | None, str]:
        # (runs for every cell of every mapped line: attributes read once, the Fact made with
        # positional arguments, the context looked up here and made by _context only when new)
        if column is None or column.period is None:
            return None, "the column's heading gives no period"
        period = column.period
        at = AS_PRINTED
        period_type = self.period_type
        if period_type == "instant":
            if period.start is not None:
                # "Cash at beginning of period" in a cash-flow column: the instant before the duration.
                at = DAY_BEFORE_START if self.at_start else END
        elif period_type == "duration" and period.start is None:
            return None, f"{self.concept.name} is a duration concept but the column is an instant ({period})"
        printed = cell.value
        if printed is None:
            # a dash: printed, but no amount
            if self.unit is None:
                return None, f"a dash under non-numeric concept {self.concept.name}"
            value, decimals = "", None
        else:
            if cell.percent and self.item not in ("percent", "pure"):
                return None, f"a percentage; {self.concept.name} is not a percent concept"
            signed = signed_value(printed, self.concept, self.row, self.statement, self.negate)
            if self.scale is None:
                return None, f"{self.concept.name} is not a numeric concept"
            scale = -2 if cell.percent else self.scale  # (a percent cell is under a percent/pure concept)
            value, decimals = decimal_lexical(signed.scaleb(scale)), str(cell.decimals - scale)
        context = self.contexts.get((id(column), at, self.dims))
        if context is None:
            context = self._context(column, at)
        locator = cell.locator
        if locator:
            provenance = Provenance(self.source, cell.line, cell.column, cell.raw, self.label, locator[0], locator[1],
                                    locator[2], self.origin)
        else:
            provenance = Provenance(self.source, cell.line, cell.column, cell.raw, self.label, self.table_index, None,
                                    None, self.origin)
        return Fact(self.qname, context, value, self.unit, decimals, provenance), ""

    def _context(self, column, at: int) -> Context:
        # the column, how its period is read and the row's members make the context: one object
        # per column of this call (columns live as long as it does, so their ids stay theirs)
        period = column.period
        if at == DAY_BEFORE_START:
            period = Period.instant(period.start - timedelta(days=1))
        elif at == END:
            period = Period.instant(period.end)
        context = self.contexts[(id(column), at, self.dims)] = Context(entity=self.entity, period=period,
                                                                        dims=tuple(column.dims) + self.dims)
        return context


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


