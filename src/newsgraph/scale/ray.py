"""`newsgraph ingest … --engine ray`: the same ingest on Ray Data. The only module that
imports Ray.

The dataset, stage by stage (every stage runs the functions the local engine runs):
1. read     the sources listed as read units (`ingest.read_units`: files, URLs) and read
            by tasks with `iter_inputs`, one row per input (WARC records, JSON lines, …);
2. decide   one actor that sees every input in input order (it puts the rows back in order
            itself) and runs the local engine's `Decider`: stored inputs skipped,
            near-copies linked, recurring lines learned — so ids, duplicates and learned
            residue are those of `--engine local`;
3. read     `map_batches` over an actor pool: a callable class that loads spaCy once per
            actor and reads its batch through `pipeline.read_many`, sending back
            outcomes as data (`shards.encode`), never Docs;
4. write    PostgreSQL: one writer actor commits the outcomes in input order, a batch per
            transaction, straight from the workers, so a kill -9 anywhere leaves the store
            at a batch boundary of the input order and the same command resumes it.
            SQLite: the workers write Parquet shards that `shards.load` (`newsgraph load`)
            bulk-inserts in input order. Either way each batch's transaction links its
            articles to corpus entities (`link.CORPUS_HOOKS`), in input order, as the
            local engine does, so the corpus entity ids are the local engine's.
Without an address a local Ray runtime is started (and stopped at the end).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import pickle
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ray
import ray.data

from newsgraph.ingest import iter_inputs, read_units
from newsgraph.ingest.job import Decider, Slot, Summary
from newsgraph.model import Rejection
from newsgraph.pipeline import Input, read_many
from newsgraph.scale import shards
from newsgraph.store import is_postgres, open_store
from newsgraph.store.base import IngestState

Batch = dict[str, Any]
READ = "read"  # a decided input still to read (between the decide and read stages)


def start(address: str | None = None, num_cpus: int | None = None) -> bool:
    """Connect to a Ray cluster (`auto`, `ray://host:port`) or start a local runtime; whether
    this call started it (and so should stop it). An initialised runtime is reused."""
    if ray.is_initialized():
        return False
    options: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": False}
    if address:
        ray.init(address=address, **options)
    else:
        ray.init(address="local", num_cpus=num_cpus, include_dashboard=False, **options)
    return True


def stop() -> None:
    """Stop the runtime `start` started (or disconnect from the cluster)."""
    ray.shutdown()


def _read_unit(row: dict[str, Any], options: dict[str, Any]) -> list[dict[str, Any]]:
    """Stage 1: the inputs of one read unit, the last one marked (an empty unit: a marker).
    Paths travel as bytes: a file name need not be UTF-8, which Arrow's strings must be."""
    items = list(iter_inputs([os.fsdecode(row["path"])], **options))
    rows = [
        {"unit": row["unit"], "rec": i, "last": False, "item": pickle.dumps(item)}
        for i, item in enumerate(items)
    ]
    if not rows:
        rows = [{"unit": row["unit"], "rec": -1, "last": False, "item": b""}]
    rows[-1]["last"] = True
    return rows


class Decide:
    """Stage 2: one actor; rows arrive in any order and leave in input order, decided."""

    def __init__(self, state: IngestState, units: int, retry_rejected: bool) -> None:
        self.decider = Decider(state, retry_rejected)
        self.units = units
        self.pending: dict[tuple[int, int], tuple[bool, bytes]] = {}
        self.unit, self.rec, self.seq = 0, 0, 0
        self.lock = threading.Lock()  # Ray Data may call an actor from several threads

    def __call__(self, batch: Batch) -> Batch:
        out: list[tuple[str, bytes]] = []
        with self.lock:
            for unit, rec, last, item in zip(
                batch["unit"], batch["rec"], batch["last"], batch["item"], strict=True
            ):
                self.pending[(int(unit), int(rec))] = (bool(last), bytes(item))
            while self.unit < self.units:
                key = (self.unit, self.rec) if (self.unit, self.rec) in self.pending else None
                key = key or ((self.unit, -1) if (self.unit, -1) in self.pending else None)
                if key is None:
                    break
                last, item = self.pending.pop(key)
                if item:
                    out.append(self._decide(pickle.loads(item)))
                self.unit, self.rec = (self.unit + 1, 0) if last else (self.unit, self.rec + 1)
            if self.unit == self.units and not self.pending:
                out.append((shards.END, b""))
                self.units = -1  # the end is sent once
        return self._rows(out)

    def _decide(self, item: Input | Rejection) -> tuple[str, bytes]:
        slot, to_read = self.decider.decide(item)
        if slot is None:
            return shards.SKIPPED, b""
        if to_read is None:
            assert slot.outcome is not None
            return shards.DONE, shards.encode(slot.outcome)
        return READ, pickle.dumps((slot, to_read))

    def _rows(self, out: list[tuple[str, bytes]]) -> Batch:
        seqs = list(range(self.seq, self.seq + len(out)))
        self.seq += len(out)
        return {"seq": seqs, "kind": [k for k, _ in out], "outcome": [b for _, b in out]}


class Read:
    """Stage 3: an actor of the pool; spaCy is loaded once, when the actor starts."""

    def __init__(self, batch_size: int, languages: frozenset[str] | None) -> None:
        from newsgraph.pipeline import load

        load()
        self.batch_size = batch_size
        self.languages = languages

    def __call__(self, batch: Batch) -> Batch:
        kinds, blobs = list(batch["kind"]), [bytes(b) for b in batch["outcome"]]
        todo = [i for i, k in enumerate(kinds) if k == READ]
        decided: list[tuple[Slot, Input]] = [pickle.loads(blobs[i]) for i in todo]
        items = [item for _, item in decided]
        results = list(read_many(items, batch_size=self.batch_size, languages=self.languages))
        for i, (slot, _), result in zip(todo, decided, results, strict=True):
            kinds[i], blobs[i] = shards.DONE, shards.encode(slot.finish(result))
        return {"seq": list(batch["seq"]), "kind": kinds, "outcome": blobs}


class Write:
    """Stage 4 on PostgreSQL: one actor committing outcomes in input order, in batches."""

    def __init__(self, url: str, commit_every: int) -> None:
        self.store = open_store(url)
        self.commit_every = commit_every
        self.pending: dict[int, tuple[str, bytes]] = {}
        self.next = 0
        self.lock = threading.Lock()

    def __call__(self, batch: Batch) -> Batch:
        counts: list[str] = []
        with self.lock:
            for seq, kind, blob in zip(batch["seq"], batch["kind"], batch["outcome"], strict=True):
                self.pending[int(seq)] = (str(kind), bytes(blob))
            while run := self._next_batch():
                rows = [self.pending.pop(seq) for seq in run]
                outcomes = [shards.decode(blob) for kind, blob in rows if kind == shards.DONE]
                skipped = sum(kind == shards.SKIPPED for kind, _ in rows)
                counts.append(json.dumps(shards.write_counts(self.store, outcomes, skipped)))
        return {"counts": counts}

    def _next_batch(self) -> list[int]:
        """The next run of consecutive rows that makes a batch (full, or the last)."""
        run, done, seq, end = [], 0, self.next, False
        while seq in self.pending and done < self.commit_every and not end:
            kind = self.pending[seq][0]
            run.append(seq)
            seq += 1
            done += kind == shards.DONE
            end = kind == shards.END
        complete = done >= self.commit_every or end
        if complete:
            self.next = seq
        return run if complete else []


def _dataset(
    units: list[str],
    options: dict[str, Any],
    state: IngestState,
    workers: int,
    batch_size: int,
    retry_rejected: bool,
    languages: frozenset[str] | None,
) -> ray.data.Dataset:
    """Stages 1–3."""
    ctx = ray.data.DataContext.get_current()
    ctx.execution_options.preserve_order = True
    ctx.enable_progress_bars = False  # newsgraph's own progress bar reports the ingest
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    items = [{"unit": i, "path": os.fsencode(path)} for i, path in enumerate(units)]
    ds: ray.data.Dataset = ray.data.from_items(
        items, override_num_blocks=max(1, min(len(items), 4 * workers))
    )
    reader = functools.partial(_read_unit, options=options)
    ds = ds.flat_map(reader, num_cpus=0, compute=ray.data.TaskPoolStrategy(size=2))
    ds = ds.map_batches(
        Decide,
        fn_constructor_args=(state, len(units), retry_rejected),
        compute=ray.data.ActorPoolStrategy(size=1),
        num_cpus=0,
        batch_size=None,
    )
    return ds.map_batches(
        Read,
        fn_constructor_args=(batch_size, languages),
        compute=ray.data.ActorPoolStrategy(min_size=1, max_size=workers),
        num_cpus=1,
        batch_size=batch_size * 4,
    )


def ingest(
    sources: list[str],
    db: str,
    options: dict[str, Any],
    workers: int | None = None,
    address: str | None = None,
    shard_dir: str | None = None,
    batch_size: int = 16,
    commit_every: int = 64,
    progress: Callable[[Summary], None] | None = None,
    retry_rejected: bool = False,
    languages: frozenset[str] | None = None,
) -> Summary:
    """Ingest `sources` into the store `db` on Ray (see the module doc); the run's counts.

    `options` are `iter_inputs`' (format, published, mapping): a bad one is a ConfigError
    before anything starts; `workers` the reading actors (default: the cluster's CPUs);
    `shard_dir` where SQLite's shards go (default DB.shards, removed once loaded);
    `retry_rejected` reads every rejected input again (retryable ones are read anyway);
    `languages` reads only articles in these (the others: rejections, skipped by choice)."""
    iter_inputs([], **options)  # checks the options, reads nothing
    units = read_units(sources)
    began = time.monotonic()
    started = start(address)
    try:
        cpus = ray.cluster_resources().get("CPU", 1)  # type: ignore[no-untyped-call]
        workers = workers or max(1, int(cpus))
        with open_store(db) as store, store.ingest_lock():
            state = store.ingest_state()
            ds = _dataset(
                units, options, state, workers, batch_size, retry_rejected, languages
            )
            if is_postgres(db):
                summary = _write_postgres(ds, db, commit_every, progress)
            else:
                folder = Path(shard_dir or f"{db}.shards")
                shutil.rmtree(folder, ignore_errors=True)  # a crashed run's shards: redone
                ds.write_parquet(str(folder), ray_remote_args={"num_cpus": 0})
                summary = shards.load(folder, store, commit_every, progress)
                if shard_dir is None:
                    shutil.rmtree(folder, ignore_errors=True)
        summary.seconds = time.monotonic() - began
        return summary
    finally:
        if started:
            stop()


def _write_postgres(
    ds: ray.data.Dataset, url: str, commit_every: int, progress: Callable[[Summary], None] | None
) -> Summary:
    written = ds.map_batches(
        Write,
        fn_constructor_args=(url, commit_every),
        compute=ray.data.ActorPoolStrategy(size=1),
        num_cpus=0,
        batch_size=None,
    )
    summary = Summary()
    for row in written.iter_rows():
        shards.add_counts(summary, json.loads(row["counts"]))
        if progress is not None:
            progress(summary)
    return summary
