"""Events: who did what to or with whom, where, when, and whether it happened.

Per sentence, every trigger of the lexicon (`lexicon`: meet, travel, call, statement,
agreement, order, attack, arrest, death_injury, election, withdrawal, accident) and the main
verb of a sentence whose main verb is no trigger (`other`) makes one mention; its parts come
from the dependency tree (`args`, `places`), its status from negation, modals and the clause
it serves (`status`). Quotes become statements by their speaker (the quote is evidence).
Mentions of one event are merged (`merge`). The time is a time expression of the
trigger's clause, or the publication date marked `source="published"` when the clause has
none; `place_in` is the containing place the text names beside the place.

A headline the parser ran into the lede (no full stop between them) is parsed again on its
own, with the lede as a separate sentence: the same words, so the same offsets.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from spacy.attrs import POS
from spacy.tokens import Doc, Span, Token

from newsgraph.extract.base import Draft
from newsgraph.extract.events.args import (
    AGENT,
    Mentions,
    Role,
    argument_heads,
    dated,
    main_clause,
    owner_of,
    participant,
)
from newsgraph.extract.events.lexicon import (
    LIGHT,
    REPORTING,
    TRIGGER_POS,
    trigger_tokens,
    trigger_type,
)
from newsgraph.extract.events.merge import Frame, absorb, merge
from newsgraph.extract.events.places import place_of, place_ref
from newsgraph.extract.events.status import HAPPENED, status_of
from newsgraph.model import Event, Ref, TimeExpr, TimeRef, content_id
from newsgraph.nlp import lemma_of

NAME = "events"
VERSION = "1"
log = logging.getLogger(__name__)
_ROLE_ORDER = {"agent": 0, "partner": 1, "patient": 2}
_NAMED = frozenset({"ORG", "FAC", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"})


def _is_candidate(token: Token, kind: str) -> bool:
    if token.pos_ == "NOUN" and (token.dep_ == "compound" or token.ent_type_ in _NAMED):
        return False
    if kind == "statement":
        return any(c.dep_ in ("ccomp", "dobj") for c in token.children) or token.dep_ == "ROOT"
    return True


def _main_verb(sent: Span) -> Token | None:
    root = main_clause(sent.root)
    if root.pos_ != "VERB" or lemma_of(root).lower() in LIGHT | REPORTING:
        return None
    participle = root.dep_ == "acl" and root.tag_ == "VBN"  # "Seven killed": its noun underwent
    if not participle and not any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children):
        return None
    return root


def _other_tokens(root: Token) -> list[Token]:
    return [root, *[c for c in root.children if c.dep_ in ("prt", "neg") and c.i > root.i]]


def _ref(tokens: list[Token]) -> Ref:
    doc = tokens[0].doc
    span = doc[tokens[0].i : tokens[-1].i + 1]
    return Ref(span.text, span.start_char, span.end_char)


def _evidence(sent: Span, draft: Draft, at: int) -> Ref:
    """The sentence as evidence, cut to the paragraph of the trigger (at `at`)."""
    index = draft.paragraph_of(at)
    para = draft.paragraphs[index] if draft.paragraphs and index >= 0 else None
    start, end = sent.start_char, sent.end_char
    if para is not None:
        start, end = max(start, para.start), min(end, para.end)
    text = draft.text[start:end]
    stripped = text.strip()
    start += len(text) - len(text.lstrip())
    return Ref(stripped, start, start + len(stripped))


class _Reader:
    """One article's reading: mentions index, containers and time owners."""

    def __init__(self, doc: Doc, draft: Draft) -> None:
        self.doc = doc
        self.draft = draft
        self.mentions = Mentions(draft)
        self.containers = self.mentions.containers(doc)
        self.published = draft.published.isoformat() if draft.published else None
        self.text_id = content_id(draft.text)

    def _times(self, sent: Span, triggers: set[int]) -> dict[int, TimeExpr]:
        owned: dict[int, TimeExpr] = {}
        for t in dated(self.draft.times):
            if not sent.start_char <= t.start < sent.end_char:
                continue
            span = sent.doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is None:
                continue
            owner = owner_of(span.root, triggers)
            if owner is not None:
                owned.setdefault(owner, t)
        return owned

    def _time_for(self, token: Token, owned: dict[int, TimeExpr]) -> TimeExpr | None:
        """A verb's own time; a noun's own, else that of the verb it is a direct argument of
        ("held a meeting on Friday", "the meeting on Friday", not "the toll from the
        bombing rose on Friday")."""
        if token.i in owned or token.pos_ != "NOUN":
            return owned.get(token.i)
        head = token.head
        if token.dep_ == "pobj" and head.dep_ == "prep":
            head = head.head
        elif token.dep_ not in ("nsubj", "nsubjpass", "dobj", "attr"):
            return None
        return owned.get(head.i) if head.pos_ in ("VERB", "AUX") else None

    def _future(self, time: TimeExpr | None) -> bool:
        if time is None or not time.value or not self.published:
            return False
        value = time.value
        return value > self.published[: len(value)]

    def _roles(self, token: Token, kind: str) -> list[Role]:
        roles: list[Role] = []
        for head, role in argument_heads(token, kind):
            found = participant(head, role, self.mentions)
            if found is not None and all(found.ref.start != r.ref.start for r in roles):
                roles.append(found)
        return roles

    def frame(
        self, tokens: list[Token], kind: str, sent: Span, owned: dict[int, TimeExpr]
    ) -> Frame:
        anchor = next((t for t in tokens if t.pos_ in ("VERB", "NOUN")), tokens[0])
        time = self._time_for(anchor, owned)
        place_tok = place_of(anchor, kind, self.mentions)
        place = place_ref(place_tok, self.mentions) if place_tok is not None else None
        place_in = self.containers.get(place.entity) if place and place.entity else None
        roles = self._roles(anchor, kind)
        status = status_of(anchor, self._future(time))
        confidence = 0.5 if kind == "other" else 0.7
        if roles and any(r.ref.entity for r in roles):
            confidence += 0.1
        return Frame(
            kind=kind,
            lemma=lemma_of(anchor).lower(),
            trigger=_ref(tokens),
            token=anchor.i,
            roles=roles,
            status=status,
            paragraph=self.draft.paragraph_of(anchor.idx),
            evidence=[_evidence(sent, self.draft, anchor.idx)],
            confidence=confidence,
            place=place,
            place_in=place_in,
            time=time,
        )

    def frames(self) -> Iterator[Frame]:
        doc = self.doc
        pos = doc.to_array(POS).tolist()
        for sent in doc.sents:
            found: list[tuple[list[Token], str]] = []
            for i in range(sent.start, sent.end):
                if pos[i] not in TRIGGER_POS:
                    continue
                token = doc[i]
                kind = trigger_type(token)
                if kind and _is_candidate(token, kind):
                    found.append((trigger_tokens(token), kind))
            main = _main_verb(sent)
            if main is not None and all(t[0].i != main.i for t, _ in found):
                found.append((_other_tokens(main), "other"))
            triggers = {
                next((t.i for t in toks if t.pos_ in ("VERB", "NOUN")), toks[0].i)
                for toks, _ in found
            }
            owned = self._times(sent, triggers)
            made = {}
            for tokens, kind in found:
                frame = self.frame(tokens, kind, sent, owned)
                made[frame.token] = frame
            yield from self._copulas(sent, made)

    def _copulas(self, sent: Span, made: dict[int, Frame]) -> Iterator[Frame]:
        """ "Milley's meeting on Tuesday was his second meeting with …": one mention."""
        doc = sent.doc
        for index, frame in list(made.items()):
            token = doc[index] if index >= 0 else None
            if token is None or token.dep_ != "attr" or frame.kind == "other":
                continue
            subjects = [c.i for c in token.head.children if c.dep_ == "nsubj"]
            subject = made.get(subjects[0]) if subjects else None
            if subject is not None and subject.kind == frame.kind:
                frame.triggers = [frame.trigger]
                absorb(subject, frame, self.containers)
                del made[index]
        yield from made.values()

    def quote_frames(self, frames: list[Frame]) -> None:
        """Quotes as statements: evidence of the statement their cue triggers, or a new
        statement by their speaker."""
        by_start = {f.trigger.start: f for f in frames if f.kind == "statement"}
        other = {f.trigger.start for f in frames if f.kind != "statement"}
        for quote in self.draft.quotes:
            cue = quote.cue
            evidence = Ref(quote.text, quote.start, quote.end)
            if cue is not None and cue.start in by_start:
                by_start[cue.start].evidence.append(evidence)
                continue
            if cue is None or quote.speaker is None or cue.start in other:
                continue  # a cue the events read otherwise ("Taliban Strike …": an attack)
            speaker = quote.speaker
            who = Ref(speaker.text, speaker.start, speaker.end, speaker.entity, speaker.name)
            frame = Frame(
                kind="statement",
                lemma=cue.text.lower(),
                trigger=cue,
                token=-1,
                roles=[Role(who, AGENT, -1)],
                status=HAPPENED,
                paragraph=self.draft.paragraph_of(cue.start),
                evidence=[evidence],
                confidence=min(0.9, quote.confidence),
            )
            frames.append(frame)
            by_start[cue.start] = frame

    def event(self, frame: Frame) -> Event:
        roles = sorted(frame.roles, key=lambda r: _ROLE_ORDER.get(r.role, 3))
        time: TimeRef | None
        if frame.time is not None:
            t = frame.time
            time = TimeRef(t.value, t.text, t.start, t.end)
        elif self.published:
            time = TimeRef(self.published, "", 0, 0, source="published")
        else:
            time = None
        return Event(
            id=content_id(self.text_id, frame.kind, frame.trigger.start, frame.trigger.end),
            type=frame.kind,
            trigger=frame.trigger,
            participants=tuple(r.ref for r in roles),
            place=frame.place,
            time=time,
            status=frame.status,
            evidence=tuple(sorted(frame.evidence, key=lambda e: e.start)),
            extractor=f"{NAME}/{VERSION}",
            confidence=round(frame.confidence, 3),
            place_in=frame.place_in,
            roles=tuple(r.role for r in roles),
        )


class EventExtractor:
    """Events with participants, place, time and status, merged within the article."""

    name = NAME
    version = VERSION

    def __call__(self, doc: Doc, draft: Draft) -> Iterator[Event]:
        try:
            reader = _Reader(doc, draft)
            frames = list(reader.frames())
            reader.quote_frames(frames)
            events = merge(frames, reader.containers)
        except (ValueError, IndexError, KeyError) as err:  # messy text: skip, never raise
            log.warning("events skipped: %s", err)
            return
        for frame in events:
            yield reader.event(frame)
