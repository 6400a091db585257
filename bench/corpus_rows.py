"""What the story and merge steps read and write per article, against corpus size.

    .venv/bin/python bench/corpus_rows.py [--sizes 250,2000] [--probe 200] [--articles PKL]

`bench/corpus_curve.py` says how a step's CPU time per article moves with corpus size; this
says why. The same `--probe` BBC articles are written after corpora of each size (as there),
once, with the store calls of the two steps counted and timed (thread CPU) per probe
article: index keys an article looks up, story_keys rows its candidate query reads
(`story_candidates` again without its limit, outside the clock), candidates scored,
profiles decoded (`Profile.unpack`: a miss of `Decoded`, emptied before each probe as in a
fresh process), corpus-event candidates, and
each store call's milliseconds. `--articles` keeps the parsed articles in a pickle this
script writes (reading 2,200 BBC articles takes minutes). Prints one JSON object per size.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_curve import StepClock, copy, write
from ingest import bbc_inputs

from newsgraph.link import CORPUS_HOOKS, stories
from newsgraph.link.story_profile import Decoded, Profile
from newsgraph.model import Article
from newsgraph.pipeline import read_many
from newsgraph.store.sql_events import SqlEvents
from newsgraph.store.sql_stories import SqlStories

STORE_CALLS = {
    SqlStories: (
        "story_candidates", "story_profiles", "story_df", "add_story_df", "save_story",
        "article_corpus_entities",
    ),
    SqlEvents: (
        "event_candidates", "corpus_events_by_id", "roles_of", "events_found",
        "event_add_entities", "event_links", "event_update",
    ),
}  # fmt: skip


class Tally:
    """Counts and CPU seconds, added up by name."""

    def __init__(self) -> None:
        self.counts: dict[str, float] = {}

    def add(self, name: str, value: float) -> None:
        self.counts[name] = self.counts.get(name, 0.0) + value

    def timed(self, owner: Any, name: str) -> None:
        """Time each call of `owner.name` (a function attribute) under "ms:name"."""
        f: Callable[..., Any] = getattr(owner, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            start = time.thread_time()
            try:
                return f(*args, **kwargs)
            finally:
                self.add(f"ms:{name}", 1000 * (time.thread_time() - start))

        setattr(owner, name, call)


def instrument(tally: Tally) -> None:
    """Count what the steps read (rows, candidates, decodes) and time their store calls."""
    untimed = SqlStories.story_candidates
    unpack = Profile.unpack
    for owner, names in STORE_CALLS.items():
        for name in names:
            tally.timed(owner, name)
    candidates = SqlStories.story_candidates
    events = SqlEvents.event_candidates

    def story_candidates(self: SqlStories, keys: Any, per_key: int, days: Any = None,
                         limit: int | None = None) -> list[tuple[str, int, int]]:  # fmt: skip
        found = candidates(self, keys, per_key, days, limit)
        every = untimed(self, keys, per_key, days, None)
        tally.add("story_keys", len(keys))
        tally.add("story_rows_read", sum(n for _, n, _ in every))
        tally.add("story_candidates", len(found))
        return found

    def decode(blob: bytes) -> Profile:
        tally.add("profiles_decoded", 1)
        return unpack(blob)

    def event_candidates(self: SqlEvents, type: str, keys: Any, lo: str, hi: str) -> Any:
        found = events(self, type, keys, lo, hi)
        tally.add("event_lookups", 1)
        tally.add("event_candidates", len(found))
        return found

    SqlStories.story_candidates = story_candidates  # type: ignore[method-assign]
    Profile.unpack = decode  # type: ignore[method-assign, assignment]
    SqlEvents.event_candidates = event_candidates  # type: ignore[method-assign]


def articles(n: int, cache: Path | None) -> list[Article]:
    """The first n dated BBC articles, parsed (from `cache` when it holds them)."""
    if cache is not None and cache.is_file():
        kept: list[Article] = pickle.loads(cache.read_bytes())
        if len(kept) >= n:
            return kept[:n]
    parsed = [
        a for a in read_many(bbc_inputs(n, dated=True), n_process=2) if isinstance(a, Article)
    ]
    if cache is not None:
        cache.write_bytes(pickle.dumps(parsed))
    return parsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,2000")
    parser.add_argument("--probe", type=int, default=200)
    parser.add_argument("--articles", type=Path)
    args = parser.parse_args()
    sizes = sorted({int(s) for s in args.sizes.split(",")})
    items = articles(sizes[-1] + args.probe, args.articles)
    probe, before = items[-args.probe :], items[: -args.probe]
    tally = Tally()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        write(tmp / "warm-up.db", probe, CORPUS_HOOKS)
        instrument(tally)
        for size in sizes:
            base, db = tmp / f"corpus-{size}.db", tmp / f"probe-{size}.db"
            write(base, before[len(before) - size :], CORPUS_HOOKS)
            copy(base, db)
            tally.counts.clear()
            stories.DECODED = Decoded(stories.PROFILE_BYTES_KEPT)  # a fresh process's, as daily
            clock = StepClock()
            write(db, probe, (clock,))
            steps = {k: round(v, 3) for k, v in clock.per_article().items()}
            per = {k: round(v / len(probe), 3) for k, v in sorted(tally.counts.items())}
            print(json.dumps({"size": size, **steps, **per}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
