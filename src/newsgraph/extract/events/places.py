"""Where an event happened: the place a prepositional phrase, a modifier of the event noun,
a relative clause ("Kabul, where he met …") or a journey's end names (`place_of`), as the
whole mention of its entity (`place_ref`)."""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.extract.events.args import PLACE_TYPES, Mentions, np_span, pobjs
from newsgraph.model import Ref
from newsgraph.nlp import lemma_of
from newsgraph.nlp_parsed import parsed

PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout", "on"})


def _place_token(token: Token, mentions: Mentions) -> Token | None:
    """The place a prepositional object names, looking inside "the city of X"."""
    for tok in [token, *token.subtree]:
        found = mentions.entity_at(tok)
        if found is not None and found[0].type in PLACE_TYPES:
            return tok
        if tok.ent_type_ in ("FAC", "LOC") and found is None:
            return tok
    return None


def place_of(trigger: Token, kind: str, mentions: Mentions) -> Token | None:
    """The token naming where an event happened (its destination for travel)."""
    preps = PLACE_PREPS | {"to", "into"} if kind == "travel" else PLACE_PREPS
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "obj")]
    for child in [*trigger.children, *(g for o in objects for g in o.children)]:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in pobjs(child):
                place = _place_token(pobj, mentions)
                if place is not None:
                    return place
        if child.dep_ in ("dobj", "npadvmod") and kind == "travel":
            found = mentions.entity_at(child)
            if found is not None and found[0].type in PLACE_TYPES:
                return child
    if trigger.pos_ == "NOUN":  # "talks taking place in Qatar", "a meeting held in Doha"
        for left in trigger.lefts:
            if left.dep_ not in ("compound", "amod", "nmod", "poss"):
                continue  # "the U.S. talks about …" (a headline's verb): the actor, not where
            for tok in left.subtree:  # "the Croydon tram crash"
                found = mentions.entity_at(tok)
                if found is not None and found[0].type in PLACE_TYPES:
                    return tok
        for child in trigger.children:
            if child.dep_ == "acl":
                place = place_of(child, kind, mentions)
                if place is not None:
                    return place
    # "… Kabul, Afghanistan where he met …": the place the relative clause hangs on
    if trigger.dep_ == "relcl" and any(c.lower_ == "where" for c in trigger.children):
        head = trigger.head
        if head.dep_ == "appos":
            head = head.head
        return head if mentions.entity_at(head) else None
    # "traveled to Kabul to meet …": a purpose clause happens at the journey's end
    if trigger.dep_ == "advcl" and trigger.head.pos_ == "VERB":
        head = trigger.head
        if lemma_of(head).lower() in ("travel", "fly", "go", "head", "arrive", "return"):
            return place_of(head, "travel", mentions)
    return None


def place_ref(token: Token, mentions: Mentions) -> Ref:
    """The Ref of a place token: the whole mention of its entity."""
    found = mentions.entity_at(token)
    if found is None:
        ent = next((e for e in parsed(token.doc).ents if e.start <= token.i < e.end), None)
        span = ent if ent is not None else token.doc[np_span(token)[0] : token.i + 1]
        return Ref(span.text, span.start_char, span.end_char)
    entity, start, end = found
    return Ref(mentions.draft.text[start:end], start, end, entity.id, entity.name)
