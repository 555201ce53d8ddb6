"""Heading text over value columns: which columns each piece of a heading line spans, for every
grid (interpret/grid.py).

A reader gives the heading lines above a table's first row as pieces of text with their spans
(character columns in fixed-width text, grid columns in a table of cells), and the value columns as
bands [start, end) on the same scale.  A piece belongs to the columns whose centre it spans ("Three
Months Ended" to two, "2007" to one); a short period heading over the gutter between two columns to
both ("Year" / "ended" over "2024   2023"); any other piece to the column it overlaps most.
Grids differ in one way, their slack (``reach``).  In aligned text a heading set a few characters
off its column is still its (up to half the gutter to the next column, ``reach`` characters beyond
the outer ones), and a period heading set flush with the left of its first column spans the
columns after it up to the next piece of its line ("Year Ended" over "2017   2016" in a web page
rendered as text), unless another heading line gives those columns a length or a date of their own.
A table of cells has no slack: what stands between its bands is a column of its own ("% Change"),
and a group heading written in the cell over the first of its columns spreads over the empty cells
of its row (``left_aligned_groups``, asked of such rows before they are placed).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import periods
from .bands import band_of

PERIOD_HEADING = re.compile(rf"\b(?:months?|weeks?|quarters?|years?|ended|ending|{periods.MONTH_NAME})\b", re.I)
PERIOD_WORDS = re.compile(rf"\b(?:months?|weeks?|quarters?|years?|ended|ending|as of|{periods.MONTH_NAME})\b|"
                          r"(?<!\d)(?:19|20)\d\d(?!\d)", re.I)
# A column's own year: "2024", "FY2024", "2024 (a)".
YEAR_CELL = re.compile(r"^(?:FY\s*)?((?:19|20)\d\d)(?:\s*\(\w+\))?$")

Piece = tuple[int, int, str]  # start, end (exclusive), text


def speaks_of_periods(text: str) -> bool:
    return bool(PERIOD_WORDS.search(text)) or periods.length_in(text) is not None


@dataclass
class PlacedHeadings:
    """The heading text over each column, in heading-line order."""
    per_column: list[list[str]]
    year_of: list[int | None]  # a column's own year ("2007" over it alone)
    shared: list[set[int]]  # per column: ids of the pieces it shares with other columns (group headings)
    caption: list[list[str]] = field(default_factory=list)  # per heading line, its pieces over the label column


def place_headings(lines: list[list[Piece]], bands: list[tuple[int, int]], label_edge: float,
                   reach: int = 0) -> PlacedHeadings:
    """Assign each heading line's pieces to the bands they sit over; pieces ending at or before
    ``label_edge`` (over the row labels) are caption text.  ``reach``: the grid's slack (see the
    module's text); 0 for a table of cells."""
    out = PlacedHeadings([[] for _ in bands], [None] * len(bands), [set() for _ in bands])
    extended = list(bands)  # each band with the places around it that are still its
    if reach:
        extended = [((bands[k - 1][1] + s) // 2 if k else s - reach,
                     (e + bands[k + 1][0]) // 2 if k + 1 < len(bands) else e + reach) for k, (s, e) in enumerate(bands)]
    centres = [(bs + be) / 2 for bs, be in bands]
    placed_lines: list[list[tuple[int, int, str, list[int]]]] = []
    for pieces in lines:
        placed: list[tuple[int, int, str, list[int]]] = []
        out.caption.append([])
        for s, e, text in pieces:
            if e <= label_edge:
                out.caption[-1].append(text)
                continue
            hits = [k for k, centre in enumerate(centres) if s <= centre < e]
            if not hits and PERIOD_HEADING.search(text):
                # a short period heading centred over the gutter between two columns is theirs
                middle = (s + e) / 2
                hits = [k for k in range(len(bands) - 1) if bands[k][1] <= middle <= bands[k + 1][0]
                        and s < extended[k][1] and e > extended[k + 1][0]]
                hits = [hits[0], hits[0] + 1] if hits else []
            if not hits:
                overlaps = [(min(r, e) - max(l, s), k) for k, (l, r) in enumerate(extended)]
                best = max(overlaps)
                if best[0] <= 0:
                    continue
                hits = [best[1]]
            placed.append((s, e, text, hits))
        placed_lines.append(placed)
    if reach:
        _spread_left_aligned(placed_lines, bands)
    for n, placed in enumerate(placed_lines):
        for s, e, text, hits in placed:
            # A piece over several columns groups them (its mates lend each other a length or a
            # month and day) only when it speaks of periods: "(In millions)" over every column
            # joins no group.
            groups = len(hits) > 1 and speaks_of_periods(text)
            year = YEAR_CELL.match(text)
            for k in hits:
                out.per_column[k].append(text)
                if groups:
                    out.shared[k].add(n * 100_000 + s)
                if year:
                    out.year_of[k] = int(year.group(1))
    return out


def _spread_left_aligned(lines: list[list[tuple[int, int, str, list[int]]]], bands: list[tuple[int, int]]) -> None:
    """(Aligned text) A period heading flush with the left of its first column spans the columns after it up to
    the next piece of its line, unless another heading line gives those columns a length or a
    date of their own ("Three Months" over the first of four columns, "Nine Months Ended" over
    the last two), or belong to a group of another length.  (``lines``: per heading line, its pieces with the columns each was given, left
    to right; changed in place.)"""
    def kinds(text: str) -> set[str]:
        found = set()
        if periods.length_in(text) or re.search(r"\b(?:years?|quarters?)\b", text, re.I):
            found.add("length")
        if periods.month_day_in(text) or periods.dates_in(text):
            found.add("date")
        return found

    def length(text: str) -> str | None:
        found = periods.length_in(text)
        if found is None and re.search(r"\b(?:fiscal )?years?\b", text, re.I):
            found = periods.Length(months=12)
        return repr(found) if found else None

    own: list[set[str]] = [set() for _ in bands]  # what each column's headings say, before spreading
    lengths: list[set[str]] = [set() for _ in bands]  # the lengths they give
    for placed in lines:
        for s, e, text, hits in placed:
            for k in hits:
                own[k] |= kinds(text)
                if length(text):
                    lengths[k].add(length(text))
    for placed in lines:
        taken = {k for *_, hits in placed for k in hits}
        for n, (s, e, text, hits) in enumerate(placed):
            says = kinds(text)
            if not PERIOD_HEADING.search(text) or abs(s - bands[hits[0]][0]) > 2:
                continue
            limit = placed[n + 1][0] if n + 1 < len(placed) else None
            for k in range(hits[-1] + 1, len(bands)):
                if k in taken or (limit is not None and bands[k][0] >= limit) or own[k] & says:
                    break
                if lengths[k] and lengths[k] != lengths[hits[0]]:
                    break  # another group's column ("March 31," over the last quarter, not the years after it)
                hits.append(k)
                taken.add(k)


def normalize_heading(text: str) -> str:
    """Heading text as any grid gives it, spaced as words: "EndedSeptember 30,2024" -> "Ended September 30, 2024"
    (HTML and Markdown cells lose spaces between the lines of a cell)."""
    t = text.replace("\u00a0", " ")
    t = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", t)
    t = re.sub(r",(?=(?:19|20)\d\d\b)", ", ", t)
    t = re.sub(r"(?<=\d)(?=(?:Three|Six|Nine|Twelve|Thirteen|Fourteen|Twenty|Thirty|Fifty)\b)", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def left_aligned_groups(spans: list[tuple[int, int, str]], bands: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """A group heading written in the cell over the first of its columns, the cells beside it
    empty ("Three Months Ended" | "" | "Six Months Ended" | ""), heads the columns up to the next
    heading of its row.  Only a heading without a year ("December 31, 2024" heads its own
    column), standing over a value column; and only where the groups so made are the same size
    (a grid whose cells lost their spans, as a Markdown table's, places headings anywhere)."""
    spans = sorted(spans)
    out = []
    sizes = []
    for k, (s, e, text) in enumerate(spans):
        end = spans[k + 1][0] if k + 1 < len(spans) else bands[-1][1]
        heading = normalize_heading(text)  # ("YearEnded": the words of a cell that lost its spaces)
        if not periods.years_in(heading) and speaks_of_periods(heading) and s >= bands[0][0]:
            if band_of(s, e, bands) is None:
                return spans  # a group heading over no value column: the row's places are not the columns'
            sizes.append(sum(1 for bs, be in bands if s <= (bs + be) / 2 < max(e, end)))
            e = max(e, end)
        out.append((s, e, text))
    if len(set(sizes)) > 1:
        return spans
    return out
