"""Ingest throughput against the reading alone over the BBC corpus, and DB size per article.

    .venv/bin/python bench/ingest.py [--n 300] [--workers 2]

    .venv/bin/python bench/ingest.py --stories 500,1000,2000 [--keep stories.db]

Reads the first N BBC articles (round robin over the five sections) with `read_many` alone
and through `Ingest` into a fresh SQLite file (near-duplicates, residue learning, store),
alternately, `--repeat` times each. Prints one JSON object: articles/s of each (best run),
the store's share on top of the reading (goal ≤ 10%) by wall clock and by CPU time (this
process and its workers: robust when other jobs share the cores), time inside
`store.write`, and database bytes per article.

`--stories` measures story assignment alone: the articles are read once (timed), then
written in ingest batches of 64 with the story linker, its time per article summed over each
stretch of the corpus (up to 500, 500 to 1,000, …). Printed per stretch: milliseconds per
article of the linker and of the whole write, and the linker's share of ingest time (its
seconds over reading plus writing the same articles; goal ≤ 10%, flat as the corpus grows).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from itertools import zip_longest
from pathlib import Path
from typing import Any

from newsgraph.ingest.job import Ingest
from newsgraph.link.stories import StoryLinker
from newsgraph.model import Article
from newsgraph.pipeline import Input, read_many
from newsgraph.store import Outcome, SqliteStore
from newsgraph.text.decode import decode_bytes

CORPUS = Path(os.environ.get("NEWSGRAPH_CORPUS", Path(__file__).parents[2] / "shared" / "corpus"))


def bbc_inputs(n: int) -> list[Input]:
    """The first n BBC articles, taking one from each section in turn."""
    sections = sorted(p for p in (CORPUS / "bbc").iterdir() if p.is_dir())
    files = [sorted(s.glob("*.txt")) for s in sections]
    ordered = [f for group in zip_longest(*files) for f in group if f is not None][:n]
    return [
        Input(decode_bytes(f.read_bytes()), name=f"{f.parent.name}/{f.name}", publisher="BBC")
        for f in ordered
    ]


class TimedStore(SqliteStore):
    """A SqliteStore that adds up the seconds spent writing."""

    seconds = 0.0

    def write(self, outcomes: Sequence[Outcome], link: Any = None) -> dict[str, int]:
        start = time.perf_counter()
        try:
            return super().write(outcomes, link)
        finally:
            self.seconds += time.perf_counter() - start


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _timed(job: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (this process and its finished workers) of a job."""
    wall, cpu = time.perf_counter(), _cpu()
    job()
    return time.perf_counter() - wall, _cpu() - cpu


class TimedLinker(StoryLinker):
    """A StoryLinker that adds up the seconds spent assigning stories."""

    seconds = 0.0

    def add(self, *args: Any, **kwargs: Any) -> str:
        start = time.perf_counter()
        try:
            return super().add(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - start


def stories(marks: list[int], workers: int, keep: Path | None) -> dict[str, Any]:
    """The story linker's cost over stretches of a growing BBC corpus."""
    items = bbc_inputs(max(marks))
    list(read_many(items[:4]))
    start = time.perf_counter()
    results = list(read_many(items, n_process=workers))
    read_per_article = (time.perf_counter() - start) / len(items)
    with tempfile.TemporaryDirectory() as tmp:
        store = TimedStore(keep or Path(tmp) / "stories.db")
        linker = TimedLinker(store)
        rows, done, before = [], 0, (0.0, 0.0)
        outcomes = [
            Outcome(i.name, article=r) for i, r in zip(items, results, strict=True)
            if isinstance(r, Article)
        ]
        for mark in marks:
            while done < min(mark, len(outcomes)):
                end = min(done + 64, mark, len(outcomes))
                store.write(outcomes[done:end], link=linker.add)
                done = end
            n = done - rows[-1]["up_to"] if rows else done
            link_s, write_s = linker.seconds - before[0], store.seconds - before[1]
            before = (linker.seconds, store.seconds)
            rows.append({
                "up_to": done,
                "story_ms_per_article": round(1000 * link_s / n, 2),
                "write_ms_per_article": round(1000 * write_s / n, 2),
                "read_ms_per_article": round(1000 * read_per_article, 2),
                "story_share_of_ingest": round(link_s / (read_per_article * n + write_s), 4),
            })
        counted = store.stats()
        store.close()
    return {"articles": len(outcomes), "stories": counted["stories"], "stretches": rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="articles (default 300)")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each (default 2)")
    parser.add_argument("--stories", help="story cost at these corpus sizes: 500,1000,2000")
    parser.add_argument("--keep", type=Path, help="with --stories: keep the database here")
    args = parser.parse_args()
    if not (CORPUS / "bbc").is_dir():
        print(f"bench: no BBC corpus at {CORPUS / 'bbc'}", file=sys.stderr)
        return 2
    if args.stories:
        marks = sorted(int(m) for m in args.stories.split(","))
        print(json.dumps(stories(marks, args.workers, args.keep), indent=2))
        return 0
    items = bbc_inputs(args.n)
    words = sum(len(i.text.split()) for i in items)
    list(read_many(items[:4]))  # model and extractor data loaded before either timing
    reads, ingests = [], []
    for _ in range(args.repeat):
        reads.append(_timed(lambda: sum(1 for _ in read_many(items, n_process=args.workers))))
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.db"
            store = TimedStore(db)
            run = Ingest(store, workers=args.workers)
            ingests.append(_timed(partial(run.run, items)))
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            store.close()
            size = db.stat().st_size
            summary = run.summary
    read_seconds, read_cpu = min(r[0] for r in reads), min(r[1] for r in reads)
    ingest_seconds, ingest_cpu = min(r[0] for r in ingests), min(r[1] for r in ingests)
    per_read = len(items) / max(summary.stored + summary.rejected, 1)
    result = {
        "articles": len(items),
        "words": words,
        "workers": args.workers,
        "read_seconds": round(read_seconds, 2),
        "read_articles_per_s": round(len(items) / read_seconds, 2),
        "ingest_seconds": round(ingest_seconds, 2),
        "ingest_articles_per_s": round(len(items) / ingest_seconds, 2),
        "overhead": round(ingest_seconds / read_seconds - 1, 4),
        "read_cpu_seconds": round(read_cpu, 2),
        "ingest_cpu_seconds": round(ingest_cpu, 2),
        "overhead_cpu": round(ingest_cpu / read_cpu - 1, 4),
        # per article read: the ingest reads no duplicate, the reading alone reads them all
        "overhead_per_read_article": round(per_read * ingest_seconds / read_seconds - 1, 4),
        "overhead_cpu_per_read_article": round(per_read * ingest_cpu / read_cpu - 1, 4),
        "store_write_seconds": round(store.seconds, 2),  # of the last run
        "stored": summary.stored,
        "duplicates": summary.duplicates,
        "rejected": summary.rejected,
        "db_bytes": size,
        "db_bytes_per_article": round(size / max(summary.stored, 1)),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
