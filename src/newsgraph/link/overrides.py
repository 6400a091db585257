"""Hand corrections of corpus entities: merge, split, rename.

Each is checked first (unknown ids, entities of different types, a split that would take
every link: `ConfigError`, nothing changed), applied, and recorded in `corpus_overrides`
anchored on article entities ('ARTICLE_ID/ENTITY_ID'), not on corpus ids, so `relink`
applies it again even where ids moved. An override whose anchors are gone is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsgraph.errors import ConfigError
from newsgraph.link.events import refresh as refresh_events
from newsgraph.link.evidence import from_rows
from newsgraph.link.records import absorb, found
from newsgraph.store.base import Row, Store

MAX_NAME = 200


def _entity(store: Store, entity_id: str) -> Row:
    row = store.corpus_entity(entity_id.strip()) if entity_id.strip() else None
    if row is None:
        raise ConfigError(f"no corpus entity {entity_id!r} (ids come from `newsgraph entity`)")
    return row


def _rebuild(store: Store, entity_id: str) -> None:
    """Keys, forms, counts and dates of a corpus entity recomputed from its links."""
    store.corpus_clear(entity_id)
    store.corpus_update(
        entity_id, {"articles": 0, "mentions": 0, "first_seen": None, "last_seen": None}
    )
    for article in store.linked_entities(entity_id):
        in_article: set[str] = set()
        for e in from_rows(article):
            absorb(store, entity_id, e, in_article, founding=True)


def _anchor_entity(store: Store, anchor: str) -> str | None:
    """The corpus entity an article entity ('ARTICLE_ID/ENTITY_ID') is linked to now."""
    article_id, _, entity = anchor.partition("/")
    for r in store.corpus_links(article_id=article_id):
        if r["entity"] == entity:
            return r["corpus_entity"]  # type: ignore[no-any-return]
    return None


def _merge(store: Store, ids: Sequence[str]) -> str:
    into, others = ids[0], [i for i in ids[1:] if i != ids[0]]
    for other in others:
        store.corpus_move(other, into)
    _rebuild(store, into)
    return into


def merge(store: Store, ids: Sequence[str]) -> Row:
    """Merge corpus entities into the first; the merged entity."""
    rows = [_entity(store, i) for i in ids]
    distinct = list(dict.fromkeys(r["id"] for r in rows))
    if len(distinct) < 2:
        raise ConfigError("merge needs two or more different corpus entities")
    types = sorted({r["type"] for r in rows})
    if len(types) > 1:
        raise ConfigError(f"cannot merge entities of different types ({', '.join(types)})")
    with store.transaction():
        _merge(store, distinct)
        anchors = [r["founded_by"] for r in rows if r["id"] in distinct]
        store.corpus_add_override("merge", {"entities": list(dict.fromkeys(anchors))})
    return _entity(store, distinct[0])


def _split(store: Store, entity_id: str, anchors: Sequence[str]) -> str:
    """Move the links of `anchors` to a new corpus entity founded by the first of them."""
    article_id, _, entity = anchors[0].partition("/")
    first = next(
        e
        for article in store.linked_entities(entity_id)
        for e in from_rows(article)
        if (e.article_id, e.entity_id) == (article_id, entity)
    )
    new_id = found(store, first, how="split")
    for anchor in anchors:
        a, _, ent = anchor.partition("/")
        store.corpus_link(a, ent, new_id, 1.0, "split off by hand")
    _rebuild(store, entity_id)
    _rebuild(store, new_id)
    refresh_events(store, [entity_id])
    return new_id


def _select(links: list[Row], mentions: Sequence[str], form: str | None) -> list[str]:
    """Anchors of the links chosen by article entity ('ARTICLE_ID/ENTITY_ID', a unique
    article id prefix allowed) or by the article entity's name."""
    chosen: list[str] = []
    for spec in mentions:
        prefix, _, entity = spec.partition("/")
        hits = [
            r for r in links if r["article_id"].startswith(prefix) and r["entity"] == entity
        ]
        if len(hits) != 1 or not prefix:
            raise ConfigError(f"{spec!r} is no mention of this entity (ARTICLE_ID/ENTITY_ID)")
        chosen.append(f"{hits[0]['article_id']}/{entity}")
    if form is not None:
        named = [f"{r['article_id']}/{r['entity']}" for r in links if r["name"] == form]
        if not named:
            raise ConfigError(f"no mention of this entity is named {form!r}")
        chosen += named
    return list(dict.fromkeys(chosen))


def split(
    store: Store, entity_id: str, mentions: Sequence[str] = (), form: str | None = None
) -> Row:
    """Split mentions (article entities) off a corpus entity into a new one; the new one."""
    row = _entity(store, entity_id)
    if not mentions and form is None:
        raise ConfigError("split needs --mention ARTICLE_ID/ENTITY_ID or --form NAME")
    links = store.corpus_links(corpus_entity=row["id"])
    chosen = _select(links, mentions, form)
    if len(chosen) >= len(links):
        raise ConfigError("cannot split off every mention of an entity (use rename instead)")
    with store.transaction():
        new_id = _split(store, row["id"], chosen)
        store.corpus_add_override("split", {"entity": row["founded_by"], "mentions": chosen})
    return _entity(store, new_id)


def rename(store: Store, entity_id: str, name: str) -> Row:
    """Give a corpus entity a name of one's choosing (kept through relinks)."""
    row = _entity(store, entity_id)
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise ConfigError(f"a name must have 1 to {MAX_NAME} characters")
    with store.transaction():
        store.corpus_update(row["id"], {"name": name, "named_by": "override"})
        store.corpus_add_override("rename", {"entity": row["founded_by"], "name": name})
    return _entity(store, row["id"])


def _apply_one(store: Store, action: str, args: dict[str, Any]) -> bool:
    if action == "merge":
        ids = [_anchor_entity(store, a) for a in args["entities"]]
        distinct = list(dict.fromkeys(i for i in ids if i))
        if len(distinct) >= 2:
            _merge(store, distinct)
        return bool(distinct)
    entity = _anchor_entity(store, args["entity"])
    if entity is None:
        return False
    if action == "rename":
        store.corpus_update(entity, {"name": args["name"], "named_by": "override"})
        return True
    moving = [a for a in args["mentions"] if _anchor_entity(store, a) == entity]
    total = len(store.corpus_links(corpus_entity=entity))
    if moving and len(moving) < total:
        _split(store, entity, moving)
    return True


def apply_overrides(store: Store) -> list[str]:
    """Apply every recorded override again, in order (inside the caller's transaction);
    the ones skipped because their anchors are gone."""
    skipped = []
    for o in store.corpus_overrides():
        if not _apply_one(store, o["action"], o["args"]):
            skipped.append(f"{o['n']} {o['action']}")
    return skipped
