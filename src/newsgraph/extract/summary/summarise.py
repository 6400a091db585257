"""The 5W1H summary: who did what, when, where, why and how — ranked candidates derived from
the article's events, not from a separate pass over the text.

Events are ranked by salience: where they are first told (title, then the lede's sentences,
decaying with the sentence), how often the article returns to them (merged evidence), the
clause that tells them (a main verb over a subordinate, relative or quoted clause), their
type (a lexicon event over a bare main-clause `other`, statements last) and status (what
happened over what is planned, uncertain, denied or hypothetical). Then, best event first:
- who: its agents (the subject; the patient of a passive without agent; for deaths and
  injuries the victims too), as named in the text, people and organisations before places,
  buildings ("the White House") and events; the actors of the headline's main clause lifted;
- what: the trigger with its objects and complements ("meets with Obama", "attacks German
  consulate"), or the event noun's phrase ("the truck bombing"); the headline's main clause
  lifted;
- when: its time expression and the lede's, with the resolved value, a day told early and
  near the publication date first; the publication date (empty span, low confidence) last;
- where: its place with the containing place written beside it ("Croydon, south London"),
  then the places the lede names (not one that qualifies a person: "US President"); a place
  the text names as containing another ranks below, the place named inside it comes first;
- why / how: the cause, purpose, means or manner cues of its clause (`cues`),
  ranked by the cue's strength and by where and on which event it is told; below FLOOR
  no answer is given, since a weak cue is more often wrong than right.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from newsgraph.extract.base import Draft
from newsgraph.extract.events.args import DIRECTIONS, Mentions, main_clause, quoted
from newsgraph.extract.summary.cues import how, trim, why
from newsgraph.model import Candidate, Event, Mention, Ref, Summary
from newsgraph.nlp import lemma_of
from newsgraph.text.titles import ROLE_NOUNS, TITLES, title_key

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
BUILDINGS = frozenset(
    "house consulate embassy palace building hospital station hotel airport stadium".split()
)
STATUS_WEIGHT = {
    "happened": 1.0,
    "planned": 0.85,
    "uncertain": 0.6,
    "denied": 0.6,
    "hypothetical": 0.5,
}
# Clause roles below the main clause: reported or adverbial clauses, then relative clauses
# that describe a noun ("the crash that killed seven").
SUBORDINATE = {
    "advcl": 0.85,
    "xcomp": 0.85,
    "ccomp": 0.85,
    "pcomp": 0.8,
    "relcl": 0.7,
    "acl": 0.75,
}
WHAT_DEPS = frozenset(
    {"dobj", "attr", "acomp", "oprd", "dative", "prt", "xcomp", "ccomp", "neg", "npadvmod", "obj"}
)
WHAT_PREPS = frozenset({"with", "against", "on", "over", "into", "to", "for", "from", "of"})
MAX_WHAT = 14
NOT_WHAT = frozenset({"PERSON", "GPE", "LOC", "FAC"})  # names before an event noun
# Why and how are often not told at all: a weak cue (a purpose infinitive far down, an
# "after" phrase) is more often wrong than right, so below this no answer is given.
FLOOR = {"why": 0.46, "how": 0.5}
TOP = 5
NAMES = frozenset({"name", "acronym"})  # mention kinds that name a place ("UK")
# The headline's main clause (a verb or the topic noun, not a subordinate clause) states the
# news: its action and the actors it names are lifted by this much.
HEADLINE = 1.2
HEADLINE_FORM = 1.0


class _Order:
    """Where in the article an offset is, by sentence (bodies often come as one paragraph)."""

    def __init__(self, doc: Doc) -> None:
        self.starts = [sent.start_char for sent in doc.sents]

    def sentence(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def early(self, offset: int) -> float:
        """How much a phrase's position says (inverted pyramid): title and lede first."""
        n = self.sentence(offset)
        return 1.0 if n <= 3 else max(0.3, 0.9 - 0.03 * (n - 4))


def _form(trigger: Token) -> float:
    """How prominent a trigger's clause is: the sentence's main verb (or a verb joined to it)
    carries the news; a subordinate, relative or quoted clause, or an event noun, tells less."""
    head, dep = trigger, trigger.dep_
    while dep == "conj" and head.head.i != head.i:
        head = head.head
        dep = head.dep_
    if head.head.dep_ == "ROOT" and head.i == main_clause(head.head).i:
        dep = "ROOT"  # headline grammar: "Seven killed as …", "X amazes Y: 'We witnessed …'"
    if trigger.pos_ == "NOUN":
        form = 1.0 if dep == "ROOT" else 0.75  # a headline's topic ("Croydon tram crash: …")
    elif dep == "ROOT":
        form = 1.15
    else:
        form = SUBORDINATE.get(dep, 1.0)
    return form * (0.6 if quoted(trigger) else 1.0)


def salience(event: Event, draft: Draft, order: _Order) -> float:
    """How central an event is to the article, before the form of the clause that tells it
    (`_form`): where it is first told, how often, its type, status and confidence."""
    offsets = [e.start for e in event.evidence] or [event.trigger.start]
    if any(draft.paragraph_of(o) == 0 for o in offsets):
        position = 1.25  # the title
    else:
        n = min(order.sentence(o) for o in offsets)
        position = 0.9 if n <= 3 else max(0.2, 0.8 - 0.03 * (n - 4))
    frequency = min(0.3, 0.1 * (len(event.evidence) - 1))
    kind = TYPE_WEIGHT.get(event.type, 1.0)
    status = STATUS_WEIGHT.get(event.status, 0.6)
    return (position + frequency) * kind * status * (0.5 + event.confidence / 2)


def _token(doc: Doc, ref: Ref) -> Token | None:
    """The trigger's head token."""
    span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
    if span is None:
        return None
    return next((t for t in span if t.pos_ in ("VERB", "NOUN")), span.root)


def _retold(doc: Doc, event: Event, token: Token | None) -> list[Token]:
    """The trigger, and in each other sentence the merged event keeps as evidence the word
    of the same lemma that tells it again."""
    if token is None:
        return []
    found = [token]
    lemma = lemma_of(token)
    for ref in event.evidence:
        span = doc.char_span(ref.start, ref.end, alignment_mode="expand")
        if span is None or span.start <= token.i < span.end:
            continue
        found += [t for t in span if t.pos_ in ("VERB", "NOUN") and lemma_of(t) == lemma][:1]
    return found


def _candidate(span: Span, confidence: float, value: str | None = None) -> Candidate:
    return Candidate(span.text, span.start_char, span.end_char, round(confidence, 3), value)


def _what(token: Token, draft: Draft) -> Span:
    doc = token.doc
    if token.pos_ == "ADJ":  # "are dead", "left seven dead", "Five dead"
        return trim(doc, min(token.head.i, token.i), max(token.head.i, token.i))
    if token.pos_ == "NOUN":
        # its modifiers, but not the people or places before it ("Donald Trump lands",
        # "Croydon tram crash"): who and where answer those
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
            last = max(last, child.right_edge.i)
        elif child.is_quote:
            continue  # "describes 'carnage'": a quote mark opens the object, no new clause
        elif child.dep_ in ("punct", "cc", "advcl", "conj", "mark"):
            break
    last = min(last, first + MAX_WHAT)
    return trim(doc, first, last)


def _who(ref: Ref, draft: Draft) -> tuple[Ref, float]:
    """A participant as the main actor: an entity by its fullest name mention, weighted by
    how much the article speaks of it; a description by whether it names people."""
    entity = draft.entity(ref.entity)
    if entity is None:
        head = ref.text.split()[-1].lower() if ref.text.split() else ""
        return ref, 0.8 if head in HUMAN else 0.15  # a thing ("a tram") is rarely who
    # Coders answer who with people and organisations; a place or a building is rarely it.
    kind = {"PERSON": 1.0, "ORG": 0.9, "NORP": 0.8, "GPE": 0.45}.get(entity.type, 0.3)
    if entity.name.lower().split()[-1:] and entity.name.lower().split()[-1] in BUILDINGS:
        kind = 0.3  # "the White House", "the German consulate": where, not who
    same = ref.text.lower().split()[-1:] == entity.name.lower().split()[-1:]
    if ref.entity is not None and not same:
        kind *= 0.9  # a description linked to the entity ("Taliban negotiators")
    named = [m for m in entity.mentions if m.kind == "name"]
    full = [m for m in named if m.text == entity.name] or sorted(named, key=lambda m: -len(m.text))
    fuller = ref.text == "" or len(full[0].text) >= len(ref.text) if full else False
    if full and (fuller or same or ref.text.islower()):
        m = full[0]
        ref = Ref(m.text, m.start, m.end, ref.entity, ref.name)
    return ref, kind * (0.6 + 0.4 * min(1.0, len(entity.mentions) / 5))


class _Ranked:
    """Candidates per W, best first, each answer once (its best-placed span)."""

    def __init__(self) -> None:
        self.items: dict[str, dict[tuple[int, int], Candidate]] = {}

    def add(self, w: str, candidate: Candidate) -> None:
        bucket = self.items.setdefault(w, {})
        key = (candidate.start, candidate.end)
        if key not in bucket or bucket[key].confidence < candidate.confidence:
            bucket[key] = candidate

    def get(self, w: str) -> tuple[Candidate, ...]:
        found = sorted(self.items.get(w, {}).values(), key=lambda c: (-c.confidence, c.start))
        seen: set[tuple[str, str | None]] = set()
        out = []
        for c in found:
            key = (c.text.casefold(), c.value)  # "Mazar-i-Sharif" told twice is one answer
            if key not in seen:
                seen.add(key)
                out.append(c)
        return tuple(out[:TOP])


def _when_weight(value: str | None, early: float, published: dt.date | None) -> float:
    """A day (or a time of day) told early and close to the publication date names the main
    event's time better than a year or a month, a date far down the article or far away."""
    size = len(value or "")
    precision = 1.0 if size >= 10 else 0.7 if size >= 7 else 0.45
    return precision * early**2 * _near(value, published)


def _near(value: str | None, published: dt.date | None) -> float:
    """News reports what has just happened: a date within a week of publication scores 1,
    within a month 0.7, further 0.4 (unknown distance 0.6, no date at all 0.3)."""
    if not value or published is None:
        return 0.6
    if not value[:1].isdigit():
        return 0.3  # "now", "recently": no date
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        if value[:7] == published.isoformat()[:7] or value[:8] == published.strftime("%G-W%V"):
            return 0.8
        return 0.6 if value[:4] == str(published.year) else 0.4
    gap = abs((day - published).days)
    return 1.0 if gap <= 7 else 0.7 if gap <= 31 else 0.4


BESIDE = DIRECTIONS | {"near", "outside"}


def _place_span(doc: Doc, draft: Draft, start: int, end: int) -> tuple[int, int]:
    """A place with the containing place written beside it, as coders mark it: "Croydon,
    south London", "Sao Paulo, Brazil"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return start, end
    i = span.end + 1
    if doc[i].lower_ in BESIDE and i + 1 < len(doc):
        i += 1
    if doc[i].ent_type_ not in ("GPE", "LOC") or doc[i].ent_iob_ != "B":
        return start, end
    found = draft.mention_at(doc[i].idx, doc[i].idx + len(doc[i]))
    if found is None or found[0].type not in ("GPE", "LOC"):
        return start, end
    while i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I":
        i += 1
    return start, doc[i].idx + len(doc[i].text)


def _places(
    doc: Doc, draft: Draft, order: _Order, outer: set[str | None]
) -> Iterable[tuple[int, int, float]]:
    """Places the title and lede name, whether or not an event holds them, by how early
    and how often they are named (a weaker source than an event's own place)."""
    for entity in draft.entities:
        if entity.type not in ("GPE", "LOC", "FAC"):
            continue
        named = [m for m in entity.mentions if m.kind in NAMES]
        early = [m for m in named if order.sentence(m.start) <= 3 and not _affiliation(doc, m)]
        if early:
            often = 0.6 + 0.4 * min(1.0, len(named) / 5)
            yield early[0].start, early[0].end, 0.45 * often * (0.7 if entity.id in outer else 1)


def _affiliation(doc: Doc, mention: Mention) -> bool:
    """A place name that qualifies a person or a role ("US President Barack Obama", "Afghan
    officials") tells whose, not where ("UK bars" still tells where)."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or span.root.dep_ not in ("compound", "amod", "nmod", "poss"):
        return False
    head = span.root.head
    return head.ent_type_ == "PERSON" or title_key(head.text) in TITLES or head.lower_ in ROLE_NOUNS


def _inside(doc: Doc, draft: Draft, order: _Order) -> dict[str | None, list[Mention]]:
    """Place entity id → the first early mention (title or lede) of each place the text
    names inside it ("Mazar-i-Sharif in northern Afghanistan")."""
    by_id = {e.id: e for e in draft.entities}
    found: dict[str | None, list[Mention]] = {}
    for inner, outer in Mentions(draft).containers(doc).items():
        named = [m for m in by_id[inner].mentions if m.kind in NAMES]
        early = [m for m in named if order.sentence(m.start) <= 3]
        found.setdefault(outer.entity, []).extend(early[:1])
    return found


def _place_weight(place: Ref, outer: set[str | None]) -> float:
    """A place the text names as containing another place ("Croydon, south London",
    "Mazar-i-Sharif in northern Afghanistan") ranks below the place it contains."""
    return 0.7 if place.entity in outer else 1.0


def _add_place(
    out: _Ranked, doc: Doc, draft: Draft, start: int, end: int, confidence: float
) -> None:
    start, end = _place_span(doc, draft, start, end)
    out.add("where", Candidate(draft.text[start:end], start, end, round(confidence, 3)))


def _repeated(out: _Ranked, draft: Draft) -> None:
    """A day the article names again and again is the main event's (frequency, as
    Giveme5W1H weighs it): each other mention of the same day lifts a time candidate."""
    days: dict[str, int] = {}
    for x in draft.times:
        if x.value and x.value[:1].isdigit() and len(x.value) >= 10:
            days[x.value[:10]] = days.get(x.value[:10], 0) + 1
    bucket = out.items.get("when", {})
    for key, c in bucket.items():
        if c.text and c.value and len(c.value) >= 10:
            lift = 1 + 0.1 * min(3, days.get(c.value[:10], 1) - 1)
            confidence = round(min(1.0, c.confidence * lift), 3)
            bucket[key] = Candidate(c.text, c.start, c.end, confidence, c.value)


def summarise(doc: Doc, draft: Draft) -> Summary:
    """Ranked who/what/when/where/why/how candidates for one article."""
    if not draft.events:
        return Summary()
    order = _Order(doc)
    happenings = {e.trigger.text.lower() for e in draft.events if " " not in e.trigger.text}
    triggers = {e.id: _token(doc, e.trigger) for e in draft.events}
    forms = {i: 1.0 if t is None else _form(t) for i, t in triggers.items()}
    # A cue's weight is its event's without the clause form: a cause told in a subordinate
    # clause is no weaker a cause.
    plain = {e.id: salience(e, draft, order) for e in draft.events}
    best_plain = max(plain.values()) or 1.0
    scored = sorted(((plain[e.id] * forms[e.id], e) for e in draft.events), key=lambda x: -x[0])
    best = scored[0][0] or 1.0
    inside = _inside(doc, draft, order)
    outer = set(inside) | {e.place_in.entity for e in draft.events if e.place_in is not None}
    out = _Ranked()
    for rank, (score, event) in enumerate(scored):
        weight = score / best
        if event.time is not None and event.time.source == "text":
            t = event.time
            confidence = weight**0.5 * _when_weight(t.value, order.early(t.start), draft.published)
            confidence *= 0.7 if event.type == "other" else 1.0
            out.add("when", Candidate(t.text, t.start, t.end, round(confidence, 3), t.value))
        token = triggers[event.id]
        # a strong cue counts on any event (the floor drops the rest), in any sentence that
        # tells it ("At least 7 killed …" / "… were killed Wednesday when a tram jumped …")
        told = plain[event.id] / best_plain
        for told_by in _retold(doc, event, token):
            for w, cues in (("why", why(told_by)), ("how", how(told_by))):
                for span, strength in cues:
                    # the cue's own strength counts as much as where and on what it is told
                    confidence = strength * (0.4 + 0.6 * told * order.early(span.start_char))
                    if confidence >= FLOOR[w]:
                        out.add(w, _candidate(span, confidence))
        if rank >= 8:
            continue
        # the headline's main clause states the news: its action and its actor come first
        headline = (
            token is not None
            and draft.paragraph_of(token.idx) == 0
            and forms[event.id] >= HEADLINE_FORM
        )
        lift = HEADLINE if headline else 1.0
        roles = list(zip(event.participants, event.roles, strict=False))
        agents = [p for p, r in roles if r == "agent"]
        patients = [p for p, r in roles if r == "patient"]
        if event.type == "death_injury":  # the dead and injured are whom the news is about
            agents += patients
        actors = agents or patients
        any_named = any(r.entity is not None for r in actors)
        for ref in actors:
            named, fit = _who(ref, draft)
            if any_named and ref.entity is None:
                fit *= 0.75  # beside a named actor, a bare description ("A FATHER") tells less
            if ref.text.lower().split()[-1:] and ref.text.lower().split()[-1] in happenings:
                fit *= 0.3  # "the tram crash killed seven": an event, not an actor
            early = 1.0 if 0 <= draft.paragraph_of(ref.start) <= 1 else 0.75
            confidence = weight * (0.3 + 0.7 * fit) * early * (1.0 if agents else 0.8)
            if draft.paragraph_of(ref.start) == 0:
                confidence = min(1.0, confidence * lift)
            out.add("who", Candidate(named.text, named.start, named.end, round(confidence, 3)))
        if event.place is not None:
            p = event.place
            confidence = weight * _place_weight(p, outer)
            _add_place(out, doc, draft, p.start, p.end, confidence)
            for m in inside.get(p.entity, ()):  # "in Afghanistan" → "Mazar-i-Sharif", as told
                _add_place(out, doc, draft, m.start, m.end, weight * 0.9)
        what = _what(token, draft) if token is not None else None
        if what is not None and any(c.isalpha() for c in what.text):  # not a bare ":" cue
            out.add("what", _candidate(what, min(1.0, weight * lift)))
    for start, end, confidence in _places(doc, draft, order, outer):
        _add_place(out, doc, draft, start, end, confidence)
    for x in draft.times:
        if x.type in ("DATE", "TIME") and order.sentence(x.start) <= 3:  # the lede's time
            value, vague = x.value, x.value == "PRESENT_REF"
            if vague and draft.published:
                value = draft.published.isoformat()  # "now": the day of publication, vaguely
            if not value or not value[:4].isdigit():
                continue  # "recently", "in the future": no date to answer with
            confidence = 0.5 * _when_weight(value, 1.0, draft.published) * (0.45 if vague else 1)
            out.add("when", Candidate(x.text, x.start, x.end, round(confidence, 3), value))
    if draft.published:
        out.add("when", Candidate("", 0, 0, 0.12, draft.published.isoformat()))
    _repeated(out, draft)
    return Summary(*(out.get(w) for w in ("who", "what", "when", "where", "why", "how")))
