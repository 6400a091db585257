"""Corpus events in the SQL core, shared by every backend: the events themselves, the link
of every stored event to its corpus event, the index of participants, places and subject
keys (role `subject`: "stem@corpus entity") by (type, key, window) that finds a new report's
candidates, and how often each corpus entity was a
place, a participant or a media outlet. Portable SQL over the backend's `_execute`; every
write runs in the caller's transaction (a `write` hook's, or relink's).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from newsgraph.store.base import IndexRow, LinkRow, Row
from newsgraph.store.sql_read import like_words, marks
from newsgraph.store.sql_stories import padded

EVENT_COLUMNS = (
    "id", "type", "time", "lo", "hi", "status", "told", "articles", "reports", "first_seen",
    "last_seen", "founded_by",
)  # fmt: skip
_UPDATABLE = frozenset(EVENT_COLUMNS) - {"id", "type", "founded_by"}
_TABLES = (
    "corpus_event_links", "corpus_event_entities", "corpus_events", "corpus_event_roles",
    "corpus_event_redirects",
)  # fmt: skip
_CHUNK = 400


class SqlEvents:
    """Corpus-event reads and writes over a backend's `_execute`; mixed into each store."""

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        raise NotImplementedError

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def _dated(self, column: str) -> str:
        raise NotImplementedError

    def _json_list(self, expression: str, order: str) -> str:
        raise NotImplementedError

    def keyed(self, sql: str, keys: Sequence[tuple[str, str]]) -> list[Row]:
        raise NotImplementedError

    # -- merging (inside a write hook or relink) ------------------------------------------

    def event_candidates(
        self, type: str, entities: Sequence[str], lo: str, hi: str
    ) -> list[Row]:
        """Corpus events of a type with one of `entities` as a key (participant, place or
        subject) and a window overlapping [lo, hi]: as `corpus_events_by_id`."""
        if not entities:
            return []
        keys = padded(entities)  # a few statement lengths, kept prepared (`padded`)
        ids = [
            r["event"]
            for r in self._execute(
                "SELECT DISTINCT event FROM corpus_event_entities WHERE type = ? "
                f"AND entity IN ({marks(keys)}) AND hi >= ? AND lo <= ? ORDER BY event",
                [type, *keys, lo, hi],
            )
        ]
        return self.corpus_events_by_id(ids)

    def corpus_events_by_id(self, ids: Sequence[str]) -> list[Row]:
        """Corpus events by id (in id order), each with its `participants` (corpus entity
        ids), `place` (a corpus entity id or None) and `subjects` (its reports' trigger stems
        in articles about each subject: "return@<corpus entity>")."""
        rows: list[Row] = []
        for i in range(0, len(ids), _CHUNK):
            chunk = padded(ids[i : i + _CHUNK])
            found = self._execute(
                f"SELECT * FROM corpus_events WHERE id IN ({marks(chunk)}) ORDER BY id", chunk
            )
            parts: dict[str, list[Row]] = {}
            for r in self._execute(
                "SELECT event, entity, role FROM corpus_event_entities "
                f"WHERE event IN ({marks(chunk)}) ORDER BY event, entity",
                chunk,
            ):
                parts.setdefault(r["event"], []).append(r)
            for row in found:
                mine = parts.get(row["id"], [])
                row["participants"] = [p["entity"] for p in mine if p["role"] == "participant"]
                row["place"] = next((p["entity"] for p in mine if p["role"] == "place"), None)
                row["subjects"] = [p["entity"] for p in mine if p["role"] == "subject"]
            rows += found
        return rows

    def events_found(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert new corpus events (every column of `corpus_events`)."""
        self._executemany(
            f"INSERT INTO corpus_events ({', '.join(EVENT_COLUMNS)}) "
            f"VALUES ({marks(EVENT_COLUMNS)})",
            [[row[c] for c in EVENT_COLUMNS] for row in rows],
        )

    def event_update(self, event_id: str, fields: Mapping[str, Any]) -> None:
        """Set some columns of a corpus event; a new window (lo and hi) is copied to its
        index rows."""
        unknown = set(fields) - _UPDATABLE
        if unknown:
            raise ValueError(f"not an updatable column: {sorted(unknown)}")
        if not fields:
            return
        sets = ", ".join(f"{c} = ?" for c in fields)
        self._execute(f"UPDATE corpus_events SET {sets} WHERE id = ?", [*fields.values(), event_id])
        if "lo" in fields and "hi" in fields:
            self._execute(
                "UPDATE corpus_event_entities SET lo = ?, hi = ? WHERE event = ?",
                (fields["lo"], fields["hi"], event_id),
            )

    def event_add_entities(self, rows: Sequence[IndexRow]) -> None:
        """Index corpus events by key: (type, key, event, role, lo, hi) rows, a key being a
        corpus entity as participant or place or a subject key ("stem@corpus entity")."""
        self._executemany(
            "INSERT INTO corpus_event_entities (type, entity, event, role, lo, hi) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (type, entity, event) DO NOTHING",
            rows,
        )

    def event_clear_entities(self, event_id: str) -> None:
        """Drop a corpus event's participants and place (to index them again); the keys of
        its reports' subjects stay."""
        self._execute(
            "DELETE FROM corpus_event_entities WHERE event = ? AND role <> 'subject'", (event_id,)
        )

    def events_fold(self, into: str, others: Sequence[str]) -> None:
        """Move the reports of `others` to corpus event `into` and delete them (with their
        index rows); `into` counts its articles again, and their ids (and those folded into
        them before) lead to it."""
        if not others:
            return
        self._execute(
            f"UPDATE corpus_event_redirects SET event = ? WHERE event IN ({marks(others)})",
            [into, *others],
        )
        self._executemany(
            "INSERT INTO corpus_event_redirects (id, event) VALUES (?, ?) "
            "ON CONFLICT (id) DO UPDATE SET event = excluded.event",
            [(other, into) for other in others],
        )
        self._execute(
            "UPDATE corpus_event_links SET corpus_event = ? "
            f"WHERE corpus_event IN ({marks(others)})",
            [into, *others],
        )
        for table, column in (("corpus_event_entities", "event"), ("corpus_events", "id")):
            self._execute(f"DELETE FROM {table} WHERE {column} IN ({marks(others)})", others)
        self._execute(
            "UPDATE corpus_events SET articles = (SELECT count(DISTINCT article) "
            "FROM corpus_event_links WHERE corpus_event = ?) WHERE id = ?",
            (into, into),
        )

    def event_links(self, rows: Sequence[LinkRow]) -> None:
        """Record (or replace) which corpus event stored events report: (article id, event
        id, corpus event, the article entities that count as its participants, its place),
        each article's number read in the same statement."""
        self._executemany(
            "INSERT INTO corpus_event_links (article, event, corpus_event, participants, place) "
            "SELECT n, ?, ?, ?, ? FROM articles WHERE id = ? ON CONFLICT (article, event) "
            "DO UPDATE SET corpus_event = excluded.corpus_event, "
            "participants = excluded.participants, place = excluded.place",
            [(e, c, json.dumps(list(p)), place, a) for a, e, c, p, place in rows],
        )

    def event_moved(self, event_id: str) -> str | None:
        """The corpus event a folded one's reports went to (None: never folded)."""
        rows = self._execute(
            "SELECT event FROM corpus_event_redirects WHERE id = ?", (event_id,)
        )
        return str(rows[0]["event"]) if rows else None

    def event_reported_in(self, corpus_event: str, article_id: str) -> bool:
        """Whether an article already reports this corpus event."""
        return bool(
            self._execute(
                "SELECT 1 AS x FROM corpus_event_links l JOIN articles a ON a.n = l.article "
                "WHERE l.corpus_event = ? AND a.id = ? LIMIT 1",
                (corpus_event, article_id),
            )
        )

    def roles_add(self, counts: Sequence[tuple[str, int, int, int]]) -> None:
        """Count what corpus entities were in events: (entity, times seen as a media
        outlet, places, participations)."""
        self._executemany(
            "INSERT INTO corpus_event_roles (entity, outlet, place, participant) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (entity) DO UPDATE SET "
            "outlet = corpus_event_roles.outlet + excluded.outlet, "
            "place = corpus_event_roles.place + excluded.place, "
            "participant = corpus_event_roles.participant + excluded.participant",
            sorted(counts),
        )

    def roles_of(self, entities: Sequence[str]) -> dict[str, Row]:
        """What these corpus entities were in earlier events: outlet, place, participant."""
        if not entities:
            return {}
        keys = padded(entities)
        rows = self._execute(
            "SELECT entity, outlet, place, participant FROM corpus_event_roles "
            f"WHERE entity IN ({marks(keys)})",
            keys,
        )
        return {str(r["entity"]): r for r in rows}

    def events_reset(self) -> None:
        """Delete every corpus event, link, index row, role count and redirect (to rebuild
        them)."""
        for table in _TABLES:
            self._execute(f"DELETE FROM {table}")

    def events_of_entities(self, entities: Sequence[str]) -> list[str]:
        """Corpus events that have one of these corpus entities as participant or place."""
        if not entities:
            return []
        rows = self._execute(
            "SELECT DISTINCT event FROM corpus_event_entities "
            f"WHERE entity IN ({marks(entities)}) ORDER BY event",
            entities,
        )
        return [str(r["event"]) for r in rows]

    # -- reading ----------------------------------------------------------------------------

    def event_reports(self, corpus_events: Sequence[str]) -> list[Row]:
        """The stored events reporting these corpus events, in ingest order: the corpus
        event, article (id, title, published, publisher), event id, trigger, time as told,
        status, and the article entities counted as participants and place."""
        rows: list[Row] = []
        for i in range(0, len(corpus_events), _CHUNK):
            chunk = corpus_events[i : i + _CHUNK]
            rows += self._execute(
                "SELECT l.corpus_event, a.id AS article_id, a.title, a.published, a.publisher, "
                "ev.id AS event, ev.trigger, ev.start, ev.time_text, ev.status, "
                "ev.place AS place_text, l.participants, l.place FROM corpus_event_links l "
                "JOIN articles a ON a.n = l.article "
                "JOIN events ev ON ev.article = l.article AND ev.id = l.event "
                f"WHERE l.corpus_event IN ({marks(chunk)}) ORDER BY l.article, ev.start",
                chunk,
            )
        for r in rows:
            r["participants"] = json.loads(r["participants"])
        return rows

    def corpus_events_of(self, article_ids: Sequence[str]) -> list[Row]:
        """The corpus events these articles report (each once, most reported first), with
        their participants and place as corpus entity ids: what a story lists."""
        ids: list[str] = []
        for i in range(0, len(article_ids), _CHUNK):
            chunk = article_ids[i : i + _CHUNK]
            ids += [
                r["corpus_event"]
                for r in self._execute(
                    "SELECT DISTINCT l.corpus_event FROM corpus_event_links l "
                    f"JOIN articles a ON a.n = l.article WHERE a.id IN ({marks(chunk)})",
                    chunk,
                )
            ]
        rows = self.corpus_events_by_id(sorted(set(ids)))
        return sorted(rows, key=lambda r: (-int(r["articles"]), -int(r["reports"]), r["id"]))

    def corpus_event_rows(self, ids: Sequence[str]) -> list[Row]:
        """Corpus events as the API shows them, in the order of `ids`: type, time (and the
        window), status, place, participants ({id, name, type}), `sources` (articles
        reporting it), `reports`, the first report's article and trigger, and every
        reporting article ({id, title, published, publisher, trigger})."""
        events = {r["id"]: r for r in self.corpus_events_by_id(ids)}
        names: dict[str, Row] = {}
        wanted = sorted({e for r in events.values() for e in [*r["participants"], r["place"]] if e})
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            for r in self._execute(
                f"SELECT id, name, type FROM corpus_entities WHERE id IN ({marks(chunk)})", chunk
            ):
                names[r["id"]] = r
        reports: dict[str, list[Row]] = {}
        for r in self.event_reports(list(events)):
            reports.setdefault(r["corpus_event"], []).append(r)
        rows = []
        for event_id in ids:
            if (e := events.get(event_id)) is None:
                continue
            mine = reports.get(event_id, [])
            first = mine[0] if mine else {}
            articles: dict[str, Row] = {}
            for r in mine:
                articles.setdefault(r["article_id"], {
                    k: r[k] for k in ("title", "published", "publisher", "trigger")
                } | {"id": r["article_id"]})  # fmt: skip
            place = names.get(e["place"] or "")
            rows.append({
                "corpus_event": event_id, "type": e["type"], "time": e["time"],
                "window": [e["lo"], e["hi"]], "status": e["status"],
                "place": place["name"] if place else first.get("place_text"),
                "place_entity": e["place"],
                "participants": [names[p] for p in e["participants"] if p in names],
                "sources": int(e["articles"]), "reports": int(e["reports"]),
                "article_id": first.get("article_id"), "title": first.get("title"),
                "published": first.get("published"), "event": first.get("event"),
                "trigger": first.get("trigger"), "start": first.get("start"),
                "articles": list(articles.values()),
            })  # fmt: skip
        return rows

    def events(
        self,
        type: str | None,
        who: str | None,
        since: str | None,
        until: str | None,
        limit: int,
        participants: Sequence[str] = (),
    ) -> list[Row]:
        """Events by type, participant (corpus entities, else a name as written) and time:
        one row per corpus event (`corpus_event_rows`), and one per stored event that has
        none (written without the corpus layer), in time order."""
        where: list[str] = []
        params: list[Any] = []
        if type:
            where.append("ev.type = ?")
            params.append(type)
        if participants:
            where.append(
                "(EXISTS (SELECT 1 FROM corpus_event_entities k WHERE k.event = x.corpus_event "
                f"AND k.role = 'participant' AND k.entity IN ({marks(participants)})) OR "
                "(x.corpus_event IS NULL AND EXISTS (SELECT 1 FROM event_participants p "
                "JOIN corpus_links l ON l.article = p.article AND l.entity = p.entity "
                "WHERE p.article = ev.article AND p.event = ev.id "
                f"AND l.corpus_entity IN ({marks(participants)}))))"
            )
            params += [*participants, *participants]
        elif patterns := like_words(who or ""):
            cond = " AND ".join("(lower(p.name) LIKE ? OR e.norm LIKE ?)" for _ in patterns)
            where.append(
                "EXISTS (SELECT 1 FROM event_participants p LEFT JOIN entities e "
                "ON e.article = p.article AND e.id = p.entity "
                f"WHERE p.article = ev.article AND p.event = ev.id AND {cond})"
            )
            params += [x for p in patterns for x in (p, p)]
        time = "coalesce(ce.time, ev.time_value)"
        if since:  # compared at the event's own granularity: 2020-12 is since 2020-12-01
            where += [self._dated(time), f"{time} >= substr(CAST(? AS TEXT), 1, length({time}))"]
            params.append(since)
        if until:
            where += [self._dated(time), f"substr({time}, 1, length(CAST(? AS TEXT))) <= ?"]
            params += [until, until]
        keys = self._execute(
            "SELECT coalesce(x.corpus_event, a.id || '/' || ev.id) AS k, "
            f"min({time}) AS t, min(a.n) AS n, min(ev.start) AS s FROM events ev "
            "JOIN articles a ON a.n = ev.article LEFT JOIN corpus_event_links x "
            "ON x.article = ev.article AND x.event = ev.id "
            "LEFT JOIN corpus_events ce ON ce.id = x.corpus_event"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " GROUP BY coalesce(x.corpus_event, a.id || '/' || ev.id) "
            "ORDER BY t NULLS FIRST, n, s LIMIT ?",
            [*params, limit],
        )
        merged = {r["corpus_event"]: r for r in self.corpus_event_rows(
            [r["k"] for r in keys if "/" not in r["k"]]
        )}  # fmt: skip
        single = {f"{r['article_id']}/{r['event']}": r for r in self._single_events(
            [tuple(r["k"].split("/", 1)) for r in keys if "/" in r["k"]]
        )}  # fmt: skip
        return [row for r in keys if (row := merged.get(r["k"]) or single.get(r["k"]))]

    def _single_events(self, keys: Sequence[tuple[str, ...]]) -> list[Row]:
        """Stored events without a corpus event, by (article id, event id)."""
        if not keys:
            return []
        names = self._json_list("coalesce(e.name, p.name)", "p.n")
        rows = self.keyed(
            "SELECT a.id AS article_id, a.title, a.published, ev.id AS event, ev.type, "
            "ev.trigger, ev.status, ev.time_value AS time, ev.time_text, ev.place, ev.place_in, "
            f"(SELECT {names} FROM event_participants p "
            "LEFT JOIN entities e ON e.article = p.article AND e.id = p.entity "
            "WHERE p.article = ev.article AND p.event = ev.id) AS participants "
            "FROM events ev JOIN k ON k.article = ev.article AND k.id = ev.id "
            "JOIN articles a ON a.n = ev.article",
            [(k[0], k[1]) for k in keys],
        )
        for r in rows:
            found = r["participants"]
            found = json.loads(found) if isinstance(found, str) else found or []
            r["participants"] = [{"id": None, "name": n, "type": None} for n in found]
            r.update(corpus_event=None, sources=1, reports=1, articles=[
                {"id": r["article_id"], "title": r["title"], "published": r["published"]}
            ])  # fmt: skip
        return rows
