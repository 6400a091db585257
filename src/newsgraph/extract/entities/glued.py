"""Names the model's spans run together, cut apart: a person's "name" ending in a place's or
organisation's ("the Obama White House"), names a slash joins ("Washington Post/ABC News"),
the group written before a person's name ("Tories Ken Clarke"), and names page residue ran
together where page text glues a caption or a photo credit to the paragraph after it
("Equifax Equifax holds data", "Reuters Equifax claimed"), which would otherwise make a
false person and, through its surname, turn the article's organisation into that person."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

from spacy.tokens import Span

from newsgraph.text.residue import is_agency

SPLIT_TYPES = frozenset({"ORG", "FAC", "GPE", "LOC"})  # what ends a person's "name" (`split_off`)


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
            if part.start == span.start and is_agency(part.text):
                votes = Counter({"ORG": 1})
            out.append((part, votes.most_common(1)[0][0]))
            freed.add(part.text)
    return out, freed


def glued(span: Span, alone: dict[str, Counter[str]]) -> bool:
    """Whether a person's "name" is two names run together: a word repeated once (a
    band's "Duran Duran" recurs as written), a photo agency's credit before a name the
    article tags alone and never as a person's, or an organisation's name the article
    tags alone (never as a person's) before another such name."""
    first, rest = alone.get(span[0].text, Counter()), alone.get(span[1:].text, Counter())
    if span[0].text == span[1].text and len(span) == 2:
        return sum(alone[span.text].values()) == 1 and bool(first)
    other = bool(rest) and not rest["PERSON"]
    return other and (is_agency(span[0].text) or bool(first["ORG"] and not first["PERSON"]))


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
