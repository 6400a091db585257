"""Quotes and events from the database: the `newsgraph quotes`/`events` commands without files."""

from __future__ import annotations

import argparse
import re

from newsgraph.cli.output import open_db, print_rows
from newsgraph.errors import ConfigError
from newsgraph.model import EVENT_TYPES

_ISO_PREFIX = re.compile(r"\d{4}(?:-\d{2})?")

QUOTE_COLUMNS = ["published", "speaker", "text", "cue", "article_id"]
EVENT_COLUMNS = ["time", "type", "trigger", "participants", "place", "status", "article_id"]


def add_quotes_arguments(p: argparse.ArgumentParser) -> None:
    """The filters of a quote query (without --db/--format)."""
    p.add_argument("--speaker", help="every word of the speaker's name (Milley, Mark Milley)")
    p.add_argument("--contains", help="words the quote contains")
    p.add_argument("--limit", type=int, default=100, help="most results shown (default 100)")


def add_events_arguments(p: argparse.ArgumentParser) -> None:
    """The filters of an event query (without --db/--format)."""
    p.add_argument("--type", help=f"event type: {', '.join(EVENT_TYPES)}")
    p.add_argument("--who", help="a participant's name")
    p.add_argument("--since", help="events on or after this date (2020, 2020-12, 2020-12-16)")
    p.add_argument("--until", help="events on or before this date")
    p.add_argument("--limit", type=int, default=100, help="most results shown (default 100)")


def run_quotes(args: argparse.Namespace) -> int:
    with open_db(args) as ng:
        rows = ng.quotes(speaker=args.speaker, contains=args.contains, limit=args.limit)
    print_rows(rows, args.format, QUOTE_COLUMNS)
    return 0


def check_type(value: str | None) -> None:
    """A usage error for an event type that does not exist, naming those that do."""
    if value is not None and value not in EVENT_TYPES:
        raise ConfigError(f"no event type {value!r}; one of {', '.join(EVENT_TYPES)}")


def parse_bound(value: str | None) -> str | None:
    """A --since/--until date: an ISO year or month (2020, 2020-12) or an absolute date;
    a ConfigError (exit 2) for anything else, "yesterday" included."""
    if value is not None and _ISO_PREFIX.fullmatch(value.strip()):
        return value.strip()
    from newsgraph.text.decode import parse_published

    return parse_published(value)


def run_events(args: argparse.Namespace) -> int:
    since = parse_bound(args.since)
    until = parse_bound(args.until)
    with open_db(args) as ng:
        rows = ng.events(type=args.type, who=args.who, since=since, until=until, limit=args.limit)
    print_rows(rows, args.format, EVENT_COLUMNS)
    return 0
