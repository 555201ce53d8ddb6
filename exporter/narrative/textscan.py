"""Case-insensitive scans that look only where a match can start.

The prose is searched with many case-insensitive patterns; most sentences hold none of the words
a pattern needs.  :class:`Caseless` runs a pattern only near the places in the lower-cased text
where a match can begin (found with ``str.find``), with the same matches as the plain search.
"""
from __future__ import annotations

import re


def holds_any(words: tuple[str, ...]):
    """A test of whether a text holds one of the words: ``w1 in text or w2 in text or ...``,
    compiled once.  Why: any() over a generator costs about ten times as much, and such tests
    are asked of every sentence and clause."""
    return eval("lambda text: " + " or ".join(f"{w!r} in text" for w in words))  # (the words are ours)


def word_mask(words: tuple[str, ...]):
    """A text's mask of the words: bit k set when it holds words[k] (see holds_any)."""
    return eval("lambda text: " + " | ".join(f"({1 << k} if {w!r} in text else 0)" for k, w in enumerate(words)))


class Caseless:
    """A case-insensitive pattern searched fast.  Why: with re.I, SRE compares every character
    through case folding and tries the pattern at every position; most of this module's time
    went there.  On ASCII text a re.I pattern matches exactly where its lower-cased twin
    (compiled without re.I) matches the lower-cased text: both are the same character-by-
    character comparisons.  The twin finds where a match starts, and the pattern itself is then
    matched there, so callers get the genuine match (groups in the text's own case).  Text that
    is not ASCII (where re.I also folds characters such as "\u017f" and "\u212a") is searched
    with the pattern as usual."""

    __slots__ = ("rx", "pattern", "folds", "twin_pattern", "twin_flags", "_twin", "locator", "skips")

    def __init__(self, rx: re.Pattern, locator: str | None = None):
        """``locator``: a pattern (lower case, no re.I) that matches, in the lower-cased text,
        at every position rx can match at, written to start with a character set or literals
        so that SRE skips to the few places it can start (rx tries every position)."""
        self.rx = rx
        self.pattern = rx.pattern
        self.folds = bool(rx.flags & re.IGNORECASE)  # (without re.I a pattern is its own twin)
        self.twin_pattern = _lower_pattern(rx.pattern) if self.folds else rx.pattern
        self.twin_flags = rx.flags & ~re.IGNORECASE
        self._twin = None if self.folds else rx
        self.locator = re.compile(locator) if locator else None
        self.skips: dict[int, re.Pattern] = {}  # near's patterns, by reach

    @property
    def twin(self) -> re.Pattern:
        """The lower-cased twin, compiled when first asked for: near() and a scan with a locator
        never ask (near's own patterns hold the twin's source), and a fresh process should not
        compile what it will not run."""
        if self._twin is None:
            self._twin = re.compile(self.twin_pattern, self.twin_flags)
        return self._twin

    def finditer(self, text: str, lowered: str | None):
        """rx.finditer(text); ``lowered`` is text.lower() when text is ASCII, else None."""
        if lowered is None or not self.folds:
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
        subject = lowered if self.folds else text
        if reach > 64:
            # (a sentence with long runs of white space: a few sizes of skip, as trying more places
            # changes nothing, so that odd texts do not compile a pattern each)
            reach = 1 << (reach - 1).bit_length()
        skip = self.skips.get(reach)
        if skip is None:
            # (the first look-ahead turns down, before the pattern is tried there, the positions
            # whose character no match starts with)
            first = _first_chars(self.twin_pattern, self.twin_flags)
            guard = "(?=[" + "".join(re.escape(c) for c in sorted(first)) + "])" if first else ""
            skip = self.skips[reach] = re.compile(rf"(?s:.{{0,{reach}}}?){guard}(?={self.twin_pattern})", self.twin_flags)
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
        if lowered is None or not self.folds:
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


def ascii_lower(text: str) -> str | None:
    """text.lower() for Caseless scans (None when text is not ASCII)."""
    return text.lower() if text.isascii() else None


DIGIT = re.compile(r"\d")


def fold(text: str) -> str:
    """Lower-cased text in which a case-insensitive pattern's ASCII letters can be looked up
    literally (re.I also matches the dotted/dotless i and the long s with "i" and "s")."""
    low = text.lower()
    if not low.isascii():
        low = low.replace("\u017f", "s").replace("\u0131", "i").replace("\u0307", "")
    return low


def wide_space(text: str) -> bool:
    """Whether text may hold a run of more than one white-space character."""
    # (ASCII white space but " " is not printable: printable ASCII text spares the search)
    return "  " in text or not text.isascii() or (not text.isprintable() and OTHER_SPACE.search(text) is not None)


# ASCII white space but " " (a character class: SRE tests each character in C, where a set's
# isdisjoint would hash each one)
OTHER_SPACE = re.compile("[\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f]")
