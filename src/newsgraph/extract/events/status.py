"""An event's status — happened, planned, uncertain, denied or hypothetical — from the
trigger's clause: negation, modals, the verb it depends on, and the tense of its time.

Cues, strongest first:
- hypothetical: the clause is a condition ("if/unless they meet"), or "would have".
- uncertain: a complement of doubt ("it remains uncertain if … will agree", "unclear
  whether"), may/might/could, "allegedly", "possibly"; a noun marked "possible".
- denied: negation ("did not meet", "never met"), a governing verb of refusal or denial
  ("refused to meet", "denied meeting", "cancelled the meeting"), "no meeting".
- planned: will/shall/"going to", a governing verb of intent ("plans to", "is on track
  to", "is expected to"), "planned/upcoming/scheduled meeting", a present-tense clause whose
  time lies after the publication date.
- happened: everything else (past tense, the headline's present tense).
A clause without cues of its own takes the status of the clause it serves ("traveled to
Kabul to meet", "is on track to reduce", "agree to a full pullout").
"""

from __future__ import annotations

from spacy.tokens import Token

from newsgraph.nlp import lemma_of

HAPPENED, PLANNED, UNCERTAIN, DENIED, HYPOTHETICAL = (
    "happened",
    "planned",
    "uncertain",
    "denied",
    "hypothetical",
)
STATUSES = (HAPPENED, PLANNED, UNCERTAIN, DENIED, HYPOTHETICAL)

FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
DOUBT_AUX = frozenset({"may", "might", "could"})
INTENT_HEADS = frozenset(
    {
        "plan",
        "expect",
        "intend",
        "schedule",
        "aim",
        "hope",
        "want",
        "seek",
        "prepare",
        "propose",
        "vow",
        "pledge",
        "promise",
        "threaten",
        "set",
        "decide",
        "agree",
        "need",
        "ask",
        "urge",
        "order",
    }
)
INTENT_WORDS = frozenset({"track", "course", "due", "poised", "set", "about", "ready", "going"})
DOUBT_HEADS = frozenset(
    {
        "uncertain",
        "unclear",
        "unknown",
        "doubtful",
        "wonder",
        "ask",
        "question",
        "know",
        "decide",
        "determine",
        "see",
        "likely",
        "unlikely",
        "try",
        "attempt",
    }
)
DENY_HEADS = frozenset(
    {
        "deny",
        "refuse",
        "decline",
        "fail",
        "cancel",
        "reject",
        "avoid",
        "prevent",
        "stop",
        "halt",
        "scrap",
        "abandon",
        "postpone",
    }
)
DOUBT_ADVS = frozenset({"allegedly", "possibly", "perhaps", "maybe", "probably"})
PLANNED_ADJ = frozenset(
    {
        "planned",
        "upcoming",
        "scheduled",
        "proposed",
        "future",
        "expected",
        "forthcoming",
        "next",
        "coming",
        "intended",
    }
)
DOUBT_ADJ = frozenset({"possible", "potential", "alleged", "rumoured", "rumored", "suspected"})
CONDITION = frozenset({"if", "unless", "whether"})


def _aux_words(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


def _own_cue(verb: Token) -> str | None:
    """The status a verb's own clause marks, or None when it marks none."""
    marks = {c.lower_ for c in verb.children if c.dep_ == "mark"}
    if marks & CONDITION:
        head = verb.head
        doubt = lemma_of(head).lower() in DOUBT_HEADS or any(
            lemma_of(c).lower() in DOUBT_HEADS for c in head.children if c.dep_ in ("acomp", "attr")
        )
        if doubt or "whether" in marks or verb.dep_ in ("ccomp", "csubj"):
            return UNCERTAIN
        return HYPOTHETICAL
    aux = _aux_words(verb)
    if any(c.dep_ == "neg" for c in verb.children) or any(
        c.lower_ == "never" for c in verb.children if c.dep_ == "advmod"
    ):
        return DENIED
    if "would" in aux and "have" in aux:
        return HYPOTHETICAL
    if aux & DOUBT_AUX:
        return UNCERTAIN
    if any(c.lower_ in DOUBT_ADVS for c in verb.children if c.dep_ == "advmod"):
        return UNCERTAIN
    if aux & FUTURE_AUX or ("going" in aux and "to" in aux):
        return PLANNED
    if lemma_of(verb).lower() in INTENT_WORDS or any(
        c.dep_ == "prep" and any(lemma_of(g).lower() in INTENT_WORDS for g in c.children)
        for c in verb.children
    ):
        return PLANNED
    return None


def _head_cue(token: Token) -> str | None:
    """The status a governing word gives the clause or noun below it."""
    head = token.head
    if head.i == token.i:
        return None
    lemma = lemma_of(head).lower()
    if lemma in DENY_HEADS:
        return DENIED
    if token.dep_ in ("xcomp", "ccomp", "dobj", "pcomp", "advcl"):
        if lemma in ("likely", "unlikely", "try", "attempt"):
            return UNCERTAIN
        if lemma in INTENT_HEADS and token.dep_ != "advcl":
            return PLANNED
    return None


def _noun_cue(noun: Token) -> str | None:
    for child in noun.children:
        word = child.lower_
        if child.dep_ == "det" and word == "no":
            return DENIED
        if child.dep_ in ("amod", "compound", "nmod"):
            if word in PLANNED_ADJ:
                return PLANNED
            if word in DOUBT_ADJ:
                return UNCERTAIN
    return None


def _serves_head(verb: Token) -> bool:
    """A clause that takes its status from the verb above: "to meet" (purpose), "X and
    met" (conjunct), "plans to travel" (complement)."""
    if verb.head.i == verb.i:
        return False
    if verb.dep_ in ("xcomp", "conj", "pcomp"):
        return True
    marked = any(c.dep_ == "mark" for c in verb.children)
    return verb.dep_ in ("advcl", "acl") and "to" in _aux_words(verb) and not marked


def status_of(trigger: Token, future_time: bool) -> str:
    """The status of the event a trigger names; `future_time` when its time lies after the
    publication date."""
    token = trigger
    if token.pos_ == "NOUN":
        cue = _noun_cue(token) or _head_cue(token)
        if cue:
            return cue
        for _ in range(3):
            if token.head.i == token.i or token.pos_ in ("VERB", "AUX"):
                break
            if token.dep_ not in ("nsubj", "nsubjpass", "dobj", "attr", "pobj", "prep"):
                break
            if token.dep_ == "pobj" and token.head.head.pos_ not in ("VERB", "AUX"):
                break
            token = token.head
    for _ in range(6):
        if token.pos_ not in ("VERB", "AUX"):
            break
        cue = _own_cue(token) or _head_cue(token)
        if cue:
            return cue
        if not _serves_head(token):
            break
        token = token.head
    return PLANNED if future_time else HAPPENED
