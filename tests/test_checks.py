"""The statements check themselves (exporter/checks.py): subtotals, assets = liabilities + equity,
the cash roll-forward, EPS against net income over shares, the rounding tolerance, and how the
checks reach the user (summary line, --report, warnings).  Fixtures are small hand-made releases
in the fixed-width layout of examples/acme-2007q3.txt, and one in Markdown pipes."""
from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

from conftest import EXAMPLE

import exporter
from exporter import checks
from exporter.model import Cell, Column, Row, Table

HEAD = """Exhibit 99.1

    Widget Works Reports Second Quarter 2010 Results

    SPRINGFIELD--(BUSINESS WIRE)--July 28, 2010--Widget Works, Inc.
(NASDAQ: WDGW) today reported results for its second quarter.



"""

BALANCE = """
                         CONDENSED CONSOLIDATED BALANCE SHEETS
                              (in thousands, unaudited)

                                              June 30,    December 31,
                                                2010          2009
                                            ------------  ------------
 ASSETS
 Current assets:
  Cash and cash equivalents                 $     5,200   $     4,100
  Accounts receivable, net                        2,300         2,000
                                            ------------  ------------
      Total current assets                        7,500         6,100

  Property and equipment, net                     1,500         1,400
                                            ------------  ------------
          Total assets                      $     9,000   $     7,500
                                            ============  ============

 LIABILITIES AND STOCKHOLDERS' EQUITY
  Accounts payable                          $     1,000   $       900
  Long-term debt                                  2,000         2,000
                                            ------------  ------------
      Total liabilities                           3,000         2,900

  Stockholders' equity                            6,000         4,600
                                            ------------  ------------
          Total liabilities and
           stockholders' equity             $     9,000   $     7,500
                                            ============  ============



"""

CASH_FLOWS = """
                   CONDENSED CONSOLIDATED STATEMENTS OF CASH FLOWS
                   For the six months ended June 30, 2010 and 2009
                              (in thousands, unaudited)

                                              Six Months Ended June 30,
                                                2010          2009
                                            ------------  ------------
 Net cash provided by operating activities  $     1,600   $     1,200
 Net cash used in investing activities             (300)         (500)
 Net cash used in financing activities             (200)         (100)
                                            ------------  ------------
 Net increase in cash and cash equivalents        1,100           600
 Cash and cash equivalents at beginning
  of period                                       4,100         3,500
                                            ------------  ------------
 Cash and cash equivalents, end of period   $     5,200   $     4,100
                                            ============  ============



"""

INCOME = """
                   CONDENSED CONSOLIDATED STATEMENTS OF OPERATIONS
                   For the three months ended June 30, 2010 and 2009
                 (in thousands, except per share amounts, unaudited)

                                              Three Months Ended June 30,
                                                2010          2009
                                            ------------  ------------
 Revenues                                   $    10,000   $     8,000
 Cost of revenues                                 6,000         5,000
                                            ------------  ------------
 Gross profit                                     4,000         3,000
 Operating expenses                               3,000         2,400
                                            ------------  ------------
 Net income                                 $     1,000   $       600
                                            ============  ============

 Net income per share
  Basic                                     $      0.50   $      0.30
  Diluted                                   $      0.48   $      0.29

 Weighted average shares outstanding
  Basic                                           2,000         2,000
  Diluted                                         2,080         2,070
"""


def convert(tmp_path, text: str, name: str = "release.txt"):
    path = tmp_path / name
    path.write_text(text)
    return exporter.convert(path)


def of_kind(instance, kind: str) -> list[checks.Check]:
    return [c for c in instance.checks if c.kind == kind]


def test_a_balance_sheet_that_balances(tmp_path):
    inst = convert(tmp_path, HEAD + BALANCE)
    balance = of_kind(inst, "balance")
    assert [(c.header, c.expected, c.found, c.held) for c in balance] == [
        ("June 30, 2010", Decimal(9000000), Decimal(9000000), True),
        ("December 31, 2009", Decimal(7500000), Decimal(7500000), True)]
    totals = {(c.label, c.column): c for c in of_kind(inst, "subtotal")}
    assert totals[("Total assets", 0)].held and [t.label for t in totals[("Total assets", 0)].terms] == [
        "Total current assets", "Property and equipment, net"]  # its own lines, not the current assets again
    assert totals[("Total liabilities and stockholders' equity", 1)].held
    assert all(c.held for c in inst.checks) and not inst.warnings
    assert checks.summary(inst.checks) == (len(inst.checks), len(inst.checks))


def test_a_balance_sheet_that_does_not_balance(tmp_path):
    # the second column's equity is misprinted: its two totals no longer agree, the first column's do
    text = HEAD + BALANCE.replace("6,000         4,600", "6,000         4,700").replace(
        "$     9,000   $     7,500\n                                            ============  ============\n\n\n",
        "$     9,000   $     7,600\n                                            ============  ============\n\n\n")
    inst = convert(tmp_path, text)
    balance = {c.column: c for c in of_kind(inst, "balance")}
    assert balance[0].held and not balance[1].held
    assert balance[1].difference == Decimal(100000) and balance[1].label == "Total liabilities and stockholders' equity"
    failed = [w for w in inst.warnings if "balance check failed" in w]
    assert len(failed) == 1 and "release.txt:" in failed[0] and "December 31, 2009" in failed[0]
    line = balance[1].line
    assert text.splitlines()[line - 1].lstrip().startswith("stockholders' equity")  # the warning names its line
    assert f"release.txt:{line}:" in failed[0]


def test_subtotals_fail_in_the_misread_column_only(tmp_path):
    text = HEAD + BALANCE.replace("2,300         2,000", "2,300         2,900")
    inst = convert(tmp_path, text)
    current = {c.column: c for c in inst.checks if c.label == "Total current assets"}
    assert current[0].held and not current[1].held
    assert (current[1].expected, current[1].found, current[1].difference) == (6100, 7000, -900)
    assert [t.value for t in current[1].terms] == [4100, 2900]


def test_cash_roll_forward_and_activities(tmp_path):
    inst = convert(tmp_path, HEAD + BALANCE + CASH_FLOWS)
    cash = of_kind(inst, "cash")
    assert len(cash) == 2 and all(c.held for c in cash)
    first = next(c for c in cash if c.period == "2010-01-01..2010-06-30")
    assert [(t.label, t.value) for t in first.terms] == [
        ("Cash and cash equivalents at beginning of period", Decimal(4100000)),
        ("Net increase in cash and cash equivalents", Decimal(1100000))]
    activities = of_kind(inst, "cash-activities")
    assert len(activities) == 2 and all(c.held for c in activities)
    assert len(activities[0].terms) == 3
    # the ending cash is checked once (as the roll-forward), not again as a subtotal
    assert not [c for c in of_kind(inst, "subtotal") if c.label.startswith("Cash and cash equivalents, end")]


def test_a_broken_cash_roll_forward_fails(tmp_path):
    inst = convert(tmp_path, HEAD + CASH_FLOWS.replace("Net increase in cash and cash equivalents        1,100",
                                                       "Net increase in cash and cash equivalents        1,000"))
    cash = {c.period: c for c in of_kind(inst, "cash")}
    assert not cash["2010-01-01..2010-06-30"].held and cash["2009-01-01..2009-06-30"].held
    activities = {c.period: c for c in of_kind(inst, "cash-activities")}
    assert not activities["2010-01-01..2010-06-30"].held


def test_eps_against_net_income_over_shares(tmp_path):
    inst = convert(tmp_path, HEAD + INCOME)
    eps = {(c.label, c.period): c for c in of_kind(inst, "eps")}
    assert len(eps) == 4 and all(c.held for c in eps.values())
    diluted = eps[("Diluted", "2010-04-01..2010-06-30")]
    assert diluted.found == Decimal("0.4808") and [t.op for t in diluted.terms] == ["+", "/"]
    # the bound: half a cent of the printed EPS, and how far income/shares move with their own rounding
    assert Decimal("0.005") < diluted.tolerance < Decimal("0.0055")
    gross = of_kind(inst, "gross-profit")
    assert len(gross) == 2 and all(c.held for c in gross)
    assert [t.op for t in gross[0].terms] == ["+", "-"]  # cost printed positive is subtracted
    net = of_kind(inst, "net-income")
    assert len(net) == 2 and all(c.held for c in net)


def test_a_wrong_eps_fails(tmp_path):
    inst = convert(tmp_path, HEAD + INCOME.replace("$      0.50   $      0.30", "$      0.55   $      0.30"))
    eps = {(c.label, c.period): c for c in of_kind(inst, "eps")}
    basic = next(c for (label, period), c in eps.items() if "Basic" in label and period.startswith("2010"))
    assert not basic.held and basic.difference == Decimal("0.05")
    assert all(c.held for key, c in eps.items() if c is not basic)


def test_rounding_tolerance_allows_half_a_unit_per_figure(tmp_path):
    # thousands: 5,200 + 2,301 = 7,501 printed as 7,500: off by one unit, within (2 + 1) half-units
    inst = convert(tmp_path, HEAD + BALANCE.replace("2,300         2,000", "2,301         2,000"))
    current = next(c for c in inst.checks if c.label == "Total current assets" and c.column == 0)
    assert current.held and current.difference == -1 and current.tolerance == Decimal("1.5")
    # off by two units with two lines is more than rounding can explain
    inst = convert(tmp_path, HEAD + BALANCE.replace("2,300         2,000", "2,302         2,000"))
    current = next(c for c in inst.checks if c.label == "Total current assets" and c.column == 0)
    assert not current.held and current.difference == -2


MARKDOWN = """# Widget Works Reports Second Quarter 2010 Results

SPRINGFIELD, July 28, 2010 -- Widget Works, Inc. (NASDAQ: WDGW) today reported results.

**CONDENSED CONSOLIDATED BALANCE SHEETS (in thousands)**

|                                 | June 30, 2010 | December 31, 2009 |
|---------------------------------|---------------|-------------------|
| **Current assets:**             |               |                   |
| Cash and cash equivalents       | $ 5,200       | $ 4,100           |
| Accounts receivable, net        | 2,300         | 2,000             |
| Total current assets            | 7,500         | 6,100             |
| Property and equipment, net     | 1,500         | 1,400             |
| Total assets                    | $ 9,000       | $ 7,500           |
| Accounts payable                | $ 1,000       | $ 900             |
| Long-term debt                  | 2,000         | 2,100             |
| Total liabilities               | 3,000         | 2,900             |
| Stockholders' equity            | 6,000         | 4,600             |
| Total liabilities and equity    | $ 9,000       | $ 7,500           |
"""


def test_markdown_pipe_table(tmp_path):
    # the second column's long-term debt is misprinted: its liabilities no longer add up
    inst = convert(tmp_path, MARKDOWN, "release.md")
    failed = [c for c in inst.checks if not c.held]
    assert [(c.label, c.column, c.difference) for c in failed] == [("Total liabilities", 1, -100)]
    assert any(c.kind == "balance" and c.held for c in inst.checks)
    assert sum(1 for c in inst.checks if c.held) >= 8


def cells(*values: str, line: int) -> list[Cell]:
    out = []
    for k, v in enumerate(values):
        d = Decimal(v)
        out.append(Cell(value=d, raw=v, line=line, column=40 + 12 * k, decimals=max(0, -d.as_tuple().exponent)))
    return out


def table_of(rows: list[tuple[str, tuple[str, ...], bool]], sections: tuple[str, ...] = ()) -> Table:
    return Table(caption="Balance sheet", statement="balance", scale=3,
                 columns=[Column("2010", None), Column("2009", None)],
                 rows=[Row(label=label, line=n, depth=2, cells=cells(*values, line=n), is_total=total,
                           sections=sections)
                       for n, (label, values, total) in enumerate(rows, 1)], line=1, index=1)


def test_table_score_prefers_the_reading_that_adds_up():
    right = table_of([("Cash", ("5", "4"), False), ("Receivables", ("3", "2"), False),
                      ("Total current assets", ("8", "6"), True)])
    # the same lines with the second column's numbers shifted into the wrong rows
    wrong = table_of([("Cash", ("5", "2"), False), ("Receivables", ("3", "6"), False),
                      ("Total current assets", ("8", "4"), True)])
    assert checks.table_score(right) == (2, 2)
    held, tried = checks.table_score(wrong)
    assert held < 2 and tried >= 1
    nothing = table_of([("Cash", ("5", "4"), False), ("Receivables", ("3", "2"), False)])
    assert checks.table_score(nothing) == (0, 0)


def test_a_total_of_lines_the_table_does_not_show_is_not_tried():
    # "Total other income" under revenue and costs, none of which it adds: no section says what it totals
    t = table_of([("Revenue", ("100", "90"), False), ("Costs", ("60", "50"), False),
                  ("Total other income", ("7", "3"), True)])
    assert checks.table_score(t) == (0, 0)


def test_seed_checks_all_hold_and_reach_the_summary_line_and_report(tmp_path):
    out, report = tmp_path / "acme.xml", tmp_path / "acme.json"
    proc = subprocess.run([sys.executable, "-m", "exporter.cli", "convert", str(EXAMPLE), "-o", str(out),
                           "--report", str(report)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    inst = exporter.convert(EXAMPLE)
    held, tried = checks.summary(inst.checks)
    assert held == tried >= 30
    assert f"warnings, checks {held}/{tried} -> {out}" in proc.stderr
    listed = json.loads(report.read_text())["checks"]
    assert len(listed) == tried and all(c["held"] for c in listed)
    first = next(c for c in listed if c["label"] == "Total current assets")
    assert first["statement"] == "balance" and first["column"] == 1 and first["header"] == "September 30, 2007"
    assert (first["expected"], first["found"], first["difference"]) == (26227, 26227, 0)
    assert [t["value"] for t in first["terms"]] == [14225, 6310, 4980, 712]
    assert {c["kind"] for c in listed} >= {"subtotal", "balance", "eps", "operating-income", "net-income"}


def test_a_section_total_that_adds_up_nowhere_still_fails():
    # both columns misread: no reading holds, but "Total current assets" closes "Current assets"
    lines = [("Cash", ("5", "2"), False), ("Receivables", ("4", "6"), False),
             ("Total current assets", ("20", "30"), True)]
    assert checks.table_score(table_of(lines, sections=("Current assets",))) == (0, 2)
    # the same lines with no section: what the total adds is not known
    assert checks.table_score(table_of(lines)) == (0, 0)


def test_an_unmarked_subtotal_takes_its_lines():
    # "Receivables, net" is no marked total, but it is gross less the allowance: the total after
    # it adds it, not the gross and the allowance again
    t = table_of([("Cash", ("5", "4"), False), ("Receivables", ("10", "8"), False),
                  ("Less allowance", ("1", "1"), False), ("Receivables, net", ("9", "7"), False),
                  ("Total current assets", ("14", "11"), True)])
    found = checks.subtotals(t)
    assert [(c.label, c.held) for c in found] == [("Total current assets", True)] * 2
    assert [term.label for term in found[0].terms] == ["Cash", "Receivables, net"]


def test_share_words_in_an_amount_line_do_not_make_it_a_share_count():
    t = table_of([("Common stock, $0.01 par value per share; 100 shares authorized", ("1", "1"), False),
                  ("Additional paid-in capital", ("50", "40"), False), ("Accumulated deficit", ("-20", "-15"), False),
                  ("Total stockholders' equity", ("31", "26"), True)])
    assert checks.table_score(t) == (2, 2)
