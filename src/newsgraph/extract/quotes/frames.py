"""Attribution frames: a cue word, the children of it that carry the content, and the source.

A candidate cue is a verb, noun or adjective whose lemma was a cue in PolNeAR train, or
"according" (to), outside the direct quotes; a cheap learned screen drops the words that
are plainly no cue before their frame is read. A frame's parts are the word's children
(and, for "…, a spokeswoman said" or "according to X", the clause it hangs from); each part
is described by features of the parse and by the punctuation between it and the cue. The
regressions of `weights.Model` (trained on PolNeAR train by `eval/attribution.py`) say
which parts are the content (`part`, `inner`) and whether the word attributes that content
(`cue`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from spacy.attrs import IDX, LOWER, MORPH, ORTH, POS
from spacy.parts_of_speech import ADJ, NOUN, VERB
from spacy.tokens import Doc, Token

from newsgraph.extract.base import Draft
from newsgraph.extract.quotes.features import (
    Part,
    content_ceiling,
    content_features,
    content_kind,
    cue_features,
    gap,
    has_quote_mark,
    inner,
    nesting,
    part_features,
    part_shape,
    pobj,
    relation,
    screen_features,
)
from newsgraph.extract.quotes.layout import Layout
from newsgraph.extract.quotes.lexicon import MEDIA, NON_SPEAKERS, is_direct_cue
from newsgraph.extract.quotes.speaker import subject_of
from newsgraph.extract.quotes.weights import Model
from newsgraph.nlp import lemma_of

CUE_POS = frozenset({"VERB", "NOUN", "ADJ"})
# Children that are never content: the cue's own function words.
_NOT_PARTS = frozenset({"punct", "aux", "auxpass", "neg", "cc", "det", "case", "prt", "expl"})
# Relations by which the clause or phrase a cue hangs from may be its content (for a
# relative clause, its antecedent: "a clip that the judge called “distasteful”").
_HEAD_DEPS = frozenset({"parataxis", "ccomp", "advcl", "conj", "relcl"})
_PERSONAL = frozenset({"he", "she", "they", "we", "i", "you", "him", "her", "them", "us", "me"})
_QUOTE_MARKS = frozenset("“”\"‘’'«»")
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
HEAD = -1  # the part index of "the clause the cue hangs from"


def cue_key(tok: Token) -> str | None:
    """ "lemma|POS" of a possible cue word, or None for words that never are."""
    if tok.lower_ == "according":
        return "according|ADP"
    if tok.pos_ not in CUE_POS:
        return None
    return f"{lemma_of(tok).lower()}|{tok.pos_}"


def parts(cue: Token, layout: Layout) -> list[Part]:
    """Each child of a cue that may carry the content, and the clause it hangs from."""
    out = []
    for c in cue.children:
        if c.dep_ in _NOT_PARTS or not layout.together(c, cue):
            continue
        root = (pobj(c) or c) if c.dep_ == "prep" else c
        out.append(Part(c.i, relation(c), "r" if c.i > cue.i else "l", root, gap(c, cue)))
    head = cue.head
    hangs = cue.dep_ in _HEAD_DEPS or cue.lower_ == "according"
    if head.i != cue.i and hangs and layout.together(head, cue):
        how = f"^{cue.dep_}"
        if cue.dep_ == "relcl" and cue.left_edge.lower_ in _RELATIVE:
            how += ":wh"  # "the bill, which critics said …" (else "the clip [that] he called")
        out.append(Part(HEAD, how, "r" if head.i > cue.i else "l", head))
    return out


def source_kind(tok: Token | None, layout: Layout) -> str:
    """What a source word is: a named entity's type, a personal pronoun, a noun ("noun:
    spokesman"), another word by its class and form ("adj:many", "num:two"), none."""
    if tok is None:
        return "none"
    lower = tok.lower_
    if lower in _PERSONAL:
        return "pron"
    if lower in NON_SPEAKERS:
        return "it"
    named = layout.type(tok)
    if named is not None:
        return f"ent:{named}"
    if tok.pos_ == "PROPN":
        return "propn"
    if tok.pos_ == "NOUN":
        return f"noun:{lemma_of(tok).lower()}"
    return f"{tok.pos_.lower()}:{lower}"


_HOLDER_PREPOSITIONS = frozenset({"by", "from"})


def _subject(verb: Token, layout: Layout) -> Token | None:
    """Who does what a verb says: its subject (through "who" to what it stands for); for a
    participle, the noun it describes ("a group backing Bush") or the subject of the verb
    whose preposition it follows ("before backing Rubio"); for an infinitive after an
    object, that object ("leads experts to suspect"); for a participle of a statement or
    another medium, who made it ("issued a statement calling for")."""
    if verb.dep_ == "pcomp" and verb.head.head.i != verb.head.i:
        return _subject(verb.head.head, layout)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in _NOMINAL:
        noun = verb.head  # "issued a statement calling for": who issued the statement
        through = _completed(noun, layout) if lemma_of(noun).lower() in MEDIA else None
        return through or noun
    if verb.dep_ == "xcomp":
        objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
        if objects:
            return objects[0]
    found = subject_of(verb, layout)
    # subject_of reads an object after the verb as an inverted subject ("…, said Flaherty"):
    # only for a word that reports speech, right after it
    if found is not None and found.head.i == verb.i and found.i > verb.i and found.dep_ != "nsubj":
        near = is_direct_cue(lemma_of(verb)) and found.i - verb.i <= 3
        return found if near else None
    if found is None:
        rel = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ in _RELATIVE]
        if rel and verb.dep_ == "relcl":
            return verb.head  # "the group, which urged …"
        # "it announced", "That suggests": subject_of leaves such words out (a direct quote's
        # speaker is never "it"); as a cue's source the speaker model judges them
        plain = (c for c in verb.children if c.dep_ == "nsubj" and c.lower_ in NON_SPEAKERS)
        return next(plain, None)
    return found


_COMPLETES = frozenset({"dobj", "attr", "acomp", "oprd", "ccomp", "xcomp"})


def _completed(cue: Token, layout: Layout) -> Token | None:
    """The subject of the verb a noun or adjective completes ("made comments about", "was
    critical of", "made it clear that") or whose preposition it follows ("said in a
    statement", "told [in] an interview")."""
    verb = cue.head
    if cue.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    elif cue.dep_ not in _COMPLETES:
        return None
    if verb.i == cue.i or verb.pos_ not in {"VERB", "AUX"}:
        return None
    return _subject(verb, layout)


def source_of(cue: Token, layout: Layout) -> Token | None:
    """The word naming who holds or says the content: the subject, the agent of a passive,
    the owner of a noun ("Trump's claim", "a claim by Trump"), the subject of the verb a
    noun or adjective completes or whose preposition it follows (`_completed`), the object
    of "according to"."""
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        return pobj(to) if to is not None else None
    for child in cue.children:
        if child.dep_ == "agent":
            return pobj(child)
        if cue.pos_ == "NOUN" and child.dep_ == "poss":
            return child
        if cue.pos_ == "NOUN" and child.dep_ == "prep" and child.lower_ in _HOLDER_PREPOSITIONS:
            return pobj(child)
    if cue.pos_ != "VERB":  # a noun or adjective: the subject of the verb it completes
        return _completed(cue, layout)
    if any(c.dep_ == "nsubjpass" for c in cue.children):
        return None  # "it was reported that …": the passive's subject is not who reported it
    return _subject(cue, layout) or _named_before(cue, layout)


_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_NAMED = frozenset({"PERSON", "ORG"})


def _named_before(verb: Token, layout: Layout) -> Token | None:
    """For a finite verb the parse gave no subject ("Alarmed by …, Senator Harry Reid, the
    minority leader, said"), the person or organisation named last before it in its
    sentence, with no other verb between them."""
    if verb.tag_ not in _FINITE or any(c.dep_ in {"nsubj", "csubj"} for c in verb.children):
        return None
    start = verb.sent.start
    for i in range(verb.i - 1, max(start, verb.i - 12) - 1, -1):
        tok = verb.doc[i]
        if tok.pos_ in {"VERB", "AUX"}:
            return None
        if layout.type(tok) in _NAMED and layout.together(tok, verb):
            return tok
    return None


def source_and_kind(cue: Token, layout: Layout) -> tuple[Token | None, str]:
    """A cue's source word and its kind; the antecedent of "who" is a person ("unions who
    said"), whatever its word."""
    source = source_of(cue, layout)
    relative = source is not None and cue.dep_ == "relcl" and cue.head.i == source.i
    if relative and any(c.dep_ == "nsubj" and c.lower_ == "who" for c in cue.children):
        return source, "who"
    return source, source_kind(source, layout)


@dataclass(slots=True)
class Candidate:
    """A possible cue with its parts and its source, before the models decide."""

    cue: Token
    key: str
    parts: list[Part]
    passive: bool
    source: Token | None
    kind: str
    layout: Layout
    lexicon: dict[int, str]  # the article's lexicon words (token index → key)

    def part_features(self) -> list[list[str]]:
        key, passive = self.key, self.passive
        return [
            part_features(key, p.relation, p.side, passive, part_shape(p.root), p.gap)
            for p in self.parts
        ]

    def tokens(self, part: Part, dropped: frozenset[int] = frozenset()) -> list[Token]:
        """The words of one part, less the subtrees of its dropped words (`inner`) and, right
        of the root, everything from the first dropped word on (and, for the clause the cue
        hangs from, less the cue's own words)."""
        root = part.root
        cut = {t.i for t in self.cue.subtree} if part.index == HEAD else set()
        end = root.right_edge.i + 1
        for i in sorted(dropped):  # the part's own words (the cue's are another part's)
            if not root.left_edge.i <= i <= root.right_edge.i or i == root.i or i in cut:
                continue
            c = root.doc[i]
            cut.update(t.i for t in c.subtree)
            if c.i > root.i:
                end = min(end, c.left_edge.i)
        return [t for t in root.subtree if t.i not in cut and t.i < end]

    def content(self, chosen: list[Part], dropped: frozenset[int] = frozenset()) -> list[Token]:
        """The words of the chosen parts, within the cue's paragraph, less the source."""
        ids: set[int] = set()
        for part in chosen:
            ids.update(t.i for t in self.tokens(part, dropped))
        first = min(ids, default=0)
        for part in chosen:  # "described Putin [as] a strong leader": the preposition inside
            if part.index != HEAD and part.index > first and part.root.i != part.index:
                ids.add(part.index)
        if self.source is not None and self.source.i in ids:  # not the cue's words, if the
            own = {t.i for t in self.cue.subtree}  # cue hangs from the source ("Obama, citing")
            ids.difference_update(t.i for t in self.source.subtree if t.i not in own)
        doc = self.cue.doc
        home = self.layout.paragraph[self.cue.i]
        return [doc[i] for i in sorted(ids) if self.layout.paragraph[i] == home]


_CLASS_IDS = np.array([VERB, NOUN, ADJ], dtype=np.uint64)
_KEYS: dict[tuple[int, int, int], str | None] = {}  # (orth, POS, morph) → cue_key


def lexicon_words(doc: Doc, skip: bytearray, cues: frozenset[str]) -> Iterator[tuple[Token, str]]:
    """The words of the lexicon, with their keys, outside the skipped characters (the direct
    quotes); read from the Doc's arrays, so that only words of a cue's class become Tokens."""
    if len(_KEYS) > 200_000:  # a word list, bounded: never grows with the corpus unchecked
        _KEYS.clear()
    rows = doc.to_array([LOWER, ORTH, POS, MORPH, IDX])
    wanted = np.isin(rows[:, 2], _CLASS_IDS) | (rows[:, 0] == doc.vocab.strings["according"])
    for i in np.flatnonzero(wanted).tolist():
        _, orth, pos, morph, idx = rows[i].tolist()
        if skip[idx]:
            continue
        form = (orth, pos, morph)
        key = _KEYS.get(form, "")
        if key == "":
            key = _KEYS[form] = cue_key(doc[i])
        if key is not None and key in cues:
            yield doc[i], key


def candidates(doc: Doc, skip: bytearray, layout: Layout, model: Model) -> list[Candidate]:
    """Every word of the lexicon outside the skipped characters that passes the screen, with
    its parts and source."""
    words = list(lexicon_words(doc, skip, model.cues))
    lexicon = {tok.i: key for tok, key in words}
    out = []
    for tok, key in words:
        if model.screen.probability(screen_features(tok, key)) < model.screen_at:
            continue
        source, kind = source_and_kind(tok, layout)
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children)
        found = parts(tok, layout)
        out.append(Candidate(tok, key, found, passive, source, kind, layout, lexicon))
    return out


@dataclass(frozen=True, slots=True)
class Reading:
    """What the models make of a candidate: its content words and how sure they are."""

    features: list[str]
    content: list[Token]
    probability: float


def _part_probability(model: Model, key: str, part: Part, passive: bool) -> float:
    """The part model's probability that a part is content; it reads only the cue's key and
    the part's relation, side, shape and gap, so it is kept per those
    (`weights.Weights.memo`)."""
    memo = model.part.memo
    at = (key, part.relation, part.side, passive, part_shape(part.root), part.gap)
    found = memo.get(at)
    if found is None:
        if len(memo) > 100_000:  # bounded: never grows with the corpus unchecked
            memo.clear()
        found = memo[at] = model.part.probability(part_features(*at))
    return found


def _known(cand: Candidate, model: Model, draft: Draft) -> tuple[list[Part], list[str]]:
    """The candidate's content parts (part model) and the cue features known before its
    content is read."""
    key, cue = cand.key, cand.cue
    chosen = [p for p in cand.parts if _part_probability(model, key, p, cand.passive) >= 0.5]
    features = cue_features(key, cue, [p.relation for p in chosen], cand.kind,
                            cue.idx < draft.title.end)
    under = nesting(cue, cand.lexicon)
    features += [f"under={under.rsplit('|', 1)[-1]}", f"underk={under}"]
    if chosen:
        what = content_kind(chosen[0].root, cand.layout)
        features += [f"ck={what}", f"kck={key}|{what}"]
        if chosen[0].root.pos_ == "NOUN":
            features.append(f"cl={lemma_of(chosen[0].root).lower()}")
    return chosen, features


def _content(cand: Candidate, model: Model, chosen: list[Part], features: list[str]) -> Reading:
    """The chosen parts' words less those the inner model leaves out (below `inner_at`), and
    the cue probability with the content's features."""
    dropped = frozenset(
        child.i
        for p in chosen
        for child, inner_features in inner(p, cand.cue, cand.layout, cand.lexicon)
        if model.inner.probability(inner_features) < model.inner_at
    )
    content = cand.content(chosen, dropped)
    words = sum(not t.is_punct for t in content)
    features = features + content_features(cand.key, words, has_quote_mark(content))
    return Reading(features, content, model.cue.probability(features))


def read(cand: Candidate, model: Model, draft: Draft) -> Reading:
    """The candidate's content parts (part and inner models) and its cue probability."""
    return _content(cand, model, *_known(cand, model, draft))


def read_above(cand: Candidate, model: Model, draft: Draft) -> Reading | None:
    """`read`, or None without reading the content when the cue's probability cannot reach
    the model's threshold whatever the content (`content_ceiling`)."""
    chosen, features = _known(cand, model, draft)
    ceiling = model.cue.score(features) + content_ceiling(cand.key, model.cue.coef)
    if ceiling < model.cue_logit - 1e-9:
        return None
    return _content(cand, model, chosen, features)
