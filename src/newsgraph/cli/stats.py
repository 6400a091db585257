"""`newsgraph stats`: counts of everything in the database (JSON by default)."""

from __future__ import annotations

import argparse

from newsgraph.cli.output import add_db_options, open_db, print_object


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("stats", help="counts of articles, duplicates, rejections, facts")
    add_db_options(p, default_format="json")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_db(args) as ng:
        print_object(ng.stats(), args.format)
    return 0
