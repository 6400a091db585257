"""The article entities the extractor finds in a text (every mention checked against the
text), shared by the entity tests."""

from __future__ import annotations

from newsgraph.extract.base import Draft
from newsgraph.extract.entities.extractor import EntityExtractor
from newsgraph.model import Entity, Span
from newsgraph.nlp import get_nlp


def entities(text: str) -> list[Entity]:
    doc = get_nlp()(text)
    draft = Draft(text=text, published=None, paragraphs=[Span(0, len(text))])
    found = list(EntityExtractor()(doc, draft))
    for e in found:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text
    return found


def by_name(found: list[Entity], name: str) -> Entity:
    return next(e for e in found if e.name == name)
