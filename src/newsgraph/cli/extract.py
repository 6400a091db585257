"""`newsgraph extract FILE… [-]`: read articles of plain text and print their facts."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from newsgraph.decode import decode_bytes, parse_published
from newsgraph.errors import NewsgraphError
from newsgraph.model import Article, Rejection
from newsgraph.pipeline import Input, read_many
from newsgraph.report import text_report


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("extract", help="read articles (plain text) and print their facts")
    p.add_argument("files", nargs="+", help="text files; - reads standard input")
    p.add_argument("--published", help="publication date (ISO), anchors relative dates")
    p.add_argument("--url", help="the article's URL")
    p.add_argument("--publisher", help="the publisher's name")
    p.add_argument("--format", choices=["json", "jsonl", "text"], default="json")
    p.add_argument("--workers", type=int, default=1, help="processes for the spaCy pass")
    p.set_defaults(func=run)


def _inputs(args: argparse.Namespace, rejected: list[Rejection]) -> Iterator[Input]:
    published = parse_published(args.published)
    for name in args.files:
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            text = decode_bytes(data)
        except OSError as err:
            rejected.append(Rejection(name, "open", type(err).__name__, err.strerror or str(err)))
            continue
        except NewsgraphError as err:
            rejected.append(Rejection(name, err.stage, type(err).__name__, str(err)))
            continue
        yield Input(text, published, args.url, args.publisher, name=name)


def _print(article: Article, fmt: str, first: bool) -> None:
    if fmt == "jsonl":
        print(json.dumps(article.to_dict(), ensure_ascii=False))
    elif fmt == "json":
        print(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(("" if first else "\n" + "=" * 72 + "\n") + text_report(article))


def run(args: argparse.Namespace) -> int:
    rejected: list[Rejection] = []
    read = 0
    for result in read_many(_inputs(args, rejected), n_process=args.workers):
        if isinstance(result, Rejection):
            rejected.append(result)
            continue
        _print(result, args.format, first=read == 0)
        read += 1
    for r in rejected:
        print(f"newsgraph: {r.input}: rejected at {r.stage}: {r.message}", file=sys.stderr)
    if not rejected:
        return 0
    return 1 if read else 3
