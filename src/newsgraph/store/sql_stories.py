"""Stories in every SQL backend: what the story linker reads and writes, and the story pages.

The linker (`link/stories.py`) runs as a corpus hook inside the transaction that stores the
articles (or the one `transaction()` opens for `restory`), so these methods never begin or
commit on their own. Every read the linker makes goes through an index: document
frequencies by term, candidate stories by key (the `per_key` newest rows of each, all keys
of an article in one statement), profiles by id. A list of terms or keys is one JSON
parameter joined to the index (`_json_values`, `_json_positions`), not a parameter each:
binding them cost more than the lookups. Portable SQL over the backend's
`_execute`, as `store/sql_corpus.py`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import orjson

from newsgraph.store.base import Row
from newsgraph.store.rows import unpack_article
from newsgraph.store.sql_read import marks

_FIRST = 2**40  # a row's place in key order: key i, newest first (article numbers < 2**40)
KEY_PEOPLE = 8  # people a story page lists
KEY_ENTITIES = 12  # other corpus entities it lists
_TABLES = ("stories", "story_articles", "story_keys", "story_df")


class SqlStories:
    """The story tables over a backend's `_execute`; mixed into each store."""

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _stream(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        raise NotImplementedError

    def _json_list(self, expression: str, order: str) -> str:
        raise NotImplementedError

    def _json_values(self, column: str) -> str:
        raise NotImplementedError

    def _json_positions(self, column: str) -> str:
        raise NotImplementedError

    def story_df(self, terms: Sequence[str]) -> dict[str, int]:
        """Each stored term's frequency, in one row: the terms (one JSON list parameter,
        joined to the index) and their frequencies as two JSON lists in one order (a row per
        term cost the driver more than the index lookups, a parameter per term as much)."""
        if not terms:
            return {}
        lists = f"{self._json_list('term', 'term')} AS terms, {self._json_list('df', 'term')} AS df"
        row = self._execute(
            f"SELECT {lists} FROM {self._json_values('?')} JOIN story_df ON term = j.value",
            (_json(sorted(set(terms))),),
        )[0]
        return dict(zip(_listed(row["terms"]), _listed(row["df"]), strict=True))

    def add_story_df(self, counts: Mapping[str, int]) -> None:
        self._executemany(
            "INSERT INTO story_df (term, df) VALUES (?, ?) "
            "ON CONFLICT (term) DO UPDATE SET df = story_df.df + excluded.df",
            sorted(counts.items()),
        )

    def story_candidates(
        self,
        keys: Sequence[str],
        per_key: int,
        days: tuple[str, str] | None = None,
        limit: int | None = None,
    ) -> list[tuple[str, int, int]]:
        if not keys:
            return []
        params: list[Any] = [_json(keys)]
        within = ""
        if days is not None:
            within = "WHERE k.day IS NULL OR k.day BETWEEN ? AND ? "
            params += days
        found = self._execute(
            f"SELECT k.story, count(*) AS shared, min(j.key * {_FIRST} - k.n) AS first "
            f"FROM {self._newest_rows(per_key)} {within}"
            "GROUP BY k.story ORDER BY shared DESC, first"
            + ("" if limit is None else f" LIMIT {int(limit)}"),
            params,
        )
        return [(str(r["story"]), int(r["shared"]), int(r["first"])) for r in found]

    def _newest_rows(self, per_key: int) -> str:
        """Rows `k` of story_keys, the `per_key` newest of each key `j.value` of one JSON
        list parameter (`j.key`: the key's position): those from its per_key-th newest on
        (PostgreSQL reads them by LATERAL)."""
        newest = (
            "SELECT min(t.n) FROM (SELECT r.n FROM story_keys r WHERE r.key = j.value "
            f"ORDER BY r.n DESC LIMIT {int(per_key)}) AS t"
        )
        return (
            f"{self._json_positions('?')} JOIN story_keys k "
            f"ON k.key = j.value AND k.n >= ({newest})"
        )

    def article_corpus_entities(self, article_id: str) -> dict[str, str]:
        rows = self._execute(
            "SELECT l.entity, l.corpus_entity FROM corpus_links l JOIN articles a "
            "ON a.n = l.article WHERE a.id = ? AND l.corpus_entity IS NOT NULL",
            (article_id,),
        )
        return {str(r["entity"]): str(r["corpus_entity"]) for r in rows}

    def story_profiles(self, ids: Sequence[str]) -> dict[str, bytes]:
        if not ids:
            return {}
        keys = padded(ids)
        rows = self._execute(f"SELECT id, profile FROM stories WHERE id IN ({marks(keys)})", keys)
        return {str(r["id"]): bytes(r["profile"]) for r in rows}

    def save_story(
        self,
        story: str,
        label: str,
        first: str | None,
        last: str | None,
        size: int,
        profile: bytes,
        article: str,
        day: str | None,
        keys: Sequence[str],
    ) -> None:
        self._execute(
            "INSERT INTO stories (id, label, first, last, size, profile) VALUES (?,?,?,?,?,?) "
            "ON CONFLICT (id) DO UPDATE SET label = excluded.label, first = excluded.first, "
            "last = excluded.last, size = excluded.size, profile = excluded.profile",
            (story, label, first, last, size, profile),
        )
        n = int(
            self._execute(
                "INSERT INTO story_articles (article, story, n, day) "
                "SELECT id, ?, n, ? FROM articles WHERE id = ? RETURNING n",
                (story, day, article),
            )[0]["n"]
        )
        self._executemany(
            "INSERT INTO story_keys (key, n, story, day) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (key, n) DO NOTHING",
            [(key, n, story, day) for key in sorted(set(keys))],
        )

    def clear_stories(self) -> None:
        for table in _TABLES:
            self._execute(f"DELETE FROM {table}")

    def stories(self, limit: int, offset: int = 0, min_size: int = 1) -> list[Row]:
        rows = self._execute(
            "SELECT id, label, first, last, size FROM stories WHERE size >= ? "
            "ORDER BY last DESC NULLS LAST, size DESC, seq LIMIT ? OFFSET ?",
            (min_size, limit, offset),
        )
        for r in rows:
            r["outlets"] = [
                o["publisher"]
                for o in self._execute(
                    "SELECT DISTINCT a.publisher FROM story_articles s JOIN articles a "
                    "ON a.id = s.article WHERE s.story = ? AND a.publisher IS NOT NULL "
                    "ORDER BY a.publisher LIMIT 8",
                    (r["id"],),
                )
            ]
        return rows

    def story(self, story_id: str) -> Row | None:
        rows = self._execute(
            "SELECT id, label, first, last, size FROM stories WHERE id >= ? ORDER BY id LIMIT 2",
            (story_id,),
        )
        found = [r for r in rows if str(r["id"]).startswith(story_id)]
        if len(found) != 1:
            return None
        story = found[0]
        sid = story["id"]
        story["articles"] = self._execute(
            "SELECT a.id, a.title, a.published, a.publisher, a.url FROM story_articles s "
            "JOIN articles a ON a.id = s.article WHERE s.story = ? "
            "ORDER BY a.published NULLS LAST, s.n",
            (sid,),
        )
        names = (
            "SELECT c.id, c.name, c.type, count(DISTINCT l.article) AS articles, "
            "sum(e.mentions) AS mentions FROM story_articles s "
            "JOIN articles a ON a.id = s.article JOIN corpus_links l ON l.article = a.n "
            "JOIN corpus_entities c ON c.id = l.corpus_entity "
            "JOIN entities e ON e.article = l.article AND e.id = l.entity "
            "WHERE s.story = ? AND c.type {} 'PERSON' GROUP BY c.id, c.name, c.type "
            "ORDER BY count(DISTINCT l.article) DESC, sum(e.mentions) DESC, c.id LIMIT ?"
        )
        people = self._execute(names.format("="), (sid, KEY_PEOPLE))
        story["entities"] = self._execute(names.format("!="), (sid, KEY_ENTITIES))
        quotes: dict[str, list[Row]] = {}
        if people:
            ids = [p["id"] for p in people]
            for q in self._execute(
                "SELECT l.corpus_entity, a.id AS article_id, a.publisher, q.text, q.start, "
                'q."end", q.type FROM story_articles s JOIN articles a ON a.id = s.article '
                "JOIN quotes q ON q.article = a.n JOIN corpus_links l "
                "ON l.article = q.article AND l.entity = q.speaker_entity "
                f"WHERE s.story = ? AND l.corpus_entity IN ({marks(ids)}) ORDER BY s.n, q.start",
                (sid, *ids),
            ):
                quotes.setdefault(q.pop("corpus_entity"), []).append(q)
        for person in people:
            person["quotes"] = quotes.get(person["id"], [])
        story["people"] = people
        return story

    def article_story(self, article_id: str) -> str | None:
        rows = self._execute("SELECT story FROM story_articles WHERE article = ?", (article_id,))
        return str(rows[0]["story"]) if rows else None

    def iter_articles_with_stories(self) -> Iterator[Row]:
        for r in self._stream(
            "SELECT a.json, s.story FROM articles a "
            "LEFT JOIN story_articles s ON s.article = a.id ORDER BY a.n"
        ):
            yield {**unpack_article(r["json"]), "story": r["story"]}


def _json(values: Sequence[str]) -> str:
    """A list of strings as one JSON text parameter."""
    return orjson.dumps(list(values)).decode()


def _listed(value: Any) -> list[Any]:
    """A JSON list aggregate's value: text in SQLite, a list in PostgreSQL (None there when
    no row matched)."""
    return list(orjson.loads(value)) if isinstance(value, str | bytes) else list(value or [])


def padded(values: Sequence[str]) -> list[str | None]:
    """The values and NULLs (which match nothing) up to the next power of two (at least 8):
    a statement of a few lengths stays prepared in the driver's cache, where one per length
    would push others out."""
    n = len(values)
    size = max(8, 1 << (n - 1).bit_length())
    return [*values, *[None] * (size - n)]
