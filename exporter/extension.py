"""Company extension concepts: lines no rule maps become concepts of a schema written beside the
instance, so no number is lost.

    builder = ExtensionBuilder.for_company(ticker, company)   # prefix "bsmd"
    mapped = mapping.apply(tables, rules, entity, source, extensions=builder)
    ext = builder.finish(mapped.decisions, facts)             # Extension: concepts + calc arcs
    files = attach(instance, Path("OUT.xml"))                 # OUT-ext.xsd, -lab.xml, -cal.xml, -def.xml
    write_all({**files, Path("OUT.xml"): render(instance)})   # all or nothing

A line item becomes an item concept: its name is the label in UpperCamelCase, its period type the
table's (a balance sheet holds instants), its item type the row's (money, shares, per share,
percent), its balance from the statement section (assets debit, liabilities and equity credit,
costs and expenses debit, revenues credit) or, better, from the calculation it takes part in.
The extension's values are stored as printed (their meaning is the line's, sign included).

Calculations: the extension's calculation linkbase holds the table's own arithmetic, and only
what checks out.  A total ("Total costs and expenses", "Loss from operations", a row shallower
than the rows above it) is tried against the lines above it that no earlier total took, the
nearest first, with weights +1/-1; a relationship is kept only when it holds in every column of
the table in XBRL 2.1 terms (c10: each item rounded to its decimals, the sum to the total's; and
Calculation 1.1 rounding).  The relationships go into the base taxonomy's statement roles, so
they join its arcs for the same totals; the union is then checked against every fact of the
instance, and a total whose union does not add up loses our arcs.  Arcs whose weight would
contradict the concepts' balances (XBRL 2.1 5.1.1.2) are not written either.

Dimension members (``add_member``) join their axis' domain through a definition linkbase in the
taxonomy's segments role; extension line items reported with members join its line items.

The extension also carries the release's own presentation (``exporter.presentation``): its
statements' roles, their headings as abstract concepts, and the labels the release prints, so an
instance's statements read like the release (written whenever the instance has a layout, with or
without extension concepts).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from itertools import product
from pathlib import Path

from . import presentation
from . import taxonomy as taxonomy_mod
from .files import write_files
from .model import ConvertError, ExtensionArc, ExtensionConcept, Fact, Instance

RESERVED_PREFIXES = {"xe", "xbrli", "link", "xlink", "xsi", "xs", "xsd", "iso4217", "xbrldi", "xbrldt", "xml",
                     "ext", "dei", "us-gaap"}
STATEMENT_ROLES = {"income": "IncomeStatement", "balance": "BalanceSheet", "cashflow": "CashFlow"}
_COMPANY_SUFFIX = re.compile(r"[,.]?\s+(inc|incorporated|corp|corporation|co|company|ltd|limited|plc|llc|lp|"
                             r"holdings?|group|n\.?v|s\.?a|ag)\.?$", re.I)
TOTAL_LABEL = re.compile(r"^(total|subtotal|net|gross)\b|^(income|loss|earnings|profit|\(loss\)|\(income\))\b|"
                         r"\b(before|after) (provision for )?(income )?tax|\bend of (the )?(period|year|quarter)\b",
                         re.I)
MAX_CHILDREN = 12  # lines tried under one total
MAX_FREE_WEIGHTS = 6  # children whose weight is searched (not implied by balances): 2**6 sign choices at most per
# total (10 made a long flattened table of unknown-balance lines take 37 s; no release needs more than a few)


@dataclass
class Extension:
    """A company extension: its prefix and namespace, the concepts and calculation arcs it declares."""
    prefix: str
    namespace: str
    concepts: list[ExtensionConcept]
    arcs: list[ExtensionArc]
    warnings: list[str] = field(default_factory=list)


def company_prefix(ticker: str | None, company: str | None) -> str:
    """The extension's namespace prefix: the ticker, else the company's name, lower case."""
    base = ticker or ""
    if not re.search(r"[A-Za-z]", base):
        name = company or ""
        while _COMPANY_SUFFIX.search(name):
            name = _COMPANY_SUFFIX.sub("", name)
        base = name
    prefix = re.sub(r"[^a-z0-9]", "", base.lower())[:20]
    if not prefix or not prefix[0].isalpha():
        prefix = "co" + prefix
    if prefix in RESERVED_PREFIXES or prefix.startswith("xml"):
        prefix = prefix + "co"
    return prefix


GENERIC_LABEL = re.compile(r"^(total|subtotal|other|all other|other,? net|net|balance|amount)$", re.I)
BALANCE_LINE = re.compile(r"\b(beginning|end|ending|start|close|opening|closing) (of )?(the )?(period|year|quarter|month)s?\b|"
                          r"\b(beginning|ending|opening|closing) balances?\b|\bbalances?,? (beginning|end)\b", re.I)
MAX_NAME_WORDS = 12


# concept_name's steps (a pattern each, compiled once: every extension line is named)
_PARENTHESES = re.compile(r"\([^()]*\)")
_FIGURES_CLAUSE = re.compile(r"[;:]|,(?=[^,]*\d)")
_LETTER = re.compile(r"[A-Za-z]")
_FOOTNOTE_MARKS = re.compile(r"(\s*(\(\s*(\d{1,2}|[a-z]|\*+)\s*\)|\*+|†|‡))+\s*:?\s*$")
_ACRONYM_DOT = re.compile(r"(?<=\b[A-Za-z])\.(?=[A-Za-z]\b)")
_NAME_WORD = re.compile(r"[A-Za-z0-9]+")


# short words of upper-case labels that are words, not acronyms
SHORT_WORDS = frozenset("NET AND FOR THE TAX OF IN ON TO PER DUE NEW OLD ALL BY AT OR NON PRE END OUT".split())


def concept_name(label: str, suffix: str = "") -> str:
    """UpperCamelCase from a label: "General, administrative and patent costs" ->
    "GeneralAdministrativeAndPatentCosts" (acronyms kept: "U.S. revenue" -> "USRevenue").
    Details that make names unwieldy go: parentheses, a clause with figures after a comma
    ("Common stock, $0.00001 par value; 50,400,000 shares authorized" -> "CommonStock")."""
    text = label.replace("&", " and ").replace("'", "").replace("’", "")
    short = _PARENTHESES.sub(" ", text)
    short = _FIGURES_CLAUSE.split(short)[0]
    if _LETTER.search(short):
        text = short
    text = _FOOTNOTE_MARKS.sub("", text)
    text = _ACRONYM_DOT.sub("", text)  # U.S. -> US
    words = _NAME_WORD.findall(text)[:MAX_NAME_WORDS]
    if len(words) > 1 and not any(c.islower() for c in label):
        # an upper-case label ("TOTAL EQUITY/CAPITAL") reads as words, its short ones as acronyms
        words = [w.capitalize() if len(w) > 3 or w in SHORT_WORDS else w for w in words]
    name = "".join(w[0].upper() + w[1:] for w in words) or "LineItem"
    if not name[0].isalpha():
        name = "Line" + name
    return name[:120] + suffix


PER_SHARE_WORDS = re.compile(r"\bper (basic |diluted |common |ordinary )*(share|unit|ads)\b|\beps\b|"
                             r"\bdividends? declared per\b")
SHARES_LABEL = re.compile(r"\bshares\b|\bshare count\b|\bunits outstanding\b")
WEIGHTED_SHARES = re.compile(r"\bweighted[- ]average\b.*\bshares\b")


def row_item_type(row, table) -> str:
    """monetary, shares, perShare or percent, from what the row says about itself."""
    cells = [c for c in row.cells if c is not None and c.value is not None]
    if cells and all(c.percent for c in cells):
        return "percent"
    text = " ".join([row.full_label, *row.sections]).lower()
    if PER_SHARE_WORDS.search(text):
        return "perShare"
    if SHARES_LABEL.search(label_head(row.full_label).lower()) or WEIGHTED_SHARES.search(text):
        return "shares"
    return "monetary"


_DETAIL_CLAUSE = re.compile(r"[;:]|,(?=[^,]*\d)|\s[-–—]\s")


CURRENT_SECTION = re.compile(r"(?<![\w-])current (assets|liabilities)\b", re.I)
NONCURRENT_SECTION = re.compile(r"\b(non-?\s?current|long-term) (assets|liabilities)\b", re.I)


def balance_name_suffix(name: str, row) -> str:
    """What US-GAAP's names add to a balance-sheet line: its class ("...Current" under "Current
    assets", "...Noncurrent" under "Non-current liabilities") and "Value" for a class of stock
    ("Series A common stock" is SeriesACommonStockValue)."""
    section = row.sections[-1] if row.sections else ""
    if name.endswith("Stock"):
        return "Value"
    if "Current" in name:
        return ""
    if NONCURRENT_SECTION.search(section):
        return "Noncurrent"
    if CURRENT_SECTION.search(section):
        return "Current"
    return ""


def label_head(label: str) -> str:
    """The words a line is named by, without the details a money line gives after a comma,
    dash or semicolon ("Common stock, $0.01 par value, 4.3 billion shares outstanding" is
    "Common stock": a money line that mentions its shares)."""
    head = _DETAIL_CLAUSE.split(label)[0]
    return head if _LETTER.search(head) else label


CREDIT_BALANCE_WORDS = re.compile(r"\bliabilit|\bequity\b|\bpayable\b|\bdeficit\b")
DEBIT_BALANCE_WORDS = re.compile(r"\bassets?\b|\breceivable\b|\binventor")
NET_AMOUNT_WORDS = re.compile(r"\bincome\b.*\bexpense|\bexpense\b.*\bincome\b|\bnet\b")
COST_HEADING_WORDS = re.compile(r"\b(costs?|expenses?)\b")
COST_LABEL_WORDS = re.compile(r"\b(costs?|expenses?|charges?|impairments?|amortization|depreciation|write-?downs?)\b")
REVENUE_LABEL_WORDS = re.compile(r"\b(revenues?|sales|fees|royalt(y|ies)|income|gains?)\b")


def guess_balance(row, table) -> str | None:
    """Debit or credit from the statement section and the label, where that is clear."""
    heads = " / ".join(s.lower() for s in row.sections)
    label = row.full_label.lower()
    if table.statement == "balance":
        for text in (label, heads):
            if CREDIT_BALANCE_WORDS.search(text):
                return "credit"
            if DEBIT_BALANCE_WORDS.search(text):
                return "debit"
        return None
    if table.statement == "income":
        if NET_AMOUNT_WORDS.search(label):
            return None  # a net amount that can go either way
        if COST_HEADING_WORDS.search(heads) or COST_LABEL_WORDS.search(label):
            return "debit"
        if REVENUE_LABEL_WORDS.search(label):
            return "credit"
    return None


_SPACES = re.compile(r"\s+")

# Cash-flow lines.  A careful filer gives an investing or financing outflow ("Debt repayments (70)",
# "Capital expenditures (19)") a payments concept: a credit balance, the amount positive.  A net
# line ("Other, net", "Proceeds from (repayments of) debt, net") keeps its printed sign.
INVESTING_OR_FINANCING = re.compile(r"\b(investing|financing)\b", re.I)
NOT_A_PAYMENT = re.compile(r"\bproceeds\b|\beffects? of\b|\bexchange rates?\b|\bcash equivalents\b", re.I)
NET_LINE = re.compile(r"^(net|total|other)\b|\bnet$", re.I)
# ... unless its words name a payment ("Dividends paid and distributions, net")
PAYMENT_WORDS = re.compile(r"\b(payments?|repayments?|purchases?|acquisitions?|capital expenditures|dividends paid|"
                           r"repurchases?|redemptions?|investments? in|withholdings?)\b", re.I)
# Gains and losses among the adjustments to net income: income items (credit), printed as their
# cash effect ("Gain on sale of investments (821)" is a gain of 821).
GAIN_LOSS_LINE = re.compile(r"^(net )?((realized|unrealized|recognized)( and (realized|unrealized))? )?"
                            r"\(?(gains?|loss(es)?)\)?\b|^equity in (the )?(net )?(earnings|losses|loss|income)\b", re.I)
NOT_GAIN_LOSS = re.compile(r"\bimpairment|\bwrite|\bprovision|\ballowance|\bcredit loss|\btax", re.I)


def is_outflow_line(row) -> bool:
    """An investing or financing line printed as an outflow in every column that has a number,
    and not a net line."""
    if row.is_total or not any(INVESTING_OR_FINANCING.search(s) for s in row.sections):
        return False
    label = row.full_label.strip()
    if NOT_A_PAYMENT.search(label) or (NET_LINE.search(label) and not PAYMENT_WORDS.search(label)):
        return False
    values = [c.value for c in row.cells if c is not None and c.value is not None and c.value != 0]
    return bool(values) and all(v < 0 for v in values)


class ExtensionBuilder:
    """Collects the extension concepts of one release while its lines are mapped."""

    def __init__(self, prefix: str, taxonomy=None):
        if not re.match(r"^[a-z][a-z0-9]*$", prefix) or prefix in RESERVED_PREFIXES:
            raise ValueError(f"unusable extension prefix {prefix!r}")
        self.prefix = prefix
        self.tax = taxonomy or taxonomy_mod.load()
        self._concepts: dict[str, ExtensionConcept] = {}
        self._declared: set[str] = set()
        self._signs: dict[str, str] = {}

    @classmethod
    def for_company(cls, ticker: str | None, company: str | None, taxonomy=None) -> "ExtensionBuilder":
        return cls(company_prefix(ticker, company), taxonomy)

    # ----------------------------------------------------------- concepts

    def concept_for_row(self, table, row) -> taxonomy_mod.Concept:
        """The extension concept for a line no rule maps (the same one for the same line)."""
        item_type = row_item_type(row, table)
        periods = [table.columns[k].period for k, c in enumerate(row.cells)
                   if c is not None and k < len(table.columns) and table.columns[k].period is not None]
        instant = (table.statement == "balance" or (periods and all(p.is_instant for p in periods))
                   or (table.statement == "cashflow" and bool(BALANCE_LINE.search(row.full_label))))
        period_type = "instant" if instant else "duration"
        balance = guess_balance(row, table) if item_type == "monetary" else None
        sign = "signed"  # stored as printed: the concept means the line as shown
        if item_type == "monetary" and period_type == "duration" and table.statement == "cashflow":
            if is_outflow_line(row):
                balance, sign = "credit", "magnitude"  # a payment: declared as one, stored positive
            elif GAIN_LOSS_LINE.search(row.full_label) and not NOT_GAIN_LOSS.search(row.full_label):
                balance = "credit"  # a gain or loss among the adjustments: signs.signed_value turns it
        label = _SPACES.sub(" ", row.full_label).strip().rstrip(":")
        named = label
        if GENERIC_LABEL.match(label) and row.sections:  # "Total" under "Revenues" -> RevenuesTotal
            named = f"{row.sections[-1]} {label}"
        base = concept_name(named)
        if table.statement == "balance" and item_type == "monetary":
            base += balance_name_suffix(base, row)
        for n in range(1, 100):
            name = base if n == 1 else f"{base}{n}"
            found = self._concepts.get(name)
            if found is None:
                self._concepts[name] = ExtensionConcept(name=name, item_type=item_type, period_type=period_type,
                                                        balance=balance, label=label)
                self._signs[name] = sign
                break
            if name not in self._declared and found.kind == "item" and \
                    (found.item_type, found.period_type) == (item_type, period_type) and \
                    self._signs.get(name) == sign:
                break
        return self._concept(self._concepts[name])

    def declared(self, decl) -> taxonomy_mod.Concept:
        """The concept a rule file declared with ``[[concept]]`` (mapping.DeclaredConcept)."""
        found = self._concepts.get(decl.name)
        if found is None or decl.name not in self._declared:
            self._concepts[decl.name] = ExtensionConcept(name=decl.name, item_type=decl.item_type,
                                                         period_type=decl.period_type, balance=decl.balance,
                                                         label=decl.label)
            self._declared.add(decl.name)
            self._signs[decl.name] = decl.sign
        return self._concept(self._concepts[decl.name])

    def add_member(self, label: str, axis: str) -> str:
        """A company member of one of the taxonomy's axes ("xe:ProductOrServiceAxis"); returns
        its QName for contexts.  Raises ValueError for an axis the taxonomy does not have."""
        if self.tax.axis(axis) is None:
            raise ValueError(f"{axis} is not an axis of the taxonomy")
        qaxis = axis if ":" in axis else f"{taxonomy_mod.PREFIX}:{axis}"
        name = concept_name(re.sub(r"\bmember\b", "", label, flags=re.I))
        name = name if name.endswith("Member") else name + "Member"
        for n in range(1, 100):
            candidate = name if n == 1 else name[:-6] + f"{n}Member"
            found = self._concepts.get(candidate)
            if found is None:
                self._concepts[candidate] = ExtensionConcept(name=candidate, item_type="domain",
                                                             period_type="duration", balance=None,
                                                             label=label.strip(), kind="member", axis=qaxis)
                return f"{self.prefix}:{candidate}"
            if found.kind == "member" and found.axis == qaxis and found.label == label.strip():
                return f"{self.prefix}:{candidate}"
        raise ValueError(f"too many members named like {label!r}")

    def concepts(self) -> list[ExtensionConcept]:
        return list(self._concepts.values())

    def _concept(self, ec: ExtensionConcept) -> taxonomy_mod.Concept:
        return taxonomy_mod.Concept(name=ec.name, item_type=ec.item_type, period_type=ec.period_type,
                                    balance=ec.balance, abstract=False, label=ec.label, terse_label=None,
                                    negated_label=None, sign=self._signs.get(ec.name, "signed"), prefix=self.prefix)

    # ----------------------------------------------------------- the result

    def finish(self, decisions, facts: list[Fact], members=()) -> Extension:
        """The extension for the release: the concepts facts use (and the members their contexts
        use; ``members`` adds ExtensionConcepts of kind "member" made elsewhere, e.g. by
        exporter.segments), and the calculation arcs the tables' arithmetic proves, checked
        against all ``facts`` of the instance."""
        contexts = {id(f.context): f.context for f in facts}.values()  # the few the facts share
        used = {f.concept for f in facts}
        used.update(m.member for c in contexts for m in c.dims)
        pool = dict(self._concepts)
        for m in members:
            pool.setdefault(m.name, m)
        concepts = [c for c in pool.values() if f"{self.prefix}:{c.name}" in used]
        ext = Extension(self.prefix, extension_namespace(self.prefix, facts), concepts, [])
        if any(c.kind == "item" for c in concepts):
            balances = {f"{self.prefix}:{c.name}": c for c in concepts if c.kind == "item"}
            found = table_arithmetic(decisions, self.tax, balances)
            ext.arcs = verified_arcs(found, facts, self.tax, balances, self.prefix, ext.warnings)
            for arc in ext.arcs:
                child = balances.get(arc.child)
                if child is not None and child.parent is None:
                    child.parent, child.weight = arc.parent, arc.weight
        ext.arcs += bundled_overrides(facts, self.tax, ext.arcs, ext.warnings)
        return ext


def extension_namespace(prefix: str, facts: list[Fact]) -> str:
    """The extension's namespace: the prefix and the latest date the facts report on."""
    ends = [c.period.end for c in {id(f.context): f.context for f in facts}.values()]
    stamp = max(ends).strftime("%Y%m%d") if ends else "0"
    return f"http://xbrl-export.org/extension/{prefix}/{stamp}"


def overrides_only(prefix: str, facts: list[Fact], tax=None) -> Extension:
    """The extension of a release converted without extension concepts (``--no-extensions``):
    only the prohibitions of base calculations its facts contradict (none: nothing to write)."""
    tax = tax or taxonomy_mod.load()
    ext = Extension(prefix, extension_namespace(prefix, facts), [], [])
    ext.arcs = bundled_overrides(facts, tax, [], ext.warnings)
    return ext


# ------------------------------------------------------------------------------- arithmetic

@dataclass
class _Line:
    """One line item as the arithmetic checks see it: its concept, facts per column, unit, whether a total."""
    concept: str
    facts: list[Fact | None]  # per column
    kind: str  # unit kind: the unit id
    total: bool
    section: str | None = None


def _balance_of(qname: str, tax, ext: dict[str, ExtensionConcept]) -> str | None:
    if qname in ext:
        return ext[qname].balance
    c = tax.concept(qname)
    return c.balance if c else None


def table_arithmetic(decisions, tax, ext: dict[str, ExtensionConcept]) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """(role, total, [(child, weight)]) for every total whose lines add up in its table."""
    roles = {key: tax.roles[rid].uri for key, rid in STATEMENT_ROLES.items() if rid in tax.roles}
    tables: dict[int, list] = {}
    for d in decisions:
        tables.setdefault(id(d.table), []).append(d)
    out = []
    for group in tables.values():
        table = group[0].table
        role = roles.get(table.statement)
        if role is None:
            continue
        open_lines: dict[str, list[_Line]] = {}  # unit -> lines no total has taken yet
        previous_depth = None
        for d in group:
            numeric = [f for f in d.facts if f is not None and f.is_numeric and f.value != ""]
            if d.concept is None or not numeric:
                continue
            line = _Line(d.concept, d.facts, numeric[0].unit.id,
                         d.row.is_total or bool(TOTAL_LABEL.search(d.row.full_label))
                         or (previous_depth is not None and d.row.depth < previous_depth), d.row.section)
            previous_depth = d.row.depth
            stack = open_lines.setdefault(line.kind, [])
            if line.total:
                found = _children_of(line, stack, tax, ext)
                if found is not None:
                    count, weights = found
                    out.append((role, line.concept, [(c.concept, w) for c, w in zip(stack[-count:], weights)]))
                    del stack[-count:]
                elif line.section:
                    # a section total that does not add up still closes its section: its lines
                    # are nobody else's items ("Total costs and expenses" with a misprint)
                    while stack and stack[-1].section == line.section:
                        stack.pop()
            stack.append(line)
    return out


def _children_of(total: _Line, stack: list[_Line], tax, ext) -> tuple[int, list[int]] | None:
    """The nearest lines above the total that add up to it: (how many, their weights)."""
    columns = [k for k, f in enumerate(total.facts) if f is not None and f.is_numeric and f.value != ""]
    if not columns:
        return None
    tb = _balance_of(total.concept, tax, ext)
    for count in range(2, min(len(stack), MAX_CHILDREN) + 1):
        children = stack[-count:]
        if len({c.concept for c in children}) < count or total.concept in {c.concept for c in children}:
            continue
        fixed: list[int | None] = []
        for c in children:
            cb = _balance_of(c.concept, tax, ext)
            fixed.append(None if tb is None or cb is None else (1 if cb == tb else -1))
        free = [i for i, w in enumerate(fixed) if w is None]
        if len(free) > MAX_FREE_WEIGHTS:
            continue
        for choice in product((1, -1), repeat=len(free)):
            weights = list(fixed)
            for i, w in zip(free, choice):
                weights[i] = w
            if all(_adds_up(total.facts[k], [(c.facts[k] if k < len(c.facts) else None) for c in children], weights)
                   for k in columns):
                return count, weights
    return None


def _round(value: Decimal, decimals: int | None, mode=ROUND_HALF_UP) -> Decimal:
    return value if decimals is None else value.quantize(Decimal(1).scaleb(-decimals), rounding=mode)


def _dec(f: Fact) -> int | None:
    return None if f.decimals in (None, "INF") else int(f.decimals)


def _adds_up(total: Fact, children: list[Fact | None], weights: list[int]) -> bool:
    """XBRL 2.1 5.2.5.2 (each item rounded to its decimals, the sum to the total's) and
    Calculation 1.1 (everything rounded half-even to the least precise decimals) both hold.
    A child missing in this column counts as absent; at least one must be there."""
    present = [(f, w) for f, w in zip(children, weights) if f is not None and f.value != ""]
    if not present:
        return False
    v_total, d_total = Decimal(total.value), _dec(total)
    c10 = sum((_round(Decimal(f.value), _dec(f)) * w for f, w in present), Decimal(0))
    if _round(c10, d_total) != _round(v_total, d_total):
        return False
    decs = [d for d in [d_total] + [_dec(f) for f, _ in present] if d is not None]
    d = min(decs) if decs else None
    c11 = sum((_round(Decimal(f.value), d, ROUND_HALF_EVEN) * w for f, w in present), Decimal(0))
    return _round(c11, d, ROUND_HALF_EVEN) == _round(v_total, d, ROUND_HALF_EVEN)


def verified_arcs(found, facts: list[Fact], tax, ext: dict[str, ExtensionConcept], prefix: str,
                  warnings: list[str]) -> list[ExtensionArc]:
    """The found relationships that can be written: settle the extension concepts' balances from
    them, drop those whose weights contradict balances, skip arcs the taxonomy already has, and
    keep a total's arcs only if, joined with the taxonomy's arcs for it, every fact adds up."""
    chosen: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for role, parent, children in found:
        chosen.setdefault((role, parent), children)  # the first table showing a total decides
    _settle_balances(chosen, tax, ext)
    base: dict[tuple[str, str], dict[str, int]] = {}
    for arc in tax.calculations:
        base.setdefault((arc.role, arc.parent), {})[arc.child] = arc.weight
    index = _fact_index(facts)
    arcs: list[ExtensionArc] = []
    for (role, parent), children in chosen.items():
        pb = _balance_of(parent, tax, ext)
        if pb and any(_balance_of(c, tax, ext) not in (None, pb if w > 0 else _opposite(pb)) for c, w in children):
            warnings.append(f"calculation of {parent} not written: its weights contradict the concepts' balances")
            continue
        known = base.get((role, parent), {})
        if any(c in known and known[c] != w for c, w in children):
            warnings.append(f"calculation of {parent} not written: the taxonomy weighs its items differently")
            continue
        if not any(c.startswith(prefix + ":") for c, _ in children) and parent.startswith(taxonomy_mod.PREFIX + ":") \
                and all(c in known for c, _ in children):
            continue  # the taxonomy already says all of it
        union = dict(known)
        union.update(dict(children))
        if not _network_holds(parent, union, index):
            warnings.append(f"calculation of {parent} not written: with the taxonomy's arcs for it, "
                            "the instance's facts do not add up")
            continue
        arcs.extend(ExtensionArc(parent, c, w, role) for c, w in children if c not in known)
    return arcs


def _settle_balances(chosen, tax, ext: dict[str, ExtensionConcept]) -> None:
    """An extension concept in a calculation takes the balance its weight implies; a guess from
    its section that contradicts the arithmetic gives way."""
    for _ in range(3):  # a balance settled in one total can settle another
        for (_role, parent), children in chosen.items():
            pb = _balance_of(parent, tax, ext)
            for c, w in children:
                if c in ext and ext[c].item_type == "monetary" and pb:
                    want = pb if w > 0 else ("credit" if pb == "debit" else "debit")
                    if ext[c].balance != want and not _balance_pinned(c, chosen, tax, ext, want):
                        ext[c].balance = want
            if parent in ext and ext[parent].item_type == "monetary":
                implied = {(_balance_of(c, tax, ext) if w > 0 else _opposite(_balance_of(c, tax, ext)))
                           for c, w in children if c not in ext and _balance_of(c, tax, ext)}
                if len(implied) == 1:
                    ext[parent].balance = implied.pop()


def _opposite(balance: str | None) -> str | None:
    return {"debit": "credit", "credit": "debit"}.get(balance)


def _balance_pinned(concept: str, chosen, tax, ext, want: str) -> bool:
    """True when another relationship with a base parent demands a different balance."""
    for (_role, parent), children in chosen.items():
        pb = _balance_of(parent, tax, ext) if parent not in ext else None
        for c, w in children:
            if c == concept and pb:
                other = pb if w > 0 else _opposite(pb)
                if other != want:
                    return True
    return False


def _fact_index(facts: list[Fact]) -> dict[tuple, list[Fact]]:
    """Numeric non-nil facts by (concept, context, unit): the calculation binding of XBRL 2.1."""
    by_key: dict[tuple, list[Fact]] = {}
    for f in facts:
        if f.is_numeric and f.value != "":
            by_key.setdefault((f.concept, f.context.id, f.unit.id), []).append(f)
    return by_key


def _network_holds(parent: str, children: dict[str, int], by_key: dict[tuple, list[Fact]]) -> bool:
    for (concept, ctx, unit), totals in by_key.items():
        if concept != parent or len(totals) > 1:
            continue
        items = [(by_key.get((c, ctx, unit)), w) for c, w in children.items()]
        items = [(fs, w) for fs, w in items if fs]
        if not items or any(len(fs) > 1 for fs, _ in items):
            continue
        if not _adds_up(totals[0], [fs[0] for fs, _ in items], [w for _, w in items]):
            return False
    return True


def bundled_overrides(facts: list[Fact], tax, arcs: list[ExtensionArc], warnings: list[str]) -> list[ExtensionArc]:
    """Prohibiting arcs for the base taxonomy's calculations this release's facts contradict.

    XBRL 2.1 (5.2.5.2) binds a calculation wherever the total and at least one contributing
    item are reported in one context and unit (without duplicates), and counts the items not
    reported as zero: a release that states revenue and gross profit but no cost of revenue
    "contradicts" GrossProfit = Revenues - CostOfRevenue.  The bundled arcs cannot be left out
    of one instance's DTS, but an extension can prohibit them (an equivalent arc, use=
    "prohibited", higher priority: 3.5.3.9.7.5), which removes the relationship for this
    release only.  A total is checked with its base arcs joined with the extension's ``arcs``
    for it (as the validator sees them), in both XBRL 2.1 and Calculation 1.1 rounding; where
    some context does not add up, every base arc of that total in that role is prohibited."""
    index = _fact_index(facts)
    reported = {key[0] for key in index}
    networks: dict[tuple[str, str], dict[str, int]] = {}
    for arc in tax.calculations:
        if arc.parent in reported:
            networks.setdefault((arc.role, arc.parent), {})[arc.child] = arc.weight
    if not networks:
        return []
    for arc in arcs:
        if (arc.role, arc.parent) in networks and not arc.prohibited:
            networks[(arc.role, arc.parent)].setdefault(arc.child, arc.weight)
    orders = taxonomy_mod.calculation_orders(tax.calculations)
    out: list[ExtensionArc] = []
    for (role, parent), children in networks.items():
        if _network_holds(parent, children, index):
            continue
        present = [c for c in children if any(key[0] == c for key in index)]
        base = [a for a in tax.calculations if a.role == role and a.parent == parent]
        warnings.append(f"calculation of {parent} in the taxonomy prohibited for this release: the facts do not "
                        f"add up to it ({len(present)} of its {len(children)} items reported)")
        out.extend(ExtensionArc(parent, a.child, a.weight, role, prohibited=True,
                                order=orders[(role, parent, a.child)]) for a in base)
    return out


# ------------------------------------------------------------------------------- files

def schema_path(target: Path) -> Path:
    """OUT.xml -> OUT-ext.xsd beside it (the linkbases: OUT-ext-lab.xml, -cal.xml, -def.xml)."""
    stem = target.name[:-4] if target.name.lower().endswith(".xml") else target.name
    return target.parent / f"{stem}-ext.xsd"


def attach(instance: Instance, target: str | Path, *, sec: bool = False) -> dict[Path, bytes]:
    """The extension files for an instance to be written at ``target``, and the instance's
    schemaRef pointed at the extension schema (which imports the taxonomy by its URL).
    {} when the instance has neither extension concepts, nor calculation arcs (the taxonomy's
    it overrides), nor a presentation of its own.
    ``sec``: SEC-style names (``sec_stem``): ``co-20070930.xsd`` beside ``co-20070930.xml``, its
    linkbases ``co-20070930_lab.xml``, ``_pre``, ``_cal``, ``_def``."""
    layout = instance.presentation
    if not instance.extension and not instance.extension_arcs and layout is None:
        return {}
    tax = taxonomy_mod.load()
    prefix = instance.extension_prefix or (layout.prefix if layout is not None else "")
    namespace = instance.namespaces.get(prefix) if instance.extension_prefix else None
    namespace = namespace or (layout.namespace if layout is not None else None)
    if not prefix or not namespace:
        raise ConvertError("internal: extension concepts without an extension prefix and namespace")
    target = Path(target)
    schema = target.with_suffix(".xsd") if sec else schema_path(target)
    concepts = [taxonomy_mod.make_concept(c.name, c.item_type, c.period_type, c.balance, c.label, prefix=prefix,
                                          sign="signed")
                for c in instance.extension if c.kind == "item"]
    members = []
    for m in instance.extension:
        if m.kind != "member":
            continue
        axis = tax.axis(m.axis or "")
        if axis is None:
            raise ConvertError(f"internal: extension member {m.name} of unknown axis {m.axis}")
        members.append((taxonomy_mod.DimensionElement(m.name, "member", m.label, prefix=prefix),
                        f"{taxonomy_mod.PREFIX}:{axis.domain}"))
    calculations = [taxonomy_mod.CalcArc(a.parent, a.child, a.weight, a.role, prohibited=a.prohibited, order=a.order)
                    for a in instance.extension_arcs]
    shown = _presentation_network(layout, instance)
    files = taxonomy_mod.render_extension(prefix, namespace, schema.name, concepts + shown.abstracts,
                                          members=members, calculations=calculations, taxonomy=tax,
                                          presentation=shown.arcs, roles=shown.roles, release_labels=shown.labels,
                                          separator="_" if sec else "-")
    instance.schema_refs = [schema.name]
    return {schema.parent / name: data for name, data in files.items()}


def _presentation_network(layout, instance: Instance) -> presentation.Network:
    """The extension's presentation (issue 14): the release's statements, headings as abstracts."""
    if layout is None:
        return presentation.Network([], [], [], [])
    return presentation.network(layout, [c.name for c in instance.extension], concept_name)


def sec_stem(instance: Instance) -> str:
    """The SEC's file stem for an instance: the extension prefix and the period end,
    "bsmd-20070930" (its files: .xml, .xsd, _lab.xml, _pre.xml, _cal.xml, _def.xml)."""
    layout = instance.presentation
    prefix = instance.extension_prefix or (layout.prefix if layout is not None else "")
    if not prefix:
        prefix = company_prefix(None, instance.entity.name or instance.entity.identifier)
    ends = [c.period.end for c in instance.contexts]
    return f"{prefix}-{max(ends).strftime('%Y%m%d') if ends else '0'}"


def write_all(files: dict[Path, bytes]) -> None:
    """Write the instance and its extension files all or nothing (see ``exporter.files``)."""
    write_files(files)
