"""Figures in a sentence: money ("$6.64 million", "($0.03) per share", "27 cents a share"),
percentages and counts ("216.5 million shares"), each with its value, scale and kind.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .textscan import DIGIT, Caseless, ascii_lower, fold, holds_any


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


HOLDS_PERCENT_WORD = holds_any(("percent", "per cent", "basis point", "bps"))  # PERCENT_RE needs one (or "%")
HOLDS_SCALE_WORD = holds_any(("million", "billion", "thousand"))  # COUNT_RE needs one


def figures(text: str) -> list[Figure]:
    """Every amount, per-share amount, share count and percentage in a sentence, in order."""
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    if not DIGIT.search(text):
        return found  # every figure has a digit
    # each pattern below needs a literal ("$"/"usd", "cent", "%"/"percent"/..., a scale word):
    # a sentence without it skips that scan (the scans try every position, case-insensitively)
    folded = fold(text)
    lowered = ascii_lower(text)
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
