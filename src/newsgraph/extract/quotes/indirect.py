"""Indirect and mixed speech: "NAME said (that) CLAUSE", "according to NAME, CLAUSE".

The content is the reported clause (the cue's clausal complement, without a leading "that"),
or, for "according to X", the clause the phrase hangs from without the phrase itself. A
clause that holds a quoted phrase ("said the talks were “productive”") is one quote of type
mixed; a clause that is mostly a direct quote is left to the direct-quote pass.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Token

from newsgraph.extract.base import Draft
from newsgraph.extract.quotes.lexicon import is_indirect_cue, reports
from newsgraph.extract.quotes.marks import QuoteSpan
from newsgraph.extract.quotes.speaker import (
    Attribution,
    according_to,
    attribute,
    paragraph_bounds,
    subject_of,
)
from newsgraph.nlp import lemma_of

MIN_TOKENS = 3
_MARKS = frozenset({"that", "if", "whether"})
_DASHES = frozenset({"―", "—", "–", "-", "--"})
_LEADING = frozenset({"that", ",", ":", "—", "–", "-", "and", "but"})


def _trim(tokens: list[Token]) -> list[Token]:
    """Without a leading "that", a dateline ("WASHINGTON ―"), or a trailing "— and"."""
    dash = next((k for k, t in enumerate(tokens[:4]) if t.text in _DASHES), None)
    if dash and all(t.is_upper or t.is_punct or t.is_space for t in tokens[:dash]):
        tokens = tokens[dash + 1 :]
    while tokens and (tokens[0].lower_ in _LEADING or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space or tokens[-1].pos_ == "CCONJ"):
        if tokens[-1].text in "”’\"'":
            break
        tokens = tokens[:-1]
    return tokens


def _contiguous(tokens: list[Token]) -> list[Token]:
    """The longest run of consecutive tokens (a clause minus an inserted phrase)."""
    best: list[Token] = []
    run: list[Token] = []
    for tok in tokens:
        if run and tok.i != run[-1].i + 1:
            best = max(best, run, key=len)
            run = []
        run.append(tok)
    return max(best, run, key=len)


def holder_of(noun: Token) -> Token | None:
    """Whose claim a claim is: "Trump's claim", "a claim by Trump", "a statement from X"."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ in {"PROPN", "NOUN", "PRON"}:
            return child
        if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.pos_ in {"PROPN", "NOUN"}:
                    return obj
    return None


def complements(cue: Token) -> Iterator[tuple[str, list[Token]]]:
    """(relation, tokens) of each thing a verb may report, unclipped.

    ccomp: a clause ("said (that) …", also an adverbial "that"/"whether" clause); dobj: an
    object with its "as …" ("described Putin as a “strong leader”"); xcomp: an infinitive
    ("refused to remain"); beside: the clause before "…, a spokeswoman said"; noun: a noun's
    "that" clause ("Trump's claim that …").
    """
    if cue.pos_ == "NOUN":
        for child in cue.children:
            if (
                child.dep_ in {"acl", "ccomp"}
                and child.i > cue.i
                and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)
            ):
                yield "noun", sorted(child.subtree, key=lambda t: t.i)
        return
    for child in cue.children:
        if child.dep_ == "ccomp" or (
            child.dep_ == "advcl"
            and child.i > cue.i
            and any(c.dep_ == "mark" and c.lower_ in _MARKS for c in child.children)
        ):
            yield "ccomp", sorted(child.subtree, key=lambda t: t.i)
        elif child.dep_ == "dobj" and child.i > cue.i:
            tokens = sorted(child.subtree, key=lambda t: t.i)
            for extra in child.head.children:  # "as a strong leader" right after the object
                follows = extra.i == tokens[-1].i + 1
                if follows and extra.dep_ in {"prep", "oprd"} and extra.lower_ == "as":
                    tokens += sorted(extra.subtree, key=lambda t: t.i)
            yield "dobj", tokens
        elif child.dep_ == "xcomp" and child.i > cue.i:
            yield "xcomp", sorted(child.subtree, key=lambda t: t.i)
    head = cue.head  # "…, a company spokeswoman said." read as a clause beside the first
    comma = cue.doc[cue.left_edge.i - 1] if cue.left_edge.i > 0 else None
    beside = cue.dep_ in {"parataxis", "ccomp", "advcl"} and head.i < cue.i
    if beside and comma is not None and comma.text == ",":
        yield "beside", [t for t in head.subtree if t.i < comma.i]


def _clause(cue: Token) -> list[Token]:
    """The reported content of a cue verb or of "according to", unclipped."""
    if cue.lower_ == "according":
        head = cue.head
        if head.i == cue.i:
            return []
        skip = {t.i for t in cue.subtree}
        return [t for t in head.subtree if t.i not in skip]
    for relation, tokens in complements(cue):
        if reports(lemma_of(cue), relation):
            return tokens
    return []


def _content(cue: Token) -> list[Token]:
    """The reported clause, within the cue's paragraph, as one run of tokens."""
    first, last = paragraph_bounds(cue)
    tokens = [t for t in _clause(cue) if first <= t.i <= last]
    return _trim(_contiguous(tokens)) if tokens else []


class IndirectFinder:
    """Finds indirect and mixed quotes outside the direct quotes of a Doc."""

    def __init__(self, doc: Doc, draft: Draft, direct: Sequence[tuple[int, int]]) -> None:
        self.doc = doc
        self.draft = draft
        self.inside = bytearray(len(draft.text))  # 1 where a direct quote is (marks included)
        for a, b in direct:
            self.inside[a:b] = b"\x01" * (b - a)

    def _in_direct(self, start: int, end: int) -> float:
        """Share of [start, end) inside direct quotes."""
        return self.inside[start:end].count(1) / max(end - start, 1)

    def find(self, quoted: Sequence[QuoteSpan]) -> Iterator[tuple[int, int, str, Attribution]]:
        """(start, end, type, attribution) of each indirect or mixed quote, in text order."""
        doc = self.doc
        for tok in doc:
            if self.inside[tok.idx]:  # the token starts inside a direct quote
                continue
            if tok.lower_ == "according":
                speaker = according_to(tok)
            elif tok.pos_ == "VERB" and (is_indirect_cue(lemma_of(tok)) or reports(lemma_of(tok))):
                speaker = subject_of(tok)
            elif tok.pos_ == "NOUN" and reports(lemma_of(tok), "noun"):
                speaker = holder_of(tok)
            else:
                continue
            if speaker is None:
                continue
            content = _content(tok)
            if len(content) < MIN_TOKENS or any(t.i == speaker.i for t in content):
                continue
            start, end = content[0].idx, content[-1].idx + len(content[-1].text)
            if self._in_direct(start, end) > 0.5:
                continue
            mixed = any(start <= q.start and q.end <= end for q in quoted)
            sent = tok.sent  # the medium is looked for beside the content, not inside it
            before = tok.i < content[0].i
            window = (sent.start, content[0].i) if before else (content[-1].i + 1, sent.end)
            yield (
                start,
                end,
                "mixed" if mixed else "indirect",
                attribute(doc, tok, speaker, self.draft, window),
            )
