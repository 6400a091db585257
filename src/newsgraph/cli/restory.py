"""`newsgraph restory`: rebuild every story from the stored articles, in ingest order."""

from __future__ import annotations

import argparse
import sys
import time

from newsgraph.link.stories import StoryLinker
from newsgraph.store import SqliteStore


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "restory", help="rebuild all stories from the stored articles (deterministic)"
    )
    p.add_argument("--db", default="newsgraph.db", help="the database (default newsgraph.db)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    start = time.monotonic()
    with SqliteStore(args.db, create=False) as store, store.ingest_lock():
        stories = StoryLinker(store).rebuild()
        articles = store.stats()["articles"]
    seconds = time.monotonic() - start
    print(f"newsgraph: {articles} articles in {stories} stories ({seconds:.1f} s)", file=sys.stderr)
    return 0
