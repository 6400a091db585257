"""What linking reads of one article entity, from an Article at ingest or from stored rows at
relink (the same values either way, so both give the same corpus entities), and the keys
such an entity is found by.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from newsgraph.link.names import country, initials, is_acronym, org_norm, own_name
from newsgraph.model import Article, first_start
from newsgraph.text.gender import gender_of_first_name
from newsgraph.text.person_names import PersonName, person_name
from newsgraph.text.titles import (
    ROLE_NOUNS,
    TITLES,
    role_class,
    title_gender,
    title_key,
    title_role,
)

PERSON = "PERSON"
PLACES = frozenset({"GPE", "LOC", "FAC"})
NAME_KINDS = frozenset({"name", "surname", "acronym", "inner"})
_PREPOSITIONS = frozenset({"of", "for", "at", "to", "with", "on", "in", "from"})


def type_class(entity_type: str) -> str:
    """Types that may name one referent across articles (the model calls a place GPE in one
    article and LOC in another)."""
    return "PLACE" if entity_type in PLACES else entity_type


@dataclass(frozen=True, slots=True)
class Named:
    """One article entity as linking sees it; `forms` are its name mentions (text, kind)."""

    article_id: str
    entity_id: str
    name: str
    type: str
    published: str | None
    first: int
    mentions: int
    forms: tuple[tuple[str, str], ...]
    aliases: tuple[str, ...] = ()
    gender: str | None = None  # see `gender_of`
    roles: tuple[str, ...] = ()  # see `roles_of`
    said_gender: str | None = None  # the article's: also a pronoun's that took it up (weaker)

    @property
    def anchor(self) -> str:
        """'ARTICLE_ID/ENTITY_ID': how overrides and founding evidence name this entity."""
        return f"{self.article_id}/{self.entity_id}"

    def form_counts(self) -> Counter[str]:
        """Name forms as written, and the name the article gives the entity (its fullest);
        a person's without leading titles ("Mr. Obama" → "Obama")."""
        forms = [self.name, *(text for text, _kind in self.forms)]
        if self.type != PERSON:
            return Counter(forms)
        return Counter(untitled(text) for text in forms)

    def acronyms(self) -> list[str]:
        found = [*self.aliases, *(t for t, k in self.forms if k == "acronym")]
        if is_acronym(self.name):
            found.append(self.name)
        return sorted({a for a in found if is_acronym(a)})

    def long_names(self) -> list[str]:
        names = [self.name, *(t for t, k in self.forms if k == "name"), *self.aliases]
        return sorted({n for n in names if not is_acronym(n)})

    def party_names(self) -> list[str]:
        """The party's own names (normalised) its names stand for in news style ("GOP" →
        "republican party"), for an organisation or group (`names.own_name`)."""
        if self.type not in ("ORG", "NORP"):
            return []
        names = [self.name, *(t for t, _k in self.forms), *self.aliases]
        return sorted({n for name in names if (n := own_name(name)) is not None})

    def person(self) -> PersonName | None:
        """A person's name as linking compares it: the given name the article says the
        person is known by in place of the one written ("John Ellis Bush, known as Jeb" →
        Jeb Bush), else the name's own parts (`person_name`)."""
        pn = person_name(self.name)
        if pn is None or pn.bare:
            return pn
        for alias in self.aliases:
            known = person_name(alias)
            if known is not None and known.bare and not is_acronym(alias):
                return PersonName(known.surname, (), pn.surname, pn.suffix)
        return pn

    def country(self) -> str | None:
        """The ISO code a place (or an organisation named as a country) stands for: an
        organisation's acronym only as a country's name ("DPRK", "UK"), never as an ISO
        code ("FRA")."""
        if type_class(self.type) not in ("PLACE", "ORG"):
            return None
        for name in self.long_names():
            if (code := country(name)) is not None:
                return code
        place = type_class(self.type) == "PLACE"
        for name in self.acronyms():
            if (code := country(name, codes=place)) is not None:
                return code
        return None


def untitled(name: str) -> str:
    """A person's name without the titles before it."""
    words = name.split()
    while len(words) > 1 and title_key(words[0]) in TITLES:
        words = words[1:]
    return " ".join(words)


def gender_of(name: str, entity_type: str, titles: Iterable[str]) -> str | None:
    """A person's gender as linking trusts it: a title's ("Mrs." → female), else a common
    first name's (US Census); never the pronouns (one misresolved "her" would block links)."""
    if entity_type != PERSON:
        return None
    for t in titles:
        if gender := title_gender(t):
            return gender
    pn = person_name(name)
    return gender_of_first_name(pn.given) if pn is not None and pn.given else None


def roles_of(titles: Iterable[str], roles: Iterable[str]) -> tuple[str, ...]:
    """The offices a person is given in the article, as role nouns: a title's ("Sen." →
    senator; honorifics aside) and the head of each role phrase, before any preposition
    ("former President" → president, "Vice President" → vice-president, "Secretary of
    State" → secretary; "daughter of former President Bill Clinton" → none)."""
    found = {role for t in titles if (role := title_role(t)) is not None}
    for phrase in roles:
        words = [w.lower().strip(".,") for w in phrase.split()]
        for i, w in enumerate(words):
            if w in _PREPOSITIONS:  # the head comes before its complement: "daughter of
                break  # former President Bill Clinton" is no president
            if w in ROLE_NOUNS:
                vice = i > 0 and words[i - 1] == "vice" and w == "president"
                found.add("vice-president" if vice else role_class(w))
                break
    return tuple(sorted(found))


def entity_keys(e: Named, founding: bool = False) -> list[tuple[str, str]]:
    """The blocking keys a linked (or founding) entity adds to its corpus entity, and a
    person's offices (`roles_of`, read by id, never looked up); a single name is a key only
    of the entity it founds (the first full name may adopt it)."""
    if e.type == PERSON:
        pn = e.person()
        if pn is None:
            return []
        roles = [("role", r) for r in e.roles]
        if pn.bare:
            return [("bare", pn.surname), *roles] if founding else roles
        return [("surname", pn.surname), ("given", pn.given or ""), ("full", pn.key()), *roles]
    keys = [("norm", org_norm(n)) for n in e.long_names()]
    keys += [("norm", n) for n in e.party_names()]
    keys += [("alias", org_norm(a)) for a in e.acronyms()]
    keys += [("initials", i) for n in e.long_names() if (i := initials(n))]
    if (code := e.country()) is not None:
        keys.append(("country", code))
    return [(k, v) for k, v in keys if v]


def from_article(article: Article) -> list[Named]:
    """The entities of an article just read, in text order."""
    out = []
    for e in article.entities:
        out.append(
            Named(
                article_id=article.id,
                entity_id=e.id,
                name=e.name,
                type=e.type,
                published=article.published,
                first=first_start([(m.start, m.kind) for m in e.mentions]),
                mentions=len(e.mentions),
                forms=tuple((m.text, m.kind) for m in e.mentions if m.kind in NAME_KINDS),
                aliases=tuple(e.aliases),
                gender=gender_of(e.name, e.type, e.titles),
                roles=roles_of(e.titles, e.roles) if e.type == PERSON else (),
                said_gender=e.gender if e.type == PERSON else None,
            )
        )
    return sorted(out, key=lambda n: (n.first, n.entity_id))


def from_rows(article: Mapping[str, Any]) -> list[Named]:
    """The entities of a stored article (`Store.iter_article_entities`), in text order."""
    out = []
    for e in article["entities"]:
        mentions = e["mentions"]
        out.append(
            Named(
                article_id=article["id"],
                entity_id=e["id"],
                name=e["name"],
                type=e["type"],
                published=article["published"],
                first=first_start([(m[2], m[1]) for m in mentions]),
                mentions=len(mentions),
                forms=tuple((m[0], m[1]) for m in mentions if m[1] in NAME_KINDS),
                aliases=tuple(e["aliases"]),
                gender=gender_of(e["name"], e["type"], e["titles"]),
                roles=roles_of(e["titles"], e["roles"]) if e["type"] == PERSON else (),
                said_gender=e["gender"] if e["type"] == PERSON else None,
            )
        )
    return sorted(out, key=lambda n: (n.first, n.entity_id))
