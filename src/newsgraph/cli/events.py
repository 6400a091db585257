"""`newsgraph events FILE… [--published DATE] [--format table|json|csv]`: the events of
articles — type, who, with whom, where, when, status and the evidence — one row per event."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator

from newsgraph.cli.extract import _inputs
from newsgraph.model import Article, Event, Rejection, to_json
from newsgraph.pipeline import read_many

COLUMNS = ("file", "type", "who", "with", "where", "when", "status", "trigger", "evidence")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("events", help="print the events of articles (plain text)")
    p.add_argument("files", nargs="+", help="text files; - reads standard input")
    p.add_argument("--published", help="publication date (ISO), anchors relative dates")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=run, url=None, publisher=None)


def row(name: str, event: Event) -> dict[str, str]:
    """One event as the table's cells."""
    roles = list(zip(event.participants, event.roles, strict=False))
    who = [p.name or p.text for p, r in roles if r == "agent"]
    others = [p.name or p.text for p, r in roles if r != "agent"]
    where = ""
    if event.place is not None:
        where = event.place.name or event.place.text
        if event.place_in is not None:
            where += f", {event.place_in.name or event.place_in.text}"
    when = ""
    if event.time is not None:
        when = event.time.value or event.time.text
        when += " (published)" if event.time.source == "published" else f" ({event.time.text})"
    return {
        "file": name,
        "type": event.type,
        "who": "; ".join(who),
        "with": "; ".join(others),
        "where": where,
        "when": when,
        "status": event.status,
        "trigger": event.trigger.text,
        "evidence": " | ".join(" ".join(e.text.split()) for e in event.evidence),
    }


def _table(rows: list[dict[str, str]]) -> Iterator[str]:
    widths = {c: min(40, max([len(c), *(len(r[c]) for r in rows)])) for c in COLUMNS[:-1]}
    yield "  ".join(c.upper().ljust(widths[c]) for c in COLUMNS[:-1]) + "  EVIDENCE"
    for r in rows:
        cells = [r[c][: widths[c]].ljust(widths[c]) for c in COLUMNS[:-1]]
        yield "  ".join(cells) + "  " + r["evidence"][:120]


def run(args: argparse.Namespace) -> int:
    rejected: list[Rejection] = []
    rows: list[dict[str, str]] = []
    documents = []
    read = 0
    inputs = list(_inputs(args, rejected))
    for item, result in zip(inputs, read_many(inputs), strict=True):
        if isinstance(result, Rejection):
            rejected.append(result)
            continue
        assert isinstance(result, Article)
        read += 1
        name = item.name
        rows += [row(name, e) for e in result.events]
        documents.append({"file": name, "id": result.id, "events": to_json(result.events)})
    if args.format == "json":
        print(json.dumps(documents, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    else:
        for line in _table(rows):
            print(line)
    for r in rejected:
        print(f"newsgraph: {r.input}: rejected at {r.stage}: {r.message}", file=sys.stderr)
    if not rejected:
        return 0
    return 1 if read else 3
