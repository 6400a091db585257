"""Article JSON → annotated, escaped HTML: entities by type, quotes with speakers, values.

Every piece of article text goes through `markupsafe.escape`; markup is only ever built
from our own constant strings around escaped values, so `<script>` in an article is text.
Annotations nest (a quote holds mentions, a mention may hold a time); one that crosses the
end of an enclosing one is cut at that end, and each is cut at paragraph boundaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote as urlquote
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from newsgraph.store.rows import name_key

Row = dict[str, Any]

# Outermost first when two annotations start at the same place and end together.
_RANK = {"quote": 0, "entity": 1, "time": 2, "quantity": 3}
_OPENING = "\"“‘'«"
_CLOSING = "\"”’'»"


@dataclass(frozen=True, slots=True)
class Annotation:
    """A span of the text to wrap: `open`/`close` are markup, built with escaped values."""

    start: int
    end: int
    kind: str
    open: Markup
    close: Markup


def entity_key(name: str, type_: str = "PERSON") -> str:
    """The key of an entity's page: its normalised name (titles and initials dropped)."""
    return name_key(name, person=type_ == "PERSON").norm or name.lower()


def http_url(url: str | None) -> str | None:
    """The URL when it is an http(s) one, fit for a link; None for any other (javascript:,
    data:, a relative path …): an article's URL comes from its input, which anyone writes."""
    if not url or urlsplit(url.strip()).scheme.lower() not in ("http", "https"):
        return None
    return url.strip()


def entity_href(name: str, type_: str = "PERSON") -> str:
    """The URL of an entity's page."""
    return "/entities/" + urlquote(entity_key(name, type_), safe="")


def corpus_href(entity_id: str) -> str:
    """The URL of a corpus entity's page."""
    return "/entities/" + urlquote(entity_id, safe="")


def entity_link(e: Row) -> str:
    """The page of an article's entity: its corpus entity's, else the page of its name."""
    corpus = e.get("corpus_entity")
    return corpus_href(str(corpus)) if corpus else entity_href(e["name"], e["type"])


def time_label(t: Row) -> str:
    """What a time expression was taken to mean, for its tooltip."""
    value = t.get("value")
    if value is None:
        return "unresolved" + (f": {t['reason']}" if t.get("reason") else "")
    parts = [str(value)]
    if t.get("modifier"):
        parts.append(str(t["modifier"]))
    if t.get("granularity"):
        parts.append(str(t["granularity"]))
    return " · ".join(parts)


def _number(x: Any) -> str:
    if isinstance(x, float) and x.is_integer():
        return f"{int(x):,}"
    return f"{x:,}" if isinstance(x, (int, float)) else str(x)


def quantity_label(q: Row) -> str:
    """What a quantity was taken to mean, for its tooltip."""
    parts = [] if q.get("value") is None else [_number(q["value"])]
    if q.get("unit"):
        parts.append(str(q["unit"]))
    change = q.get("change") or {}
    if change.get("from") is not None or change.get("to") is not None:
        parts.append(f"(from {_number(change.get('from'))} to {_number(change.get('to'))})")
    if q.get("thing"):
        parts.append(f"— {q['thing']}")
    return " ".join(parts) or "unresolved"


def speaker_name(quote: Row) -> str | None:
    """The speaker as a reader should see it: the entity's name, else the words used."""
    s = quote.get("speaker")
    if not s:
        return None
    name = s.get("name") or s.get("description") or s.get("text")
    return str(name) if name else None


def _annotations(article: Row) -> list[Annotation]:
    out: list[Annotation] = []
    text = article.get("text", "")
    entities = {e["id"]: e for e in article.get("entities", [])}
    for e in article.get("entities", []):
        href = entity_link(e)
        for m in e.get("mentions", []):
            kind = m.get("kind", "name")
            tip = f"{e['name']} · {e['type']}" + ("" if kind == "name" else f" · {kind}")
            out.append(Annotation(
                m["start"], m["end"], "entity",
                Markup('<a class="ent ent-{} m-{}" href="{}" title="{}">').format(
                    e["type"], kind, href, tip
                ),
                Markup("</a>"),
            ))
    for i, q in enumerate(article.get("quotes", [])):
        who = speaker_name(q)
        s = q.get("speaker") or {}
        entity = s.get("entity")
        if who and entity in entities:
            label = Markup('<a class="speaker" href="{}">{}</a>').format(
                entity_link(entities[entity]), who
            )
        else:
            label = Markup('<span class="speaker unknown">{}</span>').format(who or "unattributed")
        start, end = q["start"], q["end"]
        # the marks around the words belong to the quote: the label goes after the closing one
        if start > 0 and text[start - 1] in _OPENING:
            start -= 1
        if end < len(text) and text[end] in _CLOSING:
            end += 1
        out.append(Annotation(
            start, end, "quote",
            Markup('<span class="quote q-{}" id="q-{}" data-speaker="{}" data-n="{}">').format(
                q.get("type", "direct"), q["start"], who or "", i
            ),
            Markup("</span>") + label,
        ))
    for t in article.get("times", []):
        out.append(Annotation(
            t["start"], t["end"], "time",
            Markup('<span class="time" tabindex="0" data-value="{0}" title="{0}">').format(
                time_label(t)
            ),
            Markup("</span>"),
        ))
    for q in article.get("quantities", []):
        out.append(Annotation(
            q["start"], q["end"], "quantity",
            Markup('<span class="qty" tabindex="0" data-value="{0}" title="{0}">').format(
                quantity_label(q)
            ),
            Markup("</span>"),
        ))
    return out


def _nest(text: str, lo: int, hi: int, annotations: list[Annotation]) -> Markup:
    """The text of [lo, hi) with the annotations inside it, well nested."""
    parts: list[Markup] = []
    pos = lo
    stack: list[tuple[int, Markup]] = []

    def close_to(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1][0] <= limit:
            end, close = stack.pop()
            parts.append(escape(text[pos:end]))
            parts.append(close)
            pos = end

    inside = [a for a in annotations if a.start < hi and a.end > lo]
    for a in sorted(inside, key=lambda a: (a.start, -a.end, _RANK[a.kind])):
        start = max(a.start, lo)
        close_to(start)
        end = min(a.end, hi, stack[-1][0] if stack else hi)
        if end <= start:
            continue
        parts.append(escape(text[pos:start]))
        pos = start
        parts.append(a.open)
        # a quote cut here keeps its speaker label only on its last piece
        close = a.close if a.end <= end or a.kind != "quote" else Markup("</span>")
        stack.append((end, close))
    close_to(hi)
    parts.append(escape(text[pos:hi]))
    return Markup("").join(parts)


def paragraphs(article: Row) -> list[tuple[int, int]]:
    """The article's paragraph spans (from the JSON, else split on blank lines)."""
    spans = [(p["start"], p["end"]) for p in article.get("paragraphs") or []]
    if spans:
        return spans
    text, pos = article.get("text", ""), 0
    for block in text.split("\n\n"):
        spans.append((pos, pos + len(block)))
        pos += len(block) + 2
    return spans


def annotated_paragraphs(article: Row) -> list[Markup]:
    """One escaped, annotated HTML fragment per paragraph (title and lede included)."""
    text = article.get("text", "")
    annotations = _annotations(article)
    return [_nest(text, lo, hi, annotations) for lo, hi in paragraphs(article)]


def people(article: Row) -> list[Row]:
    """PERSON entities, most mentioned first, with titles and roles."""
    rows = [e for e in article.get("entities", []) if e["type"] == "PERSON"]
    return sorted(rows, key=lambda e: -len(e.get("mentions", [])))


def others(article: Row) -> list[Row]:
    """Entities other than people, by type then most mentioned."""
    rows = [e for e in article.get("entities", []) if e["type"] != "PERSON"]
    return sorted(rows, key=lambda e: (e["type"], -len(e.get("mentions", []))))


def event_rows(article: Row) -> list[Row]:
    """Events as the side panel shows them: names resolved, time value beside its words."""
    out = []
    for ev in article.get("events", []):
        place = ev.get("place") or {}
        time = ev.get("time") or {}
        out.append({
            "type": ev.get("type"),
            "status": ev.get("status"),
            "trigger": (ev.get("trigger") or {}).get("text", ""),
            "start": (ev.get("trigger") or {}).get("start"),
            "participants": [p.get("name") or p.get("text") for p in ev.get("participants", [])],
            "place": place.get("name") or place.get("text"),
            "time": time.get("value"),
            "time_text": time.get("text"),
            "time_source": time.get("source", "text"),
        })
    return out
