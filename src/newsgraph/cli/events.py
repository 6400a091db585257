"""`newsgraph events [FILE…]`: events — type, who, with whom, where, when, status and the
evidence — one row per event, read from article files, or, without files, queried from the
database (`--type`, `--who`, `--since`, `--until`, `--db`)."""

from __future__ import annotations

import argparse

from newsgraph.cli.dbquery import add_events_arguments, run_events
from newsgraph.cli.files import add_file_arguments, print_file_rows
from newsgraph.cli.output import add_db_options
from newsgraph.model import Event

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


def run(args: argparse.Namespace) -> int:
    if not args.files:
        return run_events(args)
    return print_file_rows(args, lambda name, a: [row(name, e) for e in a.events], COLUMNS)
