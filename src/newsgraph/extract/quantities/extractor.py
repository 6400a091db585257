"""Quantities: numbers with what they count, their unit, their change and their time.

1. number phrases (`words`): digits ("4,500", "1.13bn", "30p"), spelled numbers
   (text2num), vague counts ("dozens" → approximate), with currency, "%"/"per cent", or the
   unit of a spaCy QUANTITY entity; numbers in dates and times, names, years, ages, phone
   and reference numbers are not quantities;
2. pairs: "from X to Y" (and "to Y from X") under a change word → one quantity whose value
   is Y with Change(X, Y); otherwise, like "between X and Y" and "X-Y", a range (low/high);
3. change of one number: "rose … to Y" → Change(None, Y); "increased by 5%", "fell 27%" →
   the quantity is the size of a change (Change(None, None, direction));
4. thing: what is counted, from the parse — the noun a number modifies ("three tours"), the
   object of "of" ("dozens of people"), the object or subject of a change verb ("reduce
   troop levels from …", "profits jumped to …"), "people" for bare counts of the hurt,
   dead or arrested ("dozens were injured");
5. time: a draft time expression (from the times extractor) attached to the same verb.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections.abc import Iterator
from itertools import islice

from spacy.tokens import Doc, Token

from newsgraph.extract.base import Draft
from newsgraph.extract.quantities.lexicon import CURRENCY_WORDS, change_direction
from newsgraph.extract.quantities.words import Phrase, number_phrases
from newsgraph.model import Change, Quantity, TimeRef
from newsgraph.nlp import lemma_of
from newsgraph.nlp_parsed import parsed

# Verbs whose bare numeric subject or object counts people: "dozens were injured".
_PEOPLE_VERBS = frozenset(
    "die kill injure wound hurt arrest detain evacuate rescue hospitalise hospitalize treat "
    "trap flee kidnap abduct displace shoot stab charge jail convict sentence execute drown "
    "survive escape murder attack infect quarantine test employ hire sack fire protest "
    "march gather attend vote strike dead missing".split()
)
_RANGE_VERBS = frozenset({"range", "vary", "span"})
_DATES = frozenset({"DATE", "TIME"})
_NOT_DESCRIPTIVE = frozenset({"such", "other", "more", "same", "further", "own", "only"})
_MODIFIER_DEPS = frozenset({"nummod", "compound", "amod", "nmod"})  # "a 40% drop"
_AMOUNT_DEPS = frozenset({"npadvmod", "dobj", "advmod"})  # "jumped 76%", "fell 30p"


def _changes(governor: Token) -> bool:
    """Whether "from X to Y" under this word is a change (a verb or change noun), not a range."""
    if lemma_of(governor).lower() in _RANGE_VERBS:
        return False
    return governor.pos_ in ("VERB", "AUX") or change_direction(governor) is not None


def _pairs(doc: Doc, first: Phrase, second: Phrase) -> bool:
    """Whether two neighbouring phrases are the ends of one change or range."""
    between = doc[first.end : second.start]
    if len(between) != 1 or not first.compatible(second):
        return False
    word = between[0]
    before = doc[first.start - 1].lower_ if first.start > first.sent_start else ""
    if (before, word.lower_) in (("from", "to"), ("to", "from"), ("between", "and")):
        return True
    ascending = (first.value or 0) < (second.value or 0)
    if word.lower_ == "to" and before not in ("by", "to", "from"):
        return ascending and (word.dep_ == "quantmod" or second.start <= word.head.i < second.end)
    return (
        _hyphened(doc, first, second)
        and ascending
        and (second.kind != "count" or _root(doc, first.start, second.end).head.tag_ == "NNS")
    )


def _hyphened(doc: Doc, first: Phrase, second: Phrase) -> bool:
    """Two numbers joined by a bare hyphen or dash: "10-15", "2-1"."""
    return (
        second.start == first.end + 1
        and doc[first.end].text in ("-", "–")
        and doc[first.end - 1].whitespace_ == ""
        and doc[first.end].whitespace_ == ""
    )


def _root(doc: Doc, start: int, end: int) -> Token:
    """The syntactic root of tokens [start, end): the first whose head lies outside."""
    for token in doc[start:end]:
        if not start <= token.head.i < end or token.head.i == token.i:
            return token
    return doc[start:end].root


def _governor(token: Token) -> Token | None:
    """The verb or noun a number depends on, through at most one preposition."""
    head = token.head
    if head.i == token.i:
        return None
    if head.dep_ in ("prep", "agent", "quantmod") or head.pos_ == "ADP":
        head = head.head
    return head


def _noun_phrase(token: Token, exclude: range) -> str | None:
    """The noun phrase headed by `token` without determiners, numbers and the quantity."""
    if token.pos_ in ("PRON", "NUM", "SYM", "PUNCT", "DET") or token.like_num:
        return None
    if token.i in exclude or lemma_of(token).lower() in CURRENCY_WORDS or token.ent_type_ in _DATES:
        return None
    start = token.i
    sent_start = parsed(token.doc).sentence(token.i)[0]
    while start > sent_start:
        left = token.doc[start - 1]
        inside = token.i >= left.head.i > left.i or left.head.i == token.i
        if not inside or left.i in exclude or left.like_num or left.pos_ in ("DET", "PRON"):
            break
        if left.ent_type_ in _DATES or left.lower_ in _NOT_DESCRIPTIVE:  # "fourth quarter"
            break
        if left.dep_ not in ("compound", "amod", "punct", "nmod") or left.tag_ == "POS":
            break
        start -= 1
    while start < token.i and not token.doc[start].is_alpha:
        start += 1
    words = token.doc[start : token.i + 1]
    text = "".join(t.whitespace_ if t.is_quote else t.text_with_ws for t in words)
    return " ".join(text.split()) or None


def _of_object(token: Token, exclude: range) -> str | None:
    """The object of an "of" after `token`: "dozens of people", "8% of Google"."""
    for child in token.rights:
        if child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return _noun_phrase(obj, exclude)
    return None


def _changed(verb: Token, exclude: range) -> str | None:
    """What a change verb changes: its object, else its subject ("profits jumped")."""
    for deps in (("dobj",), ("nsubj", "nsubjpass")):
        for child in verb.children:
            if child.dep_ in deps and child.i not in exclude:
                return _noun_phrase(child, exclude) or _of_object(child, exclude)
    if change_direction(verb) and verb.dep_ in ("xcomp", "conj") and verb.head.pos_ == "VERB":
        for child in verb.head.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i not in exclude:
                return _noun_phrase(child, exclude)
    return None


def _thing(root: Token, phrase: Phrase) -> str | None:
    """What the quantity counts or measures, from the dependency parse."""
    exclude = range(phrase.start, phrase.end)
    of_object = _of_object(root, exclude)
    if of_object:
        return of_object
    head = root.head
    if root.dep_ in ("nummod", "compound", "amod", "nmod", "quantmod") and head.i not in exclude:
        countable = head.pos_ == "NOUN" or head.tag_ == "NNPS"  # not "7 LONDON"
        while phrase.kind != "ordinal" and head.dep_ == "compound" and head.head.pos_ == "NOUN":
            head = head.head  # "90 journalist jobs": the jobs are counted
        if countable and change_direction(head) is None:
            return _noun_phrase(head, exclude)
        if change_direction(head) is not None:
            for prep in head.rights:
                if prep.lower_ in ("in", "of"):
                    return _of_object(head, exclude) or next(
                        (_noun_phrase(o, exclude) for o in prep.children if o.dep_ == "pobj"),
                        None,
                    )
    of_noun = root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN"
    if of_noun and change_direction(head.head) is None:  # "a profit of $3.36bn", not "gains of"
        return _noun_phrase(head.head, exclude)
    if phrase.kind == "count" and _people_verb_after(root, phrase):
        return "people"
    governor = _governor(root)
    if governor is None:
        return None
    if governor.lower_ == "worth" and governor.head.pos_ == "NOUN":
        return _noun_phrase(governor.head, exclude)
    if governor.pos_ in ("VERB", "AUX"):
        if root.dep_ == "attr" or change_direction(governor) is not None:
            return _changed(governor, exclude)
        if (
            phrase.kind == "count"
            and root.dep_ in ("nsubj", "nsubjpass", "dobj")
            and lemma_of(governor).lower() in _PEOPLE_VERBS
        ):
            return "people"
    return None


def _people_verb_after(root: Token, phrase: Phrase) -> bool:
    """A bare count followed by what happened to people: "Seven killed", "50 injured"."""
    doc = root.doc
    after = doc[phrase.end] if phrase.end < len(doc) else None
    verbs = [c for c in root.children if c.dep_ in ("acl", "relcl")]
    if after is not None and after.tag_ in ("VBN", "JJ"):
        verbs.append(after)  # "50 injured", "seven dead"
    verbs += [c for c in root.head.children if c.dep_ == "oprd"]  # "left seven dead"
    return any(lemma_of(v).lower() in _PEOPLE_VERBS for v in verbs)


def _sentence_verb(token: Token) -> Token:
    """The nearest verb above a token (the sentence root at worst)."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token


def _time(doc: Doc, draft: Draft, root: Token) -> TimeRef | None:
    """A dated time expression of the draft hung on the same verb as the quantity."""
    verb = _sentence_verb(root)
    best: tuple[int, TimeRef] | None = None
    sentence = root.sent
    first = bisect_left(draft.times, sentence.start_char, key=lambda t: t.start)  # by start
    for t in islice(draft.times, first, None):
        if t.start >= sentence.end_char:
            break
        if t.type not in _DATES or (t.value or "").endswith("_REF"):  # not "now"
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None or _sentence_verb(span.root).i != verb.i:
            continue
        distance = abs(span.start - root.i)
        if best is None or distance < best[0]:
            best = (distance, TimeRef(t.value, t.text, t.start, t.end))
    return best[1] if best else None


class QuantityExtractor:
    """Numbers with what they count, their unit, changes and times."""

    name = "quantities"
    version = "1"

    def __call__(self, doc: Doc, draft: Draft) -> Iterator[Quantity]:
        phrases = number_phrases(doc, [(t.start, t.end) for t in draft.times])
        i = 0
        while i < len(phrases):
            phrase = phrases[i]
            nxt = phrases[i + 1] if i + 1 < len(phrases) else None
            if nxt is not None and _pairs(doc, phrase, nxt):
                yield self._pair(doc, draft, phrase, nxt)
                i += 2
            elif nxt is not None and _hyphened(doc, phrase, nxt):
                i += 2  # a score or a code ("2-1", "6-4"), not two quantities
            else:
                yield self._single(doc, draft, phrase)
                i += 1

    def _pair(self, doc: Doc, draft: Draft, first: Phrase, second: Phrase) -> Quantity:
        """One quantity for "from X to Y" (a change) or a range ("between X and Y", "X-Y")."""
        first, second = first.aligned(second), second.aligned(first)
        lead = doc[first.start - 1] if first.start > first.sent_start else None
        lead_word = lead.lower_ if lead is not None else ""
        start = first.start - 1 if lead_word in ("from", "to", "between") else first.start
        approximate = first.approximate or second.approximate
        merged = dataclasses.replace(second, start=start, approximate=approximate)
        governor = lead.head if lead is not None and lead_word in ("from", "to") else None
        root = _root(doc, first.start, second.end)
        if governor is not None and _changes(governor):
            old, new = (first, second) if lead_word == "from" else (second, first)
            change = Change(old.value, new.value, _direction(old.value, new.value, governor))
            return self._quantity(doc, draft, merged, root, value=new.value, change=change)
        return self._quantity(
            doc, draft, merged, root, value=None, change=None, low=first.value, high=second.value
        )

    def _single(self, doc: Doc, draft: Draft, phrase: Phrase) -> Quantity:
        """One quantity for a number phrase on its own, with a change when a verb says so."""
        root = _root(doc, phrase.start, phrase.end)
        change = None
        prep = root.head if root.dep_ == "pobj" else None
        verb = prep.head if prep is not None else root.head
        direction = change_direction(verb)
        if direction is not None and verb.i != root.i:
            if prep is not None and prep.lower_ == "to":
                change = Change(None, phrase.value, direction)
            elif (
                (prep is not None and prep.lower_ in ("by", "of"))
                or (prep is None and phrase.kind != "count" and root.dep_ in _AMOUNT_DEPS)
                or (verb.pos_ == "NOUN" and root.dep_ in _MODIFIER_DEPS)
            ):
                change = Change(None, None, direction)
        return self._quantity(doc, draft, phrase, root, value=phrase.value, change=change)

    def _quantity(
        self,
        doc: Doc,
        draft: Draft,
        phrase: Phrase,
        root: Token,
        *,
        value: float | None,
        change: Change | None,
        low: float | None = None,
        high: float | None = None,
    ) -> Quantity:
        span = doc[phrase.start : phrase.end]
        thing = _thing(root, phrase)
        confidence = 0.6 + (0.15 if phrase.kind != "count" else 0.0) + (0.15 if thing else 0.0)
        return Quantity(
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            value=value,
            kind=phrase.kind,
            unit=phrase.unit,
            thing=thing,
            change=change,
            time=_time(doc, draft, root),
            approximate=phrase.approximate,
            extractor=f"{self.name}/{self.version}",
            confidence=round(min(confidence, 0.9), 2),
            low=low,
            high=high,
        )


def _direction(old: float | None, new: float | None, governor: Token | None) -> str | None:
    """up or down: from the two values where both are known, else from the change word."""
    if old is not None and new is not None and old != new:
        return "up" if new > old else "down"
    return change_direction(governor) if governor is not None else None
