"""Ingest with the model: nothing lost, idempotent, near-duplicates, learned residue, kill -9,
on SQLite and on PostgreSQL (a kill -9 on either resumes to what SQLite holds after a run
that was never interrupted), the corpus entities too: the same ids after a crash and resume,
in any worker count, and when two PostgreSQL ingests write at once.

Inputs are built here from the shared corpus (seed text, Giveme5W1H JSON, BBC text files),
as the input readers would build them.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from newsgraph.errors import ConfigError
from newsgraph.ingest.job import Ingest
from newsgraph.model import Rejection
from newsgraph.pipeline import Input
from newsgraph.store import open_store
from newsgraph.text.decode import decode_bytes

CORPUS = Path(__file__).parents[2] / "shared" / "corpus"
PROMO = "Sign up for the Example News daily briefing"

# Run as a script by the kill -9 test: the readers over one folder, small transactions.
SCRIPT = """
import sys
from newsgraph.ingest.job import Ingest
from newsgraph.ingest import iter_inputs
from newsgraph.store import open_store

db, workers, commit_every, folder = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
with open_store(db) as store:
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


def _sorted(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return sorted(tuple(r.values()) for r in rows)


def snapshot(db: str) -> dict[str, Any]:
    """Everything an ingest decides, comparable across runs and backends (times and sizes
    left out)."""
    with open_store(db, create=False) as store:
        stats = store.stats()
        stats.pop("bytes")
        return {
            "stats": stats,
            "articles": _sorted(store.rows("SELECT id FROM articles")),
            "sources": _sorted(store.rows("SELECT name, outcome FROM sources")),
            "duplicates": store.duplicates(),
            "rejections": store.rejections(),
            "residue": _sorted(store.rows("SELECT * FROM residue_lines")),
            "lines": _sorted(store.rows("SELECT * FROM line_counts")),
            "json": sorted(json.dumps(a, sort_keys=True) for a in store.iter_articles()),
            # the corpus layer: the same ids, names and links in any worker count, after a crash
            "corpus_links": sorted(
                (r["article_id"], r["entity"], r["corpus_entity"] or "", r["reason"])
                for r in store.corpus_links()
            ),
            "corpus_entities": _sorted(store.rows("SELECT * FROM corpus_entities")),
            "corpus_keys": _sorted(store.rows("SELECT * FROM corpus_keys")),
            "corpus_names": _sorted(store.rows("SELECT * FROM corpus_names")),
            "corpus_cooccur": _sorted(store.rows("SELECT * FROM corpus_cooccur")),
            # corpus events: the same ids, reports, participants and windows
            "corpus_events": _sorted(store.rows("SELECT * FROM corpus_events")),
            "corpus_event_links": _sorted(store.rows(
                "SELECT a.id, l.event, l.corpus_event, l.participants, l.place "
                "FROM corpus_event_links l JOIN articles a ON a.n = l.article"
            )),
            "corpus_event_entities": _sorted(store.rows("SELECT * FROM corpus_event_entities")),
            "corpus_event_roles": _sorted(store.rows("SELECT * FROM corpus_event_roles")),
            "corpus_event_redirects": _sorted(
                store.rows("SELECT * FROM corpus_event_redirects")
            ),
            # stories: the same stories, members, index and frequencies (rows by article id)
            "stories": sorted(
                (r["id"], r["label"], r["first"], r["last"], r["size"], bytes(r["profile"]))
                for r in store.rows("SELECT * FROM stories")
            ),
            "story_articles": _sorted(store.rows("SELECT article, story, day FROM story_articles")),
            "story_keys": _sorted(
                store.rows(
                    "SELECT k.key, a.id, k.story, k.day FROM story_keys k "
                    "JOIN articles a ON a.n = k.n"
                )
            ),
            "story_df": _sorted(store.rows("SELECT term, df FROM story_df")),
        }


def test_every_input_is_accounted_for_and_a_second_run_adds_nothing(db_url: str) -> None:
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
    with open_store(db_url) as store:
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


def test_lines_recurring_across_a_publisher_are_learned_and_removed(db_url: str) -> None:
    items = []
    for item in bbc_inputs(5, "tech", publisher="Example News"):
        title, rest = item.text.split("\n", 1)
        items.append(Input(f"{title}\n{PROMO}\n{rest}", name=item.name, publisher="Example News"))
    with open_store(db_url) as store:
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
        residue = store.rows("SELECT publisher, line, learned_from FROM residue_lines")
        assert _sorted(residue) == [("Example News", PROMO, items[2].name)]


def _ingest(
    db: str, workers: int, commit_every: int, work: Path, log: str
) -> subprocess.Popen[bytes]:
    with (work / f"{log}.log").open("ab") as out:
        return subprocess.Popen(
            [sys.executable, str(work / "script.py"), db, str(workers), str(commit_every),
             str(work / "in")],
            stderr=out,
        )


def _sources(db: str) -> int:
    try:
        with open_store(db, create=False) as store:
            return int(store.stats()["sources"])
    except ConfigError:
        return 0


def kill_mid_run(proc: subprocess.Popen[bytes], db: str, after: int = 6) -> int:
    """kill -9 an ingest once the store holds `after` inputs; how many it held then."""
    deadline = time.monotonic() + 300
    while _sources(db) < after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return _sources(db)


@pytest.fixture(scope="module")
def crash_work(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The inputs of the kill -9 test and the snapshot of an uninterrupted SQLite run."""
    work = tmp_path_factory.mktemp("crash")
    (work / "script.py").write_text(SCRIPT, encoding="utf-8")
    _crash_inputs(work / "in")
    reference = str(work / "reference.db")
    done = _ingest(reference, 2, 4, work, "reference")
    assert done.wait(timeout=300) == 0, (work / "reference.log").read_text()
    return work, snapshot(reference)


def test_kill_9_then_the_same_ingest_ends_as_an_uninterrupted_run(
    db_url: str, crash_work: tuple[Path, dict[str, Any]]
) -> None:
    work, reference = crash_work
    log = f"crashed-{time.monotonic_ns()}"
    proc = _ingest(db_url, 1, 4, work, log)
    at_kill = kill_mid_run(proc, db_url)
    total = reference["stats"]["sources"]
    text = (work / f"{log}.log").read_text()
    assert proc.returncode == -signal.SIGKILL, f"the ingest ended before the kill: {text}"
    assert 0 < at_kill < total, "the kill must land in the middle of the ingest"

    resumed = _ingest(db_url, 1, 4, work, log)
    assert resumed.wait(timeout=300) == 0, (work / f"{log}.log").read_text()
    result = snapshot(db_url)
    assert result == reference
    assert result["stats"]["duplicates"] == 3 and result["stats"]["rejections"] == 1
    assert result["stats"]["residue_lines"] == 1
    assert result["corpus_entities"] and result["corpus_links"] and result["corpus_events"]


def test_two_ingests_at_once_on_postgresql_store_each_input_once(
    postgres_url: str, crash_work: tuple[Path, dict[str, Any]]
) -> None:
    """Two processes over the same inputs at once: unique keys decide who stores each input,
    and each decides as a lone ingest would, so the store is the uninterrupted run's."""
    work, reference = crash_work
    procs = [_ingest(postgres_url, 1, 3, work, f"both-{i}-{time.monotonic_ns()}") for i in (1, 2)]
    codes = [p.wait(timeout=600) for p in procs]
    assert all(code in (0, 1) for code in codes), codes  # 1: the empty file was rejected
    assert snapshot(postgres_url) == reference
