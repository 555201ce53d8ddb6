"""The statements check themselves: the arithmetic a correct reading makes hold.

    found    = checks.run(tables, mapped.decisions)   # list[Check], one per identity and column
    held, tried = checks.table_score(table)          # one table's subtotals, for choosing readings

Two sources, chosen per check:

* **Subtotals, from the table's rows** (structural: any label, any format).  A total row (the
  reader's ``Row.is_total``: "Total ...", a row under a rule or border, an unlabelled sum; and,
  once rows are mapped, a row whose concept is a statement subtotal such as GrossProfit,
  NetCashProvidedByUsedInOperatingActivities or the change in cash, the sum of the activities)
  equals the lines above it that no earlier total took, within its section, nearest first: a
  total takes its own terms, so "Total assets" adds "Total current assets" and the lines after
  it, not the current assets again.  Which lines and which signs are searched (a total's lines
  may add or subtract: "Net income" is pre-tax income less the provision printed without
  parentheses), but one reading must serve every column: the reading that holds in the most
  columns is the table's, and the columns where it fails are the failed checks (see
  ``subtotals`` for when a total is tried at all).  Numbers are as printed (the table's units).
* **Identities, from the mapped facts** (by concept, any table, any layout): assets equal
  liabilities and equity; beginning cash plus the change is ending cash; earnings per share is
  close to net income over the weighted shares.  Numbers are the instance's (scaled, signed as
  XBRL wants them).

Rounding: a printed figure is the true figure rounded to its last printed digit, so it is off by
at most half a unit of that digit.  A sum of n printed terms against a printed total may then be
off by up to (n + 1) half-units (each term's error and the total's, at worst all in one
direction): that is the tolerance of every sum here.  For earnings per share the bound is the
printed EPS's half unit plus how far net income / shares can move when each is off by its own
half unit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import ROUND_CEILING, Decimal
from itertools import combinations

from .extension import PER_SHARE_WORDS
from .model import Period, Row, Table

ZERO = Decimal(0)


@dataclass(frozen=True)
class Term:
    """One number a check combines: the line it is printed on, and how it enters ("+", "-", "/")."""
    label: str
    line: int
    value: Decimal
    op: str = "+"


@dataclass
class Check:
    """One identity of one statement in one column.

    ``expected`` is the printed total (the line at ``line``), ``found`` what its terms give;
    ``held`` says whether they agree within ``tolerance`` (see the module's note on rounding).
    """
    kind: str  # "subtotal", "gross-profit", "operating-income", "net-income", "balance", "cash",
    #            "cash-activities", "eps"
    statement: str  # the total's table: "income" | "balance" | "cashflow" | "other"
    table: int  # 1-based index of the total's table among the release's tables
    column: int  # 0-based column of that table
    header: str  # the column's heading
    period: str  # the column's period ("2007-07-01..2007-09-30", "2007-09-30"), "" if none
    label: str  # the total's line
    line: int
    expected: Decimal
    found: Decimal
    terms: list[Term]
    tolerance: Decimal

    @property
    def difference(self) -> Decimal:
        return self.expected - self.found

    @property
    def held(self) -> bool:
        return abs(self.difference) <= self.tolerance

    def describe(self) -> str:
        """The check in words, for a warning: "Total assets (June 30, 2010): subtotal check failed:
        printed 9000, computed 9100 from Total current assets + Property and equipment, net
        (difference -100)"."""
        where = self.header or self.period or f"column {self.column + 1}"
        formula = "".join((f" {t.op} " if i else ("- " if t.op == "-" else "")) + t.label
                          for i, t in enumerate(self.terms[:MAX_NAMED]))
        if len(self.terms) > MAX_NAMED:
            formula += f" ... ({len(self.terms)} lines)"
        return (f"{self.label} ({where}): {self.kind} check failed: printed {_plain(self.expected)}, "
                f"computed {_plain(self.found)} from {formula} (difference {_plain(self.difference)})")


MAX_NAMED = 4  # terms named in a warning


def _plain(d: Decimal) -> str:
    return f"{d.normalize():f}" if d == d.to_integral_value() else str(d)


def warnings(found: list[Check], source: str) -> list[str]:
    """One warning per failed check, naming its line."""
    return [f"{source}:{c.line}: {c.describe()}" for c in found if not c.held]


def summary(found: list[Check]) -> tuple[int, int]:
    """(held, tried)."""
    return sum(1 for c in found if c.held), len(found)


# ------------------------------------------------------------------------------- subtotals

MAX_TERMS = 30  # lines of one total, at most (the operating section of a cash-flow statement)
MAX_SIGNED = 6  # a total of at most this many lines is also tried with some of them subtracted,
MAX_TURNED = 2  # at most this many (more would make chance sums likely)


def table_score(table: Table) -> tuple[int, int]:
    """How well one table's own arithmetic holds: (held, tried) over its subtotal checks.

    Contract, for readers choosing between competing readings of the same source (column
    splits, heading spans, a section's scope): call it on each reading's ``Table`` and prefer
    the one with more checks held; among readings holding as many, the one with fewer failures
    (tried - held).  Only the table's rows are read (``Row.is_total``, ``Row.sections``,
    ``Row.contribution``, the labels, the cells' values and printed decimals); the columns'
    periods, the caption and the table's role do not matter, and no concept mapping is needed.
    The table is not changed.  (0, 0) means the reading has no total to check, which says
    nothing for or against it.  Cost: at most a few hundred sums per total row.
    """
    return summary(subtotals(table))


@dataclass
class _Open:
    """A line no total has taken yet: its row and its values per column as scaled integers."""
    row: Row
    kind: str  # "amount", "shares", "perShare" or "percent": only like lines add up
    values: list[int | None]  # per column: value * 10**digits; None where the row has no number
    units: list[int]  # per column: one unit of the last printed digit, in the same scale
    weight: int  # +1, or -1 for a deduction printed positive ("Less accumulated depreciation")


def subtotals(table: Table, *, totals: dict[int, str] | None = None,
              skip: frozenset[tuple[int, int]] = frozenset()) -> list[Check]:
    """The subtotal checks of one table.  ``totals``: more total rows (by ``id(row)``) with the
    kind of check each makes (from the mapped concepts); ``skip``: (row line, column) pairs
    another check already covers.

    A total (a row the reader marked, ``Row.is_total``, or one of ``totals``) is checked against
    the open lines of its section, and, if they do not add up, of the sections around it.  Its
    checks count (held or failed, per column) where its reading is evidently the right one: it
    holds as printed in some column, or with signs turned in most columns.  Failing that, a
    marked total that closes its section ("Total current liabilities" under "Current
    liabilities:") is checked against its section's lines as printed; any other is left untried
    (a condensed table's "Total assets" under a few of the assets: its lines are not all shown).
    A row that is no total but equals the lines right above it, as printed, in every column (an
    unmarked subtotal: "Net receivables" under "Less allowance") takes them without a check.
    """
    totals = totals or {}
    rows = [r for r in table.rows if any(c is not None for c in r.cells)]  # (a row of dashes adds nothing)
    if not any(c is not None and c.value is not None for r in rows for c in r.cells):
        return []
    width = max(len(r.cells) for r in rows)
    digits = min(6, max((c.decimals for r in rows for c in r.cells if c is not None and c.value is not None),
                        default=0))
    out: list[Check] = []
    open_lines: list[_Open] = []
    for row in rows:
        line = _open_line(row, width, digits)
        if row.is_total or id(row) in totals:
            kind = totals.get(id(row), "subtotal")
            taken = _check_total(line, open_lines, table, digits, kind, skip, out, marked=row.is_total)
        else:
            taken = _unmarked_sum(line, open_lines)
        if taken:
            open_lines = [o for o in open_lines if not any(o is t for t in taken)]
        open_lines.append(line)
    return out


def _open_line(row: Row, width: int, digits: int) -> _Open:
    values: list[int | None] = [None] * width
    units = [0] * width
    printed = []
    for k, c in enumerate(row.cells):
        if c is None or c.percent:
            continue
        if c.value is None:
            values[k] = 0  # printed as a dash: nothing, exactly
            continue
        printed.append(c.value)
        values[k] = int(c.value.scaleb(digits))
        units[k] = 10 ** max(0, digits - c.decimals)
    deduction = row.label.lower().startswith("less") and printed and min(printed) >= 0
    return _Open(row, _kind_of(row), values, units, -1 if deduction else 1)


def _kind_of(row: Row) -> str:
    """What a row's numbers are, as far as adding goes: per-share figures, share counts and
    percentages add only among themselves.  Told from the leading words of the label and its
    headings: what follows a comma, semicolon or parenthesis describes the line ("Common stock,
    par value $0.001 per share; 300 million shares authorized" is an amount)."""
    cells = [c for c in row.cells if c is not None and c.value is not None]
    if cells and all(c.percent for c in cells):
        return "percent"
    text = " ".join(LABEL_LEAD.match(t).group(0) for t in (row.parent or "", row.label, *row.sections)).lower()
    if PER_SHARE_WORDS.search(text):
        return "perShare"
    if SHARE_COUNT.search(text):
        return "shares"
    return "amount"


LABEL_LEAD = re.compile(r"[^,;:(]*")
SHARE_COUNT = re.compile(r"\bweighted[- ]average\b|\bnumber of\b.*\bshares\b|\bshares (?:used|outstanding)\b|"
                         r"\bshare count\b")


def _candidates(total: _Open, open_lines: list[_Open], scope: tuple[str, ...]) -> list[_Open]:
    """The lines a total may add, nearest first: open lines of its kind, up to the start of the
    section ``scope`` (a line within it or deeper is in reach)."""
    found = []
    for line in reversed(open_lines):
        if line.row.sections[:len(scope)] != scope:
            break
        if line.kind != total.kind:
            continue
        found.append(line)
        if len(found) == MAX_TERMS:
            break
    return found


def _readings(candidates: list[_Open], start: int = 2):
    """(terms, weights, signs turned) to try, in order: fewer lines first, then fewer signs turned."""
    for n in range(start, len(candidates) + 1):
        terms = candidates[:n]
        base = [t.weight for t in terms]
        turnable = [i for i, t in enumerate(terms) if not t.row.contribution] if n <= MAX_SIGNED else []
        for flips in range(min(len(turnable), MAX_TURNED) + 1):
            for chosen in combinations(turnable, flips):
                weights = list(base)
                for i in chosen:
                    weights[i] = -weights[i]
                yield terms, weights, flips


def _columns_of(total: _Open) -> list[int]:
    return [k for k, v in enumerate(total.values) if v is not None and total.row.cells[k] is not None
            and total.row.cells[k].value is not None]


def _holds(total: _Open, terms: list[_Open], weights: list[int], k: int) -> bool | None:
    """Whether the reading holds in column k; None when none of its terms has a number there."""
    acc, units, present = 0, total.units[k], False
    for t, w in zip(terms, weights):
        v = t.values[k]
        if v is None:
            continue
        present = True
        acc += w * v
        units += t.units[k]
    if not present:
        return None
    # |printed total - sum of printed terms| <= (n + 1) half-units: 2 * |difference| <= sum of units
    return 2 * abs(total.values[k] - acc) <= units


def _unmarked_sum(line: _Open, open_lines: list[_Open]) -> list[_Open]:
    """The lines right above that a row not marked as a total adds up, as printed (or with its
    deductions subtracted), in every column where it has a number other than zero; or the one
    line right above when it repeats it (the total of a one-line block); [] if none."""
    columns = [k for k in _columns_of(line) if line.values[k]]
    if not columns:
        return []
    candidates = _candidates(line, open_lines, line.row.sections)[:MAX_SIGNED]
    for n in range(1, len(candidates) + 1):
        terms = candidates[:n]
        for weights in ([t.weight for t in terms], [1] * n):
            if all(_holds(line, terms, weights, k) for k in columns):
                return terms
    return []


def _closes(label: str, section: str) -> bool:
    """A total's label names its section ("Total current assets" under "Current assets"), or
    none ("Total")."""
    totalled = _words(TOTAL_WORD.sub("", label))
    heading = _words(section)
    return not totalled or totalled == heading or totalled.startswith(heading) or heading.startswith(totalled)


TOTAL_WORD = re.compile(r"^\s*(?:sub)?total\b", re.I)
NOT_LETTERS = re.compile(r"[^a-z]+")


def _words(text: str) -> str:
    return NOT_LETTERS.sub(" ", text.lower()).strip()


def _repeats(total: _Open, open_lines: list[_Open]) -> list[_Open]:
    """[the line right above] when the total repeats it in every column (the total of a block of
    one line, or of lines printed as dashes): it takes that line, with nothing to check."""
    candidates = _candidates(total, open_lines, total.row.sections)[:1]
    columns = _columns_of(total)
    if candidates and all(_holds(total, candidates, [1], k) for k in columns):
        return candidates
    return []


def _check_total(total: _Open, open_lines: list[_Open], table: Table, digits: int, kind: str,
                 skip: frozenset, out: list[Check], *, marked: bool) -> list[_Open]:
    """Add the total's checks to ``out``; return the lines it takes."""
    columns = [k for k in _columns_of(total) if (total.row.cells[k].line, k) not in skip]
    if not columns:
        return []
    best, best_held, best_turned, own_section = None, 0, 0, None
    tried_upto = 1
    sections = total.row.sections
    # its own section first, then the sections around it (a total printed at the depth of the
    # section's last block, "Changes in operating assets and liabilities:", still ends the whole)
    for depth in range(len(sections), -1, -1):
        candidates = _candidates(total, open_lines, sections[:depth])
        if depth == len(sections) and len(candidates) >= 2:
            own_section = candidates
        if len(candidates) <= tried_upto:
            continue
        for terms, weights, turned in _readings(candidates, tried_upto + 1):
            # a reading beats another by holding in more columns, then by turning fewer signs
            held = 0
            for i, k in enumerate(columns):
                if _holds(total, terms, weights, k):
                    held += 1
                elif (held + len(columns) - i - 1, -turned) <= (best_held, -best_turned):
                    break  # (this reading can no longer beat the best one)
            if held == len(columns):
                best, best_held, best_turned = (terms, weights), held, turned
                break
            if held and (held, -turned) > (best_held, -best_turned):
                best, best_held, best_turned = (terms, weights), held, turned
        if best_held == len(columns):
            break
        tried_upto = len(candidates)
    if not (2 * best_held > len(columns) or (best_held and not best_turned)):
        # No reading holds as printed in some column, or with signs turned in most columns (one
        # holding in a few may be chance: a sum of some lines with some signs turned).  A marked
        # total that closes its section ("Total current liabilities" under "Current
        # liabilities:") is checked against that section's lines as printed; otherwise what it
        # totals is not known (a condensed table's "Total assets" under a few of the assets,
        # "Total non-operating income" under revenue and costs), and nothing is tried.
        repeated = _repeats(total, open_lines) if not best_held else []
        if repeated or not (marked and own_section and any(_closes(total.row.label, s) for s in sections)):
            return repeated
        best = (own_section, [t.weight for t in own_section])
    terms, weights = best
    for k in columns:
        present = [(t, w) for t, w in zip(terms, weights) if t.values[k] is not None]
        if not present:
            continue
        present.reverse()  # as printed, top down
        found = sum((w * t.values[k] for t, w in present), 0)
        units = total.units[k] + sum(t.units[k] for t, _ in present)
        column = table.columns[k] if k < len(table.columns) else None
        cell = total.row.cells[k]
        places = max([cell.decimals] + [t.row.cells[k].decimals for t, _ in present if t.row.cells[k] is not None])
        out.append(Check(
            kind=kind, statement=table.statement, table=table.index, column=k,
            header=column.header if column else "", period=str(column.period) if column and column.period else "",
            label=total.row.full_label, line=cell.line, expected=cell.value,
            found=Decimal(found).scaleb(-digits).quantize(Decimal(1).scaleb(-places)),
            terms=[_term(t.row, k, w) for t, w in present],
            tolerance=(Decimal(units) / 2).scaleb(-digits).normalize()))
    return terms  # (a failed section total still closes its section)


def _term(row: Row, k: int, weight: int) -> Term:
    cell = row.cells[k]
    value = cell.value if cell is not None and cell.value is not None else ZERO  # a dash: nothing
    return Term(row.full_label, cell.line if cell is not None else row.line, value, "+" if weight > 0 else "-")


# ------------------------------------------------------------------------------- identities of facts

PREFIX = "xe:"
# Rows whose concept makes them a total of the lines above them, and the kind of check they make.
SUBTOTAL_CONCEPTS = {
    "GrossProfit": "gross-profit",
    "OperatingIncomeLoss": "operating-income",
    "NetIncomeLoss": "net-income",
    "IncomeLossFromContinuingOperationsBeforeIncomeTaxesExtraordinaryItemsNoncontrollingInterest": "subtotal",
    "IncomeLossFromContinuingOperationsBeforeIncomeTaxesMinorityInterestAndIncomeLossFromEquityMethodInvestments":
        "subtotal",
    "AssetsCurrent": "subtotal",
    "Assets": "subtotal",
    "LiabilitiesCurrent": "subtotal",
    "Liabilities": "subtotal",
    "LiabilitiesAndStockholdersEquity": "subtotal",
    "NetCashProvidedByUsedInOperatingActivities": "subtotal",
    "NetCashProvidedByUsedInInvestingActivities": "subtotal",
    "NetCashProvidedByUsedInFinancingActivities": "subtotal",
    # the change in cash: the activities' totals (and the exchange-rate effect) above it
    "CashAndCashEquivalentsPeriodIncreaseDecrease": "cash-activities",
    "CashAndCashEquivalentsPeriodIncreaseDecreaseExcludingExchangeRateEffect": "cash-activities",
    "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalentsPeriodIncreaseDecreaseIncludingExchangeRateEffect":
        "cash-activities",
    "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalentsPeriodIncreaseDecreaseExcludingExchangeRateEffect":
        "cash-activities",
}
TEMPORARY_EQUITY = "TemporaryEquityCarryingAmountAttributableToParent"
EQUITY = ("StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest", "StockholdersEquity")
CASH_CHANGES = {  # change concept -> (balance concepts it rolls forward, whether it includes the FX effect)
    "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalentsPeriodIncreaseDecreaseIncludingExchangeRateEffect":
        (("CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents",), True),
    "CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalentsPeriodIncreaseDecreaseExcludingExchangeRateEffect":
        (("CashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents",), False),
    "CashAndCashEquivalentsPeriodIncreaseDecrease":
        (("CashAndCashEquivalentsAtCarryingValue", "Cash", "CashAndDueFromBanks"), True),
    "CashAndCashEquivalentsPeriodIncreaseDecreaseExcludingExchangeRateEffect":
        (("CashAndCashEquivalentsAtCarryingValue", "Cash", "CashAndDueFromBanks"), False),
}
FX_EFFECT = ("EffectOfExchangeRateOnCashCashEquivalentsRestrictedCashAndRestrictedCashEquivalents",
             "EffectOfExchangeRateOnCashAndCashEquivalents")
# An EPS line that names its numerator as income to the common holders ("Net income attributable
# to common shareholders per share") is checked only against that line, not net income.
COMMON_HOLDERS = re.compile(r"\b(attributable|available|applicable) to common\b", re.I)
# EPS concept -> (net income concepts, share concepts), the first found of each; the last income
# concept is net income itself
EPS = {
    "EarningsPerShareBasic": (("NetIncomeLossAvailableToCommonStockholdersBasic", "NetIncomeLoss"),
                              ("WeightedAverageNumberOfSharesOutstandingBasic",
                               "WeightedAverageNumberOfShareOutstandingBasicAndDiluted")),
    "EarningsPerShareDiluted": (("NetIncomeLossAvailableToCommonStockholdersDiluted",
                                 "NetIncomeLossAvailableToCommonStockholdersBasic", "NetIncomeLoss"),
                                ("WeightedAverageNumberOfDilutedSharesOutstanding",
                                 "WeightedAverageNumberOfShareOutstandingBasicAndDiluted")),
    "EarningsPerShareBasicAndDiluted": (("NetIncomeLossAvailableToCommonStockholdersBasic", "NetIncomeLoss"),
                                        ("WeightedAverageNumberOfShareOutstandingBasicAndDiluted",
                                         "WeightedAverageNumberOfSharesOutstandingBasic")),
}


@dataclass
class _Placed:
    """A fact of a statement table with the line and column it was read from."""
    value: Decimal
    half_unit: Decimal
    table: Table
    row: Row
    column: int


def run(tables: list[Table], decisions=()) -> list[Check]:
    """Every check of a release: the identities of the mapped facts (``decisions``: mapping's
    Decision per line item; none gives the subtotals alone), then the subtotals of every table
    that those do not already cover."""
    facts = _placed_facts(decisions)
    out: list[Check] = []
    out.extend(_balance_checks(facts))
    out.extend(_cash_checks(facts))
    out.extend(_eps_checks(facts))
    covered: dict[int, set[tuple[int, int]]] = {}
    for c in out:
        if c.kind == "cash":  # the same sum as the ending cash line's subtotal check
            covered.setdefault(c.table, set()).add((c.line, c.column))
    totals: dict[int, str] = {}
    for d in decisions:
        if d.concept and d.concept.startswith(PREFIX):
            kind = SUBTOTAL_CONCEPTS.get(d.concept[len(PREFIX):])
            if kind and d.table.role == "statement":
                totals[id(d.row)] = kind
    for t in sorted(tables, key=lambda t: t.index):
        if t.role == "other":
            continue  # non-GAAP reconciliations and metrics: their totals add lines from elsewhere
        out.extend(subtotals(t, totals=totals, skip=frozenset(covered.get(t.index, ()))))
    return out


def _placed_facts(decisions) -> dict[tuple, list[_Placed]]:
    """The numeric facts of the statement tables by (concept, period, dims): every line that
    shows one, in table order (a fact repeated by a later table is placed there too)."""
    out: dict[tuple, list[_Placed]] = {}
    for d in decisions:
        if not d.concept or not d.concept.startswith(PREFIX) or d.table.role != "statement" or d.extension:
            continue
        name = d.concept[len(PREFIX):]
        for k, f in enumerate(d.facts):
            if f is None or not f.is_numeric or f.value == "":
                continue
            decimals = 0 if f.decimals in (None, "INF") else int(f.decimals)
            out.setdefault((name, f.context.period, f.context.dims), []).append(
                _Placed(Decimal(f.value), Decimal(1).scaleb(-decimals) / 2, d.table, d.row, k))
    return out


def _first(facts: dict[tuple, list[_Placed]], key: tuple, table: Table | None = None) -> _Placed | None:
    """The first line showing the fact (in ``table``, when given)."""
    for p in facts.get(key, ()):
        if table is None or p.table is table:
            return p
    return None


def _check_of(kind: str, total: _Placed, found: Decimal, terms: list[tuple[_Placed, str]], tolerance: Decimal,
              period) -> Check:
    table, k = total.table, total.column
    column = table.columns[k] if k < len(table.columns) else None
    cell = total.row.cells[k] if k < len(total.row.cells) else None
    return Check(kind=kind, statement=table.statement, table=table.index, column=k,
                 header=column.header if column else "", period=str(period),
                 label=total.row.full_label, line=cell.line if cell is not None else total.row.line,
                 expected=total.value, found=found,
                 terms=[Term(p.row.full_label, _line_of(p), p.value, op) for p, op in terms], tolerance=tolerance)


def _line_of(p: _Placed) -> int:
    cell = p.row.cells[p.column] if p.column < len(p.row.cells) else None
    return cell.line if cell is not None else p.row.line


def _sum_check(kind: str, total: _Placed, terms: list[tuple[_Placed, str]], period) -> Check:
    found = sum((p.value if op == "+" else -p.value for p, op in terms), ZERO)
    tolerance = total.half_unit + sum((p.half_unit for p, _ in terms), ZERO)
    return _check_of(kind, total, found, terms, tolerance, period)


def _balance_checks(facts: dict[tuple, list[_Placed]]) -> list[Check]:
    """Assets = liabilities and equity, at every balance-sheet date (and dimension) with both."""
    out = []
    for (name, period, dims) in facts:
        if name != "Assets":
            continue
        assets = _first(facts, (name, period, dims))
        both = _first(facts, ("LiabilitiesAndStockholdersEquity", period, dims))
        if both is not None:
            out.append(_sum_check("balance", both, [(assets, "+")], period))
            continue
        liabilities = _first(facts, ("Liabilities", period, dims))
        name, equity = next(((n, e) for n in EQUITY if (e := _first(facts, (n, period, dims))) is not None), ("", None))
        if liabilities is None or equity is None:
            continue
        # the side's other parts where the sheet shows them: mezzanine (redeemable) equity, and the
        # noncontrolling interests when the equity line is the parent's alone
        minority = _first(facts, ("MinorityInterest", period, dims)) if name == "StockholdersEquity" else None
        if minority is not None and not (minority.table is equity.table and minority.row.line > equity.row.line):
            minority = None  # printed above the equity line: a part of it
        parts = [liabilities, _first(facts, (TEMPORARY_EQUITY, period, dims)), equity, minority]
        out.append(_sum_check("balance", assets, [(p, "+") for p in parts if p is not None], period))
    return out


def _cash_checks(facts: dict[tuple, list[_Placed]]) -> list[Check]:
    """Per cash-flow column: beginning cash + the change (+ the exchange-rate effect when the change
    leaves it out) = ending cash.  (That the activities add up to the change is a subtotal check
    of the change's line: the effect's line is often a company's own concept.)"""
    out = []
    for (name, period, dims) in facts:
        if name not in CASH_CHANGES or period.start is None:
            continue
        change = _first(facts, (name, period, dims))
        balances, includes_fx = CASH_CHANGES[name]
        fx = next((f for n in FX_EFFECT if (f := _first(facts, (n, period, dims), change.table)) is not None), None)
        begin_at = Period.instant(period.start - timedelta(days=1))
        end_at = Period.instant(period.end)
        for balance in balances:
            # the statement's own balances: a balance sheet's cash may be another line
            begin = _first(facts, (balance, begin_at, dims), change.table)
            end = _first(facts, (balance, end_at, dims), change.table)
            if begin is None or end is None:
                continue
            terms = [(begin, "+"), (change, "+")] + ([(fx, "+")] if fx is not None and not includes_fx else [])
            out.append(_sum_check("cash", end, terms, period))
            break
    return out


def _eps_checks(facts: dict[tuple, list[_Placed]]) -> list[Check]:
    """Earnings per share against net income over the weighted shares, basic and diluted."""
    out = []
    for (name, period, dims) in facts:
        if name not in EPS:
            continue
        eps = _first(facts, (name, period, dims))
        incomes, shares = EPS[name]
        if COMMON_HOLDERS.search(eps.row.full_label):
            incomes = incomes[:-1]  # its numerator is income to common holders: net income is not it
        income = next((f for n in incomes if (f := _first(facts, (n, period, dims))) is not None), None)
        count = next((f for n in shares if (f := _first(facts, (n, period, dims))) is not None), None)
        if income is None or count is None or count.value <= count.half_unit:
            continue
        ratio = income.value / count.value
        # how far income / shares can move with each off by its half unit, plus the EPS's own rounding
        slack = (income.half_unit + abs(ratio) * count.half_unit) / (count.value - count.half_unit)
        check = _check_of("eps", eps, ratio.quantize(Decimal("0.0001")), [(income, "+"), (count, "/")],
                          eps.half_unit + slack.quantize(Decimal("0.0001"), ROUND_CEILING), period)
        out.append(check)
    return out


@dataclass
class SignDisagreement:
    """A fact whose sign by its concept's meaning contradicts a subtotal that holds as printed:
    only that one term, its stored sign turned, makes the stored facts add up the way XBRL adds
    them (an item of the total's balance adds, one of the other balance subtracts)."""
    decision: object  # mapping.Decision of the line
    column: int
    fact: object  # model.Fact
    check: Check

    @property
    def reason(self) -> str:
        return (f"its sign as {self.fact.concept} contradicts the statement's arithmetic "
                f"({self.check.label}, line {self.check.line}); reported rather than guessed")


SIGNED_SUMS = ("subtotal", "gross-profit", "operating-income", "net-income")


def sign_disagreements(checked: list[Check], decisions, taxonomy) -> list[SignDisagreement]:
    """The facts whose stored sign the statements' own sums contradict (issue 12: signs by
    meaning, confirmed by the arithmetic).  A subtotal that holds as printed names its terms; when
    every term and the total is a standard concept with a balance, the stored values must add up
    with weight +1 for an item of the total's balance and -1 for one of the other.  Where they do
    not, but do with exactly one term's sign turned, that term is the disagreement."""
    by_cell: dict[tuple[int, int], object] = {}
    for d in decisions:
        if d.concept and not d.extension:
            for cell in d.row.cells:
                if cell is not None:
                    by_cell[(d.table.index, cell.line)] = d
    out: list[SignDisagreement] = []
    seen: set[int] = set()
    for c in checked:
        if c.kind not in SIGNED_SUMS or c.statement not in ("income", "balance") or not c.held or not c.terms:
            continue  # (identities across sides, and cash flows, whose totals have no balance)
        total = _stored(by_cell.get((c.table, c.line)), c.column, taxonomy)
        terms = [_stored(by_cell.get((c.table, t.line)), c.column, taxonomy) for t in c.terms]
        if total is None or any(t is None for t in terms) or any(t[2] is None for t in [total, *terms]):
            continue
        scale = _scale_of(c, total, terms)
        if scale is None:
            continue
        tolerance = c.tolerance * scale
        weights = [1 if t[2] == total[2] else -1 for t in terms]
        found = sum((w * _num(t[1]) for w, t in zip(weights, terms)), ZERO)
        if abs(found - _num(total[1])) <= tolerance:
            continue
        turned = [k for k, (w, t) in enumerate(zip(weights, terms))
                  if abs(found - 2 * w * _num(t[1]) - _num(total[1])) <= tolerance
                  and _num(t[1]) != 0]
        if len(turned) == 1:
            d, fact, _ = terms[turned[0]]
            if id(fact) not in seen:
                seen.add(id(fact))
                out.append(SignDisagreement(d, c.column, fact, c))
    return out


def _stored(decision, column: int, taxonomy):
    """(decision, fact, balance) of a line's fact in a column; None where it has none."""
    if decision is None or column >= len(decision.facts) or decision.facts[column] is None:
        return None
    fact = decision.facts[column]
    if fact.unit is None or fact.context.dims or not fact.value:
        return None
    concept = taxonomy.concept(fact.concept.split(":")[-1])
    return (decision, fact, concept.balance if concept is not None and concept.item_type == "monetary" else None)


def _num(fact) -> Decimal:
    return Decimal(fact.value)


def _scale_of(check: Check, total, terms) -> Decimal | None:
    """What one printed unit of the check is in the stored facts (10^3 for thousands)."""
    for printed, stored in [(check.expected, total[1]), *((t.value, s[1]) for t, s in zip(check.terms, terms))]:
        if printed:
            return abs(_num(stored) / printed)
    return None
