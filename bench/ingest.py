"""Ingest throughput against the reading alone over the BBC corpus, DB size per article,
and the memory curve of a long ingest.

    .venv/bin/python bench/ingest.py [--n 300] [--workers 2]
    .venv/bin/python bench/ingest.py --memory [--n 2225] [--workers 2] [--every 250]
    .venv/bin/python bench/ingest.py --linking [--n 2000] [--workers 2] [--marginal [--repeat 3]]

Reads the first N BBC articles (round robin over the five sections) with `read_many` alone
and through `Ingest` into a fresh SQLite file (near-duplicates, residue learning, store),
alternately, `--repeat` times each. Prints one JSON object: articles/s of each (best run),
the store's share on top of the reading (goal ≤ 10%) by wall clock and by CPU time (this
process and its workers: robust when other jobs share the cores), time inside
`store.write`, and database bytes per article. With `--memory`, one ingest of N articles
instead, sampling the resident memory (RSS, MB) of this process and of each worker every
`--every` inputs: the curve, and the growth per 1,000 inputs over its second half (flat is
near 0; what is left is the corpus state an ingest must keep: one MinHash per article read
and the counts of its short lines).

`--linking`: the cost of the corpus layer, each of its steps (`link.CORPUS_HOOKS`: linking
article entities to corpus entities, merging event reports into corpus events, assigning
stories) timed apart, inside each batch's transaction. The N articles are ingested once, then
again in 4 daily batches into a fresh database; for each, the share of the ingest's wall time
each step took (goal ≤ 10%) and its milliseconds per article over the windows that end at
250, 500, 1,000 and 2,000 articles (the curve: flat when a step reads indexes only), both by
the wall clock and by CPU time (the step's thread against every process of the ingest,
workers included: robust when other jobs share the cores), the share of the ingest's wall
time so far at 250, 500, 1,000 and 2,000 articles (`share_at`, with merging and stories
together: #14 asks at most 10% of them), and whether both runs gave the same corpus entity
and corpus event ids, links and stories. BBC texts carry no date, so here the i-th article is
given day i // 20 of 2005 (events then have windows of days, and merging has candidates to
look up). `--marginal` also ingests the N articles with no corpus step and with linking
only, `--repeat` times each, alternated with as many runs of all the steps (the first is the
run above): what each adds to the ingest's wall time so far (`marginal`, from the median run
of each at each point), the steps' real cost, without the time the writer spends waiting for
a core while the readers parse.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from itertools import zip_longest
from pathlib import Path
from typing import Any

from newsgraph.ingest.job import Ingest, Summary
from newsgraph.link import CORPUS_HOOKS
from newsgraph.model import Article
from newsgraph.pipeline import Input, read_many
from newsgraph.store import Outcome, SqliteStore, Store
from newsgraph.store.base import CorpusHook
from newsgraph.text.decode import decode_bytes

_PAIR = "merge_events+assign_stories"  # the two steps #14 bounds together
CORPUS = Path(os.environ.get("NEWSGRAPH_CORPUS", Path(__file__).parents[2] / "shared" / "corpus"))


def bbc_inputs(n: int, dated: bool = False) -> list[Input]:
    """The first n BBC articles, taking one from each section in turn (`dated`: the i-th
    published on day i // 20 of 2005)."""
    sections = sorted(p for p in (CORPUS / "bbc").iterdir() if p.is_dir())
    files = [sorted(s.glob("*.txt")) for s in sections]
    ordered = [f for group in zip_longest(*files) for f in group if f is not None][:n]
    first = dt.date(2005, 1, 1)
    return [
        Input(
            decode_bytes(f.read_bytes()),
            (first + dt.timedelta(days=i // 20)).isoformat() if dated else None,
            name=f"{f.parent.name}/{f.name}",
            publisher="BBC",
        )
        for i, f in enumerate(ordered)
    ]


class TimedStore(SqliteStore):
    """A SqliteStore that adds up the seconds spent writing."""

    seconds = 0.0

    def write(
        self, outcomes: Sequence[Outcome], hooks: Sequence[CorpusHook] = ()
    ) -> dict[str, int]:
        start = time.perf_counter()
        try:
            return super().write(outcomes, hooks)
        finally:
            self.seconds += time.perf_counter() - start


class TimedHooks:
    """The corpus hooks, each timed by the wall clock and by the CPU time of the thread that
    runs them (robust when other jobs share the cores): cumulative (articles, seconds per
    hook) after each batch."""

    def __init__(self, steps: int = len(CORPUS_HOOKS)) -> None:
        self.steps = steps  # only the first `steps` hooks run (the marginal runs: 0, 1)
        self.names = [hook.__name__ for hook in CORPUS_HOOKS]
        self.seconds = dict.fromkeys(self.names, 0.0)
        self.cpu = dict.fromkeys(self.names, 0.0)
        self.articles = 0
        self.started = time.perf_counter()  # the ingest's start (`_linking_run` sets it)
        Mark = tuple[int, dict[str, float], dict[str, float], float]
        self.marks: list[Mark] = [(0, dict(self.seconds), dict(self.cpu), 0.0)]

    def __call__(self, store: Store, articles: Sequence[Article]) -> None:
        for name, hook in zip(self.names[: self.steps], CORPUS_HOOKS[: self.steps], strict=True):
            start, cpu = time.perf_counter(), time.thread_time()
            hook(store, articles)
            self.seconds[name] += time.perf_counter() - start
            self.cpu[name] += time.thread_time() - cpu
        self.articles += len(articles)
        elapsed = time.perf_counter() - self.started
        self.marks.append((self.articles, dict(self.seconds), dict(self.cpu), elapsed))

    def shares(self, points: Sequence[int]) -> dict[str, dict[str, float]]:
        """The share of the ingest's wall time so far each hook took, at each point (the
        batch that ends nearest it), and that of merging and stories together (#14's
        goal: at most 10%, flat)."""
        out: dict[str, dict[str, float]] = {name: {} for name in [*self.names, _PAIR]}
        for point in points:
            articles, seconds, _, elapsed = min(self.marks, key=lambda m: abs(m[0] - point))
            for name in self.names:
                out[name][str(articles)] = round(seconds[name] / elapsed, 4)
            pair = sum(seconds[name] for name in _PAIR.split("+"))
            out[_PAIR][str(articles)] = round(pair / elapsed, 4)
        return out

    def curve(self, points: Sequence[int], cpu: bool = False) -> dict[str, dict[str, float]]:
        """Milliseconds per article of each hook in each window (previous point, point], by
        the wall clock or (`cpu`) the thread's CPU time."""
        out: dict[str, dict[str, float]] = {name: {} for name in self.names}
        last = self.marks[0]
        for point in points:
            mark = min(self.marks, key=lambda m: abs(m[0] - point))
            if mark[0] > last[0]:
                now, before = (mark[2], last[2]) if cpu else (mark[1], last[1])
                for name in self.names:
                    ms = 1000 * (now[name] - before[name]) / (mark[0] - last[0])
                    out[name][f"{last[0]}-{mark[0]}"] = round(ms, 3)
                last = mark
        return out


def _linking_run(
    items: list[Input], workers: int, days: int, db: Path, steps: int = len(CORPUS_HOOKS)
) -> dict[str, Any]:
    hooks = TimedHooks(steps)
    start, cpu = time.perf_counter(), _cpu()
    hooks.started = start
    size = -(-len(items) // days)
    for day in range(days):  # each day a new ingest job, as a daily cron would run it
        store = SqliteStore(db)
        Ingest(store, workers=workers, hooks=(hooks,)).run(items[day * size : (day + 1) * size])
        store.close()
    wall, cpu = time.perf_counter() - start, _cpu() - cpu
    points = [p for p in (250, 500, 1000, 2000) if p < hooks.articles] + [hooks.articles]
    with SqliteStore(db) as store:
        decided = sorted(
            (r["article_id"], r["entity"], r["corpus_entity"] or "") for r in store.corpus_links()
        )
        decided += sorted(
            (r["id"], r["event"], r["corpus_event"]) for r in store.rows(
                "SELECT a.id, l.event, l.corpus_event FROM corpus_event_links l "
                "JOIN articles a ON a.n = l.article"
            )
        )  # fmt: skip
        rows = store.rows("SELECT article, story FROM story_articles")
        decided += sorted((r["article"], r["story"], "") for r in rows)
        stats = store.stats()
        count = {k: stats[k] for k in ("corpus_entities", "events", "corpus_events", "stories")}
    return {
        "days": days,
        "articles_linked": hooks.articles,
        **count,
        "ingest_seconds": round(wall, 1),
        "seconds": {name: round(sec, 2) for name, sec in hooks.seconds.items()},
        "ingest_cpu_seconds": round(cpu, 1),
        "share": {name: round(sec / wall, 4) for name, sec in hooks.seconds.items()},
        "share_cpu": {name: round(sec / cpu, 4) for name, sec in hooks.cpu.items()},
        "share_at": hooks.shares(points),
        "ms_per_article": hooks.curve(points),
        "cpu_ms_per_article": hooks.curve(points, cpu=True),
        "decided": decided,
        "elapsed_at": {str(m[0]): m[3] for m in hooks.marks[1:]},
    }


def linking(
    items: list[Input], workers: int, marginal: bool = False, repeat: int = 1
) -> dict[str, Any]:
    """The --linking benchmark (module docstring)."""
    with tempfile.TemporaryDirectory() as tmp:
        once = _linking_run(items, workers, 1, Path(tmp) / "once.db")
        daily = _linking_run(items, workers, 4, Path(tmp) / "daily.db")
        # the marginal runs by steps run (none, linking only, all), alternated run by run
        elapsed: dict[int, list[dict[str, float]]] = {0: [], 1: [], len(CORPUS_HOOKS): []}
        elapsed[len(CORPUS_HOOKS)].append(once["elapsed_at"])
        for turn in range(repeat if marginal else 0):
            for steps in sorted(elapsed) if turn else (0, 1):
                db = Path(tmp) / f"{turn}-{steps}.db"
                elapsed[steps].append(_linking_run(items, workers, 1, db, steps)["elapsed_at"])
                db.unlink()
    same = once.pop("decided") == daily.pop("decided")
    out = {"articles": len(items), "workers": workers, "once": once, "daily": daily,
           "same_ids_links_and_stories": same}  # fmt: skip
    if marginal:
        full, none, linked = (elapsed[k] for k in (len(CORPUS_HOOKS), 0, 1))
        out["marginal"] = {"runs": repeat, **_marginal(full, none, linked)}
    for run in (once, daily):
        run.pop("elapsed_at")
    return out


def _marginal(
    full: Sequence[dict[str, float]],
    none: Sequence[dict[str, float]],
    linked: Sequence[dict[str, float]],
) -> dict[str, dict[str, float]]:
    """What the corpus layer adds to the ingest's wall time so far, as a share of the whole
    ingest's, at each point: linking (linking only against no corpus step), and merging with
    stories (all steps against linking only), from the median run of each configuration.
    Unlike a step's own wall time, this leaves out the time the writer waits for a core
    while the readers parse: the steps' real cost."""
    last = max(map(int, full[0]))

    def at(runs: Sequence[dict[str, float]], point: int) -> float:
        """The median over runs of the elapsed time at the batch that ends nearest it."""
        return statistics.median(
            run[str(min(map(int, run), key=lambda n: abs(n - point)))] for run in runs
        )

    out: dict[str, dict[str, float]] = {"link_entities": {}, _PAIR: {}}
    for point in [p for p in (250, 500, 1000, 2000) if p < last] + [last]:
        whole = at(full, point)
        out["link_entities"][str(point)] = round((at(linked, point) - at(none, point)) / whole, 4)
        out[_PAIR][str(point)] = round((whole - at(linked, point)) / whole, 4)
    return out


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _timed(job: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (this process and its finished workers) of a job."""
    wall, cpu = time.perf_counter(), _cpu()
    job()
    return time.perf_counter() - wall, _cpu() - cpu


def _memory(pid: int | str = "self") -> tuple[float, float]:
    """(RSS, PSS) of a process in MB (Linux /proc; 0 elsewhere). PSS shares each page among
    the processes that map it: forked workers touching the model's pages raise their RSS,
    not the sum of PSS."""
    found = {"Rss:": 0, "Pss:": 0}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            key, *rest = line.split()
            if key in found:
                found[key] = int(rest[0])
    except OSError:
        pass
    return round(found["Rss:"] / 1024, 1), round(found["Pss:"] / 1024, 1)


def _workers() -> list[int]:
    found: list[int] = []
    for task in Path("/proc/self/task").glob("*/children"):
        found += [int(pid) for pid in task.read_text().split()]
    return sorted(found)


def memory_curve(items: list[Input], workers: int, every: int) -> dict[str, object]:
    """RSS and PSS of this process and of its workers every `every` inputs of one ingest."""
    curve: list[dict[str, object]] = []
    totals: list[tuple[int, float]] = []  # inputs, PSS of every process together

    def sample(s: Summary) -> None:
        done = s.stored + s.duplicates + s.rejected + s.skipped
        if done >= every * (len(curve) + 1) or done == len(items):
            parent, kids = _memory(), [_memory(pid) for pid in _workers()]
            curve.append({
                "inputs": done, "parent_rss_mb": parent[0], "workers_rss_mb": [k[0] for k in kids],
                "total_pss_mb": round(parent[1] + sum(k[1] for k in kids), 1),
            })
            if kids:  # the last sample may come after the workers are gone
                totals.append((done, parent[1] + sum(k[1] for k in kids)))

    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore(Path(tmp) / "bench.db")
        Ingest(store, workers=workers, progress=sample).run(items)
        store.close()
    half = [t for t in totals if t[0] >= len(items) // 2] or totals
    (first, pss0), (last, pss1) = half[0], half[-1]
    return {
        "curve": curve,
        "pss_growth_mb_per_1000_inputs": round((pss1 - pss0) * 1000 / max(last - first, 1), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="articles (default 300)")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs of each (default 2; --marginal: an odd count)"
    )
    parser.add_argument("--memory", action="store_true", help="the memory curve of one ingest")
    parser.add_argument("--every", type=int, default=250, help="inputs between memory samples")
    parser.add_argument("--linking", action="store_true", help="the corpus layer's cost curve")
    parser.add_argument(
        "--marginal", action="store_true", help="with --linking: also ingest without the steps"
    )
    args = parser.parse_args()
    if not (CORPUS / "bbc").is_dir():
        print(f"bench: no BBC corpus at {CORPUS / 'bbc'}", file=sys.stderr)
        return 2
    if args.linking:
        items = bbc_inputs(args.n, dated=True)
        result = linking(items, args.workers, args.marginal, args.repeat)
        print(json.dumps(result, indent=2))
        return 0
    items = bbc_inputs(args.n)
    if args.memory:
        list(read_many(items[:4]))  # the model loaded (and shared by forked workers) first
        result = {"articles": len(items), "workers": args.workers, "every": args.every}
        print(json.dumps({**result, **memory_curve(items, args.workers, args.every)}, indent=2))
        return 0
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
