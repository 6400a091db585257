"""The server under hostile requests (issue 19): query strings and cursors that reduce to
nothing or overflow are 4xx in the one error shape, article links are only http(s), and
reading articles is off unless enabled, in worker processes of its own behind a bounded
queue (429 when full), while reads go on answering. The request tests run on SQLite and on
PostgreSQL; the reading pool's on SQLite (it does not touch the store).
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from newsgraph.serve import create_app
from newsgraph.serve.extraction import QUEUE_PER_WORKER
from tests.built_articles import DOHA, KABUL, assert_error, write_db

from .conftest import serving

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

EVIL_URLS = ["javascript:alert(1)", " JavaScript:alert(2)", "data:text/html,<b>x</b>"]


def _write(db: str | Path) -> str:
    linked = [
        dataclasses.replace(KABUL, id=f"{i:064x}", url=url) for i, url in enumerate(EVIL_URLS, 1)
    ]
    good = dataclasses.replace(KABUL, id=f"{0:064x}", url="https://example.com/story")
    return write_db(db, [DOHA, good, *linked])


@pytest.fixture(scope="module")
def db(module_db_url: str) -> str:
    return _write(module_db_url)


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def _cursor(state: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/quotes?q=!!!",
        "/api/v1/quotes?q=*",
        '/api/v1/quotes?q="',
        "/api/v1/search?q=!!!",
        "/api/v1/search?q=*",
        '/api/v1/search?q="',
        "/api/v1/articles?cursor=" + _cursor({"a": ["", 10**30]}),
        "/api/v1/articles?cursor=" + _cursor({"a": [[], 1]}),
        "/api/v1/quotes?cursor=" + _cursor({"o": 10**30}),
        "/api/v1/quotes?cursor=" + _cursor({"o": 1e308}),
    ],
)
def test_hostile_query_strings_and_cursors_are_400(client: TestClient, url: str) -> None:
    assert 400 <= assert_error(client.get(url), 400)["status"] < 500


def test_a_quoted_phrase_without_its_closing_quote_is_searched(client: TestClient) -> None:
    r = client.get('/api/v1/search?q="reduction in violence')
    assert r.status_code == 200 and {h["article_id"] for h in r.json()["items"]} == {DOHA.id}


def test_article_links_are_only_http(client: TestClient) -> None:
    for i, url in enumerate(EVIL_URLS, 1):
        page = client.get(f"/articles/{i:064x}").text
        assert ">source</a>" not in page and url.strip().split(":")[0] + ":" not in page
    good = client.get(f"/articles/{0:064x}").text
    assert '<a href="https://example.com/story" rel="nofollow noopener">source</a>' in good


@pytest.fixture()
def reading_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("NEWSGRAPH_TIME_BUDGET", "3")  # the workers' budget per article
    db = _write(tmp_path / "news.db")
    with serving(create_app(db, allow_extract=True, extract_workers=1)) as base:
        yield base


def test_reading_is_off_unless_enabled(client: TestClient) -> None:
    r = client.post("/api/v1/extract", json={"text": "Title\n\nThe council met on Monday."})
    assert "--allow-extract" in assert_error(r, 403, "forbidden")["message"]


def test_readings_queue_up_to_a_bound_and_reads_never_wait(reading_server: str) -> None:
    slow = {"text": "Title here\n\n" + "“he said” " * 1500, "published": "2020-12-16"}
    capacity = 1 + QUEUE_PER_WORKER
    order: list[str] = []

    async def extract(client: httpx.AsyncClient) -> int:
        r = await client.post("/api/v1/extract", json=slow)
        order.append("extract")
        return r.status_code

    async def read(client: httpx.AsyncClient) -> int:
        await asyncio.sleep(1.0)  # once the readings are under way
        r = await client.get("/api/v1/articles?limit=5")
        order.append("read")
        return r.status_code

    async def run() -> tuple[list[int], int, int]:
        limits = httpx.Limits(max_connections=capacity + 4)
        async with httpx.AsyncClient(
            base_url=reading_server, timeout=300, limits=limits
        ) as client:
            extracts = [asyncio.create_task(extract(client)) for _ in range(capacity)]
            await asyncio.sleep(0.5)
            over = await client.post("/api/v1/extract", json=slow)  # one too many
            reads = await read(client)
            return list(await asyncio.gather(*extracts)), over.status_code, reads

    statuses, over, reads = asyncio.run(run())
    assert over == 429 and reads == 200
    assert order[0] == "read"  # answered while every reading was still in its worker
    assert set(statuses) <= {200, 422} and len(statuses) == capacity  # 422: over its budget
    bad_date = {**slow, "published": "yesterday"}
    r = httpx.post(f"{reading_server}/api/v1/extract", json=bad_date, timeout=120)
    assert r.status_code == 400 and "relative to today" in r.json()["error"]["message"]
