"""The registered extractors, in the order they run: later ones read earlier ones' facts.

One package per fact kind (`entities/`, `times/`, `quantities/`, `quotes/`, `events/`,
`summary/`), each with its lexicons and data beside it; `base` is what every extractor sees.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spacy.tokens import Doc

from newsgraph.extract.base import Draft, Extractor
from newsgraph.extract.entities import EntityExtractor
from newsgraph.extract.events import EventExtractor
from newsgraph.extract.quantities import QuantityExtractor
from newsgraph.extract.quotes import QuoteExtractor
from newsgraph.extract.summary import summarise
from newsgraph.extract.times import TimeExtractor
from newsgraph.model import Span

# (Draft attribute, extractor): the one explicit list.
EXTRACTORS: list[tuple[str, Extractor]] = [
    ("entities", EntityExtractor()),
    ("times", TimeExtractor()),
    ("quantities", QuantityExtractor()),
    ("quotes", QuoteExtractor()),
    ("events", EventExtractor()),
]


def _published_date(published: str | None) -> dt.date | None:
    return dt.date.fromisoformat(published[:10]) if published else None


def draft_of(doc: Doc, text: str, published: str | None, paragraphs: list[Span]) -> Draft:
    """The Draft of one parsed article with every extractor's facts (the summary's input)."""
    draft = Draft(text=text, published=_published_date(published), paragraphs=paragraphs)
    for attribute, extractor in EXTRACTORS:
        setattr(draft, attribute, list(extractor(doc, draft)))
    return draft


def run_extractors(
    doc: Doc, text: str, published: str | None, paragraphs: list[Span]
) -> dict[str, Any]:
    """Run every extractor over one parsed article; the facts by Article field."""
    draft = draft_of(doc, text, published, paragraphs)
    facts: dict[str, Any] = {a: tuple(getattr(draft, a)) for a, _ in EXTRACTORS}
    facts["summary"] = summarise(doc, draft)
    return facts
