"""Entities of an article in another language: the NER of that language's spaCy pipeline.

Only what the model itself says: one entity per distinct name and type, with every mention.
The English rules (titles, roles, pronouns, acronyms, surnames) are not applied — they are
written for English and would be wrong rather than helpful.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from newsgraph.extract.entities.cluster import Cluster
from newsgraph.model import Entity, Mention

LABELS = {"PER": "PERSON", "PERSON": "PERSON", "ORG": "ORG", "LOC": "LOC", "GPE": "GPE"}
"""Model labels → the entity types of the output (WikiNER's MISC is left out, as the
English reading leaves out its miscellaneous types)."""


class NamedEntities:
    """Entities from the model's NER alone, for pipelines other than the English one."""

    name = "entities-ner"
    version = "1.0"

    def __call__(self, doc: Doc) -> Iterator[Entity]:
        clusters: dict[tuple[str, str], Cluster] = {}
        for ent in doc.ents:
            kind = LABELS.get(ent.label_)
            name = " ".join(ent.text.split())
            if kind is None or not any(c.isalpha() for c in name):
                continue
            cluster = clusters.setdefault((kind, name), Cluster(kind, name))
            cluster.add(Mention(ent.text, ent.start_char, ent.end_char))
        tag = f"{self.name}/{self.version}"
        for cluster in sorted(clusters.values(), key=lambda c: c.first):
            yield cluster.freeze(tag)
