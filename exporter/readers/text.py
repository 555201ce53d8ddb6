"""Fixed-width text tables (wire releases, EDGAR text exhibits, text renderings of web pages).

Tables are found from the alignment of numeric tokens: a row is a label followed by numbers
separated by two or more spaces; columns are the bands where the numbers of consecutive rows
overlap; the heading lines above the first row are split into chunks and assigned to the columns
they sit over ("Three Months Ended" spans two columns, "2007" one).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import periods
from ..document import Line
from ..interpret.captions import role_of, scale_of
from ..interpret.columns import columns_and_statement, inherit_lengths
from ..interpret.grid import band_of, merged_spans
from ..interpret.labels import CONNECTOR_END, TOTAL_LABEL, TOTAL_OF, clean_label, in_capitals, is_section_heading, same_heading
from ..interpret.numbers import parse_number
from ..model import Cell, Row, Table


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
    return merged_spans(sorted([(t.start, t.end) for p in rows for t in p.tokens]))


def _assign(tokens: list[_Token], bands: list[tuple[int, int]]) -> list[_Token | None]:
    cells: list[_Token | None] = [None] * len(bands)
    for t in tokens:
        best = band_of(t.start, t.end, bands)
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
    headers = inherit_lengths(headers, shared)
    labels = [p.label for p in body if p.kind in ("data", "text")]
    role = role_of(caption)
    columns, statement = columns_and_statement(headers, year_of, caption, data, labels, role)
    rows = _rows(parsed[first_row:end + 1], bands)
    if not rows:
        return None
    return Table(caption=caption, statement=statement, scale=money_scale, columns=columns, rows=rows,
                 line=caption_line, share_scale=share_scale, role=role)



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
        indent = pending[0].indent - (1 if in_capitals(text) else 0)
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
            if is_section_heading(p.label):
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
        rows.append(Row(label=clean_label(label), line=p.line.number, depth=indent, cells=cells,
                        sections=sections, parent=parent, is_total=after_rule or bool(totals)))
        after_rule = False
        # "Total current liabilities" closes the "Current liabilities" section it totals.
        # (TOTAL_OF's "total" and the spaces after it are a TOTAL_LABEL match)
        closing = TOTAL_OF.match(label) if totals else None
        if closing and stack and same_heading(stack[-1][1], closing.group(1)):
            stack.pop()
    return rows



def _cell(token: _Token, line: Line) -> Cell:
    parsed = parse_number(token.text)
    if parsed is None:
        return Cell(None, token.text, line.number, token.start + 1)
    value, pct, decimals = parsed
    return Cell(value, token.text, line.number, token.start + 1, pct, decimals)  # (value, raw, line, column, percent, decimals)
