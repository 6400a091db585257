"""`newsgraph search QUERY`: full-text search over articles and quotes, with snippets."""

from __future__ import annotations

import argparse

from newsgraph.cli.output import add_db_options, open_db, print_rows


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("search", help="full-text search over articles and quotes")
    p.add_argument("query", help='words that must all occur, or an FTS5 query ("a phrase", OR)')
    p.add_argument("--limit", type=int, default=20, help="most results shown (default 20)")
    p.add_argument(
        "--entity", help="only articles that name this corpus entity (a name or an id)"
    )
    add_db_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_db(args) as ng:
        rows = ng.search(args.query, limit=args.limit, entity=args.entity)
    print_rows(rows, args.format, ["kind", "article_id", "title", "speaker", "snippet"])
    return 0
