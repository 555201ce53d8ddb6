"""Heading text over value columns: which columns each piece of a heading line spans.

A reader gives the heading lines above a table's first row as pieces of text with their spans
(character columns in fixed-width text), and the value columns as bands [start, end) on the same
scale.  A piece belongs to the columns whose centre it spans ("Three Months Ended" to two, "2007"
to one); a short period heading over the gutter between two columns to both ("Year" / "ended"
over "2024   2023"); any other piece to the column it overlaps most.  A period heading set flush
with the left of its first column spans the columns after it up to the next piece of its line
("Year Ended" over "2017   2016" in a web page rendered as text), unless another heading line
gives those columns a length or a date of their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import periods

PERIOD_HEADING = re.compile(rf"\b(?:months?|weeks?|quarters?|years?|ended|ending|{periods.MONTH_NAME})\b", re.I)
YEAR_ONLY = re.compile(r"^(?:19|20)\d\d$")

Piece = tuple[int, int, str]  # start, end (exclusive), text


@dataclass
class PlacedHeadings:
    """The heading text over each column, in heading-line order."""
    per_column: list[list[str]]
    year_of: list[int | None]  # a column's own year ("2007" over it alone)
    shared: list[set[int]]  # per column: ids of the pieces it shares with other columns (group headings)
    caption: list[str] = field(default_factory=list)  # pieces over the label column


def place_headings(lines: list[list[Piece]], bands: list[tuple[int, int]], label_edge: int) -> PlacedHeadings:
    """Assign each heading line's pieces to the bands they sit over; pieces ending at or before
    ``label_edge`` (over the row labels) are caption text."""
    out = PlacedHeadings([[] for _ in bands], [None] * len(bands), [set() for _ in bands])
    extended = []
    for k, (s, e) in enumerate(bands):
        left = (bands[k - 1][1] + s) // 2 if k else s - 6
        right = (e + bands[k + 1][0]) // 2 if k + 1 < len(bands) else e + 6
        extended.append((left, right))
    centres = [(bs + be) / 2 for bs, be in bands]
    placed_lines: list[list[tuple[int, int, str, list[int]]]] = []
    for pieces in lines:
        placed: list[tuple[int, int, str, list[int]]] = []
        for s, e, text in pieces:
            if e <= label_edge:
                out.caption.append(text)
                continue
            hits = [k for k, centre in enumerate(centres) if s <= centre <= e]
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
    _spread_left_aligned(placed_lines, bands)
    for n, placed in enumerate(placed_lines):
        for s, e, text, hits in placed:
            for k in hits:
                out.per_column[k].append(text)
                if len(hits) > 1:
                    out.shared[k].add(n * 100_000 + s)
                if YEAR_ONLY.match(text):
                    out.year_of[k] = int(text)
    return out


def _spread_left_aligned(lines: list[list[tuple[int, int, str, list[int]]]], bands: list[tuple[int, int]]) -> None:
    """A period heading flush with the left of its first column spans the columns after it up to
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
