"""Which reader an input needs, told by its content first and its file name second.

    warc   starts with `WARC/` (after gunzip for .warc.gz)
    jsonl  one JSON object a line; json: one JSON document (object or array)
    rss    an XML document whose root is <rss>, <feed> (Atom) or <rdf:RDF>
    html   markup with an <html>, <head>, <body> or block element near the start
    txt    anything else; the text reader refuses binary and empty input with a reason

Extensions only break ties that content cannot (`.html` text without a tag in the
first 64 KB, `.jsonl` holding a single object). UTF-16 and UTF-32 text (with a byte order
mark, or UTF-16 without one, told by its NUL bytes) is sniffed as the text it encodes.
"""

from __future__ import annotations

import json
import re
import zlib

from newsgraph.errors import InputTooLarge
from newsgraph.text.decode import wide_encoding

FORMATS = ("auto", "txt", "html", "warc", "jsonl", "json", "rss")
SNIFF_BYTES = 65536
_GZIP_MAGIC = b"\x1f\x8b"
_FEED = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]", re.I)
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|article|div|p|h1|title|meta)[\s>/]", re.I)
_EXTENSIONS = {
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".rss": "rss",
    ".atom": "rss",
    ".xml": "rss",
}


def is_gzip(data: bytes) -> bool:
    return data[:2] == _GZIP_MAGIC


def gunzip_head(data: bytes, size: int = SNIFF_BYTES) -> bytes:
    """The first `size` bytes of gzipped data; as much as there is when it is truncated."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        return inflater.decompress(data, size)
    except zlib.error:
        return b""


def gunzip(data: bytes, limit: int) -> bytes:
    """All of gzipped data (every member), inflated as a stream that stops past `limit`
    bytes (InputTooLarge: a small file may inflate to gigabytes); EOFError or zlib.error
    when it is cut short."""
    out = bytearray()
    while data:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out += inflater.decompress(data, limit + 1 - len(out))
        if len(out) > limit:
            raise InputTooLarge(f"the gzip data inflates to over {limit:,} bytes")
        if not inflater.eof:
            raise EOFError("the gzip data is cut short")
        data = inflater.unused_data.lstrip(b"\x00")
    return bytes(out)


def _extension_format(name: str) -> str | None:
    lowered = name.lower().removesuffix(".gz")
    for ext, fmt in _EXTENSIONS.items():
        if lowered.endswith(ext):
            return fmt
    return None


def _json_kind(head: bytes) -> str | None:
    if head.startswith(b"["):
        return "json"
    if not head.startswith(b"{"):
        return None
    first = head.split(b"\n", 1)[0]
    try:
        json.loads(first)
    except (ValueError, RecursionError):
        return "json"  # a pretty-printed document, or a broken first line of a JSONL file
    return "jsonl"


def sniff(data: bytes, name: str = "") -> str:
    """The format of `data` (its first bytes suffice): one of FORMATS but "auto"."""
    head = data[:SNIFF_BYTES]
    if is_gzip(head):
        inner = gunzip_head(head)
        if inner.startswith(b"WARC/"):
            return "warc"
        return sniff(inner, name.removesuffix(".gz")) if inner else "txt"
    if head.startswith(b"WARC/"):
        return "warc"
    wide = wide_encoding(head)
    if wide is not None:
        return sniff(head.decode(wide, "replace").encode("utf-8"), name)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    by_ext = _extension_format(name)
    kind = _json_kind(stripped)
    if kind is not None:
        return "jsonl" if kind == "json" and by_ext == "jsonl" else kind
    if stripped.startswith(b"<"):
        if _FEED.search(stripped[:2048]) and not _HTML.match(stripped):
            return "rss"
        if _HTML.search(stripped):
            return "html"
    if by_ext == "html" and b"<" in stripped:
        return "html"
    return "txt"
