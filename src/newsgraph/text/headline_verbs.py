"""A headline's present-tense verb read as the verb it is.

Headlines tell past news in the present tense and drop the articles that would mark a noun
phrase: in "Taliban bomber rams truck into German consulate", "Trump slams Obama over …" or
"Toblerone changes shape" the small model reads the "-s" verb as a plural noun (a compound, a
root noun), so the headline has no clause and no event. Where a headline clause has no verb
and a plural noun in it is a verb by form and by the article's own usage, the clause is
re-read as subject – verb – object: the noun phrase before the word is its subject, the noun
phrase right after it its object, the prepositions and clauses that hung on either hang on the
verb (an "of" phrase stays on its noun). Nothing else in the Doc changes.

The word must stand between a noun phrase and what a verb takes (an object, a preposition, a
particle), its stem must be a verb of the model's WordNet index ("rams" → ram, "changes" →
change), and the article must not use the word as a noun more often than it uses the verb
("Brexit talks collapse": the body speaks of "the talks", so "talks" stays a noun).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsgraph.nlp import lemma_of, word_classes
from newsgraph.text.headline_case import SUFFIXES

FINITE = frozenset({"VBZ", "VBD", "VBP", "MD"})
SEPARATORS = frozenset({":", ",", ";", "|"})
DASHES = frozenset({"—", "–", "-", "--"})
# what may follow a verb in a headline: an object, a preposition, a particle, an adverb
AFTER_VERB = frozenset(
    {"DET", "PROPN", "NOUN", "ADJ", "NUM", "PRON", "ADP", "SCONJ", "ADV", "PART"}
)
# a finite verb form in a noun's place ("Kim Jong-un reopens/compound hotline/ROOT")
NOMINAL_DEPS = frozenset({"compound", "amod", "nmod", "nsubj", "dobj", "pobj"})
NP_WORDS = frozenset({"DET", "PROPN", "NOUN", "ADJ", "NUM", "PRON", "PART"})
NP_DEPS = frozenset({"compound", "amod", "det", "nummod", "poss", "nmod", "case", "quantmod"})
SUBJECT_HEADS = frozenset({"NOUN", "PROPN", "PRON"})
SUBJECT_WORDS = NP_WORDS | {"CCONJ"}  # "Sarah Silverman and Michael Sheen split"
SUBORDINATORS = frozenset(
    {"as", "after", "while", "when", "because", "before", "since", "until", "if"}
)
MORPH = "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"


def separates(token: Token) -> bool:
    """Whether a headline token parts it: a colon, comma, semicolon or bar, or a dash with
    spaces around it (not the hyphen of "Mazar-i-Sharif")."""
    if token.text in SEPARATORS:
        return True
    spaced = token.i > 0 and bool(token.doc[token.i - 1].whitespace_) and bool(token.whitespace_)
    return token.text in DASHES and spaced


def _stem(word: str) -> str | None:
    """The verb a "-s" form inflects ("rams" → "ram", "pushes" → "push"), if any."""
    verbs = word_classes()["verb"]
    for suffix, repl in SUFFIXES[:3]:
        if word.endswith(suffix) and (stem := word[: -len(suffix)] + repl) in verbs:
            return stem
    return None


def _segments(title: Span) -> list[tuple[int, int]]:
    """Token ranges of a headline between separators (":", ",", " - " …)."""
    out, start = [], title.start
    for t in title:
        if separates(t):
            if start < t.i:
                out.append((start, t.i))
            start = t.i + 1
    if start < title.end:
        out.append((start, title.end))
    return out


def _used_as_verb(doc: Doc, body: int, word: Token, stem: str) -> bool:
    """Whether the article (after the headline) uses the stem as a verb at least as often as
    it uses the word as a noun."""
    nouns = verbs = 0
    for t in doc[body:]:
        if t.pos_ == "NOUN" and t.lower_ == word.lower_:
            nouns += 1
        elif t.pos_ == "VERB" and t.lower_.startswith(stem[:3]) and lemma_of(t) == stem:
            verbs += 1
    return verbs >= nouns


def _misread_noun(token: Token) -> bool:
    """A word tagged as a base-form verb that is no verb at all ("fires missile/VBP")."""
    return token.tag_ in ("VB", "VBP") and token.lower_ not in word_classes()["verb"]


def _verb_in(doc: Doc, start: int, end: int, body: int) -> tuple[int, str] | None:
    """The token of a verbless headline segment that is its "-s" verb, with the stem."""
    tokens = doc[start:end]
    for t in tokens[1:-1]:
        misread = t.tag_ == "NNS" or (t.tag_ == "VBZ" and t.dep_ in NOMINAL_DEPS)
        if t.tag_ in FINITE and not misread:
            return None  # the clause has its verb (a verb joined to this one comes after "and")
        before, after = doc[t.i - 1], doc[t.i + 1]
        if not misread or before.pos_ not in SUBJECT_HEADS:
            continue
        if after.pos_ not in AFTER_VERB and not _misread_noun(after):
            continue
        stem = _stem(t.lower_)
        if stem is not None and _used_as_verb(doc, body, t, stem):
            return t.i, stem
    return None


def _object_end(doc: Doc, verb: int, end: int) -> int:
    """The last token of the noun phrase right after the verb (verb itself when none)."""
    last = verb
    for t in doc[verb + 1 : end]:
        noun = t.pos_ in NP_WORDS or (t.i == verb + 1 and _misread_noun(t))
        if not noun or (t.pos_ == "PART" and t.lower_ == "to"):
            break
        last = t.i
    return last


def _subject_start(doc: Doc, start: int, verb: int) -> int:
    """The first token of the noun phrase right before the verb ("the U.S.", "Taliban
    bomber", "Sarah Silverman and Michael Sheen")."""
    first = verb - 1
    while first > start and (
        doc[first - 1].pos_ in SUBJECT_WORDS or doc[first - 1].dep_ in ("amod", "compound")
    ):
        first -= 1
    return first


def _rewire(doc: Doc, start: int, verb: int, end: int) -> list[tuple[int, str]] | None:
    """Heads and labels of the sentence re-read with the verb as its clause's head: the
    sentence's root, or after a subordinating word ("as tram derails") a clause of the root."""
    arcs = [(t.head.i, t.dep_) for t in doc]
    sent = doc[verb].sent
    first = _subject_start(doc, start, verb)
    mark = doc[first - 1] if first > start else None
    if mark is not None and mark.lower_ not in SUBORDINATORS:
        return None
    subject = range(first, verb)
    obj_end = _object_end(doc, verb, end)
    obj = range(verb + 1, obj_end + 1)
    for part, head, label in ((subject, verb - 1, "nsubj"), (obj, obj_end, "dobj")):
        for i in part:
            if i == head:
                arcs[i] = (verb, label)
            elif arcs[i][0] not in part:
                dep = arcs[i][1]
                arcs[i] = (head, dep if dep in NP_DEPS else "compound")
    inside = set(subject) | set(obj)
    root = sent.root.i
    main = mark is None or root == verb or root in inside
    for t in sent:
        i = t.i
        if i == verb or i in inside:
            continue
        head, dep = arcs[i]
        if i == root and main:
            arcs[i] = (verb, "conj" if t.pos_ == "VERB" and i > verb else "dep")
        elif head in inside and not (head == obj_end and t.lower_ == "of"):
            arcs[i] = (verb, dep)
    if mark is not None:
        arcs[mark.i] = (verb, "mark")
    arcs[verb] = (verb, "ROOT") if main else (root, "advcl")
    return arcs


def _ents(doc: Doc, verb: int) -> list[str]:
    """The entity tags, without the name the verb was misread into ("rams truck" PERSON)."""
    tags = [f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in doc]
    for ent in doc.ents:
        if ent.start <= verb < ent.end:
            tags[ent.start : ent.end] = ["O"] * len(ent)
    return tags


def title_span(doc: Doc) -> Span:
    """The headline's tokens (the text up to the first line break); read token by token up to
    the first token holding a line break (spaCy keeps a line break in a token's text, never in
    its trailing whitespace), as `char_span` or `doc.text` would build the whole Doc."""
    last = 0
    for t in doc:
        if "\n" in t.text:
            break
        last = t.i + 1
    return doc[:last]


def mend(doc: Doc) -> Doc:
    """The Doc with its headline's "-s" verbs read as verbs (the Doc itself when none)."""
    title = title_span(doc)
    if len(title) < 3:
        return doc
    for start, stop in _segments(title):
        found = _verb_in(doc, start, stop, title.end)
        if found is None:
            continue
        verb, stem = found
        if doc[start].sent.start != doc[verb].sent.start:
            continue
        arcs = _rewire(doc, start, verb, stop)
        if arcs is None:
            continue
        tags = [t.tag_ for t in doc]
        pos = [t.pos_ for t in doc]
        morphs = [str(t.morph) for t in doc]
        lemmas = [t.lemma_ for t in doc]
        tags[verb], pos[verb], morphs[verb], lemmas[verb] = "VBZ", "VERB", MORPH, stem
        if verb + 1 < len(doc) and _misread_noun(doc[verb + 1]):
            tags[verb + 1], pos[verb + 1], morphs[verb + 1] = "NN", "NOUN", "Number=Sing"
        doc = Doc(
            doc.vocab,
            words=[t.text for t in doc],
            spaces=[bool(t.whitespace_) for t in doc],
            tags=tags,
            pos=pos,
            morphs=morphs,
            lemmas=lemmas,
            heads=[h for h, _ in arcs],
            deps=[d for _, d in arcs],
            ents=_ents(doc, verb),
        )
    return doc
