"""The corpus layer's cost per article against corpus size, with the articles held fixed.

    .venv/bin/python bench/corpus_curve.py [--sizes 250,500,1000,2000] [--probe 200]
                                           [--repeat 3] [--workers 2]

`bench/ingest.py --linking` times each corpus step over windows of one growing ingest, so
its curve mixes corpus size with what the articles of each window happen to hold. Here the
content is held fixed: the same `--probe` BBC articles are written (`store.write` with the
corpus hooks, as an ingest writes a batch of 20) into stores that already hold a corpus of
each size, and each step's CPU time per probe article is compared across sizes. The corpus
of size s is the s BBC articles just before the probe (the i-th dated day i // 20 of 2005,
as in `bench/ingest.py`), so the probe always arrives right after its corpus, and story and
event windows see the same recency at every size. Every article is read once (`read_many`),
each corpus is written once into a file, and each probe run writes into a fresh copy of it;
the median of `--repeat` runs is printed, with the ratio of each size's cost to the
smallest size's. Flat per article means ratios near 1 as the corpus grows (a B-tree's depth
grows with the log of its rows, so a slow rise is what an index-bound step looks like).
Each step's read calls per probe article ("reads:" and the step) count the pages SQLite read
from the file rather than from its page cache (each probe starts with an empty cache, as
each daily ingest does): the part of a step's rise that is the database outgrowing what a
batch finds cached, apart from the rows it reads. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import CORPUS, bbc_inputs

from newsgraph.link import CORPUS_HOOKS
from newsgraph.model import Article
from newsgraph.pipeline import read_many
from newsgraph.store import Outcome, SqliteStore, Store

BATCH = 20  # articles per transaction, as `Ingest` commits them


class StepClock:
    """The corpus hooks, each one's CPU time (this thread) and read calls (pages SQLite
    read from the file, not from its cache) added up over the batches."""

    def __init__(self) -> None:
        self.cpu = {hook.__name__: 0.0 for hook in CORPUS_HOOKS}
        self.reads = {hook.__name__: 0 for hook in CORPUS_HOOKS}
        self.articles = 0

    def __call__(self, store: Store, articles: Sequence[Article]) -> None:
        for hook in CORPUS_HOOKS:
            start, reads = time.thread_time(), read_calls()
            hook(store, articles)
            self.cpu[hook.__name__] += time.thread_time() - start
            self.reads[hook.__name__] += read_calls() - reads
        self.articles += len(articles)

    def per_article(self) -> dict[str, float]:
        """Milliseconds per article of each step, and of all; read calls per article of
        each ("reads:" and the step)."""
        n = max(self.articles, 1)
        ms = {k: 1000 * v / n for k, v in self.cpu.items()}
        reads = {f"reads:{k}": v / n for k, v in self.reads.items()}
        return {**ms, "all": sum(ms.values()), **reads}


def read_calls() -> int:
    """Read system calls of this process so far (Linux `/proc/self/io`; 0 elsewhere)."""
    try:
        for line in Path("/proc/self/io").read_text().splitlines():
            if line.startswith("syscr:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def write(db: Path, articles: Sequence[Article], hooks: Sequence[Any]) -> None:
    """Write the articles into the store at `db` in batches, with the hooks."""
    store = SqliteStore(db)
    try:
        for i in range(0, len(articles), BATCH):
            batch = articles[i : i + BATCH]
            store.write([Outcome(f"bbc/{a.id}", article=a) for a in batch], hooks)
    finally:
        store.close()


def copy(source: Path, target: Path) -> None:
    """A consistent copy of a SQLite file (its WAL included), by SQLite's backup."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def curve(
    articles: Sequence[Article], sizes: Sequence[int], probe: int, repeat: int, tmp: Path
) -> dict[str, Any]:
    """Each step's median ms per probe article at each corpus size (lists in `sizes`
    order), and its ratio to the first size's. One untimed probe run comes first: the
    lookups a process loads on first use (country names, the story model) are not a cost of
    corpus size."""
    probe_articles = articles[-probe:]
    before = articles[:-probe]
    write(tmp / "warm-up.db", probe_articles, CORPUS_HOOKS)
    medians: list[dict[str, float]] = []
    for size in sizes:
        base = tmp / f"corpus-{size}.db"
        write(base, before[len(before) - size :], CORPUS_HOOKS)
        runs = []
        for run in range(repeat):
            db = tmp / f"probe-{size}-{run}.db"
            copy(base, db)
            clock = StepClock()
            write(db, probe_articles, (clock,))
            runs.append(clock.per_article())
            for path in tmp.glob(f"probe-{size}-{run}.db*"):
                path.unlink()
        medians.append({k: statistics.median(r[k] for r in runs) for k in runs[0]})
    steps = list(medians[0])
    return {
        "sizes": list(sizes),
        "ms_per_probe_article": {k: [round(m[k], 3) for m in medians] for k in steps},
        "ratio_to_smallest": {
            k: [round(m[k] / medians[0][k], 2) if medians[0][k] else None for m in medians]
            for k in steps
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,500,1000,2000")
    parser.add_argument("--probe", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",")})
    if not (CORPUS / "bbc").is_dir():
        print(f"BBC corpus not found under {CORPUS}", file=sys.stderr)
        return 2
    items = bbc_inputs(sizes[-1] + args.probe, dated=True)
    if len(items) < sizes[-1] + args.probe:
        print(f"only {len(items)} BBC articles: sizes + probe must fit", file=sys.stderr)
        return 2
    start = time.perf_counter()
    articles = [a for a in read_many(items, n_process=args.workers) if isinstance(a, Article)]
    read_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        result = curve(articles, sizes, args.probe, args.repeat, Path(tmp))
    result.update(
        articles=len(articles), probe=args.probe, repeat=args.repeat, read_s=round(read_s, 1)
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
