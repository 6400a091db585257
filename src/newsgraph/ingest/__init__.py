"""Every input format → `Input`s for the reading, or `Rejection`s that say why not.

`iter_inputs(sources)` takes what a user points newsgraph at — files, directories (read
recursively, in name order), globs (`**` allowed), `-` for standard input, and http(s)
URLs of pages or feeds — and yields, in order, one `Input` or one `Rejection` per article
found: a text or HTML file is one, a JSON Lines file one a line, a WARC file one per HTML
response record, a feed one per item. Each has a stable, unique `name` (`path`,
`path:LINE`, `path#record-N`, the item's link) so that a second run over the same inputs
can tell what it has already read. The format is told by the content (`detect.sniff`);
`format` forces one. `published` is the publication date of inputs that carry none
(a plain text file); dates found in the input itself win. `mapping` renames JSON fields
(see `jsonl.FIELDS`). Nothing is dropped silently: a missing file, an unreadable record,
a page without an article each yield a Rejection.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import io
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsgraph.errors import ConfigError
from newsgraph.ingest import detect
from newsgraph.ingest.feeds import Fetcher, FetchError, iter_feed
from newsgraph.ingest.html import read_page
from newsgraph.ingest.jsonl import field_names, iter_json, iter_jsonl
from newsgraph.ingest.text import read_text, rejection
from newsgraph.ingest.warc import iter_warc
from newsgraph.model import Rejection
from newsgraph.pipeline import Input

__all__ = ["Input", "Rejection", "iter_bytes", "iter_inputs"]

_GLOB_CHARS = set("*?[")
_ALIASES = {"text": "txt", "htm": "html", "feed": "rss", "atom": "rss", "ndjson": "jsonl"}


def _format(name: str) -> str:
    fmt = _ALIASES.get(name.lower(), name.lower())
    if fmt not in detect.FORMATS:
        raise ConfigError(f"unknown format {name!r}: use one of {', '.join(detect.FORMATS)}")
    return fmt


def iter_bytes(
    data: bytes,
    name: str,
    format: str = "auto",
    published: str | None = None,
    mapping: dict[str, str] | None = None,
    url: str | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Input | Rejection]:
    """The inputs held in one file's (or stream's, or download's) bytes."""
    fmt = detect.sniff(data, name) if format == "auto" else format
    if fmt == "warc":
        yield from iter_warc(io.BytesIO(data), name, published)
        return
    if detect.is_gzip(data):
        try:
            data = detect.gunzip(data)
        except (EOFError, OSError) as err:
            yield Rejection(name, "ingest", "BrokenArchive", f"the gzip data is cut short: {err}")
            return
    if fmt == "jsonl":
        yield from iter_jsonl(io.BytesIO(data), name, published, mapping)
    elif fmt == "json":
        yield from iter_json(data, name, published, mapping)
    elif fmt == "rss":
        yield from iter_feed(data, name, published, fetcher or Fetcher())
    elif fmt == "html":
        yield read_page(data, name, url=url, published=published)
    else:
        yield read_text(data, name, published)


def _files(source: str) -> list[str] | None:
    """The files a path, directory or glob names (sorted); None when it names nothing."""
    if _GLOB_CHARS & set(source):
        matches = sorted(glob.glob(source, recursive=True))
        paths = [p for m in matches for p in (_files(m) or [])]
        return paths or None
    path = Path(source)
    if path.is_dir():
        return sorted(str(p) for p in path.rglob("*") if p.is_file())
    return [source] if path.is_file() else None


def _iter_source(
    source: str, fmt: str, published: str | None, mapping: dict[str, str] | None, fetcher: Fetcher
) -> Iterator[Input | Rejection]:
    if source == "-":  # named by content: another stdin is another input
        data = sys.stdin.buffer.read()
        name = f"<stdin>#{hashlib.sha256(data).hexdigest()[:16]}"
        yield from iter_bytes(data, name, fmt, published, mapping)
        return
    if source.startswith(("http://", "https://")):
        try:
            data = fetcher.fetch(source)
        except FetchError as err:
            yield rejection(source, err)
            return
        yield from iter_bytes(data, source, fmt, published, mapping, source, fetcher)
        return
    files = _files(source)
    if files is None:
        yield Rejection(source, "ingest", "NotFound", f"no file, directory or glob match: {source}")
        return
    for path in files:
        try:
            yield from _iter_file(path, fmt, published, mapping, fetcher)
        except OSError as err:
            yield Rejection(path, "ingest", "Unreadable", f"{path}: {err.strerror or err}")


def _iter_file(
    path: str, fmt: str, published: str | None, mapping: dict[str, str] | None, fetcher: Fetcher
) -> Iterator[Input | Rejection]:
    """One file; WARC and JSON Lines files are streamed, so their size does not matter."""
    with open(path, "rb") as f:
        head = f.read(detect.SNIFF_BYTES)
    kind = detect.sniff(head, path) if fmt == "auto" else fmt
    if kind == "warc":
        with open(path, "rb") as f:
            yield from iter_warc(f, path, published)
    elif kind == "jsonl":
        with gzip.open(path, "rb") if detect.is_gzip(head) else open(path, "rb") as f:
            yield from iter_jsonl(f, path, published, mapping)
    else:
        yield from iter_bytes(
            Path(path).read_bytes(), path, kind, published, mapping, None, fetcher
        )


def iter_inputs(
    sources: Iterable[str],
    format: str = "auto",
    published: str | None = None,
    mapping: dict[str, str] | None = None,
) -> Iterator[Input | Rejection]:
    """Inputs and Rejections from every source, in the order given (see the module doc).

    A bad `format` or `mapping` raises ConfigError here, before anything is read.
    """
    fmt = _format(format)
    field_names(mapping)
    return _iter_all(list(sources), fmt, published, mapping)


def _iter_all(
    sources: list[str], fmt: str, published: str | None, mapping: dict[str, str] | None
) -> Iterator[Input | Rejection]:
    fetcher = Fetcher()
    try:
        for source in sources:
            yield from _iter_source(source, fmt, published, mapping, fetcher)
    finally:
        fetcher.close()


def read_units(sources: Iterable[str]) -> list[str]:
    """The sources as units that can be read apart, in order: each file of a directory or
    glob, each URL, and a source naming nothing (read, it gives its NotFound rejection).
    `iter_inputs([unit])` over each unit in turn yields what `iter_inputs(sources)` does."""
    units: list[str] = []
    for source in sources:
        if source == "-":
            raise ConfigError("standard input cannot be split for workers: give files or URLs")
        is_url = source.startswith(("http://", "https://"))
        units += [source] if is_url else (_files(source) or [source])
    return units
