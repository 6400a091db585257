"""The read side shared by every SQL backend: articles, quotes, events, entities, stats.

The SQL is portable (`?` placeholders; NULLs ordered first explicitly, as SQLite does by
default); the few places where the backends differ are hooks a backend fills in:
full-text search (`search`, `text_match`, `_contains` for scripts without spaces), JSON
lists (`_json_values`, `_json_list`), "starts with a year" (`_dated`), the columns of a
table and the size on disk. Exported rows and query results that name an article entity
carry its corpus entity (`corpus_links`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from newsgraph.errors import ConfigError
from newsgraph.store.base import TABLES, Row
from newsgraph.store.rows import unpack_article
from newsgraph.text.scripts import UNSPACED_LANGUAGES

TRIGRAM = 3  # terms of this many characters or more are found through a trigram index
SNIPPET_CHARS = 30
UNSPACED_IN = ", ".join(f"'{code}'" for code in sorted(UNSPACED_LANGUAGES))
"""The languages written without spaces as an SQL list (the trigram indexes hold these)."""

_KEY_CHUNK = 4000  # (article_id, id) pairs per statement, well under either backend's limit
_HIDDEN = {"n", "json", "tsv"}  # row numbers, the article's JSON, full-text vectors
# The column of each exported fact table that names an article entity (its corpus entity
# is exported beside it as `corpus_entity`).
_ENTITY_COLUMN = {
    "entities": "id",
    "mentions": "entity",
    "quotes": "speaker_entity",
    "event_participants": "entity",
}
# The order each table is exported in after its article's (the fact tables) or alone: a
# total order, so that both backends export the same rows in the same order.
_ORDER = {
    "entities": "t.id",
    "mentions": 't.start, t."end", t.entity',
    "quotes": 't.start, t."end", t.n',
    "events": 't.start, t."end", t.id',
    "event_participants": 't.event, t.start, t."end", t.role NULLS FIRST',
    "times": 't.start, t."end", t.type',
    "quantities": 't.start, t."end", t.kind',
    "residue_lines": "publisher, line",
    "duplicates": "source",
    "rejections": "source",
    "sources": "n",
}

_COUNTS = (
    ("sources", "SELECT count(*) AS c FROM sources"),
    ("articles", "SELECT count(*) AS c FROM articles"),
    ("duplicates", "SELECT count(*) AS c FROM duplicates"),
    ("rejections", "SELECT count(*) AS c FROM rejections"),
    ("entities", "SELECT count(*) AS c FROM entities"),
    ("people", "SELECT count(DISTINCT norm) AS c FROM entities WHERE type = 'PERSON'"),
    ("mentions", "SELECT count(*) AS c FROM mentions"),
    ("corpus_entities", "SELECT count(*) AS c FROM corpus_entities"),
    ("unlinked", "SELECT count(*) AS c FROM corpus_links WHERE corpus_entity IS NULL"),
    ("corpus_events", "SELECT count(*) AS c FROM corpus_events"),
    ("quotes", "SELECT count(*) AS c FROM quotes"),
    ("events", "SELECT count(*) AS c FROM events"),
    ("times", "SELECT count(*) AS c FROM times"),
    ("quantities", "SELECT count(*) AS c FROM quantities"),
    ("residue_lines", "SELECT count(*) AS c FROM residue_lines"),
    ("publishers", "SELECT count(DISTINCT publisher) AS c FROM articles"),
    ("stories", "SELECT count(*) AS c FROM stories"),
)


def require_words(query: str) -> None:
    """A ConfigError for a search that leaves nothing to search for ("!!!", "*", '"')."""
    if not re.search(r"\w", query):
        raise ConfigError(f"nothing to search for in {query!r}: give words")


def _snippet(text: str, term: str) -> str:
    """The words around the first `term` of `text`, the term in brackets (as FTS snippets)."""
    at = text.find(term)
    if at < 0:
        return text[: 2 * SNIPPET_CHARS] + ("…" if len(text) > 2 * SNIPPET_CHARS else "")
    start, end = max(at - SNIPPET_CHARS, 0), at + len(term)
    after = text[end : end + SNIPPET_CHARS]
    ellipsis = "…" if end + SNIPPET_CHARS < len(text) else ""
    return ("…" if start else "") + text[start:at] + f"[{term}]" + after + ellipsis


def like_words(name: str) -> list[str]:
    """LIKE patterns, one per word of a name (every word must occur)."""
    return [f"%{w}%" for w in re.findall(r"\w+", name.lower())]


def marks(values: Sequence[object]) -> str:
    """One `?` per value, comma-separated (an IN list)."""
    return ",".join("?" for _ in values)


def about(entities: Sequence[str], article: str) -> tuple[str, list[Any]]:
    """" AND" a condition (with its parameters) that the article numbered `article` (a
    column) names one of these corpus entities; nothing without entities."""
    if not entities:
        return "", []
    return (
        f" AND {article} IN (SELECT article FROM corpus_links "
        f"WHERE corpus_entity IN ({marks(entities)}))",
        list(entities),
    )


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

    def _contains(self, term: str) -> tuple[str, list[Any]]:
        """A condition (with its parameters) true of the articles `a` whose title or text
        holds `term`, a word of a script written without spaces: through the trigram index
        of the languages written so when it has `TRIGRAM` characters or more."""
        raise NotImplementedError

    def search_unspaced(
        self, query: str, limit: int, entities: Sequence[str] = ()
    ) -> list[Row]:
        """Articles holding every term of a query in a script written without spaces
        (`text.scripts`), in ingest order, each with a snippet around the first term."""
        terms = [t.strip('"') for t in query.split() if t.strip('"')]
        found = [self._contains(t) for t in terms]
        only, ids = about(entities, "a.n")
        rows = self._execute(
            "SELECT 'article' AS kind, a.id AS article_id, a.title, a.published, "
            "NULL AS speaker, a.text AS snippet, CAST(0 AS REAL) AS score FROM articles a "
            f"WHERE {' AND '.join(c for c, _ in found)}{only} ORDER BY a.n LIMIT ?",
            [*(p for _, ps in found for p in ps), *ids, limit],
        )
        for row in rows:
            row["snippet"] = _snippet(row["snippet"], terms[0])
        return rows

    def _dated(self, column: str) -> str:
        """A condition: the text in `column` starts with four digits (an ISO year)."""
        raise NotImplementedError

    def _json_values(self, column: str) -> str:
        """A table expression `j(value)` over the elements of a JSON list column."""
        raise NotImplementedError

    def _json_positions(self, column: str) -> str:
        """As `_json_values`, `j(value, key)`: `key` is each element's position from 0."""
        raise NotImplementedError

    def _json_list(self, expression: str, order: str) -> str:
        """An aggregate collecting `expression` into a JSON list, in `order` (an ORDER BY
        list; SQLite keeps the order its rows come in)."""
        raise NotImplementedError

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Rows of a portable query (`?` placeholders) as dicts."""
        return self._execute(sql, params)

    def article(self, article_id: str) -> Row | None:
        rows = self._execute(
            "SELECT id, json FROM articles WHERE id >= ? ORDER BY id LIMIT 2", (article_id,)
        )
        found = [r for r in rows if str(r["id"]).startswith(article_id)]
        return unpack_article(found[0]["json"]) if len(found) == 1 else None

    def iter_articles(self) -> Iterator[Row]:
        for r in self._stream("SELECT json FROM articles ORDER BY n"):
            yield unpack_article(r["json"])

    def table(self, name: str) -> Iterator[Row]:
        if name not in TABLES:
            raise ConfigError(f"no table {name!r}; one of {', '.join(TABLES)}")
        columns = self._columns(name)
        shown = ", ".join(f'"{c}"' for c in columns if c not in _HIDDEN | {"article"})
        if name == "articles":  # the compressed JSON is exported by `iter_articles`
            own = ", ".join(f'a."{c}"' for c in columns if c not in _HIDDEN)
            sql = (
                f"SELECT {own}, s.story FROM articles a "
                "LEFT JOIN story_articles s ON s.article = a.id ORDER BY a.n"
            )
        elif name == "stories":  # the profile is the linker's working state
            sql = "SELECT id, label, first, last, size FROM stories ORDER BY seq"
        elif name == "corpus_entities":
            yield from self._corpus_entities(shown)
            return
        elif name == "corpus_events":
            yield from self._corpus_events(shown)
            return
        elif "article" in columns:  # fact tables: the article's content id, not its number
            rest = ", ".join(f't."{c}"' for c in columns if c not in _HIDDEN | {"article"})
            join = "JOIN articles a ON a.n = t.article"
            if (entity := _ENTITY_COLUMN.get(name)) is not None:  # its corpus entity beside
                rest += ", l.corpus_entity"
                join += (
                    " LEFT JOIN corpus_links l ON l.article = t.article "
                    f"AND l.entity = t.{entity}"
                )
            if name == "events":  # and an event's corpus event
                rest += ", x.corpus_event"
                join += (
                    " LEFT JOIN corpus_event_links x ON x.article = t.article AND x.event = t.id"
                )
            sql = (
                f"SELECT a.id AS article_id, {rest} FROM {name} t {join} "
                f"ORDER BY t.article, {_ORDER[name]}"
            )
        else:
            sql = f"SELECT {shown} FROM {name} ORDER BY {_ORDER[name]}"
        yield from self._stream(sql)

    def _corpus_entities(self, shown: str) -> Iterator[Row]:
        """Corpus entities, most articles first, with their name forms (most used first) as
        a JSON list, alike on both backends."""
        names = self._json_list("f.form", "f.count DESC, f.form")
        sql = (
            f"SELECT {shown}, (SELECT {names} FROM (SELECT form, count FROM corpus_names "
            "WHERE entity = c.id ORDER BY count DESC, form) f) AS names "
            "FROM corpus_entities c ORDER BY c.articles DESC, c.id"
        )
        for r in self._stream(sql):
            forms = json.loads(r["names"]) if isinstance(r["names"], str) else r["names"]
            r["names"] = json.dumps(forms or [], ensure_ascii=False, separators=(",", ":"))
            yield r

    def _corpus_events(self, shown: str) -> Iterator[Row]:
        """Corpus events, most reported first, with their participants and place (corpus
        entity ids; participants as a JSON list in id order)."""
        people = self._json_list("k.entity", "k.entity")
        sql = (
            f"SELECT {shown}, (SELECT {people} FROM (SELECT entity FROM corpus_event_entities "
            "WHERE event = c.id AND role = 'participant' ORDER BY entity) k) AS participants, "
            "(SELECT min(entity) FROM corpus_event_entities WHERE event = c.id "
            "AND role = 'place') AS place FROM corpus_events c ORDER BY c.articles DESC, c.id"
        )
        for r in self._stream(sql):
            found = r["participants"]
            found = json.loads(found) if isinstance(found, str) else found
            r["participants"] = json.dumps(found or [], separators=(",", ":"))
            yield r

    def quotes(
        self,
        speaker: str | None,
        contains: str | None,
        limit: int,
        speakers: Sequence[str] = (),
    ) -> list[Row]:
        where: list[str] = []
        params: list[Any] = []
        if speakers:
            where.append(f"l.corpus_entity IN ({marks(speakers)})")
            params += list(speakers)
        else:
            for pattern in like_words(speaker or ""):
                where.append("(lower(q.speaker_name) LIKE ? OR e.norm LIKE ?)")
                params += [pattern, pattern]
        if contains:
            condition, values = self.text_match("quote", contains)
            where.append(condition)
            params += values
        sql = (
            "SELECT a.id AS article_id, a.title, a.published, coalesce(e.name, q.speaker_name) "
            "AS speaker, q.speaker_entity, l.corpus_entity, q.speaker_description, q.cue, "
            'q.type, q.text, q.start, q."end", q.confidence FROM quotes q '
            "JOIN articles a ON a.n = q.article "
            "LEFT JOIN entities e ON e.article = q.article AND e.id = q.speaker_entity "
            "LEFT JOIN corpus_links l ON l.article = q.article AND l.entity = q.speaker_entity"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY a.published NULLS FIRST, a.n, q.start LIMIT ?"
        )
        return self._execute(sql, [*params, limit])

    def list_corpus_entities(
        self, q: str | None, type: str | None, offset: int, limit: int
    ) -> list[Row]:
        where: list[str] = []
        params: list[Any] = []
        for pattern in like_words(q or ""):
            where.append("lower(name) LIKE ?")
            params.append(pattern)
        if type:
            where.append("type = ?")
            params.append(type.upper())
        return self._execute(
            "SELECT id, name, type, articles, mentions, first_seen, last_seen "
            "FROM corpus_entities"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY articles DESC, mentions DESC, id LIMIT ? OFFSET ?",
            [*params, limit, offset],
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
        return {"mentions": mentions, "quotes": quotes}

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
