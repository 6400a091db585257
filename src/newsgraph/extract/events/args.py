"""An event's parts read off the dependency tree: who (agents, patients, partners), the
place the text says contains its place (its place: `places`) and when (a time expression
of its clause).

Participants are entities where the words name one (any mention, resolved pronouns and role
nouns included); a group named by a common noun with an organisation before it ("Taliban
negotiators") is kept as that description with the organisation's entity id; other noun
phrases ("several people", "the driver") are descriptions without an entity.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newsgraph.extract.base import Draft
from newsgraph.model import Entity, Ref, TimeExpr
from newsgraph.nlp import lemma_of
from newsgraph.nlp_parsed import parsed

PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
ACTOR_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
DIRECTIONS = frozenset(
    "north south east west central northern southern eastern western north-west north-east "
    "south-west south-east northwestern northeastern southwestern southeastern".split()
)
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
PARTNER_PREPS = frozenset({"with", "between", "to"})
AGENT, PATIENT, PARTNER = "agent", "patient", "partner"
# Verbs that lend their subject to the event noun they take ("held talks", "carried out an
# attack"); others do not ("heard a crash", "condemned the attack").
SUPPORT_VERBS = frozenset(
    "hold have make pay carry launch stage conduct mount attend host sign reach begin start "
    "continue complete undertake wage unleash lead organise organize plan commit perpetrate "
    "claim give take".split()
)
# Verbs whose subject undergoes the event rather than does it.
UNDERGONE = frozenset({"die", "drown", "perish"})
_NP_STOP = frozenset({"relcl", "acl", "punct", "cc", "conj", "appos", "advcl", "prep"})
DATELINE_DASHES = frozenset({"--", "—", "–", "-"})
DATELINE_WORDS = 8  # "SAN JUAN, Puerto Rico (AP) —"


@dataclass(frozen=True, slots=True)
class Role:
    """A participant and how it takes part."""

    ref: Ref
    role: str
    head: int  # token index of the noun phrase's head


class Mentions:
    """Which entity mention covers a character offset (an index over the Draft's entities)."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self._at: dict[int, tuple[Entity, int, int]] = {}
        for entity in reversed(draft.entities):  # backwards: the first mention at an offset wins
            for m in reversed(entity.mentions):
                if m.kind != "inner":  # a name inside another's ("Japan" of "Sea of Japan")
                    self._at.update(dict.fromkeys(range(m.start, m.end), (entity, m.start, m.end)))

    def entity_at(self, token: Token) -> tuple[Entity, int, int] | None:
        """The entity whose mention covers a token, with the mention's offsets."""
        return self._at.get(token.idx)

    def containers(self, doc: Doc) -> dict[str, Ref]:
        """Place entity id → the containing place the text names beside it ("Doha, Qatar",
        "Mazar-i-Sharif in Afghanistan"), first statement wins."""
        found: dict[str, Ref] = {}
        places = sorted(
            (m.start, m.end, e.id)
            for e in self.draft.entities
            if e.type in PLACE_TYPES
            for m in e.mentions
            if m.kind != "inner"
        )
        for start, _end, entity_id in places:
            inner = self._at.get(start)
            if inner is None or inner[0].id != entity_id or inner[1] != start:
                continue
            end = doc.char_span(inner[1], inner[2], alignment_mode="expand")
            if end is None or end.end + 1 >= len(doc):
                continue
            sep, i = doc[end.end], end.end + 1
            if sep.text not in (",", "in"):
                continue
            if doc[i].lower_ in DIRECTIONS and i + 1 < len(doc):
                i += 1  # "Croydon, south London", "Mazar-i-Sharif in northern Afghanistan"
            outer = self.entity_at(doc[i])
            if outer is None or outer[0].type != "GPE" or outer[0].id == inner[0].id:
                continue
            ref = Ref(
                self.draft.text[outer[1] : outer[2]], outer[1], outer[2], outer[0].id, outer[0].name
            )
            found.setdefault(inner[0].id, ref)
        return found


TITLE_WORDS = {
    "gen.": "general",
    "adm.": "admiral",
    "sen.": "senator",
    "rep.": "representative",
    "gov.": "governor",
    "pres.": "president",
    "cmdr.": "commander",
    "lt.": "lieutenant",
    "col.": "colonel",
    "sgt.": "sergeant",
    "capt.": "captain",
    "maj.": "major",
    "dr.": "doctor",
    "prof.": "professor",
    "insp.": "inspector",
    "supt.": "superintendent",
}


def _role_words(entity: Entity) -> set[str]:
    words: set[str] = set()
    for phrase in (*entity.roles, *entity.titles):
        for word in phrase.lower().split():
            words.add(TITLE_WORDS.get(word, word))
    return words


def by_role(head: Token, mentions: Mentions) -> Entity | None:
    """The one person whose role or title names this common noun ("Afghanistan's president",
    "the top US general"), agreeing with a place or organisation before it; else None."""
    word = lemma_of(head).lower()
    places = set()
    for child in head.lefts:
        found = mentions.entity_at(child)
        if found is not None:
            places.add(found[0].name.lower())
    fits, placed = [], []
    named = {e.name.lower() for e in mentions.draft.entities if e.type == "GPE"}
    for entity in mentions.draft.entities:
        if entity.type != "PERSON" or word not in _role_words(entity):
            continue
        roles = " ".join(entity.roles).lower()
        stated = {p for p in named if p in roles}
        if places and stated and not places & stated:
            continue
        fits.append(entity)
        if places & stated:
            placed.append(entity)
    fits = placed or fits
    return fits[0] if len(fits) == 1 else None


def np_span(head: Token) -> tuple[int, int]:
    """Token range [first, last] of the noun phrase a head names: its left modifiers and
    compounds, without relative clauses, appositions, coordination or prepositions (on
    either side: a misparse can hang a clause before its head)."""
    first = head.i
    for child in reversed(list(head.lefts)):
        if child.dep_ in _NP_STOP:
            break
        first = child.left_edge.i
    last = head.i
    for child in head.rights:
        if child.dep_ in _NP_STOP:
            break
        last = max(last, child.right_edge.i)
    while first < head.i and (head.doc[first].is_punct or head.doc[first].is_space):
        first += 1
    while last > head.i and (head.doc[last].is_punct or head.doc[last].is_space):
        last -= 1
    return first, last


def quoted(token: Token) -> bool:
    """Whether a token sits inside a quotation opened earlier in its sentence; scare quotes
    around a word or three ("driver 'blacked out' in crash") are no quotation."""
    index = parsed(token.doc)
    start, end = index.sentence(token.i)
    before = index.quotes_in(start, token.i)
    if len(before) % 2 == 0:
        return False
    close = next(iter(index.quotes_in(token.i, end)), end)
    return close - before[-1] - 1 > 3


def main_clause(root: Token) -> Token:
    """The word that tells a sentence's main clause: its root, or in headline grammar the
    clause outside a quote ("X amazes Y: 'We witnessed …'") or a verbless headline's
    participle ("Seven killed as …", "Croydon tram crash: Police name …")."""
    if quoted(root):
        told = [c for c in root.children if c.dep_ in ("ccomp", "parataxis") and not quoted(c)]
    elif root.pos_ in ("NOUN", "PROPN", "NUM"):
        told = [c for c in root.children if c.dep_ == "acl" and c.pos_ == "VERB"]
    else:
        told = []
    return told[0] if told else root


def conjuncts(token: Token) -> list[Token]:
    """A noun phrase and the ones coordinated with it ("X and Y")."""
    out = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("PROPN", "NOUN", "PRON"):
            out.extend(conjuncts(child))
        elif child.dep_ == "appos":  # "the Chairman, Gen. Milley and SRAR negotiators"
            out.extend(conjuncts(child)[1:])
    return out


def in_dateline(token: Token) -> bool:
    """Whether a word is part of a sentence's dateline ("KUNDUZ, Afghanistan -- Taliban
    insurgents struck …", "LONDON (Reuters) - …"): where the report was filed, which the
    parser often reads as the subject."""
    doc = token.doc
    start, end = parsed(doc).sentence(token.i)
    for t in doc[start : min(start + DATELINE_WORDS, end)]:
        spaced = t.i > 0 and bool(doc[t.i - 1].whitespace_) and bool(t.whitespace_)
        if t.text in DATELINE_DASHES and spaced:  # not the hyphen of "Mazar-i-Sharif"
            return token.i < t.i
        if not (t.pos_ == "PROPN" or t.is_punct or t.is_space):
            return False
    return False


def participant(head: Token, role: str, mentions: Mentions) -> Role | None:
    """A participant Ref for a noun phrase head, or None for words that name nobody (nor
    for a dateline's place)."""
    doc = head.doc
    if head.pos_ not in ("PROPN", "NOUN", "PRON", "NUM") or (head.like_num and head.pos_ != "NUM"):
        return None
    if head.pos_ == "PROPN" and in_dateline(head):
        return None
    first, last = np_span(head)
    span = doc[first : last + 1]
    found = mentions.entity_at(head)
    if found is not None:
        entity = found[0]
        if head.pos_ == "PRON":
            return Role(
                Ref(head.text, head.idx, head.idx + len(head), entity.id, entity.name), role, head.i
            )
        return Role(
            Ref(span.text, span.start_char, span.end_char, entity.id, entity.name), role, head.i
        )
    if head.pos_ == "PRON":
        return None
    for child in head.rights:  # "the Chairman …, Gen. Mark A. Milley"
        named = mentions.entity_at(child) if child.dep_ == "appos" else None
        if named is not None and named[0].type in ACTOR_TYPES:
            return Role(
                Ref(span.text, span.start_char, span.end_char, named[0].id, named[0].name),
                role,
                head.i,
            )
    person = by_role(head, mentions) if head.pos_ == "NOUN" else None
    if person is not None:
        return Role(
            Ref(span.text, span.start_char, span.end_char, person.id, person.name), role, head.i
        )
    for child in head.lefts:
        owner = mentions.entity_at(child)
        modifier = child.dep_ in ("compound", "amod", "poss", "nmod")
        if owner is not None and modifier and owner[0].type in ("ORG", "NORP", "GPE"):
            return Role(
                Ref(span.text, span.start_char, span.end_char, owner[0].id, owner[0].name),
                role,
                head.i,
            )
    return Role(Ref(span.text, span.start_char, span.end_char), role, head.i)


def subject_of(verb: Token, depth: int = 0) -> list[tuple[Token, str]]:
    """The subject(s) of a verb with their roles; a clause without its own subject ("to
    meet", "and met") borrows its head's; a relative clause its antecedent."""
    found: list[tuple[Token, str]] = []
    # a past participle with no auxiliary is passive: a headline's "Consulate bombed by …"
    # (a phrasal verb is rather a past tense the model tagged so: "driver blacked out")
    bare_participle = verb.tag_ == "VBN" and not any(
        c.dep_ in ("aux", "auxpass", "prt") for c in verb.children
    )
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            found.append((child, PATIENT if bare_participle else AGENT))
        elif child.dep_ == "nsubjpass":
            found.append((child, PATIENT))
        elif child.dep_ == "agent":
            found += [(g, AGENT) for g in child.children if g.dep_ == "pobj"]
    if found:
        resolved = []
        for tok, role in found:
            if tok.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                tok = verb.head
            resolved.append((tok, role))
        return resolved
    if depth < 3 and verb.head.i != verb.i and verb.dep_ in ("xcomp", "advcl", "conj", "pcomp"):
        head = verb.head
        if head.pos_ in ("VERB", "AUX"):
            xobj = [c for c in head.children if c.dep_ in ("dobj",)]
            if verb.dep_ == "xcomp" and xobj:  # "ordered troops to withdraw"
                return [(xobj[0], AGENT)]
            return subject_of(head, depth + 1)
    if verb.head.pos_ == "NOUN" and verb.head.dep_ == "ROOT" and verb.dep_ == "advcl":
        named = [c for c in verb.head.children if c.dep_ == "compound" and c.ent_type_]
        return [(named[-1], AGENT)] if named else []  # a headline's noun-tagged verb
    bare = "to" not in {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if (
        verb.dep_ == "acl"
        and verb.head.pos_ in ("NOUN", "PROPN", "NUM")  # "At least four killed in …"
        and verb.tag_ in ("VBN", "VBG")
        and bare
    ):
        return [(verb.head, PATIENT if verb.tag_ == "VBN" else AGENT)]
    return []


def pobjs(prep: Token) -> list[Token]:
    return [g for g in prep.children if g.dep_ == "pobj"]


def argument_heads(trigger: Token, kind: str) -> list[tuple[Token, str]]:
    """Noun phrase heads of a trigger's participants, with their roles."""
    out: list[tuple[Token, str]] = []
    if trigger.pos_ == "VERB":
        subjects = subject_of(trigger)
        if lemma_of(trigger).lower() in UNDERGONE:  # "two passengers died": they underwent it
            subjects = [(tok, PATIENT) for tok, _ in subjects]
        out += subjects
        for child in trigger.children:
            if child.dep_ in ("dobj", "dative", "obj"):
                out.append((child, PARTNER if kind in ("meet", "call") else PATIENT))
            elif child.dep_ == "prep" and child.lower_ in PARTNER_PREPS and kind != "travel":
                out += [(g, PARTNER) for g in pobjs(child)]
    elif trigger.pos_ == "ADJ":  # "five people are dead", "found him dead", "Seven dead"
        if trigger.dep_ == "acomp":
            out += [(t, PATIENT) for t, _ in subject_of(trigger.head)]
        elif trigger.dep_ == "oprd":
            objects = [c for c in trigger.head.children if c.dep_ in ("dobj", "obj")]
            objects = objects or [t for t, _ in subject_of(trigger.head)]
            out += [(t, PATIENT) for t in objects]
        else:
            out.append((trigger.head, PATIENT))
    else:
        for child in trigger.children:
            actor = child.dep_ == "compound" and child.ent_type_ in ACTOR_TYPES
            if child.dep_ == "poss" or actor:
                out.append((child, AGENT))
            elif child.dep_ == "prep" and child.lower_ in ("with", "between"):
                out += [(g, PARTNER) for g in pobjs(child)]
            elif child.dep_ == "prep" and child.lower_ == "by":
                out += [(g, AGENT) for g in pobjs(child)]
            elif child.dep_ == "prep" and child.lower_ == "of" and kind != "travel":
                out += [(g, PATIENT) for g in pobjs(child)]
        support = trigger.dep_ == "dobj" and lemma_of(trigger.head).lower() in SUPPORT_VERBS
        if support and not any(role == AGENT for _, role in out):
            out += [(t, r) for t, r in subject_of(trigger.head) if r == AGENT]
    expanded: list[tuple[Token, str]] = []
    for tok, role in out:
        expanded += [(c, role) for c in conjuncts(tok)]
    return expanded


def owner_of(token: Token, triggers: set[int]) -> int | None:
    """The first trigger (or, failing that, verb) above a token: the clause it belongs to."""
    tok = token
    for _ in range(12):
        if tok.i in triggers:
            return tok.i
        if tok.pos_ in ("VERB", "AUX") and tok.i != token.i:
            return tok.i
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def dated(times: list[TimeExpr]) -> list[TimeExpr]:
    """Time expressions that name a date or time (not durations, sets, PRESENT_REF …)."""
    return [t for t in times if t.value and t.value[:4].isdigit() and t.type in ("DATE", "TIME")]
