"""Line-item phrases in prose and the concepts the mapping rules give them ("total revenue ...
increased 18% to $6.64 million"), after a few prose synonyms.
"""
from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

from .. import mapping
from ..model import Row
from .dims import PLACE_WORDS
from .textscan import fold


# Prose names for line items that tables name otherwise: (pattern over the normalized phrase,
# the table label the mapping rules know).  Applied before the rules; the rules stay the one
# place that names concepts.
PROSE_SYNONYMS: list[tuple[re.Pattern, str]] = [(re.compile(p), label) for p, label in [
    (r"^(?:positive |negative )?(?:net )?(?:operating cash flows?|cash flows? (?:from|provided by) operations|cash (?:generated )?from operations|cash flows? from operating activities)$",
     "net cash provided by operating activities"),
    (r"^(?:net )?cash (?:used in|used by|used for|consumed by) (?:operations|operating activities)$", "net cash used in operating activities"),
    (r"^(?:a |the )?(?:compensation charge|charge|expense|compensation expense|non-?cash (?:compensation )?charge) for (?:share|stock)-based (?:payments|compensation|awards)$|^(?:share|stock)-based (?:payments?|compensation)(?: charges?| expenses?| costs?)?$|^(?:share|stock)-based compensation charge$",
     "share-based compensation"),
    (r"^(?:net )?earnings$|^net profit$|^profit$", "net income"),
    (r"^(?:sfas|fas|statement) (?:no\. )?123\(?r\)?$|^asc 718$", "share-based compensation"),
    (r"^(?:operating |an operating )?loss$", "operating loss"),
    (r"^gross margin dollars$", "gross margin"),
    (r"^cash balances?$|^cash on hand$|^cash and cash equivalents balances?$|^cash position$", "cash and cash equivalents"),
    (r"^(?:total )?(?:cash,? )?cash equivalents,? and (?:short-term )?(?:investments|marketable securities)$",
     "cash, cash equivalents and marketable securities"),
    (r"^(?:total )?operating costs and expenses$", "total operating expenses"),
    (r"^(?:total )?expenses$", ""),  # too vague: no concept
]]
# Heads of line-item phrases (the last word of a phrase worth trying against the rules).
HEADS = re.compile(r"^(?:revenues?|sales|margin|profit|expenses?|income|loss|losses|earnings|costs?|cash|flows?|operations|"
                   r"activities|securities|investments|equivalents|compensation|payments|assets|liabilities|equity|debt|"
                   r"interest|dividends|stockholders|shareholders|inventor(?:y|ies)|receivables?|payable|borrowings|"
                   r"share|eps|ebitda|charges?|taxes|benefit|backlog|bookings|deficit|123r)$", re.I)
# every word HEADS matches, lower-cased
HEAD_WORDS = frozenset(
    "revenue revenues sales margin profit expense expenses income loss losses earnings cost costs cash flow flows "
    "operations activities securities investments equivalents compensation payments assets liabilities equity debt "
    "interest dividends stockholders shareholders inventory inventories receivable receivables payable borrowings "
    "share eps ebitda charge charges taxes benefit backlog bookings deficit 123r".split())
# Words that may stand right before a phrase without being part of it.
LEADERS = {
    "the", "a", "an", "its", "our", "their", "this", "that", "these", "of", "in", "for", "from", "to", "and", "with", "was",
    "were", "is", "are", "had", "has", "have", "reported", "record", "gaap", "consolidated", "worldwide", "positive",
    "negative", "company's", "company’s", "quarterly", "annual", "total-company", "during", "on", "at", "by", "as", "or",
    "generated", "recorded", "achieved", "posted", "delivered", "produced", "which", "while", "also", "then", "but",
    "quarter", "year", "months", "weeks", "period", "fiscal", "first", "second", "third", "fourth", "full-year",
    "third-quarter", "second-quarter", "first-quarter", "fourth-quarter", "quarter's", "year's", "segment", "segments",
    "sequential", "overall", "combined", "current", "prior", "comparable", "same", "strong", "solid", "higher", "lower",
    "increased", "decreased", "improved", "grew", "rose", "fell", "declined", "approximately", "about", "nearly",
    "roughly", "some", "over", "under", "than", "up", "down", "unaudited", "reported", "u.s.", "us", "domestic",
    "international", "emea", "global", "not", "no", "non-cash", "noncash",
}
WORD_RE = re.compile(r"[A-Za-z][\w'’&/.-]*|\d+[A-Za-z]*")


def _words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, word) of each WORD_RE match in text[start:end], as finditer would give them.
    Why findall and str.find: no match object per word.  Each word starts with an ASCII letter or
    digit, and every such character starts a match, so none lies between one word and the next:
    the first occurrence of the next word after the last one's end is where it was matched."""
    out = []
    at = start
    find = text.find
    for word in WORD_RE.findall(text, start, end):
        at = find(word, at)
        out.append((at, at + len(word), word))
        at += len(word)
    return out


@dataclass(slots=True)
class ConceptMatch:
    """A line-item phrase of a sentence and the concept a rule maps it to."""
    concept: object  # taxonomy Concept
    start: int
    end: int
    phrase: str
    rule: str
    negative_words: bool  # the phrase itself says loss / used in


SIGNED_RESULT = re.compile(r"IncomeLoss|ProfitLoss|GrossProfit|ProvidedByUsedIn|EarningsPerShare|OperatingIncome")


def _vocabulary(rules: mapping.RuleSet) -> tuple[frozenset[str], dict[str, bool], dict[int, tuple]]:
    """Every word the rules (and synonyms) are written with: a phrase with another word cannot
    match an anchored rule, so it is not tried (trying every rule costs ~1 ms a phrase).
    Remembered per rule set (rule sets are immutable once built, and reused while their files
    are unchanged), with the answers of ConceptFinder._known so far (they depend on the
    vocabulary alone), and ConceptFinder's phrase answers per taxonomy (they depend on the rules,
    the taxonomy and the phrase alone)."""
    found = _VOCABULARIES.get(id(rules))
    if found is not None and found[0]() is rules:
        return found[1], found[2], found[3]
    vocabulary: set[str] = set()
    for rule in rules.rules:
        vocabulary.update(re.findall(r"[a-z]+", (rule.label or rule.pattern or "").lower()))
    for rx, label in PROSE_SYNONYMS:
        vocabulary.update(re.findall(r"[a-z]+", rx.pattern.lower() + " " + label))
    if len(_VOCABULARIES) > 16:
        _VOCABULARIES.clear()
    entry = _VOCABULARIES[id(rules)] = (weakref.ref(rules), frozenset(vocabulary), {}, {})
    return entry[1], entry[2], entry[3]


_VOCABULARIES: dict[int, tuple[weakref.ref, frozenset[str], dict[str, bool], dict[int, tuple]]] = {}
LOWER_WORD = re.compile(r"[a-z]+")


TAIL = 100  # characters of a long window read first (see ConceptFinder.nearest_before)


class ConceptFinder:
    def __init__(self, rules: mapping.RuleSet, taxonomy):
        self.rules = rules
        self.tax = taxonomy
        self.vocabulary, self._known_words, answers = _vocabulary(rules)
        memo = answers.get(id(taxonomy))
        if memo is None or memo[0] is not taxonomy:
            if len(answers) > 4:
                answers.clear()
            memo = answers[id(taxonomy)] = (taxonomy, {}, {})
        self._cache: dict[str, tuple | None] = memo[1]  # normalized phrase -> answer
        self._phrases: dict[str, tuple | None] = memo[2]  # phrase as written -> answer
        self._heads: dict[str, bool] = {}  # word -> _is_head(word), for this release's words

    def _known(self, word: str) -> bool:
        """In the rules' words, allowing the optional endings patterns write ("flows?", "inventor(y|ies)")."""
        known = self._known_words.get(word)
        if known is None:
            v = self.vocabulary
            known = self._known_words[word] = (word in v or word + "s" in v or word + "es" in v or
                                               len(word) > 4 and any(word[:k] in v for k in range(4, len(word))))
        return known

    def lookup(self, phrase: str):
        """(concept, rule source) for a prose phrase, or None."""
        if phrase in self._phrases:
            return self._phrases[phrase]
        found = self._phrases[phrase] = self._lookup(phrase)
        return found

    def _lookup(self, phrase: str):
        key = mapping.normalize(phrase)
        if key in self._cache:
            return self._cache[key]
        if not all(self._known(w) for w in LOWER_WORD.findall(key)):
            self._cache[key] = None
            return None
        label = key
        for rx, synonym in PROSE_SYNONYMS:
            if rx.search(label):
                label = synonym
                break
        found = None
        if label:
            for statement in ("income", "cashflow", "balance"):
                rule = self.rules.match(Row(label=label, line=0, depth=0, cells=[]), statement)
                if rule is not None:
                    concept = self.tax.concept(rule.concept)
                    if concept is not None and concept.is_numeric:
                        found = (concept, rule.source)
                        break
        self._cache[key] = found
        return found

    def nearest_before(self, text: str, start: int, end: int) -> ConceptMatch | None:
        """The whole line-item phrase ending nearest to ``end`` within text[start:end].

        The phrase is nearly always among the last words, so a long window is first read from a
        space in its last TAIL characters (no word holds a space: the words after it are the
        window's last words); the heads from the end down to the tenth of those words see only
        words among them (a phrase looks at most ten words back).  If none of them gives the
        phrase, the rest of the window is read and the search goes on where it stopped."""
        cut = text.find(" ", max(start, end - TAIL), end) if end - start > TAIL else -1
        if cut > start:
            tail = _words(text, cut, end)
            for j in range(len(tail) - 1, 9, -1):
                if not self._is_head(tail[j][2]):
                    continue
                found = self._phrase_at(text, end, tail, j)
                if found is not None:
                    return found
            words = _words(text, start, cut)
            first = len(words) + min(9, len(tail) - 1)
            words += tail
        else:
            words = _words(text, start, end)
            first = len(words) - 1
        for j in range(first, -1, -1):
            if not self._is_head(words[j][2]):
                continue
            found = self._phrase_at(text, end, words, j)
            if found is not None:
                return found
        return None

    def _is_head(self, word: str) -> bool:
        head = self._heads.get(word)
        if head is None:
            head = self._heads[word] = _is_head(word)
        return head

    def _phrase_at(self, text: str, end: int, words: list[tuple[int, int, str]], j: int) -> ConceptMatch | None:
        """The line-item phrase whose head is words[j] (a phrase head: see nearest_before), if any."""
        rest = text[words[j][1]:end]
        if ")" in rest:
            rest = LOSS_PARENS.sub("", rest)
            if rest.count(")") > rest.count("("):
                return None  # "(... deposits and cash) totaled $1.1 billion": inside a parenthesis
        if j + 1 < len(words):
            nxt = words[j + 1][2].lower()
            gap = text[words[j][1]:words[j + 1][0]]
            if STOPS.isdisjoint(gap) and nxt not in LEADERS and nxt not in FOLLOWERS \
                    and not nxt.endswith(("ing", "ed")):
                return None  # "revenue growth", "sales force": the phrase goes on
        # the phrase may not hold a number: it starts after the last one before the head
        first = max(0, j - 9)
        for k in range(j, first - 1, -1):
            if words[k][2].isdigit():
                first = k + 1
                break
        # a phrase may not hold ";", ":", "(" or ")" (but in "(loss)"): one from words[i] holds one
        # when the last one before the head's end is at or after its start
        if first > j:
            return None
        lo, head_end = words[first][0], words[j][1]
        last_break = max(text.rfind(";", lo, head_end), text.rfind(":", lo, head_end),
                         text.rfind("(", lo, head_end), text.rfind(")", lo, head_end))
        for i in range(first, j + 1):
            if words[i][0] <= last_break and not LOSS_LABEL.search(text[words[i][0]:head_end]):
                continue
            if i > 0:
                prev = words[i - 1][2].lower().rstrip(".,")
                sep = text[words[i - 1][1]:words[i][0]]
                # (prev is lower case and has no "." or "," at its ends: a word starts with a letter or digit)
                if STOPS.isdisjoint(sep) and prev not in LEADERS and prev not in PLACE_WORDS:
                    continue
            phrase = text[words[i][0]:words[j][1]].rstrip(".,")
            hit = self.lookup(phrase)
            if hit is not None:
                # "net loss", "operating loss", "cash used in": the words give the sign of a
                # result; "provision for credit losses" is a name, not a sign
                negative = bool(NEGATIVE_WORDS.search(phrase)) \
                    and bool(SIGNED_RESULT.search(hit[0].name))
                return ConceptMatch(hit[0], words[i][0], words[j][1], phrase, hit[1], negative)
        return None


LOSS_PARENS = re.compile(r"\(\s*loss\s*\)", re.I)
LOSS_LABEL = re.compile(r"^[\w ,'’-]*\(\s*loss\s*\)", re.I)


STOPS = frozenset(",;:().")  # marks that end a phrase


def _is_head(word: str) -> bool:
    """HEADS.match(word without "." and ","), asked of a set of its words first: a word that
    lower-cases to none of them cannot match (re.I's other foldings, such as the long s, are
    first undone by fold)."""
    head = word.rstrip(".,")
    return (head.lower() if head.isascii() else fold(head)) in HEAD_WORDS and HEADS.match(head) is not None


FOLLOWERS = {"was", "were", "is", "are", "of", "for", "in", "to", "from", "at", "totaled", "totalled", "rose", "grew",
             "increased", "decreased", "declined", "fell", "improved", "narrowed", "widened", "reached", "came", "amounted",
             "and", "or", "by", "on", "during", "up", "down", "would", "will", "as", "attributable", "applicable", "available",
             "before", "after", "excluding", "including", "that", "which", "with", "included", "includes", "climbed",
             "jumped", "dropped", "remained", "stood", "equaled", "equalled", "compared", "versus", "vs", "vs.", "year-over-year",
             "grew", "expanded", "contracted", "surged", "advanced", "slipped", "than", "also", "rising", "increasing",
             "outside", "inside", "within", "across", "excluding", "through", "into", "per"}


NEGATIVE_WORDS = re.compile(r"\bloss(?:es)?\b|\bused in\b|\bdeficit\b|\bnegative\b", re.I)
