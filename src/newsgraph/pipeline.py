"""ingest → clean → nlp → extract → assemble: the one reading used by CLI, API and batch jobs.

Stages, in order (the stage names appear in rejections):
1. decode   bytes → str (encoding detected), empty/binary/too-large refused
2. clean    title, lede, paragraphs; residue removed with reasons; runs without a space
            over `text.limits.MAX_RUN_CHARS` cut; an input date that is not an absolute
            date dropped (as residue with the reason)
3. language non-English text refused
4. nlp      one spaCy pass (`nlp.pipe` with `as_tuples` for batches); a title-case
            headline is parsed with its common words lowercased (text/headline_case.py)
5. extract  the registered extractors, each a read-only pass over the Doc
Every input has a time budget (`Settings.time_budget`, see budget.py) over stages 2–5: past
it, it is rejected at the stage it had reached and the batch goes on.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import datetime as dt
import logging
import multiprocessing as mp
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.pool import AsyncResult

from spacy.tokens import Doc

from newsgraph.budget import Budget, deadline
from newsgraph.errors import NewsgraphError, OverTimeBudget
from newsgraph.extract import run_extractors
from newsgraph.model import Article, Rejection, Span, content_id
from newsgraph.nlp import get_nlp, model_version
from newsgraph.settings import Settings
from newsgraph.text.clean import Cleaned, clean_text
from newsgraph.text.decode import (
    check_language,
    check_text,
    input_published,
    parse_published,
    repair_text,
)
from newsgraph.text.headline_case import for_parse, restore
from newsgraph.text.limits import cap_runs

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Input:
    """One article to read: its text and what the source says about it."""

    text: str
    published: str | dt.date | None = None
    url: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    name: str = "<text>"
    known_residue: Collection[str] = field(default_factory=frozenset)


def _paragraph_spans(paragraphs: Iterable[str]) -> tuple[Span, ...]:
    spans, pos = [], 0
    for p in paragraphs:
        spans.append(Span(pos, pos + len(p)))
        pos += len(p) + 2
    return tuple(spans)


def repair_input(item: Input) -> Input:
    """The input with its text, name, publisher, URL and authors as storable Unicode
    (`repair_text`: no surrogates, no NULs), so every backend stores the same."""
    return dataclasses.replace(
        item,
        text=repair_text(item.text),
        name=repair_text(item.name),
        publisher=repair_text(item.publisher) if item.publisher else item.publisher,
        url=repair_text(item.url) if item.url else item.url,
        authors=tuple(repair_text(a) for a in item.authors),
    )


def repair_rejection(rejection: Rejection) -> Rejection:
    """The rejection with its input's name and its message (which may quote the input: a
    JSON key, a value) as storable Unicode, as `repair_input`."""
    return dataclasses.replace(
        rejection, input=repair_text(rejection.input), message=repair_text(rejection.message)
    )


def _prepare(item: Input) -> tuple[Cleaned, str | None]:
    """Stages 1–3 of a repaired input (`repair_input`); raises an InputError subclass for
    input that cannot be read."""
    check_text(item.text)
    text, cut = cap_runs(item.text)
    cleaned = clean_text(text, item.known_residue)
    check_language(cleaned.text)
    published, unread = input_published(item.published)
    if cut or unread:
        residue = (*cleaned.residue, *cut, *((unread,) if unread else ()))
        cleaned = dataclasses.replace(cleaned, residue=residue)
    return cleaned, published


def _assemble(doc: Doc, item: Input, cleaned: Cleaned, published: str | None) -> Article:
    """Stage 5: run the extractors and build the Article."""
    paragraphs = _paragraph_spans(cleaned.paragraphs)
    facts = run_extractors(doc, cleaned.text, published, list(paragraphs))
    return Article(
        id=content_id(cleaned.text, length=64),
        title=cleaned.title,
        lede=cleaned.lede,
        text=cleaned.text,
        published=published,
        publisher=item.publisher,
        url=item.url,
        authors=item.authors,
        paragraphs=paragraphs,
        residue=cleaned.residue,
        model=model_version(),
        **facts,
    )


def _rejection(item: Input, err: NewsgraphError) -> Rejection:
    return Rejection(item.name, err.stage, type(err).__name__, str(err))


def read(
    text: str,
    published: str | dt.date | None = None,
    url: str | None = None,
    publisher: str | None = None,
) -> Article:
    """Read one article of plain text; raises an InputError when it cannot be read (also
    OverTimeBudget past `Settings.time_budget`) and a ConfigError for a `published` that is
    not an absolute date."""
    item = repair_input(Input(text, parse_published(published), url, publisher))
    budget = Budget(Settings.from_env().time_budget)
    with budget.stage("clean"):
        cleaned, pub = _prepare(item)
    with budget.stage("nlp"):
        doc = restore(get_nlp()(for_parse(cleaned.text)), cleaned.text)
    with budget.stage("extract"):
        return _assemble(doc, item, cleaned, pub)


_Ready = tuple[str, tuple[int, Cleaned, str | None]]


def _parsed(
    ready: list[_Ready], batch_size: int, budgets: list[Budget]
) -> Iterator[tuple[Doc | OverTimeBudget, tuple[int, Cleaned, str | None]]]:
    """The Doc of each ready input, in order, from one `nlp.pipe`. Each batch of the pipe
    may take what is left of its inputs' budgets together, and charges each its share by
    length; past that, the inputs not yet parsed are parsed one by one, each within its own
    budget (an OverTimeBudget in place of its Doc)."""
    nlp = get_nlp()
    docs = nlp.pipe(ready, as_tuples=True, batch_size=batch_size)
    for first in range(0, len(ready), batch_size):
        batch = ready[first : first + batch_size]
        lefts = [budgets[i].left for _, (i, _c, _p) in batch]
        limit = None if None in lefts else sum(max(s or 0.0, 0.0) for s in lefts)
        start = time.perf_counter()
        try:
            with deadline(limit, "nlp", budgets[batch[0][1][0]].total):
                parsed = [next(docs) for _ in batch]
        except OverTimeBudget:
            break
        elapsed, chars = time.perf_counter() - start, sum(len(t) for t, _ in batch) or 1
        for text, (i, _c, _p) in batch:
            budgets[i].charge(elapsed * len(text) / chars)
        yield from parsed
    else:
        return
    for text, context in ready[first:]:
        try:
            with budgets[context[0]].stage("nlp"):
                doc = nlp(text)
        except OverTimeBudget as err:
            yield err, context
            continue
        yield doc, context


def _read_chunk(items: list[Input], batch_size: int) -> list[Article | Rejection]:
    """Read a list of inputs in one process, in order, through one `nlp.pipe`; an input that
    fails (bad input, over its time budget, or a bug in an extractor) becomes a Rejection,
    never stops the batch."""
    seconds = Settings.from_env().time_budget
    budgets = [Budget(seconds) for _ in items]
    results: list[Article | Rejection | None] = [None] * len(items)
    ready: list[_Ready] = []
    items = [repair_input(item) for item in items]
    for i, item in enumerate(items):
        try:
            with budgets[i].stage("clean"):
                cleaned, pub = _prepare(item)
        except NewsgraphError as err:
            results[i] = _rejection(item, err)
            continue
        ready.append((for_parse(cleaned.text), (i, cleaned, pub)))
    for doc, (i, cleaned, pub) in _parsed(ready, batch_size, budgets):
        try:
            if isinstance(doc, OverTimeBudget):
                raise doc
            budgets[i].check("nlp")  # its share of the parse may have used it up
            with budgets[i].stage("extract"):
                results[i] = _assemble(restore(doc, cleaned.text), items[i], cleaned, pub)
        except OverTimeBudget as err:
            results[i] = _rejection(items[i], err)
        except Exception as err:  # a bug in one extractor must not stop the batch
            log.exception("extraction failed on %s", items[i].name)
            results[i] = Rejection(items[i].name, "extract", type(err).__name__, str(err))
    _give_back_memory()
    return [r for r in results if r is not None]


def _give_back_memory() -> None:
    """Return the heap a chunk freed to the system (glibc's malloc_trim), so the parse's
    large transient arrays do not pile up in a long run's workers (bench/ingest.py --memory
    over 2,225 BBC inputs, 2 workers: peak PSS of all processes 647 → 601 MB, flat in the
    second half either way). A few milliseconds per chunk of 64 inputs."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).malloc_trim(0)


_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """In a worker: be killed when the process that started it dies (Linux), so a killed
    ingest leaves no worker behind holding its files (the database lock among them)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _as_input(item: str | Input) -> Input:
    return item if isinstance(item, Input) else Input(item)


def _chunks(items: Iterable[str | Input], size: int) -> Iterator[list[Input]]:
    it = iter(items)
    while chunk := [_as_input(x) for x in islice(it, size)]:
        yield chunk


def read_many(
    items: Iterable[str | Input], n_process: int = 1, batch_size: int = 16
) -> Iterator[Article | Rejection]:
    """Stream articles (or rejections, in input order) through one spaCy pass per process.

    With `n_process > 1` worker processes (forked after the model is loaded, where the OS
    allows) read whole chunks and send back Articles (a few KB each), never Docs.
    A batch_size or n_process under 1 is a ValueError.
    """
    if batch_size < 1 or n_process < 1:
        raise ValueError(f"batch_size and n_process must be at least 1: {batch_size}, {n_process}")
    chunk_size = batch_size * 4
    if n_process <= 1:
        for chunk in _chunks(items, chunk_size):
            yield from _read_chunk(chunk, batch_size)
        return
    get_nlp()  # loaded once here; forked workers share it copy-on-write
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    pool = mp.get_context(method).Pool(n_process, _die_with_parent, (os.getpid(),))
    with pool:
        pending: deque[AsyncResult[list[Article | Rejection]]] = deque()
        for chunk in _chunks(items, chunk_size):
            pending.append(pool.apply_async(_read_chunk, (chunk, batch_size)))
            if len(pending) > 2 * n_process:  # bounded: memory stays flat on any corpus
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
