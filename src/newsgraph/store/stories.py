"""Stories in the SQLite store: what the story linker reads and writes, and the story pages.

The linker (`link/stories.py`) calls the write side inside the transaction that stores the
article, so these methods never begin or commit on their own; `transaction()` is for a
rebuild. Every read the linker makes goes through an index: document frequencies by term,
candidate stories by key (the `PER_KEY` newest rows of each), profiles by id.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from newsgraph.store.base import Row

_CHUNK = 500  # terms per statement, well under SQLite's variable limit
KEY_PEOPLE = 8  # people a story page lists
KEY_ENTITIES = 12  # other names it lists


class SqliteStories:
    """The story tables over `self.conn`; mixed into `SqliteStore`."""

    conn: sqlite3.Connection

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (all or nothing)."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def add_story_terms(self, terms: Sequence[str]) -> dict[str, int]:
        keys = ["", *terms]
        df: dict[str, int] = {}
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            df.update(
                self.conn.execute(
                    f"INSERT INTO story_df VALUES {','.join(['(?, 1)'] * len(chunk))} "
                    "ON CONFLICT (term) DO UPDATE SET df = df + 1 RETURNING term, df",
                    chunk,
                )
            )
        return df

    def story_candidates(self, keys: Sequence[str], per_key: int) -> list[tuple[str, str | None]]:
        rows: list[tuple[str, str | None]] = []
        for key in keys:
            rows += self.conn.execute(
                "SELECT story, day FROM story_keys WHERE key = ? ORDER BY n DESC LIMIT ?",
                (key, per_key),
            ).fetchall()
        return rows

    def story_profiles(self, ids: Sequence[str]) -> dict[str, str]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return {
            r[0]: zlib.decompress(r[1]).decode("utf-8")
            for r in self.conn.execute(
                f"SELECT id, profile FROM stories WHERE id IN ({marks})", list(ids)
            )
        }

    def save_story(
        self,
        story: str,
        label: str,
        first: str | None,
        last: str | None,
        size: int,
        profile: str,
        article: str,
        day: str | None,
        keys: Sequence[str],
    ) -> None:
        c = self.conn
        blob = zlib.compress(profile.encode("utf-8"), 6)
        c.execute(
            "INSERT INTO stories (id, label, first, last, size, profile) VALUES (?,?,?,?,?,?) "
            "ON CONFLICT (id) DO UPDATE SET label = excluded.label, first = excluded.first, "
            "last = excluded.last, size = excluded.size, profile = excluded.profile",
            (story, label, first, last, size, blob),
        )
        (n,) = c.execute("SELECT n FROM articles WHERE id = ?", (article,)).fetchone()
        c.execute("INSERT INTO story_articles VALUES (?, ?, ?, ?)", (article, story, n, day))
        c.executemany(
            "INSERT OR IGNORE INTO story_keys VALUES (?, ?, ?, ?)",
            [(key, n, story, day) for key in keys],
        )

    def clear_stories(self) -> None:
        for table in ("stories", "story_articles", "story_keys", "story_df"):
            self.conn.execute(f"DELETE FROM {table}")

    def _story_rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return [dict(r) for r in self.conn.execute(sql, params)]

    def stories(self, limit: int, offset: int = 0, min_size: int = 1) -> list[Row]:
        rows = self._story_rows(
            "SELECT id, label, first, last, size FROM stories WHERE size >= ? "
            "ORDER BY last IS NULL, last DESC, size DESC, seq LIMIT ? OFFSET ?",
            (min_size, limit, offset),
        )
        for r in rows:
            r["outlets"] = [
                p for (p,) in self.conn.execute(
                    "SELECT DISTINCT a.publisher FROM story_articles s JOIN articles a "
                    "ON a.id = s.article WHERE s.story = ? AND a.publisher IS NOT NULL "
                    "ORDER BY a.publisher LIMIT 8",
                    (r["id"],),
                )
            ]
        return rows

    def story(self, story_id: str) -> Row | None:
        rows = self._story_rows(
            "SELECT id, label, first, last, size FROM stories WHERE id >= ? AND id < ? LIMIT 2",
            (story_id, story_id + "\uffff"),
        )
        if len(rows) != 1:
            return None
        story = rows[0]
        sid = story["id"]
        story["articles"] = self._story_rows(
            "SELECT a.id, a.title, a.published, a.publisher, a.url FROM story_articles s "
            "JOIN articles a ON a.id = s.article WHERE s.story = ? "
            "ORDER BY a.published IS NULL, a.published, s.n",
            (sid,),
        )
        names = (
            "SELECT e.norm, e.type, max(e.name) AS name, count(DISTINCT e.article) AS articles, "
            "json_group_array(json_array(a.id, e.id)) AS keys FROM story_articles s "
            "JOIN articles a ON a.id = s.article JOIN entities e ON e.article = a.n "
            "WHERE s.story = ? AND e.type {} 'PERSON' GROUP BY e.norm, e.type "
            "ORDER BY articles DESC, sum(e.mentions) DESC, e.norm LIMIT ?"
        )
        people = self._story_rows(names.format("="), (sid, KEY_PEOPLE))
        story["entities"] = self._story_rows(names.format("!="), (sid, KEY_ENTITIES))
        for person in people:
            keys = json.loads(person.pop("keys"))
            person["quotes"] = self._person_quotes(keys)
        for entity in story["entities"]:
            entity.pop("keys")
        story["people"] = people
        return story

    def _person_quotes(self, keys: Sequence[Sequence[str]]) -> list[Row]:
        quotes: list[Row] = []
        for article_id, entity in keys:
            quotes += self._story_rows(
                'SELECT a.id AS article_id, a.publisher, q.text, q.start, q."end", q.type '
                "FROM quotes q JOIN articles a ON a.n = q.article "
                "WHERE a.id = ? AND q.speaker_entity = ? ORDER BY q.start",
                (article_id, entity),
            )
        return quotes

    def article_story(self, article_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT story FROM story_articles WHERE article = ?", (article_id,)
        ).fetchone()
        return None if row is None else str(row[0])
