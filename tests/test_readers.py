"""The readers' layouts, each as a small hand-made fixture in the shape users' files have: what a
reader must find, and the periods and values the shared interpretation stage must give them."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import read_release, row_values
from exporter.model import Period

Q3_2003 = Period.duration(date(2003, 7, 1), date(2003, 9, 30))
NINE_2003 = Period.duration(date(2003, 1, 1), date(2003, 9, 30))


def read(tmp_path: Path, text: str, name: str = "release.txt"):
    return read_release(tmp_path, text, name)


values = row_values


# ---------------------------------------------------------------- EDGAR SGML text

SGML = """\
                 EXAMPLE CORP. REPORTS THIRD QUARTER RESULTS

NEW YORK, OCTOBER 22, 2003 - Example Corp. (NYSE:EXC) today reported results for its
third quarter ended September 30, 2003.

<PAGE>
                          EXAMPLE CORP.
                 CONSOLIDATED STATEMENT OF OPERATIONS
                            (UNAUDITED)

<TABLE>
<CAPTION>
                                          THREE MONTHS ENDED    NINE MONTHS ENDED
                                            SEPTEMBER 30,         SEPTEMBER 30,
                                          ------------------   ------------------
                                            2003      2002       2003      2002
                                          --------  --------   --------  --------
                                              (MILLIONS, EXCEPT PER SHARE AMOUNTS)
<S>                                       <C>       <C>        <C>       <C>
Revenues ...............................  $  1,150  $  1,018   $  3,203  $  3,032
Costs of revenues ......................      (721)     (620)    (1,990)   (1,848)
                                          --------  --------   --------  --------
Operating income .......................       429       398      1,213     1,184
                                          ========  ========   ========  ========
</TABLE>
"""


def test_edgar_sgml_table_tags_make_fixed_width_text_not_html(tmp_path):
    doc, found = read(tmp_path, SGML)
    assert doc.kind == "text"
    (t,) = found
    assert t.statement == "income" and t.scale == 6
    assert [c.period for c in t.columns][:1] == [Q3_2003] and t.columns[2].period == NINE_2003
    assert values(t, "Revenues") == [1150, 1018, 3203, 3032]
    assert values(t, "Operating income") == [429, 398, 1213, 1184]


def test_a_page_with_html_cells_is_still_html(tmp_path):
    page = "<html><body><table><tr><td>Revenue</td><td>$ 1,150</td></tr></table></body></html>"
    doc, _ = read(tmp_path, page, "page.htm")
    assert doc.kind == "html"


# ---------------------------------------------------------------- one cell per line

CELL_PER_LINE = """\
Example Corp. Reports Fourth Quarter Results

REDMOND, Wash. - July 30, 2024 - Example Corp. today announced results for the quarter ended June 30, 2024.

INCOME STATEMENTS
(In millions, except per share amounts) (Unaudited)
Three Months Ended
June 30,
Twelve Months Ended
June 30,
2024
2023
2024
2023
Revenue:
Product
$13,217
$16,853
$64,773
$64,699
Service and other
51,510
39,336
180,349
147,216
Total revenue
64,727
56,189
245,122
211,915
"""


@pytest.mark.parametrize("name", ["release.md", "release.txt"])
def test_cells_one_per_line_without_markup_make_a_table_whose_headings_give_the_columns(tmp_path, name):
    _, found = read(tmp_path, CELL_PER_LINE, name)
    (t,) = found
    assert t.statement == "income" and t.scale == 6
    assert [c.period for c in t.columns] == [
        Period.duration(date(2024, 4, 1), date(2024, 6, 30)), Period.duration(date(2023, 4, 1), date(2023, 6, 30)),
        Period.duration(date(2023, 7, 1), date(2024, 6, 30)), Period.duration(date(2022, 7, 1), date(2023, 6, 30))]
    assert values(t, "Total revenue") == [64727, 56189, 245122, 211915]
    product = next(r for r in t.rows if r.label == "Product")
    assert product.sections == ("Revenue",)
