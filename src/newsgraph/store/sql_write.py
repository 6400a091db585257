"""The write side shared by every SQL backend: one batch of outcomes, one transaction.

Every statement here is portable SQL (SQLite ≥ 3.35 and PostgreSQL ≥ 12 alike: `?`
placeholders, `ON CONFLICT`, `RETURNING`); a backend supplies the connection handling
(`_execute`, `_executemany`, `_transaction`). Full-text indexes keep themselves: SQLite's
FTS5 tables by triggers, PostgreSQL's tsvector columns as generated columns.

Unique keys make concurrent writers safe: an input is one `sources` row (unique name) and
an article one `articles` row (unique content id), so two writers of the same input or of
the same clean text store it once, whoever commits first. An input held as a rejection is
the one exception: an outcome that retries it deletes the rejection and takes its place
(two writers retrying it at once: the second finds it replaced and leaves its own out,
unless the first's outcome was a rejection again). A batch that runs the corpus hooks
first takes the corpus lock (`_lock_corpus`), so batches that link are written and linked
one after another, in the order their articles are numbered.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, cast

from newsgraph.model import Article
from newsgraph.store.base import CorpusHook, IngestState, Outcome, Row, Store
from newsgraph.store.rows import article_rows, pack_article

_COLUMNS = {
    "entities": "article, id, name, type, titles, roles, affiliations, aliases, gender, norm, "
    "first, surname, mentions, confidence",
    "mentions": 'article, entity, text, start, "end", kind, confidence',
    "quotes": 'article, text, start, "end", type, speaker_entity, speaker_name, speaker_text, '
    "speaker_description, cue, confidence, extractor",
    "events": 'article, id, type, trigger, start, "end", status, place, place_entity, '
    "time_value, time_text, confidence, extractor, place_in",
    "event_participants": 'article, event, entity, name, text, start, "end", role',
    "times": 'article, text, start, "end", type, value, granularity, modifier, reason',
    "quantities": 'article, text, start, "end", value, kind, unit, thing, change_from, change_to',
}
_KEYED = {"entities", "events"}  # an id repeated within an article is kept once


def _insert(table: str) -> str:
    columns = _COLUMNS[table]
    marks = ",".join("?" for _ in columns.split(","))
    conflict = " ON CONFLICT DO NOTHING" if table in _KEYED else ""
    return f"INSERT INTO {table} ({columns}) VALUES ({marks}){conflict}"


_INSERTS = {table: _insert(table) for table in _COLUMNS}


class SqlWrites:
    """`ingest_state` and `write` over a backend's `_execute`; mixed into each store."""

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _lock_corpus(self) -> None:
        """Inside a transaction: wait until no other writer is linking (SQLite's write
        transactions already exclude each other; PostgreSQL takes an advisory lock)."""
        raise NotImplementedError

    def ingest_state(self) -> IngestState:
        state = IngestState()
        state.names = {r["name"] for r in self._execute("SELECT name FROM sources")}
        state.rejected = {
            r["source"]: bool(r["retryable"])
            for r in self._execute("SELECT source, retryable FROM rejections")
        }
        state.signatures = {
            r["source"]: bytes(r["minhash"])
            for r in self._execute("SELECT source, minhash FROM signatures")
        }
        state.line_counts = {
            (r["publisher"], r["hash"]): r["articles"]
            for r in self._execute("SELECT publisher, hash, articles FROM line_counts")
        }
        for r in self._execute("SELECT publisher, line, reason FROM residue_lines"):
            state.learned.setdefault(r["publisher"], {})[r["line"]] = r["reason"]
        return state

    def write(
        self, outcomes: Sequence[Outcome], hooks: Sequence[CorpusHook] = ()
    ) -> dict[str, int]:
        """Write a batch in one transaction; how many became article, duplicate, rejected.
        The hooks (the corpus layer) run inside it with the articles written, in order."""
        counts: Counter[str] = Counter()
        written: list[Article] = []
        with self._transaction():
            if hooks:
                self._lock_corpus()
            for outcome in outcomes:
                kind = self._write_one(outcome)
                if kind:
                    counts[kind] += 1
                if kind == "article" and outcome.article is not None:
                    written.append(outcome.article)
            for hook in hooks:
                hook(cast("Store", self), written)  # every store mixes this class in
        return dict(counts)

    def _claim(self, o: Outcome) -> bool:
        """Insert the input's `sources` row; False when the store already holds the input."""
        article = o.article
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        inserted = self._execute(
            "INSERT INTO sources (name, outcome, article_id, publisher, url, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING RETURNING n",
            (
                o.name,
                o.kind,
                article.id if article else None,
                article.publisher if article else None,
                article.url if article else None,
                now,
            ),
        )
        return bool(inserted)

    def _release_rejection(self, name: str) -> bool:
        """Delete the input's rejection, if that is what the store holds of it (a retry)."""
        if not self._execute(
            "DELETE FROM sources WHERE name = ? AND outcome = 'rejected' RETURNING n", (name,)
        ):
            return False
        self._execute("DELETE FROM rejections WHERE source = ?", (name,))
        return True  # its signature and line counts stay: the retry does not count them again

    def _write_one(self, o: Outcome) -> str | None:
        article = o.article
        if not self._claim(o) and not (
            o.retry and self._release_rejection(o.name) and self._claim(o)
        ):
            return None  # already stored (by an earlier or a concurrent ingest)
        kind, duplicate_of, similarity = o.kind, o.duplicate_of, o.similarity
        if article is not None:
            original = self._insert_article(o.name, article)
            if original is not None:  # the same clean text from another input: a copy of it
                kind, duplicate_of, similarity = "duplicate", original, 1.0
                self._execute(
                    "UPDATE sources SET outcome = 'duplicate' WHERE name = ?", (o.name,)
                )
        if kind == "duplicate":
            self._execute(
                "UPDATE sources SET article_id = (SELECT s.article_id FROM sources s "
                "WHERE s.name = ?) WHERE name = ?",
                (duplicate_of, o.name),
            )
            self._execute(
                "INSERT INTO duplicates (source, of_source, similarity) VALUES (?, ?, ?)",
                (o.name, duplicate_of, similarity or 0.0),
            )
        elif o.rejection is not None:
            r = o.rejection
            self._execute(
                "INSERT INTO rejections (source, stage, type, message, retryable) "
                "VALUES (?, ?, ?, ?, ?)",
                (o.name, r.stage, r.type, r.message, int(r.retryable)),
            )
        self._write_learned(o)
        return kind

    def _write_learned(self, o: Outcome) -> None:
        """What the input taught the ingest: its MinHash, line counts and learned lines."""
        if o.signature is not None:
            self._execute(
                "INSERT INTO signatures (source, minhash) VALUES (?, ?) "
                "ON CONFLICT (source) DO UPDATE SET minhash = excluded.minhash",
                (o.name, o.signature),
            )
        publisher = o.publisher or ""
        self._executemany(  # in hash order: concurrent writers lock these rows alike
            "INSERT INTO line_counts (publisher, hash, articles) VALUES (?, ?, 1) "
            "ON CONFLICT (publisher, hash) DO UPDATE SET articles = line_counts.articles + 1",
            [(publisher, h) for h in sorted(o.line_hashes)],
        )
        self._executemany(
            "INSERT INTO residue_lines (publisher, line, reason, learned_from) "
            "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(publisher, line, reason, o.name) for line, reason in o.learned],
        )

    def _insert_article(self, source: str, article: Article) -> str | None:
        """Store the article and its facts; the input already holding its text, if any."""
        inserted = self._execute(
            "INSERT INTO articles (id, source, title, lede, text, published, publisher, url, "
            "authors, language, language_probability, model, json) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (id) DO NOTHING RETURNING n",
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
                article.language_probability,
                article.model,
                pack_article(article),
            ),
        )
        if not inserted:
            same = self._execute("SELECT source FROM articles WHERE id = ?", (article.id,))
            return str(same[0]["source"])
        n = int(inserted[0]["n"])
        for table, rows in article_rows(article, n).items():
            if rows:
                self._executemany(_INSERTS[table], rows)
        return None
