"""Value columns of a grid: the bands where the numbers of the rows overlap, and which band a
cell falls in.  Spans are [start, end) in the grid's own places (characters of aligned text,
columns of a table of cells)."""
from __future__ import annotations

import math
from bisect import bisect_right
from typing import Protocol


class Spanned(Protocol):
    start: int
    end: int


def merged_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with those that overlap made one, left to right."""
    bands: list[tuple[int, int]] = []
    if not spans:
        return bands
    rest = iter(spans)
    start, end = next(rest)
    for s, e in rest:
        if s < end:
            if e > end:
                end = e
        else:
            bands.append((start, end))
            start, end = s, e
    bands.append((start, end))
    return bands


def band_of(start: int, end: int, bands: list[tuple[int, int]]) -> int | None:
    """The band that the span [start, end) overlaps most; None if none.  (Bands run left to right
    and do not overlap, as _bands and _grid_bands make them.)"""
    # A span inside a band (most are: the bands are made of them) overlaps that band wholly and
    # no other: the last band starting at or before it, found by bisection.
    k = bisect_right(bands, (start, math.inf)) - 1
    if k >= 0 and end <= bands[k][1] and start < end:
        return k
    best, overlap = None, 0
    for k, (s, e) in enumerate(bands):
        if s >= end:
            break  # this band and those right of it start past the span
        ov = min(e, end) - max(s, start)
        if ov > overlap:
            best, overlap = k, ov
    return best


def value_bands(rows: list[list[tuple[int, int]]], part_crowded: bool = True) -> list[tuple[int, int]]:
    """Column bands from the spans of each row's numbers: unions of overlapping spans over the
    rows.  A span far wider than most (a number centred over several columns) makes no band: it
    would fuse two; its number falls in the band it overlaps most.  Where a row holds several
    numbers in one band (columns whose numbers overlap from row to row, as a rendering of a page as
    text that does not keep its columns in line prints them), the band is that many columns,
    parted where the rows holding them all part them -- unless not ``part_crowded``: a table of
    cells whose cells lost their columns holds there numbers of different measures side by side,
    which no period tells apart (they are reported unplaced instead)."""
    spans = sorted(span for row in rows for span in row)
    if not spans:
        return []
    widths = sorted(e - s for s, e in spans)
    typical = widths[len(widths) // 2]
    widest = max(typical * 2, typical + 2)
    rows = [[(s, e) for s, e in row if e - s <= widest] for row in rows]
    bands = merged_spans([(s, e) for s, e in spans if e - s <= widest])
    if not part_crowded:
        return bands
    within: dict[int, list[list[tuple[int, int]]]] = {}  # band -> the runs of spans rows hold in it
    for row in rows:
        by_band: dict[int, list[tuple[int, int]]] = {}
        for s, e in row:
            k = band_of(s, e, bands)
            if k is not None:
                by_band.setdefault(k, []).append((s, e))
        for k, run in by_band.items():
            if len(run) > 1:
                within.setdefault(k, []).append(run)
    if not within:
        return bands
    parted = []
    for k, (s, e) in enumerate(bands):
        runs = within.get(k)
        if not runs:
            parted.append((s, e))
            continue
        n = max(len(run) for run in runs)
        full = [run for run in runs if len(run) == n]
        edges = [s]
        for j in range(n - 1):
            left = max(run[j][1] for run in full)
            right = min(run[j + 1][0] for run in full)
            if left < right:
                cut = (left + right) // 2
            else:  # no one place parts every row: where most rows part them
                middles = sorted((run[j][1] + run[j + 1][0]) // 2 for run in full)
                cut = middles[len(middles) // 2]
            edges.append(max(cut, edges[-1] + 1))
        edges.append(e)
        parted.extend(zip(edges, edges[1:]))
    return parted


def assign_to_bands(values: list[Spanned], bands: list[tuple[int, int]]) -> list[Spanned | None]:
    """A row's numbers, one per band: each in the band it overlaps most, or, where the number before
    it holds that band, in the next one it reaches."""
    cells: list[Spanned | None] = [None] * len(bands)
    for c in values:
        best = band_of(c.start, c.end, bands)
        if best is not None and cells[best] is not None and best + 1 < len(bands) \
                and cells[best + 1] is None and c.end > bands[best + 1][0]:
            best += 1
        if best is not None and cells[best] is None:
            cells[best] = c
    return cells
