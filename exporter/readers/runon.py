"""Read financial statements flattened onto one line.

Some releases come from HTML converted to text so badly that a whole statement sits on one long
line: "ASSETS Current assets: Cash and cash equivalents$ 22,042,638$ 30,125,944 Accounts
receivable, net 7,245,542 6,061,281 ...".  Nothing of the table's layout is left but the order of
its words and numbers, so the reader works from what a statement's shape still says:

* the column headings (dates, "Three/Nine Months Ended" and years) above the line or at its start
  give the number of columns N and their periods;
* the rest of the line is cut into rows, each a label followed by exactly N values, by a dynamic
  programme that places as many numbers in rows as it can: a "-" glued to a number is a nil or a
  minus sign, "--" one or two nils, and a number that cannot start or complete a row is label text
  when a word follows it ("$0.00001 par value", "1,000 and 1,000 shares issued");
* section headings are cut from the front of the labels ("ASSETS", "Current assets:",
  "Operating expenses Selling, general ...").

A line may hold several statements ("Financial Summary For Quarter Ending September 30, 2024
BALANCE SHEET September 30, 2024 2023 ASSETS ... STATEMENT OF INCOME AND EXPENSE September 30, 2024
2023 Total Interest Income ..."): a caption with its own column headings between two rows starts
a new statement, read with those headings alone (the outer caption names them and gives the scale,
not the length of their periods), and a block title in capitals ("FINANCIAL RATIOS") starts a block
read under the columns before it but without periods.  Columns the headings give no period (an
income statement headed only "September 30, 2024 2023": the quarter or the year to date) are kept
without one, so that mapping reports their numbers unplaced with the reason.

The reader fires only on a line (or a short run of lines) that is clearly a statement: a
statement caption above it or at its start, N known from the headings, and nearly every number
placed in a row.  Numbers it cannot place are kept in a second table without periods, so that
mapping reports them as unplaced rather than the narrative reading them as prose.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..dates import DATE_RE, MONTH_NAME
from ..document import Document, Line
from ..interpret.captions import OTHER_CAPTION, PRIMARY_CAPTION, SEGMENT_CAPTION, STATEMENT_WORDS, role_of, scale_of
from ..interpret.columns import columns_and_statement
from ..interpret.labels import TOTAL_LABEL, clean_label, same_heading
from ..interpret.numbers import parse_number
from ..model import Cell, Column, Row, Table

# A line is looked at only when it is long and holds many numbers (the statements run to
# thousands of characters; a prose paragraph with figures is caught by the later checks).
MIN_LINE = 150
MIN_NUMBERS = 8
NUMBERISH = re.compile(r"\d[\d,.]*")
MAX_COLUMNS = 8
MAX_LABEL_ATOMS = 60  # words (and label numbers) of one row's label, headings included
CAPTION_REACH = 40  # lines above a statement line searched for its caption and headings

# ---------------------------------------------------------------- headings

LENGTH_PHRASE = re.compile(
    r"\b(?:for\s+the\s+)?(?:three|six|nine|twelve|thirteen|fourteen|twenty-six|twenty-eight|thirty-nine|"
    r"fifty-two|fifty-three|\d{1,2})[- ](?:months?|weeks?)(?:\s+periods?)?\s+(?:ended|ending)\b|"
    r"\b(?:fiscal\s+)?(?:quarters?|years?)(?:\s+periods?)?\s+(?:ended|ending)\b", re.I)
AS_OF = re.compile(rf"\b(?:as\s+of|as\s+at|at)\s+(?={MONTH_NAME}\s+\d)", re.I)
AS_OF_BEFORE = re.compile(r"\b(?:as\s+of|as\s+at|at)\s*$", re.I)
MONTH_DAY = re.compile(rf"\b({MONTH_NAME})\s+(\d{{1,2}})\b,?(?!\s*,?\s*(?:19|20)\d\d)", re.I)
# (a year may follow a date's comma without a space: "December 31,2024 2023")
YEAR = re.compile(r"(?:(?<![\d,.$])|(?<=[A-Za-z.] \d,)|(?<=[A-Za-z.] \d\d,))(?:19|20)\d\d(?![\d,])")
BARE_YEARS = re.compile(r"^(?:[\s,]|and\b|(?:19|20)\d\d)*$")
DATE_YEAR = re.compile(r"(?:19|20)\d\d\s*$")
# The first amount of a line: a number with "$", a parenthesis, thousands separators or decimals.
# (not "31,2024": a date whose year follows its comma without a space)
AMOUNT = re.compile(r"[$(]\s*\d|\d{1,3}(?:,\d{3})+(?!\d)|\d+\.\d+")
# Month words written before their years, in the same order ("September 30, December 31, 2024 2023":
# the first date takes the first year)
PAIRED_MONTH_DAYS = re.compile(
    rf"((?:{MONTH_NAME}\s+\d{{1,2}}\s*,?\s*(?:and\s+)?){{2,}})((?:(?:19|20)\d\d(?![\d,])[\s,]*(?:and\s+)?){{2,}})", re.I)
MONTH_DAY_WORDS = re.compile(rf"({MONTH_NAME})\s+(\d{{1,2}})", re.I)


@dataclass
class _Headings:
    """What the text above a statement's rows says: its caption and its columns' headings."""
    caption: str
    headers: list[str]
    years: list[int]
    text: str  # all the heading text (for the scale)
    # The statement's own title when it sits under a caption for several statements ("Financial
    # Summary For Quarter Ending ... BALANCE SHEET September 30, 2024 2023"): the statement kind and
    # the columns' periods come from it alone, as the outer caption's length need not be theirs.
    own_caption: str = ""
    periodless: bool = False  # a block with no headings of its own: its columns get no period


def _headings(text: str) -> _Headings | None:
    """Caption and column headings from the text above the rows ("... Balance Sheets As of
    September 30, 2025 (Unaudited) As of December 31, 2024 (Audited)"); None without N >= 2."""
    marks = [m.start() for rx in (LENGTH_PHRASE, AS_OF, DATE_RE, MONTH_DAY) for m in [rx.search(text)] if m]
    years = list(YEAR.finditer(text))
    if marks:
        start = min(marks)
    else:
        # only years: the run of them that ends the text ("2025 2024 2025 2024")
        run = []
        for m in reversed(years):
            between = text[m.end():run[0].start()] if run else text[m.end():]
            if between.strip(" ,\t") and between.strip(" ,\t").lower() != "and":
                break
            run.insert(0, m)
        if not run:
            return None
        start = run[0].start()
    years = [m for m in years if m.start() >= start]
    n = len(years)
    if not 2 <= n <= MAX_COLUMNS:
        return None
    lengths = list(LENGTH_PHRASE.finditer(text, start))
    dates = list(DATE_RE.finditer(text, start))
    month_days = list(MONTH_DAY.finditer(text, start))
    if lengths and n % len(lengths):
        return None  # lengths that do not divide the columns into groups: not read
    group = n // len(lengths) if lengths else n
    paired = _paired_month_days(text, start)
    headers = []
    for k, y in enumerate(years):
        g = k // group
        parts = []
        if y.start() in paired:
            headers.append(f"{paired[y.start()]} {y.group(0)}")
            continue
        if lengths:
            parts.append(lengths[g].group(0))
        date = next((d for d in dates if d.start() <= y.start() < d.end()), None)
        if date is not None:
            if AS_OF_BEFORE.search(text[max(start, date.start() - 12):date.start()]):
                parts.append("As of")
            parts.append(date.group(0))
        else:
            if len(month_days) == len(lengths) and lengths:
                md = month_days[g]
            else:
                md = next((m for m in reversed(month_days) if m.start() < y.start()), None)
            dated = next((d for d in reversed(dates) if d.end() <= y.start()), None)
            if md is not None:
                parts.append(f"{md.group(1)} {md.group(2)},")
            elif dated is not None and BARE_YEARS.match(text[dated.end():y.start()]):
                # "September 30, 2024 2023": the date's month and day head the bare year too
                parts.append(DATE_YEAR.sub("", dated.group(0)).strip())
            parts.append(y.group(0))
        headers.append(" ".join(" ".join(parts).split()))
    caption = " ".join(text[:start].split())
    return _Headings(caption, headers, [int(y.group(0)) for y in years], " ".join(text.split()))


def _paired_month_days(text: str, start: int) -> dict[int, str]:
    """Month words written in a run before a run of as many years ("September 30, December 31,
    2024 2023"), paired in order: {where the year starts: "September 30,"}."""
    out: dict[int, str] = {}
    for m in PAIRED_MONTH_DAYS.finditer(text, start):
        words = list(MONTH_DAY_WORDS.finditer(m.group(1)))
        years = list(YEAR.finditer(text, m.start(2), m.end(2)))
        if len(words) == len(years):
            for w, y in zip(words, years):
                out[y.start()] = f"{w.group(1)} {w.group(2)},"
    return out


def _is_caption(text: str) -> bool:
    return bool(PRIMARY_CAPTION.search(text) or OTHER_CAPTION.search(text) or SEGMENT_CAPTION.search(text)
                or any(rx.search(text) for _, rx in STATEMENT_WORDS))


CAPTION_PATTERNS = (PRIMARY_CAPTION, OTHER_CAPTION, SEGMENT_CAPTION, *(rx for _, rx in STATEMENT_WORDS))
HEADING_MARKS = (LENGTH_PHRASE, AS_OF, DATE_RE, MONTH_DAY)


def _caption_starts(text: str, start: int = 0) -> list[int]:
    """Where statement captions begin in ``text`` (from ``start``), in order."""
    return sorted({m.start() for rx in CAPTION_PATTERNS for m in rx.finditer(text, start)})


def _own_headings(text: str) -> _Headings | None:
    """The headings of a heading text, read from the last statement caption that follows a
    period heading when there is one ("Financial Summary For Quarter Ending September 30, 2024
    BALANCE SHEET September 30, 2024 2023": two columns, not three): the outer caption then only
    names the statements and gives the scale."""
    for p in reversed(_caption_starts(text)):
        outer = text[:p]
        if not any(rx.search(outer) for rx in HEADING_MARKS):
            continue
        h = _headings(text[p:])
        if h is None or not _is_caption(h.caption):
            continue
        h.own_caption = h.caption
        h.caption = " ".join(f"{outer} {h.caption}".split())
        h.text = " ".join(text.split())
        return h
    h = _headings(text)
    if h is not None:
        h.own_caption = h.caption
    return h


# ---------------------------------------------------------------- atoms

ATOM = re.compile(
    r"(?P<num>(?:\$\s*)?(?:\(\s*)?(?:\$\s*)?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:\s*\))?(?:\s*%)?)"
    r"|(?P<dash>[-–—−]+)|(?P<space>\s+)|(?P<other>.)")
LOWER_START = re.compile(r"^[(\"'“‘]?[a-z]")
WORD_LETTER = re.compile(r"[A-Za-z]")


@dataclass(slots=True)
class _Atom:
    """A word, a number or a dash of a flattened line, with where it is."""
    kind: str  # "word" | "num" | "dash"
    text: str
    line: int
    start: int  # 0-based offsets in the line
    end: int
    value_ok: bool = False  # a number that can be a cell (balanced parentheses)
    glued: bool = False  # a dash written against the number after it ("-501,591")
    absorbable: bool = False  # a number that may be label text ("20,000,000 shares authorized")


def _atoms(text: str, line: int, offset: int = 0) -> list[_Atom]:
    raw: list[_Atom] = []
    for m in ATOM.finditer(text, offset):
        kind = m.lastgroup
        if kind == "space":
            raw.append(_Atom("space", "", line, m.start(), m.end()))
            continue
        s, e = m.start(), m.end()
        if kind == "other":
            if raw and raw[-1].kind == "word" and raw[-1].end == s:
                raw[-1].text += m.group(0)
                raw[-1].end = e
            else:
                raw.append(_Atom("word", m.group(0), line, s, e))
            continue
        prev = raw[-1] if raw else None
        glued_left = prev is not None and prev.kind == "word" and prev.end == s
        if kind == "dash":
            nxt = text[e:e + 1]
            if glued_left and (nxt.isalnum()):
                # a hyphen inside a word ("long-term", "right-of-use", "COVID-19")
                prev.text += m.group(0)
                prev.end = e
                continue
            raw.append(_Atom("dash", m.group(0), line, s, e))
            continue
        token = m.group(0)
        # a short number written against a word is part of it ("Q3", "Series A1", "ASC842")
        if glued_left and token[0].isdigit() and token.isdigit() and len(token) <= 4 and \
                not prev.text.endswith(("$", "(")):
            prev.text += token
            prev.end = e
            continue
        compact = re.sub(r"\s+", "", token)
        balanced = compact.count("(") == compact.count(")")
        raw.append(_Atom("num", compact, line, s, e, value_ok=balanced and parse_number(compact) is not None))
    atoms = [a for a in raw if a.kind != "space"]
    for k, a in enumerate(atoms):
        nxt = atoms[k + 1] if k + 1 < len(atoms) else None
        if a.kind == "dash" and nxt is not None and nxt.kind == "num" and nxt.start == a.end and a.text == "-" \
                and nxt.value_ok and not nxt.text.startswith(("(", "$")):
            a.glued = True
        if a.kind == "num":
            # label text: a number a lower-case word follows ("20,000,000 shares authorized",
            # "1,000 and 1,000"), or an unclosed parenthesis ("(59,796 shares)")
            a.absorbable = (not a.value_ok) or (nxt is not None and nxt.kind == "word"
                                                 and bool(LOWER_START.match(nxt.text)))
    return atoms


# ---------------------------------------------------------------- rows

VALUE_SCORE = 10.0
ABSORB_COST = 1.0  # a number read as label text
LEFTOVER_COST = 5.0  # a number placed nowhere
WORD_SKIP_COST = 0.01  # a word outside every label (labels take all the words they can)
NIL_SPLIT_COST = 0.1  # "-501,591" read as a nil and a number rather than as -501,591


@dataclass
class _RowParse:
    label: list[_Atom]
    values: list[tuple[str, list[_Atom]]]  # ("nil" | "num" | "neg", atoms) per cell


def _value_runs(atoms: list[_Atom], j: int, n: int) -> list[tuple[int, list[tuple[str, list[_Atom]]], float]]:
    """Every way to read exactly n cells from atoms[j:]: (end, cells, cost)."""
    out = []

    def walk(p: int, need: int, cells: list, cost: float) -> None:
        if need == 0:
            out.append((p, list(cells), cost))
            return
        if p >= len(atoms):
            return
        a = atoms[p]
        if a.kind == "num" and a.value_ok:
            cells.append(("num", [a]))
            walk(p + 1, need - 1, cells, cost)
            cells.pop()
        elif a.kind == "dash":
            if a.glued:
                cells.append(("neg", [a, atoms[p + 1]]))
                walk(p + 2, need - 1, cells, cost)
                cells.pop()
            counts = {1}
            if set(a.text) == {"-"} and len(a.text) <= need:
                counts.add(len(a.text))
            for c in sorted(counts):
                if c > need:
                    continue
                cells.extend([("nil", [a])] * c)
                walk(p + 1, need - c, cells, cost + (NIL_SPLIT_COST if a.glued else 0.0))
                del cells[len(cells) - c:]

    walk(j, n, [], 0.0)
    return out


def _parse_rows(atoms: list[_Atom], n: int) -> tuple[list[_RowParse], list[_Atom], list[_Atom]]:
    """The best cut of atoms into rows of a label and n cells: (rows, numbers placed nowhere,
    words outside every row)."""
    m = len(atoms)
    best: list[float] = [0.0] * (m + 1)
    choice: list[tuple | None] = [None] * (m + 1)
    runs: dict[int, list] = {}  # the cell runs that start at an atom (they depend on it only)
    for i in range(m - 1, -1, -1):
        a = atoms[i]
        skip = best[i + 1] - (LEFTOVER_COST if a.kind == "num" else WORD_SKIP_COST)
        best[i], choice[i] = skip, ("skip",)
        if a.kind not in ("word", "dash"):
            continue
        absorbed = 0
        for j in range(i + 1, min(m, i + MAX_LABEL_ATOMS) + 1):
            last = atoms[j - 1]
            if last.kind == "num":
                if not last.absorbable:
                    break
                absorbed += 1
            if last.kind != "word" or j >= m:
                continue
            if j not in runs:
                runs[j] = _value_runs(atoms, j, n)
            for end, cells, cost in runs[j]:
                score = VALUE_SCORE * n - ABSORB_COST * absorbed - cost + best[end]
                if score > best[i]:
                    best[i], choice[i] = score, ("row", j, end, cells)
    rows, leftovers, stray = [], [], []
    i = 0
    while i < m:
        c = choice[i]
        if c[0] == "skip":
            (leftovers if atoms[i].kind == "num" else stray).append(atoms[i])
            i += 1
            continue
        _, j, end, cells = c
        rows.append(_RowParse(atoms[i:j], cells))
        i = end
    return rows, leftovers, stray


# ---------------------------------------------------------------- sections

CAPS_WORD = re.compile(r"^[^a-z]*[A-Z][^a-z]*$")
TITLE_WORD = re.compile(r"^[A-Z][a-z]")
COLON_PREFIXES = re.compile(r"^(?:less|add|plus|deduct|excluding|including|adjustments?)$", re.I)
CONNECTOR_WORDS = {"of", "to", "and", "the", "for", "in", "from", "on", "at", "by", "with", "or", "less", "net",
                   "per", "attributable", "&", "a", "an", "as", "before", "after", "into", "under", "over"}
SUBLABELS = re.compile(r"^(?:basic|diluted|basic and diluted|primary|fully diluted)$", re.I)
# Subtotals of an income statement that no section holds ("Income (loss) from operations" after
# the operating expenses): they close the headings above them.
CLOSES_SECTION = re.compile(r"^(?:net (?:income|loss|earnings|revenues?|sales)|gross (?:profit|margin)|"
                            r"(?:operating )?(?:income|loss|earnings)(?: \(loss\))? from operations|"
                            r"operating (?:income|loss|profit)|comprehensive (?:income|loss))", re.I)


def _split_label(words: list[str], title_case: bool = False) -> tuple[list[tuple[int, str]], list[str]]:
    """Headings at the front of a row's label: ([(level, heading)], label words).

    Level 0: a run in capitals ("ASSETS"); level 1: text up to a colon ("Current assets:") or a
    short title a capitalised word follows ("Operating expenses Selling, general ...") unless the
    statement's labels are in title case ("Cash & Cash Equivalents", "Gross Loans")."""
    heads: list[tuple[int, str]] = []
    k = 0
    caps = 0
    while caps < len(words) and CAPS_WORD.match(words[caps]) and WORD_LETTER.search(words[caps]):
        caps += 1
    if caps and caps < len(words) and TITLE_WORD.match(words[caps]) and \
            sum(len(re.sub(r"[^A-Z]", "", w)) for w in words[:caps]) >= 5:
        heads.append((0, " ".join(words[:caps])))
        k = caps
    while True:
        c = next((c for c in range(k, len(words) - 1) if words[c].endswith(":")), None)
        if c is None:
            break
        head = " ".join(words[k:c + 1])[:-1]
        if not (TITLE_WORD.match(words[c + 1]) and not COLON_PREFIXES.match(head)):
            break  # "Less: Net income ...", "Preferred stock: $0.00001 par value"
        heads.append((1, head))
        k = c + 1
    # "Operating expenses Selling, general and administrative": a short heading without a colon
    for c in range(k + 1, min(k + 5, len(words) - 1) + 1 if not title_case else k + 1):
        w, before = words[c], words[c - 1]
        if TITLE_WORD.match(w) and before[-1:].islower() and before.lower() not in CONNECTOR_WORDS \
                and TITLE_WORD.match(words[k]) and not TOTAL_LABEL.match(words[k]) and ":" not in " ".join(words[k:c]):
            # (under a heading with a colon it is that heading's subsection: "Other expense
            # (income): Interest expense Interest on notes")
            heads.append((heads[-1][0] + 1 if heads and heads[-1][0] >= 1 else 1, " ".join(words[k:c])))
            k = c
            break
    return heads, words[k:]


# A heading's colon written against the label after it ("Other expense (income):Interest expense").
GLUED_COLON = re.compile(r"(?<=[a-z)]):(?=[A-Z])")


def _label_text(label: list[_Atom], lines: dict[int, str]) -> list[str]:
    """The label's words as printed (numbers inside it included)."""
    out = []
    for a in label:
        out.append(lines[a.line][a.start:a.end] if a.kind == "num" else a.text)
    return GLUED_COLON.sub(": ", " ".join(out)).split()


SIGN_MARK = re.compile(r"^[+\-–]\s*(?=[A-Za-z])")


def _in_title_case(labels: list[list[str]]) -> bool:
    """Whether most labels of two words or more capitalise every word but the connectors."""
    long = [[w for w in ws if w.lower() not in CONNECTOR_WORDS and WORD_LETTER.match(w)] for ws in labels]
    long = [ws for ws in long if len(ws) >= 2]
    title = sum(1 for ws in long if all(w[0].isupper() for w in ws))
    return bool(long) and title >= 0.6 * len(long)


def _rows(parsed: list[_RowParse], lines: dict[int, str]) -> list[Row]:
    rows: list[Row] = []
    stack: list[tuple[int, str, bool]] = []  # (level, heading, heads only Basic/Diluted lines)
    texts = [_label_text(rp.label, lines) for rp in parsed]
    title_case = _in_title_case(texts)
    for rp, text in zip(parsed, texts):
        heads, words = _split_label(text, title_case)
        label = SIGN_MARK.sub("", " ".join(words))
        parent = None
        lead = re.match(r"^(\w+):\s+(?=[A-Z])", label)
        if lead and COLON_PREFIXES.match(lead.group(1)):
            # "Less: Net income attributable to noncontrolling interest": the word introduces
            # this row only, as a label-only "Less:" line does above a row of a text table
            parent, label = lead.group(0).strip(), label[lead.end():]
        if stack and stack[-1][2] and not SUBLABELS.match(label):
            stack.pop()  # "Net income" after "... per share: Basic / Diluted"
        if not heads and CLOSES_SECTION.match(label):
            while stack and stack[-1][0] >= 1 and not TOTAL_LABEL.match(label):
                stack.pop()
        for level, head in heads:
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, head, bool(SUBLABELS.match(label))))
        cells = [_cell(kind, atoms, lines) for kind, atoms in rp.values]
        label = clean_label(label)
        rows.append(Row(label=label, line=rp.values[0][1][0].line, depth=0, cells=cells, parent=parent,
                        sections=tuple(h for _, h, _ in stack), is_total=bool(TOTAL_LABEL.match(label))))
        total_of = re.match(r"\s*total\s+(.*)$", label, re.I)
        if total_of and stack and same_heading(stack[-1][1], total_of.group(1)):
            stack.pop()
    return rows


LEAD_DOLLAR = re.compile(r"^(?:\$|\s)*")


def _cell(kind: str, atoms: list[_Atom], lines: dict[int, str]) -> Cell:
    first = atoms[0]
    if kind == "nil":
        return Cell(value=None, raw=first.text, line=first.line, column=first.start + 1)
    text = first.text if kind == "num" else "-" + atoms[1].text
    raw = text.lstrip("$")
    printed = lines[first.line][first.start:first.end]
    lead = len(printed) - len(LEAD_DOLLAR.sub("", printed))
    value, pct, decimals = parse_number(raw)
    return Cell(value=value, raw=raw, line=first.line, column=first.start + lead + 1, percent=pct, decimals=decimals)


# ---------------------------------------------------------------- finding the statements

PROSE_WORDS = re.compile(r"\b(?:was|were|is|are|compared|increased|decreased|reported|totaled|reached|"
                         r"representing)\b|[a-z]{2}\.\s+[A-Z]")


@dataclass
class _Candidate:
    lines: list[Line]
    body_start: int  # offset in the first line where the rows begin
    headings: _Headings
    first_line: int  # the caption's line


def merged(doc: Document, found: list[Table]) -> list[Table]:
    """The tables the other readers ``found`` with the document's flattened statements added, in
    line order (``found`` itself when there are none).  A table another reader made of a flattened
    statement's lines (a fixed-width reading of two such lines as two "rows") gives way to it."""
    read, misread = _read_all(doc, found)
    if not read:
        return found
    kept = [t for t in found if not (id(t) in misread and _covers(read, t))]
    return sorted(kept + read, key=lambda t: t.line)


def tables(doc: Document, found: list[Table]) -> list[Table]:
    """Flattened statements of a document that the tables ``found`` by the other readers leave."""
    return _read_all(doc, found)[0]


def _read_all(doc: Document, found: list[Table]) -> tuple[list[Table], set[int]]:
    if doc.kind not in ("markdown", "text"):
        return [], set()
    lines = doc.lines
    if not any(len(line.text) >= MIN_LINE for line in lines):
        return [], set()  # (no line is long enough to be a flattened statement: most documents)
    text_of = {line.number: line.text for line in lines}
    taken: set[int] = set()
    misread: set[int] = set()  # ids of found tables whose every row is a whole flattened line
    for t in found:
        if not t.rows:
            continue
        if all(_is_candidate(text_of.get(r.line, "")) for r in t.rows):
            misread.add(id(t))
            continue
        taken.update(range(t.line, max(r.line for r in t.rows) + 1))
    out: list[Table] = []
    used: set[int] = set()
    for i, line in enumerate(lines):
        if i in used or line.number in taken or not _is_candidate(line.text):
            continue
        cand = _candidate(lines, i, taken)
        if cand is None:
            continue
        read = _read(cand)
        if read:
            out.extend(read)
            used.update(i + k for k in range(len(cand.lines) + 2))
            taken.update(range(cand.first_line, cand.lines[-1].number + 1))
    return out, misread


def _covers(read: list[Table], table: Table) -> bool:
    lines = {r.line for t in read for r in t.rows}
    return all(r.line in lines for r in table.rows)


def _is_candidate(text: str) -> bool:
    return len(text) >= MIN_LINE and len(NUMBERISH.findall(text)) >= MIN_NUMBERS


def _candidate(lines: list[Line], i: int, taken: set[int]) -> _Candidate | None:
    text = lines[i].text
    first_amount = AMOUNT.search(text)
    if first_amount is None:
        return None
    prefix = text[:first_amount.start()]
    # the rows begin after the last heading element written before the first amount
    ends = [m.end() for rx in (LENGTH_PHRASE, DATE_RE, YEAR) for m in rx.finditer(prefix)]
    body_start = max(ends) if ends else 0
    own = text[:body_start]
    above: list[Line] = []
    if not _is_caption(own):
        k = i - 1
        while k >= 0 and i - k <= CAPTION_REACH:
            t = lines[k].text.strip()
            if not t:
                k -= 1
                continue
            if lines[k].number in taken or len(t) > 250 or _is_candidate(t):
                break
            above.insert(0, lines[k])
            if _is_caption(t) or len(above) >= 6:
                break
            k -= 1
    heading_text = " ".join([line.text.strip() for line in above] + [own.strip()])
    headings = _own_headings(heading_text)
    if headings is None or not _is_caption(headings.caption):
        return None
    run = [lines[i]]
    k = i + 1
    while k < len(lines):
        t = lines[k].text
        if not t.strip():
            if k + 1 < len(lines) and not lines[k + 1].text.strip():
                break  # two blank lines end the run
            k += 1
            continue
        amount = AMOUNT.search(t)
        if not _is_candidate(t) or lines[k].number in taken or amount is None or \
                _headings(t[:amount.start()]) is not None or len(run) >= 6:
            break
        run.append(lines[k])
        k += 1
    return _Candidate(run, body_start, headings, (above[0] if above else lines[i]).number)


# A block title in capitals right after a row's last value ("... NET INCOME $ 3,093,167 $ 2,873,863
# FINANCIAL RATIOS Return on Average Assets ..."): ratios and metrics under no headings of their own.
BLOCK_TITLE = re.compile(r"\b(?:ratios|statistics)\b", re.I)
CAPS_RUN = re.compile(r"\s*([A-Z][A-Z&/,'’\-]*(?:\s+(?:[A-Z][A-Z&/,'’\-]*|&))*)(?=\s+[A-Z][a-z])")


@dataclass
class _Head:
    """A statement heading inside a flattened line: where its caption starts, where its rows start."""
    line: int
    start: int
    body: int
    headings: _Headings | None  # None: a block title without column headings


def _inner_heads(text: str, line: int, start: int, atoms: list[_Atom]) -> list[_Head]:
    """The statements that begin inside a flattened line after ``start``: a caption and its own
    column headings between two rows ("... 295,475,417 STATEMENT OF INCOME AND EXPENSE September 30,
    2024 2023 Total Interest Income $ 13,231,101 ..."), or a block title in capitals."""
    values = [a.end for a in atoms if a.line == line and a.kind in ("num", "dash") and not a.absorbable]
    heads: list[_Head] = []
    for p in _caption_starts(text, start):
        if heads and p < heads[-1].body:
            continue
        amount = AMOUNT.search(text, p)
        if amount is None:
            break
        prefix = text[p:amount.start()]
        if len(YEAR.findall(prefix)) < 2:
            continue
        body = p + max(m.end() for rx in (LENGTH_PHRASE, DATE_RE, YEAR) for m in rx.finditer(prefix))
        # the caption runs back to the previous row's last value ("Consolidated Balance Sheets")
        cap_start = max((e for e in values if e <= p), default=start)
        if cap_start <= start:
            continue  # the line's own heading, read already
        h = _headings(text[cap_start:body])
        if h is None or not _is_caption(h.caption) or len(h.caption.split()) > 15:
            continue
        h.own_caption = h.caption
        heads.append(_Head(line, cap_start, body, h))
    for end in values:
        m = CAPS_RUN.match(text, end)
        if m and BLOCK_TITLE.search(m.group(1)) and not any(hd.start <= m.start(1) < hd.body for hd in heads):
            heads.append(_Head(line, end, m.end(1), None))
    return sorted(heads, key=lambda hd: hd.start)


def _read(cand: _Candidate) -> list[Table]:
    atoms: list[_Atom] = []
    texts = {line.number: line.text for line in cand.lines}
    for k, line in enumerate(cand.lines):
        atoms.extend(_atoms(line.text, line.number, cand.body_start if k == 0 else 0))
    heads: list[_Head] = []
    for k, line in enumerate(cand.lines):
        heads.extend(_inner_heads(line.text, line.number, cand.body_start if k == 0 else 0, atoms))
    # the line cut into pieces, one per statement (the words of a head are caption, not rows)
    pieces: list[tuple[_Headings, list[_Atom], int]] = []
    headings, first_line, rest = cand.headings, cand.first_line, atoms
    for head in heads:
        pos = (head.line, head.start)
        pieces.append((headings, [a for a in rest if (a.line, a.start) < pos], first_line))
        rest = [a for a in rest if (a.line, a.start) >= (head.line, head.body)]
        if head.headings is not None:
            headings = head.headings
        else:
            title = " ".join(texts[head.line][head.start:head.body].split())
            headings = _Headings(title, list(headings.headers), list(headings.years), title, title, periodless=True)
        first_line = head.line
    pieces.append((headings, rest, first_line))
    out: list[Table] = []
    for k, (h, piece, line) in enumerate(pieces):
        read = _read_piece(h, piece, line, texts)
        if not read and k == 0:
            return []
        if not read:
            read = _not_read(h, piece, line, texts)
        out.extend(read)
    return out


def _not_read(h: _Headings, atoms: list[_Atom], first_line: int, lines: dict[int, str]) -> list[Table]:
    """A later statement of a line that does not read as one: its numbers are reported unplaced."""
    numbers = [a for a in atoms if a.kind == "num" and a.value_ok]
    if not numbers:
        return []
    money_scale, share_scale = scale_of(h.text)
    t = Table(caption=f"{h.caption} (numbers not read)", statement="other", scale=money_scale,
              columns=[Column(header="", period=None)], line=first_line, share_scale=share_scale, role="other",
              rows=[Row(label=h.caption, line=a.line, depth=0, cells=[_cell("num", [a], lines)]) for a in numbers])
    t.warnings.append(f"line {numbers[0].line}: the flattened \"{h.caption}\" reads as no statement; "
                      f"its {len(numbers)} number(s) reported unplaced")
    return [t]


def _read_piece(h: _Headings, atoms: list[_Atom], first_line: int, lines: dict[int, str]) -> list[Table]:
    n = len(h.headers)
    parsed, leftovers, stray = _parse_rows(atoms, n)
    numbers = sum(1 for a in atoms if a.kind == "num" and not a.absorbable) or 1
    placed = sum(1 for rp in parsed for kind, _ in rp.values if kind != "nil")
    if len(parsed) < 4 or placed < 0.85 * numbers or len(leftovers) > max(2, placed // 10):
        return []
    if sum(len(rp.label) for rp in parsed) > 12 * len(parsed):
        return []  # labels that long are sentences
    if any(PROSE_WORDS.search(" ".join(_label_text(rp.label, lines))) for rp in parsed):
        return []
    rows = _rows(parsed, lines)
    caption = h.caption
    own = h.own_caption or caption
    role = role_of(own)
    year_of = list(h.years)
    columns, statement = columns_and_statement(h.headers, year_of, own, [], [r.label for r in rows], role)
    if h.periodless:
        # ratios and metrics under the statement before: no period, and no statement's rules
        columns = [Column(header=c.header, period=None) for c in columns]
        statement = role = "other"
    money_scale, share_scale = scale_of(h.text)
    table = Table(caption=caption, statement=statement, scale=money_scale, columns=columns, rows=rows,
                  line=first_line, share_scale=share_scale, role=role)
    if not all(c.period for c in columns):
        # "September 30, 2024 2023" over an income statement: the quarter or the year to date;
        # the numbers are kept, unplaced for want of a period, rather than guessed
        table.warnings.append(f"line {rows[0].line}: the flattened \"{caption}\" has column(s) "
                              f"{', '.join(repr(c.header) for c in columns if not c.period)} without a period")
    out = [table]
    if leftovers:
        # Numbers no row takes: kept under a column without a period, so that mapping reports
        # each of them unplaced (the narrative skips the statement's lines).
        table.warnings.append(f"line {leftovers[0].line}: {len(leftovers)} number(s) of the flattened "
                              f"\"{caption}\" fit no row of {n} values; reported unplaced")
        spare = []
        for a in leftovers:
            label = _nearest_label(parsed, a) or caption
            spare.append(Row(label=label, line=a.line, depth=0, cells=[_cell("num" if a.value_ok else "nil", [a], lines)]))
        out.append(Table(caption=f"{caption} (numbers not read)", statement="other", scale=money_scale,
                         columns=[Column(header="", period=None)], rows=spare, line=first_line,
                         share_scale=share_scale, role="other"))
    return out


def _nearest_label(parsed: list[_RowParse], atom: _Atom) -> str:
    before = [rp for rp in parsed if (rp.label[0].line, rp.label[0].start) < (atom.line, atom.start)]
    if not before:
        return ""
    return clean_label(" ".join(a.text for a in before[-1].label))
