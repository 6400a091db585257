"""Time expressions normalised TIMEX3-style against the publication date.

Candidates come from spaCy's DATE/TIME entities and token patterns (`find`); each is
normalised by rules (`norm`) modelled on HeidelTime's news strategy: the document
creation time (DCT) is the publication date; an underspecified date ("Tuesday", "June",
"the third quarter") lies in the past unless the sentence's tense or a cue word ("next",
"by", "will", "is on track to") points to the future; "early/mid/late" become modifiers.
Without a publication date relative expressions keep value None with a reason — never the
machine's clock — while absolute dates and durations still resolve.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.base import Draft
from newsgraph.extract.times.calendar import granularity_of, weekday_number
from newsgraph.extract.times.find import find_candidates
from newsgraph.extract.times.norm import normalise
from newsgraph.extract.times.rules import NO_DCT, Context
from newsgraph.model import TimeExpr
from newsgraph.nlp import lemma_of
from newsgraph.nlp_parsed import parsed

FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "could", "may", "might", "should", "must",
              "can", "ca", "'d"}  # fmt: skip
# Verbs of planning put what they govern ahead of the DCT even in the past tense.
PLANS = {"plan", "schedule", "expect", "intend", "aim", "prepare", "due", "slate", "propose"}
PERFECT_AUX = {"has", "have", "'ve", "'s"}
FUTURE_CUES = {"by", "until", "till", "before", "next", "coming", "upcoming", "starting"}
PAST_CUES = {"since", "ago", "last", "earlier"}
_BOUNDED = re.compile(r",?\s+(?:ended|ending)\b")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_QUARTER = re.compile(r"\d{4}-Q\d")
_NAMES_QUARTER = re.compile(r"(?i)\b(?:first|second|third|fourth|[1-4](?:st|nd|rd|th))[- ]quarter")


def verb_tense(verb: Token, depth: int = 0) -> int:
    """-1 past, +1 future (or modal/planned), 0 present or unknown, from one verb and its
    auxiliaries; an infinitive ("is on track to reduce") looks to the verb it depends on."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in aux}
    if words & FUTURE_AUX or ("going" in words and "to" in words) or lemma_of(verb) in PLANS:
        return 1
    if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
        return -1
    if (verb.tag_ == "VBN" and not aux) or (verb.tag_ in ("VBN", "VBG") and words & PERFECT_AUX):
        return -1
    if verb.tag_ == "VBG" and words & {"is", "are", "'re", "am"}:
        return 1
    if verb.tag_ == "VB" and "to" in words:
        head = verb.head
        if head.i != verb.i and head.pos_ in ("VERB", "AUX", "ADJ") and depth < 4:
            return 1 if verb_tense(head, depth + 1) >= 0 else 0
        return 1
    return 0


def direction(span: Span) -> int:
    """Which way from the DCT the sentence places this expression: -1, +1 or 0 (unknown)."""
    doc = span.doc
    before = doc[max(span.start - 2, parsed(doc).sentence(span.start)[0]) : span.start]
    tok = span.root
    verb: Token | None = None
    for _ in range(12):
        if tok.pos_ in ("VERB", "AUX"):
            verb = tok
            break
        if tok.head.i == tok.i:
            break
        tok = tok.head
    tense = verb_tense(verb or span.sent.root)
    cues = {t.lower_ for t in before}
    if tense >= 0 and cues & FUTURE_CUES:
        return 1
    if cues & PAST_CUES and tense <= 0:
        return -1
    return tense


def _confidence(value: str | None, relative: bool, known_direction: bool) -> float:
    if value is None:
        return 0.3
    if value.endswith("_REF"):
        return 0.6
    if not relative:
        return 0.9
    return 0.8 if known_direction else 0.65


@dataclass
class _State:
    """What the article has said so far: the DCT, the last fiscal quarter named, the last
    day named (with its sentence) for clock times."""

    dct: dt.date | None
    text: str
    quarter: str | None = None
    day: tuple[int, str] | None = None


_BETWEEN = re.compile(r"(?:,?\s+(?:on|of)\s+|,\s*|\s+)")
_CLOCK = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d)")


def _join_neighbours(found: list[TimeExpr], text: str) -> list[TimeExpr]:
    """Neighbours that name one moment: "on Saturday, April 25" (the weekday is that date
    when they agree) and "at 6am on Wednesday" (the clock time is on that day)."""
    for i, (first, then) in enumerate(itertools.pairwise(found)):
        if not (then.value and _DAY.fullmatch(then.value)):
            continue
        if not _BETWEEN.fullmatch(text[first.end : then.start]):
            continue
        date = dt.date.fromisoformat(then.value)
        clock = _CLOCK.fullmatch(first.value or "")
        if weekday_number(first.text) == date.weekday():
            found[i] = dataclasses.replace(first, value=then.value, confidence=then.confidence)
        elif clock:
            found[i] = dataclasses.replace(first, value=then.value + clock.group(1))
    return found


class TimeExtractor:
    """Every time expression of the article with its TIMEX3 type, value and modifier."""

    name = "times"
    version = "1"

    def __call__(self, doc: Doc, draft: Draft) -> Iterator[TimeExpr]:
        text = draft.text  # doc.text, which spaCy would rebuild token by token
        state = _State(draft.published, text)
        found: list[TimeExpr] = []
        for candidate in find_candidates(doc, text):
            whole = self._read(doc, candidate.start, candidate.end, state)
            if whole is not None:
                found.append(whole)
                continue
            taken: list[tuple[int, int]] = []
            for start, end in candidate.pieces:
                if any(s < end and start < e for s, e in taken):
                    continue
                piece = self._read(doc, start, end, state)
                if piece is not None:
                    taken.append((start, end))
                    found.append(piece)
        found.sort(key=lambda t: t.start)
        yield from _join_neighbours(found, text)

    def _read(self, doc: Doc, start: int, end: int, state: _State) -> TimeExpr | None:
        """The TimeExpr of doc.text[start:end], or None when it does not read as a time
        (a rule tripping over odd text costs that one expression, not the article)."""
        try:
            return self._normalised(doc, start, end, state)
        except (ValueError, IndexError, OverflowError, KeyError, TypeError):
            return None

    def _normalised(self, doc: Doc, start: int, end: int, state: _State) -> TimeExpr | None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        text = state.text[start:end]
        way = direction(span)
        sentence = parsed(doc).sentence(span.start)[0]
        day = state.day[1] if state.day and state.day[0] == sentence else None
        bounded = bool(_BOUNDED.match(state.text, end))
        found = normalise(text, Context(state.dct, way, day, state.quarter, bounded))
        if found.value is None and found.reason != NO_DCT:
            return None
        value = found.value
        if value and _QUARTER.fullmatch(value) and _NAMES_QUARTER.search(text):
            state.quarter = value
        if value and _DAY.match(value):
            state.day = (sentence, value[:10])
        return TimeExpr(
            text=text,
            start=start,
            end=end,
            type=found.type,
            value=value,
            granularity=granularity_of(value, found.type),
            modifier=found.modifier,
            reason=found.reason,
            extractor=f"{self.name}/{self.version}",
            confidence=_confidence(value, found.relative, way != 0),
        )
