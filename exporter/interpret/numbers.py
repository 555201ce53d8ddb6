"""Numbers as releases print them: "$1,234", "(435)" negative, "12.5%", dashes and "n/a" for nil."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation


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
