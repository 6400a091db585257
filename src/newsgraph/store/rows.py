"""Articles as table rows (backend-independent), and the name keys that merge entities.

Cross-article merging works on keys computed here once, at write time: `norm` (the name in
lower case without titles, initials, suffixes or accents), and for persons `first` and
`surname`. A query for "Mark Milley" then finds "Mark A. Milley", "Gen. Mark Milley" and a
bare "Milley" — the latter only when no other first name is known for that surname.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from newsgraph.model import Article
from newsgraph.text.titles import TITLES

_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md"}
_WORD = re.compile(r"[\w'’-]+")
_DOTTED = re.compile(r"\b(?:[^\W\d_]\.){2,}")


@dataclass(frozen=True, slots=True)
class NameKey:
    """The normalised name and, for a person named by two or more words, first and surname."""

    norm: str
    first: str | None
    surname: str | None


def _ascii_lower(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def name_key(name: str, person: bool = True) -> NameKey:
    """Keys of a name: titles ("Gen."), initials ("A."), suffixes ("Jr.") and "'s" dropped;
    dotted acronyms closed up ("U.S." is "us")."""
    name = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), name)
    words = [w.strip("'’-") for w in _WORD.findall(_ascii_lower(name))]
    words = [re.sub(r"['’]s$", "", w) for w in words if w]
    if person:
        while len(words) > 1 and words[0] in TITLES:
            words = words[1:]
        words = [w for w in words if len(w) > 1 and w not in _SUFFIXES] or words
    norm = " ".join(words)
    if not person or not words:
        return NameKey(norm, None, None)
    return NameKey(norm, words[0] if len(words) > 1 else None, words[-1])


def _json_list(values: tuple[str, ...]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def pack_article(article: Article) -> str:
    """The article's JSON text, as stored (readable in any tool)."""
    return json.dumps(article.to_dict(), ensure_ascii=False, separators=(",", ":"))


def unpack_article(stored: str | dict[str, Any]) -> dict[str, Any]:
    """`Article.to_dict()` exactly as it was stored: JSON text, or the dict PostgreSQL's
    json column gives (its keys in the order written)."""
    if isinstance(stored, dict):
        return stored
    result: dict[str, Any] = json.loads(stored)
    return result


FACT_TABLES = (
    "entities",
    "mentions",
    "quotes",
    "events",
    "event_participants",
    "times",
    "quantities",
)
"""The tables of an article's facts, keyed by its number (`article`)."""


def article_rows(article: Article, aid: int) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of every fact table for one article keyed `aid` (the articles row excluded)."""
    rows: dict[str, list[tuple[Any, ...]]] = {k: [] for k in FACT_TABLES}
    for e in article.entities:
        key = name_key(e.name, person=e.type == "PERSON")
        rows["entities"].append(
            (
                aid,
                e.id,
                e.name,
                e.type,
                _json_list(e.titles),
                _json_list(e.roles),
                _json_list(e.affiliations),
                _json_list(e.aliases),
                e.gender,
                key.norm,
                key.first,
                key.surname,
                len(e.mentions),
                e.confidence,
            )
        )
        rows["mentions"].extend(
            (aid, e.id, m.text, m.start, m.end, m.kind, m.confidence) for m in e.mentions
        )
    for q in article.quotes:
        s = q.speaker
        rows["quotes"].append(
            (
                aid,
                q.text,
                q.start,
                q.end,
                q.type,
                s.entity if s else None,
                (s.name or s.text) if s else None,
                s.text if s else None,
                s.description if s else None,
                q.cue.text if q.cue else None,
                q.confidence,
                q.extractor,
            )
        )
    for ev in article.events:
        place = ev.place
        rows["events"].append(
            (
                aid,
                ev.id,
                ev.type,
                ev.trigger.text,
                ev.trigger.start,
                ev.trigger.end,
                ev.status,
                (place.name or place.text) if place else None,
                place.entity if place else None,
                ev.time.value if ev.time else None,
                ev.time.text if ev.time else None,
                ev.confidence,
                ev.extractor,
                (ev.place_in.name or ev.place_in.text) if ev.place_in else None,
            )
        )
        roles = (
            ev.roles if len(ev.roles) == len(ev.participants) else (None,) * len(ev.participants)
        )
        rows["event_participants"].extend(
            (aid, ev.id, p.entity, p.name or p.text, p.text, p.start, p.end, role)
            for p, role in zip(ev.participants, roles, strict=True)
        )
    rows["times"] = [
        (aid, t.text, t.start, t.end, t.type, t.value, t.granularity, t.modifier, t.reason)
        for t in article.times
    ]
    rows["quantities"] = [
        (
            aid,
            q.text,
            q.start,
            q.end,
            q.value,
            q.kind,
            q.unit,
            q.thing,
            q.change.from_ if q.change else None,
            q.change.to if q.change else None,
        )
        for q in article.quantities
    ]
    return rows
