"""Titles, roles and affiliations of people, from the words around their names.

- titles right before a name ("Gen.", "Cmdr.", "Sen.", "Mr"): kept, and the mention widened
  to include them ("Gen. Mark Milley");
- a role phrase right before (a chain of capitalised words around a role noun: "Afghan
  President", "the Chairman of the Joint Chiefs of Staff"; or a lower-case role noun with its
  modifiers: "Pentagon spokesman");
- an appositive right after ("Cmdr. Sarah Flaherty, a spokesperson for Milley").
A nationality before a role becomes its country where the article names one ("Afghan
President" → "President of Afghanistan").
"""

from __future__ import annotations

import itertools

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.entities.cluster import Cluster
from newsgraph.model import Mention
from newsgraph.nlp_parsed import parsed
from newsgraph.text.gender import gender_of_first_name
from newsgraph.text.titles import ROLE_GENDER, ROLE_NOUNS, TITLES, title_key

_LINKERS = {"of", "the", "for", "and", "'s", "’s", "-"}
_KEPT_PREPS = {"of", "for", "at", "to", "with", "on"}
_LEFT_DEPS = {"compound", "amod", "nmod", "poss", "npadvmod", "case"}


def _is_title(doc: Doc, i: int) -> bool:
    """A title word at token i (full words count only when they start the phrase)."""
    tok = doc[i]
    if not tok.text[:1].isupper() or title_key(tok.text) not in TITLES:
        return False
    abbreviated = tok.text.endswith(".") or len(tok.text) <= 4
    return abbreviated or i == 0 or not doc[i - 1].text[:1].isupper()


def _capital_chain(doc: Doc, end: int) -> Span | None:
    """Capitalised words (with linkers) ending right before token `end`, within the sentence."""
    i = end
    sent_start = parsed(doc).sentence(end - 1)[0] if end > 0 else 0
    while i > sent_start:
        tok = doc[i - 1]
        if tok.is_punct or not (tok.text[:1].isupper() or tok.lower_ in _LINKERS):
            break
        i -= 1
    while i < end and (doc[i].lower_ in _LINKERS or doc[i].tag_ in ("IN", "DT")):
        i += 1
    return doc[i:end] if i < end else None


def _role_before(doc: Doc, end: int) -> Span | None:
    """The role phrase that ends right before token `end`, if any."""
    if end == 0:
        return None
    prev = doc[end - 1]
    if prev.text[:1].islower():
        if prev.lower_ not in ROLE_NOUNS:
            return None
        left = [c.left_edge.i for c in prev.lefts if c.dep_ in _LEFT_DEPS]
        start = min([prev.i, *left])
        while start < prev.i and doc[start].tag_ in ("DT", "POS"):
            start += 1
        return doc[start:end]
    chain = _capital_chain(doc, end)
    if chain is None or not any(t.lower_ in ROLE_NOUNS for t in chain):
        return None
    if chain.start > 0 and doc[chain.start - 1].lower_ in ("a", "an"):
        return None  # an office the indefinite article makes hypothetical: "a President Clinton"
    return chain


def _appositives(doc: Doc, name: Span) -> list[Span]:
    """Role phrases in apposition right after a name ("…, a spokesperson for Milley")."""
    out = []
    for tok in name.root.rights:
        if tok.dep_ != "appos" or tok.i < name.end or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if not tok.is_alpha or (tok.pos_ == "PROPN" and tok.lower_ not in ROLE_NOUNS):
            continue
        if tok.lower_ not in ROLE_NOUNS and not any(c.dep_ == "det" for c in tok.lefts):
            continue
        keep = [t.i for t in tok.lefts if t.dep_ in _LEFT_DEPS] + [tok.i]
        prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in _KEPT_PREPS), None)
        if prep is not None:
            keep += _subtree_without_adjuncts(prep)
        keep.sort()
        stop = next((k for a, k in itertools.pairwise(keep) if k != a + 1), None)
        end = keep[-1] + 1 if stop is None else keep[keep.index(stop) - 1] + 1
        out.append(doc[keep[0] : end])
    return out


def _subtree_without_adjuncts(tok: Token) -> list[int]:
    """A phrase's tokens without clauses, coordination and nested non-"of" phrases."""
    keep = [tok.i]
    for child in tok.children:
        if child.dep_ in ("relcl", "punct", "cc", "conj", "appos", "acl"):
            continue
        if child.dep_ == "prep" and child.lower_ != "of":
            continue
        keep += _subtree_without_adjuncts(child)
    return keep


def _role_text(phrase: Span, places: dict[str, str]) -> tuple[str, str | None]:
    """The role as written, or "ROLE of COUNTRY" for a leading nationality; and affiliation."""
    first = phrase[0]
    if first.ent_type_ == "NORP" and len(phrase) > 1:
        stem = first.text[:5].lower()
        country = next((p for k, p in places.items() if k.startswith(stem)), None)
        if country:
            return f"{phrase[1:].text} of {country}", country
    org = next((e for e in phrase.ents if e.label_ in ("GPE", "ORG", "NORP")), None)
    if org is not None and org[0].lower_ == "the":
        org = org[1:]
    return phrase.text, org.text if org is not None else None


def _note_gender(cluster: Cluster, gender: str | None) -> None:
    if gender and cluster.gender is None:
        cluster.gender = gender


def annotate_roles(doc: Doc, clusters: list[Cluster]) -> None:
    """Add titles, roles, affiliations and gender to the PERSON clusters."""
    places = {c.name.lower(): c.name for c in clusters if c.type in ("GPE", "LOC")}
    for cluster in clusters:
        if cluster.type != "PERSON":
            continue
        for mention in list(cluster.mentions):
            span = doc.char_span(mention.start, mention.end)
            if span is None:
                continue
            i = span.start
            while i > 0 and _is_title(doc, i - 1):
                i -= 1
                cluster.note("titles", doc[i].text)
                _note_gender(cluster, TITLES[title_key(doc[i].text)][1])
            if i < span.start:
                cluster.mentions.remove(mention)
                widened = doc[i : span.end]
                cluster.add(
                    Mention(widened.text, widened.start_char, widened.end_char, mention.kind)
                )
            phrases = [p for p in [_role_before(doc, i), *_appositives(doc, span)] if p is not None]
            for phrase in phrases:
                role, affiliation = _role_text(phrase, places)
                cluster.note("roles", role)
                if affiliation:
                    cluster.note("affiliations", affiliation)
                _note_gender(
                    cluster,
                    next((ROLE_GENDER[t.lower_] for t in phrase if t.lower_ in ROLE_GENDER), None),
                )
        if " " in cluster.name:
            _note_gender(cluster, gender_of_first_name(cluster.name.split()[0]))
