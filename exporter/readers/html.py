"""Read HTML releases: EDGAR exhibits (8-K EX-99.1) and whole newsroom web pages.

``read`` parses the page safely (lxml's HTML parser: no network, no DTD, no entity expansion
beyond HTML's own character references), drops what is not the release (scripts, styles,
navigation, forms) and renders the page's text as :class:`~exporter.sources.Line` objects that
carry the file's own line numbers, for the narrative reader and document facts.

``tables`` turns every leaf ``<table>`` into the :class:`~exporter.tables.Table` model through the
grid reader in ``exporter.tables``: ``colspan``/``rowspan`` expanded into grid columns; ``$``,
``(``, ``)`` and ``%`` printed in cells of their own joined to their number; spacer cells ignored;
indentation from ``padding-left``/``margin-left``/``text-indent`` or leading non-breaking spaces;
bold labels; the caption from the title rows inside the table and the short paragraphs just
before it ("CONDENSED CONSOLIDATED BALANCE SHEETS", "(in thousands)").  Cells keep their source
line and their (table, row, cell) position, 1-based, for provenance.
"""
from __future__ import annotations

import re

from lxml import etree

from ..document import Document, DocumentInfo, Line
from ..interpret.grid import GridCell, GridRow, grid_tables
from ..interpret.numbers import parse_number
from ..model import ConvertError, Table

# Elements that are never part of the release text.
DROP_TAGS = {"script", "style", "noscript", "template", "nav", "svg", "form", "button", "select", "iframe",
             "object", "embed", "canvas", "map", "head", "title", "meta", "link"}
# Class or id words that mark site chrome around a newsroom release.
CHROME = re.compile(r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|skip-?link|cookie\w*|site-?header|"
                    r"site-?footer|masthead|social|share-?bar|sidebar)(?:$|[\s_-])", re.I)
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table", "tr", "section", "article",
              "header", "footer", "blockquote", "pre", "dt", "dd", "dl", "center", "hr", "main", "aside", "figure",
              "figcaption", "address", "caption", "thead", "tbody", "tfoot", "body", "html"}
CELL_TAGS = {"td", "th"}
BLOCK_SPACE = re.compile(r"[ \t\r\n\u00a0\u2009\u200b]+")  # runs of a block's spacing, as one space
HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# An element's text with its descendants' (what lxml.html's text_content does, for any element).
_text_content = etree.XPath("string()", smart_strings=False)


def parse(text: str, name: str = "") -> etree._Element:
    """The page's root element; lxml's HTML parser never fetches anything."""
    # lxml refuses str input that declares an encoding; the text is already decoded.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    # (lxml's plain HTML parser, not lxml.html's: that one gives every element a Python-side class
    # lookup, paid for each element of an exhibit each time it is visited; nothing here needs the
    # lxml.html element methods but text_content, which is _text_content below)
    if "&#" in text:  # character references to what XML cannot hold (&#xFFFE;) would stay in labels
        text = _BAD_CHAR_REF.sub(_drop_bad_char_ref, text)
    try:
        root, too_deep = _parse_html(text)
        if too_deep:
            # nested deeper than the parser goes (2048 levels even with huge_tree): it drops the
            # rest of the page, tables too.  Page layout elements carry no table structure:
            # without them (block ones as line breaks) the tables are read at any depth.
            root, too_deep = _parse_html(_LAYOUT_TAG.sub(_flatten_tag, text))
            if too_deep:
                raise ConvertError(f"{name}: HTML nested too deeply (over 2048 levels of tables)")
        if root is None:
            raise etree.ParserError("Document is empty")  # (as lxml.html.document_fromstring says it)
    except (etree.ParserError, ValueError) as e:
        raise ConvertError(f"{name}: cannot parse HTML ({e})") from None
    _strip_chrome(root)
    return root


def _parse_html(text: str) -> tuple[etree._Element | None, bool]:
    """The page's root, and whether the parser stopped at its depth limit."""
    parser = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, recover=True,
                              default_doctype=False, huge_tree=True)
    root = etree.fromstring(text, parser)
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" and "depth" in e.message for e in parser.error_log)
    return root, too_deep


_LAYOUT_TAG = re.compile(r"</?(div|span|font|center|blockquote|section|article|main|header|footer|nav|aside|"
                         r"b|i|u|em|strong|small|big|a|p|ul|ol|li|dl|dt|dd|form|label)\b[^>]*>", re.I)
_BLOCK_LAYOUT = {"div", "center", "blockquote", "section", "article", "main", "header", "footer", "nav",
                 "aside", "p", "ul", "ol", "li", "dl", "dt", "dd", "form"}


def _flatten_tag(m: re.Match) -> str:
    return "<br>" if m.group(1).lower() in _BLOCK_LAYOUT else ""


# a character reference to a code point XML cannot hold: C0 controls but tab/LF/CR, U+FFFE/FFFF,
# surrogates (the candidates; _drop_bad_char_ref decides)
_BAD_CHAR_REF = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,2}|[fF]{3}[eEfF]|[dD][89a-fA-F][0-9a-fA-F]{2})|"
                           r"0*(\d{1,2}|6553[45]|5[5-7]\d{3}));")


def _drop_bad_char_ref(m: re.Match) -> str:
    code = int(m.group(1), 16) if m.group(1) is not None else int(m.group(2))
    if code < 32 and code not in (9, 10, 13) or code in (0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
        return " "
    return m.group(0)


def _strip_chrome(root: etree._Element) -> None:
    doomed = []
    hiding: dict[str, bool] = {}
    for el in root.iter():
        tag = el.tag
        if not isinstance(tag, str):
            doomed.append(el)
            continue
        tag = tag.lower()
        if tag in DROP_TAGS:
            doomed.append(el)
            continue
        # (the attributes' names, got at once: an element is asked only for those it has, which
        # el.get would have found; most of an exhibit's elements have a style and no other)
        names = el.keys()
        if not names:
            continue
        hides = False
        if "style" in names:
            style = el.get("style")
            # (whether a style hides depends on its text alone: a page repeats a few dozen styles)
            hides = hiding.get(style)
            if hides is None:
                hides = hiding[style] = bool(style and _may_hide(style) and HIDDEN.search(style))
        if ("role" in names and el.get("role") in ("navigation", "banner", "contentinfo", "search")) or \
                hides or "hidden" in names:
            doomed.append(el)
            continue
        if "class" not in names and "id" not in names:
            continue
        marks = " ".join(filter(None, (el.get("class"), el.get("id"))))
        if marks and CHROME.search(marks) and tag not in ("html", "body", "table", "tr", "td", "th") and \
                not _holds_statement(el):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        # keep the tail text, which belongs to the parent
        tail = el.tail
        prev = el.getprevious()
        parent.remove(el)
        if tail and tail.strip():
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


def _may_hide(style: str) -> bool:
    """Whether a style may say display: none or visibility: hidden (HIDDEN needs both words of
    one of them: most styles of an exhibit's thousands of elements spare the search, even those
    with "text-decoration: none")."""
    low = style.lower()
    if not low.isascii():
        return True  # (re.I folds some non-ASCII letters to ASCII ones: "ſ", "ı", "K")
    # (an ASCII style matches the case-blind pattern where its lowered text has the words)
    return ("none" in low and "display" in low) or ("hidden" in low and "visibility" in low)


def _holds_statement(el: etree._Element) -> bool:
    """Whether site chrome wraps a real table (a few rows of quotes in a menu bar do not count)."""
    return any(sum(1 for _ in t.iter("tr")) >= 4 for t in el.iter("table"))


def read(name: str, text: str, first_line: int = 1) -> Document:
    root = parse(text, name)
    lines = render_lines(root, first_line)
    doc = Document(path=name, kind="html", lines=lines, info=DocumentInfo(), html=root, raw=text,
                   first_line=first_line)
    return doc


# ---------------------------------------------------------------- page text as lines

def render_lines(root: etree._Element, first_line: int = 1) -> list[Line]:
    """The page's text, one Line per block (paragraph, heading, table row), with file line numbers."""
    out: list[tuple[int, str]] = []
    buf: list[str] = []
    where: list[int] = []

    def flush() -> None:
        # (``where`` is empty until a text with more than white space is added: a buffer of white
        # space alone, as most between an exhibit's blocks are, makes no line and is not joined)
        if where:
            text = BLOCK_SPACE.sub(" ", "".join(buf)).strip()
            if text:
                out.append((where[0], text))
            where.clear()
        buf.clear()

    def add(text: str, line: int | None) -> None:
        if not where and text.strip():
            where.append(line or 1)
        buf.append(text)

    # (an empty buffer is not flushed: it holds no text, so it adds no line; and empty texts are
    # not added, nor their lines asked for: adding one changes nothing)
    def walk(el: etree._Element, depth: int = 0) -> None:
        tag = el.tag
        tag = tag.lower() if isinstance(tag, str) else ""
        if depth > 400:  # pathological nesting: keep the text flat
            text = _text_content(el)
            if text:
                add(text, el.sourceline)
            return
        block = tag in BLOCK_TAGS
        if buf:
            if block or tag == "br":
                flush()
            elif tag in CELL_TAGS:
                buf.append("  ")
        text = el.text
        if text:
            add(text, el.sourceline)
        for child in el:
            walk(child, depth + 1)
            tail = child.tail
            if tail:
                add(tail, child.sourceline)
        if block and buf:
            flush()

    walk(root)
    flush()
    return [Line(first_line + line - 1, text) for line, text in out]


# ---------------------------------------------------------------- tables

POINTS = {"pt": 1.0, "px": 0.75, "em": 10.0, "rem": 10.0, "in": 72.0, "cm": 28.35, "mm": 2.835, "pc": 12.0, "ex": 5.0}
INDENT_RE = re.compile(r"(padding-left|margin-left|text-indent|padding)\s*:\s*(-?[\d.]+)\s*(pt|px|em|rem|in|cm|mm|pc|ex|%)?",
                       re.I)
PAGE_BREAK = re.compile(r"page-break-(?:before|after)\s*:\s*always|break-(?:before|after)\s*:\s*page", re.I)
BOLD_RE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)", re.I)


def tables(doc: Document) -> list[Table]:
    root = doc.html
    if root is None:
        return []
    offset = doc.first_line - 1
    found: list[Table] = []
    style_indents: dict[str, tuple[float, ...]] = {}  # (see _indent_of)
    bold_styles: dict[str, bool] = {}  # (see _is_bold)
    for number, table in enumerate(root.iter("table"), 1):
        if any(True for _ in table.iter("table") if _ is not table):
            continue  # a layout table around others: its leaves are read instead
        rows = grid_rows(table, offset, style_indents, bold_styles)
        if not rows:
            continue
        caption = caption_before(table)
        line = (table.sourceline or 1) + offset
        found.extend(grid_tables(rows, caption=caption, line=line, number=number))
    return found


def grid_rows(table: etree._Element, offset: int = 0,
              style_indents: dict[str, tuple[float, ...]] | None = None,
              bold_styles: dict[str, bool] | None = None) -> list[GridRow]:
    """The table's rows as positioned cells, colspan and rowspan expanded."""
    rows: list[GridRow] = []
    if style_indents is None:
        style_indents = {}
    if bold_styles is None:
        bold_styles = {}
    occupied: dict[tuple[int, int], bool] = {}  # (row, column) taken by a rowspan from above
    trs = [tr for tr in table.iter("tr") if _nearest_table(tr) is table]
    for r, tr in enumerate(trs):
        col = 0
        cells: list[GridCell] = []
        index = 0
        for td in tr:
            tag = td.tag
            if not isinstance(tag, str) or tag.lower() not in CELL_TAGS:
                continue
            index += 1
            if occupied:
                while occupied.get((r, col)):
                    col += 1
            # (most cells span one row and one column: no attribute, no call)
            span = 1 if td.get("colspan") is None else _int_attr(td, "colspan")
            if td.get("rowspan") is not None:
                for dr in range(1, _int_attr(td, "rowspan")):
                    for dc in range(span):
                        occupied[(r + dr, col + dc)] = True
            raw = cell_text(td)
            text = BLOCK_SPACE.sub(" ", raw).strip()
            lead = len(raw) - len(raw.lstrip(" \u00a0\t\n"))
            indent = _indent_of(td, style_indents) + 2.5 * min(lead, 40)
            # (GridCell's fields in their order: text, start, end, line, index, bold, indent)
            cells.append(GridCell(text, col, col + span, (td.sourceline or tr.sourceline or 1) + offset,
                                  index, _is_bold(td, text, bold_styles), indent))
            col += span
        row_bold = bool(cells) and all(c.bold for c in cells if c.text)
        rows.append(GridRow(cells=cells, line=(tr.sourceline or 1) + offset, index=r + 1, bold=row_bold))
    return rows


def _nearest_table(el: etree._Element) -> etree._Element | None:
    p = el.getparent()
    while p is not None and not (isinstance(p.tag, str) and p.tag.lower() == "table"):
        p = p.getparent()
    return p


def _int_attr(el: etree._Element, name: str) -> int:
    value = el.get(name)
    if value is None:
        return 1  # (most cells span one row and one column)
    try:
        return max(1, min(int(value if value.isdecimal() else re.sub(r"\D", "", value) or 1), 200))
    except ValueError:
        return 1


FOOTNOTE_MARK = re.compile(r"\(?(?:\d{1,2}|[a-zA-Z]|\*{1,3}|[†‡§])\)?(?:,\s*\(?(?:\d{1,2}|[a-z])\)?)*")


def cell_text(td: etree._Element) -> str:
    """A cell's text with line breaks and inner blocks as spaces ("December 25,<br>2010")."""
    if not len(td):
        return td.text or ""  # (a cell without elements inside, as many are: its own text is all)
    parts: list[str] = []
    _cell_content(td, parts)
    return "".join(parts)


def _cell_content(el: etree._Element, parts: list[str]) -> None:
    """cell_text's pieces of an element's content: its text, then each child's and its tail."""
    text = el.text
    if text:
        parts.append(text)
    for child in el:
        tag = child.tag
        tag = tag.lower() if isinstance(tag, str) else ""
        if tag == "sup" and FOOTNOTE_MARK.fullmatch((_text_content(child) or "").strip()):
            pass  # "Net income<sup>(1)</sup>": a footnote mark, not part of the label or number
        elif tag in BLOCK_TAGS:
            parts.append(" ")
            _cell_content(child, parts)
            parts.append(" ")
        else:
            if tag == "br":
                parts.append(" ")
            _cell_content(child, parts)
        tail = child.tail
        if tail:
            parts.append(tail)


def _indent_of(td: etree._Element, style_indents: dict[str, tuple[float, ...]] | None = None) -> float:
    """Points of indentation of the cell's text: the cell's and its first text block's styles.

    ``style_indents`` remembers, for one release, each style's indentation terms: an exhibit's
    thousands of cells repeat a few dozen styles, and a style's terms depend on its text alone.
    The terms are added one by one in their order, as the search of each style would, so the
    float total is the same to the last bit."""
    total = 0.0
    chain = [td]
    el = td
    # follow the first child element chain down to the text ("<td><p style=...><font>...")
    while len(el) and isinstance(el[0].tag, str) and not (el.text or "").strip():
        el = el[0]
        chain.append(el)
    for e in chain:
        style = e.get("style")
        if not style:
            continue
        if style_indents is None:
            terms = _style_indent_terms(style)
        else:
            terms = style_indents.get(style)
            if terms is None:
                terms = style_indents[style] = _style_indent_terms(style)
        for value in terms:
            total += value
    return max(total, 0.0)


def _style_indent_terms(style: str) -> tuple[float, ...]:
    """The points each indentation property of a style adds, in the style's order."""
    low = style.lower()
    if low.isascii() and "padding-left" not in low and "margin-left" not in low and "text-indent" not in low \
            and low.count("padding") == low.count("padding-"):
        return ()  # (INDENT_RE needs one of its properties, a bare "padding" being one not followed by "-": many styles have none)
    terms = []
    for prop, number, unit in INDENT_RE.findall(style):
        try:
            value = float(number)
        except ValueError:
            continue
        if prop.lower() == "padding":
            # shorthand "padding: top right bottom left": only a single value means all sides
            rest = low.split("padding", 1)[1].split(";", 1)[0]
            values = re.findall(r"-?[\d.]+", rest)
            if len(values) == 4:
                value = float(values[3])
            elif len(values) in (2, 3):
                value = float(values[1])
        if (unit or "").lower() == "%":
            value = value * 3.0  # a percentage of a ~300pt label column
        else:
            value = value * POINTS.get((unit or "px").lower(), 0.75)
        terms.append(value)
    return tuple(terms)


def _is_bold(td: etree._Element, text: str, bold_styles: dict[str, bool] | None = None) -> bool:
    """Whether the cell's label is bold: a <b>/<strong> or a bold font-weight holding text.

    ``bold_styles`` remembers, for one release, whether each style says bold (BOLD_RE's answer
    depends on the style's text alone; an exhibit's cells repeat a few dozen styles)."""
    if not text or parse_number(text) is not None:
        return False
    for e in td.iter():
        tag = e.tag
        if not isinstance(tag, str):
            continue
        if tag.lower() in ("b", "strong") and (_text_content(e) or "").strip():
            return True
        style = e.get("style")
        if not style:
            continue  # (BOLD_RE matches no empty style)
        if bold_styles is None:
            bold = BOLD_RE.search(style) is not None
        else:
            bold = bold_styles.get(style)
            if bold is None:
                bold = bold_styles[style] = BOLD_RE.search(style) is not None
        if bold and (_text_content(e) or "").strip():
            return True
    return False


def caption_before(table: etree._Element, limit: int = 6) -> str:
    """The short text blocks just before a table: company, statement title, scale, "(unaudited)"."""
    pieces: list[str] = []
    el = table
    steps = 0
    while el is not None and len(pieces) < limit and steps < 60:
        prev = el.getprevious()
        if prev is None:
            el = el.getparent()
            if el is None or (isinstance(el.tag, str) and el.tag.lower() in ("body", "html")):
                break
            continue
        el = prev
        steps += 1
        if not isinstance(el.tag, str):
            continue
        if el.tag.lower() == "hr" or PAGE_BREAK.search(el.get("style") or ""):
            break  # a page break: what is above belongs to the previous page
        if el.tag.lower() == "table" or any(True for _ in el.iter("table")):
            # (figures hold no white space: they are the same in the text with its spaces as they stand)
            if _has_figures(_text_content(el)):
                break  # the previous financial table: its caption is not ours
        text = re.sub(r"[\s\u00a0]+", " ", cell_text(el)).strip()
        if not text:
            continue
        if len(text) > 300 or (len(text) > 100 and text.endswith((".", ".)"))):
            break  # a paragraph of prose ends the caption
        pieces.insert(0, text)
    return " ".join(pieces)


FIGURE = re.compile(r"\d{1,3}(?:,\d{3})+")  # "1,234", "12,345,678"


def _has_figures(text: str) -> bool:
    """Whether the text holds three figures or more (the search stops at the third)."""
    for found, _ in enumerate(FIGURE.finditer(text), 1):
        if found >= 3:
            return True
    return False
