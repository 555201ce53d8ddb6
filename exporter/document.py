"""A decoded release: its lines with their numbers in the file, and what it says about itself."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a release's text, with its line number in the file."""
    number: int  # 1-based line number in the file
    text: str


def _fill_line(self: Line, number: int, text: str, _number=Line.number.__set__, _text=Line.text.__set__) -> None:
    # A release has thousands of lines: the frozen dataclass's own __init__ sets each field through
    # object.__setattr__, which looks the slot up by name; setting the two slots directly makes the
    # same line in two thirds of the time.  (Slots, not a __dict__: reading a field stays as fast.)
    _number(self, number)
    _text(self, text)


Line.__init__ = _fill_line


@dataclass
class DocumentInfo:
    """What the document says about itself (all optional: releases vary)."""

    company: str | None = None
    ticker: str | None = None
    exchange: str | None = None
    cik: str | None = None
    dateline: date | None = None  # the release date from the dateline
    period_end: date | None = None  # from an EDGAR header (CONFORMED PERIOD OF REPORT)
    fiscal_period: str | None = None  # "Q1".."Q4", "FY" from the title
    fiscal_year: int | None = None
    title: str | None = None


@dataclass
class Document:
    """A decoded release: its lines, kind, what its header or title tells, and warnings."""
    path: str
    kind: str  # "text" | "html" | "markdown"
    lines: list[Line]  # the release's text; for HTML, the text of the page with source lines
    info: DocumentInfo
    encoding: str = "utf-8"
    html: object | None = None  # lxml root element for HTML releases
    raw: str = ""  # the release's markup/text as decoded (HTML/markdown readers work on it)
    first_line: int = 1  # file line of raw's first line (EDGAR documents start mid-file)
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)
