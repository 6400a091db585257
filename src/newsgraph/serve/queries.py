"""The few read queries the server needs that `newsgraph.query` does not offer.

Each is a plain function over a `SqliteStore`'s connection, named for what it answers:
a keyset-paged article list, the store's version, an entity's roles by article,
co-participants of events and the meeting edges of the graph (participants keyed by their
corpus entity where linked). Everything else goes through `Newsgraph`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from newsgraph.store.base import Row
from newsgraph.store.sqlite import SqliteStore
from newsgraph.store.sqlite_read import fts_query

_KEY_CHUNK = 400  # (article_id, entity) pairs per statement


def _rows(store: SqliteStore, sql: str, params: Sequence[Any] = ()) -> list[Row]:
    return [dict(r) for r in store.conn.execute(sql, params)]


def list_articles(
    store: SqliteStore,
    q: str | None = None,
    since: str | None = None,
    until: str | None = None,
    publisher: str | None = None,
    after: tuple[str, int] | None = None,
    limit: int = 20,
) -> list[Row]:
    """Articles newest first (published, then ingest order), `limit` after the keyset `after`.

    `after` is the (published or "", n) of the last row of the previous page, so pages are
    stable while articles are added. `since`/`until` compare ISO prefixes as text.
    """
    where: list[str] = []
    params: list[Any] = []
    if q and (match := fts_query(q)):
        where.append("a.n IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(match)
    if since:
        where.append("a.published >= ?")
        params.append(since)
    if until:
        where.append("substr(a.published, 1, length(?)) <= ?")
        params += [until, until]
    if publisher:
        where.append("lower(a.publisher) = lower(?)")
        params.append(publisher)
    if after is not None:
        where.append("(coalesce(a.published, ''), a.n) < (?, ?)")
        params += list(after)
    sql = (
        "SELECT a.n, a.id, a.title, a.lede, a.published, a.publisher, a.url, "
        "(SELECT count(*) FROM quotes q WHERE q.article = a.n) AS quotes, "
        "(SELECT count(*) FROM events ev WHERE ev.article = a.n) AS events "
        "FROM articles a"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY coalesce(a.published, '') DESC, a.n DESC LIMIT ?"
    )
    return _rows(store, sql, [*params, limit])


def last_article(store: SqliteStore) -> int:
    """The number of the last article stored (0 when none): the store only appends, so this
    changes exactly when its contents do."""
    row = store.conn.execute("SELECT max(n) FROM articles").fetchone()
    return int(row[0] or 0)


def _keyed(store: SqliteStore, sql: str, keys: Sequence[tuple[str, str]]) -> list[Row]:
    """Run `sql`, which reads `k(article, article_id, id)`: the keys with article numbers."""
    rows: list[Row] = []
    for i in range(0, len(keys), _KEY_CHUNK):
        chunk = keys[i : i + _KEY_CHUNK]
        values = ",".join("(?, ?)" for _ in chunk)
        params = [x for key in chunk for x in key]
        rows += _rows(
            store,
            f"WITH v(article_id, id) AS (VALUES {values}), "
            "k(article, article_id, id) AS (SELECT a.n, v.article_id, v.id FROM v "
            f"JOIN articles a ON a.id = v.article_id) {sql}",
            params,
        )
    return rows


def roles_by_article(store: SqliteStore, keys: Sequence[tuple[str, str]]) -> list[Row]:
    """Titles and roles the entity had in each article, oldest first (every article)."""
    rows = _keyed(
        store,
        "SELECT k.article_id, a.title, a.published, e.titles, e.roles FROM entities e "
        "JOIN k ON k.article = e.article AND k.id = e.id "
        "JOIN articles a ON a.n = e.article ORDER BY coalesce(a.published, ''), a.n",
        keys,
    )
    for r in rows:
        r["titles"], r["roles"] = json.loads(r["titles"]), json.loads(r["roles"])
    return rows


def co_occurring(store: SqliteStore, keys: Sequence[tuple[str, str]], limit: int) -> list[Row]:
    """Entities named in the same articles, by how many articles they share: corpus entities
    (`key` its id, `linked` true), else article entities of one normalised name."""
    own = {key for key in keys}
    rows = _keyed(
        store,
        "SELECT a.id AS article_id, e.id, coalesce(c.name, e.name) AS name, e.type, e.norm, "
        "c.id AS corpus_entity FROM entities e JOIN articles a ON a.n = e.article "
        "LEFT JOIN corpus_links l ON l.article = e.article AND l.entity = e.id "
        "LEFT JOIN corpus_entities c ON c.id = l.corpus_entity "
        "WHERE e.article IN (SELECT article FROM k)",
        keys,
    )
    mine = {r["corpus_entity"] for r in rows if (r["article_id"], r["id"]) in own}
    counts: dict[tuple[str, str], Row] = {}
    for r in rows:
        if (r["article_id"], r["id"]) in own or (r["corpus_entity"] and r["corpus_entity"] in mine):
            continue
        key = (r["corpus_entity"] or r["norm"], r["type"])
        row = counts.setdefault(
            key, {"name": r["name"], "type": r["type"], "articles": set(), "key": key[0],
                  "linked": bool(r["corpus_entity"])}
        )
        row["articles"].add(r["article_id"])
    out = [{**r, "articles": len(r["articles"])} for r in counts.values()]
    out.sort(key=lambda r: (-r["articles"], r["name"]))
    return out[:limit]


def participants(store: SqliteStore, events: Sequence[tuple[str, str]]) -> list[Row]:
    """Participants of (article_id, event) pairs, with their entity's type and key."""
    return _keyed(
        store,
        "SELECT k.article_id, p.event, p.entity, coalesce(c.name, e.name, p.name) AS name, "
        "e.type, e.norm, l.corpus_entity FROM event_participants p "
        "JOIN k ON k.article = p.article AND k.id = p.event "
        "LEFT JOIN entities e ON e.article = p.article AND e.id = p.entity "
        "LEFT JOIN corpus_links l ON l.article = p.article AND l.entity = p.entity "
        "LEFT JOIN corpus_entities c ON c.id = l.corpus_entity",
        events,
    )


def meeting_participants(
    store: SqliteStore, since: str | None, until: str | None, limit: int
) -> list[Row]:
    """Participants of meetings (events of type meet) whose time lies in [since, until]."""
    where, params = ["ev.type = 'meet'"], []
    if since:
        where.append("coalesce(ev.time_value, a.published) >= substr(?, 1, "
                     "length(coalesce(ev.time_value, a.published)))")
        params.append(since)
    if until:
        where.append("substr(coalesce(ev.time_value, a.published), 1, length(?)) <= ?")
        params += [until, until]
    return _rows(
        store,
        "SELECT a.id AS article_id, p.event, p.entity, coalesce(c.name, e.name, p.name) AS name, "
        "e.type, e.norm, l.corpus_entity, coalesce(ev.time_value, a.published) AS time, "
        "a.title FROM events ev JOIN articles a ON a.n = ev.article "
        "JOIN event_participants p ON p.article = ev.article AND p.event = ev.id "
        "LEFT JOIN entities e ON e.article = p.article AND e.id = p.entity "
        "LEFT JOIN corpus_links l ON l.article = p.article AND l.entity = p.entity "
        "LEFT JOIN corpus_entities c ON c.id = l.corpus_entity WHERE "
        + " AND ".join(where)
        + " ORDER BY a.n, ev.start LIMIT ?",
        [*params, limit],
    )
