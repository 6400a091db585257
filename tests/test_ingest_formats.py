"""newsgraph.ingest: every input format → Inputs, every bad input → a Rejection with a reason."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.errors import ConfigError
from newsgraph.ingest import detect, iter_inputs
from newsgraph.ingest.feeds import Fetcher, FetchPolicy
from newsgraph.model import Rejection
from newsgraph.pipeline import Input

DATA = Path(__file__).parent / "data"
CORPUS = Path(os.environ.get("NEWSGRAPH_CORPUS", Path(__file__).parents[2] / "shared" / "corpus"))
ARTICLE = (DATA / "article.html").read_bytes()


def run(*sources: str, **options: object) -> list[Input | Rejection]:
    return list(iter_inputs(list(sources), **options))  # type: ignore[arg-type]


def corpus_dir(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.is_dir():
        pytest.skip(f"shared corpus folder not found: {path}")
    return path


def aeb_pages(n: int) -> list[tuple[str, bytes]]:
    root = corpus_dir("aeb")
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:n]
    return [
        (truth[k]["url"], gzip.decompress((root / "html" / f"{k}.html.gz").read_bytes()))
        for k in keys
    ]


# --- text, binary, empty, missing ---------------------------------------------------------


def test_seed_text_file_is_one_input_named_by_its_path(tmp_path: Path) -> None:
    (items,) = [run(str(DATA / "abcnews-milley-taliban.txt"), published="2020-12-16")]
    (item,) = items
    assert isinstance(item, Input)
    assert item.text.startswith("Top US general meets with Taliban negotiators")
    assert item.name == str(DATA / "abcnews-milley-taliban.txt")
    assert item.published == "2020-12-16"


def test_empty_binary_and_missing_inputs_are_rejected_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    results = run(
        str(tmp_path / "empty.txt"), str(tmp_path / "image.png"), str(tmp_path / "nope.txt")
    )
    assert [(r.type, r.stage) for r in results if isinstance(r, Rejection)] == [
        ("EmptyInput", "decode"),
        ("BinaryInput", "decode"),
        ("NotFound", "ingest"),
    ]


def test_directory_is_read_recursively_in_name_order_and_globs_expand(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second headline\n\nSecond body.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First headline\n\nFirst body.", encoding="utf-8")
    (tmp_path / "b" / "copy.txt").write_text("First headline\n\nFirst body.", encoding="utf-8")
    names = [r.name for r in run(str(tmp_path))]
    assert names == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b" / "2.txt"),
        str(tmp_path / "b" / "copy.txt"),
    ]
    assert [r.name for r in run(str(tmp_path / "**" / "2.txt"))] == [str(tmp_path / "b" / "2.txt")]
    assert run(str(tmp_path)) == run(str(tmp_path))  # deterministic: same names, same texts


def test_stdin_is_read_and_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = b'{"title": "One", "text": "Body one."}\n{"title": "Two", "text": "Body two."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    key = hashlib.sha256(lines).hexdigest()[:16]  # named by content: another stdin differs
    assert [(r.name, r.text) for r in run("-") if isinstance(r, Input)] == [
        (f"<stdin>#{key}:1", "One\n\nBody one."),
        (f"<stdin>#{key}:2", "Two\n\nBody two."),
    ]


def test_bad_format_or_mapping_fails_before_reading() -> None:
    with pytest.raises(ConfigError):
        iter_inputs(["x"], format="pdf")
    with pytest.raises(ConfigError, match="cannot map 'body'"):
        iter_inputs(["x"], mapping={"body": "story"})


# --- detection by content -------------------------------------------------------------------


def test_format_is_told_by_content_not_extension(tmp_path: Path) -> None:
    assert detect.sniff(ARTICLE, "page.txt") == "html"
    assert detect.sniff(b'{"text": "a"}\n{"text": "b"}\n', "dump.dat") == "jsonl"
    assert detect.sniff(b'[{"text": "a"}]', "x") == "json"
    assert detect.sniff(b'{\n  "text": "a"\n}\n', "x.jsonl") == "jsonl"
    assert (
        detect.sniff(b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "feed") == "rss"
    )
    assert detect.sniff(b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "") == "rss"
    assert detect.sniff(gzip.compress(ARTICLE), "page.gz") == "html"
    assert detect.sniff(b"Plain headline\n\nPlain body.", "a.html") == "txt"
    (tmp_path / "page.txt").write_bytes(ARTICLE)
    (item,) = run(str(tmp_path / "page.txt"))
    assert isinstance(item, Input) and item.text.startswith("Harbour council approves")


# --- HTML -------------------------------------------------------------------------------------


def test_html_file_becomes_headline_and_body_with_metadata(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(ARTICLE)
    (item,) = run(str(tmp_path / "a.html"), published="1999-01-01")
    assert isinstance(item, Input)
    assert item.text.split("\n\n")[0] == "Harbour council approves new ferry terminal"
    assert item.published == "2021-03-04"  # the page's own date wins over the fallback
    assert (item.publisher, item.authors) == ("The Coastal Ledger", ("Maria Ostrowski",))
    assert item.url == "https://ledger.example/news/2021/03/harbour-ferry-terminal"


def test_html_without_an_article_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "nav.html").write_bytes(
        b"<html><head><title>Index</title></head><body><ul><li><a href='/1'>One</a></li></ul>"
    )
    (rejection,) = run(str(tmp_path / "nav.html"))
    assert isinstance(rejection, Rejection)
    assert (rejection.stage, rejection.type) == ("html", "NoArticle")


# --- JSON Lines and JSON ----------------------------------------------------------------------


def test_jsonl_with_a_broken_line_keeps_every_other_line(tmp_path: Path) -> None:
    root = corpus_dir("giveme5w1h", "clusters-dev")
    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(root.glob("*.json"))[:4]]
    lines = [json.dumps(r) for r in records]
    lines.insert(2, '{"title": "cut off", "text": "the line ends')
    (tmp_path / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = run(str(tmp_path / "dump.jsonl"))
    assert [type(r).__name__ for r in results] == ["Input", "Input", "Rejection", "Input", "Input"]
    broken = results[2]
    assert isinstance(broken, Rejection)
    assert (broken.input, broken.type) == (f"{tmp_path / 'dump.jsonl'}:3", "BrokenJSON")
    first = results[0]
    assert isinstance(first, Input)
    assert first.name == f"{tmp_path / 'dump.jsonl'}:1"
    assert first.text.startswith(records[0]["title"])
    assert first.url == records[0]["url"] and first.publisher == records[0]["source_domain"]
    assert str(first.published).startswith(records[0]["date_publish"][:10])


def test_giveme5w1h_description_is_the_lede() -> None:
    root = corpus_dir("giveme5w1h", "gold-dev")
    for path in sorted(root.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        description = " ".join(record["description"].split())
        if description[:80] not in " ".join(record["text"][:1500].split()):
            break
    else:
        pytest.skip("no gold-dev article whose text lacks its description")
    (item,) = run(str(path))
    assert isinstance(item, Input)
    title, lede, body = item.text.split("\n\n", 2)
    assert (title, lede) == (" ".join(record["title"].split()), description)
    assert body == record["text"].strip()
    assert item.publisher == record["publisher"]
    assert str(item.published).startswith(record["date_publish"][:10])


def test_mapping_names_other_fields_and_json_arrays_are_read(tmp_path: Path) -> None:
    records = [
        {
            "headline": "Dam opens",
            "story": "The dam opened.",
            "pub": "2019-05-06",
            "writers": ["A B"],
        },
        ["not", "an", "object"],
        {"headline": "No body here"},
    ]
    (tmp_path / "a.json").write_text(json.dumps(records), encoding="utf-8")
    mapping = {"text": "story", "published": "pub", "authors": "writers"}
    first, second, third = run(str(tmp_path / "a.json"), mapping=mapping)
    assert isinstance(first, Input)
    assert (first.text, first.published, first.authors) == (
        "Dam opens\n\nThe dam opened.",
        "2019-05-06",
        ("A B",),
    )
    assert first.name == f"{tmp_path / 'a.json'}:1"
    assert isinstance(second, Rejection) and second.type == "NotAnArticle"
    assert isinstance(third, Rejection) and third.type == "NoText"


# --- WARC -------------------------------------------------------------------------------------


def _warc(pages: list[tuple[str, bytes]]) -> bytes:
    """A gzipped WARC: warcinfo, then per page a request and an HTML response, then an image."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("test.warc.gz", {"software": "test"}))
    for url, html in [*pages, ("https://img.example/a.png", b"\x89PNG\r\n\x1a\n" + bytes(64))]:
        kind = "image/png" if url.endswith(".png") else "text/html; charset=utf-8"
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(url, "request", io.BytesIO(b""), 0, http_headers=request)
        )
        headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
        response = writer.create_warc_record(
            url, "response", io.BytesIO(html), len(html), http_headers=headers
        )
        writer.write_record(response)
    return out.getvalue()


def test_warc_response_records_become_inputs_with_target_uri(tmp_path: Path) -> None:
    pages = aeb_pages(3)
    (tmp_path / "crawl.warc.gz").write_bytes(_warc(pages))
    results = run(str(tmp_path / "crawl.warc.gz"))
    inputs = [r for r in results if isinstance(r, Input)]
    assert [i.url for i in inputs] == [url for url, _ in pages]
    assert [i.name for i in inputs] == [
        f"{tmp_path / 'crawl.warc.gz'}#record-{n}" for n in (3, 5, 7)
    ]
    assert all(i.published for i in inputs)
    assert [(r.type, r.input.rsplit("#", 1)[1]) for r in results if isinstance(r, Rejection)] == [
        ("NotHTML", "record-9")
    ]


def test_truncated_warc_keeps_the_records_before_the_break(tmp_path: Path) -> None:
    pages = aeb_pages(4)
    data = _warc(pages)
    whole = run_bytes(tmp_path, "full.warc.gz", data)
    cut = run_bytes(tmp_path, "cut.warc.gz", data[: int(len(data) * 0.6)])
    kept = [r for r in cut if isinstance(r, Input)]
    assert 1 <= len(kept) < 4
    assert [i.url for i in kept] == [i.url for i in whole if isinstance(i, Input)][: len(kept)]
    last = cut[-1]
    assert isinstance(last, Rejection) and last.type == "BrokenArchive"
    assert "records before it were read" in last.message


def run_bytes(tmp_path: Path, name: str, data: bytes) -> list[Input | Rejection]:
    (tmp_path / name).write_bytes(data)
    return run(str(tmp_path / name))


def test_truncated_gzip_of_a_page_is_rejected(tmp_path: Path) -> None:
    data = gzip.compress(ARTICLE)
    (rejection,) = run_bytes(tmp_path, "page.html.gz", data[: len(data) // 2])
    assert isinstance(rejection, Rejection) and rejection.type == "BrokenArchive"


# --- feeds and URLs, against a local server ---------------------------------------------------

LONG_BODY = " ".join(
    f"<p>Paragraph {i} of the full story tells the readers what happened.</p>" for i in range(40)
)
FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Ledger</title><link>http://HOST/</link><description>news</description>
<item><title>Full story in the feed</title><link>http://HOST/full</link>
<pubDate>Tue, 02 Mar 2021 09:00:00 GMT</pubDate>
<content:encoded><![CDATA[{LONG_BODY}]]></content:encoded></item>
<item><title>Harbour council approves new ferry terminal</title><link>http://HOST/article.html</link>
<description>Short teaser.</description></item>
<item><title>Hidden</title><link>http://HOST/private/secret.html</link><description>x</description></item>
<item><title>Gone</title><link>http://HOST/missing.html</link><description>x</description></item>
</channel></rss>"""


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        host = f"{self.server.server_address[0]}:{self.server.server_address[1]}"  # type: ignore[index]
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        routes = {
            "/robots.txt": (b"User-agent: *\nDisallow: /private/\n", "text/plain"),
            "/feed.xml": (FEED.replace("HOST", host).encode(), "application/rss+xml"),
            "/article.html": (ARTICLE, "text/html"),
            "/private/secret.html": (ARTICLE, "text/html"),
            "/big.html": (ARTICLE * 50, "text/html"),
        }
        if self.path == "/slow.html":
            time.sleep(1.5)
        if self.path not in routes:
            self.send_error(404)
            return
        body, kind = routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("NEWSGRAPH_FETCH_DELAY", "0")
    monkeypatch.setenv("NEWSGRAPH_FETCH_TIMEOUT", "0.5")
    monkeypatch.setenv("NEWSGRAPH_FETCH_MAX_BYTES", str(len(ARTICLE) * 10))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.paths = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_feed_items_become_inputs_and_robots_txt_is_obeyed(server: str) -> None:
    results = run(f"{server}/feed.xml")
    assert [r.name if isinstance(r, Input) else r.input for r in results] == [
        f"{server}/full",
        f"{server}/article.html",
        f"{server}/private/secret.html",
        f"{server}/missing.html",
    ]
    full, page, hidden, gone = results
    assert isinstance(full, Input) and full.text.startswith("Full story in the feed\n\nParagraph 0")
    assert full.published == "2021-03-02"
    assert isinstance(page, Input) and page.text.startswith("Harbour council approves")
    assert page.published == "2021-03-04"
    assert isinstance(hidden, Rejection) and "robots.txt" in hidden.message
    assert isinstance(gone, Rejection) and (gone.stage, gone.type) == ("fetch", "FetchError")
    assert "404" in gone.message


def test_urls_too_large_too_slow_or_missing_are_rejected(server: str) -> None:
    results = run(
        f"{server}/article.html", f"{server}/big.html", f"{server}/slow.html", f"{server}/none"
    )
    ok, big, slow, missing = results
    assert isinstance(ok, Input) and ok.name == f"{server}/article.html"
    assert isinstance(big, Rejection) and "larger than" in big.message
    assert isinstance(slow, Rejection) and "Timeout" in slow.message
    assert isinstance(missing, Rejection) and "404" in missing.message


def test_fetcher_waits_between_requests_to_one_host(server: str) -> None:
    fetcher = Fetcher(FetchPolicy(delay=0.3))
    started = time.monotonic()
    for _ in range(3):
        fetcher.fetch(f"{server}/article.html")
    fetcher.close()
    assert time.monotonic() - started >= 0.9  # robots.txt, then three pages, 0.3 s apart


def test_truncated_gzipped_jsonl_keeps_the_lines_before_the_break(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": f"Story {i}", "text": f"Body of story {i}. " * 40}) for i in range(60)
    ]
    data = gzip.compress("\n".join(lines).encode())
    results = run_bytes(tmp_path, "dump.jsonl.gz", data[: len(data) * 2 // 3])
    *kept, last = results
    assert kept and all(isinstance(r, Input) for r in kept)
    assert [r.name for r in kept] == [
        f"{tmp_path / 'dump.jsonl.gz'}:{n}" for n in range(1, len(kept) + 1)
    ]
    assert isinstance(last, Rejection) and last.type == "BrokenArchive"
    assert last.input == f"{tmp_path / 'dump.jsonl.gz'}:{len(kept) + 1}+"
    assert len(run_bytes(tmp_path, "whole.jsonl.gz", data)) == 60
