"""The app factory: `create_app(db)` → a FastAPI app serving the JSON API and the web UI.

    /api/v1/…   the JSON API (OpenAPI at /docs), one router per resource in `routers/`
    /, /articles/{id}, /entities/{key}, /events/{id}, /graph   server-rendered pages (the
                graph is drawn by our own static/graph.js with the vendored Cytoscape.js)
    /docs       the OpenAPI reference (Swagger UI, vendored in static/swagger-ui)
    /static/…   the stylesheet and vendored assets

Read-only unless `allow_writes` with a `token`; articles are read (`/api/v1/extract`, and
writes) only with `allow_extract` or `allow_writes`, in `extract_workers` processes of their
own (`serve/extraction.py`); request bodies are capped at `max_body` bytes, pages of
results at `paging.MAX_LIMIT` items. No spaCy import: the workers load the model.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import jinja2
from fastapi import FastAPI, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from newsgraph import __version__
from newsgraph.errors import ConfigError
from newsgraph.serve import errors
from newsgraph.serve.db import Database
from newsgraph.serve.extraction import Readers
from newsgraph.serve.limits import BodyLimit
from newsgraph.serve.routers import articles, entities, extract, facts, pages, stories

HERE = Path(__file__).parent
DEFAULT_MAX_BODY = 2 * 1024 * 1024  # bytes: an article of 1M characters, mostly ASCII, in JSON

# Pages allow only our own stylesheet, images and scripts (the meeting graph's, served from
# /static): no inline script runs, so even a markup bug in article text could not run one.
CSP = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
    "img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return Jinja2Templates(env=env)


def create_app(
    db: str | Path | None = None,
    allow_writes: bool = False,
    token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    allow_extract: bool = False,
    extract_workers: int = 1,
) -> FastAPI:
    """A server over the database at `db` (None: only `/api/v1/extract` and static pages)."""
    if allow_writes and not token:
        raise ConfigError("--allow-writes needs --token T (writes are refused without one)")
    if allow_writes and db is None:
        raise ConfigError("--allow-writes needs --db FILE")
    if extract_workers < 1:
        raise ConfigError("--extract-workers must be at least 1")
    database = Database(db, writable=allow_writes)
    readers = Readers(extract_workers if allow_extract or allow_writes else None)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        readers.close()
        database.close()

    app = FastAPI(
        lifespan=lifespan,
        title="newsgraph",
        version=__version__,
        summary="Who said what, who met whom, where and when — every fact tied to its text.",
        docs_url=None,  # served below from vendored files: no CDN
        redoc_url=None,
    )
    app.state.db = database
    app.state.token = token
    app.state.readers = readers
    app.state.templates = _templates()
    errors.install(app)
    for module in (extract, articles, entities, stories, facts, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(BodyLimit, max_body=max_body)

    @app.get("/docs", include_in_schema=False)
    def _docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="newsgraph API",
            swagger_js_url="/static/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger-ui/swagger-ui.css",
            swagger_favicon_url="data:,",
        )

    @app.middleware("http")
    async def _headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if response.headers.get("content-type", "").startswith("text/html") and not (
            request.url.path.startswith(("/docs", "/redoc"))
        ):
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    return app
