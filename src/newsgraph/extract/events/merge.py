"""Merging the mentions of one event within an article.

The lede's "met with Taliban negotiators in an unannounced visit to Qatar", the body's "met
with Taliban representatives in Doha, Qatar" and "Milley's meeting on Tuesday" are one
meeting: the same type and status, times that agree (equal, one inside the other, or one
unknown), places that agree (equal, one containing the other as the text says — Doha in
Qatar — or one unknown) and participants that agree (when both name entities on a side, they
share one; descriptions agree by their count: "Seven" and "At least seven people"). The
earlier "met with them in early June" has a different time: another meeting.
Mentions are taken in text order (title and lede first); each joins the first event it
agrees with; a bare mention (no time, place or other participant: "his meeting", a
headline's "Seven killed") agrees with any event of its type and status that it fits.
The merged event keeps every supporting span as evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from text_to_num import alpha2digit

from newsgraph.extract.events.args import AGENT, Role
from newsgraph.model import Ref, TimeExpr

COUNT = re.compile(r"\d[\d,]*")


@dataclass
class Frame:
    """One mention of an event (before merging), or a merged event."""

    kind: str
    lemma: str
    trigger: Ref
    token: int
    roles: list[Role]
    status: str
    paragraph: int
    evidence: list[Ref]
    confidence: float
    place: Ref | None = None
    place_in: Ref | None = None
    time: TimeExpr | None = None
    mentions: int = 1
    triggers: list[Ref] = field(default_factory=list)


def _time_agrees(a: TimeExpr | None, b: TimeExpr | None) -> bool:
    if a is None or b is None or not a.value or not b.value:
        return True
    return a.value.startswith(b.value) or b.value.startswith(a.value)


def _key(ref: Ref) -> str:
    return ref.entity or ref.text.lower()


def _place_agrees(a: Frame, b: Frame, containers: dict[str, Ref]) -> bool:
    if a.place is None or b.place is None:
        return True
    if _key(a.place) == _key(b.place):
        return True
    inside = {a.place.entity: b.place.entity, b.place.entity: a.place.entity}
    return any(
        inner is not None and (c := containers.get(inner)) is not None and c.entity == outer
        for inner, outer in inside.items()
    )


def _side(frame: Frame, agent: bool) -> set[str]:
    return {r.ref.entity for r in frame.roles if (r.role == AGENT) == agent and r.ref.entity}


def _participant_key(ref: Ref) -> str:
    """An entity, else a description's count ("Seven" = "At least seven people"), else its
    words."""
    return ref.entity or _description_key(ref.text)


@lru_cache(maxsize=4096)
def _description_key(text: str) -> str:
    count = COUNT.search(alpha2digit(text, "en", threshold=0))
    return f"#{count.group().replace(',', '')}" if count else text.lower()


def _keys(frame: Frame, agent: bool) -> set[str]:
    return {_participant_key(r.ref) for r in frame.roles if (r.role == AGENT) == agent}


def _people_agree(a: Frame, b: Frame) -> bool:
    """Agents agree unless both name entities and share none; the others (partners,
    patients) agree unless both are named — by entity or by the same words — and share none;
    and two mentions that share a participant but each name someone the other lacks are two
    events ("Trump met Obama" and "the meeting between Bush and Obama" in 2008; "Pence, Trump
    and McConnell had a meeting"), as corpus events are told apart."""
    mine, theirs = _side(a, True) | _side(a, False), _side(b, True) | _side(b, False)
    if mine & theirs and mine - theirs and theirs - mine:
        return False
    left, right = _side(a, True), _side(b, True)
    if left and right and not left & right:
        return False
    left, right = _keys(a, False), _keys(b, False)
    return not (left and right and not left & right)


def agrees(a: Frame, b: Frame, containers: dict[str, Ref]) -> bool:
    """Whether two mentions can be one event."""
    if a.kind != b.kind or a.status != b.status or a.kind == "statement":
        return False
    if a.kind == "other" and (a.lemma != b.lemma or not _side(a, True) & _side(b, True)):
        return False
    if not (_time_agrees(a.time, b.time) and _place_agrees(a, b, containers)):
        return False
    if not _people_agree(a, b):
        return False
    if any(f.time is None and f.place is None and not _keys(f, False) for f in (a, b)):
        return True  # a bare mention ("his meeting", a headline's "Seven killed") fits
    same_time = a.time is not None and b.time is not None and a.time.value == b.time.value
    same_place = a.place is not None and b.place is not None
    return same_time or same_place or bool(_keys(a, False) & _keys(b, False))


def _more_specific_place(a: Frame, b: Frame, containers: dict[str, Ref]) -> Ref | None:
    if a.place is None:
        return b.place
    if b.place is None or a.place.entity is None or b.place.entity is None:
        return a.place
    inside_a = containers.get(b.place.entity)
    return b.place if inside_a is not None and inside_a.entity == a.place.entity else a.place


def absorb(into: Frame, other: Frame, containers: dict[str, Ref]) -> None:
    if into.time is None or (
        other.time is not None
        and other.time.value
        and len(other.time.value) > len(into.time.value or "")
    ):
        into.time = other.time or into.time
    place = _more_specific_place(into, other, containers)
    if place is not into.place:
        into.place, into.place_in = other.place, other.place_in
    if into.place_in is None and into.place is not None and into.place.entity:
        into.place_in = containers.get(into.place.entity)
    seen = {(_participant_key(r.ref), r.role): i for i, r in enumerate(into.roles)}
    for role in other.roles:
        key = (_participant_key(role.ref), role.role)
        if key not in seen:
            seen[key] = len(into.roles)
            into.roles.append(role)
        elif role.ref.entity is None and len(role.ref.text) > len(into.roles[seen[key]].ref.text):
            into.roles[seen[key]] = role  # the fuller description: "At least seven people"
    spans = {(e.start, e.end) for e in into.evidence}
    into.evidence += [e for e in other.evidence if (e.start, e.end) not in spans]
    into.triggers.append(other.trigger)
    into.mentions += other.mentions
    into.paragraph = min(into.paragraph, other.paragraph)
    into.confidence = max(into.confidence, other.confidence)


def merge(frames: list[Frame], containers: dict[str, Ref]) -> list[Frame]:
    """One Frame per event: each mention joins the first event it agrees with."""
    events: list[Frame] = []
    for frame in sorted(frames, key=lambda f: f.trigger.start):
        for event in events:
            if agrees(event, frame, containers):
                absorb(event, frame, containers)
                break
        else:
            frame.triggers = [frame.trigger]
            events.append(frame)
    for event in events:
        event.confidence = min(0.95, event.confidence + 0.05 * (event.mentions - 1))
    return events
