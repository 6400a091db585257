"""The read side shared by every SQL backend: articles, quotes, events, entities, stats.

The SQL is portable (`?` placeholders; NULLs ordered first explicitly, as SQLite does by
default); the few places where the backends differ are hooks a backend fills in:
full-text search (`search`, `text_match`), JSON lists (`_json_values`, `_json_list`),
"starts with a year" (`_dated`), the columns of a table and the size on disk.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from newsgraph.errors import ConfigError
from newsgraph.store.base import TABLES, Row
from newsgraph.store.rows import unpack_article

_KEY_CHUNK = 4000  # (article_id, id) pairs per statement, well under either backend's limit
_HIDDEN = {"n", "json", "tsv"}  # row numbers, the packed article, full-text vectors

_COUNTS = (
    ("sources", "SELECT count(*) AS c FROM sources"),
    ("articles", "SELECT count(*) AS c FROM articles"),
    ("duplicates", "SELECT count(*) AS c FROM duplicates"),
    ("rejections", "SELECT count(*) AS c FROM rejections"),
    ("entities", "SELECT count(*) AS c FROM entities"),
    ("people", "SELECT count(DISTINCT norm) AS c FROM entities WHERE type = 'PERSON'"),
    ("mentions", "SELECT count(*) AS c FROM mentions"),
    ("quotes", "SELECT count(*) AS c FROM quotes"),
    ("events", "SELECT count(*) AS c FROM events"),
    ("times", "SELECT count(*) AS c FROM times"),
    ("quantities", "SELECT count(*) AS c FROM quantities"),
    ("residue_lines", "SELECT count(*) AS c FROM residue_lines"),
    ("publishers", "SELECT count(DISTINCT publisher) AS c FROM articles"),
)


def require_words(query: str) -> None:
    """A ConfigError for a search that leaves nothing to search for ("!!!", "*", '"')."""
    if not re.search(r"\w", query):
        raise ConfigError(f"nothing to search for in {query!r}: give words")


def _like(name: str) -> list[str]:
    return [f"%{w}%" for w in re.findall(r"\w+", name.lower())]


class SqlReads:
    """Read queries over a backend's `_execute`; mixed into each store."""

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        raise NotImplementedError

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        raise NotImplementedError

    def _columns(self, table: str) -> list[str]:
        raise NotImplementedError

    def _size_bytes(self) -> int:
        raise NotImplementedError

    def text_match(self, kind: str, query: str) -> tuple[str, list[Any]]:
        """A condition (with its parameters) true of the articles `a` or quotes `q` (kind
        "article" or "quote") whose text matches the words of `query`; a ConfigError when
        it holds no word (`require_words`). "U.S." matches those letters, not "us"; a
        quoted phrase is a phrase, also without its closing quote."""
        raise NotImplementedError

    def _dated(self, column: str) -> str:
        """A condition: the text in `column` starts with four digits (an ISO year)."""
        raise NotImplementedError

    def _json_values(self, column: str) -> str:
        """A table expression `j(value)` over the elements of a JSON list column."""
        raise NotImplementedError

    def _json_list(self, expression: str, order: str) -> str:
        """An aggregate collecting `expression` into a JSON list, in `order`."""
        raise NotImplementedError

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of a portable query (`?` placeholders) as dicts."""
        return self._execute(sql, params)

    def article(self, article_id: str) -> Row | None:
        rows = self._execute(
            "SELECT id, json FROM articles WHERE id >= ? ORDER BY id LIMIT 2", (article_id,)
        )
        found = [r for r in rows if str(r["id"]).startswith(article_id)]
        return unpack_article(bytes(found[0]["json"])) if len(found) == 1 else None

    def iter_articles(self) -> Iterator[Row]:
        for r in self._stream("SELECT json FROM articles ORDER BY n"):
            yield unpack_article(bytes(r["json"]))

    def table(self, name: str) -> Iterator[Row]:
        if name not in TABLES:
            raise ConfigError(f"no table {name!r}; one of {', '.join(TABLES)}")
        columns = self._columns(name)
        shown = ", ".join(f'"{c}"' for c in columns if c not in _HIDDEN | {"article"})
        if name == "articles":  # the compressed JSON is exported by `iter_articles`
            sql = f"SELECT {shown} FROM articles ORDER BY n"
        elif "article" in columns:  # fact tables: the article's content id, not its number
            rest = ", ".join(f't."{c}"' for c in columns if c not in _HIDDEN | {"article"})
            sql = (
                f"SELECT a.id AS article_id, {rest} FROM {name} t "
                "JOIN articles a ON a.n = t.article ORDER BY t.article"
            )
        else:
            sql = f"SELECT {shown} FROM {name}"
        yield from self._stream(sql)

    def quotes(self, speaker: str | None, contains: str | None, limit: int) -> list[Row]:
        where, params = [], []
        for pattern in _like(speaker or ""):
            where.append("(lower(q.speaker_name) LIKE ? OR e.norm LIKE ?)")
            params += [pattern, pattern]
        if contains:
            condition, values = self.text_match("quote", contains)
            where.append(condition)
            params += values
        sql = (
            "SELECT a.id AS article_id, a.title, a.published, coalesce(e.name, q.speaker_name) "
            "AS speaker, q.speaker_entity, q.speaker_description, q.cue, q.type, q.text, "
            'q.start, q."end", q.confidence FROM quotes q JOIN articles a ON a.n = q.article '
            "LEFT JOIN entities e ON e.article = q.article AND e.id = q.speaker_entity"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY a.published NULLS FIRST, a.n, q.start LIMIT ?"
        )
        return self._execute(sql, [*params, limit])

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
        dated = self._dated("ev.time_value")
        if since:  # compared at the event's own granularity: 2020-12 is since 2020-12-01
            where += [dated, "ev.time_value >= substr(CAST(? AS TEXT), 1, length(ev.time_value))"]
            params.append(since)
        if until:
            where += [dated, "substr(ev.time_value, 1, length(CAST(? AS TEXT))) <= ?"]
            params += [until, until]
        names = self._json_list("coalesce(e.name, p.name)", "p")
        sql = (
            "SELECT a.id AS article_id, a.title, a.published, ev.id AS event, ev.type, ev.trigger, "
            "ev.status, ev.time_value AS time, ev.time_text, ev.place, ev.place_in, ev.confidence, "
            f"(SELECT {names} FROM event_participants p "
            "LEFT JOIN entities e ON e.article = p.article AND e.id = p.entity "
            "WHERE p.article = ev.article AND p.event = ev.id) AS participants "
            "FROM events ev JOIN articles a ON a.n = ev.article"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY ev.time_value NULLS FIRST, a.n, ev.start LIMIT ?"
        )
        rows = self._execute(sql, [*params, limit])
        for r in rows:
            names_found = r["participants"]
            r["participants"] = (
                json.loads(names_found) if isinstance(names_found, str) else names_found or []
            )
        return rows

    def entities_named(self, surname: str | None, norm: str | None) -> list[Row]:
        return self._execute(
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
        return self._execute(
            f"{select} e.norm IN ({marks}) UNION {select} e.aliases != '[]' AND EXISTS ("
            f"SELECT 1 FROM {self._json_values('e.aliases')} "
            f"WHERE lower(replace(j.value, '.', '')) IN ({marks})) ORDER BY article, id",
            [*norms, *norms],
        )

    def keyed(self, sql: str, keys: Sequence[tuple[str, str]]) -> list[Row]:
        """Run `sql`, which reads `k(article, article_id, id)`: (article_id, id) pairs with
        their article numbers, in chunks."""
        rows: list[Row] = []
        for i in range(0, len(keys), _KEY_CHUNK):
            chunk = keys[i : i + _KEY_CHUNK]
            values = ",".join("(?, ?)" for _ in chunk)
            params = [x for key in chunk for x in key]
            rows += self._execute(
                f"WITH v(article_id, id) AS (VALUES {values}), "
                "k(article, article_id, id) AS (SELECT a.n, v.article_id, v.id FROM v "
                f"JOIN articles a ON a.id = v.article_id) {sql}",
                params,
            )
        return rows

    def entity_facts(self, keys: Sequence[tuple[str, str]]) -> Row:
        mentions = self.keyed(
            'SELECT k.article_id, m.entity, m.text, m.start, m."end", m.kind FROM mentions m '
            "JOIN k ON k.article = m.article AND k.id = m.entity ORDER BY m.article, m.start",
            keys,
        )
        quotes = self.keyed(
            'SELECT k.article_id, q.text, q.start, q."end", q.type, q.cue, q.confidence '
            "FROM quotes q JOIN k ON k.article = q.article AND k.id = q.speaker_entity "
            "ORDER BY q.article, q.start",
            keys,
        )
        events = self.keyed(
            "SELECT DISTINCT k.article_id, ev.id AS event, ev.type, ev.trigger, ev.status, "
            "ev.time_value AS time, ev.place, ev.confidence, ev.article FROM events ev "
            "JOIN event_participants p ON p.article = ev.article AND p.event = ev.id "
            "JOIN k ON k.article = p.article AND k.id = p.entity "
            "ORDER BY ev.time_value NULLS FIRST, ev.article, ev.id",
            keys,
        )
        for e in events:
            del e["article"]
        return {"mentions": mentions, "quotes": quotes, "events": events}

    def stats(self) -> Row:
        counts: Row = {key: int(self._execute(sql)[0]["c"]) for key, sql in _COUNTS}
        counts["bytes"] = self._size_bytes()
        return counts

    def rejections(self) -> list[Row]:
        rows = self._execute(
            "SELECT r.source AS input, r.stage, r.type, r.message AS reason, r.retryable "
            "FROM rejections r JOIN sources s ON s.name = r.source ORDER BY s.n"
        )
        for r in rows:
            r["retryable"] = bool(r["retryable"])
        return rows

    def duplicates(self) -> list[Row]:
        return self._execute(
            "SELECT d.source AS input, d.of_source AS original, s.article_id, d.similarity "
            "FROM duplicates d JOIN sources s ON s.name = d.source ORDER BY s.n"
        )
