"""Fixed-width text tables (wire releases, EDGAR text exhibits, text renderings of web pages).

Tables are found from the alignment of numeric tokens: a row is a label followed by numbers
separated by two or more spaces (or one, when the numbers after it stand apart as columns); a run
of such rows with the heading lines and caption above it is one table.  The reader turns each into
a grid whose places are character columns (interpret/grid.py's aligned_table reads it): the
heading lines split into pieces with the extent each covers (a dashed rule under a group title
widens it to the rule's), the rows into a label cell and a cell per number.  Page numbers and page
breaks are no rows; a statement a page break splits keeps its first part's periods.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import periods
from ..document import Line
from ..interpret.captions import scale_of
from ..interpret.grid import GridCell, GridRow, aligned_table, stray_row_table
from ..model import Column, Table


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
# (box-drawing horizontals: what text renderings of web pages draw a page break or a border with)
RULE_RE = re.compile(r"^\s*[-=_–—+─━═\s]{3,}$")
RULE_CHARS = "-=_–—+─━═"  # RULE_RE's characters but the spaces
RULE_DASHES = re.compile(r"[-=_–—─━═]{3,}")
HAS_DIGIT = re.compile(r"\d")
PAGE_NUMBER = re.compile(r"^[-–—]?\s*\d{1,3}\s*[-–—]?$")  # "9", "- 9 -": bare, no "$", "," or "("
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
    kind: str  # "blank" | "rule" | "data" | "years" | "text" | "page" (a page number)
    label: str = ""
    indent: int = 0
    # (read only: the lines without tokens share one empty tuple, cheaper than a list each)
    tokens: list[_Token] | tuple[()] = ()
    prose: bool = False  # a line of a paragraph (see _mark_prose)


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
            if not _spaced_as_columns(text, tokens):
                # "for the quarter ended 2007" in prose: a number glued to words is not a cell.
                return text, []
            if NOTE_MARK.match(tokens[-1].text):
                # "change (2)        -        17": a footnote mark ends the label
                label = text[:tokens.pop().end]
    tokens.reverse()
    label = label.rstrip()
    if label.endswith((".", "$")):  # (leaders and a dangling "$" end in one of these)
        label = LABEL_TAIL.sub("", label).rstrip()
    return label, tokens


NOTE_MARK = re.compile(r"^\(\d\)$")  # "(2)": a footnote mark, when glued to a label


def _spaced_as_columns(text: str, tokens: list[_Token]) -> bool:
    """Tokens (right to left) set apart as columns are: two or more, each three spaces or more
    from the next.  Then the first is a cell even one space from its label ("Accrued expenses and
    other current liabilities 2,134          1,893": a label as long as the label column)."""
    if len(tokens) < 2:
        return False
    # (a token's span starts after its "$": the gap is measured from the previous token's end)
    gaps = [text[b.end:a.start] for a, b in zip(tokens, tokens[1:])]
    return all(g.strip() in ("", "$") and len(g.replace("$", "").replace(" ", "", 1)) >= 2 for g in gaps)


EDGAR_TABLE_TAGS = re.compile(r"</?(?:TABLE|CAPTION|S|C|FN|PAGE)>", re.I)


def _parse_line(line: Line) -> _Parsed:
    # EDGAR text exhibits mark tables with <TABLE>, <CAPTION>, <S> and <C> column tags: blanks,
    # so that the columns keep their positions.
    text = line.text
    if "<" in text:  # (most lines have no tag: spare them the search)
        if text.strip().upper() == "<PAGE>":
            return _Parsed(line, "page")  # an EDGAR page break
        text = EDGAR_TABLE_TAGS.sub(lambda m: " " * len(m.group(0)), text)
        if text is not line.text:
            line = Line(line.number, text)
    lstripped = text.lstrip()
    if not lstripped:
        return _Parsed(line, "page" if "\f" in text else "blank")
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
        if not label and PAGE_NUMBER.match(stripped):
            # a page number alone on its line (between two pages of a statement, or under the last
            # row of one) is no row of numbers: a one-column row would open a band of its own
            return _Parsed(line, "page", stripped, indent)
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
    return p.prose


def _looks_like_prose(p: _Parsed) -> bool:
    """A line of a paragraph: long, single-spaced, starting near the margin; not a caption."""
    if p.kind != "text":
        return False
    t = p.label  # (a text line's label is its stripped text)
    return len(t) > 55 and p.indent <= 4 and "  " not in t and t.count(" ") > 7 and not CAPTION_WORDS.search(t)


def _mark_prose(parsed: list[_Parsed]) -> None:
    """Mark the lines of paragraphs.  A long line is still a row label when the row goes on below
    it: its numbers on the next line, under a continuation indented or in lower case ("Series A
    common stock, $0.01 par value, 171.2 million shares" / "    outstanding ....  2   2"), or rows
    after a heading that ends in a colon ("Adjustments to reconcile net income to net cash
    provided by operating activities:"), blank spacer lines between them or not."""
    for i, p in enumerate(parsed):
        if not _looks_like_prose(p):
            continue
        # (the lines next to it, past one blank spacer line)
        nxt = _neighbour(parsed, i, 1)
        before = _neighbour(parsed, i, -1)
        if nxt is not None and nxt.kind == "data" and nxt.label and (
                nxt.indent > p.indent or nxt.label[:1].islower()):
            continue
        if nxt is not None and nxt.kind == "data" and (p.label.endswith(":") or (before is not None and before.kind == "data")):
            continue  # a heading over rows, or a line among rows of numbers: no paragraph sits there
        p.prose = True


def _neighbour(parsed: list[_Parsed], i: int, step: int) -> _Parsed | None:
    """The next line (step 1) or the one before (step -1) that is not blank, past one blank line."""
    k = i + step
    if 0 <= k < len(parsed) and parsed[k].kind == "blank":
        k += step
    return parsed[k] if 0 <= k < len(parsed) and parsed[k].kind != "blank" else None


def text_tables(lines: list[Line]) -> list[Table]:
    parsed = [_parse_line(line) for line in lines]
    _mark_prose(parsed)
    blocks = _blocks(parsed)
    tables = []
    read: list[tuple[int, int]] = []  # the blocks read, by index into parsed
    stray: list[Table] = []
    for start, end in blocks:
        if sum(1 for p in parsed[start:end + 1] if p.kind == "data") < 2:
            # One stray line of numbers is no table; its numbers are told as such (a table of
            # one row whose columns have no period: they end unplaced, with that reason).
            stray.append(stray_row_table(_grid_row(parsed[start])))
            continue
        found = _read_block(parsed, start, end)
        if found:
            table = found[0]
            if tables and _continues(tables[-1], table, parsed[read[-1][1] + 1:start]):
                _carry_over(tables[-1], table)
            tables.append(table)
            read.append((start, end))
            stray.extend(found[1:])  # (the numbers no column took)
    return sorted(tables + stray, key=lambda t: t.line)


def _continues(before: Table, table: Table, between: list[_Parsed]) -> bool:
    """A table is the rest of the one before when a page break parts them (a page number, an
    EDGAR <PAGE> tag, a form feed), nothing but a page's furniture lies between (no paragraph),
    and its numbers stand in the same columns; its own headings, when the page repeats them,
    say no other period."""
    if not any(p.kind == "page" for p in between) or any(p.prose for p in between):
        return False
    if len(before.columns) != len(table.columns) or before.statement == "other":
        return False
    if table.caption and not CONTINUED.search(table.caption) and any(c.period for c in table.columns):
        return False
    if any(c.period for c in table.columns) and [c.period for c in table.columns] != [c.period for c in before.columns]:
        return False
    where = _column_positions(before)
    here = _column_positions(table)
    return all(a is not None and b is not None and abs(a - b) <= 6 for a, b in zip(where, here))


CONTINUED = re.compile(r"\(?continued\)?", re.I)


def _column_positions(table: Table) -> list[float | None]:
    """The mean character column of each column's numbers."""
    out = []
    for k in range(len(table.columns)):
        at = [r.cells[k].column for r in table.rows if k < len(r.cells) and r.cells[k] is not None]
        out.append(sum(at) / len(at) if at else None)
    return out


def _carry_over(before: Table, table: Table) -> None:
    """The rest of a statement takes its first part's caption, kind, scale and periods."""
    table.columns = [Column(header=c.header, period=c.period, dims=c.dims) for c in before.columns]
    table.caption = before.caption
    table.statement = before.statement
    table.role = before.role
    table.scale = before.scale
    table.share_scale = before.share_scale


def _blocks(parsed: list[_Parsed]) -> list[tuple[int, int]]:
    """Index ranges [first data line, last data line] of runs of table rows."""
    blocks = []
    start = last = None
    gap = blanks = 0
    bridge = -1  # the blank lines before this index do not part the table (see below)
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
        if blanks >= 3 and i < bridge:
            continue
        if blanks == 3 and not _is_prose(p):
            # Three blank lines in a row part two tables, however close their numbers sit --
            # unless the row after them holds its numbers in the very columns of the row before
            # (a page rendered with blank spacer lines between its rows).
            nxt = next((k for k in range(i + 1, min(i + 12, len(parsed))) if parsed[k].kind != "blank"), None)
            if nxt is not None and _same_columns(parsed[last], parsed[nxt]):
                bridge = nxt
                continue
        # three blank lines in a row part two tables, however close their numbers sit; a line of
        # years after rows is the next table's heading
        if _is_prose(p) or gap > 6 or blanks >= 3 or (p.kind == "years" and not p.label):
            blocks.append((start, last))
            start = last = None
            gap = 0
    if start is not None:
        blocks.append((start, last))
    return blocks


def _same_columns(a: _Parsed, b: _Parsed) -> bool:
    """Two data lines holding as many numbers, each overlapping the other's in position."""
    if a.kind != "data" or b.kind != "data" or len(a.tokens) != len(b.tokens) or len(a.tokens) < 2:
        return False
    return all(x.start < y.end and y.start < x.end for x, y in zip(a.tokens, b.tokens))


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
        if chunks and DAY_ONLY.match(chunk) and MONTH_ENDING.search(chunks[-1][2]) and s - chunks[-1][1] <= 3:
            # "SEPTEMBER  30,": a date spaced out over its column is one heading
            a, _, before = chunks.pop()
            chunk = f"{before} {chunk}"
            s = a
            chunks.append((s, m.end(), chunk))
            continue
        chunks.append((s, s + len(chunk), chunk))
    return chunks


DAY_ONLY = re.compile(r"^\d{1,2},?$")
MONTH_ENDING = re.compile(rf"\b{periods.MONTH_NAME}\.?$", re.I)



def _read_block(parsed: list[_Parsed], start: int, end: int) -> list[Table]:
    """The block's lines as an aligned grid (heading lines, caption, rows), read by the shared stage."""
    body = parsed[start:end + 1]
    data = [p for p in body if p.kind == "data"]
    col_left = min(t.start for p in data for t in p.tokens)  # (where the value columns start)
    # Heading lines start right of the row labels; captions are centred over the whole table.
    heading_indent = col_left - 12

    # Heading zone: upward from the first row while lines sit over the columns (or are blank,
    # rules, or caption text between heading lines).
    head_top = start
    i = start - 1
    misses = 0
    # The rows' own indentation: section headings flush left at it ("ASSETS", "Current assets:")
    # right above the first row are rows, and no sign that the headings have ended.
    label_indent = min((p.indent for p in data if p.label), default=0)
    while i >= 0 and start - i <= 16:
        p = parsed[i]
        if p.kind in ("data", "page"):
            break
        if head_top == start and p.kind == "text" and p.indent <= label_indent + 2 and len(p.label) <= 60 \
                and not _is_prose(p):
            i -= 1
            continue
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

    # Caption: text lines above the heading up to a gap of two blank lines.
    caption_lines: list[str] = []
    i = head_top - 1
    blanks = 0
    while i >= 0 and head_top - i <= 14:
        p = parsed[i]
        if p.kind in ("data", "page") or _is_prose(p):
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
    if i >= 0 and _is_prose(parsed[i]) and not scale_of(" ".join(caption_lines))[0]:
        caption_lines[:0] = _page_title(parsed, i)

    # (heading pieces over the label column join the caption there: "(millions, ...)")
    heading = [GridRow([GridCell(text, s, e, line.number) for s, e, text in pieces], line.number, n + 1)
               for n, (line, pieces) in enumerate(_under_rules(parsed[head_top:head_end], col_left - 2))]
    return aligned_table(heading, _grid_rows(parsed[first_row:end + 1]), " ".join(caption_lines), caption_line)


def _under_rules(zone: list[_Parsed], label_edge: int) -> list[tuple[Line, list[tuple[int, int, str]]]]:
    """The heading lines with their pieces, each widened to the dashed rule under it: a rule drawn
    under a group title marks the columns it spans ("Quarter" over "-----------------" over "2024  2023")."""
    lines = [(p, _split_header_chunks(p.line.text)) for p in zone if p.kind in ("text", "years")]
    for r in (p for p in zone if p.kind == "rule"):
        segments = [m.span() for m in RULE_SEGMENT.finditer(r.line.text) if m.start() > label_edge]
        for p, pieces in lines:
            if p.line.number >= r.line.number:
                continue
            for n, (s, e, text) in enumerate(pieces):
                over = [(a, b) for a, b in segments if a < e and s < b]
                if len(over) == 1 and (over[0][1] - over[0][0]) > (e - s):
                    a, b = over[0]
                    pieces[n] = (min(s, a), max(e, b), text)
    return [(p.line, pieces) for p, pieces in lines]


RULE_SEGMENT = re.compile(r"[-=_–—─━═]{3,}")


def _page_title(parsed: list[_Parsed], i: int) -> list[str]:
    """The title block of the page above a paragraph that introduces a table (line i is in the
    paragraph): its lines from the page break down to the paragraph ("SUPPLEMENTAL FINANCIAL
    INFORMATION" / "(MILLIONS, UNAUDITED)"), which then caption the table too.  None when no
    page break (or the start of the text) closes the block above."""
    while i >= 0 and parsed[i].kind == "text":
        i -= 1  # the paragraph
    blanks = 0
    while i >= 0 and parsed[i].kind == "blank" and blanks < 3:
        i -= 1
        blanks += 1
    title = []
    while i >= 0 and parsed[i].kind == "text" and not parsed[i].prose and len(title) < 6:
        title.insert(0, parsed[i].label)
        i -= 1
    if title and (i < 0 or parsed[i].kind == "page"):
        return title
    return []


def _grid_rows(lines: list[_Parsed]) -> list[GridRow]:
    """The block's lines as grid rows: a blank line a row without cells; a line of text its label
    cell alone; a line of numbers its label cell (empty where it has none: the cell still says
    where the line starts) and a cell per number.  Page numbers and breaks are no rows; a rule is
    no row, but a total under it: a rule stands over a row's numbers up to the next blank line,
    line of years or page furniture."""
    rows = []
    after_rule = False
    for p in lines:
        if p.kind == "rule":
            after_rule = True
            continue
        if p.kind in ("blank", "years", "page"):
            after_rule = False
            if p.kind == "page":
                continue
        row = _grid_row(p)
        if p.kind == "data":
            row.rule_above, after_rule = after_rule, False
        rows.append(row)
    return rows


def _grid_row(p: _Parsed) -> GridRow:
    number = p.line.number
    if p.kind == "blank":
        return GridRow([], number, number)
    cells = [GridCell(p.label, p.indent, p.indent + len(p.label), number, 1, indent=p.indent, label=True)]
    cells += [GridCell(t.text, t.start, t.end, number, k + 2) for k, t in enumerate(p.tokens)]
    return GridRow(cells, number, number)
