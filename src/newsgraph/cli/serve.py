"""`newsgraph serve [--db FILE] [--host H] [--port P] [--allow-writes --token T]
[--allow-extract] [--extract-workers N]`.

Serves the JSON API (OpenAPI at /docs) and the web UI over one database. Read-only and
bound to 127.0.0.1 unless told otherwise; writes (`POST /api/v1/articles`) need both
`--allow-writes` and a token (`--token T` or `NEWSGRAPH_TOKEN`), sent as `Authorization:
Bearer T`. Reading articles (`POST /api/v1/extract`) needs `--allow-extract` (or writes):
it runs in `--extract-workers` processes of its own, so reads never wait for it.
"""

from __future__ import annotations

import argparse
import os
import sys

from newsgraph.cli.output import DB_HELP
from newsgraph.errors import ConfigError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("serve", help="serve the HTTP API and web UI over a database")
    p.add_argument("--db", default="newsgraph.db", help=DB_HELP)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--allow-writes", action="store_true", help="accept POST /api/v1/articles (needs a token)"
    )
    p.add_argument("--token", help="the bearer token writes need (or NEWSGRAPH_TOKEN)")
    p.add_argument(
        "--allow-extract", action="store_true", help="accept POST /api/v1/extract (reads articles)"
    )
    p.add_argument(
        "--extract-workers", type=int, default=1, help="processes reading articles (default 1)"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from newsgraph.serve import create_app

    if not 0 < args.port < 65536:
        raise ConfigError(f"--port must be 1–65535, not {args.port}")
    token = args.token or os.environ.get("NEWSGRAPH_TOKEN") or None
    if token and not args.allow_writes:
        print("newsgraph: --token given without --allow-writes: serving read-only", file=sys.stderr)
    app = create_app(
        args.db,
        allow_writes=args.allow_writes,
        token=token,
        allow_extract=args.allow_extract,
        extract_workers=args.extract_workers,
    )
    mode = "read-write" if args.allow_writes else "read-only"
    print(
        f"newsgraph: serving {args.db} ({mode}) at http://{args.host}:{args.port}/", file=sys.stderr
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0
