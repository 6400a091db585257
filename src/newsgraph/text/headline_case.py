"""Title-case headlines parsed as the sentences they are.

"Taliban Strike German Consulate in Afghan City of Mazar-i-Sharif" (the style of many US
papers) reads to a statistical tagger as a row of proper nouns: no verb, no clause, so no
event in the title. The parser is given a copy of the text in which the headline's common
words are lowercased ("Taliban strike German Consulate in Afghan city of Mazar-i-Sharif"),
the same length character for character, and its annotations are then put back on the
original words: every span still points at the article as written.

A capitalised headline word is lowercased when the article's body writes it in lowercase
more often than capitalised; a word the body never uses, when it is a function word or a
verb of the model's WordNet index (a noun may be a name, an adjective a nationality —
"German", "Afghan" —: it is kept).
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from newsgraph.nlp import word_classes

WORD = re.compile(r"\b[A-Z][a-z]+(?:'[a-z]+)?\b")
LONG_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
BODY_WORD = re.compile(r"\b[A-Za-z][a-z]+\b")
MIN_WORDS = 3  # capitalised words of four letters or more that make a headline title-case
# inflections stripped to find a word's entry: "Strikes", "Derailed", "Killing"
SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))


def title_case(title: str) -> bool:
    """Whether a headline capitalises its words ("Tram Derails in Croydon, Near London"): all
    its words of four letters or more after the first (a sentence-case headline full of names
    still writes its verb in lowercase: "Donald Trump lands in Washington")."""
    words: list[str] = [w for w in LONG_WORD.findall(title)[1:] if len(w) >= 4]
    capitals = sum(w[0].isupper() and not w.isupper() for w in words)
    return capitals >= MIN_WORDS and capitals == len(words)


def _common(word: str, body: Counter[str]) -> bool:
    """Whether a capitalised headline word is a common word rather than a name."""
    lower = word.lower()
    if body[lower] or body[word]:
        return body[lower] > body[word]
    if lower in STOP_WORDS:
        return True
    forms = {lower} | {lower[: -len(s)] + r for s, r in SUFFIXES if lower.endswith(s)}
    return bool(forms & word_classes()["verb"])


def for_parse(text: str) -> str:
    """The text the parser reads: the same text, with a title-case headline's common words
    lowercased (the headline is the text up to the first line break)."""
    end = text.find("\n")
    end = len(text) if end < 0 else end
    title = text[:end]
    if not title_case(title):
        return text
    body = Counter(BODY_WORD.findall(text[end:]))
    first = WORD.search(title)
    out = list(title)
    for match in WORD.finditer(title):
        if match.start() != (first.start() if first else -1) and _common(match.group(), body):
            out[match.start()] = match.group()[0].lower()
    return "".join(out) + text[end:]


def restore(doc: Doc, text: str) -> Doc:
    """The parsed Doc with the original words back (same token boundaries, same analyses);
    the Doc itself when its headline is as written (only the headline is ever recased)."""
    end = text.find("\n")
    headline = doc.char_span(0, len(text) if end < 0 else end, alignment_mode="expand")
    same = doc.text == text if headline is None else headline.text == text[: headline.end_char]
    if same:
        return doc
    words = [text[t.idx : t.idx + len(t)] for t in doc]
    return Doc(
        doc.vocab,
        words=words,
        spaces=[bool(t.whitespace_) for t in doc],
        tags=[t.tag_ for t in doc],
        pos=[t.pos_ for t in doc],
        morphs=[str(t.morph) for t in doc],
        lemmas=[t.lemma_ for t in doc],
        heads=[t.head.i for t in doc],
        deps=[t.dep_ for t in doc],
        ents=[f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in doc],
    )
