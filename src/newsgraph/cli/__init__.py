"""The `newsgraph` command: one module per subcommand, each thin over the Python API.

Only argparse and the light modules are imported to build the parser: the reading (spaCy),
the readers and the server are imported by the command that runs, so `--help` is quick.

Exit codes: 0 success; 1 some inputs were rejected (the others were read); 2 bad usage or
setting; 3 no input could be read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from newsgraph import __version__
from newsgraph.cli import (
    entity,
    events,
    export,
    extract,
    ingest,
    load,
    quotes,
    rejections,
    relink,
    restory,
    schema,
    search,
    serve,
    stats,
)
from newsgraph.errors import NewsgraphError

# Each module has `register(subparsers)`, which sets `func(args) -> int` on its parser.
COMMANDS = [
    extract,
    quotes,
    events,
    schema,
    ingest,
    load,
    search,
    entity,
    relink,
    stats,
    rejections,
    export,
    restory,
    serve,
]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="newsgraph", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; errors become one line on stderr and a non-zero exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except NewsgraphError as err:
        print(f"newsgraph: {err}", file=sys.stderr)
        return err.exit_code
    except BrokenPipeError:
        return 0
