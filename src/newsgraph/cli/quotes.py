"""`newsgraph quotes [FILE…]`: who said what, as a table — read from article files, or, without
files, queried from the database (`--speaker`, `--contains`, `--db`).

From files (`--speaker` and `--contains` filter them too): one row per quote: file,
speaker (name, else description, else the words), the quote, the cue, type and confidence;
`--format json` and `csv` carry every field, spans included.
"""

from __future__ import annotations

import argparse
from typing import Any

from newsgraph.cli.dbquery import add_quotes_arguments, run_quotes
from newsgraph.cli.files import add_file_arguments, every_word_in, print_file_rows
from newsgraph.cli.output import add_db_options
from newsgraph.model import Article, Quote

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


def wanted(q: Quote, speaker: str | None, contains: str | None) -> bool:
    """Whether a quote passes `--speaker` (every word in the speaker's name, description or
    words) and `--contains` (every word in the quote), as the database query filters."""
    sp = q.speaker
    who = " ".join(x for x in (sp.name, sp.description, sp.text) if x) if sp else ""
    return (not speaker or every_word_in(speaker, who)) and every_word_in(contains, q.text)


def run(args: argparse.Namespace) -> int:
    if not args.files:
        return run_quotes(args)

    def rows(name: str, article: Article) -> list[dict[str, Any]]:
        return [
            quote_row(name, q) for q in article.quotes if wanted(q, args.speaker, args.contains)
        ]

    return print_file_rows(args, rows, COLUMNS)
