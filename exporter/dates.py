"""Dates as releases print them: month names, "September 30, 2007", quarter words."""
from __future__ import annotations

import re
from datetime import date

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# (a comma may stand right before the year: "Sept 30,2025" in squeezed table headings)
DATE_RE = re.compile(rf"\b({MONTH_NAME})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)((?:19|20)\d\d)\b", re.I)
QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def parse_date(text: str) -> date | None:
    """The first "Month D, YYYY" date in text, or None."""
    if "19" not in text and "20" not in text:
        return None  # no year: spare the line the search (the month names are slow to try)
    m = DATE_RE.search(text)
    return date_from_match(m) if m else None


def date_from_match(m: re.Match) -> date | None:
    month = MONTHS.get(m.group(1).lower().rstrip(".")[:3])
    try:
        return date(int(m.group(3)), month, int(m.group(2)))
    except (TypeError, ValueError):
        return None
