"""Find and read the financial tables of a release.

Every reader (fixed-width text here, HTML in ``exporter.html``, Markdown in
``exporter.markdown``) produces the same :class:`Table`: a caption, a scale, columns with their
periods, and rows with a label, an indentation depth, the section headings above them, and one
cell per column.  Later stages never look at the source format again.

Fixed-width text tables are found from the alignment of numeric tokens: a row is a label
followed by numbers separated by two or more spaces; columns are the bands where the numbers of
consecutive rows overlap; the heading lines above the first row are split into chunks and
assigned to the columns they sit over ("Three Months Ended" spans two columns, "2007" one).
"""
from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from . import periods
from .model import Member, Period
from .sources import Document, Line


@dataclass
class Cell:
    """One number of a table row, with where it is in the source."""
    value: Decimal | None  # None: printed as a dash (nil)
    raw: str
    line: int
    column: int  # 1-based column of the token's first character
    percent: bool = False
    decimals: int = 0  # digits after the decimal point as printed
    locator: tuple[int, int, int] | None = None  # HTML: (table, row, cell), 1-based

    @property
    def negative(self) -> bool:
        return self.value is not None and self.value < 0


@dataclass
class Column:
    """A table column: its header text, its period and the members it stands for."""
    header: str
    period: Period | None
    # Segment columns: the dimension members the column stands for ("Domestic", "EMEA").
    dims: tuple[Member, ...] = ()


@dataclass
class Row:
    """A table row: its label, depth, cells and place among the sections."""
    label: str
    line: int
    depth: int  # indentation in characters (text) or nesting level (HTML)
    cells: list[Cell | None]
    sections: tuple[str, ...] = ()  # headings above the row, outermost first
    parent: str | None = None  # a label-only line that introduces this row ("Net loss per share")
    is_total: bool = False
    dims: tuple[Member, ...] = ()  # segment rows ("United States" under "Revenue by region")
    # What the row's numbers are when its label names a member instead ("iPhone" under "Net
    # sales by category" is net sales): mapping matches this rather than the label.
    measure: str | None = None
    # The row's numbers are printed with the sign they add into a total below it ("Provision for
    # income taxes (2,306)" between pre-tax income and net income), found from the arithmetic.
    contribution: bool = False

    @property
    def section(self) -> str | None:
        return self.sections[-1] if self.sections else None

    @property
    def full_label(self) -> str:
        return f"{self.parent} {self.label}" if self.parent else self.label


@dataclass
class Table:
    """A financial table found in a release: caption, statement kind, scale, columns and rows."""
    caption: str
    statement: str  # "income" | "balance" | "cashflow" | "other"
    scale: int  # power of ten applied to money: 3 for thousands, 6 for millions
    columns: list[Column]
    rows: list[Row]
    line: int  # first line of the table (its caption)
    share_scale: int | None = None  # when the caption scales shares differently
    currency: str = "USD"
    index: int = 0  # 1-based position among the release's tables
    warnings: list[str] = field(default_factory=list)
    role: str = "statement"  # "statement" | "segment" (figures per segment) | "other" (non-GAAP, metrics)


def find(doc: Document) -> list[Table]:
    """All financial tables of a document, in order."""
    if doc.kind == "html":
        from . import html

        found = html.tables(doc)
    elif doc.kind == "markdown":
        from . import markdown

        found = markdown.tables(doc)
    else:
        found = text_tables(doc.lines)
    from . import flat

    found = flat.merged(doc, found)  # statements written on one line, which the readers above leave or misread
    for i, t in enumerate(found, 1):
        t.index = i  # (the readers gave each table its role, from the caption)
        mark_contributions(t)
    _fiscal_headings(found, doc)
    # The statements first: a figure they share with a segment table or a reconciliation is the
    # statements' (facts are de-duplicated in this order, the first one kept).
    # Among statements, those captioned as one ("Consolidated Statements of Operations", "Balance
    # Sheets") outrank summaries ("Results Summary", "Highlights") printed above them.
    rank = {"statement": 0, "segment": 1, "other": 2}
    return sorted(found, key=lambda t: (rank.get(t.role, 2),
                                        t.role == "statement" and not _gated_search(PRIMARY_CAPTION, t.caption, _lowered(t.caption)),
                                        t.index))


# Headings of columns that are not a period's amounts: changes, ratios, outlooks.
NOT_A_PERIOD = re.compile(r"\bvs\.?\b|\bversus\b|change|growth|variance|increase|decrease|%|\bpercent|"
                          r"outlook|guidance|forecast|estimate|expect|project|target|plan\b", re.I)


def _fiscal_headings(found: list[Table], doc: Document) -> None:
    """Columns headed by a fiscal quarter or year ("Q3 2024", "Fiscal 2021 Q1") get periods on the
    release's own fiscal calendar: the quarter its title announces, ending where its dated
    columns say ("Second Quarter Fiscal 2024" / "Three Months Ended April 28, 2024")."""
    known = [c.period for t in found for c in t.columns if c.period is not None]
    headings = [c.header for t in found for c in t.columns if c.period is None and c.header]
    anchor = periods.fiscal_anchor(doc.info.fiscal_period, doc.info.fiscal_year, known, headings)
    if anchor is None:
        return
    for t in found:
        if t.role == "other":
            continue  # metrics and non-GAAP tables: their quarter columns restate, or are ratios
        for c in t.columns:
            if c.period is not None:
                continue
            # a heading's parenthesis is caption text ("Q2 FY2024 (In millions, except percentages)")
            heading = re.sub(r"\([^)]*\)?", " ", c.header or "")
            if heading.strip() and not NOT_A_PERIOD.search(heading):
                c.period = periods.fiscal_heading_period(heading, anchor, known)


# ---------------------------------------------------------------- numbers

NIL_TOKENS = {"-", "--", "---", "—", "–", "−", "——", "-0-", "nil", "n/a", "N/A", "NM", "nm", "n/m", "*"}
NUMBER_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"  # in thousands groups or not
NUMBER_RE = re.compile(
    rf"""^(?P<neg1>[(\-−–])?\s*(?P<cur>[$€£¥])?\s*(?P<neg2>[(\-−–])?\s*
        (?P<num>{NUMBER_DIGITS})
        \s*(?P<pct>%)?\s*(?P<close>\))?\s*(?P<pct2>%)?(?:\s*\(?[a-z*†‡]\)?)?$""",
    re.X,
)
PLAIN_NUMBER = re.compile(NUMBER_DIGITS)


NUMBER_FIRST = frozenset("(-−–$€£¥.")  # what NUMBER_RE may start with, but digits


def parse_number(token: str) -> tuple[Decimal, bool, int] | None:
    """A printed number -> (signed value, is percent, decimals printed); None if not a number."""
    t = token.strip().replace("\u00a0", " ")
    first = t[:1]
    if first.isdecimal() or first == "$":
        # Most cells: digits, in thousands groups or not, perhaps after "$" and spaces (NUMBER_RE's
        # currency and num alone: a positive whole number); "," not in t spares the pattern.
        digits = t if first != "$" else t[1:].lstrip()
        num = digits.replace(",", "")
        if num.isdecimal() and ("," not in digits or PLAIN_NUMBER.fullmatch(digits)):
            return Decimal(num), False, 0
    elif first not in NUMBER_FIRST:
        return None  # (labels: NUMBER_RE starts with a sign, a currency, a point or a digit)
    quick = _plain_shape(t)
    return quick if quick is not None else _number_by_pattern(t)


def _number_by_pattern(t: str) -> tuple[Decimal, bool, int] | None:
    """parse_number of a stripped token, by NUMBER_RE."""
    m = NUMBER_RE.match(t)
    if not m:
        return None
    neg1, neg2, num, close, pct, pct2 = m.group("neg1", "neg2", "num", "close", "pct", "pct2")
    num = num.replace(",", "")
    try:
        value = Decimal(num)
    except InvalidOperation:
        return None
    neg = bool(neg1 or neg2)
    if (neg1 == "(" or neg2 == "(") != bool(close):
        # "(435" or "435)": a parenthesis split from its partner; still a negative number
        neg = True
    decimals = len(num.split(".")[1]) if "." in num else 0
    return (-value if neg else value), bool(pct or pct2), decimals


def _plain_shape(t: str) -> tuple[Decimal, bool, int] | None:
    """parse_number's answer for the shapes most cells have, read without NUMBER_RE (which
    costs microseconds a cell): an optional "$", an optional pair of parentheses, then
    digits (in thousands groups or not, with a fraction or not) and an optional "%".  None for
    any other shape, which the pattern then reads.

    Equivalent to NUMBER_RE on these shapes: "$" is its currency and "(...)" its neg1/neg2 with
    its close; ``strip()`` drops the whitespace its ``\\s*`` skip (both are Unicode whitespace);
    the digits are its NUMBER_DIGITS (``isdecimal`` is ``\\d``: digits alone need no pattern)."""
    s = t
    if s[0] == "$":
        s = s[1:].lstrip()
    negative = s[:1] == "("
    if negative:
        if s[-1] != ")":
            return None
        s = s[1:-1].strip()
    percent = s[-1:] == "%"
    if percent:
        s = s[:-1].rstrip()
    if not (s.isdecimal() or PLAIN_NUMBER.fullmatch(s)):
        return None
    num = s.replace(",", "")
    value = Decimal(num)
    return (-value if negative else value), percent, len(num.partition(".")[2])


def is_nil(token: str) -> bool:
    return token.strip().strip("$").strip() in NIL_TOKENS


# ---------------------------------------------------------------- fixed-width text

# A numeric token in a text line: optional "$", optional "(", digits, optional ")" and "%".
# Every token starts with one of the characters of the lookahead: the search rejects the other
# positions of a line (spaces, letters) with one character test instead of trying the pattern.
# (An optional group is written "(?:X|)": the same tries in the same order as "(?:X)?", which
# re runs slower.)
TOKEN_RE = re.compile(
    r"(?=[$(\-.\d—–nN])(?:(?<!\S)(?:\$\s*|)(?:\(\s*|)(?:\$\s*|)-?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+|)|\.\d+)(?:\s*\)|)(?:\s*%|)(?:\s*\)|)(?=\s|$)"
    r"|(?<!\S)(?:\$\s*|)(?:-{1,3}|—|–|n/?a|N/?A|NM)(?=\s|$))"
)
# The last character of a TOKEN_RE match: a digit (str.isdecimal is re's \d), or one of these.
TOKEN_ENDS = frozenset(")%-—–aAM")
# The characters of TOKEN_RE's matches ("\\s" and "\\d" reach beyond these: see _tokens_start).
TOKEN_CHARS = " \t$()-0123456789,.%—–n/aNAM"
RULE_RE = re.compile(r"^\s*[-=_–—+\s]{3,}$")
RULE_CHARS = "-=_–—+"  # RULE_RE's characters but the spaces
RULE_DASHES = re.compile(r"[-=_–—]{3,}")
HAS_DIGIT = re.compile(r"\d")
YEAR_ONLY = re.compile(r"^(?:19|20)\d\d$")


@dataclass(slots=True)
class _Token:
    """A numeric token at the end of a text line."""
    start: int  # 0-based span of the significant characters (without "$" and spaces)
    end: int
    text: str


@dataclass(slots=True)
class _Parsed:
    """A text line classified (blank, rule, data, years or text), with its label and tokens."""
    line: Line
    kind: str  # "blank" | "rule" | "data" | "years" | "text"
    label: str = ""
    indent: int = 0
    # (read only: the lines without tokens share one empty tuple, cheaper than a list each)
    tokens: list[_Token] | tuple[()] = ()


LABEL_TAIL = re.compile(r"[ .]{2,}$|\.{2,}\s*$|\$\s*$")  # leaders and a dangling "$" after a label


def _tokens_start(text: str) -> int:
    """Where the search for a line's tokens starts: after the label's last character that no token
    may hold (a letter, ":"); 0 when there is none.  The matches found from there are the very
    matches a search of the whole line finds there (every match starts after a space, so none
    starts inside that word, and none spans it), and the run is among them (it stops at the
    first gap that is not spaces)."""
    cut = len(text.rstrip(TOKEN_CHARS))
    if cut and (text[cut - 1].isspace() or text[cut - 1].isdecimal()):
        return 0  # (a space or a digit TOKEN_CHARS lacks: a token's character; search it all)
    return cut


def _split_tokens(text: str, cut: int | None = None) -> tuple[str, list[_Token]]:
    """Split a line into its label and the run of numeric tokens that ends it (``cut``: the
    line's _tokens_start, when known)."""
    if cut is None:
        cut = _tokens_start(text)
    tokens: list[_Token] = []  # the run, right to left
    pos = len(text)
    # Walk from the right: keep tokens while only spaces separate them from the previous one.
    for m in reversed(list(TOKEN_RE.finditer(text, cut))):
        start, end = m.span()
        if end != pos and not text[end:pos].isspace():
            break
        # (a match starts and ends on a character no space is: only a "$" and the spaces after it
        # lie before its significant characters)
        raw = m.group()
        lead = len(raw) - len(raw.lstrip("$ ")) if raw[0] == "$" else 0
        tokens.append(_Token(start + lead, end, raw))
        pos = start
    label = text[:pos]
    if tokens and label.strip():
        gap = len(label) - len(label.rstrip())
        stripped = label.rstrip()
        # (a label may end right before its number in "$", ":" or a leader: dots, "__")
        if gap < 2 and not stripped.endswith(("$", ".", ":", "__")):
            # "for the quarter ended 2007" in prose: a number glued to words is not a cell.
            # Keep only tokens after the first wide gap, if any.
            return text, []
    tokens.reverse()
    label = label.rstrip()
    if label.endswith((".", "$")):  # (leaders and a dangling "$" end in one of these)
        label = LABEL_TAIL.sub("", label).rstrip()
    return label, tokens


EDGAR_TABLE_TAGS = re.compile(r"</?(?:TABLE|CAPTION|S|C|FN|PAGE)>", re.I)


def _parse_line(line: Line) -> _Parsed:
    # EDGAR text exhibits mark tables with <TABLE>, <CAPTION>, <S> and <C> column tags: blanks,
    # so that the columns keep their positions.
    text = line.text
    if "<" in text:  # (most lines have no tag: spare them the search)
        text = EDGAR_TABLE_TAGS.sub(lambda m: " " * len(m.group(0)), text)
        if text is not line.text:
            line = Line(line.number, text)
    lstripped = text.lstrip()
    if not lstripped:
        return _Parsed(line, "blank")
    indent = len(text) - len(lstripped)
    stripped = lstripped.rstrip()
    # (a rule holds nothing but rule characters and spaces, so its first and last characters tell
    # most lines apart at once, "-- Revenue rose" bullets too; the pattern itself backtracks long
    # over the indentation of others)
    if stripped[0] in RULE_CHARS and stripped[-1] in RULE_CHARS and RULE_RE.match(text) and RULE_DASHES.search(text):
        return _Parsed(line, "rule", indent=indent)
    last = stripped[-1]
    if not (last.isdecimal() or last in TOKEN_ENDS):
        # no numeric token can end the line, and tokens count only in the run that ends it (most
        # prose lines end in a letter or a stop): spare them the token search
        return _Parsed(line, "text", stripped, indent)
    cut = _tokens_start(text)
    if _glued_last_word(text, cut):
        return _Parsed(line, "text", stripped, indent)
    label, tokens = _split_tokens(text, cut)
    if tokens:
        label = label.strip()
        # (a year starts "19" or "20": most rows' first number does not, and spares the rest the pattern)
        if tokens[0].text[:2] in ("19", "20") and all(YEAR_ONLY.match(t.text) for t in tokens) and \
                (len(tokens) >= 2 or not label):
            # "2007    2006" under a heading; a label beside it is caption text ("(millions, ...")
            return _Parsed(line, "years", label, indent, tokens)
        if not label and len(tokens) == 1 and not HAS_DIGIT.search(tokens[0].text):
            return _Parsed(line, "text", stripped, indent)
        return _Parsed(line, "data", label, indent, tokens)
    return _Parsed(line, "text", stripped, indent)


def _glued_last_word(text: str, cut: int) -> bool:
    """The line ends in one word of token characters one space after a word of the label ("... of
    2007", "... rose to $4.98"), which are not joined by ":" or "__": the line holds no tokens
    either way, without a search.  (As a token, that word would be glued to the label, which
    _split_tokens rejects; otherwise no token ends the line.  A match there spans the whole
    word: it starts after a space and ends before one.)"""
    return (0 < cut < len(text) - 1 and text[cut].isspace() and not text[cut + 1].isspace()
            and len(text[cut + 1:].split()) == 1 and text[cut - 1] != ":" and not text.endswith("__", 0, cut))


CAPTION_WORDS = re.compile(r"\b(?:months|weeks|quarters?|years?) ended\b|\bin (?:thousands|millions)\b|\bstatements? of\b|"
                           r"\bbalance sheets?\b|\bas of\b|\bunaudited\b", re.I)


def _is_prose(p: _Parsed) -> bool:
    """A line of a paragraph: long, single-spaced, starting near the margin; not a caption."""
    if p.kind != "text":
        return False
    t = p.label  # (a text line's label is its stripped text)
    return len(t) > 55 and p.indent <= 4 and "  " not in t and t.count(" ") > 7 and not CAPTION_WORDS.search(t)


def text_tables(lines: list[Line]) -> list[Table]:
    parsed = [_parse_line(line) for line in lines]
    blocks = _blocks(parsed)
    tables = []
    for start, end in blocks:
        table = _read_block(parsed, start, end)
        if table is not None:
            tables.append(table)
    return tables


def _blocks(parsed: list[_Parsed]) -> list[tuple[int, int]]:
    """Index ranges [first data line, last data line] of runs of table rows."""
    blocks = []
    start = last = None
    gap = blanks = 0
    for i, p in enumerate(parsed):
        if p.kind == "data":
            if start is None:
                start = i
            last = i
            gap = blanks = 0
            continue
        if start is None:
            continue
        gap += 1
        blanks = blanks + 1 if p.kind == "blank" else 0
        # three blank lines in a row part two tables, however close their numbers sit
        if _is_prose(p) or gap > 6 or blanks >= 3:
            blocks.append((start, last))
            start = last = None
            gap = 0
    if start is not None:
        blocks.append((start, last))
    # A block needs two numeric rows to be a table; one stray line of numbers is not.
    return [(s, e) for s, e in blocks if sum(1 for p in parsed[s:e + 1] if p.kind == "data") >= 2]


def _bands(rows: list[_Parsed]) -> list[tuple[int, int]]:
    """Column bands: unions of overlapping token spans over the rows."""
    return _merged(sorted([(t.start, t.end) for p in rows for t in p.tokens]))


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with those that overlap made one, left to right."""
    bands: list[tuple[int, int]] = []
    if not spans:
        return bands
    rest = iter(spans)
    start, end = next(rest)
    for s, e in rest:
        if s < end:
            if e > end:
                end = e
        else:
            bands.append((start, end))
            start, end = s, e
    bands.append((start, end))
    return bands


def _assign(tokens: list[_Token], bands: list[tuple[int, int]]) -> list[_Token | None]:
    cells: list[_Token | None] = [None] * len(bands)
    for t in tokens:
        best = _band_of(t.start, t.end, bands)
        if best is not None and cells[best] is None:
            cells[best] = t
    return cells


HEADER_CHUNK = re.compile(r"\S+(?: \S+)*")  # words separated by single spaces
MONTH_DAY_YEAR = re.compile(rf"{periods.MONTH_NAME}\s+\d{{1,2}},?(?:\s+(?:19|20)\d\d)?", re.I)
DATE_RANGE_WORDS = re.compile(r"\b(?:and|to|through)\b", re.I)
QUARTER_ONLY = re.compile(r"^Q[1-4]$")


def _split_header_chunks(text: str) -> list[tuple[int, int, str]]:
    """Heading text in chunks separated by 2+ spaces; a chunk with two dates is split between them."""
    chunks = []
    for m in HEADER_CHUNK.finditer(text):
        s, chunk = m.start(), m.group(0)
        # "September 30, December 31," or "2004 2003": several headings with single spaces.
        # (a date has a digit: "Three Months Ended" is spared the month names' search)
        pieces = list(MONTH_DAY_YEAR.finditer(chunk)) if HAS_DIGIT.search(chunk) else ()
        if len(pieces) >= 2 and not DATE_RANGE_WORDS.search(chunk):
            cut = [p.start() for p in pieces] + [len(chunk)]
            for a, b in zip(cut, cut[1:]):
                piece = chunk[a:b].strip()
                chunks.append((s + a, s + a + len(piece), piece))
            continue
        words = chunk.split(" ")
        # (a year starts "1" or "2", a quarter "Q": most chunks' first word tells at once)
        if len(words) >= 2 and words[0][:1] in ("1", "2", "Q") and \
                all(YEAR_ONLY.match(w) or QUARTER_ONLY.match(w) for w in words):
            off = 0
            for w in words:
                i = chunk.index(w, off)
                chunks.append((s + i, s + i + len(w), w))
                off = i + len(w)
            continue
        chunks.append((s, s + len(chunk), chunk))
    return chunks


# ---------------------------------------------------------------- caption words
#
# The caption patterns below are case-insensitive alternations tried at every position of a
# caption, tens of microseconds each.  Every match of one holds one of its GATE_WORDS (in lower
# case; tests/test_tables.py derives what each pattern's matches hold and checks the words), so
# a caption holding none of them is spared the search by ``in`` tests, as in periods.


_lowered = periods.ascii_lowered


def _gated_search(rx: re.Pattern, text: str, lowered: str | None) -> re.Match | None:
    """``rx.search(text)``, gated by rx's GATE_WORDS (periods.gated_search)."""
    return periods.gated_search(rx, text, lowered, GATE_WORDS[rx])


SCALE_WORDS = [
    (re.compile(r"\bin\s+billions\b|\(\s*billions\b|\$\s*billions\b|\bbillions of\b", re.I), 9),
    (re.compile(r"\bin\s+millions\b|\(\s*millions\b|\$\s*millions\b|\bmillions of\b|\$\s*in\s*mm\b|\(\$?mm\)", re.I), 6),
    (re.compile(r"\bin\s+thousands\b|\(\s*thousands\b|\$\s*thousands\b|\bthousands of\b|\$000'?s|000'?s omitted|\(\$?000\)|\bin \$000", re.I), 3),
]
SHARES_SCALE = re.compile(r"shares?(?: amounts| data| counts)?(?: outstanding)?,?\s+(?:which\s+)?(?:are\s+|is\s+)?"
                          r"(?:reflected\s+|presented\s+|stated\s+|shown\s+|expressed\s+)?in\s+(thousands|millions|billions)", re.I)


EXCEPT_SHARES = re.compile(r"\bexcept\s+(?:for\s+)?(?:the\s+)?(?:number\s+of\s+)?(?:common\s+|ordinary\s+)?shares?\b(?!\s+price)", re.I)


def scale_of(text: str) -> tuple[int, int | None]:
    """The caption's scale for money, and for shares when stated apart."""
    money = 0
    best = None
    lowered = _lowered(text)
    for rx, power in SCALE_WORDS:
        m = _gated_search(rx, text, lowered)
        if m and (best is None or m.start() < best):
            money, best = power, m.start()
    m = _gated_search(SHARES_SCALE, text, lowered)
    shares = {"thousands": 3, "millions": 6, "billions": 9}[m.group(1).lower()] if m else None
    if shares is None and money and _gated_search(EXCEPT_SHARES, text, lowered):
        shares = 0  # "in thousands, except share and per share amounts"
    return money, shares


PRIMARY_CAPTION = re.compile(r"statements?\s+of\s+(?:consolidated\s+)?(?:operations|income|earnings|loss|comprehensive|"
                             r"cash\s+flows?|financial\s+(?:position|condition))|balance\s+sheets?|"
                             r"income\s+statements?|cash\s+flows?\s+statements?", re.I)

STATEMENT_WORDS = [
    ("cashflow", re.compile(r"cash\s+flows?", re.I)),
    ("balance", re.compile(r"balance\s+sheets?|financial\s+(?:position|condition)|assets\s+and\s+liabilities", re.I)),
    ("income", re.compile(r"statements?\s+of\s+(?:consolidated\s+)?(?:operations|income|earnings|loss|comprehensive)|income\s+statements?|"
                          r"consolidated\s+(?:income|earnings|operations)|results\s+of\s+operations|\bearnings\b|\boperations\b", re.I)),
]


# Tables that restate or reconcile the statements (non-GAAP measures, operating metrics): their
# figures are not the statements' line items, so the statement rules do not apply to them.
# (The words that start a word share one "\b": the search tries fewer alternatives at each position.)
OTHER_CAPTION = re.compile(r"\b(?:includes?\b[^.]*\bas follows\b|reconcil|adjusted\b|guidance\b|outlook\b|highlights\b|ebitda\b)|"
                           r"non-?gaap|reconciliation|supplemental (?:financial )?(?:information|data|metrics)|business metrics|"
                           r"key (?:(?:financial |operating )?metrics|performance)|operating (?:data|statistics|metrics)|"
                           r"selected (?:financial )?data|"
                           # average balances are neither period-end balances nor a period's flows
                           r"average (?:daily )?balances?", re.I)
SEGMENT_CAPTION = re.compile(r"\bsegments?\b|\bby (?:region|geograph|product|business)|\bgeographic", re.I)


GATE_WORDS = {
    SCALE_WORDS[0][0]: ("billions",),
    SCALE_WORDS[1][0]: ("millions", "mm"),
    SCALE_WORDS[2][0]: ("thousands", "000"),
    SHARES_SCALE: ("share",),
    EXCEPT_SHARES: ("except",),
    PRIMARY_CAPTION: ("statement", "balance"),
    STATEMENT_WORDS[0][1]: ("cash",),
    STATEMENT_WORDS[1][1]: ("balance", "financial", "liabilities"),
    STATEMENT_WORDS[2][1]: ("statement", "consolidated", "operations", "earnings"),
    OTHER_CAPTION: ("as follows", "reconcil", "adjusted", "guidance", "outlook", "highlights", "ebitda", "gaap",
                    "supplemental information", "supplemental data", "supplemental metrics", "supplemental financial",
                    "business metrics", "key metrics", "key financial metrics",
                    "key performance", "operating data", "operating statistics", "operating metrics", "selected data",
                    "selected financial data", "average balance", "average daily balance"),
    SEGMENT_CAPTION: ("segment", "by region", "by geograph", "by product", "by business", "geographic"),
}


def role_of(caption: str) -> str:
    """What a table is for: "statement", "segment" (figures per segment) or "other" (non-GAAP, metrics)."""
    lowered = _lowered(caption)
    if _gated_search(OTHER_CAPTION, caption, lowered):
        return "other"
    if _gated_search(SEGMENT_CAPTION, caption, lowered):
        return "segment"
    return "statement"


INCOME_LABELS = re.compile(r"\b(revenues?|net (income|loss|sales)|per share)\b")


def _columns_and_statement(headers: list[str], year_of: list[int | None], caption: str, data: list[_Parsed],
                           labels: list[str], role: str) -> tuple[list[Column], str]:
    """The columns with their periods, and the statement kind ("income", "balance", ...).

    Income and cash-flow columns are read knowing the kind (a bare date heads no instant there).
    The columns read without a kind are needed only when neither the caption nor the labels name
    the statement: an instant column then makes a balance sheet.
    """
    statement = _statement_named(caption, labels, role)
    columns = None
    if statement is None:
        columns = _columns(headers, year_of, caption, data)
        statement = _statement_by_content(columns, labels)
    if statement in ("income", "cashflow"):
        columns = _columns(headers, year_of, caption, data, statement)
    elif columns is None:
        columns = _columns(headers, year_of, caption, data)
    return columns, statement


def _statement_named(caption: str, labels: list[str], role: str) -> str | None:
    """The statement kind the caption (or the table's role) or the row labels name, if they do."""
    if role == "other":
        return "other"
    lowered = _lowered(caption)
    for kind, rx in STATEMENT_WORDS:
        if _gated_search(rx, caption, lowered):
            return kind
    text = " ".join(labels).lower()
    if "total assets" in text or "total liabilities" in text:
        return "balance"
    if "operating activities" in text or "investing activities" in text:
        return "cashflow"
    return None


def _statement_by_content(columns: list[Column], labels: list[str]) -> str:
    """The statement kind of a table whose caption and labels do not name it."""
    if any(c.period is not None and c.period.is_instant for c in columns):
        return "balance"
    if INCOME_LABELS.search(" ".join(labels).lower()):
        return "income"
    return "other"


def _read_block(parsed: list[_Parsed], start: int, end: int) -> Table | None:
    body = parsed[start:end + 1]
    data = [p for p in body if p.kind == "data"]
    bands = _bands(data)
    if not bands:
        return None
    col_left = bands[0][0]
    # Heading lines start right of the row labels; captions are centred over the whole table.
    heading_indent = col_left - 12

    # Heading zone: upward from the first row while lines sit over the columns (or are blank,
    # rules, or caption text between heading lines).
    head_top = start
    i = start - 1
    misses = 0
    while i >= 0 and start - i <= 16:
        p = parsed[i]
        if p.kind == "data":
            break
        over_columns = p.kind == "years" or (p.kind == "text" and p.indent >= heading_indent and not _is_prose(p))
        if p.kind == "rule" and p.indent < heading_indent and len(p.line.text.strip()) > (col_left - p.indent) // 2 + 10:
            break  # a full-width rule closes the caption block above the headings
        if over_columns:
            head_top = i
            misses = 0
        elif p.kind in ("blank", "rule"):
            misses += 0.5 if p.kind == "blank" else 0
        else:
            misses += 1
        if misses > 2 or _is_prose(p):
            break
        i -= 1
    # Label-area lines between the heading zone and the first row are rows (sections), not headings.
    first_row = start
    j = start - 1
    while j >= head_top and parsed[j].kind in ("text", "blank") and (
            parsed[j].kind == "blank" or parsed[j].indent < col_left - 4):
        if parsed[j].kind == "text":
            first_row = j
        j -= 1
    head_end = first_row  # exclusive
    heading = [p for p in parsed[head_top:head_end] if p.kind in ("text", "years")]

    # Caption: text lines above the heading up to a gap of two blank lines.
    caption_lines: list[str] = []
    i = head_top - 1
    blanks = 0
    while i >= 0 and head_top - i <= 14:
        p = parsed[i]
        if p.kind == "data" or _is_prose(p):
            break
        if p.kind == "blank":
            blanks += 1
            if blanks >= 2 and caption_lines:
                break
        else:
            blanks = 0
            if p.kind == "text":
                caption_lines.insert(0, p.label)
        i -= 1
    caption_line = parsed[i + 1].line.number if i + 1 < len(parsed) else body[0].line.number

    # Heading text per column; label-area heading text joins the caption (e.g. "(millions, ...)").
    per_column: list[list[str]] = [[] for _ in bands]
    year_of: list[int | None] = [None] * len(bands)
    extended = []
    for k, (s, e) in enumerate(bands):
        left = (bands[k - 1][1] + s) // 2 if k else s - 6
        right = (e + bands[k + 1][0]) // 2 if k + 1 < len(bands) else e + 6
        extended.append((left, right))
    shared: list[set[int]] = [set() for _ in bands]  # ids of multi-column heading chunks
    centres = [(bs + be) / 2 for bs, be in bands]
    for p in heading:
        for s, e, chunk in _split_header_chunks(p.line.text):
            if e <= col_left - 2:
                caption_lines.append(chunk)
                continue
            # A heading belongs to the columns whose centre it spans ("Three Months Ended" to
            # two, "2007" to one); a short word off-centre goes to the column it overlaps most.
            hits = [k for k, centre in enumerate(centres) if s <= centre <= e]
            if not hits:
                overlaps = [(min(r, e) - max(l, s), k) for k, (l, r) in enumerate(extended)]
                best = max(overlaps)
                if best[0] <= 0:
                    continue
                hits = [best[1]]
            for k in hits:
                per_column[k].append(chunk)
                if len(hits) > 1:
                    shared[k].add(id(p) * 1000 + s)
                if YEAR_ONLY.match(chunk):
                    year_of[k] = int(chunk)
    caption = " ".join(caption_lines)
    money_scale, share_scale = scale_of(caption + " " + " ".join(c for cs in per_column for c in cs))

    headers = [" ".join(cs) for cs in per_column]
    headers = _inherit_lengths(headers, shared)
    labels = [p.label for p in body if p.kind in ("data", "text")]
    role = role_of(caption)
    columns, statement = _columns_and_statement(headers, year_of, caption, data, labels, role)
    rows = _rows(parsed[first_row:end + 1], bands)
    if not rows:
        return None
    return Table(caption=caption, statement=statement, scale=money_scale, columns=columns, rows=rows,
                 line=caption_line, share_scale=share_scale, role=role)


def _inherit_lengths(headers: list[str], shared: list[set[int]]) -> list[str]:
    """A column under a group heading without its own length takes its group-mate's.

    "For the 13 / Weeks Ended / July 3, 2004 and" centred over two columns gives the length to
    the one under "For the 13" only; both are 13-week columns.
    """
    out = list(headers)
    for k, header in enumerate(headers):
        mates = [other for j, other in enumerate(headers) if j != k and shared[k] & shared[j]]
        if not mates:
            continue  # a heading of its own: nothing to take
        if periods.length_in(header) is None:
            for other in mates:
                m = periods.MONTHS_RE.search(other) or periods.WEEKS_RE.search(other)
                if m:
                    out[k] = m.group(0) + " " + out[k]
                    break
        # "Three Months Ended / March 31, / 2024  2023": the month and day sit over one column
        if periods.month_day_in(header) is None:
            for other in mates:
                m = periods.MONTH_DAY_RE.search(other) or periods.DATE_RE.search(other)
                if m:
                    out[k] = out[k] + " " + f"{m.group(1)} {m.group(2)},"
                    break
    return out


def _columns(headers: list[str], year_of: list[int | None], caption: str, data: list[_Parsed],
             statement: str = "") -> list[Column]:
    """Periods for the columns; a caption naming several lengths spreads them over year groups."""
    lengths = periods.lengths_in(caption)
    groups: list[periods.Length | None] = [None] * len(headers)
    if len(lengths) > 1:
        # "For the three and nine months ended ...": columns run 2007 2006 | 2007 2006.
        g, prev = 0, None
        for k, y in enumerate(year_of):
            if prev is not None and y is not None and y > prev:
                g += 1
            groups[k] = lengths[min(g, len(lengths) - 1)]
            prev = y if y is not None else prev
    cols = []
    for k, header in enumerate(headers):
        period = periods.column_period(header, year=year_of[k], caption=caption, statement=statement,
                                       group_length=groups[k])
        cols.append(Column(header=header, period=period))
    return cols


TOTAL_LABEL = re.compile(r"\s*total\b", re.I)
TOTAL_OF = re.compile(r"\s*total\s+(.*)$", re.I)  # "Total current assets": what it totals
CONNECTOR_END = re.compile(r"(?:\b(?:and|of|to|for|the|in|from|on|at|by|with|or|before|after|less|net of|per)|[,&/(\-–])$", re.I)


NOT_A_LETTER = re.compile(r"[^A-Za-z]")


def _in_capitals(text: str) -> bool:
    """Three letters or more, all capitals ("ASSETS", "U.S. GAAP")."""
    if text.isascii() and not text.isupper():
        return False  # (an ASCII text's cased characters are its letters: isupper tells at once)
    letters = NOT_A_LETTER.sub("", text)
    return len(letters) >= 3 and letters.isupper()


def _is_section_heading(label: str) -> bool:
    return label.endswith(":") or _in_capitals(label)


def _rows(lines: list[_Parsed], bands: list[tuple[int, int]]) -> list[Row]:
    rows: list[Row] = []
    stack: list[tuple[int, str]] = []  # (effective indent, heading)
    pending: list[_Parsed] = []  # label-only lines waiting for the line that holds their numbers
    after_rule = False

    def flush_pending_as_heading() -> None:
        if not pending:
            return
        text = " ".join(p.label for p in pending)
        # Headings in capitals ("ASSETS") outrank indented headings at the same indentation.
        indent = pending[0].indent - (1 if _in_capitals(text) else 0)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, text.rstrip(":").strip()))
        pending.clear()

    for k, p in enumerate(lines):
        if p.kind == "rule":
            after_rule = True
            continue
        if p.kind in ("blank", "years"):
            after_rule = False
            if pending and p.kind == "blank":
                # a label-only line followed by a blank line is a heading
                nxt = next((q for q in lines[k + 1:] if q.kind != "blank"), None)
                if not (nxt is not None and nxt.kind == "data" and nxt.label[:1].islower()):
                    flush_pending_as_heading()
            continue
        if p.kind == "text":
            if p.label[:1].islower() and not pending and rows and rows[-1].line == lines[k - 1].line.number:
                rows[-1].label += " " + p.label  # the label goes on below its numbers
                continue
            if pending and (p.label[:1].islower() or CONNECTOR_END.search(pending[-1].label)):
                pending.append(p)
                continue
            if pending:
                flush_pending_as_heading()
            pending.append(p)
            if _is_section_heading(p.label):
                flush_pending_as_heading()
            continue
        # a data line
        parent = None
        if pending:
            if p.label[:1].islower() or CONNECTOR_END.search(pending[-1].label) or not p.label:
                label = " ".join([q.label for q in pending] + ([p.label] if p.label else []))
                indent = pending[0].indent
                pending.clear()
            else:
                parent = " ".join(q.label for q in pending)
                flush_pending_as_heading()
                label, indent = p.label, p.indent
        else:
            label, indent = p.label, p.indent
        while stack and stack[-1][0] >= indent:
            stack.pop()
        sections = tuple([h for _, h in stack])
        cells = [_cell(t, p.line) if t is not None else None for t in _assign(p.tokens, bands)]
        totals = TOTAL_LABEL.match(label)
        rows.append(Row(label=_clean_label(label), line=p.line.number, depth=indent, cells=cells,
                        sections=sections, parent=parent, is_total=after_rule or bool(totals)))
        after_rule = False
        # "Total current liabilities" closes the "Current liabilities" section it totals.
        # (TOTAL_OF's "total" and the spaces after it are a TOTAL_LABEL match)
        closing = TOTAL_OF.match(label) if totals else None
        if closing and stack and _same_heading(stack[-1][1], closing.group(1)):
            stack.pop()
    return rows


NOT_LOWER_LETTERS = re.compile(r"[^a-z]+")


def _same_heading(heading: str, totalled: str) -> bool:
    def words(t: str) -> str:
        return NOT_LOWER_LETTERS.sub(" ", t.lower()).strip()
    return words(heading) == words(totalled)


FOOTNOTE_MARK_END = re.compile(r"\s*\((?:\d|[a-z]|\*)\)$")
SEE_NOTE_END = re.compile(r"\s*\((?:see )?notes?(?: [\w.]+)?\)$", re.I)


def _clean_label(label: str) -> str:
    label = " ".join(label.split())
    if label.endswith(")"):  # (both marks end in one; most labels do not)
        label = FOOTNOTE_MARK_END.sub("", label)  # footnote marks
        label = SEE_NOTE_END.sub("", label)  # "(See Note)"
    return label.rstrip(" .:$").strip()


def _cell(token: _Token, line: Line) -> Cell:
    parsed = parse_number(token.text)
    if parsed is None:
        return Cell(None, token.text, line.number, token.start + 1)
    value, pct, decimals = parsed
    return Cell(value, token.text, line.number, token.start + 1, pct, decimals)  # (value, raw, line, column, percent, decimals)


# ---------------------------------------------------------------- grids (HTML and Markdown tables)
#
# HTML and Markdown readers turn a table into rows of positioned cells (a grid: a cell spans the
# grid columns [start, end)); ``grid_tables`` reads a grid the way ``text_tables`` reads aligned
# text: value columns are the bands where the numbers of the rows overlap, headings above the
# first row of numbers are assigned to the bands they sit over, label-only rows are sections.


@dataclass
class GridCell:
    """One cell of a table laid out as a grid (HTML or Markdown)."""
    text: str
    start: int  # first grid column it covers
    end: int  # one past the last grid column it covers
    line: int  # source line of the cell
    index: int = 0  # 1-based position of the cell in its source row
    bold: bool = False
    indent: float = 0.0  # indentation in points (padding/margin/text-indent, leading spaces)


@dataclass
class GridRow:
    """One row of a grid table."""
    cells: list[GridCell]
    line: int
    index: int  # 1-based position of the row in its source table
    bold: bool = False
    rule_above: bool = False  # a border over the numbers: a total


PREFIX_TOKENS = re.compile(r"^(?:(?:US|C|A|NZ|HK|S|R)?[$€£¥]|\(|\$\s*\(|\(\s*\$|(?:USD|EUR|GBP|CAD|JPY|CHF|AUD|CNY|RMB)\s*\$?)$")
SUFFIX_TOKENS = re.compile(r"^(?:\)|%|\)\s*%|%\s*\)|pts?\.?|bps|x)$", re.I)
FOOTNOTE_CELL = re.compile(r"^(?:\(\s*(?:\d{1,2}|[a-z]|\*+)\s*\)|\*+|†|‡|\[\d+\])$")
YEAR_CELL = re.compile(r"^(?:FY\s*)?((?:19|20)\d\d)(?:\s*\(\w+\))?$")


@dataclass
class _Item:
    """A value assembled from one or more cells of a row ("$" + "(1,234" + ")")."""

    text: str
    start: int
    end: int
    cell: GridCell
    maybe_note: bool = False  # "(1)" right after the label: a footnote mark unless under a column


@dataclass
class _GridLine:
    """A grid row read as a table line: its label and the items after it."""
    row: GridRow
    kind: str  # "blank" | "data" | "years" | "heading" | "label"
    label: str = ""
    label_cell: GridCell | None = None
    items: list[_Item] = field(default_factory=list)
    texts: list[GridCell] = field(default_factory=list)  # text cells right of the label


def _value_like(text: str) -> bool:
    return parse_number(text) is not None or is_nil(text)


def _split_grid_row(row: GridRow) -> _GridLine:
    cells = [c for c in row.cells if c.text.strip()]
    if not cells:
        return _GridLine(row, "blank")
    items: list[_Item] = []
    label_parts: list[GridCell] = []
    texts: list[GridCell] = []
    prefix: list[GridCell] = []
    for c in cells:
        t = c.text.strip()
        if PREFIX_TOKENS.match(t):
            prefix.append(c)
            continue
        if SUFFIX_TOKENS.match(t) and items and not prefix:
            last = items[-1]
            last.text += t
            last.end = max(last.end, c.end)
            continue
        if FOOTNOTE_CELL.match(t) and label_parts and not items and not prefix and not _value_like(t):
            continue  # a footnote mark in a cell of its own
        if _value_like(t) or (prefix and _value_like("".join(p.text.strip() for p in prefix) + t)):
            if prefix:
                text = "".join(p.text.strip() for p in prefix) + t
                start = min([p.start for p in prefix] + [c.start])
                if not _value_like(text):
                    text = t
            else:
                text, start = t, c.start  # (no prefix: the value is the cell's, which is value-like)
            note = bool(FOOTNOTE_CELL.match(t)) and not prefix and bool(label_parts) and not items
            items.append(_Item(text=text, start=start, end=c.end, cell=c, maybe_note=note))
            prefix = []
            continue
        prefix = []
        if not items and not texts and not label_parts:
            label_parts.append(c)
        else:
            texts.append(c)
    label = " ".join(c.text.strip() for c in label_parts)
    label_cell = label_parts[0] if label_parts else None
    if items:
        years = [YEAR_CELL.match(i.text.strip()) for i in items]
        if all(years) and not label.strip() and not texts:
            return _GridLine(row, "years", "", None, items)
        if all(years) and len(items) >= 2 and (not label or _header_words(label)):
            return _GridLine(row, "years", label, label_cell, items, texts)
        return _GridLine(row, "data", label, label_cell, items, texts)
    if texts:
        return _GridLine(row, "heading", label, label_cell, [], texts)
    return _GridLine(row, "label", label, label_cell)


HEADER_WORDS = re.compile(r"\b(?:months?|weeks?|quarters?|years?|ended|ending|period|fiscal|as of|at|unaudited|audited|"
                          rf"{periods.MONTH_NAME}|Q[1-4]|FY|change|increase|decrease|in (?:thousands|millions|billions))\b",
                          re.I)


def _header_words(text: str) -> bool:
    return bool(HEADER_WORDS.search(text)) or bool(re.fullmatch(r"\(?[\w\s,$%]*\)?", text.strip())) and len(text) < 20


def normalize_heading(text: str) -> str:
    """Heading text from HTML/Markdown cells: "EndedSeptember 30,2024" -> "Ended September 30, 2024"."""
    t = text.replace("\u00a0", " ")
    t = re.sub(r"(?<=[a-z])(?=[A-Z][a-z])", " ", t)
    t = re.sub(r",(?=(?:19|20)\d\d\b)", ", ", t)
    t = re.sub(r"(?<=\d)(?=(?:Three|Six|Nine|Twelve|Thirteen|Fourteen|Twenty|Thirty|Fifty)\b)", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def grid_tables(rows: list[GridRow], *, caption: str = "", line: int = 0, number: int = 0,
                fill_month_day: bool = True) -> list[Table]:
    """Read a grid into Tables (one per header block: a heading row after data starts a new one)."""
    parsed = [_split_grid_row(r) for r in rows]
    data = [p for p in parsed if p.kind == "data"]
    if len([p for p in data if any(parse_number(i.text) for i in p.items)]) < 1:
        return []
    bands = _grid_bands(data)
    if not bands:
        return []
    # "(1)" beside a label is a footnote mark unless it sits under a column of numbers.
    for p in data:
        p.items = [i for i in p.items if not i.maybe_note or _band_of(i.start, i.end, bands) is not None]
    bands = [b for b in bands if any(_band_of(i.start, i.end, [b]) is not None for p in data for i in p.items
                                     if not i.maybe_note)]
    if not bands:
        return []
    first_band = bands[0][0]
    # A "label" row whose only cell sits over the value columns is heading text, not a label.
    for p in parsed:
        if p.kind in ("label",) and p.label_cell is not None and p.label_cell.start >= first_band:
            p.kind, p.texts, p.label, p.label_cell = "heading", [p.label_cell], "", None
        elif p.kind == "heading" and p.label_cell is not None and p.label_cell.start >= first_band:
            p.texts = [p.label_cell] + p.texts
            p.label, p.label_cell = "", None
    # Split into segments: header lines, then body lines up to the next header after data.
    segments: list[tuple[list[_GridLine], list[_GridLine]]] = []
    head: list[_GridLine] = []
    body: list[_GridLine] = []
    for p in parsed:
        if p.kind == "label" and FOOTNOTE_HEADING.match(p.label) and any(q.kind == "data" for q in body):
            # "(1) Includes stock-based compensation expense as follows:" opens a breakdown of
            # the lines above: a table of its own, under the same columns.
            segments.append((head, body))
            head, body = [p], []
            continue
        is_head = p.kind in ("years", "heading") and (not body or _is_period_heading(p))
        if is_head and any(q.kind == "data" for q in body):
            segments.append((head, body))
            head, body = [], []
        if is_head and not any(q.kind == "data" for q in body):
            head.extend(body)  # title rows above the headings
            body = []
            head.append(p)
        else:
            body.append(p)
    segments.append((head, body))
    out: list[Table] = []
    prev_columns: list[Column] | None = None
    for head, body in segments:
        if not any(p.kind == "data" for p in body):
            continue
        table = _grid_segment(head, body, bands, caption, line, prev_columns, fill_month_day, number)
        if table is not None:
            out.append(table)
            if any(c.period for c in table.columns):
                prev_columns = table.columns
    return out


FOOTNOTE_HEADING = re.compile(r"^\s*(?:\(\s*(?:\d{1,2}|[a-z])\s*\)|\*+|\d\))\s*\S.*:\s*$", re.I)


def _is_period_heading(p: _GridLine) -> bool:
    text = " ".join(c.text for c in p.texts) + " " + " ".join(i.text for i in p.items)
    return p.kind == "years" or bool(periods.length_in(text) or periods.dates_in(normalize_heading(text)))


def _grid_bands(data: list[_GridLine]) -> list[tuple[int, int]]:
    spans = sorted((i.start, i.end) for p in data for i in p.items if not i.maybe_note)
    if not spans:
        return []
    # Items spanning far wider than most (a number centred over several columns) would fuse
    # bands; they are assigned later by overlap instead.
    widths = sorted(e - s for s, e in spans)
    typical = widths[len(widths) // 2]
    narrow = [(s, e) for s, e in spans if e - s <= max(typical * 2, typical + 2)]
    return _merged(narrow)  # (sorted, as spans are)


def _band_of(start: int, end: int, bands: list[tuple[int, int]]) -> int | None:
    """The band that the span [start, end) overlaps most; None if none.  (Bands run left to right
    and do not overlap, as _bands and _grid_bands make them.)"""
    # A span inside a band (most are: the bands are made of them) overlaps that band wholly and
    # no other: the last band starting at or before it, found by bisection.
    k = bisect_right(bands, (start, math.inf)) - 1
    if k >= 0 and end <= bands[k][1] and start < end:
        return k
    best, overlap = None, 0
    for k, (s, e) in enumerate(bands):
        if s >= end:
            break  # this band and those right of it start past the span
        ov = min(e, end) - max(s, start)
        if ov > overlap:
            best, overlap = k, ov
    return best


def _grid_segment(head: list[_GridLine], body: list[_GridLine], bands: list[tuple[int, int]], caption: str,
                  line: int, prev_columns: list[Column] | None, fill_month_day: bool, number: int) -> Table | None:
    first_band = bands[0][0]
    per_column: list[list[str]] = [[] for _ in bands]
    year_of: list[int | None] = [None] * len(bands)
    shared: list[set[int]] = [set() for _ in bands]
    caption_parts = [caption] if caption else []
    initial_sections: list[str] = []
    for p in head:
        if p.label:
            if p.kind in ("heading", "years") and _is_section_heading(p.label) and not _header_words(p.label):
                initial_sections.append(p.label.rstrip(":").strip())
            else:
                caption_parts.append(p.label)
        spans = [(c.start, c.end, c.text) for c in p.texts] + [(i.start, i.end, i.text) for i in p.items]
        if p.kind in ("label",) and p.label_cell is not None:
            continue
        for s, e, text in spans:
            text = normalize_heading(text)
            if not text:
                continue
            if e <= first_band:
                caption_parts.append(text)
                continue
            hits = [k for k, (bs, be) in enumerate(bands) if s <= (bs + be) / 2 < e]
            if not hits:
                k = _band_of(s, e, bands)
                if k is None:
                    # a heading beyond the last band (a "% change" column): not a value column
                    continue
                hits = [k]
            for k in hits:
                per_column[k].append(text)
                if len(hits) > 1:
                    shared[k].add(id(p) * 1000 + s)
                m = YEAR_CELL.match(text)
                if m:
                    year_of[k] = int(m.group(1))
    cap = " ".join(caption_parts)
    headers = [" ".join(cs) for cs in per_column]
    if fill_month_day:
        headers = _fill_month_day(headers)
    headers = _inherit_lengths(headers, shared)
    labels = [p.label for p in body if p.label]
    role = role_of(cap)
    columns, statement = _columns_and_statement(headers, year_of, cap, [], labels, role)
    if not any(c.period for c in columns) and prev_columns is not None and len(prev_columns) == len(columns):
        columns = [Column(header=c.header, period=c.period, dims=c.dims) for c in prev_columns]
    money_scale, share_scale = scale_of(cap + " " + " ".join(headers))
    rows = _grid_rows(body, bands, initial_sections, number)
    if not rows:
        return None
    return Table(caption=cap, statement=statement, scale=money_scale, columns=columns, rows=rows,
                 line=line or (head[0].row.line if head else body[0].row.line), share_scale=share_scale, role=role)


def _fill_month_day(headers: list[str]) -> list[str]:
    """Columns headed by a length and a year only take the month and day their neighbours show
    ("Three Months Ended | 2024" beside "Twelve Months Ended September 30, | 2024")."""
    days = [periods.month_day_in(h) for h in headers]
    known = [d for d in days if d]
    if not known or len(set(known)) != 1:
        return headers
    month, day = known[0]
    name = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December"][month - 1]
    out = []
    for h, d in zip(headers, days):
        if d is None and periods.years_in(h) and periods.length_in(h):
            h = re.sub(r"((?:19|20)\d\d)(?!.*(?:19|20)\d\d)", rf"{name} {day}, \1", h)
        out.append(h)
    return out


def _grid_rows(lines: list[_GridLine], bands: list[tuple[int, int]], initial_sections: list[str],
               number: int) -> list[Row]:
    rows: list[Row] = []
    stack: list[tuple[float, str]] = [(-2.0, s) for s in initial_sections]
    pending: list[_GridLine] = []

    def depth_of(p: _GridLine) -> float:
        cell = p.label_cell
        return cell.indent if cell is not None else 0.0

    def push_heading(text: str, depth: float) -> None:
        if _in_capitals(text):
            depth -= 0.5  # capitals outrank indented headings at the same indentation
        elif text.rstrip().endswith(":"):
            depth -= 0.25  # "Costs and expenses:" heads the rows below it even when not indented
        while stack and stack[-1][0] >= depth:
            stack.pop()
        stack.append((depth, text.rstrip(":").strip()))

    def flush_pending() -> None:
        if pending:
            # a label-only row over rows at its own indentation still heads them ("North America")
            push_heading(" ".join(p.label for p in pending), depth_of(pending[0]) - 0.1)
            pending.clear()

    for k, p in enumerate(lines):
        if p.kind == "blank":
            continue
        if p.kind in ("label", "heading") and p.label:
            if pending and (p.label[:1].islower() or CONNECTOR_END.search(pending[-1].label)):
                pending.append(p)
                continue
            flush_pending()
            if (_is_section_heading(p.label) or (p.label_cell is not None and p.label_cell.bold)) and \
                    not CONNECTOR_END.search(p.label.rstrip(":")):
                push_heading(p.label, depth_of(p))
            else:
                pending.append(p)
            continue
        if p.kind not in ("data", "years"):
            continue
        depth = depth_of(p)
        label = p.label
        if pending:
            if not label or label[:1].islower() or CONNECTOR_END.search(pending[-1].label):
                depth = depth_of(pending[0])
                label = " ".join([q.label for q in pending] + ([label] if label else []))
                pending.clear()
            else:
                flush_pending()
        while stack and stack[-1][0] >= depth and stack[-1][0] > -2.0:
            stack.pop()
        cells: list[Cell | None] = [None] * len(bands)
        for item in p.items:
            k2 = _band_of(item.start, item.end, bands)
            if k2 is None or cells[k2] is not None:
                continue
            cells[k2] = _grid_cell(item, number, p.row.index)
        if all(c is None for c in cells):
            continue
        is_total = bool(TOTAL_LABEL.match(label)) or p.row.rule_above
        row = Row(label=_clean_label(label), line=p.row.line, depth=int(round(depth)), cells=cells,
                  sections=tuple(h for _, h in stack), is_total=is_total)
        if not row.label:
            _label_unlabelled_sum(row, rows, stack, lines[k + 1:])
        rows.append(row)
        if row.is_total and stack and _closes(row.label, stack[-1][1]):
            stack.pop()
    return rows


def _closes(total_label: str, section: str) -> bool:
    """"Total current assets" closes "Current assets"; "Current assets, net" too."""
    t = re.sub(r"^total\s+", "", total_label.lower()).strip()
    s = section.lower().rstrip(":").strip()
    return bool(t) and (t == s or t.startswith(s) or s.startswith(t))


def _label_unlabelled_sum(row: Row, rows: list[Row], stack: list[tuple[float, str]], after: list[_GridLine]) -> None:
    """A row of numbers without a label, printed under a run of rows it adds up (a subtotal):
    "Total <section>" under a heading; "<first>, net" for an amount less deductions."""
    values = [c.value if c is not None else None for c in row.cells]
    if not any(v is not None for v in values):
        return
    for n in range(2, min(len(rows), 12) + 1):
        run = rows[-n:]
        if any(r.is_total and r is not run[0] for r in run[1:]) and n > 2:
            pass
        ok = True
        for k, v in enumerate(values):
            if v is None:
                continue
            total = Decimal(0)
            for r in run:
                c = r.cells[k] if k < len(r.cells) else None
                if c is not None and c.value is not None:
                    total += abs(c.value) * (-1 if _is_deduction(r.label) or c.value < 0 else 1)
            if total != v:
                ok = False
                break
        if not ok:
            continue
        row.is_total = True
        if len(run) >= 2 and all(_is_deduction(r.label) for r in run[1:]) and not _is_deduction(run[0].label):
            base = re.sub(r",?\s*(?:gross|at cost)$", "", run[0].label, flags=re.I)
            row.label = f"{base}, net"
            # the amount the deductions come off is the gross one ("Property and equipment" above
            # "Less accumulated depreciation")
            if not re.search(r"\b(?:gross|at cost)$", run[0].label, re.I):
                run[0].label = f"{base}, gross"
        elif stack and stack[-1][1] and not stack[-1][1].lower().startswith(("assets", "liabilities")):
            row.label = f"Total {stack[-1][1].lower()}"
        else:
            nxt = next((q.label for q in after if q.label), "")
            if re.search(r"\boperat", nxt, re.I):
                row.label = "Total operating expenses"
            else:
                row.label = "Total"
        return


DEDUCTION_LABEL = re.compile(r"\s*(?:less\b|accumulated (?:depreciation|amortization))", re.I)


def _is_deduction(label: str) -> bool:
    return bool(DEDUCTION_LABEL.match(label))


def _grid_cell(item: _Item, table: int, row: int) -> Cell:
    c = item.cell
    locator = (table, row, c.index) if table else None
    parsed = parse_number(item.text)
    if parsed is None:
        return Cell(value=None, raw=item.text, line=c.line, column=c.start + 1, locator=locator)
    value, pct, decimals = parsed
    return Cell(value=value, raw=item.text, line=c.line, column=c.start + 1, percent=pct, decimals=decimals,
                locator=locator)


ZERO = Decimal(0)


def mark_contributions(table: Table) -> None:
    """Mark rows printed negative as terms of a running sum: the row above plus the rows down to
    some row below equals that row, in every column ("12,189 / (2,306) / (4) / 9,879")."""
    rows = []
    negative = []  # of each row in rows: a value printed negative
    for r in table.rows:
        values = [c.value for c in r.cells if c is not None and c.value is not None]
        if values:
            rows.append(r)
            negative.append(min(values) < 0)
    for i in range(1, len(rows)):
        if not negative[i]:
            continue
        for j in range(i + 1, min(i + 4, len(rows))):
            if _sums_to(rows[i - 1:j], rows[j]):
                for r in rows[i:j]:
                    r.contribution = True
                break


def _sums_to(terms: list[Row], total: Row) -> bool:
    checked = 0
    for k, cell in enumerate(total.cells):
        if cell is None or cell.value is None or cell.percent:
            continue
        acc = ZERO
        for r in terms:
            c = r.cells[k] if k < len(r.cells) else None
            if c is None:
                return False
            if c.value is not None:
                acc += c.value
        if acc != cell.value:
            return False
        checked += 1
    return checked > 0
