"""Ingest with the model: nothing lost, idempotent, near-duplicates, learned residue, kill -9.

Inputs are built here from the shared corpus (seed text, Giveme5W1H JSON, BBC text files),
as the input readers would build them.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from newsgraph.ingest.job import Ingest
from newsgraph.model import Rejection
from newsgraph.pipeline import Input
from newsgraph.store import SqliteStore
from newsgraph.text.decode import decode_bytes

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"
PROMO = "Sign up for the Example News daily briefing"

# Run as a script by the kill -9 test: the readers over one folder, small transactions.
SCRIPT = """
import sys
from newsgraph.ingest.job import Ingest
from newsgraph.ingest import iter_inputs
from newsgraph.store import SqliteStore

db, workers, commit_every, folder = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
with SqliteStore(db) as store:
    Ingest(store, workers=workers, commit_every=commit_every).run(iter_inputs([folder]))
"""


def _crash_inputs(folder: Path) -> None:
    """24 BBC articles of one publisher sharing a promo line (JSON Lines, so each has a
    publisher), three near-copies and an empty file."""
    folder.mkdir()
    records = []
    for i, f in enumerate(sorted((_corpus() / "bbc" / "tech").glob("*.txt"))[:24]):
        title, body = decode_bytes(f.read_bytes()).split("\n", 1)
        record = {"title": title, "text": f"{PROMO}\n{body}", "source_domain": "example.com"}
        records.append(json.dumps(record))
        if i % 7 == 3:
            (folder / f"copy-{f.name}").write_text(f"{title}\n{body}\nShared by a reader.\n")
    (folder / "articles.jsonl").write_text("\n".join(records) + "\n", "utf-8")
    (folder / "empty.txt").write_text("")


def _corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


def bbc_inputs(n: int, section: str = "business", publisher: str | None = None) -> list[Input]:
    files = sorted((_corpus() / "bbc" / section).glob("*.txt"))[:n]
    return [
        Input(decode_bytes(f.read_bytes()), name=f"bbc/{section}/{f.name}", publisher=publisher)
        for f in files
    ]


def giveme_inputs(n: int) -> list[Input]:
    items = []
    for f in sorted((_corpus() / "giveme5w1h" / "gold-dev").glob("*.json"))[:n]:
        d = json.loads(f.read_text("utf-8"))
        parts = [d.get("title"), d.get("description"), d.get("text")]
        text = "\n\n".join(p for p in parts if p)
        items.append(
            Input(text, d.get("date_publish"), d.get("url"), d.get("publisher"), name=f.name)
        )
    return items


def _snapshot(db: Path) -> dict[str, Any]:
    """Everything an ingest decides, comparable across runs (times and sizes left out)."""
    with SqliteStore(db) as store:
        stats = store.stats()
        stats.pop("bytes")
        c = store.conn
        return {
            "stats": stats,
            "articles": sorted(r[0] for r in c.execute("SELECT id FROM articles")),
            "sources": sorted(tuple(r) for r in c.execute("SELECT name, outcome FROM sources")),
            "duplicates": store.duplicates(),
            "rejections": store.rejections(),
            "residue": sorted(tuple(r) for r in c.execute("SELECT * FROM residue_lines")),
            "lines": sorted(tuple(r) for r in c.execute("SELECT * FROM line_counts")),
            "json": sorted(json.dumps(a, sort_keys=True) for a in store.iter_articles()),
            **{
                table: sorted(tuple(r) for r in c.execute(f"SELECT * FROM {table}"))
                for table in ("stories", "story_articles", "story_keys", "story_df")
            },
        }


def test_every_input_is_accounted_for_and_a_second_run_adds_nothing(tmp_path: Path) -> None:
    seed = (_corpus() / "seed" / "abcnews-milley-taliban.txt").read_text("utf-8")
    bbc = bbc_inputs(5)
    items: list[Input | Rejection] = [
        Input(seed, published="2020-12-16", name="seed"),
        *bbc,
        *giveme_inputs(2),
        Input(bbc[0].text + "\nThis story was shared by a reader.", name="near-copy"),
        Input(bbc[1].text, name="exact-copy"),
        Input("", name="empty"),
        Input("\x01\x02\x03 binary \x04\x05\x06" * 50, name="binary"),
        Rejection("feed.jsonl#3", "parse", "JSONDecodeError", "Expecting value: line 1"),
    ]
    with SqliteStore(tmp_path / "n.db") as store:
        summary = Ingest(store, commit_every=3).run(items)
        assert (summary.stored, summary.duplicates, summary.rejected) == (8, 2, 3)
        assert summary.read == len(items) and summary.skipped == 0
        stats = store.stats()
        assert stats["sources"] == len(items)
        assert stats["articles"] + stats["duplicates"] + stats["rejections"] == len(items)
        assert {d["input"]: d["original"] for d in store.duplicates()} == {
            "near-copy": bbc[0].name,
            "exact-copy": bbc[1].name,
        }
        assert {r["input"]: r["stage"] for r in store.rejections()} == {
            "empty": "decode",
            "binary": "decode",
            "feed.jsonl#3": "parse",
        }
        again = Ingest(store).run(items)
        assert (again.stored, again.duplicates, again.rejected, again.skipped) == (
            0,
            0,
            0,
            len(items),
        )
        assert store.stats() == stats | {"bytes": store.stats()["bytes"]}
        hits = store.search("reduction in violence", 5)
        assert hits and hits[0]["title"] == "Top US general meets with Taliban negotiators"


def test_lines_recurring_across_a_publisher_are_learned_and_removed(tmp_path: Path) -> None:
    items = []
    for item in bbc_inputs(5, "tech", publisher="Example News"):
        title, rest = item.text.split("\n", 1)
        items.append(Input(f"{title}\n{PROMO}\n{rest}", name=item.name, publisher="Example News"))
    with SqliteStore(tmp_path / "r.db") as store:
        Ingest(store).run(items)
        articles = list(store.iter_articles())
        reason = "recurring line of Example News"
        for i, article in enumerate(articles):
            learned = [r for r in article["residue"] if r["reason"] == reason]
            if i < 3:  # seen in fewer than three articles when these were read
                assert not learned
            else:
                assert PROMO not in article["text"]
                assert learned == [{"line": PROMO, "reason": reason}]
        residue = store.conn.execute("SELECT publisher, line, learned_from FROM residue_lines")
        assert [tuple(r) for r in residue] == [("Example News", PROMO, items[2].name)]


def _ingest(db: Path, workers: int, commit_every: int, script: Path) -> subprocess.Popen[bytes]:
    folder = script.parent / "in"
    with (db.parent / f"{db.stem}.log").open("ab") as log:
        return subprocess.Popen(
            [sys.executable, str(script), str(db), str(workers), str(commit_every), str(folder)],
            stderr=log,
        )


def _sources(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT count(*) FROM sources").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_kill_9_then_the_same_ingest_ends_as_an_uninterrupted_run(tmp_path: Path) -> None:
    script = tmp_path / "ingest_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    _crash_inputs(tmp_path / "in")
    reference = tmp_path / "reference.db"
    done = _ingest(reference, 2, 4, script)
    assert done.wait(timeout=300) == 0, (tmp_path / "reference.log").read_text()

    crashed = tmp_path / "crashed.db"
    proc = _ingest(crashed, 1, 4, script)
    deadline = time.monotonic() + 300
    while _sources(crashed) < 6 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    at_kill = _sources(crashed)
    total = _snapshot(reference)["stats"]["sources"]
    log = (tmp_path / "crashed.log").read_text()
    assert proc.returncode == -signal.SIGKILL, f"the ingest ended before the kill: {log}"
    assert 0 < at_kill < total, "the kill must land in the middle of the ingest"

    resumed = _ingest(crashed, 1, 4, script)
    assert resumed.wait(timeout=300) == 0, (tmp_path / "crashed.log").read_text()
    snapshot = _snapshot(crashed)
    assert snapshot == _snapshot(reference)
    assert snapshot["stats"]["duplicates"] == 3 and snapshot["stats"]["rejections"] == 1
    assert snapshot["stats"]["residue_lines"] == 1
