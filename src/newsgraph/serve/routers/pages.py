"""The web UI: server-rendered pages that read without JavaScript (the graph's drawing
needs it; its strongest links are listed for readers without).

    /                 search over articles and quotes (filters: kind, dates, publisher);
                      without a query, the latest articles
    /articles/{id}    the annotated article with people, other entities, events, residue
    /entities/{key}   a person or organisation across the corpus
    /events/{id}      one corpus event with every article reporting it
    /stories/{id}     a story: its label, its articles by outlet over time, key people
                      with their quotes; the home page lists the latest stories
    /graph            who met whom (corpus events), filtered by dates, entity, type, sources
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from newsgraph.serve import graph, paging, queries, render
from newsgraph.serve.errors import ApiError
from newsgraph.serve.routers.articles import IsoPrefix, article_page, db_of
from newsgraph.serve.routers.entities import entity_view
from newsgraph.serve.routers.facts import (
    EntityName,
    EventType,
    MinSources,
    event_view,
    meeting_graph,
)
from newsgraph.serve.routers.stories import story_list, story_view

router = APIRouter(include_in_schema=False)
Text = Annotated[str | None, Query(max_length=500)]
_MARK = re.compile(r"\[([^\[\]]*)\]")
STRONGEST = 30  # links listed under the graph (readable without JavaScript)
HOME_STORIES = 10  # stories of two or more articles on the home page


def snippet_html(snippet: str | None) -> Markup:
    """A search snippet with its [matched] words as <mark>, everything else escaped."""
    text = snippet or ""
    parts: list[Markup] = []
    pos = 0
    for m in _MARK.finditer(text):
        parts.append(escape(text[pos : m.start()]))
        parts.append(Markup("<mark>{}</mark>").format(m.group(1)))
        pos = m.end()
    parts.append(escape(text[pos:]))
    return Markup("").join(parts)


def _page(request: Request, name: str, context: dict[str, Any]) -> HTMLResponse:
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(request, name, context)
    return response


def _search_hits(
    request: Request, q: str, kind: str, since: str | None, until: str | None,
    publisher: str | None,
) -> list[dict[str, Any]]:
    db = db_of(request)
    rows = db.reader().search(q, limit=100)
    if publisher:
        allowed = {r["id"] for r in queries.list_articles(
            db.store(), q, since, until, publisher, limit=1000)}
        rows = [r for r in rows if r["article_id"] in allowed]
    for r in rows:
        r["snippet_html"] = snippet_html(r["snippet"])
        r["href"] = f"/articles/{r['article_id']}"
    return [
        r for r in rows
        if (kind == "all" or r["kind"] == kind)
        and (not since or (r["published"] or "") >= since)
        and (not until or (r["published"] or "")[: len(until)] <= until)
    ]


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    q: Text = None,
    kind: Annotated[str, Query(pattern="^(all|article|quote)$")] = "all",
    since: IsoPrefix = None,
    until: IsoPrefix = None,
    publisher: Annotated[str | None, Query(max_length=200)] = None,
    cursor: paging.Cursor = None,
) -> HTMLResponse:
    db = db_of(request)
    context: dict[str, Any] = {
        "q": q or "", "kind": kind, "since": since or "", "until": until or "",
        "publisher": publisher or "", "hits": None, "latest": None, "stats": None,
        "stories": [],
    }
    if not db.available:
        raise ApiError(503, "this server has no database (start it with --db FILE)")
    if q and q.strip():
        context["hits"] = _search_hits(request, q, kind, since, until, publisher)
    else:
        context["latest"] = article_page(db, None, since, until, publisher, cursor, 20)
        context["stats"] = db.reader().stats()
        if not cursor:
            context["stories"] = story_list(db, HOME_STORIES, 0, min_size=2)
    return _page(request, "search.html", context)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_view(request: Request, article_id: str) -> HTMLResponse:
    reader = db_of(request).reader()
    article = reader.article(article_id) if len(article_id) >= 6 else None
    if article is None:
        raise ApiError(404, f"no article {article_id!r}")
    linked = {r["entity"]: r["corpus_entity"] for r in reader.store.corpus_links(
        article_id=article["id"]
    )}  # fmt: skip
    for e in article.get("entities", []):
        e["corpus_entity"] = linked.get(e["id"])
    paragraphs = render.annotated_paragraphs(article)
    return _page(request, "article.html", {
        "a": article,
        "source_url": render.http_url(article.get("url")),
        "title_html": paragraphs[0] if paragraphs else Markup(""),
        "lede_html": paragraphs[1] if len(paragraphs) > 1 else None,
        "body_html": paragraphs[2:],
        "people": render.people(article),
        "others": render.others(article),
        "events": render.event_rows(article),
        "quotes": article.get("quotes", []),
        "speaker_name": render.speaker_name,
        "href": render.entity_link,
    })


@router.get("/entities/{key:path}", response_class=HTMLResponse)
def entity_page(request: Request, key: str) -> HTMLResponse:
    if not key.strip() or len(key) > 200:
        raise ApiError(404, "no entity with an empty or overlong name")
    return _page(request, "entity.html", {"e": entity_view(db_of(request), key)})


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> HTMLResponse:
    return _page(request, "event.html", {"ev": event_view(db_of(request), event_id)})


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str) -> HTMLResponse:
    return _page(request, "story.html", {"s": story_view(db_of(request), story_id)})


@router.get("/graph", response_class=HTMLResponse)
def graph_page(
    request: Request,
    since: IsoPrefix = None,
    until: IsoPrefix = None,
    entity: EntityName = None,
    type: EventType = "meet",
    min_sources: MinSources = 1,
) -> HTMLResponse:
    built = meeting_graph(db_of(request), since, until, entity, type, min_sources)
    names = {n["id"]: n for n in built["nodes"]}
    query = urlencode({k: v for k, v in {
        "since": since, "until": until, "entity": entity, "type": type,
        "min_sources": min_sources,
    }.items() if v})  # fmt: skip
    return _page(request, "graph.html", {
        "g": built, "names": names, "since": since or "", "until": until or "",
        "entity": entity or "", "type": type, "types": graph.TYPES, "min_sources": min_sources,
        "data_url": "/api/v1/graph?" + query, "strongest": built["edges"][:STRONGEST],
    })
