"""Rule files: TOML read with every structural problem and its line number, the defaults
parsed once (kept in the user cache folder, keyed by content), and the layered rule set.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import re
from pathlib import Path

from .. import taxonomy as taxonomy_mod
from ..files import write_atomic
from ..model import ConvertError
from .checks import concept_problems, overlaps, period_conflicts
from .rules import (CONCEPT_KEYS, DEFAULT_RULES, EXT_PREFIX, EXT_TYPES, FATAL, NCNAME, RULE_KEYS, STATEMENTS,
                    STORED_NEEDLES, DeclaredConcept, MappingError, MappingRule, Problem, RuleFile, RuleSet,
                    required_literals)


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
        problems = rf.problems + concept_problems(rf.rules, declared, tax, str(rf.path))
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
    "file:line") and the code that parses it and defines what it holds (this module and
    ``rules``), so any change reads the file again."""
    from ..resources import cache_dir
    from . import rules as rules_module

    folder = cache_dir()
    try:
        data = path.read_bytes()
        code = Path(__file__).read_bytes() + b"\0" + Path(rules_module.__file__).read_bytes()
    except OSError:
        folder = None
    if folder is None:
        return parse_rule_file(path, layer, check_patterns=False)
    digest = hashlib.sha256(b"\0".join([code, str(path.resolve()).encode(), str(layer).encode(), data])).hexdigest()
    store = folder / f"rules-{digest[:32]}.pickle"
    try:
        found, needles = pickle.loads(store.read_bytes())
        if isinstance(found, RuleFile) and isinstance(needles, dict):
            STORED_NEEDLES.update(needles)
            return found
    except Exception:  # absent, damaged, or from another version: parse the file
        pass
    found = parse_rule_file(path, layer, check_patterns=False)
    needles = {r.pattern: required_literals(r.pattern) for r in found.rules if r.pattern is not None}
    STORED_NEEDLES.update(needles)
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
        rf.problems.extend(concept_problems(rf.rules, declared, tax, str(rf.path)))
        rf.problems.extend(period_conflicts(rf.rules, declared, tax))
        rf.problems.extend(overlaps(rf.rules))
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
