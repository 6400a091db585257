"""A headline's present-tense "-s" verb read as a verb (text/headline_verbs.py), on real
Giveme5W1H headlines (gold-dev and clusters-dev)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest
from spacy.tokens import Doc

from newsgraph.nlp import get_nlp
from newsgraph.text.headline_case import for_parse, restore
from newsgraph.text.headline_verbs import mend

CORPUS = Path(__file__).parents[2] / "shared" / "corpus" / "giveme5w1h"


@lru_cache(maxsize=1)
def _articles() -> dict[str, str]:
    """Headline → title, lede and body of every Giveme5W1H development article."""
    found = {}
    for path in sorted(CORPUS.glob("*-dev/*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        parts = [data.get(k) or "" for k in ("title", "description", "text")]
        found.setdefault(parts[0], "\n\n".join(p.strip() for p in parts if p.strip()))
    return found


def parsed(title: str, mended: bool = True) -> Doc:
    """A corpus article (found by its headline) parsed as the pipeline parses it."""
    if not CORPUS.is_dir():
        pytest.skip(f"Giveme5W1H data not found at {CORPUS}")
    text = _articles()[title]
    doc = restore(get_nlp()(for_parse(text)), text)
    return mend(doc) if mended else doc


def word(doc: Doc, text: str) -> tuple[str, str, str, str]:
    """A headline word's class, tag, label and head word."""
    t = next(t for t in doc if t.text == text)
    return t.pos_, t.tag_, t.dep_, t.head.text


def test_an_s_verb_between_noun_phrases_is_the_verb() -> None:
    title = "Taliban bomber rams truck into German consulate in Afghanistan killing two"
    before = parsed(title, mended=False)
    assert word(before, "rams")[0] == "NOUN"  # the small model reads a plural noun
    doc = parsed(title)
    assert word(doc, "rams") == ("VERB", "VBZ", "ROOT", "rams")
    assert word(doc, "bomber") == ("NOUN", "NN", "nsubj", "rams")
    assert word(doc, "truck")[2:] == ("dobj", "rams")
    assert word(doc, "into")[2:] == ("prep", "rams")
    assert not any(e.start <= 2 < e.end for e in doc.ents)  # "rams truck" is no PERSON
    assert doc.text == before.text and len(doc) == len(before)
    assert [t.dep_ for t in doc[13:]] == [t.dep_ for t in before[13:]]  # the body untouched


def test_a_base_form_misread_after_the_verb_becomes_its_object() -> None:
    doc = parsed("Pyongyang fires missile through Japan’s airspace into Pacific Ocean")
    assert word(doc, "fires")[:3] == ("VERB", "VBZ", "ROOT")
    assert word(doc, "missile") == ("NOUN", "NN", "dobj", "fires")


def test_a_verb_joined_by_and_keeps_the_first_as_the_clause() -> None:
    doc = parsed("Toblerone shrinks chocolate bar and denies Brexit link")
    assert word(doc, "shrinks")[:3] == ("VERB", "VBZ", "ROOT")
    assert word(doc, "denies")[2:] == ("conj", "shrinks")


def test_after_a_subordinating_word_the_verb_heads_a_clause_of_the_root() -> None:
    doc = parsed("Seven killed as tram derails after 'speeding' round sharp bend")
    assert word(doc, "derails")[:3] == ("VERB", "VBZ", "advcl")
    assert word(doc, "as")[2:] == ("mark", "derails")


def test_plural_nouns_stay_nouns() -> None:
    for title, plural in (
        (
            "Toblerone fans outraged after gap between triangles is increased to reduce the "
            "amount of chocolate in bars",
            "fans",
        ),  # a verb follows: the noun is the subject
        ("Police name final three victims of Croydon tram crash that killed seven", "victims"),
    ):
        doc = parsed(title, mended=False)
        assert word(doc, plural)[0] == "NOUN" and mend(doc) is doc
