"""Reading article files for the commands that take them (extract, quotes, events).

A file is read as `ingest` reads it: its format told by its content (text, an HTML page,
a WARC file, JSON Lines), each article in it an input of its own (`FILE:LINE`,
`FILE#record-N`). The reading itself (spaCy) is imported only when a file is read.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph.cli.output import print_rows
from newsgraph.model import Article, Rejection

if TYPE_CHECKING:
    from newsgraph.pipeline import Input


def add_file_arguments(p: argparse.ArgumentParser, required: bool = True) -> None:
    """FILE… (- for standard input) and `--published`."""
    kinds = "article files (text, HTML, WARC, JSON Lines); - reads stdin"
    p.add_argument("files", nargs="+" if required else "*", help=kinds)
    p.add_argument("--published", help="publication date (ISO), anchors relative dates")


def _inputs(args: argparse.Namespace, rejected: list[Rejection]) -> Iterator[Input]:
    from newsgraph.ingest import iter_bytes
    from newsgraph.text.decode import parse_published

    published = parse_published(args.published)
    url, publisher = getattr(args, "url", None), getattr(args, "publisher", None)
    for name in args.files:
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as err:
            rejected.append(Rejection(name, "open", type(err).__name__, err.strerror or str(err)))
            continue
        for item in iter_bytes(data, name, published=published, url=url):
            if isinstance(item, Rejection):
                rejected.append(item)
            else:
                yield dataclasses.replace(
                    item, url=item.url or url, publisher=item.publisher or publisher
                )


def read_files(
    args: argparse.Namespace, workers: int = 1
) -> tuple[Iterator[tuple[str, Article]], list[Rejection]]:
    """(input name, Article) in order as they are read, and the list rejections go into."""
    from newsgraph.pipeline import read_many

    rejected: list[Rejection] = []

    names: list[str] = []  # read_many yields one result per input, in input order

    def named() -> Iterator[Input]:
        for item in _inputs(args, rejected):
            names.append(item.name)
            yield item

    def articles() -> Iterator[tuple[str, Article]]:
        for index, result in enumerate(read_many(named(), n_process=workers)):
            if isinstance(result, Rejection):
                rejected.append(result)
            else:
                yield names[index], result

    return articles(), rejected


def every_word_in(words: str | None, text: str | None) -> bool:
    """Whether every word of `words` occurs in `text`, ignoring case (True without words)."""
    haystack = (text or "").lower()
    return all(w in haystack for w in (words or "").lower().split())


def print_file_rows(
    args: argparse.Namespace,
    rows_of: Callable[[str, Article], list[dict[str, Any]]],
    columns: Sequence[str],
) -> int:
    """Read the files, print the rows `rows_of(file name, article)` gives; the exit code."""
    articles, rejected = read_files(args)
    rows: list[dict[str, Any]] = []
    read = 0
    for name, article in articles:
        read += 1
        rows += rows_of(name, article)
    print_rows(rows, args.format, columns)
    return finish(rejected, read)


def finish(rejected: list[Rejection], read: int) -> int:
    """One stderr line per rejection; the exit code (0 all read, 1 some, 3 none)."""
    for r in rejected:
        print(f"newsgraph: {r.input}: rejected at {r.stage}: {r.message}", file=sys.stderr)
    if not rejected:
        return 0
    return 1 if read else 3
