"""Names inside longer names: "Japan" in "Sea of Japan", "U.S." in "U.S. Senate", "UN" in
"UN Security Council", "Clinton" and "Sanders" in "Clinton-Sanders".

The model tags the longest name only, so the place or organisation inside it has no mention
there. Where the article names that place or organisation on its own elsewhere (the very
form, as one entity), the inner name is a mention of it too, of kind "inner": events and
summaries read the outer name there, and `Cluster.first` ignores it. It counts as the first
words of the name ("U.S. Senate"), after a hyphen or slash ("U.S.-Taliban agreement") or
after a preposition ("Sea of Japan"); not as the head of a longer name ("North Korea") but
of a region of a country or state ("South Florida", "Northern Japan": ISO 3166 names), nor
inside a country's or city's name but after a joiner. For persons only a joined name counts
("the Clinton-Sanders debate"): a person's name inside an organisation's ("Trump Tower")
names the organisation, and a place's inside a person's ("Paris Hilton") names the person.
An acronym opening an organisation's name ("UN Security Council") is an organisation of its
own even where the article never writes it alone; the words an acronym of the article
spells, opening a longer name ("United Nations" of "United Nations Security Council" beside
"U.N."), name that organisation.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry

from newsgraph.extract.entities.cluster import Cluster
from newsgraph.model import Mention
from newsgraph.text.literal import find_literal

INNER_TYPES = frozenset({"GPE", "LOC", "ORG", "FAC"})
PLACE_TYPES = frozenset({"GPE", "LOC"})
NAME_KINDS = frozenset({"name", "acronym", "surname"})
JOINERS = "-/"
INNER = "inner"  # the kind of such a mention: not a name of its own for salience or events
PREPOSITIONS = frozenset({"of", "for", "in", "at", "on"})
# "U.N. Charter", "UN Security Council"; not a word of a name in capitals ("NEW YORK TIMES")
_ACRONYM = re.compile(r"((?:[A-Z]\.){2,}|[A-Z]{2,5})(?=[ -][A-Z][a-z])")
_INNER_START, _INNER_END = re.compile(r"(?<![\w.])"), re.compile(r"(?!\w)")  # a whole word


def _forms(clusters: list[Cluster]) -> dict[str, Cluster]:
    """Each name form written on its own → the one entity it names; left out: forms naming
    two or more entities, and the head of another form of its kind, place or not ("Korea"
    of "North Korea", "Bank" of "Central Bank"; not "Japan" of "Sea of Japan", "London" of
    "MCM London", "Democratic Party" of a place's "California Democratic Party", nor a
    person's surname)."""
    owners: dict[str, list[Cluster]] = {}
    for c in clusters:
        for m in c.mentions:
            if m.kind in NAME_KINDS | {INNER} and len(m.text) >= 2 and m.text[0].isupper():
                holders = owners.setdefault(m.text, [])
                if all(h is not c for h in holders):
                    holders.append(c)
    tails = {
        tail
        for form, words in ((f, f.split()) for f, cs in owners.items() if cs[0].type != "PERSON")
        for i in range(1, len(words))
        if words[i - 1] not in PREPOSITIONS
        and _same_kind(owners.get(tail := " ".join(words[i:])), owners[form][0])
        and not region_of(tail, form)
        and " ".join(words[:i]) not in _place_names()
    }
    return {form: cs[0] for form, cs in owners.items() if len(cs) == 1 and form not in tails}


def _same_kind(tail: list[Cluster] | None, whole: Cluster) -> bool:
    """Whether a name's tail names an entity of its kind (place or not): "Korea" of "North
    Korea", "Bank" of "Central Bank"; not the city of "MCM London"."""
    return tail is not None and (tail[0].type in PLACE_TYPES) == (whole.type in PLACE_TYPES)


@cache
def _place_names() -> frozenset[str]:
    """Names of countries and their subdivisions (pycountry: ISO 3166)."""
    names = {s.name for s in pycountry.subdivisions}
    for c in pycountry.countries:
        names |= {v for a in ("name", "common_name") if (v := getattr(c, a, None))}
    return frozenset(names)


def region_of(inner: str, outer: str) -> bool:
    """Whether a name is a region of the country or state it ends with, named by the words
    before ("South Florida", "Northern Japan"), and no country or state of its own ("North
    Korea", "New Mexico", "Northern Ireland")."""
    names = _place_names()
    return outer.endswith(f" {inner}") and inner in names and outer not in names


def _inner(target: Cluster, host: Cluster, text: str, start: int, end: int) -> bool:
    """Whether `target` is named by text[start:end], inside a mention of `host`: as the
    name's first words ("U.S. Senate", "Iraq war"), after a joiner ("US-South Korea") or
    after a preposition ("Sea of Japan"); not as the head of a longer name, nor inside a
    country's or city's name but for a joiner ("North Korea", "Republic of Korea")."""
    if target is host or (start, end) == (0, len(text)):
        return False
    if target.type not in INNER_TYPES | {"PERSON"}:
        return False
    if target.type in ("GPE", "LOC") and end == len(text) and region_of(text[start:end], text):
        return True
    joined = text[start - 1 : start] in tuple(JOINERS) or text[end : end + 1] in tuple(JOINERS)
    if "PERSON" in (target.type, host.type) or host.type == "GPE":
        return joined
    before = text[:start].split()
    if target.type == "ORG" and start > 1 and text[: start - 1] in _place_names():
        return True  # a place's branch of it: "California Democratic Party"
    return start == 0 or joined or (bool(before) and before[-1] in PREPOSITIONS)


def _leading_acronyms(clusters: list[Cluster]) -> list[Cluster]:
    """Organisations named only by the acronym that opens another name ("UN" of "UN
    Security Council", "U.N. Charter"), where the article writes it nowhere on its own."""
    written = {m.text for c in clusters for m in c.mentions}
    found: dict[str, Cluster] = {}
    for host in clusters:
        if host.type in ("PERSON", "GPE"):
            continue
        for m in host.mentions:
            hit = _ACRONYM.match(m.text) if m.kind == "name" else None
            if hit is None or hit.group(1) in written:
                continue
            acronym = hit.group(1)
            cluster = found.setdefault(acronym, Cluster("ORG", acronym))
            cluster.add(Mention(acronym, m.start, m.start + len(acronym), INNER))
    return list(found.values())


def _spelled_heads(clusters: list[Cluster]) -> None:
    """The long form of an organisation's acronym opening another name: "United Nations"
    in "United Nations Security Council" where the article writes "U.N." or "UN"."""
    spelled: dict[str, Cluster] = {}
    for c in clusters:
        if c.type == "ORG":
            for m in c.mentions:
                letters = m.text.replace(".", "")
                if m.kind in NAME_KINDS and letters.isupper() and letters.isalpha():
                    spelled.setdefault(letters, c)
    for host in clusters:
        for m in list(host.mentions) if spelled and host.type in ("ORG", "FAC") else []:
            words = m.text.split()
            if m.kind != "name" or len(words) < 3 or not all(w[:1].isupper() for w in words):
                continue
            for k in range(len(words) - 1, 1, -1):
                target = spelled.get("".join(w[0] for w in words[:k]))
                if target is not None and target is not host:
                    head = " ".join(words[:k])
                    target.add(Mention(head, m.start, m.start + len(head), INNER))
                    break


def add_nested(clusters: list[Cluster]) -> None:
    """Add to each entity the mentions of it inside other entities' names, and the
    organisations named only so by an acronym (see the module docstring); the longest
    inner form wins where two overlap."""
    _spelled_heads(clusters)
    clusters += _leading_acronyms(clusters)
    forms = _forms(clusters)
    ranked = sorted(forms, key=lambda f: (-len(f), f))
    for host in clusters:
        for m in list(host.mentions):
            if m.kind in NAME_KINDS and (" " in m.text or any(j in m.text for j in JOINERS)):
                _add_inner(m, host, [f for f in ranked if f in m.text], forms)


def _add_inner(m: Mention, host: Cluster, found: list[str], forms: dict[str, Cluster]) -> None:
    """The inner names of one mention, the longest first, none overlapping another."""
    taken: list[tuple[int, int]] = []
    for form in found:
        target = forms[form]
        for start, end in find_literal(m.text, form, _INNER_START, _INNER_END):
            if any(start < e and s < end for s, e in taken):
                continue
            if _inner(target, host, m.text, start, end):
                taken.append((start, end))
                target.add(Mention(form, m.start + start, m.start + end, INNER))
