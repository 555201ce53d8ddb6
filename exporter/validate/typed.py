"""Typed values of lexical forms, for the "x-equal" comparison of XBRL 2.1 section 4.10.

Without the schema type of every attribute at hand we compare by the value space a lexical
form evidently belongs to: numbers as numbers (``1.0`` = ``01``, ``1E2`` = ``100``), the boolean
words as 0/1, dateTimes as points in time (``...T24:00:00`` = next day ``T00:00:00``), the rest
as whitespace-collapsed text.  This is what the conformance suite's s-equal cases exercise.
A leaf module: the DTS model (arcs' equivalence keys) and the contexts' periods use it too.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([Ee][+-]?\d+)?\Z")
_DATETIME = re.compile(r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?\Z")


def typed_value(text: str | None):
    if text is None:
        return None
    value = " ".join(text.split())
    if _NUMBER.match(value):
        try:
            return ("n", Decimal(value).normalize())
        except InvalidOperation:
            return ("s", value)
    if value in ("INF", "+INF"):
        return ("n", "INF")
    if value == "-INF":
        return ("n", "-INF")
    if value == "NaN":
        return ("nan", object())  # NaN equals nothing, not even itself
    if value == "true":
        return ("n", Decimal(1))
    if value == "false":
        return ("n", Decimal(0))
    if _DATETIME.match(value):
        point = parse_datetime(value, False)
        if point is not None:
            return ("t", point)
    return ("s", value)


def parse_datetime(text: str, is_end: bool) -> datetime | None:
    """dateUnion value as a naive point in time: a date alone means its start (startDate,
    instant is the end of the day) — XBRL 2.1 4.7.2."""
    text = text.strip()
    try:
        if "T" in text:
            core = text
            tz = None
            if core.endswith("Z"):
                core = core[:-1]
            elif len(core) > 6 and core[-6] in "+-" and core[-3] == ":":
                core, tz = core[:-6], core[-6:]
            day, _, time = core.partition("T")
            plus_day = time.startswith("24:")
            if plus_day:
                time = "00" + time[2:]
            value = datetime.fromisoformat(f"{day}T{time}")
            if plus_day:
                value += timedelta(days=1)
            if tz:
                sign = 1 if tz[0] == "+" else -1
                value -= sign * timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6]))
            return value
        core = text[:-1] if text.endswith("Z") else (text[:-6] if len(text) > 10 and text[-6] in "+-" else text)
        value = datetime.fromisoformat(core)
        return value + timedelta(days=1) if is_end else value
    except ValueError:
        return None
