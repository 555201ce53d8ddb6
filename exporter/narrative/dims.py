"""Segments named in prose: geography ("in the U.S.", "EMEA"), product lines and reportable
segments ("North America segment"), as the dimension members of a figure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import segments as segments_mod
from ..model import Member
from .textscan import Caseless, fold, holds_any, word_mask


# words that name a place: a line-item phrase may start after one ("U.S. revenue")
PLACE_WORDS = frozenset({"u.s", "u.s.", "us", "emea", "apac", "europe", "international", "domestic", "america", "canada",
                         "japan", "china", "asia"})


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


# What each of GEO_PHRASES cannot match without (any one word of the folded text, see fold):
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
_geo_words_in = word_mask(tuple(word for word, _ in GEO_WORDS))


def geo_candidates(folded_sentence: str) -> tuple[int, ...]:
    """The GEO_PHRASES a sentence may hold (its folded text has one of their words): a clause
    of it holds no others."""
    mask = _geo_words_in(folded_sentence)
    return tuple(sorted({k for b, (word, k) in enumerate(GEO_WORDS) if mask >> b & 1})) if mask else ()


WORLDWIDE = re.compile(r"\bworldwide\b|\btotal company\b|\bconsolidated\b", re.I)
HOLDS_WORLDWIDE = holds_any(("worldwide", "total company", "consolidated"))  # WORLDWIDE needs one
GEO_HOLDS = [holds_any(needs) for needs in GEO_NEEDS]
GEO_SCANS = [Caseless(rx) for rx, _ in GEO_PHRASES]
PRODUCT_SCAN = Caseless(PRODUCT_PHRASE)


def segments_in(text: str, start: int, end: int, members: segments_mod.Members,
                places: tuple[int, ...] | None = None, lowered: str | None = None) -> Dims:
    """The segment words of one figure's own clause, text[start:end].  ``places``: the indexes
    of GEO_PHRASES whose words the whole sentence holds (see geo_candidates), when known."""
    window = text[start:end]
    folded = fold(window)
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
