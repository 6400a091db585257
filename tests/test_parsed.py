"""`nlp_parsed` gives what spaCy gives, once per Doc: the entities, every token's
sentence and the quotation marks, on the seed article as the pipeline parses it."""

from __future__ import annotations

import gc
import weakref

from spacy.tokens import Doc

from newsgraph.nlp import get_nlp
from newsgraph.nlp_parsed import KEPT, parsed
from newsgraph.pipeline import Input, _finish, _parse_text, _prepare, repair_input


def _doc(text: str) -> Doc:
    ready = _prepare(repair_input(Input(text)))
    doc = get_nlp()(_parse_text(ready))
    _finish(doc, Input(text), ready)  # the extractors have read it, as in the pipeline
    return doc


def test_same_as_spacy(seed_text: str) -> None:
    doc = _doc(seed_text)
    index = parsed(doc)
    assert index is parsed(doc)
    assert [(e.start, e.end, e.label_) for e in index.ents] == [
        (e.start, e.end, e.label_) for e in doc.ents
    ]
    assert index.sentences() == [(s.start, s.end) for s in doc.sents]
    assert len(index.sentences()) > 10
    for token in doc:
        assert index.sentence(token.i) == (token.sent.start, token.sent.end)
    assert index.quotes == [t.i for t in doc if t.is_quote]
    assert index.quotes_in(0, len(doc)) == index.quotes
    assert index.quotes_in(index.quotes[1], index.quotes[1]) == []


def test_an_empty_doc() -> None:
    index = parsed(get_nlp().make_doc(""))
    assert (index.sentences(), index.quotes, index.ents) == ([], [], ())


def test_only_the_last_docs_are_kept() -> None:
    """What is kept per Doc never keeps every Doc read alive (a long ingest's memory)."""
    docs = [_doc(f"Barack Obama met Angela Merkel in Berlin on day {i}.") for i in range(KEPT + 3)]
    refs = [weakref.ref(d) for d in docs]
    for d in docs:
        assert parsed(d).ents and parsed(d) is parsed(d)
    del docs, d
    gc.collect()
    assert sum(r() is not None for r in refs) == KEPT
