"""Aligned text as a grid: the fixed-width text reader turns its lines into grid rows (heading
pieces with the extent each covers, a label cell and a cell per number), and the shared stage
(interpret/grid.py, headings.py, bands.py) reads them as it reads every grid.  The fixtures are
small and hand-made; they pin what the readers now share: heading placement by a grid's slack,
value bands, the step from placed headings to periods and scale, numbers no column takes, and
the statement columns dated without a length."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from exporter.document import Document, DocumentInfo, Line
from exporter.interpret.bands import value_bands
from exporter.interpret.columns import lengthless_periods
from exporter.interpret.grid import GridCell, GridRow, aligned_table, grid_tables
from exporter.interpret.headings import place_headings
from exporter.model import Cell, Column, Period, Row, Table
from exporter.readers.text import text_tables

Q3_2025 = Period.duration(date(2025, 7, 1), date(2025, 9, 30))
Q3_2024 = Period.duration(date(2024, 7, 1), date(2024, 9, 30))
NINE_2025 = Period.duration(date(2025, 1, 1), date(2025, 9, 30))
NINE_2024 = Period.duration(date(2024, 1, 1), date(2024, 9, 30))


def lines(text: str) -> list[Line]:
    return [Line(n, t) for n, t in enumerate(text.splitlines(), 1)]


def label(text: str, at: int, line: int) -> GridCell:
    return GridCell(text, at, at + len(text), line, 1, indent=at, label=True)


def number(text: str, at: int, line: int) -> GridCell:
    return GridCell(text, at, at + len(text), line, 2)


# ---------------------------------------------------------------- the reader's grid

STATEMENT = """\
Harbor Lane Tools Corp.
Consolidated Statements of Income
(In thousands)
                                  Three Months Ended
                                    September 30,
                                  2025          2024
Net sales                       $ 8,410       $ 7,925
Cost of sales                     5,102         4,880
                                -------       -------
  Gross profit                    3,308         3,045
"""


def test_aligned_text_reads_through_the_shared_grid_stage():
    [table] = text_tables(lines(STATEMENT))
    assert table.caption.endswith("(In thousands)") and table.scale == 3
    assert [c.period for c in table.columns] == [Q3_2025, Q3_2024]
    assert [r.label for r in table.rows] == ["Net sales", "Cost of sales", "Gross profit"]
    assert [c.value for c in table.rows[0].cells] == [Decimal(8410), Decimal(7925)]
    # a rule over a row's numbers makes it a total; the cells keep their place in the line
    assert table.rows[2].is_total and not table.rows[1].is_total
    assert [c.column for c in table.rows[1].cells] == [35, 49]


def test_the_reader_hands_its_headings_over_as_pieces_with_their_extent():
    # the same table built by hand as the reader builds it: the group heading's extent spans
    # both columns, so both take its length
    heading = [GridRow([GridCell("Nine Months Ended", 30, 47, 1)], 1, 1),
               GridRow([GridCell("September 30,", 32, 45, 2)], 2, 2),
               GridRow([GridCell("2025", 30, 34, 3), GridCell("2024", 43, 47, 3)], 3, 3)]
    body = [GridRow([label("Revenue", 0, 4), number("1,200", 29, 4), number("1,100", 42, 4)], 4, 4),
            GridRow([], 5, 5),
            GridRow([label("Expenses", 0, 6), number("700", 31, 6), number("650", 44, 6)], 6, 6)]
    [table] = aligned_table(heading, body, "Statements of Operations", 1)
    assert [c.period for c in table.columns] == [NINE_2025, NINE_2024]
    assert [r.label for r in table.rows] == ["Revenue", "Expenses"]


def test_a_number_no_column_takes_is_reported_unplaced_not_lost():
    # a number far wider than the rest makes no band of its own; the one beside it in a band
    # it already took has no column left: it becomes a row of a table without periods, with a
    # warning on the table it came from
    heading = [GridRow([GridCell("2025", 30, 34, 1), GridCell("2024", 40, 44, 1)], 1, 1)]
    body = [GridRow([label("Alpha", 0, 2), number("100", 31, 2), number("200", 41, 2)], 2, 2),
            GridRow([label("Beta", 0, 3), number("110", 31, 3), number("210", 41, 3)], 3, 3),
            GridRow([label("Gamma", 0, 4), number("120", 31, 4), number("220", 41, 4)], 4, 4),
            GridRow([label("Delta", 0, 5), number("1,234,567,890,123", 28, 5), number("5", 32, 5)], 5, 5)]
    table, unread = aligned_table(heading, body, "", 1)
    assert table.warnings and "reported unplaced" in table.warnings[0]
    assert unread.statement == "other" and [c.period for c in unread.columns] == [None]
    assert [(r.label, r.cells[0].raw) for r in unread.rows] == [("Delta", "5")]


# ---------------------------------------------------------------- headings: one placement, a grid's slack

def test_a_heading_a_few_characters_off_its_column_is_still_its_in_aligned_text_only():
    bands = [(30, 35), (45, 50)]
    beside = [[(51, 58, "Changed")]]  # just right of the last column
    assert place_headings(beside, bands, 28, reach=6).per_column == [[], ["Changed"]]
    # in a table of cells the place right of the last value column is a column of its own
    assert place_headings(beside, bands, 28).per_column == [[], []]


def test_a_short_period_heading_over_the_gutter_heads_both_columns_in_every_grid():
    # grid columns: a cell over the inner halves of two value columns and the column between
    bands = [(2, 5), (6, 9)]
    placed = place_headings([[(4, 7, "Year")], [(2, 5, "2025"), (6, 9, "2024")]], bands, 1)
    assert placed.per_column == [["Year", "2025"], ["Year", "2024"]]
    assert placed.shared[0] & placed.shared[1]  # group mates: they lend each other a length
    assert placed.year_of == [2025, 2024]


def test_a_piece_over_every_column_that_says_no_period_joins_no_group_in_aligned_text():
    bands = [(30, 35), (45, 50)]
    placed = place_headings([[(28, 52, "(Unaudited)")], [(30, 35, "FY2025"), (45, 50, "FY2024")]], bands, 26,
                            reach=6)
    assert placed.per_column == [["(Unaudited)", "FY2025"], ["(Unaudited)", "FY2024"]]
    assert placed.shared == [set(), set()]
    assert placed.year_of == [2025, 2024]  # a fiscal year heads its column as a year does


def test_a_cell_grid_reads_its_headings_with_the_same_placement():
    rows = [GridRow([GridCell("", 0, 1, 1, 1), GridCell("Three Months Ended September 30,", 1, 3, 1, 2)], 1, 1),
            GridRow([GridCell("", 0, 1, 2, 1), GridCell("2025", 1, 2, 2, 2), GridCell("2024", 2, 3, 2, 3)], 2, 2),
            GridRow([GridCell("Revenue", 0, 1, 3, 1), GridCell("500", 1, 2, 3, 2), GridCell("450", 2, 3, 3, 3)], 3, 3),
            GridRow([GridCell("Net income", 0, 1, 4, 1), GridCell("50", 1, 2, 4, 2), GridCell("40", 2, 3, 4, 3)], 4, 4)]
    [table] = grid_tables(rows, caption="Statements of Operations")
    assert [c.period for c in table.columns] == [Q3_2025, Q3_2024]


# ---------------------------------------------------------------- value bands

def test_value_bands_part_a_crowded_band_in_aligned_text_and_leave_it_whole_in_cells():
    rows = [[(30, 35), (36, 41)],  # two numbers run into each other
            [(31, 35), (37, 41)],
            [(30, 39)]]  # one number over both: not wider than most by far
    assert value_bands(rows) == [(30, 35), (35, 41)]
    assert value_bands(rows, part_crowded=False) == [(30, 41)]


def test_a_number_far_wider_than_the_rest_makes_no_band():
    rows = [[(30, 33), (40, 43)], [(30, 33), (40, 43)], [(29, 44)]]
    assert value_bands(rows) == [(30, 33), (40, 43)]


# ---------------------------------------------------------------- columns dated without a length

def _statement(caption: str, statement: str, columns: list, figures: dict, role: str = "statement") -> Table:
    rows = [Row(label, n, 0, [Cell(Decimal(v), str(v), n, 40 + 10 * k) for k, v in enumerate(values)])
            for n, (label, values) in enumerate(figures.items(), 10)]
    return Table(caption, statement, 3, columns, rows, 1, role=role)


def test_lengthless_columns_take_the_length_the_figures_give_before_the_layout_is_asked():
    doc = Document("release.txt", "text", [], DocumentInfo(fiscal_period="Q3"))
    # a lone group of income columns dated without a length: by its layout alone, the quarter
    income = _statement("Statements of Income", "income",
                        [Column("September 30, 2025", None), Column("September 30, 2024", None)],
                        {"Net revenues": (9_300, 8_800), "Net income": (1_900, 1_700)})
    # a summary prints the same figures for the nine months
    summary = _statement("Nine Months Highlights", "other", [Column("Nine Months Ended September 30, 2025", NINE_2025),
                                                             Column("Nine Months Ended September 30, 2024", NINE_2024)],
                         {"Net revenues": (9_300, 8_800), "Net income": (1_900, 1_700)}, role="segment")
    assert lengthless_periods([income, summary], doc) == "Q3"
    assert [c.period for c in income.columns] == [NINE_2025, NINE_2024]


def test_a_lengthless_column_never_takes_a_period_another_column_of_its_table_has():
    doc = Document("release.txt", "text", [], DocumentInfo(fiscal_period="Q3"))
    income = _statement("Statements of Income", "income",
                        [Column("Nine Months Ended September 30, 2025", NINE_2025), Column("September 30, 2025", None)],
                        {"Net revenues": (9_300, 9_300), "Net income": (1_900, 1_900)})
    summary = _statement("Nine Months Highlights", "other", [Column("Nine Months Ended September 30, 2025", NINE_2025)],
                         {"Net revenues": (9_300,), "Net income": (1_900,)}, role="segment")
    lengthless_periods([income, summary], doc)
    assert income.columns[1].period != NINE_2025
