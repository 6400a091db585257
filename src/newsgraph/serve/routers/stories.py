"""`/api/v1/stories`: stories (articles about one happening), most recent and largest first,
and one story with its articles by outlet, its key people with their quotes and its names."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from newsgraph.serve import paging
from newsgraph.serve.db import Database
from newsgraph.serve.errors import ApiError
from newsgraph.serve.render import corpus_href
from newsgraph.serve.routers.articles import db_of

router = APIRouter(prefix="/api/v1", tags=["stories"])
MIN_ID = 6  # characters of a story id that identify it


def story_list(db: Database, limit: int, offset: int, min_size: int) -> list[dict[str, Any]]:
    """Stories with at least `min_size` articles, each with its page's URL."""
    rows = db.reader().stories(limit, offset, min_size)
    return [{**r, "href": f"/stories/{r['id']}"} for r in rows]


def story_view(db: Database, story_id: str) -> dict[str, Any]:
    """One story with URLs for its articles and entities; 404 when no story matches."""
    story = db.reader().story(story_id) if MIN_ID <= len(story_id) <= 16 else None
    if story is None:
        raise ApiError(404, f"no story {story_id!r} (give at least {MIN_ID} characters of its id)")
    for a in story["articles"]:
        a["href"] = f"/articles/{a['id']}"
    for e in (*story["people"], *story["entities"]):
        e["href"] = corpus_href(e["id"])
    for p in story["people"]:
        for q in p["quotes"]:
            q["href"] = f"/articles/{q['article_id']}#q-{q['start']}"
    story["outlets"] = sorted({a["publisher"] for a in story["articles"] if a["publisher"]})
    return story


@router.get("/stories", summary="List stories, most recent and largest first")
def list_stories(
    request: Request,
    limit: paging.Limit = paging.DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    min_size: Annotated[int, Query(ge=1, le=10_000, description="fewest articles")] = 1,
) -> dict[str, Any]:
    """`{"items": [...]}`: id, label (the main event: who what (where, when)), first and last
    publication day, size (articles) and outlets."""
    return {"items": story_list(db_of(request), limit, offset, min_size)}


@router.get("/stories/{story_id}", summary="One story")
def get_story(request: Request, story_id: str) -> dict[str, Any]:
    """The story's label and dates, its articles in publication order with their outlets,
    its key people (most articles first) with their quotes, and its other key names."""
    return story_view(db_of(request), story_id)
