"""Read a release file into a :class:`Document`: decoded text, its format, and document-level facts.

Formats are detected by content, never by file name:

* an EDGAR submission (``<SEC-DOCUMENT>`` / ``<DOCUMENT>`` with ``<TYPE>EX-99...``): the EX-99
  press release inside is taken, and the SEC header gives the filer's name, CIK and period;
* HTML (tags such as ``<html>``, ``<body>``, ``<table>``, ``<p>``);
* Markdown (pipe tables, ``#`` headings);
* anything else is plain text with fixed-width tables.

Line numbers are kept as they are in the file, so provenance points at the file a user holds.
"""
from __future__ import annotations

import os
import re
import stat
from datetime import date
from pathlib import Path

from .dates import QUARTER_WORDS, parse_date
from .document import Document, DocumentInfo, Line
from .files import FileRefused, read_bounded
from .model import ConvertError

# Releases are a few hundred KiB; EDGAR submissions with embedded graphics reach tens of MiB.
# The converter's memory is about 25 times the text it reads (benchmarks/bench_memory.py): this
# bound keeps any input under 2 GB.
MAX_BYTES = 64 * 1024 * 1024


def read_bytes(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes: a regular file or a pipe, read to at most ``limit`` + 1 bytes whatever
    size it claims (a device reports 0 and never ends); devices and sockets are refused unread."""
    p = Path(path)
    try:
        mode = p.stat().st_mode
    except FileNotFoundError:
        raise FileRefused(f"{p}: no such file") from None
    except OSError as e:
        raise FileRefused(f"{p}: cannot read ({e.strerror or e})") from None
    if stat.S_ISDIR(mode):
        raise FileRefused(f"{p}: is a directory, not a release file")
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
        raise FileRefused(f"{p}: is a device or socket, not a release file")
    too_big = f"{p}: releases over {limit // (1024 * 1024)} MiB are refused"
    try:
        with open(p, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size if stat.S_ISREG(mode) else 0
            if size > limit:
                raise FileRefused(too_big)
            data = read_bounded(handle, limit, size)
    except OSError as e:
        raise FileRefused(f"{p}: cannot read ({e.strerror or e})") from None
    if len(data) > limit:
        raise FileRefused(too_big)
    if not data.strip():
        raise ConvertError(f"{p}: file is empty")
    return data


def decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Decode as UTF-32/UTF-16 (by BOM, or by the zero bytes of mostly-ASCII text), else UTF-8,
    else cp1252, else latin-1; refuse binary data.  Control characters no text holds (a NUL, a
    flipped byte) become spaces, with a warning: XML cannot carry them."""
    wide = _wide_encoding(data)
    if wide:
        encoding, bom = wide
        try:
            text = data[bom:].decode(encoding)
        except UnicodeDecodeError:
            raise ConvertError(f"{name}: binary file, not a text, HTML or EDGAR release") from None
        text, warnings = _clean_controls(text, name)
        return text, encoding, [f"{name}: {encoding.upper()} text; decoded"] + warnings
    sample = data[:65536]
    if _control_ratio(sample) > 0.05:
        raise ConvertError(f"{name}: binary file, not a text, HTML or EDGAR release")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text, encoding, warnings = data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        try:
            text, encoding, warnings = data.decode("cp1252"), "cp1252", [f"{name}: not UTF-8; decoded as cp1252"]
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
            warnings = [f"{name}: not UTF-8 or cp1252; decoded as latin-1"]
    text, cleaned = _clean_controls(text, name)
    return text, encoding, warnings + cleaned


_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _wide_encoding(data: bytes) -> tuple[str, int] | None:
    """(encoding, BOM length) of UTF-32/UTF-16 data, or None.  Without a BOM, text that is
    mostly ASCII shows it by its zero bytes: every 2nd (UTF-16) or 3 of every 4 (UTF-32)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    sample = data[:4096]
    n = len(sample) // 4 * 4
    if n < 8 or sample.count(0) < n // 4:
        return None
    sample = sample[:n]

    def zero_share(start: int, step: int) -> float:
        part = sample[start::step]
        return part.count(0) / len(part)

    if all(zero_share(i, 4) > 0.9 for i in (1, 2, 3)) and zero_share(0, 4) < 0.5:
        return "utf-32-le", 0
    if all(zero_share(i, 4) > 0.9 for i in (0, 1, 2)) and zero_share(3, 4) < 0.5:
        return "utf-32-be", 0
    if zero_share(1, 2) > 0.7 and zero_share(0, 2) < 0.3:
        return "utf-16-le", 0
    if zero_share(0, 2) > 0.7 and zero_share(1, 2) < 0.3:
        return "utf-16-be", 0
    return None


# control characters (and non-characters, lone surrogates) that XML cannot hold; tab, LF and CR stay
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _clean_controls(text: str, name: str) -> tuple[str, list[str]]:
    found = _NOT_XML.search(text)
    if found is None:
        return text, []
    line = text.count("\n", 0, found.start()) + 1
    count = len(_NOT_XML.findall(text))
    return _NOT_XML.sub(" ", text), [f"{name}: {count} control character(s) XML cannot hold replaced by "
                                     f"spaces (the first on line {line})"]


# every byte but the control characters a text does not hold (tab, LF, FF and CR are fine):
# deleting these leaves the bad ones, counted without a Python loop over the bytes
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13)))


def _control_ratio(sample: bytes) -> float:
    if not sample:
        return 0.0
    bad = len(sample.translate(None, _NOT_CONTROL))
    return bad / len(sample)


def load(path: str | Path) -> Document:
    """Read and decode a release; raise ConvertError with a one-line reason on bad input."""
    name = str(path)
    text, encoding, warnings = decode(read_bytes(path), name)
    if "\r" in text:  # (most files have Unix line ends: spare them the two scans)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    info = DocumentInfo()
    first_line = 1
    if _is_edgar(text):
        text, first_line, info = _edgar_exhibit(text, name)
    kind = detect_kind(text)
    if kind == "html":
        from .readers import html as html_reader

        doc = html_reader.read(name, text, first_line)
    else:
        texts = text.split("\n")
        # (expandtabs leaves a line without tabs as it is: most releases have none)
        texts = [t.expandtabs(8).rstrip() for t in texts] if "\t" in text else [t.rstrip() for t in texts]
        lines = list(map(Line, range(first_line, first_line + len(texts)), texts))
        doc = Document(path=name, kind=kind, lines=lines, info=info, raw=text, first_line=first_line)
    doc.encoding = encoding
    doc.warnings[:0] = warnings
    _merge_info(doc.info, describe(doc.lines))
    if info.company or info.cik:
        # The SEC header is authoritative for who filed; the text fills what it lacks.
        for key in ("company", "cik", "period_end"):
            if getattr(info, key):
                setattr(doc.info, key, getattr(info, key))
    return doc


def _merge_info(target: DocumentInfo, found: DocumentInfo) -> None:
    for key, value in vars(found).items():
        if getattr(target, key) is None and value is not None:
            setattr(target, key, value)


# Tags only HTML has.  "<TABLE>" and "<CAPTION>" alone do not make a page: old EDGAR text exhibits
# mark their fixed-width tables with <TABLE>, <CAPTION>, <S>, <C>, <FN> and <PAGE> (SGML), and the
# rows between those tags are aligned text.
HTML_TAG = re.compile(r"<(?:html|body|tr|td|th|p|div|span|br|font)\b", re.I)
HTML_START = re.compile(r"<html\b|<body\b|<!doctype html", re.I)
PIPE_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$", re.M)
PIPE_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*\|", re.M)
HASH_HEADING = re.compile(r"^#{1,6} \S", re.M)
BOLD_RUN = re.compile(r"\*\*[^*\n]+\*\*")


def detect_kind(text: str) -> str:
    head = text[:200000]
    # (each pattern needs a character or two found faster with ``in`` than by a search: "<" for
    # the tags, "|" and "#" for the line-anchored patterns tried at every position, "**" for bold)
    if "<" in head and (HTML_START.search(head) or len(HTML_TAG.findall(head)) >= 5):
        return "html"
    if "|" in head and PIPE_TABLE_ROW.search(head) and PIPE_TABLE_RULE.search(head):
        return "markdown"
    if ("#" in head and HASH_HEADING.search(head)) or ("**" in head and BOLD_RUN.search(head)):
        return "markdown"
    return "text"


# ---------------------------------------------------------------- EDGAR submissions

def _is_edgar(text: str) -> bool:
    head = text[:5000]
    return bool(re.search(r"<SEC-DOCUMENT>|<SEC-HEADER>|<IMS-DOCUMENT>", head)) or (
        "<DOCUMENT>" in head and "<TYPE>" in head
    )


def _edgar_exhibit(text: str, name: str) -> tuple[str, int, DocumentInfo]:
    """The EX-99 document's text (or the only/main document), its first line, and header facts."""
    info = DocumentInfo()
    header_end = text.find("<DOCUMENT>")
    header = text[: header_end if header_end >= 0 else 20000]
    m = re.search(r"COMPANY CONFORMED NAME:\s*(.+)", header)
    if m:
        info.company = m.group(1).strip()
    m = re.search(r"CENTRAL INDEX KEY:\s*(\d+)", header)
    if m:
        info.cik = m.group(1).strip().zfill(10)
    m = re.search(r"CONFORMED PERIOD OF REPORT:\s*(\d{8})", header)
    if m:
        d = m.group(1)
        try:
            info.period_end = date(int(d[:4]), int(d[4:6]), int(d[6:]))
        except ValueError:
            pass
    docs = []
    for dm in re.finditer(r"<DOCUMENT>(.*?)(?:</DOCUMENT>|\Z)", text, re.S):
        body = dm.group(1)
        tm = re.search(r"<TYPE>\s*([^\s<]+)", body)
        xm = re.search(r"<TEXT>\n?", body)
        if not xm:
            continue
        start = dm.start(1) + xm.end()
        end_rel = body.find("</TEXT>", xm.end())
        end = dm.start(1) + (end_rel if end_rel >= 0 else len(body))
        docs.append(((tm.group(1).upper() if tm else ""), start, end))
    if not docs:
        raise ConvertError(f"{name}: EDGAR submission holds no <DOCUMENT> with <TEXT>")
    chosen = next((d for d in docs if d[0] in ("EX-99.1", "EX-99")), None)
    chosen = chosen or next((d for d in docs if d[0].startswith("EX-99")), None)
    if chosen is None:
        chosen = docs[0] if len(docs) == 1 else None
    if chosen is None:
        types = ", ".join(d[0] or "?" for d in docs)
        raise ConvertError(f"{name}: EDGAR submission has no EX-99 press release (documents: {types})")
    _, start, end = chosen
    first_line = text.count("\n", 0, start) + 1
    body = text[start:end]
    # Older submissions wrap text exhibits in <PRE>; the pre-formatted text is the release.
    body = re.sub(r"</?PRE>", "", body, flags=re.I) if not re.search(r"<(?:table|p|div)\b", body, re.I) else body
    return body, first_line, info


# ---------------------------------------------------------------- document-level facts

EXCHANGES = r"(NYSE American|NYSE Arca|NYSE MKT|NYSE|Nasdaq(?:GS|GM|CM)?|NASDAQ(?: Global Select Market| Global Market| Capital Market)?|AMEX|OTCQX|OTCQB|OTC|TSX|LSE)"
TICKER_RE = re.compile(rf"\(\s*(?:{EXCHANGES})\s*(?:[:/-]|\s)\s*\"?([A-Z][A-Z0-9.\-]{{0,6}})\"?\s*[;,)]", re.I)
COMPANY_SUFFIX = (
    r"(?:Inc\.?|Incorporated|Corp\.?|Corporation|Company|Co\.|Ltd\.?|Limited|LLC|L\.P\.|plc|PLC|N\.V\.|S\.A\.|AG|SE|"
    r"Group|Holdings?|Bancorp|Technologies)"
)
# A company's name right before the ticker: "BioSphere Medical, Inc. (NASDAQ: BSMD)".
COMPANY_RE = re.compile(rf"([A-Z][\w&.,'’ -]*?\b{COMPANY_SUFFIX})\s*$")
# Through the last character that can be neither in such a name nor in the spaces after it: the
# name is sought after it only (none can start before it), which spares the lazy search the
# positions of the text before, each tried against the end.
BEFORE_COMPANY = re.compile(r"(?s).*[^\w&.,'’ \s-]")
ORDINALS = {word: f"Q{n}" for word, n in QUARTER_WORDS.items()}


TITLE_RE = re.compile(
    r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[- ](?:fiscal[- ])?quarter(?:\s+(?:of\s+)?(?:fiscal\s+(?:year\s+)?)?((?:19|20)\d\d))?"
    r"|\b(?:fiscal\s+)?((?:19|20)\d\d)\s+(?:fiscal\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter"
    r"|\bQ([1-4])\s+(?:fiscal\s+)?(?:FY)?((?:19|20)\d\d)"
    r"|\b(?:full[- ]year|fiscal[- ]year|year[- ]end)\s+(?:fiscal\s+)?((?:19|20)\d\d)"
    r"|\b(?:fiscal\s+)?((?:19|20)\d\d)\s+(?:full[- ]year|fiscal[- ]year|year[- ]end)"
    # "Q1 FY26", "Q4 FY'24"; "FY25 Q3", "FY2025 Q3"
    r"|\bQ([1-4])\s*(?:fiscal\s+)?FY\s*'?(\d\d)\b"
    r"|\bFY\s*'?((?:19|20)?\d\d)\s+Q([1-4])\b",
    re.I,
)
# The fiscal year written after a quarter that the title names without it: "Fourth Quarter and
# Fiscal 2024", "Fourth Quarter and Full Year 2024", "First Quarter FY26".
YEAR_AFTER_QUARTER = re.compile(
    r"\s*(?:(?:and|&)\s+(?:the\s+)?(?:full[- ]year\s+|fiscal(?:[- ]year)?\s+|year[- ]end\s+|twelve[- ]months?\s+)?)?"
    r"(?:of\s+)?(?:fiscal\s+(?:year\s+)?)?(?:FY\s*'?(\d\d)|((?:19|20)\d\d))\b", re.I)


# No TICKER_RE match, nor any try of one, reads further than this past where it starts, in text
# whose spaces are single (tests/test_sources.py checks the bound from the pattern).
TICKER_REACH = 64
FIRST_LINES = 20  # where the ticker is sought first


def _flat_head_and_ticker(head: list[str]) -> tuple[str, re.Match | None]:
    """The head's text with runs of spaces and line breaks as one space (the ends trimmed, which
    the searches do not mind: their matches start at "(" or a capital and need nothing after
    their last character), and TICKER_RE's first match in it.

    Most tickers stand in the first lines: when the first lines' text, a prefix of the whole,
    holds a match more than TICKER_REACH before its end, the search of the whole finds the same
    first match (every try up to it reads the same text) and the rest is not flattened."""
    first = " ".join("\n".join(head[:FIRST_LINES]).split())
    m = TICKER_RE.search(first)
    if len(head) <= FIRST_LINES or (m and m.start() + TICKER_REACH <= len(first)):
        return first, m
    rest = " ".join("\n".join(head[FIRST_LINES:]).split())
    flat = f"{first} {rest}" if first and rest else first or rest
    return flat, TICKER_RE.search(flat)


def describe(lines: list[Line]) -> DocumentInfo:
    """Company, ticker, dateline and the fiscal period the title announces."""
    info = DocumentInfo()
    flat, m = _flat_head_and_ticker([line.text for line in lines[:80]])
    if m:
        exch = m.group(1)
        info.exchange = "NASDAQ" if exch.lower().startswith("nasdaq") else exch.upper()
        info.ticker = m.group(2).upper().rstrip(".")
        before = flat[: m.start()]
        before = before[-160:]
        cut = BEFORE_COMPANY.match(before)
        cm = COMPANY_RE.search(before, cut.end() if cut else 0)
        if cm:
            name = cm.group(1)
            # drop a dateline in front: "...--(BUSINESS WIRE)--Oct. 24, 2007--BioSphere Medical, Inc."
            name = re.split(r"--|—|/\s*-+\s*|\)\s*-+\s*|\d{4}\s*[-–—]+\s*|\b(?:PRNewswire|GLOBE NEWSWIRE|BUSINESS WIRE)\b[^A-Z]*", name)[-1]
            name = re.sub(r"^(?:today|and|the)\s+", "", name.strip(" ,-"), flags=re.I).strip()
            if len(name) > 2:
                info.company = name
    # The dateline: the first date in the first lines of prose.
    for line in lines[:120]:
        d = parse_date(line.text)
        if d:
            info.dateline = d
            break
    # The title: "Reports Third Quarter 2007 Financial Results", "Fiscal 2024 Fourth Quarter".
    for line in lines[:60]:
        m = TITLE_RE.search(line.text)
        if not m:
            continue
        g = m.groups()
        if g[0]:
            info.fiscal_period, year = ORDINALS[g[0].lower()], g[1]
        elif g[3]:
            info.fiscal_period, year = ORDINALS[g[3].lower()], g[2]
        elif g[4]:
            info.fiscal_period, year = f"Q{g[4]}", g[5]
        elif g[8]:
            info.fiscal_period, year = f"Q{g[8]}", g[9]
        elif g[11]:
            info.fiscal_period, year = f"Q{g[11]}", g[10]
        else:
            info.fiscal_period, year = "FY", g[6] or g[7]
        if not year and info.fiscal_period != "FY":
            after = YEAR_AFTER_QUARTER.match(line.text, m.end())
            year = after and (after.group(1) or after.group(2))
        if year:
            info.fiscal_year = int(year) + (2000 if len(year) == 2 else 0)
        info.title = line.text.strip()
        break
    return info
