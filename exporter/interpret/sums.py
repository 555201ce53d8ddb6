"""The arithmetic inside one table: which rows add into the total below them."""
from __future__ import annotations

import re
from decimal import Decimal

from ..model import Row, Table

ZERO = Decimal(0)


def mark_contributions(table: Table) -> None:
    """Mark rows printed negative as terms of a running sum: the row above plus the rows down to
    some row below equals that row, in every column ("12,189 / (2,306) / (4) / 9,879")."""
    rows = []
    negative = []  # of each row in rows: a value printed negative
    deduction = []  # of each row in rows: every value printed negative
    for r in table.rows:
        values = [c.value for c in r.cells if c is not None and c.value is not None]
        if values:
            rows.append(r)
            negative.append(min(values) < 0)
            deduction.append(max(values) < 0)
    # A run of up to three terms may add up by chance in a table of one column; in two columns or
    # more, a run as long as a statement's list of costs ("Costs of revenues" ... "Gain on
    # disposal" between revenues and operating income) does not.
    columns = max((sum(1 for c in r.cells if c is not None and c.value is not None) for r in rows), default=0)
    longest = 10 if columns >= 2 else 3
    for i in range(1, len(rows)):
        if not negative[i]:
            continue
        for j in range(i + 1, min(i + 1 + longest, len(rows))):
            if _sums_to(rows[i - 1:j], rows[j]):
                for k in range(i, j):
                    # (in a long run, only the lines printed as deductions in every column: those
                    # printed positive are income, adding in as what they are, and a line whose
                    # sign changes between columns is a gain or loss as printed)
                    if j - i <= 3 or deduction[k]:
                        rows[k].contribution = True
                break


PER_SHARE = re.compile(r"\bper\s+(?:\w+\s+){0,2}(?:share|unit)\b|\bEPS\b", re.I)


def mark_per_share_runs(table: Table) -> None:
    """Rows between a per-share amount and the per-share total they add up to are per-share
    amounts too: "Basic income per share before discontinued operations  0.12" / "Discontinued
    operations  0.02" / "Cumulative effect of accounting change  --" / "Basic net income per
    share  0.14".  They get the total as their section (what they are amounts of), where their
    own label and sections do not say it; the arithmetic must hold in every column."""
    rows = [r for r in table.rows if any(c is not None and c.value is not None for c in r.cells)]
    for t, total in enumerate(rows):
        if not PER_SHARE.search(total.full_label) or not any(c is not None and c.decimals >= 2 for c in total.cells):
            continue
        for a in range(t - 2, max(t - 6, -1), -1):
            if not PER_SHARE.search(rows[a].full_label):
                continue
            between = rows[a + 1:t]
            if all(PER_SHARE.search(r.full_label) is None for r in between) and _sums_to(rows[a:t], total):
                for r in between:
                    if not any(PER_SHARE.search(s) for s in r.sections):
                        r.sections = r.sections + (total.label,)
            break


def _sums_to(terms: list[Row], total: Row) -> bool:
    checked = 0
    for k, cell in enumerate(total.cells):
        if cell is None or cell.value is None or cell.percent:
            continue
        acc = ZERO
        for r in terms:
            c = r.cells[k] if k < len(r.cells) else None
            if c is None:
                return False
            if c.value is not None:
                acc += c.value
        if acc != cell.value:
            return False
        checked += 1
    return checked > 0
