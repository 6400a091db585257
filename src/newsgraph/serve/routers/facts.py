"""`/api/v1/quotes`, `/events`, `/search`, `/graph`, `/stats`, `/rejections`."""

from __future__ import annotations

import functools
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from newsgraph.serve import graph, paging, queries
from newsgraph.serve.db import Database
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
    """Events in time order (undated last), with participants."""
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


@functools.lru_cache(maxsize=32)
def _cached_graph(
    db: Database, version: int, since: str | None, until: str | None
) -> dict[str, Any]:
    rows = queries.meeting_participants(db.store(), since, until, limit=50_000)
    built = graph.build(rows)
    return {"graph": built, "json": built.to_dict()}


def meeting_graph(db: Database, since: str | None, until: str | None) -> dict[str, Any]:
    """The meeting graph for a date range, cached until the store changes."""
    return _cached_graph(db, queries.last_article(db.store()), since or None, until or None)


@router.get("/graph", summary="Who met whom: nodes and meeting edges")
def get_graph(request: Request, since: IsoPrefix = None, until: IsoPrefix = None) -> Any:
    """Nodes (people, organisations, …) with layout positions, edges with meeting counts."""
    return meeting_graph(db_of(request), since, until)["json"]


@router.get("/stats", summary="Counts of everything stored")
def stats(request: Request) -> dict[str, Any]:
    return db_of(request).reader().stats()


@router.get("/rejections", summary="Inputs that did not become articles, and why")
def rejections(
    request: Request, cursor: paging.Cursor = None, limit: paging.Limit = paging.DEFAULT_LIMIT
) -> dict[str, Any]:
    offset = paging.offset_of(cursor)
    return paging.page(db_of(request).reader().rejections(), offset, limit)
