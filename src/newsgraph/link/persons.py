"""The linking rules for persons (`link/linker.py` runs them; `link/choice.py` chooses).

- a person with a full name joins the corpus person whose every full name can be the same
  person (`text.person_names.same_person`: surname, suffix, given name or its initial, middle
  initials), and that no other full name of the article joined (the extractor kept them
  apart: "George Bush" beside "George W. Bush"; names with middle initials link first);
  of several such, the one known by that very name, middle initials too, and none for a
  name without them that people with different ones can be ("George Bush": George W. and
  George H.W.); a two-word compound surname joins the one full name it ends; a name the
  model ran into the words before it ("Rival Hillary Clinton") the one known full name that
  ends it;
- a single name ("Trump", "Hillary") joins a person it is the surname or given name of, of
  the same gender where both are known, without a suffix while a plain holder is known,
  and of those the ones known in an office the article gives it ("President Clinton": the
  Clinton seen as president before, not the one never so called); a person the article
  names in full first, unless the single name has an office they are not known in (the
  extractor left it apart from them: someone else known in it, else a new entity), or
  whose gender is not the one the article's pronouns give it (a namesake of that gender,
  else none); of several the article names in full, the one the article gives
  its office, else the one of its pronouns' gender;
  with no full-named holder it joins (or founds) the corpus entity of that single name,
  which the first full name with that word later adopts; a single name no person has,
  or only as a given name (news style calls people by the surname), with no title or
  office or first name's gender, that one organisation, group or place has joins it (the
  model's "person" "Labour", "Glasgow", "Equifax" beside a false "Equifax Twitter");
- where several candidates remain: `Choosing._choose` (for a single name the article
  names no holder of, the dominant holder must outweigh all the others together), else
  (a single name) the only one the corpus has called by that name alone, else the
  pronouns' gender if it narrows them, else none: left unlinked, candidates named.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsgraph.link.choice import (
    MIN_EVIDENCE,
    Choosing,
    Decision,
    founded,
    grouped,
    listing,
    unlinked,
)
from newsgraph.link.evidence import PERSON, Named, type_class
from newsgraph.link.names import country, org_norm
from newsgraph.store.base import Row
from newsgraph.text.gender import gender_of_first_name, is_first_name
from newsgraph.text.person_names import PersonName, compound_surname, person_name
from newsgraph.text.person_names import same_person as can_be_same

GROUP_TYPES = frozenset({"ORG", "NORP"})  # what a single "person" name may turn out to be


def _of_said_gender(cands: Sequence[Row], e: Named) -> list[Row]:
    """The candidates of the gender the article's pronouns give a single name."""
    return [c for c in cands if e.said_gender and c["gender"] == e.said_gender]


def _gender_ok(candidate: Row, gender: str | None) -> bool:
    return gender is None or candidate["gender"] in (None, gender)


class PersonRules(Choosing):
    """Links one person of an article (the module docstring)."""

    def _person(self, e: Named) -> Decision:
        pn = e.person()
        if pn is None:
            return unlinked("no name left without titles")
        if pn.bare:
            return self._single_name(e, pn)
        cands = [
            c
            for c in grouped(self.store.corpus_lookup([("surname", pn.surname)])).values()
            if c["type"] == PERSON and _gender_ok(c, e.gender) and c["id"] not in self._named
        ]
        fulls = self._fulls([c["id"] for c in cands])
        same = [
            c
            for c in cands
            if fulls.get(c["id"]) and all(can_be_same(pn, f) for f in fulls[c["id"]])
        ]
        if len(same) > 1:
            told = self._by_full_name(same, fulls, pn, e)
            if told is not None:
                return told
        if same:
            chosen = self._choose(same)
            if chosen is None:
                return unlinked(f"full name shared by several people: {listing(same)}")
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
            for c in grouped(self.store.corpus_lookup(keys)).values()
            if c["type"] == PERSON and _gender_ok(c, e.gender)
        ]
        if len(singles) == 1:
            reason = f"the first full name for the single name {singles[0]['name']!r}"
            return Decision(singles[0]["id"], 0.7, reason, adopt=True)
        return self._inside(e) or founded()

    @staticmethod
    def _by_full_name(
        same: Sequence[Row], fulls: dict[str, list[PersonName]], pn: PersonName, e: Named
    ) -> Decision | None:
        """Of several people a full name can be, the one known by this very name, its
        middle initials too ("George W. Bush" beside one only ever called "George Bush");
        a name without middle initials that people known by different ones can be
        ("George Bush": George W. and George H.W.) is left unlinked; None: undecided."""
        names = [f for c in same for f in fulls[c["id"]]]
        if not pn.middles and any(not can_be_same(a, b) for a in names for b in names):
            reason = f"{e.name!r} can be people whose middle initials tell them apart"
            return unlinked(f"{reason}: {listing(same)}")
        exact = [c for c in same if pn in fulls[c["id"]]]
        if len(exact) == 1:
            reason = f"same full name; the others only agree with it ({listing(same)})"
            return Decision(exact[0]["id"], 0.85, reason)
        return None

    def _inside(self, e: Named) -> Decision | None:
        """A "name" the model ran into the words before it ("Rival Hillary Clinton",
        "Vermonter Bernie Sanders", "pro-Jeb Bush") joins the one known person whose full
        name ends it, the words before that no given name ("John Paul Jones" is not "Paul
        Jones")."""
        words = [w.split("-", 1)[1] if w[:1].islower() and "-" in w else w for w in e.name.split()]
        found: dict[str, str] = {}
        prefixed = words[0] != e.name.split()[0]  # "pro-Jeb Bush": from its first word
        for i in range(0 if prefixed else 1, len(words) - 1):
            if i and gender_of_first_name(words[i - 1]) is not None:
                break
            sub = person_name(" ".join(words[i:]))
            if sub is None or sub.bare:
                continue
            rows = grouped(self.store.corpus_lookup([("surname", sub.surname)])).values()
            ids = [c["id"] for c in rows if c["type"] == PERSON and c["id"] not in self._named]
            found.update(
                (entity, " ".join(words[i:]))
                for entity, names in self._fulls(ids).items()
                if sub in names
            )
        if len(found) != 1:
            return None
        ((entity, name),) = found.items()
        reason = f"the known full name {name!r} ends {e.name!r}"
        return Decision(entity, 0.6, reason, known_as=name)

    def _fulls(self, ids: Sequence[str]) -> dict[str, list[PersonName]]:
        out: dict[str, list[PersonName]] = {}
        for r in self.store.corpus_keys(ids, "full"):
            out.setdefault(r["entity"], []).append(PersonName.from_key(r["key"]))
        return out

    def _single_name(self, e: Named, pn: PersonName) -> Decision:
        word = pn.surname
        rows = self.store.corpus_lookup([("surname", word), ("given", word), ("bare", word)])
        cands = [
            c for c in grouped(rows).values() if c["type"] == PERSON and _gender_ok(c, e.gender)
        ]
        named = [c for c in cands if c["matched"] & {"surname", "given"}]
        fulls = self._fulls([c["id"] for c in named])
        plain = [c for c in named if any(not f.suffix for f in fulls.get(c["id"], []))]
        named = plain or named  # "Trump" is not "Trump Jr." while a plain Trump is known
        named, held = self._office(named, e)
        own = [c for c in named if c["id"] in self._named]  # the article's own full names
        if len(own) > 1:
            told = self._told_apart(own, e)
            return told or unlinked(f"{e.name!r} alone: several people this article names in full")
        if own and e.roles and not self._known_in(own, e.roles):
            # left apart from the person the article names in full, in an office they are
            # not known in ("President Obama" beside "first lady Michelle Obama"): someone
            # else known in it, else a person of its own
            named = self._known_in([c for c in named if c not in own], e.roles)
            if not named:
                return founded(
                    f"founded: {e.name!r} alone is not the person this article names in full"
                )
            held = f"known as {'/'.join(e.roles)}, not the person this article names in full"
        elif len(own) == 1 and e.said_gender and own[0]["gender"] not in (None, e.said_gender):
            # "Clinton said as he introduced his wife", beside "Hillary Clinton" alone: the
            # namesake of the gender the pronouns give, else none (a pronoun may be misread)
            named = self._other_gender(own[0], named, e)
            if not named:
                return unlinked(
                    f"{e.name!r} alone is {e.said_gender}, as its pronouns say: not the person "
                    "this article names in full, and no namesake of that gender is known"
                )
            held = f"{e.said_gender}, as its pronouns say, not the person named in full"
        else:
            named = own or named
        # news style calls a person by the surname: a word that is only someone's given
        # name, and an organisation's whole name, is the organisation ("Equifax")
        given_only = all(c["matched"] & {"surname", "given"} == {"given"} for c in named)
        if named and not own and given_only and (group := self._group_named(e)) is not None:
            return group
        if named:
            if len(named) == 1 and held:
                return Decision(named[0]["id"], 0.7, f"{e.name!r} alone: the only one {held}")
            if len(named) == 1:
                return Decision(named[0]["id"], 0.8, f"the only person named {e.name!r}")
            chosen = self._choose(named, bare=not own)
            if chosen is None and (held or not e.roles):  # no office none of them held
                chosen = self._sole_user(named, e.name)
            if chosen is None:
                chosen = self._by_pronouns(named, e)
            if chosen is None:
                return unlinked(f"{e.name!r} alone names several people: {listing(named)}")
            reason = f"{e.name!r} alone{f' ({held})' if held else ''}: {chosen[1]}"
            return Decision(chosen[0]["id"], 0.6, reason)
        singles = [c for c in cands if "bare" in c["matched"]]
        if singles:
            best = sorted(singles, key=lambda c: (-int(c["articles"]), c["id"]))[0]
            return Decision(best["id"], 0.6, f"the same single name {e.name!r}")
        return self._group_named(e) or founded()

    def _told_apart(self, own: list[Row], e: Named) -> Decision | None:
        """Of several people the article names in full, the one a single name is: the one
        the article itself gives the office of the single name ("former President Bill
        Clinton" … "President Clinton", beside "Hillary Clinton"), else the one of the
        gender the article's pronouns give it; None when neither tells."""
        if self._offices_of_several(own, e.roles):
            return unlinked(
                f"{e.name!r} alone is given offices ({'/'.join(e.roles)}) of "
                f"different people this article names in full: {listing(own)}"
            )
        given = [c for c in own if set(self._offices.get(c["id"], ())) & set(e.roles)]
        if len(given) == 1:
            reason = f"{e.name!r} alone: the one this article names in full as {'/'.join(e.roles)}"
            return Decision(given[0]["id"], 0.7, reason)
        said = _of_said_gender(own, e)
        if len(said) == 1:
            reason = f"{e.name!r} alone: of those this article names in full, the {e.said_gender}"
            return Decision(said[0]["id"], 0.6, f"{reason} one, as its pronouns say")
        return None

    def _offices_of_several(self, own: Sequence[Row], roles: Sequence[str]) -> bool:
        """Whether a single name's offices are each held by a different one of the people
        the article names in full, in this article or the corpus ("Secretary Clinton" and
        "President Clinton", one entity to the extractor: Hillary and Bill Clinton)."""
        if len(roles) < 2:
            return False
        holders = {
            frozenset(c["id"] for c in self._known_in(own, [r]))
            | frozenset(c["id"] for c in own if r in self._offices.get(c["id"], ()))
            for r in roles
        }
        held = [h for h in holders if h]
        return len(held) > 1 and not frozenset.intersection(*held)

    @staticmethod
    def _other_gender(own: Row, cands: Sequence[Row], e: Named) -> list[Row]:
        """The other candidates of the gender the article's pronouns give a single name
        (the one person the article names in full with it is of the other gender)."""
        return [c for c in _of_said_gender(cands, e) if c["id"] != own["id"]]

    def _by_pronouns(self, cands: Sequence[Row], e: Named) -> tuple[Row, str] | None:
        """Where nothing else decides, the candidates of the gender the article's pronouns
        give a single name ("Clinton … she"), if that leaves fewer, and of them the one
        `_choose` picks (a misresolved pronoun only narrows, never links alone where the
        rest is a tie)."""
        said = _of_said_gender(cands, e)
        if not said or len(said) == len(cands):
            return None
        chosen = self._choose(said) if len(said) > 1 else (said[0], "the only one")
        if chosen is None:
            return None
        return chosen[0], f"{e.said_gender}, as the article's pronouns say: {chosen[1]}"

    def _group_named(self, e: Named) -> Decision | None:
        """A single name, with nothing in the article that says it is a person (no title,
        office or pronoun), that names one organisation, group or place (a place only by a
        word no census lists as a first name): the model's person is that ("Labour and the
        Conservatives"; "Equifax", only a given name of the persons known; "Glasgow",
        "Britain"; not "Jordan")."""
        if e.gender is not None or e.said_gender is not None or e.roles:
            return None
        keys = [("norm", org_norm(e.name))]
        if (code := country(e.name)) is not None:
            keys.append(("country", code))
        rows = grouped(self.store.corpus_lookup(keys)).values()
        place_ok = not is_first_name(e.name)
        groups = [
            c
            for c in rows
            if c["type"] in GROUP_TYPES or (place_ok and type_class(c["type"]) == "PLACE")
        ]
        if len(groups) != 1:
            return None
        reason = f"no person is called {e.name!r} alone; the {groups[0]['type']} of that name"
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
        return users[0], f"the only one called {word!r} alone ({listing(cands)})"

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
