"""The columns `export` writes for each table, with their types: where a table plugs in.

A table declares every column its store rows hold (`TABLES` in store/base.py, rows from
`Store.table`), in the order written, each with its type; it may add columns derived from
the stored ones (`derive`). A stored column left undeclared is an error, never a column
written untyped. Types map to Parquet (export/write.py) and to JSON: lists are JSON lists,
dates and times ISO text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from newsgraph.errors import ConfigError
from newsgraph.export.values import as_list, day, days_covered, moment
from newsgraph.store.base import Row

STRING, INT, FLOAT, BOOL, DATE, TIMESTAMP, LIST = (
    "string",
    "int",
    "float",
    "bool",
    "date",  # a day (Parquet date32)
    "timestamp",  # an instant (Parquet timestamp in microseconds, UTC)
    "list",  # a list of strings
)

_CONVERT: dict[str, Callable[[Any], Any]] = {
    STRING: str,
    INT: int,
    FLOAT: float,
    BOOL: bool,
    DATE: day,
    TIMESTAMP: moment,
    LIST: as_list,
}


@dataclass(frozen=True, slots=True)
class Column:
    """One exported column; `derive` computes it from the stored row (else it is stored)."""

    name: str
    type: str
    derive: Callable[[Row], Any] | None = None


def _strings(*names: str) -> tuple[Column, ...]:
    return tuple(Column(n, STRING) for n in names)


def _span() -> tuple[Column, ...]:
    return Column("start", INT), Column("end", INT)


def _covered(column: str) -> tuple[Column, ...]:
    """The first and last day a TIMEX3 value in `column` covers."""
    return (
        Column("date_from", DATE, lambda r: days_covered(r[column])[0]),
        Column("date_to", DATE, lambda r: days_covered(r[column])[1]),
    )


TABLE_COLUMNS: dict[str, tuple[Column, ...]] = {
    "articles": (
        *_strings("id", "source", "title", "lede", "text"),
        Column("published", DATE),
        Column("published_at", TIMESTAMP, lambda r: moment(r["published"])),
        *_strings("publisher", "url"),
        Column("authors", LIST),
        *_strings("language", "model"),
        Column("language_probability", FLOAT),
        Column("story", STRING),
    ),
    "entities": (
        *_strings("article_id", "id", "name", "type"),
        *(Column(n, LIST) for n in ("titles", "roles", "affiliations", "aliases")),
        *_strings("gender", "norm", "first", "surname"),
        Column("mentions", INT),
        Column("confidence", FLOAT),
        Column("corpus_entity", STRING),
    ),
    "mentions": (
        *_strings("article_id", "entity", "text"),
        *_span(),
        Column("kind", STRING),
        Column("confidence", FLOAT),
        Column("corpus_entity", STRING),
    ),
    "quotes": (
        *_strings("article_id", "text"),
        *_span(),
        *_strings("type", "speaker_entity", "speaker_name", "speaker_text"),
        *_strings("speaker_description", "cue"),
        Column("confidence", FLOAT),
        *_strings("extractor", "corpus_entity"),
    ),
    "events": (
        *_strings("article_id", "id", "type", "trigger"),
        *_span(),
        *_strings("status", "place", "place_entity", "place_in", "time_value"),
        *_covered("time_value"),
        Column("time_text", STRING),
        Column("confidence", FLOAT),
        *_strings("extractor", "corpus_event"),
    ),
    "event_participants": (
        *_strings("article_id", "event", "role", "entity", "corpus_entity", "name", "text"),
        *_span(),
    ),
    "times": (
        *_strings("article_id", "text"),
        *_span(),
        *_strings("type", "value"),
        *_covered("value"),
        *_strings("granularity", "modifier", "reason"),
    ),
    "quantities": (
        *_strings("article_id", "text"),
        *_span(),
        Column("value", FLOAT),
        *_strings("kind", "unit", "thing"),
        Column("change_from", FLOAT),
        Column("change_to", FLOAT),
    ),
    "residue_lines": _strings("publisher", "line", "reason", "learned_from"),
    "duplicates": (*_strings("source", "of_source"), Column("similarity", FLOAT)),
    "rejections": (*_strings("source", "stage", "type", "message"), Column("retryable", BOOL)),
    "sources": (
        *_strings("name", "outcome", "article_id", "publisher", "url"),
        Column("ingested_at", TIMESTAMP),
    ),
    "corpus_entities": (
        *_strings("id", "type", "name", "named_by", "gender"),
        Column("first_seen", DATE),
        Column("last_seen", DATE),
        Column("articles", INT),
        Column("mentions", INT),
        Column("founded_by", STRING),
        Column("names", LIST),
    ),
    "corpus_events": (
        *_strings("id", "type", "time"),
        Column("lo", DATE),
        Column("hi", DATE),
        *_strings("status", "told"),
        Column("articles", INT),
        Column("reports", INT),
        Column("first_seen", DATE),
        Column("last_seen", DATE),
        Column("founded_by", STRING),
        Column("participants", LIST),
        Column("place", STRING),
    ),
    "stories": (
        *_strings("id", "label"),
        Column("first", DATE),
        Column("last", DATE),
        Column("size", INT),
    ),
}


def columns_of(table: str) -> tuple[Column, ...]:
    """The declared columns of an exportable table; a ConfigError for another name."""
    if table not in TABLE_COLUMNS:
        raise ConfigError(f"no table {table!r}; one of {', '.join(TABLE_COLUMNS)}")
    return TABLE_COLUMNS[table]


def typed_rows(table: str, rows: Iterable[Row]) -> Iterator[Row]:
    """The store's rows of `table` as its declared columns, typed, in declared order."""
    columns = columns_of(table)
    stored = {c.name for c in columns if c.derive is None}

    def convert(row: Row) -> Row:
        if row.keys() != stored:
            odd = sorted(row.keys() ^ stored)
            raise RuntimeError(f"export/columns.py: declare {table} columns as stored: {odd}")
        out: Row = {}
        for c in columns:
            if c.derive is not None:
                out[c.name] = c.derive(row)
            else:
                value = row[c.name]
                out[c.name] = None if value is None else _CONVERT[c.type](value)
        return out

    return map(convert, rows)
