"""HTML layouts of statement tables, each as a small hand-made page (invented company and numbers):
group headings over their columns, headings without a month and day or without a length, section
headings, and numbers that become no fact reported with their reason (issue 11)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from exporter import sources, tables
from exporter.model import Period


def read(tmp_path, body: str, title: str = "Fabrikam Widgets Reports Fourth Quarter 2030 Results"):
    page = tmp_path / "release.htm"
    prose = ("<p>Fabrikam Widgets, a maker of widgets for the home and the office, today reported its "
             "results for the period, as set out in the statements below.</p>")
    page.write_text(f"<html><body><p>{title}</p>{prose}{body}</body></html>", encoding="utf-8")
    doc = sources.load(page)
    return doc, sorted(tables.find(doc), key=lambda t: t.line)


def values(row):
    return [c.value if c is not None else None for c in row.cells]


def row(table, label):
    return next(r for r in table.rows if r.label == label)


def q(end: date) -> Period:
    """The quarter ending on ``end`` (a month end)."""
    start_month = end.month - 2
    return Period.duration(date(end.year, start_month, 1), end)


def year(y: int) -> Period:
    return Period.duration(date(y, 1, 1), date(y, 12, 31))


def tr(*cells: str) -> str:
    return "<tr>" + "".join(c if c.startswith("<t") else f"<td>{c}</td>" for c in cells) + "</tr>"


# The statement of income a release prints first: its columns date the release's year ends.
INCOME = (
    "<p>Condensed Consolidated Statement of Income</p><table>"
    + tr("", '<td colspan="4">Three Months Ended December 31,</td>', '<td colspan="4">Year Ended December 31,</td>')
    + tr("", '<td colspan="2">2030</td>', '<td colspan="2">2029</td>', '<td colspan="2">2030</td>',
         '<td colspan="2">2029</td>')
    + tr("", '<td colspan="8">(In thousands)</td>')
    + tr("Net revenues", "$", "410", "$", "380", "$", "1,550", "$", "1,420")
    + tr("Cost of net revenues", "", "120", "", "110", "", "460", "", "430")
    + tr("Gross profit", "", "290", "", "270", "", "1,090", "", "990")
    + "</table>"
)


def test_dates_in_the_first_heading_cell_over_the_values_head_their_columns(tmp_path):
    """A heading row whose first text cell sits over the first value column ("December 31, 2030"
    in the cell after an empty label cell) heads that column: it is not the row's label."""
    quarters = (
        "<p>Condensed Statement of Income by Quarter</p><table>"
        + tr("", '<td colspan="4">Three Months Ended</td>', '<td colspan="2">Year Ended</td>')
        + tr("", "December 31, 2030", "September 30, 2030", "June 30, 2030", "March 31, 2030", "2030", "2029")
        + tr("", '<td colspan="6">(In thousands, except percentages)</td>')
        + tr("Net revenues", "405", "390", "385", "370", "1,550", "1,420")
        + tr("Gross profit", "285", "275", "270", "260", "1,090", "990")
        + "</table>"
    )
    _, found = read(tmp_path, INCOME + quarters)
    table = found[1]
    assert [c.period for c in table.columns] == [
        q(date(2030, 12, 31)), q(date(2030, 9, 30)), q(date(2030, 6, 30)), q(date(2030, 3, 31)),
        year(2030), year(2029)]
    assert values(row(table, "Net revenues")) == [Decimal(v) for v in (405, 390, 385, 370, 1550, 1420)]


def test_a_scale_note_over_all_columns_does_not_join_two_groups(tmp_path):
    """"(In thousands)" spanning every column is no group heading: the "Year Ended" columns do not
    take the month and day of the quarter columns beside them; they take the release's year end."""
    quarters = (
        "<p>Condensed Statement of Income by Quarter</p><table>"
        + tr("", '<td colspan="2">Three Months Ended</td>', '<td colspan="2">Year Ended</td>')
        + tr("", "<td>September 30,<br>2030</td>", "<td>June 30,<br>2030</td>", "2030", "2029")
        + tr("", '<td colspan="4">(In thousands)</td>')
        + tr("Net revenues", "390", "385", "1,550", "1,420")
        + "</table>"
    )
    # (a title naming no quarter: the year end comes from the release's dated columns alone)
    _, found = read(tmp_path, INCOME + quarters, title="Fabrikam Widgets Reports Results")
    assert [c.period for c in found[1].columns] == [q(date(2030, 9, 30)), q(date(2030, 6, 30)), year(2030), year(2029)]


def test_a_year_heading_without_month_and_day_stays_unread_when_the_release_does_not_date_it(tmp_path):
    """Without a dated column of the same length in the release, "Year Ended / 2030" is not guessed."""
    alone = (
        "<p>Condensed Statement of Income</p><table>"
        + tr("", '<td colspan="2">Year Ended</td>')
        + tr("", "2030", "2029")
        + tr("Net revenues", "1,550", "1,420")
        + tr("Gross profit", "1,090", "990")
        + "</table>"
    )
    _, found = read(tmp_path, alone, title="Fabrikam Widgets Reports Results")
    assert [c.period for c in found[0].columns] == [None, None]


def test_a_recast_statement_stands_beside_the_statements(tmp_path):
    """Prior periods recast on a new basis (a new accounting standard) print other numbers for the
    statements' periods: the table is supplementary, not a second statement of income."""
    recast = (
        "<p>2030 Recast Results (Unaudited)</p><p>Condensed Statement of Income</p><table>"
        + tr("", '<td colspan="2">Three Months Ended</td>')
        + tr("", "December 31, 2030", "September 30, 2030")
        + tr("Net revenues", "405", "390")
        + "</table>"
    )
    _, found = read(tmp_path, INCOME + recast)
    assert [t.role for t in found] == ["statement", "other"]
    # the quarter the statements report has its own figures there: the recast ones are not facts of it
    assert [c.period for c in found[1].columns] == [None, q(date(2030, 9, 30))]


def test_a_footnote_laid_out_as_a_table_row_is_no_table(tmp_path):
    """"(1) | Includes a charge of ..." in a table of its own: the mark is no number."""
    note = ("<table>" + tr("(1)", "Includes a one-time charge of $12 million for the closing of a plant in 2030.")
            + "</table>")
    _, found = read(tmp_path, INCOME + note)
    assert len(found) == 1 and found[0].statement == "income"


def test_a_second_number_in_one_column_is_reported_not_lost(tmp_path):
    """A row with a cell more than its neighbours ("290 | 5" under a value spanning both) puts two
    numbers in one column: the first is the column's, the second goes to the unplaced numbers with
    its reason, never lost in silence."""
    body = (
        "<p>Condensed Statement of Income</p><table>"
        + tr("", '<td colspan="3">Year Ended December 31,</td>')
        + tr("", '<td colspan="2">2030</td>', "2029")
        + tr("Net revenues", '<td colspan="2">410</td>', "380")
        + tr("Gross profit", "290", "5", "270")
        + "</table>"
    )
    _, found = read(tmp_path, body)
    income, not_read = found
    assert values(row(income, "Gross profit")) == [Decimal(290), Decimal(270)]
    assert not_read.role == "other" and [c.period for c in not_read.columns] == [None]
    assert [(r.label, values(r)) for r in not_read.rows] == [("Gross profit", [Decimal(5)])]
    assert "reported unplaced" in income.warnings[0]


def test_numbers_that_become_no_fact_are_in_the_report(tmp_path):
    page = tmp_path / "release.htm"
    page.write_text("<html><body><p>Fabrikam Widgets Reports Fourth Quarter 2030 Results</p>"
                    "<p>Condensed Statement of Income</p><table>"
                    + tr("", '<td colspan="3">Year Ended December 31,</td>') + tr("", '<td colspan="2">2030</td>', "2029")
                    + tr("Net revenues", '<td colspan="2">410</td>', "380") + tr("Gross profit", "290", "5", "270")
                    + "</table></body></html>", encoding="utf-8")
    from exporter.convert import convert
    instance = convert(page)
    assert any(u.text == "5" and u.label == "Gross profit" for u in instance.unplaced)


def test_a_heading_over_year_and_change_columns_spans_all_three(tmp_path):
    """"Three Months Ended March 31," centred over "2030 | 2029 | % Change": the years are quarters,
    the change column is no period."""
    body = (
        "<p>Condensed Statement of Income</p><table>"
        + tr("", '<td colspan="3">Three Months Ended March 31,</td>')
        + tr("", "2030", "2029", "% Change")
        + tr("Net revenues", "410", "380", "8%")
        + tr("Gross profit", "290", "270", "7%")
        + "</table>"
    )
    _, found = read(tmp_path, body)
    assert [c.period for c in found[0].columns] == [q(date(2030, 3, 31)), q(date(2029, 3, 31)), None]


def test_a_heading_left_aligned_over_the_first_of_two_year_columns_spans_both(tmp_path):
    """A group heading written in the cell over the first year column only, the cells beside it
    empty: it heads the columns up to the next heading."""
    body = (
        "<p>Condensed Statement of Income</p><table>"
        + tr("", "Three Months Ended", "", "Six Months Ended", "")
        + tr("", "June 30,", "", "June 30,", "")
        + tr("", "2030", "2029", "2030", "2029")
        + tr("Net revenues", "410", "380", "800", "760")
        + "</table>"
    )
    _, found = read(tmp_path, body)
    assert [c.period for c in found[0].columns] == [
        q(date(2030, 6, 30)), q(date(2029, 6, 30)),
        Period.duration(date(2030, 1, 1), date(2030, 6, 30)), Period.duration(date(2029, 1, 1), date(2029, 6, 30))]


def test_a_heading_split_over_rows_and_paragraphs(tmp_path):
    """"Three Months" / "Year" on one row, "Ended" and the month on rows of their own spanning all
    columns, and a cell whose heading is two paragraphs."""
    body = (
        "<p>Condensed Statement of Income</p><table>"
        + tr("", '<td colspan="2">Three Months</td>', '<td colspan="2"><p>Year</p></td>')
        + tr("", '<td colspan="4">Ended</td>')
        + tr("", '<td colspan="4"><p>December</p><p>31,</p></td>')
        + tr("", "2030", "2029", "2030", "2029")
        + tr("Net revenues", "410", "380", "1,550", "1,420")
        + "</table>"
    )
    _, found = read(tmp_path, body)
    assert [c.period for c in found[0].columns] == [q(date(2030, 12, 31)), q(date(2029, 12, 31)), year(2030), year(2029)]


def cash_flows(net_income: tuple[str, str], begin: tuple[str, str] = ("900", "850")) -> str:
    """A cash-flow statement headed by its dates alone, no length."""
    return (
        "<p>Condensed Consolidated Statement of Cash Flows</p><table>"
        + tr("", '<td colspan="2">December 31,</td>')
        + tr("", "2030", "2029")
        + tr("", '<td colspan="2">(In thousands)</td>')
        + tr("Cash flows from operating activities:")
        + tr("Net income", *net_income)
        + tr("Net cash provided by operating activities", "700", "640")
        + tr("Cash and cash equivalents at beginning of period", *begin)
        + tr("Cash and cash equivalents at end of period", "1,000", "900")
        + "</table>"
    )


def test_a_cash_flow_statement_without_a_length_covers_the_period_its_figures_repeat(tmp_path):
    """The fourth quarter's release: a cash-flow statement headed only "December 31, 2030 | 2029"
    whose net income is the income statement's for the year is the full year."""
    body = INCOME.replace("Gross profit", "Net income") + cash_flows(("1,090", "990"))
    _, found = read(tmp_path, body)
    assert found[1].statement == "cashflow"
    assert [c.period for c in found[1].columns] == [year(2030), year(2029)]


def test_agreement_with_the_quarter_wins_over_the_year_to_date(tmp_path):
    """The same heading whose net income is the quarter's: a quarter, whatever the release's period."""
    body = INCOME.replace("Gross profit", "Net income") + cash_flows(("290", "270"))
    _, found = read(tmp_path, body)
    assert [c.period for c in found[1].columns] == [q(date(2030, 12, 31)), q(date(2029, 12, 31))]


def test_without_agreement_a_cash_flow_statement_is_the_year_to_date(tmp_path):
    """No other statement repeats its figures: the third quarter's release gives nine months."""
    body = cash_flows(("75", "60")).replace("December 31,", "September 30,")
    _, found = read(tmp_path, body, title="Fabrikam Widgets Reports Third Quarter 2030 Results")
    assert [c.period for c in found[0].columns] == [
        Period.duration(date(2030, 1, 1), date(2030, 9, 30)), Period.duration(date(2029, 1, 1), date(2029, 9, 30))]


def test_the_cash_at_the_beginning_of_the_period_confirms_the_length(tmp_path):
    """The balance sheet's cash at the day before the period starts is the statement's opening cash:
    the quarter (September 30) rather than the year to date (December 31 of the year before)."""
    balance = (
        "<p>Condensed Consolidated Balance Sheets</p><p>(In thousands)</p><table>"
        + tr("", "September 30, 2030", "December 31, 2029")
        + tr("Cash and cash equivalents", "930", "900")
        + tr("Other assets", "4,070", "3,900")
        + tr("Total assets", "5,000", "4,800")
        + "</table>"
    )
    body = INCOME + balance + cash_flows(("75", "60"), begin=("930", "880"))
    _, found = read(tmp_path, body)
    assert [c.period for c in found[2].columns][0] == q(date(2030, 12, 31))


def test_a_label_repeated_under_each_line_takes_that_line_as_parent(tmp_path):
    """A metrics table whose change row is repeated, indented, under each line it qualifies."""
    indent = '<td style="padding-left:24pt">{}</td>'
    body = (
        "<p>Supplemental Operating Data</p><table>"
        + tr("", '<td colspan="2">Three Months Ended December 31,</td>') + tr("", "2030", "2029")
        + tr('<td style="padding-left:6pt">Widgets</td>', "1,200", "1,100")
        + tr(indent.format("Change from prior year"), "9%", "4%")
        + tr('<td style="padding-left:6pt">Gadgets</td>', "300", "310")
        + tr(indent.format("Change from prior year"), "(3)%", "2%")
        + "</table>"
    )
    _, found = read(tmp_path, body)
    rows = found[0].rows
    assert [(r.parent, r.label) for r in rows] == [
        (None, "Widgets"), ("Widgets", "Change from prior year"), (None, "Gadgets"), ("Gadgets", "Change from prior year")]
    assert rows[1].full_label == "Widgets Change from prior year"


def test_section_headings_current_and_subsidiary_blocks(tmp_path):
    """"Current assets:" heads the rows up to its total; a subsidiary's name, a label alone on its
    row at the rows' own indentation, heads its block until the next name."""
    body = (
        "<p>Condensed Consolidated Balance Sheets</p><p>(In thousands)</p><table>"
        + tr("", "December 31, 2030", "December 31, 2029")
        + tr("ASSETS")
        + tr("Current assets:")
        + tr("Cash and cash equivalents", "930", "900")
        + tr("Receivables", "70", "60")
        + tr("Total current assets", "1,000", "960")
        + tr("Property, net", "4,000", "3,840")
        + tr("Total assets", "5,000", "4,800")
        + "</table>"
        "<p>Results by Subsidiary</p><p>(In thousands)</p><table>"
        + tr("", '<td colspan="2">Year Ended December 31,</td>') + tr("", "2030", "2029")
        + tr("North Widget Company") + tr("Operating revenues", "800", "760") + tr("Net income", "90", "80")
        + tr("South Widget Company") + tr("Operating revenues", "750", "660") + tr("Net income", "70", "75")
        + "</table>"
    )
    _, found = read(tmp_path, body)
    balance, subsidiaries = found
    assert row(balance, "Receivables").sections == ("ASSETS", "Current assets")
    assert row(balance, "Property, net").sections == ("ASSETS",)
    by_block = [(r.sections, r.label, values(r)) for r in subsidiaries.rows]
    assert by_block == [
        (("North Widget Company",), "Operating revenues", [Decimal(800), Decimal(760)]),
        (("North Widget Company",), "Net income", [Decimal(90), Decimal(80)]),
        (("South Widget Company",), "Operating revenues", [Decimal(750), Decimal(660)]),
        (("South Widget Company",), "Net income", [Decimal(70), Decimal(75)])]


def test_fiscal_year_headings_under_a_title_row_head_their_columns(tmp_path):
    """A summary headed "FY30 | FY29 | Y/Y" under a title row ("Non-GAAP") spanning the table: the
    title is the caption (a non-GAAP table), the fiscal years head the columns."""
    summary = (
        "<table>"
        + tr('<td colspan="4"><b>Non-GAAP</b></td>')
        + tr("($ in millions)", "<td><b>FY30</b></td>", "<td><b>FY29</b></td>", "<td><b>Y/Y</b></td>")
        + tr("Revenue", "$1,550", "$1,420", "Up 9%")
        + tr("Operating income", "$500", "$450", "Up 11%")
        + "</table>"
    )
    _, found = read(tmp_path, INCOME + summary)
    table = found[1]
    assert table.role == "other" and "Non-GAAP" in table.caption
    assert [c.header for c in table.columns][:2] == ["FY30", "FY29"]
