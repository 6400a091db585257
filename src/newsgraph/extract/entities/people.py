"""Persons of one article: full names grouped by name structure, lone names placed.

Full names merge when surname and suffix agree, the given names agree (an initial with the
name it starts) and middle initials do not differ ("Mark Milley" = "Mark A. Milley"; not
"George W. Bush" and "George H.W. Bush", nor two forms one sentence writes: "the party of
George Bush and George W. Bush"); a full name fitting two such people stays apart. A lone
surname joins the first person named in full with it, of the gender a title or a pronoun
says and the office a title gives; a lone given name the person it begins.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.tokens import Span

from newsgraph.extract.entities.cluster import Cluster
from newsgraph.extract.entities.coref import PRONOUN_GENDER
from newsgraph.model import Mention
from newsgraph.text.gender import gender_of_first_name
from newsgraph.text.person_names import PersonName, person_name, same_person
from newsgraph.text.titles import PERSON_NOUNS, title_gender, title_role


def _parsed(span: Span) -> PersonName:
    """A full name's structure (`text.person_names.person_name`); a name of no letters the
    transliteration keeps is a single word that can be no one else."""
    return person_name(span.text) or PersonName(None, (), span.text, "")


def _word_before(span: Span) -> str:
    return span.doc[span.start - 1].text if span.start > 0 else ""


def _title_gender(span: Span) -> str | None:
    """The gender a title just before a name says ("Mrs. Clinton" → female)."""
    return title_gender(_word_before(span))


def _title_role(span: Span) -> str | None:
    """The role a title or role noun just before a name says ("President Clinton",
    "Sen. Clinton" → "president", "senator"); None for none or an honorific alone."""
    return title_role(_word_before(span))


def _pronoun_gender(span: Span) -> str | None:
    """The gender of the pronoun that takes up a name as subject, before any other name: in
    its sentence ("Clinton said she would", "Obama and his aides"), else as the next
    sentence's subject ("Clinton spoke on Monday. She said …")."""
    if span.root.dep_ not in ("nsubj", "nsubjpass"):
        return None
    doc = span.doc
    following = doc[span.sent.end].sent if span.sent.end < len(doc) else None
    for tok in doc[span.end : following.end if following is not None else span.sent.end]:
        if tok.ent_type_ == "PERSON" or (tok.pos_ == "PROPN" and not tok.ent_type_):
            return None  # another name that may be a person's ("Monday" is none)
        later = tok.i >= span.sent.end
        deps = ("nsubj", "nsubjpass") if later else ("nsubj", "nsubjpass", "poss")
        if tok.lower_ in PRONOUN_GENDER and tok.dep_ in deps:
            return PRONOUN_GENDER[tok.lower_]
    return None


def _noun_gender(span: Span) -> str | None:
    """The gender a noun for a person right before a name says ("his wife, Melania Trump",
    "daughter Ivanka Trump")."""
    i = span.start - 1
    if i >= 0 and span.doc[i].text == ",":
        i -= 1
    return PERSON_NOUNS.get(span.doc[i].lower_) if i >= 0 else None


def _person_gender(spans: list[Span]) -> str | None:
    """A named person's gender: a title or a noun for a person before a full mention, else
    a pronoun taking one up, else the first name."""
    full = [s for s in spans if _words(s) >= 2]
    for span in spans:
        noun = _noun_gender(span) if _words(span) >= 2 else None
        if (gender := _title_gender(span) or noun) is not None:
            return gender
    for span in full:
        if (gender := _pronoun_gender(span)) is not None:
            return gender
    return gender_of_first_name(spans[0][0].text)


def _lone_name_home(
    span: Span, clusters: list[tuple[Cluster, list[Span]]]
) -> list[Span] | None:
    """The person a lone name ("Trump", "Melania", "Mrs. Clinton") refers to: among the
    persons named in full with that word as surname (else as given name), those of the
    gender a title says (else the pronoun that takes the name up: "Clinton said she"), and
    of those the ones the article gave the same title or role
    ("President Clinton" after "former President Bill Clinton"), introduced before it; the
    first introduced, as news style uses a bare surname for the principal holder and names
    relatives in full or by given name."""
    word = span.text
    for position in (-1, 0):
        same = [spans for _c, spans in clusters if spans[0][position].text == word]
        if same:
            break
    else:
        same = [spans for _c, spans in clusters if any(t.text == word for t in spans[0])]
    if not same:
        return None
    gender = _title_gender(span) or _pronoun_gender(span)
    if gender is not None:
        same = [spans for spans in same if _person_gender(spans) in (None, gender)]
    role = _title_role(span)
    if role is not None:  # "President Clinton": the Clinton named with that title before
        same = [spans for spans in same if role in map(_title_role, spans)] or same
    if not same:
        return None
    # introduced: named in full (a lone "Melania" placed earlier introduces no one)
    first = {id(spans): min(s.start for s in spans if _words(s) >= 2) for spans in same}
    before = [spans for spans in same if first[id(spans)] < span.start] or same
    return min(before, key=lambda spans: first[id(spans)])


def _named_apart(full: list[Span]) -> list[set[str]]:
    """Pairs of full-name forms one sentence writes both of: two people, as a writer names
    one person once per sentence ("the party of George Bush and George W. Bush")."""
    by_sentence: dict[int, set[str]] = defaultdict(set)
    for span in full:
        by_sentence[span.sent.start].add(span.text)
    return [
        {a, b} for forms in by_sentence.values() for a in forms for b in forms if a < b
    ]


def cluster_people(cands: list[Span]) -> list[Cluster]:
    clusters: list[tuple[Cluster, list[Span]]] = []
    # a full name has two words or more: "Kim Jong-un", not "Clinton-Sanders" (two names)
    full = sorted((s for s in cands if _words(s) >= 2), key=lambda s: (-len(s.text), s.start))
    apart = _named_apart(full)
    for span in full:
        # a full name that fits two people ("George Bush" beside "George H.W. Bush" and
        # "George W. Bush") is a person of its own: a wrong merge is worse than a missed one
        homes = [spans for _c, spans in clusters if any(s.text == span.text for s in spans)]
        pn = _parsed(span)
        homes = homes or [
            spans
            for _c, spans in clusters
            if all(same_person(_parsed(s), pn) and {s.text, span.text} not in apart for s in spans)
        ]
        if len(homes) == 1:
            homes[0].append(span)
        else:
            clusters.append((Cluster("PERSON", span.text), [span]))
    named = list(clusters)
    for span in sorted((s for s in cands if _words(s) == 1), key=lambda s: s.start):
        home = _lone_name_home(span, named)
        if home is not None:
            home.append(span)
            continue
        alone = next((spans for c, spans in clusters if c.name == span.text), None)
        if alone is not None:
            alone.append(span)
        else:
            clusters.append((Cluster("PERSON", span.text), [span]))
    for cluster, spans in clusters:
        for s in spans:
            kind = "name" if len(s) >= 2 or s.text == cluster.name else "surname"
            cluster.add(Mention(s.text, s.start_char, s.end_char, kind))
    return [c for c, _ in clusters]


def _words(span: Span) -> int:
    return len(span.text.split())
