"""Link article entities to corpus entities, one article at a time, in arrival order.

For each article entity (full names first, then single names and acronyms, each in text
order) the linker looks candidates up by blocking keys (`corpus_keys`: surname, given name,
full-name structure, normalised name, acronym, initials, country code) and decides, with a
confidence and a reason:

- persons: `link/persons.py` (full names by their structure, single names by the article's
  own full names, gender, office, co-occurrence and dominance); an organisation's or
  group's one-word name joins a "person" known by that word alone (the model's "Labour");
- anything else (and a "person" named as a country or a party: the model's "N. Korea",
  "Lib Dems") joins by country code (pycountry), normalised name, or acronym: a long name
  joins an entity known only by its acronym ("DNC" then "Democratic National Committee",
  as the article defines it or as its initials spell it: "U.N." then "United Nations"),
  never one whose long name differs ("Democratic National Convention"); a place named by
  a part of several countries' names ("Korea") is the one of them the article names,
  linked after its full names, or else an entity of its own: the word alone joins no
  other article's;
- a name the model typed a work, product or group that would found a new entity links as
  a person (`Linker._mistyped_person`): a full name with a census given name to the person
  of that very name, a single word to the one the person rules give, either way a person
  the corpus has called by the surname alone.

A new corpus entity's id is the content hash of its founding evidence (the article's and
the entity's ids), so the same corpus in the same order gives the same ids with any number
of workers, at once or in daily batches. Nothing here scans all entities: every read is a
lookup by key or by id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from newsgraph.link.choice import CONTEXT, Decision, founded, grouped, listing, unlinked
from newsgraph.link.evidence import PERSON, Named, from_article, type_class
from newsgraph.link.names import (
    countries_named_in,
    country,
    initials,
    is_acronym,
    is_party,
    org_norm,
)
from newsgraph.link.persons import GROUP_TYPES, PersonRules
from newsgraph.link.records import absorb, found
from newsgraph.model import Article
from newsgraph.store.base import Row, Store
from newsgraph.text.gender import gender_of_first_name, is_first_name
from newsgraph.text.person_names import fold, person_name

CONTEXT_TYPES = frozenset({"PERSON", "ORG", "PLACE"})  # what counts as context
_ORG_OR_AS_TYPED = frozenset({"ORG", "PLACE", "WORK_OF_ART", "PRODUCT", "LAW", "EVENT"})
# what the model types a person's name as, now and then: a work (a word in quotes), a
# product, a group ("Sanders supporters"); not an organisation or a building, often named
# after a person ("John Lewis", "Disney"), nor a place ("Washington")
MISTYPED_TYPES = frozenset({"NORP", "WORK_OF_ART", "PRODUCT"})


class Linker(PersonRules):
    """Links the entities of each article handed to it; state lives in the store only."""

    def link_article(self, entities: Sequence[Named]) -> None:
        """Link (or found, or leave unlinked) every entity of one article: full names
        first, then single names and acronyms, which the others may disambiguate."""
        in_article: set[str] = set()
        self._context, self._people, self._named, self._offices = [], [], set(), {}
        entities = [_retyped(e) for e in entities]
        # single names and acronyms in text order, parts of countries' names after them
        short = sorted((e for e in entities if _short(e)), key=lambda e: bool(_shared_place(e)))
        longs = sorted((e for e in entities if not _short(e)), key=_specific_first)
        for e in [*longs, *short]:
            if not e.forms:
                decision = unlinked("no name mention (pronouns or roles only)")
            elif e.type == PERSON:
                decision = self._person(e)
            else:
                decision = self._other(e)
                if decision.found and (retyped := self._mistyped_person(e)) is not None:
                    e, decision = retyped
            self._apply(e, decision, in_article)
        self.store.corpus_add_cooccurrence(self._people[:CONTEXT], self._context[:CONTEXT])

    # -- organisations, places and the rest -------------------------------------------------

    def _other(self, e: Named) -> Decision:
        cls = type_class(e.type)
        if shared := _shared_place(e):
            return self._one_of_countries(e, shared)
        code = e.country()
        if code is not None:
            rows = list(grouped(self.store.corpus_lookup([("country", code)])).values())
            if rows:
                return Decision(rows[0]["id"], 0.95, f"country {code} (ISO 3166)")
            return founded()
        longs = [org_norm(n) for n in e.long_names()]
        own = org_norm(e.name)
        keys = [("norm", n) for n in [*longs, *e.party_names()]]
        cands = [
            c
            for c in grouped(self.store.corpus_lookup(keys)).values()
            if self._compatible(c, cls, own)
        ]
        if cands:
            exact = [c for c in cands if c["name"] and org_norm(c["name"]) == own] or cands
            best = sorted(exact, key=lambda c: (-int(c["articles"]), c["id"]))[0]
            if org_norm(best["name"]) in longs or not e.party_names():
                return Decision(best["id"], 0.9, "same name")
            return Decision(best["id"], 0.85, "the name news style gives the party")
        if (e.type in GROUP_TYPES or cls == "PLACE") and " " not in own:
            typed = self._typed_as_person(own, cls == "PLACE")
            if typed is not None:
                return typed
        acronyms = [org_norm(a) for a in e.acronyms()]
        if not acronyms:
            return self._initials_of(e, cls)
        keys = [("alias", a) for a in acronyms]
        if is_acronym(e.name):
            keys += [("initials", a) for a in acronyms]
        cands = [
            c
            for c in grouped(self.store.corpus_lookup(keys)).values()
            if self._compatible(c, cls, "acronym")
        ]
        if longs:  # a long name joins only an entity known by the acronym alone
            short = [c for c in cands if is_acronym(c["name"])]
            if len(short) == 1:
                reason = f"the long form of {short[0]['name']!r}, as the article defines it"
                return Decision(short[0]["id"], 0.8, reason)
            return founded()
        if not cands:
            return founded()
        spelled = [c for c in cands if "alias" in c["matched"]]  # its own letters first
        cands = spelled or cands
        chosen = self._choose(cands)
        if chosen is None:
            return unlinked(f"acronym {e.name!r} of several: {listing(cands)}")
        best = chosen[0]
        how = "alias" if "alias" in best["matched"] else "initials"
        confidence = (0.85 if how == "alias" else 0.7) - (0.1 if len(cands) > 1 else 0)
        return Decision(best["id"], confidence, f"acronym ({how}): {chosen[1]}")

    def _one_of_countries(self, e: Named, codes: frozenset[str]) -> Decision:
        """A place named by a part of several countries' names ("Korea") is the one of them
        the article has named (it links after the article's full names), else one of its
        own: the same word in another article may be the other country."""
        rows = grouped(self.store.corpus_lookup([("country", c) for c in sorted(codes)]))
        named = [r for r in rows.values() if r["id"] in self._context]
        if len(named) == 1:
            return Decision(named[0]["id"], 0.8, f"the country of {e.name!r} the article names")
        return founded(f"{e.name!r} is in the names of {', '.join(sorted(codes))}: no link")

    def _mistyped_person(self, e: Named) -> tuple[Named, Decision] | None:
        """A name the model typed as something else that no organisation or place of the
        corpus bears, typed a work, product or group: a full name with a census given name
        that is a known person's very name, or a single word (a quoted tweet's "Sanders
        aide") that the person rules link to a person known in full by it as surname; either
        way a person the corpus has called by the surname alone, as news calls real people
        (never "Davis Cup", "Being Digital"). Linked as that person."""
        if e.type not in MISTYPED_TYPES or is_acronym(e.name) or len(e.name.split()) > 3:
            return None
        pn = person_name(e.name)
        if pn is None:
            return None
        if not pn.bare and (pn.given is None or gender_of_first_name(pn.given) is None):
            return None
        person = replace(e, type=PERSON)
        decision = self._single_name(person, pn) if pn.bare else self._person(person)
        if decision.entity is None or decision.found:
            return None
        row = self.store.corpus_entity(decision.entity)
        fulls = self._fulls([decision.entity]).get(decision.entity, [])
        named = [f for f in fulls if f.surname == pn.surname and f.given]
        if row is None or row["type"] != PERSON or not named or (not pn.bare and pn not in fulls):
            return None
        forms = self.store.corpus_forms(decision.entity)
        if not any(fold(f["form"]) == pn.surname for f in forms):
            return None
        reason = f"a person's name the model typed {e.type}: {decision.reason}"
        return person, replace(decision, confidence=decision.confidence - 0.1, reason=reason)

    def _typed_as_person(self, norm: str, place: bool) -> Decision | None:
        """An organisation's, group's or place's (not a given name's) one-word name that one
        corpus "person" goes by alone, never named in full nor given a title (`_group_named`
        the other way round, so the order articles come in does not matter)."""
        if place and is_first_name(norm):  # "Jordan", "Chad": a person as likely
            return None
        rows = grouped(self.store.corpus_lookup([("bare", norm)])).values()
        persons = [c for c in rows if c["type"] == PERSON and c["gender"] is None]
        if len(persons) != 1 or self.store.corpus_keys([persons[0]["id"]], "role"):
            return None
        reason = f"no person is called {persons[0]['name']!r}: a group the model typed so"
        return Decision(persons[0]["id"], 0.5, reason)

    def _initials_of(self, e: Named, cls: str) -> Decision:
        """A long name the article gives no acronym for joins the one entity known only by
        the acronym its initials spell ("United Nations" after "U.N."), as an acronym
        joins a long name it spells; else it founds a new entity."""
        keys = [("alias", i) for n in e.long_names() if (i := initials(n))]
        if not keys:
            return founded()
        cands = [
            c
            for c in grouped(self.store.corpus_lookup(keys)).values()
            if is_acronym(c["name"]) and self._compatible(c, cls, "acronym")
        ]
        if len(cands) != 1:
            return founded()
        return Decision(cands[0]["id"], 0.7, f"its initials spell {cands[0]['name']!r}")

    @staticmethod
    def _compatible(c: Row, cls: str, norm: str) -> bool:
        """Same type class; an organisation and a facility or place, a work, product, law
        or event may share an acronym, a name of two or more words or one with a figure
        ("White House", "UN", "G7"; "Transport for London" a work of art: the model types
        them either way), and a party and a group its name (`names.is_party`)."""
        other = type_class(c["type"])
        if other == cls:
            return True
        pair = {other, cls}
        if pair == {"ORG", "NORP"}:  # "Tories" (a group) and "Conservative Party"
            return is_party(norm) or is_party(org_norm(c["name"]))
        specific = norm == "acronym" or len(norm.split()) >= 2 or any(map(str.isdigit, norm))
        return specific and "ORG" in pair and pair <= _ORG_OR_AS_TYPED

    # -- writing ------------------------------------------------------------------------------

    def _apply(self, e: Named, d: Decision, in_article: set[str]) -> None:
        store = self.store
        entity_id = found(store, e) if d.found else d.entity
        store.corpus_link(e.article_id, e.entity_id, entity_id, d.confidence, d.reason)
        if entity_id is not None:
            known = e if d.known_as is None else replace(e, name=d.known_as)
            absorb(store, entity_id, known, in_article, founding=d.found, adopt=d.adopt)
            if e.type == PERSON and not _short(e) and d.known_as is None:
                self._named.add(entity_id)
                self._offices[entity_id] = (*self._offices.get(entity_id, ()), *e.roles)
            if type_class(e.type) in CONTEXT_TYPES and entity_id not in self._context:
                self._context.append(entity_id)
                if e.type == PERSON:
                    self._people.append(entity_id)


def _retyped(e: Named) -> Named:
    """A "person" the model typed so whose name of two or more words is a country's ("N.
    Korea", "Saudi Arabia"; not "Jordan" nor "Chad", which people are called) links as the
    place it is, and one named as a party news style names it ("Lib Dems") as the party."""
    if e.type != PERSON:
        return e
    if len(e.name.split()) >= 2 and country(e.name) is not None:
        return replace(e, type="GPE", gender=None, roles=(), said_gender=None)
    if is_party(org_norm(e.name)):
        return replace(e, type="ORG", gender=None, roles=(), said_gender=None)
    return e


def _shared_place(e: Named) -> frozenset[str]:
    """The countries whose names hold a place's name, if several (`countries_named_in`)."""
    return countries_named_in(e.name) if type_class(e.type) == "PLACE" else frozenset()


def _specific_first(e: Named) -> bool:
    """Persons named with middle names or initials link before the other full names: the
    article wrote two people apart ("George W. Bush", "George Bush"), and the fuller name
    is the surer evidence (sort key; the sort is stable, text order otherwise)."""
    pn = e.person() if e.type == PERSON else None
    return not (pn is not None and pn.middles)


def _short(e: Named) -> bool:
    """A single-word person's name, an acronym or a part of countries' names ("Korea"):
    linked after the article's full names."""
    if e.type == PERSON:
        return len(e.name.split()) == 1
    return is_acronym(e.name) or bool(_shared_place(e))


def link_entities(store: Store, articles: Sequence[Article]) -> None:
    """The ingest hook: link the entities of the articles a batch wrote, in order (runs
    inside the batch's transaction)."""
    linker = Linker(store)
    for article in articles:
        linker.link_article(from_article(article))
