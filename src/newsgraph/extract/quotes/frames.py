"""Attribution frames: a cue word, the children of it that carry the content, and the source.

A candidate cue is a verb, noun or adjective whose lemma was a cue in PolNeAR train, or
"according" (to). Its parts are its children (and, for "…, a spokeswoman said" or
"according to X", the clause it hangs from); each part is described by features of the
parse. Two logistic regressions trained on PolNeAR train (`eval/attribution.py`,
scikit-learn) are stored as weights in `data/attribution.json` and applied here as sums:
`part` says which parts are the content, `cue` whether the word attributes that content.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from newsgraph.extract.base import Draft
from newsgraph.extract.quotes.lexicon import NON_SPEAKERS, is_direct_cue
from newsgraph.extract.quotes.speaker import subject_of
from newsgraph.nlp import lemma_of

CUE_POS = frozenset({"VERB", "NOUN", "ADJ"})
# Children that are never content: the cue's own function words.
_NOT_PARTS = frozenset({"punct", "aux", "auxpass", "neg", "cc", "det", "case", "prt", "expl"})
_HEAD_DEPS = frozenset({"parataxis", "ccomp", "advcl", "conj"})
_PERSONAL = frozenset({"he", "she", "they", "we", "i", "you", "him", "her", "them", "us", "me"})
_QUOTE_MARKS = frozenset("“”\"‘’'«»")
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON"})
HEAD = -1  # the part index of "the clause the cue hangs from"


@dataclass(frozen=True, slots=True)
class Weights:
    """One logistic regression: feature → weight, and the intercept."""

    coef: dict[str, float]
    bias: float

    def probability(self, features: Iterable[str]) -> float:
        coef = self.coef
        z = self.bias + sum(coef.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


@dataclass(frozen=True, slots=True)
class Model:
    """The learned lexicons, the three regressions and the cue threshold."""

    cues: frozenset[str]  # "lemma|POS" of the words that anchored attributions in train
    sources: frozenset[str]  # noun lemmas that headed sources in train ("spokesman", "poll")
    part: Weights
    inner: Weights
    cue: Weights
    threshold: float


def _weights(raw: object) -> Weights:
    assert isinstance(raw, dict)
    return Weights({str(k): float(v) for k, v in raw["coef"].items()}, float(raw["bias"]))


def model_from(raw: dict[str, object]) -> Model:
    """A Model from its JSON form (as `eval/attribution.py` writes it)."""
    cues, sources = raw["cues"], raw["sources"]
    assert isinstance(cues, list) and isinstance(sources, list)
    return Model(
        frozenset(cues),
        frozenset(sources),
        _weights(raw["part"]),
        _weights(raw["inner"]),
        _weights(raw["cue"]),
        float(str(raw["threshold"])),
    )


def model_json(model: Model) -> dict[str, object]:
    """The JSON form of a Model."""

    def weights(w: Weights) -> dict[str, object]:
        return {"coef": dict(sorted(w.coef.items())), "bias": w.bias}

    return {
        "cues": sorted(model.cues),
        "sources": sorted(model.sources),
        "part": weights(model.part),
        "inner": weights(model.inner),
        "cue": weights(model.cue),
        "threshold": model.threshold,
    }


@lru_cache(maxsize=1)
def model() -> Model:
    """The shipped model (`data/attribution.json`), loaded once."""
    raw = resources.files("newsgraph.extract.quotes").joinpath("data/attribution.json")
    return model_from(json.loads(raw.read_text(encoding="utf-8")))


def cue_key(tok: Token) -> str | None:
    """ "lemma|POS" of a possible cue word, or None for words that never are."""
    if tok.lower_ == "according":
        return "according|ADP"
    if tok.pos_ not in CUE_POS:
        return None
    return f"{lemma_of(tok).lower()}|{tok.pos_}"


def _dep(child: Token) -> str:
    """A child's relation, with the preposition or marker word that makes it what it is."""
    if child.dep_ in {"prep", "agent", "dative"}:
        return f"{child.dep_}:{child.lower_}"
    if child.dep_ in {"ccomp", "advcl", "acl"}:
        marks = [c.lower_ for c in child.children if c.dep_ == "mark"]
        return f"{child.dep_}:{marks[0]}" if marks else child.dep_
    return child.dep_


@dataclass(frozen=True, slots=True)
class Part:
    """A child of a cue (or the clause it hangs from) that may carry the content.

    `root` heads the words: the child itself, a preposition's object ("pointed to [the
    example]"), or for the clause a cue hangs from (`index` HEAD) that clause's head.
    """

    index: int
    relation: str
    side: str
    root: Token


@dataclass(frozen=True, slots=True)
class Layout:
    """Per article, computed once: each token's paragraph, and the entity type of each token
    an entity mention covers."""

    paragraph: list[int]
    types: dict[int, str]

    @classmethod
    def of(cls, doc: Doc, draft: Draft) -> Layout:
        paragraph, k = [], 0
        for tok in doc:
            paragraph.append(k)
            k += "\n" in tok.text_with_ws
        types: dict[int, str] = {}
        for entity in draft.entities:
            for m in entity.mentions:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                for tok in span if span is not None else ():
                    types.setdefault(tok.i, entity.type)
        return cls(paragraph, types)

    def together(self, a: Token, b: Token) -> bool:
        """No line break between two tokens."""
        return self.paragraph[a.i] == self.paragraph[b.i]


def parts(cue: Token, layout: Layout) -> list[Part]:
    """Each child of a cue that may carry the content, and the clause it hangs from."""
    out = []
    for c in cue.children:
        if c.dep_ in _NOT_PARTS or not layout.together(c, cue):
            continue
        root = (_pobj(c) or c) if c.dep_ == "prep" else c
        out.append(Part(c.i, _dep(c), "r" if c.i > cue.i else "l", root))
    head = cue.head
    hangs = cue.dep_ in _HEAD_DEPS or cue.lower_ == "according"
    if head.i != cue.i and hangs and layout.together(head, cue):
        out.append(Part(HEAD, f"^{cue.dep_}", "r" if head.i > cue.i else "l", head))
    return out


def part_features(key: str, relation: str, side: str, passive: bool) -> list[str]:
    """The features of one part of a cue."""
    pos = key.rsplit("|", 1)[1]
    return [
        f"d={relation}",
        f"k={key}|{relation}",
        f"s={side}|{relation}",
        f"p={pos}|{relation}|{passive}",
    ]


def source_kind(tok: Token | None, layout: Layout) -> str:
    """What a source word is: a named entity's type, a personal pronoun, a noun, none."""
    if tok is None:
        return "none"
    lower = tok.lower_
    if lower in _PERSONAL:
        return "pron"
    if lower in NON_SPEAKERS:
        return "it"
    if tok.i in layout.types:
        return f"ent:{layout.types[tok.i]}"
    if tok.pos_ == "PROPN":
        return "propn"
    return f"noun:{lemma_of(tok).lower()}" if tok.pos_ == "NOUN" else tok.pos_.lower()


_RELATIVE = frozenset({"who", "which", "that", "whom"})
_HOLDER_PREPOSITIONS = frozenset({"by", "from"})


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None)


def _subject(verb: Token) -> Token | None:
    """Who does what a verb says: its subject (through "who" to what it stands for); for a
    participle, the noun it describes ("a group backing Bush") or the subject of the verb
    whose preposition it follows ("before backing Rubio"); for an infinitive after an
    object, that object ("leads experts to suspect")."""
    if verb.dep_ == "pcomp" and verb.head.head.i != verb.head.i:
        return _subject(verb.head.head)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and verb.head.pos_ in _NOMINAL:
        return verb.head
    if verb.dep_ == "xcomp":
        objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
        if objects:
            return objects[0]
    found = subject_of(verb)
    # subject_of reads an object after the verb as an inverted subject ("…, said Flaherty"):
    # only for a word that reports speech, right after it
    if found is not None and found.head.i == verb.i and found.i > verb.i and found.dep_ != "nsubj":
        near = is_direct_cue(lemma_of(verb)) and found.i - verb.i <= 3
        return found if near else None
    if found is None:
        rel = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ in _RELATIVE]
        if rel and verb.dep_ == "relcl":
            return verb.head  # "the group, which urged …"
    return found


def source_of(cue: Token) -> Token | None:
    """The word naming who holds or says the content: the subject, the agent of a passive,
    the owner of a noun ("Trump's claim", "a claim by Trump"), the subject of the verb a
    noun or adjective completes ("made comments about", "was critical of"), the object of
    "according to"."""
    if cue.lower_ == "according":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        return _pobj(to) if to is not None else None
    for child in cue.children:
        if child.dep_ == "agent":
            return _pobj(child)
        if cue.pos_ == "NOUN" and child.dep_ == "poss":
            return child
        if cue.pos_ == "NOUN" and child.dep_ == "prep" and child.lower_ in _HOLDER_PREPOSITIONS:
            return _pobj(child)
    if cue.pos_ != "VERB":  # a noun or adjective: the subject of the verb it completes
        if cue.dep_ in {"dobj", "attr", "acomp", "oprd"} and cue.head.i != cue.i:
            return None if cue.head.pos_ not in {"VERB", "AUX"} else _subject(cue.head)
        return None
    if any(c.dep_ == "nsubjpass" for c in cue.children):
        return None  # "it was reported that …": the passive's subject is not who reported it
    return _subject(cue)


def cue_features(
    key: str, cue: Token, chosen: list[str], kind: str, n_content: int, flags: tuple[bool, bool]
) -> list[str]:
    """The features of a candidate cue, given its chosen parts and its source."""
    pos = key.rsplit("|", 1)[1]
    size = "0" if n_content == 0 else "1" if n_content <= 3 else "2" if n_content <= 8 else "3"
    general = kind.split(":")[0] if kind.startswith("noun:") else kind
    out = [
        f"k={key}",
        f"pos={pos}",
        f"tag={cue.tag_}",
        f"dep={cue.dep_}",
        f"kd={key}|{cue.dep_}",
        f"src={general}",
        f"src={kind}",
        f"ks={key}|{general}",
        f"size={size}",
        f"ksize={key}|{size}",
        f"quoted={flags[0]}",
        f"title={flags[1]}",
        f"neg={any(c.dep_ == 'neg' for c in cue.children)}",
    ]
    out += [f"part={p}" for p in chosen] + [f"kpart={key}|{p}" for p in chosen]
    if not chosen:
        out.append("part=none")
    return out


def has_quote_mark(tokens: Iterable[Token]) -> bool:
    """Whether any of the tokens is a quotation mark."""
    return any(t.text in _QUOTE_MARKS for t in tokens)


def inner(part: Part, cue: Token) -> list[tuple[Token, list[str]]]:
    """The children of a part's root (less the cue) with their features: the trailing
    relative clause, apposition or participle that may lie outside the content."""
    root = part.root
    doc = root.doc
    out = []
    for c in root.children:
        if c.i == cue.i or c.dep_ == "punct":
            continue
        comma = c.left_edge.i > 0 and doc[c.left_edge.i - 1].text in {",", "—", "–", "-", "("}
        side = "r" if c.i > root.i else "l"
        out.append((c, [
            f"i={c.dep_}|{comma}|{side}",
            f"ir={part.relation}|{c.dep_}|{comma}",
            f"ip={root.pos_}|{c.dep_}|{side}",
        ]))
    return out


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

    def part_features(self) -> list[list[str]]:
        return [part_features(self.key, p.relation, p.side, self.passive) for p in self.parts]

    def tokens(self, part: Part, dropped: frozenset[int] = frozenset()) -> list[Token]:
        """The words of one part, less the subtrees of the dropped children of its root
        (and, for the clause the cue hangs from, less the cue's own words)."""
        cut = {t.i for t in self.cue.subtree} if part.index == HEAD else set()
        for c in part.root.children:
            if c.i in dropped:
                cut.update(t.i for t in c.subtree)
        return [t for t in part.root.subtree if t.i not in cut]

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


def candidates(
    doc_tokens: Iterable[Token], layout: Layout, cues: frozenset[str]
) -> list[Candidate]:
    """Every word of the lexicon among the tokens, with its parts and source."""
    out = []
    for tok in doc_tokens:
        key = cue_key(tok)
        if key is None or key not in cues:
            continue
        source = source_of(tok)
        passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in tok.children)
        kind = source_kind(source, layout)
        out.append(Candidate(tok, key, parts(tok, layout), passive, source, kind, layout))
    return out


@dataclass(frozen=True, slots=True)
class Reading:
    """What the models make of a candidate: its content words and how sure they are."""

    features: list[str]
    content: list[Token]
    probability: float


def read(cand: Candidate, model: Model, draft: Draft) -> Reading:
    """The candidate's content parts (part and inner models) and its cue probability."""
    chosen = [
        p
        for p, f in zip(cand.parts, cand.part_features(), strict=True)
        if model.part.probability(f) >= 0.5
    ]
    dropped = frozenset(
        child.i
        for p in chosen
        for child, features in inner(p, cand.cue)
        if model.inner.probability(features) < 0.5
    )
    content = cand.content(chosen, dropped)
    words = sum(not t.is_punct for t in content)
    title = cand.cue.idx < draft.title.end
    features = cue_features(
        cand.key, cand.cue, [p.relation for p in chosen], cand.kind, words,
        (has_quote_mark(content), title),
    )
    return Reading(features, content, model.cue.probability(features))
