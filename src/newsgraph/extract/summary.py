"""The 5W1H summary: who did what, when, where, why and how — ranked candidates derived from
the article's events, not from a separate pass over the text.

Events are ranked by salience: where they are first told (title, then lede, then the body,
decaying with the paragraph), how often the article returns to them (merged evidence), their
type (a lexicon event over a bare main-clause `other`, statements last) and status (what
happened over what is planned, uncertain, denied or hypothetical). Then, best event first:
- who: its agents (the subject; the patient of a passive without agent), as named in the text;
- what: the trigger with its objects and complements ("meets with Obama", "attacks German
  consulate"), or the event noun's phrase ("the truck bombing");
- when: its time expression, with the resolved value; the publication date (empty span,
  low confidence) when no event has one;
- where: its place;
- why: a cause or purpose attached to its clause: because/since/as-clauses, "due to",
  "because of", "after", "following", "amid", "over", "in an effort to", "in order to",
  a purpose infinitive ("lands in Washington to meet Obama");
- how: manner or means: "by …ing", "with"/"using"/"via"/"through" a means, "despite …",
  a manner adverb ("quietly", "unexpectedly").
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.base import Draft
from newsgraph.model import Candidate, Event, Ref, Summary

TYPE_WEIGHT = {"other": 0.9, "statement": 0.4}
HUMAN = frozenset(
    {
        "people",
        "person",
        "man",
        "woman",
        "men",
        "women",
        "driver",
        "passenger",
        "passengers",
        "victim",
        "victims",
        "police",
        "officer",
        "officers",
        "official",
        "officials",
        "fan",
        "fans",
        "customer",
        "customers",
        "child",
        "children",
        "boy",
        "girl",
        "father",
        "mother",
        "student",
        "students",
        "worker",
        "workers",
        "soldier",
        "soldiers",
        "militant",
        "militants",
        "bomber",
        "gunman",
        "leader",
        "leaders",
        "spokesman",
        "spokeswoman",
        "president",
        "minister",
        "company",
        "government",
        "resident",
        "residents",
        "witness",
        "witnesses",
        "shoppers",
    }
)
NOT_MANNER = frozenset(
    {
        "recently",
        "previously",
        "reportedly",
        "apparently",
        "allegedly",
        "currently",
        "initially",
        "eventually",
        "finally",
        "only",
        "early",
        "likely",
        "immediately",
        "already",
        "really",
        "actually",
        "simply",
        "originally",
        "formerly",
        "lately",
        "shortly",
        "nearly",
        "mostly",
        "largely",
        "certainly",
        "probably",
        "possibly",
        "clearly",
        "widely",
    }
)
STATUS_WEIGHT = {
    "happened": 1.0,
    "planned": 0.85,
    "uncertain": 0.6,
    "denied": 0.6,
    "hypothetical": 0.5,
}
WHAT_DEPS = frozenset(
    {"dobj", "attr", "acomp", "oprd", "dative", "prt", "xcomp", "ccomp", "neg", "npadvmod", "obj"}
)
WHAT_PREPS = frozenset({"with", "against", "on", "over", "into", "to", "for", "from", "of"})
CAUSE_MARKS = {"because": 1.0, "since": 0.7, "as": 0.3, "so": 0.6}
CAUSE_PREPS = {
    "because": 1.0,
    "due": 1.0,
    "after": 0.8,
    "following": 0.8,
    "amid": 0.8,
    "over": 0.6,
    "thanks": 0.8,
}
MEANS_PREPS = {"by": 1.0, "with": 0.6, "using": 0.9, "via": 0.9, "through": 0.7, "despite": 0.6}
MAX_WHAT = 14
TOP = 5


def salience(event: Event, draft: Draft, trigger: Token | None = None) -> float:
    """How central an event is to the article; a main-clause verb counts more than a noun."""
    paragraphs = [draft.paragraph_of(e.start) for e in event.evidence] or [
        draft.paragraph_of(event.trigger.start)
    ]
    first = min(p for p in paragraphs if p >= 0) if any(p >= 0 for p in paragraphs) else 9
    position = {0: 1.25, 1: 0.9}.get(first, max(0.2, 0.8 - 0.08 * (first - 2)))
    frequency = min(0.3, 0.1 * (len(event.evidence) - 1))
    kind = TYPE_WEIGHT.get(event.type, 1.0)
    status = STATUS_WEIGHT.get(event.status, 0.6)
    form = 1.0
    if trigger is not None:
        form = 1.15 if trigger.dep_ == "ROOT" else 0.75 if trigger.pos_ == "NOUN" else 1.0
    return (position + frequency) * kind * status * form * (0.5 + event.confidence / 2)


def _token(doc: Doc, draft: Draft, ref: Ref) -> Token | None:
    """The trigger's head token, in the parse the events were read from."""
    for sent in doc.sents:
        if sent.start_char <= ref.start < sent.end_char:
            span = sent.doc.char_span(ref.start, ref.end, alignment_mode="expand")
            if span is None:
                return None
            return next((t for t in span if t.pos_ in ("VERB", "NOUN")), span.root)
    return None


def _candidate(span: Span, confidence: float, value: str | None = None) -> Candidate:
    return Candidate(span.text, span.start_char, span.end_char, round(confidence, 3), value)


def _trim(doc: Doc, first: int, last: int) -> Span:
    while last > first and (doc[last].is_punct or doc[last].is_space or doc[last].dep_ == "cc"):
        last -= 1
    while first < last and (doc[first].is_punct or doc[first].is_space):
        first += 1
    return doc[first : last + 1]


def _what(token: Token) -> Span:
    doc = token.doc
    if token.pos_ == "NOUN":
        first = (
            min(t.i for t in token.lefts if t.dep_ in ("compound", "amod", "nmod"))
            if any(t.dep_ in ("compound", "amod", "nmod") for t in token.lefts)
            else token.i
        )
        return _trim(doc, first, token.i)
    first = token.i
    for child in reversed(list(token.lefts)):
        if child.dep_ in ("aux", "auxpass", "neg") and child.i == first - 1:
            first = child.i
    last = token.i
    for child in token.rights:
        if child.dep_ in WHAT_DEPS or (child.dep_ == "prep" and child.lower_ in WHAT_PREPS):
            last = max(last, child.right_edge.i)
        elif child.dep_ in ("punct", "cc", "advcl", "conj", "mark"):
            break
    last = min(last, first + MAX_WHAT)
    return _trim(doc, first, last)


def _clause(child: Token) -> Span:
    return _trim(child.doc, child.left_edge.i, child.right_edge.i)


def _why(token: Token) -> Iterable[tuple[Span, float]]:
    for verb in (token, token.head) if token.dep_ in ("xcomp", "pcomp") else (token,):
        for child in verb.children:
            word = child.lower_
            if child.dep_ == "advcl":
                marks = [c.lower_ for c in child.children if c.dep_ == "mark"]
                if marks and marks[0] in CAUSE_MARKS:
                    yield _clause(child), CAUSE_MARKS[marks[0]]
                elif not marks and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in child.children
                ):
                    yield _clause(child), 0.5  # purpose: "lands in Washington to meet Obama"
            elif child.dep_ == "prep" and word in CAUSE_PREPS:
                yield _clause(child), CAUSE_PREPS[word]
            elif (
                child.dep_ == "prep"
                and word == "in"
                and any(
                    g.lower_
                    in (
                        "effort",
                        "bid",
                        "attempt",
                        "order",
                        "response",
                        "retaliation",
                        "reprisal",
                        "revenge",
                        "protest",
                    )
                    for g in child.subtree
                )
            ):
                yield _clause(child), 0.9


def _how(token: Token) -> Iterable[tuple[Span, float]]:
    meet = token.lemma_.lower() in ("meet", "talk", "speak")
    for child in token.children:
        word = child.lower_
        if child.dep_ == "prep" and word in MEANS_PREPS and not (word == "with" and meet):
            if word == "by" and not any(g.tag_ == "VBG" for g in child.children):
                continue
            if word == "with" and any(g.ent_type_ in ("PERSON", "ORG") for g in child.children):
                continue
            yield _clause(child), MEANS_PREPS[word]
        elif child.dep_ == "advmod" and word.endswith("ly") and word not in NOT_MANNER:
            yield child.doc[child.i : child.i + 1], 0.5
        elif (
            child.dep_ == "advcl"
            and child.tag_ == "VBG"
            and not any(c.dep_ == "mark" for c in child.children)
        ):
            yield _clause(child), 0.4


def _who(ref: Ref, draft: Draft) -> tuple[Ref, float]:
    """A participant as the main actor: an entity by its fullest name mention, weighted by
    how much the article speaks of it; a description by whether it names people."""
    entity = draft.entity(ref.entity)
    if entity is None:
        head = ref.text.split()[-1].lower() if ref.text.split() else ""
        return ref, 0.8 if head in HUMAN else 0.35
    kind = {"PERSON": 1.0, "ORG": 0.95, "NORP": 0.8, "GPE": 0.6}.get(entity.type, 0.4)
    if ref.entity is not None and ref.text.lower().split()[-1:] != entity.name.lower().split()[-1:]:
        kind *= 0.9  # a description linked to the entity ("Taliban negotiators")
    named = [m for m in entity.mentions if m.kind == "name"]
    full = [m for m in named if m.text == entity.name] or sorted(named, key=lambda m: -len(m.text))
    if full and (ref.text == "" or len(full[0].text) >= len(ref.text) or ref.text.islower()):
        m = full[0]
        ref = Ref(m.text, m.start, m.end, ref.entity, ref.name)
    return ref, kind * (0.6 + 0.4 * min(1.0, len(entity.mentions) / 5))


class _Ranked:
    """Candidates per W, each span once, best first."""

    def __init__(self) -> None:
        self.items: dict[str, dict[tuple[int, int], Candidate]] = {}

    def add(self, w: str, candidate: Candidate) -> None:
        bucket = self.items.setdefault(w, {})
        key = (candidate.start, candidate.end)
        if key not in bucket or bucket[key].confidence < candidate.confidence:
            bucket[key] = candidate

    def get(self, w: str) -> tuple[Candidate, ...]:
        found = self.items.get(w, {}).values()
        return tuple(sorted(found, key=lambda c: (-c.confidence, c.start))[:TOP])


def _when_weight(value: str | None, paragraph: int) -> float:
    """A day (or a time of day) told early names the main event's time better than a year
    or a month, or a date far down the article."""
    size = len(value or "")
    precision = 1.0 if size >= 10 else 0.7 if size >= 7 else 0.45
    return precision * (1.0 if 0 <= paragraph <= 2 else 0.75)


def _place_weight(place: Ref, events: list[Event]) -> float:
    """A place the text names as containing another event place ranks below it."""
    outer = {e.place_in.entity for e in events if e.place_in is not None}
    return 0.7 if place.entity in outer else 1.0


def summarise(doc: Doc, draft: Draft) -> Summary:
    """Ranked who/what/when/where/why/how candidates for one article."""
    if not draft.events:
        return Summary()
    triggers = {e.id: _token(doc, draft, e.trigger) for e in draft.events}
    scored = sorted(
        ((salience(e, draft, triggers[e.id]), e) for e in draft.events), key=lambda x: -x[0]
    )
    best = scored[0][0] or 1.0
    out = _Ranked()
    for rank, (score, event) in enumerate(scored):
        weight = score / best
        if event.time is not None and event.time.source == "text":
            t = event.time
            confidence = weight * _when_weight(t.value, draft.paragraph_of(t.start))
            confidence *= 0.7 if event.type == "other" else 1.0
            out.add("when", Candidate(t.text, t.start, t.end, round(confidence, 3), t.value))
        if rank >= 8:
            continue
        roles = list(zip(event.participants, event.roles, strict=False))
        agents = [p for p, r in roles if r == "agent"]
        for ref in agents or [p for p, r in roles if r == "patient"]:
            named, fit = _who(ref, draft)
            early = 1.0 if 0 <= draft.paragraph_of(ref.start) <= 1 else 0.75
            confidence = weight * (0.5 + 0.5 * fit) * early * (1.0 if agents else 0.8)
            out.add("who", Candidate(named.text, named.start, named.end, round(confidence, 3)))
        if event.place is not None:
            p = event.place
            confidence = weight * _place_weight(p, draft.events)
            out.add("where", Candidate(p.text, p.start, p.end, round(confidence, 3)))
        token = triggers[event.id]
        if token is None:
            continue
        out.add("what", _candidate(_what(token), weight))
        for span, strength in _why(token):
            out.add("why", _candidate(span, weight * strength))
        for span, strength in _how(token):
            out.add("how", _candidate(span, weight * strength))
    if not out.get("when") and draft.published:
        out.add("when", Candidate("", 0, 0, 0.2, draft.published.isoformat()))
    return Summary(*(out.get(w) for w in ("who", "what", "when", "where", "why", "how")))
