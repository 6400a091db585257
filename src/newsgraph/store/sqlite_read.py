"""The read side of the SQLite store: search, quotes, events, entities, stats, export rows."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from newsgraph.errors import ConfigError
from newsgraph.store.base import TABLES, Row
from newsgraph.store.rows import unpack_article

_FTS_SYNTAX = re.compile(r'["*()]|\b(AND|OR|NOT|NEAR)\b')
_KEY_CHUNK = 4000  # (article_id, id) pairs per statement, well under SQLite's variable limit


def fts_query(query: str) -> str:
    """Plain words as an FTS5 query: every word must occur (each quoted, so "U.S." is safe)."""
    words = re.findall(r"\w+", query)
    return " ".join(f'"{w}"' for w in words)


def _like(name: str) -> list[str]:
    return [f"%{w}%" for w in re.findall(r"\w+", name.lower())]


class SqliteReads:
    """Read queries over `self.conn`; mixed into `SqliteStore`."""

    conn: sqlite3.Connection

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return [dict(r) for r in self.conn.execute(sql, params)]

    def article(self, article_id: str) -> Row | None:
        row = self.conn.execute(
            "SELECT json FROM articles WHERE id >= ? AND id < ? ORDER BY id LIMIT 2",
            (article_id, article_id + "\uffff"),
        ).fetchall()
        if len(row) != 1:
            return None
        return unpack_article(row[0][0])

    def iter_articles(self) -> Iterator[Row]:
        for (blob,) in self.conn.execute("SELECT json FROM articles ORDER BY n"):
            yield unpack_article(blob)

    def iter_articles_with_stories(self) -> Iterator[Row]:
        """Every article as `iter_articles`, with the id of its story under "story"."""
        for blob, story in self.conn.execute(
            "SELECT a.json, s.story FROM articles a "
            "LEFT JOIN story_articles s ON s.article = a.id ORDER BY a.n"
        ):
            yield {**unpack_article(blob), "story": story}

    def table(self, name: str) -> Iterator[Row]:
        if name not in TABLES:
            raise ConfigError(f"no table {name!r}; one of {', '.join(TABLES)}")
        columns = [r[1] for r in self.conn.execute(f"PRAGMA table_info({name})")]
        if name == "articles":  # the compressed JSON is exported by `iter_articles`
            columns = [f"a.{c}" for c in columns if c not in ("n", "json")]
            sql = (
                f"SELECT {', '.join(columns)}, s.story FROM articles a "
                "LEFT JOIN story_articles s ON s.article = a.id ORDER BY a.n"
            )
        elif name == "stories":  # the profile is the linker's working state
            sql = "SELECT id, label, first, last, size FROM stories ORDER BY seq"
        elif "article" in columns:  # fact tables: the article's content id, not its number
            rest = ", ".join(f't."{c}"' for c in columns if c not in ("article", "n"))
            join = "JOIN articles a ON a.n = t.article ORDER BY t.article"
            sql = f"SELECT a.id AS article_id, {rest} FROM {name} t {join}"
        else:
            sql = f"SELECT * FROM {name}"
        for r in self.conn.execute(sql):
            yield dict(r)

    def _match(self, sql: str, query: str, limit: int) -> list[Row]:
        """Run an FTS query as the user wrote it when it uses FTS syntax, else as words."""
        attempts = [query, fts_query(query)] if _FTS_SYNTAX.search(query) else [fts_query(query)]
        for i, q in enumerate(attempts):
            if not q:
                return []
            try:
                return self._rows(sql, (q, limit))
            except sqlite3.OperationalError:
                if i == len(attempts) - 1:
                    raise ConfigError(f"cannot search for {query!r}") from None
        return []

    def search(self, query: str, limit: int) -> list[Row]:
        articles = self._match(
            "SELECT 'article' AS kind, a.id AS article_id, a.title, a.published, "
            "NULL AS speaker, snippet(articles_fts, 1, '[', ']', '…', 10) AS snippet, "
            "bm25(articles_fts) AS score FROM articles_fts JOIN articles a "
            "ON a.n = articles_fts.rowid WHERE articles_fts MATCH ? ORDER BY score LIMIT ?",
            query,
            limit,
        )
        quotes = self._match(
            "SELECT 'quote' AS kind, a.id AS article_id, a.title, a.published, "
            "q.speaker_name AS speaker, "
            "snippet(quotes_fts, 0, '[', ']', '…', 10) AS snippet, bm25(quotes_fts) AS score "
            "FROM quotes_fts JOIN quotes q ON q.n = quotes_fts.rowid "
            "JOIN articles a ON a.n = q.article WHERE quotes_fts MATCH ? "
            "ORDER BY score LIMIT ?",
            query,
            limit,
        )
        return sorted(articles + quotes, key=lambda r: float(r["score"]))[:limit]

    def quotes(self, speaker: str | None, contains: str | None, limit: int) -> list[Row]:
        where, params = [], []
        for pattern in _like(speaker or ""):
            where.append("(lower(q.speaker_name) LIKE ? OR e.norm LIKE ?)")
            params += [pattern, pattern]
        if contains:
            where.append("q.n IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            params.append(fts_query(contains))
        sql = (
            "SELECT a.id AS article_id, a.title, a.published, coalesce(e.name, q.speaker_name) "
            "AS speaker, q.speaker_entity, q.speaker_description, q.cue, q.type, q.text, "
            'q.start, q."end", q.confidence FROM quotes q JOIN articles a ON a.n = q.article '
            "LEFT JOIN entities e ON e.article = q.article AND e.id = q.speaker_entity"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY a.published, a.n, q.start LIMIT ?"
        )
        return self._rows(sql, [*params, limit])

    def events(
        self,
        type: str | None,
        who: str | None,
        since: str | None,
        until: str | None,
        limit: int,
    ) -> list[Row]:
        where: list[str] = []
        params: list[Any] = []
        if type:
            where.append("ev.type = ?")
            params.append(type)
        patterns = _like(who or "")
        if patterns:
            cond = " AND ".join("(lower(p.name) LIKE ? OR e.norm LIKE ?)" for _ in patterns)
            where.append(
                "EXISTS (SELECT 1 FROM event_participants p LEFT JOIN entities e "
                "ON e.article = p.article AND e.id = p.entity "
                f"WHERE p.article = ev.article AND p.event = ev.id AND {cond})"
            )
            params += [x for p in patterns for x in (p, p)]
        dated = "ev.time_value GLOB '[0-9][0-9][0-9][0-9]*'"
        if since:  # compared at the event's own granularity: 2020-12 is since 2020-12-01
            where += [dated, "ev.time_value >= substr(?, 1, length(ev.time_value))"]
            params.append(since)
        if until:
            where += [dated, "substr(ev.time_value, 1, length(?)) <= ?"]
            params += [until, until]
        sql = (
            "SELECT a.id AS article_id, a.title, a.published, ev.id AS event, ev.type, ev.trigger, "
            "ev.status, ev.time_value AS time, ev.time_text, ev.place, ev.place_in, ev.confidence, "
            "(SELECT json_group_array(coalesce(e.name, p.name)) FROM event_participants p "
            "LEFT JOIN entities e ON e.article = p.article AND e.id = p.entity "
            "WHERE p.article = ev.article AND p.event = ev.id) AS participants "
            "FROM events ev JOIN articles a ON a.n = ev.article"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY ev.time_value, a.n, ev.start LIMIT ?"
        )
        rows = self._rows(sql, [*params, limit])
        for r in rows:
            r["participants"] = json.loads(r["participants"])
        return rows

    def entities_named(self, surname: str | None, norm: str | None) -> list[Row]:
        return self._rows(
            "SELECT e.*, a.id AS article_id, a.title, a.published FROM entities e JOIN articles a "
            "ON a.n = e.article WHERE e.surname = ? OR e.norm = ? ORDER BY a.n",
            (surname, norm),
        )

    def entities_known_as(self, norms: Sequence[str]) -> list[Row]:
        if not norms:
            return []
        marks = ",".join("?" for _ in norms)
        select = (
            "SELECT e.*, a.id AS article_id, a.title, a.published FROM entities e "
            "JOIN articles a ON a.n = e.article WHERE "
        )
        return self._rows(
            f"{select} e.norm IN ({marks}) UNION {select} e.aliases != '[]' AND EXISTS ("
            "SELECT 1 FROM json_each(e.aliases) j "
            f"WHERE lower(replace(j.value, '.', '')) IN ({marks})) ORDER BY article",
            [*norms, *norms],
        )

    def _keyed(self, sql: str, keys: Sequence[tuple[str, str]]) -> list[Row]:
        """Run `sql` (which reads a CTE `k(article_id, id)`) over the keys, in chunks."""
        rows: list[Row] = []
        for i in range(0, len(keys), _KEY_CHUNK):
            chunk = keys[i : i + _KEY_CHUNK]
            values = ",".join("(?, ?)" for _ in chunk)
            params = [x for key in chunk for x in key]
            rows += self._rows(
                f"WITH v(article_id, id) AS (VALUES {values}), "
                "k(article, article_id, id) AS (SELECT a.n, v.article_id, v.id FROM v "
                f"JOIN articles a ON a.id = v.article_id) {sql}",
                params,
            )
        return rows

    def entity_facts(self, keys: Sequence[tuple[str, str]]) -> Row:
        mentions = self._keyed(
            'SELECT k.article_id, m.entity, m.text, m.start, m."end", m.kind FROM mentions m '
            "JOIN k ON k.article = m.article AND k.id = m.entity ORDER BY m.article, m.start",
            keys,
        )
        quotes = self._keyed(
            'SELECT k.article_id, q.text, q.start, q."end", q.type, q.cue, q.confidence '
            "FROM quotes q JOIN k ON k.article = q.article AND k.id = q.speaker_entity "
            "ORDER BY q.article, q.start",
            keys,
        )
        events = self._keyed(
            "SELECT DISTINCT k.article_id, ev.id AS event, ev.type, ev.trigger, ev.status, "
            "ev.time_value AS time, ev.place, ev.confidence FROM events ev "
            "JOIN event_participants p ON p.article = ev.article AND p.event = ev.id "
            "JOIN k ON k.article = p.article AND k.id = p.entity "
            "ORDER BY ev.time_value, ev.article",
            keys,
        )
        return {"mentions": mentions, "quotes": quotes, "events": events}

    def stats(self) -> Row:
        c = self.conn
        counts: Row = {}
        for key, sql in (
            ("sources", "SELECT count(*) FROM sources"),
            ("articles", "SELECT count(*) FROM articles"),
            ("duplicates", "SELECT count(*) FROM duplicates"),
            ("rejections", "SELECT count(*) FROM rejections"),
            ("entities", "SELECT count(*) FROM entities"),
            ("people", "SELECT count(DISTINCT norm) FROM entities WHERE type = 'PERSON'"),
            ("mentions", "SELECT count(*) FROM mentions"),
            ("quotes", "SELECT count(*) FROM quotes"),
            ("events", "SELECT count(*) FROM events"),
            ("times", "SELECT count(*) FROM times"),
            ("quantities", "SELECT count(*) FROM quantities"),
            ("residue_lines", "SELECT count(*) FROM residue_lines"),
            ("publishers", "SELECT count(DISTINCT publisher) FROM articles"),
            ("stories", "SELECT count(*) FROM stories"),
        ):
            counts[key] = c.execute(sql).fetchone()[0]
        pages = c.execute("PRAGMA page_count").fetchone()[0]
        counts["bytes"] = pages * c.execute("PRAGMA page_size").fetchone()[0]
        return counts

    def rejections(self) -> list[Row]:
        return self._rows(
            "SELECT r.source AS input, r.stage, r.type, r.message AS reason FROM rejections r "
            "JOIN sources s ON s.name = r.source ORDER BY s.n"
        )

    def duplicates(self) -> list[Row]:
        return self._rows(
            "SELECT d.source AS input, d.of_source AS original, s.article_id, d.similarity "
            "FROM duplicates d JOIN sources s ON s.name = d.source ORDER BY s.n"
        )
