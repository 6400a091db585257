"""Never lose an input to a mistake (issue 18): usage errors store nothing, rejected inputs
are retried (transient ones by themselves), dates relative to today are refused, search
reads "U.S." and unbalanced quotes as people mean them, fetching obeys robots.txt patterns.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from newsgraph.cli import main
from newsgraph.errors import ConfigError
from newsgraph.ingest.feeds import Fetcher, FetchError, FetchPolicy
from newsgraph.model import Article, Span
from newsgraph.store import Outcome, SqliteStore
from newsgraph.store.sqlite_read import fts_query

GOOD = "Council approves new budget\n\nThe city council approved its budget on Monday evening.\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["--published", "not a date"],
        ["--published", "yesterday"],
        ["--mapping", "text"],
        ["--mapping", "colour=body"],
        ["--format", "pdf"],
    ],
)
def test_a_usage_error_exits_2_before_anything_is_stored(
    tmp_path: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    db = tmp_path / "sub.db"
    with pytest.raises(SystemExit) if "pdf" in argv else _no_raise():
        code = main(["ingest", "--db", str(db), "--quiet", *argv, str(tmp_path / "a.txt")])
        assert code == 2
    assert not db.exists()  # not even an empty database
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()


class _no_raise:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


@pytest.mark.parametrize("value", ["yesterday", "in 2 days", "not a date"])
def test_since_and_until_must_be_dates(
    tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    SqliteStore(tmp_path / "q.db").close()
    assert main(["events", "--db", str(tmp_path / "q.db"), "--since", value]) == 2
    assert main(["events", "--db", str(tmp_path / "q.db"), "--until", value]) == 2
    assert main(["events", "--db", str(tmp_path / "q.db"), "--since", "2020-12"]) == 0
    assert "publication date" in capsys.readouterr().err


def test_extract_refuses_a_published_relative_to_today(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    assert main(["extract", "--published", "yesterday", str(tmp_path / "a.txt")]) == 2
    err = capsys.readouterr().err
    assert "relative to today" in err and "never reads a date against the machine's clock" in err


def _rows(db: Path) -> dict[str, tuple[str, int]]:
    with sqlite3.connect(db) as c:
        rows = c.execute("SELECT source, type, retryable FROM rejections").fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


@pytest.mark.slow
def test_transient_rejections_are_read_again_and_others_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "r.db"
    missing, empty = tmp_path / "late.txt", tmp_path / "empty.txt"
    empty.write_text("")
    assert _ingest(db, missing, empty) == 3
    assert _rows(db) == {str(missing): ("NotFound", 1), str(empty): ("EmptyInput", 0)}
    assert main(["rejections", "--db", str(db), "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    listed_rows = [(r["input"], r["retryable"]) for r in listed]
    assert listed_rows == [(str(missing), True), (str(empty), False)]
    missing.write_text(GOOD)  # the file turns up
    empty.write_text(GOOD.replace("Monday", "Friday"))
    assert _ingest(db, missing, empty) == 0
    assert _rows(db) == {str(empty): ("EmptyInput", 0)}  # not retried by itself
    assert _ingest(db, missing, empty, "--retry-rejected") == 0
    assert _rows(db) == {}
    with sqlite3.connect(db) as c:
        outcomes = dict(c.execute("SELECT name, outcome FROM sources").fetchall())
    assert outcomes == {str(missing): "article", str(empty): "article"}
    assert _ingest(db, missing, empty, "--retry-rejected") == 0  # nothing twice


def _ingest(db: Path, *args: object) -> int:
    return main(["ingest", "--db", str(db), "--quiet", *map(str, args)])


def _article(text: str, n: int) -> Article:
    title, _, body = text.partition("\n\n")
    return Article(
        id=f"{n:064d}", title=title, lede=body, text=text,
        paragraphs=(Span(0, len(title)), Span(len(title) + 2, len(text))),
    )


def test_search_reads_abbreviations_and_unbalanced_quotes(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.db") as store:
        texts = [
            "Troops leave\n\nU.S. troops left Kabul on Monday.",
            "Visit\n\nThe minister's visit to Doha's port ended.",
            "Violence\n\nA reduction in violence was agreed.",
            "Violence\n\nViolence rose; a reduction came in May.",
        ]
        store.write([Outcome(str(n), article=_article(t, n)) for n, t in enumerate(texts, 1)])
        hits = {h["article_id"][-1] for h in store.search("U.S.", 10)}
        assert hits == {"1"}  # not every possessive 's
        phrase = {h["article_id"][-1] for h in store.search('"reduction in violence', 10)}
        assert phrase == {"3"}
        for hostile in ("!!!", "*", '"', "   "):
            with pytest.raises(ConfigError, match="nothing to search for"):
                store.search(hostile, 10)
            with pytest.raises(ConfigError, match="nothing to search for"):
                store.quotes(None, hostile, 10)
    assert fts_query("U.S. Milley's") == '"U S" "Milley s"'


class _Site(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[int, bytes]]] = {
        "/robots.txt": (200, b"User-agent: *\nDisallow: /*?print=\nDisallow: /*.pdf$\n"),
        "/story": (200, b"<html><body><p>story</p></body></html>"),
        "/story?print=1": (200, b"printable"),
        "/file.pdf": (200, b"%PDF"),
        "/gone": (404, b"gone"),
        "/broken": (500, b"oops"),
        "/secret": (403, b"no"),
    }

    def do_GET(self) -> None:
        status, body = self.pages.get(self.path, (404, b""))
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def site() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetching_obeys_robots_patterns_and_says_what_is_retryable(site: str) -> None:
    fetcher = Fetcher(FetchPolicy(delay=0))
    assert fetcher.fetch(f"{site}/story").startswith(b"<html>")
    for disallowed in ("/story?print=1", "/file.pdf"):  # wildcard rules (RFC 9309)
        with pytest.raises(FetchError, match=r"robots\.txt does not allow") as caught:
            fetcher.fetch(site + disallowed)
        assert not caught.value.retryable
    retryable = {}
    for path in ("/gone", "/broken", "/secret"):
        with pytest.raises(FetchError) as caught:
            fetcher.fetch(site + path)
        retryable[path] = caught.value.retryable
    assert retryable == {"/gone": True, "/broken": True, "/secret": False}
    with pytest.raises(FetchError) as caught:
        fetcher.fetch("http://127.0.0.1:9/unreachable")  # nothing listens: a network error
    assert caught.value.retryable
    fetcher.close()
