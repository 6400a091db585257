"""Printing query results as a table, JSON or CSV; the `--db` and `--format` options."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from typing import Any

from newsgraph.query import Newsgraph, open

FORMATS = ("table", "json", "csv")
DB_HELP = "a SQLite file or a postgresql:// URL (default newsgraph.db)"
MAX_CELL = 70
SHORT_ID = 12  # article ids shown in tables: a prefix that `article()` accepts


def add_db_options(p: argparse.ArgumentParser, default_format: str = "table") -> None:
    """`--db` and `--format table|json|csv`, the options every query command has."""
    p.add_argument("--db", default="newsgraph.db", help=DB_HELP)
    p.add_argument("--format", choices=FORMATS, default=default_format, help="output format")


def open_db(args: argparse.Namespace) -> Newsgraph:
    """The database named by `--db` (an error when it does not exist)."""
    return open(args.db)


def _cell(value: Any) -> str:
    if isinstance(value, list):
        value = "; ".join(map(str, value))
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def print_rows(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str]) -> None:
    """Rows as an aligned text table (the given columns), a JSON list, or CSV (every column)."""
    out = sys.stdout
    if fmt == "json":
        json.dump(list(rows), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    if fmt == "csv":
        fields = list(rows[0]) if rows else list(columns)
        writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(
            {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in r.items()}
            for r in rows
        )
        return
    cells = [
        [_cell(r.get(c))[:SHORT_ID] if c == "article_id" else _cell(r.get(c)) for c in columns]
        for r in rows
    ]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n")
    for row in cells:
        line = "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True))
        out.write(line.rstrip() + "\n")
    if not rows:
        out.write("(no results)\n")


def print_object(obj: dict[str, Any], fmt: str) -> None:
    """One object: JSON, or `key: value` lines (lists joined) for table and CSV."""
    if fmt == "json":
        json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["key", "value"])
        writer.writerows((k, v) for k, v in obj.items())
        return
    width = max((len(k) for k in obj), default=0)
    for key, value in obj.items():
        shown = "; ".join(map(str, value)) if isinstance(value, list) else value
        sys.stdout.write(f"{key.ljust(width)}  {shown}\n")
