"""WARC archives (.warc, .warc.gz): each HTML response record → Input, read with warcio.

A record is named `FILE#record-N` (N counts every record from 1, so names stay stable).
Only `response` records are inputs: warcinfo, request, metadata, revisit, resource,
conversion and continuation records describe the crawl or hold no page, and are passed
over. A record without a WARC-Type, or of a type WARC does not define (a header cut short),
is a Rejection, as is a response that is not HTML (an image, a script) or not a success,
and an archive in which no record is an input at all. The record's WARC-Target-URI becomes
the article's url; its WARC-Date stands in for the publication day when the page itself
gives none. An archive that breaks (truncated gzip, garbled record) keeps the records
before the break and ends with one Rejection, `FILE#record-N+`, for everything from there on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from newsgraph.ingest.html import read_page
from newsgraph.model import Rejection
from newsgraph.pipeline import Input

STAGE = "ingest"
PASSED_OVER = frozenset(
    {"warcinfo", "request", "metadata", "revisit", "resource", "conversion", "continuation"}
)


def _not_html(record: ArcWarcRecord) -> str | None:
    """Why a response record is no HTML page, or None when it is one."""
    http = record.http_headers
    if http is None:
        return "the response has no HTTP headers"
    status = http.get_statuscode()
    if not status or not status.startswith("2"):
        return f"the response has HTTP status {status}"
    content_type = (http.get_header("Content-Type") or "").lower()
    if content_type and "html" not in content_type:
        return f"the response is {content_type.split(';')[0]}, not HTML"
    return None


def _record(record: ArcWarcRecord, name: str, published: str | None) -> Input | Rejection:
    reason = _not_html(record)
    body = record.content_stream().read()
    missing = getattr(record.raw_stream, "limit", 0)  # bytes its Content-Length promised
    if missing > 0:
        raise EOFError(f"the record ends {missing:,} bytes short of its length")
    if reason:
        return Rejection(name, STAGE, "NotHTML", reason)
    url = record.rec_headers.get_header("WARC-Target-URI")
    warc_date = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
    return read_page(body, name, url=url, published=published or warc_date)


def iter_warc(
    stream: IO[bytes], name: str, published: str | None = None
) -> Iterator[Input | Rejection]:
    """The HTML responses of one WARC file, in order, then a Rejection if it breaks."""
    done = 0  # records read whole
    found = 0  # inputs and rejections yielded
    try:
        for record in ArchiveIterator(stream):
            item: Input | Rejection | None = None
            name_n = f"{name}#record-{done + 1}"
            if record.rec_type == "response":
                item = _record(record, name_n, published)
            else:
                record.content_stream().read()
                if getattr(record.raw_stream, "limit", 0) > 0:
                    raise EOFError("the record ends short of its length")
                if record.rec_type not in PASSED_OVER:
                    kind = repr(record.rec_type) if record.rec_type else "missing"
                    reason = f"a WARC record of no known type (WARC-Type: {kind})"
                    item = Rejection(name_n, STAGE, "BrokenRecord", reason)
            done += 1
            if item is not None:
                found += 1
                yield item
    except Exception as err:  # warcio raises many kinds on broken archives (zlib, EOF, parse)
        found += 1
        yield Rejection(
            f"{name}#record-{done + 1}+",
            STAGE,
            "BrokenArchive",
            f"the archive breaks at record {done + 1}: {type(err).__name__}: {err}"
            f" ({done} records before it were read)",
        )
    if not found:
        yield Rejection(
            name, STAGE, "NoRecords", f"the archive holds no response record ({done} records)"
        )
