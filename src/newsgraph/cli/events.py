"""`newsgraph events [FILE…]`: events — type, who, with whom, where, when, status and the
evidence — one row per event, read from article files, or, without files, queried from the
database (`--type`, `--who`, `--since`, `--until`, `--db`); the filters apply to files too."""

from __future__ import annotations

import argparse

from newsgraph.cli.dbquery import add_events_arguments, check_type, run_events
from newsgraph.cli.files import add_file_arguments, every_word_in, print_file_rows
from newsgraph.cli.output import add_db_options
from newsgraph.model import Article, Event

COLUMNS = ("file", "type", "who", "with", "where", "when", "status", "trigger", "evidence")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("events", help="events: from files, or from the database")
    add_file_arguments(p, required=False)
    add_events_arguments(p)
    add_db_options(p)
    p.set_defaults(func=run)


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


def in_time(value: str | None, since: str | None, until: str | None) -> bool:
    """Whether a time value is within `since`/`until`, compared at the value's own
    granularity (2020-12 is since 2020-12-01), as the database query compares them."""
    if not since and not until:
        return True
    if not value or not value[:4].isdigit():
        return False
    after = not since or value >= since[: len(value)]
    return after and (not until or value[: len(until)] <= until)


def wanted(event: Event, args: argparse.Namespace, since: str | None, until: str | None) -> bool:
    """Whether an event passes `--type`, `--who` (every word in one participant's name)
    and `--since`/`--until`."""
    names = [p.name or p.text for p in event.participants]
    return (
        (not args.type or event.type == args.type)
        and (not args.who or any(every_word_in(args.who, n) for n in names))
        and in_time(event.time.value if event.time else None, since, until)
    )


def run(args: argparse.Namespace) -> int:
    check_type(args.type)
    if not args.files:
        return run_events(args)
    from newsgraph.text.decode import parse_published

    since, until = parse_published(args.since), parse_published(args.until)

    def rows(name: str, article: Article) -> list[dict[str, str]]:
        return [row(name, e) for e in article.events if wanted(e, args, since, until)]

    return print_file_rows(args, rows, COLUMNS)
