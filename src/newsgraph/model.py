"""The facts newsgraph returns: plain frozen dataclasses with a JSON form (schema newsgraph/1).

Every fact carries `text`, `start`, `end`: half-open code-point offsets into `Article.text`
(the same numbers as spaCy's `start_char`/`end_char`), with `article.text[start:end] == text`.
Roles inside a fact (speaker, cue, place, …) are `Ref`s: a span plus what it resolves to.
No spaCy import here: the store and the server use this module without the model.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

SCHEMA = "newsgraph/1"


def content_id(*parts: object, length: int = 16) -> str:
    """A stable id from content, so re-runs and parallel workers agree without coordination."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def to_json(obj: Any) -> Any:
    """The JSON form of a fact: dataclass fields in order, `from_` written as `from`."""
    names = _json_names(obj.__class__)
    if names is not None:
        return {key: to_json(getattr(obj, name)) for name, key in names}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_json(v) for k, v in obj.items()}
    return obj


@functools.cache
def _json_names(cls: Any) -> tuple[tuple[str, str], ...] | None:
    """(field, JSON key) of a dataclass, once per class; None for any other type."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple((f.name, f.name.rstrip("_")) for f in dataclasses.fields(cls))


T = TypeVar("T")


def from_json(cls: type[T], data: dict[str, Any]) -> T:
    """The inverse of `to_json` for a fact class: nested facts, tuples, `from` as `from_`.
    Keys that are not fields (an article's "schema") are left out."""
    result: T = _decoder(cls)(data)  # type: ignore[arg-type]
    return result


@functools.cache
def _decoder(tp: Any) -> Callable[[Any], Any]:
    """A function reading the JSON form of type `tp`, built once per type."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple:
        item = _decoder(args[0])
        return lambda v: None if v is None else tuple(item(x) for x in v)
    if origin in (typing.Union, types.UnionType):
        return _decoder(next(a for a in args if a is not type(None)))
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = [
            (f.name, f.name.rstrip("_"), _decoder(hints[f.name])) for f in dataclasses.fields(tp)
        ]
        make = typing.cast(Callable[..., Any], tp)

        def read(v: Any) -> Any:
            if v is None:
                return None
            return make(**{name: decode(v[key]) for name, key, decode in fields if key in v})

        return read
    return lambda v: v


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open code-point offsets into `Article.text`."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Ref:
    """A role inside a fact: the words of the text and, where known, the entity they name."""

    text: str
    start: int
    end: int
    entity: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Residue:
    """A line (or part of one) removed from the article, with why."""

    line: str
    reason: str


@dataclass(frozen=True, slots=True)
class Mention:
    """One place an entity is named or referred to.

    kind: name | surname | acronym | pronoun | role (a role noun such as "the Chairman") |
    inner (a name inside another entity's name: "Japan" in "Sea of Japan").
    """

    text: str
    start: int
    end: int
    kind: str = "name"
    confidence: float = 1.0


def first_start(mentions: Iterable[tuple[int, str]]) -> int:
    """Where an entity is first mentioned: its first mention (start, kind) other than a name
    inside another name, if it has one (how entities are ordered in an article)."""
    listed = list(mentions)
    starts = [start for start, kind in listed if kind != "inner"]
    return min(starts or [start for start, _kind in listed], default=0)


@dataclass(frozen=True, slots=True)
class Entity:
    """One referent of the article with every mention, titles, roles and affiliations."""

    id: str
    name: str
    type: str
    mentions: tuple[Mention, ...]
    titles: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    gender: str | None = None
    extractor: str = ""
    confidence: float = 1.0

    def references(self) -> tuple[Mention, ...]:
        """The mentions that refer to it on their own: not a name inside another's name."""
        return tuple(m for m in self.mentions if m.kind != "inner")


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quote is by: an entity, or a description ("a spokesman") with entity None."""

    text: str
    start: int
    end: int
    entity: str | None = None
    name: str | None = None
    description: str | None = None
    organisation: str | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """Reported speech or belief. type: direct | mixed | indirect | belief.

    A quote with no speaker says why in `reason` (an agentless passive, no source in the
    sentence, a source that is no person or organisation).
    """

    text: str
    start: int
    end: int
    type: str
    speaker: Speaker | None
    cue: Ref | None = None
    addressee: Ref | None = None
    medium: Ref | None = None
    extractor: str = ""
    confidence: float = 0.5
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class TimeRef:
    """An event's time: the span of the text and its normalised value."""

    value: str | None
    text: str
    start: int
    end: int
    source: str = "text"  # text | published (the publication date used as a fallback)


EVENT_TYPES = (
    "meet",
    "travel",
    "call",
    "statement",
    "agreement",
    "order",
    "attack",
    "arrest",
    "death_injury",
    "election",
    "withdrawal",
    "accident",
    "other",
)


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened (or is planned, uncertain, denied, hypothetical).

    type: one of EVENT_TYPES.
    """

    id: str
    type: str
    trigger: Ref
    participants: tuple[Ref, ...] = ()
    place: Ref | None = None
    time: TimeRef | None = None
    status: str = "happened"
    evidence: tuple[Ref, ...] = ()
    extractor: str = ""
    confidence: float = 0.5
    # The place the text says contains `place` ("Doha, Qatar" → place Doha, place_in the
    # words "Qatar"), wherever in the article it says so; None when it does not.
    place_in: Ref | None = None
    # How each participant takes part, parallel to `participants`: agent | partner | patient.
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression normalised TIMEX3-style against the publication date.

    type: DATE | TIME | DURATION | SET. value: e.g. 2020-12-15, 2021-01, 2020-W51, P3M,
    PAST_REF; None with a `reason` when it cannot be resolved.
    granularity: day | week | month | quarter | season | year | decade | century | time |
    duration | ref. modifier: early | mid | late | approx | before | after | start | end | None.
    """

    text: str
    start: int
    end: int
    type: str
    value: str | None
    granularity: str | None = None
    modifier: str | None = None
    reason: str | None = None
    extractor: str = ""
    confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class Change:
    """A quantity's change from one value to another.

    direction: up | down | None. Both values None with a direction: the quantity is itself
    the size of the change ("increased by 5%", "fell 27%").
    """

    from_: float | None
    to: float | None
    direction: str | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with what it counts. kind: count | money | percent | measure | ordinal."""

    text: str
    start: int
    end: int
    value: float | None
    kind: str = "count"
    unit: str | None = None
    thing: str | None = None
    change: Change | None = None
    time: TimeRef | None = None
    approximate: bool = False
    extractor: str = ""
    confidence: float = 0.5
    low: float | None = None  # a range ("between 10 and 15", "10-15"): its ends; value None
    high: float | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """One ranked 5W1H answer: a span of the text, a confidence, a value where resolved."""

    text: str
    start: int
    end: int
    confidence: float
    value: str | None = None


@dataclass(frozen=True, slots=True)
class Summary:
    """Ranked candidates per W (best first)."""

    who: tuple[Candidate, ...] = ()
    what: tuple[Candidate, ...] = ()
    when: tuple[Candidate, ...] = ()
    where: tuple[Candidate, ...] = ()
    why: tuple[Candidate, ...] = ()
    how: tuple[Candidate, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """A stage of the reading not run on this article, and why (an article in a language
    the reading does not cover gets no facts rather than wrong ones)."""

    stage: str
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """One read article: clean text, metadata and every fact with spans into `text`."""

    id: str
    title: str
    lede: str
    text: str
    published: str | None = None
    publisher: str | None = None
    url: str | None = None
    authors: tuple[str, ...] = ()
    language: str = "en"  # ISO 639-1 (ISO 639-3 where a language has no 639-1 code)
    language_probability: float | None = None  # the language detector's probability
    paragraphs: tuple[Span, ...] = ()
    residue: tuple[Residue, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    summary: Summary = field(default_factory=Summary)
    model: str = ""
    skipped: tuple[Skipped, ...] = ()

    @property
    def body(self) -> str:
        """The paragraphs after title and lede."""
        return "\n\n".join(self.text[p.start : p.end] for p in self.paragraphs[2:])

    def to_dict(self) -> dict[str, Any]:
        """The JSON of OUTPUT.md (schema newsgraph/1)."""
        return {"schema": SCHEMA, **to_json(self)}


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that did not become an article: where it failed and why. `retryable` when
    the cause may pass (a network error, an HTTP 404 or 5xx, a missing file): an ingest
    reads such an input again."""

    input: str
    stage: str
    type: str
    message: str
    retryable: bool = False
