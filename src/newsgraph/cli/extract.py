"""`newsgraph extract FILE… [-]`: read articles of plain text and print their facts."""

from __future__ import annotations

import argparse
import json

from newsgraph.cli.files import add_file_arguments, finish, read_files
from newsgraph.model import Article
from newsgraph.report import text_report


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("extract", help="read articles (plain text) and print their facts")
    add_file_arguments(p)
    p.add_argument("--url", help="the article's URL")
    p.add_argument("--publisher", help="the publisher's name")
    p.add_argument("--format", choices=["json", "jsonl", "text"], default="json")
    p.add_argument("--workers", type=int, default=1, help="processes for the spaCy pass")
    p.set_defaults(func=run)


def _print(article: Article, fmt: str, first: bool) -> None:
    if fmt == "jsonl":
        print(json.dumps(article.to_dict(), ensure_ascii=False))
    elif fmt == "json":
        print(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(("" if first else "\n" + "=" * 72 + "\n") + text_report(article))


def run(args: argparse.Namespace) -> int:
    articles, rejected = read_files(args, workers=args.workers)
    read = 0
    for _name, article in articles:
        _print(article, args.format, first=read == 0)
        read += 1
    return finish(rejected, read)
