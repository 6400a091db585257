"""The headline read as a headline: which of its words tells the news.

A headline is built of parts between colons, dashes and commas. Some of them frame the news
rather than tell it, and are set aside:
- a label before a colon: a part without a verb followed by one with a clause ("US election
  2016: Trump wins …", "Croydon tram crash: Police name …", "Afghanistan: Fatal attack …");
- an attribution tail: a last part that only says who says so ("…, says Hollande", "…,
  claim passengers", "…: FM spokesperson", "… - Mattis");
- a quotation after the news ("X amazes Y: 'We witnessed …'");
- a subordinate clause before the news ("While the U.S. talks about election, UK …").
The first part left that holds a verb (else the first part left) tells the news; of a
two-clause headline its first clause does ("Toblerone gets more gappy, but …"). Its head is
the part's main verb, or for a verbless part the word its other words hang on ("Several dead
and dozens injured after …", with `main_clause` taking a participle: "Seven killed as …").
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.events.args import main_clause
from newsgraph.extract.events.lexicon import REPORTING
from newsgraph.extract.summary.cues import trim
from newsgraph.nlp import lemma_of
from newsgraph.text.headline_verbs import NOMINAL_DEPS, separates, title_span

LABEL_MARKS = frozenset({":", "|", "—", "–", "-", "--"})
CLAUSE_POS = frozenset({"VERB", "AUX"})
LABEL_WORDS = 4
SUBORDINATORS = frozenset(
    {"as", "after", "while", "when", "because", "before", "since", "until", "although", "though"}
)


def _parts(title: Span) -> list[tuple[Span, str]]:
    """The headline's parts, each with the separator that ends it ("" for the last)."""
    out, start = [], title.start
    doc = title.doc
    for t in title:
        if separates(t) and t.i > start:
            out.append((doc[start : t.i], t.text))
            start = t.i + 1
        elif separates(t):
            start = t.i + 1
    if start < title.end:
        out.append((doc[start : title.end], ""))
    return out


def _has_verb(part: Span) -> bool:
    return any(t.pos_ in CLAUSE_POS and t.tag_ != "VBG" for t in part)


def _attribution(part: Span) -> bool:
    """A part that only names who says so: no verb but a reporting one, no more than five
    words ("says Hollande", "claim passengers", "FM spokesperson", "Mattis")."""
    words = [t for t in part if not t.is_punct]
    if not words or len(words) > 5:
        return False
    verbs = [t for t in part if t.pos_ in CLAUSE_POS]
    return all(lemma_of(t).lower() in REPORTING for t in verbs)


def _quotation(part: Span) -> bool:
    return bool(part) and part[0].is_quote


def news_parts(title: Span) -> list[Span]:
    """The parts of a headline that tell the news, labels, tails and quotations set aside."""
    parts = _parts(title)
    kept: list[Span] = []
    for n, (part, separator) in enumerate(parts):
        rest = [p for p, _ in parts[n + 1 :]]
        short = n == 0 and len(part) <= LABEL_WORDS and bool(rest)
        label = not _has_verb(part) and (short or any(map(_has_verb, rest)))
        if separator in LABEL_MARKS and label:
            continue  # a label: "US election 2016:", "Croydon tram crash:", "Afghanistan:"
        if part[0].lower_ in SUBORDINATORS and any(map(_has_verb, rest)):
            continue  # "While the U.S. talks about election, UK outraged over …"
        if kept and (_quotation(part) or (not rest and _attribution(part))):
            continue  # "…: 'We witnessed …'", "…, says Hollande"
        kept.append(part)
    return kept or [p for p, _ in parts]


def _head(part: Span) -> Token:
    """The word a part's news hangs on: its first verb before any subordinating word ("Final
    three … victims named as repair work starts …", "Seven killed as tram derails") — an
    auxiliary stands for its verb, a gerund only failing others —, else its root within
    the part ("Several dead and dozens injured after …", "Fatal attack on …")."""
    verbs: list[Token] = []
    for t in part:
        if t.lower_ in SUBORDINATORS or t.dep_ == "mark":
            break
        if t.pos_ in CLAUSE_POS and t.dep_ not in NOMINAL_DEPS:
            verbs.append(t.head if t.dep_ in ("aux", "auxpass") else t)
    finite = [t for t in verbs if t.tag_ != "VBG"]
    if finite or verbs:
        return (finite or verbs)[0]
    roots = [t for t in part if not part.start <= t.head.i < part.end or t.head.i == t.i]
    return main_clause(roots[0] if roots else part.root)


def headline_clause(doc: Doc) -> tuple[Token, Span] | None:
    """The word that tells the headline's news and the part it is in (None for a headline
    of fewer than two words)."""
    title = title_span(doc)
    if len(title) < 2:
        return None
    parts = news_parts(title)
    part = next((p for p in parts if _has_verb(p)), parts[0])
    return _head(part), part


def predicate(head: Token, part: Span) -> Span:
    """What the headline says happened: from its verb — or, for a verbless part or a bare
    participle ("Seven killed", "Several dead and dozens injured", "German consulate …
    bombed"), from the part's start —
    up to a subordinate clause ("… as whirlwind transition starts") or the part's end."""
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children)
    bare_participle = head.tag_ == "VBN" and not any(
        c.dep_ in ("aux", "auxpass") for c in head.children
    )  # "German consulate in Afghanistan bombed …": what befell the subject
    active = head.pos_ in CLAUSE_POS and has_subject and not bare_participle
    first = head.i if active else part.start
    for left in reversed(list(head.lefts)):
        if left.dep_ in ("aux", "auxpass", "neg") and left.i == first - 1:
            first = left.i
    last = part.end - 1
    for t in part.doc[head.i + 1 : part.end]:
        if t.lower_ in SUBORDINATORS or t.dep_ == "mark":
            last = t.i - 1
            break
    return trim(part.doc, first, max(first, last))
