"""Named entities made consistent within the article: one Entity per referent, every mention."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from newsgraph.extract.base import Draft
from newsgraph.model import Entity, Mention, content_id

KEPT_TYPES = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}


class EntityExtractor:
    """spaCy NER, then merging by name within the article."""

    name = "entities"
    version = "0.1"

    def __call__(self, doc: Doc, draft: Draft) -> Iterator[Entity]:
        groups: dict[tuple[str, str], list[Mention]] = {}
        for ent in doc.ents:
            if ent.label_ in KEPT_TYPES:
                key = (ent.label_, ent.text)
                groups.setdefault(key, []).append(Mention(ent.text, ent.start_char, ent.end_char))
        for (label, text), mentions in groups.items():
            yield Entity(
                id=content_id(label, text),
                name=text,
                type=label,
                mentions=tuple(mentions),
                extractor=f"{self.name}/{self.version}",
                confidence=0.8,
            )
