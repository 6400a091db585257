"""From a cue verb to who spoke, to whom and through what: speaker, addressee, medium.

The speaker phrase comes from the parse (the cue's subject; the subject of the verb a
participle or conjunct hangs from; the object of "according to"; an inverted "said X" that
the parser read as an object). The entity behind it comes from the entity extractor's
mentions (`Draft.mention_at` on the head word), so a pronoun resolved by coreference names
its person. A speaker no entity covers keeps its description ("a spokesman") and, where the
text says it, its organisation ("a spokesman for the Pentagon").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from newsgraph.extract.base import Draft
from newsgraph.extract.quotes.lexicon import (
    ADDRESSEE_VERBS,
    MEDIA,
    MEDIUM_PREPOSITIONS,
    NON_SPEAKERS,
)
from newsgraph.model import Ref, Speaker
from newsgraph.nlp import lemma_of

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})
_CHUNK_LEFT = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "case", "punct"})
_ORG_PREPOSITIONS = frozenset({"for", "at", "of", "with", "from"})
_ORG_TYPES = frozenset({"ORG", "GPE", "NORP", "FAC"})
_TITLE_PATH = frozenset({"compound", "prep", "pobj", "flat", "nmod"})
_PARAGRAPHS = "newsgraph.paragraphs"  # Doc.user_data key of the token → paragraph numbers


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who said it and how: the parts of a Quote other than its content."""

    speaker: Speaker | None
    cue: Ref | None
    addressee: Ref | None = None
    medium: Ref | None = None


def token_ref(doc: Doc, first: Token, last: Token) -> Ref:
    """A Ref over the tokens first..last (inclusive)."""
    span = doc[first.i : last.i + 1]
    return Ref(span.text, span.start_char, span.end_char)


def _paragraphs(doc: Doc) -> list[int]:
    """The paragraph number of every token (a line break after a token starts the next),
    counted once per Doc and kept in its user_data: every lookup below is then O(1), so a
    paragraph with many cue verbs is read in linear time."""
    cached: list[int] | None = doc.user_data.get(_PARAGRAPHS)
    if cached is None or len(cached) != len(doc):
        cached, number = [], 0
        for tok in doc:
            cached.append(number)
            number += "\n" in tok.text_with_ws
        doc.user_data[_PARAGRAPHS] = cached
    return cached


def paragraph_bounds(tok: Token) -> tuple[int, int]:
    """Token indexes [first, last] of the paragraph (line) holding a token."""
    numbers = _paragraphs(tok.doc)
    number = numbers[tok.i]
    return bisect_left(numbers, number), bisect_right(numbers, number) - 1


def same_paragraph(a: Token, b: Token) -> bool:
    """No line break between two tokens (the parser's sentences may run over paragraphs)."""
    numbers = _paragraphs(a.doc)
    return numbers[a.i] == numbers[b.i]


def phrase(head: Token) -> tuple[Token, Token]:
    """The noun phrase ending at `head`: its determiners, modifiers and name parts."""
    first = head
    for child in head.lefts:
        if child.dep_ in _CHUNK_LEFT and child.i < first.i:
            first = min(child.subtree, key=lambda t: t.i)
    while first.i < head.i and (
        first.is_punct or first.is_space or first.dep_ == "case" or not same_paragraph(first, head)
    ):
        first = head.doc[first.i + 1]
    last = head
    for child in head.rights:  # "Flaherty Jr." and flat names the parser hangs right
        if child.dep_ in {"compound", "flat"} and child.i == last.i + 1:
            last = child
    return first, last


def subject_of(verb: Token, within: tuple[int, int] | None = None) -> Token | None:
    """The speaker's head word for a cue verb, or None.

    `within` (a char range) keeps only candidates outside the quote: the parser sometimes
    makes the quote's last noun the subject of the verb that follows it. Candidates in
    another paragraph are never taken.
    """

    def ok(tok: Token) -> bool:
        inside = within is None or within[0] <= tok.idx < within[1]
        return inside and same_paragraph(tok, verb)

    for _ in range(4):
        for child in verb.children:
            passive = child.dep_ == "nsubjpass" and lemma_of(verb) != "quote"  # "People are warned"
            if child.dep_ in SUBJECTS and ok(child) and not passive:
                if child.lower_ in {"who", "that"} and verb.dep_ == "relcl":
                    return verb.head
                return None if child.lower_ in NON_SPEAKERS else child
            if child.dep_ == "agent":  # "was quoted by X"
                pobj = [c for c in child.children if c.dep_ == "pobj" and ok(c)]
                if pobj:
                    return pobj[0]
        if verb.dep_ in {"conj", "xcomp", "advcl", "acl"} and verb.head.i != verb.i:
            verb = verb.head  # "stood up and said", "telling reporters", "was quoted as saying"
            continue
        break
    if lemma_of(verb) != "tell":  # inverted "said Flaherty" read as an object
        for child in verb.rights:
            if child.dep_ in {"dobj", "attr", "npadvmod", "oprd"} and child.pos_ in _NOMINAL:
                return child if ok(child) else None
    return None


def according_to(token: Token) -> Token | None:
    """The speaker of "according to X" when `token` is "according"."""
    if token.lower_ != "according":
        return None
    for child in token.children:
        if child.lower_ == "to":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        for obj in nxt.children:
            if obj.dep_ == "pobj":
                return obj
    return None


def _organisation(doc: Doc, head: Token, draft: Draft) -> str | None:
    """The organisation a descriptive speaker belongs to ("a spokesman for the Pentagon")."""
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in _ORG_PREPOSITIONS:
            for obj in child.children:
                if obj.dep_ == "pobj" and (obj.pos_ == "PROPN" or obj.ent_type_ in _ORG_TYPES):
                    hit = draft.mention_at(obj.idx, obj.idx + len(obj.text))
                    if hit is not None and hit[0].type not in _ORG_TYPES:
                        return None  # "a spokesperson for Milley": a person, no organisation
                    first, last = phrase(obj)
                    return hit[0].name if hit else doc[first.i : last.i + 1].text
    for child in head.lefts:
        if child.dep_ == "compound" and child.ent_type_ in _ORG_TYPES:
            hit = draft.mention_at(child.idx, child.idx + len(child.text))
            return hit[0].name if hit else child.text
    return None


def _described(doc: Doc, head: Token) -> str:
    """A descriptive phrase with its "for/of/at X" ("a spokesperson for Milley")."""
    first, last = phrase(head)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in _ORG_PREPOSITIONS and child.i == last.i + 1:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                last = max(last, phrase(objs[0])[1], key=lambda t: t.i)
            break
    return doc[first.i : last.i + 1].text


def _name_part(tok: Token, head: Token, draft: Draft) -> bool:
    """A capitalised name word right before a person's name, of no other entity."""
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or not same_paragraph(tok, head):
        return False
    if head.pos_ != "PROPN" or tok.ent_type_ in _ORG_TYPES:
        return False
    hit = draft.mention_at(tok.idx, tok.idx + len(tok.text))
    own = draft.mention_at(head.idx, head.idx + len(head.text))
    return hit is None or (own is not None and hit[0].id == own[0].id)


def _person_within(head: Token, draft: Draft) -> Token | None:
    """A person named inside a title phrase whose head names no one ("Mayor of London X")."""
    if draft.mention_at(head.idx, head.idx + len(head.text)) is not None:
        return None
    for tok in head.subtree:
        if tok.i == head.i or tok.pos_ != "PROPN":
            continue
        path, up = True, tok
        while up.i != head.i and path:
            path = up.dep_ in _TITLE_PATH and same_paragraph(up, head)
            up = up.head
        hit = draft.mention_at(tok.idx, tok.idx + len(tok.text)) if path else None
        if hit is not None and hit[0].type == "PERSON":
            return tok
    return None


def speaker_from(doc: Doc, head: Token, draft: Draft, in_title: bool = False) -> Speaker:
    """The Speaker whose phrase has this head word.

    A description with a name in apposition ("his brother, Eric Paddock") is that name's; a
    title phrase naming a person ("Mayor of London Sadiq Khan") is that person's
    (`in_title`: the head is that person, the place before the name is left out).
    """
    named = [c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN"]
    if head.pos_ == "NOUN" and named:
        return replace(speaker_from(doc, named[0], draft), description=_described(doc, head))
    person = _person_within(head, draft)
    if person is not None:  # "Mayor of London Sadiq Khan": the title's person
        title = doc[phrase(head)[0].i : head.i + 1].text
        return replace(speaker_from(doc, person, draft, in_title=True), description=title)
    first, last = phrase(head)
    while in_title and first.i < head.i and first.ent_type_ in _ORG_TYPES:
        first = doc[first.i + 1]  # "London Sadiq Khan" → "Sadiq Khan"
    while first.i > 0 and _name_part(doc[first.i - 1], head, draft):
        first = doc[first.i - 1]  # a first name the parser split off ("Dmitry | Peskov told")
    start, end = doc[first.i].idx, doc[last.i].idx + len(doc[last.i].text)
    hit = draft.mention_at(head.idx, head.idx + len(head.text))
    entity = hit[0] if hit else None
    if hit is not None and hit[1].start <= head.idx < hit[1].end:
        text = draft.text  # the mention may carry a title the parser left out ("Cmdr.")
        line_end = text.find("\n", head.idx)
        start = max(min(start, hit[1].start), text.rfind("\n", 0, head.idx) + 1)
        end = min(max(end, hit[1].end), len(text) if line_end < 0 else line_end)
    description: str | None = None
    organisation: str | None = None
    described = head
    if head.pos_ == "NOUN":
        description = _described(doc, head)
    else:
        appos = [c for c in head.rights if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if appos:
            described = appos[0]
            description = _described(doc, described)
    if described.pos_ == "NOUN":
        organisation = _organisation(doc, described, draft)
    return Speaker(
        text=draft.text[start:end],
        start=start,
        end=end,
        entity=entity.id if entity else None,
        name=entity.name if entity else None,
        description=description,
        organisation=organisation,
    )


def addressee_of(doc: Doc, verb: Token) -> Ref | None:
    """Whom the words were said to ("told an Associated Press reporter", "said to reporters")."""
    for child in verb.rights:
        told = lemma_of(verb) in ADDRESSEE_VERBS and child.dep_ in {"dobj", "dative"}
        if told and child.pos_ in _NOMINAL:
            first, last = phrase(child)
            return token_ref(doc, first, last)
        if child.dep_ in {"prep", "dative"} and child.lower_ == "to":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ in _NOMINAL:
                    first, last = phrase(obj)
                    return token_ref(doc, child, last)
    if lemma_of(verb) in ADDRESSEE_VERBS:  # "told a reporter accompanying him": parsed as a clause
        for tok in doc[verb.i + 1 : min(verb.i + 6, len(doc))]:
            if tok.pos_ in _NOMINAL and tok.dep_ not in {"compound", "poss"}:
                first, last = phrase(tok)
                return token_ref(doc, first, last) if first.i == verb.i + 1 else None
            if tok.dep_ not in _CHUNK_LEFT:
                break
    return None


def medium_in(doc: Doc, start: int, end: int) -> Ref | None:
    """The channel named between tokens start..end ("in a statement", "on Twitter")."""
    for tok in doc[start:end]:
        if tok.lower_ not in MEDIUM_PREPOSITIONS:
            continue
        for k in range(tok.i + 1, min(tok.i + 5, end)):
            word = doc[k]
            if word.lower_ in MEDIA and word.pos_ in {"NOUN", "PROPN"}:
                return token_ref(doc, tok, word)
            if word.pos_ in {"VERB", "ADP", "PUNCT"} or word.lower_ in MEDIUM_PREPOSITIONS:
                break
    return None


def attribute(
    doc: Doc, cue: Token, speaker: Token | None, draft: Draft, window: tuple[int, int]
) -> Attribution:
    """The Attribution of a cue with the given speaker head word.

    `window` (token indices, half-open) is the text around the cue outside the quote, where
    the medium is looked for.
    """
    cue_last = cue
    if cue.lower_ == "according" and cue.i + 1 < len(doc) and doc[cue.i + 1].lower_ == "to":
        cue_last = doc[cue.i + 1]
    addressee = addressee_of(doc, cue) if cue.pos_ != "PUNCT" and cue.i == cue_last.i else None
    return Attribution(
        speaker=speaker_from(doc, speaker, draft) if speaker is not None else None,
        cue=token_ref(doc, cue, cue_last),
        addressee=addressee,
        medium=medium_in(doc, *window),
    )
