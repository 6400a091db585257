"""`newsgraph ingest PATH|GLOB|URL|- …`: read a corpus into the database.

Every input ends as a stored article, a duplicate linked to the article it copies, or a
rejection with stage and reason (`newsgraph rejections`). Inputs already in the database
are skipped, so running the same command again — also after a crash — adds nothing twice;
inputs rejected for a reason that may pass (network error, HTTP 404/5xx, missing file) are
read again, and with `--retry-rejected` every rejected input is. A bad `--published`,
`--mapping` or `--format` is a usage error (exit 2) before anything is read or stored.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.cli.output import DB_HELP
from newsgraph.errors import ConfigError

if TYPE_CHECKING:  # the readers, the reading and rich are imported when the command runs
    from rich.console import Console
    from rich.progress import Progress

    from newsgraph.ingest.job import Summary
    from newsgraph.model import Rejection
    from newsgraph.pipeline import Input

FORMATS = ("auto", "txt", "html", "warc", "jsonl", "rss")
ENGINES = ("local", "ray")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("ingest", help="read a corpus into the database")
    p.add_argument("sources", nargs="+", help="files, directories, globs, URLs; - is stdin")
    p.add_argument("--db", default="newsgraph.db", help=DB_HELP)
    p.add_argument("--format", choices=FORMATS, default="auto", help="input format")
    p.add_argument("--published", help="publication date for inputs that carry none")
    p.add_argument("--mapping", help="JSON field names: text=body,title=headline,…")
    p.add_argument(
        "--languages", help="read only these languages (ISO 639-1: en,fr); others are skipped"
    )
    p.add_argument(
        "--workers", type=int, help="processes (local, default 1) or actors (ray: the CPUs)"
    )
    p.add_argument("--engine", choices=ENGINES, default="local", help="where reading runs")
    p.add_argument("--ray-address", help="a Ray cluster: auto or ray://HOST:PORT (default local)")
    p.add_argument("--shards", help="ray into SQLite: keep the Parquet shards in this folder")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--retry-rejected", action="store_true", help="read every rejected input again"
    )
    p.set_defaults(func=run)


def parse_mapping(value: str | None) -> dict[str, str] | None:
    """`text=body,title=headline` → {"text": "body", "title": "headline"}."""
    if not value:
        return None
    pairs = [part.split("=", 1) for part in value.split(",") if part.strip()]
    if any(len(p) != 2 or not p[0].strip() or not p[1].strip() for p in pairs):
        raise ConfigError(f"--mapping wants FIELD=NAME pairs separated by commas, not {value!r}")
    return {k.strip(): v.strip() for k, v in pairs}


def _count_file(path: Path) -> int:
    if path.suffix in {".jsonl", ".ndjson"}:
        with path.open("rb") as f:
            return sum(1 for line in f if line.strip())
    return 1


def estimate_total(sources: Sequence[str]) -> int | None:
    """How many inputs the sources hold, counted cheaply; None when it cannot be known."""
    expand = importlib.import_module("newsgraph.ingest.paths").expand
    total = 0
    for source in sources:
        if source == "-" or "://" in source:
            return None
        for entry in expand(source) or []:
            path = Path(entry.path)
            if path.name.endswith((".warc", ".warc.gz", ".xml", ".rss", ".atom")):
                return None  # records or feed items: unknown until read
            total += _count_file(path) if entry.reason is None else 1
    return total


def progress_bar(
    total: int | None, console: Console | None = None
) -> tuple[Progress, Callable[[Summary], None]]:
    """A bar with done/total, articles/s, the rejected count and the ETA; its update hook,
    called with every input decided (so the bar and its rate move per article)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TextColumn("{task.fields[rejected]} rejected"),
        TimeRemainingColumn(),
        console=console or Console(stderr=True),
        transient=True,
        speed_estimate_period=60.0,
    )
    task = progress.add_task("ingest", total=total, rejected=0, rate=0.0)

    def update(s: Summary) -> None:
        elapsed = next(t for t in progress.tasks if t.id == task).elapsed or 0.0
        done = max(s.decided, s.stored + s.duplicates + s.rejected + s.skipped)  # Ray: written
        rate = done / elapsed if elapsed > 0 else 0.0
        progress.update(task, completed=done, rejected=s.rejected, rate=rate)

    return progress, update


def _inputs(args: argparse.Namespace) -> Iterator[Input | Rejection]:
    """The inputs of every source, from the readers (`newsgraph.ingest.iter_inputs`), which
    check --format, --published and --mapping before they read anything."""
    readers = importlib.import_module("newsgraph.ingest")  # looked up when the command runs
    items: Iterable[Input | Rejection] = readers.iter_inputs(
        args.sources,
        format=args.format,
        published=args.published,
        mapping=parse_mapping(args.mapping),
    )
    return iter(items)


def _run_engine(
    args: argparse.Namespace,
    items: Iterator[Input | Rejection],
    update: Callable[[Summary], None] | None,
    languages: frozenset[str] | None,
) -> Summary:
    """The ingest on the engine asked for: `items` locally; Ray reads the sources itself."""
    if args.engine == "ray":
        try:
            engine = importlib.import_module("newsgraph.scale.ray")  # Ray only when asked for
        except ModuleNotFoundError as err:
            needs = f"--engine ray needs {err.name}: pip install 'newsgraph[ray]'"
            raise ConfigError(needs) from None
        options = {"format": args.format, "published": args.published}
        options["mapping"] = parse_mapping(args.mapping)
        summary: Summary = engine.ingest(
            args.sources, args.db, options, workers=args.workers, address=args.ray_address,
            shard_dir=args.shards, progress=update, retry_rejected=args.retry_rejected,
            languages=languages,
        )
        return summary
    from newsgraph.ingest.job import Ingest
    from newsgraph.store import open_store

    with open_store(args.db) as store:
        job = Ingest(
            store, workers=args.workers or 1, progress=update, retry_rejected=args.retry_rejected
        )
        job.languages = languages
        return job.run(items)


def run(args: argparse.Namespace) -> int:
    if args.workers is not None and args.workers < 1:
        raise ConfigError("--workers must be at least 1")
    if args.engine != "ray" and (args.ray_address or args.shards):
        raise ConfigError("--ray-address and --shards go with --engine ray")
    from newsgraph.text.language import parse_languages

    languages = parse_languages(args.languages)
    items = _inputs(args)  # usage errors here: nothing read, no database made
    show = not args.quiet and sys.stderr.isatty()
    if show:
        progress, update = progress_bar(estimate_total(args.sources))
        with progress:
            summary = _run_engine(args, items, update, languages)
    else:
        summary = _run_engine(args, items, None, languages)
    print(f"newsgraph: {summary.line()}", file=sys.stderr)
    return exit_code(summary)


def exit_code(summary: Summary) -> int:
    """0 when nothing was rejected; 1 when some inputs were; 3 when no input was read."""
    if summary.rejected == 0:
        return 0
    return 1 if summary.stored or summary.duplicates or summary.skipped else 3
