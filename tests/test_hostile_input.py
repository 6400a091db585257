"""Hostile and broken input (issue 19): nothing crashes a batch, nothing vanishes, nothing
reads the clock. Every fixture is made here, small; the readers are run as they are. Tests
that store (`db_url`) run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from newsgraph.cli import main
from newsgraph.errors import ConfigError
from newsgraph.ingest import iter_inputs
from newsgraph.ingest.paths import expand
from newsgraph.model import Rejection
from newsgraph.pipeline import Input
from newsgraph.store import open_store
from newsgraph.store.rows import unpack_article
from newsgraph.text.decode import UNREAD_DATE, decode_bytes, input_published, parse_published

GOOD = "Council approves new budget\n\nThe city council approved its budget on Monday evening.\n"


def _names(results: list[Input | Rejection]) -> list[tuple[str, str]]:
    """(name, kind) per result: kind is "input" or the rejection's type."""
    return [(r.name, "input") if isinstance(r, Input) else (r.input, r.type) for r in results]


def _db_rows(db: str) -> dict[str, Any]:
    with open_store(db, create=False) as store:
        return {
            "sources": {r["name"]: r["outcome"] for r in store.rows("SELECT * FROM sources")},
            "rejections": {
                r["source"]: (r["type"], r["message"], r["retryable"])
                for r in store.rows("SELECT * FROM rejections")
            },
            "published": {
                r["source"]: r["published"] for r in store.rows("SELECT * FROM articles")
            },
        }


def _articles(db: str) -> dict[str, dict[str, Any]]:
    """Each stored article as its input's name gave it (`Article.to_dict()`)."""
    with open_store(db, create=False) as store:
        rows = store.rows("SELECT source, json FROM articles")
    return {r["source"]: unpack_article(r["json"]) for r in rows}


def _ingest(db: str, *argv: str) -> int:
    return main(["ingest", "--db", db, "--quiet", *argv])


# --- crashes that lost a whole batch --------------------------------------------------------


def test_deep_json_and_lines_are_rejections_not_crashes(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    line = json.dumps({"title": "Ok", "text": "fine"})
    (tmp_path / "deep.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n" + line + "\n")
    results = list(iter_inputs([str(tmp_path / "deep.json"), str(tmp_path / "deep.jsonl")]))
    assert _names(results) == [
        (str(tmp_path / "deep.json"), "BrokenJSON"),
        (str(tmp_path / "deep.jsonl") + ":1", "BrokenJSON"),
        (str(tmp_path / "deep.jsonl") + ":2", "input"),
    ]


@pytest.mark.slow
def test_a_batch_with_every_crash_case_is_stored(tmp_path: Path, db_url: str) -> None:
    """Deep JSON, a lone surrogate in JSONL text and a file name that is not UTF-8, beside a
    good file: each ends as a row, the good one is stored, and a second run adds nothing."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    record = {"title": "Storm hits coast", "text": "The storm \ud83d hit the coast, police said."}
    (src / "surrogate.jsonl").write_text(json.dumps(record) + "\n")  # "\ud83d" escaped
    os.makedirs(os.fsencode(src / "sub"), exist_ok=True)
    with open(os.fsencode(src / "sub") + b"/b\xff.txt", "wb") as f:
        f.write(GOOD.encode())
    db = db_url
    assert _ingest(db, str(src)) == 1
    rows = _db_rows(db)
    assert rows["sources"] == {
        f"{src}/deep.json": "rejected",
        f"{src}/sub/b\\xff.txt": "article",
        f"{src}/surrogate.jsonl:1": "article",
    }
    text = _articles(db)[f"{src}/surrogate.jsonl:1"]["text"]
    assert "The storm \ufffd hit" in text
    assert _ingest(db, str(src)) == 0  # nothing read again, nothing twice
    assert _db_rows(db)["sources"] == rows["sources"]


# --- dates never read against the clock ------------------------------------------------------

NOT_DATES = ["N/A", "1e308", "in 2 days", "Feb 14", "unknown", "0", "2005-02-30", "yesterday"]


@pytest.mark.parametrize("value", NOT_DATES)
def test_an_input_date_that_is_not_absolute_is_missing_with_a_reason(value: str) -> None:
    published, unread = input_published(value)
    assert published is None and unread is not None
    assert unread.reason == UNREAD_DATE and unread.line == value


@pytest.mark.parametrize("value", ["yesterday", "in 2 days", "Feb 14", "last week", "now"])
def test_a_user_date_relative_to_today_is_refused(value: str) -> None:
    with pytest.raises(ConfigError, match="relative to today or lacks its year"):
        parse_published(value)


def _dates_file(tmp_path: Path) -> Path:
    path = tmp_path / "dates.jsonl"
    records = [
        {"title": f"Story {i}", "text": f"Body {i}: the council met and voted.", "date_publish": v}
        for i, v in enumerate([*NOT_DATES, "2020-12-16"])
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


@pytest.mark.slow
def test_jsonl_dates_that_are_not_dates_keep_the_article(tmp_path: Path, db_url: str) -> None:
    path = _dates_file(tmp_path)
    assert _ingest(db_url, str(path)) == 0
    published = _db_rows(db_url)["published"]
    assert published == {
        f"{path}:{i + 1}": ("2020-12-16" if i == len(NOT_DATES) else None)
        for i in range(len(NOT_DATES) + 1)
    }
    residue = _articles(db_url)[f"{path}:1"]["residue"]
    assert {"line": "N/A", "reason": UNREAD_DATE} in residue


@pytest.mark.slow
def test_published_fills_in_for_an_input_date_that_is_not_one(
    tmp_path: Path, db_url: str
) -> None:
    path = _dates_file(tmp_path)
    assert _ingest(db_url, str(path), "--published", "2021-01-02") == 0
    assert set(_db_rows(db_url)["published"].values()) == {"2021-01-02", "2020-12-16"}


@pytest.mark.slow
def test_nul_characters_are_dropped_so_every_backend_stores_the_same(
    tmp_path: Path, db_url: str
) -> None:
    """NULs (a `\\u0000` escape, zero padding after a crash) in text, title, authors, URL,
    publisher and date, and in a rejection's message (which names the JSON keys found):
    PostgreSQL refuses them in text, so they are dropped when the input is repaired, and
    SQLite stores the very same rows."""
    record = {
        "title": "Storm\u0000 hits coast",
        "text": "The storm hit the coast on Monday,\u0000 police said. " * 3,
        "authors": ["Jane\u0000 Doe"],
        "url": "https://example.com/\u0000storm",
        "source_domain": "exa\u0000mple.com",
        "date_publish": "N/A\u0000",
    }
    (tmp_path / "nul.jsonl").write_text(json.dumps(record) + "\n")
    speech = " ".join(f"The mayor thanked {i} residents." for i in range(400))
    padded = f"{GOOD}{speech}\n" + "\x00" * 64  # NULs past the 8 KB sniffed for binary
    (tmp_path / "padded.txt").write_text(padded)
    (tmp_path / "keys.json").write_text('{"\\u0000": null, "\\ud83d": 1}')  # no text: rejected
    files = [str(tmp_path / name) for name in ("nul.jsonl", "padded.txt", "keys.json")]
    assert _ingest(db_url, *files) == 1
    (rejected,) = _db_rows(db_url)["rejections"].values()
    assert rejected[0] == "NoText" and rejected[1].endswith("(keys: , \ufffd)")
    articles = _articles(db_url)
    assert "\x00" not in json.dumps(articles)
    storm = articles[f"{tmp_path}/nul.jsonl:1"]
    assert storm["title"] == "Storm hits coast" and storm["authors"] == ["Jane Doe"]
    assert storm["url"] == "https://example.com/storm"
    assert storm["publisher"] == "example.com"
    assert {"line": "N/A", "reason": UNREAD_DATE} in storm["residue"]
    assert articles[f"{tmp_path}/padded.txt"]["text"].endswith("thanked 399 residents.")


# --- inputs that vanished --------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"WARC/1.0\r\n", b"WARC/1.0\r\nWARC-Type: resp", b"WARC/1.0\r\nContent-Length: 3\r\n\r\nabc"],
)
def test_truncated_warc_records_a_rejection(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "cut.warc"
    path.write_bytes(data)
    results = list(iter_inputs([str(path)]))
    assert len(results) == 1 and isinstance(results[0], Rejection)
    assert results[0].input.startswith(str(path))
    assert results[0].type in {"BrokenRecord", "BrokenArchive", "NoRecords"}


def test_links_fifos_devices_and_linked_folders_each_get_a_row(tmp_path: Path) -> None:
    d = tmp_path / "d"
    (d / "sub").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (d / "a.txt").write_text(GOOD)
    (d / "sub" / "b.txt").write_text(GOOD.replace("Monday", "Tuesday"))
    (elsewhere / "c.txt").write_text(GOOD.replace("Monday", "Friday"))
    (d / "dangling").symlink_to(tmp_path / "nowhere")
    os.mkfifo(d / "fifo")
    (d / "zero").symlink_to("/dev/zero")
    (d / "linked").symlink_to(elsewhere)  # a folder reached through a link is read
    (d / "loop1").symlink_to(".")
    (d / "loop2").symlink_to(".")
    for source in (str(d), f"{d}/**"):
        assert _names(list(iter_inputs([source]))) == [
            (f"{d}/a.txt", "input"),
            (f"{d}/dangling", "NotAFile"),
            (f"{d}/fifo", "NotAFile"),
            (f"{d}/linked/c.txt", "input"),
            (f"{d}/sub/b.txt", "input"),
            (f"{d}/zero", "NotAFile"),
        ]


def test_glob_over_symlink_loops_reads_each_real_file_once(tmp_path: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    for name in ("one.txt", "two.txt"):
        (d / name).write_text(GOOD)
    (d / "l1").symlink_to(".")
    (d / "l2").symlink_to(".")
    paths = [e.path for e in expand(f"{d}/**") or []]
    assert paths == [f"{d}/one.txt", f"{d}/two.txt"]
    assert [e.path for e in expand(f"{d}/**/*.txt") or []] == paths


def test_feed_items_with_the_same_link_are_two_inputs() -> None:
    body = "<p>" + "The council met again and voted on the budget. " * 40 + "</p>"
    item = (
        "<item><title>Story {n}</title><link>https://example.com/a</link>"
        "<content:encoded><![CDATA[{body}]]></content:encoded></item>"
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>F</title>'
        + item.format(n=1, body=body)
        + item.format(n=2, body=body.replace("budget", "plan"))
        + "</channel></rss>"
    )
    from newsgraph.ingest import iter_bytes

    results = list(iter_bytes(feed.encode(), "feed.xml"))
    assert _names(results) == [
        ("https://example.com/a", "input"),
        ("https://example.com/a#item-2", "input"),
    ]


# --- smaller points ---------------------------------------------------------------------------


def test_read_many_refuses_a_batch_size_of_zero() -> None:
    from newsgraph import read_many

    with pytest.raises(ValueError, match="at least 1"):
        list(read_many(["Title\n\nBody."], batch_size=0))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_jsonl_rss_and_text_are_read(tmp_path: Path, encoding: str) -> None:
    records = [{"title": f"Story {i}", "text": f"Body of story {i}."} for i in (1, 2)]
    lines = "".join(json.dumps(r) + "\n" for r in records)
    (tmp_path / "a.jsonl").write_bytes(lines.encode(encoding))
    results = list(iter_inputs([str(tmp_path / "a.jsonl")]))
    assert [r.text for r in results if isinstance(r, Input)] == [
        "Story 1\n\nBody of story 1.",
        "Story 2\n\nBody of story 2.",
    ]
    assert decode_bytes(GOOD.encode(encoding)) == GOOD  # not "binary"
    body = "<p>" + "The council met again and voted. " * 60 + "</p>"
    feed = (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>F</title>'
        f"<item><title>S</title><link>https://example.com/s</link>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>"
    )
    (tmp_path / "f.rss").write_bytes(feed.encode(encoding))
    assert _names(list(iter_inputs([str(tmp_path / "f.rss")]))) == [
        ("https://example.com/s", "input")
    ]


def test_a_gzip_bomb_is_refused_as_it_inflates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSGRAPH_MAX_CHARS", "10000")  # 40,000 bytes of a text file
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"Title\n\n" + b"a " * 5_000_000))  # 10 MB from ~10 KB
    (rejected,) = iter_inputs([str(path)])
    assert isinstance(rejected, Rejection) and rejected.type == "InputTooLarge"
    assert "inflates to over 40,000 bytes" in rejected.message
    from newsgraph.ingest.detect import gunzip

    assert gunzip(gzip.compress(b"ab") + gzip.compress(b"cd"), 10) == b"abcd"  # every member


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie holds no lock


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_killed_ingest_leaves_no_worker_holding_the_lock(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    path = tmp_path / "many.jsonl"
    path.write_text(
        "".join(
            json.dumps({"title": f"Story {i} of the council", "text": f"Item {i} was voted. " * 40})
            + "\n"
            for i in range(300)
        )
    )
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "newsgraph.cli", "ingest", "--db", str(db), "--quiet"]
    parent = subprocess.Popen([*cmd, "--workers", "2", str(path)], stderr=subprocess.DEVNULL)
    children: list[int] = []
    deadline = time.monotonic() + 180
    while len(children) < 2 and time.monotonic() < deadline and parent.poll() is None:
        time.sleep(0.2)
        tasks = Path(f"/proc/{parent.pid}/task").glob("*/children")
        children = [int(c) for t in tasks for c in t.read_text().split()]
    assert len(children) >= 2, "the workers did not start"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(c) for c in children)
    again = subprocess.run([*cmd, str(path)], capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr  # the lock was free; the rest was read
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM sources").fetchone()[0] == 300
