"""Never lose an input to a mistake (issue 18): usage errors store nothing, rejected inputs
are retried (transient ones by themselves), dates relative to today are refused, search
reads "U.S." and unbalanced quotes as people mean them, fetching obeys robots.txt patterns.
Every test that takes `db_url` runs on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
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
from newsgraph.store import Outcome, is_postgres, open_store
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
@pytest.mark.parametrize("engine", ["local", "ray"])
def test_a_usage_error_exits_2_before_anything_is_stored(
    tmp_path: Path, db_url: str, argv: list[str], engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    with pytest.raises(SystemExit) if "pdf" in argv else _no_raise():
        args = ["--db", db_url, "--quiet", "--engine", engine, *argv, str(tmp_path / "a.txt")]
        code = main(["ingest", *args])
        assert code == 2
    assert not _made(db_url)  # not even an empty database
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()


def _made(db_url: str) -> bool:
    """Whether a database was made at `db_url` (a file, or migrations in the schema)."""
    if not is_postgres(db_url):
        return Path(db_url).exists()
    import psycopg

    with psycopg.connect(db_url) as conn:
        return conn.execute("SELECT to_regclass('_migrations')").fetchone() != (None,)


class _no_raise:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


@pytest.mark.parametrize("value", ["yesterday", "in 2 days", "not a date"])
def test_since_and_until_must_be_dates(
    db_url: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    open_store(db_url).close()
    assert main(["events", "--db", db_url, "--since", value]) == 2
    assert main(["events", "--db", db_url, "--until", value]) == 2
    assert main(["events", "--db", db_url, "--since", "2020-12"]) == 0
    assert "publication date" in capsys.readouterr().err


def test_extract_refuses_a_published_relative_to_today(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    assert main(["extract", "--published", "yesterday", str(tmp_path / "a.txt")]) == 2
    err = capsys.readouterr().err
    assert "relative to today" in err and "never reads a date against the machine's clock" in err


def _rows(db: str) -> dict[str, tuple[str, int]]:
    with open_store(db, create=False) as store:
        rows = store.rows("SELECT source, type, retryable FROM rejections")
    return {r["source"]: (r["type"], r["retryable"]) for r in rows}


@pytest.mark.slow
def test_transient_rejections_are_read_again_and_others_on_request(
    tmp_path: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = db_url
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
    with open_store(db, create=False) as store:
        rows = store.rows("SELECT name, outcome FROM sources")
    outcomes = {r["name"]: r["outcome"] for r in rows}
    assert outcomes == {str(missing): "article", str(empty): "article"}
    assert _ingest(db, missing, empty, "--retry-rejected") == 0  # nothing twice


def _ingest(db: str, *args: object) -> int:
    return main(["ingest", "--db", db, "--quiet", *map(str, args)])


def _article(text: str, n: int) -> Article:
    title, _, body = text.partition("\n\n")
    return Article(
        id=f"{n:064d}", title=title, lede=body, text=text,
        paragraphs=(Span(0, len(title)), Span(len(title) + 2, len(text))),
    )


def test_search_reads_abbreviations_and_unbalanced_quotes(db_url: str) -> None:
    with open_store(db_url) as store:
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
        for hostile in ("!!!", "*", '"', "   ", "\x00"):
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
