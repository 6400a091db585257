"""End to end in real headless Chromium: ingest, search, read the seed, follow its speaker.

Debian's `chromium` driven by Playwright (never `playwright install`: the browser is the
system's). The seed and a few BBC articles from ../shared/corpus (when present) are read
into a temporary database, served on a free loopback port, and browsed as a reader would.
Screenshots go to artifacts/ (gitignored).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsgraph.pipeline import Input
from tests.conftest import CORPUS, DATA, SEED_PUBLISHED, serving

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parents[1] / "artifacts"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SEED_TITLE = "Top US general meets with Taliban negotiators"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not CHROMIUM.is_file():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)


def _inputs() -> list[Input]:
    seed = (DATA / "abcnews-milley-taliban.txt").read_text(encoding="utf-8")
    items = [Input(seed, SEED_PUBLISHED, publisher="ABC News", name="seed")]
    bbc = CORPUS / "bbc" / "politics"
    for path in sorted(bbc.glob("*.txt"))[:4] if bbc.is_dir() else []:
        items.append(Input(path.read_text(encoding="utf-8", errors="replace"),
                           publisher="BBC", name=f"bbc/{path.name}"))
    return items


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from newsgraph.ingest.job import ingest
    from newsgraph.serve import create_app
    from newsgraph.store import SqliteStore

    db = tmp_path_factory.mktemp("browser") / "news.db"
    with SqliteStore(db) as store:
        summary = ingest(_inputs(), store)
    assert summary.stored >= 1, summary.line()
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
    expect(page.locator("h2")).to_contain_text("Latest articles")
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
    expect(page.locator("svg.graph")).to_be_visible()
    page.screenshot(path=ARTIFACTS / "browser-5-graph.png", full_page=True)


def test_api_reference_works_offline(server: str, page: Any) -> None:
    page.goto(server + "/docs")
    search = page.locator(".opblock-summary-path", has_text="/api/v1/search")
    sync_api.expect(search).to_be_visible()
    page.screenshot(path=ARTIFACTS / "browser-6-docs.png")
    assert OUTSIDE == []  # no CDN, no font, no tracker: every byte came from our server
