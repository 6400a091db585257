"""The SQLite store: WAL, FTS5 over article and quote text, one transaction per batch.

Writes go through `write(outcomes, hooks)` (`store/sql_write.py`, shared with PostgreSQL):
every input of the batch becomes one `sources` row and its article (with every fact table),
duplicate link or rejection, and the corpus layer links its articles (`store/sql_corpus.py`)
and puts them in stories (`store/sql_stories.py`), all in one transaction. A process killed
mid-batch leaves the store at the previous batch; the next ingest resumes from
`ingest_state()`. Reads are the shared `store/sql_read.py` with SQLite's hooks in
`store/sqlite_read.py`.

The full-text indexes (FTS5 `articles_fts`, `quotes_fts`, and `articles_trigram` by
character trigrams for the languages written without spaces, which `search` uses for
queries in those scripts) are kept by triggers, as sqlite-utils declares them
(`store/ecosystem.py`).
"""

from __future__ import annotations

import fcntl
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsgraph.errors import ConfigError
from newsgraph.store.migrations import applied, migrate
from newsgraph.store.sql_corpus import SqlCorpus
from newsgraph.store.sql_events import SqlEvents
from newsgraph.store.sql_stories import SqlStories
from newsgraph.store.sql_write import SqlWrites
from newsgraph.store.sqlite_read import SqliteReads


def connect(path: str | Path, create: bool = True) -> sqlite3.Connection:
    """A connection in autocommit mode with WAL, foreign keys and a generous busy timeout."""
    if not create and str(path) != ":memory:" and not Path(path).is_file():
        raise ConfigError(f"no newsgraph database at {path} (run `newsgraph ingest` first)")
    if str(path) != ":memory:" and not Path(path).parent.is_dir():
        raise ConfigError(f"cannot create the database {path}: no folder {Path(path).parent}")
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=60.0)
    except sqlite3.OperationalError as err:
        raise ConfigError(f"cannot open the database {path}: {err}") from None
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")  # with WAL: consistent after any crash
    conn.execute("PRAGMA foreign_keys=ON")
    # 64 MiB of page cache (SQLite's default is 2 MiB): the corpus layer's indexes (name
    # keys, story keys, document frequencies) stay in memory as the database grows
    conn.execute("PRAGMA cache_size=-65536")
    try:
        migrate(conn)
    except sqlite3.DatabaseError as err:
        conn.close()
        raise ConfigError(f"{path} is not a newsgraph database: {err}") from None
    return conn


class SqliteStore(SqliteReads, SqlWrites, SqlCorpus, SqlEvents, SqlStories):
    """A newsgraph database in one SQLite file (or `:memory:`)."""

    def __init__(self, path: str | Path = "newsgraph.db", create: bool = True) -> None:
        self.path = str(path)
        self.conn = connect(path, create)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def ingest_lock(self) -> Iterator[None]:
        """An exclusive lock on DB.lock beside the database; freed even on kill -9."""
        if self.path == ":memory:":
            yield
            return
        with Path(self.path + ".lock").open("a") as f:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ConfigError(f"another ingest is writing to {self.path}") from None
            try:
                yield
            finally:
                fcntl.flock(f, fcntl.LOCK_UN)

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def migrations(self) -> list[str]:
        """Names of the migrations recorded in this database, in the order they ran."""
        return applied(self.conn)

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def _lock_corpus(self) -> None:
        """Nothing more to take: BEGIN IMMEDIATE already holds the only write lock."""

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

