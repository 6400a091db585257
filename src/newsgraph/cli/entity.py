"""`newsgraph entity NAME|ID`: one corpus entity (a person, organisation, place) across
articles; `newsgraph entity merge ID ID …`, `split ID --mention …|--form NAME` and
`rename ID NAME`: hand corrections, stored as overrides that survive re-ingest and relink.
An ambiguous name lists its candidates (with their ids)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from newsgraph.cli.output import add_db_options, open_db, print_object, print_rows
from newsgraph.errors import ConfigError

ACTIONS = ("merge", "split", "rename")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "entity", help="a corpus entity across articles; merge, split, rename by hand"
    )
    p.add_argument(
        "words",
        nargs="+",
        metavar="NAME|ID | merge ID ID … | split ID | rename ID NAME",
        help='a name as written ("Mark Milley", "Milley", "Taliban") or a corpus entity id',
    )
    p.add_argument(
        "--mention",
        action="append",
        default=[],
        metavar="ARTICLE_ID/ENTITY_ID",
        help="split: an article entity to split off (repeatable)",
    )
    p.add_argument("--form", help="split: every linked article entity of this name")
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


def _correct(args: argparse.Namespace) -> dict[str, Any]:
    """Apply merge, split or rename; the entity page after it."""
    action, rest = args.words[0], args.words[1:]
    with open_db(args) as ng:
        if action == "merge":
            return ng.merge(rest)
        if action == "split":
            if len(rest) != 1:
                raise ConfigError("entity split takes one ID (and --mention or --form)")
            return ng.split(rest[0], args.mention, args.form)
        if len(rest) < 2:
            raise ConfigError("entity rename takes an ID and the new name")
        return ng.rename(rest[0], " ".join(rest[1:]))


def run(args: argparse.Namespace) -> int:
    if args.words[0] in ACTIONS and len(args.words) > 1:
        return _show(_correct(args), args.format)
    name = " ".join(args.words)
    if args.mention or args.form:
        raise ConfigError("--mention and --form belong to `newsgraph entity split`")
    with open_db(args) as ng:
        page = ng.entity(name)
    if page is None:
        print(f"newsgraph: no entity named {name!r}", file=sys.stderr)
        return 1
    if page.get("ambiguous"):
        print(f"newsgraph: several entities are named {name!r}; pass an id", file=sys.stderr)
        print_rows(page["candidates"], args.format, ["id", "name", "type", "articles"])
        return 0
    return _show(page, args.format)


def _show(page: dict[str, Any], fmt: str) -> int:
    if fmt == "json":
        print_object(page, "json")
    elif fmt == "csv":
        print_rows(_facts(page), "csv", [])
    else:
        print_object(
            {
                "id": page["id"],
                "name": page["name"],
                "type": page["type"],
                "names": page["names"],
                "titles": page["titles"],
                "roles": page["roles"],
                "articles": len(page["articles"]),
                "mentions": len(page["mentions"]),
                "quotes": len(page["quotes"]),
                "events": len(page["events"]),
                "seen": " – ".join(dict.fromkeys(
                    d for d in (page["first_seen"], page["last_seen"]) if d
                )),
                "other candidates": [
                    f"{c['name']} ({c['id']})" for c in page["other_candidates"]
                ],
            },
            "table",
        )
        print()
        print_rows(
            _facts(page, every_mention=False), "table", ["kind", "article_id", "text", "detail"]
        )
    return 0
