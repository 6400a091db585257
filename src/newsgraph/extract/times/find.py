"""Find time expressions in a parsed Doc: spaCy's DATE/TIME entities plus token patterns.

The small model misses many TimeML expressions ("now", "for months", "the past three months",
"third-quarter", "recently"); a token pass over the same Doc finds them from a trigger word
(a unit, weekday, month, season, deictic or reference word) grown left over its modifiers and
numbers and right over "ago"/"earlier". Overlapping candidates are merged, coordinations of two
dates ("Aug. 2 and Aug. 6") split, ages ("61-year-old") and fractions ("a quarter of") dropped.
No second spaCy pass; one walk over the tokens.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from newsgraph.nlp_parsed import parsed

_UNITS = {"year", "month", "week", "day", "decade", "century", "quarter", "hour", "minute",
          "weekend", "fortnight"}  # fmt: skip
UNIT_FORMS = _UNITS | {u + "s" for u in _UNITS} | {"centuries", "seconds"}
STANDALONE = {
    "now",
    "today",
    "tonight",
    "yesterday",
    "tomorrow",
    "currently",
    "recently",
    "lately",
    "formerly",
    "nowadays",
    "daily",
    "weekly",
    "overnight",
    "current",
}
NEEDS_DETERMINER = {"future", "past", "morning", "afternoon", "evening"}
SEASON_WORDS = {"spring", "summer", "fall", "autumn", "winter"}
HOLIDAY_WORDS = {"Christmas", "Thanksgiving", "Easter", "Halloween"}
WEEKDAYS = {d for d in calendar.day_name} | {d + "s" for d in calendar.day_name}
MONTHS = (
    {m for m in calendar.month_name[1:]} | {m + "." for m in calendar.month_abbr[1:]} | {"Sept."}
)
LEFT = {"the", "a", "an", "this", "last", "next", "past", "coming", "previous", "following",
        "few", "several", "couple", "many", "some", "early", "mid", "late", "recent", "first",
        "second", "third", "fourth", "final", "latest", "fiscal", "earlier", "later", "each",
        "every", "per", "same", "current", "prior", "initial", "entire", "whole", "full",
        "another", "additional", "nearly", "about", "around", "almost", "roughly", "-", "mid-",
        "most", "year", "calendar", "approximately", "upcoming"}  # fmt: skip
DETERMINERS = LEFT - {"-", "mid-", "year", "most", "nearly", "about", "around", "almost",
                      "roughly", "approximately"}  # fmt: skip
NAME_LEFT = {"early", "mid", "late", "last", "next", "this", "coming", "past", "previous",
             "mid-", "-", "earlier", "later", "each", "every"}  # fmt: skip
RIGHT = {"ago", "earlier", "later", "hence", "old"}
BARE_PLURAL_AFTER = {"for", "over", "within", "during", "in", "after", "about"}
CLOCK_TOKENS = {"a.m.", "p.m.", "am", "pm", "a.m", "p.m"}
# Words that join a neighbouring date into one expression ("Wednesday night", "noon Thursday").
ATTACHES = CLOCK_TOKENS | {"noon", "midnight", "midday", "morning", "afternoon", "evening",
                           "night", "est", "edt", "gmt"}  # fmt: skip
PIECE = re.compile(r",? (?:and|or|to|through|until|till|ended|ending|of|from|in) |, (?!\d{4}\b)")
SPLIT = re.compile(r",? (?:and|or|to|through|until|till) |, ")
TEMPORAL = re.compile(
    r"\d|\b(?:" + "|".join(sorted(UNIT_FORMS | STANDALONE | NEEDS_DETERMINER | SEASON_WORDS))
    + r"|" + "|".join(d.lower() for d in calendar.day_name)
    + r"|" + "|".join(m.lower() for m in calendar.month_abbr[1:]) + r")",
)  # fmt: skip

# Every word `_trigger` can accept, lower-cased (a year is told by its shape): the words of
# a text it need not look at.
_MAY_TRIGGER = (
    frozenset(w.lower() for w in (*WEEKDAYS, *MONTHS, *HOLIDAY_WORDS))
    | STANDALONE | CLOCK_TOKENS | NEEDS_DETERMINER | SEASON_WORDS | UNIT_FORMS | {"period"}
)  # fmt: skip


def _is_number(token: Token) -> bool:
    return bool(token.like_num) or token.lower_ in ("a", "an", "one")


def _trigger(doc: Doc, i: int) -> bool:
    """Does token i start or anchor a time expression by itself or with its left context?"""
    token = doc[i]
    word, lower = token.text, token.lower_
    prev = doc[i - 1].lower_ if i > 0 else ""
    if word in WEEKDAYS or (word in MONTHS and word != "May") or lower in STANDALONE or (
            word in HOLIDAY_WORDS):  # fmt: skip
        return not (lower == "current" and token.dep_ == "compound")
    if lower in CLOCK_TOKENS:
        return i > 0 and doc[i - 1].like_num
    if lower == "period":
        return prev in ("latest", "year-earlier", "year-ago", "comparable", "recent")
    if lower in NEEDS_DETERMINER:
        return prev in ("the", "this", "in", "yesterday", "tomorrow", "last", "near")
    if lower in SEASON_WORDS:
        year_next = i + 1 < len(doc) and bool(re.fullmatch(r"\d{4}", doc[i + 1].text))
        return prev in DETERMINERS or year_next
    if lower in UNIT_FORMS:
        if lower.startswith("quarter") and (prev in ("a", "one", "three") or (
                i + 1 < len(doc) and doc[i + 1].lower_ == "of" and prev not in (
                    "first", "second", "third", "fourth"))):  # fmt: skip
            return False
        if lower == "day" and prev in ("the", "a"):
            return False
        if prev in DETERMINERS or (i > 0 and _is_number(doc[i - 1])) or prev in ("-", "couple"):
            return True
        return lower.endswith("s") and prev in BARE_PLURAL_AFTER
    return token.like_num and bool(re.fullmatch(r"(?:19|20)\d\d", word)) and prev in (
        "in", "since", "by", "until", "from", "of", "fiscal", "through", "during", "before",
        "after", "early", "late", "mid", "to")  # fmt: skip


def _grow(doc: Doc, i: int) -> tuple[int, int]:
    """Token range [start, end) around trigger i: modifiers and its count left, 'ago' right.

    A unit takes determiners and the numbers right before it ("the past twenty four hours");
    a name (weekday, month, "now") only takes early/mid/late/last/next/this.
    """
    unit = doc[i].lower_ in UNIT_FORMS or doc[i].lower_ == "period"
    allowed = LEFT if unit else NAME_LEFT
    start, counting = i, unit
    while start > 0:
        prev = doc[start - 1]
        lower = prev.lower_
        couple_of = lower == "of" and start > 1 and doc[start - 2].lower_ == "couple"
        if couple_of or (counting and (prev.like_num or lower in ("-", "and", "to"))):
            start -= 1
        elif lower in allowed and not prev.like_num:
            start -= 1
            counting = False
        else:
            break
    while start < i and doc[start].lower_ in ("-", "and", "to"):
        start += 1
    end = i + 1
    if end < len(doc) and (
        (doc[i].text in HOLIDAY_WORDS and doc[end].text in ("Day", "Eve"))
        or doc[end].lower_ in RIGHT
    ):
        end += 1
    elif end + 1 < len(doc) and doc[end].lower_ == "from" and doc[end + 1].lower_ == "now":
        end += 2
    return start, end


def _split(text: str, start: int) -> list[tuple[int, int]]:
    """Split "Aug. 2 and Aug. 6" / "Tuesday or Wednesday" where each side is a time."""
    parts, pos = [], 0
    for m in SPLIT.finditer(text):
        left, right = text[pos : m.start()], text[m.end() :]
        if TEMPORAL.search(left.lower()) and TEMPORAL.search(right.lower()) and re.search(
                r"[A-Za-z]", left) and re.search(r"[A-Za-z]", right):  # fmt: skip
            parts.append((start + pos, start + m.start()))
            pos = m.end()
    parts.append((start + pos, start + len(text)))
    return parts


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate span and, should it not read as a time as a whole, smaller pieces to try
    (longest first): its parts between "ended", "of", "and", commas, and what found it."""

    start: int
    end: int
    pieces: tuple[tuple[int, int], ...] = ()


def _pieces(
    doc: Doc, full: str, start: int, end: int, members: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    text = full[start:end]
    found, pos = [], 0
    for m in PIECE.finditer(text):
        found.append((start + pos, start + m.start()))
        pos = m.end()
    found.append((start + pos, end))
    for s, e in members:
        found.append((max(doc[s].idx, start), min(doc[e - 1].idx + len(doc[e - 1]), end)))
    trimmed = {_trim(full, s, e) for s, e in found}
    return sorted((p for p in trimmed if p[1] > p[0] and p != (start, end)),
                  key=lambda p: p[0] - p[1])  # fmt: skip


def _may_trigger(lower: str) -> bool:
    """Whether a lower-case word may trigger a time expression (a cheap first test)."""
    return lower in _MAY_TRIGGER or (len(lower) == 4 and lower[:2] in ("19", "20"))


def find_candidates(doc: Doc, text: str) -> list[Candidate]:
    """Candidate time expressions, in order, non-overlapping (`text` is `doc.text`, which
    spaCy rebuilds on every access)."""
    ranges: list[tuple[int, int]] = [
        (ent.start, ent.end) for ent in parsed(doc).ents if ent.label_ in ("DATE", "TIME")
    ]
    strings = doc.vocab.strings
    lowers = doc.to_array(LOWER).tolist()
    may = {w for w in set(lowers) if _may_trigger(strings[w])}
    for i, lower_id in enumerate(lowers):
        if lower_id in may and _trigger(doc, i):
            ranges.append(_grow(doc, i))
    ranges.sort()
    groups: list[tuple[list[int], list[tuple[int, int]]]] = []
    for start, end in ranges:
        touching = (
            groups
            and start == groups[-1][0][1]
            and (doc[start].lower_ in ATTACHES or doc[start - 1].lower_ in ATTACHES)
        )
        if groups and (start < groups[-1][0][1] or touching):
            groups[-1][0][1] = max(groups[-1][0][1], end)
            groups[-1][1].append((start, end))
        else:
            groups.append(([start, end], [(start, end)]))
    found: list[Candidate] = []
    for (start, end), members in groups:
        span = doc[start:end]
        if span[-1].lower_ == "old" or span.text.lower().endswith("-old"):
            continue
        for s, e in _split(span.text, span.start_char):
            s, e = _trim(text, s, e)
            if e > s:
                found.append(Candidate(s, e, tuple(_pieces(doc, text, s, e, members))))
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Strip edge whitespace and punctuation (keeping "a.m." and "Aug.")."""
    while start < end and (text[start].isspace() or text[start] in ",;:(\"'“‘-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:)\"'”’-"):
        end -= 1
    return start, end
