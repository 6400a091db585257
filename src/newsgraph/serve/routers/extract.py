"""`POST /api/v1/extract`: read one article and return its JSON; nothing is stored."""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from newsgraph.settings import Settings

router = APIRouter(prefix="/api/v1", tags=["extract"])
_MODEL_LOCK = threading.Lock()  # one spaCy pass at a time: the model is shared


class ArticleIn(BaseModel):
    """An article of plain text and what the source says about it."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=Settings().max_chars,
                      description="the article as plain text: headline on the first line")
    published: str | None = Field(None, max_length=40,
                                  description="publication date (ISO); anchors relative dates")
    url: str | None = Field(None, max_length=2000)
    publisher: str | None = Field(None, max_length=200)


def read_article(body: ArticleIn) -> Any:
    """Run the pipeline over the body; an unreadable text raises an InputError (→ 422)."""
    from newsgraph.pipeline import read  # loads spaCy: only here, only when asked

    with _MODEL_LOCK:
        return read(body.text, published=body.published, url=body.url, publisher=body.publisher)


@router.post("/extract", summary="Read an article (nothing stored)", response_class=JSONResponse)
def extract(body: ArticleIn) -> JSONResponse:
    """The article's facts as OUTPUT.md describes (schema newsgraph/1)."""
    return JSONResponse(read_article(body).to_dict())
