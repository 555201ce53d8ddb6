"""Mapping rules and rule sets: what a rule says (an exact label, a pattern or a fallback, in a
statement and section), the order of specificity, label normalizing, and the literal runs a
pattern cannot match without (so most labels never compile or run most patterns).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .. import taxonomy as taxonomy_mod
from ..model import ConvertError, Row
from ..resources import data_dir
from .reading import Reading, readings


STATEMENTS = ("income", "balance", "cashflow", "any")
DEFAULT_RULES = data_dir("taxonomy") / "mappings.toml"
EXT_PREFIX = "ext"  # rules name company extension concepts "ext:Name"; the real prefix is the company's
RULE_KEYS = {"label", "pattern", "fallback", "statement", "section", "concept", "negate"}
CONCEPT_KEYS = {"name", "type", "period_type", "balance", "label", "sign"}
EXT_TYPES = ("monetary", "shares", "perShare", "percent", "pure", "string")
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Problems that make a rule file unusable for conversion (the others are only reported by check).
FATAL = {"toml", "rule-shape", "bad-value", "unknown-key", "regex", "unknown-concept",
         "undeclared-extension", "bad-declaration"}


class MappingError(ConvertError):
    """A rule file is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Problem:
    """One finding of ``mappings check``: where, how bad, what kind, and what to do."""

    path: str
    line: int
    severity: str  # "error" | "warning"
    code: str  # toml | rule-shape | bad-value | unknown-key | regex | unknown-concept | ...
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message} [{self.code}]"


@dataclass(frozen=True)
class MappingRule:
    """One label-to-concept rule (a literal label or a pattern), with where it came from."""
    concept: str
    label: str | None = None
    pattern: str | None = None
    statement: str = "any"
    section: str | None = None
    negate: bool = False
    source: str = ""  # file:line of the rule
    layer: int = 0  # 0 for the defaults, 1.. for user files in the order given
    fallback: bool = False

    @property
    def kind(self) -> str:
        return "label" if self.label is not None else "pattern" if self.pattern is not None else "fallback"

    @property
    def specificity(self) -> int:
        """exact+section 4 > exact 3 > pattern+section 2 > pattern 1 > fallback+section 0 > fallback -1."""
        base = {"label": 3, "pattern": 1, "fallback": -1}[self.kind]
        return base + (1 if self.section else 0)

    @property
    def where(self) -> str:
        return self.source

    @property
    def is_extension(self) -> bool:
        return self.concept.startswith(EXT_PREFIX + ":")

    @property
    def text(self) -> str:
        """What the rule matches, for listings."""
        if self.label is not None:
            return f'label "{self.label}"'
        if self.pattern is not None:
            return f"pattern '{self.pattern}'"
        return "any line"


@dataclass(frozen=True)
class DeclaredConcept:
    """A company extension concept declared by a ``[[concept]]`` table of a rule file."""

    name: str  # local name (without "ext:")
    item_type: str
    period_type: str
    balance: str | None
    label: str
    sign: str
    source: str = ""


@dataclass
class RuleFile:
    """The rules and concept declarations read from one TOML rule file, and its problems."""
    path: Path
    rules: list[MappingRule]
    concepts: dict[str, DeclaredConcept]
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass
class RuleSet:
    """The layered rules of every rule file, in the order they are tried."""
    rules: list[MappingRule]
    concepts: dict[str, DeclaredConcept] = field(default_factory=dict)  # declared extension concepts
    _compiled: dict = field(default_factory=dict, repr=False)

    def ordered(self) -> list[MappingRule]:
        """Rules in the order they are tried (most specific first, user layers before defaults)."""
        return sorted(self.rules, key=lambda r: (-r.specificity, -r.layer))

    def match(self, row: Row, statement: str) -> MappingRule | None:
        found = self.match_reading(row, statement)
        return found[0] if found else None

    def match_reading(self, row: Row, statement: str, reread: bool = True) -> tuple[MappingRule, Reading] | None:
        """The rule for a row and the reading of its label that the rule matched: the label as
        printed first, then (with ``reread``) the other readings of it (``reading.readings``)."""
        # Labels recur across tables and releases ("Total assets"): remember each answer
        # (the rule set is immutable once built).
        memo = self._compiled.get("memo")
        if memo is None:
            memo = self._compiled["memo"] = {}
        sections = _sections(row)
        sections_key = tuple(sections)
        for reading in _readings(row):
            if reading.how and not reread:
                break
            key = (reading.text, sections_key, statement)
            found = memo.get(key, _UNKNOWN)
            if found is _UNKNOWN:
                if len(memo) > 50000:
                    memo.clear()
                found = memo[key] = next(self._matching(reading.text, sections, statement, bool(reading.how)), None)
            if found is not None:
                return found, reading
        return None

    def matches(self, row: Row, statement: str) -> list[MappingRule]:
        """Every rule that matches the row, the winner first (for ``mappings explain``)."""
        out: list[MappingRule] = []
        for reading in _readings(row):
            out.extend(r for r in self._matching(reading.text, _sections(row), statement, bool(reading.how))
                       if r not in out)
        return out

    def _matching(self, text: str, sections: list[str], statement: str, whole: bool = False):
        """The rules matching ``text`` in order; with ``whole``, a pattern must match all of it
        (a reading of a label counts only for a rule that accounts for every word of it)."""
        # the lower-case ASCII text the patterns' literal prefilters are checked against (None: no prefilter)
        folded = text.lower() if text.isascii() else None
        for rule, label, section, rx in self._order():
            if rule.statement not in ("any", statement):
                continue
            if section is not None and not any(s == section[0] or section[1].search(s) for s in sections):
                continue
            if _says(label, rx, text, folded, whole):
                yield rule

    def accepts(self, rule: MappingRule, text: str, whole: bool = False) -> bool:
        """Does ``rule``'s label or pattern match ``text``, whatever its statement and section
        (``mappings explain``: why a rule for this wording did not take the line)?"""
        folded = text.lower() if text.isascii() else None
        return any(_says(label, rx, text, folded, whole) for r, label, _, rx in self._order() if r is rule)

    def _order(self) -> list[tuple]:
        """The rules in order, each with its normalised label, section matcher and compiled pattern
        (computed once: matching runs for every line of every table)."""
        if "order" not in self._compiled:
            compiled = []
            for r in self.ordered():
                section = None
                if r.section:
                    w = normalize(r.section)
                    section = (w, _section_pattern(w))
                compiled.append((r, normalize(r.label) if r.label is not None else None, section,
                                 _LazyPattern(r.pattern, r.source) if r.pattern is not None else None))
            self._compiled["order"] = compiled
        return self._compiled["order"]


_UNKNOWN = object()  # a memo's "not asked yet" (its answers include None)


def _says(label: str | None, rx, text: str, folded: str | None, whole: bool) -> bool:
    """A rule's exact label or pattern (None: a fallback, any text) against a normalised text;
    with ``whole`` a pattern must match all of it."""
    if label is not None:
        return label == text
    if rx is None:
        return True
    m = rx.search(text, folded)
    return bool(m) and (not whole or (m.start() == 0 and m.end() == len(text)))


class _LazyPattern:
    """A rule's pattern, compiled only when a label could match it.

    Compiling the default rules' ~240 patterns costs more than converting a release, and a
    label tries every pattern it does not match.  Each top-level alternative of a pattern has a
    literal run it cannot match without ("net sales" in ``^(total )?net sales$``); a label
    holding none of them cannot match, so its pattern is neither compiled nor run."""

    __slots__ = ("pattern", "source", "needles", "_rx")

    def __init__(self, pattern: str, source: str):
        self.pattern = pattern
        self.source = source
        self.needles = STORED_NEEDLES[pattern] if pattern in STORED_NEEDLES else required_literals(pattern)
        self._rx: re.Pattern | None = None

    def search(self, text: str, folded: str | None = None):
        """``re.search`` (case-insensitive) of the pattern in ``text``; ``folded`` is text.lower()
        when text is ASCII (the prefilter is only sound then: re.I folds some non-ASCII letters
        onto ASCII ones)."""
        if folded is not None and self.needles is not None and not could_match(self.needles, folded):
            return None
        rx = self._rx
        if rx is None:
            try:
                rx = self._rx = re.compile(self.pattern, re.I)
            except re.error as e:  # the defaults are checked by ``mappings check``, not at load
                raise MappingError(f"{self.source}: invalid regular expression {self.pattern!r}: {e}") from None
        return rx.search(text)


# required_literals of the bundled rules' patterns, as stored with their parsed file (see
# _parse_stored): a pure function's answers, filled once per process.
STORED_NEEDLES: dict[str, tuple | None] = {}

# The tokens of a pattern, as required_literals reads them (anything else: not read).
_PATTERN_TOKEN = re.compile(
    r"(?P<bad>\(\?(?![:=!]|<[=!]))"  # inline flags, named groups, comments, conditionals
    r"|(?P<open>\((?:\?:|\?=|\?!|\?<=|\?<!)?)"
    r"|(?P<close>\))|(?P<bar>\|)"
    r"|(?P<quant>[?*+]|\{(?:\d+(?:,\d*)?|,\d+)\})"
    r"|(?P<brace>\{)"
    r"|(?P<other>\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|[.^$])"
    r"|(?P<lit>[^\\\[(){|?*+.^$]+)", re.S)


def required_literals(pattern: str) -> tuple[tuple[tuple[str, ...], ...], ...] | None:
    """What a match of ``pattern`` must contain, for a cheap test before the pattern is compiled
    or run: per top-level alternative, the requirements every match of it meets (each a tuple
    of lower-case ASCII strings, one of which occurs).  None when some alternative has none, or
    the pattern uses syntax this reading does not follow (inline flags, named groups, a literal
    "{"): then the pattern is always tried.

    A requirement is a literal run outside classes and escapes and not under a quantifier
    ("net sales" in ``^(total )?net sales$``), or the alternatives of a group that is not
    optional (``(product|service)s``)."""
    tokens = [(m.lastgroup, m.group()) for m in _PATTERN_TOKEN.finditer(pattern)]
    if sum(len(t) for _, t in tokens) != len(pattern) or any(kind in ("bad", "brace") for kind, _ in tokens):
        return None
    # one frame per open group: [alternatives, clauses of the current one, literal run, lookaround]
    stack: list[list] = [[[], [], "", False]]

    def flush(frame: list) -> None:
        if frame[2]:
            frame[1].append((frame[2],))
            frame[2] = ""

    n = len(tokens)
    for k, (kind, text) in enumerate(tokens):
        frame = stack[-1]
        quantified = k + 1 < n and tokens[k + 1][0] == "quant"
        if kind == "lit":
            if not text.isascii():
                flush(frame)
                continue
            if quantified:
                frame[2] += text[:-1].lower()
                flush(frame)
            else:
                frame[2] += text.lower()
        elif kind == "open":
            flush(frame)
            stack.append([[], [], "", "=" in text or "!" in text])
        elif kind == "close":
            if len(stack) == 1:
                return None
            flush(frame)
            frame[0].append(frame[1])
            stack.pop()
            parent = stack[-1]
            flush(parent)
            if not frame[3] and not quantified and all(frame[0]):
                parent[1].append(tuple(sorted(set().union(*(_best(alt) for alt in frame[0])))))
        elif kind == "bar":
            flush(frame)
            frame[0].append(frame[1])
            frame[1] = []
        else:  # an escape, a class, ".", "^", "$", a quantifier
            flush(frame)
    if len(stack) != 1:
        return None
    frame = stack[0]
    flush(frame)
    frame[0].append(frame[1])
    if not all(frame[0]):
        return None
    return tuple(tuple(alt) for alt in frame[0])


def _best(clauses: list[tuple[str, ...]]) -> tuple[str, ...]:
    """The most selective requirement: the one whose shortest string is longest."""
    return max(clauses, key=lambda c: (min(map(len, c)), -len(c)))


def could_match(needs: tuple[tuple[tuple[str, ...], ...], ...], folded: str) -> bool:
    """Does ``folded`` (lower-case ASCII) meet every requirement of some alternative?"""
    # plain loops: every label is checked against every rule, and nested generators cost ~5x
    for alt in needs:
        for clause in alt:
            for s in clause:
                if s in folded:
                    break
            else:
                break  # a requirement none of whose strings occurs: not this alternative
        else:
            return True
    return False


def _texts(row: Row) -> list[str]:
    if row.measure:
        return [normalize(row.measure)]
    texts = [normalize(row.full_label)]
    if row.parent:
        texts.append(normalize(row.label))
    return texts


def _readings(row: Row):
    """The label as printed (full label, then the label without its parent line), then the
    other readings of each."""
    texts = _texts(row)
    yield from (Reading(t) for t in texts)
    for t in texts:
        yield from readings(t)


def _sections(row: Row) -> list[str]:
    sections = [normalize(s) for s in row.sections]
    if row.parent:
        sections.append(normalize(row.parent))
    return sections


def section_matches(wanted: str, section: str) -> bool:
    """A rule's section matches a heading that contains it as whole words ("per" in
    "net loss per common share", "costs and expenses" in "costs and expenses")."""
    w = normalize(wanted)
    return section == w or _section_pattern(w).search(section) is not None


def _section_pattern(words: str) -> re.Pattern:
    """The normalised section words as whole words (not inside "supper" or "company's", and not
    the end of a hyphened word: "current liabilities" is not in "non-current liabilities")"""
    # ... nor the object of "cost(s) of": "Cost of revenue" heads costs, not revenue
    return re.compile(rf"(?<![\w'-])(?<!costs of )(?<!cost of ){re.escape(words)}(?![\w'])")


@lru_cache(maxsize=8192)  # a pure function of the text, asked for the same labels again and again
def normalize(label: str) -> str:
    """Labels compare case- and space-insensitively, ignoring footnote marks and punctuation noise."""
    t = label.replace("’", "'").replace("‘", "'").replace("&", " and ").replace("\u00a0", " ")
    t = re.sub(r"\(\s*(?:\d{1,2}|[a-z]|\*+)\s*\)|\*+|†|‡", " ", t)
    t = re.sub(r"\s*/\s*", "/", t)
    t = re.sub(r"\s+", " ", t).strip().lower()
    return t.rstrip(":;,. ").strip()


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_LITTLE_WORDS = {"and", "of", "the", "a", "an", "in", "for", "to", "on", "by", "from", "net", "total"}


def label_words(label: str) -> set[str]:
    """The words a label says something with (normalised; not "and", "of", "net", "total" ...),
    to compare what two labels name."""
    return {w for w in _WORD.findall(normalize(label)) if w not in _LITTLE_WORDS}


def candidates(label: str, rules: RuleSet, tax=None, n: int = 3) -> list[tuple[str, str, float]]:
    """The closest concepts for a label no rule maps: (concept, what matched, similarity), from
    the rules' exact labels and the taxonomy's standard and terse labels."""
    tax = tax or taxonomy_mod.load()
    wanted = normalize(label)
    pool: dict[str, tuple[str, str]] = {}
    for rule in rules.rules:
        if rule.label is not None:
            pool.setdefault(normalize(rule.label), (rule.concept, f"rule {rule.source}"))
    for c in tax.concepts.values():
        if c.abstract or not c.is_numeric:
            continue
        for text in (c.label, c.terse_label):
            if text:
                pool.setdefault(normalize(text), (c.qname, f'label "{text}"'))
    import difflib  # only for hints

    scored = []
    for text, (concept, what) in pool.items():
        ratio = difflib.SequenceMatcher(None, wanted, text).ratio()
        if ratio >= 0.5:
            scored.append((ratio, concept, what))
    scored.sort(key=lambda s: (-s[0], s[1]))
    out, concepts = [], set()
    for ratio, concept, what in scored:
        if concept in concepts:
            continue
        concepts.add(concept)
        out.append((concept, what, round(ratio, 3)))
        if len(out) == n:
            break
    return out
