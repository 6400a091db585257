"""`/api/v1/entities`: entities gathered across articles, and one with everything about it."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from newsgraph.serve import paging, queries
from newsgraph.serve.db import Database
from newsgraph.serve.errors import ApiError
from newsgraph.serve.render import entity_href, entity_key
from newsgraph.serve.routers.articles import db_of

router = APIRouter(prefix="/api/v1", tags=["entities"])

TIMELINE_TYPES = ("meet", "travel")


def _met_most(
    own: set[tuple[str, str]], participants: list[dict[str, Any]], events: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Who shared the most meetings with the entity (participants other than itself)."""
    meetings = {(e["article_id"], e["event"]) for e in events if e["type"] == "meet"}
    counts: Counter[tuple[str, str]] = Counter()
    names: dict[tuple[str, str], str] = {}
    for p in participants:
        if (p["article_id"], p["event"]) not in meetings or (p["article_id"], p["entity"]) in own:
            continue
        key = (p["norm"] or str(p["name"]).lower(), p["type"] or "OTHER")
        counts[key] += 1
        names.setdefault(key, p["name"])
    return [
        {"name": names[k], "type": k[1], "meetings": n,
         "href": entity_href(names[k], k[1]) if k[1] != "OTHER" else None}
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


def entity_view(db: Database, key: str) -> dict[str, Any]:
    """One entity across articles: the query API's answer plus roles over time, quotes and
    events with their articles, a meetings-and-travel timeline, who it met most and the
    entities it co-occurs with."""
    found = db.reader().entity(key)
    if found is None:
        raise ApiError(404, f"no entity named {key!r}")
    store = db.store()
    own = {(m["article_id"], m["entity"]) for m in found["mentions"]}
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
    found["key"] = entity_key(found["name"], found["type"])
    found["roles_over_time"] = _role_spans(queries.roles_by_article(store, keys))
    found["timeline"] = sorted(
        (e for e in events if e["type"] in TIMELINE_TYPES),
        key=lambda e: (e["time"] or e["published"] or "", e["article_id"]),
    )
    found["met_most"] = _met_most(own, people, events)
    found["co_occurring"] = queries.co_occurring(store, keys, limit=20)
    for row in (*found["co_occurring"], *found["other_candidates"]):
        row["href"] = entity_href(row["name"], row["type"])
    return found


@router.get("/entities", summary="Entities gathered by name and type")
def list_entities(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="words of the name")] = None,
    type: Annotated[
        str | None, Query(max_length=20, pattern=r"^[A-Za-z_]+$", description="PERSON, ORG, …")
    ] = None,
    cursor: paging.Cursor = None,
    limit: paging.Limit = paging.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """`{"items": [...], "next": ...}`; each item has the `id` of its `/entities/{id}`."""
    offset = paging.offset_of(cursor)
    rows = queries.list_entities(db_of(request).store(), q, type, offset, limit + 1)
    for r in rows:
        r["id"] = r.pop("norm")
        r["href"] = entity_href(r["name"], r["type"])
    result = paging.page(rows, 0, limit)
    if result["next"]:
        result["next"] = paging.encode({"o": offset + limit})
    return result


@router.get("/entities/{entity_id:path}", summary="One entity: mentions, quotes, events, …")
def get_entity(request: Request, entity_id: str) -> dict[str, Any]:
    """`entity_id` is a name (any form: "Mark Milley", "mark milley", "Milley")."""
    if not entity_id.strip() or len(entity_id) > 200:
        raise ApiError(404, "no entity with an empty or overlong name")
    return entity_view(db_of(request), entity_id)
