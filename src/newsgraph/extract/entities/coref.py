"""In-article references to people: third-person pronouns and role nouns.

Pronouns (he/him/his/she/her…) go to the most salient person of compatible gender, salience
being Lappin & Leass-style: each earlier mention weighs by its grammatical role (subject >
object > other), halves with every sentence back, and counts less inside a quotation. A
pronoun is linked only when one candidate clearly leads; a wrong link is worse than none.
Role nouns with a definite determiner or a possessive ("the Chairman", "America's top
general", "the spokesman") go to the one person whose titles or roles name that job.
"""

from __future__ import annotations

import re

from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from newsgraph.extract.entities.cluster import Cluster
from newsgraph.model import Mention
from newsgraph.nlp_parsed import parsed
from newsgraph.text.titles import PERSON_NOUNS, ROLE_NOUNS, TITLES, role_class, title_key

PRONOUN_GENDER = {
    "he": "male",
    "him": "male",
    "his": "male",
    "himself": "male",
    "she": "female",
    "her": "female",
    "hers": "female",
    "herself": "female",
}
_ROLE_WEIGHT = {"nsubj": 80.0, "nsubjpass": 70.0, "dobj": 50.0, "dative": 40.0, "pobj": 40.0}
_QUOTED = re.compile(r"[“\"][^“”\"]{1,2000}[”\"]")
_LEAD = 2.0  # the best candidate must out-score the next by this factor
_LEAD_UNNAMED = 1.5  # … and the best unnamed person ("the driver") by this one
_WINDOW = 4  # sentences back
_READ = frozenset(map(get_string_id, (*PRONOUN_GENDER, *ROLE_NOUNS)))  # lower-case forms read


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for n, (start, end) in enumerate(parsed(doc).sentences()):
        index[start:end] = [n] * (end - start)
    return index


def _inside(ranges: list[tuple[int, int]], offset: int) -> bool:
    return any(a <= offset < b for a, b in ranges)


def _salience(
    doc: Doc, cluster: Cluster, tok: Token, sent_of: list[int], quoted: list[tuple[int, int]]
) -> float:
    score = 0.0
    for m in cluster.mentions_before(tok.idx):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        if span.root in tok.ancestors:  # "the reporter accompanying him" ≠ him
            continue
        distance = sent_of[tok.i] - sent_of[span.root.i]
        if distance > _WINDOW:
            continue
        weight = _ROLE_WEIGHT.get(span.root.dep_, 30.0)
        if _inside(quoted, m.start):
            weight /= 2
        score += weight * 0.5**distance
    return score


def _role_classes(cluster: Cluster) -> set[str]:
    classes = {TITLES[title_key(t)][0] for t in cluster.titles if title_key(t) in TITLES}
    for role in cluster.roles:
        classes |= {role_class(w) for w in re.findall(r"[\w-]+", role) if w.lower() in ROLE_NOUNS}
    return {role_class(c) for c in classes}


def _reference_start(doc: Doc, tok: Token, people_spans: list[tuple[int, int]]) -> int | None:
    """Where a definite role-noun reference ending at `tok` starts ("the Chairman", "America's
    top general"); None for role nouns that introduce or predicate a name."""
    if tok.lower_ not in ROLE_NOUNS or tok.pos_ not in ("NOUN", "PROPN", "ADJ"):
        return None
    if tok.dep_ in ("compound", "attr", "appos") or _inside(people_spans, tok.idx):
        return None
    if any(c.dep_ == "appos" for c in tok.children):
        return None
    if tok.i + 1 < len(doc) and doc[tok.i + 1].ent_type_ == "PERSON":
        return None
    i = tok.i
    while i > 0 and i > tok.i - 3 and doc[i - 1].pos_ == "ADJ":
        i -= 1
    if i == 0:
        return None
    before = doc[i - 1]
    if before.tag_ == "POS" and i >= 2 and doc[i - 2].pos_ == "PROPN":
        return doc[i - 2].idx
    if tok.pos_ != "ADJ" and before.lower_ in ("the", "this", "that"):
        return before.idx
    return None


def _distractor(
    doc: Doc, tok: Token, gender: str, sent_of: list[int], spans: list[tuple[int, int]]
) -> float:
    """Salience of the best unnamed person ("her husband", "the driver") before a pronoun:
    a named person must out-score it too, or the pronoun stays unresolved."""
    best = 0.0
    start = tok.i
    while start > 0 and sent_of[start - 1] >= sent_of[tok.i] - 1:  # this and the last sentence
        start -= 1
    for cand in doc[start : tok.i]:
        if cand.tag_ != "NN":
            continue
        noun_gender = PERSON_NOUNS.get(cand.lower_, "?")
        if noun_gender == "?" or noun_gender not in (None, gender):
            continue
        if cand.dep_ in ("appos", "compound", "attr") or _inside(spans, cand.idx):
            continue
        if cand in tok.ancestors:
            continue
        weight = _ROLE_WEIGHT.get(cand.dep_, 30.0) * 0.5 ** (sent_of[tok.i] - sent_of[cand.i])
        best = max(best, weight)
    return best


def _resolve_pronoun(
    doc: Doc,
    tok: Token,
    gender: str,
    people: list[Cluster],
    context: tuple[list[int], list[tuple[int, int]], list[tuple[int, int]]],
) -> Cluster | None:
    """The one person a pronoun clearly refers to, or None."""
    sent_of, quoted, spans = context
    scored = sorted(
        (
            (_salience(doc, c, tok, sent_of, quoted), c)
            for c in people
            if c.gender in (None, gender)
        ),
        key=lambda sc: -sc[0],
    )
    if not scored or scored[0][0] <= 0:
        return None
    rival = max(scored[1][0] if len(scored) > 1 else 0.0, 0.0)
    unnamed = _distractor(doc, tok, gender, sent_of, spans)
    if scored[0][0] >= _LEAD * rival and scored[0][0] >= _LEAD_UNNAMED * unnamed:
        return scored[0][1]
    return None


def resolve_references(doc: Doc, text: str, clusters: list[Cluster]) -> None:
    """Add pronoun and role-noun mentions to the PERSON clusters they refer to.

    Pronouns inside quotations are left alone: there "he" is often someone the speaker
    talks about, not the person the narrative last named. `text` is the article text.
    """
    people = [c for c in clusters if c.type == "PERSON"]
    if not people:
        return
    sent_of = _sentence_index(doc)
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    spans = [(m.start, m.end) for c in people for m in c.mentions]
    lowers = doc.to_array(LOWER).tolist()
    for tok in (doc[i] for i, lower in enumerate(lowers) if lower in _READ):  # the rest: neither
        gender = PRONOUN_GENDER.get(tok.lower_)
        if gender and tok.pos_ == "PRON":
            if _inside(quoted, tok.idx):
                continue
            best = _resolve_pronoun(doc, tok, gender, people, (sent_of, quoted, spans))
            if best is not None:
                best.gender = best.gender or gender
                best.add(Mention(tok.text, tok.idx, tok.idx + len(tok), "pronoun", 0.7))
        elif (start := _reference_start(doc, tok, spans)) is not None:
            job = role_class(tok.lower_)
            matches = [c for c in people if job in _role_classes(c) and c.first < tok.idx]
            if len(matches) == 1:
                matches[0].add(
                    Mention(
                        text[start : tok.idx + len(tok)], start, tok.idx + len(tok), "role", 0.7
                    )
                )
