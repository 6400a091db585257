"""The few read queries the server needs that `newsgraph.query` does not offer.

Each is a plain function over a store's portable SQL (`Store.rows`), named for what it answers:
a keyset-paged article list, the store's version, an entity's roles by article,
co-participants of events and the meeting edges of the graph (participants keyed by their
corpus entity where linked). Everything else goes through `Newsgraph`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from newsgraph.store.base import Row, Store


def list_articles(
    store: Store,
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
    if q and re.search(r"\w", q):
        condition, values = store.text_match("article", q)
        where.append(condition)
        params += values
    if since:
        where.append("a.published >= ?")
        params.append(since)
    if until:
        where.append("substr(a.published, 1, length(CAST(? AS TEXT))) <= ?")
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
    return store.rows(sql, [*params, limit])


def last_article(store: Store) -> int:
    """The number of the last article stored (0 when none): the store only appends, so this
    changes exactly when its contents do."""
    return int(store.rows("SELECT max(n) AS n FROM articles")[0]["n"] or 0)


def roles_by_article(store: Store, keys: Sequence[tuple[str, str]]) -> list[Row]:
    """Titles and roles the entity had in each article, oldest first (every article)."""
    rows = store.keyed(
        "SELECT k.article_id, a.title, a.published, e.titles, e.roles FROM entities e "
        "JOIN k ON k.article = e.article AND k.id = e.id "
        "JOIN articles a ON a.n = e.article ORDER BY coalesce(a.published, ''), a.n",
        keys,
    )
    for r in rows:
        r["titles"], r["roles"] = json.loads(r["titles"]), json.loads(r["roles"])
    return rows


def co_occurring(store: Store, keys: Sequence[tuple[str, str]], limit: int) -> list[Row]:
    """Entities named in the same articles, by how many articles they share: corpus entities
    (`key` its id, `linked` true), else article entities of one normalised name."""
    own = {key for key in keys}
    rows = store.keyed(
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


def participants(store: Store, events: Sequence[tuple[str, str]]) -> list[Row]:
    """Participants of (article_id, event) pairs, with their entity's type and key."""
    return store.keyed(
        "SELECT k.article_id, p.event, p.entity, coalesce(c.name, e.name, p.name) AS name, "
        "e.type, e.norm, l.corpus_entity FROM event_participants p "
        "JOIN k ON k.article = p.article AND k.id = p.event "
        "LEFT JOIN entities e ON e.article = p.article AND e.id = p.entity "
        "LEFT JOIN corpus_links l ON l.article = p.article AND l.entity = p.entity "
        "LEFT JOIN corpus_entities c ON c.id = l.corpus_entity",
        events,
    )


def meeting_participants(
    store: Store, since: str | None, until: str | None, limit: int
) -> list[Row]:
    """Participants of meetings (events of type meet) whose time lies in [since, until]."""
    where, params = ["ev.type = 'meet'"], []
    if since:
        where.append(
            "coalesce(ev.time_value, a.published) >= substr(CAST(? AS TEXT), 1, "
            "length(coalesce(ev.time_value, a.published)))"
        )
        params.append(since)
    if until:
        where.append(
            "substr(coalesce(ev.time_value, a.published), 1, length(CAST(? AS TEXT))) <= ?"
        )
        params += [until, until]
    return store.rows(
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
