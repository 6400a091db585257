"""Acronym definitions ("Special Representative for Afghanistan Reconciliation (SRAR)"):
the long form becomes (or joins) an entity, and every use of the short form is its mention.
An acronym's small letters stand for the small words of its long form ("Bank of England
(BoE)", "Transport for London (TfL)")."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from newsgraph.extract.entities.cluster import Cluster
from newsgraph.model import Mention

_DEFINITION = re.compile(r"\(([A-Z][A-Za-z&]{1,9}s?)\)")
_LINKERS = {"of", "for", "and", "the", "on", "in", "de", "&", "to"}


def initials(name: str) -> str:
    """Capital initials of a name's content words ("United States" → "US")."""
    return "".join(w[0] for w in name.replace("-", " ").split() if w[:1].isupper())


def _long_form(doc: Doc, paren_start: int, acronym: str) -> tuple[int, int] | None:
    """Character span of the words before "(ACR)" whose capitals spell the acronym."""
    letters = acronym.rstrip("s") if acronym.endswith("s") and acronym[:-1].isupper() else acronym
    # token ends rise through the Doc: the tokens ending by paren_start are a prefix of it
    end = bisect.bisect_right(doc, paren_start, key=lambda t: t.idx + len(t))
    words = [doc[i] for i in range(max(0, end - (2 * len(letters) + 4)), end)]
    if not letters.isupper():
        return _spelled_word_by_word(words, letters)
    caps: list[int] = []  # indexes into words of capitalised content words, right to left
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if w.text[:1].isupper():
            caps.append(i)
            if len(caps) == len(letters):
                break
        elif w.lower_ not in _LINKERS:
            return None
    if len(caps) != len(letters):
        return None
    if "".join(words[i].text[0] for i in reversed(caps)).upper() != letters:
        return None
    first, last = words[caps[-1]], words[-1]
    return first.idx, last.idx + len(last)


def _spelled_word_by_word(words: list[Token], letters: str) -> tuple[int, int] | None:
    """The span of the last words if each begins with the acronym's letter in turn, a
    capital for a capitalised word and a small letter for a small word ("BoE")."""
    if len(words) < len(letters):
        return None
    tail = words[len(words) - len(letters) :]
    for w, letter in zip(tail, letters, strict=True):
        small = letter.islower()
        if w.text[:1].lower() != letter.lower() or small != (w.lower_ in _LINKERS):
            return None
        if not small and not w.text[:1].isupper():
            return None
    return tail[0].idx, tail[-1].idx + len(tail[-1])


def define_acronyms(doc: Doc, text: str, clusters: list[Cluster]) -> None:
    """Link each defined acronym and its uses to the long form's entity (new if none);
    `text` is the article text (doc.text, which spaCy rebuilds on every access)."""
    for match in _DEFINITION.finditer(text):
        acronym = match.group(1)
        span = _long_form(doc, match.start(), acronym)
        if span is None:
            continue
        start, end = span
        long_text = text[start:end]
        # the entity naming the long form first, then one of its name, then the acronym's
        # own (the model's "TfL" may be a "person" with a misread pronoun)
        ranks = [_home_rank(c, start, end, long_text, acronym) for c in clusters]
        best = min(ranks, default=3)
        home = clusters[ranks.index(best)] if best < 3 else None
        if home is None:
            home = Cluster("ORG", long_text)
            clusters.append(home)
        elif home.name == acronym or len(home.name) < len(long_text):
            home.name = long_text
        home.add(Mention(long_text, start, end, "name"))
        home.note("aliases", acronym)
        emptied: set[int] = set()
        for use in re.finditer(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text):
            for other in clusters:  # the acronym tagged on its own joins the long form
                if other is not home:
                    kept = [m for m in other.mentions if (m.start, m.end) != use.span()]
                    if len(kept) < len(other.mentions):
                        other.mentions = kept
                        emptied.add(id(other))
            home.add(Mention(acronym, use.start(), use.end(), "acronym"))
        # an entity left with pronouns only had them through the acronym it lost
        clusters[:] = [
            c
            for c in clusters
            if any(m.kind != "pronoun" for m in c.mentions) or (c.mentions and id(c) not in emptied)
        ]
    clusters[:] = [c for c in clusters if c.mentions]


def _home_rank(c: Cluster, start: int, end: int, long_text: str, acronym: str) -> int:
    """0: it has a mention over most of the long form; 1: it is named by the long form;
    2: by the acronym; 3: none of these."""
    if any(min(end, m.end) - max(start, m.start) > (end - start) / 2 for m in c.mentions):
        return 0
    return 1 if c.name == long_text else 2 if c.name == acronym else 3
