"""Link article entities to corpus entities, one article at a time, in arrival order.

For each article entity (full names first, then single names and acronyms, each in text
order) the linker looks candidates up by blocking keys (`corpus_keys`: surname, given name,
full-name structure, normalised name, acronym, initials, country code) and decides, with a
confidence and a reason:

- a person with a full name joins the corpus person whose every full name can be the same
  person (`text.person_names.same_person`: surname, suffix, given name or its initial, middle
  initials), and that no other full name of the article joined (the extractor kept them
  apart: "George Bush" beside "George W. Bush"; names with middle initials link first);
  a two-word compound surname joins the one full name it ends;
- a single name ("Trump", "Hillary") joins a person it is the surname or given name of, of
  the same gender where both are known, without a suffix while a plain holder is known,
  and of those the ones known in an office the article gives it ("President Clinton": the
  Clinton seen as president before, not the one never so called); a person the article
  names in full first, unless the single name has an office they are not known in (the
  extractor left it apart from them: someone else known in it, else a new entity);
  with no full-named holder it joins (or founds) the corpus entity of that single name,
  which the first full name with that word later adopts; a single name no person has,
  with no title or office, that one organisation or group has joins it (the model's
  "person" "Labour"), and such a group joins a "person" known by that word alone;
- where several candidates remain (`_choose`): the person the article's entities already
  linked co-occur with (`corpus_cooccur`: for each person, the articles shared with each
  of the first `CONTEXT` persons, organisations and places of an article; `DOMINANCE`
  times the next), else the one with
  `DOMINANCE` times the articles of the next, else (a single name) the only one the corpus
  has called by that name alone, else none: left unlinked, candidates named;
- anything else joins by country code (pycountry), normalised name, or acronym: a long
  name joins an entity known only by its acronym ("DNC" then "Democratic National
  Committee", as the article defines it or as its initials spell it: "U.N." then "United
  Nations"), never one whose long name differs ("Democratic National Convention").

A new corpus entity's id is the content hash of its founding evidence (the article's and
the entity's ids), so the same corpus in the same order gives the same ids with any number
of workers, at once or in daily batches. Nothing here scans all entities: every read is a
lookup by key or by id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsgraph.link.evidence import PERSON, Named, from_article, type_class
from newsgraph.link.names import initials, is_acronym, org_norm
from newsgraph.link.records import absorb, found
from newsgraph.model import Article
from newsgraph.store.base import Row, Store
from newsgraph.text.person_names import PersonName, compound_surname
from newsgraph.text.person_names import same_person as can_be_same

DOMINANCE = 3.0  # the chosen holder of a shared name: this many times the next one's evidence
MIN_EVIDENCE = 2  # articles (of co-occurrence, or of the holder) before evidence counts
CONTEXT = 20  # entities of an article whose co-occurrence is counted (the first in the text)
CONTEXT_TYPES = frozenset({"PERSON", "ORG", "PLACE"})  # what counts as context
GROUP_TYPES = frozenset({"ORG", "NORP"})  # what a single "person" name may turn out to be
FOUNDED = "founded: no corpus entity matched"


@dataclass(frozen=True, slots=True)
class Decision:
    """corpus entity id (None: leave unlinked, or found a new one when `found`)."""

    entity: str | None
    confidence: float
    reason: str
    found: bool = False
    adopt: bool = False  # the entity was known by a single name until now


def _unlinked(reason: str) -> Decision:
    return Decision(None, 0.0, reason)


def _found() -> Decision:
    return Decision(None, 1.0, FOUNDED, found=True)


def _group(rows: Iterable[Row]) -> dict[str, Row]:
    """Lookup rows by corpus entity, with the key kinds each matched."""
    out: dict[str, Row] = {}
    for r in rows:
        row = out.setdefault(r["id"], {**r, "matched": set()})
        row["matched"].add(r["key_kind"])
    return out


def _gender_ok(candidate: Row, gender: str | None) -> bool:
    return gender is None or candidate["gender"] in (None, gender)


def _leader(cands: Sequence[Row], score: Mapping[str, int]) -> Row | None:
    """The candidate whose score is DOMINANCE times the next one's (ties by id)."""
    ranked = sorted(cands, key=lambda c: (-score.get(c["id"], 0), c["id"]))
    top, second = score.get(ranked[0]["id"], 0), score.get(ranked[1]["id"], 0)
    return ranked[0] if top >= DOMINANCE * second and top >= MIN_EVIDENCE else None


def _listing(cands: Sequence[Row]) -> str:
    ranked = sorted(cands, key=lambda c: (-int(c["articles"]), c["id"]))
    return ", ".join(f"{c['name']} {c['articles']}" for c in ranked[:4])


class Linker:
    """Links the entities of each article handed to it; state lives in the store only."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._context: list[str] = []  # corpus entities linked so far in this article
        self._people: list[str] = []  # the persons among them
        self._named: set[str] = set()  # the persons a full name of this article linked to

    def link_article(self, entities: Sequence[Named]) -> None:
        """Link (or found, or leave unlinked) every entity of one article: full names
        first, then single names and acronyms, which the others may disambiguate."""
        in_article: set[str] = set()
        self._context, self._people, self._named = [], [], set()
        short = [e for e in entities if _short(e)]
        longs = sorted((e for e in entities if not _short(e)), key=_specific_first)
        for e in [*longs, *short]:
            if not e.forms:
                decision = _unlinked("no name mention (pronouns or roles only)")
            elif e.type == PERSON:
                decision = self._person(e)
            else:
                decision = self._other(e)
            self._apply(e, decision, in_article)
        self.store.corpus_add_cooccurrence(self._people[:CONTEXT], self._context[:CONTEXT])

    def _choose(self, cands: Sequence[Row]) -> tuple[Row, str] | None:
        """One of several candidates: the one the article's other entities co-occur with
        (DOMINANCE times the next), else the one with DOMINANCE times the articles of the
        next; None when neither evidence decides."""
        if len(cands) == 1:
            return cands[0], "the only candidate"
        if self._context:
            ids = [c["id"] for c in cands]
            together = self.store.corpus_cooccurrence(ids, self._context[:CONTEXT])
            best = _leader(cands, together)
            if best is not None:
                return best, f"co-occurs with this article's entities ({_listing(cands)})"
        best = _leader(cands, {c["id"]: int(c["articles"]) for c in cands})
        return (best, f"the dominant holder ({_listing(cands)})") if best is not None else None

    # -- persons --------------------------------------------------------------------------

    def _person(self, e: Named) -> Decision:
        pn = e.person()
        if pn is None:
            return _unlinked("no name left without titles")
        if pn.bare:
            return self._single_name(e, pn)
        cands = [
            c
            for c in _group(self.store.corpus_lookup([("surname", pn.surname)])).values()
            if c["type"] == PERSON and _gender_ok(c, e.gender) and c["id"] not in self._named
        ]
        fulls = self._fulls([c["id"] for c in cands])
        same = [
            c
            for c in cands
            if fulls.get(c["id"]) and all(can_be_same(pn, f) for f in fulls[c["id"]])
        ]
        if same:
            chosen = self._choose(same)
            if chosen is None:
                return _unlinked(f"full name shared by several people: {_listing(same)}")
            best = chosen[0]
            exact = any(f == pn for f in fulls[best["id"]])
            reason = "same full name" if exact else "full name agrees (given name, initials)"
            if len(same) > 1:
                return Decision(best["id"], 0.8, f"{reason}; {chosen[1]}")
            return Decision(best["id"], 0.95, reason)
        ends = [c for c in cands if any(compound_surname(pn, f) for f in fulls.get(c["id"], []))]
        if len(ends) == 1:
            return Decision(ends[0]["id"], 0.8, "the end of a longer full name (compound surname)")
        keys = [("bare", pn.surname), ("bare", pn.given or "")]
        singles = [
            c
            for c in _group(self.store.corpus_lookup(keys)).values()
            if c["type"] == PERSON and _gender_ok(c, e.gender)
        ]
        if len(singles) == 1:
            reason = f"the first full name for the single name {singles[0]['name']!r}"
            return Decision(singles[0]["id"], 0.7, reason, adopt=True)
        return _found()

    def _fulls(self, ids: Sequence[str]) -> dict[str, list[PersonName]]:
        out: dict[str, list[PersonName]] = {}
        for r in self.store.corpus_keys(ids, "full"):
            out.setdefault(r["entity"], []).append(PersonName.from_key(r["key"]))
        return out

    def _single_name(self, e: Named, pn: PersonName) -> Decision:
        word = pn.surname
        rows = self.store.corpus_lookup([("surname", word), ("given", word), ("bare", word)])
        cands = [
            c for c in _group(rows).values() if c["type"] == PERSON and _gender_ok(c, e.gender)
        ]
        named = [c for c in cands if c["matched"] & {"surname", "given"}]
        fulls = self._fulls([c["id"] for c in named])
        plain = [c for c in named if any(not f.suffix for f in fulls.get(c["id"], []))]
        named = plain or named  # "Trump" is not "Trump Jr." while a plain Trump is known
        named, held = self._office(named, e)
        own = [c for c in named if c["id"] in self._named]  # the article's own full names
        if len(own) > 1:
            return _unlinked(f"{e.name!r} alone: several people this article names in full")
        if own and e.roles and not self._known_in(own, e.roles):
            # left apart from the person the article names in full, in an office they are
            # not known in ("President Obama" beside "first lady Michelle Obama"): someone
            # else known in it, else a person of its own
            named = self._known_in([c for c in named if c not in own], e.roles)
            if not named:
                reason = f"founded: {e.name!r} alone is not the person this article names in full"
                return Decision(None, 1.0, reason, found=True)
            held = f"known as {'/'.join(e.roles)}, not the person this article names in full"
        else:
            named = own or named
        if named:
            if len(named) == 1 and held:
                return Decision(named[0]["id"], 0.7, f"{e.name!r} alone: the only one {held}")
            if len(named) == 1:
                return Decision(named[0]["id"], 0.8, f"the only person named {e.name!r}")
            chosen = self._choose(named)
            if chosen is None and (held or not e.roles):  # no office none of them held
                chosen = self._sole_user(named, e.name)
            if chosen is None:
                return _unlinked(f"{e.name!r} alone names several people: {_listing(named)}")
            reason = f"{e.name!r} alone{f' ({held})' if held else ''}: {chosen[1]}"
            return Decision(chosen[0]["id"], 0.6, reason)
        singles = [c for c in cands if "bare" in c["matched"]]
        if singles:
            best = sorted(singles, key=lambda c: (-int(c["articles"]), c["id"]))[0]
            return Decision(best["id"], 0.6, f"the same single name {e.name!r}")
        return self._group_named(e) or _found()

    def _group_named(self, e: Named) -> Decision | None:
        """A single name no person is known by, with nothing in the article that says it
        is a person (no title or office), that names one organisation or group: the
        model's person is that group ("Labour and the Conservatives")."""
        if e.gender is not None or e.roles:
            return None
        rows = _group(self.store.corpus_lookup([("norm", org_norm(e.name))])).values()
        groups = [c for c in rows if c["type"] in GROUP_TYPES]
        if len(groups) != 1:
            return None
        reason = f"no person is called {e.name!r}; the {groups[0]['type']} of that name"
        return Decision(groups[0]["id"], 0.5, reason)

    def _sole_user(self, cands: Sequence[Row], word: str) -> tuple[Row, str] | None:
        """The one candidate the corpus has called by the single name alone, `MIN_EVIDENCE`
        times or more, where the others were always named otherwise ("Obama": Barack
        Obama, never Michelle Obama, who is named in full)."""
        uses = {
            c["id"]: sum(
                int(f["count"]) for f in self.store.corpus_forms(c["id"]) if f["form"] == word
            )
            for c in cands
        }
        users = [c for c in cands if uses[c["id"]]]
        if len(users) != 1 or uses[users[0]["id"]] < MIN_EVIDENCE:
            return None
        return users[0], f"the only one called {word!r} alone ({_listing(cands)})"

    def _office(self, cands: list[Row], e: Named) -> tuple[list[Row], str]:
        """Of several people a single name may be, those known in an office the article
        gives this one ("President Clinton": the Clinton seen as president), when some
        are and some are not; and the reason's words for it."""
        if len(cands) < 2 or not e.roles:
            return cands, ""
        held = self._known_in(cands, e.roles)
        if not held or len(held) == len(cands):
            return cands, ""
        return held, f"known as {'/'.join(e.roles)}"

    def _known_in(self, cands: Sequence[Row], roles: Sequence[str]) -> list[Row]:
        """The candidates the corpus knows in one of these offices."""
        rows = self.store.corpus_keys([c["id"] for c in cands], "role") if cands else []
        known = {r["entity"] for r in rows if r["key"] in roles}
        return [c for c in cands if c["id"] in known]

    # -- organisations, places and the rest -------------------------------------------------

    def _other(self, e: Named) -> Decision:
        cls = type_class(e.type)
        code = e.country()
        if code is not None:
            rows = list(_group(self.store.corpus_lookup([("country", code)])).values())
            if rows:
                return Decision(rows[0]["id"], 0.95, f"country {code} (ISO 3166)")
            return _found()
        longs = [org_norm(n) for n in e.long_names()]
        own = org_norm(e.name)
        cands = [
            c
            for c in _group(self.store.corpus_lookup([("norm", n) for n in longs])).values()
            if self._compatible(c, cls, own)
        ]
        if cands:
            exact = [c for c in cands if c["name"] and org_norm(c["name"]) == own] or cands
            best = sorted(exact, key=lambda c: (-int(c["articles"]), c["id"]))[0]
            return Decision(best["id"], 0.9, "same name")
        if e.type in GROUP_TYPES and " " not in own:
            typed = self._typed_as_person(own)
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
            for c in _group(self.store.corpus_lookup(keys)).values()
            if self._compatible(c, cls, "acronym")
        ]
        if longs:  # a long name joins only an entity known by the acronym alone
            short = [c for c in cands if is_acronym(c["name"])]
            if len(short) == 1:
                reason = f"the long form of {short[0]['name']!r}, as the article defines it"
                return Decision(short[0]["id"], 0.8, reason)
            return _found()
        if not cands:
            return _found()
        spelled = [c for c in cands if "alias" in c["matched"]]  # its own letters first
        cands = spelled or cands
        chosen = self._choose(cands)
        if chosen is None:
            return _unlinked(f"acronym {e.name!r} of several: {_listing(cands)}")
        best = chosen[0]
        how = "alias" if "alias" in best["matched"] else "initials"
        confidence = (0.85 if how == "alias" else 0.7) - (0.1 if len(cands) > 1 else 0)
        return Decision(best["id"], confidence, f"acronym ({how}): {chosen[1]}")

    def _typed_as_person(self, norm: str) -> Decision | None:
        """An organisation's or group's one-word name that one corpus "person" goes by
        alone, never named in full nor given a title (`_group_named` the other way round,
        so the order articles come in does not matter)."""
        rows = _group(self.store.corpus_lookup([("bare", norm)])).values()
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
            return _found()
        cands = [
            c
            for c in _group(self.store.corpus_lookup(keys)).values()
            if is_acronym(c["name"]) and self._compatible(c, cls, "acronym")
        ]
        if len(cands) != 1:
            return _found()
        return Decision(cands[0]["id"], 0.7, f"its initials spell {cands[0]['name']!r}")

    @staticmethod
    def _compatible(c: Row, cls: str, norm: str) -> bool:
        """Same type class; an organisation and a facility or place may share an acronym or
        a name of two or more words ("White House", "UN": the model types them either way)."""
        other = type_class(c["type"])
        if other == cls:
            return True
        pair = {other, cls}
        return pair == {"ORG", "PLACE"} and (norm == "acronym" or len(norm.split()) >= 2)

    # -- writing ------------------------------------------------------------------------------

    def _apply(self, e: Named, d: Decision, in_article: set[str]) -> None:
        store = self.store
        entity_id = found(store, e) if d.found else d.entity
        store.corpus_link(e.article_id, e.entity_id, entity_id, d.confidence, d.reason)
        if entity_id is not None:
            absorb(store, entity_id, e, in_article, founding=d.found, adopt=d.adopt)
            if e.type == PERSON and not _short(e):
                self._named.add(entity_id)
            if type_class(e.type) in CONTEXT_TYPES and entity_id not in self._context:
                self._context.append(entity_id)
                if e.type == PERSON:
                    self._people.append(entity_id)


def _specific_first(e: Named) -> bool:
    """Persons named with middle names or initials link before the other full names: the
    article wrote two people apart ("George W. Bush", "George Bush"), and the fuller name
    is the surer evidence (sort key; the sort is stable, text order otherwise)."""
    pn = e.person() if e.type == PERSON else None
    return not (pn is not None and pn.middles)


def _short(e: Named) -> bool:
    """A single-word person's name or an acronym: linked after the article's full names."""
    if e.type == PERSON:
        return len(e.name.split()) == 1
    return is_acronym(e.name)


def link_entities(store: Store, articles: Sequence[Article]) -> None:
    """The ingest hook: link the entities of the articles a batch wrote, in order (runs
    inside the batch's transaction)."""
    linker = Linker(store)
    for article in articles:
        linker.link_article(from_article(article))
