"""`newsgraph entity NAME`: one person (or organisation, place) gathered across articles."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from newsgraph.cli.output import add_db_options, open_db, print_object, print_rows


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("entity", help="an entity across articles: mentions, roles, quotes")
    p.add_argument("name", help='a name as written ("Mark Milley", "Milley", "Taliban")')
    add_db_options(p)
    p.set_defaults(func=run)


def _facts(page: dict[str, Any], every_mention: bool = True) -> list[dict[str, Any]]:
    """Mentions (or the first of each article), quotes and events as rows (kind, article, …)."""
    firsts = {m["article_id"]: m for m in reversed(page["mentions"])}
    mentions = page["mentions"] if every_mention else list(reversed(firsts.values()))
    rows = [
        {
            "kind": "mention",
            "article_id": m["article_id"],
            "text": m["text"],
            "start": m["start"],
            "end": m["end"],
            "detail": m["kind"],
        }
        for m in mentions
    ]
    rows += [
        {
            "kind": "quote",
            "article_id": q["article_id"],
            "text": q["text"],
            "start": q["start"],
            "end": q["end"],
            "detail": q["cue"],
        }
        for q in page["quotes"]
    ]
    rows += [
        {
            "kind": "event",
            "article_id": e["article_id"],
            "text": e["trigger"],
            "start": None,
            "end": None,
            "detail": f"{e['type']} {e['time'] or ''}".strip(),
        }
        for e in page["events"]
    ]
    return rows


def run(args: argparse.Namespace) -> int:
    with open_db(args) as ng:
        page = ng.entity(args.name)
    if page is None:
        print(f"newsgraph: no entity named {args.name!r}", file=sys.stderr)
        return 1
    if args.format == "json":
        print_object(page, "json")
    elif args.format == "csv":
        print_rows(_facts(page), "csv", [])
    else:
        print_object(
            {
                "name": page["name"],
                "type": page["type"],
                "names": page["names"],
                "titles": page["titles"],
                "roles": page["roles"],
                "articles": len(page["articles"]),
                "mentions": len(page["mentions"]),
                "quotes": len(page["quotes"]),
                "events": len(page["events"]),
                "other candidates": [c["name"] for c in page["other_candidates"]],
            },
            "table",
        )
        print()
        print_rows(
            _facts(page, every_mention=False), "table", ["kind", "article_id", "text", "detail"]
        )
    return 0
