"""What several extractors read of one parsed Doc, computed once per Doc (`parsed(doc)`):
its named entities, the bounds of its sentences and where its quotation marks stand.

spaCy makes a new Python object every time it is asked for a token, a sentence or the
entities (`doc.ents` builds every entity's Span; `token.sent` walks the sentence's tokens),
and the extractors ask for the same ones many times over. The Doc must not change once it
is read (the extractors' contract, `extract.base`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import OrderedDict
from functools import cached_property
from threading import Lock

from spacy.attrs import IS_QUOTE, SENT_START
from spacy.tokens import Doc, Span


class Parsed:
    """One Doc's entities, sentences and quotation marks (see the module docstring)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    @cached_property
    def ents(self) -> tuple[Span, ...]:
        """`doc.ents`."""
        return tuple(self.doc.ents)

    @cached_property
    def person_words(self) -> frozenset[str]:
        """The words of the names the model tags a person's anywhere in the Doc: "Trump"
        tagged an organisation in one sentence is still a person's name there."""
        return frozenset(t.text for e in self.ents if e.label_ == "PERSON" for t in e)

    @cached_property
    def starts(self) -> list[int]:
        """The first token of every sentence, in order (the bounds of `doc.sents`)."""
        flags = self.doc.to_array(SENT_START).tolist()
        return [0, *(i for i in range(1, len(flags)) if flags[i] == 1)] if flags else []

    def sentence(self, i: int) -> tuple[int, int]:
        """The token range [start, end) of the sentence of token i (`doc[i].sent`)."""
        starts = self.starts
        n = bisect_right(starts, i)
        return starts[n - 1], starts[n] if n < len(starts) else len(self.doc)

    def sentences(self) -> list[tuple[int, int]]:
        """The token range [start, end) of every sentence (`doc.sents`)."""
        starts = self.starts
        return list(zip(starts, [*starts[1:], len(self.doc)][: len(starts)], strict=True))

    @cached_property
    def quotes(self) -> list[int]:
        """The tokens that are quotation marks (`Token.is_quote`), in order."""
        return [i for i, q in enumerate(self.doc.to_array(IS_QUOTE).tolist()) if q]

    def quotes_in(self, start: int, end: int) -> list[int]:
        """The quotation marks among the tokens [start, end)."""
        quotes = self.quotes
        return quotes[bisect_left(quotes, start) : bisect_left(quotes, end)]


KEPT = 4  # Docs whose `Parsed` is kept: the extractors read one Doc at a time
_KEPT: OrderedDict[int, tuple[Doc, Parsed]] = OrderedDict()
_LOCK = Lock()


def parsed(doc: Doc) -> Parsed:
    """The Doc's `Parsed`, made on first use and kept for the `KEPT` Docs read last. (Not a
    weak mapping: a `Parsed` holds the Doc and its Spans, so it would keep every Doc alive.
    Each kept entry holds its Doc, so an id is never reused while kept.)"""
    with _LOCK:
        kept = _KEPT.get(id(doc))
        if kept is not None and kept[0] is doc:
            _KEPT.move_to_end(id(doc))
            return kept[1]
        found = _KEPT[id(doc)] = (doc, Parsed(doc))
        if len(_KEPT) > KEPT:
            _KEPT.popitem(last=False)
        return found[1]
