"""Names the model's spans run together, cut apart: a person's "name" ending in a place's or
organisation's ("the Obama White House"), names a slash joins ("Washington Post/ABC News"),
the group written before a person's name ("Tories Ken Clarke"), an epithet before a given
name ("Crooked Hillary"), names page residue ran together where page text glues a caption
or a photo credit to the paragraph after it ("Equifax Equifax holds data", "Reuters
Equifax claimed"), which would otherwise make a false person and, through its surname, turn
the article's organisation into that person, names a title-case headline ran together, and
a name glued to a lowercase prefix ("pro-Rubio", a product to the model: Rubio).

A headline is telegraphic and, in title case, capitalises every word, so the model reads
its capitals as one long name: "Benghazi Widow Dorothy Woods Defends Trump Amid …" gives
"Trump Amid", "Blair and Blunkett Sheffield trip" gives "Blunkett Sheffield". Below the
headline the story writes its names where a capital means one. A headline name the story
never writes is replaced by the names the story does write (or the surname of a full name
it writes) that make it up, when every other word of it is a common word (one the story
writes in lowercase or never, a stop word, a word of the model's WordNet index; no given
name) in none of the story's names; one of the names must be a person's, and all of them
and the span where words are dropped: "Trump", and "Blunkett", "Sheffield"; not "Hillary
Clinton" over a story that says only "Clinton" ("Hillary" is a given name), nor
"Washington Post" over its "Washington", nor "Manchester United" over its "Manchester".
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Span, Token

from newsgraph.nlp import word_classes
from newsgraph.text.gender import is_first_name
from newsgraph.text.residue import is_agency

_WORD = re.compile(r"\w+")
SPLIT_TYPES = frozenset({"ORG", "FAC", "GPE", "LOC"})  # what ends a person's "name" (`split_off`)
PREFIXES = ("anti", "pro", "ex", "non", "post", "pre")  # "anti-Trump", "the post-Obama era"


def without_residue(cands: list[tuple[Span, str]]) -> tuple[list[tuple[Span, str]], set[str]]:
    """The candidates with each person's "name" that is two names run together (`glued`)
    cut in two, each of the type the article gives it alone (a credit: an organisation;
    the repeated word: the type of its uses alone); and the names so freed, whose other
    uses the article recalls as it would a surname's."""
    alone: dict[str, Counter[str]] = defaultdict(Counter)
    for span, label in cands:
        alone[span.text][label] += 1
    out, freed = [], set()
    for span, label in cands:
        if label != "PERSON" or len(span) < 2 or not glued(span, alone):
            out.append((span, label))
            continue
        for part in (span[:1], span[1:]):
            votes = alone.get(part.text) or Counter({label: 1})
            if part.start == span.start and _credit(span):
                votes = Counter({"ORG": 1})
            out.append((part, votes.most_common(1)[0][0]))
            freed.add(part.text)
    return out, freed


def glued(span: Span, alone: dict[str, Counter[str]]) -> bool:
    """Whether a person's "name" is two names run together: a word repeated once (a
    band's "Duran Duran" recurs as written), a photo agency's credit (`_credit`) before a
    name the article tags alone and never as a person's, or an organisation's name the
    article tags alone (never as a person's) before another such name."""
    first, rest = alone.get(span[0].text, Counter()), alone.get(span[1:].text, Counter())
    if span[0].text == span[1].text and len(span) == 2:
        return sum(alone[span.text].values()) == 1 and bool(first)
    other = bool(rest) and not rest["PERSON"]
    return other and (_credit(span) or bool(first["ORG"] and not first["PERSON"]))


def _credit(span: Span) -> bool:
    """Whether a span opens with a photo agency's credit where residue is glued: at the
    start of a line or sentence ("Reuters Equifax claimed", not "… said Rex Tillerson")."""
    first = span[0]
    return is_agency(first.text) and (
        bool(first.is_sent_start) or span.doc.text[: first.idx].endswith("\n")
    )


def split_off(span: Span, label: str, others: dict[str, str]) -> list[tuple[Span, str]]:
    """A person's "name" ending in a name of two or more words the article gives a place or
    organisation elsewhere ("the Obama White House" beside "the White House"): the person's
    name, then that place or organisation."""
    if label == "PERSON":
        for k in range(1, len(span) - 1):
            other = others.get(span[k:].text)
            if other is not None:
                return [(span[:k], label), (span[k:], other)]
    return [(span, label)]


def slashed(span: Span, label: str) -> list[Span]:
    """Names a slash joins, as pollsters and partners are ("Washington Post/ABC News",
    "CBS News/New York Times"): each name; any other span as it is."""
    cuts = [t.i - span.start for t in span if t.text == "/"]
    if label == "PERSON" or not cuts:
        return [span]
    parts = [span[a + 1 : b] for a, b in itertools.pairwise([-1, *cuts, len(span)])]
    return parts if all(p and p[0].text[:1].isupper() for p in parts) else [span]


def group_before(ent: Span, name: Span, groups: set[str]) -> list[tuple[Span, str]]:
    """The group a person's name was written after, which `extractor._trim` cut from it
    ("Tories Ken Clarke", "Democrat Obama"): a name of its own, the group's."""
    head = ent.doc[ent.start : name.start]
    if len(head) == 1 and head[0].is_title and (head[0].tag_ == "NNPS" or head.text in groups):
        return [(head, "NORP")]
    return []


def epithet(word: Token, name: Token) -> bool:
    """Whether a person's "name" opens with an epithet before a given name ("Crooked
    Hillary", "Little Marco"): an adjective of the WordNet index that is no one's first
    name, then a first name."""
    return (
        word.lower_ in word_classes()["adj"]
        and not is_first_name(word.text)
        and is_first_name(name.text)
    )


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
    """The story's names that make up a headline span, or None where it is not so made: one
    of them a person's ("Blunkett Sheffield"; not "Manchester United" over the story's
    "Manchester" and "United"), and with words of no name, the span and all its names
    persons' ("Trump Amid"; not "Washington Post" over a story's "Washington")."""
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
    persons = [part == "PERSON" for _s, part in parts]
    if not any(persons) or (dropped and (label != "PERSON" or not all(persons))):
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


def prefixed(tok: Token) -> bool:
    """A lowercase prefix glued by a hyphen to the capitalised word after it ("pro-Rubio")."""
    doc = tok.doc
    return (
        tok.text in PREFIXES
        and tok.i + 2 < len(doc)
        and doc[tok.i + 1].text == "-"
        and not tok.whitespace_
        and not doc[tok.i + 1].whitespace_
        and doc[tok.i + 2].text[:1].isupper()
    )
