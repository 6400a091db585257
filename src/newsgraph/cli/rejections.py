"""`newsgraph rejections`: one row per input that did not become an article, with whether
the next ingest reads it again (`retryable`: a network error, HTTP 404/5xx, a missing file)."""

from __future__ import annotations

import argparse

from newsgraph.cli.output import add_db_options, open_db, print_rows


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("rejections", help="inputs that were rejected: input, stage, reason")
    p.add_argument("--duplicates", action="store_true", help="list duplicate inputs instead")
    add_db_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_db(args) as ng:
        if args.duplicates:
            rows = ng.duplicates()
            columns = ["input", "original", "article_id", "similarity"]
        else:
            rows = ng.rejections()
            columns = ["input", "stage", "type", "retryable", "reason"]
    print_rows(rows, args.format, columns)
    return 0
