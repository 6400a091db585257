"""The corpus layer's tables in SQLite: corpus entities, blocking keys, name forms, links,
overrides. Plain SQL (ON CONFLICT, no SQLite-only functions) so PostgreSQL can share it.

Every method runs on the store's connection: called from a `write` hook or inside
`transaction()`, it is part of that transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from newsgraph.store.base import Row

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


class SqliteCorpus:
    """Corpus-layer reads and writes over `self.conn`; mixed into `SqliteStore`."""

    conn: sqlite3.Connection

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return [dict(r) for r in self.conn.execute(sql, params)]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (all or nothing) for relink and overrides."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def corpus_lookup(self, keys: Sequence[tuple[str, str]]) -> list[Row]:
        rows: list[Row] = []
        keys = sorted(set(keys))
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            where = " OR ".join("(k.kind = ? AND k.key = ?)" for _ in chunk)
            rows += self._rows(
                "SELECT k.kind AS key_kind, k.key AS key, e.* FROM corpus_keys k "
                f"JOIN corpus_entities e ON e.id = k.entity WHERE {where} ORDER BY e.id",
                [x for key in chunk for x in key],
            )
        return rows

    def corpus_keys(self, entities: Sequence[str], kind: str | None = None) -> list[Row]:
        if not entities:
            return []
        marks = ",".join("?" for _ in entities)
        extra, params = ("AND kind = ?", [kind]) if kind else ("", [])
        return self._rows(
            f"SELECT entity, kind, key FROM corpus_keys WHERE entity IN ({marks}) {extra} "
            "ORDER BY entity, kind, key",
            [*entities, *params],
        )

    def corpus_entity(self, entity_id: str) -> Row | None:
        if len(entity_id) == ID_LENGTH:  # a whole id: the primary key, no range scan
            row = self.conn.execute(
                "SELECT * FROM corpus_entities WHERE id = ?", (entity_id,)
            ).fetchone()
            return dict(row) if row is not None else None
        rows = self._rows(
            "SELECT * FROM corpus_entities WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
            (entity_id, entity_id + "\uffff"),
        )
        return rows[0] if len(rows) == 1 else None

    def corpus_found(self, row: Mapping[str, Any]) -> None:
        marks = ",".join("?" for _ in _ENTITY_COLUMNS)
        self.conn.execute(
            f"INSERT INTO corpus_entities ({', '.join(_ENTITY_COLUMNS)}) VALUES ({marks})",
            [row[c] for c in _ENTITY_COLUMNS],
        )

    def corpus_update(self, entity_id: str, fields: Mapping[str, Any]) -> None:
        unknown = set(fields) - _UPDATABLE
        if unknown:
            raise ValueError(f"not an updatable column: {sorted(unknown)}")
        if fields:
            sets = ", ".join(f"{c} = ?" for c in fields)
            self.conn.execute(
                f"UPDATE corpus_entities SET {sets} WHERE id = ?", [*fields.values(), entity_id]
            )

    def corpus_add_keys(self, entity_id: str, keys: Sequence[tuple[str, str]]) -> None:
        self.conn.executemany(
            "INSERT INTO corpus_keys (kind, key, entity) VALUES (?, ?, ?) "
            "ON CONFLICT (kind, key, entity) DO NOTHING",
            [(kind, key, entity_id) for kind, key in sorted(set(keys))],
        )

    def corpus_drop_keys(self, entity_id: str, kind: str) -> None:
        self.conn.execute(
            "DELETE FROM corpus_keys WHERE entity = ? AND kind = ?", (entity_id, kind)
        )

    def corpus_add_forms(self, entity_id: str, forms: Mapping[str, int]) -> list[Row]:
        self.conn.executemany(
            "INSERT INTO corpus_names (entity, form, count) VALUES (?, ?, ?) "
            "ON CONFLICT (entity, form) DO UPDATE SET count = corpus_names.count + excluded.count",
            [(entity_id, form, n) for form, n in sorted(forms.items())],
        )
        return self.corpus_forms(entity_id)

    def corpus_forms(self, entity_id: str) -> list[Row]:
        return self._rows(
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
        self.conn.execute(
            "INSERT INTO corpus_links (article, entity, corpus_entity, confidence, reason) "
            "SELECT n, ?, ?, ?, ? FROM articles WHERE id = ? "
            "ON CONFLICT (article, entity) DO UPDATE SET corpus_entity = excluded.corpus_entity, "
            "confidence = excluded.confidence, reason = excluded.reason",
            (entity_id, corpus_entity, confidence, reason, article_id),
        )

    def corpus_add_cooccurrence(self, entities: Sequence[str], context: Sequence[str]) -> None:
        pairs = [(a, b) for a in entities for b in context if a != b]
        self.conn.executemany(
            "INSERT INTO corpus_cooccur (entity, other, articles) VALUES (?, ?, 1) "
            "ON CONFLICT (entity, other) DO UPDATE SET articles = corpus_cooccur.articles + 1",
            pairs,
        )

    def corpus_cooccurrence(
        self, candidates: Sequence[str], context: Sequence[str]
    ) -> dict[str, int]:
        if not candidates or not context:
            return {}
        marks = ",".join("?" for _ in candidates)
        others = ",".join("?" for _ in context)
        rows = self.conn.execute(
            f"SELECT entity, sum(articles) FROM corpus_cooccur WHERE entity IN ({marks}) "
            f"AND other IN ({others}) GROUP BY entity",
            [*candidates, *context],
        )
        return {entity: int(n) for entity, n in rows}

    def corpus_move(self, from_id: str, to_id: str) -> None:
        """Every link, key and name form of one corpus entity moves to another; the first
        is deleted (its counts are the caller's to add)."""
        c = self.conn
        c.execute(
            "UPDATE corpus_links SET corpus_entity = ? WHERE corpus_entity = ?", (to_id, from_id)
        )
        c.execute(
            "INSERT INTO corpus_keys (kind, key, entity) SELECT kind, key, ? FROM corpus_keys "
            "WHERE entity = ? ON CONFLICT (kind, key, entity) DO NOTHING",
            (to_id, from_id),
        )
        c.execute(
            "INSERT INTO corpus_names (entity, form, count) SELECT ?, form, count "
            "FROM corpus_names WHERE entity = ? ON CONFLICT (entity, form) "
            "DO UPDATE SET count = corpus_names.count + excluded.count",
            (to_id, from_id),
        )
        for a, b in (("entity", "other"), ("other", "entity")):
            c.execute(
                f"INSERT INTO corpus_cooccur ({a}, {b}, articles) SELECT ?, {b}, articles "
                f"FROM corpus_cooccur WHERE {a} = ? AND {b} != ? ON CONFLICT (entity, other) "
                "DO UPDATE SET articles = corpus_cooccur.articles + excluded.articles",
                (to_id, from_id, to_id),
            )
        self.corpus_delete(from_id)

    def corpus_delete(self, entity_id: str) -> None:
        for table, column in (
            ("corpus_keys", "entity"),
            ("corpus_names", "entity"),
            ("corpus_cooccur", "entity"),
            ("corpus_cooccur", "other"),
            ("corpus_entities", "id"),
        ):
            self.conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (entity_id,))

    def corpus_clear(self, entity_id: str) -> None:
        for table in ("corpus_keys", "corpus_names"):
            self.conn.execute(f"DELETE FROM {table} WHERE entity = ?", (entity_id,))

    def corpus_reset(self) -> None:
        for table in (
            "corpus_links",
            "corpus_names",
            "corpus_keys",
            "corpus_cooccur",
            "corpus_entities",
        ):
            self.conn.execute(f"DELETE FROM {table}")

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
        return self._rows(
            "SELECT a.id AS article_id, a.title, a.published, l.entity, l.corpus_entity, "
            "l.confidence, l.reason, e.name, e.type, e.titles, e.roles, e.affiliations, "
            "e.gender, e.mentions FROM corpus_links l JOIN articles a ON a.n = l.article "
            "JOIN entities e ON e.article = l.article AND e.id = l.entity"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY l.article, l.entity",
            params,
        )

    def corpus_overrides(self) -> list[Row]:
        rows = self._rows("SELECT n, action, args, created_at FROM corpus_overrides ORDER BY n")
        for r in rows:
            r["args"] = json.loads(r["args"])
        return rows

    def corpus_add_override(self, action: str, args: Mapping[str, Any]) -> None:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.conn.execute(
            "INSERT INTO corpus_overrides (action, args, created_at) VALUES (?, ?, ?)",
            (action, json.dumps(args, ensure_ascii=False, sort_keys=True), now),
        )

    def _entities_of(self, n: int, ids: Sequence[str] | None = None) -> list[Row]:
        """Entity rows of article number n (all, or some ids) with their mentions."""
        extra = f" AND id IN ({','.join('?' for _ in ids)})" if ids is not None else ""
        entities = self._rows(
            "SELECT id, name, type, titles, roles, affiliations, aliases "
            f"FROM entities WHERE article = ?{extra}",
            (n, *(ids or ())),
        )
        mentions: dict[str, list[tuple[str, str, int]]] = {}
        for entity, text, kind, start in self.conn.execute(
            "SELECT entity, text, kind, start FROM mentions WHERE article = ? "
            'ORDER BY start, "end"',
            (n,),
        ):
            mentions.setdefault(entity, []).append((text, kind, start))
        for e in entities:
            for column in ("titles", "roles", "affiliations", "aliases"):
                e[column] = json.loads(e[column])
            e["mentions"] = mentions.get(e["id"], [])
        return entities

    def iter_article_entities(self) -> Iterator[Row]:
        """Every stored article in ingest order with its entities and their mentions: what
        linking reads when it rebuilds the corpus layer."""
        articles = self.conn.execute("SELECT n, id, published FROM articles ORDER BY n")
        for n, article_id, published in articles.fetchall():
            yield {"id": article_id, "published": published, "entities": self._entities_of(n)}

    def linked_entities(self, corpus_entity: str) -> list[Row]:
        """The articles linked to a corpus entity, in ingest order, each with the linked
        entities (as `iter_article_entities` gives them)."""
        out = []
        grouped: dict[tuple[int, str, str | None], list[str]] = {}
        for n, article_id, published, entity in self.conn.execute(
            "SELECT a.n, a.id, a.published, l.entity FROM corpus_links l JOIN articles a "
            "ON a.n = l.article WHERE l.corpus_entity = ? ORDER BY a.n, l.entity",
            (corpus_entity,),
        ):
            grouped.setdefault((n, article_id, published), []).append(entity)
        for (n, article_id, published), ids in grouped.items():
            entities = self._entities_of(n, ids)
            out.append({"id": article_id, "published": published, "entities": entities})
        return out
