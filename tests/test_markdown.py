"""The Markdown reader: pipe tables (headings above and below the rule, wrapped labels, bold
totals, trailing-twelve-month columns) and tables flattened to one cell per paragraph."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from exporter import sources, tables
from exporter.readers import cells, markdown
from exporter.model import Period
from exporter.document import Line

RELEASE = Path(__file__).parent / "fixtures" / "releases" / "harbor-2024q3.md"


@pytest.fixture(scope="module")
def found():
    doc = sources.load(RELEASE)
    assert doc.kind == "markdown"
    return tables.find(doc)


def test_pipe_table_periods_borrow_the_month_and_day_of_their_neighbours(found):
    cash = next(t for t in found if t.statement == "cashflow")
    assert cash.scale == 3
    assert [c.period for c in cash.columns] == [
        Period.duration(date(2023, 7, 1), date(2023, 9, 30)),
        Period.duration(date(2024, 7, 1), date(2024, 9, 30)),
        Period.duration(date(2022, 10, 1), date(2023, 9, 30)),  # trailing twelve months
        Period.duration(date(2023, 10, 1), date(2024, 9, 30)),
    ]


def test_pipe_table_wrapped_label_sections_and_bold(found):
    cash = next(t for t in found if t.statement == "cashflow")
    labels = [r.label for r in cash.rows]
    assert labels[0] == "CASH AND CASH EQUIVALENTS, BEGINNING OF PERIOD"
    assert cash.rows[0].cells[0].value == 5210 and cash.rows[0].line == 11
    receivable = next(r for r in cash.rows if r.label == "Accounts receivable")
    assert receivable.sections == ("OPERATING ACTIVITIES",)
    assert [c.value for c in receivable.cells] == [-210, 95, -380, -120]
    assert cash.rows[-1].label == "Total" and cash.rows[-1].is_total


def test_flattened_table_rebuilds_rows_from_one_cell_per_paragraph(found):
    balance = next(t for t in found if t.statement == "balance")
    assert [c.period for c in balance.columns] == [Period.instant(date(2024, 9, 30)), Period.instant(date(2023, 12, 31))]
    assert balance.scale == 3 and balance.share_scale == 0  # "except share data"
    rows = {r.label: r for r in balance.rows}
    assert [c.value for c in rows["Cash and cash equivalents"].cells] == [6900, 5530]
    assert [c.value for c in rows["Total liabilities"].cells] == [-3000, -2950]  # "(3,000" + ")"
    # "Assets" over "Current assets:" with no rows between: a title over the first heading of its rows
    assert rows["Cash and cash equivalents"].sections == ("Assets", "Current assets")
    assert rows["Total current assets"].is_total


def test_split_pipes_and_escaped_bars():
    assert markdown.split_pipes("| a | b \\| c | 3 |") == [" a ", " b | c ", " 3 "]


def test_flattened_subtotal_without_label_after_a_full_row():
    text = """Statements of Operations
(in thousands)

Three Months Ended

Nine Months Ended

September 30,

September 30,

2024

2023

2024

2023

Research and development

700

600

2,100

1,800

General and administrative

300

250

900

800

 

1,000

850

3,000

2,600

Loss from operations

(1,000

)

(850

)

(3,000

)

(2,600

)
"""
    lines = [Line(i, t) for i, t in enumerate(text.split("\n"), 1)]
    (t,) = cells.tables(lines)
    assert t.scale == 3
    assert [c.period for c in t.columns][1] == Period.duration(date(2023, 7, 1), date(2023, 9, 30))
    assert [c.period for c in t.columns][2] == Period.duration(date(2024, 1, 1), date(2024, 9, 30))
    rows = {r.label: r for r in t.rows}
    assert [c.value for c in rows["Total operating expenses"].cells] == [1000, 850, 3000, 2600]
    assert [c.value for c in rows["Loss from operations"].cells] == [-1000, -850, -3000, -2600]
