"""`POST /api/v1/extract`: read one article and return its JSON; nothing is stored.

Only on a server started with `--allow-extract` (403 otherwise); readings run in the
server's own worker processes (`serve/extraction.py`), 429 when they are all taken.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from newsgraph.model import Article
from newsgraph.serve.extraction import Readers
from newsgraph.settings import Settings

router = APIRouter(prefix="/api/v1", tags=["extract"])


class ArticleIn(BaseModel):
    """An article of plain text and what the source says about it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=Settings().max_chars,
                      description="the article as plain text: headline on the first line")
    published: str | None = Field(
        None, max_length=40,
        description="publication date: an absolute date such as 2020-12-16 (not 'yesterday');"
        " anchors relative dates")
    url: str | None = Field(None, max_length=2000)
    publisher: str | None = Field(None, max_length=200)


def readers_of(request: Request) -> Readers:
    """The app's reading workers."""
    readers: Readers = request.app.state.readers
    return readers


async def read_article(request: Request, body: ArticleIn) -> Article:
    """The Article, read by a worker; an unreadable text is a 422, a bad date a 400."""
    return await readers_of(request).read(body.model_dump())


@router.post("/extract", summary="Read an article (nothing stored)", response_class=JSONResponse)
async def extract(request: Request, body: ArticleIn) -> JSONResponse:
    """The article's facts as OUTPUT.md describes (schema newsgraph/1)."""
    return JSONResponse((await read_article(request, body)).to_dict())
