"""Prose split into sentences: paragraphs of the release's lines (table rows, headings and
rules left out), each cut at its sentence ends, with where every piece is in the source.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..document import Document
from .textscan import DIGIT, fold, holds_any, wide_space


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
        if (wide_space(left if body is raw else body.lstrip()) and TABLE_ROW.search(body)
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
    """Whether a sentence of the text may hold a figure (holds_figure without the word
    boundaries): a digit, and "$", "%" or one of FIGURE_WORD's words as letters."""
    if not DIGIT.search(text):
        return False
    return "$" in text or "%" in text or HOLDS_FIGURE_WORD(fold(text))


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


FIGURE_WORD = re.compile(r"\bcents?\b|\bpercent\b|\b(?:million|billion|thousand)\b", re.I)


FIGURE_WORD_NEEDS = ("cent", "million", "billion", "thousand")  # FIGURE_WORD needs one of them
HOLDS_FIGURE_WORD = holds_any(FIGURE_WORD_NEEDS)


def holds_figure(text: str) -> bool:
    """A digit, and "$", "%" or a figure word ("cents", "percent", a scale word) in the text."""
    return _may_hold_figure(text) and ("$" in text or "%" in text or FIGURE_WORD.search(text) is not None)
