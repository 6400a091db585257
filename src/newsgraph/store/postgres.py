"""The PostgreSQL store (`--db postgresql://user@host:port/dbname`): the shared SQL core over
a psycopg 3 connection pool, with PostgreSQL's own full-text search.

Full text: stored tsvector columns with GIN indexes, queries through `websearch_to_tsquery`
(quoted phrases, also without the closing quote, `or`, `-word`; a query without a word is a
ConfigError, as on SQLite), snippets by `ts_headline` with matches marked `[like this]` as
SQLite's are. Several ingests (processes, machines, Ray workers) may write at once: inputs
and articles are claimed by unique keys with `ON CONFLICT`, a batch that meets a deadlock is
retried whole, and migrations take an advisory lock. Linking depends on order (the first
article to name an entity founds it), so a batch that links takes the corpus advisory lock
before it writes anything and keeps it until it commits: linking batches follow one another,
each sees every corpus entity committed before it, and articles are numbered in the order
they were linked (the order `relink` replays). Reading, the slow part, still runs in
parallel. A writer killed mid-batch loses only its open transaction (and its lock with it).
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import errors
from psycopg.rows import dict_row, tuple_row
from psycopg_pool import ConnectionPool

from newsgraph.errors import ConfigError
from newsgraph.store.base import CorpusHook, Outcome, Row
from newsgraph.store.postgres_schema import MIGRATIONS
from newsgraph.store.sql_corpus import SqlCorpus
from newsgraph.store.sql_events import SqlEvents
from newsgraph.store.sql_read import TRIGRAM, UNSPACED_IN, SqlReads, about, require_words
from newsgraph.store.sql_stories import SqlStories
from newsgraph.store.sql_write import SqlWrites
from newsgraph.text.scripts import UNSPACED_SCRIPT

_MIGRATION_LOCK = 0x6E657773  # pg_advisory_xact_lock key of migrations ("news")
_CORPUS_LOCK = 0x6C696E6B  # pg_advisory_xact_lock key of the corpus layer ("link")
_RETRIES = 5  # a batch that meets a deadlock or a serialisation failure is tried again
_HEADLINE = "StartSel=[, StopSel=], MaxWords=12, MinWords=5, ShortWord=2, MaxFragments=1"


def _redact(url: str) -> str:
    return re.sub(r"//([^:@/]+):[^@/]*@", r"//\1:***@", url)


@functools.lru_cache(maxsize=512)
def _pg(sql: str) -> str:
    """Portable SQL (`?` placeholders) in psycopg's paramstyle."""
    return sql.replace("%", "%%").replace("?", "%s")


def applied(conn: psycopg.Connection[Any]) -> list[str]:
    """Names of the migrations recorded in this database, in the order they ran."""
    cur = conn.cursor(row_factory=tuple_row)
    if cur.execute("SELECT to_regclass('_migrations')").fetchone() in (None, (None,)):
        return []
    return [str(r[0]) for r in cur.execute("SELECT name FROM _migrations ORDER BY n")]


def migrate(conn: psycopg.Connection[Any]) -> list[str]:
    """Apply every migration not yet recorded, one transaction each, under an advisory lock
    (concurrent processes starting on a new database wait, then find it done)."""
    ran = []
    for migration in MIGRATIONS:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            conn.execute(
                "CREATE TABLE IF NOT EXISTS _migrations (n serial, name text PRIMARY KEY, "
                "applied_at text NOT NULL)"
            )
            done = applied(conn)
            unknown = [name for name in done if name not in {m.name for m in MIGRATIONS}]
            if unknown:
                raise ConfigError(
                    f"the database was made by a newer newsgraph (migration {unknown[0]})"
                )
            if migration.name in done:
                continue
            conn.execute(migration.sql)
            if migration.after is not None:
                migration.after(conn)
            if migration.then:
                conn.execute(migration.then)
            conn.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES "
                "(%s, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS+00:00'))",
                (migration.name,),
            )
            ran.append(migration.name)
    return ran


class PostgresStore(SqlReads, SqlWrites, SqlCorpus, SqlEvents, SqlStories):
    """A newsgraph database in PostgreSQL; safe to share between threads."""

    def __init__(self, url: str, create: bool = True, max_connections: int = 2) -> None:
        self.url = url
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
                if not create and not applied(conn):
                    raise ConfigError(
                        f"no newsgraph database at {_redact(url)} (run `newsgraph ingest` first)"
                    )
                migrate(conn)
        except psycopg.Error as err:
            message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise ConfigError(f"cannot use {_redact(url)}: {message}") from None
        self.pool: ConnectionPool[psycopg.Connection[Row]] = ConnectionPool(
            url,
            min_size=1,
            max_size=max(1, max_connections),
            kwargs={"autocommit": True, "row_factory": dict_row},
            open=True,
        )
        self._local = threading.local()

    def close(self) -> None:
        self.pool.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def ingest_lock(self) -> Iterator[None]:
        """Nothing to hold: several ingests may write at once (unique keys decide)."""
        yield

    def migrations(self) -> list[str]:
        with self.pool.connection() as conn:
            return applied(conn)

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[Row]]:
        """The open transaction's connection, or one from the pool."""
        conn: psycopg.Connection[Row] | None = getattr(self._local, "conn", None)
        if conn is not None:
            yield conn
            return
        with self.pool.connection() as conn:
            yield conn

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            with self._connection() as conn:
                cur = conn.execute(_pg(sql), params)
                return cur.fetchall() if cur.description else []
        except psycopg.DataError as err:  # e.g. a NUL character in a query string
            raise ConfigError(f"cannot run this query: {str(err).splitlines()[0]}") from None

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._connection() as conn, conn.cursor() as cur:
            cur.executemany(_pg(sql), rows)

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        with (
            self.pool.connection() as conn,
            conn.transaction(),
            conn.cursor(name="newsgraph_stream") as cur,
        ):
            cur.itersize = 500
            cur.execute(_pg(sql), params)
            yield from cur

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self.pool.connection() as conn:
            self._local.conn = conn
            try:
                with conn.transaction():
                    yield
            finally:
                self._local.conn = None

    def _lock_corpus(self) -> None:
        """The corpus advisory lock, held until the transaction ends (commit, rollback, or
        the connection dropped by a killed writer)."""
        self._execute("SELECT pg_advisory_xact_lock(?)", (_CORPUS_LOCK,))

    def write(
        self, outcomes: Sequence[Outcome], hooks: Sequence[CorpusHook] = ()
    ) -> dict[str, int]:
        for attempt in range(_RETRIES):
            try:
                return super().write(outcomes, hooks)
            except (errors.DeadlockDetected, errors.SerializationFailure):
                if attempt == _RETRIES - 1:
                    raise
                time.sleep(0.05 * 2**attempt)
        raise AssertionError("unreachable")

    def _columns(self, table: str) -> list[str]:
        rows = self._execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "AND table_schema = current_schema() ORDER BY ordinal_position",
            (table,),
        )
        return [str(r["column_name"]) for r in rows]

    def _size_bytes(self) -> int:
        rows = self._execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) AS b FROM pg_class c "
            "JOIN pg_namespace s ON s.oid = c.relnamespace "
            "WHERE s.nspname = current_schema() AND c.relkind = 'r'"
        )
        return int(rows[0]["b"])

    def _dated(self, column: str) -> str:
        return f"{column} ~ '^[0-9]{{4}}'"

    def _json_values(self, column: str) -> str:
        return f"jsonb_array_elements_text(CAST({column} AS jsonb)) AS j(value)"

    def _json_positions(self, column: str) -> str:
        return (
            "(SELECT value, ordinality - 1 AS key FROM jsonb_array_elements_text("
            f"CAST({column} AS jsonb)) WITH ORDINALITY AS e(value, ordinality)) AS j"
        )

    def _newest_rows(self, per_key: int) -> str:
        return (
            f"{self._json_positions('?')} CROSS JOIN LATERAL (SELECT story, day, n "
            f"FROM story_keys WHERE key = j.value ORDER BY n DESC LIMIT {int(per_key)}) AS k"
        )

    def _json_list(self, expression: str, order: str) -> str:
        return f"json_agg({expression} ORDER BY {order})"

    def text_match(self, kind: str, query: str) -> tuple[str, list[Any]]:
        require_words(query)
        alias = "q" if kind == "quote" else "a"
        return f"{alias}.tsv @@ websearch_to_tsquery('english', ?)", [query]

    def _contains(self, term: str) -> tuple[str, list[Any]]:
        if len(term) >= TRIGRAM:  # the expression and languages of the index articles_trigram
            like = "%" + re.sub(r"([\\%_])", r"\\\1", term) + "%"
            text = "(a.title || chr(10) || a.text)"
            return f"a.language IN ({UNSPACED_IN}) AND {text} LIKE ?", [like]
        return "strpos(a.title || chr(10) || a.text, ?) > 0", [term]

    def search(self, query: str, limit: int, entities: Sequence[str] = ()) -> list[Row]:
        if UNSPACED_SCRIPT.search(query):
            return self.search_unspaced(query, limit, entities)
        require_words(query)  # "U.S." is the token u.s; an unclosed quote a phrase to the end
        only, ids = about(entities, "a.n")
        articles = self._execute(
            "SELECT 'article' AS kind, a.id AS article_id, a.title, a.published, "
            f"NULL AS speaker, ts_headline('english', a.text, r.query, '{_HEADLINE}') "
            "AS snippet, r.score FROM (SELECT a.n, -ts_rank_cd(a.tsv, query) AS score, query "
            "FROM articles a, websearch_to_tsquery('english', ?) query WHERE a.tsv @@ query"
            f"{only} ORDER BY score, a.n LIMIT ?) r JOIN articles a ON a.n = r.n "
            "ORDER BY r.score, a.n",
            (query, *ids, limit),
        )
        said = about(entities, "q.article")[0]
        quotes = self._execute(
            "SELECT 'quote' AS kind, a.id AS article_id, a.title, a.published, "
            "q.speaker_name AS speaker, "
            f"ts_headline('english', q.text, r.query, '{_HEADLINE}') AS snippet, r.score "
            "FROM (SELECT q.n, -ts_rank_cd(q.tsv, query) AS score, query "
            "FROM quotes q, websearch_to_tsquery('english', ?) query WHERE q.tsv @@ query"
            f"{said} ORDER BY score, q.n LIMIT ?) r JOIN quotes q ON q.n = r.n "
            "JOIN articles a ON a.n = q.article ORDER BY r.score, q.n",
            (query, *ids, limit),
        )
        return sorted(articles + quotes, key=lambda r: float(r["score"]))[:limit]
