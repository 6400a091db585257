"""Why and how cues of one event's clause, for the 5W1H summary.

The rules follow how news coders answer the two questions (the Giveme5W1H gold standard and
its extractors' published rules) and read only the parse the events came from:
- why: the cause, told by a causal conjunction or preposition ("because", "since", "due to",
  "because of", "thanks to", "amid", "over"), "in an effort / a bid / retaliation …" (also
  where the parser hung it on an object), a verb that names its cause ("blamed … on",
  "attributed … to", "driven by"), a purpose infinitive or "for" + talks; a reporting verb
  gives the cause in the clause it reports ("said the change was made due to price rises").
  Coders mark the cause itself, so a causal conjunction is left out of the span ("due to car
  problems" → "car problems"). "after" is no cause here (it tells what came first: the
  how), as in Giveme5W1H's rules.
- how: the means or the way: "after"/"when" + a clause is the preceding action that brought
  the outcome about ("dozens injured after a tram derailed" → "a tram derailed" — the
  copulative conjunction of Giveme5W1H; "when he was in 14th position" is a state, no
  action), "by …ing", "with"/"using"/"via"/"through" a means
  that is no person, a manner adverb ("quietly"), a predicative adjective of a verb of saying
  or describing ("described the meeting as excellent").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.events.lexicon import REPORTING
from newsgraph.nlp import lemma_of

NOT_MANNER = frozenset(
    """recently previously reportedly apparently allegedly currently initially eventually finally
    only early likely immediately already really actually simply originally formerly lately
    shortly nearly mostly largely certainly probably possibly clearly widely separately
    especially particularly also even later still just again soon here there""".split()
)
CAUSE_MARKS = {"because": 1.0, "since": 0.6}
CAUSE_PREPS = {
    "because": 1.0,
    "due": 1.0,
    "thanks": 0.8,
    "amid": 0.7,
    "over": 0.5,
}
# Words that open a cause phrase without being part of the cause the coders mark.
CAUSE_OPENERS = frozenset({"because", "of", "due", "to", "thanks", "amid", "over", "since", "the"})
PURPOSE_NOUNS = frozenset(
    "effort bid attempt order response retaliation reprisal revenge protest".split()
)
# Verbs that name a cause with a preposition: "blamed the change on rising costs",
# "attributed it to Brexit", "driven by higher costs".
CAUSE_VERBS = {
    "blame": "on",
    "attribute": "to",
    "drive": "by",
    "cause": "by",
    "prompt": "by",
    "trigger": "by",
    "spark": "by",
}
FOR_EVENTS = frozenset("talks meeting meetings visit summit negotiations discussions".split())
MEANS_PREPS = {"by": 0.9, "with": 0.6, "using": 0.8, "via": 0.8, "through": 0.6}
OUTCOME_MARKS = {"after": 0.9, "when": 0.7}
DESCRIBE = frozenset("describe call label brand term deem hail".split())


def trim(doc: Doc, first: int, last: int) -> Span:
    """doc[first:last+1] without punctuation, spaces or a conjunction at either end."""
    while last > first and (
        doc[last].is_punct or doc[last].is_space or doc[last].dep_ in ("cc", "prep")
    ):
        last -= 1
    while first < last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    return doc[first : last + 1]


def clause(child: Token, skip: frozenset[str] = frozenset()) -> Span:
    """The subtree of a token up to a comma or a clause of its own on its right, its leading
    cue words (in `skip`) left out."""
    first, last = child.left_edge.i, child.i
    for right in child.rights:
        if right.dep_ in ("advcl", "parataxis") or (right.is_punct and right.text in ",;:-–—"):
            break
        last = right.right_edge.i
    doc = child.doc
    stop = next((t.i for t in doc[child.i + 2 : last + 1] if t.text in (",", ";")), None)
    last = stop - 1 if stop is not None else last  # "after the crash, which happened …"
    while first < last and (doc[first].lower_ in skip or doc[first].is_punct):
        first += 1
    return trim(doc, first, last)


def _verbs(token: Token) -> Iterator[Token]:
    """The trigger and the verbs coordinated with it ("died and were injured after …")."""
    yield token
    if token.dep_ == "conj" and token.head.pos_ in ("VERB", "AUX", "ADJ"):
        yield token.head
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX", "ADJ"):
            yield child


def _marks(clause_head: Token) -> list[str]:
    """The conjunctions that open a subordinate clause ("when" is parsed as an adverb)."""
    return [
        c.lower_
        for c in clause_head.lefts
        if c.dep_ == "mark" or (c.dep_ == "advmod" and c.lower_ == "when")
    ]


def _has_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or any(
        c.dep_ in ("nsubj", "nsubjpass") for c in token.children
    )


def _acts(clause_head: Token) -> bool:
    """Whether a clause tells an action, not a state ("when he was in 14th position")."""
    return lemma_of(clause_head) not in ("be", "have") and clause_head.pos_ != "AUX"


def _with_object_preps(verb: Token, words: frozenset[str] = frozenset({"in"})) -> Iterator[Token]:
    """A verb's dependents, and the "in …" phrases the parser hung on its objects instead
    ("carried out the attack in retaliation for air strikes", "rammed a car into the wall in
    Mazar-i-Sharif in retaliation for …"), down its chain of objects and prepositions."""
    for child in verb.children:
        yield child
        if child.dep_ in ("dobj", "obj", "prep"):
            yield from _noun_preps(child, words)


def _noun_preps(token: Token, words: frozenset[str], depth: int = 0) -> Iterator[Token]:
    """The "in …" phrases inside an object or prepositional phrase (no clause entered but a
    bare participle's)."""
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in words:
            yield child
        participle = child.dep_ == "acl" and child.tag_ == "VBN"  # "a car packed with …"
        if depth < 4 and (child.dep_ in ("pobj", "dobj", "obj", "prep") or participle):
            yield from _noun_preps(child, words, depth + 1)


def _reported(token: Token) -> list[Token]:
    """The clause a reporting verb reports ("said the change was made due to price rises")."""
    if lemma_of(token).lower() not in REPORTING:
        return []
    return [c for c in token.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]


def why(token: Token) -> Iterable[tuple[Span, float]]:
    """Cause or purpose phrases attached to an event's clause (or the clause it reports),
    with their strength."""
    heads = (token, token.head) if token.dep_ in ("xcomp", "pcomp") else (token,)
    verbs = [v for h in (*heads, *_reported(token)) for v in _verbs(h)]
    for verb in verbs:
        cause_prep = CAUSE_VERBS.get(lemma_of(verb).lower())
        words = frozenset({"in", cause_prep}) if cause_prep else frozenset({"in"})
        for child in _with_object_preps(verb, words):
            word = child.lower_
            if cause_prep and child.dep_ in ("prep", "agent") and word == cause_prep:
                yield clause(child, frozenset({word})), 0.9  # "blames it on rising costs"
            elif child.dep_ == "advcl":
                marks = _marks(child)
                if marks and marks[0] in CAUSE_MARKS:
                    yield clause(child, CAUSE_OPENERS), CAUSE_MARKS[marks[0]]
                elif not marks and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in child.children
                ):
                    yield clause(child), 0.5  # purpose: "lands in Washington to meet Obama"
            elif child.dep_ in ("prep", "oprd", "acomp") and word in CAUSE_PREPS:
                yield clause(child, CAUSE_OPENERS), CAUSE_PREPS[word]
            elif child.dep_ == "prep" and word == "in":
                if any(g.lower_ in PURPOSE_NOUNS for g in child.subtree):
                    yield clause(child), 0.9  # "in an effort to gain leverage"
            elif (
                child.dep_ == "prep"
                and word == "for"
                and any(g.lower_ in FOR_EVENTS for g in child.children if g.dep_ == "pobj")
            ):
                yield clause(child), 0.5  # "flew to Washington for talks with Obama"


def how(token: Token) -> Iterable[tuple[Span, float]]:
    """Means or manner phrases attached to an event's clause, with their strength."""
    meet = lemma_of(token).lower() in ("meet", "talk", "speak")
    for verb in _verbs(token):
        describe = lemma_of(verb).lower() in DESCRIBE
        for child in verb.children:
            word = child.lower_
            if child.dep_ == "advcl":
                marks = _marks(child)
                if marks and marks[0] in OUTCOME_MARKS and _has_verb(child) and _acts(child):
                    yield clause(child, frozenset(marks)), OUTCOME_MARKS[marks[0]]
                elif not marks and child.tag_ == "VBG":
                    yield clause(child), 0.3
            elif child.dep_ == "prep" and word in ("after", "following"):
                if any(_has_verb(g) for g in child.children if g.dep_ in ("pcomp", "pobj")):
                    yield clause(child, frozenset({word})), 0.8  # "after crashing out"
            elif child.dep_ == "prep" and word in MEANS_PREPS and not (word == "with" and meet):
                objects = [g for g in child.children if g.dep_ in ("pobj", "pcomp")]
                if word == "by" and not any(g.tag_ == "VBG" for g in objects):
                    continue
                if any(g.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for g in objects):
                    continue
                yield clause(child), MEANS_PREPS[word]
            elif child.dep_ == "advmod" and word.endswith("ly") and word not in NOT_MANNER:
                yield child.doc[child.i : child.i + 1], 0.5
            elif describe and child.dep_ == "prep" and word == "as":
                adjectives = [g for g in child.subtree if g.pos_ == "ADJ"]
                if adjectives:
                    yield trim(child.doc, adjectives[0].i, child.right_edge.i), 0.6
            elif child.dep_ in ("acomp", "oprd") and child.pos_ == "ADJ" and describe:
                yield child.doc[child.i : child.i + 1], 0.6
