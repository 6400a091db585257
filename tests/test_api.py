"""The HTTP API through FastAPI's TestClient, over a database of hand-built articles
(`tests/built_articles.py`, shared with the web, browser and corpus-layer tests)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsgraph.errors import ConfigError
from newsgraph.serve import create_app
from tests.built_articles import (
    ARTICLES,
    DOHA,
    FILLER,
    HOSTILE,
    KABUL,
    TOKEN,
    TestClient,
    assert_error,
    build_article,
    write_db,
)


@pytest.fixture(scope="module")
def db(module_db_url: str) -> str:
    """The articles above in a SQLite file and in PostgreSQL (each module test runs on both)."""
    return write_db(module_db_url)


@pytest.fixture(scope="module")
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db, allow_extract=True)) as c:
        yield c


def test_serve_and_store_import_without_spacy() -> None:
    code = (
        "import sys, newsgraph.serve, newsgraph.store, newsgraph.query\n"
        "newsgraph.serve.create_app(None)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc'))\n"
        "assert not bad, bad[:3]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status", "code"),
    [
        ("get", "/api/v1/nothing", {}, 404, "not_found"),
        ("get", "/api/v1/articles/0000000000", {}, 404, "not_found"),
        ("get", "/api/v1/articles/ab", {}, 404, "not_found"),
        ("get", "/api/v1/entities/nobody%20at%20all", {}, 404, "not_found"),
        ("get", "/api/v1/articles?limit=101", {}, 422, "invalid_request"),
        ("get", "/api/v1/articles?limit=0", {}, 422, "invalid_request"),
        ("get", "/api/v1/quotes?limit=1000", {}, 422, "invalid_request"),
        ("get", "/api/v1/articles?since=yesterday", {}, 422, "invalid_request"),
        ("get", "/api/v1/articles?cursor=!!notacursor", {}, 400, "invalid_cursor"),
        ("get", "/api/v1/quotes?cursor=eyJvIjotNX0", {}, 400, "invalid_cursor"),
        ("get", "/api/v1/search", {}, 422, "invalid_request"),
        ("get", "/api/v1/extract", {}, 405, "method_not_allowed"),
        ("post", "/api/v1/extract", {"json": {}}, 422, "invalid_request"),
        ("post", "/api/v1/extract", {"json": {"text": "x", "colour": 1}}, 422, "invalid_request"),
        (
            "post",
            "/api/v1/extract",
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            422,
            "invalid_request",
        ),
        ("post", "/api/v1/extract", {"json": {"text": "   \n "}}, 422, "unreadable_decode"),
        ("post", "/api/v1/articles", {"json": {"text": "Title\n\nBody."}}, 403, "forbidden"),
    ],
)
def test_every_error_has_one_shape(
    client: TestClient, method: str, url: str, kwargs: dict[str, Any], status: int, code: str
) -> None:
    assert_error(getattr(client, method)(url, **kwargs), status, code)


def test_validation_errors_name_the_field(client: TestClient) -> None:
    error = assert_error(client.get("/api/v1/articles?limit=500"), 422)
    assert error["details"][0]["field"] == "query.limit"
    assert "limit" in error["message"]


def test_request_bodies_are_capped(db: str) -> None:
    with TestClient(create_app(db, max_body=1000)) as c:
        big = {"text": "Title\n\n" + "word " * 400}
        assert_error(c.post("/api/v1/extract", json=big), 413, "payload_too_large")

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
            yield b'{"text": "'
            for _ in range(50):
                yield b"x" * 100
            yield b'"}'

        json_type = {"content-type": "application/json"}
        r = c.post("/api/v1/extract", content=chunks(), headers=json_type)
        assert_error(r, 413, "payload_too_large")


def test_unexpected_failures_are_500_in_the_same_shape(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("newsgraph.query.Newsgraph.search", broken)
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        error = assert_error(c.get("/api/v1/search?q=violence"), 500, "internal_error")
    assert "disk on fire" not in error["message"]  # internals stay in the log


def test_articles_page_through_everything_newest_first(client: TestClient) -> None:
    seen: list[dict[str, Any]] = []
    url = "/api/v1/articles?limit=7"
    pages = 0
    while url:
        body = client.get(url).json()
        assert set(body) == {"items", "next"}
        seen += body["items"]
        pages += 1
        url = f"/api/v1/articles?limit=7&cursor={body['next']}" if body["next"] else ""
    assert pages == 4
    assert sorted(a["id"] for a in seen) == sorted(a.id for a in ARTICLES)
    dates = [a["published"] for a in seen]
    assert dates == sorted(dates, reverse=True)
    assert seen[0]["id"] == KABUL.id and {"id", "title", "published", "publisher"} <= set(seen[0])


def test_pages_stay_stable_while_articles_are_added(db_url: str) -> None:
    path = write_db(db_url, FILLER[:10])
    with TestClient(create_app(path)) as c:
        first = c.get("/api/v1/articles?limit=4").json()
        newest = build_article(
            "Breaking: roads fixed", "All of them.", [], {}, published="2030-01-01"
        )
        write_db(path, [newest])
        rest: list[str] = []
        cursor = first["next"]
        while cursor:
            page = c.get(f"/api/v1/articles?limit=4&cursor={cursor}").json()
            rest += [a["id"] for a in page["items"]]
            cursor = page["next"]
    ids = [a["id"] for a in first["items"]] + rest
    assert len(ids) == len(set(ids)) == 10  # nothing twice, nothing skipped
    assert newest.id not in ids  # it is on a page before the first, not shuffled in


def test_article_filters(client: TestClient) -> None:
    def ids(query: str) -> set[str]:
        return {a["id"] for a in client.get(f"/api/v1/articles?limit=100&{query}").json()["items"]}

    assert ids("publisher=other%20wire") == {KABUL.id}
    assert ids("q=reduction%20violence") == {DOHA.id}
    assert ids("since=2020-12-16&until=2020-12-17") == {DOHA.id, KABUL.id}
    assert ids("until=2019") == {HOSTILE.id}
    assert ids("since=2021") == set()


def test_one_article_by_id_or_prefix(client: TestClient) -> None:
    full = client.get(f"/api/v1/articles/{DOHA.id}").json()
    assert full == DOHA.to_dict()
    assert client.get(f"/api/v1/articles/{DOHA.id[:10]}").json()["id"] == DOHA.id


def test_entities_list_and_one_entity(client: TestClient) -> None:
    body = client.get("/api/v1/entities?q=milley&type=person").json()
    (item,) = body["items"]
    assert item["name"] == "Mark A. Milley" and item["articles"] == 2
    assert item["href"] == f"/entities/{item['id']}"
    e = client.get("/api/v1/entities/mark%20milley").json()
    assert e["name"] == "Mark A. Milley" and e["type"] == "PERSON" and e["id"] == item["id"]
    assert client.get(f"/api/v1/entities/{item['id']}").json()["name"] == "Mark A. Milley"
    assert {link["reason"] for link in e["links"]} >= {"founded: no corpus entity matched"}
    assert [q["text"] for q in e["quotes"]] == ["Everything else hinges on that."]
    assert e["quotes"][0]["href"] == f"/articles/{DOHA.id}#q-{DOHA.quotes[0].start}"
    assert [(t["type"], t["place"]) for t in e["timeline"]] == [
        ("meet", "Doha"),
        ("travel", "Kabul"),
        ("meet", "Kabul"),
    ]
    assert {m["name"]: m["meetings"] for m in e["met_most"]} == {"Taliban": 1, "Ashraf Ghani": 1}
    assert e["roles_over_time"][0]["roles"] == ["Chairman of the Joint Chiefs of Staff"]
    co = {c["name"]: c["articles"] for c in e["co_occurring"]}
    assert co["Taliban"] == 1 and co["Ashraf Ghani"] == 1
    assert client.get("/api/v1/entities/Milley").json()["name"] == "Mark A. Milley"


def test_entity_list_pages(client: TestClient) -> None:
    first = client.get("/api/v1/entities?limit=3").json()
    second = client.get(f"/api/v1/entities?limit=3&cursor={first['next']}").json()
    assert len(first["items"]) == len(second["items"]) == 3
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}


def test_quotes_events_and_search(client: TestClient) -> None:
    quotes = client.get("/api/v1/quotes?speaker=Milley").json()["items"]
    assert [q["text"] for q in quotes] == ["Everything else hinges on that."]
    assert quotes[0]["href"].startswith(f"/articles/{DOHA.id}#q-")
    events = client.get("/api/v1/events?type=meet&who=Milley").json()["items"]
    assert [e["place"] for e in events] == ["Doha", "Kabul"]
    doha = client.get("/api/v1/events?who=Milley&where=doha").json()["items"]
    assert [e["article_id"] for e in doha] == [DOHA.id]
    later = client.get("/api/v1/events?who=Milley&since=2020-12-16").json()["items"]
    assert {e["type"] for e in later} == {"travel", "meet"} and len(later) == 2
    hits = client.get("/api/v1/search?q=reduction in violence").json()["items"]
    assert hits and hits[0]["article_id"] == DOHA.id and "[" in hits[0]["snippet"]
    assert client.get("/api/v1/search?q=hinges").json()["items"][0]["kind"] in {"quote", "article"}


def test_quote_pages(client: TestClient) -> None:
    first = client.get("/api/v1/quotes?limit=1").json()
    second = client.get(f"/api/v1/quotes?limit=1&cursor={first['next']}").json()
    assert first["items"][0]["text"] != second["items"][0]["text"]
    assert second["next"] is None


def test_graph_and_stats(client: TestClient) -> None:
    g = client.get("/api/v1/graph").json()
    names = {n["id"]: n["name"] for n in g["nodes"]}
    edges = {frozenset((names[e["source"]], names[e["target"]])): e for e in g["edges"]}
    assert frozenset(("Mark A. Milley", "Taliban")) in edges
    assert frozenset(("Mark A. Milley", "Ashraf Ghani")) in edges
    doha = edges[frozenset(("Mark A. Milley", "Taliban"))]
    assert (doha["events"], doha["sources"]) == (1, 1)
    (meeting,) = doha["meetings"]
    assert meeting["time"] == "2020-12-15" and meeting["href"].startswith("/events/")
    assert [a["id"] for a in meeting["articles"]] == [DOHA.id]
    assert all(n["href"] == f"/entities/{n['id']}" for n in g["nodes"])
    december = client.get("/api/v1/graph?since=2020-12-16").json()
    assert {n["name"] for n in december["nodes"]} == {"Mark A. Milley", "Ashraf Ghani"}
    ghani = client.get("/api/v1/graph?entity=Ashraf%20Ghani").json()
    assert {n["name"] for n in ghani["nodes"]} == {"Mark A. Milley", "Ashraf Ghani"}
    assert client.get("/api/v1/graph?entity=nobody%20at%20all").json()["nodes"] == []
    assert client.get("/api/v1/graph?min_sources=2").json()["nodes"] == []
    assert client.get("/api/v1/graph?type=travel").json()["nodes"] == []  # one traveller
    assert_error(client.get("/api/v1/graph?type=dance"), 422)
    assert_error(client.get("/api/v1/graph?min_sources=0"), 422)
    assert client.get("/api/v1/stats").json()["articles"] == len(ARTICLES)
    assert client.get("/api/v1/rejections").json() == {"items": [], "next": None}


def test_one_corpus_event_with_its_reports(client: TestClient) -> None:
    (item,) = client.get("/api/v1/events?type=meet&who=Ashraf%20Ghani").json()["items"]
    assert item["sources"] == 1 and item["corpus_event"]
    one = client.get(f"/api/v1/events/{item['corpus_event']}").json()
    assert {p["name"] for p in one["participants"]} == {"Mark A. Milley", "Ashraf Ghani"}
    assert [r["article_id"] for r in one["reports_detail"]] == [KABUL.id]
    assert one["place"] == "Kabul" and one["time"] == "2020-12-16"
    assert_error(client.get("/api/v1/events/ffffffffffffffff"), 404)


def test_read_only_by_default_and_writes_need_the_token(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    body = {"text": "Council approves budget\n\nThe city council approved its budget on Monday."}
    with pytest.raises(ConfigError):
        create_app(path, allow_writes=True)
    with TestClient(create_app(path, allow_writes=True, token=TOKEN)) as c:
        assert_error(c.post("/api/v1/articles", json=body), 401, "unauthorized")
        wrong = {"Authorization": "Bearer nope"}
        assert_error(c.post("/api/v1/articles", json=body, headers=wrong), 401)
        bare = {"Authorization": TOKEN}  # the right token without the documented scheme
        assert_error(c.post("/api/v1/articles", json=body, headers=bare), 401)
        basic = {"Authorization": f"Basic {TOKEN}"}
        assert_error(c.post("/api/v1/articles", json=body, headers=basic), 401)
        auth = {"Authorization": f"Bearer {TOKEN}"}
        r = c.post("/api/v1/articles", json=body, headers=auth)
        assert r.status_code == 201 and r.json()["stored"], r.text
        article_id = r.json()["id"]
        assert r.headers["location"] == f"/api/v1/articles/{article_id}"
        again = c.post("/api/v1/articles", json=body, headers=auth)
        assert again.status_code == 200 and not again.json()["stored"]
        assert c.get(f"/api/v1/articles/{article_id}").json()["title"] == "Council approves budget"
    with TestClient(create_app(path)) as c:  # the same database served read-only
        assert_error(
            c.post("/api/v1/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"}),
            403,
            "forbidden",
        )
        assert_error(c.post("/api/v1/extract", json=body), 403, "forbidden")  # reading is off


def test_without_a_database(tmp_path: Path) -> None:
    with TestClient(create_app(None)) as c:
        assert_error(c.get("/api/v1/articles"), 503, "unavailable")
    with pytest.raises(ConfigError):
        create_app(tmp_path / "missing.db")


def test_serve_command_refuses_a_missing_database(tmp_path: Path) -> None:
    from newsgraph.cli import main

    assert main(["serve", "--db", str(tmp_path / "missing.db")]) == 2
    assert main(["serve", "--db", str(tmp_path / "x.db"), "--allow-writes"]) == 2


def test_extract_reads_the_seed(client: TestClient, seed_text: str) -> None:
    r = client.post(
        "/api/v1/extract",
        json={
            "text": seed_text,
            "published": "2020-12-16",
            "publisher": "ABC News",
        },
    )
    assert r.status_code == 200, r.text
    a = r.json()
    assert a["schema"] == "newsgraph/1"
    assert a["title"] == "Top US general meets with Taliban negotiators"
    assert a["published"] == "2020-12-16" and a["publisher"] == "ABC News"
    for e in a["entities"]:
        for m in e["mentions"]:
            assert a["text"][m["start"] : m["end"]] == m["text"]
    assert any(e["name"] == "Mark A. Milley" for e in a["entities"])
    bad_date = {"text": seed_text, "published": "the day after tomorrow's yesterday maybe"}
    assert_error(client.post("/api/v1/extract", json=bad_date), 400, "bad_request")


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "((",
        "NEAR(",
        "a AND",
        "\x00",
        "*",
        "-",
        "'; DROP TABLE articles; --",
        "a" * 5000,
        "!!!",
        "OR",
        "&|!<->",
        ":*",
        "violence:*",
        "\\",
        "%",
        "?",
    ],
)
def test_hostile_search_strings_are_never_a_server_error(client: TestClient, q: str) -> None:
    for path in ("/api/v1/search", "/api/v1/articles", "/api/v1/quotes"):
        key = "contains" if path.endswith("quotes") else "q"
        response = client.get(path, params={key: q})
        if response.status_code >= 400:
            assert_error(response, response.status_code)
        assert response.status_code < 500, (path, q, response.text)
    assert client.get("/api/v1/stats").json()["articles"] == len(ARTICLES)


def test_entity_overrides_need_writes_and_the_token_and_refuse_bad_ids(db_url: str) -> None:
    path = write_db(db_url, [DOHA, KABUL])
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app(path)) as c:
        milley = c.get("/api/v1/entities/Mark%20Milley").json()["id"]
        taliban = c.get("/api/v1/entities/Taliban").json()["id"]
        assert_error(c.post(f"/api/v1/entities/{milley}/rename", json={"name": "M"},
                            headers=auth), 403, "forbidden")  # fmt: skip
    with TestClient(create_app(path, allow_writes=True, token=TOKEN)) as c:
        rename = f"/api/v1/entities/{milley}/rename"
        assert_error(c.post(rename, json={"name": "Gen. Milley"}), 401, "unauthorized")
        merge = "/api/v1/entities/merge"
        assert_error(c.post(merge, json={"ids": [milley, taliban]}, headers=auth), 400)
        assert_error(c.post(merge, json={"ids": [milley, "ffffffff"]}, headers=auth), 400)
        assert_error(c.post(merge, json={"ids": [milley]}, headers=auth), 422)
        split = f"/api/v1/entities/{taliban}/split"
        assert_error(c.post(split, json={"form": "Taliban"}, headers=auth), 400)  # every mention
        r = c.post(rename, json={"name": "Gen. Mark Milley"}, headers=auth)
        assert r.status_code == 200 and r.json()["name"] == "Gen. Mark Milley"
        assert c.get(f"/api/v1/entities/{milley}").json()["name"] == "Gen. Mark Milley"
