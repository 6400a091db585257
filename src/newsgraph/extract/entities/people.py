"""Persons of one article: full names grouped by name structure, lone names placed.

Full names merge when surname and suffix agree, the given names agree (an initial with the
name it starts) and middle initials do not differ ("Mark Milley" = "Mark A. Milley"; not
"George W. Bush" and "George H.W. Bush", nor two forms one sentence writes: "the party of
George Bush and George W. Bush"); a full name fitting two such people stays apart. A two-word
name whose first word is no given name and that ends one longer full name is its compound
surname ("Ms. Wasserman Schultz" of "Debbie Wasserman Schultz"). A lone
surname joins the first person named in full with it, of the gender a title or a pronoun
says and the office a title gives; one with no such evidence joins no one where another
holder was named in full just before it (since the start of the sentence before), where it
only says whose staff someone is ("Bush lawyer John Yoo") and two are named, or where it
comes before any holder is named and two are (a headline's "Clinton" above "Bill Clinton"
and "Hillary Clinton"); a lone given name the person it begins. A lone name whose
evidence fits none of them (a man's pronoun beside "Michelle Obama", "President Bush" beside
"Gov. Jeb Bush") is a person of its own, with the uses that have no evidence where it was
introduced first; a relative ("his wife, Michelle Obama") takes only the uses that fit them.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Span

from newsgraph.extract.entities.cluster import Cluster
from newsgraph.extract.entities.person_evidence import (
    of_a_presidency,
    office,
    offices,
    person_gender,
    pronoun_gender,
    relative,
    title_gender_before,
    title_role_before,
    words,
)
from newsgraph.model import Mention
from newsgraph.nlp_parsed import parsed
from newsgraph.text.gender import is_first_name
from newsgraph.text.person_names import PersonName, compound_surname, person_name, same_person
from newsgraph.text.titles import ROLE_NOUNS


def _parsed(span: Span) -> PersonName:
    """A full name's structure (`text.person_names.person_name`); a name of no letters the
    transliteration keeps is a single word that can be no one else."""
    return person_name(span.text) or PersonName(None, (), span.text, "")


def _compound_home(pn: PersonName, clusters: list[tuple[Cluster, list[Span]]]) -> list[list[Span]]:
    """The one person named in full whose name a two-word name ends, its first word no given
    name: a compound surname ("Wasserman Schultz"; not "Paul Jones" of "John Paul Jones")."""
    if pn.given is None or is_first_name(pn.given):
        return []
    homes = [s for _c, s in clusters if any(compound_surname(pn, _parsed(x)) for x in s)]
    return homes if len(homes) == 1 else []


def _holders(word: str, clusters: list[tuple[Cluster, list[Span]]]) -> list[list[Span]]:
    """The persons named in full with `word` as surname, else as given name, else as any
    other part of the name."""
    for position in (-1, 0):
        same = [spans for _c, spans in clusters if spans[0][position].text == word]
        if same:
            return same
    return [spans for _c, spans in clusters if any(t.text == word for t in spans[0])]


class _Holder:
    """A person named in full, as a lone name's evidence is compared with them (read once,
    and only when some lone use has evidence)."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self._gender: tuple[str | None] | None = None
        self._offices: set[str] | None = None

    def fits(self, gender: str | None, role: str | None) -> bool:
        """Whether the lone name's evidence can be this person's: the gender a title or
        pronoun gives it, the office its title names."""
        if gender is not None:
            if self._gender is None:
                self._gender = (person_gender(self.spans),)
            if self._gender[0] not in (None, gender):
                return False
        return role is None or self.holds(role) or not self.offices()  # another office: no

    def offices(self) -> set[str]:
        if self._offices is None:
            self._offices = offices(self.spans)
        return self._offices

    def holds(self, role: str | None) -> bool:
        return role is not None and role in self.offices()


def _first(spans: list[Span]) -> int:
    """Where a person is introduced: the first full mention (a lone "Melania" placed earlier
    introduces no one), or the first mention of a person known by one word alone."""
    return min((s.start for s in spans if words(s) >= 2), default=spans[0].start)


def _decided(people: list[_Holder], gender: str | None, role: str | None) -> bool:
    """Whether a lone use's evidence names someone the article names in full: some fits,
    and an office ("Secretary Clinton") fits one given it or the only one given none."""
    fit = [h for h in people if h.fits(gender, role)]
    return bool(fit) and (role is None or len(fit) == 1 or any(h.holds(role) for h in fit))


def _place_lone_names(
    lone: list[Span], holders: list[list[Span]]
) -> list[tuple[Span, list[Span] | None, str | None]]:
    """Where each lone use of a word ("Obama", "President Clinton", "Mrs. Clinton") goes:
    to the person named in full whom its evidence fits — the gender a title or pronoun
    says, the office a title names (`_Holder.fits`) — and of several the first introduced before
    it; a use whose evidence fits none of them names someone else: with the uses that have
    no evidence of their own, that other person, where introduced before the persons named
    in full (news style names its principal by surname alone and names relatives in full:
    "President Obama said he …" then "first lady Michelle Obama"). A person introduced as a
    relative ("his wife, Michelle Obama") is the home only of uses whose evidence fits them.
    None: a person of the lone name's own; with the gender its evidence gives."""
    people = [_Holder(h) for h in holders]
    # "the Bush administration" beside "President George W. Bush" and "Gov. Jeb Bush": the
    # president's, where the article gives one of them that office
    president = any(h.holds("president") for h in people) if len(people) > 1 else False
    evidence = [
        (
            s,
            title_gender_before(s) or pronoun_gender(s),
            title_role_before(s) or _presidency(s, president),
        )
        for s in lone
    ]
    evidence = [(s, g, office(r) if r else None) for s, g, r in evidence]
    own = [s for s, g, r in evidence if (g or r) and not _decided(people, g, r)]
    apart = {s.start for s in own}
    plain = [h for h in holders if not relative(h)]
    first = {id(h): _first(h) for h in [*holders, own] if h}
    out: list[tuple[Span, list[Span] | None, str | None]] = []
    for span, gender, role in evidence:
        if span.start in apart:
            out.append((span, None, gender))
            continue
        if gender or role:
            fit = [h for h in people if h.fits(gender, role)]
            # "President Clinton": the one given that office before one given none
            cands = [h.spans for h in fit if h.holds(role)] or [h.spans for h in fit]
        else:
            cands = plain + ([own] if own else [])
        before = [c for c in cands if first[id(c)] < span.start]
        if not (before or gender or role) and len(plain) > 1:
            before = [own] if own else []  # a headline's "Clinton" before both are named
        before = before or cands
        home = min(before, key=lambda c: first[id(c)]) if before else None
        if not (gender or role) and home is not None and _ambiguous(span, plain, home):
            home = None  # "Hillary Clinton rebuffed a heckler. … Clinton told her": either
        out.append((span, None if home is own else home, None))
    return out


def _ambiguous(span: Span, holders: list[list[Span]], home: list[Span]) -> bool:
    """Whether a lone name with no evidence of its own (a title, a pronoun) may be another
    holder of the name than `home`, the first introduced: one named in full just before it
    (since the start of the sentence before its own), or any other where the name only
    says whose staff someone is ("Bush lawyer John Yoo", "a Clinton aide")."""
    head = span.root.head
    staff = span.root.dep_ == "compound" and head.pos_ == "NOUN" and head.lower_ in ROLE_NOUNS
    if len(holders) > 1 and staff:
        return True
    index = parsed(span.doc)
    start = index.sentence(span.start)[0]
    if start > 0:
        start = index.sentence(start - 1)[0]
    return any(
        start <= s.start < span.start and words(s) >= 2 for h in holders if h is not home for s in h
    )


def _presidency(span: Span, president: bool) -> str | None:
    return "president" if president and of_a_presidency(span) else None


def _named_apart(full: list[Span]) -> list[set[str]]:
    """Pairs of full-name forms one sentence writes both of: two people, as a writer names
    one person once per sentence ("the party of George Bush and George W. Bush")."""
    by_sentence: dict[int, set[str]] = defaultdict(set)
    for span in full:
        by_sentence[parsed(span.doc).sentence(span.start)[0]].add(span.text)
    return [{a, b} for forms in by_sentence.values() for a in forms for b in forms if a < b]


def cluster_people(cands: list[Span]) -> list[Cluster]:
    clusters: list[tuple[Cluster, list[Span]]] = []
    # a full name has two words or more: "Kim Jong-un", not "Clinton-Sanders" (two names)
    full = sorted((s for s in cands if words(s) >= 2), key=lambda s: (-len(s.text), s.start))
    apart = _named_apart(full)
    for span in full:
        # a full name that fits two people ("George Bush" beside "George H.W. Bush" and
        # "George W. Bush") is a person of its own: a wrong merge is worse than a missed one
        homes = [spans for _c, spans in clusters if any(s.text == span.text for s in spans)]
        pn = _parsed(span)
        homes = (
            homes
            or [
                spans
                for _c, spans in clusters
                if all(
                    same_person(_parsed(s), pn) and {s.text, span.text} not in apart for s in spans
                )
            ]
            or _compound_home(pn, clusters)
        )
        if len(homes) == 1:
            homes[0].append(span)
        else:
            clusters.append((Cluster("PERSON", span.text), [span]))
    named = list(clusters)
    by_word: dict[str, list[Span]] = defaultdict(list)
    for span in sorted((s for s in cands if words(s) == 1), key=lambda s: s.start):
        by_word[span.text].append(span)
    said: dict[str, set[str]] = defaultdict(set)  # the genders a lone name's evidence gives
    for word, lone in by_word.items():
        holders = _holders(word, named)
        for span, home, gender in (
            _place_lone_names(lone, holders) if holders else [(s, None, None) for s in lone]
        ):
            if home is not None:
                home.append(span)
                continue
            said[span.text].update([gender] if gender else [])
            alone = next((spans for c, spans in clusters if c.name == span.text), None)
            if alone is not None:
                alone.append(span)
            else:
                clusters.append((Cluster("PERSON", span.text), [span]))
    for cluster, _ in clusters:
        if len(said[cluster.name]) == 1:  # kept apart from namesakes by a pronoun or title
            cluster.gender = next(iter(said[cluster.name]))
    for cluster, spans in clusters:
        for s in spans:
            kind = "name" if len(s) >= 2 or s.text == cluster.name else "surname"
            cluster.add(Mention(s.text, s.start_char, s.end_char, kind))
    return [c for c, _ in clusters]
