"""Outcomes as data (facts, not Docs) and Parquet shards of them: what Ray workers send back
and what `newsgraph load` bulk-inserts into a store. No Ray import here.

An outcome travels as zlib-compressed JSON (`encode`/`decode`): the article as
`Article.to_dict()`, read back with `model.from_json`, so nothing executable is ever
unpickled from a shard. A shard row is (`seq`, `kind`, `outcome`): `seq` is the input's
place in the ingest's order, so loading shards in `seq` order writes exactly what the local
engine writes, in the same order.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from newsgraph.errors import ConfigError
from newsgraph.ingest.job import Summary
from newsgraph.link import CORPUS_HOOKS
from newsgraph.model import Article, Rejection, from_json
from newsgraph.store.base import Outcome, Store

DONE, SKIPPED, END = "done", "skipped", "end"  # a decided outcome; a stored input; the end


def encode(o: Outcome) -> bytes:
    """An outcome as compressed JSON."""
    data = {
        "name": o.name,
        "article": o.article.to_dict() if o.article else None,
        "duplicate_of": o.duplicate_of,
        "similarity": o.similarity,
        "rejection": list(dataclasses.astuple(o.rejection)) if o.rejection else None,
        "signature": base64.b64encode(o.signature).decode() if o.signature else None,
        "publisher": o.publisher,
        "line_hashes": list(o.line_hashes),
        "learned": [list(pair) for pair in o.learned],
        "retry": o.retry,
    }
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 6)


def decode(blob: bytes) -> Outcome:
    """The outcome `encode` wrote."""
    d: dict[str, Any] = json.loads(zlib.decompress(blob).decode("utf-8"))
    return Outcome(
        d["name"],
        article=from_json(Article, d["article"]) if d["article"] else None,
        duplicate_of=d["duplicate_of"],
        similarity=d["similarity"],
        rejection=Rejection(*d["rejection"]) if d["rejection"] else None,
        signature=base64.b64decode(d["signature"]) if d["signature"] else None,
        publisher=d["publisher"],
        line_hashes=tuple(d["line_hashes"]),
        learned=tuple((line, reason) for line, reason in d["learned"]),
        retry=d.get("retry", False),
    )


def write_counts(store: Store, outcomes: Sequence[Outcome], skipped: int) -> dict[str, int]:
    """Write a batch and link its articles (`link.CORPUS_HOOKS`, as the local engine does);
    the counts of `Summary` it adds (inputs already stored as skipped)."""
    written = store.write(outcomes, CORPUS_HOOKS) if outcomes else {}
    late = len(outcomes) - sum(written.values())  # stored meanwhile by another writer
    return {**written, SKIPPED: skipped + late}


def add_counts(summary: Summary, counts: dict[str, int]) -> None:
    """Add one batch's counts to an ingest's summary."""
    summary.stored += counts.get("article", 0)
    summary.duplicates += counts.get("duplicate", 0)
    summary.rejected += counts.get("rejected", 0)
    summary.skipped += counts.get(SKIPPED, 0)
    summary.read = summary.stored + summary.duplicates + summary.rejected + summary.skipped


def _shard_rows(folder: Path) -> Iterator[dict[str, Any]]:
    """Every row of the folder's shards in `seq` order (shards hold runs of it)."""
    import pyarrow.parquet as pq

    files = sorted(folder.rglob("*.parquet"))
    if not files and not folder.is_dir():
        raise ConfigError(f"no shard folder at {folder}")
    tables = [pq.read_table(f, columns=["seq", "kind", "outcome"]) for f in files]
    tables = [t for t in tables if t.num_rows]
    for table in sorted(tables, key=lambda t: t.column("seq")[0].as_py()):
        yield from table.to_pylist()


def load(
    folder: str | Path,
    store: Store,
    commit_every: int = 64,
    progress: Callable[[Summary], None] | None = None,
) -> Summary:
    """Bulk-insert a folder of shards into a store, in input order, a batch per transaction,
    under the caller's `store.ingest_lock()`. Loading again adds nothing (inputs already
    stored are counted as such)."""
    summary = Summary()
    batch: list[Outcome] = []
    skipped = 0
    last = -1
    for row in _shard_rows(Path(folder)):
        if row["seq"] <= last:
            raise ConfigError(f"shards of {folder} overlap at input {row['seq']}")
        last = row["seq"]
        if row["kind"] == DONE:
            batch.append(decode(row["outcome"]))
        elif row["kind"] == SKIPPED:
            skipped += 1
        if len(batch) >= commit_every:
            add_counts(summary, write_counts(store, batch, skipped))
            batch, skipped = [], 0
            if progress is not None:
                progress(summary)
    add_counts(summary, write_counts(store, batch, skipped))
    if progress is not None:
        progress(summary)
    return summary
