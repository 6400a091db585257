"""ingest → clean → nlp → extract → assemble: the one reading used by CLI, API and batch jobs.

Stages, in order (the stage names appear in rejections):
1. decode   bytes → str (encoding detected), empty/binary/too-large refused
2. clean    title, lede, paragraphs; residue removed with reasons
3. language non-English text refused
4. nlp      one spaCy pass (`nlp.pipe` with `as_tuples` for batches); a title-case
            headline is parsed with its common words lowercased (text/headline_case.py),
            a headline's "-s" verb read as a verb (text/headline_verbs.py)
5. extract  the registered extractors, each a read-only pass over the Doc
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing as mp
from collections import deque
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.pool import AsyncResult

from spacy.tokens import Doc

from newsgraph.errors import NewsgraphError
from newsgraph.extract import draft_of, run_extractors
from newsgraph.extract.base import Draft
from newsgraph.model import Article, Rejection, Span, content_id
from newsgraph.nlp import get_nlp, model_version
from newsgraph.text.clean import Cleaned, clean_text
from newsgraph.text.decode import check_language, check_text, parse_published, repair_text
from newsgraph.text.headline_case import for_parse, restore
from newsgraph.text.headline_verbs import mend

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


def _prepare(item: Input) -> tuple[Cleaned, str | None]:
    """Stages 1–3; raises an InputError subclass for input that cannot be read."""
    text = repair_text(item.text)
    check_text(text)
    cleaned = clean_text(text, item.known_residue)
    check_language(cleaned.text)
    published = parse_published(item.published)
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
        authors=tuple(item.authors),
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
    """Read one article of plain text; raises an InputError when it cannot be read."""
    item = Input(text, published, url, publisher)
    cleaned, pub = _prepare(item)
    doc = mend(restore(get_nlp()(for_parse(cleaned.text)), cleaned.text))
    return _assemble(doc, item, cleaned, pub)


def drafts(items: Iterable[Input], batch_size: int = 16) -> Iterator[tuple[Input, Doc, Draft]]:
    """Each readable input with its Doc and the Draft of its facts, before the summary: what
    the summary's ranking is trained on (`eval/fivew_train.py`). Unreadable inputs are
    skipped."""
    ready: list[tuple[str, tuple[Input, Cleaned, str | None]]] = []
    for item in items:
        try:
            cleaned, pub = _prepare(item)
        except NewsgraphError:
            continue
        ready.append((for_parse(cleaned.text), (item, cleaned, pub)))
    for doc, (item, cleaned, pub) in get_nlp().pipe(ready, as_tuples=True, batch_size=batch_size):
        doc = mend(restore(doc, cleaned.text))
        paragraphs = list(_paragraph_spans(cleaned.paragraphs))
        yield item, doc, draft_of(doc, cleaned.text, pub, paragraphs)


def _read_chunk(items: list[Input], batch_size: int) -> list[Article | Rejection]:
    """Read a list of inputs in one process, in order, through one `nlp.pipe`; an input that
    fails (bad input, or a bug in an extractor) becomes a Rejection, never stops the batch."""
    results: list[Article | Rejection | None] = [None] * len(items)
    ready: list[tuple[str, tuple[int, Cleaned, str | None]]] = []
    for i, item in enumerate(items):
        try:
            cleaned, pub = _prepare(item)
        except NewsgraphError as err:
            results[i] = _rejection(item, err)
            continue
        ready.append((for_parse(cleaned.text), (i, cleaned, pub)))
    for doc, (i, cleaned, pub) in get_nlp().pipe(ready, as_tuples=True, batch_size=batch_size):
        try:
            results[i] = _assemble(mend(restore(doc, cleaned.text)), items[i], cleaned, pub)
        except Exception as err:  # a bug in one extractor must not stop the batch
            log.exception("extraction failed on %s", items[i].name)
            results[i] = Rejection(items[i].name, "extract", type(err).__name__, str(err))
    return [r for r in results if r is not None]


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
    """
    chunk_size = batch_size * 4
    if n_process <= 1:
        for chunk in _chunks(items, chunk_size):
            yield from _read_chunk(chunk, batch_size)
        return
    get_nlp()  # loaded once here; forked workers share it copy-on-write
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    with mp.get_context(method).Pool(n_process) as pool:
        pending: deque[AsyncResult[list[Article | Rejection]]] = deque()
        for chunk in _chunks(items, chunk_size):
            pending.append(pool.apply_async(_read_chunk, (chunk, batch_size)))
            if len(pending) > 2 * n_process:  # bounded: memory stays flat on any corpus
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
