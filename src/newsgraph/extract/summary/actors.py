"""Who and what candidates: the actors and actions of the events the headline and the first
sentences tell, the people and organisations they name, and the headline's predicate.

- who: an event's agents (the subject; the patient of a passive without agent; for deaths
  and injuries the victims too), patients and partners, as named in the text (an entity by
  its fullest name mention); besides, each person, organisation or group the headline or
  the lede names. Features: the event's, the role, the kind of actor (person, organisation,
  group, place, a description naming people or not, a building), where it is told, whether
  the headline names it, how often the article does.
- what: an event's trigger with its objects and complements ("meets with Obama", "attacks
  German consulate"), or the event noun's phrase ("the truck bombing"); and the headline's
  predicate (`headline.predicate`). Features: the event's, the trigger's word class, the
  phrase's length and place, the share of its words the headline uses.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsgraph.extract.base import Draft
from newsgraph.extract.events.args import np_span
from newsgraph.extract.summary.cues import trim
from newsgraph.extract.summary.headline import predicate
from newsgraph.extract.summary.rank import Option, Options
from newsgraph.extract.summary.reading import EVENT_FEATURES, POSITION_FEATURES, Reading
from newsgraph.model import Ref

HUMAN = frozenset(
    """people person man woman men women driver passenger passengers victim victims police
    officer officers official officials fan fans customer customers child children boy girl
    father mother student students worker workers soldier soldiers militant militants bomber
    gunman leader leaders spokesman spokeswoman president minister company government
    resident residents witness witnesses shoppers""".split()
)
BUILDINGS = frozenset(
    "house consulate embassy palace building hospital station hotel airport stadium".split()
)
ACTOR_TYPES = {"PERSON": "person", "ORG": "org", "NORP": "norp", "GPE": "gpe"}
WHAT_DEPS = frozenset(
    {"dobj", "attr", "acomp", "oprd", "dative", "prt", "xcomp", "ccomp", "neg", "npadvmod", "obj"}
)
WHAT_PREPS = frozenset({"with", "against", "on", "over", "into", "to", "for", "from", "of"})
MAX_WHAT = 14
NOT_WHAT = frozenset({"PERSON", "GPE", "LOC", "FAC"})  # names before an event noun
WHO_FEATURES = (
    *EVENT_FEATURES,
    "agent",
    "patient",
    "partner",
    "person",
    "org",
    "norp",
    "gpe",
    "other_type",
    "human",
    "thing",
    "building",
    "named_in_title",
    "mentions",
    "most_named",
    "event_word",
    "main_agent",
    *POSITION_FEATURES,
    "offered",
)
WHAT_FEATURES = (
    *EVENT_FEATURES,
    "verb",
    "noun",
    "adj",
    "predicate",
    "length",
    "short",
    *POSITION_FEATURES,
    "title_overlap",
    "offered",
)


def what_span(token: Token, draft: Draft) -> Span:
    """The phrase that tells an event's action: the trigger with its objects and complements
    (whole phrases, up to MAX_WHAT words: a phrase that would run past is left out), an event
    noun with its modifiers (not the names before it: "Croydon tram crash" → "tram
    crash"), a predicative adjective with its noun ("Five dead")."""
    doc = token.doc
    if token.pos_ == "ADJ":
        return trim(doc, min(token.head.i, token.i), max(token.head.i, token.i))
    if token.pos_ == "NOUN":
        first = token.i
        for t in reversed(list(token.lefts)):
            named = draft.mention_at(t.idx, t.idx + len(t))
            if t.dep_ not in ("compound", "amod", "nmod") or (named and named[0].type in NOT_WHAT):
                break
            first = t.left_edge.i
        return trim(doc, first, token.i)
    first = token.i
    for child in reversed(list(token.lefts)):
        if child.dep_ in ("aux", "auxpass", "neg") and child.i == first - 1:
            first = child.i
    last = token.i
    for child in token.rights:
        if child.dep_ in WHAT_DEPS or (child.dep_ == "prep" and child.lower_ in WHAT_PREPS):
            if child.right_edge.i - first > MAX_WHAT:  # too long: whole phrases only
                if last == token.i and child.dep_ in ("dobj", "obj", "attr"):
                    last = np_span(child)[1]  # the object's own noun phrase
                break
            last = max(last, child.right_edge.i)
        elif child.is_quote:
            continue  # "describes 'carnage'": a quote mark opens the object, no new clause
        elif child.dep_ in ("punct", "cc", "advcl", "conj", "mark"):
            break
    return trim(doc, first, last)


def _named(ref: Ref, draft: Draft) -> Ref:
    """A participant as named: an entity by its fullest name mention where the text gives
    less ("Milley" → "Gen. Mark A. Milley"), a description as written."""
    entity = draft.entity(ref.entity)
    if entity is None:
        return ref
    names = [m for m in entity.mentions if m.kind == "name"]
    full = [m for m in names if m.text == entity.name] or sorted(names, key=lambda m: -len(m.text))
    if not full:
        return ref
    same = ref.text.lower().split()[-1:] == entity.name.lower().split()[-1:]
    if len(full[0].text) >= len(ref.text) or same or ref.text.islower():
        m = full[0]
        return Ref(m.text, m.start, m.end, ref.entity, ref.name)
    return ref


def _actor(ref: Ref, reading: Reading) -> dict[str, float]:
    """What kind of actor a participant is, and how much the article speaks of it."""
    draft = reading.draft
    entity = draft.entity(ref.entity)
    if entity is None:
        head = ref.text.split()[-1].lower() if ref.text.split() else ""
        human = head in HUMAN
        return {"human": float(human), "thing": float(not human), "building": 0.0}
    kind = ACTOR_TYPES.get(entity.type, "other_type")
    last = entity.name.lower().split()[-1:]
    in_title = any(m.start < reading.title_end for m in entity.references())
    return {
        kind: 1.0,
        "building": float(bool(last) and last[0] in BUILDINGS),
        "named_in_title": float(in_title),
        "mentions": min(1.0, len(entity.references()) / 5),
        "most_named": float(len(entity.references()) >= reading.most_named),
    }


def who_options(reading: Reading, out: Options) -> None:
    """Who candidates of the early events and the early-named actors."""
    draft = reading.draft
    happenings = {e.trigger.text.lower() for e in draft.events if " " not in e.trigger.text}
    for event in draft.events:
        if not reading.told_early(event):
            continue
        features = reading.event(event.id)
        roles = list(zip(event.participants, event.roles, strict=False))
        for ref, role in roles:
            if event.type == "death_injury" and role == "patient":
                role = "agent"  # the dead and injured are whom the news is about
            named = _named(ref, draft)
            words = ref.text.lower().split()
            option = {
                **features,
                **_actor(ref, reading),
                **reading.position(ref.start),
                role: 1.0,
                "event_word": float(bool(words) and words[-1] in happenings),
                "main_agent": float(role == "agent" and features["event_main"] == 1.0),
            }
            out.add("who", Option(named.text, named.start, named.end, None, option))
    for entity in draft.entities:
        if entity.type not in ("PERSON", "ORG", "NORP"):
            continue
        names = [m for m in entity.mentions if m.kind in ("name", "acronym")]
        early = [m for m in names if reading.sentence(m.start) <= 1]
        if early:
            m = early[0]
            ref = Ref(m.text, m.start, m.end, entity.id, entity.name)
            named = _named(ref, draft)
            option = {**_actor(ref, reading), **reading.position(m.start)}
            out.add("who", Option(named.text, named.start, named.end, None, option))


def what_options(reading: Reading, out: Options) -> None:
    """What candidates of the early events, and the headline's predicate."""
    draft = reading.draft
    for event in draft.events:
        token = reading.tokens[event.id]
        if token is None or not reading.told_early(event):
            continue
        span = what_span(token, draft)
        if not any(c.isalpha() for c in span.text):
            continue  # a bare ":" cue
        out.add(
            "what",
            Option(
                span.text,
                span.start_char,
                span.end_char,
                None,
                _what_features(reading, span, token, reading.event(event.id)),
            ),
        )
    if reading.headline is not None:
        head, part = reading.headline
        span = predicate(head, part)
        features = reading.event(reading.main) if reading.main else {}
        option = {**_what_features(reading, span, head, features), "predicate": 1.0}
        out.add("what", Option(span.text, span.start_char, span.end_char, None, option))


def _what_features(
    reading: Reading, span: Span, token: Token, event: dict[str, float]
) -> dict[str, float]:
    size = len([t for t in span if not t.is_punct])
    return {
        **event,
        "verb": float(token.pos_ in ("VERB", "AUX")),
        "noun": float(token.pos_ in ("NOUN", "PROPN")),
        "adj": float(token.pos_ == "ADJ"),
        "length": min(1.0, size / 12),
        "short": float(size <= 2),
        **reading.position(span.start_char),
        "title_overlap": reading.title_overlap(span.text),
    }
