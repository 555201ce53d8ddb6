"""Labels understood, not only matched: the other ways filers print the same line.

A label as printed is tried against the rules first.  When no rule knows it, it is read again:
each reading below rewrites one kind of printing habit into the form the rules are written for,
and keeps a note of what it did, so ``mappings explain`` can say which reading chose the concept.

- details: amounts, par values and share counts inside a label are not its name
  ("Property and equipment, net of accumulated depreciation of $76,421 and $68,251" is
  "property and equipment, net"; "Common stock, $0.01 par value, 4.3 billion shares" is
  "common stock");
- signs: a parenthesised opposite names the same line ("Income (loss)", "(Loss) income",
  "provided by (used in)", "expense/(benefit)"), and a deficit is negative equity;
- wording: "cash and equivalents", "long term", "net cash from operations", "net cash used in
  investing" and a serial comma are the usual names' variants;
- qualifiers: "short-term" and "long-term" before a balance-sheet line classify it (current /
  non-current) rather than name it; the reading drops them and says which they were;
- net: ", net" and "net" before revenues or sales qualify the line, they do not name it;
- number: the last word in the singular, when the rules know only that form;
- per share: "Basic income (loss) per common share from continuing operations" is the income
  line, read per share and basic (``Reading.per_share``): the rules name the income line, and
  mapping takes its per-share concept (``applying``).  Elided components ("Continuing
  operations" under "Income (loss) per share - diluted:") are the income line they abbreviate,
  and older names of a line ("before discontinued operations and cumulative effect of
  accounting change": from continuing operations) are read as today's.

Every reading is a pure function of the normalised label (see ``rules.normalize``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Reading:
    """One way of reading a normalised label: the text rules are matched against, what was done
    to get it ("" for the label as printed), and the balance-sheet class its words gave
    ("current" / "noncurrent" / "")."""

    text: str
    how: str = ""
    classification: str = ""
    per_share: str = ""  # "basic" / "diluted" / "basic and diluted" when per-share words were read away


# An amount as printed inside a label: "$76,421", "$2.166", "171.2 million", "4,305".
_AMOUNT = r"\$?\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:thousand|million|billion|%))?"
# ", net of accumulated depreciation of $76,421 and $68,251" / ", less allowances of $2.2 and $2.4
# billion" / "(net of allowance of $1,234)": a valuation account's amounts; the line is the net.
_NET_OF_AMOUNTS = re.compile(
    rf",?\s*\(?(?:net of|less|after deducting)\s+(?:accumulated|allowances?|reserves?|provisions?|"
    rf"the allowance|an allowance)[^()]*?{_AMOUNT}(?:[^()]*?{_AMOUNT})?[^()]*\)?\s*$")
# ", $0.01 par value, 4.349 and 4.305 billion shares outstanding" / "(no par value; 5,000,000
# shares authorized)": the terms of a class of stock; the line is the class.
_STOCK_TERMS = re.compile(
    rf"[,;:]?\s*\(?(?:{_AMOUNT}\s+par value|par value|no par value|without par value|"
    rf"{_AMOUNT}\s+(?:shares|authorized|issued|outstanding))\b.*$")
_SHARE_COUNTS = re.compile(rf"[,;]\s*(?:{_AMOUNT}(?:\s+and\s+{_AMOUNT})?\s+)?shares?\s+"
                           rf"(?:authorized|issued|outstanding)\b.*$")

# A parenthesised word that names the line's opposite sign: the line is its other word.
_OPPOSITE = (r"loss(?:es)?|gains?|income|expenses?|benefit|provision|deficit|deficiency|"
             r"used in|used for|provided by|decrease|increase|charges?|credits?|repayments?|payments?|"
             r"deficits?|surplus")
_PAREN_OPPOSITE = re.compile(rf"\s*/?\s*\((?:{_OPPOSITE})\)\s*(?:/\s*)?")
_SLASH_OPPOSITE = re.compile(rf"\s*/\s*(?:{_OPPOSITE})\b")
_DEFICIT = re.compile(r"\b(stockholders|shareholders|members|partners)'? (?:deficit|deficiency)\b")

_WORDING = (
    (re.compile(r"\bcash and equivalents\b"), "cash and cash equivalents"),
    (re.compile(r"\blong term\b"), "long-term"),
    (re.compile(r"\bshort term\b"), "short-term"),
    (re.compile(r"\bnon current\b"), "non-current"),
    (re.compile(r",\s+and\b"), " and"),  # the serial comma
    # "Profit for the period", "Net income for the year": the statement's period is every line's
    (re.compile(r"\s+for the (?:period|year|quarter|financial year|(?:three|six|nine|twelve) months)$"), ""),
    # IFRS statements' "acquisitions of property, plant and equipment", "disposal of"
    (re.compile(r"^acquisitions? of (?=property|plant|intangible|financial|investments?|equipment|equity)"), "purchases of "),
    # the security of borrowings does not change the line: "short-term unsecured borrowings"
    (re.compile(r"\b(?:un)?secured (?=borrowings|debt|loans|notes)"), ""),
    (re.compile(r"\b(proceeds from )?(?:the )?disposals? of (?=property|plant|intangible|financial|investments?|"
                r"equipment|assets?|subsidiar)"), r"\1sale of "),
    # "Net cash from operations" / "Net cash used in investing": the activities' totals
    (re.compile(r"^(net )?cash (?:flows? )?(?:provided by|used in|used for|from|generated from|generated by|"
                r"provided from|\(used in\)|provided by/?used in|\(used in\) provided by|"
                r"provided by \(used in\)) (?:the )?(operating|investing|financing)(?: activities)?$"),
     r"\1cash provided by \2 activities"),
    # (not "generated from operations": in IFRS statements that is the subtotal before interest and tax)
    (re.compile(r"^(net )?cash (?:provided by|used in|from) operations$"),
     r"\1cash provided by operating activities"),
)
# Older and elided names of the income lines, read as the names the rules (and US-GAAP) use.
_INCOME_LINES = (
    (re.compile(r"\bcumulative effect of (?:an? )?accounting changes?\b"),
     "cumulative effect of change in accounting principle"),
    (re.compile(r"\bbefore (?:provision for )?(?:income )?taxes,? (?:discontinued operations|extraordinary items)"
                r"(?:,? and cumulative effect of .*)?$"), "from continuing operations before income taxes"),
    (re.compile(r"\bbefore discontinued operations(?:,? and cumulative effect of .*)?$"), "from continuing operations"),
    (re.compile(r"^(continuing|discontinued) operations(,? net of (?:income )?tax(?:es)?)?$"), r"income from \1 operations\2"),
)
_PER_SHARE = re.compile(r"\s*[,-]?\s*\b(?:per (?:basic |diluted )?(?:common |ordinary )?share(?: of common stock)?|"
                        r"per (?:common |ordinary )?share)\b\s*[,-]?\s*")
BASIC_OR_DILUTED = re.compile(r"\b(basic and diluted|basic|diluted)\b", re.I)  # which per-share amount
_BASIC_DILUTED = re.compile(r"^(basic and diluted|basic|diluted)\s+|\s*[,-:]?\s*\b(basic and diluted|basic|diluted)$")
_PROFIT = re.compile(r"\bprofits?\b(?! or loss)")
_QUALIFIER = re.compile(r"^(short-term|long-term|current|non-current|noncurrent) (?!portion\b)")
# the last word in the singular ("Share-based compensation expenses", "Trade payables")
_SINGULAR = re.compile(r"\b([a-z-]+?)(ies|(?<=x|z)es|(?<=ch|sh|ss)es|(?<![su])s)$")


def _singular(m: re.Match) -> str:
    return m.group(1) + ("y" if m.group(2) == "ies" else "")
_NET = (re.compile(r",? net$"), re.compile(r"\bnet (?=revenues?\b|sales\b)"))


@lru_cache(maxsize=8192)  # a pure function of the text, asked for the same labels again and again
def readings(text: str) -> tuple[Reading, ...]:
    """The other readings of a normalised label, in the order they are tried (the label as
    printed is not among them); each builds on the one before."""
    out: list[Reading] = []
    seen = {text}
    hows: list[str] = []
    classification = ""

    def add(new: str, how: str) -> str:
        new = re.sub(r"\s+,", ",", re.sub(r"\s+", " ", new)).strip(" ,;:")
        if new and new not in seen:
            seen.add(new)
            hows.append(how)
            out.append(Reading(new, "; ".join(hows), classification))
        return new

    t = text
    t = add(_STOCK_TERMS.sub("", _NET_OF_AMOUNTS.sub(", net", _SHARE_COUNTS.sub("", t))),
            "without the amounts and terms printed in it")
    signed = _DEFICIT.sub(r"\1' equity", _SLASH_OPPOSITE.sub("", _PAREN_OPPOSITE.sub(" ", t)))
    t = add(signed, "without the words naming its opposite sign")
    worded = t
    for rx, repl in _WORDING:
        worded = rx.sub(repl, worded)
    t = add(worded, "in the usual wording")
    # IFRS statements' "profit": "Profit before income taxes" is income before income taxes
    t = add(_PROFIT.sub("income", t), "with 'profit' as 'income'")
    named = t
    for rx, repl in _INCOME_LINES:
        named = rx.sub(repl, named)
    t = add(named, "by the income line's current name")
    if _PER_SHARE.search(t):  # (a bare "Basic" is left to the rules of its section: EPS or shares)
        which = BASIC_OR_DILUTED.search(t)
        per_share = which.group(1).lower() if which else ""
        line = _PER_SHARE.sub(" ", _BASIC_DILUTED.sub("", t)).strip()
        line = "net income" if line in ("", "income", "earnings", "net earnings") else line
        for rx, repl in _INCOME_LINES:
            line = rx.sub(repl, line)
        if line != t:
            hows.append(f"per share{', ' + per_share if per_share else ''}")
            out.append(Reading(line, "; ".join(hows), classification, per_share or "per share"))
            seen.add(line)
            return tuple(out)
    qualifier = _QUALIFIER.match(t)
    if qualifier:
        classification = "current" if qualifier.group(1) in ("short-term", "current") else "noncurrent"
        t = add(t[qualifier.end():], f"without '{qualifier.group(1)}' (a {classification} line)")
    for rx in _NET:
        t = add(rx.sub("", t), "without 'net'")
    add(_SINGULAR.sub(_singular, t), "in the singular")
    return tuple(out)
