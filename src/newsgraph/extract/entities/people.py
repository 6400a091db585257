"""Persons of one article: full names grouped by name structure, lone names placed.

Full names merge when surname and suffix agree, the given names agree (an initial with the
name it starts) and middle initials do not differ ("Mark Milley" = "Mark A. Milley"; not
"George W. Bush" and "George H.W. Bush", nor two forms one sentence writes: "the party of
George Bush and George W. Bush"); a full name fitting two such people stays apart. A lone
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

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.entities.cluster import Cluster
from newsgraph.extract.entities.coref import PRONOUN_GENDER
from newsgraph.extract.quotes.lexicon import is_direct_cue
from newsgraph.model import Mention
from newsgraph.nlp import lemma_of
from newsgraph.nlp_parsed import parsed
from newsgraph.text.gender import gender_of_first_name
from newsgraph.text.person_names import PersonName, person_name, same_person
from newsgraph.text.titles import (
    FAMILY_NOUNS,
    PERSON_NOUNS,
    ROLE_NOUNS,
    title_gender,
    title_role,
)

_ROLE_REACH = 5  # words back from a full name over which its role phrase is read
_POSSESSIVE = frozenset({"PRP$", "POS"})  # "his", "her", "their", "Clinton's"
_PRESIDENCY = frozenset({"administration", "presidency"})


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
    "Sen. Clinton" → "president", "senator"); None for none, an honorific alone, or an
    office the indefinite article makes hypothetical ("the prospect of a President Clinton")."""
    if span.start > 1 and span.doc[span.start - 2].lower_ in ("a", "an"):
        return None
    return title_role(_word_before(span))


def _of_a_presidency(span: Span) -> bool:
    """A lone surname naming a past presidency: "worked in the Clinton White House", "the
    Bush administration had", not "a Clinton presidency" nor "the Clinton administration
    is going to" (a campaign's hypothetical one): the clause's verb in the past tense."""
    doc = span.doc
    i = span.end + (span.end < len(doc) and doc[span.end].tag_ == "POS")
    nxt = doc[i : i + 2]
    if not nxt or not (nxt[0].lower_ in _PRESIDENCY or nxt.text == "White House"):
        return False
    if span.start > 0 and doc[span.start - 1].lower_ in ("a", "an"):
        return False
    verb = next((t for t in span.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and verb.tag_ in ("VBD", "VBN")


def _quoted(span: Span) -> bool:
    """Whether a name stands inside a quotation opened earlier in its sentence."""
    before = span.doc.text[span.sent.start_char : span.start_char]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _speaker(span: Span, pronoun: Token) -> bool:
    """Whether a pronoun is the speaker reporting what is said of a name: the subject of a
    reporting verb (`quotes.lexicon.is_direct_cue`) that governs the name's clause or stands
    as a parenthetical ("Clinton arrived late, he said"; "If Clinton wins, he said, …"; not
    "Clinton was popular -- by Election Day, he was …"), or a pronoun outside the quotation
    that holds the name ("“Secretary Clinton has cooperated.” He also said")."""
    head = pronoun.head
    governs = head in span.root.ancestors or head.dep_ == "parataxis"
    if governs and is_direct_cue(lemma_of(head)):
        return True
    between = span.doc.text[span.end_char : pronoun.idx]
    return _quoted(span) and ("”" in between or '"' in between)


def _pronoun_gender(span: Span) -> str | None:
    """The gender of the pronoun that takes up a name as subject, before any other name or
    singular noun for a person: in its sentence ("Clinton said she would", "Obama and his
    aides"; not "Clinton will work with the Vermont senator and his supporters", nor the
    speaker of "If Clinton wins, he said"), else as the first subject of the next sentence
    ("Clinton spoke on Monday. She said …"; not "“We will,” he said", nor after a name
    quoted: "said: “Secretary Clinton has cooperated.” He also said", the speaker). The
    name's own title taken up as a noun is the name ("President Obama is campaigning. The
    president told them he …")."""
    if span.root.dep_ not in ("nsubj", "nsubjpass"):
        return None
    doc = span.doc
    title = _title_role(span)
    index = parsed(doc)
    sent_end = index.sentence(span.start)[1]
    following = index.sentence(sent_end)[1] if sent_end < len(doc) else sent_end
    for tok in doc[span.end : following]:
        if tok.ent_type_ == "PERSON" or (tok.pos_ == "PROPN" and not tok.ent_type_):
            return None  # another name that may be a person's ("Monday" is none)
        if tok.tag_ == "NN" and title is not None and title_role(tok.text) == title:
            continue  # the name's own title: the name taken up
        if tok.tag_ == "NN" and (tok.lower_ in PERSON_NOUNS or tok.lower_ in ROLE_NOUNS):
            return None  # another person a pronoun may take up ("the senator … his")
        later = tok.i >= sent_end
        deps = ("nsubj", "nsubjpass") if later else ("nsubj", "nsubjpass", "poss")
        if tok.lower_ in PRONOUN_GENDER and tok.dep_ in deps:
            if _speaker(span, tok):
                return None
            return PRONOUN_GENDER[tok.lower_]
        if later and tok.dep_ in deps and tok.tag_ not in ("WP", "WDT"):
            return None  # the next sentence's subject is someone or something else
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
    the first name where one gender holds it ten times as often (US Census), else a
    pronoun taking a full mention up (a "he" in the next sentence may be someone else:
    "… that Hillary Clinton is hiding health problems. He showed a video")."""
    full = [s for s in spans if _words(s) >= 2]
    for span in spans:
        noun = _noun_gender(span) if _words(span) >= 2 else None
        if (gender := _title_gender(span) or noun) is not None:
            return gender
    if (gender := gender_of_first_name(spans[0][0].text)) is not None:
        return gender
    for span in full:
        if (gender := _pronoun_gender(span)) is not None:
            return gender
    return None


def _holders(word: str, clusters: list[tuple[Cluster, list[Span]]]) -> list[list[Span]]:
    """The persons named in full with `word` as surname, else as given name, else as any
    other part of the name."""
    for position in (-1, 0):
        same = [spans for _c, spans in clusters if spans[0][position].text == word]
        if same:
            return same
    return [spans for _c, spans in clusters if any(t.text == word for t in spans[0])]


def _offices(spans: list[Span]) -> set[str]:
    """The offices capitalised titles give a person before a full mention, back over the
    title phrase ("former President Bill Clinton", "Secretary of State Hillary Clinton" →
    president, secretary), "first lady", and a past presidency named after them ("veterans
    of George W. Bush's White House had"); news style writes a formal title before a name
    capitalised and a job that describes in lower case ("presidential candidate")."""
    found = set()
    for span in spans:
        if _words(span) < 2:
            continue
        if _of_a_presidency(span):  # "who worked in George W. Bush's White House"
            found.add("president")
        doc = span.doc
        sent_start = parsed(doc).sentence(span.start)[0]
        for tok in reversed(doc[max(sent_start, span.start - _ROLE_REACH) : span.start]):
            if tok.lower_ == "lady" and tok.i > 0 and doc[tok.i - 1].lower_ == "first":
                found.add("first lady")  # the office a president's spouse holds
                break
            if not (tok.text[:1].isupper() or tok.lower_ in ("of", "former")):
                break  # a lower-case job ("presidential candidate") describes, not titles
            if (role := title_role(tok.text)) is not None:
                found.add(_office(role))
    return found


def _office(role: str) -> str:
    """The office a title names, elected or held ("President-elect" → president)."""
    return role.removesuffix("-elect")


def _relative(spans: list[Span]) -> bool:
    """Whether the article introduces the person as someone's relative: a family noun after
    a possessive (adjectives between) right before a full mention, or its title ("his wife,
    Michelle Obama", "the candidate's glamorous wife Melania Trump", "his wife First Lady
    Michelle Obama"), or in the apposition after it ("Ivanka Trump, the nominee's eldest
    daughter")."""
    for span in spans:
        doc = span.doc
        i = span.start - 1
        if i >= 0 and doc[i].text == ",":
            i -= 1
        while i >= 0 and doc[i].text[:1].isupper() and _title_word(doc[i].text):
            i -= 1  # "wife First Lady Michelle Obama"
        if i >= 1 and doc[i].lower_ in FAMILY_NOUNS and _possessed(doc, i):
            return True
        after = doc[span.end : span.end + 8]
        if len(after) > 1 and after[0].text == "," and after[1].lower_ == "the":
            for tok in after[2:]:
                if tok.lower_ in FAMILY_NOUNS:
                    return _possessed(doc, tok.i)
                if tok.is_punct:
                    break
    return False


def _title_word(word: str) -> bool:
    return title_role(word) is not None or word.lower() in ("first", "lady")


def _possessed(doc: Doc, i: int) -> bool:
    """Whether the family noun at token i follows a possessive, adjectives between ("his
    wife", "the nominee's eldest daughter")."""
    i -= 1
    while i >= 0 and doc[i].pos_ == "ADJ":
        i -= 1
    return i >= 0 and doc[i].tag_ in _POSSESSIVE


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
                self._gender = (_person_gender(self.spans),)
            if self._gender[0] not in (None, gender):
                return False
        return role is None or self.holds(role) or not self.offices()  # another office: no

    def offices(self) -> set[str]:
        if self._offices is None:
            self._offices = _offices(self.spans)
        return self._offices

    def holds(self, role: str | None) -> bool:
        return role is not None and role in self.offices()


def _first(spans: list[Span]) -> int:
    """Where a person is introduced: the first full mention (a lone "Melania" placed earlier
    introduces no one), or the first mention of a person known by one word alone."""
    return min((s.start for s in spans if _words(s) >= 2), default=spans[0].start)


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
        (s, _title_gender(s) or _pronoun_gender(s), _title_role(s) or _presidency(s, president))
        for s in lone
    ]
    evidence = [(s, g, _office(r) if r else None) for s, g, r in evidence]
    own = [s for s, g, r in evidence if (g or r) and not _decided(people, g, r)]
    apart = {s.start for s in own}
    plain = [h for h in holders if not _relative(h)]
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
        start <= s.start < span.start and _words(s) >= 2
        for h in holders
        if h is not home
        for s in h
    )


def _presidency(span: Span, president: bool) -> str | None:
    return "president" if president and _of_a_presidency(span) else None


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
    by_word: dict[str, list[Span]] = defaultdict(list)
    for span in sorted((s for s in cands if _words(s) == 1), key=lambda s: s.start):
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


def _words(span: Span) -> int:
    return len(span.text.split())
