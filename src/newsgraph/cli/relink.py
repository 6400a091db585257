"""`newsgraph relink`: rebuild every corpus entity from the stored articles (after a better
release), hand corrections applied again, and report what changed."""

from __future__ import annotations

import argparse

from newsgraph.cli.output import add_db_options, open_db, print_object


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "relink", help="rebuild the corpus entities from the stored articles; what changed"
    )
    add_db_options(p, default_format="json")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_db(args) as ng:
        report = ng.relink()
    if args.format == "json":
        print_object(report, "json")
        return 0
    summary = {k: v for k, v in report.items() if not isinstance(v, list)}
    summary.update({k: len(v) for k, v in report.items() if isinstance(v, list)})
    print_object(summary, "table")
    return 0
