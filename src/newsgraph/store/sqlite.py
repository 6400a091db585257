"""The SQLite store: WAL, FTS5 over article and quote text, one transaction per batch.

Writes go through `write(outcomes)`: every input of the batch becomes one `sources` row and
its article (with every fact table), duplicate link or rejection, all in one transaction,
together with what the story linker (`link`) writes for each article. Story tables are in
`store/stories.py`.
A process killed mid-batch leaves the store at the previous batch; the next ingest resumes
from `ingest_state()`. Reads are in `store/sqlite_read.py`.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsgraph.errors import ConfigError
from newsgraph.model import Article
from newsgraph.store.base import IngestState, Outcome
from newsgraph.store.migrations import migrate
from newsgraph.store.rows import article_rows, pack_article
from newsgraph.store.sqlite_read import SqliteReads
from newsgraph.store.stories import SqliteStories

_INSERTS = {
    "entities": "INSERT OR IGNORE INTO entities VALUES (" + ",".join("?" * 14) + ")",
    "mentions": "INSERT INTO mentions VALUES (?,?,?,?,?,?,?)",
    "quotes": 'INSERT INTO quotes (article, text, start, "end", type, speaker_entity, '
    "speaker_name, speaker_text, speaker_description, cue, confidence, extractor) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
    "events": "INSERT OR IGNORE INTO events VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "event_participants": "INSERT INTO event_participants VALUES (?,?,?,?,?,?,?,?)",
    "times": "INSERT INTO times VALUES (?,?,?,?,?,?,?,?,?)",
    "quantities": "INSERT INTO quantities VALUES (?,?,?,?,?,?,?,?,?,?)",
}


def connect(path: str | Path, create: bool = True) -> sqlite3.Connection:
    """A connection in autocommit mode with WAL, foreign keys and a generous busy timeout."""
    if not create and str(path) != ":memory:" and not Path(path).is_file():
        raise ConfigError(f"no newsgraph database at {path} (run `newsgraph ingest` first)")
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=60.0)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")  # with WAL: consistent after any crash
    conn.execute("PRAGMA foreign_keys=ON")
    try:
        migrate(conn)
    except sqlite3.DatabaseError as err:
        conn.close()
        raise ConfigError(f"{path} is not a newsgraph database: {err}") from None
    return conn


class SqliteStore(SqliteReads, SqliteStories):
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

    def ingest_state(self) -> IngestState:
        c = self.conn
        state = IngestState()
        state.names = {r[0] for r in c.execute("SELECT name FROM sources")}
        state.signatures = {r[0]: r[1] for r in c.execute("SELECT source, minhash FROM signatures")}
        state.line_counts = {
            (r[0], r[1]): r[2]
            for r in c.execute("SELECT publisher, hash, articles FROM line_counts")
        }
        for publisher, line, reason in c.execute(
            "SELECT publisher, line, reason FROM residue_lines"
        ):
            state.learned.setdefault(publisher, {})[line] = reason
        return state

    def write(
        self,
        outcomes: Sequence[Outcome],
        link: Callable[[dict[str, Any]], object] | None = None,
    ) -> dict[str, int]:
        """Write a batch in one transaction; how many became article, duplicate, rejected."""
        counts: Counter[str] = Counter()
        with self.transaction():
            for outcome in outcomes:
                kind = self._write_one(outcome, link)
                if kind:
                    counts[kind] += 1
        return dict(counts)

    def _write_one(
        self, o: Outcome, link: Callable[[dict[str, Any]], object] | None
    ) -> str | None:
        c = self.conn
        if c.execute("SELECT 1 FROM sources WHERE name = ?", (o.name,)).fetchone():
            return None  # already stored (by an earlier or a concurrent ingest)
        kind, duplicate_of, similarity = o.kind, o.duplicate_of, o.similarity
        article = o.article
        if article is not None:
            same = c.execute("SELECT source FROM articles WHERE id = ?", (article.id,)).fetchone()
            if same:  # the same clean text from another input: an exact duplicate
                kind, duplicate_of, similarity = "duplicate", same[0], 1.0
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        publisher = article.publisher if article else None
        url = article.url if article else None
        article_id = article.id if article else None
        if kind == "duplicate":
            row = c.execute(
                "SELECT article_id FROM sources WHERE name = ?", (duplicate_of,)
            ).fetchone()
            article_id = row[0] if row else None
        c.execute(
            "INSERT INTO sources (name, outcome, article_id, publisher, url, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (o.name, kind, article_id, publisher, url, now),
        )
        if kind == "article" and article is not None:
            self._insert_article(o.name, article)
            if link is not None:
                link(article.to_dict())
        elif kind == "duplicate":
            c.execute(
                "INSERT INTO duplicates VALUES (?, ?, ?)", (o.name, duplicate_of, similarity or 0)
            )
        elif o.rejection is not None:
            r = o.rejection
            c.execute(
                "INSERT INTO rejections VALUES (?, ?, ?, ?)", (o.name, r.stage, r.type, r.message)
            )
        if o.signature is not None:
            c.execute("INSERT OR REPLACE INTO signatures VALUES (?, ?)", (o.name, o.signature))
        c.executemany(
            "INSERT INTO line_counts VALUES (?, ?, 1) ON CONFLICT (publisher, hash) "
            "DO UPDATE SET articles = articles + 1",
            [(o.publisher or "", h) for h in o.line_hashes],
        )
        c.executemany(
            "INSERT OR IGNORE INTO residue_lines VALUES (?, ?, ?, ?)",
            [(o.publisher or "", line, reason, o.name) for line, reason in o.learned],
        )
        return kind

    def _insert_article(self, source: str, article: Article) -> None:
        c = self.conn
        cur = c.execute(
            "INSERT INTO articles (id, source, title, lede, text, published, publisher, url, "
            "authors, language, model, json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.id,
                source,
                article.title,
                article.lede,
                article.text,
                article.published,
                article.publisher,
                article.url,
                json.dumps(list(article.authors)),
                article.language,
                article.model,
                pack_article(article),
            ),
        )
        c.execute(
            "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
            (cur.lastrowid, article.title, article.text),
        )
        for table, rows in article_rows(article, cur.lastrowid or 0).items():
            if not rows:
                continue
            if table == "quotes":
                for row in rows:
                    q = c.execute(_INSERTS[table], row)
                    c.execute(
                        "INSERT INTO quotes_fts (rowid, text, speaker_name) VALUES (?, ?, ?)",
                        (q.lastrowid, row[1], row[6]),
                    )
            else:
                c.executemany(_INSERTS[table], rows)
