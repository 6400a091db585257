"""ingest → clean → nlp → extract → assemble: the one reading used by CLI, API and batch jobs.

Stages, in order (the stage names appear in rejections):
1. decode   bytes → str (encoding detected), empty/binary/too-large refused
2. clean    title, lede, paragraphs; residue removed with reasons; runs without a space
            over `text.limits.MAX_RUN_CHARS` cut; an input date that is not an absolute
            date dropped (as residue with the reason)
3. language the language detected (text/language.py); a language outside `languages`
            (when given) is refused, as skipped by choice
4. nlp      English: one spaCy pass (`nlp.pipe` with `as_tuples` for batches); a title-case
            headline is parsed with its common words lowercased (text/headline_case.py),
            a headline's "-s" verb read as a verb (text/headline_verbs.py).
            Another language: its own pipeline's NER where one is installed
            (`nlp.OTHER_MODELS`), else no pass; the stages not run are listed in
            `Article.skipped` with the reason — no facts rather than wrong ones
5. extract  the registered extractors, each a read-only pass over the Doc (English only)
Every input has a time budget (`Settings.time_budget`, see budget.py) over stages 2–5: past
it, it is rejected at the stage it had reached and the batch goes on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import logging
import time
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import islice
from typing import Any

from spacy.language import Language as Pipeline
from spacy.tokens import Doc

from newsgraph.budget import Budget, deadline
from newsgraph.errors import NewsgraphError, OverTimeBudget, UnwantedLanguage
from newsgraph.extract import EXTRACTORS, draft_of, run_extractors
from newsgraph.extract.base import Draft
from newsgraph.extract.entities import NamedEntities
from newsgraph.model import Article, Rejection, Skipped, Span, content_id
from newsgraph.nlp import OTHER_MODELS, get_nlp, model_version, other_nlp, pipeline_version
from newsgraph.settings import Settings
from newsgraph.text.clean import Cleaned, clean_text
from newsgraph.text.decode import check_text, input_published, parse_published, repair_text
from newsgraph.text.headline_case import for_parse, restore
from newsgraph.text.headline_verbs import mend
from newsgraph.text.language import Language, detect_language
from newsgraph.text.limits import cap_runs
from newsgraph.workers import give_back_memory, in_pool

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


@dataclass(frozen=True, slots=True)
class _Prepared:
    """An input through stages 1–3."""

    cleaned: Cleaned
    published: str | None
    language: Language


def _prepare(item: Input, languages: Collection[str] | None = None) -> _Prepared:
    """Stages 1–3 of a repaired input (`repair_input`); raises an InputError subclass for
    input that cannot (or is not to) be read."""
    check_text(item.text)
    text, cut = cap_runs(item.text)
    cleaned = clean_text(text, item.known_residue)
    language = detect_language(cleaned.text)
    if languages is not None and language.code not in languages:
        raise UnwantedLanguage(
            f"skipped: the text is in {language.code} (p={language.probability:.2f}), "
            f"not in the languages asked for ({', '.join(sorted(languages))})"
        )
    published, unread = input_published(item.published)
    if cut or unread:
        residue = (*cleaned.residue, *cut, *((unread,) if unread else ()))
        cleaned = dataclasses.replace(cleaned, residue=residue)
    return _Prepared(cleaned, published, language)


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
        authors=item.authors,
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


def _finish(doc: Doc, item: Input, ready: _Prepared) -> Article:
    """Stage 5 of a parsed input in its language."""
    if ready.language.code == "en":
        return _assemble(mend(restore(doc, ready.cleaned.text)), item, ready)
    return _assemble_other(item, ready, doc)


def _rejection(item: Input, err: NewsgraphError) -> Rejection:
    return Rejection(item.name, err.stage, type(err).__name__, str(err))


_WARM_UP = (
    "Leaders meet in Paris\n\nPARIS (AP) — President Jane Doe met Prime Minister John Roe in "
    "Paris on Tuesday, officials said, after prices rose 3% to $40 million. \"We agreed on "
    "more,\" she told reporters, according to the ministry."
)


@lru_cache(maxsize=1)
def load() -> None:
    """Load, once per process, what an English reading uses: the pipeline, and every
    extractor's lexicons and models by reading one short article. They live as long as the
    process, so they are then frozen out of the cycle collector's reach (`gc.freeze`): over
    300 BBC articles, one process, about 1 ms an article less (64.3 against 65.2, the best
    of 3 each). No time budget applies: what loads is not the reading of an input."""
    item = repair_input(Input(_WARM_UP))
    ready = _prepare(item)
    _finish(get_nlp()(_parse_text(ready)), item, ready)
    gc.collect()
    gc.freeze()


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
        ready = _prepare(item)
    nlp = _pipeline(ready.language.code)
    if nlp is None:
        return _assemble_other(item, ready)
    with budget.stage("nlp"):
        doc = nlp(_parse_text(ready))
    with budget.stage("extract"):
        return _finish(doc, item, ready)


def _pipeline(code: str) -> Pipeline | None:
    """The spaCy pipeline that reads a language: English's, another's where installed."""
    return get_nlp() if code == "en" else other_nlp(code)


def _parse_text(ready: _Prepared) -> str:
    """What the pipeline parses: English with a title-case headline's common words lowered."""
    text = ready.cleaned.text
    return for_parse(text) if ready.language.code == "en" else text


_Ready = tuple[str, tuple[int, _Prepared]]


def _parsed(
    nlp: Pipeline, ready: list[_Ready], batch_size: int, budgets: list[Budget]
) -> Iterator[tuple[Doc | OverTimeBudget, tuple[int, _Prepared]]]:
    """The Doc of each ready input, in order, from one `nlp.pipe`. Each batch of the pipe
    may take what is left of its inputs' budgets together, and charges each its share by
    length; past that, the inputs not yet parsed are parsed one by one, each within its own
    budget (an OverTimeBudget in place of its Doc)."""
    docs = nlp.pipe(ready, as_tuples=True, batch_size=batch_size)
    for first in range(0, len(ready), batch_size):
        batch = ready[first : first + batch_size]
        lefts = [budgets[i].left for _, (i, _r) in batch]
        limit = None if None in lefts else sum(max(s or 0.0, 0.0) for s in lefts)
        start = time.perf_counter()
        try:
            with deadline(limit, "nlp", budgets[batch[0][1][0]].total):
                parsed = [next(docs) for _ in batch]
        except OverTimeBudget:
            break
        elapsed, chars = time.perf_counter() - start, sum(len(t) for t, _ in batch) or 1
        for text, (i, _r) in batch:
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


def drafts(items: Iterable[Input], batch_size: int = 16) -> Iterator[tuple[Input, Doc, Draft]]:
    """Each readable English input with its Doc and the Draft of its facts, before the
    summary: what the summary's ranking is trained on (`eval/fivew_train.py`). Unreadable and
    non-English inputs are skipped."""
    ready: list[tuple[str, tuple[Input, _Prepared]]] = []
    for item in map(repair_input, items):
        try:
            prepared = _prepare(item)
        except NewsgraphError:
            continue
        if prepared.language.code == "en":
            ready.append((_parse_text(prepared), (item, prepared)))
    for doc, (item, prepared) in get_nlp().pipe(ready, as_tuples=True, batch_size=batch_size):
        text = prepared.cleaned.text
        doc = mend(restore(doc, text))
        paragraphs = list(_paragraph_spans(prepared.cleaned.paragraphs))
        yield item, doc, draft_of(doc, text, prepared.published, paragraphs)


def _read_in_order(
    items: list[Input], batch_size: int, languages: Collection[str] | None = None
) -> Iterator[Article | Rejection]:
    """Read a list of inputs in one process, one `nlp.pipe` per language, yielding each
    result (in input order) as soon as it and those before it are read; an input that fails
    (bad input, over its time budget, or a bug in an extractor) becomes a Rejection, never
    stops the batch."""
    seconds = Settings.from_env().time_budget
    budgets = [Budget(seconds) for _ in items]
    results: list[Article | Rejection | None] = [None] * len(items)
    groups: dict[str, list[_Ready]] = {}
    items = [repair_input(item) for item in items]
    for i, item in enumerate(items):
        try:
            with budgets[i].stage("clean"):
                ready = _prepare(item, languages)
        except NewsgraphError as err:
            results[i] = _rejection(item, err)
            continue
        groups.setdefault(ready.language.code, []).append((_parse_text(ready), (i, ready)))
    done = 0
    for code, group in groups.items():
        for i, result in _read_group(_pipeline(code), group, items, batch_size, budgets):
            results[i] = result
            while done < len(items) and (ready_result := results[done]) is not None:
                yield ready_result
                done += 1
    yield from (r for r in results[done:] if r is not None)


def _read_group(
    nlp: Pipeline | None,
    group: list[_Ready],
    items: list[Input],
    batch_size: int,
    budgets: list[Budget],
) -> Iterator[tuple[int, Article | Rejection]]:
    """The articles of one language's inputs, through one `nlp.pipe` of its pipeline (none:
    stored without a reading)."""
    if nlp is None:
        for _, (i, ready) in group:
            yield i, _assemble_other(items[i], ready)
        return
    for doc, (i, ready) in _parsed(nlp, group, batch_size, budgets):
        result: Article | Rejection
        try:
            if isinstance(doc, OverTimeBudget):
                raise doc
            budgets[i].check("nlp")  # its share of the parse may have used it up
            with budgets[i].stage("extract"):
                result = _finish(doc, items[i], ready)
        except OverTimeBudget as err:
            result = _rejection(items[i], err)
        except Exception as err:  # a bug in one extractor must not stop the batch
            log.exception("extraction failed on %s", items[i].name)
            result = Rejection(items[i].name, "extract", type(err).__name__, str(err))
        yield i, result


def _read_chunk(
    items: list[Input], batch_size: int, languages: Collection[str] | None = None
) -> list[Article | Rejection]:
    """`_read_in_order` as a list: what a worker process sends back."""
    results = list(_read_in_order(items, batch_size, languages))
    give_back_memory()
    return results


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
    A batch_size or n_process under 1 is a ValueError.
    """
    if batch_size < 1 or n_process < 1:
        raise ValueError(f"batch_size and n_process must be at least 1: {batch_size}, {n_process}")
    chunk_size = batch_size * 4
    wanted = frozenset(languages) if languages is not None else None
    load()  # once here; forked workers share it copy-on-write
    if n_process <= 1:
        for chunk in _chunks(items, chunk_size):
            yield from _read_in_order(chunk, batch_size, wanted)
            give_back_memory()
        return
    work = partial(_read_chunk, batch_size=batch_size, languages=wanted)
    yield from in_pool(_chunks(items, chunk_size), work, n_process)
