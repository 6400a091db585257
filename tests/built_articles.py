"""Hand-built articles (their text, entities, quotes and events with exact offsets) and a
database of them, shared by the API, web, browser and corpus-layer tests."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newsgraph.link import CORPUS_HOOKS
from newsgraph.model import (
    Article,
    Change,
    Entity,
    Event,
    Mention,
    Quantity,
    Quote,
    Ref,
    Residue,
    Span,
    Speaker,
    TimeExpr,
    TimeRef,
    content_id,
)
from newsgraph.store import Outcome, open_store

with warnings.catch_warnings():  # starlette prefers httpx2 and says so on import
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

__all__ = [  # TestClient: imported here once, its warning silenced, for every test module
    "ARTICLES",
    "DOHA",
    "EVIL",
    "EVIL_IMG",
    "FILLER",
    "HOSTILE",
    "KABUL",
    "TOKEN",
    "TestClient",
    "assert_error",
    "build_article",
    "write_db",
]

TOKEN = "s3cret-token"
EVIL = "<script>alert(1)</script>"
EVIL_IMG = '<img src=x onerror="alert(2)">'


def _find(text: str, part: str, seen: dict[str, int]) -> tuple[int, int]:
    """The next occurrence of `part` (each call for the same words moves on)."""
    start = text.index(part, seen.get(part, 0))
    seen[part] = start + 1
    return start, start + len(part)


def build_article(
    title: str,
    lede: str,
    body: Sequence[str],
    entities: dict[str, tuple[str, list[str]]],
    quotes: Sequence[tuple[str, str | None]] = (),
    events: Sequence[tuple[str, str, list[str], str | None, str | None]] = (),
    times: Sequence[tuple[str, str | None]] = (),
    quantities: Sequence[tuple[str, float, float | None, float | None]] = (),
    roles: dict[str, tuple[str, ...]] | None = None,
    published: str | None = "2020-12-16",
    publisher: str | None = "Example News",
    residue: Sequence[tuple[str, str]] = (("Top Stories", "navigation"),),
) -> Article:
    """An article built by hand with exact spans: entities {name: (type, [mention texts])},
    quotes (text, speaker name), events (type, trigger, participant names, place, time),
    times (text, value), quantities (text, value, from, to)."""
    blocks = [title, lede, *body]
    text = "\n\n".join(blocks)
    seen: dict[str, int] = {}
    ents: list[Entity] = []
    for i, (name, (type_, mentions)) in enumerate(entities.items(), start=1):
        spans = [_find(text, m, seen) for m in mentions]
        ents.append(
            Entity(
                id=f"e{i}",
                name=name,
                type=type_,
                mentions=tuple(Mention(text[s:e], s, e) for s, e in spans),
                roles=(roles or {}).get(name, ()),
            )
        )
    by_name = {e.name: e for e in ents}

    def ref(name: str) -> Ref:
        m = by_name[name].mentions[0]
        return Ref(m.text, m.start, m.end, by_name[name].id, name)

    quote_facts = []
    for words, speaker in quotes:
        s, e = _find(text, words, seen)
        who = None
        if speaker:
            r = ref(speaker)
            who = Speaker(r.text, r.start, r.end, r.entity, r.name)
        quote_facts.append(Quote(words, s, e, "direct", who, extractor="hand/1", confidence=0.9))
    event_facts = []
    for n, (type_, trigger, names, place, time) in enumerate(events):
        s, e = _find(text, trigger, seen)
        event_facts.append(
            Event(
                id=f"v{n}",
                type=type_,
                trigger=Ref(trigger, s, e),
                participants=tuple(ref(x) for x in names),
                place=ref(place) if place else None,
                time=TimeRef(time, trigger, s, e) if time else None,
            )
        )
    time_facts = [TimeExpr(w, *_find(text, w, seen), "DATE", v, "day") for w, v in times]
    qty_facts = [
        Quantity(w, *_find(text, w, seen), value, change=Change(a, b) if a is not None else None)
        for w, value, a, b in quantities
    ]
    pos, paragraphs = 0, []
    for block in blocks:
        paragraphs.append(Span(pos, pos + len(block)))
        pos += len(block) + 2
    return Article(
        id=content_id(text, length=64),
        title=title,
        lede=lede,
        text=text,
        published=published,
        publisher=publisher,
        paragraphs=tuple(paragraphs),
        residue=tuple(Residue(line, why) for line, why in residue),
        entities=tuple(ents),
        quotes=tuple(quote_facts),
        events=tuple(event_facts),
        times=tuple(time_facts),
        quantities=tuple(qty_facts),
    )


DOHA = build_article(
    "Top US general meets with Taliban negotiators",
    "Gen. Mark Milley met with Taliban negotiators in an unannounced visit to Qatar.",
    [
        "Milley met the Taliban in Doha on Tuesday to push for a reduction in violence.",
        '"Everything else hinges on that." Milley told a reporter. Troops fall from '
        "4,500 to 2,500.",
    ],
    {
        "Mark A. Milley": ("PERSON", ["Gen. Mark Milley", "Milley", "Milley"]),
        "Taliban": ("ORG", ["Taliban", "Taliban"]),
        "Qatar": ("GPE", ["Qatar"]),
        "Doha": ("GPE", ["Doha"]),
    },
    quotes=[("Everything else hinges on that.", "Mark A. Milley")],
    events=[("meet", "met the", ["Mark A. Milley", "Taliban"], "Doha", "2020-12-15")],
    times=[("Tuesday", "2020-12-15")],
    quantities=[("from 4,500 to 2,500", 2500, 4500, 2500)],
    roles={"Mark A. Milley": ("Chairman of the Joint Chiefs of Staff",)},
)
KABUL = build_article(
    "Milley meets Afghan president in Kabul",
    "Gen. Mark Milley met President Ashraf Ghani in Kabul a day later.",
    ["Milley traveled to Kabul and met with Ashraf Ghani about the talks."],
    {
        "Mark A. Milley": ("PERSON", ["Gen. Mark Milley", "Milley"]),
        "Ashraf Ghani": ("PERSON", ["Ashraf Ghani", "Ashraf Ghani"]),
        "Kabul": ("GPE", ["Kabul", "Kabul"]),
    },
    events=[
        ("travel", "traveled to", ["Mark A. Milley"], "Kabul", "2020-12-16"),
        ("meet", "met with", ["Mark A. Milley", "Ashraf Ghani"], "Kabul", "2020-12-16"),
    ],
    roles={"Ashraf Ghani": ("President of Afghanistan",)},
    published="2020-12-17",
    publisher="Other Wire",
)
HOSTILE = build_article(
    f"Hackers post {EVIL} on a news site",
    f"The page carried {EVIL_IMG} and more.",
    [f'"Nothing {EVIL} happened," said Mallory Jones of {EVIL_IMG} Labs.'],
    {
        "Mallory Jones": ("PERSON", ["Mallory Jones"]),
        f"{EVIL_IMG} Labs": ("ORG", [f"{EVIL_IMG} Labs"]),
    },
    quotes=[(f"Nothing {EVIL} happened,", "Mallory Jones")],
    events=[("meet", "said", ["Mallory Jones", f"{EVIL_IMG} Labs"], None, None)],
    published="2019-05-01",
    residue=[(EVIL, "navigation")],
)
FILLER = [
    build_article(
        f"Council meeting number {i}",
        f"The council met for session {i} to discuss roads.",
        ["Nothing else happened."],
        {},
        published=f"2020-{1 + i % 11:02d}-{1 + i % 27:02d}",
        publisher="Town Crier" if i % 2 else "Example News",
    )
    for i in range(25)
]
ARTICLES = [DOHA, KABUL, HOSTILE, *FILLER]


def write_db(path: str | Path, articles: Sequence[Article] = ARTICLES) -> str:
    with open_store(path) as store:
        store.write([Outcome(f"in/{a.id[:12]}", article=a) for a in articles], CORPUS_HOOKS)
    return str(path)


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The one error shape, with the expected status (and code)."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "details"}
    assert error["status"] == status and error["message"]
    assert isinstance(error["details"], list)
    if code:
        assert error["code"] == code
    return dict(error)
