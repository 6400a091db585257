"""End to end in real headless Chromium: ingest, search, read the seed, follow its speaker.

Debian's `chromium` driven by Playwright (never `playwright install`: the browser is the
system's). The seed and a few BBC articles from ../shared/corpus (when present) are read
into a temporary database, served on a free loopback port, and browsed as a reader would.
Screenshots go to artifacts/ (gitignored).
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsgraph.ingest.jsonl import field_names, record_input
from newsgraph.model import Rejection
from newsgraph.pipeline import Input
from tests.built_articles import build_article, write_db
from tests.conftest import CORPUS, DATA, SEED_PUBLISHED, serving

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[1] / "artifacts"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SEED_TITLE = "Top US general meets with Taliban negotiators"
TRAM = [  # three reports of the Croydon tram crash (clusters-dev event 74), three outlets
    "189af426dcbdb42921a716cf136f75554e4befad28c088f3d930b6c4.json",
    "ba38e52fb1cb4d5008d3c8f16d3c3f405fd86e63272246f9d3dfea6f.json",
    "56637e2204cf4ec89768a742dfa3af05ba27ea8a0864bed8d8a5f3cd.json",
]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not CHROMIUM.is_file():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


def _inputs() -> list[Input | Rejection]:
    seed = (DATA / "abcnews-milley-taliban.txt").read_text(encoding="utf-8")
    items: list[Input | Rejection] = [
        Input(seed, SEED_PUBLISHED, publisher="ABC News", name="seed")
    ]
    bbc = CORPUS / "bbc" / "politics"
    for path in sorted(bbc.glob("*.txt"))[:4] if bbc.is_dir() else []:
        items.append(Input(path.read_text(encoding="utf-8", errors="replace"),
                           publisher="BBC", name=f"bbc/{path.name}"))
    clusters = CORPUS / "giveme5w1h" / "clusters-dev"
    for name in TRAM if clusters.is_dir() else []:
        items.append(record_input(
            json.loads((clusters / name).read_text(encoding="utf-8")), name, field_names(None), None
        ))
    return items


def _meetings() -> list[Any]:
    """Many hand-built meetings for the graph: 60 people, each meeting reported twice."""
    people = [f"Person{i:02d} Name{i:02d}" for i in range(60)]
    articles = []
    for i in range(90):
        a, b = people[i % 60], people[(i * 7 + 1) % 60]
        if a == b:
            continue
        for outlet in ("One Wire", "Two Wire"):
            articles.append(build_article(
                f"{a} meets {b} ({outlet} {i})", f"{a} met {b} on Tuesday.", ["Talks went on."],
                {a: ("PERSON", [a]), b: ("PERSON", [b])},
                events=[("meet", "met", [a, b], None, f"2020-{1 + i % 12:02d}-15")],
                published=f"2020-{1 + i % 12:02d}-16", publisher=outlet,
            ))  # fmt: skip
    return articles


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from newsgraph.ingest.job import ingest
    from newsgraph.serve import create_app
    from newsgraph.store import SqliteStore

    db = tmp_path_factory.mktemp("browser") / "news.db"
    with SqliteStore(db) as store:
        summary = ingest(_inputs(), store)
    assert summary.stored >= 1, summary.line()
    write_db(db, _meetings())
    with serving(create_app(db)) as base:
        yield base


OUTSIDE: list[str] = []  # requests the pages tried to send anywhere but our server


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[Any]:
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(15_000)

        def guard(route: Any) -> None:
            url = route.request.url
            if url.startswith(server + "/") or url.startswith("data:"):
                route.continue_()
            else:
                OUTSIDE.append(url)
                route.abort()

        context.route("**/*", guard)
        yield context.new_page()
        context.close()


def test_reader_finds_the_seed_and_follows_milley(server: str, page: Any) -> None:
    expect = sync_api.expect
    page.goto(server + "/")
    expect(page.locator("h2", has_text="Latest articles")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "browser-1-home.png", full_page=True)

    page.fill("input[name=q]", "reduction in violence")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/?q=reduction*")
    hit = page.locator("li.hit a.title", has_text=SEED_TITLE).first
    expect(hit).to_be_visible()
    expect(page.locator("mark").first).to_be_visible()
    page.screenshot(path=ARTIFACTS / "browser-2-search.png", full_page=True)

    hit.click()
    page.wait_for_url("**/articles/*")
    expect(page.locator("h1")).to_have_text(SEED_TITLE)
    quote = page.locator("span.quote", has_text="Everything else hinges on that.")
    expect(quote).to_have_count(1)
    expect(quote).to_have_attribute("data-speaker", "Mark A. Milley")
    label = page.locator("span.quote:has-text('Everything else hinges on that.') + .speaker")
    expect(label).to_have_text("Mark A. Milley")
    time_mark = page.locator("span.time", has_text="Tuesday").first
    time_mark.focus()
    tip = time_mark.evaluate("e => getComputedStyle(e, '::after').content")
    assert "2020-12-15" in tip
    expect(page.locator(".panel.people")).to_contain_text("Chairman of the Joint Chiefs of Staff")
    expect(page.locator(".panel.residue")).to_contain_text("Top Stories")
    page.screenshot(path=ARTIFACTS / "browser-3-article.png", full_page=True)

    label.click()
    page.wait_for_url("**/entities/*")
    expect(page.locator("h1")).to_contain_text("Milley")
    page.screenshot(path=ARTIFACTS / "browser-4-milley.png", full_page=True)
    doha = page.locator(".timeline li", has_text="Doha")
    expect(doha.first).to_be_visible()
    expect(doha.first.locator(".etype")).to_have_text("meet")

    page.goto(server + "/graph")
    expect(page.locator("#graph[data-ready=true]")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "browser-5-graph.png", full_page=True)


LABELS = """() => {
  const cy = window.newsgraphGraph;
  const shown = cy.nodes().filter((n) => !n.hasClass("quiet"));
  const boxes = shown.map((n) =>
    n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }));
  let clashes = 0;
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2) clashes++;
    }
  return { nodes: cy.nodes().length, shown: shown.length, clashes: clashes };
}"""


def test_the_meeting_graph_draws_without_overlapping_labels_and_clicks_through(
    server: str, page: Any
) -> None:
    """Many meetings (hand-built, 60 people, 2020): the drawing's shown labels never overlap;
    a line opens its events and their articles; a name opens its entity page."""
    expect = sync_api.expect
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + "/graph?since=2020-01-01")
    expect(page.locator("#graph[data-ready=true]")).to_be_visible()
    labels = page.evaluate(LABELS)
    assert labels["nodes"] >= 60 and labels["clashes"] == 0 and labels["shown"] >= 10, labels
    assert not [e for e in errors if "Content Security Policy" in e], errors
    page.screenshot(path=ARTIFACTS / "browser-7-graph-corpus.png", full_page=True)
    edge = page.evaluate("""() => {
      const e = window.newsgraphGraph.edges().max((e) => e.data("edge").events).ele;
      const p = e.renderedMidpoint();
      const box = document.getElementById("graph").getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    }""")
    page.mouse.click(edge["x"], edge["y"])
    panel = page.locator("#graph-panel")
    expect(panel).to_be_visible()
    expect(panel.locator("ol li a").first).to_have_attribute("href", re.compile("^/events/"))
    expect(panel.locator("ul li a").first).to_have_attribute("href", re.compile("^/articles/"))
    page.screenshot(path=ARTIFACTS / "browser-8-graph-link.png", full_page=True)
    node = page.evaluate("""() => {
      const n = window.newsgraphGraph.nodes().max((n) => n.data("events")).ele;
      const p = n.renderedPosition();
      const box = document.getElementById("graph").getBoundingClientRect();
      return { x: box.left + p.x, y: box.top + p.y };
    }""")
    page.mouse.click(node["x"], node["y"])
    page.wait_for_url("**/entities/*")
    expect(page.locator(".timeline li").first).to_contain_text("source")


def test_reader_follows_a_story_from_the_home_page(server: str, page: Any) -> None:
    if not (CORPUS / "giveme5w1h" / "clusters-dev").is_dir():
        pytest.skip(f"no clusters-dev under {CORPUS}")
    expect = sync_api.expect
    page.goto(server + "/")
    expect(page.locator("ol.stories li.story a.title").first).to_be_visible()
    # the graph's hand-built meetings are newer, so the tram crash's story is found by the API
    listed = page.request.get(server + "/api/v1/stories?limit=100&min_size=2").json()["items"]
    tram = [s for s in listed if "www.telegraph.co.uk" in json.dumps(s)]
    assert len(tram) == 1 and tram[0]["size"] == 3, listed
    page.goto(server + tram[0]["href"])
    page.wait_for_url("**/stories/*")
    expect(page.locator("h1")).not_to_be_empty()
    rows = page.locator(".story-timeline tbody tr")
    expect(rows).to_have_count(3)
    outlets = rows.locator("td.outlet").all_inner_texts()
    assert outlets == ["www.nytimes.com", "www.usatoday.com", "www.telegraph.co.uk"]
    expect(page.locator(".story-person").first).to_be_visible()
    page.screenshot(path=ARTIFACTS / "browser-7-story.png", full_page=True)
    rows.first.locator("a").click()
    page.wait_for_url("**/articles/*")
    expect(page.locator("h1")).to_contain_text("Croydon")
    expect(page.locator("span.ent").first).to_be_visible()


def test_api_reference_works_offline(server: str, page: Any) -> None:
    page.goto(server + "/docs")
    search = page.locator(".opblock-summary-path", has_text="/api/v1/search")
    sync_api.expect(search).to_be_visible()
    page.screenshot(path=ARTIFACTS / "browser-6-docs.png")
    assert OUTSIDE == []  # no CDN, no font, no tracker: every byte came from our server
