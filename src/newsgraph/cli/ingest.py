"""`newsgraph ingest PATH|GLOB|URL|- …`: read a corpus into the database.

Every input ends as a stored article, a duplicate linked to the article it copies, or a
rejection with stage and reason (`newsgraph rejections`). Inputs already in the database
are skipped, so running the same command again — also after a crash — adds nothing twice.
"""

from __future__ import annotations

import argparse
import glob
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.errors import ConfigError

if TYPE_CHECKING:  # the readers, the reading and rich are imported when the command runs
    from rich.console import Console
    from rich.progress import Progress

    from newsgraph.ingest.job import Summary
    from newsgraph.model import Rejection
    from newsgraph.pipeline import Input

FORMATS = ("auto", "txt", "html", "warc", "jsonl", "rss")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("ingest", help="read a corpus into the database")
    p.add_argument("sources", nargs="+", help="files, directories, globs, URLs; - is stdin")
    p.add_argument("--db", default="newsgraph.db", help="the database (default newsgraph.db)")
    p.add_argument("--format", choices=FORMATS, default="auto", help="input format")
    p.add_argument("--published", help="publication date for inputs that carry none")
    p.add_argument("--mapping", help="JSON field names: text=body,title=headline,…")
    p.add_argument(
        "--languages", help="read only these languages (ISO 639-1: en,fr); others are skipped"
    )
    p.add_argument("--workers", type=int, default=1, help="processes for the spaCy pass")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
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
    total = 0
    for source in sources:
        if source == "-" or "://" in source:
            return None
        paths = [Path(p) for p in glob.glob(source, recursive=True)] or [Path(source)]
        for path in paths:
            files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            for f in files:
                if f.name.endswith((".warc", ".warc.gz", ".xml", ".rss", ".atom")):
                    return None  # records or feed items: unknown until read
                total += _count_file(f) if f.is_file() else 1
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
        rate = s.decided / elapsed if elapsed > 0 else 0.0
        progress.update(task, completed=s.decided, rejected=s.rejected, rate=rate)

    return progress, update


def _inputs(args: argparse.Namespace) -> Iterator[Input | Rejection]:
    """The inputs of every source, from the readers (`newsgraph.ingest.iter_inputs`)."""
    from newsgraph.ingest import iter_inputs

    items: Iterable[Input | Rejection] = iter_inputs(
        args.sources,
        format=args.format,
        published=args.published,
        mapping=parse_mapping(args.mapping),
    )
    return iter(items)


def run(args: argparse.Namespace) -> int:
    from newsgraph.ingest.job import Ingest
    from newsgraph.store.sqlite import SqliteStore
    from newsgraph.text.language import parse_languages

    if args.workers < 1:
        raise ConfigError("--workers must be at least 1")
    parse_mapping(args.mapping)
    languages = parse_languages(args.languages)
    show = not args.quiet and sys.stderr.isatty()
    with SqliteStore(args.db) as store:
        job = Ingest(store, workers=args.workers, languages=languages)
        if show:
            progress, job.progress = progress_bar(estimate_total(args.sources))
            with progress:
                summary = job.run(_inputs(args))
        else:
            summary = job.run(_inputs(args))
    print(f"newsgraph: {summary.line()}", file=sys.stderr)
    if summary.rejected == 0:
        return 0
    return 1 if summary.stored or summary.duplicates or summary.skipped else 3
