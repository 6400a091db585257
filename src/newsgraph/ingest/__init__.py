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
(see `jsonl.FIELDS`). Nothing is dropped silently: a missing file, a FIFO or device, a
dangling link, an unreadable record, a page without an article each yield a Rejection.
Folders and globs are walked by `paths.expand` (links followed, each real file once). A
document read whole — a text, HTML, JSON or feed file, or a .gz of one — is refused past
its size limit before it is read (or, gzipped, as soon as it inflates past it); JSON Lines
and WARC files are streamed.
"""

from __future__ import annotations

import codecs
import glob
import gzip
import hashlib
import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator

from newsgraph.errors import ConfigError, InputTooLarge
from newsgraph.ingest import detect
from newsgraph.ingest.feeds import Fetcher, FetchError, iter_feed
from newsgraph.ingest.html import read_page
from newsgraph.ingest.jsonl import field_names, iter_json, iter_jsonl
from newsgraph.ingest.paths import expand
from newsgraph.ingest.text import read_text, rejection
from newsgraph.ingest.warc import iter_warc
from newsgraph.model import Rejection
from newsgraph.pipeline import Input
from newsgraph.settings import Settings
from newsgraph.text.decode import BYTES_PER_CHAR, parse_published, wide_encoding

__all__ = ["Input", "Rejection", "iter_bytes", "iter_inputs"]

_ALIASES = {"text": "txt", "htm": "html", "feed": "rss", "atom": "rss", "ndjson": "jsonl"}


def _format(name: str) -> str:
    fmt = _ALIASES.get(name.lower(), name.lower())
    if fmt not in detect.FORMATS:
        raise ConfigError(f"unknown format {name!r}: use one of {', '.join(detect.FORMATS)}")
    return fmt


def size_limit(fmt: str) -> int:
    """The most bytes of one document of this format read whole (after gunzip)."""
    settings = Settings.from_env()
    if fmt in ("txt", "html"):
        return min(settings.max_chars * BYTES_PER_CHAR, settings.max_file_bytes)
    return settings.max_file_bytes


def _lines(stream: io.BufferedIOBase, head: bytes) -> Iterable[bytes]:
    """The lines of a JSON Lines stream, UTF-16/32 ones as UTF-8."""
    wide = wide_encoding(head)
    if wide is None:
        return stream
    reader = codecs.getreader(wide)(stream, "replace")
    return (line.encode("utf-8", "surrogatepass") for line in reader)


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
    if fmt == "jsonl":
        stream: io.BufferedIOBase = io.BytesIO(data)
        if detect.is_gzip(data):
            stream = gzip.GzipFile(fileobj=stream)
            data = detect.gunzip_head(data)
        yield from iter_jsonl(_lines(stream, data), name, published, mapping)
        return
    if detect.is_gzip(data):
        try:
            data = detect.gunzip(data, size_limit(fmt))
        except InputTooLarge as err:
            yield rejection(name, err)
            return
        except (EOFError, OSError, zlib.error) as err:
            yield Rejection(name, "ingest", "BrokenArchive", f"the gzip data is cut short: {err}")
            return
    if fmt == "json":
        yield from iter_json(data, name, published, mapping)
    elif fmt == "rss":
        yield from iter_feed(data, name, published, fetcher or Fetcher())
    elif fmt == "html":
        yield read_page(data, name, url=url, published=published)
    else:
        yield read_text(data, name, published)


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
    entries = expand(source)
    if entries is None:
        yield Rejection(
            source, "ingest", "NotFound", f"no file, directory or glob match: {source}", True
        )
        return
    for entry in entries:
        if entry.reason is not None:
            yield Rejection(entry.name, "ingest", "NotAFile", entry.reason)
            continue
        try:
            yield from _iter_file(entry.path, entry.name, fmt, published, mapping, fetcher)
        except OSError as err:
            message = f"{entry.name}: {err.strerror or err}"
            yield Rejection(entry.name, "ingest", "Unreadable", message, True)


def _iter_file(
    path: str,
    name: str,
    fmt: str,
    published: str | None,
    mapping: dict[str, str] | None,
    fetcher: Fetcher,
) -> Iterator[Input | Rejection]:
    """One file; WARC and JSON Lines files are streamed, so their size does not matter."""
    with open(path, "rb") as f:
        head = f.read(detect.SNIFF_BYTES)
    kind = detect.sniff(head, name) if fmt == "auto" else fmt
    if kind == "warc":
        with open(path, "rb") as f:
            yield from iter_warc(f, name, published)
    elif kind == "jsonl":
        gzipped = detect.is_gzip(head)
        with gzip.GzipFile(path) if gzipped else open(path, "rb") as f:
            inner = detect.gunzip_head(head) if gzipped else head
            yield from iter_jsonl(_lines(f, inner), name, published, mapping)
    elif os.path.getsize(path) > size_limit(kind):  # a .gz inflates to more still
        limit = size_limit(kind)
        too_large = InputTooLarge(f"the file has over {limit:,} bytes, the limit for {kind}")
        yield rejection(name, too_large)
    else:
        with open(path, "rb") as f:
            data = f.read()
        yield from iter_bytes(data, name, kind, published, mapping, None, fetcher)


def iter_inputs(
    sources: Iterable[str],
    format: str = "auto",
    published: str | None = None,
    mapping: dict[str, str] | None = None,
) -> Iterator[Input | Rejection]:
    """Inputs and Rejections from every source, in the order given (see the module doc).

    A bad `format`, `published` (not an absolute date) or `mapping` raises ConfigError here,
    before anything is read.
    """
    fmt = _format(format)
    field_names(mapping)
    return _iter_all(list(sources), fmt, parse_published(published), mapping)


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
    """The sources as units that can be read apart, in order: each entry of a directory or
    glob (`paths.expand`: files, and what is not one, read as its rejection), each URL, and
    a source naming nothing (read, it gives its NotFound rejection). `iter_inputs([unit])`
    over each unit in turn yields what `iter_inputs(sources)` does."""
    units: list[str] = []
    for source in sources:
        if source == "-":
            raise ConfigError("standard input cannot be split for workers: give files or URLs")
        if source.startswith(("http://", "https://")):
            units.append(source)
            continue
        entries = expand(source)  # a unit is a path, not a glob: its glob characters escaped
        units += [glob.escape(e.path) for e in entries] if entries else [source]
    return units
