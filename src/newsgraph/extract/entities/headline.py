"""Names the model ran together in a headline, cut at the names the story gives.

A headline is telegraphic and, in title case, capitalises every word, so the model reads
its capitals as one long name: "Benghazi Widow Dorothy Woods Defends Trump Amid …" gives
"Trump Amid", "Blair and Blunkett Sheffield trip" gives "Blunkett Sheffield". Below the
headline the story writes its names where a capital means one. A headline name the story
never writes is replaced by the names the story does write (or the surname of a full name
it writes) that make it up, when every other word of it is a common word (one the story
writes in lowercase or never, a stop word, a word of the model's WordNet index; no given
name) in none of the story's names, and the span and its names are persons': "Trump",
and "Blunkett", "Sheffield"; not "Hillary Clinton" over a story that says only "Clinton"
("Hillary" is a given name), nor "Washington Post" over its "Washington".
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span, Token

from newsgraph.nlp import word_classes
from newsgraph.text.gender import is_first_name

_WORD = re.compile(r"\w+")


class _Words(NamedTuple):
    names: set[str]  # the words of the story's names
    body: set[str]  # every word the story writes


def _headline_end(text: str) -> int:
    """Where the headline ends: at the first line break (none: no headline)."""
    return max(text.find("\n"), 0)


def _common(token: Token, lower: frozenset[str], words: _Words) -> bool:
    """A word of no name: punctuation, or a word in none of the story's names, no given
    name, and one the story writes in lowercase, a stop word, a word of the WordNet index,
    or one it never uses."""
    word = token.lower_
    if token.is_punct:
        return True  # the hyphen of "Military-Related"
    if token.text in words.names or not token.is_alpha or is_first_name(token.text):
        return False
    return (
        word in lower
        or word in STOP_WORDS
        or token.text not in words.body
        or any(word in c for c in word_classes().values())
    )


def _parts(
    span: Span, label: str, body: dict[str, str], lower: frozenset[str], words: _Words
) -> list[tuple[Span, str]] | None:
    """The story's names that make up a headline span, or None where it is not so made; a
    span with words of no name must be a person's, and so must its names ("Trump Amid"; not
    "Washington Post" over a story's "Washington")."""
    parts: list[tuple[Span, str]] = []
    i, dropped = 0, False
    while i < len(span):
        j = next((j for j in range(len(span), i, -1) if span[i:j].text in body), None)
        if j is None:
            if not _common(span[i], lower, words):
                return None
            i, dropped = i + 1, True
        else:
            parts.append((span[i:j], body[span[i:j].text]))
            i = j
    if dropped and (label != "PERSON" or any(part_label != "PERSON" for _s, part_label in parts)):
        return None
    return parts or None


def headline_names(
    cands: list[tuple[Span, str]], text: str, lower: frozenset[str]
) -> list[tuple[Span, str]]:
    """The candidates with every headline name of several words that the story never
    writes cut into the story's names it is made of (`lower`: the words the article writes
    in lowercase)."""
    end = _headline_end(text)
    body: dict[str, str] = {}
    for span, label in cands:
        if span.start_char >= end:
            body.setdefault(span.text, label)
            if label == "PERSON" and len(span) >= 2:
                body.setdefault(span[-1].text, label)  # the surname of a full name
    words = _Words({w for name in body for w in name.split()}, set(_WORD.findall(text[end:])))
    out: list[tuple[Span, str]] = []
    for span, label in cands:
        parts = None
        if span.end_char <= end and len(span) >= 2 and span.text not in body:
            parts = _parts(span, label, body, lower, words)
        out += parts if parts is not None else [(span, label)]
    return out
