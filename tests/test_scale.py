"""The same corpus through SQLite and PostgreSQL, the local engine and Ray: identical stores,
the corpus layer included (the same corpus entity ids, keys, names, links and co-occurrence).

One Ray runtime (2 CPUs, started here) serves every test of the module. The corpus is the
kill -9 test's: 24 BBC articles of one publisher sharing a promo line (JSON Lines), three
near-copies and an empty file, so duplicates, learned residue and rejections all occur.
Hostile inputs (issue 19) and retried rejections end alike on Ray and locally too.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsgraph.cli import main
from newsgraph.store import open_store
from tests.conftest import new_schema
from tests.test_ingest import _crash_inputs, kill_mid_run, snapshot

QUERIES = ("mobile phone", "broadband", "said", "games console", "record")

# Run as a script by the kill -9 test: a Ray ingest with small transactions.
SCRIPT = """
import sys
from newsgraph.scale import ray as engine

db, folder, address = sys.argv[1], sys.argv[2], sys.argv[3]
options = {"format": "auto", "published": None, "mapping": None}
engine.ingest([folder], db, options, workers=1, address=address, commit_every=3)
"""


@pytest.fixture(scope="module")
def ray_address() -> Iterator[str]:
    """A local Ray runtime for the module's tests (stopped after them)."""
    try:
        from newsgraph.scale import ray as engine
    except ImportError as err:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Ray is not installed ({err}): pip install newsgraph[ray]")
        pytest.skip(f"Ray is not installed ({err}): pip install newsgraph[ray]")
    started = engine.start(num_cpus=2)
    import ray

    try:
        yield str(ray.get_runtime_context().gcs_address)
    finally:
        if started:
            engine.stop()


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scale") / "in"
    _crash_inputs(folder)
    return folder


def _ingest(folder: Path, db: str, *engine: str) -> int:
    return main(["ingest", str(folder), "--db", db, "--workers", "2", "--quiet", *engine])


def _reading(db: str) -> dict[str, Any]:
    """What a user sees: every stored fact, the quotes and the hits of a few searches."""
    with open_store(db, create=False) as store:
        search = {q: [(h["kind"], h["article_id"]) for h in store.search(q, 50)] for q in QUERIES}
        return {
            "snapshot": snapshot(db),
            "quotes": store.quotes(None, None, 10_000),
            "search": search,
        }


@pytest.fixture(scope="module")
def reference(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The local engine into SQLite."""
    db = str(tmp_path_factory.mktemp("ref") / "local.db")
    assert _ingest(corpus_dir, db) == 1  # the empty file is rejected
    return _reading(db)


def test_local_and_ray_on_sqlite_and_postgresql_store_the_same(
    corpus_dir: Path,
    reference: dict[str, Any],
    ray_address: str,
    postgres_server: str,
    tmp_path: Path,
) -> None:
    stats = reference["snapshot"]["stats"]
    assert (stats["articles"], stats["duplicates"], stats["rejections"]) == (24, 3, 1)
    assert stats["residue_lines"] == 1 and reference["quotes"]
    assert stats["corpus_entities"] and reference["snapshot"]["corpus_links"]
    assert all(reference["search"][q] for q in QUERIES)
    ray_sqlite, kept = str(tmp_path / "ray.db"), str(tmp_path / "shards")
    ray = ["--engine", "ray", "--ray-address", ray_address]
    assert _ingest(corpus_dir, ray_sqlite, *ray, "--shards", kept) == 1
    assert _reading(ray_sqlite) == reference
    loaded = str(tmp_path / "loaded.db")  # the kept shards load into another store alike
    assert main(["load", kept, "--db", loaded]) == 1
    assert main(["load", kept, "--db", loaded]) == 0  # loaded again: nothing added
    assert _reading(loaded) == reference
    with new_schema(postgres_server) as local_pg, new_schema(postgres_server) as ray_pg:
        assert _ingest(corpus_dir, local_pg) == 1
        pg = _reading(local_pg)
        assert pg["snapshot"] == reference["snapshot"] and pg["quotes"] == reference["quotes"]
        for q in QUERIES:  # bm25 and ts_rank_cd order equal ranks apart: the same hits
            assert sorted(pg["search"][q]) == sorted(reference["search"][q]), q
        assert _ingest(corpus_dir, ray_pg, *ray) == 1
        assert _reading(ray_pg) == pg
        assert _ingest(corpus_dir, ray_pg, *ray) == 0
        assert _reading(ray_pg) == pg  # run again: everything already stored, nothing added


def test_kill_9_of_a_ray_ingest_resumes_to_the_same_store(
    corpus_dir: Path, reference: dict[str, Any], ray_address: str, postgres_url: str, tmp_path: Path
) -> None:
    script = tmp_path / "ray_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    log = tmp_path / "ray.log"

    def run() -> subprocess.Popen[bytes]:
        with log.open("ab") as out:
            args = [sys.executable, str(script), postgres_url, str(corpus_dir), ray_address]
            return subprocess.Popen(args, stderr=out)

    proc = run()
    at_kill = kill_mid_run(proc, postgres_url)
    assert proc.returncode == -signal.SIGKILL, log.read_text()
    assert 0 < at_kill < reference["snapshot"]["stats"]["sources"]
    resumed = run()
    assert resumed.wait(timeout=300) == 0, log.read_text()
    assert snapshot(postgres_url) == reference["snapshot"]


def _hostile_inputs(folder: Path) -> Path:
    """Inputs that once crashed, vanished or read the clock; a source that is missing yet."""
    folder.mkdir()
    good = "Council approves budget\n\nThe city council approved its budget on Monday.\n"
    (folder / "a[1].txt").write_text(good)  # a glob character in a file name
    with open(os.fsencode(folder) + b"/b\xff.txt", "wb") as f:  # not UTF-8
        f.write(b"Harbour reopens\n\nThe harbour reopened to ships after the storm passed.\n")
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    records = [
        {"title": "Storm hits coast", "text": "The storm \ud83d hit,\u0000 police said."},
        {"title": "Dates", "text": "The mayor spoke on the plan.", "date_publish": "in 2 days"},
    ]
    (folder / "odd.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    (folder / "empty.txt").write_text("")
    (folder / "dangling").symlink_to(folder / "nowhere")
    os.mkfifo(folder / "fifo")
    return folder.parent / "late.txt"


def test_hostile_inputs_and_retries_end_alike_on_ray_and_locally(
    ray_address: str, postgres_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "hostile"
    late = _hostile_inputs(folder)
    local, ray_sqlite = str(tmp_path / "local.db"), str(tmp_path / "ray.db")
    ray = ["--engine", "ray", "--ray-address", ray_address]

    def ingest(db: str, *extra: str) -> int:
        return main(["ingest", str(folder), str(late), "--db", db, "--quiet", *extra])

    assert ingest(local) == 1
    reference = snapshot(local)
    kinds = {r["input"]: (r["type"], r["retryable"]) for r in reference["rejections"]}
    assert kinds == {
        f"{folder}/dangling": ("NotAFile", False),
        f"{folder}/deep.json": ("BrokenJSON", False),
        f"{folder}/empty.txt": ("EmptyInput", False),
        f"{folder}/fifo": ("NotAFile", False),
        str(late): ("NotFound", True),
    }
    assert reference["stats"]["articles"] == 4  # a[1], b\xff, the storm, the dates
    for db in (ray_sqlite, postgres_url):
        assert ingest(db, *ray) == 1
        assert snapshot(db) == reference, db
    late.write_text("Late news\n\nThe late story came in on Friday after the vote.\n")
    (folder / "empty.txt").write_text("Empty no more\n\nThe file was written again.\n")
    assert ingest(local) == 0  # the missing file is read by itself, the empty one is not
    assert ingest(local, "--retry-rejected") == 1  # now read; only the others are left
    reference = snapshot(local)
    assert reference["stats"]["rejections"] == 3
    for db in (ray_sqlite, postgres_url):
        assert ingest(db, *ray) == 0
        assert ingest(db, *ray, "--retry-rejected") == 1
        assert snapshot(db) == reference, db


def test_load_refuses_a_missing_shard_folder(tmp_path: Path) -> None:
    assert main(["load", str(tmp_path / "none"), "--db", str(tmp_path / "x.db")]) == 2
