"""JSON Lines and JSON files of articles (news-please, Giveme5W1H, CC-News field names).

Each record's fields are looked up by the first name present (`FIELDS`); a mapping
`{"text": "body", "title": "headline"}` puts other names first. The text read is
`title`, the `description` when the body does not already start with it (Giveme5W1H's
lede; news-please's meta description), then the body. Records are named `FILE:LINE` in a
JSONL file and `FILE:INDEX` (from 1) in a JSON array; a line or record that is not a JSON
object with a body is a Rejection, and the file's other records are read all the same; a
file with no record at all (blank lines, `[]`) is one Rejection.
"""

from __future__ import annotations

import io
import json
import zlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from newsgraph.errors import ConfigError
from newsgraph.model import Rejection
from newsgraph.pipeline import Input
from newsgraph.text.decode import input_published

STAGE = "ingest"
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "title_page", "title_rss"),
    "text": ("text", "maintext", "body", "content", "article", "articleBody"),
    "description": ("description", "lede", "summary"),
    "published": (
        "date_publish",
        "published",
        "datePublished",
        "date",
        "pubDate",
        "date_published",
    ),
    "url": ("url", "link"),
    "authors": ("authors", "author", "byline"),
    "publisher": ("publisher", "source_domain", "sitename", "source"),
}
_LEDE_WINDOW = 1500  # a description found this early in the body is already there


def field_names(mapping: Mapping[str, str] | None) -> dict[str, tuple[str, ...]]:
    """FIELDS with the mapping's names first; ConfigError for a field newsgraph lacks."""
    names = dict(FIELDS)
    for field, source in (mapping or {}).items():
        if field not in FIELDS:
            known = ", ".join(FIELDS)
            raise ConfigError(f"cannot map {field!r}: the fields are {known}")
        names[field] = (source, *FIELDS[field])
    return names


def _get(record: Mapping[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = record.get(name)
        if value not in (None, "", [], "None"):
            return value
    return None


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _authors(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.replace(" and ", ";").split(";") if value.strip("[] ") else []
    if isinstance(value, dict):
        value = [value.get("name")]
    if not isinstance(value, list):
        return ()
    names = (_text(v.get("name") if isinstance(v, dict) else v) for v in value)
    return tuple(n for n in names if n)


def _published(value: Any, fallback: str | None) -> Any:
    """The record's own date when it is an absolute one; else the caller's (`--published`)
    when given; else the record's value as it is, which the reading records as a date not
    read (`text.decode.input_published`)."""
    found, _unread = input_published(value)
    return found or fallback or value


def record_input(
    record: Any, name: str, names: dict[str, tuple[str, ...]], published: str | None
) -> Input | Rejection:
    """One JSON record → Input, or a Rejection saying what it lacks."""
    if not isinstance(record, dict):
        return Rejection(
            name, STAGE, "NotAnArticle", f"a JSON {type(record).__name__}, not an object"
        )
    body = str(_get(record, names["text"]) or "").strip()
    if not body:
        keys = ", ".join(sorted(record)[:12])
        return Rejection(
            name, STAGE, "NoText", f"no article text under {names['text']} (keys: {keys})"
        )
    title = _text(_get(record, names["title"]))
    first, _, rest = body.partition("\n")
    if title and _text(first) == title:  # news-please bodies often repeat the headline
        body = rest.strip()
    parts = [title]
    lede = _text(_get(record, names["description"]))
    if lede and lede[:80] not in " ".join(body[:_LEDE_WINDOW].split()):
        parts.append(lede)
    parts.append(body)
    return Input(
        text="\n\n".join(p for p in parts if p),
        published=_published(_get(record, names["published"]), published),
        url=_text(_get(record, names["url"])) or None,
        publisher=_text(_get(record, names["publisher"])) or None,
        authors=_authors(_get(record, names["authors"])),
        name=name,
    )


def iter_jsonl(
    lines: Iterable[bytes],
    name: str,
    published: str | None,
    mapping: Mapping[str, str] | None = None,
) -> Iterator[Input | Rejection]:
    """Every line of a JSON Lines stream, in order; a broken line is a Rejection, and a
    stream that breaks (truncated gzip) ends with one Rejection for the rest."""
    names = field_names(mapping)
    number = found = 0
    try:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            found += 1
            try:
                record = json.loads(line)
            except (ValueError, RecursionError) as err:
                yield Rejection(f"{name}:{number}", STAGE, "BrokenJSON", f"line {number}: {err}")
                continue
            yield record_input(record, f"{name}:{number}", names, published)
    except (EOFError, OSError, zlib.error) as err:
        yield Rejection(
            f"{name}:{number + 1}+",
            STAGE,
            "BrokenArchive",
            f"the file breaks after line {number}: {type(err).__name__}: {err}",
        )
        return
    if not found:
        yield Rejection(name, STAGE, "NoRecords", "the file holds no JSON line")


def iter_json(
    data: bytes, name: str, published: str | None, mapping: Mapping[str, str] | None = None
) -> Iterator[Input | Rejection]:
    """One JSON document: an article object, or an array of them."""
    names = field_names(mapping)
    try:
        document = json.loads(data)
    except RecursionError as err:
        yield Rejection(name, STAGE, "BrokenJSON", f"the JSON nests too deeply to read: {err}")
        return
    except ValueError as err:
        if data.lstrip().startswith(b"{") and b"\n{" in data:  # JSON Lines after all
            yield from iter_jsonl(io.BytesIO(data), name, published, mapping)
        else:
            yield Rejection(name, STAGE, "BrokenJSON", str(err))
        return
    if isinstance(document, list):
        if not document:
            yield Rejection(name, STAGE, "NoRecords", "the JSON array is empty")
        for index, record in enumerate(document, start=1):
            yield record_input(record, f"{name}:{index}", names, published)
    else:
        yield record_input(document, name, names, published)
