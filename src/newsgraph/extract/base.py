"""What every extractor sees: the parsed Doc and the Draft of the article read so far.

An extractor is a callable with `name` and `version`: `__call__(doc, draft) -> Iterable[fact]`.
It reads the Doc and the facts earlier extractors put on the Draft (entities before quotes,
times before events), never changes them, and never raises on messy text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from newsgraph.model import Entity, Event, Mention, Quantity, Quote, Ref, Span, TimeExpr


class Extractor(Protocol):
    """One fact kind: a read-only pass over the Doc."""

    name: str
    version: str

    def __call__(self, doc: Doc, draft: Draft) -> Iterable[Any]: ...


@dataclass
class Draft:
    """The article as read so far: clean text, its parts and the facts found until now."""

    text: str
    published: dt.date | None
    paragraphs: list[Span]
    entities: list[Entity] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def title(self) -> Span:
        """The headline's span (the first paragraph)."""
        return self.paragraphs[0] if self.paragraphs else Span(0, 0)

    def paragraph_of(self, offset: int) -> int:
        """Index of the paragraph holding a character offset (-1 when in none)."""
        for i, p in enumerate(self.paragraphs):
            if p.start <= offset < p.end:
                return i
        return -1

    def entity(self, entity_id: str | None) -> Entity | None:
        """The entity with this id, if any."""
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None

    def mention_at(self, start: int, end: int) -> tuple[Entity, Mention] | None:
        """The entity mention that best overlaps [start, end), if any."""
        best: tuple[int, Entity, Mention] | None = None
        for e in self.entities:
            for m in e.mentions:
                overlap = min(end, m.end) - max(start, m.start)
                if overlap > 0 and (best is None or overlap > best[0]):
                    best = (overlap, e, m)
        return (best[1], best[2]) if best else None

    def time_at(self, start: int, end: int) -> TimeExpr | None:
        """The time expression overlapping [start, end), if any."""
        for t in self.times:
            if t.start < end and start < t.end:
                return t
        return None


def ref(span: SpacySpan, entity: Entity | None = None) -> Ref:
    """A Ref from a spaCy span, naming the entity where one is given."""
    return Ref(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        entity=entity.id if entity else None,
        name=entity.name if entity else None,
    )
