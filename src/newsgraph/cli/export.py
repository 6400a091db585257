"""`newsgraph export`: the database as JSON lines (full articles), CSV or Parquet."""

from __future__ import annotations

import argparse
import sys

from newsgraph.cli.output import DB_HELP
from newsgraph.export.write import EXPORT_FORMATS
from newsgraph.query import open
from newsgraph.store.base import TABLES


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("export", help="write articles or a fact table as jsonl/csv/parquet")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl", help="output format")
    p.add_argument("--table", choices=TABLES, default="articles", help="what to export")
    p.add_argument("--output", "-o", help="the file to write (default standard output)")
    p.add_argument("--db", default="newsgraph.db", help=DB_HELP)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open(args.db) as ng:
        n = ng.export(args.format, args.output, table=args.table)
    if args.output not in (None, "-"):
        print(f"newsgraph: wrote {n} rows to {args.output}", file=sys.stderr)
    return 0
