"""The indexed attribute ruler gives every token the stock `AttributeRuler`'s attributes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from newsgraph.nlp import get_nlp
from newsgraph.nlp_ruler import AttributeIndex, index_of

ATTRS = [POS, TAG, MORPH, LEMMA, DEP]

EXCEPTIONS = """Y all ain't gonna believe this, but there is nothin' we can do.
Let's say I did it and you have got to admit it: we gotta go, he said.
It was there that she met them.   That, however, is what they wanted.
"Do you know what that is?" asked the man who had done it all."""
"""Text that sets off the ruler's word exceptions, beyond its tag maps."""


def _pair(nlp: Language, texts: list[str]) -> tuple[list[Doc], list[Doc]]:
    """The texts parsed without the ruler, then given its attributes by the stock component
    and by the index."""
    stock = nlp.get_pipe("attribute_ruler")
    assert isinstance(stock, AttributeRuler)
    index = nlp.get_pipe("newsgraph_attribute_index")
    with nlp.select_pipes(disable=["newsgraph_attribute_index", "ner"]):
        docs = list(nlp.pipe(texts))
    return [stock(d.copy()) for d in docs], [index(d.copy()) for d in docs]


def _differences(stock: list[Doc], ours: list[Doc]) -> list[str]:
    out = []
    for a, b in zip(stock, ours, strict=True):
        rows = np.where((a.to_array(ATTRS) != b.to_array(ATTRS)).any(axis=1))[0]
        out += [f"{a[i].text!r}: {a[i].pos_}/{a[i].morph}, {b[i].pos_}/{b[i].morph}" for i in rows]
    return out


def test_the_pipeline_runs_the_index_in_place_of_the_stock_ruler() -> None:
    nlp = get_nlp()
    assert "newsgraph_attribute_index" in nlp.pipe_names
    assert "attribute_ruler" in nlp.disabled
    assert isinstance(nlp.get_pipe("newsgraph_attribute_index"), AttributeIndex)


def test_same_attributes_as_the_stock_ruler_on_exceptions_and_the_seed(seed_text: str) -> None:
    stock, ours = _pair(get_nlp(), [EXCEPTIONS, seed_text])
    assert _differences(stock, ours) == []
    doc = ours[0]
    by_text = {t.text: t for t in doc}
    assert by_text["ai"].lemma_ == "be"  # a two-token exception whose second token is a regex
    assert by_text["gon"].lemma_ == "go"
    assert by_text["nothin'"].lemma_ == "nothing"  # a first token tested by a regex
    assert by_text["Y"].lemma_ == "you"
    assert {t.pos_ for t in doc if t.is_space} == {"SPACE"}


def test_same_attributes_as_the_stock_ruler_on_bbc_articles(corpus: Path) -> None:
    files = sorted((corpus / "bbc").glob("*/*.txt"))[::20]
    texts = [f.read_bytes().decode("utf-8", errors="replace") for f in files]
    stock, ours = _pair(get_nlp(), texts)
    assert len(texts) > 100
    assert _differences(stock, ours) == []


def test_a_ruler_with_an_operator_keeps_the_stock_component() -> None:
    nlp = get_nlp()
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "big"}, {"LOWER": "deal", "OP": "?"}]], {"POS": "ADJ"})
    assert index_of(ruler) is None
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "big"}, {"LOWER": "deal"}]], {"POS": "ADJ"}, index=1)
    assert index_of(ruler) is not None


@pytest.mark.parametrize("text", ["", " ", "\n\n", "a"])
def test_tiny_documents(text: str) -> None:
    stock, ours = _pair(get_nlp(), [text])
    assert _differences(stock, ours) == []
