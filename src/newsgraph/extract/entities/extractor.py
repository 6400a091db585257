"""Named entities made consistent within the article: one Entity per referent, every mention.

1. candidates: spaCy's entities, trimmed of determiners, possessives, and of leading titles,
   verbs, epithets and group words in a person's name ("Asserting Clinton", "Crooked
   Hillary", "Democrat Obama": the group a name of its own); names run together cut apart
   (glued.py: a title-case headline's, page residue's "Reuters Equifax");
   a one-word "name" the article also writes in lowercase is dropped when every mention is
   capitalised by its place only ("Driver is arrested", "'Stupid.'"); a person's "name"
   ending in a place's or organisation's the article gives alone is two ("the Obama White
   House");
2. types: a surface form used as a person's name anywhere in the article is a PERSON
   everywhere ("Milley" tagged GPE beside "Mark A. Milley"; a relative's given name, a name
   after "his wife,"); otherwise the majority label;
3. clusters: persons by name structure (people.py: "Mark Milley" = "Mark A. Milley", not
   "George H.W. Bush"; a lone surname joins the first person named in full with it);
   other types merge by normalised text (no legal form: "Equifax Inc." = "Equifax") and by
   acronym ("U.S." = "the United States");
4. acronym definitions, aliases ("Mr. Bush, known as Jeb"), titles, roles, appositives
   (acronyms.py, aliases.py, roles.py);
5. pronouns and role nouns (coref.py);
6. names inside longer names ("Japan" in "Sea of Japan", nested.py).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.base import Draft
from newsgraph.extract.entities.acronyms import define_acronyms, initials
from newsgraph.extract.entities.aliases import define_aliases
from newsgraph.extract.entities.cluster import Cluster
from newsgraph.extract.entities.coref import resolve_references
from newsgraph.extract.entities.glued import (
    PREFIXES,
    SPLIT_TYPES,
    epithet,
    group_before,
    headline_names,
    prefixed,
    slashed,
    split_off,
    without_residue,
)
from newsgraph.extract.entities.nested import add_nested
from newsgraph.extract.entities.people import cluster_people
from newsgraph.extract.entities.roles import annotate_roles
from newsgraph.model import Entity, Mention
from newsgraph.nlp_parsed import parsed
from newsgraph.text.headline_case import title_case
from newsgraph.text.literal import find_literal
from newsgraph.text.org_names import without_legal_form
from newsgraph.text.titles import PERSON_NOUNS, ROLE_NOUNS, TITLES, title_key

KEPT_TYPES = frozenset("PERSON ORG GPE LOC NORP FAC EVENT WORK_OF_ART LAW PRODUCT".split())
_DETERMINERS = {"the", "a", "an"}
_RECALLED_TYPES = frozenset({"ORG", "GPE", "LOC", "FAC"})
# where a name may start: not inside a word, nor after a hyphen but for a prefix
_NAME_START = re.compile(
    "(?:" + "".join(rf"(?<=\b[{p[0].upper()}{p[0]}]{p[1:]}-)|" for p in PREFIXES) + r"(?<![\w'’-]))"
)
_NAME_END = re.compile(r"(?![\w-])(?! [A-Z])")
# an acronym opening a longer name names its organisation there too ("U.N. Charter", as in
# nested.py), not a word of a line in capitals ("MAIN STAGE")
_ACRONYM_END = re.compile(r"(?![\w-])(?! [A-Z](?![a-z]))")
_ACRONYM_FORM = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]{2,5}")
_PLACE_PREPOSITIONS = frozenset({"in", "across", "throughout", "inside", "outside", "around"})
MODIFIER_DEPS = frozenset({"compound", "nmod", "amod"})
# a word in lowercase, alone, quoted or before a possessive ("driver's"; not "don" of "don't")
_LOWER_WORD = re.compile(r"(?<![\w-])(?<!\w['’])[a-z]+(?![\w-])(?!['’](?!s\b)\w)")
_NOT_A_NAME = re.compile(r"[@#/\\]|://|www\.|\.(com|org|net|co\.uk)\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _lower_words(text: str) -> frozenset[str]:
    """The words the text writes in lowercase (`_LOWER_WORD`), for the article being read."""
    return frozenset(_LOWER_WORD.findall(text))


def _is_given_name(tok: Token, name_root: Token) -> bool:
    """A capitalised word the model left out of a person's name ("Dmitry" of "Peskov")."""
    return (
        tok.pos_ == "PROPN"
        and tok.is_title
        and tok.dep_ == "compound"
        and tok.head == name_root
        and not tok.ent_type_
        and title_key(tok.text) not in TITLES
        and tok.lower_ not in ROLE_NOUNS
    )


def _not_a_name_word(tok: Token, groups: set[str]) -> bool:
    """A word the model took into a person's name that is none of it: a title or role noun,
    a verb ("Asserting Clinton's role"), a plural ("Tories Ken Clarke") or a word the
    article's model tags as a group ("Democrat Obama")."""
    return (
        title_key(tok.text) in TITLES
        or tok.lower_ in ROLE_NOUNS
        or tok.tag_.startswith("VB")
        or tok.tag_ == "NNPS"
        or tok.text in groups
    )


def _trim(ent: Span, groups: set[str]) -> Span | None:
    """The entity span without leading determiners/titles, a trailing possessive or an
    unclosed bracket; a person's name without leading words that are no name
    (`_not_a_name_word`; `groups`: the article's NORP forms) and with the given name the
    model left out."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].is_punct):
        start += 1
    if end - start > 2 and prefixed(doc[start]):
        start += 2  # "pro-Rubio" (a product to the model): Rubio
    if ent.label_ == "PERSON":
        while start > 0 and _is_given_name(doc[start - 1], ent.root):
            start -= 1
        while start < end - 1 and _not_a_name_word(doc[start], groups):
            start += 1
        if end - start == 1 and title_key(doc[start].text) in TITLES:
            return None
    opened = [i for i in range(start, end) if doc[i].text == "("]
    if opened and not any(doc[i].text == ")" for i in range(opened[-1], end)):
        end = opened[-1]  # the model's "Office of … Intelligence (ODNI": no name opens a bracket
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    end = _hyphenated_end(doc, end) if end > start else end
    if ent.label_ == "PERSON" and end - start >= 2 and epithet(doc[start], doc[start + 1]):
        start += 1  # "Crooked Hillary (Clinton)": Hillary (Clinton)
    return doc[start:end] if end > start else None


def _hyphenated_end(doc: Doc, end: int) -> int:
    """The end of a hyphenated name the model cut short ("Mazar" of "Mazar-i-Sharif"): glued
    "-word" links, as far as the last capitalised word ("U.S.-led" stays "U.S.")."""
    best, i = end, end
    while (
        i + 1 < len(doc)
        and not doc[i - 1].whitespace_
        and doc[i].text == "-"
        and not doc[i].whitespace_
        and doc[i + 1].is_alpha
    ):
        i += 2
        if doc[i - 1].text[:1].isupper():
            best = i
    return best


def _looks_like_name(text: str) -> bool:
    """Names have letters and are not handles, hashtags, addresses or URLs."""
    return any(c.isalpha() for c in text) and not _NOT_A_NAME.search(text)


def _capital_by_position(token: Token, headline_end: int) -> bool:
    """A word capitalised where any word would be: a sentence's or a line's first, after an
    opening quote or a colon, or in a title-case headline (tokens before `headline_end`)."""
    doc = token.doc
    i = token.i - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return (
        token.is_sent_start
        or i < 0
        or token.i < headline_end
        or "\n" in doc[token.i - 1].text
        or doc[i].text in ('"', "“", "‘", "'", ":")
    )


def _common_words(cands: list[Span], doc: Doc, text: str) -> set[str]:
    """One-word "names" that are common words capitalised by their place ("Driver is
    arrested", "'Stupid.'", "Tributes have been paid"): every mention stands where a capital
    is due, and the article writes the word in lowercase elsewhere."""
    singles = [span for span in cands if len(span) == 1]
    if not singles:
        return set()
    lower = _lower_words(text)
    first = next(iter(doc.sents), None)
    headline_end = first.end if first is not None and title_case(first.text) else 0
    forms: dict[str, bool] = {}
    for span in singles:
        form = span.text
        if form.lower() in lower and forms.get(form, True):
            forms[form] = _capital_by_position(span[0], headline_end)
    return {f for f, placed in forms.items() if placed}


def _candidates(doc: Doc, text: str) -> list[tuple[Span, str]]:
    out = []
    ents = parsed(doc).ents
    groups = {ent.text for ent in ents if ent.label_ == "NORP"}
    others = {
        ent.text.removeprefix("the ").removeprefix("The "): ent.label_
        for ent in ents
        if ent.label_ in SPLIT_TYPES and len(ent.text.split()) >= 2
    }
    for ent in ents:
        span = _trim(ent, groups) if ent.label_ in KEPT_TYPES else None
        if span is not None and ent.label_ == "PERSON":
            out += group_before(ent, span, groups)
        for part in slashed(span, ent.label_) if span is not None else []:
            if _looks_like_name(part.text):
                out += split_off(part, ent.label_, others)
    common = _common_words([s for s, _ in out], doc, text)
    return [(s, label) for s, label in out if s.text not in common]


def _after_a_person_noun(span: Span) -> bool:
    """A name right after a noun for a person, or in apposition to it ("his wife,
    Melania", "daughter Ivanka", "spokesman Spicer"): a person's name."""
    i = span.start - 1
    if i >= 0 and span.doc[i].text == ",":
        i -= 1
    if i < 0 or span[0].pos_ != "PROPN":
        return False
    before = span.doc[i]
    return before.tag_ == "NN" and (before.lower_ in PERSON_NOUNS or before.lower_ in ROLE_NOUNS)


def _in_a_place(span: Span) -> bool:
    """A name as the object of a preposition of place ("in America", "across Florida")."""
    head = span.root.head
    return span.root.dep_ == "pobj" and head.lower_ in _PLACE_PREPOSITIONS


def _fix_types(cands: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """One type per surface form; person-name evidence wins over the model's guess: a
    person's full name, surname, the given name of a relative (news style names relatives
    by given name: "Melania" beside "Melania Trump" and "Donald Trump") or a name after a
    noun for a person ("his wife, Melania") — the last two unless the article puts the
    word where a place stands ("in America"). A company's name without its legal form
    ("Equifax" of "Equifax Inc.") is the company despite a lone person guess."""
    person_forms: set[str] = set()
    given: set[str] = set()
    family: dict[str, set[str]] = defaultdict(set)
    for span, label in cands:
        if label == "PERSON" and len(span) >= 2:
            person_forms.update((span.text, span[-1].text))
            family[span[-1].text].add(span[0].text)
        elif len(span) == 1 and _after_a_person_noun(span):
            given.add(span.text)
    given |= {name for names in family.values() if len(names) >= 2 for name in names}
    places = {span.text for span, _label in cands if _in_a_place(span)}
    person_forms |= given - places
    # The model's label on a name that modifies a noun ("Croydon tram crash") is a weak
    # guess: where the name also stands alone ("from Croydon"), those labels decide.
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    alone: dict[str, Counter[str]] = defaultdict(Counter)
    for span, label in cands:
        votes[span.text][label] += 1
        if span.root.dep_ not in MODIFIER_DEPS:
            alone[span.text][label] += 1
    votes.update(alone)
    # a company's name without its legal form ("Equifax" of "Equifax Inc."): the company,
    # whatever the model's guess on one of its uses, unless the article names a person so
    companies = {
        short
        for span, label in cands
        if label == "ORG" and (short := without_legal_form(span.text)) != span.text
    }
    fixed = []
    for span, _label in cands:
        one_person = votes[span.text]["PERSON"] and len(span) == 1 and span.text not in companies
        if span.text in person_forms or one_person:
            fixed.append((span, "PERSON"))
        elif span.text in companies:
            fixed.append((span, "ORG"))
        else:
            fixed.append((span, votes[span.text].most_common(1)[0][0]))
    return fixed


def _untagged_names(
    doc: Doc, text: str, cands: list[tuple[Span, str]], unglued: set[str]
) -> list[tuple[Span, str]]:
    """Names the article gives elsewhere, where the model tagged nothing: the surname of a
    person named in full ("Sanders himself", "pro-Sanders") or a name `unglued`
    from page residue (`glued.without_residue`), below the headline a person's
    full name ("a Boko Haram fighter"; a headline names people the story introduces later,
    and a lone surname goes to the person introduced first), and the name of a place or
    organisation ("Boko Haram's leader") — one sense per article — unless the article also
    writes the word in lowercase ("brown") or it is part of a longer name ("Ivanka Trump",
    "Sanders Institute"; an acronym opening one names its organisation: "NUJ General
    Secretary")."""
    forms = {
        s[-1].text: "PERSON"
        for s, label in cands
        if label == "PERSON" and _words(s) >= 2 and s[-1].is_title
    }
    forms.update({s.text: label for s, label in cands if s.text in unglued})
    for s, label in cands:
        if label in _RECALLED_TYPES and s.text[:1].isupper() and len(s.text) >= 2:
            forms.setdefault(s.text, label)
            forms.setdefault(without_legal_form(s.text), label)  # "Equifax" of "Equifax Inc."
    full = {
        s.text
        for s, label in cands
        if label == "PERSON" and _words(s) >= 2 and s[0].is_title and s[-1].is_title
    }
    forms.update({name: "PERSON" for name in full - set(forms)})
    body = text.find("\n")
    lower = {w.capitalize() for w in _lower_words(text)} if forms else set()
    tagged = "\x00".join(s.text for s, _label in cands)
    covered = bytearray(len(text))
    for s, _label in cands:
        covered[s.start_char : s.end_char] = b"\x01" * (s.end_char - s.start_char)
    found = []
    for form in sorted(set(forms) - lower, key=lambda f: (-len(f), f)):  # longest first
        if text.count(form) <= tagged.count(form):
            continue  # every occurrence lies inside a tagged name (most forms: a fast skip)
        end_at = _ACRONYM_END if _ACRONYM_FORM.fullmatch(form) else _NAME_END
        for start, end in find_literal(text, form, _NAME_START, end_at):
            if any(covered[start:end]) or (form in full and start < body):
                continue
            span = doc.char_span(start, end)
            if span is not None and not span[0].ent_type_ and not _after_a_name(span):
                found.append((span, forms[form]))
                covered[start:end] = b"\x01" * (end - start)
    return found


def _after_a_name(span: Span) -> bool:
    """Whether a capitalised word other than a title stands just before the span; a word
    capitalised only as a sentence's first that the model reads as no proper noun ("Top
    Sanders strategists") is none."""
    if span.start == 0:
        return False
    before = span.doc[span.start - 1]
    if before.is_sent_start and before.pos_ != "PROPN":
        return False
    return before.is_title and title_key(before.text) not in TITLES and not span[0].is_sent_start


def _words(span: Span) -> int:
    return len(span.text.split())


def _norm(text: str) -> str:
    words = without_legal_form(text).replace(".", "").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words).lower()


def _cluster_others(cands: list[tuple[Span, str]]) -> list[Cluster]:
    by_key: dict[tuple[str, str], Cluster] = {}
    for span, label in sorted(cands, key=lambda c: -len(c[0].text)):
        key = (label, _norm(span.text))
        if key not in by_key:
            by_key[key] = Cluster(label, span.text)
        kind = "acronym" if span.text.replace(".", "").isupper() and len(span) == 1 else "name"
        by_key[key].add(Mention(span.text, span.start_char, span.end_char, kind))
    clusters = list(by_key.values())
    long_forms = {(c.type, initials(c.name)): c for c in clusters if len(c.name.split()) >= 2}
    merged: list[Cluster] = []
    for c in clusters:
        short = c.name.replace(".", "")
        target = long_forms.get((c.type, short)) if short.isupper() and len(short) >= 2 else None
        if target is not None and target is not c:
            for m in c.mentions:
                target.add(Mention(m.text, m.start, m.end, "acronym"))
            target.note("aliases", c.name)
        else:
            merged.append(c)
    return merged


class EntityExtractor:
    """spaCy NER, made consistent within the article, with titles, roles and references."""

    name = "entities"
    version = "1.0"

    def __call__(self, doc: Doc, draft: Draft) -> Iterator[Entity]:
        headed = headline_names(_candidates(doc, draft.text), draft.text, _lower_words(draft.text))
        cands, unglued = without_residue(headed)
        cands = _fix_types(cands)
        cands += _untagged_names(doc, draft.text, cands, unglued)
        clusters = cluster_people([s for s, label in cands if label == "PERSON"])
        clusters += _cluster_others([(s, label) for s, label in cands if label != "PERSON"])
        define_acronyms(doc, draft.text, clusters)
        define_aliases(draft.text, clusters)
        annotate_roles(doc, clusters)
        resolve_references(doc, draft.text, clusters)
        add_nested(clusters)
        clusters.sort(key=lambda c: c.first)
        tag = f"{self.name}/{self.version}"
        for cluster in clusters:
            yield cluster.freeze(tag)
