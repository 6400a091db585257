"""The web pages (server-rendered) and the article renderer, over hand-built articles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from newsgraph.serve import create_app, graph
from newsgraph.serve.render import (
    annotated_paragraphs,
    entity_href,
    event_rows,
    quantity_label,
    time_label,
)
from tests.built_articles import (
    DOHA,
    EVIL,
    EVIL_IMG,
    HOSTILE,
    KABUL,
    TestClient,
    build_article,
    write_db,
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = write_db(tmp_path_factory.mktemp("web") / "news.db", [DOHA, KABUL, HOSTILE])
    with TestClient(create_app(path)) as c:
        yield c


class _Tags(HTMLParser):
    """Collects start tags (name, attrs), checks nesting, and keeps the visible text."""

    VOID = frozenset({"meta", "link", "input", "br", "img", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.balanced = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    p.close()
    return p


def test_article_page_marks_entities_quotes_times_and_quantities(client: TestClient) -> None:
    r = client.get(f"/articles/{DOHA.id}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = parse(r.text)
    assert page.balanced
    classes = [(t, a.get("class") or "") for t, a in page.tags]
    assert ("a", "ent ent-PERSON m-name") in classes and ("a", "ent ent-GPE m-name") in classes
    quote = next(a for t, a in page.tags if "quote" in (a.get("class") or "").split())
    assert quote["data-speaker"] == "Mark A. Milley"
    assert quote["id"] == f"q-{DOHA.quotes[0].start}"
    # the speaker links to its corpus entity's page
    milley = client.get("/api/v1/entities/Mark%20Milley").json()["id"]
    assert f'class="speaker" href="/entities/{milley}">Mark A. Milley</a>' in r.text
    time = next(a for t, a in page.tags if a.get("class") == "time")
    assert time["data-value"] == "2020-12-15 · day" and time["tabindex"] == "0"
    qty = next(a for t, a in page.tags if a.get("class") == "qty")
    assert qty["data-value"] == "2,500 (from 4,500 to 2,500)"
    text = "".join(page.text)
    for panel in ("People", "Events", "Removed from the page", "Organisations and places"):
        assert panel in text
    assert "Chairman of the Joint Chiefs of Staff" in text and "navigation" in text
    assert "in Doha" in text and "2020-12-15" in text


def test_annotations_keep_the_text_and_nest_when_they_cross() -> None:
    article = build_article(
        "A title", "The lede.",
        ['"We will meet on Tuesday in Doha," said Ann Lee.'],
        {"Ann Lee": ("PERSON", ["Ann Lee"]), "Doha": ("GPE", ["Doha"])},
        quotes=[("We will meet on Tuesday in Doha,", "Ann Lee")],
        times=[("Tuesday in", None)],  # crosses out of nothing, into the entity-free words
        quantities=[("in Doha,\" said", 1, None, None)],  # crosses the end of the quote
    ).to_dict()
    parts = annotated_paragraphs(article)
    assert len(parts) == 3
    body = parse(str(parts[2]))
    assert body.balanced
    text = "".join(body.text)
    assert text.replace("Ann Lee", "", 1).startswith(article["text"].split("\n\n")[2][:30])
    assert text.count("Ann Lee") == 2  # the words once, the speaker label once


@pytest.mark.parametrize("url", ["article", "search", "entity", "graph", "quotes-search"])
def test_every_page_escapes_hostile_text(client: TestClient, url: str) -> None:
    path = {
        "article": f"/articles/{HOSTILE.id}",
        "search": "/?q=hackers",
        "entity": "/entities/mallory%20jones",
        "graph": "/graph",
        "quotes-search": "/?q=nothing+happened&kind=quote",
    }[url]
    r = client.get(path)
    assert r.status_code == 200, r.text
    page = parse(r.text)
    assert page.balanced
    assert not [t for t, _ in page.tags if t in ("img", "iframe")]
    scripts = [a.get("src") or "" for t, a in page.tags if t == "script"]
    assert all(src.startswith("/static/") for src in scripts)  # our own files, none inline
    assert bool(scripts) == (url == "graph")  # only the graph draws with a script
    assert not [a for _, a in page.tags if any(k.startswith("on") for k in a)]
    assert "<script>" not in r.text and "<img" not in r.text
    assert str(escape(EVIL)) in r.text or str(escape(EVIL_IMG)) in r.text
    policy = r.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe" not in policy


def test_hostile_article_shows_its_markup_as_text(client: TestClient) -> None:
    r = client.get(f"/articles/{HOSTILE.id}")
    text = "".join(parse(r.text).text)
    assert EVIL in text and EVIL_IMG in text  # the reader sees exactly what the text says


def test_search_page_lists_hits_with_marked_snippets(client: TestClient) -> None:
    r = client.get("/?q=reduction+in+violence")
    assert r.status_code == 200
    assert f'href="/articles/{DOHA.id}"' in r.text
    assert "<mark>" in r.text
    assert "1 result" in r.text or "2 results" in r.text
    quotes = client.get("/?q=hinges&kind=quote").text
    assert "Mark A. Milley" in quotes and "hit-quote" in quotes
    assert "hit-article" not in quotes
    dated = client.get("/?q=milley&since=2020-12-17").text
    assert KABUL.title in dated and DOHA.title not in dated
    publisher = client.get("/?q=milley&publisher=Other+Wire").text
    assert KABUL.title in publisher and DOHA.title not in publisher


def test_home_lists_latest_articles(client: TestClient) -> None:
    r = client.get("/")
    titles = re.findall(r'class="title" href="/articles/(\w+)"', r.text)
    assert titles == [KABUL.id, DOHA.id, HOSTILE.id]
    assert "3 articles" in r.text


def test_entity_page_shows_timeline_quotes_and_who_they_met(client: TestClient) -> None:
    r = client.get(entity_href("Mark A. Milley"))
    assert r.status_code == 200
    text = "".join(parse(r.text).text)
    words = " ".join(text.split())
    assert "Meetings and travel" in text and "2020-12-15" in text
    assert "“met the” with Taliban in Doha" in words and "“traveled to” Kabul" in words
    assert "Everything else hinges on that." in text
    assert f'href="/articles/{DOHA.id}#q-{DOHA.quotes[0].start}"' in r.text
    met = r.text[r.text.index("Met most") :]
    assert "Taliban" in met and "Ashraf Ghani" in met
    assert "Chairman of the Joint Chiefs of Staff" in text


def test_graph_page_lists_links_and_points_its_drawing_at_the_filters(
    client: TestClient,
) -> None:
    r = client.get("/graph")
    page = parse(r.text)
    assert page.balanced
    links = r.text[r.text.index("Strongest links") :]
    assert links.count("<li>") == 3  # Milley–Taliban, Milley–Ghani, the hostile pair
    milley = client.get("/api/v1/entities/Mark%20Milley").json()["id"]
    assert f'href="/entities/{milley}"' in links  # nodes are corpus entities
    (box,) = [a for t, a in page.tags if a.get("id") == "graph"]
    assert box["data-src"] == "/api/v1/graph?type=meet&min_sources=1"
    later = client.get("/graph?since=2020-12-16&entity=Milley&min_sources=1")
    assert later.text[later.text.index("Strongest links") :].count("<li>") == 1
    assert "entity=Milley" in later.text and "since=2020-12-16" in later.text


def test_graph_counts_each_corpus_event_once_and_keeps_the_most_connected() -> None:
    def row(event: str, entity: str, sources: int = 1) -> dict[str, object]:
        return {"event": event, "time": "2020-12-15", "lo": "2020-12-14", "hi": "2020-12-16",
                "sources": sources, "entity": entity, "name": entity.title(), "type": "PERSON"}

    rows = [
        row("m1", "milley", 7), row("m1", "taliban", 7),  # one meeting, seven articles
        row("m2", "milley"), row("m2", "ghani"), row("m2", "taliban"),
        *[row(f"w{i // 2}", f"person {i}") for i in range(30)],
    ]
    g = graph.build(rows, max_nodes=10)
    assert g["total_nodes"] == 33 and len(g["nodes"]) == 10
    names = [n["name"] for n in g["nodes"]]
    assert names[:2] == ["Milley", "Taliban"] and "Ghani" in names
    top = g["edges"][0]
    assert (top["source"], top["target"], top["events"], top["sources"]) == (
        "milley", "taliban", 2, 8
    )
    assert [m["id"] for m in top["meetings"]] == ["m1", "m2"]  # the most reported first
    assert graph.build(rows, max_nodes=10) == g  # the same data, the same graph


def test_errors_are_pages_outside_the_api(client: TestClient) -> None:
    r = client.get("/articles/ffffffffffff")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "404" in r.text and "ffffffffffff" in r.text
    bad = client.get("/graph?since=%3Cscript%3E")
    assert bad.status_code == 422 and "<script>" not in bad.text


def test_value_labels() -> None:
    assert time_label({"value": "2021-01", "modifier": "mid", "granularity": "month"}) == (
        "2021-01 · mid · month"
    )
    assert time_label({"value": None, "reason": "no anchor"}) == "unresolved: no anchor"
    assert quantity_label({"value": 3.0, "thing": "tours"}) == "3 — tours"
    assert quantity_label({"value": None}) == "unresolved"


def test_event_rows_say_where_their_time_came_from() -> None:
    ev = {"type": "meet", "trigger": {"text": "met", "start": 0, "end": 3},
          "participants": [{"text": "he", "name": "Ann Lee", "start": 9, "end": 11}],
          "time": {"value": "2020-12-16", "text": "", "start": 0, "end": 0,
                   "source": "published"}}
    row = event_rows({"events": [ev]})[0]
    assert row["participants"] == ["Ann Lee"] and row["time_source"] == "published"
    assert row["place"] is None and row["time"] == "2020-12-16"


def test_static_assets_are_served(client: TestClient) -> None:
    css = client.get("/static/style.css")
    assert css.status_code == 200 and ".ent-PERSON" in css.text
    assert (Path(__file__).parents[1] / "src/newsgraph/serve/static/style.css").is_file()


def test_roles_over_time_group_runs_of_the_same_roles() -> None:
    from newsgraph.serve.routers.entities import _role_spans

    def row(day: str, roles: list[str]) -> dict[str, Any]:
        return {
            "published": day,
            "roles": roles,
            "titles": ["Mr"],
            "article_id": day,
            "title": f"t{day}",
        }

    spans = _role_spans(
        [
            row("2004-01", ["Chancellor"]),
            row("2004-02", []),
            row("2004-03", ["Chancellor"]),
            row("2007-06", ["Prime Minister"]),
        ]
    )
    assert [(s["roles"], s["since"], s["until"], s["articles"]) for s in spans] == [
        (["Chancellor"], "2004-01", "2004-03", 2),
        (["Prime Minister"], "2007-06", "2007-06", 1),
    ]
