"""When and where candidates, tied to the events they belong to.

- when: an early event's time, every date or time the headline and the first sentences
  name (a clock time, a time that could not be resolved and a vague "now" included, with
  their text), and the publication date (no text) last. Features: the event's, how precise
  the value is (a time of day, a day, a week, a month, a year), how far from the
  publication date, where it is told, how often the article names that day, and whether it
  modifies another noun ("Tuesday's election": the time of that event, not of the news).
- where: an early event's place, written with the containing place beside it ("Croydon,
  south London"), and the place named inside it ("in Afghanistan" → "Mazar-i-Sharif"); each
  place the headline and the first sentences name; the dateline ("KABUL, Afghanistan (AP)
  —", the place of the events its sentence tells without one); a proper noun after a
  preposition of place in the headline or lede that no entity names. Features: the event's,
  whether the place is a country or region, where it is told, how often named, whether it
  contains or lies in another place the text names, whether it modifies another event's
  noun ("US election"). A place that qualifies a person ("US President") or tells where
  people come from ("adults from South London") is no candidate.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.core import get_global
from spacy.tokens import Doc, Span

from newsgraph.extract.events.args import (
    DATELINE_DASHES,
    DATELINE_WORDS,
    DIRECTIONS,
    Mentions,
    in_dateline,
    np_span,
)
from newsgraph.extract.summary.rank import Option, Options
from newsgraph.extract.summary.reading import EVENT_FEATURES, POSITION_FEATURES, Reading
from newsgraph.model import Mention, TimeExpr, TimeRef
from newsgraph.text.titles import ROLE_NOUNS, TITLES, title_key

PLACES = ("GPE", "LOC", "FAC")
NAMES = frozenset({"name", "acronym"})  # mention kinds that name a place ("UK")
VAGUE = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
BESIDE = DIRECTIONS | {"near", "outside"}
DATELINE_SENTENCES = 3  # a dateline opens the body: the first sentences after a repeated title
AT = frozenset({"in", "at", "near", "outside", "inside"})  # prepositions that tell where
LEDE = 10  # body sentences read for times and places not held by an event
WHEN_FEATURES = (
    *EVENT_FEATURES,
    "from_event",
    "time_of_day",
    "day",
    "week",
    "month",
    "year",
    "vague",
    "unresolved",
    "near_day",
    "near_week",
    "near_month",
    "future",
    "repeated",
    "modifier",
    "other_event_modifier",
    "published",
    *POSITION_FEATURES,
    "offered",
)
WHERE_FEATURES = (
    *EVENT_FEATURES,
    "from_event",
    "unnamed",
    "country",
    "dateline",
    "mentions",
    "named_in_title",
    "most_named",
    "outer",
    "inner",
    "modifier",
    "other_event_modifier",
    *POSITION_FEATURES,
    "offered",
)


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """Names of countries and world regions, lower-cased (CLDR, through Babel), and their
    two-letter codes and aliases in capitals ("US", "UK")."""
    territories = Locale("en").territories
    names = {name.lower() for name in territories.values()}
    codes = {c for c in (*territories, *get_global("territory_aliases")) if c.isalpha()}
    return frozenset(names | {c for c in codes if len(c) == 2})


def country(names: list[str]) -> bool:
    """Whether any of a place's names is a country or a world region ("Afghanistan", "the
    United States", "U.S.", "UK", "Europe")."""
    for name in names:
        bare = name.removeprefix("the ").removeprefix("The ")
        if bare.lower() in countries() or bare.replace(".", "") in countries():
            return True
    return False


def _precision(value: str | None) -> dict[str, float]:
    """How precise a resolved value is, and whether it is vague or unresolved."""
    if value in VAGUE:
        return {"vague": 1.0}
    if not value or not value[:4].isdigit():
        return {"unresolved": 1.0}
    if "T" in value[10:11] or value[4:5] == "T":
        return {"time_of_day": 1.0, "day": float(len(value) >= 10)}
    if len(value) >= 10:
        return {"day": 1.0}
    if "-W" in value:
        return {"week": 1.0}
    return {"month": 1.0} if len(value) == 7 and value[5:7].isdigit() else {"year": 1.0}


def _distance(value: str | None, published: dt.date | None) -> dict[str, float]:
    """How near a value lies to the publication date (news reports what has just
    happened), and whether it lies after it."""
    if not value or published is None or not value[:4].isdigit():
        return {}
    if value[:10] > published.isoformat()[: len(value[:10])]:
        return {"future": 1.0}
    try:
        gap = abs((dt.date.fromisoformat(value[:10]) - published).days)
    except ValueError:
        same_month = value[:7] == published.isoformat()[:7]
        same_week = value[:8] == published.strftime("%G-W%V")
        return {"near_month": float(same_month or same_week), "near_week": float(same_week)}
    return {
        "near_day": float(gap <= 1),
        "near_week": float(gap <= 7),
        "near_month": float(gap <= 31),
    }


class Anchors:
    """The when and where candidates of one article."""

    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self.doc: Doc = reading.doc
        self.draft = reading.draft
        self.triggers = {t.i: event_id for event_id, t in reading.tokens.items() if t is not None}
        days: dict[str, int] = {}
        for x in self.draft.times:
            if x.value and x.value[:1].isdigit() and len(x.value) >= 10:
                days[x.value[:10]] = days.get(x.value[:10], 0) + 1
        self.days = days
        self.containers = Mentions(self.draft).containers(self.doc)
        places = [len(e.references()) for e in self.draft.entities if e.type in PLACES]
        self.most = max(places, default=0)
        self.outer = {ref.entity for ref in self.containers.values()}
        self.inner_of: dict[str | None, list[Mention]] = {}
        by_id = {e.id: e for e in self.draft.entities}
        for inner, outer in self.containers.items():
            named = [m for m in by_id[inner].mentions if m.kind in NAMES]
            early = [m for m in named if reading.sentence(m.start) <= LEDE]
            self.inner_of.setdefault(outer.entity, []).extend(early[:1])

    def _modifies(self, start: int, end: int) -> dict[str, float]:
        """Whether a phrase modifies a noun ("Tuesday's election", "US election"), and
        whether that noun tells an event the headline does not (a background event)."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or span.root.dep_ not in MODIFIER_DEPS:
            return {}
        event = self.triggers.get(span.root.head.i)
        background = event is not None and not self.reading.event(event)["event_title"]
        return {"modifier": 1.0, "other_event_modifier": float(background)}

    def _time(self, t: TimeExpr | TimeRef, value: str | None, event: dict[str, float]) -> Option:
        published = self.draft.published
        if value == "PRESENT_REF" and published:
            value = published.isoformat()  # "now": the day of publication, vaguely
            precision = {"vague": 1.0}
        else:
            precision = _precision(value)
        day = value[:10] if value and len(value) >= 10 else None
        features = {
            **event,
            "from_event": float(bool(event)),
            **precision,
            **_distance(value, published),
            "repeated": min(1.0, (self.days.get(day, 1) - 1) / 3) if day else 0.0,
            **self._modifies(t.start, t.end),
            **self.reading.position(t.start),
        }
        return Option(t.text, t.start, t.end, value, features)

    def when(self, out: Options) -> None:
        reading = self.reading
        for event in self.draft.events:
            t = event.time
            if t is None or t.source != "text" or not reading.told_early(event):
                continue
            out.add("when", self._time(t, t.value, reading.event(event.id)))
        for x in self.draft.times:
            if x.type in ("DATE", "TIME") and reading.sentence(x.start) <= LEDE:
                out.add("when", self._time(x, x.value, {}))
        if self.draft.published:
            value = self.draft.published.isoformat()
            out.add("when", Option("", 0, 0, value, {"published": 1.0, "day": 1.0}))

    def _place(self, start: int, end: int, event: dict[str, float], **extra: float) -> Option:
        found = self.draft.mention_at(start, end)
        entity = found[0] if found else None
        told = self._modifies(start, end)
        start, end = self._with_container(start, end)
        titled = entity is not None and any(
            m.start < self.reading.title_end for m in entity.references()
        )
        features = {
            **event,
            "from_event": float(bool(event)),
            "unnamed": float(entity is None or entity.type not in PLACES),
            "country": float(
                country([entity.name, *entity.aliases] if entity else [self.draft.text[start:end]])
            ),
            "mentions": min(1.0, len(entity.references()) / 5) if entity else 0.0,
            "most_named": float(entity is not None and len(entity.references()) >= self.most),
            "named_in_title": float(titled),
            "outer": float(entity is not None and entity.id in self.outer),
            **told,
            **self.reading.position(start),
            **extra,
        }
        return Option(self.draft.text[start:end], start, end, None, features)

    def _with_container(self, start: int, end: int) -> tuple[int, int]:
        """A place with the containing place written beside it, as coders mark it:
        "Croydon, south London", "Sao Paulo, Brazil"."""
        doc = self.doc
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or span.end + 1 >= len(doc) or doc[span.end].text != ",":
            return start, end
        i = span.end + 1
        if doc[i].lower_ in BESIDE and i + 1 < len(doc):
            i += 1
        if doc[i].ent_type_ not in ("GPE", "LOC") or doc[i].ent_iob_ != "B":
            return start, end
        found = self.draft.mention_at(doc[i].idx, doc[i].idx + len(doc[i]))
        if found is None or found[0].type not in ("GPE", "LOC"):
            return start, end
        while i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
            i += 1
        return start, doc[i].idx + len(doc[i].text)

    def _affiliation(self, start: int, end: int) -> bool:
        """A place name that qualifies a person or a role ("US President Barack Obama",
        "Afghan officials") or tells where people come from ("three adults from South
        London") tells whose, not where."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        if root.dep_ == "pobj" and root.head.lower_ == "from":
            return root.head.head.pos_ in ("NOUN", "PROPN", "NUM")
        if root.dep_ not in MODIFIER_DEPS:
            return False
        head = root.head
        return (
            head.ent_type_ == "PERSON"
            or title_key(head.text) in TITLES
            or head.lower_ in ROLE_NOUNS
        )

    def where(self, out: Options) -> None:
        reading = self.reading
        for event in self.draft.events:
            p = event.place
            if p is None or not reading.told_early(event):
                continue
            features = reading.event(event.id)
            out.add("where", self._place(p.start, p.end, features))
            for m in self.inner_of.get(p.entity, ()):  # "in Afghanistan" → "Mazar-i-Sharif"
                out.add("where", self._place(m.start, m.end, features, inner=1.0))
        for entity in self.draft.entities:
            if entity.type not in PLACES:
                continue
            named = [m for m in entity.mentions if m.kind in NAMES]
            early = [
                m
                for m in named
                if reading.sentence(m.start) <= LEDE and not self._affiliation(m.start, m.end)
            ]
            if early:
                m = early[0]
                inner = float(any(m in ms for ms in self.inner_of.values()))
                out.add("where", self._place(m.start, m.end, {}, inner=inner))
        for span, news in self._datelines():
            told = self._placeless(news)
            out.add("where", self._place(span.start_char, span.end_char, told, dateline=1.0))
        for span in self._unnamed():
            out.add("where", self._place(span.start_char, span.end_char, {}))

    def _unnamed(self) -> list[Span]:
        """Proper nouns the headline or the lede's first sentence puts after a preposition of
        place ("Tram derails in Croydon") that no entity names: the model missed a place."""
        found = []
        for t in self.doc:
            if self.reading.sentence(t.idx) > 0:
                break
            if t.pos_ != "PROPN" or t.dep_ != "pobj" or t.head.lower_ not in AT:
                continue
            end = t.idx + len(t)
            if self.draft.mention_at(t.idx, end) is None and self.draft.time_at(t.idx, end) is None:
                found.append(self.doc[np_span(t)[0] : t.i + 1])
        return found

    def _placeless(self, sent: Span) -> dict[str, float]:
        """The features of the events a sentence tells without a place of their own (a
        dateline is where they happened), each at its strongest."""
        found: dict[str, float] = {}
        for event in self.draft.events:
            if event.place is None and sent.start_char <= event.trigger.start < sent.end_char:
                for k, v in self.reading.event(event.id).items():
                    found[k] = max(v, found.get(k, 0.0))
        return found

    def _datelines(self) -> list[tuple[Span, Span]]:
        """The place a body paragraph's dateline names ("KABUL, Afghanistan (AP) —",
        "WASHINGTON —"): its first words up to a comma, bracket or the dash, when they name a
        place (not a caption's "FILE -"); with the sentence the dateline opens."""
        found = []
        doc = self.doc
        for sent in doc.sents:
            if self.reading.sentence(sent.start_char) > DATELINE_SENTENCES:
                break
            first = sent[0]
            if first.pos_ != "PROPN" or not in_dateline(first) or first.ent_type_ not in PLACES:
                continue
            last = first.i
            while last + 1 < sent.end and doc[last + 1].pos_ == "PROPN":
                last += 1
            dash = next(
                t.i for t in doc[first.i : first.i + DATELINE_WORDS] if t.text in DATELINE_DASHES
            )
            news = doc[dash + 1].sent if dash + 1 < len(doc) else sent
            found.append((doc[first.i : last + 1], news))
        return found
