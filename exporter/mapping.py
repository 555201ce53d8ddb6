"""Map table line items onto taxonomy concepts through rules kept as data.

A rule file is TOML (the defaults are ``taxonomy/mappings.toml``)::

    [[rule]]
    label = "General, administrative and patent costs"   # exact, case- and space-insensitive
    # pattern = '^general,? administrative'              # or a regular expression (re.search)
    # fallback = true                                    # or: any line (of the statement/section)
    statement = "income"                                 # optional: income | balance | cashflow | any
    section = "Costs and expenses"                       # optional: a heading above the line
    concept = "GeneralAndAdministrativeExpense"          # or "ext:PatentCosts", declared below
    negate = false                                       # optional: printed with the opposite sign

    [[concept]]                                          # a company extension concept
    name = "PatentCosts"
    type = "monetary"                                    # monetary | shares | perShare | percent | pure | string
    period_type = "duration"                             # duration | instant
    balance = "debit"                                    # optional: debit | credit (monetary only)
    label = "Patent costs"

Rules are ordered by specificity: exact label with a section > exact label > pattern with a
section > pattern > fallback with a section > fallback; among equals, user files (given later)
win over the defaults, and within a file the earlier rule wins.  Every fact records the rule
(file:line) that chose its concept, so ``mappings explain`` can say why.

``parse_rule_file`` never raises on content: it returns every problem with its line number (what
``mappings check`` prints); ``load_rules`` raises :class:`MappingError` on the first problem that
makes a file unusable.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from . import taxonomy as taxonomy_mod
from .model import (PURE, SHARES, Cell, ConvertError, Context, Entity, Fact, Period, Provenance, Row, Table, Unit,
                    Unplaced, currency_unit)
from .signs import signed_value
from .files import write_atomic
from .resources import data_dir

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
        # Labels recur across tables and releases ("Total assets"): remember each answer
        # (the rule set is immutable once built).
        memo = self._compiled.get("memo")
        if memo is None:
            memo = self._compiled["memo"] = {}
        sections = _sections(row)
        sections_key = tuple(sections)
        for text in _texts(row):
            key = (text, sections_key, statement)
            found = memo.get(key, _UNKNOWN)
            if found is _UNKNOWN:
                if len(memo) > 50000:
                    memo.clear()
                found = memo[key] = next(self._matching(text, sections, statement), None)
            if found is not None:
                return found
        return None

    def matches(self, row: Row, statement: str) -> list[MappingRule]:
        """Every rule that matches the row, the winner first (for ``mappings explain``)."""
        out: list[MappingRule] = []
        for text in _texts(row):
            out.extend(r for r in self._matching(text, _sections(row), statement) if r not in out)
        return out

    def _matching(self, text: str, sections: list[str], statement: str):
        # the lower-case ASCII text the patterns' literal prefilters are checked against (None: no prefilter)
        folded = text.lower() if text.isascii() else None
        for rule, label, section, rx in self._order():
            if rule.statement not in ("any", statement):
                continue
            if section is not None and not any(s == section[0] or section[1].search(s) for s in sections):
                continue
            if label is not None:
                if label == text:
                    yield rule
            elif rx is None or rx.search(text, folded):
                yield rule

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
        self.needles = _NEEDLES[pattern] if pattern in _NEEDLES else required_literals(pattern)
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
_NEEDLES: dict[str, tuple | None] = {}

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


def _sections(row: Row) -> list[str]:
    sections = [normalize(s) for s in row.sections]
    if row.parent:
        sections.append(normalize(row.parent))
    return sections


def _section_matches(wanted: str, section: str) -> bool:
    """A rule's section matches a heading that contains it as whole words ("per" in
    "net loss per common share", "costs and expenses" in "costs and expenses")."""
    w = normalize(wanted)
    return section == w or _section_pattern(w).search(section) is not None


def _section_pattern(words: str) -> re.Pattern:
    """The normalised section words as whole words (not inside "supper" or "company's", and not
    the end of a hyphened word: "current liabilities" is not in "non-current liabilities")."""
    return re.compile(rf"(?<![\w'-]){re.escape(words)}(?![\w'])")


@lru_cache(maxsize=8192)  # a pure function of the text, asked for the same labels again and again
def normalize(label: str) -> str:
    """Labels compare case- and space-insensitively, ignoring footnote marks and punctuation noise."""
    t = label.replace("’", "'").replace("‘", "'").replace("&", " and ").replace("\u00a0", " ")
    t = re.sub(r"\(\s*(?:\d{1,2}|[a-z]|\*+)\s*\)|\*+|†|‡", " ", t)
    t = re.sub(r"\s*/\s*", "/", t)
    t = re.sub(r"\s+", " ", t).strip().lower()
    return t.rstrip(":;,. ").strip()


# ---------------------------------------------------------------- loading rules

def load_rules(user_files: list[str | Path] = (), *, defaults: Path | None = DEFAULT_RULES,
               taxonomy=None) -> RuleSet:
    """The defaults plus each user file as a layer over them.  Raises MappingError (one line)
    when a file cannot be used: unreadable, malformed, or naming a concept that does not exist."""
    tax = taxonomy or taxonomy_mod.load()
    # (paths taken as they are: making a Path of a Path costs more than all the rest here)
    files = [p if isinstance(p, Path) else Path(p) for p in ([defaults] if defaults else []) + list(user_files)]
    parsed = [_parsed_cached(path, layer) for layer, path in enumerate(files, 0 if defaults else 1)]
    # The same files give the same (immutable) rule set: reuse it, with its compiled patterns.
    key = (tuple(id(rf) for rf in parsed), id(tax))
    cached = _RULESETS.get(key)
    if cached is not None and cached[0] == parsed:
        return cached[1]
    ruleset = _build_ruleset(parsed, defaults, tax)
    if len(_RULESETS) > 16:
        _RULESETS.clear()
    _RULESETS[key] = (parsed, ruleset)
    return ruleset


_RULESETS: dict[tuple, tuple[list, "RuleSet"]] = {}


def _build_ruleset(parsed: list, defaults, tax) -> RuleSet:
    declared: dict[str, DeclaredConcept] = {}
    for rf in parsed:
        declared.update(rf.concepts)
    rules: list[MappingRule] = []
    for rf in parsed:
        is_default = defaults is not None and rf is parsed[0]
        problems = rf.problems + _concept_problems(rf.rules, declared, tax, str(rf.path))
        fatal = [p for p in problems if p.severity == "error" and p.code in FATAL
                 and not (is_default and p.code == "unknown-concept")]  # apply() warns for those
        if fatal:
            more = f" (and {len(fatal) - 1} more problem(s); run: xbrl-export mappings check {rf.path})" \
                if len(fatal) > 1 else ""
            p = fatal[0]
            raise MappingError(f"{p.path}:{p.line}: {p.message}{more}")
        rules.extend(rf.rules)
    return RuleSet(rules, declared)


_PARSED: dict[tuple, RuleFile] = {}  # (path, layer, mtime, size) -> parsed file; re-read when changed


def _parsed_cached(path: Path, layer: int) -> RuleFile:
    """parse_rule_file, remembered while the file is unchanged (the defaults are read by every
    conversion; parsing them costs more than converting a release)."""
    # (os.stat and os.path.realpath: what Path.stat and Path.resolve do, at a fraction of the
    # cost; this runs on every conversion)
    try:
        st = os.stat(path)
    except OSError:
        return parse_rule_file(path, layer)  # raises the one-line MappingError
    # a file named two ways is parsed once (resolved); the bundled defaults, read by every
    # conversion, are always named by DEFAULT_RULES, which needs no resolving to be the same key
    where = str(path) if path is DEFAULT_RULES else os.path.realpath(path)
    key = (where, layer, st.st_mtime_ns, st.st_size)
    found = _PARSED.get(key)
    if found is None:
        if len(_PARSED) > 64:
            _PARSED.clear()
        # the bundled defaults' patterns are compiled when first needed (most never are; a test
        # runs ``mappings check`` over them); a user's file is checked whole before converting
        found = _PARSED[key] = (_parse_stored(Path(path), layer) if Path(path) == DEFAULT_RULES else
                                parse_rule_file(path, layer))
    return found


def _parse_stored(path: Path, layer: int) -> RuleFile:
    """parse_rule_file of the bundled defaults (patterns unchecked), kept in the user cache
    folder between processes with the literals of their patterns: parsing the TOML and reading
    the patterns cost a fresh process ~35 ms.  Keyed by the file's bytes, its path (rules record
    "file:line") and this module's code, so any change reads the file again."""
    from .resources import cache_dir

    folder = cache_dir()
    try:
        data = path.read_bytes()
        code = Path(__file__).read_bytes()
    except OSError:
        folder = None
    if folder is None:
        return parse_rule_file(path, layer, check_patterns=False)
    digest = hashlib.sha256(b"\0".join([code, str(path.resolve()).encode(), str(layer).encode(), data])).hexdigest()
    store = folder / f"rules-{digest[:32]}.pickle"
    try:
        found, needles = pickle.loads(store.read_bytes())
        if isinstance(found, RuleFile) and isinstance(needles, dict):
            _NEEDLES.update(needles)
            return found
    except Exception:  # absent, damaged, or from another version: parse the file
        pass
    found = parse_rule_file(path, layer, check_patterns=False)
    needles = {r.pattern: required_literals(r.pattern) for r in found.rules if r.pattern is not None}
    _NEEDLES.update(needles)
    try:
        write_atomic(store, pickle.dumps((found, needles), protocol=pickle.HIGHEST_PROTOCOL), make_dirs=True)
    except (ConvertError, OSError):
        pass  # an unwritable cache only costs time
    return found


def read_rule_file(path: Path, layer: int = 1) -> list[MappingRule]:
    """The rules of one file; raises MappingError on the first structural problem."""
    rf = parse_rule_file(path, layer)
    fatal = [p for p in rf.errors if p.code in FATAL]
    if fatal:
        raise MappingError(f"{fatal[0].path}:{fatal[0].line}: {fatal[0].message}")
    return rf.rules


def parse_rule_file(path: str | Path, layer: int = 1, *, check_patterns: bool = True) -> RuleFile:
    """Read one rule file, collecting every structural problem with its line number (malformed
    TOML, rule shape, values, regular expressions, declarations).  Only an unreadable file raises
    (MappingError).  ``check_files`` adds the checks that need the taxonomy or the whole file.
    With ``check_patterns`` False, regular expressions are not compiled here (a bad one raises
    MappingError when first used)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise MappingError(f"{path}: cannot read mapping file ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise MappingError(f"{path}: mapping file is not UTF-8 text") from None
    shown = str(path)
    out = RuleFile(path, [], {}, [])
    import tomllib  # here: conversions read the defaults parsed already (_parse_stored)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(e))
        line = int(m.group(1)) if m else 1
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(e))
        col = f", column {m.group(2)}" if m else ""
        out.problems.append(Problem(shown, line, "error", "toml", f"malformed TOML{col}: {message}"))
        return out
    locate = _Locator(text)
    for key in sorted(set(data) - {"rule", "concept"}):
        out.problems.append(Problem(shown, locate.top_key(key), "error", "unknown-key",
                                    f"unknown top-level key {key!r}: a rule file holds [[rule]] and [[concept]] tables"))
    for i, entry in enumerate(_tables(data, "concept", out, shown, locate)):
        decl = _declaration(entry, i, shown, locate, out.problems)
        if decl is None:
            continue
        if decl.name in out.concepts:
            out.problems.append(Problem(shown, locate.table("concept", i), "error", "bad-declaration",
                                        f"extension concept {decl.name} is declared twice "
                                        f"(first at {out.concepts[decl.name].source})"))
            continue
        out.concepts[decl.name] = decl
    for i, entry in enumerate(_tables(data, "rule", out, shown, locate)):
        rule = _rule(entry, i, shown, layer, locate, out.problems, check_patterns)
        if rule is not None:
            out.rules.append(rule)
    return out


def check_files(paths: list[str | Path], *, taxonomy=None) -> list[RuleFile]:
    """``mappings check``: every problem of each file, sorted by line.  Files checked together
    share their ``[[concept]]`` declarations (a rule may use one declared in another file)."""
    tax = taxonomy or taxonomy_mod.load()
    parsed = [parse_rule_file(p, layer) for layer, p in enumerate(paths, 1)]
    declared: dict[str, DeclaredConcept] = {}
    for rf in parsed:
        declared.update(rf.concepts)
    for rf in parsed:
        rf.problems.extend(_concept_problems(rf.rules, declared, tax, str(rf.path)))
        rf.problems.extend(_period_conflicts(rf.rules, declared, tax))
        rf.problems.extend(_overlaps(rf.rules))
        rf.problems.sort(key=lambda p: (p.line, p.code))
    return parsed


class _Locator:
    """Line numbers of ``[[rule]]``/``[[concept]]`` headers and of the keys inside each table."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.headers: dict[str, list[int]] = {}
        self.first_header = len(self.lines) + 1
        for n, line in enumerate(self.lines, 1):
            m = re.match(r"\s*\[\[\s*([A-Za-z_-]+)\s*\]\]", line)
            if m:
                self.headers.setdefault(m.group(1), []).append(n)
            if re.match(r"\s*\[", line):
                self.first_header = min(self.first_header, n)

    def table(self, name: str, index: int) -> int:
        rows = self.headers.get(name, [])
        return rows[index] if index < len(rows) else 1

    def key(self, name: str, index: int, key: str) -> int:
        start = self.table(name, index)
        for n in range(start + 1, len(self.lines) + 1):
            line = self.lines[n - 1]
            if re.match(r"\s*\[", line):
                break
            if re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
                return n
        return start

    def top_key(self, key: str) -> int:
        for n, line in enumerate(self.lines[: self.first_header - 1], 1):
            if re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
                return n
        return 1


def _tables(data: dict, name: str, out: RuleFile, shown: str, locate: _Locator) -> list[dict]:
    entries = data.get(name, [])
    if not isinstance(entries, list):
        out.problems.append(Problem(shown, locate.top_key(name), "error", "rule-shape",
                                    f"{name} must be an array of tables: write [[{name}]]"))
        return []
    good = []
    for i, entry in enumerate(entries):
        if isinstance(entry, dict):
            good.append(entry)
        else:
            out.problems.append(Problem(shown, locate.table(name, i), "error", "rule-shape",
                                        f"each {name} must be a table ([[{name}]])"))
    return good


def _rule(entry: dict, i: int, shown: str, layer: int, locate: _Locator, problems: list[Problem],
          check_patterns: bool = True) -> MappingRule | None:
    at = lambda key=None: locate.key("rule", i, key) if key else locate.table("rule", i)  # noqa: E731
    before = len(problems)

    def bad(code: str, message: str, key: str | None = None) -> None:
        problems.append(Problem(shown, at(key), "error", code, message))

    for key in sorted(set(entry) - RULE_KEYS):
        import difflib  # only for hints

        hint = difflib.get_close_matches(key, sorted(RULE_KEYS), n=1)
        bad("unknown-key", f"unknown key {key!r} in a rule" + (f" (did you mean {hint[0]!r}?)" if hint else ""), key)
    concept = entry.get("concept")
    if concept is None:
        bad("rule-shape", "rule has no concept")
    elif not isinstance(concept, str) or not concept.strip():
        bad("bad-value", "concept must be a concept name such as \"Revenues\" or \"ext:PatentCosts\"", "concept")
    kinds = [k for k in ("label", "pattern") if k in entry] + (["fallback"] if entry.get("fallback") else [])
    if len(kinds) != 1:
        bad("rule-shape", "a rule needs exactly one of label, pattern or fallback = true"
            + (f" (it has {' and '.join(kinds)})" if kinds else ""))
    for key in ("label", "pattern", "section"):
        if key in entry and (not isinstance(entry[key], str) or not entry[key].strip()):
            bad("bad-value", f"{key} must be a non-empty string", key)
    for key in ("negate", "fallback"):
        if key in entry and not isinstance(entry[key], bool):
            bad("bad-value", f"{key} must be true or false", key)
    statement = entry.get("statement", "any")
    if statement not in STATEMENTS:
        bad("bad-value", f"statement must be one of {', '.join(STATEMENTS)}, not {statement!r}", "statement")
    pattern = entry.get("pattern")
    if isinstance(pattern, str) and check_patterns:
        try:
            re.compile(pattern, re.I)
        except re.error as e:
            bad("regex", f"invalid regular expression {pattern!r}: {e}", "pattern")
    if len(problems) > before:
        return None
    return MappingRule(concept=concept.strip(), label=entry.get("label"), pattern=pattern, statement=statement,
                       section=entry.get("section"), negate=entry.get("negate", False),
                       source=f"{shown}:{at()}", layer=layer, fallback=bool(entry.get("fallback", False)))


def _declaration(entry: dict, i: int, shown: str, locate: _Locator, problems: list[Problem]) -> DeclaredConcept | None:
    at = lambda key=None: locate.key("concept", i, key) if key else locate.table("concept", i)  # noqa: E731
    before = len(problems)

    def bad(message: str, key: str | None = None, code: str = "bad-declaration") -> None:
        problems.append(Problem(shown, at(key), "error", code, message))

    for key in sorted(set(entry) - CONCEPT_KEYS):
        bad(f"unknown key {key!r} in a [[concept]] (keys: {', '.join(sorted(CONCEPT_KEYS))})", key, "unknown-key")
    name = entry.get("name")
    if not isinstance(name, str):
        bad("a [[concept]] needs a name")
        return None
    local = name[len(EXT_PREFIX) + 1:] if name.startswith(EXT_PREFIX + ":") else name
    if not NCNAME.match(local):
        bad(f"concept name {name!r} must be letters, digits and underscores, starting with a letter", "name")
    item_type = entry.get("type")
    if item_type not in EXT_TYPES:
        bad(f"type must be one of {', '.join(EXT_TYPES)}, not {item_type!r}", "type" if "type" in entry else None)
    period = entry.get("period_type")
    if period not in ("duration", "instant"):
        bad(f"period_type must be duration or instant, not {period!r}", "period_type" if "period_type" in entry else None)
    balance = entry.get("balance")
    if balance not in (None, "debit", "credit"):
        bad(f"balance must be debit or credit, not {balance!r}", "balance")
    elif balance and item_type != "monetary":
        bad("only a monetary concept has a balance", "balance")
    label = entry.get("label", taxonomy_mod.label_from_name(local) if NCNAME.match(local) else "")
    if not isinstance(label, str) or not label.strip():
        bad("label must be a non-empty string", "label")
    sign = entry.get("sign")
    if sign is not None and sign not in taxonomy_mod.SIGNS:
        bad(f"sign must be one of {', '.join(taxonomy_mod.SIGNS)}, not {sign!r}", "sign")
    if len(problems) > before:
        return None
    return DeclaredConcept(name=local, item_type=item_type, period_type=period, balance=balance, label=label.strip(),
                           sign=sign or taxonomy_mod.default_sign(local, item_type, balance),
                           source=f"{shown}:{at()}")


def _line_of(rule: MappingRule) -> tuple[str, int]:
    path, _, line = rule.source.rpartition(":")
    return path, int(line) if line.isdigit() else 0


def _concept_problems(rules: list[MappingRule], declared: dict[str, DeclaredConcept], tax, shown: str) -> list[Problem]:
    out = []
    for rule in rules:
        path, line = _line_of(rule)
        prefix, _, local = rule.concept.rpartition(":")
        if prefix == EXT_PREFIX:
            if local not in declared:
                out.append(Problem(path, line, "error", "undeclared-extension",
                                   f"extension concept {rule.concept} is not declared: add a [[concept]] with "
                                   f'name = "{local}", type, period_type and label'))
            continue
        concept = tax.concept(rule.concept)
        if concept is None:
            import difflib  # only for hints

            names = difflib.get_close_matches(local, list(tax.concepts), n=2, cutoff=0.75)
            hint = f" (did you mean {' or '.join(names)}?)" if names else ""
            out.append(Problem(path, line, "error", "unknown-concept",
                               f"concept {rule.concept} is not in the taxonomy{hint}"))
        elif concept.abstract:
            out.append(Problem(path, line, "error", "unknown-concept",
                               f"concept {rule.concept} is an abstract heading and cannot hold a value"))
    return out


_PERIOD_EDGE = re.compile(r"\b(beginning|end|start|opening|closing)\b", re.I)


def _period_conflicts(rules: list[MappingRule], declared: dict[str, DeclaredConcept], tax) -> list[Problem]:
    """A balance-sheet line is an instant; an income-statement line a duration.  A cash-flow
    statement holds durations, except the cash balances "at beginning/end of period"."""
    out = []
    for rule in rules:
        prefix, _, local = rule.concept.rpartition(":")
        if prefix == EXT_PREFIX:
            decl = declared.get(local)
            period = decl.period_type if decl else None
        else:
            concept = tax.concept(rule.concept)
            period = concept.period_type if concept and not concept.abstract else None
        if period is None or rule.statement == "any":
            continue
        what = rule.label or rule.pattern or ""
        conflict = ((rule.statement == "balance" and period == "duration")
                    or (rule.statement == "income" and period == "instant")
                    or (rule.statement == "cashflow" and period == "instant" and not _PERIOD_EDGE.search(what)))
        if conflict:
            path, line = _line_of(rule)
            shown = "a balance sheet holds instants" if rule.statement == "balance" else \
                f"a {rule.statement} statement reports durations"
            out.append(Problem(path, line, "error", "period-conflict",
                               f"statement = \"{rule.statement}\" but {rule.concept} is a {period} concept ({shown})"))
    return out


# ---------------------------------------------------------------- duplicate and shadowed rules

def _overlaps(rules: list[MappingRule]) -> list[Problem]:
    """Rules of one file that can never win: an identical earlier rule (duplicate), or one tried
    before it that matches every line it matches (shadowed)."""
    ordered = sorted(rules, key=lambda r: -r.specificity)
    out = []
    for j, b in enumerate(ordered):
        texts = _texts_of(b)
        for a in ordered[:j]:
            if not _scope_covers(a, b) or not _match_covers(a, b, texts):
                continue
            path, line = _line_of(b)
            same = (a.kind == b.kind and _match_key(a) == _match_key(b) and a.statement == b.statement
                    and normalize(a.section or "") == normalize(b.section or ""))
            if same:
                what = "the same concept" if a.concept == b.concept else f"{a.concept}, not {b.concept}"
                out.append(Problem(path, line, "error", "duplicate",
                                   f"duplicate rule: the rule at line {_line_of(a)[1]} matches the same lines and "
                                   f"wins ({what})"))
            else:
                out.append(Problem(path, line, "error", "shadowed",
                                   f"rule never applies: the rule at line {_line_of(a)[1]} ({a.text} -> {a.concept}) "
                                   f"is tried first and matches every line this one matches"))
            break
    return out


def _match_key(rule: MappingRule) -> str:
    return normalize(rule.label) if rule.label is not None else rule.pattern or ""


def _scope_covers(a: MappingRule, b: MappingRule) -> bool:
    if a.statement not in ("any", b.statement):
        return False
    if not a.section:
        return True
    return bool(b.section) and _section_matches(a.section, normalize(b.section))


def _texts_of(rule: MappingRule) -> list[str] | None:
    """The normalised labels a rule matches, when that is a small finite set."""
    if rule.label is not None:
        return [normalize(rule.label)]
    if rule.pattern is not None:
        return finite_language(rule.pattern)
    return None


def _match_covers(a: MappingRule, b: MappingRule, texts: list[str] | None) -> bool:
    """Does rule a match every label rule b matches?  (texts: b's finite language, if known)"""
    if a.kind == "fallback":
        return True
    if b.kind == "fallback":
        return False
    if b.pattern is not None and a.pattern == b.pattern:
        return True
    if not texts:
        return False
    if a.label is not None:
        return all(t == normalize(a.label) for t in texts)
    rx = re.compile(a.pattern, re.I)
    return all(rx.search(t) for t in texts)


def finite_language(pattern: str, limit: int = 400) -> list[str] | None:
    """Every string a fully anchored pattern (``^...$``) matches, when they are few (literals,
    alternatives, optional parts, small character classes); None otherwise."""
    try:
        from re import _parser as sre_parse  # the parser behind re.compile
        parsed = sre_parse.parse(pattern, re.I)
    except Exception:  # noqa: BLE001 - any parser change or error: not analysable
        return None
    c = sre_parse
    begin, end = "\x02", "\x03"

    def seq(items) -> list[str] | None:
        results = [""]
        for op, av in items:
            opts = one(op, av)
            if opts is None:
                return None
            results = [r + o for r in results for o in opts]
            if len(results) > limit:
                return None
        return results

    def one(op, av) -> list[str] | None:
        if op is c.LITERAL:
            return [chr(av).lower()]
        if op is c.AT:
            if av is c.AT_BEGINNING or av is c.AT_BEGINNING_STRING:
                return [begin]
            if av is c.AT_END or av is c.AT_END_STRING:
                return [end]
            return None
        if op is c.SUBPATTERN:
            return seq(av[-1])
        if op is c.BRANCH:
            out: list[str] = []
            for branch in av[1]:
                got = seq(branch)
                if got is None:
                    return None
                out.extend(got)
            return out
        if op is c.IN:
            chars = []
            for kind, value in av:
                if kind is c.LITERAL:
                    chars.append(chr(value).lower())
                elif kind is c.RANGE and value[1] - value[0] < 10:
                    chars.extend(chr(x).lower() for x in range(value[0], value[1] + 1))
                else:
                    return None
            return sorted(set(chars))
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            lo, hi, body = av
            if hi > 3:
                return None
            inner = seq(body)
            if inner is None:
                return None
            out = []
            for n in range(lo, hi + 1):
                acc = [""]
                for _ in range(n):
                    acc = [x + y for x in acc for y in inner]
                out.extend(acc)
            return out
        return None

    strings = seq(list(parsed))
    if strings is None:
        return None
    result = []
    for s in strings:
        if not (s.startswith(begin) and s.endswith(end)) or begin in s[1:] or end in s[:-1]:
            return None
        result.append(s[1:-1])
    return sorted(set(result))


# ---------------------------------------------------------------- applying rules

@dataclass
class Decision:
    """What became of one line item (for ``mappings explain`` and the extension's arithmetic)."""

    table: Table
    row: Row
    rule: MappingRule | None  # None: no rule matched
    concept: str | None = None  # prefixed QName of the concept given to the line (None: left out)
    extension: bool = False  # the concept is a company extension concept
    facts: list[Fact | None] = field(default_factory=list)  # per column: the fact holding its value
    note: str = ""  # why the line was left out, when it was


@dataclass
class Mapped:
    """What mapping the tables gave: facts, unplaced numbers, warnings and the decisions made."""
    facts: list[Fact]
    unplaced: list[Unplaced]
    warnings: list[str]
    decisions: list[Decision]
    # company extension concepts given to lines (model.ExtensionConcept), in order of first use
    extension: list = field(default_factory=list)


NO_RULE = "no mapping rule for this line item"
PRIMARY = ("income", "balance", "cashflow")


SUPPLEMENTARY_ONLY = ("a figure of a supplementary (non-GAAP or metrics) table that the statements "
                      "do not show; left out rather than given a statement concept")


def apply(tables: list[Table], rules: RuleSet, entity: Entity, source: str, taxonomy=None,
          extensions=None) -> Mapped:
    """Facts for every line item a rule maps.  ``extensions`` (an ``extension.ExtensionBuilder``)
    turns lines no rule maps, and rules naming "ext:" concepts, into company extension concepts;
    without it such lines are left out (unplaced, with the reason)."""
    tax = taxonomy or taxonomy_mod.load()
    out = Mapped([], [], [], [])
    seen: dict[tuple, Fact] = {}
    statement_values: dict[tuple, set[str]] = {}  # (context, unit, value) -> concepts, from the statements
    contexts: dict[tuple, Context] = {}  # this call's contexts, by column (see _Line.fact)
    units: dict[tuple, Unit | None] = {}  # this call's units, by item type and currency
    for table in tables:
        supplementary = table.statement not in PRIMARY
        is_statement = table.role == "statement"
        for row in table.rows:
            rule = rules.match(row, table.statement)
            if rule is None and table.statement not in PRIMARY:
                # A line of a supplementary table ("Net loss" atop an EBITDA reconciliation) that
                # a statement's rule names is that concept, not a new extension concept.
                rule = next((r for st in PRIMARY if (r := rules.match(row, st)) is not None), None)
            decision = Decision(table, row, rule, facts=[None] * len(row.cells))
            out.decisions.append(decision)
            concept, why = _concept_for(rule, row, table, rules, tax, extensions)
            if concept is not None:
                concept = _refine_total(concept, row, table, out.decisions, tax)
            if concept is None:
                if why.startswith("rule names unknown concept"):
                    out.warnings.append(f"{rule.source}: concept {rule.concept} is not in the taxonomy")
                decision.note = why
                for cell in row.cells:
                    if cell is not None:
                        out.unplaced.append(_unplaced(cell, row, source, why))
                continue
            decision.concept = concept.qname
            decision.extension = extensions is not None and concept.prefix == extensions.prefix
            negate = rule.negate if rule else False
            origin = rule.source if rule else "extension (no mapping rule)"
            line = _Line(row, table, concept, negate, origin, entity, source, contexts, units)
            made = []
            columns = table.columns
            for k, cell in enumerate(row.cells):
                if cell is None:
                    continue
                fact, reason = line.fact(cell, columns[k] if k < len(columns) else None)
                made.append((k, cell, fact, reason))
            restated = _restates(made, table, row, statement_values)
            unit_id = line.unit.id if line.unit else ""  # every fact of the line has its unit
            for k, cell, fact, reason in made:
                if fact is None:
                    out.unplaced.append(_unplaced(cell, row, source, reason))
                    continue
                if restated:
                    out.unplaced.append(_unplaced(cell, row, source, f"repeats the statements' {restated}"))
                    continue
                key = (fact.concept, fact.context.id, unit_id)
                earlier = seen.get(key)
                if earlier is None and supplementary and not decision.extension:
                    # A supplementary table (non-GAAP reconciliation, metrics) restates statement
                    # lines, often for other periods or on another basis ("adjusted"): its figure
                    # under a statement concept is kept only where it repeats the statements.
                    out.unplaced.append(_unplaced(cell, row, source, SUPPLEMENTARY_ONLY))
                    continue
                if earlier is not None:
                    same = earlier.value == fact.value or _rounds_equal(earlier, fact)
                    p = earlier.provenance
                    reason = (f"repeats the fact from line {p.line}" if same else
                              f"conflicts with {earlier.value} for {fact.concept} at line {p.line}; first kept")
                    if not same:
                        out.warnings.append(f"{source}:{cell.line}: {row.label}: {reason}")
                    else:
                        decision.facts[k] = earlier
                    out.unplaced.append(_unplaced(cell, row, source, reason))
                    continue
                seen[key] = fact
                decision.facts[k] = fact
                out.facts.append(fact)
                if is_statement and fact.value:
                    statement_values.setdefault((key[1], unit_id, fact.value), set()).add(fact.concept)
    if extensions is not None:
        out.extension = extensions.concepts()
    return out


def _restates(made: list, table: Table, row: Row, statement_values: dict) -> str | None:
    """The statement concept a segment or supplementary table's line restates, if every one of
    its numbers is that concept's in the same period: a "Consolidated" block repeating the
    income statement under its own words ("Operating expenses" for what the statement's
    arithmetic calls CostsAndExpenses) adds nothing, and must not add a second name for it."""
    if table.role == "statement" or row.dims:
        return None
    facts = [f for _, _, f, _ in made if f is not None and f.value and not f.context.dims]
    if len(facts) < 2:
        return None
    common: set[str] | None = None
    for f in facts:
        found = statement_values.get((f.context.id, f.unit.id if f.unit else "", f.value), set())
        common = found if common is None else common & found
        if not common:
            return None
    if facts[0].concept in common:
        return None  # the same concept: the usual duplicate handling applies
    return sorted(common)[0]


COST_OF_REVENUE = {"CostOfRevenue", "CostOfGoodsAndServicesSold", "CostOfGoodsSold", "CostOfServices",
                   "CostOfGoodsAndServiceExcludingDepreciationDepletionAndAmortization"}


def _refine_total(concept, row: Row, table: Table, decisions: list, tax):
    """A total's concept by what it adds up, where a label cannot tell: "Total operating
    expenses" over a section that lists cost of sales is, in US-GAAP terms, CostsAndExpenses
    (OperatingExpenses excludes the cost of revenue)."""
    if concept.name != "OperatingExpenses" or not row.is_total:
        return concept
    for d in reversed(decisions[:-1]):
        if d.table is not table or d.row.sections != row.sections:
            break
        if d.concept and d.concept.split(":")[-1] in COST_OF_REVENUE:
            return tax.concept("CostsAndExpenses") or concept
    return concept


def _concept_for(rule: MappingRule | None, row: Row, table: Table, rules: RuleSet, tax, extensions):
    """(taxonomy Concept or None, why not)."""
    if rule is None:
        if extensions is None:
            return None, NO_RULE + " (extension concepts are off)"
        if not any(c is not None and c.value is not None for c in row.cells):
            return None, NO_RULE + " (only dashes: no extension concept made)"
        if not re.search(r"[A-Za-z]", row.full_label):
            return None, NO_RULE + " (the line has no label to name an extension concept)"
        return extensions.concept_for_row(table, row), ""
    if rule.is_extension:
        local = rule.concept.split(":", 1)[1]
        decl = rules.concepts.get(local)
        if decl is None:
            return None, f"rule {rule.source} names undeclared extension concept {rule.concept}"
        if extensions is None:
            return None, f"rule {rule.source} maps to extension concept {rule.concept} (extension concepts are off)"
        return extensions.declared(decl), ""
    concept = tax.concept(rule.concept)
    if concept is None or concept.abstract:
        return None, f"rule names unknown concept {rule.concept}"
    return concept, ""


def _rounds_equal(a: Fact, b: Fact) -> bool:
    if a.decimals in (None, "INF") or b.decimals in (None, "INF") or not a.value or not b.value:
        return False
    d = min(int(a.decimals), int(b.decimals))
    q = Decimal(1).scaleb(-d)
    return Decimal(a.value).quantize(q) == Decimal(b.value).quantize(q)


def _unplaced(cell: Cell, row: Row, source: str, reason: str) -> Unplaced:
    loc = cell.locator or (None, None, None)
    return Unplaced(text=cell.raw, line=cell.line, column=cell.column, reason=reason, label=row.full_label,
                    source=source, table=loc[0], row=loc[1], cell=loc[2])


# An instant concept on a line saying so, in a duration column, is the instant before the period.
_AT_START = re.compile(r"\bbeginning\b|\bstart\b", re.I)
# The period of a fact, from its column's: as printed, the duration's end, the day before its start.
AS_PRINTED, END, DAY_BEFORE_START = 0, 1, 2


class _Line:
    """Facts for the cells of one mapped line: what its cells share (concept, unit, scale, the
    rule, the label) is worked out once per line, not per cell."""

    __slots__ = ("row", "label", "statement", "table_index", "concept", "qname", "period_type", "negate",
                 "origin", "entity", "source", "contexts", "item", "unit", "scale", "at_start", "dims")

    def __init__(self, row: Row, table: Table, concept, negate: bool, origin: str, entity: Entity, source: str,
                 contexts: dict[tuple, Context], units: dict[tuple, Unit | None]):
        self.row, self.label, self.statement, self.table_index = row, row.full_label, table.statement, table.index
        self.concept, self.qname, self.period_type = concept, concept.qname, concept.period_type
        self.negate, self.origin, self.entity, self.source, self.contexts = negate, origin, entity, source, contexts
        item = self.item = concept.item_type
        unit_key = (item, table.currency)
        if unit_key not in units:  # one object per unit, so its id is worked out once
            units[unit_key] = _unit_for(item, table)
        self.unit = units[unit_key]
        if item == "monetary":
            self.scale = table.scale
        elif item == "shares":
            self.scale = table.share_scale if table.share_scale is not None else table.scale
        elif item in ("percent", "pure", "perShare"):
            self.scale = 0  # a percent cell's own scale is -2 (see fact)
        else:
            self.scale = None  # not a numeric concept
        self.at_start = self.period_type == "instant" and _AT_START.search(self.label) is not None
        self.dims = tuple(row.dims)

    def fact(self, cell: Cell, column) -> tuple[Fact | None, str]:
        # (runs for every cell of every mapped line: attributes read once, the Fact made with
        # positional arguments, the context looked up here and made by _context only when new)
        if column is None or column.period is None:
            return None, "the column's heading gives no period"
        period = column.period
        at = AS_PRINTED
        period_type = self.period_type
        if period_type == "instant":
            if period.start is not None:
                # "Cash at beginning of period" in a cash-flow column: the instant before the duration.
                at = DAY_BEFORE_START if self.at_start else END
        elif period_type == "duration" and period.start is None:
            return None, f"{self.concept.name} is a duration concept but the column is an instant ({period})"
        printed = cell.value
        if printed is None:
            # a dash: printed, but no amount
            if self.unit is None:
                return None, f"a dash under non-numeric concept {self.concept.name}"
            value, decimals = "", None
        else:
            if cell.percent and self.item not in ("percent", "pure"):
                return None, f"a percentage; {self.concept.name} is not a percent concept"
            signed = signed_value(printed, self.concept, self.row, self.statement, self.negate)
            if self.scale is None:
                return None, f"{self.concept.name} is not a numeric concept"
            scale = -2 if cell.percent else self.scale  # (a percent cell is under a percent/pure concept)
            value, decimals = _lexical(signed.scaleb(scale)), str(cell.decimals - scale)
        context = self.contexts.get((id(column), at, self.dims))
        if context is None:
            context = self._context(column, at)
        locator = cell.locator
        if locator:
            provenance = Provenance(self.source, cell.line, cell.column, cell.raw, self.label, locator[0], locator[1],
                                    locator[2], self.origin)
        else:
            provenance = Provenance(self.source, cell.line, cell.column, cell.raw, self.label, self.table_index, None,
                                    None, self.origin)
        return Fact(self.qname, context, value, self.unit, decimals, provenance), ""

    def _context(self, column, at: int) -> Context:
        # the column, how its period is read and the row's members make the context: one object
        # per column of this call (columns live as long as it does, so their ids stay theirs)
        period = column.period
        if at == DAY_BEFORE_START:
            period = Period.instant(period.start - timedelta(days=1))
        elif at == END:
            period = Period.instant(period.end)
        context = self.contexts[(id(column), at, self.dims)] = Context(entity=self.entity, period=period,
                                                                        dims=tuple(column.dims) + self.dims)
        return context


def _unit_for(item: str, table: Table) -> Unit | None:
    if item == "monetary":
        return currency_unit(table.currency)
    if item == "shares":
        return SHARES
    if item == "perShare":
        return Unit((f"iso4217:{table.currency}",), ("xbrli:shares",))
    if item in ("percent", "pure"):
        return PURE
    return None


def _lexical(value: Decimal) -> str:
    """A canonical decimal lexical form: no exponent, no trailing fraction zeros beyond need."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# ---------------------------------------------------------------- explaining

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
