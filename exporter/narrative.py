"""Figures stated in prose become facts: value, concept, period and segment from the sentence.

    "Revenue in Europe, Mid-East and Africa (EMEA) was $1.37 million for the third quarter of
     2007, compared to $1.32 million for the same period in 2006, an increase of 4%."

gives Revenues = 1370000 (decimals -4) for 2007-07-01..2007-09-30 and 1320000 for the same
quarter of 2006, both on StatementGeographicalAxis = EuropeMiddleEastAndAfricaMember; "4%" is a
percentage and becomes no monetary fact.

How a figure is read (one sentence at a time, paragraphs carry their period forward):

* **value**: "$6.64 million" -> 6640000 with decimals -4 (the digits printed, then the scale
  word); "($0.03) per share" and "27 cents a share" are per-share amounts.
* **concept**: the line-item phrase nearest before the figure ("total revenue ... increased 18% to
  $6.64 million"), or just after it ("$0.72 million of positive cash flow from operations"), put
  through the same mapping rules as table labels (``mapping.RuleSet.match``), after a few prose
  synonyms ("gross margin" of dollars is gross profit).  A phrase must be whole: "subscription
  revenue" is not "revenue".  A figure with no phrase of its own after "compared to", "from" or
  "and" repeats the previous figure's concept and segment.
* **period**: a period phrase attached after the figure ("$4.09 million in the third quarter of
  2006"), else before it in the same clause, else the previous figure's (a comparison: the same
  period a year earlier), else the paragraph's or the heading's.  Phrases that follow "compared
  to" without a figure are the comparison of a percentage and are skipped.
* **segment**: geography ("in the U.S.", "outside of the U.S.", "EMEA", "Rest of World"),
  product lines ("sales of embolics used in interventional oncology"), reportable segments
  ("North America segment"); a figure in a list after "with" keeps the head figure's product
  line and adds its own geography (two dimensions).

Then each candidate is checked against the table facts: a figure that rounds to the table's
value for the same concept, period and segment only repeats it and adds nothing; one that
disagrees is reported as a warning naming both lines.  Every figure that becomes no fact is
reported as :class:`Unplaced` with the reason.
"""
from __future__ import annotations

import bisect
import functools
import math
import re
import weakref
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from . import mapping
from . import periods as periods_mod
from . import segments as segments_mod
from . import taxonomy as taxonomy_mod
from .model import (USD, USD_PER_SHARE, Context, Entity, ExtensionConcept, Fact, Member, Period, Provenance,
                    Unplaced)
from .periods import Length, duration_before
from .dates import MONTH_NAME, QUARTER_WORDS
from .document import Document
from .model import Row

RULE_SOURCE = "narrative"  # Provenance.rule prefix of prose facts


@dataclass
class Prose:
    """What the prose adds: facts, numbers that became none (with the reason), warnings, and the
    company members the facts use (to be declared in the extension schema)."""

    facts: list[Fact] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extension: list[ExtensionConcept] = field(default_factory=list)


def _holds_any(words: tuple[str, ...]):
    """A test of whether a text holds one of the words: ``w1 in text or w2 in text or ...``,
    compiled once.  Why: any() over a generator costs about ten times as much, and such tests
    are asked of every sentence and clause."""
    return eval("lambda text: " + " or ".join(f"{w!r} in text" for w in words))  # (the words are ours)


def _word_mask(words: tuple[str, ...]):
    """A text's mask of the words: bit k set when it holds words[k] (see _holds_any)."""
    return eval("lambda text: " + " | ".join(f"({1 << k} if {w!r} in text else 0)" for k, w in enumerate(words)))


# ---------------------------------------------------------------- case-insensitive scans

class Caseless:
    """A case-insensitive pattern searched fast.  Why: with re.I, SRE compares every character
    through case folding and tries the pattern at every position; most of this module's time
    went there.  On ASCII text a re.I pattern matches exactly where its lower-cased twin
    (compiled without re.I) matches the lower-cased text: both are the same character-by-
    character comparisons.  The twin finds where a match starts, and the pattern itself is then
    matched there, so callers get the genuine match (groups in the text's own case).  Text that
    is not ASCII (where re.I also folds characters such as "\u017f" and "\u212a") is searched
    with the pattern as usual."""

    __slots__ = ("rx", "twin", "pattern", "locator", "skips")

    def __init__(self, rx: re.Pattern, locator: str | None = None):
        """``locator``: a pattern (lower case, no re.I) that matches, in the lower-cased text,
        at every position rx can match at, written to start with a character set or literals
        so that SRE skips to the few places it can start (rx tries every position)."""
        self.rx = rx
        self.pattern = rx.pattern
        self.twin = re.compile(_lower_pattern(rx.pattern), rx.flags & ~re.IGNORECASE) if rx.flags & re.IGNORECASE else rx
        self.locator = re.compile(locator) if locator else None
        self.skips: dict[int, re.Pattern] = {}  # near's patterns, by reach

    def finditer(self, text: str, lowered: str | None):
        """rx.finditer(text); ``lowered`` is text.lower() when text is ASCII, else None."""
        if lowered is None or self.twin is self.rx:
            yield from self.rx.finditer(text)
            return
        match = self.rx.match
        if self.locator is None:
            for m in self.twin.finditer(lowered):
                yield match(text, m.start())
            return
        yield from self._located(text, lowered, 0, len(text))

    def _located(self, text: str, lowered: str, pos: int, end: int):
        """rx's matches in text[pos:end] (as finditer with endpos), through the locator: the next
        match starts at or after the next place the locator matches, so each is tried in turn."""
        locate, match = self.locator.search, self.rx.match
        while (found := locate(lowered, pos, end)) is not None:
            m = match(text, found.start(), end)
            if m is None:
                pos = found.start() + 1
                continue
            yield m
            pos = max(m.end(), found.start() + 1)

    def near(self, text: str, lowered: str | None, anchors: list[int], reach: int):
        """rx.finditer(text) when every match holds an anchor position (``anchors``, sorted) at
        most ``reach`` characters after its start: only the positions up to ``reach`` before an
        anchor are tried, each run of them by one call into SRE (a lazy skip of up to ``reach``
        characters before the pattern, as a look-ahead: the first place the pattern matches at).
        Why it is the same: the next match after ``pos`` starts at or after ``pos`` and within
        ``reach`` before an anchor it holds, so trying those positions in order finds it first;
        and each position tried is tried in order, from ``pos`` on, so what is found is the next
        match whether or not it holds that anchor."""
        if lowered is None:
            yield from self.rx.finditer(text)
            return
        subject = lowered if self.twin is not self.rx else text
        if reach > 64:
            # (a sentence with long runs of white space: a few sizes of skip, as trying more places
            # changes nothing, so that odd texts do not compile a pattern each)
            reach = 1 << (reach - 1).bit_length()
        skip = self.skips.get(reach)
        if skip is None:
            # (the first look-ahead turns down, before the pattern is tried there, the positions
            # whose character no match starts with)
            first = _first_chars(self.twin.pattern, self.twin.flags)
            guard = "(?=[" + "".join(re.escape(c) for c in sorted(first)) + "])" if first else ""
            skip = self.skips[reach] = re.compile(rf"(?s:.{{0,{reach}}}?){guard}(?={self.twin.pattern})", self.twin.flags)
        attempt, genuine = skip.match, self.rx.match
        pos = 0  # every start before it is decided
        i = 0
        while i < len(anchors):
            a = anchors[i]
            if a < pos:
                i += 1
                continue
            lo = a - reach if a - reach > pos else pos
            found = attempt(subject, lo)
            if found is None:
                pos = lo + reach + 1  # (lo .. lo + reach were tried)
                continue
            m = genuine(text, found.end())
            yield m
            pos = max(m.end(), found.end() + 1)

    def search(self, text: str, lowered: str | None, pos: int = 0, endpos: int | None = None):
        """rx.search(text, pos, endpos), see finditer."""
        end = len(text) if endpos is None else endpos
        if lowered is None or self.twin is self.rx:
            return self.rx.search(text, pos, end)
        if self.locator is None:
            m = self.twin.search(lowered, pos, end)
            return self.rx.match(text, m.start(), end) if m else None
        return next(self._located(text, lowered, pos, end), None)


def _first_chars(pattern: str, flags: int) -> frozenset[str] | None:
    """The ASCII characters a match of the pattern can start with, read off its parse (None when
    that cannot be told: a match may be empty, start with any character, or fold case).  A
    superset is safe: near() only uses it to turn positions down."""
    if flags & re.IGNORECASE:
        return None
    try:
        from re import _constants as sre, _parser
        items = _parser.parse(pattern, flags)
    except Exception:  # (another interpreter's re internals: no guard)
        return None
    ascii_chars = [chr(c) for c in range(128)]
    categories = {sre.CATEGORY_DIGIT: str.isdigit, sre.CATEGORY_SPACE: str.isspace,
                  sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_"}

    def of_sequence(seq) -> tuple[set[str] | None, bool]:  # (first characters, may match empty)
        out: set[str] = set()
        for op, av in seq:
            if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
                continue  # (zero width)
            first, empty = of_item(op, av)
            if first is None:
                return None, False
            out |= first
            if not empty:
                return out, False
        return out, True

    def of_item(op, av) -> tuple[set[str] | None, bool]:
        if op is sre.LITERAL:
            return {chr(av)}, False
        if op is sre.IN:
            chars: set[str] = set()
            for kind, value in av:
                if kind is sre.LITERAL:
                    chars.add(chr(value))
                elif kind is sre.RANGE:
                    chars.update(chr(c) for c in range(value[0], min(value[1], 127) + 1))
                elif kind is sre.CATEGORY and value in categories:
                    chars.update(c for c in ascii_chars if categories[value](c))
                else:
                    return None, False  # (a negated set, another category)
            return chars, False
        if op is sre.BRANCH:
            out, empty = set(), False
            for alternative in av[1]:
                first, alt_empty = of_sequence(alternative)
                if first is None:
                    return None, False
                out |= first
                empty = empty or alt_empty
            return out, empty
        if op is sre.SUBPATTERN:
            return (None, False) if av[1] & re.IGNORECASE else of_sequence(av[3])
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
            first, empty = of_sequence(av[2])
            return first, empty or av[0] == 0
        if op is getattr(sre, "ATOMIC_GROUP", None):
            return of_sequence(av)
        return None, False  # (any character, a group reference, ...)

    first, empty = of_sequence(items)
    return None if first is None or empty else frozenset(first)


def _lower_pattern(source: str) -> str:
    """A pattern's source with its literal letters lower-cased: escapes (\\S is not \\s) and group
    names stay as written."""
    return _PATTERN_PIECE.sub(_lower_piece, source)


# an escape, a group name, or a run of capitals (the only pieces that may change)
_PATTERN_PIECE = re.compile(r"\\.|\(\?P[<=][^>)]*[>)]|[A-Z]+", re.S)


def _lower_piece(m: re.Match) -> str:
    piece = m.group(0)
    return piece if piece[0] in "\\(" else piece.lower()


def _ascii_lower(text: str) -> str | None:
    """text.lower() for Caseless scans (None when text is not ASCII)."""
    return text.lower() if text.isascii() else None


# ---------------------------------------------------------------- sentences

@dataclass(slots=True)
class Sentence:
    """One sentence of prose, with where its pieces are in the source, and its paragraph."""
    text: str
    offsets: list[tuple[int, int, int]]  # (offset in text, line number, column) for each source piece
    paragraph: int  # index of its paragraph
    heading: bool = False  # a short line standing alone (a heading or a title)

    def locate(self, pos: int) -> tuple[int, int]:
        line, col = self.offsets[0][1], self.offsets[0][2]
        for off, ln, c in self.offsets:
            if off > pos:
                break
            line, col = ln, c + (pos - off)
        return line, col


BULLET = re.compile(r"^\s*(?:[-–—*•●◦▪·]+|\(?[a-z0-9]\)|\d+\.)\s+")
ABBREVIATIONS = re.compile(r"(?:\b(?:U\.S|U\.K|Inc|Corp|Co|Ltd|Mr|Mrs|Ms|Dr|St|No|vs|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|"
                           r"Sept?|Oct|Nov|Dec|Mass|Ill|Calif|N\.Y|D\.C|e\.g|i\.e|etc|L\.P|N\.A|S\.A)\.|\b[A-Z]\.)$")


# a label, a wide gap and a number: a table row.  (Written to start with the gap's whitespace,
# the "\S" before it a look-behind: SRE then skips straight to the line's spaces instead of
# trying the pattern at every position.)
TABLE_ROW = re.compile(r"\s(?<=\S\s)\s+(?:\$\s*)?\(?-?\d[\d,.]*\)?%?(?:\s{2,}|\s*$)")
BULLET_LEADS = frozenset("-–—*•●◦▪·(")
MD_HEADING = re.compile(r"^\s*#{1,6}\s+")
MD_ESCAPE = re.compile(r"\\([$*_#|\\-])")
PARA_RULE = re.compile(r"^\s*[-=_|:+ ]{3,}$")
THREE_WORDS = re.compile(r"[a-z]{3,}[ ,.;]+[a-z]{3,} [a-z]{3,}")  # prose words: not a table row


def paragraphs(doc: Document, skip: set[int]) -> list[list[tuple[int, str, int]]]:
    """Runs of prose lines: (line number, text, column of the text's first character).

    Lines of tables (``skip``), markdown pipe rows and lines shaped like table rows (a label and
    numbers separated by wide gaps) are not prose.  A bullet starts a new paragraph."""
    out: list[list[tuple[int, str, int]]] = []
    current: list[tuple[int, str, int]] = []  # (a paragraph ends where a line is no prose)
    markdown = doc.kind == "markdown"
    html = doc.kind == "html"
    flattened = html or markdown
    for line in doc.lines:
        if line.number in skip:
            if current:
                out.append(current)
                current = []
            continue
        raw = line.text
        left = raw.lstrip()
        first = left[:1]
        # (a rule line starts with one of its characters: the others spare the match)
        if not first or first == "|" or (first in "-=_:+" and PARA_RULE.match(raw)):
            if current:
                out.append(current)
                current = []
            continue
        text = raw
        if markdown:
            # (each pattern needs its mark: most lines spare the substitution)
            if "#" in text:
                text = MD_HEADING.sub("", text)
            text = text.replace("**", "").replace("__", "")
            if "\\" in text:
                text = MD_ESCAPE.sub(r"\1", text)
        left_text = left if text is raw else text.lstrip()
        lead = left_text[:1]
        # (a bullet starts with a mark or "(", a digit, or a lower-case letter and then ")" as in
        # "a) ": most lines, continuations of a paragraph, spare the match)
        bullet = BULLET.match(text) if lead in BULLET_LEADS or lead.isdecimal() or \
            ("a" <= lead <= "z" and left_text[1:2] == ")") else None
        body = text[bullet.end():] if bullet else text  # (BULLET is anchored: at most one match)
        # (a table row's gap is two white-space characters after a non-space one: most prose
        # lines have none past their indentation)
        if (_wide_space(left if body is raw else body.lstrip()) and TABLE_ROW.search(body)
                and not THREE_WORDS.search(body)) or \
                (flattened and _numeric_row(body)):
            if current:
                out.append(current)
                current = []
            continue
        if bullet and current:
            out.append(current)
            current = []
        current.append((line.number, body.strip(), len(raw) - len(left) + (len(text) - len(body)) + 1))
        if html:
            out.append(current)  # an HTML line is a whole block (paragraph, heading, list item)
            current = []
    if current:
        out.append(current)
    return out


ROW_NUMBER = re.compile(r"\(?\$?\s?\d[\d,]*(?:\.\d+)?\)?%?")
ROW_YEAR = re.compile(r"(?:19|20)\d\d")
ROW_WORD = re.compile(r"\b[a-z]{3,}\b")
ROW_ENDS_IN_NUMBER = re.compile(r"\d\)?%?\s*$")
ROW_VERB = re.compile(r"\b(?:was|were|is|are|totaled|rose|fell|increased|decreased|reported)\b")


def _numeric_row(text: str) -> bool:
    """A table row flattened to text (HTML cells joined by spaces): numbers outweigh words, or a
    short label ends in a number ("Cash, cash equivalents and marketable securities $ 25,984")."""
    if not DIGIT.search(text):
        return False  # (no number: neither test below can hold)
    nums = [t for t in ROW_NUMBER.findall(text) if not ROW_YEAR.fullmatch(t.strip())]
    if nums and ROW_ENDS_IN_NUMBER.search(text) and len(text.split()) <= 12 and not ROW_VERB.search(text):
        return True
    return len(nums) >= 2 and len(ROW_WORD.findall(text)) < 2 * len(nums)


HEADING_STOP = re.compile(r"[.;:!?]\"?$")  # a line ending so is a sentence, not a heading
SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“(]?[A-Z$])")


def sentences(doc: Document, skip: set[int] = frozenset(), *, figures_or_headings: bool = False) -> list[Sentence]:
    """The prose of a document split into sentences, with positions back into the file.
    ``figures_or_headings``: only the sentences of headings and of paragraphs that may hold a
    figure (a digit, and "$", "%" or a scale word); the others are not split."""
    out: list[Sentence] = []
    for p, para in enumerate(paragraphs(doc, skip)):
        text, offsets = "", []
        for number, piece, column in para:
            if text:
                if text.endswith("-") and not text.endswith(" -") and piece[:1].islower():
                    text = text[:-1]  # a word broken over two lines
                else:
                    text += " "
            offsets.append((len(text), number, column))
            text += piece
        if figures_or_headings and len(para) > 1 and not _may_hold_figure(text):
            continue  # (a heading is one line)
        heading = len(para) == 1 and len(text) < 90 and not HEADING_STOP.search(text) and not BULLET.match(text)
        start = 0
        offs = [o[0] for o in offsets]
        for m in SENTENCE_END.finditer(text):
            # ABBREVIATIONS is anchored at the end and at most 7 characters long: a window of the
            # text before the stop answers as the whole text before it would (and costs O(1))
            if ABBREVIATIONS.search(text, max(0, m.start() - 15), m.start() + 1):
                continue
            out.append(_slice(text, offsets, offs, start, m.end(), p, heading))
            start = m.end()
        if start < len(text):
            out.append(_slice(text, offsets, offs, start, len(text), p, heading))
    return [s for s in out if s.text.strip()]


def _may_hold_figure(text: str) -> bool:
    """Whether a sentence of the text may hold a figure (_holds_figure without the word
    boundaries): a digit, and "$", "%" or one of FIGURE_WORD's words as letters."""
    if not DIGIT.search(text):
        return False
    return "$" in text or "%" in text or HOLDS_FIGURE_WORD(_fold(text))


def _slice(text: str, offsets, offs: list[int], start: int, end: int, paragraph: int, heading: bool) -> Sentence:
    """The sentence text[start:end]; ``offsets`` (see Sentence) of the paragraph, ``offs`` their
    offsets alone (increasing, the first 0): the sentence starts in the last piece starting at or
    before ``start`` and holds the pieces starting before ``end``."""
    piece = text[start:end].rstrip()
    k = bisect.bisect_right(offs, start) - 1
    off, ln, col = offsets[k]
    locs = [(0, ln, col + (start - off))]
    for off, ln, col in offsets[k + 1:bisect.bisect_left(offs, end, k + 1)]:
        locs.append((off - start, ln, col))
    return Sentence(piece, locs, paragraph, heading)


# ---------------------------------------------------------------- figures

SCALES = {"thousand": 3, "thousands": 3, "k": 3, "million": 6, "millions": 6, "mm": 6, "mn": 6, "m": 6,
          "billion": 9, "billions": 9, "bn": 9, "b": 9, "trillion": 12}
NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
MONEY_RE = re.compile(
    rf"(?P<open>\()?(?P<cur>US\$|U\.S\.\s?\$|\$|USD\s?)\s?(?P<neg>-)?(?P<num>{NUM})\)?"
    rf"(?:\s?(?P<scale>thousand|million|billion|trillion|mm|mn|bn|[mkb])\b)?", re.I)
CENTS_RE = re.compile(rf"\b(?P<num>\d{{1,3}}(?:\.\d+)?)\s+cents?\b", re.I)
PER_SHARE_AFTER = re.compile(r"^\s*\)?\s*(?:per|a|each)\s+(?P<kind>(?:basic and diluted|diluted|basic|fully diluted)\s+)?"
                             r"(?:common\s+|ordinary\s+)?(?:share|unit)\b(?:,?\s+(?:on\s+an?\s+)?(?P<kind2>basic and diluted|diluted|basic)(?:\s+basis)?)?", re.I)
PERCENT_RE = re.compile(rf"(?<![\w.$])(?:{NUM})\s?(?:%|percent\b|per cent\b|percentage points?\b|basis points?\b|bps\b)", re.I)
SHARES_AFTER = re.compile(r"^\s*(?:(?:common|ordinary|weighted[- ]average|average|diluted|basic|outstanding|common equivalent)\s+)*shares\b", re.I)
COUNT_RE = re.compile(rf"(?<![\w.$,])({NUM})\s+(million|billion|thousand)\b", re.I)
FOREIGN_AFTER = re.compile(r"^\s*(?:yen|euros?|pounds|rupees|yuan|renminbi|won|pesos|francs)\b", re.I)
# Their locators: an amount starts with "(" and a currency, or a currency; a percentage or a count
# with its number (at a place its look-behind allows) and the number's characters lead to the
# word that makes it one.  (Each starts with literals or a set, see Caseless.)
MONEY_SCAN = Caseless(MONEY_RE, r"\((?:us\$|u\.s\.\s?\$|\$|usd)|u(?:s\$|\.s\.\s?\$|sd)|\$")


class UnitScan(Caseless):
    """A Caseless pattern for a number and the word after it (a percentage, a count, cents),
    found from that word: on ASCII text its matches start in the run of number characters that
    ends right before each occurrence of one of ``units`` (in the lower-cased text), past one
    white-space character (``gap`` "?") or a run of them ("+").  Those places are tried in
    order, as finditer would try every place: the same matches, without trying the pattern at
    every digit and full stop of the sentence.  ``not_after``: characters the pattern's start
    may not follow (its look-behind or \b, in the lower-cased text): places after one are
    not tried."""

    __slots__ = ("units", "gap", "not_after", "run_start_only")

    def __init__(self, rx: re.Pattern, units: tuple[str, ...], gap: str, not_after: str):
        super().__init__(rx)
        self.units, self.gap = units, gap
        self.not_after = frozenset(not_after)
        # (when no number character may come before a start, a run's first place is its only one)
        self.run_start_only = self.not_after >= frozenset(NUMBER_CHARS)

    def finditer(self, text: str, lowered: str | None):
        if lowered is None:
            yield from self.rx.finditer(text)
            return
        if sum(lowered.count(unit) for unit in self.units) > 64:
            yield from super().finditer(text, lowered)  # (a text of many units: one scan in SRE)
            return
        starts: set[int] = set()
        run_start_only = self.run_start_only
        for unit in self.units:
            at = lowered.find(unit)
            while at >= 0:
                # (walked back from the word, not sliced: a text of many units stays linear)
                end = at
                if self.gap == "+":
                    while end and lowered[end - 1].isspace():
                        end -= 1  # (with no white space, the pattern turns the places down)
                    ends = (end,)
                else:
                    ends = (end, end - 1) if end and lowered[end - 1].isspace() else (end,)  # (without, with the one space)
                for end in ends:
                    start = end
                    while start and lowered[start - 1] in NUMBER_CHARS:
                        start -= 1
                    if run_start_only:
                        if start < end:
                            starts.add(start)
                    else:
                        starts.update(range(start, end))
                at = lowered.find(unit, at + 1)
        if not starts:
            return
        pos = 0
        match, not_after = self.rx.match, self.not_after  # (places after one of not_after are turned down here)
        for start in sorted(starts):
            if start >= pos and (not start or lowered[start - 1] not in not_after) and \
                    (m := match(text, start)) is not None:
                yield m
                pos = m.end()


NUMBER_CHARS = "0123456789,."  # what NUM's numbers are written with


_WORD_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_"  # \w in lower-cased ASCII text
CENTS_SCAN = UnitScan(CENTS_RE, ("cent",), "+", _WORD_CHARS)  # (\b before a digit)
PERCENT_SCAN = UnitScan(PERCENT_RE, ("%", "percent", "per cent", "basis point", "bps"), "?", _WORD_CHARS + ".$")
COUNT_SCAN = UnitScan(COUNT_RE, ("million", "billion", "thousand"), "+", _WORD_CHARS + ".$,")
NUMBER_NEXT = re.compile(r"\s*-?\d")  # "$1 2": the amount goes on
LETTER_NEXT = re.compile(r"[a-zA-Z]")
APPOSITIVE_GAP = re.compile(r"\s*,?\s*(?:or|and|equal to|which is|\()?\s*")
APPOSITIVE_NEXT = re.compile(r"\s*[,;]?\s*(?:or|and)?\s*\(?\s*")


@dataclass(slots=True)
class Figure:
    """One amount, per-share amount, share count or percentage in a sentence."""
    start: int
    end: int
    text: str
    kind: str  # "money" | "per_share" | "percent" | "shares" | "foreign"
    value: Decimal = Decimal(0)  # unsigned, scaled
    decimals: int = 0
    negative: bool = False  # printed in parentheses or with a minus
    per_share_kind: str = ""  # "basic and diluted" | "diluted" | "basic" | ""
    attached_to: int | None = None  # index of the money figure a per-share appositive belongs to


HOLDS_PERCENT_WORD = _holds_any(("percent", "per cent", "basis point", "bps"))  # PERCENT_RE needs one (or "%")
HOLDS_SCALE_WORD = _holds_any(("million", "billion", "thousand"))  # COUNT_RE needs one


def figures(text: str) -> list[Figure]:
    """Every amount, per-share amount, share count and percentage in a sentence, in order."""
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    if not DIGIT.search(text):
        return found  # every figure has a digit
    # each pattern below needs a literal ("$"/"usd", "cent", "%"/"percent"/..., a scale word):
    # a sentence without it skips that scan (the scans try every position, case-insensitively)
    folded = _fold(text)
    lowered = _ascii_lower(text)
    money = "$" in text or "usd" in folded
    for m in (MONEY_SCAN.finditer(text, lowered) if money else ()):
        if NUMBER_NEXT.match(text, m.end(), m.end() + 2) or (m.group("scale") or "").lower() in ("b", "k", "m") and \
                LETTER_NEXT.match(text[m.end():m.end() + 1] or " "):
            continue
        digits = m.group("num").replace(",", "")
        value = Decimal(digits)
        dec = len(digits.split(".")[1]) if "." in digits else 0
        scale = SCALES.get((m.group("scale") or "").lower(), 0)
        end = m.end()
        rest = text[end:end + 60]
        neg = bool(m.group("open") and text[m.end() - 1:m.end()] == ")" or m.group("neg"))
        ps = PER_SHARE_AFTER.match(rest)
        if ps and not scale:
            kind = ((ps.group("kind") or ps.group("kind2") or "").strip().lower()).replace("fully ", "")
            found.append(Figure(m.start(), end + ps.end(), text[m.start():end + ps.end()], "per_share", value, dec,
                                neg, kind))
        elif FOREIGN_AFTER.match(rest):
            found.append(Figure(m.start(), end, m.group(0), "foreign", value, dec))
        else:
            found.append(Figure(m.start(), end, m.group(0), "money", value.scaleb(scale), dec - scale, neg))
        taken.append((m.start(), found[-1].end))
    for m in (CENTS_SCAN.finditer(text, lowered) if "cent" in folded else ()):
        if any(s <= m.start() < e for s, e in taken):
            continue
        ps = PER_SHARE_AFTER.match(text[m.end():m.end() + 60])
        if ps:
            digits = m.group("num")
            value = Decimal(digits) / 100
            dec = (len(digits.split(".")[1]) if "." in digits else 0) + 2
            kind = (ps.group("kind") or ps.group("kind2") or "").strip().lower()
            found.append(Figure(m.start(), m.end() + ps.end(), text[m.start():m.end() + ps.end()], "per_share",
                                value, dec, False, kind))
            taken.append((m.start(), m.end() + ps.end()))
    percent = "%" in text or HOLDS_PERCENT_WORD(folded)
    for m in (PERCENT_SCAN.finditer(text, lowered) if percent else ()):
        if not any(s <= m.start() < e for s, e in taken):
            found.append(Figure(m.start(), m.end(), m.group(0), "percent"))
            taken.append((m.start(), m.end()))
    scaled = HOLDS_SCALE_WORD(folded)
    for m in (COUNT_SCAN.finditer(text, lowered) if scaled else ()):
        if any(s <= m.start() < e for s, e in taken):
            continue
        rest = text[m.end():m.end() + 40]
        kind = "shares" if SHARES_AFTER.match(rest) else "foreign" if FOREIGN_AFTER.match(rest) else "count"
        found.append(Figure(m.start(), m.end(), m.group(0), kind))
    found.sort(key=lambda f: f.start)
    # "or $0.03 per basic and diluted share" right after an amount belongs to that amount
    last_money = None
    for i, f in enumerate(found):
        if f.kind == "money":
            last_money = i
        elif f.kind == "per_share" and last_money is not None:
            between = text[found[last_money].end:f.start]
            if APPOSITIVE_GAP.fullmatch(between):
                f.attached_to = last_money
            elif i and found[i - 1].attached_to is not None and \
                    APPOSITIVE_NEXT.fullmatch(text, found[i - 1].end, f.start):
                f.attached_to = found[i - 1].attached_to  # "$0.89 per share ($0.88 per share on a diluted basis)"
    return found


# ---------------------------------------------------------------- periods

YEAR = r"(?:19|20)\d\d"
DATE = rf"{MONTH_NAME}\s+\d{{1,2}}(?:\s*,\s*|\s+){YEAR}"  # (as sources.DATE_RE: "Sept 30,2025" too)
_Q = r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)"
_N = r"(?:three|six|nine|twelve|thirteen|twenty-six|thirty-nine|fifty-two|fifty-three|\d{1,2})"
PERIOD_PATTERNS: list[tuple[str, re.Pattern]] = [
    # "the three-month and nine-month periods ended September 30, 2024", "three and nine months ended ..."
    ("pair", re.compile(
        rf"\b(?:the\s+)?(?P<n1>{_N})(?:[- ](?:months?|weeks?)(?:\s+periods?)?)?\s+and\s+(?P<n2>{_N})[- ](?P<unit>months?|weeks?)"
        rf"(?:\s+periods?)?\s+(?:ended|ending)\s+(?P<date>{DATE})", re.I)),
    ("length_ended", re.compile(
        rf"\b(?:the\s+)?(?:trailing\s+|first\s+|last\s+)?(?P<n>three|six|nine|twelve|thirteen|twenty-six|thirty-nine|fifty-two|fifty-three|\d{{1,2}})"
        rf"[- ](?P<unit>months?|weeks?)(?:\s+fiscal)?(?:\s+periods?|\s+quarter|\s+year)?\s+(?:ended|ending|through)\s+(?P<date>{DATE})", re.I)),
    ("quarter_ended", re.compile(
        rf"\b(?:the\s+)?(?:(?:fiscal\s+)?(?:{YEAR}\s+)?(?:fiscal\s+)?{_Q}\s+)?(?:fiscal\s+)?(?P<kind>quarter|year|fiscal year)\s+(?:ended|ending)\s+(?P<date>{DATE})", re.I)),
    ("quarter", re.compile(
        rf"\b(?:the\s+)?(?:(?P<y1>{YEAR})\s+)?(?:fiscal\s+)?{_Q}[- ](?:fiscal[- ])?quarter(?:\s+(?:of\s+)?(?:fiscal\s+)?(?:year\s+)?(?P<y2>{YEAR})\b)?", re.I)),
    # "the June 2025 quarter": the quarter ending in that month
    ("month_quarter", re.compile(rf"\b(?:the\s+)?(?P<month>{MONTH_NAME})\s+(?P<y>{YEAR})\s+(?:fiscal\s+)?quarter\b", re.I)),
    ("q_token", re.compile(rf"\b(?:fiscal\s+)?Q(?P<q>[1-4])\s*(?:FY\s*)?'?(?P<y2>{YEAR}|\d\d)\b")),
    ("ttm", re.compile(r"\bthe\s+trailing\s+twelve\s+months\b", re.I)),
    ("instant", re.compile(rf"\b(?:at|as of|as at|on)\s+(?P<date>{DATE})", re.I)),
    ("full_year", re.compile(
        rf"\b(?:the\s+)?(?:(?:full|fiscal)[- ]year|fiscal|year)\s+(?:of\s+)?(?P<y2>{YEAR})\b|\b(?:fiscal\s+)?(?P<y1>{YEAR})\s+(?:full[- ]year|fiscal year|year)\b|"
        r"\b(?:the\s+)?full[- ]year\b", re.I)),
    ("relative", re.compile(
        rf"\b(?:the\s+)?(?:same|comparable|corresponding|prior[- ]year|year[- ]ago|prior|previous[- ]year|previous)\s+"
        rf"(?P<unit>periods?|quarter|year periods?|year quarter|fiscal quarter|nine[- ]month period|six[- ]month period)"
        rf"(?:\s+(?:of|in|a)\s+(?:(?P<y>{YEAR})|(?:the\s+)?(?:last|prior|previous)\s+(?:fiscal\s+)?year|year ago))?"
        rf"|\b(?:a|one)\s+year\s+(?:ago|earlier)|\blast\s+year'?s\s+(?:{_Q}\s+)?quarter|\bthe\s+prior[- ]year\b", re.I)),
    ("current", re.compile(r"\b(?:the|this|current)\s+(?:current\s+|latest\s+|most recent\s+)?(?:fiscal\s+)?quarter\b(?!\s+of\b)", re.I)),
    ("bare_year", re.compile(rf"\b(?:in|for|during|of)\s+(?P<y2>{YEAR})\b(?!\s*(?:,|and)\s*{YEAR})(?![\w-])", re.I)),
]
PERIOD_SCANS = [(kind, Caseless(rx)) for kind, rx in PERIOD_PATTERNS]
# Where each period pattern's matches can start: every match holds one of the anchor words (in
# the lower-cased text; "<year>" a four-digit year, "Q" in the text as written), at most
# base + per_space * (the sentence's longest run of white space) characters after its start,
# read off the pattern: e.g. "quarter" comes after at most "the 2007 fiscal fourth fiscal-"
# (27 characters and three runs of space).  Each reach has 4 characters to spare.
PERIOD_ANCHORS: dict[str, tuple[tuple[str, ...], int, int]] = {
    "pair": (("and",), 28 + 4, 3),  # "the thirty-nine-months periods and"
    "length_ended": (("month", "week"), 23 + 4, 2),  # "the trailing thirty-nine-month"
    "quarter_ended": (("end",), 42 + 4, 8),  # "the fiscal 2007 fiscal fourth fiscal fiscal year ended"
    "quarter": (("quarter",), 27 + 4, 3),
    "month_quarter": (("quarter",), 24 + 4, 4),  # "the September. 2024 fiscal quarter"
    "q_token": (("Q",), 6 + 4, 1),  # "fiscal Q"
    "ttm": (("trailing",), 3 + 4, 1),
    "instant": (("<year>",), 18 + 4, 4),  # "as of September. 30 , 2007"
    "full_year": (("<year>", "full"), 16 + 4, 3),  # "the fiscal-year of 2007", "2007 year", "the full year"
    "relative": (("same", "comparable", "corresponding", "prior", "year", "previous", "last"), 3 + 4, 1),
    "current": (("quarter",), 24 + 4, 3),  # "current most recent fiscal quarter"
    "bare_year": (("<year>",), 6 + 4, 1),  # "during 2007"
}
assert set(PERIOD_ANCHORS) == {kind for kind, _ in PERIOD_PATTERNS}
SPACE_RUN = re.compile(r"\s{2,}")
COMPARISON = re.compile(r"(?:\bcompared\s+(?:to|with)|\bcompares?\s+(?:to|with)|\bas compared|\bversus\b|\bvs\.?|\bfrom\b|\bover\b|\bthan\b|"
                        r"\bagainst\b|\brelative to\b|\bup from\b|\bdown from\b)", re.I)


@dataclass(slots=True)
class PeriodPhrase:
    """A phrase of a sentence that names a period ("the quarter ended ...")."""
    start: int
    end: int
    text: str
    kind: str
    match: re.Match
    comparison: bool = False  # preceded by "compared to", "from", ...


# every month name and abbreviation of MONTH_NAME (a DATE) starts with one of these
MONTH_PREFIXES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# a sentence without one of these (or a digit) names no period: every month name starts with
# one of MONTH_PREFIXES
PERIOD_HINT_WORDS = ("quarter", "year", "period", "month", "week") + MONTH_PREFIXES
HOLDS_PERIOD_HINT, HOLDS_MONTH = _holds_any(PERIOD_HINT_WORDS), _holds_any(MONTH_PREFIXES)
DIGIT = re.compile(r"\d")
YEAR_RE = re.compile(YEAR)
# What each period pattern cannot match without (words of the lower-cased text, any one of each
# group; "year": a four-digit year; "Q": a capital Q): most sentences skip most patterns.
PERIOD_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "pair": (("and",), ("month", "week"), ("ended", "ending"), ("<year>",), ("<month>",)),
    "length_ended": (("month", "week"), ("ended", "ending", "through"), ("<year>",), ("<month>",)),
    "quarter_ended": (("quarter", "year"), ("ended", "ending"), ("<year>",), ("<month>",)),
    "quarter": (("quarter",),),
    "month_quarter": (("quarter",), ("<year>",), ("<month>",)),
    "q_token": (("<Q>",),),
    "ttm": (("trailing",), ("twelve",)),
    "instant": (("<year>",), ("<month>",)),
    "full_year": (("year", "fiscal"),),
    "relative": (("period", "quarter", "year"),),
    "current": (("quarter",),),
    "bare_year": (("<year>",),),
}


def _fold(text: str) -> str:
    """Lower-cased text in which a case-insensitive pattern's ASCII letters can be looked up
    literally (re.I also matches the dotted/dotless i and the long s with "i" and "s")."""
    low = text.lower()
    if not low.isascii():
        low = low.replace("\u017f", "s").replace("\u0131", "i").replace("\u0307", "")
    return low






# each pattern's groups: PERIOD_NEEDS' and its anchor words (every match holds one of those
# too, see PERIOD_ANCHORS; "Q" is "<Q>" there)
PERIOD_GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {
    kind: groups + (tuple("<Q>" if w == "Q" else w for w in PERIOD_ANCHORS[kind][0]),)
    for kind, groups in PERIOD_NEEDS.items()}
# every word those groups name, "<year>", "<month>" and "<Q>" last: a sentence's words are
# looked up once, as a mask of them, and each pattern's groups are masks too
PERIOD_NEED_WORDS: tuple[str, ...] = tuple(sorted({w for groups in PERIOD_GROUPS.values() for group in groups
                                                   for w in group if not w.startswith("<")})) + ("<year>", "<month>", "<Q>")
_YEAR_BIT, _MONTH_BIT, _Q_BIT = (1 << PERIOD_NEED_WORDS.index(w) for w in ("<year>", "<month>", "<Q>"))
PERIOD_NEED_MASKS: dict[str, tuple[int, ...]] = {
    kind: tuple(sum(1 << PERIOD_NEED_WORDS.index(w) for w in group) for group in groups)
    for kind, groups in PERIOD_GROUPS.items()}
_period_words_in = _word_mask(PERIOD_NEED_WORDS[:-3])


def _needs_present(text: str, folded: str, has_year: bool, has_month: bool) -> int:
    """The mask of the words of PERIOD_NEED_WORDS the sentence holds (bits as they are ordered
    there), with "<year>", "<month>" and "<Q>"."""
    return (_period_words_in(folded) | (_YEAR_BIT if has_year else 0) | (_MONTH_BIT if has_month else 0)
            | (_Q_BIT if "Q" in text else 0))


def _scans_for(present: int) -> list[tuple[str, Caseless]]:
    """The PERIOD_SCANS whose every group of PERIOD_NEEDS has a word in ``present`` (a mask, see
    _needs_present; the other patterns cannot match), in their order.  Remembered per mask: a
    release's sentences hold few different sets of these words."""
    scans = _SCANS_FOR.get(present)
    if scans is None:
        if len(_SCANS_FOR) > 4096:
            _SCANS_FOR.clear()
        scans = _SCANS_FOR[present] = [(kind, rx) for kind, rx in PERIOD_SCANS
                                       if all(present & group for group in PERIOD_NEED_MASKS[kind])]
    return scans


_SCANS_FOR: dict[int, list[tuple[str, Caseless]]] = {}


COMPARED_BEFORE = re.compile(r"(?:compared\s+(?:to|with)|versus|vs\.?|\bfrom|\bover|\bthan|against)\s+(?:the\s+|that\s+of\s+)?$",
                             re.I)


# COMPARED_BEFORE needs one of these words (in the folded text): sought all at once
COMPARED_WORDS = re.compile("compar|versus|vs|from|over|than|against")


def period_phrases(text: str) -> list[PeriodPhrase]:
    out: list[PeriodPhrase] = []
    folded = _fold(text)
    if not DIGIT.search(text) and not HOLDS_PERIOD_HINT(folded):
        return out
    has_year = YEAR_RE.search(text) is not None
    has_month = has_year and HOLDS_MONTH(folded)  # only DATE needs one, and a DATE has a year
    present = _needs_present(text, folded, has_year, has_month)
    lowered = _ascii_lower(text)
    space = years = None  # (asked for once a pattern is scanned)
    anchored: dict[tuple, list[int]] = {}  # anchor words -> their positions (kinds share them)
    for kind, rx in _scans_for(present):
        if lowered is None:
            found = rx.finditer(text, lowered)
        else:
            if space is None:
                space = max(map(len, SPACE_RUN.findall(text)), default=1) if _wide_space(text) else 1
                years = [m.start() for m in YEAR_RE.finditer(text)] if has_year else []
            words, base, per_space = PERIOD_ANCHORS[kind]
            lowered_scan = rx.twin is not rx.rx  # (the anchors of a pattern without re.I: in the text as written)
            anchors = anchored.get((words, lowered_scan))
            if anchors is None:
                anchors = anchored[(words, lowered_scan)] = _positions(lowered if lowered_scan else text, words, years)
            if not anchors:
                continue  # (no match holds none)
            found = rx.near(text, lowered, anchors, base + per_space * space)
        for m in found:
            start, end = m.span()
            for p in out:  # (a phrase of an earlier pattern holds this place)
                if p.start <= start < p.end or start <= p.start < end:
                    break
            else:
                before = text[max(0, start - 24):start]
                # (the pattern needs one of its words: most phrases spare it)
                comp = COMPARED_WORDS.search(_fold(before)) is not None and COMPARED_BEFORE.search(before) is not None
                out.append(PeriodPhrase(start, end, m.group(0), kind, m, comp))
    out.sort(key=lambda p: p.start)
    return out


def _wide_space(text: str) -> bool:
    """Whether text may hold a run of more than one white-space character."""
    # (ASCII white space but " " is not printable: printable ASCII text spares the search)
    return "  " in text or not text.isascii() or (not text.isprintable() and OTHER_SPACE.search(text) is not None)


# ASCII white space but " " (a character class: SRE tests each character in C, where a set's
# isdisjoint would hash each one)
OTHER_SPACE = re.compile("[\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f]")


def _positions(text: str, words: tuple[str, ...], years: list[int]) -> list[int]:
    """Sorted start positions of the words in text ("<year>": the given years' positions)."""
    out: list[int] = []
    for word in words:
        if word == "<year>":
            out.extend(years)
            continue
        at = text.find(word)
        while at >= 0:
            out.append(at)
            at = text.find(word, at + 1)
    if len(words) > 1:
        out.sort()
    return out


class Calendar:
    """Resolves period phrases with the release's own periods: the table columns' periods (52/53-
    week years keep their exact dates), the title's fiscal period and the dateline."""

    def __init__(self, doc: Document, known: list[Period]):
        self.known = sorted(set(known), key=lambda p: (p.end, p.start or p.end))
        # what snap compares of each (the length is computed, and snap is asked often)
        self._known_keys = [(p.is_instant, p.end, p.months, p) for p in self.known]
        durations = [p for p in self.known if not p.is_instant]
        info = doc.info
        self.current: Period | None = None
        quarters = [p for p in durations if p.months == 3]
        if info.period_end:
            quarters = [p for p in quarters if abs((p.end - info.period_end).days) <= 7] or quarters
        if quarters:
            self.current = max(quarters, key=lambda p: p.end)
        elif durations:
            self.current = max(durations, key=lambda p: (p.end, -p.months))
        self.fiscal_period = info.fiscal_period
        self.fiscal_year = info.fiscal_year
        if self.current is None and info.fiscal_year and info.fiscal_period and info.fiscal_period.startswith("Q"):
            q = int(info.fiscal_period[1])
            end = _month_end(info.fiscal_year, 3 * q)
            self.current = duration_before(end, Length(months=3))
        if self.fiscal_year is None and self.current is not None:
            self.fiscal_year = self.current.end.year
        self.year_end = self._year_end()
        # answers of snap/shift/quarter: pure functions of the arguments once the calendar is
        # built, asked for again and again (every figure of a paragraph resolves its phrases)
        self._snapped: dict[Period, Period] = {}
        self._shifted: dict[tuple[Period, int], Period] = {}
        self._quarters: dict[tuple[int, int | None], Period | None] = {}
        self._resolved: dict[tuple, Period | None] = {}

    def _year_end(self) -> Period | None:
        """The fiscal year the release reports in (the title's fiscal year)."""
        years = [p for p in self.known if not p.is_instant and p.months == 12]
        if years and (self.fiscal_period in (None, "FY", "Q4") or self.current is None):
            # a 12-month column is the fiscal year only in a year-end release (else it may be a
            # trailing-twelve-months column)
            return max(years, key=lambda p: p.end)
        if self.current is not None and self.fiscal_period and self.fiscal_period.startswith("Q"):
            q = int(self.fiscal_period[1])
            end = _shift_months(self.current.end, 3 * (4 - q))
            return duration_before(end, Length(months=12))
        if self.current is not None and self.fiscal_period == "FY":
            return self.current
        return None

    def snap(self, period: Period) -> Period:
        """The release's own period for a computed one (same length, end within a week)."""
        found = self._snapped.get(period)
        if found is None:
            instant, end, months = period.is_instant, period.end, period.months
            found = self._snapped[period] = next(
                (p for i, e, m, p in self._known_keys if i == instant and abs((e - end).days) <= 7 and m == months),
                period)
        return found

    def quarter(self, q: int, year: int | None) -> Period | None:
        key = (q, year)
        if key not in self._quarters:
            self._quarters[key] = self._quarter(q, year)
        return self._quarters[key]

    def _quarter(self, q: int, year: int | None) -> Period | None:
        if self.current is None:
            if year is None:
                return None
            return self.snap(duration_before(_month_end(year, 3 * q), Length(months=3)))
        if year is None:
            year = self.fiscal_year
        cq = int(self.fiscal_period[1]) if self.fiscal_period and self.fiscal_period[0] == "Q" else None
        if cq is None or self.fiscal_year is None:
            # calendar quarters when the title gives no fiscal quarter
            return self.snap(duration_before(_month_end(year, 3 * q), Length(months=3)))
        back = (self.fiscal_year - year) * 4 + (cq - q)
        return self.snap(self.shift(self.current, months=-3 * back))

    def shift(self, period: Period, *, months: int) -> Period:
        key = (period, months)
        found = self._shifted.get(key)
        if found is None:
            found = self._shifted[key] = self._shift(period, months)
        return found

    def _shift(self, period: Period, months: int) -> Period:
        end = _shift_months(period.end, months)
        if period.is_instant:
            return self.snap(Period.instant(end))
        weeks = (period.end - period.start).days + 1
        calendar_months = period.start.day == 1 and period.end == _month_end(period.end.year, period.end.month)
        if not calendar_months and weeks % 7 == 0 and period.months in (3, 6, 9, 12) and abs(weeks / 7 - period.months * 13 / 3) < 1.5:
            # 13/26/39/52-week periods: a year earlier is 52 weeks earlier (snap finds the exact one)
            days = round(months / 12 * 364)
            cand = Period.duration(period.start + timedelta(days=days), period.end + timedelta(days=days))
            return self.snap(cand)
        return self.snap(duration_before(end, Length(months=period.months)))

    def full_year(self, year: int | None) -> Period | None:
        if self.year_end is None:
            if year is None:
                return None
            return duration_before(date(year, 12, 31), Length(months=12))
        if year is None:
            return self.year_end
        return self.shift(self.year_end, months=12 * (year - self._fiscal_year_of(self.year_end)))

    def _fiscal_year_of(self, period: Period) -> int:
        if period == self.year_end and self.fiscal_year:
            return self.fiscal_year  # the title names it ("fiscal 2024" ends in January 2024 for some)
        # else: a fiscal year ending in January is usually named for the year it began
        return period.end.year - (1 if period.end.month == 1 else 0)

    def resolve(self, phrase: PeriodPhrase, reference: Period | None) -> Period | None:
        # the answer depends on the kind, the phrase's groups and the reference alone
        key = (phrase.kind, phrase.match.groups(), reference)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(phrase, reference)
        return self._resolved[key]

    def _resolve(self, phrase: PeriodPhrase, reference: Period | None) -> Period | None:
        m, kind = phrase.match, phrase.kind
        g = m.groupdict()
        if kind == "pair":
            return self.resolve_all(phrase, reference)[0]
        if kind == "length_ended":
            end = _date(g["date"])
            n = _word_number(g["n"])
            length = Length(weeks=n) if g["unit"].lower().startswith("week") else Length(months=n)
            return self.snap(duration_before(end, length)) if end else None
        if kind == "quarter_ended":
            end = _date(g["date"])
            if end is None:
                return None
            months = 12 if "year" in g["kind"].lower() else 3
            return self.snap(duration_before(end, Length(months=months)))
        if kind == "quarter":
            year = g.get("y1") or g.get("y2")
            return self.quarter(QUARTER_WORDS[g["q"].lower()], int(year) if year else None)
        if kind == "q_token":
            y = g["y2"]
            year = int(y) if len(y) == 4 else 2000 + int(y)
            return self.quarter(int(g["q"]), year)
        if kind == "ttm":
            if self.current is None:
                return None
            return self.snap(duration_before(self.current.end, Length(months=12)))
        if kind == "instant":
            day = _date(g["date"])
            return self.snap(Period.instant(day)) if day else None
        if kind == "full_year":
            year = g.get("y1") or g.get("y2")
            return self.full_year(int(year) if year else None)
        if kind == "month_quarter":
            month = MONTH_PREFIXES.index(g["month"][:3].lower()) + 1
            return self.snap(duration_before(_month_end(int(g["y"]), month), Length(months=3)))
        if kind == "current":
            return self.current
        if kind == "relative":
            if reference is None:
                return None
            ref = reference
            if g.get("y"):
                return self.shift(ref, months=12 * (int(g["y"]) - ref.end.year))
            return self.shift(ref, months=-12)
        if kind == "bare_year":
            year = int(g["y2"])
            if reference is not None:
                return self.shift(reference, months=12 * (year - reference.end.year))
            return None
        return None


    def resolve_all(self, phrase: PeriodPhrase, reference: Period | None) -> list[Period]:
        """Every period a phrase names, in order (two for "the three and nine months ended ...")."""
        if phrase.kind != "pair":
            one = self.resolve(phrase, reference)
            return [one] if one else []
        g = phrase.match.groupdict()
        end = _date(g["date"])
        if end is None:
            return []
        weeks = g["unit"].lower().startswith("week")
        out = []
        for token in (g["n1"], g["n2"]):
            n = _word_number(token)
            out.append(self.snap(duration_before(end, Length(weeks=n) if weeks else Length(months=n))))
        return out


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _shift_months(day: date, months: int) -> date:
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    last = _month_end(year, month).day
    if day == _month_end(day.year, day.month):
        return _month_end(year, month)
    return date(year, month, min(day.day, last))


def _date(text: str) -> date | None:
    ds = periods_mod.dates_in(text)
    return ds[0] if ds else None


def _word_number(token: str) -> int:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return periods_mod.WORD_NUMBERS.get(token, 0)


# ---------------------------------------------------------------- concepts

# Prose names for line items that tables name otherwise: (pattern over the normalized phrase,
# the table label the mapping rules know).  Applied before the rules; the rules stay the one
# place that names concepts.
PROSE_SYNONYMS: list[tuple[re.Pattern, str]] = [(re.compile(p), label) for p, label in [
    (r"^(?:positive |negative )?(?:net )?(?:operating cash flows?|cash flows? (?:from|provided by) operations|cash (?:generated )?from operations|cash flows? from operating activities)$",
     "net cash provided by operating activities"),
    (r"^(?:net )?cash (?:used in|used by|used for|consumed by) (?:operations|operating activities)$", "net cash used in operating activities"),
    (r"^(?:a |the )?(?:compensation charge|charge|expense|compensation expense|non-?cash (?:compensation )?charge) for (?:share|stock)-based (?:payments|compensation|awards)$|^(?:share|stock)-based (?:payments?|compensation)(?: charges?| expenses?| costs?)?$|^(?:share|stock)-based compensation charge$",
     "share-based compensation"),
    (r"^(?:net )?earnings$|^net profit$|^profit$", "net income"),
    (r"^(?:sfas|fas|statement) (?:no\. )?123\(?r\)?$|^asc 718$", "share-based compensation"),
    (r"^(?:operating |an operating )?loss$", "operating loss"),
    (r"^gross margin dollars$", "gross margin"),
    (r"^cash balances?$|^cash on hand$|^cash and cash equivalents balances?$|^cash position$", "cash and cash equivalents"),
    (r"^(?:total )?(?:cash,? )?cash equivalents,? and (?:short-term )?(?:investments|marketable securities)$",
     "cash, cash equivalents and marketable securities"),
    (r"^(?:total )?operating costs and expenses$", "total operating expenses"),
    (r"^(?:total )?expenses$", ""),  # too vague: no concept
]]
# Heads of line-item phrases (the last word of a phrase worth trying against the rules).
HEADS = re.compile(r"^(?:revenues?|sales|margin|profit|expenses?|income|loss|losses|earnings|costs?|cash|flows?|operations|"
                   r"activities|securities|investments|equivalents|compensation|payments|assets|liabilities|equity|debt|"
                   r"interest|dividends|stockholders|shareholders|inventor(?:y|ies)|receivables?|payable|borrowings|"
                   r"share|eps|ebitda|charges?|taxes|benefit|backlog|bookings|deficit|123r)$", re.I)
# every word HEADS matches, lower-cased
HEAD_WORDS = frozenset(
    "revenue revenues sales margin profit expense expenses income loss losses earnings cost costs cash flow flows "
    "operations activities securities investments equivalents compensation payments assets liabilities equity debt "
    "interest dividends stockholders shareholders inventory inventories receivable receivables payable borrowings "
    "share eps ebitda charge charges taxes benefit backlog bookings deficit 123r".split())
# Words that may stand right before a phrase without being part of it.
LEADERS = {
    "the", "a", "an", "its", "our", "their", "this", "that", "these", "of", "in", "for", "from", "to", "and", "with", "was",
    "were", "is", "are", "had", "has", "have", "reported", "record", "gaap", "consolidated", "worldwide", "positive",
    "negative", "company's", "company’s", "quarterly", "annual", "total-company", "during", "on", "at", "by", "as", "or",
    "generated", "recorded", "achieved", "posted", "delivered", "produced", "which", "while", "also", "then", "but",
    "quarter", "year", "months", "weeks", "period", "fiscal", "first", "second", "third", "fourth", "full-year",
    "third-quarter", "second-quarter", "first-quarter", "fourth-quarter", "quarter's", "year's", "segment", "segments",
    "sequential", "overall", "combined", "current", "prior", "comparable", "same", "strong", "solid", "higher", "lower",
    "increased", "decreased", "improved", "grew", "rose", "fell", "declined", "approximately", "about", "nearly",
    "roughly", "some", "over", "under", "than", "up", "down", "unaudited", "reported", "u.s.", "us", "domestic",
    "international", "emea", "global", "not", "no", "non-cash", "noncash",
}
WORD_RE = re.compile(r"[A-Za-z][\w'’&/.-]*|\d+[A-Za-z]*")


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, word) of each WORD_RE match in text[start:end], as finditer would give them.
    Why findall and str.find: no match object per word.  Each word starts with an ASCII letter or
    digit, and every such character starts a match, so none lies between one word and the next:
    the first occurrence of the next word after the last one's end is where it was matched."""
    out = []
    at = start
    find = text.find
    for word in WORD_RE.findall(text, start, end):
        at = find(word, at)
        out.append((at, at + len(word), word))
        at += len(word)
    return out


@dataclass(slots=True)
class ConceptMatch:
    """A line-item phrase of a sentence and the concept a rule maps it to."""
    concept: object  # taxonomy Concept
    start: int
    end: int
    phrase: str
    rule: str
    negative_words: bool  # the phrase itself says loss / used in


SIGNED_RESULT = re.compile(r"IncomeLoss|ProfitLoss|GrossProfit|ProvidedByUsedIn|EarningsPerShare|OperatingIncome")


def _vocabulary(rules: mapping.RuleSet) -> tuple[frozenset[str], dict[str, bool], dict[int, tuple]]:
    """Every word the rules (and synonyms) are written with: a phrase with another word cannot
    match an anchored rule, so it is not tried (trying every rule costs ~1 ms a phrase).
    Remembered per rule set (rule sets are immutable once built, and reused while their files
    are unchanged), with the answers of ConceptFinder._known so far (they depend on the
    vocabulary alone), and ConceptFinder's phrase answers per taxonomy (they depend on the rules,
    the taxonomy and the phrase alone)."""
    found = _VOCABULARIES.get(id(rules))
    if found is not None and found[0]() is rules:
        return found[1], found[2], found[3]
    vocabulary: set[str] = set()
    for rule in rules.rules:
        vocabulary.update(re.findall(r"[a-z]+", (rule.label or rule.pattern or "").lower()))
    for rx, label in PROSE_SYNONYMS:
        vocabulary.update(re.findall(r"[a-z]+", rx.pattern.lower() + " " + label))
    if len(_VOCABULARIES) > 16:
        _VOCABULARIES.clear()
    entry = _VOCABULARIES[id(rules)] = (weakref.ref(rules), frozenset(vocabulary), {}, {})
    return entry[1], entry[2], entry[3]


_VOCABULARIES: dict[int, tuple[weakref.ref, frozenset[str], dict[str, bool], dict[int, tuple]]] = {}
LOWER_WORD = re.compile(r"[a-z]+")


TAIL = 100  # characters of a long window read first (see ConceptFinder.nearest_before)


class ConceptFinder:
    def __init__(self, rules: mapping.RuleSet, taxonomy):
        self.rules = rules
        self.tax = taxonomy
        self.vocabulary, self._known_words, answers = _vocabulary(rules)
        memo = answers.get(id(taxonomy))
        if memo is None or memo[0] is not taxonomy:
            if len(answers) > 4:
                answers.clear()
            memo = answers[id(taxonomy)] = (taxonomy, {}, {})
        self._cache: dict[str, tuple | None] = memo[1]  # normalized phrase -> answer
        self._phrases: dict[str, tuple | None] = memo[2]  # phrase as written -> answer
        self._heads: dict[str, bool] = {}  # word -> _is_head(word), for this release's words

    def _known(self, word: str) -> bool:
        """In the rules' words, allowing the optional endings patterns write ("flows?", "inventor(y|ies)")."""
        known = self._known_words.get(word)
        if known is None:
            v = self.vocabulary
            known = self._known_words[word] = (word in v or word + "s" in v or word + "es" in v or
                                               len(word) > 4 and any(word[:k] in v for k in range(4, len(word))))
        return known

    def lookup(self, phrase: str):
        """(concept, rule source) for a prose phrase, or None."""
        if phrase in self._phrases:
            return self._phrases[phrase]
        found = self._phrases[phrase] = self._lookup(phrase)
        return found

    def _lookup(self, phrase: str):
        key = mapping.normalize(phrase)
        if key in self._cache:
            return self._cache[key]
        if not all(self._known(w) for w in LOWER_WORD.findall(key)):
            self._cache[key] = None
            return None
        label = key
        for rx, synonym in PROSE_SYNONYMS:
            if rx.search(label):
                label = synonym
                break
        found = None
        if label:
            for statement in ("income", "cashflow", "balance"):
                rule = self.rules.match(Row(label=label, line=0, depth=0, cells=[]), statement)
                if rule is not None:
                    concept = self.tax.concept(rule.concept)
                    if concept is not None and concept.is_numeric:
                        found = (concept, rule.source)
                        break
        self._cache[key] = found
        return found

    def nearest_before(self, text: str, start: int, end: int) -> ConceptMatch | None:
        """The whole line-item phrase ending nearest to ``end`` within text[start:end].

        The phrase is nearly always among the last words, so a long window is first read from a
        space in its last TAIL characters (no word holds a space: the words after it are the
        window's last words); the heads from the end down to the tenth of those words see only
        words among them (a phrase looks at most ten words back).  If none of them gives the
        phrase, the rest of the window is read and the search goes on where it stopped."""
        cut = text.find(" ", max(start, end - TAIL), end) if end - start > TAIL else -1
        if cut > start:
            tail = _words(text, cut, end)
            for j in range(len(tail) - 1, 9, -1):
                if not self._is_head(tail[j][2]):
                    continue
                found = self._phrase_at(text, end, tail, j)
                if found is not None:
                    return found
            words = _words(text, start, cut)
            first = len(words) + min(9, len(tail) - 1)
            words += tail
        else:
            words = _words(text, start, end)
            first = len(words) - 1
        for j in range(first, -1, -1):
            if not self._is_head(words[j][2]):
                continue
            found = self._phrase_at(text, end, words, j)
            if found is not None:
                return found
        return None

    def _is_head(self, word: str) -> bool:
        head = self._heads.get(word)
        if head is None:
            head = self._heads[word] = _is_head(word)
        return head

    def _phrase_at(self, text: str, end: int, words: list[tuple[int, int, str]], j: int) -> ConceptMatch | None:
        """The line-item phrase whose head is words[j] (a phrase head: see nearest_before), if any."""
        rest = text[words[j][1]:end]
        if ")" in rest:
            rest = LOSS_PARENS.sub("", rest)
            if rest.count(")") > rest.count("("):
                return None  # "(... deposits and cash) totaled $1.1 billion": inside a parenthesis
        if j + 1 < len(words):
            nxt = words[j + 1][2].lower()
            gap = text[words[j][1]:words[j + 1][0]]
            if STOPS.isdisjoint(gap) and nxt not in LEADERS and nxt not in FOLLOWERS \
                    and not nxt.endswith(("ing", "ed")):
                return None  # "revenue growth", "sales force": the phrase goes on
        # the phrase may not hold a number: it starts after the last one before the head
        first = max(0, j - 9)
        for k in range(j, first - 1, -1):
            if words[k][2].isdigit():
                first = k + 1
                break
        # a phrase may not hold ";", ":", "(" or ")" (but in "(loss)"): one from words[i] holds one
        # when the last one before the head's end is at or after its start
        if first > j:
            return None
        lo, head_end = words[first][0], words[j][1]
        last_break = max(text.rfind(";", lo, head_end), text.rfind(":", lo, head_end),
                         text.rfind("(", lo, head_end), text.rfind(")", lo, head_end))
        for i in range(first, j + 1):
            if words[i][0] <= last_break and not LOSS_LABEL.search(text[words[i][0]:head_end]):
                continue
            if i > 0:
                prev = words[i - 1][2].lower().rstrip(".,")
                sep = text[words[i - 1][1]:words[i][0]]
                # (prev is lower case and has no "." or "," at its ends: a word starts with a letter or digit)
                if STOPS.isdisjoint(sep) and prev not in LEADERS and prev not in PLACE_WORDS:
                    continue
            phrase = text[words[i][0]:words[j][1]].rstrip(".,")
            hit = self.lookup(phrase)
            if hit is not None:
                # "net loss", "operating loss", "cash used in": the words give the sign of a
                # result; "provision for credit losses" is a name, not a sign
                negative = bool(NEGATIVE_WORDS.search(phrase)) \
                    and bool(SIGNED_RESULT.search(hit[0].name))
                return ConceptMatch(hit[0], words[i][0], words[j][1], phrase, hit[1], negative)
        return None


LOSS_PARENS = re.compile(r"\(\s*loss\s*\)", re.I)
LOSS_LABEL = re.compile(r"^[\w ,'’-]*\(\s*loss\s*\)", re.I)


STOPS = frozenset(",;:().")  # marks that end a phrase


def _is_head(word: str) -> bool:
    """HEADS.match(word without "." and ","), asked of a set of its words first: a word that
    lower-cases to none of them cannot match (re.I's other foldings, such as the long s, are
    first undone by _fold)."""
    head = word.rstrip(".,")
    return (head.lower() if head.isascii() else _fold(head)) in HEAD_WORDS and HEADS.match(head) is not None


FOLLOWERS = {"was", "were", "is", "are", "of", "for", "in", "to", "from", "at", "totaled", "totalled", "rose", "grew",
             "increased", "decreased", "declined", "fell", "improved", "narrowed", "widened", "reached", "came", "amounted",
             "and", "or", "by", "on", "during", "up", "down", "would", "will", "as", "attributable", "applicable", "available",
             "before", "after", "excluding", "including", "that", "which", "with", "included", "includes", "climbed",
             "jumped", "dropped", "remained", "stood", "equaled", "equalled", "compared", "versus", "vs", "vs.", "year-over-year",
             "grew", "expanded", "contracted", "surged", "advanced", "slipped", "than", "also", "rising", "increasing",
             "outside", "inside", "within", "across", "excluding", "through", "into", "per"}


# words that name a place: a line-item phrase may start after one ("U.S. revenue")
PLACE_WORDS = frozenset({"u.s", "u.s.", "us", "emea", "apac", "europe", "international", "domestic", "america", "canada",
                         "japan", "china", "asia"})


# ---------------------------------------------------------------- segments in prose

GEO_PHRASES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"\b(?:in |from )?(?:the )?Europe,? (?:the )?Mid(?:dle)?[- ]?East,? (?:and|&) Africa(?: \(EMEA\))?|\bEMEA\b", re.I),
     "EMEA"),
    (re.compile(r"\bRest of (?:the )?World\b", re.I), "Rest of World"),
    (re.compile(r"\b(?:outside (?:of )?(?:the )?(?:U\.S\.|United States|US\b)|non-U\.S\.|international(?= sales| revenues?))", re.I),
     "outside the U.S."),
    (re.compile(r"(?<![\w.])(?:in (?:the )?)?(?:U\.S\.|United States)(?![\w])|\bdomestic(?= sales| revenues?)", re.I), "U.S."),
    (re.compile(r"\b(?:Asia[- ]Pacific|APAC)\b", re.I), "Asia Pacific"),
    (re.compile(r"\bin (?:the )?(?:Japan|China|Canada|Europe|Latin America|North America|the Americas)\b", re.I), None),
]
SEGMENT_NAMED = re.compile(r"\b(?:the\s+)?(?P<name>(?:[A-Z][\w&.'’-]*\s+){0,3}[A-Z][\w&.'’-]*)\s+segment\b")
PRODUCT_PHRASE = re.compile(
    r"\b(?:sales|revenues?)\s+(?:of|from)\s+(?:(?:[\w-]+\s+){0,3}?(?:used|sold)\s+(?:in|for)\s+)"
    r"(?P<name>(?:(?!(?:of|in|for|and|or|was|were|with|to|at|by|the|rose|grew|increased|decreased|fell)\b)[A-Za-z][\w-]*\s+){0,2}"
    r"(?!(?:of|in|for|and|or|was|were|with|to|at|by|the)\b)[A-Za-z][\w-]*)(?:\s+\((?P<abbr>[A-Z]{2,6})\))?", re.I)


@dataclass(slots=True)
class Dims:
    """The segment members (geography, product, business) a prose figure is about."""
    geography: Member | None = None
    product: Member | None = None
    business: Member | None = None
    worldwide: bool = False  # the text says the figure is the whole ("worldwide sales")

    def members(self) -> tuple[Member, ...]:
        if self.geography is None and self.product is None and self.business is None:
            return ()  # (most figures: no segment)
        return tuple(m for m in (self.geography, self.product, self.business) if m is not None)

    def stated(self) -> bool:
        return self.geography is not None or self.product is not None or self.business is not None or self.worldwide


# What each of GEO_PHRASES cannot match without (any one word of the folded text, see _fold):
# most clauses name no place, and the case-insensitive searches are slow.
GEO_NEEDS: list[tuple[str, ...]] = [
    ("europe", "emea"),
    ("rest of",),
    ("outside", "non-u.s.", "international"),
    ("u.s.", "united states", "domestic"),
    ("asia", "apac"),
    ("japan", "china", "canada", "europe", "latin america", "north america", "the americas"),
]
assert len(GEO_NEEDS) == len(GEO_PHRASES)
GEO_WORDS = [(word, k) for k, needs in enumerate(GEO_NEEDS) for word in needs]
_geo_words_in = _word_mask(tuple(word for word, _ in GEO_WORDS))
def geo_candidates(folded_sentence: str) -> tuple[int, ...]:
    """The GEO_PHRASES a sentence may hold (its folded text has one of their words): a clause
    of it holds no others."""
    mask = _geo_words_in(folded_sentence)
    return tuple(sorted({k for b, (word, k) in enumerate(GEO_WORDS) if mask >> b & 1})) if mask else ()


WORLDWIDE = re.compile(r"\bworldwide\b|\btotal company\b|\bconsolidated\b", re.I)
HOLDS_WORLDWIDE = _holds_any(("worldwide", "total company", "consolidated"))  # WORLDWIDE needs one
GEO_HOLDS = [_holds_any(needs) for needs in GEO_NEEDS]
GEO_SCANS = [Caseless(rx) for rx, _ in GEO_PHRASES]
PRODUCT_SCAN = Caseless(PRODUCT_PHRASE)


def segments_in(text: str, start: int, end: int, members: segments_mod.Members,
                places: tuple[int, ...] | None = None, lowered: str | None = None) -> Dims:
    """The segment words of one figure's own clause, text[start:end].  ``places``: the indexes
    of GEO_PHRASES whose words the whole sentence holds (see geo_candidates), when known."""
    window = text[start:end]
    folded = _fold(window)
    low = lowered[start:end] if lowered is not None else None  # (for the Caseless scans)
    dims = Dims(worldwide=HOLDS_WORLDWIDE(folded) and bool(WORLDWIDE.search(window)))
    for k in range(len(GEO_PHRASES)) if places is None else places:
        name = GEO_PHRASES[k][1]
        if not GEO_HOLDS[k](folded):
            continue
        m = GEO_SCANS[k].search(window, low)
        if m:
            phrase = name or re.sub(r"^in (?:the )?", "", m.group(0), flags=re.I)
            member = members.region(phrase) if name != "outside the U.S." else members.region("outside the U.S.")
            if member is not None:
                dims.geography = member
                break
    m = PRODUCT_SCAN.search(window, low) if ("sales" in folded or "revenue" in folded) and \
        ("used" in folded or "sold" in folded) else None
    if m:
        dims.product = members.product(m.group("name"))
    m = SEGMENT_NAMED.search(window) if "segment" in window else None
    if m and m.group("name").lower() not in ("the", "each", "our", "this", "that"):
        dims.business = members.segment(m.group("name"))
        if dims.geography is not None and members.region(m.group("name")) == dims.geography:
            dims.geography = None  # "North America segment": a segment named after a place
    return dims


# ---------------------------------------------------------------- the stage

FORWARD = re.compile(r"\b(?:expects?|expected to|anticipates?|anticipated to|guidance|outlook|forecasts?|projected to|"
                     r"estimated to|on track to|plans to|intends to|targets?|will (?:be|generate|reach|total|exceed)|"
                     r"would (?:be|have been)|is likely to)\b", re.I)
CHANGE_BEFORE = re.compile(r"(?:\b(?:increase|decrease|improvement|decline|reduction|rise|drop|growth|change|gain|swing)s?"
                           r"(?:\s+of|\s+by)?|\b(?:increased|decreased|improved|declined|grew|rose|fell|dropped|"
                           r"reduced|lowered|up|down|higher|lower)(?:\s+by)?|\bor|\bby)\s*(?:approximately\s+|about\s+|nearly\s+)?$", re.I)
ADJUSTED = re.compile(r"\b(?:excluding|excludes|exclusive of|adjusted|non-gaap|pro forma|on an? (?:operating|adjusted|"
                      r"comparable|normalized) basis|before (?:the )?(?:special|one-time|unusual|non-recurring)|"
                      r"after adjusting)\b", re.I)
# What FORWARD and ADJUSTED cannot match without (any one, in the folded sentence, see _fold):
# most sentences hold none, and the case-insensitive alternations are slow to search.
FORWARD_NEEDS = ("expect", "anticipat", "guidance", "outlook", "forecast", "projected to", "estimated to",
                 "on track to", "plans to", "intends to", "target", "will ", "would ", "is likely to")
ADJUSTED_NEEDS = ("exclu", "adjust", "non-gaap", "pro forma", "basis", "before")
HOLDS_FORWARD_WORD, HOLDS_ADJUSTED_WORD = _holds_any(FORWARD_NEEDS), _holds_any(ADJUSTED_NEEDS)
# COMPARISON's locator: each of its alternatives starts with one of these words (see Caseless)
COMPARISON_SCAN = Caseless(COMPARISON, r"compar|as compared|versus|vs|from|over|than|against|relative to|up from|"
                                       r"down from")
CHANGE_SCAN, FORWARD_SCAN = Caseless(CHANGE_BEFORE), Caseless(FORWARD)
# CHANGE_BEFORE ends its text: the text, without its trailing white space, ends with one of
# these (a word of it, or its "of", "by" or adverb), in lower case on ASCII text
CHANGE_ENDINGS = tuple(w + end for w in ("increase", "decrease", "improvement", "decline", "reduction", "rise", "drop",
                                         "growth", "change", "gain", "swing") for end in ("", "s")) + (
    "increased", "decreased", "improved", "declined", "grew", "rose", "fell", "dropped", "reduced", "lowered", "up",
    "down", "higher", "lower", "or", "by", "of", "approximately", "about", "nearly")


def _may_end_in(lowered: str | None, start: int, end: int, endings: tuple[str, ...]) -> bool:
    """Whether text[start:end], without its trailing white space, may end with one of the
    (lower-case) endings: an end-anchored pattern of such words (CHANGE_BEFORE with
    CHANGE_ENDINGS, CHANGE_IN_BEFORE) can match only then, so most windows spare its search.
    ``lowered``: the ASCII text lower-cased, or None (then it may)."""
    return lowered is None or lowered[start:end].rstrip().endswith(endings)
LEVEL_AFTER = re.compile(r"^\s*(?:million|billion)?\s*(?:,?\s*(?:or|and)\s+[^,]*?)?,?\s*(?:to|from)\s+(?:a\s+)?(?:net\s+)?(?:loss\s+of\s+)?\$", re.I)


@dataclass(slots=True)
class _Candidate:
    """A prose figure on its way to a fact, or the reason it is not one."""
    figure: Figure
    sentence: Sentence
    concept: object | None
    rule: str
    period: Period | None
    dims: Dims
    negative: bool
    reason: str = ""


def facts(doc: Document, table_facts: list[Fact], entity: Entity, *, tables=None, rules: mapping.RuleSet | None = None,
          taxonomy=None, members: segments_mod.Members | None = None, company_members: bool = True) -> Prose:
    """Facts from the prose of ``doc`` that the tables (``table_facts``) do not already hold.

    ``members`` names dimension members (share one with ``segments.annotate`` so a prose figure
    and a segment column agree); with ``company_members`` False (no extension schema to declare
    them in) a figure that needs a company member is reported instead of becoming a fact."""
    tax = taxonomy or taxonomy_mod.load()
    rules = rules or mapping.load_rules()
    members = members or segments_mod.Members(prefix=segments_mod.company_prefix(doc.info.ticker, doc.info.company or entity.identifier),
                                              taxonomy=tax)
    out = Prose()
    skip = _table_lines(doc, table_facts, tables)
    calendar = Calendar(doc, [f.context.period for f in table_facts])
    finder = ConceptFinder(rules, tax)
    candidates: list[_Candidate] = []
    para_period: dict[int, Period] = {}
    section_period: Period | None = None
    last_para = -1
    found_sentences = sentences(doc, skip, figures_or_headings=True)
    # paragraphs with a figure in them (the rest only matter as headings)
    with_figures = {s.paragraph for s in found_sentences if _holds_figure(s.text)}
    for sentence in found_sentences:
        if sentence.paragraph != last_para:
            last_para = sentence.paragraph
        if sentence.paragraph not in with_figures and not sentence.heading:
            continue
        figs = figures(sentence.text)
        phrases = period_phrases(sentence.text)
        if sentence.heading:
            # a heading's period ("Third Quarter 2007 Highlights") frames what follows it
            own = [p for p in phrases if not p.comparison and p.kind != "relative"]
            if own:
                section_period = calendar.resolve(own[0], calendar.current) or section_period
        context = para_period.get(sentence.paragraph) or section_period
        found = _read_sentence(sentence, figs, phrases, context, calendar, finder, members)
        candidates.extend(found)
        heads = [c.period for c in found if c.period is not None and c.figure.kind == "money"]
        if heads:
            para_period[sentence.paragraph] = heads[0]
        else:
            own = [p for p in phrases if not p.comparison and p.kind not in ("relative", "bare_year")]
            if own and not sentence.heading:
                resolved = calendar.resolve(own[0], context or calendar.current)
                if resolved is not None:
                    para_period[sentence.paragraph] = resolved
    if not company_members:
        for c in candidates:
            if not c.reason and any(not m.member.startswith(taxonomy_mod.PREFIX + ":") for m in c.dims.members()):
                c.reason = "needs a company dimension member, and extension concepts are off"
    _place(candidates, table_facts, entity, doc.path, tax, out)
    used = {m.member for f in out.facts for m in f.context.dims}
    out.extension = [e for q, e in members.made.items() if q in used]
    return out


FIGURE_WORD = re.compile(r"\bcents?\b|\bpercent\b|\b(?:million|billion|thousand)\b", re.I)


FIGURE_WORD_NEEDS = ("cent", "million", "billion", "thousand")  # FIGURE_WORD needs one of them
HOLDS_FIGURE_WORD = _holds_any(FIGURE_WORD_NEEDS)


def _holds_figure(text: str) -> bool:
    """A digit, and "$", "%" or a figure word ("cents", "percent", a scale word) in the text."""
    return _may_hold_figure(text) and ("$" in text or "%" in text or FIGURE_WORD.search(text) is not None)


def _table_lines(doc: Document, table_facts: list[Fact], tables) -> set[int]:
    """Line numbers that belong to tables (not prose)."""
    skip: set[int] = set()
    if tables:
        for t in tables:
            if t.rows:
                skip.update(range(t.line, max(r.line for r in t.rows) + 1))
        return skip
    spans: dict[int, list[int]] = {}
    for f in table_facts:
        p = f.provenance
        if p is not None and p.table is not None:
            spans.setdefault(p.table, []).append(p.line)
    for lines in spans.values():
        if doc.kind == "html" and min(lines) == max(lines):
            continue  # HTML written on one source line: line numbers cannot tell tables from prose
        skip.update(range(min(lines), max(lines) + 1))
    return skip


# the patterns _read_sentence tries for every amount
LISTING = re.compile(r"\b(?:with|and|including|of which)\b|,")
BETWEEN_BEFORE = re.compile(r"\bbetween\s*$", re.I)
# (the patterns asked right after a figure are matched at its end, pos= and endpos=, so that
# the rest of the sentence is not copied for each figure)
RANGE_AFTER = re.compile(r"\s*(?:million|billion)?\s*(?:to|-|–)\s*\$")
PORTION_OF = re.compile(r"\bportion of\b.*?\battributable to\b", re.I)
OF_PHRASE_AFTER = re.compile(r"(?:\s*,?\s*and\s+\$[\d,.]+(?:\s+(?:million|billion|thousand))?)*\s+(?:of|in)\s+")
TAIL_OF = re.compile(r"\s*(?:,?\s*or\s+\$?[\d.,]+\s*(?:per\s+[\w ]+?share|%[^,]*)\s*,)?\s*(?:of|in|was attributable to|"
                     r"were attributable to|attributable to|related to|from)\s+")
LOSS_NEXT = re.compile(r"\s*(?:net |operating )?loss\b", re.I)
CHANGE_IN_BEFORE = re.compile(r"\b(?:movement|change|increase|decrease|improvement|decline|growth|"
                              r"reduction)s?\s+in\s+(?:the\s+)?$", re.I)
SCALED_FIGURE = re.compile(r"\d\s*(?:thousand|million|billion)", re.I)
PER_SHARE_WORDS = re.compile(r"\bper\s+(?:\w+\s+){0,2}share\b|\bEPS\b", re.I)
NEGATIVE_WORDS = re.compile(r"\bloss(?:es)?\b|\bused in\b|\bdeficit\b|\bnegative\b", re.I)


PHRASE_WORD = re.compile(r"[\w'’&/-]+")  # the words of a line-item phrase after "of" or "in"
TAIL_STOP = re.compile(r"[;.]|\bfor the\b|\bin the\b|\bcompared\b|\bresulting\b|\bduring\b")  # ends TAIL_OF's phrase
# the words that may stand between two amounts of one line item ("$5.2 million and $4.1 million")
LINKING_WORDS = re.compile(r"\b(?:and|or|with|compared|to|with|versus|vs|from|respectively|an?|increase|decrease|of|up|"
                           r"down|the|same|period|quarter|year|in|for|prior|last|\d+%?)\b")
THREE_LETTERS = re.compile(r"[A-Za-z]{3,}")
LOSS_WORD = re.compile(r"\bloss\b", re.I)
LOSS_NEAR = re.compile(r"\bloss\b|\bnegative\b|\bused\b|\bdeficit\b", re.I)


def _read_sentence(sentence: Sentence, figs: list[Figure], phrases: list[PeriodPhrase], context: Period | None,
                   calendar: Calendar, finder: ConceptFinder, members: segments_mod.Members) -> list[_Candidate]:
    text = sentence.text
    out: list[_Candidate] = []
    money_idx = [i for i, f in enumerate(figs) if f.kind == "money" or (f.kind == "per_share" and f.attached_to is None)]
    if money_idx:  # (what only the amounts need)
        folded = _fold(text)
        lowered = _ascii_lower(text)  # for the Caseless scans
        forward = HOLDS_FORWARD_WORD(folded) and bool(FORWARD_SCAN.search(text, lowered))
        may_adjust = HOLDS_ADJUSTED_WORD(folded)
        places = geo_candidates(folded)
    prev: _Candidate | None = None
    head: _Candidate | None = None
    reference = context or calendar.current
    for n, i in enumerate(money_idx):
        fig = figs[i]
        prev_end = figs[money_idx[n - 1]].end if n else 0
        next_start = figs[money_idx[n + 1]].start if n + 1 < len(money_idx) else len(text)
        # skip appositives ("or 71.4% of revenue", "or $0.03 per share") when looking after the figure
        after_end = next_start
        cm = COMPARISON_SCAN.search(text, lowered, fig.end, after_end)
        if cm:
            after_end = cm.start()
        before = text[prev_end:fig.start]
        # (the first amount is no comparison: its markers are not sought)
        markers = list(COMPARISON_SCAN.finditer(before, lowered and lowered[prev_end:fig.start])) if n else []
        # "compared to $1.32 million", "from revenue of $4.09 million": a comparison figure; but
        # "compared to the third quarter of 2006, with U.S. sales of $3.97 million" is not (the
        # comparison belongs to a percentage, and a new figure follows)
        comparison = n > 0 and bool(markers) and not any(
            p.start >= prev_end + markers[-1].end() and p.end <= fig.start for p in phrases)
        listed = n > 0 and not comparison and bool(LISTING.search(before))
        cand = _Candidate(fig, sentence, None, "", None, Dims(), fig.negative)
        # --- what kind of number
        if forward:
            cand.reason = "a forward-looking figure (outlook or expectation), not a reported amount"
        elif may_adjust and ADJUSTED.search(text[:fig.start]):
            cand.reason = "an adjusted (non-GAAP) amount: the sentence excludes items or adjusts"
        elif ((lowered is None or "between" in lowered[max(0, fig.start - 12):fig.start])
              and BETWEEN_BEFORE.search(text[max(0, fig.start - 12):fig.start])) or \
                (RANGE_AFTER.match(text, fig.end, fig.end + 14)
                 and not _ends_with_word(text, fig.start, ("from",))):
            cand.reason = "a range, not a single reported amount"
        elif _may_end_in(lowered, max(prev_end, fig.start - 40), fig.start, CHANGE_ENDINGS) and \
                CHANGE_SCAN.search(text[max(prev_end, fig.start - 40):fig.start],
                                lowered and lowered[max(prev_end, fig.start - 40):fig.start]) \
                and not _ends_with_word(before, len(before), ("to",)) \
                and not _ends_with_word(before, len(before), ("was", "were", "totaled", "totalled", "at", "reached")):
            cand.reason = "a change between periods, not the amount of a period"
        # --- concept
        look_from = prev_end
        # (the pattern needs "portion of" in the folded text: most sentences spare the scan)
        portion = PORTION_OF.search(before) if "portion of" in folded else None
        if portion:
            look_from = prev_end + portion.end()  # "the portion of net loss attributable to X": X's amount
        match = finder.nearest_before(text, look_from, fig.start)
        # "$2,789,484 and $3,090,161 of government contract revenues": a line-item phrase right
        # after the amount (or its group) names it, whatever a heading before says
        of_np = OF_PHRASE_AFTER.match(text, fig.end)
        if of_np and of_np.group(0).rstrip().endswith("in") and not _ends_with_word(before, len(before), ("had", "has", "held", "with", "ended")):
            of_np = None  # "for $620 million in cash" is a price paid, not a cash balance
        if of_np and not PERIOD_START.match(text, of_np.end()):
            np_start = of_np.end()
            words = list(PHRASE_WORD.finditer(text, np_start, np_start + 80))[:7]
            # (the words hold no "." or ",": finder's head test is HEADS.match on them)
            heads = [k for k, w in enumerate(words) if finder._is_head(w.group(0))]
            head_at = heads[-1] if heads else None  # nearest_before tries the heads right to left
            if head_at is not None:
                np_end = words[head_at].end()
                match = finder.nearest_before(text, np_start, np_end)
                if match is None:
                    cand.reason = cand.reason or (f"the amount is of \"{text[np_start:np_end]}\", which no mapping "
                                                  f"rule names")
        if match is None:
            tail = TAIL_OF.match(text, fig.end)
            if tail:
                start = tail.end()
                stop = min(len(text), start + 90)
                stop_m = TAIL_STOP.search(text[start:stop])
                stop = start + stop_m.start() if stop_m else stop
                match = finder.nearest_before(text, start, stop)
        if match is not None and _may_end_in(lowered, max(0, match.start - 30), match.start, ("in", "the")) and \
                CHANGE_IN_BEFORE.search(text[max(0, match.start - 30):match.start]):
            cand.reason = cand.reason or "a change in a balance, not the balance"
        if match is not None and fig.kind == "money" and not SCALED_FIGURE.search(fig.text) \
                and PER_SHARE_WORDS.search(text[match.start:fig.start]) \
                and match.concept.item_type != "perShare":
            cand.reason = cand.reason or "a per-share amount with no per-share line item named"
        if match is not None:
            cand.concept, cand.rule = match.concept, match.rule
            cand.negative = cand.negative or match.negative_words or _says_loss(text, match, fig)
        elif prev is not None and (comparison or not THREE_LETTERS.search(LINKING_WORDS.sub("", before))):
            cand.concept, cand.rule = prev.concept, prev.rule
            cand.negative = cand.negative or prev.negative or bool(LOSS_WORD.search(before)) or \
                bool(LOSS_NEXT.match(text, fig.end))
        if fig.kind == "per_share":
            cand.reason = cand.reason or ("" if cand.concept is not None and cand.concept.item_type == "perShare"
                                          else "a per-share amount with no per-share line item named")
        # --- segment
        clause_start = match.start - 45 if match is not None else max(prev_end, fig.start - 60)
        own = segments_in(text, max(prev_end, clause_start), fig.start, members, places, lowered)
        if match is None and not own.stated():
            tail_dims = segments_in(text, fig.end, min(len(text), fig.end + 80), members, places, lowered)
            own = tail_dims if tail_dims.stated() else own
        dims = own
        if prev is not None and cand.concept is not None and prev.concept is not None and cand.concept.name == prev.concept.name:
            if comparison and not own.stated():
                dims = Dims(prev.dims.geography, prev.dims.product, prev.dims.business)
            elif listed and head is not None and own.stated():
                dims = Dims(own.geography or (None if own.worldwide else None), own.product or head.dims.product,
                            own.business or head.dims.business)
        cand.dims = dims
        # --- period
        relative_used: list = []
        cand.period = _period_for(fig, n, figs, money_idx, phrases, prev, comparison, reference, calendar, text, lowered,
                                  after_end, prev_end, relative_used)
        if cand.period is None and n == 0 and context is not None:
            cand.period = context
        if n == 0 and not relative_used:
            reference = cand.period or reference  # later "same period last year" phrases count from here
        out.append(cand)
        prev = cand
        if n == 0 or (head is None):
            head = cand
    _assign_groups(out, text, phrases, calendar, reference)
    _from_to(out, text, phrases, calendar)
    # per-share appositives take their amount's period and concept
    for i, f in enumerate(figs):
        if f.kind == "per_share" and f.attached_to is not None:
            owner = next((c for c in out if c.figure is figs[f.attached_to]), None)
            out.append(_per_share(f, owner, sentence, finder))
        elif f.kind in ("percent", "shares", "count", "foreign"):
            reason = {"percent": "a percentage, not a monetary amount",
                      "shares": "a share count stated in prose (tables give share counts)",
                      "count": "a count, not a monetary amount",
                      "foreign": "an amount in a currency other than the release's"}[f.kind]
            out.append(_Candidate(f, sentence, None, "", None, Dims(), False, reason))
    return out


def _assign_groups(cands: list[_Candidate], text: str, phrases: list[PeriodPhrase], calendar: Calendar,
                   reference: Period | None) -> None:
    """"$7,402,884 and $16,105,480 for the three-month and nine-month periods ended September 30,
    2024, compared with $6,947,979 and $14,486,896 for the comparable period in 2023": the figures
    of an "X and Y" group take the periods the phrase after the group names, in order."""
    groups: list[list[int]] = []
    for n, c in enumerate(cands):
        if n and AND_GAP.fullmatch(text, cands[n - 1].figure.end, c.figure.start):
            groups[-1].append(n)
        else:
            groups.append([n])
    previous: list[Period] | None = None
    for g in groups:
        if len(g) < 2:
            previous = None
            continue
        last = cands[g[-1]].figure
        following = cands[g[-1] + 1].figure.start if g[-1] + 1 < len(cands) else len(text)
        after = [p for p in phrases if last.end <= p.start < following and p.start - last.end <= 90]
        if not after:
            first = cands[g[0]].figure
            start = cands[g[0] - 1].figure.end if g[0] else 0
            after = [p for p in phrases if start <= p.start and p.end <= first.start and p.kind == "pair"][-1:]
        found: list[Period] = []
        if after and after[0].kind == "pair":
            found = calendar.resolve_all(after[0], reference)
        elif after and after[0].kind in ("relative", "bare_year") and previous and len(previous) == len(g):
            found = [p for p in (calendar.resolve(after[0], ref) for ref in previous) if p is not None]
        if len(found) == len(g):
            head = cands[g[0]]
            for k, idx in enumerate(g):
                c = cands[idx]
                c.period = found[k]
                if k and c.concept is None:
                    c.concept, c.rule, c.negative = head.concept, head.rule, head.negative
                if k and not c.dims.stated():
                    c.dims = head.dims
        previous = [cands[i].period for i in g]


PERIOD_START = re.compile(r"(?:the\s+)?(?:first|second|third|fourth|fiscal|full|quarter|year|same|prior|comparable|"
                          r"three|six|nine|twelve|(?:19|20)\d\d)\b", re.I)


def _from_to(cands: list[_Candidate], text: str, phrases: list[PeriodPhrase], calendar: Calendar) -> None:
    """"revenue rose from $5.64 million to $6.64 million": with no period stated for either, the
    figure after "to" is the period's and the one after "from" the same period a year earlier."""
    for a, b in zip(cands, cands[1:]):
        if not _ends_with_word(text, a.figure.start, ("from",)):
            continue
        between = text[a.figure.end:b.figure.start]
        if between.strip() != "to" or a.period is None:
            continue
        if any(a.figure.end <= p.start < b.figure.start for p in phrases):
            continue  # "from $7.79 million in 2023 to $4.90 million": the phrases decide
        b.period = a.period
        a.period = calendar.shift(b.period, months=-12)
        if b.concept is None:
            b.concept, b.rule, b.negative, b.dims = a.concept, a.rule, a.negative, a.dims


AND_GAP = re.compile(r"\s*,?\s*and\s*")


def _ends_with_word(text: str, end: int, words: tuple[str, ...]) -> bool:
    """Whether text[:end] ends with one of the words, then only white space: what
    re.search(r"\\b(?:word|...)\\s*$", text[:end]) answers, without trying every position."""
    stem = text[:end].rstrip()
    for word in words:
        if stem.endswith(word):
            before = stem[-len(word) - 1:-len(word)]  # "" at the start of the text
            if not before or not (before.isalnum() or before == "_"):
                return True
    return False


def _says_loss(text: str, match: ConceptMatch, fig: Figure) -> bool:
    """"... narrowed to a net loss of $1.5 million": the words right before the figure say loss."""
    if match.concept.sign != "signed":
        return False
    near = text[max(match.end, fig.start - 30):fig.start]
    return bool(LOSS_NEAR.search(near))


def _period_for(fig, n, figs, money_idx, phrases, prev, comparison, reference, calendar: Calendar, text, lowered, after_end,
                prev_end, relative_used: list) -> Period | None:
    def resolve(p: PeriodPhrase, ref: Period | None) -> Period | None:
        if p.kind in ("relative", "bare_year"):
            relative_used.append(p)
        if p.kind == "bare_year" and not comparison:
            return calendar.full_year(int(p.match.group("y2")))  # "revenues in 2003": the year
        return calendar.resolve(p, ref)

    # 1. attached after the figure, before the next figure or comparison word
    for p in phrases:
        if fig.end <= p.start < after_end and p.start - fig.end <= 90 and not p.comparison:
            return resolve(p, reference if n else (prev.period if prev else reference))
    # 2. in the figure's own clause before it (not the comparison of a percentage)
    own = [p for p in phrases if prev_end <= p.start and p.end <= fig.start and not p.comparison]
    if own:
        p = own[-1]
        if not COMPARISON_SCAN.search(text, lowered, p.end, fig.start) or p.kind in ("length_ended", "quarter", "quarter_ended", "instant"):
            return resolve(p, reference)
    # 1b. a phrase closing a list the figure opens ("revenue of $15.68 billion and net quarterly
    # profit of $3.38 billion, ..., in the year-ago quarter"), up to the next comparison word
    if prev is None:
        cm = COMPARISON_SCAN.search(text, lowered, fig.end)
        stop = cm.start() if cm else len(text)
        later = [p for p in phrases if fig.end <= p.start < stop and not p.comparison]
        if later:
            return resolve(later[0], reference)
    # 3. the previous figure's: the same period, or a year earlier after "compared to"
    if prev is not None and prev.period is not None:
        if comparison:
            return calendar.shift(prev.period, months=-12)
        return prev.period
    # 4. for the first figure: a phrase anywhere before it in the sentence
    if n == 0:
        before = [p for p in phrases if p.end <= fig.start and not p.comparison]
        if before:
            return resolve(before[-1], reference)
    return None


def _per_share(f: Figure, owner: _Candidate | None, sentence: Sentence, finder: ConceptFinder) -> _Candidate:
    cand = _Candidate(f, sentence, None, "", owner.period if owner else None, Dims(), f.negative or bool(owner and owner.negative))
    if owner is None or owner.concept is None:
        cand.reason = "a per-share amount whose amount has no line item"
        return cand
    if owner.reason:
        cand.reason = owner.reason
        return cand
    name = owner.concept.name
    if name not in ("NetIncomeLoss", "NetIncomeLossAvailableToCommonStockholdersBasic", "ProfitLoss"):
        cand.reason = f"a per-share amount of {name}, which has no per-share concept"
        return cand
    kind = f.per_share_kind
    label = {"basic and diluted": "basic and diluted net income per share", "diluted": "diluted net income per share",
             "basic": "basic net income per share"}.get(kind)
    if label is None:
        cand.concept = None  # not named exactly; still compared with the table's per-share figures
        return cand
    hit = finder.lookup(label)
    if hit is None:
        cand.reason = "no per-share concept for this amount"
        return cand
    cand.concept, cand.rule = hit
    cand.dims = owner.dims
    return cand


# ---------------------------------------------------------------- placing candidates

def _place(candidates: list[_Candidate], table_facts: list[Fact], entity: Entity, source: str, tax, out: Prose) -> None:
    index: dict[tuple, Fact] = {}
    by_value: dict[tuple, list[Fact]] = {}
    by_concept: dict[str, list[Fact]] = {}
    approx: dict[int, tuple[float, int | None]] = {}  # id(table fact) -> its value as a float, its decimals
    for f in table_facts:
        if not f.is_numeric or not f.value:
            continue
        try:
            approx[id(f)] = (float(f.value), None if f.decimals in (None, "INF") else int(f.decimals))
        except ValueError:
            approx[id(f)] = (None, None)  # (_agrees says no to it)
        index.setdefault((f.concept, f.context.id, f.unit.id), f)
        by_value.setdefault((f.context.period, tuple(f.context.dims), f.unit.id), []).append(f)
        by_concept.setdefault(f.concept, []).append(f)
    emitted: dict[tuple, Fact] = {}
    contexts: dict[tuple, Context] = {}  # (period, members) -> the one Context for them
    by_period: dict[Period, list[Fact]] = {}  # (see _repeat_any)
    values = _TableValues(approx)
    for c in candidates:
        f = c.figure
        line, column = c.sentence.locate(f.start)

        def unplaced(reason: str) -> None:
            out.unplaced.append(Unplaced(text=f.text, line=line, column=column, reason=reason,
                                         label=_snippet(c.sentence.text, f), source=source))

        if c.reason:
            unplaced(c.reason)
            continue
        if c.concept is None:
            # a figure no line item is named for may still repeat a table figure
            rep = _repeat_any(f, c, by_concept, by_value, values, by_period)
            unplaced(f"repeats the table's {_local(rep.concept)} at line {rep.provenance.line}" if rep else
                     "a per-share amount that does not say basic or diluted" if f.kind == "per_share" else
                     "no line item named for this amount")
            continue
        if c.period is None:
            rep = _repeat_any(f, c, by_concept, by_value, values, by_period)
            unplaced(f"repeats the table's {_local(rep.concept)} at line {rep.provenance.line}" if rep else
                     f"no period stated for this {c.concept.name} amount")
            continue
        concept = c.concept
        period = c.period
        if concept.period_type == "instant" and not period.is_instant:
            period = Period.instant(period.end)
        elif concept.period_type == "duration" and period.is_instant:
            unplaced(f"{concept.name} is for a period, but the text gives a date ({period})")
            continue
        unit = USD if f.kind == "money" else USD_PER_SHARE
        if (concept.item_type == "monetary") != (f.kind == "money"):
            unplaced(f"{concept.name} is a {concept.item_type} concept; the text gives a {f.kind.replace('_', '-')} amount")
            continue
        value = f.value
        if concept.sign == "signed" and c.negative:
            value = -value
        elif concept.sign != "signed":
            value = abs(value)
        dims = c.dims.members()
        context = contexts.get((period, dims))
        if context is None:
            context = contexts[(period, dims)] = Context(entity=entity, period=period, dims=dims)
        key = (concept.qname, context.id, unit.id)
        table = index.get(key)
        if table is not None and _agrees(table, value, f.decimals):
            unplaced(f"repeats the table's {concept.name} at line {table.provenance.line}")
            continue
        value_key = (period, context.dims, unit.id)
        same_value = values.first(value_key, by_value.get(value_key, ()), value, f.decimals)  # the first it repeats
        if table is not None and same_value is not None:
            # "net loss narrowed to $0.45 million" where the table's $0.45 million is the net loss
            # applicable to common stockholders: the prose names the line loosely; a repeat
            table = None
        if table is not None:  # the table disagrees
            msg = (f"{source}:{line}: prose gives {concept.name} {_lexical(value)} for {period} but the table at line "
                   f"{table.provenance.line} gives {table.value}; the table's is kept")
            out.warnings.append(msg)
            unplaced(f"contradicts the table's {concept.name} {table.value} at line {table.provenance.line}")
            continue
        if same_value is not None:
            unplaced(f"repeats the table's {_local(same_value.concept)} at line {same_value.provenance.line}")
            continue
        earlier = emitted.get(key)
        if earlier is not None:
            if _agrees(earlier, value, f.decimals) or Decimal(earlier.value) == value:
                unplaced(f"repeats the prose figure at line {earlier.provenance.line}")
            else:
                out.warnings.append(f"{source}:{line}: prose gives {concept.name} {_lexical(value)} for {period}; line "
                                    f"{earlier.provenance.line} gave {earlier.value}; the first is kept")
                unplaced(f"contradicts the prose figure at line {earlier.provenance.line}")
            continue
        fact = Fact(concept=concept.qname, context=context, value=_lexical(value), unit=unit, decimals=str(f.decimals),
                    provenance=Provenance(source=source, line=line, column=column, text=f.text,
                                          label=_snippet(c.sentence.text, f), rule=f"{RULE_SOURCE}; {c.rule}"))
        emitted[key] = fact
        out.facts.append(fact)


def _repeat_any(f: Figure, c: _Candidate, by_concept, by_value, values: _TableValues, by_period: dict) -> Fact | None:
    """A table fact this figure repeats (with either sign), when the sentence names no line item
    or period: the first of the concept's facts, or of the period's facts without members.
    ``by_period``: each period's facts without members, in by_value's order (filled from
    by_value when first needed)."""
    if c.period is not None and c.concept is None:
        if not by_period:
            for (p, d, u), ts in by_value.items():
                if not d:
                    by_period.setdefault(p, []).extend(ts)
        key, pool = ("period", c.period), by_period.get(c.period, [])
    else:
        key = ("concept", c.concept.qname if c.concept is not None else None)
        pool = by_concept.get(c.concept.qname, []) if c.concept is not None else []
    return values.first(key, pool, f.value, f.decimals, either_sign=True)


class _TableValues:
    """The table facts a prose figure repeats: ``first(key, pool, ...)`` is the first fact of
    the pool (a list named by ``key``) that _close and _agrees accept, as a loop over it finds
    it.  A large pool asked again is searched through a _NearValues index of it instead (a
    release with hundreds of table facts asks for the same few pools many times)."""

    SMALL = 24  # (a pool this long is scanned: an index costs more than it spares)

    def __init__(self, approx: dict[int, tuple[float | None, int | None]]):
        self.approx = approx
        self.asked: dict[object, int] = {}  # pool key -> times asked
        self.indexes: dict[object, _NearValues] = {}

    def first(self, key, pool, value: Decimal, decimals: int, *, either_sign: bool = False) -> Fact | None:
        if len(pool) > self.SMALL:
            index = self.indexes.get(key)
            if index is None and self.asked.get(key):
                index = self.indexes[key] = _NearValues(pool, self.approx)
            self.asked[key] = self.asked.get(key, 0) + 1
            if index is not None:
                return index.first(value, decimals, either_sign=either_sign)
        approx, near = self.approx, float(value)
        for t in pool:
            if (_close(approx[id(t)], near, decimals) and _agrees(t, value, decimals)) or \
                    (either_sign and _close(approx[id(t)], -near, decimals) and _agrees(t, -value, decimals)):
                return t
        return None


class _NearValues:
    """Table facts (in their order) searchable by value: what a loop over them asking _close and
    _agrees finds first, without asking every fact: the facts are sorted by their float value
    once, and only those within the widest tolerance _close can allow are asked, in order."""

    __slots__ = ("facts", "approx", "numbers", "order", "always", "min_decimals", "widest")

    def __init__(self, facts, approx: dict[int, tuple[float | None, int | None]]):
        self.facts = list(facts)
        self.approx = approx
        numbers = [approx[id(t)][0] for t in self.facts]
        pairs = sorted((n, k) for k, n in enumerate(numbers) if n is not None and math.isfinite(n))
        self.numbers = [n for n, _ in pairs]
        self.order = [k for _, k in pairs]
        # (no number: _close says yes; not finite: it cannot be sorted, so it is always asked)
        self.always = [k for k, n in enumerate(numbers) if n is None or not math.isfinite(n)]
        decimals = [approx[id(t)][1] for t in self.facts if approx[id(t)][1] is not None]
        self.min_decimals = min(decimals) if decimals else None
        self.widest = max((abs(n) for n in self.numbers), default=0.0)

    def first(self, value: Decimal, decimals: int, *, either_sign: bool = False) -> Fact | None:
        near = float(value)
        # _close's tolerance for one fact is 2 * 10**-d + 1e-9 * |its number|, d its decimals or the
        # figure's, the smaller: at most this (with a margin for the floats' own rounding)
        d = decimals if self.min_decimals is None or self.min_decimals >= decimals else self.min_decimals
        reach = (2.0 * 10.0 ** -d + 1e-9 * self.widest) * 1.001 + 1e-300
        found = None
        for number, exact in ((near, value), (-near, -value)) if either_sign else ((near, value),):
            ks = self.always + self.order[bisect.bisect_left(self.numbers, number - reach):
                                          bisect.bisect_right(self.numbers, number + reach)]
            for k in sorted(ks):
                if found is not None and k >= found:
                    break
                t = self.facts[k]
                if _close(self.approx[id(t)], number, decimals) and _agrees(t, exact, decimals):
                    found = k
                    break
        return None if found is None else self.facts[found]


def _close(table: tuple[float | None, int | None], value: float, decimals: int) -> bool:
    """Whether a table value (as a float, with its decimals) is near enough to a prose figure for
    _agrees to be asked: that needs them within 1.5 units of the coarser one's last digit;
    twice that, and a float's error to spare, lets through every pair it could accept."""
    number, table_decimals = table
    if number is None:
        return True
    d = decimals if table_decimals is None or table_decimals >= decimals else table_decimals
    return abs(number - value) <= 2.0 * 10.0 ** -d + 1e-9 * abs(number)


def _agrees(table_fact: Fact, value: Decimal, decimals: int) -> bool:
    """The table's value, rounded to the prose figure's decimals, is the prose figure (half-up, or
    cut short as some releases do)."""
    try:
        t = _decimal(table_fact.value)
    except Exception:
        return False
    if table_fact.decimals not in (None, "INF") and int(table_fact.decimals) < decimals:
        # the prose is the more exact one ("$5,815,468" against a table in thousands)
        decimals = int(table_fact.decimals)
        q = _quantum(decimals)
        return abs((value / q).quantize(_ONE, rounding=ROUND_HALF_UP) * q - t) <= q
    q = _quantum(decimals)
    # (either test below needs the two within 1.5 q: most table facts are far off, and spare
    # the division and rounding)
    if abs(t - value) > q + q:
        return False
    rounded = (t / q).quantize(_ONE, rounding=ROUND_HALF_UP) * q
    return rounded == value or abs(t - value) < q


_ONE = Decimal(1)
# 10**-d for the decimals figures and facts have (others are made when asked for)
_QUANTA = {d: Decimal(1).scaleb(-d) for d in range(-15, 16)}


def _quantum(decimals: int) -> Decimal:
    q = _QUANTA.get(decimals)
    return q if q is not None else Decimal(1).scaleb(-decimals)


# a table value is compared with many prose figures: parse each value string once (Decimals are
# immutable, and the answer depends on the string alone)
_decimal = functools.lru_cache(maxsize=4096)(Decimal)


def _snippet(text: str, f: Figure) -> str:
    a = max(0, f.start - 60)
    return ("…" if a else "") + text[a:f.end].strip()


def _lexical(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _local(qname: str) -> str:
    return qname.split(":")[-1]
