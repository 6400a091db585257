"""`/api/v1/articles`: list (filtered, keyset-paged), one article, and store (writes only)."""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from newsgraph.serve import paging, queries
from newsgraph.serve.db import Database
from newsgraph.serve.errors import ApiError
from newsgraph.serve.routers.extract import ArticleIn, read_article
from newsgraph.store.base import Outcome

router = APIRouter(prefix="/api/v1", tags=["articles"])

IsoPrefix = Annotated[
    str | None,
    Query(max_length=32, pattern=r"^(\d{4}(-\d{2}(-\d{2})?)?)?$",
          description="ISO date or prefix: 2020, 2020-12, 2020-12-16 (empty: any)"),
]


def db_of(request: Request) -> Database:
    """The app's database."""
    db: Database = request.app.state.db
    return db


def article_page(
    db: Database,
    q: str | None,
    since: str | None,
    until: str | None,
    publisher: str | None,
    cursor: str | None,
    limit: int,
) -> dict[str, Any]:
    """One page of the article list (shared by the API and the search page)."""
    state = paging.decode(cursor)
    after = state.get("a")
    if after is not None and not (
        isinstance(after, list)
        and len(after) == 2
        and isinstance(after[0], str)
        and isinstance(after[1], int)
        and 0 <= after[1] < 2**63  # a row number SQLite can compare
    ):
        raise ApiError(400, "invalid cursor", code="invalid_cursor")
    rows = queries.list_articles(
        db.store(), q, since, until, publisher,
        after=(str(after[0]), after[1]) if after else None, limit=limit + 1,
    )
    more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows else None
    items = [{k: v for k, v in r.items() if k != "n"} for r in rows]
    nxt = paging.encode({"a": [last["published"] or "", last["n"]]}) if more and last else None
    return {"items": items, "next": nxt}


@router.get("/articles", summary="List articles, newest first")
def list_articles(
    request: Request,
    q: Annotated[str | None, Query(max_length=500, description="words in the text")] = None,
    since: IsoPrefix = None,
    until: IsoPrefix = None,
    publisher: Annotated[str | None, Query(max_length=200)] = None,
    cursor: paging.Cursor = None,
    limit: paging.Limit = paging.DEFAULT_LIMIT,
) -> dict[str, Any]:
    """`{"items": [...], "next": cursor or null}`; each item has the article's `id`."""
    return article_page(db_of(request), q, since, until, publisher, cursor, limit)


@router.get("/articles/{article_id}", summary="One article (its full JSON)",
            response_class=JSONResponse)
def get_article(request: Request, article_id: str) -> JSONResponse:
    """The article as `newsgraph extract` gives it; a unique id prefix is enough."""
    if len(article_id) < 6 or len(article_id) > 64:
        raise ApiError(404, f"no article {article_id!r} (give at least 6 characters of its id)")
    article = db_of(request).reader().article(article_id)
    if article is None:
        raise ApiError(404, f"no article {article_id!r}")
    return JSONResponse(article)  # already plain JSON: no re-encoding pass


def _check_token(request: Request, authorization: str | None) -> None:
    db = db_of(request)
    if not db.writable:
        raise ApiError(403, "this server is read-only (start it with --allow-writes --token T)")
    token: str = request.app.state.token
    scheme, _, given = (authorization or "").strip().partition(" ")
    given = given.strip()
    if scheme.lower() != "bearer" or not given:  # only the documented scheme
        raise ApiError(401, "a valid token is needed: send `Authorization: Bearer T`")
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise ApiError(401, "a valid token is needed: send `Authorization: Bearer T`")


@router.post("/articles", status_code=201, summary="Read an article and store it")
async def store_article(
    request: Request,
    response: Response,
    body: ArticleIn,
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Only on a server started with `--allow-writes --token T`. 201 when stored, 200
    when the same clean text was stored before."""
    _check_token(request, authorization)
    article = await read_article(request, body)
    outcome = Outcome(name=f"api:{article.id}", article=article, publisher=article.publisher)
    counts = await run_in_threadpool(db_of(request).write, [outcome])
    stored = counts.get("article", 0) == 1
    if not stored:
        response.status_code = 200
    response.headers["Location"] = f"/api/v1/articles/{article.id}"
    return {"id": article.id, "stored": stored, "href": f"/articles/{article.id}"}
