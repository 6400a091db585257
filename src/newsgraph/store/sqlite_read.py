"""What only SQLite reads differently: FTS5 search with snippets, JSON functions, the schema."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from newsgraph.errors import ConfigError
from newsgraph.store.base import Row
from newsgraph.store.sql_read import SqlReads, about

_FTS_SYNTAX = re.compile(r'["*()]|\b(AND|OR|NOT|NEAR)\b')


def fts_query(query: str) -> str:
    """Plain words as an FTS5 query: every word must occur (each quoted, so "U.S." is safe)."""
    words = re.findall(r"\w+", query)
    return " ".join(f'"{w}"' for w in words)


class SqliteReads(SqlReads):
    """SQLite's side of the read hooks, over `self.conn`; mixed into `SqliteStore`."""

    conn: sqlite3.Connection

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return [dict(r) for r in self.conn.execute(sql, params)]

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        for r in self.conn.execute(sql, params):
            yield dict(r)

    def _columns(self, table: str) -> list[str]:
        return [r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")]

    def _size_bytes(self) -> int:
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        return int(pages * self.conn.execute("PRAGMA page_size").fetchone()[0])

    def _dated(self, column: str) -> str:
        return f"{column} GLOB '[0-9][0-9][0-9][0-9]*'"

    def _json_values(self, column: str) -> str:
        return f"json_each({column}) j"

    def _json_list(self, expression: str, order: str) -> str:
        return f"json_group_array({expression})"  # in rowid order: the order written

    def text_match(self, kind: str, query: str) -> tuple[str, list[Any]]:
        words = fts_query(query)
        if not words:
            return "1 = 0", []
        table, alias = ("quotes", "q") if kind == "quote" else ("articles", "a")
        return f"{alias}.n IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)", [words]

    def _match(self, sql: str, query: str, limit: int, extra: Sequence[Any] = ()) -> list[Row]:
        """Run an FTS query as the user wrote it when it uses FTS syntax, else as words;
        `extra` are the parameters between the query's and the limit."""
        attempts = [query, fts_query(query)] if _FTS_SYNTAX.search(query) else [fts_query(query)]
        for i, q in enumerate(attempts):
            if not q:
                return []
            try:
                return self._execute(sql, (q, *extra, limit))
            except sqlite3.OperationalError:
                if i == len(attempts) - 1:
                    raise ConfigError(f"cannot search for {query!r}") from None
        return []

    def search(self, query: str, limit: int, entities: Sequence[str] = ()) -> list[Row]:
        only, ids = about(entities, "a.n")
        articles = self._match(
            "SELECT 'article' AS kind, a.id AS article_id, a.title, a.published, "
            "NULL AS speaker, snippet(articles_fts, 1, '[', ']', '…', 10) AS snippet, "
            "bm25(articles_fts) AS score FROM articles_fts JOIN articles a "
            f"ON a.n = articles_fts.rowid WHERE articles_fts MATCH ?{only} ORDER BY score LIMIT ?",
            query,
            limit,
            ids,
        )
        quotes = self._match(
            "SELECT 'quote' AS kind, a.id AS article_id, a.title, a.published, "
            "q.speaker_name AS speaker, "
            "snippet(quotes_fts, 0, '[', ']', '…', 10) AS snippet, bm25(quotes_fts) AS score "
            "FROM quotes_fts JOIN quotes q ON q.n = quotes_fts.rowid "
            f"JOIN articles a ON a.n = q.article WHERE quotes_fts MATCH ?{only} "
            "ORDER BY score LIMIT ?",
            query,
            limit,
            ids,
        )
        return sorted(articles + quotes, key=lambda r: float(r["score"]))[:limit]
