"""What only SQLite reads differently: FTS5 search with snippets, JSON functions, the schema."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from newsgraph.errors import ConfigError
from newsgraph.store.base import Row
from newsgraph.store.sql_read import TRIGRAM, SqlReads, about, require_words
from newsgraph.text.scripts import UNSPACED_SCRIPT

_FTS_SYNTAX = re.compile(r'["*()]|\b(AND|OR|NOT|NEAR)\b')
_PHRASE = re.compile(r'"([^"]*)"?')  # a quoted phrase; an unbalanced quote runs to the end


def _terms(chunk: str) -> list[str]:
    """FTS5 strings for plain text: a word joined to others by punctuation and no space
    ("U.S.", "Milley's", "e-mail") is one phrase of its words, as the tokenizer stores it,
    so "U.S." is the words "u s" side by side, not "u" and every possessive "s"."""
    words = (re.findall(r"\w+", part) for part in chunk.split())
    return ['"' + " ".join(w) + '"' for w in words if w]


def fts_query(query: str) -> str:
    """A user's words as an FTS5 query in which every term must occur: quoted phrases
    ("reduction in violence", also with the closing quote missing) and words as `_terms`
    says. "" when the query holds no word."""
    terms: list[str] = []
    pos = 0
    for m in _PHRASE.finditer(query):
        terms += _terms(query[pos : m.start()])
        words = re.findall(r"\w+", m.group(1))
        if words:
            terms.append('"' + " ".join(words) + '"')
        pos = m.end()
    terms += _terms(query[pos:])
    return " ".join(terms)


def fts_attempts(query: str) -> list[str]:
    """The FTS5 queries to try in turn: the user's own when it uses FTS syntax (AND, OR,
    NEAR, *, parentheses, quotes), then `fts_query`; a ConfigError when nothing is left to
    search for ("!!!", "*")."""
    require_words(query)
    words = fts_query(query)
    return [query, words] if _FTS_SYNTAX.search(query) else [words]


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

    def _json_positions(self, column: str) -> str:
        return f"json_each({column}) j"  # an array element's key is its position

    def _json_list(self, expression: str, order: str) -> str:
        return f"json_group_array({expression})"  # in rowid order: the order written

    def text_match(self, kind: str, query: str) -> tuple[str, list[Any]]:
        table, alias = ("quotes", "q") if kind == "quote" else ("articles", "a")
        fts = f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?"
        runs, _ = self._first_that_runs(f"SELECT 1 FROM ({fts} LIMIT 1)", query)
        return f"{alias}.n IN ({fts})", [runs]

    def _first_that_runs(
        self, sql: str, query: str, params: Sequence[Any] = ()
    ) -> tuple[str, list[Row]]:
        """Run `sql` with an FTS query (its first `?`) as the user wrote it when it uses FTS
        syntax, else as words (`fts_attempts`); the query that ran and its rows, or a
        ConfigError when none can run."""
        attempts = fts_attempts(query)
        for q in attempts[:-1]:
            try:
                return q, self._execute(sql, (q, *params))
            except sqlite3.OperationalError:
                continue
        try:
            return attempts[-1], self._execute(sql, (attempts[-1], *params))
        except sqlite3.OperationalError:
            raise ConfigError(f"cannot search for {query!r}") from None

    def _match(self, sql: str, query: str, params: Sequence[Any] = ()) -> list[Row]:
        return self._first_that_runs(sql, query, params)[1]

    def _contains(self, term: str) -> tuple[str, list[Any]]:
        if len(term) >= TRIGRAM:
            match = "SELECT rowid FROM articles_trigram WHERE articles_trigram MATCH ?"
            return f"a.n IN ({match})", ['"' + term.replace('"', '""') + '"']
        return "instr(a.title || char(10) || a.text, ?) > 0", [term]

    def search(self, query: str, limit: int, entities: Sequence[str] = ()) -> list[Row]:
        if UNSPACED_SCRIPT.search(query):
            return self.search_unspaced(query, limit, entities)
        only, ids = about(entities, "a.n")
        articles = self._match(
            "SELECT 'article' AS kind, a.id AS article_id, a.title, a.published, "
            "NULL AS speaker, snippet(articles_fts, 1, '[', ']', '…', 10) AS snippet, "
            "bm25(articles_fts) AS score FROM articles_fts JOIN articles a "
            f"ON a.n = articles_fts.rowid WHERE articles_fts MATCH ?{only} ORDER BY score LIMIT ?",
            query,
            (*ids, limit),
        )
        quotes = self._match(
            "SELECT 'quote' AS kind, a.id AS article_id, a.title, a.published, "
            "q.speaker_name AS speaker, "
            "snippet(quotes_fts, 0, '[', ']', '…', 10) AS snippet, bm25(quotes_fts) AS score "
            "FROM quotes_fts JOIN quotes q ON q.n = quotes_fts.rowid "
            f"JOIN articles a ON a.n = q.article WHERE quotes_fts MATCH ?{only} "
            "ORDER BY score LIMIT ?",
            query,
            (*ids, limit),
        )
        return sorted(articles + quotes, key=lambda r: float(r["score"]))[:limit]
