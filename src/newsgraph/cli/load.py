"""`newsgraph load SHARDS [--db DB]`: bulk-insert the Parquet shards of a Ray ingest.

`newsgraph ingest --engine ray --shards DIR` into a SQLite file keeps its shards in DIR; a
cluster's shards copied to one machine load the same way. Shards load in input order, a
batch per transaction, so the store ends as a local ingest of the same inputs would; loading
again adds nothing.
"""

from __future__ import annotations

import argparse
import sys

from newsgraph.cli.ingest import exit_code
from newsgraph.cli.output import DB_HELP


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("load", help="bulk-insert the Parquet shards of a Ray ingest")
    p.add_argument("shards", help="the folder of shards (ingest --engine ray --shards DIR)")
    p.add_argument("--db", default="newsgraph.db", help=DB_HELP)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from newsgraph.scale import shards  # the ingest job (and spaCy) when the command runs
    from newsgraph.store import open_store

    with open_store(args.db) as store, store.ingest_lock():
        summary = shards.load(args.shards, store)
    print(f"newsgraph: {summary.line()}", file=sys.stderr)
    return exit_code(summary)
