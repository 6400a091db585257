"""From a cue verb to who spoke, to whom and through what: speaker, addressee, medium.

The speaker phrase comes from the parse (the cue's subject; the subject of the verb a
participle or conjunct hangs from; the object of "according to"; an inverted "said X" that
the parser read as an object). The entity behind it comes from the entity extractor's
mentions (the mention its head word lies in, `layout.Layout`), so a pronoun resolved by
coreference names its person. A speaker no entity covers keeps its description ("a
spokesman") and, where the text says it, its organisation ("a spokesman for the Pentagon").
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from newsgraph.extract.quotes.layout import Layout
from newsgraph.extract.quotes.lexicon import (
    ADDRESSEE_VERBS,
    MEDIA,
    MEDIUM_PREPOSITIONS,
    NON_SPEAKERS,
)
from newsgraph.model import Ref, Speaker
from newsgraph.nlp import lemma_of

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Relations by which a verb (or adjective) shares the subject of the word it hangs from.
_SHARES_SUBJECT = frozenset({"conj", "xcomp", "advcl", "acl", "acomp"})
_NOMINAL = frozenset({"PROPN", "NOUN", "PRON"})
_CHUNK_LEFT = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "case", "punct"})
_ORG_PREPOSITIONS = frozenset({"for", "at", "of", "with", "from"})
_ORG_TYPES = frozenset({"ORG", "GPE", "NORP", "FAC"})
_TITLE_PATH = frozenset({"compound", "prep", "pobj", "flat", "nmod"})


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


def phrase(head: Token, layout: Layout) -> tuple[Token, Token]:
    """The noun phrase ending at `head`: its determiners, modifiers and name parts."""
    first = head
    for child in head.lefts:
        if child.dep_ in _CHUNK_LEFT and child.i < first.i:
            first = min(child.subtree, key=lambda t: t.i)
    while first.i < head.i and (
        first.is_punct or first.is_space or first.dep_ == "case" or not layout.together(first, head)
    ):
        first = head.doc[first.i + 1]
    last = head
    for child in head.rights:  # "Flaherty Jr." and flat names the parser hangs right
        if child.dep_ in {"compound", "flat"} and child.i == last.i + 1:
            last = child
    return first, last


def subject_of(
    verb: Token, layout: Layout, within: tuple[int, int] | None = None
) -> Token | None:
    """The speaker's head word for a cue verb, or None.

    `within` (a char range) keeps only candidates outside the quote: the parser sometimes
    makes the quote's last noun the subject of the verb that follows it. Candidates in
    another paragraph are never taken.
    """

    def ok(tok: Token) -> bool:
        inside = within is None or within[0] <= tok.idx < within[1]
        return inside and layout.together(tok, verb)

    for hop in range(4):
        for child in verb.children:
            # "People are warned": no speaker; but "was forced … and said": the one forced said
            passive = child.dep_ == "nsubjpass" and hop == 0 and lemma_of(verb) != "quote"
            if child.dep_ in SUBJECTS and ok(child) and not passive:
                if child.lower_ in {"who", "that"} and verb.dep_ == "relcl":
                    return verb.head
                return None if child.lower_ in NON_SPEAKERS else child
            if child.dep_ == "agent":  # "was quoted by X"
                pobj = [c for c in child.children if c.dep_ == "pobj" and ok(c)]
                if pobj:
                    return pobj[0]
        if verb.dep_ in _SHARES_SUBJECT and verb.head.i != verb.i:
            verb = verb.head  # "stood up and said", "telling reporters", "was quoted as saying",
            # "were likely to say"
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


def _organisation(doc: Doc, head: Token, layout: Layout) -> str | None:
    """The organisation a descriptive speaker belongs to ("a spokesman for the Pentagon")."""
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in _ORG_PREPOSITIONS:
            for obj in child.children:
                if obj.dep_ == "pobj" and (obj.pos_ == "PROPN" or obj.ent_type_ in _ORG_TYPES):
                    hit = layout.mention(obj)
                    if hit is not None and hit[0].type not in _ORG_TYPES:
                        return None  # "a spokesperson for Milley": a person, no organisation
                    first, last = phrase(obj, layout)
                    return hit[0].name if hit else doc[first.i : last.i + 1].text
    for child in head.lefts:
        if child.dep_ == "compound" and child.ent_type_ in _ORG_TYPES:
            hit = layout.mention(child)
            return hit[0].name if hit else child.text
    return None


def _described(doc: Doc, head: Token, layout: Layout) -> str:
    """A descriptive phrase with its "for/of/at X" ("a spokesperson for Milley")."""
    first, last = phrase(head, layout)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in _ORG_PREPOSITIONS and child.i == last.i + 1:
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                last = max(last, phrase(objs[0], layout)[1], key=lambda t: t.i)
            break
    return doc[first.i : last.i + 1].text


def _name_part(tok: Token, head: Token, layout: Layout) -> bool:
    """A capitalised name word right before a person's name, of no other entity."""
    if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or not layout.together(tok, head):
        return False
    if head.pos_ != "PROPN" or tok.ent_type_ in _ORG_TYPES:
        return False
    hit = layout.mention(tok)
    own = layout.mention(head)
    return hit is None or (own is not None and hit[0].id == own[0].id)


def _person_within(head: Token, layout: Layout) -> Token | None:
    """A person named inside a title phrase whose head names no one ("Mayor of London X")."""
    if layout.mention(head) is not None:
        return None
    for tok in head.subtree:
        if tok.i == head.i or tok.pos_ != "PROPN":
            continue
        path, up = True, tok
        while up.i != head.i and path:
            path = up.dep_ in _TITLE_PATH and layout.together(up, head)
            up = up.head
        hit = layout.mention(tok) if path else None
        if hit is not None and hit[0].type == "PERSON":
            return tok
    return None


def speaker_from(doc: Doc, head: Token, layout: Layout, in_title: bool = False) -> Speaker:
    """The Speaker whose phrase has this head word.

    A description with a name in apposition ("his brother, Eric Paddock") is that name's; a
    title phrase naming a person ("Mayor of London Sadiq Khan") is that person's
    (`in_title`: the head is that person, the place before the name is left out).
    """
    named = [c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN"]
    if head.pos_ == "NOUN" and named:
        said_as = _described(doc, head, layout)
        return replace(speaker_from(doc, named[0], layout), description=said_as)
    person = _person_within(head, layout)
    if person is not None:  # "Mayor of London Sadiq Khan": the title's person
        title = doc[phrase(head, layout)[0].i : head.i + 1].text
        return replace(speaker_from(doc, person, layout, in_title=True), description=title)
    first, last = phrase(head, layout)
    while in_title and first.i < head.i and first.ent_type_ in _ORG_TYPES:
        first = doc[first.i + 1]  # "London Sadiq Khan" → "Sadiq Khan"
    while first.i > 0 and _name_part(doc[first.i - 1], head, layout):
        first = doc[first.i - 1]  # a first name the parser split off ("Dmitry | Peskov told")
    start, end = doc[first.i].idx, doc[last.i].idx + len(doc[last.i].text)
    hit = layout.mention(head)
    entity = hit[0] if hit else None
    if hit is not None and hit[1].start <= head.idx < hit[1].end:
        text = layout.text  # the mention may carry a title the parser left out ("Cmdr.")
        line_end = text.find("\n", head.idx)
        start = max(min(start, hit[1].start), text.rfind("\n", 0, head.idx) + 1)
        end = min(max(end, hit[1].end), len(text) if line_end < 0 else line_end)
    description: str | None = None
    organisation: str | None = None
    described = head
    if head.pos_ == "NOUN":
        description = _described(doc, head, layout)
    else:
        appos = [c for c in head.rights if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if appos:
            described = appos[0]
            description = _described(doc, described, layout)
    if described.pos_ == "NOUN":
        organisation = _organisation(doc, described, layout)
    return Speaker(
        text=layout.text[start:end],
        start=start,
        end=end,
        entity=entity.id if entity else None,
        name=entity.name if entity else None,
        description=description,
        organisation=organisation,
    )


def addressee_of(doc: Doc, verb: Token, layout: Layout) -> Ref | None:
    """Whom the words were said to ("told an Associated Press reporter", "said to reporters")."""
    for child in verb.rights:
        told = lemma_of(verb) in ADDRESSEE_VERBS and child.dep_ in {"dobj", "dative"}
        if told and child.pos_ in _NOMINAL:
            first, last = phrase(child, layout)
            return token_ref(doc, first, last)
        if child.dep_ in {"prep", "dative"} and child.lower_ == "to":
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ in _NOMINAL:
                    first, last = phrase(obj, layout)
                    return token_ref(doc, child, last)
    if lemma_of(verb) in ADDRESSEE_VERBS:  # "told a reporter accompanying him": parsed as a clause
        for tok in doc[verb.i + 1 : min(verb.i + 6, len(doc))]:
            if tok.pos_ in _NOMINAL and tok.dep_ not in {"compound", "poss"}:
                first, last = phrase(tok, layout)
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
    doc: Doc, cue: Token, speaker: Token | None, layout: Layout, window: tuple[int, int]
) -> Attribution:
    """The Attribution of a cue with the given speaker head word.

    `window` (token indices, half-open) is the text around the cue outside the quote, where
    the medium is looked for.
    """
    cue_last = cue
    if cue.lower_ == "according" and cue.i + 1 < len(doc) and doc[cue.i + 1].lower_ == "to":
        cue_last = doc[cue.i + 1]
    own = cue.pos_ != "PUNCT" and cue.i == cue_last.i
    addressee = addressee_of(doc, cue, layout) if own else None
    return Attribution(
        speaker=speaker_from(doc, speaker, layout) if speaker is not None else None,
        cue=token_ref(doc, cue, cue_last),
        addressee=addressee,
        medium=medium_in(doc, *window),
    )
