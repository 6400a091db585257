"""The corpus layer's tables, shared by every SQL backend: corpus entities, blocking keys,
name forms, links, co-occurrence, overrides. Portable SQL over the backend's `_execute`.

Every method runs in the caller's transaction: a `write` hook's (the batch's) or the one
`transaction()` opens for relink and overrides. Both hold the corpus lock (`_lock_corpus`:
PostgreSQL's advisory lock), so whoever links reads every corpus entity committed before
and no one else links meanwhile.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from newsgraph.store.base import Row
from newsgraph.store.sql_read import marks

_ENTITY_COLUMNS = (
    "id",
    "type",
    "name",
    "named_by",
    "gender",
    "first_seen",
    "last_seen",
    "articles",
    "mentions",
    "founded_by",
)
_UPDATABLE = frozenset(_ENTITY_COLUMNS) - {"id", "founded_by"}
_CHUNK = 400
ID_LENGTH = 16  # model.content_id's default length
_TABLES = ("corpus_links", "corpus_names", "corpus_keys", "corpus_cooccur", "corpus_entities")


class SqlCorpus:
    """Corpus-layer reads and writes over a backend's `_execute`; mixed into each store."""

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _lock_corpus(self) -> None:
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (all or nothing) holding the corpus lock: relink, overrides."""
        with self._transaction():
            self._lock_corpus()
            yield

    def corpus_lookup(self, keys: Sequence[tuple[str, str]]) -> list[Row]:
        rows: list[Row] = []
        keys = sorted(set(keys))
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            where = " OR ".join("(k.kind = ? AND k.key = ?)" for _ in chunk)
            rows += self._execute(
                "SELECT k.kind AS key_kind, k.key AS key, e.* FROM corpus_keys k "
                f"JOIN corpus_entities e ON e.id = k.entity WHERE {where} ORDER BY e.id",
                [x for key in chunk for x in key],
            )
        return rows

    def corpus_keys(self, entities: Sequence[str], kind: str | None = None) -> list[Row]:
        if not entities:
            return []
        # by the entity index alone: with "kind = ?" in SQL, SQLite's planner searches the
        # primary key (kind, key, entity) by kind and reads every key of that kind, a cost
        # that grows with the corpus
        rows = self._execute(
            f"SELECT entity, kind, key FROM corpus_keys WHERE entity IN ({marks(entities)}) "
            "ORDER BY entity, kind, key",
            list(entities),
        )
        return [r for r in rows if r["kind"] == kind] if kind else rows

    def corpus_entity(self, entity_id: str) -> Row | None:
        if len(entity_id) == ID_LENGTH:  # a whole id: the primary key, no range scan
            rows = self._execute("SELECT * FROM corpus_entities WHERE id = ?", (entity_id,))
            return rows[0] if rows else None
        rows = self._execute(
            "SELECT * FROM corpus_entities WHERE id >= ? ORDER BY id LIMIT 2", (entity_id,)
        )
        found = [r for r in rows if str(r["id"]).startswith(entity_id)]
        return found[0] if len(found) == 1 else None

    def corpus_found(self, row: Mapping[str, Any]) -> None:
        self._execute(
            f"INSERT INTO corpus_entities ({', '.join(_ENTITY_COLUMNS)}) "
            f"VALUES ({marks(_ENTITY_COLUMNS)})",
            [row[c] for c in _ENTITY_COLUMNS],
        )

    def corpus_update(self, entity_id: str, fields: Mapping[str, Any]) -> None:
        unknown = set(fields) - _UPDATABLE
        if unknown:
            raise ValueError(f"not an updatable column: {sorted(unknown)}")
        if fields:
            sets = ", ".join(f"{c} = ?" for c in fields)
            self._execute(
                f"UPDATE corpus_entities SET {sets} WHERE id = ?", [*fields.values(), entity_id]
            )

    def corpus_add_keys(self, entity_id: str, keys: Sequence[tuple[str, str]]) -> None:
        self._executemany(
            "INSERT INTO corpus_keys (kind, key, entity) VALUES (?, ?, ?) "
            "ON CONFLICT (kind, key, entity) DO NOTHING",
            [(kind, key, entity_id) for kind, key in sorted(set(keys))],
        )

    def corpus_drop_keys(self, entity_id: str, kind: str) -> None:
        self._execute("DELETE FROM corpus_keys WHERE entity = ? AND kind = ?", (entity_id, kind))

    def corpus_add_forms(self, entity_id: str, forms: Mapping[str, int]) -> list[Row]:
        self._executemany(
            "INSERT INTO corpus_names (entity, form, count) VALUES (?, ?, ?) "
            "ON CONFLICT (entity, form) DO UPDATE SET count = corpus_names.count + excluded.count",
            [(entity_id, form, n) for form, n in sorted(forms.items())],
        )
        return self.corpus_forms(entity_id)

    def corpus_forms(self, entity_id: str) -> list[Row]:
        return self._execute(
            "SELECT form, count FROM corpus_names WHERE entity = ? ORDER BY count DESC, form",
            (entity_id,),
        )

    def corpus_link(
        self,
        article_id: str,
        entity_id: str,
        corpus_entity: str | None,
        confidence: float,
        reason: str,
    ) -> None:
        self._execute(
            "INSERT INTO corpus_links (article, entity, corpus_entity, confidence, reason) "
            "SELECT n, CAST(? AS TEXT), CAST(? AS TEXT), ?, CAST(? AS TEXT) FROM articles "
            "WHERE id = ? ON CONFLICT (article, entity) DO UPDATE SET "
            "corpus_entity = excluded.corpus_entity, confidence = excluded.confidence, "
            "reason = excluded.reason",
            (entity_id, corpus_entity, confidence, reason, article_id),
        )

    def corpus_add_cooccurrence(self, entities: Sequence[str], context: Sequence[str]) -> None:
        pairs = [(a, b) for a in entities for b in context if a != b]
        self._executemany(
            "INSERT INTO corpus_cooccur (entity, other, articles) VALUES (?, ?, 1) "
            "ON CONFLICT (entity, other) DO UPDATE SET articles = corpus_cooccur.articles + 1",
            pairs,
        )

    def corpus_cooccurrence(
        self, candidates: Sequence[str], context: Sequence[str]
    ) -> dict[str, int]:
        if not candidates or not context:
            return {}
        rows = self._execute(
            f"SELECT entity, sum(articles) AS n FROM corpus_cooccur "
            f"WHERE entity IN ({marks(candidates)}) AND other IN ({marks(context)}) "
            "GROUP BY entity",
            [*candidates, *context],
        )
        return {str(r["entity"]): int(r["n"]) for r in rows}

    def corpus_move(self, from_id: str, to_id: str) -> None:
        """Every link, key and name form of one corpus entity moves to another; the first
        is deleted (its counts are the caller's to add)."""
        self._execute(
            "UPDATE corpus_links SET corpus_entity = ? WHERE corpus_entity = ?", (to_id, from_id)
        )
        self._execute(
            "INSERT INTO corpus_keys (kind, key, entity) SELECT kind, key, CAST(? AS TEXT) "
            "FROM corpus_keys WHERE entity = ? ON CONFLICT (kind, key, entity) DO NOTHING",
            (to_id, from_id),
        )
        self._execute(
            "INSERT INTO corpus_names (entity, form, count) SELECT CAST(? AS TEXT), form, count "
            "FROM corpus_names WHERE entity = ? ON CONFLICT (entity, form) "
            "DO UPDATE SET count = corpus_names.count + excluded.count",
            (to_id, from_id),
        )
        for a, b in (("entity", "other"), ("other", "entity")):
            self._execute(
                f"INSERT INTO corpus_cooccur ({a}, {b}, articles) SELECT CAST(? AS TEXT), {b}, "
                f"articles FROM corpus_cooccur WHERE {a} = ? AND {b} != ? "
                "ON CONFLICT (entity, other) "
                "DO UPDATE SET articles = corpus_cooccur.articles + excluded.articles",
                (to_id, from_id, to_id),
            )
        self._execute(  # corpus events name the merged entity from now on
            "INSERT INTO corpus_event_entities (type, entity, event, role, lo, hi) "
            "SELECT type, CAST(? AS TEXT), event, role, lo, hi FROM corpus_event_entities "
            "WHERE entity = ? ON CONFLICT DO NOTHING",
            (to_id, from_id),
        )
        self._execute(
            "INSERT INTO corpus_event_roles (entity, outlet, place, participant) "
            "SELECT CAST(? AS TEXT), outlet, place, participant FROM corpus_event_roles "
            "WHERE entity = ? ON CONFLICT (entity) DO UPDATE SET "
            "outlet = corpus_event_roles.outlet + excluded.outlet, "
            "place = corpus_event_roles.place + excluded.place, "
            "participant = corpus_event_roles.participant + excluded.participant",
            (to_id, from_id),
        )
        self.corpus_delete(from_id)

    def corpus_delete(self, entity_id: str) -> None:
        for table, column in (
            ("corpus_keys", "entity"),
            ("corpus_names", "entity"),
            ("corpus_cooccur", "entity"),
            ("corpus_cooccur", "other"),
            ("corpus_event_entities", "entity"),
            ("corpus_event_roles", "entity"),
            ("corpus_entities", "id"),
        ):
            self._execute(f"DELETE FROM {table} WHERE {column} = ?", (entity_id,))

    def corpus_clear(self, entity_id: str) -> None:
        for table in ("corpus_keys", "corpus_names"):
            self._execute(f"DELETE FROM {table} WHERE entity = ?", (entity_id,))

    def corpus_reset(self) -> None:
        for table in _TABLES:
            self._execute(f"DELETE FROM {table}")

    def corpus_links(
        self, corpus_entity: str | None = None, article_id: str | None = None
    ) -> list[Row]:
        where, params = [], []
        if corpus_entity is not None:
            where.append("l.corpus_entity = ?")
            params.append(corpus_entity)
        if article_id is not None:
            where.append("a.id = ?")
            params.append(article_id)
        return self._execute(
            "SELECT a.id AS article_id, a.title, a.published, l.entity, l.corpus_entity, "
            "l.confidence, l.reason, e.name, e.type, e.titles, e.roles, e.affiliations, "
            "e.gender, e.mentions FROM corpus_links l JOIN articles a ON a.n = l.article "
            "JOIN entities e ON e.article = l.article AND e.id = l.entity"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY l.article, l.entity",
            params,
        )

    def corpus_overrides(self) -> list[Row]:
        rows = self._execute("SELECT n, action, args, created_at FROM corpus_overrides ORDER BY n")
        for r in rows:
            r["args"] = json.loads(r["args"])
        return rows

    def corpus_add_override(self, action: str, args: Mapping[str, Any]) -> None:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self._execute(
            "INSERT INTO corpus_overrides (action, args, created_at) VALUES (?, ?, ?)",
            (action, json.dumps(args, ensure_ascii=False, sort_keys=True), now),
        )

    def _entities_of(self, n: int, ids: Sequence[str] | None = None) -> list[Row]:
        """Entity rows of article number n (all, or some ids) with their mentions."""
        extra = f" AND id IN ({marks(ids)})" if ids is not None else ""
        entities = self._execute(
            "SELECT id, name, type, titles, roles, affiliations, aliases, gender "
            f"FROM entities WHERE article = ?{extra}",
            (n, *(ids or ())),
        )
        mentions: dict[str, list[tuple[str, str, int]]] = {}
        for m in self._execute(
            "SELECT entity, text, kind, start FROM mentions WHERE article = ? "
            'ORDER BY start, "end"',
            (n,),
        ):
            mentions.setdefault(m["entity"], []).append((m["text"], m["kind"], m["start"]))
        for e in entities:
            for column in ("titles", "roles", "affiliations", "aliases"):
                e[column] = json.loads(e[column])
            e["mentions"] = mentions.get(e["id"], [])
        return entities

    def iter_article_entities(self) -> Iterator[Row]:
        """Every stored article in ingest order with its entities and their mentions: what
        linking reads when it rebuilds the corpus layer."""
        for a in self._execute("SELECT n, id, published FROM articles ORDER BY n"):
            entities = self._entities_of(a["n"])
            yield {"id": a["id"], "published": a["published"], "entities": entities}

    def linked_entities(self, corpus_entity: str) -> list[Row]:
        """The articles linked to a corpus entity, in ingest order, each with the linked
        entities (as `iter_article_entities` gives them)."""
        grouped: dict[tuple[int, str, str | None], list[str]] = {}
        for r in self._execute(
            "SELECT a.n, a.id, a.published, l.entity FROM corpus_links l JOIN articles a "
            "ON a.n = l.article WHERE l.corpus_entity = ? ORDER BY a.n, l.entity",
            (corpus_entity,),
        ):
            grouped.setdefault((r["n"], r["id"], r["published"]), []).append(r["entity"])
        return [
            {"id": article_id, "published": published, "entities": self._entities_of(n, ids)}
            for (n, article_id, published), ids in grouped.items()
        ]
