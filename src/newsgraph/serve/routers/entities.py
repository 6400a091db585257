"""`/api/v1/entities`: corpus entities (one per real person, organisation, place), one with
everything about it, and the hand corrections (merge, split, rename) when writes are on."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from pydantic import BaseModel, Field

from newsgraph.serve import paging, queries
from newsgraph.serve.db import Database
from newsgraph.serve.errors import ApiError
from newsgraph.serve.render import corpus_href, entity_href
from newsgraph.serve.routers.articles import _check_token, db_of

router = APIRouter(prefix="/api/v1", tags=["entities"])

TIMELINE_TYPES = ("meet", "travel")
MAX_IDS = 50


def _key(p: dict[str, Any]) -> tuple[str, str]:
    """Who a participant is: its corpus entity, else its name as written."""
    if p.get("corpus_entity"):
        return str(p["corpus_entity"]), str(p["type"] or "OTHER")
    return str(p["norm"] or p["name"]).lower(), str(p["type"] or "OTHER")


def _href(key: tuple[str, str], name: str, linked: bool) -> str | None:
    if linked:
        return corpus_href(key[0])
    return entity_href(name, key[1]) if key[1] != "OTHER" else None


def _met_most(
    own: set[tuple[str, str]], participants: list[dict[str, Any]], events: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Who shared the most meetings with the entity (participants other than itself)."""
    meetings = {(e["article_id"], e["event"]) for e in events if e["type"] == "meet"}
    counts: Counter[tuple[str, str]] = Counter()
    names: dict[tuple[str, str], tuple[str, bool]] = {}
    for p in participants:
        if (p["article_id"], p["event"]) not in meetings or (p["article_id"], p["entity"]) in own:
            continue
        key = _key(p)
        counts[key] += 1
        names.setdefault(key, (p["name"], bool(p.get("corpus_entity"))))
    return [
        {"name": names[k][0], "type": k[1], "meetings": n, "href": _href(k, *names[k])}
        for k, n in counts.most_common(20)
    ]


def _role_spans(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Roles over time: each run of articles that give the same roles becomes one line with
    its first and last date and how many articles say so (titles alone are not roles)."""
    spans: list[dict[str, Any]] = []
    for r in rows:
        if not r["roles"]:
            continue
        if spans and spans[-1]["roles"] == r["roles"]:
            spans[-1]["until"] = r["published"] or spans[-1]["until"]
            spans[-1]["articles"] += 1
            continue
        spans.append({
            "roles": r["roles"], "since": r["published"], "until": r["published"],
            "articles": 1, "article_id": r["article_id"], "title": r["title"],
        })
    return spans


def _candidates(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**c, "href": corpus_href(c["id"])} for c in rows]


def entity_view(db: Database, key: str) -> dict[str, Any]:
    """One corpus entity (by id or name): the query API's page plus roles over time, quotes
    and events with their articles, a meetings-and-travel timeline, who it met most and the
    entities named in the same articles. An ambiguous name gives its candidates."""
    found = db.reader().entity(key)
    if found is None:
        raise ApiError(404, f"no entity named {key!r}")
    if found.get("ambiguous"):
        found["candidates"] = _candidates(found["candidates"])
        return found
    store = db.store()
    own = {(link["article_id"], link["entity"]) for link in found["links"]}
    keys = sorted(own)
    articles = {a["id"]: a for a in found["articles"]}
    for q in found["quotes"]:
        q["article_title"] = articles.get(q["article_id"], {}).get("title")
        q["href"] = f"/articles/{q['article_id']}#q-{q['start']}"
    events = found["events"]
    people = queries.participants(store, [(e["article_id"], e["event"]) for e in events])
    with_whom: dict[tuple[str, str], list[str]] = {}
    for p in people:
        if (p["article_id"], p["entity"]) not in own:
            with_whom.setdefault((p["article_id"], p["event"]), []).append(p["name"])
    for e in events:
        e["with"] = with_whom.get((e["article_id"], e["event"]), [])
        e["article_title"] = articles.get(e["article_id"], {}).get("title")
        e["published"] = articles.get(e["article_id"], {}).get("published")
    found["key"] = found["id"]
    found["roles_over_time"] = _role_spans(queries.roles_by_article(store, keys))
    found["timeline"] = sorted(
        (e for e in events if e["type"] in TIMELINE_TYPES),
        key=lambda e: (e["time"] or e["published"] or "", e["article_id"]),
    )
    found["met_most"] = _met_most(own, people, events)
    found["co_occurring"] = queries.co_occurring(store, keys, limit=20)
    for row in found["co_occurring"]:
        row["href"] = _href((row["key"], row["type"]), row["name"], row["linked"])
    found["other_candidates"] = _candidates(found["other_candidates"])
    return found


@router.get("/entities", summary="Corpus entities by name and type")
def list_entities(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="words of the name")] = None,
    type: Annotated[
        str | None, Query(max_length=20, pattern=r"^[A-Za-z_]+$", description="PERSON, ORG, …")
    ] = None,
    cursor: paging.Cursor = None,
    limit: paging.Limit = paging.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """`{"items": [...], "next": ...}`; each item's `id` is that of its `/entities/{id}`."""
    offset = paging.offset_of(cursor)
    rows = db_of(request).store().list_corpus_entities(q, type, offset, limit + 1)
    for r in rows:
        r["href"] = corpus_href(r["id"])
    result = paging.page(rows, 0, limit)
    if result["next"]:
        result["next"] = paging.encode({"o": offset + limit})
    return result


@router.get("/entities/{entity_id:path}", summary="One entity: mentions, quotes, events, …")
def get_entity(request: Request, entity_id: str) -> dict[str, Any]:
    """`entity_id` is a corpus entity's id or a name in any form ("Mark Milley", "Milley");
    an ambiguous name answers `{"ambiguous": true, "candidates": [...]}`."""
    if not entity_id.strip() or len(entity_id) > 200:
        raise ApiError(404, "no entity with an empty or overlong name")
    return entity_view(db_of(request), entity_id)


class MergeIn(BaseModel):
    ids: list[str] = Field(min_length=2, max_length=MAX_IDS)


class SplitIn(BaseModel):
    mentions: list[str] = Field(default_factory=list, max_length=1000)
    form: str | None = Field(default=None, max_length=200)


class RenameIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)


Token = Annotated[str | None, Header()]


@router.post("/entities/merge", summary="Merge corpus entities into the first (by hand)")
def merge_entities(request: Request, body: MergeIn, authorization: Token = None) -> Any:
    """Writes only: stored as an override that survives re-ingest and relink."""
    _check_token(request, authorization)
    with db_of(request).writing():
        return db_of(request).reader().merge(body.ids)


@router.post("/entities/{entity_id}/split", summary="Split mentions off a corpus entity")
def split_entity(
    request: Request, entity_id: str, body: SplitIn, authorization: Token = None
) -> Any:
    """`mentions`: 'ARTICLE_ID/ENTITY_ID' of linked article entities, or `form`: every
    linked article entity of that name. Writes only; stored as an override."""
    _check_token(request, authorization)
    with db_of(request).writing():
        return db_of(request).reader().split(entity_id, body.mentions, body.form)


@router.post("/entities/{entity_id}/rename", summary="Name a corpus entity by hand")
def rename_entity(
    request: Request, entity_id: str, body: RenameIn, authorization: Token = None
) -> Any:
    """Writes only; stored as an override."""
    _check_token(request, authorization)
    with db_of(request).writing():
        return db_of(request).reader().rename(entity_id, body.name)
