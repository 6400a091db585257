"""Corpus entity records: founding one, adding what a linked article entity says to it, and
the name it goes by. Used by the linker and by hand corrections (overrides)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsgraph.link.evidence import PERSON, Named, entity_keys
from newsgraph.link.names import is_acronym
from newsgraph.model import content_id
from newsgraph.store.base import Row, Store


def found(store: Store, e: Named, how: str = "corpus") -> str:
    """A new corpus entity founded by an article entity; its id is the content hash of that
    founding evidence (article id and entity id) and of how (linking, or a split by hand)."""
    entity_id = content_id(how, e.article_id, e.entity_id)
    store.corpus_found(
        {
            "id": entity_id,
            "type": e.type,
            "name": e.name,
            "named_by": "forms",
            "gender": None,
            "first_seen": None,
            "last_seen": None,
            "articles": 0,
            "mentions": 0,
            "founded_by": e.anchor,
        }
    )
    return entity_id


def absorb(
    store: Store,
    entity_id: str,
    e: Named,
    in_article: set[str],
    founding: bool = False,
    adopt: bool = False,
) -> None:
    """Add what a linked article entity says to its corpus entity: blocking keys, name
    forms, counts, dates, gender, the type (a group joining a single-named "person" makes
    it that group) and the canonical name (unless renamed by hand).
    `in_article`: corpus entities this article already counted."""
    if adopt:
        store.corpus_drop_keys(entity_id, "bare")
    store.corpus_add_keys(entity_id, entity_keys(e, founding=founding))
    current = store.corpus_entity(entity_id)
    assert current is not None
    forms = store.corpus_add_forms(entity_id, e.form_counts())
    fields: dict[str, Any] = {"mentions": int(current["mentions"]) + e.mentions}
    if entity_id not in in_article:
        in_article.add(entity_id)
        fields["articles"] = int(current["articles"]) + 1
    if e.published:
        dates = [d for d in (current["first_seen"], current["last_seen"]) if d]
        fields["first_seen"] = min([*dates, e.published])
        fields["last_seen"] = max([*dates, e.published])
    if current["gender"] is None and e.gender:
        fields["gender"] = e.gender
    if current["type"] == PERSON and e.type != PERSON:  # the model's "person" was a group
        fields["type"] = e.type
    if current["named_by"] != "override" and forms:
        fields["name"] = canonical_name(current["type"], forms)
    store.corpus_update(entity_id, fields)


def canonical_name(entity_type: str, forms: Sequence[Row]) -> str:
    """The name a corpus entity goes by: its most used full form (persons: two or more
    words; others: not an acronym), the longest on a tie."""

    def rank(f: Row) -> tuple[bool, int, int, str]:
        form = str(f["form"])
        full = len(form.split()) > 1 if entity_type == PERSON else not is_acronym(form)
        return (full, int(f["count"]), len(form), form)

    return str(max(forms, key=rank)["form"])
