"""ingest → clean → nlp → extract → assemble: the one reading used by CLI, API and batch jobs.

Stages, in order (the stage names appear in rejections):
1. decode   bytes → str (encoding detected), empty/binary/too-large refused
2. clean    title, lede, paragraphs; residue removed with reasons
3. language the language detected (text/language.py); a language outside `languages`
            (when given) is refused, as skipped by choice
4. nlp      English: one spaCy pass (`nlp.pipe` with `as_tuples` for batches); a title-case
            headline is parsed with its common words lowercased (text/headline_case.py).
            Another language: its own pipeline's NER where one is installed
            (`nlp.OTHER_MODELS`), else no pass; the stages not run are listed in
            `Article.skipped` with the reason — no facts rather than wrong ones
5. extract  the registered extractors, each a read-only pass over the Doc (English only)
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
from typing import Any

from spacy.tokens import Doc

from newsgraph.errors import NewsgraphError, UnwantedLanguage
from newsgraph.extract import EXTRACTORS, run_extractors
from newsgraph.extract.entities import NamedEntities
from newsgraph.model import Article, Rejection, Skipped, Span, content_id
from newsgraph.nlp import OTHER_MODELS, get_nlp, model_version, other_nlp, pipeline_version
from newsgraph.text.clean import Cleaned, clean_text
from newsgraph.text.decode import check_text, parse_published, repair_text
from newsgraph.text.headline_case import for_parse, restore
from newsgraph.text.language import Language, detect_language

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


@dataclass(frozen=True, slots=True)
class _Prepared:
    """An input through stages 1–3."""

    cleaned: Cleaned
    published: str | None
    language: Language


def _prepare(item: Input, languages: Collection[str] | None = None) -> _Prepared:
    """Stages 1–3; raises an InputError subclass for input that cannot (or is not to) be read."""
    text = repair_text(item.text)
    check_text(text)
    cleaned = clean_text(text, item.known_residue)
    language = detect_language(cleaned.text)
    if languages is not None and language.code not in languages:
        raise UnwantedLanguage(
            f"skipped: the text is in {language.code} (p={language.probability:.2f}), "
            f"not in the languages asked for ({', '.join(sorted(languages))})"
        )
    return _Prepared(cleaned, parse_published(item.published), language)


def _article(item: Input, ready: _Prepared, model: str, **facts: Any) -> Article:
    cleaned = ready.cleaned
    return Article(
        id=content_id(cleaned.text, length=64),
        title=cleaned.title,
        lede=cleaned.lede,
        text=cleaned.text,
        published=ready.published,
        publisher=item.publisher,
        url=item.url,
        authors=tuple(item.authors),
        language=ready.language.code,
        language_probability=ready.language.probability,
        paragraphs=_paragraph_spans(cleaned.paragraphs),
        residue=cleaned.residue,
        model=model,
        **facts,
    )


def _assemble(doc: Doc, item: Input, ready: _Prepared) -> Article:
    """Stage 5 for English: run the extractors and build the Article."""
    paragraphs = list(_paragraph_spans(ready.cleaned.paragraphs))
    facts = run_extractors(doc, ready.cleaned.text, ready.published, paragraphs)
    return _article(item, ready, model_version(), **facts)


ENGLISH_ONLY = (*(name for name, _ in EXTRACTORS if name != "entities"), "summary")


def _assemble_other(item: Input, ready: _Prepared, doc: Doc | None = None) -> Article:
    """An article in another language: the entities of its own pipeline's NER where one is
    installed (`doc`), and the stages not run with the reason."""
    code = ready.language.code
    nlp = other_nlp(code) if doc is not None else None
    if nlp is None or doc is None:
        reason = f"no reading for {code}: entities, quotes and events are read in English"
        if code in OTHER_MODELS:
            reason += f" (and in {code} with the optional package {OTHER_MODELS[code]})"
        return _article(item, ready, "", skipped=(Skipped("nlp", reason),))
    reason = f"an English-only reading; the article is in {code}"
    return _article(
        item,
        ready,
        pipeline_version(nlp),
        entities=tuple(NamedEntities()(doc)),
        skipped=tuple(Skipped(stage, reason) for stage in ENGLISH_ONLY),
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
    ready = _prepare(item)
    text = ready.cleaned.text
    if ready.language.code == "en":
        return _assemble(restore(get_nlp()(for_parse(text)), text), item, ready)
    nlp = other_nlp(ready.language.code)
    return _assemble_other(item, ready, nlp(text) if nlp is not None else None)


def _read_group(
    code: str, group: list[tuple[str, tuple[int, _Prepared]]], items: list[Input], batch_size: int
) -> Iterator[tuple[int, Article | Rejection]]:
    """The articles of one language's inputs, through one `nlp.pipe` of its pipeline."""
    nlp = get_nlp() if code == "en" else other_nlp(code)
    if nlp is None:
        for _, (i, ready) in group:
            yield i, _assemble_other(items[i], ready)
        return
    for doc, (i, ready) in nlp.pipe(group, as_tuples=True, batch_size=batch_size):
        try:
            if code == "en":
                yield i, _assemble(restore(doc, ready.cleaned.text), items[i], ready)
            else:
                yield i, _assemble_other(items[i], ready, doc)
        except Exception as err:  # a bug in one extractor must not stop the batch
            log.exception("extraction failed on %s", items[i].name)
            yield i, Rejection(items[i].name, "extract", type(err).__name__, str(err))


def _read_in_order(
    items: list[Input], batch_size: int, languages: Collection[str] | None = None
) -> Iterator[Article | Rejection]:
    """Read a list of inputs in one process, one `nlp.pipe` per language, yielding each
    result (in input order) as soon as it and those before it are read; an input that fails
    (bad input, or a bug in an extractor) becomes a Rejection, never stops the batch."""
    results: list[Article | Rejection | None] = [None] * len(items)
    groups: dict[str, list[tuple[str, tuple[int, _Prepared]]]] = {}
    for i, item in enumerate(items):
        try:
            ready = _prepare(item, languages)
        except NewsgraphError as err:
            results[i] = _rejection(item, err)
            continue
        code = ready.language.code
        text = for_parse(ready.cleaned.text) if code == "en" else ready.cleaned.text
        groups.setdefault(code, []).append((text, (i, ready)))
    done = 0
    for code, group in groups.items():
        for i, result in _read_group(code, group, items, batch_size):
            results[i] = result
            while done < len(items) and (ready_result := results[done]) is not None:
                yield ready_result
                done += 1
    yield from (r for r in results[done:] if r is not None)


def _read_chunk(
    items: list[Input], batch_size: int, languages: Collection[str] | None = None
) -> list[Article | Rejection]:
    """`_read_in_order` as a list: what a worker process sends back."""
    return list(_read_in_order(items, batch_size, languages))


def _as_input(item: str | Input) -> Input:
    return item if isinstance(item, Input) else Input(item)


def _chunks(items: Iterable[str | Input], size: int) -> Iterator[list[Input]]:
    it = iter(items)
    while chunk := [_as_input(x) for x in islice(it, size)]:
        yield chunk


def read_many(
    items: Iterable[str | Input],
    n_process: int = 1,
    batch_size: int = 16,
    languages: Collection[str] | None = None,
) -> Iterator[Article | Rejection]:
    """Stream articles (or rejections, in input order) through one spaCy pass per process.

    With `n_process > 1` worker processes (forked after the model is loaded, where the OS
    allows) read whole chunks and send back Articles (a few KB each), never Docs.
    `languages` (ISO 639-1 codes): read only articles in these; the others become
    Rejections at stage "language" (UnwantedLanguage), so that none is dropped unseen.
    """
    chunk_size = batch_size * 4
    wanted = frozenset(languages) if languages is not None else None
    if n_process <= 1:
        for chunk in _chunks(items, chunk_size):
            yield from _read_in_order(chunk, batch_size, wanted)
        return
    get_nlp()  # loaded once here; forked workers share it copy-on-write
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    with mp.get_context(method).Pool(n_process) as pool:
        pending: deque[AsyncResult[list[Article | Rejection]]] = deque()
        for chunk in _chunks(items, chunk_size):
            pending.append(pool.apply_async(_read_chunk, (chunk, batch_size, wanted)))
            if len(pending) > 2 * n_process:  # bounded: memory stays flat on any corpus
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
