"""Period phrases in a sentence ("the third quarter of 2007", "the three and nine months ended
September 30, 2024", "the same period last year"), and whether each follows a comparison.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..dates import MONTH_NAME
from .textscan import DIGIT, Caseless, ascii_lower, fold, holds_any, wide_space, word_mask


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
HOLDS_PERIOD_HINT, HOLDS_MONTH = holds_any(PERIOD_HINT_WORDS), holds_any(MONTH_PREFIXES)
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
_period_words_in = word_mask(PERIOD_NEED_WORDS[:-3])


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
    folded = fold(text)
    if not DIGIT.search(text) and not HOLDS_PERIOD_HINT(folded):
        return out
    has_year = YEAR_RE.search(text) is not None
    has_month = has_year and HOLDS_MONTH(folded)  # only DATE needs one, and a DATE has a year
    present = _needs_present(text, folded, has_year, has_month)
    lowered = ascii_lower(text)
    space = years = None  # (asked for once a pattern is scanned)
    anchored: dict[tuple, list[int]] = {}  # anchor words -> their positions (kinds share them)
    for kind, rx in _scans_for(present):
        if lowered is None:
            found = rx.finditer(text, lowered)
        else:
            if space is None:
                space = max(map(len, SPACE_RUN.findall(text)), default=1) if wide_space(text) else 1
                years = [m.start() for m in YEAR_RE.finditer(text)] if has_year else []
            words, base, per_space = PERIOD_ANCHORS[kind]
            lowered_scan = rx.folds  # (the anchors of a pattern without re.I: in the text as written)
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
                comp = COMPARED_WORDS.search(fold(before)) is not None and COMPARED_BEFORE.search(before) is not None
                out.append(PeriodPhrase(start, end, m.group(0), kind, m, comp))
    out.sort(key=lambda p: p.start)
    return out


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
