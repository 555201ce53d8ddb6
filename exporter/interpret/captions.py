"""What a table's caption says: its scale ("in thousands, except per share amounts"), its role
(a statement, a segment breakdown, a non-GAAP or metrics table) and which statement it is."""
from __future__ import annotations

import re

from .. import periods

# ---------------------------------------------------------------- caption words
#
# The caption patterns below are case-insensitive alternations tried at every position of a
# caption, tens of microseconds each.  Every match of one holds one of its GATE_WORDS (in lower
# case; tests/test_tables.py derives what each pattern's matches hold and checks the words), so
# a caption holding none of them is spared the search by ``in`` tests, as in periods.


ascii_lowered = periods.ascii_lowered


def gated_search(rx: re.Pattern, text: str, lowered: str | None) -> re.Match | None:
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
    lowered = ascii_lowered(text)
    for rx, power in SCALE_WORDS:
        m = gated_search(rx, text, lowered)
        if m and (best is None or m.start() < best):
            money, best = power, m.start()
    m = gated_search(SHARES_SCALE, text, lowered)
    shares = {"thousands": 3, "millions": 6, "billions": 9}[m.group(1).lower()] if m else None
    if shares is None and money and gated_search(EXCEPT_SHARES, text, lowered):
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
                           # restated figures (a new standard, a merger) are not the period's reported ones
                           r"\b(?:recast(?:ed)?|restated|pro[- ]forma)\s+(?:results|financial|(?:condensed\s+)?consolidated|"
                           r"statements?|information|figures)\b|"
                           # average balances are neither period-end balances nor a period's flows
                           r"average (?:daily )?balances?", re.I)
SEGMENT_CAPTION = re.compile(r"\bsegments?\b|\bby (?:region|geograph|product|business|divisions?\b)|\bgeographic|"
                             r"\blines? of business\b", re.I)


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
                    "selected financial data", "average balance", "average daily balance", "recast", "restated", "forma"),
    SEGMENT_CAPTION: ("segment", "by region", "by geograph", "by product", "by business", "by division", "geographic",
                      "of business"),
}


def names_statement(caption: str) -> bool:
    """Does a caption name a primary statement ("Consolidated Statements of Operations", "Balance
    Sheets"), rather than a summary or nothing at all?"""
    return gated_search(PRIMARY_CAPTION, caption, ascii_lowered(caption)) is not None


def role_of(caption: str) -> str:
    """What a table is for: "statement", "segment" (figures per segment) or "other" (non-GAAP, metrics)."""
    lowered = ascii_lowered(caption)
    if gated_search(OTHER_CAPTION, caption, lowered):
        return "other"
    if gated_search(SEGMENT_CAPTION, caption, lowered):
        return "segment"
    return "statement"


INCOME_LABELS = re.compile(r"\b(revenues?|net (income|loss|sales)|per share)\b")
