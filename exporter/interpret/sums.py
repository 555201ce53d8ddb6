"""The arithmetic inside one table: which rows add into the total below them."""
from __future__ import annotations

from decimal import Decimal

from ..model import Row, Table

ZERO = Decimal(0)


def mark_contributions(table: Table) -> None:
    """Mark rows printed negative as terms of a running sum: the row above plus the rows down to
    some row below equals that row, in every column ("12,189 / (2,306) / (4) / 9,879")."""
    rows = []
    negative = []  # of each row in rows: a value printed negative
    for r in table.rows:
        values = [c.value for c in r.cells if c is not None and c.value is not None]
        if values:
            rows.append(r)
            negative.append(min(values) < 0)
    for i in range(1, len(rows)):
        if not negative[i]:
            continue
        for j in range(i + 1, min(i + 4, len(rows))):
            if _sums_to(rows[i - 1:j], rows[j]):
                for r in rows[i:j]:
                    r.contribution = True
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
