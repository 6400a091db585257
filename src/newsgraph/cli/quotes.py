"""`newsgraph quotes [FILE…]`: who said what, as a table — read from article files, or, without
files, queried from the database (`--speaker`, `--contains`, `--db`).

From files: one row per quote: file, speaker (name, else description, else the words), the
quote, the cue, type and confidence; `--format json` and `csv` carry every field, spans
included.
"""

from __future__ import annotations

import argparse
from typing import Any

from newsgraph.cli.dbquery import add_quotes_arguments, run_quotes
from newsgraph.cli.files import add_file_arguments, print_file_rows
from newsgraph.cli.output import add_db_options
from newsgraph.model import Quote

COLUMNS = ("file", "speaker", "quote", "cue", "type", "confidence")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("quotes", help="who said what: from files, or from the database")
    add_file_arguments(p, required=False)
    add_quotes_arguments(p)
    add_db_options(p)
    p.set_defaults(func=run)


def quote_row(name: str, q: Quote) -> dict[str, Any]:
    """One quote as a flat row: the table's columns first, then every span."""
    sp = q.speaker
    who = (sp.name or sp.description or sp.text) if sp else None
    return {
        "file": name,
        "speaker": who,
        "quote": q.text,
        "cue": q.cue.text if q.cue else None,
        "type": q.type,
        "confidence": q.confidence,
        "start": q.start,
        "end": q.end,
        "speaker_text": sp.text if sp else None,
        "speaker_start": sp.start if sp else None,
        "speaker_end": sp.end if sp else None,
        "speaker_entity": sp.entity if sp else None,
        "speaker_description": sp.description if sp else None,
        "speaker_organisation": sp.organisation if sp else None,
        "cue_start": q.cue.start if q.cue else None,
        "addressee": q.addressee.text if q.addressee else None,
        "medium": q.medium.text if q.medium else None,
    }


def run(args: argparse.Namespace) -> int:
    if not args.files:
        return run_quotes(args)
    return print_file_rows(args, lambda name, a: [quote_row(name, q) for q in a.quotes], COLUMNS)
