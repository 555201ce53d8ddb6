"""Row labels: totals, section headings, wrapped labels, footnote marks."""
from __future__ import annotations

import re

TOTAL_LABEL = re.compile(r"\s*total\b", re.I)
TOTAL_OF = re.compile(r"\s*total\s+(.*)$", re.I)  # "Total current assets": what it totals
CONNECTOR_END = re.compile(r"(?:\b(?:and|of|to|for|the|in|from|on|at|by|with|or|before|after|less|net of|per)|[,&/(\-–])$", re.I)


NOT_A_LETTER = re.compile(r"[^A-Za-z]")


def in_capitals(text: str) -> bool:
    """Three letters or more, all capitals ("ASSETS", "U.S. GAAP")."""
    if text.isascii() and not text.isupper():
        return False  # (an ASCII text's cased characters are its letters: isupper tells at once)
    letters = NOT_A_LETTER.sub("", text)
    return len(letters) >= 3 and letters.isupper()


def is_section_heading(label: str) -> bool:
    return label.endswith(":") or in_capitals(label)



NOT_LOWER_LETTERS = re.compile(r"[^a-z]+")


def same_heading(heading: str, totalled: str) -> bool:
    def words(t: str) -> str:
        return NOT_LOWER_LETTERS.sub(" ", t.lower()).strip()
    return words(heading) == words(totalled)


FOOTNOTE_MARK_END = re.compile(r"\s*\^?\((?:\d|[a-z]|\*)\)$")  # ("^(1)": a superscript rendered as text)
SEE_NOTE_END = re.compile(r"\s*\((?:see )?notes?(?: [\w.]+)?\)$", re.I)


def clean_label(label: str) -> str:
    label = " ".join(label.split())
    if label.endswith(")"):  # (both marks end in one; most labels do not)
        label = FOOTNOTE_MARK_END.sub("", label)  # footnote marks
        label = SEE_NOTE_END.sub("", label)  # "(See Note)"
    return label.rstrip(" .:$").strip()
