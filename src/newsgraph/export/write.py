"""Writing exported rows as JSON lines, CSV or Parquet, typed by their table's columns.

JSON lines: lists are JSON lists, dates and instants ISO text. CSV: a list is its JSON
text, a truth value `true`/`false`. Parquet: the declared types (`export/columns.py`), so
pandas, pyarrow and DuckDB read lists as lists and dates as dates; written in row groups,
so memory does not grow with the table.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any

from newsgraph.errors import ConfigError
from newsgraph.export.columns import BOOL, DATE, FLOAT, INT, LIST, STRING, TIMESTAMP, columns_of
from newsgraph.store.base import Row

EXPORT_FORMATS = ("jsonl", "csv", "parquet")
_ROW_GROUP = 10_000


def _iso(value: object) -> str:
    if isinstance(value, dt.date):  # dates and datetimes
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__} as JSON")


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _write_text(fmt: str, table: str, rows: Iterable[Row], f: IO[str]) -> int:
    """JSON lines, or CSV under a header of the table's columns (also when it is empty;
    whole articles as JSON lines have no declared columns)."""
    n = 0
    if fmt == "csv":
        writer = csv.DictWriter(f, fieldnames=[c.name for c in columns_of(table)])
        writer.writeheader()
    for row in rows:
        if fmt == "jsonl":
            f.write(json.dumps(row, ensure_ascii=False, default=_iso) + "\n")
        else:
            writer.writerow({k: _cell(v) for k, v in row.items()})
        n += 1
    return n


def arrow_schema(table: str) -> Any:
    """The Parquet (Arrow) schema of an exported table."""
    import pyarrow as pa

    types = {
        STRING: pa.string(),
        INT: pa.int64(),
        FLOAT: pa.float64(),
        BOOL: pa.bool_(),
        DATE: pa.date32(),
        TIMESTAMP: pa.timestamp("us", tz="UTC"),
        LIST: pa.list_(pa.string()),
    }
    return pa.schema([pa.field(c.name, types[c.type]) for c in columns_of(table)])


def _write_parquet(table: str, rows: Iterator[Row], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(table)
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        while group := list(islice(rows, _ROW_GROUP)):
            writer.write_table(pa.Table.from_pylist(group, schema=schema))
            n += len(group)
    return n


def write(fmt: str, table: str, rows: Iterator[Row], out: str | Path | None) -> int:
    """Write rows of `table` in `fmt` to the file `out` (None or "-": standard output, not
    for Parquet); the row count."""
    if fmt not in EXPORT_FORMATS:
        raise ConfigError(f"no export format {fmt!r}; one of {', '.join(EXPORT_FORMATS)}")
    to_stdout = out is None or str(out) == "-"
    if fmt == "parquet":
        if to_stdout:
            raise ConfigError("parquet needs a file: pass --output FILE")
        return _write_parquet(table, rows, Path(str(out)))
    if to_stdout:
        return _write_text(fmt, table, rows, sys.stdout)
    with Path(str(out)).open("w", encoding="utf-8", newline="") as f:
        return _write_text(fmt, table, rows, f)
