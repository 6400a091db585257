"""`/api/v1/quotes`, `/events`, `/search`, `/graph`, `/stats`, `/rejections`."""

from __future__ import annotations

import functools
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request

from newsgraph.serve import graph, paging, queries
from newsgraph.serve.db import Database
from newsgraph.serve.errors import ApiError, Moved
from newsgraph.serve.render import corpus_href
from newsgraph.serve.routers.articles import IsoPrefix, db_of

router = APIRouter(prefix="/api/v1", tags=["facts"])

Words = Annotated[str | None, Query(max_length=500)]
EVENT_TYPES = (
    "meet", "travel", "call", "statement", "agreement", "order", "attack", "arrest",
    "death_injury", "election", "other",
)


@router.get("/quotes", summary="Quotes by speaker and words")
def list_quotes(
    request: Request,
    speaker: Annotated[
        str | None, Query(max_length=200, description="a corpus entity's name or id")
    ] = None,
    q: Words = None,
    cursor: paging.Cursor = None,
    limit: paging.Limit = paging.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Quotes in publication order; each links to its sentence (`href`)."""
    offset = paging.offset_of(cursor)
    rows = db_of(request).reader().quotes(speaker=speaker, contains=q, limit=offset + limit + 1)
    for r in rows:
        r["href"] = f"/articles/{r['article_id']}#q-{r['start']}"
    return paging.page(rows, offset, limit)


@router.get("/events", summary="Events by type, participant, place and time")
def list_events(
    request: Request,
    type: Annotated[str | None, Query(max_length=20, description=", ".join(EVENT_TYPES))] = None,
    who: Annotated[str | None, Query(max_length=200, description="a participant's name")] = None,
    where: Annotated[str | None, Query(max_length=200, description="words of the place")] = None,
    since: IsoPrefix = None,
    until: IsoPrefix = None,
    cursor: paging.Cursor = None,
    limit: paging.Limit = paging.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """Corpus events in time order (undated first): each real event once, with its
    participants, `sources` (the articles reporting it) and those articles."""
    offset = paging.offset_of(cursor)
    ng = db_of(request).reader()
    if not where:
        rows = ng.events(type=type, who=who, since=since, until=until, limit=offset + limit + 1)
        return paging.page(rows, offset, limit)
    # the place filter is applied here: read on until a page is full (bounded by MAX_OFFSET)
    words = where.lower().split()
    rows = [
        r for r in ng.events(type=type, who=who, since=since, until=until,
                             limit=paging.MAX_OFFSET)
        if r["place"] and all(w in r["place"].lower() for w in words)
    ]
    return paging.page(rows, offset, limit)


def event_view(db: Database, event_id: str) -> dict[str, Any]:
    """One corpus event with links to its participants and every report; the id of one
    folded into another answers 301 with the surviving event's URL."""
    found = db.reader().corpus_event(event_id) if len(event_id) <= 64 else None
    if found is None:
        raise ApiError(404, f"no corpus event {event_id!r}")
    if found["corpus_event"] != event_id:  # a sibling path: /events/ or /api/v1/events/
        moved = found["corpus_event"]
        raise Moved(quote(moved, safe=""), f"corpus event {event_id!r} is now {moved!r}")
    for p in found["participants"]:
        p["href"] = corpus_href(p["id"])
    for r in found["reports_detail"]:
        r["href"] = f"/articles/{r['article_id']}"
    return found


@router.get("/events/{event_id}", summary="One corpus event with every report")
def get_event(request: Request, event_id: str) -> dict[str, Any]:
    """A corpus event (`corpus_event` of an `/events` item): participants, time, place and
    the articles reporting it."""
    return event_view(db_of(request), event_id)


@router.get("/search", summary="Full-text search over articles and quotes")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    limit: paging.Limit = paging.DEFAULT_LIMIT,
    entity: Annotated[
        str | None, Query(max_length=200, description="a corpus entity's name or id")
    ] = None,
) -> dict[str, Any]:
    """Best matches first; `snippet` marks the matched words with [ and ]; `entity` keeps
    the articles that name that corpus entity."""
    rows = db_of(request).reader().search(q, limit=limit, entity=entity)
    for r in rows:
        r["href"] = f"/articles/{r['article_id']}"
    return {"items": rows, "next": None}


EventType = Annotated[str, Query(pattern="^(" + "|".join(graph.TYPES) + ")$")]
MinSources = Annotated[
    int, Query(ge=1, le=1000, description="only corpus events with this many sources")
]
EntityName = Annotated[
    str | None, Query(max_length=200, description="only this corpus entity's events (name or id)")
]


@functools.lru_cache(maxsize=32)
def _cached_graph(
    db: Database, version: tuple[int, int], type: str, since: str | None, until: str | None,
    entities: tuple[str, ...], min_sources: int,
) -> dict[str, Any]:  # fmt: skip
    store = db.store()
    rows = graph.participant_rows(store, type, since, until, list(entities), min_sources)
    built = graph.build(rows)
    graph.add_articles(store, built)
    return built


def meeting_graph(
    db: Database,
    since: str | None = None,
    until: str | None = None,
    entity: str | None = None,
    type: str = "meet",
    min_sources: int = 1,
) -> dict[str, Any]:
    """The meeting graph for the filters (`entity`: a name or id; one that names no corpus
    entity gives an empty graph), cached until the store changes."""
    ids: tuple[str, ...] = ()
    if entity and entity.strip():
        ids = tuple(db.reader().entity_ids(entity))
        if not ids:
            return {"nodes": [], "edges": [], "total_nodes": 0}
    store = db.store()
    version = (queries.last_article(store), queries.corrections(store))
    return _cached_graph(db, version, type, since or None, until or None, ids, min_sources)


@router.get("/graph", summary="Who met whom: corpus entities and the corpus events they share")
def get_graph(
    request: Request,
    since: IsoPrefix = None,
    until: IsoPrefix = None,
    entity: EntityName = None,
    type: EventType = "meet",
    min_sources: MinSources = 1,
) -> Any:
    """Nodes (corpus entities, most connected first, at most 150; `total_nodes` before the
    cut) and edges (`events`: corpus events shared, `sources`: articles reporting them,
    `meetings`: the most reported with their articles)."""
    return meeting_graph(db_of(request), since, until, entity, type, min_sources)


@router.get("/stats", summary="Counts of everything stored")
def stats(request: Request) -> dict[str, Any]:
    return db_of(request).reader().stats()


@router.get("/rejections", summary="Inputs that did not become articles, and why")
def rejections(
    request: Request, cursor: paging.Cursor = None, limit: paging.Limit = paging.DEFAULT_LIMIT
) -> dict[str, Any]:
    offset = paging.offset_of(cursor)
    return paging.page(db_of(request).reader().rejections(), offset, limit)
