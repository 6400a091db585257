"""`newsgraph schema`: print the JSON Schema of the output (schema newsgraph/1)."""

from __future__ import annotations

import argparse
import json

from newsgraph.schema import article_schema


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("schema", help="print the JSON Schema of the article output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    print(json.dumps(article_schema(), indent=2))
    return 0
