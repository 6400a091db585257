"""The features the attribution model reads (`weights.Model`): of a lexicon word for the
screen, of a cue's parts (which carry the content), of the words that may end a part, and of
the candidate cue as a whole. Each feature is a string; a regression's weights sum over them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Token

from newsgraph.extract.quotes.layout import Layout

_QUOTE_MARKS = frozenset("“”\"‘’'«»")


def relation(child: Token) -> str:
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
    example]"), or for the clause a cue hangs from (`index` HEAD) that clause's head; `gap`
    is the punctuation between the child and the cue (`gap`; "h" for that clause).
    """

    index: int
    relation: str
    side: str
    root: Token
    gap: str = "h"


def pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None)


def part_shape(root: Token) -> tuple[str, str]:
    """What a part's root is (its tag; "+s" for a clause with its own subject) and the
    part's size in words (1, up to 3, up to 8, more)."""
    n = root.right_edge.i - root.left_edge.i + 1
    size = "1" if n == 1 else "2" if n <= 3 else "3" if n <= 8 else "4"
    subject = any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in root.children)
    return f"{root.tag_}{'+s' if subject else ''}", size


def gap(child: Token, cue: Token) -> str:
    """The punctuation mark between a child's words and its cue ("X; she said Y": ";",
    "said: X": ":"), "-" for none."""
    doc = cue.doc
    edge = child.right_edge if child.i < cue.i else child.left_edge
    if edge.is_punct:  # the parse often hangs the mark from the child ("…, he said")
        return edge.text
    i = edge.i + 1 if child.i < cue.i else edge.i - 1
    tok = doc[i] if 0 <= i < len(doc) and i != cue.i else None
    return tok.text if tok is not None and tok.is_punct else "-"


def part_features(
    key: str, relation: str, side: str, passive: bool, shape: tuple[str, str], gap: str
) -> list[str]:
    """The features of one part of a cue: its relation to the cue, its shape and the
    punctuation between it and the cue."""
    pos = key.rsplit("|", 1)[1]
    tag, size = shape
    return [
        f"g={relation}|{side}|{gap}",
        f"gs={side}|{gap}",
        f"d={relation}",
        f"k={key}|{relation}",
        f"s={side}|{relation}",
        f"p={pos}|{relation}|{passive}",
        f"t={relation}|{tag}",
        f"n={relation}|{size}",
        f"pt={pos}|{tag}",
    ]


def screen_features(tok: Token, key: str) -> list[str]:
    """What the screen sees of a lexicon word: its key, relation, tag and children's relations."""
    return [
        f"k={key}",
        f"kd={key}|{tok.dep_}",
        f"d={tok.dep_}",
        f"t={tok.tag_}",
        f"h={tok.head.pos_}",
        *(f"c={d}" for d in {c.dep_ for c in tok.children}),
    ]


def nesting(tok: Token, lexicon: dict[int, str]) -> str:
    """The nearest lexicon word above a word (within four steps up the parse) and the
    relation by which the word hangs under it ("say|VERB|ccomp"); PolNeAR marks no
    attribution inside the content of another, so a word under a cue's content rarely is one."""
    child = tok
    for _ in range(4):
        head = child.head
        if head.i == child.i:
            break
        if head.i in lexicon:
            return f"{lexicon[head.i]}|{relation(child)}"
        child = head
    return "none"


def content_kind(root: Token, layout: Layout) -> str:
    """What a content part is: a clause (by the verb's tag), an entity, or a word class."""
    if root.pos_ in {"VERB", "AUX"}:
        return f"v:{root.tag_}"
    named = layout.type(root)
    if named is not None:
        return f"ent:{named}"
    return root.pos_.lower()


def cue_features(key: str, cue: Token, chosen: list[str], kind: str, title: bool) -> list[str]:
    """The features of a candidate cue known before its content is read: the word, its
    chosen parts, its source's kind, whether it is in the title."""
    pos = key.rsplit("|", 1)[1]
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
        f"title={title}",
        f"neg={any(c.dep_ == 'neg' for c in cue.children)}",
    ]
    out += [f"part={p}" for p in chosen] + [f"kpart={key}|{p}" for p in chosen]
    if not chosen:
        out.append("part=none")
    return out


def content_features(key: str, n_content: int, quoted: bool) -> list[str]:
    """The features of a candidate cue's content: its size in words (none, up to 3, up to 8,
    more) and whether it holds a quotation mark."""
    size = "0" if n_content == 0 else "1" if n_content <= 3 else "2" if n_content <= 8 else "3"
    return [f"size={size}", f"ksize={key}|{size}", f"quoted={quoted}"]


def content_ceiling(key: str, coef: dict[str, float]) -> float:
    """The most `content_features` can add to a cue's log-odds under these weights."""
    get = coef.get
    size = max(get(f"size={s}", 0.0) + get(f"ksize={key}|{s}", 0.0) for s in "0123")
    return size + max(get("quoted=True", 0.0), get("quoted=False", 0.0))


def source_features(source: Token, kind: str, key: str) -> list[str]:
    """What the speaker model (`weights.Model.speaker`) sees of a cue's source word that is no
    name or pronoun: its kind ("noun:spokesman"), the word's ending ("-ist", "-ers"), tag and
    relation, the cue, and the kind of an "of" phrase it heads ("a plurality of [Democrats]")."""
    general = kind.split(":")[0]
    out = [
        f"k={kind}",
        f"g={general}",
        f"e={source.lower_[-3:]}",
        f"t={source.tag_}",
        f"d={source.dep_}",
        f"c={key}",
        f"cg={key}|{general}",
    ]
    for child in source.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = pobj(child)
            if obj is not None:
                out.append(f"of={obj.ent_type_ or obj.pos_}")
        elif child.dep_ in {"compound", "amod", "poss"}:
            out.append(f"m={child.dep_}|{child.ent_type_ or child.pos_}")
    return out


def has_quote_mark(tokens: Iterable[Token]) -> bool:
    """Whether any of the tokens is a quotation mark."""
    return any(t.text in _QUOTE_MARKS for t in tokens)


_BREAKS = frozenset({",", "—", "–", "-", "(", ";", ":"})
_OPENERS = frozenset({"CCONJ", "SCONJ", "ADP", "PRON"})  # "…, and", "…, which", "…, by"


def _describe(c: Token, part: Part, layout: Layout, lexicon: dict[int, str]) -> list[str]:
    """The features of a word of a part that may lie outside its content (a child of its
    root, or a word down its right edge: `inner`)."""
    doc = c.doc
    comma = c.left_edge.i > 0 and doc[c.left_edge.i - 1].text in _BREAKS
    side = "r" if c.i > part.root.i else "l"
    named = pobj(c) if c.dep_ == "prep" else c
    when = (layout.type(named) or "") if named is not None else ""
    subject = any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children)
    out = [
        f"ic={c.dep_}|{c.i in lexicon}|{comma}",
        f"is={c.dep_}|{subject}|{side}",
        f"it={c.dep_}|{when}",
        f"iw={c.left_edge.lower_ if c.left_edge.pos_ in _OPENERS else '-'}|{comma}",
    ]
    if c.head.i != part.root.i:  # down the right edge: the word it hangs from, by its class
        return [*out, f"id={c.dep_}|{comma}", f"idp={c.head.pos_}|{c.dep_}|{comma}"]
    return [
        *out,
        f"i={c.dep_}|{comma}|{side}",
        f"ir={part.relation}|{c.dep_}|{comma}",
        f"ip={c.head.pos_}|{c.dep_}|{side}",
    ]


def _right_edge(root: Token, cue: Token) -> list[Token]:
    """The words below a part's root, down its right edge, that may end it: the right
    children of each word on the path from the root's last child to the part's last word
    that open a clause, phrase or apposition ("… the interview, which …", "… baby” — a play
    on …")."""
    out: list[Token] = []
    node = root
    while True:
        rights = [c for c in node.rights if c.dep_ != "punct" and c.i != cue.i]
        if not rights:
            return out
        last = rights[-1]
        if node.i != root.i:
            out.extend(c for c in rights if c.dep_ in _TRAILING)
        node = last


# Relations of a trailing phrase down a part's right edge that may lie outside its content.
_TRAILING = frozenset({"relcl", "appos", "acl", "advcl", "conj", "prep", "cc", "npadvmod"})


def inner(part: Part, cue: Token, layout: Layout, lexicon: dict[int, str]) -> list[
    tuple[Token, list[str]]
]:
    """The children of a part's root (less the cue), and the trailing phrases down its right
    edge (`_right_edge`), with their features: the relative clause, apposition, participle,
    date or second attribution ("…, adding that") that may lie outside the content. A word
    judged outside takes its subtree with it and, right of the root, everything after it
    (`Candidate.tokens`)."""
    words = [c for c in part.root.children if c.i != cue.i and c.dep_ != "punct"]
    words += _right_edge(part.root, cue)
    return [(c, _describe(c, part, layout, lexicon)) for c in words]
