"""PolNeAR train as `eval/attribution.py` learns from it: the articles parsed as the pipeline
parses English (kept in a spaCy DocBin between runs), with their entities, direct-quote
regions and gold attributions, each tied to its *anchor*: the word of its cue that governs
its content (the cue word whose child, or whose preposition's object, heads the content; or
the cue word hanging from the content's clause: "according to", "..., she said")."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, DocBin, Token

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quotes as polnear

from newsgraph.extract.base import Draft
from newsgraph.extract.entities.extractor import EntityExtractor
from newsgraph.extract.quotes.extractor import direct_regions
from newsgraph.model import Span
from newsgraph.nlp import get_nlp


@dataclass
class Article:
    """One parsed training article: its Doc, Draft, gold units and their anchors."""

    doc: Doc
    draft: Draft
    gold: list[polnear.Unit]
    anchors: dict[int, polnear.Unit]
    inside: bytearray


def _tokens(doc: Doc, spans: Iterable[tuple[int, int]]) -> list[Token]:
    out: list[Token] = []
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            out.extend(t for t in span if not t.is_space)
    return out


def _root(tokens: Sequence[Token]) -> Token | None:
    ids = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in ids or t.head.i == t.i]
    return max(roots, key=lambda t: len(list(t.subtree)), default=None)


def anchor_of(doc: Doc, unit: polnear.Unit) -> Token | None:
    """The cue word governing a gold unit's content (see module docstring), or None."""
    cue = _tokens(doc, unit.cue)
    ids = {t.i for t in cue}
    for fragment in sorted(unit.fragments, key=lambda f: f[0] - f[1]):
        root = _root([t for t in _tokens(doc, [fragment]) if not t.is_punct])
        if root is None:
            continue
        up = root
        for _ in range(3):
            if up.head.i == up.i:
                break
            up = up.head
            if up.i in ids:
                while up.pos_ == "ADP" and up.lower_ != "according" and up.head.i in ids - {up.i}:
                    up = up.head  # "criticism [of]": the noun, not its preposition
                return up
        for word in cue:
            up = word
            for _ in range(2):
                up = up.head
                if up.i == root.i:
                    return word
    return None


Named = tuple[str, str, list[polnear.Unit]]


def read(indexes: Sequence[int], docs: Sequence[Doc], names: Sequence[Named]) -> list[Article]:
    """The articles at these indexes, with entities, anchors and direct-quote regions."""
    out = []
    for i in indexes:
        _, text, gold = names[i]
        doc = docs[i]
        draft = Draft(text, None, [Span(s, e) for s, e in polnear.paragraphs(text)])
        draft.entities = list(EntityExtractor()(doc, draft))
        anchors: dict[int, polnear.Unit] = {}
        for unit in gold:
            word = anchor_of(doc, unit)
            if word is not None:
                anchors.setdefault(word.i, unit)
        out.append(Article(doc, draft, gold, anchors, direct_regions(doc, draft)))
    return out


def parse(limit: int | None = None, cache: Path | None = None) -> tuple[list[Doc], list[Named]]:
    """PolNeAR train, parsed as the pipeline parses (`polnear.parse`; first annotator's file);
    with `cache`, the parses are read from (or written to) a spaCy DocBin there."""
    articles = polnear.load_split("train", limit)
    nlp = get_nlp()
    if cache is not None and cache.exists():
        docs = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if [d.text for d in docs] == [t for _, t, _ in articles]:
            return docs, articles
    docs = list(polnear.parse(nlp, [t for _, t, _ in articles]))
    if cache is not None:
        DocBin(docs=docs).to_disk(cache)
    return docs, articles
