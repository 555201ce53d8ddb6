"""Reading a sentence: each figure with its concept, period and segment (a candidate fact), and
the phrases that make a figure no fact (forecasts, adjusted amounts, changes).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import segments as segments_mod
from ..model import Period
from .amounts import Figure
from .concepts import ConceptFinder, ConceptMatch
from .dims import Dims, geo_candidates, segments_in
from .paragraphs import Sentence
from .phrases import COMPARISON, PeriodPhrase
from .release_calendar import Calendar
from .textscan import Caseless, ascii_lower, fold, holds_any


FORWARD = re.compile(r"\b(?:expects?|expected to|anticipates?|anticipated to|guidance|outlook|forecasts?|projected to|"
                     r"estimated to|on track to|plans to|intends to|targets?|will (?:be|generate|reach|total|exceed)|"
                     r"would (?:be|have been)|is likely to)\b", re.I)
CHANGE_BEFORE = re.compile(r"(?:\b(?:increase|decrease|improvement|decline|reduction|rise|drop|growth|change|gain|swing)s?"
                           r"(?:\s+of|\s+by)?|\b(?:increased|decreased|improved|declined|grew|rose|fell|dropped|"
                           r"reduced|lowered|up|down|higher|lower)(?:\s+by)?|\bor|\bby)\s*(?:approximately\s+|about\s+|nearly\s+)?$", re.I)
ADJUSTED = re.compile(r"\b(?:excluding|excludes|exclusive of|adjusted|non-gaap|pro forma|on an? (?:operating|adjusted|"
                      r"comparable|normalized) basis|before (?:the )?(?:special|one-time|unusual|non-recurring)|"
                      r"after adjusting)\b", re.I)
# What FORWARD and ADJUSTED cannot match without (any one, in the folded sentence, see fold):
# most sentences hold none, and the case-insensitive alternations are slow to search.
FORWARD_NEEDS = ("expect", "anticipat", "guidance", "outlook", "forecast", "projected to", "estimated to",
                 "on track to", "plans to", "intends to", "target", "will ", "would ", "is likely to")
ADJUSTED_NEEDS = ("exclu", "adjust", "non-gaap", "pro forma", "basis", "before")
HOLDS_FORWARD_WORD, HOLDS_ADJUSTED_WORD = holds_any(FORWARD_NEEDS), holds_any(ADJUSTED_NEEDS)
# COMPARISON's locator: each of its alternatives starts with one of these words (see Caseless)
COMPARISON_SCAN = Caseless(COMPARISON, r"compar|as compared|versus|vs|from|over|than|against|relative to|up from|"
                                       r"down from")
CHANGE_SCAN, FORWARD_SCAN = Caseless(CHANGE_BEFORE), Caseless(FORWARD)
# CHANGE_BEFORE ends its text: the text, without its trailing white space, ends with one of
# these (a word of it, or its "of", "by" or adverb), in lower case on ASCII text
CHANGE_ENDINGS = tuple(w + end for w in ("increase", "decrease", "improvement", "decline", "reduction", "rise", "drop",
                                         "growth", "change", "gain", "swing") for end in ("", "s")) + (
    "increased", "decreased", "improved", "declined", "grew", "rose", "fell", "dropped", "reduced", "lowered", "up",
    "down", "higher", "lower", "or", "by", "of", "approximately", "about", "nearly")


def _may_end_in(lowered: str | None, start: int, end: int, endings: tuple[str, ...]) -> bool:
    """Whether text[start:end], without its trailing white space, may end with one of the
    (lower-case) endings: an end-anchored pattern of such words (CHANGE_BEFORE with
    CHANGE_ENDINGS, CHANGE_IN_BEFORE) can match only then, so most windows spare its search.
    ``lowered``: the ASCII text lower-cased, or None (then it may)."""
    return lowered is None or lowered[start:end].rstrip().endswith(endings)
LEVEL_AFTER = re.compile(r"^\s*(?:million|billion)?\s*(?:,?\s*(?:or|and)\s+[^,]*?)?,?\s*(?:to|from)\s+(?:a\s+)?(?:net\s+)?(?:loss\s+of\s+)?\$", re.I)


@dataclass(slots=True)
class Candidate:
    """A prose figure on its way to a fact, or the reason it is not one."""
    figure: Figure
    sentence: Sentence
    concept: object | None
    rule: str
    period: Period | None
    dims: Dims
    negative: bool
    reason: str = ""


# the patterns read_sentence tries for every amount
LISTING = re.compile(r"\b(?:with|and|including|of which)\b|,")
BETWEEN_BEFORE = re.compile(r"\bbetween\s*$", re.I)
# (the patterns asked right after a figure are matched at its end, pos= and endpos=, so that
# the rest of the sentence is not copied for each figure)
RANGE_AFTER = re.compile(r"\s*(?:million|billion)?\s*(?:to|-|–)\s*\$")
PORTION_OF = re.compile(r"\bportion of\b.*?\battributable to\b", re.I)
OF_PHRASE_AFTER = re.compile(r"(?:\s*,?\s*and\s+\$[\d,.]+(?:\s+(?:million|billion|thousand))?)*\s+(?:of|in)\s+")
TAIL_OF = re.compile(r"\s*(?:,?\s*or\s+\$?[\d.,]+\s*(?:per\s+[\w ]+?share|%[^,]*)\s*,)?\s*(?:of|in|was attributable to|"
                     r"were attributable to|attributable to|related to|from)\s+")
LOSS_NEXT = re.compile(r"\s*(?:net |operating )?loss\b", re.I)
CHANGE_IN_BEFORE = re.compile(r"\b(?:movement|change|increase|decrease|improvement|decline|growth|"
                              r"reduction)s?\s+in\s+(?:the\s+)?$", re.I)
SCALED_FIGURE = re.compile(r"\d\s*(?:thousand|million|billion)", re.I)
PER_SHARE_WORDS = re.compile(r"\bper\s+(?:\w+\s+){0,2}share\b|\bEPS\b", re.I)


PHRASE_WORD = re.compile(r"[\w'’&/-]+")  # the words of a line-item phrase after "of" or "in"
TAIL_STOP = re.compile(r"[;.]|\bfor the\b|\bin the\b|\bcompared\b|\bresulting\b|\bduring\b")  # ends TAIL_OF's phrase
# the words that may stand between two amounts of one line item ("$5.2 million and $4.1 million")
LINKING_WORDS = re.compile(r"\b(?:and|or|with|compared|to|with|versus|vs|from|respectively|an?|increase|decrease|of|up|"
                           r"down|the|same|period|quarter|year|in|for|prior|last|\d+%?)\b")
THREE_LETTERS = re.compile(r"[A-Za-z]{3,}")
LOSS_WORD = re.compile(r"\bloss\b", re.I)
LOSS_NEAR = re.compile(r"\bloss\b|\bnegative\b|\bused\b|\bdeficit\b", re.I)


def read_sentence(sentence: Sentence, figs: list[Figure], phrases: list[PeriodPhrase], context: Period | None,
                   calendar: Calendar, finder: ConceptFinder, members: segments_mod.Members) -> list[Candidate]:
    text = sentence.text
    out: list[Candidate] = []
    money_idx = [i for i, f in enumerate(figs) if f.kind == "money" or (f.kind == "per_share" and f.attached_to is None)]
    if money_idx:  # (what only the amounts need)
        folded = fold(text)
        lowered = ascii_lower(text)  # for the Caseless scans
        forward = HOLDS_FORWARD_WORD(folded) and bool(FORWARD_SCAN.search(text, lowered))
        may_adjust = HOLDS_ADJUSTED_WORD(folded)
        places = geo_candidates(folded)
    prev: Candidate | None = None
    head: Candidate | None = None
    reference = context or calendar.current
    for n, i in enumerate(money_idx):
        fig = figs[i]
        prev_end = figs[money_idx[n - 1]].end if n else 0
        next_start = figs[money_idx[n + 1]].start if n + 1 < len(money_idx) else len(text)
        # skip appositives ("or 71.4% of revenue", "or $0.03 per share") when looking after the figure
        after_end = next_start
        cm = COMPARISON_SCAN.search(text, lowered, fig.end, after_end)
        if cm:
            after_end = cm.start()
        before = text[prev_end:fig.start]
        # (the first amount is no comparison: its markers are not sought)
        markers = list(COMPARISON_SCAN.finditer(before, lowered and lowered[prev_end:fig.start])) if n else []
        # "compared to $1.32 million", "from revenue of $4.09 million": a comparison figure; but
        # "compared to the third quarter of 2006, with U.S. sales of $3.97 million" is not (the
        # comparison belongs to a percentage, and a new figure follows)
        comparison = n > 0 and bool(markers) and not any(
            p.start >= prev_end + markers[-1].end() and p.end <= fig.start for p in phrases)
        listed = n > 0 and not comparison and bool(LISTING.search(before))
        cand = Candidate(fig, sentence, None, "", None, Dims(), fig.negative)
        # --- what kind of number
        if forward:
            cand.reason = "a forward-looking figure (outlook or expectation), not a reported amount"
        elif may_adjust and (ADJUSTED.search(text[:fig.start]) or ADJUSTED.search(text[fig.end:after_end])):
            # ("Interest expense was $46.6 million for the year, excluding ...": the qualifier may
            # follow the amount in its own clause)
            cand.reason = "an adjusted (non-GAAP) amount: the sentence excludes items or adjusts"
        elif ((lowered is None or "between" in lowered[max(0, fig.start - 12):fig.start])
              and BETWEEN_BEFORE.search(text[max(0, fig.start - 12):fig.start])) or \
                (RANGE_AFTER.match(text, fig.end, fig.end + 14)
                 and not _ends_with_word(text, fig.start, ("from",))):
            cand.reason = "a range, not a single reported amount"
        elif _may_end_in(lowered, max(prev_end, fig.start - 40), fig.start, CHANGE_ENDINGS) and \
                CHANGE_SCAN.search(text[max(prev_end, fig.start - 40):fig.start],
                                lowered and lowered[max(prev_end, fig.start - 40):fig.start]) \
                and not _ends_with_word(before, len(before), ("to",)) \
                and not _ends_with_word(before, len(before), ("was", "were", "totaled", "totalled", "at", "reached")):
            cand.reason = "a change between periods, not the amount of a period"
        # --- concept
        look_from = prev_end
        # (the pattern needs "portion of" in the folded text: most sentences spare the scan)
        portion = PORTION_OF.search(before) if "portion of" in folded else None
        if portion:
            look_from = prev_end + portion.end()  # "the portion of net loss attributable to X": X's amount
        match = finder.nearest_before(text, look_from, fig.start)
        # "$2,789,484 and $3,090,161 of government contract revenues": a line-item phrase right
        # after the amount (or its group) names it, whatever a heading before says
        of_np = OF_PHRASE_AFTER.match(text, fig.end)
        price_paid = False
        if of_np and of_np.group(0).rstrip().endswith("in") and not _ends_with_word(before, len(before), ("had", "has", "held", "with", "ended")):
            of_np = None  # "for $620 million in cash" is a price paid, not a cash balance
            price_paid = True
        if of_np and not PERIOD_START.match(text, of_np.end()):
            np_start = of_np.end()
            words = list(PHRASE_WORD.finditer(text, np_start, np_start + 80))[:7]
            # (the words hold no "." or ",": finder's head test is HEADS.match on them)
            heads = [k for k, w in enumerate(words) if finder._is_head(w.group(0))]
            head_at = heads[-1] if heads else None  # nearest_before tries the heads right to left
            if head_at is not None:
                np_end = words[head_at].end()
                match = finder.nearest_before(text, np_start, np_end)
                if match is None:
                    cand.reason = cand.reason or (f"the amount is of \"{text[np_start:np_end]}\", which no mapping "
                                                  f"rule names")
        if match is None and not price_paid:  # (nor is the tail "in cash" its line item)
            tail = TAIL_OF.match(text, fig.end)
            if tail:
                start = tail.end()
                stop = min(len(text), start + 90)
                stop_m = TAIL_STOP.search(text[start:stop])
                stop = start + stop_m.start() if stop_m else stop
                match = finder.nearest_before(text, start, stop)
        if match is not None and _may_end_in(lowered, max(0, match.start - 30), match.start, ("in", "the")) and \
                CHANGE_IN_BEFORE.search(text[max(0, match.start - 30):match.start]):
            cand.reason = cand.reason or "a change in a balance, not the balance"
        if match is not None and fig.kind == "money" and not SCALED_FIGURE.search(fig.text) \
                and PER_SHARE_WORDS.search(text[match.start:fig.start]) \
                and match.concept.item_type != "perShare":
            cand.reason = cand.reason or "a per-share amount with no per-share line item named"
        if match is not None:
            cand.concept, cand.rule = match.concept, match.rule
            cand.negative = cand.negative or match.negative_words or _says_loss(text, match, fig)
        elif prev is not None and (comparison or not THREE_LETTERS.search(LINKING_WORDS.sub("", before))):
            cand.concept, cand.rule = prev.concept, prev.rule
            cand.negative = cand.negative or prev.negative or bool(LOSS_WORD.search(before)) or \
                bool(LOSS_NEXT.match(text, fig.end))
        if fig.kind == "per_share":
            cand.reason = cand.reason or ("" if cand.concept is not None and cand.concept.item_type == "perShare"
                                          else "a per-share amount with no per-share line item named")
        # --- segment
        clause_start = match.start - 45 if match is not None else max(prev_end, fig.start - 60)
        own = segments_in(text, max(prev_end, clause_start), fig.start, members, places, lowered)
        if match is None and not own.stated():
            tail_dims = segments_in(text, fig.end, min(len(text), fig.end + 80), members, places, lowered)
            own = tail_dims if tail_dims.stated() else own
        dims = own
        if prev is not None and cand.concept is not None and prev.concept is not None and cand.concept.name == prev.concept.name:
            if comparison and not own.stated():
                dims = Dims(prev.dims.geography, prev.dims.product, prev.dims.business)
            elif listed and head is not None and own.stated():
                dims = Dims(own.geography or (None if own.worldwide else None), own.product or head.dims.product,
                            own.business or head.dims.business)
        cand.dims = dims
        # --- period
        relative_used: list = []
        cand.period = _period_for(fig, n, figs, money_idx, phrases, prev, comparison, reference, calendar, text, lowered,
                                  after_end, prev_end, relative_used)
        if cand.period is None and n == 0 and context is not None:
            cand.period = context
        if n == 0 and not relative_used:
            reference = cand.period or reference  # later "same period last year" phrases count from here
        out.append(cand)
        prev = cand
        if n == 0 or (head is None):
            head = cand
    _assign_groups(out, text, phrases, calendar, reference)
    _from_to(out, text, phrases, calendar)
    # per-share appositives take their amount's period and concept
    for i, f in enumerate(figs):
        if f.kind == "per_share" and f.attached_to is not None:
            owner = next((c for c in out if c.figure is figs[f.attached_to]), None)
            out.append(_per_share(f, owner, sentence, finder))
        elif f.kind in ("percent", "shares", "count", "foreign"):
            reason = {"percent": "a percentage, not a monetary amount",
                      "shares": "a share count stated in prose (tables give share counts)",
                      "count": "a count, not a monetary amount",
                      "foreign": "an amount in a currency other than the release's"}[f.kind]
            out.append(Candidate(f, sentence, None, "", None, Dims(), False, reason))
    return out


def _assign_groups(cands: list[Candidate], text: str, phrases: list[PeriodPhrase], calendar: Calendar,
                   reference: Period | None) -> None:
    """"$7,402,884 and $16,105,480 for the three-month and nine-month periods ended September 30,
    2024, compared with $6,947,979 and $14,486,896 for the comparable period in 2023": the figures
    of an "X and Y" group take the periods the phrase after the group names, in order."""
    groups: list[list[int]] = []
    for n, c in enumerate(cands):
        if n and AND_GAP.fullmatch(text, cands[n - 1].figure.end, c.figure.start):
            groups[-1].append(n)
        else:
            groups.append([n])
    previous: list[Period] | None = None
    for g in groups:
        if len(g) < 2:
            previous = None
            continue
        last = cands[g[-1]].figure
        following = cands[g[-1] + 1].figure.start if g[-1] + 1 < len(cands) else len(text)
        after = [p for p in phrases if last.end <= p.start < following and p.start - last.end <= 90]
        if not after:
            first = cands[g[0]].figure
            start = cands[g[0] - 1].figure.end if g[0] else 0
            after = [p for p in phrases if start <= p.start and p.end <= first.start and p.kind == "pair"][-1:]
        found: list[Period] = []
        if after and after[0].kind == "pair":
            found = calendar.resolve_all(after[0], reference)
        elif after and after[0].kind in ("relative", "bare_year") and previous and len(previous) == len(g):
            found = [p for p in (calendar.resolve(after[0], ref) for ref in previous) if p is not None]
        if len(found) == len(g):
            head = cands[g[0]]
            for k, idx in enumerate(g):
                c = cands[idx]
                c.period = found[k]
                if k and c.concept is None:
                    c.concept, c.rule, c.negative = head.concept, head.rule, head.negative
                if k and not c.dims.stated():
                    c.dims = head.dims
        previous = [cands[i].period for i in g]


PERIOD_START = re.compile(r"(?:the\s+)?(?:first|second|third|fourth|fiscal|full|quarter|year|same|prior|comparable|"
                          r"three|six|nine|twelve|(?:19|20)\d\d)\b", re.I)


def _from_to(cands: list[Candidate], text: str, phrases: list[PeriodPhrase], calendar: Calendar) -> None:
    """"revenue rose from $5.64 million to $6.64 million": with no period stated for either, the
    figure after "to" is the period's and the one after "from" the same period a year earlier."""
    for a, b in zip(cands, cands[1:]):
        if not _ends_with_word(text, a.figure.start, ("from",)):
            continue
        between = text[a.figure.end:b.figure.start]
        if between.strip() != "to" or a.period is None:
            continue
        if any(a.figure.end <= p.start < b.figure.start for p in phrases):
            continue  # "from $7.79 million in 2023 to $4.90 million": the phrases decide
        b.period = a.period
        a.period = calendar.shift(b.period, months=-12)
        if b.concept is None:
            b.concept, b.rule, b.negative, b.dims = a.concept, a.rule, a.negative, a.dims


AND_GAP = re.compile(r"\s*,?\s*and\s*")


def _ends_with_word(text: str, end: int, words: tuple[str, ...]) -> bool:
    """Whether text[:end] ends with one of the words, then only white space: what
    re.search(r"\\b(?:word|...)\\s*$", text[:end]) answers, without trying every position."""
    stem = text[:end].rstrip()
    for word in words:
        if stem.endswith(word):
            before = stem[-len(word) - 1:-len(word)]  # "" at the start of the text
            if not before or not (before.isalnum() or before == "_"):
                return True
    return False


def _says_loss(text: str, match: ConceptMatch, fig: Figure) -> bool:
    """"... narrowed to a net loss of $1.5 million": the words right before the figure say loss."""
    if match.concept.sign != "signed":
        return False
    near = text[max(match.end, fig.start - 30):fig.start]
    return bool(LOSS_NEAR.search(near))


def _period_for(fig, n, figs, money_idx, phrases, prev, comparison, reference, calendar: Calendar, text, lowered, after_end,
                prev_end, relative_used: list) -> Period | None:
    def resolve(p: PeriodPhrase, ref: Period | None) -> Period | None:
        if p.kind in ("relative", "bare_year"):
            relative_used.append(p)
        if p.kind == "bare_year" and not comparison:
            return calendar.full_year(int(p.match.group("y2")))  # "revenues in 2003": the year
        return calendar.resolve(p, ref)

    # 1. attached after the figure, before the next figure or comparison word
    for p in phrases:
        if fig.end <= p.start < after_end and p.start - fig.end <= 90 and not p.comparison:
            return resolve(p, reference if n else (prev.period if prev else reference))
    # 2. in the figure's own clause before it (not the comparison of a percentage)
    own = [p for p in phrases if prev_end <= p.start and p.end <= fig.start and not p.comparison]
    if own:
        p = own[-1]
        if not COMPARISON_SCAN.search(text, lowered, p.end, fig.start) or p.kind in ("length_ended", "quarter", "quarter_ended", "instant"):
            return resolve(p, reference)
    # 1b. a phrase closing a list the figure opens ("revenue of $15.68 billion and net quarterly
    # profit of $3.38 billion, ..., in the year-ago quarter"), up to the next comparison word
    if prev is None:
        cm = COMPARISON_SCAN.search(text, lowered, fig.end)
        stop = cm.start() if cm else len(text)
        later = [p for p in phrases if fig.end <= p.start < stop and not p.comparison]
        if later:
            return resolve(later[0], reference)
    # 3. the previous figure's: the same period, or a year earlier after "compared to"
    if prev is not None and prev.period is not None:
        if comparison:
            return calendar.shift(prev.period, months=-12)
        return prev.period
    # 4. for the first figure: a phrase anywhere before it in the sentence
    if n == 0:
        before = [p for p in phrases if p.end <= fig.start and not p.comparison]
        if before:
            return resolve(before[-1], reference)
    return None


def _per_share(f: Figure, owner: Candidate | None, sentence: Sentence, finder: ConceptFinder) -> Candidate:
    cand = Candidate(f, sentence, None, "", owner.period if owner else None, Dims(), f.negative or bool(owner and owner.negative))
    if owner is None or owner.concept is None:
        cand.reason = "a per-share amount whose amount has no line item"
        return cand
    if owner.reason:
        cand.reason = owner.reason
        return cand
    name = owner.concept.name
    if name not in ("NetIncomeLoss", "NetIncomeLossAvailableToCommonStockholdersBasic", "ProfitLoss"):
        cand.reason = f"a per-share amount of {name}, which has no per-share concept"
        return cand
    kind = f.per_share_kind
    label = {"basic and diluted": "basic and diluted net income per share", "diluted": "diluted net income per share",
             "basic": "basic net income per share"}.get(kind)
    if label is None:
        cand.concept = None  # not named exactly; still compared with the table's per-share figures
        return cand
    hit = finder.lookup(label)
    if hit is None:
        cand.reason = "no per-share concept for this amount"
        return cand
    cand.concept, cand.rule = hit
    cand.dims = owner.dims
    return cand
