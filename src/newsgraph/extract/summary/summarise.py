"""The 5W1H summary: who did what, when, where, why and how — ranked candidates derived from
the article's events, not from a separate pass over the text.

Who, what, when and where: every candidate (`actors`, `anchors`) carries features — where it
is told, the event it belongs to and whether that is the headline's main event (`headline`,
`reading`), its role, its kind — and a logistic model per W, learned on Giveme5W1H gold-dev
(`rank`, trained by `eval/fivew_train.py`), gives its confidence; the best five are kept.

Why and how: the cause, purpose, means or manner cues of each event's clause (`cues`), ranked
by the cue's strength and by how central the event that holds it is — where it is first told
(title, then the lede's sentences, decaying with the sentence), how often, its type and
status; below FLOOR no answer is given, since a weak cue is more often wrong than right.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.base import Draft
from newsgraph.extract.summary.actors import WHAT_FEATURES, WHO_FEATURES, what_options, who_options
from newsgraph.extract.summary.anchors import WHEN_FEATURES, WHERE_FEATURES, Anchors
from newsgraph.extract.summary.cues import how, why
from newsgraph.extract.summary.rank import Options, models, ranked
from newsgraph.extract.summary.reading import Reading
from newsgraph.model import Candidate, Event, Summary
from newsgraph.nlp import lemma_of

FOUR = ("who", "what", "when", "where")
# The features each W's model reads, in the order its weights are stored.
FEATURES = {
    "who": WHO_FEATURES,
    "what": WHAT_FEATURES,
    "when": WHEN_FEATURES,
    "where": WHERE_FEATURES,
}
TYPE_WEIGHT = {"other": 0.9, "statement": 0.4}
STATUS_WEIGHT = {
    "happened": 1.0,
    "planned": 0.85,
    "uncertain": 0.6,
    "denied": 0.6,
    "hypothetical": 0.5,
}
# Why and how are often not told at all: a weak cue (a purpose infinitive far down, an
# "after" phrase) is more often wrong than right, so below this no answer is given.
FLOOR = {"why": 0.46, "how": 0.5}
TOP = 5


def _early(reading: Reading, offset: int) -> float:
    """How much a cue's position says (inverted pyramid): title and lede first."""
    n = reading.sentence(offset) + 1
    return 1.0 if n <= 3 else max(0.3, 0.9 - 0.03 * (n - 4))


def salience(event: Event, reading: Reading) -> float:
    """How central an event is to the article for its why and how: where it is first told,
    how often, its type, status and confidence."""
    offsets = [e.start for e in event.evidence] or [event.trigger.start]
    n = reading.sentence(min(offsets)) + 1  # 0: the title
    position = 1.25 if n == 0 else 0.9 if n <= 3 else max(0.2, 0.8 - 0.03 * (n - 4))
    frequency = min(0.3, 0.1 * (len(event.evidence) - 1))
    kind = TYPE_WEIGHT.get(event.type, 1.0)
    status = STATUS_WEIGHT.get(event.status, 0.6)
    return (position + frequency) * kind * status * (0.5 + event.confidence / 2)


def _retold(doc: Doc, event: Event, token: Token | None) -> list[Token]:
    """The trigger, and in each other sentence the merged event keeps as evidence the word
    of the same lemma that tells it again."""
    if token is None:
        return []
    found = [token]
    lemma = lemma_of(token)
    for ref in event.evidence:
        span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None or span.start <= token.i < span.end:
            continue
        again = next((t for t in span if t.pos_ in ("VERB", "NOUN") and lemma_of(t) == lemma), None)
        found += [again] if again is not None else []
    return found


def _candidate(span: Span, confidence: float) -> Candidate:
    return Candidate(span.text, span.start_char, span.end_char, round(confidence, 3))


def _cues(reading: Reading) -> dict[str, tuple[Candidate, ...]]:
    """Why and how candidates, best first, each answer once."""
    draft = reading.draft
    plain = {e.id: salience(e, reading) for e in draft.events}
    best = max(plain.values()) or 1.0
    found: dict[str, dict[str, Candidate]] = {"why": {}, "how": {}}
    for event in draft.events:
        # a strong cue counts on any event (the floor drops the rest), in any sentence that
        # tells it ("At least 7 killed …" / "… were killed Wednesday when a tram jumped …")
        told = plain[event.id] / best
        for told_by in _retold(reading.doc, event, reading.tokens[event.id]):
            for w, cues in (("why", why(told_by)), ("how", how(told_by))):
                for span, strength in cues:
                    # the cue's own strength counts as much as where and on what it is told
                    confidence = strength * (0.4 + 0.6 * told * _early(reading, span.start_char))
                    key = span.text.casefold()
                    if confidence >= FLOOR[w] and (
                        key not in found[w] or found[w][key].confidence < round(confidence, 3)
                    ):
                        found[w][key] = _candidate(span, confidence)
    return {
        w: tuple(sorted(c.values(), key=lambda c: (-c.confidence, c.start))[:TOP])
        for w, c in found.items()
    }


def options(doc: Doc, draft: Draft) -> tuple[Reading, Options]:
    """The who/what/when/where candidates of one article, with their features."""
    reading = Reading(doc, draft)
    out = Options()
    who_options(reading, out)
    what_options(reading, out)
    anchors = Anchors(reading)
    anchors.when(out)
    anchors.where(out)
    return reading, out


def summarise(doc: Doc, draft: Draft) -> Summary:
    """Ranked who/what/when/where/why/how candidates for one article."""
    if not draft.events:
        return Summary()
    reading, found = options(doc, draft)
    learned = models()
    four = {w: ranked(found.get(w), learned[w]) for w in FOUR}
    cues = _cues(reading)
    return Summary(**four, why=cues["why"], how=cues["how"])
