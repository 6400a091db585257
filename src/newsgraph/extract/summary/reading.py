"""One article as the summary's ranking reads it: where a phrase stands (headline, lede,
how far down), which event the headline tells (the main event), and what each event is
like — the features its candidates carry.

Features are numbers in [0, 1]; their weights are learned (`rank`), never set by hand.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from newsgraph.extract.base import Draft
from newsgraph.extract.events.args import main_clause, quoted
from newsgraph.extract.summary.headline import headline_clause
from newsgraph.model import Event, Ref
from newsgraph.nlp_parsed import parsed

WORD = re.compile(r"[a-z0-9]+")
SMALL_WORDS = frozenset(
    "a an the of in on at to for with by from and or but as is are was were be has have had "
    "its it his her their after over into".split()
)
# Clause roles below the main clause: reported or adverbial clauses, relative clauses.
SUBORDINATE = frozenset({"advcl", "xcomp", "ccomp", "pcomp", "relcl", "acl"})
EARLY = 3  # body sentences that make the lede (inverted pyramid)
EVENT_FEATURES = (
    "event_main",
    "event_title",
    "event_pos",
    "event_retold",
    "event_typed",
    "event_statement",
    "event_subordinate",
    "event_quoted",
    "event_noun",
)
POSITION_FEATURES = ("title", "lede", "pos")


def words(text: str) -> set[str]:
    """Lower-cased content words of a phrase."""
    return {w for w in WORD.findall(text.lower()) if w not in SMALL_WORDS}


def trigger_token(doc: Doc, ref: Ref) -> Token | None:
    """The trigger's head token."""
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None:
        return None
    return next((t for t in span if t.pos_ in ("VERB", "NOUN")), span.root)


def clause_of(token: Token) -> str:
    """The clause that tells a trigger: "main" (the sentence's main verb, or a verb joined to
    it; headline grammar's "Seven killed as …" too), "sub" (a subordinate, relative or
    reported clause) or "noun" (an event noun)."""
    if token.pos_ == "NOUN":
        return "noun"
    head = token
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    if head.dep_ == "ROOT" or (head.head.dep_ == "ROOT" and head.i == main_clause(head.head).i):
        return "main"
    return "sub" if head.dep_ in SUBORDINATE else "main"


class Reading:
    """Positions, the headline's main event and every event's features for one article."""

    def __init__(self, doc: Doc, draft: Draft) -> None:
        self.doc = doc
        self.draft = draft
        title = draft.title
        self.title_end = title.end
        firsts = (doc[i].idx for i in parsed(doc).starts)  # each sentence's first character
        self.starts = [start for start in firsts if start >= title.end]
        self.title_words = words(draft.text[title.start : title.end])
        self.tokens = {e.id: trigger_token(doc, e.trigger) for e in draft.events}
        self.headline = headline_clause(doc)
        self.main = self._main_event(self.headline[0] if self.headline else None)
        self._by_id = {e.id: e for e in draft.events}
        self._features: dict[str, dict[str, float]] = {}
        actors = [
            len(e.references()) for e in draft.entities if e.type in ("PERSON", "ORG", "NORP")
        ]
        self.most_named = max(actors, default=0)  # mentions of the actor named most often

    def sentence(self, offset: int) -> int:
        """The body sentence an offset is in (0 = the lede's first; the headline is -1)."""
        if offset < self.title_end:
            return -1
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def position(self, offset: int) -> dict[str, float]:
        """Where a phrase stands: in the headline, the lede's first sentence, the first few
        sentences, and how far down (1 at the top, falling as 1/(1 + sentence))."""
        n = self.sentence(offset)
        return {"title": float(n < 0), "lede": float(n == 0), "pos": 1 / (1 + max(n, 0))}

    def title_overlap(self, text: str) -> float:
        """The share of a phrase's content words the headline uses."""
        found = words(text)
        return len(found & self.title_words) / len(found) if found else 0.0

    def _main_event(self, head: Token | None) -> str | None:
        """The event the headline's main clause tells: triggered by its head word, or by a
        word right below it ("Five dead": the head is "Five")."""
        if head is None:
            return None
        below = None
        for event_id, token in self.tokens.items():
            if token is None or token.idx >= self.title_end:
                continue
            if token.i == head.i:
                return event_id
            if token.head.i == head.i and below is None:
                below = event_id
        return below

    def event(self, event_id: str) -> dict[str, float]:
        """An event's features (computed once, for the events a candidate comes from)."""
        found = self._features.get(event_id)
        if found is None:
            found = self._features[event_id] = self._event(self._by_id[event_id])
        return found

    def _event(self, event: Event) -> dict[str, float]:
        token = self.tokens[event.id]
        offsets = [e.start for e in event.evidence] or [event.trigger.start]
        first = self.position(min(offsets))
        form = clause_of(token) if token is not None else "main"
        return {
            "event_main": float(event.id == self.main),
            "event_title": float(any(o < self.title_end for o in offsets)),
            "event_pos": first["pos"],
            "event_retold": min(1.0, (len(event.evidence) - 1) / 3),
            "event_typed": float(event.type not in ("other", "statement")),
            "event_statement": float(event.type == "statement"),
            "event_subordinate": float(form == "sub" or event.status != "happened"),
            "event_quoted": float(token is not None and quoted(token)),
            "event_noun": float(form == "noun"),
        }

    def told_early(self, event: Event) -> bool:
        """Whether an event is told in the headline or the first sentences of the body."""
        offsets = [e.start for e in event.evidence] or [event.trigger.start]
        return self.sentence(min(offsets)) <= 2 * EARLY
