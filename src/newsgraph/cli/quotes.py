"""`newsgraph quotes FILE… [-]`: who said what in articles of plain text, as a table.

One row per quote: file, speaker (name, else description, else the words), the quote, the
cue, type and confidence. `--format json` and `csv` carry every field, spans included.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsgraph.cli.output import FORMATS, print_rows
from newsgraph.decode import decode_bytes, parse_published
from newsgraph.errors import NewsgraphError
from newsgraph.model import Quote, Rejection
from newsgraph.pipeline import Input, read_many

COLUMNS = ("file", "speaker", "quote", "cue", "type", "confidence")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("quotes", help="who said what: speaker, quote and cue per quote")
    p.add_argument("files", nargs="+", help="text files; - reads standard input")
    p.add_argument("--published", help="publication date (ISO)")
    p.add_argument("--format", choices=FORMATS, default="table", help="output format")
    p.set_defaults(func=run)


def _inputs(
    args: argparse.Namespace, rejected: list[Rejection], names: list[str]
) -> Iterator[Input]:
    """The readable files as Inputs (their names appended to `names`, in order)."""
    published = parse_published(args.published)
    for name in args.files:
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            text = decode_bytes(data)
            names.append(name)
            yield Input(text, published, name=name)
        except OSError as err:
            rejected.append(Rejection(name, "open", type(err).__name__, err.strerror or str(err)))
        except NewsgraphError as err:
            rejected.append(Rejection(name, err.stage, type(err).__name__, str(err)))


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
    rejected: list[Rejection] = []
    rows: list[dict[str, Any]] = []
    names: list[str] = []
    read = 0
    for i, result in enumerate(read_many(_inputs(args, rejected, names))):
        if isinstance(result, Rejection):
            rejected.append(result)
            continue
        read += 1
        rows += [quote_row(names[i], q) for q in result.quotes]
    print_rows(rows, args.format, COLUMNS)
    for r in rejected:
        print(f"newsgraph: {r.input}: rejected at {r.stage}: {r.message}", file=sys.stderr)
    if not rejected:
        return 0
    return 1 if read else 3
