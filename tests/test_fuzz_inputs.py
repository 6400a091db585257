"""Random bytes, JSON and HTML through every reader and through `newsgraph ingest` (issue 19):
no traceback, every input accounted for (an article, a duplicate or a rejection with its
reason, under a name derived from its file), and a bounded time per input — the readers
answer well inside a generous deadline, the CLI runs with a small time budget per input,
into SQLite and into PostgreSQL (which refuses what SQLite would take: NULs, bad Unicode).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsgraph.cli import main
from newsgraph.ingest import iter_bytes
from newsgraph.ingest.detect import FORMATS
from newsgraph.ingest.feeds import Fetcher, FetchPolicy
from newsgraph.model import Rejection
from newsgraph.pipeline import Input
from newsgraph.store import open_store

from .conftest import BACKENDS, new_schema

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
ARTICLES = st.fixed_dictionaries(
    {"title": st.text(max_size=60), "text": st.text(max_size=400)},
    optional={
        "date_publish": SCALARS,
        "url": st.text(max_size=40),
        "authors": JSON_VALUES,
        "description": st.text(max_size=80),
    },
)
TAGS = st.sampled_from(
    [
        "<html>",
        "<body>",
        "<p>",
        "</p>",
        "<article>",
        "<h1>",
        "</h1>",
        "<script>",
        "<!--",
        "<title>",
        "<meta property='og:title' content='x'>",
        "<rss>",
        "<item>",
        "<link>",
        "“",
        "\x00",
    ]
)
HTML = st.lists(TAGS | st.text(max_size=30), max_size=40).map("".join)


def _documents() -> st.SearchStrategy[tuple[str, bytes]]:
    """(file extension, content): raw bytes, JSON documents and lines, HTML-ish markup."""
    json_lines = st.lists(ARTICLES | JSON_VALUES, max_size=4).map(
        lambda rs: "".join(json.dumps(r) + "\n" for r in rs).encode()
    )
    return st.one_of(
        st.tuples(st.sampled_from([".txt", ".bin", ".gz", ".warc"]), st.binary(max_size=3000)),
        st.tuples(st.just(".json"), (ARTICLES | JSON_VALUES).map(lambda v: json.dumps(v).encode())),
        st.tuples(st.just(".jsonl"), json_lines),
        st.tuples(
            st.sampled_from([".html", ".xml"]), HTML.map(lambda h: h.encode("utf-8", "replace"))
        ),
    )


def _name(result: Input | Rejection) -> str:
    return result.name if isinstance(result, Input) else result.input


OFFLINE = Fetcher(FetchPolicy(timeout=0.5, delay=0))  # feed links here lead nowhere


@settings(
    max_examples=150,
    deadline=dt.timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow],
)
@given(_documents(), st.sampled_from(FORMATS))
def test_every_reader_accounts_for_random_input(document: tuple[str, bytes], fmt: str) -> None:
    ext, data = document
    name = f"fuzz{ext}"
    results = list(iter_bytes(data, name, fmt, fetcher=OFFLINE))
    assert results, "an input vanished"
    names = [_name(r) for r in results]
    assert len(set(names)) == len(names)
    for result in results:
        assert isinstance(result, (Input, Rejection))
        if isinstance(result, Rejection):
            assert result.message and result.stage and result.type
        else:
            assert _name(result).startswith(name) or "://" in _name(result)


@contextmanager
def _database(backend: str, request: pytest.FixtureRequest, folder: Path) -> Iterator[str]:
    """A new database for one example: a SQLite file, or a fresh PostgreSQL schema."""
    if backend == "sqlite":
        yield str(folder / "fuzz.db")
        return
    with new_schema(request.getfixturevalue("postgres_server")) as url:
        yield url


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(_documents(), min_size=1, max_size=6))
def test_ingest_accounts_for_every_random_file(
    backend: str,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    documents: list[tuple[str, bytes]],
) -> None:
    monkeypatch.setenv("NEWSGRAPH_TIME_BUDGET", "10")
    folder = tmp_path_factory.mktemp("fuzz")
    files = []
    for i, (ext, data) in enumerate(documents):
        path = folder / "in" / f"f{i}{ext}"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        files.append(str(path))
    with _database(backend, request, folder) as db:
        code = main(["ingest", "--db", db, "--quiet", str(folder / "in")])
        err = capsys.readouterr().err
        assert code in (0, 1, 3) and "Traceback" not in err, err
        with open_store(db, create=False) as store:
            rows = {r["name"]: r["outcome"] for r in store.rows("SELECT * FROM sources")}
            reasons = store.rows("SELECT count(*) AS c FROM rejections WHERE message = ''")
    assert reasons[0]["c"] == 0
    for path in files:  # each file has a row of its own or of its records
        assert any(n == path or n.startswith((path + ":", path + "#")) for n in rows), path
