"""`newsgraph restory`: rebuild every story from the stored articles, in ingest order."""

from __future__ import annotations

import argparse
import sys
import time

from newsgraph.cli.output import DB_HELP
from newsgraph.link.stories import restory
from newsgraph.store import open_store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "restory", help="rebuild all stories from the stored articles (deterministic)"
    )
    p.add_argument("--db", default="newsgraph.db", help=DB_HELP)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    start = time.monotonic()
    with open_store(args.db, create=False) as store, store.ingest_lock():
        stories = restory(store)
        articles = store.stats()["articles"]
    seconds = time.monotonic() - start
    print(f"newsgraph: {articles} articles in {stories} stories ({seconds:.1f} s)", file=sys.stderr)
    return 0
